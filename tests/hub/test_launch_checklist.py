"""The dashboard's « Avant la mise en ligne » panel: what staff must still fill in, with links to the
screens that do it, for staff only, gone once everything is done, in a constant number of queries."""

import html

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from accounts.roles import ADMINISTRATORS_GROUP_NAME, EDITORS_GROUP_NAME
from governance.models import GovernanceBodyPage, Seat, SeatRole, TerritorialPolePage
from hub.checklist import launch_checklist
from hub.models import SiteSettings
from members.models import ActionDepartement, OrganisationPage
from places.models import Place
from tests.conftest import build_site

pytestmark = pytest.mark.django_db

PANEL = "Avant la mise en ligne"


@pytest.fixture
def built():
    build_site("--demo-places")
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def administrator(django_user_model, built):
    user = django_user_model.objects.create_user("admin-rhinocc", "admin@example.org", "x")
    user.groups.add(Group.objects.get(name=ADMINISTRATORS_GROUP_NAME))
    return user


def dashboard(client, user, site):
    client.force_login(user)
    response = client.get("/admin/", HTTP_HOST=site.hostname)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_panel_lists_each_thing_to_fill_in_with_its_edit_screen(client, django_user_model, administrator, built):
    editor = django_user_model.objects.create_user("redaction", "redaction@example.org", "x")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP_NAME))
    assert PANEL not in dashboard(client, editor, built)  # staff only: those who fill the site settings
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assert PANEL in dashboard(client, superuser, built)

    page = dashboard(client, administrator, built)
    assert PANEL in page
    settings_url = f"/admin/settings/hub/sitesettings/{built.pk}/"
    assert f'<a href="{settings_url}"><strong>Adresse e-mail de contact</strong></a>' in page
    assert "<strong>Mentions légales : direction de la publication, hébergeur, adresse de l'hébergeur" in page
    melee = OrganisationPage.objects.get(slug="la-melee")
    logos, _ = page.split("Logos provisoires encore affichés")[1].split("Instances sans composition")
    assert f'<a href="/admin/pages/{melee.pk}/edit/">La Mêlée</a>' in logos
    cos = GovernanceBodyPage.objects.get(slug="cos")
    copil = GovernanceBodyPage.objects.get(slug="copil")
    bodies = page.split("Instances sans composition")[1].split("Pôles territoriaux sans coordination")[0]
    assert f'href="/admin/pages/{cos.pk}/edit/"' in bodies and f'href="/admin/pages/{copil.pk}/edit/"' not in bodies
    poles = page.split("Pôles territoriaux sans coordination")[1].split("Organisations sans département")[0]
    assert all(f'href="/admin/pages/{pole.pk}/edit/"' in poles for pole in TerritorialPolePage.objects.all())
    organisations = page.split("Organisations sans département d'action")[1]
    mjc = OrganisationPage.objects.get(slug="mjc-de-lezignan-corbieres")  # the seed gives it the Aude
    assert f'href="/admin/pages/{melee.pk}/edit/"' in organisations
    assert f'href="/admin/pages/{mjc.pk}/edit/"' not in organisations.split("lieux de démonstration")[0]
    demo = Place.objects.demo().count()
    assert demo > 0
    assert f"{demo} lieux de démonstration publiés dans l'annuaire" in page
    assert "/admin/lieux/?source=RhinOcc+%28d%C3%A9monstration%29" in page


def test_the_panel_disappears_once_everything_is_done(client, administrator, built):
    assert PANEL in dashboard(client, administrator, built)
    SiteSettings.objects.filter(site=built).update(
        contact_email="contact@example.org",
        publication_director="Camille Martin, présidente de La Mêlée",
        host_name="Hébergeur exemple",
        host_address="1 rue de l'Exemple, 31000 Toulouse",
        host_phone="05 00 00 00 00",
    )
    real_logo = get_image_model().objects.create(title="Vrai logo", file=get_test_image_file(filename="logo.png"))
    OrganisationPage.objects.update(logo=real_logo)
    organisation = OrganisationPage.objects.first()
    for body in GovernanceBodyPage.objects.all():
        role = SeatRole.COORDINATOR if hasattr(body, "territorialpolepage") else SeatRole.MEMBER
        Seat.objects.create(body=body, organisation=organisation, role=role)
    aude = ActionDepartement.objects.get(code="11")
    for each in OrganisationPage.objects.all():
        each.departements.add(aude)
        each.save()  # a ParentalManyToManyField saves with its page
    page = dashboard(client, administrator, built)
    assert PANEL in page and "lieux de démonstration" in page
    assert "Adresse e-mail de contact" not in page and "Pôles territoriaux sans coordination" not in page

    Place.objects.demo().delete()
    assert PANEL not in dashboard(client, administrator, built)


def test_the_checklist_reads_a_constant_number_of_queries(administrator, built):
    def queries():
        request = RequestFactory().get("/admin/", HTTP_HOST=built.hostname)
        request.user = administrator
        with CaptureQueriesContext(connection) as captured:
            items = launch_checklist(request)
        return len(captured), items

    few, items = queries()
    index = OrganisationPage.objects.first().get_parent()
    for number in range(5):
        index.add_child(instance=OrganisationPage(title=f"Nouvelle organisation {number}", slug=f"nouvelle-{number}"))
    many, more_items = queries()
    assert many == few <= 8
    assert len(more_items) == len(items)
