"""Reference receiving website for the hub's website channel (a real process in the integration tests).

What a gemeente's website does with the hub's webhooks, in about 200 lines of standard library plus the
``standardwebhooks`` package:

- verifies every request (Standard Webhooks: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``,
  HMAC-SHA256 with the shared ``whsec_`` secret; timestamps more than five minutes off are refused);
- refuses a replay: a ``webhook-id`` it has seen before is answered 409 and changes nothing;
- recomputes the fingerprint of the page it received and refuses a payload that does not match it;
- keeps the highest ``volgnummer`` per page: an older delivery arriving late never overwrites a newer one;
- stores pages in SQLite and serves them as HTML with their JSON-LD (``GET /<gemeente>/producten/<uuid>``,
  ``/<gemeente>/vragen/<uuid>``); a withdrawn page answers 410 Gone;
- acknowledges with the fingerprint and volgnummer it now serves (``GET /_status/<gemeente>/<uuid>`` too).

Usage: python ontvanger.py --poort 8081 --opslag /tmp/website --geheim whsec_…
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SCHEMA = """
CREATE TABLE IF NOT EXISTS pagina (
    gemeente TEXT NOT NULL, uuid TEXT NOT NULL, soort TEXT NOT NULL, volgnummer INTEGER NOT NULL,
    fingerprint TEXT, inhoud TEXT, ingetrokken INTEGER NOT NULL DEFAULT 0, ontvangen_op TEXT NOT NULL,
    PRIMARY KEY (gemeente, uuid)
);
CREATE TABLE IF NOT EXISTS bericht (id TEXT PRIMARY KEY, ontvangen_op TEXT NOT NULL);
"""


def fingerprint(inhoud: dict) -> str:
    """The hub's payload fingerprint: versioned sha256 over canonical JSON (sorted keys, no spaces)."""
    canoniek = json.dumps(inhoud, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "v1:sha256:" + hashlib.sha256(canoniek.encode("utf-8")).hexdigest()


class Opslag:
    """Items per gemeente in SQLite; ``onderwerp`` names the messages (``pagina.gepubliceerd`` …)."""

    onderwerp = "pagina"
    bestand = "website.sqlite3"

    def __init__(self, map_: Path):
        map_.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(map_ / self.bestand, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")  # durable at commit, without a full fsync of the database file
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.slot = threading.Lock()

    def verwerk(self, bericht_id: str, soort: str, data: dict) -> tuple[int, dict]:
        with self.slot:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("SELECT 1 FROM bericht WHERE id = ?", (bericht_id,)).fetchone():
                    self.db.execute("ROLLBACK")
                    return 409, {"fout": "dit bericht is al ontvangen (herhaling geweigerd)"}
                self.db.execute("INSERT INTO bericht VALUES (?, datetime('now'))", (bericht_id,))
                status, antwoord = self._toepassen(soort, data)
                self.db.execute("COMMIT" if status < 400 else "ROLLBACK")
                return status, antwoord
            except Exception:
                self.db.execute("ROLLBACK")
                raise

    def _toepassen(self, soort: str, data: dict) -> tuple[int, dict]:
        gemeente, uuid, volgnummer = data["gemeente"], data["uuid"], int(data["volgnummer"])
        huidig = self.db.execute(
            "SELECT volgnummer, fingerprint FROM pagina WHERE gemeente = ? AND uuid = ?", (gemeente, uuid)
        ).fetchone()
        if huidig and huidig[0] >= volgnummer:
            # Older than what we serve: keep ours and say what that is.
            return 200, {"volgnummer": huidig[0], "fingerprint": huidig[1], "genegeerd": True}
        if soort == f"{self.onderwerp}.gepubliceerd":
            inhoud = {k: v for k, v in data.items() if k not in ("fingerprint", "volgnummer")}
            if fingerprint(inhoud) != data["fingerprint"]:
                return 422, {"fout": "fingerprint klopt niet met de inhoud"}
            self.db.execute(
                "INSERT OR REPLACE INTO pagina VALUES (?, ?, ?, ?, ?, ?, 0, datetime('now'))",
                (gemeente, uuid, data["soort"], volgnummer, data["fingerprint"], json.dumps(inhoud, ensure_ascii=False)),
            )
            return 200, {"volgnummer": volgnummer, "fingerprint": data["fingerprint"]}
        if soort == f"{self.onderwerp}.ingetrokken":
            self.db.execute(
                "INSERT OR REPLACE INTO pagina VALUES (?, ?, ?, ?, NULL, NULL, 1, datetime('now'))",
                (gemeente, uuid, data["soort"], volgnummer),
            )
            return 200, {"volgnummer": volgnummer, "fingerprint": None}
        return 400, {"fout": f"onbekend berichttype {soort!r}"}

    def lijst(self, gemeente: str):
        return self.db.execute(
            "SELECT soort, uuid, inhoud FROM pagina WHERE gemeente = ? AND ingetrokken = 0 ORDER BY soort, uuid", (gemeente,)
        ).fetchall()

    def pagina(self, gemeente: str, uuid: str):
        return self.db.execute(
            "SELECT soort, volgnummer, fingerprint, inhoud, ingetrokken FROM pagina WHERE gemeente = ? AND uuid = ?",
            (gemeente, uuid),
        ).fetchone()


def _html(inhoud: dict) -> str:
    delen = [f"<h1>{html.escape(inhoud['titel'])}</h1>"]
    if inhoud["soort"] == "vac":
        delen.append(f"<section>{inhoud['antwoord']}</section>")
    for sectie in inhoud.get("secties", []):
        delen.append(
            f'<section id="{html.escape(sectie["sleutel"])}"><h2>{html.escape(sectie["titel"])}</h2>{sectie["html"]}</section>'
        )
    ld = json.dumps(inhoud["jsonLd"], ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(inhoud["titel"])}</title>'
        f'<script type="application/ld+json">{ld}</script></head><body>{"".join(delen)}</body></html>'
    )


def website_routes(handler, opslag: Opslag, delen: list[str]) -> bool:
    """The pages a gemeente's website serves: an index per gemeente and one page per item."""
    if len(delen) == 1 and delen[0]:
        regels = []
        for soort, uuid, inhoud in opslag.lijst(delen[0]):
            pad = "producten" if soort == "kennisartikel" else "vragen"
            titel = html.escape(json.loads(inhoud)["titel"])
            regels.append(f'<li><a href="/{delen[0]}/{pad}/{uuid}">{titel}</a></li>')
        kop = f'<!doctype html><html lang="nl"><meta charset="utf-8"><h1>{html.escape(delen[0])}</h1>'
        handler._antwoord(200, f"{kop}<ul>{''.join(regels)}</ul></html>", "text/html")
        return True
    if len(delen) == 3 and delen[1] in ("producten", "vragen"):
        rij = opslag.pagina(delen[0], delen[2])
        if rij is None:
            handler._antwoord(404, "<h1>Niet gevonden</h1>", "text/html")
        elif rij[4]:
            handler._antwoord(410, "<h1>Deze pagina is niet meer beschikbaar</h1>", "text/html")
        else:
            handler._antwoord(200, _html(json.loads(rij[3])), "text/html")
        return True
    return False


def maak_handler(opslag: Opslag, webhook: Webhook, vertraging: float = 0.0, routes=website_routes):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the hub reuses its connections
        disable_nagle_algorithm = True  # headers and body leave at once, no 40 ms wait for a delayed ACK

        def log_message(self, *args):  # quiet; the tests read the responses
            pass

        def _antwoord(self, status: int, body: str | dict, soort: str = "application/json") -> None:
            data = (json.dumps(body, ensure_ascii=False) if isinstance(body, dict) else body).encode()
            self.send_response(status)
            self.send_header("content-type", f"{soort}; charset=utf-8")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            delen = self.path.strip("/").split("/")
            if len(delen) != 2 or delen[1] != "webhook":
                return self._antwoord(404, {"fout": "onbekend pad"})
            ruw = self.rfile.read(int(self.headers.get("content-length", "0")))
            if vertraging:
                time.sleep(vertraging)  # a slow website (tests: a worker killed in the middle of a delivery)
            try:
                bericht = webhook.verify(ruw, dict(self.headers.items()))
            except WebhookVerificationError as exc:
                return self._antwoord(401, {"fout": f"handtekening ongeldig: {exc}"})
            data = bericht.get("data") or {}
            if data.get("gemeente") != delen[0]:
                return self._antwoord(400, {"fout": "bericht is voor een andere gemeente"})
            status, antwoord = opslag.verwerk(self.headers["webhook-id"], bericht.get("type", ""), data)
            return self._antwoord(status, antwoord)

        def do_GET(self):
            delen = self.path.strip("/").split("/")
            if delen == ["health"]:
                return self._antwoord(200, {"status": "ok"})
            if len(delen) == 3 and delen[0] == "_status":
                rij = opslag.pagina(delen[1], delen[2])
                if rij is None:
                    return self._antwoord(404, {"fout": "onbekend"})
                return self._antwoord(
                    200, {"soort": rij[0], "volgnummer": rij[1], "fingerprint": rij[2], "ingetrokken": bool(rij[4])}
                )
            if len(delen) == 3 and delen[0] == "_inhoud":  # what is stored, as received (for checks and tests)
                rij = opslag.pagina(delen[1], delen[2])
                if rij is None or rij[4]:
                    return self._antwoord(404, {"fout": "niet (meer) aanwezig"})
                return self._antwoord(200, rij[3], "application/json")
            if routes(self, opslag, delen):
                return None
            return self._antwoord(404, {"fout": "onbekend pad"})

    return Handler


def main(opslag_soort=Opslag, routes=website_routes, naam: str = "Referentiewebsite", beschrijving: str = "") -> None:
    parser = argparse.ArgumentParser(description=beschrijving or __doc__.splitlines()[0])
    parser.add_argument("--poort", type=int, required=True)
    parser.add_argument("--opslag", type=Path, required=True)
    parser.add_argument("--geheim", required=True, help="Standard Webhooks-geheim (whsec_…), gelijk aan dat in de hub.")
    parser.add_argument("--vertraging", type=float, default=0.0, help="Seconden wachten per ontvangen bericht (voor tests).")
    parser.add_argument("--ouder", type=int, help="Stop zodra dit proces (bijv. de hub van bin/run) niet meer bestaat.")
    args = parser.parse_args()
    server = ThreadingHTTPServer(
        ("127.0.0.1", args.poort), maak_handler(opslag_soort(args.opslag), Webhook(args.geheim), args.vertraging, routes)
    )
    if args.ouder:

        def waak():
            while True:
                time.sleep(1)
                try:
                    os.kill(args.ouder, 0)
                except OSError:
                    server.shutdown()
                    return

        threading.Thread(target=waak, daemon=True).start()
    print(f"{naam} luistert op http://127.0.0.1:{args.poort}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
