"""Broken input fails loudly and locally; nothing is ever half-written; degenerate input is bounded.

Every error is one line naming a file (and a line), never a traceback; a bad
catalog costs its language only; every output is replaced atomically, so a
killed build leaves the previous pages whole; input beyond what the renderer
can take in bounded time and stack is refused, with the place named.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alert_i18n import alert_build, build, disk, limits, segment, workspace
from alert_i18n.cli import main
from alert_i18n.errors import AlertI18nError, WriteError
from alert_i18n.localize import localize
from alert_i18n.model import Catalog
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po
from alert_i18n.render import Renderer
from alert_i18n.segment import decode_source, parse_source

from .conftest import BAD_PO, REPO, Run, snapshot

SLUG = "mali-2020-08"
FR = f"locales/fr/LC_MESSAGES/{SLUG}.po"
BAD = Path(__file__).parent / "data" / "po"
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def page(root: Path, language: str, fmt: str = "html") -> Path:
    return root / "build" / language / f"{SLUG}.{fmt}"


def temporaries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob(".*.tmp"))


# -- a malformed catalog costs its own language only ---------------------------------

# The reader's own fixtures (tests/data/po/), each as the French catalog of the sample.
BAD_CATALOGS = [
    "bad-unterminated-string.po", "bad-escape.po", "bad-duplicate.po", "bad-header.po",
    "bad-charset.po", "bad-header-not-first.po", "bad-msgid-without-msgstr.po",
    "bad-unknown-keyword.po", "bad-encoding.po", "bad-nul.po",
]


def test_the_bad_catalogs_are_the_readers_fixtures() -> None:
    assert set(BAD_CATALOGS) <= set(BAD_PO)
    assert all((BAD / name).is_file() for name in BAD_CATALOGS)


def _break_french(content: Path, cli: Run, data: bytes) -> tuple[bytes, int, str, str]:
    """Build, then replace the French catalog by ``data`` and build again."""
    assert cli("-C", content, "build")[0] == 0
    french = page(content, "fr").read_bytes()
    stamp = page(content, "fr").stat().st_mtime_ns
    for language in ("en", "bm"):  # gone, so the next build must make them again
        shutil.rmtree(content / "build" / language)
    (content / FR).write_bytes(data)
    code, out, err = cli("-C", content, "build")
    assert page(content, "fr").read_bytes() == french  # the previous French page, untouched
    assert page(content, "fr").stat().st_mtime_ns == stamp
    return french, code, out, err


@pytest.mark.parametrize("name", BAD_CATALOGS)
def test_a_bad_catalog_fails_its_language_only(name: str, content: Path, cli: Run) -> None:
    line, sentence = BAD_PO[name]
    _, code, out, err = _break_french(content, cli, (BAD / name).read_bytes())
    assert code == 1
    assert err.startswith(f"alert-i18n: error: {FR}:{line}: ") and sentence in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    for language in ("en", "bm"):
        assert page(content, language).is_file() and page(content, language, "md").is_file()
    assert "Genocide Emergency" in page(content, "en").read_text("utf-8")
    assert "bm: mali-2020-08: 15 of 15 messages translated" in out


def test_a_truncated_french_catalog(content: Path, cli: Run) -> None:
    """The issue's example: cut in the middle of a string."""
    data = (content / FR).read_bytes()
    cut = data.index(b'msgstr "Urgence g\xc3\xa9nocide') + 17
    _, code, _, err = _break_french(content, cli, data[:cut])
    line = data[:cut].count(b"\n") + 1
    assert code == 1
    assert err == (f"alert-i18n: error: {FR}:{line}: unterminated string: the closing \" "
                   "is missing\n")
    assert page(content, "en").is_file() and page(content, "bm").is_file()


def test_check_and_update_name_the_bad_catalog(content: Path, cli: Run) -> None:
    (content / FR).write_bytes((BAD / "bad-escape.po").read_bytes())
    code, _, err = cli("-C", content, "check")
    assert code == 2  # README: a catalog that cannot be read is bad input
    assert err == f"alert-i18n: error: {FR}:10: " + err.split(":10: ", 1)[1]
    assert err.count("\n") == 1
    before = (content / FR).read_bytes()
    code, _, err = cli("-C", content, "update")
    assert code == 1 and f"{FR}:10: invalid escape" in err
    assert (content / FR).read_bytes() == before  # never overwrite what could not be read


@pytest.mark.parametrize(("data", "line", "sentence"), [
    (b"---\ndate: 2020-08\n---\n\nTitle\n\nCaf\xe9 latin-1\n", 7, "not valid UTF-8 (byte 0xe9)"),
    (b"# Title\n\nNUL \x00 here\n", 3, "contains a NUL character"),
    (b"---\ndate: 2020-08\n", 1, "front matter opened with '---' is never closed"),
    # The body's first line is not where the fault is: the closing "---" is missing.
    (b"---\ndate: 2020-08\n\n## Title\n\nText.\n", 1,
     "front matter opened with '---' is never closed"),
    (b"---\ndate 2020-08\n---\n\nText.\n", 2, "front matter line is not 'key: value'"),
])
def test_a_bad_source_names_the_file(content: Path, cli: Run, data: bytes, line: int,
                                     sentence: str) -> None:
    (content / "source" / f"{SLUG}.md").write_bytes(data)
    for command in ("extract", "build", "check"):
        code, _, err = cli("-C", content, command)
        assert code == 2
        assert err.startswith(f"alert-i18n: error: source/{SLUG}.md:{line}: ") and sentence in err
        assert err.count("\n") == 1


# -- no traceback, ever ---------------------------------------------------------

def test_an_unexpected_exception_is_one_line_naming_the_file(
    content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(workspace, "read_po", broken)
    code, _, err = cli("-C", content, "build")
    assert code == 3
    assert re.fullmatch(r"alert-i18n: internal error while processing locales/\w+/LC_MESSAGES/"
                        r"[\w-]+\.po: ZeroDivisionError: boom \(a bug in alert-i18n: please "
                        r"report it, with that file\)\n", err), err
    monkeypatch.undo()
    monkeypatch.setattr(alert_build, "localize_both", broken)
    code, _, err = cli("-C", content, "build")
    assert code == 3
    assert err.startswith(f"alert-i18n: internal error while processing source/{SLUG}.md: ")


def test_recursion_in_the_renderer_is_a_build_error(
    tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backstop behind the limits: with them lifted, Python-Markdown's RecursionError
    becomes a one-line error naming the alert (its block parser segments the alert
    first, so the segmenter says it; ``test_render`` has the renderer's own)."""
    monkeypatch.setattr(segment, "MAX_BLOCK_DEPTH", 10**9)
    root = tmp_path / "site"
    (root / "source").mkdir(parents=True)
    (root / "source" / "deep.md").write_text("".join("    " * i + "- level\n"
                                                     for i in range(300)))
    code, _, err = cli("-C", root, "build")
    assert code == 2
    assert err == ("alert-i18n: error: source/deep.md:1: too deeply nested to segment: "
                   "flatten the quotes, lists or emphasis\n")


def _ends_cleanly(result: tuple[int, str, str]) -> None:
    code, _, err = result
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    assert all(line.startswith("alert-i18n: ") for line in err.splitlines()), err


@PROPERTY
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode()))
def test_any_catalog_bytes_end_cleanly(tmp_path_factory: pytest.TempPathFactory,
                                       data: bytes) -> None:
    root = tmp_path_factory.mktemp("site")
    (root / "source").mkdir()
    (root / "source" / "a.md").write_text("# Title\n\nText with a [link](#).\n")
    (root / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (root / "locales" / "fr" / "LC_MESSAGES" / "a.po").write_bytes(
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Title"\n'
        + data)
    for command in ("build", "check"):
        code = main(["-C", str(root), command])
        assert code in (0, 1, 2)


@PROPERTY
@given(data=st.binary(max_size=300))
def test_any_source_bytes_end_cleanly(tmp_path_factory: pytest.TempPathFactory,
                                      data: bytes) -> None:
    root = tmp_path_factory.mktemp("site")
    (root / "source").mkdir()
    (root / "source" / "a.md").write_bytes(data)
    assert main(["-C", str(root), "build"]) in (0, 1, 2)


def test_the_command_line_never_prints_a_traceback_on_bad_input(content: Path, cli: Run) -> None:
    (content / FR).write_bytes(b"\xff\xfe\x00garbage")
    _ends_cleanly(cli("-C", content, "build"))
    (content / "source" / f"{SLUG}.md").write_bytes(b"\xff" * 10)
    _ends_cleanly(cli("-C", content, "build"))


# -- the reader and the scanner on anything ---------------------------------------

_PO_ATOMS = st.sampled_from([
    b"msgid ", b"msgstr ", b"msgctxt ", b"msgid_plural ", b"msgstr[0] ", b"msgstr[1] ", b'"',
    b"\\", b"\\n", b"\\x", b"\\0", b"\\377", b"\n", b"\r\n", b"#", b"#~ ", b"#| ", b"#~| ",
    b"#, fuzzy", b"#: a:1", b"#. x", b'"Content-Type: text/plain; charset=', b"UTF-8",
    b"ISO-8859-1", b"utf-16", b"\x00", b"\\n\"", b'""', b"x", b"\xff", b"\xef\xbb\xbf",
    b" ", b"\t", b"\xc3\xa9",
])


@PROPERTY
@given(data=st.binary(max_size=200) | st.lists(_PO_ATOMS, max_size=40).map(b"".join))
def test_the_catalog_reader_returns_a_catalog_or_a_located_error(data: bytes) -> None:
    try:
        catalog = read_po(data, path="x.po")
    except AlertI18nError as error:
        assert re.match(r"x\.po(:\d+)?: \S", str(error)), str(error)
        assert "\n" not in str(error)
    else:  # every message is on a line of the file, once, and writes back as it reads
        lines = data.count(b"\n") + 1
        assert all(1 <= m.line <= lines for m in catalog.messages)
        assert len({m.key for m in catalog.messages}) == len(catalog.messages)
        written = write_po(catalog)
        assert write_po(read_po(written.encode(_codec(catalog)), path="y.po")) \
            == written


def _codec(catalog: Catalog) -> str:
    """The codec a catalog's text is written in: its declared charset (UTF-8 if none)."""
    found = re.search(r"charset=([^\s;]+)", catalog.header_value("Content-Type") or "")
    name = found.group(1) if found else "utf-8"
    return "utf-8" if name.upper() == "CHARSET" else name


_MD_ATOMS = st.sampled_from([
    "\n", "\n\n", "\r\n", "\r", "  ", "\t", "    ", "# ", "## x #", "> ", ">", "- ", "* ",
    "+ ", "1. ", "10) ", "```", "~~~", "---", "===", "***", "| a | b |", "|---|---|",
    '[x]: http://a "t"', "[x]", "(y)", '![a](b "t")', "<div>", "<!--", "text", "é",
    "\u0301", "\ufeff", "\\", "`", "*", "_", "[", "{: #x }", "\u2028", "\x0c",
])


@PROPERTY
@given(text=st.text(max_size=200) | st.lists(_MD_ATOMS, max_size=60).map("".join))
def test_the_scanner_returns_a_document_or_a_located_error(text: str) -> None:
    try:
        document = parse_source(text, path="x.md")
    except AlertI18nError as error:
        assert re.match(r"x\.md(:\d+)?: \S", str(error)), str(error)
        return
    for slot in document.slots:
        assert 0 <= slot.start <= slot.end <= len(text)
        assert slot.segment.msgid == unicodedata.normalize("NFC", slot.segment.msgid)
    Renderer().render(text)  # what was segmented renders, in bounded stack


_TRANSLATION_ATOMS = st.sampled_from([
    "\n", "\n\n", " ", "  ", "\t", "#", "# ", ">", "> ", "-", "- ", "---", "***", "___", "* ",
    "+ ", "1. ", "1) ", "===", "|", " | ", "|---|---|", "--- | ---", ":--", "```", "~~~",
    "    ", "text", "[a]: /x", "<div>", "\\", "`", "<!--", "x", "1.", "- - -", "\ue000",
])
_STRUCTURE = ("# Title\n\nPara one.\n\n- item a\n- item b\n\n> quoted text\n\n| h1 | h2 |\n"
              "|---|---|\n| c1 | c2 |\n\n1. first\n2. second\n\nLine  \nbreak\n")


def _blocks(body: str) -> list[str]:
    return [t for t in re.findall(r"<(\w+)", body)
            if t not in {"br", "a", "em", "strong", "code"}]


@PROPERTY
@given(data=st.data())
def test_a_translation_cannot_change_the_page_structure(data: st.DataObject) -> None:
    """Whatever a translator writes, the page has the English's blocks, in order."""
    renderer = Renderer()
    document = parse_source(_STRUCTURE, path="s.md")
    english = _blocks(renderer.render(_STRUCTURE).html)
    slot = data.draw(st.sampled_from(document.slots))
    translation = data.draw(st.lists(_TRANSLATION_ATOMS, max_size=10).map("".join))
    if not translation.strip():
        return  # the build treats it as untranslated
    out, _ = localize(document, [("fr", {slot.segment.msgid: translation})],
                      source_language="en")
    assert _blocks(renderer.render(out).html) == english


# -- charsets, line endings, byte-order marks, Unicode normalization --------------------

def test_a_catalog_in_iso_8859_1_is_read_by_its_charset(tmp_path: Path, cli: Run,
                                                        content: Path) -> None:
    text = (content / FR).read_text("utf-8")
    text = text.replace("\u2019", "'").replace("œ", "oe").replace("…", "...")
    text = text.replace("\u202f", "\u00a0")  # Latin-1 has the no-break space only
    assert all(ord(c) < 256 for c in text)
    assert "é" in text
    utf8 = tmp_path / "utf8"
    shutil.copytree(content, utf8)
    (utf8 / FR).write_text(text, "utf-8")
    latin = text.replace("charset=UTF-8", "charset=ISO-8859-1")
    (content / FR).write_bytes(latin.encode("iso-8859-1"))
    assert b"\xe9" in (content / FR).read_bytes()
    for root in (content, utf8):
        code, _, err = cli("-C", root, "build", "-l", "fr")
        assert code == 0, err
    assert page(content, "fr").read_bytes() == page(utf8, "fr").read_bytes()
    assert "génocide" in page(content, "fr").read_text("utf-8")
    code, out, _ = cli("-C", content, "check", "-l", "fr")
    assert code == 0 and "mali-2020-08" in out


@pytest.mark.parametrize("variant", ["crlf", "bom", "crlf+bom", "cr"])
def test_crlf_and_bom_sources_give_the_same_messages_and_pages(
    variant: str, tmp_path: Path, content: Path, cli: Run
) -> None:
    clean = content / "source" / f"{SLUG}.md"
    data = clean.read_bytes()
    other = tmp_path / variant
    shutil.copytree(content, other)
    if "crlf" in variant:
        data = data.replace(b"\n", b"\r\n")
    if variant == "cr":
        data = data.replace(b"\n", b"\r")
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    (other / "source" / f"{SLUG}.md").write_bytes(data)
    for root in (content, other):
        assert cli("-C", root, "extract")[0] == 0
        assert cli("-C", root, "build")[0] == 0
    assert (other / "locales" / f"{SLUG}.pot").read_bytes() == \
        (content / "locales" / f"{SLUG}.pot").read_bytes()
    for language in ("en", "fr", "bm"):
        assert page(other, language).read_bytes() == page(content, language).read_bytes()
        markdown = page(other, language, "md").read_bytes()
        expected = page(content, language, "md").read_bytes()
        if "crlf" in variant:
            expected = expected.replace(b"\n", b"\r\n")  # the source's own line endings
        if variant == "cr":
            expected = expected  # a lone CR is read as a newline (as Python-Markdown does)
        assert markdown == expected, language


def _fr_catalog(*pairs: tuple[str, str]) -> bytes:
    body = "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in pairs)
    return ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body).encode("utf-8")


def _one_alert(root: Path, source: str, catalog: bytes) -> None:
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.md").write_text(source, "utf-8")
    folder = root / "locales" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_bytes(catalog)


@pytest.mark.parametrize(("source", "msgid"), [
    ("# Génocide\n\nUn été.\n", "Génocide"),  # both composed
    ("# Ge\u0301nocide\n\nUn été.\n", "Génocide"),  # the source decomposed
    ("# Génocide\n\nUn été.\n", "Ge\u0301nocide"),  # the catalog decomposed
])
def test_decomposed_text_finds_its_translation(tmp_path: Path, cli: Run, source: str,
                                               msgid: str) -> None:
    """Keys are NFC on both sides: a decomposed é (e + U+0301) matches a composed one."""
    _one_alert(tmp_path, source, _fr_catalog((msgid, "Ge\u0301nocide traduit")))
    code, _, err = cli("-C", tmp_path, "build", "-l", "fr")
    assert code == 0, err
    html = (tmp_path / "build" / "fr" / "a.html").read_text("utf-8")
    assert "Génocide traduit" in html and "\u0301" not in html
    document = parse_source(decode_source(source.encode(), path="a.md"), path="a.md")
    assert document.segments[0].msgid == "Génocide"


def test_bambara_tone_marks_render_the_same_whatever_their_order(tmp_path: Path,
                                                                 cli: Run) -> None:
    """NFC cannot compose ɔ with a tone mark, but it orders the marks: one spelling."""
    typed = ("ɔ\u0300\u0323", "ɔ\u0323\u0300")  # grave then dot below, and the reverse
    pages = []
    for index, word in enumerate(typed):
        root = tmp_path / str(index)
        _one_alert(root, "# Title\n\nText.\n", _fr_catalog(("Title", f"K{word}r{word}")))
        assert cli("-C", root, "build", "-l", "fr")[0] == 0
        pages.append((root / "build" / "fr" / "a.html").read_text("utf-8"))
    assert pages[0] == pages[1]
    assert "Kɔ\u0323\u0300rɔ\u0323\u0300" in pages[0]


# -- atomic writes -------------------------------------------------------------------

def test_writes_leave_no_temporary_and_keep_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "out" / "page.html"
    assert disk.write_if_changed(path, "one")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()  # not mkstemp's 0600
    path.chmod(0o640)
    assert disk.write_if_changed(path, "two")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not disk.write_if_changed(path, "two")
    assert [p.name for p in path.parent.iterdir()] == ["page.html"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_write_keeps_the_old_file(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "page.html"
    path.write_text("old")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(WriteError) as caught:  # the user's to fix: named, exit 1
        disk.write_if_changed(path, "new")
    assert str(caught.value) == f"{path}: cannot write: No space left on device"
    assert caught.value.exit_code == 1
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_temporaries_of_dead_writers_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".page.html.{dead}.abc123_x.tmp"
    other = tmp_path / f".other.html.{dead}.abc.tmp"
    live = tmp_path / f".page.html.{os.getppid()}.def456.tmp"
    mine = tmp_path / f".other.html.{os.getpid()}.ghi789.tmp"
    kept = tmp_path / ".notes.txt.tmp"  # not one of ours
    for leftover in (stale, other, live, mine, kept):
        leftover.write_text("partial")
    disk.write_if_changed(path, "new")
    assert not stale.exists() and not other.exists()
    assert live.exists() and mine.exists()  # their writers may still rename them
    assert kept.exists()


_PAUSE = textwrap.dedent("""
    import os, sys, time
    from alert_i18n import cli, disk

    replace, calls, ready = os.replace, [0], sys.argv[1]

    def paused(source, target):
        calls[0] += 1
        if calls[0] == int(sys.argv[2]):  # the temporary is written; the rename is next
            open(ready, "w").close()
            time.sleep(600)
        replace(source, target)

    disk.os.replace = paused
    sys.exit(cli.main(sys.argv[3:]))
""")


def _build_in(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "alert_i18n", "-C", str(root), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_build_killed_half_way_leaves_the_old_pages_whole(tmp_path: Path, content: Path,
                                                            cli: Run) -> None:
    """SIGKILL between a temporary's write and its rename: every page is the old one or
    the new one, whole; the next build removes the leftover and finishes the job."""
    assert cli("-C", content, "build")[0] == 0
    old = snapshot(content / "build")
    source = content / "source" / f"{SLUG}.md"
    source.write_text(source.read_text("utf-8").replace(
        "Genocide Watch is issuing", "Genocide Watch is now issuing"), "utf-8")
    reference = tmp_path / "reference"
    shutil.copytree(content, reference)
    assert cli("-C", reference, "build")[0] == 0  # that paragraph now falls back
    new = snapshot(reference / "build")
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", _PAUSE, str(ready), "4", "-C", str(content), "build"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the build never reached the pause"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    left = temporaries(content / "build")
    assert len(left) == 1  # the killed write's, hidden and never read
    after = snapshot(content / "build")
    changed = [name for name in after if not name.endswith(".tmp") and after[name] != old.get(name)]
    assert changed, "half-way: some pages were already replaced"
    for name, data in after.items():
        if name.endswith(".tmp") or name.startswith(".alert-i18n"):
            continue
        assert data in (old.get(name), new.get(name)), f"{name} is neither old nor new"
    assert old[f"fr/{SLUG}.html"] == after[f"fr/{SLUG}.html"] or \
        new[f"fr/{SLUG}.html"] == after[f"fr/{SLUG}.html"]
    code, _, err = cli("-C", content, "build")
    assert code == 0, err
    assert temporaries(content) == []
    final = snapshot(content / "build")
    for name, data in new.items():
        if not name.startswith(".alert-i18n"):
            assert final[name] == data, name


def test_a_first_build_that_fails_leaves_no_language_folder(
    content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A language folder the build creates is staged whole: a build that stops after
    its pages were written, before the index, leaves neither the folder nor its stage."""
    def broken(*args: object, **kwargs: object) -> str:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(build.page, "index_page", broken)
    code, _, err = cli("-C", content, "build")
    assert code == 3, err
    assert sorted(p.name for p in (content / "build").iterdir()) == []
    monkeypatch.undo()
    assert cli("-C", content, "build")[0] == 0
    assert (content / "build" / "fr" / f"{SLUG}.html").is_file()
    assert temporaries(content) == []


def test_a_killed_first_build_leaves_a_stage_the_next_removes(content: Path, cli: Run) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stage = content / "build" / f".fr.{dead}.staging.tmp"
    stage.mkdir(parents=True)
    (stage / f"{SLUG}.html").write_text("half a page")
    assert cli("-C", content, "build")[0] == 0
    assert not stage.exists()
    assert "half a page" not in (content / "build" / "fr" / f"{SLUG}.html").read_text("utf-8")
    assert temporaries(content) == []


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path: Path, content: Path,
                                                      cli: Run) -> None:
    reference = tmp_path / "reference"
    source = content / "source" / f"{SLUG}.md"
    for round_ in range(3):
        text = source.read_text("utf-8")
        source.write_text(text.replace("Mali August 2020", f"Mali August 2020 ({round_})")
                          if round_ else text, "utf-8")
        if reference.exists():
            shutil.rmtree(reference)
        shutil.copytree(content, reference, ignore=shutil.ignore_patterns("build", ".alert*"))
        cli("-C", reference, "build")
        expected = {k: v for k, v in snapshot(reference / "build").items()
                    if not k.startswith(".")}
        first, second = _build_in(content), _build_in(content)
        results = [first.communicate(timeout=300), second.communicate(timeout=300)]
        for process, (_, err) in zip((first, second), results, strict=True):
            assert process.returncode in (0, 1), err
            assert "Traceback" not in err
        built = {k: v for k, v in snapshot(content / "build").items() if not k.startswith(".")}
        assert built == expected, f"round {round_}"
        assert temporaries(content) == []


def test_a_second_build_of_a_folder_waits_for_the_first(content: Path) -> None:
    """The build lock: while it is held, a build says it waits, writes nothing, and
    finishes once it is released."""
    import fcntl

    lock = content / ".alert-i18n-cache" / "build.lock"
    lock.parent.mkdir()
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = _build_in(content)
        time.sleep(1.5)
        assert second.poll() is None and not (content / "build").exists()
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "another build of this folder is running: waiting for it" in err
    assert (content / "build" / "fr" / f"{SLUG}.html").is_file()


# -- degenerate input stays bounded --------------------------------------------------

def _alert(tmp_path: Path, text: str | bytes) -> Path:
    root = tmp_path / "site"
    (root / "source").mkdir(parents=True)
    target = root / "source" / "big.md"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, "utf-8")
    return root


def _refused(cli: Run, root: Path, where: str, sentence: str) -> None:
    code, _, err = cli("-C", root, "build")
    assert code == 2, err
    assert err.startswith(f"alert-i18n: error: {where}: ") and sentence in err, err
    assert err.count("\n") == 1


def test_a_5_mb_alert_is_refused(tmp_path: Path, cli: Run) -> None:
    paragraph = "Paragraph with a [link](#) and *emphasis* in it. " * 20 + "\n\n"
    root = _alert(tmp_path, paragraph * (5 * 2**20 // len(paragraph) + 1))
    _refused(cli, root, "source/big.md", "is larger than an alert may be (1 MiB)")


@pytest.mark.parametrize("shape", ["quotes-one-line", "quotes-lines", "lists"])
def test_1000_levels_of_nesting_are_refused(tmp_path: Path, cli: Run, shape: str) -> None:
    text = {
        "quotes-one-line": "> " * 1000 + "deep\n",
        "quotes-lines": "".join(">" * i + " level\n" for i in range(1, 1001)),
        "lists": "".join("\t" * i + "- level\n" for i in range(1000)),
    }[shape]
    root = _alert(tmp_path, "# Deep\n\n" + text)
    line = 3 if shape == "quotes-one-line" else 35
    _refused(cli, root, f"source/big.md:{line}", "nested more than 32 levels deep")


def test_a_deep_list_indented_with_spaces_is_refused_too(tmp_path: Path, cli: Run) -> None:
    text = "".join("    " * i + "- level\n" for i in range(200))  # 1000 levels: > 1 MiB
    _refused(cli, _alert(tmp_path, "# Deep\n\n" + text), "source/big.md:35",
             "nested more than 32 levels deep")


@pytest.mark.parametrize(("text", "sentence"), [
    ("[" * 100_000 + "\n", "nested 100000 levels deep"),
    ("*a " * 5000 + "b" + "*" * 5000 + "\n", "levels deep (at most 32)"),
    (("x " * 10_000 + "[") * 30 + "\n", "unclosed or far-apart [ … ]"),
])
def test_inline_bombs_in_a_source_are_refused(tmp_path: Path, cli: Run, text: str,
                                              sentence: str) -> None:
    root = _alert(tmp_path, "# Bomb\n\n" + text)
    _refused(cli, root, "source/big.md:3", sentence)


@pytest.mark.parametrize("shape", ["10000-items", "100-kb-line", "32-levels"])
def test_large_but_sane_alerts_build(tmp_path: Path, cli: Run, shape: str) -> None:
    text = {
        "10000-items": "".join(f"- item {i} with a [link](#)\n" for i in range(10_000)),
        "100-kb-line": "A [link](#) and *some* words. " * 3500 + "\n",
        "32-levels": "".join("    " * i + "- level\n" for i in range(32)),
    }[shape]
    root = _alert(tmp_path, "# Big\n\n" + text)
    code, _, err = cli("-C", root, "build")
    assert code == 0, err
    page_html = (root / "build" / "en" / "big.html").read_text("utf-8")
    html = page_html[page_html.index("<main"):page_html.index("</main>")]  # the alert alone
    if shape == "10000-items":
        assert html.count("<li>") == 10_000 and html.count('<a href="#">link</a>') == 10_000
    elif shape == "100-kb-line":
        assert html.count("<em>some</em>") == 3500
    else:
        assert html.count("<ul>") == 32 and html.count("<li>level") == 32


def test_hostile_translation_sizes_are_rejected_and_the_build_finishes(
    content: Path, cli: Run
) -> None:
    catalog = read_po((content / FR).read_bytes(), path=FR)
    bombs = {1: "[" * 100_000, 2: "*a " * 30_000, 3: "Le [lien](#) " + "mot " * 25_000}
    messages = list(catalog.messages)
    for index, text in bombs.items():
        messages[index] = messages[index].__class__(**{
            **messages[index].__dict__, "msgstr": text, "flags": ()})
    from dataclasses import replace
    (content / FR).write_text(write_po(replace(catalog, messages=tuple(messages))),
                              "utf-8")
    code, out, err = cli("-C", content, "build")
    assert code == 1
    assert err.count("[nesting] translation rejected") == 2
    assert page(content, "fr").is_file()
    code, out, _ = cli("-C", content, "check", "-l", "fr", "--format", "json")
    assert code == 1 and out.count('"check": "nesting"') == 2


def test_the_scanner_and_renderer_bound_their_recursion() -> None:
    """The limits hold below Python's recursion limit: 32 levels render."""
    text = "".join("> " * i + "level\n\n" for i in range(1, 33))
    document = parse_source(text, path="a.md")
    assert len(document.slots) == 32
    assert Renderer().render(text).html.count("<blockquote>") == 32
    nested = "[" * 32 + "x" + "](#)" * 32
    assert limits.inline_problem(nested) is None
    assert limits.inline_problem("[" + nested + "](#)") is not None
    Renderer().render(nested + "\n")


def test_the_repository_content_passes_its_own_limits() -> None:
    for path in (REPO / "source").glob("*.md"):
        parse_source(decode_source(path.read_bytes(), path=path.name), path=path.name)
