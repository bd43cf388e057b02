"""The site build (build, alert_build): each alert in every language, the threshold, the
link rule, replays."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from alert_i18n import build, incremental
from alert_i18n.config import load
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po

SLUG = "mali-2020-08"
PAGES = {f"build/{lang}/{SLUG}.{ext}" for lang in ("en", "fr", "bm") for ext in ("html", "md")}
SITE = {f"build/{lang}/{name}" for lang in ("en", "fr", "bm") for name in ("index.html",
                                                                            "feed.xml")}


def _edit(root: Path, lang: str, change) -> None:  # type: ignore[no-untyped-def]
    path = root / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    messages = tuple(change(m) for m in catalog.messages)
    path.write_text(write_po(dataclasses.replace(catalog, messages=messages)), encoding="utf-8")


def test_a_build_writes_every_page_then_replays(content: Path) -> None:
    config = load(content)
    report = build.run_build(config, [], jobs=1)
    assert not report.errors
    assert set(report.written) == PAGES | SITE | {"build/index.html"}
    assert f"fr: {SLUG}: 15 of 15 messages translated, 0 fell back" in report.notes
    start = incremental.start_build(config, [], build.FORMATS)
    assert start.replayed is not None
    assert start.replayed.written == [] and start.replayed.unchanged == len(report.written)
    assert start.replayed.notes == report.notes  # it still says what it said


def test_a_language_below_the_threshold_is_not_published(content: Path) -> None:
    def unreview(message):  # type: ignore[no-untyped-def]
        return dataclasses.replace(message, flags=("fuzzy",)) if message.line % 2 else message

    _edit(content, "bm", unreview)
    config = dataclasses.replace(load(content), publish_threshold=100)
    report = build.run_build(config, [], jobs=1)
    assert not (content / "build" / "bm").exists()
    assert (content / "build" / "fr" / f"{SLUG}.html").is_file()
    (note,) = [n for n in report.notes if "not published" in n]
    assert note.startswith(f"bm: {SLUG}: not published: ") and "below publish-threshold 100%" \
        in note
    # The other pages do not offer the language that was not published.
    assert 'hreflang="bm"' not in (content / "build" / "en" / f"{SLUG}.html").read_text("utf-8")


def test_a_translation_that_links_elsewhere_falls_back_to_english(content: Path) -> None:
    def relink(message):  # type: ignore[no-untyped-def]
        return dataclasses.replace(message, msgstr=message.msgstr.replace("](#)", "](#x)"))

    _edit(content, "fr", relink)
    report = build.run_build(load(content), [], jobs=1)
    rejected = [str(e) for e in report.errors]
    assert rejected and all(e.endswith(": [links] translation rejected") for e in rejected)
    assert all(e.startswith(f"locales/fr/LC_MESSAGES/{SLUG}.po:") for e in rejected)
    page = (content / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")
    assert 'href="#x"' not in page and 'lang="en"' in page  # those passages: in English
    assert not any("/bm/" in e for e in rejected)


def test_writing_one_language_still_lists_every_language(content: Path) -> None:
    report = build.run_build(load(content), ["fr"], jobs=1)
    assert not (content / "build" / "bm").exists()
    assert {p for p in report.written if SLUG in p} == {p for p in PAGES if "/bm/" not in p}
    english = (content / "build" / "en" / f"{SLUG}.html").read_text("utf-8")
    assert 'hreflang="bm"' in english  # bm is published (built earlier, or later)
