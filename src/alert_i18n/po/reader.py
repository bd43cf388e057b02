"""The bytes of a .po/.pot file -> ``Catalog``, or ``CatalogError("path:line: sentence")``.

Strict where polib and Babel are lenient (unterminated strings, bad escapes,
duplicates, a misplaced header): every error names its line.  One reader,
line by line, of the grammar in ``syntax``; entries in msgcat's own layout
(most of them) are read in one step each by ``whole``, to the same effect.
(Over 500 lines: one state machine over one grammar, each of whose errors
needs its own sentence and line; the shared pieces are in ``syntax``.)
"""

from __future__ import annotations

import re

from .. import plurals
from ..errors import CatalogError
from ..model import Catalog, Message
from .entry import COMMENTS, CTXT, ID, PLURAL, PREVIOUS, STR, STRN, Entry
from .syntax import (
    CHARSET,
    EOT_MESSAGE,
    HEADER_FIELD,
    HEADER_LINE,
    HEADER_TEXT,
    KEYWORD,
    WORD,
    charset_codec,
    comment_text,
    decode,
    fail,
    flag_tokens,
    sniff_codec,
    split_references,
    strings,
)
from .whole import whole_entries

_BOM = b"\xef\xbb\xbf"
_CRLF = re.compile(r"\r+$", re.MULTILINE)  # carriage returns that end a line

KEYWORDS = "msgctxt, msgid, msgid_plural, msgstr or msgstr[N]"


class Reader:
    """Reads the lines of a decoded PO file into messages and a header."""

    def __init__(self, codec: str, path: str) -> None:
        self.codec = codec
        self.path = path
        self.entry = Entry(1)
        self.current: list[str] | None = None  # the string a continuation line extends
        self.current_kind = ""  # the prefix its continuation lines need: "", "#~", "#|", "#~|"
        self.messages: list[Message] = []
        self.seen: dict[tuple[str | None, str], int] = {}
        self.header: tuple[tuple[str, str], ...] = ()
        self.header_comments: tuple[str, ...] = ()
        self.header_flags: tuple[str, ...] = ()
        self.declared: str | None = None  # codec of the header's charset

    def read(self, text: str) -> Catalog:
        if "\r" in text:
            # CRLF (or a mix of CRLF and LF) line ends; line numbers do not change.
            text = _CRLF.sub("", text)
        if "\x04" in text:
            _check_eot(text, self.path)
        # Entries in msgcat's layout are read whole (most files have nothing
        # else, see ``whole``); other lines one by one, with every check.
        position, lineno, size = 0, 1, len(text)
        while position < size:
            if text[position] == "\n":  # a blank line
                position, lineno = position + 1, lineno + 1
                continue
            if text[position] in "#m" and self.between_entries():
                end, after = whole_entries(self, text, position, lineno)
                if end != position:
                    # What the next line finds: they are finished, a new entry starts.
                    self.entry.first_line = after  # (whole_entries leaves it new)
                    self.current, self.current_kind = None, ""
                    position, lineno = end, after
                    continue
            # Up to the next blank line, after which an entry may start.
            end = text.find("\n\n", position)
            if end < 0:
                end = size
            lines = text[position:end].split("\n")
            self.read_lines(lines, lineno)
            position, lineno = end + 1, lineno + len(lines)
        entry = self.entry
        if (
            entry.stage != COMMENTS
            or entry.comments
            or entry.extracted
            or entry.references
            or entry.flags
        ):
            self.finish()
        return Catalog(
            header=self.header,
            header_comments=self.header_comments,
            header_flags=self.header_flags,
            messages=tuple(self.messages),
        )

    def between_entries(self) -> bool:
        """True when the next comment or keyword line starts a new entry."""
        entry = self.entry
        return entry.stage >= STR or not (
            entry.stage or entry.comments or entry.extracted or entry.references or entry.flags
        )

    def read_lines(self, lines: list[str], first_lineno: int) -> None:
        """Read these lines, the first of which is line ``first_lineno``, one by one."""
        codec, path = self.codec, self.path
        for lineno, line in enumerate(lines, first_lineno):
            if not line:
                continue
            first = line[0]
            if first == " " or first == "\t":
                line = line.lstrip(" \t\f\v\r")
                if not line:
                    continue
                first = line[0]
            if first == '"':  # the most frequent line: a continuation string
                if self.current_kind != "" or self.current is None:
                    raise fail(
                        path, lineno, "a string continuation line must follow a keyword line"
                    )
                if line[-1] == '"' and line.count('"') == 2 and "\\" not in line:
                    value = line[1:-1]  # the common case, inlined from strings()
                else:
                    value = strings(line, codec, path=path, line=lineno)
                self.current.append(value)
                if self.entry.str_lines and self.current is self.entry.msgstr:
                    self.entry.str_lines.append((lineno, value))
            elif first == "m":
                self.keyword(line, lineno, obsolete=False)
            elif first == "#":
                self.comment(line, lineno)
            elif not line.isspace():
                word = WORD.match(line)
                shown = word.group(0) if word else line
                if first.isalpha():
                    raise fail(path, lineno, f"unknown keyword {shown!r} (expected {KEYWORDS})")
                raise fail(path, lineno, f"unexpected text {shown!r} outside quotes")

    def comment(self, line: str, lineno: int) -> None:
        """A line that starts with "#": an obsolete line, a previous string or a comment."""
        second = line[1:2]
        if second == "~":
            rest = line[2:]
            if rest.startswith("|"):
                self.previous(rest[1:].lstrip(" \t"), lineno, obsolete=True)
            else:
                rest = rest.lstrip(" \t")
                if rest.startswith('"'):
                    self.continuation(rest, lineno, "#~")
                elif rest:
                    self.keyword(rest, lineno, obsolete=True)
            return
        if second == "|":
            self.previous(line[2:].lstrip(" \t"), lineno, obsolete=False)
            return
        entry = self.start_entry(lineno)
        if entry.stage == PREVIOUS:
            raise fail(
                self.path, lineno, "comment lines must come before the previous-string lines (#|)"
            )
        if entry.stage > PREVIOUS:
            raise fail(
                self.path,
                entry.line,
                f"this message has no msgstr (translation) line; line {lineno} is a comment",
            )
        self.current = None
        if line.endswith("\\"):
            raise fail(
                self.path,
                lineno,
                "a comment line must not end with a backslash (gettext joins it to the next line)",
            )
        if second == ".":
            entry.extracted.append(comment_text(line[2:]))
            entry.other_comment_line = entry.other_comment_line or lineno
        elif second == ":":
            entry.references += split_references(line[2:])
            entry.other_comment_line = entry.other_comment_line or lineno
        elif second == ",":
            entry.flags += flag_tokens(line[2:])
        else:
            entry.comments.append(comment_text(line[1:]))

    def start_entry(self, lineno: int) -> Entry:
        """The entry a comment, previous-string or msgctxt/msgid line belongs to."""
        if self.entry.stage >= STR:  # the previous entry is complete
            self.finish()
            self.entry = Entry(lineno)
        return self.entry

    def continuation(self, text: str, lineno: int, kind: str) -> None:
        if self.current is None or self.current_kind != kind:
            raise fail(self.path, lineno, "a string continuation line must follow a keyword line")
        self.current.append(strings(text, self.codec, path=self.path, line=lineno))

    def check_obsolete(self, entry: Entry, lineno: int, obsolete: bool) -> None:
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete:
            raise fail(
                self.path,
                lineno,
                "inconsistent use of #~: an obsolete message has #~ on all of its lines "
                "(#~| for previous strings), an active message on none",
            )

    def previous(self, rest: str, lineno: int, *, obsolete: bool) -> None:
        """A "#|" or "#~|" line: a previous msgctxt, msgid or msgid_plural, or its continuation."""
        kind = "#~|" if obsolete else "#|"
        if rest.startswith('"'):
            self.continuation(rest, lineno, kind)
            return
        entry = self.start_entry(lineno)
        match = KEYWORD.match(rest)
        name = match.group(1) if match else ""
        if name not in ("msgctxt", "msgid", "msgid_plural"):
            word = WORD.match(rest)
            shown = word.group(0) if word else rest
            raise fail(
                self.path, lineno, f"unknown keyword {shown!r} in a previous-string line ({kind})"
            )
        if entry.stage > PREVIOUS:
            raise fail(
                self.path,
                lineno,
                f"previous-string lines ({kind}) must come before msgctxt and msgid",
            )
        done = entry.previous
        if (
            name in done
            or (name == "msgctxt" and done)
            or (name == "msgid_plural" and "msgid" not in done)
        ):
            raise fail(
                self.path,
                lineno,
                f"previous {name} ({kind}) out of order: the order is msgctxt, msgid, msgid_plural "
                "and msgid is required",
            )
        value_text = rest[match.end() :]  # type: ignore[union-attr]
        if not value_text.startswith('"'):
            raise fail(
                self.path, lineno, f"{name} must be followed by a quoted string on the same line"
            )
        self.check_obsolete(entry, lineno, obsolete)
        entry.stage = PREVIOUS
        entry.other_comment_line = entry.other_comment_line or lineno
        parts = [strings(value_text, self.codec, path=self.path, line=lineno)]
        done[name] = parts
        self.current, self.current_kind = parts, kind

    def keyword(self, rest: str, lineno: int, *, obsolete: bool) -> None:
        """A msgctxt, msgid, msgid_plural, msgstr or msgstr[N] line.

        Over 80 lines because each keyword's place in an entry is checked here,
        one branch per rule, each with the sentence it reports.
        """
        path = self.path
        match = KEYWORD.match(rest)
        if match is None:
            word = WORD.match(rest)
            shown = word.group(0) if word else rest
            raise fail(path, lineno, f"unknown keyword {shown!r} (expected {KEYWORDS})")
        name, index = match.group(1), match.group(2)
        entry = self.start_entry(lineno) if name in ("msgctxt", "msgid") else self.entry
        value_text = rest[match.end() :]
        if not value_text.startswith('"'):
            if value_text:
                raise fail(
                    path,
                    lineno,
                    f"unexpected text {value_text!r} after {name}; a quoted string must follow",
                )
            raise fail(
                path, lineno, f"{name} must be followed by a quoted string on the same line"
            )
        stage = entry.stage
        if stage >= CTXT or name in ("msgctxt", "msgid"):
            self.check_obsolete(entry, lineno, obsolete)
        if stage == PREVIOUS and "msgid" not in entry.previous:
            raise fail(
                path, lineno, "a previous msgctxt (#|) must be followed by a previous msgid"
            )
        value = strings(value_text, self.codec, path=path, line=lineno)
        part = [value]
        if name == "msgctxt":
            if stage >= CTXT:
                raise fail(path, lineno, "msgctxt must come before msgid")
            entry.stage, entry.line, entry.msgctxt = CTXT, lineno, part
        elif name == "msgid":
            if stage in (ID, PLURAL):
                raise fail(path, entry.line, "this message has no msgstr (translation) line")
            entry.stage, entry.line, entry.msgid = ID, lineno, part
        elif name == "msgid_plural":
            if stage != ID:
                raise fail(
                    path,
                    lineno,
                    "msgid_plural must follow msgid"
                    if stage < ID
                    else "msgid_plural must come before msgstr",
                )
            entry.stage, entry.msgid_plural = PLURAL, part
        elif index is None:  # msgstr
            if stage < ID:
                raise fail(path, lineno, "msgstr without a msgid before it")
            if stage in (PLURAL, STRN):
                raise fail(
                    path,
                    lineno,
                    "this message has a msgid_plural, so its translations must be written "
                    "msgstr[0], msgstr[1], ... instead of msgstr",
                )
            if stage == STR:
                raise fail(path, lineno, "a second msgstr in the same message")
            entry.stage, entry.msgstr = STR, part
            if entry.msgctxt is None and not "".join(entry.msgid):
                entry.str_lines = [(lineno, value)]  # a header: keep lines for its errors
        else:  # msgstr[N]
            if stage < ID:
                raise fail(path, lineno, f"{name} without a msgid before it")
            if stage in (ID, STR):
                raise fail(
                    path,
                    lineno,
                    f"{name} is only allowed after msgid_plural; a message without plural "
                    "has one msgstr",
                )
            expected = len(entry.plural_forms)
            if int(index) != expected:
                raise fail(
                    path,
                    lineno,
                    f"expected msgstr[{expected}] here, found {name}: plural forms are numbered "
                    "0, 1, 2, ... in order",
                )
            entry.stage = STRN
            entry.plural_forms.append(part)
        self.current, self.current_kind = part, "#~" if obsolete else ""

    def finish(self) -> None:
        """Check the current entry and turn it into a Message or the header."""
        entry, path = self.entry, self.path
        if entry.stage < ID:
            if entry.stage == CTXT:
                raise fail(path, entry.line, "msgctxt is not followed by a msgid")
            if entry.previous:
                raise fail(
                    path,
                    entry.first_line,
                    "previous-string lines (#|) are not followed by a message",
                )
            raise fail(
                path,
                entry.first_line,
                "comment lines at the end of the file belong to no message; remove them "
                "or add the message they describe",
            )
        if entry.stage in (ID, PLURAL):
            raise fail(path, entry.line, "this message has no msgstr (translation) line")
        msgid = "".join(entry.msgid)
        msgctxt = None if entry.msgctxt is None else "".join(entry.msgctxt)
        self.check_new((msgctxt, msgid), entry.line)
        if msgctxt is None and msgid == "":
            self.read_header(entry)
            return
        previous = entry.previous
        self.messages.append(
            Message(
                msgid=msgid,
                msgstr="".join(entry.msgstr),
                msgctxt=msgctxt,
                msgid_plural=None if entry.msgid_plural is None else "".join(entry.msgid_plural),
                msgstr_plural=tuple("".join(form) for form in entry.plural_forms),
                flags=tuple(entry.flags),
                translator_comments=tuple(entry.comments),
                extracted_comments=tuple(entry.extracted),
                references=tuple(entry.references),
                previous_msgctxt="".join(previous["msgctxt"]) if "msgctxt" in previous else None,
                previous_msgid="".join(previous["msgid"]) if "msgid" in previous else None,
                previous_msgid_plural=(
                    "".join(previous["msgid_plural"]) if "msgid_plural" in previous else None
                ),
                obsolete=bool(entry.obsolete),
                line=entry.line,
            )
        )

    def check_new(self, key: tuple[str | None, str], line: int) -> None:
        """Record the (msgctxt, msgid) of a message at ``line``; a second one is an error."""
        if key in self.seen:
            raise fail(
                self.path,
                line,
                f"duplicate message definition (first defined at line {self.seen[key]})",
            )
        self.seen[key] = line

    def read_header(self, entry: Entry) -> None:
        path = self.path
        if len(self.seen) != 1:
            raise fail(
                path, entry.line, 'the header entry (msgid "") must be the first entry in the file'
            )
        if entry.obsolete:
            raise fail(path, entry.line, "the header entry cannot be obsolete (#~)")
        if entry.msgid_plural is not None:
            raise fail(path, entry.line, "the header entry cannot have a msgid_plural")
        if entry.other_comment_line:
            raise fail(
                path,
                entry.other_comment_line,
                "the header entry can only have translator comments (#) and flags (#,)",
            )
        self.header = _header_fields(entry.str_lines, path=path)
        self.header_comments = tuple(entry.comments)
        self.header_flags = tuple(entry.flags)
        for name, value in self.header:
            if name.lower() == "plural-forms":
                _check_plural_forms(value, entry, path)
            match = CHARSET.search(value) if name.lower() == "content-type" else None
            if match:
                line = next((n for n, t in entry.str_lines if "charset=" in t.lower()), entry.line)
                self.declared = charset_codec(match.group(1), path=path, line=line)


def _check_plural_forms(value: str, entry: Entry, path: str) -> None:
    """Refuse a Plural-Forms that GNU gettext (msgfmt, Python's gettext) would refuse."""
    try:
        plurals.parse(value)
    except plurals.PluralFormsError as error:
        line = next((n for n, t in entry.str_lines if "plural-forms:" in t.lower()), entry.line)
        raise fail(path, line, str(error)) from None


def _check_eot(text: str, path: str) -> None:
    """Refuse the EOT character in strings (gettext's context separator); comments may have it."""
    for lineno, line in enumerate(text.split("\n"), 1):
        if "\x04" in line and (not line.lstrip().startswith("#") or line.startswith(("#~", "#|"))):
            raise fail(path, lineno, EOT_MESSAGE)


def _header_fields(str_lines: list[tuple[int, str]], *, path: str) -> tuple[tuple[str, str], ...]:
    """Parse the header msgstr into (name, value) pairs, one per "Name: value" line."""
    msgstr = "".join([text for _, text in str_lines])
    if HEADER_TEXT.fullmatch(msgstr):  # the usual header: no error, no line number needed
        return tuple(HEADER_LINE.findall(msgstr))
    # Fields are cut at "\n" in the joined msgstr; each keeps the number of the
    # file line where it starts, so that an error points at it.
    pieces: list[tuple[int, str]] = []
    pending = ""
    pending_line = 0
    for line, text in str_lines:
        if not pending:
            pending_line = line
        pending += text
        while "\n" in pending:
            field, pending = pending.split("\n", 1)
            pieces.append((pending_line, field))
            pending_line = line
    if pending:
        pieces.append((pending_line, pending))
    fields = []
    for line, field in pieces:
        match = HEADER_FIELD.fullmatch(field)
        if match is None:
            raise fail(
                path,
                line,
                f"malformed header field {field!r}: each header line must look like 'Name: value'",
            )
        fields.append((match.group(1), match.group(2)))
    return tuple(fields)


def read_po(data: bytes, *, path: str) -> Catalog:
    """Parse the bytes of a .po/.pot file into a Catalog, or raise CatalogError.

    An error never quotes a line of a file that is not a PO file (see
    ``_not_po``); UTF-8 text under another declared charset is refused
    (``_check_declared``), not read as the mojibake it would be.
    """
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    codec = sniff_codec(data)
    text = decode(data, codec, path=path)
    try:
        reader = Reader(codec, path)
        catalog = reader.read(text)
        if reader.declared is not None and reader.declared != codec:
            # The charset found before parsing was not the header's: read again.
            text = decode(data, reader.declared, path=path)
            reader = Reader(reader.declared, path)
            catalog = reader.read(text)
    except CatalogError as error:
        if _not_po(text, error):
            raise fail(path, error.line, "not a PO file: this line is not PO syntax (no "
                                         "msgid or msgctxt line comes before it)") from None
        raise
    if reader.codec != "utf-8" and not data.isascii():
        _check_declared(data, reader.codec, path)
    return catalog


# A line that only a PO file has: a keyword, perhaps obsolete (#~) or previous (#|).
_PO_LINE = re.compile(r"^[ \t]*(?:#[~|]+[ \t]*)?msg(?:ctxt|id|str)\b", re.MULTILINE)
_QUOTING = ("unknown keyword ", "unexpected text ")  # the errors that show a line's text
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _not_po(text: str, error: CatalogError) -> bool:
    """Whether ``error`` would quote a line of a file with no PO line up to it: then the
    file is no catalog (a symbolic link to a credentials file, say), and its text is
    nobody's business in an error message or a CI log."""
    if not error.line or not error.message.startswith(_QUOTING):
        return False
    end = -1
    for _ in range(error.line):  # the end of the error's line
        end = text.find("\n", end + 1)
        if end < 0:
            end = len(text)
            break
    return _PO_LINE.search(text, 0, end) is None


def _check_declared(data: bytes, codec: str, path: str) -> None:
    """Refuse UTF-8 text declared in another charset (Poedit saved it, a hand edit
    changed the header): read as declared, "é" would be "Ã©", and written again so."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return  # not UTF-8: the declared charset it is
    first = _NON_ASCII.search(data).start()  # type: ignore[union-attr]  # not isascii()
    raise fail(
        path, data.count(b"\n", 0, first) + 1,
        f"this line is UTF-8 text, but the header declares charset {codec.upper()}: declare "
        "charset=UTF-8 in the Content-Type header (or save the file in the declared charset)",
    )
