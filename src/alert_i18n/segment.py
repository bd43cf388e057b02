"""Markdown text -> SourceDocument: the translatable blocks and where they sit.

The scanner follows Python-Markdown's block rules (which render the pages), so
a message is exactly one rendered block: heading, paragraph, list item,
blockquote paragraph, table cell, standalone image alt text or title, link
definition title.  Everything else (front matter, code, raw HTML, link
definitions, blank lines, markers and indentation) is kept byte for byte by
recording each block's character span in the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import SourceError
from .limits import MAX_BLOCK_DEPTH, inline_problem, size_problem
from .model import Location, Segment, Slot, SourceDocument

TAB = 4  # Python-Markdown's tab_length: nested blocks are indented this much

_ATX = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"[ ]{0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"[ ]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_LIST = re.compile(r"[ ]{0,3}(?:[-*+]|\d+\.)[ \t]+(?=\S)|[ ]{0,3}(?:[-*+]|\d+\.)[ \t]*$")
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_REFDEF = re.compile(
    r"""[ ]{0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*<?\S+?>?"""
    r"""(?:[ \t]+(?:"(?P<t1>[^"]*)"|'(?P<t2>[^']*)'|\((?P<t3>[^)]*)\)))?[ \t]*$"""
)
_TABLE_DELIM = re.compile(r"[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_IMAGE = re.compile(
    r"""!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<src>[^\s)]*)"""
    r"""(?:[ \t]+"(?P<title>[^"]*)")?\)$"""
)
_HTML_BLOCK = re.compile(
    r"[ ]{0,3}<(?:!--|\?|![A-Za-z]|/?(?:address|article|aside|blockquote|body|canvas|center|"
    r"dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    r"h[1-6]|head|header|hgroup|hr|html|iframe|legend|li|link|main|math|menu|nav|noscript|ol|"
    r"p|pre|script|section|style|summary|svg|table|tbody|td|template|tfoot|th|thead|title|tr|"
    r"ul|video)(?=[\s/>]|$))",
    re.IGNORECASE,
)
_HARD_BREAK = re.compile(r"[ ]{2,}$")


@dataclass(frozen=True)
class _Line:
    """A source line seen through its containers: content and where it starts."""

    number: int
    offset: int  # offset of content[0] in the source text
    content: str

    def dedent(self, width: int) -> _Line:
        """The line with up to ``width`` columns of leading indentation removed."""
        text = self.content
        cut = 0
        column = 0
        while cut < len(text) and column < width and text[cut] in " \t":
            column += TAB - column % TAB if text[cut] == "\t" else 1
            cut += 1
        return _Line(self.number, self.offset + cut, text[cut:])

    def drop(self, count: int) -> _Line:
        return _Line(self.number, self.offset + count, self.content[count:])

    @property
    def blank(self) -> bool:
        return not self.content.strip()

    @property
    def indent(self) -> int:
        return len(self.content) - len(self.content.lstrip(" "))


def parse_source(text: str, *, path: str, body: bool = True) -> SourceDocument:
    """Segment one Markdown alert (already decoded) into a SourceDocument.

    Input that Python-Markdown could not render in bounded time and stack
    (see ``limits``) raises a SourceError naming the line.  With ``body``
    false, only the front matter is read: the document has no slots.
    """
    lines = _split_lines(text)
    metadata: tuple[tuple[str, str], ...] = ()
    body_start = 0
    if lines and lines[0].content.rstrip() == "---":
        metadata, lines = _front_matter(lines, path=path)
        body_start = lines[0].offset if lines else len(text)
    if not body:
        return SourceDocument(path=path, text=text, slots=(), metadata=metadata,
                              body_start=body_start)
    _check_inline(lines, path=path)
    scanner = _Scanner(path)
    scanner.blocks(lines, continuation="", where="")
    return SourceDocument(path=path, text=text, slots=tuple(scanner.slots), metadata=metadata,
                          body_start=body_start)


def decode_source(data: bytes, *, path: str) -> str:
    """Source bytes -> text: UTF-8, byte-order mark removed, or a SourceError.

    A lone carriage return (old Mac line ending) becomes a newline, as
    Python-Markdown reads it; CRLF is kept (the localized Markdown keeps the
    source's line endings).
    """
    if problem := size_problem(len(data)):
        raise SourceError(problem, path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            path=path,
            line=line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError("contains a NUL character: not a text file", path=path, line=line)
    return _LONE_CR.sub("\n", text)


_LONE_CR = re.compile(r"\r(?!\n)")


def _check_inline(lines: list[_Line], *, path: str) -> None:
    """Refuse a run of lines (a block and what it contains) nested or bracketed beyond
    what Python-Markdown renders in bounded time and stack (``limits``)."""
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or lines[index].blank:
            if index > start:
                chunk = "\n".join(line.content for line in lines[start:index])
                if problem := inline_problem(chunk):
                    raise SourceError(problem, path=path, line=lines[start].number)
            start = index + 1


def _split_lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(_Line(number, offset, content))
        offset += len(raw) + 1
    if lines and lines[-1].content == "" and text.endswith("\n"):
        lines.pop()
    return lines


def _front_matter(
    lines: list[_Line], *, path: str
) -> tuple[tuple[tuple[str, str], ...], list[_Line]]:
    """Parse a ``---`` block of ``key: value`` lines; metadata is never translated."""
    pairs: list[tuple[str, str]] = []
    for index in range(1, len(lines)):
        line = lines[index]
        stripped = line.content.strip()
        if stripped in ("---", "..."):
            return tuple(pairs), lines[index + 1 :]
        if not stripped or stripped.startswith("#"):
            continue
        key, colon, value = line.content.partition(":")
        if not colon or not re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
            if not any(later.content.strip() in ("---", "...") for later in lines[index:]):
                break  # the body, more likely: the front matter was never closed
            raise SourceError(
                "front matter line is not 'key: value'", path=path, line=line.number
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.append((key.strip(), value))
    raise SourceError(
        "front matter opened with '---' is never closed", path=path, line=lines[0].number
    )


class _Scanner:
    """Walks blocks recursively through blockquotes and list items, collecting slots."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.slots: list[Slot] = []
        self.depth = 0  # containers (quotes, list items) around the lines being scanned

    def add(self, first: _Line, last: _Line, msgid: str, kind: str, continuation: str) -> None:
        if not msgid.strip():
            return
        # Catalog keys are NFC, as translations are: a source typed with decomposed
        # accents still finds entries a tool saved composed, and the other way round.
        msgid = unicodedata.normalize("NFC", msgid)
        location = Location(self.path, first.number)
        start = first.offset
        end = last.offset + len(last.content.rstrip())
        self.slots.append(Slot(Segment(msgid, location, kind), start, end, continuation))

    def nested(self, lines: list[_Line], *, continuation: str, where: str) -> None:
        """Scan the content of a quote or list item, one level deeper (bounded)."""
        if not lines:
            return
        if self.depth >= MAX_BLOCK_DEPTH:
            raise SourceError(
                f"quotes and lists are nested more than {MAX_BLOCK_DEPTH} levels deep: "
                "flatten them", path=self.path, line=lines[0].number,
            )
        self.depth += 1
        try:
            self.blocks(lines, continuation=continuation, where=where)
        finally:
            self.depth -= 1

    def blocks(self, lines: list[_Line], *, continuation: str, where: str) -> None:
        """Scan a run of lines that share one container."""
        i = 0
        in_item = where.startswith("list item")
        while i < len(lines):
            line = lines[i]
            text = line.content
            if line.blank:
                i += 1
            elif fence := _FENCE.match(text):
                i = self._skip_fence(lines, i, fence.group(1))
            elif line.indent >= TAB:
                i = self._skip_indented_code(lines, i)
            elif heading := _ATX.match(text):
                body = line.drop(heading.end())
                close = _ATX_CLOSE.search(body.content)
                title = body.content[: close.start()] if close else body.content
                self.add(body, _Line(body.number, body.offset, title), title,
                         f"heading {len(heading.group(1))}{where}", continuation)
                i += 1
            elif _HR.match(text):
                i += 1
            elif _HTML_BLOCK.match(text):
                i = self._skip_until_blank(lines, i)
            elif _QUOTE.match(text):
                i = self._quote(lines, i, continuation=continuation)
            elif _LIST.match(text):
                i = self._list(lines, i, continuation=continuation)
            elif ref := _REFDEF.match(text):
                for group in ("t1", "t2", "t3"):
                    if ref.group(group):
                        start = ref.start(group)
                        title = line.drop(start)
                        piece = _Line(title.number, title.offset, ref.group(group))
                        self.add(piece, piece, ref.group(group), "link title", continuation)
                i += 1
            elif (
                "|" in text
                and i + 1 < len(lines)
                and _TABLE_DELIM.match(lines[i + 1].content)
                and "-" in lines[i + 1].content
            ):
                i = self._table(lines, i, continuation=continuation)
            else:
                i = self._paragraph(lines, i, continuation=continuation, where=where,
                                    in_item=in_item)

    def _skip_fence(self, lines: list[_Line], i: int, fence: str) -> int:
        closing = re.compile(rf"[ ]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        for j in range(i + 1, len(lines)):
            if closing.match(lines[j].content):
                return j + 1
        return len(lines)

    def _skip_indented_code(self, lines: list[_Line], i: int) -> int:
        j = i
        while j < len(lines) and (lines[j].blank or lines[j].indent >= TAB):
            j += 1
        while j > i and lines[j - 1].blank:
            j -= 1
        return j

    def _skip_until_blank(self, lines: list[_Line], i: int) -> int:
        while i < len(lines) and not lines[i].blank:
            i += 1
        return i

    def _quote(self, lines: list[_Line], i: int, *, continuation: str) -> int:
        inner: list[_Line] = []
        while i < len(lines) and not lines[i].blank:
            line = lines[i]
            marker = _QUOTE.match(line.content)
            inner.append(line.drop(marker.end()) if marker else line)  # lazy continuation
            i += 1
        self.nested(inner, continuation=continuation + "> ", where=" in a blockquote")
        return i

    def _list(self, lines: list[_Line], i: int, *, continuation: str) -> int:
        """A list: each marker line starts an item; indented lines belong to it."""
        items: list[list[_Line]] = []
        while i < len(lines):
            line = lines[i]
            marker = _LIST.match(line.content)
            if marker:
                items.append([line.drop(marker.end())])
                i += 1
                continue
            if line.blank:
                j = i
                while j < len(lines) and lines[j].blank:
                    j += 1
                if j < len(lines) and (lines[j].indent >= TAB or _LIST.match(lines[j].content)):
                    items[-1].extend(lines[i:j])
                    i = j
                    continue
                break
            if line.indent >= TAB or not self._starts_block(line.content):
                items[-1].append(line.dedent(TAB))  # nested content or lazy continuation
                i += 1
                continue
            break
        for item in items:
            self.nested(item, continuation=continuation + " " * TAB, where="list item")
        return i

    def _table(self, lines: list[_Line], i: int, *, continuation: str) -> int:
        self._row(lines[i], "table header cell", continuation)
        i += 2
        while i < len(lines) and not lines[i].blank and "|" in lines[i].content:
            self._row(lines[i], "table cell", continuation)
            i += 1
        return i

    def _row(self, line: _Line, kind: str, continuation: str) -> None:
        text = line.content
        for cell in re.finditer(r"(?:\\.|[^|\\])+", text):
            raw = cell.group()
            stripped = raw.strip()
            if not stripped:
                continue
            start = cell.start() + len(raw) - len(raw.lstrip())
            piece = _Line(line.number, line.offset + start, stripped)
            self.add(piece, piece, stripped, kind, continuation)

    def _starts_block(self, text: str) -> bool:
        return bool(
            _ATX.match(text) or _FENCE.match(text) or _QUOTE.match(text) or _HR.match(text)
            or _LIST.match(text) or _HTML_BLOCK.match(text)
        )

    def _paragraph(self, lines: list[_Line], i: int, *, continuation: str, where: str,
                   in_item: bool) -> int:
        start = i
        i += 1
        while i < len(lines):
            text = lines[i].content
            if lines[i].blank:
                break
            if _SETEXT.match(text) and (text.strip()[0] == "=" or not _HR.match(text) or
                                        text.strip().startswith("-")):
                level = 1 if text.strip()[0] == "=" else 2
                self._emit_paragraph(lines[start:i], f"heading {level}", continuation)
                return i + 1
            interrupts = (
                _ATX.match(text) or _FENCE.match(text) or _QUOTE.match(text) or _HR.match(text)
                or (in_item and _LIST.match(text))
            )
            if interrupts:
                break
            i += 1
        kind = "paragraph" if where != "list item" else "list item"
        if where.startswith(" in"):
            kind += where
        block = lines[start:i]
        if len(block) == 1 and (image := _IMAGE.match(block[0].content.strip())):
            self._image(block[0], image, continuation)
        else:
            self._emit_paragraph(block, kind, continuation)
        return i

    def _image(self, line: _Line, image: re.Match[str], continuation: str) -> None:
        lead = len(line.content) - len(line.content.lstrip())
        for group, kind in (("alt", "image alt text"), ("title", "image title")):
            value = image.group(group)
            if value and value.strip():
                piece = _Line(line.number, line.offset + lead + image.start(group), value)
                self.add(piece, piece, value, kind, continuation)

    def _emit_paragraph(self, block: list[_Line], kind: str, continuation: str) -> None:
        block = [line.dedent(TAB) for line in block]
        parts = []
        for index, line in enumerate(block):
            parts.append(line.content.strip())
            if index < len(block) - 1:
                parts.append("\n" if _HARD_BREAK.search(line.content) else " ")
        if "\n" in parts:
            kind += "; \\n is a line break: keep it"
        self.add(block[0], block[-1], "".join(parts), kind, continuation)
