"""The Babel extraction method registered for ``pybabel extract``."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from alert_i18n.babel_extract import extract_markdown

from .conftest import REPO


def test_entry_point_is_registered() -> None:
    names = {e.name: e.value for e in entry_points(group="babel.extractors")}
    assert names.get("alert_markdown") == "alert_i18n.babel_extract:extract_markdown"


def test_extractor_yields_blocks_with_lines_and_kinds() -> None:
    text = b"# Title\n\nFirst  \nsecond\n\n- item\n"
    found = list(extract_markdown(io.BytesIO(text), [], [], {}))
    assert found == [
        (1, None, "Title", ["heading 1"]),
        (3, None, "First\nsecond", ["paragraph; \\n is a line break: keep it"]),
        (6, None, "item", ["list item"]),
    ]


def test_pybabel_extract_reads_the_sample(tmp_path: Path) -> None:
    pybabel = shutil.which("pybabel")
    if pybabel is None:
        pytest.skip("pybabel is not on PATH")
    shutil.copytree(REPO / "source", tmp_path / "source")
    (tmp_path / "babel.cfg").write_text("[alert_markdown: source/**.md]\n")
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-o", "messages.pot", "--add-comments=", "."],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    pot = (tmp_path / "messages.pot").read_text(encoding="utf-8")
    assert 'msgid "Genocide Emergency: Mali August 2020"' in pot
    assert "source/mali-2020-08.md:18" in pot
    assert "#. headline, front matter; budget: 1 SMS segment" in pot
