import factory
import wagtail_factories

from members.models import ActionDepartement, MemberIndexPage, NetworkRole, OrganisationPage


class MemberIndexPageFactory(wagtail_factories.PageFactory):
    title = "Les membres du réseau"
    slug = "membres"

    class Meta:
        model = MemberIndexPage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    """An organisation; pass roles=[Role...] and departements=[code...] to give it some."""

    title = factory.Sequence(lambda n: f"Organisation {n}")
    summary = "Une organisation du réseau."
    logo = factory.SubFactory(wagtail_factories.ImageFactory)

    class Meta:
        model = OrganisationPage
        skip_postgeneration_save = True

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if extracted:
            obj.roles = list(NetworkRole.objects.filter(code__in=extracted))
            if create:
                obj.save()

    @factory.post_generation
    def departements(obj, create, extracted, **kwargs):
        if extracted:
            obj.departements = list(ActionDepartement.objects.filter(code__in=extracted))
            if create:
                obj.save()
