"""Small pieces of the pipeline that the command-line tests do not single out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alert_i18n.config import Config
from alert_i18n.workspace import relative

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
