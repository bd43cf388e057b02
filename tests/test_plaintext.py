"""plaintext: the page's body as plain text, read with the fast tag splitter held equal to
the standard library's HTML parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alert_i18n import plaintext, render
from alert_i18n.localize import wrap_marker

from .grammar_cases import DrawChooser, document

ROOT = Path(__file__).resolve().parent.parent


def _merged(node: plaintext.Node) -> plaintext.Node:
    """``node`` with adjacent strings joined (parsers may cut text in other places)."""
    children: list[plaintext.Node | str] = []
    for child in node.children:
        if isinstance(child, str) and children and isinstance(children[-1], str):
            children[-1] += child
        else:
            children.append(child if isinstance(child, str) else _merged(child))
    return plaintext.Node(node.tag, node.attrs, children)


def _same_as_html_parser(body: str) -> None:
    fast = plaintext._split(body)
    assert fast is not None, body  # the sanitizer's spelling: the fast path reads it
    assert _merged(fast) == _merged(plaintext.parse_html(body))


@pytest.fixture(scope="module")
def renderer() -> render.Renderer:
    return render.Renderer()


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_splitter_reads_rendered_pages_as_the_html_parser_does(
        renderer: render.Renderer, data: st.DataObject) -> None:
    text = document(DrawChooser(data.draw))
    _same_as_html_parser(renderer.render(text).html)


@pytest.mark.parametrize("text", [
    'a & b < c > d "e" \u00a0 &amp;lt;',
    '[x](http://example.org/?a=1&b=2 "say \\"hi\\" > <now>")',
    "![a <map> & \"more\"](map.png)",
    "| a | b |\n|:-|-:|\n| <c> | d&e |\n",
    wrap_marker("Un passage en français.", "fr") + " then English",
    "    <code> & </code>\n",
])
def test_escapes_attributes_and_languages_read_as_the_html_parser_does(
        renderer: render.Renderer, text: str) -> None:
    _same_as_html_parser(renderer.render(text).html)


def test_the_sample_pages_read_as_the_html_parser_does(renderer: render.Renderer) -> None:
    for path in sorted((ROOT / "build").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        _same_as_html_parser(renderer.render(text[text.find("\n---\n", 4) + 5 :]).html)


@pytest.mark.parametrize("body", [
    "<p>a <!-- a comment --> b</p>",  # not the sanitizer's: no comments
    "<p>1 < 2</p>",  # a bare "<"
    "<P CLASS=x>upper case</P>",
    "<p>a<br/>b</p>",
])
def test_html_not_in_the_sanitizers_spelling_goes_to_the_html_parser(body: str) -> None:
    assert plaintext._split(body) is None
    assert plaintext.parse(body) == plaintext.parse_html(body)


def test_one_reading_serves_the_text_file_and_the_own_language_description() -> None:
    body = ('<p>Hello <a href="a.html">there</a>.</p>'
            '<p lang="fr" dir="ltr">Bonjour <a href="b.html">là</a>.</p>')
    reading = plaintext.read(body, language="en", base="https://example.org/en/x.html")
    made = plaintext.compose(reading, header=["Some passages are in French."])
    assert made.text == (
        "Some passages are in French. (¶ 2)\n\nHello there [1].\n\nBonjour là [2].\n\n"
        "[1] https://example.org/en/a.html\n[2] https://example.org/en/b.html\n")
    own = plaintext.own_language(reading, body, language="en",
                                 base="https://example.org/en/x.html")
    assert own is not reading
    assert plaintext.compose(own).text == (
        "Hello there [1].\n\n[1] https://example.org/en/a.html\n")
    english_only = plaintext.read(body.split("<p lang")[0], language="en")
    assert plaintext.own_language(english_only, "", language="en") is english_only
