"""The site around the alerts: links between pages, page metadata, index pages, Atom feeds.

``build/<lang>/<slug>.html`` link to each other with ``hreflang``;
``build/<lang>/index.html`` lists a language's alerts, newest first;
``build/<lang>/feed.xml`` is its Atom feed; ``build/index.html`` lets a reader
choose a language.  Links are relative (the folder can be served anywhere or
mirrored) except where absolute URLs are wanted and ``base-url`` is set:
``<link rel="alternate" hreflang>``, ``<link rel="canonical">`` and feeds.
Nothing here depends on the clock, so a build is reproducible byte for byte.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import chrome as chrome_strings
from .chrome import AlertMeta, Chrome, Text
from .model import Language

if TYPE_CHECKING:
    from .audio import Recording
from .page import Alternate, Entry, Fact, LanguageLink, PageInfo, Phrase

INDEX = "index.html"
FEED = "feed.xml"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# xml.sax.saxutils's escape and quoteattr, which would import urllib.request and
# http.client (20 ms on every command's start): the same replacements.
def escape(data: str) -> str:
    """``&``, ``<`` and ``>`` as entities."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An attribute value, escaped and quoted (``xml.sax.saxutils.quoteattr``)."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))


@dataclass(frozen=True)
class AlertPage:
    """One alert in one language, as the site lists it."""

    slug: str
    language: Language
    title: Text
    description: Text
    meta: AlertMeta
    enclosure: Recording | None = None  # channels: recorded audio, a feed enclosure
    credits: tuple[Text, ...] = ()  # review hook: who translated, who reviewed (review.py)


class Site:
    """Every page's view of the others: URLs, chrome strings, languages."""

    def __init__(
        self,
        *,
        source: Language,
        title: str,
        base_url: str,
        chrome: Mapping[str, Chrome],
        chains: Mapping[str, Sequence[Language]],
    ) -> None:
        self.source = source
        self.title = title
        self.base = base_url.rstrip("/") + "/" if base_url else ""
        self.chrome = chrome
        self.chains = chains  # language tag -> its fallbacks, in order, source last

    # -- links ---------------------------------------------------------------

    @staticmethod
    def href(here: str | None, folder: str | None, name: str) -> str:
        """Relative link from a page in folder ``here`` (None: build/) to ``folder/name``."""
        name = quote(name)
        if here == folder:
            return name
        target = f"{folder}/{name}" if folder else name
        return target if here is None else f"../{target}"

    def url(self, here: str | None, folder: str | None, name: str) -> str:
        """Absolute under ``base-url`` when it is set; else the relative link."""
        if not self.base:
            return self.href(here, folder, name)
        return self.base + (f"{folder}/" if folder else "") + quote(name)

    def phrase(self, text: Text, language: Language) -> Phrase:
        """``text`` for a page in ``language``: marked when in another language."""
        if text.language.tag == language.tag:
            return Phrase(text.value)
        direction = text.language.direction if text.language.direction != language.direction \
            else ""
        return Phrase(text.value, lang=text.language.tag, dir=direction)

    def _alternates(
        self, here: str | None, languages: Sequence[Language], name: str, default: str | None,
    ) -> tuple[Alternate, ...]:
        links = [Alternate(lang.tag, self.url(here, lang.tag, name)) for lang in languages]
        if default is not None:
            links.append(Alternate("x-default", self.url(here, default or None, name)))
        return tuple(links)

    # -- alert pages -----------------------------------------------------------

    def facts(self, meta: AlertMeta, language: Language) -> tuple[Fact, ...]:
        """Date, country, level and stage from the front matter, in ``language``."""
        chrome = self.chrome[language.tag]
        facts = []
        if meta.date is not None:
            facts.append(Fact(self.phrase(chrome.get(chrome_strings.PUBLISHED), language),
                              (Phrase(chrome_strings.format_when(meta, language)),),
                              datetime=meta.iso_date))
        if meta.country is not None:
            name = chrome_strings.country_name(
                meta.country, [language, *self.chains.get(language.tag, ())])
            facts.append(Fact(self.phrase(chrome.get(chrome_strings.COUNTRY), language),
                              (self.phrase(name, language),)))
        levels = []
        if meta.level is not None:
            levels.append(self.phrase(chrome.level(meta.level), language))
        if meta.stage is not None:
            levels.append(self.phrase(chrome.stage(meta.stage), language))
        if levels:
            facts.append(Fact(self.phrase(chrome.get(chrome_strings.ALERT_LEVEL), language),
                              tuple(levels)))
        return tuple(facts)

    def notices(
        self, language: Language, shown: Mapping[Language, int], total: int,
    ) -> tuple[Phrase, ...]:
        """The "partly translated" notices of a page (none when all is in ``language``)."""
        return tuple(self.phrase(text, language)
                     for text in self.chrome[language.tag].notices(shown, total=total))

    def alert_info(
        self,
        page: AlertPage,
        *,
        available: Sequence[Language],
        shown: Mapping[Language, int],
        total: int,
    ) -> PageInfo:
        """Everything around one alert's body in ``page.language``."""
        language = page.language
        chrome = self.chrome[language.tag]
        name = f"{page.slug}.html"
        tags = {lang.tag for lang in available}
        return PageInfo(
            language=language,
            title=f"{page.title.value} — {self.title}" if self.title else page.title.value,
            description=page.description.value,
            site_title=self.title,
            site_title_language=self.source,
            home=INDEX,
            alternates=self._alternates(language.tag, available, name,
                                        self.source.tag if self.source.tag in tags else None),
            canonical=self.url(language.tag, language.tag, name) if self.base else "",
            languages_label=self.phrase(chrome.get(chrome_strings.LANGUAGES), language),
            languages=tuple(LanguageLink(lang, self.href(language.tag, lang.tag, name),
                                         current=lang == language) for lang in available),
            facts=self.facts(page.meta, language),
            notices=self.notices(language, shown, total),
            feed=FEED,
            feed_label=self.phrase(chrome.get(chrome_strings.SUBSCRIBE), language),
        )

    # -- index pages -------------------------------------------------------------

    def index(
        self, language: Language, pages: Sequence[AlertPage], *, indexed: Sequence[Language],
    ) -> tuple[Phrase, tuple[Entry, ...], PageInfo]:
        """The heading, entries (newest first) and page info of ``language``'s index."""
        chrome = self.chrome[language.tag]
        heading = chrome.get(chrome_strings.ALERTS)
        entries = tuple(
            Entry(
                href=self.href(language.tag, language.tag, f"{page.slug}.html"),
                title=self.phrase(page.title, language),
                date=Phrase(chrome_strings.format_when(page.meta, language))
                if page.meta.date else None,
                datetime=page.meta.iso_date,
            )
            for page in newest_first(pages)
        )
        info = PageInfo(
            language=language,
            title=f"{heading.value} — {self.title}" if self.title else heading.value,
            site_title=self.title,
            site_title_language=self.source,
            home=self.href(language.tag, None, INDEX),
            alternates=self._alternates(language.tag, indexed, INDEX, ""),
            canonical=self.url(language.tag, language.tag, INDEX) if self.base else "",
            languages_label=self.phrase(chrome.get(chrome_strings.LANGUAGES), language),
            languages=tuple(LanguageLink(lang, self.href(language.tag, lang.tag, INDEX),
                                         current=lang == language) for lang in indexed),
            feed=FEED,
            feed_label=self.phrase(chrome.get(chrome_strings.SUBSCRIBE), language),
        )
        return self.phrase(heading, language), entries, info

    def chooser(self, indexed: Sequence[Language]) -> tuple[tuple[Phrase, ...], PageInfo]:
        """``build/index.html``: "choose a language" in each language, and the languages."""
        leads: dict[str, Phrase] = {}
        for language in indexed:
            text = self.chrome[language.tag].get(chrome_strings.CHOOSE)
            leads.setdefault(text.value, self.phrase(text, self.source))
        info = PageInfo(
            language=self.source,
            title=self.title or next(iter(leads), ""),
            site_title=self.title,
            site_title_language=self.source,
            alternates=self._alternates(None, indexed, INDEX, ""),
            canonical=self.url(None, None, INDEX) if self.base else "",
            languages=tuple(LanguageLink(lang, self.href(None, lang.tag, INDEX))
                            for lang in indexed),
        )
        return tuple(leads.values()), info

    # -- feeds -----------------------------------------------------------------

    def entry_id(self, language: Language, slug: str) -> str:
        """A stable Atom id: the page's URL under base-url, else a name-based UUID."""
        if self.base:
            return self.url(None, language.tag, f"{slug}.html")
        name = f"alert-i18n:{self.title}:{language.tag}/{slug}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    def feed(self, language: Language, pages: Sequence[AlertPage]) -> bytes:
        """``language``'s Atom feed: one entry per dated alert, newest first (UTF-8,
        each entry encoded as it is made: the feed of a large archive is a build's
        largest text)."""
        chrome = self.chrome[language.tag]
        heading = chrome.get(chrome_strings.ALERTS)
        dated = [p for p in newest_first(pages) if p.meta.date is not None]
        updated = max((_timestamp(p.meta) for p in dated), default="1970-01-01T00:00:00Z")
        if self.base:
            feed_id = self.url(None, language.tag, FEED)
        else:
            name = f"alert-i18n:{self.title}:{language.tag}/{FEED}"
            feed_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
        title = f"{self.title} — {heading.value}" if self.title else heading.value
        lines = [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language.tag)}>',
            f"<id>{_xml(feed_id)}</id>",
            f"<title{_xml_lang(heading, language)}>{_xml(title)}</title>",
            f"<updated>{updated}</updated>",
            f"<author><name>{_xml(self.title or 'alert-i18n')}</name></author>",
            f'<link rel="self" type="application/atom+xml" '
            f"href={quoteattr(self.url(language.tag, language.tag, FEED))}/>",
            f'<link rel="alternate" type="text/html" hreflang={quoteattr(language.tag)} '
            f"href={quoteattr(self.url(language.tag, language.tag, INDEX))}/>",
        ]
        encoded = [line.encode("utf-8") for line in lines]
        for page in dated:
            href = self.url(language.tag, language.tag, f"{page.slug}.html")
            lines = [
                "<entry>",
                f"<id>{_xml(self.entry_id(language, page.slug))}</id>",
                f"<title{_xml_lang(page.title, language)}>{_xml(page.title.value)}</title>",
                f"<updated>{_timestamp(page.meta)}</updated>",
                f'<link rel="alternate" type="text/html" hreflang={quoteattr(language.tag)} '
                f"href={quoteattr(href)}/>",
            ]
            if (sound := page.enclosure) is not None:  # channels: the recorded audio
                lines.append(
                    f'<link rel="enclosure" type={quoteattr(sound.mime_type)} '
                    f"length={quoteattr(str(sound.size))} "
                    f"href={quoteattr(self.url(language.tag, language.tag, sound.name))}/>")
            if page.description.value:
                lines.append(f"<summary{_xml_lang(page.description, language)}>"
                             f"{_xml(page.description.value)}</summary>")
            lines += [f'<category scheme="urn:alert-i18n:translation" term="credit" '
                      f"label={quoteattr(_NOT_XML.sub('', credit.value))}"
                      f"{_xml_lang(credit, language)}/>"
                      for credit in page.credits]  # review hook: translated / reviewed by
            lines.append("</entry>")
            encoded.append("\n".join(lines).encode("utf-8"))
        encoded.append(b"</feed>\n")
        return b"\n".join(encoded)


def newest_first(pages: Sequence[AlertPage]) -> list[AlertPage]:
    """Dated alerts newest first, then undated ones, each group by slug."""
    dated = sorted((p for p in pages if p.meta.date), key=lambda p: p.slug)
    dated.sort(key=lambda p: p.meta.date or datetime.date.min, reverse=True)
    return dated + sorted((p for p in pages if not p.meta.date), key=lambda p: p.slug)


def _timestamp(meta: AlertMeta) -> str:
    assert meta.date is not None
    return f"{meta.date.isoformat()}T00:00:00Z"


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _xml_lang(text: Text, language: Language) -> str:
    return "" if text.language == language else f" xml:lang={quoteattr(text.language.tag)}"

