"""RSS 2.0 and Atom feeds of the public publications, for all of them or one category: served by
routes of the publications index (PublicationIndexPage), whose URL they follow."""

from datetime import datetime, time
from typing import Any, NamedTuple

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.errors import NotFound

from .choices import Category

FEED_LENGTH = 30


class FeedScope(NamedTuple):
    """What one feed request asks for: the index page it is a route of, a category or None (all), and
    the request (privacy rules read once)."""

    index: Any  # a PublicationIndexPage (models imports this module)
    category: Category | None
    request: HttpRequest


class PublicationsRssFeed(Feed):
    """The latest public publications; reserved ones never appear, whoever asks."""

    feed_type = Rss201rev2Feed
    route_name = "feed_rss"
    language = "fr"

    def get_object(self, request, index, category=None):
        if category is None:
            return FeedScope(index, None, request)
        if category not in Category.values:
            raise NotFound(f"Il n'y a pas de flux pour la catégorie « {category[:60]} ».")
        return FeedScope(index, Category(category), request)

    def title(self, scope):
        category = scope.category
        if category is None:
            return "RhinOcc – publications"
        return f"RhinOcc – publications : {category.label}"

    def description(self, scope):
        return "Les dernières publications du Réseau et Hub pour l'Inclusion Numérique en Occitanie."

    def link(self, scope):
        url = scope.index.get_url(scope.request)
        return f"{url}?categorie={scope.category.value}" if scope.category is not None else url

    def feed_url(self, scope):
        return scope.index.feed_url(scope.request, self.route_name, scope.category)

    def items(self, scope):
        publications = scope.index.public_publications(scope.request)
        if scope.category is not None:
            publications = publications.filter(category=scope.category)
        return publications.newest_first().for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        published = item.display_date
        if item.first_published_at and timezone.localdate(item.first_published_at) == published:
            return item.first_published_at
        return timezone.make_aware(datetime.combine(published, time(9, 0)))

    def item_updateddate(self, item):
        published = self.item_pubdate(item)
        return max(item.last_published_at, published) if item.last_published_at else published

    def item_categories(self, item):
        return [item.category_label] + [tag.name for tag in item.ordered_tags()]


class PublicationsAtomFeed(PublicationsRssFeed):
    feed_type = Atom1Feed
    route_name = "feed_atom"

    def subtitle(self, scope):
        return self.description(scope)
