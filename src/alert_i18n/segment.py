"""Markdown text -> SourceDocument: the translatable blocks and where they sit.

Blocks come from the grammar that renders them.  The alert's body is parsed
by Python-Markdown's own ``BlockParser`` and block processors, configured as
pages are rendered (``grammar``), and every string a processor hands on (the
lines before a heading, a quote without its ``>``, a list item, the rest of a
block) is traced back to the source lines and columns it came from.  A
message is then exactly one block the page renders: heading, paragraph, list
item, table cell, the alt text or title of a standalone image, a link
definition's title.  Everything else (front matter, code, link definitions,
rules, blank lines, markers and indentation) is kept byte for byte, because
each message records its character span in the source.

(Over 500 lines, as one module on purpose: the trace, the messages taken from
the parser's tree and the final check that every text on the page came from
a traced message are one algorithm, and split they would share its state.)

Why Python-Markdown's parser rather than a scanner of our own: a copy of its
rules drifts (ours counted indentation in spaces only, took ``#Title`` for
text, ``## Title \\`` for a heading), and a new release may change them
again.  Traced, the messages follow whatever the installed release renders.
What the trace cannot place (a processor that rewrites a line instead of
cutting it, text that comes from no traced block) is refused with the source
line (``SourceError``), never guessed: a page that silently differs from the
English is worse than an alert that must be reworded.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .errors import SourceError
from .inline import STANDALONE_IMAGE, without_private_use
from .limits import MAX_BLOCK_DEPTH, inline_problem, size_problem
from .model import Location, Segment, Slot, SourceDocument

if TYPE_CHECKING:
    import markdown
    from markdown.blockprocessors import BlockProcessor

_LINE_END = re.compile(r"\r\n|\r|\n")
_LIST_MARKER = re.compile(r"(?<![^\s>])(?:[*+-]|\d+\.)(?=\s|$)")
_CONTAINERS = frozenset({"blockquote", "li"})


def parse_source(text: str, *, path: str, body: bool = True) -> SourceDocument:
    """Segment one Markdown alert (already decoded) into a SourceDocument.

    Input that Python-Markdown could not render in bounded time and stack
    (see ``limits``), or whose blocks cannot be traced back to the source,
    raises a SourceError naming the line.  With ``body`` false, only the front
    matter is read: the document has no slots.  Private-use characters are
    removed, as from translations: they would forge the renderer's markers.
    """
    text = without_private_use(text)
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
    first_line = lines[0].number if lines else 1
    slots = _Tracer(_markdown(), text, body_start, path=path, first_line=first_line).slots()
    return SourceDocument(path=path, text=text, slots=slots, metadata=metadata,
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


# -- source lines ---------------------------------------------------------------

class _Line(NamedTuple):  # a tuple: made for every line of every source read
    """A source line: its 1-based number, where it starts, its text without the newline."""

    number: int
    offset: int
    content: str

    @property
    def blank(self) -> bool:
        return not self.content.strip()


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
                if not pairs:  # a rule, not front matter: Python-Markdown's <hr>
                    return (), lines
                break  # the body, more likely: the front matter was never closed
            raise SourceError(
                "front matter line is not 'key: value'", path=path, line=line.number
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.append((key.strip(), value))
    if not pairs:  # "---" and nothing that reads as front matter: a rule
        return (), lines
    raise SourceError(
        "front matter opened with '---' is never closed", path=path, line=lines[0].number
    )


# -- the body as Python-Markdown reads it --------------------------------------------

class _Body:
    """The body's lines as Python-Markdown's preprocessors leave them (tabs expanded,
    whitespace-only lines emptied), and where each of their characters is in the source."""

    def __init__(self, md: markdown.Markdown, text: str, start: int, *, path: str,
                 first_line: int) -> None:
        self.text = text
        self.path = path
        self.first_line = first_line
        body = text[start:]
        self.starts: list[int] = []
        self.raw: list[str] = []
        if "\r" in body:
            position = 0
            for found in _LINE_END.finditer(body):
                self.starts.append(start + position)
                self.raw.append(body[position : found.start()])
                position = found.end()
            self.starts.append(start + position)
            self.raw.append(body[position:])
        else:
            self.raw = body.split("\n")
            position = start
            for line in self.raw:
                self.starts.append(position)
                position += len(line) + 1
        self.empty = not body.strip()
        lines = body.split("\n")
        for preprocessor in md.preprocessors:  # what Markdown.convert does first
            lines = preprocessor.run(lines)
        self.lines = lines
        raw = self.raw
        if lines[: len(raw)] == raw and not any(lines[len(raw) :]):
            return  # no tab, no whitespace-only line: each line as it is in the source
        for index, line in enumerate(lines):
            expected = _expanded(raw[index]) if index < len(raw) else ""
            if line != expected and (line or expected.strip(" ")):
                raise self.error(index, "Python-Markdown reads this line otherwise than "
                                 "expected (its preprocessors changed): cannot segment it")

    def error(self, index: int, message: str) -> SourceError:
        line = self.first_line + min(index, len(self.raw) - 1)
        return SourceError(message, path=self.path, line=line)

    def offset(self, index: int, column: int) -> int:
        """Source offset of the character at ``column`` of expanded line ``index``."""
        raw = self.raw[index]
        if "\t" not in raw and "\x02" not in raw and "\x03" not in raw:
            return self.starts[index] + column
        origins = _expand(raw)[1]
        return self.starts[index] + (origins[column] if column < len(origins) else len(raw))

    def end(self, index: int, column: int) -> int:
        """Source offset just after the character before ``column`` of line ``index``."""
        return self.offset(index, column - 1) + 1 if column else self.offset(index, 0)


def _expanded(raw: str) -> str:
    """``raw`` as Python-Markdown's whitespace preprocessor makes it."""
    if "\t" not in raw and "\x02" not in raw and "\x03" not in raw:
        return raw
    return raw.replace("\x02", "").replace("\x03", "").expandtabs(4)


def _expand(raw: str) -> tuple[str, list[int]]:
    """A line as Python-Markdown's whitespace preprocessor makes it (STX and ETX
    removed, tabs expanded to 4 columns), and each character's index in ``raw``."""
    out: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(raw):
        if char in "\x02\x03":
            continue
        if char == "\t":
            width = 4 - len(out) % 4
            out.extend(" " * width)
            origins.extend([index] * width)
        else:
            out.append(char)
            origins.append(index)
    return "".join(out), origins


# -- tracing Python-Markdown's block parser -------------------------------------------

Row = tuple[int, int]  # (line index in the body, column of the string's line in it)


class _UntraceableError(Exception):
    """A string a block processor made that is not a cut of the block it was given."""

    def __init__(self, index: int) -> None:
        self.index = index


class _Context:
    """One block being processed: its text, lines, and where each line came from."""

    __slots__ = ("_lines", "block", "cursor", "parent", "rows")

    def __init__(self, block: str, rows: list[Row], parent: etree.Element) -> None:
        self.block, self.rows, self.parent = block, rows, parent
        self.cursor = 0  # lines of the block already handed on, in order
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.block.split("\n")
        return self._lines


@dataclass
class _Leaf:
    """A translatable piece of rendered text: its pieces of lines and its kind."""

    kind: str
    pieces: list[tuple[int, int, int]]  # (body line, start column, end column), expanded
    margin: int  # column where its first line's block starts: containers before it
    hard_breaks: list[bool] = field(default_factory=list)  # after each piece but the last


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's converter with the pages' grammar (made on first use)."""
    md = getattr(_local, "md", None)
    if md is None:
        from .grammar import new_markdown  # Python-Markdown: only when a body is segmented

        md = _local.md = new_markdown()
    return md


_Processors = tuple[
    list[tuple["BlockProcessor", Callable[[str], bool] | None]], dict[int, str]]


def _processors(md: markdown.Markdown) -> _Processors:
    """``md``'s block processors, each with the one thing a block needs for it (as the
    renderer skips them), and the names of those whose blocks are leaves: looked up
    once per converter (the registry's lookups by name cost more than a short body)."""
    registry = md.parser.blockprocessors
    cached = getattr(_local, "processors", None)
    if cached is not None and cached[0] is md and cached[1] == list(registry):
        return cached[2]
    from .grammar import block_needs

    found: _Processors = (
        [(processor, block_needs(processor)) for processor in registry],
        {id(registry[name]): name for name in (
            "paragraph", "hashheader", "setextheader", "table", "reference"
        ) if name in registry},
    )
    _local.processors = (md, list(registry), found)
    return found


class _Tracer:
    """Runs Python-Markdown's block processors on a body and records where every
    string they pass on, and every text they put into the tree, comes from."""

    def __init__(self, md: markdown.Markdown, text: str, start: int, *, path: str,
                 first_line: int) -> None:
        self.md = md
        self.path = path
        self.parser = md.parser
        self.processors, self.names = _processors(md)
        self.body = _Body(md, text, start, path=path, first_line=first_line)
        self.stack: list[_Context] = []
        self.leaves: list[_Leaf] = []
        self.texts: list[str] = []  # what each leaf put into the tree, in order
        self.depth: dict[int, int] = {}

    def slots(self) -> tuple[Slot, ...]:
        if self.body.empty:
            return ()
        md, parser = self.md, self.parser
        md.reset()
        del parser.state[:]
        saved = parser.parseChunk, parser.parseBlocks
        parser.parseChunk = self._parse_chunk  # type: ignore[method-assign]
        parser.parseBlocks = self._parse_blocks  # type: ignore[method-assign]
        root = etree.Element(md.doc_tag)
        lines = self.body.lines
        try:
            self._parse(root, "\n".join(lines), [(i, 0) for i in range(len(lines))])
        except _UntraceableError as error:
            raise self.body.error(error.index, "Python-Markdown cuts this block in a way "
                                  "that cannot be traced back to the source: reword or "
                                  "re-indent it") from None
        except RecursionError:
            raise self.body.error(0, "too deeply nested to segment: flatten the quotes, "
                                  "lists or emphasis") from None
        finally:
            parser.parseChunk, parser.parseBlocks = saved  # type: ignore[method-assign]
            del parser.state[:]
        self._check_complete(root)
        # Document order (a definition's title is noted before the lines above it).
        return tuple(sorted((self._slot(leaf) for leaf in self.leaves),
                            key=lambda slot: slot.start))

    # -- the parser's two entry points, traced ---------------------------------------

    def _parse_chunk(self, parent: etree.Element, text: str) -> None:
        self._parse(parent, text, self._derive(text))

    def _parse_blocks(self, parent: etree.Element, blocks: list[str]) -> None:
        rows = [self._derive(block) for block in blocks]
        self._run(parent, blocks, rows)

    def _parse(self, parent: etree.Element, text: str, rows: list[Row]) -> None:
        """``BlockParser.parseChunk``: blocks are separated by blank lines."""
        blocks = text.split("\n\n")
        split: list[list[Row]] = []
        line = 0
        for block in blocks:
            count = block.count("\n") + 1
            split.append(rows[line : line + count])
            line += count + 1
        self._run(parent, blocks, split)

    def _run(self, parent: etree.Element, blocks: list[str], rows: list[list[Row]]) -> None:
        """``BlockParser.parseBlocks``, noting what each processor did with each block."""
        self._enter(parent, blocks, rows)
        while blocks:
            for processor, needs in self.processors:
                block = blocks[0]
                if not ((needs is None or needs(block)) and processor.test(parent, block)):
                    continue
                context = _Context(block, rows[0], parent)
                others = len(blocks) - 1
                in_list = self.parser.state.isstate("list")
                self.stack.append(context)
                try:
                    result = processor.run(parent, blocks)
                finally:
                    self.stack.pop()
                if result is False:  # declined: the block is back for the next processor
                    continue
                heads = blocks[: len(blocks) - others]
                name = self.names.get(id(processor))
                # What a processor leaves ends where the block ends, except the lines a
                # link definition follows, which start where it starts.
                before = name == "reference" and self._before_definitions(block)
                derived = [self._derive(head, context=context,
                                        rest="start" if before and index == 0 else "end")
                           for index, head in enumerate(heads)]
                rows[:1] = derived
                if name is not None:
                    self._leaf(name, context, parent, heads, in_list=in_list)
                break
            else:  # pragma: no cover (the paragraph processor takes any block)
                raise _UntraceableError(rows[0][0][0] if rows[0] else 0)

    def _enter(self, parent: etree.Element, blocks: list[str], rows: list[list[Row]]) -> None:
        """Count the quotes and list items around ``parent``; refuse too many."""
        if id(parent) in self.depth:
            return
        around = self.depth.get(id(self.stack[-1].parent), 0) if self.stack else 0
        depth = around + (parent.tag in _CONTAINERS)
        if depth > MAX_BLOCK_DEPTH:
            lines = blocks[0].split("\n") if blocks else []
            first = next((i for i, line in enumerate(lines) if line.strip()), 0)
            line = rows[0][first][0] if rows and rows[0] else 0
            raise self.body.error(
                line, f"quotes and lists are nested more than {MAX_BLOCK_DEPTH} levels "
                "deep: flatten them")
        self.depth[id(parent)] = depth

    def _before_definitions(self, block: str) -> bool:
        """Whether the reference processor left text before the definitions it took."""
        pattern = getattr(self.parser.blockprocessors["reference"], "RE", None)
        first = pattern.search(block) if pattern is not None else None
        return first is not None and bool(block[: first.start()].strip())

    def _derive(self, text: str, *, context: _Context | None = None,
                rest: str = "") -> list[Row]:
        """Where each line of ``text``, made from the block being processed, comes from.

        Processors cut a block into line ranges, in order, and may drop a prefix
        of each line (a quote's ``>``, a list item's marker or indentation): each
        line of ``text`` ends a line of the block.  What a processor hands to the
        parser while it runs continues where the last piece ended (a quote's text
        may start on the line its ``before`` ends, empty); what it leaves at the
        head of the blocks ends where the block ends.
        """
        context = context or self.stack[-1]
        lines = text.split("\n")
        count = len(lines)
        if not text:
            row = context.rows[min(context.cursor, len(context.rows) - 1)]
            return [row]
        total = len(context.lines)
        if rest == "start":
            starts = [0]
        elif rest:  # the block's last lines (detabbed, after a heading in a loose list)
            starts = [total - count]
        else:
            starts = [context.cursor]
            if not lines[0] and context.cursor:
                starts.append(context.cursor - 1)
            starts.append(context.cursor + 1)  # after an empty piece ("+" alone, an item)
        for start in starts:
            if start < 0 or start + count > total:
                continue
            block = context.lines
            if all(block[start + i].endswith(lines[i]) for i in range(count)):
                if not rest:
                    context.cursor = start + count
                return [(line, column + len(block[start + i]) - len(lines[i]))
                        for i, (line, column) in enumerate(context.rows[start : start + count])]
        raise _UntraceableError(context.rows[min(context.cursor, total - 1)][0])

    # -- what the processors put into the tree ---------------------------------------

    def _leaf(self, name: str, context: _Context, parent: etree.Element, heads: list[str],
              *, in_list: bool) -> None:
        where = _where(parent)
        if name == "paragraph":
            if not context.block.strip():
                return
            self._paragraph(context, where, in_list=in_list)
        elif name == "hashheader":
            # On the line after those before the heading, after its level's "#"s.
            heading = parent[-1]
            self._heading(context, heading, context.cursor, int(heading.tag[1:]), where)
        elif name == "setextheader":
            self._heading(context, parent[-1], 0, 0, where)
        elif name == "table":
            self._table(context, parent[-1])
        elif name == "reference":
            self._references(context, heads)

    def _piece(self, context: _Context, line: int, start: int, end: int) -> tuple[int, int, int]:
        row, column = context.rows[line]
        return (row, column + start, column + end)

    def _paragraph(self, context: _Context, where: str, *, in_list: bool) -> None:
        lines = context.lines
        used = [i for i, line in enumerate(lines) if line.strip()]
        first, last = used[0], used[-1]
        self.texts.append(context.block)
        if first == last:
            line = lines[first]
            stripped = line.strip()
            if image := STANDALONE_IMAGE.fullmatch(stripped):
                lead = len(line) - len(line.lstrip())
                for group, kind in (("alt", "image alt text"), ("title", "image title")):
                    value = image.group(group)
                    if value and value.strip():
                        begin = lead + image.start(group)
                        self.leaves.append(_Leaf(kind, [self._piece(
                            context, first, begin, begin + len(value))], context.rows[first][1]))
                return
        kind = "list item" if in_list or where == " in a list item" else "paragraph" + where
        pieces = []
        breaks = []
        for index in range(first, last + 1):
            line = lines[index]
            pieces.append(self._piece(context, index, len(line) - len(line.lstrip()),
                                      len(line.rstrip())))
            if index < last:
                breaks.append(line.endswith("  "))
        self.leaves.append(_Leaf(kind, pieces, context.rows[first][1], breaks))

    def _heading(self, context: _Context, heading: etree.Element, line: int, skip: int,
                 where: str) -> None:
        title = heading.text or ""
        self.texts.append(title)
        if not title:
            return
        text = context.lines[line]
        begin = text.find(title, skip)
        if begin < 0:
            raise _UntraceableError(context.rows[line][0])
        self.leaves.append(_Leaf(f"heading {heading.tag[1:]}{where}",
                                 [self._piece(context, line, begin, begin + len(title))],
                                 context.rows[line][1]))

    def _table(self, context: _Context, table: etree.Element) -> None:
        rows = [row for section in table for row in section]
        lines = [0, *range(2, len(context.lines))]
        for row, line in zip(rows, lines, strict=False):
            text = context.lines[line]
            position = 0
            kind = "table header cell" if row[0].tag == "th" else "table cell"
            for cell in row:
                value = cell.text or ""
                self.texts.append(value)
                if not value:
                    continue
                begin = text.find(value, position)
                if begin < 0:
                    raise _UntraceableError(context.rows[line][0])
                position = begin + len(value)
                self.leaves.append(_Leaf(kind, [self._piece(context, line, begin, position)],
                                         context.rows[line][1]))

    def _references(self, context: _Context, heads: list[str]) -> None:
        """Titles of the link definitions the processor took (the text between what it
        left before and after them)."""
        block = context.block
        pattern = getattr(self.parser.blockprocessors["reference"], "RE", None)
        first = pattern.search(block) if pattern is not None else None
        if first is None:
            return
        begin, end = first.start(), len(block)
        for head in heads:
            if not (block.startswith(head) and len(head) <= begin):
                end = len(block) - len(head)
        for found in pattern.finditer(block, begin, end):
            for group in (5, 6):
                if found.group(group):
                    start = found.start(group)
                    line = block.count("\n", 0, start)
                    column = start - (block.rfind("\n", 0, start) + 1)
                    self.leaves.append(_Leaf("link title", [self._piece(
                        context, line, column, column + len(found.group(group)))],
                        context.rows[line][1]))

    def _check_complete(self, root: etree.Element) -> None:
        """Every character of text in the tree came from a leaf, in order: no processor
        made text the trace does not know of."""
        # White space removed (str.split's is the regular expressions' "\s").
        tree = "".join("".join(_texts(root)).split())
        leaves = "".join("".join(self.texts).split())
        if tree != leaves:
            raise self.body.error(0, "Python-Markdown makes text here that cannot be traced "
                                  "back to the source: cannot segment it")

    # -- leaves -> slots -------------------------------------------------------------

    def _slot(self, leaf: _Leaf) -> Slot:
        body, text = self.body, self.body.text
        spans = [(row, body.offset(row, start), body.end(row, end))
                 for row, start, end in leaf.pieces]
        parts = []
        for index, (_, start, end) in enumerate(spans):
            parts.append(text[start:end].strip())
            if index < len(spans) - 1:
                parts.append("\n" if leaf.hard_breaks[index] else " ")
        msgid = "".join(parts)
        kind = leaf.kind
        if "\n" in msgid:
            kind += "; \\n is a line break: keep it"
        # Catalog keys are NFC, as translations are: a source typed with decomposed
        # accents still finds entries a tool saved composed, and the other way round.
        if not unicodedata.is_normalized("NFC", msgid):
            msgid = unicodedata.normalize("NFC", msgid)
        first_row, start, _ = spans[0]
        if len(spans) > 1:  # the English's own continuation lines say how to indent
            row, second, _ = spans[1]
            continuation = text[body.starts[row] : second]
        else:  # the first line's containers, list markers as spaces
            prefix = text[body.starts[first_row] : body.offset(first_row, leaf.margin)]
            continuation = _LIST_MARKER.sub(lambda m: " " * len(m.group()), prefix) \
                if prefix.strip(" \t>") else prefix
        location = Location(self.path, body.first_line + first_row)
        return Slot(Segment(msgid, location, kind), start, spans[-1][2], continuation)


def _where(parent: etree.Element) -> str:
    if parent.tag == "blockquote":
        return " in a blockquote"
    if parent.tag == "li":
        return " in a list item"
    return ""


def _texts(element: etree.Element) -> Iterator[str]:
    """The text of ``element`` and its descendants, in document order (not code)."""
    if element.tag == "pre":
        return
    if element.text:
        yield element.text
    for child in element:
        yield from _texts(child)
        if child.tail:
            yield child.tail
