"""Issue 17, the environment: a read-only or full disk, or ``build`` being a file, is the
user's to fix (exit 1 naming the path, never "internal error … a bug"); symlinks out of
the content root are not followed and their content never echoed; a temporary a killed
build left is removed by the next build, even one with nothing to do; private-use
characters cannot forge the renderer's internal markers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ._hardening import SLUG, make_site, po_text, run_cli

ENGLISH = "# Title\n\nThe militias attacked the village.\n"
FRENCH = {"Title": "Titre", "The militias attacked the village.": "Les milices ont attaqué."}
SECRET = "https://ci-bot:S3CRET-T0KEN@example.org/"


def _mount(target: Path, *options: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small or read-only file system needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs",
                           str(target)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    make_site(root, ENGLISH, FRENCH)
    return root


@pytest.fixture
def tiny_build(site: Path) -> Iterator[Path]:
    """``build/`` on a 64 KiB file system: the disk fills up during the build."""
    build = site / "build"
    build.mkdir()
    _mount(build, "size=64k")
    try:
        yield build
    finally:
        subprocess.run(["umount", str(build)], check=False)


def _user_error(done: subprocess.CompletedProcess[str], path: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "internal error" not in done.stderr and "bug" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert path in done.stderr, done.stderr


def test_a_full_disk_during_build_names_the_path(site: Path, tiny_build: Path) -> None:
    # ~100 KB per page: more than the disk holds (the English as long as the French:
    # a translation out of proportion with its English is refused, by ``length``)
    english = " ".join(["The militias attacked."] * 4000)
    make_site(site, f"# Title\n\n{english}\n", {"Title": "Titre", english:
                                                 " ".join(["Les milices ont attaqué."] * 4000)})
    done = run_cli("-C", site, "build")
    _user_error(done, "build/")
    assert re.search(r"no space|full", done.stderr, re.I), done.stderr
    for page in tiny_build.rglob("*.html"):  # whatever was written is whole
        assert page.read_text("utf-8").rstrip().endswith("</html>"), page


@pytest.mark.parametrize("command", ["extract", "update"])
def test_a_full_disk_during_extract_or_update_names_the_file(
    site: Path, command: str
) -> None:
    locales = site / "locales"
    shutil.rmtree(locales)
    locales.mkdir()
    _mount(locales, "size=8k,nr_inodes=64")
    try:
        (locales / "fr" / "LC_MESSAGES").mkdir(parents=True)
        (site / "source" / f"{SLUG}.md").write_text(
            "# Title\n\n" + "".join(f"Paragraph number {n} of a long alert.\n\n"
                                    for n in range(600)), "utf-8")
        if command == "update":
            (locales / f"{SLUG}.pot").write_text("", "utf-8")
            run_cli("-C", site, "extract")
        done = run_cli("-C", site, command)
        _user_error(done, "locales/")
    finally:
        subprocess.run(["umount", str(locales)], check=False)


def test_a_read_only_build_folder_names_the_path(site: Path) -> None:
    build = site / "build"
    build.mkdir()
    _mount(build, "size=1m", "ro")
    try:
        _user_error(run_cli("-C", site, "build"), "build")
    finally:
        subprocess.run(["umount", str(build)], check=False)


def test_build_being_a_file_names_it(site: Path) -> None:
    (site / "build").write_text("not a folder\n", "utf-8")
    _user_error(run_cli("-C", site, "build"), "build")
    assert (site / "build").read_text("utf-8") == "not a folder\n"


def test_a_language_folder_being_a_file_names_it(site: Path) -> None:
    (site / "build").mkdir()
    (site / "build" / "fr").write_text("not a folder\n", "utf-8")
    done = run_cli("-C", site, "build")
    assert done.returncode in (1, 2) and "internal error" not in done.stderr, done.stderr
    assert "build/fr" in done.stderr


# -- symlinks out of the content root ------------------------------------------------

@pytest.fixture
def credentials(tmp_path: Path) -> Path:
    """A file outside the content root, as a CI runner's credentials would be."""
    secret = tmp_path / "outside" / "credentials"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\nsecond line {SECRET}\n", "utf-8")
    return secret


def _no_leak(site: Path, done: subprocess.CompletedProcess[str]) -> None:
    assert "S3CRET" not in done.stdout + done.stderr, done.stdout + done.stderr
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert b"S3CRET" not in path.read_bytes(), path


@pytest.mark.parametrize("command", ["check", "build", "update", "compile"])
def test_a_catalog_symlinked_out_of_the_root_is_not_echoed(
    site: Path, credentials: Path, command: str
) -> None:
    catalog = site / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog.unlink()
    catalog.symlink_to(credentials)
    run_cli("-C", site, "extract")
    done = run_cli("-C", site, command)
    _no_leak(site, done)
    assert credentials.read_text("utf-8").startswith(SECRET)


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_catalog_symlinked_out_of_the_root_is_refused_by_name(
    site: Path, credentials: Path, command: str
) -> None:
    catalog = site / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog.unlink()
    catalog.symlink_to(credentials)
    done = run_cli("-C", site, command)
    assert done.returncode in (1, 2)
    assert re.search(r"locales/fr/LC_MESSAGES/alert\.po.*(symlink|symbolic link|outside)",
                     done.stderr), done.stderr


@pytest.mark.parametrize("command", ["extract", "build", "check"])
def test_a_source_symlinked_out_of_the_root_is_not_followed(
    site: Path, credentials: Path, command: str
) -> None:
    (site / "source" / "leak.md").symlink_to(credentials)
    done = run_cli("-C", site, command)
    _no_leak(site, done)
    assert done.returncode != 0 and "source/leak.md" in done.stderr, done.stderr


# -- temporaries a killed build left -------------------------------------------------

def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_no_op_build_removes_what_a_killed_build_left(site: Path) -> None:
    assert run_cli("-C", site, "build").returncode == 0
    # The name a writer gives its temporary: .NAME.PID.N.tmp beside the file.
    left = site / "build" / "fr" / f".{SLUG}.html.{_dead_pid()}.0.tmp"
    left.write_text("<!DOCTYPE html><p>half a page", "utf-8")
    done = run_cli("-C", site, "build")
    assert done.returncode == 0 and "built 0 file(s)" in done.stdout, done.stdout
    assert not left.exists()


def test_a_build_that_writes_the_folder_removes_what_a_killed_build_left(site: Path) -> None:
    assert run_cli("-C", site, "build").returncode == 0
    left = site / "build" / "fr" / f".{SLUG}.html.{_dead_pid()}.0.tmp"
    left.write_text("<!DOCTYPE html><p>half a page", "utf-8")
    catalog = site / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog.write_text(po_text({"Title": "Titre modifié"}), "utf-8")
    assert run_cli("-C", site, "build").returncode == 0
    assert not left.exists()


# -- private-use characters and the renderer's internal markers ----------------------

MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"  # what localize.py uses today
FORGED = f"{MARK_OPEN}ar{MARK_SEP}forged{MARK_CLOSE}"


def test_private_use_characters_in_the_source_cannot_forge_markers(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_site(root, f"# Title\n\nThe militias {FORGED} attacked.\n", {"Title": "Titre"})
    done = run_cli("-C", root, "build")
    assert "internal error" not in done.stderr
    for language in ("en", "fr"):
        for fmt in ("html", "md"):
            text = (root / "build" / language / f"{SLUG}.{fmt}").read_text("utf-8")
            assert 'lang="ar"' not in text and "\ue000" not in text, (language, fmt)


@pytest.mark.parametrize("text", [MARK_OPEN + "ar", MARK_SEP + "x" + MARK_CLOSE,
                                  MARK_OPEN + MARK_OPEN + "fr" + MARK_SEP])
def test_a_malformed_marker_in_the_source_does_not_stop_the_build(
    tmp_path: Path, text: str
) -> None:
    root = tmp_path / "site"
    make_site(root, f"# Title\n\nThe militias {text} attacked.\n", {"Title": "Titre"})
    done = run_cli("-C", root, "build")
    assert done.returncode == 0 or re.search(r"source/alert\.md:\d+: ", done.stderr), done.stderr
    assert (root / "build" / "fr" / f"{SLUG}.html").exists()


@pytest.mark.parametrize("text", [FORGED, MARK_OPEN + "ar", MARK_CLOSE, "\uf8ff\U000f0000"])
def test_private_use_characters_in_a_translation_cannot_forge_markers(
    tmp_path: Path, text: str
) -> None:
    root = tmp_path / "site"
    make_site(root, ENGLISH, {"Title": "Titre", "The militias attacked the village.":
                              f"Les milices {text} ont attaqué."})
    done = run_cli("-C", root, "build")
    assert done.returncode == 0, done.stderr
    for fmt in ("html", "md"):
        page = (root / "build" / "fr" / f"{SLUG}.{fmt}").read_text("utf-8")
        assert 'lang="ar"' not in page and "\ue000" not in page and "\ue002" not in page
