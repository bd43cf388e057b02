"""Files: whole-file reads and writes, and the one way anything is written.

Every file the tool writes goes through ``replace_file`` (a hidden temporary
beside the file, renamed over it; nothing rewritten when the bytes are the
same), through ``Staging`` (a language folder a build creates, renamed into
place whole) or through ``replacing_stream`` (the build manifest, written a
piece at a time).

Whole-file reads and writes use as few system calls as the OS allows.

A build of a thousand alerts reads and writes some fifteen thousand files.
Python's ``open()`` asks each one whether it is a terminal and where its
position is before the first byte moves; these helpers only open, read or
write, and close.  Reads raise the OSErrors ``open()`` raises, and one more:
only a regular file is read (a FIFO would block for ever).  Writes raise
``WriteError``, naming the file and what the system said (a full disk, a
read-only folder, a file where a folder should be): the user's to fix, so
every caller reports it the same way.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import itertools
import os
import re
import shutil
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import WriteError

if TYPE_CHECKING:
    from concurrent.futures import Future

# O_NONBLOCK: opening a FIFO does not wait for a writer (fstat then refuses it); it
# changes nothing for a regular file.
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def read_bytes(path: str | Path) -> bytes:
    """The whole content of the regular file ``path``; anything else (a folder, a FIFO,
    a device) raises the OSError ``not_a_file`` makes, before a byte is read."""
    handle = os.open(path, _READ)
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise not_a_file(status.st_mode, path)
        size = status.st_size
        data = os.read(handle, size + 1)  # one byte more than there is: the end, at once
        if len(data) == size:
            return data
        chunks = [data]  # it changed while we read, or is not a regular file: to the end
        while chunk := os.read(handle, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def not_a_file(mode: int, path: str | Path) -> OSError:
    """The error for reading ``path``, which is not a regular file (its ``st_mode``)."""
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "it is a folder, not a file", os.fspath(path))
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a symbolic link" if stat.S_ISLNK(mode) else "something else")
    return OSError(errno.EINVAL, f"it is {kind}, not a regular file", os.fspath(path))


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


def stamp(status: os.stat_result) -> list[int]:
    """What a written file looks like from outside: size and modification time."""
    return [status.st_size, status.st_mtime_ns]


# -- what went wrong writing -----------------------------------------------------

def write_error(path: str | Path, error: OSError) -> WriteError:
    """``error``, met while writing ``path``, as the user reads it: the file, and what
    the system said (for a file where a folder should be, which one)."""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = _file_in_the_way(path)
        if blocker is not None:
            reason = f"{blocker} is a file, not a folder"
    return WriteError(f"cannot write: {reason}", path=os.fspath(path))


def _file_in_the_way(path: str | Path) -> str | None:
    """The first folder on the way to ``path`` that exists and is not a folder."""
    chain = []
    current = os.fspath(path)
    parent = os.path.dirname(current)
    while parent and parent != current:
        chain.append(parent)
        current, parent = parent, os.path.dirname(parent)
    for folder in reversed(chain):
        if os.path.lexists(folder) and not os.path.isdir(folder):
            return folder
    return None


@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[None]:
    """Turn an OSError in the block into the ``WriteError`` that names ``path``."""
    try:
        yield
    except OSError as error:
        raise write_error(path, error) from None


# -- atomic replacement ----------------------------------------------------------

def write_if_changed(path: Path, content: str | bytes, *, durable: bool = True) -> bool:
    """Atomically replace ``path`` with ``content`` unless it already holds it.

    ``durable`` waits until the bytes are on disk before the rename (fsync): for
    catalogs, a translator's work.  Build outputs skip it (a few milliseconds
    each, thousands of files): they are made again from their inputs, and a
    file a crash left short no longer matches the build manifest.
    """
    return replace_file(path, content, durable=durable)[0]


def replace_file(path: Path, content: str | bytes, *, durable: bool) -> tuple[bool, list[int]]:
    """``write_if_changed``, and the file's ``stamp`` afterwards."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    remove_stale_temporaries(path)
    mode = None  # a new file's: 0666 less the umask, as open() makes it
    try:
        status = os.stat(path)
        if status.st_size == len(data) and read_bytes(path) == data:
            return False, stamp(status)
        mode = stat.S_IMODE(status.st_mode)  # kept: 0600 would hide pages from a server
    except OSError:
        pass
    with writing(path), _replacing(path) as (handle, temporary):
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(handle, mode)
        status = write_all(handle, data, durable=durable)
        os.replace(temporary, path)  # the same file: its size and time go with it
    return True, stamp(status)


@contextlib.contextmanager
def replacing_stream(path: Path) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` atomically when the block ends
    without an error (for a file written a piece at a time, never whole in memory)."""
    remove_stale_temporaries(path)
    with writing(path), _replacing(path) as (handle, temporary):
        with os.fdopen(handle, "w", encoding="utf-8", buffering=1 << 16) as stream:
            yield stream
        os.replace(temporary, path)


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[tuple[int, Path]]:
    """A new temporary beside ``path``, open, removed if the block fails before renaming
    it.  The block closes the handle (``write_all`` does)."""
    handle, temporary = _temporary(path)
    try:
        yield handle, temporary
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


_TEMPORARIES = itertools.count()


def _temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file beside ``path``, open for writing (its folder made if need be).

    Its name carries our process id, so that a later write can tell one a
    killed build left behind from one a running build is writing.
    """
    while True:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{next(_TEMPORARIES)}.tmp")
        try:
            return create(temporary), temporary
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            return create(temporary), temporary


_SWEPT: set[str] = set()  # folders this run has cleared of dead writers' temporaries
_TEMPORARY = re.compile(r"\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp")  # see _temporary, Staging


def new_run() -> None:
    """Look again for what a killed writer left (a long-lived caller starts another command)."""
    _SWEPT.clear()


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporaries in ``path``'s folder whose writer is dead (see ``sweep``)."""
    sweep(path.parent)


def folder_stamp(folder: str | Path) -> list[int] | None:
    """What changes when a file is created in, renamed into or deleted from ``folder``."""
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return [status.st_mtime_ns, status.st_ctime_ns, status.st_ino]


def sweep(folder: str | Path, *, clean_at: list[int] | None = None) -> None:
    """Delete temporaries in ``folder`` whose writer is dead (a build killed mid-write).

    Once per folder per run, and one listing each: listing a folder of
    thousands of pages before each write would make a build quadratic.  Not
    at all when the folder is as it was when it was last left clean
    (``clean_at``, its ``folder_stamp`` then): nobody created a file in it
    since.  Only on POSIX, where ``kill(pid, 0)`` asks without sending;
    elsewhere a leftover stays (it is hidden, and never read).
    """
    key = os.fspath(folder)
    if os.name != "posix" or key in _SWEPT:
        return
    if clean_at is not None and folder_stamp(key) == clean_at:
        _SWEPT.add(key)
        return
    try:
        names = os.listdir(key)
    except OSError:
        return
    _SWEPT.add(key)
    for name in names:
        if not (name.startswith(".") and name.endswith(".tmp")):
            continue  # a page: most names, and the quickest test
        found = _TEMPORARY.fullmatch(name)
        if found and not alive(int(found.group(1))):
            left = os.path.join(key, name)
            with contextlib.suppress(OSError):
                if os.path.isdir(left) and not os.path.islink(left):  # a staging folder
                    shutil.rmtree(left)
                else:
                    os.unlink(left)


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process, or we may not ask: leave its files alone
    return True


# -- many files at once --------------------------------------------------------------

class Writer:
    """``write_if_changed`` (durable) on a few threads: fsync waits for the disk, and
    several waits at once cost little more than one.  Results in the order written."""

    THREADS = 8

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor  # only commands that write catalogs

        self.done: list[tuple[Path, bool]] = []
        self._pending: collections.deque[tuple[Path, Future[bool]]] = collections.deque()
        self._pool = ThreadPoolExecutor(max_workers=self.THREADS)

    def write(self, path: Path, content: str | bytes) -> None:
        self._pending.append((path, self._pool.submit(write_if_changed, path, content)))
        while len(self._pending) > 4 * self.THREADS:  # a few files in flight, not the archive
            self._finish_one()

    def _finish_one(self) -> None:
        path, future = self._pending.popleft()
        self.done.append((path, future.result()))

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                while self._pending:
                    self._finish_one()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Staging:
    """Language folders a build creates: written in a hidden folder, renamed when done.

    A language folder that did not exist appears whole or not at all, and its
    files need no temporary and rename each (on ext4, half the cost of writing
    a page).  A folder that exists is updated file by file (``replace_file``).
    """

    build_dir: Path
    folders: dict[str, Path] = field(default_factory=dict)  # language tag -> hidden folder

    @classmethod
    def begin(cls, build_dir: Path, tags: Iterable[str]) -> Staging:
        folders = {}
        for tag in tags:
            if not (build_dir / tag).exists():
                folder = build_dir / f".{tag}.{os.getpid()}.staging.tmp"
                shutil.rmtree(folder, ignore_errors=True)  # this process's, from a failed run
                with writing(build_dir / tag):
                    folder.mkdir(parents=True)
                folders[tag] = folder
        return cls(build_dir, folders)

    def locate(self, path: Path) -> Path:
        """Where ``path`` (under build/) is written during this build."""
        folder, name = os.path.split(path)
        parent, tag = os.path.split(folder)
        staged = self.folders.get(tag) if parent == str(self.build_dir) else None
        return path if staged is None else Path(os.path.join(staged, name))

    def write(self, path: Path, content: str | bytes) -> tuple[bool, list[int]]:
        """Write an output: whether it changed (False when it already held
        ``content``), and its ``stamp``."""
        where = self.locate(path)
        if where is path:
            return replace_file(path, content, durable=False)
        data = content.encode("utf-8") if isinstance(content, str) else content
        with writing(path):
            return True, stamp(write_new(where, data))  # a folder no one sees yet

    def finish(self) -> None:
        """Move each staged folder into place (an empty one is dropped)."""
        for tag, folder in self.folders.items():
            target = self.build_dir / tag
            with writing(target):
                if not any(folder.iterdir()):
                    folder.rmdir()
                    continue
                try:
                    os.rename(folder, target)
                except OSError:  # another build made it meanwhile: file by file, each atomic
                    target.mkdir(parents=True, exist_ok=True)
                    for entry in os.scandir(folder):
                        os.replace(entry.path, target / entry.name)
                    folder.rmdir()

    def abandon(self) -> None:
        """A build that stops leaves no staged folder behind."""
        for folder in self.folders.values():
            shutil.rmtree(folder, ignore_errors=True)
