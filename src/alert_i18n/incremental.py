"""Rebuild only what changed: digests of a build's inputs, and what each job made of them.

A build is a set of jobs, one per alert and language.  A job's digest covers
everything its outputs are made from: the tool itself (its version, its code
and the versions of what renders), the configuration, the English source and
the catalogs the job reads.  The manifest keeps for each job its digest, the
files it wrote (with size and modification time, so a file edited or deleted
in ``build/`` is noticed) and what it told the user, so a rebuild that skips
the job still says it.  A whole build that finds every input as it was and
every output in place does nothing at all: ``start_build`` finds that out
cheaply, before the renderer or the PO reader is imported, and replays the
last build's report.  Between the two, an alert none of whose files changed
is taken from the manifest whole (``AlertEntry``, see ``reuse``).

The manifest is a cache, kept beside ``build/`` (``.alert-i18n-cache/``), not
in it, so what is published stays only pages, the same bytes on every build.
It is one SQLite file (the standard library's ``sqlite3``): read in one pass in
slug order (``InOrder``) and updated an alert at a time, in one transaction per
build.  A missing, unreadable, foreign or damaged manifest costs a full build,
never a wrong one.  Its values are JSON text, never pickle: a cache restored in
CI cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__, audio, disk, errors, parallel
from .config import Config
from .errors import AlertI18nError, UsageError, WriteError
from .languages import spellings
from .model import CHROME_DOMAIN, Report
from .workspace import catalog_names, orphan_folders, relative, source_names, target_codes

CACHE = ".alert-i18n-cache"  # under the content root; git-ignored
MANIFEST = "build-manifest.sqlite"
LOCK = "build.lock"  # held by the build of a content root (``one_build_at_a_time``)
FORMAT = 4  # bump when the manifest's layout changes


@cache
def fingerprint() -> str:
    """The tool, as far as its outputs depend on it: version, code, renderer versions."""
    parts = [f"alert-i18n {__version__}", f"python {sys.version_info[:2]}", f"format {FORMAT}"]
    # What renders, by the files it is installed as (any upgrade rewrites them):
    # importing it would cost a rebuild with nothing to do 30 ms, its metadata 20.
    # gsm0338 counts SMS segments; tinytag decides which recordings are published.
    for name in ("markdown", "nh3", "babel", "gsm0338", "tinytag"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else "?"
        try:
            status = os.stat(origin)
            parts.append(f"{name} {origin} {status.st_size} {status.st_mtime_ns}")
        except OSError:
            parts.append(f"{name} {origin}")
    package = Path(__file__).resolve().parent
    # The code too: an editable install changes without a new version number.
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        parts.append(f"{name} {hashlib.sha256(disk.read_bytes(path)).hexdigest()}")
    return digest(*parts)


def digest(*parts: str | bytes | None) -> str:
    """One SHA-256 over ``parts``, each length-prefixed so no two lists collide."""
    return Digest(*parts).hexdigest()


class Digest:
    """``digest`` made part by part: for lists too long to hold."""

    def __init__(self, *parts: str | bytes | None) -> None:
        self._hasher = hashlib.sha256()
        for part in parts:
            self.add(part)

    def add(self, part: str | bytes | None) -> None:
        if part is None:
            self._hasher.update(b"-\n")
            return
        data = part.encode("utf-8") if isinstance(part, str) else part
        self._hasher.update(b"%d\n" % len(data))
        self._hasher.update(data)

    def hexdigest(self) -> str:
        return self._hasher.hexdigest()


class Files:
    """Digests of input files, each read once; a missing file has a digest of its own.

    ``known`` holds what the last build found: a file whose size, modification
    and change times and inode are all as they were then is not read again (as
    git's index does); any write changes its change time.  A file found as it
    was is looked up there again when asked again, not held: a build asks for
    every input once, and again only for the alerts it makes.
    """

    def __init__(self, known: Mapping[str, list[Any]] | None = None,
                 root: str | os.PathLike[str] = "") -> None:
        self.known = known or {}
        self.changed: dict[str, list[Any]] = {}  # stamps the last build did not see: to keep
        # Files are known by their names under the content root, however the root is
        # spelled (".", "-C site", "-C /abs/site"): else each spelling rebuilds everything.
        self._prefix = os.path.join(os.fspath(root), "") if os.fspath(root) else ""

    def name(self, path: str) -> str:
        """``path`` as the manifest knows it: under the root, however it is spelled."""
        if self._prefix and path.startswith(self._prefix):
            return path[len(self._prefix):]
        return path

    def digest(self, path: str | os.PathLike[str]) -> str:
        full = os.fspath(path)
        name = self.name(full)
        read = self.changed.get(name)
        if read is not None:  # read by this build already: the same digest throughout
            return str(read[4])
        try:
            status = os.stat(full)
            key = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
            previous = self.known.get(name)
            if previous is not None and previous[:4] == key:
                return str(previous[4])
            found = hashlib.sha256(disk.read_bytes(full)).hexdigest()
            self.changed[name] = [*key, found]
            return found
        except FileNotFoundError:
            return "missing"
        except OSError as error:  # unreadable: the build will say so; never reuse
            return f"unreadable {error.errno} {os.urandom(8).hex()}"

    def entry(self, path: str) -> str:
        """A file as a digest of several lists it: its name under the root (with "/") and
        digest."""
        return f"{self.name(path).replace(os.sep, '/')} {self.digest(path)}"

    def of(self, paths: Iterable[str | os.PathLike[str]], *, after: str | None = None) -> str:
        """One digest for several files, names included (with "/" between folders), after
        ``after`` if given (the plan: what every alert's pages share)."""
        hasher = Digest() if after is None else Digest(after)
        for path in paths:
            hasher.add(self.entry(os.fspath(path)))
        return hasher.hexdigest()


class Sources(NamedTuple):
    """An alert's own files as a build found them: their names (as the manifest knows
    them, one a line) and their stamps combined (``stamp_of``).  An entry made from
    files with both as they are now is kept without reading them again."""

    names: str
    stamp: int


def combined(stamps: Iterable[Sequence[int]]) -> int:
    """One number for the stamps of several files: equal when each is (Python's hash of
    integers is the same in every process)."""
    return hash(tuple(map(tuple, stamps)))


def stamp_of(paths: Iterable[str], *, changes: bool = False) -> int | None:
    """The files' size and modification time, combined (``combined``); with ``changes``,
    their change time and inode too, as git's index compares them (any write changes
    the change time).  None if one is missing.  One number to compare, rather than
    thousands of recorded stamps to decode."""
    stamps = []
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            return None
        stamps.append((status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
                      if changes else (status.st_size, status.st_mtime_ns))
    return combined(stamps)


def intact(root: Path, outputs: Mapping[str, list[int]] | Iterable[tuple[str, list[int]]]
           ) -> bool:
    """True when every recorded output (a mapping, or its items) is still there, as it
    was written."""
    base = os.path.join(str(root), "")
    for name, recorded in outputs.items() if isinstance(outputs, Mapping) else outputs:
        try:  # os.stat on strings: a no-op rebuild looks at thousands of files
            status = os.stat(base + name)
        except OSError:
            return False
        if [status.st_size, status.st_mtime_ns] != recorded:
            return False
    return True


def encode_error(error: AlertI18nError) -> list[Any]:
    return [type(error).__name__, error.message, error.path, error.line]


def decode_error(data: list[Any]) -> AlertI18nError:
    kind = getattr(errors, str(data[0]), None)
    if not (isinstance(kind, type) and issubclass(kind, AlertI18nError)):
        kind = AlertI18nError
    return kind(str(data[1]), path=data[2], line=int(data[3]))


@dataclass
class Record:
    """One job as the last build left it."""

    digest: str = ""
    page: str = ""  # digest of everything the job's pages were assembled from
    outputs: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[list[Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # the job's result, summarized

    def told(self) -> tuple[list[str], list[AlertI18nError]]:
        return list(self.notes), [decode_error(e) for e in self.errors]


@dataclass
class AlertEntry:
    """One alert as the last build left it, whole: enough to skip it when its inputs
    (``inputs``, see ``BuildStart.alert_inputs``) are those of the last build."""

    inputs: str = ""
    sources: Sources = field(default_factory=lambda: Sources("", 0))  # as its build found them
    head: dict[str, Any] = field(default_factory=dict)  # its front matter's data and notes
    jobs: dict[str, Record] = field(default_factory=dict)  # by language tag
    told: dict[str, Any] = field(default_factory=dict)  # what skipping it says and lists
    published: dict[str, Any] = field(default_factory=dict)  # its pages, for the index pages

    def outputs(self) -> dict[str, list[int]]:
        """Every file of build/ its pages and channels are (its CAP file aside)."""
        return {name: stamp for record in self.jobs.values()
                for name, stamp in record.outputs.items()}

    def outputs_stamp(self) -> int:
        """``stamp_of`` its outputs as they were written."""
        return combined(self.outputs().values())


class Kept(NamedTuple):
    """An alert taken whole from the manifest (its files and outputs as the last build
    left them): what its front matter told, and whether it has a date."""

    notes: tuple[str, ...]
    dated: bool


_SCHEMA = """
CREATE TABLE IF NOT EXISTS build (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (slug TEXT PRIMARY KEY, inputs TEXT NOT NULL,
    sources TEXT NOT NULL, found INTEGER NOT NULL, outputs TEXT NOT NULL,
    stamp INTEGER NOT NULL, cap TEXT, dated INTEGER NOT NULL, notes TEXT NOT NULL,
    head TEXT NOT NULL, told TEXT NOT NULL, listed TEXT NOT NULL, feed TEXT);
CREATE TABLE IF NOT EXISTS pages (slug TEXT PRIMARY KEY, published TEXT NOT NULL,
    jobs TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (name TEXT PRIMARY KEY, stamp TEXT NOT NULL);
"""


class Manifest:
    """Records of the last build, in one SQLite file of the cache (``MANIFEST``).

    What a rebuild with nothing changed needs (the inputs' digest, the site's
    own outputs, the messages) is read when needed; each input file's stamp,
    each alert's entry and each of the site's own outputs (the CAP files among
    them: one per alert) are looked up one at a time, so memory does not grow
    with the archive, and a build writes the entries of the alerts it made
    again, not the whole archive's.  Its changes are committed once the build
    is all written (``save``): a build that fails leaves the last one's.  A
    missing, damaged or foreign file (another version of the tool) is
    replaced by an empty one: a full build, never a wrong one.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE / MANIFEST
        self.inputs = ""  # digest of every input of the last complete build
        self.plan = ""  # digest of what every alert's pages share (BuildStart.plan)
        self._report: Record | None = None  # the whole build's messages: see ``report``
        self.count = 0  # files the last build made, every alert's included
        self.site: dict[str, Any] = {}  # the index pages and feeds: their key and outputs
        self._db: Any = None  # sqlite3.Connection, opened by load
        self._writing = False

    @classmethod
    def load(cls, root: Path, *, fresh: bool = False) -> Manifest:
        """The build manifest of content root ``root``; empty if missing, not ours or
        ``fresh`` (found damaged)."""
        manifest = cls(root)
        if not fresh:
            try:
                manifest._open()
                found = dict(manifest._db.execute("SELECT key, value FROM build"))
                if found.get("fingerprint") != fingerprint():
                    raise ValueError("not this tool's")
                if "report" in found:
                    manifest.inputs, manifest.plan = found["inputs"], found["plan"]
                    manifest.count = int(found["count"])
                    manifest.site = json.loads(found["site"])
                return manifest
            except (sqlite3.Error, OSError, KeyError, TypeError, ValueError):
                manifest.close()
                manifest = cls(root)
        manifest._open(fresh=True)
        return manifest

    @classmethod
    def reader(cls, root: Path) -> Manifest:
        """The manifest of ``root``, opened to read only: by a worker process, which
        must not use the connection of the build that forked it."""
        manifest = cls(root)
        try:
            address = Path(os.path.abspath(manifest.path)).as_uri()
            manifest._db = sqlite3.connect(f"{address}?mode=ro", uri=True, timeout=30)
        except sqlite3.Error as error:
            raise DamagedManifestError(str(error)) from error
        return manifest

    def _open(self, *, fresh: bool = False) -> None:
        with disk.writing(self.path):  # a file in the way, a read-only or full disk: named
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if fresh:
                self.path.unlink(missing_ok=True)
        try:
            # Autocommit; a build's changes are one transaction (see ``_write``).
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._db.executescript(_SCHEMA)
            if fresh:
                self._db.execute("INSERT INTO build VALUES ('fingerprint', ?)",
                                 (fingerprint(),))
        except sqlite3.OperationalError as error:
            if not fresh:
                raise  # load() starts a fresh manifest
            # Read-only, full, or held by another build for 30 s: the user's to fix.
            raise WriteError(f"cannot write the build manifest: {error}",
                             path=os.fspath(self.path)) from None

    def close(self) -> None:
        """Close the file; what ``save`` did not commit is dropped."""
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def report(self) -> Record:
        """The last build's messages (read when asked for: a build that replays them)."""
        if self._report is None:
            row = self._db.execute("SELECT value FROM build WHERE key = 'report'").fetchone()
            self._report = Record(**json.loads(row[0])) if row else Record()
        return self._report

    @report.setter
    def report(self, record: Record) -> None:
        self._report = record

    def output(self, name: str) -> list[int] | None:
        """The stamp of one of the site's own outputs as the last build wrote it."""
        with damage():
            row = self._db.execute("SELECT stamp FROM outputs WHERE name = ?",
                                   (name,)).fetchone()
            return None if row is None else json.loads(row[0])

    def outputs(self) -> Iterator[tuple[str, list[int]]]:
        """The site's own outputs the last build wrote (index pages, feeds, CAP files)."""
        with damage():
            for name, found in self._db.execute("SELECT name, stamp FROM outputs"):
                yield name, json.loads(found)

    def _written(self) -> Any:
        """This build's own outputs so far: a table of this connection only (made when
        first needed, not on opening: two builds starting at once race there)."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS written "
                         "(name TEXT PRIMARY KEY, stamp TEXT NOT NULL)")
        return self._db

    def wrote(self, name: str, found: list[int]) -> None:
        """One of the site's own outputs, as this build leaves it (kept by ``save``)."""
        self._written().execute("INSERT OR REPLACE INTO temp.written VALUES (?, ?)",
                                (name, _encode(found)))

    def written(self) -> int:
        return int(self._written().execute("SELECT count(*) FROM temp.written").fetchone()[0])

    def stamp(self, name: str) -> list[Any] | None:
        """What the last build found of input file ``name`` (see ``Files``)."""
        row = self._db.execute("SELECT stamp FROM files WHERE name = ?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

    def alert(self, slug: str) -> AlertEntry | None:
        """The alert's entry: its inputs, front matter, what skipping it tells and its
        jobs' records (None: no entry, or a damaged one)."""
        row = self._db.execute("SELECT a.inputs, a.head, a.told, p.jobs, p.published, "
                               "a.listed, a.feed "
                               "FROM alerts AS a JOIN pages AS p USING (slug) "
                               "WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            return None
        try:
            head, told, jobs, published = map(json.loads, row[1:5])
            told = {**told, "index": row[5], "cap": json.loads(row[6]) if row[6] else None}
            records = {tag: Record(**value) for tag, value in jobs.items()}
        except (TypeError, ValueError):  # damaged: the alert is made again
            return None
        return AlertEntry(inputs=str(row[0]), head=head, jobs=records, told=told,
                          published=published)

    def alerts_to_keep(self, folder: str, within: tuple[str, str]) -> InOrder:
        """What deciding to keep each alert whole needs, alert by alert in slug order
        (see ``_kept``), for the slugs ``within`` a range (one query for each run of
        alerts).  ``folder``: build/ as the site's outputs name it (``build/<name>``)."""
        return InOrder(self._db, "SELECT a.slug, a.inputs, a.sources, a.found, a.outputs, "
                       "a.stamp, a.cap, o.name, o.stamp, a.notes, a.dated "
                       "FROM alerts AS a LEFT JOIN outputs AS o ON o.name = ? || '/' || a.cap",
                       "a.slug", folder, within=within)

    def told_in_order(self) -> InOrder:
        """What each alert's entry says a build that keeps it tells (slug, told), alert
        by alert in slug order: this build's entries go elsewhere until ``settle``."""
        return InOrder(self._db, "SELECT slug, told, cap IS NOT NULL FROM alerts", "slug")

    def listed(self, slug: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The alert's front matter and its pages' summaries (``alert``'s head and
        published)."""
        with damage():
            row = self._db.execute("SELECT a.head, p.published FROM alerts AS a "
                                   "JOIN pages AS p USING (slug) WHERE slug = ?",
                                   (slug,)).fetchone()
            return json.loads(row[0]), json.loads(row[1])

    def keys(self) -> tuple[str, int, str]:
        """The digest of what the index pages and feeds show of every alert (each entry's
        ``told["index"]``), how many alerts have a CAP feed entry and the digest of those
        entries: the keys of the site's pages and of the CAP feed (in slug order)."""
        listed, feed, count = Digest(), Digest(), 0
        with damage():
            for slug, index, entry in self._db.execute(
                    "SELECT slug, listed, feed FROM alerts ORDER BY slug"):
                listed.add(f"{slug} {index}")
                if entry is not None:
                    feed.add(entry)
                    count += 1
        return listed.hexdigest(), count, feed.hexdigest()

    def cap_entries(self) -> list[dict[str, str]]:
        """Every alert's CAP feed entry (those with a CAP file), from its entry."""
        with damage():
            rows = self._db.execute("SELECT feed FROM alerts WHERE cap IS NOT NULL")
            return [json.loads(found) for (found,) in rows]

    def slugs(self) -> list[str]:
        return [slug for (slug,) in self._db.execute("SELECT slug FROM alerts")]

    def _write(self) -> Any:
        if not self._writing:
            self._db.execute("BEGIN IMMEDIATE")
            self._writing = True
        return self._db

    def put_alert(self, slug: str, entry: AlertEntry) -> None:
        """Keep ``entry`` for the next build (once ``save`` commits).  Held in a table
        of this connection until ``settle``: the alerts table is being read, in order,
        while alerts are built (``told_in_order``)."""
        self._write().execute("CREATE TEMP TABLE IF NOT EXISTS built AS "
                              "SELECT * FROM alerts WHERE 0")
        told = dict(entry.told)
        index, cap = told.pop("index"), told.pop("cap")
        self._db.execute(
            "INSERT OR REPLACE INTO temp.built VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (slug, entry.inputs, entry.sources.names, entry.sources.stamp,
             _encode(list(entry.outputs())), entry.outputs_stamp(), cap["name"] if cap else None,
             entry.head["meta"]["date"] is not None, _encode(entry.head["notes"]),
             _encode(entry.head), _encode(told), index, _encode(cap) if cap else None))
        # Its pages' summaries and the jobs' records, the bulk of an entry, apart: the
        # passes over every alert do not read them.  No pass over this table is under
        # way: it is written at once.
        self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", (
            slug, _encode(entry.published),
            _encode({tag: _plain(record) for tag, record in entry.jobs.items()})))

    def settle(self) -> None:
        """Once every alert is made or kept: the entries ``put_alert`` held, into the
        alerts table."""
        db = self._write()
        db.execute("CREATE TEMP TABLE IF NOT EXISTS built AS SELECT * FROM alerts WHERE 0")
        db.execute("INSERT OR REPLACE INTO alerts SELECT * FROM temp.built")
        db.execute("DELETE FROM temp.built")

    def drop_alerts(self, slugs: Iterable[str]) -> None:
        db, slugs = self._write(), list(slugs)
        for table in ("alerts", "pages"):
            db.executemany(f"DELETE FROM {table} WHERE slug = ?", ((s,) for s in slugs))

    def put_stamps(self, stamps: Mapping[str, list[Any]],
                   sources: Mapping[str, Sources]) -> None:
        """Keep the stamps of the input files this build read, and the ``sources`` of
        alerts kept whole whose files were found written again, unchanged."""
        db = self._write()
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)",
                       ((name, _encode(stamp)) for name, stamp in stamps.items()))
        db.executemany("UPDATE alerts SET sources = ?, found = ? WHERE slug = ?",
                       ((found.names, found.stamp, slug) for slug, found in sources.items()))

    def refresh(self, stamps: Mapping[str, list[Any]], sources: Mapping[str, Sources]
                ) -> None:
        """Keep new stamps of files found unchanged (``put_stamps``), and nothing else:
        a build with nothing to do."""
        try:
            self.put_stamps(stamps, sources)
            self._db.execute("COMMIT")
        except sqlite3.Error:  # read-only or busy: they are read again next time
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        self._writing = False

    def save(self, folder: str) -> None:
        """Commit this build's changes with the whole build's record.  ``folder``: build/
        as the site's outputs name it; those of them this build did not write are
        forgotten, but the CAP files of the alerts it kept."""
        db = self._write()
        self._written()
        # Only the rows that change: a rebuild after one catalog changed keeps thousands
        # of outputs as they were, and rewriting them all (and journaling them) took
        # longer than the rest of it.
        db.execute("DELETE FROM outputs WHERE name NOT IN (SELECT name FROM temp.written) "
                   "AND name NOT IN (SELECT ? || '/' || cap FROM alerts WHERE cap IS NOT NULL)",
                   (folder,))
        db.execute("INSERT OR REPLACE INTO outputs SELECT name, stamp FROM temp.written AS w "
                   "WHERE NOT EXISTS (SELECT 1 FROM outputs AS o "
                   "WHERE o.name = w.name AND o.stamp = w.stamp)")
        db.executemany("INSERT OR REPLACE INTO build VALUES (?, ?)", [
            ("inputs", self.inputs), ("plan", self.plan), ("count", str(self.count)),
            ("site", _encode(self.site)),
            ("report", _encode(_plain(self.report)))])
        self._db.execute("COMMIT")
        self._writing = False
        self.close()


class DamagedManifestError(Exception):
    """Something the build manifest holds cannot be read: the build starts again from an
    empty manifest (a full build, never a wrong one)."""


@contextlib.contextmanager
def damage() -> Iterator[None]:
    """What reading a manifest entry raises when it is damaged, as ``DamagedManifestError``."""
    try:
        yield
    except (sqlite3.Error, ValueError, TypeError, KeyError) as error:
        raise DamagedManifestError(str(error)) from error


class InOrder:
    """The rows of a query ordered by its first column (a slug or stem), taken key by key
    in the same order, as a merge join takes them: one query for the whole archive
    rather than one an alert.  A key asked for out of order is looked up alone."""

    def __init__(self, db: Any, query: str, key: str, *parameters: str,
                 within: tuple[str, str] | None = None) -> None:
        self._db, self._parameters = db, parameters
        self._lookup = f"{query} WHERE {key} = ?"
        # ``within``: the first and last keys to be asked for (a run of the archive).
        where = f" WHERE {key} BETWEEN ? AND ?" if within else ""
        with damage():  # the first row is read at once
            self._cursor = db.execute(f"{query}{where} ORDER BY {key}",
                                      (*parameters, *(within or ())))
            self._next: tuple[Any, ...] | None = next(self._cursor, None)
        self._last: str | None = None

    def take(self, key: str) -> list[tuple[Any, ...]]:
        """The rows of ``key``; those of the keys before it are passed over."""
        try:  # not ``damage()``: this is called for every alert
            if self._last is not None and key < self._last:
                return list(self._db.execute(self._lookup, (*self._parameters, key)))
            self._last = key
            found = []
            while self._next is not None and self._next[0] <= key:
                if self._next[0] == key:
                    found.append(self._next)
                self._next = next(self._cursor, None)
            return found
        except sqlite3.Error as error:  # a value the query decodes ("malformed JSON")
            raise DamagedManifestError(str(error)) from error

    def close(self) -> None:
        self._cursor.close()
        self._next = None


class _Stamps(Mapping[str, list[Any]]):
    """``Files``'s view of the last build's stamps, looked up one file at a time: only the
    files of the alerts to make, and those every page shares, are asked for."""

    def __init__(self, manifest: Manifest) -> None:
        self._manifest = manifest

    def _find(self, name: str) -> list[Any] | None:
        return self._manifest.stamp(name)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        found = self._find(name)
        return default if found is None else found

    def __getitem__(self, name: str) -> list[Any]:
        found = self._find(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return (name for (name,) in self._manifest._db.execute("SELECT name FROM files"))

    def __len__(self) -> int:
        return int(self._manifest._db.execute("SELECT count(*) FROM files").fetchone()[0])


def _plain(record: Record) -> dict[str, Any]:
    return {
        "digest": record.digest, "page": record.page, "outputs": record.outputs,
        "notes": record.notes, "errors": record.errors, "data": record.data,
    }


_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def job_key(slug: str, tag: str) -> str:
    return f"{tag}/{slug}"


# -- a build's start: is there anything to do? -----------------------------------------

@dataclass
class BuildStart:
    """What a build finds before it does anything: its languages (codes, so that
    CLDR's data is not loaded yet), the digest of its inputs and the last build's
    manifest; ``replayed``, the last build's report, when nothing changed."""

    source_code: str
    wanted_codes: list[str]  # written: the source language and the languages asked for
    all_codes: list[str]  # localized: every language of the site
    site_tags: list[str]
    formats: tuple[str, ...]
    manifest: Manifest
    files: Files
    inputs: str
    plan: str = ""  # digest of what every alert's pages share: tool, settings, languages, chrome
    # The alerts to make (any of whose files or outputs changed): the digest of their
    # files and of their recordings; the others, kept whole, and what they told.
    alert_inputs: dict[str, str] = field(default_factory=dict)  # slug -> digest of its files
    alert_media: dict[str, str] = field(default_factory=dict)  # slug -> its recordings' digest
    alert_sources: dict[str, Sources] = field(default_factory=dict)  # slug -> its files found
    kept: dict[str, Kept] = field(default_factory=dict)
    # Alerts kept whose files were written again, unchanged: their sources as found now.
    restamped: dict[str, Sources] = field(default_factory=dict)
    replayed: Report | None = None


def check_languages(config: Config, codes: Sequence[str]) -> list[str]:
    """The languages a build writes (``codes``, else the site's), or UsageError for one
    asked for that has no catalogs (its page would be all English)."""
    targets = target_codes(config, codes)
    for code in targets if codes else ():
        tag, locale = spellings(code)
        if not (config.locale_dir / locale / "LC_MESSAGES").is_dir():
            raise UsageError(f"no catalogs for {tag} in locales/{locale}/: "
                             f"run `alert-i18n update -l {tag}` first")
    return targets


@contextlib.contextmanager
def one_build_at_a_time(root: Path, *, waiting: Callable[[], None] | None = None
                        ) -> Iterator[None]:
    """Hold the content root's build lock (``waiting`` is called when another build holds
    it, before waiting for it): two builds of one folder at once would replace each
    other's manifest under them.  Released however the block ends; without POSIX
    locks (``fcntl``), nothing is held."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    path = root / CACHE / LOCK
    with disk.writing(path):  # a file in the way, a read-only or full disk: named
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # which releases the lock


def start_build(config: Config, codes: Sequence[str], formats: Iterable[str], *,
                fresh: bool = False, jobs: int | None = 1) -> BuildStart:
    """Plan a build's languages and look at its inputs; replay the last build if they
    are all as they were and every output is in place (``build.run_build`` does the rest).
    ``fresh``: from an empty manifest, as when the last one is found damaged; ``jobs``:
    processes to look at a large archive with (None or 0: every core).

    Cheap on purpose: a rebuild with nothing to do stops here, before the
    renderer, the checks or the PO reader are imported.
    """
    targets = check_languages(config, codes)
    formats = tuple(dict.fromkeys(formats))
    source_code = config.source_language
    wanted_codes = [source_code, *targets]
    site_codes = target_codes(config, ()) if codes else targets
    all_codes = list({spellings(c)[0]: c for c in
                      [source_code, *site_codes, *wanted_codes]}.values())
    manifest = Manifest.load(config.root, fresh=fresh)
    files = Files(known=_Stamps(manifest), root=config.root)
    site_tags = [spellings(c)[0] for c in all_codes]
    # What a killed build left in build/ goes, even when there is nothing to build:
    # one listing of build/ and of each language's folder.
    for folder, name in site_folders(config, site_tags):
        disk.sweep(folder, clean_at=manifest.site.get("clean", {}).get(name))
    start = BuildStart(source_code=source_code, wanted_codes=wanted_codes, all_codes=all_codes,
                       site_tags=site_tags, formats=formats, manifest=manifest, files=files,
                       inputs="")
    try:
        _look_at_inputs(config, start, [spellings(c)[0] for c in wanted_codes], jobs)
        if (manifest.inputs == start.inputs and not start.alert_inputs
                and intact(config.root, manifest.outputs())):
            report = start.replayed = Report()
            with damage():
                report.notes, report.errors = manifest.report.told()
            report.unchanged = manifest.count
            report.notes.extend(orphan_folders(config, site_tags))
            if files.changed or start.restamped:  # saved again, unchanged (a checkout)
                manifest.refresh(files.changed, start.restamped)  # not read again next time
    except DamagedManifestError:
        manifest.close()
        return start_build(config, codes, formats, fresh=True, jobs=jobs)
    return start


def site_folders(config: Config, tags: Sequence[str]) -> list[tuple[str, str]]:
    """build/ and its language folders: each path, and its name under the root."""
    build = os.fspath(config.build_dir)
    folders = [build, *(os.path.join(build, tag) for tag in tags)]
    return [(folder, relative(config, folder)) for folder in folders]


def clean_folders(config: Config, tags: Sequence[str]) -> dict[str, list[int]]:
    """The ``folder_stamp`` of build/ and each language folder, left clean by a build:
    the next build does not list them again unless they changed."""
    return {name: found for folder, name in site_folders(config, tags)
            if (found := disk.folder_stamp(folder)) is not None}


def _look_at_inputs(config: Config, start: BuildStart, wanted: Sequence[str],
                    jobs: int | None) -> None:
    """The digest of everything a build reads (a rebuild that finds it unchanged does
    nothing); of what every page shares (``plan``); and, alert by alert, whether it
    is kept whole or made (``BuildStart.kept``, ``alert_inputs``).

    An alert's files are those named after it: its source, its catalogs in
    every language, its recordings.  When the plan and an alert's files are as
    the last build found them, and its outputs as the last build wrote them,
    the alert is kept whole.  The manifest is read in one pass, stem after stem;
    a large archive's runs of stems by ``jobs`` processes (see ``_look``).
    """
    files, manifest = start.files, start.manifest
    setting = os.path.join(config.root, "pyproject.toml")
    sources, catalogs = source_names(config), catalog_names(config)
    media = audio.media_names(config.root)
    shared = [name for name in catalogs if _stem(name) == CHROME_DOMAIN]  # the page chrome
    common = [fingerprint(), ",".join(start.site_tags), ",".join(wanted), ",".join(start.formats)]
    start.plan = digest(*common, files.digest(setting), *map(files.entry, shared))
    slugs = {_stem(name) for name in sources}
    stems = list(_by_stem(sources, [n for n in catalogs if n not in shared], media))
    look = _Look(root=config.root, plan=start.plan, folder=relative(config, config.build_dir),
                 stems=stems, slugs=slugs,
                 # Every entry was made with the last build's plan: with the same plan, an
                 # alert whose files are as the last build found them has the digest its
                 # entry records.
                 same_plan=manifest.plan == start.plan)
    blocks = range(0, len(stems), _BLOCK)
    processes = min(parallel.workers(jobs, len(stems)), len(stems) // _LOOKS_A_PROCESS)
    if processes <= 1:
        found = [_look(look, blocks, manifest=manifest, files=files)]
    else:
        global _LOOKING
        _LOOKING = look  # the workers are forked with it: the stems are not sent
        try:
            runs = [blocks[part::processes] for part in range(processes)]
            found = list(parallel.ordered_map(_look_in_worker, runs, jobs=processes))
        finally:
            _LOOKING = None
    # The digest of everything: the plan, then each block of stems' digest, in order,
    # however many processes looked at them.
    digests: dict[int, str] = {}
    for looked in found:
        files.changed.update(looked.changed)
        digests.update(looked.blocks)
        start.alert_inputs.update(looked.inputs)
        start.alert_sources.update(looked.sources)
        start.alert_media.update(looked.media)
        start.restamped.update(looked.restamped)
        start.kept.update(looked.told)
    start.kept.update((stem, _KEPT) for stem in slugs
                      if stem not in start.alert_inputs and stem not in start.kept)
    start.inputs = digest(start.plan, *(digests[block] for block in blocks))


_BLOCK = 256  # stems a digest: ``everything`` is the same whoever looked at them
_LOOKS_A_PROCESS = 1000  # below this many stems a process, starting it costs more
_KEPT = Kept(notes=(), dated=True)  # what most alerts kept tell: shared, not sent
_LOOKING: _Look | None = None  # what the worker processes look at (see _look_at_inputs)


@dataclass(frozen=True)
class _Look:
    """What looking at the stems needs: each stem with its files (True for a
    recording), the alerts' slugs, and what the last build's plan was."""

    root: Path
    plan: str
    folder: str  # build/ as the site's outputs name it
    stems: list[tuple[str, list[tuple[str, bool]]]]
    slugs: set[str]
    same_plan: bool


@dataclass
class _Looked:
    """What a run of blocks of stems was found: each block's digest; the alerts to
    make (their inputs' digest, their files as found, their recordings' digest); the
    alerts kept that say something (front matter notes, no date) or whose files were
    written again unchanged; and the stamps of the files read."""

    blocks: dict[int, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Sources] = field(default_factory=dict)
    media: dict[str, str] = field(default_factory=dict)
    told: dict[str, Kept] = field(default_factory=dict)
    restamped: dict[str, Sources] = field(default_factory=dict)
    changed: dict[str, list[Any]] = field(default_factory=dict)


def _look_in_worker(blocks: Sequence[int]) -> _Looked:
    """``_look`` in a worker process, through a read-only connection of its own."""
    assert _LOOKING is not None  # set by _look_at_inputs before forking
    manifest = Manifest.reader(_LOOKING.root)
    try:
        files = Files(known=_Stamps(manifest), root=_LOOKING.root)
        looked = _look(_LOOKING, blocks, manifest=manifest, files=files)
        looked.changed = files.changed
        return looked
    finally:
        manifest.close()


def _look(look: _Look, blocks: Iterable[int], *, manifest: Manifest, files: Files
          ) -> _Looked:
    """Look at the blocks of stems that start at ``blocks``."""
    looked = _Looked()
    for first in blocks:
        part = look.stems[first:first + _BLOCK]
        alerts = [stem for stem, _ in part if stem in look.slugs]
        entries = (manifest.alerts_to_keep(look.folder, within=(alerts[0], alerts[-1]))
                   if alerts else None)
        block = Digest()
        try:
            for stem, names in part:
                paths = [name for name, _ in names]
                if stem not in look.slugs:  # files of no alert: in the digest of everything
                    block.add(f"{stem} {files.of(paths, after=look.plan)}")
                    continue
                assert entries is not None
                rows = entries.take(stem)
                # Stamps before digests: a file written meanwhile is found changed next time.
                found = Sources("\n".join(map(files.name, paths)),
                                stamp_of(paths, changes=True) or 0)
                same_files = (bool(rows) and rows[0][2] == found.names
                              and rows[0][3] == found.stamp)
                inputs = (str(rows[0][1]) if look.same_plan and same_files
                          else files.of(paths, after=look.plan))
                block.add(f"{stem} {inputs}")
                kept = _kept(look.root, rows, inputs)
                if kept is not None:
                    if kept != _KEPT:
                        looked.told[stem] = kept
                    if not same_files:  # written again, unchanged: found as they are now
                        looked.restamped[stem] = found
                    continue
                looked.inputs[stem] = inputs
                looked.sources[stem] = found
                heard = [name for name, recording in names if recording]
                if heard:
                    looked.media[stem] = files.of(heard)
        finally:
            if entries is not None:
                entries.close()
        looked.blocks[first] = block.hexdigest()
    return looked


_NO_NOTES: tuple[str, ...] = ()


def _kept(root: Path, rows: list[tuple[Any, ...]], inputs: str) -> Kept | None:
    """The alert as kept whole, when its entry (``rows``: ``alerts_to_keep``'s) was made
    from ``inputs`` and its outputs are as written; else (or damaged) None."""
    if not rows:
        return None
    _, made_from, _, _, outputs, stamp, cap, cap_output, cap_stamp, notes, dated = rows[0]
    if made_from != inputs:
        return None
    base = os.path.join(str(root), "")
    try:
        if cap is not None and (cap_output is None  # not written by the last build
                                or not intact(root, [(cap_output, json.loads(cap_stamp))])):
            return None
        if stamp_of(base + name for name in json.loads(outputs)) != stamp:
            return None
        return Kept(notes=_NO_NOTES if notes == "[]" else tuple(json.loads(notes)),
                    dated=bool(dated))
    except (TypeError, ValueError):  # damaged: made again
        return None


def _stem(name: str) -> str:
    """The alert a file is named after: its name without folder and (last) suffix."""
    return os.path.basename(name).rsplit(".", 1)[0]


def _by_stem(sources: list[str], catalogs: list[str], media: list[str]
             ) -> Iterator[tuple[str, list[tuple[str, bool]]]]:
    """Each stem and its files (source, catalogs, recordings, each in the order given;
    True for a recording), stem by stem in order: one alert's files at a time."""
    groups: dict[str, list[tuple[str, bool]]] = {}
    for names, recording in ((sources, False), (catalogs, False), (media, True)):
        for name in names:
            groups.setdefault(_stem(name), []).append((name, recording))
    for stem in sorted(groups):
        yield stem, groups.pop(stem)
