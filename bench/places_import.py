#!/usr/bin/env python
"""Places import benchmark: a national-size file (18,000 places, about 20 MB) through import_places.

Usage:  .venv/bin/python bench/places_import.py [--rows 18000]

It writes a generated file in the standard (varied départements, values and hours), migrates a
throw-away SQLite database (or the scratch database of DATABASE_URL), and prints for a first
import (all created), a dry run and a second import (all unchanged): the wall time and the peak
resident memory of the process so far (run it with --rows 2000 to compare: memory must not grow
with the file), then the time of the CSV export.
"""

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='rhinocc-bench-')}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rhinocc.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_file(path, rows):
    from places.choices import OCCITANIE_DEPARTEMENTS, VALUE_LISTS
    from places.standard import field_names

    generator = random.Random(10)
    departements = list(OCCITANIE_DEPARTEMENTS)
    hours = ["Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "Tu,Th 14:00-17:00", "Mo-Fr 08:30-17:00; PH off", ""]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=field_names())
        writer.writeheader()
        for number in range(rows):
            departement = generator.choice(departements)
            row = {
                "id": f"lieu-{number:06d}",
                "pivot": f"{generator.randrange(10**13, 10**14)}",
                "nom": f"Espace numérique n° {number} de la commune",
                "commune": f"Commune {number % 900}",
                "code_postal": f"{departement}{generator.randrange(100, 999)}",
                "code_insee": f"{departement}{generator.randrange(1, 999):03d}",
                "adresse": f"{number % 120} rue de la République",
                "complement_adresse": "Rez-de-chaussée",
                "latitude": f"{generator.uniform(42.3, 45.0):.5f}",
                "longitude": f"{generator.uniform(-0.3, 4.8):.5f}",
                "typologie": "ASSO|CCAS",
                "telephone": f"+335{generator.randrange(10**7, 10**8)}",
                "courriels": f"contact{number}@exemple.org",
                "site_web": f"https://exemple.org/lieux/{number}",
                "horaires": generator.choice(hours),
                "presentation_resume": "Accompagnement aux usages numériques et aux démarches en ligne.",
                "presentation_detail": "Ateliers collectifs, accompagnement individuel, accès libre. " * 12,
                "source": "Banc d'essai",
                "itinerance": "Fixe",
                "structure_parente": "Commune",
                "date_maj": f"2025-{generator.randrange(1, 13):02d}-{generator.randrange(1, 29):02d}",
                "autres_formations_labels": "",
                "fiche_acces_libre": "",
                "prise_rdv": "",
            }
            for column, choices in VALUE_LISTS.items():
                if column != "itinerance":
                    values = generator.sample(list(choices.values), k=generator.randrange(1, 3))
                    row[column] = "|".join(values)
            writer.writerow(row)


TRACE_MEMORY = False


def timed(label, function):
    if TRACE_MEMORY:
        tracemalloc.start()
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    # ru_maxrss is in kilobytes on Linux: the process's peak resident memory so far.
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    traced = ""
    if TRACE_MEMORY:
        traced = f", pic Python {tracemalloc.get_traced_memory()[1] / 1_000_000:.1f} Mo"
        tracemalloc.stop()
    print(f"{label:<28} {elapsed:7.1f} s   pic RSS du processus {peak_rss:6.1f} Mo{traced}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=18_000)
    parser.add_argument("--trace-memory", action="store_true", help="tracemalloc (exact, but several times slower)")
    options = parser.parse_args()
    global TRACE_MEMORY
    TRACE_MEMORY = options.trace_memory
    setup_django()
    from django.test import Client

    from places.importer import import_places

    path = Path(tempfile.mkdtemp(prefix="rhinocc-bench-places-")) / "lieux.csv"
    write_file(path, options.rows)
    print(f"Fichier : {options.rows} lignes, {path.stat().st_size / 1_000_000:.1f} Mo")

    def run(dry_run=False):
        with open(path, "rb") as binary:
            report = import_places(binary, dry_run=dry_run)
        return report

    print(timed("premier import", run).summary())
    print(timed("simulation (--dry-run)", lambda: run(dry_run=True)).summary())
    print(timed("second import (inchangé)", run).summary())
    client = Client()

    def export():
        return sum(len(chunk) for chunk in client.get("/lieux/export/lieux.csv").streaming_content)

    size = timed("export CSV", export)
    print(f"Export : {size / 1_000_000:.1f} Mo")


if __name__ == "__main__":
    main()
