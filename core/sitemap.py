"""The sitemap: Wagtail's, reading the privacy rules through the site's privacy object."""

from wagtail.contrib.sitemaps import Sitemap

from .privacy import privacy


class PublicSitemap(Sitemap):
    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live()
        return privacy(self.request).public(pages).order_by("path").defer_streamfields().specific()
