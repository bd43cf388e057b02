"""The glossary check and the shipped TBX glossaries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alert_i18n import glossary
from alert_i18n.model import Message

from .conftest import Run

REPO = Path(__file__).resolve().parent.parent

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="a">
  <langSet xml:lang="en"><tig><term>security forces</term></tig></langSet>
  <langSet xml:lang="bm">
    <tig><term>lakananbaaw</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
      <note>attested: Kibaru</note></tig>
    <tig><term>lakanabolow</term>
      <termNote type="administrativeStatus">forbidden</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="b">
  <descrip type="Translation needed">No</descrip>
  <langSet xml:lang="en"><tig><term>Genocide Watch</term></tig></langSet>
</termEntry>
<termEntry id="c">
  <langSet xml:lang="en"><tig><term>genocide</term></tig></langSet>
  <langSet xml:lang="bm"><tig><term>siya halakili</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


@pytest.fixture
def terms() -> glossary.Glossary:
    return glossary.read_tbx(TBX.encode(), path="bm.tbx")


def _check(terms: glossary.Glossary, msgid: str, msgstr: str) -> list[str]:
    return [f.message for f in glossary.findings(terms, Message(msgid, msgstr=msgstr),
                                                 path="x.po")]


def test_reads_agreed_forbidden_and_names(terms: glossary.Glossary) -> None:
    first, name, _ = terms.terms
    assert (first.source, first.agreed, first.forbidden) == (
        "security forces", ("lakananbaaw",), ("lakanabolow",))
    assert first.notes == ("attested: Kibaru",)
    assert name.keep and terms.target_language == "bm"


def test_agreed_translation_missing(terms: glossary.Glossary) -> None:
    assert _check(terms, "The security forces came.", "Lakananbaaw nana.") == []
    assert _check(terms, "The security force came.", "Sɔrɔdasiw nana.") == []  # singular ok
    found = _check(terms, "Security forces came.", "Sɔrɔdasiw nana.")
    assert found == ["'security forces' is translated 'lakananbaaw' in the glossary."]


def test_forbidden_term(terms: glossary.Glossary) -> None:
    found = _check(terms, "Security forces came.", "Lakananbaaw ni lakanabolow nana.")
    assert len(found) == 1 and "'lakanabolow' is a forbidden translation" in found[0]


def test_name_not_to_translate(terms: glossary.Glossary) -> None:
    assert _check(terms, "Genocide Watch warns.", "Genocide Watch bɛ lasɔmini kɛ.") == []
    found = _check(terms, "Genocide Watch warns.", "Siya halakili kɔlɔsili bɛ lasɔmini kɛ.")
    assert found == ["the name 'Genocide Watch' is not to be translated: keep it exactly as "
                     "the English writes it."]


def test_a_term_inside_a_name_is_the_names(terms: glossary.Glossary) -> None:
    # "genocide" in "Genocide Watch" asks for no "siya halakili".
    assert _check(terms, "Genocide Watch recommends:", "Genocide Watch b'a laadi ko:") == []


def test_malformed_tbx_names_file_and_line() -> None:
    from alert_i18n.errors import UsageError

    with pytest.raises(UsageError, match=r"bm\.tbx:2"):
        glossary.read_tbx(b"<martif>\n<text>", path="bm.tbx")


@pytest.mark.parametrize("code", ["fr", "bm"])
def test_shipped_glossaries(code: str) -> None:
    terms = glossary.load(REPO, code)
    assert terms is not None and terms.target_language == code
    names = {t.source for t in terms.terms if t.keep}
    assert names == {"MINUSMA", "Barkhane", "Dan Na Ambassagou", "G5 Sahel", "Genocide Watch"}
    if code == "bm":  # every Bambara term says where it is attested, or that it is a proposal
        for term in terms.terms:
            if term.keep:
                continue
            assert len(term.notes) == len(term.agreed) + len(term.forbidden), term
            for note in term.notes:
                assert re.match(r"attested: (Kibaru|RFI Mandenkan|VOA Bambara)|proposal:|"
                                r"unattested|means|can read", note), note
        proposals = {t.agreed[0] for t in terms.terms if any("proposal" in n for n in t.notes)}
        assert {"siya halakili", "kɔrɔtɔko", "hadamadenya gɛlɛyaba"} <= proposals


def test_check_reports_glossary_findings(content: Path, cli: Run) -> None:
    path = content / "locales/bm/LC_MESSAGES/mali-2020-08.po"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Murutilenw ni lakananbaaw ye", "Murutilenw ni lakanabolow ye"), encoding="utf-8")
    code, out, _ = cli("-C", content, "check", "-l", "bm")
    assert code == 0  # warnings
    assert "warning: [glossary] 'lakanabolow' is a forbidden translation of 'security " \
           "forces'" in out
    assert "[glossary] 'security forces' is translated 'lakananbaaw' or 'lakana bagaw'" in out
