"""The command line end to end, on a temporary copy of the sample content."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from alert_i18n import shortforms
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po
from alert_i18n.segment import parse_source

from .conftest import REPO, Run, run_module, snapshot

SLUG = "mali-2020-08"
GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; ALERT_I18N_REGOLD=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("ALERT_I18N_REGOLD"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_extract_writes_the_template(content: Path, cli: Run) -> None:
    shutil.rmtree(content / "locales")
    code, out, _ = cli("-C", content, "extract")
    assert code == 0, out
    template = (content / "locales" / f"{SLUG}.pot").read_text(encoding="utf-8")
    golden(f"{SLUG}.pot", template)
    assert f"#: source/{SLUG}.md:8\n" in template
    assert 'msgid ""\n"Genocide Watch\\n"\n"The Alliance Against Genocide"\n' in template


def test_committed_catalogs_are_up_to_date(content: Path, cli: Run) -> None:
    """extract + update on the repository's own content changes nothing."""
    before = snapshot(content / "locales")
    assert cli("-C", content, "extract")[0] == 0
    code, out, _ = cli("-C", content, "update")
    assert code == 0
    assert "updated 0 file(s)" in out
    assert snapshot(content / "locales") == before


def test_update_creates_catalogs_with_correct_headers(content: Path, cli: Run) -> None:
    shutil.rmtree(content / "locales")
    code, _, err = cli("-C", content, "update", "-l", "fr", "-l", "bm")
    assert code == 0, err
    for lang, plural in (("fr", "nplurals=2; plural=(n > 1);"), ("bm", "nplurals=1; plural=0;")):
        catalog = read_po(
            (content / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po").read_bytes(), path="x"
        )
        assert catalog.header_value("Language") == lang
        assert catalog.header_value("Plural-Forms") == plural
        assert catalog.header_value("Content-Type") == "text/plain; charset=UTF-8"
        # The page's 15 passages and the front matter's short forms.
        assert len(catalog.active) == 15 + len(shortforms.FIELDS)
        assert not any(m.msgstr for m in catalog.active)
    before = snapshot(content / "locales")
    assert cli("-C", content, "update")[0] == 0
    assert snapshot(content / "locales") == before


def test_build_produces_every_language_and_format(content: Path, cli: Run) -> None:
    code, out, err = cli("-C", content, "build")
    assert code == 0, err
    for lang in ("en", "fr", "bm"):
        for ext in ("html", "md"):
            assert (content / "build" / lang / f"{SLUG}.{ext}").is_file()
    html = (content / "build" / "fr" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in html
    assert "<title>Urgence génocide" in html
    assert '<meta charset="utf-8">' in html
    assert "country: ML" not in html and "<hr" not in html  # front matter is data
    assert "fr: mali-2020-08: 15 of 15 messages translated, 0 fell back" in out


def test_built_markdown_matches_golden_files(content: Path, cli: Run) -> None:
    assert cli("-C", content, "build", "-f", "md")[0] == 0
    for lang in ("fr", "bm"):
        golden(f"{lang}/{SLUG}.md", (content / "build" / lang / f"{SLUG}.md").read_text("utf-8"))
    english = (content / "build" / "en" / f"{SLUG}.md").read_bytes()
    assert english == (content / "source" / f"{SLUG}.md").read_bytes()
    assert not (content / "build" / "fr" / f"{SLUG}.html").exists()


def test_identity_translations_rebuild_the_source_exactly(content: Path, cli: Run) -> None:
    """Round trip: msgstr = msgid everywhere gives the English back, byte for byte."""
    for path in (content / "locales").glob("*/LC_MESSAGES/*.po"):
        catalog = read_po(path.read_bytes(), path=str(path))
        identity = tuple(replace(m, msgstr=m.msgid, flags=()) for m in catalog.messages)
        path.write_text(write_po(replace(catalog, messages=identity)), encoding="utf-8")
    config = content / "pyproject.toml"  # no "not reviewed yet" notice: the bodies alone
    config.write_text(config.read_text("utf-8").replace('notice = ["fr", "bm"]', "notice = []"),
                      encoding="utf-8")
    assert cli("-C", content, "build")[0] == 0
    source = (content / "source" / f"{SLUG}.md").read_bytes()
    english = (content / "build" / "en" / f"{SLUG}.html").read_text("utf-8")
    body = re.compile(r"<main>.*</main>", re.S)
    for lang in ("fr", "bm"):
        assert (content / "build" / lang / f"{SLUG}.md").read_bytes() == source
        page = (content / "build" / lang / f"{SLUG}.html").read_text("utf-8")
        assert body.search(page).group() == body.search(english).group()


def test_fuzzy_and_untranslated_messages_fall_back_to_english(content: Path, cli: Run) -> None:
    path = content / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    messages = list(catalog.messages)
    first = len(shortforms.FIELDS)  # the short forms come first; the page's passages after
    messages[first + 1] = replace(messages[first + 1], flags=("fuzzy",))
    messages[first + 2] = replace(messages[first + 2], msgstr="")
    path.write_text(write_po(replace(catalog, messages=tuple(messages))), "utf-8")
    code, out, _ = cli("-C", content, "build", "-l", "fr")
    assert code == 0
    assert "fr: mali-2020-08: 13 of 15 messages translated, 2 fell back" in out
    built = (content / "build" / "fr" / f"{SLUG}.md").read_text("utf-8")
    assert messages[first + 1].msgid in built and messages[first + 1].msgstr not in built
    assert messages[first + 2].msgid in built


def test_languages_default_to_folders_under_locales(content: Path, cli: Run) -> None:
    shutil.copytree(content / "locales" / "fr", content / "locales" / "ff")
    code, _, _ = cli("-C", content, "build", "-f", "md")
    assert code == 0
    assert (content / "build" / "ff" / f"{SLUG}.md").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "-l", "xx"), "unknown language code 'xx'"),
        (("build", "-l", "fr;"), "malformed language code"),
        (("build", "-f", "pdf"), "invalid choice: 'pdf'"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        ((), "required"),
    ],
)
def test_bad_usage_exits_2_with_one_line(content: Path, cli: Run, args: tuple[str, ...],
                                         message: str) -> None:
    code, _, err = cli("-C", content, *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_missing_content_root_and_source_folder(tmp_path: Path, cli: Run) -> None:
    code, _, err = cli("-C", tmp_path / "nowhere", "build")
    assert code == 2 and "no such folder" in err
    code, _, err = cli("-C", tmp_path, "extract")
    assert code == 2 and "no source/ folder" in err


def test_bad_config_names_the_key_and_suggests(content: Path, cli: Run) -> None:
    (content / "pyproject.toml").write_text('[tool.alert-i18n]\nlanguage = ["fr"]\n')
    code, _, err = cli("-C", content, "build")
    assert code == 2
    assert "unknown key 'language'" in err and "did you mean 'languages'?" in err
    (content / "pyproject.toml").write_text("[tool.alert-i18n\n")
    code, _, err = cli("-C", content, "build")
    assert code == 2 and "pyproject.toml:1: not valid TOML" in err


def test_python_dash_m_and_console_script(content: Path) -> None:
    result = run_module("-C", content, "build", "-l", "fr", "-f", "md")
    assert result.returncode == 0, result.stderr
    assert (content / "build" / "fr" / f"{SLUG}.md").is_file()
    # Installed beside this Python (a virtual environment need not be activated).
    script = (shutil.which("alert-i18n", path=str(Path(sys.executable).parent))
              or shutil.which("alert-i18n"))
    if script is None:
        pytest.skip("the package is not installed (pip install -e .)")
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "extract" in result.stdout


def test_sample_source_keeps_the_published_wording() -> None:
    # The alert as Genocide Watch published it, before front matter was added.
    seed = REPO / "tests" / "data" / "seed" / "mali-2020-08.original.txt"
    ours = parse_source((REPO / "source" / f"{SLUG}.md").read_text("utf-8"), path="a")
    original = parse_source(seed.read_text("utf-8"), path="b")
    assert ours.segments and [s.msgid for s in ours.segments] == [
        s.msgid for s in original.segments
    ]


def test_compile_writes_mo_files_with_publishable_translations_only(content: Path,
                                                                    cli: Run) -> None:
    import gettext

    path = content / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    messages = list(catalog.messages)
    first = len(shortforms.FIELDS)  # the short forms come first; the page's passages after
    messages[first + 1] = replace(messages[first + 1], flags=("fuzzy",))
    evil = messages[first + 2].msgstr.replace("(#)", "(http://evil)", 1)
    messages[first + 2] = replace(messages[first + 2], msgstr=evil)
    path.write_text(write_po(replace(catalog, messages=tuple(messages))), "utf-8")
    line = read_po(path.read_bytes(), path="x").messages[first + 2].line
    code, out, _ = cli("-C", content, "compile", "-l", "fr")
    assert code == 1  # the rejected translation is an error, as in build
    assert f"locales/fr/LC_MESSAGES/{SLUG}.po:{line}: [links]" in out
    assert f"  locales/fr/LC_MESSAGES/{SLUG}.mo" in out
    with (content / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    assert compiled.gettext(messages[0].msgid) == messages[0].msgstr
    assert compiled.gettext(messages[first + 1].msgid) == messages[first + 1].msgid  # fuzzy
    assert compiled.gettext(messages[first + 2].msgid) == messages[first + 2].msgid  # rejected
    assert compiled.gettext(messages[first + 3].msgid) == messages[first + 3].msgstr
    assert (content / "locales" / "fr" / "LC_MESSAGES" / "site.mo").is_file()
    assert not (content / "locales" / "bm" / "LC_MESSAGES" / f"{SLUG}.mo").exists()


def test_committed_build_is_what_the_build_makes(content: Path, cli: Run) -> None:
    """build/ in the repository is the sample's output, byte for byte (golden pages)."""
    committed = REPO / "build"
    if not committed.is_dir():
        pytest.skip("no build/ in this checkout")
    assert cli("-C", content, "build", "-j", "1")[0] == 0
    assert snapshot(content / "build") == snapshot(committed)


@pytest.mark.parametrize(("args", "message"), [
    (("update", "-l", "fre"), "'fre' is an alias of 'fr-FR': use 'fr'"),
    (("update", "-l", "en"), "'en' is the source language"),
    (("build", "-l", "de"), "no catalogs for de in locales/de/: run `alert-i18n update -l de`"),
])
def test_user_mistakes_are_explained(content: Path, cli: Run, args: tuple[str, ...],
                                     message: str) -> None:
    before = snapshot(content)
    code, _, err = cli("-C", content, *args)
    assert code == 2 and message in err
    assert snapshot(content) == before


@pytest.mark.parametrize(("toml", "message"), [
    ('[tool.alert-i18n]\nlanguages = ["fr"\n', "pyproject.toml:2: not valid TOML"),
    ('[tool.alert_i18n]\nlanguages = ["fr"]\n', "[tool.alert_i18n] is not read"),
    ('[tool.alert-i18n.language-names]\n"bm-NKo" = "x"\n',
     "pyproject.toml:2: [tool.alert-i18n] language-names: unknown language code 'bm-NKo'"),
    ('[tool.alert-i18n.fallbacks]\nbm = ["fre"]\n',
     "pyproject.toml:2: [tool.alert-i18n] fallbacks.bm: language code 'fre' is an alias"),
    # Values: the line of their key, in whichever way the TOML spells it.
    ('[tool.alert-i18n]\nsite-title = "Alerts"\npublish-threshold = "eighty"\n',
     "pyproject.toml:3: [tool.alert-i18n] publish-threshold must be a number from 0 to 100"),
    ('[tool]\n"alert-i18n".languages = "fr"\n',
     "pyproject.toml:2: [tool.alert-i18n] languages must be a list of strings"),
    ('[tool.alert-i18n]\nfallbacks = { bm = "fr" }\n',
     "pyproject.toml:2: [tool.alert-i18n] fallbacks.bm must be a list of strings"),
    ('[tool.alert-i18n]\n\n[tool.alert-i18n.fallbacks]\n# comment\nbm = "fr"\n',
     "pyproject.toml:5: [tool.alert-i18n] fallbacks.bm must be a list of strings"),
    ('[tool.alert-i18n]\nsite-title = " "\n',
     "pyproject.toml:2: [tool.alert-i18n] site-title must not be empty"),
    ('[tool.alert-i18n]\nlanguage = ["fr"]\n',
     "pyproject.toml:2: unknown key 'language' in [tool.alert-i18n] (did you mean"),
])
def test_config_errors_name_the_file(content: Path, cli: Run, toml: str, message: str) -> None:
    (content / "pyproject.toml").write_text(toml, encoding="utf-8")
    code, _, err = cli("-C", content, "build")
    assert code == 2 and message in err, err


def test_the_parser_knows_every_report_format() -> None:
    """--format's choices are spelled out so that --help does not load the reports (nor
    the workspace, its PO reader and Babel)."""
    from alert_i18n import cli, report, workspace

    assert tuple(report.FORMATS) == cli.REPORT_FORMATS
    assert (cli.FORMATS, cli.ALL_FORMATS) == (workspace.FORMATS, workspace.ALL_FORMATS)
    assert cli.PROCESSING == workspace.PROCESSING


# -- -C, -q and -v, before or after the command ---------------------------------------

def test_dash_c_after_the_command(content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch,
                                  tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no source/ here: the content root must come from -C
    code, _, err = cli("build", "-C", content)
    assert code == 0, err
    assert (content / "build" / "en" / "index.html").is_file()
    assert cli("-C", tmp_path, "build", "-C", content)[0] == 0  # the last one wins


def test_quiet_prints_errors_only(content: Path, cli: Run) -> None:
    code, out, err = cli("-C", content, "build", "-q")
    assert (code, out, err) == (0, "", "")
    reword = content / "locales" / "fr" / "LC_MESSAGES" / "mali-2020-08.po"
    reword.write_text(reword.read_text("utf-8").replace("](#)", "](javascript:x)", 1),
                      encoding="utf-8")
    code, out, err = cli("-q", "-C", content, "build")
    assert code == 1 and out == ""
    assert err.startswith("alert-i18n: error: locales/fr/LC_MESSAGES/mali-2020-08.po:")
    code, out, _ = cli("-C", content, "extract", "-q")
    assert (code, out) == (0, "")


def test_verbose_shows_the_traceback_of_an_internal_error(
    content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alert_i18n import workspace

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(workspace, "read_po", broken)
    code, _, quiet = cli("-C", content, "update")
    assert code == 3 and "Traceback" not in quiet and quiet.count("\n") == 1
    code, _, loud = cli("-C", content, "update", "-v")
    assert code == 3
    assert loud.startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: boom" in loud
    assert loud.splitlines()[-1] == quiet.strip()  # then the same one line


def test_quiet_and_verbose_together_is_bad_usage(content: Path, cli: Run) -> None:
    code, _, err = cli("-C", content, "build", "-q", "-v")
    assert code == 2 and "not allowed with" in err


def test_a_large_archive_is_summed_up_unless_verbose(content: Path, cli: Run) -> None:
    """Pages by the thousand: the default output sums up by folder and language, -v names
    every file and page, -q says nothing."""
    from alert_i18n.cli import SUMMED_UP_BEYOND

    count = SUMMED_UP_BEYOND // 2 + 1  # twice as many pages in each language
    for name in ("source", "locales/fr/LC_MESSAGES", "locales/bm/LC_MESSAGES"):
        folder = content / name
        original = next(folder.glob(f"{SLUG}.*"))
        for number in range(count):
            shutil.copy(original, folder / f"copy-{number:03d}{original.suffix}")
    code, out, _ = cli("-C", content, "build", "-f", "md", "-j", "1")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) < 20, out
    assert f"built {3 * (count + 1)} file(s), 0 unchanged" in lines
    assert f"  build/fr/: {count + 1} file(s)" in lines and "  (-v names every file)" in lines
    assert (f"fr: {count + 1} pages: {15 * (count + 1):,} of {15 * (count + 1):,} messages "
            "translated, 0 fell back (-v: page by page)") in lines
    shutil.rmtree(content / "build")
    shutil.rmtree(content / ".alert-i18n-cache")
    code, out, _ = cli("-C", content, "build", "-f", "md", "-j", "1", "-v")
    assert code == 0 and f"  build/fr/copy-{count - 1:03d}.md" in out.splitlines()
    assert "fr: copy-000: 15 of 15 messages translated, 0 fell back" in out
    assert cli("-C", content, "build", "-f", "md", "-q")[1] == ""
