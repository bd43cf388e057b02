"""The content root: where every file is, which alerts and languages there are, reading them.

Paths are joined as strings and made a ``Path`` once: a build makes thousands.
Errors name files as the user knows them (``relative``).

Only regular files inside the content root are read (``read_inside``): a
source or catalog that is a symbolic link out of it (a committed link to a
CI runner's credentials) is refused by name and never opened, and a FIFO,
socket or folder where a file should be is named, never waited on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from . import disk
from .config import Config
from .errors import AlertI18nError, CatalogError, SourceError, UsageError
from .languages import spellings
from .model import CHROME_DOMAIN, Catalog, Language, SourceDocument
from .po.reader import read_po
from .segment import decode_source, parse_source

# The default; "fragment" (the body alone, for a CMS) on request.  text, sms, cap: the
# channels (plain text, SMS, CAP 1.2), written by ``channels`` rather than SUFFIXES.
FORMATS = ("html", "md", "text", "sms", "cap")
ALL_FORMATS = (*FORMATS, "fragment")


# -- paths -------------------------------------------------------------------

def template_path(config: Config, slug: str) -> Path:
    return config.locale_dir / f"{slug}.pot"


def catalog_path(config: Config, language: Language, slug: str) -> Path:
    return Path(os.path.join(config.locale_dir, language.locale, "LC_MESSAGES", f"{slug}.po"))


SUFFIXES = {"html": ".html", "md": ".md", "fragment": ".fragment.html"}


def output_path(config: Config, language: Language | str, slug: str, fmt: str) -> Path:
    tag = language if isinstance(language, str) else language.tag
    return Path(os.path.join(config.build_dir, tag, f"{slug}{SUFFIXES[fmt]}"))


def relative(config: Config, path: str | Path) -> str:
    """``path`` as the user knows it: relative to the content root, with slashes."""
    name, root = str(path), str(config.root)
    if name.startswith(root) and name[len(root) : len(root) + 1] == os.sep:
        return name[len(root) + 1 :].replace(os.sep, "/")
    if root == "." and not os.path.isabs(name) and not name.startswith(".."):
        return name.replace(os.sep, "/")  # joined to "." (the default root): relative already
    path = Path(path)
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


# -- reading -----------------------------------------------------------------

def source_paths(config: Config) -> list[Path]:
    return [Path(name) for name in source_names(config)]


def source_names(config: Config) -> list[str]:
    """``source_paths`` as strings (a rebuild with nothing to do makes no Path)."""
    if not config.source_dir.is_dir():
        raise UsageError(
            f"no {relative(config, config.source_dir)}/ folder: put English alerts there "
            "as Markdown files (see README)",
            path=str(config.root),
        )
    folder = str(config.source_dir)
    try:
        names = os.listdir(folder)
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}",
                          path=relative(config, config.source_dir)) from None
    # glob("*.md"), at a tenth of the cost; in the order of their slugs, as the build
    # manifest's entries are read.
    stems = sorted(name[:-3] for name in names if name.endswith(".md"))
    taken = {CHROME_DOMAIN: f"the page chrome's catalogs (locales/{CHROME_DOMAIN}.pot)",
             "index": "the index pages (build/<lang>/index.html)"}
    for stem in stems:
        if stem in taken:
            raise SourceError(f"the name {stem!r} is taken by {taken[stem]}: rename the alert",
                              path=relative(config, config.source_dir / f"{stem}.md"))
    return [os.path.join(folder, f"{stem}.md") for stem in stems]


def read_inside(config: Config, path: str | Path) -> bytes:
    """The bytes of ``path``, a regular file inside the content root (symbolic links
    resolved); else an OSError whose ``strerror`` says why, without reading it."""
    name = os.fspath(path)
    status = os.lstat(name)
    if stat.S_ISLNK(status.st_mode):
        try:
            name = os.path.realpath(name, strict=True)
        except FileNotFoundError:
            raise OSError(errno.ENOENT, "it is a symbolic link to a file that does not "
                                        "exist") from None
        except OSError as error:
            raise OSError(error.errno, f"it is a symbolic link that cannot be followed "
                                       f"({error.strerror})") from None
        if not _inside(config, name):
            raise OSError(errno.EPERM, "it is a symbolic link to a file outside the content "
                                       "root: not followed (copy the file in instead)")
        status = os.stat(name)
    elif not _inside(config, _real_folder(os.path.dirname(os.path.abspath(name)))):
        raise OSError(errno.EPERM, "it is in a folder linked from outside the content "
                                   "root: not followed")
    if not stat.S_ISREG(status.st_mode):
        raise disk.not_a_file(status.st_mode, path)
    return disk.read_bytes(name)  # which checks again, on the file it opens


def _inside(config: Config, real: str) -> bool:
    """Whether the resolved path ``real`` is in the content root (the site's, for a preview)."""
    root = _real_folder(os.path.abspath(config.inputs_root or config.root))
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@lru_cache(maxsize=256)  # a few folders per build (source/, one per language); a CLI
def _real_folder(folder: str) -> str:  # process runs one command, so none changes meanwhile
    return os.path.realpath(folder)


def read_source(config: Config, path: str | Path, *, body: bool = True) -> SourceDocument:
    """An English alert, segmented (with ``body`` false: only its front matter read)."""
    name = relative(config, path)
    try:
        data = read_inside(config, path)
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", path=name) from None
    with processing(name):
        return parse_source(decode_source(data, path=name), path=name, body=body)


def read_sources(config: Config) -> list[SourceDocument]:
    return [read_source(config, path) for path in source_paths(config)]


def read_catalog(config: Config, path: Path) -> Catalog:
    """A catalog (``present`` at ``path``), or CatalogError naming it: not a regular file
    inside the content root, empty, or malformed."""
    name = relative(config, path)
    try:
        data = read_inside(config, path)
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", path=name) from None
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise CatalogError("the file is empty, not a catalog (a catalog has a header at "
                           "least): delete it, and `alert-i18n update` makes a new one",
                           path=name)
    with processing(name):
        return read_po(data, path=name)


def present(path: str | Path) -> bool:
    """Whether anything is at ``path``: a catalog to read, or to refuse by name when it
    is no regular file (a folder, a FIFO, a dangling link).  Not there: no catalog."""
    return os.path.lexists(path)


def target_languages(config: Config, codes: Sequence[str]) -> list[Language]:
    """Languages named with -l, else configured, else the folders under locales/."""
    return [config.language(code) for code in target_codes(config, codes)]


def target_codes(config: Config, codes: Sequence[str]) -> list[str]:
    """``target_languages`` as codes, one per language: checked, without CLDR's data."""
    if not codes:
        codes = config.languages
    if not codes and config.locale_dir.is_dir():
        # The folder holds every alert's template too: only folders are looked into.
        codes = sorted(
            entry.name for entry in os.scandir(config.locale_dir)
            if entry.is_dir() and os.path.isdir(os.path.join(entry.path, "LC_MESSAGES"))
        )
    tags: dict[str, str] = {}
    for code in codes:
        tag = spellings(code)[0]
        if tag != config.source_language:
            tags.setdefault(tag, code)
    return list(tags.values())


def catalog_names(config: Config) -> list[str]:
    """Every ``locales/*/LC_MESSAGES/*.po``, in order (glob's result, at a tenth of the cost)."""
    found: list[str] = []
    try:
        folders = [entry.path for entry in os.scandir(config.locale_dir) if entry.is_dir()]
    except OSError:
        return []
    for folder in folders:
        messages = os.path.join(folder, "LC_MESSAGES")
        try:
            found += [os.path.join(messages, name) for name in os.listdir(messages)
                      if name.endswith(".po")]
        except OSError:
            continue
    return sorted(found)



PROCESSING = "while processing "


@contextlib.contextmanager
def processing(name: str) -> Iterator[None]:
    """Name the file being processed on an error that does not name one.

    An AlertI18nError without a path gets ``name``; any other exception (a bug,
    here or in a library) gets a note that ``cli.main`` reports.  The innermost
    name wins.
    """
    try:
        yield
    except AlertI18nError as error:
        if error.path is None:
            error.path = name
        raise
    except Exception as error:
        if not any(note.startswith(PROCESSING) for note in getattr(error, "__notes__", ())):
            error.add_note(PROCESSING + name)
        raise


def revision_date() -> str:
    """Now, as gettext writes dates; SOURCE_DATE_EPOCH makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", moment)


def orphan_folders(config: Config, tags: Sequence[str]) -> list[str]:
    """A note for each language folder in build/ that is no language of the site:
    the build never deletes, so its pages stay published, no longer updated."""
    try:
        names = sorted(entry.name for entry in os.scandir(config.build_dir)
                       if entry.is_dir() and not entry.name.startswith("."))
    except OSError:
        return []
    notes = []
    for name in names:
        try:
            tag = spellings(name)[0]
        except UsageError:
            continue  # not a language folder ("assets"): the publisher's own
        if tag == name and tag not in tags:
            notes.append(f"{relative(config, config.build_dir / name)}/: not a language of this "
                         "site (any more); its pages stay published, no longer updated, until "
                         "the folder is deleted")
    return notes
