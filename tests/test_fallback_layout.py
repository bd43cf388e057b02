"""Pages that fall back: one notice, and labels that keep their own language and direction."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import Run


def _untranslate(path: Path, *starts: str) -> None:
    """Empty the translations of the entries whose English starts with one of ``starts``."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for index, block in enumerate(blocks):
        if any(f'msgid "{start}' in block or f'msgid ""\n"{start}' in block for start in starts):
            blocks[index] = block.partition("\nmsgstr ")[0] + '\nmsgstr ""'
    path.write_text("\n\n".join(blocks), encoding="utf-8")


def test_one_notice_when_passages_fall_back_to_two_languages(content: Path, cli: Run) -> None:
    messages = content / "locales" / "{}" / "LC_MESSAGES" / "mali-2020-08.po"
    _untranslate(Path(str(messages).format("bm")), "The roots of", "After the fall",
                 "In April 2012")
    _untranslate(Path(str(messages).format("fr")), "The roots of")  # bm -> fr -> en
    code, _, err = cli("-C", content, "build", "-l", "bm")
    assert code == 0, err
    page = (content / "build" / "bm" / "mali-2020-08.html").read_text(encoding="utf-8")
    notices = re.findall(r'<p class="notice"[^>]*>(.*?)</p>', page)
    assert len(notices) == 1, notices
    assert "3" in notices[0] and "15" in notices[0]  # every passage that fell back, once
    assert "tubabukan" in notices[0] and "angilɛkan" in notices[0]  # French and English
    assert '<p dir="ltr" lang="en">The roots' in page
    assert page.count('<p dir="ltr" lang="fr">') == 2


def test_labels_that_fell_back_keep_their_direction_on_a_right_to_left_page(
    content: Path, cli: Run
) -> None:
    """An untranslated N'Ko page: English labels read "Published 08/2020" left to right,
    and the site's English name says it is English."""
    assert cli("-C", content, "update", "-l", "bm-Nkoo")[0] == 0
    code, _, err = cli("-C", content, "build", "-l", "bm-Nkoo", "-l", "fr")
    assert code == 0, err
    page = (content / "build" / "bm-Nkoo" / "mali-2020-08.html").read_text(encoding="utf-8")
    assert '<html lang="bm-Nkoo" dir="rtl">' in page
    assert ('<div dir="ltr"><dt lang="en" dir="ltr">Published</dt><dd dir="rtl">'
            '<time datetime="2020-08">08/2020</time></dd></div>') in page
    assert '<div dir="ltr"><dt lang="en" dir="ltr">Alert level</dt>' in page
    assert '<p class="site"><a href="index.html" lang="en" dir="ltr">' in page
    french = (content / "build" / "fr" / "mali-2020-08.html").read_text(encoding="utf-8")
    assert '<p class="site"><a href="index.html" lang="en">' in french  # the language only
    assert "<div><dt>Date de publication</dt><dd>" in french
