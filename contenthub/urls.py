from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from contenthub.core.views import health

urlpatterns = [
    path("health", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
]
