"""The one rule for what a page or a ``.mo`` file may use of a catalog.

A translation is published only when it is reviewed (not fuzzy, not empty;
where ``[tool.alert-i18n.review] required`` names its language, also carrying a
current review mark, see ``review``) and passes the blocking checks; in the page
chrome it must also keep the English's ``{placeholders}``, and a plural message
keeps them in each of its forms.  Everything else falls back (to another
language, then English), and each rejection is told with its file and line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from . import check, chrome, review
from .config import Config
from .errors import BuildError
from .languages import spellings
from .localize import inert, normalize
from .model import CHROME_DOMAIN, Catalog, Message, Report
from .workspace import relative


def publishable(
    config: Config, catalog: Catalog, path: Path, report: Report, *, brace_format: bool = False
) -> dict[str, str]:
    """Reviewed translations that pass the blocking checks, by NFC msgid; the rest fall back.

    With ``brace_format`` (the chrome), a translation must also keep the
    English's ``{placeholders}`` exactly.  Each rejection goes into ``report``:
    a note saying why, and an error (exit 1).  Where review is required for the
    catalog's language, an unreviewed translation is left out silently, as a
    fuzzy one is (``check`` counts and names it).  A plural message's forms are
    one value, joined as ``chrome.plural_form`` joins them, each form checked;
    with ``brace_format`` the catalog's ``Plural-Forms`` goes under
    ``chrome.PLURAL_HEADER`` so that the chrome picks forms by its rule.
    """
    table: dict[str, str] = {}
    required = config.review.requires(_language_tag(path))
    for message in catalog.active:
        if not message.translated or message.msgctxt is not None:
            continue
        if review.withheld(message, required=required):
            continue
        if message.msgid_plural is not None:
            # Each form normalized: the separator (NUL) is a control character.
            translation = chrome.PLURAL_SEPARATOR.join(map(normalize, message.msgstr_plural))
            problems = [p for form in message.msgstr_plural
                        for p in check.blocking_problems(message.msgid, normalize(form))]
        else:
            translation = normalize(message.msgstr)
            problems = check.blocking_problems(message.msgid, translation)
        if brace_format:
            problems = [*check.placeholder_problems(message), *problems]
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
    if brace_format and (forms := catalog.header_value("Plural-Forms")):
        table[chrome.PLURAL_HEADER] = forms
    return table


def _language_tag(path: Path) -> str:
    """The language of ``locales/<locale>/LC_MESSAGES/<slug>.po`` (BCP 47)."""
    return spellings(path.parent.parent.name)[0]


def compilable(config: Config, catalog: Catalog, path: Path, report: Report) -> Catalog:
    """``catalog`` with only the messages ``publishable`` keeps: what a ``.mo`` may hold."""
    table = publishable(config, catalog, path, report, brace_format=path.stem == CHROME_DOMAIN)
    kept = tuple(
        _inert(m) for m in catalog.active
        if m.translated and unicodedata.normalize("NFC", m.msgid) in table
    )
    return replace(catalog, messages=kept)


def _inert(message: Message) -> Message:
    """A published message as a ``.mo`` holds it (``localize.inert``): a publisher may
    render it as Markdown."""
    if message.msgid_plural is not None:
        return replace(message, msgstr_plural=tuple(map(inert, message.msgstr_plural)))
    return replace(message, msgstr=inert(message.msgstr))
