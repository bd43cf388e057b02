"""Shared fixtures: a temporary copy of the repository's content, the CLI, gettext tools,
the Nu HTML Checker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from alert_i18n.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# Where .ci/run installs the Nu HTML Checker (npm vnu-jar; node_modules/ is git-ignored).
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the sample content (sources, catalogs, config) to run commands on."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    if (REPO / "locales").is_dir():
        shutil.copytree(REPO / "locales", root / "locales")
    if (REPO / "glossary").is_dir():
        shutil.copytree(REPO / "glossary", root / "glossary")
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


@dataclass(frozen=True)
class Validator:
    """The Nu HTML Checker, run once over many files (the JVM takes seconds to start)."""

    java: str
    jar: Path

    def errors(self, *paths: str | Path) -> str:
        """Its error messages for ``paths``; empty when every file is valid HTML5."""
        result = subprocess.run(
            [self.java, "-jar", str(self.jar), "--errors-only", *map(str, paths)],
            capture_output=True, text=True, check=False, timeout=600,
        )
        if result.returncode == 0:
            return ""
        return (result.stderr + result.stdout).strip() or f"vnu exited {result.returncode}"


@pytest.fixture(scope="session")
def vnu() -> Validator:
    """The Nu HTML Checker: $VNU_JAR, else node_modules/ (.ci/run installs it); else skip."""
    jar = Path(os.environ.get("VNU_JAR") or VNU_JAR)
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed; the Nu HTML Checker (vnu.jar) needs it")
    if not jar.is_file():
        pytest.skip(f"Nu HTML Checker not found at {jar}: run .ci/run, or "
                    "`npm install --no-save vnu-jar@26` here, or set VNU_JAR")
    return Validator(java, jar)
