"""Whole-file reads and writes with few system calls: the bytes ``open()`` would give."""

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
