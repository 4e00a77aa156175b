"""The one Markdown renderer: it lives in the SDK (``contenthub_sdk.markdown``), so the hub and every channel that
uses the SDK render the same Markdown to the same safe HTML. The hub imports it from there."""

from functools import lru_cache

from contenthub_sdk.markdown import (
    TOEGESTANE_ATTRIBUTEN,
    TOEGESTANE_SCHEMAS,
    TOEGESTANE_TAGS,
    markdown_naar_html,
    markdown_naar_tekst,
)

__all__ = [
    "TOEGESTANE_ATTRIBUTEN",
    "TOEGESTANE_SCHEMAS",
    "TOEGESTANE_TAGS",
    "html_van",
    "markdown_naar_html",
    "markdown_naar_tekst",
]


@lru_cache(maxsize=16384)
def html_van(markdown: str) -> str:
    """:func:`markdown_naar_html` once per distinct text and process: channels, the API, the feed and the export
    render the same generiek sections for every gemeente and every request."""
    return markdown_naar_html(markdown)
