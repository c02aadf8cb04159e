"""Site search and robots.txt."""

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Value
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template.defaultfilters import striptags, truncatewords
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core.cache import reads_query_params
from core.fragments import shared
from core.navigation import site_root, top_pages
from core.pagination import paginate
from core.privacy import privacy
from governance.models import GovernanceBodyPage, TerritorialPolePage
from members.models import OrganisationPage
from places.models import PlaceIndexPage, site_search
from publications.models import PublicationIndexPage, PublicationPage

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Places are not pages: the first page of results lists a few of them apart, with a link to the directory.
PLACE_RESULTS = 5
# What a result shows under its title when it has no search description, by page type: the first of
# these fields its model has.
EXCERPT_FIELDS = ("summary", "introduction")
# NUL and other control characters are rejected by PostgreSQL and mean nothing in a search; a double
# quote breaks SQLite's full-text syntax (the search offers no phrase syntax anyway).
IGNORED_CHARACTERS = re.compile(r'[\x00-\x1f\x7f"]')


# What a result's item reads of its page (describe_result, add_excerpts, the page's URL).
RESULT_FIELDS = ("id", "path", "depth", "title", "url_path", "content_type_id", "search_description", "locale_id")
# What each result is, said before its title; the first matching class wins (a pole is also a body).
RESULT_KINDS = [
    (OrganisationPage, "Organisation"),
    (TerritorialPolePage, "Pôle territorial"),
    (GovernanceBodyPage, "Instance de gouvernance"),
    (PublicationPage, "Publication"),
]


def result_kind(page):
    # Results are plain pages (no .specific(): a query per type); their content type tells the kind.
    page_class = page.specific_class or type(page)
    return next((label for model, label in RESULT_KINDS if issubclass(page_class, model)), "Page")


def suggested_pages(request):
    """Where to look when nothing matched: the places directory and the publications, among the pages the
    main menu already read (no query of their own)."""
    wanted = [ContentType.objects.get_for_model(model).pk for model in (PlaceIndexPage, PublicationIndexPage)]
    pages = {page.content_type_id: page for page in top_pages(request)}
    return [pages[kind] for kind in wanted if kind in pages]


def clean_query(raw):
    """Return (query, was_truncated): control characters removed, spaces folded, length capped."""
    query = " ".join(IGNORED_CHARACTERS.sub(" ", raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rstrip(), True
    return query, False


def add_excerpts(pages):
    """Give each result (a generic `Page`) the text of its own type that the list shows under its
    title (`summary` or `introduction`), read for every type at once: one query, where `.specific()`
    costs one per page type among the results."""
    pages = list(pages)
    columns = []
    for page_class in {page.specific_class for page in pages} - {None}:
        field = next((name for name in EXCERPT_FIELDS if _has_field(page_class, name)), None)
        if field:
            ids = [page.pk for page in pages if page.specific_class is page_class]
            name = Value(field, output_field=CharField())
            columns.append(page_class.objects.filter(pk__in=ids).values_list("pk", field, name).order_by())
    if not columns:
        return
    excerpts = {pk: (field, text) for pk, text, field in columns[0].union(*columns[1:], all=True)}
    for page in pages:
        if page.pk in excerpts:
            field, text = excerpts[page.pk]
            setattr(page, field, text)


class RankedSearch:
    """A search of `pages` for the paginator: its results ranked by relevance, its count read without
    the ranking (a count needs no order, and the ranking costs to build and to run)."""

    ordered = True

    def __init__(self, pages, query):
        self.pages = pages
        self.query = query

    def count(self):
        return self.pages.search(self.query, order_by_relevance=False).count()

    def __getitem__(self, key):
        return self.pages.search(self.query)[key]


@dataclass
class ResultItem:
    """A result as the list shows it (describe_result)."""

    title: str
    url: str
    kind: str
    text: str | None
    is_reserved: bool = False


def result_items(request, pages):
    """What the list shows of each result (title, URL, kind, text under the title), the same in every
    search that finds the page: kept with the content generation (core/fragments.py); when one is not
    kept, the excerpts of all `pages` are read together (add_excerpts: one query)."""
    excerpts_read = False

    def item(page):
        def build():
            nonlocal excerpts_read
            if not excerpts_read:
                add_excerpts(pages)
                excerpts_read = True
            return describe_result(page, request)

        return shared(request, "hub.search_item", build, page.pk)

    return [item(page) for page in pages]


def describe_result(page, request):
    """A result as the list shows it; `text`: its search description, else its summary, else its
    introduction as plain text (40 words), else None."""
    if page.search_description:
        text = page.search_description
    elif getattr(page, "summary", ""):
        text = page.summary
    elif getattr(page, "introduction", ""):
        text = truncatewords(striptags(page.introduction), 40)
    else:
        text = None
    return ResultItem(page.title, page.get_url(request), result_kind(page), text)


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@require_safe
@reads_query_params("q", "page")
def search(request):
    query, truncated = clean_query(request.GET.get("q", ""))
    results = None
    places = None
    result_count = 0
    suggestions = []
    if query:
        # Each visitor finds what they may read: a COS member also finds the pages reserved to the COS.
        rules = privacy(request)
        pages = rules.visible(Page.objects.live().filter(depth__gt=1).only(*RESULT_FIELDS))
        results = paginate(request, RankedSearch(pages, query), RESULTS_PER_PAGE)
        pages = list(results)
        results.object_list = result_items(request, pages)
        for item, page in zip(results.object_list, pages, strict=True):
            item.is_reserved = rules.is_reserved(page)
        if results.number == 1:
            places = site_search(query, PLACE_RESULTS, request)
        found_places = len(places["places"]) if places else 0
        result_count = results.paginator.count + found_places
        if not result_count:
            suggestions = suggested_pages(request)
    root = site_root(request)
    response = render(
        request,
        "hub/search.html",
        {
            "query": query,
            "truncated": truncated,
            "max_length": MAX_QUERY_LENGTH,
            "results": results,
            "places": places,
            "result_count": result_count,
            "more_results": bool(places and places["more"]),
            "suggestions": suggestions,
            "home_url": root.get_url(request) if root else "/",
            # What the pagination links keep: the cleaned query, nothing else.
            "params": QueryDict.fromkeys(["q"], query),
        },
    )
    if request.user.is_authenticated:
        # Results may hold reserved pages: no shared cache (proxy) may keep them for someone else.
        patch_cache_control(response, private=True)
    return response


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('login')}",
        f"Disallow: {reverse('password_reset')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
