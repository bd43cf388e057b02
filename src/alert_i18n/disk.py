"""Whole-file reads and writes in as few system calls as the OS allows.

A build of a thousand alerts reads and writes some fifteen thousand files.
Python's ``open()`` asks each one whether it is a terminal and where its
position is before the first byte moves; these helpers only open, read or
write, and close.  Errors are the OSErrors ``open()`` raises.
"""

from __future__ import annotations

import os
from pathlib import Path

_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def read_bytes(path: str | Path) -> bytes:
    """The whole content of ``path``."""
    handle = os.open(path, _READ)
    try:
        size = os.fstat(handle).st_size
        data = os.read(handle, size + 1)  # one byte more than there is: the end, at once
        if len(data) == size:
            return data
        chunks = [data]  # it changed while we read, or is not a regular file: to the end
        while chunk := os.read(handle, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def create(path: str | Path, mode: int = 0o666) -> int:
    """Open a new file ``path`` for writing (FileExistsError if there is one); ``mode``
    less the umask."""
    return os.open(path, _CREATE, mode)


def write_new(path: str | Path, data: bytes) -> os.stat_result:
    """Create ``path`` (it must not exist) holding ``data``; its status once written."""
    return write_all(create(path), data)


def write_all(handle: int, data: bytes, *, durable: bool = False) -> os.stat_result:
    """Write ``data`` to the open file ``handle`` and close it; with ``durable``, wait
    until the bytes are on disk first (fsync).  Returns the file's status once
    written (its size and modification time, without looking it up by name)."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        if durable:
            os.fsync(handle)
        return os.fstat(handle)
    finally:
        os.close(handle)
