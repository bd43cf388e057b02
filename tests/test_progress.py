"""``update`` and ``check`` show progress on a terminal, as ``build`` does; nothing otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run, stderr_on_a_terminal


@pytest.mark.parametrize(("command", "steps"), [
    (("update",), ["[1/1] reading mali-2020-08", "[1/4] merging bm/mali-2020-08",
                   "[4/4] merging fr/site"]),
    (("check",), ["[1/2] checking mali-2020-08", "[2/2] checking site"]),
])
def test_progress_on_a_terminal_quiet_otherwise(content: Path, cli: Run,
                                                command: tuple[str, ...],
                                                steps: list[str]) -> None:
    code, shown = stderr_on_a_terminal(content, *command, TERM="xterm")
    assert code == 0
    for step in steps:
        assert step in shown, shown
    assert shown.endswith("\r\x1b[2K")  # the line is erased at the end
    assert stderr_on_a_terminal(content, *command, TERM="xterm", CI="true") == (0, "")
    assert stderr_on_a_terminal(content, *command, "-q", TERM="xterm") == (0, "")
    code, _, err = cli("-C", content, *command)  # captured: not a terminal
    assert code == 0 and err == ""
