"""Unicode line breaking (UAX #14) as libunistring 1.0 does it for GNU gettext 0.21.

``opportunities`` finds where a portion of a string may break (and its screen
columns); ``fill`` chooses the breaks greedily for a page width, as
``u8_width_linebreaks`` does.  The pair table and class data below are
libunistring's, so a string wraps exactly where ``msgcat`` wraps it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache
from itertools import accumulate

from .syntax import ESCAPE_SEQUENCE

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
CLASS_OF = _CharTable(lambda ch: chr(64 + _line_break_class(ch)))
WIDTH_OF = _CharTable(lambda ch: "012"[_char_width(ch)])


def pair_breaks(classes: bytes) -> tuple[list[int], list[int]]:
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





# The fast path: text made only of characters below U+3100 that are one column
# wide and whose breaks the pair table alone decides (no combining marks,
# joiners, Hebrew hyphens, flags or mandatory breaks).  A regular expression
# over the text itself finds its breaks; everything else goes through pair_breaks().
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


def opportunities(text: str) -> tuple[list[int], list[int] | None, list[int]]:
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
        possible, mandatory = pair_breaks(text.translate(CLASS_OF).encode("ascii"))
        columns = [0, *accumulate(map(int, text.translate(WIDTH_OF)))]
    if "\\" in text:
        # gettext forbids a break inside an escape sequence (between the backslash
        # and its letter) and before the "\n" that ends a portion; before any
        # other backslash, UAX #14 decides.
        banned = {match.start() + 1 for match in ESCAPE_SEQUENCE.finditer(text)}
        if text.endswith("\\n"):
            banned.add(len(text) - 2)
        possible = [i for i in possible if i not in banned]
        mandatory = [i for i in mandatory if i not in banned]
    return possible, columns, mandatory


def fill(
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
