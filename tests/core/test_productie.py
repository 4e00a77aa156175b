"""Production settings: transport security on, demo accounts refused."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.factories import UserFactory

PROJECT = Path(__file__).resolve().parents[2]


def test_productie_instellingen_zetten_transportbeveiliging_aan():
    code = (
        "import django.conf as c; from contenthub.conf import production as p; "
        "assert p.DEBUG is False and p.SECURE_SSL_REDIRECT and p.SECURE_HSTS_SECONDS >= 31536000; "
        "assert p.SECURE_CONTENT_TYPE_NOSNIFF and p.SECURE_REFERRER_POLICY == 'same-origin'; "
        "assert p.SESSION_COOKIE_SECURE and p.CSRF_COOKIE_SECURE and p.CONTENTHUB_PRODUCTIE; "
        "assert p.WAGTAIL_GRAVATAR_PROVIDER_URL is None and p.AXES_ENABLED and p.TWEESTAPSVERIFICATIE"
    )
    omgeving = {**os.environ, "SECRET_KEY": "een-echt-geheim-voor-de-test", "DEBUG": "true"}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT, env=omgeving)


def test_productie_weigert_het_ontwikkelgeheim():
    omgeving = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    uitkomst = subprocess.run(
        [sys.executable, "-c", "import contenthub.conf.production"], cwd=PROJECT, env=omgeving, capture_output=True, text=True
    )
    assert uitkomst.returncode != 0 and "SECRET_KEY" in uitkomst.stderr


@pytest.mark.django_db
def test_demogebruiker_met_demowachtwoord_stopt_productie(settings):
    settings.CONTENTHUB_PRODUCTIE = True
    call_command("check", databases=["default"])  # no demo users: fine
    admin = UserFactory(username="admin")
    admin.set_password(settings.DEMO_WACHTWOORD)
    admin.save()
    with pytest.raises(SystemCheckError, match="contenthub.E001"):
        call_command("check", databases=["default"])
    admin.set_password("iets-heel-anders-en-geheim")
    admin.save()
    call_command("check", databases=["default"])
