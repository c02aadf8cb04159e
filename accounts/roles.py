"""The site's groups (roles) and what each may do: names, the descriptions shown on the admin's user
form, and the permissions that `accounts.content` gives them."""

COS_GROUP_NAME = "Membres du COS"
EDITORS_GROUP_NAME = "Rédacteurs"
MODERATORS_GROUP_NAME = "Modérateurs"
ADMINISTRATORS_GROUP_NAME = "Administrateurs"
# What each role can do, shown next to each group on the admin's user form (accounts.users) and
# copied in the README's "Editorial roles" table (a test keeps them equal). Keep in step with the
# permissions below.
ROLE_DESCRIPTIONS = {
    EDITORS_GROUP_NAME: "Entre dans l'administration, rédige des pages et les soumet à modération ; ne publie jamais.",
    MODERATORS_GROUP_NAME: (
        "Comme les rédacteurs, et en plus valide et publie les pages (le processus « Modération » couvre tout "
        "le site), réserve une page à un groupe."
    ),
    ADMINISTRATORS_GROUP_NAME: (
        "Comme les modérateurs, et en plus gère les utilisateurs, les groupes, les processus de validation, "
        "les redirections et les réglages du site."
    ),
    COS_GROUP_NAME: (
        "Aucun accès à l'administration ; lit les publications réservées au COS après connexion sur /connexion/."
    ),
}
WORKFLOW_NAME = "Modération"
APPROVAL_TASK_NAME = "Validation par les modérateurs"
DEMO_COS_USERNAME = "membre-cos-demo"
COS_COLLECTION_NAME = "Documents du COS"

PAGE_PERMISSIONS = {
    EDITORS_GROUP_NAME: ["add_page", "change_page"],
    MODERATORS_GROUP_NAME: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS_GROUP_NAME: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = {
    EDITORS_GROUP_NAME: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    MODERATORS_GROUP_NAME: [
        (app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose", "delete")
    ],
    ADMINISTRATORS_GROUP_NAME: [
        (app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose", "delete")
    ],
}
# Places (plain models, no moderation): moderators and administrators edit them, editors only read.
PLACE_PERMISSIONS = [("places", f"{action}_place") for action in ("add", "change", "delete", "view")]
# Model permissions: the admin itself for everyone, and what administrators manage besides pages.
GLOBAL_PERMISSIONS = {
    EDITORS_GROUP_NAME: [("wagtailadmin", "access_admin"), ("places", "view_place")],
    MODERATORS_GROUP_NAME: [("wagtailadmin", "access_admin"), *PLACE_PERMISSIONS],
    ADMINISTRATORS_GROUP_NAME: [
        ("wagtailadmin", "access_admin"),
        *PLACE_PERMISSIONS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_group"),
        ("auth", "change_group"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("hub", "change_sitesettings"),
    ],
}
