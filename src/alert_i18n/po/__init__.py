"""PO/POT files: a strict reader and a writer that prints what GNU msgcat prints.

``read_po`` turns the bytes of a .po/.pot file into a ``Catalog`` or raises
``CatalogError("path:line: sentence")`` (``reader``); ``write_po`` turns a
``Catalog`` into the text that ``msgcat`` (GNU gettext 0.21, default options)
prints for it (``writer``, wrapping with ``linebreak``); ``write_mo`` compiles
one.  ``syntax`` holds the grammar both directions share.
"""

from __future__ import annotations

from .reader import read_po
from .writer import write_mo, write_po

__all__ = ["read_po", "write_mo", "write_po"]
