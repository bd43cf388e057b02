"""Checks on translations: small named functions returning findings.

Each check takes the English and the translation of one message and returns a
list of (check name, severity, sentence) problems.  ``build`` runs the same
``BLOCKING`` checks before publishing a translation, so ``check`` and
``build`` always agree on what is rejected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

Problem = tuple[str, str, str]  # (check, severity, message)

_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"(?:\(\s*<?(?P<url>[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)|\[(?P<ref>[^\]]*)\])"
)
_AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]*:|[^\s<>@]+@)[^\s<>]*)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--|<\?|<![A-Za-z]|<!\[CDATA\[")
_ATTR_LIST = re.compile(r"\{\s*:?\s*(?:[#.][\w-]|[\w-]+\s*=)[^{}]*\}")


def link_targets(text: str) -> Counter[str]:
    """Link and image targets of a Markdown text, as a multiset."""
    targets: Counter[str] = Counter()
    for match in _LINK.finditer(text):
        if match.group("url") is not None:
            targets[("!" if match.group("image") else "") + match.group("url")] += 1
        else:
            label = match.group("ref") or match.group("text")
            targets["[" + " ".join(label.lower().split()) + "]"] += 1
    for match in _AUTOLINK.finditer(text):
        targets["<" + match.group(1) + ">"] += 1
    return targets


def check_links(source: str, translation: str) -> list[Problem]:
    """The translation's link targets are exactly the source's."""
    want, have = link_targets(source), link_targets(translation)
    if want == have:
        return []
    parts = []
    if added := have - want:
        parts.append("adds or changes " + ", ".join(sorted(added)))
    if dropped := want - have:
        parts.append("drops " + ", ".join(sorted(dropped)))
    return [(
        "links", "error",
        "link targets differ from the English: " + "; ".join(parts)
        + ". Translate the link text only and keep every (target) as in the English.",
    )]


def check_html(source: str, translation: str) -> list[Problem]:
    """No raw HTML or attribute lists that the source does not have."""
    found = [m.group() for m in _TAG.finditer(translation)]
    found += [m.group() for m in _ATTR_LIST.finditer(translation)]
    allowed = Counter(m.group() for m in _TAG.finditer(source))
    allowed.update(m.group() for m in _ATTR_LIST.finditer(source))
    extra = Counter(found) - allowed
    if not extra:
        return []
    return [(
        "html", "error",
        "contains HTML or attributes the English does not have: "
        + ", ".join(sorted(extra)) + ". Use plain text and Markdown only.",
    )]


Check = Callable[[str, str], list[Problem]]

# Checks whose errors keep a translation off the published page.
BLOCKING: tuple[Check, ...] = (check_links, check_html)


def blocking_problems(source: str, translation: str) -> list[Problem]:
    """Errors that make a translation unpublishable (the build falls back to English)."""
    return [p for check in BLOCKING for p in check(source, translation) if p[1] == "error"]
