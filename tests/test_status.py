"""Where a catalog stands: counts by state, words, the gate."""

from __future__ import annotations

from alert_i18n.languages import resolve
from alert_i18n.model import Catalog, Message
from alert_i18n.status import Counts, catalog_status, floor_percent, passed

TEMPLATE = Catalog(messages=(Message("Stay indoors."), Message("Call for help now."),
                             Message("See [the map](#)."), Message("Keep away.")))


def _status(*messages: Message, alert: str = "a"):
    return catalog_status(alert=alert, language=resolve("fr"), path="fr/a.po",
                          template=TEMPLATE, catalog=Catalog(messages=messages))


def test_percentages_are_rounded_down_so_100_means_all() -> None:
    assert floor_percent(999, 1000) == 99.9
    assert floor_percent(9999, 10000) == 99.9
    assert floor_percent(0, 0) == 100.0


def test_each_message_is_counted_in_one_state_with_its_english_words() -> None:
    status = _status(Message("Stay indoors.", "Restez à l’intérieur."),
                     Message("Call for help now.", "Appelez à l’aide.", flags=("fuzzy",)),
                     Message("See [the map](#).", "   "))
    assert status.messages == Counts(total=4, translated=1, fuzzy=1, untranslated=2)
    assert status.words.translated == 2 and status.words.fuzzy == 4
    assert status.words.total == 2 + 4 + 3 + 2  # link targets are not words


def test_the_gate_fails_on_an_error_and_on_completeness_only_when_asked() -> None:
    partial = _status(Message("Stay indoors.", "Restez à l’intérieur."))
    assert passed([partial], fail_under=None)
    assert not passed([partial], fail_under=50)
    broken = _status(Message("See [the map](#).", "Voir [la carte](http://evil.example/)."))
    assert broken.errors and not passed([broken], fail_under=None)
