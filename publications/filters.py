"""The publications index's filters: plain GET parameters (?categorie=, ?etiquette=, ?annee=), so that
every link works without JavaScript and filters combine.

A malformed value is the visitor's error (400), a well-formed value that names nothing is a 404, a
valid filter with no match is an empty list; the page number is the paginator's (core.pagination).
"""

import re
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.errors import InvalidRequest, NotFound
from core.fragments import shared
from core.text import shorten

from .choices import Category

# The code of a field error that is a 404 (a well-formed value naming nothing); any other is a 400.
NOT_FOUND = "not_found"
TAG_SLUG = re.compile(r"[-\w]{1,100}")
YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: \d would take Arabic-Indic digits
# What a screen reader adds to each "Toutes" link, which would otherwise share one name for three targets.
ALL_HIDDEN_LABELS = {"categorie": "les catégories", "annee": "les années", "etiquette": "les étiquettes"}


# Plain functions rather than form fields: no stripping ("2021\n" is not a year), no English message
# for a NUL character, and no form deep-copied at each request. fullmatch: "^...$" would let a
# trailing newline through.
def clean_category(value):
    if not value:
        return None
    if value not in Category.values:
        raise ValidationError(f"La catégorie « {shorten(value)} » n'existe pas.", code=NOT_FOUND)
    return Category(value)


def clean_year(value):
    if not value:
        return None
    if not YEAR.fullmatch(value):
        raise ValidationError("L'année doit s'écrire avec quatre chiffres, par exemple ?annee=2021.")
    year = int(value)
    if year < 1:  # out of Python's date range: the date filter would fail
        raise ValidationError("L'année doit être comprise entre 0001 et 9999, par exemple ?annee=2021.")
    return year


def clean_tag(value, tags):
    """A tag slug, among `tags` (by slug: those of the publications the visitor may see, no other is
    named)."""
    if not value:
        return None
    if not TAG_SLUG.fullmatch(value):
        raise ValidationError("Cette étiquette n'est pas valide : seuls les lettres, chiffres et tirets sont permis.")
    if value not in tags:
        raise ValidationError(f"Aucune publication ne porte l'étiquette « {shorten(value)} ».", code=NOT_FOUND)
    return tags[value]


class PublicationFilter:
    """The filters of `publications()` (the publications the visitor may see) read from the query
    string (`data`); the tags and years offered are those of `publications()` (two queries, kept with
    the content generation per privacy audience when `scope` names what it holds: core/fragments.py).
    `publications` is a function, called only when the list or the options are read: the index page
    keeps both."""

    def __init__(self, data, publications, *, request, scope=None):
        self.data = data
        self.publications = publications
        self.request = request

        def options():
            queryset = publications()
            return list(queryset.tags()), queryset.years()

        if scope is None:
            self.tags, self.years = options()
        else:
            self.tags, self.years = shared(request, "publications.filter_options", options, scope, per_audience=True)
        tags = {tag.slug: tag for tag in self.tags}
        # In the order errors are reported in.
        cleaners = {"categorie": clean_category, "annee": clean_year, "etiquette": lambda value: clean_tag(value, tags)}
        self.cleaned_data = {}
        self.errors = []
        for name, clean in cleaners.items():
            try:
                self.cleaned_data[name] = clean(data.get(name))
            except ValidationError as error:
                self.cleaned_data[name] = None
                self.errors.append(error)
        # The valid filters, in the request's order: links keep them and nothing else (neither the
        # page number nor a parameter the page does not read).
        self.params = QueryDict(mutable=True)
        for name in data:
            if self.cleaned_data.get(name) is not None:
                self.params[name] = data[name]

    def check(self):
        """Raise the first invalid filter's French message: NotFound (404) or InvalidRequest (400)."""
        for error in self.errors:
            raise (NotFound if error.code == NOT_FOUND else InvalidRequest)(error.messages[0])

    @property
    def qs(self):
        """The publications the filters let through (after check())."""
        publications = self.publications()
        cleaned = self.cleaned_data
        if cleaned["categorie"]:
            publications = publications.filter(category=cleaned["categorie"])
        if cleaned["annee"]:
            publications = publications.filter(date__year=cleaned["annee"])
        if cleaned["etiquette"]:
            publications = publications.filter(tagged_items__tag=cleaned["etiquette"])
        return publications

    def _options(self, name, choices, index_url):
        """One filter's links: "all" first, then one per (value, label), the current one marked. Each
        link's `url`: the current filters (params, validated) with this one changed, as
        {% querystring %} would write it; none left: the index's own URL."""
        current = self.params.get(name)
        kept = [(key, value) for key, value in self.params.items() if key != name]
        position = list(self.params).index(name) if name in self.params else len(kept)

        def url(value):
            params = kept if value is None else [*kept[:position], (name, value), *kept[position:]]
            return f"?{urlencode(params)}" if params else index_url

        options = [
            {"label": "Toutes", "hidden_label": ALL_HIDDEN_LABELS[name], "current": not current, "url": url(None)}
        ]
        for value, label in choices:
            options.append({"label": label, "current": value == current, "url": url(value)})
        return options

    def groups(self, index_url):
        """The filters' links, by group (the categories always; the years and the tags when there is
        one, "Toutes" aside); `index_url`: where a link that keeps no filter leads."""
        groups = [
            ("Catégorie", self._options("categorie", Category.choices, index_url)),
            ("Année", self._options("annee", [(f"{year:04d}", f"{year:04d}") for year in self.years], index_url)),
            ("Étiquette", self._options("etiquette", [(tag.slug, tag.name) for tag in self.tags], index_url)),
        ]
        return [
            {"title": title, "options": options}
            for title, options in groups
            if title == "Catégorie" or len(options) > 1
        ]

    def context(self, index_url):
        """What the index template shows of the filters (after check()): the current ones, and their
        links (`filter_nav`, HTML), a list of choices kept per privacy audience (which tags and years
        show) and per filters with the content generation."""
        cleaned = self.cleaned_data

        def nav():
            context = {"filter_groups": self.groups(index_url)}
            return render_to_string("publications/includes/filter_nav.html", context)

        key = (index_url, self.params.urlencode())
        return {
            "params": self.params,
            "current_category": cleaned["categorie"],
            "current_tag": cleaned["etiquette"],
            "current_year": cleaned["annee"],
            "is_filtered": any(cleaned.values()),
            "filter_nav": mark_safe(shared(self.request, "publications.filter_nav", nav, *key, per_audience=True)),
        }
