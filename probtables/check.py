r"""Numbers against structure: does a table have the independencies a factorization implies?

Concepts
--------
A structure such as :math:`p(z)\,p(y)\,p(x \mid y, z)` *implies* independence
statements by d-separation (:mod:`probtables.dag`), whatever numbers fill its
tables. A table *has* an independence :math:`A \perp B \mid C` numerically when

.. math::

    \bigl|\, p(a, b \mid c) - p(a \mid c)\, p(b \mid c) \,\bigr| \le \mathrm{atol}

for every assignment :math:`(a, b, c)` with :math:`p(c) > 0`; the left-hand
side, maximized over the assignments, is the *gap* of the statement
(:func:`probtables.check.independence_gap`).

Write :math:`I(G)` for the statements a DAG :math:`G` implies and :math:`I(p)`
for those a distribution has. This module compares the two sets:

* :func:`independence_report` checks every statement of :math:`I(G)` (of one
  kind) against :math:`p`, with the gap and where it is largest;
* :func:`is_imap` answers whether :math:`I(G) \subseteq I(p)`: :math:`G` is an
  *I-map* of :math:`p`, equivalently :math:`p` factorizes over :math:`G`. The
  local statements (each variable independent of its non-descendants given its
  parents) suffice: they imply all the others [1]_;
* :func:`extra_independencies` lists :math:`I(p) \setminus I(G)` (single
  variables on each side): what the numbers have that the structure does not
  explain. A structure whose list is empty is a *perfect map* for those;
* :func:`minimal_imap` builds, for a variable order, the I-map with the fewest
  parents: each variable gets the smallest set of its predecessors that makes
  it independent of the other predecessors [1]_ [2]_.

On *samples* instead of a table, :func:`check_data` tests each implied
statement with :func:`probtables.stats.test_independencies` and gives it a
status (``rejected``, ``not rejected``, ``unreliable``, ``untestable``);
:func:`data_summary` says how many could actually be tested, and calls the
data consistent with the structure only when all were, with power, and none
was rejected.

Only :math:`I(G) \subseteq I(p)` is a law for tables built on :math:`G`; the
converse holds for *almost* every choice of numbers, and fails for the special
ones (deterministic tables, symmetric numbers), which is what
:func:`extra_independencies` finds.

A conditional table :math:`p(H \mid F)` is compared with a structure whose
free variables (those that appear only behind a bar) are :math:`F`: the table
is first completed to the joint :math:`p(H \mid F)\,u(F)` with :math:`u`
uniform, i.e. the free variables become independent, uniform root nodes. Every
claim of the structure about :math:`p(H \mid F)` is then a claim about that
joint; in particular ``y ⊥ w`` for a free ``w`` says that :math:`p(y \mid w)`
does not depend on ``w``.

Worked example
--------------
The notes' model :math:`p(z)\,p(y)\,p(x \mid y, z)` with numbers:

>>> t = pt.Table.from_dict({(x, y, z): 0.25 * (0.8 if x == (y or z) else 0.2)
...                         for x in (0, 1) for y in (0, 1) for z in (0, 1)},
...                        variables=("x", "y", "z"))
>>> report = pt.check.independence_report(t, "p(z)p(y)p(x|y,z)")
>>> print(report)
independence report: p(z)p(y)p(x | y, z) against p(x, y, z) (kind='all', atol=1e-09)
1 statement implied, all hold.
  statement  holds  gap  where         joint  product
  y ⊥ z      yes    0    y=0, z=0      0.25   0.25
>>> pt.check.is_imap(t, "p(x)p(y)p(z)")
False
>>> pt.check.minimal_imap(t, ["z", "y", "x"])
<Factorization p(z)p(y)p(x | z, y) with tables>

References
----------
.. [1] D. Koller and N. Friedman, *Probabilistic Graphical Models*, MIT Press,
   2009, sec. 3.2.3 (local independencies and I-maps) and 3.4.1 (minimal
   I-maps, algorithm 3.2 "Build-Minimal-I-Map").
.. [2] J. Pearl, *Probabilistic Reasoning in Intelligent Systems*, Morgan
   Kaufmann, 1988, sec. 3.3.1 (the boundary DAG of an ordering).
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import comb, prod
from typing import TYPE_CHECKING, Any, cast

import networkx as nx
import numpy as np
import pandas as pd

from probtables._display.html import data_check_html
from probtables._display.text import (
    assignment_text,
    data_check_cells,
    data_check_footnote,
    data_check_lines,
    data_check_rows,
    format_pair,
    probability_text,
    text_table,
)
from probtables._kernels import independence_gaps
from probtables._validate import as_names, check_atol, hashable, unknown_variable
from probtables.dag import Kind
from probtables.datachecks import DEFAULT_MAX_DISTINCT
from probtables.errors import EnumerationLimitError, NotAJointError, StructureError, UnknownKindError
from probtables.factorization import Factorization, Term
from probtables.independence import Independence
from probtables.stats import DEFAULT_EFFECT_SIZE, POWER_THRESHOLD, test_independencies
from probtables.table import DEFAULT_ATOL, Table

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "IndependenceCheck",
    "IndependenceReport",
    "IndependenceGap",
    "check_independence",
    "independence_gap",
    "independence_report",
    "is_imap",
    "extra_independencies",
    "minimal_imap",
    "check_data",
    "data_summary",
    "DataCheckReport",
    "AUTO_ALL_MAX",
    "EXTRA_LIMIT",
    "IMAP_LIMIT",
]

#: With ``kind=None``, reports list every implied statement (``"all"``) up to
#: this many variables, and the local statements above it.
AUTO_ALL_MAX = 8
#: Default guard of :func:`extra_independencies`: the number of numeric tests
#: (pairs times conditioning sets) it may run.
EXTRA_LIMIT = 200_000
#: Default guard of :func:`minimal_imap`: the number of candidate parent sets it may test.
IMAP_LIMIT = 1_000_000

_KINDS = ("local", "pairwise", "all")
_DENSE_LIMIT = 1 << 22  # cells of the dense array the enumerations work on
_CACHE_CELLS = 1 << 24  # cells of marginals kept between tests
_SHOW_ROWS = 20  # rows printed by str(report)


# --------------------------------------------------------------------------- one statement


_GAP_CELL_LIMIT = 1 << 26


@dataclass(frozen=True)
class IndependenceGap:
    """The largest gap between p(a, b | c) and p(a | c) p(b | c) over defined c.

    ``assignment`` is where the gap is largest (a dict of name to state),
    ``joint`` and ``product`` the two values there.
    """

    gap: float
    assignment: dict[str, Any]
    joint: float
    product: float


def _names(table: Table, names: str | Iterable[str], op: str) -> tuple[str, ...]:
    return as_names(names, table.variables, op, table.notation)


def independence_gap(
    table: Table,
    a: str | Iterable[str],
    b: str | Iterable[str],
    given: str | Iterable[str] = (),
    *,
    exact_values: bool = False,
) -> IndependenceGap:
    """Compute the :class:`IndependenceGap` of ``a ⊥ b | given`` in ``table``.

    Variables behind the table's bar are always part of the conditioning set.
    An exact table's gap is computed exactly (0 exactly when the independence
    holds) and given as floats for the reports, or as fractions with
    ``exact_values=True``.
    """
    op = "independent"
    left, right, cond = _names(table, a, op), _names(table, b, op), _names(table, given, op)
    for side, names in (("left", left), ("right", right)):
        if not names:
            raise NotAJointError(f"{op}(): the {side} side names no variable.")
        behind = [n for n in names if n in table.given]
        if behind:
            raise NotAJointError(
                f"{op}(): {behind[0]!r} is behind the bar of {table.notation}; it cannot be a side."
            )
    overlap = (set(left) & set(right)) | ((set(left) | set(right)) & set(cond))
    if overlap:
        raise NotAJointError(
            f"{op}(): the sides and the conditioning set overlap in {tuple(sorted(overlap))!r}."
        )
    cond = tuple(dict.fromkeys(cond + table.given))
    if table.is_exact:
        return _exact_gap(table, left, right, cond, as_float=not exact_values)
    states = table.states
    order = left + right + cond
    cells = prod(len(states[v]) for v in order)
    if cells > _GAP_CELL_LIMIT:
        raise EnumerationLimitError(
            f"{op}(): the check needs a dense array of {cells} cells over {order!r}, above the limit {_GAP_CELL_LIMIT}."
        )
    kept = table.marginal(*[v for v in order if v not in table.given])
    array = kept.to_array(order)
    sizes = [prod(len(states[v]) for v in group) for group in (left, right, cond)]
    gaps, p_ab, product = independence_gaps(array.reshape(sizes))
    flat = int(np.argmax(np.round(gaps, 14)))  # ties (within rounding noise) go to the first cell
    index = np.unravel_index(flat, gaps.shape)
    codes: list[int] = []
    for group, i in zip((left, right, cond), index):
        if group:
            codes.extend(int(c) for c in np.unravel_index(i, [len(states[v]) for v in group]))
    assignment = {v: states[v][int(c)] for v, c in zip(order, codes)}
    return IndependenceGap(float(gaps[index]), assignment, float(p_ab[index]), float(product[index]))


def _exact_gap(
    table: Table, left: tuple[str, ...], right: tuple[str, ...], cond: tuple[str, ...], *, as_float: bool
) -> IndependenceGap:
    """The gap of an exact table, in fractions: every p(a, b | c) against p(a | c) p(b | c)."""
    order = left + right + cond
    kept = table.marginal(*[v for v in order if v not in table.given])
    frame = kept.frame
    keys = zip(*(frame[v].tolist() for v in order))
    joint = {tuple(hashable(s) for s in key): p for key, p in zip(keys, frame["p"].tolist())}
    n_left, n_right = len(left), len(right)
    zero = Fraction(0)
    p_ac: dict[tuple, Fraction] = {}
    p_bc: dict[tuple, Fraction] = {}
    p_c: dict[tuple, Fraction] = {}
    for key, p in joint.items():
        x, y, c = key[:n_left], key[n_left : n_left + n_right], key[n_left + n_right :]
        p_ac[x + c] = p_ac.get(x + c, zero) + p
        p_bc[y + c] = p_bc.get(y + c, zero) + p
        p_c[c] = p_c.get(c, zero) + p
    states = table.states

    def assignments(names: tuple[str, ...]) -> list[tuple]:
        return list(itertools.product(*[[hashable(s) for s in states[v]] for v in names]))

    best: tuple[Fraction, tuple, Fraction, Fraction] = (zero, (), zero, zero)
    found = False
    for x in assignments(left):
        for y in assignments(right):
            for c in assignments(cond):
                total = p_c.get(c, zero)
                if total == 0:
                    continue
                both = joint.get(x + y + c, zero) / total
                product = (p_ac.get(x + c, zero) / total) * (p_bc.get(y + c, zero) / total)
                gap = abs(both - product)
                if not found or gap > best[0]:
                    best, found = (gap, x + y + c, both, product), True
    gap, key, both, product = best
    where = dict(zip(order, key))
    if as_float:
        return IndependenceGap(float(gap), where, float(both), float(product))
    return IndependenceGap(gap, where, both, product)  # type: ignore[arg-type]


@dataclass(frozen=True, eq=False)
class IndependenceCheck:
    r"""One statement checked numerically: does ``A ⊥ B | C`` hold in a table, and where does it fail most?

    Attributes
    ----------
    statement : Independence
        The statement checked.
    holds : bool
        Whether the gap is at most the tolerance.
    gap : float
        :math:`\max |p(a, b \mid c) - p(a \mid c)\,p(b \mid c)|` over the
        assignments with :math:`p(c) > 0`.
    where : dict
        The assignment (variable name to state) where the gap is largest:
        the left side, then the right side, then the conditioning set.
    joint, product : float
        :math:`p(a, b \mid c)` and :math:`p(a \mid c)\,p(b \mid c)` there.
    atol : float
        The tolerance used.

    Examples
    --------
    >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> c = pt.check.check_independence(t, "x ⊥ y")
    >>> c.holds, round(c.gap, 12), c.where
    (False, 0.02, {'x': 0, 'y': 0})
    >>> print(c)
    x ⊥ y fails: the largest gap, 0.02, is at x=0, y=0: p(x=0, y=0) = 0.1 but p(x=0) p(y=0) = 0.12
    """

    statement: Independence
    holds: bool
    gap: float
    where: dict[str, Any]
    joint: float
    product: float
    atol: float = DEFAULT_ATOL

    @property
    def where_text(self) -> str:
        """The assignment of largest gap as ``a=0, b=1 | c=0`` (sides sorted by name)."""
        s = self.statement
        sides = assignment_text(sorted(s.left) + sorted(s.right), self.where)
        cond = [v for v in self.where if v not in s.left and v not in s.right]
        return f"{sides} | {assignment_text(cond, self.where)}" if cond else sides

    def evidence(self) -> str:
        """The two probabilities at the assignment of largest gap, written out.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> print(pt.check.check_independence(t, "x ⊥ y").evidence())
        p(x=0, y=0) = 0.1
        p(x=0) p(y=0) = 0.12
        """
        s = self.statement
        left, right = sorted(s.left), sorted(s.right)
        cond = [v for v in self.where if v not in s.left and v not in s.right]
        joint, product = format_pair(self.joint, self.product)
        return (
            f"{probability_text(left + right, cond, self.where)} = {joint}\n"
            f"{probability_text(left, cond, self.where)} {probability_text(right, cond, self.where)} = {product}"
        )

    def __str__(self) -> str:
        verb = "holds" if self.holds else "fails"
        lines = self.evidence().split("\n")
        relation = "and" if self.holds else "but"
        return (
            f"{self.statement} {verb}: the largest gap, {self.gap:.3g}, is at {self.where_text}: "
            f"{lines[0]} {relation} {lines[1]}"
        )

    def __repr__(self) -> str:
        verb = "holds" if self.holds else "fails"
        return f"<IndependenceCheck {self.statement}: {verb}, gap {self.gap:.3g}>"


def check_independence(
    table: Table, statement: Independence | str, *, atol: float = DEFAULT_ATOL
) -> IndependenceCheck:
    r"""Check one statement ``A ⊥ B | C`` numerically in a table, with the evidence.

    Parameters
    ----------
    table : Table
        A joint table, or a conditional one (its given variables are always
        part of the conditioning set, and may not be on a side).
    statement : Independence or str
        Such as ``"y ⊥ z | x"``.
    atol : float, default 1e-9
        The statement holds when its gap is at most `atol`.

    Returns
    -------
    IndependenceCheck
        ``.holds``, ``.gap``, and where the gap is largest.

    Raises
    ------
    UnknownVariableError
        If the statement names a variable the table does not have.
    NotAJointError
        If a side names a variable behind the table's bar.

    See Also
    --------
    probtables.Table.independent : the same test, as a bool.

    Examples
    --------
    >>> t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    >>> pt.check.check_independence(t, "x ⊥ y").holds
    True
    """
    check_atol(atol, "check_independence")
    s = Independence.coerce(statement)
    _check_table(table, "check_independence")
    result = independence_gap(table, sorted(s.left), sorted(s.right), sorted(s.given))
    return IndependenceCheck(
        statement=s,
        holds=bool(result.gap <= atol),
        gap=result.gap,
        where=result.assignment,
        joint=result.joint,
        product=result.product,
        atol=atol,
    )


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True, eq=False)
class IndependenceReport:
    """The independencies a structure implies, each checked numerically in a table.

    Attributes
    ----------
    structure : str
        The structure, in notation.
    table : str
        The table's notation.
    kind : {"local", "pairwise", "all"}
        Which implied statements were listed (see :func:`probtables.dag.independencies`).
    atol : float
        The tolerance of each check.
    rows : tuple of IndependenceCheck
        One per implied statement, in the order the structure lists them.

    Notes
    -----
    A report has no truth value (``bool(report)`` raises ``TypeError``, as a
    DataFrame's does): ask for ``report.holds`` or ``report.failures``.

    Examples
    --------
    >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> report = pt.check.independence_report(t, "p(x)p(y)")
    >>> report
    <IndependenceReport p(x)p(y) against p(x, y): 1 statement, 1 fails>
    >>> [str(row.statement) for row in report.failures]
    ['x ⊥ y']
    >>> report.to_frame()[["statement", "holds", "where"]]
      statement  holds      where
    0     x ⊥ y  False   x=0, y=0
    """

    structure: str
    table: str
    kind: str
    atol: float
    rows: tuple[IndependenceCheck, ...]

    @property
    def failures(self) -> tuple[IndependenceCheck, ...]:
        """The rows whose statement does not hold numerically."""
        return tuple(row for row in self.rows if not row.holds)

    @property
    def holds(self) -> bool:
        """Whether every listed statement holds numerically."""
        return not self.failures

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[IndependenceCheck]:
        return iter(self.rows)

    def __bool__(self) -> bool:
        # a report is a value, not a verdict: ``if report`` would read as "if it holds"
        raise TypeError("an IndependenceReport has no truth value; use report.holds or report.failures")

    def to_frame(self) -> pd.DataFrame:
        """One row per statement: ``statement``, ``holds``, ``gap``, ``where``, ``joint``, ``product``.

        ``joint`` is :math:`p(a, b \\mid c)` and ``product`` is
        :math:`p(a \\mid c)\\,p(b \\mid c)` at the assignment ``where`` of largest gap.
        """
        return pd.DataFrame(
            {
                "statement": [str(r.statement) for r in self.rows],
                "holds": np.array([r.holds for r in self.rows], dtype=bool),
                "gap": np.array([r.gap for r in self.rows], dtype=np.float64),
                "where": [r.where_text for r in self.rows],
                "joint": np.array([r.joint for r in self.rows], dtype=np.float64),
                "product": np.array([r.product for r in self.rows], dtype=np.float64),
            }
        )

    def _summary(self) -> str:
        n = len(self.rows)
        what = f"{n} statement{'s' if n != 1 else ''} implied"
        if n == 0:
            return f"{what}: nothing to check."
        fails = len(self.failures)
        if not fails:
            return f"{what}, all hold."
        return f"{what}, {fails} fail{'s' if fails == 1 else ''} (gap above atol)."

    def _title(self) -> str:
        return f"independence report: {self.structure} against {self.table} (kind={self.kind!r}, atol={self.atol:g})"

    @staticmethod
    def _cells(row: IndependenceCheck) -> list[str]:
        joint, product = format_pair(row.joint, row.product)
        return [
            str(row.statement),
            "yes" if row.holds else "NO",
            f"{row.gap:.3g}",
            row.where_text,
            joint,
            product,
        ]

    _HEADER = ("statement", "holds", "gap", "where", "joint", "product")

    def __str__(self) -> str:
        lines = [self._title(), self._summary()]
        if not self.rows:
            return "\n".join(lines)
        failures = self.failures
        shown = list(failures if failures else self.rows)[:_SHOW_ROWS]
        lines += text_table(self._HEADER, [self._cells(r) for r in shown])
        hidden = len(self.rows) - len(shown)
        if hidden:
            rest = (
                "more failures and the statements that hold"
                if len(failures) > len(shown)
                else ("statements that hold" if failures else "more statements")
            )
            lines.append(f"  ... and {hidden} {rest} (report.to_frame() lists every row).")
        return "\n".join(lines)

    def __repr__(self) -> str:
        n = len(self.rows)
        return (
            f"<IndependenceReport {self.structure} against {self.table}: "
            f"{n} statement{'s' if n != 1 else ''}, {len(self.failures)} fail{'s' if len(self.failures) == 1 else ''}>"
        )

    def _repr_html_(self) -> str:
        from probtables._display.html import report_html

        return report_html(self)


# --------------------------------------------------------------------------- inputs


def _check_table(table: Any, op: str) -> None:
    if not isinstance(table, Table):
        hint = ""
        if isinstance(table, Factorization):
            hint = " (for a factorization with tables, pass its .joint())"
        elif isinstance(table, str):
            hint = " (a notation string is a structure: pass the table first, then the structure)"
        raise TypeError(f"{op}(): expected a Table, got {type(table).__name__}{hint}")


def as_structure(structure: Any, op: str) -> Factorization:
    """A :class:`Factorization` from itself, its notation, or a networkx DiGraph."""
    if isinstance(structure, (Factorization, str)):
        return Factorization.coerce(structure)
    if isinstance(structure, nx.DiGraph):
        return Factorization.from_dag(structure)
    raise TypeError(
        f"{op}(): expected a structure (a Factorization, notation such as 'p(z)p(y)p(x|y,z)' "
        f"or a networkx.DiGraph), got {type(structure).__name__}"
    )


def _fit(table: Table, f: Factorization, op: str) -> Table:
    """Check that `f` is over `table`'s variables; return the table completed to a joint.

    The structure's heads must be the table's head variables and its free
    variables the table's given ones; a conditional table is multiplied by a
    uniform distribution of its given variables (over the assignments it defines).
    """
    heads = {v for t in f.terms for v in t.head}
    free = set(f.free)
    problems = []
    for what, mine, theirs in (("head", heads, set(table.head)), ("given", free, set(table.given))):
        extra, missing = sorted(mine - theirs), sorted(theirs - mine)
        if extra:
            problems.append(
                f"the structure has {tuple(extra)!r} as {what} variables, the table does not"
            )
        if missing:
            problems.append(
                f"the table has {tuple(missing)!r} as {what} variables, the structure does not"
            )
    if problems:
        raise StructureError(
            f"{op}(): the structure {f} does not fit the table {table.notation}: {'; '.join(problems)}. "
            "A structure must name every variable of the table, with the table's given variables free "
            "(only behind bars)."
        )
    if not table.given:
        return table
    states = {g: table.states[g] for g in table.given}
    if not table.undefined_count:
        return table * Table.uniform(states)
    # uniform over the conditioning assignments the table defines (the others have probability 0)
    defined = table.frame[list(table.given)].drop_duplicates()
    weight = 1.0 / len(defined)
    rows = {tuple(row): weight for row in defined.itertuples(index=False)}
    uniform = Table.from_dict(rows, variables=table.given, states=states)
    return table * uniform


def _about_table(s: Independence, free: set[str]) -> bool:
    """Whether `s` is a claim about a conditional table p(H | F) whatever the distribution of F.

    True when one side has no free variable and every free variable is on the
    other side or behind the bar: then ``s`` says that p(that side | the rest)
    does not vary, which the conditional table alone decides.
    """
    return any(
        not (one & free) and free <= other | s.given
        for one, other in ((s.left, s.right), (s.right, s.left))
    )


def _kind(kind: str | None, n: int, op: str) -> Kind:
    if kind is None:
        return "all" if n <= AUTO_ALL_MAX else "local"
    if kind not in _KINDS:
        raise UnknownKindError(
            f"{op}(): unknown kind {kind!r}; choose 'local', 'pairwise' or 'all' (or None)."
        )
    return cast(Kind, kind)


# --------------------------------------------------------------------------- numeric gaps on a dense array


class _Gaps:
    """Gaps of many statements in one table, from its dense array with cached marginals.

    Computes what :func:`probtables.check.independence_gap` computes (the gap
    only), without building a Table per test; falls back to it for tables too
    large to hold densely.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.variables = table.variables
        self.given = table.given
        self.cards = {v: len(s) for v, s in table.states.items()}
        cells = prod(self.cards.values())
        self.array = table.to_array() if cells <= _DENSE_LIMIT else None
        self.cache: dict[frozenset[str], np.ndarray] = {}
        self.cached_cells = 0

    def _marginal(self, keep: frozenset[str]) -> np.ndarray:
        found = self.cache.get(keep)
        if found is not None:
            return found
        assert self.array is not None
        drop = tuple(i for i, v in enumerate(self.variables) if v not in keep)
        out = self.array.sum(axis=drop) if drop else self.array
        if self.cached_cells + out.size > _CACHE_CELLS:
            self.cache.clear()
            self.cached_cells = 0
        self.cache[keep] = out
        self.cached_cells += out.size
        return out

    def gap(self, a: Sequence[str], b: Sequence[str], c: Sequence[str]) -> float:
        if self.array is None:
            return independence_gap(self.table, a, b, c).gap
        c = tuple(c) + tuple(g for g in self.given if g not in c)
        order = tuple(a) + tuple(b) + c
        kept = [v for v in self.variables if v in set(order)]
        marginal = self._marginal(frozenset(order))
        array = np.transpose(marginal, [kept.index(v) for v in order])
        sizes = [prod(self.cards[v] for v in group) for group in (a, b, c)]
        gaps, _, _ = independence_gaps(array.reshape(sizes))
        return float(gaps.max())


# --------------------------------------------------------------------------- public functions


def independence_report(
    table: Table,
    structure: Factorization | str | nx.DiGraph,
    *,
    atol: float = DEFAULT_ATOL,
    kind: str | None = None,
) -> IndependenceReport:
    r"""Check every independence a structure implies numerically in a table.

    Parameters
    ----------
    table : Table
        The numbers: a joint table over the structure's variables, or a
        conditional one given its free variables (see the module notes).
    structure : Factorization, str or networkx.DiGraph
        Such as ``"p(z)p(y)p(x|y,z)"``.
    atol : float, default 1e-9
        A statement holds when its gap is at most `atol`.
    kind : {"local", "pairwise", "all"} or None, default None
        Which implied statements to list (:func:`probtables.dag.independencies`):
        ``"local"``, each variable independent of its non-descendants given its
        parents (enough to decide :func:`is_imap`); ``"pairwise"``, one
        minimal separating set per non-adjacent pair; ``"all"``, every
        ``x ⊥ y | Z`` (grows as :math:`2^n`). ``None`` chooses ``"all"`` up to
        :data:`AUTO_ALL_MAX` (8) variables and ``"local"`` above.

    Returns
    -------
    IndependenceReport
        One row per statement (duplicates removed), each with ``holds``, the
        largest gap and where it is; ``.failures``, ``.to_frame()``, a readable
        ``str()`` and an HTML table in notebooks. For a conditional table with
        conditioning assignments of probability zero, the completion is not a
        product of uniforms, so only the statements about the table itself are
        listed: one side without free variables, every free variable on the
        other side or behind the bar (the local statements always are).

    Raises
    ------
    StructureError
        If the structure's variables are not the table's.
    UnknownKindError
        If `kind` is not one of the three (or None).
    EnumerationLimitError
        If ``kind="all"`` would list too many statements.

    See Also
    --------
    is_imap : the same question as a bool.
    extra_independencies : the converse, what the table has beyond the structure.

    Examples
    --------
    >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> print(pt.check.independence_report(t, "p(x)p(y)"))
    independence report: p(x)p(y) against p(x, y) (kind='all', atol=1e-09)
    1 statement implied, 1 fails (gap above atol).
      statement  holds  gap   where     joint  product
      x ⊥ y      NO     0.02  x=0, y=0  0.1    0.12
    """
    check_atol(atol, "independence_report")
    op = "independence_report"
    _check_table(table, op)
    f = as_structure(structure, op)
    joint = _fit(table, f, op)
    chosen = _kind(kind, len(f.variables), op)
    statements = list(dict.fromkeys(f.independencies(chosen)))
    if table.given and table.undefined_count:
        statements = [s for s in statements if _about_table(s, set(table.given))]
    rows = tuple(check_independence(joint, s, atol=atol) for s in statements)
    return IndependenceReport(structure=str(f), table=table.notation, kind=chosen, atol=atol, rows=rows)


def is_imap(
    table: Table, structure: Factorization | str | nx.DiGraph, *, atol: float = DEFAULT_ATOL
) -> bool:
    r"""Whether the structure is an I-map of the table: every independence it implies holds there.

    Equivalently, the table factorizes over the structure's DAG. Only the
    structure is used (its terms need no tables); it suffices to check the
    local statements, each variable independent of its non-descendants given
    its parents, because they imply every other d-separation [1]_.

    Parameters
    ----------
    table : Table
        Over the structure's variables (conditional on its free ones, if any).
    structure : Factorization, str or networkx.DiGraph
    atol : float, default 1e-9

    Returns
    -------
    bool

    Raises
    ------
    StructureError
        If the structure's variables are not the table's.

    See Also
    --------
    independence_report : which statements fail, and by how much.
    probtables.Table.satisfies : the same question, by multiplying the terms out.

    Examples
    --------
    >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> pt.check.is_imap(t, "p(x)p(y)"), pt.check.is_imap(t, "p(x)p(y|x)")
    (False, True)
    """
    check_atol(atol, "is_imap")
    op = "is_imap"
    _check_table(table, op)
    f = as_structure(structure, op)
    joint = _fit(table, f, op)
    for s in dict.fromkeys(f.independencies("local")):
        if not check_independence(joint, s, atol=atol).holds:
            return False
    return True


def extra_independencies(
    table: Table,
    structure: Factorization | str | nx.DiGraph,
    *,
    atol: float = DEFAULT_ATOL,
    limit: int | None = EXTRA_LIMIT,
) -> list[Independence]:
    r"""Independencies ``x ⊥ y | Z`` that hold in the table but that the structure does not imply.

    Every pair of single variables ``x``, ``y`` and every set ``Z`` of other
    variables is tested numerically; those that hold within `atol` and are
    not d-separations of the structure are returned. An empty list means the
    structure explains every (single-variable) independence of the numbers: it
    is a perfect map for them. For a conditional table only statements that
    name every free variable (on a side or behind the bar) are considered: the
    others would depend on the uniform distribution the table is completed with.

    Parameters
    ----------
    table : Table
    structure : Factorization, str or networkx.DiGraph
    atol : float, default 1e-9
    limit : int or None, default 200_000
        The largest number of numeric tests, :math:`\binom{n}{2} 2^{n-2}` for
        :math:`n` variables (12 variables take 225,280); ``None`` for no limit.

    Returns
    -------
    list of Independence
        In the structure's topological order of ``x`` then ``y``; for a pair,
        smaller sets ``Z`` first.

    Raises
    ------
    EnumerationLimitError
        If the enumeration would run more than `limit` tests.
    StructureError
        If the structure's variables are not the table's.

    See Also
    --------
    independence_report : the other direction.

    Examples
    --------
    ``x`` and ``y`` are independent, which ``p(x)p(y|x)`` does not say:

    >>> t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    >>> pt.check.extra_independencies(t, "p(x)p(y|x)")
    [Independence('x ⊥ y')]
    >>> pt.check.extra_independencies(t, "p(x)p(y)")
    []
    """
    check_atol(atol, "extra_independencies")
    op = "extra_independencies"
    _check_table(table, op)
    f = as_structure(structure, op)
    joint = _fit(table, f, op)
    names = list(f.topological_order())
    n = len(names)
    tests = comb(n, 2) * 2 ** max(n - 2, 0)
    if limit is not None and tests > limit:
        raise EnumerationLimitError(
            f"{op}(): {n} variables need {tests:,} numeric tests ({comb(n, 2):,} pairs x 2**{n - 2} "
            f"conditioning sets), above limit={limit:,}; pass a larger limit (or limit=None), or check "
            "chosen statements with check_independence()."
        )
    gaps = _Gaps(joint)
    free = set(f.free)
    out: list[Independence] = []
    for i, x in enumerate(names):
        for y in names[i + 1 :]:
            others = [v for v in names if v != x and v != y]
            for k in range(len(others) + 1):
                for z in combinations(others, k):
                    if free and not free <= {x, y, *z}:
                        continue  # a mixture over the free variables' made-up distribution: no claim
                    if gaps.gap((x,), (y,), z) <= atol:
                        s = Independence(x, y, z)
                        if not f.implies(s):
                            out.append(s)
    return out


def minimal_imap(
    table: Table,
    order: Sequence[str],
    *,
    atol: float = DEFAULT_ATOL,
    limit: int | None = IMAP_LIMIT,
) -> Factorization:
    r"""The minimal I-map of a joint table for a variable order: each variable's fewest parents.

    For each variable :math:`v` in `order`, with predecessors :math:`U`, the
    parents are the smallest :math:`S \subseteq U` such that
    :math:`v \perp U \setminus S \mid S` holds numerically (algorithm 3.2 of
    [1]_, Pearl's boundary DAG [2]_). Candidate sets are tried by increasing
    size; among sets of the same size the first in `order` wins (sets compared
    by the positions of their members, as ``itertools.combinations`` lists
    them).

    Parameters
    ----------
    table : Table
        A joint table.
    order : sequence of str
        Every variable of the table, once.
    atol : float, default 1e-9
        Tolerance of each independence test.
    limit : int or None, default 1_000_000
        The largest number of candidate parent sets to test; ``None`` for no limit.

    Returns
    -------
    Factorization
        One term ``p(v | parents)`` per variable in `order`, parents listed in
        `order`, each with its table computed from `table` (so ``.joint()``
        gives `table` back, within `atol` per term).

    Raises
    ------
    NotAJointError
        If `table` is conditional.
    StructureError
        If `order` does not name every variable once.
    EnumerationLimitError
        If more than `limit` candidate sets are tested.

    Notes
    -----
    The result depends on the order: a causal (topological) order gives back
    a sparse structure, an anti-causal one a denser one. For a positive
    distribution each variable's smallest set is unique (its Markov boundary
    among its predecessors); with deterministic tables several sets of the
    same size may work, and the tie-break above picks one.

    Examples
    --------
    For ``x`` a common effect of ``y`` and ``z``, in a causal order:

    >>> t = pt.Table.from_dict({(x, y, z): 0.25 * (0.8 if x == (y or z) else 0.2)
    ...                         for x in (0, 1) for y in (0, 1) for z in (0, 1)},
    ...                        variables=("x", "y", "z"))
    >>> print(pt.check.minimal_imap(t, ["z", "y", "x"]))
    p(z)p(y)p(x | z, y)

    In the order (x, y, z), ``z`` needs both ``x`` and ``y``:

    >>> print(pt.check.minimal_imap(t, ["x", "y", "z"]))
    p(x)p(y | x)p(z | x, y)
    """
    check_atol(atol, "minimal_imap")
    op = "minimal_imap"
    _check_table(table, op)
    if table.given or table.evidence:
        raise NotAJointError(
            f"{op}(): {table.notation} is conditional; multiply it by a distribution of "
            f"{', '.join(table.given) or 'its evidence'} to get a joint table first."
        )
    order = _order(table, order, op)
    gaps = _Gaps(table)
    tests = 0
    terms = []
    for i, v in enumerate(order):
        before = order[:i]
        parents: tuple[str, ...] | None = None
        for k in range(len(before) + 1):
            for candidate in combinations(before, k):
                rest = tuple(u for u in before if u not in candidate)
                if not rest:
                    parents = candidate
                    break
                tests += 1
                if limit is not None and tests > limit:
                    raise EnumerationLimitError(
                        f"{op}(): more than limit={limit:,} candidate parent sets tested (now at {v!r}, "
                        f"with {len(before)} predecessors, sets of size {k}); pass a larger limit "
                        "(or limit=None)."
                    )
                if gaps.gap((v,), rest, candidate) <= atol:
                    parents = candidate
                    break
            if parents is not None:
                break
        assert parents is not None  # the full predecessor set always works
        terms.append(Term((v,), parents))
    return table.factorize(Factorization(terms))


def _order(table: Table, order: Sequence[str], op: str) -> tuple[str, ...]:
    if isinstance(order, str):
        raise StructureError(
            f"{op}(): order must be a sequence of variable names, got the string {order!r}."
        )
    names = tuple(order)
    seen: set[str] = set()
    for name in names:
        if name not in table.variables:
            raise unknown_variable(op, name, table.variables, table.notation)
        if name in seen:
            raise StructureError(f"{op}(): {name!r} appears twice in the order {list(names)!r}.")
        seen.add(name)
    missing = [v for v in table.variables if v not in seen]
    if missing:
        raise StructureError(
            f"{op}(): the order must name every variable of {table.notation} once; missing {tuple(missing)!r}."
        )
    return names


# --------------------------------------------------------------------------- structure against data


def check_data(
    structure: Factorization | str | nx.DiGraph,
    data: pd.DataFrame,
    *,
    kind: Kind = "local",
    method: str = "chi2",
    adjust: str | None = "holm",
    alpha: float = 0.05,
    permutations: int | str | None = "auto",
    seed: int | np.random.Generator | None = None,
    effect_size: float = DEFAULT_EFFECT_SIZE,
    dropna: bool = False,
    max_distinct: float | None = DEFAULT_MAX_DISTINCT,
    progress: Callable[[int], object] | None = None,
) -> DataCheckReport:
    r"""Test every independence a structure implies (of one kind) on samples, each with a status.

    The statements are those of ``structure.independencies(kind)``, tested
    with :func:`probtables.stats.test_independencies`: Pearson's chi-square
    with the adjusted degrees of freedom, a conditional permutation p-value
    where Cochran's rule fails, and Holm's correction over the statements that
    could be tested. Each statement gets a ``status``:

    * ``"rejected"``: the data contradict it (after the correction);
    * ``"not rejected"``: the test could have contradicted it and did not
      (see ``power`` for how likely it was to);
    * ``"unreliable"``: the chi-square p-value cannot be used and no
      permutations were asked for (``permutations=None``);
    * ``"untestable"``: 0 degrees of freedom (a deterministic relation, or too
      few rows): the data cannot speak against it.

    Only the first two are evidence; :func:`data_summary` says so in words.

    Parameters
    ----------
    structure : Factorization, str or networkx.DiGraph
        Such as ``"p(z)p(x|z)p(y|z)"``.
    data : pandas.DataFrame
        One row per observation, a column per variable of the structure.
    kind : {"local", "pairwise", "all"}, default "local"
        Which implied statements (see :func:`probtables.dag.independencies`).
    method, adjust, alpha, permutations, seed, effect_size, dropna, max_distinct, progress
        As in :func:`probtables.stats.test_independencies`.

    Returns
    -------
    DataCheckReport
        It prints as an aligned table of the essential columns with
        :func:`data_summary` under it (HTML in a notebook). ``report.frame``
        is the table of :func:`probtables.stats.test_independencies`: one row
        per statement with ``statistic``, ``dof``, ``p_value``, ``p_adjusted``,
        ``rejected``, ``status``, ``reason``, ``power``, ``permutations``,
        ``min_expected``, ``rows`` and ``rows_dropped``; ``report["status"]``
        and ``len(report)`` read it as they would the DataFrame.

    Raises
    ------
    UnknownVariableError, MissingDataError, NotDiscreteError, DataError
        As :func:`probtables.stats.independence_test`.

    See Also
    --------
    data_summary : The counts of each status, in a sentence.
    probtables.Factorization.check_data : The same, as a method.

    Examples
    --------
    >>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
    >>> data = f.with_tables([pt.Table.uniform({"z": [0, 1]}), pt.Table.uniform({"y": [0, 1]}),
    ...                       pt.Table.uniform({"y": [0, 1], "z": [0, 1], "x": [0, 1]}, given=("y", "z"))]
    ...                      ).sample(500, seed=0)
    >>> report = pt.check.check_data(f, data)
    >>> print(report)
    p(z)p(y)p(x | y, z) on 500 rows: kind='local', chi2, holm, alpha=0.05
      statement  status        p-value  adjusted  dof  power
      y ⊥ z      not rejected    0.242     0.242    1   1.00
    1 statement implied; 1 could be tested: none rejected at alpha=0.05, each with
    power of at least 0.8 (w = 0.3): the data are consistent with the structure.
    >>> report[["statement", "dof", "status"]]
      statement  dof        status
    0     y ⊥ z    1  not rejected
    """
    f = as_structure(structure, "check_data")
    statements = list(dict.fromkeys(f.independencies(kind)))
    frame = test_independencies(
        data,
        statements,
        method=method,
        adjust=adjust,
        alpha=alpha,
        permutations=permutations,
        seed=seed,
        effect_size=effect_size,
        dropna=dropna,
        max_distinct=max_distinct,
        progress=progress,
    )
    return DataCheckReport(
        frame,
        structure=str(f),
        rows=len(data),
        kind=kind,
        method=method,
        adjust=adjust,
        alpha=alpha,
        effect_size=effect_size,
    )


def data_summary(
    report: pd.DataFrame | DataCheckReport,
    *,
    alpha: float | None = None,
    effect_size: float | None = None,
) -> str:
    """One paragraph on a :func:`check_data` table: how many statements could be tested, and what that shows.

    It says "consistent with the structure" only when every statement could
    be tested, none is rejected and every test had the power (at least
    :data:`probtables.stats.POWER_THRESHOLD` at ``effect_size``) to reject it.
    ``alpha`` and ``effect_size`` default to those of a :class:`DataCheckReport`,
    and to 0.05 and 0.3 for a DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> report = pd.DataFrame({"status": ["rejected", "not rejected", "untestable", "unreliable"],
    ...                        "power": [0.9, 0.3, 0.0, 0.95]})
    >>> print(pt.check.data_summary(report))
    4 statements implied; 2 could be tested: 1 rejected at alpha=0.05 (the data contradict the structure); 1 not rejected, of which 1 with power below 0.8 to detect w = 0.3. 1 untestable (0 degrees of freedom); 1 unreliable (chi-square approximation without permutations).
    """
    if isinstance(report, DataCheckReport):
        alpha = report.alpha if alpha is None else alpha
        effect_size = report.effect_size if effect_size is None else effect_size
    alpha = 0.05 if alpha is None else alpha
    effect_size = DEFAULT_EFFECT_SIZE if effect_size is None else effect_size
    m = len(report)
    if m == 0:
        return "nothing to test: the structure implies no independence of this kind."
    status = report["status"].tolist()
    count = {s: status.count(s) for s in ("rejected", "not rejected", "untestable", "unreliable")}
    tested = count["rejected"] + count["not rejected"]
    weak = int(((report["status"] == "not rejected") & ~(report["power"] >= POWER_THRESHOLD)).sum())
    noun = "statement" if m == 1 else "statements"
    text = f"{m} {noun} implied; {tested} could be tested"
    if tested == 0:
        text += ", so the data say nothing about the structure"
    elif count["rejected"]:
        text += (
            f": {count['rejected']} rejected at alpha={alpha:g} (the data contradict the structure); "
            f"{count['not rejected']} not rejected"
        )
        if weak:
            text += (
                f", of which {weak} with power below {POWER_THRESHOLD:g} to detect w = {effect_size:g}"
            )
    elif weak:
        text += (
            f": none rejected at alpha={alpha:g}, but {weak} of them had power below {POWER_THRESHOLD:g} "
            f"to detect w = {effect_size:g}, so not rejecting them says little"
        )
    else:
        text += f": none rejected at alpha={alpha:g}, each with power of at least {POWER_THRESHOLD:g} (w = {effect_size:g})"
        if tested == m:
            text += ": the data are consistent with the structure"
    text += "."
    rest = []
    if count["untestable"]:
        rest.append(f"{count['untestable']} untestable (0 degrees of freedom)")
    if count["unreliable"]:
        rest.append(f"{count['unreliable']} unreliable (chi-square approximation without permutations)")
    if rest:
        text += " " + "; ".join(rest) + "."
    return text


class DataCheckReport:
    """What :func:`check_data` found: one row per implied statement, printed readably.

    ``str(report)`` and ``repr(report)`` are an aligned table of the
    essential columns (statement, status, p-value, adjusted p-value, degrees
    of freedom, power and a short note on the reason) with
    :func:`data_summary` under it; in a notebook it shows as HTML, the full
    reason of each row in its note's tooltip. A long report shows the
    rejected, unreliable and untestable statements first and counts the rest.

    The numbers are in :attr:`frame` (a copy each time, as :meth:`to_frame`):
    ``report["status"]``, ``report[["statement", "status"]]`` and
    ``len(report)`` read it as they would the DataFrame; iterating gives the
    rows as named tuples (``row.statement``, ``row.status``, ...).

    Attributes
    ----------
    structure : str
        The structure whose statements were tested, in notation.
    rows : int
        Rows of data.
    kind, method, adjust, alpha, effect_size
        The options of :func:`check_data`.

    Notes
    -----
    A report has no truth value (``bool(report)`` raises ``TypeError``, as a
    DataFrame's does): ask for ``report["rejected"].any()``.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"y": [0, 0, 1, 1] * 25, "z": [0, 1, 0, 1] * 25})
    >>> report = pt.check.check_data("p(y)p(z)", data)
    >>> len(report), report["status"].tolist()
    (1, ['not rejected'])
    >>> print(report)
    p(y)p(z) on 100 rows: kind='local', chi2, holm, alpha=0.05
      statement  status        p-value  adjusted  dof  power
      y ⊥ z      not rejected        1         1    1   0.85
    1 statement implied; 1 could be tested: none rejected at alpha=0.05, each with
    power of at least 0.8 (w = 0.3): the data are consistent with the structure.
    """

    __slots__ = ("_frame", "structure", "rows", "kind", "method", "adjust", "alpha", "effect_size")

    _frame: pd.DataFrame
    structure: str
    rows: int
    kind: str
    method: str
    adjust: str | None
    alpha: float
    effect_size: float

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        structure: str,
        rows: int,
        kind: str = "local",
        method: str = "chi2",
        adjust: str | None = "holm",
        alpha: float = 0.05,
        effect_size: float = DEFAULT_EFFECT_SIZE,
    ) -> None:
        values = {
            "_frame": frame.copy(),
            "structure": structure,
            "rows": int(rows),
            "kind": kind,
            "method": method,
            "adjust": adjust,
            "alpha": float(alpha),
            "effect_size": float(effect_size),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a DataCheckReport is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a DataCheckReport is immutable; cannot delete {name!r}")

    @property
    def frame(self) -> pd.DataFrame:
        """Every column, one row per statement (a copy: changing it leaves the report as it was)."""
        return self._frame.copy()

    def to_frame(self) -> pd.DataFrame:
        """The same as :attr:`frame`."""
        return self._frame.copy()

    @property
    def summary(self) -> str:
        """:func:`data_summary` of this report, at its ``alpha`` and ``effect_size``."""
        return data_summary(self)

    def __getitem__(self, key: Any) -> Any:
        return self._frame[key].copy()

    def __len__(self) -> int:
        return len(self._frame)

    def __iter__(self) -> Iterator[Any]:
        return self._frame.itertuples(index=False)

    def __bool__(self) -> bool:
        raise TypeError(
            'a DataCheckReport has no truth value; use report["rejected"].any() or report.summary'
        )

    @property
    def title(self) -> str:
        """The first line of the text: the structure, the number of rows and the options."""
        correction = "no correction" if self.adjust is None else self.adjust
        return (
            f"{self.structure} on {self.rows:,} row{'s' if self.rows != 1 else ''}: "
            f"kind={self.kind!r}, {self.method}, {correction}, alpha={self.alpha:g}"
        )

    def __str__(self) -> str:
        title = self.title
        # a long structure on a line of its own, the rows and options under it
        lines = title.rsplit(" on ", 1) if len(title) > 80 else [title]
        if len(lines) == 2:
            lines[1] = "  on " + lines[1]
        if len(self._frame):
            chosen, hidden = data_check_rows(self._frame, _SHOW_ROWS)
            rows = list(self._frame.itertuples(index=False))
            lines += data_check_lines([data_check_cells(rows[i], POWER_THRESHOLD) for i in chosen])
            if hidden:
                lines.append(f"  ... and {hidden} (report.frame lists every row).")
            footnote = data_check_footnote(self._frame)
            if footnote:
                lines.append(footnote)
        lines += textwrap.wrap(self.summary, width=80)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return data_check_html(self)
