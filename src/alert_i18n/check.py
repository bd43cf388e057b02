"""Checks on translations: small named functions returning problems.

Each check takes the English and the translation of one message (and, as a
keyword, the target locale) and returns a list of (check name, severity,
sentence) problems.  ``build`` runs the same ``BLOCKING`` checks before
publishing a translation, so ``check`` and ``build`` always agree on what is
rejected.  ``status.catalog_status`` runs every check in ``CHECKS`` on each
translation of a catalog and counts it.  Nothing here reads files.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property, lru_cache
from typing import Protocol

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from .chrome import PLURAL_SEPARATOR, unusable
from .inline import (
    ATTR_LIST,
    AUTOLINK,
    BACKTICKS,
    BREAKS,
    CODE,
    DEFINITION,
    ESCAPED,
    LINK,
    PAIRS,
    STRAY_STAR,
    STRAY_STRONG,
    TAG,
    bare_labels,
    label,
    unescaped,
)
from .limits import inline_problem, length_problem
from .localize import normalize, unwanted
from .model import Message

Problem = tuple[str, str, str]  # (check, severity, message)

# The inline grammar (links, code, emphasis, HTML) is ``inline``'s, shared with
# placement and rendering: localize escapes every other bracket of a translation.


@lru_cache(maxsize=256)  # each English text is checked once per language of an alert
def link_targets(text: str) -> Counter[str]:
    """Link and image targets of a Markdown text, as a multiset (shared: do not change it)."""
    targets: Counter[str] = Counter()
    # Scans are skipped where they cannot match: links and definitions start with "[",
    # autolinks with "<" (masking only blanks characters out).
    pending = [text]
    while pending:  # links inside link text are links too (Python-Markdown nests them)
        inner = pending.pop()
        if "[" not in inner:
            continue
        for match in unescaped(LINK, inner):
            if match.group("url") is not None:
                # A title is part of the link: it comes from the English.
                title = match.group("title")
                targets[("!" if match.group("image") else "") + match.group("url")
                        + (" " + title if title else "")] += 1
            else:
                name = match.group("ref") or match.group("text")
                image = "!" if match.group("image") else ""
                targets[image + "[" + label(name) + "]"] += 1
            pending.append(match.group("text"))
    if "<" in text:
        for match in unescaped(AUTOLINK, text):
            targets["<" + match.group(1) + ">"] += 1
    if "[" in text:
        for match in DEFINITION.finditer(text):
            targets["[" + label(match.group(1)) + "]: " + match.group(2)] += 1
    return targets


def _as_targets(labels: Counter[str], kept: Counter[str]) -> Counter[str]:
    """The bare labels that ``kept`` has too, as link targets ("[label]")."""
    return Counter({f"[{label}]": count for label, count in labels.items() if label in kept})


def check_links(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """The translation's link targets are exactly the source's."""
    # Every link, autolink, definition and bare label has a "[" or a "<".
    linked = "[" in translation or "<" in translation
    want = link_targets(source)
    have = link_targets(translation) if linked else Counter()
    # A bare "[label]" of the English may be a shortcut reference: keep each one.
    # (A translation's other bare brackets are escaped when it is placed.)
    if bare := bare_labels(source):
        want = want + _as_targets(bare, bare)
        if linked:
            have = have + _as_targets(bare_labels(translation), bare)
    if want == have:
        return []
    parts = []
    if added := have - want:
        parts.append("adds or changes " + ", ".join(sorted(map(one_line, added))))
    if dropped := want - have:
        parts.append("drops " + ", ".join(sorted(map(one_line, dropped))))
    return [(
        "links", "error",
        "link targets differ from the English: " + "; ".join(parts)
        + ". Translate the link text only and keep every (target) as in the English.",
    )]


def check_html(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """No raw HTML or attribute lists that the source does not have, entities decoded
    (``&lt;script&gt;`` is HTML hidden from a reader of the catalog)."""
    translation = html.unescape(translation)
    if "<" not in translation and "{" not in translation:
        return []  # every tag starts with "<", every attribute list with "{"
    extra = _html(translation) - _html(html.unescape(source))
    if not extra:
        return []
    return [(
        "html", "error",
        "contains HTML or attributes the English does not have: "
        + ", ".join(sorted(one_line(found) for found in extra))
        + ". Use plain text and Markdown only.",
    )]


def _html(text: str) -> Counter[str]:
    """The tags (``inline.TAG``, autolinks apart: the links check has them) and
    attribute lists of a text, entities decoded."""
    found = Counter(m.group() for m in ATTR_LIST.finditer(text))
    if "<" in text:
        found.update(m.group().lstrip(" \t")
                     for m in TAG.finditer(AUTOLINK.sub(_blank, text)))
    return found


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def one_line(text: str) -> str:
    """``text`` quoted in a problem's sentence: line breaks and tabs escaped, so that a
    problem is one line of output."""
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def check_characters(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """No control characters or noncharacters (``localize.UNWANTED``): run on the text as
    the catalog has it, since ``normalize`` drops them from every output."""
    have = unwanted(translation)
    if not have:  # the usual case: the English's need not be looked for
        return []
    found = sorted({f"U+{ord(c):04X}" for c in have}
                   - {f"U+{ord(c):04X}" for c in unwanted(source)})
    if not found:
        return []
    return [(
        "characters", "error",
        f"contains control characters or noncharacters: {', '.join(found)}. They are "
        "left out of every output; delete them from the translation.",
    )]


def check_length(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """A translation in proportion with its English: no longer than the renderer
    handles in bounded time (``limits``)."""
    problem = length_problem(source, translation)
    if problem is None:
        return []
    return [("length", "error", problem[0].upper() + problem[1:] + ".")]


def check_nesting(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """Emphasis, links and brackets nested no deeper than the renderer handles (``limits``)."""
    problem = inline_problem(translation)
    if problem is None:
        return []
    return [("nesting", "error", problem[0].upper() + problem[1:] + ".")]


# -- markup -------------------------------------------------------------------

_MARKUP_NAMES = {
    "strong": "strong text (**…**)",
    "strong_": "strong text (__…__)",
    "emphasis": "emphasis (*…*)",
    "emphasis_": "emphasis (_…_)",
    "code": "inline code (`…`)",
    "image": "images (![…](…))",
    "break": "line breaks (\\n)",
}
_STRAY_NAMES = {
    "stray **": "a ** or __ (strong) is opened but never closed",
    "stray *": "a * (emphasis) is opened but never closed",
    "stray `": "a ` (inline code) is opened but never closed",
    "stray [": "a [ or ] has no partner: a link or image is malformed",
}
_STRAY_KIND = {"stray **": ("strong", "strong_"), "stray *": ("emphasis",),
               "stray `": ("code",), "stray [": ("image",)}


def _without_targets(text: str) -> tuple[str, int]:
    """``text`` with each link or image replaced by its text; and the number of images."""
    images = 0
    while "[" in text:  # every link or image has one
        found = False

        def inner(match: re.Match[str]) -> str:
            nonlocal images, found
            found = True
            images += bool(match.group("image"))
            return " " + match.group("text") + " "

        text = LINK.sub(inner, text)
        if not found:
            break
    return text, images


@lru_cache(maxsize=256)  # each English text is checked once per language of an alert
def markup(text: str) -> Counter[str]:
    """Inline Markdown of one message, as counts: strong and emphasis (by delimiter),
    code, image, break, and ``stray …`` delimiters that open something never closed.
    Shared between callers: do not change the result."""
    counts: Counter[str] = Counter()
    # Each pattern is skipped where the character it needs is absent (most texts
    # have no code, HTML or emphasis): what it would find is nothing, a count of 0,
    # and ``+counts`` drops zeros.  Replacements only ever put spaces in.
    if "\\" in text:
        text = ESCAPED.sub(" ", text)
    if "`" in text:
        text, counts["code"] = CODE.subn(" ", text)
        counts["stray `"] = len(BACKTICKS.findall(text))
    if "<" in text:
        text = AUTOLINK.sub(" ", text)
    text = _without_html(text)
    text, counts["image"] = _without_targets(text)
    counts["stray ["] = abs(text.count("[") - text.count("]"))
    for name, pattern in PAIRS:
        while _PAIR_CHARACTER[name] in text:  # nested pairs: replace until none is left
            text, found = pattern.subn(r" \1 ", text)
            if not found:
                break
            counts[name] += found
    if "*" in text or "_" in text:
        counts["stray **"] = len(STRAY_STRONG.findall(text))
    if "*" in text:
        counts["stray *"] = len(STRAY_STAR.findall(STRAY_STRONG.sub(" ", text)))
    if "\n" in text:
        counts["break"] = len(BREAKS.findall(text.strip()))
    return +counts


_PAIR_CHARACTER = {"strong": "*", "strong_": "_", "emphasis": "*", "emphasis_": "_"}


def _without_html(text: str) -> str:
    """``text`` with attribute lists and tags (``inline.TAG``) blanked out by a space."""
    if "{" in text:
        text = ATTR_LIST.sub(" ", text)
    return TAG.sub(" ", text) if "<" in text else text


def check_markup(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """Emphasis, strong, inline code, images and line breaks as in the source; none malformed."""
    want, have = markup(source), markup(translation)
    parts = [
        sentence for name, sentence in _STRAY_NAMES.items() if have[name] > want[name]
    ]
    unclosed = {kind for name in _STRAY_NAMES if have[name] > want[name]
                for kind in _STRAY_KIND[name]}
    for name, title in _MARKUP_NAMES.items():
        if want[name] != have[name] and name not in unclosed:  # said once: "never closed"
            parts.append(f"{title}: the English has {want[name]}, the translation {have[name]}")
    if not parts:
        return []
    return [(
        "markup", "error",
        "Markdown differs from the English: " + "; ".join(parts)
        + ". Keep each *emphasis*, **strong**, `code`, image and line break of the English.",
    )]


# -- numbers ------------------------------------------------------------------

_SPACE_LIKE = " \u00a0\u202f\u2009\u2007\u2008\u200a"
_SOURCE_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w|[.,]\d)")


@dataclass(frozen=True)
class _NumberStyle:
    """How a locale writes numbers, and every reading of a number we accept for it."""

    locale: str
    group: str
    decimal: str

    @cached_property  # the style is cached per locale (_number_style)
    def readings(self) -> tuple[tuple[str, str], ...]:
        """(group separators, decimal separator) pairs a number may be written with:
        as in English; as the locale writes it, any space-like character grouping; and
        space-grouped with either decimal mark (Bambara in Mali writes ``4 000`` and
        ``12,5`` like French, where CLDR has ``4,000`` and ``12.5``)."""
        spaces = _SPACE_LIKE + (self.group if self.group.isspace() else "")
        return ((",", "."), (self.group + spaces, self.decimal), ("," + spaces, "."),
                (spaces, ","))

    @cached_property
    def token(self) -> re.Pattern[str]:
        groups = re.escape("".join(sorted(set(",.'\u2019" + _SPACE_LIKE + self.group))))
        decimals = re.escape("".join(sorted(set(".," + self.decimal))))
        return re.compile(
            rf"(?<!\w)(?:\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+)(?:[{decimals}]\d+)?(?!\d)"
        )


@cache
def _number_style(locale: str) -> _NumberStyle:
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        parsed = Locale.parse("en")
    return _NumberStyle(str(parsed), get_group_symbol(parsed), get_decimal_symbol(parsed))


def _digits(text: str) -> str:
    """Any script's decimal digits (N'Ko, Arabic-Indic, ...) as ASCII digits."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)


def _reading(token: str, groups: str, decimal: str) -> Decimal | None:
    """The value of ``token`` written with ``groups`` and ``decimal``, if it is one."""
    whole, _, fraction = token.rpartition(decimal) if decimal in token else (token, "", "")
    if fraction and not fraction.isdigit():
        return None
    if not all(c.isdigit() or c in groups for c in whole) or not whole[:1].isdigit():
        return None
    parts = re.split("[" + re.escape(groups) + "]", whole) if groups else [whole]
    if len(parts) > 1 and (len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:])):
        return None
    try:
        return Decimal("".join(parts) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=1024)  # years and counts recur from message to message
def _values(token: str, style: _NumberStyle) -> frozenset[Decimal]:
    """Every value ``token`` can be read as in English or in the target locale."""
    token = _digits(token)
    values = {v for groups, decimal in style.readings
              if (v := _reading(token, groups, decimal)) is not None}
    # Two numbers a space apart ("en 2019 589 civils") can look like one grouped number.
    for piece in re.split("[" + _SPACE_LIKE + "]", token):
        if piece != token:
            values.update(v for groups, decimal in style.readings
                          if (v := _reading(piece, groups, decimal)) is not None)
    return frozenset(values)


def _prose(text: str) -> str:
    """Text without link targets, autolinks, HTML tags and attribute lists."""
    if "<" in text:
        text = AUTOLINK.sub(" ", text)
    return _without_targets(_without_html(text))[0]


@lru_cache(maxsize=256)  # each English text is checked once per language of an alert
def numbers(text: str) -> dict[Decimal, str]:
    """The numbers of an English text (not in link targets): value -> as written.
    Shared between callers: do not change the result."""
    found: dict[Decimal, str] = {}
    for match in _SOURCE_NUMBER.finditer(_prose(text)):
        found.setdefault(Decimal(match.group().replace(",", "")), match.group())
    return found


def check_numbers(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """Every number of the source is in the translation, as in English or as ``locale``
    writes it (any space-like group separator); repeats may be said once."""
    want = numbers(source)
    if not want:
        return []
    style = _number_style(locale)
    tokens = [m.group() for m in style.token.finditer(_prose(translation))]
    have: set[Decimal] = set()
    for token in tokens:
        have |= _values(token, style)
    missing = [written for value, written in want.items() if value not in have]
    if not missing:
        return []
    forms = []
    for written in missing:
        local = format_decimal(Decimal(written.replace(",", "")), locale=style.locale)
        local = "".join(" " if c in _SPACE_LIKE else c for c in local)
        plain = written.isdigit()  # a year stays 2021, not "2 021"
        forms.append(written if plain or local == written else f"{written} (or {local})")
    extra = sorted({t for t in tokens if not _values(t, style) & set(want)})
    changed = f"; the translation has {', '.join(extra)} instead" if extra else ""
    return [(
        "numbers", "error",
        f"number{'s' if len(missing) > 1 else ''} missing or changed: {', '.join(forms)}"
        f"{changed}. Write every number of the English, in figures.",
    )]


# -- whitespace and unchanged text -------------------------------------------

def _describe_space(space: str) -> str:
    if not space:
        return "nothing"
    if "\n" in space:
        return "a line break"
    return "a space" if len(space) == 1 else f"{len(space)} spaces"


_LAYOUT = (
    (re.compile(r"\n[ \t]*\n"), "has an empty line"),
    # (not after a space: from every space of a long run, a scan to its end)
    (re.compile(r"(?<![ \t\u00a0])[ \t\u00a0]+\n|\n[ \t\u00a0]+"),
     "has spaces around a line break"),
    (re.compile(r"[^\S\n]{2,}"), "has a double space"),
)


def check_whitespace(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """Leading and trailing whitespace, and the layout of line breaks, as in the source."""
    parts = []
    for where, cut in (("starts", str.lstrip), ("ends", str.rstrip)):
        want = source[: len(source) - len(cut(source))] if where == "starts" else \
            source[len(cut(source)):]
        have = translation[: len(translation) - len(cut(translation))] \
            if where == "starts" else translation[len(cut(translation)):]
        if want != have:
            parts.append(f"{where} with {_describe_space(have)} where the English has "
                         f"{_describe_space(want)}")
    inner_source, inner = source.strip(), translation.strip()
    for pattern, sentence in _LAYOUT:
        if pattern.search(inner) and not pattern.search(inner_source):
            parts.append(sentence)
    if not parts:
        return []
    return [(
        "whitespace", "warning",
        "the translation " + "; ".join(parts) + ". Lay it out as the English.",
    )]


_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['\u2019.-][^\W_]+)*")
SAME_MIN_WORDS = 3  # shorter texts are often names ("MINUSMA", "Genocide Watch")


def words(text: str) -> list[str]:
    """The English words of a message: no link targets, URLs, HTML, code or markup."""
    if "\\" in text:
        text = ESCAPED.sub(" ", text)
    if "`" in text:
        text = CODE.sub(" ", text)
    return _WORD.findall(_prose(text))


@lru_cache(maxsize=256)  # each English text is counted once per language of an alert
def count_words(text: str) -> int:
    return len(words(text))


def check_same(source: str, translation: str, *, locale: str = "en") -> list[Problem]:
    """A translation identical to a long English text was probably forgotten."""
    if " ".join(source.split()) != " ".join(translation.split()):
        return []
    if sum(1 for w in words(source) if any(c.isalpha() for c in w)) < SAME_MIN_WORDS:
        return []
    return [(
        "same", "warning",
        "the translation is the English text unchanged. Translate it (or, if it must stay "
        "in English, say so in a translator comment).",
    )]


# -- the check list -----------------------------------------------------------

class Check(Protocol):
    __name__: str

    def __call__(self, source: str, translation: str, *, locale: str = ...) -> list[Problem]:
        ...


# Every check, in report order.  Names (the first item of each problem) are part
# of the command line's contract: scripts and CI filter on them.
CHECKS: tuple[Check, ...] = (
    check_characters, check_nesting, check_length, check_links, check_markup, check_html,
    check_numbers,
    check_whitespace, check_same,
)

# Checks whose errors keep a translation off the published page: the unsafe ones.
# Broken emphasis or a changed number is a fault ``check`` fails CI for, but the
# page stays more useful with it than with the English paragraph in its place.
# ``nesting`` and ``length`` come first: a translation they refuse is not checked
# further (the other checks, like the renderer, would take too long on it).  Both
# are one linear pass; nesting, the more specific diagnosis, is said first.
BLOCKING: tuple[Check, ...] = (check_nesting, check_length, check_links, check_html)
_GATES: tuple[Check, ...] = (check_nesting, check_length)


def _refused(source: str, translation: str) -> list[Problem]:
    """The first gate's errors: input too long or too deep to check or render."""
    for gate in _GATES:
        if refused := gate(source, translation):
            return refused
    return []


def blocking_problems(source: str, translation: str) -> list[Problem]:
    """Errors that make a translation unpublishable (the build falls back to English):
    the one decision ``check``, ``build`` and ``compile`` share (``publish``), with
    ``placeholder_problems`` in the chrome."""
    if refused := _refused(source, translation):
        return refused
    return [p for check in BLOCKING if check not in _GATES  # passed just above
            for p in check(source, translation) if p[1] == "error"]


def placeholder_problems(message: Message) -> list[Problem]:
    """In the chrome (``site.po``, brace format): a translation, its plural forms joined
    as ``chrome.plural_form`` joins them, keeps the English's ``{placeholders}``
    exactly, or is not published."""
    translation = (PLURAL_SEPARATOR.join(map(normalize, message.msgstr_plural))
                   if message.msgid_plural is not None else normalize(message.msgstr))
    reason = unusable(message.msgid, translation)
    return [] if reason is None else [("placeholders", "error", reason + ".")]


def problems(source: str, translation: str, *, locale: str) -> list[Problem]:
    """Every check's problems with one translated message, as the catalog has it
    (``check_characters`` reads it so; the others read it ``normalize``d)."""
    found = check_characters(source, translation)
    source, translation = normalize(source), normalize(translation)
    if refused := _refused(source, translation):
        return found + refused
    return found + [p for check in CHECKS if check not in _GATES and check is not check_characters
                    for p in check(source, translation, locale=locale)]
