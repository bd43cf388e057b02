"""The page chrome: its template, placeholders a translation must keep, front matter."""

from __future__ import annotations

import datetime

import pytest

from alert_i18n import chrome
from alert_i18n.errors import SourceError
from alert_i18n.languages import resolve
from alert_i18n.segment import parse_source

EN, FR, BM = resolve("en"), resolve("fr"), resolve("bm")


def test_the_template_holds_every_string_with_its_note_and_brace_flag() -> None:
    template = chrome.template(project="alerts")
    assert [m.msgid for m in template.messages] == [s.msgid for s in chrome.CHROME]
    assert all(m.extracted_comments for m in template.messages)
    for message in template.messages:
        braced = bool(chrome.placeholders(message.msgid))
        assert (chrome.BRACE_FLAG in message.flags) == braced, message.msgid
    assert template.header_value("Project-Id-Version") == "alerts site"


@pytest.mark.parametrize(("text", "names"), [
    ("Stage {stage}: {name}", frozenset({"stage", "name"})),
    ("No fields", frozenset()),
    ("{0}", None), ("{count!r}", None), ("{count:>9}", None), ("{a.b}", None), ("{open", None),
])
def test_placeholders_are_plain_names_only(text: str, names: frozenset[str] | None) -> None:
    assert chrome.placeholders(text) == names


def test_a_translation_must_keep_the_english_placeholders() -> None:
    assert chrome.unusable("{count} of {total}", "{total} sur {count}") is None
    assert "exactly those of the English ({count}, {total})" in (
        chrome.unusable("{count} of {total}", "{count} sur tout") or "")
    assert "malformed or unsafe" in (chrome.unusable("{count}", "{count.__class__}") or "")


def test_chrome_falls_back_layer_by_layer_and_skips_unusable_translations() -> None:
    words = chrome.Chrome(BM, [(BM, {"Languages": "Kanw"}), (FR, {"Languages": "Langues"})],
                          source=EN)
    assert words.get("Languages") == chrome.Text("Kanw", BM)
    bad = chrome.Chrome(FR, [(FR, {chrome.STAGE: "Étape {x}"})], source=EN)
    assert bad.get(chrome.STAGE).language == EN  # its placeholders are wrong: English


def _meta(front: str) -> chrome.AlertMeta:
    return chrome.read_meta(parse_source(f"---\n{front}---\n\n# T\n", path="source/a.md"))


def test_front_matter_is_validated_into_alert_meta() -> None:
    meta = _meta("date: 2020-08\ncountry: ml\nlevel: Emergency\nstage: 9\n")
    assert meta == chrome.AlertMeta(date=datetime.date(2020, 8, 1), day=False, country="ML",
                                    level="emergency", stage=9)
    assert meta.iso_date == "2020-08"
    assert _meta("date: 2020-08-15\n").iso_date == "2020-08-15"


@pytest.mark.parametrize(("front", "line", "words"), [
    ("date: August 2020\n", 2, "is not a date"),
    ("title: x\ncountry: XX\n", 3, "not a country code CLDR knows"),
    ("level: severe\n", 2, "is not an alert level"),
    ("stage: 11\n", 2, "is not a stage of genocide"),
])
def test_bad_front_matter_names_the_line(front: str, line: int, words: str) -> None:
    with pytest.raises(SourceError) as caught:
        _meta(front)
    assert caught.value.path == "source/a.md" and caught.value.line == line
    assert words in caught.value.message


def test_a_misspelt_front_matter_key_is_noted_and_others_are_not() -> None:
    document = parse_source("---\nlevl: watch\nauthor: me\n---\n\n# T\n", path="source/a.md")
    assert chrome.meta_notes(document) == [
        "source/a.md:2: front matter key 'levl' is not read (did you mean 'level'?)"]


def test_dates_in_each_language() -> None:
    meta = chrome.AlertMeta(date=datetime.date(2020, 8, 1))
    assert chrome.format_when(meta, FR) == "août 2020"
    assert chrome.format_when(meta, EN) == "August 2020"
