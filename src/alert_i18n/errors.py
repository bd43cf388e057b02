"""One error family.  ``str(error)`` is the sentence the user reads."""

from __future__ import annotations


class AlertI18nError(Exception):
    """Base of every error the CLI turns into a one-line message."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class CombinedError(AlertI18nError):
    """Several errors found in one pass (each unreadable catalog, say), each told on a
    line of its own."""

    def __init__(self, errors: list[AlertI18nError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
        self.exit_code = max(error.exit_code for error in errors)


class UsageError(AlertI18nError):
    """Bad command line or configuration."""


class SourceError(AlertI18nError):
    """A Markdown source that cannot be read or segmented."""


class CatalogError(AlertI18nError):
    """A PO/POT file that is malformed or unreadable."""


class BuildError(AlertI18nError):
    """A language that could not be built safely."""

    exit_code = 1


class WriteError(AlertI18nError):
    """A file the environment would not let us write (a full disk, a read-only folder, a
    file where a folder should be): the user's to fix, not a bug.  ``disk`` raises it
    for every write, naming the file and what the system said."""

    exit_code = 1
