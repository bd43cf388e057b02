"""Alerts x languages: paths, reading inputs, atomic writes into locales/ and build/.

The stages themselves are pure (segment, extract, catalog, localize, render,
page); this module does the file I/O around them and keeps one language's
failure from touching another's output.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import os
import re
import shutil
import stat
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import disk, incremental, lazy_module
from .config import Config
from .errors import AlertI18nError, BuildError, CatalogError, CombinedError, SourceError, UsageError
from .languages import spellings
from .localize import localize_both, normalize
from .model import CHROME_DOMAIN, Catalog, Language, SourceDocument
from .segment import decode_source, parse_source

if TYPE_CHECKING:
    from concurrent.futures import Future

# Loaded on first use (see lazy_module): a rebuild with nothing to do needs none.
catalogs = lazy_module("alert_i18n.catalog")
check = lazy_module("alert_i18n.check")
chrome = lazy_module("alert_i18n.chrome")
extract = lazy_module("alert_i18n.extract")
glossary = lazy_module("alert_i18n.glossary")
page = lazy_module("alert_i18n.page")
parallel = lazy_module("alert_i18n.parallel")
pivot = lazy_module("alert_i18n.pivot")
pofile = lazy_module("alert_i18n.pofile")
render = lazy_module("alert_i18n.render")
review = lazy_module("alert_i18n.review")
site = lazy_module("alert_i18n.site")

FORMATS = ("html", "md")  # the default; "fragment" (the body alone, for a CMS) on request
ALL_FORMATS = (*FORMATS, "fragment")


# -- paths -------------------------------------------------------------------

def template_path(config: Config, slug: str) -> Path:
    return config.locale_dir / f"{slug}.pot"


# Paths are joined as strings and made a Path once: the build makes thousands.

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
    return [Path(name) for name in _source_names(config)]


def _source_names(config: Config) -> list[str]:
    """``source_paths`` as strings (a rebuild with nothing to do makes no Path)."""
    if not config.source_dir.is_dir():
        raise UsageError(
            f"no {relative(config, config.source_dir)}/ folder: put English alerts there "
            "as Markdown files (see README)",
            path=str(config.root),
        )
    folder = str(config.source_dir)
    stems = [name[:-3] for name in sorted(os.listdir(folder))
             if name.endswith(".md")]  # glob("*.md"), at a tenth of the cost
    taken = {CHROME_DOMAIN: f"the page chrome's catalogs (locales/{CHROME_DOMAIN}.pot)",
             "index": "the index pages (build/<lang>/index.html)"}
    for stem in stems:
        if stem in taken:
            raise SourceError(f"the name {stem!r} is taken by {taken[stem]}: rename the alert",
                              path=relative(config, config.source_dir / f"{stem}.md"))
    return [os.path.join(folder, f"{stem}.md") for stem in stems]


def read_source(config: Config, path: str | Path, *, body: bool = True) -> SourceDocument:
    """An English alert, segmented (with ``body`` false: only its front matter read)."""
    name = relative(config, path)
    try:
        data = disk.read_bytes(path)
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", path=name) from None
    with processing(name):
        return parse_source(decode_source(data, path=name), path=name, body=body)


def read_sources(config: Config) -> list[SourceDocument]:
    return [read_source(config, path) for path in source_paths(config)]


def read_catalog(config: Config, path: Path) -> Catalog:
    try:
        data = disk.read_bytes(path)
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", path=relative(config, path)) from None
    with processing(relative(config, path)):
        return pofile.read_po(data, path=relative(config, path))


def target_languages(config: Config, codes: Sequence[str]) -> list[Language]:
    """Languages named with -l, else configured, else the folders under locales/."""
    return [config.language(code) for code in _target_codes(config, codes)]


def _target_codes(config: Config, codes: Sequence[str]) -> list[str]:
    """``target_languages`` as codes, one per language: checked, without CLDR's data."""
    if not codes:
        codes = config.languages
    if not codes and config.locale_dir.is_dir():
        codes = sorted(
            p.name for p in config.locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir()
        )
    tags: dict[str, str] = {}
    for code in codes:
        tag = spellings(code)[0]
        if tag != config.source_language:
            tags.setdefault(tag, code)
    return list(tags.values())


# -- writing -----------------------------------------------------------------

def write_if_changed(path: Path, content: str | bytes, *, durable: bool = True) -> bool:
    """Atomically replace ``path`` with ``content`` unless it already holds it.

    ``durable`` waits until the bytes are on disk before the rename (fsync): for
    catalogs, a translator's work.  Build outputs skip it (a few milliseconds
    each, thousands of files): they are made again from their inputs, and a
    file a crash left short no longer matches the build manifest.
    """
    return _replace(path, content, durable=durable)[0]


def _replace(path: Path, content: str | bytes, *, durable: bool) -> tuple[bool, list[int]]:
    """``write_if_changed``, and the file's ``incremental.stamp`` afterwards."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    remove_stale_temporaries(path)
    mode = None  # a new file's: 0666 less the umask, as open() makes it
    try:
        status = os.stat(path)
        if status.st_size == len(data) and disk.read_bytes(path) == data:
            return False, incremental.stamp(status)
        mode = stat.S_IMODE(status.st_mode)  # kept: 0600 would hide pages from a server
    except OSError:
        pass
    handle, temporary = _temporary(path)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(handle, mode)
        status = disk.write_all(handle, data, durable=durable)
        os.replace(temporary, path)  # the same file: its size and time go with it
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return True, incremental.stamp(status)


_TEMPORARIES = itertools.count()


def _temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file beside ``path``, open for writing (its folder made if need be).

    Its name carries our process id, so that a later write can tell one a
    killed build left behind from one a running build is writing.
    """
    while True:
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{next(_TEMPORARIES)}.tmp")
        try:
            return disk.create(temporary), temporary
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            return disk.create(temporary), temporary


_SWEPT: set[Path] = set()  # folders this run has cleared of dead writers' temporaries


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporaries in ``path``'s folder whose writer is dead (a build killed mid-write).

    Once per folder per process: listing a folder of thousands of pages before
    each write would make a build quadratic.  Only on POSIX, where
    ``kill(pid, 0)`` asks without sending; elsewhere a leftover stays (it is
    hidden, and never read).
    """
    if os.name != "posix" or path.parent in _SWEPT:
        return
    pattern = re.compile(r"\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    _SWEPT.add(path.parent)
    for name in names:
        found = pattern.fullmatch(name)
        if found and not _alive(int(found.group(1))):
            with contextlib.suppress(OSError):
                if (path.parent / name).is_dir():  # a staging folder (see Staging)
                    shutil.rmtree(path.parent / name)
                else:
                    os.unlink(path.parent / name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process, or we may not ask: leave its files alone
    return True


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


# -- commands ----------------------------------------------------------------

@dataclass
class Report:
    """What a command did, and what went wrong, per file or language."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[AlertI18nError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def wrote(self, config: Config, path: Path, changed: bool) -> None:
        if changed:
            self.written.append(relative(config, path))
        else:
            self.unchanged += 1


def run_extract(config: Config) -> Report:
    """source/*.md -> locales/<slug>.pot, and the page chrome -> locales/site.pot"""
    _SWEPT.clear()
    report = Report()
    for document in read_sources(config):
        template = extract.template(document, project=config.project)
        path = template_path(config, document.slug)
        report.wrote(config, path, write_if_changed(path, pofile.write_po(template)))
    path = template_path(config, CHROME_DOMAIN)
    template = chrome.template(project=config.project)
    report.wrote(config, path, write_if_changed(path, pofile.write_po(template)))
    return report


def run_compile(config: Config, codes: Sequence[str]) -> Report:
    """locales/<lang>/LC_MESSAGES/<slug>.po -> .mo beside it, for gettext runtimes.

    Only what a page may publish is compiled: reviewed translations that pass
    the blocking checks (rejected ones are reported, as ``build`` reports them).
    """
    report = Report()
    for language in target_languages(config, codes):
        folder = config.locale_dir / language.locale / "LC_MESSAGES"
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            try:
                catalog = read_catalog(config, path)
            except CatalogError as error:
                report.errors.append(error)
                continue
            table = publishable(config, catalog, path, report,
                                brace_format=path.stem == CHROME_DOMAIN)
            kept = tuple(
                m for m in catalog.active
                if m.translated and unicodedata.normalize("NFC", m.msgid) in table
            )
            compiled = pofile.write_mo(replace(catalog, messages=kept))
            target = path.with_suffix(".mo")
            report.wrote(config, target, write_if_changed(target, compiled))
    return report


def run_update(config: Config, codes: Sequence[str]) -> Report:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po for each alert and language.

    Memory does not grow with the archive beyond the translation memories: the
    catalogs are read once for the memories, then again one alert at a time to
    be merged, each alert's template made when its turn comes.  Alert by alert,
    every language in turn, so caches of text met in the previous catalog stay
    small.  Catalogs are written durably (fsync) by a few threads, so waiting
    for the disk overlaps with merging.
    """
    _SWEPT.clear()
    report = Report()
    revised = revision_date()  # one date for every catalog this run creates or completes
    paths = source_paths(config)
    for path in paths:  # every source is checked before anything is written
        read_source(config, path)
    languages = target_languages(config, codes)
    if not languages:
        if codes:
            raise UsageError(f"{config.source_language!r} is the source language: the English "
                             "text is in source/, it has no catalog to update")
        raise UsageError("no languages: name them with -l LANG or in [tool.alert-i18n] languages")

    def templates() -> Iterator[tuple[str, Catalog]]:
        for path in paths:
            document = read_source(config, path)
            yield document.slug, extract.template(document, project=config.project)
        yield CHROME_DOMAIN, chrome.template(project=config.project)

    def remembered(folder: Path, broken: set[str]) -> Iterator[catalogs.Suggestion]:
        for path in sorted(folder.glob("*.po"), key=lambda p: p.stem) if folder.is_dir() else []:
            try:
                catalog = read_catalog(config, path)
            except CatalogError as error:
                report.errors.append(error)  # never overwrite a file we could not read
                broken.add(path.stem)
                continue
            if path.stem != CHROME_DOMAIN:
                yield from catalogs.TranslationMemory.suggestions(path.stem, catalog)

    # Alerts share a memory; the chrome's short labels are a domain apart.  Built
    # once per language (not once per alert): each alert sees it without itself.
    broken: dict[str, set[str]] = {language.tag: set() for language in languages}
    memories = {
        language.tag: catalogs.TranslationMemory(
            remembered(config.locale_dir / language.locale / "LC_MESSAGES", broken[language.tag])
        )
        for language in languages
    }
    with _Writer() as writer:
        for slug, template in templates():
            for language in languages:
                if slug in broken[language.tag]:
                    continue
                memory = (
                    catalogs.TranslationMemory(())
                    if slug == CHROME_DOMAIN
                    else memories[language.tag].excluding(slug)
                )
                path = catalog_path(config, language, slug)
                if path.is_file():
                    old = read_catalog(config, path)
                else:
                    old = catalogs.new_catalog(template, language, revision_date=revised)
                merged = catalogs.merge(
                    catalogs.complete_header(old, language, template,
                                             revision_date=revised),
                    template, memory=memory,
                )
                merged = _with_pivot(config, language, slug, merged)  # review hook
                writer.write(path, pofile.write_po(merged))
    for path, changed in writer.done:
        report.wrote(config, path, changed)
    return report


def _with_pivot(config: Config, language: Language, slug: str, merged: Catalog) -> Catalog:
    """``merged`` with the pivot language's translations as comments (``[tool.alert-i18n.pivot]``);
    unchanged when there is no pivot or its catalog cannot be read."""
    code = config.pivots.get(language.tag)
    if not code:
        return merged
    path = catalog_path(config, config.language(code), slug)
    try:
        found = read_catalog(config, path) if path.is_file() else Catalog()
    except CatalogError:
        return merged  # told where that catalog is updated itself
    return pivot.annotate(merged, found, code=code)


class _Writer:
    """``write_if_changed`` (durable) on a few threads: fsync waits for the disk, and
    several waits at once cost little more than one.  Results in the order written."""

    THREADS = 8

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor  # only commands that write catalogs

        self.done: list[tuple[Path, bool]] = []
        self._pending: collections.deque[tuple[Path, Future[bool]]] = collections.deque()
        self._pool = ThreadPoolExecutor(max_workers=self.THREADS)

    def write(self, path: Path, content: str) -> None:
        self._pending.append((path, self._pool.submit(write_if_changed, path, content)))
        while len(self._pending) > 4 * self.THREADS:  # a few files in flight, not the archive
            self._finish_one()

    def _finish_one(self) -> None:
        path, future = self._pending.popleft()
        self.done.append((path, future.result()))

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                while self._pending:
                    self._finish_one()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)


def run_check(config: Config, codes: Sequence[str]) -> list[check.Status]:
    """Count and check every alert's catalog in each language, against the source (read only).

    A language without a catalog for an alert counts as 0%; a catalog whose
    alert has no source is reported.  Unreadable catalogs raise CatalogError, or
    CombinedError naming each when there are several (all are read first).
    """
    sources = {path.stem: path for path in source_paths(config)}
    # The chrome's catalog is checked where it exists; without it pages show English chrome.
    chrome_template = chrome.template(project=config.project)
    languages = target_languages(config, codes)
    if not languages:
        raise UsageError("no languages to check: name them with -l LANG, in "
                         "[tool.alert-i18n] languages, or as folders under locales/")
    catalogs_of: dict[Language, set[str]] = {}
    for language in languages:
        folder = config.locale_dir / language.locale / "LC_MESSAGES"
        catalogs_of[language] = set(sources)
        if folder.is_dir():
            catalogs_of[language].update(p.stem for p in folder.glob("*.po"))
    statuses: list[check.Status] = []
    broken: list[AlertI18nError] = []
    terms = {language.tag: glossary.load(config.root, language.locale)  # review hook
             for language in languages}
    # Alert by alert, each template made when its turn comes: memory stays flat, and
    # the checks' caches see each English text again for every language.
    for slug in sorted(set().union(*catalogs_of.values())):
        template = chrome_template if slug == CHROME_DOMAIN else None
        if slug in sources:
            template = extract.template(read_source(config, sources[slug]),
                                        project=config.project)
        for language in languages:
            if slug not in catalogs_of[language]:
                continue
            path = catalog_path(config, language, slug)
            try:
                catalog = read_catalog(config, path) if path.is_file() else None
            except CatalogError as error:
                broken.append(error)  # the next ones are named too, then it stops
                continue
            statuses.append(check.catalog_status(
                alert=slug, language=language, path=relative(config, path),
                template=template, catalog=catalog,
                # review hook: the review rule and the glossary check
                review_required=config.review.requires(language.tag),
                terms=terms[language.tag] if slug != CHROME_DOMAIN else None,
            ))
    if broken:
        raise broken[0] if len(broken) == 1 else CombinedError(broken)
    order = {language: index for index, language in enumerate(languages)}
    return sorted(statuses, key=lambda s: (s.alert, order[s.language]))


@dataclass(frozen=True)
class Published:
    """One alert in one language, ready to write."""

    language: Language
    markdown: str
    body: str  # the alert's HTML, sanitized, without the page around it
    title: str
    links: tuple[str, ...]
    fallback: int
    total: int
    shown: tuple[str, ...] = ()  # the language each message is shown in, document order
    title_language: str = ""
    description: str = ""
    description_language: str = ""
    credit: dict[str, Any] | None = None  # review hook: review.Credit.as_dict() of its catalog


def localize_one(
    document: SourceDocument,
    language: Language,
    layers: Sequence[tuple[str, dict[str, str]]],
    *,
    config: Config,
    renderer: render.Renderer,
) -> Published:
    """Localized Markdown and HTML for one alert in one language."""
    source_language = config.source_language
    markdown, marked, placed = localize_both(document, layers, source_language=source_language)
    with processing(f"{document.path} ({language.tag})"):
        rendered = renderer.render(marked[document.body_start :])  # front matter is data
    shown = tuple(p.language for p in placed)
    return Published(
        language=language,
        markdown=markdown,
        body=rendered.html,
        title=rendered.title,
        links=rendered.links,
        fallback=sum(1 for p in placed if p.language != language.tag),
        total=len(placed),
        shown=shown,
        title_language=next((p.language for p in placed
                             if p.segment.kind.startswith("heading")), language.tag),
        description=rendered.description,
        description_language=rendered.description_language or language.tag,
    )


def publishable(
    config: Config, catalog: Catalog, path: Path, report: Report, *, brace_format: bool = False
) -> dict[str, str]:
    """Reviewed translations that pass the blocking checks; the rest fall back.

    With ``brace_format`` (the chrome), a translation must also keep the
    English's ``{placeholders}`` exactly.
    """
    table: dict[str, str] = {}
    # review hook: where review is required, an unreviewed translation is withheld (as fuzzy)
    required = config.review.requires(_language_tag(path))
    for message in catalog.active:
        if not message.translated or message.msgctxt is not None:
            continue
        if review.withheld(message, required=required):
            continue
        if message.msgid_plural is not None:  # plural hook: forms joined, checked each
            translation = normalize(chrome.plural_form(message))
            problems = [p for form in message.msgstr_plural
                        for p in check.blocking_problems(message.msgid, normalize(form))]
        else:
            translation = normalize(message.msgstr)
            problems = check.blocking_problems(message.msgid, translation)
        reason = chrome.unusable(message.msgid, translation) if brace_format else None
        if reason is not None:
            problems = [("placeholders", "error", reason + "."), *problems]
        if problems:
            name, _, sentence = problems[0]
            report.notes.append(
                f"{relative(config, path)}:{message.line}: [{name}] {sentence} "
                "The English text is published instead."
            )
            report.errors.append(
                BuildError(f"[{name}] translation rejected", path=relative(config, path),
                           line=message.line)
            )
            continue
        # Keys are NFC, as the segmenter's msgids are (see segment.parse_source).
        table[unicodedata.normalize("NFC", message.msgid)] = translation
    if brace_format and (forms := catalog.header_value("Plural-Forms")):  # plural hook
        table[chrome.PLURAL_HEADER] = forms
    return table


def _language_tag(path: Path) -> str:
    """The language of ``locales/<locale>/LC_MESSAGES/<slug>.po`` (BCP 47)."""
    return spellings(path.parent.parent.name)[0]


@dataclass(frozen=True)
class Staging:
    """Language folders a build creates: written in a hidden folder, renamed when done.

    A language folder that did not exist appears whole or not at all, and its
    files need no temporary and rename each (on ext4, half the cost of writing
    a page).  A folder that exists is updated file by file (``write_if_changed``).
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
        ``content``), and its ``incremental.stamp``."""
        where = self.locate(path)
        if where is path:
            return _replace(path, content, durable=False)
        data = content.encode("utf-8") if isinstance(content, str) else content
        status = disk.write_new(where, data)  # a folder no one sees yet
        return True, incremental.stamp(status)

    def finish(self) -> None:
        """Move each staged folder into place (an empty one is dropped)."""
        for tag, folder in self.folders.items():
            target = self.build_dir / tag
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


@dataclass(frozen=True)
class BuildPlan:
    """What every alert's build needs and shares: the same for all (sent to workers)."""

    config: Config
    source: Language
    wanted: tuple[Language, ...]  # written: the source language and the languages asked for
    languages: tuple[Language, ...]  # localized: every language of the site
    formats: tuple[str, ...]
    pages: site.Site
    chrome: dict[str, str]  # language tag -> digest of the chrome catalogs its pages use
    staging: Staging


@dataclass(frozen=True)
class AlertJob:
    """One alert in every language: a unit of work for one process."""

    plan: BuildPlan
    slug: str
    path: str  # the English source, as the user knows it (read by the worker)
    meta: chrome.AlertMeta
    digests: dict[str, str]  # language tag -> digest of that language's inputs
    records: dict[str, incremental.Record]  # language tag -> what the last build did


@dataclass
class AlertBuilt:
    """What building one alert did: files, messages, and its pages for the index."""

    slug: str
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    errors: list[AlertI18nError] = field(default_factory=list)
    published: dict[str, Published] = field(default_factory=dict)  # for the index: no text, links
    records: dict[str, incremental.Record] = field(default_factory=dict)


_RENDERER: list[render.Renderer] = []  # one per process, made on first use


def _renderer() -> render.Renderer:
    if not _RENDERER:
        _RENDERER.append(render.Renderer())
    return _RENDERER[0]


def _summary(result: Published, *, links: bool) -> dict[str, object]:
    """What other pages use of a job's result (JSON, for the manifest): the index's
    title and description, and the English page's links, which the others must keep."""
    return {
        "title": result.title,
        "links": list(result.links) if links else [],
        "fallback": result.fallback,
        "total": result.total,
        "title_language": result.title_language,
        "description": result.description,
        "description_language": result.description_language,
        "credit": result.credit,
    }


def _from_summary(data: dict[str, Any], language: Language) -> Published:
    """A stand-in for a result that was not made again: no Markdown, no body."""
    return Published(
        language=language,
        markdown="",
        body="",
        title=data["title"],
        links=tuple(data["links"]),
        fallback=data["fallback"],
        total=data["total"],
        title_language=data["title_language"],
        description=data["description"],
        description_language=data["description_language"],
        credit=data.get("credit"),
    )


def _names_its_alert(build: Callable[[AlertJob], AlertBuilt]) -> Callable[[AlertJob], AlertBuilt]:
    @functools.wraps(build)
    def named(job: AlertJob) -> AlertBuilt:
        with processing(job.path):
            return build(job)
    return named


@_names_its_alert
def build_alert(job: AlertJob) -> AlertBuilt:
    """Localize, render and write one alert in every language (runs in a worker process).

    A language whose inputs are those of the last build is not rendered again:
    its messages are replayed from the manifest.  A page is assembled and
    written only when something it shows changed; an error in one language
    leaves the others alone.
    """
    plan, config, source, slug = job.plan, job.plan.config, job.plan.source, job.slug
    renderer = _renderer()
    out = AlertBuilt(slug)
    parsed: list[SourceDocument] = []

    def document() -> SourceDocument:
        """The English source, read when something has to be made again."""
        if not parsed:
            parsed.append(read_source(config, config.root / job.path))
        return parsed[0]
    loaded: dict[str, tuple[dict[str, str], Report]] = {}
    broken: dict[str, CatalogError] = {}  # catalogs that cannot be read
    told: set[str] = set()  # catalogs whose problems were told (once per build)
    credits: dict[str, dict[str, Any]] = {}  # review hook: language tag -> its catalog's credit

    def table_for(tag: str, *, loud: bool, told_here: list[str], tell: Report) -> dict[str, str]:
        """Publishable translations of one catalog (read once); its problems told once.

        An unreadable catalog gives nothing: a language falling back to it skips
        it (those passages fall back further), its own language is not published.
        """
        if tag not in loaded and tag not in broken:
            path = catalog_path(config, config.language(tag), slug)
            found = Report()
            table: dict[str, str] = {}
            try:
                if path.is_file():
                    catalog = read_catalog(config, path)
                    table = publishable(config, catalog, path, found)
                    credits[tag] = review.credit(  # review hook: who translated, reviewed
                        catalog, notice=config.review.notices(tag)).as_dict()
            except CatalogError as error:
                broken[tag] = error
                found.errors.append(error)
            loaded[tag] = (table, found)
        table, found = loaded[tag]
        if loud and tag not in told:
            told.add(tag)
            told_here.append(tag)
            tell.notes.extend(found.notes)
            tell.errors.extend(found.errors)
        return table

    def localized(language: Language, *, loud: bool, told_here: list[str],
                  tell: Report) -> Published:
        if language == source:
            return localize_one(document(), source, [], config=config, renderer=renderer)
        layers = [
            (language.tag, table_for(language.tag, loud=loud, told_here=told_here, tell=tell))
        ]
        if language.tag in broken:
            raise broken[language.tag]  # told by table_for, once
        for tag in config.fallback_chain(language):
            if tag != config.source_language:
                layers.append((tag, table_for(tag, loud=loud, told_here=told_here, tell=tell)))
        result = localize_one(document(), language, layers, config=config, renderer=renderer)
        return replace(result, credit=credits.get(language.tag))  # review hook

    full: dict[str, Published] = {}  # rendered in this run
    built: dict[str, Published] = {}  # published: rendered, or summarized from the manifest
    records: dict[str, incremental.Record] = {}
    for language in plan.languages:
        loud = language in plan.wanted
        tag = language.tag
        previous = job.records.get(tag)
        if previous is not None and previous.digest == job.digests[tag]:
            notes, errors = previous.told()
            out.notes.extend(notes)
            out.errors.extend(errors)
            told.update(previous.data.get("told", ()))
            if previous.data.get("published"):
                built[tag] = _from_summary(previous.data["result"], language)
            records[tag] = previous
            continue
        tell = Report()
        told_here: list[str] = []
        record = incremental.Record(digest=job.digests[tag])
        records[tag] = record
        try:
            result = localized(language, loud=loud, told_here=told_here, tell=tell)
            if language != source:
                english = built[source.tag]
                if sorted(result.links) != sorted(english.links):
                    raise BuildError(
                        "link targets differ from the English page; not published",
                        path=relative(config, output_path(config, language, slug,
                                                          "html")),
                    )
        except AlertI18nError as error:
            if language == source:
                raise  # no English page, no site: the whole build stops, as it always did
            if loud and not any(e is error for e in (*out.errors, *tell.errors)):
                tell.errors.append(error)  # (an unreadable catalog is told where first met)
            result = None
        if result is not None and language != source:
            translated = result.total - result.fallback
            percent = check.floor_percent(translated, result.total)
            if loud:
                tell.notes.append(
                    f"{tag}: {slug}: {translated} of "
                    f"{result.total} messages translated, {result.fallback} fell back"
                )
            if percent < config.publish_threshold:
                if loud:
                    tell.notes.append(
                        f"{tag}: {slug}: not published: {percent:g}% "
                        f"translated, below publish-threshold {config.publish_threshold:g}% "
                        f"(build/{tag}/ keeps its previous page, if any)"
                    )
                result = None
        if result is not None:
            full[tag] = built[tag] = result
        record.notes = list(tell.notes)
        record.errors = [incremental.encode_error(e) for e in tell.errors]
        record.data = {"told": told_here, "published": result is not None}
        if result is not None:
            record.data["result"] = _summary(result, links=language == source)
        out.notes.extend(tell.notes)
        out.errors.extend(tell.errors)

    available = [lang for lang in plan.languages if lang.tag in built]
    shown_in = ",".join(lang.tag for lang in available)
    for language in plan.wanted:
        tag = language.tag
        if tag not in built:
            continue
        record = records[tag]
        page_digest = incremental.digest(record.digest, shown_in, plan.chrome[tag],
                                         ",".join(plan.formats))
        if (record.page == page_digest and record.outputs
                and incremental.intact(config.root, record.outputs)):
            out.unchanged += len(record.outputs)
            continue
        result = full.get(tag)
        if result is None:  # its inputs did not change, but a page around it did
            result = localized(language, loud=False, told_here=[], tell=Report())
        listed = _listed(plan, slug, job.meta, result)
        credited = tuple(plan.pages.phrase(text, language)  # review hook: credit notices
                         for text in listed.credits)
        shown = Counter({config.language(t): n for t, n in Counter(result.shown).items()})
        outputs: dict[str, list[int]] = {}
        for fmt in plan.formats:
            if fmt == "md":
                content = result.markdown
            elif fmt == "html":
                info = plan.pages.alert_info(listed, available=available, shown=shown,
                                             total=result.total)
                info = replace(info, notices=info.notices + credited)  # review hook
                content = page.alert_page(result.body, info)
            else:
                content = page.fragment(result.body, language=language,
                                        notices=plan.pages.notices(language, shown,
                                                                   result.total) + credited)
            path = output_path(config, language, slug, fmt)
            name = relative(config, path)
            changed, outputs[name] = plan.staging.write(path, content)
            if changed:
                out.written.append(name)
            else:
                out.unchanged += 1
        record = records[tag] = incremental.Record(
            digest=record.digest, page=page_digest, outputs=outputs, notes=record.notes,
            errors=record.errors, data=record.data)
    out.records = records
    # What the index pages need of each (kept for every alert until the end: no more).
    out.published = {tag: replace(result, markdown="", body="", links=(), shown=())
                     for tag, result in built.items()}
    return out


def _listed(plan: BuildPlan, slug: str, meta: chrome.AlertMeta,
            result: Published) -> site.AlertPage:
    language = plan.config.language
    return site.AlertPage(
        slug=slug, language=result.language, meta=meta,
        title=chrome.Text(result.title or slug, language(result.title_language)),
        description=chrome.Text(result.description, language(result.description_language)),
        credits=tuple(review.credit_texts(review.Credit.from_dict(result.credit),  # review hook
                                          plan.pages.chrome[result.language.tag]))
        if result.credit else (),
    )


def _catalog_names(config: Config) -> list[str]:
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


def _build_inputs(
    config: Config, files: incremental.Files, languages: Sequence[str],
    wanted: Sequence[str], formats: Sequence[str],
) -> str:
    """One digest of everything a build reads: a rebuild that finds it unchanged does nothing."""
    paths = [os.path.join(config.root, "pyproject.toml"), *_source_names(config),
             *_catalog_names(config)]
    return incremental.digest(
        incremental.fingerprint(), files.of(paths),
        ",".join(languages), ",".join(wanted),
        ",".join(formats),
    )


def run_build(
    config: Config,
    codes: Sequence[str],
    formats: Iterable[str] = FORMATS,
    *,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = 1,
) -> Report:
    """Build every alert in the source language and each target language, and the site.

    Every language of the site (configured, or folders under locales/) is
    localized, so that each page lists exactly the languages it is published
    in, whatever ``codes`` asks to write; only the source language and the
    languages of ``codes`` are written.  A page below ``publish-threshold``
    is not written (its previous version stays) and the build says why.

    Alerts are built by ``jobs`` worker processes (None or 0: every core), in
    any order; files and messages come out the same whatever the number.  What
    the last build made from the same inputs is not made again (see
    ``incremental``): a rebuild with nothing changed reads no catalog.
    """
    _SWEPT.clear()  # a new run looks again for what a killed one left (long-lived callers)
    report = Report()
    targets = _target_codes(config, codes)
    for code in targets if codes else ():
        tag, locale = spellings(code)
        if not (config.locale_dir / locale / "LC_MESSAGES").is_dir():
            # A page marked as this language would be all English.
            raise UsageError(f"no catalogs for {tag} in locales/{locale}/: "
                             f"run `alert-i18n update -l {tag}` first")
    formats = tuple(dict.fromkeys(formats))
    # Codes first: the inputs' digest needs only tags, and a rebuild with nothing
    # to do stops before CLDR's data is loaded for names and directions.
    source_code = config.source_language
    wanted_codes = [source_code, *targets]
    site_codes = _target_codes(config, ()) if codes else targets
    all_codes = list({spellings(c)[0]: c for c in
                      [source_code, *site_codes, *wanted_codes]}.values())
    manifest = incremental.Manifest.load(config.root)
    files = incremental.Files(known=manifest.files)
    site_tags = [spellings(c)[0] for c in all_codes]
    inputs = _build_inputs(config, files, site_tags, [spellings(c)[0] for c in wanted_codes],
                           formats)
    if manifest.inputs == inputs and incremental.intact(config.root, manifest.report.outputs):
        report.notes, report.errors = manifest.report.told()
        report.unchanged = len(manifest.report.outputs)
        report.notes.extend(_orphan_folders(config, site_tags))
        return report
    source = config.language(source_code)
    wanted = [config.language(c) for c in wanted_codes]
    languages = [config.language(c) for c in all_codes]

    # Every source is decoded and its front matter checked before anything is
    # written (bad: exit 2).  Only what the site needs is kept; each alert's worker
    # segments its source, so memory does not grow with the archive.
    documents: list[tuple[str, str]] = []  # slug, path as the user knows it
    metas: dict[str, chrome.AlertMeta] = {}
    for name in _source_names(config):
        document = read_source(config, name, body=False)
        metas[document.slug] = chrome.read_meta(document)
        report.notes.extend(chrome.meta_notes(document))
        documents.append((document.slug, document.path))
    loaded: dict[str, tuple[dict[str, str], Report]] = {}
    told: set[str] = set()

    def chain(language: Language) -> list[Language]:
        return [config.language(tag) for tag in config.fallback_chain(language)]

    def chrome_table(tag: str, *, loud: bool) -> dict[str, str]:
        """Publishable chrome translations of one language (read once); problems told once."""
        if tag not in loaded:
            path = catalog_path(config, config.language(tag), CHROME_DOMAIN)
            found = Report()
            table: dict[str, str] = {}
            if path.is_file():
                table = publishable(config, read_catalog(config, path), path, found,
                                    brace_format=True)
            loaded[tag] = (table, found)
        table, found = loaded[tag]
        if loud and tag not in told:
            told.add(tag)
            report.notes.extend(found.notes)
            report.errors.extend(found.errors)
        return table

    def chrome_for(language: Language) -> chrome.Chrome:
        layers = []
        for layer in (language, *chain(language)):
            if layer == source:
                continue
            try:
                layers.append((layer, chrome_table(layer.tag, loud=language in wanted)))
            except AlertI18nError as error:
                if language in wanted:
                    report.errors.append(error)
        return chrome.Chrome(language, layers, source=source)

    pages = site.Site(
        source=source, title=config.site_title, base_url=config.base_url,
        chrome={language.tag: chrome_for(language) for language in languages},
        chains={language.tag: chain(language) for language in languages},
    )
    # Language folders this build creates are staged: see Staging.
    staging = Staging.begin(config.build_dir, [language.tag for language in wanted])
    try:
        plan = BuildPlan(
            config=config, source=source, wanted=tuple(wanted), languages=tuple(languages),
            formats=formats, pages=pages, staging=staging,
            chrome={
                language.tag: files.of(
                    catalog_path(config, layer, CHROME_DOMAIN)
                    for layer in (language, *chain(language)) if layer != source)
                for language in languages
            },
        )
        setting = files.digest(config.root / "pyproject.toml")

        def job(alert: tuple[str, str]) -> AlertJob:
            slug, path = alert
            text = files.digest(config.root / path)
            digests = {}
            for language in languages:
                layers = (
                    []
                    if language == source
                    else [
                        catalog_path(config, layer, slug)
                        for layer in (language, *chain(language))
                        if layer != source
                    ]
                )
                digests[language.tag] = incremental.digest(
                    setting, text, language.tag, "loud" if language in wanted else "quiet",
                    files.of(layers))
            return AlertJob(
                plan=plan,
                slug=slug,
                path=path,
                meta=metas[slug],
                digests=digests,
                records={
                    language.tag: manifest.jobs[key]
                    for language in languages
                    if (key := incremental.job_key(slug, language.tag)) in manifest.jobs
                },
            )

        published: dict[str, dict[str, Published]] = {}
        records: dict[str, incremental.Record] = {}
        outputs: dict[str, list[int]] = {}
        workers = parallel.workers(jobs, len(documents))
        steps, step = len(documents) * len(wanted), 0
        def unchanged(job: AlertJob) -> bool:
            """Nothing to render, most likely: done here rather than sent to a worker."""
            return all((record := job.records.get(tag)) is not None and record.digest == digest
                       and incremental.intact(config.root, record.outputs)
                       for tag, digest in job.digests.items())

        for built in parallel.ordered_map(build_alert, map(job, documents), jobs=workers,
                                          here=unchanged):
            published[built.slug] = built.published
            report.written.extend(built.written)
            report.unchanged += built.unchanged
            report.notes.extend(built.notes)
            report.errors.extend(built.errors)
            for tag, record in built.records.items():
                records[incremental.job_key(built.slug, tag)] = record
                outputs.update(record.outputs)
            for language in wanted:
                if progress is not None and language.tag in built.published:
                    step += 1
                    progress(f"[{step}/{steps}] {language.tag}/{built.slug}")

        def listed(slug: str, result: Published) -> site.AlertPage:
            return _listed(plan, slug, metas[slug], result)

        def write(path: Path, content: str | bytes) -> None:
            changed, outputs[relative(config, path)] = staging.write(path, content)
            report.wrote(config, path, changed)

        if "html" in formats and documents:
            indexed = [lang for lang in languages
                       if any(lang.tag in built for built in published.values())]
            for language in wanted:
                if language not in indexed:
                    continue
                alerts = [
                    listed(slug, published[slug][language.tag])
                    for slug, _ in documents
                    if language.tag in published[slug]
                ]
                heading, entries, info = pages.index(language, alerts, indexed=indexed)
                write(config.build_dir / language.tag / site.INDEX,
                      page.index_page(heading, entries, info))
                write(config.build_dir / language.tag / site.FEED, pages.feed(language, alerts))
            lead, info = pages.chooser(indexed)
            write(config.build_dir / site.INDEX, page.chooser_page(lead, info))
            report.notes.extend(
                f"{path}: no date in its front matter: listed last, and not in the feeds"
                for slug, path in documents
                if metas[slug].date is None
            )

        manifest.inputs = inputs
        manifest.files = files.seen
        manifest.jobs = records
        manifest.report = incremental.Record(
            outputs=outputs, notes=list(report.notes),
            errors=[incremental.encode_error(e) for e in report.errors])
        staging.finish()
    except BaseException:
        staging.abandon()
        raise
    manifest.save()
    report.notes.extend(_orphan_folders(config, site_tags))  # looked at on every build
    return report


def _orphan_folders(config: Config, tags: Sequence[str]) -> list[str]:
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
