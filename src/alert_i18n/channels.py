"""What the channels add to ``check``: SMS budgets and segments, recorded audio.

Pure functions over the catalogs' plain data; ``pipeline`` calls them.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import cap, plaintext, shortforms, sms
from .check import Status
from .model import Catalog, Finding, Location, Message, SourceDocument


def _key(message: Message) -> tuple[str | None, str]:
    return (message.msgctxt, unicodedata.normalize("NFC", message.msgid))


def sms_findings(template: Catalog | None, catalog: Catalog | None, *, path: str,
                 language_name: str) -> list[Finding]:
    """``sms-budget`` warnings for short forms over their budget, and one ``sms`` line
    (information) with the segments the SMS of this language takes."""
    if template is None or catalog is None:
        return []
    entries = {_key(m): m for m in catalog.active}
    findings: list[Finding] = []
    sent: dict[str, str] = {}
    for source in template.active:
        budget = shortforms.budget(source)
        entry = entries.get(_key(source))
        if budget is None or entry is None or not entry.translated:
            continue
        text = unicodedata.normalize("NFC", entry.msgstr)
        for field in shortforms.FIELDS:
            if shortforms.comment(field) in source.extracted_comments:
                sent[field.key] = text
        counted = sms.count(text)
        if over := counted.over(budget):
            forced = (f"; {sms.describe(counted.ucs2_characters)} force UCS-2 "
                      f"({sms.PART[sms.UCS2]} characters a segment instead of "
                      f"{sms.PART[sms.GSM7]})" if counted.ucs2_characters else "")
            findings.append(Finding(
                "warning", "sms-budget", Location(path, entry.line),
                f"this translation takes {counted.segments} SMS segments in "
                f"{counted.encoding}, {over} over its budget of {budget}{forced}. "
                "Shorten it; it is still sent, in more segments.", entry.msgid,
            ))
    if "headline" in sent and "sms" in sent:
        counted = sms.count(message_text(sent["headline"], sent["sms"]))
        forced = (f" ({sms.describe(counted.ucs2_characters)} force UCS-2)"
                  if counted.ucs2_characters else "")
        budget = shortforms.MESSAGE_BUDGET
        findings.append(Finding(
            "info", "sms", Location(path),
            f"the {language_name} SMS (headline and summary) takes {counted.segments} "
            f"segment{'s' if counted.segments != 1 else ''} of {counted.encoding}{forced}; "
            f"budget {budget}" + (f", {counted.over(budget)} over" if counted.over(budget)
                                  else ""),
        ))
    return findings


def message_text(headline: str, summary: str) -> str:
    """The SMS a gateway sends: the headline, then the summary on its own line."""
    return f"{headline}\n{summary}"


def with_findings(status: Status, extra: Sequence[Finding]) -> Status:
    """``status`` with more findings, after its own."""
    if not extra:
        return status
    return dataclasses.replace(status, findings=(*status.findings, *extra))


# -- build: plain text, SMS, CAP ---------------------------------------------------

FORMATS = ("text", "sms", "cap")  # build -f names; all three in the default build
TEXT, SMS_TEXT, SMS_JSON, CAP_XML = ".txt", ".sms.txt", ".sms.json", ".cap.xml"


@dataclass(frozen=True)
class Shown:
    """A short form as a channel shows it: the text and the language it is in."""

    text: str
    language: str


def short_forms(document: SourceDocument, layers: Sequence[tuple[str, Mapping[str, str]]],
                *, source: str) -> dict[str, Shown]:
    """Each short form in the first layer that translates it, else the English (the
    page's fallback rule).  ``layers``: (tag, publishable translations), in order."""
    english = shortforms.texts(document, None).english
    shown: dict[str, Shown] = {}
    for key, msgid in english.items():
        for tag, table in layers:
            if text := table.get(msgid):
                shown[key] = Shown(text, tag)
                break
        else:
            shown[key] = Shown(msgid, source)
    return shown


def text_file(body: str, *, language: str, base: str, notices: Sequence[str]) -> str:
    """``<slug>.txt``: the alert as plain text; the page's notice first when some
    passages are in another language."""
    return plaintext.plain_text(body, language=language, base=base, header=notices).text


def sms_files(shown: Mapping[str, Shown], *, language: str) -> tuple[str, str] | None:
    """``<slug>.sms.txt`` (what the gateway sends) and its JSON sidecar; None when the
    alert has no headline or summary."""
    if "headline" not in shown or "sms" not in shown:
        return None
    text = message_text(shown["headline"].text, shown["sms"].text)
    counted = sms.count(text)
    budget = shortforms.MESSAGE_BUDGET
    sidecar = {
        "language": language,
        "encoding": counted.encoding,
        "segments": counted.segments,
        "units": counted.units,
        "budget": budget,
        "over_budget": counted.over(budget) > 0,
        "over_by": counted.over(budget),
        "ucs2_characters": list(counted.ucs2_characters),
        "languages": {key: shown[key].language for key in ("headline", "sms")},
    }
    return text + "\n", json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n"


def sms_note(path: str, sidecar: str) -> str | None:
    """The build's note for an SMS over its budget (it is written all the same)."""
    data = json.loads(sidecar)
    if not data["over_budget"]:
        return None
    forced = (f"; {sms.describe(tuple(data['ucs2_characters']))} force UCS-2"
              if data["ucs2_characters"] else "")
    return (f"{path}: {data['segments']} SMS segments in {data['encoding']}, "
            f"{data['over_by']} over the budget of {data['budget']}{forced} (written all the "
            "same)")


def cap_info(*, language: str, shown: Mapping[str, Shown], body: str,
             title: str, title_language: str, web: str, sender_name: str,
             level: str | None, resources: Sequence[cap.Resource] = ()) -> dict[str, Any] | None:
    """One language's ``<info>`` (as JSON-able data), or None: a language whose short
    forms are not all its own translations gets none, so no English text is ever
    sent under another language's tag.  Passages in another language are left out of
    the description; the page (``web``) has them."""
    if not shown or "headline" not in shown or any(
            s.language != language for s in shown.values()):
        return None
    description = plaintext.plain_text(body, language=language, own_language_only=True)
    info = cap.Info(
        language=language,
        event=title if title and title_language == language else shown["headline"].text,
        headline=shown["headline"].text,
        description=description.text.strip() or shown.get("sms", shown["headline"]).text,
        instruction=shown["instruction"].text if "instruction" in shown else "",
        web=web, sender_name=sender_name, level=level, resources=tuple(resources),
    )
    return dataclasses.asdict(info)


def cap_file(infos: Sequence[Mapping[str, Any]], *, identifier: str, sender: str,
             date: datetime.date) -> bytes:
    """``<slug>.cap.xml`` from the languages' ``<info>`` data, in the order given."""
    blocks = tuple(
        cap.Info(**{**info, "resources": tuple(cap.Resource(**r) for r in info["resources"])})
        for info in infos)
    return cap.alert_xml(cap.Alert(identifier=identifier, sender=sender,
                                   sent=cap.sent_time(date), infos=blocks))
