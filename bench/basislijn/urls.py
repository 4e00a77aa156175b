"""The hub's URLs plus a Wagtail API v2 endpoint over the same kennisartikel snippets, with the fields a channel
needs (every SDG section) and the same page size as the hub's API in the benchmark. Wagtail API v2 ships
endpoints for pages, images and documents only; this ``BaseAPIViewSet`` is what a Wagtail team would write."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet

from contenthub.content.models import Kennisartikel
from contenthub.content.secties import SECTIES
from contenthub.urls import urlpatterns as hub

VELDEN = ["uuid", "titel", "upn_uri", "upn_label", *[s.veld for s in SECTIES], "desk_memo", "trefwoorden", "levensgebeurtenissen"]


class KennisartikelViewSet(BaseAPIViewSet):
    model = Kennisartikel
    name = "kennisartikelen"
    body_fields = VELDEN
    meta_fields = ["type"]
    listing_default_fields = [*VELDEN, "type"]
    nested_default_fields = ["uuid", "type"]
    find_query_parameters = frozenset()

    def get_queryset(self):
        return Kennisartikel.objects.filter(live=True).order_by("uuid")


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("kennisartikelen", KennisartikelViewSet)

urlpatterns = [path("wagtail-api/v2/", router.urls), *hub]
