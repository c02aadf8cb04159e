import factory
import wagtail_factories

from hub.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Réseau et Hub pour l'Inclusion Numérique en Occitanie"
    slug = "accueil"
    baseline = "Un Hub pour un numérique inclusif"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page standard {n}")
    introduction = "Une page de test."

    class Meta:
        model = StandardPage
