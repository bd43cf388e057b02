"""Plural-Forms headers: the project's table of rules, and GNU gettext's grammar for them.

A new catalog's ``Plural-Forms`` comes from ``data/plural-forms.tsv``, made once
from CLDR 47 (through Babel 2.18.0) by ``scripts/plural_table.py``, never from
the installed Babel, whose rules change between releases.  A header written by
a translator is read with the grammar GNU gettext's ``plural.y`` accepts and
checked as ``msgfmt -c`` checks it, so a header that gettext or Python's
``gettext`` module would refuse is refused here first, with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

TABLE_SOURCE = "CLDR 47 through Babel 2.18.0"

# msgfmt -c evaluates the rule for n = 0 … 1000 (gettext's msgl-check.c).
_CHECKED_UP_TO = 1000
_ULONG = 2**64  # gettext evaluates in unsigned long


class PluralFormsError(ValueError):
    """A Plural-Forms header gettext would not accept; str() is the reason."""


@dataclass(frozen=True)
class PluralRule:
    """A parsed ``nplurals=N; plural=EXPR;`` header."""

    nplurals: int
    expression: str
    _tree: tuple = ()

    def index(self, n: int) -> int:
        """The plural form gettext picks for ``n``."""
        return _evaluate(self._tree, n)


@cache
def table() -> dict[str, str]:
    """Locale name (POSIX spelling) -> Plural-Forms header, from the committed table."""
    text = resources.files(__package__).joinpath("data/plural-forms.tsv").read_text("utf-8")
    rows = (line.split("\t", 1) for line in text.splitlines() if line and line[0] != "#")
    return {name: forms for name, forms in rows}


def for_locale(name: str) -> str | None:
    """The table's Plural-Forms for a POSIX locale name (``bm_Nkoo``), or None."""
    rows = table()
    parts = name.split("_")
    # bm_Nkoo_ML -> bm_Nkoo -> bm: the most specific row the table has.
    for end in range(len(parts), 0, -1):
        found = rows.get("_".join(parts[:end]))
        if found is not None:
            return found
    return None


_HEADER = re.compile(r"\s*nplurals\s*=\s*(?P<n>[0-9]+)\s*;\s*plural\s*=\s*(?P<expr>[^;]*?)\s*;?\s*")
_TOKEN = re.compile(r"\s*(?:(?P<num>[0-9]+)|(?P<n>n)|(?P<op>\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")


@cache  # every catalog of a language carries the same header
def parse(header: str) -> PluralRule:
    """Parse a Plural-Forms value, or raise PluralFormsError saying what is wrong."""
    found = _HEADER.fullmatch(header)
    if found is None:
        raise PluralFormsError(
            f"Plural-Forms {header!r} is not 'nplurals=N; plural=EXPRESSION;'")
    nplurals = int(found["n"])
    if not 1 <= nplurals <= 100:
        raise PluralFormsError(f"Plural-Forms: nplurals={nplurals} is out of range")
    expression = found["expr"]
    tree = _Parser(expression).parse()
    rule = PluralRule(nplurals, expression, tree)
    for n in range(_CHECKED_UP_TO + 1):
        try:
            value = rule.index(n)
        except ZeroDivisionError:
            raise PluralFormsError(
                f"Plural-Forms: plural expression divides by zero for n = {n}") from None
        if value >= nplurals:
            raise PluralFormsError(
                f"Plural-Forms: nplurals = {nplurals} but the plural expression gives "
                f"{value} for n = {n}")
    return rule


# Binary operators by precedence, loosest first, as in gettext's plural.y.
_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))


class _Parser:
    """Recursive descent over gettext's C-like plural expression grammar."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str]] = []
        at = 0
        while at < len(text):
            match = _TOKEN.match(text, at)
            if match is None or match.end() == at:
                if text[at:].strip() == "":
                    break
                raise PluralFormsError(
                    f"Plural-Forms: unexpected {text[at:].strip()[:20]!r} in plural expression "
                    f"{text!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            at = match.end()
        self.at = 0

    def parse(self) -> tuple:
        if not self.tokens:
            raise PluralFormsError("Plural-Forms: the plural expression is empty")
        tree = self._conditional()
        if self.at != len(self.tokens):
            raise PluralFormsError(
                f"Plural-Forms: unexpected {self.tokens[self.at][1]!r} in plural expression "
                f"{self.text!r}")
        return tree

    def _peek(self) -> str | None:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else None

    def _take(self, expected: str) -> None:
        if self._peek() != expected:
            got = self._peek()
            raise PluralFormsError(
                f"Plural-Forms: expected {expected!r} but found "
                f"{'the end' if got is None else repr(got)} in plural expression {self.text!r}")
        self.at += 1

    def _conditional(self) -> tuple:
        test = self._binary(0)
        if self._peek() != "?":
            return test
        self.at += 1
        then = self._conditional()
        self._take(":")
        return ("?", test, then, self._conditional())

    def _binary(self, level: int) -> tuple:
        if level == len(_LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while self._peek() in _LEVELS[level]:
            op = self.tokens[self.at][1]
            self.at += 1
            left = (op, left, self._binary(level + 1))
        return left

    def _unary(self) -> tuple:
        if self.at == len(self.tokens):
            raise PluralFormsError(f"Plural-Forms: plural expression {self.text!r} ends early")
        kind, value = self.tokens[self.at]
        self.at += 1
        if kind == "num":
            return ("num", int(value) % _ULONG)
        if kind == "n":
            return ("n",)
        if value == "!":
            return ("!", self._unary())
        if value == "(":
            inner = self._conditional()
            self._take(")")
            return inner
        raise PluralFormsError(
            f"Plural-Forms: unexpected {value!r} in plural expression {self.text!r}")


def _evaluate(tree: tuple, n: int) -> int:
    op = tree[0]
    if op == "n":
        return n % _ULONG
    if op == "num":
        return tree[1]
    if op == "!":
        return int(not _evaluate(tree[1], n))
    if op == "?":
        return _evaluate(tree[2] if _evaluate(tree[1], n) else tree[3], n)
    if op == "||":
        return int(bool(_evaluate(tree[1], n)) or bool(_evaluate(tree[2], n)))
    if op == "&&":
        return int(bool(_evaluate(tree[1], n)) and bool(_evaluate(tree[2], n)))
    left, right = _evaluate(tree[1], n), _evaluate(tree[2], n)
    if op in ("/", "%") and right == 0:
        raise ZeroDivisionError
    return _ARITHMETIC[op](left, right) % _ULONG


_ARITHMETIC = {
    "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b, "-": lambda a, b: a - b,
    "*": lambda a, b: a * b, "/": lambda a, b: a // b, "%": lambda a, b: a % b,
}
