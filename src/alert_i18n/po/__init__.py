"""PO/POT files: a strict reader and a writer that prints what GNU msgcat prints.

``reader.read_po`` turns the bytes of a .po/.pot file into a ``Catalog`` or
raises ``CatalogError("path:line: sentence")``; ``writer.write_po`` turns a
``Catalog`` into the text that ``msgcat`` (GNU gettext 0.21, default options)
prints for it, wrapping with ``linebreak``; ``writer.write_mo`` compiles one.
``syntax`` holds the grammar both directions share.  Nothing is imported
here: reading needs neither the line-breaking tables nor polib.
"""
