"""``contenthub consistentie`` and ``contenthub kanaalweergave``: proof of what each channel serves and served."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contenthub.publicatie.levering import lever
from contenthub.publicatie.models import Levering, LeveringHistorie
from contenthub.publicatie.samenstellen import Doelen
from tests.factories import KennisartikelFactory, VraagAntwoordFactory, publiceer

pytestmark = pytest.mark.django_db


def draai(*args) -> tuple[int, str]:
    uit = io.StringIO()
    try:
        call_command(*args, stdout=uit)
    except SystemExit as exc:
        return exc.code, uit.getvalue()
    return 0, uit.getvalue()


def test_consistentie_ziet_drift_en_daarna_niet(website, dijkstad, bosrijk):
    artikel = publiceer(KennisartikelFactory(live=False, titel="Afvalpas"))
    code, uit = draai("consistentie", "--kanaal", "website")
    assert code == 1 and "nooit geleverd" in uit and "Afvalpas" in uit
    lever("website", [dijkstad, bosrijk], Doelen.alles())
    code, uit = draai("consistentie", "--kanaal", "website")
    assert code == 0 and "Elk kanaal toont wat de hub samenstelt" in uit

    # A change nobody delivered yet (as if the task were lost): drift, named per gemeente.
    concept = artikel.get_latest_revision_as_object()
    concept.titel = "Afvalpas aanvragen"
    concept.save_revision().publish(skip_permission_checks=True)
    code, uit = draai("consistentie", "--kanaal", "website", "--gemeente", "dijkstad", "--json")
    data = json.loads(uit)
    assert code == 1 and data["gecontroleerd"] == 1
    [afwijking] = data["afwijkingen"]
    assert (afwijking["gemeente"], afwijking["reden"], afwijking["uuid"]) == ("dijkstad", "verouderde versie", str(artikel.pk))


def test_consistentie_ziet_een_item_dat_na_intrekking_nog_zichtbaar_is(website, dijkstad):
    vac = publiceer(VraagAntwoordFactory(gemeente=dijkstad))
    lever("website", [dijkstad], Doelen.alles())
    from wagtail.actions.unpublish import UnpublishAction

    UnpublishAction(vac).execute(skip_permission_checks=True)
    code, uit = draai("consistentie", "--kanaal", "website")
    assert code == 1 and "nog zichtbaar na intrekking" in uit


def test_consistentie_onbekende_gemeente():
    with pytest.raises(CommandError, match="Onbekende gemeente: nergens"):
        call_command("consistentie", "--gemeente", "nergens")


def test_kanaalweergave_nu_en_op_een_eerder_moment(website, dijkstad):
    artikel = publiceer(KennisartikelFactory(live=False, titel="Verlenging termijn", uiterste_termijn="Tot 1 december."))
    lever("website", [dijkstad], Doelen.alles())
    LeveringHistorie.objects.update(tijdstip=timezone.now() - dt.timedelta(days=2))
    concept = artikel.get_latest_revision_as_object()
    concept.uiterste_termijn = "Verlengd tot 15 december."
    concept.save_revision().publish(skip_permission_checks=True)
    lever("website", [dijkstad], Doelen.alles())

    _, nu = draai("kanaalweergave", str(artikel.pk), "--gemeente", "dijkstad", "--kanaal", "website")
    data = json.loads(nu)
    assert "15 december" in json.dumps(data["inhoud"], ensure_ascii=False)
    assert data["fingerprint"] == Levering.objects.get(kanaal="website", item_uuid=artikel.pk).fingerprint

    gisteren = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    _, toen = draai("kanaalweergave", str(artikel.pk), "--gemeente", "dijkstad", "--kanaal", "website", "--op", gisteren)
    assert "1 december" in toen and "15 december" not in toen

    with pytest.raises(CommandError, match="niets van dit item"):
        call_command("kanaalweergave", str(artikel.pk), "--gemeente", "dijkstad", "--kanaal", "website", "--op", "2020-01-01")
    with pytest.raises(CommandError, match="geen datum"):
        call_command("kanaalweergave", str(artikel.pk), "--gemeente", "dijkstad", "--kanaal", "website", "--op", "gisteren")


def test_elke_beat_taak_bestaat():
    """A beat entry naming a task no worker knows fails silently every night: each must name a registered task."""
    from contenthub.celery import app

    app.loader.import_default_modules()
    onbekend = {naam: e["task"] for naam, e in app.conf.beat_schedule.items() if e["task"] not in app.tasks}
    assert onbekend == {}
    assert "contenthub.kennisbank.tasks.samenvoegen" in {e["task"] for e in app.conf.beat_schedule.values()}
