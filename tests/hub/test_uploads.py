"""Uploads: images too large for the server are refused in French, the renditions the templates use
are made when an image is saved, and documents are always downloaded, never displayed."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from accounts.content import build_groups_and_workflow
from accounts.roles import EDITORS_GROUP_NAME
from core.images import RENDITION_FILTERS
from core.pictures import PICTURE_SIZES, SHARE_FILTER
from core.site_builder import Builder


def _png(width, height, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(client, title, name, data):
    file = SimpleUploadedFile(name, data, "image/png")
    collection = Collection.get_first_root_node().pk
    return client.post("/admin/images/add/", {"title": title, "file": file, "collection": collection})


@pytest.fixture
def editor_client(client, django_user_model, home_page):
    build_groups_and_workflow(Builder())
    editor = django_user_model.objects.create_user("redactrice", password="x")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP_NAME))
    client.force_login(editor)
    return client


def test_a_40_megapixel_png_is_refused_in_french(editor_client):
    data = _png(8000, 5000, mode="1")  # 40 Mpx, a few KB on disk: the size limit alone lets it in
    assert len(data) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = _upload(editor_client, "Affiche géante", "affiche.png", data)
    assert response.status_code == 200  # the form again, with its error
    html = response.content.decode()
    assert "Cette image est trop grande : elle dépasse 25\u00a0millions de pixels" in html
    assert "Réduisez ses dimensions" in html
    assert not get_image_model().objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.png"))


def test_the_multiple_upload_refuses_it_too(editor_client):
    # Wagtail's "Ajouter une image" menu opens this uploader, which answers in JSON.
    data = _png(8000, 5000, mode="P")
    file = SimpleUploadedFile("affiche.png", data, "image/png")
    collection = Collection.get_first_root_node().pk
    response = editor_client.post("/admin/images/multiple/add/", {"files[]": file, "collection": collection})
    answer = response.json()
    assert answer["success"] is False
    assert "elle dépasse 25\u00a0millions de pixels" in answer["error_message"]
    assert not get_image_model().objects.exists()


def test_a_file_over_the_size_limit_is_refused_in_french(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    data = _png(200, 200) + b"\0" * 2000
    response = _upload(editor_client, "Lourde", "lourde.png", data)
    assert "Ce fichier est trop gros" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_image_within_the_limits_is_saved_with_its_renditions(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(editor_client, "Atelier", "atelier.png", _png(1200, 900))
    assert response.status_code == 302
    image = get_image_model().objects.get()
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(RENDITION_FILTERS)
    for rendition in image.renditions.all():
        assert Path(rendition.file.path).is_file()


def test_replacing_the_file_remakes_the_renditions(client, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Carte", file=ContentFile(_png(600, 300), name="carte.png"))
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/images/{image.pk}/",
            {
                "title": "Carte",
                "file": SimpleUploadedFile("carte-2.png", _png(300, 600), "image/png"),
                "collection": image.collection_id,
            },
        )
    assert response.status_code == 302
    renditions = {r.filter_spec: (r.width, r.height) for r in image.renditions.all()}
    assert renditions.keys() == set(RENDITION_FILTERS)
    assert renditions["width-400|format-webp"] == (300, 600)  # made from the new file


def test_saving_an_image_in_code_makes_its_renditions(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Logo", file=ContentFile(_png(400, 200), name="logo.png"))
    assert image.renditions.count() == len(RENDITION_FILTERS)
    width_800 = image.renditions.get(filter_spec="width-800|format-webp")
    assert (width_800.width, width_800.height) == (400, 200)  # never enlarged
    assert image.renditions.get(filter_spec="max-160x80|format-png").width == 160


# The worker closes connections that are inside a transaction (on PostgreSQL): no test transaction;
# serialized_rollback gives the next tests back the rows migrations made (Wagtail's root page).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_the_renditions_wait_for_the_database_worker(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "renditions": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(title="Photo", file=ContentFile(_png(900, 600), name="photo.png"))
    assert not image.renditions.exists()  # the save did not wait for them
    assert DBTaskResult.objects.filter(backend_name="renditions").count() == 1

    call_command("db_worker", "--backend", "renditions", "--batch", "--no-startup-delay", verbosity=0)
    assert image.renditions.count() == len(RENDITION_FILTERS)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_every_template_image_size_is_made_ahead():
    """A size used by a template but missing from RENDITION_FILTERS would be resized on a visit."""
    image_tag = re.compile(r"{%\s*image\s+\S+\s+(.*?)%}")
    picture_tag = re.compile(r"{%\s*sized_picture\s+\S+\s+\"([^\"]+)\"")
    specs, sizes = set(), set()
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        for arguments in image_tag.findall(text):
            filters = [word for word in arguments.split() if "=" not in word and word != "as"]
            specs.add("|".join(filters))
        sizes.update(picture_tag.findall(text))
    assert sizes, "no {% sized_picture %} tag found: the pattern above is out of date"
    assert sizes <= PICTURE_SIZES.keys(), sizes - PICTURE_SIZES.keys()
    specs.update(spec for size in sizes for spec in PICTURE_SIZES[size].filter_specs)
    assert specs <= set(RENDITION_FILTERS), specs - set(RENDITION_FILTERS)
    assert SHARE_FILTER in RENDITION_FILTERS


@pytest.mark.parametrize(
    ("name", "content"),
    [("rapport.pdf", b"%PDF-1.4 rapport"), ("page.txt", b"<html><script>alert(1)</script></html>")],
)
def test_public_documents_are_downloaded_never_displayed(client, db, name, content):
    document = get_document_model().objects.create(title="Rapport", file=ContentFile(content, name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Encoding" not in response, response["Content-Encoding"]
