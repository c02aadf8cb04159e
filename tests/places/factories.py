import wagtail_factories

from places.models import PlaceIndexPage


class PlaceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lieux d'aide au numérique"
    slug = "lieux"
    introduction = "<p>Trouvez un lieu près de chez vous.</p>"

    class Meta:
        model = PlaceIndexPage
