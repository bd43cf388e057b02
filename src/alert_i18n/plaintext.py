"""An alert as plain text, from the same sanitized HTML body the page shows.

For WhatsApp, Telegram, e-mail and radio scripts: no Markdown syntax, no
emphasis marks; each link's URL written once, as a numbered reference at the
end; ``#`` placeholder links are text; list items are lines; hard line
breaks stay.  The body is Python-Markdown's element tree after sanitizing
(``render``), read back as HTML: no second Markdown parser, so text and page
cannot disagree.  The sanitizer's output has one spelling (html5ever's
serializer: tags and attributes lowercase, values double-quoted with ``"``
escaped in them, ``<`` and ``&`` escaped in text, no comments; nh3 0.3.0
leaves ``<`` and ``>`` as they are in a value, later releases escape them),
so its tags are split by one regular expression; anything else is read by
the standard library's HTML parser, which the tests hold the fast path
equal to.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "ul", "ol",
           "table", "tr", "hr", "div", "article", "section", "figure", "dl", "dt", "dd"}
_VOID = {"br", "hr", "img"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


# A start or end tag as the sanitizer writes it; attributes as name="value".
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*="[^"]*")*)\s*>')
_ATTRIBUTE = re.compile(r'([a-z][a-z0-9-]*)="([^"]*)"')


@functools.lru_cache(maxsize=8)  # a page without other languages is read once, else twice
def parse(body: str) -> Node:
    """The sanitized HTML body as a tree of nodes (shared: do not change it)."""
    return _split(body) or parse_html(body)


def parse_html(body: str) -> Node:
    """``body`` read by the standard library's HTML parser, whatever its spelling."""
    tree = _Tree()
    tree.feed(body)
    tree.close()
    return tree.root


def _split(body: str) -> Node | None:
    """``body`` read by ``_TAG``, the way ``parse_html`` reads it; None when it holds a
    ``<`` that is no tag in the sanitizer's spelling (``parse_html`` reads it then)."""
    tree = _Tree()
    position = 0
    for tag in _TAG.finditer(body):
        if tag.start() > position and not _text(tree, body[position : tag.start()]):
            return None
        if tag.group(1):
            tree.handle_endtag(tag.group(2))
        else:
            tree.handle_starttag(tag.group(2), [
                (name, html.unescape(value) if "&" in value else value)
                for name, value in _ATTRIBUTE.findall(tag.group(3))])
        position = tag.end()
    if position < len(body) and not _text(tree, body[position:]):
        return None
    return tree.root


def _text(tree: _Tree, text: str) -> bool:
    """Add ``text`` (between two tags) to ``tree``: False when it holds a ``<``."""
    if "<" in text:
        return False
    tree.handle_data(html.unescape(text) if "&" in text else text)
    return True


@dataclass(frozen=True)
class PlainText:
    """The text, and the languages of the passages not in the text's own language."""

    text: str
    urls: tuple[str, ...]
    other_languages: tuple[str, ...]


class _Writer:
    def __init__(self, *, language: str, base: str, skip_other: bool) -> None:
        self.language, self.base, self.skip_other = language, base, skip_other
        self.urls: list[str] = []
        self.others: dict[str, None] = {}
        self.fallbacks = 0  # passages met in another language so far
        self.marked: list[int] = []  # blocks of the text (0-based) holding such passages

    def url(self, href: str) -> str | None:
        if not href or href.startswith("#"):
            return None  # a placeholder or a place on the page: no URL to give
        return urllib.parse.urljoin(self.base, href) if self.base else href

    def inline(self, node: Node | str) -> str:
        if isinstance(node, str):
            return _SPACES.sub(" ", node) if "\n" in node or "  " in node else node
        if node.tag == "br":
            return "\n"
        if node.tag == "img":
            return node.attrs.get("alt", "")
        inner = "".join(self.inline(child) for child in node.children)
        if node.tag == "a" and (url := self.url(node.attrs.get("href", ""))) is not None:
            if url not in self.urls:
                self.urls.append(url)
            return f"{inner} [{self.urls.index(url) + 1}]"
        return inner

    def other(self, node: Node) -> bool:
        """A passage in another language than the text's (a fallback)."""
        lang = node.attrs.get("lang", "")
        if lang and lang != self.language:
            self.others.setdefault(lang)
            self.fallbacks += 1
            return True
        return False

    def blocks(self, node: Node, *, prefix: str = "", top: bool = False) -> list[str]:
        """Paragraph-like blocks of ``node``, each a string (lines joined by newlines);
        at the ``top``, the blocks with a passage in another language are noted."""
        out: list[str] = []
        inline: list[Node | str] = []

        def flush() -> None:
            text = _clean("".join(self.inline(child) for child in inline))
            if text:
                out.append(prefix + text)
            inline.clear()

        number = int(node.attrs.get("start", "1") or 1)
        for child in node.children:
            if isinstance(child, str) or child.tag not in _BLOCKS:
                inline.append(child)
                continue
            flush()
            fallbacks, first = self.fallbacks, len(out)
            if self.other(child) and self.skip_other:
                continue
            self._block(node, child, out, prefix, number)
            if child.tag == "li":
                number += 1
            if top and self.fallbacks > fallbacks:
                self.marked += range(first, len(out))
        flush()
        return out

    def _block(self, node: Node, child: Node, out: list[str], prefix: str,
               number: int) -> None:
        """Append the blocks of ``child`` (a block element of ``node``) to ``out``."""
        if child.tag == "hr":
            return
        if child.tag == "li":
            marker = f"{number}. " if node.tag == "ol" else "- "
            inner = self.blocks(child)
            indent = " " * len(marker)
            lines = "\n".join(inner).split("\n") if inner else []
            if lines:
                out.append(marker + ("\n" + indent).join(lines))
        elif child.tag == "pre":
            out.append("".join(_all_text(child)).rstrip("\n"))
        elif child.tag == "tr":
            cells = [_clean("".join(self.inline(c) for c in cell.children))
                     for cell in child.children if isinstance(cell, Node)]
            out.append(" | ".join(cells))
        elif child.tag in ("ul", "ol", "table"):
            items = self.blocks(child)
            if items:
                out.append("\n".join(items))
        else:
            out.extend(self.blocks(child, prefix=prefix))


def _all_text(node: Node) -> list[str]:
    return [c if isinstance(c, str) else "".join(_all_text(c)) for c in node.children]


_SPACES = re.compile(r"[ \t\r\n]+")
_LINE_SPACES = re.compile(r"[ \t\r]+")
_AROUND_BREAKS = re.compile(r" ?\n ?")


def _clean(text: str) -> str:
    # ASCII spaces only: a no-break space (French « ») is the translator's, and stays.
    if "\n" not in text and "  " not in text and "\t" not in text and "\r" not in text:
        return text.strip(" ")
    text = _AROUND_BREAKS.sub("\n", _LINE_SPACES.sub(" ", text))
    return text.strip(" ").strip("\n").strip(" ")


@dataclass(frozen=True)
class Reading:
    """A body read once: its blocks, the URLs they cite, and where other languages are."""

    blocks: tuple[str, ...]
    urls: tuple[str, ...]
    marked: tuple[int, ...]  # blocks (0-based) holding a passage in another language
    other_languages: tuple[str, ...]
    own_language_only: bool


def read(body: str, *, language: str, base: str = "",
         own_language_only: bool = False) -> Reading:
    """``body`` (sanitized HTML) read as plain text blocks in ``language``: relative link
    targets resolved against ``base``; with ``own_language_only``, passages in another
    language left out (CAP descriptions)."""
    writer = _Writer(language=language, base=base, skip_other=own_language_only)
    blocks = writer.blocks(parse(body), top=True)
    return Reading(blocks=tuple(blocks), urls=tuple(writer.urls), marked=tuple(writer.marked),
                   other_languages=tuple(writer.others), own_language_only=own_language_only)


def own_language(reading: Reading, body: str, *, language: str, base: str = "") -> Reading:
    """``reading`` without the passages in another language (read again only if it has
    some: otherwise both readings are the same)."""
    if reading.own_language_only or not reading.other_languages:
        return reading
    return read(body, language=language, base=base, own_language_only=True)


def compose(reading: Reading, *, header: Sequence[str] = (),
            footer: Sequence[str] = ()) -> PlainText:
    """The text of ``reading``: ``header`` lines first (the page's notice saying how many
    passages are in another language; the last one gets the numbers of the paragraphs
    that hold them, ``(¶ 3, 5)``), then the blocks, the URLs, ``footer`` lines last."""
    lines = [line for line in header if line]
    if lines and reading.marked and not reading.own_language_only:
        # Which passages: the paragraphs after this line, counted from 1.
        lines[-1] += f" (¶ {', '.join(str(n + 1) for n in reading.marked)})"
    parts = [*lines, *reading.blocks]
    if reading.urls:
        parts.append("\n".join(f"[{n}] {url}" for n, url in enumerate(reading.urls, 1)))
    parts += [line for line in footer if line]
    return PlainText(text="\n\n".join(parts) + "\n" if parts else "",
                     urls=reading.urls, other_languages=reading.other_languages)
