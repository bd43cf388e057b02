"""Plural-Forms: the project's table, and a header grammar that agrees with GNU gettext."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alert_i18n import config, languages, plurals
from alert_i18n.errors import UsageError

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None,
                                  reason="GNU gettext's msgfmt is not installed")


def msgfmt_accepts(header: str) -> bool:
    """What ``msgfmt -c`` says of a catalog with this Plural-Forms."""
    count = re.search(r"nplurals\s*=\s*([0-9]+)", header)
    forms = "".join(f'msgstr[{i}] "x"\n' for i in range(int(count[1]) if count else 1))
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {header}\\n"\n\n'
        'msgid "one"\nmsgid_plural "many"\n' + forms
    )
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", "-"], input=po.encode(),
                            capture_output=True, check=False)
    return result.returncode == 0


def accepts(header: str) -> bool:
    try:
        plurals.parse(header)
    except plurals.PluralFormsError:
        return False
    return True


def test_the_sample_languages_have_the_rules_their_catalogs_carry() -> None:
    assert languages.resolve("fr").plural_forms == "nplurals=2; plural=(n > 1);"
    assert languages.resolve("bm").plural_forms == "nplurals=1; plural=0;"
    assert languages.resolve("bm-Nkoo").plural_forms == "nplurals=1; plural=0;"
    assert languages.resolve("en").plural_forms == "nplurals=2; plural=(n != 1);"
    # A regional locale takes its language's row.
    assert languages.resolve("fr-CA").plural_forms == "nplurals=2; plural=(n > 1);"


def test_every_rule_of_the_table_parses_and_evaluates_as_python_gettext_does() -> None:
    for name, header in plurals.table().items():
        rule = plurals.parse(header)
        python = gettext.c2py(rule.expression)
        assert [rule.index(n) for n in range(300)] == [python(n) for n in range(300)], name


@needs_msgfmt
def test_msgfmt_accepts_every_rule_of_the_table() -> None:
    for header in sorted(set(plurals.table().values())):
        assert msgfmt_accepts(header), header


@pytest.mark.parametrize("header", [
    "nplurals=2; plural=(n > 1) ? __import__ : 0;",
    "nplurals=2; plural=n > 1 ? 1 : os.system;",
    "nplurals=2; plural=(n > 1;",
    "nplurals=2; plural=;",
    "nplurals=2; plural=n ? 1 : 2;",  # 2 is not below nplurals
    "nplurals=2; plural=n / 0;",
    "nplurals=0; plural=0;",
    "nplurals=two; plural=0;",
    "plural=(n != 1);",
])
def test_headers_gettext_refuses_are_refused(header: str) -> None:
    with pytest.raises(plurals.PluralFormsError) as caught:
        plurals.parse(header)
    assert "Plural-Forms" in str(caught.value)
    if shutil.which("msgfmt"):
        assert not msgfmt_accepts(header)


_ATOMS = st.sampled_from(["n", "0", "1", "2", "3", "10", "100", "x", "e", "__import__"])
_OPS = st.sampled_from(["||", "&&", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(_ATOMS)
    shape = draw(st.sampled_from(["bin", "not", "paren", "cond", "junk"]))
    if shape == "bin":
        return f"{draw(expressions(depth - 1))} {draw(_OPS)} {draw(expressions(depth - 1))}"
    if shape == "not":
        return f"!{draw(expressions(depth - 1))}"
    if shape == "paren":
        return f"({draw(expressions(depth - 1))})"
    if shape == "cond":
        return (f"{draw(expressions(depth - 1))} ? {draw(expressions(depth - 1))} : "
                f"{draw(expressions(depth - 1))}")
    return draw(st.sampled_from(["(", ")", "?", ":", "n n", "1 +", ""]))


@needs_msgfmt
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nplurals=st.integers(1, 4), expression=expressions())
def test_the_grammar_agrees_with_msgfmt(nplurals: int, expression: str) -> None:
    header = f"nplurals={nplurals}; plural={expression};"
    assert accepts(header) == msgfmt_accepts(header), header


def test_a_language_missing_from_the_table_needs_a_configured_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plurals, "for_locale", lambda name: None)
    locale = languages.parse_code("fr")
    with pytest.raises(UsageError, match=r"plural-forms"):
        languages.plural_forms(locale)
    assert languages.plural_forms(locale, "nplurals=1; plural=0;") == "nplurals=1; plural=0;"


def test_configured_plural_forms_are_checked_and_used(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alert-i18n.plural-forms]\nses = "nplurals=2; plural=(n != 1);"\n', "utf-8")
    loaded = config.load(tmp_path)
    assert loaded.language("ses").plural_forms == "nplurals=2; plural=(n != 1);"
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alert-i18n.plural-forms]\n\nses = "nplurals=2; plural=(n > 1) ? x : 0;"\n',
        "utf-8")
    with pytest.raises(UsageError) as caught:
        config.load(tmp_path)
    assert caught.value.line == 3 and "plural" in str(caught.value)
