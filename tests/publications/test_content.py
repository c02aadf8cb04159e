"""`manage.py build_site`: the seed publications and the COS report with its documents' collection."""

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from accounts.roles import COS_COLLECTION_NAME, COS_GROUP_NAME
from publications.models import PublicationDocument, PublicationPage
from tests.conftest import build_site as build


@pytest.fixture
def built_site(db):
    return build()


def seed(slug_part):
    return PublicationPage.objects.get(slug__contains=slug_part)


def test_seed_publications(built_site):
    caf = seed("caf-haute-garonne")
    afnic = seed("ateliers-mediation")
    state = seed("88-millions")
    assert caf.category == "financement" and caf.date.year == 2021 and caf.date.month == 1 and caf.date.day < 22
    assert "ordinateur" in caf.summary and "Caisse d'allocations familiales de Haute-Garonne" in caf.summary
    assert afnic.category == "appel-a-projets"
    assert "22 janvier 2021" in afnic.summary and "10\u202f000\u00a0€" in afnic.summary
    assert afnic.date >= datetime.date(2021, 1, 22)
    body = str(state.body)
    assert "Jacqueline Gourault" in body and "Amélie de Montchalin" in body and "88 millions" in body
    assert "25 janvier 2021" in state.summary
    for page in (caf, afnic, state):
        assert page.live and page.tags.exists()
        assert page.get_view_restrictions().count() == 0


def test_cos_report_is_reserved_to_the_cos_group(built_site):
    report = PublicationPage.objects.get(slug="compte-rendu-du-cos-exemple")
    restriction = PageViewRestriction.objects.get(page=report)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.values_list("name", flat=True)) == [COS_GROUP_NAME]


def test_cos_documents_collection_is_reserved_and_holds_the_report_s_documents(built_site):
    restriction = CollectionViewRestriction.objects.get(collection__name=COS_COLLECTION_NAME)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert list(restriction.groups.values_list("name", flat=True)) == [COS_GROUP_NAME]
    report = PublicationPage.objects.get(slug="compte-rendu-du-cos-exemple")
    document = get_document_model().objects.create(
        title="Ordre du jour", file=ContentFile(b"ordre du jour", name="ordre-du-jour.txt")
    )
    assert document.collection.name != COS_COLLECTION_NAME  # staff uploaded it to the root collection
    PublicationDocument.objects.create(page=report, document=document)
    output = build()
    document.refresh_from_db()
    assert document.collection.name == COS_COLLECTION_NAME
    assert "rangé(s) dans « Documents du COS »" in output
    assert "Rien à faire" in build()
    assert CollectionViewRestriction.objects.filter(collection__name=COS_COLLECTION_NAME).count() == 1


def test_home_page_index_and_feed_show_the_three_seed_publications(client, built_site):
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="testserver")
    home = client.get("/").content.decode()
    assert home.count('class="publication-item"') == 3
    assert "88 millions" in home and "Toutes les publications" in home
    assert "Compte rendu du COS" not in home
    index = client.get("/publications/").content.decode()
    assert index.count('class="publication-item"') == 3
    assert client.get("/publications/flux/rss/").content.decode().count("<item>") == 3


def test_second_run_changes_nothing(built_site):
    assert "Rien à faire" in build()
