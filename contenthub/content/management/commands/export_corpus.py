from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contenthub.uitwisseling.exporteren import exporteer_corpus, exporteer_objecten


class Command(BaseCommand):
    help = (
        "Exporteert alle content naar een map in dezelfde vorm als import_corpus leest (gepubliceerde versie van "
        "live items). Met --objecten: per gemeente objecten voor haar Objecten API, samengesteld en in HTML, "
        "zodat KISS ze ongewijzigd leest."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", type=Path, help="Doelmap; bestaande exportbestanden daarin worden overschreven.")
        parser.add_argument(
            "--objecten",
            action="store_true",
            help="Schrijf <slug>/vac.json en <slug>/kennisartikel.json als objecten voor POST /api/v2/objects.",
        )
        parser.add_argument("--gemeente", metavar="SLUG", help="Alleen deze gemeente (bij --objecten).")

    def handle(self, *args, pad: Path, objecten: bool, gemeente: str | None, **options):
        if gemeente and not objecten:
            raise CommandError("--gemeente hoort bij --objecten; de corpusexport bevat altijd alle gemeenten.")
        schrijf = lambda tekst: self.stdout.write(tekst, ending="")  # noqa: E731
        if objecten:
            self.stdout.write(f"Objecten-export naar {pad}")
            try:
                exporteer_objecten(pad, gemeente=gemeente, schrijf=schrijf)
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        else:
            self.stdout.write(f"Export naar {pad}")
            exporteer_corpus(pad, schrijf=schrijf)
        self.stdout.write(self.style.SUCCESS("Export voltooid."))
