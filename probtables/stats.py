r"""Statistical tests of conditional independence on samples.

A factorization such as ``p(z)p(x|z)p(y|z)`` claims ``x ⊥ y | z``; a table of
observations can be asked whether it agrees. This module turns a statement
``X ⊥ Y | Z`` into the classical stratified test of independence in a
contingency table and returns its statistic, degrees of freedom and p-value.

The test
--------
Count the observations in the three-way table :math:`O_{sxy}`, where
:math:`s` runs over the observed assignments of :math:`Z` (the *strata*) and
:math:`x`, :math:`y` over the values of :math:`X` and :math:`Y` (a side with
several variables is one joint variable). Under :math:`X \perp Y \mid Z` the
expected counts are

.. math:: E_{sxy} = \frac{O_{sx\cdot}\, O_{s\cdot y}}{O_{s\cdot\cdot}},

and two statistics measure the distance between :math:`O` and :math:`E`:

* the G-test (log-likelihood ratio, ``method="g"``, the default)
  :math:`G = 2 \sum O \ln(O / E)`, over the cells with :math:`O > 0`;
* Pearson's chi-square (``method="chi2"``)
  :math:`X^2 = \sum (O - E)^2 / E`, over the cells with :math:`E > 0`.

Both are summed over the strata and compared with a chi-square distribution
whose degrees of freedom are summed over the strata too, as
:math:`\sum_s (r_s - 1)(c_s - 1)`, where :math:`r_s` and :math:`c_s` count the
values of :math:`X` and :math:`Y` actually observed in stratum :math:`s`. So
an empty stratum, or a value never seen within a stratum, contributes no
degree of freedom: this is the "adjusted" degrees of freedom of bnlearn and
similar tools, and it keeps the test from becoming conservative when the
conditioning set is large and the table sparse.

Testing many statements at once (all the independencies a structure implies)
calls for a correction for multiple testing: :func:`adjust_pvalues` provides
Holm's step-down method (family-wise error) and Benjamini–Hochberg's step-up
method (false discovery rate), and :func:`test_independencies` applies one.

scipy is needed for the p-values only, and is imported on first use.

Examples
--------
Data drawn so that ``x`` and ``y`` both depend on ``z`` and on nothing else:

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> z = rng.integers(0, 2, 2000)
>>> data = pd.DataFrame({"z": z,
...                      "x": (rng.random(2000) < 0.2 + 0.6 * z).astype(int),
...                      "y": (rng.random(2000) < 0.7 - 0.5 * z).astype(int)})
>>> pt.independence_test(data, "x ⊥ y").rejects(0.05)       # dependent...
True
>>> pt.independence_test(data, "x ⊥ y | z").rejects(0.05)   # ...but not given z
False

References
----------
.. [1] A. Agresti, *Categorical Data Analysis*, 3rd ed., Wiley, 2013,
   sections 3.2 (G² and X²) and 6.3 (stratified tables).
.. [2] M. Scutari, "Learning Bayesian networks with the bnlearn R package",
   *Journal of Statistical Software* 35(3), 2010 (adjusted degrees of freedom).
.. [3] S. Holm, "A simple sequentially rejective multiple test procedure",
   *Scandinavian Journal of Statistics* 6(2), 65–70, 1979.
.. [4] Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate",
   *Journal of the Royal Statistical Society B* 57(1), 289–300, 1995.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from probtables import _kernels as K
from probtables._encoding import encode_column, frequency_weights
from probtables.errors import (
    DataError,
    ProbTablesError,
    UnknownVariableError,
    did_you_mean,
)
from probtables.independence import Independence

__all__ = [
    "IndependenceTestResult",
    "independence_test",
    "test_independencies",
    "adjust_pvalues",
    "InvalidParameterError",
    "UnknownMethodError",
]

StatementLike = Independence | str

#: test method -> (long name used in ``str()``, symbol of the statistic)
_METHODS: dict[str, tuple[str, str]] = {
    "g": ("G-test", "G"),
    "chi2": ("Pearson chi-square test", "X²"),
}
_ADJUSTMENTS = ("holm", "bh")
_SHOW = 5  # offending rows shown in a message

# A dense (strata, |X|, |Y|) array is used while it has at most this many cells
# (and at most four cells per observation, when there are more than this many).
_DENSE_MIN_LIMIT = 1 << 16
_DENSE_MAX_LIMIT = 1 << 23


class InvalidParameterError(ProbTablesError, ValueError):
    """An option of a statistical test outside its allowed values (such as ``alpha``)."""


class UnknownMethodError(InvalidParameterError):
    """An unknown ``method`` or ``adjust`` name; the message lists the choices."""


# --------------------------------------------------------------------------
# the result


@dataclass(frozen=True)
class IndependenceTestResult:
    r"""The outcome of a test of ``X ⊥ Y | Z`` on data.

    Attributes
    ----------
    statement : Independence
        The statement tested.
    method : str
        ``"g"`` (G-test) or ``"chi2"`` (Pearson chi-square).
    statistic : float
        :math:`G` or :math:`X^2`, summed over the strata of the conditioning set.
    dof : int
        Degrees of freedom, :math:`\sum_s (r_s - 1)(c_s - 1)` over the strata,
        counting only the values observed in each stratum.
    p_value : float
        Chi-square survival function of ``statistic`` at ``dof``; 1.0 when
        ``dof`` is 0.
    n : int or float
        Number of observations (rows), or the total weight when weights were given.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"x": [0, 0, 1, 1] * 10, "y": [0, 1, 0, 1] * 10})
    >>> result = pt.independence_test(data, "x ⊥ y")
    >>> print(result)
    G-test of x ⊥ y: G = 0.00, dof = 1, p = 1 (n = 40)
    >>> result.rejects(0.05)
    False
    """

    statement: Independence
    method: str
    statistic: float
    dof: int
    p_value: float
    n: int | float

    def rejects(self, alpha: float = 0.05) -> bool:
        """Whether the test rejects independence at level ``alpha`` (``p_value <= alpha``).

        Parameters
        ----------
        alpha : float, default 0.05
            Significance level, in (0, 1].

        Returns
        -------
        bool

        Raises
        ------
        InvalidParameterError
            If ``alpha`` is not in (0, 1].

        Examples
        --------
        >>> import pandas as pd
        >>> data = pd.DataFrame({"x": [0, 1] * 20, "y": [0, 1] * 20})
        >>> pt.independence_test(data, "x ⊥ y").rejects(0.01)
        True
        """
        return bool(self.p_value <= _check_alpha(alpha, "rejects()"))

    def __str__(self) -> str:
        name, symbol = _METHODS[self.method]
        n = f"{self.n:g}" if isinstance(self.n, float) else str(self.n)
        return (
            f"{name} of {self.statement}: {symbol} = {self.statistic:.2f}, "
            f"dof = {self.dof}, p = {self.p_value:.3g} (n = {n})"
        )


# --------------------------------------------------------------------------
# public functions


def independence_test(
    data: pd.DataFrame,
    statement: StatementLike,
    method: str = "g",
    *,
    weights: str | Sequence[float] | np.ndarray | pd.Series | None = None,
) -> IndependenceTestResult:
    r"""Test a conditional independence ``X ⊥ Y | Z`` on samples.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation, one column per variable, of any dtype
        (categorical, integer, string, boolean, ...). Columns not named by the
        statement are ignored; the used ones must have no missing values.
    statement : Independence or str
        The statement, such as ``"y ⊥ z | x"`` (also ``"y _||_ z | x"`` and
        ``"y indep z given x"``). A side with several variables is treated as
        one joint variable.
    method : {"g", "chi2"}, default "g"
        The G-test (log-likelihood ratio) or Pearson's chi-square test.
    weights : str or array-like, optional
        Frequency weights: the name of a column of ``data``, or one
        non-negative finite number per row, taken in row order. A row of
        weight 3 counts as three identical observations.

    Returns
    -------
    IndependenceTestResult
        With ``statistic``, ``dof``, ``p_value``, ``n`` and ``rejects(alpha)``.

    Raises
    ------
    UnknownVariableError
        If the statement names a variable that is not a column of ``data``.
    DataError
        If ``data`` has no rows, a used column has missing values, or the
        weights are not non-negative finite numbers (one per row).
    UnknownMethodError
        If ``method`` is not ``"g"`` or ``"chi2"``.

    See Also
    --------
    test_independencies : Many statements at once, with a multiple-testing correction.

    Notes
    -----
    The statistic is summed over the strata (observed assignments of ``Z``) and
    its degrees of freedom are :math:`\sum_s (r_s - 1)(c_s - 1)`, where
    :math:`r_s` and :math:`c_s` count the values of ``X`` and ``Y`` observed
    in stratum :math:`s`: empty strata and unobserved values contribute
    nothing (the "adjusted" degrees of freedom of bnlearn). When the degrees
    of freedom are 0 the data cannot speak against independence and the
    p-value is 1.0. Categories of a categorical column that never occur are
    ignored, and so is their order. The chi-square approximation needs
    enough observations per cell; with very sparse tables the p-values are
    only indicative.

    The counts are built with a mixed-radix key of integer codes and one
    ``numpy.bincount``, as a dense array of shape (strata, |X|, |Y|), or,
    when that array would be much larger than the data, from the observed
    cells only.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"x": list("aabb") * 25, "y": [0, 1, 1, 1] * 25})
    >>> result = pt.independence_test(data, "x ⊥ y")
    >>> result.dof, round(result.statistic, 2), f"{result.p_value:.2e}"
    (1, 43.15, '5.06e-11')
    >>> pt.independence_test(data, "x ⊥ y", method="chi2").statistic
    33.333...
    """
    where = "independence_test()"
    _check_method(method, where)
    stmt = Independence.coerce(statement)
    frame = _check_frame(data, where)
    _check_variables(frame, [stmt], where)
    w = _weights(frame, weights, where)
    columns = _encode_columns(frame, _used_variables([stmt]), where)
    return _run_test(columns, stmt, method, w, len(frame))


def test_independencies(
    data: pd.DataFrame,
    statements: Iterable[StatementLike] | StatementLike,
    *,
    method: str = "g",
    adjust: str | None = "holm",
    alpha: float = 0.05,
    weights: str | Sequence[float] | np.ndarray | pd.Series | None = None,
) -> pd.DataFrame:
    """Test several independence statements on the same data, with a correction.

    Every statement is checked against the data before any test runs, and each
    column is encoded once for all the statements.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation, one column per variable.
    statements : iterable of Independence or str
        The statements, for example those a structure implies (a single
        statement is accepted too).
    method : {"g", "chi2"}, default "g"
        The test, as in :func:`independence_test`.
    adjust : {"holm", "bh"} or None, default "holm"
        Multiple-testing correction (see :func:`adjust_pvalues`); ``None``
        leaves the p-values as they are.
    alpha : float, default 0.05
        Level at which ``rejected`` is decided, on the adjusted p-values.
    weights : str or array-like, optional
        Frequency weights, as in :func:`independence_test`.

    Returns
    -------
    pandas.DataFrame
        One row per statement, in the given order, with columns ``statement``
        (str), ``statistic``, ``dof``, ``p_value``, ``p_adjusted`` and
        ``rejected`` (``p_adjusted <= alpha``).

    Raises
    ------
    UnknownVariableError, DataError
        As :func:`independence_test`.
    UnknownMethodError
        If ``method`` or ``adjust`` is not one of the choices.
    InvalidParameterError
        If ``alpha`` is not in (0, 1].

    See Also
    --------
    independence_test : One statement, with the full result.
    adjust_pvalues : The corrections.

    Notes
    -----
    pytest collects functions named ``test_*``; this one is marked
    ``__test__ = False`` so that importing it into a test module is harmless.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> x = np.array([0, 1] * 50)
    >>> flip = np.arange(100) % 5 == 0               # y copies x, except every fifth row
    >>> data = pd.DataFrame({"x": x, "y": x ^ flip, "z": [0, 0, 1, 1] * 25})
    >>> table = pt.stats.test_independencies(data, ["x ⊥ y", "x ⊥ z", "y ⊥ z | x"])
    >>> table[["statement", "dof", "rejected"]]
       statement  dof  rejected
    0      x ⊥ y    1      True
    1      x ⊥ z    1     False
    2  y ⊥ z | x    2     False
    """
    where = "test_independencies()"
    _check_method(method, where)
    if adjust is not None:
        _check_adjust(adjust, where)
    _check_alpha(alpha, where)
    if isinstance(statements, (str, Independence)):
        statements = [statements]
    stmts = [Independence.coerce(s) for s in statements]
    frame = _check_frame(data, where)
    _check_variables(frame, stmts, where)
    w = _weights(frame, weights, where)
    columns = _encode_columns(frame, _used_variables(stmts), where)
    results = [_run_test(columns, s, method, w, len(frame)) for s in stmts]
    p_values = np.array([r.p_value for r in results], dtype=float)
    p_adjusted = p_values.copy() if adjust is None else adjust_pvalues(p_values, adjust)
    return pd.DataFrame(
        {
            "statement": pd.Series([str(s) for s in stmts], dtype=object),
            "statistic": np.array([r.statistic for r in results], dtype=float),
            "dof": np.array([r.dof for r in results], dtype=np.int64),
            "p_value": p_values,
            "p_adjusted": p_adjusted,
            "rejected": p_adjusted <= alpha,
        }
    )


test_independencies.__test__ = False  # type: ignore[attr-defined]


def adjust_pvalues(p_values: Iterable[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    r"""Adjust p-values for multiple testing (Holm or Benjamini–Hochberg).

    Parameters
    ----------
    p_values : array-like of float
        One-dimensional, each in [0, 1].
    method : {"holm", "bh"}, default "holm"
        ``"holm"``: Holm's step-down method, which controls the family-wise
        error rate; ``"bh"``: Benjamini–Hochberg's step-up method, which
        controls the false discovery rate (for independent or positively
        dependent tests).

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, float64, in the input order. Rejecting where
        ``adjusted <= alpha`` carries out the procedure at level ``alpha``.

    Raises
    ------
    DataError
        If the p-values are not a one-dimensional array of numbers in [0, 1].
    UnknownMethodError
        If ``method`` is not ``"holm"`` or ``"bh"``.

    Notes
    -----
    With the p-values sorted, :math:`p_{(1)} \le \dots \le p_{(m)}`,

    * Holm: :math:`\tilde p_{(i)} = \max_{j \le i} \min\{1, (m - j + 1)\, p_{(j)}\}`;
    * BH: :math:`\tilde p_{(i)} = \min_{j \ge i} \min\{1, m\, p_{(j)} / j\}`.

    Both are monotone in the p-values, never below them, and at most 1.
    Computed with one sort and a cumulative maximum (or minimum).

    Examples
    --------
    >>> from probtables.stats import adjust_pvalues
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.20])
    array([0.04, 0.09, 0.09, 0.2 ])
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.20], method="bh")
    array([0.04      , 0.05333333, 0.05333333, 0.2       ])
    """
    where = "adjust_pvalues()"
    _check_adjust(method, where)
    p = _check_pvalues(p_values, where)
    m = p.size
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    if method == "holm":
        scaled = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:
        # p * (m / rank), not m * p / rank: the factor is >= 1, so rounding never drops below p
        scaled = np.minimum.accumulate((ranked * (m / np.arange(1, m + 1)))[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(scaled, 1.0)
    return adjusted


# --------------------------------------------------------------------------
# checking the inputs


def _check_method(method: object, where: str) -> None:
    if method not in _METHODS:
        raise UnknownMethodError(f"{where}: unknown method {method!r}; choose one of {tuple(_METHODS)}.")


def _check_adjust(adjust: object, where: str) -> None:
    if adjust not in _ADJUSTMENTS:
        raise UnknownMethodError(
            f"{where}: unknown adjustment {adjust!r}; choose one of {_ADJUSTMENTS}."
        )


def _check_alpha(alpha: object, where: str) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.number)):
        raise InvalidParameterError(f"{where}: alpha must be a number in (0, 1]; got {alpha!r}.")
    if not 0.0 < float(alpha) <= 1.0:
        raise InvalidParameterError(f"{where}: alpha must be in (0, 1]; got {alpha!r}.")
    return float(alpha)


def _check_pvalues(p_values: object, where: str) -> np.ndarray:
    try:
        p = np.asarray(p_values, dtype=float)
    except (TypeError, ValueError):
        raise DataError(f"{where}: p-values must be numbers; got {p_values!r}.") from None
    if p.ndim != 1:
        raise DataError(f"{where}: p-values must be one-dimensional; got shape {p.shape}.")
    bad = np.flatnonzero(~((p >= 0.0) & (p <= 1.0)))
    if bad.size:
        shown = ", ".join(repr(float(v)) for v in p[bad[:_SHOW]])
        raise DataError(
            f"{where}: p-values must lie in [0, 1]; got {shown} at positions {bad[:_SHOW].tolist()}."
        )
    return p


def _check_frame(data: object, where: str) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise DataError(
            f"{where}: data must be a pandas DataFrame (one row per observation); "
            f"got {type(data).__name__}."
        )
    if len(data) == 0:
        raise DataError(f"{where}: the data has no rows (columns: {list(data.columns)!r}).")
    return data


def _used_variables(statements: Iterable[Independence]) -> list[str]:
    names: set[str] = set()
    for s in statements:
        names |= s.left | s.right | s.given
    return sorted(names)


def _check_variables(frame: pd.DataFrame, statements: Sequence[Independence], where: str) -> None:
    columns = list(frame.columns)
    present = set(columns)
    for stmt in statements:
        missing = sorted(set(_used_variables([stmt])) - present)
        if not missing:
            continue
        hint = ""
        if len(missing) == 1:
            strings = [c for c in columns if isinstance(c, str)]
            hint = did_you_mean(missing[0], strings)
        noun = "variable" if len(missing) == 1 else "variables"
        listed = repr(missing[0]) if len(missing) == 1 else repr(tuple(missing))
        raise UnknownVariableError(
            f"{where}: unknown {noun} {listed} in {stmt}; the data has columns {tuple(columns)!r}.{hint}"
        )
    duplicated = frame.columns[frame.columns.duplicated()]
    clash = sorted(set(duplicated) & set(_used_variables(statements)), key=str)
    if clash:
        raise DataError(f"{where}: the data has several columns named {clash[0]!r}.")


def _weights(frame: pd.DataFrame, weights: object, where: str) -> np.ndarray | None:
    """Validated frequency weights as float64, or None (the path estimation uses too)."""
    w = frequency_weights(frame, weights, op=where.removesuffix("()"))
    if w is not None and not w.sum() > 0:
        raise DataError(f"{where}: the weights sum to zero; there is nothing to test.")
    return w


# --------------------------------------------------------------------------
# integer codes


def _encode_columns(
    frame: pd.DataFrame, names: Iterable[str], where: str
) -> dict[str, tuple[np.ndarray, int]]:
    """Integer codes (0..k-1, not all need occur) and the bound k of each named column."""
    return {name: _encode(frame, name, where) for name in names}


def _encode(frame: pd.DataFrame, name: str, where: str) -> tuple[np.ndarray, int]:
    """Codes of one column and their number of states; a missing value raises, showing its rows."""
    codes, states = encode_column(frame[name], name, op=where.removesuffix("()"))
    return codes.astype(np.int64, copy=False), len(states)


def _compress(key: np.ndarray) -> tuple[np.ndarray, int]:
    """Renumber the values of ``key`` as 0..k-1 (order of first appearance)."""
    codes, uniques = pd.factorize(key)
    return codes.astype(np.int64, copy=False), len(uniques)


def _joint_codes(parts: Sequence[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, int]:
    """Codes of the joint variable of several columns, by a mixed-radix key.

    The key (:func:`probtables._kernels.combine_codes`) is renumbered densely
    at the end if it has more possible values than there are rows.
    """
    key, radix = K.combine_codes([codes for codes, _ in parts], [size for _, size in parts], n)
    if radix > n:
        key, radix = _compress(key)
    return key, radix


# --------------------------------------------------------------------------
# the kernel


def _run_test(
    columns: Mapping[str, tuple[np.ndarray, int]],
    stmt: Independence,
    method: str,
    weights: np.ndarray | None,
    n_rows: int,
) -> IndependenceTestResult:
    def side(names: frozenset[str]) -> tuple[np.ndarray, int]:
        return _joint_codes([columns[v] for v in sorted(names)], n_rows)

    (x, r), (y, c), (s, k) = side(stmt.left), side(stmt.right), side(stmt.given)
    observed, expected, dof = _cells(s, k, x, r, y, c, weights)
    total = float(weights.sum()) if weights is not None else n_rows
    statistic = _statistic(method, observed, expected, float(total))
    return IndependenceTestResult(
        statement=stmt,
        method=method,
        statistic=statistic,
        dof=dof,
        p_value=_p_value(statistic, dof),
        n=total,
    )


def _cells(
    s: np.ndarray,
    k: int,
    x: np.ndarray,
    r: int,
    y: np.ndarray,
    c: int,
    weights: np.ndarray | None,
    *,
    dense: bool | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Observed and expected counts of the non-empty cells, and the degrees of freedom.

    ``s``, ``x``, ``y`` are codes in ``range(k)``, ``range(r)``, ``range(c)``.
    ``dense=None`` chooses the dense path while the array stays small.
    """
    if dense is None:
        limit = min(max(_DENSE_MIN_LIMIT, 4 * s.size), _DENSE_MAX_LIMIT)
        dense = k * r * c <= limit
    if dense:
        return _cells_dense(s, k, x, r, y, c, weights)
    return _cells_sparse(s, k, x, r, y, c, weights)


def _bincount(codes: np.ndarray, weights: np.ndarray | None, size: int = 0) -> np.ndarray:
    return np.bincount(codes, weights=weights, minlength=size).astype(np.float64, copy=False)


def _dof(rows_per_stratum: np.ndarray, columns_per_stratum: np.ndarray) -> int:
    r = np.clip(rows_per_stratum - 1, 0, None)
    c = np.clip(columns_per_stratum - 1, 0, None)
    return int((r * c).sum())


def _cells_dense(
    s: np.ndarray, k: int, x: np.ndarray, r: int, y: np.ndarray, c: int, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """The counts as a dense array of shape (k, r, c): one bincount, then margins."""
    key = s * r
    key += x
    key *= c
    key += y
    table = _bincount(key, weights, k * r * c).reshape(k, r, c)
    n_sx = table.sum(axis=2)
    n_sy = table.sum(axis=1)
    n_s = n_sx.sum(axis=1)
    dof = _dof((n_sx > 0).sum(axis=1), (n_sy > 0).sum(axis=1))
    si, xi, yi = np.nonzero(table)
    observed = table[si, xi, yi]
    expected = n_sx[si, xi] * n_sy[si, yi] / n_s[si]
    return observed, expected, dof


def _cells_sparse(
    s: np.ndarray, k: int, x: np.ndarray, r: int, y: np.ndarray, c: int, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """The counts of the observed (stratum, x), (stratum, y) and (stratum, x, y) only.

    ``_joint_codes`` keeps every code below the row count, so these keys fit in 64 bits.
    """
    sx, n_pairs_x = _compress(s * r + x)
    sy, n_pairs_y = _compress(s * c + y)
    cell, n_cells = _compress(sx * c + y)
    n_s = _bincount(s, weights, k)
    n_sx = _bincount(sx, weights, n_pairs_x)
    n_sy = _bincount(sy, weights, n_pairs_y)
    table = _bincount(cell, weights, n_cells)
    # Scatter: which stratum / pair each pair or cell belongs to.
    stratum_of_sx = np.empty(n_pairs_x, dtype=np.int64)
    stratum_of_sx[sx] = s
    stratum_of_sy = np.empty(n_pairs_y, dtype=np.int64)
    stratum_of_sy[sy] = s
    cell_sx = np.empty(n_cells, dtype=np.int64)
    cell_sx[cell] = sx
    cell_sy = np.empty(n_cells, dtype=np.int64)
    cell_sy[cell] = sy
    dof = _dof(
        np.bincount(stratum_of_sx, weights=n_sx > 0, minlength=k),
        np.bincount(stratum_of_sy, weights=n_sy > 0, minlength=k),
    )
    kept = table > 0
    observed = table[kept]
    cell_sx, cell_sy = cell_sx[kept], cell_sy[kept]
    expected = n_sx[cell_sx] * n_sy[cell_sy] / n_s[stratum_of_sx[cell_sx]]
    return observed, expected, dof


def _statistic(method: str, observed: np.ndarray, expected: np.ndarray, total: float) -> float:
    r"""G or X² from the cells with :math:`O > 0`.

    For X² the empty cells contribute their expected counts, whose sum is the
    total minus the expected counts of the non-empty cells.
    """
    if method == "g":
        value = 2.0 * float(np.sum(observed * np.log(observed / expected)))
    else:
        value = float(np.sum((observed - expected) ** 2 / expected))
        value += total - float(np.sum(expected))
    return max(value, 0.0)


def _p_value(statistic: float, dof: int) -> float:
    if dof == 0:
        return 1.0
    from scipy.stats import chi2  # scipy is needed for p-values only

    return float(chi2.sf(statistic, dof))
