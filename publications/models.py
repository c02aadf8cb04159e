"""News and reserved documents of the network: the publications index and the publication page."""

from typing import NamedTuple

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.cache import route_reads_query_params
from core.fragments import shared
from core.pagination import paginate
from core.panels import InlinePanel
from core.pictures import share_image_url, with_renditions
from core.privacy import privacy

from .choices import Category
from .feeds import PublicationsAtomFeed, PublicationsRssFeed
from .filters import PublicationFilter

PER_PAGE = 10
RSS_FEED = PublicationsRssFeed()
ATOM_FEED = PublicationsAtomFeed()


# Tags show in this order everywhere (lists, a publication, feeds, the index's filter); without an
# ORDER BY the database's order changes, e.g. after a restore. ASCII slugs sort "Équipement" among
# the E's.
TAG_ORDER = ("slug",)


def tag_sort_key(tag):
    return tuple(getattr(tag, field) for field in TAG_ORDER)


class PageLink(NamedTuple):
    """A page as a list shows it; `path` says who may see it (core.privacy)."""

    title: str
    url: str
    path: str


class Attachment(NamedTuple):
    """A document attached to a publication, as its page lists it."""

    title: str
    url: str
    file_extension: str
    file_size: int | None


class TagLink(NamedTuple):
    name: str
    slug: str


class PublicationQuerySet(PageQuerySet):
    def newest_first(self):
        return self.order_by("-date", "-first_published_at", "-pk")

    def for_listing(self):
        """What a list item shows (tags, image renditions) fetched in a few extra queries, whatever the
        number of items."""
        return self.prefetch_related("tags", with_renditions("image", "card"))

    def visible_to(self, request):
        """Live publications this visitor may read: public ones, plus the reserved ones their groups
        open (None: an anonymous visitor). A fixed number of queries whatever the number of
        publications, shared with the rest of the request's page (core.privacy)."""
        return privacy(request).visible(self.live())

    def public_live(self, request=None):
        """What anyone may see, for feeds, the sitemap and the cached home page (`request`: read the
        privacy rules once per request)."""
        return privacy(request).public(self.live())

    def tags(self):
        """The tags of these publications, in TAG_ORDER."""
        return (
            Tag.objects.filter(publications_publicationpagetag_items__content_object__in=self.values("pk"))
            .distinct()
            .order_by(*TAG_ORDER)
        )

    def years(self):
        """The years these publications are dated in, newest first."""
        return [day.year for day in self.exclude(date=None).dates("date", "year", order="DESC")]


PublicationManager = PageManager.from_queryset(PublicationQuerySet)


class PublicationIndexPage(RoutablePageMixin, Page):
    """The list of publications, newest first, filtered by category, tag and year; its routes serve
    the feeds (flux/rss/, flux/atom/, flux/<catégorie>/rss/...)."""

    introduction = RichTextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["publications.PublicationPage"]
    max_count = 1
    # The only query parameters the page reads: the page cache keys on these and stores no others.
    cache_query_params = ("categorie", "etiquette", "annee", "page")

    class Meta:
        verbose_name = _("Page d'index des publications")

    def get_context(self, request, *args, **kwargs):
        """The listing for this request (raises 400/404 on bad filters)."""
        context = super().get_context(request, *args, **kwargs)
        rules = privacy(request)  # also serves the menu and footer of this page
        filters = PublicationFilter(
            request.GET,
            lambda: PublicationPage.objects.descendant_of(self).visible_to(request),
            request=request,
            scope=self.path,  # the filter options offered: those of this index's publications
        )
        filters.check()

        def listing():
            """The ids of the listed publications in their order, and those of the reserved ones."""
            rows = list(filters.qs.newest_first().values_list("pk", "path", named=True))
            return [row.pk for row in rows], {row.pk for row in rows if rules.is_reserved(row)}

        # Kept per privacy audience and per filters (validated): on a large site, counting and
        # sorting the publications costs more than the rest of the page.
        ids, reserved = shared(
            request, "publications.listing", listing, self.path, filters.params.urlencode(), per_audience=True
        )
        publications = paginate(request, ids, PER_PAGE)
        # request.path: a new page's preview has no URL yet.
        index_url = self.get_url(request) or request.path
        publications.object_list = publication_cards(
            request,
            [(pk, pk in reserved) for pk in publications.object_list],
            heading_level=2,
            show_tags=True,
            index_url=index_url,
        )
        context.update(filters.context(index_url), index_url=index_url, publications=publications)
        return context

    def public_publications(self, request=None):
        """This index's publications that anyone may read, for the feeds."""
        return PublicationPage.objects.descendant_of(self).public_live(request)

    @classmethod
    def feed_path(cls, route_name, category=None):
        """A feed's path below the index's URL ("flux/rss/"); cls: no need of the specific page."""
        if category is None:
            return cls.get_resolver().reverse(route_name)
        return cls.get_resolver().reverse(f"{route_name}_category", category.value)

    def feed_url(self, request, route_name, category=None):
        return self.get_url(request) + self.feed_path(route_name, category)

    # Feeds read no query parameter (not the index's): the page cache stores them only without one.
    @path("flux/rss/", name="feed_rss")
    @path("flux/<slug:category>/rss/", name="feed_rss_category")
    @route_reads_query_params()
    def rss_feed(self, request, category=None):
        return RSS_FEED(request, self, category)

    @path("flux/atom/", name="feed_atom")
    @path("flux/<slug:category>/atom/", name="feed_atom_category")
    @route_reads_query_params()
    def atom_feed(self, request, category=None):
        return ATOM_FEED(request, self, category)


def publication_cards(request, items, **options):
    """The cards (HTML) of publications, from (pk, is_reserved) pairs, in their order. A card shows
    the same thing wherever the same `options` list it: each one is kept with the content generation
    (core/fragments.py), and the publications whose card is not kept are read together, in a few
    queries whatever their number."""
    loaded = None

    def card(pk, is_reserved):
        def render():
            nonlocal loaded
            if loaded is None:
                wanted = [pk for pk, _ in items]
                loaded = PublicationPage.objects.filter(pk__in=wanted).for_listing().in_bulk()
            publication = loaded[pk]
            publication.is_reserved = is_reserved
            context = {"publication": publication, "request": request, **options}
            return render_to_string("publications/includes/publication_summary.html", context)

        options_key = sorted(options.items())
        return mark_safe(shared(request, "publications.card", render, pk, is_reserved, *options_key))

    return [card(pk, is_reserved) for pk, is_reserved in items]


class PublicationPageTag(TaggedItemBase):
    """A tag on a publication."""

    content_object = ParentalKey("PublicationPage", on_delete=models.CASCADE, related_name="tagged_items")


class PublicationPage(Page):
    """A publication: a piece of news, a call for projects, a meeting report..."""

    date = models.DateField(
        _("Date de publication"),
        null=True,
        blank=True,
        help_text=_("Laissez vide pour prendre la date de la première publication."),
    )
    summary = models.TextField(
        _("Résumé"),
        max_length=500,
        help_text=_("Deux ou trois phrases, reprises dans les listes, les flux et les résultats de recherche."),
    )
    category = models.CharField(
        _("Catégorie"), max_length=30, choices=Category.choices, default=Category.NEWS, db_index=True
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("Texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_(
            "Ce que l'image apporte au lecteur qui ne la voit pas. Laissez vide si elle est purement décorative."
        ),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Contenu"), blank=True)
    tags = ClusterTaggableManager(
        through=PublicationPageTag,
        verbose_name=_("Étiquettes"),
        blank=True,
        help_text=_("Des mots-clés pour retrouver les publications sur un même sujet."),
    )

    objects = PublicationManager()

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("date"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("tags")], heading=_("Classement")),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        InlinePanel(
            "documents",
            label=_("Document joint"),
            heading=_("Documents joints"),
            add_label=_("Ajouter un document joint"),
        ),
        InlinePanel(
            "related_organisations",
            label=_("Organisation"),
            heading=_("Organisations concernées"),
            add_label=_("Ajouter une organisation"),
        ),
        InlinePanel(
            "related_publications",
            label=_("Publication"),
            heading=_("Voir aussi"),
            add_label=_("Ajouter une publication"),
        ),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Publication")
        verbose_name_plural = _("Publications")

    def save(self, *args, **kwargs):
        # The date defaults to the first publication; Wagtail sets first_published_at before saving.
        if self.date is None and self.live:
            self.date = timezone.localdate(self.first_published_at or timezone.now())
        return super().save(*args, **kwargs)

    @property
    def category_label(self):
        return Category(self.category).label if self.category in Category.values else ""

    @property
    def display_date(self):
        if self.date:
            return self.date
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    def ordered_tags(self):
        """The tags in TAG_ORDER, sorted here so that for_listing()'s prefetch (taggit takes no
        ordered queryset there) and a preview's unsaved tags serve without a query."""
        return sorted(self.tags.all(), key=tag_sort_key)

    def see_also(self, request=None):
        """The "see also" publications this visitor may read, in the editor's order."""
        rules = privacy(request)
        return [link for link in self._see_also_candidates(request) if rules.lets_see(link)]

    def _see_also_candidates(self, request=None):
        """The live "see also" publications as links, in the editor's order, whoever may read them."""
        # dict.fromkeys: a publication chosen twice by mistake is listed once, in its first place.
        ids = list(
            dict.fromkeys(item.publication_id for item in self.related_publications.all() if item.publication_id)
        )
        if not ids:
            return []
        pages = Page.objects.live().filter(pk__in=ids).exclude(pk=self.pk).only("pk", "title", "path", "url_path")
        links = {page.pk: PageLink(page.title, page.get_url(request), page.path) for page in pages}
        return [links[pk] for pk in ids if pk in links]

    def concerned_organisations(self, request=None):
        """The organisations this publication concerns that visitors may see (live, public), in the
        editor's order, as links. Works on the saved links (one query) and on the in-memory ones of a
        page rebuilt from the edit form or a revision (preview, draft), where lookups across relations
        cannot run: visibility is tested in Python, on paths."""
        rules = privacy(request)
        # Keyed by id: an organisation chosen twice by mistake is listed once, in its first place.
        organisations = {
            link.organisation_id: link.organisation
            for link in self.related_organisations.select_related("organisation").only(
                "organisation_id",
                *(f"organisation__{field}" for field in ("title", "path", "url_path", "live")),
            )
            if link.organisation_id and link.organisation.live and not rules.is_reserved(link.organisation)
        }
        return [PageLink(page.title, page.get_url(request), page.path) for page in organisations.values()]

    def relations(self, request=None):
        """What the page lists besides its own fields, as plain values: the "see also" candidates (each
        visitor gets those he may read: see_also), the concerned organisations, the attached documents
        and the tags."""
        documents = {item.document_id: item.document for item in self.documents.select_related("document")}
        return {
            "see_also": self._see_also_candidates(request),
            "organisations": self.concerned_organisations(request),
            "attachments": [
                Attachment(document.title, document.url, document.file_extension, document.file_size)
                for pk, document in documents.items()
                if pk
            ],
            "tags": [TagLink(tag.name, tag.slug) for tag in self.ordered_tags()],
        }

    def structured_data(self, request):
        """This publication as a schema.org NewsArticle (the hub adds the publisher)."""
        url = self.get_full_url(request)
        modified = self.last_published_at or self.latest_revision_created_at
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": Truncator(self.title).chars(110),
            "description": self.summary,
            "url": url,
            "mainEntityOfPage": url,
            "articleSection": self.category_label,
            "datePublished": self.display_date,
            "dateModified": modified,
            "image": [share_image_url(self.image, request)] if self.image else [],
        }
        return {key: value for key, value in data.items() if value}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rules = privacy(request)
        # The same for every visitor (the "see also" links are filtered below): kept with the content
        # generation, which any change of the page or of what it lists renews (core/fragments.py).
        relations = shared(request, "publications.relations", lambda: self.relations(request), self.pk)
        context.update(relations, index_url=self.get_parent().get_url(request))
        context["see_also"] = [link for link in relations["see_also"] if rules.lets_see(link)]
        # Only those the restriction lets in read a reserved page: tell them it is not public.
        context["is_reserved"] = rules.is_reserved(self)
        return context


class PublicationDocument(Orderable):
    """A document attached to a publication (report, call for projects, form...)."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Document"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("Document joint")
        verbose_name_plural = _("Documents joints")


class RelatedPublication(Orderable):
    """A "see also" link from one publication to another."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="related_publications")
    publication = models.ForeignKey(
        PublicationPage, verbose_name=_("Publication"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("publication")]

    class Meta(Orderable.Meta):
        verbose_name = _("Publication liée")
        verbose_name_plural = _("Voir aussi")


class PublicationOrganisation(Orderable):
    """An organisation of the network that a publication concerns."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="related_organisations")
    organisation = models.ForeignKey(
        "members.OrganisationPage",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="publication_links",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("Organisation concernée")
        verbose_name_plural = _("Organisations concernées")
