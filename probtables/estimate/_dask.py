"""Counting a Dask DataFrame where it lives (every Dask code path of probtables), and the dispatch
between pandas and Dask: :func:`count_samples` and :func:`count`.

:func:`~probtables.estimate.fit`, :func:`~probtables.estimate.log_likelihood`,
:func:`~probtables.estimate.bic` and :meth:`Table.from_samples
<probtables.table.Table.from_samples>` accept a Dask DataFrame (install
``probtables[dask]``). The counting then runs as one Dask computation on
whatever scheduler is active (a ``distributed`` client, if the user made one):
every partition is encoded and counted by :mod:`probtables.estimate._counting` where it
lives, and only the sparse counts come back, to be merged here onto one state
list per column.

This module does not import Dask at import time: Dask is imported only once
some data looks like a Dask DataFrame.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from probtables._encoding import encode_columns, frequency_weights
from probtables._kernels import count_cells
from probtables._validate import check_pseudocount, hashable, unhashable_cells
from probtables.errors import DataError, EmptyTableError
from probtables.estimate._counting import Counted, check_columns, count_frame, dense_limit, sparse
from probtables.estimate._samples import requested_variables, table_from_codes

if TYPE_CHECKING:
    from probtables.table import Table

__all__ = ["count", "count_dask_or_raise", "count_samples", "dask_cells", "require_dask"]


def _type_name(data: Any) -> str:
    cls = type(data)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    # the package, not its private module path (pandas.Series on pandas 2 and 3 alike)
    return f"{cls.__module__.split('.')[0]}.{cls.__qualname__}"


def _is_dask_frame(data: Any) -> bool:
    """Whether ``data`` is a Dask DataFrame (dask is imported only if it looks like one)."""
    if not (type(data).__module__ or "").startswith("dask"):
        return False
    import dask.dataframe as dd

    return isinstance(data, dd.DataFrame)


def require_dask(data: Any, op: str) -> None:
    """Raise :class:`DataError` unless ``data`` is a Dask DataFrame (pandas frames are handled before)."""
    if not _is_dask_frame(data):
        raise DataError(
            f"{op}(): expected a pandas or Dask DataFrame of observations, got {_type_name(data)}."
        )


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
    states, cells, total = count_frame(part, names, known, families, weights, integer_weights, False, op)
    local = {n: states[n] for n in names if n not in known}
    return local, [sparse(c) for c in cells], len(part), total


def _union_states(lists: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The states of a column seen partition by partition: sorted, as pandas would give for the whole."""
    if all(states == lists[0] for states in lists):
        return lists[0]
    seen = tuple(dict.fromkeys(v for states in lists for v in states))
    try:
        return tuple(sorted(seen))
    except TypeError:
        return seen


def _known_states(
    data: Any, names: Sequence[str], known: Mapping[str, Sequence[Any]]
) -> dict[str, tuple[Any, ...]]:
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


def dask_cells(
    data: Any,
    names: Sequence[str],
    known: Mapping[str, Sequence[Any]],
    families: Sequence[Sequence[int]],
    weights: Any,
    integer_weights: bool,
    op: str,
    owner: str,
) -> tuple[dict[str, tuple[Any, ...]], list[tuple[np.ndarray, np.ndarray]], int, float]:
    """Count a Dask DataFrame partition by partition in one computation; merge the counts.

    Returns the state lists, the merged sparse ``(codes, counts)`` of each
    family (a cell may occur once per partition), the number of rows and the
    total weight.
    """
    import dask

    check_columns(tuple(data.columns), names, weights, op, owner)
    if weights is not None and not isinstance(weights, str):
        raise DataError(
            f"{op}(): with a Dask DataFrame, give weights as the name of a column; got {_type_name(weights)}."
        )
    known = _known_states(data, names, known)
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
                position = {hashable(v): i for i, v in enumerate(states[name])}
                table[col] = np.array([position[hashable(v)] for v in local[name]], dtype=np.int64)
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
    require_dask(data, op)
    names, known = requested_variables(tuple(data.columns), variables, weights, states, op)
    pseudocount = check_pseudocount(pseudocount, op)
    state_lists, merged, _, _ = dask_cells(
        data, names, known or {}, [tuple(range(len(names)))], weights, False, op, "the table"
    )
    codes, counts = merged[0]
    cards = tuple(len(state_lists[n]) for n in names)
    return table_from_codes(cls, names, state_lists, codes, cards, counts, pseudocount, op)


def count_samples(
    cls: type[Table],
    data: pd.DataFrame,
    variables: str | Sequence[str] | None,
    weights: str | Sequence[float] | np.ndarray | None,
    pseudocount: float,
    states: Mapping[str, Sequence[Any]] | None,
) -> Table:
    """The empirical (optionally smoothed) joint of ``variables`` in ``data``."""
    op = "from_samples"
    if not isinstance(data, pd.DataFrame):
        return count_dask_or_raise(cls, data, variables, weights, pseudocount, states)
    names, states = requested_variables(tuple(data.columns), variables, weights, states, op)
    if len(data) == 0:
        raise EmptyTableError(f"{op}(): the data has no rows.")
    pseudocount = check_pseudocount(pseudocount, op)
    try:
        codes, state_lists = encode_columns(data, names, states, op=op)
    except TypeError:  # a cell pandas cannot hash (a list, a dict, ...)
        raise unhashable_cells(data, names, op) from None
    w = frequency_weights(data, weights, op=op)
    cards = tuple(len(state_lists[n]) for n in names)
    return table_from_codes(cls, names, state_lists, codes, cards, w, pseudocount, op)


def count(
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
) -> Counted:
    """Encode the columns ``names`` once and count every family (pandas or Dask)."""
    index = {n: i for i, n in enumerate(names)}
    fam_cols = [tuple(index[v] for v in fam) for fam in families]
    if not isinstance(data, pd.DataFrame):
        require_dask(data, op)  # anything but pandas must be Dask
        states, merged, rows, total = dask_cells(
            data, names, known, fam_cols, weights, integer_weights, op, owner
        )
        limit = dense_limit(rows, need_dense)
        cells = [
            count_cells(codes, [len(states[names[c]]) for c in cols], range(len(cols)), counts, limit)
            for cols, (codes, counts) in zip(fam_cols, merged)
        ]
        return Counted(states, cells, rows, total)
    check_columns(tuple(data.columns), names, weights, op, owner)
    if len(data) == 0:
        raise EmptyTableError(f"{op}(): the data has no rows.")
    try:
        states, cells, total = count_frame(
            data, names, known, fam_cols, weights, integer_weights, need_dense, op
        )
    except TypeError:  # a cell pandas cannot hash (a list, a dict, ...)
        raise unhashable_cells(data, names, op) from None
    return Counted(states, cells, len(data), total)
