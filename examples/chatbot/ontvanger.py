"""Reference bot platform for the hub's chatbot channel (a real process in the integration tests).

What a gemeente's Rasa deployment does with the hub's webhooks. It shares the website receiver's handling
(``examples/website/ontvanger.py``: Standard Webhooks verification, replay refusal, fingerprint check,
highest volgnummer wins, SQLite) and adds what a bot needs:

- it keeps one fragment (intent, examples, answers) per item and gemeente, and acknowledges each message
  with the fingerprint, the volgnummer and the **bundelversie** it now holds for that gemeente;
- it serves the bundle it would train on, built with the hub's own assembler (``publishers.chatbot``) and
  validated against Rasa's schemas: ``GET /<gemeente>/nlu.yml``, ``/<gemeente>/domain.yml`` and
  ``/_bundel/<gemeente>`` (version and number of fragments). A real platform would start ``rasa train``
  when the version changes.

Usage: python ontvanger.py --poort 8082 --opslag /tmp/chatbot --geheim whsec_…
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))  # the hub's bundle assembler (publishers.chatbot) is plain Python, no Django

from publishers.chatbot import bundel, bundelversie  # noqa: E402

_spec = importlib.util.spec_from_file_location("website_ontvanger", PROJECT / "examples" / "website" / "ontvanger.py")
basis = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(basis)


class ChatbotOpslag(basis.Opslag):
    onderwerp = "fragment"
    bestand = "chatbot.sqlite3"

    def _toepassen(self, soort: str, data: dict) -> tuple[int, dict]:
        status, antwoord = super()._toepassen(soort, data)
        if status < 400:
            antwoord["bundelversie"] = self.versie(data["gemeente"])
        return status, antwoord

    def versie(self, gemeente: str) -> str:
        rijen = self.db.execute(
            "SELECT soort, uuid, fingerprint FROM pagina WHERE gemeente = ? AND ingetrokken = 0", (gemeente,)
        ).fetchall()
        return bundelversie((f"{soort}:{uuid}", fp) for soort, uuid, fp in rijen)

    def fragmenten(self, gemeente: str) -> list[dict]:
        return [json.loads(inhoud) for _, _, inhoud in self.lijst(gemeente)]


def chatbot_routes(handler, opslag: ChatbotOpslag, delen: list[str]) -> bool:
    if len(delen) == 2 and delen[0] == "_bundel":
        handler._antwoord(200, {"bundelversie": opslag.versie(delen[1]), "fragmenten": len(opslag.lijst(delen[1]))})
        return True
    if len(delen) == 2 and delen[1] in ("nlu.yml", "domain.yml"):
        bestanden = bundel(opslag.fragmenten(delen[0]))
        handler._antwoord(200, bestanden["data/nlu.yml" if delen[1] == "nlu.yml" else "domain.yml"], "application/yaml")
        return True
    return False


if __name__ == "__main__":
    basis.main(ChatbotOpslag, chatbot_routes, naam="Referentiechatbot", beschrijving=__doc__.splitlines()[0])
