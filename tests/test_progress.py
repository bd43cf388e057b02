"""``update`` and ``check`` show progress on a terminal, as ``build`` does; nothing otherwise."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Run


def _stderr_on_a_terminal(root: Path, *command: str, **env: str) -> tuple[int, str]:
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


@pytest.mark.parametrize(("command", "steps"), [
    (("update",), ["[1/1] reading mali-2020-08", "[1/4] merging bm/mali-2020-08",
                   "[4/4] merging fr/site"]),
    (("check",), ["[1/2] checking mali-2020-08", "[2/2] checking site"]),
])
def test_progress_on_a_terminal_quiet_otherwise(content: Path, cli: Run,
                                                command: tuple[str, ...],
                                                steps: list[str]) -> None:
    code, shown = _stderr_on_a_terminal(content, *command, TERM="xterm")
    assert code == 0
    for step in steps:
        assert step in shown, shown
    assert shown.endswith("\r\x1b[2K")  # the line is erased at the end
    assert _stderr_on_a_terminal(content, *command, TERM="xterm", CI="true") == (0, "")
    assert _stderr_on_a_terminal(content, *command, "-q", TERM="xterm") == (0, "")
    code, _, err = cli("-C", content, *command)  # captured: not a terminal
    assert code == 0 and err == ""
