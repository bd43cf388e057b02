"""SMS segments counted for the encoding a text needs; short forms carry their budget."""

from __future__ import annotations

import pytest

from alert_i18n import shortforms, sms
from alert_i18n.extract import template
from alert_i18n.segment import parse_source


@pytest.mark.parametrize(("text", "encoding", "units", "segments"), [
    ("", sms.GSM7, 0, 0),
    ("a" * 160, sms.GSM7, 160, 1),
    ("a" * 161, sms.GSM7, 161, 2),
    ("a" * 306, sms.GSM7, 306, 2),
    ("a" * 307, sms.GSM7, 307, 3),
    ("é" * 160, sms.GSM7, 160, 1),  # é is in the GSM alphabet, ê is not
    ("€" * 80, sms.GSM7, 160, 1),  # the extension table: two septets each
    ("€" * 81, sms.GSM7, 162, 2),
    ("a" * 152 + "€" + "a" * 7, sms.GSM7, 161, 2),  # over 160: parts of 153
    ("a" * 152 + "€" + "a" * 152, sms.GSM7, 306, 3),  # the escape pair is not split
    ("ɛ" * 70, sms.UCS2, 70, 1),
    ("ɛ" * 71, sms.UCS2, 71, 2),
    ("ɛ" * 134, sms.UCS2, 134, 2),
    ("ɛ" * 135, sms.UCS2, 135, 3),
    ("\U0001f4e2" * 35, sms.UCS2, 70, 1),  # UTF-16 code units: an emoji is two
    ("ɛ" * 66 + "\U0001f4e2" + "ɛ" * 66, sms.UCS2, 134, 3),  # nor the surrogate pair
])
def test_segments(text: str, encoding: str, units: int, segments: int) -> None:
    counted = sms.count(text)
    assert (counted.encoding, counted.units, counted.segments) == (encoding, units, segments)


def test_characters_forcing_ucs2_are_named_once_in_order() -> None:
    counted = sms.count("« kɔnɔ » – l’ɛ\u00a0ɔ")
    assert counted.encoding == sms.UCS2
    assert counted.ucs2_characters == ("«", "ɔ", "»", "–", "’", "ɛ", "\u00a0")
    assert sms.describe(("ɛ", "\u00a0")) == "ɛ (U+025B), U+00A0 (no-break space)"


def test_over_budget() -> None:
    assert sms.count("ɛ" * 135).over(2) == 1
    assert sms.count("a" * 300).over(2) == 0


SOURCE = """\
---
level: emergency
headline: Flood warning
sms: "Leave the river banks now: water is rising."
---

Body text.
"""


def test_short_forms_are_extracted_first_with_their_budget() -> None:
    document = parse_source(SOURCE, path="source/x.md")
    messages = template(document, project="p").active
    assert [m.msgid for m in messages] == [
        "Flood warning", "Leave the river banks now: water is rising.", "Body text."]
    assert messages[0].references == ("source/x.md:3",)
    assert messages[1].references == ("source/x.md:4",)
    assert [shortforms.budget(m) for m in messages] == [1, 2, None]
    assert "budget: 1 SMS segment (160 characters, or 70" in messages[0].extracted_comments[0]


def test_short_form_texts_fall_back_to_nothing() -> None:
    document = parse_source(SOURCE, path="source/x.md")
    english = shortforms.texts(document, None)
    assert english.get("headline") == "Flood warning" and english.complete
    french = shortforms.texts(document, {"Flood warning": "Alerte crue"})
    assert french.get("headline") == "Alerte crue"
    assert french.get("sms") is None and not french.complete
