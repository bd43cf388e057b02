"""One error family: the sentence the user reads, and the exit code it carries."""

from __future__ import annotations

from alert_i18n.errors import (
    AlertI18nError,
    BuildError,
    CatalogError,
    CombinedError,
    SourceError,
    UsageError,
)


def test_the_sentence_names_the_file_and_line_when_known() -> None:
    assert str(CatalogError("bad escape", path="locales/fr/a.po", line=7)) == \
        "locales/fr/a.po:7: bad escape"
    assert str(SourceError("cannot read", path="source/a.md")) == "source/a.md: cannot read"
    assert str(UsageError("no languages")) == "no languages"


def test_exit_codes() -> None:
    assert UsageError("x").exit_code == CatalogError("x").exit_code == 2
    assert BuildError("x").exit_code == 1
    combined = CombinedError([BuildError("a", path="p"), CatalogError("b", path="q", line=2)])
    assert combined.exit_code == 2  # the worst of them
    assert str(combined) == "p: a\nq:2: b"
    assert isinstance(combined, AlertI18nError)
