"""Production: refuses to start with development defaults that would be unsafe."""

from django.core.exceptions import ImproperlyConfigured

from contenthub.conf.base import *  # noqa: F401,F403
from contenthub.conf.base import PRODUCTIE_HSTS_SECONDS, PRODUCTIE_SSL_REDIRECT, SECRET_KEY

DEBUG = False
CONTENTHUB_PRODUCTIE = True
# Government baseline (BIO): a second factor for the admin, and failed logins lock out.
TWEESTAPSVERIFICATIE = True
AXES_ENABLED = True
if SECRET_KEY == "onveilig-alleen-voor-ontwikkeling":  # noqa: S105 - refusing the dev default
    raise ImproperlyConfigured("SECRET_KEY moet in productie een eigen geheime waarde hebben.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = PRODUCTIE_SSL_REDIRECT
SECURE_REDIRECT_EXEMPT = [r"^health$"]  # the load balancer's probe speaks plain http inside the network
SECURE_HSTS_SECONDS = PRODUCTIE_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
