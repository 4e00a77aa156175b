"""Chatbot channel: a versioned Rasa 3.x intents/answers bundle per gemeente.

Per item the hub delivers a *fragment* by signed webhook: one intent (training examples from a VAC's vraag
and alternatieve vragen, or a product's titel, UPN label and trefwoorden), its answer (kort antwoord and a
link to the website page) and a hand-off answer that names the aangewezen kanaal (the channel a formal
request must use, Wmebv) and the gemeente's KCC contact. The bot platform keeps the fragments per gemeente
and trains on the bundle they make together (:func:`bundel`). Its version (:func:`bundelversie`) is a
fingerprint over the (item, fingerprint) pairs, so the hub, which serves the same bundle for download from
its ledger, and the platform agree on a version without comparing files.

Every fragment is validated before it leaves, and every bundle before it is served, against Rasa's own
pykwalify schemas (vendored unchanged from the rasa 3.6.21 wheel in ``rasa_schemas/``): a fragment Rasa
would refuse is a dead letter at once, not a bot that stops training. Never carries intern fields.
"""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from publishers.base import GEEN_STAND, Bestemming, Bevestiging, BlijvendeFout, Stand
from publishers.payload import Item, Product, fingerprint
from publishers.tekst import eerste_alinea, inkorten, platte_tekst
from publishers.webhook import WebhookPublisher

RASA_VERSIE = "3.1"  # the training data format version Rasa 3.x reads
SCHEMAS = Path(__file__).with_name("rasa_schemas")
MAX_ANTWOORD = 320  # characters of answer text before the link: a chat bubble, not a page

_witruimte = re.compile(r"\s+")


def intent_naam(soort: str, uuid: Any) -> str:
    return f"{'vac' if soort == 'vac' else 'product'}_{uuid}"


def voorbeeld(tekst: str) -> str:
    """One training example: one line, and no square brackets (Rasa reads ``[tekst](entiteit)`` as an entity)."""
    return _witruimte.sub(" ", tekst.replace("[", "").replace("]", "")).strip()


def _uniek(teksten: Iterable[str]) -> list[str]:
    gezien, uit = set(), []
    for t in teksten:
        t = voorbeeld(t)
        if t and t.casefold() not in gezien:
            gezien.add(t.casefold())
            uit.append(t)
    return uit


def contactwegen(g) -> str:
    """ "Bel … of mail naar …", with only the ways the gemeente has (``g``: anything with naam, telefoon and email);
    "" when it has neither."""
    tekst = " of ".join(w for w in [f"bel {g.telefoon}" if g.telefoon else "", f"mail naar {g.email}" if g.email else ""] if w)
    return f"{tekst[:1].upper()}{tekst[1:]}." if tekst else ""  # not capitalize(): it lowercases the address


def _contact(item: Item) -> str:
    g = item.gemeente
    wegen = contactwegen(g)
    if not wegen:
        return f"Wilt u iemand spreken? Neem contact op met {g.naam}."
    return f"Wilt u iemand van {g.naam} spreken? {wegen}"


def kort_antwoord(item: Item) -> str:
    """The short answer every conversational channel gives for this item (the chatbot, the KCC agent reading it
    out): a VAC's kort antwoord, or the first paragraph of its answer or of a product's text, as plain text."""
    if isinstance(item, Product):
        tekst = next((s.html for s in item.secties if s.sleutel == "tekst"), "")
        return inkorten(eerste_alinea(tekst), MAX_ANTWOORD) or item.titel
    return inkorten(item.kort_antwoord.strip() or platte_tekst(item.antwoord_html), MAX_ANTWOORD)


def fragment(item: Item) -> dict[str, Any]:
    """What the chatbot receives for one item: its intent, examples and answers (deterministic)."""
    naam = intent_naam(item.soort, item.uuid)
    antwoord = kort_antwoord(item)
    if isinstance(item, Product):
        voorbeelden = _uniek([item.titel, item.upn_label, *item.trefwoorden])
        overdracht = (
            f"Aanvragen of indienen doet u via: {item.aangewezen_kanaal}. " if item.aangewezen_kanaal else ""
        ) + _contact(item)
        titel = item.titel
    else:
        voorbeelden = _uniek([item.vraag, *item.alternatieve_vragen])
        overdracht = _contact(item)
        titel = item.vraag
    return {
        "soort": item.soort,
        "uuid": str(item.uuid),
        "gemeente": item.gemeente.slug,
        "taal": item.taal,
        "url": item.url,
        "titel": titel,
        "intent": naam,
        "voorbeelden": voorbeelden,
        "antwoorden": {
            f"utter_{naam}": [{"text": f"{antwoord}\n\nMeer informatie: {item.url}"}],
            f"utter_{naam}_overdracht": [{"text": overdracht}],
        },
    }


# --- the bundle ---------------------------------------------------------------------------------------


def bundelversie(paren: Iterable[tuple[str, str]]) -> str:
    """Version of a gemeente's bundle: a fingerprint over its sorted (``soort:uuid``, fingerprint) pairs."""
    return fingerprint(sorted([sleutel, fp] for sleutel, fp in paren))


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, tekst: str):
    # Rasa's own files write examples as a literal block (``examples: |``); so do we, readable in review.
    return dumper.represent_scalar("tag:yaml.org,2002:str", tekst, style="|" if "\n" in tekst else None)


_Dumper.add_representer(str, _str)


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def bundel_data(fragmenten: Iterable[dict]) -> tuple[dict, dict]:
    """nlu and domain data of a bundle. Sorted by intent, so the same fragments always give the same files.

    An example that two intents share would teach the bot a contradiction (Rasa warns about exactly that):
    the first intent in order keeps it; an intent left without examples still keeps its answers."""
    fragmenten = sorted(fragmenten, key=lambda f: f["intent"])
    gezien: set[str] = set()
    nlu, intents, antwoorden = [], [], {}
    for f in fragmenten:
        eigen = [v for v in f["voorbeelden"] if v.casefold() not in gezien]
        gezien.update(v.casefold() for v in eigen)
        if eigen:
            nlu.append({"intent": f["intent"], "examples": "".join(f"- {v}\n" for v in eigen)})
            intents.append(f["intent"])
        antwoorden.update(f["antwoorden"])
    domain = {
        "version": RASA_VERSIE,
        "intents": intents,
        "responses": antwoorden,
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    }
    return {"version": RASA_VERSIE, "nlu": nlu}, domain


def bundel(fragmenten: Iterable[dict]) -> dict[str, str]:
    """The files a Rasa project trains on: ``data/nlu.yml`` and ``domain.yml``, validated."""
    nlu, domain = bundel_data(fragmenten)
    valideer(nlu, domain)
    return {"data/nlu.yml": _dump(nlu), "domain.yml": _dump(domain)}


# --- validation against Rasa's schemas ------------------------------------------------------------------

_pykwalify_slot = threading.Lock()


class OngeldigeBundel(ValueError):
    """Rasa would refuse this training data; the message names the path of the first problem."""


@lru_cache(maxsize=1)
def _schemas() -> tuple[dict[str, dict], list]:
    """Rasa's schemas and extension, read once per process (reading them costs ~25 ms, validating ~1 ms)."""
    import importlib.util

    antwoorden = yaml.safe_load((SCHEMAS / "responses.yml").read_text())
    schemas = {naam: yaml.safe_load((SCHEMAS / naam).read_text()) | antwoorden for naam in ("nlu.yml", "domain.yml")}
    spec = importlib.util.spec_from_file_location("rasa_pykwalify_extensions", SCHEMAS / "pykwalify_extensions.py")
    uitbreiding = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(uitbreiding)
    logging.getLogger("pykwalify").setLevel(logging.CRITICAL)  # it logs every problem itself; we raise one message
    return schemas, [uitbreiding]


def valideer(nlu: dict, domain: dict) -> None:
    """Validate as Rasa does on load (pykwalify with Rasa's schemas and extension); raise :class:`OngeldigeBundel`."""
    from pykwalify.core import Core
    from pykwalify.errors import SchemaError

    schemas, uitbreidingen = _schemas()
    for naam, data in (("nlu.yml", nlu), ("domain.yml", domain)):
        with _pykwalify_slot:  # pykwalify keeps partial schemas in module state: one validation at a time
            core = Core(source_data=data, schema_data=copy.deepcopy(schemas[naam]))
            core.loaded_extensions = uitbreidingen
            try:
                core.validate(raise_exception=True)
            except SchemaError as exc:
                raise OngeldigeBundel(f"{naam} voldoet niet aan Rasa's schema: {exc.msg}") from exc
    for naam in domain.get("responses", {}):
        if not naam.startswith("utter_"):
            raise OngeldigeBundel(f"domain.yml: antwoord '{naam}' moet met 'utter_' beginnen (Rasa-conventie)")
    onbekend = {i["intent"] for i in nlu.get("nlu", [])} - set(domain.get("intents", []))
    if onbekend:
        raise OngeldigeBundel(f"nlu.yml: intents ontbreken in domain.yml: {', '.join(sorted(onbekend))}")


_geldig: dict[str, bool] = {}


class ChatbotPublisher(WebhookPublisher):
    kanaal = "chatbot"
    onderwerp = "fragment"

    def inhoud(self, item: Item) -> dict[str, Any] | None:
        return fragment(item)

    def publiceer(
        self,
        item: Item,
        inhoud: dict[str, Any],
        fingerprint: str,
        volgnummer: int,
        bestemming: Bestemming,
        stand: Stand = GEEN_STAND,
    ) -> Bevestiging:
        if fingerprint not in _geldig:  # a national fan-out validates each distinct fragment once per process
            try:
                valideer(*bundel_data([inhoud]))
            except OngeldigeBundel as exc:
                raise BlijvendeFout(f"chatbotfragment {inhoud.get('intent')}: {exc}") from exc
            if len(_geldig) > 50_000:
                _geldig.clear()
            _geldig[fingerprint] = True
        return super().publiceer(item, inhoud, fingerprint, volgnummer, bestemming, stand)
