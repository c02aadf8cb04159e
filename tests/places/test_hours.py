"""Opening hours: parsing, the French description, "open now" at fixed Paris instants, cache life."""

import datetime
import itertools
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.urls import path

from core.cache import limit_page_cache
from places import hours
from places.hours import PARIS, cache_seconds, describe, open_state, parse
from places.models import Place
from rhinocc import urls as site_urls

WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00; PH off"


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


# --- Parsing and description ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            WEEKDAYS,
            [
                "du lundi au vendredi, de 9 h à 12 h et de 14 h à 18 h 30",
                "samedi, de 9 h à 12 h",
                "fermé les jours fériés",
            ],
        ),
        ("Tu,Th 14:00-17:00", ["mardi et jeudi, de 14 h à 17 h"]),
        ("Mo,We-Fr 09:00-12:00", ["lundi et du mercredi au vendredi, de 9 h à 12 h"]),
        ("Mo-Su 08:00-20:00", ["tous les jours, de 8 h à 20 h"]),
        ("10:00-12:00", ["tous les jours, de 10 h à 12 h"]),
        ("24/7", ["ouvert 24 h sur 24, 7 jours sur 7"]),
        ("Fr-Sa 20:00-02:00", ["vendredi et samedi, de 20 h à 2 h le lendemain"]),
        ("Mo-Fr 20:00-26:00", ["du lundi au vendredi, de 20 h à 2 h le lendemain"]),
        ("Mo-Fr 09:00-24:00", ["du lundi au vendredi, de 9 h à minuit"]),
        ("Mo-Fr", ["du lundi au vendredi, toute la journée"]),
        ("Mo-Fr 09:00-17:00; Aug off", ["du lundi au vendredi, de 9 h à 17 h", "fermé en août"]),
        ("Jul-Aug Mo-Fr 10:00-12:00", ["en juillet et août, du lundi au vendredi, de 10 h à 12 h"]),
        ("Jun-Sep Sa 10:00-12:00", ["de juin à septembre, samedi, de 10 h à 12 h"]),
        (
            "Mo-Fr 09:00-17:00; Dec 25,Jan 01 off",
            ["du lundi au vendredi, de 9 h à 17 h", "fermé le 25 décembre et le 1er janvier"],
        ),
        ("Aug 01-Aug 15 off", ["fermé du 1er au 15 août"]),
        ("Dec 24-Jan 02 off", ["fermé du 24 décembre au 2 janvier"]),
        (
            "Mo-Sa 09:00-12:00; Su,PH off",
            ["du lundi au samedi, de 9 h à 12 h", "fermé le dimanche et les jours fériés"],
        ),
        ("PH 10:00-12:00", ["les jours fériés, de 10 h à 12 h"]),
        ('"sur rendez-vous"', ["sur rendez-vous"]),
        ('Tu 14:00-17:00 "sur rendez-vous"', ["mardi, de 14 h à 17 h (sur rendez-vous)"]),
        # Additional rule (", "): both apply.
        ("Mo-Fr 09:00-12:00, Sa 10:00-12:00", ["du lundi au vendredi, de 9 h à 12 h", "samedi, de 10 h à 12 h"]),
        # Written carelessly but valid: lower case, no leading zero, "off" spelled "closed".
        ("mo-fr 9:00-12:00; PH closed", ["du lundi au vendredi, de 9 h à 12 h", "fermé les jours fériés"]),
        # A later rule replaces Wednesday: the description never says both.
        (
            "Mo-Fr 09:00-18:00; We 09:00-12:00",
            ["lundi, mardi, jeudi et vendredi, de 9 h à 18 h", "mercredi, de 9 h à 12 h"],
        ),
        ("Mo-Fr 09:00-12:00; Mo-Fr 14:00-17:00", ["du lundi au vendredi, de 14 h à 17 h"]),
        # An additional rule adds Wednesday afternoon to the mornings.
        (
            "Mo-Fr 09:00-12:00, We 14:00-17:00",
            ["lundi, mardi, jeudi et vendredi, de 9 h à 12 h", "mercredi, de 9 h à 12 h et de 14 h à 17 h"],
        ),
        # A comment alone after other rules applies to every day (the library says "open").
        ('Mo-Fr 09:00-12:00; "sur rendez-vous"', ["sur rendez-vous"]),
        # So does a closing for every day: never « samedi et dimanche » then « fermé ».
        ("Sa,Su 10:00-12:00; off", ["fermé"]),
        ("Mo unknown", ["lundi, horaires à confirmer"]),
        ("24/7 unknown", ["horaires à confirmer"]),
    ],
)
def test_french_description(text, lines):
    assert describe(text) == lines


@pytest.mark.parametrize(
    "text",
    ["sunrise-sunset", "Mo[1] 10:00-12:00", "Mo-Fr 09:00-12:00+", "week 01-10 Mo 10:00-12:00", "SH off", "easter off"],
)
def test_patterns_not_described_leave_the_raw_text_to_the_caller(text):
    assert parse(text) is not None  # valid hours...
    assert describe(text) is None  # ...that the caller shows as written


@pytest.mark.parametrize("text", ["", "   ", None, "lundi 9h-12h", "Mo-Fr 09h00-12h00", "Mo-Fr 25:00-26:00x"])
def test_unparseable_or_empty_hours_are_none(text):
    assert parse(text) is None
    assert describe(text) is None
    state = open_state(text, paris(2026, 7, 15, 10))
    assert (state.is_open, state.next_change, state.label) == (None, None, "")


# --- Open now ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "is_open", "next_change", "label"),
    [
        # Wednesday 15 July 2026, mid-morning.
        (paris(2026, 7, 15, 10), True, paris(2026, 7, 15, 12), "Ouvert maintenant, ferme à 12 h"),
        # Lunch break.
        (paris(2026, 7, 15, 12, 30), False, paris(2026, 7, 15, 14), "Fermé maintenant, ouvre à 14 h"),
        (paris(2026, 7, 15, 18, 0), True, paris(2026, 7, 15, 18, 30), "Ouvert maintenant, ferme à 18 h 30"),
        # Evening: opens tomorrow.
        (paris(2026, 7, 15, 19), False, paris(2026, 7, 16, 9), "Fermé maintenant, ouvre demain à 9 h"),
        # Sunday 19 July: opens tomorrow, Monday.
        (paris(2026, 7, 19, 11), False, paris(2026, 7, 20, 9), "Fermé maintenant, ouvre demain à 9 h"),
        # Saturday afternoon: closed until Monday.
        (paris(2026, 7, 18, 15), False, paris(2026, 7, 20, 9), "Fermé maintenant, ouvre lundi à 9 h"),
        # Tuesday 14 July 2026 (Fête nationale) and Easter Monday 6 April 2026: PH off.
        (paris(2026, 7, 14, 10), False, paris(2026, 7, 15, 9), "Fermé maintenant, ouvre demain à 9 h"),
        (paris(2026, 4, 6, 10), False, paris(2026, 4, 7, 9), "Fermé maintenant, ouvre demain à 9 h"),
        # Ascension (Thursday 14 May 2026).
        (paris(2026, 5, 14, 10), False, paris(2026, 5, 15, 9), "Fermé maintenant, ouvre demain à 9 h"),
    ],
)
def test_open_state_at_fixed_instants(at, is_open, next_change, label):
    state = open_state(WEEKDAYS, at)
    assert (state.is_open, state.next_change, state.label) == (is_open, next_change, label)


def test_public_holiday_without_ph_rule_keeps_the_weekday_hours():
    assert open_state("Mo-Fr 09:00-12:00", paris(2026, 7, 14, 10)).is_open is True


def test_an_exception_closes_the_month_and_says_when_it_reopens():
    text = "Mo-Fr 09:00-17:00; Aug off"
    assert open_state(text, paris(2026, 7, 31, 10)).is_open is True
    state = open_state(text, paris(2026, 8, 3, 10))  # a Monday in August
    assert state.is_open is False
    assert state.next_change == paris(2026, 9, 1, 9)
    assert state.label == "Fermé maintenant, ouvre le 1er septembre à 9 h"


def test_a_single_date_exception():
    text = "Mo-Fr 09:00-17:00; Dec 24 off"
    assert open_state(text, paris(2026, 12, 24, 10)).is_open is False  # a Thursday
    assert open_state(text, paris(2026, 12, 23, 10)).is_open is True


@pytest.mark.parametrize(
    ("at", "is_open", "next_change", "label"),
    [
        # Friday 17 July 2026, before and after midnight; Sunday night after the Saturday evening.
        (paris(2026, 7, 17, 19), False, paris(2026, 7, 17, 20), "Fermé maintenant, ouvre à 20 h"),
        (paris(2026, 7, 17, 23), True, paris(2026, 7, 18, 2), "Ouvert maintenant, ferme demain à 2 h"),
        (paris(2026, 7, 18, 1), True, paris(2026, 7, 18, 2), "Ouvert maintenant, ferme à 2 h"),
        (paris(2026, 7, 19, 1), True, paris(2026, 7, 19, 2), "Ouvert maintenant, ferme à 2 h"),
        (paris(2026, 7, 19, 3), False, paris(2026, 7, 24, 20), "Fermé maintenant, ouvre vendredi à 20 h"),
        # Thursday night is not Friday's: closed.
        (paris(2026, 7, 17, 1), False, paris(2026, 7, 17, 20), "Fermé maintenant, ouvre à 20 h"),
    ],
)
def test_hours_crossing_midnight(at, is_open, next_change, label):
    state = open_state("Fr-Sa 20:00-02:00", at)
    assert (state.is_open, state.next_change, state.label) == (is_open, next_change, label)


def test_closing_at_midnight_says_midnight_not_tomorrow():
    state = open_state("Mo-Fr 09:00-24:00", paris(2026, 7, 15, 23))
    assert state.label == "Ouvert maintenant, ferme à minuit"


def test_daylight_saving_days():
    # 29 March 2026: clocks go from 02:00 to 03:00; 25 October 2026: from 03:00 back to 02:00.
    spring = open_state("Su 01:00-04:00", paris(2026, 3, 29, 1, 30))
    assert spring.is_open is True
    assert spring.next_change == paris(2026, 3, 29, 4)
    assert cache_seconds(["Su 01:00-04:00"], paris(2026, 3, 29, 1, 30)) == 90 * 60
    opening = open_state("Su 09:00-12:00", paris(2026, 3, 29, 3, 30))
    assert (opening.is_open, opening.next_change) == (False, paris(2026, 3, 29, 9))
    assert cache_seconds(["Su 09:00-12:00"], paris(2026, 3, 29, 3, 30)) == (5 * 60 + 30) * 60
    autumn = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)  # 02:30 summer time in Paris
    assert open_state("Su 01:00-04:00", autumn).is_open is True
    # From 00:30 UTC to 04:00 winter time (03:00 UTC): two and a half hours.
    assert cache_seconds(["Su 01:00-04:00"], autumn) == 150 * 60


def test_instants_in_other_time_zones_and_naive_ones_are_read_in_paris_time():
    utc = datetime.datetime(2026, 7, 15, 7, 30, tzinfo=datetime.UTC)  # 09:30 in Paris
    assert open_state(WEEKDAYS, utc).is_open is True
    assert open_state(WEEKDAYS, datetime.datetime(2026, 7, 15, 8, 30)).is_open is False


def test_coordinates_place_sunrise_and_bad_ones_are_ignored():
    # Sunrise in Toulouse on 21 June is a little after 6:15 (summer time).
    toulouse = (43.6, 1.44)
    assert open_state("sunrise-12:00", paris(2026, 6, 21, 5, 30), coords=toulouse).is_open is False
    state = open_state("sunrise-12:00", paris(2026, 6, 21, 7), coords=toulouse)
    assert state.is_open is True
    assert state.next_change == paris(2026, 6, 21, 12)
    assert parse("Mo-Fr 09:00-12:00", coords=(200, 500)) is None


def test_unknown_and_comment_only_hours_have_no_sure_state():
    assert open_state('"sur rendez-vous"', paris(2026, 7, 15, 10)).is_open is None
    assert open_state('"sur rendez-vous"', paris(2026, 7, 15, 10)).label == "Sur rendez-vous"
    unknown = open_state("Mo unknown", paris(2026, 7, 13, 10))
    assert (unknown.is_open, unknown.label, unknown.css_state) == (None, "Ouverture à confirmer", "unknown")
    commented = open_state('Mo-Fr 09:00-12:00 "sur rendez-vous"', paris(2026, 7, 15, 10))
    assert (commented.is_open, commented.comment) == (True, "sur rendez-vous")


def test_always_open_and_always_closed():
    assert open_state("24/7", paris(2026, 7, 15, 3)) == hours.OpenState(True, None, "Ouvert maintenant")
    assert open_state("off", paris(2026, 7, 15, 3)) == hours.OpenState(False, None, "Fermé maintenant")
    state = open_state(WEEKDAYS, paris(2026, 7, 15, 10))
    assert (state.headline, state.detail, state.css_state) == ("Ouvert maintenant", "ferme à 12 h", "open")


# --- Cache lifetime ---------------------------------------------------------------------------


def test_cache_seconds_is_the_time_to_the_earliest_change():
    at = paris(2026, 7, 15, 10, 15)
    assert cache_seconds([WEEKDAYS], at) == 105 * 60
    assert cache_seconds([WEEKDAYS, "Mo-Fr 09:00-10:30", "nonsense", "", "24/7"], at) == 15 * 60
    assert cache_seconds(["24/7", "off", "nonsense"], at) is None
    assert cache_seconds([], at) is None
    # In the evening the labels say « demain »: the page is rebuilt at midnight at the latest.
    assert open_state(WEEKDAYS, paris(2026, 7, 15, 19)).label == "Fermé maintenant, ouvre demain à 9 h"
    assert cache_seconds([WEEKDAYS], paris(2026, 7, 15, 19)) == 5 * 3600
    assert cache_seconds([WEEKDAYS], paris(2026, 7, 18, 23, 30)) == 30 * 60  # Saturday, open Monday
    # A change a few seconds away still gives at least one second.
    assert cache_seconds([WEEKDAYS], paris(2026, 7, 15, 11, 59, 59, 500000)) == 1


# --- Template tags ----------------------------------------------------------------------------


def render(source, **context):
    return Template("{% load places_tags %}" + source).render(Context(context)).strip()


def test_place_hours_tag_shows_french_lines_or_the_raw_text():
    html = render("{% place_hours place %}", place=Place(horaires=WEEKDAYS))
    assert "<li>Du lundi au vendredi, de 9 h à 12 h et de 14 h à 18 h 30</li>" in html
    assert "<li>Fermé les jours fériés</li>" in html
    raw = render("{% place_hours place %}", place=Place(horaires="lundi 9h-12h <b>sur RDV</b>"))
    assert raw == '<p class="place-hours place-hours--raw">lundi 9h-12h &lt;b&gt;sur RDV&lt;/b&gt;</p>'
    assert render("{% place_hours place %}", place=Place(horaires="sunrise-sunset")).endswith(">sunrise-sunset</p>")
    assert render("{% place_hours place %}", place=Place(horaires="")) == ""


def test_place_open_state_tag_says_the_state_in_words_with_a_shape():
    place = Place(horaires=WEEKDAYS, latitude=43.6, longitude=1.44)
    html = render("{% place_open_state place at %}", place=place, at=paris(2026, 7, 15, 10))
    assert 'class="open-state open-state--open"' in html
    assert '<span class="open-state__mark" aria-hidden="true"></span> <strong>Ouvert maintenant</strong>' in html
    assert '<time datetime="2026-07-15T12:00:00+02:00">ferme à 12 h</time>' in html
    closed = render("{% place_open_state place at %}", place=place, at=paris(2026, 7, 14, 10))
    assert "open-state--closed" in closed
    assert "<strong>Fermé maintenant</strong>" in closed
    assert render("{% place_open_state place %}", place=Place(horaires="n'importe quoi")) == ""
    rdv = render("{% place_open_state place %}", place=Place(horaires='"sur rendez-vous"'))
    assert "open-state--unknown" in rdv
    assert "<strong>Sur rendez-vous</strong>" in rdv


# --- Page cache lifetime (core.cache) -------------------------------------------------------


def _view_with_lifetime(seconds):
    def view(request):
        return limit_page_cache(HttpResponse(f"vue {next(_counter)}"), seconds)

    return view


_counter = itertools.count()
urlpatterns = [
    path("une-seconde/", _view_with_lifetime(1)),
    path("jamais/", _view_with_lifetime(0)),
    path("negatif/", _view_with_lifetime(-5)),
    path("longue/", _view_with_lifetime(10**9)),
    path("sans-limite/", _view_with_lifetime(None)),
    *site_urls.urlpatterns,  # the middleware stack links to the admin
]


def _stored_timeouts():
    """Seconds left for each page-cache entry, read from the (local memory) cache backend."""
    now = time.time()
    return [expiry - now for key, expiry in cache._expire_info.items() if "pagecache" in key]


@pytest.fixture
def page_cache():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.usefixtures("page_cache")
class TestPageCacheLifetime:
    def test_entry_expires_after_the_lifetime_the_response_asked(self, client):
        first = client.get("/une-seconde/")
        assert first["X-Cache"] == "MISS"
        second = client.get("/une-seconde/")
        assert (second["X-Cache"], second.content) == ("HIT", first.content)
        [left] = _stored_timeouts()
        assert 0 < left <= 1
        time.sleep(1.1)
        third = client.get("/une-seconde/")
        assert third["X-Cache"] == "MISS"
        assert third.content != first.content

    @pytest.mark.parametrize("url", ["/jamais/", "/negatif/"])
    def test_a_lifetime_of_zero_or_less_is_never_stored(self, client, url):
        assert "X-Cache" not in client.get(url)
        assert "X-Cache" not in client.get(url)
        assert _stored_timeouts() == []

    @pytest.mark.parametrize("url", ["/longue/", "/sans-limite/"])
    def test_the_site_lifetime_is_the_upper_bound(self, client, url):
        client.get(url)
        [left] = _stored_timeouts()
        assert 590 < left <= 600

    def test_the_smallest_limit_wins(self):
        response = limit_page_cache(limit_page_cache(HttpResponse(), 300), 900)
        assert response.page_cache_max_age == 300
        assert limit_page_cache(response, None).page_cache_max_age == 300
