"""``contenthub kennisbank rebuild``: rebuild the KCC kennisbank into a new index and swap the alias."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Beheer van de KCC-kennisbank. 'rebuild': alles opnieuw samenstellen in een nieuwe index en de alias wisselen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        sub.add_parser("rebuild", help="Herbouw zonder onderbreking: nieuwe index vullen, dan de alias wisselen.")

    def handle(self, *args, actie: str, **opties):
        from contenthub.kennisbank.herbouw import herbouw

        if actie != "rebuild":  # pragma: no cover - argparse allows only the known actions
            raise CommandError(f"Onbekende actie '{actie}'.")
        try:
            uitkomst = herbouw(lambda regel: self.stdout.write(regel))
        except Exception as exc:  # noqa: BLE001 - the operator gets one clear line, the old index stays in use
            raise CommandError(f"Herbouw mislukt; de kennisbank gebruikt nog de vorige index. Oorzaak: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Kennisbank herbouwd: {uitkomst.documenten} documenten voor {uitkomst.gemeenten} gemeenten.")
        )
