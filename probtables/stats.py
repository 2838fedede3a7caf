r"""Statistical tests of conditional independence on samples, that say when they cannot be trusted.

A factorization such as ``p(z)p(x|z)p(y|z)`` claims ``x ⊥ y | z``; a table of
observations can be asked whether it agrees. This module turns a statement
``X ⊥ Y | Z`` into the classical stratified test of independence in a
contingency table and returns its statistic, degrees of freedom and p-value,
together with what is needed to read them: whether the chi-square
approximation can be used, and how likely the test was to detect a
dependence at all.

The statistic
-------------
Count the observations in the three-way table :math:`O_{sxy}`, where
:math:`s` runs over the observed assignments of :math:`Z` (the *strata*) and
:math:`x`, :math:`y` over the values of :math:`X` and :math:`Y` (a side with
several variables is one joint variable). Under :math:`X \perp Y \mid Z` the
expected counts are

.. math:: E_{sxy} = \frac{O_{sx\cdot}\, O_{s\cdot y}}{O_{s\cdot\cdot}},

and two statistics measure the distance between :math:`O` and :math:`E`:

* Pearson's chi-square (``method="chi2"``, the default)
  :math:`X^2 = \sum (O - E)^2 / E`, over the cells with :math:`E > 0`;
* the G-test (log-likelihood ratio, ``method="g"``)
  :math:`G = 2 \sum O \ln(O / E) = 2\,n\,\hat I(X; Y \mid Z)`, over the cells with :math:`O > 0`.

Both are summed over the strata, with degrees of freedom
:math:`\sum_s (r_s - 1)(c_s - 1)`, where :math:`r_s` and :math:`c_s` count the
values of :math:`X` and :math:`Y` actually observed in stratum :math:`s` (an
empty stratum, or a value never seen within a stratum, contributes no degree
of freedom: the "adjusted" degrees of freedom of bnlearn [2]_).

The default rule, and why
-------------------------
On sparse tables the G statistic is biased upwards: with ``x`` a fair coin and
``y`` uniform over 500 values, 2,000 independent rows, the G-test with these
degrees of freedom rejects at the 5 % level in almost every repetition, Pearson's
statistic in about 2 %. So the default is Pearson's statistic, and its
chi-square p-value is used only when the approximation is *reliable* by
Cochran's rule [1]_: over the cells of the strata that carry degrees of
freedom, no expected count below 1 and at most 20 % below 5. Otherwise
(``permutations="auto"``, the default) the p-value is a Monte Carlo one from
:data:`AUTO_PERMUTATIONS` conditional permutations, which holds its level
whatever the counts. A test with 0 degrees of freedom is *untestable*: the
data cannot speak against independence, and its p-value of 1 means nothing.

The conditional permutation test
--------------------------------
Under :math:`X \perp Y \mid Z`, permuting the values of :math:`Y` among the
rows of each stratum leaves the distribution of the data unchanged. The
permuted table of a stratum is then a random table with the observed margins
(multivariate hypergeometric), which is drawn directly with Patefield's
algorithm (``scipy.stats.random_table``) instead of shuffling rows: the cost
grows with the table, not with the rows. With :math:`B` permutations and
:math:`b` of them giving a statistic at least the observed one, the p-value is
:math:`(b + 1) / (B + 1)` [3]_, never 0, and a valid level-:math:`\alpha` test.

Power
-----
A non-rejection says something only when the test could have rejected. Each
result carries the power, at its ``alpha``, against a dependence of Cohen's
effect size :math:`w` (``effect_size``, default :data:`DEFAULT_EFFECT_SIZE`,
Cohen's "medium" 0.3; 0.1 is "small", 0.5 "large" [4]_): the probability that a
noncentral chi-square with the test's degrees of freedom and noncentrality
:math:`n w^2` exceeds the critical value. Below :data:`POWER_THRESHOLD` (0.8)
a result says so in words.

Each result has a ``status``: ``"rejected"``, ``"not rejected"``,
``"unreliable"`` (asymptotic p-value that cannot be used, no permutations) or
``"untestable"`` (0 degrees of freedom), with a ``reason``.

Testing many statements at once (all the independencies a structure implies)
calls for a correction for multiple testing: :func:`adjust_pvalues` provides
Holm's step-down method (family-wise error) and Benjamini–Hochberg's step-up
method (false discovery rate), and :func:`test_independencies` applies one to
the statements that could be tested.

scipy is needed for p-values, power and permutations, and is imported on first use.

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
>>> result = pt.independence_test(data, "x ⊥ y | z")         # ...but not given z
>>> result.status, result.reliable, round(result.power, 3)
('not rejected', True, 1.0)

References
----------
.. [1] A. Agresti, *Categorical Data Analysis*, 3rd ed., Wiley, 2013,
   sections 3.2 (G² and X², Cochran's rule) and 6.3 (stratified tables).
.. [2] M. Scutari, "Learning Bayesian networks with the bnlearn R package",
   *Journal of Statistical Software* 35(3), 2010 (adjusted degrees of freedom).
.. [3] B. V. North, D. Curtis and P. C. Sham, "A note on the calculation of
   empirical P values from Monte Carlo procedures", *American Journal of Human
   Genetics* 71(2), 439–441, 2002.
.. [4] J. Cohen, *Statistical Power Analysis for the Behavioral Sciences*,
   2nd ed., Erlbaum, 1988, chapter 7 (the effect size w).
.. [5] W. M. Patefield, "An efficient method of generating random R × C
   tables with given row and column totals", *Applied Statistics* 30(1),
   91–97, 1981.
.. [6] S. Holm, "A simple sequentially rejective multiple test procedure",
   *Scandinavian Journal of Statistics* 6(2), 65–70, 1979.
.. [7] Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate",
   *Journal of the Royal Statistical Society B* 57(1), 289–300, 1995.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from probtables import _kernels
from probtables.datachecks import DEFAULT_MAX_DISTINCT, check_discrete, missing_values_error
from probtables.errors import (
    DataError,
    InvalidParameterError,
    UnknownMethodError,
    UnknownVariableError,
    did_you_mean,
)
from probtables.independence import Independence

__all__ = [
    "IndependenceTestResult",
    "independence_test",
    "test_independencies",
    "results_frame",
    "adjust_pvalues",
    "InvalidParameterError",
    "UnknownMethodError",
    "DEFAULT_EFFECT_SIZE",
    "POWER_THRESHOLD",
    "AUTO_PERMUTATIONS",
    "STATUSES",
]

StatementLike = Independence | str
Permutations = int | str | None

#: Cohen's w used for the power of a test unless ``effect_size=`` says otherwise ("medium").
DEFAULT_EFFECT_SIZE = 0.3
#: A test whose power is below this is reported as having low power.
POWER_THRESHOLD = 0.8
#: Permutations drawn by ``permutations="auto"`` when the chi-square approximation is unreliable.
AUTO_PERMUTATIONS = 999
#: The four outcomes of a test, as in ``IndependenceTestResult.status``.
STATUSES = ("rejected", "not rejected", "unreliable", "untestable")

#: test method -> (long name used in ``str()``, symbol of the statistic)
_METHODS: dict[str, tuple[str, str]] = {
    "g": ("G-test", "G"),
    "chi2": ("Pearson chi-square test", "X²"),
}
_ADJUSTMENTS = ("holm", "bh")
_SHOW = 5  # offending rows shown in a message
# Cochran's rule: no expected count below _COCHRAN_MIN, at most _COCHRAN_SHARE of them below _COCHRAN_SMALL
_COCHRAN_MIN = 1.0
_COCHRAN_SMALL = 5.0
_COCHRAN_SHARE = 0.2
_PERMUTATION_CELLS = 1 << 22  # permuted cells held at once (permutations x cells of a stratum)
_STOP_AFTER = (
    20  # with permutations="auto", stop once this many permuted statistics reach the observed one
)
_FIRST_BATCH = 64  # permutations drawn in the first batch (then doubling)

# A dense (strata, |X|, |Y|) array is used while it has at most this many cells
# (and at most four cells per observation, when there are more than this many).
_DENSE_MIN_LIMIT = 1 << 16
_DENSE_MAX_LIMIT = 1 << 23


# --------------------------------------------------------------------------
# the result


@dataclass(frozen=True)
class IndependenceTestResult:
    r"""The outcome of a test of ``X ⊥ Y | Z`` on data, with what is needed to trust it.

    Attributes
    ----------
    statement : Independence
        The statement tested.
    method : str
        ``"chi2"`` (Pearson chi-square) or ``"g"`` (G-test).
    statistic : float
        :math:`X^2` or :math:`G`, summed over the strata of the conditioning set.
    dof : int
        Degrees of freedom, :math:`\sum_s (r_s - 1)(c_s - 1)` over the strata,
        counting only the values observed in each stratum.
    p_value : float
        The p-value used: from the permutations when there were some, else the
        chi-square one (``p_asymptotic``); 1.0 when ``dof`` is 0.
    n : int or float
        Number of observations used (rows), or their total weight when weights were given.
    p_asymptotic : float
        Chi-square survival function of ``statistic`` at ``dof``.
    permutations : int
        Number of conditional permutations behind ``p_value`` (0: asymptotic).
    reliable : bool
        Whether the chi-square p-value can be used: ``dof > 0`` and Cochran's
        rule holds (no expected count below 1, at most 20 % below 5, over the
        cells of the strata that carry degrees of freedom).
    min_expected : float
        The smallest expected count over those cells (NaN when there are none).
    share_below_5 : float
        The share of those cells with an expected count below 5.
    cells : int
        How many cells that is.
    rows : int
        Rows used (after ``dropna``).
    rows_dropped : int
        Rows dropped for a missing value in the statement's columns (``dropna=True``).
    strata : int
        Observed assignments of the conditioning set (1 when it is empty).
    alpha : float
        The level of the test (used by ``status``, ``rejects()`` and the power).
    effect_size : float
        Cohen's w at which ``power`` is computed.
    power : float
        Probability of rejecting at ``alpha`` when the dependence has effect
        size ``effect_size`` (noncentral chi-square, noncentrality :math:`n w^2`); 0 when ``dof`` is 0.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"x": [0, 0, 1, 1] * 50, "y": [0, 1, 0, 1] * 50})
    >>> result = pt.independence_test(data, "x ⊥ y")
    >>> print(result)
    Pearson chi-square test of x ⊥ y: X² = 0.00, dof = 1, p = 1 (n = 200)
    >>> result.status, result.rejects()
    ('not rejected', False)
    >>> print(pt.independence_test(data.head(20), "x ⊥ y"))
    Pearson chi-square test of x ⊥ y: X² = 0.00, dof = 1, p = 1 (n = 20)
      low power: 0.27 to detect a dependence of size w = 0.3 at alpha = 0.05 (80% wanted); not rejecting says little. More rows (or fewer states) would help.
    """

    statement: Independence
    method: str
    statistic: float
    dof: int
    p_value: float
    n: int | float
    p_asymptotic: float = math.nan
    permutations: int = 0
    reliable: bool = True
    min_expected: float = math.nan
    share_below_5: float = 0.0
    cells: int = 0
    rows: int = 0
    rows_dropped: int = 0
    strata: int = 0
    alpha: float = 0.05
    effect_size: float = DEFAULT_EFFECT_SIZE
    power: float = math.nan

    def rejects(self, alpha: float | None = None) -> bool:
        """Whether the test rejects independence at level ``alpha`` (``p_value <= alpha``).

        Parameters
        ----------
        alpha : float, optional
            Significance level, in (0, 1]; the test's own ``alpha`` by default.

        Returns
        -------
        bool
            Also True or False when the status is ``"unreliable"``: look at
            ``status`` before trusting it.

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
        level = self.alpha if alpha is None else _check_alpha(alpha, "rejects()")
        return bool(self.p_value <= level)

    @property
    def status(self) -> str:
        """``"untestable"`` (dof 0), ``"unreliable"`` (asymptotic p-value that cannot be used),
        else ``"rejected"`` or ``"not rejected"`` at ``alpha``."""
        if self.dof == 0:
            return "untestable"
        if not self.reliable and self.permutations == 0:
            return "unreliable"
        return "rejected" if self.p_value <= self.alpha else "not rejected"

    @property
    def low_power(self) -> bool:
        """Whether ``power`` is below :data:`POWER_THRESHOLD` (0.8)."""
        return bool(not self.power >= POWER_THRESHOLD)

    @property
    def reason(self) -> str:
        """Why the status is what it is, in one sentence (with the numbers)."""
        status = self.status
        if status == "untestable":
            return _untestable_reason(self)
        if status == "unreliable":
            return _unreliable_reason(self) + "; pass permutations= for a Monte Carlo p-value"
        how = (
            f"p = {self.p_value:.3g} from {self.permutations} permutations"
            if self.permutations
            else (f"p = {self.p_value:.3g}")
        )
        relation = "<=" if status == "rejected" else ">"
        text = f"{how} {relation} alpha = {self.alpha:g}"
        if status == "not rejected" and self.low_power:
            text += f", but the power to detect w = {self.effect_size:g} is only {self.power:.2f}"
        return text

    def __str__(self) -> str:
        name, symbol = _METHODS[self.method]
        n = f"{self.n:g}" if isinstance(self.n, float) else str(self.n)
        how = f" from {self.permutations} permutations" if self.permutations else ""
        lines = [
            f"{name} of {self.statement}: {symbol} = {self.statistic:.2f}, "
            f"dof = {self.dof}, p = {self.p_value:.3g}{how} (n = {n})"
        ]
        status = self.status
        if status == "untestable":
            lines.append(f"  untestable: {_untestable_reason(self)}; the p-value of 1 means nothing.")
        elif status == "unreliable":
            lines.append(
                f"  unreliable: {_unreliable_reason(self)}. Pass permutations=999 for a p-value that "
                "holds, or use more rows or fewer states."
            )
        elif not self.reliable:
            lines.append(
                f"  the chi-square approximation is unreliable here ({_unreliable_reason(self)}), "
                "so the p-value is from permutations."
            )
        if status in ("not rejected", "unreliable") and self.low_power:
            lines.append(
                f"  low power: {self.power:.2f} to detect a dependence of size w = {self.effect_size:g} "
                f"at alpha = {self.alpha:g} ({POWER_THRESHOLD:.0%} wanted); not rejecting says little. "
                "More rows (or fewer states) would help."
            )
        if self.rows_dropped:
            lines.append(f"  {self.rows_dropped} row(s) with missing values dropped (dropna=True).")
        return "\n".join(lines)


def _adjusted_reason(r: IndependenceTestResult, adjusted: float, rejected: bool, alpha: float) -> str:
    how = f"p = {r.p_value:.3g}" + (f" from {r.permutations} permutations" if r.permutations else "")
    relation = "<=" if rejected else ">"
    text = f"{how}, adjusted {adjusted:.3g} {relation} alpha = {alpha:g}"
    if not rejected and r.low_power:
        text += f", but the power to detect w = {r.effect_size:g} is only {r.power:.2f}"
    return text


def _untestable_reason(r: IndependenceTestResult) -> str:
    if r.rows == 0:
        return "no complete rows left"
    given = f" of {', '.join(sorted(r.statement.given))}" if r.statement.given else ""
    return (
        f"0 degrees of freedom: in every one of the {r.strata} observed stratum/strata{given}, "
        f"{_side(r.statement.left)} or {_side(r.statement.right)} takes a single value "
        f"({r.rows} rows)"
    )


def _side(names: frozenset[str]) -> str:
    return ", ".join(sorted(names))


def _unreliable_reason(r: IndependenceTestResult) -> str:
    return (
        f"the chi-square approximation needs larger expected counts: the smallest is "
        f"{r.min_expected:.2g} and {r.share_below_5:.0%} of {r.cells} cells are below 5 "
        "(Cochran's rule: none below 1, at most 20% below 5)"
    )


# --------------------------------------------------------------------------
# public functions


def independence_test(
    data: pd.DataFrame,
    statement: StatementLike,
    method: str = "chi2",
    *,
    weights: str | Sequence[float] | np.ndarray | pd.Series | None = None,
    permutations: Permutations = "auto",
    seed: int | np.random.Generator | None = None,
    alpha: float = 0.05,
    effect_size: float = DEFAULT_EFFECT_SIZE,
    dropna: bool = False,
    max_distinct: float | None = DEFAULT_MAX_DISTINCT,
) -> IndependenceTestResult:
    r"""Test a conditional independence ``X ⊥ Y | Z`` on samples, and say whether the answer can be trusted.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation, one column per variable, of any dtype
        (categorical, integer, string, boolean, ...). Columns not named by the
        statement are ignored.
    statement : Independence or str
        The statement, such as ``"y ⊥ z | x"`` (also ``"y _||_ z | x"`` and
        ``"y indep z given x"``). A side with several variables is treated as
        one joint variable.
    method : {"chi2", "g"}, default "chi2"
        Pearson's chi-square statistic or the G statistic (log-likelihood ratio).
    weights : str or array-like, optional
        Frequency weights: the name of a column of ``data``, or one
        non-negative finite number per row, taken in row order. A row of
        weight 3 counts as three identical observations (permutations need
        whole numbers).
    permutations : int, "auto" or None, default "auto"
        ``"auto"``: the chi-square p-value when it is reliable (Cochran's
        rule), else a Monte Carlo p-value from :data:`AUTO_PERMUTATIONS`
        conditional permutations. An int ``N``: always ``N`` permutations.
        ``None`` (or 0): always the chi-square p-value, with status
        ``"unreliable"`` when it cannot be used.
    seed : int or numpy.random.Generator, optional
        For the permutations.
    alpha : float, default 0.05
        Level of the test: decides ``status``, ``rejects()`` and ``power``.
    effect_size : float, default 0.3
        Cohen's w at which ``power`` is computed.
    dropna : bool, default False
        Drop the rows with a missing value in the statement's columns (their
        number is ``rows_dropped``); without it, missing values raise.
    max_distinct : float or None, default 0.5
        A used column with more distinct values than this share of the rows
        (and more than 20) is refused as not discrete
        (:mod:`probtables.datachecks`); None accepts any column.

    Returns
    -------
    IndependenceTestResult
        With ``statistic``, ``dof``, ``p_value``, ``status``, ``reason``,
        ``reliable``, ``min_expected``, ``share_below_5``, ``power``, ``rows``,
        ``strata`` and ``rejects(alpha)``.

    Raises
    ------
    UnknownVariableError
        If the statement names a variable that is not a column of ``data``.
    MissingDataError
        If a used column has missing values and ``dropna`` is False (every such column is named).
    NotDiscreteError
        If a used column has too many distinct values (see ``max_distinct``).
    DataError
        If ``data`` has no rows or the weights are not non-negative finite
        numbers (one per row), or whole numbers when permutations are drawn.
    UnknownMethodError, InvalidParameterError
        For a bad ``method``, ``alpha``, ``effect_size`` or ``permutations``.

    See Also
    --------
    test_independencies : Many statements at once, with a multiple-testing correction.
    probtables.information.mutual_information : :math:`G / (2n)`, the plug-in mutual information.

    Notes
    -----
    The default is Pearson's statistic with the adjusted degrees of freedom
    and, when Cochran's rule fails, a conditional permutation p-value (see the
    module notes for why). This holds its level on sparse tables: a true
    statement is rejected in about ``alpha`` of repetitions or fewer.
    Categories of a categorical column that never occur are ignored, and so
    is their order.

    The counts are built with a mixed-radix key of integer codes and one
    ``numpy.bincount``, as a dense array of shape (strata, |X|, |Y|), or,
    when that array would be much larger than the data, from the observed
    cells only.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"x": list("aabb") * 25, "y": [0, 1, 1, 1] * 25})
    >>> result = pt.independence_test(data, "x ⊥ y")
    >>> result.dof, round(result.statistic, 2), f"{result.p_value:.2e}", result.status
    (1, 33.33, '7.76e-09', 'rejected')
    >>> pt.independence_test(data, "x ⊥ y", method="g").statistic
    43.15...

    On 12 rows the chi-square approximation is unreliable; permutations give a p-value that holds:

    >>> small = data.head(12)
    >>> pt.independence_test(small, "x ⊥ y", permutations=None).status
    'unreliable'
    >>> pt.independence_test(small, "x ⊥ y", permutations=999, seed=0).permutations
    999
    """
    where = "independence_test()"
    _check_method(method, where)
    _check_alpha(alpha, where)
    _check_effect_size(effect_size, where)
    _check_permutations(permutations, where)
    stmt = Independence.coerce(statement)
    frame, w, columns, missing = _prepare(data, [stmt], weights, max_distinct, dropna, where)
    rng = np.random.default_rng(seed)
    options = _Options(method, alpha, effect_size, permutations, rng, where)
    return _run_test(columns, missing, stmt, w, len(frame), options)


def test_independencies(
    data: pd.DataFrame,
    statements: Iterable[StatementLike] | StatementLike,
    *,
    method: str = "chi2",
    adjust: str | None = "holm",
    alpha: float = 0.05,
    weights: str | Sequence[float] | np.ndarray | pd.Series | None = None,
    permutations: Permutations = "auto",
    seed: int | np.random.Generator | None = None,
    effect_size: float = DEFAULT_EFFECT_SIZE,
    dropna: bool = False,
    max_distinct: float | None = DEFAULT_MAX_DISTINCT,
    progress: Callable[[int], object] | None = None,
) -> pd.DataFrame:
    """Test several independence statements on the same data, with a correction and a status each.

    Every statement is checked against the data before any test runs, and each
    column is encoded once for all the statements.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation, one column per variable.
    statements : iterable of Independence or str
        The statements, for example those a structure implies (a single
        statement is accepted too).
    method : {"chi2", "g"}, default "chi2"
        The statistic, as in :func:`independence_test`.
    adjust : {"holm", "bh"} or None, default "holm"
        Multiple-testing correction (see :func:`adjust_pvalues`) over the
        statements that could be tested; ``None`` leaves the p-values as they are.
    alpha : float, default 0.05
        Level at which ``rejected`` is decided, on the adjusted p-values.
    weights : str or array-like, optional
        Frequency weights, as in :func:`independence_test`.
    permutations : int, "auto" or None, default "auto"
        As in :func:`independence_test`; with ``"auto"`` and a correction over
        ``m`` statements, at least :math:`2m/\\alpha` permutations are drawn, so
        that a permutation p-value can pass the corrected threshold.
    seed : int or numpy.random.Generator, optional
        For the permutations.
    effect_size : float, default 0.3
        Cohen's w for the ``power`` column.
    dropna : bool, default False
        Drop, per statement, the rows with a missing value in its columns
        (counted in ``rows_dropped``).
    max_distinct : float or None, default 0.5
        As in :func:`independence_test`.
    progress : callable, optional
        Called with 1 after each statement is tested (for a progress bar).

    Returns
    -------
    pandas.DataFrame
        One row per statement, in the given order, with columns ``statement``
        (str), ``statistic``, ``dof``, ``p_value``, ``p_adjusted``,
        ``rejected`` (``p_adjusted <= alpha``), ``status`` (``"rejected"``,
        ``"not rejected"``, ``"unreliable"`` or ``"untestable"``), ``reason``,
        ``power``, ``permutations``, ``min_expected``, ``rows`` and
        ``rows_dropped``. Untestable and unreliable statements take no part in
        the correction: their ``p_adjusted`` is NaN and they are never
        ``rejected``.

    Raises
    ------
    UnknownVariableError, MissingDataError, NotDiscreteError, DataError
        As :func:`independence_test`.
    UnknownMethodError
        If ``method`` or ``adjust`` is not one of the choices.
    InvalidParameterError
        If ``alpha`` is not in (0, 1], or another option is out of range.

    See Also
    --------
    independence_test : One statement, with the full result.
    adjust_pvalues : The corrections.
    probtables.check.check_data : The statements a structure implies, tested on data.

    Notes
    -----
    pytest collects functions named ``test_*``; this one is marked
    ``__test__ = False`` so that importing it into a test module is harmless.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> x = np.array([0, 1] * 50)
    >>> flip = np.arange(100) % 5 == 0               # y copies x, except every fifth row
    >>> data = pd.DataFrame({"x": x, "y": x ^ flip, "z": [0, 0, 1, 1] * 25, "w": 1 - x})
    >>> table = pt.stats.test_independencies(data, ["x ⊥ y", "x ⊥ z", "y ⊥ z | x", "w ⊥ y | x"])
    >>> table[["statement", "dof", "status"]]
       statement  dof        status
    0      x ⊥ y    1      rejected
    1      x ⊥ z    1  not rejected
    2  y ⊥ z | x    2  not rejected
    3  w ⊥ y | x    0    untestable
    """
    where = "test_independencies()"
    _check_method(method, where)
    if adjust is not None:
        _check_adjust(adjust, where)
    _check_alpha(alpha, where)
    _check_effect_size(effect_size, where)
    _check_permutations(permutations, where)
    if isinstance(statements, (str, Independence)):
        statements = [statements]
    stmts = [Independence.coerce(s) for s in statements]
    frame, w, columns, missing = _prepare(data, stmts, weights, max_distinct, dropna, where)
    auto_count = AUTO_PERMUTATIONS
    if adjust is not None and stmts:
        auto_count = max(AUTO_PERMUTATIONS, math.ceil(2 * len(stmts) / alpha) - 1)
    rng = np.random.default_rng(seed)
    options = _Options(method, alpha, effect_size, permutations, rng, where, auto_count)
    results = []
    for stmt in stmts:
        results.append(_run_test(columns, missing, stmt, w, len(frame), options))
        if progress is not None:
            progress(1)
    return results_frame(results, adjust=adjust, alpha=alpha)


test_independencies.__test__ = False  # type: ignore[attr-defined]


def results_frame(
    results: Sequence[IndependenceTestResult], *, adjust: str | None = "holm", alpha: float = 0.05
) -> pd.DataFrame:
    """The table of :func:`test_independencies` from its results: correction over the testable ones.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"x": [0, 1] * 20, "y": [0, 1] * 20, "z": [0, 0, 1, 1] * 10})
    >>> results = [pt.independence_test(data, s) for s in ["x ⊥ y", "x ⊥ z"]]
    >>> pt.stats.results_frame(results)["rejected"].tolist()
    [True, False]
    """
    if adjust is not None:
        _check_adjust(adjust, "results_frame()")
    p_values = np.array([r.p_value for r in results], dtype=float)
    status = [r.status for r in results]
    tested = np.array([s in ("rejected", "not rejected") for s in status], dtype=bool)
    p_adjusted = np.full(len(results), np.nan)
    if tested.any():
        chosen = p_values[tested]
        p_adjusted[tested] = chosen if adjust is None else adjust_pvalues(chosen, adjust)
    rejected = tested & (np.nan_to_num(p_adjusted, nan=2.0) <= alpha)
    status = [
        ("rejected" if rejected[i] else "not rejected") if tested[i] else s for i, s in enumerate(status)
    ]
    reasons = [
        _adjusted_reason(r, float(p_adjusted[i]), bool(rejected[i]), alpha)
        if tested[i] and adjust is not None
        else r.reason
        for i, r in enumerate(results)
    ]
    return pd.DataFrame(
        {
            "statement": [str(r.statement) for r in results],
            "statistic": np.array([r.statistic for r in results], dtype=float),
            "dof": np.array([r.dof for r in results], dtype=np.int64),
            "p_value": p_values,
            "p_adjusted": p_adjusted,
            "rejected": rejected,
            "status": status,
            "reason": reasons,
            "power": np.array([r.power for r in results], dtype=float),
            "permutations": np.array([r.permutations for r in results], dtype=np.int64),
            "min_expected": np.array([r.min_expected for r in results], dtype=float),
            "rows": np.array([r.rows for r in results], dtype=np.int64),
            "rows_dropped": np.array([r.rows_dropped for r in results], dtype=np.int64),
        }
    )


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


def _where_rows(frame: pd.DataFrame, mask: np.ndarray) -> tuple[int, list[Any]]:
    """How many rows ``mask`` selects, and the labels of (up to) the first five."""
    return int(mask.sum()), frame.index[mask][:_SHOW].tolist()


def _weights(frame: pd.DataFrame, weights: object, where: str) -> np.ndarray | None:
    """Validated frequency weights as float64, or None."""
    if weights is None:
        return None
    if isinstance(weights, str):
        if weights not in frame.columns:
            raise UnknownVariableError(
                f"{where}: unknown weights column {weights!r}; the data has columns "
                f"{tuple(frame.columns)!r}."
            )
        weights = frame[weights]
    w = _numeric_weights(weights, where)
    if w.shape != (len(frame),):
        raise DataError(
            f"{where}: weights must hold one number per row ({len(frame)}); got shape {w.shape}."
        )
    bad = ~np.isfinite(w)
    if bad.any():
        count, rows = _where_rows(frame, bad)
        raise DataError(
            f"{where}: weights must be finite; {count} are NaN or infinite, in rows {rows!r}."
        )
    negative = w < 0
    if negative.any():
        count, rows = _where_rows(frame, negative)
        raise DataError(
            f"{where}: weights must be non-negative; {count} are negative, in rows {rows!r}."
        )
    if not w.sum() > 0:
        raise DataError(f"{where}: the weights sum to zero; there is nothing to test.")
    return w


def _numeric_weights(weights: object, where: str) -> np.ndarray:
    if isinstance(weights, pd.Series):
        dtype = weights.dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise DataError(f"{where}: weights must be numbers; got dtype {dtype}.")
        return weights.to_numpy(dtype=np.float64, na_value=np.nan)
    array = np.asarray(weights)
    if array.dtype.kind not in "iuf":
        raise DataError(f"{where}: weights must be numbers; got dtype {array.dtype}.")
    return array.astype(np.float64)


def _check_effect_size(effect_size: object, where: str) -> float:
    if isinstance(effect_size, bool) or not isinstance(effect_size, (int, float, np.number)):
        raise InvalidParameterError(
            f"{where}: effect_size (Cohen's w) must be a positive number; got {effect_size!r}."
        )
    if not 0.0 < float(effect_size) < math.inf:
        raise InvalidParameterError(
            f"{where}: effect_size (Cohen's w) must be positive and finite; got {effect_size!r}."
        )
    return float(effect_size)


def _check_permutations(permutations: object, where: str) -> None:
    if permutations is None or permutations == "auto":
        return
    if (
        isinstance(permutations, bool)
        or not isinstance(permutations, (int, np.integer))
        or int(permutations) < 0
    ):
        raise InvalidParameterError(
            f"{where}: permutations must be a whole number >= 0, 'auto' or None; got {permutations!r}."
        )


def _prepare(
    data: Any,
    stmts: Sequence[Independence],
    weights: Any,
    max_distinct: Any,
    dropna: bool,
    where: str,
) -> tuple[pd.DataFrame, np.ndarray | None, dict[str, tuple[np.ndarray, int]], dict[str, np.ndarray]]:
    """The checked frame, weights, codes of the used columns and their missing rows (see
    :func:`_check_missing`): what every test on ``data`` starts from."""
    frame = _check_frame(data, where)
    _check_variables(frame, stmts, where)
    w = _weights(frame, weights, where)
    names = _used_variables(stmts)
    check_discrete(
        frame, names, max_distinct=max_distinct, n=None if w is None else float(w.sum()), where=where
    )
    columns = _encode_columns(frame, names)
    return frame, w, columns, _check_missing(frame, columns, dropna, where)


def _check_missing(
    frame: pd.DataFrame, columns: Mapping[str, tuple[np.ndarray, int]], dropna: bool, where: str
) -> dict[str, np.ndarray]:
    """Refuse missing values (code -1) in the used columns unless ``dropna``, naming every such column.

    Returns the mask of missing rows of each column that has any (none unless ``dropna``).
    """
    if not isinstance(dropna, (bool, np.bool_)):
        raise InvalidParameterError(f"{where}: dropna must be True or False; got {dropna!r}.")
    missing = {name: codes < 0 for name, (codes, _) in columns.items()}
    missing = {name: mask for name, mask in missing.items() if mask.any()}
    if missing and not dropna:
        raise missing_values_error(
            where, [(name, *_where_rows(frame, mask)) for name, mask in missing.items()]
        )
    return missing


# --------------------------------------------------------------------------
# integer codes


def _encode_columns(frame: pd.DataFrame, names: Iterable[str]) -> dict[str, tuple[np.ndarray, int]]:
    """Integer codes (0..k-1, not all need occur; -1 for missing, see :func:`_check_missing`) and
    the bound k of each named column."""
    return {name: _codes(frame[name]) for name in names}


def _codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes (-1 for missing) and an upper bound on them plus one.

    Categoricals give their codes; plain numpy integers and booleans their
    offset from the minimum when the range is small (no hashing); anything
    else goes through ``pandas.factorize``. Codes need not all occur.
    """
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), len(dtype.categories)
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        values = column.to_numpy()
        low, high = int(values.min()), int(values.max())
        if high - low < 2 * values.size and high < 2**63:
            codes = values.astype(np.int64, copy=False)
            return (codes - low if low else codes), high - low + 1
    codes, uniques = pd.factorize(column)
    return codes.astype(np.int64, copy=False), len(uniques)


def _compress(key: np.ndarray) -> tuple[np.ndarray, int]:
    """Renumber the values of ``key`` as 0..k-1 (order of first appearance)."""
    codes, uniques = pd.factorize(key)
    return codes.astype(np.int64, copy=False), len(uniques)


def _joint_codes(parts: Sequence[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, int]:
    """Codes of the joint variable of several columns, by a mixed-radix key.

    The key (:func:`probtables._kernels.combine_codes`) is renumbered densely
    at the end if it has more possible values than there are rows.
    """
    key, radix = _kernels.combine_codes([codes for codes, _ in parts], [size for _, size in parts], n)
    if radix > n:
        key, radix = _compress(key)
    return key, radix


# --------------------------------------------------------------------------
# the kernel


class _Options(NamedTuple):
    method: str
    alpha: float
    effect_size: float
    permutations: Permutations
    rng: np.random.Generator
    where: str
    auto_count: int = AUTO_PERMUTATIONS


class _Margins(NamedTuple):
    """Observed (stratum, x) and (stratum, y) pairs with their counts, and the stratum totals."""

    x_stratum: np.ndarray
    x_count: np.ndarray
    y_stratum: np.ndarray
    y_count: np.ndarray
    n_s: np.ndarray


def _run_test(
    columns: Mapping[str, tuple[np.ndarray, int]],
    missing: Mapping[str, np.ndarray],
    stmt: Independence,
    weights: np.ndarray | None,
    n_rows: int,
    options: _Options,
) -> IndependenceTestResult:
    used = _used_variables([stmt])
    complete = None
    for v in used:
        if v in missing:
            complete = ~missing[v] if complete is None else complete & ~missing[v]
    dropped = 0
    if complete is not None:
        dropped = int(n_rows - complete.sum())
        columns = {v: (columns[v][0][complete], columns[v][1]) for v in used}
        weights = None if weights is None else weights[complete]
        n_rows = n_rows - dropped

    def side(names: frozenset[str]) -> tuple[np.ndarray, int]:
        return _joint_codes([columns[v] for v in sorted(names)], n_rows)

    method = options.method
    common: dict[str, Any] = {
        "statement": stmt,
        "method": method,
        "alpha": options.alpha,
        "effect_size": options.effect_size,
        "rows_dropped": dropped,
    }
    if n_rows == 0:
        return IndependenceTestResult(
            statistic=0.0, dof=0, p_value=1.0, n=0, p_asymptotic=1.0, reliable=False, power=0.0, **common
        )
    (x, r), (y, c), (s, k) = side(stmt.left), side(stmt.right), side(stmt.given)
    observed, expected, dof, margins = _cells(s, k, x, r, y, c, weights)
    total = float(weights.sum()) if weights is not None else n_rows
    statistic = _statistic(method, observed, expected, float(total))
    min_expected, share, cells = _cochran(margins)
    reliable = bool(dof > 0 and min_expected >= _COCHRAN_MIN and share <= _COCHRAN_SHARE + 1e-12)
    p_asymptotic = _p_value(statistic, dof)
    wanted = options.permutations
    count = 0
    if dof > 0 and wanted is not None and wanted != 0:
        count = options.auto_count if wanted == "auto" else int(wanted)
        if wanted == "auto" and reliable:
            count = 0
    p_value = p_asymptotic
    if count:
        p_value, count = _permutation_p_value(
            method,
            statistic,
            margins,
            count,
            options.rng,
            weights,
            options.where,
            sequential=wanted == "auto",
        )
    return IndependenceTestResult(
        statistic=statistic,
        dof=dof,
        p_value=p_value,
        n=total,
        p_asymptotic=p_asymptotic,
        permutations=count,
        reliable=reliable,
        min_expected=min_expected,
        share_below_5=share,
        cells=cells,
        rows=n_rows,
        strata=int((margins.n_s > 0).sum()),
        power=_power(dof, float(total), options.effect_size, options.alpha),
        **common,
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
) -> tuple[np.ndarray, np.ndarray, int, _Margins]:
    """Observed and expected counts of the non-empty cells, the degrees of freedom, and the margins.

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
) -> tuple[np.ndarray, np.ndarray, int, _Margins]:
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
    xs, xv = np.nonzero(n_sx)
    ys, yv = np.nonzero(n_sy)
    margins = _Margins(xs, n_sx[xs, xv], ys, n_sy[ys, yv], n_s)
    return observed, expected, dof, margins


def _cells_sparse(
    s: np.ndarray, k: int, x: np.ndarray, r: int, y: np.ndarray, c: int, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, int, _Margins]:
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
    px, py = n_sx > 0, n_sy > 0
    margins = _Margins(stratum_of_sx[px], n_sx[px], stratum_of_sy[py], n_sy[py], n_s)
    return observed, expected, dof, margins


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


def _power(dof: int, n: float, effect_size: float, alpha: float) -> float:
    r"""Power at level ``alpha`` against Cohen's ``w``: :math:`P(\chi'^2_{dof}(n w^2) > \chi^2_{dof, 1-\alpha})`."""
    if dof == 0:
        return 0.0
    from scipy.stats import chi2, ncx2

    critical = chi2.isf(alpha, dof)
    return float(ncx2.sf(critical, dof, n * effect_size**2))


def _informative(m: _Margins) -> np.ndarray:
    """Mask of the strata with at least two observed values on each side (those with degrees of freedom)."""
    k = m.n_s.size
    rows = np.bincount(m.x_stratum, minlength=k)
    cols = np.bincount(m.y_stratum, minlength=k)
    return (rows >= 2) & (cols >= 2)


def _cochran(m: _Margins) -> tuple[float, float, int]:
    r"""Smallest expected count, share of cells below 5, and the number of cells.

    Over the cells (observed x value, observed y value) of the strata that have
    degrees of freedom; :math:`E = O_{sx\cdot} O_{s\cdot y} / O_{s\cdot\cdot}`.
    Counted from the margins without building the cells: per (stratum, x) pair,
    a binary search among the stratum's sorted y margins.
    """
    keep = _informative(m)
    xs = keep[m.x_stratum]
    ys = keep[m.y_stratum]
    x_stratum, x_count = m.x_stratum[xs], m.x_count[xs]
    y_stratum, y_count = m.y_stratum[ys], m.y_count[ys]
    if x_count.size == 0:
        return math.nan, 0.0, 0
    k = m.n_s.size
    cols_per = np.bincount(y_stratum, minlength=k)
    cells = int(np.bincount(x_stratum, minlength=k) @ cols_per)
    n_s = m.n_s
    big = np.full(k, np.inf)
    min_x = big.copy()
    np.minimum.at(min_x, x_stratum, x_count)
    min_y = big.copy()
    np.minimum.at(min_y, y_stratum, y_count)
    used = np.isfinite(min_x)
    min_expected = float(np.min(min_x[used] * min_y[used] / n_s[used]))
    # cells below 5: for each x pair, the y margins of its stratum below 5 n_s / x_count
    scale = float(y_count.max()) + 2.0
    order = np.lexsort((y_count, y_stratum))
    sorted_keys = y_stratum[order] * scale + y_count[order]
    starts = np.concatenate(([0], np.cumsum(cols_per)[:-1]))
    threshold = np.minimum(_COCHRAN_SMALL * n_s[x_stratum] / x_count, scale - 1.0)
    position = np.searchsorted(sorted_keys, x_stratum * scale + threshold, side="left")
    below = int((position - starts[x_stratum]).sum())
    return min_expected, below / cells, cells


def _permutation_p_value(
    method: str,
    observed_statistic: float,
    m: _Margins,
    count: int,
    rng: np.random.Generator,
    weights: np.ndarray | None,
    where: str,
    *,
    sequential: bool,
) -> tuple[float, int]:
    r"""Monte Carlo p-value of the conditional permutation test, and the permutations drawn.

    Permuting ``y`` within a stratum gives a random table with that stratum's
    margins; Patefield's algorithm draws it directly. Strata without degrees
    of freedom always contribute 0 and are skipped. With :math:`b` of :math:`B`
    permuted statistics at least the observed one, the p-value is
    :math:`(b + 1) / (B + 1)`. With ``sequential``, drawing stops as soon as
    :data:`_STOP_AFTER` permuted statistics reach the observed one, after
    :math:`L` draws, and the p-value is :math:`h / L` (Besag and Clifford's
    sequential Monte Carlo p-value, valid like the fixed-size one): a clear
    non-rejection costs a few dozen draws instead of all of them.
    """
    from scipy.stats import random_table

    if weights is not None and not np.all(weights == np.round(weights)):
        raise DataError(
            f"{where}: permutations need whole-number weights (counts of identical rows); "
            "got fractional ones. Pass permutations=None for the chi-square p-value."
        )
    order_x = np.argsort(m.x_stratum, kind="stable")
    order_y = np.argsort(m.y_stratum, kind="stable")
    xs, xc = m.x_stratum[order_x], m.x_count[order_x]
    ys, yc = m.y_stratum[order_y], m.y_count[order_y]
    x_bounds = np.searchsorted(xs, np.arange(m.n_s.size + 1))
    y_bounds = np.searchsorted(ys, np.arange(m.n_s.size + 1))
    strata = []
    for stratum in np.flatnonzero(_informative(m)):
        rows = np.rint(xc[x_bounds[stratum] : x_bounds[stratum + 1]]).astype(np.int64)
        cols = np.rint(yc[y_bounds[stratum] : y_bounds[stratum + 1]]).astype(np.int64)
        total = float(rows.sum())
        # Patefield's algorithm costs O(cells) a table, Boyett's (a shuffle) O(rows); measured with
        # scipy 1.17, a cell costs about ten times a row
        algorithm = "patefield" if 10 * rows.size * cols.size <= total else "boyett"
        sampler = random_table(rows, cols, seed=rng)
        strata.append((sampler, algorithm, np.outer(rows, cols) / total, total))
    threshold = observed_statistic - 1e-9 * max(1.0, abs(observed_statistic))
    drawn = exceed = 0
    batch = _FIRST_BATCH if sequential else count
    while drawn < count:
        size = min(batch, count - drawn)
        hits = _permuted_statistics(method, strata, size) >= threshold
        if sequential:
            reached = np.flatnonzero(exceed + np.cumsum(hits) >= _STOP_AFTER)
            if reached.size:
                draws = drawn + int(reached[0]) + 1
                return _STOP_AFTER / draws, draws
        exceed += int(hits.sum())
        drawn += size
        batch *= 2
    return (exceed + 1) / (count + 1), count


def _permuted_statistics(
    method: str, strata: Sequence[tuple[Any, str, np.ndarray, float]], size: int
) -> np.ndarray:
    """``size`` statistics of tables drawn with each stratum's margins (summed over the strata)."""
    statistics = np.zeros(size)
    for sampler, algorithm, expected, total in strata:
        step = max(1, _PERMUTATION_CELLS // expected.size)
        for start in range(0, size, step):
            part = min(step, size - start)
            tables = sampler.rvs(size=part, method=algorithm).astype(np.float64)
            if method == "g":
                ratio = np.where(tables > 0, tables / expected, 1.0)  # 0 log 0 = 0
                value = 2.0 * (tables * np.log(ratio)).sum(axis=(1, 2))
            else:
                value = np.einsum("bij,ij->b", tables * tables, 1.0 / expected) - total
            statistics[start : start + part] += value
    return statistics
