"""Admin panels shared by the apps' page models."""

from wagtail.admin import panels


class InlinePanel(panels.InlinePanel):
    """Wagtail's InlinePanel whose add button can say its whole text: Wagtail's French « Ajouter un(e)
    {label} » cannot agree with the label's gender (« Ajouter un document joint », « une organisation »)."""

    def __init__(self, *args, add_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}
