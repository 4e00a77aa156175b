"""Model fields shared by the content types."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class RegelsLijstFormField(forms.CharField):
    """Edits a list of short strings as one line per item, the way editors think of keywords."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        value = super().to_python(value)
        return [regel.strip() for regel in value.splitlines() if regel.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class LijstField(models.JSONField):
    """A JSON list of strings (trefwoorden, alternatieve vragen, kanalen), one line per item in forms."""

    def __init__(self, *args, keuzes=None, **kwargs):
        self.keuzes = keuzes
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.keuzes is not None:
            kwargs["keuzes"] = self.keuzes
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        if self.keuzes is not None:
            # A fixed vocabulary is ticked, not typed.
            defaults = {
                "form_class": forms.MultipleChoiceField,
                "choices": self.keuzes,
                "widget": forms.CheckboxSelectMultiple,
            }
        else:
            defaults = {"form_class": RegelsLijstFormField}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError("Verwacht een lijst met teksten.")
        if self.keuzes is not None:
            toegestaan = {k for k, _ in self.keuzes}
            onbekend = [v for v in value if v not in toegestaan]
            if onbekend:
                raise ValidationError(f"Onbekende waarde(n): {', '.join(onbekend)}.")
