"""A pivot translation beside the English: the French of each message in a Bambara catalog.

``#.`` comments belong to the template (``msgmerge`` replaces them), so the pivot is
a translator comment, which every tool keeps, with a fixed prefix naming its
language, never confused with the translator's own notes::

    # fr: Les racines du conflit actuel sont [liées à](#) la guerre civile…
    # fr (reviewed): …           when the French carries a current review mark

Only a French translation that is published (translated, not fuzzy) is shown;
``update`` rewrites these comments from the pivot catalog each time, so they follow
the French.  A line break in the French is written ``\\n``, as in the msgid.
Pure functions over ``model.Catalog``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import review
from .catalog import nfc_key
from .model import Catalog, Message


def _prefix(code: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(code)}(?: \(reviewed\))?: ")


def comment(code: str, message: Message) -> str | None:
    """The pivot comment for ``message`` of the pivot catalog, or None (not published)."""
    if message.fuzzy or not message.translated or message.msgid_plural is not None:
        return None
    state = " (reviewed)" if review.current_review(message) is not None else ""
    return f"{code}{state}: " + message.msgstr.replace("\\", "\\\\").replace("\n", "\\n")


def pivot_text(code: str, message: Message) -> str | None:
    """The pivot translation written in ``message``'s comments, or None."""
    prefix = _prefix(code)
    for text in message.translator_comments:
        if (found := prefix.match(text)) is not None:
            raw = text[found.end():]
            return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), raw)
    return None


def annotate(catalog: Catalog, pivot: Catalog, *, code: str) -> Catalog:
    """``catalog`` with each active entry's pivot comment set from ``pivot`` (added,
    changed or removed); other comments untouched, in their order."""
    prefix = _prefix(code)
    by_key = {nfc_key(m): m for m in pivot.active}
    messages = []
    for message in catalog.messages:
        kept = tuple(c for c in message.translator_comments if not prefix.match(c))
        if not message.obsolete:
            source = by_key.get(nfc_key(message))
            text = comment(code, source) if source is not None else None
            if text is not None:
                kept = (text,) + kept  # first, where Poedit and Weblate show it
        if kept != message.translator_comments:
            message = replace(message, translator_comments=kept)
        messages.append(message)
    return replace(catalog, messages=tuple(messages))
