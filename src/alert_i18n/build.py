"""The site build: every alert in every language, the index pages and feeds, into build/.

``run_build`` plans the build (languages, the page chrome, the jobs), sends
one ``AlertJob`` per alert to worker processes (``parallel``), where an
``AlertBuild`` (``alert_build``) localizes, renders and writes the alert's
pages, then writes the index pages, feeds, the CAP files and the manifest.  What the last
build made from the same inputs is not made again (``incremental``); a language's failure never
touches another language's output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from . import audio, channels, chrome, incremental, page, parallel, site
from .alert_build import AlertJob, BuildPlan, alert_page, build_alert
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
        start = start_build(config, codes, formats)
    if start.replayed is not None:
        return start.replayed
    report = Report()
    if "cap" in start.formats and not config.cap_sender:
        report.notes.append("no CAP files: set cap-sender in [tool.alert-i18n] (pyproject.toml)")
    source = config.language(start.source_code)
    wanted = [config.language(c) for c in start.wanted_codes]
    languages = [config.language(c) for c in start.all_codes]
    # Every source is decoded and its front matter checked before anything is
    # written (bad: exit 2).  Only what the site needs is kept; each alert's worker
    # segments its source, so memory does not grow with the archive.
    documents: list[tuple[str, str]] = []  # slug, path as the user knows it
    metas: dict[str, chrome.AlertMeta] = {}
    for name in source_names(config):
        document = read_source(config, name, body=False)
        metas[document.slug] = chrome.read_meta(document)
        report.notes.extend(chrome.meta_notes(document))
        documents.append((document.slug, document.path))
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
        alerts = (_job(plan, start, slug, path, metas[slug]) for slug, path in documents)
        published, records, outputs = _build_alerts(plan, alerts, len(documents), report,
                                                    progress, jobs, held)
        write = _writer(plan, report, outputs)
        if "html" in start.formats and documents:
            _write_site(plan, documents, metas, published, report, write)
        held.write(lambda name, data: write(config.build_dir / name, data),
                   title=config.site_title, base_url=config.base_url)
        _remember(start, records, outputs, report)
        staging.finish()
    except BaseException:
        staging.abandon()
        held.drop()
        raise
    start.manifest.save()
    report.notes.extend(orphan_folders(config, start.site_tags))  # looked at on every build
    return report


def _remember(start: BuildStart, records: dict[str, Record], outputs: dict[str, list[int]],
              report: Report) -> None:
    """What this build read, made and said, in the manifest (saved once it is all written)."""
    manifest = start.manifest
    manifest.inputs = start.inputs
    manifest.files = start.files.seen
    manifest.jobs = records
    manifest.report = Record(
        outputs=outputs, notes=list(report.notes),
        errors=[incremental.encode_error(e) for e in report.errors])


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
        records={
            language.tag: manifest.jobs[key]
            for language in plan.languages
            if (key := incremental.job_key(slug, language.tag)) in manifest.jobs
        },
    )


def _build_alerts(
    plan: BuildPlan, alerts: Iterator[AlertJob], count: int, report: Report,
    progress: Callable[[str], None] | None, jobs: int | None, held: channels.Held,
) -> tuple[dict[str, dict[str, Published]], dict[str, Record], dict[str, list[int]]]:
    """Every alert's job (``count`` of them, each made when its turn comes), on worker
    processes: their pages for the index, their records and the files they wrote
    (their CAP files go to ``held``)."""
    root = plan.config.root
    published: dict[str, dict[str, Published]] = {}
    records: dict[str, Record] = {}
    outputs: dict[str, list[int]] = {}
    steps, step = count * len(plan.wanted), 0

    def unchanged(job: AlertJob) -> bool:
        """Nothing to render, most likely: done here rather than sent to a worker."""
        return all((record := job.records.get(tag)) is not None and record.digest == digest
                   and incremental.intact(root, record.outputs)
                   for tag, digest in job.digests.items())

    workers = parallel.workers(jobs, count)
    for built in parallel.ordered_map(build_alert, alerts, jobs=workers, here=unchanged):
        published[built.slug] = built.published
        held.add(built.site_files)
        report.add(built.report)
        for tag, record in built.records.items():
            records[incremental.job_key(built.slug, tag)] = record
            outputs.update(record.outputs)
        for language in plan.wanted:
            if progress is not None and language.tag in built.published:
                step += 1
                progress(f"[{step}/{steps}] {language.tag}/{built.slug}")
    return published, records, outputs


def _writer(plan: BuildPlan, report: Report,
            outputs: dict[str, list[int]]) -> Callable[[Path, str | bytes], None]:
    """Writes a file of the site (staged), recorded in ``outputs`` and ``report``."""

    def write(path: Path, content: str | bytes) -> None:
        name = relative(plan.config, path)
        changed, outputs[name] = plan.staging.write(path, content)
        report.wrote(name, changed)

    return write


def _write_site(
    plan: BuildPlan, documents: list[tuple[str, str]], metas: dict[str, chrome.AlertMeta],
    published: dict[str, dict[str, Published]], report: Report,
    write: Callable[[Path, str | bytes], None],
) -> None:
    """Each language's index page and feed, and the page that chooses a language."""
    config, pages = plan.config, plan.pages
    indexed = [lang for lang in plan.languages
               if any(lang.tag in built for built in published.values())]
    for language in plan.wanted:
        if language not in indexed:
            continue
        alerts = [
            alert_page(plan, slug, metas[slug], published[slug][language.tag])
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
