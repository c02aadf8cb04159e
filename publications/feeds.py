"""RSS 2.0 and Atom feeds of the public publications, for all of them or one category."""

from datetime import datetime, time
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.errors import NotFound
from core.privacy import privacy

from .models import Category, PublicationIndexPage, PublicationPage

FEED_LENGTH = 30


class FeedScope(NamedTuple):
    """What one feed request asks for: a category or None (all), and the request (privacy rules read once)."""

    category: Category | None
    request: HttpRequest


class PublicationsRssFeed(Feed):
    """The latest public publications; reserved ones never appear, whoever asks."""

    feed_type = Rss201rev2Feed
    language = "fr"

    def get_object(self, request, category=None):
        if category is None:
            return FeedScope(None, request)
        if category not in Category.values:
            raise NotFound(f"Il n'y a pas de flux pour la catégorie « {category[:60]} ».")
        return FeedScope(Category(category), request)

    def title(self, scope):
        category = scope.category
        if category is None:
            return "RhinOcc – publications"
        return f"RhinOcc – publications : {category.label}"

    def description(self, scope):
        return "Les dernières publications du Réseau et Hub pour l'Inclusion Numérique en Occitanie."

    def link(self, scope):
        category = scope.category
        index = privacy(scope.request).public(PublicationIndexPage.objects.live()).first()
        url = index.url if index else "/"
        return f"{url}?categorie={category.value}" if category is not None else url

    def feed_url(self, scope):
        category = scope.category
        if category is None:
            return reverse(self.url_name)
        return reverse(self.url_name + "_category", args=[category.value])

    url_name = "publications_feed_rss"

    def items(self, scope):
        category = scope.category
        publications = PublicationPage.objects.public_live(scope.request)
        if category is not None:
            publications = publications.filter(category=category)
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
    url_name = "publications_feed_atom"

    def subtitle(self, scope):
        return self.description(scope)
