"""The public forms: each checks its data with French messages before anything is stored; the
place forms apply the national standard's rules (places.validation) as imports do."""

import copy
import re

import opening_hours
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from core.forms import read_only_fields
from places import choices, hours
from places.records import model_field_name, to_standard
from places.validation import validate_row

from .choices import Kind
from .spam import GuardedForm

NAME_MAX, EMAIL_MAX, TEXT_MAX, MESSAGE_MAX = 200, 254, 255, 5000
EMAIL_ERROR = "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."
DAYS = [
    ("Mo", "lundi"),
    ("Tu", "mardi"),
    ("We", "mercredi"),
    ("Th", "jeudi"),
    ("Fr", "vendredi"),
    ("Sa", "samedi"),
    ("Su", "dimanche"),
]
# « 9h-12h », « 9:00-12:30 », and the site's own wording « 9 h à 12 h 30 ».
TIME_RANGE = re.compile(r"^([01]?\d|2[0-3])\s*[:h]\s*([0-5]\d)?\s*(?:-|à|a)\s*([01]?\d|2[0-4])\s*[:h]\s*([0-5]\d)?$")
# Where the site writes a proposal accepted into the directory (the place's « source »).
PROPOSAL_SOURCE = "RhinOcc (formulaire du site)"
# The standard's `pivot` (required, 9 to 14 letters or digits): a SIRET, or an RNA number for an
# association without SIRET; the visitor may leave it empty, the team looks it up before accepting.
RNA = re.compile(r"W\d{9}")
PIVOT_HELP = (
    "Facultatif : le SIRET de la structure (14 chiffres, sur ses factures ou sur annuaire-entreprises.data.gouv.fr) "
    "ou, pour une association sans SIRET, son numéro RNA (W suivi de 9 chiffres). Sinon, nous le chercherons."
)
HOURS_EXAMPLE = "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00"
HOURS_FORMAT = (
    "horaires illisibles : écrivez-les au format des horaires OpenStreetMap, par exemple "
    f"« {HOURS_EXAMPLE} » (Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche)"
)
HOURS_ERROR = f"H{HOURS_FORMAT[1:]}, ou décrivez-les dans le commentaire."
# The standard's messages cite its regular expressions: what a person reads instead, per column.
PLAIN_FORMATS = {
    "code_postal": "le code postal s'écrit avec 5 chiffres, par exemple 31000",
    "telephone": "numéro de téléphone non reconnu : écrivez-le par exemple 05 61 00 00 00",
    "pivot": "SIRET (14 chiffres) ou numéro RNA (W suivi de 9 chiffres) attendu",
    "horaires": HOURS_FORMAT,
}
PLAIN_REQUIRED = {
    "pivot": "le SIRET ou le numéro RNA de la structure est obligatoire pour publier le lieu "
    "(cherchez-le sur annuaire-entreprises.data.gouv.fr)",
}


def plain_message(issue):
    """The French message of a standard's issue (places.validation.Issue) for a person, without regex."""
    if issue.rule == "pattern" and issue.field in PLAIN_FORMATS:
        return PLAIN_FORMATS[issue.field]
    if issue.rule == "required" and issue.field in PLAIN_REQUIRED:
        return PLAIN_REQUIRED[issue.field]
    if issue.rule == "hours":
        return PLAIN_FORMATS["horaires"]
    return issue.message


def sentence(text):
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# A line break or another control character has no place in a one-line field (a name, a commune):
# it would also end up in e-mail subjects and in the directory. Nor have the invisible characters
# that break or turn a line on display (separators, bidirectional overrides: « Admin\u202egnp.exe »).
ONE_LINE = RegexValidator(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]",
    inverse_match=True,
    message="Écrivez ce champ sur une seule ligne, sans caractère spécial.",
)


def _text(label, max_length=TEXT_MAX, required=True, autocomplete=None, attrs=None, **kwargs):
    attrs = dict(attrs or {})
    if autocomplete:  # WCAG 1.3.5: the browser may fill in what it knows of the visitor
        attrs["autocomplete"] = autocomplete
    if attrs:
        kwargs["widget"] = (forms.TelInput if attrs.pop("type", None) == "tel" else forms.TextInput)(attrs=attrs)
    widget = kwargs.get("widget")
    multiline = isinstance(widget, forms.Textarea) or widget is forms.Textarea
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[] if multiline else [ONE_LINE],
        error_messages={
            "required": f"Indiquez {kwargs.pop('what', 'ce champ')}.",
            "max_length": f"{max_length} caractères au plus, merci de raccourcir.",
        },
        **kwargs,
    )


def _email(label, required=True, autocomplete=None, max_length=EMAIL_MAX, **kwargs):
    return forms.EmailField(
        label=label,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete} if autocomplete else {}),
        max_length=max_length,
        required=required,
        **kwargs,
        error_messages={
            "required": "Indiquez votre adresse e-mail.",
            "invalid": EMAIL_ERROR,
            "max_length": EMAIL_ERROR,
        },
    )


def _checkboxes(label, value_list, required_message=None):
    """Boxes to tick among a list of the standard; at least one when `required_message` says so."""
    error_messages = {"invalid_choice": "Choisissez parmi les cases proposées."}
    if required_message:
        error_messages["required"] = required_message
    return forms.MultipleChoiceField(
        label=label,
        choices=value_list.choices,
        required=bool(required_message),
        widget=forms.CheckboxSelectMultiple,
        error_messages=error_messages,
    )


def normalise_phone(value):
    """A French phone number in the standard's international form: "05 61 00 00 00" -> "+33561000000"."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if re.fullmatch(r"0\d{9}", digits):
        return "+33" + digits[1:]
    if digits.startswith("0033"):
        return "+" + digits[2:]
    return digits


def normalise_siret(value):
    return re.sub(r"\s", "", value or "")


def _luhn_ok(number):
    total = 0
    for index, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def day_hours(text):
    """One day's hours typed by a person ("9h-12h, 14h-18h30") in opening_hours form
    ("09:00-12:00,14:00-18:30"); "" for a closed day. ValueError when unreadable."""
    text = (text or "").strip().lower()
    if not text or text in {"fermé", "ferme"}:
        return ""
    ranges = []
    for part in re.split(r"\s*(?:,|;|\bet\b)\s*", text):
        match = TIME_RANGE.match(part.strip())
        if not match:
            raise ValueError(part)
        start_h, start_m, end_h, end_m = match.groups()
        if (int(end_h), int(end_m or 0)) <= (int(start_h), int(start_m or 0)):
            raise ValueError(part)  # « 12h-9h »: a day's opening ends after it starts
        ranges.append(f"{int(start_h):02d}:{start_m or '00'}-{int(end_h):02d}:{end_m or '00'}")
    return ",".join(ranges)


def _shown(column, value):
    """What a place holds, as its page says it: opening hours in plain French when they can be read."""
    if column == "horaires" and value:
        lines = hours.describe(value)
        if lines:
            return " ; ".join(lines)
    return value


def opening_hours_text(days):
    """The week in opening_hours syntax from {"Mo": "09:00-12:00", ...}, days with the same hours
    grouped: "Mo-Fr 09:00-12:00; Sa 10:00-12:00"."""
    rules, index = [], 0
    codes = [code for code, _ in DAYS]
    while index < len(codes):
        day = days.get(codes[index], "")
        end = index
        while end + 1 < len(codes) and days.get(codes[end + 1], "") == day:
            end += 1
        if day:
            span = codes[index] if end == index else f"{codes[index]}{',' if end == index + 1 else '-'}{codes[end]}"
            rules.append(f"{span} {day}")
        index = end + 1
    return "; ".join(rules)


@read_only_fields
class ContactForm(GuardedForm):
    name = _text("Nom et prénom", NAME_MAX, what="votre nom", autocomplete="name")
    email = _email("Adresse e-mail", autocomplete="email")
    organisation = _text("Structure (facultatif)", NAME_MAX, required=False, autocomplete="organization")
    subject = forms.ChoiceField(
        label="Objet",
        error_messages={
            "required": "Choisissez l'objet de votre message.",
            "invalid_choice": "Choisissez un objet dans la liste.",
        },
    )
    message = _text("Message", MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 8}), what="votre message")
    copy = forms.BooleanField(label="Recevoir une copie de mon message par e-mail", required=False)

    link_limited_fields = ("message",)

    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The one field this form changes: its own copy (the others are shared, read_only_fields).
        self.fields["subject"] = subject = copy.deepcopy(self.fields["subject"])
        subject.choices = [("", "Choisissez un objet")] + [(label, label) for label in subjects]

    def submission_values(self):
        """The fields of the Submission to store."""
        data = self.cleaned_data
        return dict(
            kind=Kind.CONTACT,
            name=data["name"],
            email=data["email"],
            summary=data["subject"],
            payload={key: data[key] for key in ("organisation", "subject", "message", "copy")},
        )


class StandardRowMixin:
    """Check the place columns of a form with the standard's rules, errors put on their fields."""

    def check_row(self, row, columns):
        _, errors, _ = validate_row(row)
        for error in errors:
            name = model_field_name(error.field)
            if error.field in columns and name in self.fields and name not in self.errors:
                self.add_error(name, sentence(plain_message(error)))

    def clean_telephone(self):
        return normalise_phone(self.cleaned_data.get("telephone"))


class ProposalForm(StandardRowMixin, GuardedForm):
    nom = _text("Nom du lieu", what="le nom du lieu")
    pivot = _text(
        "SIRET ou numéro RNA de la structure (facultatif)",
        20,
        required=False,
        help_text=PIVOT_HELP,
        attrs={"inputmode": "numeric"},
    )
    adresse = _text("Adresse", what="l'adresse du lieu")
    complement_adresse = _text("Complément d'adresse (facultatif)", required=False)
    code_postal = _text("Code postal", 5, what="le code postal", attrs={"inputmode": "numeric"})
    commune = _text("Commune", what="la commune")
    telephone = _text("Téléphone (facultatif)", 20, required=False, attrs={"type": "tel"})
    courriels = _email("Adresse e-mail du lieu (facultatif)", required=False)
    site_web = forms.URLField(
        label="Site web (facultatif)",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Saisissez une adresse web, par exemple https://www.exemple.fr/."},
    )
    services = _checkboxes("Services proposés", choices.Service, "Cochez au moins un service proposé.")
    publics_specifiquement_adresses = _checkboxes("Publics accueillis en particulier (facultatif)", choices.Public)
    frais_a_charge = _checkboxes("Frais pour le public (facultatif)", choices.Frais)
    modalites_acces = _checkboxes("Comment venir (facultatif)", choices.ModaliteAcces)
    modalites_accompagnement = _checkboxes("Accompagnement (facultatif)", choices.ModaliteAccompagnement)
    prise_en_charge_specifique = _checkboxes("Accueil spécifique (facultatif)", choices.PriseEnCharge)
    presentation_resume = _text(
        "Présentation en quelques lignes (facultatif)", 280, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    name = _text("Votre nom et prénom", NAME_MAX, what="votre nom", autocomplete="name")
    email = _email("Votre adresse e-mail", autocomplete="email")
    role = _text("Votre lien avec ce lieu (facultatif)", NAME_MAX, required=False)

    link_limited_fields = ("presentation_resume",)
    place_columns = (
        "nom",
        "pivot",
        "adresse",
        "complement_adresse",
        "code_postal",
        "commune",
        "telephone",
        "courriels",
        "site_web",
        "horaires",
        "services",
        "publics_specifiquement_adresses",
        "frais_a_charge",
        "modalites_acces",
        "modalites_accompagnement",
        "prise_en_charge_specifique",
        "presentation_resume",
    )

    @property
    def day_fields(self):
        return [self[f"horaires_{code}"] for code, _ in DAYS]

    @property
    def main_fields(self):
        return [self[name] for name in ("nom", "pivot", "adresse", "complement_adresse", "code_postal", "commune")]

    @property
    def contact_fields(self):
        return [self[name] for name in ("telephone", "courriels", "site_web")]

    @property
    def choice_fields(self):
        return [self[name] for name in self.place_columns[10:16]]

    @property
    def proposer_fields(self):
        return [self[name] for name in ("name", "email", "role")]

    def clean_pivot(self):
        siret = normalise_siret(self.cleaned_data.get("pivot")).upper()
        if not siret or RNA.fullmatch(siret):
            return siret
        if not re.fullmatch(r"\d{14}", siret):
            raise forms.ValidationError(
                "Saisissez le SIRET à 14 chiffres de la structure (il figure sur ses factures) "
                "ou, pour une association sans SIRET, son numéro RNA : W suivi de 9 chiffres, par exemple W313000000."
            )
        if not (_luhn_ok(siret) or siret.startswith("356000000")):
            raise forms.ValidationError(
                "Ce numéro n'est pas un SIRET valide : vérifiez les 14 chiffres (une erreur de frappe, sans doute)."
            )
        return siret

    def clean(self):
        cleaned_data = super().clean()
        days = {}
        for code, day in DAYS:
            name = f"horaires_{code}"
            try:
                days[code] = day_hours(cleaned_data.get(name))
            except ValueError:
                self.add_error(name, f"Horaires du {day} illisibles : écrivez par exemple 9h-12h, 14h-17h30.")
        hours = opening_hours_text(days)
        if hours and not any(f"horaires_{code}" in self.errors for code, _ in DAYS):
            if not opening_hours.validate(hours):
                self.add_error("horaires_Mo", "Ces horaires ne forment pas une semaine valide : vérifiez les heures.")
        cleaned_data["horaires"] = hours
        # The pivot may be left empty here: the team fills it in before accepting.
        columns = [c for c in self.place_columns if c != "pivot" or cleaned_data.get("pivot")]
        self.check_row(self.record(), columns)
        return cleaned_data

    def record(self):
        """The proposed place in the standard's text form (column -> text)."""
        data = self.cleaned_data
        row = {"id": "proposition", "date_maj": timezone.localdate().isoformat(), "source": PROPOSAL_SOURCE}
        for column in self.place_columns:
            value = data.get(column)
            row[column] = "|".join(value) if isinstance(value, list) else (value or "")
        return row

    def submission_values(self):
        data = self.cleaned_data
        row = self.record()
        del row["id"], row["date_maj"]
        return dict(
            kind=Kind.PROPOSAL,
            name=data["name"],
            email=data["email"],
            summary=f"{data['nom']} ({data['commune']})",
            payload={
                "place": row,
                "role": data["role"],
                "days": {code: data.get(f"horaires_{code}") for code, _ in DAYS},
            },
        )


# Each day's hours, after the form's other fields; then the fields shared by every form.
for _code, _day in DAYS:
    ProposalForm.base_fields[f"horaires_{_code}"] = _text(
        _day.capitalize(), 60, required=False, help_text="Par exemple 9h-12h, 14h-17h30 ; vide si fermé."
    )
read_only_fields(ProposalForm)

# What a visitor may correct field by field; anything else goes in the comment.
CORRECTABLE = {
    "nom": "Nom du lieu",
    "adresse": "Adresse",
    "complement_adresse": "Complément d'adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "telephone": "Téléphone",
    "courriels": "Adresse e-mail du lieu",
    "site_web": "Site web",
    "horaires": "Horaires d'ouverture",
    "prise_rdv": "Prise de rendez-vous en ligne",
    "presentation_resume": "Présentation",
}


CORRECTION_ATTRS = {"code_postal": {"inputmode": "numeric"}, "telephone": {"type": "tel"}}


def _correction_field(column, label):
    if column == "courriels":
        return _email(label, required=False, max_length=500)
    return _text(
        label, 500 if column != "presentation_resume" else 280, required=False, attrs=CORRECTION_ATTRS.get(column)
    )


_CORRECTION_FIELDS = {column: _correction_field(column, label) for column, label in CORRECTABLE.items()}


@read_only_fields
class CorrectionForm(StandardRowMixin, GuardedForm):
    closed = forms.BooleanField(label="Ce lieu n'existe plus (ou n'accueille plus de public)", required=False)
    comment = _text(
        "Autre chose à nous dire (facultatif)", 2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    name = _text("Votre nom et prénom", NAME_MAX, what="votre nom", autocomplete="name")
    email = _email("Votre adresse e-mail", autocomplete="email")

    link_limited_fields = ("comment", "presentation_resume")

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        current = to_standard(place)
        for column in CORRECTABLE:
            help_text = f"Aujourd'hui : {_shown(column, current[column]) or 'non renseigné'}"
            if column == "horaires":
                help_text += f". Nouvelles horaires au format OpenStreetMap, par exemple « {HOURS_EXAMPLE} »"
            # Only the help text is the place's: the field is a copy of one built once.
            self.fields[column] = field = copy.copy(_CORRECTION_FIELDS[column])
            field.help_text = help_text
        self.order_fields([*CORRECTABLE, "closed", "comment", "name", "email"])

    @property
    def correction_fields(self):
        return [self[name] for name in CORRECTABLE]

    def clean_horaires(self):
        value = (self.cleaned_data.get("horaires") or "").strip()
        if value and not opening_hours.validate(value):
            raise forms.ValidationError(HOURS_ERROR)
        return value

    def clean(self):
        cleaned_data = super().clean()
        changes = self.changes()
        if not changes and not cleaned_data.get("closed") and not cleaned_data.get("comment"):
            raise forms.ValidationError(
                "Indiquez au moins une valeur correcte, cochez « Ce lieu n'existe plus » "
                "ou écrivez-nous un commentaire."
            )
        row = to_standard(self.place)
        row.update(changes)
        self.check_row(row, changes)
        return cleaned_data

    def changes(self):
        data = self.cleaned_data
        return {column: data[column].strip() for column in CORRECTABLE if (data.get(column) or "").strip()}

    def submission_values(self):
        data = self.cleaned_data
        return dict(
            kind=Kind.CORRECTION,
            name=data["name"],
            email=data["email"],
            place=self.place,
            summary=str(self.place)[:300],
            payload={"changes": self.changes(), "closed": data["closed"], "comment": data["comment"]},
        )
