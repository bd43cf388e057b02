"""Small pieces of the pipeline that the command-line tests do not single out."""

from __future__ import annotations

from pathlib import Path

import pytest

from alert_i18n.config import Config
from alert_i18n.pipeline import relative

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
