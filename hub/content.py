"""The hub's own content: home page, legal pages and site settings, written from the seed text."""

from urllib.parse import urlsplit

from django.conf import settings as django_settings
from wagtail.models import Collection, Page, Site

from core.site_builder import section

from .models import HomePage, SiteSettings, StandardPage

EMMAUS_SOURCE = "Cahier de l'inclusion numérique, Emmaüs Connect"

HOME = {
    "title": "Réseau et Hub pour l'Inclusion Numérique en Occitanie",
    "baseline": "Un Hub pour un numérique inclusif",
    "promise": (
        "Le RhinOcc relie celles et ceux qui aident les habitants d'Occitanie à se servir du numérique : "
        "trouvez un lieu où vous faire accompagner près de chez vous, suivez le travail du réseau, "
        "rejoignez-le."
    ),
    "powered_by_heading": "Propulsé par",
    "why_heading": "Pourquoi un Hub pour un numérique inclusif ?",
    "context_heading": "Contexte et constats",
    "context_intro": (
        "<p>En France, une partie importante de la population reste à l'écart des outils numériques. "
        "On parle d'« illectronisme » pour nommer ces difficultés à se servir du numérique au quotidien.</p>"
    ),
    "key_figures": [
        (
            "figure",
            {
                "figure": "13 millions",
                "label": "de Français sont aujourd'hui totalement éloignés du numérique.",
                "source": EMMAUS_SOURCE,
            },
        ),
        (
            "figure",
            {
                "figure": "19,5 %",
                "label": (
                    "de la population française : c'est la part que représentent ces personnes éloignées du numérique."
                ),
                "source": EMMAUS_SOURCE,
            },
        ),
        (
            "figure",
            {
                "figure": "40 %",
                "label": "de la population française n'est pas totalement autonome dans ses usages numériques.",
                "source": EMMAUS_SOURCE,
            },
        ),
    ],
    "inequalities_text": (
        "<p>Les services se numérisent et se dématérialisent de plus en plus vite. Ce mouvement accentue "
        "les inégalités entre les citoyens, d'abord au détriment des publics les plus fragiles, et il touche "
        "tous les domaines de la vie.</p>"
        "<p>Ces inégalités numériques traversent toute la population, et les freins qui les expliquent "
        "sont nombreux.</p>"
    ),
    "inequality_lists": [
        ("list", {"heading": heading, "texts": texts})
        for heading, texts in (
            (
                "Les publics les plus fragilisés",
                [
                    "Les seniors",
                    "Les personnes sans diplôme",
                    "Les habitants des quartiers prioritaires",
                    "Les personnes handicapées",
                    "Les demandeurs d'emploi de longue durée",
                ],
            ),
            (
                "Les domaines de la vie concernés",
                ["La santé", "Les finances", "La mobilité", "Le travail", "Les démarches administratives"],
            ),
            (
                "Des freins multiples",
                [
                    "L'équipement",
                    "Les zones blanches",
                    "Les connaissances informatiques ou administratives",
                    "La motivation",
                ],
            ),
        )
    ],
    "definition_heading": "L'inclusion numérique : qu'est-ce que c'est ?",
    "definition_text": (
        "<p>L'inclusion numérique est une démarche qui rend le numérique accessible à tous les publics. "
        "Elle passe par l'accompagnement des personnes et la transmission de compétences, pour renforcer "
        "leur autonomie et favoriser leur insertion sociale, professionnelle et économique.</p>"
    ),
    "members_heading": "Les membres fondateurs",
    "members_intro": (
        "<p>La Mêlée porte le projet, copiloté par Coll.in, en collaboration avec Envoi Insertion et "
        "Handicap, La Mêlée Adour et La Compagnie du Code.</p>"
    ),
    "reasons_heading": "Notre consortium s'est réuni pour deux raisons",
    "reasons": [
        (
            "reason",
            "<p><b>Un constat partagé :</b> l'inclusion numérique est un enjeu de société majeur, qu'on ne peut "
            "pas contourner. On peut l'aborder comme une lutte contre les inégalités, mais aussi comme une "
            "occasion de repenser et de moderniser notre façon d'aborder le numérique.</p>",
        ),
        (
            "reason",
            "<p><b>Des membres complémentaires :</b> par les publics qu'ils accompagnent, leurs compétences et "
            "leurs domaines d'intervention, ses membres couvrent ensemble toute la chaîne de l'inclusion "
            "numérique, des acteurs de l'économie numérique jusqu'à l'action sociale.</p>",
        ),
    ],
    "governance_heading": "La gouvernance du RhinOcc",
    "governance_intro": "<p>Le RhinOcc s'organise autour de quatre instances.</p>",
    "cos_heading": "Ils participent à notre Comité d'orientation stratégique (COS)",
    "publications_heading": "Nos dernières publications",
}


@section(10)
def build_home_page(builder):
    home = builder.ensure_page(Page.get_first_root_node(), HomePage, "accueil", **HOME)

    hostname, port = _public_host()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="RhinOcc")
        builder.created.append(f"site par défaut ({hostname}:{port})")
    elif site.root_page_id != home.pk or site.site_name != "RhinOcc":
        old_root = site.root_page
        site.root_page, site.site_name = home, "RhinOcc"
        if site.hostname in LOCAL_HOSTS:
            site.hostname, site.port = hostname, port
        site.save()
        builder.updated.append(f"site par défaut (racine : page d'accueil, {site.hostname}:{site.port})")
        # Wagtail's own "Welcome" placeholder page, left over by its initial migration.
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
    elif site.hostname in LOCAL_HOSTS and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        builder.updated.append(f"site par défaut ({hostname}:{port})")


# A site still at a local address (as Wagtail's migration or an earlier `make run` left it) follows
# WAGTAILADMIN_BASE_URL, so that `PORT=8080 make run` gives sitemap and e-mail links on :8080; a public
# host name set by staff is left alone.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _public_host():
    """The site's public host and port, from WAGTAILADMIN_BASE_URL (used in sitemaps and feeds)."""
    url = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


# The RGAA 4.1 criteria the browser tests check on every page type at each change (tests/browser:
# axe-core with the WCAG 2.1 A and AA rules at 375 and 1280 px, the keyboard, 320 px, 200 % zoom).
CHECKED_CRITERIA = [
    "1.1 : chaque image porteuse d'information a une alternative textuelle (sa présence, pas sa pertinence) ;",
    "3.2 : le contraste entre la couleur du texte et celle de son arrière-plan est suffisant ;",
    "6.2 : chaque lien a un intitulé ;",
    "8.3, 8.4 et 8.5 : chaque page indique sa langue (le français) et a un titre ;",
    "10.4 : le texte reste lisible avec un zoom de 200 % ;",
    "10.7 : chaque élément qui reçoit le focus le montre visiblement ;",
    "10.11 : à 320 pixels de large, aucune page ne demande de défilement horizontal ;",
    "11.1 : chaque champ de formulaire a une étiquette ;",
    "12.7 : un lien d'évitement mène directement au contenu principal ;",
    "7.3, en partie : le menu, la recherche et les formulaires s'utilisent au clavier et sans JavaScript.",
]

SAMPLE_PAGES = [
    "la page d'accueil ;",
    "la liste des publications et une publication ;",
    "l'annuaire des lieux, une recherche filtrée dans l'annuaire et la page d'un lieu ;",
    "le formulaire « Nous écrire » (/contact/) et les formulaires de proposition et de correction d'un lieu ;",
    "la recherche sur le site, avec et sans résultat ;",
    "la liste des membres, une organisation, la gouvernance, une instance et un pôle territorial ;",
    "les mentions légales et une page d'erreur.",
]

KNOWN_GAPS = [
    "les critères qui demandent un jugement humain restent à évaluer page par page : pertinence des "
    "alternatives textuelles des images et des logos, des intitulés de liens et des titres, lecture avec un "
    "lecteur d'écran (NVDA, VoiceOver), cohérence de la navigation d'une page à l'autre ;",
    "les documents joints aux publications (PDF) n'ont pas été vérifiés : demandez-nous une version "
    "accessible si l'un d'eux vous pose problème ;",
    "la carte des lieux (/lieux/carte/) n'a pas été essayée avec un lecteur d'écran ; la liste des lieux "
    "donne les mêmes informations sans carte.",
]


def _items(lines):
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


LEGAL_PAGES = [
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "introduction": "Qui édite ce site, qui l'héberge et à quelles conditions vous pouvez réutiliser son contenu.",
        "body": [
            ("heading", {"text": "Éditeur du site", "level": "h2"}),
            (
                "paragraph",
                "<p>Ce site est édité par La Mêlée, porteuse du Réseau et Hub pour l'Inclusion Numérique en "
                "Occitanie (RhinOcc), pour le compte du consortium qu'elle forme avec Coll.in, Envoi Insertion "
                "et Handicap, La Mêlée Adour et La Compagnie du Code.</p>",
            ),
            # The publication director and the host come from the site settings, shown once filled.
            ("legal_notice", None),
            ("heading", {"text": "Réutilisation des contenus", "level": "h2"}),
            (
                "paragraph",
                "<p>Les textes de ce site peuvent être cités à condition d'en mentionner la source. Les logos des "
                "organisations restent la propriété de celles-ci.</p>",
            ),
            ("heading", {"text": "Nous contacter", "level": "h2"}),
            (
                "paragraph",
                '<p>Pour toute question sur ce site, passez par le formulaire <a href="/contact/">Nous écrire</a>.</p>',
            ),
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "introduction": (
            "Le RhinOcc s'engage à rendre son site accessible à toutes et à tous, conformément à l'article 47 "
            "de la loi n° 2005-102 du 11 février 2005. Cette déclaration porte sur l'ensemble du site du RhinOcc."
        ),
        "body": [
            ("heading", {"text": "État de conformité", "level": "h2"}),
            ("accessibility_status", None),
            (
                "paragraph",
                "<p>Ce statut est celui que le RGAA impose tant qu'aucun audit n'a mesuré le respect de l'ensemble "
                "de ses critères sur un échantillon de pages : c'est notre cas. Nous n'affichons pas de taux de "
                "conformité, car nous n'en avons pas mesuré. Ce que nous avons vérifié, nous le décrivons "
                "ci-dessous ; ce qui reste à vérifier aussi.</p>",
            ),
            ("heading", {"text": "Notre auto-évaluation", "level": "h2"}),
            (
                "paragraph",
                "<p>L'équipe qui développe le site vérifie, à chaque modification et de façon automatique "
                "(outil axe-core dans le navigateur Chromium, sur des écrans de 375 et 1 280 pixels de large), "
                "les critères suivants du RGAA 4.1 :</p>" + _items(CHECKED_CRITERIA),
            ),
            ("heading", {"text": "Les pages vérifiées", "level": "h3"}),
            ("paragraph", "<p>Ces vérifications portent sur chaque type de page :</p>" + _items(SAMPLE_PAGES)),
            ("heading", {"text": "Résultats", "level": "h3"}),
            (
                "paragraph",
                "<p>Sur ces pages, l'outil ne relève aucune erreur aux règles WCAG 2.1 de niveaux A et AA qu'il "
                "sait tester, et les vérifications au clavier, sans JavaScript, à 320 pixels de large et avec "
                "un zoom de 200 % réussissent. Un outil automatique ne détecte qu'une partie des défauts "
                "d'accessibilité : ce résultat ne vaut pas audit.</p>",
            ),
            ("heading", {"text": "Contenus non accessibles ou non vérifiés", "level": "h2"}),
            ("paragraph", "<p>Nous connaissons les limites suivantes :</p>" + _items(KNOWN_GAPS)),
            ("heading", {"text": "Établissement de cette déclaration", "level": "h2"}),
            (
                "paragraph",
                "<p>Cette déclaration a été établie le 29 novembre 2026 par l'équipe du site, à partir de "
                "l'auto-évaluation décrite plus haut. Elle sera mise à jour après un audit de l'ensemble des "
                "critères du RGAA 4.1.</p>",
            ),
            ("heading", {"text": "Signaler un problème", "level": "h2"}),
            (
                "paragraph",
                "<p>Si vous ne parvenez pas à accéder à un contenu ou à un service, dites-le-nous par le "
                'formulaire <a href="/contact/">Nous écrire</a> : nous vous répondrons et vous ferons parvenir '
                "l'information sous une autre forme.</p>",
            ),
            ("contact", None),
            ("heading", {"text": "Voies de recours", "level": "h2"}),
            (
                "paragraph",
                "<p>Si vous nous avez signalé un défaut d'accessibilité et que vous n'avez pas obtenu de réponse "
                "satisfaisante, vous pouvez saisir le Défenseur des droits :</p>"
                '<ul><li>par le <a href="https://formulaire.defenseurdesdroits.fr/">formulaire de contact en '
                "ligne du Défenseur des droits</a> ;</li>"
                '<li>en contactant <a href="https://www.defenseurdesdroits.fr/carte-des-delegues">le délégué du '
                "Défenseur des droits de votre région</a> ;</li>"
                "<li>par courrier, gratuitement et sans timbre : Défenseur des droits, Libre réponse 71120, "
                "75342 Paris CEDEX 07.</li></ul>",
            ),
        ],
    },
    {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "introduction": (
            "Ce site ne vous suit pas : ni publicité, ni outil de mesure d'audience. Un seul service extérieur, "
            "les fonds de la carte des lieux, et seulement quand vous demandez à voir la carte."
        ),
        "body": [
            ("heading", {"text": "Ce que nous ne collectons pas", "level": "h2"}),
            (
                "paragraph",
                "<p>Visiter ce site ne dépose aucun cookie de mesure d'audience ou de publicité, et aucune page "
                "ne charge de ressource depuis un autre site, à une exception près : la carte des lieux.</p>",
            ),
            ("heading", {"text": "La carte des lieux", "level": "h2"}),
            (
                "paragraph",
                "<p>La page « Carte des lieux » (/lieux/carte/) affiche un fond de carte fait d'images, les "
                "« tuiles », servies par OpenStreetMap (tile.openstreetmap.org, OpenStreetMap Foundation). "
                "C'est la seule demande que le site fait à un autre serveur, et seulement après que vous avez "
                "appuyé sur « Afficher la carte » : ce serveur reçoit alors l'adresse IP de votre appareil et "
                "les zones de la carte que vous regardez, mais pas la page du site d'où vous venez. "
                "La liste des lieux donne les mêmes informations sans rien demander à un autre serveur.</p>",
            ),
            ("heading", {"text": "Les comptes des membres", "level": "h2"}),
            (
                "paragraph",
                "<p>Les membres du Comité d'orientation stratégique et l'équipe du site disposent d'un compte "
                "(nom, adresse e-mail). Un cookie de session, indispensable à la connexion, est déposé "
                "uniquement lorsque vous vous connectez. Ces données servent seulement à donner accès aux "
                "contenus réservés et ne sont jamais transmises à des tiers.</p>",
            ),
            ("heading", {"text": "Les messages que vous nous envoyez", "level": "h2"}),
            (
                "paragraph",
                "<p>Les formulaires « Nous écrire », « Référencer mon lieu » et « Signaler une modification » "
                "demandent votre nom et votre adresse e-mail, pour vous répondre ou vérifier avec vous ce que vous "
                "proposez. Seule l'équipe du RhinOcc les lit ; ils ne sont transmis à personne et sont effacés "
                "12 mois après l'envoi (durée réglable dans l'administration). Les informations sur un lieu "
                "acceptées dans l'annuaire y sont publiées.</p>",
            ),
            ("heading", {"text": "Vos droits", "level": "h2"}),
            (
                "paragraph",
                "<p>Vous pouvez accéder à vos données, les faire rectifier ou supprimer en nous écrivant par le "
                'formulaire <a href="/contact/">Nous écrire</a>. Si vous estimez que vos droits ne sont '
                "pas respectés, vous pouvez adresser une "
                "réclamation à la CNIL.</p>",
            ),
        ],
    },
]


@section(20)
def build_legal_pages(builder):
    home = HomePage.objects.first()
    for spec in LEGAL_PAGES:
        spec = dict(spec)
        builder.ensure_page(home, StandardPage, spec.pop("slug"), show_in_footer=True, **spec)


# What search engines and sharing previews show of a page that says nothing of itself.
SITE_DESCRIPTION = (
    "Le RhinOcc réunit les acteurs de l'inclusion numérique d'Occitanie : des lieux où se faire aider "
    "près de chez soi, les actualités et les instances du réseau."
)


@section(30)
def build_site_settings(builder):
    site = Site.objects.get(is_default_site=True)
    fields = {
        "organisation_name": "Réseau et Hub pour l'Inclusion Numérique en Occitanie",
        "short_name": "RhinOcc",
        "footer_text": (
            "Le RhinOcc coordonne les acteurs de l'inclusion numérique dans les 13 départements d'Occitanie. "
            "Porté par La Mêlée et copiloté par Coll.in."
        ),
        "description": SITE_DESCRIPTION,
    }
    settings = builder.ensure_settings(SiteSettings, site, **fields)
    if not settings.description:  # a site built before the field existed
        settings.description = SITE_DESCRIPTION
        settings.save(update_fields=["description"])
    if not settings.contact_email:
        builder.notes.append(
            "À compléter dans l'administration : Réglages > Réglages du site > adresse e-mail de contact."
        )
    statement = StandardPage.objects.filter(slug="accessibilite").first()
    if settings.accessibility_page_id is None and statement is not None:
        settings.accessibility_page = statement
        settings.save(update_fields=["accessibility_page"])
        builder.updated.append("réglages du site (déclaration d'accessibilité)")
    builder.notes.append(
        "Ce qu'il reste à remplir avant la mise en ligne : voir « Avant la mise en ligne » sur le tableau de bord "
        "de l'administration."
    )


# Wagtail's migrations name the page tree's root and the root collection "Root": editors see it in
# the explorer's breadcrumbs and in every collection menu. Renamed once, staff's later names kept.
ROOT_PAGE_TITLE = "Racine du site"
ROOT_COLLECTION_NAME = "Collection générale"


@section(31)
def name_the_roots(builder):
    if Page.objects.filter(depth=1, title="Root").update(title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE):
        builder.updated.append(f"racine de l'arborescence des pages renommée « {ROOT_PAGE_TITLE} »")
    if Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME):
        builder.updated.append(f"collection racine renommée « {ROOT_COLLECTION_NAME} »")
