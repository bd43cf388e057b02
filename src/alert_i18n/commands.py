"""The catalog commands: extract, update, compile and check.

Each reads what it needs from the content root (``workspace``), runs the pure
stages (``extract``, ``catalog``, ``check``) and writes through ``disk``;
what it did and what went wrong comes back as a ``Report`` for ``cli``.
``build`` has a module of its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from . import catalog as catalogs
from . import channels, chrome, extract, glossary, pivot
from .config import Config
from .disk import Writer, new_run, write_if_changed
from .errors import AlertI18nError, CatalogError, CombinedError, UsageError
from .model import CHROME_DOMAIN, Catalog, Language, Report
from .po.writer import in_utf8, po_bytes, write_mo, write_po
from .publish import compilable
from .status import Status, catalog_status
from .update_memory import settled_memories
from .workspace import (
    catalog_path,
    present,
    read_catalog,
    read_source,
    read_sources,
    relative,
    source_paths,
    target_languages,
    template_path,
)


def run_extract(config: Config) -> Report:
    """source/*.md -> locales/<slug>.pot, and the page chrome -> locales/site.pot

    Templates are written atomically but not fsynced: each is made again from
    the sources by the next ``extract`` (waiting for the disk cost a third).
    """
    new_run()
    report = Report()
    for document in read_sources(config):
        template = extract.template(document, project=config.project)
        path = template_path(config, document.slug)
        changed = write_if_changed(path, write_po(template), durable=False)
        report.wrote(relative(config, path), changed)
    path = template_path(config, CHROME_DOMAIN)
    template = chrome.template(project=config.project)
    changed = write_if_changed(path, write_po(template), durable=False)
    report.wrote(relative(config, path), changed)
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
            compiled = write_mo(compilable(config, catalog, path, report))
            target = path.with_suffix(".mo")
            report.wrote(relative(config, target), write_if_changed(target, compiled))
    return report


def run_update(config: Config, codes: Sequence[str], *,
               progress: Callable[[str], None] | None = None) -> Report:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po for each alert and language.

    Memory does not grow with the archive beyond the translation memories: the
    catalogs are read once for the memories, then again one alert at a time to
    be merged, each alert's template made when its turn comes.  Alert by alert,
    every language in turn, so caches of text met in the previous catalog stay
    small.  Catalogs are written durably (fsync) by a few threads, so waiting
    for the disk overlaps with merging.  A language with a pivot
    (``[tool.alert-i18n.pivot]``) gets the pivot's translations as comments.
    """
    new_run()
    report = Report()
    revised = revision_date()  # one date for every catalog this run creates or completes
    paths = source_paths(config)
    languages = target_languages(config, codes)
    if not languages:
        _check_sources(config, paths)
        if codes:
            raise UsageError(f"{config.source_language!r} is the source language: the English "
                             "text is in source/, it has no catalog to update")
        raise UsageError("no languages: name them with -l LANG or in [tool.alert-i18n] languages")

    def templates() -> Iterator[tuple[str, Catalog]]:
        for path in paths:
            document = read_source(config, path)
            yield document.slug, extract.template(document, project=config.project)
        yield CHROME_DOMAIN, chrome.template(project=config.project)

    # Alerts share a memory; the chrome's short labels are a domain apart.  Built
    # once per language (not once per alert): each alert sees it without itself.
    # It holds what this run leaves in the catalogs, so that one run reaches the
    # fixed point (a second changes nothing).
    # Every source is checked before anything is written: the memories read each
    # one (and write nothing), so only when they fail are the sources read again in
    # order, to report the first broken one, as checking them first would.
    try:
        memories, broken = settled_memories(
            config, paths, languages, report=report, revision_date=revised,
            progress=progress)
    except Exception:
        _check_sources(config, paths)
        raise
    steps, step = (len(paths) + 1) * len(languages), 0
    with Writer() as writer:
        for slug, template in templates():
            # Every language of the alert is merged before any is written: a language's
            # pivot comments come from its pivot's catalog as this run leaves it.
            merged: dict[str, Catalog] = {}
            for language in languages:
                if slug in broken[language.tag]:
                    continue
                memory = (
                    catalogs.TranslationMemory(())
                    if slug == CHROME_DOMAIN
                    else memories[language.tag].excluding(slug)
                )
                path = catalog_path(config, language, slug)
                if present(path):
                    old = read_catalog(config, path)
                else:
                    old = catalogs.new_catalog(template, language, revision_date=revised)
                merged[language.tag] = catalogs.merge(
                    catalogs.complete_header(old, language, template,
                                             revision_date=revised),
                    template, memory=memory,
                )
            for language in languages:
                if language.tag not in merged:
                    continue
                catalog = _with_pivot(config, language, slug, merged[language.tag], merged)
                path = catalog_path(config, language, slug)
                writer.write(path, po_bytes(in_utf8(catalog)))  # as msgmerge does
                if progress is not None:
                    step += 1
                    progress(f"[{step}/{steps}] merging {language.tag}/{slug}")
    for path, changed in writer.done:
        report.wrote(relative(config, path), changed)
    return report


def _check_sources(config: Config, paths: Sequence[Path]) -> None:
    """Read every source in turn: the first that cannot be segmented raises its error."""
    for path in paths:
        read_source(config, path)


def _with_pivot(config: Config, language: Language, slug: str, merged: Catalog,
                this_run: Mapping[str, Catalog]) -> Catalog:
    """``merged`` with the pivot language's translations as comments (``[tool.alert-i18n.pivot]``):
    from the pivot's catalog as this run merged it (``this_run``, by language tag), else
    as it is on disk; unchanged when there is no pivot or its catalog cannot be read."""
    code = config.pivots.get(language.tag)
    if not code:
        return merged
    if (pivot_tag := config.language(code).tag) in this_run:
        return pivot.annotate(merged, this_run[pivot_tag], code=code)
    path = catalog_path(config, config.language(code), slug)
    try:
        found = read_catalog(config, path) if present(path) else Catalog()
    except CatalogError:
        return merged  # told where that catalog is updated itself
    return pivot.annotate(merged, found, code=code)


def run_check(config: Config, codes: Sequence[str], *,
              progress: Callable[[str], None] | None = None) -> list[Status]:
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
    statuses: list[Status] = []
    broken: list[AlertI18nError] = []
    terms = {language.tag: glossary.load(config.root, language.locale) for language in languages}
    # Alert by alert, each template made when its turn comes: memory stays flat, and
    # the checks' caches see each English text again for every language.
    slugs = sorted(set().union(*catalogs_of.values()))
    for number, slug in enumerate(slugs, 1):
        if progress is not None:
            progress(f"[{number}/{len(slugs)}] checking {slug}")
        template = chrome_template if slug == CHROME_DOMAIN else None
        if slug in sources:
            template = extract.template(read_source(config, sources[slug]),
                                        project=config.project)
        for language in languages:
            if slug not in catalogs_of[language]:
                continue
            path = catalog_path(config, language, slug)
            try:
                catalog = read_catalog(config, path) if present(path) else None
            except CatalogError as error:
                broken.append(error)  # the next ones are named too, then it stops
                continue
            status = catalog_status(
                alert=slug, language=language, path=relative(config, path),
                template=template, catalog=catalog,
                review_required=config.review.requires(language.tag),
                terms=terms[language.tag] if slug != CHROME_DOMAIN else None,
            )
            # The channels' findings: SMS budgets and segments, recorded audio.
            statuses.append(channels.with_findings(status, channels.sms_findings(
                template, catalog, path=relative(config, path),
                language_name=language.english_name) + (channels.audio_findings(
                    str(config.root), language.tag, slug) if slug in sources else [])))
    if broken:
        raise broken[0] if len(broken) == 1 else CombinedError(broken)
    order = {language: index for index, language in enumerate(languages)}
    return sorted(statuses, key=lambda s: (s.alert, order[s.language]))


def revision_date() -> str:
    """Now, as gettext writes dates; SOURCE_DATE_EPOCH makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", moment)
