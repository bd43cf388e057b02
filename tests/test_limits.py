"""limits: the bounds that keep rendering linear and inside the recursion limit."""

from __future__ import annotations

from alert_i18n import limits


def test_ordinary_text_passes_without_a_scan() -> None:
    assert limits.inline_problem("A *plain* sentence with [a link](#) and snake_case.") is None
    assert limits.inline_problem("no token at all") is None


def test_nesting_just_within_the_bound_passes_and_one_more_is_refused() -> None:
    depth = limits.MAX_INLINE_DEPTH
    assert limits.inline_problem("[" * depth + "x" + "]" * depth) is None
    problem = limits.inline_problem("[" * (depth + 1) + "x" + "]" * (depth + 1))
    assert problem is not None and f"nested {depth + 1} levels deep" in problem


def test_emphasis_runs_count_as_levels_and_escapes_do_not() -> None:
    deep = "".join(f"{'*' if i % 2 else '_'}a" for i in range(40))
    assert limits.inline_problem(deep) is not None
    assert limits.inline_problem("\\*a" * 100) is None
    assert limits.inline_problem("a * b * c " * 50) is None  # spaced: neither opens


def test_unclosed_brackets_over_a_long_block_are_refused() -> None:
    text = "[" * 20 + "x" * 60_000
    problem = limits.inline_problem(text)
    assert problem is not None and "unclosed or far-apart" in problem


def test_a_translation_may_grow_five_times_plus_a_thousand_characters() -> None:
    english = "x" * 100
    allowed = limits.MAX_GROWTH * 100 + limits.MAX_EXTRA
    assert limits.length_problem(english, "y" * allowed) is None
    problem = limits.length_problem(english, "y" * (allowed + 1))
    assert problem is not None and "1,501 characters" in problem


def test_sources_over_a_mebibyte_are_refused() -> None:
    assert limits.size_problem(limits.MAX_SOURCE_BYTES) is None
    problem = limits.size_problem(limits.MAX_SOURCE_BYTES + 1)
    assert problem is not None and "split it into several alerts" in problem
