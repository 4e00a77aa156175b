"""Admin registration: content types as snippets with workflow, and the editorial pages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
from contenthub.content.secties import SECTIES
from contenthub.core.dashboard import GebruikersPanel, dashboardpanel
from contenthub.core.models import Gemeente
from contenthub.redactie import tweestaps, views
from contenthub.redactie.forms import AanvullingForm, LaagForm
from contenthub.redactie.generiek import generiek_gewijzigd, markeer_beoordeeld
from contenthub.redactie.kwaliteit import controleer
from contenthub.redactie.panels import GeneriekGewijzigdPanel, KwaliteitPanel
from contenthub.redactie.permissies import LaagPermissionPolicy, is_spoedredacteur
from contenthub.redactie.scope import GescopedChooserViewSet, gescoped

# Who may edit what per gemeente is the editor's concern; content itself knows nothing of it. Registered
# first thing, before any viewset below asks Wagtail for a model's policy.
for _model in (Kennisartikel, GemeentelijkeAanvulling, VraagAntwoord, PersoonlijkSjabloon):
    register_permission_policy(_model, LaagPermissionPolicy(_model))


class GescopedViewSet(SnippetViewSet):
    """Listings show only what the permission policy allows, and every view of a single item (edit,
    delete, history, preview, workflow, lock…) refuses items outside the user's gemeente.

    Wagtail's generic edit views check model permissions only; wrapping every URL that carries a pk
    closes that gap once for all current and future item views.
    """

    add_to_admin_menu = False

    def get_queryset(self, request):
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(request.user, ["view"])

    chooser_viewset_class = GescopedChooserViewSet

    def get_urlpatterns(self):
        return gescoped(self.model, super().get_urlpatterns())


class GeneriekGewijzigdColumn(Column):
    def get_value(self, instance):
        return "Ja, controleren" if generiek_gewijzigd(instance) else ""


# --- editor surfaces: panels and base forms live here, so `content` knows nothing of the editor -------------

BEHEER = [
    MultiFieldPanel([FieldPanel("eigenaar"), FieldPanel("herzieningsdatum")], "Beheer"),
    FieldRowPanel([FieldPanel("go_live_at"), FieldPanel("expire_at")], "Geplande publicatie"),
]

KANALEN = MultiFieldPanel([FieldPanel("spoed"), FieldPanel("delen"), FieldPanel("zoekgewicht")], "Kanalen")

KENNISARTIKEL_PANELS = TabbedInterface(
    [
        ObjectList(
            [
                KwaliteitPanel(heading="Kwaliteitscontrole"),
                FieldPanel("titel"),
                FieldRowPanel([FieldPanel("upn_uri"), FieldPanel("upn_label")]),
                FieldRowPanel([FieldPanel("doelgroep"), FieldPanel("taal")]),
                FieldPanel("levensgebeurtenissen"),
                FieldPanel("trefwoorden"),
            ],
            heading="Product",
        ),
        ObjectList([FieldPanel(s.veld) for s in SECTIES], heading="Secties"),
        ObjectList([FieldPanel("desk_memo")], heading="KCC"),
        ObjectList([KANALEN, *BEHEER, FieldPanel("datum_wijziging")], heading="Beheer"),
    ]
)

AANVULLING_PANELS = TabbedInterface(
    [
        ObjectList(
            [
                GeneriekGewijzigdPanel(heading="Generiek gewijzigd"),
                KwaliteitPanel(heading="Kwaliteitscontrole"),
                FieldRowPanel([FieldPanel("gemeente"), FieldPanel("kennisartikel")]),
                FieldPanel("titel"),
                MultiFieldPanel(
                    [FieldRowPanel([FieldPanel("upn_uri"), FieldPanel("upn_label")]), FieldPanel("doelgroep")],
                    "Alleen voor een lokaal product",
                ),
                FieldPanel("aangewezen_kanaal"),
                FieldPanel("trefwoorden"),
                FieldPanel("levensgebeurtenissen"),
            ],
            heading="Aanvulling",
        ),
        ObjectList(
            [
                InlinePanel(
                    "secties",
                    label="Sectie",
                    heading="Sectie-aanpassingen",
                    panels=[FieldRowPanel([FieldPanel("sectie"), FieldPanel("modus")]), FieldPanel("tekst")],
                )
            ],
            heading="Secties",
        ),
        ObjectList(
            [
                InlinePanel(
                    "locaties",
                    label="Locatie",
                    heading="Locaties",
                    panels=[FieldPanel("naam"), FieldPanel("adres"), FieldPanel("openingstijden")],
                )
            ],
            heading="Locaties",
        ),
        ObjectList([FieldPanel("desk_memo")], heading="KCC"),
        ObjectList([KANALEN, *BEHEER, FieldPanel("datum_wijziging")], heading="Beheer"),
    ],
    base_form_class=AanvullingForm,
)

VAC_PANELS = TabbedInterface(
    [
        ObjectList(
            [
                KwaliteitPanel(heading="Kwaliteitscontrole"),
                FieldPanel("vraag"),
                FieldPanel("alternatieve_vragen"),
                FieldPanel("antwoord"),
                FieldPanel("kort_antwoord"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("doelgroep")]),
            ],
            heading="Vraag en antwoord",
        ),
        ObjectList([FieldRowPanel([FieldPanel("gemeente"), FieldPanel("vervangt")])], heading="Laag"),
        ObjectList(
            [
                FieldPanel("trefwoorden"),
                FieldPanel("afdelingen"),
                FieldPanel("gerelateerde_producten"),
                FieldPanel("gerelateerde_vacs"),
                FieldPanel("toelichting"),
            ],
            heading="KCC en relaties",
        ),
        ObjectList([KANALEN, *BEHEER], heading="Beheer"),
    ],
    base_form_class=LaagForm,
)

SJABLOON_PANELS = ObjectList(
    [
        KwaliteitPanel(heading="Kwaliteitscontrole"),
        FieldPanel("naam"),
        FieldPanel("sjabloon"),
        FieldPanel("kanalen"),
        FieldRowPanel([FieldPanel("vereist_betrouwbaarheidsniveau"), FieldPanel("bron")]),
        FieldPanel("gerelateerd_product"),
        FieldPanel("voorbeelddata"),
        *BEHEER,
    ]
)


class KennisartikelViewSet(GescopedViewSet):
    model = Kennisartikel
    edit_handler = KENNISARTIKEL_PANELS
    icon = "doc-full"
    menu_label = "Kennisartikelen (generiek)"
    list_display = ["titel", "upn_label", "eigenaar", "herzieningsdatum", UpdatedAtColumn()]
    list_filter = ["doelgroep", "live"]
    search_fields = ["titel", "upn_label", "tekst"]


class AanvullingViewSet(GescopedViewSet):
    model = GemeentelijkeAanvulling
    edit_handler = AANVULLING_PANELS
    icon = "doc-full-inverse"
    menu_label = "Gemeentelijke aanvullingen"
    list_display = [
        "__str__",
        "gemeente",
        GeneriekGewijzigdColumn("generiek_gewijzigd", label="Generiek gewijzigd"),
        "herzieningsdatum",
        UpdatedAtColumn(),
    ]
    list_filter = ["gemeente", "live"]
    search_fields = ["titel", "upn_label"]

    def get_queryset(self, request):
        # The listing shows the gemeente, the article's title and 'generiek gewijzigd' per row: fetch them with it.
        return super().get_queryset(request).select_related("gemeente", "kennisartikel", "beoordeling")


class VraagAntwoordViewSet(GescopedViewSet):
    model = VraagAntwoord
    edit_handler = VAC_PANELS
    icon = "help"
    menu_label = "Vraag-antwoordcombinaties"
    list_display = ["vraag", "gemeente", "status", "herzieningsdatum", UpdatedAtColumn()]
    list_filter = ["gemeente", "status", "doelgroep", "live"]
    search_fields = ["vraag", "antwoord"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("gemeente")


class SjabloonViewSet(GescopedViewSet):
    model = PersoonlijkSjabloon
    edit_handler = SJABLOON_PANELS
    icon = "user"
    menu_label = "Persoonlijke sjablonen"
    list_display = ["naam", "vereist_betrouwbaarheidsniveau", "bron", UpdatedAtColumn()]
    search_fields = ["naam"]


class GemeenteViewSet(SnippetViewSet):
    model = Gemeente
    icon = "site"
    menu_label = "Gemeenten"
    list_display = ["naam", "code", "slug", "telefoon"]
    search_fields = ["naam"]
    add_to_admin_menu = False


class ContentGroup(SnippetViewSetGroup):
    menu_label = "Content"
    menu_icon = "folder-open-inverse"
    menu_order = 100
    items = (KennisartikelViewSet, AanvullingViewSet, VraagAntwoordViewSet, SjabloonViewSet, GemeenteViewSet)


register_snippet(ContentGroup)


class ThesaurusViewSet(SnippetViewSet):
    """The kennisbank thesaurus: a change counts on the next search (query expansion, no rebuild)."""

    from contenthub.kennisbank.models import Synoniemgroep as model

    icon = "list-ul"
    menu_label = "Thesaurus (kennisbank)"
    menu_order = 110
    add_to_admin_menu = True
    list_display = ["__str__", "eenrichting", "actief", "bron", UpdatedAtColumn()]
    list_filter = ["actief", "bron", "eenrichting"]
    search_fields = ["termen"]


register_snippet(ThesaurusViewSet)


@hooks.register("register_admin_urls")
def redactie_urls():
    return [
        path("redactie/herziening/", views.herziening_verlopen, name="redactie_herziening"),
        path("redactie/generiek-gewijzigd/", views.generiek_gewijzigd_lijst, name="redactie_generiek_gewijzigd"),
        path("redactie/aanvulling/<uuid:pk>/generiek/", views.generiek_diff, name="redactie_generiek_diff"),
        path("redactie/zoeken/", views.zoeken, name="redactie_zoeken"),
        path("tweestaps/instellen/", tweestaps.instellen, name="tweestaps_instellen"),
        path("tweestaps/controleren/", tweestaps.controleren, name="tweestaps_controleren"),
        path("tweestaps/herstelcodes/", tweestaps.herstelcodes, name="tweestaps_herstelcodes"),
    ]


@hooks.register("register_admin_menu_item")
def redactie_menu():
    return SubmenuMenuItem(
        "Redactie",
        Menu(
            items=[
                MenuItem("Herziening verlopen", reverse("redactie_herziening"), icon_name="date", order=10),
                MenuItem("Generiek gewijzigd", reverse("redactie_generiek_gewijzigd"), icon_name="warning", order=20),
            ]
        ),
        icon_name="tasks",
        order=110,
    )


def _waarschuwingen_tonen(request, instance):
    if not hasattr(instance, "tekstvelden"):
        return
    for bevinding in controleer(instance):
        if not bevinding.blokkeert:
            messages.warning(request, f"Kwaliteitscontrole: {bevinding.melding}")


def _na_opslaan(request, instance):
    _waarschuwingen_tonen(request, instance)
    # A direct publish from the editor is a person reviewing the aanvulling against today's generiek text.
    if isinstance(instance, GemeentelijkeAanvulling) and "action-publish" in request.POST and instance.live:
        markeer_beoordeeld(instance, request.user)


hooks.register("after_create_snippet", _na_opslaan)
hooks.register("after_edit_snippet", _na_opslaan)


@dashboardpanel
class RedactieSignaleringPanel(GebruikersPanel):
    """On the dashboard: what needs this editor's attention, with links to the lists."""

    name = "redactie_signalering"
    order = 50
    template_name = "redactie/panels/dashboard.html"

    def get_context_data(self, parent_context=None):
        return {
            "verlopen": views.verlopen_aantal(self.user),
            "generiek_gewijzigd": views.gewijzigde_aanvullingen(self.user).count(),
        }


@hooks.register("construct_reports_menu")
def alleen_beheerders_zien_overzichtsrapporten(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in ("site-history", "workflows", "workflow-tasks")]


@hooks.register("before_delete_snippet")
def live_inhoud_niet_verwijderen(request, instances):
    """Wagtail's delete views check model permissions only; live content is withdrawn, not deleted."""
    policy_van = policy_registry.get_by_type
    geweigerd = [
        obj
        for obj in instances
        if isinstance(obj, (Kennisartikel, GemeentelijkeAanvulling, VraagAntwoord, PersoonlijkSjabloon))
        and not policy_van(type(obj)).user_has_permission_for_instance(request.user, "delete", obj)
    ]
    if geweigerd:
        namen = ", ".join(f"'{obj}'" for obj in geweigerd)
        messages.error(
            request, f"Niet verwijderd: {namen} is gepubliceerd of hoort bij een andere gemeente. Laat het eerst intrekken."
        )
        return redirect(request.META.get("HTTP_REFERER") or reverse("wagtailadmin_home"))


@hooks.register("register_admin_viewset")
def generieke_vac_kiezer_registreren():
    from contenthub.redactie.kiezers import generieke_vac_kiezer

    return generieke_vac_kiezer


@hooks.register("register_account_menu_item")
def herstelcodes_menu(request):
    """Recovery codes sit on the account page, where an editor looks for login settings."""
    if not getattr(request.user, "is_verified", lambda: False)():
        return None
    return {
        "url": reverse("tweestaps_herstelcodes"),
        "label": "Herstelcodes",
        "help_text": "Codes om in te loggen als uw telefoon kwijt of kapot is; hier maakt u nieuwe.",
    }


def _alleen_spoed_zonder_review(request, model):
    """Members of Spoedberichten publish without review only what they mark spoed; the rest goes through review."""
    if request.method != "POST" or "action-publish" not in request.POST or request.user.is_superuser:
        return None
    if not is_spoedredacteur(request.user) or not issubclass(model, (Kennisartikel, GemeentelijkeAanvulling, VraagAntwoord)):
        return None
    if request.POST.get("spoed") in ("on", "true", "1"):
        return None
    messages.error(
        request,
        "Zonder review publiceren kan alleen voor een spoedbericht. Vink 'spoedbericht' aan (tabblad Beheer) of dien "
        "de wijziging in voor review.",
    )
    return redirect(request.get_full_path())


@hooks.register("before_edit_snippet")
def spoed_bij_bewerken(request, instance):
    return _alleen_spoed_zonder_review(request, type(instance))


@hooks.register("before_create_snippet")
def spoed_bij_aanmaken(request, model):
    return _alleen_spoed_zonder_review(request, model)
