"""Catalog -> the text GNU msgcat 0.21 prints for it (default options), and .mo bytes.

Byte for byte, so that our files never churn when a translator runs gettext
tools over them: width 79 in screen columns, Unicode line breaking
(``linebreak``), msgcat's order of flags and comments, and one quirk of
gettext 0.21 emulated on purpose (``_brace_no_break``: no break near the start
of a python-brace-format string), since msgcat's output is what Poedit,
Weblate and msgmerge leave behind.
"""

from __future__ import annotations

import codecs
from dataclasses import replace
from functools import lru_cache

import polib

from ..model import Catalog, Message
from .linebreak import fill, opportunities
from .syntax import CHARSET, ESCAPES, NEEDS_ESCAPE, PORTION, RANGE, flag_tokens, split_references


# update goes alert by alert: its languages share msgids, and alerts share texts
# (at N=1000, 12,363 misses in 78,155 calls, against 22,061 with 256 entries).
@lru_cache(maxsize=1024)
def _wrap(
    prefix: str, keyword: str, value: str, page_width: int, wrap: bool, brace: str | None = None
) -> tuple[str, ...]:
    """The lines msgcat writes for ``keyword "value"`` (gettext's write-po.c wrap())."""
    # Column arithmetic as in gettext: the room for text is the page width
    # minus the closing quote, counted from after the opening quote.  Cached:
    # the same msgids recur in every language's catalog.  ``brace`` is the
    # output encoding when the message is a python-brace-format string.
    if "\x00" in value or "\x04" in value:
        # NUL ends a C string and EOT separates msgctxt from msgid in MO files:
        # gettext refuses both in any string.
        raise ValueError(f"{keyword} contains a NUL or EOT control character: {value!r}")
    width = page_width - 1 - (len(prefix) + 1)
    first_start = len(keyword) + 1
    portions = PORTION.findall(value) or [""]
    keep = _brace_no_break(value, brace) if brace is not None and wrap else 0
    lines = []
    first_line = True
    last = len(portions) - 1
    offset = 0  # of the portion in value
    for index, raw in enumerate(portions):
        text = raw.translate(ESCAPES) if NEEDS_ESCAPE.search(raw) else raw
        breaks: list[int] = []
        plan = None
        start = first_start if first_line else 0
        # Skipped when even characters two columns wide could not reach the margin.
        if wrap and start + 2 * len(text) > width:
            plan = opportunities(text)
            if offset < keep:
                # No break before the value's characters 1..keep (see _brace_no_break).
                banned = {
                    len(raw[:j].translate(ESCAPES))
                    for j in range(1, min(keep - offset + 1, len(raw)))
                }
                plan = (
                    [i for i in plan[0] if i not in banned],
                    plan[1],
                    [i for i in plan[2] if i not in banned],
                )
            breaks = fill(text, plan, width, start)
        if first_line and text and (index < last or first_start > width or breaks):
            # A string that contains a newline or does not fit starts with "".
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            if plan is not None:
                breaks = fill(text, plan, width, 0)
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        begin = 0
        for position in breaks:
            lines.append(f'{head}"{text[begin:position]}"')
            head = prefix
            begin = position
        lines.append(f'{head}"{text[begin:]}"')
        offset += len(raw)
    return tuple(lines)




def _brace_no_break(value: str, encoding: str) -> int:
    """How many characters after the first gettext 0.21 never breaks before (python-brace).

    Over 80 lines because it emulates gettext's format-directive parser step by
    step, quirk included, so that our line breaks are msgcat's byte for byte.
    """
    # gettext forbids breaks inside the format directives of a format string,
    # but its python-brace parser records directive positions relative to the
    # directive, not to the string: the marks of every directive land at the
    # start of the string.  msgcat then treats bytes 0..e as "a directive",
    # where e is the first end (or error) mark, and breaks before none of
    # bytes 1..e.  Emulated here byte for byte (format-python-brace.c).  One
    # function of some 100 lines on purpose: its nested parsers follow the C
    # source's functions one for one, sharing its marks, so it can be read
    # side by side with gettext's.
    marks: dict[int, int] = {}
    size = len(value)

    def at(i: int) -> str:
        return value[i] if i < size else "\x00"

    def mark(start: int, i: int, bit: int) -> None:
        offset = len(value[start:i].encode(encoding, "replace"))
        marks[offset] = marks.get(offset, 0) | bit

    def identifier(i: int) -> int:
        if at(i).isascii() and (at(i).isalpha() or at(i) == "_"):
            i += 1
            while at(i).isascii() and (at(i).isalnum() or at(i) == "_"):
                i += 1
        return i

    def number(i: int) -> int:
        while at(i) in "0123456789":
            i += 1
        return i

    def directive(start: int, toplevel: bool) -> int:
        """Parse the directive at ``start`` ("{"); the index after it, or -1 if invalid."""
        i = start + 1
        if at(i) == "{":
            return i + 1  # an escaped "{"
        end = identifier(i)
        if end == i:
            end = number(i)
        if end == i:
            mark(start, i, _FMTDIR_ERROR)
            return -1
        i = end
        while at(i) in ".[":
            opening = at(i)
            i += 1
            end = identifier(i) if opening == "." else max(identifier(i), number(i))
            if end == i or (opening == "[" and at(end) != "]"):
                mark(start, end, _FMTDIR_ERROR)
                return -1
            i = end + (opening == "[")
        if at(i) == ":":
            if not toplevel:
                mark(start, i, _FMTDIR_ERROR)
                return -1
            i += 1
            if at(i) == "{":
                i = directive(i, False)
                if i < 0:
                    return -1
            else:
                if at(i) == "\x00":
                    mark(start, i, _FMTDIR_ERROR)
                    return -1
                if at(i + 1) in "<>=^":
                    i += 2
                elif at(i) in "<>=^":
                    i += 1
                for optional in ("+- ", "#", "0"):
                    if at(i) in optional:
                        i += 1
                i = number(i)
                if at(i) == "." and number(i + 1) > i + 1:
                    i = number(i + 1)
                if at(i) in "bcdoxXneEfFgG%":
                    i += 1
        if at(i) != "}":
            mark(start, i, _FMTDIR_ERROR)
            return -1
        if toplevel:
            mark(start, start, _FMTDIR_START)
            mark(start, i, _FMTDIR_END)
        return i + 1

    i = 0
    while i < size:
        if value[i] == "{":
            i = directive(i, True)
            if i < 0:
                break
        else:
            i += 1
    if not marks.get(0, 0) & _FMTDIR_START:
        return 0
    end = min(offset for offset, bits in marks.items() if bits & (_FMTDIR_END | _FMTDIR_ERROR))
    if marks[end] & _FMTDIR_ERROR:
        return 0  # an invalid directive is only coloured, not protected
    # Characters whose first byte lies in 1..end.
    count = 0
    position = len(value[0].encode(encoding, "replace"))
    for ch in value[1:]:
        if position > end:
            break
        count += 1
        position += len(ch.encode(encoding, "replace"))
    return count


_FMTDIR_START, _FMTDIR_END, _FMTDIR_ERROR = 1, 2, 4



_NO_WRAP = 2**62  # a page width no text reaches

# Format flags in the order gettext 0.21 prints them (its format_language[]).
_FORMATS = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_INDEX = {name: i for i, name in enumerate(_FORMATS)}
INT_MAX = 2**31 - 1


@lru_cache(maxsize=1024)
def _normalized_flags(
    flags: tuple[str, ...], *, translated: bool, obsolete: bool
) -> tuple[str, ...]:
    """The flags msgcat keeps, in the order it prints them."""
    # gettext keeps one state per flag family (the last mention wins), drops
    # flags it does not know, "fuzzy" on an untranslated entry, "range" on an
    # obsolete one, and prints "possible-X-format" as "X-format".
    fuzzy = False
    formats: dict[int, str] = {}
    value_range: tuple[int, int] | None = None
    no_wrap = False
    for flag in flag_tokens(", ".join(flags)):
        if flag == "fuzzy":
            fuzzy = True
        elif flag.endswith("-format"):
            name = flag[: -len("-format")]
            state = "yes"
            for marker in ("no-", "possible-", "impossible-"):
                if name.startswith(marker) and name[len(marker) :] in _FORMAT_INDEX:
                    name = name[len(marker) :]
                    state = marker[:-1]
                    break
            if name in _FORMAT_INDEX:
                formats[_FORMAT_INDEX[name]] = state
        elif flag.startswith("range: "):
            match = RANGE.match(flag, 7)
            if match:
                low = min(int(match.group(1)), INT_MAX)
                high = min(int(match.group(2)), INT_MAX)
                if low <= high:
                    value_range = (low, high)
        elif flag == "wrap":
            no_wrap = False
        elif flag == "no-wrap":
            no_wrap = True
    out = ["fuzzy"] if fuzzy and translated else []
    for index in sorted(formats):
        state = formats[index]
        if state == "no":
            out.append(f"no-{_FORMATS[index]}-format")
        elif state in ("yes", "possible"):
            out.append(f"{_FORMATS[index]}-format")
    if value_range is not None and not obsolete:
        out.append(f"range: {value_range[0]}..{value_range[1]}")
    if no_wrap:
        out.append("no-wrap")
    return tuple(out)


# A ":" that starts a line number with a leading zero, ends a token or starts
# one (\s and str.split() agree on what is a space).
@lru_cache(maxsize=256)  # an alert's, for each of its languages
def _reference_lines(
    references: tuple[str, ...], page_width: int, encoding: str
) -> tuple[str, ...]:
    """The "#:" lines msgcat writes for these references."""
    items: dict[str, None] = {}
    for item in split_references(" ".join(references)):
        while item.startswith("./"):  # gettext strips "./" when it prints a path
            item = item[2:]
        if item:
            items[item] = None  # gettext drops duplicates
    if not items:
        return ()
    # gettext counts bytes here, not columns, and wraps at the full page width.
    lines = []
    line = "#:"
    column = 2
    for item in items:
        size = len(item.encode(encoding, "replace")) + 1
        if column > 2 and column + size > page_width:
            lines.append(line)
            line = "#:"
            column = 2
        line += " " + item
        column += size
    lines.append(line)
    return tuple(lines)


def _comment_lines(out: list[str], marker: str, comments: tuple[str, ...]) -> None:
    for comment in comments:
        for text in comment.split("\n"):
            out.append(f"{marker} {text}" if text else marker)


def _header_text(catalog: Catalog) -> str:
    return "".join(f"{key}: {value}\n" for key, value in catalog.header)


def in_utf8(catalog: Catalog) -> Catalog:
    """``catalog`` declared in UTF-8, as ``msgmerge`` leaves a catalog it merges with a
    UTF-8 template: its text is Unicode already, only the header's charset changes
    (an unfilled ``charset=CHARSET`` included).  A catalog declared UTF-8, or with no
    charset at all, is returned as it is."""
    content_type = catalog.header_value("Content-Type")
    match = CHARSET.search(content_type or "")
    if content_type is None or match is None or _codec(match.group(1)) == "utf-8":
        return catalog
    value = content_type[: match.start(1)] + "UTF-8" + content_type[match.end(1) :]
    header = tuple((key, value if key.lower() == "content-type" else field)
                   for key, field in catalog.header)
    return replace(catalog, header=header)


def _codec(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except (LookupError, ValueError):
        return None


def _output_encoding(catalog: Catalog) -> str:
    match = CHARSET.search(catalog.header_value("Content-Type") or "")
    return (_codec(match.group(1)) if match else None) or "utf-8"


def _first_translation(message: Message) -> str:
    # gettext looks at msgstr, or msgstr[0] of a plural entry, to call it untranslated.
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural[0] if message.msgstr_plural else ""


def _message_lines(out: list[str], message: Message, page_width: int, encoding: str) -> None:
    translated = _first_translation(message) != ""
    _comment_lines(out, "#", message.translator_comments)
    _comment_lines(out, "#.", message.extracted_comments)
    if message.references:
        out += _reference_lines(message.references, page_width, encoding)
    flags = _normalized_flags(message.flags, translated=translated, obsolete=message.obsolete)
    if flags:
        out.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in flags
    brace = encoding if _brace_format(flags) else None
    prefix = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    # gettext has no syntax for a previous msgctxt or msgid_plural without a
    # previous msgid, so those are written only along with it.
    if message.previous_msgid is not None:
        for keyword, value in (
            ("msgctxt", message.previous_msgctxt),
            ("msgid", message.previous_msgid),
            ("msgid_plural", message.previous_msgid_plural),
        ):
            if value is not None:
                out += _wrap(previous, keyword, value, page_width, wrap, brace)
    if message.msgctxt is not None:
        out += _wrap(prefix, "msgctxt", message.msgctxt, page_width, wrap, brace)
    out += _wrap(prefix, "msgid", message.msgid, page_width, wrap, brace)
    if message.msgid_plural is None:
        out += _wrap(prefix, "msgstr", message.msgstr, page_width, wrap, brace)
    else:
        out += _wrap(prefix, "msgid_plural", message.msgid_plural, page_width, wrap, brace)
        # A template's plural entry has two empty forms, as xgettext writes them.
        for index, form in enumerate(message.msgstr_plural or ("", "")):
            out += _wrap(prefix, f"msgstr[{index}]", form, page_width, wrap, brace)


def _brace_format(flags: tuple[str, ...]) -> bool:
    """Whether gettext parses this message's strings as python-brace-format strings."""
    # gettext uses the first format flag it knows, in _FORMATS order; only the
    # python-brace parser is emulated (see _brace_no_break).
    formats = [f for f in flags if f.endswith("-format") and not f.startswith("no-")]
    return bool(formats) and formats[0] == "python-brace-format"


def write_mo(catalog: Catalog) -> bytes:
    """The compiled (.mo) form of ``catalog``'s reviewed translations, as msgfmt would.

    Fuzzy, empty and obsolete entries are left out, as ``msgfmt`` leaves them
    out; polib's MO writer is sound, so it does the binary layout.
    """
    mo = polib.POFile()  # which encodes in UTF-8, so the header must say so
    mo.metadata = {key: value for key, value in in_utf8(catalog).header}
    for message in catalog.active:
        if not message.translated:
            continue
        entry = polib.POEntry(msgid=message.msgid, msgstr=message.msgstr,
                              msgctxt=message.msgctxt)
        if message.msgid_plural is not None:
            entry.msgid_plural = message.msgid_plural
            entry.msgstr_plural = dict(enumerate(message.msgstr_plural))
        mo.append(entry)
    return mo.to_binary()


def write_po(catalog: Catalog, *, width: int = 79) -> str:
    """Return the text of ``catalog`` as GNU msgcat 0.21 prints it."""
    if width < 0:
        raise ValueError(f"width must be 0 (no wrapping) or positive, not {width}")
    # Like msgcat -w: 0 turns wrapping off, and no page is narrower than 20.
    width = max(width, 20) if width else _NO_WRAP
    encoding = _output_encoding(catalog)
    out: list[str] = []
    if catalog.header or catalog.header_comments or catalog.header_flags:
        # Written even when it is the only entry, as msgcat --force does
        # (plain msgcat prints nothing for a header-only catalog).
        header = _header_text(catalog)
        _comment_lines(out, "#", catalog.header_comments)
        flags = _normalized_flags(catalog.header_flags, translated=bool(header), obsolete=False)
        if flags:
            out.append("#, " + ", ".join(flags))
        out.append('msgid ""')
        brace = encoding if _brace_format(flags) else None
        out += _wrap("", "msgstr", header, width, "no-wrap" not in flags, brace)
        out.append("")
    # msgcat prints active entries first, then obsolete ones, and drops
    # obsolete entries whose (first) translation is empty.
    active = [m for m in catalog.messages if not m.obsolete]
    kept = [m for m in catalog.messages if m.obsolete and _first_translation(m)]
    keys: set[tuple[str | None, str]] = set()
    for message in active + kept:
        if message.msgctxt is None and message.msgid == "":
            raise ValueError('a message with msgid "" and no msgctxt is the header, not a message')
        if message.key in keys:
            raise ValueError(f"two messages with the same msgctxt and msgid: {message.key!r}")
        keys.add(message.key)
        _message_lines(out, message, width, encoding)
        out.append("")
    return "\n".join(out)




def po_bytes(catalog: Catalog, *, width: int = 79) -> bytes:
    """The bytes of ``catalog``'s file: ``write_po``'s text in the charset its header
    declares (UTF-8 if none), so the file says what it is.  A character that charset
    cannot hold is a ValueError: convert first (``in_utf8``)."""
    text = write_po(catalog, width=width)
    encoding = _output_encoding(catalog)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        raise ValueError(f"line {line}: {text[error.start]!r} cannot be written in "
                         f"{encoding}: convert the catalog to UTF-8 first") from None
