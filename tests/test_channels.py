"""Channels: plain text, SMS files and CAP 1.2 from the same catalogs as the pages."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
import xmlschema

from alert_i18n import cap, channels, plaintext, shortforms
from alert_i18n.cli import main
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po

from .conftest import DATA, Run
from .test_site import SLUG, add_fallback, half_translate, plain

XSD = DATA / "cap" / "CAP-v1.2-schema.xsd"
NS = {"cap": cap.NAMESPACE}


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(XSD)


def set_keys(root: Path, text: str) -> None:
    """Put ``text`` (TOML lines) at the top of [tool.alert-i18n], replacing cap-sender."""
    path = root / "pyproject.toml"
    toml = re.sub(r"(?m)^cap-sender = .*\n", "", path.read_text("utf-8"))
    path.write_text(toml.replace("[tool.alert-i18n]\n", f"[tool.alert-i18n]\n{text}", 1),
                    "utf-8")


def infos(path: Path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    return {info.findtext("cap:language", namespaces=NS): info
            for info in root.findall("cap:info", NS)}


def test_default_build_writes_text_sms_and_cap_for_every_language(
        content: Path, cli: Run, schema: xmlschema.XMLSchema) -> None:
    code, _, _ = cli("-C", content, "build")
    assert code == 0
    build = content / "build"
    for lang in ("en", "fr", "bm"):
        for suffix in (".txt", ".sms.txt", ".sms.json", ".html", ".md"):
            assert (build / lang / f"{SLUG}{suffix}").is_file(), (lang, suffix)
    cap_file = build / f"{SLUG}.cap.xml"
    schema.validate(str(cap_file))
    blocks = infos(cap_file)
    assert sorted(blocks) == ["bm", "en", "fr"]
    assert blocks["fr"].findtext("cap:headline", namespaces=NS).startswith("Urgence génocide")
    assert blocks["en"].findtext("cap:urgency", namespaces=NS) == "Immediate"
    assert blocks["en"].findtext("cap:severity", namespaces=NS) == "Extreme"
    feed = ET.parse(build / channels.CAP_FEED).getroot()
    [entry] = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}link").get("href") == f"{SLUG}.cap.xml"
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == \
        "Genocide Emergency: Mali, August 2020"
    sidecar = json.loads((build / "bm" / f"{SLUG}.sms.json").read_text("utf-8"))
    assert sidecar["encoding"] == "UCS-2" and set(sidecar["ucs2_characters"]) >= {"ɔ"}
    assert json.loads((build / "en" / f"{SLUG}.sms.json").read_text("utf-8"))["encoding"] \
        == "GSM-7"


def test_a_language_whose_short_forms_are_not_its_own_gets_no_cap_info(
        content: Path, cli: Run, schema: xmlschema.XMLSchema) -> None:
    """Fuzzy, untranslated or fallen back: never English (or French) under the bm tag."""
    path = content / "locales" / "bm" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    messages = tuple(
        replace(m, flags=("fuzzy",))
        if shortforms.budget(m) is not None and m.msgid.startswith("Genocide Watch declares")
        else m for m in catalog.messages)
    path.write_text(write_po(replace(catalog, messages=messages)), "utf-8")
    assert cli("-C", content, "build")[0] == 0
    cap_file = content / "build" / f"{SLUG}.cap.xml"
    schema.validate(str(cap_file))
    assert sorted(infos(cap_file)) == ["en", "fr"]
    # The SMS still goes out, its summary in the fallback language (French), and says so.
    sidecar = json.loads((content / "build" / "bm" / f"{SLUG}.sms.json").read_text("utf-8"))
    assert sidecar["languages"] == {"headline": "bm", "sms": "fr"}


def test_cap_web_and_sender_come_from_the_settings(content: Path, cli: Run,
                                                   schema: xmlschema.XMLSchema) -> None:
    set_keys(content, 'base-url = "https://example.org/alerts/"\n'
                      'cap-sender = "alerts@example.org"\ncap-identifier = "ex-{slug}"\n')
    assert cli("-C", content, "build")[0] == 0
    cap_file = content / "build" / f"{SLUG}.cap.xml"
    schema.validate(str(cap_file))
    root = ET.parse(cap_file).getroot()
    assert root.findtext("cap:sender", namespaces=NS) == "alerts@example.org"
    assert root.findtext("cap:identifier", namespaces=NS) == f"ex-{SLUG}"
    assert infos(cap_file)["fr"].findtext("cap:web", namespaces=NS) == \
        f"https://example.org/alerts/fr/{SLUG}.html"


def test_cap_description_resolves_relative_links_against_the_page(content: Path,
                                                                   cli: Run) -> None:
    """A receiver of the CAP file cannot resolve a relative link: the description gives
    the address under the page's, as the plain text does."""
    set_keys(content, 'base-url = "https://example.org/alerts/"\n'
                      'cap-sender = "alerts@example.org"\n')
    source = content / "source" / f"{SLUG}.md"
    source.write_text(source.read_text("utf-8").replace("](#)", "](report.html)"), "utf-8")
    for path in [*content.glob("locales/*.pot"), *content.glob("locales/*/LC_MESSAGES/*.po")]:
        catalog = read_po(path.read_bytes(), path=str(path))
        path.write_text(write_po(replace(catalog, messages=tuple(
            replace(m, msgid=m.msgid.replace("](#)", "](report.html)"),
                    msgstr=m.msgstr.replace("](#)", "](report.html)"))
            for m in catalog.messages))), "utf-8")
    assert cli("-C", content, "build")[0] == 0
    url = "https://example.org/alerts/fr/report.html"
    description = infos(content / "build" / f"{SLUG}.cap.xml")["fr"].findtext(
        "cap:description", namespaces=NS)
    assert f"[1] {url}" in description
    assert f"[1] {url}" in (content / "build" / "fr" / f"{SLUG}.txt").read_text("utf-8")


def test_without_cap_sender_no_cap_file(content: Path, cli: Run) -> None:
    set_keys(content, "")
    code, out, _ = cli("-C", content, "build")
    assert code == 0
    assert not (content / "build" / f"{SLUG}.cap.xml").exists()
    assert "cap-sender" in out


@pytest.mark.parametrize("value", ["a b", "x,y", "a<b", "a&b"])
def test_bad_cap_sender_is_a_usage_error(content: Path, cli: Run, value: str) -> None:
    set_keys(content, f'cap-sender = "{value}"\n')
    code, _, err = cli("-C", content, "build")
    assert code == 2 and "cap-sender" in err


def test_plain_text_has_no_markup_and_numbered_urls() -> None:
    body = ('<p>Genocide Watch<br>\nThe <em>Alliance</em></p>\n<h2 id="x">Title</h2>\n'
            '<p>See <a href="https://un.org/r">the <strong>UN</strong> report</a>, '
            '<a href="#">a placeholder</a> and <a href="https://un.org/r">again</a>.</p>\n'
            '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p lang="fr">En français.</p>')
    made = plaintext.compose(plaintext.read(body, language="bm"), header=["Notice."])
    assert made.text == (
        "Notice. (¶ 5)\n\nGenocide Watch\nThe Alliance\n\nTitle\n\n"
        "See the UN report [1], a placeholder and again [1].\n\n- one\n- two\n\n"
        "En français.\n\n[1] https://un.org/r\n")
    assert made.other_languages == ("fr",)
    own = plaintext.compose(plaintext.read(body, language="bm", own_language_only=True))
    assert "En français" not in own.text


def test_built_text_says_which_passages_are_in_another_language(content: Path,
                                                                cli: Run) -> None:
    blanked = half_translate(content, "ff")
    add_fallback(content, "ff", "fr")
    assert cli("-C", content, "build", "-l", "ff", "-f", "text")[0] == 0
    text = (content / "build" / "ff" / f"{SLUG}.txt").read_text("utf-8")
    first, *paragraphs = text.split("\n\n")
    assert "français" in first.lower()  # the page's own notice, first, and which paragraphs
    numbers = [int(n) for n in re.search(r"\(¶ ([\d, ]+)\)$", first).group(1).split(", ")]
    french = [plain(fr).split("\n")[0][:25] for _, fr in blanked]
    for number, paragraph in enumerate(paragraphs, 1):
        holds_french = any(start in " ".join(paragraph.split()) for start in french)
        assert holds_french == (number in numbers), (number, paragraph[:60])
    assert not re.search(r"\*\*|\]\(|^#", text, re.M)  # no Markdown syntax


def test_over_budget_summary_is_built_and_reported(content: Path, cli: Run) -> None:
    path = content / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    long = "« " + "très " * 60 + "»"
    messages = tuple(
        replace(m, msgstr=long) if m.msgid.startswith("Genocide Watch declares") else m
        for m in catalog.messages)
    path.write_text(write_po(replace(catalog, messages=messages)), "utf-8")
    code, out, _ = cli("-C", content, "build", "-l", "fr", "-f", "sms")
    assert code == 0
    assert f"build/fr/{SLUG}.sms.txt: " in out and "over the budget of 3" in out
    assert "« (U+00AB)" in out
    sidecar = json.loads((content / "build" / "fr" / f"{SLUG}.sms.json").read_text("utf-8"))
    assert sidecar["over_budget"] and sidecar["over_by"] > 0
    code, out, _ = cli("-C", content, "check", "-l", "fr")
    assert "[sms-budget]" in out and "over its budget of 2" in out


def test_check_reports_sms_segments_per_language(content: Path, cli: Run) -> None:
    code, out, _ = cli("-C", content, "check")
    assert code == 0
    assert "\nChannels:\n" in out and "Problems:" not in out
    assert "[sms] the French SMS (headline and summary) takes 3 segments of UCS-2" in out
    assert "[sms] the Bambara SMS" in out


def test_channel_formats_are_selectable(content: Path, cli: Run) -> None:
    assert main(["-C", str(content), "build", "-f", "cap"]) == 0
    assert (content / "build" / f"{SLUG}.cap.xml").is_file()
    assert not (content / "build" / "fr" / f"{SLUG}.txt").exists()
    assert not (content / "build" / "fr" / f"{SLUG}.html").exists()
    assert channels.FORMATS == ("text", "sms", "cap")


def test_a_build_after_one_without_cap_gives_every_language_its_info(
        content: Path, cli: Run, schema: xmlschema.XMLSchema) -> None:
    """Languages whose jobs are replayed from a build without -f cap still get their <info>."""
    assert cli("-C", content, "build", "-f", "html")[0] == 0
    assert cli("-C", content, "build")[0] == 0
    cap_file = content / "build" / f"{SLUG}.cap.xml"
    schema.validate(str(cap_file))
    assert sorted(infos(cap_file)) == ["bm", "en", "fr"]


def test_cap_files_wait_in_the_cache_and_a_killed_builds_are_swept(content: Path,
                                                                   cli: Run) -> None:
    cache = content / ".alert-i18n-cache"
    (cache / "held-999999999-x").mkdir(parents=True)  # a killed build's (no such process)
    assert cli("-C", content, "build", "-f", "cap")[0] == 0
    assert not list(cache.glob("held-*"))
    held = channels.Held.begin(cache)
    entries = held.add([("a.cap.xml", (content / "build" / f"{SLUG}.cap.xml").read_bytes())])
    written: dict[str, bytes] = {}
    held.write(written.__setitem__)
    assert sorted(written) == ["a.cap.xml"] and [e.name for e in entries] == ["a.cap.xml"]
    feed = channels.cap_feed(entries, title="T", base_url="https://example.org/")
    assert b'href="https://example.org/a.cap.xml"' in feed
    assert not held.folder.exists()


def test_a_misspelt_short_form_key_is_named(content: Path, cli: Run) -> None:
    path = content / "source" / f"{SLUG}.md"
    path.write_text(path.read_text("utf-8").replace("\nheadline: ", "\nheadlin: "), "utf-8")
    code, out, _ = cli("-C", content, "build", "-f", "md")
    assert code == 0
    assert "front matter key 'headlin' is not read (did you mean 'headline'?)" in out
