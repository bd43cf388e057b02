"""What the channels add to ``check`` (SMS budgets and segments, recorded audio) and to
the build (plain text, SMS, CAP 1.2 and its feed, the recording beside the page).

Functions over the catalogs' plain data: ``commands.run_check``, ``alert_build``
(one alert's files) and ``build`` (the CAP files, held until the end) call them.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import shutil
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import audio, cap, disk, plaintext, shortforms, sms
from .model import Catalog, Finding, Location, Message
from .status import Status


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
        for form in shortforms.FIELDS:
            if shortforms.comment(form) in source.extracted_comments:
                sent[form.key] = text
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


def audio_findings(root: str, tag: str, slug: str) -> list[Finding]:
    """``audio`` findings of one alert in one language: an error for a file under media/
    that is not audio of its declared type (or too large), information when there is no
    recording at all."""
    path = audio.find(root, tag, slug)
    if path is None:
        expected = f"{audio.FOLDER}/{tag}/{slug}"
        return [Finding("info", "audio", Location(f"{expected}.ogg"),
                        f"no recorded audio in {tag} (add {expected}.ogg, .opus, .mp3 or "
                        ".m4a)")]
    shown = Location(path[len(root):].lstrip("/\\") if path.startswith(root) else path)
    try:
        audio.inspect(path)
    except audio.AudioError as error:
        return [Finding("error", "audio", shown,
                        f"{error}; the build leaves it out of the page, feed and CAP.")]
    return []


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


def short_forms(english: Mapping[str, str], layers: Sequence[tuple[str, Mapping[str, str]]],
                *, source: str) -> dict[str, Shown]:
    """Each short form (``english``: key -> the source's text) in the first layer that
    translates it, else the English (the page's fallback rule).  ``layers``: (tag,
    publishable translations), in order."""
    shown: dict[str, Shown] = {}
    for key, msgid in english.items():
        for tag, table in layers:
            if text := table.get(msgid):
                shown[key] = Shown(text, tag)
                break
        else:
            shown[key] = Shown(msgid, source)
    return shown


def page_url(base_url: str, language: str, slug: str) -> str:
    """The page's address (empty without ``base-url``): plain text resolves links by it."""
    return f"{base_url.rstrip('/')}/{language}/{slug}.html" if base_url else ""


def text_file(reading: plaintext.Reading, *, notices: Sequence[str]) -> str:
    """``<slug>.txt``: the alert as plain text; the page's notice first when some
    passages are in another language."""
    return plaintext.compose(reading, header=notices).text


def sms_files(shown: Mapping[str, Shown], *, language: str
              ) -> tuple[str, str, str | None] | None:
    """``<slug>.sms.txt`` (what the gateway sends), its JSON sidecar, and the build's
    note when it is over its budget; None when the alert has no headline or summary."""
    if "headline" not in shown or "sms" not in shown:
        return None
    text = message_text(shown["headline"].text, shown["sms"].text)
    counted = sms.count(text)
    budget = shortforms.MESSAGE_BUDGET
    over = counted.over(budget)
    sidecar = {
        "language": language,
        "encoding": counted.encoding,
        "segments": counted.segments,
        "units": counted.units,
        "budget": budget,
        "over_budget": over > 0,
        "over_by": over,
        "ucs2_characters": list(counted.ucs2_characters),
        "languages": {key: shown[key].language for key in ("headline", "sms")},
    }
    note = None
    if over:  # it is written all the same
        forced = (f"; {sms.describe(counted.ucs2_characters)} force UCS-2"
                  if counted.ucs2_characters else "")
        note = (f"{counted.segments} SMS segments in {counted.encoding}, {over} over "
                f"the budget of {budget}{forced} (written all the same)")
    return text + "\n", json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", note


def recording(root: str, tag: str, slug: str
              ) -> tuple[audio.Recording | None, tuple[str, str] | None]:
    """The usable recording of ``slug`` in ``tag``, if any, and the problem of a file
    that is not one: (its path, why)."""
    path = audio.find(root, tag, slug)
    if path is None:
        return None, None
    try:
        return audio.inspect(path), None
    except audio.AudioError as error:
        return None, (path, str(error))


@dataclass(frozen=True)
class Made:
    """A language's channel files (name in build/<lang>/, content) and notes about them."""

    files: tuple[tuple[str, str | bytes], ...]
    notes: tuple[tuple[str, str], ...] = ()  # (file name, sentence)


def language_files(shown: Mapping[str, Shown] | None, reading: plaintext.Reading | None, *,
                   language: str, slug: str, notices: Sequence[str],
                   recording: audio.Recording | None) -> Made:
    """One language's files besides its page: ``<slug>.txt`` (from ``reading``; None:
    format ``text`` not asked for), ``<slug>.sms.txt`` and ``.sms.json`` (from the short
    forms ``shown``; None: format ``sms`` not asked for), and the recording, copied as is."""
    files: list[tuple[str, str | bytes]] = []
    notes: list[tuple[str, str]] = []
    if recording is not None:
        with open(recording.path, "rb") as stream:
            files.append((recording.name, stream.read()))
    if reading is not None:
        files.append((f"{slug}{TEXT}", text_file(reading, notices=notices)))
    if shown is not None and (made := sms_files(shown, language=language)):
        files += [(f"{slug}{SMS_TEXT}", made[0]), (f"{slug}{SMS_JSON}", made[1])]
        if made[2]:
            notes.append((f"{slug}{SMS_TEXT}", made[2]))
    return Made(tuple(files), tuple(notes))


def cap_ready(shown: Mapping[str, Shown], language: str) -> bool:
    """Whether a language gets a CAP ``<info>``: a headline, and every short form its own
    translation."""
    return "headline" in shown and all(s.language == language for s in shown.values())


def cap_info(shown: Mapping[str, Shown], description: plaintext.Reading, *, language: str,
             slug: str, title: str, title_language: str, sender_name: str, base_url: str,
             level: str | None, recording: audio.Recording | None) -> dict[str, Any] | None:
    """One language's ``<info>`` (as JSON-able data), or None: a language whose short
    forms are not all its own translations gets none, so no English text is ever
    sent under another language's tag.  ``description``: the page's text without its
    passages in another language (``plaintext.own_language``); the page (``<web>``)
    has them."""
    if not cap_ready(shown, language):
        return None
    base = f"{base_url.rstrip('/')}/" if base_url else ""
    resources = () if recording is None else (cap.Resource(
        description=shown["headline"].text, mime_type=recording.mime_type,
        uri=f"{base}{language}/{recording.name}", size=recording.size,
        digest=recording.sha1),)
    text = plaintext.compose(description).text
    info = cap.Info(
        language=language,
        event=title if title and title_language == language else shown["headline"].text,
        headline=shown["headline"].text,
        description=text.strip() or shown.get("sms", shown["headline"]).text,
        instruction=shown["instruction"].text if "instruction" in shown else "",
        web=f"{base}{language}/{slug}.html" if base else "", sender_name=sender_name,
        level=level, resources=resources,
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


CAP_FEED = "cap-feed.xml"  # build/: an Atom feed of the CAP files, for aggregators


@dataclass(frozen=True)
class CapEntry:
    """What the CAP feed says of one CAP file."""

    name: str
    sent: str
    headline: str
    identifier: str


def cap_entry(name: str, data: bytes) -> CapEntry:
    """The feed entry of a CAP file: its headline in the first ``<info>`` (the source
    language's), ``<sent>``, ``<identifier>``."""
    import xml.etree.ElementTree as ET

    ns = {"cap": cap.NAMESPACE}
    root = ET.fromstring(data)
    return CapEntry(name=name, sent=root.findtext("cap:sent", "", ns),
                    headline=root.findtext("cap:info/cap:headline", "", ns) or name,
                    identifier=root.findtext("cap:identifier", "", ns))


def cap_feed(entries: Sequence[CapEntry], *, title: str, base_url: str) -> bytes:
    """An Atom feed with one entry per CAP file (``build/<slug>.cap.xml``), newest first."""
    import uuid
    from xml.sax.saxutils import escape, quoteattr

    base = base_url.rstrip("/") + "/" if base_url else ""

    def iri(name: str) -> str:
        return f"{base}{name}" if base else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    ordered = sorted(entries, key=lambda e: (e.sent, e.name), reverse=True)
    updated = max((e.sent for e in ordered), default="1970-01-01T00:00:00+00:00")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<id>{escape(iri(CAP_FEED) if base else iri(f'alert-i18n:{title}:{CAP_FEED}'))}</id>",
        f"<title>{escape(title)} — CAP</title>",
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(title)}</name></author>",
        f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + CAP_FEED)}/>",
    ]
    for entry in ordered:
        lines += [
            "<entry>",
            f"<id>{escape(iri(entry.name) if base else iri(f'cap:{entry.identifier}'))}</id>",
            f"<title>{escape(entry.headline)}</title>",
            f"<updated>{entry.sent}</updated>",
            f'<link rel="alternate" type="{cap.MEDIA_TYPE}" href={quoteattr(base + entry.name)}/>',
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass
class Held:
    """Files for build/ itself (CAP), kept in a folder of the cache until the build
    writes its index pages (the CAP feed's entries are in the manifest): memory stays
    flat however many alerts there are."""

    folder: Path
    names: list[str] = field(default_factory=list)  # those of the alerts built

    @classmethod
    def begin(cls, cache: Path) -> Held:
        """A new folder; those a killed build left behind are removed."""
        import os
        import tempfile

        with disk.writing(cache / "held"):  # a full disk or a file in the way is named
            cache.mkdir(parents=True, exist_ok=True)
            for left in cache.glob("held-*-*"):
                pid = left.name.split("-")[1]
                if pid.isdigit() and not disk.alive(int(pid)):
                    shutil.rmtree(left, ignore_errors=True)
            return cls(Path(tempfile.mkdtemp(prefix=f"held-{os.getpid()}-", dir=cache)))

    def add(self, files: Sequence[tuple[str, bytes]]) -> list[CapEntry]:
        """Hold an alert's CAP files; their feed entries."""
        entries = []
        for name, data in files:
            with disk.writing(self.folder / name):
                (self.folder / name).write_bytes(data)
            self.names.append(name)
            entries.append(cap_entry(name, data))
        return entries

    def write(self, write: Callable[[str, bytes], None]) -> None:
        """Each held file through ``write``; the folder is removed (the CAP feed is the
        build's to make, from the manifest)."""
        for name in self.names:
            write(name, (self.folder / name).read_bytes())
        self.drop()

    def drop(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
