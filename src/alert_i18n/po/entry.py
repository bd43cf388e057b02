"""An entry as the reader builds it, and the stages its lines go through."""

from __future__ import annotations

# Entry stages, in the order their lines must come.
COMMENTS, PREVIOUS, CTXT, ID, PLURAL, STR, STRN = range(7)


class Entry:
    """One entry being read; its strings are lists of pieces until it is complete."""

    __slots__ = (
        "comments",
        "extracted",
        "first_line",
        "flags",
        "line",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "obsolete",
        "other_comment_line",
        "plural_forms",
        "previous",
        "references",
        "stage",
        "str_lines",
    )  # fmt: skip

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.line = 0  # the msgctxt or msgid line
        self.stage = COMMENTS
        self.obsolete: bool | None = None  # known from the first #|, #~| or keyword line
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}  # "msgctxt", "msgid", "msgid_plural"
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] = []
        self.msgid_plural: list[str] | None = None
        self.msgstr: list[str] = []
        self.plural_forms: list[list[str]] = []
        self.str_lines: list[tuple[int, str]] = []  # msgstr pieces of a header, by line
        self.other_comment_line = 0  # first "#." / "#:" / "#|" line, which a header may not have
