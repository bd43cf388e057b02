"""Page chrome: the words around an alert, and the alert's front matter shown in them.

Chrome strings are data, a gettext domain of their own (``site``): ``CHROME``
lists each English string with the note translators see; ``extract`` writes
them to ``locales/site.pot``, ``update`` merges ``locales/<lang>/LC_MESSAGES/site.po``
and the build looks each one up in the page's language, then its fallbacks,
then English.  Front matter (date, country, level, stage) is validated here
and rendered with Babel's CLDR data in the reader's language.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from string import Formatter

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from . import plurals
from .errors import SourceError
from .extract import template_header
from .model import CHROME_DOMAIN, Catalog, Language, Message, SourceDocument
from .shortforms import KEYS as SHORT_FORM_KEYS

DOMAIN = CHROME_DOMAIN
BRACE_FLAG = "python-brace-format"


@dataclass(frozen=True)
class ChromeString:
    """An English chrome string and the note translators see beside it."""

    msgid: str
    note: str
    plural: str | None = None  # msgid_plural: the form chosen by the catalog's Plural-Forms


LANGUAGES = "Languages"
ALERT_LEVEL = "Alert level"
STAGE = "Stage {stage} of 10: {name}"
PUBLISHED = "Published"
COUNTRY = "Country"
ALERTS = "Alerts"
CHOOSE = "Choose a language"
SUBSCRIBE = "Subscribe to alerts in this language (Atom feed)"
NOTICE = (
    "This page is partly translated: {count} of {total} passages is shown in {language}."
)
NOTICE_PLURAL = (
    "This page is partly translated: {count} of {total} passages are shown in {language}."
)
UNTRANSLATED = "This page is not translated yet: it is shown in {language}."
# Front matter ``level:`` values, lowest first, and their labels.
LEVELS = {"watch": "Watch", "warning": "Warning", "emergency": "Emergency"}
# Gregory Stanton's ten stages of genocide, for ``stage: 1`` .. ``stage: 10``.
STAGES = (
    "Classification", "Symbolization", "Discrimination", "Dehumanization", "Organization",
    "Polarization", "Preparation", "Persecution", "Extermination", "Denial",
)

# Who translated and who reviewed a page (review marks and Last-Translator of its catalog).
TRANSLATED_BY = "Translated by {name}."
REVIEWED_BY = "Reviewed by {name} on {date}."
NOT_REVIEWED = "This translation has not been reviewed yet."
PARTLY_REVIEWED = (
    "This translation is partly reviewed: {count} of {total} passages checked by {name} "
    "on {date}."
)
REVIEW_STRINGS = (
    ChromeString(TRANSLATED_BY, "credit under an alert; {name} is the translator's name"),
    ChromeString(REVIEWED_BY, "credit under an alert; {name} is one or more reviewers' "
                              "names, {date} a date such as 'August 2020'"),
    ChromeString(NOT_REVIEWED, "notice on a page whose translation no reviewer has checked "
                               "yet"),
    ChromeString(PARTLY_REVIEWED, "notice on a page only some of whose passages a reviewer "
                                  "checked; {count} and {total} are numbers, {name} names, "
                                  "{date} a date; keep the placeholders"),
)

CHROME: tuple[ChromeString, ...] = (
    ChromeString(LANGUAGES, "heading of the language switcher"),
    ChromeString(ALERT_LEVEL, "label before the alert level"),
    ChromeString("Watch", "alert level (the lowest of three: Genocide Watch's 'Watch')"),
    ChromeString("Warning", "alert level (the middle one)"),
    ChromeString("Emergency", "alert level (the highest)"),
    ChromeString(STAGE, "{stage} is a number, {name} the stage's name below; keep both "
                        "placeholders"),
    ChromeString("Classification", "stage 1 of the ten stages of genocide"),
    *(ChromeString(name, f"stage {number}") for number, name in enumerate(STAGES[1:], 2)),
    ChromeString(PUBLISHED, "label before the publication date"),
    ChromeString(COUNTRY, "label before the country name"),
    ChromeString(ALERTS, "title of the page listing all alerts in one language"),
    ChromeString(CHOOSE, "title of the site's entry page"),
    ChromeString(SUBSCRIBE, "link to the news feed"),
    ChromeString(NOTICE, "notice at the top of a page; {count} and {total} are numbers "
                         "(the form follows {count}), {language} is a language name such "
                         "as 'English'; keep the placeholders", NOTICE_PLURAL),
    ChromeString(UNTRANSLATED, "notice at the top of a page none of whose passages is "
                               "translated yet; {language} is a language name such as "
                               "'English'; keep the placeholder"),
    *REVIEW_STRINGS,
)


@lru_cache(maxsize=1024)  # every chrome string, for every language, on every build
def placeholders(text: str) -> frozenset[str] | None:
    """The ``{name}`` fields of a brace-format string; None if it is malformed or unsafe.

    Only plain names are allowed: no ``{0}``, ``{a.b}``, ``{a[0]}``, conversions or
    format specs, so a translation cannot reach into the values it formats.
    """
    names = set()
    try:
        for _, name, spec, conversion in Formatter().parse(text):
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                return None
            names.add(name)
    except ValueError:
        return None
    return frozenset(names)


def template(*, project: str) -> Catalog:
    """The chrome's .pot: every string in ``CHROME``, with its note as extracted comment."""
    messages = tuple(
        Message(
            msgid=string.msgid,
            msgid_plural=string.plural,
            msgstr_plural=("", "") if string.plural else (),
            extracted_comments=(string.note,),
            flags=(BRACE_FLAG,) if placeholders(string.msgid) else (),
        )
        for string in CHROME
    )
    return Catalog(
        header=template_header(project=project, domain=DOMAIN),
        header_comments=("Page chrome: labels, alert levels, stage names and notices around "
                         "every alert.",),
        header_flags=("fuzzy",),
        messages=messages,
    )


def unusable(msgid: str, msgstr: str) -> str | None:
    """Why a chrome translation cannot be used (its placeholders), or None."""
    expected = placeholders(msgid)
    found = placeholders(msgstr)
    if found is None:
        return "malformed or unsafe {placeholder}: only {name} fields are allowed"
    if found != expected:
        want = ", ".join(f"{{{n}}}" for n in sorted(expected or ())) or "none"
        return f"placeholders must be exactly those of the English ({want})"
    return None


# -- looking strings up --------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """A piece of page text and the language it is actually in."""

    value: str
    language: Language


class Chrome:
    """Chrome strings for pages in one language: its catalog, its fallbacks, then English."""

    def __init__(
        self,
        language: Language,
        layers: Sequence[tuple[Language, Mapping[str, str]]],
        *,
        source: Language,
    ) -> None:
        self.language = language
        self.source = source
        self._layers = [
            (layer, {k: v for k, v in table.items() if not unusable(k, v)})
            for layer, table in layers
        ]

    def get(self, msgid: str) -> Text:
        for layer, table in self._layers:
            if table.get(msgid, "").strip():
                return Text(table[msgid], layer)
        return Text(msgid, self.source)

    def plural(self, msgid: str, msgid_plural: str, count: int) -> Text:
        """The form of a plural message for ``count``, chosen by the Plural-Forms of the
        catalog it comes from (``PLURAL_HEADER``), else of its language."""
        for layer, table in self._layers:
            forms = table.get(msgid, "").split(PLURAL_SEPARATOR)
            if any(f.strip() for f in forms):
                index = plural_index(table.get(PLURAL_HEADER) or layer.plural_forms, count)
                if 0 <= index < len(forms) and forms[index].strip():
                    return Text(forms[index], layer)
        return Text(msgid if count == 1 else msgid_plural, self.source)

    def level(self, level: str) -> Text:
        return self.get(LEVELS[level])

    def stage(self, stage: int) -> Text:
        text = self.get(STAGE)
        name = self.get(STAGES[stage - 1])
        return Text(text.value.format_map({"stage": stage, "name": name.value}), text.language)

    def notices(self, shown: Mapping[Language, int], *, total: int) -> list[Text]:
        """One "partly translated" sentence for every other language passages are shown
        in ("not translated yet" when none is in this one): one notice, not one a language.
        """
        others = sorted(((other, count) for other, count in shown.items()
                         if other != self.language and count),
                        key=lambda pair: -pair[1])
        if not others:
            return []
        count = sum(number for _, number in others)
        text = (self.get(UNTRANSLATED) if count == total
                else self.plural(NOTICE, NOTICE_PLURAL, count))
        names = [language_name(other, in_language=text.language) for other, _ in others]
        return [Text(
            text.value.format_map({"count": count, "total": total,
                                   "language": _list(names, text.language)}),
            text.language,
        )]


def _list(names: Sequence[str], language: Language) -> str:
    """"French and English", as ``language`` writes a list (CLDR)."""
    if len(names) == 1:
        return names[0]
    try:
        return format_list(list(names), locale=_locale(language.locale))
    except (ValueError, LookupError):  # a locale without list patterns
        return ", ".join(names)


# Plural translations in a lookup table: their forms joined as in a .mo file, and
# the catalog's Plural-Forms under the header's key (msgid "").
PLURAL_SEPARATOR = "\x00"
PLURAL_HEADER = ""


def plural_form(message: Message) -> str:
    """A plural entry's translations as one table value (forms joined by NUL)."""
    return PLURAL_SEPARATOR.join(message.msgstr_plural)


@lru_cache(maxsize=64)
def _plural_rule(plural_forms: str) -> plurals.PluralRule | None:
    try:
        return plurals.parse(plural_forms.strip())
    except plurals.PluralFormsError:
        return None


def plural_index(plural_forms: str, count: int) -> int:
    """The form index for ``count`` under a gettext ``Plural-Forms`` header value (read
    with gettext's grammar, ``plurals``); English's rule when it cannot be read."""
    rule = _plural_rule(plural_forms)
    try:
        if rule is not None:
            return rule.index(count)
    except ZeroDivisionError:  # checked up to 1000 only, as msgfmt -c checks it
        pass
    return 0 if count == 1 else 1


def language_name(language: Language, *, in_language: Language) -> str:
    """``language``'s name as ``in_language`` writes it in a sentence (CLDR; else its own)."""
    names = _locale(in_language.locale).languages or {}
    return names.get(language.locale) or names.get(language.locale.split("_")[0]) or language.name


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


# -- front matter --------------------------------------------------------------

@dataclass(frozen=True)
class AlertMeta:
    """What an alert's front matter says about it, validated."""

    date: datetime.date | None = None
    day: bool = False  # the front matter gives the day, not only the month
    country: str | None = None  # ISO 3166 code, upper case
    level: str | None = None  # a key of LEVELS
    stage: int | None = None  # 1..10

    @property
    def iso_date(self) -> str:
        """The date as HTML's ``<time datetime>`` wants it: ``2020-08`` or ``2020-08-15``."""
        if self.date is None:
            return ""
        return self.date.isoformat() if self.day else self.date.isoformat()[:7]


_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read_meta(document: SourceDocument) -> AlertMeta:
    """Validate the front matter keys the pages use; SourceError names the file and line."""

    def fail(key: str, value: str, sentence: str) -> SourceError:
        return SourceError(f"front matter {key}: {value!r} {sentence}", path=document.path,
                           line=_front_matter_line(document.text, key))

    fields: dict[str, object] = {}
    value = document.meta("date")
    if value is not None:
        match = _DAY.fullmatch(value) or _MONTH.fullmatch(value)
        try:
            if match is None:
                raise ValueError
            numbers = [int(g) for g in match.groups()] + [1]
            fields["date"] = datetime.date(numbers[0], numbers[1], numbers[2])
            fields["day"] = len(match.groups()) == 3
        except ValueError:
            raise fail("date", value, "is not a date: write YYYY-MM or YYYY-MM-DD "
                                      "(for example 2020-08)") from None
    value = document.meta("country")
    if value is not None:
        code = value.upper()
        if not re.fullmatch(r"[A-Z]{2}", code) or code == "ZZ" or (
            code not in (_locale("en").territories or {})
        ):
            raise fail("country", value, "is not a country code CLDR knows: write its ISO "
                                         "3166 two-letter code (for example ML for Mali)")
        fields["country"] = code
    value = document.meta("level")
    if value is not None:
        if value.lower() not in LEVELS:
            raise fail("level", value, f"is not an alert level: write {', '.join(LEVELS)}")
        fields["level"] = value.lower()
    value = document.meta("stage")
    if value is not None:
        if not re.fullmatch(r"\d{1,2}", value) or not 1 <= int(value) <= len(STAGES):
            raise fail("stage", value, "is not a stage of genocide: write a number from 1 "
                                       "to 10")
        fields["stage"] = int(value)
    return AlertMeta(**fields)  # type: ignore[arg-type]


META_KEYS = ("date", "country", "level", "stage")  # what read_meta reads
# channels (hook): the short forms are read too, by shortforms.py: a misspelt one is named.
META_KEYS += SHORT_FORM_KEYS


def meta_notes(document: SourceDocument) -> list[str]:
    """A note for each front matter key that looks like a misspelt one of ours ("levl"):
    it is not read, so its value silently does nothing.  Other keys (``author``,
    for another tool) are nobody's business here."""
    notes = []
    for key, _ in document.metadata:
        if key in META_KEYS:
            continue
        if guess := difflib.get_close_matches(key.lower(), META_KEYS, n=1, cutoff=0.7):
            line = _front_matter_line(document.text, key)
            notes.append(f"{document.path}:{line}: front matter key {key!r} is not read "
                         f"(did you mean {guess[0]!r}?)")
    return notes


def _front_matter_line(text: str, key: str) -> int:
    """The line of ``key:`` in the front matter (0 when not found)."""
    lines = text.splitlines()
    for number, line in enumerate(lines[1:], 2):
        if line.strip() in ("---", "..."):
            break
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return number
    return 0


def format_when(meta: AlertMeta, language: Language) -> str:
    """The alert's date in ``language``: ``août 2020``, ``uti 2020``; digits without CLDR months."""
    if meta.date is None:
        return ""
    return _when(meta.date, meta.day, language.locale)


@lru_cache(maxsize=4096)  # alerts of one month share it, on their pages and the index
def _when(date: datetime.date, day: bool, code: str) -> str:
    locale = _locale(code)
    month = (locale.months or {}).get("format", {}).get("wide", {}).get(date.month, "")
    if not month or re.fullmatch(r"M\d+", month):
        # CLDR has no month names here (bm_Nkoo gives "M08"): digits read better.
        return format_skeleton("yMMdd" if day else "yMM", date, locale=locale)
    if day:
        return format_date(date, "long", locale=locale)
    return format_skeleton("yMMMM", date, locale=locale)


def country_name(code: str, languages: Sequence[Language]) -> Text:
    """The country's name in the first of ``languages`` CLDR names it in."""
    for language in languages:
        name = (_locale(language.locale).territories or {}).get(code)
        if name:
            return Text(name, language)
    return Text(code, languages[-1])
