"""Persoonlijk templates cannot exhaust a worker: each payload is refused within a second and 50 MB,
also when rendered in another thread (a worker's pool), and the editor gets a Dutch error."""

import threading
import time
import tracemalloc

import pytest

from contenthub.content.sjablonen import SjabloonFout, SjabloonTeZwaar, vul_sjabloon
from tests.factories import SjabloonFactory

AANVALLEN = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(1000) %}{% for j in range(1000) %}{{ '' }}{% endfor %}{% endfor %}",
    "{{ 'a'|center(1000000000) }}",
    "{{ 'a'.center(1000000000) }}",
    "{{ ('a' * 1000)|replace('a', 'aaaaaaaaaa')|replace('a', 'aaaaaaaaaa')|replace('a', 'aaaaaaaaaa') }}",
    "{{ 'x'|replace('', 'y' * 1000)|replace('', 'y' * 1000) }}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
    "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(60) }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ '{:>1000000000}'.format(1) }}",
    "{{ '%1000000000s' % 1 }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 2 ** 100000000 }}",
    "{% for c in persoon.naam * 1000 %}{% for d in persoon.naam * 1000 %}{% endfor %}{% endfor %}",
    "{{ range(1000)|list|join(persoon.naam * 1000) }}",
]


def _meet(tekst: str) -> tuple[float, int, Exception | None]:
    tracemalloc.start()
    begin = time.monotonic()
    fout = None
    try:
        vul_sjabloon(tekst, {"persoon": {"naam": "Jansen"}})
    except SjabloonFout as exc:
        fout = exc
    duur = time.monotonic() - begin
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return duur, piek, fout


@pytest.mark.parametrize("tekst", AANVALLEN)
def test_aanval_wordt_snel_en_zuinig_geweigerd(tekst):
    duur, piek, fout = _meet(tekst)
    assert isinstance(fout, SjabloonFout), f"niet geweigerd: {tekst}"
    assert duur < 1.0 and piek < 50 * 1024 * 1024, (duur, piek)
    assert str(fout)[0].isupper() and ("sjabloon" in str(fout).lower() or "tekst" in str(fout).lower())


def test_ook_in_een_andere_thread_begrensd():
    uitkomsten = []
    threads = [threading.Thread(target=lambda t=t: uitkomsten.append(_meet(t))) for t in AANVALLEN[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert len(uitkomsten) == 2 and all(isinstance(fout, SjabloonTeZwaar) and duur < 1.0 for duur, _, fout in uitkomsten)


def test_gewoon_sjabloon_werkt_nog():
    html = vul_sjabloon(
        "Beste {{ persoon.naam|title }},\n\n{% for d in documenten %}- {{ d.soort }} tot {{ d.datum }}\n{% endfor %}",
        {"persoon": {"naam": "jansen"}, "documenten": [{"soort": "paspoort", "datum": "1 mei 2027"}] * 3},
    )
    assert html.count("<li>") == 3 and "Jansen" in html


@pytest.mark.django_db
def test_de_editor_krijgt_een_nederlandse_fout():
    from django.core.exceptions import ValidationError

    sjabloon = SjabloonFactory.build(sjabloon=AANVALLEN[0], voorbeelddata={})
    with pytest.raises(ValidationError) as exc:
        sjabloon.full_clean()
    assert "te groot" in " ".join(exc.value.message_dict["sjabloon"])
