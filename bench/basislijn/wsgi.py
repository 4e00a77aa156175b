"""WSGI entry of the benchmark server: the hub (contenthub.conf.dev, DEBUG off) plus the Wagtail API v2 baseline.

Settings are adjusted before Django sets up, because a settings module of our own would import the contenthub
package (and its Celery app, which reads settings) while it is itself still being imported."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contenthub.conf.dev")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "rest_framework", "wagtail.api.v2"]
settings.ROOT_URLCONF = "basislijn.urls"
settings.DEBUG = False
settings.ALLOWED_HOSTS = ["*"]
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
