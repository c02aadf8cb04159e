"""The site rewords the Wagtail admin strings whose French reads « Ce(tte) page », « le/la », « (e) »."""

import gettext as gettext_module
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_reworded_strings_are_served():
    with translation.override("fr"):
        assert gettext("Unlocked") == "Non verrouillé"
        assert gettext("Anyone can edit this %(model_name)s") % {"model_name": "page"} == (
            "Tout le monde peut modifier cet élément (page)"
        )
        used = ngettext("Used %(usage_count)s time", "Used %(usage_count)s times", 2) % {"usage_count": 2}
        assert used == "Utilisations : 2"


def test_no_gendered_placeholder_left_in_the_catalogue():
    text = CATALOGUE.read_text(encoding="utf-8")
    translations = " ".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, re.M))
    assert translations
    assert not re.search(r"\(e\)|\(tte\)|le/la", translations)


def test_compiled_catalogue_matches_its_source():
    """The .mo is committed (no gettext tools needed to run the site): it must say what the .po says."""
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        served = {str(value) for value in gettext_module.GNUTranslations(compiled)._catalog.values()}
    written = {
        value for value in re.findall(r'^msgstr(?:\[\d\])? "(.+)"$', CATALOGUE.read_text(encoding="utf-8"), re.M)
    }
    assert written <= served
