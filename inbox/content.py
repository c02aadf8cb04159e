"""The contact page, the place forms under the directory (« Référencer mon lieu », « Signaler une
modification ») and the inbox's permissions for the editorial groups (found by name: the groups
themselves are built by the app that owns the roles)."""

from django.contrib.auth.models import Group, Permission

from core.site_builder import section
from places.models import PlaceIndexPage

from .models import ContactPage, ContactSubject, PlaceCorrectionPage, PlaceProposalPage

SUBJECTS = [
    "Une question",
    "Un partenariat",
    "Une demande de la presse",
    "Un problème d'accessibilité du site",
    "Une demande sur mes données personnelles",
    "Autre chose",
]
CONTACT = {
    "title": "Nous écrire",
    "seo_title": "Nous écrire",
    "search_description": "Écrire à l'équipe du RhinOcc : une question, un partenariat, la presse, l'accessibilité.",
    "intro": "<p>Une question, une idée de partenariat, un problème sur le site ? Écrivez à l'équipe du RhinOcc : "
    "nous vous répondons par e-mail.</p>",
    "privacy_text": "<p>Votre nom, votre adresse e-mail et votre message servent uniquement à vous répondre. Seule "
    "l'équipe du RhinOcc les lit ; ils ne sont transmis à personne et sont effacés 12 mois après l'envoi. Vous "
    'pouvez demander à les consulter, les corriger ou les effacer : voir <a href="/donnees-personnelles/">Données '
    "personnelles</a>.</p>",
    "thanks_text": "<p>Merci : votre message est bien arrivé. L'équipe du RhinOcc vous répond à l'adresse e-mail "
    "indiquée, en général sous une semaine.</p>",
}
PROPOSAL = {
    "title": "Référencer mon lieu",
    "search_description": "Votre lieu aide les habitants d'Occitanie avec le numérique ? Proposez-le pour "
    "l'annuaire des lieux du RhinOcc.",
    "intro": "<p>Votre lieu aide les habitants d'Occitanie à se servir du numérique : démarches en ligne, "
    "ordinateur, téléphone, accès à internet ? Décrivez-le ici. L'équipe du RhinOcc relit chaque proposition, "
    "vous écrit si une information manque, puis l'ajoute à l'annuaire, publié aussi en données ouvertes au "
    "standard national des lieux de médiation numérique.</p>",
    "privacy_text": "<p>Votre nom et votre adresse e-mail nous servent seulement à vérifier la proposition avec "
    "vous. Les informations sur le lieu, elles, sont faites pour être publiées dans l'annuaire.</p>",
    "thanks_text": "<p>Merci : votre proposition est bien arrivée. L'équipe du RhinOcc la relit avant de "
    "l'ajouter à l'annuaire et vous écrit si elle a une question.</p>",
}
CORRECTION = {
    "title": "Signaler une modification",
    "search_description": "Une adresse, un horaire ou un téléphone a changé dans l'annuaire des lieux ? "
    "Dites-le à l'équipe du RhinOcc.",
    "intro": "<p>Un horaire, un numéro ou une adresse a changé ? Écrivez seulement la bonne valeur dans le "
    "champ concerné. Si le lieu a fermé, cochez « Ce lieu n'existe plus ». L'équipe du RhinOcc vérifie avant "
    "de modifier l'annuaire.</p>",
    "privacy_text": "<p>Votre nom et votre adresse e-mail nous servent seulement à vérifier le signalement "
    "avec vous si besoin.</p>",
    "thanks_text": "<p>Merci : votre signalement est bien arrivé. L'équipe du RhinOcc le vérifie avant de "
    "mettre l'annuaire à jour.</p>",
}
# Rédacteurs read and prepare; moderators and administrators also accept into the directory.
# The COS group gets nothing: it never sees the inbox.
INBOX_PERMISSIONS = {
    "Rédacteurs": ["view_submission", "change_submission"],
    "Modérateurs": ["view_submission", "change_submission", "accept_submission"],
    "Administrateurs": [
        "view_submission",
        "change_submission",
        "accept_submission",
        "delete_submission",
        "change_inboxsettings",
    ],
}


@section(70)
def build_contact_page(builder):
    subjects = [ContactSubject(label=label, sort_order=order) for order, label in enumerate(SUBJECTS)]
    builder.ensure_page(builder.home, ContactPage, "contact", subjects=subjects, **CONTACT)


@section(71)
def build_place_forms(builder):
    directory = PlaceIndexPage.objects.first()
    if directory is None:
        builder.notes.append("Pas d'annuaire des lieux : pages « Référencer mon lieu » et « Signaler » non créées.")
        return
    builder.ensure_page(directory, PlaceProposalPage, "referencer", **PROPOSAL)
    builder.ensure_page(directory, PlaceCorrectionPage, "signaler", **CORRECTION)


@section(72)
def build_inbox_permissions(builder):
    for name, codenames in INBOX_PERMISSIONS.items():
        group = builder.ensure_object(Group, {"name": name})
        wanted = Permission.objects.filter(content_type__app_label="inbox", codename__in=codenames)
        missing = wanted.exclude(group=group)
        added = missing.count()
        if added:
            group.permissions.add(*missing)
            builder.updated.append(f"permissions « messages reçus » du groupe « {name} » ({added})")
