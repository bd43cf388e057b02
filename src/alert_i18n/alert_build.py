"""One alert in every language of the site: a worker process's unit of the build.

``build.run_build`` makes one ``AlertJob`` per alert, carrying the shared
``BuildPlan``; ``build_alert`` runs it (in a worker, see ``parallel``) as an
``AlertBuild``, which localizes, checks and renders the alert in each
language and writes the pages that changed, and returns an ``AlertBuilt``.
Beside each page it writes the language's channel files (plain text, SMS, the
recording) and gathers the alert's CAP file (see ``channels``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import (
    audio,
    channels,
    chrome,
    incremental,
    page,
    plaintext,
    render,
    review,
    shortforms,
    site,
)
from .config import Config
from .disk import Staging
from .errors import AlertI18nError, BuildError, CatalogError
from .incremental import Record
from .localize import localize_both
from .model import Language, Published, Report, SourceDocument, translated_note
from .publish import publishable
from .status import floor_percent
from .workspace import (
    catalog_path,
    output_path,
    present,
    processing,
    read_catalog,
    read_source,
    relative,
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
    site_files: list[tuple[str, bytes]] = field(default_factory=list)  # build/<name>: CAP


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
    anchors: tuple[str | None, ...] = (),
) -> Published:
    """Localized Markdown and HTML for one alert in one language (``anchors``: the
    heading ids in-page links point at, from the English; see ``render._Anchors``)."""
    source_language = config.source_language
    # The layers are publishable translations, normalized already (publish.publishable).
    markdown, marked, placed = localize_both(document, layers, source_language=source_language,
                                             normalized=True)
    with processing(f"{document.path} ({language.tag})"):
        # (front matter is data, not rendered)
        rendered = renderer.render(marked[document.body_start :], anchors=anchors)
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
        self._anchors: tuple[str | None, ...] | None = None
        # Each catalog of the alert is read once, whichever languages fall back to it:
        self.tables: dict[str, tuple[dict[str, str], Report]] = {}  # its translations, problems
        self.unreadable: dict[str, CatalogError] = {}
        self.credits: dict[str, dict[str, Any]] = {}  # who translated and reviewed each catalog
        self.reported: set[str] = set()  # catalogs whose problems were reported (once a build)
        self.fresh: dict[str, Published] = {}  # rendered in this run
        self.published: dict[str, Published] = {}  # rendered, or summarized from the manifest
        self.records: dict[str, Record] = {}
        # What the channels use, made once a language (see ``channel_files``, ``cap_info``):
        self._english_forms: dict[str, str] | None = None
        self.forms: dict[str, dict[str, channels.Shown]] = {}
        self.readings: dict[str, plaintext.Reading] = {}
        self.recordings: dict[str, tuple[audio.Recording | None, tuple[str, str] | None]] = {}

    def run(self) -> AlertBuilt:
        for language in self.plan.languages:
            self.localize(language)
        available = [lang for lang in self.plan.languages if lang.tag in self.published]
        for language in self.plan.wanted:
            if language.tag in self.published:
                self.write_pages(language, available)
        if "cap" in self.plan.formats:
            self.cap_file()
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
        language is not published.  Who translated and reviewed the catalog goes
        into ``credits`` (``review.credit``).
        """
        if tag not in self.tables and tag not in self.unreadable:
            path = catalog_path(self.config, self.config.language(tag), self.job.slug)
            found = Report()
            table: dict[str, str] = {}
            try:
                if present(path):
                    catalog = read_catalog(self.config, path)
                    table = publishable(self.config, catalog, path, found)
                    self.credits[tag] = review.credit(
                        catalog, notice=self.config.review.notices(tag)).as_dict()
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
        result = localize_one(self.document(), language, layers, config=config,
                              renderer=self.renderer, anchors=self.anchors())
        return replace(result, credit=self.credits.get(language.tag))

    def anchors(self) -> tuple[str | None, ...]:
        """The English page's heading ids that its in-page links point at, heading by
        heading (None: a heading no link points at): ``()`` when it has no such link."""
        if self._anchors is None:
            english = self.published.get(self.source.tag)
            links = english.links if english is not None else ()
            targets = {unquote(link[1:]) for link in links
                       if link.startswith("#") and len(link) > 1}
            self._anchors = ()
            if targets:  # the English page's ids (it may be replayed, not rendered)
                document = self.document()
                ids = self.renderer.render(document.text[document.body_start :]).heading_ids
                if targets & set(ids):
                    self._anchors = tuple(i if i in targets else None for i in ids)
        return self._anchors

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
            if "cap" in self.plan.formats:  # this language's CAP <info>, if any
                record.data["cap"] = self.cap_info(result)
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
        percent = floor_percent(translated, result.total)
        if report is not None:
            report.notes.append(translated_note(tag, slug, translated, result.total,
                                                result.fallback))
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
        listed = alert_page(plan, self.job.slug, self.job.meta, result,
                            enclosure=self.recording(tag)[0])
        credited = tuple(plan.pages.phrase(text, language) for text in listed.credits)
        shown = Counter({config.language(t): n for t, n in Counter(result.shown).items()})
        outputs: dict[str, list[int]] = {}
        files, recording = self.channel_files(result, shown)  # text, SMS, the recording
        for path, content in files:
            name = relative(config, path)
            changed, outputs[name] = plan.staging.write(path, content)
            out.wrote(name, changed)
        for fmt in plan.formats:
            if fmt in channels.FORMATS:
                continue  # written just above, or by cap_file
            if fmt == "md":
                content = result.markdown
            elif fmt == "html":
                info = plan.pages.alert_info(listed, available=available, shown=shown,
                                             total=result.total)
                info = replace(info, notices=info.notices + credited)
                if recording is not None:  # the player, and the CSP for its file alone
                    info = replace(info, media_src=audio.media_source(
                        config.base_url, tag, recording))
                content = page.alert_page(
                    (audio.player(recording) if recording else "") + result.body, info)
            else:
                content = page.fragment(result.body, language=language,
                                        notices=plan.pages.notices(language, shown,
                                                                   result.total) + credited)
            path = output_path(config, language, self.job.slug, fmt)
            name = relative(config, path)
            changed, outputs[name] = plan.staging.write(path, content)
            out.wrote(name, changed)
        self.records[tag] = Record(
            digest=record.digest, page=page_digest, outputs=outputs, notes=record.notes,
            errors=record.errors, data=record.data)

    # -- the channels: plain text, SMS, recorded audio, CAP (see ``channels``) ----------

    def channel_layers(self, language: Language) -> list[tuple[str, dict[str, str]]]:
        """The publishable translations a language's short forms come from, its own
        first, then its fallbacks' (the page's rule); none for the source language."""
        if language == self.source:
            return []
        return [(tag, self.table(tag, report=None, reported_here=[]))
                for tag in (language.tag, *self.config.fallback_chain(language))
                if tag != self.config.source_language]

    def short_forms(self, language: Language) -> dict[str, channels.Shown]:
        """The language's short forms as its channels show them (made once: the SMS and
        the CAP ``<info>`` both use them)."""
        if language.tag not in self.forms:
            if self._english_forms is None:
                self._english_forms = shortforms.texts(self.document(), None).english
            self.forms[language.tag] = channels.short_forms(
                self._english_forms, self.channel_layers(language),
                source=self.config.source_language)
        return self.forms[language.tag]

    def reading(self, result: Published) -> plaintext.Reading:
        """The page's body read as plain text (once: the text file and the CAP
        description both come from it)."""
        tag = result.language.tag
        if tag not in self.readings:
            self.readings[tag] = plaintext.read(
                result.body, language=tag,
                base=channels.page_url(self.config.base_url, tag, self.job.slug))
        return self.readings[tag]

    def recording(self, tag: str) -> tuple[audio.Recording | None, tuple[str, str] | None]:
        """The language's recording (looked for once) and the problem of a file that
        is not one (see ``channels.recording``)."""
        if tag not in self.recordings:
            self.recordings[tag] = channels.recording(str(self.config.root), tag, self.job.slug)
        return self.recordings[tag]

    def channel_files(self, result: Published, shown: Counter[Language],
                      ) -> tuple[list[tuple[Path, str | bytes]], audio.Recording | None]:
        """One language's files besides its page (plain text, SMS, its recording copied
        beside the page), and the recording for the page's player."""
        config, language, slug, out = self.config, result.language, self.job.slug, self.out
        formats = self.plan.formats
        recording, problem = self.recording(language.tag)
        if problem is not None:
            out.report.errors.append(BuildError(f"[audio] {problem[1]}; not published",
                                                path=relative(config, problem[0])))
        made = channels.language_files(
            self.short_forms(language) if "sms" in formats else None,
            self.reading(result) if "text" in formats else None,
            language=language.tag, slug=slug,
            notices=[p.text for p in self.plan.pages.notices(language, shown, result.total)],
            recording=recording)
        folder = config.build_dir / language.tag
        out.report.notes.extend(f"{relative(config, folder / name)}: {note}"
                                for name, note in made.notes)
        return [(folder / name, data) for name, data in made.files], recording

    def cap_info(self, result: Published) -> dict[str, Any] | None:
        """One language's CAP ``<info>`` data (None: not all its short forms are its
        own translations)."""
        config, language, slug = self.config, result.language, self.job.slug
        shown = self.short_forms(language)
        if not channels.cap_ready(shown, language.tag):
            return None  # before the page is read again without other languages
        description = plaintext.own_language(
            self.reading(result), result.body, language=language.tag,
            base=channels.page_url(config.base_url, language.tag, slug))
        return channels.cap_info(
            shown, description, language=language.tag, slug=slug, title=result.title,
            title_language=result.title_language, sender_name=config.site_title,
            base_url=config.base_url, level=self.job.meta.level,
            recording=self.recording(language.tag)[0])

    def cap_file(self) -> None:
        """The alert's CAP file, from every published language's ``<info>``, for
        ``build.run_build`` to write with the index pages, at the end (build/ is no
        language folder: a first build that fails leaves nothing there)."""
        config, slug = self.config, self.job.slug
        if not config.cap_sender or self.job.meta.date is None:
            return
        infos = []
        for language in self.plan.languages:
            if language.tag not in self.published:
                continue
            data = self.records[language.tag].data
            if "cap" not in data:  # replayed from a build without CAP: made now
                result = self.fresh.get(language.tag) or self.localized(
                    language, report=None, reported_here=[])
                data["cap"] = self.cap_info(result)
            if data["cap"]:
                infos.append(data["cap"])
        self.out.site_files.append((f"{slug}{channels.CAP_XML}", channels.cap_file(
            infos, identifier=config.cap_identifier.format(sender=config.cap_sender, slug=slug),
            sender=config.cap_sender, date=self.job.meta.date)))


def alert_page(plan: BuildPlan, slug: str, meta: chrome.AlertMeta, result: Published, *,
               enclosure: audio.Recording | None) -> site.AlertPage:
    """The alert as the site lists it: title and description in the language they are in,
    who translated and reviewed it (in the reader's language), and its recording."""
    language = plan.config.language
    credits = (review.credit_texts(review.Credit.from_dict(result.credit),
                                   plan.pages.chrome[result.language.tag])
               if result.credit else [])
    return site.AlertPage(
        slug=slug, language=result.language, meta=meta,
        title=chrome.Text(result.title or slug, language(result.title_language)),
        description=chrome.Text(result.description, language(result.description_language)),
        enclosure=enclosure,
        credits=tuple(credits),
    )
