"""Strict pagination: a bad ?page= is the visitor's error (400), a page past the end is a 404."""

from django.core.paginator import EmptyPage, Paginator

from .errors import InvalidRequest, NotFound


def paginate(request, object_list, per_page, count=None):
    """Return the requested page of object_list, or raise InvalidRequest/NotFound with a French message.
    `count`: the length of object_list when the caller knows it (no count query)."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise InvalidRequest("Le numéro de page doit être un nombre entier, par exemple ?page=2.") from None
    if number < 1:
        raise InvalidRequest("Le numéro de page doit être supérieur ou égal à 1.")
    try:
        return paginator.page(number)
    except EmptyPage:
        if number == 1:
            return paginator.page(1) if paginator.count else paginator.get_page(1)
        raise NotFound(f"Il n'y a pas de page {number} : la liste compte {paginator.num_pages} page(s).") from None
