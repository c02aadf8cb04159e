"""Small text helpers shared by the apps."""

from django.utils.text import Truncator


def shorten(value, limit=60):
    """`value` cut to `limit` characters, ending with « … » when it was longer."""
    return Truncator(value).chars(limit)
