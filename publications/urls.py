"""Public URLs owned by the publications app: feeds."""

from django.urls import path

from . import feeds

urlpatterns = [
    path("publications/flux/rss/", feeds.PublicationsRssFeed(), name="publications_feed_rss"),
    path("publications/flux/atom/", feeds.PublicationsAtomFeed(), name="publications_feed_atom"),
    path(
        "publications/flux/<slug:category>/rss/",
        feeds.PublicationsRssFeed(),
        name="publications_feed_rss_category",
    ),
    path(
        "publications/flux/<slug:category>/atom/",
        feeds.PublicationsAtomFeed(),
        name="publications_feed_atom_category",
    ),
]
