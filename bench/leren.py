"""Learning from agents, measured end to end: does what agents typed in one week find more citizens' questions the
next week, including questions nobody asked before?

The shared corpus is imported and the kennisbank rebuilt on the real OpenSearch node. Then one query set's citizens'
questions (``--verkeer``, default the blind set) are the week's traffic: each is searched once, by one agent, through
the hub's search service; the agent opens the best-ranked right answer among the ten shown (when none is shown, the
agent found nothing and nothing is learned) and presses "Dit antwoord klopt", all logged exactly as the KCC page
logs it (``contenthub.kcc.logboek``, scrubbed). A citizen's sentence seldom recurs word for word, so without that
confirmation a phrasing typed once is never suggested (``--zonder-bevestigen`` shows it). The editors then accept
every suggested phrasing with one click (``logboek.besluit``: a VAC's alternatieve vraag, a product's trefwoord, in
a new revision), the reviewer publishes it, and the kennisbank is rebuilt from the published content.

Reported, before and after, as recall@5 and MRR of the citizens' questions:

- ``geleerd``: the traffic's own questions (asked again next week: the loop's direct effect);
- ``nieuw``: the other query set's questions, which nobody typed (does citizen phrasing carry over?).

Usage: DATABASE_URL=postgres://… OPENSEARCH_URL=http://… .venv/bin/python bench/leren.py [--verkeer blind|relevantie]
       [--zonder-bevestigen]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))

from _pijplijn import kennisbank_opzet  # noqa: E402

kennisbank_opzet("bench-leren")

from _pijplijn import leeg_hub  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from vragen.controle import laad_vragen  # noqa: E402

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord  # noqa: E402
from contenthub.core.models import Gemeente  # noqa: E402
from contenthub.kcc import logboek  # noqa: E402
from contenthub.kcc.models import Suggestiebesluit  # noqa: E402
from contenthub.kennisbank.herbouw import herbouw  # noqa: E402
from contenthub.kennisbank.zoeken import Zoekvraag, zoek  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
SETS = {"relevantie": PROJECT / "bench" / "vragen" / "relevantie.json", "blind": PROJECT / "bench" / "vragen" / "blind.json"}


def _rang(vraag: dict) -> tuple[int | None, list]:
    treffers = zoek(Zoekvraag(tekst=vraag["vraag"], gemeente=vraag["gemeente"], intern=True, limiet=10)).treffers
    doelen = {(d["soort"], d["uuid"]) for d in vraag["doelen"]}
    return next((i + 1 for i, t in enumerate(treffers) if (t.soort, t.uuid) in doelen), None), treffers


def meet(vragen: list[dict]) -> dict:
    rangen = [_rang(v)[0] for v in vragen]
    return {
        "vragen": len(vragen),
        "recall_at_5": round(sum(1 for r in rangen if r and r <= 5) / len(vragen), 3),
        "mrr": round(sum(1 / r for r in rangen if r) / len(vragen), 3),
    }


def verkeer(vragen: list[dict], bevestigen: bool) -> int:
    """Every question searched once; the agent opens the best-ranked right answer shown and (``bevestigen``) marks
    it as right."""
    gemeenten = {g.slug: g for g in Gemeente.objects.all()}
    geopend = 0
    for v in vragen:
        sessie, gemeente = uuid.uuid4(), gemeenten[v["gemeente"]]
        rang, treffers = _rang(v)
        logboek.zoekvraag(sessie, gemeente, v["vraag"], len(treffers), treffers[0].zekerheid if treffers else 0.0)
        if rang is not None:
            t = treffers[rang - 1]
            logboek.geopend(sessie, gemeente, t.soort, t.uuid, t.titel, rang)
            if bevestigen:
                logboek.bevestig(sessie, gemeente, t.soort, t.uuid)
            geopend += 1
    return geopend


def leer(redacteur) -> int:
    """The editors accept every suggestion (one click each), the reviewer publishes the new revisions."""
    sinds = timezone.now() - dt.timedelta(days=7)
    lokaal = GemeentelijkeAanvulling.objects.filter(kennisartikel__isnull=True)
    alle = logboek.suggesties(VraagAntwoord.objects.all(), sinds, producten=(Kennisartikel.objects.all(), lokaal))
    for suggestie in alle:
        logboek.besluit(suggestie.item, suggestie.tekst, True, redacteur)
    for item in {(type(s.item), s.item.pk): s.item for s in alle}.values():
        type(item).objects.get(pk=item.pk).get_latest_revision().publish(user=redacteur)
    return len(alle)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verkeer", choices=sorted(SETS), default="blind", help="de vragenset die het verkeer is")
    parser.add_argument("--zonder-bevestigen", action="store_true", help="medewerkers drukken niet op 'Dit antwoord klopt'")
    args = parser.parse_args()
    nieuw_naam = next(n for n in SETS if n != args.verkeer)
    burgertaal = {n: [v for v in laad_vragen(p) if v["soort"] == "burgertaal"] for n, p in SETS.items()}

    leeg_hub()
    Suggestiebesluit.objects.all().delete()  # earlier runs' decisions would hide this run's suggestions
    print("Gedeeld corpus importeren en de kennisbank herbouwen …", flush=True)
    call_command("import_corpus", str(CORPUS), verbosity=0)
    herbouw()
    voor = {"geleerd": meet(burgertaal[args.verkeer]), "nieuw": meet(burgertaal[nieuw_naam])}

    redacteur, _ = get_user_model().objects.get_or_create(
        username="bench-redacteur", defaults={"is_superuser": True, "is_staff": True}
    )
    begin = time.perf_counter()
    geopend = verkeer(burgertaal[args.verkeer], bevestigen=not args.zonder_bevestigen)
    overgenomen = leer(redacteur)
    herbouw()
    duur = time.perf_counter() - begin
    na = {"geleerd": meet(burgertaal[args.verkeer]), "nieuw": meet(burgertaal[nieuw_naam])}

    bevestigd = "zonder" if args.zonder_bevestigen else "met"
    print(
        f"\nVerkeer: de {len(burgertaal[args.verkeer])} burgertaalvragen van '{args.verkeer}', elk één keer gezocht: "
        f"{geopend} keer het goede antwoord geopend ({bevestigd} 'Dit antwoord klopt'); {overgenomen} voorgestelde "
        f"formuleringen overgenomen en gepubliceerd ({duur:.0f} s met herbouw).\n"
    )
    print(f"{'burgertaal':<34}{'voor r@5':>9}{'MRR':>7}{'na r@5':>9}{'MRR':>7}")
    for sleutel, omschrijving in (
        ("geleerd", f"geleerd: dezelfde vragen ({args.verkeer})"),
        ("nieuw", f"nieuw: andere vragen ({nieuw_naam})"),
    ):
        v, n = voor[sleutel], na[sleutel]
        print(f"{omschrijving:<34}{v['recall_at_5']:>9.2f}{v['mrr']:>7.2f}{n['recall_at_5']:>9.2f}{n['mrr']:>7.2f}")

    uit = PROJECT / "bench" / "results" / f"leren-{args.verkeer}{'-zonder-bevestigen' if args.zonder_bevestigen else ''}.json"
    uit.write_text(
        json.dumps(
            {
                "verkeer": args.verkeer,
                "nieuw": nieuw_naam,
                "bevestigd": not args.zonder_bevestigen,
                "geopend": geopend,
                "overgenomen": overgenomen,
                "voor": voor,
                "na": na,
                "python": platform.python_version(),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\ngeschreven: {uit.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
