"""A page printed on A4 keeps its sources: each external link's URL after its text, no
navigation, the front-matter facts (headless Chromium's print to PDF, read with pypdf)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from alert_i18n.cli import main

from . import browser as chromium
from .test_site import SLUG

URL = "https://news.un.org/en/story/2020/07/1069111"


@pytest.fixture(scope="module")
def printer() -> Iterator[object]:
    with chromium.context() as opened:
        yield opened.new_page()


def test_printed_page_shows_link_urls_and_facts_without_navigation(
        printer: object, content: Path) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (pip install -e '.[test]')")
    source = content / "source" / f"{SLUG}.md"
    text = source.read_text("utf-8").replace("[UN reported](#)", f"[UN reported]({URL})")
    source.write_text(text, "utf-8")
    main(["-C", str(content), "build", "-f", "html"])
    tab = printer
    tab.goto((content / "build" / "en" / f"{SLUG}.html").as_uri())  # type: ignore[attr-defined]
    pdf = tab.pdf(format="A4")  # type: ignore[attr-defined]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    printed = "\n".join(p.extract_text() for p in reader.pages)
    flat = re.sub(r"\s+", "", printed)
    assert re.sub(r"\s+", "", URL) in flat  # the source survives on paper (maybe wrapped)
    assert "UN reported" in printed
    assert "Emergency" in printed and "Mali" in printed  # the front-matter facts
    assert "Français" not in printed  # the language switcher is navigation: not printed
    assert "Atom" not in printed  # nor the footer's feed link
