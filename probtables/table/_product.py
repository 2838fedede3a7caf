"""The chain rule on tables: products, divisions into conditionals, and comparison.

Kept apart from :mod:`probtables.table` so the class stays readable; every
function here takes :class:`~probtables.table.Table` objects and returns new ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from math import prod
from typing import Any

import numpy as np

from probtables import _kernels
from probtables._validate import show_value
from probtables.errors import (
    ConditioningCycleError,
    NotAConditionalError,
    OverlappingHeadsError,
    ProductError,
    StateMismatchError,
)
from probtables.table import Table

__all__ = ["multiply", "divide", "divide_by_marginal", "max_difference", "align_states", "same_evidence"]

_DENSE_LIMIT = 1 << 24
_DIVISION_ATOL = 1e-9


class _Lazy:
    """Text computed only when formatted: error-message context that hot paths should not pay for."""

    __slots__ = ("_make",)

    def __init__(self, make: Any) -> None:
        self._make = make

    def __str__(self) -> str:
        return self._make()

    def __format__(self, spec: str) -> str:
        return format(self._make(), spec)


def align_states(table: Table, reference: Table, op: str | _Lazy) -> Table:
    """``table`` with each shared variable's states in ``reference``'s order.

    Raises :class:`StateMismatchError` when a shared variable's state sets differ.
    """
    changes = {}
    own, theirs = table._states, reference._states
    for name in table._variables:
        target = theirs.get(name)
        if target is None or target is own[name] or target == own[name]:
            continue
        if set(table._states[name]) != set(reference._states[name]):
            raise StateMismatchError(
                f"{op}: variable {name!r} has states {reference._states[name]!r} in {reference.notation} "
                f"but {table._states[name]!r} in {table.notation}."
            )
        changes[name] = reference._states[name]
    if not changes:
        return table
    codes = np.array(table._codes_array(), order="F")
    states = dict(table._states)
    for name, target in changes.items():
        position = {s: i for i, s in enumerate(target)}
        mapping = np.array([position[s] for s in table._states[name]], dtype=codes.dtype)
        col = table._axis(name)
        codes[:, col] = mapping[codes[:, col]]
        states[name] = target
    return Table._make(table._variables, table._given, states, table._p, codes, table._evidence)


def same_evidence(a: Table, b: Table, names: Iterable[str] | None = None) -> bool:
    """Whether ``a`` and ``b`` hold the same evidence (on ``names``, default all); an event is a set of states."""
    if names is None:
        if set(a._evidence) != set(b._evidence):
            return False
        names = a._evidence
    return all(set(a._evidence.get(n, ())) == set(b._evidence.get(n, ())) for n in names)


def _merged_evidence(a: Table, b: Table, op: str | _Lazy) -> dict[str, tuple[Any, ...]]:
    """The evidence of the product: shared names must agree, and evidence that one factor
    summed out or fixed must also condition the other factor if that one has the variable.

    An event (``y`` in a list of states) keeps ``y`` as a variable of the factor that
    holds it, so p(x, y | z, y={0, 1}) p(z | y={0, 1}) is a chain rule.
    """
    merged = dict(a._evidence)
    for name, value in b._evidence.items():
        if name in merged and not same_evidence(a, b, [name]):
            raise ProductError(
                f"{op}: the factors condition {name!r} on different evidence, {merged[name]!r} and {value!r}."
            )
        merged.setdefault(name, value)
    for name in merged:
        fixed_in = [t for t in (a, b) if name in t._evidence and name not in t._variables]
        holder = next((t for t in (a, b) if name in t._variables and name not in t._evidence), None)
        if fixed_in and holder is not None:
            raise ProductError(
                f"{op}: {name!r} is fixed by evidence in {fixed_in[0].notation} but is a variable of {holder.notation}."
            )
    return merged


def multiply(a: Table, b: Table) -> Table:
    """The product rule ``a * b``; see :meth:`Table.__mul__`."""
    if a._codes is None and b._codes is None and not (a._evidence or b._evidence):
        product = _joint_times_conditional(a, b)
        if product is not None:
            return product
    op = _Lazy(lambda: f"{a.notation} * {b.notation}")
    a_head, b_head = set(a._head), set(b._head)
    if not a_head.isdisjoint(b_head):
        overlap = [v for v in a._head if v in b_head]
        raise OverlappingHeadsError(
            f"{op}: both factors have {tuple(overlap)!r} in front of the bar; the chain rule multiplies "
            f"p(A | ...) by p(B | ...) with disjoint A and B (a product like p(x) p(x) is not a distribution)."
        )
    if not b_head.isdisjoint(a._given) and not a_head.isdisjoint(b._given):
        a_on_b = [v for v in a._given if v in b_head]
        b_on_a = [v for v in b._given if v in a_head]
        raise ConditioningCycleError(
            f"{op}: {a.notation} conditions on {tuple(a_on_b)!r}, a head of {b.notation}, and "
            f"{b.notation} conditions on {tuple(b_on_a)!r}, a head of {a.notation}: the factors condition "
            "on each other in a cycle, so their product is not a chain rule."
        )
    evidence = _merged_evidence(a, b, op) if a._evidence or b._evidence else {}
    b = align_states(b, a, op)
    heads = a._head + b._head
    in_head = a_head | b_head
    behind = set(a._given).union(b._given)
    given: tuple[str, ...] = ()
    if not behind <= in_head:  # some given variable stays behind the bar
        union = dict.fromkeys(a._variables + b._variables)
        given = tuple(v for v in union if v in behind and v not in in_head)
    variables = heads + given
    if a._is_dense and b._is_dense:  # broadcast in the larger factor's storage order, kept so
        states = {v: a._states[v] if v in a._states else b._states[v] for v in variables}
        (a_array, a_axes), (b_array, b_axes) = a._physical(), b._physical()
        p, physical = _kernels.chain_product([a_array, b_array], [a_axes, b_axes])
        return Table._dense(variables, heads, given, states, p, evidence, physical)
    states = {**b._states, **a._states}
    return _sparse_product(a, b, variables, list(given), states, evidence, op)


def _joint_times_conditional(a: Table, b: Table) -> Table | None:
    """``a * b`` for dense float tables without evidence when one of them is a joint p(A) and the
    other p(B | C) has C within A (same states) and B apart from A: the chain rule's step, whose
    checks reduce to these; ``None`` for any other product (the general route checks and raises).
    """
    joint, conditional = (b, a) if a._given else (a, b)
    if joint._given:
        return None
    known, other = joint._states, conditional._states
    for name in conditional._given:
        shared = known.get(name)
        if shared is None or (shared is not other[name] and shared != other[name]):
            return None
    for name in conditional._head:
        if name in known:
            return None
    heads = a._head + b._head
    if joint is a:
        states = dict(known)  # the joint's variables are its heads, first in the result
        for name in conditional._head:
            states[name] = other[name]
    else:
        states = {name: known[name] if name in known else other[name] for name in heads}
    (a_array, a_axes), (b_array, b_axes) = a._physical(), b._physical()
    p, physical = _kernels.pair_product(a_array, a_axes, b_array, b_axes)
    return Table._dense(heads, heads, (), states, p, {}, physical)


def _sparse_product(
    a: Table,
    b: Table,
    variables: tuple[str, ...],
    given: list[str],
    states: dict,
    evidence: dict,
    op: str | _Lazy,
) -> Table:
    codes_a, codes_b = a._codes_array(), b._codes_array()
    shared = [v for v in a._variables if v in b._variables]
    if shared:
        cols_a = [a._axis(v) for v in shared]
        cols_b = [b._axis(v) for v in shared]
        stacked = np.concatenate([codes_a[:, cols_a], codes_b[:, cols_b]], axis=0)
        key, _ = _kernels.mixed_key(stacked, [a._cards[c] for c in cols_a], range(len(shared)))
        ia, ib = _kernels.join_indices(key[: len(codes_a)], key[len(codes_a) :])
    else:
        ia = np.repeat(np.arange(len(codes_a)), len(codes_b))
        ib = np.tile(np.arange(len(codes_b)), len(codes_a))
    new = [v for v in b._variables if v not in a._variables]
    joined = np.concatenate([codes_a[ia], codes_b[ib][:, [b._axis(v) for v in new]]], axis=1)
    position = {v: i for i, v in enumerate(a._variables + tuple(new))}
    codes = np.asfortranarray(joined[:, [position[v] for v in variables]])
    p = a._p[ia] * b._p[ib]
    result = Table._make(variables, given, states, p, codes, evidence)
    _check_product_mass(result, a, b, op)
    return result


def _check_product_mass(result: Table, a: Table, b: Table, op: str | _Lazy) -> None:
    """A factor left undefined where the other has mass loses probability: say so."""
    if not (a.undefined_count or b.undefined_count):
        return
    given_cols = [result._axis(g) for g in result._given]
    sums, _, _ = _kernels.sums_per_group(result._codes_array(), result._cards, given_cols, result._p)
    worst = float(np.max(np.abs(sums - 1.0)))
    if worst > _DIVISION_ATOL:
        raise ProductError(
            f"{op}: the product loses probability mass (a sum is off by {worst:.3g}): one factor is "
            "undefined for a conditioning assignment to which the other gives positive probability."
        )


def divide(a: Table, b: Table) -> Table:
    """Division into a conditional ``a / b``; see :meth:`Table.__truediv__`."""
    # a marginal of ``a`` that keeps part of its head (the chain rule's denominators) needs no checks:
    # its head is in a's, its given, evidence and states are a's, and the quotient sums to 1
    trusted = b._is_marginal_of(a) and len(b._head) < len(a._head)
    if trusted and a._codes is None and b._codes is None and _positive(b):
        return divide_by_marginal(a, b)
    op = _Lazy(lambda: f"{a.notation} / {b.notation}")
    if not trusted:
        _check_divisible(a, b, op)
        b = align_states(b, a, op)
    b_head = set(b._head)
    given = tuple(v for v in a._variables if v in a._given or v in b_head)
    physical = None
    if a._is_dense and b._is_dense and _positive(b):
        # no zero in the denominator: one broadcast division in the numerator's storage order
        p, physical = _stored_quotient(a, b)
        codes = None
    elif a._is_dense or prod(a._cards) <= _DENSE_LIMIT:
        numerator = a._array()
        denominator = np.broadcast_to(
            _kernels.expand_to(b._array(), b._variables, a._variables), a._cards
        )
        # the numerator is densified here even when ``a`` is sparse: use the codes of the dense layout
        dense_codes = a._codes_array if a._is_dense else (lambda: _kernels.dense_codes(a._cards))
        p, keep = _quotient(numerator.reshape(-1), denominator.reshape(-1), a, op, dense_codes)
        codes = None if keep is None else np.asfortranarray(dense_codes()[keep])
    else:
        cols = [a._axis(v) for v in b._variables]
        b_codes = b._codes_array()
        order = [b._axis(v) for v in b._variables]
        stacked = np.concatenate([a._codes_array()[:, cols], b_codes[:, order]], axis=0)
        key, _ = _kernels.mixed_key(stacked, [a._cards[c] for c in cols], range(len(cols)))
        key_a, key_b = key[: len(a._p)], key[len(a._p) :]
        sort_b = np.argsort(key_b)
        pos = np.clip(np.searchsorted(key_b[sort_b], key_a), 0, len(key_b) - 1)
        found = key_b[sort_b][pos] == key_a
        den = np.where(found, b._p[sort_b][pos], 0.0)
        p, keep = _quotient(a._p, den, a, op, a._codes_array)
        codes = np.asfortranarray(a._codes_array() if keep is None else a._codes_array()[keep])
    result = Table._make(a._variables, given, a._states, p, codes, a._evidence, physical)
    if not trusted:
        _check_division_sums(result, op)
    return result


def _positive(table: Table) -> bool:
    """Whether every stored probability is positive (so dividing by the table needs no zero handling).

    Remembered per table; a marginal of a positive table is positive (see ``Table._sum_to``).
    """
    positive = table._cache.get("positive")
    if positive is None:
        values = table._stored
        source = table._cache.get("marginal_of")
        source = source() if source is not None else None
        if values.size and source is not None and source._codes is None and _positive(source):
            positive = True  # sums of positive numbers
        else:
            positive = bool(values.size) and float(values.min()) > 0
        table._cache["positive"] = positive
    return positive


def _stored_quotient(a: Table, b: Table) -> tuple[np.ndarray, tuple[str, ...]]:
    """``a / b`` for dense float tables, ``b`` over some of ``a``'s variables and nowhere zero,
    broadcast in ``a``'s storage order: the quotient and the variable of each of its axes."""
    numerator, physical = a._physical()
    denominator, den_names = b._physical()
    return np.divide(
        numerator, _kernels.expand_to(denominator, den_names, physical), order="C"
    ), physical


def divide_by_marginal(a: Table, b: Table) -> Table:
    """``a / b`` for a dense float ``a`` and its dense, positive marginal ``b`` computed by
    ``Table._sum_to`` (nothing to check): p(A, B | C) / p(B | C) is p(A | B, C).

    ``b`` is stored in ``a``'s storage order with its summed axes left out, unless its own
    order was read since (then its axes are matched by name).
    """
    numerator, physical = a._physical()
    in_b = [v in b._states for v in physical]
    if (b._store[1] or b._variables) == tuple(itertools.compress(physical, in_b)):
        p = _kernels.divide_by(numerator, in_b, b._store[0])
    else:
        p, physical = _stored_quotient(a, b)
    if a._given:
        behind = set(a._given).union(b._head)
        given = tuple(v for v in a._variables if v in behind)
    else:  # b's variables are its head
        given = tuple(v for v in a._variables if v in b._states)
        behind = set(given)
    head = tuple(v for v in a._variables if v not in behind)
    return Table._dense(a._variables, head, given, a._states, p, a._evidence, physical)


def _check_divisible(a: Table, b: Table, op: Any) -> None:
    """Raise :class:`NotAConditionalError` unless the terms' shapes make ``a / b`` a conditional."""
    problems = []
    a_head = set(a._head)
    outside = [v for v in b._head if v not in a_head]
    if outside:
        problems.append(f"the denominator's head {tuple(outside)!r} is not in the numerator's head")
    extra_given = [v for v in b._given if v not in a._given]
    if extra_given:
        problems.append(
            f"the denominator conditions on {tuple(extra_given)!r}, which the numerator does not"
        )
    if not problems and len(b.head) == len(a.head):
        problems.append("nothing would be left in front of the bar")
    for name, value in b._evidence.items():
        if not same_evidence(a, b, [name]):
            problems.append(f"the denominator's evidence {name}={value!r} is not the numerator's")
    if problems:
        raise NotAConditionalError(
            f"{op} is not a conditional: {'; '.join(problems)}. Divide p(A, B | C) by p(B | C) to get p(A | B, C)."
        )


def _quotient(
    num: np.ndarray, den: np.ndarray, a: Table, op: str | _Lazy, codes_of: Any
) -> tuple[np.ndarray, np.ndarray | None]:
    zero = den == 0
    if not zero.any():
        return num / den, None
    bad = zero & (num > 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        codes = codes_of()[row]
        where = ", ".join(
            f"{v}={show_value(a._states[v][int(codes[i])])}" for i, v in enumerate(a._variables)
        )
        raise NotAConditionalError(
            f"{op}: the denominator is 0 where the numerator is {float(num[row])!r} (at {where}); "
            "the denominator must be a marginal of the numerator."
        )
    keep = ~zero
    return num[keep] / den[keep], keep


def _check_division_sums(result: Table, op: str | _Lazy) -> None:
    given_cols = [result._axis(g) for g in result._given]
    head_cols = [i for i in range(len(result._variables)) if i not in given_cols]
    if result._is_dense:  # sum the head axes in storage order; codes only show a failure
        array, physical = result._physical()
        dense_sums = _kernels.sum_to(array, [v in result._given for v in physical])
        if float(np.max(np.abs(dense_sums - 1.0))) <= _DIVISION_ATOL:
            return
    codes = result._codes_array()
    sums, first, _ = _kernels.sums_per_group(codes, result._cards, given_cols, result._p)
    off = np.abs(sums - 1.0)
    if off.max() > _DIVISION_ATOL:
        i = int(np.argmax(off))
        row = codes[first[i]]
        where = ", ".join(
            f"{result._variables[c]}={show_value(result._states[result._variables[c]][int(row[c])])}"
            for c in given_cols
        )
        raise NotAConditionalError(
            f"{op} is not a conditional: for {where} the result sums to {float(sums[i])!r} over "
            f"{tuple(result._variables[c] for c in head_cols)!r}, not 1; the denominator must be the marginal "
            "of the numerator."
        )


def max_difference(a: Table, b: Table) -> float | None:
    """The largest absolute difference of probabilities, or ``None`` if not comparable."""
    if set(a._variables) != set(b._variables) or set(a._given) != set(b._given):
        return None
    if not same_evidence(a, b):
        return None
    if any(set(a._states[v]) != set(b._states[v]) for v in a._variables):
        return None
    b = align_states(b, a, "equals()")
    if prod(a._cards) <= _DENSE_LIMIT:
        left = a._array()
        right = _kernels.expand_to(b._array(), b._variables, a._variables)
        return float(np.max(np.abs(left - right)))
    order = [b._axis(v) for v in a._variables]
    stacked = np.concatenate([a._codes_array(), b._codes_array()[:, order]], axis=0)
    weights = np.concatenate([a._p, -b._p])
    _, sums = _kernels.group_sum(stacked, a._cards, range(len(a._variables)), weights)
    return float(np.max(np.abs(sums)))
