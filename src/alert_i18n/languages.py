"""Language codes -> Language records, from Babel's CLDR data.

Any language CLDR knows works without code: its native name and script
direction come from Babel's data, its plural forms from the project's own
table (``plurals.py``), so that a new catalog's header does not change with the
installed Babel.  BCP 47 (``bm-Nkoo``) and POSIX (``bm_Nkoo``) spellings are
both accepted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from babel import Locale, UnknownLocaleError

from . import plurals
from .errors import UsageError
from .model import Language

_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")

def parse_code(code: str) -> Locale:
    """Parse a BCP 47 or POSIX language code, or raise UsageError."""
    if not _CODE.fullmatch(code or ""):
        raise UsageError(
            f"malformed language code {code!r}: expected a code like 'fr', 'bm', 'ff' or 'bm-Nkoo'"
        )
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise UsageError(
            f"unknown language code {code!r}: Babel's CLDR data has no locale by that name"
        ) from None
    asked = re.split(r"[-_]", code)[0].lower()
    if locale.language != asked:
        # Babel resolves aliases ("fre" -> fr_FR); a folder named after one would
        # stand beside the real language's and split its translations.
        raise UsageError(
            f"language code {code!r} is an alias of {bcp47(locale)!r}: use {locale.language!r}"
        )
    return locale


def plural_forms(locale: Locale, override: str | None = None) -> str:
    """The gettext Plural-Forms header for ``locale``: the configured one, else the table's."""
    forms = override or plurals.for_locale(str(locale))
    if forms is None:
        raise UsageError(
            f"no plural rule is known for {bcp47(locale)!r}: set it in pyproject.toml, e.g. "
            f'[tool.alert-i18n.plural-forms] "{bcp47(locale)}" = "nplurals=2; plural=(n != 1);"')
    return forms


def bcp47(locale: Locale) -> str:
    """The BCP 47 tag HTML wants: ``bm-Nkoo``, ``fr-CA``."""
    parts = (locale.language, locale.script, locale.territory, locale.variant)
    return "-".join(p for p in parts if p)


@cache
def _resolve(code: str, name_override: str | None, forms_override: str | None) -> Language:
    locale = parse_code(code)
    native = name_override or locale.get_display_name(locale)
    english = locale.get_display_name("en") or code
    if not native:
        # CLDR has no native name (bm_Nkoo): the English one is better than a code.
        native = english
    return Language(
        tag=bcp47(locale),
        locale=str(locale),
        name=native[:1].upper() + native[1:],
        english_name=english,
        direction="rtl" if locale.character_order == "right-to-left" else "ltr",
        plural_forms=plural_forms(locale, forms_override),
    )


def resolve(code: str, *, names: Mapping[str, str] | None = None,
            plural_forms: Mapping[str, str] | None = None) -> Language:
    """A Language for ``code``; ``names`` and ``plural_forms`` (by BCP 47 tag) override the data."""
    name = forms = None
    if names or plural_forms:
        tag, _ = spellings(code)
        name = (names or {}).get(tag)
        forms = (plural_forms or {}).get(tag)
    return _resolve(code, name, forms)


@cache  # a build asks for the same few codes thousands of times
def spellings(code: str) -> tuple[str, str]:
    """``code``'s BCP 47 tag and POSIX locale name (checked; no CLDR data loaded)."""
    locale = parse_code(code)
    return bcp47(locale), str(locale)
