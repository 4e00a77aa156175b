"""Outages with real parts: Redis restarted (queued tasks lost), OpenSearch unreachable for 30 s.

After recovery every channel converges: nothing lost, nothing duplicated, nothing older served.
"""

import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.conf import settings

from contenthub.publicatie import signalen
from contenthub.publicatie.consistentie import controleer
from contenthub.publicatie.models import Aansluiting, Levering, Status
from publishers.registry import publisher
from tests.factories import GemeenteFactory, KennisartikelFactory, VraagAntwoordFactory, publiceer
from tests.publicatie.conftest import vrije_poort
from tests.publicatie.test_workers import wacht_tot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Redis:
    """A Redis of this test's own (Debian's redis-server), so it can be stopped and started again."""

    def __init__(self, map_):
        self.map, self.poort, self.proces = map_, vrije_poort(), None
        self.url = f"redis://127.0.0.1:{self.poort}/0"

    def start(self) -> None:
        redis = shutil.which("redis-server")
        if redis is None:
            pytest.fail("redis-server ontbreekt: draai de tests met bin/test, dat het installeert.")
        self.proces = subprocess.Popen(
            [redis, "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.map)],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.poort), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("redis-server start niet")

    def stop(self) -> None:
        if self.proces and self.proces.poll() is None:
            self.proces.kill()  # an abrupt stop: whatever was queued is gone
            self.proces.wait(timeout=10)


def test_redis_herstart_verliest_niets(workers, website_proces, tmp_path, monkeypatch):
    redis = Redis(tmp_path)
    redis.start()
    try:
        # Only beat and the worker talk to this Redis; the test process just writes content and watches.
        monkeypatch.setattr(signalen, "_na_commit", lambda: None)
        Aansluiting.objects.create(
            kanaal="website", url=f"{website_proces.url}/{{gemeente}}/webhook", geheim=website_proces.geheim
        )
        publisher("kennisbank").zorg_voor_index()
        gemeenten = [GemeenteFactory() for _ in range(2)]
        omgeving = {"REDIS_URL": redis.url, "PUBLICATIE_SWEEP_SECONDEN": "8"}
        workers.start(**omgeving)
        workers.beat(**omgeving)
        eerste = publiceer(KennisartikelFactory(live=False, titel="Hondenbelasting"))
        wacht_tot(lambda: not list(controleer(gemeenten)), seconden=60, melding="eerste publicatie op elk kanaal")

        redis.stop()
        tweede = publiceer(VraagAntwoordFactory(gemeente=gemeenten[0], vraag="Moet ik mijn hond aanmelden?"))
        concept = eerste.get_latest_revision_as_object()
        concept.titel = "Hondenbelasting betalen"
        concept.save_revision().publish(skip_permission_checks=True)
        time.sleep(3)
        redis.start()  # empty: every task that was queued is lost
        bewaakt = {"worker": workers.processen[0], "beat": workers.processen[1]}

        def bewaakt_en_gelijk():
            # kombu 5.x has a race on broker loss (restore_unacked on a closed connection: "'NoneType' object has no
            # attribute 'hostname'") that can end the worker; production restarts it (restart: unless-stopped in
            # docker-compose.yml), so the test does what that supervisor does. Nothing may be lost either way.
            for naam, proces in bewaakt.items():
                if proces.poll() is not None:
                    workers.start(**omgeving) if naam == "worker" else workers.beat(**omgeving)
                    bewaakt[naam] = workers.processen[-1]
            return not list(controleer(gemeenten))

        wacht_tot(bewaakt_en_gelijk, seconden=90, melding="na de herstart weer gelijk aan de hub")
        assert website_proces.status(gemeenten[0].slug, tweede.pk)["fingerprint"]
        assert (
            publisher("kennisbank").document(gemeenten[1].slug, "kennisartikel", eerste.pk)["titel"] == "Hondenbelasting betalen"
        )
    finally:
        redis.stop()


class Proxy:
    """A TCP proxy in front of OpenSearch that can be switched off: the node is unreachable, then back."""

    def __init__(self, doel: str):
        host, poort = doel.removeprefix("http://").split("/")[0].split(":")
        self.doel = (host, int(poort))
        self.poort = vrije_poort()
        self.url = f"http://127.0.0.1:{self.poort}"
        self.aan = threading.Event()
        self.verbindingen: list[socket.socket] = []
        self.luisteraar = None

    def start(self) -> None:
        self.luisteraar = socket.create_server(("127.0.0.1", self.poort), reuse_port=False)
        self.luisteraar.settimeout(0.2)
        self.aan.set()
        threading.Thread(target=self._accepteer, args=(self.luisteraar,), daemon=True).start()

    def stop(self) -> None:
        self.aan.clear()
        self.luisteraar.close()
        for s in self.verbindingen:
            try:
                s.close()
            except OSError:
                pass
        self.verbindingen.clear()

    def _accepteer(self, luisteraar) -> None:
        while self.aan.is_set():
            try:
                klant, _ = luisteraar.accept()
            except (TimeoutError, OSError):
                continue
            server = socket.create_connection(self.doel)
            self.verbindingen += [klant, server]
            for a, b in ((klant, server), (server, klant)):
                threading.Thread(target=self._pomp, args=(a, b), daemon=True).start()

    @staticmethod
    def _pomp(van, naar) -> None:
        try:
            while data := van.recv(65536):
                naar.sendall(data)
        except OSError:
            pass
        finally:
            for s in (van, naar):
                try:
                    s.close()
                except OSError:
                    pass


def test_opensearch_30_seconden_weg(workers, website_proces):
    proxy = Proxy(settings.OPENSEARCH_URL)
    proxy.start()
    try:
        Aansluiting.objects.create(
            kanaal="website", url=f"{website_proces.url}/{{gemeente}}/webhook", geheim=website_proces.geheim
        )
        publisher("kennisbank").zorg_voor_index()
        gemeenten = [GemeenteFactory() for _ in range(2)]
        workers.start(OPENSEARCH_URL=proxy.url)
        proxy.stop()
        begin = time.monotonic()
        artikel = publiceer(KennisartikelFactory(live=False, titel="Evenementenvergunning"))
        # The website does not wait for the kennisbank: each channel has its own tasks.
        wacht_tot(
            lambda: Levering.objects.filter(kanaal="website", item_uuid=artikel.pk, status=Status.AFGELEVERD).count() == 2,
            melding="website afgeleverd tijdens de storing",
        )
        wacht_tot(
            lambda: Levering.objects.filter(kanaal="kennisbank", status=Status.MISLUKT).exists(), melding="kennisbank mislukt"
        )
        time.sleep(max(0.0, 30 - (time.monotonic() - begin)))
        proxy.start()
        wacht_tot(lambda: not list(controleer(gemeenten)), seconden=60, melding="kennisbank bijgewerkt na de storing")
        for g in gemeenten:
            rij = Levering.objects.get(kanaal="kennisbank", gemeente=g, item_uuid=artikel.pk)
            assert publisher("kennisbank").document(g.slug, "kennisartikel", artikel.pk)["volgnummer"] == rij.volgnummer
    finally:
        proxy.stop()
