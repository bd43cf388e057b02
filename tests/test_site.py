"""Publishing: chrome catalogs, front matter, fallbacks people see, threshold, fragments,
index pages, Atom feeds, reproducibility, progress."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from alert_i18n import chrome, shortforms
from alert_i18n.languages import resolve
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po

from .conftest import REPO, Run, gettext_tool, snapshot, stderr_on_a_terminal

SLUG = "mali-2020-08"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# -- helpers (test_page.py uses them too) ----------------------------------------

def set_config(root: Path, text: str) -> None:
    """Append TOML lines to the content root's [tool.alert-i18n] (tables go last)."""
    path = root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def add_fallback(root: Path, language: str, chain: str) -> None:
    """Add ``language = [chain]`` to the existing [tool.alert-i18n.fallbacks] table."""
    path = root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    assert "[tool.alert-i18n.fallbacks]\n" in text
    text = text.replace("[tool.alert-i18n.fallbacks]\n",
                        f'[tool.alert-i18n.fallbacks]\n{language} = ["{chain}"]\n')
    path.write_text(text, encoding="utf-8")


def half_translate(root: Path, language: str = "ff", *, source: str = "fr",
                   domains: tuple[str, ...] = (SLUG,)) -> list[tuple[str, str]]:
    """Copy ``source``'s catalogs to ``language`` and blank every second message.

    Returns the blanked (English, ``source`` translation) pairs of the alert.
    """
    folder = root / "locales" / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    blanked: list[tuple[str, str]] = []
    for domain in domains:
        path = folder / f"{domain}.po"
        shutil.copy(root / "locales" / source / "LC_MESSAGES" / f"{domain}.po", path)
        catalog = read_po(path.read_bytes(), path=str(path))
        messages = []
        number = 0  # body messages only: short forms (headline, sms) stay translated
        for message in catalog.messages:
            if shortforms.budget(message) is None:
                number += 1
            if shortforms.budget(message) is None and not number % 2:
                if domain == SLUG:
                    blanked.append((message.msgid, message.msgstr))
                message = replace(message, msgstr="",
                                  msgstr_plural=tuple("" for _ in message.msgstr_plural))
            messages.append(message)
        header = tuple((k, language if k == "Language" else v) for k, v in catalog.header)
        path.write_text(write_po(replace(catalog, header=header,
                                                messages=tuple(messages))), encoding="utf-8")
    return blanked


class Blocks(HTMLParser):
    """Text of every element carrying ``lang`` inside <article>, and all <link>/<a> tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.marked: list[tuple[str, str, str]] = []  # (tag, lang, text)
        self.links: list[dict[str, str | None]] = []
        self.anchors: list[dict[str, str | None]] = []
        self.in_article = False
        self._text: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link":
            self.links.append(attributes)
            return
        if tag in {"br", "meta", "hr", "img"}:
            return
        if tag == "a":
            self.anchors.append(attributes)
        if tag == "article":
            self.in_article = True
        self.stack.append((tag, attributes.get("lang") if self.in_article else None))
        self._text.append([])

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            return
        name, lang = self.stack.pop()
        text = "".join(self._text.pop())
        if self._text:
            self._text[-1].append(text)
        if lang is not None:
            self.marked.append((name, lang, " ".join(text.split())))
        if tag == "article":
            self.in_article = False

    def handle_data(self, data: str) -> None:
        if self._text:
            self._text[-1].append(data)


def parse(path: Path) -> Blocks:
    parser = Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def plain(markdown: str) -> str:
    """Roughly what a Markdown message reads as: no link targets, emphasis or breaks."""
    text = re.sub(r"\]\([^)]*\)", "", markdown)
    return " ".join(re.sub(r"[\[\]*_]", "", text).split())


def build(cli: Run, root: Path, *args: str) -> tuple[int, str, str]:
    return cli("-C", root, "build", *args)


# -- the chrome is a catalog domain ----------------------------------------------------

def test_extract_writes_the_chrome_template(content: Path, cli: Run) -> None:
    shutil.rmtree(content / "locales")
    assert cli("-C", content, "extract")[0] == 0
    pot = (content / "locales" / "site.pot").read_text(encoding="utf-8")
    assert pot == (REPO / "locales" / "site.pot").read_text(encoding="utf-8")
    catalog = read_po(pot.encode(), path="site.pot")
    assert [m.msgid for m in catalog.active] == [s.msgid for s in chrome.CHROME]
    for message in catalog.active:
        assert message.extracted_comments  # the translator's note
        assert ("python-brace-format" in message.flags) == ("{" in message.msgid)
    assert "#, python-brace-format\nmsgid \"Stage {stage} of 10: {name}\"" in pot


def test_chrome_strings_are_the_translators_msgids() -> None:
    """The msgids French and Bambara translators worked from (tests pin them)."""
    expected = {
        "Languages", "Alert level", "Watch", "Warning", "Emergency",
        "Stage {stage} of 10: {name}", "Classification", "Symbolization", "Discrimination",
        "Dehumanization", "Organization", "Polarization", "Preparation", "Persecution",
        "Extermination", "Denial", "Published", "Country", "Alerts", "Choose a language",
        "Subscribe to alerts in this language (Atom feed)",
        "This page is partly translated: {count} of {total} passages is shown in "
        "{language}.",
        "This page is not translated yet: it is shown in {language}.",
        "Translated by {name}.", "Reviewed by {name} on {date}.",
        "This translation has not been reviewed yet.",
        "This translation is partly reviewed: {count} of {total} passages checked by {name} "
        "on {date}.",
    }
    assert {s.msgid for s in chrome.CHROME} == expected
    assert {s.plural for s in chrome.CHROME if s.plural} == {
        "This page is partly translated: {count} of {total} passages are shown in "
        "{language}."}


def test_update_creates_and_merges_the_chrome_catalog(content: Path, cli: Run) -> None:
    code, _, err = cli("-C", content, "update", "-l", "ff")
    assert code == 0, err
    path = content / "locales" / "ff" / "LC_MESSAGES" / "site.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    assert catalog.header_value("Language") == "ff"
    assert catalog.header_value("Plural-Forms") == "nplurals=2; plural=(n > 1);"
    assert len(catalog.active) == len(chrome.CHROME)
    assert not any(m.msgstr for m in catalog.active)  # no memory shared with the alerts
    msgfmt = gettext_tool("msgfmt")
    result = subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    before = snapshot(content / "locales")
    assert cli("-C", content, "update")[0] == 0
    assert snapshot(content / "locales") == before


@pytest.mark.parametrize("lang", ["fr", "bm"])
def test_committed_chrome_catalogs_are_complete_and_gnu_clean(lang: str) -> None:
    path = REPO / "locales" / lang / "LC_MESSAGES" / "site.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    assert {m.msgid for m in catalog.active if m.translated} == {
        s.msgid for s in chrome.CHROME}
    for message in catalog.active:
        for form in message.msgstr_plural or (message.msgstr,):
            assert chrome.unusable(message.msgid, form) is None, message.msgid
    msgfmt, msgcat = gettext_tool("msgfmt"), gettext_tool("msgcat")
    checked = subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    printed = subprocess.run([msgcat, str(path)], capture_output=True, check=False)
    assert printed.stdout == path.read_bytes()


def test_a_source_named_site_is_rejected(content: Path, cli: Run) -> None:
    shutil.copy(content / "source" / f"{SLUG}.md", content / "source" / "site.md")
    for command in ("extract", "update", "build"):
        code, _, err = cli("-C", content, command)
        assert code == 2
        assert err.startswith("alert-i18n: error: source/site.md: the name 'site' is taken")
        assert err.count("\n") == 1 and "Traceback" not in err


def test_chrome_placeholders_are_checked(content: Path, cli: Run) -> None:
    path = content / "locales" / "fr" / "LC_MESSAGES" / "site.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Stade {stage} sur 10", "Stade {étape} sur 10"), "utf-8")
    code, out, err = build(cli, content)
    assert code == 1  # published, but CI should notice
    assert re.search(r"locales/fr/LC_MESSAGES/site\.po:\d+: \[placeholders\]", out), out
    page = (content / "build" / "fr" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<dd lang="en">Stage 9 of 10: Extermination</dd>' in page
    assert "Traceback" not in err


@pytest.mark.parametrize("bad", ["{count.__class__}", "{count!r}", "{0}", "{count", "{count:>9}"])
def test_unsafe_placeholders_are_unusable(bad: str) -> None:
    assert chrome.unusable(chrome.NOTICE, f"{bad} {{total}} {{language}}") is not None
    assert chrome.unusable(chrome.NOTICE, "{language}: {total}/{count}") is None


# -- front matter ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "bad", "says"),
    [
        ("date: 2020-08", "date: 2020-13", "front matter date: '2020-13' is not a date"),
        ("date: 2020-08", "date: August 2020", "front matter date: 'August 2020'"),
        ("date: 2020-08", "date: 2020-02-30", "front matter date: '2020-02-30'"),
        ("country: ML", "country: XX", "front matter country: 'XX' is not a country code"),
        ("stage: 9", "stage: eleven", "front matter stage: 'eleven' is not a stage"),
        ("stage: 9", "stage: 11", "front matter stage: '11' is not a stage"),
        ("level: emergency", "level: panic", "front matter level: 'panic' is not an alert"),
    ],
)
def test_malformed_front_matter_is_one_line_exit_2(content: Path, cli: Run, line: str,
                                                   bad: str, says: str) -> None:
    source = content / "source" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    number = text.splitlines().index(line) + 1
    source.write_text(text.replace(line, bad, 1), encoding="utf-8")
    code, _, err = build(cli, content)
    assert code == 2
    assert err.startswith(f"alert-i18n: error: source/{SLUG}.md:{number}: {says}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (content / "build").exists()  # nothing half-built


def test_front_matter_is_shown_in_each_language(content: Path, cli: Run) -> None:
    assert build(cli, content)[0] == 0
    expected = {
        "en": ("Published", "August 2020", "Country", "Mali", "Alert level", "Emergency",
               "Stage 9 of 10: Extermination"),
        "fr": ("Date de publication", "août 2020", "Pays", "Mali", "Niveau d\u2019alerte",
               "Urgence", "Stade 9 sur 10\u00a0: Extermination"),
        "bm": ("A jɛnsɛnna", "uti 2020", "Jamana", "Mali", "Lasɔmini dakun", "Kɔrɔtɔko",
               "Dakun 9 ka bɔ 10 la: Halakili"),
    }
    for lang, (published, date, country_label, country, level_label, level, stage) in (
        expected.items()
    ):
        page = (content / "build" / lang / f"{SLUG}.html").read_text(encoding="utf-8")
        assert (f'<div><dt>{published}</dt><dd><time datetime="2020-08">{date}</time></dd>'
                "</div>") in page
        assert f"<div><dt>{country_label}</dt><dd>{country}</dd></div>" in page
        assert (f"<div><dt>{level_label}</dt><dd>{level}</dd><dd>{stage}</dd></div>") in page


def test_a_misspelt_front_matter_key_is_named(content: Path, cli: Run) -> None:
    """"levl: emergency" would drop the alert level without a word; "author" is
    another tool's business."""
    path = content / "source" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    assert "\nlevel: emergency\n" in text
    path.write_text(text.replace("\nlevel: emergency\n", "\nlevl: emergency\nauthor: me\n"),
                    encoding="utf-8")
    line = text[: text.index("level: emergency")].count("\n") + 1
    for _ in range(2):  # the rebuild with nothing to do says it too
        code, out, _ = build(cli, content)
        assert code == 0
        assert (f"source/{SLUG}.md:{line}: front matter key 'levl' is not read "
                "(did you mean 'level'?)") in out
        assert "author" not in out
    page = (content / "build" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "<dd>Emergency</dd>" not in page  # not read, as the note says


def test_day_dates_and_missing_month_names(tmp_path: Path) -> None:
    import datetime

    meta = chrome.AlertMeta(date=datetime.date(2020, 8, 15), day=True)
    assert chrome.format_when(meta, resolve("fr")) == "15 août 2020"
    assert chrome.format_when(meta, resolve("bm")) == "15 uti 2020"
    month = chrome.AlertMeta(date=datetime.date(2020, 8, 1))
    assert month.iso_date == "2020-08" and meta.iso_date == "2020-08-15"
    # CLDR has no month names for Bambara in N'Ko script ("M08"): digits instead.
    assert chrome.format_when(month, resolve("bm-Nkoo")) == "08/2020"


# -- languages, hreflang, switcher ------------------------------------------------------

def test_pages_name_languages_natively_and_link_with_hreflang(content: Path, cli: Run) -> None:
    assert cli("-C", content, "update", "-l", "bm-Nkoo")[0] == 0
    assert build(cli, content)[0] == 0
    tags = ["en", "bm", "bm-Nkoo", "fr"]
    names = {"en": "English", "fr": "Français", "bm": "Bamanankan", "bm-Nkoo": "ߓߡߊߣߊ߲ߞߊ߲"}
    for tag in tags:
        page = content / "build" / tag / f"{SLUG}.html"
        text = page.read_text(encoding="utf-8")
        direction = "rtl" if tag == "bm-Nkoo" else "ltr"
        assert f'<html lang="{tag}" dir="{direction}">' in text
        parsed = parse(page)
        alternates = {link["hreflang"]: link["href"] for link in parsed.links
                      if link.get("rel") == "alternate" and link.get("hreflang")}
        assert set(alternates) == {*tags, "x-default"}
        assert alternates["x-default"] == alternates["en"]
        for href in alternates.values():
            assert href is not None and (page.parent / href).resolve().is_file()
        switcher = {a["hreflang"]: a for a in parsed.anchors if a.get("hreflang")}
        assert set(switcher) == set(tags)
        assert switcher[tag].get("aria-current") == "page"
        for other in tags:
            assert f'lang="{other}" dir="{"rtl" if other == "bm-Nkoo" else "ltr"}"' in text
            assert f">{names[other]}</a>" in text
        assert not re.search("[\U0001f1e6-\U0001f1ff]", text)  # never flags


def test_base_url_makes_alternates_canonical_and_feeds_absolute(content: Path,
                                                                 cli: Run) -> None:
    text = (content / "pyproject.toml").read_text(encoding="utf-8")
    (content / "pyproject.toml").write_text(text.replace(
        'site-title = "Genocide Watch"',
        'site-title = "Genocide Watch"\nbase-url = "https://example.org/alerts"'), "utf-8")
    assert build(cli, content)[0] == 0
    page = (content / "build" / "fr" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert ('<link rel="alternate" hreflang="bm" '
            f'href="https://example.org/alerts/bm/{SLUG}.html">') in page
    assert f'<link rel="canonical" href="https://example.org/alerts/fr/{SLUG}.html">' in page
    assert f'<a href="../bm/{SLUG}.html" hreflang="bm"' in page  # navigation stays relative
    feed = ET.parse(content / "build" / "fr" / "feed.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}id") == f"https://example.org/alerts/fr/{SLUG}.html"
    link = entry.find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"https://example.org/alerts/fr/{SLUG}.html"


def test_bad_base_url_is_a_usage_error(content: Path, cli: Run) -> None:
    text = (content / "pyproject.toml").read_text(encoding="utf-8")
    (content / "pyproject.toml").write_text(text.replace(
        'site-title = "Genocide Watch"', 'site-title = "Genocide Watch"\nbase-url = "example.org"'),
        "utf-8")
    code, _, err = build(cli, content)
    assert code == 2 and "base-url" in err and err.count("\n") == 1


# -- fallbacks people can see -------------------------------------------------------

def test_half_translated_page_marks_each_fallback_passage(content: Path, cli: Run) -> None:
    blanked = half_translate(content, "ff", domains=(SLUG, chrome.DOMAIN))
    add_fallback(content, "ff", "fr")
    code, out, _ = build(cli, content, "-l", "ff")
    assert code == 0
    total = len([m for m in read_po((content / "locales" / f"{SLUG}.pot").read_bytes(),
                                    path="pot").active
                 if shortforms.budget(m) is None])  # the page's passages
    assert f"ff: {SLUG}: {total - len(blanked)} of {total} messages translated" in out
    page = content / "build" / "ff" / f"{SLUG}.html"
    marked = parse(page).marked
    assert sorted(text for _, _, text in marked) == sorted(plain(fr) for _, fr in blanked)
    assert {lang for _, lang, _ in marked} == {"fr"}
    assert {tag for tag, _, _ in marked} >= {"p", "li"}
    html = page.read_text(encoding="utf-8")
    # The notice is in French (blanked in ff's chrome), naming French as French writes it.
    assert (f'<p class="notice" lang="fr">Cette page est partiellement traduite\u00a0: '
            f"{len(blanked)} passages sur {total} sont affichés en français.</p>") in html


@pytest.mark.parametrize(("chain", "notice"), [
    ("", '<p class="notice" lang="en">This page is not translated yet: it is shown in '
         "English.</p>"),
    ("fr", '<p class="notice" lang="fr">Cette page n’est pas encore traduite\u00a0: elle est '
           "affichée en français.</p>"),
])
def test_untranslated_page_says_it_is_not_translated(content: Path, cli: Run, chain: str,
                                                     notice: str) -> None:
    """Not "partly translated: 15 of 15 passages": every passage is in one other language."""
    assert cli("-C", content, "update", "-l", "ff")[0] == 0  # empty catalogs
    if chain:
        add_fallback(content, "ff", chain)
    assert build(cli, content, "-l", "ff")[0] == 0
    html = (content / "build" / "ff" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert notice in html
    assert "partly" not in html and "partiellement" not in html


def test_fallback_passages_in_headings_and_table_cells_are_marked(tmp_path: Path,
                                                                  cli: Run) -> None:
    root = tmp_path / "site"
    (root / "source").mkdir(parents=True)
    (root / "source" / "table.md").write_text(
        "# Heading\n\nParagraph.\n\n- Item\n\n| Name | Count |\n|---|---:|\n| Alpha | 1 |\n",
        encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.alert-i18n]\n[tool.alert-i18n.fallbacks]\nff = ["fr"]\n', encoding="utf-8")
    assert cli("-C", root, "update", "-l", "fr", "-l", "ff")[0] == 0
    path = root / "locales" / "fr" / "LC_MESSAGES" / "table.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    path.write_text(write_po(replace(catalog, messages=tuple(
        replace(m, msgstr=f"«{m.msgid}»") for m in catalog.messages))), encoding="utf-8")
    assert cli("-C", root, "build", "-l", "ff")[0] == 0
    marked = parse(root / "build" / "ff" / "table.html").marked
    assert sorted(marked) == sorted([
        ("h1", "fr", "«Heading»"), ("p", "fr", "«Paragraph.»"), ("li", "fr", "«Item»"),
        ("th", "fr", "«Name»"), ("th", "fr", "«Count»"), ("td", "fr", "«Alpha»"),
        ("td", "fr", "«1»"),
    ])


def test_fallback_marker_does_not_leak_into_heading_ids(content: Path, cli: Run) -> None:
    half_translate(content, "ff")
    add_fallback(content, "ff", "fr")
    assert build(cli, content, "-l", "ff")[0] == 0
    page = (content / "build" / "ff" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<h2 dir="ltr" id="urgence-génocide-mali-août-2020" lang="fr">' in page


def test_chrome_follows_the_fallback_chain(content: Path, cli: Run) -> None:
    shutil.copytree(content / "locales" / "fr", content / "locales" / "ff")
    (content / "locales" / "ff" / "LC_MESSAGES" / "site.po").unlink()
    code, _, _ = build(cli, content, "-l", "ff")
    assert code == 0
    page = (content / "build" / "ff" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<span id="Languages" lang="en">Languages</span>' in page
    add_fallback(content, "ff", "fr")
    assert build(cli, content, "-l", "ff")[0] == 0
    page = (content / "build" / "ff" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<span id="Languages" lang="fr">Langues</span>' in page
    assert '<dd><time datetime="2020-08">juko 2020</time></dd>' in page  # Babel: Fula
    assert "<dd>Maali</dd>" in page


def test_publish_threshold_keeps_the_previous_page(content: Path, cli: Run) -> None:
    half_translate(content, "ff")
    text = (content / "pyproject.toml").read_text(encoding="utf-8")
    (content / "pyproject.toml").write_text(
        text.replace("publish-threshold = 0", "publish-threshold = 90"), "utf-8")
    previous = content / "build" / "ff" / f"{SLUG}.html"
    previous.parent.mkdir(parents=True)
    previous.write_text("previous page", encoding="utf-8")
    code, out, _ = build(cli, content)
    assert code == 0
    assert f"ff: {SLUG}: not published: 53.3% translated, below publish-threshold 90%" in out
    assert previous.read_text(encoding="utf-8") == "previous page"
    assert not (content / "build" / "ff" / "index.html").exists()
    for page in ("fr/" + f"{SLUG}.html", "en/index.html", "index.html"):
        assert 'hreflang="ff"' not in (content / "build" / page).read_text(encoding="utf-8")


# -- other outputs --------------------------------------------------------------------

def test_fragments_only_when_asked(content: Path, cli: Run) -> None:
    assert build(cli, content)[0] == 0
    assert not list((content / "build").rglob("*.fragment.html"))
    code, out, _ = build(cli, content, "-f", "fragment")
    assert code == 0
    for lang, direction in (("en", "ltr"), ("fr", "ltr"), ("bm", "ltr")):
        text = (content / "build" / lang / f"{SLUG}.fragment.html").read_text(encoding="utf-8")
        assert text.startswith(f'<div lang="{lang}" dir="{direction}">\n')
        assert text.endswith("</div>\n")
        for tag in ("<html", "<head", "<body", "<main", "<style", "<meta", "<!DOCTYPE"):
            assert tag not in text
    assert "built 3 file(s)" in out


def test_index_pages_and_feeds_for_every_language(content: Path, cli: Run) -> None:
    second = content / "source" / "niger-2021-03.md"
    second.write_text("---\ndate: 2021-03-15\ncountry: NE\nlevel: warning\n---\n\n"
                      "## Genocide Warning: Niger\n\nA second alert.\n", encoding="utf-8")
    (content / "source" / "undated.md").write_text("## Undated\n\nNo date.\n", "utf-8")
    code, out, _ = build(cli, content)
    assert code == 0
    assert "source/undated.md: no date in its front matter: listed last, and not in the " \
           "feeds" in out
    for lang in ("en", "fr", "bm"):
        index = (content / "build" / lang / "index.html").read_text(encoding="utf-8")
        order = [index.index(f'href="{slug}.html"') for slug in
                 ("niger-2021-03", SLUG, "undated")]
        assert order == sorted(order), lang  # newest first, undated last
        feed = ET.parse(content / "build" / lang / "feed.xml").getroot()
        assert feed.get(XML_LANG) == lang
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}updated") for e in entries] == [
            "2021-03-15T00:00:00Z", "2020-08-01T00:00:00Z"]
        assert feed.findtext(f"{ATOM}updated") == "2021-03-15T00:00:00Z"
        for entry in entries:
            assert (entry.findtext(f"{ATOM}id") or "").startswith("urn:uuid:")
            assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}summary")
            link = entry.find(f"{ATOM}link")
            assert link is not None and (content / "build" / lang / link.get("href", "")
                                         ).is_file()
    fr = (content / "build" / "fr" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2021-03-15">15 mars 2021</time>' in fr
    assert "<h1>Alertes</h1>" in fr
    # The untranslated Niger alert is listed in English, marked as such.
    assert '<p lang="en"><a href="niger-2021-03.html">Genocide Warning: Niger</a></p>' in fr
    chooser = (content / "build" / "index.html").read_text(encoding="utf-8")
    for tag, name in (("en", "English"), ("fr", "Français"), ("bm", "Bamanankan")):
        assert f'<a href="{tag}/index.html" hreflang="{tag}" lang="{tag}" dir="ltr">{name}</a>' \
            in chooser
    assert '<p lang="fr">Choisissez une langue</p>' in chooser


def test_feed_summary_is_the_first_paragraph_after_the_title(content: Path, cli: Run) -> None:
    assert build(cli, content)[0] == 0
    feed = ET.parse(content / "build" / "fr" / "feed.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    # (render.py folds no-break spaces into spaces in titles and descriptions.)
    summary = " ".join((entry.findtext(f"{ATOM}summary") or "").split())
    assert summary.startswith("Genocide Watch lance une alerte « Urgence génocide » pour "
                              "le Mali.")
    assert " ".join((entry.findtext(f"{ATOM}title") or "").split()) == (
        "Urgence génocide : Mali, août 2020")
    page = (content / "build" / "fr" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Genocide Watch lance une alerte' in page


def test_build_is_reproducible_byte_for_byte(content: Path, cli: Run, tmp_path: Path) -> None:
    assert build(cli, content, "-f", "html", "-f", "md", "-f", "fragment")[0] == 0
    first = snapshot(content / "build")
    code, out, _ = build(cli, content, "-f", "html", "-f", "md", "-f", "fragment")
    assert code == 0 and "built 0 file(s)" in out
    other = tmp_path / "elsewhere"
    shutil.copytree(content, other, ignore=shutil.ignore_patterns("build"))
    os.utime(other / "source" / f"{SLUG}.md", (0, 0))
    assert build(cli, other, "-f", "html", "-f", "md", "-f", "fragment")[0] == 0
    assert snapshot(other / "build") == first


def test_pages_do_not_depend_on_which_languages_are_built(content: Path, cli: Run) -> None:
    assert build(cli, content)[0] == 0
    everything = snapshot(content / "build")
    shutil.rmtree(content / "build")
    assert build(cli, content, "-l", "fr")[0] == 0
    partial = snapshot(content / "build")
    assert not any(name.startswith("bm/") for name in partial)
    assert {k: everything[k] for k in partial} == partial


# -- progress -------------------------------------------------------------------------

def _run_with_stderr_on_a_terminal(root: Path, **env: str) -> str:
    code, shown = stderr_on_a_terminal(root, "build", **env)
    assert code == 0
    return shown


def test_progress_on_a_terminal_quiet_in_ci(content: Path, cli: Run) -> None:
    shown = _run_with_stderr_on_a_terminal(content, TERM="xterm")
    assert f"[1/3] en/{SLUG}" in shown and f"[3/3] fr/{SLUG}" in shown
    assert shown.endswith("\r\x1b[2K")  # the line is erased at the end
    assert _run_with_stderr_on_a_terminal(content, TERM="xterm", CI="true") == ""
    code, _, err = build(cli, content)  # captured: not a terminal
    assert code == 0 and err == ""
