"""Settings for the test suite; the database comes from DATABASE_URL (PostgreSQL via bin/test)."""

import os

from contenthub.conf.base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise warns about a missing STATIC_ROOT on every request; tests never collect static files.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True

# Tasks run in the test process; worker processes that tests start get CONTENTHUB_TAKEN_VIA_BROKER=1, so the
# tasks they send go through Redis like in production (and the test process switches eager off itself).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CONTENTHUB_TAKEN_VIA_BROKER") != "1"
# One kennisbank alias per test run, so two runs against one OpenSearch node never see each other's documents.
# Worker processes started by the tests get the same alias through the environment.
KENNISBANK_ALIAS = os.environ.get("KENNISBANK_ALIAS") or f"contenthub-test-{os.getpid()}"
# Each test process counts API rate limits in its own memory: no counters left over in a shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Embeddings cost ~30 ms per new text; the publication tests (a property test publishes 1 000 random examples)
# do not need them. The search tests switch semantic retrieval on themselves.
KENNISBANK_SEMANTISCH = os.environ.get("KENNISBANK_SEMANTISCH", "false").lower() in ("1", "true", "ja")
