"""Issue 17, catalogs: declared charsets survive any number of runs; a catalog that
cannot be read fails its language loudly (exit 1, the previous page stays) and never
hangs a command.

Black-box: the commands run as ``python -m alert_i18n`` (with a timeout, since a
FIFO may block), on files written here.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

from ._hardening import SLUG, make_site, po_text, run_cli
from .conftest import gettext_tool

ENGLISH = "# Title\n\nThe genocidal militias attacked the village.\n"
TITLE = "Title"
SENTENCE = "The genocidal militias attacked the village."
CATALOG = f"locales/fr/LC_MESSAGES/{SLUG}.po"


def declared_msgstr(catalog: Path, msgid: str) -> str:
    """The msgstr of ``msgid`` (a one-line entry) as the catalog's declared charset reads it."""
    data = catalog.read_bytes()
    charset = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data)
    assert charset, "the catalog lost its charset"
    text = data.decode(charset.group(1).decode("ascii"))
    text = text.removeprefix("\ufeff")
    entries = re.split(r"\n\s*\n", text)
    for entry in entries:
        if re.search(r'^msgid "' + re.escape(msgid) + '"$', entry, re.M):
            tail = entry.split("\nmsgstr", 1)[1]
            strings = re.findall(r'^\s*"(.*)"$', tail.removeprefix(" "), re.M)
            return "".join(strings)
    raise AssertionError(f"{msgid!r} is gone from {catalog}")


# -- charsets ------------------------------------------------------------------------

CHARSETS = [
    pytest.param("ISO-8859-1", "Les milices génocidaires ont attaqué le village.",
                 id="iso-8859-1"),
    pytest.param("CP1252", "Les milices « génocidaires » ont attaqué le village – œuvre.",
                 id="cp1252"),
    pytest.param("ISO-8859-15", "Les milices génocidaires ont attaqué le village : 5 €.",
                 id="iso-8859-15"),
    pytest.param("KOI8-R", "Боевики напали на деревню.", id="koi8-r"),
]


@pytest.mark.parametrize(("charset", "french"), CHARSETS)
def test_a_catalog_in_another_charset_survives_repeated_updates(
    tmp_path: Path, charset: str, french: str
) -> None:
    msgfmt = gettext_tool("msgfmt")
    root = tmp_path / "site"
    catalog = make_site(root, ENGLISH, {})
    text = po_text({TITLE: "Titre", SENTENCE: french},
                   header={"Content-Type": f"text/plain; charset={charset}"})
    catalog.write_bytes(text.encode(charset))
    assert subprocess.run([msgfmt, "-c", "-o", os.devnull, catalog],
                          capture_output=True, check=False).returncode == 0
    assert run_cli("-C", root, "extract").returncode == 0
    for run in range(3):
        done = run_cli("-C", root, "update")
        assert done.returncode == 0, done.stderr
        judged = subprocess.run([msgfmt, "-c", "-o", os.devnull, catalog],
                                capture_output=True, text=True, check=False)
        assert judged.returncode == 0, f"run {run + 1}: {judged.stderr}"
        assert declared_msgstr(catalog, SENTENCE) == french, f"run {run + 1}"
    assert run_cli("-C", root, "build").returncode == 0
    page = (root / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")
    assert french.replace("«", "«").split()[-1].rstrip(".") in page
    assert "Ã" not in page and "Ã" not in (root / "build" / "fr" / f"{SLUG}.md").read_text()


@pytest.mark.parametrize("charset", ["CP1252", "ISO-8859-1"])
def test_utf8_text_declared_in_another_charset_is_stable_or_refused(
    tmp_path: Path, charset: str
) -> None:
    """UTF-8 bytes under a Latin header read as mojibake; whatever the tool decides
    (refuse it naming the file, or keep it), the text must not change from run to run."""
    root = tmp_path / "site"
    catalog = make_site(root, ENGLISH, {})
    text = po_text({TITLE: "Titre", SENTENCE: "Les milices génocidaires ont attaqué."},
                   header={"Content-Type": f"text/plain; charset={charset}"})
    catalog.write_bytes(text.encode("utf-8"))
    assert run_cli("-C", root, "extract").returncode == 0
    first = declared_msgstr(catalog, SENTENCE)
    for run in range(3):
        before = catalog.read_bytes()
        done = run_cli("-C", root, "update")
        if done.returncode != 0:
            assert CATALOG in done.stdout + done.stderr
            assert catalog.read_bytes() == before
        assert declared_msgstr(catalog, SENTENCE) == first, f"run {run + 1}"


def test_a_utf8_catalog_with_a_byte_order_mark_keeps_its_translations(tmp_path: Path) -> None:
    root = tmp_path / "site"
    catalog = make_site(root, ENGLISH, {})
    catalog.write_bytes(b"\xef\xbb\xbf" + po_text(
        {TITLE: "Titre", SENTENCE: "Les milices génocidaires ont attaqué le village."}
    ).encode("utf-8"))
    assert run_cli("-C", root, "extract").returncode == 0
    for _ in range(2):
        done = run_cli("-C", root, "update")
        assert done.returncode == 0, done.stderr
        assert declared_msgstr(catalog, SENTENCE).startswith("Les milices génocidaires")
    done = run_cli("-C", root, "build")
    assert done.returncode == 0, done.stderr
    assert "génocidaires" in (root / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")


# -- catalogs that cannot be read ----------------------------------------------------

def _directory(path: Path) -> None:
    path.mkdir()


def _dangling(path: Path) -> None:
    path.symlink_to(path.with_name("missing.po"))


def _loop(path: Path) -> None:
    path.symlink_to(path.with_name("loop.po"))
    path.with_name("loop.po").symlink_to(path.name)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound: the file stays a socket
    _SOCKETS.append(server)


_SOCKETS: list[socket.socket] = []


def _unreadable(path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a file without read permission anyway")
    path.write_text(po_text({TITLE: "Titre"}), "utf-8")
    path.chmod(0)


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 4)


def _utf16(path: Path) -> None:
    path.write_bytes(po_text({TITLE: "Titre", SENTENCE: "Les milices."}).encode("utf-16"))


BROKEN = {"directory": _directory, "dangling-symlink": _dangling, "symlink-loop": _loop,
          "empty-file": _empty, "fifo": _fifo, "socket": _socket, "unreadable": _unreadable,
          "binary": _binary, "utf-16": _utf16}

COMMANDS = ("build", "check", "update", "compile")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", BROKEN)
def test_a_catalog_that_cannot_be_read_fails_its_language_and_keeps_its_page(
    tmp_path: Path, kind: str, command: str
) -> None:
    """README: a catalog that cannot be read fails its own language only: update, compile
    and build go on with the others, then exit 1 (check exits 2); never a hang."""
    root = tmp_path / "site"
    catalog = make_site(root, ENGLISH, {TITLE: "Titre",
                                        SENTENCE: "Les milices ont attaqué le village."})
    assert run_cli("-C", root, "extract").returncode == 0
    assert run_cli("-C", root, "build").returncode == 0
    page = root / "build" / "fr" / f"{SLUG}.html"
    before = page.read_bytes()
    assert "Les milices ont attaqué" in before.decode()
    catalog.unlink()
    try:
        BROKEN[kind](catalog)
        try:
            done = run_cli("-C", root, command, timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{command} hangs on a catalog that is a {kind}")
        assert done.returncode == (2 if command == "check" else 1), done.stdout + done.stderr
        assert CATALOG in done.stderr, done.stderr
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr
        assert page.read_bytes() == before  # the previous page stays
    finally:
        while _SOCKETS:
            _SOCKETS.pop().close()
