"""``contenthub apikey create|list|revoke``: manage the keys of channel consumers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from contenthub.api.models import ApiSleutel, SleutelKanaal
from contenthub.api.sleutels import maak_sleutel
from contenthub.core.enums import Betrouwbaarheidsniveau
from contenthub.core.models import Gemeente


class Command(BaseCommand):
    help = "Beheer API-sleutels van kanalen. 'create' toont de nieuwe sleutel één keer, als laatste woord van de uitvoer."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        maak = sub.add_parser("create", help="Maak een sleutel.")
        maak.add_argument("--naam", required=True, help="Waarvoor de sleutel is.")
        maak.add_argument("--kanaal", required=True, choices=SleutelKanaal.values, help="Kanaal van de afnemer.")
        maak.add_argument("--gemeente", action="append", required=True, metavar="SLUG", help="Gemeente (herhaalbaar).")
        maak.add_argument("--intern", action="store_true", help="Ziet deskMemo en toelichting (alleen KCC-toepassingen).")
        maak.add_argument(
            "--persoonlijk",
            choices=Betrouwbaarheidsniveau.values,
            metavar="NIVEAU",
            help=f"Ziet persoonlijke sjablonen tot dit betrouwbaarheidsniveau ({', '.join(Betrouwbaarheidsniveau.values)}).",
        )
        sub.add_parser("list", help="Toon alle sleutels (zonder geheim).")
        intrekken = sub.add_parser("revoke", help="Trek een sleutel in.")
        intrekken.add_argument("prefix", help="Het zichtbare begin van de sleutel (na 'ch_').")

    def handle(self, *args, actie: str, **opties):
        getattr(self, f"_{actie}")(**opties)

    def _create(self, *, naam, kanaal, gemeente, intern, persoonlijk, **_):
        gevonden = {g.slug: g for g in Gemeente.objects.filter(slug__in=gemeente)}
        onbekend = [s for s in gemeente if s not in gevonden]
        if onbekend:
            raise CommandError(f"Onbekende gemeente(n): {', '.join(onbekend)}.")
        try:
            sleutel, geheim = maak_sleutel(
                naam=naam, kanaal=kanaal, gemeenten=list(gevonden.values()), intern=intern, persoonlijk=persoonlijk or ""
            )
        except ValidationError as exc:
            fouten = "; ".join(f"{veld}: {' '.join(m)}" for veld, m in exc.message_dict.items())
            raise CommandError(f"Sleutel niet gemaakt: {fouten}") from exc
        scopes = [f"kanaal={kanaal}", f"gemeenten={','.join(sorted(gevonden))}"]
        scopes += ["intern"] if intern else []
        scopes += [f"persoonlijk<={persoonlijk}"] if persoonlijk else []
        self.stdout.write(f"Sleutel '{sleutel.naam}' gemaakt ({' '.join(scopes)}).")
        self.stdout.write("Bewaar haar nu: de hub kan haar niet opnieuw tonen.")
        self.stdout.write(geheim)

    def _list(self, **_):
        for s in ApiSleutel.objects.prefetch_related("gemeenten"):
            gemeenten = ",".join(sorted(g.slug for g in s.gemeenten.all()))
            status = "actief" if s.actief else "ingetrokken"
            self.stdout.write(f"ch_{s.prefix}_…  {s.kanaal:<12} {status:<12} {gemeenten}  {s.naam}")

    def _revoke(self, *, prefix, **_):
        if not ApiSleutel.objects.filter(prefix=prefix.removeprefix("ch_").split("_")[0]).update(actief=False):
            raise CommandError(f"Geen sleutel met prefix '{prefix}'.")
        self.stdout.write("Sleutel ingetrokken.")
