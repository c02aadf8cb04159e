"""The publications index: filters read from the query string, checked, combined and paginated.

Filters are plain GET parameters (?categorie=, ?etiquette=, ?annee=) so that every link works
without JavaScript and filters combine. A malformed value is the visitor's error (400), a
well-formed value that names nothing is a 404, a valid filter with no match is an empty list.
"""

import re

from taggit.models import Tag

from core.errors import InvalidRequest, NotFound
from core.pagination import paginate, querystring_without_page
from core.privacy import privacy
from core.text import shorten

from .models import TAG_ORDER, Category, PublicationPage

PER_PAGE = 10
FILTER_PARAMETERS = ("categorie", "etiquette", "annee")
TAG_SLUG = re.compile(r"^[-\w]{1,100}$")
YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: \d would take Arabic-Indic digits


def _category(raw):
    if not raw:
        return None
    if raw not in Category.values:
        raise NotFound(f"La catégorie « {shorten(raw)} » n'existe pas.")
    return Category(raw)


def _year(raw):
    if not raw:
        return None
    # fullmatch: "^...$" would let a trailing newline through.
    if not YEAR.fullmatch(raw):
        raise InvalidRequest("L'année doit s'écrire avec quatre chiffres, par exemple ?annee=2021.")
    year = int(raw)
    if year < 1:  # out of Python's date range: the date filter would fail
        raise InvalidRequest("L'année doit être comprise entre 0001 et 9999, par exemple ?annee=2021.")
    return year


def _tag(raw, visible_tags):
    if not raw:
        return None
    if not TAG_SLUG.match(raw):
        raise InvalidRequest("Cette étiquette n'est pas valide : seuls les lettres, chiffres et tirets sont permis.")
    for tag in visible_tags:
        if tag.slug == raw:
            return tag
    raise NotFound(f"Aucune publication ne porte l'étiquette « {shorten(raw)} ».")


def _link(request, name, value):
    """The current listing's link with one filter set (or removed when value is None), page reset."""
    params = request.GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path


# What a screen reader adds to each "Toutes" link, which would otherwise share one name for three targets.
ALL_HIDDEN_LABELS = {"categorie": "les catégories", "annee": "les années", "etiquette": "les étiquettes"}


def _options(request, name, current, choices):
    """Links for one filter: "all" first, then one per choice, the current one marked."""
    options = [
        {
            "label": "Toutes",
            "hidden_label": ALL_HIDDEN_LABELS[name],
            "url": _link(request, name, None),
            "current": current is None,
        }
    ]
    for value, label in choices:
        options.append({"label": label, "url": _link(request, name, str(value)), "current": current == value})
    return options


def publication_listing(index, request):
    """The template context of the index page for this request (raises 400/404 on bad filters)."""
    rules = privacy(request)  # also serves the menu and footer of this page
    visible = PublicationPage.objects.descendant_of(index).visible_to(request)

    tagged_ids = visible.values("pk")
    visible_tags = list(
        Tag.objects.filter(publications_publicationpagetag_items__content_object__in=tagged_ids)
        .distinct()
        .order_by(*TAG_ORDER)
    )
    years = [day.year for day in visible.exclude(date=None).dates("date", "year", order="DESC")]

    category = _category(request.GET.get("categorie", ""))
    year = _year(request.GET.get("annee", ""))
    tag = _tag(request.GET.get("etiquette", ""), visible_tags)

    publications = visible
    if category is not None:
        publications = publications.filter(category=category)
    if tag is not None:
        publications = publications.filter(tagged_items__tag=tag)
    if year is not None:
        publications = publications.filter(date__year=year)
    page_obj = paginate(request, publications.newest_first().for_listing(), PER_PAGE)
    for publication in page_obj:
        publication.is_reserved = rules.is_reserved(publication)

    return {
        "index_url": index.get_url(request),
        "publications": page_obj,
        "querystring": querystring_without_page(request),
        "current_category": category,
        "current_tag": tag,
        "current_year": year,
        "is_filtered": any((category, tag, year)),
        "category_options": _options(request, "categorie", category, Category.choices),
        "tag_options": _options(request, "etiquette", tag and tag.slug, [(t.slug, t.name) for t in visible_tags]),
        "year_options": _options(request, "annee", year, [(y, str(y)) for y in years]),
    }
