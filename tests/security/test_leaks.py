"""No word of a reserved publication or of a draft reaches an outsider, on any route of the site.

The routes are read from the URL resolver (Wagtail's, the admin's, the site's), not from a hand
list, so that a route added later by Wagtail or by the site is asked too. Each route's parameters
are filled with the ids of the reserved and draft pages, their revisions, the COS document, the
image and the privacy rules (and with ids that do not exist), then asked with GET and POST by an
anonymous visitor and by a logged-in user who is in no group and has no admin access.
"""

import io
import itertools
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from accounts.content import ensure_cos_collection
from accounts.roles import COS_GROUP_NAME
from publications.models import PublicationDocument
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, reserve_for_cos

# Unique words, one per place a reserved or draft text can sit; none of them is in a slug or a
# file name (addresses a visitor types come back in redirects: that echo is not a leak).
RESERVED = {
    "title": "Zorbatitre",
    "search_description": "Zorbadescription",
    "seo_title": "Zorbaseo",
    "summary": "Zorbaresume",
    "body": "Zorbacorps",
    "tag": "Zorbaetiquette",
    "image_alt": "Zorbaalternative",
}
DRAFT = {  # a page never published
    "title": "Quixtitre",
    "search_description": "Quixdescription",
    "summary": "Quixresume",
    "body": "Quixcorps",
    "tag": "Quixetiquette",
}
NEWER_REVISION = {  # unpublished changes of a live page
    "title": "Vultitre",
    "search_description": "Vuldescription",
    "summary": "Vulresume",
    "body": "Vulcorps",
    "tag": "Vuletiquette",
}
DOCUMENT = {"title": "Wexdocument", "content": "Wexcontenu"}
IMAGE = {"title": "Yimimage"}
ALL_MARKERS = [word.lower() for group in (RESERVED, DRAFT, NEWER_REVISION, DOCUMENT, IMAGE) for word in group.values()]
MISSING_ID = "987654"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return ImageFile(buffer, name="illustration.png")


def _body(word):
    return [("paragraph", f"<p>Un paragraphe {word} du texte.</p>")]


@pytest.fixture
def secrets(home_page):
    """A reserved publication, a draft never published and a live page with a newer draft, plus a
    document of the COS collection and an image, each holding its own marker words."""
    index = PublicationIndexPageFactory(parent=home_page)
    Group.objects.get_or_create(name=COS_GROUP_NAME)
    image = get_image_model().objects.create(title=IMAGE["title"], file=_png())

    reserved = PublicationPageFactory(
        parent=index,
        slug="reservee",
        title=RESERVED["title"],
        seo_title=RESERVED["seo_title"],
        search_description=RESERVED["search_description"],
        summary=RESERVED["summary"],
        body=_body(RESERVED["body"]),
        image=image,
        image_alt=RESERVED["image_alt"],
        tags=[RESERVED["tag"]],
    )
    reserve_for_cos(reserved)
    document = get_document_model().objects.create(
        title=DOCUMENT["title"],
        file=ContentFile(DOCUMENT["content"].encode(), name="note.txt"),
        collection=ensure_cos_collection(),
    )
    PublicationDocument.objects.create(page=reserved, document=document)
    reserved.save_revision().publish()

    draft = PublicationPageFactory(
        parent=index,
        slug="brouillon",
        live=False,
        title=DRAFT["title"],
        search_description=DRAFT["search_description"],
        summary=DRAFT["summary"],
        body=_body(DRAFT["body"]),
        tags=[DRAFT["tag"]],
    )
    draft.save_revision()

    changed = PublicationPageFactory(parent=index, slug="modifiee", title="Une publication publique")
    changed.save_revision().publish()
    changed = changed.specific_class.objects.get(pk=changed.pk)
    changed.title = NEWER_REVISION["title"]
    changed.search_description = NEWER_REVISION["search_description"]
    changed.summary = NEWER_REVISION["summary"]
    changed.body = _body(NEWER_REVISION["body"])
    changed.tags.add(NEWER_REVISION["tag"])
    changed.save_revision()

    return {
        "pages": [reserved, draft, changed],
        "revisions": [r.pk for page in (reserved, draft, changed) for r in page.revisions.all()],
        "document": document,
        "image": image,
        "page_restrictions": list(PageViewRestriction.objects.values_list("pk", flat=True)),
        "collection_restrictions": list(CollectionViewRestriction.objects.values_list("pk", flat=True)),
        "collection": document.collection,
    }


def _leaf_formats(patterns, prefix=""):
    """Every route of the URL resolver as a %-format string of its parameters (Django's own
    reading of its patterns, the one `reverse` uses)."""
    for entry in patterns:
        regex = entry.pattern.regex.pattern.lstrip("^").removesuffix("$").removesuffix(r"\Z")
        if isinstance(entry, URLResolver):
            yield from _leaf_formats(entry.url_patterns, prefix + regex)
        else:
            yield from normalize(prefix + regex)


def _candidates(fmt, name, secrets):
    pages = [str(page.pk) for page in secrets["pages"]] + [MISSING_ID]
    revisions = [str(pk) for pk in secrets["revisions"]] + [MISSING_ID]
    document = [str(secrets["document"].pk), MISSING_ID]
    image = [str(secrets["image"].pk), MISSING_ID]
    restrictions = [str(pk) for pk in secrets["page_restrictions"] + secrets["collection_restrictions"]]
    restrictions.append(MISSING_ID)
    every_id = sorted(set(pages + revisions + document + image + restrictions + [str(secrets["collection"].pk)]))
    if fmt == "%(_0)s":  # Wagtail's page-serving route: the pages' own paths
        return [page.url.lstrip("/") for page in secrets["pages"]]
    if fmt.startswith("documents/") and name == "_0":
        return document
    if name == "_1" or "filename" in name:
        return [secrets["document"].filename]
    if "revision" in name:
        return revisions
    if "restriction" in name:
        return restrictions
    if "page" in name or name == "destination_id":
        return pages
    if "document" in name or name == "doc_id":
        return document
    if "image" in name:
        return image
    if "collection" in name:
        return [str(secrets["collection"].pk)]
    if "app" in name:
        return ["publications", "wagtailcore", "wagtaildocs", "wagtailimages"]
    if "model" in name:
        return ["publicationpage", "page", "document", "image"]
    if name == "category":
        return ["compte-rendu", "actualite"]
    if name == "filter_spec":
        return ["original", "fill-100x100"]
    if name in ("uidb64", "token", "action", "action_name"):
        return ["MQ", "preview", "publish"]
    return every_id


def every_url(secrets):
    urls = set()
    for fmt, params in _leaf_formats(get_resolver().url_patterns):
        choices = [_candidates(fmt, name, secrets) for name in params]
        combinations = list(itertools.product(*choices))
        if len(combinations) > 30:  # every candidate in every slot, without the whole product
            longest = max(len(values) for values in choices)
            combinations = [tuple(values[i % len(values)] for values in choices) for i in range(longest)]
        for values in combinations:
            path = "/" + fmt % dict(zip(params, values, strict=True))
            try:
                resolve(path)
            except Resolver404:
                continue
            urls.add(path)
    words = [*ALL_MARKERS, RESERVED["tag"].lower()]
    for word in words:
        urls.add(f"/recherche/?q={word}")
        urls.add(f"/publications/?etiquette={word}")
        urls.add(f"/publications/?q={word}")
    for category in ("compte-rendu", "actualite"):
        urls.add(f"/publications/?categorie={category}")
    urls.update(["/publications/?annee=2021", "/publications/?annee=2026", "/publications/?page=2"])
    return sorted(urls)


def _leaks(url, response, secret_paths):
    """The marker words and the addresses of reserved or draft things in a response, but for
    those the requested address itself holds (a redirect to the login page repeats it, a search
    says which word it looked for: the test below checks that such an echo reveals nothing)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace").lower()
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items()).lower()
    return [
        word for word in [*ALL_MARKERS, *secret_paths] if word not in url.lower() and (word in text or word in headers)
    ]


@pytest.fixture
def outsider(django_user_model):
    return django_user_model.objects.create_user("curieux", "curieux@example.org", "un-mot-de-passe-solide")


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_no_reserved_or_draft_word_on_any_route(client, request, secrets, who):
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    urls = every_url(secrets)
    assert len(urls) > 200  # the resolver's routes were really enumerated
    assert any(url.startswith("/_util/authenticate_with_password/") for url in urls)
    assert any(url.startswith("/admin/pages/") and "/revisions/" in url for url in urls)
    assert f"/documents/{secrets['document'].pk}/note.txt" in urls
    reserved, draft, _changed = secrets["pages"]
    secret_paths = [reserved.url, draft.url, secrets["document"].url]
    found = {}
    for url in urls:
        # The admin refuses outsiders before reading the method: POST is asked of the rest.
        for method in (client.get,) if url.startswith("/admin/") else (client.get, client.post):
            response = method(url)
            assert response.status_code < 500, url
            leaked = _leaks(url, response, secret_paths)
            if leaked:
                found[f"{method.__name__.upper()} {url} ({response.status_code})"] = leaked
            if who == "outsider" and "_auth_user_id" not in client.session:  # POST /deconnexion/
                client.force_login(request.getfixturevalue("outsider"))
    assert not found, found


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_search_and_filters_answer_the_same_for_secret_and_unknown_words(client, request, secrets, who):
    """A search or filter with a secret word answers exactly as with a word nobody used: no count,
    no "did you mean", no different status to tell that the word exists somewhere."""
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    for word in ALL_MARKERS:
        for template in ("/recherche/?q={}", "/publications/?etiquette={}"):
            secret = client.get(template.format(word))
            unknown = client.get(template.format("inconnuxyz"))
            assert secret.status_code == unknown.status_code, template.format(word)
            secret_html = CSRF_TOKEN.sub("", secret.content.decode()).replace(word, "inconnuxyz")
            unknown_html = CSRF_TOKEN.sub("", unknown.content.decode())
            assert secret_html == unknown_html, template.format(word)


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_password_routes_do_not_tell_which_ids_exist(client, request, secrets, who):
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    restriction = secrets["page_restrictions"][0]
    collection_restriction = secrets["collection_restrictions"][0]
    for page in secrets["pages"]:
        for method in (client.get, client.post):
            existing = method(f"/_util/authenticate_with_password/{restriction}/{page.pk}/")
            missing = method(f"/_util/authenticate_with_password/{MISSING_ID}/{MISSING_ID}/")
            assert existing.status_code == missing.status_code == 404
            assert "Page introuvable" in existing.content.decode()
    for method in (client.get, client.post):
        existing = method(f"/documents/authenticate_with_password/{collection_restriction}/")
        missing = method(f"/documents/authenticate_with_password/{MISSING_ID}/")
        assert existing.status_code == missing.status_code == 404


def test_wagtail_login_sends_to_the_site_s_login(client, home_page):
    response = client.get("/_util/login/?next=/publications/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/publications/"
    # No second login form to guess passwords on: a POST is sent away too, never authenticated.
    assert client.post("/_util/login/", {"username": "x", "password": "y"}).status_code == 302


def test_admin_privacy_offers_no_shared_password(client, admin_user, secrets):
    client.force_login(admin_user)
    page = secrets["pages"][2]
    html = client.get(f"/admin/pages/{page.pk}/privacy/").json()["html"]
    assert 'value="groups"' in html
    assert 'value="password"' not in html
    response = client.post(f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "password", "password": "partage"})
    assert not PageViewRestriction.objects.filter(page=page, restriction_type="password").exists()
    assert response.status_code == 200
    assert 'value="password"' not in response.json()["html"]
    collection = secrets["collection"]
    html = client.get(f"/admin/collections/{collection.pk}/privacy/").json()["html"]
    assert 'value="groups"' in html
    assert 'value="password"' not in html


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_legacy_password_restriction_shows_no_page(client, request, secrets, who):
    """A shared-password restriction made before the site switched them off: no password form
    rendering the page, a login or "access reserved" page like any reserved page."""
    if who == "outsider":
        client.force_login(request.getfixturevalue("outsider"))
    page = secrets["pages"][2]
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="partage")
    response = client.get(page.url)
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert "Une publication publique" not in response.content.decode()
    if who == "anonymous":
        assert response["Location"] == f"/connexion/?next={page.url}"
