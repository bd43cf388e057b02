"""Short forms: an alert's headline, SMS summary and instruction, from its front matter.

They are written in English in the front matter (``headline:``, ``sms:``,
``instruction:``) and translated like the body: each is a message of the
alert's catalog, whose ``#.`` comment gives the translator its budget in SMS
segments.  The page does not show them; the channels (SMS, CAP, plain text)
do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Location, Message, Segment, SourceDocument


@dataclass(frozen=True)
class ShortForm:
    """A front matter key whose value is translated, and its budget in SMS segments."""

    key: str
    label: str
    budget: int


HEADLINE = ShortForm("headline", "headline", 1)
SUMMARY = ShortForm("sms", "SMS summary", 2)
INSTRUCTION = ShortForm("instruction", "instruction (what the reader should do)", 2)
FIELDS = (HEADLINE, SUMMARY, INSTRUCTION)
KEYS = tuple(field.key for field in FIELDS)
MESSAGE_BUDGET = HEADLINE.budget + SUMMARY.budget  # the SMS sent: headline, then summary

_BUDGET = re.compile(r"budget: (\d+) SMS segments?\b")


def comment(field: ShortForm) -> str:
    """The ``#.`` comment of a short form: what it is and what it may cost."""
    segments = "segment" if field.budget == 1 else "segments"
    return (f"{field.label}, front matter; budget: {field.budget} SMS {segments} "
            f"({160 if field.budget == 1 else 153 * field.budget} characters, or "
            f"{70 if field.budget == 1 else 67 * field.budget} if any character is outside "
            "the GSM 7-bit alphabet, as Bambara letters and French quotation marks are)")


def budget(message: Message) -> int | None:
    """The SMS budget a template message carries in its comment (None: not a short form)."""
    for line in message.extracted_comments:
        if match := _BUDGET.search(line):
            return int(match.group(1))
    return None


def _line(text: str, key: str) -> int:
    """The line of ``key:`` in the front matter (0 when not found)."""
    for number, line in enumerate(text.splitlines()[1:], 2):
        if line.strip() in ("---", "..."):
            break
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return number
    return 0


def segments(document: SourceDocument) -> tuple[Segment, ...]:
    """The short forms of ``document`` as segments to extract, front matter order."""
    found = []
    front = document.text[:document.body_start]  # lines are looked for there only
    for field in FIELDS:
        value = document.meta(field.key)
        if value and value.strip():
            found.append(Segment(
                msgid=unicodedata.normalize("NFC", value.strip()),
                location=Location(document.path, _line(front, field.key)),
                kind=comment(field),
            ))
    return tuple(sorted(found, key=lambda s: s.location.line))


@dataclass(frozen=True)
class Texts:
    """One language's short forms: each translated text, or None (untranslated, fuzzy,
    rejected).  ``english`` holds the source's."""

    english: Mapping[str, str]
    translated: Mapping[str, str | None]

    def get(self, key: str) -> str | None:
        return self.translated.get(key)

    @property
    def complete(self) -> bool:
        """Every short form the English has is translated."""
        return all(self.translated.get(key) for key in self.english)


def texts(document: SourceDocument, table: Mapping[str, str] | None) -> Texts:
    """The short forms in one language: ``table`` is its publishable translations
    (msgid -> text), None for the source language itself."""
    found = segments(document)
    english = {field.key: segment.msgid for field in FIELDS for segment in found
               if segment.kind == comment(field)}
    if table is None:
        return Texts(english, dict(english))
    return Texts(english, {key: table.get(msgid) or None for key, msgid in english.items()})
