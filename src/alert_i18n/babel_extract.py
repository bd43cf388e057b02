"""A Babel extraction method, so ``pybabel extract -F babel.cfg`` reads alerts too.

babel.cfg::

    [alert_markdown: source/**.md]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from . import shortforms
from .segment import decode_source, parse_source


def extract_markdown(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, function, message, comments) for each block of a Markdown alert."""
    name = getattr(fileobj, "name", "<markdown>")
    text = decode_source(fileobj.read(), path=str(name))
    document = parse_source(text, path=str(name))
    for segment in (*shortforms.segments(document), *document.segments):  # front matter first
        yield segment.location.line, None, segment.msgid, [segment.kind]
