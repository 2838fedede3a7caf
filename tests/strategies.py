"""Shared test helpers: a brute-force reference for distributions, and Hypothesis strategies.

The reference (:class:`Ref`) keeps a joint distribution as a plain ``dict`` from
full assignments to probabilities and computes marginals and conditionals with
Python loops over that dict. It shares no code with probtables, so a result of
probtables compared against it is checked independently.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import strategies as st

import probtables as pt

__all__ = ["Ref", "table_dict", "assert_matches", "snapshot", "assert_unchanged", "cases", "Case"]

NAMES = ("v", "w", "x", "y", "z")


# --------------------------------------------------------------------------- brute-force reference


class Ref:
    """A joint distribution as ``{full assignment: p}``, with loop-based rules."""

    def __init__(
        self, names: Sequence[str], states: Mapping[str, Sequence[Any]], probs: Mapping[tuple, float]
    ):
        self.names = tuple(names)
        self.states = {n: tuple(states[n]) for n in self.names}
        self.probs = {a: 0.0 for a in itertools.product(*(self.states[n] for n in self.names))}
        for a, p in probs.items():
            self.probs[tuple(a)] += float(p)

    @classmethod
    def from_array(cls, array: np.ndarray, states: Mapping[str, Sequence[Any]]) -> Ref:
        names = tuple(states)
        probs = {}
        for index in itertools.product(*(range(len(states[n])) for n in names)):
            probs[tuple(states[n][i] for n, i in zip(names, index))] = float(array[index])
        return cls(names, states, probs)

    def _matches(self, assignment: tuple, event: Mapping[str, Any]) -> bool:
        for name, value in event.items():
            v = assignment[self.names.index(name)]
            if isinstance(value, (list, tuple, set)):
                if v not in value:
                    return False
            elif v != value:
                return False
        return True

    def prob(self, **event: Any) -> float:
        """Pr(event): the sum over full assignments that satisfy every condition."""
        return sum(p for a, p in self.probs.items() if self._matches(a, event))

    def marginal(self, keep: Sequence[str]) -> dict[tuple, float]:
        """{assignment of ``keep``: p}, every assignment listed (zeros too)."""
        out = {a: 0.0 for a in itertools.product(*(self.states[n] for n in keep))}
        for a, p in self.probs.items():
            out[tuple(a[self.names.index(n)] for n in keep)] += p
        return out

    def conditional(self, head: Sequence[str], given: Sequence[str], **event: Any) -> dict[tuple, float]:
        """p(head | given, event) as {assignment of head + given: p}, only where p(given, event) > 0."""
        keys = tuple(head) + tuple(given)
        num: dict[tuple, float] = defaultdict(float)
        den: dict[tuple, float] = defaultdict(float)
        for a, p in self.probs.items():
            if not self._matches(a, event):
                continue
            num[tuple(a[self.names.index(n)] for n in keys)] += p
            den[tuple(a[self.names.index(n)] for n in given)] += p
        out = {}
        for combo in itertools.product(*(self.states[n] for n in keys)):
            g = combo[len(head) :]
            if den[g] > 0:
                out[combo] = num[combo] / den[g]
        return out

    def array(self, order: Sequence[str] | None = None) -> np.ndarray:
        order = tuple(order or self.names)
        out = np.zeros([len(self.states[n]) for n in order])
        for a, p in self.probs.items():
            out[tuple(self.states[n].index(a[self.names.index(n)]) for n in order)] = p
        return out


def table_dict(table: pt.Table, names: Sequence[str] | None = None) -> dict[tuple, float]:
    """The rows present in ``table.frame`` as {assignment in ``names`` order: p}."""
    names = tuple(names or table.variables)
    frame = table.frame
    out = {}
    for row in frame[list(names) + ["p"]].itertuples(index=False):
        key = tuple(v.item() if isinstance(v, np.generic) else v for v in row[:-1])
        assert key not in out, f"assignment {key} listed twice"
        out[key] = float(row[-1])
    return out


def assert_matches(
    table: pt.Table, expected: Mapping[tuple, float], names: Sequence[str], atol: float = 1e-12
) -> None:
    """``table`` equals ``expected`` ({assignment of ``names``: p}); absent rows count as 0.

    Rows of the table outside ``expected`` (e.g. undefined conditioning
    assignments) must not be there at all, or hold 0.
    """
    assert set(table.variables) == set(names), (table.variables, names)
    got = table_dict(table, names)
    for key, p in expected.items():
        assert abs(got.get(key, 0.0) - p) <= atol, (
            f"{table.notation} at {dict(zip(names, key))}: {got.get(key, 0.0)} != {p}"
        )
    extra = {k: v for k, v in got.items() if k not in expected and v != 0}
    assert not extra, f"{table.notation} has rows the reference leaves out: {extra}"


# --------------------------------------------------------------------------- immutability


def snapshot(obj: Any) -> Any:
    """A deep, comparable copy of a Table, DataFrame or array."""
    if isinstance(obj, pt.Table):
        return ("table", obj.frame.copy(deep=True), obj.states, obj.given, obj.notation, obj.evidence)
    if isinstance(obj, pd.DataFrame):
        return ("frame", obj.copy(deep=True))
    if isinstance(obj, np.ndarray):
        return ("array", obj.copy())
    raise TypeError(type(obj))


def assert_unchanged(obj: Any, before: Any) -> None:
    after = snapshot(obj)
    assert after[0] == before[0]
    if before[0] == "table":
        pd.testing.assert_frame_equal(after[1], before[1])
        assert after[2:] == before[2:]
    elif before[0] == "frame":
        pd.testing.assert_frame_equal(after[1], before[1])
    else:
        np.testing.assert_array_equal(after[1], before[1])


# --------------------------------------------------------------------------- strategies


@dataclass
class Case:
    """A random table and its brute-force reference."""

    table: pt.Table
    ref: Ref
    sparse: bool

    @property
    def names(self) -> tuple[str, ...]:
        return self.ref.names


@st.composite
def cases(
    draw: Any, min_vars: int = 2, max_vars: int = 5, max_states: int = 3, zeros: bool = True
) -> Case:
    """A random joint table over 2 to 5 variables with 2 or 3 states each.

    Probabilities are random positive weights, some of them zero when ``zeros``;
    the table is built dense (``from_array``) or sparse (a frame listing only the
    positive rows, with the state lists given explicitly).
    """
    n = draw(st.integers(min_vars, max_vars))
    names = tuple(draw(st.permutations(NAMES))[:n])
    states = {}
    for name in names:
        card = draw(st.integers(2, max_states))
        kind = draw(st.sampled_from(["int", "str"]))
        states[name] = list(range(card)) if kind == "int" else [f"{name}{i}" for i in range(card)]
    size = prod(len(s) for s in states.values())
    positive = st.floats(0.05, 1.0)
    # about half the tables have zeros, then about one cell in four
    with_zeros = zeros and draw(st.booleans())
    weight = st.one_of(st.just(0.0), positive, positive, positive) if with_zeros else positive
    weights = draw(st.lists(weight, min_size=size, max_size=size).filter(lambda w: sum(w) > 0))
    array = np.array(weights).reshape([len(states[v]) for v in names])
    array = array / array.sum()
    ref = Ref.from_array(array, states)
    sparse = draw(st.booleans()) and bool((array == 0).any())
    if sparse:
        rows = [dict(zip(names, a), p=p) for a, p in ref.probs.items() if p > 0]
        order = draw(st.permutations(range(len(rows))))
        frame = pd.DataFrame([rows[i] for i in order])
        table = pt.Table(frame, states=states)
    else:
        table = pt.Table.from_array(array, states=states)
    return Case(table, ref, sparse)
