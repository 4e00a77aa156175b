"""The one Markdown renderer the hub and every channel use: python-markdown, then an nh3 allow-list.

Editors write Markdown; whatever HTML or scheme they (or an import) slip in, only the tags,
attributes and URL schemes below survive, so no channel can be handed script or event handlers.
"""

import markdown as md  # type: ignore[import-untyped]
import nh3

TOEGESTANE_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "abbr",
}
TOEGESTANE_ATTRIBUTEN = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"scope"},
}
TOEGESTANE_SCHEMAS = {"http", "https", "mailto", "tel"}


def markdown_naar_html(tekst: str | None, *, tags: set[str] = TOEGESTANE_TAGS) -> str:
    """Render editor Markdown to HTML that is safe to place in any channel."""
    if not tekst:
        return ""
    html: str = md.markdown(tekst, extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(
        html,
        tags=tags,
        attributes=TOEGESTANE_ATTRIBUTEN,
        url_schemes=TOEGESTANE_SCHEMAS,
        link_rel="noopener noreferrer",
    )


def markdown_naar_tekst(tekst: str | None) -> str:
    """Plain text (no markup at all), for readability checks, SMS, social and search."""
    html = markdown_naar_html(tekst)
    return nh3.clean(html, tags=set()).replace("&amp;", "&").strip()
