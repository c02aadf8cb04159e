"""The code's value lists are the schema copy's, exactly."""

import json

import pytest

from places import standard
from places.choices import VALUE_LISTS


def test_every_value_list_of_the_schema_has_its_choices():
    assert set(VALUE_LISTS) == set(standard.value_list_field_names())
    assert len(VALUE_LISTS) == 9


@pytest.mark.parametrize("field_name", sorted(VALUE_LISTS))
def test_choices_equal_the_schema_values_in_order(field_name):
    choices = VALUE_LISTS[field_name]
    assert list(choices.values) == standard.schema_value_list(field_name)
    assert list(choices.labels) == list(choices.values)


def test_schema_copy_is_v1_0_2_under_etalab_licence():
    descriptor = json.loads(standard.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert descriptor["version"] == "v1.0.2"
    assert [licence["name"] for licence in descriptor["licenses"]] == ["etalab-2.0"]
    readme = (standard.SCHEMA_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert "v1.0.2" in readme and "etalab-2.0" in readme


def test_free_fields_have_no_value_list():
    assert standard.schema_value_list("typologie") is None
    assert standard.schema_value_list("nom") is None
    assert standard.field_names()[0] == "id" and len(standard.field_names()) == 32
