"""Filling a persoonlijk sjabloon at the channel, in the same budgeted sandbox the hub uses (one implementation)."""

from __future__ import annotations

import pytest
from conftest import Hub
from contenthub_sdk import ContentHub, SjabloonFout, SjabloonTeZwaar
from contenthub_sdk.sjablonen import vul_sjabloon


def test_sjabloon_van_de_hub_vullen_met_gegevens_van_de_inwoner(hub: Hub) -> None:
    with ContentHub(api_key=hub.persoonlijk_key, base_url=hub.base_url) as c:
        sjablonen = c.sjablonen.list()
    assert sjablonen, "de demo heeft persoonlijke sjablonen"
    sjabloon = sjablonen[0]
    html = sjabloon.vul(sjabloon.record.voorbeeld_data)
    assert html.startswith("<") and "{{" not in html and "{%" not in html
    with pytest.raises(SjabloonFout, match="Slot zonder waarde"):
        sjabloon.vul({})  # a missing slot is an error, never a partial text


def test_waarden_van_de_inwoner_worden_geen_opmaak() -> None:
    html = vul_sjabloon("Beste {{ naam }},", {"naam": "[klik hier](https://kwaad.example) <script>x</script>"})
    assert "<a" not in html and "<script" not in html and "kwaad.example" in html


def test_te_zwaar_sjabloon_wordt_geweigerd() -> None:
    with pytest.raises(SjabloonTeZwaar):
        vul_sjabloon("{% for a in range(1000) %}{% for b in range(1000) %}x{% endfor %}{% endfor %}", {})
    with pytest.raises(SjabloonTeZwaar):
        vul_sjabloon("{{ 'x' * 100000 }}", {})
