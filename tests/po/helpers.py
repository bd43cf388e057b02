"""What the PO tests share: gettext tools, random catalogs of alert-like text."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import strategies as st

from alert_i18n.model import Catalog, Message

DATA = Path(__file__).resolve().parent.parent / "data" / "po"
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
