"""Languages are data: CLDR through Babel, with the plural rules gettext needs."""

from __future__ import annotations

import pytest

from alert_i18n import languages
from alert_i18n.errors import UsageError


@pytest.mark.parametrize(("code", "tag", "locale", "direction"), [
    ("fr", "fr", "fr", "ltr"),
    ("bm", "bm", "bm", "ltr"),
    ("bm-Nkoo", "bm-Nkoo", "bm_Nkoo", "rtl"),
    ("bm_Nkoo", "bm-Nkoo", "bm_Nkoo", "rtl"),
    ("fr_CA", "fr-CA", "fr_CA", "ltr"),
])
def test_both_spellings_resolve_to_one_language(code: str, tag: str, locale: str,
                                                direction: str) -> None:
    language = languages.resolve(code)
    assert (language.tag, language.locale, language.direction) == (tag, locale, direction)
    assert languages.spellings(code) == (tag, locale)


def test_native_names_are_capitalised_and_overridable() -> None:
    assert languages.resolve("fr").name == "Français"
    assert languages.resolve("bm").name == "Bamanakan"
    assert languages.resolve("bm-Nkoo", names={"bm-Nkoo": "ߓߡߊߣߊ߲ߞߊ߲"}).name == "ߓߡߊߣߊ߲ߞߊ߲"
    # CLDR has no native name for bm_Nkoo: the English one, not a code.
    assert languages.resolve("bm-Nkoo").name == languages.resolve("bm-Nkoo").english_name


@pytest.mark.parametrize("code", ["bm", "ses", "bm-Nkoo"])
def test_one_plural_form_where_cldr_has_one(code: str) -> None:
    assert languages.resolve(code).plural_forms == "nplurals=1; plural=0;"


@pytest.mark.parametrize(("code", "words"), [
    ("", "malformed"), ("f", "malformed"), ("fr/../x", "malformed"),
    ("qqq", "unknown language code"), ("fre", "alias of"),
])
def test_bad_codes_are_usage_errors(code: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        languages.parse_code(code)
