"""One row of a places file checked against the national standard (places/schema/schema.json).

The schema's own rules (required, type, pattern, maxLength) are checked by frictionless, one cell
at a time; value lists by the choices (which a test keeps equal to the schema's lists); the site
adds the lengths its database columns allow and the coordinates' range. Opening hours are checked
with opening-hours-py: the standard declares `horaires` as a plain string with no constraint, so
hours that do not parse are a warning (the place is imported, the raw text is shown), not a
rejection.

Two rules of the site's own guard what the data becomes elsewhere. The exports are opened in
spreadsheets, which run a cell starting with "=", "+", "-", "@", a tab or a carriage return as a
formula (CSV injection): such cells are refused here, at the source, rather than altered on export,
so that the database holds clean data and an export re-imports unchanged. And the standard sets no
pattern on its URL columns (site_web, prise_rdv, fiche_acces_libre are plain strings in v1.0.2),
so "javascript:…" would pass it: they must be http(s) URLs.
"""

import math
from dataclasses import dataclass

import opening_hours
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .choices import VALUE_LISTS
from .fields import PipeListField
from .models import Place
from .records import format_number, model_field_name
from .standard import FREE_MULTI_VALUE_FIELDS, SEPARATOR, cell_readers, field_names, frictionless_fields

# Older files (and the standard's README) join list values with ";": accepted in the value-list
# fields only, never in `horaires`, whose own syntax uses ";", nor in e-mails or web addresses.
SEMICOLON_TOLERANT_FIELDS = frozenset(VALUE_LISTS) | {"typologie"}
MULTI_VALUE_FIELDS = frozenset(VALUE_LISTS) | frozenset(FREE_MULTI_VALUE_FIELDS)
ALLOWED_VALUES = {column: frozenset(choices.values) for column, choices in VALUE_LISTS.items()}
COORDINATE_LIMITS = {"latitude": 90, "longitude": 180}
URL_FIELDS = frozenset({"site_web", "prise_rdv", "fiche_acces_libre"})
_url_validator = URLValidator(schemes=["http", "https"])
# A spreadsheet runs a cell starting with one of these as a formula, whatever follows.
FORMULA_STARTS = ("=", "@", "\t", "\r")
# "+" and "-" start legitimate values too (a phone number, a western longitude): refused only when
# not followed by a digit or a space, or, in free text, when what follows could be a formula
# (a function call, a DDE link "cmd|…!A0", a concatenation, arithmetic). The apostrophe, the
# dash and the semicolon, common in French text, are left out.
SIGN_STARTS = ("+", "-")
FORMULA_CHARACTERS = frozenset('()=!&"|+*/^<>')

RULE_LABELS = {
    "required": "obligatoire",
    "type": "type",
    "pattern": "format",
    "maxLength": "longueur maximale",
    "enum": "liste de valeurs",
    "values": "liste de valeurs",
    "length": "longueur maximale",
    "range": "valeurs possibles",
    "unique": "unicité",
    "hours": "horaires OpenStreetMap",
    "columns": "nombre de colonnes",
    "formula": "formule de tableur",
    "url": "adresse web",
}
TYPE_MESSAGES = {
    "number": "un nombre est attendu (point décimal, par exemple 43.60426)",
    "date": "une date AAAA-MM-JJ est attendue (par exemple 2024-04-02)",
}


@dataclass(frozen=True)
class Issue:
    """A problem found in a file: where, which field, which value, which rule, and why in French."""

    line: int
    field: str
    value: str
    rule: str
    message: str

    def __str__(self):
        where = f"ligne {self.line}" if self.line else "fichier"
        value = self.value if len(self.value) <= 80 else f"{self.value[:77]}…"
        field = f", champ « {self.field} »" if self.field else ""
        shown = f", valeur « {value} »" if self.value else ""
        return f"{where}{field}{shown} : {self.message} (règle : {RULE_LABELS.get(self.rule, self.rule)})"


def normalise(column, text):
    """The canonical text of a cell: trimmed, list values trimmed and joined by "|"."""
    text = (text or "").strip()
    if column in MULTI_VALUE_FIELDS:
        if column in SEMICOLON_TOLERANT_FIELDS:
            text = text.replace(";", SEPARATOR)
        text = SEPARATOR.join(value.strip() for value in text.split(SEPARATOR) if value.strip())
    return text


def _schema_message(rule, field, value):
    constraints = field.constraints
    if rule == "required":
        return "ce champ est obligatoire dans le standard"
    if rule == "type":
        return TYPE_MESSAGES.get(field.type, f"valeur invalide pour le type {field.type}")
    if rule == "pattern":
        return f"la valeur ne respecte pas le format du standard ({constraints['pattern']})"
    if rule == "maxLength":
        return f"{constraints['maxLength']} caractères au plus (ici {len(value)})"
    return f"contrainte « {rule} » du standard non respectée"


def _formula_message(column, value, field):
    """Why a cell would run as a spreadsheet formula, or None when it is safe."""
    if value.startswith(FORMULA_STARTS):
        shown = {"\t": "une tabulation", "\r": "un retour chariot"}.get(value[0], f"« {value[0]} »")
    elif value.startswith(SIGN_STARTS):
        free_text = field.type == "string" and "pattern" not in field.constraints and column not in VALUE_LISTS
        rest = value[1:]
        if rest[:1].isdigit() or rest[:1] == " ":
            if not (free_text and FORMULA_CHARACTERS.intersection(rest)):
                return None
        shown = f"« {value[0]} »"
    else:
        return None
    return (
        f"une cellule commençant par {shown} serait exécutée comme une formule par un tableur : "
        "reformulez le début de la valeur"
    )


def _url_errors(line, column, value):
    """The web addresses of a cell that are not http(s) URLs, as issues."""
    errors = []
    for url in value.split(SEPARATOR) if value else ():
        try:
            _url_validator(url)
        except ValidationError:
            message = (
                "une adresse web commençant par http:// ou https:// est attendue (par exemple https://www.exemple.fr/)"
            )
            errors.append(Issue(line, column, url, "url", message))
    return errors


def validate_row(row, line=0):
    """Check one row (column -> text). Return (record, errors, warnings): the record maps every
    column of the standard to its canonical text, and is to be written only when errors is empty."""
    record, errors, warnings = {}, [], []
    schema_fields, readers = frictionless_fields(), cell_readers()
    for column in field_names():
        value = normalise(column, row.get(column))
        field = schema_fields[column]
        if column in VALUE_LISTS and value:
            allowed = ALLOWED_VALUES[column]
            unknown = [item for item in value.split(SEPARATOR) if item not in allowed]
            for item in unknown:
                errors.append(Issue(line, column, item, "values", "valeur absente de la liste du standard (v1.0.2)"))
            record[column] = value
            continue
        parsed, notes = readers[column](value)
        if notes:
            for rule in notes:
                errors.append(Issue(line, column, value, rule, _schema_message(rule, field, value)))
            record[column] = value
            continue
        if column in COORDINATE_LIMITS and parsed is not None:
            limit = COORDINATE_LIMITS[column]
            number = float(parsed)
            if not math.isfinite(number) or abs(number) > limit:
                errors.append(Issue(line, column, value, "range", f"doit être comprise entre -{limit} et {limit}"))
            value = format_number(number)
        elif field.type == "date" and parsed is not None:
            value = parsed.isoformat()
        model_field = Place._meta.get_field(model_field_name(column))
        max_length = None if isinstance(model_field, PipeListField) else model_field.max_length
        if max_length and len(value) > max_length:
            errors.append(
                Issue(line, column, value, "length", f"{max_length} caractères au plus sur ce site (ici {len(value)})")
            )
        if column in URL_FIELDS:
            errors.extend(_url_errors(line, column, value))
        formula = _formula_message(column, value, field)
        if formula:
            errors.append(Issue(line, column, value, "formula", formula))
        if column == "horaires" and value and not opening_hours.validate(value):
            warnings.append(
                Issue(
                    line,
                    column,
                    value,
                    "hours",
                    "horaires illisibles selon la syntaxe OpenStreetMap : le lieu est importé, "
                    "le texte sera affiché tel quel",
                )
            )
        record[column] = value
    return record, errors, warnings
