"""The home page's sections that the domains feed. Each domain keeps its inclusion tag (the query and
its template); the home page loads only this library, so that the hub's dependency on the domains is
these imports."""

from django import template

from governance.templatetags import governance_tags
from members.templatetags import members_tags
from places.templatetags import places_tags
from publications.templatetags import publications_tags

register = template.Library()

for library, names in (
    (members_tags, ["powered_by", "founding_members"]),
    (governance_tags, ["governance_bodies", "cos_participants"]),
    (publications_tags, ["latest_publications"]),
    (places_tags, ["place_finder"]),
):
    for name in names:
        register.tag(name, library.register.tags[name])
