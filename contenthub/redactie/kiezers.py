"""A searchable, paginated choice of generiek VACs for a gemeente VAC's *vervangt*.

A plain select would list every generiek VAC (thousands at national scale) on every edit page. The chooser
modal searches and pages, and shows only live generiek VACs: never another gemeente's question.
"""

from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from contenthub.content.models import VraagAntwoord


def generieke_vacs():
    return VraagAntwoord.objects.filter(gemeente__isnull=True, live=True).order_by("vraag")


class _AlleenGeneriek:
    def get_object_list(self):
        return generieke_vacs()


class GeneriekeVacKiezen(_AlleenGeneriek, ChooseView):
    pass


class GeneriekeVacResultaten(_AlleenGeneriek, ChooseResultsView):
    pass


class GeneriekeVacGekozen(ChosenView):
    def get_object(self, pk):
        return generieke_vacs().get(pk=pk)


class GeneriekeVacChooserViewSet(ChooserViewSet):
    model = VraagAntwoord
    icon = "help"
    choose_one_text = "Kies een generieke VAC"
    choose_another_text = "Andere generieke VAC kiezen"
    edit_item_text = "Bewerken"
    page_title = "Generieke VAC kiezen"
    per_page = 20
    choose_view_class = GeneriekeVacKiezen
    choose_results_view_class = GeneriekeVacResultaten
    chosen_view_class = GeneriekeVacGekozen
    creation_form_class = None
    form_fields = None


generieke_vac_kiezer = GeneriekeVacChooserViewSet("generieke_vac_kiezer", url_prefix="redactie/generieke-vac-kiezen")
