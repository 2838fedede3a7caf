r"""Ancestral sampling: data from the tables of a factorization.

Ancestral ("forward", "logic") sampling [1]_ draws the variables in
topological order, each from its table given the parents already drawn; every
variable is drawn for all rows at once. :func:`sample` is public as
:func:`probtables.estimate.sample` and :meth:`Factorization.sample
<probtables.factorization.Factorization.sample>`.

References
----------
.. [1] M. Henrion, "Propagating uncertainty in Bayesian networks by
   probabilistic logic sampling", *Uncertainty in Artificial Intelligence 2*,
   149-163, 1988.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import prod
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from probtables import _kernels
from probtables._validate import index_dtype
from probtables.errors import DataError, NotAJointError, ZeroProbabilityError
from probtables.estimate import _terms

if TYPE_CHECKING:
    from probtables.factorization import Factorization, Term

__all__ = ["sample"]

_SAMPLE_DENSE = 1 << 24  # largest table sampled from a dense array
_CHUNK = 1 << 22  # elements per chunk of the vectorized draw
_FEW_STATES = 16  # up to this many head assignments, draw column by column


def sample(
    factorization: Factorization | str, n: int, seed: int | np.random.Generator | None = None
) -> pd.DataFrame:
    """Draw ``n`` rows by ancestral sampling: each variable from its table, given its parents' draws.

    The variables are drawn in topological order, each for all rows at once:
    the codes of its parents give each row's row of the table, and one
    uniform number per row picks a state through the cumulative sums.

    Parameters
    ----------
    factorization : Factorization
        With a table on every term and no free variables.
    n : int
        The number of rows.
    seed : int or numpy.random.Generator, optional
        The same seed gives the same rows.

    Returns
    -------
    pandas.DataFrame
        One categorical column per variable (in the order of
        ``factorization.variables``) whose categories are the tables' states.

    Raises
    ------
    StructureError
        A term has no table.
    NotAJointError
        The factorization has free variables (it is a conditional).
    ZeroProbabilityError
        The tables are inconsistent: a term has no distribution for a parent
        assignment that the other terms draw.

    Examples
    --------
    >>> rain = pt.Table.from_dict({"yes": 0.3, "no": 0.7}, "rain")
    >>> wet = pt.Table.from_dict({("yes", "wet"): 1.0, ("no", "dry"): 1.0}, ("rain", "ground"), given="rain")
    >>> model = pt.Factorization([pt.Term("rain", (), rain), pt.Term("ground", "rain", wet)])
    >>> draws = model.sample(1000, seed=0)
    >>> bool(((draws["rain"] == "yes") == (draws["ground"] == "wet")).all())
    True
    >>> draws["ground"].cat.categories.tolist()
    ['dry', 'wet']
    """
    f = _terms.coerce(factorization)
    op = "sample"
    _terms.require_tables(f, op)
    if f.free:
        raise NotAJointError(
            f"{op}(): {_terms.owner(f)} is conditional on {f.free!r}; give those variables a distribution "
            "(a term each) before sampling."
        )
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise DataError(f"{op}(): n must be a whole number >= 0, got {n!r}.")
    n = int(n)
    rng = np.random.default_rng(seed)
    known = _terms.states_and_sources(f)
    states = {v: own for v, (own, _) in known.items()}
    drawn: dict[str, np.ndarray] = {}
    for i in f._term_order():
        term = f.terms[i]
        for name, codes in zip(term.head, _draw_term(term, drawn, known, n, rng, op)):
            drawn[name] = codes
    return pd.DataFrame(
        {
            name: pd.Categorical.from_codes(
                drawn[name], categories=pd.Index(list(states[name]), dtype=index_dtype(states[name]))
            )
            for name in f.variables
        }
    )


def _draw_term(
    term: Term,
    drawn: Mapping[str, np.ndarray],
    known: Mapping[str, tuple[tuple[Any, ...], str]],
    n: int,
    rng: np.random.Generator,
    op: str,
) -> list[np.ndarray]:
    parents, heads = term.given, term.head
    maps = _terms.state_maps(_terms.table_of(term), parents + heads, known, op)
    states = {v: known[v][0] for v in parents + heads}
    p_cards = tuple(len(states[v]) for v in parents)
    h_cards = tuple(len(states[v]) for v in heads)
    n_par, n_head = prod(p_cards), prod(h_cards)
    u = rng.random(n)
    if n_par * n_head > _SAMPLE_DENSE:
        return _draw_sparse(term, drawn, maps, p_cards, h_cards, u, states, op)
    cpt = _terms.aligned_array(_terms.table_of(term), parents + heads, maps).reshape(n_par, n_head)
    row = np.zeros(n, dtype=np.int64)
    for name, card in zip(parents, p_cards):
        row *= card
        row += drawn[name]
    cum = np.cumsum(cpt, axis=1)
    totals = cum[:, -1].copy()
    empty = totals <= 0
    if empty.any():
        hit = empty[row]
        if hit.any():
            codes = tuple(int(c) for c in np.unravel_index(int(row[np.argmax(hit)]), p_cards))
            raise _undefined(term, states, codes, op)
        totals[empty] = 1.0
    cum /= totals[:, None]  # the last entry of every row is exactly 1.0
    # the state drawn is the number of cumulative sums <= u (the last one, 1.0, never is)
    if n_head <= _FEW_STATES:
        out = np.zeros(n, dtype=np.int64)
        columns = np.ascontiguousarray(cum[:, :-1].T)
        for column in columns:
            out += (column[0] if n_par == 1 else column.take(row)) <= u
    elif n_par == 1:
        out = np.searchsorted(cum[0], u, side="right")
    else:
        out = np.empty(n, dtype=np.int64)
        step = max(1, _CHUNK // n_head)
        for start in range(0, n, step):
            stop = start + step
            out[start:stop] = (cum[row[start:stop]] <= u[start:stop, None]).sum(axis=1)
    dtype = _kernels.code_dtype(max(h_cards))
    if len(heads) == 1:
        return [out.astype(dtype)]
    return [c.astype(dtype) for c in np.unravel_index(out, h_cards)]


def _draw_sparse(
    term: Term,
    drawn: Mapping[str, np.ndarray],
    maps: Sequence[np.ndarray | None],
    p_cards: tuple[int, ...],
    h_cards: tuple[int, ...],
    u: np.ndarray,
    states: Mapping[str, tuple[Any, ...]],
    op: str,
) -> list[np.ndarray]:
    """Draw from a table too large to densify: rows grouped by parent assignment, one global search."""
    table = _terms.table_of(term)
    parents, heads = term.given, term.head
    family = parents + heads
    positive = table._p > 0
    tcodes = _terms.aligned_codes(table, family, maps)[positive]
    p = table._p[positive]
    k = len(parents)
    n = len(u)
    mine = (
        np.column_stack([drawn[v] for v in parents]).astype(np.int64)
        if parents
        else np.zeros((n, 0), np.int64)
    )
    sort, tkey, dkey = _terms.sorted_keys(tcodes[:, :k], mine, p_cards)
    p, tcodes = p[sort], tcodes[sort]
    start = np.searchsorted(tkey, dkey, side="left")
    stop = np.searchsorted(tkey, dkey, side="right")
    if (stop == start).any():
        i = int(np.argmax(stop == start))
        raise _undefined(term, states, mine[i], op)
    cum = np.cumsum(p)
    base = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    target = base + u * (cum[stop - 1] - base)
    idx = np.clip(np.searchsorted(cum, target, side="right"), start, stop - 1)
    dtype = _kernels.code_dtype(max(h_cards))
    return [tcodes[idx, k + j].astype(dtype) for j in range(len(heads))]


def _undefined(
    term: Term, states: Mapping[str, tuple[Any, ...]], codes: Sequence[int], op: str
) -> ZeroProbabilityError:
    return ZeroProbabilityError(
        f"{op}(): {term} has no distribution for {_terms.assignment_text(term.given, states, codes)}, "
        "which the other terms draw with positive probability; the tables are inconsistent."
    )
