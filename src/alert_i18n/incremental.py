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
last build's report.

The manifest is a cache, kept beside ``build/`` (``.alert-i18n-cache/``), not
in it, so what is published stays only pages, the same bytes on every build.
A missing, unreadable or foreign manifest costs a full build, never a wrong
one.  It is JSON, never pickle: a cache restored in CI cannot run code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__, audio, disk, errors
from .config import Config
from .errors import AlertI18nError, UsageError
from .languages import spellings
from .model import Report
from .workspace import catalog_names, orphan_folders, source_names, target_codes

CACHE = ".alert-i18n-cache"  # under the content root; git-ignored
MANIFEST = "build-manifest.json"
JOBS = "build-jobs.json"
FORMAT = 1  # bump when the manifest's layout changes


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
    hasher = hashlib.sha256()
    for part in parts:
        if part is None:
            hasher.update(b"-\n")
            continue
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(b"%d\n" % len(data))
        hasher.update(data)
    return hasher.hexdigest()


class Files:
    """Digests of input files, each read once; a missing file has a digest of its own.

    ``known`` holds what the last build found: a file whose size, modification
    and change times and inode are all as they were then is not read again (as
    git's index does); any write changes its change time.
    """

    def __init__(self, known: Mapping[str, list[Any]] | None = None) -> None:
        self._digests: dict[str, str] = {}  # by name: a Path each would cost memory
        self._known = known or {}
        self.seen: dict[str, list[Any]] = {}  # for the next build

    def digest(self, path: str | os.PathLike[str]) -> str:
        name = os.fspath(path)
        found = self._digests.get(name)
        if found is None:
            try:
                status = os.stat(name)
                key = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
                previous = self._known.get(name)
                if previous is not None and previous[:4] == key:
                    found = str(previous[4])
                else:
                    found = hashlib.sha256(disk.read_bytes(name)).hexdigest()
                self.seen[name] = [*key, found]
            except FileNotFoundError:
                found = "missing"
            except OSError as error:  # unreadable: the build will say so; never reuse
                found = f"unreadable {error.errno} {os.urandom(8).hex()}"
            self._digests[name] = found
        return found

    def of(self, paths: Iterable[str | os.PathLike[str]]) -> str:
        """One digest for several files, names included (with "/" between folders)."""
        names = [os.fspath(path) for path in paths]
        return digest(*(f"{name.replace(os.sep, '/')} {self.digest(name)}" for name in names))


def intact(root: Path, outputs: Mapping[str, list[int]]) -> bool:
    """True when every recorded output is still there, as it was written."""
    base = str(root)
    for name, recorded in outputs.items():
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


class Manifest:
    """Records of the last build: for the whole build, and per job.

    Two files: what a rebuild with nothing changed needs (the inputs' digest,
    the outputs, the messages), read first; the jobs' records, read only when
    something did change.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE / MANIFEST
        self.jobs_path = root / CACHE / JOBS
        self.inputs = ""  # digest of every input of the last complete build
        self.report = Record()  # the whole build's outputs and messages
        self.files: dict[str, list[Any]] = {}  # what Files found, for the next build
        self._jobs: dict[str, Record] | None = None

    @classmethod
    def load(cls, root: Path) -> Manifest:
        """The build manifest of content root ``root``; empty if missing or not ours."""
        manifest = cls(root)
        data = _read(manifest.path)
        try:
            manifest.inputs = str(data["inputs"])
            manifest.report = Record(**data["report"])
            manifest.files = dict(data["files"])
        except (KeyError, TypeError, ValueError):
            return cls(root)
        return manifest

    @property
    def jobs(self) -> dict[str, Record]:
        """Each job as the last build left it (read on first use)."""
        if self._jobs is None:
            try:
                self._jobs = {k: Record(**v) for k, v in _read(self.jobs_path)["jobs"].items()}
            except (KeyError, TypeError, AttributeError):
                self._jobs = {}
        return self._jobs

    @jobs.setter
    def jobs(self, value: dict[str, Record]) -> None:
        self._jobs = value

    def save(self) -> None:
        """Write both files atomically, a piece at a time: never the whole text in memory."""
        # Each job's record whole; the report's outputs (every file built) one by one.
        _write(self.jobs_path, {"jobs": {k: _plain(v) for k, v in self.jobs.items()}}, depth=2)
        _write(self.path, {"inputs": self.inputs, "report": _plain(self.report),
                           "files": self.files}, depth=3)


def _plain(record: Record) -> dict[str, Any]:
    return {
        "digest": record.digest, "page": record.page, "outputs": record.outputs,
        "notes": record.notes, "errors": record.errors, "data": record.data,
    }


def _read(path: Path) -> dict[str, Any]:
    """A manifest file written by this very tool, else nothing."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint():
        return {}
    return data


def _write(path: Path, content: dict[str, Any], *, depth: int) -> None:
    """``content`` as one JSON object, keys sorted, written a piece at a time
    (see ``_dump``) and atomically (``disk.replacing_stream``)."""
    with disk.replacing_stream(path) as stream:
        _dump(stream.write, {"fingerprint": fingerprint(), **content}, depth)
        stream.write("\n")


_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _dump(write: Callable[[str], object], value: Any, depth: int) -> None:
    """``value`` as JSON, its objects ``depth`` levels down written key by key:
    the encoder's whole text of the manifest (and its pieces) would be the
    build's peak of memory."""
    if not depth or not isinstance(value, dict):
        write(_encode(value))
        return
    write("{")
    for index, key in enumerate(sorted(value)):
        write(("," if index else "") + _encode(key) + ":")
        _dump(write, value[key], depth - 1)
    write("}")


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
    replayed: Report | None = None


def start_build(config: Config, codes: Sequence[str], formats: Iterable[str]) -> BuildStart:
    """Plan a build's languages and look at its inputs; replay the last build if they
    are all as they were and every output is in place (``build.run_build`` does the rest).

    Cheap on purpose: a rebuild with nothing to do stops here, before the
    renderer, the checks or the PO reader are imported.
    """
    targets = target_codes(config, codes)
    for code in targets if codes else ():
        tag, locale = spellings(code)
        if not (config.locale_dir / locale / "LC_MESSAGES").is_dir():
            # A page marked as this language would be all English.
            raise UsageError(f"no catalogs for {tag} in locales/{locale}/: "
                             f"run `alert-i18n update -l {tag}` first")
    formats = tuple(dict.fromkeys(formats))
    source_code = config.source_language
    wanted_codes = [source_code, *targets]
    site_codes = target_codes(config, ()) if codes else targets
    all_codes = list({spellings(c)[0]: c for c in
                      [source_code, *site_codes, *wanted_codes]}.values())
    manifest = Manifest.load(config.root)
    files = Files(known=manifest.files)
    site_tags = [spellings(c)[0] for c in all_codes]
    # What a killed build left in build/ goes, even when there is nothing to build:
    # one listing of build/ and of each language's folder.
    build = os.fspath(config.build_dir)
    for folder in (build, *(os.path.join(build, tag) for tag in site_tags)):
        disk.sweep(folder)
    inputs = _inputs_digest(config, files, site_tags, [spellings(c)[0] for c in wanted_codes],
                            formats)
    start = BuildStart(source_code=source_code, wanted_codes=wanted_codes, all_codes=all_codes,
                       site_tags=site_tags, formats=formats, manifest=manifest, files=files,
                       inputs=inputs)
    if manifest.inputs == inputs and intact(config.root, manifest.report.outputs):
        report = start.replayed = Report()
        report.notes, report.errors = manifest.report.told()
        report.unchanged = len(manifest.report.outputs)
        report.notes.extend(orphan_folders(config, site_tags))
    return start


def _inputs_digest(
    config: Config, files: Files, languages: Sequence[str],
    wanted: Sequence[str], formats: Sequence[str],
) -> str:
    """One digest of everything a build reads: a rebuild that finds it unchanged does nothing."""
    paths = [os.path.join(config.root, "pyproject.toml"), *source_names(config),
             *catalog_names(config), *audio.media_names(config.root)]
    return digest(
        fingerprint(), files.of(paths),
        ",".join(languages), ",".join(wanted),
        ",".join(formats),
    )
