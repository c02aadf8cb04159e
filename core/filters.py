"""What the site's filter sets (django-filter) share: the links they keep."""

import django_filters
from django.http import QueryDict
from django.utils.functional import cached_property


class SiteFilterSet(django_filters.FilterSet):
    @cached_property
    def params(self):
        """The valid filters, in the request's order, as a QueryDict for {% querystring %}: links keep
        them and nothing else (neither the page number nor a parameter the page does not read).
        Read after the filters were checked."""
        params = QueryDict(mutable=True)
        for name in self.data:
            if name in self.filters and self.form.cleaned_data.get(name) not in (None, ""):
                params[name] = self.data[name]
        return params
