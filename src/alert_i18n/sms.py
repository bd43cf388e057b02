"""SMS segments: what a text costs to send, counted for the encoding it needs.

GSM 03.38 7-bit carries 160 septets in one message, 153 per part when a text
is split (the rest of each part is the concatenation header); a character of
the extension table (``€ [ ] { } | ~ ^ \\``) takes two septets.  A text with
any character outside the alphabet (Bambara ɛ ɔ ɲ ŋ, French « », the apostrophe U+2019 or a
no-break space) is sent in UCS-2: 70 UTF-16 code units, 67 per part.  A
character is never split across two parts.

The alphabet is the ``gsm0338`` codec's (PyPI), not a table copied here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

GSM7 = "GSM-7"
UCS2 = "UCS-2"
SINGLE = {GSM7: 160, UCS2: 70}  # units in a message sent whole
PART = {GSM7: 153, UCS2: 67}  # units in each part of a concatenated message


@dataclass(frozen=True)
class SmsCount:
    """What a text costs as SMS: its encoding, its length in units, its segments."""

    encoding: str  # GSM7 or UCS2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    ucs2_characters: tuple[str, ...] = ()  # what forces UCS-2, in order of appearance

    def over(self, budget: int) -> int:
        """Segments beyond ``budget`` (0 when it fits)."""
        return max(0, self.segments - budget)


@cache
def septets(character: str) -> int | None:
    """Septets of one character in GSM 03.38 (2 for the extension table), None if absent."""
    try:
        return len(character.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


def _segments(costs: list[int], encoding: str) -> int:
    total = sum(costs)
    if total == 0:
        return 0
    if total <= SINGLE[encoding]:
        return 1
    parts, used = 1, 0
    for cost in costs:  # greedy: an escape pair or a surrogate pair stays in one part
        if used + cost > PART[encoding]:
            parts, used = parts + 1, 0
        used += cost
    return parts


def count(text: str) -> SmsCount:
    """The encoding ``text`` needs, its length in that encoding's units and its segments."""
    costs = [septets(character) for character in text]
    if all(cost is not None for cost in costs):
        units = [cost for cost in costs if cost is not None]
        return SmsCount(GSM7, sum(units), _segments(units, GSM7))
    forcing = tuple(dict.fromkeys(c for c, cost in zip(text, costs, strict=True)
                                  if cost is None))
    # UTF-16 code units: 2 for a character beyond the BMP (a surrogate pair), else 1.
    units = [2 if character > "\uffff" else 1 for character in text]
    return SmsCount(UCS2, sum(units), _segments(units, UCS2), forcing)


def capacity(segments: int, encoding: str) -> int:
    """Units that fit in ``segments`` SMS of ``encoding``."""
    return SINGLE[encoding] if segments <= 1 else segments * PART[encoding]


def describe(characters: tuple[str, ...]) -> str:
    """Characters for a sentence: ``ɛ (U+025B), « (U+00AB), U+00A0 (no-break space)``."""
    named = []
    for character in characters:
        code = f"U+{ord(character):04X}"
        if character.isspace() or not character.isprintable():  # invisible: say which
            name = unicodedata.name(character, "a space or control character").lower()
            named.append(f"{code} ({name})")
        else:
            named.append(f"{character} ({code})")
    return ", ".join(named)

