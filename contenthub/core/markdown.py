"""The one Markdown renderer: it lives in the SDK (``contenthub_sdk.markdown``), so the hub and every channel that
uses the SDK render the same Markdown to the same safe HTML. The hub imports it from there."""

from contenthub_sdk.markdown import (
    TOEGESTANE_ATTRIBUTEN,
    TOEGESTANE_SCHEMAS,
    TOEGESTANE_TAGS,
    markdown_naar_html,
    markdown_naar_tekst,
)

__all__ = ["TOEGESTANE_ATTRIBUTEN", "TOEGESTANE_SCHEMAS", "TOEGESTANE_TAGS", "markdown_naar_html", "markdown_naar_tekst"]
