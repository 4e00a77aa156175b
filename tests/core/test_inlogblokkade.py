"""Admin login locks a user name out from an address after too many wrong passwords (django-axes)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def inloggen(client, wachtwoord, adres="10.0.0.1"):
    return client.post(reverse("wagtailadmin_login"), {"username": "redacteur", "password": wachtwoord}, REMOTE_ADDR=adres)


def test_blokkade_na_te_veel_mislukte_pogingen(client, settings):
    user = UserFactory(username="redacteur", is_staff=True, is_superuser=True)
    user.set_password("juist-wachtwoord-123")
    user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert inloggen(client, "fout").status_code == 200  # the form again, with an error
    geblokkeerd = inloggen(client, "fout")
    assert geblokkeerd.status_code == 429 and "Inloggen tijdelijk geblokkeerd" in geblokkeerd.content.decode()
    # Also the right password is refused now, from that address.
    assert inloggen(client, "juist-wachtwoord-123").status_code == 429
    # Another address (a colleague behind another NAT) is not locked out.
    assert inloggen(client, "juist-wachtwoord-123", adres="10.0.0.2").status_code == 302


def test_geslaagde_login_zet_de_teller_terug(client, settings):
    user = UserFactory(username="redacteur", is_staff=True, is_superuser=True)
    user.set_password("juist-wachtwoord-123")
    user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        inloggen(client, "fout")
    assert inloggen(client, "juist-wachtwoord-123").status_code == 302
    client.logout()
    assert inloggen(client, "fout").status_code == 200
