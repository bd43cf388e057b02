"""HTML documents around rendered alert bodies: alert pages, index pages, fragments.

Pure text in, text out: every value arrives already localized (see ``site``);
this module only escapes and lays out.  Pages are self-contained (one inline
stylesheet, no script, font or image from elsewhere), allowed by a Content
Security Policy that names the stylesheet by its hash.  The stylesheet uses
logical properties only, so a right-to-left page mirrors without a second one.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .model import Language

STYLE = """\
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans NKo",\
sans-serif;line-height:1.5;color:#1a1a1a;background:#fff;-webkit-text-size-adjust:100%;\
text-size-adjust:100%}
body{margin-block:0;margin-inline:auto;max-inline-size:42rem;padding-block:1rem;\
padding-inline:1rem;overflow-wrap:anywhere;text-align:start}
h1,h2,h3{line-height:1.25}
a{color:#0645ad}
header{border-block-end:1px solid #ccc;margin-block-end:1rem;padding-block-end:.5rem}
.site{font-weight:700;margin:0}
.site a{color:inherit;text-decoration:none}
nav{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin-block:.5rem}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;margin:0;padding:0}
nav a{display:inline-block;padding-block:.25rem}
[aria-current]{color:inherit;font-weight:700;text-decoration:none}
.facts{margin-block:.5rem 0;margin-inline:0}
.facts div{display:flex;flex-wrap:wrap;gap:0 .5rem}
.facts dt{font-weight:700}
.facts dd{margin:0}
.notice{background:#fff4e5;border-inline-start:4px solid #b35c00;padding-block:.5rem;\
padding-inline:.75rem}
.alert [lang]:not(td):not(th){background:#f1f1f1;padding-inline:.25rem;unicode-bidi:plaintext}
ul,ol{padding-inline-start:1.5rem}
.alerts{list-style:none;padding:0}
.alerts li{margin-block:1rem}
.alerts p{margin:0}
.choose{font-size:1.25rem;list-style:none;padding:0}
.choose li{margin-block:.5rem}
blockquote{border-inline-start:3px solid #ccc;margin-inline:0;padding-inline-start:1rem}
table{border-collapse:collapse;display:block;max-inline-size:100%;overflow-x:auto}
th,td{border:1px solid #ccc;padding-block:.25rem;padding-inline:.5rem;text-align:start}
.a-end{text-align:end}.a-center{text-align:center}
img{block-size:auto;max-inline-size:100%}
pre{overflow-x:auto;white-space:pre-wrap}
footer{border-block-start:1px solid #ccc;margin-block-start:2rem;padding-block-start:.5rem}
.listen audio{inline-size:100%}
@media print{nav,footer,.listen{display:none}a{color:inherit;text-decoration:none}\
body{max-inline-size:none;padding:0}.notice{background:none}\
.alert a[href^="http"]::after,.alert a[href^="mailto:"]::after{content:" <" attr(href) ">";\
font-size:.85em;overflow-wrap:anywhere}}"""


def style_hash(style: str) -> str:
    """The CSP source expression that allows exactly this inline stylesheet."""
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    f"default-src 'none'; style-src {style_hash(STYLE)}; img-src 'self'; base-uri 'none'; "
    "form-action 'none'"
)


@dataclass(frozen=True)
class Phrase:
    """Page text; ``lang`` and ``dir`` are set when it is not in the page's language."""

    text: str
    lang: str = ""
    dir: str = ""


@dataclass(frozen=True)
class Alternate:
    """A ``<link rel="alternate" hreflang>``: the same page in another language."""

    hreflang: str  # BCP 47, or "x-default"
    href: str


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher: the language named in itself."""

    language: Language
    href: str
    current: bool = False


@dataclass(frozen=True)
class Fact:
    """One line of the alert's metadata: a label and its values (a date has ``datetime``)."""

    label: Phrase
    values: tuple[Phrase, ...]
    datetime: str = ""


@dataclass(frozen=True)
class Entry:
    """One alert on a language's index page."""

    href: str
    title: Phrase
    date: Phrase | None = None
    datetime: str = ""


@dataclass(frozen=True)
class PageInfo:
    """What a page needs besides its body, localized."""

    language: Language
    title: str
    description: str = ""
    site_title: str = ""
    site_title_language: Language | None = None  # the site's name is in this language
    home: str = ""  # where the site title links to
    alternates: tuple[Alternate, ...] = ()
    canonical: str = ""
    languages_label: Phrase | None = None
    languages: tuple[LanguageLink, ...] = ()
    facts: tuple[Fact, ...] = ()
    notices: tuple[Phrase, ...] = ()
    feed: str = ""  # href of this language's Atom feed
    feed_label: Phrase | None = None
    media_src: str = ""  # CSP media-src of a page that plays a recording (channels)


def phrase(value: Phrase, *, tag: str = "span") -> str:
    """Escaped text, in a ``tag`` carrying its language when it has one of its own."""
    if not value.lang:
        return escape(value.text, quote=False)
    return f"<{tag}{_lang(value)}>{escape(value.text, quote=False)}</{tag}>"


def _lang(value: Phrase) -> str:
    attributes = f' lang="{escape(value.lang)}"' if value.lang else ""
    return attributes + (f' dir="{value.dir}"' if value.dir else "")


def _attribute(name: str, value: str) -> str:
    return f' {name}="{escape(value)}"'


def _media(info: PageInfo) -> str:
    """channels: the CSP directive letting a page play its recording, and nothing else."""
    if not info.media_src:
        return ""
    return "; media-src " + escape(info.media_src, quote=False).replace('"', "&quot;")


def _head(info: PageInfo) -> str:
    lines = [
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}{_media(info)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(info.title, quote=False)}</title>",
    ]
    if info.description:
        lines.append(f'<meta name="description"{_attribute("content", info.description)}>')
    if info.canonical:
        lines.append(f'<link rel="canonical"{_attribute("href", info.canonical)}>')
    lines += [
        f'<link rel="alternate"{_attribute("hreflang", a.hreflang)}{_attribute("href", a.href)}>'
        for a in info.alternates
    ]
    if info.feed:
        label = info.feed_label.text if info.feed_label else "Atom"
        lines.append(f'<link rel="alternate" type="application/atom+xml"'
                     f'{_attribute("href", info.feed)}{_attribute("title", label)}>')
    lines.append(f"<style>{STYLE}</style>")
    return "\n".join(lines)


def _document(info: PageInfo, body: str) -> str:
    language = info.language
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language.tag)}" dir="{language.direction}">\n'
        f"<head>\n{_head(info)}\n</head>\n"
        f"<body>\n{body}</body>\n"
        "</html>\n"
    )


def _switcher(info: PageInfo) -> str:
    if not info.languages:
        return ""
    items = []
    for link in info.languages:
        language = link.language
        current = ' aria-current="page"' if link.current else ""
        items.append(
            f'<li><a{_attribute("href", link.href)} hreflang="{escape(language.tag)}"'
            f' lang="{escape(language.tag)}" dir="{language.direction}"{current}>'
            f"{escape(language.name, quote=False)}</a></li>"
        )
    label = info.languages_label or Phrase("Languages")
    return (
        f'<nav aria-labelledby="Languages"><span id="Languages"{_lang(label)}>'
        f"{escape(label.text, quote=False)}</span>\n"
        f"<ul>\n{chr(10).join(items)}\n</ul>\n</nav>\n"
    )


def _header(info: PageInfo) -> str:
    site = escape(info.site_title, quote=False)
    named = info.site_title_language
    marked = ""  # on the link, not the block: the header still starts where the page does
    if named is not None and named.tag != info.language.tag:
        marked = _lang(Phrase("", lang=named.tag, dir=named.direction
                              if named.direction != info.language.direction else ""))
    if info.home:
        site = f'<a{_attribute("href", info.home)}{marked}>{site}</a>'
    elif marked:
        site = f"<span{marked}>{site}</span>"
    parts = [f'<header>\n<p class="site">{site}</p>\n', _switcher(info)]
    if info.facts:
        parts.append('<dl class="facts">\n')
        for fact in info.facts:
            # A label that fell back to a language written the other way lays its
            # row out in that direction: "Published 08/2020", not "08/2020 Published"
            # mirrored on a right-to-left page; values keep their own direction.
            row = f' dir="{fact.label.dir}"' if fact.label.dir else ""
            values = []
            for value in fact.values:
                text = escape(value.text, quote=False)
                if fact.datetime:
                    text = f'<time datetime="{escape(fact.datetime)}">{text}</time>'
                own = _lang(value) or (f' dir="{info.language.direction}"' if row else "")
                values.append(f"<dd{own}>{text}</dd>")
            parts.append(f"<div{row}><dt{_lang(fact.label)}>"
                         f"{escape(fact.label.text, quote=False)}</dt>{''.join(values)}</div>\n")
        parts.append("</dl>\n")
    parts.append("</header>\n")
    return "".join(parts)


def _notices(notices: Sequence[Phrase]) -> str:
    """The page's notices (fallbacks, review) in one box: on a phone, two boxes take a
    quarter of the screen before the alert starts."""
    if not notices:
        return ""
    if len(notices) == 1:
        return f'<p class="notice"{_lang(notices[0])}>{escape(notices[0].text, quote=False)}</p>\n'
    lines = "<br>".join(f"<span{_lang(n)}>{escape(n.text, quote=False)}</span>"
                          for n in notices)
    return f'<p class="notice">{lines}</p>\n'


def _footer(info: PageInfo) -> str:
    if not info.feed:
        return ""
    label = info.feed_label or Phrase("Atom")
    return (f'<footer>\n<p><a{_attribute("href", info.feed)} type="application/atom+xml"'
            f"{_lang(label)}>{escape(label.text, quote=False)}</a></p>\n</footer>\n")


def alert_page(body: str, info: PageInfo) -> str:
    """A complete, self-contained HTML5 page for one alert in one language."""
    return _document(
        info,
        _header(info) + f'<main>\n{_notices(info.notices)}<article class="alert">\n{body}\n'
        "</article>\n</main>\n" + _footer(info),
    )


def fragment(body: str, *, language: Language, notices: Sequence[Phrase] = ()) -> str:
    """The alert body alone, for a CMS: one ``<div>`` that carries its language."""
    return (f'<div lang="{escape(language.tag)}" dir="{language.direction}">\n'
            f"{_notices(notices)}{body}\n</div>\n")


def index_page(heading: Phrase, entries: Sequence[Entry], info: PageInfo) -> str:
    """A language's list of alerts (newest first, as given)."""
    items = []
    for entry in entries:
        title = f'<a{_attribute("href", entry.href)}>{escape(entry.title.text, quote=False)}</a>'
        line = f"<li><p{_lang(entry.title)}>{title}</p>"
        if entry.date is not None:
            date = escape(entry.date.text, quote=False)
            if entry.datetime:
                date = f'<time datetime="{escape(entry.datetime)}">{date}</time>'
            line += f"<p{_lang(entry.date)}>{date}</p>"
        items.append(line + "</li>")
    listing = f'<ul class="alerts">\n{chr(10).join(items)}\n</ul>\n' if items else ""
    return _document(
        info,
        _header(info)
        + f"<main>\n<h1{_lang(heading)}>{escape(heading.text, quote=False)}</h1>\n{listing}"
        "</main>\n" + _footer(info),
    )


def chooser_page(lead: Sequence[Phrase], info: PageInfo) -> str:
    """The site's entry page: every language named in itself, "choose" in each of them."""
    items = []
    for link in info.languages:
        language = link.language
        items.append(
            f'<li><a{_attribute("href", link.href)} hreflang="{escape(language.tag)}"'
            f' lang="{escape(language.tag)}" dir="{language.direction}">'
            f"{escape(language.name, quote=False)}</a></li>"
        )
    leads = "\n".join(f"<p{_lang(p)}>{escape(p.text, quote=False)}</p>" for p in lead)
    return _document(
        info,
        f"<main>\n<h1>{escape(info.site_title, quote=False)}</h1>\n{leads}\n"
        f'<ul class="choose">\n{chr(10).join(items)}\n</ul>\n</main>\n',
    )
