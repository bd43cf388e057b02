"""Every command starts fast: a rebuild with nothing to do is mostly starting Python."""

from __future__ import annotations

import subprocess
import sys
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
