import pytest
from django.contrib.auth.models import Group

from publications.models import COS_GROUP_NAME

from .factories import PublicationIndexPageFactory, PublicationPageFactory, reserve_for_cos


@pytest.fixture
def index(home_page):
    return PublicationIndexPageFactory(parent=home_page)


@pytest.fixture
def cos_group(db):
    return Group.objects.get_or_create(name=COS_GROUP_NAME)[0]


@pytest.fixture
def cos_member(django_user_model, cos_group):
    user = django_user_model.objects.create_user("membre-cos", "cos@example.org", "un-mot-de-passe-solide")
    user.groups.add(cos_group)
    return user


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
