"""Localized Markdown -> safe HTML body.  The only module that imports markdown.

Safety is layered: raw HTML is escaped, never passed through (Python-Markdown
sanitizes nothing); a tree processor drops any link or image whose URL scheme
is not allow-listed, decoding entities first; ``nh3`` then keeps exactly the
elements and attributes our pages use.  Link targets are compared with the
English page's by the caller (``check.compare_links``).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import Treeprocessor

from .localize import MARK_CLOSE, MARK_OPEN, MARK_SEP

EXTENSIONS = ("tables",)
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "a", "em",
    "strong", "code", "pre", "br", "hr", "img", "table", "thead", "tbody", "tr", "th", "td",
    "span", "div",
}
_COMMON = {"lang", "dir"}
_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "title"} | _COMMON,
    "img": {"src", "alt", "title"} | _COMMON,
    "th": {"style"} | _COMMON,
    "td": {"style"} | _COMMON,
    **{f"h{n}": {"id"} | _COMMON for n in range(1, 7)},
    "ol": {"start"} | _COMMON,
}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> bool:
    """True for http(s), mailto, fragment and relative URLs, however they are encoded."""
    decoded = _INVISIBLE.sub("", html.unescape(html.unescape(url)))
    if decoded.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # protocol-relative: another host
    scheme = _SCHEME.match(decoded)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


@dataclass(frozen=True)
class Rendered:
    """An HTML body and what the page around it needs from it."""

    html: str
    title: str
    links: tuple[str, ...]
    description: str = ""


class _Guard(Treeprocessor):
    """Drops unsafe URLs, turns fallback markers into ``lang`` and notes the title."""

    def run(self, root: etree.Element) -> None:
        self.title = ""
        self.description = ""
        self.links: list[str] = []
        for element in root.iter():
            self._markers(element)
            if element.tag == "a":
                href = element.get("href")
                if href is not None and not safe_url(href):
                    del element.attrib["href"]
                elif href is not None:
                    self.links.append(html.unescape(href))
            elif element.tag == "img":
                src = element.get("src", "")
                if not safe_url(src) or _SCHEME.match(_INVISIBLE.sub("", html.unescape(src))):
                    element.set("src", "")  # pages are self-contained: no remote images
            if not self.title and element.tag in {"h1", "h2", "h3"}:
                self.title = " ".join("".join(element.itertext()).split())
            elif not self.description and element.tag == "p":
                self.description = " ".join("".join(element.itertext()).split())

    @staticmethod
    def _markers(element: etree.Element) -> None:
        text = element.text or ""
        if text.startswith(MARK_OPEN) and MARK_SEP in text:
            language, _, rest = text[1:].partition(MARK_SEP)
            element.set("lang", language)
            element.text = rest
        for name in ("text", "tail"):
            value = getattr(element, name)
            if value and (MARK_OPEN in value or MARK_CLOSE in value or MARK_SEP in value):
                setattr(element, name, _strip_markers(value))
        for key, value in element.items():
            if MARK_OPEN in value or MARK_CLOSE in value:
                element.set(key, _strip_markers(value))


def _strip_markers(value: str) -> str:
    return re.sub(f"{MARK_OPEN}[^{MARK_SEP}]*{MARK_SEP}|{MARK_CLOSE}", "", value)


class _SafetyExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # Raw HTML is text in an alert, wherever it comes from.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        self.guard = _Guard(md)
        md.treeprocessors.register(self.guard, "alert_i18n_guard", -10)


class Renderer:
    """A reusable Markdown converter with the project's extensions and guards."""

    def __init__(self) -> None:
        self._safety = _SafetyExtension()
        self._md = markdown.Markdown(
            extensions=[
                *EXTENSIONS,
                TocExtension(slugify=slugify_unicode, toc_depth="0"),
                self._safety,
            ],
            output_format="html",
        )

    def render(self, text: str) -> Rendered:
        """Markdown text -> sanitized HTML body."""
        self._md.reset()
        body = self._md.convert(text)
        guard = self._safety.guard
        clean = sanitize(body)
        return Rendered(
            html=clean,
            title=guard.title,
            links=tuple(guard.links),
            description=guard.description,
        )


def sanitize(body: str) -> str:
    """Keep only the elements, attributes and URL schemes alert pages use."""
    return nh3.clean(
        body,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


def hrefs(body: str) -> Iterator[str]:
    """The link targets of an HTML body, entities decoded."""
    for match in re.finditer(r'<a\b[^>]*?\shref="([^"]*)"', body):
        yield html.unescape(match.group(1))
