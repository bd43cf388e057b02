"""Localizing a document: each message replaced by the first usable translation, in place."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from alert_i18n.inline import MARK_OPEN
from alert_i18n.localize import localize, localize_both, normalize
from alert_i18n.model import SourceDocument
from alert_i18n.segment import parse_source

SOURCE = "# Title\n\nFirst paragraph,\nin two lines.\n\n- One\n- Two\n"


def _document() -> SourceDocument:
    return parse_source(SOURCE, path="source/a.md")


def test_no_translation_gives_the_source_back_byte_for_byte() -> None:
    text, placed = localize(_document(), [("fr", {})], source_language="en")
    assert text == SOURCE
    assert [p.language for p in placed] == ["en"] * 4


def test_translations_replace_their_blocks_and_keep_the_rest() -> None:
    table = {"Title": "Titre", "First paragraph, in two lines.": "Premier paragraphe.",
             "One": "Un"}
    text, placed = localize(_document(), [("fr", table)], source_language="en")
    # The English paragraph's two lines stay two: a line fewer could let the next
    # line of a block change its kind (a setext underline, a table row).
    assert text == "# Titre\n\nPremier\nparagraphe.\n\n- Un\n- Two\n"
    assert [p.language for p in placed] == ["fr", "fr", "fr", "en"]


def test_fallback_layers_are_tried_in_order_and_marked() -> None:
    layers = [("bm", {"Title": "Kunkanko"}), ("fr", {"Title": "Titre", "One": "Un"})]
    plain, marked, placed = localize_both(_document(), layers, source_language="en")
    assert plain == "# Kunkanko\n\nFirst paragraph,\nin two lines.\n\n- Un\n- Two\n"
    assert [p.language for p in placed] == ["bm", "en", "fr", "en"]
    assert marked != plain and marked.count(MARK_OPEN) == 3  # what is not in Bambara
    assert localize(_document(), layers, source_language="en", mark=True)[0] == marked


def test_an_empty_or_blank_translation_falls_back() -> None:
    layers = [("fr", {"Title": "  \n", "One": ""})]
    text, placed = localize(_document(), layers, source_language="en")
    assert text == SOURCE
    assert {p.language for p in placed} == {"en"}


def test_normalize_is_nfc_unix_newlines_and_idempotent() -> None:
    decomposed = "Bama\u0301ko\r\nka\rkɔ\u0301"
    once = normalize(decomposed)
    assert once == unicodedata.normalize("NFC", "Bama\u0301ko\nka\nkɔ\u0301")
    assert "\r" not in once and normalize(once) == once


def test_the_quick_scan_finds_what_the_whole_class_finds_on_every_code_point() -> None:
    from alert_i18n.localize import UNWANTED, unwanted

    for code in range(0x110000):
        character = chr(code)
        assert unwanted(f"a{character}é") == UNWANTED.findall(character), \
            hex(code)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab \t\n\r", max_size=12), max_size=6))
def test_tabs_expanded_piece_by_piece_as_the_whole_text(pieces: list[str]) -> None:
    from alert_i18n.localize import _tabs_expanded

    assert "".join(_tabs_expanded(pieces)) == "".join(pieces).expandtabs(4)
