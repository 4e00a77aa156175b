"""The admin preview renders the composed answer (with provenance) and fills sjablonen with voorbeelddata."""

import pytest
from django.urls import reverse

from tests.factories import AanvullingFactory, KennisartikelFactory, SjabloonFactory, publiceer, sectie

pytestmark = pytest.mark.django_db


def preview(client, model, pk, mode=""):
    return client.get(reverse(f"wagtailsnippets_content_{model}:preview_on_edit", args=[pk]), {"mode": mode})


def test_kennisartikel_preview_per_gemeente(admin_client, dijkstad, bosrijk):
    artikel = publiceer(KennisartikelFactory(live=False, kosten_en_betaalmethoden="Landelijk: de gemeente bepaalt."))
    aanvulling = AanvullingFactory.build(gemeente=dijkstad, kennisartikel=artikel)
    sectie(aanvulling, "kosten_en_betaalmethoden", "vervangen", "In Dijkstad: **€ 84,70**.")
    publiceer(aanvulling)

    # The preview needs the form data posted first (Wagtail stores it in the session).
    admin_client.post(reverse("wagtailsnippets_content_kennisartikel:preview_on_edit", args=[artikel.pk]), _kennis_data(artikel))
    dijkstad_html = preview(admin_client, "kennisartikel", artikel.pk, "dijkstad").content.decode()
    assert "€ 84,70" in dijkstad_html and "herkomst--vervangen" in dijkstad_html
    assert "Samengesteld antwoord voor <strong>Gemeente Dijkstad" in dijkstad_html
    bosrijk_html = preview(admin_client, "kennisartikel", artikel.pk, "bosrijk").content.decode()
    assert "€ 84,70" not in bosrijk_html and "Landelijk: de gemeente bepaalt." in bosrijk_html


def test_sjabloon_preview_met_voorbeelddata(admin_client):
    sjabloon = publiceer(SjabloonFactory(live=False))
    admin_client.post(
        reverse("wagtailsnippets_content_persoonlijksjabloon:preview_on_edit", args=[sjabloon.pk]),
        {
            "naam": sjabloon.naam,
            "sjabloon": sjabloon.sjabloon,
            "kanalen": ["kcc", "chatbot"],
            "vereist_betrouwbaarheidsniveau": "substantieel",
            "bron": sjabloon.bron,
            "gerelateerd_product": "",
            "voorbeelddata": '{"persoon": {"naam": "J. Jansen"}, "document": {"vervaldatum": "1 mei 2027"}}',
            "eigenaar": "",
            "herzieningsdatum": "",
            "go_live_at": "",
            "expire_at": "",
        },
    )
    html = preview(admin_client, "persoonlijksjabloon", sjabloon.pk).content.decode()
    assert "Beste J. Jansen, uw document verloopt op 1 mei 2027." in html


def _kennis_data(k):
    from contenthub.content.secties import SECTIE_VELDEN

    data = {veld: getattr(k, veld) for veld in SECTIE_VELDEN}
    data.update(
        titel=k.titel,
        upn_uri=k.upn_uri,
        upn_label=k.upn_label,
        doelgroep=k.doelgroep,
        taal="nl",
        levensgebeurtenissen=[],
        trefwoorden="product",
        desk_memo=k.desk_memo,
        eigenaar="",
        herzieningsdatum="",
        datum_wijziging="",
        go_live_at="",
        expire_at="",
    )
    return data
