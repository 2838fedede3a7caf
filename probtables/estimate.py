r"""Tables from data, and data from tables: estimation, scoring and sampling.

A factorization such as ``p(a)p(b | a)p(c | a, b)`` is a claim about how data
are generated; this module connects it with a DataFrame of observations, one
row per observation and one column per variable.

Estimation by counting
----------------------
For a term :math:`p(h \mid g)` the *family* is the head together with the
parents. Let :math:`n_{g,h}` count the rows whose parents take the assignment
:math:`g` and whose head takes :math:`h`, and :math:`n_g = \sum_h n_{g,h}`.
The maximum-likelihood estimate is the normalized count

.. math:: \hat p(h \mid g) = \frac{n_{g,h}}{n_g},

and with a symmetric Dirichlet prior of *pseudocount* :math:`\alpha` added to
every cell (Laplace smoothing when :math:`\alpha = 1`), the posterior mean

.. math:: \hat p(h \mid g) = \frac{n_{g,h} + \alpha}{n_g + \alpha\,|H|},

where :math:`|H|` is the number of head assignments. With :math:`\alpha = 0`, a
parent assignment :math:`g` that never occurs (:math:`n_g = 0`) leaves
:math:`\hat p(\cdot \mid g)` undefined: :func:`fit` reports it
(:class:`UnseenParentsError`) instead of inventing numbers.

Each column is encoded to integer codes once; each family is counted with one
``np.bincount`` over the mixed-radix key of its codes (parents, then heads).

Scoring
-------
The log-likelihood of the data under the tables is a sum over terms and cells,

.. math:: \ell = \sum_{\text{terms}} \sum_{g,h} n_{g,h} \ln p(h \mid g),

and the Bayesian information criterion [2]_ penalizes it by the number of free
parameters :math:`k = \sum_{\text{terms}} (|H| - 1)\,|G|`:

.. math:: \mathrm{BIC} = \ell - \frac{k}{2} \ln n.

Sampling
--------
Ancestral ("forward", "logic") sampling [3]_ draws the variables in
topological order, each from its table given the parents already drawn; every
variable is drawn for all rows at once.

Dask
----
:func:`fit`, :func:`log_likelihood`, :func:`bic` and
:meth:`Table.from_samples <probtables.table.Table.from_samples>` also accept a
Dask DataFrame (install ``probtables[dask]``). The counting then runs as one
Dask computation on whatever scheduler is active (a ``distributed`` client, if
the user made one): every partition is encoded and counted where it lives and
only the counts come back. Dask is imported only on that path.

Examples
--------
>>> import pandas as pd
>>> data = pd.DataFrame({"rain": ["no", "no", "yes", "yes", "yes"],
...                      "wet":  ["no", "yes", "yes", "yes", "yes"]})
>>> model = pt.Factorization.parse("p(rain)p(wet | rain)").fit(data)
>>> model.term("wet").table.p(wet="yes", rain="no")
0.5
>>> round(model.log_likelihood(data), 4)
-4.7514

References
----------
.. [1] D. Koller and N. Friedman, *Probabilistic Graphical Models*, MIT Press,
   2009, sections 17.2 (maximum likelihood) and 17.3 (Bayesian estimation).
.. [2] G. Schwarz, "Estimating the dimension of a model", *Annals of
   Statistics* 6(2), 461-464, 1978.
.. [3] M. Henrion, "Propagating uncertainty in Bayesian networks by
   probabilistic logic sampling", *Uncertainty in Artificial Intelligence 2*,
   149-163, 1988.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from math import log, prod
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from probtables import _kernels as K
from probtables import _validate as V
from probtables._samples import encode_data, sample_weights, table_from_codes
from probtables.errors import (
    DataError,
    EmptyTableError,
    NotAJointError,
    StateMismatchError,
    StructureError,
    UnknownVariableError,
    ZeroProbabilityError,
)
from probtables.notation import check_name, format_value
from probtables.table import Table, _hashable, _index_dtype

if TYPE_CHECKING:
    from probtables.factorization import Factorization, Term

__all__ = [
    "UnseenParentsError",
    "fit",
    "log_likelihood",
    "bic",
    "free_parameters",
    "sample",
    "count_dask_or_raise",
]

_SHOW = 5  # offending values shown in a message
_DENSE_CELLS = 1 << 26  # largest family counted densely when a pseudocount needs every cell
_DENSE_FLOOR = 1 << 20  # families up to this many cells are always counted densely
_SAMPLE_DENSE = 1 << 24  # largest table sampled from a dense array
_CHUNK = 1 << 22  # elements per chunk of the vectorized draw
_FEW_STATES = 16  # up to this many head assignments, draw column by column


class UnseenParentsError(DataError):
    """A parent assignment never occurs in the data, so its conditional cannot be counted.

    Attributes
    ----------
    term : str
        The term, e.g. ``"p(x | y, z)"``.
    assignments : tuple of dict
        Up to five unseen parent assignments, ``{parent: state}``.
    count : int
        How many parent assignments are unseen in all.
    """

    def __init__(
        self, message: str, term: str = "", assignments: Sequence[Mapping[str, Any]] = (), count: int = 0
    ) -> None:
        super().__init__(message)
        self.term = term
        self.assignments = tuple(dict(a) for a in assignments)
        self.count = count


# ---------------------------------------------------------------------------------------- counting


@dataclass
class _Cells:
    """The counts of one family (columns: parents, then heads), dense or sparse."""

    cards: tuple[int, ...]
    dense: np.ndarray | None  # a count for every cell, canonical (C) order
    codes: np.ndarray | None  # sparse: (m, k) codes of the cells that occur ...
    counts: np.ndarray | None  # ... and their counts


@dataclass
class _Counted:
    states: dict[str, tuple[Any, ...]]
    families: list[_Cells]
    rows: int
    total: float


def _dense_limit(rows: int, need_dense: bool) -> int:
    return _DENSE_CELLS if need_dense else max(4 * rows, _DENSE_FLOOR)


def _count_cells(codes: np.ndarray, cards: Sequence[int], cols: Sequence[int], weights: np.ndarray | None, limit: int) -> _Cells:
    """Count the rows of ``codes`` by the columns ``cols``: one bincount over their mixed-radix key."""
    fam_cards = tuple(int(cards[c]) for c in cols)
    key, size = K.mixed_key(codes, cards, cols)
    if prod(fam_cards) == size and size <= limit:
        dense = np.bincount(key, weights=weights, minlength=size).astype(np.float64, copy=False)
        return _Cells(fam_cards, dense, None, None)
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=weights, minlength=len(uniq)).astype(np.float64, copy=False)
    fam_codes = codes[np.ix_(first, list(cols))]
    return _Cells(fam_cards, None, fam_codes, counts)


def _sparse(cells: _Cells) -> tuple[np.ndarray, np.ndarray]:
    """The cells that occur, as ``(codes, counts)``."""
    if cells.dense is None:
        return cells.codes, cells.counts
    idx = np.flatnonzero(cells.dense)
    codes = np.stack(np.unravel_index(idx, cells.cards), axis=1) if cells.cards else np.zeros((len(idx), 0))
    return codes.astype(np.int64, copy=False), cells.dense[idx]


def _check_weights(frame: pd.DataFrame, weights: Any, op: str, integer: bool) -> np.ndarray | None:
    w = sample_weights(frame, weights, op)
    if w is not None and integer:
        fractional = w != np.floor(w)
        if fractional.any():
            raise DataError(
                f"{op}(): weights count repeated observations and must be whole numbers; "
                f"found {w[fractional][:_SHOW].tolist()!r} at positions {np.flatnonzero(fractional)[:_SHOW].tolist()!r}."
            )
    return w


def _check_columns(columns: Sequence[Any], names: Sequence[str], weights: Any, op: str, owner: str) -> None:
    """Raise :class:`UnknownVariableError` listing the needed columns the data lacks."""
    available = tuple(columns)
    missing = [n for n in names if n not in available]
    if isinstance(weights, str) and weights not in available and weights not in missing:
        missing.append(weights)
    if not missing:
        return
    message = f"{op}(): the data has no column(s) {missing!r} needed by {owner}; its columns are {available!r}."
    for name in missing:
        close = difflib.get_close_matches(str(name), [str(c) for c in available], n=1)
        if close:
            message += f" Did you mean {close[0]!r} for {name!r}?"
            break
    raise UnknownVariableError(message)


def _type_name(data: Any) -> str:
    cls = type(data)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def _dask_frame(data: Any) -> bool:
    """Whether ``data`` is a Dask DataFrame (dask is imported only if it looks like one)."""
    if not (type(data).__module__ or "").startswith("dask"):
        return False
    import dask.dataframe as dd

    return isinstance(data, dd.DataFrame)


def _check_data(data: Any, op: str) -> bool:
    """``False`` for pandas, ``True`` for Dask; anything else raises :class:`DataError`."""
    if isinstance(data, pd.DataFrame):
        return False
    if _dask_frame(data):
        return True
    raise DataError(f"{op}(): expected a pandas or Dask DataFrame of observations, got {_type_name(data)}.")


def _check_pseudocount(pseudocount: Any, op: str) -> float:
    try:
        value = float(pseudocount)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(pseudocount, bool) or not np.isfinite(value) or value < 0:
        raise DataError(f"{op}(): pseudocount must be a finite number >= 0, got {pseudocount!r}.")
    return value


def _count(
    data: Any,
    names: Sequence[str],
    known: Mapping[str, Sequence[Any]],
    families: Sequence[Sequence[str]],
    *,
    weights: Any,
    integer_weights: bool,
    need_dense: bool,
    op: str,
    owner: str,
) -> _Counted:
    """Encode the columns ``names`` once and count every family (pandas or Dask)."""
    index = {n: i for i, n in enumerate(names)}
    fam_cols = [tuple(index[v] for v in fam) for fam in families]
    if _check_data(data, op):
        return _count_dask(data, names, known, fam_cols, weights, integer_weights, need_dense, op, owner)
    _check_columns(data.columns, names, weights, op, owner)
    if len(data) == 0:
        raise EmptyTableError(f"{op}(): the data has no rows.")
    codes, states = encode_data(data, names, known, op)
    w = _check_weights(data, weights, op, integer_weights)
    cards = [len(states[n]) for n in names]
    limit = _dense_limit(len(data), need_dense)
    cells = [_count_cells(codes, cards, cols, w, limit) for cols in fam_cols]
    total = float(w.sum()) if w is not None else float(len(data))
    return _Counted(states, cells, len(data), total)


# ---------------------------------------------------------------------------------------- Dask


def _count_partition(
    part: pd.DataFrame,
    names: Sequence[str],
    known: Mapping[str, Sequence[Any]],
    families: Sequence[Sequence[int]],
    weights: str | None,
    integer_weights: bool,
    op: str,
) -> tuple[dict[str, tuple[Any, ...]], list[tuple[np.ndarray, np.ndarray] | None], int, float]:
    """Count one partition: its own state lists (for columns without known states) and sparse family counts."""
    if len(part) == 0:
        return {}, [None] * len(families), 0, 0.0
    codes, states = encode_data(part, names, known, op)
    w = _check_weights(part, weights, op, integer_weights)
    cards = [len(states[n]) for n in names]
    limit = _dense_limit(len(part), False)
    cells = [_sparse(_count_cells(codes, cards, cols, w, limit)) for cols in families]
    local = {n: states[n] for n in names if n not in known}
    total = float(w.sum()) if w is not None else float(len(part))
    return local, cells, len(part), total


def _union_states(lists: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The states of a column seen partition by partition: sorted, as pandas would give for the whole."""
    if all(states == lists[0] for states in lists):
        return lists[0]
    seen = tuple(dict.fromkeys(v for states in lists for v in states))
    try:
        return tuple(sorted(seen))
    except TypeError:
        return seen


def _dask_known_states(data: Any, names: Sequence[str], known: Mapping[str, Sequence[Any]]) -> dict[str, tuple[Any, ...]]:
    """Explicit states, plus the categories of categorical columns whose categories Dask knows."""
    out = {n: tuple(s) for n, s in known.items()}
    dtypes = data.dtypes
    for name in names:
        if name in out or not isinstance(dtypes[name], pd.CategoricalDtype):
            continue
        column = data[name]
        if column.cat.known:
            out[name] = tuple(column.cat.categories.tolist())
    return out


def _dask_cells(
    data: Any,
    names: Sequence[str],
    known: Mapping[str, Sequence[Any]],
    families: Sequence[Sequence[int]],
    weights: Any,
    integer_weights: bool,
    op: str,
    owner: str,
) -> tuple[dict[str, tuple[Any, ...]], list[tuple[np.ndarray, np.ndarray]], int, float]:
    """Count a Dask DataFrame partition by partition in one computation; merge the counts."""
    import dask

    _check_columns(tuple(data.columns), names, weights, op, owner)
    if weights is not None and not isinstance(weights, str):
        raise DataError(
            f"{op}(): with a Dask DataFrame, give weights as the name of a column; got {_type_name(weights)}."
        )
    known = _dask_known_states(data, names, known)
    columns = list(dict.fromkeys([*names, *([weights] if weights is not None else [])]))
    count = dask.delayed(_count_partition, pure=True)
    tasks = [
        count(part, tuple(names), known, [tuple(f) for f in families], weights, integer_weights, op)
        for part in data[columns].to_delayed()
    ]
    results = dask.compute(*tasks)
    rows = sum(r[2] for r in results)
    if rows == 0:
        raise EmptyTableError(f"{op}(): the data has no rows.")
    total = float(sum(r[3] for r in results))
    present = [r for r in results if r[2] > 0]
    states = {
        n: tuple(known[n]) if n in known else _union_states([r[0][n] for r in present]) for n in names
    }
    # per partition and column without known states: local code -> global code
    lookups: list[dict[int, np.ndarray]] = []
    for local, *_ in present:
        table: dict[int, np.ndarray] = {}
        for col, name in enumerate(names):
            if name in local and local[name] != states[name]:
                position = {_hashable(v): i for i, v in enumerate(states[name])}
                table[col] = np.array([position[_hashable(v)] for v in local[name]], dtype=np.int64)
        lookups.append(table)
    merged = []
    for j, cols in enumerate(families):
        codes_parts, count_parts = [], []
        for (_, cells, _, _), table in zip(present, lookups):
            codes, counts = cells[j]
            codes = codes.astype(np.int64, copy=True)
            for k, col in enumerate(cols):
                if col in table:
                    codes[:, k] = table[col][codes[:, k]]
            codes_parts.append(codes)
            count_parts.append(counts)
        merged.append((np.concatenate(codes_parts), np.concatenate(count_parts)))
    return states, merged, rows, total


def _count_dask(
    data: Any,
    names: Sequence[str],
    known: Mapping[str, Sequence[Any]],
    families: Sequence[Sequence[int]],
    weights: Any,
    integer_weights: bool,
    need_dense: bool,
    op: str,
    owner: str,
) -> _Counted:
    states, merged, rows, total = _dask_cells(data, names, known, families, weights, integer_weights, op, owner)
    limit = _dense_limit(rows, need_dense)
    cells = []
    for cols, (codes, counts) in zip(families, merged):
        cards = [len(states[names[c]]) for c in cols]
        cells.append(_count_cells(codes, cards, range(len(cols)), counts, limit))
    return _Counted(states, cells, rows, total)


def count_dask_or_raise(
    cls: type[Table],
    data: Any,
    variables: str | Sequence[str] | None,
    weights: str | Sequence[float] | np.ndarray | None,
    pseudocount: float,
    states: Mapping[str, Sequence[Any]] | None,
) -> Table:
    """:meth:`Table.from_samples <probtables.table.Table.from_samples>` for a Dask DataFrame.

    The rows are encoded and counted partition by partition, as one Dask
    computation on the active scheduler (a ``distributed`` cluster if a client
    is active); only the counts of the assignments that occur come back.
    Anything that is neither a pandas nor a Dask DataFrame raises.

    Parameters
    ----------
    cls : type
        The :class:`~probtables.table.Table` class to build.
    data : dask.dataframe.DataFrame
        One row per observation.
    variables, weights, pseudocount, states
        As for :meth:`Table.from_samples <probtables.table.Table.from_samples>`;
        ``weights`` must be a column name.

    Returns
    -------
    Table
        The same table as ``Table.from_samples(data.compute(), ...)``.

    Raises
    ------
    DataError
        ``data`` is not a DataFrame, or bad weights or pseudocount.
    UnknownVariableError, UnknownStateError, MissingValueError, EmptyTableError
        As for a pandas DataFrame.

    Examples
    --------
    >>> pt.Table.from_samples([[0, 1], [1, 1]])
    Traceback (most recent call last):
    ...
    probtables.errors.DataError: from_samples(): expected a pandas or Dask DataFrame of observations, got list.
    """
    op = "from_samples"
    if not _dask_frame(data):
        raise DataError(f"{op}(): expected a pandas or Dask DataFrame of observations, got {_type_name(data)}.")
    columns = tuple(data.columns)
    if variables is None:
        names = tuple(c for c in columns if not (isinstance(weights, str) and c == weights))
    else:
        names = V.as_names(variables, columns, op, "the data")
    for name in names:
        check_name(name)
    pseudocount = _check_pseudocount(pseudocount, op)
    known = {n: tuple(s) for n, s in (states or {}).items() if n in names}
    state_lists, merged, _, _ = _dask_cells(
        data, names, known, [tuple(range(len(names)))], weights, False, op, "the table"
    )
    codes, counts = merged[0]
    cards = tuple(len(state_lists[n]) for n in names)
    return table_from_codes(cls, names, state_lists, codes, cards, counts, pseudocount, op)


# ---------------------------------------------------------------------------------------- structure helpers


def _coerce(factorization: Factorization | str) -> Factorization:
    from probtables.factorization import Factorization

    return Factorization.coerce(factorization)


def _owner(f: Factorization) -> str:
    text = str(f)
    return text if len(text) <= 80 else f"the {len(f)}-term factorization"


def _families(f: Factorization) -> list[tuple[str, ...]]:
    return [t.given + t.head for t in f.terms]


def _table_states(f: Factorization) -> dict[str, tuple[Any, ...]]:
    """The state lists the factorization's tables give (a variable's own term first)."""
    return {v: states for v, (states, _) in _states_and_sources(f).items()}


def _states_and_sources(f: Factorization) -> dict[str, tuple[tuple[Any, ...], str]]:
    """Each variable's states and the notation of the table they come from (its own term's, if any)."""
    out: dict[str, tuple[tuple[Any, ...], str]] = {}
    for own_term in (True, False):
        for term in f.terms:
            if term.table is not None:
                for v in term.head if own_term else term.given:
                    if own_term or v not in out:
                        out[v] = (term.table.states[v], term.table.notation)
    return out


def _require_tables(f: Factorization, op: str) -> None:
    missing = [str(t) for t in f.terms if t.table is None]
    if missing:
        raise StructureError(
            f"{op}(): term(s) {', '.join(missing)} of {_owner(f)} have no table; "
            "estimate them first with fit(data) or attach tables."
        )


def _state_maps(
    table: Table, family: Sequence[str], known: Mapping[str, tuple[tuple[Any, ...], str]], op: str
) -> list[np.ndarray | None]:
    """Per variable of ``family``: the table's code of each state of the factorization's list (``None``: same list).

    The same states in another order are aligned; other state lists raise
    :class:`StateMismatchError`.
    """
    maps: list[np.ndarray | None] = []
    for v in family:
        own, (want, source) = table.states[v], known[v]
        if own == want:
            maps.append(None)
            continue
        position = {_hashable(s): i for i, s in enumerate(own)}
        if len(own) != len(want) or any(_hashable(s) not in position for s in want):
            raise StateMismatchError(
                f"{op}(): variable {v!r} has states {own!r} in {table.notation} but {want!r} in {source}."
            )
        maps.append(np.array([position[_hashable(s)] for s in want], dtype=np.int64))
    return maps


def _aligned_array(table: Table, family: Sequence[str], maps: Sequence[np.ndarray | None]) -> np.ndarray:
    """The table as a dense array, axes in ``family`` order, states in the global order."""
    array = table.to_array(list(family))
    for axis, m in enumerate(maps):
        if m is not None:
            array = np.take(array, m, axis=axis)
    return array


def _aligned_codes(table: Table, family: Sequence[str], maps: Sequence[np.ndarray | None]) -> np.ndarray:
    """The table's codes, columns in ``family`` order, as codes of the global state lists."""
    codes = table._codes_array()[:, [table._axis(v) for v in family]].astype(np.int64)
    for col, m in enumerate(maps):
        if m is not None:
            inverse = np.empty(len(m), dtype=np.int64)
            inverse[m] = np.arange(len(m))
            codes[:, col] = inverse[codes[:, col]]
    return codes


def _assignment_text(names: Sequence[str], states: Mapping[str, tuple[Any, ...]], codes: Sequence[int]) -> str:
    parts = []
    for name, code in zip(names, codes):
        value = states[name][int(code)]
        try:
            shown = format_value(value)
        except TypeError:
            shown = repr(value)
        parts.append(f"{name}={shown}")
    return ", ".join(parts)


def free_parameters(factorization: Factorization | str, states: Mapping[str, Sequence[Any]] | None = None) -> int:
    r"""The number of free parameters :math:`k = \sum (|H| - 1)\,|G|` of the tables of a factorization.

    Each term :math:`p(h \mid g)` has one distribution over its :math:`|H|`
    head assignments for each of its :math:`|G|` parent assignments, and each
    distribution has :math:`|H| - 1` free numbers.

    Parameters
    ----------
    factorization : Factorization or str
        With tables, unless ``states`` gives every variable's states.
    states : mapping, optional
        State lists (overriding those of the tables).

    Returns
    -------
    int

    Examples
    --------
    >>> from probtables.estimate import free_parameters
    >>> free_parameters("p(a)p(b | a)", states={"a": [0, 1, 2], "b": [0, 1]})
    5
    """
    f = _coerce(factorization)
    known = {**_table_states(f), **{n: tuple(s) for n, s in (states or {}).items()}}
    missing = [v for v in f.variables if v not in known]
    if missing:
        raise StructureError(
            f"free_parameters(): no states for {missing!r}; attach tables or pass states=."
        )
    return sum(
        (prod(len(known[v]) for v in t.head) - 1) * prod(len(known[v]) for v in t.given) for t in f.terms
    )


# ---------------------------------------------------------------------------------------- fit


def fit(
    factorization: Factorization | str,
    data: Any,
    pseudocount: float = 0.0,
    *,
    weights: str | Sequence[float] | np.ndarray | None = None,
    states: Mapping[str, Sequence[Any]] | None = None,
) -> Factorization:
    r"""Estimate every term's table from data: normalized counts per parent assignment.

    The result has the same structure (term order, heads, givens); each term
    :math:`p(h \mid g)` gets :math:`(n_{g,h} + \alpha) / (n_g + \alpha |H|)`,
    the maximum-likelihood estimate when ``pseudocount`` :math:`\alpha` is 0.

    Parameters
    ----------
    factorization : Factorization or str
        The structure, e.g. ``"p(a)p(b | a)"``. Its tables, if it has any, are
        replaced; their state lists are kept (so a network read from a BIF
        file keeps its states even when the data lack some of them).
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per observation, one column per variable (others are ignored).
    pseudocount : float, default 0.0
        Added to the count of every cell (a symmetric Dirichlet prior).
    weights : str or array-like, optional
        How many times each row was observed: a column name or one
        non-negative whole number per row (a column name for Dask).
    states : mapping, optional
        Explicit state lists; else those of the tables, else the data's
        categories, else its sorted distinct values.

    Returns
    -------
    Factorization
        The same terms with estimated tables.

    Raises
    ------
    UnseenParentsError
        With ``pseudocount=0``, a parent assignment that never occurs; the
        message names the term and up to five such assignments.
    UnknownVariableError
        The data lack a column the structure needs.
    UnknownStateError
        A value outside a variable's states (the message names the column).
    DataError, EmptyTableError, MissingValueError
        Bad weights or pseudocount, no rows, missing values.

    See Also
    --------
    log_likelihood, bic, sample
    probtables.table.Table.from_samples : the empirical joint of some columns.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"a": [0, 0, 0, 1], "b": ["x", "y", "y", "y"]})
    >>> model = pt.Factorization.parse("p(a)p(b | a)").fit(data)
    >>> model.term("b").table.p(b="y", a=0)
    0.6666666666666666
    >>> smooth = pt.Factorization.parse("p(a)p(b | a)").fit(data, pseudocount=1)
    >>> smooth.term("b").table.p(b="x", a=1)      # (0 + 1) / (1 + 2)
    0.3333333333333333
    """
    f = _coerce(factorization)
    op = "fit"
    alpha = _check_pseudocount(pseudocount, op)
    known = {**_table_states(f), **(V.check_states_map(states, op) if states else {})}
    counted = _count(
        data,
        f.variables,
        known,
        _families(f),
        weights=weights,
        integer_weights=True,
        need_dense=alpha > 0,
        op=op,
        owner=_owner(f),
    )
    tables = [_estimate(term, cells, counted.states, alpha, op) for term, cells in zip(f.terms, counted.families)]
    return f.with_tables(tables)


def _estimate(term: Term, cells: _Cells, states: Mapping[str, tuple[Any, ...]], alpha: float, op: str) -> Table:
    parents, heads = term.given, term.head
    family = parents + heads
    order = term.table.variables if term.table is not None else heads + parents
    perm = [family.index(v) for v in order]
    table_states = {v: states[v] for v in order}
    p_cards = cells.cards[: len(parents)]
    n_par = prod(p_cards)
    n_head = prod(cells.cards[len(parents) :])
    if cells.dense is not None:
        counts = cells.dense.reshape(n_par, n_head)
        if alpha:
            counts = counts + alpha
        sums = counts.sum(axis=1)
        unseen = np.flatnonzero(sums <= 0)
        if len(unseen):
            shown = [np.unravel_index(int(i), p_cards) for i in unseen[:_SHOW]]
            raise _unseen(term, states, shown, len(unseen), n_par, op)
        p = (counts / sums[:, None]).reshape(cells.cards).transpose(perm).reshape(-1)
        return Table._make(order, parents, table_states, p)
    if alpha:
        raise DataError(
            f"{op}(): a pseudocount needs every one of the {n_par * n_head} cells of {term}, too many to list; "
            "fit without a pseudocount or with fewer states."
        )
    codes, counts = cells.codes, cells.counts
    par_key, _ = K.mixed_key(codes, cells.cards, range(len(parents)))
    uniq, inverse = np.unique(par_key, return_inverse=True)
    inverse = inverse.reshape(-1)
    sums = np.bincount(inverse, weights=counts, minlength=len(uniq))
    seen = sums > 0
    if int(seen.sum()) < n_par:
        seen_set = {tuple(int(c) for c in row) for row in codes[counts > 0][:, : len(parents)]}
        shown = []
        for assignment in product(*[range(c) for c in p_cards]):
            if assignment not in seen_set:
                shown.append(assignment)
                if len(shown) == _SHOW:
                    break
        raise _unseen(term, states, shown, n_par - int(seen.sum()), n_par, op)
    keep = counts > 0
    p = counts[keep] / sums[inverse[keep]]
    new_codes = np.asfortranarray(codes[keep][:, perm].astype(K.code_dtype(max(cells.cards))))
    return Table._make(order, parents, table_states, p, new_codes)


def _unseen(
    term: Term, states: Mapping[str, tuple[Any, ...]], shown: Sequence[Sequence[int]], count: int, n_par: int, op: str
) -> UnseenParentsError:
    parents = term.given
    texts = [f"({_assignment_text(parents, states, codes)})" for codes in shown]
    more = f" and {count - len(shown)} more" if count > len(shown) else ""
    heads = term.head[0] if len(term.head) == 1 else f"({', '.join(term.head)})"
    verb = "never occurs" if count == 1 else "never occur"
    message = (
        f"{op}(): {count} of the {n_par} parent assignments of {term} {verb} in the data, "
        f"so the distribution of {heads} given them cannot be estimated: {', '.join(texts)}{more}. "
        "Pass pseudocount= (e.g. pseudocount=1) to add that many imaginary observations to every cell, "
        "or use more data."
    )
    assignments = [{p: states[p][int(c)] for p, c in zip(parents, codes)} for codes in shown]
    return UnseenParentsError(message, str(term), assignments, count)


# ---------------------------------------------------------------------------------------- scores


def _score(f: Factorization, data: Any, weights: Any, op: str) -> tuple[float, float]:
    """The log-likelihood and the number of observations."""
    _require_tables(f, op)
    states = _table_states(f)
    counted = _count(
        data,
        f.variables,
        states,
        _families(f),
        weights=weights,
        integer_weights=True,
        need_dense=False,
        op=op,
        owner=_owner(f),
    )
    known = _states_and_sources(f)
    total = 0.0
    for term, cells in zip(f.terms, counted.families):
        family = term.given + term.head
        maps = _state_maps(term.table, family, known, op)
        if cells.dense is not None:
            probs = _aligned_array(term.table, family, maps).reshape(-1)
            counts = cells.dense
        else:
            probs = _lookup(term.table, family, maps, cells.codes)
            counts = cells.counts
        used = counts > 0
        p_used = probs[used]
        if (p_used <= 0).any():
            return float("-inf"), counted.total
        total += float(counts[used] @ np.log(p_used))
    return total, counted.total


def _lookup(table: Table, order: Sequence[str], maps: Sequence[np.ndarray | None], codes: np.ndarray) -> np.ndarray:
    """The probabilities the table gives to the rows ``codes`` (columns in ``order``); absent rows are 0."""
    tcodes = _aligned_codes(table, order, maps)
    cards = [table._cards[table._axis(v)] for v in order]
    both = np.concatenate([tcodes, codes.astype(np.int64)])
    key, _ = K.mixed_key(both, cards, range(len(order)))
    tkey, dkey = key[: len(tcodes)], key[len(tcodes) :]
    sort = np.argsort(tkey, kind="stable")
    tkey = tkey[sort]
    pos = np.minimum(np.searchsorted(tkey, dkey), len(tkey) - 1)
    found = tkey[pos] == dkey
    return np.where(found, table._p[sort][pos], 0.0)


def log_likelihood(
    factorization: Factorization | str, data: Any, *, weights: str | Sequence[float] | np.ndarray | None = None
) -> float:
    r"""The log-likelihood :math:`\sum_{\text{rows}} \ln p(\text{row})` of data under the tables (natural log).

    Computed from counts, :math:`\sum_{\text{terms}} \sum_{g,h} n_{g,h} \ln p(h \mid g)`.
    If the factorization has free variables (only behind bars), it is the
    conditional log-likelihood given them.

    Parameters
    ----------
    factorization : Factorization
        With a table on every term.
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per observation.
    weights : str or array-like, optional
        How many times each row was observed (non-negative whole numbers).

    Returns
    -------
    float
        ``-inf`` if some row has probability zero.

    Raises
    ------
    StructureError
        A term has no table.
    UnknownStateError
        A value outside its variable's states; the message names the column
        and up to five such values.
    UnknownVariableError, DataError, EmptyTableError, MissingValueError
        As for :func:`fit`.

    Examples
    --------
    >>> import pandas as pd
    >>> coin = pt.Factorization([pt.Term("c", (), pt.Table.from_dict({"H": 0.5, "T": 0.5}, "c"))])
    >>> round(coin.log_likelihood(pd.DataFrame({"c": ["H", "T", "H"]})), 4)    # 3 ln(1/2)
    -2.0794
    """
    f = _coerce(factorization)
    return _score(f, data, weights, "log_likelihood")[0]


def bic(
    factorization: Factorization | str, data: Any, *, weights: str | Sequence[float] | np.ndarray | None = None
) -> float:
    r"""The Bayesian information criterion :math:`\ell - \frac{k}{2} \ln n` (higher is better).

    :math:`\ell` is :func:`log_likelihood`, :math:`n` the number of
    observations and :math:`k` the number of free parameters,
    :math:`\sum_{\text{terms}} (|H| - 1)\,|G|` (see :func:`free_parameters`).

    Parameters
    ----------
    factorization : Factorization
        With a table on every term.
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per observation.
    weights : str or array-like, optional
        How many times each row was observed; :math:`n` is their sum.

    Returns
    -------
    float

    Raises
    ------
    StructureError, UnknownStateError, UnknownVariableError, DataError, EmptyTableError
        As for :func:`log_likelihood`.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"a": [0, 0, 1, 1], "b": [0, 0, 1, 1]})
    >>> chain = pt.Factorization.parse("p(a)p(b | a)").fit(data)
    >>> apart = pt.Factorization.parse("p(a)p(b)").fit(data)
    >>> chain.bic(data) > apart.bic(data)
    True
    """
    f = _coerce(factorization)
    loglik, n = _score(f, data, weights, "bic")
    k = free_parameters(f)
    return float(loglik - 0.5 * k * log(n)) if n > 0 else float(loglik)


# ---------------------------------------------------------------------------------------- sampling


def sample(factorization: Factorization | str, n: int, seed: int | np.random.Generator | None = None) -> pd.DataFrame:
    """Draw ``n`` rows by ancestral sampling: each variable from its table, given its parents' draws.

    The variables are drawn in topological order, each for all rows at once:
    the codes of its parents give each row's row of the table, and one
    uniform number per row picks a state through the cumulative sums.

    Parameters
    ----------
    factorization : Factorization
        With a table on every term and no free variables.
    n : int
        The number of rows.
    seed : int or numpy.random.Generator, optional
        The same seed gives the same rows.

    Returns
    -------
    pandas.DataFrame
        One categorical column per variable (in the order of
        ``factorization.variables``) whose categories are the tables' states.

    Raises
    ------
    StructureError
        A term has no table.
    NotAJointError
        The factorization has free variables (it is a conditional).
    ZeroProbabilityError
        The tables are inconsistent: a term has no distribution for a parent
        assignment that the other terms draw.

    Examples
    --------
    >>> rain = pt.Table.from_dict({"yes": 0.3, "no": 0.7}, "rain")
    >>> wet = pt.Table.from_dict({("yes", "wet"): 1.0, ("no", "dry"): 1.0}, ("rain", "ground"), given="rain")
    >>> model = pt.Factorization([pt.Term("rain", (), rain), pt.Term("ground", "rain", wet)])
    >>> draws = model.sample(1000, seed=0)
    >>> bool(((draws["rain"] == "yes") == (draws["ground"] == "wet")).all())
    True
    >>> draws["ground"].cat.categories.tolist()
    ['dry', 'wet']
    """
    f = _coerce(factorization)
    op = "sample"
    _require_tables(f, op)
    if f.free:
        raise NotAJointError(
            f"{op}(): {_owner(f)} is conditional on {f.free!r}; give those variables a distribution "
            "(a term each) before sampling."
        )
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise DataError(f"{op}(): n must be a whole number >= 0, got {n!r}.")
    n = int(n)
    rng = np.random.default_rng(seed)
    known = _states_and_sources(f)
    states = {v: own for v, (own, _) in known.items()}
    drawn: dict[str, np.ndarray] = {}
    for i in f._term_order():
        term = f.terms[i]
        for name, codes in zip(term.head, _draw_term(term, drawn, known, n, rng, op)):
            drawn[name] = codes
    return pd.DataFrame(
        {
            name: pd.Categorical.from_codes(
                drawn[name], categories=pd.Index(list(states[name]), dtype=_index_dtype(states[name]))
            )
            for name in f.variables
        }
    )


def _draw_term(
    term: Term,
    drawn: Mapping[str, np.ndarray],
    known: Mapping[str, tuple[tuple[Any, ...], str]],
    n: int,
    rng: np.random.Generator,
    op: str,
) -> list[np.ndarray]:
    parents, heads = term.given, term.head
    maps = _state_maps(term.table, parents + heads, known, op)
    states = {v: known[v][0] for v in parents + heads}
    p_cards = tuple(len(states[v]) for v in parents)
    h_cards = tuple(len(states[v]) for v in heads)
    n_par, n_head = prod(p_cards), prod(h_cards)
    u = rng.random(n)
    if n_par * n_head > _SAMPLE_DENSE:
        return _draw_sparse(term, drawn, maps, p_cards, h_cards, u, states, op)
    cpt = _aligned_array(term.table, parents + heads, maps).reshape(n_par, n_head)
    row = np.zeros(n, dtype=np.int64)
    for name, card in zip(parents, p_cards):
        row *= card
        row += drawn[name]
    cum = np.cumsum(cpt, axis=1)
    totals = cum[:, -1].copy()
    empty = totals <= 0
    if empty.any():
        hit = empty[row]
        if hit.any():
            codes = np.unravel_index(int(row[np.argmax(hit)]), p_cards)
            raise _undefined(term, states, codes, op)
        totals[empty] = 1.0
    cum /= totals[:, None]  # the last entry of every row is exactly 1.0
    # the state drawn is the number of cumulative sums <= u (the last one, 1.0, never is)
    if n_head <= _FEW_STATES:
        out = np.zeros(n, dtype=np.int64)
        columns = np.ascontiguousarray(cum[:, :-1].T)
        for column in columns:
            out += (column[0] if n_par == 1 else column.take(row)) <= u
    elif n_par == 1:
        out = np.searchsorted(cum[0], u, side="right")
    else:
        out = np.empty(n, dtype=np.int64)
        step = max(1, _CHUNK // n_head)
        for start in range(0, n, step):
            stop = start + step
            out[start:stop] = (cum[row[start:stop]] <= u[start:stop, None]).sum(axis=1)
    dtype = K.code_dtype(max(h_cards))
    if len(heads) == 1:
        return [out.astype(dtype)]
    return [c.astype(dtype) for c in np.unravel_index(out, h_cards)]


def _draw_sparse(
    term: Term,
    drawn: Mapping[str, np.ndarray],
    maps: Sequence[np.ndarray | None],
    p_cards: tuple[int, ...],
    h_cards: tuple[int, ...],
    u: np.ndarray,
    states: Mapping[str, tuple[Any, ...]],
    op: str,
) -> list[np.ndarray]:
    """Draw from a table too large to densify: rows grouped by parent assignment, one global search."""
    table = term.table
    parents, heads = term.given, term.head
    family = parents + heads
    positive = table._p > 0
    tcodes = _aligned_codes(table, family, maps)[positive]
    p = table._p[positive]
    k = len(parents)
    n = len(u)
    mine = np.column_stack([drawn[v] for v in parents]).astype(np.int64) if parents else np.zeros((n, 0), np.int64)
    key, _ = K.mixed_key(np.concatenate([tcodes[:, :k], mine]), p_cards, range(k))
    tkey, dkey = key[: len(p)], key[len(p) :]
    sort = np.argsort(tkey, kind="stable")
    tkey, p, tcodes = tkey[sort], p[sort], tcodes[sort]
    start = np.searchsorted(tkey, dkey, side="left")
    stop = np.searchsorted(tkey, dkey, side="right")
    if (stop == start).any():
        i = int(np.argmax(stop == start))
        raise _undefined(term, states, mine[i], op)
    cum = np.cumsum(p)
    base = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    target = base + u * (cum[stop - 1] - base)
    idx = np.clip(np.searchsorted(cum, target, side="right"), start, stop - 1)
    dtype = K.code_dtype(max(h_cards))
    return [tcodes[idx, k + j].astype(dtype) for j in range(len(heads))]


def _undefined(term: Term, states: Mapping[str, tuple[Any, ...]], codes: Sequence[int], op: str) -> ZeroProbabilityError:
    return ZeroProbabilityError(
        f"{op}(): {term} has no distribution for {_assignment_text(term.given, states, codes)}, "
        "which the other terms draw with positive probability; the tables are inconsistent."
    )
