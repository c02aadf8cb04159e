"""Places made with the model directly (no import), for the places and browser tests."""

import datetime
import itertools

import wagtail_factories

from places.models import Place, PlaceIndexPage

_numbers = itertools.count(1)


def make_place(**fields):
    """A valid place in Toulouse (Haute-Garonne) unless `fields` say otherwise."""
    number = next(_numbers)
    values = {
        "standard_id": f"lieu-test-{number}",
        "pivot": "43493312300029",
        "nom": f"Lieu {number}",
        "commune": "Toulouse",
        "code_postal": "31000",
        "code_insee": "31555",
        "adresse": "1 place du Capitole",
        "latitude": 43.6045,
        "longitude": 1.4440,
        "services": ["Aide aux démarches administratives"],
        "date_maj": datetime.date(2026, 1, 1),
    }
    values.update(fields)
    return Place.objects.create(**values)


class PlaceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lieux d'aide au numérique"
    slug = "lieux"
    introduction = "<p>Trouvez un lieu près de chez vous.</p>"

    class Meta:
        model = PlaceIndexPage
