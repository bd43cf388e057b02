"""``update`` reaches its fixed point in one run, and treats reviewed entries as msgmerge does."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

from alert_i18n.catalog import merge
from alert_i18n.model import Catalog
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po

from .conftest import Run, gettext_tool, snapshot

OGOSSAGOU = "The militia attacked the village of Ogossagou at dawn, killing many."
SOBANE = "The militia attacked the village of Sobane at dawn, killing many."


def _read(path: Path) -> Catalog:
    return read_po(path.read_bytes(), path=str(path))


def _translate(path: Path, table: dict[str, str]) -> None:
    catalog = _read(path)
    messages = tuple(replace(m, msgstr=table.get(m.msgid, m.msgstr)) for m in catalog.messages)
    path.write_text(write_po(replace(catalog, messages=messages)), encoding="utf-8")


def test_one_update_reaches_the_fixed_point(tmp_path: Path, cli: Run) -> None:
    """A text translated in one alert only, which another alert receives from the
    memory in this run, is suggested to the first alert's similar message in the
    same run: the second run used to add that suggestion."""
    (tmp_path / "pyproject.toml").write_text('[tool.alert-i18n]\nlanguages = ["fr"]\n')
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.md").write_text(f"# First alert\n\n{OGOSSAGOU}\n\n{SOBANE}\n")
    assert cli("-C", tmp_path, "update")[0] == 0
    first = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "a.po"
    _translate(first, {"First alert": "Première alerte",
                       OGOSSAGOU: "La milice a attaqué le village d’Ogossagou à l’aube."})
    (source / "b.md").write_text(f"# Second alert\n\n{OGOSSAGOU}\n")
    assert cli("-C", tmp_path, "update")[0] == 0
    once = snapshot(tmp_path / "locales")
    second = _read(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "b.po")
    assert next(m for m in second.active if m.msgid == OGOSSAGOU).translated
    sobane = next(m for m in _read(first).active if m.msgid == SOBANE)
    assert sobane.fuzzy and sobane.previous_msgid == OGOSSAGOU
    assert sobane.translator_comments == ("source: memory:b",)
    code, out, _ = cli("-C", tmp_path, "update")
    assert code == 0 and "updated 0 file(s)" in out
    assert snapshot(tmp_path / "locales") == once


def test_a_reviewed_entry_loses_its_previous_msgid_as_with_msgmerge(tmp_path: Path) -> None:
    """A translator cleared ``fuzzy`` and left the ``#|`` lines: msgmerge --previous
    drops them; so does update.  A fuzzy entry keeps them in both."""
    msgmerge = gettext_tool("msgmerge")
    old = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
        '#| msgid "The old English text."\nmsgid "The new English text."\n'
        'msgstr "Le nouveau texte."\n\n'
        '#, fuzzy\n#| msgid "Another old text."\nmsgid "Another new text."\n'
        'msgstr "Un autre texte."\n'
    )
    template = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The new English text."\nmsgstr ""\n\n'
        'msgid "Another new text."\nmsgstr ""\n'
    )
    (tmp_path / "old.po").write_text(old, encoding="utf-8")
    (tmp_path / "new.pot").write_text(template, encoding="utf-8")
    result = subprocess.run([msgmerge, "--quiet", "--previous", "-o", "-", "old.po", "new.pot"],
                            cwd=tmp_path, capture_output=True, text=True, check=True)
    theirs = read_po(result.stdout.encode(), path="msgmerge")
    ours = merge(read_po(old.encode(), path="old.po"),
                 read_po(template.encode(), path="new.pot"))

    def state(catalog: Catalog) -> list[tuple[str, str | None, bool]]:
        return [(m.msgid, m.previous_msgid, m.fuzzy) for m in catalog.active]

    assert state(ours) == state(theirs) == [
        ("The new English text.", None, False),
        ("Another new text.", "Another old text.", True),
    ]
    assert '#| msgid "The old' not in write_po(ours)


def test_a_translation_revived_from_obsolete_is_in_memory_in_the_same_run(
    tmp_path: Path, cli: Run
) -> None:
    """An English text that comes back revives its obsolete translation; a similar text of
    another alert is offered it in that run, not in the next."""
    (tmp_path / "pyproject.toml").write_text('[tool.alert-i18n]\nlanguages = ["fr"]\n')
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.md").write_text(f"# First alert\n\n{OGOSSAGOU}\n")
    assert cli("-C", tmp_path, "update")[0] == 0
    first = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "a.po"
    _translate(first, {OGOSSAGOU: "La milice a attaqué le village d’Ogossagou à l’aube."})
    (source / "a.md").write_text("# First alert\n\nSomething else entirely.\n")
    assert cli("-C", tmp_path, "update")[0] == 0
    assert [m.msgid for m in _read(first).obsolete] == [OGOSSAGOU]
    (source / "a.md").write_text(f"# First alert\n\n{OGOSSAGOU}\n")
    (source / "b.md").write_text(f"# Second alert\n\n{SOBANE}\n")
    assert cli("-C", tmp_path, "update")[0] == 0
    once = snapshot(tmp_path / "locales")
    second = _read(tmp_path / "locales" / "fr" / "LC_MESSAGES" / "b.po")
    sobane = next(m for m in second.active if m.msgid == SOBANE)
    assert sobane.fuzzy and sobane.previous_msgid == OGOSSAGOU
    assert cli("-C", tmp_path, "update")[0] == 0
    assert snapshot(tmp_path / "locales") == once
