"""Production: refuses to start with development defaults that would be unsafe."""

from django.core.exceptions import ImproperlyConfigured

from contenthub.conf.base import *  # noqa: F401,F403
from contenthub.conf.base import SECRET_KEY

DEBUG = False
if SECRET_KEY == "onveilig-alleen-voor-ontwikkeling":  # noqa: S105 - refusing the dev default
    raise ImproperlyConfigured("SECRET_KEY moet in productie een eigen geheime waarde hebben.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
