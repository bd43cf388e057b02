"""Bounds on input that keep every stage fast and inside Python's recursion limit.

Python-Markdown is recursive (nested blocks, nested inline elements) and scans
from every ``[`` to its matching ``]`` (quadratic on unclosed brackets); the
segmenter runs its block parser too.  Alerts need a few levels at most,
so input beyond these generous bounds is refused with a sentence that says
where, instead of a RecursionError or a build that never ends.  Everything
here is one linear pass; no third-party imports.
"""

from __future__ import annotations

import re

MAX_SOURCE_BYTES = 1 << 20  # an alert is ~10 KB; 1 MiB is a hundred alerts
MAX_BLOCK_DEPTH = 32  # blockquotes and lists inside each other
MAX_INLINE_DEPTH = 32  # emphasis, strong, links and images inside each other
# Characters Python-Markdown's link scanner walks in one block: from each "["
# to its matching "]" (or to the end of the block when there is none).  A
# paragraph with links needs hundreds; an unclosed "[" in 100 KB, 100,000.
MAX_BRACKET_SCAN = 1_000_000
# How much longer than its English a translation may be.  Python-Markdown's inline
# processor rebuilds a paragraph's text at each match (``**a** `` repeated: 6 s at
# 150 KB, 100 s at 600 KB), so no bound on the translation alone keeps a page fast
# while letting the English be as long as it needs; bounded by its English, a
# translation costs at most a small multiple of what the English page costs.
# Translations run up to about twice the English (three times for short
# messages, which the constant covers): five times plus 1,000 characters is
# never reached by a real one.
MAX_GROWTH = 5
MAX_EXTRA = 1000

# Backslash escapes, brackets and runs of "*" or "_": nothing else changes the depth.
# (An image's "!" does not matter: its "[" opens a bracket like any other.)  Every
# alternative starts with a literal, so ``re`` skips ahead to the next candidate
# character: three times faster than with "\*+|_+".
_TOKEN = re.compile(r"\\.|\[|\]|\*\**|__*", re.S)
_TOKEN_CHARACTERS = "\\[]*_"  # what every token starts with


def inline_problem(text: str) -> str | None:
    """Why ``text`` (one block's inline Markdown) is too deeply nested to render, or None.

    The nesting depth is an estimate that never falls short: a run of ``*`` or
    ``_`` closes the innermost open run of the same character when it follows
    a non-space character, and opens one when it precedes a non-space
    character; brackets nest as brackets.
    """
    if not any(c in text for c in _TOKEN_CHARACTERS):  # no token: depth 0, no scan
        return None
    # Each opening token has at least one of "[", "*", "_", and each "[" scans at
    # most to the end: below both bounds, nothing to measure (most messages).
    opening = text.count("[")
    if (opening + text.count("*") + text.count("_") <= MAX_INLINE_DEPTH
            and opening * len(text) <= MAX_BRACKET_SCAN):
        return None
    brackets: list[int] = []
    runs: list[str] = []
    deepest = 0  # the depth only grows when something opens: measured there
    scan = 0
    size = len(text)
    for match in _TOKEN.finditer(text):
        start = match.start()
        first = text[start]
        if first == "\\":
            continue
        if first == "[":
            brackets.append(start)
        elif first == "]":
            if brackets:
                scan += start - brackets.pop()
            continue  # a closing token never deepens
        elif start > 0 and not text[start - 1].isspace() and runs and runs[-1] == first:
            runs.pop()  # after text: closes the innermost open run of its character
            continue
        elif match.end() < size and not text[match.end()].isspace():
            runs.append(first)  # before text: opens one
        else:
            continue
        deepest = max(deepest, len(brackets) + len(runs))
    scan += sum(size - position for position in brackets)
    if deepest > MAX_INLINE_DEPTH:
        return (
            f"emphasis, links or brackets are nested {deepest} levels deep (at most "
            f"{MAX_INLINE_DEPTH}): close each *, _ and [ or write them as \\*, \\_ and \\["
        )
    if scan > MAX_BRACKET_SCAN:
        return (
            f"{len(brackets) or 'many'} unclosed or far-apart [ … ] would make the page too "
            "slow to build: close each [ or write it as \\["
        )
    return None


def length_problem(source: str, translation: str) -> str | None:
    """Why ``translation`` is out of proportion with its English ``source``, or None."""
    allowed = MAX_GROWTH * len(source) + MAX_EXTRA
    if len(translation) <= allowed:
        return None
    return (
        f"{len(translation):,} characters is too long for an English text of "
        f"{len(source):,} (at most {MAX_GROWTH} times as long, plus {MAX_EXTRA:,} "
        "characters): out of proportion, it would make the page too slow to build"
    )


def size_problem(size: int) -> str | None:
    """Why a source of ``size`` bytes is refused, or None."""
    if size <= MAX_SOURCE_BYTES:
        return None
    return (
        f"{size / (1 << 20):.1f} MiB is larger than an alert may be "
        f"({MAX_SOURCE_BYTES >> 20} MiB): split it into several alerts"
    )
