"""Plain data that crosses the pipeline's stages.

source document -> segments -> catalog -> localized document -> rendered output.
No I/O and no third-party imports here (``errors`` is ours), so every stage can be tested on values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import AlertI18nError

# The gettext domain of the page chrome ("Languages", alert levels, notices):
# locales/site.pot and locales/<lang>/LC_MESSAGES/site.po, beside the alerts'.
CHROME_DOMAIN = "site"


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file: repository-relative path and 1-based line."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Segment:
    """One translatable block of a source document.

    ``msgid`` is the block's text with soft line breaks folded to spaces and
    hard line breaks written as ``\\n``; ``kind`` tells the translator what the
    block is ("heading 2", "paragraph", "list item", ...).
    """

    msgid: str
    location: Location
    kind: str
    context: str | None = None


@dataclass(frozen=True)
class Slot:
    """Where a segment's text sits in the source, so a translation can replace it.

    ``start``/``end`` are character offsets into the source text.  Each line of
    the block after the first is re-indented with ``continuation`` when a
    translation is written back.
    """

    segment: Segment
    start: int
    end: int
    continuation: str = ""


@dataclass(frozen=True)
class SourceDocument:
    """An English alert: its text, its translatable slots (in order) and metadata."""

    path: str
    text: str
    slots: tuple[Slot, ...]
    metadata: tuple[tuple[str, str], ...] = ()
    body_start: int = 0  # offset of the first character after the front matter

    @property
    def slug(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".md") else name

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(slot.segment for slot in self.slots)

    def meta(self, key: str) -> str | None:
        for name, value in self.metadata:
            if name == key:
                return value
        return None


@dataclass(frozen=True)
class Message:
    """One catalog entry, as gettext tools understand it (file-format agnostic)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """True when the entry has a usable, reviewed translation."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(s.strip() for s in self.msgstr_plural)
        return bool(self.msgstr.strip())


@dataclass(frozen=True)
class Catalog:
    """A PO/POT file: header entry and messages (active and obsolete, file order)."""

    header: tuple[tuple[str, str], ...] = ()
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()

    def header_value(self, name: str) -> str | None:
        for key, value in self.header:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def active(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if not m.obsolete)

    @property
    def obsolete(self) -> tuple[Message, ...]:
        return tuple(m for m in self.messages if m.obsolete)


@dataclass(frozen=True)
class Language:
    """A target language: BCP 47 tag, gettext folder name, native name, direction."""

    tag: str  # BCP 47, for HTML: "bm-Nkoo"
    locale: str  # POSIX/gettext, for folders and Babel: "bm_Nkoo"
    name: str  # native name, capitalised: "Bamanakan"
    english_name: str
    direction: str  # "ltr" or "rtl"
    plural_forms: str  # "nplurals=1; plural=0;"


@dataclass(frozen=True)
class Finding:
    """A problem found by a check, located in a catalog or source file."""

    severity: str  # "error" or "warning"
    check: str
    location: Location
    message: str
    msgid: str = ""


@dataclass(frozen=True)
class Published:
    """One alert in one language, as a page may show it: what ``build`` writes.

    ``summary()`` is what other pages need of it (the index's title and
    description, the English page's links), kept in the build manifest as JSON;
    ``from_summary`` makes it again, without Markdown or body.
    """

    language: Language
    markdown: str
    body: str  # the alert's HTML, sanitized, without the page around it
    title: str
    links: tuple[str, ...]
    fallback: int  # messages shown in another language than ``language``
    total: int
    shown: tuple[str, ...] = ()  # the language each message is shown in, document order
    title_language: str = ""
    description: str = ""
    description_language: str = ""
    credit: dict[str, Any] | None = None  # review.Credit.as_dict() of its catalog

    # Kept in the manifest: what the index pages and the other languages' pages use.
    SUMMARY = ("title", "links", "fallback", "total", "title_language", "description",
               "description_language", "credit")

    def summary(self, *, links: bool) -> dict[str, Any]:
        """The JSON of the fields in ``SUMMARY`` (``links`` only when asked: the English page's)."""
        data = {name: getattr(self, name) for name in self.SUMMARY}
        data["links"] = list(self.links) if links else []
        return data

    @classmethod
    def from_summary(cls, data: dict[str, Any], language: Language) -> Published:
        """A stand-in for a result that was not made again: no Markdown, no body."""
        fields = {name: data[name] for name in cls.SUMMARY}
        fields["links"] = tuple(fields["links"])
        return cls(language=language, markdown="", body="", **fields)

    def for_index(self) -> Published:
        """Only what the index pages need (kept for every alert until the end: no more)."""
        return replace(self, markdown="", body="", links=(), shown=())


@dataclass
class Report:
    """What a command did, and what went wrong, per file or language."""

    written: list[str] = field(default_factory=list)  # paths as the user knows them
    unchanged: int = 0
    errors: list[AlertI18nError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def wrote(self, name: str, changed: bool) -> None:
        """Count a file (``name`` as the user knows it) written, or found as it was."""
        if changed:
            self.written.append(name)
        else:
            self.unchanged += 1

    def add(self, other: Report) -> None:
        """Take in what ``other`` did and said."""
        self.written.extend(other.written)
        self.unchanged += other.unchanged
        self.notes.extend(other.notes)
        self.errors.extend(other.errors)


def translated_note(tag: str, slug: str, translated: int, total: int, fallback: int) -> str:
    """The note a build gives of each page it makes: how much of it is in its language."""
    return f"{tag}: {slug}: {translated} of {total} messages translated, {fallback} fell back"


# ``translated_note``'s sentence, read back to sum it up by language (``cli``).
TRANSLATED_NOTE = re.compile(r"(?P<tag>[^:\s]+): (?P<slug>[^:\s]+): (?P<translated>\d+) of "
                             r"(?P<total>\d+) messages translated, (?P<fallback>\d+) fell back")
