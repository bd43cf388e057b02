"""Merging like msgmerge, translation memory: no translation is ever lost."""

from __future__ import annotations

from alert_i18n.catalog import FuzzyIndex, TranslationMemory, merge, new_catalog
from alert_i18n.languages import resolve
from alert_i18n.model import Catalog, Message

PARAGRAPHS = [
    "Genocide Watch is issuing a Genocide Emergency for Mali.",
    "Insurgents and security forces have killed thousands of civilians in the centre.",
    "The roots of the current conflict are linked to the 2011 Libyan Civil War.",
    "In 2019, fundamentalists killed 4,000 people across Mali, Burkina Faso, and Niger.",
]


def template(*msgids: str) -> Catalog:
    return Catalog(messages=tuple(
        Message(m, references=(f"source/a.md:{i}",), extracted_comments=("paragraph",))
        for i, m in enumerate(msgids, 1)
    ))


def translated(*msgids: str) -> Catalog:
    return Catalog(
        header=(("Language", "fr"),),
        messages=tuple(Message(m, msgstr=f"FR {m}", translator_comments=("note",))
                       for m in msgids),
    )


def test_unchanged_messages_keep_translation_comments_and_flags() -> None:
    old = translated(*PARAGRAPHS)
    merged = merge(old, template(*PARAGRAPHS))
    assert [m.msgstr for m in merged.messages] == [f"FR {p}" for p in PARAGRAPHS]
    assert all(m.translator_comments == ("note",) for m in merged.messages)
    assert merged.messages[0].references == ("source/a.md:1",)
    assert merged.header == old.header


def test_changed_message_is_fuzzy_with_previous_msgid() -> None:
    changed = PARAGRAPHS[1].replace("thousands", "many thousands")
    merged = merge(translated(*PARAGRAPHS), template(PARAGRAPHS[0], changed, *PARAGRAPHS[2:]))
    entry = merged.messages[1]
    assert entry.msgid == changed and entry.fuzzy
    assert entry.msgstr == f"FR {PARAGRAPHS[1]}"
    assert entry.previous_msgid == PARAGRAPHS[1]
    assert not merged.obsolete


def test_several_changes_find_their_own_old_entries() -> None:
    new = [p.replace(".", " today.") for p in PARAGRAPHS]
    merged = merge(translated(*PARAGRAPHS), template(*reversed(new)))
    for entry in merged.messages:
        assert entry.fuzzy
        assert entry.msgstr == f"FR {entry.previous_msgid}"
        assert entry.previous_msgid.replace(".", " today.") == entry.msgid


def test_removed_message_becomes_obsolete_and_comes_back() -> None:
    merged = merge(translated(*PARAGRAPHS), template(*PARAGRAPHS[:2]))
    assert [m.msgid for m in merged.obsolete] == PARAGRAPHS[2:]
    assert all(m.msgstr for m in merged.obsolete)
    revived = merge(merged, template(*PARAGRAPHS))
    assert not revived.obsolete
    assert revived.messages[3].msgstr == f"FR {PARAGRAPHS[3]}" and not revived.messages[3].fuzzy


def test_untranslated_removed_message_is_dropped_like_msgmerge() -> None:
    old = Catalog(messages=(Message("gone"), Message(PARAGRAPHS[0], msgstr="x")))
    merged = merge(old, template(PARAGRAPHS[0]))
    assert [m.msgid for m in merged.messages] == [PARAGRAPHS[0]]


def test_new_message_is_untranslated_in_document_order() -> None:
    merged = merge(translated(PARAGRAPHS[0], PARAGRAPHS[2]), template(*PARAGRAPHS[:3]))
    assert [m.msgid for m in merged.messages] == PARAGRAPHS[:3]
    assert merged.messages[1].msgstr == "" and not merged.messages[1].fuzzy


def test_merge_twice_is_a_fixed_point() -> None:
    once = merge(translated(*PARAGRAPHS), template(PARAGRAPHS[0], "Brand new.", PARAGRAPHS[3]))
    assert merge(once, template(PARAGRAPHS[0], "Brand new.", PARAGRAPHS[3])) == once


def test_fuzzy_translation_is_not_published() -> None:
    catalog = Catalog(messages=(
        Message("a", msgstr="A", flags=("fuzzy",)), Message("b", msgstr="  "),
        Message("c", msgstr="C"), Message("d", msgstr="D", obsolete=True),
    ))
    assert [m.msgid for m in catalog.messages if m.translated] == ["c"]


def test_memory_exact_match_is_translated_close_match_is_fuzzy() -> None:
    memory = TranslationMemory.from_catalogs({"other-alert": translated(*PARAGRAPHS)})
    close = PARAGRAPHS[2].replace("current", "present")
    merged = merge(Catalog(), template(PARAGRAPHS[0], close, "Unrelated words here."),
                   memory=memory)
    exact, fuzzy, nothing = merged.messages
    assert exact.msgstr == f"FR {PARAGRAPHS[0]}" and not exact.fuzzy
    assert "other-alert" in exact.translator_comments[0]
    assert fuzzy.fuzzy and fuzzy.previous_msgid == PARAGRAPHS[2]
    assert "other-alert" in fuzzy.translator_comments[0]
    assert nothing.msgstr == ""


def test_fuzzy_index_ignores_unrelated_texts() -> None:
    index = FuzzyIndex(PARAGRAPHS)
    assert index.matches("Completely different sentence about weather.") == []
    (score, number), *_ = index.matches(PARAGRAPHS[3].replace("4,000", "5,000"))
    assert number == 3 and score > 0.9


def test_new_catalog_header_for_bambara() -> None:
    catalog = new_catalog(Catalog(header=(("Project-Id-Version", "x"),)), resolve("bm"),
                          revision_date="2026-01-01 00:00+0000")
    assert catalog.header_value("Language") == "bm"
    assert catalog.header_value("Plural-Forms") == "nplurals=1; plural=0;"


def test_decomposed_english_is_the_same_message() -> None:
    import unicodedata

    composed = "Coup d'état à Bamako."
    decomposed = unicodedata.normalize("NFD", composed)
    old = Catalog(messages=(Message(decomposed, msgstr="Coup d’État à Bamako."),))
    merged = merge(old, template(composed))
    (entry,) = merged.messages
    assert entry.msgid == composed and entry.msgstr == "Coup d’État à Bamako."
    assert not entry.fuzzy and not merged.obsolete
