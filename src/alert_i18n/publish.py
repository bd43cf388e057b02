"""The one rule for what a page or a ``.mo`` file may use of a catalog.

A translation is published only when it is reviewed (not fuzzy, not empty)
and passes the blocking checks; in the page chrome it must also keep the
English's ``{placeholders}``.  Everything else falls back (to another
language, then English), and each rejection is told with its file and line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from . import check, chrome
from .config import Config
from .errors import BuildError
from .localize import normalize
from .model import CHROME_DOMAIN, Catalog, Report
from .workspace import relative


def publishable(
    config: Config, catalog: Catalog, path: Path, report: Report, *, brace_format: bool = False
) -> dict[str, str]:
    """Reviewed translations that pass the blocking checks, by NFC msgid; the rest fall back.

    With ``brace_format`` (the chrome), a translation must also keep the
    English's ``{placeholders}`` exactly.  Each rejection goes into ``report``:
    a note saying why, and an error (exit 1).
    """
    table: dict[str, str] = {}
    for message in catalog.active:
        if not message.translated or message.msgctxt is not None:
            continue
        translation = normalize(message.msgstr)
        problems = check.blocking_problems(message.msgid, translation)
        reason = chrome.unusable(message.msgid, translation) if brace_format else None
        if reason is not None:
            problems = [("placeholders", "error", reason + "."), *problems]
        if problems:
            name, _, sentence = problems[0]
            report.notes.append(
                f"{relative(config, path)}:{message.line}: [{name}] {sentence} "
                "The English text is published instead."
            )
            report.errors.append(
                BuildError(f"[{name}] translation rejected", path=relative(config, path),
                           line=message.line)
            )
            continue
        # Keys are NFC, as the segmenter's msgids are (see segment.parse_source).
        table[unicodedata.normalize("NFC", message.msgid)] = translation
    return table


def compilable(config: Config, catalog: Catalog, path: Path, report: Report) -> Catalog:
    """``catalog`` with only the messages ``publishable`` keeps: what a ``.mo`` may hold."""
    table = publishable(config, catalog, path, report, brace_format=path.stem == CHROME_DOMAIN)
    kept = tuple(
        m for m in catalog.active
        if m.translated and unicodedata.normalize("NFC", m.msgid) in table
    )
    return replace(catalog, messages=kept)
