"""XLIFF 2.0 export/import and TMX export: lossless round trips, safety on import."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from alert_i18n import exchange, review
from alert_i18n.check import blocking_problems
from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po

from .conftest import Run

BM = "locales/bm/LC_MESSAGES/mali-2020-08.po"
X = "{urn:oasis:names:tc:xliff:document:2.0}"


def _sample() -> Catalog:
    reviewed = review.record(Message("Stage 9", msgstr="Dakun 9", references=("s.md:3",)),
                             name="R", date="2026-01-01")
    return Catalog(header=(("Language", "bm"),), messages=(
        Message("Title", msgstr="", extracted_comments=("heading 2",)),
        reviewed,
        Message("Two\nlines", msgstr="Fila\nkɔnɔ", translator_comments=("note",)),
        Message("Old", msgstr="Kɔrɔ", flags=("fuzzy",), previous_msgid="Older"),
        Message("{count} passage", msgid_plural="{count} passages",
                msgstr_plural=("{count} kumasen",)),
        Message("gone", msgstr="x", obsolete=True),
    ))


def _xliff(catalog: Catalog) -> bytes:
    return exchange.export_xliff(catalog, source_language="en", target_language="bm",
                                 file_id="sample", original="bm.po")


def test_export_is_xliff_2_with_review_states() -> None:
    root = etree.fromstring(_xliff(_sample()))
    assert root.tag == f"{X}xliff" and root.attrib == {"version": "2.0", "srcLang": "en",
                                                       "trgLang": "bm"}
    units = root.findall(f"{X}file/{X}unit")
    assert len(units) == 5  # obsolete entries are not exported
    states = [[s.get("state") for s in u.findall(f"{X}segment")] for u in units]
    assert states == [["initial"], ["reviewed"], ["translated"], ["initial"], ["translated"]]
    assert units[3].find(f"{X}segment").get("subState") == exchange.FUZZY
    assert all(s in exchange.STATES for group in states for s in group)
    ids = [u.get("id") for u in units]
    assert len(set(ids)) == 5 and all(re.fullmatch(r"m[0-9a-f]{16}", i) for i in ids)
    for unit in units:  # XLIFF 2.0 order: notes before segments
        tags = [child.tag for child in unit]
        assert tags == sorted(tags, key=lambda t: t != f"{X}notes")
    assert units[2].find(f"{X}segment/{X}source").text == "Two\nlines"


def test_round_trip_changes_nothing(tmp_path: Path) -> None:
    catalog = _sample()
    result = exchange.import_xliff(catalog, _xliff(catalog), origin="x.xlf",
                                   check=blocking_problems, reviewer="A", date="2026-02-02")
    assert result.catalog == catalog and result.changed == 0 and not result.refused
    assert _xliff(result.catalog) == _xliff(catalog)


def _edit(data: bytes, old: str, new: str) -> bytes:
    text = data.decode("utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


def test_import_applies_targets_and_records_provenance_and_review() -> None:
    catalog = _sample()
    data = _edit(_xliff(catalog), '<segment state="initial">\n        <source xml:space="preserve">'
                 "Title</source>",
                 '<segment state="final">\n        <source xml:space="preserve">Title</source>'
                 '<target xml:space="preserve">Kunnafoni</target>')
    result = exchange.import_xliff(catalog, data, origin="agency.xlf", check=blocking_problems,
                                   reviewer="Agency Reviewer", date="2026-02-02")
    title = result.catalog.messages[0]
    assert title.msgstr == "Kunnafoni" and review.provenance(title) == "imported:agency.xlf"
    assert review.state(title) == review.REVIEWED
    assert (result.changed, result.reviewed) == (1, 1)
    # Without a reviewer, a "final" segment is imported unreviewed.
    result = exchange.import_xliff(catalog, data, origin="agency.xlf", check=blocking_problems)
    assert review.state(result.catalog.messages[0]) == review.TRANSLATED


def test_import_never_changes_a_msgid_loses_a_translation_or_lets_unsafe_text_in() -> None:
    catalog = _sample()
    data = _xliff(catalog)
    changed_source = _edit(data, ">Stage 9</source>", ">Stage 8</source>")
    result = exchange.import_xliff(catalog, changed_source, origin="x", check=blocking_problems)
    assert result.catalog == catalog and "a msgid is never changed" in result.refused[0]
    emptied = _edit(data, '<target xml:space="preserve">Fila\nkɔnɔ</target>', "")
    result = exchange.import_xliff(catalog, emptied, origin="x", check=blocking_problems)
    assert result.catalog == catalog
    unsafe = _edit(data, ">Dakun 9</target>", ">[Dakun 9](javascript:alert(1))</target>")
    result = exchange.import_xliff(catalog, unsafe, origin="x", check=blocking_problems)
    assert result.catalog == catalog and "[links]" in result.refused[0]


def test_cli_round_trip_on_the_sample(content: Path, cli: Run, tmp_path: Path) -> None:
    before = (content / BM).read_bytes()
    out = tmp_path / "bm.xlf"
    assert cli("-C", content, "export", "-l", "bm", "--alert", "mali-2020-08",
               "--output", out)[0] == 0
    code, text, _ = cli("-C", content, "import", "-l", "bm", "--alert", "mali-2020-08", out)
    assert code == 0 and "0 translation(s) imported, 0 marked reviewed, 0 refused" in text
    assert (content / BM).read_bytes() == before
    # The chrome's plural entries go through too.
    site = tmp_path / "site.xlf"
    assert cli("-C", content, "export", "-l", "fr", "--alert", "site", "--output", site)[0] == 0
    before = (content / "locales/fr/LC_MESSAGES/site.po").read_bytes()
    assert cli("-C", content, "import", "-l", "fr", "--alert", "site", site)[0] == 0
    assert (content / "locales/fr/LC_MESSAGES/site.po").read_bytes() == before


def test_tmx_export_round_trips_the_memory(content: Path, cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "bm.tmx"
    assert cli("-C", content, "export", "-l", "bm", "--format", "tmx", "--output", out)[0] == 0
    units = exchange.read_tmx(out.read_bytes())
    catalog = read_po((content / BM).read_bytes(), path=BM)
    assert [(u[1], u[2]) for u in units] == [(m.msgid, m.msgstr) for m in catalog.active
                                             if m.translated]
    assert {u[0] for u in units} == {"mali-2020-08"} and {u[3] for u in units} == {"translated"}
    root = etree.fromstring(out.read_bytes())
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "en"
