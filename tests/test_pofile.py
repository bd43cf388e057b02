"""PO files: the strict reader, and a writer that prints exactly what GNU msgcat prints."""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alert_i18n.errors import CatalogError
from alert_i18n.model import Catalog, Message
from alert_i18n.po import linebreak, read_po, syntax, write_po

DATA = Path(__file__).resolve().parent / "data" / "po"
MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_msgcat = pytest.mark.skipif(
    MSGCAT is None, reason="GNU gettext's msgcat is not installed (apt-get install gettext)"
)
needs_msgfmt = pytest.mark.skipif(
    MSGFMT is None, reason="GNU gettext's msgfmt is not installed (apt-get install gettext)"
)


def msgcat(data: str | bytes, *options: str) -> str:
    """What ``msgcat --force`` prints for a UTF-8 file (--force: print a header-only file too)."""
    assert MSGCAT is not None
    raw = data.encode() if isinstance(data, str) else data
    result = subprocess.run(
        [MSGCAT, "--force", *options, "-"], input=raw, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def without_lines(catalog: Catalog) -> Catalog:
    return replace(catalog, messages=tuple(replace(m, line=0) for m in catalog.messages))


UTF8 = (("Content-Type", "text/plain; charset=UTF-8"),)

FULL_HEADER = {
    "fr": (
        ("Project-Id-Version", "alerts 2020-08"),
        ("Report-Msgid-Bugs-To", "alerts@example.org"),
        ("POT-Creation-Date", "2020-08-19 10:00+0000"),
        ("PO-Revision-Date", "2020-08-20 14:30+0000"),
        ("Last-Translator", "Awa Traoré <awa@example.org>"),
        ("Language-Team", "French <fr@example.org>"),
        ("Language", "fr"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", "nplurals=2; plural=(n > 1);"),
    ),
    "bm": (
        ("Project-Id-Version", "alerts 2020-08"),
        ("Report-Msgid-Bugs-To", "alerts@example.org"),
        ("POT-Creation-Date", "2020-08-19 10:00+0000"),
        ("PO-Revision-Date", "2020-08-21 09:00+0000"),
        ("Last-Translator", "Seydou Keita <seydou@example.org>"),
        ("Language-Team", "Bambara <bm@example.org>"),
        ("Language", "bm"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", "nplurals=1; plural=0;"),
    ),
}


# ---------------------------------------------------------------------------
# Random catalogs
# ---------------------------------------------------------------------------

# What alert messages are made of: French with no-break spaces, Bambara (ɛ ɔ ɲ ŋ,
# tone marks as combining accents), Fula, N'Ko, Markdown punctuation, URLs,
# long words, quotes, backslashes and tabs (escaped in PO files).
WORDS = (
    "Alerte", "sécurité", "évitez", "l\u2019eau", "crue", "Mopti", "Ségou", "bɛ", "kɔnɔ", "ɲɔgɔn",
    "ŋaa", "Bámakɔ́", "ɛ\u0301", "ɔ\u0300n", "a\u0301", "Pulaar", "ɗum", "ƴiiɓe", "ߊߟߎ",
    "ߓߊ߬ߡߊ߬ߣߊ߲", "[lien](#ancre)", "[voir](https://example.org/a-b/c?d=e)", "*em*", "**gras**",
    "`code`", "(voir)", "[x]", "«\u00a0citation\u00a0»", "18\u00a0août", "50\u00a0%",
    "Attention\u202f!", "—", "\u2013", "-", "/", "etc.", "e.g.", "12:30", '"quoted"', "a\\b",
    "tab\there", "anticonstitutionnellement" * 3, "#", "_x_", "<br>", "&amp;", "…", "→", "⚠",
    "{count}", "{language}", "{a.b[0]}", "{n:>{width}}", "{{", "}}", "{", "}", "%s",
)  # fmt: skip
SEPARATORS = (" ", " ", " ", " ", "  ", "\u00a0", "\n", " \n", "-")
PIECES = WORDS + SEPARATORS * 4
# Any character of the scripts and punctuation this module knows exactly
# (U+0000..U+30FF), control characters included; not NUL or EOT, which gettext
# refuses in strings.
CHARACTERS = st.characters(
    min_codepoint=1, max_codepoint=0x30FF, exclude_categories=("Cs",), exclude_characters="\x04"
)

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=24).map("".join),
    st.text(CHARACTERS, max_size=60),
)
nonempty_texts = texts.filter(bool)
# gettext drops a carriage return at the end of a comment line and joins a line
# that ends with a backslash to the next one.
comments = st.text(CHARACTERS.filter(lambda c: c not in "\n\r"), max_size=30).map(
    lambda s: s.rstrip("\\")
)
REFERENCES = [f"source/{'x' * (n % 23)}alert-{n}.md:{n * 37 % 5000 + 1}" for n in range(40)]
references = st.lists(st.sampled_from(REFERENCES), max_size=8, unique=True).map(tuple)


@st.composite
def messages(draw: st.DrawFn, *, obsolete: bool = False) -> Message:
    """A message as write_po writes it back unchanged (flags and references canonical)."""
    plural = draw(st.booleans()) and draw(st.booleans())
    msgstr = draw(texts)
    forms: tuple[str, ...] = ()
    if plural:
        forms = tuple(draw(st.lists(texts, min_size=1, max_size=3)))
    first = forms[0] if plural else msgstr
    if obsolete and not first:  # msgcat drops untranslated obsolete entries
        first = "x"
        forms, msgstr = ((first, *forms[1:]), "") if plural else ((), first)
    flags: list[str] = []
    if first and draw(st.booleans()):
        flags.append("fuzzy")  # gettext keeps "fuzzy" on translated entries only
    if draw(st.integers(0, 2)) == 0:
        # The one format flag whose effect on wrapping write_po reproduces.
        flags.append("python-brace-format")
    if not obsolete and draw(st.integers(0, 9)) == 0:
        flags.append("range: 1..3")  # and "range" on active entries only
    if draw(st.integers(0, 4)) == 0:
        flags.append("no-wrap")
    previous = draw(st.none() | texts)
    return Message(
        msgid=draw(nonempty_texts),
        msgstr="" if plural else msgstr,
        msgctxt=draw(st.none() | texts),
        msgid_plural=draw(nonempty_texts) if plural else None,
        msgstr_plural=forms,
        flags=tuple(flags),
        translator_comments=tuple(draw(st.lists(comments, max_size=3))),
        extracted_comments=tuple(draw(st.lists(comments, max_size=2))),
        references=draw(references),
        # gettext has no syntax for a previous msgctxt or msgid_plural alone.
        previous_msgctxt=draw(st.none() | texts) if previous is not None else None,
        previous_msgid=previous,
        previous_msgid_plural=draw(st.none() | texts) if previous is not None else None,
        obsolete=obsolete,
    )


@st.composite
def catalogs(draw: st.DrawFn, *, max_messages: int = 8) -> Catalog:
    """A catalog in msgcat's order: active entries, then obsolete ones."""
    both = draw(
        st.lists(
            st.one_of(messages(), messages(obsolete=True)),
            min_size=1,
            max_size=max_messages,
            unique_by=lambda m: m.key,
        )
    )
    language = draw(st.sampled_from(sorted(FULL_HEADER)))
    header = FULL_HEADER[language] + (("X-Generator", draw(comments)),)
    return Catalog(
        header=header,
        header_comments=tuple(draw(st.lists(comments, max_size=3))),
        header_flags=draw(st.sampled_from([(), ("fuzzy",), ("fuzzy", "no-wrap")])),
        messages=tuple(sorted(both, key=lambda m: m.obsolete)),
    )


# ---------------------------------------------------------------------------
# Writing: msgcat is the judge
# ---------------------------------------------------------------------------


@needs_msgcat
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.sampled_from([79, 79, 79, 0, 20, 40, 100]))
def test_msgcat_prints_what_write_po_writes(catalog: Catalog, width: int) -> None:
    text = write_po(catalog, width=width)
    assert msgcat(text, f"--width={width}") == text


@settings(max_examples=100, deadline=None)
@given(catalogs(max_messages=12))
def test_read_po_reads_back_what_write_po_writes(catalog: Catalog) -> None:
    text = write_po(catalog)
    assert without_lines(read_po(text.encode(), path="round-trip.po")) == catalog


@st.composite
def untidy_catalogs(draw: st.DrawFn) -> Catalog:
    """Catalogs write_po has to tidy: any flags, references and order."""
    catalog = draw(catalogs())
    flag = st.sampled_from(["fuzzy", "wrap", "no-wrap", "markdown-text", "c-format", "range: 2..1"])
    untidy = [
        replace(
            m,
            flags=tuple(draw(st.lists(flag, max_size=4))),
            references=tuple(draw(st.lists(st.sampled_from(["./a.md:3", "a.md:03", "b.md"])))),
            obsolete=draw(st.booleans()),
        )
        for m in catalog.messages
    ]
    return replace(catalog, messages=tuple(draw(st.permutations(untidy))))


@settings(max_examples=100, deadline=None)
@given(untidy_catalogs())
def test_writing_what_was_read_changes_nothing(catalog: Catalog) -> None:
    text = write_po(catalog)
    assert write_po(read_po(text.encode(), path="again.po")) == text


# msgcat's output for one msgid (checked against msgcat 0.21 when it is
# installed): breaks follow Unicode line breaking (UAX #14) as libunistring
# 1.0 does it, counted in screen columns, within 79 columns quotes included.
# A PO line too long for this file is split over two literals.
WRAPPED = (
    ("fits_79_columns", "x" * 70 + ".", f'msgid "{"x" * 70}."\n'),
    ("one_column_too_many", "x" * 66 + " abcde", f'msgid ""\n"{"x" * 66} abcde"\n'),
    ("unbreakable_word_stays_on_keyword_line", "x" * 90, f'msgid "{"x" * 90}"\n'),
    (
        "space_stays_at_line_end",
        "Armed groups attacked several villages in the centre of the country on 18 August.",
        'msgid ""\n'
        '"Armed groups attacked several villages in the centre of the country on 18 "\n'
        '"August."\n',
    ),
    (
        "nbsp_never_breaks",
        "Les autorités demandent à chacun de rester chez soi jusqu\u2019au 18\xa0août 2020\xa0; "
        "«\xa0restez à l\u2019abri\xa0».",
        'msgid ""\n'
        '"Les autorités demandent à chacun de rester chez soi jusqu\u2019au '
        '18\xa0août 2020\xa0; "\n'
        '"«\xa0restez à l\u2019abri\xa0»."\n',
    ),
    (
        "narrow_nbsp_never_breaks",
        "Attention\u202f! Les routes entre Mopti et Ségou sont fermées jusqu\u2019à nouvel "
        "ordre\u202f: restez chez vous.",
        'msgid ""\n'
        '"Attention\u202f! Les routes entre Mopti et Ségou sont fermées jusqu\u2019à nouvel "\n'
        '"ordre\u202f: restez chez vous."\n',
    ),
    (
        "break_after_hyphen",
        "Les autorités ont annoncé un couvre-feu "
        "anticonstitutionnellement-prolongé-jusqu\u2019au-mois-prochain.",
        'msgid ""\n'
        '"Les autorités ont annoncé un couvre-feu anticonstitutionnellement-prolongé-"\n'
        '"jusqu\u2019au-mois-prochain."\n',
    ),
    (
        "break_after_slash_in_url",
        "Read https://example.org/advice/mali/travel-and-security/latest-updates/2020-08 now.",
        'msgid ""\n'
        '"Read https://example.org/advice/mali/travel-and-security/latest-"\n'
        '"updates/2020-08 now."\n',
    ),
    (
        "markdown_link_and_emphasis",
        "Lisez les [conseils aux voyageurs](https://example.org/conseils) et "
        "*restez à l\u2019intérieur* **maintenant**.",
        'msgid ""\n'
        '"Lisez les [conseils aux voyageurs](https://example.org/conseils) et *restez "\n'
        '"à l\u2019intérieur* **maintenant**."\n',
    ),
    (
        "combining_marks_count_zero",
        "Bámakɔ́ kà dúgú ɲɛ́ná " * 4,
        'msgid ""\n'
        '"Bámakɔ́ kà dúgú ɲɛ́ná Bámakɔ́ kà dúgú ɲɛ́ná Bámakɔ́ kà dúgú ɲɛ́ná Bámakɔ́ kà dúgú "\n'
        '"ɲɛ́ná "\n',
    ),
    (
        "nko_tone_marks_count_zero",
        "ߊߟߎ ߓߊ߬ߡߊ߬ߣߊ߲ ߞߊ߲ ߞߍ߫ ߟߊ߫ ߞߎ߲߬ߢߐ߲߰ߠߊ ߟߎ߬ ߓߍ߯ ߦߋ߫ ߘߎ߱ ߞߊ߲߬ ߞߊ߬ ߞߏ ߞߎߘߊ ߟߎ߬ ߟߊ߫",
        'msgid "ߊߟߎ ߓߊ߬ߡߊ߬ߣߊ߲ ߞߊ߲ ߞߍ߫ ߟߊ߫ ߞߎ߲߬ߢߐ߲߰ߠߊ ߟߎ߬ ߓߍ߯ ߦߋ߫ ߘߎ߱ ߞߊ߲߬ ߞߊ߬ ߞߏ ߞߎߘߊ ߟߎ߬ ߟߊ߫"\n',
    ),
    (
        "wide_characters_count_two",
        "警报\uff1a马里中部的几个村庄遭到武装团体袭击\uff0c当局要求所有人避免在莫普提和塞古之间旅行。",
        'msgid ""\n'
        '"警报\uff1a马里中部的几个村庄遭到武装团体袭击\uff0c当局要求所有人避免在莫普提和塞古之"\n'
        '"间旅行。"\n',
    ),
    (
        "inner_newline",
        "First line.\nSecond line.\n",
        'msgid ""\n"First line.\\n"\n"Second line.\\n"\n',
    ),
    (
        "escaped_quote_and_final_newline",
        'He said "stay indoors" and "keep calm" until the authorities say otherwise, ok?\n',
        'msgid ""\n'
        '"He said \\"stay indoors\\" and \\"keep calm\\" until the authorities say "\n'
        '"otherwise, ok?\\n"\n',
    ),
    (
        "long_word_is_not_broken",
        "See " + "x" * 100 + " now.",
        f'msgid ""\n"See "\n"{"x" * 100} "\n"now."\n',
    ),
    (
        "whole_string_fits_after_empty_first_line",
        "Mopti—Ségou—Gao—Tombouctou—Kidal—Ménaka—Bamako—Kayes—Sikasso—Koulikoro—Nioro",
        'msgid ""\n'
        '"Mopti—Ségou—Gao—Tombouctou—Kidal—Ménaka—Bamako—Kayes—Sikasso—Koulikoro—Nioro"\n',
    ),
    (
        "em_dash",
        "La route Mopti—Ségou—Gao est fermée—les routes Tombouctou—Kidal—Ménaka—Bamako aussi.",
        'msgid ""\n'
        '"La route Mopti—Ségou—Gao est fermée—les routes Tombouctou—Kidal—Ménaka—"\n'
        '"Bamako aussi."\n',
    ),
    (
        "period_before_letter",
        "Abbreviations e.g.example.org.and.i.e.more.text.without.spaces.that.goes.on.and.on.",
        'msgid ""\n'
        '"Abbreviations e.g.example.org.and.i.e.more.text.without.spaces.that.goes.on."\n'
        '"and.on."\n',
    ),
)


@pytest.mark.parametrize(
    ("msgid", "expected"), [c[1:] for c in WRAPPED], ids=[c[0] for c in WRAPPED]
)
def test_wrapping(msgid: str, expected: str) -> None:
    text = write_po(Catalog(header=UTF8, messages=(Message(msgid=msgid),)))
    assert text.split("\n\n")[1] == expected + 'msgstr ""\n'


@needs_msgcat
def test_wrapping_examples_are_msgcats() -> None:
    messages = tuple(Message(msgid=msgid) for _, msgid, _ in WRAPPED)
    text = write_po(Catalog(header=UTF8, messages=messages))
    assert msgcat(text) == text


@pytest.mark.parametrize(
    ("msgid", "first_line"),
    [
        ("w1 " + "x" * 76 + " {a}", '"w1 "'),  # "{a}" covers bytes 0..2: the break at 3 stays
        ("w1 " + "x" * 76 + " {stage}", f'"w1 {"x" * 76} "'),  # bytes 0..6: no break at 3
        ("w1 " + "x" * 76 + " {stage", '"w1 "'),  # an invalid directive protects nothing
    ],
)
def test_python_brace_format_quirk(msgid: str, first_line: str) -> None:
    """gettext 0.21 protects the start of a python-brace-format string from breaks."""
    # Its parser records each directive's extent relative to the directive, so
    # msgcat forbids breaks in the first bytes of the string instead.
    message = Message(msgid=msgid, flags=("python-brace-format",))
    text = write_po(Catalog(header=UTF8, messages=(message,)))
    assert text.split("\n\n")[1].splitlines()[2] == first_line
    if MSGCAT is not None:
        assert msgcat(text) == text


def test_obsolete_and_previous_lines_fit_in_79_columns_with_their_prefix() -> None:
    long = "Old warning about the curfew in Gao, lifted on 1 August after three weeks of calm."
    message = Message(msgid=long, msgstr=long, previous_msgid=long, obsolete=True)
    text = write_po(Catalog(header=UTF8, messages=(message,)))
    assert text.split("\n\n")[1] == (
        '#~| msgid ""\n'
        '#~| "Old warning about the curfew in Gao, lifted on 1 August after three "\n'
        '#~| "weeks of calm."\n'
        '#~ msgid ""\n'
        '#~ "Old warning about the curfew in Gao, lifted on 1 August after three weeks "\n'
        '#~ "of calm."\n'
        '#~ msgstr ""\n'
        '#~ "Old warning about the curfew in Gao, lifted on 1 August after three weeks "\n'
        '#~ "of calm."\n'
    )
    assert max(len(line) for line in text.splitlines()) <= 79


def test_references_wrap_at_79_columns() -> None:
    refs = tuple(f"source/mali-2020-08.md:{n}" for n in range(1, 100, 12))
    text = write_po(Catalog(header=UTF8, messages=(Message(msgid="x", references=refs),)))
    assert text.split("\n\n")[1].splitlines()[:3] == [
        "#: source/mali-2020-08.md:1 source/mali-2020-08.md:13 source/mali-2020-08.md:25",
        "#: source/mali-2020-08.md:37 source/mali-2020-08.md:49",
        "#: source/mali-2020-08.md:61 source/mali-2020-08.md:73",
    ]


@pytest.mark.parametrize("width", [0, 10, 30, 100])
def test_width_like_msgcat_w(width: int) -> None:
    catalog = read_po((DATA / "good.po").read_bytes(), path="good.po")
    text = write_po(catalog, width=width)
    if width == 0:  # no wrapping at all, references included
        assert 'msgid "Armed groups attacked several villages' in text
        assert "#: source/mali-2020-08.md:5 source/mali-2020-08.md:17 " in text
        assert "#: source/mali-2020-08.md:41" not in text
    if width == 10:  # no page is narrower than 20 columns
        assert text == write_po(catalog, width=20)
    if MSGCAT is not None:
        assert msgcat(text, f"--width={width}") == text


def test_negative_width_is_refused() -> None:
    with pytest.raises(ValueError, match="width"):
        write_po(Catalog(), width=-1)


@needs_msgcat
def test_good_file_is_msgcat_output() -> None:
    data = (DATA / "good.po").read_bytes()
    assert msgcat(data) == data.decode()
    assert write_po(read_po(data, path="good.po")) == data.decode()


def test_writer_tidies_like_msgcat() -> None:
    """Flags in gettext's order, known flags only, references parsed, obsolete entries last."""
    untidy = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#~ msgid "gone"\n#~ msgstr "parti"\n\n'
        '#~ msgid "never translated"\n#~ msgstr ""\n\n'
        "#text without a space\n"
        "#: y.md:03 c.md: 12 d.md :13 z.md z.md\n"
        "#, markdown-text, python-format, no-wrap, fuzzy\n"
        'msgid "hello"\nmsgstr "bonjour"\n\n'
        "#, fuzzy, range: 1..5\n"
        'msgid "untranslated"\nmsgstr ""\n'
    )
    tidy = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "# text without a space\n"
        "#: y.md:3 c.md:12 d.md:13 z.md\n"
        "#, fuzzy, python-format, no-wrap\n"
        'msgid "hello"\nmsgstr "bonjour"\n\n'
        "#, range: 1..5\n"
        'msgid "untranslated"\nmsgstr ""\n\n'
        '#~ msgid "gone"\n#~ msgstr "parti"\n'
    )
    catalog = read_po(untidy.encode(), path="untidy.po")
    assert catalog.messages[2].flags == ("markdown-text", "python-format", "no-wrap", "fuzzy")
    assert write_po(catalog) == tidy
    if MSGCAT is not None:
        assert msgcat(untidy) == tidy


def test_flags_of_several_lines_are_merged() -> None:
    # gettext keeps only the last "#," line of an entry; we keep them all.
    text = 'msgid "a"\nmsgstr "b"\n'
    catalog = read_po(b"#, fuzzy\n#, python-format\n" + text.encode(), path="flags.po")
    assert catalog.messages[0].flags == ("fuzzy", "python-format")
    assert write_po(catalog) == "#, fuzzy, python-format\n" + text


def test_empty_catalog_is_empty_text() -> None:
    assert write_po(Catalog()) == ""
    assert read_po(b"", path="empty.po") == Catalog()


def test_header_only_catalog() -> None:
    catalog = Catalog(header=FULL_HEADER["bm"], header_comments=("Bambara",))
    text = write_po(catalog)
    assert text.startswith(
        '# Bambara\nmsgid ""\nmsgstr ""\n"Project-Id-Version: alerts 2020-08\\n"\n'
    )
    assert read_po(text.encode(), path="header.po") == catalog
    if MSGCAT is not None:
        # Plain msgcat prints nothing for a header-only file; --force prints this.
        assert msgcat(text) == text


def test_catalog_without_header() -> None:
    catalog = Catalog(messages=(Message(msgid="Stay indoors.", msgstr="Restez chez vous."),))
    text = write_po(catalog)
    assert text == 'msgid "Stay indoors."\nmsgstr "Restez chez vous."\n'
    assert without_lines(read_po(text.encode(), path="no-header.po")) == catalog
    if MSGCAT is not None:
        assert msgcat(text) == text


def test_header_without_fields() -> None:
    catalog = Catalog(header_comments=("SOME DESCRIPTIVE TITLE.",), header_flags=("fuzzy",))
    # gettext drops "fuzzy" from an entry whose msgstr is empty, the header too.
    assert write_po(catalog) == '# SOME DESCRIPTIVE TITLE.\nmsgid ""\nmsgstr ""\n'


def test_template_plural_entry_gets_two_empty_forms() -> None:
    message = Message(msgid="%d village", msgid_plural="%d villages")
    assert write_po(Catalog(messages=(message,))) == (
        'msgid "%d village"\nmsgid_plural "%d villages"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )


@pytest.mark.parametrize(
    "messages",
    [
        (Message(msgid=""),),
        (Message(msgid="a", msgstr="x"), Message(msgid="a", msgstr="y", obsolete=True)),
    ],
    ids=["header-as-message", "duplicate"],
)
def test_catalogs_gettext_would_reject_are_refused(messages: tuple[Message, ...]) -> None:
    with pytest.raises(ValueError):
        write_po(Catalog(messages=messages))


@st.composite
def translated_catalogs(draw: st.DrawFn) -> Catalog:
    """Catalogs msgfmt --check accepts: full header, translations shaped like their msgid."""
    # No format flags: the translations made up here do not keep placeholders.
    language = draw(st.sampled_from(sorted(FULL_HEADER)))
    forms = 2 if language == "fr" else 1

    def translate(msgid: str) -> str:
        # msgfmt -c wants a translation to begin and end with "\n" when the msgid does.
        head = "\n" if msgid.startswith("\n") else ""
        tail = "\n" if msgid.endswith("\n") else ""
        return head + draw(texts).strip("\n") + " «\xa0traduit\xa0»" + tail

    result = []
    for message in draw(catalogs()).messages:
        if message.msgid_plural is None:
            msgstr = draw(st.sampled_from(["", translate(message.msgid)]))
            result.append(replace(message, msgstr=msgstr, flags=("fuzzy",) if msgstr else ()))
        else:
            # msgid_plural, too, must begin and end with "\n" when the msgid does.
            msgid_plural = translate(message.msgid)
            plural = tuple(translate(message.msgid) for _ in range(forms))
            result.append(
                replace(message, msgid_plural=msgid_plural, msgstr_plural=plural, flags=())
            )
    return Catalog(header=FULL_HEADER[language], messages=tuple(result))


@needs_msgfmt
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(translated_catalogs())
def test_msgfmt_check_accepts_written_catalogs(catalog: Catalog) -> None:
    assert MSGFMT is not None
    result = subprocess.run(
        [MSGFMT, "--check", "--output-file=/dev/null", "-"],
        input=write_po(catalog).encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()


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


# Each bad fixture is named after its defect: the line of the fault and words
# the message must contain.
BAD = {
    "bad-unterminated-string.po": (12, 'unterminated string: the closing " is missing'),
    "bad-escape.po": (10, "invalid escape sequence \\e"),
    "bad-escaped-bytes.po": (8, "escaped bytes in this string are not valid UTF-8"),
    "bad-text-outside-quotes.po": (8, "unexpected text 'à' outside quotes"),
    "bad-unknown-keyword.po": (8, "unknown keyword 'msgstring'"),
    "bad-keyword-order.po": (8, "msgctxt must come before msgid"),
    "bad-msgstr-without-msgid.po": (8, "msgstr without a msgid"),
    "bad-msgid-without-msgstr.po": (7, "this message has no msgstr"),
    "bad-missing-string.po": (7, "msgid must be followed by a quoted string"),
    "bad-continuation.po": (8, "a string continuation line must follow a keyword line"),
    "bad-plural-without-msgid-plural.po": (8, "msgstr[0] is only allowed after msgid_plural"),
    "bad-msgid-plural-without-plural-forms.po": (9, "must be written msgstr[0], msgstr[1]"),
    "bad-plural-index.po": (10, "expected msgstr[1] here, found msgstr[2]"),
    "bad-duplicate.po": (16, "duplicate message definition (first defined at line 8)"),
    "bad-duplicate-obsolete.po": (10, "duplicate message definition (first defined at line 7)"),
    "bad-obsolete-mixed.po": (8, "inconsistent use of #~"),
    "bad-previous-order.po": (8, "previous msgid_plural (#|) out of order"),
    "bad-header.po": (4, "malformed header field 'Language fr'"),
    "bad-header-not-first.po": (4, 'the header entry (msgid "") must be the first entry'),
    "bad-header-comments.po": (2, "the header entry can only have translator comments"),
    "bad-charset.po": (5, "unknown charset 'LATIN-9000'"),
    "bad-charset-not-ascii-based.po": (4, "charset 'UTF-16' cannot be used in a PO file"),
    "bad-encoding.po": (11, "this line is not valid UTF-8 text (byte 0xe9)"),
    "bad-nul.po": (8, "NUL character"),
    "bad-trailing-comment.po": (10, "comment lines at the end of the file belong to no message"),
    "bad-comment-backslash.po": (7, "a comment line must not end with a backslash"),
}


def test_every_bad_fixture_has_an_expectation() -> None:
    assert {path.name for path in DATA.glob("bad-*.po")} == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file(name: str) -> None:
    line, words = BAD[name]
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
# Tricky inputs: each reads to a catalog that writes and reads back the same,
# or to an error on a line of the file.
# ---------------------------------------------------------------------------

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


def test_msgcat_layout_reads_back_with_its_line_numbers() -> None:
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
    catalog_read = read_po(text.encode(), path="whole.po")
    assert without_lines(catalog_read) == catalog
    assert [m.line for m in catalog_read.messages] == [
        number
        for number, line in enumerate(text.split("\n"), 1)
        if line.startswith(("msgid", "#~ msgid"))
    ][1:]


@pytest.mark.parametrize(
    "line",
    [
        '""',
        '"a"',
        '"é ߓ\t"',
        '"a\\n"',
        '"\\n\\n"',
        '"a\\\\n"',
        '"a\\\\"',
        '"a\\"',
        '"a\\""',
        '"a\\nb\\"',
        '"a\\t"',
        '"a\\101"',
        '"a" "b"',
        '"a"  ',
        '"a" b',
        '"',
        '"a"b"',
        '"\\q"',
    ],
)
def test_strings_shortcut(line: str) -> None:
    def read(function: Callable[..., str]) -> str | tuple[int, str]:
        try:
            return function(line, "utf-8", path="s.po", line=3)
        except CatalogError as error:
            return (error.line, str(error))

    assert read(syntax.strings) == read(syntax.quoted_strings)


# ---------------------------------------------------------------------------
# Line breaking internals: the fast path agrees with the exact rules, and the
# exact rules agree with libunistring itself when it is the version gettext
# 0.21 uses on Debian 12 (1.0).
# ---------------------------------------------------------------------------

BREAK_TEXTS = st.text(
    st.one_of(
        st.sampled_from(
            list(" aé-/()[]*«»\xa0\u202f.,;:!?'\"#_`0123%$€—\u2013…\u2019\u0301ɛɔɲŋ\u07ca\u07eb")
        ),
        CHARACTERS,
    ),
    max_size=40,
).filter(lambda s: "\\" not in s)


def exact_breaks(text: str) -> list[int]:
    possible, _ = linebreak.pair_breaks(text.translate(linebreak.CLASS_OF).encode("ascii"))
    return possible


@settings(max_examples=800, deadline=None)
@given(BREAK_TEXTS)
def test_fast_breaks_agree_with_exact_rules(text: str) -> None:
    possible, _, mandatory = linebreak.opportunities(text)
    if not mandatory:
        assert possible == exact_breaks(text)


def _libunistring_1_0() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("unistring")
    if name is None:
        return None
    library = ctypes.CDLL(name)
    try:
        version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    except ValueError:
        return None
    return library if version >> 8 == 0x100 else None


LIBUNISTRING = _libunistring_1_0()


@pytest.mark.skipif(
    LIBUNISTRING is None, reason="libunistring 1.0 (used by gettext 0.21) not found"
)
@settings(max_examples=800, deadline=None)
@given(BREAK_TEXTS.filter(bool))
def test_exact_rules_agree_with_libunistring(text: str) -> None:
    assert LIBUNISTRING is not None
    function = LIBUNISTRING.u32_possible_linebreaks_v2
    function.argtypes = [
        ctypes.POINTER(ctypes.c_uint32), ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p
    ]  # fmt: skip
    codes = (ctypes.c_uint32 * len(text))(*map(ord, text))
    result = ctypes.create_string_buffer(len(text))
    function(codes, len(text), b"UTF-8", result)
    possible_at = 2  # UC_BREAK_POSSIBLE
    assert [i for i, b in enumerate(result.raw) if b == possible_at] == exact_breaks(text)


def test_write_mo_holds_what_msgfmt_compiles(tmp_path: Path) -> None:
    """Compiled catalogs: the same entries msgfmt keeps (no fuzzy, no empty, no obsolete)."""
    import gettext
    import io

    from alert_i18n.po import write_mo

    source = (Path(__file__).parent.parent / "locales" / "fr" / "LC_MESSAGES"
              / "mali-2020-08.po")
    catalog = read_po(source.read_bytes(), path=str(source))
    messages = list(catalog.messages)
    messages[1] = replace(messages[1], flags=("fuzzy",))
    messages[2] = replace(messages[2], msgstr="")
    catalog = replace(catalog, messages=tuple(messages))
    compiled = write_mo(catalog)
    translations = gettext.GNUTranslations(io.BytesIO(compiled))
    assert translations.gettext(messages[0].msgid) == messages[0].msgstr
    assert translations.gettext(messages[1].msgid) == messages[1].msgid  # fuzzy: left out
    assert translations.gettext(messages[2].msgid) == messages[2].msgid  # empty: left out
    msgfmt, msgunfmt = shutil.which("msgfmt"), shutil.which("msgunfmt")
    if msgfmt is None or msgunfmt is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    (tmp_path / "fr.po").write_text(write_po(catalog), encoding="utf-8")
    (tmp_path / "ours.mo").write_bytes(compiled)
    subprocess.run([msgfmt, "-o", tmp_path / "theirs.mo", tmp_path / "fr.po"], check=True)

    def listing(name: str) -> str:
        return subprocess.run([msgunfmt, tmp_path / name], capture_output=True, text=True,
                              check=True).stdout

    assert listing("ours.mo") == listing("theirs.mo")
