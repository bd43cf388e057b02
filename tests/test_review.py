"""Review marks and provenance in the catalog: syntax, staleness, survival through GNU
gettext's own tools, the `review` command, the publish rule and what pages say."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from alert_i18n import review
from alert_i18n.model import Catalog, Message
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po

from .conftest import Run, gettext_tool

BM = "locales/bm/LC_MESSAGES/mali-2020-08.po"
FR = "locales/fr/LC_MESSAGES/mali-2020-08.po"
REVIEWER = "Awa Traoré <awa@example.org>"


def _read(path: Path) -> Catalog:
    return read_po(path.read_bytes(), path=str(path))


def _marks(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    return {m.msgid: tuple(c for c in m.translator_comments
                           if c.startswith((review.MARK, review.PROVENANCE)))
            for m in catalog.active}


# -- the mark itself ------------------------------------------------------------------

def test_mark_syntax_and_digest_covers_exactly_the_reviewed_text() -> None:
    message = Message("Stage 9", msgstr="Dakun 9")
    marked = review.record(message, name="  Awa   Traoré ", date="2026-12-06")
    comment = marked.translator_comments[-1]
    assert re.fullmatch(r"review: 2026-12-06 by Awa Traoré \(sha256:[0-9a-f]{16}\)", comment)
    assert review.state(marked) == review.REVIEWED
    # Any change of the English, the translation, the context or the plural: stale.
    for changed in (replace(marked, msgid="Stage 8"), replace(marked, msgstr="Dakun 9nan"),
                    replace(marked, msgctxt="x")):
        assert review.state(changed) == review.TRANSLATED
        assert [r.current for r in review.reviews(changed)] == [False]
    assert review.state(replace(marked, flags=("fuzzy",))) == review.FUZZY
    # Decomposed and composed forms are the same text.
    assert review.digest(Message("é", msgstr="ɛ́")) == review.digest(
        Message("e\u0301", msgstr="ɛ\u0301"))


def test_a_new_review_replaces_the_old_mark_and_keeps_other_comments() -> None:
    message = Message("a b c", msgstr="x y z", translator_comments=("note", "source: hand"))
    once = review.record(message, name="A", date="2026-01-01")
    twice = review.record(replace(once, msgstr="x y w"), name="B", date="2026-02-01")
    assert twice.translator_comments[:2] == ("note", "source: hand")
    assert [r.name for r in review.reviews(twice)] == ["B"]
    assert review.provenance(twice) == "hand"
    with pytest.raises(ValueError):
        review.record(replace(message, flags=("fuzzy",)), name="A", date="2026-01-01")
    with pytest.raises(ValueError):
        review.mark(message, name="A", date="06/12/2026")


def test_withheld_only_where_review_is_required() -> None:
    message = Message("a", msgstr="b")
    assert not review.withheld(message, required=False)
    assert review.withheld(message, required=True)
    assert not review.withheld(review.record(message, name="A", date="2026-01-01"),
                               required=True)


def test_plural_entries_are_covered_form_by_form() -> None:
    message = Message("{count} passage", msgid_plural="{count} passages",
                      msgstr_plural=("{count} passage", "{count} passages"))
    marked = review.record(message, name="A", date="2026-01-01")
    assert review.state(marked) == review.REVIEWED
    assert review.state(replace(marked, msgstr_plural=("{count} passage", "x"))) == \
        review.TRANSLATED


# -- the real tools keep every mark ------------------------------------------------------

def _reviewed_copy(content: Path, cli: Run) -> Path:
    code, out, err = cli("-C", content, "review", "-l", "bm", "--alert", "mali-2020-08",
                         "--by", REVIEWER, "--date", "2026-12-06")
    assert (code, err) == (0, ""), out
    return content / BM


def test_msgmerge_previous_msgcat_and_rewraps_keep_every_mark(content: Path, cli: Run,
                                                              tmp_path: Path) -> None:
    msgmerge, msgcat = gettext_tool("msgmerge"), gettext_tool("msgcat")
    path = _reviewed_copy(content, cli)
    catalog = _read(path)
    catalog = replace(catalog, messages=tuple(
        review.with_provenance(m, "hand") if not m.obsolete else m for m in catalog.messages))
    path.write_text(write_po(catalog), encoding="utf-8")
    before = _marks(_read(path))
    assert all(any(c.startswith(review.MARK) for c in v) for v in before.values())

    # Rewrapped as Poedit or another width would: every mark kept, every one current.
    for options in (["--width=79"], ["-w", "70"], ["--no-wrap"], []):
        out = tmp_path / "rewrapped.po"
        subprocess.run([msgcat, *options, "-o", out, path], check=True)
        again = _read(out)
        assert _marks(again) == before, options
        assert all(review.state(m) == review.REVIEWED for m in again.active), options

    # msgmerge --previous onto a template whose one paragraph changed.
    template = (content / "locales/mali-2020-08.pot").read_text(encoding="utf-8")
    changed = template.replace('msgid "To prevent further bloodshed in Mali, Genocide Watch '
                               'recommends:"',
                               'msgid "To prevent more bloodshed in Mali, Genocide Watch '
                               'recommends:"')
    assert changed != template
    pot = tmp_path / "changed.pot"
    pot.write_text(changed, encoding="utf-8")
    merged = tmp_path / "merged.po"
    subprocess.run([msgmerge, "--quiet", "--previous", "-o", merged, path, pot], check=True)
    after = _read(merged)
    kept = _marks(after)
    new = "To prevent more bloodshed in Mali, Genocide Watch recommends:"
    for msgid, comments in before.items():
        target = new if msgid.startswith("To prevent further") else msgid
        assert kept[target] == comments
    states = {m.msgid: review.state(m) for m in after.active}
    assert states[new] == review.FUZZY
    assert all(state == review.REVIEWED for msgid, state in states.items() if msgid != new)
    # Once the fuzzy mark is cleared, the old review no longer covers the new English.
    cleared = next(m for m in after.active if m.msgid == new)
    assert review.state(replace(cleared, flags=())) == review.TRANSLATED


def test_update_keeps_marks_and_writes_what_msgcat_writes(content: Path, cli: Run) -> None:
    msgcat = gettext_tool("msgcat")
    path = _reviewed_copy(content, cli)
    before = path.read_bytes()
    assert cli("-C", content, "update")[0] == 0
    assert path.read_bytes() == before
    written = subprocess.run([msgcat, path], check=True, capture_output=True).stdout
    assert written == before


# -- the command -----------------------------------------------------------------------

def test_recording_a_review_changes_only_review_marks(content: Path, cli: Run) -> None:
    original = (content / BM).read_text(encoding="utf-8").splitlines()
    code, out, _ = cli("-C", content, "review", "-l", "bm", "--alert", "mali-2020-08",
                       "--msgid", "To prevent further bloodshed in Mali, Genocide Watch "
                                  "recommends:", "--by", REVIEWER, "--date", "2026-12-06")
    assert code == 0 and "1 marked reviewed" in out
    now = (content / BM).read_text(encoding="utf-8").splitlines()
    added = [line for line in now if line not in original]
    assert len(added) == 1 and added[0].startswith("# review: 2026-12-06 by Awa Traoré")
    assert [line for line in original if line not in now] == []
    # Running it again changes nothing; --line selects by place.
    before = (content / BM).read_bytes()
    assert "0 marked" in cli("-C", content, "review", "-l", "bm", "--alert", "mali-2020-08",
                             "--msgid", "To prevent further bloodshed in Mali, Genocide "
                             "Watch recommends:", "--by", REVIEWER, "--date", "2026-12-06")[1]
    assert (content / BM).read_bytes() == before
    line = next(m.line for m in _read(content / BM).active
                if m.msgid.startswith("Genocide Watch recognizes"))
    code, out, _ = cli("-C", content, "review", "-l", "bm", "--alert", "mali-2020-08",
                       "--line", str(line), "--by", "B", "--date", "2026-12-07")
    assert code == 0 and "1 marked reviewed" in out


def test_review_list_names_what_is_unreviewed(content: Path, cli: Run) -> None:
    code, out, _ = cli("-C", content, "review", "--list", "-l", "bm", "--alert",
                       "mali-2020-08")
    assert code == 0
    assert re.search(rf"^{re.escape(BM)}:\d+: not reviewed: Genocide Watch", out, re.M)
    assert "bm mali-2020-08: 0 of 18 reviewed, 18 translated but not reviewed" in out
    _reviewed_copy(content, cli)
    out = cli("-C", content, "review", "--list", "-l", "bm", "--alert", "mali-2020-08")[1]
    assert "not reviewed" not in out.replace("translated but not reviewed", "")
    assert "18 of 18 reviewed" in out


def test_review_usage_errors(content: Path, cli: Run) -> None:
    assert cli("-C", content, "review", "-l", "bm")[0] == 2  # no --by
    assert cli("-C", content, "review", "--list")[0] == 2  # no language
    assert cli("-C", content, "review", "-l", "bm", "--by", "A", "--line", "3")[0] == 2
    assert cli("-C", content, "review", "-l", "bm", "--by", "A", "--date", "2026-13-01")[0] == 2


# -- the publish rule, counts, the gate ----------------------------------------------------

def _require(content: Path, *tags: str) -> None:
    config = content / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^required = \[.*\]$",
                  "required = [" + ", ".join(f'"{t}"' for t in tags) + "]", text)
    config.write_text(text, encoding="utf-8")


def test_required_review_withholds_unreviewed_translations(content: Path, cli: Run) -> None:
    _require(content, "bm")
    _, out, _ = cli("-C", content, "check", "--format", "json")
    data = {(c["alert"], c["language"]): c for c in json.loads(out)["catalogs"]}
    bm = data[("mali-2020-08", "bm")]
    assert (bm["translated"], bm["fuzzy"], bm["reviewed"]) == (0, 18, 0)
    assert any(p["check"] == "unreviewed" for p in bm["problems"])
    assert data[("mali-2020-08", "fr")]["translated"] == 18  # fr: not required
    # The build publishes no unreviewed Bambara: every passage falls back to French.
    _, out, _ = cli("-C", content, "build", "-j", "1", "-l", "bm")
    assert "bm: mali-2020-08: 0 of 15 messages translated, 15 fell back" in out
    page = (content / "build/bm/mali-2020-08.html").read_text(encoding="utf-8")
    assert "Siya halakili" not in page and "Urgence génocide" in page
    # Reviewed, it is published.
    _reviewed_copy(content, cli)
    cli("-C", content, "review", "-l", "bm", "--alert", "site", "--by", REVIEWER,
        "--date", "2026-12-06")
    _, out, _ = cli("-C", content, "build", "-j", "1", "-l", "bm")
    assert "bm: mali-2020-08: 15 of 15 messages translated, 0 fell back" in out
    page = (content / "build/bm/mali-2020-08.html").read_text(encoding="utf-8")
    assert "Siya halakili kɔrɔtɔko" in page
    assert "Lajɛli: Awa Traoré, 6 desanburukalo 2026." in page or "Lajɛli: Awa Traoré," in page


def test_publish_threshold_counts_unreviewed_as_not_translated(content: Path, cli: Run) -> None:
    _require(content, "bm")
    config = content / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "publish-threshold = 0", "publish-threshold = 50"), encoding="utf-8")
    _, out, _ = cli("-C", content, "build", "-j", "1")
    assert "bm: mali-2020-08: not published: 0% translated" in out
    assert not (content / "build/bm/mali-2020-08.html").exists()


def test_min_reviewed_gate(content: Path, cli: Run) -> None:
    code, out, _ = cli("-C", content, "check", "-l", "bm", "--min-reviewed", "100")
    assert code == 1 and "0% reviewed, below 100%" in out
    _reviewed_copy(content, cli)
    cli("-C", content, "review", "-l", "bm", "--alert", "site", "--by", REVIEWER,
        "--date", "2026-12-06")
    code, out, _ = cli("-C", content, "check", "-l", "bm", "--min-reviewed", "100")
    assert code == 0, out
    assert re.search(r"^mali-2020-08\s+bm\s.*\s18/18\s+0\s+0$", out, re.M), out


# -- what pages say -------------------------------------------------------------------

def test_pages_fragment_and_feed_say_not_yet_reviewed(content: Path, cli: Run) -> None:
    assert cli("-C", content, "build", "-j", "1", "-f", "html", "-f", "fragment")[0] == 0
    for name in ("mali-2020-08.html", "mali-2020-08.fragment.html"):
        bm = (content / "build/bm" / name).read_text(encoding="utf-8")
        fr = (content / "build/fr" / name).read_text(encoding="utf-8")
        assert "Nin bayɛlɛmali in ma lajɛ fɔlɔ." in bm
        assert "Cette traduction n’a pas encore été relue." in fr
        en = (content / "build/en" / name).read_text(encoding="utf-8")
        assert "reviewed" not in en
    feed = (content / "build/bm/feed.xml").read_text(encoding="utf-8")
    assert 'label="Nin bayɛlɛmali in ma lajɛ fɔlɔ."' in feed


def test_pages_name_translator_and_reviewer_from_the_catalog(content: Path, cli: Run) -> None:
    path = content / FR
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"Last-Translator: \\n"', '"Last-Translator: Jeanne Martin <jm@example.org>\\n"'),
        encoding="utf-8")
    cli("-C", content, "review", "-l", "fr", "--alert", "mali-2020-08", "--by", REVIEWER,
        "--date", "2026-12-06")
    assert cli("-C", content, "build", "-j", "1", "-f", "html")[0] == 0
    page = (content / "build/fr/mali-2020-08.html").read_text(encoding="utf-8")
    assert "Traduit par Jeanne Martin." in page and "jm@example.org" not in page
    assert "Relu par Awa Traoré le 6 décembre 2026." in page
    assert "pas encore été relue" not in page
    feed = (content / "build/fr/feed.xml").read_text(encoding="utf-8")
    assert 'label="Relu par Awa Traoré le 6 décembre 2026."' in feed
    # Partly reviewed: one entry changed after its review.
    text = path.read_text(encoding="utf-8").replace("ramenant avec eux", "rapportant avec eux")
    path.write_text(text, encoding="utf-8")
    assert cli("-C", content, "build", "-j", "1", "-f", "html")[0] == 0
    page = (content / "build/fr/mali-2020-08.html").read_text(encoding="utf-8")
    assert "en partie relue\u00a0: 17 passages sur 18 vérifiés par Awa Traoré" in page


# -- provenance from translation memory ---------------------------------------------------

def test_memory_fill_records_its_provenance() -> None:
    from alert_i18n.catalog import Suggestion, TranslationMemory, merge

    memory = TranslationMemory([Suggestion("Genocide Watch recommends:", "x y", "other")])
    template = Catalog(messages=(Message("Genocide Watch recommends:"),
                                 Message("Genocide Watch recommends this:")))
    merged = merge(Catalog(), template, memory=memory)
    assert [review.provenance(m) for m in merged.active] == ["memory:other", "memory:other"]
    assert merged.active[1].fuzzy


def test_english_becoming_plural_keeps_the_translation_as_msgmerge_does() -> None:
    from alert_i18n.catalog import merge

    old = Catalog(header=(("Plural-Forms", "nplurals=2; plural=(n > 1);"),),
                  messages=(Message("{count} passages are shown", msgstr="{count} affichés"),))
    template = Catalog(messages=(Message("{count} passage is shown",
                                         msgid_plural="{count} passages are shown",
                                         msgstr_plural=("", "")),))
    merged = merge(old, template).active[0]
    assert merged.fuzzy and merged.msgstr_plural == ("{count} affichés", "{count} affichés")
    one = replace(old, header=(("Plural-Forms", "nplurals=1; plural=0;"),))
    assert merge(one, template).active[0].msgstr_plural == ("{count} affichés",)
    fresh = merge(Catalog(header=one.header), template).active[0]
    assert fresh.msgstr_plural == ("",)


def test_status_page_shows_review_coverage(content: Path, cli: Run) -> None:
    out = content / "status.html"
    _reviewed_copy(content, cli)
    assert cli("-C", content, "check", "--format", "html", "--output", out)[0] == 0
    page = out.read_text(encoding="utf-8")
    assert "<th>Reviewed</th>" in page
    assert '<td class="num">18/18 · 100%</td>' in page or "18/18 · 100.0%" in page


def test_plural_notice_follows_each_catalogs_plural_forms() -> None:
    from alert_i18n import chrome
    from alert_i18n.languages import resolve

    fr, bm, en = resolve("fr"), resolve("bm"), resolve("en")
    french = {chrome.NOTICE: chrome.PLURAL_SEPARATOR.join((
        "{count} passage sur {total} en {language}",
        "{count} passages sur {total} en {language}")),
              chrome.PLURAL_HEADER: "nplurals=2; plural=(n > 1);"}
    strings = chrome.Chrome(fr, [(fr, french)], source=en)
    assert strings.plural(chrome.NOTICE, chrome.NOTICE_PLURAL, 1).value == \
        "{count} passage sur {total} en {language}"
    assert strings.plural(chrome.NOTICE, chrome.NOTICE_PLURAL, 0).value == \
        "{count} passage sur {total} en {language}"  # French: 0 is singular
    assert strings.plural(chrome.NOTICE, chrome.NOTICE_PLURAL, 7).value == \
        "{count} passages sur {total} en {language}"
    bambara = {chrome.NOTICE: "kumasen {total} la, {count} {language} na",
               chrome.PLURAL_HEADER: "nplurals=1; plural=0;"}
    strings = chrome.Chrome(bm, [(bm, bambara)], source=en)
    assert strings.plural(chrome.NOTICE, chrome.NOTICE_PLURAL, 7).value == \
        "kumasen {total} la, {count} {language} na"
    english = chrome.Chrome(en, [], source=en)
    assert english.plural(chrome.NOTICE, chrome.NOTICE_PLURAL, 1).value == chrome.NOTICE
    assert english.plural(chrome.NOTICE, chrome.NOTICE_PLURAL, 2).value == chrome.NOTICE_PLURAL
