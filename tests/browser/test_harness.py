"""The harness itself: the live server serves the built site, static files and media to Chromium."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_answers_through_live_server(page, site_url):
    response = page.goto(site_url + "/")
    assert response.status == 200
    assert "Un Hub pour un numérique inclusif" in page.content()
    assert page.evaluate("() => document.documentElement.lang") == "fr"


def test_static_and_media_are_served(page, site_url):
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.goto(site_url + "/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui")
    assert not failed


def test_axe_reports_violations_readably(page, site_url):
    """assert_accessible must fail, naming the rule and the element, on a page with a defect."""
    from tests.browser.axe import format_violations, run_axe

    page.goto(site_url + "/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.id = 'sans-alt'; document.body.append(img); }"
    )
    report = format_violations(run_axe(page))
    assert "image-alt" in report
    assert "#sans-alt" in report
