"""Issue 17, translations: what `check` passes must be safe everywhere the build's
outputs go — our pages, the localized Markdown under CommonMark renderers
(markdown-it with HTML on, Python-Markdown's defaults), the `.mo` of `compile` — and
`check` must reject exactly what `build` refuses to publish.

The corpus is tests/data/payloads/hardening.txt; each payload goes into its own
message of a French catalog, and the site is run through the CLI once.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import json
import re
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from alert_i18n.cli import main

from ._hardening import SLUG, make_site, po_string, po_text, run_cli
from .browser import dump_dom, needs_chromium

CORPUS = Path(__file__).parent / "data" / "payloads" / "hardening.txt"
GENOCIDE_WATCH = "https://www.genocidewatch.com/"
BLOCKING = {"length", "nesting", "links", "html"}  # README: what the build refuses
CATALOG = f"locales/fr/LC_MESSAGES/{SLUG}.po"


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    verdict: str  # reject, inert or either
    own_link: bool


def corpus() -> list[Payload]:
    found = []
    for entry in re.split(r"^=== ", CORPUS.read_text("utf-8"), flags=re.M)[1:]:
        head, _, body = entry.partition("\n")
        name, _, flags = head.partition(":")
        words = flags.split()
        assert words[0] in ("reject", "inert", "either"), head
        script = f"document.documentElement.setAttribute('data-pwned-{name}','1')"
        text = re.sub(r"\{U\+([0-9A-F]{4,6})\}", lambda m: chr(int(m.group(1), 16)),
                      body.rstrip("\n").replace("PWN", script))
        found.append(Payload(name, text, words[0], "own-link" in words))
    return found


PAYLOADS = corpus()
KINDS = ("paragraph", "heading", "item", "quote", "cell")


def msgid(number: int) -> str:
    return f"Message {number} keeps the [link](#) in place."


def lead(number: int) -> str:
    return f"Le message {number} garde le"


def _block(kind: str, text: str) -> str:
    return {"heading": f"## {text}\n", "item": f"- {text}\n", "quote": f"> {text}\n",
            "cell": f"| {text} |\n|---|\n"}.get(kind, text + "\n")


@dataclass(frozen=True)
class Outcome:
    root: Path
    published: bool  # the translation is on the French page
    errors: set[str]  # check's errors on the payload's message
    build_code: int
    check_code: int


def cli(*args: str | Path) -> tuple[int, str, str]:
    """``alert-i18n`` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


NUMBER = 1


def kind_of(payload: Payload) -> str:
    """The block the payload's message is: a paragraph where its line breaks matter."""
    if "\n" in payload.text:
        return "paragraph"
    return KINDS[zlib.crc32(payload.name.encode()) % len(KINDS)]


def run_payload(root: Path, payload: Payload) -> Outcome:
    """A site whose French catalog holds ``payload``, built, checked and compiled."""
    english = ["# Payload test page\n", f"Source: [the site]({GENOCIDE_WATCH}).\n",
               _block(kind_of(payload), msgid(NUMBER))]
    french = {"Payload test page": "Page de test",
              f"Source: [the site]({GENOCIDE_WATCH}).": f"Source : [le site]({GENOCIDE_WATCH}).",
              msgid(NUMBER): lead(NUMBER) + (" lien en place. " if payload.own_link
                                             else " [lien](#) en place. ") + payload.text}
    make_site(root, "\n".join(english), french)
    line = po_text(french).split("\n").index(f"msgid {po_string(msgid(NUMBER))}") + 1
    build_code, _, _ = cli("-C", root, "build", "-f", "html", "-f", "md")
    page = root / "build" / "fr" / f"{SLUG}.html"
    published = page.exists() and lead(NUMBER) in page.read_text("utf-8")
    check_code, out, _ = cli("-C", root, "check", "-l", "fr", "--format", "json")
    errors = {problem["check"] for report in json.loads(out)["catalogs"]
              for problem in report["problems"]
              if problem["severity"] == "error" and problem["file"] == CATALOG
              and problem["line"] == line}
    cli("-C", root, "compile")
    return Outcome(root, published, errors, build_code, check_code)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Each payload's outcome, computed when a test first asks for it."""
    class Lazy(dict[str, Outcome]):
        def __missing__(self, name: str) -> Outcome:
            payload = next(p for p in PAYLOADS if p.name == name)
            self[name] = run_payload(tmp_path_factory.mktemp(name) / "site", payload)
            return self[name]
    return Lazy()


def cases(*, verdicts: tuple[str, ...] = ("reject", "inert", "either")) -> list[object]:
    """The corpus as test cases, those with one of ``verdicts``."""
    return [pytest.param(p, id=p.name) for p in PAYLOADS if p.verdict in verdicts]


# -- check and build -----------------------------------------------------------------

@pytest.mark.parametrize("payload", cases(verdicts=("reject",)))
def test_check_rejects_the_payload(outcomes: dict[str, Outcome], payload: Payload) -> None:
    outcome = outcomes[payload.name]
    assert outcome.errors & BLOCKING and outcome.check_code == 1, outcome.errors


@pytest.mark.parametrize("payload", cases(verdicts=("reject",)))
def test_build_refuses_the_payload(outcomes: dict[str, Outcome], payload: Payload) -> None:
    """Refused message by message: the English is published in its place, the page stays
    up to date (a page frozen whole by the final link comparison is not this)."""
    outcome = outcomes[payload.name]
    page = (outcome.root / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")
    assert outcome.build_code == 1
    assert lead(NUMBER) not in page and f"Message {NUMBER} keeps the" in page
    assert "Page de test" in page


@pytest.mark.parametrize("payload", cases())
def test_check_and_build_agree(outcomes: dict[str, Outcome], payload: Payload) -> None:
    """One decision: check reports a blocking error iff the build did not publish it."""
    outcome = outcomes[payload.name]
    assert (not outcome.published) == bool(outcome.errors & BLOCKING), outcome


# -- the published outputs, rendered elsewhere ---------------------------------------

class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.found


STRUCTURE = {"ol", "ul", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
             "table", "hr", "details", "div"}
ALLOWED = {"p", "a", "em", "strong", "code", "br", "h2", "ul", "li", "blockquote", "table",
           "thead", "tbody", "tr", "th", "td", "img"}


def render_commonmark(text: str) -> dict[str, str]:
    """``text``, then a paragraph, as a publisher would render it: markdown-it
    (CommonMark, HTML on) and Python-Markdown with its defaults."""
    text += "\nThe page goes on.\n"  # a browser ends an unclosed tag at the next '>'
    return {"markdown-it": MarkdownIt("commonmark", {"html": True}).render(text),
            "python-markdown": markdown.markdown(text)}


def problems_in(html: str, english: str) -> list[str]:
    """What is live or new in ``html`` compared with the English block ``english``."""
    found = []
    mine = elements(html)
    for tag, attrs in mine:
        if tag not in ALLOWED:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in {"style", "srcdoc", "title"}:
                found.append(f"{tag} {name}={value!r}")
            if name in {"href", "src"} and value not in {"#", GENOCIDE_WATCH}:
                found.append(f"{tag} {name}={value!r}")
    theirs = Counter(t for t, _ in elements(english) if t in STRUCTURE)
    if (ours := Counter(t for t, _ in mine if t in STRUCTURE)) != theirs:
        found.append(f"blocks {dict(ours)} where the English has {dict(theirs)}")
    if bad := [hex(ord(c)) for c in html if _unwanted(c)]:
        found.append(f"characters {bad}")
    return found


def _unwanted(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char not in "\t\n\r") or 0x7F <= code <= 0x9F or (
        0xFDD0 <= code <= 0xFDEF) or (code & 0xFFFE) == 0xFFFE or 0xD800 <= code <= 0xDFFF


def _markdown_block(root: Path, language: str, needle: str) -> str | None:
    text = (root / "build" / language / f"{SLUG}.md").read_text("utf-8")
    for block in re.split(r"\n[ \t]*\n", text):
        if needle in block:
            return block + "\n"
    return None


@pytest.mark.parametrize("payload", cases())
def test_the_localized_markdown_is_inert_under_commonmark_renderers(
    outcomes: dict[str, Outcome], payload: Payload
) -> None:
    outcome, number = outcomes[payload.name], NUMBER
    block = _markdown_block(outcome.root, "fr", lead(number))
    if block is None:  # refused: the English is published
        block = _markdown_block(outcome.root, "fr", f"Message {number} keeps the")
        assert block is not None
    english = _markdown_block(outcome.root, "en", f"Message {number} keeps the")
    assert english is not None
    for renderer, html in render_commonmark(block).items():
        assert not problems_in(html, render_commonmark(english)[renderer]), (renderer, html)


def _mo_messages(root: Path) -> dict[str, str]:
    mo = root / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.mo"
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


@pytest.mark.parametrize("payload", cases())
def test_the_mo_holds_only_what_is_inert_under_commonmark_renderers(
    outcomes: dict[str, Outcome], payload: Payload
) -> None:
    outcome, number = outcomes[payload.name], NUMBER
    msgstr = _mo_messages(outcome.root).get(msgid(number))
    if msgstr is None:
        return  # refused: not in the .mo
    for renderer, html in render_commonmark(msgstr + "\n").items():
        english = render_commonmark(msgid(number) + "\n")[renderer]
        assert not problems_in(html, english), (renderer, html)


@pytest.mark.parametrize("payload", cases(verdicts=("either", "reject")))
def test_what_is_published_is_clean(outcomes: dict[str, Outcome], payload: Payload) -> None:
    """A control character or noncharacter reaches neither the page nor the .md; a refused
    translation is not published at all."""
    outcome, number = outcomes[payload.name], NUMBER
    for fmt in ("html", "md"):
        text = (outcome.root / "build" / "fr" / f"{SLUG}.{fmt}").read_text("utf-8")
        bad = [hex(ord(c)) for c in text if _unwanted(c)]
        assert not bad, (fmt, bad)
        if payload.verdict == "reject":
            assert lead(number) not in text, fmt


@pytest.mark.parametrize("title", [
    pytest.param('"http://evil.example/login"', id="double-quoted"),
    pytest.param("'http://evil.example/login'", id="single-quoted"),
    pytest.param("(http://evil.example/login)", id="parenthesised"),
])
def test_a_translator_cannot_add_a_link_title(tmp_path: Path, title: str) -> None:
    """Titles are part of the link: they come from the English."""
    root = tmp_path / "site"
    make_site(root, "# Title\n\nSee [the report](#) now.\n",
              {"Title": "Titre", "See [the report](#) now.": f"Voir [le rapport](# {title}) ici."})
    run_cli("-C", root, "build")
    page = (root / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")
    assert "evil.example" not in page
    assert not any("title" in attrs for tag, attrs in elements(page) if tag == "a")
    checked = run_cli("-C", root, "check")
    built = run_cli("-C", root, "build")
    assert checked.returncode == built.returncode == 1


# -- in a browser: the .md and the .mo, rendered by a publisher's CommonMark renderer ---

@needs_chromium
def test_nothing_runs_when_a_publisher_renders_the_md_or_the_mo(
    outcomes: dict[str, Outcome], tmp_path: Path
) -> None:
    bodies = []
    for payload in PAYLOADS:
        outcome = outcomes[payload.name]
        localized = outcome.root / "build" / "fr" / f"{SLUG}.md"
        if localized.exists():  # not when the whole page was refused
            bodies += render_commonmark(localized.read_text("utf-8")).values()
        bodies += [html for text in _mo_messages(outcome.root).values() if text
                   for html in render_commonmark(text + "\n").values()]
    page = tmp_path / "bare.html"
    page.write_text("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                    "<title>Bare</title></head><body>" + "\n<hr>\n".join(bodies)
                    + "</body></html>\n", "utf-8")
    dom = dump_dom(page, tmp_path)
    html_tag = next((attrs for tag, attrs in elements(dom) if tag == "html"), {})
    assert not [name for name in html_tag if name.startswith("data-pwned")]


# -- Plural-Forms and the chrome's placeholders --------------------------------------

BAD_PLURALS = [
    "nplurals=2; plural=(n > 1) ? __import__ : 0;",
    "nplurals=2; plural=(n > 1;",
    "nplurals=2; plural=foo(n);",
    "nplurals=0; plural=0;",
    "nplurals=2; plural=n ** 2;",
]  # each refused by msgfmt -c


@pytest.mark.parametrize("command", ["update", "compile", "check", "build"])
@pytest.mark.parametrize("plural", BAD_PLURALS)
def test_a_plural_forms_that_is_not_a_plural_expression_fails_every_command(
    tmp_path: Path, plural: str, command: str
) -> None:
    root = tmp_path / "site"
    catalog = make_site(root, "# Title\n\nText.\n", {"Title": "Titre", "Text.": "Texte."},
                        header={"Plural-Forms": plural})
    assert cli("-C", root, "extract")[0] == 0
    before = catalog.read_bytes()
    code, out, err = cli("-C", root, command)
    assert code in (1, 2), out + err
    assert re.search(re.escape(CATALOG) + r":\d+: ", err), err
    assert catalog.read_bytes() == before


def test_a_renamed_placeholder_in_site_po_fails_check_as_it_fails_build(tmp_path: Path) -> None:
    """check passes what build refuses: {nom} for {name} in the chrome's catalog."""
    root = tmp_path / "site"
    make_site(root, "---\nstage: 9\n---\n# Title\n\nText.\n", {"Title": "Titre", "Text.": "T."})
    assert cli("-C", root, "extract")[0] == 0
    site_po = root / "locales" / "fr" / "LC_MESSAGES" / "site.po"
    site_po.write_text(po_text({"Stage {stage} of 10: {name}": "Étape {stage} sur 10 : {nom}"}),
                       "utf-8")
    built, _, build_err = cli("-C", root, "build")
    checked, check_out, _ = cli("-C", root, "check", "-l", "fr")
    assert built == 1 and "site.po" in build_err  # the build refuses it and fails
    assert checked == 1, check_out  # so check must fail too


# -- one decision: check rejects exactly what build refuses, over generated translations --

FRAGMENTS = [
    "<", ">", '"', "'", "[", "]", "(", ")", "](", "#", " ", "`", "``", "*", "**", "_", "\\",
    "{", "}", "{: #x}", "&lt;", "&#60;", "&amp;", "!", "\n", "1) ", "~~~", "|", "x", "é",
    "http://evil.example/x", "javascript:", "mailto:a@b.example", "<img", " src=x",
    " onerror=x", 'alt="<"', "<b>", "</b>", "<details", "<http://", "<http://evil.example/x voir>",
    "<javascript://x y>", "[lien](#)", '[lien](# "t")', "[lien](# (t))", "[r]", "[r]: #",
    "\u0001", "\ufffe", "\ue000", "\ue001", "\ue002",
]
TRANSLATIONS = st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10).map("".join),
                        min_size=30, max_size=30)


# No shrinking: a failure names every disagreeing translation of its site already.
@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow])
@given(TRANSLATIONS)
def test_check_rejects_exactly_what_build_refuses(tails: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "site"
        english = ["# Title\n"] + [msgid(n) + "\n" for n in range(1, len(tails) + 1)]
        french = {"Title": "Titre"} | {
            msgid(n): f"{lead(n)} [lien](#) en place. {tail}"
            for n, tail in enumerate(tails, start=1)}
        make_site(root, "\n".join(english), french)
        text = po_text(french).split("\n")
        lines = {n: text.index(f"msgid {po_string(msgid(n))}") + 1
                 for n in range(1, len(tails) + 1)}
        cli("-C", root, "build", "-f", "html")
        page = root / "build" / "fr" / f"{SLUG}.html"
        html = page.read_text("utf-8") if page.exists() else ""
        _, out, _ = cli("-C", root, "check", "-l", "fr", "--format", "json")
        blocked = {problem["line"] for report in json.loads(out)["catalogs"]
                   for problem in report["problems"]
                   if problem["severity"] == "error" and problem["file"] == CATALOG
                   and problem["check"] in BLOCKING}
        refused = {lines[n] for n in lines if f"{lead(n)} " not in html}
        disagree = {line: french[msgid(next(n for n in lines if lines[n] == line))]
                    for line in refused ^ blocked}
        assert not disagree, disagree


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_problem_is_one_line_even_when_the_translation_is_not(
    tmp_path: Path, command: str
) -> None:
    """README: errors are one line naming the file and line (a CI log is read by line)."""
    root = tmp_path / "site"
    make_site(root, "# Title\n\nText [here](#).\n",
              {"Title": "Titre", "Text [here](#).": 'Texte [ici](#). <img src=x\nonerror="y">'})
    _, out, err = cli("-C", root, command)
    lines = (out + err).splitlines()
    assert any("[html]" in line for line in lines)
    assert not [line for line in lines if line.startswith("onerror")], out + err
