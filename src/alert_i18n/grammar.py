"""The one Markdown grammar: Python-Markdown configured as every page is rendered.

``render`` renders pages with it and ``segment`` cuts alerts into messages
with its block parser, so an alert's messages are exactly the blocks its
pages have, whatever Python-Markdown's rules are in the installed release.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown
from markdown import blockprocessors
from markdown.extensions import Extension, tables
from markdown.extensions.toc import TocExtension, slugify_unicode

EXTENSIONS = ("tables",)


class _RawHtmlIsText(Extension):
    """Raw HTML is text in an alert, wherever it comes from: escaped, never passed on."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def new_markdown(*extensions: Extension,
                 headings: type[TocExtension] = TocExtension) -> markdown.Markdown:
    """A Python-Markdown converter with the project's grammar, plus ``extensions``
    (``headings``: the toc extension, or the renderer's one that makes ids alone)."""
    return markdown.Markdown(
        extensions=[
            *EXTENSIONS,
            # Heading ids only: no "[TOC]" marker (a translation's "[TOC]" is text).
            headings(slugify=slugify_unicode, toc_depth="0", marker=""),
            _RawHtmlIsText(),
            *extensions,
        ],
        output_format="html",
    )


# What a block must contain for each of Python-Markdown's block processors to take
# it, by the processor's class and its exact regular expression (tables have none:
# a table's rows need "|"): a processor not listed here is always tried.
_BLOCK_NEEDS: dict[tuple[type, str | None], Callable[[str], bool]] = {
    # "#" starting a line (not in "[a](#)")
    (blockprocessors.HashHeaderProcessor,
     r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"):
        lambda block: block.startswith("#") or "\n#" in block,
    # three or more of one of "-", "_", "*"
    (blockprocessors.HRProcessor,
     r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
     r"(?P=atomicgroup)[ ]*$"):
        lambda block: block.count("-") > 2 or block.count("_") > 2 or block.count("*") > 2,
    (blockprocessors.BlockQuoteProcessor, r"(^|\n)[ ]{0,3}>[ ]?(.*)"):
        lambda block: ">" in block,
    (blockprocessors.ReferenceProcessor,
     r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
     r"""((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$"""):
        lambda block: "]:" in block,
    (tables.TableProcessor, None): lambda block: "|" in block,
}


def block_needs(processor: object) -> Callable[[str], bool] | None:
    """The test a block must pass before ``processor`` can take it (None: any block)."""
    pattern = getattr(processor, "SEARCH_RE", None) or getattr(processor, "RE", None)
    return _BLOCK_NEEDS.get((type(processor), getattr(pattern, "pattern", None)))
