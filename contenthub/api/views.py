"""API keys in the admin: list, make (the secret is shown once) and revoke. Only for whoever may add keys."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from contenthub.api.models import ApiSleutel, SleutelKanaal
from contenthub.api.sleutels import maak_sleutel
from contenthub.core.enums import Betrouwbaarheidsniveau
from contenthub.core.models import Gemeente


class SleutelForm(forms.Form):
    naam = forms.CharField(max_length=200, help_text="Waarvoor de sleutel is, bijv. 'KISS Dijkstad (productie)'.")
    kanaal = forms.ChoiceField(choices=SleutelKanaal.choices, help_text="Bepaalt wat de sleutel mag zien.")
    gemeenten = forms.ModelMultipleChoiceField(queryset=Gemeente.objects.order_by("naam"), help_text="Minstens één.")
    intern = forms.BooleanField(required=False, help_text="deskMemo en toelichting meeleveren (alleen KCC-toepassingen).")
    persoonlijk = forms.ChoiceField(
        choices=[("", "Geen persoonlijke sjablonen")] + list(Betrouwbaarheidsniveau.choices),
        required=False,
        help_text="Alleen voor kanalen waar de inwoner is ingelogd (nooit website of sociale media).",
    )


def _mag(request) -> None:
    if not request.user.has_perm("api.add_apisleutel"):
        raise PermissionDenied


def sleutels(request):
    _mag(request)
    nieuw = None
    form = SleutelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sleutel, geheim = maak_sleutel(
                naam=form.cleaned_data["naam"],
                kanaal=form.cleaned_data["kanaal"],
                gemeenten=list(form.cleaned_data["gemeenten"]),
                intern=form.cleaned_data["intern"],
                persoonlijk=form.cleaned_data["persoonlijk"],
            )
        except ValidationError as exc:
            for veld, meldingen in exc.message_dict.items():
                form.add_error(veld if veld in form.fields else None, meldingen)
        else:
            nieuw = {"sleutel": sleutel, "geheim": geheim}
            form = SleutelForm()
    return TemplateResponse(
        request,
        "api/sleutels.html",
        {
            "page_title": "API-sleutels",
            "form": form,
            "nieuw": nieuw,
            "sleutels": ApiSleutel.objects.prefetch_related("gemeenten").order_by("-actief", "naam"),
        },
    )


@require_POST
def intrekken(request, pk: int):
    _mag(request)
    sleutel = get_object_or_404(ApiSleutel, pk=pk)
    sleutel.actief = False
    sleutel.save(update_fields=["actief"])
    messages.success(request, f"Sleutel '{sleutel.naam}' is ingetrokken; aanroepen ermee krijgen nu 401.")
    return redirect("api_sleutels")
