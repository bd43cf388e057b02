"""alert-i18n: translate Markdown alerts with gettext catalogs and build localized pages."""

__version__ = "0.1.0"
