"""cap: CAP 1.2 documents, valid against the official schema whatever their text says."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from alert_i18n import cap

from .conftest import DATA

XSD = DATA / "cap" / "CAP-v1.2-schema.xsd"
NS = {"cap": cap.NAMESPACE}


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(XSD)


def _alert(*infos: cap.Info) -> bytes:
    return cap.alert_xml(cap.Alert("id-1", "s@example.org",
                                   cap.sent_time(datetime.date(2020, 8, 1)), infos))


def test_every_level_validates(schema: xmlschema.XMLSchema) -> None:
    for level in cap.LEVELS:
        info = cap.Info(language="fr", event="É", headline="h", description="d <&>",
                        level=level, resources=(cap.Resource("audio", "audio/ogg", "x.ogg", 10),))
        schema.validate(_alert(info).decode("utf-8"))


def test_sent_is_midnight_utc_with_its_offset() -> None:
    assert cap.sent_time(datetime.date(2020, 8, 1)) == "2020-08-01T00:00:00+00:00"


def test_the_namespace_is_the_default_one_with_no_prefix() -> None:
    data = _alert(cap.Info(language="bm", event="e", headline="h", description="d"))
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<alert xmlns=")
    assert b"ns0:" not in data and b"<cap:" not in data


# Text a translation may hold (no carriage return: XML reads it as a newline); markup
# in it is text.
_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff",
                              min_codepoint=0x20) | st.sampled_from("\t\n<>&\"'"), min_size=1)


@settings(max_examples=200, deadline=None)
@given(event=_TEXT, headline=_TEXT, description=_TEXT)
def test_untrusted_text_stays_text_and_validates(
        schema: xmlschema.XMLSchema, event: str, headline: str, description: str) -> None:
    data = _alert(cap.Info(language="fr", event=event, headline=headline,
                           description=description, level="warning"))
    schema.validate(data.decode("utf-8"))
    info = ET.fromstring(data).find("cap:info", NS)
    assert info is not None
    assert info.findtext("cap:event", namespaces=NS) == event
    assert info.findtext("cap:headline", namespaces=NS) == headline
    assert info.findtext("cap:description", namespaces=NS) == description
    assert len(info.findall("cap:*", NS)) == 8  # no element came from the text
