"""Hostile translations in a real browser: headless Chromium runs none of them.

Each payload of tests/data/payloads/translations.txt would, if it ever ran,
mark the page (``data-pwned-NAME`` on <html>), change the title or navigate
away.  A control page without our defences shows the payloads do run there;
the built French page, a page with only the sanitizer standing (checks
bypassed, no CSP) and a page with only the CSP standing (raw payloads
injected) show that each layer alone stops them.  Every run has a fresh profile.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import markdown

from alert_i18n.localize import localize
from alert_i18n.po.reader import read_po
from alert_i18n.render import Renderer
from alert_i18n.segment import parse_source

from . import browser as chromium
from .browser import dump_dom
from .conftest import Run
from .test_safety import (
    LIVE_TAGS,
    SLUG,
    PayloadSite,
    article_of,
    assert_inert,
    elements,
    link_targets,
    main_of,
    make_payload_site,
    off_site_or_unsafe,
)

pytestmark = chromium.needs_chromium


def ran(dom: str) -> set[str]:
    """Names of the payloads that ran: each marks <html> with data-pwned-NAME."""
    root = next((attrs for tag, attrs in elements(dom) if tag == "html"), {})
    return {name.removeprefix("data-pwned-") for name in root if name.startswith("data-pwned")}


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    return html.unescape(found.group(1)) if found else ""


def _site(tmp_path: Path, cli: Run) -> PayloadSite:
    site = make_payload_site(tmp_path / "site")
    code, _, _ = cli("-C", site.root, "build")
    assert code == 1  # the hostile translations are refused, and that is an error
    return site


def _french_markdown(site: PayloadSite, *, checked: bool) -> str:
    """The French alert's Markdown with every translation placed; checks bypassed."""
    assert not checked
    source = (site.root / "source" / f"{SLUG}.md").read_text("utf-8")
    document = parse_source(source, path=f"source/{SLUG}.md")
    catalog = read_po(site.catalog.read_bytes(), path="fr.po")
    table = {m.msgid: m.msgstr for m in catalog.messages}
    out, _ = localize(document, [("fr", table)], source_language="en")
    return out


def _bare_page(body: str) -> str:
    """A page with none of our defences: no CSP, no sanitizer between body and browser."""
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<title>Bare</title></head><body><main>{body}</main></body></html>\n")


def test_the_payloads_do_run_without_our_defences(tmp_path: Path, cli: Run) -> None:
    """Control: raw Python-Markdown output in a bare page runs the payloads, so a
    clean result below means the defences worked, not that the payloads are duds."""
    site = _site(tmp_path, cli)
    raw = markdown.markdown(_french_markdown(site, checked=False))  # passes HTML through
    control = tmp_path / "control.html"
    control.write_text(_bare_page(raw), "utf-8")
    dom = dump_dom(control, tmp_path)
    assert "Page de test des charges" not in dom  # the meta refresh navigated away
    lines = [line for line in raw.split("\n") if 'http-equiv="refresh"' not in line]
    control.write_text(_bare_page("\n".join(lines)), "utf-8")
    dom = dump_dom(control, tmp_path)
    assert "Page de test des charges" in dom
    assert {"script", "script-upper-case", "svg-script", "nested-markup-script", "img-onerror",
            "svg-onload", "iframe-srcdoc"} <= ran(dom)


def test_no_payload_runs_on_the_built_page(tmp_path: Path, cli: Run) -> None:
    site = _site(tmp_path, cli)
    built = site.page("fr")
    static = built.read_text("utf-8")
    english = site.page("en").read_text("utf-8")
    dom = dump_dom(built, tmp_path)
    assert ran(dom) == set()
    assert title(dom) == title(static)  # no payload set the title
    assert "Page de test des charges" in dom  # still our page: nothing navigated away
    body = main_of(dom)
    assert_inert(body)
    assert "<script" not in dom.lower()
    for tag, attrs in elements(dom):
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert link_targets(dom) == link_targets(english)  # only the English's targets
    assert Counter(tag for tag, _ in elements(article_of(dom))) - Counter({"br": 99}) == \
        Counter(tag for tag, _ in elements(article_of(english))) - Counter({"br": 99})
    # A second run, in another fresh profile, sees the same page.
    assert dump_dom(built, tmp_path) == dom


def test_the_sanitizer_alone_stops_them(tmp_path: Path, cli: Run) -> None:
    """Checks bypassed, no CSP: every payload reaches the renderer; none runs."""
    site = _site(tmp_path, cli)
    rendered = Renderer().render(_french_markdown(site, checked=False))
    page = tmp_path / "sanitizer-only.html"
    page.write_text(_bare_page(rendered.html), "utf-8")
    dom = dump_dom(page, tmp_path)
    assert ran(dom) == set()
    assert title(dom) == "Bare" and "Page de test des charges" in dom
    assert_inert(main_of(dom))
    hrefs = [attrs.get("href") or "" for tag, attrs in elements(dom) if tag == "a"]
    assert hrefs and not any(off_site_or_unsafe(href) for href in hrefs)


SCRIPTED = """
<script>document.documentElement.setAttribute('data-pwned-script','1')</script>
<img src="x" onerror="document.documentElement.setAttribute('data-pwned-img','1')">
<svg onload="document.documentElement.setAttribute('data-pwned-svg','1')"></svg>
<iframe srcdoc="<script>parent.document.documentElement.setAttribute(
'data-pwned-srcdoc','1')</script>"></iframe>
<script>setTimeout(function(){document.title='PWNED'},100)</script>
<object data="data:text/html,<b>x</b>"></object>
"""


def test_the_content_security_policy_alone_stops_scripts(tmp_path: Path, cli: Run) -> None:
    """Raw payloads injected into a built page (as if both the checks and the sanitizer
    failed): its CSP meta runs none of them.  The same HTML in a bare page runs."""
    site = _site(tmp_path, cli)
    english = site.page("en").read_text("utf-8")
    assert "<main" in english
    injected = re.sub(r"(<main\b[^>]*>)", lambda m: m.group(1) + SCRIPTED, english, count=1)
    page = tmp_path / "csp-only.html"
    page.write_text(injected, "utf-8")
    control = tmp_path / "csp-control.html"
    control.write_text(_bare_page(SCRIPTED), "utf-8")
    assert {"script", "img", "svg"} <= ran(dump_dom(control, tmp_path))
    dom = dump_dom(page, tmp_path)
    assert ran(dom) == set()
    assert title(dom) == title(english)


def test_the_check_status_page_runs_none_of_them(tmp_path: Path, cli: Run) -> None:
    """``check --format html`` quotes the offending text in its messages: as text."""
    site = make_payload_site(tmp_path / "site")
    status = tmp_path / "status.html"
    code, _, _ = cli("-C", site.root, "check", "--format", "html", "--output", status)
    assert code == 1
    static = status.read_text("utf-8")
    assert "data-pwned-img-onerror" in html.unescape(static)  # quoted, escaped
    dom = dump_dom(status, tmp_path)
    assert ran(dom) == set()
    for tag, attrs in elements(dom[dom.index("<body"):]):  # the report's own styles aside
        assert tag not in LIVE_TAGS - {"style"}, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            assert not off_site_or_unsafe(attrs.get(name) or ""), (tag, attrs)
