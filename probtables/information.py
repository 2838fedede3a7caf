r"""Information measures on tables and on samples: entropy, mutual information, KL divergence.

Concepts
--------
For a distribution :math:`p` of :math:`X` (one variable or several, taken jointly),

.. math::

    H(X) = -\sum_x p(x) \log p(x), \qquad
    H(X \mid Z) = H(X, Z) - H(Z),

    I(X; Y \mid Z) = \sum_{x, y, z} p(x, y, z)
        \log \frac{p(x, y, z)\, p(z)}{p(x, z)\, p(y, z)}
      = H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z),

with :math:`0 \log 0 = 0`. Conditional independence :math:`X \perp Y \mid Z`
is exactly :math:`I(X; Y \mid Z) = 0`, so mutual information measures *how
far* a statement is from holding, where :meth:`Table.independent
<probtables.table.Table.independent>` answers yes or no. For two
distributions over the same variables,

.. math::

    D(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)}, \qquad
    H(p, q) = -\sum_x p(x) \log q(x) = H(p) + D(p \,\|\, q):

the notes' maximum likelihood is the minimization of the cross-entropy of the
model against the empirical distribution. :math:`D(p \| q)` is infinite when
:math:`q(x) = 0` for some :math:`x` with :math:`p(x) > 0` (``math.inf`` is
returned then, and so is the cross-entropy).

Every function takes ``base=``: the logarithm's base (natural log, nats, by
default, like ``scipy.stats.entropy``; 2 gives bits).

On a factorization with tables (a network such as asia), every measure goes
through the inference engine and never builds the joint. The entropy or mutual
information of a few variables comes from their joint posterior,
``f.query("p(x, y, z)")``. The entropy of the whole network, and the
divergence of two networks over the same variables, come from the terms: for
:math:`p(x) = \prod_i p(x_i \mid \mathrm{pa}_i)` and
:math:`q(x) = \prod_j q(h_j \mid \mathrm{pa}_j)`,

.. math::

    E_p[\log q(X)] = \sum_j \sum_{h_j, \mathrm{pa}_j} p(h_j, \mathrm{pa}_j)
        \log q(h_j \mid \mathrm{pa}_j),

which needs only :math:`p`'s marginal over each *family* of :math:`q` (a term's
variables), each computed by one query; then :math:`H(p) = -E_p[\log p(X)]`,
:math:`H(p, q) = -E_p[\log q(X)]` and :math:`D(p \| q) = E_p[\log p(X)] - E_p[\log q(X)]`.
A family whose table would exceed ``max_bytes`` is refused with its size.

On samples, :func:`mutual_information` with a DataFrame and a statement
``"x ⊥ y | z"`` gives the plug-in estimate (the mutual information of the
empirical distribution), which is :math:`G / (2n)` for the G statistic of
:func:`probtables.stats.independence_test`; ``correction="miller-madow"``
adds Miller and Madow's bias correction :math:`(m - 1)/(2n)` to each entropy
(:math:`m` the number of observed cells) [2]_.

Examples
--------
>>> t = pt.Table.from_array([[0.4, 0.1], [0.1, 0.4]], states={"x": [0, 1], "y": [0, 1]})
>>> round(t.entropy(), 4), round(t.entropy("x"), 4)          # nats
(1.1935, 0.6931)
>>> round(t.entropy("x", given="y", base=2), 4)               # bits
0.7219
>>> round(t.mutual_information("x", "y", base=2), 4)          # H(x) - H(x | y)
0.2781
>>> asia = pt.examples.load("asia")                           # a network: no joint is built
>>> round(pt.entropy(asia, ["lung", "xray"]), 4), round(pt.mutual_information(asia, "lung ⊥ xray"), 4)
(0.432, 0.1281)

References
----------
.. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
   Wiley, 2006, chapter 2.
.. [2] L. Paninski, "Estimation of entropy and mutual information", *Neural
   Computation* 15(6), 1191–1253, 2003 (the Miller–Madow correction).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from probtables import stats as _stats
from probtables._limits import DEFAULT_MAX_BYTES, format_bytes
from probtables.datachecks import DEFAULT_MAX_DISTINCT, prepare_samples
from probtables.errors import (
    InvalidParameterError,
    NotAJointError,
    SizeLimitError,
    StateMismatchError,
    StructureError,
    UnknownStateError,
    UnknownVariableError,
    VariableMismatchError,
    ZeroProbabilityError,
    did_you_mean,
)
from probtables.factorization import Factorization, Term
from probtables.independence import Independence
from probtables.inference import log_probability as infer_log_probability
from probtables.inference import query as infer_query
from probtables.notation import format_term
from probtables.table import Table

__all__ = [
    "entropy",
    "conditional_entropy",
    "mutual_information",
    "kl_divergence",
    "cross_entropy",
    "CORRECTIONS",
]

#: The bias corrections of :func:`mutual_information` on samples.
CORRECTIONS = ("miller-madow",)
_DENSE_CELLS = 1 << 24  # largest dense array for the direct mutual-information formula

Names = str | Iterable[str]


# --------------------------------------------------------------------------- helpers


def _log_base(base: float | None, where: str) -> float:
    """The natural log of ``base`` (1.0 for nats), checked."""
    if base is None:
        return 1.0
    if isinstance(base, bool) or not isinstance(base, (int, float, np.number)):
        raise InvalidParameterError(
            f"{where}: base must be a positive number other than 1; got {base!r}."
        )
    if not (float(base) > 0 and float(base) != 1 and math.isfinite(float(base))):
        raise InvalidParameterError(
            f"{where}: base must be a positive number other than 1; got {base!r}."
        )
    return math.log(float(base))


def _names(names: Names | None, known: Sequence[str], where: str, owner: str) -> tuple[str, ...]:
    if names is None:
        return ()
    out = (names,) if isinstance(names, str) else tuple(names)
    for name in out:
        if name not in known:
            raise UnknownVariableError(
                f"{where}: unknown variable {name!r}; {owner} has {tuple(known)!r}."
                + did_you_mean(name, known)
            )
    return tuple(dict.fromkeys(out))


def _joint(table: Table, where: str) -> None:
    if not isinstance(table, Table):
        raise TypeError(f"{where}: expected a Table, got {type(table).__name__}.")
    if table.given:
        given = ", ".join(table.given)
        raise NotAJointError(
            f"{where}: {table.notation} is conditional: its entropy depends on the assignment of "
            f"{given}; pass given={{{', '.join(f'{v!r}: ...' for v in table.given)}}} for one assignment, "
            f"or multiply by a distribution of {given} to get a joint table."
        )


def _entropy_of(table: Table, names: Sequence[str]) -> float:
    """H of the marginal of ``names`` (nats); 0 for no names."""
    if not names:
        return 0.0
    p = table.marginal(*names).frame["p"].to_numpy(dtype=np.float64)
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def _disjoint(groups: Mapping[str, tuple[str, ...]], where: str) -> None:
    seen: dict[str, str] = {}
    for role, names in groups.items():
        for name in names:
            if name in seen:
                raise InvalidParameterError(
                    f"{where}: {name!r} is both in {seen[name]} and in {role}; the sets must be disjoint."
                )
            seen[name] = role


# --------------------------------------------------------------------------- tables


def entropy(
    table: Table | Factorization,
    variables: Names | None = None,
    *,
    given: Names | Mapping[str, Any] | None = None,
    base: float | None = None,
    max_bytes: int | None = None,
) -> float:
    r"""Entropy :math:`H(X)` of a table's head, or of some variables, or conditional :math:`H(X \mid Z)`.

    Parameters
    ----------
    table : Table or Factorization
        A joint table; or a conditional one :math:`p(X \mid G)` with ``given``
        an assignment of every variable of :math:`G`; or a factorization with
        tables (computed through the inference engine, without its joint).
    variables : str or iterable of str, optional
        The variables :math:`X` (taken jointly); the head by default (for a
        factorization, every variable not in ``given``: the network's entropy,
        a sum over its terms).
    given : str, iterable of str, or mapping, optional
        Names :math:`Z`: the conditional entropy
        :math:`H(X \mid Z) = H(X, Z) - H(Z)` from a joint table. A mapping
        ``{variable: state}``: the entropy of the table conditioned on that
        assignment, :math:`H(X \mid Z = z)` (also for a conditional table).
    base : float, optional
        Base of the logarithm; natural log (nats) by default, 2 for bits.
    max_bytes : int, optional
        For a factorization: the largest marginal (and intermediate table of
        the engine) allowed, 256 MiB by default.

    Returns
    -------
    float
        At least 0.

    Raises
    ------
    NotAJointError
        For a conditional table without an assignment of its given variables,
        or a factorization with free variables.
    SizeLimitError
        For a factorization, when a marginal needed is larger than ``max_bytes``.
    UnknownVariableError
        For a name the table does not have.
    InvalidParameterError
        For a bad ``base``, or a variable both in ``variables`` and ``given``.
    ZeroProbabilityError
        For an assignment ``given`` of probability zero.

    See Also
    --------
    conditional_entropy, mutual_information, scipy.stats.entropy

    Examples
    --------
    >>> pt.Table.uniform({"die": range(1, 7)}).entropy(base=6)
    1.0
    >>> t = pt.Table.from_array([[0.5, 0.0], [0.25, 0.25]], states={"x": [0, 1], "y": [0, 1]})
    >>> t.entropy("y", given="x", base=2)                      # H(y | x) = 0.5 * 0 + 0.5 * 1
    0.5
    >>> t.condition("x").entropy(given={"x": 1}, base=2)      # H(y | x=1)
    1.0
    >>> f = t.chain_factorize(["x", "y"])                      # the same numbers as a factorization
    >>> pt.entropy(f, "y", given="x", base=2), pt.entropy(f, given={"x": 1}, base=2)
    (0.5, 1.0)
    """
    where = "entropy()"
    log_base = _log_base(base, where)
    if isinstance(table, Factorization):
        return _entropy_f(table, variables, given, max_bytes, where) / log_base
    if isinstance(given, Mapping):
        if not isinstance(table, Table):
            raise TypeError(f"{where}: expected a Table, got {type(table).__name__}.")
        table = table.condition(**dict(given))
        given = None
    _joint(table, where)
    names = _names(variables, table.head, where, table.notation) or table.head
    cond = _names(given, table.head, where, table.notation)
    _disjoint({"variables": names, "given": cond}, where)
    value = _entropy_of(table, names + cond) - _entropy_of(table, cond)
    return max(value, 0.0) / log_base


def conditional_entropy(
    table: Table | Factorization,
    variables: Names,
    given: Names,
    *,
    base: float | None = None,
    max_bytes: int | None = None,
) -> float:
    r"""Conditional entropy :math:`H(X \mid Z) = H(X, Z) - H(Z)` from a joint table.

    The same as ``entropy(table, variables, given=given)``.

    Examples
    --------
    >>> t = pt.Table.from_array([[0.5, 0.0], [0.25, 0.25]], states={"x": [0, 1], "y": [0, 1]})
    >>> pt.conditional_entropy(t, "x", "y", base=2)          # 0.75 * H(2/3, 1/3) + 0.25 * 0
    0.688...
    """
    return entropy(table, variables, given=given, base=base, max_bytes=max_bytes)


def mutual_information(
    source: Table | Factorization | pd.DataFrame,
    x: Names | Independence,
    y: Names | None = None,
    *,
    given: Names | None = None,
    base: float | None = None,
    correction: str | None = None,
    weights: str | Sequence[float] | np.ndarray | None = None,
    dropna: bool = False,
    max_distinct: float | None = DEFAULT_MAX_DISTINCT,
    max_bytes: int | None = None,
) -> float:
    r"""Conditional mutual information :math:`I(X; Y \mid Z)` of a table, or estimated from samples.

    Parameters
    ----------
    source : Table, Factorization or pandas.DataFrame
        A joint table; a factorization with tables (the marginal of
        :math:`X \cup Y \cup Z` comes from the inference engine, not from the
        joint); or one row per observation.
    x : str, iterable of str, or Independence
        The variables :math:`X`; or a whole statement ``"x ⊥ y | z"`` (then
        leave ``y`` and ``given`` out).
    y : str or iterable of str, optional
        The variables :math:`Y`.
    given : str or iterable of str, optional
        The conditioning variables :math:`Z` (none by default).
    base : float, optional
        Base of the logarithm; natural log (nats) by default.
    correction : {None, "miller-madow"}, default None
        On samples: the plug-in estimate (the mutual information of the
        empirical distribution, :math:`G / (2n)`), or with Miller and Madow's
        correction, :math:`\hat I + (m_{XZ} + m_{YZ} - m_{XYZ} - m_Z) / (2n)`
        where :math:`m` counts observed cells (it can be slightly negative).
    weights : str or array-like, optional
        On samples: frequency weights (a column name or one number per row).
    dropna : bool, default False
        On samples: drop the rows with a missing value in the used columns.
    max_distinct : float or None, default 0.5
        On samples: refuse columns that do not look discrete (see :mod:`probtables.datachecks`).
    max_bytes : int, optional
        For a factorization: the largest marginal (and intermediate table) allowed, 256 MiB by default.

    Returns
    -------
    float
        At least 0 for a table (and for the plug-in estimate).

    Raises
    ------
    NotAJointError
        For a conditional table.
    UnknownVariableError
        For a name that is not a variable (or column).
    InvalidParameterError
        For overlapping sets, a bad ``base`` or ``correction``, or
        ``correction`` with a table.

    See Also
    --------
    entropy, probtables.Table.independent, probtables.stats.independence_test

    Notes
    -----
    On a table the direct formula is summed over a dense array of the
    marginal of :math:`X \cup Y \cup Z` (no cancellation between large
    entropies); above 16 million cells it falls back to the entropy identity.

    Examples
    --------
    >>> t = pt.Table.from_array([[0.4, 0.1], [0.1, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> round(pt.mutual_information(t, "x ⊥ y"), 6)
    0.192745
    >>> import pandas as pd
    >>> data = pd.DataFrame({"x": [0, 0, 1, 1, 1] * 20, "y": [0, 1, 0, 1, 1] * 20})
    >>> round(pt.mutual_information(data, "x ⊥ y"), 6)                       # plug-in, nats
    0.013844
    >>> # 2 + 2 - 4 - 1 cells: the correction is -1 / (2 * 100)
    >>> round(pt.mutual_information(data, "x ⊥ y", correction="miller-madow"), 6)
    0.008844
    >>> asia = pt.examples.load("asia")                 # smoke and xray: dependent, not given lung
    >>> round(pt.mutual_information(asia, "smoke ⊥ xray"), 6), pt.mutual_information(asia, "smoke ⊥ xray | lung")
    (0.008934, 0.0)
    """
    where = "mutual_information()"
    log_base = _log_base(base, where)
    if isinstance(x, Independence) or (isinstance(x, str) and y is None):
        if y is not None or given is not None:
            raise InvalidParameterError(
                f"{where}: pass either a statement such as 'x ⊥ y | z', or x, y and given=; not both."
            )
        stmt = Independence.coerce(x)
        left, right, cond = sorted(stmt.left), sorted(stmt.right), sorted(stmt.given)
    else:
        if y is None:
            raise InvalidParameterError(
                f"{where}: y is missing; pass x and y, or a statement 'x ⊥ y | z'."
            )
        left = list((x,) if isinstance(x, str) else x)
        right = list((y,) if isinstance(y, str) else y)
        cond = [] if given is None else list((given,) if isinstance(given, str) else given)
    if correction is not None and correction not in CORRECTIONS:
        raise InvalidParameterError(
            f"{where}: unknown correction {correction!r}; choose None or one of {CORRECTIONS}."
        )
    if isinstance(source, pd.DataFrame):
        nats = _mi_samples(source, left, right, cond, correction, weights, dropna, max_distinct, where)
        return nats / log_base
    if correction is not None:
        raise InvalidParameterError(
            f"{where}: correction= is for estimates from samples; a table's mutual information is exact."
        )
    if isinstance(source, Factorization):
        f = _as_factorization(source, "the factorization", where)
        a = _names(left, f.variables, where, str(f))
        b = _names(right, f.variables, where, str(f))
        c = _names(cond, f.variables, where, str(f))
        _disjoint({"x": a, "y": b, "given": c}, where)
        marginal = _Marginals(f, {}, max_bytes, where).table(a + b + c, "the mutual information")
        return _mi_table(marginal, a, b, c) / log_base
    _joint(source, where)
    a = _names(left, source.head, where, source.notation)
    b = _names(right, source.head, where, source.notation)
    c = _names(cond, source.head, where, source.notation)
    _disjoint({"x": a, "y": b, "given": c}, where)
    return _mi_table(source, a, b, c) / log_base


def _mi_table(table: Table, a: tuple[str, ...], b: tuple[str, ...], c: tuple[str, ...]) -> float:
    sizes = [math.prod(len(table.states[v]) for v in group) for group in (a, b, c)]
    if math.prod(sizes) > _DENSE_CELLS:
        value = (
            _entropy_of(table, a + c)
            + _entropy_of(table, b + c)
            - _entropy_of(table, a + b + c)
            - _entropy_of(table, c)
        )
        return max(value, 0.0)
    joint = table.marginal(*(a + b + c)).to_array(list(a + b + c)).reshape(sizes)
    p_ac = joint.sum(axis=1, keepdims=True)
    p_bc = joint.sum(axis=0, keepdims=True)
    p_c = joint.sum(axis=(0, 1), keepdims=True)
    positive = joint > 0
    shape = joint.shape

    def log_at(array: np.ndarray) -> np.ndarray:  # logs, not ratios: tiny products would underflow
        return np.log(np.broadcast_to(array, shape)[positive])

    terms = log_at(joint) + log_at(p_c) - log_at(p_ac) - log_at(p_bc)
    return max(float(np.sum(joint[positive] * terms)), 0.0)


def _mi_samples(
    data: pd.DataFrame,
    left: Sequence[str],
    right: Sequence[str],
    cond: Sequence[str],
    correction: str | None,
    weights: Any,
    dropna: bool,
    max_distinct: float | None,
    where: str,
) -> float:
    stmt = Independence(frozenset(left), frozenset(right), frozenset(cond))  # checks the sets
    frame = _stats._check_frame(data, where)
    _stats._check_variables(frame, [stmt], where)
    used = sorted(set(left) | set(right) | set(cond))
    frame, weights = prepare_samples(
        frame, used, weights=weights, dropna=dropna, max_distinct=max_distinct, where=where
    )
    w = _stats._weights(frame, weights, where)
    columns = _stats._encode_columns(frame, used)
    n_rows = len(frame)

    def codes(names: Sequence[str]) -> np.ndarray:
        if not names:
            return np.zeros(n_rows, dtype=np.int64)
        key, _ = _stats._joint_codes([columns[v] for v in sorted(names)], n_rows)
        return _stats._compress(key)[0]

    total = float(w.sum()) if w is not None else float(n_rows)

    def h(key: np.ndarray) -> tuple[float, int]:
        counts = np.bincount(key, weights=w).astype(np.float64)
        counts = counts[counts > 0]
        p = counts / total
        return float(-np.sum(p * np.log(p))), int(counts.size)

    xz, yz = codes([*left, *cond]), codes([*right, *cond])
    z = codes(cond)
    xyz = _stats._compress(xz * (int(yz.max()) + 1) + yz)[0]
    (h_xz, m_xz), (h_yz, m_yz), (h_xyz, m_xyz), (h_z, m_z) = h(xz), h(yz), h(xyz), h(z)
    value = max(h_xz + h_yz - h_xyz - h_z, 0.0)
    if correction == "miller-madow":
        value += (m_xz + m_yz - m_xyz - m_z) / (2.0 * total)
    return value


def _aligned(p: Table, q: Table, where: str) -> tuple[np.ndarray, np.ndarray]:
    """The probabilities of ``p`` and ``q`` over the union of their rows, aligned by variable and state."""
    for name, t in (("p", p), ("q", q)):
        if not isinstance(t, Table):
            raise TypeError(f"{where}: {name} must be a Table, got {type(t).__name__}.")
        if t.given:
            raise NotAJointError(
                f"{where}: {name} = {t.notation} is conditional; compare joint tables "
                f"(multiply by a distribution of {', '.join(t.given)} first)."
            )
    if set(p.head) != set(q.head):
        raise VariableMismatchError(
            f"{where}: p = {p.notation} and q = {q.notation} must be over the same variables; "
            f"p has {p.head!r}, q has {q.head!r}."
        )
    names = list(p.head)
    for v in names:
        if set(p.states[v]) != set(q.states[v]):
            raise StateMismatchError(
                f"{where}: variable {v!r} has states {p.states[v]!r} in p but {q.states[v]!r} in q."
            )
    pf, qf = p.frame, q.frame
    left = pd.DataFrame({v: pf[v].cat.codes.to_numpy() for v in names})
    left["p"] = pf["p"].to_numpy()
    right = pd.DataFrame({v: pd.Categorical(qf[v], categories=list(p.states[v])).codes for v in names})
    right["q"] = qf["p"].to_numpy()
    merged = left.merge(right, on=names, how="outer").fillna({"p": 0.0, "q": 0.0})
    return merged["p"].to_numpy(dtype=np.float64), merged["q"].to_numpy(dtype=np.float64)


def kl_divergence(
    p: Table | Factorization,
    q: Table | Factorization,
    *,
    base: float | None = None,
    max_bytes: int | None = None,
) -> float:
    r"""Kullback–Leibler divergence :math:`D(p \| q) = \sum_x p(x) \log (p(x) / q(x))` of two joint tables.

    The tables are aligned by variable name and state label (their orders may
    differ). The result is ``math.inf`` when :math:`q(x) = 0` for an
    :math:`x` with :math:`p(x) > 0`: :math:`q` then cannot explain an outcome
    that :math:`p` produces. It is 0 exactly when the tables are equal, and
    it is not symmetric.

    Two factorizations with tables (or a factorization and a table, taken as
    a factorization of one term) are compared without building a joint:
    :math:`D(p \| q) = E_p[\log p(X)] - E_p[\log q(X)]`, each expectation a sum
    over the terms of :math:`p` and of :math:`q` that needs :math:`p`'s
    marginal over the term's family only (one query each, see the module
    docstring). The structures may differ.

    Parameters
    ----------
    p, q : Table or Factorization
        Joint tables, or factorizations with tables, over the same variables
        with the same state sets.
    base : float, optional
        Base of the logarithm; natural log (nats) by default.
    max_bytes : int, optional
        For factorizations: the largest family marginal (and intermediate
        table) allowed, 256 MiB by default.

    Returns
    -------
    float
        At least 0; ``math.inf`` as said above.

    Raises
    ------
    NotAJointError
        If a table is conditional, or a factorization has free variables.
    VariableMismatchError, StateMismatchError
        If the variables or a variable's states differ.
    SizeLimitError
        If a family's marginal under ``p`` is larger than ``max_bytes`` (the
        message names the term and its size).

    See Also
    --------
    cross_entropy, scipy.stats.entropy : ``entropy(p, q)`` is the same for arrays.

    Examples
    --------
    >>> p = pt.Table.from_dict({"a": 0.5, "b": 0.5}, variables="x")
    >>> q = pt.Table.from_dict({"b": 0.75, "a": 0.25}, variables="x")
    >>> round(pt.kl_divergence(p, q, base=2), 6)      # 0.5 log2(0.5/0.25) + 0.5 log2(0.5/0.75)
    0.207519
    >>> pt.kl_divergence(q, pt.Table.from_dict({"a": 1.0, "b": 0.0}, variables="x"))
    inf
    >>> truth = pt.examples.load("asia")                 # networks: no joint is built
    >>> fitted = pt.Factorization.parse(str(truth)).fit(truth.sample(2_000, seed=0), pseudocount=1)
    >>> 0 < pt.kl_divergence(truth, fitted) < 0.05, pt.kl_divergence(fitted, truth)
    (True, inf)
    """
    where = "kl_divergence()"
    log_base = _log_base(base, where)
    if isinstance(p, Factorization) or isinstance(q, Factorization):
        marginals, g = _pair(p, q, max_bytes, where)
        cross = marginals.expected_log(g, "q")
        if cross == -math.inf:
            return math.inf
        return max(marginals.expected_log(marginals.f, "p") - cross, 0.0) / log_base
    pv, qv = _aligned(p, q, where)
    support = pv > 0
    if np.any(qv[support] <= 0):
        return math.inf
    value = float(np.sum(pv[support] * np.log(pv[support] / qv[support])))
    return max(value, 0.0) / log_base


def cross_entropy(
    p: Table | Factorization,
    q: Table | Factorization,
    *,
    base: float | None = None,
    max_bytes: int | None = None,
) -> float:
    r"""Cross-entropy :math:`H(p, q) = -\sum_x p(x) \log q(x) = H(p) + D(p \| q)` of two joint tables.

    Aligned by name as :func:`kl_divergence`; ``math.inf`` when :math:`q(x) = 0`
    where :math:`p(x) > 0`. With :math:`p` the empirical distribution of data,
    it is the average negative log-likelihood of the data under :math:`q`, which
    maximum likelihood minimizes. Factorizations are compared through their
    terms, without a joint, as in :func:`kl_divergence` (``max_bytes=`` the same).

    Examples
    --------
    >>> p = pt.Table.from_dict({"a": 0.5, "b": 0.5}, variables="x")
    >>> q = pt.Table.from_dict({"a": 0.25, "b": 0.75}, variables="x")
    >>> round(pt.cross_entropy(p, q, base=2), 6)      # -(0.5 log2 0.25 + 0.5 log2 0.75)
    1.207519
    >>> asia = pt.examples.load("asia")                 # H(p, p) = H(p)
    >>> round(pt.cross_entropy(asia, asia), 10) == round(pt.entropy(asia), 10)
    True
    """
    where = "cross_entropy()"
    log_base = _log_base(base, where)
    if isinstance(p, Factorization) or isinstance(q, Factorization):
        marginals, g = _pair(p, q, max_bytes, where)
        return -marginals.expected_log(g, "q") / log_base
    pv, qv = _aligned(p, q, where)
    support = pv > 0
    if np.any(qv[support] <= 0):
        return math.inf
    return float(-np.sum(pv[support] * np.log(qv[support]))) / log_base


# --------------------------------------------------------------------------- factorizations


def _as_factorization(source: Table | Factorization, which: str, where: str) -> Factorization:
    """A factorization with tables and no free variable (a Table counts as a factorization of one term)."""
    if isinstance(source, Table):
        _joint(source, where)
        source = Factorization([Term(source.head, (), source)])
    if not isinstance(source, Factorization):
        raise TypeError(
            f"{where}: {which} must be a Table or a Factorization, got {type(source).__name__}."
        )
    if not source.has_tables:
        raise StructureError(
            f"{where}: {which} = {source} has no tables; attach tables (fit, with_tables) first."
        )
    if source.free:
        raise NotAJointError(
            f"{where}: {which} = {source} is conditional on {source.free!r}; information measures "
            "need a joint distribution (multiply by a distribution of those variables first)."
        )
    return source


def _states_of(f: Factorization) -> dict[str, tuple[Any, ...]]:
    states: dict[str, tuple[Any, ...]] = {}
    for term in f.terms:
        assert term.table is not None
        for name, s in term.table.states.items():
            states.setdefault(name, tuple(s))
    return states


class _Marginals:
    """Marginals of one factorization, each computed once by the inference engine (never the joint)."""

    def __init__(
        self, f: Factorization, evidence: Mapping[str, Any], max_bytes: int | None, where: str
    ) -> None:
        self.f = f
        self.states = _states_of(f)
        self.evidence = dict(evidence)
        self.max_bytes = max_bytes
        self.where = where
        self._arrays: dict[tuple[str, ...], np.ndarray] = {}

    def table(self, names: Sequence[str], why: str) -> Table:
        """p(names | evidence) from the engine, after checking that its dense table fits."""
        limit = DEFAULT_MAX_BYTES if self.max_bytes is None else int(self.max_bytes)
        cells = math.prod(len(self.states[v]) for v in names)
        if cells * 8 > limit:
            raise SizeLimitError(
                f"{self.where}: {why} needs the marginal over {tuple(names)!r}, a table of {cells:,} "
                f"cells ({format_bytes(cells * 8)}), above max_bytes={limit:,} ({format_bytes(limit)}); "
                "pass a larger max_bytes= to allow it."
            )
        likelihood = {v: {s: 1.0} for v, s in self.evidence.items()}
        try:
            result = infer_query(
                self.f, format_term(tuple(names)), likelihood=likelihood or None, max_bytes=limit
            )
        except SizeLimitError as error:
            raise SizeLimitError(f"{self.where}: {why}: {error}") from error
        except ZeroProbabilityError as error:
            shown = ", ".join(f"{k}={v!r}" for k, v in self.evidence.items())
            raise ZeroProbabilityError(
                f"{self.where}: the assignment {shown} has probability zero in {self.f}; "
                "there is no distribution given it."
            ) from error
        assert isinstance(result, Table)
        return result

    def array(self, names: Sequence[str], why: str) -> np.ndarray:
        """p(names | evidence) as a dense float array, axes in the order of ``names``."""
        key = tuple(sorted(names))
        if key not in self._arrays:
            if key:
                values = self.table(names, why).to_array(list(key))
                self._arrays[key] = np.asarray(values, dtype=np.float64)
            else:
                self._arrays[key] = np.array(1.0)
        return self._arrays[key].transpose([key.index(v) for v in names])

    def entropy(self, names: Sequence[str], why: str) -> float:
        """H(names | evidence) in nats; of every unobserved variable by the terms (no joint)."""
        if set(names) | set(self.evidence) == set(self.f.variables):
            log_e = 0.0
            if self.evidence:
                log_e = infer_log_probability(self.f, self.evidence, max_bytes=self.max_bytes)
            return max(log_e - self.expected_log(self.f, "p"), 0.0)
        p = self.array(names, why).ravel()
        p = p[p > 0]
        return max(float(-np.sum(p * np.log(p))), 0.0)

    def expected_log(self, g: Factorization, which: str) -> float:
        r"""E[log g(X, e)] under this factorization given the evidence: a sum over g's terms.

        Each term g(h | pa) contributes :math:`\sum p(h, pa \mid e) \log g(h \mid pa)`, which
        needs the marginal over the term's family only; ``-inf`` where g is 0 and p is not.
        """
        total = 0.0
        for term in g.terms:
            table = term.table
            assert table is not None
            family = tuple(table.variables)
            free = [v for v in family if v not in self.evidence]
            values = np.asarray(table.to_array(list(family)), dtype=np.float64)
            # g's states in p's order (the same sets, checked), then the evidence sliced away
            index: list[list[int]] = []
            for v in family:
                position = {s: k for k, s in enumerate(table.states[v])}
                if v in self.evidence:
                    at = _state_index(self.states[v], self.evidence[v], v, self.where)
                    index.append([position[self.states[v][at]]])
                else:
                    index.append([position[s] for s in self.states[v]])
            values = values[np.ix_(*index)]
            values = values.reshape([len(self.states[v]) for v in free])
            p = self.array(free, f"the term {term} of {which}")
            support = p > 0
            if np.any(values[support] <= 0):
                return -math.inf
            total += float(np.sum(p[support] * np.log(values[support])))
        return total


def _state_index(states: Sequence[Any], value: Any, name: str, where: str) -> int:
    for k, s in enumerate(states):
        if s == value:
            return k
    matches = [k for k, s in enumerate(states) if str(s) == str(value)]
    if len(matches) == 1:
        return matches[0]
    raise UnknownStateError(
        f"{where}: unknown state {value!r} for variable {name!r}; its states are {tuple(states)!r}."
        + did_you_mean(value, states)
    )


def _entropy_f(
    f: Factorization,
    variables: Names | None,
    given: Names | Mapping[str, Any] | None,
    max_bytes: int | None,
    where: str,
) -> float:
    f = _as_factorization(f, "the factorization", where)
    known = f.variables
    if isinstance(given, Mapping):
        evidence = {v: given[v] for v in _names(list(given), known, where, str(f))}
        cond: tuple[str, ...] = ()
    else:
        evidence = {}
        cond = _names(given, known, where, str(f))
    rest = tuple(v for v in known if v not in evidence and v not in cond)
    names = _names(variables, known, where, str(f)) or rest
    _disjoint({"variables": names, "given": cond + tuple(evidence)}, where)
    marginals = _Marginals(f, evidence, max_bytes, where)
    for v, value in evidence.items():
        _state_index(marginals.states[v], value, v, where)
    value = marginals.entropy(names + cond, "the entropy") - marginals.entropy(cond, "the entropy")
    return max(value, 0.0)


def _pair(
    p: Table | Factorization, q: Table | Factorization, max_bytes: int | None, where: str
) -> tuple[_Marginals, Factorization]:
    f = _as_factorization(p, "p", where)
    g = _as_factorization(q, "q", where)
    if set(f.variables) != set(g.variables):
        raise VariableMismatchError(
            f"{where}: p = {f} and q = {g} must be over the same variables; "
            f"p has {f.variables!r}, q has {g.variables!r}."
        )
    marginals = _Marginals(f, {}, max_bytes, where)
    theirs = _states_of(g)
    for v in f.variables:
        if set(marginals.states[v]) != set(theirs[v]):
            raise StateMismatchError(
                f"{where}: variable {v!r} has states {marginals.states[v]!r} in p but {theirs[v]!r} in q."
            )
    return marginals, g
