"""Where each catalog stands: completeness counts, review counts and the CI gate.

``catalog_status`` counts one catalog against the template computed from the
source and runs every check in ``check.CHECKS`` on each translation that is
published or counted as such; ``passed`` is the gate ``check`` exits on.
Nothing here reads files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import plurals, review
from .catalog import nfc_key
from .check import count_words, placeholder_problems, problems
from .glossary import Glossary
from .glossary import findings as glossary_findings
from .model import CHROME_DOMAIN, Catalog, Finding, Language, Location, Message


def floor_percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, one decimal, rounded down: 100.0 means all."""
    if whole == 0:
        return 100.0
    return (part * 1000 // whole) / 10


@dataclass(frozen=True)
class Counts:
    """Messages (or their English words) by state.  Obsolete is not part of total."""

    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    reviewed: int = 0  # of the translated, those with a current review mark

    @property
    def percent(self) -> float:
        return floor_percent(self.translated, self.total)

    @property
    def reviewed_percent(self) -> float:
        return floor_percent(self.reviewed, self.total)

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, int, int, int, int, int]:
        return (self.total, self.translated, self.fuzzy, self.untranslated, self.obsolete,
                self.reviewed)


@dataclass(frozen=True)
class Status:
    """One alert in one language: counts, words, and the problems found."""

    alert: str
    language: Language
    path: str  # the catalog, repository-relative (it may not exist)
    exists: bool
    messages: Counts
    words: Counts
    findings: tuple[Finding, ...] = ()
    min_reviewed: float | None = None  # review gate (check --min-reviewed), set by the caller

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def failures(self, *, fail_under: float | None) -> list[str]:
        """Why this catalog fails the gate (empty when it passes)."""
        reasons = []
        if fail_under is not None and self.messages.percent < fail_under:
            reasons.append(f"{self.messages.percent:g}% translated, below {fail_under:g}%")
        if (self.min_reviewed is not None
                and self.messages.reviewed_percent < self.min_reviewed):
            reasons.append(f"{self.messages.reviewed_percent:g}% reviewed, below "
                           f"{self.min_reviewed:g}%")
        if self.errors:
            reasons.append(f"{self.errors} error{'s' if self.errors > 1 else ''}")
        return reasons


def _origin(message: Message) -> Location:
    """Where a template message comes from in the source (its first reference)."""
    for reference in message.references:
        path, _, line = reference.rpartition(":")
        if path and line.isdigit():
            return Location(path, int(line))
    return Location(message.references[0] if message.references else "")


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(English, translation) of each form of a translated message."""
    if message.msgid_plural is None:
        return [(message.msgid, message.msgstr)]
    return [(message.msgid if index == 0 else message.msgid_plural, text)
            for index, text in enumerate(message.msgstr_plural)]


def message_findings(message: Message, *, path: str, locale: str) -> list[Finding]:
    """Every check's findings on one reviewed catalog entry, located at its msgid."""
    where = Location(path, message.line)
    found: dict[tuple[str, str, str], None] = {}
    for source, translation in _pairs(message):
        for name, severity, sentence in problems(source, translation, locale=locale):
            found.setdefault((name, severity, sentence))
    if PurePosixPath(path).stem == CHROME_DOMAIN:
        for name, severity, sentence in placeholder_problems(message):
            found.setdefault((name, severity, sentence))
    return [Finding(severity, name, where, sentence, message.msgid)
            for name, severity, sentence in found]


def _judge(
    source: Message, entry: Message | None, *, catalog: Catalog | None, path: str,
    language: Language, review_required: bool,
) -> tuple[str, list[Finding]]:
    """How ``catalog_status`` counts one message of the template (translated, fuzzy or
    untranslated), and what its checks find.  Where review is required, a translation
    without a current review mark counts as fuzzy."""
    if entry is None:
        if catalog is None:
            return "untranslated", []
        return "untranslated", [Finding(
            "warning", "missing", _origin(source),
            f"this English text is not in {path} (the catalog is older than the "
            "source): run `alert-i18n update`, then translate it.", source.msgid,
        )]
    if entry.fuzzy:
        return "fuzzy", [Finding(
            "warning", "fuzzy", Location(path, entry.line),
            "needs review: this is a suggestion made for an older English text and is "
            "not published. Check it against the English, correct it, clear the fuzzy "
            "mark.", entry.msgid,
        )]
    if not entry.translated:
        return "untranslated", []
    findings = message_findings(entry, path=path, locale=language.locale)
    if review.withheld(entry, required=review_required):
        return "fuzzy", [Finding(
            "warning", "unreviewed", Location(path, entry.line),
            f"not reviewed: review is required for {language.english_name}, so this "
            "translation is not published until a reviewer records a review "
            "(`alert-i18n review`).", entry.msgid,
        ), *findings]
    return "translated", findings


def catalog_status(
    *, alert: str, language: Language, path: str,
    template: Catalog | None, catalog: Catalog | None,
    review_required: bool = False, terms: Glossary | None = None,
) -> Status:
    """Count ``catalog`` against ``template`` (from the source) and check each translation.

    A message of the template missing from the catalog is untranslated; an
    entry the template no longer has is reported and not counted; obsolete
    entries are counted apart.  Without a template (no source for the
    catalog), the catalog's own entries are counted.
    """
    findings: list[Finding] = []
    entries = {nfc_key(m): m for m in catalog.active} if catalog is not None else {}
    expected = template.active if template is not None else tuple(entries.values())
    state: Counter[str] = Counter()
    wordcount: Counter[str] = Counter()
    for source in expected:
        entry = entries.get(nfc_key(source))
        kind, found = _judge(source, entry, catalog=catalog, path=path, language=language,
                             review_required=review_required)
        findings += found
        if (kind == "translated" and entry is not None
                and review.current_review(entry) is not None):
            state["reviewed"] += 1
            wordcount["reviewed"] += count_words(source.msgid)
        if terms is not None and entry is not None and kind != "untranslated":
            findings += glossary_findings(terms, entry, path=path)  # glossary hook
        state[kind] += 1
        wordcount[kind] += count_words(source.msgid)
    if catalog is None:
        findings.append(Finding(
            "warning", "missing", Location(path),
            f"no catalog for {language.english_name}: run `alert-i18n update -l "
            f"{language.tag}` to create it; every message is untranslated.",
        ))
    elif template is None:
        findings.append(Finding(
            "warning", "stale", Location(path),
            f"no source for the alert {alert!r}: this catalog is not used by the build.",
        ))
    else:
        wanted = {nfc_key(m) for m in template.active}
        findings += [
            Finding("warning", "stale", Location(path, entry.line),
                    "this entry is no longer in the English source and is not published: "
                    "run `alert-i18n update` to make it obsolete.", entry.msgid)
            for entry in catalog.active if nfc_key(entry) not in wanted
        ]
    if catalog is not None:
        findings += plural_forms_findings(catalog, language, path)
    obsolete = catalog.obsolete if catalog is not None else ()

    def counts(numbers: Counter[str], old: int) -> Counts:
        return Counts(total=sum(n for k, n in numbers.items() if k != "reviewed"),
                      translated=numbers["translated"],
                      fuzzy=numbers["fuzzy"], untranslated=numbers["untranslated"],
                      obsolete=old, reviewed=numbers["reviewed"])

    findings.sort(key=lambda f: (f.location.path != path, f.location, f.check))
    return Status(
        alert=alert, language=language, path=path, exists=catalog is not None,
        messages=counts(state, len(obsolete)),
        words=counts(wordcount, sum(count_words(m.msgid) for m in obsolete)),
        findings=tuple(findings),
    )


def passed(statuses: list[Status] | tuple[Status, ...], *, fail_under: float | None) -> bool:
    """The gate: no catalog below ``fail_under`` and no error anywhere."""
    return not any(s.failures(fail_under=fail_under) for s in statuses)


def plural_forms_findings(catalog: Catalog, language: Language, path: str) -> list[Finding]:
    """A note where a catalog's Plural-Forms is not the one a new catalog would get.

    ``update`` keeps the translator's header (it is theirs, and gettext accepted
    it when it was read); the editor should know the two differ.
    """
    found = catalog.header_value("Plural-Forms")
    if not found or " ".join(found.split()) == " ".join(language.plural_forms.split()):
        return []
    return [Finding(
        "warning", "plural-forms", Location(path),
        f"Plural-Forms is {found!r}; a new {language.english_name} catalog gets "
        f"{language.plural_forms!r} ({plurals.TABLE_SOURCE}). update keeps yours: change it "
        "by hand if the table's is right, and check every plural translation.",
    )]
