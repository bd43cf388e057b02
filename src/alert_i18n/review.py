"""Review marks and provenance, kept in the catalog itself as translator comments.

GNU ``msgmerge``, ``msgcat``, Poedit and Weblate keep translator comments
(``# …``) verbatim and drop ``#,`` flags they do not know, so a review is one
translator comment::

    # review: 2026-12-06 by Awa Traoré <awa@example.org> (sha256:3f2a9c1b7e04d5a6)

The digest covers msgctxt, msgid, msgid_plural and every msgstr: once either
side changes, the mark no longer matches and the entry is unreviewed again (a
review covers exactly the text reviewed).  Where a translation came from is a
second comment, ``# source: hand``, ``# source: memory:<alert>`` or
``# source: imported:<file>``.

Pure functions over ``model.Message`` / ``model.Catalog``; no I/O.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .model import Catalog, Message

if TYPE_CHECKING:
    from .chrome import Chrome, Text

MARK = "review: "
PROVENANCE = "source: "
_MARK = re.compile(
    r"review: (?P<date>\d{4}-\d{2}-\d{2}) by (?P<name>\S.*?) \(sha256:(?P<digest>[0-9a-f]{16})\)"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Review states, in report order.
REVIEWED, TRANSLATED, FUZZY, UNTRANSLATED = "reviewed", "translated", "fuzzy", "untranslated"


@dataclass(frozen=True)
class Review:
    """One review mark: who, when, and whether it still covers the entry's text."""

    name: str
    date: str
    digest: str
    current: bool


def digest(message: Message) -> str:
    """64 bits of SHA-256 over the entry's English and translation (NFC)."""
    parts = [
        "\x04" if message.msgctxt is None else "c" + message.msgctxt,
        message.msgid,
        "\x04" if message.msgid_plural is None else "p" + message.msgid_plural,
        *((message.msgstr,) if message.msgid_plural is None else message.msgstr_plural),
    ]
    text = "\x00".join(unicodedata.normalize("NFC", p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def mark(message: Message, *, name: str, date: str) -> str:
    """The translator comment recording that ``name`` reviewed ``message`` on ``date``."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a review needs the reviewer's name")
    if not _DATE.fullmatch(date):
        raise ValueError(f"{date!r} is not a date (YYYY-MM-DD)")
    return f"{MARK}{date} by {name} (sha256:{digest(message)})"


def reviews(message: Message) -> list[Review]:
    """Every review mark on ``message``, current (matching its text) or stale."""
    found = []
    now = None
    for comment in message.translator_comments:
        match = _MARK.fullmatch(comment.strip())
        if match is None:
            continue
        now = now or digest(message)
        found.append(Review(match["name"], match["date"], match["digest"],
                            match["digest"] == now))
    return found


def current_review(message: Message) -> Review | None:
    """The latest review that still covers the entry's text, if any."""
    valid = [r for r in reviews(message) if r.current]
    return max(valid, key=lambda r: r.date) if valid else None


def state(message: Message) -> str:
    """reviewed, translated (not reviewed), fuzzy or untranslated."""
    if message.fuzzy:
        return FUZZY
    if not message.translated:
        return UNTRANSLATED
    return REVIEWED if current_review(message) is not None else TRANSLATED


def withheld(message: Message, *, required: bool) -> bool:
    """True when review is ``required`` and this translation has no current review:
    it is treated as fuzzy (not published, counted as not translated)."""
    return required and current_review(message) is None


def record(message: Message, *, name: str, date: str) -> Message:
    """``message`` with one current review mark by ``name`` (older marks replaced)."""
    if message.fuzzy or not message.translated:
        raise ValueError("only a translated, non-fuzzy entry can be reviewed")
    kept = tuple(c for c in message.translator_comments if not _MARK.fullmatch(c.strip()))
    return replace(message, translator_comments=kept + (mark(message, name=name, date=date),))


def provenance(message: Message) -> str | None:
    """Where the translation came from (``hand``, ``memory:<alert>``, ``imported:<file>``)."""
    for comment in reversed(message.translator_comments):
        if comment.startswith(PROVENANCE):
            return comment[len(PROVENANCE):].strip()
    return None


def provenance_comment(origin: str) -> str:
    """The translator comment saying where a translation came from."""
    return f"{PROVENANCE}{origin}"


def with_provenance(message: Message, origin: str) -> Message:
    """``message`` with its provenance set to ``origin`` (one such comment)."""
    kept = tuple(c for c in message.translator_comments if not c.startswith(PROVENANCE))
    return replace(message, translator_comments=kept + (provenance_comment(origin),))


# -- recording reviews in a catalog ---------------------------------------------

Selector = Callable[[Message], bool]


def record_reviews(catalog: Catalog, *, name: str, date: str,
                   select: Selector = lambda m: True) -> tuple[Catalog, int, int]:
    """Mark every selected translated entry reviewed; (catalog, marked, skipped).

    Fuzzy and untranslated entries are skipped (clear the fuzzy mark first);
    entries already carrying a current mark by ``name`` on ``date`` are left as they are,
    so running it twice changes nothing.
    """
    marked = skipped = 0
    messages = []
    for message in catalog.messages:
        if not message.obsolete and select(message):
            if message.fuzzy or not message.translated:
                skipped += 1
            else:
                done = mark(message, name=name, date=date)
                if done not in (c.strip() for c in message.translator_comments):
                    message = record(message, name=name, date=date)
                    marked += 1
        messages.append(message)
    return replace(catalog, messages=tuple(messages)), marked, skipped


def select_messages(*, msgids: Iterable[str] = (), lines: Iterable[int] = ()) -> Selector:
    """A selector for entries by English text (exact) or by the line of their msgid;
    everything when both are empty."""
    wanted = {unicodedata.normalize("NFC", m) for m in msgids}
    at = set(lines)
    if not wanted and not at:
        return lambda m: True
    return lambda m: unicodedata.normalize("NFC", m.msgid) in wanted or m.line in at


# -- per-language policy -----------------------------------------------------------

@dataclass(frozen=True)
class Policy:
    """``[tool.alert-i18n.review]``: languages where review is required to publish,
    and languages whose unreviewed pages carry a notice."""

    required: frozenset[str] = frozenset()
    notice: frozenset[str] = frozenset()

    def requires(self, tag: str) -> bool:
        return tag in self.required or tag.replace("-", "_") in self.required

    def notices(self, tag: str) -> bool:
        return self.requires(tag) or tag in self.notice or tag.replace("-", "_") in self.notice


# -- who translated and who reviewed: what a page says ------------------------------

@dataclass(frozen=True)
class Credit:
    """What a catalog says about its translation: translator, reviewers, coverage."""

    translator: str = ""
    reviewers: tuple[str, ...] = ()
    reviewed_on: str = ""  # the latest current review's date
    reviewed: int = 0
    translated: int = 0  # translated entries, reviewed or not
    notice: bool = False  # the page says so when not every translation is reviewed

    @property
    def complete(self) -> bool:
        return self.translated > 0 and self.reviewed == self.translated

    def as_dict(self) -> dict[str, object]:
        return {"translator": self.translator, "reviewers": list(self.reviewers),
                "reviewed_on": self.reviewed_on, "reviewed": self.reviewed,
                "translated": self.translated, "notice": self.notice}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Credit:
        return cls(translator=str(data["translator"]),
                   reviewers=tuple(data["reviewers"]),  # type: ignore[arg-type]
                   reviewed_on=str(data["reviewed_on"]),
                   reviewed=int(data["reviewed"]),  # type: ignore[call-overload]
                   translated=int(data["translated"]),  # type: ignore[call-overload]
                   notice=bool(data["notice"]))


def translator_name(catalog: Catalog) -> str:
    """``Last-Translator`` without its e-mail address (pages show the name only)."""
    value = (catalog.header_value("Last-Translator") or "").strip()
    name = re.sub(r"\s*<[^>]*>\s*$", "", value).strip()
    return "" if name.upper() in {"FULL NAME", "FULL NAME <EMAIL@ADDRESS>"} else name


def credit(catalog: Catalog, *, notice: bool) -> Credit:
    """The credit of one catalog: reviewers of its current marks, latest date, coverage."""
    reviewers: dict[str, None] = {}
    latest = ""
    reviewed = translated = 0
    for message in catalog.active:
        if message.fuzzy or not message.translated:
            continue
        translated += 1
        review = current_review(message)
        if review is not None:
            reviewed += 1
            reviewers.setdefault(re.sub(r"\s*<[^>]*>\s*$", "", review.name))
            latest = max(latest, review.date)
    return Credit(translator=translator_name(catalog), reviewers=tuple(reviewers),
                  reviewed_on=latest, reviewed=reviewed, translated=translated,
                  notice=notice)


def credit_texts(credit: Credit, strings: Chrome) -> list[Text]:
    """What a page says of its translation, in its reader's language: who translated it,
    who reviewed it and when, or (where the language asks for the notice) that it is not
    (fully) reviewed yet."""
    from . import chrome  # the page chrome (Babel): only for builds

    texts = []
    if credit.translator:
        text = strings.get(chrome.TRANSLATED_BY)
        texts.append(chrome.Text(text.value.format_map({"name": credit.translator}),
                                 text.language))
    names = ", ".join(credit.reviewers)
    if credit.reviewed_on:
        when = datetime.date.fromisoformat(credit.reviewed_on)
        date = chrome.format_when(chrome.AlertMeta(date=when, day=True), strings.language)
    else:
        date = ""
    if credit.complete:
        text = strings.get(chrome.REVIEWED_BY)
        texts.append(chrome.Text(text.value.format_map({"name": names, "date": date}),
                                 text.language))
    elif credit.notice and credit.reviewed:
        text = strings.get(chrome.PARTLY_REVIEWED)
        texts.append(chrome.Text(text.value.format_map(
            {"count": credit.reviewed, "total": credit.translated, "name": names,
             "date": date}), text.language))
    elif credit.notice and credit.translated:
        texts.append(strings.get(chrome.NOT_REVIEWED))
    return texts
