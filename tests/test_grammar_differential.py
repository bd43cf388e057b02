"""The contract between segmentation, placement and rendering, on documents drawn
from the whole block grammar (``grammar_cases``): an identity translation gives
the English Markdown and page; a pseudo-translation of every message gives the
English page's tag skeleton; no code-block text is ever a message.

``benchmarks/soak_grammar.py`` runs the same contract on 100,000 documents.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alert_i18n.errors import SourceError
from alert_i18n.segment import parse_source

from .grammar_cases import DrawChooser, disagreement, document, pseudo


@st.composite
def documents(draw: st.DrawFn) -> str:
    return document(DrawChooser(draw))


# Cases found before (the examples, and what the soak found), kept as examples.
SEEN = (
    "\tcode\n\npara\n",
    "#Heading\ntext\n",
    "\t> x\nnext\n",
    "## Title \\\n",
    "> a\n>\n> # h\n",
    "- a\n\tb\n",
    "[l](http://example.org) x\na\\|b `c` [l][ref]\n+ C'est   \n```\nfenced x# >\n```\n",
    "> \t- item\n    # hash\n> -----\n",
    "[ref]: http://example.org/ref\n\n### [ref] [link][ref] x\n",
    "- a\n  b\n  [ref]: http://example.org (Title)\n<div>\n",
    "*\t[ref] alert\n\n*\t#tag\n\t#tag\n",  # a detabbed rest read like the first line
    "[ref]: http://example.org/ref\n<http://example.org> [ref]\n    [ref] [link](http://x.org)\n",
    "[ref]: http://example.org/ref\n1. civilians \\\n  4,000 [ref] [ref]  \n",
    "*emphasis*\n2020 *emphasis*\n-----\n",  # one line shorter: "-----" an underline
    "snake_case `a|b` <b>bold</b>   \n\t-\n",
    "> [link](http://example.org)\n`a|b` x# C'est [link][ref]\t\n>\n",  # a tab's width
    "  >\n1.   **strong** 1.   \n  >\n  >     # __strong__ \\\n  >     -\n",
    "2. a\\|b   \n<http://example.org> [ref]\n    [ref] [l](http://x.org) `a|b`   \n![](m.png)\n"
    "\n[ref]: http://example.org/ref\n",  # the break that keeps two links apart, mid-message
    "+   \n\t- item\n",  # an empty list item, then an indented one
    # White space between "]" and "[" across a line break: two links, kept apart.
    "- [ref]\t\n  [ref] b\n\n[ref]: http://example.org/ref\n",
    "a [ref]\t\n[ref] b\n\n[ref]: http://example.org/ref\n",
    "abc [ref] \n  [ref] b\n\n[ref]: http://example.org/ref\n",
    "a [ref] \n [ref] b\n\n[ref]: http://example.org/ref\n",
    "a [ref]\t\r\n[ref] b\r\n\r\n[ref]: http://example.org/ref\r\n",
    "> a [ref]\t \n> [ref] b\n\n[ref]: http://example.org/ref\n",
    "- x\n\n    abc [ref] \n    [ref] b\n\n[ref]: http://example.org/ref\n",
    "a [link][ref]  \n[ref] [ref] b\n\n[ref]: http://example.org/ref\n",  # a hard break
    "a [link][ref]\n    [ref] [ref] b\n\n[ref]: http://example.org/ref\n",  # the first "] ["
    "a [link][ref] \n[ref] [ref] b\n\n[ref]: http://example.org/ref\n",
    "a [ref] [ref] b [ref]\n    [ref] c\n\n[ref]: http://example.org/ref\n",  # the last
    # Ranks counted over the lines a hard break makes.
    "1. a [ref] [ref] `c]`\t\n    [x] [link][ref]\n    [ref] [ref] a\n    [link][ref] `c]`"
    " [l](http://e.org)\t\n\n[ref]: http://example.org/ref\n[x]: http://example.org/x\n",
    ">  a [ref] [ref] [ref] [ref]\t\n>    [link][ref]\n>    [ref] \t\n\n"
    "[ref]: http://example.org/ref\n",
    "- a [link][ref]\r\n  [ref] [ref] [x] [link][ref]\r\n  [ref] [ref]  \r\n    [ref] [ref] a\t"
    " \r\n\r\n[ref]: http://example.org/ref\r\n[x]: http://example.org/x\r\n",
    # A passage in another language ending in a lone backslash (seed 2027).
    '![](map.png "Regions")\n#### x \\\n',
    "a [l](http://x.org \"Title\")\n## b \\\n",
    # A code span over several lines, opening the message (seed 2028).
    "```\n\t> \t>  x#  \n\t> \t> ```\n\t> \t> fenced\n",
    # A tab after a passage in another language: a hard line break still (seed 2028).
    '>![](map.png "Regions")\nMali + + +\t\n>\n',
    # No break but before "#" or inside a code span keeps the English's two lines
    # above a rule, which one line would underline (seed 2027).
    "```\n\t> \t`a|b` #tag #tag\n---\n",
    "```\n\t> <p>raw &amp; <http://example.org> #tag `code`</p>\n-----\n",
    "<b>bold</b> \\*\r\n</div>\r\n-----\r\n",  # an escape, or "<" (seed 2030)
    "a <b>x</b>\n</div>\n---\n",
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
@example(SEEN[0]).via("an issue case")
def test_documents_keep_their_structure_in_translation(text: str) -> None:
    assert disagreement(text) is None, text


@pytest.mark.parametrize("text", SEEN)
def test_cases_seen_before(text: str) -> None:
    assert disagreement(text) is None


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_no_code_block_text_is_a_message(text: str) -> None:
    """Every message's span is outside the English page's code blocks."""
    try:
        document_ = parse_source(text, path="source/case.md")
    except SourceError:
        return
    code_lines = _code_block_lines(text)
    for slot in document_.slots:
        line = text.count("\n", 0, slot.start)
        assert line not in code_lines, (slot.segment, text)


def _code_block_lines(text: str) -> set[int]:
    """Lines of ``text`` whose every character Python-Markdown puts in a code block:
    found by replacing one line at a time by a marker and seeing where it lands."""
    from .grammar_cases import _render

    lines = text.split("\n")
    found = set()
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        marked = "\n".join(lines[:index] + [line + "QQCODEQQ"] + lines[index + 1 :])
        html = _render(marked)
        start = html.find("QQCODEQQ")
        if start >= 0 and html.rfind("<pre>", 0, start) > html.rfind("</pre>", 0, start):
            found.add(index)
    return found


def test_pseudo_translation_keeps_markup_and_targets() -> None:
    assert pseudo("An *alert* in `code` [a link](http://example.org/a) &amp; <b>x</b>") == (
        "Án *álért* ín `code` [á línk](http://example.org/a) &amp; <b>x</b>"
    )
