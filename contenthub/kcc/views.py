"""The KCC agent page (``/kcc/``): search the gemeente's kennisbank as you type, open an answer, report a wrong one.

Server-rendered (works without JavaScript; ``kcc.js`` adds results-as-you-type and arrow keys). Every search goes
through the kennisbank search service, every answer through the bulk resolver: the agent reads what the website,
the chatbot and the API give for the same item. Agents see the intern fields; nothing they type is stored before
it is scrubbed of personal data.
"""

from __future__ import annotations

import re
import uuid as uuidlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contenthub.core.models import Gemeente
from contenthub.kcc import logboek
from contenthub.kcc.privacy import schoon

LOGIN = "/admin/login/"


def gemeenten_van(user) -> list[Gemeente]:
    """The gemeenten whose KCC this user works for (all of them for a superuser)."""
    if user.is_superuser:
        return list(Gemeente.objects.order_by("naam"))
    return list(Gemeente.objects.filter(kcc_groep__in=user.groups.all()).order_by("naam"))


def _gemeente(request: HttpRequest, slug: str) -> Gemeente:
    gemeente = get_object_or_404(Gemeente, slug=slug)
    if not (request.user.is_superuser or request.user.groups.filter(pk=gemeente.kcc_groep_id).exists()):
        raise PermissionDenied("U werkt niet voor het KCC van deze gemeente.")
    return gemeente


@login_required(login_url=LOGIN)
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    gemeenten = gemeenten_van(request.user)
    if len(gemeenten) == 1:
        return redirect("kcc:zoeken", slug=gemeenten[0].slug)
    return TemplateResponse(request, "kcc/start.html", {"gemeenten": gemeenten}, status=200 if gemeenten else 403)


SOORTEN = {"kennisartikel": "Producten", "vac": "Vragen en antwoorden"}


def _formulier(request: HttpRequest):
    """The search form's fields: posted by the page (so what the citizen said never stands in a request line, which
    web servers and proxies log), or in the address of a link that carries the scrubbed query."""
    return request.POST if request.method == "POST" else request.GET


def _soort(request: HttpRequest) -> str:
    """The agent's choice of kind of answer ("" for all); anything else counts as all."""
    soort = _formulier(request).get("soort", "")
    return soort if soort in SOORTEN else ""


def _zoek(gemeente: Gemeente, tekst: str, soort: str = ""):
    """The kennisbank search as an agent sees it (intern fields included); None when the kennisbank is down."""
    from contenthub.kennisbank.zoeken import ZoekerOnbereikbaar, Zoekvraag, zoek

    if not tekst.strip():
        return None, ""
    try:
        vraag = Zoekvraag(tekst=tekst[:300], gemeente=gemeente.slug, intern=True, limiet=10, soort=soort or None)
        return zoek(vraag), ""
    except ZoekerOnbereikbaar:
        return None, "De kennisbank is even niet bereikbaar. Probeer het over een paar seconden opnieuw."


def _resultaten_context(gemeente: Gemeente, tekst: str, sessie: uuidlib.UUID | None, soort: str = "") -> dict:
    uitslag, fout = _zoek(gemeente, tekst, soort)
    zonder_antwoord = uitslag is not None and uitslag.zonder_antwoord
    if uitslag is not None:
        beste = uitslag.treffers[0].zekerheid if uitslag.treffers else 0.0
        # only nearest-in-meaning results, none of them sure: for the editors a question without an answer
        logboek.zoekvraag(sessie, gemeente, tekst, 0 if zonder_antwoord else len(uitslag.treffers), beste)
    # What goes into addresses (and so into the workstation's browser history and any proxy's log) and the page
    # title is the scrubbed query: agents type what citizens say, BSNs and names included.
    veilig = schoon(tekst)
    treffers = []
    for positie, t in enumerate(uitslag.treffers if uitslag else [], start=1):
        query = {"q": veilig, "sessie": str(sessie or ""), "positie": positie}
        if t.sectie:
            query["sectie"] = t.sectie
        url = reverse("kcc:antwoord", args=[gemeente.slug, t.soort, t.uuid]) + "?" + urlencode(query)
        treffers.append({"t": t, "url": url, "positie": positie})
    return {
        "gemeente": gemeente,
        "q": tekst,
        "treffers": treffers,
        "fout": fout,
        "gezocht": bool(tekst.strip()),
        "zonder_antwoord": zonder_antwoord,
        "q_veilig": veilig,
        "soort": soort,
        "soorten": SOORTEN,
    }


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def zoeken(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = _gemeente(request, slug)
    tekst = _formulier(request).get("q", "")
    sessie = logboek.sessie_uuid(_formulier(request).get("sessie")) or uuidlib.uuid4()
    context = _resultaten_context(gemeente, tekst, sessie, _soort(request))
    context |= {"sessie": sessie, "gemeenten": gemeenten_van(request.user)}
    return TemplateResponse(request, "kcc/zoeken.html", context)


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def resultaten(request: HttpRequest, slug: str) -> HttpResponse:
    """The results list alone, for results-as-you-type (kcc.js posts every keystroke's query and replaces the list
    with it)."""
    gemeente = _gemeente(request, slug)
    sessie = logboek.sessie_uuid(_formulier(request).get("sessie"))
    context = _resultaten_context(gemeente, _formulier(request).get("q", ""), sessie, _soort(request))
    return TemplateResponse(request, "kcc/_resultaten.html", context)


def _positie(waarde: str) -> int | None:
    """The result's place in the list the agent opened it from (1–50 on the page); anything else is no place: the
    address can be edited, and "²" or 99999 must not fail the answer view."""
    return int(waarde) if re.fullmatch(r"[0-9]{1,3}", waarde) else None


def _item(gemeente: Gemeente, soort: str, uuid: uuidlib.UUID):
    from contenthub.publicatie.samenstellen import items_van

    if soort not in ("kennisartikel", "vac"):
        raise Http404
    item = items_van(gemeente, [(soort, str(uuid))]).get((soort, str(uuid)))
    if item is None:
        raise Http404("Deze gemeente toont dit antwoord niet (meer).")
    return item


@login_required(login_url=LOGIN)
@require_GET
def antwoord(request: HttpRequest, slug: str, soort: str, uuid: uuidlib.UUID) -> HttpResponse:
    from contenthub.publicatie.samenstellen import gemeente_gegevens
    from publishers.chatbot import kort_antwoord
    from publishers.payload import Product

    gemeente = _gemeente(request, slug)
    item = _item(gemeente, soort, uuid)
    sessie = logboek.sessie_uuid(request.GET.get("sessie"))
    titel = item.titel if isinstance(item, Product) else item.vraag
    if not request.GET.get("gemeld"):  # back from "klopt niet": not another opening
        logboek.geopend(sessie, gemeente, soort, str(uuid), titel, _positie(request.GET.get("positie", "")))
    secties = list(item.secties) if isinstance(item, Product) else []
    gekozen = request.GET.get("sectie") or (secties[0].sleutel if secties else "")
    if secties and gekozen not in {s.sleutel for s in secties}:
        gekozen = secties[0].sleutel
    terug = (
        reverse("kcc:zoeken", args=[gemeente.slug])
        + "?"
        + urlencode({"q": schoon(request.GET.get("q", "")), "sessie": str(sessie or "")})
    )
    return TemplateResponse(
        request,
        "kcc/antwoord.html",
        {
            "gemeente": gemeente,
            "contact": gemeente_gegevens(gemeente),
            "item": item,
            "titel": titel,
            "product": isinstance(item, Product),
            "secties": secties,
            "gekozen": gekozen,
            "kort_antwoord": kort_antwoord(item),
            "q": schoon(request.GET.get("q", "")),
            "sessie": sessie or "",
            "terug": terug,
            "gemeenten": gemeenten_van(request.user),
        },
    )


@login_required(login_url=LOGIN)
@require_POST
def terugmelding(request: HttpRequest, slug: str, soort: str, uuid: uuidlib.UUID) -> HttpResponse:
    gemeente = _gemeente(request, slug)
    item = _item(gemeente, soort, uuid)
    opmerking = request.POST.get("opmerking", "").strip()
    sessie = logboek.sessie_uuid(request.POST.get("sessie"))
    logboek.terugmelden(sessie, gemeente, item, request.POST.get("sectie", ""), opmerking, request.POST.get("q", ""))
    messages.success(request, "Bedankt. De redactie heeft uw melding als taak gekregen.")
    return _terug_naar_antwoord(request, gemeente, soort, uuid)


@login_required(login_url=LOGIN)
@require_POST
def bevestiging(request: HttpRequest, slug: str, soort: str, uuid: uuidlib.UUID) -> HttpResponse:
    """ "Dit antwoord klopt": the agent's words for this answer go to its editors as a suggested phrasing."""
    gemeente = _gemeente(request, slug)
    _item(gemeente, soort, uuid)  # 404 for what this agent may not see
    if logboek.bevestig(logboek.sessie_uuid(request.POST.get("sessie")), gemeente, soort, str(uuid)):
        messages.success(
            request,
            "Bedankt. Uw zoekvraag gaat als voorstel naar de redactie; neemt die haar over, dan vindt de "
            "kennisbank dit antwoord ook met deze woorden.",
        )
    else:
        messages.success(request, "Bedankt voor uw bevestiging.")
    return _terug_naar_antwoord(request, gemeente, soort, uuid)


def _terug_naar_antwoord(request: HttpRequest, gemeente, soort: str, uuid: uuidlib.UUID) -> HttpResponse:
    """Back to the answer after feedback, marked as such so that it does not count as another opening."""
    query = {k: request.POST.get(k, "") for k in ("q", "sessie", "sectie")} | {"gemeld": "1"}
    return redirect(reverse("kcc:antwoord", args=[gemeente.slug, soort, uuid]) + "?" + urlencode(query) + "#gemeld")
