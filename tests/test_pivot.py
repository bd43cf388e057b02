"""The pivot language's translation as a translator comment, kept by update and msgmerge."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from alert_i18n import pivot, review
from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po

from .conftest import Run, gettext_tool


def test_annotate_adds_changes_and_removes_pivot_comments() -> None:
    bm = Catalog(messages=(
        Message("a", msgstr="A", translator_comments=("fr: old", "mine")),
        Message("b\nc", msgstr=""),
        Message("d", msgstr="D", translator_comments=("fr: gone",)),
    ))
    fr = Catalog(messages=(
        Message("a", msgstr="é"),
        review.record(Message("b\nc", msgstr="x\ny"), name="R", date="2026-01-01"),
        Message("d", msgstr="dd", flags=("fuzzy",)),  # not published: not shown
    ))
    out = pivot.annotate(bm, fr, code="fr")
    assert [m.translator_comments for m in out.messages] == [
        ("fr: é", "mine"), ("fr (reviewed): x\\ny",), ()]
    assert pivot.pivot_text("fr", out.messages[1]) == "x\ny"
    assert pivot.annotate(out, fr, code="fr") == out  # stable


def test_update_writes_the_french_and_follows_it(content: Path, cli: Run) -> None:
    bm = content / "locales/bm/LC_MESSAGES/mali-2020-08.po"
    fr = content / "locales/fr/LC_MESSAGES/mali-2020-08.po"
    assert cli("-C", content, "update")[0] == 0
    text = bm.read_text(encoding="utf-8")
    assert re.search(r"^# fr: Urgence génocide\s: Mali, août 2020$", text, re.M)
    fr.write_text(fr.read_text(encoding="utf-8").replace(": Mali, août", ": le Mali, août"),
                  encoding="utf-8")
    assert cli("-C", content, "update")[0] == 0
    assert re.search(r"^# fr: Urgence génocide\s: le Mali, août 2020$",
                     bm.read_text(encoding="utf-8"), re.M)


def test_msgmerge_keeps_the_pivot_comment(content: Path, tmp_path: Path) -> None:
    msgmerge = gettext_tool("msgmerge")
    bm = content / "locales/bm/LC_MESSAGES/mali-2020-08.po"
    out = tmp_path / "merged.po"
    subprocess.run([msgmerge, "--quiet", "--previous", "-o", out, bm,
                    content / "locales/mali-2020-08.pot"], check=True)
    catalog = read_po(out.read_bytes(), path=str(out))
    assert all(pivot.pivot_text("fr", m) for m in catalog.active)
    assert out.read_bytes() == bm.read_bytes()


def test_french_filled_by_memory_reaches_the_bambara_in_the_same_run(
        content: Path, cli: Run) -> None:
    """A new alert repeating a paragraph: translation memory gives the French its text,
    and the Bambara catalog shows it at once (a second update changes nothing)."""
    english = (content / "source" / "mali-2020-08.md").read_text(encoding="utf-8")
    paragraph = next(line for line in english.splitlines()
                     if line.startswith("Genocide Watch is issuing"))
    (content / "source" / "second.md").write_text(
        f"---\ndate: 2026-12-06\n---\n\n# Second\n\n{paragraph}\n", encoding="utf-8")
    assert cli("-C", content, "update")[0] == 0
    bambara = read_po((content / "locales/bm/LC_MESSAGES/second.po").read_bytes(), path="bm")
    french = read_po((content / "locales/fr/LC_MESSAGES/second.po").read_bytes(), path="fr")
    [filled] = [m for m in french.active if m.msgid == paragraph]
    assert filled.translated and not filled.fuzzy  # from the memory, exact
    [shown] = [m for m in bambara.active if m.msgid == paragraph]
    assert pivot.pivot_text("fr", shown) == filled.msgstr
    code, out, _ = cli("-C", content, "update")
    assert code == 0 and "updated 0 file(s)" in out
