import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contenthub.uitwisseling.importeren import Importeur
from contenthub.uitwisseling.lezen import ImportFout


class Command(BaseCommand):
    help = (
        "Importeert een corpusmap (PDC-kennisartikelen, gemeentelijke aanvullingen, VAC's, persoonlijke sjablonen) "
        "of één bestand met VAC's of kennisartikelen, ook als objecten uit de Objecten API. "
        "Alles of niets: bij een fout wordt niets opgeslagen. Items worden herkend aan hun uuid."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", type=Path, help="Map met de vorm van ../shared/corpus, of één JSON-bestand.")
        parser.add_argument(
            "--concept", action="store_true", help="Sla op als concept (niet live); standaard wordt gepubliceerd."
        )
        parser.add_argument(
            "--alleen-nieuw",
            action="store_true",
            help="Voeg alleen items toe die nog niet bestaan; bestaande items (ook als ze zijn bewerkt) blijven zoals ze zijn.",
        )
        parser.add_argument(
            "--gemeente",
            metavar="SLUG",
            help="Importeer de VAC's en kennisartikelen als eigen items van deze gemeente (bijv. een dump van haar "
            "Objecten API) in plaats van in de generieke laag.",
        )
        parser.add_argument(
            "--per-gemeente",
            action="store_true",
            help="Voor landelijke ladingen: schrijf eerst de landelijke inhoud en daarna elke gemeente in een eigen "
            "transactie. Alles wordt vooraf gecontroleerd; mislukt er toch een gemeente, dan blijft wat ervoor is "
            "opgeslagen staan en schrijft die gemeente niets. Opnieuw starten hervat (ongewijzigde items worden overgeslagen).",
        )

    def handle(self, *args, pad: Path, concept: bool, alleen_nieuw: bool, gemeente: str | None, per_gemeente: bool, **options):
        begin = time.monotonic()
        laag = f"gemeente {gemeente}" if gemeente else "generiek en gemeenten volgens de bestanden"
        self.stdout.write(f"Import van {pad} ({'als concept' if concept else 'publiceren'}; {laag})")
        importeur = Importeur(
            publiceren=not concept,
            alleen_nieuw=alleen_nieuw,
            gemeente=gemeente,
            per_gemeente=per_gemeente,
            schrijf=lambda tekst: (self.stdout.write(tekst, ending=""), self.stdout.flush()),
            interactief=sys.stdout.isatty() and options.get("verbosity", 1) > 0,
        )
        try:
            resultaat = importeur.importeer(pad)
        except ImportFout as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Import voltooid in {time.monotonic() - begin:.1f} s:"))
        self.stdout.write(resultaat.samenvatting())
