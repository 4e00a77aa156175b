from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from contenthub.api import objecten
from contenthub.api.v1 import api as api_v1
from contenthub.core.views import health
from contenthub.publicatie.views import chatbot_bundel

urlpatterns = [
    path("health", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("kcc/", include("contenthub.kcc.urls")),
    path("api/v1/", api_v1.urls),
    path("objecten/api/v2/objects", objecten.objecten, name="objecten"),
    path("objecten/api/v2/objects/<uuid:uuid>", objecten.object_, name="object"),
    path("kanalen/chatbot/<slug:gemeente>/", chatbot_bundel, name="chatbot_bundel"),
    path("kanalen/chatbot/<slug:gemeente>/<str:bestand>", chatbot_bundel, name="chatbot_bundel_bestand"),
    path("", include(wagtail_urls)),
]
