"""The pipeline in the admin: a dashboard panel, the channel overview, 'live op kanalen' per item, resends."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord
from contenthub.core.dashboard import GebruikersPanel, dashboardpanel
from contenthub.publicatie import views
from contenthub.publicatie.status import stand
from contenthub.redactie.permissies import is_landelijk


@dashboardpanel
class PublicatiePanel(GebruikersPanel):
    name = "publicatie"
    order = 40
    template_name = "publicatie/panel.html"

    def get_context_data(self, parent_context=None):
        return {"stand": stand(None if is_landelijk(self.user) else views.zichtbare_gemeenten(self.user))}


@hooks.register("register_admin_urls")
def publicatie_urls():
    return [
        path("publicatie/", views.overzicht, name="publicatie_overzicht"),
        path("publicatie/item/<uuid:uuid>/", views.item, name="publicatie_item"),
        path("publicatie/opnieuw/<int:pk>/", views.opnieuw_item, name="publicatie_opnieuw_item"),
        path("publicatie/opnieuw/", views.opnieuw_kanaal, name="publicatie_opnieuw_kanaal"),
    ]


@hooks.register("register_admin_menu_item")
def publicatie_menu():
    return MenuItem("Kanalen", reverse("publicatie_overzicht"), icon_name="site", order=250)


@hooks.register("register_snippet_listing_buttons")
def live_op_kanalen(snippet, user, next_url=None):
    if isinstance(snippet, GemeentelijkeAanvulling):
        item_uuid = snippet.kennisartikel_id or snippet.pk
    elif isinstance(snippet, Kennisartikel | VraagAntwoord):
        item_uuid = snippet.pk
    else:
        return []
    return [Button("Live op kanalen", reverse("publicatie_item", args=[item_uuid]), icon_name="site", priority=90)]
