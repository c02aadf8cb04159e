"""Tags show in one fixed order (by slug) in the listing, on a publication and in the feeds, whatever
order the database returns them in (it changes, e.g. after a restore)."""

import re

import feedparser
import pytest
from taggit.models import Tag

from .factories import PublicationPageFactory

SORTED = ["abeille", "Mairie", "Zèbre"]


@pytest.fixture
def tagged(index):
    # Tag ids and link rows in two orders, neither of them the sorted one.
    for name in ("Zèbre", "abeille", "Mairie"):
        Tag.objects.create(name=name, slug=name.lower().replace("è", "e"))
    return PublicationPageFactory(parent=index, title="Étiquetée", tags=["Mairie", "Zèbre", "abeille"])


def _tag_links(html):
    return re.findall(r'\?etiquette=[^"]+">([^<]+)</a>', html)


def test_tags_are_sorted_in_the_listing(client, tagged):
    html = client.get("/publications/").content.decode()
    assert _tag_links(html.split("publication-item__tags", 1)[1])[:3] == SORTED


def test_tags_are_sorted_on_the_publication(client, tagged):
    html = client.get(tagged.url).content.decode()
    assert _tag_links(html.split("publication__tags", 1)[1]) == SORTED


def test_tags_are_sorted_in_the_feeds(client, tagged):
    for url in ("/publications/flux/rss/", "/publications/flux/atom/"):
        entry = feedparser.parse(client.get(url).content).entries[0]
        assert [tag.term for tag in entry.tags][1:] == SORTED  # after the category
