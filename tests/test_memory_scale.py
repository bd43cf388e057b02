"""Fuzzy matching that scales: msgmerge's similarity computed fast, candidates chosen the
same way on every run, one translation memory per language shared by every alert."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from alert_i18n.catalog import FuzzyIndex, Suggestion, TranslationMemory, similarity
from alert_i18n.model import Catalog, Message

from .conftest import REPO


def common_subsequence(a: str, b: str) -> int:
    """The textbook dynamic programme, to check the bit-parallel one against."""
    row = [0] * (len(b) + 1)
    for char in a:
        previous_diagonal = 0
        for j, other in enumerate(b, 1):
            keep = row[j]
            row[j] = previous_diagonal + 1 if char == other else max(row[j], row[j - 1])
            previous_diagonal = keep
    return row[-1]


text = st.text(alphabet="ab cdɛɔ\n", max_size=40)


@settings(max_examples=400, deadline=None)
@given(text, text)
def test_similarity_is_msgmerge_measure(a: str, b: str) -> None:
    expected = 2 * common_subsequence(a, b) / (len(a) + len(b)) if a or b else 1.0
    assert similarity(a, b) == expected == similarity(b, a)


def test_similarity_of_an_edited_paragraph() -> None:
    before = "In 2019, fundamentalists killed 4,000 people across Mali, Burkina Faso, and Niger."
    assert similarity(before, before.replace("4,000", "5,500")) > 0.9
    assert similarity(before, "Completely different.") < 0.6


PARAGRAPH = "The militia attacked the village of {} and the market near the river."


def test_candidates_do_not_depend_on_hash_order() -> None:
    """More equally good candidates than are scored: the first ones win, in every process."""
    texts = [PARAGRAPH.format(f"Place{n}") for n in range(30)]
    script = (
        "from alert_i18n.catalog import FuzzyIndex\n"
        f"texts = {texts!r}\n"
        f"print(FuzzyIndex(texts).matches({PARAGRAPH.format('Elsewhere')!r}))\n"
    )
    runs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       check=True, env={"PYTHONHASHSEED": str(seed), "PATH": ""},
                       cwd=REPO).stdout
        for seed in (1, 2, 3)
    }
    assert len(runs) == 1
    assert FuzzyIndex(texts).matches(PARAGRAPH.format("Elsewhere"))[0][1] == 0


def catalog(*pairs: tuple[str, str]) -> Catalog:
    return Catalog(messages=tuple(Message(msgid, msgstr=msgstr) for msgid, msgstr in pairs))


ALERTS = {
    "a": catalog(("Shared sentence about the Sahel.", "A1"),
                 (PARAGRAPH.format("Gao"), "A2")),
    "b": catalog(("Shared sentence about the Sahel.", "B1"),
                 (PARAGRAPH.format("Mopti"), "B2"), ("Only in b.", "B3")),
    "c": catalog((PARAGRAPH.format("Kidal"), "C2")),
}


def test_memory_without_an_alert_is_the_memory_of_the_others() -> None:
    shared = TranslationMemory.from_catalogs(ALERTS)
    queries = ["Shared sentence about the Sahel.", PARAGRAPH.format("Gao"),
               PARAGRAPH.format("Segou"), "Only in b.", "Nothing like it."]
    for alert in ALERTS:
        alone = TranslationMemory.from_catalogs({k: v for k, v in ALERTS.items() if k != alert})
        view = shared.excluding(alert)
        assert len(view) == len(alone), alert
        for query in queries:
            assert view.lookup(query) == alone.lookup(query), (alert, query)


def test_memory_never_suggests_the_alert_its_own_translation() -> None:
    shared = TranslationMemory.from_catalogs(ALERTS)
    assert shared.excluding("b").lookup("Only in b.") is None  # only b has it
    assert shared.lookup("Only in b.") == Suggestion("Only in b.", "B3", "b")
    # b's exact match is not offered to b; the closest other alert's sentence is.
    mopti = PARAGRAPH.format("Mopti")
    assert shared.lookup(mopti).origin == "b"
    found = shared.excluding("b").lookup(mopti)
    assert found is not None and (found.origin, found.msgstr) == ("a", "A2")
    assert 0.6 <= found.score < 1


def test_the_benchmark_runs(tmp_path: Path) -> None:
    """The benchmark command end to end on a tiny archive (timings are not asserted)."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--alerts", "3", "--jobs", "2",
         "--out", str(tmp_path), "--no-msgmerge"],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "full build, 1 worker" in result.stdout
    assert "rebuild, one fr catalog changed" in result.stdout
    assert (tmp_path / "results-3.json").is_file()
