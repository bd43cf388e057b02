"""PO/POT file format: a strict reader and a writer that prints what GNU msgcat prints.

``read_po`` turns the bytes of a .po/.pot file into a ``Catalog`` or raises
``CatalogError("path:line: sentence")``; ``write_po`` turns a ``Catalog`` into the
text that ``msgcat`` (GNU gettext 0.21, default options) prints for it, so that
our files never churn when a translator runs gettext tools over them.

msgcat breaks long strings with libunistring's Unicode line breaking (UAX #14)
and counts screen columns; this module carries the line-breaking data it needs.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from itertools import accumulate

import polib

from .errors import CatalogError
from .model import Catalog, Message

__all__ = ["read_po", "write_po"]


# ---------------------------------------------------------------------------
# Unicode line breaking, as libunistring 1.0 does it for gettext 0.21
# ---------------------------------------------------------------------------
#
# Line_Break classes, numbered like libunistring 1.0 numbers them, so that the
# pair table below can be compared with its ``unilbrk_table``.  AI, SA and XX
# are resolved to AL and CB to ID up front (what libunistring does for a
# non-CJK charset).  OP_EA is an opening punctuation of East Asian width F/W/H
# (UAX #14 rule LB30 treats it differently); ID2 is an unassigned pictographic
# code point.
WJ, GL, B2, BA, BB, HY, CL, CP, _8, EX, IN, NS, OP, OP_EA, QU, IS, NU, PO, PR, SY = range(20)
AL, H2, H3, ID, ID2, JL, JV, JT, HL, RI, ZWJ, EB, EM, BK, CR, LF, CM, ZW, SP = range(20, 39)

# Pair table of UAX #14 (section 7.3) as libunistring 1.0 ships it: row = class
# of the last non-space character, column = class of the next character.
# D = break allowed, I = break allowed only after spaces, P = no break.
#   columns: WJ GL B2 BA BB HY CL CP -- EX IN NS OP OP_EA QU IS NU PO PR SY
#            AL H2 H3 ID ID2 JL JV JT HL RI ZWJ EB EM
_PAIR_ROWS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # (unused)
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP_EA
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)
# 2 = direct break, 1 = break only after spaces, 0 = prohibited.
_PAIR = tuple(tuple("PID".index(x) for x in row) for row in _PAIR_ROWS)

# Where the class differs from what ``_guess_class`` derives from the general
# category, for U+0000..U+30FF, U+FB00..U+FFFF and U+1F000..U+1FAFF (Latin, IPA,
# N'Ko, general punctuation, symbols, CJK punctuation and kana, presentation
# forms, emoji).  Each token is "<hex start><class
# letter>", the class letter indexing ``_CLASS_LETTERS``; "." goes back to the
# guess.  Extracted from libunistring 1.0 (Unicode 14), the library gettext 0.21
# links against on Debian 12.
_CLASS_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
_CLASS_OVERRIDES = (
    "0. 9d aJ bH dI e. 20M 21j 22o 23. 24s 25r 26. 27o 28. 29h 2a. 2bs 2cp 2df 2ep 2ft "
    "30. 3ap 3c. 3fj 40. 5cs 5dh 5e. 7cd 7d. 85H 86. a0b a1m a2r a3s a6. add ae. b0r b1s "
    "b2. b4e b5. bfm c0. 2c8e 2c9. 2cce 2cd. 2dfe 2e0. 34fb 350. 35cb 363. 37ep 37f. 589p "
    "58ad 58b. 58fs 590. 5bed 5bf. 5c6j 5c7. 5d0C 5eb. 5efC 5f3. 609r 60cp 60e. 61bj 61cK "
    "61dj 620. 66ar 66bq 66d. 6d4j 6d5. 7f8p 7f9j 7fa. 7fes 800. 964d 966. 9f2r 9f4. 9f9r "
    "9fa. 9fbs 9fc. af1s af2. bf9s bfa. c77e c78. c84e c85. d79r d7a. e31u e32. e34u e3b. "
    "e3fs e40. e47u e4f. e5ad e5c. eb1u eb2. eb4u ebd. ec8u ece. f01e f05. f06e f08b f09e "
    "f0bd f0cb f0dj f12b f13. f14j f15. f34d f35. f7fd f80. f85d f86. fbed fc0. fd0e fd2d "
    "fd3e fd4. fd9b fdb. 102bu 103f. 104ad 104c. 1056u 105a. 105eu 1061. 1062u 1065. "
    "1067u 106e. 1071u 1075. 1082u 108e. 108fu 1090. 109au 109e. 1100z 1160A 11a8B 1200. "
    "1361d 1362. 1400d 1401. 16ebd 16ee. 1735d 1737. 17b4u 17d4d 17d6l 17d7. 17d8d 17d9. "
    "17dad 17dbs 17dc. 17ddu 17de. 1802j 1804d 1806e 1807. 1808j 180a. 180eb 180f. 1944j "
    "1946. 1a55u 1a5f. 1a60u 1a7d. 1b5ad 1b5c. 1b5dd 1b61. 1b7dd 1b7f. 1c3bd 1c40. 1c7ed "
    "1c80. 1ffde 1ffe. 2007b 2008. 200bL 200cK 200dE 200eK 2010d 2011b 2012d 2014c 2015. "
    "2024k 2027d 2028H 202aK 202fb 2030r 2038. 203cl 203e. 2044p 2045. 2047l 204a. 2056d "
    "2057. 2058d 205c. 205dd 205f. 2060a 2061. 2066K 2070. 20a0s 20a7r 20a8s 20b6r 20b7s "
    "20bbr 20bcs 20ber 20bfs 20c0r 20c1s 20d0. 2103r 2104. 2109r 210a. 2116s 2117. 2212s "
    "2214. 22efk 22f0. 232ag 232b. 23e9u 23ed. 23f1x 23f3. 25fdu 25ff. 2600x 2604. 2618x "
    "2619. 261ax 261dF 261ex 2620. 2639x 263c. 2648u 2654. 2668x 2669. 2693u 2694. 26a1u "
    "26a2. 26aau 26ac. 26bfx 26c4. 26c6x 26c9. 26cdx 26ceu 26cfx 26d2. 26d3x 26d4. 26d8x "
    "26da. 26dcx 26dd. 26dfx 26e2. 26f1x 26f2. 26f4x 26f5. 26f7x 26f9F 26fa. 26fex 2705u "
    "2706. 2708x 270aF 270e. 2728u 2729. 274cu 274d. 274eu 274f. 2753u 2756. 2757u 2758. "
    "275bo 2761. 2762j 2764x 2765. 2795u 2798. 27b0u 27b1. 27bfu 27c0. 2b1bu 2b1d. 2b50u "
    "2b51. 2b55u 2b56. 2cf9j 2cfad 2cfd. 2cfej 2cffd 2d00. 2d70d 2d71. 2e00o 2e02. 2e06o "
    "2e09. 2e0bo 2e0c. 2e0ed 2e16. 2e17d 2e18m 2e19d 2e1a. 2e2ad 2e2ej 2e2f. 2e30d 2e32. "
    "2e33d 2e35. 2e3ac 2e3cd 2e3f. 2e40d 2e42. 2e43d 2e4b. 2e4cd 2e4d. 2e4ed 2e50. 2e53j "
    "2e55. 2e5dd 2e5e. 3000d 3001g 3003. 3005l 3006. 3009g 300a. 300bg 300c. 300dg 300e. "
    "300fg 3010. 3011g 3012. 3015g 3016. 3017g 3018. 3019g 301a. 301bg 301cl 301d. 301eg "
    "3020. 3035K 3036. 303bl 303d. 303fx 3040. 3041l 3042. 3043l 3044. 3045l 3046. 3047l "
    "3048. 3049l 304a. 3063l 3064. 3083l 3084. 3085l 3086. 3087l 3088. 308el 308f. 3095l "
    "3097. 309bl 309f. 30a0l 30a2. 30a3l 30a4. 30a5l 30a6. 30a7l 30a8. 30a9l 30aa. 30c3l "
    "30c4. 30e3l 30e4. 30e5l 30e6. 30e7l 30e8. 30eel 30ef. 30f5l 30f7. 30fbl 30ff. fb00. "
    "fb1dC fb1e. fb1fC fb29. fb2aC fb37. fb38C fb3d. fb3eC fb3f. fb40C fb42. fb43C fb45. "
    "fb46C fb50. fdfcr fdfd. fe10p fe11g fe13p fe15j fe17. fe18g fe19k fe1a. fe36g fe37. "
    "fe38g fe39. fe3ag fe3b. fe3cg fe3d. fe3eg fe3f. fe40g fe41. fe42g fe43. fe44g fe45. "
    "fe48g fe49. fe50g fe51. fe52g fe53. fe54l fe56j fe58. fe5ag fe5b. fe5cg fe5d. fe5eg "
    "fe5f. fe69s fe6ar fe6b. feffa ff00. ff01j ff02. ff04s ff05r ff06. ff09g ff0a. ff0cg "
    "ff0d. ff0eg ff0f. ff10x ff1al ff1c. ff1fj ff20. ff3dg ff3e. ff5dg ff5e. ff60g ff62n "
    "ff63. ff64g ff65l ff66x ff67l ff71x ff9el ffa0x ffbf. ffc2x ffc8. ffcax ffd0. ffd2x "
    "ffd8. ffdax ffdd. ffe0r ffe1s ffe2. ffe5s ffe7. fff9K fffcx fffd. 1f000x 1f004. "
    "1f005x 1f02cy 1f030x 1f094y 1f0a0x 1f0afy 1f0b1x 1f0c0y 1f0c1x 1f0cf. 1f0d0y 1f0d1x "
    "1f0f6y 1f100. 1f10dx 1f110. 1f16dx 1f170. 1f18eu 1f18f. 1f191u 1f19b. 1f1adx 1f1aey "
    "1f1e6D 1f200. 1f203y 1f210. 1f23cy 1f240. 1f249y 1f250. 1f252y 1f260. 1f266y 1f300. "
    "1f321x 1f32d. 1f336x 1f337. 1f37dx 1f37e. 1f385F 1f386. 1f394x 1f39c. 1f39ex 1f3a0. "
    "1f3b5u 1f3b7. 1f3bcu 1f3bd. 1f3c2F 1f3c5. 1f3c7F 1f3c8. 1f3caF 1f3cdx 1f3cf. 1f3d4x "
    "1f3e0. 1f3f1x 1f3f4. 1f3f5x 1f3f8. 1f3fbG 1f400. 1f43fx 1f440. 1f441x 1f442F 1f444. "
    "1f446F 1f451. 1f466F 1f479. 1f47cF 1f47d. 1f481F 1f484. 1f485F 1f488. 1f48fF 1f490. "
    "1f491F 1f492. 1f4a0u 1f4a1. 1f4a2u 1f4a3. 1f4a4u 1f4a5. 1f4aaF 1f4ab. 1f4afu 1f4b0. "
    "1f4b1u 1f4b3. 1f4fdx 1f4ff. 1f500u 1f507. 1f517u 1f525. 1f532u 1f53e. 1f54ax 1f54b. "
    "1f54fx 1f550. 1f568x 1f574F 1f576x 1f57aF 1f57bx 1f590F 1f591x 1f595F 1f597x 1f5a4. "
    "1f5a5x 1f5d4. 1f5dcx 1f5f4. 1f5fax 1f5fb. 1f645F 1f648. 1f64bF 1f650. 1f676o 1f679l "
    "1f67c. 1f6a3F 1f6a4. 1f6b4F 1f6b7. 1f6c0F 1f6c1. 1f6c6x 1f6ccF 1f6cdx 1f6d0. 1f6d3x "
    "1f6d5. 1f6d8y 1f6dd. 1f6e0x 1f6eb. 1f6edy 1f6f0x 1f6f4. 1f6fdy 1f700. 1f774y 1f780. "
    "1f7d5x 1f7d9y 1f7e0. 1f7ecy 1f7f0. 1f7f1y 1f800. 1f80cy 1f810. 1f848y 1f850. 1f85ay "
    "1f860. 1f888y 1f890. 1f8aey 1f8b0x 1f8b2y 1f900. 1f90cF 1f90d. 1f90fF 1f910. 1f918F "
    "1f920. 1f926F 1f927. 1f930F 1f93a. 1f93bx 1f93cF 1f93f. 1f946x 1f947. 1f977F 1f978. "
    "1f9b5F 1f9b7. 1f9b8F 1f9ba. 1f9bbF 1f9bc. 1f9cdF 1f9d0. 1f9d1F 1f9de. 1fa54y 1fa60x "
    "1fa6ey 1fa70. 1fa75y 1fa78. 1fa7dy 1fa80. 1fa87y 1fa90. 1faady 1fab0. 1fabby 1fac0. "
    "1fac3F 1fac6y 1fad0. 1faday 1fae0. 1fae8y 1faf0F 1faf7y 1fb00. "
)


def _parse_overrides(spec: str) -> tuple[list[int], list[int | None]]:
    starts: list[int] = []
    classes: list[int | None] = []
    for token in spec.split():
        starts.append(int(token[:-1], 16))
        classes.append(None if token[-1] == "." else _CLASS_LETTERS.index(token[-1]))
    return starts, classes


_OVERRIDE_STARTS, _OVERRIDE_CLASSES = _parse_overrides(_CLASS_OVERRIDES)
_OVERRIDDEN = ((0x0000, 0x3100), (0xFB00, 0x10000), (0x1F000, 0x1FB00))


def _guess_class(ch: str) -> int:
    # Outside the override table this is an approximation; it is exact for the
    # scripts our alerts use and close for the rest (CJK, emoji).
    cp = ord(ch)
    if 0xAC00 <= cp <= 0xD7A3:  # Hangul syllables: LV or LVT
        return H2 if (cp - 0xAC00) % 28 == 0 else H3
    category = unicodedata.category(ch)
    if category in ("Mn", "Mc", "Me", "Cc"):
        return CM
    if category == "Nd":
        return NU
    wide = category != "Cn" and unicodedata.east_asian_width(ch) in "WF"
    if category == "Ps":
        return OP_EA if wide else OP
    if wide:
        return ID
    if category == "Pe":
        return CL
    if category in ("Pi", "Pf"):
        return QU
    if category == "Zs":
        return BA
    return AL


def _line_break_class(ch: str) -> int:
    cp = ord(ch)
    if any(low <= cp < high for low, high in _OVERRIDDEN):
        found = _OVERRIDE_CLASSES[bisect_right(_OVERRIDE_STARTS, cp) - 1]
        if found is not None:
            return found
    return _guess_class(ch)


# libunistring's uc_width() for a non-CJK charset, except for unassigned code
# points outside the CJK blocks.  Control characters count 0 (gettext ignores
# their width), combining marks and format characters 0, wide/fullwidth 2.
_WIDTH_ONE_MARKS = frozenset((0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F))


def _char_width(ch: str) -> int:
    cp = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cc":
        return 0
    if category in ("Mn", "Me", "Cf"):
        return 1 if cp in _WIDTH_ONE_MARKS else 0
    if 0x1160 <= cp < 0x1200 or (0xD7B0 <= cp < 0xD800 and category != "Cn"):
        return 0  # Hangul medial vowels and final consonants
    if category == "Cn":
        wide = 0x20000 <= cp <= 0x3FFFD or 0x2E80 <= cp <= 0xA4CF or 0xF900 <= cp <= 0xFAFF
        return 2 if wide else 1
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


class _CharTable(dict[int, str]):
    """A str.translate table filled on first use of each code point."""

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, cp: int) -> str:
        value = self._compute(chr(cp))
        self[cp] = value
        return value


# One character per code point: its class as chr(64 + class), its width as a digit.
_CLASS_OF = _CharTable(lambda ch: chr(64 + _line_break_class(ch)))
_WIDTH_OF = _CharTable(lambda ch: "012"[_char_width(ch)])


def _breaks(classes: bytes) -> tuple[list[int], list[int]]:
    """Break opportunities (positions before which a line may break) and mandatory breaks."""
    # The rules of UAX #14 as libunistring 1.0 applies them, checked against
    # u32_possible_linebreaks_v2 on random strings of every class.
    possible: list[int] = []
    mandatory: list[int] = []
    last = BK  # class of the last character that is not a space (CM resolved)
    seen_space = False
    preceding = BK  # class of the previous character, whatever it is
    hl_hyphen = False  # previous two characters were HL then HY or BA (LB21a)
    ri_run = 0  # regional indicators immediately before (LB30a)
    pair = _PAIR
    for i, c in enumerate(classes):
        c -= 64
        if c == SP:
            seen_space = True
        elif c == AL and not seen_space and last == AL:
            pass  # the common case, decided by the table: no break inside a word
        elif BK <= c <= LF:
            mandatory.append(i)
            last = BK
            seen_space = False
        elif c == ZW:
            last = ZW
            seen_space = False
        elif c in (CM, ZWJ):
            if last == BK:
                last = AL
                seen_space = False
            elif last == ZW or seen_space:
                possible.append(i)
                last = AL
                seen_space = False
            # otherwise "X CM" behaves like X
        else:
            if last == BK or preceding == ZWJ or (hl_hyphen and not seen_space):
                pass
            elif last == ZW:
                possible.append(i)
            elif last == RI and c == RI:
                if seen_space or ri_run % 2 == 0:
                    possible.append(i)
            else:
                rule = pair[last][c]
                if rule == 2 or (rule == 1 and seen_space):
                    possible.append(i)
            last = c
            seen_space = False
        hl_hyphen = c in (HY, BA) and preceding == HL
        ri_run = ri_run + 1 if c == RI else 0
        preceding = c
    return possible, mandatory


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

# msgcat escapes these and writes every other character, controls included, as is.
_ESCAPES = str.maketrans(
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
_ESCAPE_SEQUENCE = re.compile(r"\\.")
_NEEDS_ESCAPE = re.compile(r'[\a\b\t\n\v\f\r\\"]')
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


# The fast path: text made only of characters below U+3100 that are one column
# wide and whose breaks the pair table alone decides (no combining marks,
# joiners, Hebrew hyphens, flags or mandatory breaks).  A regular expression
# over the text itself finds its breaks; everything else goes through _breaks().
_FAST_CLASSES = frozenset(range(EM + 1)) - {HL, RI, ZWJ} | {SP}
_FAST_LIMIT = 0x3100
# Too frequent to start a match: their direct breaks (before a dash, an
# ideograph, ...) come from a second, rarely matching pattern.
_COMMON = (AL, NU)


def _character_class(code_points: list[int], negate: bool = False) -> str:
    """A regex character class for a sorted list of code points."""
    if not code_points:
        return r"[\s\S]" if negate else "(?!)"
    ranges = []
    start = previous = code_points[0]
    for cp in code_points[1:]:
        if cp != previous + 1:
            ranges.append((start, previous))
            start = cp
        previous = cp
    ranges.append((start, previous))
    body = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )
    return f"[^{body}]" if negate else f"[{body}]"


@cache
def _fast_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Characters outside the fast path, the break pattern, breaks after a common class."""
    # Built on first use (about 20 ms) rather than at import.
    members: dict[int, list[int]] = {cls: [] for cls in _FAST_CLASSES}
    for cp in range(0x20, _FAST_LIMIT):
        ch = chr(cp)
        cls = _line_break_class(ch)
        if cls in _FAST_CLASSES and _char_width(ch) == 1:
            members[cls].append(cp)
    alphabet = sorted(cp for cps in members.values() for cp in cps)

    def chars(classes: Iterable[int]) -> str:
        # Inside the fast path every character is in the alphabet, so the
        # shorter of a set and its complement will do.
        chosen = set(classes)
        inside = sorted(cp for cls in chosen for cp in members[cls])
        outside = sorted(cp for cls in members.keys() - chosen for cp in members[cls])
        if len(outside) < len(inside):
            return _character_class(outside, negate=True)
        return _character_class(inside)

    letters = sorted(cls for cls in _FAST_CLASSES - {SP} if members[cls])
    space = chars([SP])
    spaced: dict[tuple[int, ...], list[int]] = {}
    direct: dict[tuple[int, ...], list[int]] = {}
    for before in letters:
        after_spaces = tuple(c for c in letters if _PAIR[before][c] >= 1)
        spaced.setdefault(after_spaces, []).append(before)
        adjacent = tuple(c for c in letters if _PAIR[before][c] == 2)
        if adjacent and before not in _COMMON:
            direct.setdefault(adjacent, []).append(before)
    # Each match is one character (a space or a class with direct breaks),
    # plus the rest of a run of spaces; a break follows each match.
    branches = [
        f"(?<={chars(befores)}{space}){space}*(?={chars(afters)})"
        for afters, befores in spaced.items()
        if afters
    ] + [f"(?<={chars(befores)})(?={chars(afters)})" for afters, befores in direct.items()]
    starts = chars([SP, *(cls for befores in direct.values() for cls in befores)])
    breaks = re.compile(f"({starts}(?:{'|'.join(branches)}))")
    rare = sorted({c for c in letters for common in _COMMON if _PAIR[common][c] == 2})
    after_common = re.compile(f"{chars(rare)}(?<={chars(_COMMON)}.)", re.DOTALL)
    return re.compile(_character_class(alphabet, negate=True)), breaks, after_common


def _opportunities(text: str) -> tuple[list[int], list[int] | None, list[int]]:
    """Break opportunities, columns (None if all are 1 wide) and mandatory breaks of a portion."""
    outside, breaks, after_common = _fast_patterns()
    if outside.search(text) is None:
        # split() with a capturing group alternates text between matches and
        # matches; a break opportunity follows each match.
        possible = list(accumulate(map(len, breaks.split(text))))[1::2]
        rare = [match.start() for match in after_common.finditer(text)]
        if rare:
            possible = sorted(possible + rare)
        columns = None
        mandatory: list[int] = []
    else:
        possible, mandatory = _breaks(text.translate(_CLASS_OF).encode("ascii"))
        columns = [0, *accumulate(map(int, text.translate(_WIDTH_OF)))]
    if "\\" in text:
        # gettext forbids a break inside an escape sequence (between the backslash
        # and its letter) and before the "\n" that ends a portion; before any
        # other backslash, UAX #14 decides.
        banned = {match.start() + 1 for match in _ESCAPE_SEQUENCE.finditer(text)}
        if text.endswith("\\n"):
            banned.add(len(text) - 2)
        possible = [i for i in possible if i not in banned]
        mandatory = [i for i in mandatory if i not in banned]
    return possible, columns, mandatory


def _fill(
    text: str, plan: tuple[list[int], list[int] | None, list[int]], width: int, start: int
) -> list[int]:
    """Choose the breaks as libunistring's u8_width_linebreaks does."""
    # Greedy filling: a piece runs from one break opportunity to the next and
    # moves to a new line when it would end past ``width``.  Without columns
    # or mandatory breaks this is "the last opportunity that fits, else the
    # first one", found by bisection.
    possible, columns, mandatory = plan
    end = len(text)
    if columns is None and not mandatory:
        chosen: list[int] = []
        line_start = 0
        room = width - start
        while end - line_start > room:
            index = bisect_right(possible, line_start + room) - 1
            if index < 0 or possible[index] <= line_start:
                index = bisect_right(possible, line_start)
                if index == len(possible):
                    break
            line_start = possible[index]
            chosen.append(line_start)
            room = width
        return chosen
    if columns is None:
        columns = list(range(end + 1))
    events = sorted([(i, False) for i in possible] + [(i, True) for i in mandatory])
    chosen = []
    last_break = -1
    column = start
    piece_start = 0
    for position, is_mandatory in events:
        piece = columns[position] - columns[piece_start]
        if last_break >= 0 and column + piece > width:
            chosen.append(last_break)
            column = 0
        if is_mandatory:
            last_break = -1
            column = 0
            piece_start = position + 1
        else:
            last_break = position
            column += piece
            piece_start = position
    if last_break >= 0 and column + columns[end] - columns[piece_start] > width:
        chosen.append(last_break)
    return chosen


@lru_cache(maxsize=256)  # update goes alert by alert: its languages share msgids
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
    portions = _PORTION.findall(value) or [""]
    keep = _brace_no_break(value, brace) if brace is not None and wrap else 0
    lines = []
    first_line = True
    last = len(portions) - 1
    offset = 0  # of the portion in value
    for index, raw in enumerate(portions):
        text = raw.translate(_ESCAPES) if _NEEDS_ESCAPE.search(raw) else raw
        breaks: list[int] = []
        plan = None
        start = first_start if first_line else 0
        # Skipped when even characters two columns wide could not reach the margin.
        if wrap and start + 2 * len(text) > width:
            plan = _opportunities(text)
            if offset < keep:
                # No break before the value's characters 1..keep (see _brace_no_break).
                banned = {
                    len(raw[:j].translate(_ESCAPES))
                    for j in range(1, min(keep - offset + 1, len(raw)))
                }
                plan = (
                    [i for i in plan[0] if i not in banned],
                    plan[1],
                    [i for i in plan[2] if i not in banned],
                )
            breaks = _fill(text, plan, width, start)
        if first_line and text and (index < last or first_start > width or breaks):
            # A string that contains a newline or does not fit starts with "".
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            if plan is not None:
                breaks = _fill(text, plan, width, 0)
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
    """How many characters after the first gettext 0.21 never breaks before (python-brace)."""
    # gettext forbids breaks inside the format directives of a format string,
    # but its python-brace parser records directive positions relative to the
    # directive, not to the string: the marks of every directive land at the
    # start of the string.  msgcat then treats bytes 0..e as "a directive",
    # where e is the first end (or error) mark, and breaks before none of
    # bytes 1..e.  Emulated here byte for byte (format-python-brace.c).
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
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_INT_MAX = 2**31 - 1


def _flag_tokens(text: str) -> list[str]:
    """Split a "#," line the way gettext does (commas and whitespace separate flags)."""
    tokens = [t for t in _FLAG_SEPARATORS.split(text) if t]
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
    for flag in _flag_tokens(", ".join(flags)):
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
            match = _RANGE.match(flag, 7)
            if match:
                low = min(int(match.group(1)), _INT_MAX)
                high = min(int(match.group(2)), _INT_MAX)
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
_UNUSUAL_REFERENCE = re.compile(r":(?:0[0-9]|(?!\S)|(?<!\S:))")


def _references(text: str) -> list[str]:
    """Split a "#:" line into "file:line" and "file" items the way gettext reads them."""
    tokens = text.split()
    # Fast path: no token can join its neighbour and no line number changes
    # when gettext parses it.
    if not _UNUSUAL_REFERENCE.search(text):
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


@lru_cache(maxsize=256)  # an alert's, for each of its languages
def _reference_lines(
    references: tuple[str, ...], page_width: int, encoding: str
) -> tuple[str, ...]:
    """The "#:" lines msgcat writes for these references."""
    items: dict[str, None] = {}
    for item in _references(" ".join(references)):
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


def _output_encoding(catalog: Catalog) -> str:
    content_type = catalog.header_value("Content-Type") or ""
    match = _CHARSET.search(content_type)
    if match:
        try:
            return codecs.lookup(match.group(1)).name
        except LookupError:
            pass
    return "utf-8"


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
    mo = polib.POFile()
    mo.metadata = {key: value for key, value in catalog.header}
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


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

_CHARSET = re.compile(r"charset=([^\s;\"\\]+)", re.IGNORECASE)
_CHARSET_BYTES = re.compile(rb"charset=([^\s;\"\\]+)", re.IGNORECASE)
_NEXT_MSGID_LINE = re.compile(rb"\n[ \t]*msgid\b")  # quicker than ^ and re.MULTILINE
_MSGSTR_LINE = re.compile(rb"^[ \t]*msgstr\b", re.MULTILINE)
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)(?![\w\[])[ \t]*")
_WORD = re.compile(r"\S+")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t\f\v\r]*')
_ESCAPE = re.compile(r'\\(?:([\\"ntrabfv])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))')
_SIMPLE_ESCAPES = {
    "\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r",
    "a": "\a", "b": "\b", "f": "\f", "v": "\v",
}  # fmt: skip
# "Name: value"; the one space after the colon is syntax, the rest is the value.
_HEADER_FIELD = re.compile(r"([^\s:]+): ?(.*)", re.DOTALL)
# The same for a whole header msgstr whose fields all end with a newline.
_HEADER_LINE = re.compile(r"([^\s:]+): ?([^\n]*)\n")
_HEADER_TEXT = re.compile(r"(?:[^\s:]+: ?[^\n]*\n)*")
# Every ASCII character a PO file's syntax uses must encode as itself.
_ASCII_PROBE = "".join(map(chr, range(32, 127))) + "\t\n\r"
_BOM = b"\xef\xbb\xbf"
_CRLF = re.compile(r"\r+$", re.MULTILINE)  # carriage returns that end a line

# Entry stages, in the order their lines must come.
_COMMENTS, _PREVIOUS, _CTXT, _ID, _PLURAL, _STR, _STRN = range(7)
_KEYWORDS = "msgctxt, msgid, msgid_plural, msgstr or msgstr[N]"


def _entry_pattern(keyword: str, previous: str) -> re.Pattern[str]:
    """A whole entry in the layout msgcat writes, whose lines cannot be in error.

    ``keyword`` and ``previous`` start its keyword and previous-string lines: ""
    and "#| " for an active entry, "#~ " and "#~| " for an obsolete one.  Comment
    lines come in msgcat's order and none ends with a backslash; the strings of
    a keyword are one per line (``_fast_lines`` checks what is inside them);
    there is no msgid_plural.  The blank lines after the entry are part of the
    match, and the line after them must be the end or a line that first of all
    finishes this entry (a comment, or a msgctxt, msgid or previous-string
    keyword).  Anything else does not match and is read line by line, and so is
    anything that the possessive repeats (*+, quicker) give up on.
    """
    return re.compile(
        r"""
        (?P<comments>   (?: \# (?:\ {rest})? \n )*+ )
        (?P<extracted>  (?: \#\. {rest} \n )*+ )
        (?P<references> (?: \#:  {rest} \n )*+ )
        (?P<flags>      (?: \#,  {rest} \n )*+ )
        (?: (?: {p}msgctxt\ (?P<previous_msgctxt> {s}(?:\n{p}{s})*+ ) \n )?
            {p}msgid\ (?P<previous_msgid> {s}(?:\n{p}{s})*+ ) \n
            (?: {p}msgid_plural\ (?P<previous_msgid_plural> {s}(?:\n{p}{s})*+ ) \n )? )?
        (?: {k}msgctxt\ (?P<msgctxt> {s}(?:\n{k}{s})*+ ) \n )?
        {k}msgid\  (?P<msgid>  {s}(?:\n{k}{s})*+ ) \n
        {k}msgstr\ (?P<msgstr> {s}(?:\n{k}{s})*+ ) (?:\n|\Z) \n*+
        (?= \Z | \#[^~|\n] | \#\n | \#~?\|\ m | (?:\#~\ )?msg(?:ctxt|id)\  )
        """.format(
            rest=r"[^\n]*+(?<!\\)",  # the rest of a comment line, not ending with a backslash
            s=r'"[^\n]*"',  # the strings of a line
            k=re.escape(keyword),
            p=re.escape(previous),
        ),
        re.VERBOSE,
    )


_ACTIVE_ENTRY = _entry_pattern("", "#| ")
_OBSOLETE_ENTRY = _entry_pattern("#~ ", "#~| ")


def _fail(path: str, line: int, message: str) -> CatalogError:
    return CatalogError(message, path=path, line=line)


def _charset_codec(name: str, *, path: str, line: int) -> str:
    """Return the Python codec name for a PO charset, or raise CatalogError."""
    if name.upper() == "CHARSET":  # an unfilled template: gettext reads it as ASCII
        return "utf-8"
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise _fail(path, line, f"unknown charset {name!r} in the Content-Type header") from None
    try:
        # The syntax of a PO file is ASCII: every ASCII character must encode
        # as itself (this rules out UTF-16, UTF-7, EBCDIC and bytes codecs).
        compatible = _ASCII_PROBE.encode(info.name) == _ASCII_PROBE.encode("ascii")
    except (UnicodeError, LookupError, TypeError, ValueError):
        compatible = False
    if not compatible:
        raise _fail(
            path, line, f"charset {name!r} cannot be used in a PO file (it is not ASCII-based)"
        )
    return info.name


def _sniff_codec(data: bytes) -> str:
    """The codec the header seems to declare, or UTF-8 (the parsed header has the last word)."""
    first = _MSGSTR_LINE.search(data)
    if first is None:
        return "utf-8"
    second = _NEXT_MSGID_LINE.search(data, first.end())
    match = _CHARSET_BYTES.search(data, first.start(), second.start() + 1 if second else len(data))
    if match is None:
        return "utf-8"
    try:
        return _charset_codec(match.group(1).decode("ascii", "replace"), path="", line=0)
    except CatalogError:
        return "utf-8"


def _decode(data: bytes, codec: str, *, path: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        name = codec.upper()
        raise _fail(
            path,
            line,
            f"this line is not valid {name} text (byte {data[error.start]:#04x}); save the file "
            f"as {name} or declare its real charset in the Content-Type header",
        ) from None
    # In UTF-8 a NUL character is a 0 byte, which is much quicker to look for.
    if b"\x00" in data if codec == "utf-8" else "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _fail(path, line, "this line contains a NUL character; is this really a PO file?")
    return text


def _unescape(body: str, codec: str, *, path: str, line: int) -> str:
    """Resolve backslash escapes; numeric ones are bytes in the file's charset."""
    pieces: list[str | bytes] = []
    numeric = False
    position = 0
    for match in _ESCAPE.finditer(body):
        if match.start() > position:
            pieces.append(body[position : match.start()])
        simple, octal, hexa, bad = match.groups()
        if simple is not None:
            pieces.append(_SIMPLE_ESCAPES[simple])
        elif bad is not None:
            raise _fail(
                path,
                line,
                f'invalid escape sequence \\{bad} in a string (allowed: \\\\ \\" \\n \\t \\r '
                "\\a \\b \\f \\v, \\ooo and \\xhh); write \\\\ for a backslash",
            )
        else:
            value = int(octal, 8) if octal is not None else int(hexa, 16)
            if value == 4:
                raise _fail(path, line, _EOT_MESSAGE)
            if value == 0 or value > 255:
                raise _fail(
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
        raise _fail(
            path, line, f"the escaped bytes in this string are not valid {codec.upper()} text"
        ) from None


def _strings(text: str, codec: str, *, path: str, line: int) -> str:
    """The value of the quoted string(s) that make up ``text``, which starts with a quote."""
    if text[-1] == '"' and text.count('"') == 2:  # the common case: one string
        body = text[1:-1]
        if "\\" not in body:
            return body
        if body.count("\\") == body.count("\\n"):  # every backslash starts a \n
            return body.replace("\\n", "\n")
    return _quoted_strings(text, codec, path=path, line=line)


def _quoted_strings(text: str, codec: str, *, path: str, line: int) -> str:
    """``_strings`` without its shortcuts: any number of strings, any escapes, or an error."""
    values = []
    position = 0
    while position < len(text):
        if text[position] != '"':
            found = _WORD.match(text, position)
            shown = found.group(0) if found else text[position:]
            raise _fail(path, line, f"unexpected text {shown!r} outside quotes")
        match = _QUOTED.match(text, position)
        if match is None:
            raise _fail(path, line, 'unterminated string: the closing " is missing')
        body = match.group(1)
        values.append(_unescape(body, codec, path=path, line=line) if "\\" in body else body)
        position = match.end()
    return "".join(values)


class _NotSimpleError(Exception):
    """A string that _entry_pattern matched but that only the line-by-line reading takes."""


def _fast_lines(strings: str, separator: str) -> tuple[str, int]:
    """The value of a keyword's strings that _entry_pattern matched, and their number of lines.

    ``strings`` is the '"..."' of each line, joined by ``separator`` (quote,
    newline, prefix, quote), which holds its only newlines.  Raises
    _NotSimpleError when a string has a quote inside or an escape other than
    \\n: only the line-by-line reading takes those.
    """
    escaped = "\\" in strings
    if escaped and strings.count("\\") != strings.count("\\n"):
        raise _NotSimpleError  # a backslash that does not start \n (maybe one before a quote)
    value = strings[1:-1]
    lines = 1
    if "\n" in value:
        parts = value.split(separator)
        value, lines = "".join(parts), len(parts)
    if '"' in value:
        raise _NotSimpleError
    return (value.replace("\\n", "\n") if escaped else value), lines


def _fast_value(strings: str, separator: str) -> str:
    """The value that ``_fast_lines`` finds."""
    return _fast_lines(strings, separator)[0]


def _fast_strings(strings: str, separator: str) -> list[str]:
    """Like ``_fast_lines``, but the value of each line (a header error names its line)."""
    escaped = "\\" in strings
    if escaped and strings.count("\\") != strings.count("\\n"):
        raise _NotSimpleError
    values = strings[1:-1].split(separator)
    if any('"' in value for value in values):
        raise _NotSimpleError
    return [value.replace("\\n", "\n") for value in values] if escaped else values


def _comment_text(text: str) -> str:
    # gettext drops the one space after the marker and keeps the rest as is.
    return text[1:] if text.startswith(" ") else text


def _fast_comment_texts(lines: str, marker: int) -> tuple[str, ...]:
    """``_comment_text`` of these newline-ended lines, after their ``marker`` characters."""
    if lines.count("\n") == 1:  # one line, _comment_text() inlined
        if lines[marker : marker + 1] == " ":
            return (lines[marker + 1 : -1],)
        return (lines[marker:-1],)
    return tuple(_comment_text(line[marker:]) for line in lines[:-1].split("\n"))


def _fast_comments(lines: str, read: Callable[[str], list[str]]) -> tuple[str, ...]:
    """What ``read`` finds after the marker of each of these newline-ended "#:" or "#," lines."""
    if lines.count("\n") == 1:
        return tuple(read(lines[2:-1]))
    return tuple(item for line in lines[:-1].split("\n") for item in read(line[2:]))


class _Entry:
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
        self.stage = _COMMENTS
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


class _Reader:
    """Reads the lines of a decoded PO file into messages and a header."""

    def __init__(self, codec: str, path: str) -> None:
        self.codec = codec
        self.path = path
        self.entry = _Entry(1)
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
        # else); other lines one by one, with every check.
        position, lineno, size = 0, 1, len(text)
        while position < size:
            if text[position] == "\n":  # a blank line
                position, lineno = position + 1, lineno + 1
                continue
            if text[position] in "#m" and self.between_entries():
                end, after = self.whole_entries(text, position, lineno)
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
            entry.stage != _COMMENTS
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
        return entry.stage >= _STR or not (
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
                    raise _fail(
                        path, lineno, "a string continuation line must follow a keyword line"
                    )
                if line[-1] == '"' and line.count('"') == 2 and "\\" not in line:
                    value = line[1:-1]  # the common case, inlined from _strings()
                else:
                    value = _strings(line, codec, path=path, line=lineno)
                self.current.append(value)
                if self.entry.str_lines and self.current is self.entry.msgstr:
                    self.entry.str_lines.append((lineno, value))
            elif first == "m":
                self.keyword(line, lineno, obsolete=False)
            elif first == "#":
                self.comment(line, lineno)
            elif not line.isspace():
                word = _WORD.match(line)
                shown = word.group(0) if word else line
                if first.isalpha():
                    raise _fail(path, lineno, f"unknown keyword {shown!r} (expected {_KEYWORDS})")
                raise _fail(path, lineno, f"unexpected text {shown!r} outside quotes")

    def whole_entries(self, text: str, position: int, lineno: int) -> tuple[int, int]:
        """Read the entries in msgcat's layout from ``position`` on, each in one step.

        Reading the lines of an entry that _ACTIVE_ENTRY or _OBSOLETE_ENTRY
        matches would raise no error, and the line after the match would first
        of all finish it (complete it and turn it into a Message): so it is
        finished here and now, to the same effect.  Stops before anything else,
        such as strings that need the line-by-line reading.  Returns the
        position and line number where it stopped.
        """
        seen, messages = self.seen, self.messages
        while True:
            match = _ACTIVE_ENTRY.match(text, position) or _OBSOLETE_ENTRY.match(text, position)
            if match is None:
                return position, lineno
            (
                comments,
                extracted,
                references,
                flags,
                previous_msgctxt,
                previous_msgid,
                previous_msgid_plural,
                msgctxt,
                msgid,
                msgstr,
            ) = match.groups()
            obsolete = match.re is _OBSOLETE_ENTRY
            separator = '"\n#~ "' if obsolete else '"\n"'
            try:
                msgid, msgid_lines = _fast_lines(msgid, separator)
                if msgctxt is None and msgid == "":
                    if not self.whole_header(match, lineno):
                        return position, lineno
                    lineno += text.count("\n", position, match.end())
                    position = match.end()
                    continue
                if msgctxt is not None:
                    msgctxt = _fast_value(msgctxt, separator)
                msgstr, msgstr_lines = _fast_lines(msgstr, separator)
                if previous_msgid is not None:
                    separator = '"\n#~| "' if obsolete else '"\n#| "'
                    previous_msgid = _fast_value(previous_msgid, separator)
                    if previous_msgctxt is not None:
                        previous_msgctxt = _fast_value(previous_msgctxt, separator)
                    if previous_msgid_plural is not None:
                        previous_msgid_plural = _fast_value(previous_msgid_plural, separator)
            except _NotSimpleError:
                return position, lineno
            if self.entry.stage >= _STR:  # the entry before, read line by line, is complete
                self.finish()
                self.entry = _Entry(lineno)  # finished: the next line starts a new entry
            msgid_start = match.start("msgid")
            line = lineno + text.count("\n", position, msgid_start)
            key = (msgctxt, msgid)
            if key in seen:
                self.check_new(key, line)  # raises
            seen[key] = line
            messages.append(
                Message(
                    msgid=msgid,
                    msgstr=msgstr,
                    msgctxt=msgctxt,
                    flags=_fast_comments(flags, _flag_tokens) if flags else (),
                    translator_comments=_fast_comment_texts(comments, 1) if comments else (),
                    extracted_comments=_fast_comment_texts(extracted, 2) if extracted else (),
                    references=_fast_comments(references, _references) if references else (),
                    previous_msgctxt=previous_msgctxt,
                    previous_msgid=previous_msgid,
                    previous_msgid_plural=previous_msgid_plural,
                    obsolete=obsolete,
                    line=line,
                )
            )
            # The next line: msgstr's last line is line + msgid_lines + msgstr_lines - 1,
            # and the newlines after its closing quote each end a line.
            position = match.end()
            lineno = line + msgid_lines + msgstr_lines - 1 + position - match.end("msgstr")

    def whole_header(self, match: re.Match[str], lineno: int) -> bool:
        """The part of ``whole_entries`` for an entry with msgid "" and no msgctxt, the header.

        False, with nothing done, when it needs the line-by-line reading.
        """
        comments, extracted, references, flags, previous_msgid, msgstr = match.group(
            "comments", "extracted", "references", "flags", "previous_msgid", "msgstr"
        )
        if extracted or references or previous_msgid is not None or match.re is _OBSOLETE_ENTRY:
            return False  # an error, which the line-by-line reading reports
        try:
            values = _fast_strings(msgstr, '"\n"')
        except _NotSimpleError:
            return False
        if self.entry.stage >= _STR:  # as start_entry() does
            self.finish()
            self.entry = _Entry(lineno)
        text, start = match.string, match.start()
        # The entry as its last line leaves it (see keyword() and read_lines()).
        entry = self.entry
        entry.comments = list(_fast_comment_texts(comments, 1)) if comments else []
        entry.flags = list(_fast_comments(flags, _flag_tokens)) if flags else []
        entry.obsolete = False
        entry.line = lineno + text.count("\n", start, match.start("msgid"))
        entry.msgid = [""]
        entry.msgstr = values
        entry.str_lines = list(
            enumerate(values, lineno + text.count("\n", start, match.start("msgstr")))
        )
        entry.stage = _STR
        self.finish()
        self.entry = _Entry(lineno)  # finished: the next line starts a new entry
        return True

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
        if entry.stage == _PREVIOUS:
            raise _fail(
                self.path, lineno, "comment lines must come before the previous-string lines (#|)"
            )
        if entry.stage > _PREVIOUS:
            raise _fail(
                self.path,
                entry.line,
                f"this message has no msgstr (translation) line; line {lineno} is a comment",
            )
        self.current = None
        if line.endswith("\\"):
            raise _fail(
                self.path,
                lineno,
                "a comment line must not end with a backslash (gettext joins it to the next line)",
            )
        if second == ".":
            entry.extracted.append(_comment_text(line[2:]))
            entry.other_comment_line = entry.other_comment_line or lineno
        elif second == ":":
            entry.references += _references(line[2:])
            entry.other_comment_line = entry.other_comment_line or lineno
        elif second == ",":
            entry.flags += _flag_tokens(line[2:])
        else:
            entry.comments.append(_comment_text(line[1:]))

    def start_entry(self, lineno: int) -> _Entry:
        """The entry a comment, previous-string or msgctxt/msgid line belongs to."""
        if self.entry.stage >= _STR:  # the previous entry is complete
            self.finish()
            self.entry = _Entry(lineno)
        return self.entry

    def continuation(self, text: str, lineno: int, kind: str) -> None:
        if self.current is None or self.current_kind != kind:
            raise _fail(self.path, lineno, "a string continuation line must follow a keyword line")
        self.current.append(_strings(text, self.codec, path=self.path, line=lineno))

    def check_obsolete(self, entry: _Entry, lineno: int, obsolete: bool) -> None:
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete:
            raise _fail(
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
        match = _KEYWORD.match(rest)
        name = match.group(1) if match else ""
        if name not in ("msgctxt", "msgid", "msgid_plural"):
            word = _WORD.match(rest)
            shown = word.group(0) if word else rest
            raise _fail(
                self.path, lineno, f"unknown keyword {shown!r} in a previous-string line ({kind})"
            )
        if entry.stage > _PREVIOUS:
            raise _fail(
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
            raise _fail(
                self.path,
                lineno,
                f"previous {name} ({kind}) out of order: the order is msgctxt, msgid, msgid_plural "
                "and msgid is required",
            )
        value_text = rest[match.end() :]  # type: ignore[union-attr]
        if not value_text.startswith('"'):
            raise _fail(
                self.path, lineno, f"{name} must be followed by a quoted string on the same line"
            )
        self.check_obsolete(entry, lineno, obsolete)
        entry.stage = _PREVIOUS
        entry.other_comment_line = entry.other_comment_line or lineno
        parts = [_strings(value_text, self.codec, path=self.path, line=lineno)]
        done[name] = parts
        self.current, self.current_kind = parts, kind

    def keyword(self, rest: str, lineno: int, *, obsolete: bool) -> None:
        """A msgctxt, msgid, msgid_plural, msgstr or msgstr[N] line."""
        path = self.path
        match = _KEYWORD.match(rest)
        if match is None:
            word = _WORD.match(rest)
            shown = word.group(0) if word else rest
            raise _fail(path, lineno, f"unknown keyword {shown!r} (expected {_KEYWORDS})")
        name, index = match.group(1), match.group(2)
        entry = self.start_entry(lineno) if name in ("msgctxt", "msgid") else self.entry
        value_text = rest[match.end() :]
        if not value_text.startswith('"'):
            if value_text:
                raise _fail(
                    path,
                    lineno,
                    f"unexpected text {value_text!r} after {name}; a quoted string must follow",
                )
            raise _fail(
                path, lineno, f"{name} must be followed by a quoted string on the same line"
            )
        stage = entry.stage
        if stage >= _CTXT or name in ("msgctxt", "msgid"):
            self.check_obsolete(entry, lineno, obsolete)
        if stage == _PREVIOUS and "msgid" not in entry.previous:
            raise _fail(
                path, lineno, "a previous msgctxt (#|) must be followed by a previous msgid"
            )
        value = _strings(value_text, self.codec, path=path, line=lineno)
        part = [value]
        if name == "msgctxt":
            if stage >= _CTXT:
                raise _fail(path, lineno, "msgctxt must come before msgid")
            entry.stage, entry.line, entry.msgctxt = _CTXT, lineno, part
        elif name == "msgid":
            if stage in (_ID, _PLURAL):
                raise _fail(path, entry.line, "this message has no msgstr (translation) line")
            entry.stage, entry.line, entry.msgid = _ID, lineno, part
        elif name == "msgid_plural":
            if stage != _ID:
                raise _fail(
                    path,
                    lineno,
                    "msgid_plural must follow msgid"
                    if stage < _ID
                    else "msgid_plural must come before msgstr",
                )
            entry.stage, entry.msgid_plural = _PLURAL, part
        elif index is None:  # msgstr
            if stage < _ID:
                raise _fail(path, lineno, "msgstr without a msgid before it")
            if stage in (_PLURAL, _STRN):
                raise _fail(
                    path,
                    lineno,
                    "this message has a msgid_plural, so its translations must be written "
                    "msgstr[0], msgstr[1], ... instead of msgstr",
                )
            if stage == _STR:
                raise _fail(path, lineno, "a second msgstr in the same message")
            entry.stage, entry.msgstr = _STR, part
            if entry.msgctxt is None and not "".join(entry.msgid):
                entry.str_lines = [(lineno, value)]  # a header: keep lines for its errors
        else:  # msgstr[N]
            if stage < _ID:
                raise _fail(path, lineno, f"{name} without a msgid before it")
            if stage in (_ID, _STR):
                raise _fail(
                    path,
                    lineno,
                    f"{name} is only allowed after msgid_plural; a message without plural "
                    "has one msgstr",
                )
            expected = len(entry.plural_forms)
            if int(index) != expected:
                raise _fail(
                    path,
                    lineno,
                    f"expected msgstr[{expected}] here, found {name}: plural forms are numbered "
                    "0, 1, 2, ... in order",
                )
            entry.stage = _STRN
            entry.plural_forms.append(part)
        self.current, self.current_kind = part, "#~" if obsolete else ""

    def finish(self) -> None:
        """Check the current entry and turn it into a Message or the header."""
        entry, path = self.entry, self.path
        if entry.stage < _ID:
            if entry.stage == _CTXT:
                raise _fail(path, entry.line, "msgctxt is not followed by a msgid")
            if entry.previous:
                raise _fail(
                    path,
                    entry.first_line,
                    "previous-string lines (#|) are not followed by a message",
                )
            raise _fail(
                path,
                entry.first_line,
                "comment lines at the end of the file belong to no message; remove them "
                "or add the message they describe",
            )
        if entry.stage in (_ID, _PLURAL):
            raise _fail(path, entry.line, "this message has no msgstr (translation) line")
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
            raise _fail(
                self.path,
                line,
                f"duplicate message definition (first defined at line {self.seen[key]})",
            )
        self.seen[key] = line

    def read_header(self, entry: _Entry) -> None:
        path = self.path
        if len(self.seen) != 1:
            raise _fail(
                path, entry.line, 'the header entry (msgid "") must be the first entry in the file'
            )
        if entry.obsolete:
            raise _fail(path, entry.line, "the header entry cannot be obsolete (#~)")
        if entry.msgid_plural is not None:
            raise _fail(path, entry.line, "the header entry cannot have a msgid_plural")
        if entry.other_comment_line:
            raise _fail(
                path,
                entry.other_comment_line,
                "the header entry can only have translator comments (#) and flags (#,)",
            )
        self.header = _header_fields(entry.str_lines, path=path)
        self.header_comments = tuple(entry.comments)
        self.header_flags = tuple(entry.flags)
        for name, value in self.header:
            match = _CHARSET.search(value) if name.lower() == "content-type" else None
            if match:
                line = next((n for n, t in entry.str_lines if "charset=" in t.lower()), entry.line)
                self.declared = _charset_codec(match.group(1), path=path, line=line)


def _check_eot(text: str, path: str) -> None:
    """Refuse the EOT character in strings (gettext's context separator); comments may have it."""
    for lineno, line in enumerate(text.split("\n"), 1):
        if "\x04" in line and (not line.lstrip().startswith("#") or line.startswith(("#~", "#|"))):
            raise _fail(path, lineno, _EOT_MESSAGE)


_EOT_MESSAGE = (
    "the control character EOT (U+0004) cannot appear in a message: gettext uses it "
    "to separate msgctxt from msgid"
)


def _header_fields(str_lines: list[tuple[int, str]], *, path: str) -> tuple[tuple[str, str], ...]:
    """Parse the header msgstr into (name, value) pairs, one per "Name: value" line."""
    msgstr = "".join([text for _, text in str_lines])
    if _HEADER_TEXT.fullmatch(msgstr):  # the usual header: no error, no line number needed
        return tuple(_HEADER_LINE.findall(msgstr))
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
        match = _HEADER_FIELD.fullmatch(field)
        if match is None:
            raise _fail(
                path,
                line,
                f"malformed header field {field!r}: each header line must look like 'Name: value'",
            )
        fields.append((match.group(1), match.group(2)))
    return tuple(fields)


def read_po(data: bytes, *, path: str) -> Catalog:
    """Parse the bytes of a .po/.pot file into a Catalog, or raise CatalogError."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    codec = _sniff_codec(data)
    reader = _Reader(codec, path)
    catalog = reader.read(_decode(data, codec, path=path))
    if reader.declared is not None and reader.declared != codec:
        # The charset found before parsing was not the header's: read again.
        reader = _Reader(reader.declared, path)
        catalog = reader.read(_decode(data, reader.codec, path=path))
    return catalog
