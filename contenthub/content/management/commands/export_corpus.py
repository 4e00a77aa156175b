from pathlib import Path

from django.core.management.base import BaseCommand

from contenthub.content.corpus import exporteer_corpus


class Command(BaseCommand):
    help = "Exporteert alle content naar een map in dezelfde vorm als import_corpus leest (laatste versie van elk item)."

    def add_arguments(self, parser):
        parser.add_argument("pad", type=Path, help="Doelmap; bestaande corpusbestanden daarin worden overschreven.")

    def handle(self, *args, pad: Path, **options):
        self.stdout.write(f"Export naar {pad}")
        exporteer_corpus(pad, schrijf=lambda tekst: self.stdout.write(tekst, ending=""))
        self.stdout.write(self.style.SUCCESS("Export voltooid."))
