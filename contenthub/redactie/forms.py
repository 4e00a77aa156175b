"""Admin forms that keep every editor inside their own gemeente."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from contenthub.redactie.permissies import gemeenten_van, is_landelijk


class LaagForm(WagtailAdminModelForm):
    """Limits the gemeente choice to the editor's own gemeenten; only the national group may leave it
    empty (generiek)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        veld = self.fields.get("gemeente")
        if veld is None or user is None:
            return
        veld.queryset = gemeenten_van(user)
        if not is_landelijk(user):
            veld.required = True
            veld.empty_label = None
        # A plain select shows exactly the allowed gemeenten; Wagtail's chooser would list them all.
        veld.widget = forms.Select(choices=veld.choices)
        if "vervangt" in self.fields:
            from contenthub.redactie.kiezers import generieke_vac_kiezer

            vervangt = self.fields["vervangt"]
            # Validation accepts only a generiek VAC; the chooser searches and pages instead of listing them all.
            vervangt.queryset = type(self.instance).objects.filter(gemeente__isnull=True)
            vervangt.widget = generieke_vac_kiezer.widget_class()


class AanvullingForm(LaagForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kennisartikel" in self.fields:
            self.fields["kennisartikel"].queryset = self.fields["kennisartikel"].queryset.model.objects.order_by("titel")

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("secties")
        if formset is not None:
            gezien = {}
            for subform in formset.forms:
                data = getattr(subform, "cleaned_data", None) or {}
                if not data or data.get("DELETE"):
                    continue
                sectie = data.get("sectie")
                if sectie in gezien:
                    subform.add_error("sectie", "Deze sectie is al aangepast; combineer de teksten in één aanpassing.")
                gezien[sectie] = True
        return cleaned
