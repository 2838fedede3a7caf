"""A factorization compiled once for inference: integer variables, dense arrays, state lookups.

Tables are immutable, so the dense array of every term is built once per
factorization and kept (with the elimination plans of :mod:`._plan`) in a cache
that holds the factorization weakly: the cache goes when the factorization goes.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from probtables.errors import (
    ArgumentError,
    ExactnessError,
    NotAJointError,
    StateMismatchError,
    StructureError,
    UnknownStateError,
    UnknownVariableError,
    ZeroProbabilityError,
    did_you_mean,
)
from probtables.factorization import Factorization
from probtables.notation import Item, parse_term

__all__ = ["Model", "model_of", "Evidence", "Likelihood", "parse_question", "zero_evidence"]

#: Soft evidence: per variable, a weight for each state (by state, or in state order).
Likelihood = Mapping[str, Mapping[Any, float] | Sequence[float]]

parse_question = lru_cache(maxsize=4096)(parse_term)  # a TermSpec is immutable: parse each question once

_PLANS_KEPT = 1024  # plans kept per factorization (oldest dropped first)


@dataclass
class Model:
    """The numbers of a factorization with tables, indexed by integer variables."""

    names: tuple[str, ...]
    index: dict[str, int]
    cards: tuple[int, ...]
    states: dict[str, tuple[Any, ...]]
    arrays: list[np.ndarray]  # per term, axes = term_vars[t]
    term_vars: list[tuple[int, ...]]
    owner: list[int]  # variable -> the term that heads it, -1 for a free variable
    sticky: tuple[int, ...]  # terms whose table leaves parent assignments out: never pruned
    positive: tuple[bool, ...]  # per term: every entry > 0 (so no evidence makes its part impossible)
    free: tuple[int, ...]
    label: str
    plans: dict[Any, Any] = field(default_factory=dict)
    lookups: dict[int, dict[Any, int]] = field(default_factory=dict)
    exact: bool = False  # every table holds fractions: object arrays, exact sums and products
    drafts: set[Any] = field(default_factory=set)  # keys of plans built by the quick first-ask route
    quick: Any = None  # what that route precomputes once per model (see _plan._quick_model)

    def ones(self, shape: int | tuple[int, ...]) -> np.ndarray:
        """An array of ones (exact ones, as an object array, for an exact model)."""
        if self.exact:
            out = np.empty(shape, dtype=object)
            out.fill(Fraction(1))
            return out
        return np.ones(shape)

    def zeros(self, shape: int | tuple[int, ...]) -> np.ndarray:
        """An array of zeros (exact zeros, as an object array, for an exact model)."""
        if self.exact:
            out = np.empty(shape, dtype=object)
            out.fill(Fraction(0))
            return out
        return np.zeros(shape)

    # ------------------------------------------------------------------ names and states

    def variable(self, name: str, op: str) -> int:
        """The integer of variable ``name``; unknown names raise with a close match."""
        i = self.index.get(name)
        if i is None:
            raise UnknownVariableError(
                f"{op}(): unknown variable {name!r}; {self.label} has {self.names!r}."
                + did_you_mean(name, self.names)
            )
        return i

    def state(self, var: int, value: Any, op: str) -> int:
        """The index of state ``value`` of ``var`` (a state equal to it, else the one that prints as it)."""
        lookup = self.lookups.get(var)
        if lookup is None:
            lookup = {}
            for k, s in enumerate(self.states[self.names[var]]):
                try:
                    lookup.setdefault(s, k)
                except TypeError:
                    pass
            self.lookups[var] = lookup
        try:
            found = lookup.get(value)
        except TypeError:  # an unhashable value: compared by its text below
            found = None
        if found is not None:
            return found
        name = self.names[var]
        states = self.states[name]
        matches = [k for k, s in enumerate(states) if str(s) == str(value)]
        if len(matches) == 1:
            return matches[0]
        shown = value.item() if isinstance(value, np.generic) else value
        raise UnknownStateError(
            f"{op}(): unknown state {shown!r} for variable {name!r}; its states are {states!r}."
            + did_you_mean(shown, states)
        )

    def state_value(self, var: int, k: int) -> Any:
        return self.states[self.names[var]][k]


def _label(f: Factorization) -> str:
    if f.name and f.name != "unknown":  # "network unknown" is the BIF files' placeholder
        return f"the network {f.name!r}"
    text = str(f)
    if len(text) <= 80:
        return text
    return text[:70].rsplit(")", 1)[0] + ")..."


_CACHE: weakref.WeakKeyDictionary[Factorization, Model] = weakref.WeakKeyDictionary()


def model_of(f: Factorization, op: str) -> Model:
    """The compiled model of ``f`` (built on first use, then cached while ``f`` lives)."""
    model = _CACHE.get(f)
    if model is None:
        model = _compile(f, op)
        _CACHE[f] = model
    return model


def _compile(f: Factorization, op: str) -> Model:
    if not isinstance(f, Factorization):
        raise TypeError(f"{op}(): expected a Factorization, got {type(f).__name__}.")
    missing = [str(t) for t in f.terms if t.table is None]
    if missing:
        raise StructureError(
            f"{op}(): term(s) {', '.join(missing)} of {f} have no table; inference needs numbers "
            "(build the factorization from a table, fit it, or attach tables with with_tables)."
        )
    names = f.variables
    index = {n: i for i, n in enumerate(names)}
    states: dict[str, tuple[Any, ...]] = {}
    where: dict[str, str] = {}
    arrays: list[np.ndarray] = []
    term_vars: list[tuple[int, ...]] = []
    owner = [-1] * len(names)
    sticky = []
    kinds = [term.table.is_exact for term in f.terms if term.table is not None]
    if any(kinds) and not all(kinds):
        exact = [str(t) for t, k in zip(f.terms, kinds) if k]
        floating = [str(t) for t, k in zip(f.terms, kinds) if not k]
        raise ExactnessError(
            f"{op}(): the table(s) of {', '.join(exact)} hold fractions (exact) but those of "
            f"{', '.join(floating)} hold floats; exact and float tables do not mix in one factorization. "
            "Convert them first: f.with_tables([t.to_exact() for t in tables]) (or .to_float())."
        )
    for t, term in enumerate(f.terms):
        table = term.table
        assert table is not None
        for name, s in table.states.items():
            if name not in states:
                states[name] = tuple(s)
                where[name] = table.notation
            elif tuple(s) != states[name]:
                raise StateMismatchError(
                    f"{op}(): variable {name!r} has states {states[name]!r} in {where[name]} "
                    f"but {tuple(s)!r} in {table.notation}."
                )
        order = tuple(table.variables)
        array = table.to_array(order)
        array.setflags(write=False)
        arrays.append(array)
        term_vars.append(tuple(index[n] for n in order))
        for h in term.head:
            owner[index[h]] = t
        if table.undefined_count:
            sticky.append(t)
    cards = tuple(len(states[n]) for n in names)
    free = tuple(index[n] for n in f.free)
    positive = tuple(bool(a.size and a.min() > 0) for a in arrays)
    return Model(
        names,
        index,
        cards,
        states,
        arrays,
        term_vars,
        owner,
        tuple(sticky),
        positive,
        free,
        _label(f),
        exact=bool(kinds) and all(kinds),
    )


# ---------------------------------------------------------------------- evidence


@dataclass
class Evidence:
    """Evidence resolved to integers: hard values, events (sets of states) and likelihoods."""

    hard: dict[int, int] = field(default_factory=dict)
    unary: dict[int, np.ndarray] = field(default_factory=dict)
    events: dict[int, tuple[int, ...]] = field(default_factory=dict)
    written: dict[str, Any] = field(default_factory=dict)  # name -> state or tuple of states
    carried: dict[str, tuple[Any, ...]] | None = None  # as answer tables record it (built once)

    @property
    def any(self) -> bool:
        return bool(self.hard or self.unary)

    def text(self, model: Model) -> str:
        parts = [str(Item.of(name, value)) for name, value in self.written.items()]
        parts += [f"likelihood on {model.names[v]!r}" for v in self.unary if v not in self.events]
        return ", ".join(parts)


def _is_event(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset, range, np.ndarray))


def resolve_evidence(
    model: Model,
    evidence: Mapping[str, Any] | None,
    likelihood: Mapping[str, Any] | None,
    op: str,
) -> Evidence:
    """Turn ``{name: state or states}`` and ``{name: {state: weight}}`` into an :class:`Evidence`."""
    out = Evidence()
    for name, value in (evidence or {}).items():
        v = model.variable(name, op)
        if _is_event(value):
            values = list(value)
            if not values:
                raise UnknownStateError(f"{op}(): the event for {name!r} lists no states.")
            ks = tuple(sorted({model.state(v, x, op) for x in values}))
            mask = model.zeros(model.cards[v])
            mask[list(ks)] = Fraction(1) if model.exact else 1.0
            out.unary[v] = mask
            out.events[v] = ks
            out.written[name] = tuple(model.state_value(v, k) for k in ks)
        else:
            k = model.state(v, value, op)
            out.hard[v] = k
            out.written[name] = model.state_value(v, k)
    for name, weights in (likelihood or {}).items():
        v = model.variable(name, op)
        if v in out.hard:
            raise ArgumentError(f"{op}(): {name!r} has both a value and a likelihood; give one of them.")
        vector = _likelihood_vector(model, v, weights, op)
        if model.exact:
            vector = _exact_weights(model, v, weights)
        out.unary[v] = out.unary[v] * vector if v in out.unary else vector
    return out


def _likelihood_vector(model: Model, v: int, weights: Any, op: str) -> np.ndarray:
    name = model.names[v]
    card = model.cards[v]
    if isinstance(weights, Mapping):
        vector = np.zeros(card)
        for state, w in weights.items():
            vector[model.state(v, state, op)] = float(w)
    else:
        vector = np.asarray(list(weights), dtype=np.float64)
        if vector.shape != (card,):
            raise ArgumentError(
                f"{op}(): the likelihood of {name!r} needs one weight per state "
                f"{model.states[name]!r} (or a mapping state -> weight); got {len(vector)} weights."
            )
    if not np.all(np.isfinite(vector)) or (vector < 0).any() or not (vector > 0).any():
        raise ArgumentError(
            f"{op}(): the likelihood of {name!r} must be finite, non-negative weights, not all zero; "
            f"got {vector.tolist()!r}."
        )
    return vector


def _exact_weights(model: Model, v: int, weights: Any) -> np.ndarray:
    """The likelihood of ``v`` as exact fractions (a float weight is taken at its exact binary value)."""
    vector = model.zeros(model.cards[v])
    if isinstance(weights, Mapping):
        for state, w in weights.items():
            vector[model.state(v, state, "likelihood")] = Fraction(w)
    else:
        vector[:] = [Fraction(w) for w in weights]
    return vector


def check_free(model: Model, covered: Iterable[int], op: str, where: str) -> None:
    """Free variables (only behind a bar) must be given: the factorization is conditional on them."""
    covered = set(covered)
    missing = tuple(model.names[v] for v in model.free if v not in covered)
    if missing:
        raise NotAJointError(f"{op}(): {model.label} is conditional on {missing!r}; {where}.")


def zero_evidence(op: str, model: Model, ev: Evidence) -> ZeroProbabilityError:
    """The error for evidence of probability zero (the engine's wording)."""
    return ZeroProbabilityError(
        f"{op}(): the evidence {ev.text(model)} has probability zero in {model.label}; "
        "cannot condition on it."
    )
