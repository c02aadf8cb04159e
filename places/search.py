"""Finding places by words: a commune, a postcode, a département (name or code) or a place's name.

Accents, case, hyphens and apostrophes are ignored on both sides (« beziers » finds Béziers,
« saint jean » finds Saint-Jean-de-Védas), in SQL, without a PostgreSQL extension (unaccent) or a
column of our own that every import would have to keep up to date.
"""

import functools
import re
import unicodedata

from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Lower, Replace

from .choices import OCCITANIE_DEPARTEMENTS

MAX_TERMS = 5
# PostgreSQL folds with TRANSLATE (one character for one); SQLite calls fold() below, registered as
# a SQL function on each connection (places/apps.py): one pass either way, whatever the accents.
_ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ-'’"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyy   "
_DIGITS = re.compile(r"[0-9]+")
SQLITE_FUNCTION = "places_fold"


def _fold_slowly(text):
    """fold() of any text: Unicode decomposition, then the accents dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.replace("œ", "oe").replace("æ", "ae")


# The Latin letters of French and its neighbours, each with what _fold_slowly makes of it, and the
# hyphens and apostrophes as spaces: one pass of str.translate for nearly every name.
_FOLD_TABLE = {code: _fold_slowly(chr(code)) for code in range(0xC0, 0x250) if chr(code).lower() == chr(code)}
_FOLD_TABLE = str.maketrans({**_FOLD_TABLE, "-": " ", "'": " ", "’": " "})


@functools.lru_cache(maxsize=8192)
def fold(text):
    """Lowercase ASCII letters, spaces for hyphens and apostrophes: how both sides are compared.
    SQLite calls it for each row a search reads (places/apps.py), and names repeat (communes): kept."""
    if text is None:
        return None
    text = text.lower().translate(_FOLD_TABLE)
    if not text.isascii():
        text = _fold_slowly(text).translate(_FOLD_TABLE)
    return " ".join(text.split())


class Folded(Func):
    """A column folded the way fold() folds a text."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION.upper(), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        (expression,) = self.get_source_expressions()
        translated = Func(Lower(expression), Value(_ACCENTED), Value(_PLAIN), function="TRANSLATE")
        folded = Replace(Replace(translated, Value("œ"), Value("oe")), Value("æ"), Value("ae"))
        return compiler.compile(folded)


def folded(field_name):
    return Folded(F(field_name))


def _departements_named(term):
    return [code for code, name in OCCITANIE_DEPARTEMENTS.items() if term in fold(name)]


def _term_q(term, names):
    condition = Q(nom_folded__contains=term) if names else Q(pk__in=[])
    if _DIGITS.fullmatch(term):
        if term in OCCITANIE_DEPARTEMENTS:
            condition |= Q(departement=term)
        if len(term) == 5:
            return condition | Q(code_postal=term) | Q(code_insee=term)
        # One digit says nothing of a postcode (« Espace 3 »).
        return condition | Q(code_postal__startswith=term) if len(term) > 1 else condition
    condition |= Q(commune_folded__contains=term)
    departements = _departements_named(term)
    if departements:
        condition |= Q(departement__in=departements)
    return condition


def search_terms(text):
    """The folded words of `text` that a search uses; one letter (« à », « l ») would match nearly
    every commune."""
    return [term for term in fold(text).split() if len(term) > 1 or term.isdigit()][:MAX_TERMS]


def matching(queryset, text, names=True):
    """The places of `queryset` whose commune, postcode, département (or name, when `names`) match
    every word of `text` (at most MAX_TERMS words)."""
    terms = search_terms(text)
    if not terms:
        return queryset
    queryset = queryset.alias(commune_folded=folded("commune"))
    if names:
        queryset = queryset.alias(nom_folded=folded("nom"))
    for term in terms:
        queryset = queryset.filter(_term_q(term, names))
    return queryset
