"""``contenthub consistentie``: does every channel serve what the hub composes now? Exit code 1 on drift."""

import json

from django.core.management.base import BaseCommand, CommandError

from contenthub.core.models import Gemeente
from contenthub.publicatie.consistentie import Telling, controleer
from publishers.registry import kanalen


class Command(BaseCommand):
    help = (
        "Vergelijkt per item, gemeente en kanaal de fingerprint die het kanaal volgens het leveringsgrootboek toont "
        "met wat de hub nu samenstelt. Exitcode 1 als er een afwijking is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", action="append", metavar="SLUG", help="Alleen deze gemeente (herhaalbaar).")
        parser.add_argument("--kanaal", action="append", choices=kanalen() or None, help="Alleen dit kanaal (herhaalbaar).")
        parser.add_argument("--json", action="store_true", help="Uitvoer als JSON (één object met telling en afwijkingen).")

    def handle(self, *args, gemeente=None, kanaal=None, json=False, **options):
        gemeenten = Gemeente.objects.order_by("slug")
        if gemeente:
            gemeenten = gemeenten.filter(slug__in=gemeente)
            onbekend = set(gemeente) - set(gemeenten.values_list("slug", flat=True))
            if onbekend:
                raise CommandError(f"Onbekende gemeente: {', '.join(sorted(onbekend))}")
        telling = Telling()
        afwijkingen = list(controleer(gemeenten, kanaal, telling))
        if json:
            self.stdout.write(_json({"gecontroleerd": telling.gecontroleerd, "afwijkingen": [a.als_dict() for a in afwijkingen]}))
        else:
            for a in afwijkingen:
                fout = f" — {a.laatste_fout}" if a.laatste_fout else ""
                self.stdout.write(f"{a.kanaal:<10} {a.gemeente:<20} {a.soort:<13} {a.uuid}  {a.reden}{fout}  {a.titel}")
            samenvatting = (
                f"{telling.gecontroleerd} combinaties van item, gemeente en kanaal gecontroleerd; "
                f"{len(afwijkingen)} afwijking(en)."
            )
            self.stdout.write(samenvatting if afwijkingen else f"{samenvatting} Elk kanaal toont wat de hub samenstelt.")
        if afwijkingen:
            raise SystemExit(1)


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
