"""``alert-i18n check``: the checks, honest counting, the three report formats, exit codes."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alert_i18n import check, inline, limits
from alert_i18n.extract import template
from alert_i18n.inline import LINK, Found, mask
from alert_i18n.languages import resolve
from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po
from alert_i18n.segment import parse_source
from alert_i18n.status import Counts, Status, catalog_status, floor_percent, message_findings

from .conftest import Run, Validator, gettext_tool

DATA = Path(__file__).parent / "data" / "check"
SOURCE = "source/sample.md"
NNBSP, NBSP = "\u202f", "\u00a0"


# -- fixtures -------------------------------------------------------------------

def sample_template() -> Catalog:
    text = (DATA / SOURCE).read_text(encoding="utf-8")
    return template(parse_source(text, path=SOURCE), project="Example alerts")


def site(root: Path, **catalogs: str) -> Path:
    """A content root with the sample alert and ``lang=fixture name`` catalogs."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DATA / "source", root / "source")
    for lang, name in catalogs.items():
        folder = root / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(DATA / name, folder / "sample.po")
    return root


def msgid_lines(path: Path) -> dict[str, int]:
    """msgid -> line of its ``msgid`` keyword, read independently of our reader."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.startswith("msgid "):
            parts = [json.loads(line[len("msgid "):])]
            for follow in lines[index + 1:]:
                if not follow.startswith('"'):
                    break
                parts.append(json.loads(follow))
            found["".join(parts)] = index + 1
    return found


def line_of(path: Path, start: str) -> int:
    """The line of the one msgid of ``path`` that starts with ``start``."""
    [line] = [n for text, n in msgid_lines(path).items() if text.startswith(start)]
    return line


def status_of(name: str, lang: str = "fr") -> Status:
    path = DATA / name
    return catalog_status(
        alert="sample", language=resolve(lang), path=f"locales/{lang}/LC_MESSAGES/sample.po",
        template=sample_template(), catalog=read_po(path.read_bytes(), path=name),
    )


def problems(status: Status) -> set[tuple[str, str, int]]:
    return {(f.check, f.severity, f.location.line) for f in status.findings}


# -- the checks, one message at a time ------------------------------------------

@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("**Stage 9: Extermination**", "**Étape 9 : Extermination**"),
        ("The *Peules*/Fulani and *Dan Na Ambassagou*", "*Dan Na Ambassagou* et les *Peuls*"),
        ("Run `build` now", "Lancez `build` maintenant"),
        ("Genocide Watch\nThe Alliance", "Genocide Watch\nL'Alliance"),
        ("5 * 3 is 15", "5 * 3 font 15"),
        (r"a literal \*star", r"une \*étoile"),
        ("see ![map](m.png) here", "voir ![carte](m.png) ici"),
        ("a [link](https://example.org/a_b_c) with *em*",
         "un [lien](https://example.org/a_b_c) *em*"),
        ("snake_case_name", "nom snake_case_name"),
    ],
)
def test_markup_accepts_balanced_translations(source: str, translation: str) -> None:
    assert check.check_markup(source, translation) == []


@pytest.mark.parametrize(
    ("source", "translation", "says"),
    [
        ("**Stage 9**", "**Étape 9", "** or __ (strong) is opened but never closed"),
        ("a *b* c", "a *b c", "* (emphasis) is opened but never closed"),
        ("run `x` now", "lancez `x maintenant", "` (inline code) is opened but never closed"),
        ("read [this](#)", "lisez [ceci(#)", "[ or ] has no partner"),
        ("a *b* c", "a b c", "emphasis (*…*): the English has 1, the translation 0"),
        ("A\nB", "A B", "line breaks (\\n): the English has 1, the translation 0"),
        ("A B", "A\nB", "line breaks (\\n): the English has 0, the translation 1"),
        ("x ![map](m.png)", "x carte", "images (![…](…)): the English has 1"),
        ("a *b* c", "a _b_ c", "emphasis (_…_): the English has 0, the translation 1"),
        ("__Stage 9__", "**Étape 9**", "strong text (__…__): the English has 1"),
    ],
)
def test_markup_reports_unbalanced_and_malformed(source: str, translation: str,
                                                 says: str) -> None:
    [(name, severity, sentence)] = check.check_markup(source, translation)
    assert (name, severity) == ("markup", "error")
    assert says in sentence


ENGLISH = ("In 2019, fundamentalists killed 4,000 people. In the first six months of 2020 "
           "alone, the [UN reported](#) 589 civilians killed; 12.5 percent.")


@pytest.mark.parametrize(
    ("locale", "translation"),
    [
        ("fr", f"En 2019, 4{NNBSP}000 personnes. En 2020, l'[ONU](#) : 589 civils ; 12,5{NBSP}%."),
        ("fr", f"En 2019, 4{NBSP}000 personnes. En 2020, l'[ONU](#) : 589 civils ; 12,5 %."),
        ("fr", "En 2019, 4 000 personnes. En 2020, l'[ONU](#) : 589 civils ; 12,5 %."),
        ("fr", "En 2019, 4000 personnes. En 2020, l'[ONU](#) : 589 civils ; 12,5 %."),
        ("fr", "En 2019, 4,000 personnes. En 2020, l'[ONU](#) : 589 civils ; 12.5 %."),
        ("bm", "San 2019, mɔgɔ 4,000. San 2020, [ONU](#) ko siwili 589; 12.5%."),
        ("bm", "San 2019, mɔgɔ 4 000. San 2020, [ONU](#) ko siwili 589; 12,5%."),
        ("de", "2019 wurden 4.000 Menschen getötet. 2020 meldete die [UNO](#) 589; 12,5 %."),
        ("bm_Nkoo", "߂߀߁߉ ߄߀߀߀ ߂߀߂߀ [ONU](#) ߅߈߉ ߁߂.߅"),  # N'Ko digits
        ("fr", "En 2020, l'[ONU](#) : 589 ; 12,5 % ; 4 000 morts en 2019."),  # reordered
    ],
)
def test_numbers_accept_the_source_or_the_locale_spelling(locale: str, translation: str) -> None:
    assert check.check_numbers(ENGLISH, translation, locale=locale) == []


def test_numbers_are_a_set_and_ignore_link_targets_and_names() -> None:
    source = "In April 2012, a coup; by June 2012 the G5 [force](https://example.org/2013)."
    translation = "En avril 2012, un coup ; en juin la [force](https://example.org/2013) G5."
    assert check.check_numbers(source, translation, locale="fr") == []
    assert check.numbers(source) == {check.Decimal("2012"): "2012"}


@pytest.mark.parametrize(
    ("translation", "says"),
    [
        ("En 2019, 4 500 personnes. En 2020, l'[ONU](#) : 589 ; 12,5 %.",
         "4,000 (or 4 000); the translation has 4 500 instead"),
        ("En 2019, quatre mille personnes. En 2020, l'[ONU](#) : 589 ; 12,5 %.",
         "number missing or changed: 4,000"),
        ("En 2019, 4 000 personnes. En 2020, l'[ONU](#) : 598 ; 12,5 %.",
         "589; the translation has 598 instead"),
        ("En 2019, 4.000 personnes. En 2020, l'[ONU](#) : 589 ; 12,5 %.", "4,000"),
    ],
)
def test_numbers_report_a_changed_number(translation: str, says: str) -> None:
    [(name, severity, sentence)] = check.check_numbers(ENGLISH, translation, locale="fr")
    assert (name, severity) == ("numbers", "error")
    assert says in sentence


@pytest.mark.parametrize(
    ("source", "translation", "says"),
    [
        ("Stage 9", " Étape 9", "starts with a space where the English has nothing"),
        ("Stage 9", "Étape 9\n", "ends with a line break where the English has nothing"),
        ("A\nB", "A \nB", "spaces around a line break"),
        ("A\nB", "A\n\nB", "an empty line"),
        ("A B", "A  B", "a double space"),
    ],
)
def test_whitespace_warns(source: str, translation: str, says: str) -> None:
    [(name, severity, sentence)] = check.check_whitespace(source, translation)
    assert (name, severity) == ("whitespace", "warning")
    assert says in sentence


def test_same_warns_only_on_long_identical_text() -> None:
    assert check.check_same("MINUSMA", "MINUSMA") == []
    assert check.check_same("Genocide Watch", "Genocide Watch") == []
    assert check.check_same("Operation Barkane 2014", "Operation Barkane 2014") == []
    assert check.check_same("Protect civilians now.", "Protégez les civils.") == []
    [(name, severity, _)] = check.check_same("Protect civilians now.", "Protect civilians now.")
    assert (name, severity) == ("same", "warning")


def test_check_names_are_the_contract() -> None:
    names = {check.__name__.removeprefix("check_") for check in check.CHECKS}
    assert names == {"characters", "length", "nesting", "links", "markup", "html", "numbers",
                     "whitespace", "same"}


def test_a_translation_out_of_proportion_with_its_english_is_refused_alone() -> None:
    from alert_i18n.limits import MAX_EXTRA, MAX_GROWTH
    english = "Protect civilians now."
    longest = "x" * (MAX_GROWTH * len(english) + MAX_EXTRA)
    assert check.check_length(english, longest) == []
    [(name, severity, sentence)] = check.blocking_problems(english, longest + "**a** ")
    assert (name, severity) == ("length", "error") and "too long" in sentence
    # Refused before the other checks run (they, like the renderer, would be slow on it).
    assert check.problems(english, longest + "**a", locale="fr") == \
        check.check_length(english, longest + "**a")


def test_build_blocks_only_unsafe_translations() -> None:
    """Length, links, HTML and nesting keep a translation off the page; broken emphasis
    does not."""
    assert check.BLOCKING == (  # noqa: SIM300
        check.check_nesting, check.check_length, check.check_links, check.check_html)
    assert check.blocking_problems("**Stage 9**", "**Étape 9") == []
    assert check.blocking_problems("[a](#)", "[a](javascript:x)")[0][0] == "links"
    assert check.blocking_problems("a", "<script>x</script>")[0][0] == "html"


# -- early exits are exact -----------------------------------------------------------
# A check skips a scan when the text has none of the characters its pattern starts
# with.  Each test compares the result with the full computation (every scan run, as
# the code was first written) on text made of those characters and their neighbours.

_SYNTAX = st.lists(st.sampled_from([
    "[", "]", "(", ")", "!", "<", ">", "{", "}", "&", ";", "*", "_", "\\", "`", " ", "\n",
    ":", "#", ".", "=", "a", "é", "x y", "[a](#)", "![i](p.png)", "[a][r]", "[r]", "[R ]",
    "\n[r]: http://d.example/", "<http://a.example>", "&lt;", "&#123;", "&lbrace;", "<b>",
    "{: .c}", "{#i}", "**", "__", "*a*", "_b_", "`[c](#)`", "\\[", "\\*", '[t](# "u")',
    "<http://a b>", "<b\nc", "\n<i",
]), max_size=16).map("".join)
_FAST = settings(max_examples=500, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))
_OLD_BRACKETS = re.compile(  # localize._BRACKETS as first written
    r"(?P<link>" + LINK.pattern + r")|\[(?P<label>[^\[\]]*)\]|(?P<lone>[\[\]])", re.S)


def _scan(pattern: re.Pattern[str], text: str) -> list[Found]:
    return [Found(match, text) for match in pattern.finditer(mask(text))]


def full_link_targets(text: str) -> Counter[str]:
    targets: Counter[str] = Counter()
    pending = [text]
    while pending:
        for match in _scan(LINK, pending.pop()):
            image, url = "!" if match.group("image") else "", match.group("url")
            label = " ".join((match.group("ref") or match.group("text") or "").lower().split())
            title = f" {match.group('title')}" if match.group("title") else ""
            targets[image + url + title if url is not None else f"{image}[{label}]"] += 1
            pending.append(match.group("text") or "")
    targets.update("<" + (m.group(1) or "") + ">" for m in _scan(inline.AUTOLINK, text))
    targets.update("[" + " ".join(m.group(1).lower().split()) + "]: " + m.group(2)
                   for m in inline.DEFINITION.finditer(text))
    return targets


def full_bare_labels(text: str) -> Counter[str]:
    return Counter(" ".join((m.group("label") or "").lower().split())
                   for m in _scan(_OLD_BRACKETS, text) if m.group("label") is not None)


def full_link_difference(source: str, translation: str) -> tuple[list[str], list[str]]:
    """(added, dropped) link targets, as ``check_links`` names them."""
    want, have = full_link_targets(source), full_link_targets(translation)
    bare = full_bare_labels(source)
    want.update({f"[{label}]": n for label, n in bare.items()})
    have.update({f"[{label}]": n for label, n in full_bare_labels(translation).items()
                 if label in bare})
    return sorted(have - want), sorted(want - have)


def full_html_extra(source: str, translation: str) -> list[str]:
    def found(text: str) -> Counter[str]:
        text = html.unescape(text)
        blanked = inline.AUTOLINK.sub(lambda m: " " * len(m.group()), text)  # links apart
        return Counter([m.group().lstrip(" \t") for m in inline.TAG.finditer(blanked)]
                       + [m.group() for m in inline.ATTR_LIST.finditer(text)])
    return sorted(check.one_line(found) for found in found(translation) - found(source))


def full_inline(text: str) -> tuple[int, int, int]:
    """(deepest nesting, bracket scan, unclosed brackets) of ``limits.inline_problem``:
    every token read, the depth taken after each."""
    brackets: list[int] = []
    runs: list[str] = []
    deepest = scan = 0
    for match in re.finditer(r"\\.|!?\[|\]|\*+|_+", text, re.S):
        token, start, end = match.group(), match.start(), match.end()
        if token[0] == "\\":
            continue
        if token[-1] == "[":
            brackets.append(end - 1)
        elif token == "]":
            scan += start - brackets.pop() if brackets else 0
        elif start > 0 and not text[start - 1].isspace() and runs and runs[-1] == token[0]:
            runs.pop()
        elif end < len(text) and not text[end].isspace():
            runs.append(token[0])
        deepest = max(deepest, len(brackets) + len(runs))
    return deepest, scan + sum(len(text) - p for p in brackets), len(brackets)


@_FAST
@given(source=_SYNTAX, translation=_SYNTAX)
def test_link_check_equals_the_full_scan(source: str, translation: str) -> None:
    for text in (source, translation):
        assert check.link_targets(text) == full_link_targets(text)
        assert check.bare_labels(text) == full_bare_labels(text)
    added, dropped = full_link_difference(source, translation)
    problems = check.check_links(source, translation)
    assert bool(problems) == bool(added or dropped)
    assert not added or "adds or changes " + ", ".join(map(check.one_line, added)) \
        in problems[0][2]
    assert not dropped or "drops " + ", ".join(map(check.one_line, dropped)) in problems[0][2]


@_FAST
@given(source=_SYNTAX, translation=_SYNTAX)
def test_html_check_equals_the_full_scan(source: str, translation: str) -> None:
    extra = full_html_extra(source, translation)
    problems = check.check_html(source, translation)
    assert bool(problems) == bool(extra)
    assert not extra or ": " + ", ".join(extra) + ". " in problems[0][2]


@_FAST
@given(text=_SYNTAX | st.text(st.sampled_from("[]*_\\! a"), max_size=40),
       depth=st.integers(0, 4), scan=st.integers(0, 30))
@example(text="[" + "a" * 9, depth=4, scan=9)  # just over the bound of the early exit
@example(text="*a *b *c", depth=2, scan=30)
def test_nesting_limit_equals_the_full_scan(text: str, depth: int, scan: int) -> None:
    with pytest.MonkeyPatch.context() as patch:  # low limits, so generated text reaches them
        patch.setattr(limits, "MAX_INLINE_DEPTH", depth)
        patch.setattr(limits, "MAX_BRACKET_SCAN", scan)
        deepest, scanned, unclosed = full_inline(text)
        problem = limits.inline_problem(text)
        if deepest > depth:
            assert problem is not None and f" nested {deepest} levels " in problem
        elif scanned > scan:
            assert problem is not None and problem.startswith(f"{unclosed or 'many'} unclosed")
        else:
            assert problem is None


def test_early_exits_read_what_each_scan_would() -> None:
    """The characters that decide an early exit are those of the text as scanned."""
    assert check.check_html("x", "&lt;b&gt;bold&lt;/b&gt;")  # "<" only once decoded
    assert check.check_html("x", "texte &#123;: .evil}")  # "{" only once decoded
    assert check.check_links("See [ref].", "Voir ref.")  # no "[": drops a bare label
    assert check.check_links("<http://a.example>", "texte")
    assert check.check_links("a", "<http://evil.example>")
    assert limits.inline_problem(" *a" * 20 + " [b" * 20) is not None  # depth 40
    assert limits.inline_problem("![" * 40) is not None  # an image's bracket nests too
    assert limits.inline_problem(" _a" * 40) is not None
    assert limits.inline_problem(" \\*a" * 20 + " \\[b" * 20) is None


# -- counting ----------------------------------------------------------------------

def test_words_ignore_link_targets_and_markup() -> None:
    """pocount counts https, example, org; we count what a translator translates."""
    text = "Read **the** [report](https://example.org/report) now, coup d'état: 4,000 `x_y` <b>."
    assert check.words(text) == ["Read", "the", "report", "now", "coup", "d'état", "4,000"]


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [(9996, 10000, 99.9), (2, 3, 66.6), (1, 1, 100.0), (0, 5, 0.0), (0, 0, 100.0),
     (1999, 2000, 99.9), (14, 15, 93.3)],
)
def test_percent_is_rounded_down(part: int, whole: int, percent: float) -> None:
    assert floor_percent(part, whole) == percent


def polib_counts(path: Path) -> Counts:
    po = polib.pofile(str(path))
    return Counts(
        total=len([e for e in po if not e.obsolete]), translated=len(po.translated_entries()),
        fuzzy=len(po.fuzzy_entries()), untranslated=len(po.untranslated_entries()),
        obsolete=len(po.obsolete_entries()),
    )


def msgfmt_counts(path: Path) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) from ``msgfmt --statistics``."""
    result = subprocess.run(
        [gettext_tool("msgfmt"), "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True, text=True, check=True, env={"LC_ALL": "C"},
    )
    found = {kind: int(n) for n, kind in re.findall(
        r"(\d+) (translated|fuzzy|untranslated)", result.stderr)}
    return found.get("translated", 0), found.get("fuzzy", 0), found.get("untranslated", 0)


@pytest.mark.parametrize(("name", "lang"), [("fr-clean.po", "fr"), ("bm-clean.po", "bm"),
                                            ("fr-partial.po", "fr")])
def test_counts_agree_with_polib_and_msgfmt_where_definitions_agree(name: str,
                                                                   lang: str) -> None:
    """In-sync catalogs without whitespace-only translations: the tools agree with us."""
    status = status_of(name, lang)
    ours = status.messages
    assert ours == polib_counts(DATA / name)
    assert int(ours.percent) == polib.pofile(str(DATA / name)).percent_translated()
    assert (ours.translated, ours.fuzzy, ours.untranslated) == msgfmt_counts(DATA / name)


def test_counts_are_honest_where_the_tools_are_not() -> None:
    """fr-faults: a whitespace-only msgstr and a stale entry count as translated for polib
    and msgfmt; a message missing from the catalog counts for neither."""
    ours = status_of("fr-faults.po").messages
    assert ours == Counts(total=11, translated=7, fuzzy=1, untranslated=3, obsolete=1)
    assert ours.percent == 63.6
    theirs = polib_counts(DATA / "fr-faults.po")
    assert theirs == Counts(total=11, translated=9, fuzzy=1, untranslated=1, obsolete=1)
    assert msgfmt_counts(DATA / "fr-faults.po") == (9, 1, 1)


def test_word_counts() -> None:
    status = status_of("fr-faults.po")
    missing = check.count_words("Alert Watch\nThe Early Warning Desk")
    empty = check.count_words("Map of the region") + check.count_words("Region map")
    fuzzy = check.count_words("Open humanitarian corridors before 1 April 2021.")
    assert (missing, empty, fuzzy) == (6, 6, 7)
    assert status.words.untranslated == missing + empty
    assert status.words.fuzzy == fuzzy
    assert status.words.total == status_of("fr-clean.po").words.translated == 76
    assert status.words.obsolete == check.count_words("Emergency: Example Region, February 2021")


def test_clean_catalogs_have_no_problems() -> None:
    for name, lang in (("fr-clean.po", "fr"), ("bm-clean.po", "bm")):
        status = status_of(name, lang)
        assert status.findings == ()
        assert status.messages.percent == 100.0


def test_each_planted_fault_is_reported_once_on_its_line() -> None:
    status = status_of("fr-faults.po")
    path = DATA / "fr-faults.po"
    assert problems(status) == {
        ("whitespace", "warning", line_of(path, "Emergency: Example Region, March")),
        ("links", "error", line_of(path, "Armed groups have killed")),
        ("markup", "error", line_of(path, "The *Peules*")),
        ("html", "error", line_of(path, "Run `alert-i18n build`")),
        ("numbers", "error", line_of(path, "Since 2015")),
        ("same", "warning", line_of(path, "Protect civilians")),
        ("fuzzy", "warning", line_of(path, "Open humanitarian")),
        ("stale", "warning", line_of(path, "Armed groups attacked")),
        ("missing", "warning", 6),  # source/sample.md:6, the message the catalog lacks
    }
    [missing] = [f for f in status.findings if f.check == "missing"]
    assert missing.location.path == SOURCE
    assert missing.msgid == "Alert Watch\nThe Early Warning Desk"
    for finding in status.findings:
        assert finding.message and finding.msgid


def test_four_faults_are_reported_exactly() -> None:
    status = status_of("fr-four-faults.po")
    path = DATA / "fr-four-faults.po"
    assert problems(status) == {
        ("links", "error", line_of(path, "Armed groups")),   # changed URL
        ("links", "error", line_of(path, "The *Peules*")),   # dropped link
        ("html", "error", line_of(path, "Run `alert-i18n")),  # injected HTML
        ("numbers", "error", line_of(path, "Open humanitarian")),  # changed number
    }
    assert len(status.findings) == 4


def test_a_language_without_catalog_is_zero_percent() -> None:
    status = catalog_status(alert="sample", language=resolve("ff"),
                            path="locales/ff/LC_MESSAGES/sample.po",
                            template=sample_template(), catalog=None)
    assert status.messages == Counts(total=11, untranslated=11)
    assert status.messages.percent == 0.0
    assert [(f.check, f.severity) for f in status.findings] == [("missing", "warning")]


def test_checks_run_on_each_plural_form() -> None:
    catalog = Catalog(messages=(Message(
        msgid="[%d report](#r)", msgid_plural="[%d reports](#r)",
        msgstr_plural=("[%d rapport](#r)", "[%d rapports](#x)"), line=3),))
    template_ = Catalog(messages=(Message(msgid="[%d report](#r)",
                                          msgid_plural="[%d reports](#r)"),))
    status = catalog_status(alert="a", language=resolve("fr"), path="a.po",
                            template=template_, catalog=catalog)
    assert problems(status) == {("links", "error", 3)}


# -- the command line ----------------------------------------------------------------

def test_clean_sample_passes(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-clean.po", bm="bm-clean.po")
    code, out, err = cli("-C", root, "check")
    assert (code, err) == (0, "")
    assert "Problems:" not in out
    assert re.search(r"^sample\s+bm\s+11/11\s+100\.0%\s+76/76\s+100\.0%", out, re.M)
    assert re.search(r"^sample\s+fr\s+11/11\s+100\.0%", out, re.M)
    assert re.search(r"^bm  Bamanakan\s+100\.0%\s+all 76 words translated\s+complete\s+"
                     r"gate: PASSED$", out, re.M)
    assert out.rstrip().endswith("PASSED")


def test_text_report_shows_who_blocks(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-four-faults.po", bm="bm-clean.po")
    code, out, _ = cli("-C", root, "check")
    assert code == 1
    assert re.search(r"^fr  Français .*FAILED: sample: 4 errors$", out, re.M)
    assert re.search(r"^bm  Bamanakan .*PASSED$", out, re.M)
    line = line_of(root / "locales/fr/LC_MESSAGES/sample.po", "Armed groups")
    assert f"locales/fr/LC_MESSAGES/sample.po:{line}: error: [links] " in out
    assert out.rstrip().endswith("FAILED")


def test_json_report(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-four-faults.po")
    code, out, _ = cli("-C", root, "check", "--format", "json")
    assert code == 1
    report = json.loads(out)
    [catalog] = report["catalogs"]
    assert {k: catalog[k] for k in ("alert", "language", "total", "translated", "fuzzy",
                                    "untranslated", "obsolete", "percent")} == {
        "alert": "sample", "language": "fr", "total": 11, "translated": 11, "fuzzy": 0,
        "untranslated": 0, "obsolete": 0, "percent": 100.0}
    assert catalog["words"]["total"] == 76
    assert sorted(p["check"] for p in catalog["problems"]) == ["html", "links", "links",
                                                              "numbers"]
    for problem in catalog["problems"]:
        assert set(problem) == {"check", "severity", "msgid", "file", "line", "message"}
        assert problem["file"] == "locales/fr/LC_MESSAGES/sample.po"
        assert problem["severity"] == "error" and problem["line"] > 0
    assert report["passed"] is False


def test_fail_under(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-partial.po")
    assert cli("-C", root, "check", "--format", "json")[0] == 0  # warnings only
    code, out, _ = cli("-C", root, "check", "--fail-under", "54.5")
    assert code == 0, out  # 6 of 11 is 54.54…: 54.5
    code, out, _ = cli("-C", root, "check", "--fail-under", "54.6")
    assert code == 1
    assert "FAILED: sample: 54.5% translated, below 54.6%" in out


def test_missing_language_is_zero_percent(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-clean.po")
    code, out, _ = cli("-C", root, "check", "-l", "ff", "--format", "json")
    assert code == 0
    [catalog] = json.loads(out)["catalogs"]
    assert (catalog["language"], catalog["exists"], catalog["percent"],
            catalog["untranslated"]) == ("ff", False, 0.0, 11)
    assert cli("-C", root, "check", "-l", "ff", "--fail-under", "1")[0] == 1


def test_html_report(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-four-faults.po", bm="bm-clean.po")
    output = tmp_path / "report" / "status.html"
    code, out, _ = cli("-C", root, "check", "--format", "html", "--output", output)
    assert code == 1
    assert out == f"wrote {output}: FAILED\n"
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<script" not in page and "<link" not in page and "<style>" in page
    line = line_of(root / "locales/fr/LC_MESSAGES/sample.po", "Armed groups")
    assert f'href="../site/locales/fr/LC_MESSAGES/sample.po#L{line}"' in page
    assert page.count('<li class="error">') == 4
    assert 'class="bar"' in page and "Not ready to publish" in page
    assert '<a href="javascript' not in page  # the injected HTML is quoted, escaped


def test_html_report_is_valid_html5(tmp_path: Path, cli: Run, vnu: Validator) -> None:
    """Nu HTML Checker (npm vnu-jar): the ``vnu`` fixture skips when it is not installed."""
    root = site(tmp_path / "site", fr="fr-faults.po", bm="bm-clean.po")
    output = tmp_path / "status.html"
    cli("-C", root, "check", "-l", "fr", "-l", "bm", "-l", "ff", "--format", "html",
        "--output", output)
    assert vnu.errors(output) == ""


def test_output_to_a_file_is_written_once(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="fr-clean.po")
    output = tmp_path / "out.json"
    assert cli("-C", root, "check", "--format", "json", "--output", output)[0] == 0
    first = output.stat().st_mtime_ns
    assert cli("-C", root, "check", "--format", "json", "--output", output)[0] == 0
    assert output.stat().st_mtime_ns == first
    assert json.loads(output.read_text("utf-8"))["passed"] is True


def test_malformed_catalog_exits_2_with_its_line(tmp_path: Path, cli: Run) -> None:
    root = site(tmp_path / "site", fr="bad-unterminated-string.po")
    code, out, err = cli("-C", root, "check")
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("alert-i18n: error: locales/fr/LC_MESSAGES/sample.po:18: ")


def test_every_unreadable_catalog_is_named(tmp_path: Path, cli: Run) -> None:
    """Not only the first: a translator sent back two broken files fixes both at once."""
    root = site(tmp_path / "site", fr="bad-unterminated-string.po", bm="bm-clean.po",
                ff="bad-unterminated-string.po")
    code, out, err = cli("-C", root, "check")
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert [line.split(": ", 3)[2] for line in lines] == [
        "locales/ff/LC_MESSAGES/sample.po:18", "locales/fr/LC_MESSAGES/sample.po:18"]
    assert lines[0].split(":18: ")[1] == lines[1].split(":18: ")[1]  # the same fault, twice


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--fail-under", "120"), "not a percentage from 0 to 100"),
        (("--fail-under", "lots"), "not a percentage"),
        (("--format", "pdf"), "invalid choice: 'pdf'"),
        (("-l", "xx"), "unknown language code 'xx'"),
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, cli: Run, args: tuple[str, ...], says: str) -> None:
    root = site(tmp_path / "site", fr="fr-clean.po")
    code, _, err = cli("-C", root, "check", *args)
    assert code == 2
    assert says in err


def test_repository_sample_is_complete(content: Path, cli: Run) -> None:
    """The committed French and Bambara catalogs of the Mali alert: 100%, no problems."""
    code, out, err = cli("-C", content, "check")
    assert (code, err) == (0, ""), out
    assert "Problems:" not in out
    for lang in ("fr", "bm"):
        assert re.search(rf"^mali-2020-08\s+{lang}\s+(\d+)/\1\s+100\.0%", out, re.M), out
    assert out.rstrip().endswith("PASSED")


def test_status_page_forbids_script_and_allows_only_its_stylesheet(content, cli) -> None:
    import re as _re

    from alert_i18n.page import style_hash

    out = content / "status.html"
    assert cli("-C", content, "check", "--format", "html", "--output", out)[0] == 0
    page = out.read_text(encoding="utf-8")
    csp = _re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    sheet = _re.search(r"<style>(.*?)</style>", page, _re.S).group(1)
    assert csp.startswith("default-src 'none'; style-src " + style_hash(sheet) + ";")
    assert "style=" not in page and "<script" not in page


# -- issue 17: characters, placeholders in check, the .mo's inert text -------------------

@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\ufffe",
                                  "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"])
def test_control_characters_and_noncharacters_are_an_error_and_never_published(
    char: str,
) -> None:
    problems = check.problems("A text.", f"Un{char} texte.", locale="fr")
    assert [(p[0], p[1]) for p in problems] == [("characters", "error")]
    assert f"U+{ord(char):04X}" in problems[0][2]
    assert not check.blocking_problems("A text.", f"Un{char} texte.")  # stripped, published
    assert check.normalize(f"Un{char} texte.") == "Un texte."


def test_tabs_line_breaks_and_carriage_returns_are_text() -> None:
    assert not check.check_characters("A\nb", "Un\tb\r\nc")


def test_site_po_placeholders_are_checked_as_the_build_checks_them() -> None:
    """Plural forms joined by NUL (a control character) are each normalized first."""
    good = Message(msgid="{count} of {total}", msgid_plural="{count} of {total}s",
                   msgstr_plural=("{count} sur {total}", "{count} sur {total}s"))
    bad = Message(msgid="Stage {stage}: {name}", msgstr="Étape {stage} : {nom}")
    assert not check.placeholder_problems(good)
    assert check.placeholder_problems(bad)[0][0] == "placeholders"
    found = message_findings(bad, path="locales/fr/LC_MESSAGES/site.po", locale="fr")
    assert "placeholders" in {f.check for f in found}
    assert not message_findings(bad, path="locales/fr/LC_MESSAGES/alert.po",
                                      locale="fr")


def test_a_problem_quoting_a_line_break_is_one_line() -> None:
    problems = check.check_html("Text.", 'Texte. <img src=x\nonerror="y">')
    assert "\n" not in problems[0][2] and "\\n" in problems[0][2]


@pytest.mark.parametrize(("translation", "expected"), [
    ("fin.\n1) point", "fin.\n1\\) point"),
    ("fin.\n~~~\nbloc", "fin.\n&#126;~~\nbloc"),
    ("a\n\n    code", "a\ncode"),
    ("fin.\n===", "fin.\n&#61;=="),
    ("Un\x07 texte", "Un texte"),
    ("Texte simple.", "Texte simple."),
])
def test_the_mo_holds_translations_no_line_of_which_opens_a_block(
    translation: str, expected: str,
) -> None:
    from alert_i18n.localize import inert
    assert inert(translation) == expected
