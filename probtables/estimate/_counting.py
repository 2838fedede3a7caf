"""Counting observations by family: the kernel behind :func:`~probtables.estimate.fit` and the scores.

A *family* is a term's parents followed by its heads. Each column of the data
is encoded to integer codes once (:func:`~probtables._encoding.encode_columns`);
each family is then counted with one ``np.bincount`` over the mixed-radix key
of its codes, into a dense array of every cell when that is small enough, else
into the sparse list of the cells that occur. A Dask DataFrame is counted
partition by partition in :mod:`probtables.estimate._dask` (imported only for Dask
data), and its merged sparse counts are counted again here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from probtables._encoding import encode_columns, frequency_weights
from probtables._kernels import Cells, count_cells
from probtables._validate import check_pseudocount
from probtables.errors import DataError, UnknownVariableError, did_you_mean

__all__ = [
    "SHOW",
    "Cells",
    "Counted",
    "check_columns",
    "check_pseudocount",
    "count_cells",
    "count_frame",
    "dense_limit",
    "sparse",
]

SHOW = 5  # offending values shown in a message
_DENSE_CELLS = 1 << 26  # largest family counted densely when a pseudocount needs every cell
_DENSE_FLOOR = 1 << 20  # families up to this many cells are always counted densely


@dataclass
class Counted:
    states: dict[str, tuple[Any, ...]]
    families: list[Cells]
    rows: int
    total: float


def dense_limit(rows: int, need_dense: bool) -> int:
    return _DENSE_CELLS if need_dense else max(4 * rows, _DENSE_FLOOR)


def sparse(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """The cells that occur, as ``(codes, counts)``."""
    if cells.dense is None:
        assert cells.codes is not None and cells.counts is not None  # sparse cells carry both
        return cells.codes, cells.counts
    idx = np.flatnonzero(cells.dense)
    codes = (
        np.stack(np.unravel_index(idx, cells.cards), axis=1) if cells.cards else np.zeros((len(idx), 0))
    )
    return codes.astype(np.int64, copy=False), cells.dense[idx]


def _check_weights(frame: pd.DataFrame, weights: Any, op: str, integer: bool) -> np.ndarray | None:
    w = frequency_weights(frame, weights, op=op)
    if w is not None and integer:
        fractional = w != np.floor(w)
        if fractional.any():
            raise DataError(
                f"{op}(): weights count repeated observations and must be whole numbers; "
                f"found {w[fractional][:SHOW].tolist()!r} at positions {np.flatnonzero(fractional)[:SHOW].tolist()!r}."
            )
    return w


def check_columns(
    columns: Sequence[Any], names: Sequence[str], weights: Any, op: str, owner: str
) -> None:
    """Raise :class:`UnknownVariableError` listing the needed columns the data lacks."""
    available = tuple(columns)
    missing = [n for n in names if n not in available]
    if isinstance(weights, str) and weights not in available and weights not in missing:
        missing.append(weights)
    if not missing:
        return
    message = f"{op}(): the data has no column(s) {missing!r} needed by {owner}; its columns are {available!r}."
    for name in missing:
        hint = did_you_mean(name, available, naming=True)
        if hint:
            message += hint
            break
    raise UnknownVariableError(message)


def count_frame(
    frame: pd.DataFrame,
    names: Sequence[str],
    known: Mapping[str, Sequence[Any]],
    families: Sequence[Sequence[int]],
    weights: Any,
    integer_weights: bool,
    need_dense: bool,
    op: str,
) -> tuple[dict[str, tuple[Any, ...]], list[Cells], float]:
    """Encode the columns ``names`` of a pandas frame once and count every family (columns by position).

    Returns the state lists, the cells of each family and the total weight.
    """
    codes, states = encode_columns(frame, names, known, op=op)
    w = _check_weights(frame, weights, op, integer_weights)
    cards = [len(states[n]) for n in names]
    limit = dense_limit(len(frame), need_dense)
    cells = [count_cells(codes, cards, cols, w, limit) for cols in families]
    total = float(w.sum()) if w is not None else float(len(frame))
    return states, cells, total
