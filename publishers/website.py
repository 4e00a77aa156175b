"""Website channel: the rendered page, pushed by signed webhook to the gemeente's website.

The page holds the composed sections as safe HTML and schema.org JSON-LD (``GovernmentService`` for a
product, ``FAQPage`` for a VAC), never the KCC-internal desk memo or toelichting. The website answers with
the fingerprint and volgnummer it now serves; only that echo counts as delivered.
"""

from __future__ import annotations

from typing import Any

from publishers.payload import Item, Product, Vac
from publishers.webhook import WebhookPublisher


def _json_ld_product(p: Product) -> dict[str, Any]:
    beschrijving = next((s.markdown for s in p.secties if s.sleutel == "tekst"), "")
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": p.titel,
        "url": p.url,
        "provider": {"@type": "GovernmentOrganization", "name": p.gemeente.naam},
        "areaServed": {"@type": "AdministrativeArea", "name": p.gemeente.naam.removeprefix("Gemeente ").strip()},
    }
    if p.upn_label:
        ld["serviceType"] = p.upn_label
    if p.upn_uri:
        ld["identifier"] = p.upn_uri
    if beschrijving:
        ld["description"] = beschrijving[:500]
    if p.doelgroep:
        ld["audience"] = {"@type": "Audience", "audienceType": "bedrijven" if p.doelgroep == "eu-bedrijf" else "inwoners"}
    return ld


def _json_ld_vac(v: Vac) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": v.url,
        "mainEntity": [
            {"@type": "Question", "name": v.vraag, "acceptedAnswer": {"@type": "Answer", "text": v.antwoord_html}},
        ],
    }


class WebsitePublisher(WebhookPublisher):
    kanaal = "website"
    onderwerp = "pagina"

    def inhoud(self, item: Item) -> dict[str, Any] | None:
        basis = {"soort": item.soort, "uuid": str(item.uuid), "gemeente": item.gemeente.slug, "taal": item.taal, "url": item.url}
        if isinstance(item, Product):
            return basis | {
                "titel": item.titel,
                "secties": [{"sleutel": s.sleutel, "titel": s.titel, "html": s.html} for s in item.secties],
                "locaties": [dict(loc) for loc in item.locaties],
                "aangewezenKanaal": item.aangewezen_kanaal,
                "trefwoorden": list(item.trefwoorden),
                "levensgebeurtenissen": list(item.levensgebeurtenissen),
                "upnUri": item.upn_uri,
                "jsonLd": _json_ld_product(item),
            }
        return basis | {
            "titel": item.vraag,
            "vraag": item.vraag,
            "antwoord": item.antwoord_html,
            "kortAntwoord": item.kort_antwoord,
            "jsonLd": _json_ld_vac(item),
        }
