"""OASIS Common Alerting Protocol 1.2: one ``<alert>``, one ``<info>`` per language.

Plain dataclasses in, bytes out (no I/O).  Element order is the schema's;
the tests validate every file against the official CAP 1.2 XSD.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
MEDIA_TYPE = "application/cap+xml"

# Front matter ``level`` -> (urgency, severity, certainty), documented in the README.
LEVELS = {
    "emergency": ("Immediate", "Extreme", "Observed"),  # killings are happening now
    "warning": ("Expected", "Severe", "Likely"),
    "watch": ("Future", "Moderate", "Possible"),
    None: ("Unknown", "Unknown", "Unknown"),
}
CATEGORY = "Security"  # CAP: "law enforcement, military, homeland and local/private security"


@dataclass(frozen=True)
class Resource:
    """A file the ``<info>`` points to (recorded audio)."""

    description: str
    mime_type: str
    uri: str
    size: int = 0
    digest: str = ""  # SHA-1, hex (CAP 1.2)


@dataclass(frozen=True)
class Info:
    """One language's ``<info>``: every text in that language."""

    language: str  # BCP 47
    event: str
    headline: str
    description: str
    instruction: str = ""
    web: str = ""
    sender_name: str = ""
    area: str = ""
    level: str | None = None
    resources: tuple[Resource, ...] = ()


@dataclass(frozen=True)
class Alert:
    identifier: str
    sender: str
    sent: str  # CAP dateTime, with its offset: 2020-08-01T00:00:00+00:00
    infos: tuple[Info, ...]
    status: str = "Actual"
    msg_type: str = "Alert"
    scope: str = "Public"


def sent_time(date: datetime.date) -> str:
    """A front matter date as CAP's ``<sent>`` (midnight UTC: builds stay reproducible)."""
    return f"{date.isoformat()}T00:00:00+00:00"


def _add(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    element.text = text
    return element


def alert_xml(alert: Alert) -> bytes:
    """The CAP 1.2 document, UTF-8, with an XML declaration."""
    root = ET.Element(f"{{{NAMESPACE}}}alert")
    for name, value in (("identifier", alert.identifier), ("sender", alert.sender),
                        ("sent", alert.sent), ("status", alert.status),
                        ("msgType", alert.msg_type), ("scope", alert.scope)):
        _add(root, name, value)
    for info in alert.infos:
        block = ET.SubElement(root, f"{{{NAMESPACE}}}info")
        urgency, severity, certainty = LEVELS.get(info.level, LEVELS[None])
        _add(block, "language", info.language)
        _add(block, "category", CATEGORY)
        _add(block, "event", info.event)
        _add(block, "urgency", urgency)
        _add(block, "severity", severity)
        _add(block, "certainty", certainty)
        optional: Sequence[tuple[str, str]] = (
            ("senderName", info.sender_name), ("headline", info.headline),
            ("description", info.description), ("instruction", info.instruction),
            ("web", info.web),
        )
        for name, value in optional:
            if value:
                _add(block, name, value)
        for resource in info.resources:
            element = ET.SubElement(block, f"{{{NAMESPACE}}}resource")
            _add(element, "resourceDesc", resource.description)
            _add(element, "mimeType", resource.mime_type)
            if resource.size:
                _add(element, "size", str(resource.size))
            _add(element, "uri", resource.uri)
            if resource.digest:
                _add(element, "digest", resource.digest)
        if info.area:
            area = ET.SubElement(block, f"{{{NAMESPACE}}}area")
            _add(area, "areaDesc", info.area)
    ET.indent(root)
    # The namespace as the default one, for this document only (register_namespace
    # is global: the XLIFF writer has a default namespace of its own).
    return ET.tostring(root, encoding="utf-8", xml_declaration=True,
                       default_namespace=NAMESPACE) + b"\n"
