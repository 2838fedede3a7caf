"""Numeric kernels on integer state codes: the one place where speed work happens.

A table is stored in one of two layouts:

* **dense**: the probability vector ``p`` lists every assignment in C
  (row-major) order of some order of the variables, so ``p.reshape(cards)`` is
  the distribution as an n-dimensional array and no codes need to be stored.
  The sum, product and quotient rules keep the axis order of their operands
  (as numpy's broadcasts do); a table copies into its variables' order only
  when that order is read (``Table._p``), with :func:`transposed`;
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

import itertools
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
    "merged_axes",
    "sum_to",
    "divide_by",
    "transposed",
    "pair_product",
    "chain_product",
    "ProductPlan",
    "product_plan",
    "planned_product",
]

_KEY_LIMIT = 1 << 62  # stay clear of int64 overflow when growing a key
_ROW_BLOCK = 1 << 15  # rows of a key built at once (256 kB of int64: fits in cache)
_MANY_COLUMNS = 8  # keys of more columns than this are built in blocks of rows
_BINCOUNT_SLACK = 4  # use bincount when key space <= slack * rows (+ a floor)
_BINCOUNT_FLOOR = 1 << 16
_LONG_ROW = (
    64  # a reduction whose contiguous inner block has at least this many cells runs at memory speed
)
_SHORT_TAIL = 16  # a trailing summed block shorter than this is left to the other strategies
_FEW_SUMMED = 4  # summing this few cells adds strided slices instead of copying
_FEW_STATES = 16  # one summed variable of at most this many states may be added as slices
_TINY = 64  # arrays this small are summed by numpy directly (choosing a strategy costs more)


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
    if len(columns) > _MANY_COLUMNS and n > _ROW_BLOCK and prod(int(c) for c in cards) < _KEY_LIMIT:
        return _combine_in_blocks(columns, cards, n), prod(int(c) for c in cards)
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


def _combine_in_blocks(columns: Sequence[np.ndarray], cards: Sequence[int], n: int) -> np.ndarray:
    """The exact mixed-radix key, built a block of rows at a time so the block stays in cache.

    Many columns make many passes over the key; done block by block, the key is
    read from and written to memory once instead of twice per column.
    """
    key = np.empty(n, dtype=np.int64)
    for start in range(0, n, _ROW_BLOCK):
        block = key[start : start + _ROW_BLOCK]
        block[...] = columns[0][start : start + _ROW_BLOCK]
        for column, card in zip(columns[1:], cards[1:]):
            block *= int(card)
            block += column[start : start + _ROW_BLOCK]
    return key


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
    view = _in_order(array, names, target)
    if view is not None:
        return view
    position = {name: i for i, name in enumerate(names)}
    view = array.transpose([position[name] for name in target if name in position])
    sizes = iter(view.shape)
    return view.reshape([next(sizes) if name in position else 1 for name in target])


def _in_order(array: np.ndarray, names: Sequence[str], target: Sequence[str]) -> np.ndarray | None:
    """:func:`expand_to` when ``names`` come in ``target``'s order (one scan, a reshape); else ``None``.

    >>> import numpy as np
    >>> _in_order(np.zeros((2, 3)), ("x", "y"), ("x", "z", "y")).shape, _in_order(np.zeros((3, 2)), ("y", "x"), ("x", "y"))
    ((2, 1, 3), None)
    """
    shape = []
    axes = iter(zip(names, array.shape))
    name, size = next(axes, (None, 1))
    for axis in target:
        if axis == name:
            shape.append(size)
            name, size = next(axes, (None, 1))
        else:
            shape.append(1)
    return array.reshape(shape) if name is None else None


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


# ---------------------------------------------------------------- dense reductions
#
# ``ndarray.sum(axis=<scattered axes>)`` on a 2**20-cell array of 20 binary axes
# takes from 0.3 ms to 20 ms depending on where the axes are: numpy's reduction
# is fast when the block it adds is long and contiguous, slow when it adds
# short strided runs. The kernels below first merge adjacent axes of the same
# kind (a free reshape), then pick one of three strategies by shape:
#
# 1. a summed block at the front or a long one at the back: one contiguous sum;
# 2. a few summed cells (one or two binary variables): add the strided slices
#    (numpy's sum over one binary axis in the middle of an array is 2 to 10
#    times slower, most when the kept block after it is short);
# 3. the last kept block is long: numpy's own sum over the summed blocks adds
#    long contiguous rows;
# 4. otherwise: one transposing copy that puts the smaller side (kept or
#    summed cells) first, then contiguous row sums or column sums.
#
# Arrays of at most ``_TINY`` cells are summed by numpy directly.


def merged_axes(shape: Sequence[int], keep: Sequence[bool]) -> tuple[list[int], list[bool]]:
    """Merge runs of adjacent axes that are all kept or all summed (a reshape, no copy).

    Axes of length 1 are dropped. Returns the merged shape and whether each
    merged axis is kept.

    >>> merged_axes((2, 2, 3, 2, 1, 2), (True, True, False, False, True, True))
    ([4, 6, 2], [True, False, True])
    """
    sizes: list[int] = []
    kinds: list[bool] = []
    for size, kept in zip(shape, keep):
        if size == 1:
            continue
        if kinds and kinds[-1] == bool(kept):
            sizes[-1] *= int(size)
        else:
            sizes.append(int(size))
            kinds.append(bool(kept))
    return sizes, kinds


def sum_to(array: np.ndarray, keep: Sequence[bool]) -> np.ndarray:
    """Sum ``array`` over the axes where ``keep`` is false; the kept axes stay, in order.

    The result equals ``array.sum(axis=<the other axes>)`` (up to the order of
    floating-point additions) and is C-contiguous; see the notes above for the
    strategies.

    >>> import numpy as np
    >>> a = np.arange(24.0).reshape(2, 3, 4)
    >>> sum_to(a, (False, True, False)).tolist()
    [60.0, 92.0, 124.0]
    >>> np.array_equal(sum_to(a, (True, False, True)), a.sum(axis=1))
    True
    """
    summed_axes = tuple([i for i, kept in enumerate(keep) if not kept])
    if len(summed_axes) == 1 and _slices_win(array.shape, summed_axes[0]):
        # one variable of a few states (the chain rule's step): add its slices, no bookkeeping
        head = (slice(None),) * summed_axes[0]
        total = array[head + (0,)] + array[head + (1,)]
        for state in range(2, array.shape[summed_axes[0]]):
            total += array[head + (state,)]
        return total if total.ndim and total.flags.c_contiguous else np.array(total, order="C")
    if array.size <= _TINY:  # call overhead dominates: numpy's own sum
        return np.asarray(np.add.reduce(array, axis=summed_axes))  # a new, C-ordered array
    out_shape = tuple(size for size, kept in zip(array.shape, keep) if kept)
    sizes, kinds = merged_axes(array.shape, keep)
    a = np.ascontiguousarray(array).reshape(sizes)
    if len(kinds) > 1 and not kinds[0]:  # a summed block in front: add contiguous slabs
        a = a.sum(axis=0)
        sizes, kinds = sizes[1:], kinds[1:]
    if (
        kinds and not kinds[-1] and (len(kinds) == 1 or sizes[-1] >= _SHORT_TAIL)
    ):  # long rows at the back
        a = a.sum(axis=-1)
        sizes, kinds = sizes[:-1], kinds[:-1]
    if all(kinds):
        return np.ascontiguousarray(a).reshape(out_shape)
    kept = [i for i, k in enumerate(kinds) if k]
    summed = [i for i, k in enumerate(kinds) if not k]
    n_summed = prod(sizes[i] for i in summed)
    if n_summed <= _FEW_SUMMED:  # a few summed cells: add the strided slices, no copy
        cells = itertools.product(*[range(sizes[i]) for i in summed])
        slices = [a[_at(len(sizes), summed, cell)] for cell in cells]
        total = slices[0] + slices[1]
        for part in slices[2:]:
            total += part
        return total.reshape(out_shape)
    if kinds[-1] and sizes[-1] >= _LONG_ROW:  # numpy adds long contiguous rows
        return a.sum(axis=tuple(summed)).reshape(out_shape)
    n_kept = prod(sizes[i] for i in kept)
    if n_kept <= n_summed:  # few results: kept block first, then long row sums
        rows = np.ascontiguousarray(a.transpose(kept + summed)).reshape(n_kept, n_summed)
        return rows.sum(axis=1).reshape(out_shape)
    columns = np.ascontiguousarray(a.transpose(summed + kept)).reshape(n_summed, n_kept)
    return columns.sum(axis=0).reshape(out_shape)


def _slices_win(shape: Sequence[int], axis: int) -> bool:
    """Whether summing one axis is faster as a sum of its slices than as numpy's sum over it.

    Adding k strided slices makes k passes over short runs; numpy's sum over a middle axis
    runs an inner loop per short run too, and loses unless the run after the axis is long
    and the axis has many states (measured on numpy 2.4: k = 5, runs of 1 cell: 24 µs
    against 135 µs for 40,000 cells; runs of 200 cells: 20 µs against 14 µs).

    >>> _slices_win((100, 2, 8), 1), _slices_win((10, 12, 400), 1), _slices_win((10, 1, 4), 1)
    (True, False, False)
    """
    states = shape[axis]
    if states <= 1:
        return False
    return states <= _FEW_SUMMED or (states <= _FEW_STATES and prod(shape[axis + 1 :]) < _LONG_ROW)


def _at(ndim: int, axes: Sequence[int], cell: Sequence[int]) -> tuple[int | slice, ...]:
    """An index that fixes ``axes`` at ``cell`` and keeps every other axis whole."""
    index: list[int | slice] = [slice(None)] * ndim
    for axis, position in zip(axes, cell):
        index[axis] = int(position)
    return tuple(index)


def divide_by(array: np.ndarray, keep: Sequence[bool], denominator: np.ndarray) -> np.ndarray:
    """``array`` divided by ``denominator``, an array over the kept axes (in order), broadcast.

    One numpy broadcast: numpy's iterator merges adjacent axes itself (merging them
    here first saved less than it cost). Returns a C-contiguous array of ``array``'s shape.

    >>> import numpy as np
    >>> a = np.arange(1.0, 7.0).reshape(2, 3)
    >>> divide_by(a, (False, True), a.sum(axis=0)).sum(axis=0).tolist()
    [1.0, 1.0, 1.0]
    """
    shape = [n if kept else 1 for n, kept in zip(array.shape, keep)]
    return np.divide(array, denominator.reshape(shape), order="C")


def transposed(array: np.ndarray, axes: Sequence[int]) -> np.ndarray:
    """``array`` with its axes in the order ``axes``, as a C-contiguous array (a copy unless already so).

    numpy's own copy through the transposed view: on numpy 2.4 it beats gathering
    through a precomputed flat index by 1.5 to 3 times, even over many short axes
    (16 binary axes: 0.17 ms against 0.42 ms), so there is no second strategy.

    >>> import numpy as np
    >>> a = np.arange(24.0).reshape(2, 3, 4)
    >>> bool((transposed(a, (2, 0, 1)) == a.transpose(2, 0, 1)).all())
    True
    """
    return np.ascontiguousarray(array.transpose(axes))


def pair_product(
    left: np.ndarray, left_names: Sequence[str], right: np.ndarray, right_names: Sequence[str]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """``left * right`` of arrays with named axes, and the name of each axis of the result:
    :func:`chain_product` of two arrays, with a short path for the chain rule's case (the
    smaller array's axes are some of the larger's, in the same order).

    >>> import numpy as np
    >>> x = np.array([0.2, 0.8])
    >>> y_given_x = np.array([[0.9, 0.1], [0.3, 0.7]])  # axes (y, x)
    >>> product, axes = pair_product(x, ("x",), y_given_x, ("y", "x"))
    >>> axes, product.tolist()
    (('y', 'x'), [[0.18000000000000002, 0.08000000000000002], [0.06, 0.5599999999999999]])
    """
    big, big_names, small, small_names = (
        (left, left_names, right, right_names)
        if left.size >= right.size
        else (right, right_names, left, left_names)
    )
    view = _in_order(small, small_names, big_names)
    if view is not None:  # the chain rule's case: a view, one broadcast
        return np.multiply(big, view), tuple(big_names)
    return chain_product([left, right], [left_names, right_names])


def chain_product(
    arrays: Sequence[np.ndarray], names: Sequence[Sequence[str]]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """``((a0 * a1) * a2) * ...`` of arrays with named axes, and the name of each axis of the result.

    The products are broadcast in the axis order of the largest array, followed
    by the other arrays' new axes in order of appearance: the largest factor is
    read in its own order and nothing is copied into another order (a table
    keeps the result in this order; see ``Table._p``). The association, hence
    every rounding, is that of the pairwise products, whatever the order.

    >>> import numpy as np
    >>> x = np.array([0.2, 0.8])
    >>> y_given_x = np.array([[0.9, 0.1], [0.3, 0.7]])  # axes (y, x)
    >>> product, axes = chain_product([x, y_given_x], [("x",), ("y", "x")])
    >>> axes, product.tolist()
    (('y', 'x'), [[0.18000000000000002, 0.08000000000000002], [0.06, 0.5599999999999999]])
    """
    plan = product_plan([array.shape for array in arrays], names)
    return planned_product(arrays, plan), plan.axes


@dataclass(frozen=True)
class ProductPlan:
    """How :func:`planned_product` multiplies arrays of given shapes and axis names: the result's
    axes, and per array the transpose that puts its axes in the result's order (``None`` when
    they are) and the shape that broadcasts it over the result."""

    axes: tuple[str, ...]
    steps: tuple[tuple[tuple[int, ...] | None, tuple[int, ...]], ...]


def product_plan(shapes: Sequence[Sequence[int]], names: Sequence[Sequence[str]]) -> ProductPlan:
    """The plan of :func:`chain_product` for arrays of these shapes and axis names.

    >>> plan = product_plan([(2,), (3, 2)], [("x",), ("y", "x")])
    >>> plan.axes, plan.steps
    (('y', 'x'), ((None, (1, 2)), (None, (3, 2))))
    """
    sizes = [prod(shape) for shape in shapes]
    largest = sizes.index(max(sizes))
    position = {name: i for i, name in enumerate(names[largest])}
    for axis_names in names:  # axes the largest array lacks come after its own
        for name in axis_names:
            position.setdefault(name, len(position))
    ndim = len(position)
    steps = []
    for shape, axis_names in zip(shapes, names):
        view = [1] * ndim
        last, order = -1, None
        for name, n in zip(axis_names, shape):
            at = position[name]
            if at < last:  # axes in another order than the result's: transposed first
                order = tuple(sorted(range(len(axis_names)), key=lambda i: position[axis_names[i]]))
            view[at] = n
            last = at
        steps.append((order, tuple(view)))
    return ProductPlan(tuple(position), tuple(steps))


def planned_product(arrays: Sequence[np.ndarray], plan: ProductPlan) -> np.ndarray:
    """``((a0 * a1) * a2) * ...`` by ``plan`` (see :func:`product_plan`), as a C-contiguous array.

    >>> import numpy as np
    >>> plan = product_plan([(2,), (2, 2)], [("x",), ("y", "x")])
    >>> planned_product([np.array([0.2, 0.8]), np.array([[0.9, 0.1], [0.3, 0.7]])], plan).tolist()
    [[0.18000000000000002, 0.08000000000000002], [0.06, 0.5599999999999999]]
    """
    result = None
    for array, (order, shape) in zip(arrays, plan.steps):
        view = (array if order is None else array.transpose(order)).reshape(shape)
        result = view if result is None else np.multiply(result, view, order="C")
    assert result is not None  # a plan has at least one step
    return result if result.flags.c_contiguous else np.ascontiguousarray(result)
