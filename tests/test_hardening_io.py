"""Issue 17, the siblings of the catalog and environment classes: what the first tests
(``test_hardening_catalogs``, ``test_hardening_environment``) did not name.

Charsets end at every output (``.mo`` files too); every file the tool reads is a
regular file inside the content root (sources, the chrome's catalog, a linked
folder); a file that is not a PO file is never quoted; every write the
environment refuses names its file (the build cache, ``check --output``,
``compile``); a no-op build removes a killed build's staging folder and leaves a
running writer's temporary alone.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from alert_i18n import disk
from alert_i18n.errors import CatalogError, WriteError
from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import in_utf8, po_bytes

from ._hardening import SLUG, make_site, po_text, run_cli
from .conftest import gettext_tool

ENGLISH = "# Title\n\nThe militias attacked the village.\n"
SENTENCE = "The militias attacked the village."
FRENCH = {"Title": "Titre", SENTENCE: "Les milices génocidaires ont attaqué le village."}
CATALOG = f"locales/fr/LC_MESSAGES/{SLUG}.po"
SECRET = "S3CRET-T0KEN"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    make_site(root, ENGLISH, FRENCH)
    return root


def _catalog(root: Path) -> Path:
    return root / CATALOG


def _clean_failure(done: subprocess.CompletedProcess[str], code: int, name: str) -> None:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert name in done.stderr, done.stderr


# -- charsets, at every output -------------------------------------------------------

@pytest.mark.parametrize(("charset", "title"), [("ISO-8859-1", "Titré"), ("KOI8-R", "Заголовок")])
def test_compile_writes_a_mo_that_gettext_reads_as_written(
    site: Path, charset: str, title: str
) -> None:
    """polib writes a .mo's strings in UTF-8: its header must say so, whatever the
    catalog declared (else Python's gettext reads "TitrÃ©")."""
    catalog = _catalog(site)
    catalog.write_bytes(po_text({"Title": title}, header={
        "Content-Type": f"text/plain; charset={charset}"}).encode(charset))
    done = run_cli("-C", site, "compile")
    assert done.returncode == 0, done.stderr
    with catalog.with_suffix(".mo").open("rb") as compiled:
        assert gettext.GNUTranslations(compiled).gettext("Title") == title


def test_update_converts_a_catalog_to_utf8_once_then_leaves_it(site: Path) -> None:
    catalog = _catalog(site)
    catalog.write_bytes(po_text(FRENCH, header={
        "Content-Type": "text/plain; charset=ISO-8859-1"}).encode("iso-8859-1"))
    assert run_cli("-C", site, "extract").returncode == 0
    assert run_cli("-C", site, "update").returncode == 0
    data = catalog.read_bytes()
    assert b"charset=UTF-8" in data and b"8859" not in data
    assert FRENCH[SENTENCE] in data.decode("utf-8")
    again = run_cli("-C", site, "update")
    assert again.returncode == 0 and CATALOG not in again.stdout  # nothing rewritten
    assert catalog.read_bytes() == data


def test_a_catalog_with_the_template_placeholder_charset_gets_utf8(site: Path) -> None:
    """A .po copied from an xgettext template says charset=CHARSET: msgfmt -c refuses
    that in a catalog, so update declares what it writes."""
    msgfmt = gettext_tool("msgfmt")
    catalog = _catalog(site)
    catalog.write_text(po_text(FRENCH, header={
        "Content-Type": "text/plain; charset=CHARSET"}), "utf-8")
    assert run_cli("-C", site, "extract").returncode == 0
    assert run_cli("-C", site, "update").returncode == 0
    assert b"charset=UTF-8" in catalog.read_bytes()
    judged = subprocess.run([msgfmt, "-c", "-o", os.devnull, catalog],
                            capture_output=True, text=True, check=False)
    assert judged.returncode == 0, judged.stderr


@pytest.mark.parametrize("command", ["build", "check", "update", "compile"])
def test_utf8_text_declared_cp1252_is_refused_by_every_command_with_its_line(
    site: Path, command: str
) -> None:
    """One reader, one decision: mojibake ("Ã©") is published by no command."""
    assert run_cli("-C", site, "build").returncode == 0
    page = site / "build" / "fr" / f"{SLUG}.html"
    before = page.read_bytes()
    catalog = _catalog(site)
    catalog.write_bytes(po_text(FRENCH, header={
        "Content-Type": "text/plain; charset=CP1252"}).encode("utf-8"))
    data = catalog.read_bytes()
    line = data[: data.index("é".encode())].count(b"\n") + 1
    done = run_cli("-C", site, command)
    _clean_failure(done, 2 if command == "check" else 1, f"{CATALOG}:{line}: ")
    assert "UTF-8" in done.stderr and "CP1252" in done.stderr
    assert catalog.read_bytes() == data and page.read_bytes() == before


def test_in_utf8_changes_only_the_declared_charset() -> None:
    latin = Catalog(header=(("Language", "fr"),
                            ("Content-Type", "text/plain; charset=ISO-8859-1")),
                    messages=(Message(msgid="a", msgstr="é"),))
    converted = in_utf8(latin)
    assert converted.header == (("Language", "fr"), ("Content-Type", "text/plain; charset=UTF-8"))
    assert converted.messages == latin.messages
    for same in (converted, Catalog(header=(("Content-Type", "text/plain; charset=utf8"),)),
                 Catalog(header=(("Language", "fr"),)), Catalog()):
        assert in_utf8(same) is same


def test_po_bytes_are_in_the_declared_charset_or_refused() -> None:
    latin = Catalog(header=(("Content-Type", "text/plain; charset=ISO-8859-1"),),
                    messages=(Message(msgid="a", msgstr="é"),))
    assert 'msgstr "é"'.encode("iso-8859-1") in po_bytes(latin)
    assert read_po(po_bytes(latin), path="x.po").messages[0].msgstr == "é"
    euro = Catalog(header=latin.header, messages=(Message(msgid="a", msgstr="5 €"),))
    with pytest.raises(ValueError, match=r"line 5: .€. cannot be written"):
        po_bytes(euro)
    assert 'msgstr "5 €"'.encode() in po_bytes(in_utf8(euro))


# -- only regular files, only inside the content root --------------------------------

def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize("make", [_fifo, _folder], ids=["fifo", "folder"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_chrome_catalog_that_is_not_a_file_is_named(site: Path, make: object,
                                                      command: str) -> None:
    """site.po was skipped silently when not a regular file (its labels fell back to
    English with exit 0); now named, like any catalog."""
    chrome = site / "locales" / "fr" / "LC_MESSAGES" / "site.po"
    make(chrome)  # type: ignore[operator]
    try:
        done = run_cli("-C", site, command, timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} hangs on a site.po that is not a file")
    _clean_failure(done, 2 if command == "check" else 1, "locales/fr/LC_MESSAGES/site.po")


@pytest.mark.parametrize("make", [_fifo, _folder], ids=["fifo", "folder"])
@pytest.mark.parametrize("command", ["extract", "build", "check", "update"])
def test_a_source_that_is_not_a_file_is_named_and_never_waited_on(
    site: Path, make: object, command: str
) -> None:
    make(site / "source" / "other.md")  # type: ignore[operator]
    try:
        done = run_cli("-C", site, command, timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} hangs on a source that is not a file")
    _clean_failure(done, 2, "source/other.md")


@pytest.mark.parametrize("command", ["build", "check", "update", "compile"])
def test_a_file_that_is_not_a_po_file_is_named_never_quoted(site: Path, command: str) -> None:
    """Inside the root, not a link: a settings file saved under a catalog's name.  Its
    first line is a comment, as in a PO file; its second line is no PO syntax."""
    _catalog(site).write_text(f"# CI settings\nTOKEN={SECRET}\npassword {SECRET}\n", "utf-8")
    done = run_cli("-C", site, command)
    assert SECRET not in done.stdout + done.stderr
    _clean_failure(done, 2 if command == "check" else 1, f"{CATALOG}:2: not a PO file")


@pytest.mark.parametrize("text", [
    f"{SECRET}\n", f"https://ci:{SECRET}@example.org/\n", f"\n\n# x\nmachine x password {SECRET}\n",
    f'# a\n"{SECRET}"\n', f"[credentials]\ntoken = {SECRET}\n",
])
def test_the_reader_never_quotes_a_file_with_no_po_line(text: str) -> None:
    with pytest.raises(CatalogError) as caught:
        read_po(text.encode(), path="x.po")
    assert SECRET not in str(caught.value), str(caught.value)
    assert re.match(r"x\.po:\d+: ", str(caught.value))


def test_the_reader_still_quotes_a_mistyped_keyword_in_a_po_file() -> None:
    data = b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "a"\nmsgstring "b"\n'
    with pytest.raises(CatalogError, match=r"x\.po:6: unknown keyword 'msgstring'"):
        read_po(data, path="x.po")


def test_a_catalog_linked_inside_the_root_is_followed(site: Path) -> None:
    """Links are refused only out of the root: a shared catalog linked in still builds."""
    catalog = _catalog(site)
    shared = site / "shared" / "fr.po"
    shared.parent.mkdir()
    catalog.rename(shared)
    catalog.symlink_to(os.path.relpath(shared, catalog.parent))
    done = run_cli("-C", site, "build")
    assert done.returncode == 0, done.stderr
    assert FRENCH[SENTENCE] in (site / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_catalog_folder_linked_out_of_the_root_is_refused(
    tmp_path: Path, site: Path, command: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / f"{SLUG}.po").write_text(f"{SECRET}\n", "utf-8")
    messages = site / "locales" / "fr" / "LC_MESSAGES"
    shutil.rmtree(messages)
    messages.symlink_to(outside)
    done = run_cli("-C", site, command)
    assert SECRET not in done.stdout + done.stderr
    _clean_failure(done, 2 if command == "check" else 1, CATALOG)
    assert "outside the content root" in done.stderr or "out of the content root" in done.stderr


# -- the environment refuses a write: named, exit 1 ----------------------------------

def test_a_build_cache_that_cannot_be_written_is_named(site: Path) -> None:
    (site / ".alert-i18n-cache").write_text("not a folder\n", "utf-8")
    done = run_cli("-C", site, "build")
    _clean_failure(done, 1, ".alert-i18n-cache is a file, not a folder")
    assert (site / ".alert-i18n-cache").read_text("utf-8") == "not a folder\n"


def test_check_output_that_cannot_be_written_is_named(site: Path) -> None:
    (site / "reports").write_text("a file\n", "utf-8")
    done = run_cli("-C", site, "check", "--output", site / "reports" / "status.html",
                   "--format", "html")
    _clean_failure(done, 1, "reports/status.html: cannot write: ")
    assert "reports is a file, not a folder" in done.stderr


def test_update_into_a_messages_folder_that_is_a_file_names_it(site: Path) -> None:
    messages = site / "locales" / "fr" / "LC_MESSAGES"
    shutil.rmtree(messages)
    messages.write_text("a file\n", "utf-8")
    assert run_cli("-C", site, "extract").returncode == 0
    done = run_cli("-C", site, "update", "-l", "fr")
    _clean_failure(done, 1, "locales/fr/LC_MESSAGES is a file, not a folder")


def test_compile_into_a_read_only_folder_names_the_file(site: Path) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a read-only file system needs root and mount(8)")
    messages = site / "locales" / "fr" / "LC_MESSAGES"
    catalog = _catalog(site).read_bytes()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(messages)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        _catalog(site).write_bytes(catalog)
        subprocess.run(["mount", "-o", "remount,ro", str(messages)], check=True)
        done = run_cli("-C", site, "compile")
        _clean_failure(done, 1, f"locales/fr/LC_MESSAGES/{SLUG}.mo: cannot write: ")
        assert re.search(r"read-only", done.stderr, re.I), done.stderr
    finally:
        subprocess.run(["umount", str(messages)], check=False)


def test_disk_reads_only_regular_files_and_never_waits(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="FIFO"):
        disk.read_bytes(fifo)  # at once: no writer is waited for


def test_disk_names_the_file_and_the_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("x")
    target = tmp_path / "build" / "fr" / "a.html"
    with pytest.raises(WriteError) as caught:
        disk.replace_file(target, "page", durable=False)
    assert str(caught.value) == (f"{target}: cannot write: {tmp_path / 'build'} is a file, "
                                 "not a folder")
    assert caught.value.exit_code == 1
    with pytest.raises(WriteError, match="cannot write"), \
            disk.replacing_stream(tmp_path / "build" / "m.json") as stream:
        stream.write("{}")


# -- what a killed build left --------------------------------------------------------

def test_a_no_op_build_removes_a_dead_staging_folder_and_keeps_a_live_temporary(
    site: Path
) -> None:
    assert run_cli("-C", site, "build").returncode == 0
    dead = subprocess.Popen(["true"])
    dead.wait()
    staging = site / "build" / f".de.{dead.pid}.staging.tmp"
    staging.mkdir()
    (staging / f"{SLUG}.html").write_text("<p>half", "utf-8")
    live = site / "build" / "en" / f".{SLUG}.html.{os.getpid()}.0.tmp"  # this test is alive
    live.write_text("<p>being written", "utf-8")
    done = run_cli("-C", site, "build")
    assert done.returncode == 0 and "built 0 file(s)" in done.stdout, done.stdout
    assert not staging.exists()
    assert live.exists()


@pytest.mark.parametrize("command", ["build", "update", "compile"])
def test_a_catalog_that_is_a_fifo_fails_its_language_only(site: Path, command: str) -> None:
    """The other languages go on: Bambara is built, updated, compiled."""
    bambara = site / "locales" / "bm" / "LC_MESSAGES" / f"{SLUG}.po"
    bambara.parent.mkdir(parents=True)
    bambara.write_text(po_text({"Title": "Kunnafoni", SENTENCE: "Kɛlɛcɛw ye dugu tɔɔrɔ."},
                               header={"Language": "bm", "Plural-Forms":
                                       "nplurals=1; plural=0;"}), "utf-8")
    assert run_cli("-C", site, "extract").returncode == 0
    _catalog(site).unlink()
    os.mkfifo(_catalog(site))
    done = run_cli("-C", site, command, timeout=30)
    _clean_failure(done, 1, CATALOG)
    if command == "build":
        page = (site / "build" / "bm" / f"{SLUG}.html").read_text("utf-8")
        assert "Kɛlɛcɛw ye dugu tɔɔrɔ." in page
        assert not (site / "build" / "fr").exists()
    elif command == "update":
        assert "#: source/alert.md" in bambara.read_text("utf-8")  # merged with the template
    else:
        assert bambara.with_suffix(".mo").is_file()
