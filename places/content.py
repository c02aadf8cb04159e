"""The directory's part of `build_site`: its page, /lieux/, and demonstration places, only when
asked (`--demo-places`). Real places come from imports, never from here."""

from core.site_builder import section

from .demo import load_demo_places
from .models import PlaceIndexPage

PLACE_INDEX = {
    "title": "Lieux d'aide au numérique",
    "show_in_menus": True,
    "seo_title": "Trouver un lieu d'aide au numérique près de chez moi",
    "search_description": (
        "Les lieux d'Occitanie où se faire aider avec le numérique : démarches en ligne, ordinateur, "
        "téléphone, accès à internet. Cherchez par commune, code postal ou département."
    ),
    "introduction": (
        "<p>Où se faire aider avec un ordinateur, un téléphone ou une démarche en ligne ? Cherchez votre "
        "commune, votre code postal ou votre département, puis choisissez un service, un public ou des "
        "frais : chaque lieu donne son adresse, ses horaires et son téléphone.</p>"
    ),
}


@section(60)
def build_demo_places(builder):
    if not builder.demo_places:
        return
    created, updated, unchanged, skipped = load_demo_places(reset=builder.reset)
    builder.created.extend(f"lieu de démonstration « {name} »" for name in created)
    builder.updated.extend(f"lieu de démonstration « {name} »" for name in updated)
    builder.unchanged.extend(f"lieu de démonstration « {name} »" for name in unchanged)
    for name in skipped:
        builder.notes.append(f"Lieu « {name} » laissé tel quel : il a été importé, ce n'est pas une démonstration.")


@section(70)
def build_place_index(builder):
    builder.ensure_page(builder.home, PlaceIndexPage, "lieux", **PLACE_INDEX)
