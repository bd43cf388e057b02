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
It is one SQLite file (the standard library's ``sqlite3``): looked up an alert
at a time and updated an alert at a time, in one transaction per build.  A
missing, unreadable or foreign manifest costs a full build, never a wrong one.
Its values are JSON text, never pickle: a cache restored in CI cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import importlib.util
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__, audio, disk, errors
from .config import Config
from .errors import AlertI18nError, UsageError, WriteError
from .languages import spellings
from .model import CHROME_DOMAIN, Report
from .workspace import catalog_names, orphan_folders, source_names, target_codes

CACHE = ".alert-i18n-cache"  # under the content root; git-ignored
MANIFEST = "build-manifest.sqlite"
LOCK = "build.lock"  # held by the build of a content root (``one_build_at_a_time``)
FORMAT = 3  # bump when the manifest's layout changes


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

    def __init__(self, known: Mapping[str, list[Any]] | None = None) -> None:
        self.known = known or {}
        self.changed: dict[str, list[Any]] = {}  # stamps the last build did not see: to keep

    def digest(self, path: str | os.PathLike[str]) -> str:
        name = os.fspath(path)
        read = self.changed.get(name)
        if read is not None:  # read by this build already: the same digest throughout
            return str(read[4])
        try:
            status = os.stat(name)
            key = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
            previous = self.known.get(name)
            if previous is not None and previous[:4] == key:
                return str(previous[4])
            found = hashlib.sha256(disk.read_bytes(name)).hexdigest()
            self.changed[name] = [*key, found]
            return found
        except FileNotFoundError:
            return "missing"
        except OSError as error:  # unreadable: the build will say so; never reuse
            return f"unreadable {error.errno} {os.urandom(8).hex()}"

    def entry(self, name: str) -> str:
        """A file as a digest of several lists it: its name (with "/") and digest."""
        return f"{name.replace(os.sep, '/')} {self.digest(name)}"

    def of(self, paths: Iterable[str | os.PathLike[str]]) -> str:
        """One digest for several files, names included (with "/" between folders)."""
        hasher = Digest()
        for path in paths:
            hasher.add(self.entry(os.fspath(path)))
        return hasher.hexdigest()


def intact(root: Path, outputs: Mapping[str, list[int]] | Iterable[tuple[str, list[int]]]
           ) -> bool:
    """True when every recorded output (a mapping, or its items) is still there, as it
    was written."""
    base = str(root)
    for name, recorded in outputs.items() if isinstance(outputs, Mapping) else outputs:
        try:  # os.stat on strings: a no-op rebuild looks at thousands of files
            status = os.stat(os.path.join(base, name))
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
    head: dict[str, Any] = field(default_factory=dict)  # its front matter's data and notes
    jobs: dict[str, Record] = field(default_factory=dict)  # by language tag
    told: dict[str, Any] = field(default_factory=dict)  # what skipping it says and lists

    def outputs(self) -> dict[str, list[int]]:
        """Every file of build/ its pages and channels are (its CAP file aside)."""
        return {name: stamp for record in self.jobs.values()
                for name, stamp in record.outputs.items()}


@dataclass(frozen=True)
class Unchanged:
    """An alert whose files are as the last build found them: its front matter's data and
    notes, and the files of build/ it made (its CAP file among them)."""

    head: dict[str, Any]
    outputs: dict[str, list[int]]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS build (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (slug TEXT PRIMARY KEY, inputs TEXT NOT NULL,
    head TEXT NOT NULL, told TEXT NOT NULL, jobs TEXT NOT NULL, outputs TEXT NOT NULL);
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
    def load(cls, root: Path) -> Manifest:
        """The build manifest of content root ``root``; empty if missing or not ours."""
        manifest = cls(root)
        try:
            manifest._open()
            found = dict(manifest._db.execute("SELECT key, value FROM build"))
            if found.get("fingerprint") != fingerprint():
                raise ValueError("not this tool's")
            if "report" in found:
                manifest.inputs, manifest.plan = found["inputs"], found["plan"]
                manifest.count = int(found["count"])
                manifest.site = json.loads(found["site"])
        except (sqlite3.Error, OSError, KeyError, TypeError, ValueError):
            manifest.close()
            manifest = cls(root)
            manifest._open(fresh=True)
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
        row = self._db.execute("SELECT stamp FROM outputs WHERE name = ?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

    def outputs(self) -> Iterator[tuple[str, list[int]]]:
        """The site's own outputs the last build wrote (index pages, feeds, CAP files)."""
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

    def keep(self, name: str) -> None:
        """One of the site's own outputs, left as the last build wrote it (kept by
        ``save``; one not written by the last build is not kept, and is made again)."""
        self._written().execute("INSERT OR REPLACE INTO temp.written "
                                "SELECT name, stamp FROM outputs WHERE name = ?", (name,))

    def written(self) -> int:
        return int(self._written().execute("SELECT count(*) FROM temp.written").fetchone()[0])

    def stamp(self, name: str) -> list[Any] | None:
        """What the last build found of input file ``name`` (see ``Files``)."""
        row = self._db.execute("SELECT stamp FROM files WHERE name = ?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

    def alert(self, slug: str) -> AlertEntry | None:
        """The alert's entry: its inputs, front matter, what skipping it tells and its
        jobs' records (None: no entry, or a damaged one)."""
        row = self._db.execute("SELECT inputs, head, told, jobs FROM alerts WHERE slug = ?",
                               (slug,)).fetchone()
        if row is None:
            return None
        try:
            inputs, head, told, jobs = row[0], json.loads(row[1]), json.loads(row[2]), \
                json.loads(row[3])
            records = {tag: Record(**value) for tag, value in jobs.items()}
        except (TypeError, ValueError):  # damaged: the alert is made again
            return None
        return AlertEntry(inputs=str(inputs), head=head, jobs=records, told=told)

    def unchanged(self, slug: str, inputs: str, folder: str) -> Unchanged | None:
        """What skipping the alert needs to look at, when its entry was made from
        ``inputs`` (else, or damaged, None); the rest of the entry is not decoded.
        ``folder``: build/ as the site's outputs name it (``build/<name>``)."""
        try:
            row = self._db.execute(
                "SELECT a.head, a.outputs, json_extract(a.told, '$.cap.name'), o.stamp "
                "FROM alerts AS a LEFT JOIN outputs AS o "
                "ON o.name = ? || '/' || json_extract(a.told, '$.cap.name') "
                "WHERE a.slug = ? AND a.inputs = ?", (folder, slug, inputs)).fetchone()
        except sqlite3.OperationalError:  # "malformed JSON": damaged
            return None
        if row is None:
            return None
        try:
            outputs = dict(json.loads(row[1]))
            if row[2] is not None:  # its CAP file, a file of the site's
                if row[3] is None:
                    return None  # not written by the last build: made again
                outputs[f"{folder}/{row[2]}"] = json.loads(row[3])
            return Unchanged(head=json.loads(row[0]), outputs=outputs)
        except (TypeError, ValueError):  # damaged: the alert is made again
            return None

    def told(self, slug: str) -> dict[str, Any]:
        """What the alert's entry says a build that skips it tells (see ``alert``)."""
        row = self._db.execute("SELECT told FROM alerts WHERE slug = ?", (slug,)).fetchone()
        return dict(json.loads(row[0]))

    def listed(self, slug: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The alert's front matter and what it lists (``alert``'s head and told)."""
        row = self._db.execute("SELECT head, told FROM alerts WHERE slug = ?",
                               (slug,)).fetchone()
        return json.loads(row[0]), json.loads(row[1])

    def cap_entries(self) -> list[dict[str, str]]:
        """Every alert's CAP feed entry (those with a CAP file), from its entry."""
        rows = self._db.execute("SELECT json_extract(told, '$.cap') FROM alerts "
                                "WHERE json_extract(told, '$.cap') IS NOT NULL")
        return [json.loads(found) for (found,) in rows]

    def alert_outputs(self) -> Iterator[dict[str, list[int]]]:
        """Each alert's outputs, one alert at a time."""
        for (outputs,) in self._db.execute("SELECT outputs FROM alerts"):
            yield json.loads(outputs)

    def slugs(self) -> list[str]:
        return [slug for (slug,) in self._db.execute("SELECT slug FROM alerts")]

    def _write(self) -> Any:
        if not self._writing:
            self._db.execute("BEGIN IMMEDIATE")
            self._writing = True
        return self._db

    def put_alert(self, slug: str, entry: AlertEntry) -> None:
        """Keep ``entry`` for the next build (once ``save`` commits)."""
        self._write().execute("INSERT OR REPLACE INTO alerts VALUES (?, ?, ?, ?, ?, ?)", (
            slug, entry.inputs, _encode(entry.head), _encode(entry.told),
            _encode({tag: _plain(record) for tag, record in entry.jobs.items()}),
            _encode(entry.outputs())))

    def drop_alerts(self, slugs: Iterable[str]) -> None:
        self._write().executemany("DELETE FROM alerts WHERE slug = ?", ((s,) for s in slugs))

    def put_stamps(self, stamps: Mapping[str, list[Any]]) -> None:
        self._write().executemany("INSERT OR REPLACE INTO files VALUES (?, ?)",
                                  ((name, _encode(stamp)) for name, stamp in stamps.items()))

    def save(self) -> None:
        """Commit this build's changes with the whole build's record."""
        db = self._write()
        self._written()
        # Only the rows that change: a rebuild after one catalog changed keeps thousands
        # of outputs as they were, and rewriting them all (and journaling them) took
        # longer than the rest of it.
        db.execute("DELETE FROM outputs WHERE name NOT IN (SELECT name FROM temp.written)")
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


class _Stamps(Mapping[str, list[Any]]):
    """``Files``'s view of the last build's stamps: looked up an alert's files at a time
    (``expect``), else one by one."""

    def __init__(self, manifest: Manifest) -> None:
        self._manifest = manifest
        self._near: dict[str, list[Any] | None] = {}  # the files ``expect`` named

    def expect(self, names: Sequence[str]) -> None:
        """Look up the stamps of ``names`` in one query (those asked for next)."""
        self._near = dict.fromkeys(names)
        query = ("SELECT name, stamp FROM files WHERE name IN "
                 f"({', '.join('?' * len(names))})")
        for name, stamp in self._manifest._db.execute(query, list(names)):
            self._near[name] = json.loads(stamp)

    def _find(self, name: str) -> list[Any] | None:
        if name in self._near:
            return self._near[name]
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
    alert_inputs: dict[str, str] = field(default_factory=dict)  # slug -> digest of its files
    alert_media: dict[str, str] = field(default_factory=dict)  # slug -> its recordings' digest
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


def start_build(config: Config, codes: Sequence[str], formats: Iterable[str]) -> BuildStart:
    """Plan a build's languages and look at its inputs; replay the last build if they
    are all as they were and every output is in place (``build.run_build`` does the rest).

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
    manifest = Manifest.load(config.root)
    files = Files(known=_Stamps(manifest))
    site_tags = [spellings(c)[0] for c in all_codes]
    # What a killed build left in build/ goes, even when there is nothing to build:
    # one listing of build/ and of each language's folder.
    build = os.fspath(config.build_dir)
    for folder in (build, *(os.path.join(build, tag) for tag in site_tags)):
        disk.sweep(folder)
    start = BuildStart(source_code=source_code, wanted_codes=wanted_codes, all_codes=all_codes,
                       site_tags=site_tags, formats=formats, manifest=manifest, files=files,
                       inputs="")
    _look_at_inputs(config, start, [spellings(c)[0] for c in wanted_codes])
    if (manifest.inputs == start.inputs and intact(config.root, manifest.outputs())
            and all(intact(config.root, outputs) for outputs in manifest.alert_outputs())):
        report = start.replayed = Report()
        report.notes, report.errors = manifest.report.told()
        report.unchanged = manifest.count
        report.notes.extend(orphan_folders(config, site_tags))
    return start


def _look_at_inputs(config: Config, start: BuildStart, wanted: Sequence[str]) -> None:
    """The digest of everything a build reads (a rebuild that finds it unchanged does
    nothing); of what every page shares (``plan``); and of each alert's own files.

    An alert's files are those named after it: its source, its catalogs in
    every language, its recordings.  When the plan and an alert's files are as
    the last build found them, the alert is taken from the manifest whole.
    """
    files = start.files
    setting = os.path.join(config.root, "pyproject.toml")
    sources, catalogs = source_names(config), catalog_names(config)
    media = audio.media_names(config.root)
    shared = [name for name in catalogs if _stem(name) == CHROME_DOMAIN]  # the page chrome
    common = [fingerprint(), ",".join(start.site_tags), ",".join(wanted), ",".join(start.formats)]
    start.plan = digest(*common, files.digest(setting), *map(files.entry, shared))
    slugs = {_stem(name) for name in sources}
    # Every input, alert by alert (its files are those of one stem), each read once; what
    # is held is each alert's digest, not each file's.
    everything = Digest(start.plan)
    for stem, names in _by_stem(sources, [n for n in catalogs if n not in shared], media):
        if isinstance(files.known, _Stamps):
            files.known.expect([name for name, _ in names])
        own = Digest(start.plan)
        recordings = Digest()
        for name, recording in names:
            entry = files.entry(name)
            own.add(entry)
            if recording:
                recordings.add(entry)
        found = own.hexdigest()
        everything.add(f"{stem} {found}")
        if stem in slugs:
            start.alert_inputs[stem] = found
            if any(recording for _, recording in names):
                start.alert_media[stem] = recordings.hexdigest()
    start.inputs = everything.hexdigest()


def _stem(name: str, *, recording: bool = False) -> str:
    """The alert a file is named after: its name without folder and suffix."""
    base = os.path.basename(name)
    return base.rsplit(".", 1)[0] if recording else base[: base.rindex(".")]


def _by_stem(sources: list[str], catalogs: list[str], media: list[str]
             ) -> Iterator[tuple[str, list[tuple[str, bool]]]]:
    """Each stem and its files (source, catalogs, recordings, in that order; True for a
    recording), stem by stem: one alert's files at a time."""
    streams = [
        ((_stem(name), name, False) for name in sorted(sources, key=_stem)),
        ((_stem(name), name, False) for name in sorted(catalogs, key=_stem)),
        ((stem, name, True) for stem, name in sorted(
            ((_stem(name, recording=True), name) for name in media), key=lambda p: p[0])),
    ]
    group: list[tuple[str, bool]] = []
    current = None
    for stem, name, recording in heapq.merge(*streams, key=lambda item: item[0]):
        if stem != current and group:
            yield str(current), group
            group = []
        current = stem
        group.append((name, recording))
    if group:
        yield str(current), group
