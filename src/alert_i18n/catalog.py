"""Catalog operations: create from a template, merge like msgmerge, translation memory.

Pure functions over ``model.Catalog``; reading and writing files is ``po``'s job.
"""

from __future__ import annotations

import copy
import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from rapidfuzz.distance import LCSseq

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


def complete_header(catalog: Catalog, language: Language, template: Catalog, *,
                    revision_date: str) -> Catalog:
    """Add the header fields gettext tools need, keeping every field already set.

    A catalog with no header at all (messages only) gets a new catalog's, so
    that ``msgfmt -c`` finds every field it looks for.
    """
    if not catalog.header:
        fresh = new_catalog(template, language, revision_date=revision_date)
        return replace(catalog, header=fresh.header,
                       header_comments=catalog.header_comments or fresh.header_comments)
    present = {key.lower() for key, _ in catalog.header}
    missing = [
        (key, value)
        for key, value in (
            ("Project-Id-Version", template.header_value("Project-Id-Version") or ""),
            ("PO-Revision-Date", revision_date),
            ("Last-Translator", ""),
            ("Language-Team", language.english_name),
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


@dataclass(frozen=True, slots=True)  # thousands in a translation memory
class Suggestion:
    """A translation found elsewhere: its English, its translation and where from."""

    msgid: str
    msgstr: str
    origin: str
    score: float = 1.0


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 to 1, measured as msgmerge measures it.

    gettext's ``fstrcmp`` counts the characters a shortest insert/delete edit
    leaves untouched: 2 x the longest common subsequence / the total length.
    """
    # RapidFuzz's bit-parallel LCS in C++: the same length, 50 times faster than in Python.
    total = len(a) + len(b)
    return 2 * LCSseq.similarity(a, b) / total if total else 1.0


class FuzzyIndex:
    """Finds similar English texts without comparing every pair.

    Candidates share rare words with the query (an inverted index); only the
    best few are scored, so a merge stays near-linear in size.
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

    def matches(
        self,
        text: str,
        *,
        cutoff: float = FUZZY_CUTOFF,
        skip: Callable[[int], bool] | None = None,
    ) -> list[tuple[float, int]]:
        """Indexes of texts similar to ``text`` (score >= cutoff), best first.

        ``skip`` leaves texts out before the best candidates are chosen.
        """
        overlap: Counter[int] = Counter()
        for word in set(_WORD.findall(text.lower())):
            postings = self._postings.get(word)
            if postings and len(postings) <= self._limit:  # frequent words say nothing
                overlap.update(postings)
        # Most shared words first, ties by position: the same candidates on every run.
        ranked = ((-shared, number) for number, shared in overlap.items()
                  if skip is None or not skip(number))
        found = []
        size = len(text)
        for _, number in heapq.nsmallest(_CANDIDATES, ranked):
            other = len(self.texts[number])
            if 2 * min(size, other) < cutoff * (size + other):
                continue  # the length difference alone keeps it below the cutoff
            score = similarity(text, self.texts[number])
            if score >= cutoff:
                found.append((score, number))
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return found


class TranslationMemory:
    """Translated messages of one language across alerts, exact and fuzzy lookup.

    Built once per language; ``excluding(alert)`` is the memory as that alert's
    own update sees it (every other alert), without building it again.
    """

    def __init__(self, suggestions: Iterable[Suggestion]) -> None:
        # For each English text its first two origins: whichever one alert is
        # left out, the first of the others is still known.
        exact: dict[str, list[Suggestion]] = {}
        for suggestion in suggestions:
            found = exact.setdefault(suggestion.msgid, [])
            if len(found) < 2 and all(s.origin != suggestion.origin for s in found):
                if found:  # the same English twice in memory would double its size
                    suggestion = replace(suggestion, msgid=found[0].msgid)
                found.append(suggestion)
        self._exact = {msgid: tuple(found) for msgid, found in exact.items()}
        self._entries = list(self._exact.values())
        self._only: Counter[str] = Counter(
            found[0].origin for found in self._entries if len(found) == 1)
        self._excluded: str | None = None
        self._shared: dict[str, FuzzyIndex] = {}  # the index, built on first fuzzy lookup

    @classmethod
    def from_catalogs(cls, catalogs: Mapping[str, Catalog]) -> TranslationMemory:
        """Memory from catalogs keyed by the alert they belong to."""
        return cls(
            suggestion
            for origin, catalog in sorted(catalogs.items())
            for suggestion in cls.suggestions(origin, catalog)
        )

    @staticmethod
    def suggestions(origin: str, catalog: Catalog) -> Iterator[Suggestion]:
        """What one alert's catalog gives the memory: its reviewed, singular translations.

        Feed catalogs one at a time, in order of ``origin``, to keep only this in memory.
        """
        for m in catalog.active:
            if m.translated and m.msgid_plural is None:
                yield Suggestion(m.msgid, m.msgstr, origin)

    def excluding(self, origin: str) -> TranslationMemory:
        """The same memory without the translations that come from ``origin``."""
        view = copy.copy(self)  # shares the tables and the index
        view._excluded = origin
        return view

    def __len__(self) -> int:
        excluded = self._only[self._excluded] if self._excluded is not None else 0
        return len(self._entries) - excluded

    def _usable(self, found: tuple[Suggestion, ...]) -> Suggestion | None:
        return next((s for s in found if s.origin != self._excluded), None)

    def exact(self, msgid: str) -> Suggestion | None:
        """The translation of exactly ``msgid``, or None."""
        return self._usable(self._exact.get(msgid, ()))

    def lookup(self, msgid: str) -> Suggestion | None:
        """The exact translation of ``msgid``, else the closest one, else None."""
        exact = self.exact(msgid)
        if exact is not None:
            return exact
        index = self._shared.get("index")
        if index is None:
            index = self._shared["index"] = FuzzyIndex(found[0].msgid for found in self._entries)
        entries = self._entries

        def excluded(number: int) -> bool:
            return self._usable(entries[number]) is None

        found = index.matches(msgid, skip=excluded if self._excluded is not None else None)
        if not found:
            return None
        score, number = found[0]
        suggestion = self._usable(self._entries[number])
        assert suggestion is not None  # skipped otherwise
        return replace(suggestion, score=score)


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
        key = nfc_key(message)
        if key not in by_key or by_key[key].obsolete:
            by_key[key] = message
    used: set[tuple[str | None, str]] = set()
    result: list[Message | None] = []
    pending: list[int] = []
    for message in template.active:
        previous = by_key.get(nfc_key(message))
        if previous is not None:
            used.add(nfc_key(previous))
            result.append(_carry(previous, message))
        else:
            result.append(None)
            pending.append(len(result) - 1)

    # Changed English: pair each new message with its most similar unused old one,
    # globally best pairs first, so several edited paragraphs find their own.
    donors = [
        m for m in old.messages
        if nfc_key(m) not in used and m.msgid_plural is None
        and (m.msgstr.strip() or m.msgstr_plural)
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
            used.add(nfc_key(donor))
            result[position] = _fuzzy_from(donor, template.active[position])

    merged: list[Message] = []
    nplurals = _nplurals(old)
    for position, message in enumerate(result):
        if message is None:
            message = template.active[position]
        if memory is not None and wants_memory(message):
            message = _from_memory(message, memory)
        if message.msgid_plural is not None and nplurals:  # plural hook, as msgmerge does
            message = _fit_plurals(message, nplurals)
        merged.append(message)

    obsolete = [
        replace(m, obsolete=True, references=(), extracted_comments=(), line=0)
        for m in old.messages
        if nfc_key(m) not in used and (m.msgstr.strip() or any(s.strip() for s in m.msgstr_plural))
    ]
    return replace(old, messages=tuple(merged) + tuple(obsolete))


def _nplurals(catalog: Catalog) -> int | None:
    """The number of plural forms the catalog's ``Plural-Forms`` header declares."""
    found = re.search(r"nplurals\s*=\s*(\d+)", catalog.header_value("Plural-Forms") or "")
    return int(found.group(1)) if found else None


def _fit_plurals(message: Message, nplurals: int) -> Message:
    """A plural entry with the language's number of forms.  A singular translation
    carried over (the English became plural) goes into every form, as msgmerge puts it;
    empty forms beyond ``nplurals`` are dropped, translated ones never."""
    forms = message.msgstr_plural
    if message.msgstr and not any(f.strip() for f in forms):
        forms = (message.msgstr,) * nplurals
    forms = forms + ("",) * (nplurals - len(forms))
    while len(forms) > nplurals and not forms[-1].strip():
        forms = forms[:-1]
    if forms == message.msgstr_plural and not message.msgstr:
        return message
    return replace(message, msgstr="", msgstr_plural=forms)


def nfc_key(message: Message) -> tuple[str | None, str]:
    """The lookup key, NFC: a decomposed é or ɛ̀ is the same English as a composed one."""
    return (message.msgctxt, unicodedata.normalize("NFC", message.msgid))


def wants_memory(message: Message) -> bool:
    """Whether ``merge`` asks the translation memory for this message: untranslated,
    not fuzzy, singular."""
    return not message.msgstr.strip() and not message.fuzzy and message.msgid_plural is None


def _carry(previous: Message, new: Message) -> Message:
    """The old entry with the template's English, references and comments.

    A reviewed entry loses its previous English (``#|``): a translator who cleared
    ``fuzzy`` and left those lines has dealt with them, and ``msgmerge --previous``
    drops them too.
    """
    reviewed = not previous.fuzzy
    return replace(
        previous,
        msgid=new.msgid,
        references=new.references,
        extracted_comments=new.extracted_comments,
        obsolete=False,
        line=0,
        previous_msgctxt=None if reviewed else previous.previous_msgctxt,
        previous_msgid=None if reviewed else previous.previous_msgid,
        previous_msgid_plural=None if reviewed else previous.previous_msgid_plural,
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


class SettledMemory:
    """The translation memory an ``update`` run leaves behind, known before it writes.

    Feed it every catalog of one language as this run's merge leaves it before
    the memory is asked (``merge`` without ``memory``), in order of alert.  The
    memory it makes holds what the catalogs will hold once written: their
    reviewed translations, and the exact translations the memory itself will
    copy into other alerts.  A text translated in one alert only is then usable
    by that alert's own similar messages as soon as another alert receives it,
    in the same run; otherwise the next run would find it (a second ``update``
    that is not a no-op).
    """

    def __init__(self) -> None:
        self._given: list[Suggestion] = []
        self._asking: dict[str, list[str]] = {}  # English -> alerts that will ask for it
        # Each text once: every alert's catalog has its own copy of the texts it shares
        # with others (most of a memory), which would make memory grow with the archive.
        self._texts: dict[str, str] = {}

    def add(self, origin: str, catalog: Catalog, *, asks: bool = True) -> None:
        """One alert's catalog as merged without memory (``asks``: it will be merged with it)."""
        texts = self._texts
        for message in catalog.active:
            if message.translated and message.msgid_plural is None:
                self._given.append(Suggestion(texts.setdefault(message.msgid, message.msgid),
                                              texts.setdefault(message.msgstr, message.msgstr),
                                              origin))
            elif asks and wants_memory(message):
                self._asking.setdefault(message.msgid, []).append(origin)

    def memory(self) -> TranslationMemory:
        """The memory every alert's merge is to use (each ``excluding`` itself)."""
        given = TranslationMemory(self._given)
        copies = []
        for msgid, origins in self._asking.items():
            for origin in origins:
                found = given.excluding(origin).exact(msgid)
                if found is not None:
                    copies.append(replace(found, origin=origin))
        if not copies:
            return given
        return TranslationMemory(sorted([*self._given, *copies], key=lambda s: s.origin))


def _from_memory(message: Message, memory: TranslationMemory) -> Message:
    if not len(memory) or message.msgid_plural is not None:
        return message
    suggestion = memory.lookup(message.msgid)
    if suggestion is None:
        return message
    if suggestion.msgid == message.msgid:
        note = f"source: memory:{suggestion.origin}"  # review hook: provenance (review.py)
        return replace(message, msgstr=suggestion.msgstr,
                       translator_comments=message.translator_comments + (note,))
    note = f"source: memory:{suggestion.origin}"  # review hook: provenance; fuzzy: a suggestion
    return replace(
        message,
        msgstr=suggestion.msgstr,
        flags=("fuzzy",) + message.flags,
        translator_comments=message.translator_comments + (note,),
        previous_msgid=suggestion.msgid,
    )
