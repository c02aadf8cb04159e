from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class MemberIndexPage(Page):
    """Placeholder index page; the members issue gives it its real content."""

    introduction = RichTextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["hub.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Page d'index des membres")
