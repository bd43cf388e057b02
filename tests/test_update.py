"""Updating catalogs: properties over random edits, and agreement with GNU msgmerge."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alert_i18n import shortforms
from alert_i18n.catalog import merge, new_catalog
from alert_i18n.extract import template
from alert_i18n.languages import resolve
from alert_i18n.model import Catalog
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po
from alert_i18n.segment import parse_source

from .conftest import Run, gettext_tool, snapshot

WORDS = (
    "Mali civilians forces insurgents government peace violence militia village "
    "protection dialogue leaders groups region Sahel security conflict attacks"
).split()

sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(
    lambda words: " ".join(words).capitalize() + "."
)


def document(paragraphs: list[str]) -> str:
    return "# Alert\n\n" + "\n\n".join(paragraphs) + "\n"


def pot(paragraphs: list[str]) -> Catalog:
    return template(parse_source(document(paragraphs), path="source/a.md"), project="t")


def translate_all(catalog: Catalog) -> Catalog:
    return replace(catalog, messages=tuple(
        replace(m, msgstr=f"«{m.msgid}»") for m in catalog.messages
    ))


def all_translations(catalog: Catalog) -> set[str]:
    return {m.msgstr for m in catalog.messages if m.msgstr}


@st.composite
def edits(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    before = draw(st.lists(sentence, min_size=1, max_size=8, unique=True))
    after = list(before)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["change", "delete", "insert", "move"]))
        if action == "change" and after:
            i = draw(st.integers(0, len(after) - 1))
            after[i] = after[i][:-1] + " " + draw(st.sampled_from(WORDS)) + "."
        elif action == "delete" and after:
            after.pop(draw(st.integers(0, len(after) - 1)))
        elif action == "insert":
            after.insert(draw(st.integers(0, len(after))), draw(sentence))
        elif action == "move" and len(after) > 1:
            after.append(after.pop(0))
    return before, list(dict.fromkeys(after))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_no_translation_is_ever_lost(edit: tuple[list[str], list[str]]) -> None:
    before, after = edit
    base = new_catalog(pot(before), resolve("fr"), revision_date="2026-01-01 00:00+0000")
    old = translate_all(merge(base, pot(before)))
    new = merge(old, pot(after))
    assert all_translations(old) <= all_translations(new)
    assert [m.msgid for m in new.active] == [m.msgid for m in pot(after).active]
    # Files too: what we write reads back the same, and a second update is a no-op.
    text = write_po(new)
    again = merge(read_po(text.encode(), path="a.po"), pot(after))
    assert write_po(again) == text


SCENARIOS = {
    "one changed, one deleted, one added": (
        ["Insurgents have killed thousands of civilians in central Mali.",
         "The roots of the conflict are linked to the Libyan Civil War.",
         "Dialogue between ethnic groups must be fostered by leaders.",
         "Genocide Watch recommends."],
        ["Insurgents have killed many thousands of civilians in central Mali.",
         "Dialogue between ethnic groups must be fostered by leaders.",
         "Humanitarian assistance to Mali must increase this year.",
         "Genocide Watch recommends."],
    ),
    "reordered and revived": (
        ["Security forces arrived in the north.", "Villages need protection now."],
        ["Villages need protection now.", "Security forces arrived in the north.",
         "A brand new sentence about the Sahel region."],
    ),
}


def classify(catalog: Catalog) -> dict[str, str]:
    def state(m) -> str:  # type: ignore[no-untyped-def]
        if m.obsolete:
            return "obsolete"
        if m.fuzzy:
            return f"fuzzy<{m.previous_msgid}>"
        return "translated" if m.msgstr else "untranslated"
    return {m.msgid: state(m) for m in catalog.messages}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_merge_agrees_with_msgmerge(name: str, tmp_path: Path) -> None:
    msgmerge = gettext_tool("msgmerge")
    before, after = SCENARIOS[name]
    base = new_catalog(pot(before), resolve("fr"), revision_date="2026-01-01 00:00+0000")
    old = translate_all(merge(base, pot(before)))
    (tmp_path / "old.po").write_text(write_po(old), encoding="utf-8")
    (tmp_path / "new.pot").write_text(write_po(pot(after)), encoding="utf-8")
    result = subprocess.run(
        [msgmerge, "--quiet", "--previous", "-o", "-", "old.po", "new.pot"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )
    theirs = read_po(result.stdout.encode(), path="msgmerge")
    ours = merge(old, pot(after))
    assert classify(ours) == classify(theirs)
    assert all_translations(ours) == all_translations(theirs)


def test_user_story_change_delete_add(content: Path, cli: Run) -> None:
    """Change one paragraph, delete another, add a third: exactly three entries move."""
    source = content / "source" / "mali-2020-08.md"
    text = source.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    changed = next(i for i, p in enumerate(paragraphs) if p.startswith("Since 2015"))
    deleted = next(i for i, p in enumerate(paragraphs) if p.startswith("In a controversial"))
    old_changed = paragraphs[changed]
    paragraphs[changed] = old_changed.replace("have [spiked dramatically](#)",
                                              "have [spiked sharply](#)")
    paragraphs[deleted] = "Genocide Watch will update this alert as the situation evolves."
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    before = snapshot(content / "locales")
    assert cli("-C", content, "extract")[0] == 0
    assert cli("-C", content, "update")[0] == 0
    for lang in ("fr", "bm"):
        path = f"{lang}/LC_MESSAGES/mali-2020-08.po"
        catalog = read_po((content / "locales" / path).read_bytes(), path=path)
        fuzzy = [m for m in catalog.active if m.fuzzy]
        assert [m.previous_msgid for m in fuzzy] == [old_changed.strip()]
        assert [m.msgid[:18] for m in catalog.obsolete] == ["In a controversial"]
        new = [m for m in catalog.active if not m.msgstr]
        assert [m.msgid for m in new] == [
            "Genocide Watch will update this alert as the situation evolves."
        ]
        assert len(catalog.active) == 15 + len(shortforms.FIELDS)
        # Every other entry is byte for byte what it was: 2 entries left, 3 arrived.
        old_entries = set(before[path].decode().strip().split("\n\n"))
        new_entries = set((content / "locales" / path).read_text("utf-8").strip().split("\n\n"))
        assert len(old_entries - new_entries) == 2
        assert len(new_entries - old_entries) == 3
    after = snapshot(content / "locales")
    assert cli("-C", content, "update")[0] == 0
    assert snapshot(content / "locales") == after


def test_second_alert_arrives_mostly_pretranslated(content: Path, cli: Run) -> None:
    """Translation memory: shared paragraphs are translated, close ones suggested."""
    first = (content / "source" / "mali-2020-08.md").read_text(encoding="utf-8")
    blocks = first.split("\n\n")
    second = "\n\n".join(
        [blocks[0].replace("2020-08", "2021-03"), blocks[1],
         "## Genocide Emergency: Mali March 2021",
         "Violence against civilians in central Mali has continued into 2021.",
         *blocks[-3:]]
    )
    (content / "source" / "mali-2021-03.md").write_text(second, encoding="utf-8")
    assert cli("-C", content, "update")[0] == 0
    for lang in ("fr", "bm"):
        path = content / "locales" / lang / "LC_MESSAGES" / "mali-2021-03.po"
        catalog = read_po(path.read_bytes(), path=str(path))
        states = {m.msgid: (m.translated, m.fuzzy) for m in catalog.active}
        masthead = "Genocide Watch\nThe Alliance Against Genocide"
        assert states[masthead] == (True, False)
        assert states["Genocide Emergency: Mali March 2021"] == (False, True)
        assert states["Violence against civilians in central Mali has continued into 2021."] \
            == (False, False)
        assert sum(translated for translated, _ in states.values()) == len(states) - 2
        heading = next(m for m in catalog.active if m.msgid.endswith("March 2021"))
        assert heading.previous_msgid == "Genocide Emergency: Mali August 2020"
        assert any("mali-2020-08" in c for c in heading.translator_comments)


@pytest.mark.parametrize(("code", "folder", "tag", "direction"), [
    ("ff", "ff", "ff", "ltr"),
    ("ses", "ses", "ses", "ltr"),
    ("bm-Nkoo", "bm_Nkoo", "bm-Nkoo", "rtl"),
    ("bm_Nkoo", "bm_Nkoo", "bm-Nkoo", "rtl"),
])
def test_any_cldr_language_in_one_command(content: Path, cli: Run, code: str, folder: str,
                                          tag: str, direction: str) -> None:
    code_, _, err = cli("-C", content, "update", "-l", code)
    assert code_ == 0, err
    path = content / "locales" / folder / "LC_MESSAGES" / "mali-2020-08.po"
    msgfmt = gettext_tool("msgfmt")
    checked = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    catalog = read_po(path.read_bytes(), path=str(path))
    assert catalog.header_value("Language") == folder
    code_, _, err = cli("-C", content, "build", "-l", code)
    assert code_ == 0, err
    page = (content / "build" / tag / "mali-2020-08.html").read_text(encoding="utf-8")
    assert f'<html lang="{tag}" dir="{direction}">' in page


@pytest.mark.parametrize("code", ["xx", "fr_FR_bogus!", "e", "123"])
def test_unknown_or_malformed_language_is_exit_2_and_no_folder(content: Path, cli: Run,
                                                                code: str) -> None:
    before = snapshot(content)
    exit_code, _, err = cli("-C", content, "update", "-l", code)
    assert exit_code == 2
    assert "language code" in err and "Traceback" not in err
    assert snapshot(content) == before


def test_translator_fields_comments_and_flags_survive_update(content: Path, cli: Run) -> None:
    path = content / "locales" / "fr" / "LC_MESSAGES" / "mali-2020-08.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    header = tuple(
        (k, {"Last-Translator": "Awa Traoré <awa@example.org>",
             "Language-Team": "French <fr@example.org>",
             "PO-Revision-Date": "2026-11-20 10:00+0100"}.get(k, v))
        for k, v in catalog.header
    )
    messages = list(catalog.messages)
    messages[3] = replace(messages[3], translator_comments=("Checked with the editor.",),
                          flags=("no-wrap",))
    edited = write_po(replace(catalog, header=header, messages=tuple(messages)))
    path.write_text(edited, encoding="utf-8")
    assert cli("-C", content, "update")[0] == 0
    assert path.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("kept", ['msgid "Stay indoors."\nmsgstr ""\n',
                                  '#, fuzzy\nmsgid ""\nmsgstr "Language: bm\\n"\n'],
                         ids=["no-header", "header-cut-short"])
def test_a_catalog_without_its_header_gets_one_msgfmt_accepts(content: Path, cli: Run,
                                                              kept: str) -> None:
    """A catalog without a header, or with one cut short: update writes the fields
    gettext's tools look for, and a second update changes nothing.  (An empty file is
    no catalog: it is refused by name, see test_hardening_catalogs.)"""
    path = content / "locales" / "bm" / "LC_MESSAGES" / "mali-2020-08.po"
    path.write_text(kept, encoding="utf-8")
    assert cli("-C", content, "update", "-l", "bm")[0] == 0
    catalog = read_po(path.read_bytes(), path=str(path))
    for field in ("Project-Id-Version", "PO-Revision-Date", "Last-Translator", "Language-Team",
                  "Language", "Content-Type", "Plural-Forms"):
        assert catalog.header_value(field) is not None, field
    assert catalog.header_value("Language") == "bm"
    result = subprocess.run([gettext_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    before = snapshot(content / "locales")
    assert cli("-C", content, "update", "-l", "bm")[0] == 0
    assert snapshot(content / "locales") == before
