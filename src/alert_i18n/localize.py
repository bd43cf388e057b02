"""SourceDocument + translations -> localized Markdown.

Only each message's own span of the source is replaced; everything around it
stays byte for byte.  A translation is placed so it cannot change the
document's structure: single-line blocks stay on one line, a paragraph's
``\\n`` becomes a hard line break in the block's own indentation, blank lines
are folded, so a translation cannot start a new block of its own.  Nor can it
reach the English's link definitions through a bare ``[label]`` (a shortcut
reference) the English message does not have: that bracket is escaped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .inline import (
    AUTOLINK,
    BRACKETS,
    ESCAPABLE,
    LINK,
    MASK,
    TAG,
    bare_labels,
    label,
    mask,
    unescaped,
    wrap_marker,
)
from .model import Segment, Slot, SourceDocument

# Private-use characters are reserved for the renderer's own markers.
_RESERVED = re.compile("[\ue000-\uf8ff]")
# Control characters (C0 but tab and line feed, DEL, C1) and noncharacters: never
# text, they reach no output (``check_characters`` refuses them; ``normalize`` drops
# them).  A carriage return is a line break: ``normalize`` turns it into one.
UNWANTED = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)
# Every character _RESERVED or UNWANTED can find, and more (any astral character):
# one scan that finds nothing in the usual text, ten times faster than UNWANTED's,
# whose astral noncharacters ``re`` tries one by one at every position.
_SUSPECT = re.compile(
    "[\ue000-\uf8ff\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    "\ufffe\uffff\U00010000-\U0010ffff]"
)
_SINGLE_LINE = ("heading", "table", "image", "link title")
# A line of a translation must not open a block of its own (heading, quote, list,
# table): its first character is backslash-escaped.  The .md is published and may
# be rendered by a CommonMark renderer, where "1)" opens a list and "```" or "~~~"
# a fence.  Fences are not blocks in the pages' grammar, so "```" is escaped only
# when no backtick follows on its line (CommonMark's condition for a fence; else it
# opens a code span, which an escape would break); "~~~" gets a character reference
# ("\~" is no escape in Python-Markdown).
_BLOCK_START = re.compile(r"(?:#|>|[-+*](?:[ \t]|$)|\d+[.)](?:[ \t]|$)|\||`{3,}[^`]*$)")
_TILDE_FENCE = re.compile(r"~{3,}")
_OPENING_TICKS = re.compile(r"`{3,}(?!`)")
_HTML_START = re.compile(r"<[A-Za-z/!?]")
# Nor a link definition: the colon of "[label]:" is written "&#58;" ("[label]" stays
# a link where the English has one).
_LABEL_COLON = re.compile(r"\[[^\]]*\]:")
_UNDERLINE = re.compile(r"(?:=+|-+)$")
_EQUALS = re.compile(r"=+$")
# "]", a line break (spaces or tabs before it, a quote's ">" or indentation after
# it), then "[": Python-Markdown reads a full reference "[text] [id]" only where one
# white space character separates "]" and "[", so its two links must not meet again.
_BRACKETS_APART = re.compile(r"\]([ \t]*)\r?\n([ \t>]*)(\[[^\]\[]*)")
# Every "]" that white space, on one line or across a break, separates from "[".
_BRACKETS_MEET = re.compile(r"\](?:([ \t]*)\r?\n[ \t>]*|[ \t])(?=\[)")
# A line that is a thematic break ("---", "* * *") or could be a table's
# delimiter row (only "|", ":", "-" and spaces, as Python-Markdown's tables
# accept): its first "-", "*", "_" or "|" is escaped.
_RULE_OR_DELIMITER = re.compile(
    r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})"
    r"|[|: \t]*-[-|: \t]*"
)
_RULE_CHARACTER = re.compile(r"[-*_|]")
_TRAILING_BACKSLASH = re.compile(r"(?<!\\)(?:\\\\)*\\(?=[ \t]*(?:\n|$))")
_ENDS_WITH_BACKSLASH = re.compile(r"(?<!\\)(?:\\\\)*\\[ \t]*$")
@dataclass(frozen=True)
class Placed:
    """The language each message was shown in, in document order."""

    segment: Segment
    language: str


def normalize(text: str) -> str:
    """NFC, no reserved characters, Unix newlines: how every translation is compared."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Reserved characters go first, so that what they separated composes: the
    # result is then the same when normalized again.  (Searching first is faster
    # than a substitution that finds nothing, the usual case.)
    if _SUSPECT.search(text):
        if _RESERVED.search(text):
            text = _RESERVED.sub("", text)
        if UNWANTED.search(text):
            text = UNWANTED.sub("", text)
    return unicodedata.normalize("NFC", text)


def unwanted(text: str) -> list[str]:
    """The characters of ``text`` that UNWANTED finds, in order."""
    return UNWANTED.findall(text) if _SUSPECT.search(text) else []


def localize(
    document: SourceDocument,
    layers: Sequence[tuple[str, Mapping[str, str]]],
    *,
    source_language: str,
    mark: bool = False,
) -> tuple[str, tuple[Placed, ...]]:
    """Replace each message by the first translation found in ``layers``.

    ``layers`` is the target language and its fallbacks, in order, as
    (language tag, English -> translation).  A message found in none of them
    keeps the source text.  With ``mark``, a passage shown in another language
    than the first layer's is wrapped in a marker the renderer turns into a
    ``lang`` attribute.
    """
    plain, marked, placed = localize_both(document, layers, source_language=source_language)
    return (marked if mark else plain), placed


def localize_both(
    document: SourceDocument,
    layers: Sequence[tuple[str, Mapping[str, str]]],
    *,
    source_language: str,
    normalized: bool = False,
) -> tuple[str, str, tuple[Placed, ...]]:
    """``localize`` without and with ``mark``, in one pass: the Markdown file and
    the text the page is rendered from (the same string when nothing fell back).
    ``normalized``: the tables' translations are ``normalize``d already (as
    ``publish.publishable`` gives them)."""
    text = document.text
    newline = "\r\n" if "\r\n" in text else "\n"
    target = layers[0][0] if layers else source_language
    pieces: list[str] = []
    placed: list[Placed] = []
    position = 0
    for slot in document.slots:
        pieces.append(text[position : slot.start])
        msgid = slot.segment.msgid
        language, translation, clean = source_language, None, ""
        for tag, table in layers:
            # A translation that is nothing once normalized would delete its block.
            found = table.get(msgid)
            if found is not None and (clean := found if normalized
                                      else normalize(found)).strip():
                language, translation = tag, found
                break
        position = slot.end
        if translation is None or translation == msgid:
            pieces.append(text[slot.start : slot.end])
        else:
            english = text[slot.start : slot.end]
            apart = _apart(text, slot.start, english, newline) if "]" in english else ()
            body = place(clean, slot, newline, lines=english.count("\n") + 1,
                         apart=apart)
            if "\t" in (after := _trailing(text, slot.end)):
                # A tab's width depends on its column: write what it was in the English
                # (two spaces or more before a newline are a hard line break).
                start = text.rfind("\n", 0, slot.end) + 1
                line = text[start : slot.end + len(after)].expandtabs(4)
                body += " " * (len(line) - len(line.rstrip(" ")))
                position += len(after)
            pieces.append(body)
        placed.append(Placed(slot.segment, language))
    pieces.append(text[position:])
    plain = "".join(pieces)
    if all(p.language == target for p in placed):
        return plain, plain, tuple(placed)
    if "\t" in plain:
        # Tabs expanded as Python-Markdown expands them, on the text without markers: a
        # marker before a tab on its line would change its width (and two spaces or
        # more before a newline are a hard line break).
        pieces = _tabs_expanded(pieces)
    for index, passage in enumerate(placed):  # bodies are at the odd indexes
        if passage.language != target:
            pieces[2 * index + 1] = wrap_marker(pieces[2 * index + 1], passage.language)
    return plain, "".join(pieces), tuple(placed)


def _tabs_expanded(pieces: list[str]) -> list[str]:
    """``pieces`` (consecutive parts of one text) with their tabs expanded as
    ``"".join(pieces).expandtabs(4)`` expands them."""
    out: list[str] = []
    column = 0  # of the text so far, on its last line
    for piece in pieces:
        if "\t" in piece:
            piece = (" " * column + piece).expandtabs(4)[column:]
        out.append(piece)
        line_start = max(piece.rfind("\n"), piece.rfind("\r"))
        column = len(piece) - line_start - 1 if line_start >= 0 else column + len(piece)
    return out


Apart = tuple[str, str, int, int]  # "[label", the break, its rank among "] [", how many


def _apart(text: str, start: int, english: str, newline: str) -> tuple[Apart, ...]:
    """Where the English (``text[start:]`` begins ``english``) breaks a line between
    "]" and "[": the "[label" after each break, and the break as it is written
    again.  Spaces or tabs before the break become one space: with the break, two
    white space characters still, and never a hard break.  A hard break (two
    spaces or more, tabs expanded) is left out: the message breaks its line there.
    Each break also has its rank among the places where "]" and "[" meet across
    white space, and their number: a translation that has as many is cut at the
    same rank (the same "[label" may follow a "] [" that is one reference)."""
    def hard(end: int) -> bool:  # whether the spaces before ``end`` make a hard break
        line = text[text.rfind("\n", 0, start + end) + 1 : start + end]
        return line.expandtabs(4).endswith("  ")

    meets = [found.start() for found in _BRACKETS_MEET.finditer(english)
             if found.group(1) is None or not hard(found.end(1))]
    found_apart: list[Apart] = []
    for found in _BRACKETS_APART.finditer(english):
        lead = ""
        if found.group(1):
            if hard(found.end(1)):
                continue
            lead = " "
        rank = meets.index(found.start()) if found.start() in meets else -1
        found_apart.append((found.group(3), lead + newline + found.group(2), rank, len(meets)))
    return tuple(found_apart)


def place(text: str, slot: Slot, newline: str, *, lines: int = 1,
          apart: tuple[Apart, ...] = ()) -> str:
    """A translation (``normalize``d) written in the layout of the slot it replaces,
    over at least as many lines as the English's ``lines`` (see ``_keep_lines``)."""
    kind = slot.segment.kind
    if not kind.startswith("link title") and kind != "image title":  # titles are attributes
        # Brackets first: the layout below folds spaces, which could join "[a]  [b]".
        text = _escape_shortcuts(text, slot.segment.msgid)
    # A backslash at the end of a line would escape what follows the slot (a cell's
    # "|", a heading's closing "#"): a lone one is doubled, to stay a backslash.  Not
    # the last one where the English ends with one too: what follows the slot is then
    # read as it is in the English (doubled, "# Title \\" would become a heading).
    if "\\" in text:
        keep_last = _ENDS_WITH_BACKSLASH.search(slot.segment.msgid) is not None

        def double(lone: re.Match[str]) -> str:
            if keep_last and not text[lone.end() :].strip(" \t"):
                return lone.group()
            return lone.group() + "\\"

        text = _TRAILING_BACKSLASH.sub(double, text)
    if kind.startswith(_SINGLE_LINE):
        text = _fold(text)
        if kind.startswith("table"):
            text = re.sub(r"(?<!\\)\|", r"\\|", text)
        elif kind.startswith("link title") or kind == "image title":
            text = text.replace('"', "&quot;")
        elif kind == "image alt text":
            text = re.sub(r"(?<!\\)([\[\]])", r"\\\1", text)
        return text
    placed: list[str] = []
    # Backticks that open the English message open the translation's first line too:
    # the same code span where the English has it, not a new block (escaped, a code
    # span over several lines would lose its opening).
    opening = _OPENING_TICKS.match(slot.segment.msgid)
    for line in text.split("\n"):
        line = _fold(line)
        if not line:
            continue
        if placed and _EQUALS.fullmatch(line):
            placed[-1] += " " + line  # would turn the line above into a heading
            continue  # ("-" lines are escaped below: "\\=" would show its backslash)
        if (not placed and opening
                and (ticks := _OPENING_TICKS.match(line)) and ticks.group() == opening.group()):
            placed.append(line)
            continue
        placed.append(_inline_only(line))
    if placed and len(placed) < lines:
        soft = newline + slot.continuation
        more = lines - len(placed)
        # Each line's own breaks between "]" and "[" where the translation has as
        # many places where they meet as the English: by rank, over all its lines.
        local = [apart] * len(placed)
        if apart:
            counts = [len(_between(line)) for line in placed]
            if all(rank >= 0 and total == sum(counts) for _, _, rank, total in apart):
                local = [() for _ in placed]
                for opening, separator, rank, _ in apart:
                    index = 0
                    while rank >= counts[index]:
                        rank -= counts[index]
                        index += 1
                    local[index] += ((opening, separator, rank, counts[index]),)
        if apart:  # first where the English broke a line between "]" and "["
            for index, line in enumerate(placed[:-1]):
                placed[index], cut = _keep_lines(line, more, soft, newline=newline,
                                                 apart=local[index], only_apart=True)
                more -= cut
        if more > 0:
            placed[-1] = _keep_lines(placed[-1], more, soft, newline=newline,
                                     apart=local[-1], alone=len(placed) == 1)[0]
    return ("  " + newline + slot.continuation).join(placed)


def _inline_only(line: str) -> str:
    """``line`` (folded) escaped where it would open a block of its own, under Python-
    Markdown or a CommonMark renderer: a heading, quote, list ("1)" too), table, fence,
    rule or link definition."""
    if label_colon := _LABEL_COLON.match(line):
        # Its colon as a character reference: no link definition, and "[label]"
        # stays a link where the English has one.
        return line[: label_colon.end() - 1] + "&#58;" + line[label_colon.end() :]
    if _BLOCK_START.match(line):
        return "\\" + line if line[0] not in "0123456789" else re.sub(
            r"^(\d+)([.)])", r"\1\\\2", line)
    if _TILDE_FENCE.match(line):
        return "&#126;" + line[1:]
    if _RULE_OR_DELIMITER.fullmatch(line):
        return _RULE_CHARACTER.sub(r"\\\g<0>", line, count=1)
    return line


def inert(translation: str) -> str:
    """A publishable translation as a ``.mo`` holds it: ``normalize``d, and no line of
    it opens a block under Python-Markdown or a CommonMark renderer (``place`` does the
    same in the ``.md``): no empty line, no indentation, a line's block syntax escaped.
    A publisher rendering it as Markdown gets the inline text the checks passed."""
    lines = [line.lstrip(" \t") for line in normalize(translation).split("\n")]
    return "\n".join(
        "&#61;" + line[1:] if index and _EQUALS.fullmatch(line) else _inline_only(line)
        for index, line in enumerate(line for line in lines if line) if line
    ) if len(lines) > 1 else _inline_only(lines[0])


def _keep_lines(line: str, more: int, soft: str, *, newline: str = "\n",
                apart: tuple[Apart, ...] = (),
                only_apart: bool = False, alone: bool = False) -> tuple[str, int]:
    """``line`` with up to ``more`` soft line breaks (``soft``: newline and indentation)
    at spaces outside code, link targets and HTML, where the next line opens no block.

    Python-Markdown reads a block's first two lines for a setext heading or a
    table: a translation shorter than the English would make the line after it
    (a rule "---", a row "|---|") the second line of the block.  Soft breaks
    render as spaces, so the page keeps the English's block structure.  A
    translation ``alone`` on one line gets its second by ``_last_resort`` if need be.
    """
    masked = _masked(line)
    # "[a]\n    [b]" is two links, "[a] [b]" one reference: cut between "]" and "["
    # only where the English breaks a line there (``apart``: the "[label" after each
    # such break), those first.
    spaces = [index for index in range(len(line) - 2, 0, -1) if masked[index] == " "]
    between = [index for index in spaces if line[index - 1] == "]" and line[index + 1] == "["]
    others = [index for index in spaces if index not in between]
    indents: dict[int, str] = {}  # a break the English has, as ``apart`` writes it
    ordered = sorted(between)
    if apart and all(total == len(ordered) and rank >= 0 for _, _, rank, total in apart):
        for opening, separator, rank, _ in apart:  # as many as the English: by rank
            if line.startswith(opening, ordered[rank] + 1):
                indents[ordered[rank]] = separator
    else:
        for index in between:
            for opening, separator, _, _ in apart:
                if line.startswith(opening, index + 1):
                    indents[index] = separator
                    break
    spaces = sorted(indents, reverse=True)  # right to left, as "between"
    if not only_apart:
        spaces += others
    cuts: list[int] = []
    for index in spaces:
        if len(cuts) == more:
            break
        end = min((cut for cut in cuts if cut > index), default=len(line))
        piece = line[index + 1 : end]
        # Each new line must open no block of its own, nor be a rule or underline.
        if piece[:1] not in " \\" and (_LABEL_COLON.match(piece) or not _opens_block(piece)):
            cuts.append(index)
    cuts.sort(reverse=True)
    # A piece is cut again by a break chosen after it: check each piece as it ends up.
    while bad := [cut for cut, end in zip(cuts, [len(line), *cuts], strict=False)
                  if (piece := line[cut + 1 : end]) and not _LABEL_COLON.match(piece)
                  and _opens_block(piece)]:
        cuts.remove(bad[0])
    # The first line must not become a rule or an underline ("--" of "-- text").
    while cuts and (_UNDERLINE.fullmatch(first := line[: cuts[-1]].rstrip(" "))
                    or _RULE_OR_DELIMITER.fullmatch(first)):
        cuts.pop()
    escaped: dict[int, str] = {}  # a cut whose next line is written escaped
    if not cuts and more and alone:  # one line, where the English has two or more
        cut = _last_resort(line, others)
        if cut is not None:
            cuts = [cut[0]]
            if cut[1] is not None:
                escaped[cut[0]] = cut[1]
    pieces: list[str] = []
    end = len(line)
    for cut in cuts:  # from the right
        piece = escaped.get(cut) or line[cut + 1 : end]
        if found := _LABEL_COLON.match(piece):  # its colon as a character reference
            piece = piece[: found.end() - 1] + "&#58;" + piece[found.end() :]
        pieces.append(piece)
        end = cut
    pieces.append(line[:end])
    pieces.reverse()
    out = pieces[0]
    for cut, piece in zip(reversed(cuts), pieces[1:], strict=True):
        out += indents.get(cut, soft) + piece
    return out, len(cuts)


def _last_resort(line: str, outside: list[int]) -> tuple[int, str | None] | None:
    """One break for ``line`` when no space outside code and links can take one without
    opening a block, so the block keeps the English's two lines at least: a space
    ``outside`` (right to left) whose next line is escaped as ``_inline_only`` escapes a
    line ("\\# x" renders "# x"; never backticks: a code span would lose its opening),
    or a space inside a code span (a newline there reads as a space), next line as it
    is.  (The cut, the next line escaped or None), or None."""
    def fits(index: int) -> bool:  # the line before the break is no rule or underline
        first = line[:index].rstrip(" ")
        return not _UNDERLINE.fullmatch(first) and not _RULE_OR_DELIMITER.fullmatch(first)

    for index in outside:
        piece = line[index + 1 :]
        if piece[:1] == "<":  # an HTML block under CommonMark: "&lt;" reads the same,
            if AUTOLINK.match(piece):  # but for an autolink
                continue
            written = "&lt;" + piece[1:]
        elif piece[:1] == "\\" and piece[1:2] in ESCAPABLE:
            written = piece  # an escape opens no block ("\\*" is "*")
        elif piece[:1] not in " \\`":
            written = _inline_only(piece)
        else:
            continue
        if (written != piece or piece[:1] == "\\") and not _opens_block(written) and fits(index):
            return index, written
    code = mask(line)
    for index in range(len(line) - 2, 0, -1):
        if (line[index] == " " and code[index] == MASK and line[index + 1] != " "
                and not _opens_block(line[index + 1 :]) and fits(index)):
            return index, None
    return None


def _masked(line: str) -> str:
    """``line`` with code, inline links' text and targets, autolinks and HTML masked:
    where a soft break may not go."""
    masked = mask(line)
    for pattern in (LINK, AUTOLINK, TAG):
        for found in pattern.finditer(masked):
            if pattern is LINK and found.group("url") is None:
                continue  # a reference: "[a] [b]" may be cut between, as below
            start = found.end("text") if pattern is LINK else found.start()
            masked = masked[:start] + MASK * (found.end() - start) + masked[found.end():]
    return masked


def _between(line: str) -> list[int]:
    """Where "]" and "[" meet across one space, outside what ``_masked`` masks."""
    if "] [" not in line:
        return []
    masked = _masked(line)
    return [index for index in range(1, len(line) - 1) if masked[index] == " "
            and line[index - 1] == "]" and line[index + 1] == "["]


def _opens_block(line: str) -> bool:
    """Whether ``line``, after a soft break, would be read as more than text (a "<"
    and a letter at a line start may open an HTML block under CommonMark)."""
    return bool(_BLOCK_START.match(line) or _LABEL_COLON.match(line)
                or _UNDERLINE.fullmatch(line) or _RULE_OR_DELIMITER.fullmatch(line)
                or _HTML_START.match(line))


_TRAILING_SPACE = re.compile(r"[ \t]*")


def _trailing(text: str, end: int) -> str:
    """The spaces and tabs after ``end`` on its line."""
    found = _TRAILING_SPACE.match(text, end)
    return found.group() if found else ""


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _fold(text: str) -> str:
    """Collapse ASCII white space only: no-break spaces are the translator's typography."""
    # Single spaces only (the usual case): the substitution would change nothing.
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _ASCII_SPACE.sub(" ", text)
    return text.strip(" ")


def _escape_shortcuts(text: str, msgid: str) -> str:
    """Escape every bracket of a translation that is not part of a link the checks
    counted, so Python-Markdown cannot resolve it against the English's link
    definitions; a bare ``[label]`` the English message has is kept."""
    if "[" not in text and "]" not in text:
        return text
    kept = bare_labels(msgid)
    pieces: list[str] = []
    position = 0
    for found in unescaped(BRACKETS, text):
        start, end = found.span()
        pieces.append(text[position:start])
        position = end
        whole = found.group() or ""
        if found.group("link") is not None:
            # The link text is inline Markdown too: no references of its own.
            first, last = found.span("text")
            inner = _escape_shortcuts(text[first:last], msgid)
            pieces.append(text[start:first] + inner + text[last:end])
        elif (bare := found.group("label")) is not None:
            if label(bare) in kept:
                pieces.append(whole)
            else:
                pieces.append("\\[" + _escape_shortcuts(bare, "") + "\\]")
        else:
            pieces.append("\\" + whole)
    pieces.append(text[position:])
    return "".join(pieces)
