"""No image in « Documents du COS » (issue 7, point 8): images are always public in Wagtail, so the
admin never offers a reserved collection for images, and refuses one named anyway, in French."""

from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission

from accounts.content import ensure_cos_collection
from accounts.roles import COS_COLLECTION_NAME, COS_GROUP_NAME, EDITORS_GROUP_NAME

Image = get_image_model()
REFUSAL = "Une image ne peut pas être rangée dans « Documents du COS »"


@pytest.fixture
def collections(db):
    root = Collection.get_first_root_node()
    logos = root.add_child(name="Logos provisoires")
    Group.objects.get_or_create(name=COS_GROUP_NAME)
    cos = ensure_cos_collection()
    minutes = cos.add_child(name="Procès-verbaux")  # a reserved collection's child is reserved too
    return {"root": root, "logos": logos, "cos": cos, "minutes": minutes}


@pytest.fixture
def editor(django_user_model, collections):
    """A member of « Rédacteurs » with the image permissions build_site gives them (on the root)."""
    group = Group.objects.create(name=EDITORS_GROUP_NAME)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=group, collection=collections["root"], permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("redactrice", "redactrice@example.org", "un-mot-de-passe")
    user.groups.add(group)
    return user


@pytest.fixture(params=["editor", "admin"])
def staff_client(request, client, editor, admin_user):
    client.force_login(editor if request.param == "editor" else admin_user)
    return client


def png():
    return SimpleUploadedFile("photo.png", get_test_image_file().file.getvalue(), content_type="image/png")


def offered(form):
    return {collection.name for collection in form.fields["collection"].queryset}


def test_add_form_does_not_offer_reserved_collections(staff_client, collections):
    response = staff_client.get("/admin/images/add/")
    assert response.status_code == 200
    form = response.context["form"]
    assert offered(form) == {"Root", "Logos provisoires"}
    assert "Les collections réservées (comme « Documents du COS ») n'acceptent pas d'images" in unescape(response.text)


@pytest.mark.parametrize("name", ["cos", "minutes"])
def test_image_posted_into_a_reserved_collection_is_refused_in_french(staff_client, collections, name):
    response = staff_client.post(
        "/admin/images/add/",
        {"title": "Photo du COS", "file": png(), "collection": collections[name].pk},
    )
    assert response.status_code == 200
    assert not Image.objects.exists()
    [error] = response.context["form"].errors["collection"]
    assert error.startswith(f"Une image ne peut pas être rangée dans « {collections[name].name} »")
    assert "ne mettez jamais de contenu confidentiel dans une image" in error


def test_image_posted_into_a_public_collection_is_added(staff_client, collections):
    response = staff_client.post(
        "/admin/images/add/",
        {"title": "Logo", "file": png(), "collection": collections["logos"].pk},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Image.objects.get().collection == collections["logos"]


def test_multiple_upload_offers_no_reserved_collection_and_stores_none_there(staff_client, collections):
    response = staff_client.get("/admin/images/multiple/add/")
    assert response.status_code == 200
    assert {collection.name for collection in response.context["collections"]} == {"Root", "Logos provisoires"}
    assert COS_COLLECTION_NAME not in response.text

    response = staff_client.post(
        "/admin/images/multiple/add/",
        {"title": "Photo", "collection": collections["cos"].pk, "files[]": png()},
    )
    assert response.status_code == 200
    assert not Image.objects.filter(collection=collections["cos"]).exists()


def test_chooser_upload_refuses_a_reserved_collection(staff_client, collections):
    response = staff_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Photo",
            "image-chooser-upload-file": png(),
            "image-chooser-upload-collection": collections["cos"].pk,
        },
    )
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert REFUSAL in unescape(response.json()["htmlFragment"])


def test_an_image_cannot_be_moved_into_a_reserved_collection(client, admin_user, collections):
    image = Image.objects.create(title="Logo", file=get_test_image_file(), collection=collections["logos"])
    client.force_login(admin_user)
    response = client.post(f"/admin/images/{image.pk}/", {"title": "Logo", "collection": collections["cos"].pk})
    assert response.status_code == 200
    assert REFUSAL in unescape(response.text)
    image.refresh_from_db()
    assert image.collection == collections["logos"]

    response = client.post(
        "/admin/bulk/wagtailimages/image/add_to_collection/?next=/admin/images/&id=" + str(image.pk),
        {"collection": collections["cos"].pk},
    )
    assert response.status_code == 200
    assert "collection" in response.context["form"].errors
    image.refresh_from_db()
    assert image.collection == collections["logos"]
