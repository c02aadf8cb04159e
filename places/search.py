"""Finding places by words: a commune, a postcode, a département (name or code) or a place's name.

Accents, case, hyphens and apostrophes are ignored on both sides (« beziers » finds Béziers,
« saint jean » finds Saint-Jean-de-Védas), in SQL, without a PostgreSQL extension (unaccent) or a
column of our own that every import would have to keep up to date. The site search matches the same
way in Python, on each process's folded copy of the places (below).
"""

import functools
import re
import unicodedata

from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Lower, Replace

from core.cache import request_generation
from core.fragments import enabled, local_store

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


# --- The site search's places, matched in Python -------------------------------------------------
# On PostgreSQL the folding above costs about 7 µs a row (TRANSLATE of a multibyte map): 40 ms for
# 5,000 places at each search, whatever the planner does (a rare word reads every row). The site
# search's few places are found instead in each process's folded copy of every place's searched
# columns, read once per content generation (which every change of a place renews), in the list's
# order; the directory's own filter keeps the SQL above (it pages and counts in the database).
_FOLDED_PLACES = local_store()


def folded_places(request):
    """Every place as (pk, folded name, folded commune, département, postcode, INSEE code), in the
    list's order (commune, name, pk, as the database sorts them); None when nothing is kept (no
    request, fragments off, a preview): the caller then asks the database."""
    if not enabled(request):
        return None
    generation = request_generation(request)
    rows = _FOLDED_PLACES.get(generation)
    if rows is None:
        from .models import Place  # the models import this module

        columns = ("pk", "nom", "commune", "departement", "code_postal", "code_insee")
        read = Place.objects.order_by("commune", "nom", "pk").values_list(*columns)
        rows = tuple((pk, fold(nom), fold(commune), dept, cp, insee) for pk, nom, commune, dept, cp, insee in read)
        _FOLDED_PLACES.clear()  # one generation at a time
        _FOLDED_PLACES[generation] = rows
    return rows


def _row_test(term, names):
    """What _term_q asks of the database, as a test of one row of folded_places()."""
    if _DIGITS.fullmatch(term):
        departement = term if term in OCCITANIE_DEPARTEMENTS else None

        def test(row):
            if (names and row[1] and term in row[1]) or (departement and row[3] == departement):
                return True
            if len(term) == 5:
                return term in (row[4], row[5])
            return len(term) > 1 and bool(row[4]) and row[4].startswith(term)

        return test
    named = frozenset(_departements_named(term))

    def test(row):
        return bool((names and row[1] and term in row[1]) or (row[2] and term in row[2]) or row[3] in named)

    return test


def matching_ids(rows, text, names=True, limit=None):
    """The pks of the rows of folded_places() that `matching` would find, in the same order (the
    first `limit` of them)."""
    tests = [_row_test(term, names) for term in search_terms(text)]
    found = []
    for row in rows:
        if all(test(row) for test in tests):
            found.append(row[0])
            if limit is not None and len(found) >= limit:
                break
    return found
