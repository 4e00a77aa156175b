"""Two-factor authentication for the admin: required when switched on (always in production), enrolment with
a QR code, and a code per new session."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code(apparaat: TOTPDevice) -> str:
    return f"{totp(apparaat.bin_key, step=apparaat.step, t0=apparaat.t0, digits=apparaat.digits, drift=apparaat.drift):06d}"


@pytest.fixture
def verplicht(settings):
    settings.TWEESTAPSVERIFICATIE = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # these tests try a wrong code and then the right one at once
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_na_een_foute_code_even_wachten(client, settings, redacteur_dijkstad):
    settings.TWEESTAPSVERIFICATIE = True
    apparaat = TOTPDevice.objects.create(user=redacteur_dijkstad, name="app", confirmed=True)
    client.force_login(redacteur_dijkstad)
    client.post(reverse("tweestaps_controleren"), {"code": "000000"})
    te_snel = client.post(reverse("tweestaps_controleren"), {"code": code(apparaat)})
    assert te_snel.status_code == 200 and "wacht" in te_snel.content.decode()


def test_zonder_apparaat_eerst_instellen_daarna_toegang(client, verplicht, redacteur_dijkstad):
    client.force_login(redacteur_dijkstad)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and response.url.startswith(reverse("tweestaps_instellen"))
    pagina = client.get(response.url)
    assert pagina.status_code == 200 and "<svg" in pagina.content.decode()
    apparaat = TOTPDevice.objects.get(user=redacteur_dijkstad, confirmed=False)
    fout = client.post(reverse("tweestaps_instellen"), {"code": "000000"})
    assert "klopt niet" in fout.content.decode() and not TOTPDevice.objects.get(pk=apparaat.pk).confirmed
    goed = client.post(reverse("tweestaps_instellen"), {"code": code(apparaat), "next": reverse("redactie_herziening")})
    # Straight after enrolment: the recovery codes, once, then on to where the editor was going.
    assert goed.status_code == 302 and goed.url == f"{reverse('tweestaps_herstelcodes')}?next={reverse('redactie_herziening')}"
    codes = client.get(goed.url)
    assert codes.context["codes"] and len(codes.context["codes"]) == 10
    assert f'href="{reverse("redactie_herziening")}"' in codes.content.decode()
    assert client.get(goed.url).context["codes"] is None  # shown only once
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_nieuwe_sessie_vraagt_een_code(client, verplicht, redacteur_dijkstad):
    apparaat = TOTPDevice.objects.create(user=redacteur_dijkstad, name="app", confirmed=True)
    client.force_login(redacteur_dijkstad)
    response = client.get(reverse("redactie_zoeken"))
    assert response.status_code == 302 and response.url.startswith(reverse("tweestaps_controleren"))
    assert client.post(reverse("tweestaps_controleren"), {"code": "123456"}).status_code == 200
    assert client.post(reverse("tweestaps_controleren"), {"code": code(apparaat)}).status_code == 302
    assert client.get(reverse("redactie_zoeken")).status_code == 200


def test_uit_in_de_demo_en_geen_open_omleiding(client, settings, redacteur_dijkstad):
    settings.TWEESTAPSVERIFICATIE = False
    client.force_login(redacteur_dijkstad)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    settings.TWEESTAPSVERIFICATIE = True
    apparaat = TOTPDevice.objects.create(user=redacteur_dijkstad, name="app", confirmed=True)
    response = client.post(reverse("tweestaps_controleren"), {"code": code(apparaat), "next": "https://kwaad.example/"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_niet_ingelogd_gaat_naar_inloggen(client, verplicht):
    assert client.get(reverse("wagtailadmin_home")).url.startswith(reverse("wagtailadmin_login"))


def _ingeschreven(client, gebruiker) -> list[str]:
    """Enrols through the pages and returns the recovery codes shown, then ends the session."""
    client.force_login(gebruiker)
    client.get(reverse("tweestaps_instellen"))
    apparaat = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    client.post(reverse("tweestaps_instellen"), {"code": code(apparaat)})
    codes = client.get(reverse("tweestaps_herstelcodes")).context["codes"]
    client.logout()
    return codes


def test_herstelcode_werkt_een_keer(client, verplicht, redacteur_dijkstad):
    codes = _ingeschreven(client, redacteur_dijkstad)
    client.force_login(redacteur_dijkstad)
    assert client.post(reverse("tweestaps_controleren"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.logout()
    client.force_login(redacteur_dijkstad)
    opnieuw = client.post(reverse("tweestaps_controleren"), {"code": codes[0]})
    assert opnieuw.status_code == 200 and "klopt niet" in opnieuw.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_nieuwe_herstelcodes_vervangen_de_oude(client, verplicht, redacteur_dijkstad):
    oud = _ingeschreven(client, redacteur_dijkstad)
    client.force_login(redacteur_dijkstad)
    client.post(reverse("tweestaps_controleren"), {"code": oud[0]})
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("tweestaps_herstelcodes") in account  # reachable from the account page
    assert "nog 9 ongebruikte" in client.get(reverse("tweestaps_herstelcodes")).content.decode()
    nieuw_url = client.post(reverse("tweestaps_herstelcodes")).url
    nieuw = client.get(nieuw_url).context["codes"]
    assert set(nieuw).isdisjoint(oud)
    client.logout()
    client.force_login(redacteur_dijkstad)
    assert client.post(reverse("tweestaps_controleren"), {"code": oud[1]}).status_code == 200
    assert client.post(reverse("tweestaps_controleren"), {"code": nieuw[1]}).status_code == 302


def test_herstelcodes_alleen_na_verificatie(client, verplicht, redacteur_dijkstad):
    TOTPDevice.objects.create(user=redacteur_dijkstad, name="app", confirmed=True)
    client.force_login(redacteur_dijkstad)
    assert client.post(reverse("tweestaps_herstelcodes")).status_code == 302
    assert not StaticDevice.objects.filter(user=redacteur_dijkstad).exists()


def test_beheerder_herstelt_een_gebruiker_zonder_telefoon_en_codes(client, verplicht, redacteur_dijkstad, capsys):
    _ingeschreven(client, redacteur_dijkstad)
    call_command("tweestaps_herstellen", redacteur_dijkstad.username)
    assert "2 apparaat" in capsys.readouterr().out
    client.force_login(redacteur_dijkstad)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.url.startswith(reverse("tweestaps_instellen"))
