r"""Exact tables: probabilities as :class:`fractions.Fraction`, end to end.

A table whose ``p`` column holds fractions is *exact*: every operation on it
(the sum rule, conditioning, products and divisions, factorizations, the
independence and equality checks) returns exact tables, checks hold with no
tolerance (a column sums to 1, not to within ``atol``), :meth:`Table.p` returns
a ``Fraction`` and the table prints ``1/3``. It is the mode for working the
notes' examples by hand, for tests and for verification, not for large tables.

How it is built
---------------
An exact table has the storage of a float table (integer codes, dense when
complete) with an object array of ``Fraction`` as ``p``. Each operation of
:class:`~probtables.table.Table` checks once, at its top, whether the table is
exact and then hands off to the function of the same name here. These
functions are deliberately simple: they work row by row on Python dictionaries
keyed by assignments (tuples of states). Where an operation has structural
checks and error messages (which variables a product keeps, which evidence
it merges, what a division may divide), the exact function runs the float
operation on ``to_float()`` copies for the *shape* of the result and for those
errors, then computes every number exactly. So both modes give the same names,
states, evidence and errors, and the float kernels stay free to change.

Factorizations
--------------
``Factorization.query``, ``posteriors`` and ``most_probable`` (the inference
engine, which does not build the joint) are exact on a factorization whose
tables are all exact: the engine runs its elimination on object arrays of
fractions. ``log_probability`` returns a float (the log of the exact p(e)).
A factorization mixing exact and float tables is refused with
:class:`~probtables.errors.ExactnessError`. The information measures
(entropy, mutual information, KL) are out of this module's scope.

Cost
----
Measured by ``benchmarks/bench_exact.py`` (exact against float in the same run)
on a joint over 10 binary variables (1,024 rows) with random rational
probabilities: a marginal, conditioning on evidence and the product
p(rest | v0) p(v0) are 500 to 750 times slower than the float kernels, a
conditional table p(rest | v0) about 1,150 times, the independence check 100 to
300 times; each takes 8 to 25 milliseconds. On asia the product of the 8 exact
terms is 50 to 100 times slower and a query on that joint about 20 times.
Exactness is a mode for teaching, tests and verification, not for
million-row tables.

Examples
--------
>>> from fractions import Fraction as F
>>> die = pt.Table.uniform({"die": range(1, 7)}, exact=True)
>>> die.p(die=[2, 4, 6])
Fraction(1, 2)
>>> coin = pt.Table.from_dict({"H": F(2, 3), "T": F(1, 3)}, variables="c")
>>> coin.is_exact, coin.p(c="T")
(True, Fraction(1, 3))
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from math import prod
from typing import Any

import numpy as np
import pandas as pd

from probtables import _kernels, _validate
from probtables.errors import (
    DataError,
    ExactnessError,
    InvalidProbabilityError,
    NormalizationError,
    NotAConditionalError,
    ProductError,
)
from probtables.factorization import Factorization, Term
from probtables.table import Table
from probtables.table._chain import chain_factorize as float_chain
from probtables.table._product import max_difference

__all__ = [
    "is_exact",
    "holds_fractions",
    "check_no_tolerance",
    "require_same_kind",
    "to_fraction",
    "construct",
    "from_values",
    "from_array",
    "build",
    "make",
    "to_float",
    "to_exact",
    "probability",
    "dense_array",
    "sum_to",
    "normalized",
    "apply_evidence",
    "multiply",
    "divide",
    "equals",
    "satisfies",
    "chain_factorize",
]

Key = tuple[Any, ...]
_ZERO = Fraction(0)
_SHOW = 5


# --------------------------------------------------------------------------- which kind of table


def is_exact(table: Table) -> bool:
    """Whether ``table`` holds ``Fraction`` probabilities (its ``p`` is an object array)."""
    return table._stored.dtype == object


def holds_fractions(values: Any) -> bool:
    """Whether a column, array or (nested) sequence of probabilities contains a ``Fraction``.

    A numeric array or column answers at once (no scan): only object arrays can hold fractions.
    """
    if isinstance(values, pd.Series):
        values = values.to_numpy()
    elif not isinstance(values, np.ndarray):
        try:
            values = np.asarray(values)  # floats give a float array; fractions an object array
        except (TypeError, ValueError):
            return False
    if values.dtype != object:
        return False
    return any(isinstance(v, Fraction) for v in values.reshape(-1).tolist())


def _kind(table: Table) -> str:
    return "exact (fractions)" if is_exact(table) else "float"


def require_same_kind(a: Table, b: Table, op: Any) -> None:
    """Raise :class:`ExactnessError` naming which table is exact and which is float."""
    if is_exact(a) != is_exact(b):
        exact, floating = (a, b) if is_exact(a) else (b, a)
        raise ExactnessError(
            f"{op}: {exact.notation} is exact (fractions) but {floating.notation} holds floats; "
            f"exact and float tables do not mix. Convert one of them first: "
            f"{floating.notation} with .to_exact(), or {exact.notation} with .to_float()."
        )


def check_no_tolerance(op: str, atol: float, default: float) -> None:
    """Refuse a tolerance given to an exact check (the default, or 0, is accepted and unused)."""
    if atol != default and atol != 0:
        raise ExactnessError(
            f"{op}(): atol={atol!r} does not apply to exact tables: they are checked exactly, with no "
            "tolerance. Leave atol out, or convert with .to_float() to compare within a tolerance."
        )


# --------------------------------------------------------------------------- numbers in, numbers out


def to_fraction(value: Any, *, convert: bool, op: str, where: Callable[[], str]) -> Fraction:
    """One probability as a ``Fraction``.

    Fractions and integers are exact; strings such as ``"1/3"`` or ``"0.1"`` are
    read exactly; a float is converted exactly (``Fraction(0.1)`` is the binary
    value of 0.1, not 1/10) only when ``convert`` is true (``exact=True``).
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise DataError(f"{op}(): probability {value!r} {where()} is a bool, not a number.")
    if isinstance(value, (numbers.Integral, np.integer)):
        return Fraction(int(value))
    if isinstance(value, str):
        try:
            return Fraction(value)
        except ValueError:
            raise DataError(
                f"{op}(): probability {value!r} {where()} is not a number (write e.g. '1/3' or '0.25')."
            ) from None
    if isinstance(value, (numbers.Real, np.floating)):
        number = float(value)
        if not np.isfinite(number):
            raise InvalidProbabilityError(f"{op}(): probability {value!r} {where()} is NaN or infinite.")
        if convert:
            return Fraction(number)
        raise ExactnessError(
            f"{op}(): probability {number!r} {where()} is a float among fractions; write every "
            f"probability as a Fraction (or a string such as '1/10'), or pass exact=True to convert floats "
            f"exactly (Fraction({number!r}) is the float's binary value)."
        )
    raise DataError(f"{op}(): probability {value!r} {where()} is not a number.")


def _fractions(
    values: Sequence[Any], *, convert: bool, op: str, label: Callable[[int], str]
) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = to_fraction(value, convert=convert, op=op, where=lambda i=i: label(i))  # type: ignore[misc]
    negative = [i for i, value in enumerate(out) if value < 0]
    if negative:
        shown = ", ".join(f"{label(i)}: {out[i]}" for i in negative[:_SHOW])
        raise InvalidProbabilityError(
            f"{op}(): {len(negative)} probability value(s) are negative ({shown})."
        )
    return out


def _check_sums(table: Table, op: str) -> None:
    """Raise :class:`NormalizationError` unless ``p`` sums to exactly 1 per given assignment."""
    sums = _group_sums(table, table._given)
    bad = [(key, total) for key, total in sums.items() if total != 1]
    if bad:
        lines = []
        for key, total in bad[:_SHOW]:
            where = (
                ", ".join(f"{g}={_validate.show_value(v)}" for g, v in zip(table._given, key)) or "total"
            )
            lines.append(f"    {where}: {total} (= {float(total)!r})")
        what = "per conditioning assignment " if table._given else ""
        raise NormalizationError(
            f"{op}(): probabilities must sum to exactly 1 {what}in an exact table; "
            f"{len(bad)} sum(s) differ:\n" + "\n".join(lines) + "\n  (floats such as 0.1 are not exact "
            "decimals: write Fraction(1, 10) or '1/10', or use to_exact(limit_denominator=...))"
        )


# --------------------------------------------------------------------------- storage


def _items(table: Table) -> list[tuple[Key, Fraction]]:
    """Every stored row as (assignment in variable order, probability)."""
    codes = table._codes_array().tolist()
    states = [table._states[v] for v in table._variables]
    return [
        (tuple(states[i][c] for i, c in enumerate(row)), p) for row, p in zip(codes, table._p.tolist())
    ]


def _hashable(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def build(
    variables: Sequence[str],
    given: Iterable[str],
    states: Mapping[str, Sequence[Any]],
    evidence: Mapping[str, tuple[Any, ...]],
    rows: Mapping[Key, Fraction],
) -> Table:
    """An exact table from ``{assignment: Fraction}`` (assignments in ``variables`` order)."""
    variables = tuple(variables)
    # numpy scalars hash and compare equal to the Python values they hold, so states index as they are
    index = [{s: i for i, s in enumerate(states[v])} for v in variables]
    codes = np.array([[index[i][s] for i, s in enumerate(key)] for key in rows], dtype=np.int64).reshape(
        len(rows), len(variables)
    )
    p = np.empty(len(rows), dtype=object)
    p[:] = list(rows.values())
    return make(variables, given, states, p, codes, evidence)


def make(
    variables: Sequence[str],
    given: Iterable[str],
    states: Mapping[str, Sequence[Any]],
    p: np.ndarray,
    codes: np.ndarray | None,
    evidence: Mapping[str, tuple[Any, ...]],
) -> Table:
    """An exact table from trusted parts; complete tables are stored dense, in canonical order."""

    variables = tuple(variables)
    cards = tuple(len(states[v]) for v in variables)
    p = np.asarray(p, dtype=object).reshape(-1)
    if codes is not None and len(p) == prod(cards):
        key, _ = _kernels.mixed_key(np.asarray(codes), cards, range(len(cards)))
        dense = np.empty(len(p), dtype=object)
        dense[np.asarray(key, dtype=np.int64)] = p
        p, codes = dense, None
    elif codes is not None:
        codes = np.asfortranarray(np.asarray(codes).astype(_kernels.code_dtype(max(cards, default=1))))
    table = Table.__new__(Table)
    table._init(
        variables,
        given,
        {v: tuple(states[v]) for v in variables},
        np.array(p, dtype=object),
        codes,
        evidence,
    )
    return table


def _rebuild(table: Table, rows: Mapping[Key, Fraction]) -> Table:
    return build(table._variables, table._given, table._states, table._evidence, rows)


def _group_sums(table: Table, names: Sequence[str]) -> dict[Key, Fraction]:
    positions = [table._variables.index(v) for v in names]
    sums: dict[Key, Fraction] = {}
    for key, p in _items(table):
        group = tuple(key[i] for i in positions)
        sums[group] = sums.get(group, _ZERO) + p
    return sums


# --------------------------------------------------------------------------- construction and conversion


def construct(
    table: Table,
    frame: pd.DataFrame,
    given: str | Iterable[str],
    *,
    states: Mapping[str, Sequence[Any]] | None,
    exact: bool,
    normalize: bool = False,
    op: str = "Table",
) -> None:
    """Fill ``table`` (a new, empty :class:`Table`) from ``frame`` with exact probabilities."""

    variables, given_names, state_lists = _validate.frame_states(frame, given, states, op)
    p = _fractions(
        frame["p"].tolist(), convert=exact, op=op, label=lambda i: f"at row {frame.index[i]!r}"
    )
    codes = _validate.frame_codes(frame, variables, state_lists, op)
    built = make(tuple(variables), given_names, state_lists, p, codes, {})
    if normalize:
        built = normalized(built, built._given, event=None, op=op)
    else:
        _check_sums(built, op)
    table._init(built._variables, built._given, built._states, built._p, built._codes, {})


def from_values(
    names: tuple[str, ...],
    given: tuple[str, ...],
    states: Mapping[str, Sequence[Any]],
    values: Sequence[Any],
    *,
    exact: bool,
    normalize: bool,
    op: str,
) -> Table:
    """A dense exact table from values in canonical (C) order, normalized per given assignment if asked."""
    p = _fractions(values, convert=exact, op=op, label=lambda i: f"at position {i}")
    table = make(names, given, states, p, None, {})
    if normalize:
        return normalized(table, table._given, event=None, op=op)
    _check_sums(table, op)
    return table


def from_array(
    values: Any,
    names: tuple[str, ...],
    given: tuple[str, ...],
    states: Mapping[str, Sequence[Any]],
    *,
    exact: bool,
    normalize: bool = False,
    op: str,
) -> Table:
    """An exact table from an n-dimensional array (axis ``i`` is the ``i``-th name); see :meth:`Table.from_array`."""
    array = np.asarray(values, dtype=object)
    cards = tuple(len(states[n]) for n in names)
    if array.shape != cards:
        raise DataError(
            f"{op}(): the array has shape {array.shape} but the states {names!r} "
            f"have {cards} states; axis i must have one entry per state of the i-th variable."
        )
    return from_values(
        names, given, states, array.reshape(-1).tolist(), exact=exact, normalize=normalize, op=op
    )


def to_float(table: Table) -> Table:
    """A float copy of an exact table (a float table is returned as it is)."""

    if not is_exact(table):
        return table
    p = np.array([float(v) for v in table._p.tolist()], dtype=np.float64)
    return Table._make(table._variables, table._given, table._states, p, table._codes, table._evidence)


def to_exact(table: Table, *, limit_denominator: int | None = None) -> Table:
    """An exact copy of a float table; see :meth:`Table.to_exact`."""
    if is_exact(table):
        return table
    if limit_denominator is not None and (
        isinstance(limit_denominator, bool)
        or not isinstance(limit_denominator, (int, np.integer))
        or limit_denominator < 1
    ):
        raise DataError(
            f"to_exact(): limit_denominator must be a whole number >= 1, got {limit_denominator!r}."
        )
    values = [Fraction(v) for v in table._p.tolist()]
    if limit_denominator is not None:
        values = [v.limit_denominator(int(limit_denominator)) for v in values]
    p = np.empty(len(values), dtype=object)
    p[:] = values
    result = make(table._variables, table._given, table._states, p, table._codes, table._evidence)
    _check_sums(result, "to_exact")
    return result


# --------------------------------------------------------------------------- reading


def probability(table: Table, selection: Mapping[int, Sequence[int]]) -> Fraction:
    """The exact probability of the rows in ``selection`` (axis -> allowed state indices)."""
    mask = table._row_mask(selection)
    return sum(table._p[mask].tolist(), _ZERO)


def dense_array(table: Table) -> np.ndarray:
    """The dense object array of fractions (axes in variable order); absent rows are 0."""
    if table._codes is None:
        return table._p.reshape(table._cards)
    out = np.empty(table._cards, dtype=object)
    out.fill(_ZERO)
    for row, p in zip(table._codes.tolist(), table._p.tolist()):
        out[tuple(row)] = p
    return out


# --------------------------------------------------------------------------- the sum rule and conditioning


def sum_to(table: Table, keep: tuple[str, ...]) -> Table:
    """Sum every variable not in ``keep`` out (the sum rule), exactly."""
    sums = _group_sums(table, keep)
    states = {v: table._states[v] for v in keep}
    return build(keep, table._given, states, table._evidence, sums)


def normalized(
    table: Table, given: tuple[str, ...], *, event: Callable[[], str] | None, op: str
) -> Table:
    """Divide by the sum per assignment of ``given``, leaving out assignments of probability zero."""
    positions = [table._variables.index(v) for v in table._variables if v in given]
    items = _items(table)
    sums: dict[Key, Fraction] = {}
    for key, p in items:
        group = tuple(key[i] for i in positions)
        sums[group] = sums.get(group, _ZERO) + p
    if all(total == 0 for total in sums.values()):
        raise table._zero_event(event, op)
    rows = {}
    for key, p in items:
        total = sums[tuple(key[i] for i in positions)]
        if total != 0:
            rows[key] = p / total
    return build(table._variables, given, table._states, table._evidence, rows)


def apply_evidence(table: Table, evidence: Mapping[str, Any]) -> Table:
    """``table.condition(**evidence)`` exactly: keep the rows of the event, then normalize."""
    shape = to_float(table)._apply_evidence(evidence)  # names, states, narrowed events and errors
    allowed = {
        table._variables.index(name): {_hashable(s) for s in shape._evidence[name]} for name in evidence
    }
    keep = [table._variables.index(v) for v in shape._variables]
    rows = {}
    for key, p in _items(table):
        if all(_hashable(key[i]) in states for i, states in allowed.items()):
            rows[tuple(key[i] for i in keep)] = p
    states = {v: table._states[v] for v in shape._variables}
    sliced = build(shape._variables, table._given, states, shape._evidence, rows)
    return normalized(sliced, shape._given, event=lambda: ", ".join(map(str, evidence)), op="condition")


# --------------------------------------------------------------------------- the chain rule


def _lookup(table: Table, names: Sequence[str]) -> dict[Key, Fraction]:
    """The rows keyed by the values of ``names`` (which must be all of the table's variables)."""
    positions = [table._variables.index(v) for v in names]
    return {tuple(_hashable(key[i]) for i in positions): p for key, p in _items(table)}


def multiply(a: Table, b: Table) -> Table:
    """The product rule ``a * b`` exactly; see :meth:`Table.__mul__`."""
    op = f"{a.notation} * {b.notation}"
    require_same_kind(a, b, op)
    shape = to_float(a) * to_float(b)  # heads, given, states, evidence and every structural error
    shared = [v for v in a._variables if v in b._variables]
    a_pos = [a._variables.index(v) for v in shared]
    b_pos = [b._variables.index(v) for v in shared]
    by_shared: dict[Key, list[tuple[Key, Fraction]]] = {}
    for key, p in _items(b):
        by_shared.setdefault(tuple(_hashable(key[i]) for i in b_pos), []).append((key, p))
    where = {v: ("a", i) for i, v in enumerate(a._variables)}
    for i, v in enumerate(b._variables):
        where.setdefault(v, ("b", i))
    pick = [where[v] for v in shape._variables]
    rows: dict[Key, Fraction] = {}
    for key_a, p_a in _items(a):
        for key_b, p_b in by_shared.get(tuple(_hashable(key_a[i]) for i in a_pos), ()):
            rows[tuple(key_a[i] if side == "a" else key_b[i] for side, i in pick)] = p_a * p_b
    result = build(shape._variables, shape._given, shape._states, shape._evidence, rows)
    if a.undefined_count or b.undefined_count:
        sums = _group_sums(result, result._given)
        off = [total for total in sums.values() if total != 1]
        if off:
            raise ProductError(
                f"{op}: the product loses probability mass (a sum is {off[0]}, not 1): one factor is "
                "undefined for a conditioning assignment to which the other gives positive probability."
            )
    return result


def divide(a: Table, b: Table) -> Table:
    """Division into a conditional ``a / b`` exactly; see :meth:`Table.__truediv__`."""
    op = f"{a.notation} / {b.notation}"
    require_same_kind(a, b, op)
    shape = to_float(a) / to_float(b)  # which division is a conditional, and its errors
    denominators = _lookup(b, b._variables)
    positions = [a._variables.index(v) for v in b._variables]
    rows = {}
    for key, p in _items(a):
        den = denominators.get(tuple(_hashable(key[i]) for i in positions), _ZERO)
        if den == 0:
            if p > 0:
                where = ", ".join(f"{v}={_validate.show_value(s)}" for v, s in zip(a._variables, key))
                raise NotAConditionalError(
                    f"{op}: the denominator is 0 where the numerator is {p} (at {where}); "
                    "the denominator must be a marginal of the numerator."
                )
            continue
        rows[key] = p / den
    result = build(a._variables, shape._given, a._states, a._evidence, rows)
    for key, total in _group_sums(result, result._given).items():
        if total != 1:
            where = ", ".join(f"{g}={_validate.show_value(v)}" for g, v in zip(result._given, key))
            raise NotAConditionalError(
                f"{op} is not a conditional: for {where} the result sums to {total} over "
                f"{result.head!r}, not 1; the denominator must be the marginal of the numerator."
            )
    return result


# --------------------------------------------------------------------------- comparisons and checks


def equals(a: Table, b: Table) -> bool:
    """Whether two exact tables are the same distribution, exactly (missing rows count as 0)."""

    if (
        max_difference(to_float(a), to_float(b)) is None
    ):  # not comparable: names, given, evidence, states
        return False
    left = _lookup(a, a._variables)
    right = _lookup(b, a._variables)
    return all(left.get(key, _ZERO) == right.get(key, _ZERO) for key in set(left) | set(right))


def satisfies(table: Table, structure: Factorization | str) -> bool:
    """Whether the product of ``structure``'s terms computed from ``table`` equals it, exactly."""
    factorization = table.factorize(structure)
    try:
        joint = factorization.joint()
    except ProductError:
        return False
    return equals(joint, table)


def chain_factorize(table: Table, order: Sequence[str | Sequence[str]]) -> Factorization:
    """The chain rule in ``order`` with exact terms; see :meth:`Table.chain_factorize`."""

    shape = float_chain(to_float(table), order)  # validates the order, gives the terms
    return table.factorize(Factorization([Term(t.head, t.given) for t in shape.terms]))
