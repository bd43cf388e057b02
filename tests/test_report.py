"""Reports of `check`: the verdict, and the same counts in text, JSON and HTML."""

from __future__ import annotations

import json

import pytest

from alert_i18n import report
from alert_i18n.languages import resolve
from alert_i18n.model import Catalog, Language, Message
from alert_i18n.status import Status, catalog_status

FR, BM = resolve("fr"), resolve("bm")
TEMPLATE = Catalog(messages=(Message("Stay indoors."), Message("Call for help."),
                             Message("See [the map](#).")))


def _status(language: Language, messages: tuple[Message, ...], alert: str = "a") -> Status:
    return catalog_status(alert=alert, language=language,
                                path=f"locales/{language.locale}/LC_MESSAGES/{alert}.po",
                                template=TEMPLATE, catalog=Catalog(messages=messages))


COMPLETE = (Message("Stay indoors.", "Restez à l’intérieur."),
            Message("Call for help.", "Appelez à l’aide."),
            Message("See [the map](#).", "Voir [la carte](#)."))
PARTIAL = (Message("Stay indoors.", "Aw ka to so."),
           Message("Call for help.", "Dɛmɛ ɲini.", flags=("fuzzy",)))
BROKEN_LINK = (*COMPLETE[:2], Message("See [the map](#).", "Voir [la carte](http://evil)."))


def test_verdicts() -> None:
    assert report.verdict([_status(FR, COMPLETE)], fail_under=None) == "PASSED"
    assert report.verdict([_status(FR, COMPLETE), _status(BM, PARTIAL)],
                          fail_under=None) in ("PASSED", "PASSED with warnings")
    assert report.verdict([_status(BM, PARTIAL)], fail_under=50) == "FAILED"  # 33.3%
    assert report.verdict([_status(FR, BROKEN_LINK)], fail_under=None) == "FAILED"


def test_json_counts_each_catalog_and_language() -> None:
    data = json.loads(report.as_json([_status(FR, COMPLETE), _status(BM, PARTIAL)]))
    by_language = {entry["language"]: entry for entry in data["languages"]}
    assert by_language["fr"]["translated"] == 3 and by_language["fr"]["total"] == 3
    assert (by_language["bm"]["translated"], by_language["bm"]["fuzzy"],
            by_language["bm"]["untranslated"]) == (1, 1, 1)
    files = [entry["file"] for entry in data["catalogs"]]
    assert files == ["locales/fr/LC_MESSAGES/a.po", "locales/bm/LC_MESSAGES/a.po"]


def test_text_names_each_problem_with_its_file() -> None:
    text = report.text([_status(FR, BROKEN_LINK)])
    assert "locales/fr/LC_MESSAGES/a.po" in text
    assert "FAILED" in text


@pytest.mark.parametrize("fmt", sorted(report.FORMATS))
def test_every_format_says_the_same_verdict(fmt: str) -> None:
    statuses = [_status(FR, COMPLETE), _status(BM, PARTIAL)]
    output = report.FORMATS[fmt](statuses, fail_under=50)
    if fmt == "json":
        assert json.loads(output)["passed"] is False
    else:
        assert "FAILED" in output
    assert "locales/bm/LC_MESSAGES/a.po" in output
