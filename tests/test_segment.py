"""Segmenter: one message per rendered block, spans that rebuild the source."""

from __future__ import annotations

import pytest

from alert_i18n.errors import SourceError
from alert_i18n.localize import localize
from alert_i18n.segment import decode_source, parse_source


def messages(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.msgid) for s in parse_source(text, path="a.md").segments]


def test_atx_headings_with_closing_hashes() -> None:
    assert messages("# One\n\n### Three ###\n") == [("heading 1", "One"), ("heading 3", "Three")]


def test_setext_headings() -> None:
    text = "Big title\n=========\n\nSmall title\n-----------\n\nText.\n"
    assert messages(text) == [
        ("heading 1", "Big title"), ("heading 2", "Small title"), ("paragraph", "Text.")
    ]


def test_soft_breaks_fold_to_spaces_and_never_span_blocks() -> None:
    text = "First line\n   second line\nthird.\n\nNext paragraph.\n"
    assert messages(text) == [
        ("paragraph", "First line second line third."), ("paragraph", "Next paragraph.")
    ]


def test_hard_line_break_becomes_newline() -> None:
    (kind, msgid), = messages("Genocide Watch  \nThe Alliance Against Genocide\n")
    assert msgid == "Genocide Watch\nThe Alliance Against Genocide"
    assert "line break" in kind


def test_inline_markdown_stays_in_the_message() -> None:
    text = "From the *Peules*/Fulani group, see [crisis](#) and **Stage 9: Extermination**.\n"
    assert messages(text) == [("paragraph", text.strip())]


def test_nested_lists_give_one_message_per_item() -> None:
    text = "- one\n- two\n    - two a\n    - two b\n- three\n  continued\n\n1. first\n2. second\n"
    assert [m for _, m in messages(text)] == [
        "one", "two", "two a", "two b", "three continued", "first", "second"
    ]
    assert all(kind == "list item" for kind, _ in messages(text))


def test_blockquote_paragraphs_and_nested_quotes() -> None:
    text = "> Quoted\n> text.\n>\n> > Inner quote.\n"
    assert messages(text) == [
        ("paragraph in a blockquote", "Quoted text."),
        ("paragraph in a blockquote", "Inner quote."),
    ]


def test_table_cells_are_messages() -> None:
    text = "| Group | Deaths |\n|:--|--:|\n| Civilians | 589 |\n| A \\| B | |\n"
    assert messages(text) == [
        ("table header cell", "Group"), ("table header cell", "Deaths"),
        ("table cell", "Civilians"), ("table cell", "589"), ("table cell", "A \\| B"),
    ]


def test_code_blocks_and_reference_definitions_are_not_messages() -> None:
    text = (
        "    indented code\n\n\ttab-indented code\n\n"
        '[ref]: https://example.org "Link title"\n\nText [ref].\n'
    )
    assert messages(text) == [("link title", "Link title"), ("paragraph", "Text [ref].")]


def test_fences_and_raw_html_are_paragraphs_as_pages_render_them() -> None:
    # No fenced_code extension, and raw HTML is escaped: both are text on the page.
    text = "```\nfenced code\n```\n\n<div>\nraw html\n</div>\n"
    assert messages(text) == [
        ("paragraph", "``` fenced code ```"), ("paragraph", "<div> raw html </div>")
    ]


def test_blocks_follow_python_markdown_where_a_copy_of_its_rules_drifted() -> None:
    assert messages("#Heading\ntext\n") == [("heading 1", "Heading"), ("paragraph", "text")]
    assert messages("\t> x\nnext\n") == [("paragraph", "next")]  # "> x" is code
    assert messages("## Title \\\n") == [("paragraph", "## Title \\")]  # not a heading
    assert messages("> a\n>\n> # h\n") == [
        ("paragraph in a blockquote", "a"), ("heading 1 in a blockquote", "h")
    ]
    assert messages("a\nb\n===\n") == [("paragraph", "a b ===")]  # setext: one line only
    assert messages("- a\n\tb\n") == [("list item", "a b")]


def test_image_alt_and_title_are_messages() -> None:
    assert messages('![A map of Mali](map.png "Regions")\n') == [
        ("image alt text", "A map of Mali"), ("image title", "Regions")
    ]


def test_front_matter_is_metadata_not_messages() -> None:
    document = parse_source("---\ndate: 2020-08\ntitle: 'X'\n---\n\n# Title\n", path="a.md")
    assert document.metadata == (("date", "2020-08"), ("title", "X"))
    assert [s.msgid for s in document.segments] == ["Title"]


def test_unclosed_front_matter_names_the_line() -> None:
    with pytest.raises(SourceError, match=r"^a\.md:1: front matter"):
        parse_source("---\ndate: 2020\n\n# Title\n", path="a.md")


def test_malformed_front_matter_line() -> None:
    with pytest.raises(SourceError, match=r"^a\.md:3: front matter line"):
        parse_source("---\ndate: 2020\nnot a pair\n---\n", path="a.md")


def test_locations_are_one_based_lines() -> None:
    document = parse_source("\n\n# A\n\ntext\nmore\n", path="source/x.md")
    assert [str(s.location) for s in document.segments] == ["source/x.md:3", "source/x.md:5"]


def test_crlf_and_bom_give_the_same_messages() -> None:
    clean = "# Title\n\nLine one  \nline two\n\n- item\n"
    crlf = clean.replace("\n", "\r\n").encode("utf-8")
    decoded = decode_source(b"\xef\xbb\xbf" + crlf, path="a.md")
    assert messages(decoded) == messages(clean)


def test_non_utf8_source_names_file_and_line() -> None:
    with pytest.raises(SourceError, match=r"^a\.md:2: not valid UTF-8"):
        decode_source(b"# ok\n\xe9t\xe9\n", path="a.md")


def test_identity_translation_rebuilds_the_source() -> None:
    text = (
        "---\ndate: 2020\n---\n\n\nTitle\n=====\n\nA  \nB\n\n- x\n    - y\n\n> q\n> r\n\n"
        "| a | b |\n|---|---|\n| c | d |\n\n```\ncode\n```\n"
    )
    document = parse_source(text, path="a.md")
    identity = {s.msgid: s.msgid for s in document.segments}
    assert localize(document, [("fr", identity)], source_language="en")[0] == text


def test_translation_replaces_only_its_span() -> None:
    text = "> Quoted\n> text.\n\n- item  \n    next\n"
    document = parse_source(text, path="a.md")
    table = {"Quoted text.": "Texte\ncité.", "item\nnext": "élément\nsuivant"}
    out, placed = localize(document, [("fr", table)], source_language="en")
    assert out == "> Texte  \n> cité.\n\n- élément  \n    suivant\n"
    assert [p.language for p in placed] == ["fr", "fr"]


def test_translation_cannot_add_blocks() -> None:
    document = parse_source("# Title\n\nText.\n", path="a.md")
    table = {
        "Title": "Titre\n\n[x]: javascript:alert(1)",
        "Text.": "[y]: http://evil\n\n\n# New\n> quote\n- item\n1. one\n===",
    }
    out, _ = localize(document, [("fr", table)], source_language="en")
    assert out == (
        "# Titre \\[x\\]: javascript:alert(1)\n\n"
        "\\[y\\]: http://evil  \n\\# New  \n\\> quote  \n\\- item  \n1\\. one ===\n"
    )


def test_no_break_spaces_survive_placement() -> None:
    document = parse_source("# Title\n\nText: 4,000.\n", path="a.md")
    table = {"Title": "Titre\u00a0: août", "Text.": "x", "Text: 4,000.": "Texte\u00a0: 4\u202f000."}
    out, _ = localize(document, [("fr", table)], source_language="en")
    assert out == "# Titre\u00a0: août\n\nTexte\u00a0: 4\u202f000.\n"


def test_a_leading_rule_is_not_front_matter() -> None:
    document = parse_source("---\n\nText.\n", path="a.md")
    assert document.metadata == () and document.body_start == 0
    assert [s.msgid for s in document.segments] == ["Text."]


def test_tabs_are_read_as_python_markdown_reads_them_and_kept_in_messages() -> None:
    text = "-\tone\ttwo\n\n\tmore\n\nText.\n\n\tcode\n\n> quote\twith tab\r\n"
    assert messages(text) == [  # "\tmore" continues the list item; "\tcode" is code
        ("list item", "one\ttwo"), ("list item", "more"), ("paragraph", "Text."),
        ("paragraph in a blockquote", "quote\twith tab"),
    ]
    document = parse_source(text, path="a.md")
    identity = {s.msgid: s.msgid for s in document.segments}
    assert localize(document, [("fr", identity)], source_language="en")[0] == text


def test_a_shorter_translation_keeps_the_english_lines() -> None:
    # Two lines, then a rule: one translated line would make "---" its underline.
    document = parse_source("First line\nsecond line\n---\n", path="a.md")
    out, _ = localize(document, [("fr", {"First line second line": "Une ligne seule"})],
                      source_language="en")
    assert out == "Une ligne\nseule\n---\n"
