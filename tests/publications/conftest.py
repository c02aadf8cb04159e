import pytest

from .factories import PublicationIndexPageFactory, PublicationPageFactory, reserve_for_cos


@pytest.fixture
def index(home_page):
    return PublicationIndexPageFactory(parent=home_page)


@pytest.fixture
def outsider(django_user_model, cos_group):
    return django_user_model.objects.create_user("visiteur", "visiteur@example.org", "un-mot-de-passe-solide")


@pytest.fixture
def public_publication(index):
    return PublicationPageFactory(
        parent=index,
        title="Ateliers numériques à Toulouse",
        slug="ateliers-numeriques",
        summary="Des ateliers ouverts à tous.",
        tags=["Médiation"],
    )


@pytest.fixture
def reserved_publication(index, cos_group):
    page = PublicationPageFactory(
        parent=index,
        title="Compte rendu secret du comité",
        slug="compte-rendu-secret",
        summary="Un résumé confidentiel.",
        category="compte-rendu",
        tags=["Confidentiel"],
    )
    return reserve_for_cos(page)
