"""A small site written as files, for the black-box hardening tests (issue 17).

Catalogs are written here as plain PO text, not through the package, so that the
tests keep working whatever the modules inside ``src/`` become.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

SLUG = "alert"
HEADER = {
    "Project-Id-Version": "alert",
    "Language": "fr",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n > 1);",
}


def po_string(text: str) -> str:
    """``text`` as one quoted PO string."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\t", "\\t"))
    return f'"{escaped}"'


def po_text(messages: dict[str, str], *, header: dict[str, str] | None = None) -> str:
    """A PO catalog holding ``messages`` (msgid -> msgstr) under ``header``."""
    fields = dict(HEADER, **(header or {}))
    head = "".join(f"{po_string(f'{k}: {v}' + chr(10))}\n" for k, v in fields.items())
    lines = ['msgid ""', 'msgstr ""', head]
    for msgid, msgstr in messages.items():
        lines.append(f"msgid {po_string(msgid)}\nmsgstr {po_string(msgstr)}\n")
    return "\n".join(lines)


def make_site(root: Path, english: str, french: dict[str, str], *,
              header: dict[str, str] | None = None, slug: str = SLUG) -> Path:
    """A content root: ``source/<slug>.md`` and its French catalog; returns the catalog."""
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "source" / f"{slug}.md").write_text(english, encoding="utf-8")
    if not (root / "pyproject.toml").exists():
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    catalog = root / "locales" / "fr" / "LC_MESSAGES" / f"{slug}.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text(po_text(french, header=header), encoding="utf-8")
    return catalog


def run_cli(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m alert_i18n`` in its own process, killed after ``timeout`` seconds
    (``subprocess.TimeoutExpired`` then)."""
    return subprocess.run(
        [sys.executable, "-m", "alert_i18n", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, check=False,
    )
