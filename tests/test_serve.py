"""``alert-i18n serve``: the preview is rebuilt on save, marks passages, survives bad input,
binds to loopback only unless told, and never touches build/ or what build writes."""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from alert_i18n import serve
from alert_i18n.errors import UsageError

from . import browser as chromium
from .conftest import Run

PAGE = "/fr/mali-2020-08.html"
CATALOG = Path("locales/fr/LC_MESSAGES/mali-2020-08.po")
ANCHOR = '"Genocide Watch estime que la situation'


class Running:
    def __init__(self, root: Path, verbosity: int = 0) -> None:
        self.server, self.preview = serve.make_server(root, port=0, verbosity=verbosity)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8")
        finally:
            connection.close()


@pytest.fixture
def running(content: Path) -> Iterator[Running]:
    server = Running(content)
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def test_a_saved_catalog_shows_on_the_next_load(content: Path, running: Running) -> None:
    status, page = running.get(PAGE)
    assert status == 200 and 'class="preview-banner"' in page
    catalog = content / CATALOG
    text = catalog.read_text(encoding="utf-8")
    assert ANCHOR in text
    catalog.write_text(text.replace(ANCHOR, '"Aperçu modifié. ' + ANCHOR[1:], 1),
                       encoding="utf-8")
    status, page = running.get(PAGE)
    assert status == 200 and "Aperçu modifié." in page
    assert not (content / "build").exists()  # the preview is never built into build/


def test_passages_are_marked_with_their_po_line(content: Path, running: Running) -> None:
    catalog = content / "locales/bm/LC_MESSAGES/mali-2020-08.po"
    blocks = catalog.read_text(encoding="utf-8").split("\n\n")
    index = next(i for i, b in enumerate(blocks) if '"In April 2012' in b)
    blocks[index] = blocks[index].partition("\nmsgstr ")[0] + '\nmsgstr ""'
    catalog.write_text("\n\n".join(blocks), encoding="utf-8")
    lines = catalog.read_text(encoding="utf-8").split("\n")
    text_line = next(n for n, t in enumerate(lines) if t.startswith('"In April 2012'))
    line = max(n for n in range(text_line) if lines[n].startswith("msgid")) + 1
    status, page = running.get("/bm/mali-2020-08.html")
    assert status == 200
    article = page.split('<article class="alert">')[1]
    assert article.count("data-preview=") == 15
    assert article.count('data-preview="translated"') == 14
    where = f"locales/bm/LC_MESSAGES/mali-2020-08.po:{line} · shown in fr: untranslated"
    assert f'<p dir="ltr" lang="fr" data-preview="fallback" data-po="{where}"' in article
    assert "15 passages, 1 not in this language" in page


def test_the_page_carries_the_preview_the_files_do_not(content: Path, running: Running,
                                                       cli: Run) -> None:
    page = running.get(PAGE)[1]
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None and "script-src 'sha256-" in policy.group(1)
    assert "<script>" in page
    written = (running.preview.build_dir / PAGE.lstrip("/")).read_text(encoding="utf-8")
    assert "preview" not in written and "<script" not in written
    # The preview's files are what `build` writes, byte for byte.
    assert cli("-C", content, "build", "-f", "html")[0] == 0
    for path in (content / "build").rglob("*.html"):
        name = path.relative_to(content / "build")
        assert (running.preview.build_dir / name).read_bytes() == path.read_bytes(), name


def test_a_bad_catalog_shows_its_error_and_the_server_goes_on(
    content: Path, running: Running, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = content / CATALOG
    good = catalog.read_text(encoding="utf-8")
    catalog.write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    status, page = running.get(PAGE)
    assert status == 200
    assert ('<div class="preview-banner failed"' in page
            and "locales/fr/LC_MESSAGES/mali-2020-08.po:2: unterminated string" in page)
    assert "Traceback" not in capsys.readouterr().err
    catalog.write_text(good, encoding="utf-8")
    status, page = running.get(PAGE)
    assert status == 200 and "preview-banner failed" not in page


def test_only_files_of_the_preview_are_served(running: Running) -> None:
    assert running.get("/../pyproject.toml")[0] == 404
    assert running.get("/%2e%2e/locales/fr/LC_MESSAGES/mali-2020-08.po")[0] == 404
    assert running.get("/")[0] == 200


@pytest.mark.parametrize("verbosity", [-1, 0, 1])
def test_quiet_shows_errors_only_verbose_every_request_and_page(
    content: Path, capsys: pytest.CaptureFixture[str], verbosity: int
) -> None:
    running = Running(content, verbosity=verbosity)
    try:
        catalog = content / CATALOG
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace(ANCHOR, '"Modifié. ' + ANCHOR[1:], 1), encoding="utf-8")
        assert running.get(PAGE)[0] == 200
        catalog.write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
        assert running.get(PAGE)[0] == 200
    finally:
        running.server.shutdown()
        running.server.server_close()
    err = capsys.readouterr().err
    assert "mali-2020-08.po:2: unterminated string" in err  # errors, whatever the verbosity
    assert ("rebuilt (" in err) == (verbosity >= 0)
    assert ("  .alert-i18n-cache/preview/build/fr/mali-2020-08.html" in err) == (verbosity > 0)
    assert ('"GET /fr/mali-2020-08.html HTTP/1.1" 200' in err) == (verbosity > 0)


def test_serve_new_and_init_take_the_common_options_after_the_command(
    content: Path, cli: Run
) -> None:
    code, _, err = cli("serve", "-C", content, "-v", "--bind", "0.0.0.0", "--port", "0")
    assert code == 2 and "not a loopback address" in err  # parsed, then refused
    assert cli("new", "mali-2021-03", "-C", content, "-q") == (0, "", "")
    assert (content / "source" / "mali-2021-03.md").is_file()
    assert cli("init", "other", "-C", content, "-q") == (0, "", "")
    assert (content / "other" / "pyproject.toml").is_file()


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.0.2.1"])
def test_refuses_an_address_other_machines_reach_unless_told(address: str, content: Path,
                                                             cli: Run) -> None:
    with pytest.raises(UsageError, match="--allow-remote"):
        serve.check_bind(address, allow_remote=False)
    serve.check_bind(address, allow_remote=True)
    code, _, err = cli("-C", content, "serve", "--bind", address, "--port", "0")
    assert code == 2 and "not a loopback address" in err
    assert not (content / ".alert-i18n-cache").exists()  # refused before anything is built


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_loopback_is_allowed(address: str) -> None:
    serve.check_bind(address, allow_remote=False)


def test_in_a_browser_the_preview_runs_under_its_policy_and_reloads(
    content: Path, running: Running
) -> None:
    """The injected stylesheet and script are allowed by the page's policy (no violation),
    and a page left open shows a saved catalog without being asked."""
    with chromium.context() as opened:
        from playwright.sync_api import Error  # (importable: context() skips otherwise)

        tab = opened.new_page()
        console: list[str] = []
        tab.on("console", lambda message: console.append(message.text))
        tab.goto(f"http://127.0.0.1:{running.port}{PAGE}")
        outline = tab.evaluate(
            "getComputedStyle(document.querySelector('[data-preview]')).outlineStyle")
        banner = tab.evaluate(
            "getComputedStyle(document.querySelector('.preview-banner')).backgroundColor")
        assert banner == "rgb(31, 35, 40)" and outline == "none"  # the sheet applies
        catalog = content / CATALOG
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace(ANCHOR, '"Rechargée. ' + ANCHOR[1:], 1),
                           encoding="utf-8")
        deadline = time.monotonic() + 10

        def shown() -> str:
            try:
                return tab.content()
            except Error:  # caught while reloading
                return ""

        while "Rechargée." not in shown():  # the page's script reloads it
            assert time.monotonic() < deadline, "the open page was not reloaded"
            tab.wait_for_timeout(100)
        assert not [m for m in console if "Content Security Policy" in m], console
