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
from collections.abc import Iterable

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
    for low, high in _OVERRIDDEN:
        if low <= cp < high:
            lo, hi = 0, len(_OVERRIDE_STARTS)
            while hi - lo > 1:  # the last run starting at or before cp
                mid = (lo + hi) // 2
                if _OVERRIDE_STARTS[mid] <= cp:
                    lo = mid
                else:
                    hi = mid
            found = _OVERRIDE_CLASSES[lo]
            return _guess_class(ch) if found is None else found
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


class _CharTable(dict):  # type: ignore[type-arg]
    """str.translate table computed on first use of each code point."""

    def __init__(self, compute: object) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, cp: int) -> str:
        value: str = self._compute(chr(cp))  # type: ignore[operator]
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
        elif c >= BK and c <= LF:
            mandatory.append(i)
            last = BK
            seen_space = False
        elif c == ZW:
            last = ZW
            seen_space = False
        elif c == CM or c == ZWJ:
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
        hl_hyphen = (c == HY or c == BA) and preceding == HL
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
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def _line_breaks(text: str, width: int, start: int) -> list[int]:
    """Where msgcat breaks an escaped portion that starts at column ``start``."""
    if text.isascii() and text.isprintable():
        if start + len(text) <= width:
            return []
        widths = None
    else:
        widths = text.translate(_WIDTH_OF)
        total = len(text) - widths.count("0") + widths.count("2")
        if start + total <= width:
            return []
    possible, mandatory = _breaks(text.translate(_CLASS_OF).encode("ascii"))
    if "\\" in text:
        # gettext forbids a break inside an escape sequence (between the backslash
        # and its letter); before the backslash, UAX #14 decides.
        banned = {match.start() + 1 for match in _ESCAPE_SEQUENCE.finditer(text)}
        if text.endswith("\\n"):
            banned.add(len(text) - 2)  # and never before the "\n" that ends a portion
        possible = [i for i in possible if i not in banned]
        mandatory = [i for i in mandatory if i not in banned]
    if not possible:
        return []
    events: Iterable[tuple[int, bool]]
    if mandatory:
        events = sorted([(i, False) for i in possible] + [(i, True) for i in mandatory])
    else:
        events = [(i, False) for i in possible]
    # Greedy filling as in libunistring's u8_width_linebreaks: a piece runs from
    # one break opportunity to the next and moves to a new line when it would
    # end past ``width``.
    chosen: list[int] = []
    last_break = -1
    column = start
    piece_start = 0
    for position, is_mandatory in events:
        if widths is None:
            piece = position - piece_start
        else:
            piece = (
                position
                - piece_start
                - widths.count("0", piece_start, position)
                + widths.count("2", piece_start, position)
            )
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
    end = len(text)
    if widths is None:
        piece = end - piece_start
    else:
        piece = (
            end - piece_start - widths.count("0", piece_start) + widths.count("2", piece_start)
        )
    if last_break >= 0 and column + piece > width:
        chosen.append(last_break)
    return chosen


def _wrap(out: list[str], prefix: str, keyword: str, value: str, page_width: int, wrap: bool) -> None:
    """Append the lines msgcat writes for ``keyword "value"`` (gettext's write-po.c wrap())."""
    # Column arithmetic as in gettext: the room for text is the page width
    # minus the closing quote, counted from after the opening quote.
    width = page_width - 1 - (len(prefix) + 1)
    first_start = len(keyword) + 1
    portions = _PORTION.findall(value) or [""]
    first_line = True
    last = len(portions) - 1
    for index, raw in enumerate(portions):
        text = raw.translate(_ESCAPES)
        if not wrap:
            breaks: list[int] = []
        else:
            breaks = _line_breaks(text, width, first_start if first_line else 0)
        if first_line and text and (index < last or first_start > width or breaks):
            # A string that contains a newline or does not fit starts with "".
            out.append(f'{prefix}{keyword} ""')
            first_line = False
            if wrap:
                breaks = _line_breaks(text, width, 0)
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        begin = 0
        for position in breaks:
            out.append(f'{head}"{text[begin:position]}"')
            head = prefix
            begin = position
        out.append(f'{head}"{text[begin:]}"')


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


def _normalized_flags(flags: tuple[str, ...], *, translated: bool, obsolete: bool) -> list[str]:
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
    return out


def _parse_references(text: str) -> list[tuple[str, int | None]]:
    """Split a "#:" line into (file, line) pairs the way gettext reads them."""
    # gettext 0.21 read-catalog-abstract.c: "file:12", "file: 12", "file :12"
    # and "file" are all accepted; a token whose line number is not all digits
    # is a file name.
    refs: list[tuple[str, int | None]] = []
    tokens = text.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if following.startswith(":"):
            number = following[1:] or (tokens[i + 2] if i + 2 < len(tokens) else "")
            if number.isdigit() and number.isascii():
                refs.append((token, int(number)))
                i += 2 if following[1:] else 3
                continue
        if token.endswith(":") and len(token) > 1 and following.isdigit() and following.isascii():
            refs.append((token[:-1], int(following)))
            i += 2
            continue
        head, colon, number = token.rpartition(":")
        if colon and head and number.isdigit() and number.isascii():
            refs.append((head, int(number)))
        else:
            refs.append((token, None))
        i += 1
    return refs


def _reference_lines(out: list[str], references: tuple[str, ...], page_width: int, encoding: str) -> None:
    seen: set[tuple[str, int | None]] = set()
    items: list[str] = []
    for name, number in _parse_references(" ".join(references)):
        while name.startswith("./"):  # gettext strips "./" when it prints a path
            name = name[2:]
        if (name, number) in seen or not name:
            continue
        seen.add((name, number))
        items.append(name if number is None else f"{name}:{number}")
    if not items:
        return
    # gettext counts bytes here, not columns, and wraps at the full page width.
    line = "#:"
    column = 2
    for item in items:
        size = len(item.encode(encoding, "replace")) + 1
        if column > 2 and column + size > page_width:
            out.append(line)
            line = "#:"
            column = 2
        line += " " + item
        column += size
    out.append(line)


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
    _reference_lines(out, message.references, page_width, encoding)
    flags = _normalized_flags(message.flags, translated=translated, obsolete=message.obsolete)
    if flags:
        out.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in flags
    prefix = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    # gettext has no syntax for a previous msgctxt or msgid_plural without a
    # previous msgid, so those are written only along with it.
    if message.previous_msgid is not None:
        if message.previous_msgctxt is not None:
            _wrap(out, previous, "msgctxt", message.previous_msgctxt, page_width, wrap)
        _wrap(out, previous, "msgid", message.previous_msgid, page_width, wrap)
        if message.previous_msgid_plural is not None:
            _wrap(out, previous, "msgid_plural", message.previous_msgid_plural, page_width, wrap)
    if message.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", message.msgctxt, page_width, wrap)
    _wrap(out, prefix, "msgid", message.msgid, page_width, wrap)
    if message.msgid_plural is None:
        _wrap(out, prefix, "msgstr", message.msgstr, page_width, wrap)
    else:
        _wrap(out, prefix, "msgid_plural", message.msgid_plural, page_width, wrap)
        # A template's plural entry has two empty forms, as xgettext writes them.
        for index, form in enumerate(message.msgstr_plural or ("", "")):
            _wrap(out, prefix, f"msgstr[{index}]", form, page_width, wrap)


def write_po(catalog: Catalog, *, width: int = 79) -> str:
    """Return the text of ``catalog`` as GNU msgcat 0.21 prints it."""
    # msgcat prints active entries first, then obsolete ones, and drops
    # obsolete entries whose (first) translation is empty.
    if width < 0:
        raise ValueError(f"width must be 0 (no wrapping) or positive, not {width}")
    # Like msgcat -w: 0 turns wrapping off, and no page is narrower than 20.
    width = max(width, 20) if width else _NO_WRAP
    encoding = _output_encoding(catalog)
    out: list[str] = []
    if catalog.header or catalog.header_comments or catalog.header_flags:
        header = _header_text(catalog)
        _comment_lines(out, "#", catalog.header_comments)
        flags = _normalized_flags(catalog.header_flags, translated=bool(header), obsolete=False)
        if flags:
            out.append("#, " + ", ".join(flags))
        out.append('msgid ""')
        _wrap(out, "", "msgstr", header, width, "no-wrap" not in flags)
        out.append("")
    obsolete = []
    for message in catalog.messages:
        if message.obsolete:
            if _first_translation(message):
                obsolete.append(message)
            continue
        _message_lines(out, message, width, encoding)
        out.append("")
    for message in obsolete:
        _message_lines(out, message, width, encoding)
        out.append("")
    if out:
        out.pop()  # no blank line after the last entry
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

_CHARSET = re.compile(r"charset=([^\s;\"\\]+)", re.IGNORECASE)
_CHARSET_BYTES = re.compile(rb"charset=([^\s;\"\\]+)", re.IGNORECASE)
_MSGID_LINE = re.compile(rb"^[ \t]*(?:#~[ \t]*)?msgid\b", re.MULTILINE)
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
# Every ASCII character a PO file's syntax uses must encode as itself.
_ASCII_PROBE = "".join(map(chr, range(32, 127))) + "\t\n\r"
_BOM = b"\xef\xbb\xbf"

# Entry stages, in the order their lines must come.
_COMMENTS, _PREVIOUS, _CTXT, _ID, _PLURAL, _STR, _STRN = range(7)


class _Entry:
    """One entry being read: its parts, lists of string pieces until it is complete."""

    __slots__ = (
        "first_line", "line", "stage", "obsolete", "comments", "extracted", "references",
        "flags", "previous", "previous_stage", "msgctxt", "msgid", "msgid_plural", "msgstr",
        "plural_forms", "str_lines", "other_comment_line",
    )  # fmt: skip

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.line = 0
        self.stage = _COMMENTS
        self.obsolete: bool | None = None
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, list[str]] = {}
        self.previous_stage = -1
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] = []
        self.msgid_plural: list[str] | None = None
        self.msgstr: list[str] = []
        self.plural_forms: list[list[str]] = []
        self.str_lines: list[tuple[int, str]] = []
        self.other_comment_line = 0  # first "#." / "#:" / "#|" line, for the header check


def _fail(path: str, line: int, message: str) -> CatalogError:
    return CatalogError(message, path=path, line=line)


def _charset_codec(name: str, *, path: str, line: int) -> str:
    """Return the Python codec name for a PO charset, or raise CatalogError."""
    if name.upper() == "CHARSET":  # an unfilled template: gettext reads it as ASCII
        return "utf-8"
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise _fail(path, line, f"unknown charset {name!r} in the Content-Type header") from None
    try:
        compatible = (
            getattr(info, "_is_text_encoding", True)
            and _ASCII_PROBE.encode(info.name) == _ASCII_PROBE.encode("ascii")
        )
    except (UnicodeError, LookupError, TypeError, ValueError):
        compatible = False
    if not compatible:
        raise _fail(path, line, f"charset {name!r} cannot be used in a PO file (it is not ASCII-based)")
    return info.name


def _sniff_charset(data: bytes, *, path: str) -> str:
    """The codec the header declares (looked for before the second entry), or UTF-8."""
    first = _MSGID_LINE.search(data)
    if first is None:
        return "utf-8"
    second = _MSGID_LINE.search(data, first.end())
    region = data[: second.start()] if second else data
    match = _CHARSET_BYTES.search(region)
    if match is None:
        return "utf-8"
    line = data.count(b"\n", 0, match.start()) + 1
    name = match.group(1).decode("ascii", "replace")
    return _charset_codec(name, path=path, line=line)


def _decode(data: bytes, codec: str, *, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        shown = data[error.start : error.start + 4].hex(" ")
        raise _fail(
            path,
            line,
            f"bytes {shown} are not valid {codec} text; save the file as {codec} "
            "or fix the charset in the Content-Type header",
        ) from None


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
                f"invalid escape sequence \\{bad} in a string (allowed: \\\\ \\\" \\n \\t \\r "
                "\\a \\b \\f \\v, \\ooo and \\xhh); write \\\\ for a backslash",
            )
        else:
            value = int(octal, 8) if octal is not None else int(hexa, 16)
            if value == 0 or value > 255:
                raise _fail(path, line, f"escape sequence {match.group(0)} is not a valid byte in a message")
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
        raise _fail(path, line, f"escaped bytes in this string are not valid {codec} text") from None


def _strings(text: str, codec: str, *, path: str, line: int) -> str:
    """The value of one or more quoted strings that make up the rest of a line."""
    if len(text) >= 2 and text[-1] == '"' and "\\" not in text and text.count('"') == 2 and text[0] == '"':
        return text[1:-1]
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


def _comment_text(text: str) -> str:
    # gettext drops the one space after the marker and keeps the rest as is.
    return text[1:] if text.startswith(" ") else text


def _header_fields(entry: _Entry, *, path: str) -> tuple[tuple[str, str], ...]:
    """Parse the header msgstr into (name, value) pairs, one per "Name: value" line."""
    # Fields are cut at "\n" in the joined msgstr; each keeps the number of the
    # file line where it starts, so that an error points at it.
    fields = []
    pending = ""
    pending_line = 0
    pieces: list[tuple[int, str]] = []
    for line, text in entry.str_lines:
        if not pending:
            pending_line = line
        pending += text
        while "\n" in pending:
            field, pending = pending.split("\n", 1)
            pieces.append((pending_line, field))
            pending_line = line
    if pending:
        pieces.append((pending_line, pending))
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
    codec = _sniff_charset(data, path=path)
    catalog, declared = _parse(_decode(data, codec, path=path), codec, path=path)
    if declared is not None and declared != codec:
        # The charset sniffed before parsing was not the header's: read again.
        catalog, _ = _parse(_decode(data, declared, path=path), declared, path=path)
    return catalog


def _parse(text: str, codec: str, *, path: str) -> tuple[Catalog, str | None]:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _fail(path, line, "the file contains a NUL character; is it really a PO file?")
    header: tuple[tuple[str, str], ...] = ()
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    declared: str | None = None
    messages: list[Message] = []
    seen: dict[tuple[str | None, str], int] = {}
    entries = 0

    entry = _Entry(1)
    current: list[str] | None = None  # the string a continuation line extends
    current_kind = ""  # "" (plain), "#~", "#|" or "#~|": the prefix continuations need

    def finish(entry: _Entry) -> None:
        nonlocal header, header_comments, header_flags, declared, entries
        if entry.stage < _ID:
            if entry.stage == _CTXT:
                raise _fail(path, entry.line, "msgctxt is not followed by a msgid")
            if entry.previous:
                raise _fail(path, entry.first_line, "previous-string lines (#|) are not followed by a message")
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
        key = (msgctxt, msgid)
        if key in seen:
            raise _fail(path, entry.line, f"duplicate message definition (first defined at line {seen[key]})")
        seen[key] = entry.line
        entries += 1
        if msgctxt is None and msgid == "":
            if entries != 1:
                raise _fail(path, entry.line, 'the header entry (msgid "") must be the first entry in the file')
            if entry.obsolete:
                raise _fail(path, entry.line, "the header entry cannot be obsolete (#~)")
            if entry.msgid_plural is not None:
                raise _fail(path, entry.line, "the header entry cannot have a msgid_plural")
            if entry.other_comment_line:
                raise _fail(
                    path,
                    entry.other_comment_line,
                    "the header entry can only carry translator comments (#) and flags (#,)",
                )
            header = _header_fields(entry, path=path)
            header_comments = tuple(entry.comments)
            header_flags = tuple(entry.flags)
            for name, value in header:
                if name.lower() == "content-type":
                    match = _CHARSET.search(value)
                    if match:
                        line = next(
                            (n for n, t in entry.str_lines if "charset=" in t.lower()), entry.line
                        )
                        declared = _charset_codec(match.group(1), path=path, line=line)
            return
        previous = entry.previous
        plural = None if entry.msgid_plural is None else "".join(entry.msgid_plural)
        messages.append(
            Message(
                msgid=msgid,
                msgstr="".join(entry.msgstr),
                msgctxt=msgctxt,
                msgid_plural=plural,
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

    def keyword(entry: _Entry, rest: str, lineno: int, obsolete: bool) -> list[str]:
        """Handle a keyword line; returns the list its continuation lines extend."""
        match = _KEYWORD.match(rest)
        if match is None:
            word = _WORD.match(rest)
            shown = word.group(0) if word else rest
            raise _fail(
                path,
                lineno,
                f"unknown keyword {shown!r} (expected msgctxt, msgid, msgid_plural, msgstr or msgstr[N])",
            )
        name, index = match.group(1), match.group(2)
        value_text = rest[match.end() :]
        if not value_text.startswith('"'):
            if value_text:
                raise _fail(path, lineno, f"unexpected text {value_text!r} after {name}; a quoted string must follow")
            raise _fail(path, lineno, f"{name} must be followed by a quoted string on the same line")
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete and entry.stage >= _CTXT:
            raise _fail(
                path,
                lineno,
                "inconsistent use of #~: a message must be obsolete (#~) on all of its lines or on none",
            )
        elif entry.obsolete != obsolete:
            raise _fail(
                path,
                lineno,
                "inconsistent use of #~: previous strings of an obsolete message are written #~|, "
                "of an active message #|",
            )
        stage = entry.stage
        if stage == _PREVIOUS and "msgid" not in entry.previous:
            raise _fail(path, lineno, "a previous msgctxt (#|) must be followed by a previous msgid")
        value = _strings(value_text, codec, path=path, line=lineno)
        if name == "msgctxt":
            if stage >= _CTXT:
                raise _fail(path, lineno, "msgctxt must come before msgid")
            entry.stage = _CTXT
            entry.line = lineno
            entry.msgctxt = [value]
            return entry.msgctxt
        if name == "msgid":
            if stage >= _ID:
                raise _fail(path, lineno, "a second msgid in the same message")
            entry.stage = _ID
            entry.line = lineno
            entry.msgid = [value]
            return entry.msgid
        if name == "msgid_plural":
            if stage != _ID:
                what = "msgid_plural must follow msgid" if stage < _ID else "msgid_plural must come before msgstr"
                raise _fail(path, lineno, what)
            entry.stage = _PLURAL
            entry.msgid_plural = [value]
            return entry.msgid_plural
        if index is None:  # msgstr
            if stage < _ID:
                raise _fail(path, lineno, "msgstr without a msgid before it")
            if stage == _PLURAL or stage == _STRN:
                raise _fail(
                    path,
                    lineno,
                    "this message has a msgid_plural, so its translations must be written "
                    "msgstr[0], msgstr[1], ... instead of msgstr",
                )
            if stage == _STR:
                raise _fail(path, lineno, "a second msgstr in the same message")
            entry.stage = _STR
            entry.msgstr = [value]
            if entry.msgctxt is None and entry.msgid == [""]:
                entry.str_lines = [(lineno, value)]
            return entry.msgstr
        if stage < _ID:
            raise _fail(path, lineno, f"{name} without a msgid before it")
        if stage == _ID or stage == _STR:
            raise _fail(
                path,
                lineno,
                f"{name} is only allowed after msgid_plural; a message without plural has one msgstr",
            )
        expected = len(entry.plural_forms)
        if int(index) != expected:
            raise _fail(
                path,
                lineno,
                f"expected msgstr[{expected}] here, found {name}: plural forms are numbered 0, 1, 2, ... in order",
            )
        entry.stage = _STRN
        form = [value]
        entry.plural_forms.append(form)
        return form

    def previous_line(entry: _Entry, rest: str, lineno: int, obsolete: bool) -> list[str]:
        match = _KEYWORD.match(rest)
        if match is None or match.group(1) not in ("msgctxt", "msgid", "msgid_plural"):
            word = _WORD.match(rest)
            shown = word.group(0) if word else rest
            raise _fail(path, lineno, f"unknown keyword {shown!r} in a previous-string line (#|)")
        name = match.group(1)
        order = ("msgctxt", "msgid", "msgid_plural").index(name)
        if order <= entry.previous_stage or (order == 2 and entry.previous_stage != 1):
            raise _fail(
                path,
                lineno,
                f"previous {name} (#|) out of order: the order is msgctxt, msgid, msgid_plural "
                "and msgid is required",
            )
        value_text = rest[match.end() :]
        if not value_text.startswith('"'):
            raise _fail(path, lineno, f"{name} must be followed by a quoted string on the same line")
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete:
            raise _fail(
                path,
                lineno,
                "inconsistent use of #~: previous strings of an obsolete message are written #~|, "
                "of an active message #|",
            )
        entry.previous_stage = order
        entry.stage = _PREVIOUS
        entry.other_comment_line = entry.other_comment_line or lineno
        parts = [_strings(value_text, codec, path=path, line=lineno)]
        entry.previous[name] = parts
        return parts

    lines = text.split("\n")
    for lineno, line in enumerate(lines, 1):
        if line.endswith("\r"):
            line = line[:-1]
        if not line:
            continue
        first = line[0]
        if first == " " or first == "\t":
            line = line.lstrip(" \t\f\v\r")
            if not line:
                continue
            first = line[0]
        if first == '"':
            if current is None or current_kind != "":
                raise _fail(path, lineno, "a string continuation line must follow a keyword line")
            value = _strings(line, codec, path=path, line=lineno)
            current.append(value)
            if entry.str_lines and current is entry.msgstr:
                entry.str_lines.append((lineno, value))
            continue
        if first == "m":
            if entry.stage >= _STR and line.startswith(("msgid", "msgctxt")):
                finish(entry)
                entry = _Entry(lineno)
            current = keyword(entry, line, lineno, False)
            current_kind = ""
            continue
        if first != "#":
            if line.isspace():
                continue
            word = _WORD.match(line)
            shown = word.group(0) if word else line
            if first.isalpha():
                raise _fail(
                    path,
                    lineno,
                    f"unknown keyword {shown!r} (expected msgctxt, msgid, msgid_plural, msgstr or msgstr[N])",
                )
            raise _fail(path, lineno, f"unexpected text {shown!r} outside quotes")
        second = line[1:2]
        if second == "~":
            rest = line[2:]
            is_previous = rest.startswith("|")
            rest = (rest[1:] if is_previous else rest).lstrip(" \t")
            if not rest:
                continue
            if rest[0] == '"':
                wanted = "#~|" if is_previous else "#~"
                if current is None or current_kind != wanted:
                    raise _fail(path, lineno, "a string continuation line must follow a keyword line")
                current.append(_strings(rest, codec, path=path, line=lineno))
                continue
            if entry.stage >= _STR and (is_previous or rest.startswith(("msgid", "msgctxt"))):
                finish(entry)
                entry = _Entry(lineno)
            if is_previous:
                if entry.stage > _PREVIOUS:
                    raise _fail(path, lineno, "previous-string lines (#~|) must come before msgctxt and msgid")
                current = previous_line(entry, rest, lineno, True)
                current_kind = "#~|"
            else:
                current = keyword(entry, rest, lineno, True)
                current_kind = "#~"
            continue
        if second == "|":
            rest = line[2:].lstrip(" \t")
            if rest.startswith('"'):
                if current is None or current_kind != "#|":
                    raise _fail(path, lineno, "a string continuation line must follow a keyword line")
                current.append(_strings(rest, codec, path=path, line=lineno))
                continue
            if entry.stage >= _STR:
                finish(entry)
                entry = _Entry(lineno)
            elif entry.stage > _PREVIOUS:
                raise _fail(path, lineno, "previous-string lines (#|) must come before msgctxt and msgid")
            current = previous_line(entry, rest, lineno, False)
            current_kind = "#|"
            continue
        # An ordinary comment line: it opens a new entry after a complete one.
        if entry.stage >= _STR:
            finish(entry)
            entry = _Entry(lineno)
        elif entry.stage == _PREVIOUS:
            raise _fail(path, lineno, "comment lines must come before the previous-string lines (#|)")
        elif entry.stage > _PREVIOUS:
            raise _fail(
                path,
                entry.line,
                f"this message has no msgstr (translation) line; found a comment at line {lineno} instead",
            )
        current = None
        if line.endswith("\\"):
            raise _fail(
                path,
                lineno,
                "a comment line must not end with a backslash: gettext would join it with the next line",
            )
        if second == ".":
            entry.extracted.append(_comment_text(line[2:]))
            entry.other_comment_line = entry.other_comment_line or lineno
        elif second == ":":
            entry.references.extend(
                name if number is None else f"{name}:{number}"
                for name, number in _parse_references(line[2:])
            )
            entry.other_comment_line = entry.other_comment_line or lineno
        elif second == ",":
            entry.flags.extend(_flag_tokens(line[2:]))
        else:
            entry.comments.append(_comment_text(line[1:]))
    if entry.stage != _COMMENTS or entry.comments or entry.extracted or entry.references or entry.flags:
        finish(entry)
    return (
        Catalog(
            header=header,
            header_comments=header_comments,
            header_flags=header_flags,
            messages=tuple(messages),
        ),
        declared,
    )
