"""Glossaries: agreed translations, forbidden terms, names not to translate (TBX).

One TBX file per language pair, ``glossary/<lang>.tbx`` (English -> lang), in the
form Weblate and translate-toolkit read and write (``martif``, one ``termEntry``
per concept):

- each target ``<tig>`` is an agreed translation, unless its
  ``<termNote type="administrativeStatus">`` is ``forbidden`` (or the TBX-Basic
  ``deprecatedTerm-admn-sts``), which Weblate imports as a forbidden translation;
- ``<descrip type="Translation needed">No</descrip>`` on the entry marks a name
  not to translate (Weblate's "read-only" terms);
- ``<note>`` says where a translation is attested or that it is a proposal.

``findings`` is the ``glossary`` check: small, pure, over plain data.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import UsageError
from .model import Finding, Location, Message

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORBIDDEN_STATUSES = {"forbidden", "obsolete", "deprecatedterm-admn-sts",
                      "supersededterm-admn-sts"}


@dataclass(frozen=True)
class Term:
    """One concept: its English term and what the glossary says of its translation."""

    source: str
    agreed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    keep: bool = False  # a name not to translate: it must appear unchanged
    notes: tuple[str, ...] = ()  # where each agreed translation is attested, or "proposal"


@dataclass(frozen=True)
class Glossary:
    """The terms of one language pair."""

    source_language: str
    target_language: str
    terms: tuple[Term, ...] = ()


def _text(element: etree.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def read_tbx(data: bytes, *, path: str) -> Glossary:
    """Parse a TBX glossary; UsageError names the file and line of a malformed one."""
    try:
        root = etree.fromstring(data)
    except etree.ParseError as error:
        raise UsageError(f"not a TBX file: {error}", path=path,
                         line=error.position[0]) from None
    source = root.get(_XML_LANG, "en")
    target = ""
    terms = []
    for entry in root.iter("termEntry"):
        keep = any(_text(d).lower() == "no" for d in entry.iter("descrip")
                   if d.get("type", "").lower() == "translation needed") or any(
            _text(n).lower() == "no" for n in entry.iter("termNote")
            if n.get("type") == "translationNote")
        english = ""
        agreed: list[str] = []
        forbidden: list[str] = []
        notes: list[str] = []
        for lang_set in entry.iter("langSet"):
            lang = lang_set.get(_XML_LANG, "")
            for tig in [*lang_set.iter("tig"), *lang_set.iter("ntig")]:
                term = _text(tig.find(".//term"))
                if not term:
                    continue
                if lang.split("-")[0] == source.split("-")[0]:
                    english = english or term
                    continue
                target = target or lang
                status = next((_text(n).lower() for n in tig.iter("termNote")
                               if n.get("type") == "administrativeStatus"), "")
                (forbidden if status in FORBIDDEN_STATUSES else agreed).append(term)
                notes += [_text(n) for n in tig.iter("note") if _text(n)]
        if english:
            terms.append(Term(english, tuple(agreed), tuple(forbidden), keep, tuple(notes)))
    return Glossary(source, target, tuple(terms))


FOLDER = "glossary"  # glossary/<locale>.tbx: English -> that language


def path_for(root: Path, locale: str) -> Path:
    """Where the glossary English -> ``locale`` lives under the content root."""
    return root / FOLDER / f"{locale}.tbx"


def load(root: Path, locale: str) -> Glossary | None:
    """The glossary of ``locale`` under ``root``, or None when there is none."""
    path = path_for(root, locale)
    if not path.is_file():
        return None
    return read_tbx(path.read_bytes(), path=f"{FOLDER}/{path.name}")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("\u2019", "'")


@lru_cache(maxsize=1024)
def _pattern(term: str) -> re.Pattern[str]:
    """``term`` as whole words (an English plural ``s`` allowed), case-folded."""
    return re.compile(r"(?<!\w)" + re.escape(_fold(term)) + r"(?:s|es)?(?!\w)")


def _has(term: str, text: str) -> bool:
    return _pattern(term).search(_fold(text)) is not None


def _contains(term: str, text: str) -> bool:
    """A translation is found inside a word too: Bambara and French inflect and compound."""
    return _fold(term) in _fold(text)


def findings(glossary: Glossary, message: Message, *, path: str) -> list[Finding]:
    """The ``glossary`` check on one translated entry (warnings)."""
    translations = (message.msgstr,) if message.msgid_plural is None else message.msgstr_plural
    translation = "\n".join(translations)
    if not translation.strip():
        return []
    where = Location(path, message.line)
    found = []
    # A term inside a name not to translate is the name's ("genocide" in "Genocide Watch").
    names = [t.source for t in glossary.terms if t.keep]
    english = message.msgid
    translation_of_terms = translation
    for name in names:
        english = _pattern(name).sub(" ", _fold(english))
        translation_of_terms = translation_of_terms.replace(name, " ")
    for term in glossary.terms:
        if term.keep:
            if _has(term.source, message.msgid) and term.source not in translation:
                found.append(f"the name {term.source!r} is not to be translated: keep it "
                             "exactly as the English writes it")
            continue
        in_english = _has(term.source, english)
        if in_english and term.agreed and not any(_contains(t, translation_of_terms)
                                                  for t in term.agreed):
            agreed = " or ".join(repr(t) for t in term.agreed)
            found.append(f"{term.source!r} is translated {agreed} in the glossary")
        for bad in term.forbidden:
            if _has(bad, translation_of_terms):
                instead = (" (use " + " or ".join(repr(t) for t in term.agreed) + ")"
                           if term.agreed else "")
                found.append(f"{bad!r} is a forbidden translation of {term.source!r}{instead}")
    return [Finding("warning", "glossary", where, sentence + ".", message.msgid)
            for sentence in found]
