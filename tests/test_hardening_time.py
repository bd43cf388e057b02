"""Issue 17, bounded time: no translation makes ``check`` or ``build`` worse than near
linear.  For each pattern class a paragraph's translation is grown to S and 4S bytes;
the time over a tiny translation's must grow less than 8 times (quadratic is 16), or
the input must be refused with its ``file:line``.  Timed by ratio, not by seconds.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ._hardening import SLUG, make_site, run_cli

ENGLISH = "# Title\n\nThe militias attacked the [village](#) at dawn.\n"
MSGID = "The militias attacked the [village](#) at dawn."
LEAD = "Les milices ont attaqué le [village](#) à l’aube. "
SIZE = 32_000  # bytes; 4 * SIZE is the large input
CATALOG = f"locales/fr/LC_MESSAGES/{SLUG}.po"


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


PATTERNS: dict[str, Callable[[int], str]] = {
    "balanced-strong": repeat("**a** "),
    "balanced-emphasis": repeat("*a* "),
    "backtick-run": lambda size: "a " + "`" * size + " b",
    "backtick-runs": repeat("`` a ` "),
    "space-run": lambda size: "a" + " " * size + "b",
    "brackets": repeat("[a] "),
    "nested-brackets": repeat("[[[a]]] "),
    "unclosed-brackets": repeat("[a "),
    "link-list": repeat("[lien](#) "),
    "less-than": repeat("< "),
    "less-than-run": lambda size: "<" * size,
    "tag-like": repeat("<a "),
    "quote-lines": repeat("\n> a"),
    "list-lines": repeat("\n- a"),
    "line-breaks": repeat("a\n"),
    "backslashes": repeat("\\"),
    "entities": repeat("&amp;"),
}


# Smaller where today's code is slowest, so that the suite stays fast while it is.
SIZES = {"entities": 64_000, "space-run": 12_000, "nested-brackets": 16_000,
         "quote-lines": 16_000, "list-lines": 16_000, "line-breaks": 24_000}


def timed(root: Path, tail: str, command: str, *, limit: float = 300) -> tuple[float, str]:
    """Seconds ``command`` takes on a site whose French paragraph ends with ``tail``
    (``inf`` when it takes over ``limit``: the process is killed)."""
    make_site(root, ENGLISH, {"Title": "Titre", MSGID: LEAD + tail})
    for cache in (root / "build", root / ".alert-i18n-cache"):
        shutil.rmtree(cache, ignore_errors=True)
    args = ["-C", root, command] + (["-f", "html", "-f", "md"] if command == "build" else [])
    start = time.perf_counter()
    try:
        done = run_cli(*args, timeout=limit)
    except subprocess.TimeoutExpired:
        return math.inf, ""
    return time.perf_counter() - start, done.stdout + done.stderr


def _cases() -> list[object]:
    cases = []
    for name in PATTERNS:
        for command in ("check", "build"):
            cases.append(pytest.param(name, command, id=f"{name}-{command}"))
    return cases


@pytest.mark.parametrize(("pattern", "command"), _cases())
def test_time_grows_near_linearly(tmp_path: Path, pattern: str, command: str) -> None:
    root = tmp_path / "site"
    size = SIZES.get(pattern, SIZE)
    base, _ = timed(root, "fin.", command)
    small, _ = timed(root, PATTERNS[pattern](size), command)
    floor = 0.1  # below this, a difference is process start-up noise
    # Past 10 times the small input's cost the answer is known: stop there.
    large, output = timed(root, PATTERNS[pattern](4 * size), command,
                          limit=base + 10 * max(small - base, floor) + 1)
    if re.search(re.escape(CATALOG) + r":\d+: .*(too|long|large|nest|proportion)", output):
        return  # refused with its place
    ratio = (large - base) / max(small - base, floor)
    assert ratio < 8, (f"{command} on {pattern}: {small - base:.2f}s at {size} bytes, "
                       f"{large - base:.2f}s at {4 * size} (x{ratio:.1f})")


def _checked(translation: str) -> float:
    """Seconds every check takes on ``translation`` past the gates (best of three)."""
    from alert_i18n import check

    rest = [c for c in check.CHECKS if c not in (check.check_length, check.check_nesting)]
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        for each in rest:
            each(MSGID, translation, locale="fr")
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_checks_past_the_length_gate_grow_near_linearly(pattern: str) -> None:
    """The length gate refuses the inputs above; the checks behind it must not need it
    (a long English message allows a long translation): each is near linear alone."""
    size = 64_000
    small = _checked(LEAD + PATTERNS[pattern](size))
    large = _checked(LEAD + PATTERNS[pattern](4 * size))
    ratio = large / max(small, 0.01)
    assert ratio < 8, f"{pattern}: {small:.3f}s at {size} bytes, {large:.3f}s at {4 * size}"
