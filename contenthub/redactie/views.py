"""Admin pages for editors: overdue reviews and generiek changes that need a gemeente's attention."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, F, Q, Value
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.permissions import policy_registry

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
from contenthub.redactie.generiek import gewijzigd_filter, markeer_beoordeeld, verschillen
from contenthub.redactie.permissies import gemeenten_van, mag_scope

REDACTIE_MODELLEN = (Kennisartikel, GemeentelijkeAanvulling, VraagAntwoord, PersoonlijkSjabloon)


PAGINA = 50


@dataclass
class OverdueRegel:
    item: object
    soort: str
    gemeente: str
    dagen_te_laat: int
    url: str | None


def bewerkbare_items(user, model):
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["change"])


def _verlopen_rijen(user, vandaag: datetime.date):
    """One SQL UNION over the four content types: (model label, pk, herzieningsdatum, gemeente), scoped to the user."""
    delen = []
    for model in REDACTIE_MODELLEN:
        qs = bewerkbare_items(user, model).filter(herzieningsdatum__lt=vandaag)
        gemeente = F("gemeente__naam") if any(f.name == "gemeente" for f in model._meta.fields) else Value("")
        delen.append(
            qs.order_by()
            .annotate(soort=Value(model._meta.label_lower, output_field=CharField()), gemeente_naam=gemeente)
            .values_list("soort", "pk", "herzieningsdatum", "gemeente_naam")
        )
    return delen[0].union(*delen[1:], all=True)


def verlopen_aantal(user, vandaag: datetime.date | None = None) -> int:
    return _verlopen_rijen(user, vandaag or timezone.localdate()).count()


def verlopen_pagina(user, paginanummer=1, vandaag: datetime.date | None = None):
    """A page of overdue items, most overdue first, in a constant number of queries whatever the total."""
    vandaag = vandaag or timezone.localdate()
    rijen = _verlopen_rijen(user, vandaag).order_by("herzieningsdatum", "gemeente_naam", "pk")
    pagina = Paginator(rijen, PAGINA).get_page(paginanummer)
    per_model: dict[str, list] = {}
    for soort, pk, _datum, _gemeente in pagina.object_list:
        per_model.setdefault(soort, []).append(pk)
    objecten = {}
    for model in REDACTIE_MODELLEN:
        pks = per_model.get(model._meta.label_lower)
        if pks:
            qs = model.objects.filter(pk__in=pks)
            if model is GemeentelijkeAanvulling:
                qs = qs.select_related("gemeente", "kennisartikel")
            elif model is VraagAntwoord:
                qs = qs.select_related("gemeente")
            objecten.update({(model._meta.label_lower, obj.pk): obj for obj in qs})
    finder = AdminURLFinder(user)
    regels = []
    for soort, pk, datum, gemeente in pagina.object_list:
        item = objecten[(soort, pk)]
        regels.append(
            OverdueRegel(
                item,
                item._meta.verbose_name,
                gemeente or "Generiek (landelijk)",
                (vandaag - datum).days,
                finder.get_edit_url(item),
            )
        )
    return pagina, regels


def herziening_verlopen(request):
    pagina, regels = verlopen_pagina(request.user, request.GET.get("p", 1))
    return TemplateResponse(
        request,
        "redactie/herziening_verlopen.html",
        {"pagina": pagina, "regels": regels, "totaal": pagina.paginator.count, "page_title": "Herziening verlopen"},
    )


def gewijzigde_aanvullingen(user):
    """Aanvullingen of the user's gemeenten whose generiek text changed after their last review (a queryset)."""
    kandidaten = GemeentelijkeAanvulling.objects.filter(gemeente__in=gemeenten_van(user), kennisartikel__isnull=False)
    return (
        gewijzigd_filter(kandidaten)
        .select_related("gemeente", "kennisartikel", "beoordeling")
        .order_by("gemeente__naam", "kennisartikel__titel", "uuid")
    )


def generiek_gewijzigd_lijst(request):
    pagina = Paginator(gewijzigde_aanvullingen(request.user), PAGINA).get_page(request.GET.get("p", 1))
    return TemplateResponse(
        request,
        "redactie/generiek_gewijzigd.html",
        {"pagina": pagina, "aanvullingen": pagina.object_list, "page_title": "Generiek gewijzigd"},
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


ZOEKVELDEN = {Kennisartikel: "titel", GemeentelijkeAanvulling: "titel", VraagAntwoord: "vraag", PersoonlijkSjabloon: "naam"}


def zoeken(request):
    """The dashboard's search: the user's own items by title, per content type, at most 20 of each."""
    q = (request.GET.get("q") or "").strip()
    finder = AdminURLFinder(request.user)
    groepen = []
    if q:
        for model, veld in ZOEKVELDEN.items():
            qs = policy_registry.get_by_type(model).instances_user_has_any_permission_for(request.user, ["view"])
            if model is GemeentelijkeAanvulling:
                qs = qs.filter(Q(titel__icontains=q) | Q(kennisartikel__titel__icontains=q) | Q(upn_label__icontains=q))
                qs = qs.select_related("gemeente", "kennisartikel")
            else:
                qs = qs.filter(**{f"{veld}__icontains": q})
                if model is VraagAntwoord:
                    qs = qs.select_related("gemeente")
            items = list(qs.order_by(veld if model is not GemeentelijkeAanvulling else "gemeente__naam")[:20])
            groepen.append((model._meta.verbose_name_plural, [(item, finder.get_edit_url(item)) for item in items]))
    return TemplateResponse(request, "redactie/zoeken.html", {"q": q, "groepen": groepen, "page_title": "Zoeken"})
