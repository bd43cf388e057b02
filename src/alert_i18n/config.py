"""``[tool.alert-i18n]`` of the content root's pyproject.toml: read, then validated."""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import languages, plurals
from .errors import UsageError
from .model import Language
from .review import Policy as ReviewPolicy

_KEYS = {
    "languages": "list of language codes to update and build (default: folders under locales/)",
    "source-language": "language of the alerts in source/ (default 'en')",
    "project": "Project-Id-Version prefix written into catalogs",
    "fallbacks": "table: language -> list of languages to show untranslated passages in",
    "language-names": "table: language -> native name, where CLDR has none",
    "plural-forms": "table: language -> Plural-Forms header, where the built-in table has none",
    "publish-threshold": "percent translated below which a language's page is not published",
    "site-title": "name of the site, shown on index pages and feeds",
    "base-url": "absolute URL the build/ folder is published at (for feeds and hreflang)",
    "cap-sender": "CAP <sender>: who issues the alerts (an e-mail address or domain)",
    "cap-identifier": "CAP <identifier> of each alert, with {slug} (default '{sender}-{slug}')",
    "review": "table: required = [languages that publish only reviewed translations], "
              "notice = [languages whose unreviewed pages say so]",
    "pivot": "table: language -> the language its translators read beside the English",
}
_REVIEW_KEYS = ("required", "notice")


@dataclass(frozen=True)
class Config:
    """Validated settings for one content root."""

    root: Path
    languages: tuple[str, ...] = ()
    source_language: str = "en"
    project: str = "alert-i18n"
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    language_names: dict[str, str] = field(default_factory=dict)
    plural_forms: dict[str, str] = field(default_factory=dict)
    publish_threshold: float = 0.0
    site_title: str = "Alerts"
    base_url: str = ""
    # Where inputs may be read from, if not the root: the preview's root links to the site's.
    inputs_root: Path | None = None
    cap_sender: str = ""  # no CAP file without it
    cap_identifier: str = "{sender}-{slug}"
    review: ReviewPolicy = field(default_factory=lambda: ReviewPolicy())
    pivots: dict[str, str] = field(default_factory=dict)  # language tag -> pivot tag

    # Made once: the build asks for them for every file it reads or writes.
    @functools.cached_property
    def source_dir(self) -> Path:
        return self.root / "source"

    @functools.cached_property
    def locale_dir(self) -> Path:
        return self.root / "locales"

    @functools.cached_property
    def build_dir(self) -> Path:
        return self.root / "build"

    def language(self, code: str) -> Language:
        return languages.resolve(code, names=self.language_names,
                                 plural_forms=self.plural_forms)

    def fallback_chain(self, language: Language) -> tuple[str, ...]:
        """Languages to try, in order, for a passage not translated into ``language``."""
        chain = self.fallbacks.get(language.tag) or self.fallbacks.get(language.locale) or ()
        return tuple(c for c in chain if c != language.tag) + (self.source_language,)


def load(root: Path) -> Config:
    """Read and validate the configuration of the content root ``root``."""
    path = root / "pyproject.toml"
    table: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            text = str(error)
            where = re.search(r"\(at (?:line (\d+), column \d+|end of document)\)$", text)
            line = 0
            if where:
                text = text[: where.start()].rstrip()
                line = int(where.group(1)) if where.group(1) else (
                    path.read_bytes().count(b"\n") or 1)
            raise UsageError(f"not valid TOML: {text}", path=str(path), line=line) from None
        tool = data.get("tool", {})
        for near in ("alert_i18n", "alerti18n", "alert_i18n", "alert-i18N"):
            if near in tool and "alert-i18n" not in tool:
                raise UsageError(f"[tool.{near}] is not read: the table is [tool.alert-i18n]",
                                 path=str(path))
        table = tool.get("alert-i18n", {})
        if not isinstance(table, dict):
            raise UsageError("[tool.alert-i18n] must be a table", path=str(path))
    try:
        return validate(table, root=root, where=str(path))
    except _ValueError as error:  # the line of the key, found in the text
        line = _line_of(path.read_text(encoding="utf-8"), ("tool", "alert-i18n", *error.key))
        raise UsageError(error.message, path=str(path), line=line) from None


class _ValueError(UsageError):
    """A bad key or value of [tool.alert-i18n], by its key path (``load`` adds the line)."""

    def __init__(self, message: str, *, path: str, key: tuple[str, ...]) -> None:
        super().__init__(message, path=path)
        self.key = key


_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?")
_KEY = r"""(?:[\w-]+|"[^"]*"|'[^']*')"""
_ASSIGNMENT = re.compile(rf"\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")


def _line_of(text: str, key: tuple[str, ...]) -> int:
    """The 1-based line where TOML ``text`` sets ``key`` (or opens it as a table); 0 if
    it cannot tell (a key set inside an inline table, say)."""
    def parts(dotted: str) -> tuple[str, ...]:
        return tuple(p.strip().strip("\"'") for p in re.findall(
            r"\"[^\"]*\"|'[^']*'|[^.]+", dotted))

    table: tuple[str, ...] = ()
    found = 0
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.fullmatch(line):
            table = parts(header.group(1))
            if table == key:
                return number
        elif (assignment := _ASSIGNMENT.match(line)) is not None:
            full = table + parts(assignment.group(1))
            if full == key:
                return number
            if not found and key[: len(full)] == full:
                found = number  # the key lives in this value (an inline table)
    return found


def validate(table: dict[str, Any], *, root: Path, where: str) -> Config:
    """Check every key and value; name the bad one and suggest the likely typo.

    Over 80 lines because it is a list: one short check a key, each with the
    sentence the user reads; the tables (review, pivot) have a helper each.
    """
    def fail(message: str, *key: str) -> _ValueError:
        return _ValueError(message, path=where, key=key)

    for key in table:
        if key not in _KEYS:
            guess = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            raise fail(f"unknown key {key!r} in [tool.alert-i18n]{hint}", key)

    def strings(value: Any, *key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"[tool.alert-i18n] {'.'.join(key)} must be a list of strings", *key)
        return tuple(value)

    def text(key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise fail(f"[tool.alert-i18n] {key} must be a string", key)
        return value

    def parse(code: str, label: str, *key: str) -> Any:
        try:
            return languages.parse_code(code)
        except UsageError as error:
            raise fail(f"[tool.alert-i18n] {label}: {error.message}", *key) from None

    codes = strings(table.get("languages", []), "languages")
    names_table = table.get("language-names", {})
    if not isinstance(names_table, dict) or not all(
        isinstance(v, str) for v in names_table.values()
    ):
        raise fail("[tool.alert-i18n.language-names] values must be strings", "language-names")
    names = {languages.bcp47(parse(k, "language-names", "language-names", k)): v
             for k, v in names_table.items()}
    forms_table = table.get("plural-forms", {})
    if not isinstance(forms_table, dict) or not all(
        isinstance(v, str) for v in forms_table.values()
    ):
        raise fail("[tool.alert-i18n.plural-forms] values must be strings", "plural-forms")
    forms = {}
    for key, value in forms_table.items():
        try:
            plurals.parse(value)
        except plurals.PluralFormsError as error:
            raise fail(f"[tool.alert-i18n.plural-forms] {key}: {error}", "plural-forms",
                       key) from None
        forms[languages.bcp47(parse(key, "plural-forms", "plural-forms", key))] = value
    fallback_table = table.get("fallbacks", {})
    if not isinstance(fallback_table, dict):
        raise fail("[tool.alert-i18n.fallbacks] must be a table", "fallbacks")
    fallbacks = {}
    for key, value in fallback_table.items():
        chain = strings(value, "fallbacks", key)
        tag = languages.bcp47(parse(key, "fallbacks", "fallbacks", key))
        fallbacks[tag] = tuple(languages.bcp47(parse(c, f"fallbacks.{key}", "fallbacks", key))
                               for c in chain)
    threshold = table.get("publish-threshold", 0)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
        0 <= threshold <= 100
    ):
        raise fail("[tool.alert-i18n] publish-threshold must be a number from 0 to 100",
                   "publish-threshold")
    for code in codes:
        parse(code, "languages", "languages")
    source = text("source-language", "en")
    parse(source, "source-language", "source-language")
    site_title = text("site-title", "Alerts")
    if not site_title.strip():
        raise fail("[tool.alert-i18n] site-title must not be empty: it names the site on "
                   "every page (the link home) and in the feeds", "site-title")
    base_url = text("base-url", "")
    if base_url and not re.fullmatch(r"https?://[^\s/?#]+(?:/[^\s?#]*)?", base_url):
        raise fail(
            f"[tool.alert-i18n] base-url {base_url!r} must be an absolute http(s) URL, "
            "like 'https://example.org/alerts/'", "base-url")
    cap_sender, cap_identifier = text("cap-sender", ""), text("cap-identifier", "{sender}-{slug}")
    for key, value in (("cap-sender", cap_sender), ("cap-identifier", cap_identifier)):
        if re.search(r"[\s,<&]", value):  # CAP 1.2: no spaces, commas or restricted characters
            raise fail(f"[tool.alert-i18n] {key} {value!r} must not contain spaces, commas, "
                       "'<' or '&' (CAP 1.2)", key)
    if "{slug}" not in cap_identifier:
        raise fail("[tool.alert-i18n] cap-identifier must contain {slug}: each alert needs "
                   "its own identifier", "cap-identifier")
    policy, pivots = _review_settings(table, fail=fail, strings=strings, parse=parse)
    return Config(
        root=root,
        languages=codes,
        source_language=languages.bcp47(languages.parse_code(source)),
        project=text("project", "alert-i18n"),
        fallbacks=fallbacks,
        language_names=names,
        plural_forms=forms,
        publish_threshold=float(threshold),
        site_title=site_title,
        base_url=base_url,
        cap_sender=cap_sender,
        cap_identifier=cap_identifier,
        review=policy,
        pivots=pivots,
    )


def _review_settings(
    table: dict[str, Any], *, fail: Callable[..., _ValueError],
    strings: Callable[..., tuple[str, ...]], parse: Callable[..., Any],
) -> tuple[ReviewPolicy, dict[str, str]]:
    """``[tool.alert-i18n.review]`` and ``[tool.alert-i18n.pivot]``, checked with
    ``validate``'s helpers (each error names the key)."""
    review_table = table.get("review", {})
    if not isinstance(review_table, dict):
        raise fail("[tool.alert-i18n.review] must be a table", "review")
    for key in review_table:
        if key not in _REVIEW_KEYS:
            guess = difflib.get_close_matches(key, _REVIEW_KEYS, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            raise fail(f"unknown key {key!r} in [tool.alert-i18n.review]{hint}", "review", key)
    policy = ReviewPolicy(**{
        key: frozenset(languages.bcp47(parse(c, f"review.{key}", "review", key))
                       for c in strings(review_table.get(key, []), "review", key))
        for key in _REVIEW_KEYS
    })
    pivot_table = table.get("pivot", {})
    if not isinstance(pivot_table, dict) or not all(
        isinstance(v, str) for v in pivot_table.values()
    ):
        raise fail("[tool.alert-i18n.pivot] values must be language codes", "pivot")
    pivots = {languages.bcp47(parse(k, "pivot", "pivot", k)):
              languages.bcp47(parse(v, f"pivot.{k}", "pivot", k))
              for k, v in pivot_table.items()}
    return policy, pivots
