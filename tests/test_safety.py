"""Translations are untrusted: hostile ones are refused or stay text, links come from the English.

The payload corpus (tests/data/payloads/translations.txt) is put into a French
catalog, one payload per message, and run through ``check`` and ``build``; the
same site is opened in Chromium by tests/test_browser_safety.py.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alert_i18n import check, inline
from alert_i18n import localize as localize_module
from alert_i18n.inline import LINK
from alert_i18n.localize import localize, normalize
from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po
from alert_i18n.render import Renderer, safe_url, sanitize
from alert_i18n.segment import parse_source

from .conftest import REPO, Run

PAYLOADS = Path(__file__).parent / "data" / "payloads" / "translations.txt"
SLUG = "payloads"
GENOCIDE_WATCH = "https://www.genocidewatch.com/"


# -- the payload site ---------------------------------------------------------------

@dataclass(frozen=True)
class Payload:
    name: str
    text: str  # PWN already replaced by JavaScript that marks the page with its name
    rejected: bool
    own_link: bool

    @property
    def mark(self) -> str:
        return f"data-pwned-{self.name}"


def payloads() -> list[Payload]:
    """The corpus, in file order."""
    found: list[Payload] = []
    entries = re.split(r"^=== ", PAYLOADS.read_text("utf-8"), flags=re.M)[1:]
    for entry in entries:
        head, _, body = entry.partition("\n")
        name, _, flags = head.partition(":")
        words = flags.split()
        assert words[0] in ("reject", "inert"), head
        script = f"document.documentElement.setAttribute('data-pwned-{name}','1')"
        found.append(Payload(name, body.rstrip("\n").replace("PWN", script),
                             words[0] == "reject", "own-link" in words))
    return found


KINDS = ("paragraph", "heading", "item", "quote", "cell")


def _block(kind: str, text: str) -> str:
    if kind == "heading":
        return f"## {text}\n"
    if kind == "item":
        return f"- {text}\n"
    if kind == "quote":
        return f"> {text}\n"
    if kind == "cell":
        return f"| {text} |\n|---|\n"
    return text + "\n"


@dataclass(frozen=True)
class PayloadSite:
    root: Path
    payloads: list[Payload]
    lines: dict[int, Payload]  # catalog line of each payload's message

    @property
    def catalog(self) -> Path:
        return self.root / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"

    def page(self, language: str, fmt: str = "html") -> Path:
        return self.root / "build" / language / f"{SLUG}.{fmt}"


def make_payload_site(root: Path) -> PayloadSite:
    """A content root with one English alert and a French catalog full of payloads."""
    corpus = payloads()
    english = [
        "# Payload test page\n",
        "Source: [Genocide Watch][gw] and [the site](https://www.genocidewatch.com/).\n",
    ]
    french = {
        "Payload test page": "Page de test des charges",
        "Source: [Genocide Watch][gw] and [the site](https://www.genocidewatch.com/).":
            "Source : [Genocide Watch][gw] et [le site](https://www.genocidewatch.com/).",
    }
    for number, payload in enumerate(corpus, start=1):
        kind = KINDS[number % len(KINDS)]
        msgid = f"Message {number} keeps the [link](#) in place."
        lead = f"Le message {number} garde le " + (
            "lien en place. " if payload.own_link else "[lien](#) en place. ")
        english.append(_block(kind, msgid))
        french[msgid] = lead + payload.text
    english.append(f"[gw]: {GENOCIDE_WATCH}\n[Genocide Watch]: {GENOCIDE_WATCH}\n")
    (root / "source").mkdir(parents=True)
    (root / "source" / f"{SLUG}.md").write_text("\n".join(english), encoding="utf-8")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    messages = tuple(Message(msgid=k, msgstr=v) for k, v in french.items())
    header = (("Project-Id-Version", "payloads"), ("Language", "fr"),
              ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"),
              ("Content-Transfer-Encoding", "8bit"),
              ("Plural-Forms", "nplurals=2; plural=(n > 1);"))
    site = PayloadSite(root, corpus, {})
    site.catalog.parent.mkdir(parents=True)
    site.catalog.write_text(write_po(Catalog(header=header, messages=messages)), "utf-8")
    read = read_po(site.catalog.read_bytes(), path="x")
    by_msgid = {m.msgid: m.line for m in read.messages}
    for number, payload in enumerate(corpus, start=1):
        site.lines[by_msgid[f"Message {number} keeps the [link](#) in place."]] = payload
    return site


@pytest.fixture
def payload_site(tmp_path: Path) -> PayloadSite:
    return make_payload_site(tmp_path / "site")


class Elements(HTMLParser):
    """Every element and attribute of an HTML page, and the text of <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(page)
    return parser.elements


def main_of(page: str) -> str:
    found = re.search(r"<main\b.*?</main>", page, re.S)
    assert found, "no <main> in the page"
    return found.group()


def article_of(page: str) -> str:
    """The alert itself, without the page's notices (its <article>, else <main>)."""
    found = re.search(r"<article\b.*?</article>", page, re.S)
    return found.group() if found else main_of(page)


def link_targets(page: str) -> Counter[str]:
    """The href of every link in the alert body (<main>), entities decoded."""
    return Counter(attrs["href"] or "" for tag, attrs in elements(main_of(page))
                   if tag == "a" and "href" in attrs)


def off_site_or_unsafe(url: str) -> bool:
    """How a browser reads an attribute's URL (entities already decoded, once): True when
    it leaves the page's site or is not http(s)/mailto.  Independent of render.safe_url."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    url = url.replace("\\", "/")
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    if scheme:
        return scheme.group(1).lower() not in {"http", "https", "mailto"}
    return url.startswith("//")


LIVE_TAGS = {"script", "iframe", "style", "svg", "object", "embed", "form", "base", "meta",
             "link", "frame", "math", "template", "button", "input", "video", "audio"}


def assert_inert(body: str) -> None:
    """Nothing in an alert body (<main>) is live: no such element, attribute or URL."""
    for tag, attrs in elements(body):
        assert tag not in LIVE_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name not in {"srcdoc", "formaction", "action", "data"}, (tag, name)
            if name == "style":
                assert tag in {"td", "th"} and re.fullmatch(r"text-align: ?\w+;?", value or "")
            if name in {"href", "src"}:
                assert not off_site_or_unsafe(value or ""), (tag, name, value)
            if name == "src":  # pages are self-contained
                assert not re.match(r"[a-z][a-z0-9+.-]*:", value or "", re.I), (tag, value)
        assert not (tag == "img" and attrs.get("src", "") == ""), "an empty src"


# -- the corpus through check and build ----------------------------------------------

def _build(cli: Run, root: Path) -> tuple[int, str, str]:
    return cli("-C", root, "build")


def _check_errors(cli: Run, root: Path) -> dict[int, set[str]]:
    code, out, _ = cli("-C", root, "check", "-l", "fr", "--format", "json")
    assert code == 1, "hostile translations must fail check"
    found: dict[int, set[str]] = {}
    for catalog in json.loads(out)["catalogs"]:
        for problem in catalog["problems"]:
            if problem["severity"] == "error" and problem["file"].endswith(f"{SLUG}.po"):
                found.setdefault(problem["line"], set()).add(problem["check"])
    return found


def _refused(out: str, err: str, site: PayloadSite) -> dict[int, str]:
    """Catalog line -> check name, for each translation the build refused."""
    name = f"locales/fr/LC_MESSAGES/{SLUG}.po"
    notes = {int(m.group(1)): m.group(2)
             for m in re.finditer(re.escape(name) + r":(\d+): \[(\w+)\] .*English text is "
                                  r"published instead\.", out)}
    errors = {int(m.group(1)): m.group(2)
              for m in re.finditer(re.escape(name) + r":(\d+): \[(\w+)\] translation rejected",
                                   err)}
    assert notes == errors, "each refusal is both explained and reported as an error"
    return errors


def test_payload_corpus_is_well_formed() -> None:
    corpus = payloads()
    names = [p.name for p in corpus]
    assert len(names) == len(set(names)) and len(corpus) >= 50
    assert sum(p.rejected for p in corpus) >= 40
    assert all(re.fullmatch(r"[a-z0-9-]+", name) for name in names)


BLOCKING = {c.__name__.removeprefix("check_") for c in check.BLOCKING}


def test_check_and_build_agree_on_every_payload(payload_site: PayloadSite, cli: Run) -> None:
    """One decision: check reports an unsafe-kind error on a message iff the build refused it.

    check's other errors (a line break added, say) fail CI but are published,
    as the README says: on a payload they may only come with the inert ones.
    """
    code, out, err = _build(cli, payload_site.root)
    assert code == 1  # refusals are errors
    refused = _refused(out, err, payload_site)
    reported = _check_errors(cli, payload_site.root)
    unsafe = {line for line, names in reported.items() if names & BLOCKING}
    assert set(refused) == unsafe
    for line, name in refused.items():
        assert name in reported[line]  # the build names the check that refused it
    for line in set(reported) - unsafe:
        assert reported[line] <= {"markup", "numbers"}, payload_site.lines[line]
        assert not payload_site.lines[line].rejected
    expected = {line for line, payload in payload_site.lines.items() if payload.rejected}
    wrongly = {payload_site.lines.get(line, line) for line in set(refused) ^ expected}
    assert not wrongly, "refused but inert, or hostile but published"
    assert err.count("\n") == len(refused)  # one line per refusal, nothing else


def test_refused_translations_fall_back_to_english(payload_site: PayloadSite, cli: Run) -> None:
    _build(cli, payload_site.root)
    page = payload_site.page("fr").read_text("utf-8")
    body = main_of(page)
    assert "Page de test des charges" in page  # the catalog is used
    for number, payload in enumerate(payload_site.payloads, start=1):
        french = f"Le message {number} garde le"
        english = f"Message {number} keeps the"
        if payload.rejected:
            assert english in body and french not in body, payload.name
        else:
            assert french in body and english not in body, payload.name
    markdown = payload_site.page("fr", "md").read_text("utf-8")
    for number, payload in enumerate(payload_site.payloads, start=1):
        if payload.rejected:
            assert f"Le message {number} garde le" not in markdown, payload.name


def test_built_pages_are_inert_and_link_only_where_the_english_does(
    payload_site: PayloadSite, cli: Run
) -> None:
    _build(cli, payload_site.root)
    english = payload_site.page("en").read_text("utf-8")
    french = payload_site.page("fr").read_text("utf-8")
    for page in (english, french):
        assert_inert(main_of(page))
        assert "data-pwned" not in "".join(
            name for _, attrs in elements(page) for name in attrs)
    assert link_targets(french) == link_targets(english)
    assert set(link_targets(english)) == {"#", GENOCIDE_WATCH}


def test_inert_payloads_are_published_as_text(payload_site: PayloadSite, cli: Run) -> None:
    """What is published stays text: no new block, no link, the markers gone."""
    _build(cli, payload_site.root)
    body = article_of(payload_site.page("fr").read_text("utf-8"))
    english = article_of(payload_site.page("en").read_text("utf-8"))
    count = Counter(tag for tag, _ in elements(body))
    count.pop("br", None)  # a translator's "\n" is a line break, never a new block
    assert count == Counter(tag for tag, _ in elements(english))  # same blocks, same links
    assert not re.search(r'id="en', body)  # fallback markers are not part of heading ids
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    assert "# Titre injecté" in text and "> citation" in text
    assert "voir [Genocide Watch]" in text  # a shortcut to an English definition: text
    assert "[sic] et [NDLR] ] [" in text
    assert "\ue000" not in text and "le marqueur frjavascript:" in text
    assert "5 < 6, AT&T & Cie, a <b c" in text


def test_rejected_payloads_name_the_check(payload_site: PayloadSite, cli: Run) -> None:
    _, out, err = _build(cli, payload_site.root)
    refused = _refused(out, err, payload_site)
    by_name = {payload_site.lines[line].name: check for line, check in refused.items()}
    assert by_name["script"] == "html"
    assert by_name["entities-script"] == "html"
    assert by_name["attr-list-block"] == "html"
    assert by_name["javascript-link"] == "links"
    assert by_name["definition-only"] == "links"
    assert by_name["spaced-reference-to-english-definition"] == "links"
    assert by_name["bracket-bomb"] == "nesting"
    assert by_name["emphasis-bomb"] == "nesting"


# -- links come from the English -----------------------------------------------------

def test_final_link_comparison_fails_a_language_when_checks_are_bypassed(
    content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: with the check layer gone, a changed link still never publishes."""
    assert cli("-C", content, "build")[0] == 0
    page = content / "build" / "fr" / "mali-2020-08.html"
    before = page.read_bytes()
    bambara = (content / "build" / "bm" / "mali-2020-08.html").read_bytes()
    catalog = content / "locales" / "fr" / "LC_MESSAGES" / "mali-2020-08.po"
    text = catalog.read_text("utf-8")
    assert "[crise humanitaire](#)" in text
    catalog.write_text(text.replace("[crise humanitaire](#)",
                                    "[crise humanitaire](https://evil.example/)"), "utf-8")
    monkeypatch.setattr(check, "blocking_problems", lambda source, translation: [])
    code, _, err = cli("-C", content, "build")
    assert code == 1
    assert "build/fr/mali-2020-08.html: link targets differ from the English page" in err
    assert err.count("\n") == 1
    assert page.read_bytes() == before  # the previous French page stays
    # Bambara is built (its language switcher no longer offers French).
    assert (content / "build" / "bm" / "mali-2020-08.html").read_bytes() != bambara
    assert "evil.example" not in "".join(
        p.read_text("utf-8") for p in (content / "build").rglob("*.html"))


UNSAFE_URLS = [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#X6a;avascript:alert(1)",
    "&#0000106avascript:alert(1)", "java&Tab;script:alert(1)", "java&NewLine;script:alert(1)",
    "javascript&colon;alert(1)", "java\tscript:alert(1)", "jav&#x09;ascript:alert(1)",
    "&#x01;javascript:alert(1)", "data:text/html,<b>x</b>", "DATA:text/html,x",
    "vbscript:msgbox(1)", "//evil.example/", "/\\evil.example/", "\\\\evil.example/",
    "&#47;&#47;evil.example/", "file:///etc/passwd", "ftp://evil.example/", "&amp;#106;avascript:x",
]
SAFE_URLS = ["#", "#section", "https://example.org/a?b=1&c=2", "http://example.org/",
             "mailto:someone@example.org", "/relative/page.html", "page.html", "../up.html"]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_unsafe_schemes_never_reach_a_page_even_from_the_source(url: str) -> None:
    assert not safe_url(url)
    rendered = Renderer().render(f"[link]({url}) and ![alt]({url})\n")
    assert not any(off_site_or_unsafe(link) for link in rendered.links)
    assert_inert(rendered.html)
    for variant in (f"[link](<{url}>)", f"[link]({url} \"t\")", f"<{url}>",
                    f"[link][r]\n\n[r]: {url}", f"[r]\n\n[r]: <{url}>"):
        rendered = Renderer().render(variant + "\n")
        assert_inert(rendered.html)  # whatever Python-Markdown made of it
        assert not any(off_site_or_unsafe(link) for link in rendered.links), variant


@pytest.mark.parametrize("url", SAFE_URLS)
def test_allowed_schemes_are_kept(url: str) -> None:
    rendered = Renderer().render(f"[link]({url})\n")
    assert safe_url(url)
    assert rendered.links == (url,)


def test_sanitizer_alone_drops_what_the_guard_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """nh3, configured by us, is a layer of its own: //host and javascript: go."""
    body = ('<a href="//evil.example/">a</a><a href="/\\evil.example/">b</a>'
            '<a href="java&#x09;script:x">c</a><a href="https://ok.example/">d</a>'
            '<img src="https://evil.example/p.png" alt="e"><img src="pic.png" alt="f">'
            '<p onclick="x" style="color:red">g</p><script>x</script>')
    clean = sanitize(body)
    assert clean.count("href=") == 1 and 'href="https://ok.example/"' in clean
    assert 'src="pic.png"' in clean and "evil" not in clean
    assert "onclick" not in clean and "style" not in clean and "script" not in clean


def test_unsafe_images_become_their_alt_text() -> None:
    """An empty src is invalid HTML: a remote or unsafe image is replaced by its alt text."""
    renderer = Renderer()
    for url in ("https://evil.example/p.png", "//evil.example/p.png", "data:image/png;base64,AA",
                "javascript:x", "&#106;avascript:x"):
        rendered = renderer.render(f"Before ![the alt **text**]({url} \"title\") after.\n")
        assert rendered.html == "<p>Before the alt **text** after.</p>", url
    rendered = renderer.render("![first](https://a.example/1.png)![second](pic.png) tail\n")
    assert rendered.html == '<p>first<img alt="second" src="pic.png"> tail</p>'
    rendered = renderer.render("*x* ![gone](https://a.example/1.png) **y**\n")
    assert rendered.html == "<p><em>x</em> gone <strong>y</strong></p>"


def test_attr_list_and_md_in_html_are_never_enabled() -> None:
    """Python-Markdown sanitizes nothing: these extensions would let text set attributes."""
    rendered = Renderer().render(
        "Text {: onclick=\"x\" }\n\n{: #id .class onclick=\"x\" }\n\n"
        "## Heading {: onclick=\"x\" }\n\n[a](#){: onclick=\"x\" }\n\n"
        '<div markdown="1">*x*</div>\n'
    )
    assert "onclick=\"x\" }" in html.unescape(rendered.html)
    assert not re.search(r"<[^>]*\sonclick=", rendered.html)
    assert "<div" not in rendered.html and "&lt;div markdown" in rendered.html
    md = Renderer()._md
    names = {type(e).__name__ for e in md.registeredExtensions}
    assert not names & {"AttrListExtension", "MarkdownInHtmlExtension"}
    assert "attr_list" not in md.treeprocessors and "html_block" not in md.preprocessors


# -- a translation's place cannot be left ------------------------------------------

def test_translation_cannot_use_the_english_link_definitions() -> None:
    """A bare [label] in a translation is text, unless the English message has it."""
    source = ("See [Genocide Watch].\n\nOther text.\n\n"
              "[genocide watch]: https://www.genocidewatch.com/\n")
    document = parse_source(source, path="a.md")
    table = {"See [Genocide Watch].": "Voir [Genocide Watch].",
             "Other text.": "Autre [genocide watch] texte, [sic]."}
    for msgid, translation in table.items():
        assert not check.blocking_problems(msgid, translation)
    assert check.blocking_problems("See [Genocide Watch].", "Voir le site.")  # dropped
    assert check.blocking_problems("Other text.", "[a] [genocide watch]")  # a reference
    out, _ = localize(document, [("fr", table)], source_language="en")
    rendered = Renderer().render(out)
    assert rendered.links == ("https://www.genocidewatch.com/",)
    assert "Autre [genocide watch] texte, [sic]." in html.unescape(rendered.html)


_ATOMS = st.sampled_from([
    "[", "]", "(", ")", "#", "<", ">", "!", "\\", "`", "``", " ", "\n", ":", '"', "'", "*",
    "ref", "Ref", "crisis", "x", "[ref]", "[Ref]", "[crisis](#)", "[report][ref]", "](#)",
    "][ref]", "] [other]", "[x][other]", "http://evil.example", "javascript:alert(1)",
    "&#106;", "&#91;", "<http://evil.example>", "<http://auto.example/>", "<a@b.example>",
    "//evil", "(#)", "[]", "{: }", "![img](pic.png)", "![i](http://evil.example/p.png)",
    "[l](mailto:a@b.example)", "(/rel)", "(<#>)", "|", "&lt;", "[y]",
])
_SOURCES = [
    "Intro with [crisis](#) and [report][ref].\n\n[ref]: http://defined.example/\n"
    "[other]: http://other.example/\n",
    "# Head [a](http://x.example/ \"t\")\n\nSee <http://auto.example/> and [Ref] and "
    "![img](pic.png).\n\n[ref]: http://defined.example/\n",
    "- item with [l](mailto:a@b.example) and `code [x](#)`\n- [y] [ref]\n\n"
    "[ref]: http://defined.example/\n[y]: http://y.example/\n",
    "| a | [b](#) |\n|---|---|\n| [c](/rel) | d |\n\n[ref]: http://defined.example/\n",
]


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, len(_SOURCES) - 1), data=st.data())
def test_accepted_translations_render_the_english_links(which: int, data: st.DataObject) -> None:
    """Differential: whatever the checks accept renders with exactly the English's links
    (so the page-level comparison in the build is a backstop, not the decision)."""
    renderer = Renderer()
    source = _SOURCES[which]
    document = parse_source(source, path="s.md")
    slot = data.draw(st.sampled_from(document.slots))
    msgid = slot.segment.msgid
    translation = normalize(data.draw(st.lists(_ATOMS, max_size=14).map("".join)))
    if check.blocking_problems(msgid, translation):
        return
    out, _ = localize(document, [("fr", {msgid: translation})], source_language="en")
    assert Counter(renderer.render(out).links) == Counter(renderer.render(source).links)


# The old bracket grammar: each link from its "!" or "[", so ``re`` tried every position.
_WHOLE_LINK_BRACKETS = re.compile(
    r"(?P<link>" + LINK.pattern + r")|\[(?P<label>[^\[\]]*)\]|(?P<lone>[\[\]])", re.S)
_MARKUP = st.lists(_ATOMS | st.sampled_from(["![a](#)", "!", "![", "\\[", "a]", "\x00"]),
                   max_size=14).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(text=_MARKUP)
def test_bracket_scan_finds_what_the_whole_link_grammar_found(text: str) -> None:
    """``_BRACKETS`` starts every alternative with a bracket; it reads the same links,
    labels and lone brackets, an image's "!" left before the match (where
    ``_escape_shortcuts`` copies it unchanged)."""
    def reading(match: re.Match[str]) -> tuple[object, ...]:
        link = match.group("link") is not None
        start = match.start() + (link and text[match.start()] == "!")
        return (start, match.end(), link, match.span("text") if link else None,
                match.group("label"))
    assert ([reading(m) for m in inline.BRACKETS.finditer(text)]
            == [reading(m) for m in _WHOLE_LINK_BRACKETS.finditer(text)])


@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(text=st.lists(st.sampled_from([
    " ", "  ", "\t", "\n", "\r", "\r\n", "\f", "\v", "\u00a0", "\u202f", "a", "é", "e",
    "\u0301", "\ue000", "\uf8ff", "\ue001", "\\", "\\\\", "x y", "\x01", "\x7f", "\x85",
    "\ufffe", "\ufdd0", "\U0010ffff",
]), max_size=12).map("".join))
def test_text_fast_paths_equal_the_full_computation(text: str) -> None:
    """``normalize`` and ``_fold`` skip what cannot change the text; normalizing twice
    changes nothing (the checks and the page see the same text)."""
    full = unicodedata.normalize("NFC", re.sub(  # private use, controls, noncharacters
        "[\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
        "\U0010fffe\U0010ffff]", "", text.replace("\r\n", "\n").replace("\r", "\n")))
    assert normalize(text) == full
    assert normalize(full) == full
    assert localize_module._fold(text) == re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" ")
    assert "\\" in text or not localize_module._TRAILING_BACKSLASH.search(text)


# -- every page --------------------------------------------------------------------

def test_every_page_forbids_scripts_and_sends_no_referrer(content: Path, cli: Run) -> None:
    code, _, err = cli("-C", content, "build", "-f", "html", "-f", "fragment")
    assert code == 0, err
    pages = sorted((content / "build").rglob("*.html"))
    pages = [p for p in pages if not p.name.endswith(".fragment.html")]
    assert len(pages) >= 6
    for path in pages:
        page = path.read_text("utf-8")
        head = page[: page.index("</head>")]
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert policy, path
        directives = dict(d.strip().partition(" ")[::2] for d in policy.group(1).split(";"))
        assert directives["default-src"] == "'none'", path
        assert "script-src" not in directives  # falls back to 'none'
        assert "unsafe-inline" not in policy.group(1) and "unsafe-eval" not in policy.group(1)
        assert directives.get("base-uri") == "'none'" and directives.get("form-action") == "'none'"
        assert '<meta name="referrer" content="no-referrer">' in head, path
        styles = re.findall(r"<style>(.*?)</style>", page, re.S)
        allowed = set(re.findall(r"'(sha256-[^']+)'", directives.get("style-src", "")))
        for style in styles:
            import base64
            import hashlib
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            assert f"sha256-{digest}" in allowed, path
        assert "<script" not in page.lower(), path


def test_table_alignment_survives_the_csp_as_classes() -> None:
    from alert_i18n.render import Renderer

    body = Renderer().render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n").html
    assert "style=" not in body
    assert body.count('class="a-start"') == 2
    assert body.count('class="a-center"') == 2 and body.count('class="a-end"') == 2


def test_fallback_passage_carries_its_language_and_direction() -> None:
    from alert_i18n.localize import wrap_marker
    from alert_i18n.render import Renderer

    rendered = Renderer().render("# " + wrap_marker("Titre\u00a0: août", "fr") + "\n\n"
                                 + wrap_marker("Texte\u00a0!", "en") + "\n")
    assert '<h1 dir="ltr" id="titre-août" lang="fr">' in rendered.html
    assert '<p dir="ltr" lang="en">' in rendered.html
    assert rendered.title == "Titre\u00a0: août"
    assert rendered.description == "Texte\u00a0!"
