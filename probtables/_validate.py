"""Validation of user input into a table's parts, with errors that show the bad rows.

Everything a :class:`~probtables.table.Table` constructor receives passes through
here once: names are checked against the notation, probabilities for sign and
finiteness, assignments for duplicates and missing values, and sums per
conditioning assignment. Each failure raises its own error class and prints the
offending rows (at most five) as the user wrote them.

A shared internal (see docs/architecture.md): estimation, the factorization, the checks and
Bayes' rule use the same checks, so that the same bad input gets the same error everywhere.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from probtables._kernels import code_dtype, mixed_key, sums_per_group
from probtables.errors import (
    DataError,
    DuplicateAssignmentError,
    EmptyTableError,
    InvalidParameterError,
    InvalidProbabilityError,
    MissingValueError,
    NormalizationError,
    UnknownStateError,
    UnknownVariableError,
    VariableNameError,
    ZeroProbabilityError,
    did_you_mean,
)
from probtables.notation import check_name, format_value

__all__ = [
    "as_names",
    "check_table_name",
    "check_totals",
    "unknown_variable",
    "infer_states",
    "encode_column",
    "check_probabilities",
    "check_duplicates",
    "frame_states",
    "frame_codes",
    "check_sums",
    "check_atol",
    "show_rows",
    "show_value",
    "hashable",
    "index_dtype",
    "unhashable_cells",
]

_SHOW = 5  # offending rows shown in a message


def as_names(names: str | Iterable[str], known: Sequence[str], op: str, owner: str) -> tuple[str, ...]:
    """Turn "one name or many" into a tuple, checking each against ``known``.

    A ``str`` is one name. ``op`` and ``owner`` only shape the error message.

    >>> as_names("x", ("x", "y"), "marginal", "p(x, y)")
    ('x',)
    >>> as_names(["y", "x"], ("x", "y"), "marginal", "p(x, y)")
    ('y', 'x')
    """
    out = (names,) if isinstance(names, str) else tuple(names)
    out = tuple(_plain_name(name) for name in out)
    for name in out:
        if name not in known:
            raise unknown_variable(op, name, known, owner)
    return out


def unknown_variable(op: str, name: Any, known: Sequence[str], owner: str) -> UnknownVariableError:
    """The error for an unknown variable, with a close match if there is one.

    >>> print(unknown_variable("marginalize", "xx", ("x", "y"), "p(x, y)"))
    marginalize(): unknown variable 'xx'; p(x, y) has ('x', 'y'). Did you mean 'x'?
    """
    name = _plain_name(name)
    message = f"{op}(): unknown variable {name!r}; {owner} has {tuple(known)!r}."
    return UnknownVariableError(message + did_you_mean(name, known))


def infer_states(values: pd.Series | np.ndarray | Sequence[Any]) -> tuple[Any, ...]:
    """The ordered states of a column: its categories, else its sorted distinct values.

    Values that cannot be sorted together keep their order of first appearance.

    >>> infer_states(pd.Series(["b", "a", "b"]))
    ('a', 'b')
    >>> infer_states([1, "a", 1])
    (1, 'a')
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        return tuple(values.cat.categories.tolist())
    column = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    # Series.tolist() boxes values as pandas does (Timestamp, not datetime64 nanoseconds as ints)
    states = [v.item() if isinstance(v, np.generic) else v for v in column.drop_duplicates().tolist()]
    try:
        return tuple(sorted(states))
    except TypeError:
        return tuple(states)


def encode_column(column: pd.Series, name: str, states: Sequence[Any], op: str) -> np.ndarray:
    """Integer codes of ``column`` in the state list ``states``.

    Missing values raise :class:`MissingValueError`, values outside ``states``
    raise :class:`UnknownStateError`; both show up to five offending rows.
    """
    categorical = isinstance(column.dtype, pd.CategoricalDtype)
    if categorical:  # missing values are code -1: no separate pass over the values
        missing = column.array.codes < 0
    else:
        missing = column.isna().to_numpy()
    if missing.any():
        rows = column.index[missing][:_SHOW].tolist()
        raise MissingValueError(
            f"{op}(): variable {name!r} has {int(missing.sum())} missing value(s), "
            f"in rows {rows!r}; every row must give every variable a state."
        )
    if categorical and tuple(column.cat.categories.tolist()) == tuple(states):
        codes = column.array.codes  # a view of the column's codes
    else:
        categories = pd.Index(list(states), dtype=object)
        codes = categories.get_indexer(pd.Index(column.astype(object), dtype=object))
    unknown = codes < 0
    if unknown.any():
        bad = column[unknown]
        shown = list(dict.fromkeys(bad.tolist()))[:_SHOW]
        raise UnknownStateError(
            f"{op}(): variable {name!r} has value(s) {shown!r} (rows {bad.index[:_SHOW].tolist()!r}) "
            f"that are not among its states {tuple(states)!r}."
        )
    return codes.astype(code_dtype(max(len(states), 1)), copy=False)


def show_rows(frame: pd.DataFrame, mask: np.ndarray) -> str:
    """The first offending rows of ``frame`` as text, indented, with a count of the rest."""
    bad = frame[mask]
    text = bad.head(_SHOW).to_string()
    more = len(bad) - _SHOW
    if more > 0:
        text += f"\n... and {more} more"
    return "\n".join("    " + line for line in text.splitlines())


def check_probabilities(
    p: np.ndarray, frame: pd.DataFrame | None, op: str, noun: str = "probability value(s)"
) -> None:
    """Raise :class:`InvalidProbabilityError` for negative, NaN or infinite ``p`` (``noun`` names them)."""
    bad_nan = ~np.isfinite(p)
    bad_neg = p < 0
    for mask, what in ((bad_nan, "NaN or infinite"), (bad_neg, "negative")):
        if mask.any():
            detail = (
                f":\n{show_rows(frame, mask)}"
                if frame is not None
                else f" at positions {np.flatnonzero(mask)[:_SHOW].tolist()!r}"
            )
            raise InvalidProbabilityError(f"{op}(): {int(mask.sum())} {noun} are {what}{detail}")


def frame_states(
    frame: pd.DataFrame, given: Any, states: Mapping[str, Sequence[Any]] | None, op: str
) -> tuple[list[str], tuple[str, ...], dict[str, Any]]:
    """The variables of a table's ``frame``, its given ones, and each variable's state list
    (``states``, else the values found in the column): the first checks of ``Table(frame)``."""
    variables = check_frame_columns(frame, op)
    given_names = check_given(given, variables, op)
    explicit = check_states_map(states, op) if states else {}
    for name in explicit:
        if name not in variables:
            raise unknown_variable(op, name, variables, "the frame")
    return (
        variables,
        given_names,
        {name: explicit.get(name) or infer_states(frame[name]) for name in variables},
    )


def frame_codes(
    frame: pd.DataFrame, variables: Sequence[str], state_lists: Mapping[str, Any], op: str
) -> np.ndarray:
    """The state codes of a table's ``frame`` (one Fortran-ordered column per variable), checked
    for assignments that appear twice."""
    cards = tuple(len(state_lists[name]) for name in variables)
    codes = np.empty((len(frame), len(variables)), dtype=code_dtype(max(cards)), order="F")
    for col, name in enumerate(variables):
        codes[:, col] = encode_column(frame[name], name, state_lists[name], op)
    check_duplicates(codes, cards, frame, op)
    return codes


def check_duplicates(codes: np.ndarray, cards: Sequence[int], frame: pd.DataFrame, op: str) -> None:
    """Raise :class:`DuplicateAssignmentError` if two rows share an assignment."""
    key, _ = mixed_key(codes, cards, range(len(cards)))
    ordered = np.sort(key)  # the common case, no duplicate, needs no row order
    if not (ordered[1:] == ordered[:-1]).any():
        return
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    dup_sorted = np.zeros(len(key), dtype=bool)
    same = sorted_key[1:] == sorted_key[:-1]
    dup_sorted[1:] |= same
    dup_sorted[:-1] |= same
    if dup_sorted.any():
        mask = np.zeros(len(key), dtype=bool)
        mask[order[dup_sorted]] = True
        raise DuplicateAssignmentError(
            f"{op}(): {int(mask.sum())} rows repeat an assignment; each assignment may appear once:\n"
            f"{show_rows(frame, mask)}"
        )


def check_sums(
    codes: np.ndarray,
    cards: Sequence[int],
    given_cols: Sequence[int],
    p: np.ndarray,
    atol: float,
    describe: Any,
    op: str,
) -> None:
    """Raise :class:`NormalizationError` unless ``p`` sums to 1 per assignment of ``given_cols``.

    ``describe(codes_row)`` turns the codes of one conditioning assignment into
    text for the message.
    """
    sums, first, _ = sums_per_group(codes, cards, given_cols, p)
    bad = np.abs(sums - 1.0) > atol
    if bad.any():
        worst = np.argsort(-np.abs(sums - 1.0))[: min(_SHOW, int(bad.sum()))]
        lines = [f"    {describe(codes[first[i]])}: {float(sums[i])!r}" for i in worst]
        what = "per conditioning assignment " if given_cols else ""
        raise NormalizationError(
            f"{op}(): probabilities must sum to 1 {what}(atol={atol}); "
            f"{int(bad.sum())} sum(s) differ:\n" + "\n".join(lines)
        )


def _plain_name(name: Any) -> Any:
    """A name from numpy (``np.str_``) as a plain ``str``; anything else unchanged."""
    return str(name) if isinstance(name, np.str_) else name


def _is_missing(value: Any) -> bool:
    """Whether a single state is a missing value (None, NaN, NaT, NA)."""
    if isinstance(value, (str, int)):  # the common states, checked without pandas
        return False
    try:
        return bool(pd.isna(value)) if np.ndim(value) == 0 else False
    except (TypeError, ValueError):
        return False


def show_value(value: Any) -> str:
    """A state as the notation writes it, or its ``repr`` when the notation cannot (for messages)."""
    try:
        return format_value(value)
    except TypeError:
        return repr(value)


def check_frame_columns(frame: Any, op: str) -> list[str]:
    """The variable columns of a table's frame (every column but ``p``), checked."""
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{op}(): expected a pandas DataFrame, got {type(frame).__name__}.")
    columns = list(frame.columns)
    if "p" not in columns:
        raise DataError(
            f"{op}(): the frame needs a probability column 'p'; its columns are {tuple(columns)!r}."
        )
    if columns.count("p") > 1:
        raise DataError(f"{op}(): the frame has more than one column 'p'.")
    variables = [c for c in columns if c != "p"]
    if not variables:
        raise EmptyTableError(f"{op}(): the frame has no variable columns, only 'p'.")
    if len(frame) == 0:
        raise EmptyTableError(f"{op}(): the frame has no rows; a distribution needs at least one.")
    if len(set(variables)) != len(variables):
        raise DataError(f"{op}(): duplicate variable columns in {tuple(variables)!r}.")
    for name in variables:
        check_table_name(name, op, "column", "frame.rename(columns=str)")
    return variables


def check_given(given: str | Iterable[str], variables: Sequence[str], op: str) -> tuple[str, ...]:
    """The conditioning variables, checked to be columns of the table."""
    names = as_names(given, variables, op, "the frame")
    if len(set(names)) == len(variables):
        raise EmptyTableError(
            f"{op}(): every variable {tuple(variables)!r} is behind the bar; "
            "a table needs at least one variable in front of it."
        )
    return names


def check_states_map(states: Mapping[str, Iterable[Any]], op: str) -> dict[str, tuple[Any, ...]]:
    """A ``{name: states}`` mapping with checked names and non-empty, distinct states."""
    if not isinstance(states, Mapping) or not states:
        raise EmptyTableError(f"{op}(): states must be a non-empty mapping of variable name to states.")
    out: dict[str, tuple[Any, ...]] = {}
    for name, values in states.items():
        name = _plain_name(name)
        check_table_name(name, op)
        values = tuple(v.item() if isinstance(v, np.generic) else v for v in values)
        if not values:
            raise EmptyTableError(f"{op}(): variable {name!r} has no states.")
        missing = [v for v in values if _is_missing(v)]
        if missing:
            raise MissingValueError(
                f"{op}(): variable {name!r} lists missing state(s) {missing!r}; a state must be a value."
            )
        try:
            distinct = len(set(values))
        except TypeError as exc:
            raise DataError(f"{op}(): the states of {name!r} must be hashable values: {exc}.") from None
        if distinct != len(values):
            dups = [v for v in dict.fromkeys(values) if values.count(v) > 1]
            raise DataError(f"{op}(): variable {name!r} lists state(s) {dups!r} more than once.")
        out[name] = values
    return out


def check_atol(atol: Any, op: str) -> float:
    """A tolerance as a float, checked to be a finite number >= 0 (not a bool).

    >>> check_atol(1e-9, "equals")
    1e-09
    >>> check_atol(float("nan"), "equals")
    Traceback (most recent call last):
    ...
    probtables.errors.InvalidParameterError: equals(): atol must be a finite number >= 0, got nan.
    """
    value = float(atol) if isinstance(atol, numbers.Real) and not isinstance(atol, bool) else math.nan
    if not math.isfinite(value) or value < 0:
        raise InvalidParameterError(f"{op}(): atol must be a finite number >= 0, got {atol!r}.")
    return value


def check_pseudocount(pseudocount: Any, op: str) -> float:
    """A pseudocount as a float, checked to be a finite number >= 0 (not a bool)."""
    try:
        value = float(pseudocount)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(pseudocount, bool) or not np.isfinite(value) or value < 0:
        raise DataError(f"{op}(): pseudocount must be a finite number >= 0, got {pseudocount!r}.")
    return value


def check_table_name(name: Any, op: str, what: str = "variable", rename: str | None = None) -> str:
    """A variable name a table can hold: any non-empty string except ``p``, its probability column.

    ``what`` and ``rename`` shape the message for a name that is not a string:
    ``check_table_name(3, "Table", "column", "frame.rename(columns=str)")``
    says how to rename the columns of a frame.

    >>> check_table_name("smoking status", "Table")
    'smoking status'
    >>> check_table_name(3, "Table", "column", "frame.rename(columns=str)")
    Traceback (most recent call last):
    ...
    probtables.errors.VariableNameError: Table(): column 3 is of type int, but variable names are strings; rename it first, e.g. frame.rename(columns=str)
    """
    if not isinstance(name, str):
        how = f"rename it first, e.g. {rename}" if rename else f"use {str(name)!r}"
        raise VariableNameError(
            f"{op}(): {what} {name!r} is of type {type(name).__name__}, but variable names are strings; {how}"
        )
    if name == "p":
        raise VariableNameError(
            f"{op}(): variable name 'p' is reserved in a table (the name of its probability column); "
            "rename the variable, e.g. to 'p_'"
        )
    return check_name(name)


def check_totals(
    codes: np.ndarray,
    cards: Sequence[int],
    given_cols: Sequence[int],
    p: np.ndarray,
    describe: Any,
    op: str,
) -> None:
    """Raise :class:`ZeroProbabilityError` if the weights of a conditioning assignment sum to zero.

    Weights are normalized per assignment of ``given_cols`` (all of them at once
    when there are none); an assignment whose rows are all zero cannot be.
    ``describe(codes_row)`` turns the codes of one assignment into text.
    """
    sums, first, _ = sums_per_group(codes, cards, given_cols, p)
    zero = np.flatnonzero(sums == 0)
    if not zero.size:
        return
    if not given_cols:
        raise ZeroProbabilityError(
            f"{op}(normalize=True): the weights sum to zero; there is nothing to normalize."
        )
    lines = [f"    {describe(codes[first[i]])}" for i in zero[:_SHOW]]
    if zero.size > _SHOW:
        lines.append(f"    ... and {zero.size - _SHOW} more")
    raise ZeroProbabilityError(
        f"{op}(normalize=True): the weights sum to zero for {zero.size} conditioning assignment(s), "
        "so they cannot be normalized:\n" + "\n".join(lines)
    )


def hashable(value: Any) -> Any:
    """A state as a dict key: numpy scalars as Python values, unhashable values by their repr."""
    if isinstance(value, np.generic):
        return value.item()
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def index_dtype(states: Sequence[Any]) -> Any:
    """Keep numeric states numeric; let pandas choose for strings (str dtype in pandas 3)."""
    if all(isinstance(s, str) for s in states):
        return None
    if all(isinstance(s, (bool, np.bool_)) for s in states):
        return bool
    if all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in states):
        return np.int64
    if all(
        isinstance(s, (int, float, np.integer, np.floating)) and not isinstance(s, bool) for s in states
    ):
        return np.float64
    return object


def unhashable_cells(data: pd.DataFrame, names: Sequence[str], op: str) -> DataError:
    """The error for cells that cannot be states (lists, dicts, ...), naming the column and rows."""
    for name in names:
        bad = [i for i, value in enumerate(data[name].tolist()) if not _is_hashable(value)]
        if bad:
            rows = data.index[bad[:_SHOW]].tolist()
            return DataError(
                f"{op}(): column {name!r} holds {len(bad)} value(s) that cannot be a state, such as "
                f"{data[name].iloc[bad[0]]!r} (rows {rows!r}); each cell must be one hashable value "
                "(a number, a string, ...)."
            )
    return DataError(f"{op}(): the columns {tuple(names)!r} hold values that cannot be states.")


def _is_hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
