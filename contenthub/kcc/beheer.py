"""The KCC's signals for editors, in Wagtail: reports from agents ("dit antwoord klopt niet") as tasks for the
owning redactie, the *ontbrekende antwoorden* report and the search outcomes per gemeente.

Each page costs a fixed number of queries (aggregates, a page of rows, bulk look-ups of the edit links)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from contenthub.core.models import Gemeente
from contenthub.kcc import logboek
from contenthub.kcc.models import Terugmelding
from contenthub.redactie.permissies import gemeenten_van, is_landelijk

PAGINA = 25
PERIODES = {"7": 7, "30": 30, "90": 90}


def terugmeldingen_van(user):
    """The reports this user's groups own (all for a superuser)."""
    qs = Terugmelding.objects.select_related("gemeente")
    if user.is_superuser:
        return qs
    return qs.filter(eigenaar__in=user.groups.all())


def open_aantal(user) -> int:
    return terugmeldingen_van(user).filter(status=Terugmelding.Status.OPEN).count()


def _bewerk_urls(meldingen: list[Terugmelding]) -> dict[int, str]:
    """Where an editor fixes each reported item: the VAC, the gemeente's aanvulling (or local product), or the
    generiek kennisartikel. Three queries for the whole page."""
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord

    vac_uuids = {m.item_uuid for m in meldingen if m.soort == "vac"}
    artikel_uuids = {m.item_uuid for m in meldingen if m.soort == "kennisartikel"}
    vacs = VraagAntwoord.objects.in_bulk(vac_uuids)
    artikelen = Kennisartikel.objects.in_bulk(artikel_uuids)
    aanvullingen = {}
    for a in GemeentelijkeAanvulling.objects.filter(
        Q(uuid__in=artikel_uuids) | Q(kennisartikel__in=artikel_uuids, gemeente__in={m.gemeente_id for m in meldingen})
    ):
        aanvullingen[a.uuid] = a
        if a.kennisartikel_id:
            aanvullingen[(a.gemeente_id, a.kennisartikel_id)] = a
    uit = {}
    for m in meldingen:
        if m.soort == "vac":
            obj = vacs.get(m.item_uuid)
        elif m.eigenaar_id == m.gemeente.redactiegroep_id:
            obj = aanvullingen.get(m.item_uuid) or aanvullingen.get((m.gemeente_id, m.item_uuid))
        else:
            obj = artikelen.get(m.item_uuid) or aanvullingen.get(m.item_uuid)
        uit[m.pk] = _bewerk_url(obj) if obj is not None else ""
    return uit


def _bewerk_url(obj) -> str:
    """The snippet's edit page; that view checks the editor's permission (Wagtail's AdminURLFinder would check it
    here, with queries per row)."""
    from django.contrib.admin.utils import quote

    return reverse(type(obj).snippet_viewset.get_url_name("edit"), args=[quote(obj.pk)])


def terugmeldingen(request):
    status = request.GET.get("status", "open")
    qs = terugmeldingen_van(request.user)
    if status in Terugmelding.Status.values:
        qs = qs.filter(status=status)
    pagina = Paginator(qs.order_by("-aangemaakt_op", "-pk"), PAGINA).get_page(request.GET.get("p", 1))
    meldingen = list(pagina.object_list)
    urls = _bewerk_urls(meldingen)
    return TemplateResponse(
        request,
        "kcc/beheer/terugmeldingen.html",
        {
            "pagina": pagina,
            "regels": [(m, urls.get(m.pk, "")) for m in meldingen],
            "status": status,
            "page_title": "Terugmeldingen van het KCC",
        },
    )


@require_http_methods(["GET", "POST"])
def terugmelding(request, pk: int):
    melding = get_object_or_404(terugmeldingen_van(request.user), pk=pk)
    if request.method == "POST":
        melding.reactie = request.POST.get("reactie", "").strip()[:2000]
        if request.POST.get("actie") == "heropenen":
            melding.status, melding.afgehandeld_op = Terugmelding.Status.OPEN, None
            messages.success(request, f"Terugmelding over ‘{melding.titel}’ staat weer open.")
        else:
            melding.status, melding.afgehandeld_op = Terugmelding.Status.AFGEHANDELD, timezone.now()
            messages.success(request, f"Terugmelding over ‘{melding.titel}’ is afgehandeld.")
        melding.save(update_fields=["reactie", "status", "afgehandeld_op"])
        return redirect("kcc_terugmeldingen")
    return TemplateResponse(
        request,
        "kcc/beheer/terugmelding.html",
        {"m": melding, "bewerk_url": _bewerk_urls([melding]).get(melding.pk, ""), "page_title": melding.titel},
    )


def _scope(request) -> tuple[object, list[Gemeente], Gemeente | None]:
    """The gemeenten this editor may see figures for (None: all), the choice list, and the chosen one."""
    landelijk = is_landelijk(request.user)
    zichtbaar = None if landelijk else gemeenten_van(request.user)
    keuzes = list((Gemeente.objects.all() if landelijk else zichtbaar).order_by("naam").only("naam", "slug"))
    gekozen = None
    if request.GET.get("gemeente"):
        gekozen = next((g for g in keuzes if g.slug == request.GET["gemeente"]), None)
        if gekozen is None:
            raise PermissionDenied("Deze gemeente valt buiten uw redactie.")
    if not landelijk and not keuzes:
        raise PermissionDenied("U bent geen redacteur van een gemeente.")
    return (Gemeente.objects.filter(pk=gekozen.pk) if gekozen else zichtbaar), keuzes, gekozen


def _sinds(request) -> tuple[str, dt.datetime]:
    periode = request.GET.get("periode", "30")
    periode = periode if periode in PERIODES else "30"
    return periode, timezone.now() - dt.timedelta(days=PERIODES[periode])


def ontbrekend(request):
    scope, keuzes, gekozen = _scope(request)
    periode, sinds = _sinds(request)
    pagina = Paginator(logboek.ontbrekende_antwoorden(scope, sinds), PAGINA).get_page(request.GET.get("p", 1))
    return TemplateResponse(
        request,
        "kcc/beheer/ontbrekend.html",
        {
            "pagina": pagina,
            "regels": list(pagina.object_list),
            "keuzes": keuzes,
            "gekozen": gekozen,
            "periode": periode,
            "periodes": PERIODES,
            "page_title": "Ontbrekende antwoorden",
        },
    )


def uitkomsten(request):
    scope, keuzes, gekozen = _scope(request)
    periode, sinds = _sinds(request)
    return TemplateResponse(
        request,
        "kcc/beheer/uitkomsten.html",
        {
            "regels": logboek.uitkomsten(scope, sinds),
            "keuzes": keuzes,
            "gekozen": gekozen,
            "periode": periode,
            "periodes": PERIODES,
            "page_title": "Zoekuitkomsten KCC",
        },
    )


def _vacs_van(user):
    """The VACs this editor may change: the gemeente's own ones; the generiek ones for the landelijke redactie."""
    from contenthub.content.models import VraagAntwoord

    if user.is_superuser:
        return VraagAntwoord.objects.all()
    voorwaarde = Q(gemeente__in=gemeenten_van(user))
    if is_landelijk(user):
        voorwaarde |= Q(gemeente__isnull=True)
    return VraagAntwoord.objects.filter(voorwaarde)


def _producten_van(user) -> tuple:
    """The products this editor may change: the generiek kennisartikelen for the landelijke redactie, the gemeente's
    local products (an aanvulling without a kennisartikel) for its own editors."""
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel

    lokaal = GemeentelijkeAanvulling.objects.filter(kennisartikel__isnull=True)
    if user.is_superuser:
        return (Kennisartikel.objects.all(), lokaal)
    eigen = (lokaal.filter(gemeente__in=gemeenten_van(user)),)
    return (Kennisartikel.objects.all(), *eigen) if is_landelijk(user) else eigen


def suggesties(request):
    periode, sinds = _sinds(request)
    alle = logboek.suggesties(_vacs_van(request.user), sinds, producten=_producten_van(request.user))
    pagina = Paginator(alle, PAGINA).get_page(request.GET.get("p", 1))
    return TemplateResponse(
        request,
        "kcc/beheer/suggesties.html",
        {
            "pagina": pagina,
            "regels": list(pagina.object_list),
            "periode": periode,
            "periodes": PERIODES,
            "minimum": logboek.SUGGESTIE_MINIMUM,
            "page_title": "Voorgestelde vragen",
        },
    )


@require_http_methods(["POST"])
def suggestie_besluit(request):
    uuid = logboek.sessie_uuid(request.POST.get("item"))  # a malformed uuid is "not found", not a server error
    if request.POST.get("soort", "vac") == "vac":
        item = get_object_or_404(_vacs_van(request.user), pk=uuid)
    else:
        item = next((i for qs in _producten_van(request.user) for i in qs.filter(pk=uuid)[:1]), None)
        if item is None:
            raise Http404("Dit product bestaat niet of u mag het niet wijzigen.")
    tekst = " ".join(request.POST.get("tekst", "").split())[:300]
    if not tekst or "[" in tekst:
        messages.error(request, "Deze vraag kan niet worden overgenomen.")
    else:
        messages.success(request, logboek.besluit(item, tekst, request.POST.get("actie") == "overnemen", request.user))
    return redirect("kcc_suggesties")
