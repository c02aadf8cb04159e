"""The directory's part of `build_site`: demonstration places, only when asked (`--demo-places`)."""

from core.site_builder import section

from .demo import load_demo_places


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
