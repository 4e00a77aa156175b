"""``contenthub kennisbank rebuild``: rebuild the KCC kennisbank into a new index and swap the alias.
``contenthub kennisbank thesaurus-voorstellen``: propose synonym groups from the products' trefwoorden.
``contenthub kennisbank samenvoegen``: merge the live index's segments now (the nightly task does it too)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Beheer van de KCC-kennisbank. 'rebuild': alles opnieuw samenstellen in een nieuwe index en de alias wisselen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        sub.add_parser("rebuild", help="Herbouw zonder onderbreking: nieuwe index vullen, dan de alias wisselen.")
        sub.add_parser(
            "samenvoegen",
            help="Voeg de segmenten van de kennisbankindex nu samen tot één (dat doet ook een nachtelijke taak); "
            "zoeken gaat intussen door.",
        )
        voorstel = sub.add_parser(
            "thesaurus-voorstellen",
            help="Stel synoniemgroepen voor uit de trefwoorden van de producten (bron 'Uit trefwoorden').",
        )
        voorstel.add_argument(
            "--actief", action="store_true", help="Zet de nieuwe groepen meteen aan (standaard: uit, de redactie beoordeelt)."
        )

    def handle(self, *args, actie: str, **opties):
        from contenthub.kennisbank.herbouw import herbouw

        if actie == "thesaurus-voorstellen":
            from contenthub.kennisbank.thesaurus import zaai_uit_trefwoorden

            aantal = zaai_uit_trefwoorden(actief=opties["actief"])
            stand = "aan" if opties["actief"] else "uit; zet in Wagtail (Thesaurus, bron 'Uit trefwoorden') aan wat klopt"
            self.stdout.write(self.style.SUCCESS(f"{aantal} synoniemgroep(en) uit trefwoorden toegevoegd ({stand})."))
            return
        if actie == "samenvoegen":
            from django.conf import settings

            if not settings.OPENSEARCH_URL:
                raise CommandError("Samenvoegen is voor OpenSearch; zonder OPENSEARCH_URL staat de kennisbank in de database.")
            from contenthub.kennisbank.tasks import samenvoegen

            self.stdout.write("Segmenten samenvoegen (dit kan bij een landelijke kennisbank enkele minuten duren) …")
            try:
                uitkomst = samenvoegen()
            except Exception as exc:  # noqa: BLE001 - one clear line for the operator; the index stays as it was
                raise CommandError(f"Samenvoegen mislukt: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(f"Kennisbank: {uitkomst['voor']} segment(en) → {uitkomst['na']}."))
            return
        if actie != "rebuild":  # pragma: no cover - argparse allows only the known actions
            raise CommandError(f"Onbekende actie '{actie}'.")
        try:
            uitkomst = herbouw(lambda regel: self.stdout.write(regel))
        except Exception as exc:  # noqa: BLE001 - the operator gets one clear line, the old index stays in use
            raise CommandError(f"Herbouw mislukt; de kennisbank gebruikt nog de vorige index. Oorzaak: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Kennisbank herbouwd: {uitkomst.documenten} documenten voor {uitkomst.gemeenten} gemeenten.")
        )
