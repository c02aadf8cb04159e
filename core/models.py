from django.db import models
from django.utils.translation import gettext_lazy as _


class PageCacheGeneration(models.Model):
    """The anonymous page cache's generation: one row, rewritten whenever cached pages become stale.

    It lives in the database, in the same transaction as the change that makes pages stale, so that
    no invalidation is lost while the cache server is unreachable (see core/cache.py).
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Génération du cache des pages")

    def __str__(self):
        return str(self.value)
