"""The printable review sheet: rows, states, and A4 printing in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from alert_i18n import review, sheet
from alert_i18n.model import Catalog, Message

from . import browser as chromium
from .conftest import Run


def test_rows_carry_pivot_and_state() -> None:
    reviewed = review.record(Message("b", msgstr="B"), name="R", date="2026-01-01")
    stale = Message("c", msgstr="C2", translator_comments=reviewed.translator_comments)
    catalog = Catalog(messages=(
        Message("a", msgstr="", extracted_comments=("heading 2",)),
        reviewed, stale, Message("d", msgstr="D", flags=("fuzzy",)),
    ))
    pivot = Catalog(messages=(Message("a", msgstr="A-fr"), Message("b", msgstr="B-fr",
                                                                   flags=("fuzzy",))))
    rows = sheet.entries(catalog, pivot)
    assert [(r.state, r.pivot) for r in rows] == [
        ("untranslated", "A-fr"), ("reviewed", None), ("stale", None), ("fuzzy", None)]
    assert rows[0].kind == "heading 2" and rows[1].label == "reviewed by R, 2026-01-01"
    html = sheet.render(rows, title="T <x>", language="bm", language_name="Bamanankan",
                        pivot="fr", pivot_name="Français")
    assert "T &lt;x&gt;" in html and "<script" not in html
    assert html.count('<td class="write">') == 4


def test_review_sheet_command_writes_self_contained_pages(content: Path, cli: Run) -> None:
    code, out, _ = cli("-C", content, "review-sheet", "-l", "bm", "--alert", "mali-2020-08")
    assert code == 0 and "build/review/bm/mali-2020-08.html: 18 entries" in out
    html = (content / "build/review/bm/mali-2020-08.html").read_text(encoding="utf-8")
    assert "<th>Français</th>" in html and "<th>Bamanankan</th>" in html
    assert "Urgence génocide" in html and "Siya halakili kɔrɔtɔko" in html
    assert html.count("not reviewed") == 18
    assert not re.search(r"(src|href)=", html)  # nothing fetched
    # build/review/ is not a language folder: the build does not name it.
    _, out, _ = cli("-C", content, "build", "-j", "1")
    assert "build/review/" not in out


def test_review_sheet_prints_on_a4(content: Path, cli: Run) -> None:
    assert cli("-C", content, "review-sheet", "-l", "bm", "--alert", "mali-2020-08")[0] == 0
    path = content / "build/review/bm/mali-2020-08.html"
    with chromium.context() as opened:
        tab = opened.new_page()
        tab.goto(path.as_uri())
        tab.emulate_media(media="print")
        tab.set_viewport_size({"width": 718, "height": 1000})  # 190 mm at 96 dpi
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        pdf = tab.pdf(format="A4")
    assert overflow <= 0
    assert pdf.startswith(b"%PDF")
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert boxes and all(abs(float(w) - 595.92) < 2 and abs(float(h) - 842.88) < 2
                         for w, h in boxes), boxes
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2  # 15 entries with room to write
