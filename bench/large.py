"""The bench's large site: copies of the seed's own publications, organisations and places, written in
bulk (seconds, where publishing each page through Wagtail would take minutes).

Pages are copies of a live page of the same type under the same parent, with their own tree path,
slug and URL; their StreamField content is the original's. They are not in the search index (the
search page is measured on the seed's content: its speed is the ranking's, not the table's size).
"""

import copy
import datetime
import uuid

from django.db import transaction
from wagtail.models import Page

PUBLICATIONS = 2000
ORGANISATIONS = 200
PLACES = 5000


def _copy_pages(model, count, prefix):
    """`count` live copies of the first live `model` page, appended under its parent."""
    template = model.objects.live().order_by("path").first()
    if template is None:
        return 0
    parent = template.get_parent()
    last = parent.get_last_child()
    step = int(last.path[-Page.steplen :], 36)
    depth = template.depth
    base_fields = {field.attname for field in Page._meta.concrete_fields}
    now = datetime.datetime.now(datetime.UTC)
    pages, specifics = [], []
    for n in range(1, count + 1):
        path = Page._get_path(parent.path, depth, step + n)
        slug = f"{prefix}-{n:05d}"
        page = copy.copy(template)
        page.path, page.slug, page.title = path, slug, f"{template.title} ({n})"
        page.draft_title, page.url_path = page.title, f"{parent.url_path}{slug}/"
        page.numchild, page.latest_revision_id, page.live_revision_id = 0, None, None
        page.first_published_at = page.last_published_at = now
        if hasattr(page, "date"):
            page.date = template.date - datetime.timedelta(days=n % 900)
        base = Page(**{name: getattr(page, name) for name in base_fields if name != "id"})
        base.translation_key = uuid.uuid4()
        pages.append(base)
        specifics.append(page)
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=500)
        for base, page in zip(pages, specifics, strict=True):
            page.pk = page.id = page.page_ptr_id = base.pk
            page.translation_key = base.translation_key
            # raw: the child table only (the page row exists), no signal handler reindexing each page.
            page.save_base(raw=True, force_insert=True)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    return count


def _copy_places(count):
    from places.models import Place

    templates = list(Place.objects.all()[:50])
    if not templates:
        return 0
    places = []
    for n in range(count):
        place = copy.copy(templates[n % len(templates)])
        place.pk = None
        place.standard_id = f"bench-{n:05d}"
        place.pivot = f"BENCH{n:09d}"
        place.slug = f"bench-{n:05d}"
        place.nom = f"{place.nom} {n}"
        if place.latitude is not None:
            place.latitude += (n % 97) / 1000
            place.longitude += (n % 89) / 1000
        places.append(place)
    Place.objects.bulk_create(places, batch_size=500)
    return count


def enlarge(publications=PUBLICATIONS, organisations=ORGANISATIONS, places=PLACES):
    """Bring the seed site to the large size; returns what was added."""
    from core.cache import invalidate_pages
    from members.models import OrganisationPage
    from publications.models import PublicationPage

    added = {
        "publications": _copy_pages(PublicationPage, publications, "bench-publication"),
        "organisations": _copy_pages(OrganisationPage, organisations, "bench-organisation"),
        "places": _copy_places(places),
    }
    invalidate_pages()  # bulk copies send no signal: what was kept for the smaller site is stale
    return added
