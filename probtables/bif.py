r"""Read and write Bayesian networks in the BIF 0.15 text format.

The Bayesian Interchange Format (BIF 0.15, the format of JavaBayes and of the
bnlearn network repository) stores a discrete Bayesian network as blocks::

    network unknown {
    }
    variable asia {
      type discrete [ 2 ] { yes, no };
    }
    variable tub {
      type discrete [ 2 ] { yes, no };
    }
    probability ( asia ) {
      table 0.01, 0.99;
    }
    probability ( tub | asia ) {
      (yes) 0.05, 0.95;
      (no) 0.01, 0.99;
    }

A ``variable`` block lists the states in order. A ``probability ( child |
parent1, parent2 )`` block gives the conditional distribution of the child,
either one line per parent configuration, ``(s1, s2) v1, v2, ...;`` (the
parents' states in the order of the header, then the child's probabilities in
state order), or one ``table v1, v2, ...;`` line, or ``default v1, v2, ...;``
for every configuration not listed. The format also allows

* comments ``// ...`` and ``/* ... */``, and any whitespace or line breaks
  between tokens;
* names in double quotes (``"light-on"``), needed for names with spaces;
* ``,`` and ``|`` left out between names and ``,`` between numbers
  (``probability ( "dog-out" "bowel-problem" ) { table 0.99 0.97 0.01 0.03 ; }``);
* ``property ... ;`` lines in any block (kept as written, never interpreted).

A ``table`` line of a child with parents lists the values with the child
varying slowest and the last parent fastest (JavaBayes' convention: the
variables of the header in order, as nested loops).

Two layers live here. :func:`parse_bif` and :func:`format_bif` convert between
text and a :class:`BIFNetwork` (pure Python and numpy: names, states and
arrays exactly as in the file, nothing normalized). :func:`read_bif` and
:func:`write_bif` convert between files and a
:class:`~probtables.Factorization` whose terms carry
:class:`~probtables.Table` objects, which validate the probabilities.

Probabilities are kept exactly: numbers are parsed with ``float`` and written
with ``repr`` (the shortest string that reads back to the same float), so
``parse_bif(format_bif(parse_bif(text)))`` equals ``parse_bif(text)`` bit for
bit.

Examples
--------
>>> net = pt.bif.parse_bif('''
... network tiny { }
... variable rain { type discrete [ 2 ] { yes, no }; }
... variable wet { type discrete [ 2 ] { yes, no }; }
... probability ( rain ) { table 0.2, 0.8; }
... probability ( wet | rain ) {
...   (yes) 0.9, 0.1;
...   (no) 0.15, 0.85;
... }
... ''')
>>> net
<BIFNetwork 'tiny': 2 variables, 1 arc>
>>> net.variables
{'rain': ('yes', 'no'), 'wet': ('yes', 'no')}
>>> net.cpt("wet").values          # axes (rain, wet)
array([[0.9 , 0.1 ],
       [0.15, 0.85]])
>>> print(pt.bif.format_bif(net), end="")
network tiny {
}
variable rain {
  type discrete [ 2 ] { yes, no };
}
variable wet {
  type discrete [ 2 ] { yes, no };
}
probability ( rain ) {
  table 0.2, 0.8;
}
probability ( wet | rain ) {
  (yes) 0.9, 0.1;
  (no) 0.15, 0.85;
}

References
----------
.. [1] F. G. Cozman, "The Interchange Format for Bayesian Networks" (BIF 0.15),
   JavaBayes documentation, Carnegie Mellon University, 1998.
.. [2] M. Scutari, Bayesian Network Repository, https://www.bnlearn.com/bnrepository/
"""

from __future__ import annotations

import difflib
import itertools
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from probtables.errors import BIFError, StateMismatchError

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from probtables.factorization import Factorization

__all__ = [
    "BIFCpt",
    "BIFNetwork",
    "parse_bif",
    "format_bif",
    "read_bif",
    "write_bif",
]


# ---------------------------------------------------------------------------
# Value objects
# ---------------------------------------------------------------------------


def _check_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not name:
        raise BIFError(f"{what} must be a non-empty string, got {name!r}")
    return name


@dataclass(frozen=True, eq=False)
class BIFCpt:
    """The conditional probability table of one ``probability`` block.

    Parameters
    ----------
    child : str
        The variable left of the bar.
    parents : tuple of str
        The conditioning variables, in the order of the block's header.
    values : numpy.ndarray
        Float64 array of shape ``(card(parent1), ..., card(parentk),
        card(child))``: ``values[i1, ..., ik, j]`` is
        ``p(child = state j | parent1 = state i1, ...)``. Stored as a
        read-only copy.
    properties : tuple of str, optional
        The block's ``property`` lines, as written (without the keyword and
        the ``;``).

    Raises
    ------
    BIFError
        If a name is empty, a parent repeats or is the child, the array does
        not have one axis per parent plus one, or a value is not finite.

    See Also
    --------
    BIFNetwork : holds one ``BIFCpt`` per variable.

    Examples
    --------
    >>> cpt = pt.bif.BIFCpt("wet", ("rain",), [[0.9, 0.1], [0.15, 0.85]])
    >>> cpt
    <BIFCpt p(wet | rain): 2 x 2>
    >>> float(cpt.values[1, 0])     # p(wet=state 0 | rain=state 1)
    0.15
    >>> cpt.values.flags.writeable
    False
    """

    child: str
    parents: tuple[str, ...]
    values: np.ndarray
    properties: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        child = _check_name(self.child, "BIFCpt: the child")
        if isinstance(self.parents, str):
            raise BIFError(f"BIFCpt: parents of {child!r} must be a tuple of names, got {self.parents!r}")
        parents = tuple(self.parents)
        for p in parents:
            _check_name(p, f"BIFCpt: a parent of {child!r}")
        if len(set(parents)) != len(parents):
            dup = next(p for p in parents if parents.count(p) > 1)
            raise BIFError(f"BIFCpt: parent {dup!r} of {child!r} is listed twice")
        if child in parents:
            raise BIFError(f"BIFCpt: {child!r} is listed as its own parent")
        values = np.array(self.values, dtype=np.float64, order="C")  # always a copy
        if values.ndim != len(parents) + 1:
            raise BIFError(
                f"BIFCpt: values of {child!r} need {len(parents) + 1} axes "
                f"(one per parent, then the child), found shape {values.shape}"
            )
        if not np.isfinite(values).all():
            raise BIFError(f"BIFCpt: values of {child!r} must be finite")
        values.setflags(write=False)
        object.__setattr__(self, "parents", parents)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "properties", tuple(str(p) for p in self.properties))

    @property
    def notation(self) -> str:
        """The table in the project's notation, such as ``p(wet | rain)``."""
        if not self.parents:
            return f"p({self.child})"
        return f"p({self.child} | {', '.join(self.parents)})"

    def equals(self, other: object) -> bool:
        """Same child, parents (in order), properties and values, bit for bit.

        ``0.0`` and ``-0.0`` count as different, as they print differently.

        Examples
        --------
        >>> a = pt.bif.BIFCpt("x", (), [0.25, 0.75])
        >>> a.equals(pt.bif.BIFCpt("x", (), [0.25, 0.75]))
        True
        >>> a == pt.bif.BIFCpt("x", (), [0.75, 0.25])
        False
        """
        if not isinstance(other, BIFCpt):
            return False
        return (
            self.child == other.child
            and self.parents == other.parents
            and self.properties == other.properties
            and self.values.shape == other.values.shape
            and bool(np.array_equal(self.values.view(np.uint64), other.values.view(np.uint64)))
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BIFCpt):
            return NotImplemented
        return self.equals(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shape = " x ".join(str(n) for n in self.values.shape)
        return f"<BIFCpt {self.notation}: {shape}>"


@dataclass(frozen=True, eq=False)
class BIFNetwork:
    """A discrete Bayesian network as written in a BIF file.

    Parameters
    ----------
    name : str
        The name of the ``network`` block (``"unknown"`` in the bnlearn files).
    variables : dict of str to tuple of str
        Each variable's states in file order; the variables in file order.
    cpts : tuple of BIFCpt
        One table per variable, in file order.
    properties : tuple of str, optional
        The ``property`` lines of the network block, as written.
    variable_properties : dict of str to tuple of str, optional
        The ``property`` lines of each variable block that has some.

    Raises
    ------
    BIFError
        If a table names an undeclared variable, has the wrong shape, a
        variable has no table or two, or a state list is empty or repeats a
        state.

    See Also
    --------
    parse_bif, format_bif : text to network and back.

    Examples
    --------
    >>> net = pt.bif.BIFNetwork(
    ...     "coin",
    ...     {"x": ("h", "t"), "y": ("h", "t")},
    ...     (pt.bif.BIFCpt("x", (), [0.5, 0.5]),
    ...      pt.bif.BIFCpt("y", ("x",), [[0.9, 0.1], [0.2, 0.8]])),
    ... )
    >>> net
    <BIFNetwork 'coin': 2 variables, 1 arc>
    >>> net.arcs
    (('x', 'y'),)
    >>> float(net.cpt("y").values[0, 1])
    0.1
    """

    name: str
    variables: dict[str, tuple[str, ...]]
    cpts: tuple[BIFCpt, ...]
    properties: tuple[str, ...] = ()
    variable_properties: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_name(self.name, "BIFNetwork: the name")
        variables: dict[str, tuple[str, ...]] = {}
        for var, states in self.variables.items():
            _check_name(var, "BIFNetwork: a variable name")
            if isinstance(states, str):
                raise BIFError(
                    f"BIFNetwork: states of {var!r} must be a sequence of names, got {states!r}"
                )
            states = tuple(states)
            if not states:
                raise BIFError(f"BIFNetwork: variable {var!r} has no states")
            for s in states:
                _check_name(s, f"BIFNetwork: a state of {var!r}")
            if len(set(states)) != len(states):
                dup = next(s for s in states if states.count(s) > 1)
                raise BIFError(f"BIFNetwork: state {dup!r} of {var!r} is listed twice")
            variables[var] = states
        cpts = tuple(self.cpts)
        seen: set[str] = set()
        for cpt in cpts:
            if not isinstance(cpt, BIFCpt):
                raise BIFError(f"BIFNetwork: cpts must be BIFCpt objects, got {cpt!r}")
            for var in (cpt.child, *cpt.parents):
                if var not in variables:
                    raise BIFError(
                        f"BIFNetwork: {cpt.notation} names {var!r}, which is not a variable"
                        f"{_did_you_mean(var, variables)}"
                    )
            if cpt.child in seen:
                raise BIFError(f"BIFNetwork: {cpt.child!r} has two tables")
            seen.add(cpt.child)
            expected = tuple(len(variables[v]) for v in (*cpt.parents, cpt.child))
            if cpt.values.shape != expected:
                raise BIFError(
                    f"BIFNetwork: values of {cpt.notation} have shape {cpt.values.shape}, "
                    f"but the state counts of {(*cpt.parents, cpt.child)} give {expected}"
                )
        missing = [v for v in variables if v not in seen]
        if missing:
            raise BIFError(f"BIFNetwork: no table for {', '.join(map(repr, missing))}")
        var_props: dict[str, tuple[str, ...]] = {}
        for var, props in self.variable_properties.items():
            if var not in variables:
                raise BIFError(f"BIFNetwork: properties given for unknown variable {var!r}")
            if isinstance(props, str):
                props = (props,)
            props = tuple(str(p) for p in props)
            if props:
                var_props[var] = props
        object.__setattr__(self, "variables", variables)
        object.__setattr__(self, "cpts", cpts)
        object.__setattr__(self, "properties", tuple(str(p) for p in self.properties))
        object.__setattr__(self, "variable_properties", var_props)

    @property
    def arcs(self) -> tuple[tuple[str, str], ...]:
        """The arcs ``(parent, child)``, tables in file order, parents in header order."""
        return tuple((p, cpt.child) for cpt in self.cpts for p in cpt.parents)

    def cpt(self, child: str) -> BIFCpt:
        """The table whose child is ``child``.

        Raises
        ------
        BIFError
            If no table has that child.

        Examples
        --------
        >>> net = pt.bif.parse_bif(
        ...     "variable x { type discrete [ 2 ] { a, b }; }"
        ...     "probability ( x ) { table 0.5, 0.5; }")
        >>> net.cpt("x")
        <BIFCpt p(x): 2>
        """
        for cpt in self.cpts:
            if cpt.child == child:
                return cpt
        raise BIFError(
            f"BIFNetwork.cpt(): no table for {child!r}{_did_you_mean(child, self.variables)}"
        )

    def equals(self, other: object) -> bool:
        """Same name, variables, states (in order), tables and properties, bit for bit.

        Examples
        --------
        >>> text = "variable x { type discrete [ 2 ] { a, b }; } probability ( x ) { table 0.1, 0.9; }"
        >>> pt.bif.parse_bif(text).equals(pt.bif.parse_bif(text))
        True
        """
        if not isinstance(other, BIFNetwork):
            return False
        return (
            self.name == other.name
            and list(self.variables.items()) == list(other.variables.items())
            and self.properties == other.properties
            and self.variable_properties == other.variable_properties
            and len(self.cpts) == len(other.cpts)
            and all(a.equals(b) for a, b in zip(self.cpts, other.cpts))
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BIFNetwork):
            return NotImplemented
        return self.equals(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        n_var, n_arc = len(self.variables), len(self.arcs)
        return (
            f"<BIFNetwork {self.name!r}: {n_var} variable{'s' * (n_var != 1)}, "
            f"{n_arc} arc{'s' * (n_arc != 1)}>"
        )

    def to_factorization(self, *, atol: float = 1e-6) -> Factorization:
        """The network as a :class:`~probtables.Factorization` of tables.

        One ``Term(head=(child,), given=parents, table=t)`` per table, in file
        order (the factorization's ``name`` is the network's), where ``t`` is built with :meth:`Table.from_array
        <probtables.Table.from_array>`, which checks that the child's
        probabilities sum to 1 for every parent assignment. The values are
        kept as they are, not renormalized.

        Parameters
        ----------
        atol : float, default 1e-6
            The tolerance of that check. It is looser than the ``Table``
            default (1e-9) because published files round their numbers: rows
            of alarm and sachs sum to ``1 - 1e-7``.

        Raises
        ------
        NormalizationError, InvalidProbabilityError
            From the ``Table`` constructor, for a table that is not a
            conditional distribution.

        See Also
        --------
        read_bif : parse a file and convert it in one step.
        BIFNetwork.from_factorization : the inverse.

        Examples
        --------
        >>> net = pt.bif.parse_bif(
        ...     "variable x { type discrete [ 2 ] { a, b }; }"
        ...     "probability ( x ) { table 0.25, 0.75; }")
        >>> print(net.to_factorization())
        p(x)
        """
        from probtables.factorization import Factorization, Term
        from probtables.table import Table

        terms = []
        for cpt in self.cpts:
            states = {v: self.variables[v] for v in (*cpt.parents, cpt.child)}
            table = Table.from_array(cpt.values, states=states, given=cpt.parents, atol=atol)
            terms.append(Term(head=(cpt.child,), given=cpt.parents, table=table))
        return Factorization(terms, name=self.name)

    @classmethod
    def from_factorization(cls, factorization: Any, *, name: str | None = None) -> BIFNetwork:
        """The network of a factorization whose terms have one head and a table.

        Each term ``p(child | parents)`` becomes a table with the term's
        parents in the term's order; the variables come in term order, with
        the states of ``table.states`` converted to ``str`` (BIF states are
        names, so integer states read back as strings).

        Parameters
        ----------
        factorization : Factorization
            Every term needs exactly one head variable and a table.
        name : str, optional
            The name of the network; by default the factorization's ``name``
            if it has one, else ``"unknown"``.

        Raises
        ------
        BIFError
            If a term has several heads or no table, or a conditioning
            variable has no term of its own.
        StateMismatchError
            If two tables give one variable different state lists.

        Examples
        --------
        >>> f = pt.Factorization([pt.Term(head=("x",), given=(),
        ...     table=pt.Table.from_array([0.5, 0.5], states={"x": ["a", "b"]}))])
        >>> pt.bif.BIFNetwork.from_factorization(f, name="coin")
        <BIFNetwork 'coin': 1 variable, 0 arcs>
        """
        terms = tuple(factorization.terms)
        variables: dict[str, tuple[str, ...]] = {}
        origin: dict[str, str] = {}
        pending: list[tuple[str, tuple[str, ...], np.ndarray, dict[str, tuple[str, ...]], str]] = []
        for term in terms:
            head, given, table = tuple(term.head), tuple(term.given), term.table
            label = _term_label(head, given)
            if len(head) != 1:
                raise BIFError(
                    f"write_bif(): term {label} has {len(head)} head variables; "
                    "BIF needs one variable per probability block"
                )
            if table is None:
                raise BIFError(f"write_bif(): term {label} has no table")
            (child,) = head
            states = {v: tuple(str(s) for s in table.states[v]) for v in (*given, child)}
            if child in variables:
                raise BIFError(f"write_bif(): variable {child!r} heads two terms")
            variables[child] = states[child]
            origin[child] = label
            values = np.asarray(table.to_array((*given, child)), dtype=np.float64)
            pending.append((child, given, values, states, label))
        cpts = []
        for child, given, values, states, label in pending:
            for parent in given:
                if parent not in variables:
                    raise BIFError(
                        f"write_bif(): {parent!r} is conditioned on in {label} but has no "
                        "term of its own; BIF needs a probability block for every variable"
                    )
                if states[parent] != variables[parent]:
                    raise StateMismatchError(
                        f"write_bif(): variable {parent!r} has states {variables[parent]} "
                        f"in {origin[parent]} but {states[parent]} in {label}"
                    )
            cpts.append(BIFCpt(child, given, values))
        if name is None:
            name = getattr(factorization, "name", None) or "unknown"
        return cls(name, variables, tuple(cpts))


def _term_label(head: tuple[str, ...], given: tuple[str, ...]) -> str:
    left = ", ".join(head)
    return f"p({left} | {', '.join(given)})" if given else f"p({left})"


def _did_you_mean(name: str, choices: Sequence[str] | Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# ---------------------------------------------------------------------------
# Scanner
# ---------------------------------------------------------------------------

# strings and comments, matched together so that "//" inside a string is kept
_STRING_OR_COMMENT = re.compile(r'"[^"\n]*"|//[^\n]*|/\*.*?\*/|/\*', re.S)
# a token: a quoted name, a punctuation mark, a word, or a stray quote
_TOKEN = re.compile(r'"[^"\n]*"|[{}\[\]();,|]|[^\s{}\[\]();,|"]+|"')
_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(_NUM)
_INF = math.inf
# a list of numbers, its tokens joined by single spaces: "0.1 , 0.9" or "0.1 0.9"
_NUMBERS = re.compile(rf"{_NUM}(?: , {_NUM})*|{_NUM}(?: {_NUM})*")
_PLAIN_NAME = re.compile(r'[^\s{}\[\]();,|"]+')
# what a property may hold so that it reads back: no ";", "{", "}" outside quotes
_PROPERTY = re.compile(r'(?:"[^"\n]*"|[^;"{}])*')
_NOT_NAME = frozenset('{}[]();,|"')
_KEYWORDS = ("network", "variable", "probability", "property", "table", "default", "type")


class _Token(NamedTuple):
    kind: str  # "word", "str", "punct", "eof"
    value: str  # the name (unquoted) or the punctuation
    start: int  # index of the token
    raw: str  # as written, for messages

    def found(self) -> str:
        return "end of file" if self.kind == "eof" else repr(self.raw)


class _Scanner:
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

    def peek(self) -> _Token:
        i = self.pos
        if i >= len(self.toks):
            return _Token("eof", "", i, "")
        raw = self.toks[i]
        if raw[0] == '"':
            return _Token("str", raw[1:-1], i, raw)
        if raw in _NOT_NAME:
            return _Token("punct", raw, i, raw)
        return _Token("word", raw, i, raw)

    def next(self) -> _Token:
        tok = self.peek()
        self.pos = tok.start + 1
        return tok

    def expect(self, punct: str, context: str) -> _Token:
        tok = self.next()
        if tok.kind != "punct" or tok.value != punct:
            raise self.error(tok.start, f"expected {punct!r} {context}, found {tok.found()}")
        return tok

    def expect_name(self, what: str) -> _Token:
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

    def plain_entries(self) -> list[_Entry]:
        """Read the lines ``(s1, s2) v1, v2, ...;`` from a ``(`` on, while they are plain.

        Fast path for the usual layout: plain names separated by commas or by
        spaces, and numbers. It stops at the first line that is anything else
        (quoted names, a mistake), which the token-by-token loop then reads.
        """
        toks, i, n = self.toks, self.pos, len(self.toks)
        out: list[_Entry] = []
        fullmatch = _NUMBERS.fullmatch
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
            chunk = toks[j + 1 : k]
            if not chunk or not fullmatch(" ".join(chunk)):
                break
            if len(chunk) > 1 and chunk[1] == ",":
                chunk = chunk[::2]
            values = list(map(float, chunk))
            if _INF in values or -_INF in values:
                break
            out.append(_Entry("config", tuple(names), where, values, i, j + 1))
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
        if j > i:
            chunk = toks[i:j]
            if _NUMBERS.fullmatch(" ".join(chunk)):
                if len(chunk) > 1 and chunk[1] == ",":
                    chunk = chunk[::2]
                values = list(map(float, chunk))
                if _INF not in values and -_INF not in values:
                    self.pos = j + 1
                    return values, i
        return self._numbers_slow(context)

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


# ---------------------------------------------------------------------------
# Parser: text -> raw blocks (phase 1) -> validated network (phase 2)
# ---------------------------------------------------------------------------


class _Entry(NamedTuple):
    kind: str  # "table", "default", "config"
    states: tuple[str, ...]  # the parent states of a configuration
    where: Sequence[int]  # their token indices
    values: list[float]
    start: int  # token index of the keyword or "("
    values_start: int


class _Block(NamedTuple):
    child: _Token
    parents: tuple[_Token, ...]
    entries: tuple[_Entry, ...]
    properties: tuple[str, ...]
    start: int  # token index of the keyword "probability"


class _Variable(NamedTuple):
    states: tuple[str, ...]
    properties: tuple[str, ...]
    start: int


def parse_bif(text: str, *, source: str = "<string>") -> BIFNetwork:
    r"""Parse the text of a BIF 0.15 file into a :class:`BIFNetwork`.

    Parameters
    ----------
    text : str
        The whole file.
    source : str, default "<string>"
        The file name to show in error messages.

    Returns
    -------
    BIFNetwork
        Variables and tables in file order; each table an array of shape
        ``(card(parent1), ..., card(parentk), card(child))``. The numbers are
        kept exactly as parsed: nothing is normalized here (the ``Table``
        constructor checks the sums, in :func:`read_bif`).

    Raises
    ------
    BIFError
        For a malformed file. The message names the source, the line, what
        was expected and what was found, for instance an unknown variable or
        state, a table of the wrong length, a parent configuration missing or
        given twice, an unterminated block, a second probability block for a
        variable, or a variable without one.

    See Also
    --------
    format_bif : the inverse.
    read_bif : read a file into a ``Factorization`` of tables.

    Examples
    --------
    >>> net = pt.bif.parse_bif('''
    ... variable a { type discrete [ 2 ] { yes, no }; }
    ... variable b { type discrete [ 3 ] { lo, mid, hi }; }
    ... probability ( a ) { table 0.3, 0.7; }
    ... probability ( b | a ) {
    ...   (yes) 0.1, 0.2, 0.7;
    ...   default 0.5, 0.25, 0.25;   // every other configuration of a
    ... }
    ... ''')
    >>> net.cpt("b").values
    array([[0.1 , 0.2 , 0.7 ],
           [0.5 , 0.25, 0.25]])

    Errors give the line and the offending text:

    >>> pt.bif.parse_bif('''variable a {
    ...   type discrete [ 2 ] { yes, no }
    ... }''', source="a.bif")
    Traceback (most recent call last):
    ...
    probtables.errors.BIFError: a.bif, line 3: expected ';' after the state list, found '}'
    """
    scanner = _Scanner(text, source)
    name: str | None = None
    net_properties: tuple[str, ...] = ()
    network_start = -1
    variables: dict[str, _Variable] = {}
    blocks: list[_Block] = []
    while True:
        tok = scanner.next()
        if tok.kind == "eof":
            break
        if tok.kind == "word" and tok.value == "network":
            if network_start >= 0:
                raise scanner.error(
                    tok.start,
                    f"a second network block (the first is on line {scanner.line(network_start)})",
                )
            network_start = tok.start
            name, net_properties = _parse_network(scanner, tok)
        elif tok.kind == "word" and tok.value == "variable":
            var_tok, var = _parse_variable(scanner, tok)
            if var_tok.value in variables:
                first = scanner.line(variables[var_tok.value].start)
                raise scanner.error(
                    var_tok.start,
                    f"variable {var_tok.value!r} declared twice (first on line {first})",
                )
            variables[var_tok.value] = var
        elif tok.kind == "word" and tok.value == "probability":
            blocks.append(_parse_probability(scanner, tok))
        else:
            raise scanner.error(
                tok.start,
                f"expected 'network', 'variable' or 'probability', found {tok.found()}",
            )
    return _build(scanner, name or "unknown", net_properties, variables, blocks)


def _block_end(scanner: _Scanner, what: str, opened: _Token) -> None:
    """Raise the error for a block that reaches the end of the file."""
    eof = scanner.peek()
    raise scanner.error(
        eof.start,
        f"unterminated {what} (opened on line {scanner.line(opened.start)}): "
        "expected '}', found end of file",
    )


def _parse_network(scanner: _Scanner, keyword: _Token) -> tuple[str, tuple[str, ...]]:
    name = scanner.expect_name("the network name")
    scanner.expect("{", "after the network name")
    properties: list[str] = []
    while True:
        tok = scanner.next()
        if tok.kind == "punct" and tok.value == "}":
            return name.value, tuple(properties)
        if tok.kind == "word" and tok.value == "property":
            properties.append(scanner.property_text())
        elif tok.kind == "eof":
            _block_end(scanner, "network block", keyword)
        else:
            raise scanner.error(
                tok.start, f"expected 'property' or '}}' in the network block, found {tok.found()}"
            )


def _parse_variable(scanner: _Scanner, keyword: _Token) -> tuple[_Token, _Variable]:
    name = scanner.expect_name("a variable name after 'variable'")
    scanner.expect("{", f"after 'variable {name.value}'")
    states: tuple[str, ...] | None = None
    properties: list[str] = []
    while True:
        tok = scanner.next()
        if tok.kind == "punct" and tok.value == "}":
            break
        if tok.kind == "word" and tok.value == "property":
            properties.append(scanner.property_text())
        elif tok.kind == "word" and tok.value == "type":
            if states is not None:
                raise scanner.error(tok.start, f"variable {name.value!r} has a second 'type' line")
            states = _parse_type(scanner, name.value)
        elif tok.kind == "eof":
            _block_end(scanner, f"variable block {name.value!r}", keyword)
        else:
            raise scanner.error(
                tok.start,
                f"expected 'type', 'property' or '}}' in variable {name.value!r}, "
                f"found {tok.found()}",
            )
    if states is None:
        raise scanner.error(
            keyword.start, f"variable {name.value!r} has no 'type discrete [ n ] {{ ... }};' line"
        )
    return name, _Variable(states, tuple(properties), keyword.start)


def _parse_type(scanner: _Scanner, var: str) -> tuple[str, ...]:
    kind = scanner.next()
    if kind.kind != "word" or kind.value != "discrete":
        raise scanner.error(
            kind.start,
            f"expected 'discrete' after 'type' (only discrete variables are supported), "
            f"found {kind.found()}",
        )
    scanner.expect("[", "after 'discrete'")
    count_tok = scanner.next()
    if count_tok.kind != "word" or not re.fullmatch(r"[0-9]+", count_tok.value) or int(count_tok.value) == 0:
        raise scanner.error(
            count_tok.start, f"expected the number of states of {var!r}, found {count_tok.found()}"
        )
    scanner.expect("]", "after the number of states")
    scanner.expect("{", "before the state list")
    states: list[str] = []
    while True:
        st = scanner.expect_name(f"a state name of {var!r}")
        if st.value in states:
            raise scanner.error(st.start, f"state {st.value!r} of {var!r} listed twice")
        states.append(st.value)
        tok = scanner.peek()
        if tok.kind == "punct" and tok.value == ",":
            scanner.next()
        elif tok.kind == "punct" and tok.value == "}":
            scanner.next()
            break
        elif tok.kind not in ("word", "str"):
            raise scanner.error(
                tok.start, f"expected ',' or '}}' in the state list, found {tok.found()}"
            )
    scanner.expect(";", "after the state list")
    if int(count_tok.value) != len(states):
        raise scanner.error(
            count_tok.start,
            f"variable {var!r} declares {int(count_tok.value)} states but lists "
            f"{len(states)}: {tuple(states)}",
        )
    return tuple(states)


def _parse_probability(scanner: _Scanner, keyword: _Token) -> _Block:
    scanner.expect("(", "after 'probability'")
    child = scanner.expect_name("the child variable after 'probability ('")
    parents: list[_Token] = []
    tok = scanner.next()
    if tok.kind == "punct" and tok.value in "|,":
        sep = tok
        tok = scanner.next()
        if tok.kind not in ("word", "str"):
            raise scanner.error(
                tok.start, f"expected a parent name after {sep.value!r}, found {tok.found()}"
            )
    while not (tok.kind == "punct" and tok.value == ")"):
        if tok.kind not in ("word", "str") or tok.value == "":
            raise scanner.error(
                tok.start, f"expected a parent name or ')' in the header, found {tok.found()}"
            )
        parents.append(tok)
        tok = scanner.next()
        if tok.kind == "punct" and tok.value == ",":
            tok = scanner.next()
            if tok.kind not in ("word", "str"):
                raise scanner.error(
                    tok.start, f"expected a parent name after ',', found {tok.found()}"
                )
    scanner.expect("{", f"after the header of the probability block of {child.value!r}")
    entries: list[_Entry] = []
    properties: list[str] = []
    context = f"the values of {child.value!r}"
    toks = scanner.toks
    while True:
        if parents and scanner.pos < len(toks) and toks[scanner.pos] == "(":
            entries.extend(scanner.plain_entries())
        tok = scanner.next()
        if tok.kind == "punct" and tok.value == "}":
            break
        if tok.kind == "word" and tok.value in ("table", "default"):
            values, vstart = scanner.numbers(context)
            entries.append(_Entry(tok.value, (), (), values, tok.start, vstart))
        elif tok.kind == "punct" and tok.value == "(":
            if not parents:
                raise scanner.error(
                    tok.start,
                    f"{child.value!r} has no parents, so its block takes 'table', found '('",
                )
            names: list[str] = []
            where: list[int] = []
            while True:
                st = scanner.expect_name("a parent state")
                names.append(st.value)
                where.append(st.start)
                nxt = scanner.next()
                if nxt.kind == "punct" and nxt.value == ")":
                    break
                if nxt.kind == "punct" and nxt.value == ",":
                    continue
                if nxt.kind in ("word", "str"):
                    scanner.pos = nxt.start  # states separated by spaces only
                    continue
                raise scanner.error(
                    nxt.start, f"expected ',' or ')' in the parent states, found {nxt.found()}"
                )
            values, vstart = scanner.numbers(context)
            entries.append(_Entry("config", tuple(names), where, values, tok.start, vstart))
        elif tok.kind == "word" and tok.value == "property":
            properties.append(scanner.property_text())
        elif tok.kind == "eof":
            _block_end(scanner, f"probability block of {child.value!r}", keyword)
        else:
            raise scanner.error(
                tok.start,
                f"expected 'table', 'default', '(', 'property' or '}}' in the probability "
                f"block of {child.value!r}, found {tok.found()}",
            )
    return _Block(child, tuple(parents), tuple(entries), tuple(properties), keyword.start)


def _unknown_variable(scanner: _Scanner, tok: _Token, variables: Mapping[str, Any]) -> BIFError:
    return scanner.error(
        tok.start,
        f"unknown variable {tok.value!r} in a probability block (no variable block "
        f"declares it){_did_you_mean(tok.value, variables)}",
    )


def _fmt_config(states: Sequence[str]) -> str:
    return "(" + ", ".join(states) + ")"


def _build(
    scanner: _Scanner,
    name: str,
    net_properties: tuple[str, ...],
    variables: dict[str, _Variable],
    blocks: list[_Block],
) -> BIFNetwork:
    cpts: list[BIFCpt] = []
    block_of: dict[str, _Block] = {}
    for block in blocks:
        child = block.child.value
        if child not in variables:
            raise _unknown_variable(scanner, block.child, variables)
        if child in block_of:
            raise scanner.error(
                block.start,
                f"a second probability block for {child!r} "
                f"(the first is on line {scanner.line(block_of[child].start)})",
            )
        parents: list[str] = []
        for ptok in block.parents:
            if ptok.value not in variables:
                raise _unknown_variable(scanner, ptok, variables)
            if ptok.value == child:
                raise scanner.error(ptok.start, f"{child!r} is listed as its own parent")
            if ptok.value in parents:
                raise scanner.error(
                    ptok.start, f"parent {ptok.value!r} of {child!r} is listed twice"
                )
            parents.append(ptok.value)
        block_of[child] = block
        values = _block_values(scanner, block, tuple(parents), variables)
        cpts.append(BIFCpt(child, tuple(parents), values, block.properties))
    for var, info in variables.items():
        if var not in block_of:
            raise scanner.error(info.start, f"variable {var!r} has no probability block")
    return BIFNetwork(
        name,
        {var: info.states for var, info in variables.items()},
        tuple(cpts),
        net_properties,
        {var: info.properties for var, info in variables.items() if info.properties},
    )


def _block_values(
    scanner: _Scanner,
    block: _Block,
    parents: tuple[str, ...],
    variables: dict[str, _Variable],
) -> np.ndarray:
    child = block.child.value
    child_states = variables[child].states
    n_child = len(child_states)
    parent_states = [variables[p].states for p in parents]
    parent_cards = tuple(len(s) for s in parent_states)
    n_configs = math.prod(parent_cards)
    table: _Entry | None = None
    default: _Entry | None = None
    configs: list[_Entry] = []
    for entry in block.entries:
        if entry.kind == "config":
            configs.append(entry)
            continue
        if entry.kind == "table" and table is not None:
            raise scanner.error(
                entry.start,
                f"a second 'table' line for {child!r} "
                f"(the first is on line {scanner.line(table.start)})",
            )
        if entry.kind == "default" and default is not None:
            raise scanner.error(
                entry.start,
                f"a second 'default' line for {child!r} "
                f"(the first is on line {scanner.line(default.start)})",
            )
        if entry.kind == "table":
            table = entry
        else:
            default = entry
    if table is not None:
        other = configs[0] if configs else default
        if other is not None:
            raise scanner.error(
                other.start,
                f"the probability block of {child!r} has a 'table' line "
                f"(line {scanner.line(table.start)}), which gives every value; "
                f"found {'parent configurations' if configs else 'a default line'} too",
            )
        n = n_child * n_configs
        if len(table.values) != n:
            if parents:
                need = f"{n} values ({n_child} states x {n_configs} parent configurations)"
            else:
                need = f"{n} values (one per state)"
            raise scanner.error(
                table.values_start,
                f"the table of {child!r} needs {need}, found {len(table.values)}",
            )
        # JavaBayes order: the header's variables as nested loops, child slowest
        arr = np.array(table.values, dtype=np.float64).reshape((n_child, *parent_cards))
        return np.moveaxis(arr, 0, -1)

    # rows[flat index of the parent configuration, C order] = the child's values
    rows: list[list[float] | None] = [None] * n_configs
    first: list[int] = [0] * n_configs  # token index of the entry that gave each row
    strides = [math.prod(parent_cards[k + 1 :]) for k in range(len(parents))]
    index_of = [{s: i for i, s in enumerate(states)} for states in parent_states]
    lookups = list(zip(parents, index_of, strides))
    for entry in configs:
        if len(entry.states) != len(parents):
            raise scanner.error(
                entry.start,
                f"expected {len(parents)} parent state{'s' * (len(parents) != 1)} "
                f"{_fmt_config(parents)}, found {len(entry.states)}: "
                f"{_fmt_config(entry.states)}",
            )
        flat = 0
        for k, (state, (parent, lookup, stride)) in enumerate(zip(entry.states, lookups)):
            i = lookup.get(state)
            if i is None:
                raise scanner.error(
                    entry.where[k],
                    f"{state!r} is not a state of {parent!r}; its states are "
                    f"{variables[parent].states}",
                )
            flat += i * stride
        if rows[flat] is not None:
            raise scanner.error(
                entry.start,
                f"parent configuration {_fmt_config(entry.states)} of "
                f"{child!r} given twice (first on line {scanner.line(first[flat])})",
            )
        _check_row(scanner, entry, child, n_child)
        rows[flat] = entry.values
        first[flat] = entry.start
    if default is not None:
        _check_row(scanner, default, child, n_child)
        rows = [default.values if row is None else row for row in rows]
    elif not parents:
        raise scanner.error(block.start, f"the probability block of {child!r} has no 'table' line")
    elif None in rows:
        missing = [
            _fmt_config([states[i] for states, i in zip(parent_states, key)])
            for flat, key in enumerate(itertools.product(*(range(n) for n in parent_cards)))
            if rows[flat] is None
        ]
        shown = ", ".join(missing[:4]) + (", ..." if len(missing) > 4 else "")
        raise scanner.error(
            block.start,
            f"the probability block of {child!r} misses {len(missing)} of {n_configs} parent "
            f"configurations {_fmt_config(parents)}: {shown}",
        )
    return np.array(rows, dtype=np.float64).reshape((*parent_cards, n_child))


def _check_row(scanner: _Scanner, entry: _Entry, child: str, n_child: int) -> None:
    if len(entry.values) != n_child:
        raise scanner.error(
            entry.values_start,
            f"expected {n_child} values for {child!r} (one per state), found {len(entry.values)}",
        )


# ---------------------------------------------------------------------------
# Writer
# ---------------------------------------------------------------------------


def _fmt_name(name: str) -> str:
    if _PLAIN_NAME.fullmatch(name) and "//" not in name and "/*" not in name:
        return name
    if '"' in name or "\n" in name:
        bad = "a double quote" if '"' in name else "a line break"
        raise BIFError(f"format_bif(): the name {name!r} has {bad}, which BIF cannot write")
    return f'"{name}"'


def _fmt_property(text: str) -> str:
    m = _PROPERTY.fullmatch(text)
    if m is None:
        raise BIFError(f"format_bif(): the property {text!r} has a ';' outside quotes")
    return f"  property {text};"


def _fmt_row(row: Sequence[float]) -> str:
    return ", ".join(map(float.__repr__, row))


def format_bif(network: BIFNetwork) -> str:
    r"""The BIF 0.15 text of a network.

    The layout is bnlearn's: one block per variable, then one probability
    block per table, with one line per parent configuration (the first parent
    varying fastest) or a ``table`` line for a variable without parents.
    Numbers are written with ``repr`` (the shortest form that reads back to
    the same float), so ``parse_bif(format_bif(net))`` equals ``net`` bit for
    bit. Names that are not plain words are put in double quotes.

    Parameters
    ----------
    network : BIFNetwork

    Returns
    -------
    str
        The file's text, ending with a newline.

    Raises
    ------
    BIFError
        If a name contains a double quote (BIF has no escape for it).

    See Also
    --------
    parse_bif : the inverse.
    write_bif : write a ``Factorization`` to a file.

    Examples
    --------
    >>> net = pt.bif.BIFNetwork(
    ...     "unknown", {"x": ("a", "b"), "y": ("lo", "hi")},
    ...     (pt.bif.BIFCpt("x", (), [0.1, 0.9]),
    ...      pt.bif.BIFCpt("y", ("x",), [[1/3, 2/3], [0.5, 0.5]])))
    >>> print(pt.bif.format_bif(net), end="")
    network unknown {
    }
    variable x {
      type discrete [ 2 ] { a, b };
    }
    variable y {
      type discrete [ 2 ] { lo, hi };
    }
    probability ( x ) {
      table 0.1, 0.9;
    }
    probability ( y | x ) {
      (a) 0.3333333333333333, 0.6666666666666666;
      (b) 0.5, 0.5;
    }
    """
    if not isinstance(network, BIFNetwork):
        raise TypeError(f"format_bif() needs a BIFNetwork, got {type(network).__name__}")
    lines = [f"network {_fmt_name(network.name)} {{"]
    lines.extend(_fmt_property(p) for p in network.properties)
    lines.append("}")
    names = {var: [_fmt_name(s) for s in states] for var, states in network.variables.items()}
    for var, states in names.items():
        lines.append(f"variable {_fmt_name(var)} {{")
        lines.append(f"  type discrete [ {len(states)} ] {{ {', '.join(states)} }};")
        lines.extend(_fmt_property(p) for p in network.variable_properties.get(var, ()))
        lines.append("}")
    for cpt in network.cpts:
        child = _fmt_name(cpt.child)
        if cpt.parents:
            header = f"{child} | {', '.join(_fmt_name(p) for p in cpt.parents)}"
        else:
            header = child
        lines.append(f"probability ( {header} ) {{")
        lines.extend(_fmt_property(p) for p in cpt.properties)
        if not cpt.parents:
            lines.append(f"  table {_fmt_row(cpt.values.tolist())};")
        else:
            k = len(cpt.parents)
            # first parent fastest: reverse the parent axes, then read rows in C order
            rows = cpt.values.transpose((*range(k - 1, -1, -1), k)).reshape(-1, cpt.values.shape[-1])
            configs = itertools.product(*(names[p] for p in reversed(cpt.parents)))
            for config, row in zip(configs, rows.tolist()):
                lines.append(f"  {_fmt_config(config[::-1])} {_fmt_row(row)};")
        lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Files <-> Factorization
# ---------------------------------------------------------------------------


def read_bif(path: str | os.PathLike[str], *, atol: float = 1e-6) -> Factorization:
    r"""Read a BIF 0.15 file into a :class:`~probtables.Factorization` of tables.

    Each ``probability ( child | parents )`` block becomes one term
    ``p(child | parents)`` whose table is built by
    :meth:`Table.from_array <probtables.Table.from_array>` (axes: the parents
    in header order, then the child), in file order.

    Parameters
    ----------
    path : str or os.PathLike
        The file; its name as given appears in error messages.
    atol : float, default 1e-6
        How far from 1 the child's probabilities may sum, per parent
        assignment. Looser than the ``Table`` default (1e-9) because published
        files round their numbers (rows of alarm and sachs sum to
        ``1 - 1e-7``); the values are kept as written, never renormalized.

    Returns
    -------
    Factorization
        One term per variable, in the file's order, each with a table.

    Raises
    ------
    BIFError
        For a malformed file (see :func:`parse_bif`).
    NormalizationError, InvalidProbabilityError
        For probabilities that do not make a conditional distribution.

    See Also
    --------
    write_bif : the inverse.
    parse_bif : the text-level parser, returning a :class:`BIFNetwork`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "wet.bif"
    >>> _ = path.write_text('''
    ... variable rain { type discrete [ 2 ] { yes, no }; }
    ... variable wet { type discrete [ 2 ] { yes, no }; }
    ... probability ( rain ) { table 0.2, 0.8; }
    ... probability ( wet | rain ) { (yes) 0.9, 0.1; (no) 0.15, 0.85; }
    ... ''')
    >>> f = pt.read_bif(path)
    >>> print(f)
    p(rain)p(wet | rain)
    >>> f.terms[1].table.p(wet="yes", rain="no")
    0.15
    >>> folder.cleanup()
    """
    with open(path, encoding="utf-8-sig") as handle:  # "-sig": skip a byte-order mark
        text = handle.read()
    return parse_bif(text, source=os.fspath(path)).to_factorization(atol=atol)


def write_bif(
    factorization: Factorization | Any,
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
) -> None:
    r"""Write a factorization of tables to a BIF 0.15 file.

    Every term needs exactly one head variable and a table, and every
    conditioning variable needs a term of its own. The values come from
    ``table.to_array((*given, child))``, the states from ``table.states``
    (written with ``str``, so integer states read back as strings).

    Parameters
    ----------
    factorization : Factorization
    path : str or os.PathLike
        The file to write (overwritten).
    name : str, optional
        The name in the ``network`` block; by default the factorization's
        ``name`` if it has one, else ``"unknown"``.

    Raises
    ------
    BIFError
        If a term has several heads or no table, or a conditioning variable
        has no term.
    StateMismatchError
        If two tables give one variable different states.

    See Also
    --------
    read_bif : the inverse.
    BIFNetwork.from_factorization, format_bif : the two steps, in memory.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "coin.bif"
    >>> x = pt.Table.from_array([0.5, 0.5], states={"x": ["h", "t"]})
    >>> pt.bif.write_bif(pt.Factorization([pt.Term(head=("x",), given=(), table=x)]), path)
    >>> print(path.read_text(), end="")
    network unknown {
    }
    variable x {
      type discrete [ 2 ] { h, t };
    }
    probability ( x ) {
      table 0.5, 0.5;
    }
    >>> folder.cleanup()
    """
    text = format_bif(BIFNetwork.from_factorization(factorization, name=name))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
