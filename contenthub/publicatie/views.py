"""Admin pages of the pipeline: the state of every channel, problems with a resend, and per item where it is live."""

from __future__ import annotations

import io
import tarfile
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from contenthub.core.models import Gemeente
from contenthub.publicatie.models import Levering, Payload, PublicatieKanaal, Status
from contenthub.publicatie.relay import WACHTRIJ_BULK, WACHTRIJ_REDACTIE, doelen_naar_json
from contenthub.publicatie.samenstellen import Doelen
from contenthub.publicatie.status import stand
from contenthub.redactie.permissies import gemeenten_van, is_landelijk
from publishers.chatbot import OngeldigeBundel, bundel, bundelversie

PAGINA = 50


def zichtbare_gemeenten(user):
    """Landelijke redactie and beheerders see every gemeente; a gemeente's editors see their own."""
    return Gemeente.objects.all() if is_landelijk(user) else gemeenten_van(user)


def overzicht(request):
    gemeenten = zichtbare_gemeenten(request.user)
    problemen = (
        Levering.objects.filter(gemeente__in=gemeenten, status__in=[Status.MISLUKT, Status.DODE_LETTER, Status.WACHTEND])
        .select_related("gemeente")
        .order_by("wacht_sinds", "pk")
    )
    pagina = Paginator(problemen, PAGINA).get_page(request.GET.get("p", 1))
    return TemplateResponse(
        request,
        "publicatie/overzicht.html",
        {
            "stand": stand(None if is_landelijk(request.user) else gemeenten),
            "pagina": pagina,
            "problemen": pagina.object_list,
            "kanalen": PublicatieKanaal.choices,
            "gemeenten": gemeenten.order_by("naam").only("pk", "naam") if gemeenten.count() <= 400 else [],
            "page_title": "Publicatie naar kanalen",
        },
    )


def item(request, uuid: UUID):
    gemeenten = zichtbare_gemeenten(request.user)
    rijen = (
        Levering.objects.filter(item_uuid=uuid, gemeente__in=gemeenten)
        .select_related("gemeente")
        .order_by("gemeente__naam", "kanaal")
    )
    pagina = Paginator(rijen, PAGINA).get_page(request.GET.get("p", 1))
    return TemplateResponse(
        request,
        "publicatie/item.html",
        {"uuid": uuid, "pagina": pagina, "rijen": pagina.object_list, "page_title": "Live op kanalen"},
    )


def _stuur(kanaal: str, gemeente: Gemeente, doelen: Doelen, wachtrij: str) -> None:
    from contenthub.publicatie.tasks import lever_taak

    lever_taak.apply_async(
        kwargs={
            "kanaal": kanaal,
            "gemeenten": [str(gemeente.pk)],
            "doelen": doelen_naar_json(doelen),
            "gebeurtenissen": [],
            "opnieuw": True,
        },
        queue=wachtrij,
    )


@require_POST
def opnieuw_item(request, pk: int):
    """Resend one item to one channel for one gemeente (also a dead letter, after the cause is fixed)."""
    rij = get_object_or_404(Levering.objects.select_related("gemeente"), pk=pk)
    if not zichtbare_gemeenten(request.user).filter(pk=rij.gemeente_id).exists():
        raise PermissionDenied
    doelen = (
        Doelen(vacs={rij.item_uuid}) if rij.soort == "vac" else Doelen(kennisartikelen={rij.item_uuid}, lokale={rij.item_uuid})
    )
    _stuur(rij.kanaal, rij.gemeente, doelen, WACHTRIJ_REDACTIE)
    messages.success(request, f"Opnieuw verstuurd naar {rij.get_kanaal_display()} voor {rij.gemeente.naam}.")
    return redirect(request.POST.get("terug") or reverse("publicatie_overzicht"))


@require_POST
def opnieuw_kanaal(request):
    """Resend everything of one gemeente to one channel (on the bulk queue: editors' publishes go first)."""
    kanaal = request.POST.get("kanaal", "")
    if kanaal not in PublicatieKanaal.values:
        messages.error(request, "Kies een kanaal.")
        return redirect("publicatie_overzicht")
    gemeente = zichtbare_gemeenten(request.user).filter(pk=request.POST.get("gemeente") or None).first()
    if gemeente is None:
        messages.error(request, "Kies een gemeente die u mag beheren.")
        return redirect("publicatie_overzicht")
    _stuur(kanaal, gemeente, Doelen.alles(), WACHTRIJ_BULK)
    messages.success(request, f"Alles van {gemeente.naam} wordt opnieuw naar {PublicatieKanaal(kanaal).label} gestuurd.")
    return redirect("publicatie_overzicht")


BUNDELBESTANDEN = {"nlu.yml": "data/nlu.yml", "domain.yml": "domain.yml"}


def chatbot_bundel(request, gemeente: str, bestand: str = ""):
    """The chatbot bundle of a gemeente exactly as the bot platform was sent it (from the ledger, not composed anew).

    ``bestand``: ``nlu.yml``, ``domain.yml``, ``bundel.tar.gz`` (a Rasa project's ``data/nlu.yml`` and
    ``domain.yml``), or empty for the version and size. The ETag is the bundelversie the platform acknowledges,
    so a platform polls with ``If-None-Match`` and retrains only on a new version. Public: the bundle holds only
    what the website shows too. Two queries, whatever the size of the bundle."""
    if bestand and bestand not in BUNDELBESTANDEN and bestand != "bundel.tar.gz":
        raise Http404("Onbekend bestand; kies nlu.yml, domain.yml of bundel.tar.gz.")
    g = get_object_or_404(Gemeente, slug=gemeente)
    rijen = list(
        Levering.objects.filter(kanaal=PublicatieKanaal.CHATBOT, gemeente=g)
        .exclude(fingerprint="")
        .values_list("soort", "item_uuid", "fingerprint")
    )
    versie = bundelversie((f"{soort}:{uuid}", fp) for soort, uuid, fp in rijen)
    etag = f'"{versie}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    if not bestand:
        return JsonResponse({"gemeente": g.slug, "bundelversie": versie, "fragmenten": len(rijen)}, headers={"ETag": etag})
    inhoud = dict(Payload.objects.filter(fingerprint__in=[fp for _, _, fp in rijen]).values_list("fingerprint", "inhoud"))
    try:
        bestanden = bundel(inhoud[fp] for _, _, fp in rijen if fp in inhoud)
    except OngeldigeBundel as exc:  # never serve a bundle Rasa would refuse; fragments were checked, so this is a bug
        return JsonResponse({"fout": str(exc)}, status=500)
    kop = {"ETag": etag, "Cache-Control": "no-cache", "Bundelversie": versie}
    if bestand in BUNDELBESTANDEN:
        return HttpResponse(bestanden[BUNDELBESTANDEN[bestand]], content_type="application/yaml; charset=utf-8", headers=kop)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for naam, tekst in sorted(bestanden.items()):
            data = tekst.encode()
            info = tarfile.TarInfo(naam)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    kop["Content-Disposition"] = f'attachment; filename="chatbot-{g.slug}.tar.gz"'
    return HttpResponse(buffer.getvalue(), content_type="application/gzip", headers=kop)
