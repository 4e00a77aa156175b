"""The reference website as a real process, and a hub configured to deliver to it."""

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


@pytest.fixture(scope="session")
def website_proces(tmp_path_factory):
    poort, geheim = vrije_poort(), nieuw_geheim()
    map_ = tmp_path_factory.mktemp("website")
    proces = subprocess.Popen(
        [sys.executable, str(ONTVANGER), "--poort", str(poort), "--opslag", str(map_), "--geheim", geheim],
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
        pytest.fail(f"De referentiewebsite start niet: {proces.stdout.read().decode()}")
    yield Website(url, geheim)
    proces.terminate()
    proces.wait(timeout=10)


@pytest.fixture
def website(db, website_proces):
    """A hub whose website channel delivers to the reference website for every gemeente."""
    Aansluiting.objects.create(kanaal="website", url=f"{website_proces.url}/{{gemeente}}/webhook", geheim=website_proces.geheim)
    return website_proces
