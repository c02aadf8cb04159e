"""The layers of the house (docs/architecture.md): core at the bottom imports no app of the project;
the domains import core and only the domains they are allowed to know; hub, at the top, may import
everything and nothing imports it. Python imports (anywhere in a module, functions included) and
templates' `{% load %}` and `{% include %}`/`{% extends %}` are read. A template loads only its own
layer's and core's tag libraries: the hub shows the domains on its home page through its own
`home_tags`, which imports theirs (a dependency the Python imports show).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOP = "hub"
BOTTOM = "core"
# Which project apps each app may import (itself always).
ALLOWED = {
    "core": set(),
    "accounts": {"core"},  # logins, password reset, editorial groups and workflow
    "members": {"core"},
    "governance": {"core", "members", "places"},  # a pole page counts its département's places
    "publications": {"core", "accounts"},  # the COS report is reserved to the COS group
    "places": {"core"},
    "inbox": {"core", "places"},
    "hub": {"core", "accounts", "members", "governance", "publications", "places", "inbox"},
}
PROJECT_APPS = set(ALLOWED)
# Templates outside the apps' own folders: the site's skeleton belongs to hub (domain templates may
# extend it), the shared partials and blocks to core, the login and password pages to accounts.
TEMPLATE_LAYER_BY_FOLDER = {"includes": "core", "blocks": "core", "account": "accounts", "wagtailadmin": "hub"}
BASE_TEMPLATE = "base.html"
# Templates of the libraries (the project's overrides of them belong to hub): any app may use them.
LIBRARY_TEMPLATE_FOLDERS = {"wagtailadmin"}
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _python_modules():
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def _imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in PROJECT_APPS:
                yield node.lineno, top


def _tag_libraries():
    """{library name: app} for the project's template tag libraries."""
    return {
        path.stem: app
        for app in PROJECT_APPS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def _template_layer(name):
    first = name.split("/")[0]
    if name == BASE_TEMPLATE:
        return TOP
    if "/" not in name:
        return BOTTOM  # the error pages, rendered by core's views
    if first in PROJECT_APPS:
        return first
    return TEMPLATE_LAYER_BY_FOLDER.get(first)


def _templates():
    folders = [ROOT / "templates"] + [ROOT / app / "templates" for app in PROJECT_APPS]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
            yield path.relative_to(folder).as_posix(), path


def _module_violations(app, path):
    return [
        f"{path.name}:{line} ({app}) imports {imported}"
        for line, imported in _imported_apps(path)
        if imported != app and imported not in ALLOWED[app]
    ]


def _template_violations(name, text, libraries):
    layer = _template_layer(name)
    if layer is None:
        return [f"templates: {name} belongs to no layer (add its folder to TEMPLATE_LAYER_BY_FOLDER)"]
    found = []
    for match in LOAD.finditer(text):
        for library in match.group(1).split():
            owner = libraries.get(library)
            if owner and owner not in (layer, BOTTOM):
                found.append(f"{name} ({layer}) loads {library} ({owner})")
    for match in INCLUDE.finditer(text):
        target = match.group(1)
        if target == BASE_TEMPLATE and "extends" in match.group(0):
            continue  # every page template extends the site's skeleton
        if target.split("/")[0] in LIBRARY_TEMPLATE_FOLDERS:
            continue
        owner = _template_layer(target)
        if owner and owner != layer and owner not in ALLOWED[layer]:
            found.append(f"{name} ({layer}) uses {target} ({owner})")
    return found


def _violations():
    found = []
    for app, path in _python_modules():
        found += [f"{path.relative_to(ROOT).parent}/{v}" for v in _module_violations(app, path)]
    libraries = _tag_libraries()
    for name, path in _templates():
        found += _template_violations(name, path.read_text(encoding="utf-8"), libraries)
    return found


def test_no_layer_reaches_a_higher_one():
    assert _violations() == []


def test_every_project_app_has_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == PROJECT_APPS


@pytest.mark.parametrize(
    ("app", "source", "expected"),
    [
        ("core", "from hub.models import HomePage\n", "imports hub"),
        ("members", "def f():\n    import governance.models\n", "imports governance"),
        ("publications", "from members import models\n", "imports members"),
    ],
)
def test_the_rule_catches_an_import_upwards(tmp_path, app, source, expected):
    """The checker itself: a module that reaches up is reported (a check that cannot fail is none)."""
    module = tmp_path / "probe.py"
    module.write_text(source, encoding="utf-8")
    assert any(expected in violation for violation in _module_violations(app, module))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("members/probe.html", "{% load wagtailcore_tags hub_tags %}", "loads hub_tags (hub)"),
        ("hub/probe.html", "{% load wagtailcore_tags members_tags %}", "loads members_tags (members)"),
        ("governance/probe.html", "{% load members_tags %}", "loads members_tags (members)"),
        ("includes/probe.html", '{% include "publications/includes/publication_summary.html" %}', "uses publications"),
        ("publications/probe.html", '{% extends "hub/standard_page.html" %}', "uses hub/standard_page.html"),
    ],
)
def test_the_rule_catches_a_template_reaching_up(name, text, expected):
    assert any(expected in violation for violation in _template_violations(name, text, _tag_libraries()))


def test_a_template_may_load_its_own_and_core_s_libraries():
    libraries = {**_tag_libraries(), "core_probe_tags": BOTTOM}
    assert _template_violations("hub/probe.html", "{% load wagtailcore_tags hub_tags home_tags %}", libraries) == []
    assert _template_violations("members/probe.html", "{% load core_probe_tags members_tags %}", libraries) == []


def test_a_domain_template_may_extend_the_site_skeleton():
    assert _template_violations("members/probe.html", '{% extends "base.html" %}', _tag_libraries()) == []


def test_readme_and_architecture_say_the_same_as_the_code():
    """The README's layout table gives each app its layer and the domains it may know; the
    architecture page names every app."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for app, allowed in ALLOWED.items():
        row = next((line for line in readme if line.startswith(f"| `{app}/` |")), None)
        assert row is not None, f"README layout table has no row for {app}/"
        layer = row.split("|")[2].strip()
        expected = "bottom" if app == BOTTOM else "top" if app == TOP else "domain"
        assert layer.startswith(expected), f"README says {app} is {layer!r}, the code {expected!r}"
        if expected == "domain":
            assert {other for other in allowed - {BOTTOM} if other not in layer} == set(), row
        assert app in architecture, f"docs/architecture.md does not name {app}"
