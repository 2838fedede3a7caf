"""The tables of a factorization's terms, on one state list per variable.

Helpers shared by estimation, scoring (:mod:`probtables.estimate`) and
ancestral sampling (:mod:`probtables.estimate._sampling`): which states each variable
has (its own term's table decides), whether every term has a table, and each
table's probabilities or codes re-ordered to the factorization's state lists,
so that they line up with the codes of counted or drawn data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from probtables import _kernels
from probtables._validate import hashable, show_value
from probtables.errors import StateMismatchError, StructureError
from probtables.factorization import Factorization, Term
from probtables.table import Table

__all__ = [
    "aligned_array",
    "aligned_codes",
    "assignment_text",
    "coerce",
    "families",
    "owner",
    "require_tables",
    "sorted_keys",
    "state_maps",
    "states_and_sources",
    "table_states",
]


def coerce(factorization: Factorization | str) -> Factorization:
    """A :class:`~probtables.factorization.Factorization`, parsed from notation if need be."""
    return Factorization.coerce(factorization)


def owner(f: Factorization) -> str:
    """How messages name the factorization: its notation, or its size when that is long."""
    text = str(f)
    return text if len(text) <= 80 else f"the {len(f)}-term factorization"


def families(f: Factorization) -> list[tuple[str, ...]]:
    """Each term's family: its parents, then its heads."""
    return [t.given + t.head for t in f.terms]


def table_states(f: Factorization) -> dict[str, tuple[Any, ...]]:
    """The state lists the factorization's tables give (a variable's own term first)."""
    return {v: states for v, (states, _) in states_and_sources(f).items()}


def states_and_sources(f: Factorization) -> dict[str, tuple[tuple[Any, ...], str]]:
    """Each variable's states and the notation of the table they come from (its own term's, if any)."""
    out: dict[str, tuple[tuple[Any, ...], str]] = {}
    for own_term in (True, False):
        for term in f.terms:
            if term.table is not None:
                for v in term.head if own_term else term.given:
                    if own_term or v not in out:
                        out[v] = (term.table.states[v], term.table.notation)
    return out


def require_tables(f: Factorization, op: str) -> None:
    missing = [str(t) for t in f.terms if t.table is None]
    if missing:
        raise StructureError(
            f"{op}(): term(s) {', '.join(missing)} of {owner(f)} have no table; "
            "estimate them first with fit(data) or attach tables."
        )


def table_of(term: Term) -> Table:
    """The table of a term that has one (callers first check every term with :func:`require_tables`)."""
    assert term.table is not None, str(term)
    return term.table


def state_maps(
    table: Table, family: Sequence[str], known: Mapping[str, tuple[tuple[Any, ...], str]], op: str
) -> list[np.ndarray | None]:
    """Per variable of ``family``: the table's code of each state of the factorization's list (``None``: same list).

    The same states in another order are aligned; other state lists raise
    :class:`StateMismatchError`.
    """
    maps: list[np.ndarray | None] = []
    for v in family:
        own, (want, source) = table.states[v], known[v]
        if own == want:
            maps.append(None)
            continue
        position = {hashable(s): i for i, s in enumerate(own)}
        if len(own) != len(want) or any(hashable(s) not in position for s in want):
            raise StateMismatchError(
                f"{op}(): variable {v!r} has states {own!r} in {table.notation} but {want!r} in {source}."
            )
        maps.append(np.array([position[hashable(s)] for s in want], dtype=np.int64))
    return maps


def aligned_array(table: Table, family: Sequence[str], maps: Sequence[np.ndarray | None]) -> np.ndarray:
    """The table as a dense array, axes in ``family`` order, states in the global order."""
    array = table.to_array(list(family))
    for axis, m in enumerate(maps):
        if m is not None:
            array = np.take(array, m, axis=axis)
    return array


def aligned_codes(table: Table, family: Sequence[str], maps: Sequence[np.ndarray | None]) -> np.ndarray:
    """The table's codes, columns in ``family`` order, as codes of the global state lists."""
    codes = table._codes_array()[:, [table._axis(v) for v in family]].astype(np.int64)
    for col, m in enumerate(maps):
        if m is not None:
            inverse = np.empty(len(m), dtype=np.int64)
            inverse[m] = np.arange(len(m))
            codes[:, col] = inverse[codes[:, col]]
    return codes


def sorted_keys(
    table_codes: np.ndarray, data_codes: np.ndarray, cards: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keys of table rows and data rows on one mixed radix, for looking rows up with ``np.searchsorted``.

    Returns ``(sort, table_keys, data_keys)``: the stable order that sorts the
    table's keys, the table's keys in that order, and the data's keys.
    """
    key, _ = _kernels.mixed_key(np.concatenate([table_codes, data_codes]), cards, range(len(cards)))
    tkey, dkey = key[: len(table_codes)], key[len(table_codes) :]
    sort = np.argsort(tkey, kind="stable")
    return sort, tkey[sort], dkey


def assignment_text(
    names: Sequence[str], states: Mapping[str, tuple[Any, ...]], codes: Sequence[int]
) -> str:
    """``x=1, y=a``: the states of ``names`` whose codes are ``codes``, for messages."""
    return ", ".join(f"{name}={show_value(states[name][int(code)])}" for name, code in zip(names, codes))
