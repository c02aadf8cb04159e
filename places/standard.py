"""What the site reads from its copy of the national standard (places/schema/schema.json)."""

import functools
import json
import re
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "schema.json"

# v1.0.2 states each value list as a pattern "(?:(?:^|\|)(A|B|C))+$" (one or more values joined by |).
_VALUE_LIST_PATTERN = re.compile(r"\(\?:\(\?:\^\|\\\|\)\((?P<values>.*)\)\)\+\$")

SEPARATOR = "|"
# Fields that hold several values joined by SEPARATOR. The schema says so only in the descriptions.
FREE_MULTI_VALUE_FIELDS = ("typologie", "courriels", "site_web")


@functools.cache
def schema_descriptor():
    with SCHEMA_PATH.open(encoding="utf-8") as schema_file:
        return json.load(schema_file)


@functools.cache
def frictionless_fields():
    """The schema's fields as frictionless objects, by name (they check one cell at a time)."""
    from frictionless import Schema

    return {field.name: field for field in Schema.from_descriptor(str(SCHEMA_PATH)).fields}


@functools.cache
def cell_readers():
    """A frictionless cell reader per field, by name: reader(text) -> (value, notes of broken rules).
    Built once: Field.read_cell would build a new reader for every cell."""
    return {name: field.create_cell_reader() for name, field in frictionless_fields().items()}


def field_descriptors():
    return schema_descriptor()["fields"]


def field_names():
    """The standard's columns, in its order (the order of the exports)."""
    return [field["name"] for field in field_descriptors()]


def required_field_names():
    return [field["name"] for field in field_descriptors() if field.get("constraints", {}).get("required")]


def schema_value_list(field_name):
    """The values a value-list field accepts, read from its pattern; None for other fields."""
    descriptor = next(field for field in field_descriptors() if field["name"] == field_name)
    match = _VALUE_LIST_PATTERN.fullmatch(descriptor.get("constraints", {}).get("pattern", ""))
    if match is None:
        return None
    return [re.sub(r"\\(.)", r"\1", value) for value in match.group("values").split("|")]


def value_list_field_names():
    return [name for name in field_names() if schema_value_list(name) is not None]


def version():
    return schema_descriptor()["version"]
