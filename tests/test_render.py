"""The renderer's block parser and inline processor give Python-Markdown's own output, faster."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alert_i18n import grammar, render
from alert_i18n.errors import BuildError
from alert_i18n.localize import wrap_marker

ROOT = Path(__file__).resolve().parent.parent


class _Stock(render.Renderer):
    """A renderer with Python-Markdown's block parser and inline processor, as it ships
    (also when it is made again, after a RecursionError)."""

    def _fresh(self) -> markdown.Markdown:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(render, "_handles_inline", lambda: False)
            patch.setattr(render, "_handles_blocks", lambda: False)
            patch.setattr(render, "_handles_toc", lambda: False)
            return super()._fresh()


@pytest.fixture(scope="module")
def stock() -> render.Renderer:
    renderer = _Stock()
    assert type(renderer._md.treeprocessors["inline"]) is not render._Inline
    assert type(renderer._md.treeprocessors["unescape"]) is not render._Unescape
    assert "parseBlocks" not in vars(renderer._md.parser)
    assert type(renderer._md.treeprocessors["toc"]) is not render._HeadingIds
    return renderer


@pytest.fixture(scope="module")
def fast() -> render.Renderer:
    renderer = render.Renderer()
    assert type(renderer._md.treeprocessors["inline"]) is render._Inline
    assert type(renderer._md.treeprocessors["unescape"]) is render._Unescape
    assert "parseBlocks" in vars(renderer._md.parser)
    return renderer


def test_every_pattern_of_this_python_markdown_is_known(fast: render.Renderer) -> None:
    """A pattern whose regular expression changed would be tried every time: still right,
    no longer fast.  This says so when Python-Markdown is upgraded."""
    inline = fast._md.treeprocessors["inline"]
    assert all(need is not None for need in inline.needs), [
        p.compiled_re.pattern for p, need in zip(inline.inlinePatterns, inline.needs, strict=True)
        if need is None]


def test_every_block_processor_that_searches_is_known(fast: render.Renderer) -> None:
    """The block processors whose test searches the whole block (the others look at
    its start) are skipped on blocks that lack what they need: this says when an
    upgrade changed one."""
    searching = {"TableProcessor", "HashHeaderProcessor", "HRProcessor",
                 "BlockQuoteProcessor", "ReferenceProcessor"}
    found = {type(p).__name__: grammar.block_needs(p) for p in fast._md.parser.blockprocessors}
    assert searching <= set(found)
    assert [name for name in searching if found[name] is None] == []


# Pieces of inline and block syntax, each pattern's and block processor's trigger among
# them, joined at random.
_PIECES = st.sampled_from([
    "word", " ", "  ", "\n", "  \n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\*",
    "[", "]", "(", ")", "![", "[a](#)", "[b][]", "[c]", "![alt](img.png)", "<", ">",
    "<https://example.org/x>", "<a@example.org>", "&", "&amp;", "&#233;", "&copy;", "#",
    "- ", "1. ", "> ", "| a | b |\n|---|---|\n| c | d |\n", "    code\n", "é", "\u00a0",
    "[d]: https://example.org \"t\"\n", "[e]:", wrap_marker("fr", "fr"),
    "# ", "## Part ##", "\n#", "#x", "-", "---", "- - -", "***", "___", "_ _ _", "\n===",
    "\n---", "=", "|", "a | b", "\n|:-|-:|\n", "a|b\n-|-\n|c|d|\n", "  >", "\n>",
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_same_html_as_python_markdown_alone(stock: render.Renderer, fast: render.Renderer,
                                            text: str) -> None:
    assert fast.render(text) == stock.render(text)


def test_same_html_on_the_sample_alert(stock: render.Renderer, fast: render.Renderer) -> None:
    """The English source and every localized Markdown file the build keeps."""
    pages = [ROOT / "source" / "mali-2020-08.md", *sorted((ROOT / "build").glob("*/*.md"))]
    assert len(pages) >= 4
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert fast.render(text) == stock.render(text), path


def test_a_toc_marker_is_text(fast: render.Renderer) -> None:
    """Python-Markdown's toc would put a list of links to the headings there."""
    rendered = fast.render("# Title\n\n[TOC]\n\n## Part\n")
    assert "<p>[TOC]</p>" in rendered.html
    assert rendered.links == ()


@pytest.mark.parametrize(("text", "description", "language"), [
    # A masthead above the title is skipped: the first paragraph after a heading.
    ("Masthead\n\n## Title\n\nFirst words.\n\nSecond.\n", "First words.", ""),
    # No heading: the first paragraph.
    ("Only words.\n\nMore.\n", "Only words.", ""),
    # A heading with no paragraph after it: the one before.
    ("Before.\n\n# Title\n", "Before.", ""),
    # A quote or a list item is not a summary.
    ("# Title\n\n> Quoted.\n\n- Item.\n\nPlain.\n", "Plain.", ""),
    # A passage that fell back carries its language.
    ("# Titre\n\n" + wrap_marker("Words in English.", "en") + "\n", "Words in English.", "en"),
])
def test_the_description_is_the_first_paragraph_after_the_title(
    fast: render.Renderer, text: str, description: str, language: str
) -> None:
    rendered = fast.render(text)
    assert (rendered.description, rendered.description_language) == (description, language)


def test_the_stock_renderer_stays_stock_after_a_recursion_error() -> None:
    """Renderer makes its converter again after a RecursionError: the comparison's
    reference must not quietly become the fast one."""
    renderer = _Stock()
    with pytest.raises(BuildError):
        renderer.render("- " * 5000 + "a\nb")
    assert type(renderer._md.treeprocessors["inline"]) is not render._Inline
    assert "parseBlocks" not in vars(renderer._md.parser)


def test_headings_links_point_at_keep_the_english_id() -> None:
    renderer = render.Renderer()
    english = renderer.render("# Urgence\n\n## Recommendations\n\n## Recommendations\n")
    assert english.heading_ids == ("urgence", "recommendations", "recommendations_1")
    # Only the heading a link points at is pinned; a heading whose own slug is
    # now taken is numbered again, as the toc extension numbers duplicates.
    french = renderer.render("# Recommendations\n\n## Recommandations\n\n## Autre\n",
                             anchors=(None, "recommendations", None))
    assert french.heading_ids == ("recommendations_1", "recommendations", "autre")
    assert 'id="recommendations"' in french.html
    # Without anchors (no in-page link), ids come from the text, as before.
    assert renderer.render("## Recommandations\n").heading_ids == ("recommandations",)


def test_anchors_that_do_not_match_the_headings_change_nothing() -> None:
    rendered = render.Renderer().render("## Recommandations\n", anchors=(None, "x"))
    assert rendered.heading_ids == ("recommandations",)
