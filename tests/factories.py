"""factory_boy factories for the content models; published items go through real Wagtail revisions."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from contenthub.content.models import (
    GemeentelijkeAanvulling,
    Kennisartikel,
    PersoonlijkSjabloon,
    SectieAanpassing,
    VraagAntwoord,
)
from contenthub.core.models import Gemeente


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("slug",)

    naam = factory.Sequence(lambda n: f"Gemeente Test{n}")
    slug = factory.Sequence(lambda n: f"test{n}")
    code = factory.Sequence(lambda n: f"gm{8000 + n:04d}")
    telefoon = "14 0999"
    kanalen = ["website", "kcc"]


class KennisartikelFactory(DjangoModelFactory):
    class Meta:
        model = Kennisartikel

    upn_uri = factory.Sequence(lambda n: f"http://standaarden.overheid.nl/owms/terms/Product{n}")
    upn_label = factory.Sequence(lambda n: f"Product {n}")
    titel = factory.Sequence(lambda n: f"Product {n} aanvragen")
    tekst = "U vraagt dit product aan bij de gemeente."
    kosten_en_betaalmethoden = "De gemeente bepaalt de kosten."
    procedure_beschrijving = "Maak een afspraak."
    desk_memo = "Landelijke notitie."
    trefwoorden = ["product"]
    eigenaar = "Burgerzaken"


class AanvullingFactory(DjangoModelFactory):
    class Meta:
        model = GemeentelijkeAanvulling

    gemeente = factory.SubFactory(GemeenteFactory)
    kennisartikel = factory.SubFactory(KennisartikelFactory)
    aangewezen_kanaal = "webformulier met DigiD"


class VraagAntwoordFactory(DjangoModelFactory):
    class Meta:
        model = VraagAntwoord

    vraag = factory.Sequence(lambda n: f"Hoe werkt product {n}?")
    antwoord = "Zo werkt het."
    kort_antwoord = "Zo werkt het."


class SjabloonFactory(DjangoModelFactory):
    class Meta:
        model = PersoonlijkSjabloon

    naam = "Uw document verloopt"
    sjabloon = "Beste {{ persoon.naam }}, uw document verloopt op {{ document.vervaldatum }}."
    kanalen = ["kcc", "chatbot"]
    bron = "Haal Centraal BRP bevragen"
    voorbeelddata = {"persoon": {"naam": "J. Jansen"}, "document": {"vervaldatum": "1 mei 2027"}}


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = factory.django.Password("geheim-wachtwoord")

    @factory.post_generation
    def groepen(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)


def publiceer(obj, user=None):
    """Publish through a real revision, the way the admin does."""
    if obj._state.adding:
        obj.live = False
        obj.save()
    revisie = obj.save_revision(user=user)
    revisie.publish(user=user, skip_permission_checks=True)
    obj.refresh_from_db()
    return obj


def sectie(aanvulling, sectie, modus, tekst):
    aanvulling.secties.add(SectieAanpassing(sectie=sectie, modus=modus, tekst=tekst))


def aanvulling_post(gemeente, kennisartikel, titel="Nieuw"):
    return {
        "gemeente": str(gemeente.pk),
        "kennisartikel": str(kennisartikel.pk),
        "titel": titel,
        "upn_uri": "",
        "upn_label": "",
        "doelgroep": "",
        "aangewezen_kanaal": "webformulier",
        "trefwoorden": "",
        "levensgebeurtenissen": [],
        "desk_memo": "",
        "eigenaar": "",
        "herzieningsdatum": "",
        "datum_wijziging": "",
        "go_live_at": "",
        "expire_at": "",
        "secties-TOTAL_FORMS": "0",
        "secties-INITIAL_FORMS": "0",
        "secties-MIN_NUM_FORMS": "0",
        "secties-MAX_NUM_FORMS": "1000",
        "locaties-TOTAL_FORMS": "0",
        "locaties-INITIAL_FORMS": "0",
        "locaties-MIN_NUM_FORMS": "0",
        "locaties-MAX_NUM_FORMS": "1000",
    }
