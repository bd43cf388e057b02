"""The PO grammar both directions share: escapes, keywords, header and comment syntax."""

from __future__ import annotations

import codecs
import re

from ..errors import CatalogError

# -- escapes --

# msgcat escapes these and writes every other character, controls included, as is.
ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        '"': '\\"',
        "\a": "\\a",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
    }
)
ESCAPE_SEQUENCE = re.compile(r"\\.")
NEEDS_ESCAPE = re.compile(r'[\a\b\t\n\v\f\r\\"]')
PORTION = re.compile(r"[^\n]*\n|[^\n]+")


# -- keywords, strings, header fields --

CHARSET = re.compile(r"charset=([^\s;\"\\]+)", re.IGNORECASE)
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)(?![\w\[])[ \t]*")
WORD = re.compile(r"\S+")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t\f\v\r]*')
ESCAPE = re.compile(r'\\(?:([\\"ntrabfv])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))')
SIMPLE_ESCAPES = {
    "\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r",
    "a": "\a", "b": "\b", "f": "\f", "v": "\v",
}  # fmt: skip
# "Name: value"; the one space after the colon is syntax, the rest is the value.
HEADER_FIELD = re.compile(r"([^\s:]+): ?(.*)", re.DOTALL)
# The same for a whole header msgstr whose fields all end with a newline.
HEADER_LINE = re.compile(r"([^\s:]+): ?([^\n]*)\n")
HEADER_TEXT = re.compile(r"(?:[^\s:]+: ?[^\n]*\n)*")


def comment_text(text: str) -> str:
    # gettext drops the one space after the marker and keeps the rest as is.
    return text[1:] if text.startswith(" ") else text


# -- flags and references ("#," and "#:" lines) --

FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")


def flag_tokens(text: str) -> list[str]:
    """Split a "#," line the way gettext does (commas and whitespace separate flags)."""
    tokens = [t for t in FLAG_SEPARATORS.split(text) if t]
    if "range:" not in tokens:
        return tokens
    joined: list[str] = []
    i = 0
    while i < len(tokens):
        # "range: 1..5" is one flag spelled as two tokens.
        if tokens[i] == "range:" and i + 1 < len(tokens):
            joined.append(f"range: {tokens[i + 1]}")
            i += 2
        else:
            joined.append(tokens[i])
            i += 1
    return joined


UNUSUAL_REFERENCE = re.compile(r":(?:0[0-9]|(?!\S)|(?<!\S:))")


def split_references(text: str) -> list[str]:
    """Split a "#:" line into "file:line" and "file" items the way gettext reads them."""
    tokens = text.split()
    # Fast path: no token can join its neighbour and no line number changes
    # when gettext parses it.
    if not UNUSUAL_REFERENCE.search(text):
        return tokens
    # gettext 0.21 read-catalog-abstract.c: "file:12", "file: 12", "file :12"
    # and "file" are all accepted; a token whose line number is not all digits
    # is a file name.
    refs: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if following.startswith(":"):
            number = following[1:] or (tokens[i + 2] if i + 2 < len(tokens) else "")
            if number.isdigit() and number.isascii():
                refs.append(f"{token}:{int(number)}")
                i += 2 if following[1:] else 3
                continue
        if token.endswith(":") and len(token) > 1 and following.isdigit() and following.isascii():
            refs.append(f"{token[:-1]}:{int(following)}")
            i += 2
            continue
        head, colon, number = token.rpartition(":")
        if colon and head and number.isdigit() and number.isascii():
            refs.append(f"{head}:{int(number)}")
        else:
            refs.append(token)
        i += 1
    return refs


# -- bytes, charsets and quoted strings --

_CHARSET_BYTES = re.compile(rb"charset=([^\s;\"\\]+)", re.IGNORECASE)
_NEXT_MSGID_LINE = re.compile(rb"\n[ \t]*msgid\b")  # quicker than ^ and re.MULTILINE
_MSGSTR_LINE = re.compile(rb"^[ \t]*msgstr\b", re.MULTILINE)
# Every ASCII character a PO file's syntax uses must encode as itself.
_ASCII_PROBE = "".join(map(chr, range(32, 127))) + "\t\n\r"

EOT_MESSAGE = (
    "the control character EOT (U+0004) cannot appear in a message: gettext uses it "
    "to separate msgctxt from msgid"
)


def fail(path: str, line: int, message: str) -> CatalogError:
    return CatalogError(message, path=path, line=line)


def charset_codec(name: str, *, path: str, line: int) -> str:
    """Return the Python codec name for a PO charset, or raise CatalogError."""
    if name.upper() == "CHARSET":  # an unfilled template: gettext reads it as ASCII
        return "utf-8"
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise fail(path, line, f"unknown charset {name!r} in the Content-Type header") from None
    try:
        # The syntax of a PO file is ASCII: every ASCII character must encode
        # as itself (this rules out UTF-16, UTF-7, EBCDIC and bytes codecs).
        compatible = _ASCII_PROBE.encode(info.name) == _ASCII_PROBE.encode("ascii")
    except (UnicodeError, LookupError, TypeError, ValueError):
        compatible = False
    if not compatible:
        raise fail(
            path, line, f"charset {name!r} cannot be used in a PO file (it is not ASCII-based)"
        )
    return info.name


def sniff_codec(data: bytes) -> str:
    """The codec the header seems to declare, or UTF-8 (the parsed header has the last word)."""
    first = _MSGSTR_LINE.search(data)
    if first is None:
        return "utf-8"
    second = _NEXT_MSGID_LINE.search(data, first.end())
    match = _CHARSET_BYTES.search(data, first.start(), second.start() + 1 if second else len(data))
    if match is None:
        return "utf-8"
    try:
        return charset_codec(match.group(1).decode("ascii", "replace"), path="", line=0)
    except CatalogError:
        return "utf-8"


def decode(data: bytes, codec: str, *, path: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        name = codec.upper()
        raise fail(
            path,
            line,
            f"this line is not valid {name} text (byte {data[error.start]:#04x}); save the file "
            f"as {name} or declare its real charset in the Content-Type header",
        ) from None
    # In UTF-8 a NUL character is a 0 byte, which is much quicker to look for.
    if b"\x00" in data if codec == "utf-8" else "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise fail(path, line, "this line contains a NUL character; is this really a PO file?")
    return text


def unescape(body: str, codec: str, *, path: str, line: int) -> str:
    """Resolve backslash escapes; numeric ones are bytes in the file's charset."""
    pieces: list[str | bytes] = []
    numeric = False
    position = 0
    for match in ESCAPE.finditer(body):
        if match.start() > position:
            pieces.append(body[position : match.start()])
        simple, octal, hexa, bad = match.groups()
        if simple is not None:
            pieces.append(SIMPLE_ESCAPES[simple])
        elif bad is not None:
            raise fail(
                path,
                line,
                f'invalid escape sequence \\{bad} in a string (allowed: \\\\ \\" \\n \\t \\r '
                "\\a \\b \\f \\v, \\ooo and \\xhh); write \\\\ for a backslash",
            )
        else:
            value = int(octal, 8) if octal is not None else int(hexa, 16)
            if value == 4:
                raise fail(path, line, EOT_MESSAGE)
            if value == 0 or value > 255:
                raise fail(
                    path, line, f"escape sequence {match.group(0)} is not a valid byte in a message"
                )
            pieces.append(bytes((value,)))
            numeric = True
        position = match.end()
    pieces.append(body[position:])
    if not numeric:
        return "".join(pieces)  # type: ignore[arg-type]
    raw = b"".join(p if isinstance(p, bytes) else p.encode(codec) for p in pieces)
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        raise fail(
            path, line, f"the escaped bytes in this string are not valid {codec.upper()} text"
        ) from None


def strings(text: str, codec: str, *, path: str, line: int) -> str:
    """The value of the quoted string(s) that make up ``text``, which starts with a quote."""
    if text[-1] == '"' and text.count('"') == 2:  # the common case: one string
        body = text[1:-1]
        if "\\" not in body:
            return body
        if body.count("\\") == body.count("\\n"):  # every backslash starts a \n
            return body.replace("\\n", "\n")
    return quoted_strings(text, codec, path=path, line=line)


def quoted_strings(text: str, codec: str, *, path: str, line: int) -> str:
    """``strings`` without its shortcuts: any number of strings, any escapes, or an error."""
    values = []
    position = 0
    while position < len(text):
        if text[position] != '"':
            found = WORD.match(text, position)
            shown = found.group(0) if found else text[position:]
            raise fail(path, line, f"unexpected text {shown!r} outside quotes")
        match = QUOTED.match(text, position)
        if match is None:
            raise fail(path, line, 'unterminated string: the closing " is missing')
        body = match.group(1)
        values.append(unescape(body, codec, path=path, line=line) if "\\" in body else body)
        position = match.end()
    return "".join(values)
