"""Debian's headless Chromium for the tests: one place that knows how it is started here.

Two ways in: ``context()`` drives it with Playwright (layout, printing, audio,
the preview's reload); ``dump_dom()`` runs the binary alone and returns the
document after its scripts and timers ran (what would have executed).
Either skips the test, saying how to install what is missing.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
MISSING = ("Chromium is not installed at /usr/bin/chromium (.ci/run installs it with "
           "apt-get install chromium)")
# No sandbox (a container), no GPU, and nothing fetched on its own: the tests' pages only.
FLAGS = ("--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update")

needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason=MISSING)


@contextlib.contextmanager
def context(*flags: str, **options: Any) -> Iterator[Any]:
    """A Playwright browser context in a fresh profile (``options``: Playwright's, such as
    ``viewport``); the test is skipped without Playwright or Chromium."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        pytest.skip(MISSING)
    with tempfile.TemporaryDirectory() as profile, sync_api.sync_playwright() as playwright:
        opened = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=[*FLAGS, *flags],
            **options)
        try:
            yield opened
        finally:
            opened.close()


def dump_dom(page: Path, scratch: Path) -> str:
    """The DOM of ``page`` after loading, scripts and timers included, in a fresh profile."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=scratch))
    result = subprocess.run(
        [str(CHROMIUM), "--headless", *FLAGS, f"--user-data-dir={profile}",
         "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<html" in result.stdout, "Chromium dumped no document"
    return result.stdout
