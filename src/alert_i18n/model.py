"""Plain data that crosses the pipeline's stages.

source document -> segments -> catalog -> localized document -> rendered output.
No I/O and no third-party imports here, so every stage can be tested on values.
"""

from __future__ import annotations

from dataclasses import dataclass

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
