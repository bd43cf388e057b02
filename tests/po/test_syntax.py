"""The grammar both directions share: strings, escapes, flags, references."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from alert_i18n.errors import CatalogError
from alert_i18n.po import syntax


@pytest.mark.parametrize(
    "line",
    [
        '""',
        '"a"',
        '"é ߓ\t"',
        '"a\\n"',
        '"\\n\\n"',
        '"a\\\\n"',
        '"a\\\\"',
        '"a\\"',
        '"a\\""',
        '"a\\nb\\"',
        '"a\\t"',
        '"a\\101"',
        '"a" "b"',
        '"a"  ',
        '"a" b',
        '"',
        '"a"b"',
        '"\\q"',
    ],
)
def test_strings_shortcut(line: str) -> None:
    def read(function: Callable[..., str]) -> str | tuple[int, str]:
        try:
            return function(line, "utf-8", path="s.po", line=3)
        except CatalogError as error:
            return (error.line, str(error))

    assert read(syntax.strings) == read(syntax.quoted_strings)


