"""alert-i18n: translate Markdown alerts with gettext catalogs and build localized pages."""

from __future__ import annotations

__version__ = "0.1.0"

