"""Alerts x languages: paths, reading inputs, atomic writes into locales/ and build/.

The stages themselves are pure (segment, extract, catalog, localize, render,
page); this module does the file I/O around them and keeps one language's
failure from touching another's output.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import catalog as catalogs
from . import check, extract, pofile
from .config import Config
from .errors import AlertI18nError, BuildError, CatalogError, SourceError, UsageError
from .localize import localize, normalize
from .model import Catalog, Language, SourceDocument
from .page import PageInfo, alert_page
from .render import Renderer
from .segment import decode_source, parse_source

FORMATS = ("html", "md")


# -- paths -------------------------------------------------------------------

def template_path(config: Config, slug: str) -> Path:
    return config.locale_dir / f"{slug}.pot"


def catalog_path(config: Config, language: Language, slug: str) -> Path:
    return config.locale_dir / language.locale / "LC_MESSAGES" / f"{slug}.po"


def output_path(config: Config, language: Language | str, slug: str, fmt: str) -> Path:
    tag = language if isinstance(language, str) else language.tag
    suffix = {"html": ".html", "md": ".md", "fragment": ".fragment.html"}[fmt]
    return config.build_dir / tag / f"{slug}{suffix}"


def relative(config: Config, path: Path) -> str:
    """``path`` as the user knows it: relative to the content root, with slashes."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


# -- reading -----------------------------------------------------------------

def source_paths(config: Config) -> list[Path]:
    if not config.source_dir.is_dir():
        raise UsageError(
            f"no {relative(config, config.source_dir)}/ folder: put English alerts there "
            "as Markdown files (see README)",
            path=str(config.root),
        )
    return sorted(config.source_dir.glob("*.md"))


def read_source(config: Config, path: Path) -> SourceDocument:
    name = relative(config, path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", path=name) from None
    return parse_source(decode_source(data, path=name), path=name)


def read_sources(config: Config) -> list[SourceDocument]:
    return [read_source(config, path) for path in source_paths(config)]


def read_catalog(config: Config, path: Path) -> Catalog:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", path=relative(config, path)) from None
    return pofile.read_po(data, path=relative(config, path))


def target_languages(config: Config, codes: Sequence[str]) -> list[Language]:
    """Languages named with -l, else configured, else the folders under locales/."""
    if not codes:
        codes = config.languages
    if not codes and config.locale_dir.is_dir():
        codes = sorted(
            p.name for p in config.locale_dir.iterdir() if (p / "LC_MESSAGES").is_dir()
        )
    result: list[Language] = []
    for code in codes:
        language = config.language(code)
        if language.tag != config.source_language and language not in result:
            result.append(language)
    return result


# -- writing -----------------------------------------------------------------

def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Atomically replace ``path`` with ``content`` unless it already holds it."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return True


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
    """source/*.md -> locales/<slug>.pot"""
    report = Report()
    for document in read_sources(config):
        template = extract.template(document, project=config.project)
        path = template_path(config, document.slug)
        report.wrote(config, path, write_if_changed(path, pofile.write_po(template)))
    return report


def run_update(config: Config, codes: Sequence[str]) -> Report:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po for each alert and language."""
    report = Report()
    documents = read_sources(config)
    languages = target_languages(config, codes)
    if not languages:
        raise UsageError("no languages: name them with -l LANG or in [tool.alert-i18n] languages")
    templates = {d.slug: extract.template(d, project=config.project) for d in documents}
    for language in languages:
        folder = config.locale_dir / language.locale / "LC_MESSAGES"
        existing: dict[str, Catalog] = {}
        broken: set[str] = set()
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            try:
                existing[path.stem] = read_catalog(config, path)
            except CatalogError as error:
                report.errors.append(error)  # never overwrite a file we could not read
                broken.add(path.stem)
        for slug, template in templates.items():
            if slug in broken:
                continue
            memory = catalogs.TranslationMemory.from_catalogs(
                {s: c for s, c in existing.items() if s != slug}
            )
            old = existing.get(slug)
            if old is None:
                old = catalogs.new_catalog(template, language, revision_date=revision_date())
            merged = catalogs.merge(catalogs.complete_header(old, language), template,
                                    memory=memory)
            path = catalog_path(config, language, slug)
            report.wrote(config, path, write_if_changed(path, pofile.write_po(merged)))
    return report


def run_check(config: Config, codes: Sequence[str]) -> list[check.Status]:
    """Count and check every alert's catalog in each language, against the source (read only).

    A language without a catalog for an alert counts as 0%; a catalog whose
    alert has no source is reported.  An unreadable catalog raises CatalogError.
    """
    templates = {d.slug: extract.template(d, project=config.project) for d in read_sources(config)}
    languages = target_languages(config, codes)
    if not languages:
        raise UsageError("no languages to check: name them with -l LANG, in "
                         "[tool.alert-i18n] languages, or as folders under locales/")
    statuses: list[check.Status] = []
    for language in languages:
        folder = config.locale_dir / language.locale / "LC_MESSAGES"
        slugs = set(templates)
        if folder.is_dir():
            slugs.update(p.stem for p in folder.glob("*.po"))
        for slug in sorted(slugs):
            path = catalog_path(config, language, slug)
            catalog = read_catalog(config, path) if path.is_file() else None
            statuses.append(check.catalog_status(
                alert=slug, language=language, path=relative(config, path),
                template=templates.get(slug), catalog=catalog,
            ))
    order = {language: index for index, language in enumerate(languages)}
    return sorted(statuses, key=lambda s: (s.alert, order[s.language]))


@dataclass(frozen=True)
class Published:
    """One alert in one language, ready to write."""

    language: Language
    markdown: str
    html: str
    title: str
    links: tuple[str, ...]
    fallback: int
    total: int


def localize_one(
    document: SourceDocument,
    language: Language,
    layers: Sequence[tuple[str, dict[str, str]]],
    *,
    config: Config,
    renderer: Renderer,
) -> Published:
    """Localized Markdown and HTML for one alert in one language."""
    source_language = config.source_language
    markdown, placed = localize(document, layers, source_language=source_language)
    if any(p.language != language.tag for p in placed):
        marked, _ = localize(document, layers, source_language=source_language, mark=True)
    else:
        marked = markdown
    rendered = renderer.render(marked[document.body_start :])  # front matter is data
    info = PageInfo(language=language, title=rendered.title or document.slug,
                    description=rendered.description)
    return Published(
        language=language,
        markdown=markdown,
        html=alert_page(rendered.html, info),
        title=rendered.title,
        links=rendered.links,
        fallback=sum(1 for p in placed if p.language != language.tag),
        total=len(placed),
    )


def publishable(
    config: Config, catalog: Catalog, path: Path, report: Report
) -> dict[str, str]:
    """Reviewed translations that pass the blocking checks; the rest fall back."""
    table: dict[str, str] = {}
    for message in catalog.active:
        if not message.translated or message.msgctxt is not None:
            continue
        translation = normalize(message.msgstr)
        problems = check.blocking_problems(message.msgid, translation)
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
        table[message.msgid] = translation
    return table


def run_build(
    config: Config,
    codes: Sequence[str],
    formats: Iterable[str] = FORMATS,
    *,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Build every alert in the source language and each target language."""
    report = Report()
    formats = tuple(dict.fromkeys(formats))
    documents = read_sources(config)
    source = config.language(config.source_language)
    languages = [source] + target_languages(config, codes)
    renderer = Renderer()
    tables: dict[tuple[str, str], dict[str, str]] = {}

    def table_for(tag: str, slug: str) -> dict[str, str]:
        """Publishable translations of one alert in one language (cached, read once)."""
        key = (tag, slug)
        if key not in tables:
            language = config.language(tag)
            path = catalog_path(config, language, slug)
            tables[key] = {}
            if path.is_file():
                tables[key] = publishable(config, read_catalog(config, path), path, report)
        return tables[key]

    for document in documents:
        english = localize_one(document, source, [], config=config, renderer=renderer)
        for language in languages:
            try:
                if language == source:
                    result = english
                else:
                    layers = [(language.tag, table_for(language.tag, document.slug))]
                    for tag in config.fallback_chain(language):
                        if tag != config.source_language:
                            layers.append((tag, table_for(tag, document.slug)))
                    result = localize_one(document, language, layers, config=config,
                                          renderer=renderer)
                    if sorted(result.links) != sorted(english.links):
                        raise BuildError(
                            "link targets differ from the English page; not published",
                            path=relative(config, output_path(config, language, document.slug,
                                                              "html")),
                        )
            except AlertI18nError as error:
                report.errors.append(error)
                continue
            outputs = {"md": result.markdown, "html": result.html}
            for fmt in formats:
                path = output_path(config, language, document.slug, fmt)
                report.wrote(config, path, write_if_changed(path, outputs[fmt]))
            if language != source:
                report.notes.append(
                    f"{language.tag}: {document.slug}: {result.total - result.fallback} of "
                    f"{result.total} messages translated, {result.fallback} fell back"
                )
            if progress is not None:
                progress(f"{language.tag}/{document.slug}")
    return report
