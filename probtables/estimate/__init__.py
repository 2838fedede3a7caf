r"""Tables from data, and data from tables: estimation, scoring and sampling.

A factorization such as ``p(a)p(b | a)p(c | a, b)`` is a claim about how data
are generated; this module connects it with a DataFrame of observations, one
row per observation and one column per variable.

Estimation by counting
----------------------
For a term :math:`p(h \mid g)` the *family* is the head together with the
parents. Let :math:`n_{g,h}` count the rows whose parents take the assignment
:math:`g` and whose head takes :math:`h`, and :math:`n_g = \sum_h n_{g,h}`.
The maximum-likelihood estimate is the normalized count

.. math:: \hat p(h \mid g) = \frac{n_{g,h}}{n_g},

and with a symmetric Dirichlet prior of *pseudocount* :math:`\alpha` added to
every cell (Laplace smoothing when :math:`\alpha = 1`), the posterior mean

.. math:: \hat p(h \mid g) = \frac{n_{g,h} + \alpha}{n_g + \alpha\,|H|},

where :math:`|H|` is the number of head assignments. With :math:`\alpha = 0`, a
parent assignment :math:`g` that never occurs (:math:`n_g = 0`) leaves
:math:`\hat p(\cdot \mid g)` undefined: :func:`fit` reports it
(:class:`UnseenParentsError`) instead of inventing numbers.

Each column is encoded to integer codes once; each family is counted with one
``np.bincount`` over the mixed-radix key of its codes (parents, then heads).

Scoring
-------
The log-likelihood of the data under the tables is a sum over terms and cells,

.. math:: \ell = \sum_{\text{terms}} \sum_{g,h} n_{g,h} \ln p(h \mid g),

and the Bayesian information criterion [2]_ penalizes it by the number of free
parameters :math:`k = \sum_{\text{terms}} (|H| - 1)\,|G|`:

.. math:: \mathrm{BIC} = \ell - \frac{k}{2} \ln n.

Sampling
--------
Ancestral ("forward", "logic") sampling [3]_ draws the variables in
topological order, each from its table given the parents already drawn; every
variable is drawn for all rows at once.

Dask
----
:func:`fit`, :func:`log_likelihood`, :func:`bic` and
:meth:`Table.from_samples <probtables.table.Table.from_samples>` also accept a
Dask DataFrame (install ``probtables[dask]``). The counting then runs as one
Dask computation on whatever scheduler is active (a ``distributed`` client, if
the user made one): every partition is encoded and counted where it lives and
only the counts come back. Dask is imported only on that path.

This module is the public face and holds estimation and scoring; the counting
lives in ``_counting`` (Dask's in ``_dask``), sampling in ``_sampling``, and
the alignment of the terms' tables to one state list per variable in ``_terms``.

Examples
--------
>>> import pandas as pd
>>> data = pd.DataFrame({"rain": ["no", "no", "yes", "yes", "yes"],
...                      "wet":  ["no", "yes", "yes", "yes", "yes"]})
>>> model = pt.Factorization.parse("p(rain)p(wet | rain)").fit(data)
>>> model.term("wet").table.p(wet="yes", rain="no")
0.5
>>> round(model.log_likelihood(data), 4)
-4.7514

References
----------
.. [1] D. Koller and N. Friedman, *Probabilistic Graphical Models*, MIT Press,
   2009, sections 17.2 (maximum likelihood) and 17.3 (Bayesian estimation).
.. [2] G. Schwarz, "Estimating the dimension of a model", *Annals of
   Statistics* 6(2), 461-464, 1978.
.. [3] M. Henrion, "Propagating uncertainty in Bayesian networks by
   probabilistic logic sampling", *Uncertainty in Artificial Intelligence 2*,
   149-163, 1988.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product
from math import log, prod
from typing import TYPE_CHECKING, Any

import numpy as np

from probtables import _kernels, _validate
from probtables.datachecks import prepare_samples
from probtables.errors import DataError, StructureError, UnseenParentsError
from probtables.estimate import _counting, _terms
from probtables.estimate._dask import count, count_dask_or_raise, count_samples
from probtables.estimate._sampling import sample
from probtables.table import Table

if TYPE_CHECKING:
    from probtables.factorization import Factorization, Term

__all__ = [
    "UnseenParentsError",
    "fit",
    "log_likelihood",
    "bic",
    "free_parameters",
    "sample",
    "count_dask_or_raise",
    "count_samples",
]


# ---------------------------------------------------------------------------------------- fit


def fit(
    factorization: Factorization | str,
    data: Any,
    pseudocount: float = 0.0,
    *,
    weights: str | Sequence[float] | np.ndarray | None = None,
    states: Mapping[str, Sequence[Any]] | None = None,
    dropna: bool = False,
    max_distinct: float | None = 0.5,
) -> Factorization:
    r"""Estimate every term's table from data: normalized counts per parent assignment.

    The result has the same structure (term order, heads, givens); each term
    :math:`p(h \mid g)` gets :math:`(n_{g,h} + \alpha) / (n_g + \alpha |H|)`,
    the maximum-likelihood estimate when ``pseudocount`` :math:`\alpha` is 0.

    Parameters
    ----------
    factorization : Factorization or str
        The structure, e.g. ``"p(a)p(b | a)"``. Its tables, if it has any, are
        replaced; their state lists are kept (so a network read from a BIF
        file keeps its states even when the data lack some of them).
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per observation, one column per variable (others are ignored).
    pseudocount : float, default 0.0
        Added to the count of every cell (a symmetric Dirichlet prior).
    weights : str or array-like, optional
        How many times each row was observed: a column name or one
        non-negative whole number per row (a column name for Dask).
    states : mapping, optional
        Explicit state lists; else those of the tables, else the data's
        categories, else its sorted distinct values.
    dropna : bool, default False
        Drop the rows with a missing value in the structure's columns (a
        ``DroppedRowsWarning`` says how many); without it, missing values
        raise, naming every such column.
    max_distinct : float or None, default 0.5
        Refuse a column whose states are not known (from tables or
        ``states``) with more distinct values than this share of the rows (and
        more than 20): bin it with ``pandas.cut``/``pandas.qcut``, or pass None.

    Returns
    -------
    Factorization
        The same terms with estimated tables.

    Raises
    ------
    UnseenParentsError
        With ``pseudocount=0``, a parent assignment that never occurs; the
        message names the term and up to five such assignments.
    UnknownVariableError
        The data lack a column the structure needs.
    UnknownStateError
        A value outside a variable's states (the message names the column).
    DataError, EmptyTableError, MissingValueError
        Bad weights or pseudocount, no rows, missing values.

    See Also
    --------
    log_likelihood, bic, sample
    probtables.table.Table.from_samples : the empirical joint of some columns.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"a": [0, 0, 0, 1], "b": ["x", "y", "y", "y"]})
    >>> model = pt.Factorization.parse("p(a)p(b | a)").fit(data)
    >>> model.term("b").table.p(b="y", a=0)
    0.6666666666666666
    >>> smooth = pt.Factorization.parse("p(a)p(b | a)").fit(data, pseudocount=1)
    >>> smooth.term("b").table.p(b="x", a=1)      # (0 + 1) / (1 + 2)
    0.3333333333333333
    """
    f = _terms.coerce(factorization)
    op = "fit"
    alpha = _counting.check_pseudocount(pseudocount, op)
    known = {**_terms.table_states(f), **(_validate.check_states_map(states, op) if states else {})}
    data, weights = prepare_samples(
        data,
        list(f.variables),
        weights=weights,
        dropna=dropna,
        max_distinct=max_distinct,
        skip=list(known),
        where=f"{op}()",
    )
    counted = _count_families(f, data, known, weights, alpha > 0, op)
    tables = [
        _estimate(term, cells, counted.states, alpha, op)
        for term, cells in zip(f.terms, counted.families)
    ]
    return f.with_tables(tables)


def _count_families(
    f: Factorization,
    data: Any,
    known: Mapping[str, Sequence[Any]],
    weights: Any,
    need_dense: bool,
    op: str,
) -> _counting.Counted:
    """Count the family (parents, then heads) of every term of ``f`` in ``data``; weights count whole rows."""
    return count(
        data,
        f.variables,
        known,
        _terms.families(f),
        weights=weights,
        integer_weights=True,
        need_dense=need_dense,
        op=op,
        owner=_terms.owner(f),
    )


def _estimate(
    term: Term, cells: _counting.Cells, states: Mapping[str, tuple[Any, ...]], alpha: float, op: str
) -> Table:
    parents, heads = term.given, term.head
    family = parents + heads
    order = term.table.variables if term.table is not None else heads + parents
    perm = [family.index(v) for v in order]
    table_states = {v: states[v] for v in order}
    p_cards = cells.cards[: len(parents)]
    n_par = prod(p_cards)
    n_head = prod(cells.cards[len(parents) :])
    if cells.dense is not None:
        counts: np.ndarray = cells.dense.reshape(n_par, n_head)
        if alpha:
            counts = counts + alpha
        sums = counts.sum(axis=1)
        unseen = np.flatnonzero(sums <= 0)
        if len(unseen):
            shown = [
                tuple(int(c) for c in np.unravel_index(int(i), p_cards))
                for i in unseen[: _counting.SHOW]
            ]
            raise _unseen(term, states, shown, len(unseen), n_par, op)
        p = (counts / sums[:, None]).reshape(cells.cards).transpose(perm).reshape(-1)
        return Table._make(order, parents, table_states, p)
    if alpha:
        raise DataError(
            f"{op}(): a pseudocount needs every one of the {n_par * n_head} cells of {term}, too many to list; "
            "fit without a pseudocount or with fewer states."
        )
    assert cells.codes is not None and cells.counts is not None  # sparse cells carry both
    codes, counts = cells.codes, cells.counts
    sums, _, inverse = _kernels.sums_per_group(codes, cells.cards, range(len(parents)), counts)
    seen = sums > 0
    if int(seen.sum()) < n_par:
        seen_set = {tuple(int(c) for c in row) for row in codes[counts > 0][:, : len(parents)]}
        shown = []
        for assignment in product(*[range(c) for c in p_cards]):
            if assignment not in seen_set:
                shown.append(assignment)
                if len(shown) == _counting.SHOW:
                    break
        raise _unseen(term, states, shown, n_par - int(seen.sum()), n_par, op)
    keep = counts > 0
    p = counts[keep] / sums[inverse[keep]]
    new_codes = np.asfortranarray(codes[keep][:, perm].astype(_kernels.code_dtype(max(cells.cards))))
    return Table._make(order, parents, table_states, p, new_codes)


def _unseen(
    term: Term,
    states: Mapping[str, tuple[Any, ...]],
    shown: Sequence[Sequence[int]],
    count: int,
    n_par: int,
    op: str,
) -> UnseenParentsError:
    parents = term.given
    texts = [f"({_terms.assignment_text(parents, states, codes)})" for codes in shown]
    more = f" and {count - len(shown)} more" if count > len(shown) else ""
    heads = term.head[0] if len(term.head) == 1 else f"({', '.join(term.head)})"
    verb = "never occurs" if count == 1 else "never occur"
    message = (
        f"{op}(): {count} of the {n_par} parent assignments of {term} {verb} in the data, "
        f"so the distribution of {heads} given them cannot be estimated: {', '.join(texts)}{more}. "
        "Pass pseudocount= (e.g. pseudocount=1) to add that many imaginary observations to every cell, "
        "or use more data."
    )
    assignments = [{p: states[p][int(c)] for p, c in zip(parents, codes)} for codes in shown]
    return UnseenParentsError(message, str(term), assignments, count)


# ---------------------------------------------------------------------------------------- scores


def _score(f: Factorization, data: Any, weights: Any, op: str) -> tuple[float, float]:
    """The log-likelihood and the number of observations."""
    _terms.require_tables(f, op)
    counted = _count_families(f, data, _terms.table_states(f), weights, False, op)
    known = _terms.states_and_sources(f)
    total = 0.0
    for term, cells in zip(f.terms, counted.families):
        family = term.given + term.head
        table = _terms.table_of(term)
        maps = _terms.state_maps(table, family, known, op)
        if cells.dense is not None:
            probs = _terms.aligned_array(table, family, maps).reshape(-1)
            counts = cells.dense
        else:
            assert cells.codes is not None and cells.counts is not None  # sparse cells carry both
            probs = _lookup(table, family, maps, cells.codes)
            counts = cells.counts
        used = counts > 0
        p_used = probs[used]
        if (p_used <= 0).any():
            return float("-inf"), counted.total
        total += float(counts[used] @ np.log(p_used))
    return total, counted.total


def _lookup(
    table: Table, order: Sequence[str], maps: Sequence[np.ndarray | None], codes: np.ndarray
) -> np.ndarray:
    """The probabilities the table gives to the rows ``codes`` (columns in ``order``); absent rows are 0."""
    tcodes = _terms.aligned_codes(table, order, maps)
    cards = [table._cards[table._axis(v)] for v in order]
    sort, tkey, dkey = _terms.sorted_keys(tcodes, codes.astype(np.int64), cards)
    pos = np.minimum(np.searchsorted(tkey, dkey), len(tkey) - 1)
    found = tkey[pos] == dkey
    return np.where(found, table._p[sort][pos], 0.0)


def log_likelihood(
    factorization: Factorization | str,
    data: Any,
    *,
    weights: str | Sequence[float] | np.ndarray | None = None,
) -> float:
    r"""The log-likelihood :math:`\sum_{\text{rows}} \ln p(\text{row})` of data under the tables (natural log).

    Computed from counts, :math:`\sum_{\text{terms}} \sum_{g,h} n_{g,h} \ln p(h \mid g)`.
    If the factorization has free variables (only behind bars), it is the
    conditional log-likelihood given them.

    Parameters
    ----------
    factorization : Factorization
        With a table on every term.
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per observation.
    weights : str or array-like, optional
        How many times each row was observed (non-negative whole numbers).

    Returns
    -------
    float
        ``-inf`` if some row has probability zero.

    Raises
    ------
    StructureError
        A term has no table.
    UnknownStateError
        A value outside its variable's states; the message names the column
        and up to five such values.
    UnknownVariableError, DataError, EmptyTableError, MissingValueError
        As for :func:`fit`.

    Examples
    --------
    >>> import pandas as pd
    >>> coin = pt.Factorization([pt.Term("c", (), pt.Table.from_dict({"H": 0.5, "T": 0.5}, "c"))])
    >>> round(coin.log_likelihood(pd.DataFrame({"c": ["H", "T", "H"]})), 4)    # 3 ln(1/2)
    -2.0794
    """
    f = _terms.coerce(factorization)
    return _score(f, data, weights, "log_likelihood")[0]


def bic(
    factorization: Factorization | str,
    data: Any,
    *,
    weights: str | Sequence[float] | np.ndarray | None = None,
) -> float:
    r"""The BIC score :math:`\ell - \frac{k}{2} \ln n`, on the log-likelihood scale: higher is better.

    :math:`\ell` is :func:`log_likelihood`, :math:`n` the number of
    observations and :math:`k` the number of free parameters,
    :math:`\sum_{\text{terms}} (|H| - 1)\,|G|` (see :func:`free_parameters`).
    Of two structures fitted to the same data, prefer the one with the larger
    value. Many texts write the criterion as :math:`k \ln n - 2\ell`, where
    lower is better; that is :math:`-2` times this value.

    Parameters
    ----------
    factorization : Factorization
        With a table on every term.
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per observation.
    weights : str or array-like, optional
        How many times each row was observed; :math:`n` is their sum.

    Returns
    -------
    float

    Raises
    ------
    StructureError, UnknownStateError, UnknownVariableError, DataError, EmptyTableError
        As for :func:`log_likelihood`.

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.DataFrame({"a": [0, 0, 1, 1], "b": [0, 0, 1, 1]})
    >>> chain = pt.Factorization.parse("p(a)p(b | a)").fit(data)
    >>> apart = pt.Factorization.parse("p(a)p(b)").fit(data)
    >>> chain.bic(data) > apart.bic(data)
    True
    """
    f = _terms.coerce(factorization)
    loglik, n = _score(f, data, weights, "bic")
    k = free_parameters(f)
    return float(loglik - 0.5 * k * log(n)) if n > 0 else float(loglik)


def free_parameters(
    factorization: Factorization | str, states: Mapping[str, Sequence[Any]] | None = None
) -> int:
    r"""The number of free parameters :math:`k = \sum (|H| - 1)\,|G|` of the tables of a factorization.

    Each term :math:`p(h \mid g)` has one distribution over its :math:`|H|`
    head assignments for each of its :math:`|G|` parent assignments, and each
    distribution has :math:`|H| - 1` free numbers.

    Parameters
    ----------
    factorization : Factorization or str
        With tables, unless ``states`` gives every variable's states.
    states : mapping, optional
        State lists (overriding those of the tables).

    Returns
    -------
    int

    Examples
    --------
    >>> from probtables.estimate import free_parameters
    >>> free_parameters("p(a)p(b | a)", states={"a": [0, 1, 2], "b": [0, 1]})
    5
    """
    f = _terms.coerce(factorization)
    known = {**_terms.table_states(f), **{n: tuple(s) for n, s in (states or {}).items()}}
    missing = [v for v in f.variables if v not in known]
    if missing:
        raise StructureError(
            f"free_parameters(): no states for {missing!r}; attach tables or pass states=."
        )
    return sum(
        (prod(len(known[v]) for v in t.head) - 1) * prod(len(known[v]) for v in t.given) for t in f.terms
    )
