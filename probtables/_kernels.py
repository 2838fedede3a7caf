"""Numeric kernels on integer state codes: the one place where speed work happens.

A table is stored in one of two layouts:

* **dense**: the probability vector ``p`` lists every assignment in canonical
  (C, row-major) order of the variables, so ``p.reshape(cards)`` is the
  distribution as an n-dimensional array and no codes need to be stored;
* **sparse**: ``codes`` is an ``(n_rows, n_vars)`` integer array (one column of
  state codes per variable) beside ``p``; absent rows have probability zero.

Grouping uses a mixed-radix key of the kept variables' codes
(``key = ((c0 * k1) + c1) * k2 + c2 ...``) and ``np.bincount`` when the key space
is small, a sort (``np.unique``) when it is large, and compacts the key whenever
it would overflow 63 bits, so any number of variables works.

Examples
--------
>>> import numpy as np
>>> codes = dense_codes((2, 3))
>>> codes.T.tolist()
[[0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]]
>>> key, size = mixed_key(codes, (2, 3), (1, 0))
>>> key.tolist(), size
([0, 2, 4, 1, 3, 5], 6)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import prod

import numpy as np

__all__ = [
    "code_dtype",
    "dense_codes",
    "mixed_key",
    "combine_codes",
    "group_sum",
    "scatter_dense",
    "join_indices",
    "expand_to",
    "independence_gaps",
    "Cells",
    "count_cells",
    "sums_per_group",
]

_KEY_LIMIT = 1 << 62  # stay clear of int64 overflow when growing a key
_BINCOUNT_SLACK = 4  # use bincount when key space <= slack * rows (+ a floor)
_BINCOUNT_FLOOR = 1 << 16


def code_dtype(max_card: int) -> np.dtype:
    """The smallest signed integer dtype that holds codes ``0 .. max_card - 1``.

    >>> code_dtype(2), code_dtype(300)
    (dtype('int8'), dtype('int16'))
    """
    for dtype in (np.int8, np.int16, np.int32):
        if max_card <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def dense_codes(cards: Sequence[int]) -> np.ndarray:
    """Codes of every assignment of variables with ``cards`` states, in canonical order.

    Returns a Fortran-ordered ``(prod(cards), len(cards))`` array, so each
    variable's column is contiguous.

    >>> dense_codes((2, 2)).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    cards = tuple(int(c) for c in cards)
    n = prod(cards)
    dtype = code_dtype(max(cards, default=1))
    out = np.empty((n, len(cards)), dtype=dtype, order="F")
    for axis, card in enumerate(cards):
        shape = [1] * len(cards)
        shape[axis] = card
        column = np.arange(card, dtype=dtype).reshape(shape)
        out[:, axis] = np.broadcast_to(column, cards).reshape(-1)
    return out


def mixed_key(codes: np.ndarray, cards: Sequence[int], cols: Sequence[int]) -> tuple[np.ndarray, int]:
    """A mixed-radix int64 key of the columns ``cols`` of ``codes``.

    Returns ``(key, size)``. When the key space fits in 62 bits, ``key`` is the
    exact mixed-radix number (first column most significant) and ``size`` is
    ``prod(cards[c] for c in cols)``. Otherwise the partial key is compacted to
    dense ranks on the way (``np.unique``) and ``size`` is the number of
    distinct keys; equal rows still get equal keys and the order of keys is
    still lexicographic in the codes.

    >>> import numpy as np
    >>> codes = np.array([[1, 0], [0, 2]])
    >>> mixed_key(codes, (2, 3), (0, 1))[0].tolist()
    [3, 2]
    """
    return combine_codes([codes[:, col] for col in cols], [cards[col] for col in cols], codes.shape[0])


def combine_codes(columns: Sequence[np.ndarray], cards: Sequence[int], n: int) -> tuple[np.ndarray, int]:
    """The mixed-radix int64 key of code columns (first most significant), as :func:`mixed_key`.

    ``columns[i]`` holds codes in ``range(cards[i])``; ``n`` is the number of
    rows (needed when there are no columns: one key, 0, for every row).

    >>> import numpy as np
    >>> combine_codes([np.array([1, 0]), np.array([0, 2])], (2, 3), 2)[0].tolist()
    [3, 2]
    """
    key = np.zeros(n, dtype=np.int64)
    size = 1
    last = len(columns) - 1
    for i, (column, card) in enumerate(zip(columns, cards)):
        card = int(card)
        if size * card >= _KEY_LIMIT:
            uniq, key = np.unique(key, return_inverse=True)
            key = key.astype(np.int64, copy=False).reshape(-1)
            size = len(uniq)
        if size == 1:  # the key so far is one value: start it from this column
            key = column.astype(
                np.int64, copy=i < last
            )  # a copy only if later columns update it in place
        else:
            key *= card
            key += column
        size *= card
    return key, size


def _is_exact(cards: Sequence[int], cols: Sequence[int]) -> bool:
    return prod(int(cards[c]) for c in cols) < _KEY_LIMIT


def group_sum(
    codes: np.ndarray, cards: Sequence[int], cols: Sequence[int], p: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray]:
    """Sum ``p`` over the rows that agree on the columns ``cols``.

    Returns ``(new_codes, sums)``. When every assignment of ``cols`` occurs,
    ``new_codes`` is ``None`` and ``sums`` is dense (canonical order of
    ``cols``); otherwise ``new_codes`` holds the codes of each group present
    (sorted lexicographically) and ``sums`` their sums. Groups whose rows are
    present with probability zero are kept (present means listed).

    >>> import numpy as np
    >>> codes = np.array([[0, 0], [0, 1], [1, 1]])
    >>> new, sums = group_sum(codes, (2, 2), (1,), np.array([0.2, 0.3, 0.5]))
    >>> new is None, sums.tolist()
    (True, [0.2, 0.8])
    """
    sub_cards = tuple(int(cards[c]) for c in cols)
    if not cols:
        return None, np.array([p.sum()])
    key, size = mixed_key(codes, cards, cols)
    exact = _is_exact(cards, cols)
    n = len(key)
    if exact and size <= _BINCOUNT_SLACK * n + _BINCOUNT_FLOOR:
        sums = np.bincount(key, weights=p, minlength=size)
        if n >= size:
            counts = np.bincount(key, minlength=size)
            present = counts > 0
            if present.all():
                return None, sums
            idx = np.flatnonzero(present)
        else:
            idx = np.unique(key)
            if len(idx) == size:
                return None, sums
        new_codes = np.stack(np.unravel_index(idx, sub_cards), axis=1)
        return _as_codes(new_codes, sub_cards), sums[idx]
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    sums = np.bincount(inverse.reshape(-1), weights=p, minlength=len(uniq))
    if exact and len(uniq) == size:
        return None, sums
    new_codes = codes[first][:, list(cols)]
    return _as_codes(new_codes, sub_cards), sums


def _as_codes(codes: np.ndarray, cards: Sequence[int]) -> np.ndarray:
    return np.asfortranarray(codes.astype(code_dtype(max(cards, default=1)), copy=False))


def scatter_dense(codes: np.ndarray, cards: Sequence[int], p: np.ndarray) -> np.ndarray:
    """The dense vector (canonical order) of a sparse table; absent rows are 0.

    >>> import numpy as np
    >>> scatter_dense(np.array([[1, 0]]), (2, 2), np.array([1.0])).tolist()
    [0.0, 0.0, 1.0, 0.0]
    """
    key, size = mixed_key(codes, cards, range(len(cards)))
    out = np.zeros(size, dtype=np.float64)
    out[key] = p
    return out


def join_indices(key_a: np.ndarray, key_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs ``(i, j)`` with ``key_a[i] == key_b[j]`` (an inner join on keys).

    Returned as two index arrays, grouped by ``i`` in increasing order.

    >>> import numpy as np
    >>> ia, ib = join_indices(np.array([0, 1, 1]), np.array([1, 0, 1]))
    >>> ia.tolist(), ib.tolist()
    ([0, 1, 1, 2, 2], [1, 0, 2, 0, 2])
    """
    order_b = np.argsort(key_b, kind="stable")
    sorted_b = key_b[order_b]
    left = np.searchsorted(sorted_b, key_a, side="left")
    right = np.searchsorted(sorted_b, key_a, side="right")
    counts = right - left
    total = int(counts.sum())
    ia = np.repeat(np.arange(len(key_a)), counts)
    starts = np.repeat(left - (np.cumsum(counts) - counts), counts)
    ib = order_b[starts + np.arange(total)]
    return ia, ib


def expand_to(array: np.ndarray, names: Sequence[str], target: Sequence[str]) -> np.ndarray:
    """View ``array`` (axes named ``names``) so it broadcasts against axes ``target``.

    Axes are transposed into the order they have in ``target`` and size-1
    axes are inserted for the names ``array`` lacks; no data is copied.

    >>> import numpy as np
    >>> expand_to(np.zeros((2, 3)), ("y", "x"), ("x", "z", "y")).shape
    (3, 1, 2)
    """
    position = {name: i for i, name in enumerate(names)}
    present = [name for name in target if name in position]
    view = array.transpose([position[name] for name in present])
    shape = [view.shape[present.index(name)] if name in position else 1 for name in target]
    return view.reshape(shape)


def independence_gaps(joint: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gaps |p(a, b | c) - p(a | c) p(b | c)| of an array ``joint[a, b, c]`` of p(a, b, c).

    Returns ``(gaps, p_ab_given_c, product)``, each of ``joint``'s shape; the
    gaps are 0 where p(c) = 0 (the conditional is undefined there).

    >>> import numpy as np
    >>> gaps, _, _ = independence_gaps(np.full((2, 2, 1), 0.25))
    >>> float(gaps.max())
    0.0
    """
    p_c = joint.sum(axis=(0, 1))
    defined = p_c > 0
    safe = np.where(defined, p_c, 1.0)
    p_ab = joint / safe
    product = (joint.sum(axis=1) / safe)[:, None, :] * (joint.sum(axis=0) / safe)[None, :, :]
    gaps = np.where(defined[None, None, :], np.abs(p_ab - product), 0.0)
    return gaps, p_ab, product


@dataclass
class Cells:
    """Counts of rows by some columns (a family), dense or sparse."""

    cards: tuple[int, ...]
    dense: np.ndarray | None  # a count for every cell, canonical (C) order
    codes: np.ndarray | None  # sparse: (m, k) codes of the cells that occur ...
    counts: np.ndarray | None  # ... and their counts


def count_cells(
    codes: np.ndarray, cards: Sequence[int], cols: Sequence[int], weights: np.ndarray | None, limit: int
) -> Cells:
    """Count the rows of ``codes`` by the columns ``cols``: one bincount over their mixed-radix key.

    Dense (every cell, canonical order) when the key space is exact and at most
    ``limit`` cells; otherwise sparse, the cells that occur sorted by key.

    >>> import numpy as np
    >>> count_cells(np.array([[0, 1], [0, 1], [1, 0]]), (2, 2), (0, 1), None, 16).dense.tolist()
    [0.0, 2.0, 1.0, 0.0]
    >>> count_cells(np.array([[0, 1], [0, 1], [1, 0]]), (2, 2), (0, 1), None, 2).counts.tolist()
    [2.0, 1.0]
    """
    fam_cards = tuple(int(cards[c]) for c in cols)
    key, size = mixed_key(codes, cards, cols)
    if prod(fam_cards) == size and size <= limit:
        dense = np.bincount(key, weights=weights, minlength=size).astype(np.float64, copy=False)
        return Cells(fam_cards, dense, None, None)
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=weights, minlength=len(uniq)).astype(
        np.float64, copy=False
    )
    return Cells(fam_cards, None, codes[np.ix_(first, np.asarray(cols))], counts)


def sums_per_group(
    codes: np.ndarray, cards: Sequence[int], cols: Sequence[int], p: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sums of ``p`` per distinct assignment of the columns ``cols`` that occurs.

    Returns ``(sums, first, group)``: the sums (groups in key order), the first
    row of each group, and each row's group. With no columns there is one group.

    >>> import numpy as np
    >>> sums, first, group = sums_per_group(np.array([[1, 0], [0, 1], [1, 1]]), (2, 2), (0,), np.array([0.2, 0.3, 0.5]))
    >>> sums.tolist(), first.tolist(), group.tolist()
    ([0.3, 0.7], [1, 0], [1, 0, 1])
    """
    if not cols:
        return np.array([p.sum()]), np.zeros(1, dtype=np.intp), np.zeros(len(p), dtype=np.intp)
    key, _ = mixed_key(codes, cards, cols)
    uniq, first, group = np.unique(key, return_index=True, return_inverse=True)
    group = group.reshape(-1)
    return np.bincount(group, weights=p, minlength=len(uniq)), first, group
