"""``alert-i18n review``: record reviews in catalogs, or list what is not reviewed.

The I/O around ``review`` (pure): which catalogs, read, mark, write (atomically,
only when something changed).  Nothing but review marks is changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import review
from .config import Config
from .disk import write_if_changed
from .errors import UsageError
from .model import CHROME_DOMAIN, Catalog, Language
from .po.writer import write_po
from .workspace import catalog_path, present, read_catalog, relative, target_languages


@dataclass
class Outcome:
    """What a ``review`` run did or found, as lines to print (``problems`` first, even
    with -q: what was not done)."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


def today() -> str:
    """Today's date in UTC (a review's date when none is given)."""
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def _catalogs(config: Config, language: Language, alerts: Sequence[str]) -> list[Path]:
    if alerts:
        paths = [catalog_path(config, language, slug) for slug in alerts]
        for path in paths:
            if not present(path):
                raise UsageError(f"no catalog {relative(config, path)}: run `alert-i18n update "
                                 f"-l {language.tag}` first")
        return paths
    folder = config.locale_dir / language.locale / "LC_MESSAGES"
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def _languages(config: Config, codes: Sequence[str]) -> list[Language]:
    if not codes:
        raise UsageError("name the language reviewed with -l LANG")
    return target_languages(config, codes)


def record(config: Config, codes: Sequence[str], *, by: str, alerts: Sequence[str] = (),
           msgids: Sequence[str] = (), lines: Sequence[int] = (),
           date: str | None = None) -> Outcome:
    """Mark the selected translations of each language reviewed by ``by``."""
    if lines and len(alerts) != 1:
        raise UsageError("--line needs exactly one --alert: line numbers are per catalog")
    date = date or today()
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
    select = review.select_messages(msgids=msgids, lines=lines)
    outcome = Outcome()
    for language in _languages(config, codes):
        for path in _catalogs(config, language, alerts):
            catalog = read_catalog(config, path)
            try:
                marked, count, skipped = review.record_reviews(catalog, name=by, date=date,
                                                               select=select)
            except ValueError as error:
                raise UsageError(str(error)) from None
            name = relative(config, path)
            if count:
                write_if_changed(path, write_po(marked))
                outcome.written.append(name)
            note = f", {skipped} fuzzy or untranslated skipped" if skipped else ""
            outcome.lines.append(f"{name}: {count} marked reviewed by {' '.join(by.split())} "
                                 f"on {date}{note}")
    if (msgids or lines) and not any(" 0 marked" not in line for line in outcome.lines):
        outcome.lines.append("nothing matched: --msgid takes the exact English text, --line "
                             "the line of the entry in the catalog")
    return outcome


def listing(config: Config, codes: Sequence[str], *, alerts: Sequence[str] = ()) -> Outcome:
    """Every translation not covered by a current review, with its place and state."""
    outcome = Outcome()
    for language in _languages(config, codes):
        required = config.review.requires(language.tag)
        for path in _catalogs(config, language, alerts):
            catalog = read_catalog(config, path)
            name = relative(config, path)
            counts = {state: 0 for state in (review.REVIEWED, review.TRANSLATED, review.FUZZY,
                                             review.UNTRANSLATED)}
            for message in catalog.active:
                state = review.state(message)
                counts[state] += 1
                if state == review.REVIEWED:
                    continue
                stale = state == review.TRANSLATED and review.reviews(message)
                label = "review out of date" if stale else {
                    review.TRANSLATED: "not reviewed", review.FUZZY: "fuzzy",
                    review.UNTRANSLATED: "untranslated"}[state]
                english = " ".join(message.msgid.split())
                english = english if len(english) <= 60 else english[:59] + "…"
                outcome.lines.append(f"{name}:{message.line}: {label}: {english}")
            policy = "review required to publish" if required else (
                "unreviewed is published with a notice" if config.review.notices(language.tag)
                else "review not required")
            total = sum(counts.values())
            outcome.lines.append(
                f"{language.tag} {path.stem if path.stem != CHROME_DOMAIN else 'site'}: "
                f"{counts[review.REVIEWED]} of {total} reviewed, "
                f"{counts[review.TRANSLATED]} translated but not reviewed, "
                f"{counts[review.FUZZY]} fuzzy, {counts[review.UNTRANSLATED]} untranslated "
                f"({policy})")
    return outcome



def sheets(config: Config, codes: Sequence[str], *, alerts: Sequence[str] = (),
           output: Path | None = None) -> Outcome:
    """Write a printable review sheet per alert and language: ``<output>/<lang>/<slug>.html``
    (default ``build/review/``)."""
    from . import sheet

    folder = output if output is not None else config.build_dir / "review"
    outcome = Outcome()
    for language in _languages(config, codes):
        code = config.pivots.get(language.tag)
        pivot_language = config.language(code) if code else None
        for path in _catalogs(config, language, alerts):
            catalog = read_catalog(config, path)
            pivot = None
            if pivot_language is not None:
                pivot_path = catalog_path(config, pivot_language, path.stem)
                pivot = read_catalog(config, pivot_path) if present(pivot_path) else Catalog()
            rows = sheet.entries(catalog, pivot)
            title = next((r.english for r in rows if r.kind.startswith("heading")), path.stem)
            content = sheet.render(
                rows, title=title, language=language.tag, language_name=language.name,
                pivot=pivot_language.tag if pivot_language else None,
                pivot_name=pivot_language.name if pivot_language else "",
                catalog_path=relative(config, path))
            target = folder / language.tag / f"{path.stem}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            if write_if_changed(target, content):
                outcome.written.append(relative(config, target))
            outcome.lines.append(f"wrote {relative(config, target)}: {len(rows)} entries")
    return outcome


def export(config: Config, code: str, *, alert: str | None, fmt: str,
           output: Path | None) -> tuple[bytes, Outcome]:
    """XLIFF 2.0 of one alert's catalog, or TMX of a language's translation memory."""
    from . import __version__, exchange

    language = _languages(config, [code])[0]
    outcome = Outcome()
    if fmt == "xliff":
        if not alert:
            raise UsageError("--format xliff exports one catalog: name it with --alert SLUG")
        path = _catalogs(config, language, [alert])[0]
        data = exchange.export_xliff(
            read_catalog(config, path), source_language=config.source_language,
            target_language=language.tag, file_id=alert, original=relative(config, path))
    else:
        pairs = [(path.stem, message)
                 for path in _catalogs(config, language, [alert] if alert else [])
                 if path.stem != CHROME_DOMAIN
                 for message in read_catalog(config, path).active]
        data = exchange.export_tmx(pairs, source_language=config.source_language,
                                   target_language=language.tag, tool_version=__version__)
    if output is not None:
        write_if_changed(output, data)
        outcome.lines.append(f"wrote {output}")
    return data, outcome


def import_file(config: Config, code: str, *, alert: str, source: Path, by: str | None,
                date: str | None) -> Outcome:
    """Apply an XLIFF 2.0 file to one alert's catalog, through the blocking checks."""
    from . import chrome, exchange
    from .check import blocking_problems
    from .localize import normalize

    language = _languages(config, [code])[0]
    path = _catalogs(config, language, [alert])[0]
    catalog = read_catalog(config, path)

    def check(msgid: str, translation: str) -> list[tuple[str, str, str]]:
        problems = blocking_problems(msgid, normalize(translation))
        if alert == CHROME_DOMAIN and (reason := chrome.unusable(msgid, translation)):
            problems = [("placeholders", "error", reason + "."), *problems]
        return problems

    try:
        data = source.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read: {error.strerror}", path=str(source)) from None
    try:
        result = exchange.import_xliff(catalog, data, origin=source.name, check=check,
                                       reviewer=by, date=date or today())
    except ValueError as error:
        raise UsageError(str(error), path=str(source)) from None
    outcome = Outcome(problems=list(result.refused))
    name = relative(config, path)
    if write_if_changed(path, write_po(result.catalog)):
        outcome.written.append(name)
    outcome.lines.append(f"{name}: {result.changed} translation(s) imported, "
                         f"{result.reviewed} marked reviewed, {len(result.refused)} refused")
    return outcome
