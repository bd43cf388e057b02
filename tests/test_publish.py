"""The one rule for what a page or a .mo may use: reviewed, and passing the blocking checks."""

from __future__ import annotations

from pathlib import Path

from alert_i18n.config import Config
from alert_i18n.errors import BuildError
from alert_i18n.model import Catalog, Message, Report
from alert_i18n.publish import compilable, publishable

CONFIG = Config(root=Path("/r"))
PATH = Path("/r/locales/fr/LC_MESSAGES/a.po")
CATALOG = Catalog(messages=(
    Message("Stay indoors.", "Restez chez vous.", line=7),
    Message("Call for help.", "Appelez à l’aide.", flags=("fuzzy",), line=10),
    Message("See [the map](#).", "Voir [la carte](javascript:alert(1)).", line=13),
    Message("Cafe\u0301 open.", "Cafe\u0301 ouvert.", line=16),  # keys are NFC
    Message("Gone.", "Parti.", obsolete=True, line=19),
    Message("Menu", "Menu", msgctxt="nav", line=22),
))


def test_only_reviewed_translations_that_pass_the_checks_are_published() -> None:
    report = Report()
    table = publishable(CONFIG, CATALOG, PATH, report)
    assert table == {"Stay indoors.": "Restez chez vous.", "Café open.": "Café ouvert."}
    (error,) = report.errors
    assert isinstance(error, BuildError) and error.exit_code == 1
    assert str(error).startswith("locales/fr/LC_MESSAGES/a.po:13: [")
    (note,) = report.notes
    assert note.startswith("locales/fr/LC_MESSAGES/a.po:13: [")
    assert note.endswith("The English text is published instead.")


def test_the_chrome_must_keep_its_placeholders() -> None:
    chrome = Catalog(messages=(Message("{count} of {total}", "{count} sur {total}", line=3),
                               Message("{count} left", "il en reste", line=6)))
    report = Report()
    assert publishable(CONFIG, chrome, PATH, report, brace_format=True) == {
        "{count} of {total}": "{count} sur {total}"}
    assert [str(e) for e in report.errors] == [
        "locales/fr/LC_MESSAGES/a.po:6: [placeholders] translation rejected"]
    assert publishable(CONFIG, chrome, PATH, Report()) == {  # an alert's catalog: no such rule
        "{count} of {total}": "{count} sur {total}", "{count} left": "il en reste"}


def test_a_mo_holds_what_a_page_may_publish() -> None:
    report = Report()
    kept = compilable(CONFIG, CATALOG, PATH, report)
    assert [m.msgid for m in kept.messages] == ["Stay indoors.", "Cafe\u0301 open."]
    assert len(report.errors) == 1
