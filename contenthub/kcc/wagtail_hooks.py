"""The KCC in the Wagtail admin: a dashboard panel with the open reports, and the KCC menu."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from contenthub.core.dashboard import GebruikersPanel, dashboardpanel
from contenthub.kcc import beheer


@dashboardpanel
class TerugmeldingenPanel(GebruikersPanel):
    name = "kcc_terugmeldingen"
    order = 45
    template_name = "kcc/beheer/panel.html"

    def get_context_data(self, parent_context=None):
        return {"open": beheer.open_aantal(self.user)}


@hooks.register("register_admin_urls")
def kcc_urls():
    return [
        path("kcc/terugmeldingen/", beheer.terugmeldingen, name="kcc_terugmeldingen"),
        path("kcc/terugmeldingen/<int:pk>/", beheer.terugmelding, name="kcc_terugmelding"),
        path("kcc/ontbrekende-antwoorden/", beheer.ontbrekend, name="kcc_ontbrekend"),
        path("kcc/uitkomsten/", beheer.uitkomsten, name="kcc_uitkomsten"),
        path("kcc/suggesties/", beheer.suggesties, name="kcc_suggesties"),
        path("kcc/suggesties/besluit/", beheer.suggestie_besluit, name="kcc_suggestie_besluit"),
    ]


@hooks.register("register_admin_menu_item")
def kcc_menu():
    return SubmenuMenuItem(
        "KCC",
        Menu(
            items=[
                MenuItem("Terugmeldingen", reverse("kcc_terugmeldingen"), icon_name="warning", order=10),
                MenuItem("Ontbrekende antwoorden", reverse("kcc_ontbrekend"), icon_name="help", order=20),
                MenuItem("Voorgestelde vragen", reverse("kcc_suggesties"), icon_name="plus", order=25),
                MenuItem("Zoekuitkomsten", reverse("kcc_uitkomsten"), icon_name="doc-full", order=30),
            ]
        ),
        icon_name="group",
        order=120,
    )
