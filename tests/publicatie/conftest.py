"""The reference website and bot platform as real processes, and a hub configured to deliver to them."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from contenthub.publicatie.models import Aansluiting
from publishers.webhook import nieuw_geheim

ONTVANGER = Path(__file__).resolve().parents[2] / "examples" / "website" / "ontvanger.py"
CHATBOT = Path(__file__).resolve().parents[2] / "examples" / "chatbot" / "ontvanger.py"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Website:
    """Handle on the running reference website: its address, secret and what it serves."""

    def __init__(self, url: str, geheim: str):
        self.url, self.geheim = url, geheim
        self.http = httpx.Client(timeout=10)

    def status(self, gemeente: str, uuid) -> dict | None:
        r = self.http.get(f"{self.url}/_status/{gemeente}/{uuid}")
        return None if r.status_code == 404 else r.json()

    def pagina(self, gemeente: str, soort: str, uuid) -> httpx.Response:
        pad = "producten" if soort == "kennisartikel" else "vragen"
        return self.http.get(f"{self.url}/{gemeente}/{pad}/{uuid}")


class Chatbot(Website):
    """Handle on the running reference bot platform."""

    def bundel(self, gemeente: str) -> dict:
        return self.http.get(f"{self.url}/_bundel/{gemeente}").json()

    def bestand(self, gemeente: str, naam: str) -> str:
        r = self.http.get(f"{self.url}/{gemeente}/{naam}")
        r.raise_for_status()
        return r.text


def start_website(map_: Path, *extra: str, script: Path = ONTVANGER, soort=Website) -> tuple[subprocess.Popen, Website]:
    poort, geheim = vrije_poort(), nieuw_geheim()
    proces = subprocess.Popen(
        [sys.executable, str(script), "--poort", str(poort), "--opslag", str(map_), "--geheim", geheim, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{poort}"
    for _ in range(100):
        try:
            if httpx.get(f"{url}/health").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        proces.kill()
        pytest.fail(f"{script.parent.name}: de referentieontvanger start niet: {proces.stdout.read().decode()}")
    return proces, soort(url, geheim)


@pytest.fixture(scope="session")
def website_proces(tmp_path_factory):
    proces, website = start_website(tmp_path_factory.mktemp("website"))
    yield website
    proces.terminate()
    proces.wait(timeout=10)


@pytest.fixture
def website(db, website_proces):
    """A hub whose website channel delivers to the reference website for every gemeente."""
    Aansluiting.objects.create(kanaal="website", url=f"{website_proces.url}/{{gemeente}}/webhook", geheim=website_proces.geheim)
    return website_proces


@pytest.fixture(scope="session")
def chatbot_proces(tmp_path_factory):
    proces, chatbot = start_website(tmp_path_factory.mktemp("chatbot"), script=CHATBOT, soort=Chatbot)
    yield chatbot
    proces.terminate()
    proces.wait(timeout=10)


@pytest.fixture
def chatbot(db, chatbot_proces):
    """A hub whose chatbot channel delivers to the reference bot platform for every gemeente."""
    Aansluiting.objects.create(kanaal="chatbot", url=f"{chatbot_proces.url}/{{gemeente}}/webhook", geheim=chatbot_proces.geheim)
    return chatbot_proces


class Workers:
    """Real Celery worker processes on Redis with the test database; each in its own process group, so a test
    can SIGKILL a whole worker (main process and pool) the way a crashed container dies."""

    def __init__(self, map_: Path):
        import os

        from django.conf import settings
        from django.db import connection

        if not os.environ.get("REDIS_URL") or not settings.OPENSEARCH_URL:
            pytest.fail("REDIS_URL en OPENSEARCH_URL ontbreken: draai de tests met bin/test, dat Redis en OpenSearch start.")
        if connection.vendor != "postgresql":
            pytest.fail("Deze test heeft PostgreSQL nodig (een workerproces deelt de database niet met SQLite).")
        d = connection.settings_dict
        self.map = map_
        self.omgeving = {
            **os.environ,
            "DATABASE_URL": f"postgres://{d['USER']}@{d['HOST']}:{d['PORT']}/{d['NAME']}",
            "DJANGO_SETTINGS_MODULE": "contenthub.conf.test",
            "KENNISBANK_ALIAS": settings.KENNISBANK_ALIAS,
            "PUBLIEKE_URL": settings.PUBLIEKE_URL,
            "CONTENTHUB_TAKEN_VIA_BROKER": "1",
            "PUBLICATIE_BACKOFF_BASIS": "0.2",
            "PUBLICATIE_BACKOFF_MAX": "2",
        }
        self.processen: list[subprocess.Popen] = []
        self.teller = 0

    def start(self, **omgeving: str) -> Path:
        """A worker; with ``omgeving`` (e.g. its own REDIS_URL) readiness is read from its log, not by a ping."""
        import os

        from contenthub.celery import app

        self.teller += 1
        log = self.map / f"worker-{self.teller}.log"
        proces = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "contenthub",
                "worker",
                "-Q",
                "spoed,redactie,bulk",
                "--concurrency=2",
                "--loglevel=INFO",
                f"--logfile={log}",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{os.getpid()}-{self.teller}@%h",
            ],
            env=self.omgeving | omgeving,
            start_new_session=True,
        )
        self.processen.append(proces)
        if omgeving:
            for _ in range(300):
                if log.exists() and " ready." in log.read_text():
                    return log
                if proces.poll() is not None:
                    pytest.fail(f"Celery-worker stopte meteen: {log.read_text() if log.exists() else ''}")
                time.sleep(0.1)
            pytest.fail("Celery-worker werd niet binnen 30 s klaar")
        for _ in range(60):
            antwoorden = app.control.ping(timeout=0.5)
            if any(f"test-{os.getpid()}-{self.teller}@" in naam for a in antwoorden for naam in a):
                return log
            if proces.poll() is not None:
                pytest.fail(f"Celery-worker stopte meteen: {log.read_text() if log.exists() else ''}")
        pytest.fail("Celery-worker reageerde niet binnen 30 s")

    def beat(self, **omgeving: str) -> None:
        """celery beat as its own process (relay every few seconds, the sweep as configured)."""
        self.processen.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "contenthub",
                    "beat",
                    "--loglevel=INFO",
                    f"--schedule={self.map / 'beat-schedule'}",
                    f"--logfile={self.map / 'beat.log'}",
                ],
                env=self.omgeving | omgeving,
                start_new_session=True,
            )
        )

    def doodt_laatste(self) -> None:
        import os
        import signal

        proces = self.processen[-1]
        os.killpg(proces.pid, signal.SIGKILL)
        proces.wait(timeout=10)

    def stop(self) -> None:
        import os
        import signal

        for proces in self.processen:
            if proces.poll() is None:
                os.killpg(proces.pid, signal.SIGTERM)
        for proces in self.processen:
            try:
                proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proces.pid, signal.SIGKILL)


@pytest.fixture
def workers(tmp_path):
    from contenthub.celery import app

    beheer = Workers(tmp_path)
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield beheer
    finally:
        app.conf.task_always_eager = vorige
        beheer.stop()
