"""Documents drawn from the whole block grammar, and the contract they are held to.

One grammar serves two drivers: Hypothesis (``tests/test_grammar_differential.py``,
in CI) and a seeded ``random.Random`` (``benchmarks/soak_grammar.py``, 100,000
documents and more).  ``disagreement`` runs a document through the functions
the command line calls (segment, the blocking checks, placement, rendering)
and says what breaks the contract, or returns None:

1. an identity translation gives the English Markdown byte for byte and the
   English fragment;
2. a pseudo-translation of every message (vowels accented; code, escapes,
   link targets, labels, HTML and entities kept) renders to the same tag
   skeleton as the English page;
3. no text of a code block is a message (code is the same on both pages,
   and no message's span lies in a code block).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from typing import Protocol, TypeVar

from alert_i18n import check, inline
from alert_i18n.errors import SourceError
from alert_i18n.localize import localize_both, normalize
from alert_i18n.render import Renderer
from alert_i18n.segment import decode_source, parse_source

T = TypeVar("T")


class Chooser(Protocol):
    def choice(self, options: Sequence[T]) -> T: ...
    def integer(self, low: int, high: int) -> int: ...


class RandomChooser:
    """Choices from a seeded ``random.Random`` (the soak script)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


class DrawChooser:
    """Choices drawn by Hypothesis (they shrink)."""

    def __init__(self, draw: Callable[..., object]) -> None:
        from hypothesis import strategies as st

        self.draw, self.st = draw, st

    def choice(self, options: Sequence[T]) -> T:
        return self.draw(self.st.sampled_from(options))  # type: ignore[return-value]

    def integer(self, low: int, high: int) -> int:
        return self.draw(self.st.integers(low, high))  # type: ignore[return-value]


# -- the grammar ---------------------------------------------------------------------

WORDS = (
    "alert", "Mali", "civilians", "4,000", "2020", "*emphasis*", "**strong**", "_under_",
    "__strong__", "`code`", "`a|b`", "[link](http://example.org)", "[ref]", "[link][ref]",
    "![map](map.png)", "<http://example.org>", "&amp;", "\\*", "a\\|b", "snake_case",
    "#tag", "x#", "|", "1.", "-", "+", ">", "<b>bold</b>", "[x](#)", "C'est", "ɛɔ",
)
INDENTS = ("", " ", "  ", "   ")  # not a code block
CODE_INDENTS = ("    ", "\t", "  \t", "     ")
HARD = ("", "", "", "  ", "   ", "\t", " \\")  # line endings: soft, hard break, tab, backslash
MARKERS = ("-", "*", "+", "1.", "2.", "10.")
MARKER_SPACES = (" ", " ", "  ", "\t", "   ")
RULES = ("---", "***", "___", "* * *", "- - -", "_ _ _", "-----", "*  *  *", " ---", "   ***")


def words(c: Chooser, low: int = 1, high: int = 5) -> str:
    return " ".join(c.choice(WORDS) for _ in range(c.integer(low, high)))


def text_line(c: Chooser) -> str:
    return c.choice(INDENTS[:2]) + words(c) + c.choice(HARD)


def paragraph(c: Chooser) -> list[str]:
    return [text_line(c) for _ in range(c.integer(1, 3))]


def heading(c: Chooser) -> list[str]:
    if c.integer(0, 3) == 0:  # setext
        underline = c.choice(("=", "-")) * c.integer(1, 5) + c.choice(("", " ", "  "))
        lines = [words(c)] + [underline]
        if c.integer(0, 2) == 0:
            lines.append(words(c))  # a paragraph directly under it
        return lines
    marks = "#" * c.integer(1, 6)
    space = c.choice(("", " ", " ", "  ", "\t"))
    closing = c.choice(("", "", " #", " ###", "#", " \\", " \\#"))
    lines = [marks + space + words(c) + closing]
    if c.integer(0, 2) == 0:
        lines.append(words(c))  # text directly under the heading
    return lines


def code(c: Chooser) -> list[str]:
    lines = []
    for _ in range(c.integer(1, 3)):
        lines.append(c.choice(CODE_INDENTS) + c.choice(("code line", "> quoted", "- item",
                                                         "# hash", words(c))))
        if c.integer(0, 4) == 0:
            lines.append("")
    return [line for line in lines if line] if not lines[-1] else lines


def fence(c: Chooser) -> list[str]:
    return ["```", "fenced " + words(c), "```"]


def rule(c: Chooser) -> list[str]:
    return [c.choice(RULES) + c.choice(("", " "))]


def table(c: Chooser) -> list[str]:
    columns = c.integer(1, 3)
    border = c.choice((True, False))

    def row(cells: list[str]) -> str:
        inner = " | ".join(cells)
        return f"| {inner} |" if border or columns == 1 else inner

    cell_words = ("cell", "`x|y`", "a \\| b", "*em*", "[l](#)", "589", "", "Mali")
    lines = [row([c.choice(cell_words[:-2] + ("head", "Group")) or "h" for _ in range(columns)])]
    lines.append(row([c.choice(("---", ":--", "--:", ":-:")) for _ in range(columns)]))
    for _ in range(c.integer(0, 3)):
        lines.append(row([c.choice(cell_words) for _ in range(c.integer(1, columns + 1))]))
    return lines


def definition(c: Chooser) -> list[str]:
    title = c.choice(("", ' "Link title"', " 'Single'", " (Paren title)"))
    return [c.choice(INDENTS) + "[ref]: http://example.org/ref" + title]


def html_block(c: Chooser) -> list[str]:
    return c.choice((["<div>", words(c), "</div>"], ["<p>raw " + words(c) + "</p>"],
                     ["<!-- comment -->"]))


def image(c: Chooser) -> list[str]:
    return ['![' + c.choice(("A map", "alt *x*", "")) + '](map.png' +
            c.choice(("", ' "Regions"')) + ')']


def quote(c: Chooser, depth: int) -> list[str]:
    inner = blocks(c, depth + 1)
    prefix = c.choice(("> ", ">", "> ", "\t> ", "  > "[: c.integer(2, 4)]))
    out = []
    for index, line in enumerate(inner):
        lazy = index > 0 and line and c.integer(0, 5) == 0
        out.append(line if lazy else (prefix + line).rstrip(" ") if not line else prefix + line)
    return out


def list_block(c: Chooser, depth: int) -> list[str]:
    ordered = c.choice((False, True))
    marker = c.choice(MARKERS[3:] if ordered else MARKERS[:3])
    loose = c.integer(0, 2) == 0
    out: list[str] = []
    for item in range(c.integer(1, 3)):
        if item and loose:
            out.append("")
        first = paragraph(c)
        out.append(marker + c.choice(MARKER_SPACES) + first[0].lstrip())
        for line in first[1:]:  # continuation, indented or lazy
            out.append(c.choice(("", "    ", "\t", "  ")) + line.lstrip())
        if depth < 2 and c.integer(0, 2) == 0:  # nested blocks, after a blank line or not
            if c.integer(0, 1):
                out.append("")
            indent = c.choice(("    ", "\t", "    ", "  \t"))
            for line in blocks(c, depth + 1):
                out.append(indent + line if line else "")
    return out


def blocks(c: Chooser, depth: int = 0) -> list[str]:
    makers: list[Callable[[Chooser], list[str]]] = [
        paragraph, paragraph, heading, code, rule, table, definition, html_block, image, fence,
    ]
    out: list[str] = []
    for _ in range(c.integer(1, 4 if depth else 6)):
        kind = c.integer(0, len(makers) + 1)
        if kind == len(makers):
            made = quote(c, depth) if depth < 3 else paragraph(c)
        elif kind == len(makers) + 1:
            made = list_block(c, depth) if depth < 3 else paragraph(c)
        else:
            made = makers[kind](c)
        if out:
            out.extend([""] * c.choice((0, 1, 1, 1, 2)))  # blocks that touch, or not
        out.extend(made)
    return out


def document(c: Chooser) -> str:
    lines = blocks(c)
    head = ""
    if c.integer(0, 3) == 0:
        head = "---\ndate: 2020-08\nlevel: emergency\n---\n" + c.choice(("", "\n"))
    ending = c.choice(("\n", "\n", "", "\n\n"))
    text = head + "\n".join(lines) + ending
    return text.replace("\n", "\r\n") if c.integer(0, 9) == 0 else text


# -- the contract -----------------------------------------------------------------------

_VOWELS = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")


def pseudo(msgid: str) -> str:
    """``msgid`` with its vowels accented where they are words: code spans, escapes,
    link targets and labels, autolinks, HTML, attribute lists, entities kept."""
    keep = bytearray(len(msgid))
    masked = inline.mask(msgid)
    for index, char in enumerate(masked):
        if char == inline.MASK:
            keep[index] = 1

    def protect(start: int, end: int) -> None:
        keep[start:end] = b"\x01" * (end - start)

    for found in inline.LINK.finditer(masked):
        for group in ("url", "ref"):
            if found.group(group) is not None:
                protect(*found.span(group))
        if found.group("space"):  # "[a] [b]": "[a]" is a link of its own where b is
            protect(*found.span("text"))  # not defined, and "a" its label
    for found in inline.BRACKETS.finditer(masked):
        if found.group("label") is not None:
            protect(*found.span("label"))
    for pattern in (inline.AUTOLINK, inline.TAG, inline.ATTR_LIST, _ENTITY, inline.DEFINITION):
        for found in pattern.finditer(msgid):
            protect(*found.span())
    return "".join(char if keep[i] else char.translate(_VOWELS) for i, char in enumerate(msgid))


class _Skeleton(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.code: list[str] = []
        self._in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)
        self._in_pre -= tag == "pre"

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.code.append(data)


def skeleton(html: str) -> tuple[list[str], list[str]]:
    """The tags of an HTML fragment, in order, and the text of its code blocks."""
    parser = _Skeleton()
    parser.feed(html)
    parser.close()
    return parser.tags, parser.code


_RENDERER: list[Renderer] = []


def _render(text: str) -> str:
    if not _RENDERER:
        _RENDERER.append(Renderer())
    return _RENDERER[0].render(text).html


REFUSED = "refused at extract, with its line"


def disagreement(text: str, *, path: str = "source/case.md") -> str | None:
    """What breaks the contract for the English ``text``, or None (a refusal with the
    source line, SourceError, keeps it: the editor is told, nothing is published)."""
    found = verdict(text, path=path)
    return None if found == REFUSED else found


def verdict(text: str, *, path: str = "source/case.md") -> str | None:
    """``disagreement``, telling a refusal (``REFUSED``) from a pass (None)."""
    try:  # read as the command line reads a file: decoded, lone CRs as newlines
        text = decode_source(text.encode("utf-8"), path=path)
        document = parse_source(text, path=path)
    except SourceError as error:
        if not str(error).startswith(f"{path}:"):
            return f"refused without a line: {error}"
        return REFUSED
    body = document.body_start
    english = _render(text[body:])
    identity = {slot.segment.msgid: slot.segment.msgid for slot in document.slots}
    plain, marked, _ = localize_both(document, [("fr", identity)], source_language="en")
    if plain != text:
        return "identity translation changed the Markdown"
    if _render(marked[body:]) != english:
        return "identity translation changed the page"
    table = {}
    for slot in document.slots:
        msgid = slot.segment.msgid
        translation = normalize(pseudo(msgid))
        if not check.blocking_problems(msgid, translation):  # as the build publishes
            table[msgid] = translation
    plain, marked, _ = localize_both(document, [("fr", table)], source_language="en")
    french = _render(marked[body:])
    tags, code_text = skeleton(english)
    french_tags, french_code = skeleton(french)
    if french_tags != tags:
        return "pseudo-translation changed the page's tags"
    if french_code != code_text:
        return "pseudo-translation changed a code block"
    return None
