"""Every environment variable the settings read is explained in .env.example and in the README's
configuration table (issue 7, point 9: DEBUG was missing from both)."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def variables_read_by_settings():
    source = "\n".join(path.read_text(encoding="utf-8") for path in (BASE / "rhinocc" / "settings").glob("*.py"))
    return set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', source))


def test_settings_read_debug_and_others():
    assert {"DEBUG", "SECRET_KEY", "WAGTAILADMIN_BASE_URL"} <= variables_read_by_settings()


def test_env_example_explains_every_variable():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (BASE / ".env.example").read_text(encoding="utf-8"), re.M))
    assert variables_read_by_settings() - documented == set()


def test_readme_configuration_table_lists_every_variable():
    readme = (BASE / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    names = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)(?:_\*)?`", row.split("|")[1])}
    prefixes = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)_\*`", row.split("|")[1])}
    missing = {
        name
        for name in variables_read_by_settings()
        if name not in names and not any(name.startswith(prefix + "_") for prefix in prefixes)
    }
    assert missing == set()
    debug_row = next(row for row in rows if row.startswith("| `DEBUG`"))
    assert "collectstatic" in debug_row
