import pytest

from contenthub.core.markdown import markdown_naar_html, markdown_naar_tekst

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<p onclick='alert(1)'>tekst</p>",
    '<a href="vbscript:msgbox(1)">x</a>',
    "![x](javascript:alert(1))",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
]


@pytest.mark.parametrize("payload", XSS)
def test_xss_wordt_verwijderd(payload):
    html = markdown_naar_html(f"Tekst\n\n{payload}\n").lower()
    for verboden in (
        "<script",
        "javascript:",
        "vbscript:",
        "onerror",
        "onload",
        "onclick",
        "<iframe",
        "<svg",
        "data:text",
        "style=",
    ):
        assert verboden not in html, f"{verboden!r} overleefde in {html!r}"


def test_gewone_markdown_blijft_bestaan():
    html = markdown_naar_html("**Let op**: zie [de website](https://www.example.nl).\n\n- een\n- twee")
    assert "<strong>Let op</strong>" in html
    assert '<a href="https://www.example.nl" rel="noopener noreferrer">de website</a>' in html
    assert "<li>een</li>" in html


def test_tel_en_mailto_links_zijn_toegestaan():
    html = markdown_naar_html("[bel ons](tel:140999) of [mail](mailto:info@example.nl)")
    assert 'href="tel:140999"' in html and 'href="mailto:info@example.nl"' in html


def test_platte_tekst_heeft_geen_markup():
    assert markdown_naar_tekst("**Vet** en <b>html</b> & meer") == "Vet en html & meer"


def test_leeg():
    assert markdown_naar_html("") == "" and markdown_naar_html(None) == ""
