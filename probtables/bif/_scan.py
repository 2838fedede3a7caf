"""The tokens of a BIF text: the scanner behind :func:`probtables.bif.parse_bif`.

The text is split once by one regular expression into words, quoted names and
punctuation, after comments are blanked (strings are matched together with
comments, so a ``//`` inside a quoted name is kept). Positions are token
indices; they become line numbers only for error messages. Two fast paths read
the usual layout (plain parent configurations and lists of numbers) a line at a
time; anything else is read token by token, to say what is wrong and where.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

from probtables.errors import BIFError

__all__ = ["PLAIN_NAME", "PROPERTY", "Entry", "Scanner", "Token"]

# strings and comments, matched together so that "//" inside a string is kept
_STRING_OR_COMMENT = re.compile(r'"[^"\n]*"|//[^\n]*|/\*.*?\*/|/\*', re.DOTALL)
# a token: a quoted name, a punctuation mark, a word, or a stray quote
_TOKEN = re.compile(r'"[^"\n]*"|[{}\[\]();,|]|[^\s{}\[\]();,|"]+|"')
_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(_NUM)
_INF = math.inf
# a list of numbers, its tokens joined by single spaces: "0.1 , 0.9" or "0.1 0.9"
_NUMBERS = re.compile(rf"{_NUM}(?: , {_NUM})*|{_NUM}(?: {_NUM})*")
# a name the scanner reads as one word, so the writer need not quote it
PLAIN_NAME = re.compile(r'[^\s{}\[\]();,|"]+')
# what a property may hold so that it reads back: no ";", "{", "}" outside quotes
PROPERTY = re.compile(r'(?:"[^"\n]*"|[^;"{}])*')
_NOT_NAME = frozenset('{}[]();,|"')
_KEYWORDS = ("network", "variable", "probability", "property", "table", "default", "type")


def _plain_numbers(chunk: list[str]) -> list[float] | None:
    """The values of the tokens of a plain number list (``0.1 , 0.9`` or ``0.1 0.9``); else ``None``."""
    if not chunk or not _NUMBERS.fullmatch(" ".join(chunk)):
        return None
    if len(chunk) > 1 and chunk[1] == ",":
        chunk = chunk[::2]
    values = list(map(float, chunk))
    if _INF in values or -_INF in values:  # too large for a float: the slow path says where
        return None
    return values


class Entry(NamedTuple):
    """One line of a probability block: ``table``, ``default`` or a parent configuration, and its values."""

    kind: str  # "table", "default", "config"
    states: tuple[str, ...]  # the parent states of a configuration
    where: Sequence[int]  # their token indices
    values: list[float]
    start: int  # token index of the keyword or "("
    values_start: int


class Token(NamedTuple):
    """A token and where it stands (its index among the tokens)."""

    kind: str  # "word", "str", "punct", "eof"
    value: str  # the name (unquoted) or the punctuation
    start: int  # index of the token
    raw: str  # as written, for messages

    def found(self) -> str:
        return "end of file" if self.kind == "eof" else repr(self.raw)


class Scanner:
    """The tokens of a BIF text, split once by one regular expression.

    Positions are token indices; they become line numbers only for messages.
    """

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.text = self._blank_comments(text)
        self.toks: list[str] = _TOKEN.findall(self.text)
        self.pos = 0
        self._starts: list[int] | None = None
        if '"' in self.toks:
            raise self.error(self.toks.index('"'), "unterminated string: '\"' without a closing '\"'")

    def _blank_comments(self, text: str) -> str:
        def blank(m: re.Match[str]) -> str:
            s = m.group()
            if s[0] == '"':
                return s
            if s == "/*":
                line = text.count("\n", 0, m.start()) + 1
                raise BIFError(f"{self.source}, line {line}: unterminated comment: '/*' without '*/'")
            return re.sub(r"[^\n]", " ", s)

        if "/" not in text:
            return text
        return _STRING_OR_COMMENT.sub(blank, text)

    def char_pos(self, index: int) -> int:
        """The offset in the text of token ``index`` (the end of the text past the last)."""
        if self._starts is None:
            self._starts = [m.start() for m in _TOKEN.finditer(self.text)]
        if index < len(self._starts):
            return self._starts[index]
        return len(self.text.rstrip())

    def line(self, index: int) -> int:
        return self.text.count("\n", 0, self.char_pos(index)) + 1

    def error(self, index: int, message: str) -> BIFError:
        return BIFError(f"{self.source}, line {self.line(index)}: {message}")

    def peek(self) -> Token:
        i = self.pos
        if i >= len(self.toks):
            return Token("eof", "", i, "")
        raw = self.toks[i]
        if raw[0] == '"':
            return Token("str", raw[1:-1], i, raw)
        if raw in _NOT_NAME:
            return Token("punct", raw, i, raw)
        return Token("word", raw, i, raw)

    def next(self) -> Token:
        tok = self.peek()
        self.pos = tok.start + 1
        return tok

    def expect(self, punct: str, context: str) -> Token:
        tok = self.next()
        if tok.kind != "punct" or tok.value != punct:
            raise self.error(tok.start, f"expected {punct!r} {context}, found {tok.found()}")
        return tok

    def expect_name(self, what: str) -> Token:
        tok = self.next()
        if tok.kind not in ("word", "str") or tok.value == "":
            raise self.error(tok.start, f"expected {what}, found {tok.found()}")
        return tok

    def property_text(self) -> str:
        """The text after ``property`` up to its ``;``, as written."""
        start = self.pos
        for i in range(start, len(self.toks)):
            tok = self.toks[i]
            if tok == ";":
                self.pos = i + 1
                return self.text[self.char_pos(start) : self.char_pos(i)].strip()
            if tok in ("{", "}"):
                raise self.error(i, f"expected ';' after the property, found {tok!r}")
        raise self.error(len(self.toks), "expected ';' after the property, found end of file")

    def plain_entries(self) -> list[Entry]:
        """Read the lines ``(s1, s2) v1, v2, ...;`` from a ``(`` on, while they are plain.

        Fast path for the usual layout: plain names separated by commas or by
        spaces, and numbers. It stops at the first line that is anything else
        (quoted names, a mistake), which the token-by-token loop then reads.
        """
        toks, i, n = self.toks, self.pos, len(self.toks)
        out: list[Entry] = []
        while i < n and toks[i] == "(":
            try:
                j = toks.index(")", i)
                k = toks.index(";", j)
            except ValueError:
                break
            inner = toks[i + 1 : j]
            if not inner:
                break
            if len(inner) > 1 and inner[1] == ",":
                names, where = inner[::2], range(i + 1, j, 2)
                commas = inner[1::2]
                if len(inner) % 2 == 0 or commas.count(",") != len(commas):
                    break
            else:
                names, where = inner, range(i + 1, j)
            # punctuation, or a quoted name (words never hold '"')
            if not _NOT_NAME.isdisjoint(names) or '"' in "".join(names):
                break
            values = _plain_numbers(toks[j + 1 : k])
            if values is None:
                break
            out.append(Entry("config", tuple(names), where, values, i, j + 1))
            i = k + 1
        self.pos = i
        return out

    def numbers(self, context: str) -> tuple[list[float], int]:
        """The numbers up to the next ``;``; returns them and the index of the first."""
        toks, i = self.toks, self.pos
        try:
            j = toks.index(";", i)
        except ValueError:
            j = -1
        values = _plain_numbers(toks[i:j]) if j > i else None
        if values is None:
            return self._numbers_slow(context)
        self.pos = j + 1
        return values, i

    def _numbers_slow(self, context: str) -> tuple[list[float], int]:
        # token by token, only to find what is wrong and where
        values: list[float] = []
        first = self.pos
        after_comma = False
        while True:
            tok = self.next()
            if tok.kind == "word" and _NUMBER.fullmatch(tok.value):
                if math.isinf(float(tok.value)):
                    raise self.error(
                        tok.start, f"the number {tok.value!r} in {context} is too large for a float"
                    )
                values.append(float(tok.value))
                after_comma = False
                continue
            if tok.kind == "punct" and tok.value == ";" and values and not after_comma:
                return values, first
            if tok.kind == "punct" and tok.value == "," and values and not after_comma:
                after_comma = True
                continue
            if values and not after_comma and (tok.kind != "word" or tok.value in _KEYWORDS):
                raise self.error(tok.start, f"expected ';' after {context}, found {tok.found()}")
            raise self.error(tok.start, f"expected a number in {context}, found {tok.found()}")
