"""Counting observations into a table: the kernel behind :meth:`Table.from_samples`.

Each column becomes integer codes (a categorical column's codes are used as they
are, without a copy), the codes become one mixed-radix key, and ``np.bincount``
counts the keys, weighted or not. Dask DataFrames are counted where they live
and only the count table comes back (see :mod:`probtables.estimate`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import prod
from typing import TYPE_CHECKING, Any

import numpy as np

from probtables import _kernels, _validate
from probtables.errors import DataError, EmptyTableError

if TYPE_CHECKING:
    from probtables.table import Table

__all__ = ["requested_variables", "table_from_codes"]

_DENSE_CELLS = 1 << 26


def requested_variables(
    columns: Sequence[Any],
    variables: str | Sequence[str] | None,
    weights: str | Sequence[float] | np.ndarray | None,
    states: Mapping[str, Sequence[Any]] | None,
    op: str,
) -> tuple[tuple[str, ...], dict[str, tuple[Any, ...]] | None]:
    """The variables to count (all columns but a weights column by default) and their explicit states, checked.

    Shared by pandas and Dask data, so both refuse the same requests with the same words.
    """
    if variables is None:
        names = tuple(c for c in columns if not (isinstance(weights, str) and c == weights))
    else:
        names = _validate.as_names(variables, tuple(columns), op, "the data")
    if not names:
        raise EmptyTableError(f"{op}(): no variables to count; name at least one column of the data.")
    if len(set(names)) != len(names):
        raise DataError(f"{op}(): duplicate variable names in {names!r}.")
    for name in names:
        _validate.check_table_name(name, op, "column", "data.rename(columns=str)")
    if not states:
        return names, None
    checked = _validate.check_states_map(states, op)
    for name in checked:
        if name not in names:
            raise _validate.unknown_variable(op, name, names, "the table to count")
    return names, checked


def table_from_codes(
    cls: type[Table],
    names: Sequence[str],
    state_lists: Mapping[str, tuple[Any, ...]],
    codes: np.ndarray,
    cards: Sequence[int],
    weights: np.ndarray | None,
    pseudocount: float,
    op: str,
) -> Table:
    """Count coded rows into a normalized table (dense when the key space is small)."""
    # dense up to 4 cells a row (at least 2**16); a pseudocount needs every cell, up to _DENSE_CELLS
    limit = max(4 * len(codes), 1 << 16, _DENSE_CELLS if pseudocount else 0)
    cells = _kernels.count_cells(codes, cards, range(len(names)), weights, limit)
    if cells.dense is not None:
        return _normalized(cls, names, state_lists, cells.dense + pseudocount, None, op)
    if pseudocount:
        raise DataError(
            f"{op}(): a pseudocount needs every one of the {prod(cards)} assignments, too many to list; "
            "count without a pseudocount or over fewer variables."
        )
    assert cells.codes is not None and cells.counts is not None  # sparse cells carry both
    new_codes = np.asfortranarray(cells.codes.astype(_kernels.code_dtype(max(cards))))
    return _normalized(cls, names, state_lists, cells.counts, new_codes, op)


def _normalized(
    cls: type[Table],
    names: Sequence[str],
    states: Mapping[str, tuple[Any, ...]],
    counts: np.ndarray,
    codes: np.ndarray | None,
    op: str,
) -> Table:
    total = counts.sum()
    if total <= 0:
        raise DataError(f"{op}(): the weights sum to zero; there is nothing to count.")
    return cls._make(tuple(names), (), states, counts / total, codes)
