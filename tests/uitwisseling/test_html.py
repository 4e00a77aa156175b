"""HTML from outside sources becomes hub Markdown that renders back to the same HTML.

No database: these tests only exercise the Django-free conversion module.
"""

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contenthub.core.markdown import markdown_naar_html
from contenthub.uitwisseling.html import html_naar_markdown, is_html, naar_markdown

_BLOK = re.compile(r"\s*(</?(?:p|ul|ol|li|h[1-6]|blockquote|pre|table|thead|tbody|tr|th|td|hr)\b[^>]*>)\s*")


def _normaal(html: str) -> str:
    """HTML modulo whitespace: runs of whitespace as one space, none around block tags.

    A space between two inline tags ("</em> <strong>") is kept: it is a word boundary.
    """
    return _BLOK.sub(r"\1", re.sub(r"\s+", " ", html)).strip()


# --- detection ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "<p>Een paspoort aanvragen.</p>",
        "Eerste regel<br>tweede regel",
        "regel<BR/>regel",
        "regel<br />regel",
        "<ul><li>een</li></ul>",
        "<ol><li>een</li></ol>",
        '<a href="https://www.dijkstad.nl">website</a>',
        "Let <strong>op</strong>",
        "Let <em>op</em>",
        "Let <b>op</b>",
        "Let <i>op</i>",
        *(f"<h{n}>Kop</h{n}>" for n in range(1, 7)),
        "<table><tr><th>Product</th><td>€ 84,70</td></tr></table>",
        '<div class="sdg">tekst</div>',
        "<span>tekst</span>",
        "<blockquote>citaat</blockquote>",
        "<code>BSN</code>",
        "<pre>code</pre>",
        "boven<hr>onder",
        '<img src="https://voorbeeld.example/a.png" alt="kaart">',
        '<abbr title="Burgerservicenummer">BSN</abbr>',
        "m<sup>2</sup> en H<sub>2</sub>O",
        "alleen een sluittag</P>",
        "<P CLASS='intro'>Hoofdletters</P>",
    ],
)
def test_html_wordt_herkend(tekst):
    assert is_html(tekst)


@pytest.mark.parametrize(
    "tekst",
    [
        "",
        "a < b",
        "4 > 3",
        "als a < b en b > c",
        "<https://autolink.example>",
        "<jan@voorbeeld.example>",
        "<b@voorbeeld.example>",
        "€ 84,70",
        "Het kost € 1.234,56 (inclusief btw).",
        "**Vet** en *schuin* en [een link](https://voorbeeld.example/pad)",
        "- een\n- twee\n    1. genest",
        "## Kop\n\n> citaat",
        "Druk op <Enter> of <bx>",
    ],
)
def test_markdown_wordt_niet_als_html_gezien(tekst):
    assert not is_html(tekst)


# --- conversion ---------------------------------------------------------------------------------------------

SDG_SECTIE = """
<h3>Wat moet ik doen?</h3>
<p>U vraagt een <strong>paspoort</strong> aan bij de gemeente waar u woont.
Maak eerst een afspraak via <a href="https://www.dijkstad.nl/afspraak?type=paspoort">de website</a>.</p>
<ul>
  <li>Neem mee:
    <ol>
      <li>uw oude paspoort of identiteitskaart;</li>
      <li>een pasfoto die niet ouder is dan 6 maanden.</li>
    </ol>
  </li>
  <li>Kosten: <strong>€ 84,70</strong> voor volwassenen, samen € 1.234,56 voor een groep.</li>
</ul>
<p>Na 5 werkdagen kunt u het document ophalen.</p>
"""


def test_sdg_sectie_behoudt_woorden_bedragen_en_links():
    md = html_naar_markdown(SDG_SECTIE)
    assert md.startswith("### Wat moet ik doen?")
    assert "[de website](https://www.dijkstad.nl/afspraak?type=paspoort)" in md
    assert "**€ 84,70**" in md and "€ 1.234,56" in md
    assert "- Neem mee:\n    1. uw oude paspoort of identiteitskaart;\n    2. een pasfoto" in md
    html = markdown_naar_html(md)
    for woord in re.findall(r"[\w€.,;:?]+", re.sub(r"<[^>]+>", " ", SDG_SECTIE)):
        assert woord in html, woord
    assert '<a href="https://www.dijkstad.nl/afspraak?type=paspoort" rel="noopener noreferrer">de website</a>' in html
    assert re.search(r"<li>Neem mee:\s*<ol>\s*<li>uw oude paspoort", html)
    assert "<h3>Wat moet ik doen?</h3>" in html
    assert "<strong>€ 84,70</strong>" in html


def test_script_style_en_eventhandlers_verdwijnen():
    md = html_naar_markdown(
        '<p onclick="alert(1)">Tekst<script>alert(1)</script><style>p{color:red}</style></p>'
        '<a href="javascript:alert(1)" onmouseover="x()">klik</a>'
    )
    assert md == "Tekst\n\nklik"
    for verboden in ("alert", "script", "onclick", "onmouseover", "javascript", "color"):
        assert verboden not in md


@pytest.mark.parametrize(
    "tekst",
    [
        "1. januari",
        "2024. Dat jaar",
        "* ster",
        "+ plus",
        "- streepje",
        "---",
        "_x_",
        "*nadruk*",
        "**vet**",
        "# hekje",
        "#hashtag",
        "&gt; geen citaat",
        "[geen](link)",
        "`geen code`",
        "a | b",
        "a \\* b",
        "a &lt;b&gt; c",
        "&amp;euro; blijft tekst",
        "&lt;https://geen.autolink.example&gt;",
        "btw_nummer en snake_case",
        "€ 84,70",
        "4 &gt; 3 &amp; 2 &lt; 3",
    ],
)
def test_tekst_krijgt_geen_markdown_betekenis(tekst):
    html = f"<p>{tekst}</p>"
    assert _normaal(markdown_naar_html(html_naar_markdown(html))) == _normaal(html)


def test_regel_na_br_krijgt_geen_markdown_betekenis():
    html = "<p>Adres<br>1. Dorpsstraat<br>===<br>- streep<br>#kop</p>"
    terug = markdown_naar_html(html_naar_markdown(html))
    assert re.sub(r"<br>\s+", "<br>", terug) == html


def test_kop_eindigend_op_hekje_blijft_heel():
    assert _normaal(markdown_naar_html(html_naar_markdown("<h2>Cursus C#</h2>"))) == "<h2>Cursus C#</h2>"


def test_naast_elkaar_staande_lijsten_blijven_gescheiden():
    html = "<ul><li>een</li></ul><ul><li>twee</li></ul><ol><li>drie</li></ol><ol><li>vier</li></ol>"
    assert _normaal(markdown_naar_html(html_naar_markdown(html))) == html


def test_losse_lijst_met_alineas():
    html = "<ul><li><p>een</p><p>nog een alinea</p></li><li><p>twee</p></li></ul><p>daarna</p>"
    assert _normaal(markdown_naar_html(html_naar_markdown(html))) == html


def test_onbekende_blokken_plakken_woorden_niet_aan_elkaar():
    md = html_naar_markdown("<dl><dt>Kosten</dt><dd>€ 10</dd></dl><div>eerste</div><div>tweede</div><section>derde</section>")
    assert md == "Kosten\n\n€ 10\n\neerste\n\ntweede\n\nderde"


def test_lijst_direct_in_lijst_wordt_sublijst_van_het_vorige_item():
    # WYSIWYG editors often write <ul><li>a</li><ul>…</ul></ul>; it means "sub-list of a".
    md = html_naar_markdown("<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>")
    assert md == "- a\n    - b\n- c"


def test_aangrenzende_nadruk_wordt_samengevoegd():
    md = html_naar_markdown("<p><em>a</em><i>b</i> <strong>c</strong><b>d</b>e</p>")
    assert md == "*ab* **cd**e"
    assert _normaal(markdown_naar_html(md)) == "<p><em>ab</em> <strong>cd</strong>e</p>"


def test_afbeelding_met_haken_en_spatie():
    html = '<p><img alt="kaart ] [1" src="https://voorbeeld.example/a%20b.png" title="De &quot;kaart&quot;"></p>'
    assert _normaal(markdown_naar_html(html_naar_markdown(html))) == html


def test_code_blok_blijft_code():
    html = "<p>Voorbeeld:</p><pre>x &lt; y\n*geen nadruk*</pre>"
    assert (
        _normaal(markdown_naar_html(html_naar_markdown(html)))
        == "<p>Voorbeeld:</p><pre><code>x &lt; y *geen nadruk* </code></pre>"
    )


def test_link_met_titel_en_spatie():
    md = html_naar_markdown('<p><a href="https://voorbeeld.example/a b" title="De &quot;echte&quot; site">site</a></p>')
    assert md == '[site](https://voorbeeld.example/a%20b "De &quot;echte&quot; site")'


def test_naar_markdown_laat_markdown_ongemoeid():
    md = "## Kosten\n\nU betaalt **€ 84,70**.\n\n- een\n    1. genest\n\n<https://voorbeeld.example> en a < b"
    assert naar_markdown(md) == md
    assert naar_markdown("") == ""
    assert naar_markdown(None) == ""


def test_naar_markdown_zet_html_om_en_is_idempotent():
    md = naar_markdown(SDG_SECTIE)
    assert md == html_naar_markdown(SDG_SECTIE)
    assert not is_html(md)
    assert naar_markdown(md) == md


def test_witruimte_wordt_genormaliseerd():
    md = html_naar_markdown("<p>  een   \n  twee  </p>\n\n\n<p></p><p>drie<br></p><p>vier<br>\n  vijf</p>")
    assert md == "een twee\n\ndrie\n\nvier  \nvijf"


# --- property: Markdown → HTML → Markdown → the same HTML ---------------------------------------------------

WOORDEN = [
    "gemeente",
    "paspoort",
    "rijbewijs",
    "identiteitskaart",
    "aanvraag",
    "afspraak",
    "balie",
    "uittreksel",
    "geboorteakte",
    "verhuizing",
    "één",
    "financiële",
    "België",
    "reünie",
    "café",
    "DigiD",
    "e-mail",
    "18-jarige",
    "'s",
    "btw_nummer",
    "u",
    "de",
    "het",
    "en",
    "of",
    "binnen",
    "werkdagen",
]
LEESTEKENS = [",", ".", ":", ";", "?", "!", "(", ")", "/", "%", "'", '"', "&", "<", ">", "-", "—", "=", "+", "~", "^"]
# Escaped in the Markdown so they are text in the HTML: the conversion must escape them again.
ESCAPES = ["\\*", "\\_", "\\#", "\\[", "\\]", "\\`", "\\\\", "&amp;", "&lt;b&gt;", "\\|"]
# Paragraph openings that would be Markdown structure if not escaped.
OPENINGEN = ["1\\. januari", "2024\\. was", "\\- streep", "\\+ plus", "\\* ster", "\\# nummer", "\\> pijl", "\\#\\# twee"]
PADEN = ["pad", "paspoort-aanvragen", "a_b", "kosten/2025", "zoek?q=rijbewijs&taal=nl"]

woord = st.sampled_from(WOORDEN) | st.from_regex(r"[a-zà-öø-ÿ]{1,12}", fullmatch=True)
woorden = st.lists(woord, min_size=1, max_size=6).map(" ".join)


@st.composite
def bedrag(draw):
    euro = draw(st.integers(0, 99_999))
    cent = draw(st.integers(0, 99))
    return f"€ {euro:,}".replace(",", ".") + f",{cent:02d}"


@st.composite
def link(draw):
    pad = "/".join(draw(st.lists(st.sampled_from(PADEN), min_size=1, max_size=3)))
    return f"[{draw(woorden)}](https://voorbeeld.example/{pad})"


inline_deel = st.one_of(
    woorden,
    woorden,
    bedrag(),
    link(),
    st.builds("**{}**".format, woorden | bedrag() | link()),
    st.builds("*{}*".format, woorden | link()),
    st.builds("**{} *{}* {}**".format, woorden, woorden, woorden),
    st.builds("*{} **{}***".format, woorden, woorden | bedrag()),
    st.sampled_from(LEESTEKENS + ESCAPES),
)


@st.composite
def regel(draw):
    """One line of inline content; it starts with a word or an escaped opening, never with bare punctuation."""
    begin = draw(st.one_of(woorden, bedrag(), link(), st.builds("**{}**".format, woorden), st.sampled_from(OPENINGEN)))
    return " ".join([begin, *draw(st.lists(inline_deel, max_size=8))])


@st.composite
def alinea(draw):
    return "  \n".join(draw(st.lists(regel(), min_size=1, max_size=3)))  # "  \n" is a hard line break


@st.composite
def kop(draw):
    return draw(st.sampled_from(["##", "###"])) + " " + draw(st.one_of(woorden, st.builds("{} {}".format, woorden, bedrag())))


def _teken(soort: str, i: int) -> str:
    return "-" if soort == "ul" else f"{i + 1}."


@st.composite
def lijst(draw):
    """A bullet or numbered list, tight or loose, whose items may hold a nested bullet or numbered list."""
    soort = draw(st.sampled_from(["ul", "ol"]))
    los = draw(st.booleans())
    items = []
    for i in range(draw(st.integers(1, 4))):
        item = f"{_teken(soort, i)} {draw(regel())}"
        if draw(st.booleans()):
            sub = draw(st.sampled_from(["ul", "ol"]))
            subitems = [f"    {_teken(sub, j)} {draw(regel())}" for j in range(draw(st.integers(1, 3)))]
            item += ("\n\n" if los else "\n") + "\n".join(subitems)
        items.append(item)
    return soort, ("\n\n" if los else "\n").join(items)


@st.composite
def document(draw):
    blokken = []
    vorige = None
    for _ in range(draw(st.integers(1, 6))):
        keuze = draw(st.sampled_from(["alinea", "alinea", "kop", "lijst"]))
        if keuze == "lijst":
            soort, tekst = draw(lijst())
            if vorige == soort:
                blokken.append("<!-- -->")  # how python-markdown writes two separate lists of one kind
            blokken.append(tekst)
            vorige = soort
        else:
            blokken.append(draw(alinea()) if keuze == "alinea" else draw(kop()))
            vorige = None
    return "\n\n".join(blokken)


@given(document())
@example(
    "1\\. januari kost € 84,70  \n\\- en **€ 1.234,56**\n\n## Kosten\n\n- een\n    1. twee\n- [drie](https://voorbeeld.example/a_b)"
)
@example("- a\n\n    - b\n    - c\n\n- d\n\n<!-- -->\n\n- e\n    - f")
def test_html_naar_markdown_en_terug_geeft_dezelfde_html(md):
    html = markdown_naar_html(md)
    terug = markdown_naar_html(html_naar_markdown(html))
    assert _normaal(terug) == _normaal(html)


@given(document())
def test_html_bron_door_de_import_geeft_dezelfde_html(md):
    """The same property through the importer's reading of a published VAC record (no database needed)."""
    from contenthub.uitwisseling.lezen import Lezer
    from contenthub.uitwisseling.vormen import VacVorm

    html = markdown_naar_html(md)
    lezer = Lezer()
    record = {"vraag": "Vraag?", "antwoord": html, "status": "actief", "doelgroep": "eu-burger"}
    vorm = lezer.valideer(VacVorm, record, "vacs.json", "$[0]")
    assert vorm is not None and not lezer.problemen
    assert _normaal(markdown_naar_html(vorm.antwoord)) == _normaal(html)
