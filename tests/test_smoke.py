"""Starts the README's run command (bin/run) on its embedded default and talks to it over HTTP."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PROJECT = Path(__file__).resolve().parent.parent


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.smoke
def test_run_commando_start_en_dient_health_en_admin(tmp_path):
    poort, website_poort = vrije_poort(), vrije_poort()
    omgeving = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "OPENSEARCH_URL")
        },
        "CONTENTHUB_ADDR": f"127.0.0.1:{poort}",
        "CONTENTHUB_WEBSITE_ADDR": f"127.0.0.1:{website_poort}",
        "CONTENTHUB_VENV": sys.prefix,  # the environment bin/test already built
        "DATABASE_URL": f"sqlite:///{tmp_path / 'smoke.sqlite3'}",
    }
    log = (tmp_path / "run.log").open("w")
    proces = subprocess.Popen(
        ["bash", str(PROJECT / "bin" / "run")],
        cwd=PROJECT,
        env=omgeving,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    basis = f"http://127.0.0.1:{poort}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if proces.poll() is not None:
                pytest.fail(f"bin/run stopte met code {proces.returncode}:\n{(tmp_path / 'run.log').read_text()[-3000:]}")
            try:
                health = httpx.get(f"{basis}/health", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(f"bin/run antwoordde niet binnen 240 s:\n{(tmp_path / 'run.log').read_text()[-3000:]}")
                time.sleep(1)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        login = httpx.get(f"{basis}/admin/login/", timeout=10)
        assert login.status_code == 200 and 'name="username"' in login.text
        # The demo admin printed by bin/run can log in and sees the demo content.
        with httpx.Client(base_url=basis, timeout=10, follow_redirects=True) as client:
            pagina = client.get("/admin/login/")
            token = client.cookies["csrftoken"]
            antwoord = client.post(
                "/admin/login/",
                data={"username": "admin", "password": "contenthub-demo", "csrfmiddlewaretoken": token, "next": "/admin/"},
                headers={"Referer": f"{basis}/admin/login/"},
            )
            assert antwoord.status_code == 200 and "/admin/logout/" in antwoord.text, pagina.text[:500]
            lijst = client.get("/admin/snippets/content/kennisartikel/")
            assert "Verhuizing doorgeven" in lijst.text
        # The embedded pipeline delivered the demo content: to the reference website and the database kennisbank.
        website = httpx.get(f"http://127.0.0.1:{website_poort}/voorbeeldstad/", timeout=10)
        assert website.status_code == 200 and "Verhuizing doorgeven" in website.text
        with sqlite3.connect(tmp_path / "smoke.sqlite3") as db:
            assert db.execute("SELECT count(*) FROM kennisbank_kennisbankdocument WHERE inhoud IS NOT NULL").fetchone()[0] > 0
        uitvoer = (tmp_path / "run.log").read_text()
        assert "wachtwoord 'contenthub-demo'" in uitvoer and f"http://127.0.0.1:{poort}" in uitvoer
    finally:
        os.killpg(proces.pid, signal.SIGTERM)
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
        log.close()
