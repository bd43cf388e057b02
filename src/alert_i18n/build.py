"""The site build: every alert in every language, the index pages and feeds, into build/.

``run_build`` plans the build (languages, the page chrome, the jobs), sends
one ``AlertJob`` per alert to worker processes (``parallel``), where an
``AlertBuild`` localizes, renders and writes the alert's pages, then writes
the index pages, feeds and the manifest.  What the last build made from the
same inputs is not made again (``incremental``); a language's failure never
touches another language's output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import check, chrome, incremental, page, parallel, render, site
from .config import Config
from .disk import Staging, new_run
from .errors import AlertI18nError, BuildError, CatalogError
from .incremental import BuildStart, Record, start_build
from .localize import localize_both
from .model import CHROME_DOMAIN, Language, Published, Report, SourceDocument
from .publish import publishable
from .workspace import (
    FORMATS,
    catalog_path,
    orphan_folders,
    output_path,
    processing,
    read_catalog,
    read_source,
    relative,
    source_names,
)


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
    records: dict[str, Record]  # language tag -> what the last build did


@dataclass
class AlertBuilt:
    """What building one alert did: files, messages, and its pages for the index."""

    slug: str
    report: Report = field(default_factory=Report)
    published: dict[str, Published] = field(default_factory=dict)  # for the index: no text, links
    records: dict[str, Record] = field(default_factory=dict)


class _Renderer:
    """One ``render.Renderer`` per process, made on first use (it is costly to make)."""

    made: render.Renderer | None = None

    @classmethod
    def get(cls) -> render.Renderer:
        if cls.made is None:
            cls.made = render.Renderer()
        return cls.made


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
    return Published(
        language=language,
        markdown=markdown,
        body=rendered.html,
        title=rendered.title,
        links=rendered.links,
        fallback=sum(1 for p in placed if p.language != language.tag),
        total=len(placed),
        shown=tuple(p.language for p in placed),
        title_language=next((p.language for p in placed
                             if p.segment.kind.startswith("heading")), language.tag),
        description=rendered.description,
        description_language=rendered.description_language or language.tag,
    )


def build_alert(job: AlertJob) -> AlertBuilt:
    """Localize, render and write one alert in every language (runs in a worker process)."""
    with processing(job.path):
        return AlertBuild(job).run()


class AlertBuild:
    """One alert in every language of the site: localized, checked, its pages written.

    Every language of the site is localized (a page lists the languages the
    alert is published in); only the wanted ones are written and report their
    problems ("wanted" below).  A language whose inputs are those of the last
    build is not rendered again: its messages are replayed from the manifest.
    A page is assembled and written only when something it shows changed; an
    error in one language leaves the others alone.
    """

    def __init__(self, job: AlertJob) -> None:
        self.job = job
        self.plan = job.plan
        self.config = job.plan.config
        self.source = job.plan.source
        self.renderer = _Renderer.get()
        self.out = AlertBuilt(job.slug)
        self._document: SourceDocument | None = None
        # Each catalog of the alert is read once, whichever languages fall back to it:
        self.tables: dict[str, tuple[dict[str, str], Report]] = {}  # its translations, problems
        self.unreadable: dict[str, CatalogError] = {}
        self.reported: set[str] = set()  # catalogs whose problems were reported (once a build)
        self.fresh: dict[str, Published] = {}  # rendered in this run
        self.published: dict[str, Published] = {}  # rendered, or summarized from the manifest
        self.records: dict[str, Record] = {}

    def run(self) -> AlertBuilt:
        for language in self.plan.languages:
            self.localize(language)
        available = [lang for lang in self.plan.languages if lang.tag in self.published]
        for language in self.plan.wanted:
            if language.tag in self.published:
                self.write_pages(language, available)
        self.out.records = self.records
        self.out.published = {tag: result.for_index() for tag, result in self.published.items()}
        return self.out

    def document(self) -> SourceDocument:
        """The English source, read when something has to be made again."""
        if self._document is None:
            self._document = read_source(self.config, self.config.root / self.job.path)
        return self._document

    def table(self, tag: str, *, report: Report | None, reported_here: list[str]) -> dict[str, str]:
        """Publishable translations of one catalog (read once).

        Its problems go into ``report`` (None: a language not written, which
        reports nothing) the first time it is read for one, and the catalog
        into ``reported_here``.  An unreadable catalog gives nothing: a language
        falling back to it skips it (those passages fall back further), its own
        language is not published.
        """
        if tag not in self.tables and tag not in self.unreadable:
            path = catalog_path(self.config, self.config.language(tag), self.job.slug)
            found = Report()
            table: dict[str, str] = {}
            try:
                if path.is_file():
                    table = publishable(self.config, read_catalog(self.config, path), path, found)
            except CatalogError as error:
                self.unreadable[tag] = error
                found.errors.append(error)
            self.tables[tag] = (table, found)
        table, found = self.tables[tag]
        if report is not None and tag not in self.reported:
            self.reported.add(tag)
            reported_here.append(tag)
            report.notes.extend(found.notes)
            report.errors.extend(found.errors)
        return table

    def localized(self, language: Language, *, report: Report | None,
                  reported_here: list[str]) -> Published:
        """The alert in ``language``, its untranslated passages in its fallback languages."""
        config = self.config
        if language == self.source:
            return localize_one(self.document(), language, [], config=config,
                                renderer=self.renderer)
        layers = [(language.tag, self.table(language.tag, report=report,
                                            reported_here=reported_here))]
        if language.tag in self.unreadable:
            raise self.unreadable[language.tag]  # reported by table(), once
        for tag in config.fallback_chain(language):
            if tag != config.source_language:
                layers.append((tag, self.table(tag, report=report, reported_here=reported_here)))
        return localize_one(self.document(), language, layers, config=config,
                            renderer=self.renderer)

    def localize(self, language: Language) -> None:
        """Localize the alert in ``language`` (or replay the last build's), and judge it."""
        job, tag, out = self.job, language.tag, self.out.report
        previous = job.records.get(tag)
        if previous is not None and previous.digest == job.digests[tag]:
            notes, errors = previous.told()
            out.notes.extend(notes)
            out.errors.extend(errors)
            self.reported.update(previous.data.get("told", ()))
            if previous.data.get("published"):
                self.published[tag] = Published.from_summary(previous.data["result"], language)
            self.records[tag] = previous
            return
        said = Report()  # what this language's job says (kept in its record)
        wanted = language in self.plan.wanted
        reported_here: list[str] = []
        record = self.records[tag] = Record(digest=job.digests[tag])
        result: Published | None
        try:
            result = self.localized(language, report=said if wanted else None,
                                    reported_here=reported_here)
            if language != self.source:
                self.check_links(language, result)
        except AlertI18nError as error:
            if language == self.source:
                raise  # no English page, no site: the whole build stops
            if wanted and not any(e is error for e in (*out.errors, *said.errors)):
                said.errors.append(error)  # (an unreadable catalog is reported where first met)
            result = None
        if result is not None and language != self.source:
            result = self.threshold(language, result, said if wanted else None)
        if result is not None:
            self.fresh[tag] = self.published[tag] = result
        record.notes = list(said.notes)
        record.errors = [incremental.encode_error(e) for e in said.errors]
        record.data = {"told": reported_here, "published": result is not None}
        if result is not None:
            record.data["result"] = result.summary(links=language == self.source)
        out.notes.extend(said.notes)
        out.errors.extend(said.errors)

    def check_links(self, language: Language, result: Published) -> None:
        """A translation links where the English page links, or is not published."""
        english = self.published[self.source.tag]
        if sorted(result.links) != sorted(english.links):
            path = output_path(self.config, language, self.job.slug, "html")
            raise BuildError("link targets differ from the English page; not published",
                             path=relative(self.config, path))

    def threshold(self, language: Language, result: Published,
                  report: Report | None) -> Published | None:
        """``result``, or None when less of it is translated than ``publish-threshold``."""
        tag, slug, config = language.tag, self.job.slug, self.config
        translated = result.total - result.fallback
        percent = check.floor_percent(translated, result.total)
        if report is not None:
            report.notes.append(f"{tag}: {slug}: {translated} of {result.total} messages "
                                f"translated, {result.fallback} fell back")
        if percent >= config.publish_threshold:
            return result
        if report is not None:
            report.notes.append(
                f"{tag}: {slug}: not published: {percent:g}% "
                f"translated, below publish-threshold {config.publish_threshold:g}% "
                f"(build/{tag}/ keeps its previous page, if any)"
            )
        return None

    def write_pages(self, language: Language, available: list[Language]) -> None:
        """Assemble and write the alert's pages in ``language``, unless they are as they were."""
        plan, config, tag, out = self.plan, self.config, language.tag, self.out.report
        record = self.records[tag]
        page_digest = incremental.digest(record.digest, ",".join(lang.tag for lang in available),
                                         plan.chrome[tag], ",".join(plan.formats))
        if (record.page == page_digest and record.outputs
                and incremental.intact(config.root, record.outputs)):
            out.unchanged += len(record.outputs)
            return
        result = self.fresh.get(tag)
        if result is None:  # its inputs did not change, but a page around it did
            result = self.localized(language, report=None, reported_here=[])
        listed = alert_page(plan, self.job.slug, self.job.meta, result)
        shown = Counter({config.language(t): n for t, n in Counter(result.shown).items()})
        outputs: dict[str, list[int]] = {}
        for fmt in plan.formats:
            if fmt == "md":
                content = result.markdown
            elif fmt == "html":
                info = plan.pages.alert_info(listed, available=available, shown=shown,
                                             total=result.total)
                content = page.alert_page(result.body, info)
            else:
                content = page.fragment(result.body, language=language,
                                        notices=plan.pages.notices(language, shown,
                                                                   result.total))
            path = output_path(config, language, self.job.slug, fmt)
            name = relative(config, path)
            changed, outputs[name] = plan.staging.write(path, content)
            out.wrote(name, changed)
        self.records[tag] = Record(
            digest=record.digest, page=page_digest, outputs=outputs, notes=record.notes,
            errors=record.errors, data=record.data)


def alert_page(plan: BuildPlan, slug: str, meta: chrome.AlertMeta,
               result: Published) -> site.AlertPage:
    """The alert as the site lists it: title and description in the language they are in."""
    language = plan.config.language
    return site.AlertPage(
        slug=slug, language=result.language, meta=meta,
        title=chrome.Text(result.title or slug, language(result.title_language)),
        description=chrome.Text(result.description, language(result.description_language)),
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
    # Language folders this build creates are staged: see Staging.
    staging = Staging.begin(config.build_dir, [language.tag for language in wanted])
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
                                                    progress, jobs)
        if "html" in start.formats and documents:
            _write_site(plan, documents, metas, published, report, outputs)
        manifest = start.manifest
        manifest.inputs = start.inputs
        manifest.files = files.seen
        manifest.jobs = records
        manifest.report = Record(
            outputs=outputs, notes=list(report.notes),
            errors=[incremental.encode_error(e) for e in report.errors])
        staging.finish()
    except BaseException:
        staging.abandon()
        raise
    manifest.save()
    report.notes.extend(orphan_folders(config, start.site_tags))  # looked at on every build
    return report


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
            if path.is_file():
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
            setting, text, language.tag, "loud" if language in plan.wanted else "quiet",
            files.of(layers))
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
    progress: Callable[[str], None] | None, jobs: int | None,
) -> tuple[dict[str, dict[str, Published]], dict[str, Record], dict[str, list[int]]]:
    """Every alert's job (``count`` of them, each made when its turn comes), on worker
    processes: their pages for the index, their records and the files they wrote."""
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
        report.add(built.report)
        for tag, record in built.records.items():
            records[incremental.job_key(built.slug, tag)] = record
            outputs.update(record.outputs)
        for language in plan.wanted:
            if progress is not None and language.tag in built.published:
                step += 1
                progress(f"[{step}/{steps}] {language.tag}/{built.slug}")
    return published, records, outputs


def _write_site(
    plan: BuildPlan, documents: list[tuple[str, str]], metas: dict[str, chrome.AlertMeta],
    published: dict[str, dict[str, Published]], report: Report, outputs: dict[str, list[int]],
) -> None:
    """Each language's index page and feed, and the page that chooses a language."""
    config, pages = plan.config, plan.pages

    def write(path: Path, content: str | bytes) -> None:
        name = relative(config, path)
        changed, outputs[name] = plan.staging.write(path, content)
        report.wrote(name, changed)

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
