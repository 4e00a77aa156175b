"""``contenthub kanaalweergave``: exactly what one channel was sent for one item of one gemeente (at a moment)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from contenthub.core.models import Gemeente
from contenthub.publicatie.models import LeveringHistorie, PublicatieKanaal


class Command(BaseCommand):
    help = (
        "Toont precies wat een kanaal kreeg voor een item van een gemeente: nu, of op een eerder moment (--op). "
        "Zo controleert iedereen dat elk kanaal dezelfde feiten noemde (bedragen, termijnen, geldigheid)."
    )

    def add_arguments(self, parser):
        parser.add_argument("uuid", help="Uuid van het item (kennisartikel, lokaal product of VAC).")
        parser.add_argument("--gemeente", required=True, metavar="SLUG")
        parser.add_argument("--kanaal", required=True, choices=PublicatieKanaal.values)
        parser.add_argument("--op", metavar="TIJDSTIP", help="ISO-datum of -tijd, bijv. 2026-11-30T14:00 (standaard: nu).")

    def handle(self, *args, uuid, gemeente, kanaal, op=None, **options):
        if not Gemeente.objects.filter(slug=gemeente).exists():
            raise CommandError(f"Onbekende gemeente: {gemeente}")
        moment = timezone.now()
        if op:
            moment = parse_datetime(op) or (parse_date(op) and parse_datetime(f"{op}T23:59:59.999999"))
            if moment is None:
                raise CommandError(f"--op: '{op}' is geen datum of tijdstip (verwacht bijv. 2026-11-30T14:00).")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        try:
            historie = (
                LeveringHistorie.objects.filter(item_uuid=uuid, gemeente_slug=gemeente, kanaal=kanaal, tijdstip__lte=moment)
                .select_related("payload")
                .latest("tijdstip", "volgnummer")
            )
        except LeveringHistorie.DoesNotExist:
            raise CommandError(f"Kanaal {kanaal} had op {moment:%Y-%m-%d %H:%M:%S} niets van dit item voor {gemeente}.") from None
        except Exception as exc:  # an invalid uuid
            raise CommandError(f"Ongeldige uuid '{uuid}': {exc}") from None
        kop = {
            "kanaal": kanaal,
            "gemeente": gemeente,
            "item": str(historie.item_uuid),
            "soort": historie.soort,
            "bevestigd_op": timezone.localtime(historie.tijdstip).isoformat(),
            "volgnummer": historie.volgnummer,
            "fingerprint": historie.fingerprint,
            "revisies": historie.revisies,
            "ingetrokken": historie.ingetrokken,
        }
        self.stdout.write(
            json.dumps({**kop, "inhoud": historie.payload.inhoud if historie.payload else None}, ensure_ascii=False, indent=2)
        )
