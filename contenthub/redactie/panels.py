"""Editor panels that show the editorial checks next to the content they are about."""

from wagtail.admin.panels import Panel


class KwaliteitPanel(Panel):
    """Findings of the quality checks for the version being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "redactie/panels/kwaliteit.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["bevindingen"] = self.instance.kwaliteitsbevindingen() if self.instance.pk else None
            return context


class GeneriekGewijzigdPanel(Panel):
    """For an aanvulling: the generiek text changed since this gemeente last reviewed it, with a diff."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "redactie/panels/generiek_gewijzigd.html"

        def get_context_data(self, parent_context=None):
            from contenthub.redactie.generiek import verschillen

            context = super().get_context_data(parent_context)
            context["verschillen"] = verschillen(self.instance) if self.instance.pk else []
            context["aanvulling"] = self.instance
            return context
