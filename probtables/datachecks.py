r"""Checks on observations before they are counted: missing values and columns that are not discrete.

Every path that turns a DataFrame of observations into counts (the tests of
:mod:`probtables.stats`, :meth:`Table.from_samples <probtables.table.Table.from_samples>`,
:func:`probtables.estimate.fit`, information measures on data) calls
:func:`check_columns` (or its two halves) on the columns it uses, so that the
same data get the same words everywhere.

Missing values
--------------
A missing value (``NaN``, ``None``, ``pd.NA``) is not a state. Without
``dropna`` the error names *every* used column that has some, with how many
and the first rows; with ``dropna=True`` the rows incomplete in the used
columns are dropped and their number is returned, so that callers can report
it.

Columns that are not discrete
-----------------------------
Counting a measured quantity (a weight in grams, a length in mm) as if each
distinct value were a state gives tables with one or two observations per
cell: tests with thousands of degrees of freedom and no power, fitted tables
of noise. A column is refused when its number of distinct values exceeds

.. math:: \max\bigl(\text{ALWAYS\_ALLOWED},\ \text{max\_distinct} \times n\bigr),

where :math:`n` is the number of rows (or the total weight, for weighted
data), ``max_distinct`` defaults to :data:`DEFAULT_MAX_DISTINCT` (0.5: a
column may take as many distinct values as half the rows) and
:data:`ALWAYS_ALLOWED` (20) distinct values are always accepted. The message
names the column and points to ``pandas.cut``/``pandas.qcut``; pass
``max_distinct=None`` when the values really are states.

Examples
--------
>>> import pandas as pd
>>> from probtables.datachecks import check_columns
>>> data = pd.DataFrame({"x": [0, 1, None, 1], "y": ["a", "b", "b", None]})
>>> kept, weights, dropped = check_columns(data, ["x", "y"], dropna=True, where="example()")
>>> len(kept), dropped
(2, 2)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from probtables.errors import (
    DroppedRowsWarning,
    InvalidParameterError,
    MissingDataError,
    NotDiscreteError,
)

__all__ = [
    "DEFAULT_MAX_DISTINCT",
    "ALWAYS_ALLOWED",
    "check_columns",
    "prepare_samples",
    "check_missing",
    "check_discrete",
    "missing_values_error",
    "distinct_limit",
]

#: Default of ``max_distinct``: a column may have at most this share of the rows as distinct values.
DEFAULT_MAX_DISTINCT = 0.5
#: This many distinct values are always accepted, whatever the number of rows.
ALWAYS_ALLOWED = 20
_SHOW = 5  # rows shown per column in a message


def missing_values_error(where: str, found: Sequence[tuple[Any, int, list[Any]]]) -> MissingDataError:
    """The error for missing values: every column, its count and its first rows.

    ``found`` holds ``(column, count, first row labels)`` for each column with missing values.

    >>> print(missing_values_error("f()", [("x", 2, [0, 3]), ("y", 1, [5])]))
    f(): missing values in 2 columns: 'x' has 2 (rows [0, 3]), 'y' has 1 (rows [5]); pass dropna=True to drop the incomplete rows, or fill them first.
    """
    noun = "column" if len(found) == 1 else "columns"
    parts = ", ".join(f"{name!r} has {count} (rows {rows!r})" for name, count, rows in found)
    return MissingDataError(
        f"{where}: missing values in {len(found)} {noun}: {parts}; "
        "pass dropna=True to drop the incomplete rows, or fill them first."
    )


def check_missing(
    frame: pd.DataFrame, columns: Sequence[Any], *, dropna: bool, where: str
) -> tuple[pd.DataFrame, np.ndarray | None, int]:
    """Drop (``dropna=True``) or refuse the rows with a missing value in ``columns``.

    Returns
    -------
    frame, kept, dropped
        The frame (the input itself when nothing is dropped), the boolean mask of
        the rows kept (None when every row is kept) and the number dropped.

    Raises
    ------
    MissingDataError
        Without ``dropna``, naming every column with missing values; with it,
        when no complete row is left.
    """
    if not isinstance(dropna, (bool, np.bool_)):
        raise InvalidParameterError(f"{where}: dropna must be True or False; got {dropna!r}.")
    incomplete = np.zeros(len(frame), dtype=bool)
    found = []
    for name in columns:
        missing = frame[name].isna().to_numpy(dtype=bool)
        if missing.any():
            found.append((name, int(missing.sum()), frame.index[missing][:_SHOW].tolist()))
            incomplete |= missing
    if not found:
        return frame, None, 0
    if not dropna:
        raise missing_values_error(where, found)
    dropped = int(incomplete.sum())
    if dropped == len(frame):
        raise MissingDataError(
            f"{where}: every one of the {len(frame)} rows has a missing value in "
            f"{tuple(name for name, _, _ in found)!r}; nothing is left after dropna=True."
        )
    kept = ~incomplete
    return frame[kept], kept, dropped


def distinct_limit(max_distinct: float | None, n: float, where: str) -> float:
    """The largest number of distinct values a column of ``n`` rows may have (``inf`` for None).

    >>> distinct_limit(0.5, 1000, "f()"), distinct_limit(0.5, 10, "f()")
    (500.0, 20.0)
    """
    if max_distinct is None:
        return float("inf")
    if isinstance(max_distinct, bool) or not isinstance(max_distinct, (int, float, np.number)):
        raise InvalidParameterError(
            f"{where}: max_distinct must be a positive number (a share of the rows) or None; "
            f"got {max_distinct!r}."
        )
    if not max_distinct > 0:
        raise InvalidParameterError(f"{where}: max_distinct must be positive; got {max_distinct!r}.")
    return max(float(ALWAYS_ALLOWED), float(max_distinct) * float(n))


def _distinct_at_most(column: pd.Series, limit: float) -> int | None:
    """The number of distinct values, or None when it is cheaply known to be within ``limit``."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if len(dtype.categories) <= limit:
            return None
    elif pd.api.types.is_bool_dtype(dtype):
        return None
    elif isinstance(dtype, np.dtype) and dtype.kind in "iu" and len(column):
        values = column.to_numpy()
        if int(values.max()) - int(values.min()) + 1 <= limit:
            return None
    try:
        return int(column.nunique(dropna=True))
    except (
        TypeError
    ):  # unhashable cells (lists, dicts): not states at all, reported where they are encoded
        return None


def check_discrete(
    frame: pd.DataFrame,
    columns: Sequence[Any],
    *,
    max_distinct: float | None = DEFAULT_MAX_DISTINCT,
    n: float | None = None,
    where: str,
) -> None:
    """Refuse a column whose distinct values exceed :func:`distinct_limit` (see the module notes).

    ``n`` is the number of observations (the total weight for weighted data);
    the number of rows by default.

    Raises
    ------
    NotDiscreteError
        Naming the first such column, its number of distinct values and the
        limit, and pointing to ``pandas.cut``/``pandas.qcut``.

    Examples
    --------
    >>> import pandas as pd
    >>> from probtables.datachecks import check_discrete
    >>> data = pd.DataFrame({"grams": [float(i) for i in range(100)], "sex": ["f", "m"] * 50})
    >>> check_discrete(data, ["sex"], where="f()")
    >>> check_discrete(data, ["grams", "sex"], where="f()")
    Traceback (most recent call last):
    ...
    probtables.errors.NotDiscreteError: f(): column 'grams' does not look discrete: 100 distinct values in 100 rows, above the limit of 50 (max_distinct=0.5 of the rows). Bin it first, e.g. data['grams'] = pandas.cut(data['grams'], bins=5) or pandas.qcut(data['grams'], q=4); or pass max_distinct=None if these 100 values really are states.
    """
    rows = len(frame) if n is None else n
    limit = distinct_limit(max_distinct, rows, where)
    if limit == float("inf"):
        return
    for name in columns:
        count = _distinct_at_most(frame[name], limit)
        if count is not None and count > limit:
            unit = "rows" if n is None else "observations (total weight)"
            raise NotDiscreteError(
                f"{where}: column {name!r} does not look discrete: {count} distinct values in "
                f"{rows:g} {unit}, above the limit of {limit:g} (max_distinct={max_distinct:g} of the "
                f"rows). Bin it first, e.g. data[{name!r}] = pandas.cut(data[{name!r}], bins=5) or "
                f"pandas.qcut(data[{name!r}], q=4); or pass max_distinct=None if these {count} values "
                "really are states."
            )


def check_columns(
    frame: pd.DataFrame,
    columns: Sequence[Any],
    *,
    dropna: bool = False,
    max_distinct: float | None = DEFAULT_MAX_DISTINCT,
    weights: np.ndarray | None = None,
    skip: Sequence[Any] = (),
    where: str,
) -> tuple[pd.DataFrame, np.ndarray | None, int]:
    """Missing values (refused or dropped), then discreteness, of the used ``columns``.

    Parameters
    ----------
    frame : pandas.DataFrame
    columns : sequence
        The columns used.
    dropna : bool, default False
        Drop the rows with a missing value in ``columns`` instead of refusing them.
    max_distinct : float or None, default 0.5
        See :func:`check_discrete`; None skips that check.
    weights : numpy.ndarray, optional
        Per-row weights (filtered along with the rows; their sum is the
        number of observations for the discreteness check).
    skip : sequence
        Columns exempt from the discreteness check (their states were given explicitly).
    where : str
        The operation, for messages.

    Returns
    -------
    frame, weights, dropped
        The rows kept, their weights (or None) and how many rows were dropped.

    Raises
    ------
    MissingDataError, NotDiscreteError, InvalidParameterError
    """
    kept_frame, kept, dropped = check_missing(frame, columns, dropna=dropna, where=where)
    if kept is not None and weights is not None:
        weights = weights[kept]
    n = None if weights is None else float(weights.sum())
    skipped = set(skip)
    check_discrete(
        kept_frame,
        [c for c in columns if c not in skipped],
        max_distinct=max_distinct,
        n=n,
        where=where,
    )
    return kept_frame, weights, dropped


def prepare_samples(
    data: Any,
    columns: Sequence[Any],
    *,
    weights: Any = None,
    dropna: bool = False,
    max_distinct: float | None = DEFAULT_MAX_DISTINCT,
    skip: Sequence[Any] = (),
    where: str,
) -> tuple[Any, Any]:
    """The checks of :func:`check_columns` for counting paths (``Table.from_samples``, ``fit``).

    Columns not in ``data`` are left for the caller's own error; weights (a
    column name or one number per row) are filtered along with the rows. Rows
    dropped with ``dropna=True`` are reported with a :class:`DroppedRowsWarning`.
    Data that is not a pandas DataFrame (a Dask frame) only gets its
    incomplete rows dropped, lazily, when ``dropna`` is set.

    Returns
    -------
    data, weights
        The rows kept, and their weights in the form they were given.

    Examples
    --------
    >>> import pandas as pd, warnings
    >>> from probtables.datachecks import prepare_samples
    >>> data = pd.DataFrame({"x": [0, 1, None, 1], "y": ["a", "b", "b", "a"]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     kept, _ = prepare_samples(data, ["x", "y"], dropna=True, where="from_samples()")
    >>> len(kept), str(caught[0].message)
    (3, "from_samples(): dropped 1 of 4 rows with a missing value in ('x', 'y') (dropna=True).")
    """
    if not isinstance(data, pd.DataFrame):
        if dropna:
            return data.dropna(subset=[c for c in columns if c in data.columns]), weights
        return data, weights
    present = [c for c in columns if c in data.columns]
    frame, kept, dropped = check_missing(data, present, dropna=dropna, where=where)
    if kept is not None and weights is not None and not isinstance(weights, str):
        array = np.asarray(weights)
        if array.shape == (len(data),):
            weights = array[kept]
    if dropped:
        warnings.warn(
            DroppedRowsWarning(
                f"{where}: dropped {dropped} of {len(data)} rows with a missing value in "
                f"{tuple(present)!r} (dropna=True)."
            ),
            stacklevel=3,
        )
    check_discrete(
        frame,
        [c for c in present if c not in set(skip)],
        max_distinct=max_distinct,
        n=_total_weight(frame, weights),
        where=where,
    )
    return frame, weights


def _total_weight(frame: pd.DataFrame, weights: Any) -> float | None:
    """The sum of valid weights (None when there are none, or they are not valid numbers)."""
    if weights is None:
        return None
    try:
        values = frame[weights] if isinstance(weights, str) else weights
        array = np.asarray(values, dtype=np.float64)
    except (KeyError, TypeError, ValueError):
        return None
    if array.shape != (len(frame),) or not np.all(np.isfinite(array)) or np.any(array < 0):
        return None
    return float(array.sum())
