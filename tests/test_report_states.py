"""The status page says how far each language has come, apart from the gate."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import Run
from .test_check import site


def test_a_language_at_zero_percent_is_not_started_not_ready(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-clean.po", bm="fr-partial.po")
    languages = ("-l", "fr", "-l", "bm", "-l", "ff")
    code, out, _ = cli("-C", root, "check", *languages)
    assert code == 0
    assert re.search(r"^fr  Français .*complete\s+gate: PASSED$", out, re.M)
    assert re.search(r"^bm  Bamanakan .*in progress\s+gate: PASSED with", out, re.M)
    assert re.search(r"^ff  Pulaar\s+0\.0% .*not started\s+gate: PASSED", out, re.M)
    assert "complete: fr; in progress: bm; not started: ff\n" in out

    code, out, _ = cli("-C", root, "check", *languages, "--format", "json")
    report = json.loads(out)
    assert report["states"] == {"complete": ["fr"], "in progress": ["bm"],
                                "not started": ["ff"]}
    assert [(lang["language"], lang["state"], lang["passed"])
            for lang in report["languages"]] == [
        ("fr", "complete", True), ("bm", "in progress", True), ("ff", "not started", True)]
    assert {c["language"]: c["state"] for c in report["catalogs"]}["ff"] == "not started"

    output = tmp_path / "status.html"
    assert cli("-C", root, "check", *languages, "--format", "html", "--output", output)[0] == 0
    page = output.read_text(encoding="utf-8")
    assert "ready to publish" not in page
    assert "Every language passes the gate, but not every one is complete" in page
    card = page.split('<span lang="ff"')[2].split("</li>")[0]  # the header names it first
    assert '<span class="state not-started">Not started</span>' in card
    assert 'class="verdict passed"' not in card  # no green for nothing translated
    assert 'gate: PASSED' in card


def test_every_language_complete_says_so(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-clean.po", bm="bm-clean.po")
    output = tmp_path / "status.html"
    assert cli("-C", root, "check", "--format", "html", "--output", output)[0] == 0
    assert "Every language is complete and passes the gate." in output.read_text("utf-8")
