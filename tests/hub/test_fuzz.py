"""Bad input never gives a 500: random paths, query parameters, headers and form bodies thrown at
every public URL of the built site answer 2xx, 3xx or 4xx, and an HTML error page is the site's own
French one.

A new filter or form joins with one line: a `Target(path, {parameter: strategy})` in TARGETS, or a
`Target(path, {field: strategy}, method="post")` in FORMS. FUZZ_EXAMPLES (default 200) sets how many
requests are tried.
"""

import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.text import slugify
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.departements import Departement
from inbox.spam import start_token
from members.models import Role
from places.choices import Frais, Public, Service
from places.filters import slug_choices
from publications.models import Category

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))

# --- Values -----------------------------------------------------------------------------------
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e9",
    "99999999999999999999999",
    "１２",
    "NaN",
    "None",
    "null",
    "\x00",
    "%00",
    "%",
    "%zz",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"',
    "\\",
    "é" * 300,
    "a" * 5000,
    "[]",
    "{}",
    "\u202e",
    "\ufeff",
    "🦏",
]
ANY_TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))


def value(*valid):
    """A parameter value: a valid one (so that filters combine), a nasty one or any text."""
    return st.one_of(st.sampled_from([str(v) for v in valid]), ANY_TEXT) if valid else ANY_TEXT


PAGE = value(1, 2, 3, 0, -1, 999999, "last")
YEAR = value(2021, 2024, 1900, 0, 9999, 10**30)
PATH_TEXT = st.text(st.characters(exclude_characters="?#", exclude_categories=("Cs",)), max_size=30)
REDIRECT = st.one_of(
    st.sampled_from(["/", "/publications/", "//evil.example/", "https://evil.example/", "javascript:x"]), PATH_TEXT
)


@dataclass(frozen=True)
class Target:
    path: str
    params: dict = field(default_factory=dict)
    method: str = "get"


# --- Every public URL and the query parameters it reads ----------------------------------------
TARGETS = [
    Target("/", {"page": PAGE}),
    Target("/mentions-legales/"),
    Target("/accessibilite/"),
    Target("/membres/", {"role": value(*Role.values), "departement": value(*Departement.values), "page": PAGE}),
    Target("/membres/la-melee/"),
    Target("/gouvernance/"),
    Target("/gouvernance/cos/"),
    Target("/gouvernance/poles/"),
    Target("/gouvernance/poles/haute-garonne/"),
    Target(
        "/publications/",
        {
            "categorie": value(*Category.values),
            "etiquette": value("caf", "subvention", "cos"),
            "annee": YEAR,
            "page": PAGE,
        },
    ),
    Target("/publications/subvention-10000-euros-ateliers-mediation-numerique/"),
    Target("/publications/flux/rss/"),
    Target("/publications/flux/atom/"),
    Target("/publications/flux/financement/rss/"),
    Target(
        "/lieux/",
        {
            "q": value("toulouse", "31000", "herault", "saint jean"),
            "departement": value("31", "34", "2A", "75"),
            "service": value(*[slug for slug, _ in slug_choices(Service)]),
            "public": value(*[slug for slug, _ in slug_choices(Public)]),
            "frais": value(*[slug for slug, _ in slug_choices(Frais)]),
            "autour": value("43.60,1.44", "43.6,1.4", "-90,180", "91,0", "43.605,1.44"),
            "page": PAGE,
        },
    ),
    Target("/lieux/export/lieux.geojson", {"service": value("aide-aux-demarches-administratives"), "q": ANY_TEXT}),
    Target("/recherche/", {"q": value("numérique", "caf", "cos", "compte rendu"), "page": PAGE}),
    Target("/connexion/", {"next": REDIRECT}),
    Target("/mot-de-passe-oublie/"),
    Target(
        "/lieux/carte/",
        {
            "departement": value(*Departement.values),
            "service": value(*(slugify(label) for label in Service.labels)),
            "frais": value(*(slugify(label) for label in Frais.labels)),
            "q": value("Toulouse", "31000"),
        },
    ),
    Target("/sitemap.xml", {"p": PAGE}),
    Target("/robots.txt"),
]

# --- Every form a visitor can post ---------------------------------------------------------------
# The correction form needs a place: built_site adds this one.
FUZZ_PLACE_SLUG = "lieu-du-fuzz"
EMAIL = st.one_of(st.emails(), ANY_TEXT)
# The public forms' traps: a start time old enough (so that fuzzing reaches the forms' checks), or not.
INBOX_GUARDS = {"debut": value(start_token(time.time() - 60)), "site_internet_confirmation": value("")}
FORMS = [
    Target(
        "/connexion/", {"username": value("admin", "membre-cos-demo"), "password": ANY_TEXT, "next": REDIRECT}, "post"
    ),
    Target("/mot-de-passe-oublie/", {"email": EMAIL}, "post"),
    Target("/deconnexion/", {"next": REDIRECT}, "post"),
    Target("/recherche/", {"q": ANY_TEXT}, "post"),
    Target("/publications/", {"categorie": ANY_TEXT}, "post"),
    Target(
        "/contact/",
        {
            **INBOX_GUARDS,
            "name": ANY_TEXT,
            "email": EMAIL,
            "subject": value("Une question"),
            "message": ANY_TEXT,
            "copy": value("on"),
        },
        "post",
    ),
    Target(
        "/lieux/referencer/",
        {
            **INBOX_GUARDS,
            "nom": ANY_TEXT,
            "pivot": value("73282932000074"),
            "code_postal": value("31600"),
            "telephone": value("05 61 00 00 00"),
            "services": value("Aide aux démarches administratives"),
            "horaires_Mo": value("9h-12h"),
            "site_web": ANY_TEXT,
            "email": EMAIL,
        },
        "post",
    ),
    Target(
        f"/lieux/signaler/{FUZZ_PLACE_SLUG}/",
        {
            **INBOX_GUARDS,
            "telephone": ANY_TEXT,
            "code_postal": value("31600", "3160"),
            "horaires": ANY_TEXT,
            "site_web": ANY_TEXT,
            "closed": value("on"),
            "comment": ANY_TEXT,
            "name": ANY_TEXT,
            "email": EMAIL,
        },
        "post",
    ),
]

# --- Headers: any value a client may send within HTTP's rules (latin-1, no control character) ----
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=60)
HEADERS = {
    "HTTP_HOST": st.one_of(
        st.sampled_from(
            [
                "testserver",
                "TESTSERVER",
                "localhost:8000",
                "127.0.0.1:80",
                "testserver.",
                "evil.example",
                "testserver:abc",
                "[::1]",
                "a" * 300,
                "testserver@evil",
                "",
                "xn--hbr-xla",
            ]
        ),
        HEADER_TEXT,
    ),
    "HTTP_ACCEPT": st.one_of(st.sampled_from(["*/*", "application/json", "text/html;q=0", "image/webp"]), HEADER_TEXT),
    "HTTP_ACCEPT_LANGUAGE": st.one_of(
        st.sampled_from(["en", "de-DE,de;q=0.9", "*", "fr-CA", "zz-ZZ", ";q="]), HEADER_TEXT
    ),
    "HTTP_COOKIE": st.one_of(
        HEADER_TEXT, HEADER_TEXT.map(lambda v: f"sessionid={v}"), HEADER_TEXT.map(lambda v: f"csrftoken={v}")
    ),
    "HTTP_X_FORWARDED_FOR": st.one_of(st.sampled_from(["1.2.3.4", "::1", "1.1.1.1, 2.2.2.2", "unknown"]), HEADER_TEXT),
    "HTTP_IF_NONE_MATCH": HEADER_TEXT,
    "HTTP_IF_MODIFIED_SINCE": st.one_of(st.sampled_from(["Sat, 29 Oct 1994 19:43:31 GMT", "0"]), HEADER_TEXT),
    "HTTP_RANGE": st.one_of(st.sampled_from(["bytes=0-10", "bytes=-5", "bytes=9-1"]), HEADER_TEXT),
}

# Random paths under every route prefix the site (and Wagtail) answer.
PREFIXES = sorted({t.path for t in TARGETS} | {"/documents/1/", "/mot-de-passe/", "/_util/", "/admin/", "/media/"})


@st.composite
def requests(draw):
    kind = draw(st.sampled_from(["target", "form", "path"]))
    if kind == "path":
        target = Target(
            draw(st.sampled_from(PREFIXES)) + draw(PATH_TEXT), method=draw(st.sampled_from(["get", "head", "post"]))
        )
    else:
        target = draw(st.sampled_from(TARGETS if kind == "target" else FORMS))
    data = {}
    for name, strategy in target.params.items():
        if draw(st.booleans()):
            data[name] = draw(st.lists(strategy, min_size=1, max_size=2))
    if draw(st.booleans()):  # a parameter nobody reads
        data[draw(st.text(min_size=1, max_size=10))] = [draw(ANY_TEXT)]
    headers = {name: draw(strategy) for name, strategy in HEADERS.items() if draw(st.integers(0, 3)) == 0}
    return kind, target, data, headers, draw(st.booleans())


ENGLISH_HEADINGS = re.compile(
    r"<h1[^>]*>\s*(Bad Request|Not Found|Forbidden|Server Error|Method Not Allowed|Page not found)", re.I
)
TRIED = Counter()
STATUSES = Counter()


def check(kind, target, data, headers, enforce_csrf):
    client = Client(enforce_csrf_checks=enforce_csrf)
    if target.method == "post":
        response = client.post(target.path, data, **headers)
    else:
        path = f"{target.path}?{urlencode(data, doseq=True)}" if data else target.path
        response = getattr(client, target.method)(path, **headers)
    TRIED[f"{kind} {target.method}"] += 1
    status = response.status_code
    STATUSES[status] += 1
    assert status < 500, (status, target.method, target.path, data, headers)
    content_type = response.get("Content-Type", "")
    if status >= 400 and target.method != "head" and content_type.startswith("text/html"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        html = body.decode("utf-8", "replace")
        assert 'lang="fr"' in html, (status, target.path, html[:300])
        assert not ENGLISH_HEADINGS.search(html), (status, target.path, html[:300])
        STATUSES["French error pages"] += 1


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(requests())
def fuzz(request):
    check(*request)


@pytest.fixture
def built_site(db):
    from tests.places.conftest import create_place

    call_command("build_site", stdout=StringIO())
    place = create_place(1)
    place.slug = FUZZ_PLACE_SLUG
    place.save()


def test_bad_input_never_gives_a_500(built_site):
    # The fuzzing starts from URLs that exist (a renamed page would leave it fuzzing 404s).
    for target in TARGETS:
        assert Client().get(target.path).status_code == 200, target.path
    for form in FORMS:
        assert Client().post(form.path).status_code in (200, 302, 405), form.path

    TRIED.clear()
    STATUSES.clear()
    started = time.monotonic()
    fuzz()
    total = sum(TRIED.values())
    print(
        f"\nfuzz: {total} requests in {time.monotonic() - started:.0f} s "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(TRIED.items()))}); "
        f"answers: {', '.join(f'{k}: {v}' for k, v in sorted(STATUSES.items(), key=str))}"
    )
    assert total >= EXAMPLES
    assert STATUSES["French error pages"], "no HTML error page was checked: the inputs are too tame"
