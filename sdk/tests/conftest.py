"""A live hub for the SDK tests: migrated, loaded with the demo content, served by gunicorn on a free port.

The SDK tests never import the hub; they start it as a separate process from the hub's own virtualenv
(``CONTENTHUB_HUB_BIN`` overrides where its ``contenthub`` and ``python`` live) and talk HTTP to it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from contenthub_sdk import AsyncContentHub, ContentHub

HUB_ROOT = Path(__file__).resolve().parents[2]
HUB_BIN = Path(os.environ.get("CONTENTHUB_HUB_BIN", str(HUB_ROOT / ".venv" / "bin")))

# The demo content (contenthub/demo): two gemeenten.
GEMEENTE = "voorbeeldstad"
ANDERE_GEMEENTE = "duinwijk"


@dataclass(frozen=True)
class Hub:
    base_url: str
    website_key: str
    """kanaal website, gemeenten voorbeeldstad and duinwijk."""
    intern_key: str
    """kanaal kennisbank, intern, gemeente voorbeeldstad."""
    persoonlijk_key: str
    """kanaal mijngemeente, persoonlijk substantieel, gemeente voorbeeldstad."""
    log: Path
    chatbot_key: str = ""
    """kanaal chatbot, gemeente voorbeeldstad."""
    gemeente: str = GEMEENTE
    andere_gemeente: str = ANDERE_GEMEENTE


_VERLOPEN: list[str] = []


def verlopen_cursor() -> str:
    """A sync cursor as the hub issued it long ago (1970), so older than its change log. Cursors are signed, so
    the hub itself mints it (``contenthub shell``) when the session starts; the SDK never imports the hub."""
    return _VERLOPEN[0]


def _munt_verlopen_cursor(env: dict[str, str], cwd: Path) -> str:
    code = 'from contenthub.api.v1 import _sync_cursor; print(_sync_cursor({"tot": 1, "t": 1, "soort": None}))'
    return _run([str(HUB_BIN / "contenthub"), "shell", "-c", code], env, cwd).strip().splitlines()[-1]


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hub_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTENTHUB_", "PYTEST_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "contenthub.conf.dev",
            "DATABASE_URL": f"sqlite:///{tmp / 'hub.sqlite3'}",
            "INLOGBLOKKADE": "false",
            "PUBLIEKE_URL": "http://testserver.example",
            "REDIS_URL": "",
            "OPENSEARCH_URL": "",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} faalde ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def _sleutel(env: dict[str, str], cwd: Path, *args: str) -> str:
    uitvoer = _run([str(HUB_BIN / "contenthub"), "apikey", "create", *args], env, cwd)
    return uitvoer.split()[-1]  # the key is the last word of the output


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    tmp = tmp_path_factory.mktemp("hub")
    env = _hub_env(tmp)
    contenthub = str(HUB_BIN / "contenthub")
    _run([contenthub, "migrate", "--noinput"], env, tmp)
    _run([contenthub, "demo"], env, tmp)
    website = _sleutel(env, tmp, "--naam", "sdk", "--kanaal", "website", "--gemeente", GEMEENTE, "--gemeente", ANDERE_GEMEENTE)
    intern = _sleutel(env, tmp, "--naam", "sdk-kcc", "--kanaal", "kennisbank", "--gemeente", GEMEENTE, "--intern")
    persoonlijk = _sleutel(
        env, tmp, "--naam", "sdk-mijn", "--kanaal", "mijngemeente", "--gemeente", GEMEENTE, "--persoonlijk", "substantieel"
    )
    chatbot = _sleutel(env, tmp, "--naam", "sdk-bot", "--kanaal", "chatbot", "--gemeente", GEMEENTE)
    for key in (website, intern, persoonlijk, chatbot):
        assert key.startswith("ch_"), key
    _VERLOPEN[:] = [_munt_verlopen_cursor(env, tmp)]

    poort = _vrije_poort()
    log = tmp / "gunicorn.log"
    with log.open("wb") as uit:
        proces = subprocess.Popen(
            [str(HUB_BIN / "python"), "-m", "gunicorn", "contenthub.wsgi:application", "-b", f"127.0.0.1:{poort}", "-w", "2"],
            cwd=HUB_ROOT,
            env=env,
            stdout=uit,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{poort}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proces.poll() is not None:
                raise RuntimeError(f"gunicorn stopte ({proces.returncode}):\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"de hub antwoordde niet op /health:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Hub(base_url, website, intern, persoonlijk, log, chatbot)
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait(timeout=5)


@pytest.fixture
def client(hub: Hub) -> Iterator[ContentHub]:
    with ContentHub(api_key=hub.website_key, base_url=hub.base_url) as c:
        yield c


@pytest.fixture
def intern_client(hub: Hub) -> Iterator[ContentHub]:
    with ContentHub(api_key=hub.intern_key, base_url=hub.base_url) as c:
        yield c


@pytest.fixture
async def async_client(hub: Hub) -> AsyncIterator[AsyncContentHub]:
    async with AsyncContentHub(api_key=hub.website_key, base_url=hub.base_url) as c:
        yield c
