"""System checks that keep a production hub from running with demo leftovers.

``migrate`` runs checks tagged ``database``, so a deployment whose database still holds the demo
accounts (known password, printed by ``contenthub demo``) stops there instead of going live with them.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

DEMO_GEBRUIKERS = ("admin", "landelijk", "voorbeeldstad1", "voorbeeldstad2", "duinwijk1", "duinwijk2")


@register(Tags.database)
def geen_demogebruikers_in_productie(app_configs=None, databases=None, **kwargs):
    if not getattr(settings, "CONTENTHUB_PRODUCTIE", False) or not databases:
        return []
    from django.contrib.auth import get_user_model

    fouten = []
    for user in get_user_model().objects.filter(username__in=DEMO_GEBRUIKERS, is_active=True):
        if user.check_password(settings.DEMO_WACHTWOORD):
            fouten.append(
                Error(
                    f"Demogebruiker '{user.username}' heeft nog het demowachtwoord.",
                    hint="Verwijder de demogebruikers of geef ze een eigen wachtwoord voordat de hub in productie gaat.",
                    id="contenthub.E001",
                )
            )
    return fouten
