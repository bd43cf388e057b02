"""The inline grammar of alert messages, defined once.

Links and images, code spans, backslash escapes, emphasis and strong, raw
HTML and attribute lists, line breaks, standalone images and the renderer's
fallback markers: extraction (``segment``), placement (``localize``), the
checks (``check``) and rendering (``render``) all read Markdown through the
patterns here, so they cannot disagree on where a link or a code span is.
The patterns follow Python-Markdown's own inline processors (code spans
first, then escapes, then links), as ``render`` runs them; a differential
test renders documents through both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

# -- the renderer's fallback markers ---------------------------------------------------

# Private-use characters: ``localize.normalize`` removes them from every translation.
MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{MARK_OPEN}[^{MARK_SEP}]*{MARK_SEP}|{MARK_CLOSE}")
# The range the markers are taken from: no input may carry one into the renderer.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def without_private_use(text: str) -> str:
    """``text`` without private-use characters (the markers' range): they would forge
    the renderer's markers, and no font shows them the same way twice."""
    return PRIVATE_USE.sub("", text) if PRIVATE_USE.search(text) else text


def wrap_marker(body: str, language: str) -> str:
    """Mark a passage as being in ``language`` (see render's marker processor)."""
    if (len(body) - len(body.rstrip("\\"))) % 2:
        # A last, unpaired backslash would escape the closing marker (Python-Markdown
        # reads a backslash and the character after it as one: "#### x \\" would become
        # a heading):  the passage closes before it, and the page reads as the English.
        return f"{MARK_OPEN}{language}{MARK_SEP}{body[:-1]}{MARK_CLOSE}\\"
    return f"{MARK_OPEN}{language}{MARK_SEP}{body}{MARK_CLOSE}"


def strip_markers(value: str) -> str:
    """``value`` without fallback markers."""
    return _MARKED.sub("", value)


# -- links, images, code spans, escapes ----------------------------------------------

# Links and images as ``check.link_targets`` counts them (the one grammar both
# use): inline ``[text](url "title")``, full and collapsed references
# ``[text][ref]``, ``[text] [ref]``, ``[text][]``.  (A "\\n" in a message is a
# hard line break, which never joins "[text]" to "[ref]".)  A title with
# parentheses is not one: Python-Markdown may end the link inside it, so such a
# link is not counted (the checks then miss it) and its brackets are escaped.  A
# "[ref]" followed by "(" is an inline link of its own, not the reference part of
# "[text] [ref]" (Python-Markdown reads "[a] [b](url)" as "[a]" and a link to url).
_AFTER_OPENING = (  # a link after its "["
    r"(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"(?:\(\s*<?(?P<url>[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?"
    r"(?:\s+(?P<title>\"[^\"()]*\"|'[^'()]*'|\([^()]*\)))?\s*\)"
    r"|(?P<space>[ \t]?)\[(?P<ref>[^\]]*)\](?!\())"
)
LINK = re.compile(r"(?P<image>!?)\[" + _AFTER_OPENING)
# Python-Markdown reads inline syntax in priority order: code spans first, then
# backslash escapes, then links.  ``mask`` does the first two the same way, so
# links are looked for where Python-Markdown looks for them.
_BACKTICK = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)")
_ESCAPE = re.compile(r"\\(.)", re.S)
# Python-Markdown's ESCAPED_CHARS with the tables extension ("<" is not one).
ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
MASK = "\x00"  # what masked text is replaced by: plain text to every pattern here


def _code_span(text: str, begin: int) -> tuple[int, int | None]:
    """Python-Markdown 3's BacktickInlineProcessor.find_code_spans, from ``begin``."""
    last = len(text)
    start = begin
    while start < last and text[start] == "`":
        start += 1
    ticks = start - begin
    longest, end = 0, 0
    i = start
    while i < last:
        run = 0
        while i < last and text[i] == "`":
            run += 1
            i += 1
        if not run:
            i += 1
            continue
        if run == ticks:
            return start, i - run
        if run > longest:
            longest, end = run, i
    if 0 < longest < ticks:
        return start - (ticks - longest), end - longest
    return start + ticks, None


def mask(text: str) -> str:
    """``text`` with its code spans and backslash escapes blanked out (same length)."""
    if "`" not in text and "\\" not in text:
        return text
    work = text  # backslash runs already read are blanked, as Python-Markdown does
    spans: list[tuple[int, int]] = []
    position = 0
    while (found := _BACKTICK.search(work, position)) is not None:
        if found.group(1):  # an even run of backslashes before a backtick: literal
            spans.append(found.span())
            work = work[: found.start()] + MASK * len(found.group(1)) + work[found.end() :]
            position = found.end()
            continue
        start, end = _code_span(work, found.start())
        if end is None:
            position = start
            continue
        stop = end + (start - found.start())
        spans.append((found.start(), stop))
        position = stop
    masked = list(text)
    for start, stop in spans:
        masked[start:stop] = MASK * (stop - start)
    blanked = "".join(masked)
    for found in _ESCAPE.finditer(blanked):
        if found.group(1) in ESCAPABLE:
            masked[found.start() : found.end()] = MASK * 2
    return "".join(masked)


class Found:
    """A match found in masked text, read from the original (``re.Match``'s ``group``)."""

    __slots__ = ("_match", "_text")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._match, self._text = match, text

    def group(self, key: int | str = 0) -> str | None:
        start, end = self._match.span(key)
        return None if start < 0 else self._text[start:end]

    def span(self, key: int | str = 0) -> tuple[int, int]:
        return self._match.span(key)

    def start(self, key: int | str = 0) -> int:
        return self._match.start(key)


def unescaped(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str] | Found]:
    """Matches of ``pattern`` in Markdown ``text`` outside code spans and escapes:
    what Python-Markdown would read as syntax."""
    masked = mask(text)
    if masked == text:  # nothing masked (the usual case): the matches read ``text``
        return pattern.finditer(text)
    return (Found(match, text) for match in pattern.finditer(masked))


# What a translation's brackets can be, once code and escapes are masked: a link
# the checks counted (``link``: what follows its "["), a bare "[label]" (a shortcut
# reference when the document defines that label) or a lone bracket.  An image's "!"
# is left out: it is text around the match.  So every alternative starts with a
# literal bracket, and ``re`` skips from bracket to bracket instead of trying each
# position (three times faster).
BRACKETS = re.compile(
    r"\[(?:(?P<link>" + _AFTER_OPENING + r")|(?P<label>[^\[\]]*)\])|\[|\]",
    re.S,
)


def label(text: str) -> str:
    """A reference label as Python-Markdown compares them: lower case, spaces folded."""
    return " ".join(text.lower().split())


@lru_cache(maxsize=256)  # the same English for each language of an alert
def bare_labels(text: str) -> Counter[str]:
    """Each bare ``[label]`` of Markdown ``text`` (lower case, spaces folded): a link
    when the document defines the label, else literal text.  Shared between callers:
    do not change the result."""
    if "[" not in text:
        return Counter()
    return Counter(label(found.group("label") or "") for found in unescaped(BRACKETS, text)
                   if found.group("label") is not None)


# A paragraph that is one image and nothing else: its alt text and title are the
# messages (the page shows no other text of it).
STANDALONE_IMAGE = re.compile(
    r"""!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<src>[^\s)]*)"""
    r"""(?:[ \t]+"(?P<title>[^"]*)")?\)"""
)

# A link definition "[label]: url" at the start of a line of a message.
DEFINITION = re.compile(r"^[ \t]*\[((?:[^\]\\]|\\.)+)\]:[ \t]*<?([^\s>]*)>?", re.M)
# CommonMark's autolinks, and Python-Markdown's, which take spaces: "<http://a b>" and
# "<a b@c>" are links there (and text under CommonMark).
AUTOLINK = re.compile(
    r"<((?:[a-zA-Z][a-zA-Z0-9+.-]*:|[^\s<>@]+@)[^\s<>]*"
    r"|(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*|[^<> !]+@[^@<> ]+)>"
)

# -- raw HTML and attribute lists (text on the page; the checks keep them out) ---------

# A tag as a browser's tokenizer reads one (HTML's tag and attribute states): a name
# runs to a space, "/" or ">"; an attribute's quoted value may hold "<", ">" and line
# breaks; "/" between attributes is a space.  A tag that starts a line and is still
# open at its end counts too (the match then starts with the line's indentation):
# CommonMark starts an HTML block with "<details open" there, and a browser ends that
# tag at the next ">" of the page.  Elsewhere a "<" without its ">" is text.  Read autolinks
# (``AUTOLINK``) first: "<http://a>" is a tag to a browser, a link to Markdown.
# A "<" inside a name or an unquoted value is taken, as browsers take it, unless a tag
# could start there: that one is a match of its own, and every scan ends at the next
# tag start (linear time over runs of "<a <a <a").
_PLAIN = r"(?:[^\s/>=<]|<(?![A-Za-z/!?]))"
_VALUE = r"""(?:"[^"]*"|'[^']*'|(?:[^\s><]|<(?![A-Za-z/!?]))+)"""
_TAG_ATTRIBUTES = r"(?:[\s/]+" + _PLAIN + r"+(?:\s*=\s*" + _VALUE + r")?)*+"
_TAG_ATTRIBUTES_ON_LINE = r"(?:[ \t/]+" + _PLAIN + r"+(?:[ \t]*=[ \t]*" + _VALUE + r")?)*+"
TAG = re.compile(
    r"</?[A-Za-z]" + _PLAIN + r"*+" + _TAG_ATTRIBUTES + r"[\s/]*>"
    r"|(?m:^)[ \t]*</?[A-Za-z]" + _PLAIN + r"*+" + _TAG_ATTRIBUTES_ON_LINE + r"[ \t/]*(?=\n|\Z)"
    r"|<!--|<\?|<![A-Za-z]|<!\[CDATA\["
)
ATTR_LIST = re.compile(r"\{\s*:?\s*(?:[#.][\w-]|[\w-]+\s*=)[^{}]*\}")

# -- emphasis, strong, code, line breaks, as the checks count them ---------------------

ESCAPED = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>|~]")  # Markdown backslash escapes
CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
BACKTICKS = re.compile(r"`+")
# Pairs, innermost first within each kind; ``_`` only at word edges (Python-Markdown's
# rule: snake_case is literal).  Kinds are told apart by delimiter, as Weblate does.
PAIRS = (
    ("strong", re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)),
    ("strong_", re.compile(r"(?<![^\W_])__(?=\S)(.+?)(?<=\S)__(?![^\W_])", re.S)),
    ("emphasis", re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.S)),
    ("emphasis_", re.compile(r"(?<![^\W_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![^\W_])", re.S)),
)
# A delimiter left over once every pair is matched: literal only with space both sides.
STRAY_STRONG = re.compile(r"\*\*|(?<![^\W_])__|__(?![^\W_])")
STRAY_STAR = re.compile(r"(?<=\S)\*|\*(?=\S)")
# Not after a space: tried from every space of a long run, "[ \t]*\n" would scan
# the rest of the run each time (quadratic); the match is the same.
BREAKS = re.compile(r"(?<![ \t])[ \t]*\n\s*")
