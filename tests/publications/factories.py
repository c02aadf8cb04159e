import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts.roles import COS_GROUP_NAME
from publications.models import Category, PublicationIndexPage, PublicationPage


class PublicationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Publications"
    slug = "publications"

    class Meta:
        model = PublicationIndexPage


class PublicationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    date = factory.Sequence(lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(days=n))
    summary = factory.LazyAttribute(lambda page: f"Résumé de {page.title}.")
    category = Category.NEWS

    class Meta:
        model = PublicationPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save()


def reserve_for_cos(page):
    """Restrict a page to the "Membres du COS" group, as staff do in the admin's privacy dialog."""
    group, _ = Group.objects.get_or_create(name=COS_GROUP_NAME)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([group])
    return page
