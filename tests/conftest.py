"""Shared fixtures: a temporary copy of the repository's content, the CLI, gettext tools,
the Nu HTML Checker."""

from __future__ import annotations

import os
import pty
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


# tests/data/po/bad-*.po: each named after its defect, with the line of the fault and
# words the message must contain (read alone, and as a language's catalog in a build).
BAD_PO = {
    "bad-unterminated-string.po": (12, 'unterminated string: the closing " is missing'),
    "bad-escape.po": (10, "invalid escape sequence \\e"),
    "bad-escaped-bytes.po": (8, "escaped bytes in this string are not valid UTF-8"),
    "bad-text-outside-quotes.po": (8, "unexpected text 'à' outside quotes"),
    "bad-unknown-keyword.po": (8, "unknown keyword 'msgstring'"),
    "bad-keyword-order.po": (8, "msgctxt must come before msgid"),
    "bad-msgstr-without-msgid.po": (8, "msgstr without a msgid"),
    "bad-msgid-without-msgstr.po": (7, "this message has no msgstr"),
    "bad-missing-string.po": (7, "msgid must be followed by a quoted string"),
    "bad-continuation.po": (8, "a string continuation line must follow a keyword line"),
    "bad-plural-without-msgid-plural.po": (8, "msgstr[0] is only allowed after msgid_plural"),
    "bad-msgid-plural-without-plural-forms.po": (9, "must be written msgstr[0], msgstr[1]"),
    "bad-plural-index.po": (10, "expected msgstr[1] here, found msgstr[2]"),
    "bad-duplicate.po": (16, "duplicate message definition (first defined at line 8)"),
    "bad-duplicate-obsolete.po": (10, "duplicate message definition (first defined at line 7)"),
    "bad-obsolete-mixed.po": (8, "inconsistent use of #~"),
    "bad-previous-order.po": (8, "previous msgid_plural (#|) out of order"),
    "bad-header.po": (4, "malformed header field 'Language fr'"),
    "bad-header-not-first.po": (4, 'the header entry (msgid "") must be the first entry'),
    "bad-header-comments.po": (2, "the header entry can only have translator comments"),
    "bad-charset.po": (5, "unknown charset 'LATIN-9000'"),
    "bad-charset-not-ascii-based.po": (4, "charset 'UTF-16' cannot be used in a PO file"),
    "bad-encoding.po": (11, "this line is not valid UTF-8 text (byte 0xe9)"),
    "bad-nul.po": (8, "NUL character"),
    "bad-trailing-comment.po": (10, "comment lines at the end of the file belong to no message"),
    "bad-comment-backslash.po": (7, "a comment line must not end with a backslash"),
}



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


def stderr_on_a_terminal(root: Path, *command: str, **env: str) -> tuple[int, str]:
    """Run the CLI with its standard error on a terminal: its exit code and what it showed."""
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "alert_i18n", "-C", str(root), *command],
            stdout=subprocess.PIPE, stderr=follower, timeout=120, check=False,
            env={k: v for k, v in os.environ.items() if k != "CI"} | env,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    return result.returncode, b"".join(chunks).decode("utf-8", "replace")
