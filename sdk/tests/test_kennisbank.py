"""``hub.kennisbank`` and ``hub.chatbot`` against a live hub (the demo content, the embedded kennisbank)."""

from __future__ import annotations

from uuid import UUID

import pytest
from conftest import Hub
from contenthub_sdk import AsyncContentHub, BadRequestError, ChatbotAntwoord, ContentHub, KennisbankUitslag, PermissionDeniedError


def test_kennisbank_zoeken_typed(intern_client: ContentHub, hub: Hub) -> None:
    uitslag = intern_client.kennisbank.zoek(hub.gemeente, "rijbewijs", limit=5)
    assert isinstance(uitslag, KennisbankUitslag)
    assert uitslag.results and len(uitslag.results) <= 5 and not uitslag.zonder_antwoord
    eerste = uitslag.results[0]
    assert isinstance(eerste.uuid, UUID) and eerste.soort in ("kennisartikel", "vac") and "rijbewijs" in eerste.titel.lower()
    assert 0 <= eerste.zekerheid <= 1 and "soort" in uitslag.facetten
    alleen_vacs = intern_client.kennisbank.zoek(hub.gemeente, "rijbewijs", soort="vac")
    assert {t.soort for t in alleen_vacs.results} <= {"vac"}
    onzin = intern_client.kennisbank.zoek(hub.gemeente, "qqqq xyzzy")
    assert onzin.zonder_antwoord, "only nearest in meaning: the hub says it found no answer"


def test_kennisbank_suggesties(intern_client: ContentHub, hub: Hub) -> None:
    titels = intern_client.kennisbank.suggesties(hub.gemeente, "rijb")
    assert titels and all(isinstance(t, str) for t in titels)


def test_kennisbank_alleen_met_een_kennisbanksleutel(client: ContentHub, hub: Hub) -> None:
    with pytest.raises(PermissionDeniedError):
        client.kennisbank.zoek(hub.gemeente, "rijbewijs")


def test_chatbot_antwoord_of_overdracht(hub: Hub) -> None:
    with ContentHub(api_key=hub.chatbot_key, base_url=hub.base_url) as bot:
        onzin = bot.chatbot.antwoord(hub.gemeente, "qqqq xyzzy")
        assert isinstance(onzin, ChatbotAntwoord) and onzin.overdracht is not None
        assert onzin.overdracht.vraag == "qqqq xyzzy" and onzin.overdracht.contact.naam
        antwoord = bot.chatbot.antwoord(hub.gemeente, "rijbewijs verlengen")
        getoond = [a.uuid for a in ([antwoord.antwoord] if antwoord.antwoord else []) + antwoord.alternatieven]
        assert getoond, "the demo content has the rijbewijs"
        verder = bot.chatbot.antwoord(hub.gemeente, "rijbewijs verlengen", getoond=getoond)
        volgende = [a.uuid for a in ([verder.antwoord] if verder.antwoord else []) + verder.alternatieven]
        assert not set(volgende) & set(getoond), "answers shown already do not come back"
        with pytest.raises(BadRequestError) as fout:
            bot.chatbot.antwoord(hub.gemeente, "")
        assert fout.value.problem is not None and [f.veld for f in fout.value.problem.fouten] == ["vraag"]


async def test_async_kennisbank_en_chatbot(hub: Hub) -> None:
    async with AsyncContentHub(api_key=hub.intern_key, base_url=hub.base_url) as kcc:
        uitslag = await kcc.kennisbank.zoek(hub.gemeente, "rijbewijs")
        assert uitslag.results and await kcc.kennisbank.suggesties(hub.gemeente, "rijb")
    async with AsyncContentHub(api_key=hub.chatbot_key, base_url=hub.base_url) as bot:
        antwoord = await bot.chatbot.antwoord(hub.gemeente, "qqqq xyzzy")
        assert antwoord.overdracht is not None
