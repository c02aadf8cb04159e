"""axe-core accessibility checks for the browser tests.

The axe-core script is the copy shipped inside the installed `axe_playwright_python` package: it is read
from disk and injected into the page, never fetched from the network.
"""

from functools import cache
from importlib.resources import files

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
WIDTHS = (375, 1280)


@cache
def axe_source():
    """The text of axe.min.js as shipped by axe_playwright_python."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def run_axe(page, tags=WCAG_TAGS):
    """Run axe-core on the page as it is now; return the list of violations (axe's own dicts)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
        # govern: an inline <script> tag (add_script_tag) would be refused, as it should be.
        page.evaluate(axe_source())
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags),
    )
    return results["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}")
        lines.append(f"    {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    * {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, url, *, widths=WIDTHS, tags=WCAG_TAGS, expected_status=None):
    """Load `url` at each width (375 and 1280 px) and fail on any axe-core violation of `tags`.

    `expected_status`, when given, is checked against the HTTP status of the page (e.g. 404).
    The page's viewport is restored afterwards.
    """
    original = page.viewport_size
    failures = []
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": original["height"] if original else 800})
            response = page.goto(url, wait_until="load")
            assert response is not None, f"No response for {url}"
            status = response.status
            if expected_status is not None:
                assert status == expected_status, f"{url} answered {status}, expected {expected_status}"
            else:
                assert status < 400, f"{url} answered {status}"
            violations = run_axe(page, tags)
            if violations:
                failures.append(f"{url} at {width}px: {len(violations)} violation(s)\n{format_violations(violations)}")
    finally:
        if original:
            page.set_viewport_size(original)
    assert not failures, "axe-core found accessibility violations:\n" + "\n\n".join(failures)
