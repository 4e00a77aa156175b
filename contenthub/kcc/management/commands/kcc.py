"""``contenthub kcc opruimen``: delete KCC search logs past their retention now (beat does it nightly)."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Onderhoud van de KCC-zoeklogboeken."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        sub.add_parser(
            "opruimen",
            help="Verwijder zoekvragen, sessies, afgehandelde terugmeldingen en besluiten over voorgestelde vragen ouder "
            "dan de bewaartermijn.",
        )

    def handle(self, *args, actie: str, **options):
        from contenthub.kcc.logboek import opruimen

        weg = opruimen()
        self.stdout.write(
            f"Bewaartermijn {settings.KCC_LOG_BEWAARDAGEN} dagen: {weg['zoekopdrachten']} zoekvragen, "
            f"{weg['zoeksessies']} sessies, {weg['terugmeldingen']} afgehandelde terugmeldingen en {weg['besluiten']} "
            "besluiten over voorgestelde vragen verwijderd."
        )
