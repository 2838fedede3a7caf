r"""Assertions for tests, with failure messages that show the evidence; Hypothesis strategies.

Each ``assert_*`` helper returns ``None`` when the claim holds and raises a
plain :class:`AssertionError` when it does not, whose message names the claim
and shows why it fails:

* a numeric independence (:func:`assert_independent`, :func:`assert_dependent`):
  the assignment where :math:`p(a, b \mid c)` and :math:`p(a \mid c)\,p(b \mid c)`
  differ most, with both values;
* a structural one (:func:`assert_implies`, :func:`assert_not_implies`): the
  active trail with the role of each node on it, or why every trail is blocked;
* a factorization (:func:`assert_factorizes`): the assignment where the
  product of the terms is furthest from the table, each term's value there,
  and the implied independencies that fail;
* two tables (:func:`assert_tables_close`): differing names, given variables
  or states first, then the largest differences of values.

Statements and structures may be written in notation: ``"y ⊥ z | x"``,
``"p(z)p(y)p(x|y,z)"``.

Using them with pytest
----------------------
Nothing needs registering. Every helper sets ``__tracebackhide__ = True``, so
pytest leaves the helper's frame out of the traceback: a failure shows the line
of your test that called it, then the message. The helpers raise their own
``AssertionError`` instead of using bare ``assert`` statements, so
``pytest.register_assert_rewrite("probtables.testing")`` would change nothing.
pytest is not imported by this module, and Hypothesis only when a strategy is
asked for.

>>> from probtables.testing import assert_independent, assert_implies
>>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
>>> assert_independent(t, "x ⊥ y")
Traceback (most recent call last):
...
AssertionError: x ⊥ y does not hold in p(x, y): |p(x, y) - p(x) p(y)| reaches 0.02 > atol=1e-09, at x=0, y=0:
  p(x=0, y=0) = 0.1
  p(x=0) p(y=0) = 0.12
>>> assert_implies("p(z)p(y)p(x|y,z)", "y ⊥ z | x")
Traceback (most recent call last):
...
AssertionError: p(z)p(y)p(x | y, z) does not imply y ⊥ z | x.
y ⊥ z | x does not hold: the trail y -> x <- z is active given x.
  - x is a collider and is observed (explaining away), so the trail is active at x.

Strategies
----------
:func:`tables`, :func:`dags` and :func:`factorizations` generate random
tables, DAGs (``networkx.DiGraph``) and factorizations with tables for
Hypothesis property tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import prod
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from probtables._display.text import assignment_text, format_pair, probability_text, text_table
from probtables._validate import check_atol, show_value
from probtables.check import (
    as_structure,
    check_independence,
    independence_report,
)
from probtables.errors import InvalidParameterError, ProbTablesError, ProductError
from probtables.factorization import Factorization
from probtables.independence import Independence
from probtables.stats import independence_test
from probtables.table import DEFAULT_ATOL, Table

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "assert_independent",
    "assert_dependent",
    "assert_factorizes",
    "assert_implies",
    "assert_not_implies",
    "assert_tables_close",
    "tables",
    "dags",
    "factorizations",
]

_SHOW = 5  # rows of differences shown by assert_tables_close
_SHOW_FAILURES = 3  # failing implied statements shown by assert_factorizes


# --------------------------------------------------------------------------- helpers


def _is_frame(obj: Any) -> bool:
    return isinstance(obj, pd.DataFrame)


def _as_table(obj: Any, op: str) -> Table:
    """A Table from a Table or a factorization with tables; a clear TypeError otherwise."""
    if isinstance(obj, Table):
        return obj
    if isinstance(obj, Factorization):
        if obj.has_tables:
            return obj.joint()
        raise TypeError(
            f"{op}(): {obj} is a structure without tables; a numeric check needs numbers "
            "(use assert_implies / assert_not_implies for what a structure implies)."
        )
    if isinstance(obj, str):
        raise TypeError(
            f"{op}(): got the string {obj!r}; a numeric check needs a Table "
            "(use assert_implies / assert_not_implies for what a structure implies)."
        )
    raise TypeError(f"{op}(): expected a Table, got {type(obj).__name__}.")


def _test_data(op: str, data: Any, s: Independence, alpha: float, options: dict[str, Any]) -> Any:
    """Run the statistical test of `s` on `data` (checking `alpha`), or explain why it cannot."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.number)):
        raise InvalidParameterError(f"{op}(): alpha must be a number in (0, 1], got {alpha!r}")
    if not 0 < alpha <= 1:
        raise InvalidParameterError(f"{op}(): alpha must be in (0, 1], got {alpha!r}")
    return independence_test(data, s, alpha=alpha, **options)


def _cannot_tell(s: Independence, result: Any) -> str | None:
    """Why a test on data says nothing about `s` (untestable or unreliable), or None."""
    if result.status == "untestable":
        return (
            f"{s} cannot be tested on these data: {result.reason}. With no degrees of freedom the "
            "test cannot detect a dependence, so passing would prove nothing; use more rows, or "
            f"check that the sides vary within the strata.\n{_indent(str(result))}"
        )
    if result.status == "unreliable":
        return (
            f"{s} cannot be decided by the chi-square approximation here: {result.reason.split(';')[0]}. "
            "Pass permutations=999 (and a seed=) for a conditional permutation test, or use more rows "
            f"or fewer states.\n{_indent(str(result))}"
        )
    return None


def _gap_formula(s: Independence, cond: Sequence[str]) -> str:
    left, right = ", ".join(sorted(s.left)), ", ".join(sorted(s.right))
    bar = f" | {', '.join(cond)}" if cond else ""
    return f"|p({left}, {right}{bar}) - p({left}{bar}) p({right}{bar})|"


def _indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


# --------------------------------------------------------------------------- numeric independence


def assert_independent(
    table_or_data: Table | Factorization | pd.DataFrame,
    statement: Independence | str,
    *,
    atol: float = DEFAULT_ATOL,
    alpha: float = 0.05,
    method: str = "chi2",
    permutations: int | str | None = None,
    seed: int | np.random.Generator | None = None,
    effect_size: float = 0.3,
    min_power: float = 0.8,
    dropna: bool = False,
    max_distinct: float | None = 0.5,
) -> None:
    r"""Assert that ``A ⊥ B | C`` holds in a table (within `atol`), or that data could have refuted it and did not.

    Parameters
    ----------
    table_or_data : Table, Factorization with tables, or pandas.DataFrame
        A table is checked exactly: :math:`p(a, b \mid c) = p(a \mid c)\,p(b \mid c)`
        for every assignment with :math:`p(c) > 0`, within `atol`. A DataFrame
        of observations is tested with :func:`probtables.stats.independence_test`.
    statement : Independence or str
        Such as ``"y ⊥ z | x"``.
    atol : float, default 1e-9
        Tolerance for a table.
    alpha : float, default 0.05
        For data: the level of the test.
    method : {"chi2", "g"}, default "chi2"
        For data: Pearson's chi-square or the G statistic.
    permutations : int, "auto" or None, default None
        For data: ``None`` uses the chi-square p-value and fails when it is
        unreliable (Cochran's rule); ``N`` draws ``N`` conditional permutations
        (a valid p-value on small and sparse data); ``"auto"`` permutes only
        when needed. See :func:`probtables.stats.independence_test`.
    seed : int or numpy.random.Generator, optional
        For data: seeds the permutations.
    effect_size : float, default 0.3
        For data: Cohen's w of the dependence the test must be able to detect.
    min_power : float, default 0.8
        For data: the smallest acceptable power to detect `effect_size` at
        `alpha`; below it the assertion fails, since not rejecting says little.
        0 turns the power requirement off.
    dropna : bool, default False
        For data: drop the rows with a missing value in the statement's columns.
    max_distinct : float or None, default 0.5
        For data: refuse columns that do not look discrete (see :mod:`probtables.datachecks`).

    Notes
    -----
    On data the assertion passes only when the test *could have detected* a
    dependence and did not: it fails when the statement is untestable (0
    degrees of freedom), when the chi-square approximation is unreliable and
    no permutations were asked for, when the test rejects, and when its power
    at `effect_size` is below `min_power`. Each message says which, with the
    numbers, and what would help.

    Raises
    ------
    AssertionError
        For a table: names the statement and shows the assignment of largest
        gap with :math:`p(a, b \mid c)` and :math:`p(a \mid c)\,p(b \mid c)`.
        For data: which of the four failures, with the statistic, degrees of
        freedom, p-value, expected counts or power behind it.
    TypeError
        If `table_or_data` is a structure without numbers.

    See Also
    --------
    assert_dependent, probtables.check.check_independence

    Examples
    --------
    >>> from probtables.testing import assert_independent
    >>> assert_independent(pt.Table.uniform({"x": [0, 1], "y": [0, 1]}), "x ⊥ y")
    >>> t = pt.Table.from_dict({(0, 0): 0.5, (1, 1): 0.5}, variables=("x", "y"))
    >>> assert_independent(t, "x ⊥ y")
    Traceback (most recent call last):
    ...
    AssertionError: x ⊥ y does not hold in p(x, y): |p(x, y) - p(x) p(y)| reaches 0.25 > atol=1e-09, at x=0, y=0:
      p(x=0, y=0) = 0.5
      p(x=0) p(y=0) = 0.25
    """
    check_atol(atol, "assert_independent")
    __tracebackhide__ = True
    op = "assert_independent"
    s = Independence.coerce(statement)
    if _is_frame(table_or_data):
        options = {
            "method": method,
            "permutations": permutations,
            "seed": seed,
            "effect_size": effect_size,
            "dropna": dropna,
            "max_distinct": max_distinct,
        }
        if (
            isinstance(min_power, bool)
            or not isinstance(min_power, (int, float))
            or not 0 <= min_power <= 1
        ):
            raise ValueError(f"{op}(): min_power must be a number in [0, 1], got {min_power!r}")
        result = _test_data(op, table_or_data, s, alpha, options)
        problem = _cannot_tell(s, result)
        if problem is not None:
            raise AssertionError(problem)
        if result.rejects(alpha):  # p <= alpha, as rejects() and test_independencies() decide
            raise AssertionError(
                f"{s} is rejected by the data at alpha={alpha:g}: {result.statistic:.4g} on "
                f"{result.dof} degree(s) of freedom, p-value {result.p_value:.3g} <= {alpha:g}."
                f"\n{_indent(str(result))}"
            )
        if result.power < min_power:
            raise AssertionError(
                f"{s} is not rejected (p-value {result.p_value:.3g} > {alpha:g}), but the test could "
                f"hardly have rejected it: its power to detect a dependence of size w = {effect_size:g} "
                f"at alpha={alpha:g} is {result.power:.2f} < min_power={min_power:g} (n = {result.n:g}, "
                f"{result.dof} degree(s) of freedom). Use more rows or fewer states; or lower "
                f"min_power, or raise effect_size, if a weaker check is enough.\n{_indent(str(result))}"
            )
        return
    table = _as_table(table_or_data, op)
    check = check_independence(table, s, atol=atol)
    if not check.holds:
        cond = [v for v in check.where if v not in s.left and v not in s.right]
        raise AssertionError(
            f"{s} does not hold in {table.notation}: {_gap_formula(s, cond)} reaches {check.gap:.3g} "
            f"> atol={atol:g}, at {check.where_text}:\n{_indent(check.evidence())}"
        )


def assert_dependent(
    table_or_data: Table | Factorization | pd.DataFrame,
    statement: Independence | str,
    *,
    atol: float = DEFAULT_ATOL,
    alpha: float = 0.05,
    method: str = "chi2",
    permutations: int | str | None = None,
    seed: int | np.random.Generator | None = None,
    dropna: bool = False,
    max_distinct: float | None = 0.5,
) -> None:
    r"""Assert that ``A ⊥ B | C`` does *not* hold: in a table by more than `atol`, or rejected by data.

    Parameters
    ----------
    table_or_data : Table, Factorization with tables, or pandas.DataFrame
    statement : Independence or str
        The independence that should fail, such as ``"y ⊥ z | x"``.
    atol : float, default 1e-9
        For a table: the largest gap must exceed `atol`.
    alpha : float, default 0.05
        For data: the assertion passes when the test rejects at `alpha` with
        a p-value that can be trusted (not an unreliable chi-square p-value,
        not an untestable statement).
    method : {"chi2", "g"}, default "chi2"
    permutations : int, "auto" or None, default None
        For data, as in :func:`assert_independent`.
    seed : int or numpy.random.Generator, optional
    dropna : bool, default False
    max_distinct : float or None, default 0.5

    Raises
    ------
    AssertionError
        When the statement holds: the largest gap (at most `atol`) and where
        it is, with both values; for data, the test that cannot reject it.

    See Also
    --------
    assert_independent

    Examples
    --------
    >>> from probtables.testing import assert_dependent
    >>> t = pt.Table.from_dict({(0, 0): 0.5, (1, 1): 0.5}, variables=("x", "y"))
    >>> assert_dependent(t, "x ⊥ y")
    >>> assert_dependent(pt.Table.uniform({"x": [0, 1], "y": [0, 1]}), "x ⊥ y")
    Traceback (most recent call last):
    ...
    AssertionError: expected x ⊥ y to fail, but it holds in p(x, y): |p(x, y) - p(x) p(y)| is at most 0 <= atol=1e-09 (largest at x=0, y=0):
      p(x=0, y=0) = 0.25
      p(x=0) p(y=0) = 0.25
    """
    check_atol(atol, "assert_dependent")
    __tracebackhide__ = True
    op = "assert_dependent"
    s = Independence.coerce(statement)
    if _is_frame(table_or_data):
        options = {
            "method": method,
            "permutations": permutations,
            "seed": seed,
            "dropna": dropna,
            "max_distinct": max_distinct,
        }
        result = _test_data(op, table_or_data, s, alpha, options)
        problem = _cannot_tell(s, result)
        if problem is not None:
            raise AssertionError(f"expected the data to reject {s}, but they cannot: {problem}")
        if not result.rejects(alpha):
            raise AssertionError(
                f"expected the data to reject {s}, but they do not at alpha={alpha:g}: "
                f"{result.statistic:.4g} on {result.dof} degree(s) of freedom, "
                f"p-value {result.p_value:.3g} > {alpha:g}.\n{_indent(str(result))}"
            )
        return
    table = _as_table(table_or_data, op)
    check = check_independence(table, s, atol=atol)
    if check.holds:
        cond = [v for v in check.where if v not in s.left and v not in s.right]
        raise AssertionError(
            f"expected {s} to fail, but it holds in {table.notation}: {_gap_formula(s, cond)} is at most "
            f"{check.gap:.3g} <= atol={atol:g} (largest at {check.where_text}):\n{_indent(check.evidence())}"
        )


# --------------------------------------------------------------------------- structure


def assert_implies(structure: Factorization | str | nx.DiGraph, statement: Independence | str) -> None:
    """Assert that a structure implies ``A ⊥ B | C`` (by d-separation).

    Parameters
    ----------
    structure : Factorization, str or networkx.DiGraph
        Such as ``"p(z)p(y)p(x|y,z)"``.
    statement : Independence or str

    Raises
    ------
    AssertionError
        When it is not implied: an active trail, with the role (chain, fork,
        collider) of each node on it and why it lets the trail through.

    See Also
    --------
    assert_not_implies, probtables.dag.explain

    Examples
    --------
    >>> from probtables.testing import assert_implies
    >>> assert_implies("p(z)p(y)p(x|y,z)", "y ⊥ z")
    >>> assert_implies("p(x)p(y|x)p(z|y)", "x ⊥ z")
    Traceback (most recent call last):
    ...
    AssertionError: p(x)p(y | x)p(z | y) does not imply x ⊥ z.
    x ⊥ z does not hold: the trail x -> y -> z is active when nothing is observed.
      - y is a chain node and is not observed, so the trail is active at y.
    """
    __tracebackhide__ = True
    f = as_structure(structure, "assert_implies")
    explanation = f.explain(statement)
    if not explanation.holds:
        raise AssertionError(f"{f} does not imply {explanation.statement}.\n{explanation}")


def assert_not_implies(
    structure: Factorization | str | nx.DiGraph, statement: Independence | str
) -> None:
    """Assert that a structure does *not* imply ``A ⊥ B | C``.

    Raises
    ------
    AssertionError
        When it is implied: every trail between the two sides, and where each
        is blocked.

    See Also
    --------
    assert_implies

    Examples
    --------
    >>> from probtables.testing import assert_not_implies
    >>> assert_not_implies("p(z)p(y)p(x|y,z)", "y ⊥ z | x")
    >>> assert_not_implies("p(z)p(y)p(x|y,z)", "y ⊥ z")
    Traceback (most recent call last):
    ...
    AssertionError: p(z)p(y)p(x | y, z) implies y ⊥ z, but it should not.
    y ⊥ z holds: every trail between y and z is blocked when nothing is observed.
      - y -> x <- z is blocked at x: a collider that is not observed and has no observed descendant.
    """
    __tracebackhide__ = True
    f = as_structure(structure, "assert_not_implies")
    explanation = f.explain(statement)
    if explanation.holds:
        raise AssertionError(f"{f} implies {explanation.statement}, but it should not.\n{explanation}")


# --------------------------------------------------------------------------- factorization


def assert_factorizes(
    table: Table | Factorization,
    structure: Factorization | str | nx.DiGraph,
    *,
    atol: float = DEFAULT_ATOL,
) -> None:
    r"""Assert that a table equals the product of a structure's terms computed from it.

    The terms :math:`p(v \mid \mathrm{pa}(v))` are computed from `table`
    (:meth:`Table.factorize`), multiplied, and compared with `table` value by
    value.

    Parameters
    ----------
    table : Table or Factorization with tables
    structure : Factorization, str or networkx.DiGraph
        Over the table's variables (see :meth:`Table.factorize`).
    atol : float, default 1e-9
        The largest allowed difference of a probability.

    Raises
    ------
    AssertionError
        Shows the assignment where the product is furthest from the table,
        each term's value there, and the independencies the structure implies
        (local ones) that fail in the table.
    StructureError
        If the structure does not fit the table's variables.

    See Also
    --------
    probtables.Table.satisfies, probtables.check.is_imap

    Examples
    --------
    >>> from probtables.testing import assert_factorizes
    >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> assert_factorizes(t, "p(x)p(y|x)")
    >>> assert_factorizes(t, "p(x)p(y)")
    Traceback (most recent call last):
    ...
    AssertionError: p(x, y) does not factorize as p(x)p(y): the product of the terms differs from the table by up to 0.02 (atol=1e-09), most at x=0, y=0:
      p(x=0, y=0) = 0.1
      p(x=0) p(y=0) = 0.3 × 0.4 = 0.12
    The structure implies 1 statement that fails in the table:
      x ⊥ y fails: the largest gap, 0.02, is at x=0, y=0: p(x=0, y=0) = 0.1 but p(x=0) p(y=0) = 0.12
    """
    check_atol(atol, "assert_factorizes")
    __tracebackhide__ = True
    op = "assert_factorizes"
    t = _as_table(table, op)
    f = as_structure(structure, op)
    terms = t.factorize(f).terms
    try:
        product: Table | None = Factorization(terms).joint()
        undefined = ""
    except ProductError as error:  # a term is undefined where the earlier ones put mass
        product, undefined = None, str(error)
    if product is None:
        lines = [
            f"{t.notation} does not factorize as {f}: the product of the terms is not a distribution: {undefined}"
        ]
    else:
        rows, _, largest = _differences(t, product, atol, 1)
        if largest <= atol:
            return
        where, left, right = rows[0]  # largest > atol, so there is a row
        shown_left, shown_right = format_pair(left, right)
        labels = " ".join(probability_text(term.head, term.given, where) for term in terms)
        if len(terms) > 1:
            factors = " × ".join(
                f"{_term_value(term.table, where):.6g}" for term in terms if term.table is not None
            )
            labels = f"{labels} = {factors}"
        lines = [
            f"{t.notation} does not factorize as {f}: the product of the terms differs from the table "
            f"by up to {largest:.3g} (atol={atol:g}), most at {assignment_text(t.variables, where)}:",
            f"  p({assignment_text(t.variables, where)}) = {shown_left}",
            f"  {labels} = {shown_right}",
        ]
    report = independence_report(t, f, atol=atol, kind="local")
    failures = report.failures
    if failures:
        n = len(failures)
        plural = ("s", "") if n != 1 else ("", "s")
        lines.append(
            f"The structure implies {n} statement{plural[0]} that fail{plural[1]} in the table:"
        )
        lines += [f"  {row}" for row in failures[:_SHOW_FAILURES]]
        if n > _SHOW_FAILURES:
            lines.append(
                f"  ... and {n - _SHOW_FAILURES} more (probtables.check.independence_report lists them)."
            )
    raise AssertionError("\n".join(lines))


def _term_value(table: Table, where: dict[str, Any]) -> float:
    try:
        return float(table.p(**{v: where[v] for v in table.variables}))
    except ProbTablesError:  # a conditioning assignment of probability zero, left out of the table
        return float("nan")


# --------------------------------------------------------------------------- two tables


def _differences(
    a: Table, b: Table, atol: float, show: int
) -> tuple[list[tuple[dict[str, Any], float, float]], int, float]:
    """The `show` largest differences ``(assignment, a value, b value)``, how many exceed `atol`, the largest.

    `a` and `b` have the same variables and state sets (possibly in different orders).
    """
    names = list(a.variables)
    states = a.states
    position = {v: {s: i for i, s in enumerate(states[v])} for v in names}

    def codes(t: Table) -> pd.DataFrame:
        frame = t.frame
        out = {}
        for v in names:
            mapping = np.array([position[v][s] for s in t.states[v]], dtype=np.int64)
            out[v] = mapping[frame[v].cat.codes.to_numpy()]
        out["p"] = frame["p"].to_numpy(dtype=np.float64)
        return pd.DataFrame(out)

    merged = codes(a).merge(codes(b), on=names, how="outer", suffixes=("_left", "_right"))
    merged[["p_left", "p_right"]] = merged[["p_left", "p_right"]].fillna(0.0)
    if merged.empty:
        return [], 0, 0.0
    diff = (merged["p_left"] - merged["p_right"]).abs().to_numpy()
    largest = float(diff.max())
    n_diff = int((diff > atol).sum())
    order = np.argsort(-diff, kind="stable")[: max(show, 0)]
    rows: list[tuple[dict[str, Any], float, float]] = []
    for i in order:
        if diff[i] <= atol and rows:
            break
        row = merged.iloc[int(i)]
        where = {v: states[v][int(row[v])] for v in names}
        rows.append((where, float(row["p_left"]), float(row["p_right"])))
    return rows, n_diff, largest


def assert_tables_close(
    a: Table | Factorization, b: Table | Factorization, *, atol: float = DEFAULT_ATOL
) -> None:
    """Assert that two tables are the same distribution, value by value within `atol`.

    Names, given variables, evidence and state sets must agree (variable,
    state and row order do not matter; a missing row counts as 0).

    Parameters
    ----------
    a, b : Table or Factorization with tables
    atol : float, default 1e-9

    Raises
    ------
    AssertionError
        Lists what differs: first the variables, the given variables, the
        evidence and the state lists; if those agree, how many values differ
        and the largest differences (assignment, left value, right value).

    See Also
    --------
    probtables.Table.equals

    Examples
    --------
    >>> from probtables.testing import assert_tables_close
    >>> a = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> assert_tables_close(a, a.marginal("x") * a.condition("x"))
    >>> assert_tables_close(a, pt.Table.uniform({"x": [0, 1], "y": [0, 1]}))
    Traceback (most recent call last):
    ...
    AssertionError: p(x, y) and p(x, y) differ in 4 of 4 assignments, by up to 0.15 (atol=1e-09); the largest differences:
      x  y  left  right  difference
      1  1  0.4   0.25   0.15
      0  0  0.1   0.25   -0.15
      0  1  0.2   0.25   -0.05
      1  0  0.3   0.25   0.05
    >>> assert_tables_close(a, pt.Table.uniform({"x": [0, 1], "z": [0, 1]}))
    Traceback (most recent call last):
    ...
    AssertionError: p(x, y) and p(x, z) are not over the same variables:
      variables: ('y',) only on the left, ('z',) only on the right
    """
    check_atol(atol, "assert_tables_close")
    __tracebackhide__ = True
    op = "assert_tables_close"
    left, right = _as_table(a, op), _as_table(b, op)
    problems = []
    va, vb = set(left.variables), set(right.variables)
    if va != vb:
        only_a = tuple(v for v in left.variables if v not in vb)
        only_b = tuple(v for v in right.variables if v not in va)
        parts = []
        if only_a:
            parts.append(f"{only_a!r} only on the left")
        if only_b:
            parts.append(f"{only_b!r} only on the right")
        problems.append(f"variables: {', '.join(parts)}")
    if set(left.given) != set(right.given):
        problems.append(f"given: {left.given!r} on the left, {right.given!r} on the right")
    if left.evidence != right.evidence:
        problems.append(f"evidence: {left.evidence!r} on the left, {right.evidence!r} on the right")
    for v in left.variables:
        if v in vb and set(left.states[v]) != set(right.states[v]):
            problems.append(
                f"states of {v!r}: {left.states[v]!r} on the left, {right.states[v]!r} on the right"
            )
    if problems:
        what = "are not over the same variables" if va != vb else "do not have the same shape"
        raise AssertionError(
            f"{left.notation} and {right.notation} {what}:\n" + "\n".join(f"  {p}" for p in problems)
        )
    rows, n_diff, largest = _differences(left, right, atol, _SHOW)
    if largest <= atol:
        return
    names = list(left.variables)
    total = prod(len(s) for s in left.states.values())
    cells = []
    for where, x, y in rows:
        shown_x, shown_y = format_pair(x, y)
        cells.append([show_value(where[v]) for v in names] + [shown_x, shown_y, f"{x - y:.3g}"])
    header = names + ["left", "right", "difference"]
    lines = [
        f"{left.notation} and {right.notation} differ in {n_diff} of {total} assignments, "
        f"by up to {largest:.3g} (atol={atol:g}); the largest differences:"
    ]
    lines += text_table(header, cells)
    raise AssertionError("\n".join(lines))


# --------------------------------------------------------------------------- Hypothesis strategies


def _names(n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return list(letters[:n]) if n <= len(letters) else [f"v{i}" for i in range(n)]


def _check_range(op: str, low_name: str, low: int, high_name: str, high: int, floor: int) -> None:
    if low < floor:
        raise InvalidParameterError(f"{op}(): {low_name} must be at least {floor}, got {low}")
    if high < low:
        raise InvalidParameterError(f"{op}(): {high_name}={high} is below {low_name}={low}")


_DRAWN_CELLS = 256  # arrays up to this size are drawn cell by cell (and shrink well)


def _weights(draw: Any, shape: Sequence[int], head_axes: int, allow_zeros: bool) -> np.ndarray:
    """Positive weights of `shape`, normalized over the last `head_axes` axes (a conditional table)."""
    from hypothesis import strategies as st

    cells = prod(shape)
    if cells <= _DRAWN_CELLS:
        low = 0.0 if allow_zeros else 0.01
        values = np.array(
            draw(st.lists(st.floats(low, 1.0), min_size=cells, max_size=cells)), dtype=np.float64
        )
    else:
        seed = draw(st.integers(0, 2**32 - 1))
        values = np.random.default_rng(seed).gamma(
            1.0, size=cells
        )  # Dirichlet(1, ..., 1) once normalized
        if allow_zeros:
            values[np.random.default_rng(seed + 1).random(cells) < 0.2] = 0.0
    values = values.reshape(shape)
    axes = tuple(range(len(shape) - head_axes, len(shape)))
    totals = values.sum(axis=axes, keepdims=True)
    empty = totals == 0
    if empty.any():  # every block needs some mass: put it on the block's first cell
        first = (Ellipsis,) + (0,) * head_axes
        values[first] = np.where(empty[first], 1.0, values[first])
        totals = values.sum(axis=axes, keepdims=True)
    return values / totals


def tables(
    min_vars: int = 2,
    max_vars: int = 5,
    max_states: int = 3,
    conditional: bool = False,
    *,
    min_states: int = 2,
    allow_zeros: bool = False,
) -> SearchStrategy[Table]:
    """A Hypothesis strategy for random tables with variables ``a``, ``b``, ... and states ``0, 1, ...``.

    Parameters
    ----------
    min_vars, max_vars : int, default 2 and 5
        How many variables.
    max_states : int, default 3
        The most states of a variable (each has between `min_states` and `max_states`).
    conditional : bool, default False
        Draw a conditional table ``p(head | given)`` with at least one variable
        on each side (needs ``max_vars >= 2``).
    min_states : int, default 2
    allow_zeros : bool, default False
        Allow probabilities that are exactly zero; by default every
        probability is positive.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Table
        Small tables (up to 256 cells) are drawn value by value and shrink to
        simple numbers; larger ones come from a Dirichlet(1, ..., 1) draw
        seeded by Hypothesis.

    Examples
    --------
    >>> from hypothesis import given
    >>> from probtables.testing import tables
    >>> @given(tables(max_vars=3))
    ... def test_marginals_sum_to_one(t):
    ...     assert abs(t.marginal(t.variables[0]).frame["p"].sum() - 1) < 1e-9
    >>> test_marginals_sum_to_one()
    """
    from hypothesis import strategies as st

    op = "tables"
    _check_range(op, "min_vars", min_vars, "max_vars", max_vars, 1)
    _check_range(op, "min_states", min_states, "max_states", max_states, 1)
    if conditional and max_vars < 2:
        raise InvalidParameterError(f"{op}(): a conditional table needs max_vars >= 2, got {max_vars}")

    @st.composite
    def build(draw: Any) -> Table:
        n = draw(st.integers(max(min_vars, 2 if conditional else 1), max_vars))
        names = _names(n)
        cards = [draw(st.integers(min_states, max_states)) for _ in names]
        n_given = draw(st.integers(1, n - 1)) if conditional else 0
        given = sorted(draw(st.permutations(names))[:n_given])
        order = [v for v in names if v in given] + [v for v in names if v not in given]
        shape = [cards[names.index(v)] for v in order]
        values = _weights(draw, shape, n - n_given, allow_zeros)
        array = np.transpose(values, [order.index(v) for v in names])
        states = {v: list(range(k)) for v, k in zip(names, cards)}
        return Table.from_array(array, states=states, given=given)

    return build()


def dags(min_nodes: int = 1, max_nodes: int = 6) -> SearchStrategy[nx.DiGraph]:
    """A Hypothesis strategy for random DAGs (``networkx.DiGraph``) on nodes ``a``, ``b``, ...

    Each edge of a random ordering of the nodes is present or not, so every
    DAG on the nodes can be drawn; it shrinks towards the empty graph.

    Parameters
    ----------
    min_nodes, max_nodes : int, default 1 and 6

    Returns
    -------
    hypothesis.strategies.SearchStrategy of networkx.DiGraph
        Nodes added in name order; ``pt.Factorization.from_dag(g)`` turns one
        into a structure.

    Examples
    --------
    >>> import networkx as nx
    >>> from hypothesis import given
    >>> from probtables.testing import dags
    >>> @given(dags(max_nodes=5))
    ... def test_acyclic(g):
    ...     assert nx.is_directed_acyclic_graph(g)
    >>> test_acyclic()
    """
    from hypothesis import strategies as st

    _check_range("dags", "min_nodes", min_nodes, "max_nodes", max_nodes, 1)

    @st.composite
    def build(draw: Any) -> nx.DiGraph:
        n = draw(st.integers(min_nodes, max_nodes))
        names = _names(n)
        order = draw(st.permutations(names))
        graph: nx.DiGraph = nx.DiGraph()
        graph.add_nodes_from(names)
        for j in range(n):
            for i in range(j):
                if draw(st.booleans()):
                    graph.add_edge(order[i], order[j])
        return graph

    return build()


def factorizations(
    min_nodes: int = 1,
    max_nodes: int = 5,
    max_states: int = 3,
    *,
    min_states: int = 2,
    allow_zeros: bool = False,
) -> SearchStrategy[Factorization]:
    """A Hypothesis strategy for factorizations with random tables: a random DAG, one table per node.

    Parameters
    ----------
    min_nodes, max_nodes : int, default 1 and 5
    max_states : int, default 3
    min_states : int, default 2
    allow_zeros : bool, default False

    Returns
    -------
    hypothesis.strategies.SearchStrategy of Factorization
        ``Factorization.from_dag(g)`` with a table ``p(v | parents)`` on each term;
        ``.joint()`` is the distribution.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from probtables.testing import factorizations
    >>> @settings(max_examples=10)
    ... @given(factorizations(max_nodes=4))
    ... def test_local_markov(f):
    ...     assert pt.check.is_imap(f.joint(), f)
    >>> test_local_markov()
    """
    from hypothesis import strategies as st

    _check_range("factorizations", "min_states", min_states, "max_states", max_states, 1)

    @st.composite
    def build(draw: Any) -> Factorization:
        graph = draw(dags(min_nodes, max_nodes))
        structure = Factorization.from_dag(graph)
        cards = {v: draw(st.integers(min_states, max_states)) for v in graph.nodes}
        tables_ = []
        for term in structure.terms:
            names = list(term.given) + list(term.head)
            shape = [cards[v] for v in names]
            values = _weights(draw, shape, len(term.head), allow_zeros)
            states = {v: list(range(cards[v])) for v in names}
            tables_.append(Table.from_array(values, states=states, given=term.given))
        return structure.with_tables(tables_)

    return build()
