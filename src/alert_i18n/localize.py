"""SourceDocument + translations -> localized Markdown.

Only each message's own span of the source is replaced; everything around it
stays byte for byte.  A translation is placed so it cannot change the
document's structure: single-line blocks stay on one line, a paragraph's
``\\n`` becomes a hard line break in the block's own indentation, blank lines
are folded, so a translation cannot start a new block of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Segment, Slot, SourceDocument

# Private-use characters are reserved for the renderer's own markers.
_RESERVED = re.compile("[\ue000-\uf8ff]")
_SINGLE_LINE = ("heading", "table", "image", "link title")
# A line of a translation must not open a block of its own (heading, quote, list,
# link definition, fence, table): its first character is backslash-escaped.
_BLOCK_START = re.compile(r"(?:#|>|[-+*](?:[ \t]|$)|\d+\.(?:[ \t]|$)|\[[^\]]*\]:|`{3}|~{3}|\|)")
_UNDERLINE = re.compile(r"(?:=+|-+)$")


@dataclass(frozen=True)
class Placed:
    """The language each message was shown in, in document order."""

    segment: Segment
    language: str


def normalize(text: str) -> str:
    """NFC, no reserved characters, Unix newlines: how every translation is compared."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _RESERVED.sub("", text)


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
    text = document.text
    newline = "\r\n" if "\r\n" in text else "\n"
    target = layers[0][0] if layers else source_language
    pieces: list[str] = []
    placed: list[Placed] = []
    position = 0
    for slot in document.slots:
        pieces.append(text[position : slot.start])
        msgid = slot.segment.msgid
        language, translation = source_language, None
        for tag, table in layers:
            if msgid in table:
                language, translation = tag, table[msgid]
                break
        if translation is None or translation == msgid:
            body = text[slot.start : slot.end]
        else:
            body = place(translation, slot, newline=newline)
        if mark and language != target:
            body = wrap_marker(body, language)
        pieces.append(body)
        placed.append(Placed(slot.segment, language))
        position = slot.end
    pieces.append(text[position:])
    return "".join(pieces), tuple(placed)


MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"


def wrap_marker(body: str, language: str) -> str:
    """Mark a passage as being in ``language`` (see render's marker processor)."""
    return f"{MARK_OPEN}{language}{MARK_SEP}{body}{MARK_CLOSE}"


def place(translation: str, slot: Slot, *, newline: str) -> str:
    """A translation written in the layout of the slot it replaces."""
    text = normalize(translation)
    kind = slot.segment.kind
    if kind.startswith(_SINGLE_LINE):
        text = " ".join(text.split())
        if kind.startswith("table"):
            text = re.sub(r"(?<!\\)\|", r"\\|", text)
        elif kind.startswith("link title") or kind == "image title":
            text = text.replace('"', "&quot;")
        elif kind == "image alt text":
            text = re.sub(r"(?<!\\)([\[\]])", r"\\\1", text)
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if lines and _UNDERLINE.fullmatch(line):
            lines[-1] += " " + line  # would turn the line above into a heading
            continue
        if _BLOCK_START.match(line):
            line = "\\" + line if line[0] not in "0123456789" else re.sub(
                r"^(\d+)\.", r"\1\\.", line)
        lines.append(line)
    return ("  " + newline + slot.continuation).join(lines)
