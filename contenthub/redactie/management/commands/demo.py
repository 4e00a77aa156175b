from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from contenthub.core.models import Gemeente
from contenthub.redactie.permissies import LANDELIJKE_REDACTIE

DEMO_MAP = Path(__file__).resolve().parents[3] / "demo"  # contenthub/demo


class Command(BaseCommand):
    help = "Laadt de demo-inhoud (idempotent) en maakt demogebruikers aan: een beheerder en redacteuren per laag."

    def add_arguments(self, parser):
        parser.add_argument("--website", metavar="URL", help="Adres van de referentiewebsite ({gemeente} wordt de slug).")
        parser.add_argument("--website-geheim", metavar="GEHEIM", help="Webhookgeheim (whsec_…) van die website.")
        parser.add_argument(
            "--forceer",
            action="store_true",
            help="Ook buiten de ontwikkelinstellingen (DEBUG uit) demogebruikers aanmaken. Nooit op productie.",
        )

    def handle(self, *args, forceer: bool = False, website=None, website_geheim=None, **options):
        if not settings.DEBUG and not forceer:
            raise CommandError(
                "De demo maakt gebruikers met een bekend wachtwoord aan en draait daarom alleen met DEBUG aan "
                "(bin/run). Gebruik --forceer als u echt een demo-omgeving met deze instellingen wilt."
            )
        if website:
            # Before the import: its publish events then reach the website at once (tasks run in-process).
            from contenthub.publicatie.models import Aansluiting

            Aansluiting.objects.update_or_create(
                kanaal="website", gemeente=None, defaults={"url": website, "geheim": website_geheim or "", "actief": True}
            )
        # Only what is missing: an editor's changes to demo items survive a restart of bin/run.
        call_command("import_corpus", str(DEMO_MAP), "--alleen-nieuw", verbosity=options["verbosity"], stdout=self.stdout)
        wachtwoord = settings.DEMO_WACHTWOORD
        gebruikers = [("admin", "Beheerder (alles)", None, True)]
        gebruikers.append(("landelijk", "Landelijke redactie (generiek)", Group.objects.get(name=LANDELIJKE_REDACTIE), False))
        for gemeente in Gemeente.objects.filter(slug__in=["voorbeeldstad", "duinwijk"]):
            for nummer in (1, 2):  # two per gemeente, so one can review the other's work
                gebruikers.append((f"{gemeente.slug}{nummer}", f"Redacteur {gemeente.naam}", gemeente.redactiegroep, False))
            gebruikers.append((f"kcc-{gemeente.slug}", f"KCC-medewerker {gemeente.naam} (op /kcc/)", gemeente.kcc_groep, False))
        User = get_user_model()
        bestaand = set()
        for naam, _rol, groep, superuser in gebruikers:
            user, nieuw = User.objects.get_or_create(username=naam, defaults={"email": f"{naam}@contenthub.example"})
            if not nieuw:  # an existing account keeps its password and rights
                bestaand.add(naam)
                continue
            user.is_staff = user.is_superuser = superuser
            user.set_password(wachtwoord)
            user.save()
            if groep is not None:
                user.groups.add(groep)
        self.stdout.write(self.style.SUCCESS(f"\nDemo klaar. Log in op /admin/ met wachtwoord '{wachtwoord}' als:"))
        for naam, rol, _groep, _su in gebruikers:
            opmerking = " (bestond al; wachtwoord niet gewijzigd)" if naam in bestaand else ""
            self.stdout.write(f"  {naam:<16} {rol}{opmerking}")
