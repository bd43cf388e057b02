"""The content root: paths, discovery of alerts and languages, reading, naming files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alert_i18n.config import Config
from alert_i18n.errors import CatalogError, SourceError, UsageError
from alert_i18n.workspace import (
    PROCESSING,
    catalog_path,
    output_path,
    processing,
    read_catalog,
    relative,
    source_paths,
    target_codes,
    template_path,
)

from .conftest import Run

_PATHS = ("build/fr/x.html", "/a/b/c", "/a/bc/d", "rel/x", "../up", "/other/z", "./dot/y")


@pytest.mark.parametrize("root", [".", "/a/b", "rel", "/"])
@pytest.mark.parametrize("path", _PATHS)
def test_relative_is_pathlibs_relative_to(root: str, path: str) -> None:
    """The string shortcut gives what ``Path.relative_to`` gives, else the path itself."""
    config = Config(root=Path(root))
    for candidate in (Path(path), config.root / path):
        try:
            expected = candidate.relative_to(config.root).as_posix()
        except ValueError:
            expected = candidate.as_posix()
        assert relative(config, candidate) == expected


def test_language_folders_no_longer_built_are_named(content: Path, cli: Run) -> None:
    """The build never deletes: a language taken off the site stays published, so
    every build says so, until the folder is gone; other folders are not its business."""
    for name in ("de", "assets", "css", ".cache"):
        (content / "build" / name).mkdir(parents=True)
    (content / "build" / "de" / "old.html").write_text("<p>old</p>", encoding="utf-8")
    note = ("build/de/: not a language of this site (any more); its pages stay published, "
            "no longer updated, until the folder is deleted")
    for _ in range(2):  # a full build, then a rebuild with nothing to do
        code, out, _ = cli("-C", content, "build")
        assert code == 0
        assert note in out
        assert "assets" not in out and "css" not in out and ".cache" not in out
    assert (content / "build" / "de" / "old.html").exists()  # never deleted
    shutil.rmtree(content / "build" / "de")
    code, out, _ = cli("-C", content, "build")
    assert code == 0 and "build/de/" not in out


def test_sources_are_listed_and_reserved_names_refused(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    with pytest.raises(UsageError, match="no source/ folder"):
        source_paths(config)
    (tmp_path / "source").mkdir()
    for name in ("b.md", "a.md", "notes.txt"):
        (tmp_path / "source" / name).write_text("# T\n", encoding="utf-8")
    assert source_paths(config) == [tmp_path / "source" / "a.md", tmp_path / "source" / "b.md"]
    (tmp_path / "source" / "site.md").write_text("# T\n", encoding="utf-8")
    with pytest.raises(SourceError, match="taken by the page chrome") as caught:
        source_paths(config)
    assert caught.value.path == "source/site.md"


def test_target_languages_from_folders_one_per_language(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    for folder in ("fr", "bm_Nkoo", "en", "notes"):
        (tmp_path / "locales" / folder / ("LC_MESSAGES" if folder != "notes" else "x")).mkdir(
            parents=True)
    assert target_codes(config, ()) == ["bm_Nkoo", "fr"]  # not the source, not "notes"
    assert target_codes(config, ["fr", "fr_FR", "fr"]) == ["fr", "fr_FR"]
    assert target_codes(config, ["bm-Nkoo", "bm_Nkoo"]) == ["bm-Nkoo"]  # one language


def test_paths_of_catalogs_and_outputs() -> None:
    config = Config(root=Path("/r"))
    nko = config.language("bm-Nkoo")
    assert catalog_path(config, nko, "a") == Path("/r/locales/bm_Nkoo/LC_MESSAGES/a.po")
    assert output_path(config, nko, "a", "fragment") == Path("/r/build/bm-Nkoo/a.fragment.html")
    assert template_path(config, "a") == Path("/r/locales/a.pot")


def test_an_unreadable_catalog_is_a_catalog_error_naming_it(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    with pytest.raises(CatalogError, match="cannot read") as caught:
        read_catalog(config, tmp_path / "locales" / "fr" / "LC_MESSAGES" / "a.po")
    assert caught.value.path == "locales/fr/LC_MESSAGES/a.po"


def test_processing_names_the_file_on_errors_that_name_none() -> None:
    with pytest.raises(SourceError) as caught, processing("source/a.md"):
        raise SourceError("bad")
    assert str(caught.value) == "source/a.md: bad"
    with pytest.raises(ZeroDivisionError) as bug, processing("outer"), processing("inner"):
        raise ZeroDivisionError
    assert bug.value.__notes__ == [PROCESSING + "inner"]  # the innermost name wins
