"""Shared fixtures: a temporary copy of the repository's content, the CLI, gettext tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from alert_i18n.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the sample content (sources, catalogs, config) to run commands on."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    if (REPO / "locales").is_dir():
        shutil.copytree(REPO / "locales", root / "locales")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``alert-i18n`` in-process: (exit code, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def run_module(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m alert_i18n`` as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "alert_i18n", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )


def gettext_tool(name: str) -> str:
    """Path of a GNU gettext tool, or skip the test with the reason."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"GNU gettext's {name} is not installed (apt-get install gettext)")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*")) if p.is_file()
    }
