from django.apps import AppConfig


def reindex_with_tags(sender, instance, **kwargs):
    # The search index is updated on post_save, before the page's tags are written: index the page
    # again once publishing is over so that tags added in the same edit are searchable.
    from wagtail.search import index

    index.insert_or_update_object(instance)


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"

    def ready(self):
        from wagtail.signals import page_published

        from .models import PublicationPage

        page_published.connect(reindex_with_tags, sender=PublicationPage, dispatch_uid="publications_reindex_tags")
