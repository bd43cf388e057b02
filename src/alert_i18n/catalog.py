"""Catalog operations: create from a template, merge like msgmerge, translation memory.

Pure functions over ``model.Catalog``; reading and writing files is ``pofile``'s job.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .model import Catalog, Language, Message

FUZZY_CUTOFF = 0.6  # msgmerge's threshold for a fuzzy match
_CANDIDATES = 8  # best word-overlap candidates compared per message
_WORD = re.compile(r"\w+")


def new_catalog(template: Catalog, language: Language, *, revision_date: str) -> Catalog:
    """A fresh catalog for ``language`` from ``template``, nothing translated."""
    header = dict(template.header)
    header.update(
        {
            "PO-Revision-Date": revision_date,
            "Last-Translator": "",
            "Language-Team": language.english_name,
            "Language": language.locale,
        }
    )
    fields = list(header.items()) + [("Plural-Forms", language.plural_forms)]
    comments = template.header_comments + (f"{language.english_name} translation.",)
    return Catalog(header=tuple(fields), header_comments=comments)


def complete_header(catalog: Catalog, language: Language) -> Catalog:
    """Add the header fields gettext tools need, keeping every field already set."""
    present = {key.lower() for key, _ in catalog.header}
    missing = [
        (key, value)
        for key, value in (
            ("Language", language.locale),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", language.plural_forms),
        )
        if key.lower() not in present
    ]
    if not missing:
        return catalog
    return replace(catalog, header=catalog.header + tuple(missing))


@dataclass(frozen=True)
class Suggestion:
    """A translation found elsewhere: its English, its translation and where from."""

    msgid: str
    msgstr: str
    origin: str
    score: float = 1.0


class FuzzyIndex:
    """Finds similar English texts without comparing every pair.

    Candidates share rare words with the query (an inverted index); only the
    best few are scored with difflib, so a merge stays near-linear in size.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts: list[str] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        for text in texts:
            number = len(self.texts)
            self.texts.append(text)
            for word in set(_WORD.findall(text.lower())):
                self._postings[word].append(number)
        self._limit = max(50, len(self.texts) // 10)

    def matches(self, text: str, *, cutoff: float = FUZZY_CUTOFF) -> list[tuple[float, int]]:
        """Indexes of texts similar to ``text`` (score >= cutoff), best first."""
        overlap: Counter[int] = Counter()
        for word in set(_WORD.findall(text.lower())):
            postings = self._postings.get(word)
            if postings and len(postings) <= self._limit:  # frequent words say nothing
                overlap.update(postings)
        found = []
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(text)
        for number, _ in overlap.most_common(_CANDIDATES):
            matcher.set_seq1(self.texts[number])
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
                score = matcher.ratio()
                if score >= cutoff:
                    found.append((score, number))
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return found


class TranslationMemory:
    """Translated messages of one language across alerts, exact and fuzzy lookup."""

    def __init__(self, suggestions: Iterable[Suggestion]) -> None:
        self._exact: dict[str, Suggestion] = {}
        for suggestion in suggestions:
            self._exact.setdefault(suggestion.msgid, suggestion)
        self._entries = list(self._exact.values())
        self._index: FuzzyIndex | None = None

    @classmethod
    def from_catalogs(cls, catalogs: Mapping[str, Catalog]) -> TranslationMemory:
        """Memory from catalogs keyed by the alert they belong to."""
        return cls(
            Suggestion(m.msgid, m.msgstr, origin)
            for origin, catalog in sorted(catalogs.items())
            for m in catalog.active
            if m.translated and m.msgid_plural is None
        )

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, msgid: str) -> Suggestion | None:
        """The exact translation of ``msgid``, else the closest one, else None."""
        if msgid in self._exact:
            return self._exact[msgid]
        if self._index is None:
            self._index = FuzzyIndex(s.msgid for s in self._entries)
        found = self._index.matches(msgid)
        if not found:
            return None
        score, number = found[0]
        return replace(self._entries[number], score=score)


def merge(
    old: Catalog,
    template: Catalog,
    *,
    memory: TranslationMemory | None = None,
) -> Catalog:
    """Update ``old`` to ``template`` the way msgmerge does, losing no translation.

    Same English: kept.  Changed English: the closest old entry's translation,
    marked fuzzy with the old English as previous msgid.  Removed English:
    obsolete, translation kept (and revived if the English comes back).  Then
    untranslated messages are filled from ``memory``.
    """
    by_key: dict[tuple[str | None, str], Message] = {}
    for message in old.messages:
        if message.key not in by_key or by_key[message.key].obsolete:
            by_key[message.key] = message
    used: set[tuple[str | None, str]] = set()
    result: list[Message | None] = []
    pending: list[int] = []
    for message in template.active:
        previous = by_key.get(message.key)
        if previous is not None:
            used.add(previous.key)
            result.append(_carry(previous, message))
        else:
            result.append(None)
            pending.append(len(result) - 1)

    # Changed English: pair each new message with its most similar unused old one,
    # globally best pairs first, so several edited paragraphs find their own.
    donors = [
        m for m in old.messages
        if m.key not in used and m.msgid_plural is None and (m.msgstr.strip() or m.msgstr_plural)
    ]
    if pending and donors:
        index = FuzzyIndex(m.msgid for m in donors)
        pairs = []
        for position in pending:
            for score, number in index.matches(template.active[position].msgid):
                pairs.append((-score, position, number))
        pairs.sort()
        taken: set[int] = set()
        for _, position, number in pairs:
            if result[position] is not None or number in taken:
                continue
            taken.add(number)
            donor = donors[number]
            used.add(donor.key)
            result[position] = _fuzzy_from(donor, template.active[position])

    merged: list[Message] = []
    for position, message in enumerate(result):
        if message is None:
            message = template.active[position]
        if memory is not None and not message.msgstr.strip() and not message.fuzzy:
            message = _from_memory(message, memory)
        merged.append(message)

    obsolete = [
        replace(m, obsolete=True, references=(), extracted_comments=(), line=0)
        for m in old.messages
        if m.key not in used and (m.msgstr.strip() or any(s.strip() for s in m.msgstr_plural))
    ]
    return replace(old, messages=tuple(merged) + tuple(obsolete))


def _carry(previous: Message, new: Message) -> Message:
    """The old entry with the template's references and comments for the same English."""
    return replace(
        previous,
        references=new.references,
        extracted_comments=new.extracted_comments,
        obsolete=False,
        line=0,
    )


def _fuzzy_from(donor: Message, new: Message) -> Message:
    flags = tuple(f for f in donor.flags if f != "fuzzy")
    keep_previous = donor.fuzzy and donor.previous_msgid is not None
    return replace(
        new,
        msgstr=donor.msgstr,
        flags=("fuzzy",) + flags,
        translator_comments=donor.translator_comments,
        previous_msgctxt=donor.previous_msgctxt if keep_previous else donor.msgctxt,
        previous_msgid=donor.previous_msgid if keep_previous else donor.msgid,
    )


def _from_memory(message: Message, memory: TranslationMemory) -> Message:
    if not len(memory) or message.msgid_plural is not None:
        return message
    suggestion = memory.lookup(message.msgid)
    if suggestion is None:
        return message
    if suggestion.msgid == message.msgid:
        note = f"From translation memory: {suggestion.origin}"
        return replace(message, msgstr=suggestion.msgstr,
                       translator_comments=message.translator_comments + (note,))
    note = f"Suggestion from translation memory: {suggestion.origin}"
    return replace(
        message,
        msgstr=suggestion.msgstr,
        flags=("fuzzy",) + message.flags,
        translator_comments=message.translator_comments + (note,),
        previous_msgid=suggestion.msgid,
    )


def translations(catalog: Catalog) -> dict[str, str]:
    """English -> reviewed translation, for the messages a build may publish."""
    return {m.msgid: m.msgstr for m in catalog.active if m.translated and m.msgctxt is None}
