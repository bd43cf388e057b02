"""The catalog commands called directly: what each reports, and its refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alert_i18n import commands
from alert_i18n.config import load
from alert_i18n.errors import CatalogError, CombinedError, UsageError

SLUG = "mali-2020-08"


def test_extract_and_update_on_an_unchanged_tree_write_nothing(content: Path) -> None:
    config = load(content)
    extracted = commands.run_extract(config)
    assert extracted.written == [] and extracted.unchanged == 2  # the alert's, the chrome's
    updated = commands.run_update(config, [])
    assert updated.written == [] and not updated.errors
    assert updated.unchanged == 4  # two languages x (the alert, the chrome)


def test_update_needs_a_language_other_than_the_source(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text("# T\n", encoding="utf-8")
    config = load(tmp_path)
    with pytest.raises(UsageError, match="no languages"):
        commands.run_update(config, [])
    with pytest.raises(UsageError, match="is the source language"):
        commands.run_update(config, ["en"])
    report = commands.run_update(config, ["fr"])
    assert report.written == ["locales/fr/LC_MESSAGES/a.po", "locales/fr/LC_MESSAGES/site.po"]


def test_compile_writes_a_mo_beside_each_po(content: Path) -> None:
    report = commands.run_compile(load(content), ["fr"])
    assert sorted(report.written) == [f"locales/fr/LC_MESSAGES/{SLUG}.mo",
                                      "locales/fr/LC_MESSAGES/site.mo"]
    assert (content / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.mo").read_bytes()[:4] in (
        b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")  # the MO magic number


def test_check_names_every_unreadable_catalog(content: Path) -> None:
    statuses = commands.run_check(load(content), [])
    assert [(s.alert, s.language.tag) for s in statuses] == [
        (SLUG, "bm"), (SLUG, "fr"), ("site", "bm"), ("site", "fr")]
    for lang in ("fr", "bm"):
        (content / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po").write_text('msgid "a\n')
    with pytest.raises(CombinedError) as caught:
        commands.run_check(load(content), [])
    assert [e.path for e in caught.value.errors] == [
        f"locales/bm/LC_MESSAGES/{SLUG}.po", f"locales/fr/LC_MESSAGES/{SLUG}.po"]
    shutil.rmtree(content / "locales" / "bm")
    with pytest.raises(CatalogError):
        commands.run_check(load(content), [])
