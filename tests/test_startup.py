"""Every command starts fast: a rebuild with nothing to do is mostly starting Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.sax import saxutils

from hypothesis import given
from hypothesis import strategies as st

from alert_i18n import site


@given(st.text(alphabet="ab&<>\"'\n\r\t é\u2019"))
def test_feed_escaping_is_saxutils(text: str) -> None:
    assert site.escape(text) == saxutils.escape(text)
    assert site.quoteattr(text) == saxutils.quoteattr(text)


def test_the_command_line_imports_no_network_or_metadata_modules() -> None:
    """xml.sax.saxutils pulls in urllib.request and http.client; importlib.metadata, email."""
    script = (
        "import sys, alert_i18n.cli\n"
        "heavy = {'urllib.request', 'http.client', 'importlib.metadata', 'email.message'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_a_rebuild_with_nothing_to_do_loads_no_renderer_checks_or_po_writer(
    content: Path,
) -> None:
    """The build's heavy modules are imported by the command that needs them (cli._run)."""
    script = (
        "import sys\n"
        "from alert_i18n.cli import main\n"
        f"assert main(['-q', '-C', {str(content)!r}, 'build']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('alert_i18n.')))\n"
        "print(sorted({'markdown', 'nh3', 'polib'} & set(sys.modules)))\n"
    )
    subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)  # full
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    loaded, libraries = result.stdout.splitlines()
    for heavy in ("build", "alert_build", "render", "check", "commands", "po.writer"):
        assert f"'alert_i18n.{heavy}'" not in loaded, heavy
    assert libraries == "[]"
