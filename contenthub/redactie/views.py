"""Admin pages for editors: overdue reviews and generiek changes that need a gemeente's attention."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.permissions import policy_registry

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
from contenthub.redactie.generiek import generiek_gewijzigd, markeer_beoordeeld, verschillen
from contenthub.redactie.permissies import gemeenten_van, mag_scope

REDACTIE_MODELLEN = (Kennisartikel, GemeentelijkeAanvulling, VraagAntwoord, PersoonlijkSjabloon)


@dataclass
class OverdueRegel:
    item: object
    soort: str
    dagen_te_laat: int
    url: str | None


def bewerkbare_items(user, model):
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["change"])


def verlopen_per_gemeente(user, vandaag: datetime.date | None = None) -> dict[str, list[OverdueRegel]]:
    """Items whose herzieningsdatum has passed, grouped by gemeente ('Generiek' for national content),
    limited to what the user may edit."""
    vandaag = vandaag or timezone.localdate()
    finder = AdminURLFinder(user)
    groepen: dict[str, list[OverdueRegel]] = {}
    for model in REDACTIE_MODELLEN:
        qs = bewerkbare_items(user, model).filter(herzieningsdatum__lt=vandaag).order_by("herzieningsdatum")
        for item in qs:
            gemeente = item.scope_gemeente
            sleutel = gemeente.naam if gemeente else "Generiek (landelijk)"
            groepen.setdefault(sleutel, []).append(
                OverdueRegel(item, model._meta.verbose_name, (vandaag - item.herzieningsdatum).days, finder.get_edit_url(item))
            )
    return dict(sorted(groepen.items()))


def herziening_verlopen(request):
    groepen = verlopen_per_gemeente(request.user)
    return TemplateResponse(
        request,
        "redactie/herziening_verlopen.html",
        {"groepen": groepen, "totaal": sum(len(v) for v in groepen.values()), "page_title": "Herziening verlopen"},
    )


def gewijzigde_aanvullingen(user) -> list[GemeentelijkeAanvulling]:
    """Aanvullingen of the user's gemeenten whose generiek text changed after their last review."""
    kandidaten = GemeentelijkeAanvulling.objects.filter(gemeente__in=gemeenten_van(user), kennisartikel__isnull=False)
    return [a for a in kandidaten.select_related("gemeente", "kennisartikel", "beoordeling") if generiek_gewijzigd(a)]


def generiek_gewijzigd_lijst(request):
    aanvullingen = gewijzigde_aanvullingen(request.user)
    return TemplateResponse(
        request, "redactie/generiek_gewijzigd.html", {"aanvullingen": aanvullingen, "page_title": "Generiek gewijzigd"}
    )


def generiek_diff(request, pk):
    aanvulling = get_object_or_404(GemeentelijkeAanvulling.objects.select_related("gemeente", "kennisartikel"), pk=pk)
    if not mag_scope(request.user, aanvulling.gemeente):
        raise PermissionDenied
    if request.method == "POST":
        markeer_beoordeeld(aanvulling, request.user)
        messages.success(request, f"'{aanvulling}' is gemarkeerd als beoordeeld tegen de huidige generieke tekst.")
        return redirect("redactie_generiek_gewijzigd")
    return TemplateResponse(
        request,
        "redactie/generiek_diff.html",
        {
            "aanvulling": aanvulling,
            "verschillen": verschillen(aanvulling),
            "edit_url": AdminURLFinder(request.user).get_edit_url(aanvulling),
            "page_title": f"Generiek gewijzigd: {aanvulling}",
        },
    )
