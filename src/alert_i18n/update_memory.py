"""The translation memories of one ``update`` run, as the run will leave the catalogs.

``update`` fills untranslated messages from the same language's other
catalogs.  Built from the catalogs as they are before the run, a memory misses
what the run itself adds (a text another alert receives, translations that come
back from obsolete entries), so a second run would still find suggestions.
Built from the catalogs as this run's merge leaves them (``catalog.SettledMemory``),
one run reaches the point where the next changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from . import catalog as catalogs
from . import extract
from .config import Config
from .errors import CatalogError
from .model import CHROME_DOMAIN, Language, Report
from .workspace import catalog_path, present, read_catalog, read_source


def settled_memories(
    config: Config, paths: Sequence[Path], languages: Sequence[Language],
    *, report: Report, revision_date: str,
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, catalogs.TranslationMemory], dict[str, set[str]]]:
    """Each language's memory (tag -> memory), and its unreadable catalogs (tag -> slugs).

    Unreadable catalogs are reported once, here, and left out: ``update`` does not
    write them.  Catalogs without a source (an alert taken off) give what they hold.
    """
    settled = {language.tag: catalogs.SettledMemory() for language in languages}
    broken: dict[str, set[str]] = {language.tag: set() for language in languages}
    sources = {path.stem: path for path in paths}
    folders = {language.tag: config.locale_dir / language.locale / "LC_MESSAGES"
               for language in languages}
    stems = set(sources)
    for folder in folders.values():
        if folder.is_dir():
            stems.update(p.stem for p in folder.glob("*.po"))
    stems.discard(CHROME_DOMAIN)  # the chrome's short labels are a domain apart
    for number, stem in enumerate(sorted(stems), 1):
        if progress is not None:
            progress(f"[{number}/{len(stems)}] reading {stem} (translation memory)")
        template = None
        if stem in sources:
            template = extract.template(read_source(config, sources[stem]),
                                        project=config.project)
        for language in languages:
            path = catalog_path(config, language, stem)
            old = None
            if present(path):
                try:
                    old = read_catalog(config, path)
                except CatalogError as error:
                    report.errors.append(error)  # never overwrite a file we could not read
                    broken[language.tag].add(stem)
                    continue
            if template is None:
                if old is not None:
                    settled[language.tag].add(stem, old, asks=False)
                continue
            if old is None:
                old = catalogs.new_catalog(template, language, revision_date=revision_date)
            settled[language.tag].add(stem, catalogs.merge(old, template))
    return {tag: memory.memory() for tag, memory in settled.items()}, broken
