"""The writer: what GNU msgcat 0.21 prints, byte for byte (msgcat is the judge), and .mo files."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_mo, write_po

from ..conftest import REPO
from .helpers import (
    DATA,
    FULL_HEADER,
    MSGCAT,
    MSGFMT,
    UTF8,
    catalogs,
    msgcat,
    needs_msgcat,
    needs_msgfmt,
    texts,
    untidy_catalogs,
    without_lines,
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




def test_write_mo_holds_what_msgfmt_compiles(tmp_path: Path) -> None:
    """Compiled catalogs: the same entries msgfmt keeps (no fuzzy, no empty, no obsolete)."""
    import gettext
    import io


    source = (REPO / "locales" / "fr" / "LC_MESSAGES"
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

