"""``alert-i18n new`` and ``init``: a new alert and a new site that build as they are."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from alert_i18n import scaffold
from alert_i18n.segment import parse_source

from .conftest import Run, snapshot


def test_new_writes_an_alert_with_todays_date(content: Path, cli: Run) -> None:
    code, out, err = cli("-C", content, "new", "mali-2021-03", "--title",
                         "Genocide Warning: Mali March 2021")
    assert (code, out, err) == (0, "wrote source/mali-2021-03.md\n", "")
    text = (content / "source" / "mali-2021-03.md").read_text(encoding="utf-8")
    assert text.startswith(f"---\ndate: {datetime.date.today().isoformat()}\n")
    for key in ("country", "level", "stage", "headline", "sms", "instruction"):
        assert f"\n# {key}:" in text  # a place for each, for the editor to fill
    document = parse_source(text, path="source/mali-2021-03.md")
    assert document.segments[0].msgid == "Genocide Warning: Mali March 2021"
    assert cli("-C", content, "extract")[0] == 0
    assert cli("-C", content, "update")[0] == 0
    code, _, err = cli("-C", content, "build")
    assert code == 0, err
    assert (content / "build" / "fr" / "mali-2021-03.html").is_file()


@pytest.mark.parametrize(("slug", "message"), [
    ("mali-2020-08", "exists already"),
    ("Mali_2021", "is not an alert name"),
    ("mali--2021", "is not an alert name"),
    ("../escape", "is not an alert name"),
    ("site", "taken by the site's own pages"),
    ("index", "taken by the site's own pages"),
])
def test_new_refuses_a_bad_or_existing_slug(content: Path, cli: Run, slug: str,
                                            message: str) -> None:
    before = snapshot(content)
    code, _, err = cli("-C", content, "new", slug)
    assert code == 2 and message in err and "Traceback" not in err
    assert snapshot(content) == before


def test_init_makes_a_site_that_builds(tmp_path: Path, cli: Run) -> None:
    code, out, err = cli("-C", tmp_path, "init", "alerts")
    assert code == 0, err
    site = tmp_path / "alerts"
    assert "next:" in out
    settings = (site / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.alert-i18n]\n" in settings and "# languages = " in settings
    assert (site / f"source/{scaffold.FIRST}.md").is_file() and (site / "locales").is_dir()
    assert cli("-C", site, "update", "-l", "fr")[0] == 0
    code, _, err = cli("-C", site, "build")
    assert code == 0, err
    assert (site / "build" / "fr" / f"{scaffold.FIRST}.html").is_file()


def test_init_refuses_to_overwrite(tmp_path: Path, cli: Run) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'mine'\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = cli("-C", tmp_path, "init")
    assert code == 2 and "pyproject.toml would be overwritten" in err
    assert snapshot(tmp_path) == before
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    (tmp_path / "pyproject.toml").unlink()
    assert cli("-C", tmp_path, "init")[0] == 0  # other files are no obstacle
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "kept"
