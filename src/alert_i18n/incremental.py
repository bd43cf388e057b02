"""Rebuild only what changed: digests of a build's inputs, and what each job made of them.

A build is a set of jobs, one per alert and language.  A job's digest covers
everything its outputs are made from: the tool itself (its version, its code
and the versions of what renders), the configuration, the English source and
the catalogs the job reads.  The manifest, ``build/.alert-i18n-manifest.json``,
keeps for each job its digest, the files it wrote (with size and modification
time, so a file edited or deleted in ``build/`` is noticed) and what it told
the user, so a rebuild that skips the job still says it.  A whole build that
finds every input as it was and every output in place does nothing at all.

The manifest is a cache, kept beside ``build/`` (in ``.alert-i18n-cache/``),
not in it, so what is published stays only pages, the same bytes on every
build.  A missing, unreadable or foreign manifest costs a full build, never a
wrong one.  It is JSON, never pickle: a cache restored in CI cannot run code.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__, errors
from .errors import AlertI18nError

CACHE = ".alert-i18n-cache"  # under the content root; git-ignored
MANIFEST = "build-manifest.json"
FORMAT = 1  # bump when the manifest's layout changes


@cache
def fingerprint() -> str:
    """The tool, as far as its outputs depend on it: version, code, renderer versions."""
    parts = [f"alert-i18n {__version__}", f"python {sys.version_info[:2]}", f"format {FORMAT}"]
    for name in ("markdown", "nh3", "babel"):
        try:
            parts.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} ?")
    package = Path(__file__).resolve().parent
    # The code too: an editable install changes without a new version number.
    for path in sorted(package.glob("*.py")):
        parts.append(f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}")
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
    """Digests of input files, each read once; a missing file has a digest of its own."""

    def __init__(self) -> None:
        self._digests: dict[Path, str] = {}

    def digest(self, path: Path) -> str:
        found = self._digests.get(path)
        if found is None:
            try:
                found = hashlib.sha256(path.read_bytes()).hexdigest()
            except FileNotFoundError:
                found = "missing"
            except OSError as error:  # unreadable: the build will say so; never reuse
                found = f"unreadable {error.errno} {os.urandom(8).hex()}"
            self._digests[path] = found
        return found

    def of(self, paths: Iterable[Path]) -> str:
        """One digest for several files, names included."""
        return digest(*(f"{path.as_posix()} {self.digest(path)}" for path in paths))


def stamp(path: Path) -> list[int] | None:
    """What a written file looks like from outside: size and modification time."""
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def intact(root: Path, outputs: Mapping[str, list[int]]) -> bool:
    """True when every recorded output is still there, as it was written."""
    return all(stamp(root / name) == recorded for name, recorded in outputs.items())


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
class Manifest:
    """Records of the last build: per job, per site-wide page, and for the whole build."""

    path: Path
    inputs: str = ""  # digest of every input of the last complete build
    jobs: dict[str, Record] = field(default_factory=dict)
    pages: dict[str, Record] = field(default_factory=dict)  # index pages, feeds, chooser
    report: Record = field(default_factory=Record)  # the whole build's outputs and messages

    @classmethod
    def load(cls, root: Path) -> Manifest:
        """The build manifest of content root ``root``; empty if missing or not ours."""
        path = root / CACHE / MANIFEST
        manifest = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("fingerprint") != fingerprint():
                return manifest
            manifest.inputs = str(data["inputs"])
            manifest.jobs = {k: Record(**v) for k, v in data["jobs"].items()}
            manifest.pages = {k: Record(**v) for k, v in data["pages"].items()}
            manifest.report = Record(**data["report"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(path)
        return manifest

    def dump(self) -> str:
        def plain(record: Record) -> dict[str, Any]:
            return {
                "digest": record.digest, "page": record.page, "outputs": record.outputs,
                "notes": record.notes, "errors": record.errors, "data": record.data,
            }

        return json.dumps(
            {
                "fingerprint": fingerprint(),
                "inputs": self.inputs,
                "jobs": {k: plain(v) for k, v in sorted(self.jobs.items())},
                "pages": {k: plain(v) for k, v in sorted(self.pages.items())},
                "report": plain(self.report),
            },
            ensure_ascii=False, sort_keys=True, separators=(",", ":"),
        ) + "\n"


def job_key(slug: str, tag: str) -> str:
    return f"{tag}/{slug}"
