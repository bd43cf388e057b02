"""The built pages as readers get them: valid HTML5, self-contained, small, readable at
360 px and in print, mirrored right to left; the head of each page pinned by golden files."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from alert_i18n import page
from alert_i18n.cli import main

from . import browser as chromium
from .conftest import REPO, Validator
from .test_site import SLUG, add_fallback, half_translate

GOLDEN = Path(__file__).parent / "golden" / "head"
LANGUAGES = ("en", "fr", "bm", "bm-Nkoo", "ff")
FORMATS = ("-f", "html", "-f", "md", "-f", "fragment")


def _copy_sample(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/ of the repository's own content, as committed (en, fr, bm)."""
    root = _copy_sample(tmp_path_factory.mktemp("sample") / "site")
    assert main(["-C", str(root), "build", *FORMATS]) == 0
    return root / "build"


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/ with two more languages: half-translated Fula (-> French), N'Ko (right to left)."""
    root = _copy_sample(tmp_path_factory.mktemp("wide") / "site")
    half_translate(root, "ff")
    add_fallback(root, "ff", "fr")
    assert main(["-C", str(root), "update", "-l", "bm-Nkoo"]) == 0
    assert main(["-C", str(root), "build", *FORMATS]) == 0
    return root / "build"


def html_pages(build: Path) -> list[Path]:
    """Every complete HTML page of a build (fragments are not pages)."""
    return sorted(p for p in build.rglob("*.html") if not p.name.endswith(".fragment.html"))


def head(path: Path) -> str:
    """The page's <head>, the stylesheet's text replaced by its name (it has its own tests)."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index("<head>"), text.index("</head>") + len("</head>")
    return text[start:end].replace(page.STYLE, "/* page.STYLE */") + "\n"


# -- golden heads: one test per file under tests/golden/head/ --------------------------

def _goldens() -> list[str]:
    return sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html"))


@pytest.mark.parametrize("name", _goldens())
def test_page_head_matches_golden(sample: Path, name: str) -> None:
    """ALERT_I18N_REGOLD=1 rewrites the golden files from the current build."""
    actual = head(sample / name)
    golden = GOLDEN / name
    if os.environ.get("ALERT_I18N_REGOLD"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_every_page_has_a_golden_head(sample: Path) -> None:
    built = {p.relative_to(sample).as_posix() for p in html_pages(sample)}
    if os.environ.get("ALERT_I18N_REGOLD"):
        for name in built:
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(head(sample / name), encoding="utf-8")
    assert set(_goldens()) == built


# -- what every page carries ----------------------------------------------------------

def test_csp_names_exactly_the_inline_stylesheet(wide: Path) -> None:
    for path in html_pages(wide):
        text = path.read_text(encoding="utf-8")
        styles = re.findall(r"<style>(.*?)</style>", text, re.S)
        assert len(styles) == 1
        digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert csp is not None, path
        assert f"style-src 'sha256-{digest}'" in csp.group(1)
        assert "default-src 'none'" in csp.group(1) and "script-src" not in csp.group(1)
        assert '<meta name="referrer" content="no-referrer">' in text
        assert '<meta charset="utf-8">' in text
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text


def test_pages_are_self_contained_and_small(wide: Path) -> None:
    for path in wide.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert len(text.encode("utf-8")) < 60_000, path
        for forbidden in ("<script", "<link rel=\"stylesheet\"", "@import", "url(",
                          "@font-face", "<iframe", "<object", "<embed", " style=\"src"):
            assert forbidden not in text, (path, forbidden)
        assert not re.search(r'\ssrc="(?:https?:)?//', text), path


def test_stylesheet_uses_logical_properties_only() -> None:
    physical = re.compile(
        r"(?:margin|padding|border)-(?:left|right|top|bottom)\b|(?<![-\w])(?:left|right|top|"
        r"bottom|width|height|max-width|min-width)\s*:|text-align\s*:\s*(?:left|right)|"
        r"float\s*:|(?:margin|padding|inset)\s*:\s*[^;}\s]+\s+[^;}\s]+"
    )
    assert physical.findall(page.STYLE) == []
    assert "@media print" in page.STYLE


def test_fragment_has_the_body_only(wide: Path) -> None:
    for lang in LANGUAGES:
        fragment = (wide / lang / f"{SLUG}.fragment.html").read_text(encoding="utf-8")
        full = (wide / lang / f"{SLUG}.html").read_text(encoding="utf-8")
        body = fragment.split("\n", 1)[1].rsplit("</div>", 1)[0]
        notices = re.findall(r'<p class="notice".*?</p>\n', body)
        assert notices == re.findall(r'<p class="notice".*?</p>\n', full)
        body = body[sum(map(len, notices)):]
        assert body.strip() and f'<article class="alert">\n{body}</article>' in full


# -- the Nu HTML Checker -------------------------------------------------------------

def _wrapped(fragment: Path, folder: Path) -> Path:
    """A fragment pasted into the smallest valid page, as a CMS would."""
    name = fragment.parent.name + "-" + fragment.name
    path = folder / name
    path.write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>CMS page</title>\n</head>\n<body>\n"
        + fragment.read_text(encoding="utf-8") + "</body>\n</html>\n",
        encoding="utf-8",
    )
    return path


def test_every_page_index_and_fragment_is_valid_html5(wide: Path, vnu: Validator,
                                                     tmp_path: Path) -> None:
    pages = html_pages(wide)
    assert {p.relative_to(wide).as_posix() for p in pages} >= {
        "index.html", *(f"{lang}/{name}" for lang in LANGUAGES
                        for name in ("index.html", f"{SLUG}.html"))}
    fragments = [_wrapped(f, tmp_path) for f in sorted(wide.rglob("*.fragment.html"))]
    assert len(fragments) == len(LANGUAGES)
    assert vnu.errors(*pages, *fragments) == ""


# -- layout in a real browser -----------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A page in headless Chromium at phone size (360 x 800), fresh profile, no network."""
    with chromium.context(viewport={"width": 360, "height": 800}) as opened:
        yield opened.new_page()


@pytest.mark.parametrize("name", [
    *(f"{lang}/{SLUG}.html" for lang in LANGUAGES),
    *(f"{lang}/index.html" for lang in ("en", "fr", "bm-Nkoo")),
    "index.html",
])
def test_pages_fit_a_360px_phone(browser: object, wide: Path, name: str,
                                 tmp_path: Path) -> None:
    tab = browser  # playwright Page; typed loosely so the module imports without playwright
    tab.emulate_media(media="screen")  # type: ignore[attr-defined]
    tab.goto((wide / name).as_uri())  # type: ignore[attr-defined]
    width = tab.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    shot = tmp_path / (name.replace("/", "_") + ".png")
    tab.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 360  # measured at a phone's width
    assert width <= 360, f"{name} is {width}px wide at 360px (screenshot: {shot})"


def test_right_to_left_page_mirrors(browser: object, wide: Path) -> None:
    tab = browser
    for lang, side in (("bm-Nkoo", "right"), ("fr", "left")):
        tab.goto((wide / lang / f"{SLUG}.html").as_uri())  # type: ignore[attr-defined]
        box = tab.evaluate(  # type: ignore[attr-defined]
            "(() => { const r = document.querySelector('.site a').getBoundingClientRect();"
            " return [r.left, r.right]; })()")
        left, right = box
        if side == "right":
            assert right > 300 and left > 16, (lang, box)  # starts at the right edge
        else:
            assert left < 20, (lang, box)


def test_print_hides_navigation(browser: object, wide: Path) -> None:
    tab = browser
    tab.goto((wide / "fr" / f"{SLUG}.html").as_uri())  # type: ignore[attr-defined]
    tab.emulate_media(media="print")  # type: ignore[attr-defined]
    shown = tab.evaluate(  # type: ignore[attr-defined]
        "['nav', 'footer', 'main'].map(s => getComputedStyle(document.querySelector(s)).display)")
    tab.emulate_media(media="screen")  # type: ignore[attr-defined]
    assert shown == ["none", "none", "block"]
