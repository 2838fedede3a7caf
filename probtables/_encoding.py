"""From a DataFrame of observations to integer codes and weights: the one path shared by
estimation (:meth:`Table.from_samples <probtables.table.Table.from_samples>`,
:func:`~probtables.estimate.fit` and the scores) and the statistical tests
(:func:`~probtables.stats.independence_test`).

A column becomes codes ``0 .. k-1`` into a state list of ``k`` states, either
*known* (given by the caller: explicit ``states=``, a network's tables) or
*inferred* (a Categorical's categories, else the sorted distinct values). The
cheapest route is taken for each kind of column:

* a Categorical: its codes are used as they are (no copy) when the categories
  are the states, else remapped through a small lookup of the categories;
* numpy integers and booleans over a small range: a lookup indexed by the
  value (``values - min``), no hashing; integers ``0 .. k-1`` with states
  ``0 .. k-1`` are used as they are;
* anything else (strings, pandas 3's ``str`` dtype, arrow strings, objects,
  floats, nullable dtypes, dates): one ``pandas.factorize`` (sorted when the
  states are inferred), and with known states a lookup from its few distinct
  values to the states.

Every caller gets the same errors in the same words: a missing value raises
:class:`~probtables.errors.MissingValueError`, a value outside known states
:class:`~probtables.errors.UnknownStateError`, bad weights
:class:`~probtables.errors.DataError`, each naming the column and the rows.

Examples
--------
>>> import pandas as pd
>>> data = pd.DataFrame({"x": ["b", "a", "b"], "y": [1, 0, 1]})
>>> codes, states = encode_columns(data, ["x", "y"], op="fit")
>>> codes.tolist(), states
([[1, 1], [0, 0], [1, 1]], {'x': ('a', 'b'), 'y': (0, 1)})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from probtables._kernels import code_dtype
from probtables.errors import (
    DataError,
    MissingValueError,
    UnknownStateError,
    UnknownVariableError,
    did_you_mean,
)

__all__ = ["encode_columns", "encode_column", "frequency_weights"]

_SHOW = 5  # offending rows or values shown in a message
_MISSING = -1  # code of a missing value (as pandas uses)
_UNKNOWN = -2  # code of a value outside known states
_RANGE_SLACK = 1 << 16  # integer columns whose range is at most rows + this use a lookup, not a hash


def encode_columns(
    data: pd.DataFrame,
    names: Sequence[str],
    states: Mapping[str, Sequence[Any]] | None = None,
    *,
    op: str,
) -> tuple[np.ndarray, dict[str, tuple[Any, ...]]]:
    """Integer codes of the columns ``names`` of ``data`` and each column's state list.

    This is the entry point every caller uses: checks of the data as a whole
    belong here, before the columns are encoded one by one.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation.
    names : sequence of str
        The columns to encode (all present in ``data``).
    states : mapping of str to sequence, optional
        Known state lists, in order; other columns' states are inferred.
    op : str
        The public operation, for messages (``"fit"`` gives ``fit(): ...``).

    Returns
    -------
    codes : numpy.ndarray
        ``(len(data), len(names))``, Fortran order (each column contiguous),
        the smallest integer dtype that holds the codes.
    states : dict of str to tuple
        Each column's states; ``codes[:, j]`` indexes ``states[names[j]]``.

    Raises
    ------
    MissingValueError, UnknownStateError
        A missing value, or a value outside a known state list.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"x": ["b", "a"]})
    >>> codes, states = encode_columns(data, ["x"], {"x": ["c", "b", "a"]}, op="fit")
    >>> codes[:, 0].tolist(), states["x"]
    ([1, 2], ('c', 'b', 'a'))
    """
    state_lists: dict[str, tuple[Any, ...]] = {}
    known_sizes = [len(states[name]) for name in names if states is not None and name in states]
    codes = np.empty((len(data), len(names)), dtype=code_dtype(max(known_sizes, default=1)), order="F")
    for col, name in enumerate(
        names
    ):  # each column's codes go straight into the matrix (low peak memory)
        known = None if states is None else states.get(name)
        column_codes, state_lists[name] = encode_column(data[name], name, known, op=op)
        dtype = code_dtype(len(state_lists[name]))
        if dtype.itemsize > codes.dtype.itemsize:  # more states than the dtype so far holds: widen
            codes = np.asfortranarray(codes.astype(dtype))
        codes[:, col] = column_codes
    return codes, state_lists


def encode_column(
    column: pd.Series, name: str, states: Sequence[Any] | None = None, *, op: str
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Codes (an integer array, possibly a view of the column's own codes) and the state list.

    With ``states`` the codes index that list; without, the states are the
    categories of a Categorical, else the sorted distinct values.

    Examples
    --------
    >>> import pandas as pd
    >>> codes, states = encode_column(pd.Series([3, 1, 3]), "x", op="fit")
    >>> codes.tolist(), states
    ([1, 0, 1], (1, 3))
    >>> encode_column(pd.Series(["no", "yes"]), "x", ("yes", "no"), op="fit")[0].tolist()
    [1, 0]
    """
    known = None if states is None else tuple(states)
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes, found = _categorical(column, known)
    elif isinstance(dtype, np.dtype) and dtype.kind in "biu" and len(column):
        codes, found = _integers(column.to_numpy(), known)
    else:
        codes, found = _factorized(column, known)
    if len(codes) and codes.min() < 0:
        _raise_bad_codes(column, name, codes, found, op)
    return codes, found


def _categorical(column: pd.Series, known: tuple[Any, ...] | None) -> tuple[np.ndarray, tuple]:
    codes = column.array.codes  # a view of the column's codes, no copy
    categories = tuple(column.cat.categories.tolist())
    if known is None or categories == known:
        return codes, categories
    lookup = _lookup(column.cat.categories, known)
    return lookup[codes], known  # code -1 (missing) reads the last entry, which is -1


def _integers(values: np.ndarray, known: tuple[Any, ...] | None) -> tuple[np.ndarray, tuple]:
    if values.dtype.kind == "b":
        codes, found = _integers(values.view(np.uint8), known)
        return codes, found if known is not None else tuple(bool(v) for v in found)
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    if span > len(values) + _RANGE_SLACK:  # sparse values: hashing is cheaper than a lookup
        return _factorized(pd.Series(values), known)
    offset = _offset(values, low)
    if known is None:
        present = np.zeros(span, dtype=bool)
        present[offset] = True
        found = tuple(low + int(i) for i in np.flatnonzero(present))
        if low == 0 and len(found) == span:  # the values are the codes
            return values, found
        lookup = (np.cumsum(present, dtype=np.int64) - 1).astype(code_dtype(len(found)))
        return lookup[offset], found
    if known == tuple(range(len(known))) and low >= 0 and high < len(known):
        return values, known  # states 0 .. k-1 and values among them: the values are the codes
    position: dict[Any, int] = {}
    for i, state in enumerate(known):
        if isinstance(
            state, (int, float, np.integer, np.floating)
        ):  # 1 == 1.0 == True, as pandas matches
            position.setdefault(state, i)
    lookup = np.array(
        [position.get(v, _UNKNOWN) for v in range(low, high + 1)], dtype=code_dtype(len(known))
    )
    return lookup[offset], known


def _offset(values: np.ndarray, low: int) -> np.ndarray:
    """``values - low`` without overflow: wrapped in the column's own width, read as unsigned."""
    if low == 0:
        return values
    return (values - values.dtype.type(low)).view(np.dtype(f"u{values.dtype.itemsize}"))


def _factorized(column: pd.Series, known: tuple[Any, ...] | None) -> tuple[np.ndarray, tuple]:
    if known is None:
        codes, uniques = pd.factorize(column, sort=True)
        return codes, tuple(v.item() if isinstance(v, np.generic) else v for v in uniques.tolist())
    codes, uniques = pd.factorize(column)  # unsorted is cheaper; the few uniques are then looked up
    return _lookup(pd.Index(uniques), known)[codes], known


def _lookup(values: pd.Index, known: tuple[Any, ...]) -> np.ndarray:
    """Each of a few distinct ``values``' position in ``known`` (-2 if absent), then -1 for code -1."""
    found = pd.Index(list(known), dtype=object).get_indexer(pd.Index(values, dtype=object))
    lookup = np.append(np.where(found < 0, _UNKNOWN, found), _MISSING)
    return lookup.astype(code_dtype(len(known)))  # small codes: the gathered column is small too


def _raise_bad_codes(
    column: pd.Series, name: str, codes: np.ndarray, states: tuple[Any, ...], op: str
) -> None:
    missing = codes == _MISSING
    if missing.any():
        rows = column.index[missing][:_SHOW].tolist()
        raise MissingValueError(
            f"{op}(): column {name!r} has {int(missing.sum())} missing value(s), in rows {rows!r}; "
            "drop or fill them first."
        )
    bad = column[codes == _UNKNOWN]
    shown = list(dict.fromkeys(bad.tolist()))[:_SHOW]
    raise UnknownStateError(
        f"{op}(): variable {name!r} has value(s) {shown!r} (rows {bad.index[:_SHOW].tolist()!r}) "
        f"that are not among its states {states!r}."
    )


def frequency_weights(data: pd.DataFrame, weights: Any, *, op: str) -> np.ndarray | None:
    """Per-row weights as float64, checked to be numbers, one per row, finite and non-negative.

    ``weights`` is a column name or one number per row; ``None`` gives ``None``.

    Examples
    --------
    >>> import pandas as pd
    >>> frequency_weights(pd.DataFrame({"x": [0, 1], "w": [2, 3]}), "w", op="fit").tolist()
    [2.0, 3.0]
    >>> frequency_weights(pd.DataFrame({"x": [0, 1]}), [1, -1], op="fit")
    Traceback (most recent call last):
    ...
    probtables.errors.DataError: fit(): weights must be non-negative; 1 are negative, in rows [1].
    """
    if weights is None:
        return None
    if isinstance(weights, str):
        if weights not in data.columns:
            raise UnknownVariableError(
                f"{op}(): unknown weights column {weights!r}; the data has columns {tuple(data.columns)!r}."
                + did_you_mean(weights, data.columns)
            )
        weights = data[weights]
    w = _numeric(weights, op)
    if w.shape != (len(data),):
        raise DataError(
            f"{op}(): weights must hold one number per row ({len(data)}); got shape {w.shape}."
        )
    for bad, what in (
        (~np.isfinite(w), "finite; {} are NaN or infinite"),
        (w < 0, "non-negative; {} are negative"),
    ):
        if bad.any():
            rows = data.index[bad][:_SHOW].tolist()
            raise DataError(f"{op}(): weights must be {what.format(int(bad.sum()))}, in rows {rows!r}.")
    return w


def _numeric(weights: Any, op: str) -> np.ndarray:
    if isinstance(weights, (pd.Series, pd.Index)) or isinstance(
        weights, pd.api.extensions.ExtensionArray
    ):
        dtype = weights.dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise DataError(f"{op}(): weights must be numbers; got dtype {dtype}.")
        return np.asarray(weights.to_numpy(dtype=np.float64, na_value=np.nan))
    array = np.asarray(weights)
    if array.dtype.kind not in "iuf":
        raise DataError(f"{op}(): weights must be numbers; got dtype {array.dtype}.")
    return array.astype(np.float64)
