"""Editor panels that show the editorial checks next to the content they are about."""

from django.utils.functional import cached_property
from wagtail.admin.panels import Panel


class KwaliteitPanel(Panel):
    """Findings of the quality checks for the version being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "redactie/panels/kwaliteit.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            from contenthub.redactie.kwaliteit import controleer

            context["bevindingen"] = None if self.instance._state.adding else controleer(self.instance)
            return context


class GeneriekGewijzigdPanel(Panel):
    """For an aanvulling: the generiek text changed since this gemeente last reviewed it, with a diff."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "redactie/panels/generiek_gewijzigd.html"

        @cached_property
        def verschillen(self):
            from contenthub.redactie.generiek import verschillen

            return [] if self.instance._state.adding else verschillen(self.instance)

        def is_shown(self):
            return bool(self.verschillen) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["verschillen"] = self.verschillen
            context["aanvulling"] = self.instance
            return context
