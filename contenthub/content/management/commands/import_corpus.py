import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contenthub.content.corpus import Importeur, ImportFout, is_interactief


class Command(BaseCommand):
    help = (
        "Importeert een corpusmap (PDC-kennisartikelen, gemeentelijke aanvullingen, VAC's, persoonlijke sjablonen). "
        "Alles of niets: bij een fout wordt niets opgeslagen. Items worden herkend aan hun uuid."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", type=Path, help="Map met de vorm van ../shared/corpus.")
        parser.add_argument(
            "--concept", action="store_true", help="Sla op als concept (niet live); standaard wordt gepubliceerd."
        )
        parser.add_argument(
            "--alleen-nieuw",
            action="store_true",
            help="Voeg alleen items toe die nog niet bestaan; bestaande items (ook als ze zijn bewerkt) blijven zoals ze zijn.",
        )

    def handle(self, *args, pad: Path, concept: bool, alleen_nieuw: bool, **options):
        begin = time.monotonic()
        self.stdout.write(f"Import van {pad} ({'als concept' if concept else 'publiceren'})")
        importeur = Importeur(
            publiceren=not concept,
            alleen_nieuw=alleen_nieuw,
            schrijf=lambda tekst: (self.stdout.write(tekst, ending=""), self.stdout.flush()),
            interactief=is_interactief() and options.get("verbosity", 1) > 0,
        )
        try:
            resultaat = importeur.importeer(pad)
        except ImportFout as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Import voltooid in {time.monotonic() - begin:.1f} s:"))
        self.stdout.write(resultaat.samenvatting())
