"""The site build: every alert in every language, the index pages and feeds, into build/.

``run_build`` plans the build (languages, the page chrome, the jobs), sends
one ``AlertJob`` per alert to worker processes (``parallel``), where an
``AlertBuild`` (``alert_build``) localizes, renders and writes the alert's
pages, then writes the index pages, feeds, the CAP files and the manifest.  What the last
build made from the same inputs is not made again (``incremental``); a language's failure never
touches another language's output.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import audio, channels, chrome, incremental, page, parallel, reuse, site
from .alert_build import AlertBuilt, AlertJob, BuildPlan, alert_page, build_alert
from .config import Config
from .disk import Staging, new_run
from .errors import AlertI18nError
from .incremental import BuildStart, Record, start_build
from .model import CHROME_DOMAIN, Language, Published, Report
from .publish import publishable
from .workspace import (
    FORMATS,
    catalog_path,
    orphan_folders,
    present,
    read_catalog,
    read_source,
    relative,
    source_names,
)


def run_build(
    config: Config,
    codes: Sequence[str],
    formats: Iterable[str] = FORMATS,
    *,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = 1,
    start: BuildStart | None = None,
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
    ``start`` is ``incremental.start_build``'s finding, if the caller has it.
    """
    new_run()  # a new run looks again for what a killed one left (long-lived callers)
    if start is None:
        start = start_build(config, codes, formats, jobs=jobs)
    if start.replayed is not None:
        return start.replayed
    try:
        return _build(config, start, progress=progress, jobs=jobs)
    except incremental.DamagedManifestError:  # an entry of an alert kept, read late: made again
        return _build(config, start_build(config, codes, formats, fresh=True, jobs=jobs),
                      progress=progress, jobs=jobs)


def _build(config: Config, start: BuildStart, *, progress: Callable[[str], None] | None,
           jobs: int | None) -> Report:
    """``run_build``'s work, from what ``start_build`` found."""
    report = Report()
    if "cap" in start.formats and not config.cap_sender:
        report.notes.append("no CAP files: set cap-sender in [tool.alert-i18n] (pyproject.toml)")
    source = config.language(start.source_code)
    wanted = [config.language(c) for c in start.wanted_codes]
    languages = [config.language(c) for c in start.all_codes]
    # Every source is decoded and its front matter checked before anything is
    # written (bad: exit 2).  Only what the site needs is kept; each alert's worker
    # segments its source, so memory does not grow with the archive.  An alert none
    # of whose files changed is taken from the manifest whole (see ``reuse``).
    documents, fronts, undated = _front_matter(config, start, report)
    pages = _site(config, source, wanted, languages, report)
    # Language folders this build creates are staged (see Staging); CAP files wait in the
    # cache until the index pages are written (build/ itself is no language folder).
    staging = Staging.begin(config.build_dir, [language.tag for language in wanted])
    held = channels.Held.begin(config.root / incremental.CACHE)
    try:
        files = start.files
        plan = BuildPlan(
            config=config, source=source, wanted=tuple(wanted), languages=tuple(languages),
            formats=start.formats, pages=pages, staging=staging,
            chrome={
                language.tag: files.of(catalog_path(config, layer, CHROME_DOMAIN)
                                       for layer in _layers(config, language, source))
                for language in languages
            },
        )
        told = start.manifest.told_in_order()
        try:
            alerts = (reuse.Reused(slug, _told(told, slug))
                      if slug in start.kept else _job(plan, start, slug, path, fronts[slug][0])
                      for slug, path in documents)
            published = _build_alerts(plan, start, alerts, len(documents), report,
                                      progress, jobs, held, fronts)
        finally:
            told.close()
        _forget_removed(start, documents)
        start.manifest.settle()
        listed, caps, feed = start.manifest.keys()
        write = _writer(plan, report, start.manifest.wrote)
        if "html" in start.formats and documents:
            _site_pages(plan, start, listed, report, lambda write: _write_site(
                plan, documents, published, report, write))
            report.notes.extend(
                f"{path}: no date in its front matter: listed last, and not in the feeds"
                for path in undated)
        _cap_feed(plan, start, held, caps, feed, report, write)
        _remember(start, report)
        staging.finish()
        start.manifest.site = {**start.manifest.site, "clean": incremental.clean_folders(
            config, start.site_tags)}  # every file of build/ is written: see disk.sweep
    except BaseException:
        staging.abandon()
        held.drop()
        start.manifest.close()  # what it kept of this build is dropped: the last one's stays
        raise
    start.manifest.save(relative(config, config.build_dir))
    report.notes.extend(orphan_folders(config, start.site_tags))  # looked at on every build
    return report


def _front_matter(config: Config, start: BuildStart, report: Report) -> tuple[
        list[tuple[str, str]], dict[str, tuple[chrome.AlertMeta, list[str]]], list[str]]:
    """Each alert (slug, path as the user knows it); the front matter (checked) and the
    notes on it of the alerts to make; and the alerts without a date (paths).  The
    alerts kept whole (``start.kept``) are not read: what they told is replayed."""
    documents: list[tuple[str, str]] = []
    fronts: dict[str, tuple[chrome.AlertMeta, list[str]]] = {}
    undated: list[str] = []
    for name in source_names(config):
        slug = os.path.basename(name)[:-3]
        kept = start.kept.get(slug)
        if kept is not None:
            report.notes.extend(kept.notes)
            documents.append((slug, relative(config, name)))
            if not kept.dated:
                undated.append(documents[-1][1])
            continue
        document = read_source(config, name, body=False)
        meta = chrome.read_meta(document)
        fronts[document.slug] = (meta, chrome.meta_notes(document))
        report.notes.extend(fronts[document.slug][1])
        documents.append((document.slug, document.path))
        if meta.date is None:
            undated.append(document.path)
    return documents, fronts, undated


def _told(rows: incremental.InOrder, slug: str) -> dict[str, Any]:
    """What the entry of an alert kept whole says a build tells (``rows``: the manifest's
    ``told_in_order``)."""
    _, told, cap = rows.take(slug)[0]
    try:  # not ``incremental.damage()``: this is called for every alert
        return {**json.loads(told), "cap": cap}
    except ValueError as error:
        raise incremental.DamagedManifestError(str(error)) from error


def _site_pages(plan: BuildPlan, start: BuildStart, listed: str, report: Report,
                write_site: Callable[[Callable[[Path, str | bytes], None]], None]) -> None:
    """The index pages and feeds, made by ``write_site`` unless what they list (every
    alert's front matter and pages, summarized in the manifest: ``listed``, its
    digest) and their chrome are as the last build made them from, and they are in
    place: at 5000 alerts, making them was most of a rebuild after one catalog changed."""
    key = incremental.digest(start.plan, listed)
    manifest = start.manifest
    kept = manifest.site
    if kept.get("key") == key and incremental.intact(plan.config.root, kept["outputs"]):
        for name, found in kept["outputs"].items():
            manifest.wrote(name, found)
        report.unchanged += len(kept["outputs"])
    else:
        made: dict[str, list[int]] = {}

        def keep(name: str, found: list[int]) -> None:
            made[name] = found
            manifest.wrote(name, found)

        write_site(_writer(plan, report, keep))
        kept = {"key": key, "outputs": made}
    manifest.site = {**manifest.site, **kept}


def _forget_removed(start: BuildStart, documents: list[tuple[str, str]]) -> None:
    """The manifest entries of alerts whose source is gone, dropped."""
    current = {slug for slug, _ in documents}
    start.manifest.drop_alerts([slug for slug in start.manifest.slugs() if slug not in current])


def _cap_feed(plan: BuildPlan, start: BuildStart, held: channels.Held, listed: int,
              entries: str, report: Report, write: Callable[[Path, str | bytes], None]
              ) -> None:
    """The CAP files held, then the CAP feed: made from the alerts' manifest entries
    (``listed`` of them, ``entries`` their digest), unless they are those it was made
    from and it is in place (it lists every alert)."""
    config, manifest = plan.config, start.manifest
    held.write(lambda name, data: write(config.build_dir / name, data))
    if not listed:
        return
    key = incremental.digest(entries, config.site_title, config.base_url)
    name = relative(config, config.build_dir / channels.CAP_FEED)
    found = manifest.output(name)
    if manifest.site.get("cap") == key and found and incremental.intact(
            config.root, {name: found}):
        manifest.wrote(name, found)
        report.unchanged += 1
    else:
        entries = [channels.CapEntry(**found) for found in manifest.cap_entries()]
        write(config.build_dir / channels.CAP_FEED, channels.cap_feed(
            entries, title=config.site_title, base_url=config.base_url))
    manifest.site = {**manifest.site, "cap": key}


def _remember(start: BuildStart, report: Report) -> None:
    """What this build read, made and said, in the manifest (saved once it is all written):
    the alerts' entries and the site's outputs are in it already."""
    manifest = start.manifest
    manifest.inputs, manifest.plan = start.inputs, start.plan
    manifest.put_stamps(start.files.changed, start.restamped)
    manifest.count += manifest.written()  # the alerts' own: see _build_alerts
    manifest.report = Record(
        notes=list(report.notes), errors=[incremental.encode_error(e) for e in report.errors])


def _layers(config: Config, language: Language, source: Language) -> list[Language]:
    """The languages whose catalogs ``language``'s pages use: itself, then its fallbacks."""
    chain = [config.language(tag) for tag in config.fallback_chain(language)]
    return [layer for layer in (language, *chain) if layer != source]


def _site(config: Config, source: Language, wanted: list[Language],
          languages: list[Language], report: Report) -> site.Site:
    """The site's pages maker, with each language's page chrome (its catalogs read once)."""
    tables: dict[str, tuple[dict[str, str], Report]] = {}
    reported: set[str] = set()

    def chrome_table(tag: str, *, wanted: bool) -> dict[str, str]:
        """Publishable chrome translations of one language; problems reported once."""
        if tag not in tables:
            path = catalog_path(config, config.language(tag), CHROME_DOMAIN)
            found = Report()
            table: dict[str, str] = {}
            if present(path):
                table = publishable(config, read_catalog(config, path), path, found,
                                    brace_format=True)
            tables[tag] = (table, found)
        table, found = tables[tag]
        if wanted and tag not in reported:
            reported.add(tag)
            report.notes.extend(found.notes)
            report.errors.extend(found.errors)
        return table

    def chrome_for(language: Language) -> chrome.Chrome:
        layers = []
        for layer in _layers(config, language, source):
            try:
                layers.append((layer, chrome_table(layer.tag, wanted=language in wanted)))
            except AlertI18nError as error:
                if language in wanted:
                    report.errors.append(error)
        return chrome.Chrome(language, layers, source=source)

    return site.Site(
        source=source, title=config.site_title, base_url=config.base_url,
        chrome={language.tag: chrome_for(language) for language in languages},
        chains={language.tag: [config.language(tag) for tag in config.fallback_chain(language)]
                for language in languages},
    )


def _job(plan: BuildPlan, start: BuildStart, slug: str, path: str,
         meta: chrome.AlertMeta) -> AlertJob:
    """One alert's job, with the digest of each language's inputs."""
    config, files, manifest = plan.config, start.files, start.manifest
    setting = files.digest(config.root / "pyproject.toml")
    text = files.digest(config.root / path)
    digests = {}
    for language in plan.languages:
        layers = ([] if language == plan.source else
                  [catalog_path(config, layer, slug)
                   for layer in _layers(config, language, plan.source)])
        digests[language.tag] = incremental.digest(
            setting, text, language.tag, "wanted" if language in plan.wanted else "site only",
            files.of(layers), files.of(audio.candidates(config.root, language.tag, slug)))
    return AlertJob(
        plan=plan, slug=slug, path=path, meta=meta, digests=digests,
        records=entry.jobs if (entry := manifest.alert(slug)) else {},
    )


def _build_alerts(
    plan: BuildPlan, start: BuildStart, alerts: Iterator[AlertJob | reuse.Reused], count: int,
    report: Report, progress: Callable[[str], None] | None, jobs: int | None,
    held: channels.Held, fronts: Mapping[str, tuple[chrome.AlertMeta, list[str]]],
) -> _Listed:
    """Every alert's job (``count`` of them, each made when its turn comes), on worker
    processes, and the alerts reused whole: their pages for the index (the CAP files of
    reused alerts are kept among the site's outputs; the others' go to ``held``).  Each
    alert built goes into the manifest as soon as it is done."""
    root, manifest = plan.config.root, start.manifest
    published = _Listed(manifest, plan.languages)
    steps, step = count * len(plan.wanted), 0
    manifest.count = 0

    def unchanged(job: AlertJob | reuse.Reused) -> bool:
        """Nothing to render, most likely: done here rather than sent to a worker."""
        return isinstance(job, reuse.Reused) or all(
            (record := job.records.get(tag)) is not None and record.digest == digest
            and incremental.intact(root, record.outputs)
            for tag, digest in job.digests.items())

    workers = parallel.workers(jobs, count)
    for built in parallel.ordered_map(_build_or_reuse, alerts, jobs=workers,
                                      here=unchanged):
        if isinstance(built, reuse.Reused):
            slug, told = built
            shown = told["shown"]
            reuse.replay(told, report)
            if told["cap"]:  # its CAP file stays as it was (see Manifest.save)
                report.unchanged += 1
                manifest.count += 1
            manifest.count += told["count"]
            published.slugs.append(slug)
        else:
            slug = built.slug
            shown = built.published
            caps = held.add(built.site_files)
            report.add(built.report)
            manifest.count += sum(len(record.outputs) for record in built.records.values())
            meta, notes = fronts[slug]
            entry = reuse.entry(
                inputs=start.alert_inputs[slug], sources=start.alert_sources[slug],
                meta=meta, notes=notes,
                records=built.records, wanted=plan.wanted, languages=plan.languages,
                cap=asdict(caps[-1]) if caps else None,
                media=start.alert_media.get(slug, ""))
            manifest.put_alert(slug, entry)
            published.slugs.append(slug)
        for language in plan.wanted if progress is not None else ():
            if language.tag in shown:
                step += 1
                progress(f"[{step}/{steps}] {language.tag}/{slug}")
    return published


class _Listed(Mapping[str, tuple[chrome.AlertMeta, dict[str, Published]]]):
    """Each alert's front matter and pages as the index pages list them (by slug, then
    language tag), read from the alerts' manifest entries when asked for: held for
    every alert, they were most of what a build's memory grew by with the archive."""

    def __init__(self, manifest: incremental.Manifest, languages: Sequence[Language]) -> None:
        self.manifest, self.languages = manifest, languages
        self.slugs: list[str] = []  # in the build's order

    def __getitem__(self, slug: str) -> tuple[chrome.AlertMeta, dict[str, Published]]:
        head, published = self.manifest.listed(slug)
        return reuse.decode_meta(head["meta"]), reuse.listed(published, self.languages)

    def __iter__(self) -> Iterator[str]:
        return iter(self.slugs)

    def __len__(self) -> int:
        return len(self.slugs)


def _build_or_reuse(task: AlertJob | reuse.Reused) -> AlertBuilt | reuse.Reused:
    """``build_alert``, or what a reused alert says (in this process: see ``unchanged``)."""
    if isinstance(task, reuse.Reused):
        return task
    return build_alert(task)


def _writer(plan: BuildPlan, report: Report, keep: Callable[[str, list[int]], None]
            ) -> Callable[[Path, str | bytes], None]:
    """Writes a file of the site (staged), recorded by ``keep`` (name, stamp) and in
    ``report``."""

    def write(path: Path, content: str | bytes) -> None:
        name = relative(plan.config, path)
        changed, found = plan.staging.write(path, content)
        keep(name, found)
        report.wrote(name, changed)

    return write


def _write_site(
    plan: BuildPlan, documents: list[tuple[str, str]], published: _Listed, report: Report,
    write: Callable[[Path, str | bytes], None],
) -> None:
    """Each language's index page and feed, and the page that chooses a language (the
    notes on alerts without a date are ``run_build``'s)."""
    config, pages = plan.config, plan.pages
    indexed = [lang for lang in plan.languages
               if any(lang.tag in built for _, built in published.values())]
    for language in plan.wanted:
        if language not in indexed:
            continue
        alerts = [
            alert_page(plan, slug, meta, result, enclosure=channels.recording(
                str(config.root), language.tag, slug)[0])
            for slug, _ in documents
            for meta, pages in [published[slug]]
            if (result := pages.get(language.tag)) is not None  # read once
        ]
        heading, entries, info = pages.index(language, alerts, indexed=indexed)
        write(config.build_dir / language.tag / site.INDEX,
              page.index_page(heading, entries, info))
        write(config.build_dir / language.tag / site.FEED, pages.feed(language, alerts))
    lead, info = pages.chooser(indexed)
    write(config.build_dir / site.INDEX, page.chooser_page(lead, info))
