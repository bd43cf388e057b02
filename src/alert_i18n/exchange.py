"""Exchange with CAT tools: XLIFF 2.0 export and import, TMX export of translation memory.

Written with ``xml.etree``: translate-toolkit's XLIFF store is XLIFF 1.2 (a
different, incompatible format) and its TMX writer would bring lxml for what is
a few elements here.  Pure functions over ``model.Catalog``; no I/O.

XLIFF 2.0 (``urn:oasis:names:tc:xliff:document:2.0``), one ``<file>`` per
catalog, one ``<unit>`` per entry (``id`` from a digest of context and English,
stable across runs), one ``<segment>`` per form, whose ``state`` says:

==============  ====================================================================
initial         untranslated, or fuzzy (``subState="alert-i18n:fuzzy"``, with target)
translated      translated, not reviewed
reviewed        translated with a current review mark (the mark is a ``<note>``)
final           as reviewed on import (a CAT tool's sign-off)
==============  ====================================================================

An import never changes a msgid (a unit whose ``<source>`` differs from the
English is refused), never loses a translation (an empty target keeps the
catalog's) and runs the blocking checks a ``.po`` goes through before publishing.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from . import review
from .model import Catalog, Message

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
_X = f"{{{XLIFF}}}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATES = ("initial", "translated", "reviewed", "final")
FUZZY = "alert-i18n:fuzzy"


def unit_id(message: Message) -> str:
    """A stable XML NMTOKEN for an entry: its context and English, digested."""
    key = ("\x04" if message.msgctxt is None else message.msgctxt) + "\x00" + message.msgid
    return "m" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _state(message: Message) -> tuple[str, str | None]:
    state = review.state(message)
    if state == review.FUZZY:
        return "initial", FUZZY
    return {review.REVIEWED: "reviewed", review.TRANSLATED: "translated",
            review.UNTRANSLATED: "initial"}[state], None


def export_xliff(catalog: Catalog, *, source_language: str, target_language: str,
                 file_id: str, original: str = "") -> bytes:
    """One catalog as XLIFF 2.0 (UTF-8), review state and notes included."""
    root = etree.Element(f"{_X}xliff", {"version": "2.0", "srcLang": source_language,
                                         "trgLang": target_language})
    attributes = {"id": file_id}
    if original:
        attributes["original"] = original
    file = etree.SubElement(root, f"{_X}file", attributes)
    for message in catalog.active:
        unit = etree.SubElement(file, f"{_X}unit", {"id": unit_id(message)})
        if message.msgctxt is not None:
            unit.set("name", message.msgctxt)
        notes = [("location", r) for r in message.references]
        notes += [("developer", c) for c in message.extracted_comments]
        notes += [("translator", c) for c in message.translator_comments]
        if notes:
            holder = etree.SubElement(unit, f"{_X}notes")
            for category, text in notes:
                etree.SubElement(holder, f"{_X}note", {"category": category}).text = text
        state, sub = _state(message)
        if message.msgid_plural is None:
            forms = [(message.msgid, message.msgstr)]
        else:
            forms = [(message.msgid if i == 0 else message.msgid_plural, s)
                     for i, s in enumerate(message.msgstr_plural)]
        for index, (source_text, target_text) in enumerate(forms):
            segment = etree.SubElement(unit, f"{_X}segment", {"state": state})
            if message.msgid_plural is not None:
                segment.set("id", f"f{index}")
            if sub:
                segment.set("subState", sub)
            source = etree.SubElement(segment, f"{_X}source", {_XML_SPACE: "preserve"})
            source.text = source_text
            if target_text:
                target = etree.SubElement(segment, f"{_X}target", {_XML_SPACE: "preserve"})
                target.text = target_text
    etree.indent(root, space="  ")
    # XLIFF unprefixed: registered here, as register_namespace is global and
    # tostring's default_namespace refuses the unqualified attributes XLIFF has.
    etree.register_namespace("", XLIFF)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@dataclass
class Imported:
    """What an import did: the catalog, and one line per unit changed or refused."""

    catalog: Catalog
    changed: int = 0
    reviewed: int = 0
    refused: list[str] = field(default_factory=list)


Check = Callable[[str, str], list[tuple[str, str, str]]]


def import_xliff(catalog: Catalog, data: bytes, *, origin: str, check: Check,
                 reviewer: str | None = None, date: str = "") -> Imported:
    """Apply an XLIFF 2.0 file's targets to ``catalog``.

    ``check(msgid, translation)`` returns the blocking problems of a translation
    (``check.blocking_problems``): a unit with any is refused.  Segments in state
    ``reviewed`` or ``final`` keep a review mark that still matches, or get one
    by ``reviewer`` on ``date`` (without a reviewer they are imported unreviewed).
    """
    try:
        root = etree.fromstring(data)
    except etree.ParseError as error:
        raise ValueError(f"not an XML file (line {error.position[0]})") from None
    if root.tag != f"{_X}xliff" or root.get("version") != "2.0":
        raise ValueError("not an XLIFF 2.0 file (urn:oasis:names:tc:xliff:document:2.0)")
    units = {u.get("id"): u for u in root.iter(f"{_X}unit")}
    result = Imported(catalog)
    known = {unit_id(m) for m in catalog.active}
    result.refused += [f"unit {uid}: not in the catalog (ignored)" for uid in units
                       if uid not in known]
    messages = []
    for message in catalog.messages:
        unit = units.get(unit_id(message)) if not message.obsolete else None
        if unit is None:
            messages.append(message)
            continue
        segments = unit.findall(f"{_X}segment")
        sources = [(s.findtext(f"{_X}source") or "") for s in segments]
        expected = [message.msgid] if message.msgid_plural is None else [
            message.msgid, *([message.msgid_plural] * (len(message.msgstr_plural) - 1))]
        if sources != expected:
            result.refused.append(f"unit {unit.get('id')}: its source is not the English of "
                                  "the catalog (a msgid is never changed): refused")
            messages.append(message)
            continue
        targets = [(s.find(f"{_X}target")) for s in segments]
        texts = [t.text or "" if t is not None else "" for t in targets]
        states = {s.get("state", "initial") for s in segments}
        if not any(t.strip() for t in texts):
            messages.append(message)  # nothing to import: the catalog's translation stays
            continue
        problems = [p for source, text in zip(sources, texts, strict=True)
                    for p in check(source, text)]
        if problems:
            name, _, sentence = problems[0]
            result.refused.append(f"unit {unit.get('id')}: [{name}] {sentence} Refused.")
            messages.append(message)
            continue
        fuzzy = "initial" in states or any(s.get("subState") == FUZZY for s in segments)
        updated = (replace(message, msgstr=texts[0]) if message.msgid_plural is None
                   else replace(message, msgstr_plural=tuple(texts)))
        flags = tuple(f for f in message.flags if f != "fuzzy")
        updated = replace(updated, flags=("fuzzy",) + flags if fuzzy else flags,
                          previous_msgid=message.previous_msgid if fuzzy else None,
                          previous_msgctxt=message.previous_msgctxt if fuzzy else None)
        if updated != message:
            updated = review.with_provenance(updated, f"imported:{origin}")
            result.changed += 1
        if (not fuzzy and states & {"reviewed", "final"} and reviewer
                and review.current_review(updated) is None):
            updated = review.record(updated, name=reviewer, date=date)
            result.reviewed += 1
        messages.append(updated)
    result.catalog = replace(catalog, messages=tuple(messages))
    return result


# -- TMX ---------------------------------------------------------------------------------

def export_tmx(pairs: list[tuple[str, Message]], *, source_language: str,
               target_language: str, tool_version: str) -> bytes:
    """Translation memory as TMX 1.4: each (alert, entry) translated and not fuzzy, with
    its alert and review state as ``<prop>``s."""
    root = etree.Element("tmx", {"version": "1.4"})
    etree.SubElement(root, "header", {
        "creationtool": "alert-i18n", "creationtoolversion": tool_version,
        "segtype": "paragraph", "o-tmf": "PO", "adminlang": "en",
        "srclang": source_language, "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for origin, message in pairs:
        if message.fuzzy or not message.translated or message.msgid_plural is not None:
            continue
        unit = etree.SubElement(body, "tu", {"tuid": f"{origin}:{unit_id(message)}"})
        etree.SubElement(unit, "prop", {"type": "x-alert"}).text = origin
        state = "reviewed" if review.current_review(message) else "translated"
        etree.SubElement(unit, "prop", {"type": "x-review"}).text = state
        for language, text in ((source_language, message.msgid),
                               (target_language, message.msgstr)):
            variant = etree.SubElement(unit, "tuv", {_XML_LANG: language})
            etree.SubElement(variant, "seg").text = text
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def read_tmx(data: bytes) -> list[tuple[str, str, str, str]]:
    """(alert, English, translation, review state) of each unit of a TMX file."""
    root = etree.fromstring(data)
    found = []
    for unit in root.iter("tu"):
        props = {p.get("type"): p.text or "" for p in unit.findall("prop")}
        segs = [v.findtext("seg") or "" for v in unit.findall("tuv")]
        found.append((props.get("x-alert", ""), segs[0], segs[1], props.get("x-review", "")))
    return found
