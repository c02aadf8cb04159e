"""The Place model: département, slugs, list fields and their lookup, demonstration data."""

import datetime

import pytest

from places.models import RESERVED_SLUGS, Place, base_slug, departement_code, unique_slug


@pytest.mark.parametrize(
    ("code_insee", "code_postal", "expected"),
    [
        ("31555", "31000", "31"),
        ("", "09000", "09"),
        ("2A004", "20000", "2A"),
        ("", "20090", "2A"),
        ("", "20600", "2B"),
        ("97105", "97100", "971"),
        ("", "", ""),
    ],
)
def test_departement_code(code_insee, code_postal, expected):
    assert departement_code(code_insee, code_postal) == expected


def test_slugs_are_ascii_and_never_reserved():
    assert base_slug("Médiathèque Émile-Zola", "Béziers") == "mediatheque-emile-zola-beziers"
    assert base_slug("Export", "") == "export-lieu"
    assert unique_slug("carte", set()) == "carte-2"
    assert unique_slug("lieu", {"lieu", "lieu-2"}) == "lieu-3"
    assert {"export", "carte", "referencer", "autour", "recherche"} <= RESERVED_SLUGS


def place(**fields):
    values = {
        "standard_id": "x",
        "pivot": "43493312300029",
        "nom": "Lieu",
        "commune": "Albi",
        "code_postal": "81000",
        "adresse": "1 place",
        "date_maj": datetime.date(2025, 1, 1),
    }
    values.update(fields)
    return Place.objects.create(**values)


@pytest.mark.django_db
def test_save_derives_departement_and_a_unique_slug():
    first = place(standard_id="a")
    second = place(standard_id="b")
    assert (first.departement, first.slug, second.slug) == ("81", "lieu-albi", "lieu-albi-2")


@pytest.mark.django_db
def test_has_lookup_matches_whole_values_only():
    place(standard_id="a", frais_a_charge=["Gratuit sous condition"], source="Données de démonstration")
    place(standard_id="b", frais_a_charge=["Gratuit", "Payant"], services=["Accès internet et matériel informatique"])
    assert list(Place.objects.filter(frais_a_charge__has="Gratuit").values_list("standard_id", flat=True)) == ["b"]
    assert Place.objects.filter(frais_a_charge__has="Gratuit sous condition").get().standard_id == "a"
    assert not Place.objects.filter(frais_a_charge__has="%").exists()
    assert Place.objects.get(standard_id="b").frais_a_charge == ["Gratuit", "Payant"]
    assert [p.standard_id for p in Place.objects.demo()] == ["a"] and Place.objects.get(standard_id="a").is_demo
    assert Place.objects.get(standard_id="a").services == []
