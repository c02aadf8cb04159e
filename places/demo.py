"""Demonstration places, so that a development site shows a working directory.

Invented places in real communes of Occitanie (their real INSEE code and postcode, coordinates near
their centre); names, addresses and people are made up. Telephone numbers are in the ranges the
French regulator (ARCEP) keeps for fiction (04 65 71 xx xx, 05 36 49 xx xx), web and e-mail
addresses under example.org (reserved, RFC 2606), identifiers (pivot) start with "DEMO" and can be
no one's SIRET. Every place says « démonstration » in its source (`DEMO_MARKER`), which the pages
show and the launch checklist looks for.

The rows are written in the standard's own text form and go through the import's validation
(`validate_row`): a demonstration place is exactly what a valid file would give. They are loaded only
when asked (`manage.py build_site --demo-places`, which `make run` passes), never over an imported
place: a place whose id exists without the demonstration marker is left alone.
"""

from .choices import Dispositif as D
from .choices import FormationLabel as L
from .choices import Frais as F
from .choices import ModaliteAcces as M
from .choices import ModaliteAccompagnement as A
from .choices import PriseEnCharge as P
from .choices import Public as Pub
from .choices import Service as S
from .models import DEMO_MARKER, Place
from .records import model_field_name, to_model_values
from .standard import SEPARATOR, field_names
from .validation import validate_row

ID_PREFIX = "demo-rhinocc-"
SOURCE = f"RhinOcc ({DEMO_MARKER})"
DATE_MAJ = "2026-09-15"
SITE = "https://example.org/demo-rhinocc"


def _join(*values):
    return SEPARATOR.join(str(value) for value in values)


def _phone(area, number):
    """A number in ARCEP's fiction range for the area (04 or 05)."""
    return f"+33{'465710' if area == 4 else '536490'}{number:03d}"


def _row(number, nom, commune, code_postal, code_insee, adresse, latitude, longitude, area, **fields):
    row = {column: "" for column in field_names()}
    row.update(
        {
            "id": f"{ID_PREFIX}{number:02d}",
            "pivot": f"DEMO{number:08d}",
            "nom": nom,
            "commune": commune,
            "code_postal": code_postal,
            "code_insee": code_insee,
            "adresse": adresse,
            "latitude": str(latitude),
            "longitude": str(longitude),
            "telephone": _phone(area, number),
            "courriels": f"lieu{number:02d}@example.org",
            "site_web": f"{SITE}/lieu-{number:02d}/",
            "source": SOURCE,
            "itinerance": "Fixe",
            "date_maj": DATE_MAJ,
            "modalites_acces": _join(M.SE_PRESENTER, M.TELEPHONER),
        }
    )
    row.update(fields)
    return row


WEEK_OFFICE = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00; PH off"

DEMO_ROWS = [
    # Haute-Garonne (31)
    _row(
        1,
        "Espace numérique des Minimes (démonstration)",
        "Toulouse",
        "31200",
        "31555",
        "14 rue des Tisserands",
        43.6195,
        1.4341,
        5,
        typologie="MUNI",
        horaires=WEEK_OFFICE,
        presentation_resume="Accès libre aux ordinateurs et aide aux démarches en ligne, avec ou sans rendez-vous.",
        services=_join(S.DEMARCHES, S.ACCES_INTERNET, S.OUTILS_QUOTIDIEN),
        publics_specifiquement_adresses=_join(Pub.SENIORS, Pub.FAMILLES),
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=_join(D.CONSEILLERS_NUMERIQUES, D.AIDANTS_CONNECT),
        modalites_accompagnement=_join(A.AUTONOMIE, A.INDIVIDUEL),
    ),
    _row(
        2,
        "Atelier Clic'Garonne (démonstration)",
        "Toulouse",
        "31400",
        "31555",
        "3 impasse des Rosiers",
        43.5801,
        1.4578,
        5,
        typologie="ASSO",
        horaires="Tu,Th 14:00-17:00; PH off",
        presentation_resume="Ateliers collectifs pour apprendre à se servir d'un smartphone et éviter les arnaques.",
        services=_join(S.OUTILS_QUOTIDIEN, S.SECURITE),
        publics_specifiquement_adresses=Pub.SENIORS,
        prise_en_charge_specifique=P.SURDITE,
        frais_a_charge=_join(F.GRATUIT_SOUS_CONDITION),
        modalites_acces=_join(M.TELEPHONER, M.COURRIEL),
        modalites_accompagnement=A.ATELIER,
    ),
    _row(
        3,
        "Maison de services des Berges (démonstration)",
        "Muret",
        "31600",
        "31395",
        "8 allée des Platanes",
        43.4622,
        1.3270,
        5,
        typologie="RFS",
        horaires="Mo-Fr 08:30-12:30,13:30-17:00; PH off",
        presentation_resume="Un accueil pour vos démarches : impôts, retraite, CAF, carte grise, France Travail.",
        services=_join(S.DEMARCHES, S.ACCES_INTERNET),
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=_join(D.FRANCE_SERVICES, D.AIDANTS_CONNECT),
        modalites_acces=_join(M.SE_PRESENTER, M.TELEPHONER, M.RDV_EN_LIGNE),
        modalites_accompagnement=A.INDIVIDUEL,
        prise_rdv=f"{SITE}/rendez-vous/lieu-03/",
    ),
    _row(
        4,
        "Numéribus du Comminges (démonstration)",
        "Saint-Gaudens",
        "31800",
        "31483",
        "Place du marché (arrêt du bus)",
        43.1081,
        0.7236,
        5,
        typologie="EPCI",
        itinerance="Itinérant",
        horaires='Tu 09:00-12:00 "Saint-Gaudens, place du marché"; Th 14:00-17:00 "tournée des villages"; PH off',
        presentation_resume="Un bus équipé d'ordinateurs qui passe dans les villages du Comminges chaque semaine.",
        services=_join(S.DEMARCHES, S.OUTILS_QUOTIDIEN, S.ACCES_INTERNET),
        publics_specifiquement_adresses=Pub.SENIORS,
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.CONSEILLERS_NUMERIQUES,
        modalites_accompagnement=_join(A.INDIVIDUEL, A.ATELIER),
    ),
    # Hérault (34)
    _row(
        5,
        "Fab'Écusson, atelier de fabrication (démonstration)",
        "Montpellier",
        "34000",
        "34172",
        "27 rue des Bidouilleurs",
        43.6135,
        3.8790,
        4,
        typologie="TIERS_LIEUX",
        horaires="We 14:00-19:00; Fr-Sa 20:00-02:00",
        presentation_resume="Imprimantes 3D, découpe laser et soirées de bidouille ouvertes tard le week-end.",
        services=_join(S.LOISIRS, S.COMPREHENSION),
        publics_specifiquement_adresses=_join(Pub.JEUNES, Pub.ETUDIANTS),
        frais_a_charge=_join(F.PAYANT),
        modalites_accompagnement=_join(A.AUTONOMIE, A.ATELIER),
        autres_formations_labels="Réseau des fablabs (démonstration)",
    ),
    _row(
        6,
        "Point numérique CCAS de Béziers (démonstration)",
        "Béziers",
        "34500",
        "34032",
        "5 boulevard des Oliviers",
        43.3440,
        3.2150,
        4,
        typologie="CCAS",
        horaires="Mo-Fr 09:00-12:00, We 14:00-17:00; PH off",
        presentation_resume="Aide pour créer une adresse e-mail, scanner un document, faire une demande en ligne.",
        services=_join(S.DEMARCHES, S.OUTILS_QUOTIDIEN),
        prise_en_charge_specifique=_join(P.ILLETTRISME, P.AUTRES_LANGUES),
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=_join(D.CAF, D.AIDANTS_CONNECT),
        formations_labels=L.DUPLEX,
        modalites_accompagnement=A.INDIVIDUEL,
    ),
    _row(
        7,
        "Médiathèque du Lodévois (démonstration)",
        "Lodève",
        "34700",
        "34142",
        "2 place des Tanneurs",
        43.7315,
        3.3190,
        4,
        typologie="BIB",
        horaires="Tu-Sa 10:00-12:30,14:00-18:00; Aug off; PH off",
        presentation_resume="Postes en accès libre, wifi et ateliers du samedi matin pour débuter.",
        services=_join(S.ACCES_INTERNET, S.OUTILS_QUOTIDIEN, S.LOISIRS),
        publics_specifiquement_adresses=Pub.FAMILLES,
        prise_en_charge_specifique=P.DEFICIENCE_VISUELLE,
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.BNR,
        modalites_accompagnement=_join(A.AUTONOMIE, A.ATELIER),
    ),
    # Gard (30)
    _row(
        8,
        "Cyber-base de la Placette (démonstration)",
        "Nîmes",
        "30000",
        "30189",
        "11 rue des Amandiers",
        43.8365,
        4.3560,
        4,
        typologie="MUNI",
        horaires="Mo-Fr 09:00-17:00; Dec 24-Jan 01 off",
        presentation_resume="Un espace public numérique au cœur du quartier, ouvert en continu la semaine.",
        services=_join(S.ACCES_INTERNET, S.DEMARCHES, S.INSERTION_PRO),
        publics_specifiquement_adresses=Pub.JEUNES,
        frais_a_charge=_join(F.GRATUIT, F.PAYANT),
        dispositif_programmes_nationaux=D.PIX,
        modalites_accompagnement=_join(A.AUTONOMIE, A.INDIVIDUEL),
    ),
    _row(
        9,
        "Ressourcerie informatique cévenole (démonstration)",
        "Alès",
        "30100",
        "30007",
        "ZA des Mûriers, bâtiment C",
        44.1270,
        4.0830,
        4,
        typologie="ASSO",
        horaires="We,Sa 10:00-18:00; PH off",
        presentation_resume="Ordinateurs reconditionnés à prix solidaire et aide à la prise en main.",
        services=_join(S.MATERIEL_SOLIDAIRE, S.OUTILS_QUOTIDIEN),
        frais_a_charge=_join(F.PAYANT),
        dispositif_programmes_nationaux=D.RELAIS_EMMAUS,
        modalites_accompagnement=A.INDIVIDUEL,
    ),
    _row(
        10,
        "Permanence numérique du Vigan (démonstration)",
        "Le Vigan",
        "30120",
        "30350",
        "Mairie annexe, 1 rue du Pont",
        43.9910,
        3.6060,
        4,
        typologie="MUNI",
        horaires="Lundi et jeudi matin, sur rendez-vous",  # not OpenStreetMap: shown as written
        presentation_resume="Une permanence de la conseillère numérique, sur rendez-vous.",
        services=_join(S.DEMARCHES),
        publics_specifiquement_adresses=Pub.SENIORS,
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.CONSEILLERS_NUMERIQUES,
        modalites_acces=M.TELEPHONER,
        modalites_accompagnement=A.INDIVIDUEL,
    ),
    # Aude (11)
    _row(
        11,
        "Espace de vie sociale La Bastide (démonstration)",
        "Carcassonne",
        "11000",
        "11069",
        "19 rue des Cardeurs",
        43.2125,
        2.3525,
        4,
        typologie="CS",
        horaires="Mo,We,Fr 09:00-12:00; Tu,Th 14:00-18:00; PH off",
        presentation_resume="Ateliers parents-enfants sur les écrans, les réseaux sociaux et l'ENT du collège.",
        services=_join(S.PARENTALITE, S.SECURITE, S.DEMARCHES),
        publics_specifiquement_adresses=_join(Pub.FAMILLES, Pub.FEMMES),
        frais_a_charge=F.GRATUIT_SOUS_CONDITION,
        dispositif_programmes_nationaux=D.PROMENEURS,
        modalites_accompagnement=_join(A.ATELIER, A.INDIVIDUEL),
    ),
    _row(
        12,
        "Point d'accueil numérique des Corbières (démonstration)",
        "Narbonne",
        "11100",
        "11262",
        "6 quai des Pêcheurs",
        43.1840,
        3.0030,
        4,
        typologie="CIAS",
        horaires='"sur rendez-vous"',
        presentation_resume="Un accompagnement individuel pour les démarches en ligne, uniquement sur rendez-vous.",
        services=S.DEMARCHES,
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.AIDANTS_CONNECT,
        modalites_acces=_join(M.TELEPHONER, M.RDV_EN_LIGNE),
        modalites_accompagnement=_join(A.INDIVIDUEL, A.DISTANCE),
        prise_rdv=f"{SITE}/rendez-vous/lieu-12/",
    ),
    _row(
        13,
        "Numérique en Haute Vallée (démonstration)",
        "Limoux",
        "11300",
        "11206",
        "Avenue des Vignes",
        43.0550,
        2.2185,
        4,
        typologie="ASSO",
        itinerance=_join("Itinérant", "Fixe"),
        horaires="Mo 14:00-17:00; Jul-Aug Mo 09:00-12:00",
        presentation_resume="Un local à Limoux et une camionnette qui dessert les villages de la haute vallée.",
        services=_join(S.OUTILS_QUOTIDIEN, S.DEMARCHES, S.ACCES_INTERNET),
        publics_specifiquement_adresses=Pub.SENIORS,
        frais_a_charge=F.GRATUIT,
        modalites_accompagnement=_join(A.INDIVIDUEL, A.ATELIER),
    ),
    # Tarn (81)
    _row(
        14,
        "Tiers-lieu de la Madeleine (démonstration)",
        "Albi",
        "81000",
        "81004",
        "4 rue des Tilleuls",
        43.9290,
        2.1470,
        5,
        typologie="TIERS_LIEUX",
        horaires="Mo-Sa 09:00-19:00; PH off",
        presentation_resume="Coworking, ateliers et accompagnement vers l'emploi : CV, candidatures en ligne.",
        services=_join(S.INSERTION_PRO, S.ACCES_INTERNET, S.COMPREHENSION),
        publics_specifiquement_adresses=_join(Pub.JEUNES, Pub.FEMMES),
        prise_en_charge_specifique=P.ANGLAIS,
        frais_a_charge=_join(F.GRATUIT_SOUS_CONDITION, F.PAYANT),
        dispositif_programmes_nationaux=D.GRANDE_ECOLE,
        formations_labels=L.FABRIQUES,
        modalites_accompagnement=_join(A.AUTONOMIE, A.ATELIER, A.DISTANCE),
    ),
    _row(
        15,
        "Relais numérique de la Croix-Blanche (démonstration)",
        "Castres",
        "81100",
        "81065",
        "21 avenue des Acacias",
        43.6060,
        2.2400,
        5,
        typologie="ASSO",
        horaires="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        presentation_resume="Recharges, forfaits et smartphones à prix solidaire, avec un suivi personnalisé.",
        services=_join(S.MATERIEL_SOLIDAIRE, S.ACCES_INTERNET, S.OUTILS_QUOTIDIEN),
        frais_a_charge=F.GRATUIT_SOUS_CONDITION,
        dispositif_programmes_nationaux=_join(D.EMMAUS_CONNECT, D.CROIX_ROUGE),
        modalites_acces=_join(M.PRESCRIPTION),
        modalites_accompagnement=A.INDIVIDUEL,
        date_maj="2024-05-15",  # older than a year: shows in the admin's "data to check" filter
    ),
    # Aveyron (12)
    _row(
        16,
        "Maison des services du Ruthénois (démonstration)",
        "Rodez",
        "12000",
        "12202",
        "10 avenue des Marronniers",
        44.3505,
        2.5745,
        5,
        typologie="RFS",
        horaires="Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00; PH off",
        presentation_resume="France services : un agent vous aide pour vos démarches, avec un poste en libre accès.",
        services=_join(S.DEMARCHES, S.ACCES_INTERNET),
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.FRANCE_SERVICES,
        formations_labels=L.MON_ESPACE_SANTE,
        modalites_accompagnement=_join(A.INDIVIDUEL, A.AUTONOMIE),
    ),
    _row(
        17,
        "Camion connecté du Lévézou (démonstration)",
        "Millau",
        "12100",
        "12145",
        "Parking des Mouettes (stationnement du camion)",
        44.0980,
        3.0780,
        5,
        typologie="EPCI",
        itinerance="Itinérant",
        horaires="We 09:00-12:00,13:30-16:30; PH off",
        presentation_resume="Un camion équipé qui s'installe le mercredi dans une commune différente.",
        services=_join(S.DEMARCHES, S.OUTILS_QUOTIDIEN),
        publics_specifiquement_adresses=Pub.SENIORS,
        prise_en_charge_specifique=P.HANDICAPS_MOTEURS,
        frais_a_charge=F.GRATUIT,
        modalites_accompagnement=A.INDIVIDUEL,
    ),
    # Lozère (48)
    _row(
        18,
        "Espace numérique du Gévaudan (démonstration)",
        "Mende",
        "48000",
        "48095",
        "7 rue des Écoles",
        44.5180,
        3.5010,
        4,
        typologie="MUNI",
        horaires="Tu-Fr 10:00-12:00,14:00-18:00; Sa 10:00-12:00; PH off",
        presentation_resume="Initiation à l'ordinateur, à la tablette et aux services en ligne, en petits groupes.",
        services=_join(S.OUTILS_QUOTIDIEN, S.COMPREHENSION, S.SECURITE),
        publics_specifiquement_adresses=Pub.SENIORS,
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.CONSEILLERS_NUMERIQUES,
        modalites_accompagnement=A.ATELIER,
    ),
    _row(
        19,
        "Point numérique des Cévennes lozériennes (démonstration)",
        "Florac-Trois-Rivières",
        "48400",
        "48061",
        "Maison de pays, 3 place du Souvenir",
        44.3240,
        3.5930,
        4,
        typologie="ASSO",
        horaires="Mo 14:00-17:00; Th 09:00-12:00",
        presentation_resume="Une permanence deux demi-journées par semaine pour les démarches et l'informatique.",
        services=_join(S.DEMARCHES, S.OUTILS_QUOTIDIEN),
        frais_a_charge=F.GRATUIT,
        modalites_accompagnement=A.INDIVIDUEL,
    ),
    # Ariège (09)
    _row(
        20,
        "Cyber-espace du château (démonstration)",
        "Foix",
        "09000",
        "09122",
        "15 rue des Tourneurs",
        42.9655,
        1.6065,
        5,
        typologie="MUNI",
        horaires="Mo-Fr 13:30-18:00; We 09:00-12:00; PH off",
        presentation_resume="Ordinateurs, imprimante et scanner en libre accès ; aide à la demande.",
        services=_join(S.ACCES_INTERNET, S.DEMARCHES),
        publics_specifiquement_adresses=Pub.ETUDIANTS,
        frais_a_charge=_join(F.GRATUIT, F.PAYANT),
        modalites_accompagnement=_join(A.AUTONOMIE, A.INDIVIDUEL),
    ),
    # Lot (46)
    _row(
        21,
        "Atelier numérique du Quercy (démonstration)",
        "Cahors",
        "46000",
        "46042",
        "9 boulevard des Capucines",
        44.4480,
        1.4410,
        5,
        typologie="ASSO",
        horaires="Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
        presentation_resume="Des ateliers pour toute la famille : photo, vidéo, jeux et bon usage des écrans.",
        services=_join(S.LOISIRS, S.PARENTALITE, S.OUTILS_QUOTIDIEN),
        publics_specifiquement_adresses=_join(Pub.FAMILLES, Pub.JEUNES),
        frais_a_charge=_join(F.PAYANT, F.GRATUIT_SOUS_CONDITION),
        modalites_accompagnement=A.ATELIER,
    ),
    # Gers (32)
    _row(
        22,
        "Espace public numérique de la Gascogne (démonstration)",
        "Auch",
        "32000",
        "32013",
        "2 rue des Arbalétriers",
        43.6460,
        0.5860,
        5,
        typologie="MUNI",
        horaires="Mo-Fr 09:00-12:00,14:00-18:00; PH off",
        presentation_resume="Accès libre, aide aux démarches et initiation, au rez-de-chaussée accessible.",
        services=_join(S.ACCES_INTERNET, S.DEMARCHES, S.OUTILS_QUOTIDIEN),
        prise_en_charge_specifique=_join(P.HANDICAPS_MOTEURS, P.DEFICIENCE_VISUELLE),
        frais_a_charge=F.GRATUIT,
        modalites_accompagnement=_join(A.AUTONOMIE, A.INDIVIDUEL),
    ),
    # Hautes-Pyrénées (65)
    _row(
        23,
        "Numérique solidaire du Pays de Bigorre (démonstration)",
        "Tarbes",
        "65000",
        "65440",
        "18 rue des Pyrénées",
        43.2330,
        0.0780,
        5,
        typologie="ASSO",
        horaires="24/7",
        presentation_resume="Une borne en libre accès jour et nuit dans le hall, et une aide en ligne.",
        services=_join(S.ACCES_INTERNET),
        frais_a_charge=F.GRATUIT,
        modalites_acces=M.SE_PRESENTER,
        modalites_accompagnement=_join(A.AUTONOMIE, A.DISTANCE),
    ),
    # Pyrénées-Orientales (66)
    _row(
        24,
        "Espai digital del Castellet (démonstration)",
        "Perpignan",
        "66000",
        "66136",
        "12 rue des Orangers",
        42.6985,
        2.8950,
        4,
        typologie="CS",
        horaires="Mo-Fr 09:00-12:30,14:00-18:00; PH off",
        presentation_resume="Accompagnement en français, catalan et espagnol pour les démarches en ligne.",
        services=_join(S.DEMARCHES, S.INSERTION_PRO),
        prise_en_charge_specifique=P.AUTRES_LANGUES,
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.CONSEILLERS_NUMERIQUES,
        modalites_accompagnement=A.INDIVIDUEL,
    ),
    # Tarn-et-Garonne (82)
    _row(
        25,
        "Point numérique de Villebourbon (démonstration)",
        "Montauban",
        "82000",
        "82121",
        "3 rue des Briquetiers",
        44.0150,
        1.3480,
        5,
        typologie="CCAS",
        horaires="Mo-Fr 09:00-12:00; Tu,Th 09:00-12:00,14:00-17:00; PH off",
        presentation_resume="Aide aux démarches, création de comptes et coffre-fort numérique pour vos papiers.",
        services=_join(S.DEMARCHES, S.SECURITE),
        publics_specifiquement_adresses=_join(Pub.SENIORS, Pub.FEMMES),
        frais_a_charge=F.GRATUIT,
        dispositif_programmes_nationaux=D.AIDANTS_CONNECT,
        modalites_accompagnement=A.INDIVIDUEL,
    ),
]


def demo_records():
    """The demonstration rows as validated records, with their warnings: (record, warnings) pairs.
    A row that the app's own validation rejects is a bug of this module: it raises."""
    records = []
    for line, row in enumerate(DEMO_ROWS, start=1):
        record, errors, warnings = validate_row(row, line)
        if errors:
            raise ValueError(f"Lieu de démonstration invalide : {'; '.join(str(error) for error in errors)}")
        records.append((record, warnings))
    return records


def load_demo_places(reset=False):
    """Create the missing demonstration places; on reset, rewrite those still marked as demonstration.
    A place with the same id that is not marked (an imported place) is never touched.
    Returns (created, updated, unchanged, skipped) lists of place names."""
    created, updated, unchanged, skipped = [], [], [], []
    existing = {place.standard_id: place for place in Place.objects.filter(standard_id__startswith=ID_PREFIX)}
    for record, _warnings in demo_records():
        values = to_model_values(record)
        place = existing.get(record["id"])
        if place is None:
            Place.objects.create(**values)
            created.append(values["nom"])
        elif not place.is_demo:
            skipped.append(place.nom)
        elif reset and any(
            getattr(place, model_field_name(column)) != values[model_field_name(column)] for column in record
        ):
            for name, value in values.items():
                setattr(place, name, value)
            place.save()
            updated.append(values["nom"])
        else:
            unchanged.append(place.nom)
    return created, updated, unchanged, skipped
