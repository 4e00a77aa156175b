"""For a beheerder: an editor lost both the phone and the recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = (
        "Verwijdert de tweestapsverificatie (app en herstelcodes) van één gebruiker, zodat die bij de volgende "
        "inlog opnieuw een app koppelt. Controleer eerst wie om het herstel vraagt."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam", help="De gebruikersnaam waarmee de redacteur inlogt.")

    def handle(self, *args, gebruikersnaam: str, **options):
        User = get_user_model()
        try:
            gebruiker = User.objects.get(**{User.USERNAME_FIELD: gebruikersnaam})
        except User.DoesNotExist:
            raise CommandError(f"Gebruiker '{gebruikersnaam}' bestaat niet.") from None
        apparaten = list(devices_for_user(gebruiker, confirmed=None))
        for apparaat in apparaten:
            apparaat.delete()
        self.stdout.write(
            f"{len(apparaten)} apparaat/apparaten van '{gebruikersnaam}' verwijderd. Bij de volgende inlog koppelt "
            "deze gebruiker opnieuw een authenticator-app en krijgt nieuwe herstelcodes."
        )
