"""An organisation, document or « voir aussi » publication chosen twice is shown once."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests.members.factories import MemberIndexPageFactory, OrganisationPageFactory

from .factories import PublicationPageFactory


def test_each_relation_is_listed_once(client, home_page, index):
    organisation = OrganisationPageFactory(parent=MemberIndexPageFactory(parent=home_page), title="Coll.in")
    other = PublicationPageFactory(parent=index, title="Appel à projets Zéphyrin", slug="appel-zephyrin")
    document = get_document_model().objects.create(
        title="Dossier Quetzal", file=ContentFile(b"dossier", name="dossier.txt")
    )
    page = PublicationPageFactory(parent=index, title="Page aux doublons", slug="doublons")
    for _ in range(2):
        page.related_organisations.create(organisation=organisation)
        page.related_publications.create(publication=other)
        page.documents.create(document=document)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()
    assert html.count(organisation.url) == 1
    assert html.count("Appel à projets Zéphyrin") == 1
    assert html.count("Dossier Quetzal") == 1
