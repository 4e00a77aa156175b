"""Test double of a Mastodon server, standard library only.

No Mastodon server (Rails, PostgreSQL, Redis, Sidekiq) can run on our machines, so the real Mastodon.py client
is tested against this double instead. It follows the documented Mastodon REST API contract
(docs.joinmastodon.org): methods/statuses (post, get, edit, delete), methods/instance (v1 and v2),
methods/accounts (verify_credentials, an account's statuses with max_id/since_id/min_id and a Link header),
api/rate-limits (X-RateLimit-* headers, 429) and the Idempotency-Key behaviour of POST /api/v1/statuses
(a repeated key of the same account within the window returns the status it created before).

Known simplifications: length counts code points (Mastodon counts grapheme clusters, so this double is
stricter for combined emoji) plus the spoiler text, every http(s) URL counts ``--tekens-per-url``, and
remote mentions are not shortened; content HTML links URLs plainly; there is no media, polls or following.

Under ``/_dubbel/`` (no auth) tests inspect state and inject faults: ``GET statussen``, ``POST storing``
(``{"status": 503, "aantal": 2}``, ``{"verlies_antwoord": 1}``, ``{"limiet": 0, "limiet_reset_seconden": 2}``),
``POST vergeet_idempotentie`` and ``POST reset``.

Usage: python tests/dubbels/mastodon.py --poort 8123 [--max-tekens 500] [--tekens-per-url 23] [--token T ...]
       [--idempotentie-seconden 3600] [--limiet 300] [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\"'.,;:!?)\]]")
ZICHTBAARHEDEN = ("public", "unlisted", "private", "direct")
VERLIES = object()  # answer marker: the request was processed, the connection is closed without a response


def _iso(seconden: float) -> str:
    t = dt.datetime.fromtimestamp(seconden, dt.UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _waar(waarde) -> bool:
    return waarde is True or str(waarde).lower() in ("1", "true", "on")


def _getal(waarde) -> int | None:
    try:
        return int(waarde)
    except (TypeError, ValueError):
        return None


def _html(tekst: str) -> str:
    """Mastodon's plain-text formatting: paragraphs on blank lines, <br /> for newlines, URLs as links."""

    def regel(r: str) -> str:
        delen, begin = [], 0
        for m in URL.finditer(r):
            u = html.escape(m.group())
            delen += [html.escape(r[begin : m.start()]), f'<a href="{u}" rel="nofollow noopener" target="_blank">{u}</a>']
            begin = m.end()
        return "".join([*delen, html.escape(r[begin:])])

    alineas = re.split(r"\n\s*\n", tekst.replace("\r\n", "\n").strip())
    return "".join("<p>" + "<br />".join(regel(r) for r in a.split("\n")) + "</p>" for a in alineas)


class Dubbel:
    """The server's state and the API contract; every call of ``behandel`` runs under one lock."""

    def __init__(self, max_tekens=500, tekens_per_url=23, tokens=None, idempotentie_seconden=3600, limiet=300,
                 limiet_reset_seconden=300, verbose=False):  # fmt: skip
        self.max_tekens, self.tekens_per_url, self.limiet = max_tekens, tekens_per_url, limiet
        self.idempotentie_seconden, self.venster, self.verbose = idempotentie_seconden, limiet_reset_seconden, verbose
        self.tokens = list(tokens or [])
        self.slot = threading.Lock()
        self.accounts: dict[str, dict] = {}  # token -> account; kept over a reset so account ids stay stable
        for token in self.tokens:
            self._account(token)
        self.laatste_id = 0  # never reset: status ids stay strictly increasing for the life of the process
        self.seq = 0
        self.reset()

    def reset(self) -> None:
        self.statussen: dict[int, dict] = {}
        self.sleutels: dict[tuple[str, str], tuple[int, float]] = {}  # (account id, key) -> (status id, expiry)
        self.vensters: dict[str, list] = {}  # account id -> [window start, requests used]
        self.storing = {"status": 0, "aantal": 0}
        self.verlies = 0

    def _account(self, token: str) -> dict | None:
        if not token or (self.tokens and token not in self.tokens):
            return None
        if token not in self.accounts:
            n = len(self.accounts) + 1
            self.accounts[token] = {"id": str(n), "n": n, "gemaakt": time.time()}
        return self.accounts[token]

    def _account_json(self, acc: dict, host: str, bron: bool = False) -> dict:
        naam = f"gemeente{acc['n']}"
        aantal = sum(1 for s in self.statussen.values() if s["account_id"] == acc["id"] and not s["deleted"])
        dag = dt.datetime.fromtimestamp(acc["gemaakt"], dt.UTC).strftime("%Y-%m-%dT00:00:00.000Z")
        plaatje = f"http://{host}/avatars/original/missing.png"
        data = {"id": acc["id"], "username": naam, "acct": naam, "display_name": f"Gemeente {acc['n']}", "locked": False,
                "bot": False, "discoverable": True, "group": False, "created_at": dag, "note": "",
                "url": f"http://{host}/@{naam}", "avatar": plaatje, "avatar_static": plaatje, "header": plaatje,
                "header_static": plaatje, "followers_count": 0, "following_count": 0, "statuses_count": aantal,
                "last_status_at": None, "emojis": [], "fields": []}  # fmt: skip
        if bron:
            data["source"] = {"privacy": "public", "sensitive": False, "language": "nl", "note": "", "fields": [],
                              "follow_requests_count": 0}  # fmt: skip
        return data

    def _status_json(self, st: dict, host: str) -> dict:
        acc = next(a for a in self.accounts.values() if a["id"] == st["account_id"])
        naam, sid = f"gemeente{acc['n']}", str(st["id"])
        return {"id": sid, "uri": f"http://{host}/users/{naam}/statuses/{sid}", "url": f"http://{host}/@{naam}/{sid}",
                "created_at": st["created_at"], "edited_at": st["edited_at"], "account": self._account_json(acc, host),
                "content": _html(st["text"]), "visibility": st["visibility"], "sensitive": st["sensitive"],
                "spoiler_text": st["spoiler_text"], "language": st["language"], "media_attachments": [], "mentions": [],
                "tags": [], "emojis": [], "reblogs_count": 0, "favourites_count": 0, "replies_count": 0, "reblog": None,
                "poll": None, "card": None, "application": None, "in_reply_to_id": None, "in_reply_to_account_id": None,
                "favourited": False, "reblogged": False, "muted": False, "bookmarked": False, "pinned": False,
                "text": st["text"]}  # fmt: skip

    def _instance(self, versie: int, host: str) -> dict:
        statussen = {"max_characters": self.max_tekens, "max_media_attachments": 4,
                     "characters_reserved_per_url": self.tekens_per_url}  # fmt: skip
        gemeen = {"title": "Mastodon-dubbel", "version": "4.3.0", "languages": ["nl"], "rules": []}
        if versie == 1:
            return {**gemeen, "uri": host, "short_description": "", "description": "", "email": "",
                    "urls": {"streaming_api": f"ws://{host}"}, "stats": {"user_count": len(self.accounts)},
                    "thumbnail": None, "registrations": False, "approval_required": False, "invites_enabled": False,
                    "configuration": {"statuses": statussen}, "contact_account": None}  # fmt: skip
        return {**gemeen, "domain": host, "source_url": "https://github.com/mastodon/mastodon", "description": "",
                "usage": {"users": {"active_month": len(self.accounts)}}, "thumbnail": {"url": f"http://{host}/t.png"},
                "configuration": {"urls": {"streaming": f"ws://{host}"}, "statuses": statussen},
                "registrations": {"enabled": False, "approval_required": False, "message": None},
                "contact": {"email": "", "account": None}}  # fmt: skip

    def _tel(self, acc: dict) -> tuple[bool, dict]:
        """Count one request in the account's rate-limit window; (allowed, X-RateLimit-* headers)."""
        nu = time.time()
        v = self.vensters.get(acc["id"])
        if v is None or nu >= v[0] + self.venster:
            v = self.vensters[acc["id"]] = [nu, 0]
        toegestaan = v[1] < self.limiet
        v[1] += toegestaan
        einde = dt.datetime.fromtimestamp(v[0] + self.venster, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        rest = str(max(0, self.limiet - v[1]))
        return toegestaan, {"X-RateLimit-Limit": str(self.limiet), "X-RateLimit-Remaining": rest, "X-RateLimit-Reset": einde}

    def _fout_in_tekst(self, tekst: str, spoiler: str) -> str | None:
        if not tekst.strip():
            return "Validation failed: Text can't be blank"
        if len(URL.sub("x" * self.tekens_per_url, tekst)) + len(spoiler) > self.max_tekens:
            return f"Validation failed: Text character limit of {self.max_tekens} exceeded"
        return None

    def _nieuw_id(self) -> tuple[int, int]:
        self.seq = (self.seq + 1) % 65536
        ms = int(time.time() * 1000)
        self.laatste_id = max((ms << 16) | self.seq, self.laatste_id + 1)
        return self.laatste_id, ms

    def behandel(self, methode: str, pad: str, p: dict, kop, host: str):
        """(code, body, headers) for one request, or VERLIES. ``p`` holds query and body parameters."""
        with self.slot:
            if pad.startswith("/_dubbel/"):
                return self._controle(methode, pad.removeprefix("/_dubbel/"), p)
            if pad.startswith("/api/v1/statuses") and methode in ("POST", "PUT", "DELETE") and self.storing["aantal"]:
                self.storing["aantal"] -= 1
                return self.storing["status"], {"error": HTTPStatus(self.storing["status"]).phrase}, {}
            if methode == "GET" and pad in ("/api/v1/instance", "/api/v2/instance"):
                return 200, self._instance(int(pad[6]), host), {}
            acc, extra, auth = None, {}, kop.get("Authorization")
            if auth is not None:
                acc = self._account(auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else "")
                if acc is None:
                    return 401, {"error": "The access token is invalid"}, {}
                toegestaan, extra = self._tel(acc)
                if not toegestaan:
                    return 429, {"error": "Too many requests"}, extra
            code, data, meer = self._api(methode, pad, p, kop, host, acc)
            return VERLIES if data is VERLIES else (code, data, {**extra, **meer})

    def _api(self, methode, pad, p, kop, host, acc):
        ongeldig = (401, {"error": "The access token is invalid"}, {})
        niet_gevonden = (404, {"error": "Record not found"}, {})
        if pad == "/api/v1/accounts/verify_credentials" and methode == "GET":
            return (200, self._account_json(acc, host, bron=True), {}) if acc else ongeldig
        if pad == "/api/v1/statuses" and methode == "POST":
            return self._plaats(p, kop, host, acc) if acc else ongeldig
        if m := re.fullmatch(r"/api/v1/statuses/(\d+)", pad):
            st = self.statussen.get(int(m.group(1)))
            eigen = st is not None and acc is not None and st["account_id"] == acc["id"]
            if st is None or st["deleted"] or (not eigen and (methode != "GET" or st["visibility"] in ("private", "direct"))):
                return niet_gevonden if acc or methode == "GET" else ongeldig
            if methode == "GET":
                return 200, self._status_json(st, host), {}
            if methode == "DELETE":
                st["deleted"] = True
                return 200, self._status_json(st, host), {}
            if methode == "PUT":
                tekst, spoiler = str(p.get("status", "")), str(p.get("spoiler_text", st["spoiler_text"]))
                if fout := self._fout_in_tekst(tekst, spoiler):
                    return 422, {"error": fout}, {}
                st.update(text=tekst, spoiler_text=spoiler, language=p.get("language") or st["language"])
                if "sensitive" in p or "spoiler_text" in p:
                    st["sensitive"] = _waar(p.get("sensitive")) or bool(spoiler)
                st["edited_at"] = _iso(time.time())
                st["edits"].append(tekst)
                return 200, self._status_json(st, host), {}
        if (m := re.fullmatch(r"/api/v1/accounts/(\d+)/statuses", pad)) and methode == "GET":
            return self._tijdlijn(m.group(1), p, host, acc)
        return 404, {"error": "Not Found"}, {}

    def _plaats(self, p, kop, host, acc):
        sleutel = kop.get("Idempotency-Key")
        if sleutel and (eerder := self.sleutels.get((acc["id"], sleutel))) and eerder[1] > time.time():
            if not (st := self.statussen[eerder[0]])["deleted"]:
                return 200, self._status_json(st, host), {}
        tekst, spoiler = str(p.get("status", "")), str(p.get("spoiler_text") or "")
        zichtbaarheid = p.get("visibility") or "public"
        if zichtbaarheid not in ZICHTBAARHEDEN:
            return 422, {"error": "Validation failed: Visibility is not included in the list"}, {}
        if fout := self._fout_in_tekst(tekst, spoiler):
            return 422, {"error": fout}, {}
        sid, ms = self._nieuw_id()
        st = self.statussen[sid] = {"id": sid, "account_id": acc["id"], "text": tekst, "spoiler_text": spoiler,
                                    "sensitive": _waar(p.get("sensitive")) or bool(spoiler), "visibility": zichtbaarheid,
                                    "language": p.get("language") or "nl", "created_at": _iso(ms / 1000),
                                    "edited_at": None, "deleted": False, "edits": [], "idempotency_key": sleutel}  # fmt: skip
        if sleutel:
            self.sleutels[(acc["id"], sleutel)] = (sid, time.time() + self.idempotentie_seconden)
        if self.verlies:
            self.verlies -= 1
            return 200, VERLIES, {}
        return 200, self._status_json(st, host), {}

    def _tijdlijn(self, account_id, p, host, acc):
        if not any(a["id"] == account_id for a in self.accounts.values()):
            return 404, {"error": "Record not found"}, {}
        eigen = acc is not None and acc["id"] == account_id
        lijst = sorted(i for i, s in self.statussen.items() if s["account_id"] == account_id and not s["deleted"]
                       and (eigen or s["visibility"] in ("public", "unlisted")))  # fmt: skip
        limiet = min(max(_getal(p.get("limit")) or 20, 1), 40)
        max_id, since_id, min_id = (_getal(p.get(k)) for k in ("max_id", "since_id", "min_id"))
        lijst = [i for i in lijst if (max_id is None or i < max_id) and (since_id is None or i > since_id)]
        if min_id is not None:
            ids = [i for i in lijst if i > min_id][:limiet][::-1]  # just above min_id, still newest first
        else:
            ids = lijst[::-1][:limiet]
        extra = {}
        if ids:
            basis = f"http://{host}/api/v1/accounts/{account_id}/statuses?" + (f"limit={p['limit']}&" if "limit" in p else "")
            extra["Link"] = f'<{basis}max_id={ids[-1]}>; rel="next", <{basis}min_id={ids[0]}>; rel="prev"'
        return 200, [self._status_json(self.statussen[i], host) for i in ids], extra

    def _controle(self, methode, wat, p):
        if methode == "GET" and wat == "statussen":
            velden = ("account_id", "text", "spoiler_text", "visibility", "language", "sensitive", "created_at",
                      "edited_at", "deleted", "edits", "idempotency_key")  # fmt: skip
            return 200, [{"id": str(i), **{k: s[k] for k in velden}} for i, s in sorted(self.statussen.items())], {}
        if methode != "POST":
            return 404, {"error": "Not Found"}, {}
        if wat == "storing":
            if "status" in p:
                self.storing = {"status": int(p["status"]), "aantal": int(p.get("aantal", 1))}
            self.verlies = int(p.get("verlies_antwoord", self.verlies))
            if "limiet_reset_seconden" in p:
                self.venster = float(p["limiet_reset_seconden"])
            if "limiet" in p:  # every known account has this many requests left in a window starting now
                for acc in self.accounts.values():
                    self.vensters[acc["id"]] = [time.time(), max(0, self.limiet - int(p["limiet"]))]
        elif wat == "vergeet_idempotentie":
            self.sleutels.clear()
        elif wat == "reset":
            self.reset()
        else:
            return 404, {"error": "Not Found"}, {}
        return 200, {"ok": True}, {}


class Handler(BaseHTTPRequestHandler):
    server_version = "MastodonDubbel/1.0"

    def _behandel(self) -> None:
        dubbel: Dubbel = self.server.dubbel
        url = urlsplit(self.path)
        pad = url.path.rstrip("/") or "/"  # Rails routes ignore a trailing slash; Mastodon.py sends /api/v2/instance/
        ruw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        soort = self.headers.get("Content-Type", "")
        try:
            if ruw and "json" in soort:
                body = json.loads(ruw)
                params.update(body if isinstance(body, dict) else {})
            elif ruw and "x-www-form-urlencoded" in soort:
                params.update({k: v[-1] for k, v in parse_qs(ruw.decode(), keep_blank_values=True).items()})
        except ValueError:
            return self._stuur(400, {"error": "Unparseable request body"}, {})
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        antwoord = dubbel.behandel(self.command, pad, params, self.headers, host)
        if antwoord is VERLIES:
            self.close_connection = True  # processed, but the client never hears about it
            return None
        return self._stuur(*antwoord)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _behandel

    def _stuur(self, code: int, data, extra: dict) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(code)
        for naam, waarde in extra.items():
            self.send_header(naam, waarde)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        if self.server.dubbel.verbose:
            super().log_message(format, *args)


def start(poort: int = 0, **opties) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serve on 127.0.0.1:poort (0: any free port) in a daemon thread; stop with server.shutdown()."""
    server = ThreadingHTTPServer(("127.0.0.1", poort), Handler)
    server.dubbel = Dubbel(**opties)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="mastodon-dubbel", daemon=True)
    thread.start()
    return server, thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--poort", type=int, required=True, help="0: any free port (the line printed names it)")
    parser.add_argument("--max-tekens", type=int, default=500)
    parser.add_argument("--tekens-per-url", type=int, default=23)
    parser.add_argument("--token", action="append", default=[], help="valid access token (repeatable); none: any")
    parser.add_argument("--idempotentie-seconden", type=float, default=3600)
    parser.add_argument("--limiet", type=int, default=300, help="requests per account per 300 s window")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    server, thread = start(args.poort, max_tekens=args.max_tekens, tekens_per_url=args.tekens_per_url,
                           tokens=args.token, idempotentie_seconden=args.idempotentie_seconden, limiet=args.limiet,
                           verbose=args.verbose)  # fmt: skip
    print(f"klaar op http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        thread.join()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
