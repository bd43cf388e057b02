"""The values that cross stages."""

from __future__ import annotations

import json
from dataclasses import replace

from alert_i18n.errors import BuildError
from alert_i18n.languages import resolve
from alert_i18n.model import Catalog, Message, Published, Report

FR = resolve("fr")
RESULT = Published(language=FR, markdown="# Titre\n", body="<h1>Titre</h1>", title="Titre",
                   links=("#", "https://example.org/"), fallback=1, total=4,
                   shown=("fr", "fr", "en", "fr"), title_language="fr",
                   description="Un résumé.", description_language="fr")


def test_published_summary_round_trips_through_json() -> None:
    data = json.loads(json.dumps(RESULT.summary(links=True)))
    assert set(data) == set(Published.SUMMARY)
    again = Published.from_summary(data, FR)
    assert again == replace(RESULT, markdown="", body="", shown=())  # what it stands in for


def test_only_the_english_page_keeps_its_links_in_the_summary() -> None:
    assert RESULT.summary(links=False)["links"] == []
    assert Published.from_summary(RESULT.summary(links=False), FR).links == ()


def test_for_index_keeps_only_what_the_index_uses() -> None:
    kept = RESULT.for_index()
    assert (kept.markdown, kept.body, kept.links, kept.shown) == ("", "", (), ())
    assert (kept.title, kept.description, kept.fallback, kept.total) == ("Titre", "Un résumé.",
                                                                          1, 4)


def test_report_counts_files_and_takes_in_another() -> None:
    report = Report()
    report.wrote("build/fr/a.html", True)
    report.wrote("build/fr/a.md", False)
    other = Report(written=["build/en/a.html"], unchanged=2, notes=["n"],
                   errors=[BuildError("e")])
    report.add(other)
    assert report.written == ["build/fr/a.html", "build/en/a.html"]
    assert report.unchanged == 3 and report.notes == ["n"] and len(report.errors) == 1


def test_messages_are_translated_only_when_reviewed_and_not_blank() -> None:
    assert Message("a", "b").translated
    assert not Message("a", "b", flags=("fuzzy",)).translated
    assert not Message("a", " \n").translated
    assert not Message("a", "b", obsolete=True).translated
    assert not Message("a", msgid_plural="as", msgstr_plural=("b", "")).translated
    catalog = Catalog(header=(("Language", "fr"),),
                      messages=(Message("a"), Message("b", obsolete=True)))
    assert catalog.header_value("language") == "fr"
    assert [m.msgid for m in catalog.active] == ["a"]
    assert [m.msgid for m in catalog.obsolete] == ["b"]
