"""The strict reader: catalogs in, or an error naming the file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alert_i18n.errors import CatalogError
from alert_i18n.model import Catalog, Message
from alert_i18n.po import reader, whole
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po

from ..conftest import BAD_PO
from .helpers import (
    DATA,
    UTF8,
    catalogs,
    untidy_catalogs,
    without_lines,
)

# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def test_model_mapping() -> None:
    catalog = read_po((DATA / "good.po").read_bytes(), path="good.po")
    assert catalog.header_comments == (
        "French translation of the Mali alerts.",
        "Copyright (C) 2020 The alerts team",
        "",
    )
    assert catalog.header_flags == ()
    assert catalog.header_value("Plural-Forms") == "nplurals=2; plural=(n > 1);"
    assert catalog.header[0] == ("Project-Id-Version", "alerts 2020-08")
    assert len(catalog.header) == 11
    heading, paragraph, fuzzy, city, plural, bambara, nko, quotes, old = catalog.messages
    assert heading.extracted_comments == ("heading 1",)
    assert heading.references == ("source/mali-2020-08.md:3",)
    assert heading.msgstr == "Alerte de sécurité\xa0: Mali"
    assert heading.line == 20
    assert paragraph.translator_comments == ("Awa: « nouvel ordre » as in the 2019 alert",)
    assert len(paragraph.references) == 9
    assert paragraph.msgid.endswith("until further notice.")
    assert fuzzy.flags == ("fuzzy",) and fuzzy.fuzzy
    assert fuzzy.previous_msgid == (
        "Read the [advice for travellers](https://example.org/advice) and stay indoors.\n"
        "Call 112 in an emergency."
    )
    assert (city.msgctxt, city.msgid, city.msgstr) == ("city", "Bamako", "Bamako")
    assert plural.msgid_plural == "%d villages were attacked"
    assert plural.msgstr_plural == ("%d village a été attaqué", "%d villages ont été attaqués")
    assert plural.msgstr == ""
    assert bambara.translator_comments == ("", "keep the Bambara words: Aw ye taa so")
    assert nko.msgid == "N'Ko: ߊߟߎ ߓߊ߬ߡߊ߬ߣߊ߲"
    assert quotes.msgid == 'Quotes "inside" and a back\\slash, a\ttab'
    assert old.obsolete and old.fuzzy
    assert old.previous_msgid == (
        "Old warning about the curfew in Gao, to be lifted on 1 August after three weeks of calm."
    )
    assert not old.translated
    assert [m.line for m in catalog.messages] == [20, 29, 45, 56, 60, 67, 70, 73, 80]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("#", ""),
        ("# text", "text"),
        ("#text", "text"),
        ("#  two spaces", " two spaces"),
        ("#\ttab", "\ttab"),
    ],
)
def test_translator_comment(line: str, expected: str) -> None:
    catalog = read_po(f'{line}\nmsgid "a"\nmsgstr ""\n'.encode(), path="c.po")
    assert catalog.messages[0].translator_comments == (expected,)


def test_comment_kinds() -> None:
    text = (
        "# translator\n#. extracted\n#: a.md:3 b.md:9\n#, fuzzy, python-format\n"
        '#| msgctxt "old context"\n#| msgid "old "\n#| "text"\n#| msgid_plural "old texts"\n'
        'msgid "text"\nmsgid_plural "texts"\nmsgstr[0] "texte"\nmsgstr[1] "textes"\n'
    )
    [message] = read_po(text.encode(), path="kinds.po").messages
    assert message.translator_comments == ("translator",)
    assert message.extracted_comments == ("extracted",)
    assert message.references == ("a.md:3", "b.md:9")
    assert message.flags == ("fuzzy", "python-format")
    assert message.previous_msgctxt == "old context"
    assert message.previous_msgid == "old text"
    assert message.previous_msgid_plural == "old texts"
    assert message.line == 9


def test_obsolete_entry_keeps_its_previous_strings() -> None:
    text = (
        '#, fuzzy\n#~| msgctxt "ctx"\n#~| msgid "older "\n#~| "text"\n'
        '#~ msgctxt "ctx"\n#~ msgid "gone"\n#~ msgstr "parti "\n#~ "loin"\n'
    )
    [message] = read_po(text.encode(), path="obsolete.po").messages
    assert message.obsolete
    assert (message.previous_msgctxt, message.previous_msgid) == ("ctx", "older text")
    assert (message.msgctxt, message.msgid, message.msgstr) == ("ctx", "gone", "parti loin")
    assert message.line == 6
    assert write_po(Catalog(messages=(message,))) == (
        '#, fuzzy\n#~| msgctxt "ctx"\n#~| msgid "older text"\n'
        '#~ msgctxt "ctx"\n#~ msgid "gone"\n#~ msgstr "parti loin"\n'
    )


def test_escapes() -> None:
    text = r'msgid "a\\b \"q\" \n\t\r\a\b\f\v \101\x42\303\251"' + '\nmsgstr ""\n'
    [message] = read_po(text.encode(), path="escapes.po").messages
    assert message.msgid == 'a\\b "q" \n\t\r\a\b\f\v ABé'


def test_several_strings_on_a_line_and_keywords_after_spaces() -> None:
    text = '  msgid "Stay " "indoors."\n\tmsgstr "Restez" \t " chez vous."  \n'
    [message] = read_po(text.encode(), path="spaces.po").messages
    assert (message.msgid, message.msgstr) == ("Stay indoors.", "Restez chez vous.")


def test_latin1_file() -> None:
    data = (DATA / "latin1.po").read_bytes()
    assert "é".encode("latin-1") in data and "é".encode() not in data
    catalog = read_po(data, path="latin1.po")
    assert catalog.header_value("Content-Type") == "text/plain; charset=ISO-8859-1"
    assert catalog.header_comments == ("Un catalogue en ISO-8859-1 (Latin-1).",)
    assert [m.msgstr for m in catalog.messages] == [
        "Alerte de sécurité\xa0: Mali",
        "«\xa0Restez à l'intérieur\xa0», dit-il.",
        "Les autorités demandent à chacun d'éviter tout déplacement entre Mopti et Ségou "
        "jusqu'à nouvel ordre.",
    ]
    assert catalog.messages[1].references == ("source/é-à.md:5",)
    # Written back in its own charset, it is the same file.
    assert write_po(catalog).encode("latin-1") == data


def test_bom_and_crlf_read_like_the_clean_file() -> None:
    clean = (DATA / "good.po").read_bytes()
    expected = read_po(clean, path="good.po")
    lines = clean.split(b"\n")
    mixed = b"\n".join(line + b"\r" if i % 2 else line for i, line in enumerate(lines))
    for variant in (b"\xef\xbb\xbf" + clean, clean.replace(b"\n", b"\r\n"), mixed):
        assert read_po(variant, path="good.po") == expected


def test_charset_placeholder_of_templates_reads_as_utf8() -> None:
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "é"\nmsgstr ""\n'
    )
    assert read_po(text.encode(), path="t.pot").messages[0].msgid == "é"


@pytest.mark.parametrize(
    "text",
    [
        'msgid "a\x04b"\nmsgstr ""\n',
        'msgid "a"\nmsgstr "\\004"\n',
        '#| msgid "\x04"\nmsgid "a"\nmsgstr ""\n',
    ],
    ids=["raw", "escaped", "previous"],
)
def test_eot_in_a_string_is_refused(text: str) -> None:
    with pytest.raises(CatalogError, match="EOT"):
        read_po(text.encode(), path="eot.po")


def test_eot_in_a_comment_is_kept() -> None:
    catalog = read_po(b'# a\x04b\nmsgid "a"\nmsgstr ""\n', path="eot.po")
    assert catalog.messages[0].translator_comments == ("a\x04b",)


@pytest.mark.parametrize("character", ["\x00", "\x04"])
def test_nul_and_eot_are_not_written(character: str) -> None:
    with pytest.raises(ValueError, match="NUL or EOT"):
        write_po(Catalog(messages=(Message(msgid=f"a{character}b"),)))


def test_error_names_file_and_line() -> None:
    with pytest.raises(CatalogError) as caught:
        read_po(b'msgid "a"\nmsgstr "b\n', path="locales/fr/a.po")
    assert str(caught.value) == 'locales/fr/a.po:2: unterminated string: the closing " is missing'
    assert (caught.value.path, caught.value.line) == ("locales/fr/a.po", 2)


def test_every_bad_fixture_has_an_expectation() -> None:
    assert {path.name for path in DATA.glob("bad-*.po")} == set(BAD_PO)


@pytest.mark.parametrize("name", sorted(BAD_PO))
def test_bad_file(name: str) -> None:
    line, words = BAD_PO[name]
    with pytest.raises(CatalogError) as caught:
        read_po((DATA / name).read_bytes(), path=f"po/{name}")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"po/{name}:{line}: ")
    assert words in str(caught.value)


VALID = (DATA / "good.po").read_bytes()


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    """good.po with a few bytes inserted, deleted or replaced."""
    data = bytearray(VALID)
    interesting = st.sampled_from(list(b'"\\\n\r#~|:,.[]0 x\xc3\xa9\xe9\xff\x00') + [ord("m")])
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert":
            data[position:position] = bytes([draw(interesting | st.integers(0, 255))])
        elif position < len(data):
            if action == "delete":
                del data[position]
            else:
                data[position] = draw(interesting | st.integers(0, 255))
    return bytes(data)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=400), mutations()))
def test_any_bytes_give_a_catalog_or_a_catalog_error(data: bytes) -> None:
    try:
        result = read_po(data, path="random.po")
    except CatalogError as error:
        assert error.path == "random.po" and error.line >= 1
    else:
        assert isinstance(result, Catalog)


# ---------------------------------------------------------------------------
# The fast path (po/whole.py): an entry in msgcat's layout is read in one step.
# It must give exactly what the line-by-line reading gives, errors included.
# Tricky inputs also read back to what they wrote, or fail on one of their lines.
# ---------------------------------------------------------------------------

Outcome = Catalog | tuple[int, str]


def outcome(read: Callable[[], Catalog]) -> Outcome:
    try:
        return read()
    except CatalogError as error:
        return (error.line, str(error))


NEVER = re.compile("(?!)")


def read_both_ways(data: bytes) -> tuple[Outcome, Outcome]:
    """read_po's outcome, and the same without reading whole entries."""
    fast = outcome(lambda: read_po(data, path="both.po"))
    with (
        mock.patch.object(whole, "ACTIVE_ENTRY", NEVER),
        mock.patch.object(whole, "OBSOLETE_ENTRY", NEVER),
    ):
        slow = outcome(lambda: read_po(data, path="both.po"))
    return fast, slow


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: bm\\n"\n\n'
TRICKY = {
    "escapes": 'msgid ""\n"a\\\\b \\"q\\"\\n"\n"\\t\\101\\x42\\303\\251"\nmsgstr "x\\n"\n',
    "only_newline_escapes": 'msgid ""\n"one\\n"\n"\\ntwo\\n\\n"\nmsgstr "\\n"\n',
    "escaped_backslash_before_quote": 'msgid "ends with \\\\"\nmsgstr ""\n',
    "escaped_backslash_then_n": 'msgid "a\\\\n"\nmsgstr ""\n',
    "escaped_quote_at_end": 'msgid "unterminated\\"\nmsgstr ""\n',
    "backslash_before_continuation_quote": 'msgid ""\n"a\\"\n"nb"\nmsgstr ""\n',
    "quote_inside": 'msgid "a"b"\nmsgstr ""\n',
    "two_strings_on_a_line": 'msgid "a" "b"\nmsgstr ""\n',
    "text_after_string": 'msgid "a" b\nmsgstr ""\n',
    "space_after_string": 'msgid "a" \nmsgstr "b"\t\n',
    "lone_quote_line": 'msgid ""\n"\nmsgstr ""\n',
    "tabs": 'msgid\t"tab\there"\nmsgstr "\t"\n',
    "non_ascii": 'msgid "ߓߊ߬ߡߊ߬ߣߊ߲ ɛ\u2028ɔ\u00a0"\nmsgstr "Bámakɔ́\u0301"\n',
    "comments": (
        "# translator\n#\n#  two spaces\n#\ttab\n#. extracted\n#.\n#: a.md:3 b.md:04\n"
        '#: c.md :5\n#, fuzzy, python-format\n#, range: 1..3\nmsgid "a"\nmsgstr "b"\n'
    ),
    "fast_comments": '# one\n#\n#  two\n# \n#.  ex\n#.\n#.x\nmsgid "a"\nmsgstr ""\n',
    "comments_out_of_order": '#. ex\n# translator\n#, fuzzy\n#: a.md:1\nmsgid "a"\nmsgstr ""\n',
    "comment_ending_with_backslash": '#. ends\\\nmsgid "a"\nmsgstr ""\n',
    "previous": (
        '#, fuzzy\n#| msgctxt "old"\n#| msgid ""\n#| "old "\n#| "text"\n#| msgid_plural "olds"\n'
        'msgctxt "new"\nmsgid "text"\nmsgstr "texte"\n'
    ),
    "previous_msgctxt_alone": '#| msgctxt "old"\nmsgid "a"\nmsgstr ""\n',
    "previous_obsolete": (
        '#~| msgctxt "ctx"\n#~| msgid "older "\n#~| "text"\n'
        '#~ msgctxt "ctx"\n#~ msgid "gone"\n#~ msgstr ""\n#~ "parti "\n#~ "loin"\n'
    ),
    "previous_active_on_obsolete": '#| msgid "old"\n#~ msgid "a"\n#~ msgstr "b"\n',
    "obsolete_then_active_line": '#~ msgid "a"\nmsgstr "b"\n',
    "msgctxt": 'msgctxt "menu"\nmsgid "Open"\nmsgstr "Ouvrir"\n\nmsgctxt ""\nmsgid ""\nmsgstr ""\n',
    "plurals": (
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] ""\n"des"\n\n'
        '#~ msgid "gone"\n#~ msgid_plural "gones"\n#~ msgstr[0] "parti"\n'
    ),
    "crlf": '#. ex\r\nmsgid "a"\r\nmsgstr ""\r\n"b\\n"\r\n\r\nmsgid "c"\nmsgstr "d"\r\n',
    "no_blank_lines_no_final_newline": 'msgid "a"\nmsgstr "b"\n#. x\nmsgid "c"\nmsgstr "d"',
    "continuation_after_blank_line": 'msgid "a"\nmsgstr "b"\n\n"c"\n\nmsgid "d"\nmsgstr ""\n',
    "obsolete_continuation_after_blank_line": '#~ msgid "a"\n#~ msgstr "b"\n\n#~ "c"\n',
    "empty_obsolete_line": '#~ msgid "a"\n#~ msgstr "b"\n#~\n#~ "c"\n',
    "indented_lines": '  #. x\n  msgid "a"\n\tmsgstr "b"\n  "c"\n',
    "previous_continuation_after_entry": 'msgid "a"\nmsgstr "b"\n#| "c"\nmsgid "d"\nmsgstr ""\n',
    "malformed_line": 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\nmsgstrx "e"\n',
    "second_msgstr": 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
    "duplicate": 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
    "comment_at_end": 'msgid "a"\nmsgstr "b"\n\n# orphan\n',
    "header_not_first": 'msgid "a"\nmsgstr "b"\n\n# c\n#, fuzzy\n' + HEADER,
    "header_with_references": '#: a.md:1\nmsgid ""\nmsgstr "Language: fr\\n"\n',
    "obsolete_header": '#~ msgid ""\n#~ msgstr "Language: fr\\n"\n',
    "bad_header_field": 'msgid ""\nmsgstr ""\n"Language fr\\n"\n"X: y\\n"\n',
    "header_field_over_two_lines": 'msgid ""\nmsgstr ""\n"Lang"\n"uage: fr\\nX: y"\n',
    "latin1_header": (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
        'msgid "\xe9"\nmsgstr "\xe0"\n'
    ),
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
@pytest.mark.parametrize("header", ["", HEADER], ids=["no_header", "header"])
def test_the_fast_path_reads_what_the_line_by_line_reading_reads(header: str, text: str) -> None:
    data = (header + text).encode("latin-1" if "latin1" in text else "utf-8")
    fast, slow = read_both_ways(data)
    assert fast == slow


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
@pytest.mark.parametrize("header", ["", HEADER], ids=["no_header", "header"])
def test_tricky_input_reads_back_or_fails_on_one_of_its_lines(header: str, text: str) -> None:
    data = (header + text).encode("latin-1" if "latin1" in text else "utf-8")
    try:
        catalog = read_po(data, path="tricky.po")
    except CatalogError as error:
        assert 1 <= error.line <= data.count(b"\n") + 1, str(error)
        assert str(error).startswith(f"tricky.po:{error.line}: ")
        return
    written = write_po(catalog)  # tidied as msgcat tidies (a fuzzy flag without text goes)
    again = read_po(written.encode(_codec(catalog)), path="again.po")
    assert write_po(again) == written


def _codec(catalog: Catalog) -> str:
    content_type = catalog.header_value("Content-Type") or ""
    return "latin-1" if "ISO-8859-1" in content_type else "utf-8"


def test_msgcat_layout_is_read_in_whole_entries() -> None:
    catalog = Catalog(
        header=UTF8,
        header_comments=("A header comment.",),
        header_flags=("fuzzy",),
        messages=(
            Message(msgid="Stay indoors.\nAll day.", msgstr="Restez chez vous.\nToute la journée."),
            Message(
                msgid="x " * 50,
                msgstr="y " * 50,
                msgctxt="ctx",
                flags=("fuzzy",),
                translator_comments=("note",),
                extracted_comments=("paragraph",),
                references=("a.md:3", "b.md:7"),
                previous_msgid="old " * 30,
                previous_msgctxt="old ctx",
            ),
            Message(msgid="gone", msgstr="parti", previous_msgid="went", obsolete=True),
        ),
    )
    text = write_po(catalog)
    with mock.patch.object(reader.Reader, "read_lines", side_effect=AssertionError):
        catalog_read = read_po(text.encode(), path="whole.po")
    assert without_lines(catalog_read) == catalog
    assert [m.line for m in catalog_read.messages] == [
        number
        for number, line in enumerate(text.split("\n"), 1)
        if line.startswith(("msgid", "#~ msgid"))
    ][1:]




@settings(max_examples=100, deadline=None)
@given(st.one_of(catalogs(), untidy_catalogs()))
def test_the_fast_path_on_written_catalogs(catalog: Catalog) -> None:
    fast, slow = read_both_ways(write_po(catalog).encode())
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(mutations())
def test_the_fast_path_on_damaged_catalogs(data: bytes) -> None:
    fast, slow = read_both_ways(data)
    assert fast == slow
