from django.db import models
from django.utils.translation import gettext_lazy as _


class PageCacheGeneration(models.Model):
    """The anonymous page cache's generation: one row, rewritten whenever cached pages become stale.

    It lives in the database, in the same transaction as the change that makes pages stale, so that
    no invalidation is lost while the cache server is unreachable (see core/cache.py).
    """

    value = models.BigIntegerField(default=0)
    # When content last changed (what `Last-Modified` of the open-data exports may not be older than:
    # a deleted place leaves no newer row behind).
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Génération du cache des pages")

    def __str__(self):
        return str(self.value)
