"""Issue 17, in-page links: ``[further below](#recommendations)`` must land on the
heading in every language, not only in English.  Heading ids that links point at come
from the English (its slug, or an explicit id the English sets)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ._hardening import SLUG, make_site, po_text, run_cli

ENGLISH = """# Genocide Emergency

Our [recommendations](#recommendations) are [further below](#recommendations); \
see also the [background](#background-of-the-crisis).

## Background of the crisis

Armed groups attacked villages.

## Recommendations

Protect civilians.
"""
FRENCH = {
    "Genocide Emergency": "Urgence génocidaire",
    "Our [recommendations](#recommendations) are [further below](#recommendations); see also "
    "the [background](#background-of-the-crisis).":
        "Nos [recommandations](#recommendations) sont [plus bas](#recommendations) ; voir "
        "aussi le [contexte](#background-of-the-crisis).",
    "Background of the crisis": "Contexte de la crise",
    "Armed groups attacked villages.": "Des groupes armés ont attaqué des villages.",
    "Recommendations": "Recommandations",
    "Protect civilians.": "Protégez les civils.",
}


def fragments_and_ids(page: str) -> tuple[set[str], set[str]]:
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    return targets, ids


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("anchors") / "site"
    make_site(root, ENGLISH, FRENCH)
    bambara = root / "locales" / "bm" / "LC_MESSAGES" / f"{SLUG}.po"
    bambara.parent.mkdir(parents=True)
    bambara.write_text(po_text({"Recommendations": "Laadiliw", "Protect civilians.":
                                "Aw ye siwili mɔgɔw lakana."},
                               header={"Language": "bm", "Plural-Forms": "nplurals=1; plural=0;"}),
                       "utf-8")
    done = run_cli("-C", root, "build", "-f", "html", "-f", "md", "-f", "fragment")
    assert done.returncode == 0, done.stderr
    assert "fr: alert: 6 of 6 messages translated" in done.stdout
    return root


def test_english_in_page_links_land(site: Path) -> None:
    targets, ids = fragments_and_ids((site / "build" / "en" / f"{SLUG}.html").read_text())
    assert targets == {"recommendations", "background-of-the-crisis"}
    assert targets <= ids


@pytest.mark.parametrize("language", ["fr", "bm"])
@pytest.mark.parametrize("fmt", ["html", "fragment.html"])
def test_in_page_links_land_in_every_language(site: Path, language: str, fmt: str) -> None:
    page = (site / "build" / language / f"{SLUG}.{fmt}").read_text("utf-8")
    targets, ids = fragments_and_ids(page)
    assert targets == {"recommendations", "background-of-the-crisis"}
    assert not targets - ids, f"links to {sorted(targets - ids)}; ids are {sorted(ids)}"


def test_check_does_not_pass_a_page_whose_in_page_links_point_nowhere(site: Path) -> None:
    """Either the ids are stable (and the links land), or check says the page is broken."""
    page = (site / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")
    targets, ids = fragments_and_ids(page)
    checked = run_cli("-C", site, "check", "-l", "fr")
    assert targets <= ids or checked.returncode == 1
