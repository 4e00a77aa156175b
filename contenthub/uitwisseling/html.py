"""HTML section texts from outside sources, turned into the Markdown the hub stores.

Real sources (the SDG-invoervoorziening, PDC systems) deliver section texts as HTML; the hub stores Markdown and
renders it with :func:`contenthub.core.markdown.markdown_naar_html` (python-markdown with ``sane_lists`` and
``tables``, then an nh3 allow-list). This module bridges the two so that an imported text renders back to the
same HTML: every word, amount, list (nested too), link and heading survives, and no plain character of the
source text picks up Markdown meaning on the way (a paragraph "1. januari" must not become a list).

The escaping targets python-markdown, not CommonMark: python-markdown only honours a backslash before
``\\`*_{}[]()>#+-.!`` (and ``|`` with the tables extension), so ``<``, ``&`` and ``=`` are escaped as
entities instead of with a backslash that would otherwise show up in the text.

No Django here: the module is used by the Django-free exchange shapes (``vormen``).
"""

from __future__ import annotations

import re

import nh3
from bs4 import Comment, NavigableString, Tag
from markdownify import ATX, SPACES, MarkdownConverter

from contenthub.core.markdown import TOEGESTANE_ATTRIBUTEN, TOEGESTANE_SCHEMAS, TOEGESTANE_TAGS

__all__ = ["html_naar_markdown", "is_html", "naar_markdown"]

# --- detection ----------------------------------------------------------------------------------------------

# Tag names that mark a text as HTML. A fixed list (not "anything between < and >") so that Markdown such as
# "a < b", "4 > 3" or the autolink "<https://voorbeeld.example>" is never mistaken for HTML.
HTML_TAGNAMEN = (
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "iframe",
    "img",
    "ins",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "script",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
)
# An opening, closing or self-closing tag with one of the names above: the name must end at whitespace, "/" or
# ">", so "<bx>" or "<b@voorbeeld.example>" (a Markdown mail autolink) do not count.
_HTML_TAG = re.compile(r"</?(?:" + "|".join(HTML_TAGNAMEN) + r")(?:\s[^<>]*)?/?>", re.IGNORECASE)


def is_html(tekst: str) -> bool:
    """Tell HTML from Markdown, so an importer knows whether a section text needs converting.

    Deliberately a regex on known tag names rather than a parser's guess: Markdown may contain "<" and ">" as
    plain characters or autolinks, and those must stay Markdown. The flip side: Markdown in which an editor
    typed a literal tag (say ``<br>``) counts as HTML.
    """
    return bool(tekst) and _HTML_TAG.search(tekst) is not None


# --- sanitising ---------------------------------------------------------------------------------------------

# The render allow-list, plus every heading level (so a source's <h1>/<h5> still becomes a Markdown heading)
# and the structural tags whose only job is separating blocks: stripping <div> or <dd> would glue the words
# on either side together ("Kosten</dt><dd>€ 10" → "Kosten€ 10"). markdownify turns these into paragraphs.
_INVOER_TAGS = TOEGESTANE_TAGS | {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "address",
    "figure",
    "figcaption",
    "caption",
    "tfoot",
    "dl",
    "dt",
    "dd",
    "q",
}
# Tags removed together with their content; everything else that is not allowed loses only its tags.
_WEG_MET_INHOUD = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}


def _ontsmet(html: str) -> str:
    """Reduce outside HTML to the tags the hub can render, before any conversion sees it.

    Event handlers, ``style``, ``javascript:`` links and script/style contents go; what remains is what
    ``markdown_naar_html`` would let through anyway, so the conversion never has to reason about unsafe input.
    """
    return nh3.clean(
        html,
        tags=_INVOER_TAGS,
        clean_content_tags=_WEG_MET_INHOUD,
        attributes=TOEGESTANE_ATTRIBUTEN,
        url_schemes=TOEGESTANE_SCHEMAS,
        link_rel=None,
    )


# --- conversion ---------------------------------------------------------------------------------------------

# Characters that python-markdown would read as markup anywhere on a line.
_OVERAL_SPECIAAL = re.compile(r"[\\`*\[\]|]")
# "_" only emphasises at a word edge in python-markdown, so "btw_nummer" can stay as it is.
_LOS_LAAG_STREEPJE = re.compile(r"(?<!\w)_|_(?!\w)")
# "&lt;" or "&euro;" typed as text would be read as an entity; "&" alone is harmless.
_ENTITEIT = re.compile(r"&(?=#?\w+;)")
# "<" before a non-space starts raw HTML or an autolink; it cannot be backslash-escaped in python-markdown.
_HOEK_OPEN = re.compile(r"<(?=\S)")
# At the start of a line: headings (python-markdown needs no space after "#"), blockquotes, bullets and
# horizontal rules / setext underlines made of "-" or "+", and ordered-list numbers ("1. januari").
_REGELBEGIN_TEKEN = re.compile(r"^(\s*)(#|>|[-+](?=[\s-]|$))")
_REGELBEGIN_GETAL = re.compile(r"^(\s*\d+)\.(?=\s|$)")
# A line of only "=" under a previous line would be a setext heading; "=" cannot be backslash-escaped.
_REGELBEGIN_GELIJK = re.compile(r"^(\s*)=(?==*\s*$)")

_BLOK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "address",
    "figure",
    "figcaption",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "hr",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "[document]",
}
_INSPRINGING = " " * 4  # python-markdown nests list content at four spaces, not at the bullet's width


def _heeft_inhoud(knoop) -> bool:
    """Whether a sibling renders to something, so text after it does not start a Markdown line."""
    if isinstance(knoop, Comment):
        return False
    if isinstance(knoop, NavigableString):
        return knoop.strip() != ""
    if isinstance(knoop, Tag):
        return knoop.name == "img" or knoop.find("img") is not None or knoop.get_text().strip() != ""
    return False


def _op_regelbegin(knoop) -> bool:
    """Whether this text node's output starts a Markdown line (where "1." or "-" would mean a list).

    Walks back over empty siblings and up through inline parents: the text is at a line start when it is the
    first content of a block, or follows a block or a ``<br>``.
    """
    while knoop is not None:
        vorige = knoop.previous_sibling
        while vorige is not None and not _heeft_inhoud(vorige) and not (isinstance(vorige, Tag) and vorige.name == "br"):
            vorige = vorige.previous_sibling
        if vorige is not None:
            return isinstance(vorige, Tag) and vorige.name in _BLOK_TAGS
        ouder = knoop.parent
        if ouder is None or ouder.name in _BLOK_TAGS:
            return True
        knoop = ouder
    return True


def _volgende_blok(el):
    """The next sibling that renders something (skipping whitespace and comments)."""
    knoop = el.next_sibling
    while knoop is not None and not (isinstance(knoop, Tag) or (isinstance(knoop, NavigableString) and _heeft_inhoud(knoop))):
        knoop = knoop.next_sibling
    return knoop


def _href(href: str) -> str:
    """Make a link target safe inside ``[tekst](...)``: spaces, angle brackets and unbalanced parentheses
    would end or break the link in python-markdown, so they are percent-encoded (same address)."""
    href = href.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    if href.count("(") != href.count(")"):
        href = href.replace("(", "%28").replace(")", "%29")
    return href


# Inline tags that write the same Markdown delimiter; two of them back to back ("<em>a</em><em>b</em>") would
# give "*a**b*", which python-markdown reads as one emphasis around "a**b".
_NADRUK_SOORT = {"em": "*", "i": "*", "strong": "**", "b": "**"}


def _herstel_structuur(soep) -> None:
    """Repair two shapes that editors of source systems produce and python-markdown cannot express.

    A list directly inside a list (``<ul><li>a</li><ul>…</ul></ul>``, common WYSIWYG output) is moved into
    the item before it, where it means "sub-list of a"; adjacent emphasis of one kind is merged into one.
    """
    for binnen in soep.find_all(["ul", "ol"]):
        ouder = binnen.parent
        if not isinstance(ouder, Tag) or ouder.name not in ("ul", "ol"):
            continue
        vorige = binnen.find_previous_sibling()
        if isinstance(vorige, Tag) and vorige.name == "li":
            vorige.append(binnen.extract())
        else:
            binnen.wrap(soep.new_tag("li"))
    for tag in soep.find_all(list(_NADRUK_SOORT)):
        if tag.parent is None:
            continue  # already merged into its predecessor
        volgende = tag.next_sibling
        while isinstance(volgende, Tag) and _NADRUK_SOORT.get(volgende.name) == _NADRUK_SOORT[tag.name]:
            for kind in list(volgende.contents):
                tag.append(kind.extract())
            volgende.decompose()
            volgende = tag.next_sibling


class _NaarMarkdown(MarkdownConverter):
    """markdownify, tuned to produce the Markdown dialect python-markdown (with sane_lists) reads back."""

    def convert_soup(self, soup):
        _herstel_structuur(soup)
        return super().convert_soup(soup)

    def process_text(self, el, parent_tags=None):
        # Remember where this text lands, so escape() can protect line-start characters only where needed.
        self._regelbegin = _op_regelbegin(el)
        text = super().process_text(el, parent_tags=parent_tags)
        vorige = el.previous_sibling
        if isinstance(vorige, Tag) and vorige.name == "br" and "pre" not in (parent_tags or ()):
            text = text.lstrip(" ")  # the newline after <br> in the source is not an indent of the next line
        return text

    def escape(self, text, parent_tags):
        """Escape exactly what python-markdown would read as markup, so source text stays text."""
        if not text:
            return ""
        text = _OVERAL_SPECIAAL.sub(r"\\\g<0>", text)
        text = _LOS_LAAG_STREEPJE.sub(r"\\_", text)
        text = _ENTITEIT.sub("&amp;", text)
        text = _HOEK_OPEN.sub("&lt;", text)
        if getattr(self, "_regelbegin", True):
            text = _REGELBEGIN_TEKEN.sub(r"\1\\\2", text)
            text = _REGELBEGIN_GETAL.sub(r"\1\\.", text)
            text = _REGELBEGIN_GELIJK.sub(r"\1&#61;", text)
        return text

    def convert_a(self, el, text, parent_tags):
        # The title goes in double quotes; python-markdown has no escape for a quote inside, but reads &quot;.
        if "_noformat" in parent_tags:
            return text
        voor = " " if text.startswith(" ") else ""
        na = " " if text.endswith(" ") else ""
        text = text.strip()
        if not text:
            return ""
        href = el.get("href")
        if not href:
            return voor + text + na
        title = el.get("title")
        titel = ' "' + title.replace("&", "&amp;").replace('"', "&quot;") + '"' if title else ""
        return f"{voor}[{text}]({_href(href)}{titel}){na}"

    def convert_img(self, el, text, parent_tags):
        # Same care as for links: "]" in the alt text or a space in the address would end the image early.
        if "_inline" in parent_tags and el.parent.name not in self.options["keep_inline_images_in"]:
            return _OVERAL_SPECIAAL.sub(r"\\\g<0>", el.attrs.get("alt") or "")
        alt = _OVERAL_SPECIAAL.sub(r"\\\g<0>", el.attrs.get("alt") or "")
        title = el.attrs.get("title")
        titel = ' "' + title.replace("&", "&amp;").replace('"', "&quot;") + '"' if title else ""
        return f"![{alt}]({_href(el.attrs.get('src') or '')}{titel})"

    def convert_hN(self, n, el, text, parent_tags):
        # python-markdown drops trailing "#"s of an ATX heading as a closing sequence ("## C#" → "C").
        if "_inline" not in parent_tags:
            text = text.strip()
            if not text:
                return ""
            if text.endswith("#") and not text.endswith("\\#"):
                text = text[:-1] + "\\#"
        return super().convert_hN(n, el, text, parent_tags)

    def convert_list(self, el, text, parent_tags):
        # Two lists of the same kind with only a blank line between them are one (loose) list to
        # python-markdown; an HTML comment keeps them apart and is dropped again when rendering.
        if "li" in parent_tags:
            return "\n" + text.rstrip()
        volgende = _volgende_blok(el)
        scheiding = "<!-- -->\n\n" if isinstance(volgende, Tag) and volgende.name == el.name else ""
        return "\n\n" + text.rstrip() + "\n\n" + scheiding

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_li(self, el, text, parent_tags):
        # Continuation lines and nested lists are indented by four spaces (python-markdown ignores the two that
        # markdownify uses). An item holding paragraphs makes the list loose: items are then separated by a blank
        # line, which python-markdown needs anyway to see the next item after an item's second paragraph.
        text = (text or "").strip()
        if not text:
            return "\n"
        lijst = el.parent
        if lijst is not None and lijst.name == "ol":
            start = lijst.get("start")
            begin = int(start) if start and str(start).isdigit() else 1
            teken = f"{begin + len(el.find_previous_siblings('li'))}."
        else:
            teken = "-"
        regels = text.split("\n")
        text = "\n".join([f"{teken} {regels[0]}"] + [_INSPRINGING + regel if regel else "" for regel in regels[1:]])
        los = lijst is not None and any(
            isinstance(item, Tag) and item.name == "li" and item.find("p", recursive=False) is not None for item in lijst.children
        )
        return text + ("\n\n" if los or "\n\n" in text else "\n")

    def convert_pre(self, el, text, parent_tags):
        # python-markdown (without fenced_code) only knows indented code blocks, not ``` fences.
        text = text.strip("\n")
        if not text.strip():
            return ""
        return "\n\n" + "\n".join(_INSPRINGING + regel if regel else "" for regel in text.split("\n")) + "\n\n"

    def convert_blockquote(self, el, text, parent_tags):
        # Like lists, two adjacent blockquotes would merge into one.
        resultaat = super().convert_blockquote(el, text, parent_tags)
        volgende = _volgende_blok(el)
        if "_inline" not in parent_tags and isinstance(volgende, Tag) and volgende.name == "blockquote":
            resultaat += "<!-- -->\n\n"
        return resultaat

    # Definition lists have no python-markdown syntax without an extension: term and description become
    # paragraphs, so no word is lost or glued to the next.
    def convert_dt(self, el, text, parent_tags):
        return self.convert_p(el, text, parent_tags)

    convert_dd = convert_dt


_OPTIES = {
    "heading_style": ATX,
    "bullets": "-",
    "strong_em_symbol": "*",
    "newline_style": SPACES,  # python-markdown reads "  \n" as <br>, not a backslash
    "autolinks": False,  # always [tekst](href): python-markdown's <mailto:...> autolink obfuscates the address
    "wrap": True,  # with wrap_width None: newlines in text become spaces, no re-wrapping
    "wrap_width": None,
    "escape_misc": False,  # CommonMark escapes ("\&", "\=") that python-markdown would print literally
    "escape_asterisks": False,  # done in escape() above
    "escape_underscores": False,
    "table_infer_header": False,
}


def _normaliseer(markdown: str) -> str:
    """Tidy whitespace: no trailing spaces (except the two of a hard line break), at most one blank line."""
    regels = markdown.split("\n")
    uit = []
    for i, regel in enumerate(regels):
        kaal = regel.rstrip()
        volgende = regels[i + 1] if i + 1 < len(regels) else ""
        if kaal and regel.endswith("  ") and volgende.strip():
            kaal += "  "  # a <br>: python-markdown needs exactly these trailing spaces
        uit.append(kaal)
    tekst = re.sub(r"\n{3,}", "\n\n", "\n".join(uit))
    return tekst.lstrip("\n").rstrip()  # keep leading spaces: an opening code block is indented


def html_naar_markdown(html: str) -> str:
    """Convert a source's HTML section text to hub Markdown that renders back to the same HTML.

    Sanitised first (same allow-list as rendering, plus all heading levels and block wrappers), converted
    with markdownify tuned for python-markdown, then whitespace-normalised.
    """
    if not html:
        return ""
    return _normaliseer(_NaarMarkdown(**_OPTIES).convert(_ontsmet(html)))


def naar_markdown(tekst: str | None) -> str:
    """Whatever a source delivered, as Markdown: HTML is converted, Markdown (or plain text) left untouched."""
    if tekst is None:
        return ""
    return html_naar_markdown(tekst) if is_html(tekst) else tekst
