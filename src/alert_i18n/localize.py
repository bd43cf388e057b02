"""SourceDocument + translations -> localized Markdown.

Only each message's own span of the source is replaced; everything around it
stays byte for byte.  A translation is placed so it cannot change the
document's structure: single-line blocks stay on one line, a paragraph's
``\\n`` becomes a hard line break in the block's own indentation, blank lines
are folded, so a translation cannot start a new block of its own.  Nor can it
reach the English's link definitions through a bare ``[label]`` (a shortcut
reference) the English message does not have: that bracket is escaped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import Segment, Slot, SourceDocument

# Private-use characters are reserved for the renderer's own markers.
_RESERVED = re.compile("[\ue000-\uf8ff]")
_SINGLE_LINE = ("heading", "table", "image", "link title")
# A line of a translation must not open a block of its own (heading, quote, list,
# link definition, fence, table): its first character is backslash-escaped.
_BLOCK_START = re.compile(r"(?:#|>|[-+*](?:[ \t]|$)|\d+\.(?:[ \t]|$)|\[[^\]]*\]:|`{3}|~{3}|\|)")
_UNDERLINE = re.compile(r"(?:=+|-+)$")
# A line that is a thematic break ("---", "* * *") or could be a table's
# delimiter row (only "|", ":", "-" and spaces, as Python-Markdown's tables
# accept): its first "-", "*", "_" or "|" is escaped.
_RULE_OR_DELIMITER = re.compile(
    r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})"
    r"|[|: \t]*-[-|: \t]*"
)
_RULE_CHARACTER = re.compile(r"[-*_|]")
_TRAILING_BACKSLASH = re.compile(r"(?<!\\)(?:\\\\)*\\(?=[ \t]*(?:\n|$))")
# Links and images as ``check.link_targets`` counts them (the one grammar both
# use): inline ``[text](url "title")``, full and collapsed references
# ``[text][ref]``, ``[text] [ref]``, ``[text][]``.  (A "\\n" in a message is a
# hard line break, which never joins "[text]" to "[ref]".)  A title with
# parentheses is not one: Python-Markdown may end the link inside it, so such a
# link is not counted (the checks then miss it) and its brackets are escaped.
_AFTER_OPENING = (  # a link after its "["
    r"(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"(?:\(\s*<?(?P<url>[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?"
    r"(?:\s+(?:\"[^\"()]*\"|'[^'()]*'|\([^()]*\)))?\s*\)|[ \t]?\[(?P<ref>[^\]]*)\])"
)
LINK = re.compile(r"(?P<image>!?)\[" + _AFTER_OPENING)
# Python-Markdown reads inline syntax in priority order: code spans first, then
# backslash escapes, then links.  ``_mask`` does the first two the same way, so
# links are looked for where Python-Markdown looks for them.
_BACKTICK = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)")
_ESCAPE = re.compile(r"\\(.)", re.S)
# Python-Markdown's ESCAPED_CHARS with the tables extension ("<" is not one).
_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
_MASK = "\x00"  # what masked text is replaced by: plain text to every pattern here


def _code_span(text: str, begin: int) -> tuple[int, int | None]:
    """Python-Markdown 3's BacktickInlineProcessor.find_code_spans, from ``begin``."""
    last = len(text)
    start = begin
    while start < last and text[start] == "`":
        start += 1
    ticks = start - begin
    longest, end = 0, 0
    i = start
    while i < last:
        run = 0
        while i < last and text[i] == "`":
            run += 1
            i += 1
        if not run:
            i += 1
            continue
        if run == ticks:
            return start, i - run
        if run > longest:
            longest, end = run, i
    if 0 < longest < ticks:
        return start - (ticks - longest), end - longest
    return start + ticks, None


def _mask(text: str) -> str:
    """``text`` with its code spans and backslash escapes blanked out (same length)."""
    if "`" not in text and "\\" not in text:
        return text
    work = text  # backslash runs already read are blanked, as Python-Markdown does
    spans: list[tuple[int, int]] = []
    position = 0
    while (found := _BACKTICK.search(work, position)) is not None:
        if found.group(1):  # an even run of backslashes before a backtick: literal
            spans.append(found.span())
            work = work[: found.start()] + _MASK * len(found.group(1)) + work[found.end() :]
            position = found.end()
            continue
        start, end = _code_span(work, found.start())
        if end is None:
            position = start
            continue
        stop = end + (start - found.start())
        spans.append((found.start(), stop))
        position = stop
    masked = list(text)
    for start, stop in spans:
        masked[start:stop] = _MASK * (stop - start)
    blanked = "".join(masked)
    for found in _ESCAPE.finditer(blanked):
        if found.group(1) in _ESCAPABLE:
            masked[found.start() : found.end()] = _MASK * 2
    return "".join(masked)


class Found:
    """A match found in masked text, read from the original (``re.Match``'s ``group``)."""

    __slots__ = ("_match", "_text")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._match, self._text = match, text

    def group(self, key: int | str = 0) -> str | None:
        start, end = self._match.span(key)
        return None if start < 0 else self._text[start:end]

    def span(self, key: int | str = 0) -> tuple[int, int]:
        return self._match.span(key)

    def start(self, key: int | str = 0) -> int:
        return self._match.start(key)


def unescaped(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str] | Found]:
    """Matches of ``pattern`` in Markdown ``text`` outside code spans and escapes:
    what Python-Markdown would read as syntax."""
    masked = _mask(text)
    if masked == text:  # nothing masked (the usual case): the matches read ``text``
        return pattern.finditer(text)
    return (Found(match, text) for match in pattern.finditer(masked))


# What a translation's brackets can be, once code and escapes are masked: a link
# the checks counted (``link``: what follows its "["), a bare "[label]" (a shortcut
# reference when the document defines that label) or a lone bracket.  An image's "!"
# is left out: it is text around the match.  So every alternative starts with a
# literal bracket, and ``re`` skips from bracket to bracket instead of trying each
# position (three times faster).
_BRACKETS = re.compile(
    r"\[(?:(?P<link>" + _AFTER_OPENING + r")|(?P<label>[^\[\]]*)\])|\[|\]",
    re.S,
)


@dataclass(frozen=True)
class Placed:
    """The language each message was shown in, in document order."""

    segment: Segment
    language: str


def normalize(text: str) -> str:
    """NFC, no reserved characters, Unix newlines: how every translation is compared."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Reserved characters go first, so that what they separated composes: the
    # result is then the same when normalized again.  (Searching first is faster
    # than a substitution that finds nothing, the usual case.)
    if _RESERVED.search(text):
        text = _RESERVED.sub("", text)
    return unicodedata.normalize("NFC", text)


def localize(
    document: SourceDocument,
    layers: Sequence[tuple[str, Mapping[str, str]]],
    *,
    source_language: str,
    mark: bool = False,
) -> tuple[str, tuple[Placed, ...]]:
    """Replace each message by the first translation found in ``layers``.

    ``layers`` is the target language and its fallbacks, in order, as
    (language tag, English -> translation).  A message found in none of them
    keeps the source text.  With ``mark``, a passage shown in another language
    than the first layer's is wrapped in a marker the renderer turns into a
    ``lang`` attribute.
    """
    plain, marked, placed = localize_both(document, layers, source_language=source_language)
    return (marked if mark else plain), placed


def localize_both(
    document: SourceDocument,
    layers: Sequence[tuple[str, Mapping[str, str]]],
    *,
    source_language: str,
) -> tuple[str, str, tuple[Placed, ...]]:
    """``localize`` without and with ``mark``, in one pass: the Markdown file and
    the text the page is rendered from (the same string when nothing fell back)."""
    text = document.text
    newline = "\r\n" if "\r\n" in text else "\n"
    target = layers[0][0] if layers else source_language
    pieces: list[str] = []
    placed: list[Placed] = []
    position = 0
    for slot in document.slots:
        pieces.append(text[position : slot.start])
        msgid = slot.segment.msgid
        language, translation, normalized = source_language, None, ""
        for tag, table in layers:
            # A translation that is nothing once normalized would delete its block.
            found = table.get(msgid)
            if found is not None and (normalized := normalize(found)).strip():
                language, translation = tag, found
                break
        if translation is None or translation == msgid:
            pieces.append(text[slot.start : slot.end])
        else:
            pieces.append(place(normalized, slot, newline))
        placed.append(Placed(slot.segment, language))
        position = slot.end
    pieces.append(text[position:])
    plain = "".join(pieces)
    if all(p.language == target for p in placed):
        return plain, plain, tuple(placed)
    for index, passage in enumerate(placed):  # bodies are at the odd indexes
        if passage.language != target:
            pieces[2 * index + 1] = wrap_marker(pieces[2 * index + 1], passage.language)
    return plain, "".join(pieces), tuple(placed)


MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"


def wrap_marker(body: str, language: str) -> str:
    """Mark a passage as being in ``language`` (see render's marker processor)."""
    return f"{MARK_OPEN}{language}{MARK_SEP}{body}{MARK_CLOSE}"


def place(text: str, slot: Slot, newline: str) -> str:
    """A translation (``normalize``d) written in the layout of the slot it replaces."""
    kind = slot.segment.kind
    if not kind.startswith("link title") and kind != "image title":  # titles are attributes
        # Brackets first: the layout below folds spaces, which could join "[a]  [b]".
        text = _escape_shortcuts(text, slot.segment.msgid)
    # A backslash at the end of a line would escape what follows the slot (a cell's
    # "|", a heading's closing "#"): a lone one is doubled, to stay a backslash.
    if "\\" in text:
        text = _TRAILING_BACKSLASH.sub(lambda lone: lone.group() + "\\", text)
    if kind.startswith(_SINGLE_LINE):
        text = _fold(text)
        if kind.startswith("table"):
            text = re.sub(r"(?<!\\)\|", r"\\|", text)
        elif kind.startswith("link title") or kind == "image title":
            text = text.replace('"', "&quot;")
        elif kind == "image alt text":
            text = re.sub(r"(?<!\\)([\[\]])", r"\\\1", text)
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        line = _fold(line)
        if not line:
            continue
        if lines and _UNDERLINE.fullmatch(line):
            lines[-1] += " " + line  # would turn the line above into a heading
            continue
        if _BLOCK_START.match(line):
            line = "\\" + line if line[0] not in "0123456789" else re.sub(
                r"^(\d+)\.", r"\1\\.", line)
        elif _RULE_OR_DELIMITER.fullmatch(line):
            line = _RULE_CHARACTER.sub(r"\\\g<0>", line, count=1)
        lines.append(line)
    return ("  " + newline + slot.continuation).join(lines)


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _fold(text: str) -> str:
    """Collapse ASCII white space only: no-break spaces are the translator's typography."""
    # Single spaces only (the usual case): the substitution would change nothing.
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _ASCII_SPACE.sub(" ", text)
    return text.strip(" ")


def _label(text: str) -> str:
    return " ".join(text.lower().split())


@lru_cache(maxsize=256)  # the same English for each language of an alert
def bare_labels(text: str) -> Counter[str]:
    """Each bare ``[label]`` of Markdown ``text`` (lower case, spaces folded): a link
    when the document defines the label, else literal text.  Shared between callers:
    do not change the result."""
    if "[" not in text:
        return Counter()
    return Counter(_label(found.group("label") or "") for found in unescaped(_BRACKETS, text)
                   if found.group("label") is not None)


def _escape_shortcuts(text: str, msgid: str) -> str:
    """Escape every bracket of a translation that is not part of a link the checks
    counted, so Python-Markdown cannot resolve it against the English's link
    definitions; a bare ``[label]`` the English message has is kept."""
    if "[" not in text and "]" not in text:
        return text
    kept = bare_labels(msgid)
    pieces: list[str] = []
    position = 0
    for found in unescaped(_BRACKETS, text):
        start, end = found.span()
        pieces.append(text[position:start])
        position = end
        whole = found.group() or ""
        if found.group("link") is not None:
            # The link text is inline Markdown too: no references of its own.
            first, last = found.span("text")
            inner = _escape_shortcuts(text[first:last], msgid)
            pieces.append(text[start:first] + inner + text[last:end])
        elif (label := found.group("label")) is not None:
            if _label(label) in kept:
                pieces.append(whole)
            else:
                pieces.append("\\[" + _escape_shortcuts(label, "") + "\\]")
        else:
            pieces.append("\\" + whole)
    pieces.append(text[position:])
    return "".join(pieces)
