"""Unicode line breaking: the fast path agrees with the exact rules, and the exact rules
with libunistring 1.0 (gettext 0.21's on Debian 12) when it is installed."""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alert_i18n.po import linebreak

from .helpers import (
    CHARACTERS,
)

# ---------------------------------------------------------------------------
# Line breaking internals: the fast path agrees with the exact rules, and the
# exact rules agree with libunistring itself when it is the version gettext
# 0.21 uses on Debian 12 (1.0).
# ---------------------------------------------------------------------------

BREAK_TEXTS = st.text(
    st.one_of(
        st.sampled_from(
            list(" aé-/()[]*«»\xa0\u202f.,;:!?'\"#_`0123%$€—\u2013…\u2019\u0301ɛɔɲŋ\u07ca\u07eb")
        ),
        CHARACTERS,
    ),
    max_size=40,
).filter(lambda s: "\\" not in s)


def exact_breaks(text: str) -> list[int]:
    possible, _ = linebreak.pair_breaks(text.translate(linebreak.CLASS_OF).encode("ascii"))
    return possible


@settings(max_examples=800, deadline=None)
@given(BREAK_TEXTS)
def test_fast_breaks_agree_with_exact_rules(text: str) -> None:
    possible, _, mandatory = linebreak.opportunities(text)
    if not mandatory:
        assert possible == exact_breaks(text)


def _libunistring_1_0() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    library = ctypes.CDLL(name)
    try:
        version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    except ValueError:
        return None
    return library if version >> 8 == 0x100 else None


LIBUNISTRING = _libunistring_1_0()


@pytest.mark.skipif(
    LIBUNISTRING is None, reason="libunistring 1.0 (used by gettext 0.21) not found"
)
@settings(max_examples=800, deadline=None)
@given(BREAK_TEXTS.filter(bool))
def test_exact_rules_agree_with_libunistring(text: str) -> None:
    assert LIBUNISTRING is not None
    function = LIBUNISTRING.u32_possible_linebreaks_v2
    function.argtypes = [
        ctypes.POINTER(ctypes.c_uint32), ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p
    ]  # fmt: skip
    codes = (ctypes.c_uint32 * len(text))(*map(ord, text))
    result = ctypes.create_string_buffer(len(text))
    function(codes, len(text), b"UTF-8", result)
    possible_at = 2  # UC_BREAK_POSSIBLE
    assert [i for i, b in enumerate(result.raw) if b == possible_at] == exact_breaks(text)


