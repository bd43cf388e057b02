"""Files: whole-file reads with few system calls, and the one atomic way of writing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alert_i18n import disk


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 3 << 20])
def test_read_bytes_reads_every_byte(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f"
    path.write_bytes(os.urandom(size))
    assert disk.read_bytes(path) == path.read_bytes()


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux's procfs")
def test_read_bytes_reads_what_has_no_size() -> None:
    """A file whose size says nothing (procfs says 0) is read to its end."""
    assert disk.read_bytes("/proc/self/status").startswith(b"Name:")


def test_read_bytes_raises_what_open_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        disk.read_bytes(tmp_path / "missing")
    with pytest.raises(IsADirectoryError):
        disk.read_bytes(tmp_path)


def test_write_new_creates_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    disk.write_new(path, b"one")
    assert path.read_bytes() == b"one"
    with pytest.raises(FileExistsError):
        disk.write_new(path, b"two")
    assert path.read_bytes() == b"one"


def test_write_all_writes_everything_and_closes(tmp_path: Path) -> None:
    path = tmp_path / "big"
    data = os.urandom(5 << 20)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT)
    disk.write_all(handle, data, durable=True)
    assert path.read_bytes() == data
    with pytest.raises(OSError):
        os.fstat(handle)  # closed


# -- the one writer ------------------------------------------------------------------

def test_replace_file_says_whether_it_wrote_and_stamps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "page.html"  # folders made on demand
    changed, stamp = disk.replace_file(path, "é", durable=False)
    status = path.stat()
    assert changed and path.read_bytes() == "é".encode()
    assert stamp == [status.st_size, status.st_mtime_ns] == disk.stamp(status)
    assert disk.replace_file(path, "é".encode(), durable=True) == (False, stamp)  # as it was


def test_replacing_stream_writes_whole_or_not_at_all(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text("old")
    with pytest.raises(RuntimeError), disk.replacing_stream(path) as stream:
        stream.write("half")
        raise RuntimeError
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == [path.name]
    with disk.replacing_stream(path) as stream:
        stream.write("new ")
        stream.write("ɛ")
    assert path.read_text("utf-8") == "new ɛ"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_staging_makes_a_new_language_folder_appear_whole(tmp_path: Path) -> None:
    build = tmp_path / "build"
    (build / "en").mkdir(parents=True)
    staging = disk.Staging.begin(build, ["en", "fr", "bm"])
    assert set(staging.folders) == {"fr", "bm"}  # en exists: written file by file
    assert staging.write(build / "en" / "a.html", "en")[0]
    assert staging.write(build / "fr" / "a.html", "fr")[0]
    assert (build / "en" / "a.html").read_text() == "en"
    assert not (build / "fr").exists()  # not yet
    staging.finish()
    assert (build / "fr" / "a.html").read_text() == "fr"
    assert sorted(p.name for p in build.iterdir()) == ["en", "fr"]  # empty bm dropped


def test_an_abandoned_staging_leaves_nothing(tmp_path: Path) -> None:
    staging = disk.Staging.begin(tmp_path, ["fr"])
    staging.write(tmp_path / "fr" / "a.html", "fr")
    staging.abandon()
    assert list(tmp_path.iterdir()) == []


def test_the_writer_reports_in_the_order_written(tmp_path: Path) -> None:
    (tmp_path / "3.po").write_text("same")
    with disk.Writer() as writer:
        for name in ("1.po", "2.po", "3.po"):
            writer.write(tmp_path / name, "same" if name == "3.po" else name)
    assert writer.done == [(tmp_path / "1.po", True), (tmp_path / "2.po", True),
                           (tmp_path / "3.po", False)]
    assert (tmp_path / "2.po").read_text() == "2.po"


def _dead_pid() -> int:
    """A process id that is no longer running."""
    import subprocess
    import sys

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


def test_a_folder_left_clean_is_not_listed_until_it_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sweep`` lists a folder of thousands of pages only when a file was created,
    renamed or deleted in it since it was left clean: a killed writer's temporary."""
    (tmp_path / "page.html").write_text("x")
    clean = disk.folder_stamp(tmp_path)
    listed: list[str] = []
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path: (listed.append(str(path)), real(path))[1])
    disk.new_run()
    disk.sweep(tmp_path, clean_at=clean)
    assert listed == []
    left = tmp_path / f".page.html.{_dead_pid()}.0.tmp"
    left.write_text("half")
    disk.new_run()
    disk.sweep(tmp_path, clean_at=clean)
    assert listed == [str(tmp_path)] and not left.exists()
    disk.new_run()
    disk.sweep(tmp_path, clean_at=None)  # no stamp kept: listed
    assert len(listed) == 2
