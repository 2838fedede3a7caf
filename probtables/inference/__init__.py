r"""Exact inference on a factorization, without building its joint.

A network such as alarm (37 variables) defines a joint distribution of
:math:`1.7 \times 10^{16}` rows; nobody can write it down. Yet every question a
user asks, say :math:`p(\text{LVFAILURE} \mid \text{HRBP}=\text{HIGH}, \text{BP}=\text{LOW})`,
is a sum over that joint, and the factorization lets us push the sums inside the
product. This module answers such questions exactly, in the notes' notation:

>>> asia = pt.examples.load("asia")
>>> posterior = query(asia, "p(lung | xray=yes, dysp=yes)")
>>> round(posterior.p(lung="yes"), 4)
0.6213
>>> query(asia, "p(lung=yes)")                      # a prior probability
0.055

Variable elimination
--------------------
Write the joint as the product of the terms, :math:`p(x) = \prod_i \phi_i`,
fix the evidence :math:`e` (slice every table on it), and sum the other
variables out *one at a time*. To sum out :math:`z`, multiply only the factors
that mention :math:`z` and sum their product over :math:`z`: the result, a
*message*, replaces them. The distributive law
:math:`\sum_z a\,b(z) = a \sum_z b(z)` is the whole trick. When only the asked
variables :math:`Q` are left, the product of what remains is
:math:`p(Q, e)`; dividing by its sum gives :math:`p(Q \mid e)` and the sum itself
is :math:`p(e)` (Koller & Friedman 2009, ch. 9; Darwiche 2009, ch. 6).

The cost of one elimination step is the size of the table over the variables
of the factors it multiplies, so the *order* matters. We choose it greedily
(min-fill: the variable whose elimination connects the fewest unconnected
neighbours, ties to the smallest table), a heuristic that is good on real
networks (Koller & Friedman §9.4.3).

Pruning
-------
Before any number is touched, the question itself shrinks the network:

* a variable that is not an ancestor of a query or evidence variable is
  *barren*: its table sums to one over its own states, so it and everything
  below it drop out (Darwiche 2009, §6.9, pruning nodes);
* once the evidence is fixed, the tables no longer connect the observed
  variables to anything (pruning edges); a part of the network that is no
  longer connected to the asked variables (it is d-separated from them by the
  evidence) only multiplies :math:`p(e)` by a constant and drops out of every
  posterior. (A part that could make that constant zero, a table with a zero
  entry, an event or a likelihood, is kept, so impossible evidence is always
  noticed.)

A worked example: :math:`p(\text{lung} \mid \text{xray}=\text{yes})` on asia.
``dysp`` is not an ancestor of ``lung`` or ``xray``, nor is ``bronc`` once
``dysp`` is gone: both drop out. Slicing ``p(xray | either)`` at ``xray=yes``
leaves a vector over ``either``, and what remains is

.. math::

    p(\text{lung}, \text{xray}=\text{yes}) = \sum_{\text{smoke}} p(\text{smoke})\,
    p(\text{lung} \mid \text{smoke}) \sum_{\text{either}} p(\text{xray}=\text{yes} \mid \text{either})
    \sum_{\text{tub}} p(\text{either} \mid \text{tub}, \text{lung})
    \sum_{\text{asia}} p(\text{asia})\, p(\text{tub} \mid \text{asia}),

four sums over tables of at most eight cells, where the joint has 256.

>>> t = query(asia, "p(lung | xray=yes)")
>>> t.equals(asia.joint().query("p(lung | xray=yes)"), atol=1e-12)
True

The plan
--------
Pruning and the order depend only on *which* variables are asked for and
observed, not on their states. They make a *plan*: which tables to slice, which
einsum contractions to run (a variable whose elimination fits in the table of
the previous step is summed in that same contraction), and the size of the
largest table built. The size
is known before any work starts: above ``max_bytes`` (256 MiB by default) the
query is refused with :class:`~probtables.errors.SizeLimitError`, naming the
size and the variables. Plans are cached per pattern of asked and observed
variables, and the dense arrays of the tables are built once per factorization
(tables are immutable), so asking many questions of one network is cheap.

Choosing a min-fill order for the pruned network costs more than running a
small plan, so the first time a pattern is asked, the plan follows one min-fill
order of the whole network (computed once per factorization), restricted to the
variables left after pruning; the second time, the pattern gets its own min-fill
plan, kept from then on. Both give the same answer; a first-ask plan whose
largest table is not small, or that ``max_bytes`` would refuse, is compared with
the min-fill plan at once, so no question is refused that min-fill would run.

All posteriors, most probable explanations, tiny probabilities
--------------------------------------------------------------
:func:`posteriors` runs one elimination forward and one sweep backward: the
derivative of :math:`p(e)` with respect to each message (reverse-mode
differentiation of the contraction), which gives every variable's posterior in
about three times the work of one query, the junction-tree idea in the form of
Darwiche's differential approach (Darwiche 2003; Darwiche 2009, ch. 12).
:func:`most_probable` replaces the sums by maxima (max-product, Koller &
Friedman §13.2) and traces the maximizing states back. Messages are rescaled
when they become tiny, with their scale kept as a logarithm, so
:func:`log_probability` returns :math:`\log p(e)` when :math:`p(e)` itself is
far below the smallest float.

Exact tables
------------
When every table of the factorization is exact (``t.is_exact``: fractions), the
same plan runs on object arrays of fractions (numpy's einsum multiplies and adds
them with Python's operators), nothing is rescaled, and the answers are exact:
tables of fractions, a ``Fraction`` for a probability and for
``MostProbable.probability``; :func:`log_probability` stays a float, the log of
the exact :math:`p(e)`. Exact and float tables in one factorization are refused
with :class:`~probtables.errors.ExactnessError`.

>>> from fractions import Fraction as F
>>> rain = pt.Table.from_array([F(1, 5), F(4, 5)], states={"rain": ["yes", "no"]})
>>> wet = pt.Table.from_array([[F(9, 10), F(1, 10)], [F(1, 10), F(9, 10)]],
...                           states={"rain": ["yes", "no"], "wet": ["yes", "no"]}, given="rain")
>>> f = pt.Factorization.parse("p(rain)p(wet | rain)").with_tables([rain, wet])
>>> query(f, "p(rain=yes | wet=yes)")          # (1/5 * 9/10) / (1/5 * 9/10 + 4/5 * 1/10)
Fraction(9, 13)

References
----------
.. [1] D. Koller and N. Friedman, *Probabilistic Graphical Models: Principles and
   Techniques*, MIT Press, 2009, chapters 9 (variable elimination) and 10 (clique
   trees); §13.2 (max-product).
.. [2] A. Darwiche, *Modeling and Reasoning with Bayesian Networks*, Cambridge
   University Press, 2009, chapters 6 (variable elimination, pruning), 10
   (most likely instantiations) and 12 (compiling networks: the differential
   approach).
.. [3] A. Darwiche, "A differential approach to inference in Bayesian networks",
   *Journal of the ACM* 50(3), 2003.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from probtables._limits import check_cells
from probtables.errors import (
    ArgumentError,
    NotAJointError,
    SizeLimitError,
    UnknownVariableError,
    did_you_mean,
)
from probtables.inference._model import (
    Evidence,
    Likelihood,
    Model,
    check_free,
    model_of,
    parse_question,
    resolve_evidence,
    zero_evidence,
)
from probtables.inference._plan import (
    backward_beliefs,
    forward,
    log_total,
    plan_for,
    traceback,
)
from probtables.table import Table, table_from_dense

if TYPE_CHECKING:
    from probtables.factorization import Factorization

__all__ = ["query", "posteriors", "most_probable", "log_probability", "MostProbable", "Posteriors"]

# derivatives of queries (reverse mode) and sensitivity analysis: see _gradient.py and _sensitivity.py
from probtables.inference._gradient import Gradient, gradient  # noqa: E402
from probtables.inference._sensitivity import (  # noqa: E402
    SensitivityFunction,
    hessian,
    sensitivity,
    sensitivity_function,
)

__all__ += [
    "gradient",
    "sensitivity",
    "sensitivity_function",
    "hessian",
    "Gradient",
    "SensitivityFunction",
]
from probtables.inference._order import elimination_order  # noqa: E402  (the engine's order of a question)

__all__ += ["elimination_order"]

_POINT_CELLS = 1 << 16  # point queries over at most this many head cells use one contraction
_DENSE_AXES = 32  # answers with evidence are built dense up to this many variables ...
_DENSE_CELLS = 1 << 16  # ... and cells; beyond, as a sparse table with the evidence rows only


# ---------------------------------------------------------------------- helpers


def _wanted(
    model: Model, observed: set[int], variables: str | Sequence[str] | None, op: str, hint: str
) -> tuple[int, ...]:
    """The variables asked about: ``variables``, or every one neither observed nor free; an
    observed or free one among ``variables`` raises, its message ending with ``hint``."""
    if variables is None:
        return tuple(v for v in range(len(model.names)) if v not in observed and v not in model.free)
    wanted = tuple(
        model.variable(n, op) for n in ([variables] if isinstance(variables, str) else variables)
    )
    bad = [model.names[v] for v in wanted if v in observed or v in model.free]
    if bad:
        raise ArgumentError(f"{op}(): {bad[0]!r} is observed (or free); {hint}")
    return wanted


def _total(model: Model, values: np.ndarray) -> float | Fraction:
    """The sum of ``values``: a float, or a ``Fraction`` on an exact model."""
    if model.exact:
        return Fraction(values.sum())
    return float(values.sum())


def _sum_product(
    model: Model,
    ev: Evidence,
    out: tuple[int, ...],
    *,
    keep_all: bool,
    max_bytes: int | None,
    op: str,
) -> tuple[np.ndarray, float]:
    plan = plan_for(
        model,
        out=out,
        hard=tuple(sorted(ev.hard)),
        unary=tuple(sorted(ev.unary)),
        keep_all=keep_all,
        draft=True,
        op=op,
    )
    try:
        plan.check(model, max_bytes, op)
    except SizeLimitError:  # a first-ask plan may build more than min-fill's: min-fill's is the judge
        plan = plan_for(
            model,
            out=out,
            hard=tuple(sorted(ev.hard)),
            unary=tuple(sorted(ev.unary)),
            keep_all=keep_all,
            op=op,
        )
        plan.check(model, max_bytes, op)
    result, log_scale, _, _ = forward(plan, model, ev)
    return result, log_scale


def _log_evidence(model: Model, ev: Evidence, *, max_bytes: int | None, op: str) -> float:
    if not ev.any:
        return 0.0
    result, log_scale = _sum_product(model, ev, (), keep_all=True, max_bytes=max_bytes, op=op)
    return log_total(result, log_scale)


def _carried(model: Model, ev: Evidence) -> dict[str, tuple[Any, ...]]:
    """The evidence as Table.condition records it on a table: ``{name: (state, ...)}`` (kept on ``ev``)."""
    carried = ev.carried
    if carried is None:
        carried = {}
        for name in ev.written:
            v = model.index[name]
            ks = (ev.hard[v],) if v in ev.hard else ev.events[v]
            carried[name] = tuple(model.state_value(v, k) for k in ks)
        ev.carried = carried
    return carried


def _table(
    model: Model,
    ev: Evidence,
    head: tuple[int, ...],
    cond: tuple[int, ...],
    values: np.ndarray,
    max_bytes: int | None,
    op: str,
) -> Table:
    """The table p(head | cond, evidence) from normalized ``values`` over head + cond.

    It is built as the joint over head, cond and the evidence variables, then
    conditioned with Table's own rules, so that it is the very table
    ``joint.query(...)`` gives (notation, evidence, left-out assignments).
    """
    shown = [v for v in ev.hard] + [v for v in ev.events]
    axes = head + cond + tuple(shown)
    check_cells(
        op,
        [model.cards[v] for v in head + cond],
        [model.names[v] for v in head + cond],
        max_bytes=max_bytes,
    )
    dense = len(axes) <= _DENSE_AXES and math.prod(model.cards[v] for v in axes) <= _DENSE_CELLS
    if not cond and not model.exact and (dense or not shown):
        # the table the route below builds, without re-checking the model's state lists: a dense
        # table over the head, carrying the evidence as Table.condition records it
        head_states = {model.names[v]: model.states[model.names[v]] for v in head}
        return table_from_dense(values, head_states, evidence=_carried(model, ev))
    states = {model.names[v]: model.states[model.names[v]] for v in axes}
    at = tuple(ev.hard[v] if v in ev.hard else ev.events[v][0] for v in shown)
    if not shown:
        table = Table.from_array(values, states=states, exact=model.exact)
    elif dense:
        full = model.zeros(tuple(model.cards[v] for v in axes))
        full[tuple(slice(None) for _ in head + cond) + at] = values
        table = Table.from_array(full, states=states, exact=model.exact)
    else:  # many observed variables: one row per assignment of the asked ones (a sparse table)
        fixed = tuple(model.state_value(v, k) for v, k in zip(shown, at))
        asked = head + cond
        rows = {}
        for index in zip(*np.nonzero(values)):
            key = tuple(model.state_value(v, int(k)) for v, k in zip(asked, index)) + fixed
            rows[key] = Fraction(values[index]) if model.exact else float(values[index])
        table = Table.from_dict(rows, variables=tuple(states), states=states)
    if shown:
        table = table.condition(**ev.written)
        if ev.events:
            table = table.marginal(*[model.names[v] for v in head + cond])
    if cond:
        table = table.condition(*[model.names[v] for v in cond])
    return table


# ---------------------------------------------------------------------- queries


def query(
    f: Factorization,
    text: str,
    *,
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> Table | float | Fraction:
    r"""Answer a question written in the notation, on a factorization with tables, without its joint.

    Parameters
    ----------
    f : Factorization
        A factorization whose terms carry tables (e.g. ``pt.examples.load("alarm")``).
    text : str
        One term of the notation:

        * ``"p(x | y=a, z=b)"``: the posterior table of ``x`` given the evidence;
        * ``"p(x, w | y=a)"``: the joint posterior of several variables;
        * ``"p(x | y)"``: a variable behind the bar without a value gives the full
          conditional table (evidence may be added: ``"p(x | y, z=b)"``);
        * ``"p(x=c | y=a)"``: every head variable with a value gives a float;
          ``"p(x=c, y=a)"`` with no bar is the probability of that evidence;
        * ``"p(x | y={a, b})"``: a set of states is an event (``y`` is a or b).
    likelihood : mapping, optional
        Soft (likelihood, virtual) evidence: ``{"y": {"a": 0.8, "b": 0.2}}``
        multiplies the distribution by a weight per state of ``y`` (states not
        listed weigh 0; a sequence gives one weight per state, in order). The
        result's notation does not show it.
    max_bytes : int, optional
        Refuse, before any work, a query whose largest intermediate table would
        exceed this many bytes (default 256 MiB).

    Returns
    -------
    Table or float or Fraction
        The same table (or number) as ``f.joint().query(text)``, where the joint
        fits; its variables come in the order written in ``text``. When every
        table of ``f`` is exact (``t.is_exact``: fractions), the answer is exact:
        an exact table, or a ``Fraction`` for a probability (the elimination runs
        on object arrays of fractions; slower, a mode for teaching and checking).

    Raises
    ------
    ZeroProbabilityError
        The evidence has probability zero.
    UnknownVariableError, UnknownStateError
        A name or state the network does not have (with a close match).
    NotAJointError
        The factorization is conditional on a free variable the text does not
        put behind the bar.
    ExactnessError
        Some tables of ``f`` are exact (fractions) and others hold floats.
    SizeLimitError
        The elimination would build a table larger than ``max_bytes``.

    See Also
    --------
    posteriors, most_probable, log_probability, probtables.Table.query

    Examples
    --------
    >>> f = pt.Table.from_array([[0.3, 0.1], [0.2, 0.4]], states={"x": [0, 1], "y": ["a", "b"]}
    ...                         ).chain_factorize(["x", "y"])
    >>> query(f, "p(x | y=b)").equals(f.joint().query("p(x | y=b)"))
    True
    >>> query(f, "p(x=1 | y=b)")
    0.8
    >>> query(f, "p(x=1, y=b)")
    0.4
    >>> round(query(f, "p(x=1)", likelihood={"y": {"a": 1.0, "b": 0.5}}), 4)
    0.5
    """
    op = "query"
    model = model_of(f, op)
    spec = parse_question(text)
    evidence = spec.evidence
    head_names = spec.head_names
    cond_names = tuple(n for n in spec.given_names if n not in evidence)
    check_free(
        model,
        [model.index.get(n, -1) for n in spec.given_names],
        op,
        f"write it behind the bar of {text!r}",
    )
    head = tuple(model.variable(n, op) for n in head_names)
    cond = tuple(model.variable(n, op) for n in cond_names)
    ev = resolve_evidence(model, evidence, likelihood, op)
    event = spec.event
    if event and len(event) < len(head):
        raise ArgumentError(
            f"query(): give values to all head variables of {text!r} (for a probability) or to none (for a table)."
        )
    if event and cond:
        raise ArgumentError(
            f"query(): {text!r} asks for a probability, so give a value to {cond_names[0]!r} behind the bar "
            f"too (e.g. {cond_names[0]}=...), or leave the head without values to get a table."
        )
    if event:
        return _point(model, ev, head, event, max_bytes, op)
    values, _ = _sum_product(model, ev, head + cond, keep_all=False, max_bytes=max_bytes, op=op)
    total = _total(model, values)
    if total == 0:
        raise zero_evidence(op, model, ev)
    return _table(model, ev, head, cond, values / total, max_bytes, op)


def _point(
    model: Model,
    ev: Evidence,
    head: tuple[int, ...],
    event: Mapping[str, Any],
    max_bytes: int | None,
    op: str,
) -> float | Fraction:
    """p(head = event | evidence) as a Python float (a ``Fraction`` on an exact model)."""
    selected = resolve_evidence(model, event, None, op)
    if model.exact or math.prod(model.cards[v] for v in head) <= _POINT_CELLS:
        values, _ = _sum_product(model, ev, head, keep_all=False, max_bytes=max_bytes, op=op)
        total = _total(model, values)
        if total == 0:
            raise zero_evidence(op, model, ev)
        index = tuple(selected.hard[v] if v in selected.hard else list(selected.events[v]) for v in head)
        if any(isinstance(i, list) for i in index):
            picked = values[np.ix_(*[[i] if isinstance(i, int) else i for i in index])].sum()
        else:
            picked = values[index]
        if model.exact:
            return Fraction(picked) / total
        return float(picked / total)
    log_e = _log_evidence(model, ev, max_bytes=max_bytes, op=op)
    if log_e == -math.inf:
        raise zero_evidence(op, model, ev)
    both = Evidence(
        {**ev.hard, **selected.hard},
        {**ev.unary, **selected.unary},
        {**ev.events, **selected.events},
        {**ev.written, **selected.written},
    )
    return float(math.exp(_log_evidence(model, both, max_bytes=max_bytes, op=op) - log_e))


def log_probability(
    f: Factorization,
    evidence: Mapping[str, Any],
    *,
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> float:
    r"""The natural log of the probability of the evidence, :math:`\log p(e)`, without underflow.

    Messages are rescaled during elimination and their scales added as logs, so
    the answer is right where :math:`p(e)` itself is far below the smallest
    float64 (a thousand observed variables, a long chain of rare states).

    Parameters
    ----------
    f : Factorization
        A factorization with tables.
    evidence : mapping of str to state or collection of states
        ``{"x": "a"}`` observes a state; a list of states is an event.
    likelihood : mapping, optional
        Soft evidence, as in :func:`query`: the result is
        :math:`\log \sum_x p(x) \prod_v \lambda_v(x_v)`.
    max_bytes : int, optional
        The size limit of any intermediate table (default 256 MiB).

    Returns
    -------
    float
        ``-inf`` when the evidence is impossible. A float also when the tables
        are exact: p(e) is then computed as a ``Fraction`` and its log taken from
        its numerator and denominator (so it does not underflow either); take
        ``f.query("p(...)")`` for the exact probability itself.

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> round(log_probability(asia, {"xray": "yes", "dysp": "yes"}), 6) == round(
    ...     math.log(query(asia, "p(xray=yes, dysp=yes)")), 6)
    True
    >>> log_probability(asia, {})
    0.0
    """
    op = "log_probability"
    model = model_of(f, op)
    ev = resolve_evidence(model, evidence, likelihood, op)
    check_free(model, ev.hard, op, "give each a value in the evidence")
    return float(_log_evidence(model, ev, max_bytes=max_bytes, op=op))


def posteriors(
    f: Factorization,
    evidence: Mapping[str, Any] | None = None,
    *,
    variables: Sequence[str] | None = None,
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> Posteriors:
    r"""The posterior table of every variable (or of ``variables``) given the evidence, in one pass.

    One elimination runs forward and one sweep runs backward through it (the
    derivatives of :math:`p(e)` with respect to every message), so the cost is a
    small multiple of one query, not one query per variable.

    Parameters
    ----------
    f : Factorization
        A factorization with tables.
    evidence : mapping of str to state or collection of states, optional
        Observed values; a list of states is an event.
    variables : sequence of str, optional
        The variables wanted; by default every variable without evidence.
    likelihood : mapping, optional
        Soft evidence, as in :func:`query`.
    max_bytes : int, optional
        The size limit of any intermediate table (default 256 MiB).

    Returns
    -------
    Posteriors
        A mapping ``{name: p(name | evidence)}`` (tables built when read), in
        the order of ``variables`` (or of ``f.variables``); each equals
        ``query(f, "p(name | evidence)")``: exact tables (and object arrays of
        fractions from :meth:`Posteriors.probabilities`) when ``f``'s tables are exact.

    Raises
    ------
    ZeroProbabilityError
        The evidence has probability zero.

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> post = posteriors(asia, {"xray": "yes"})
    >>> post["lung"].equals(query(asia, "p(lung | xray=yes)"))
    True
    >>> sorted(post) == sorted(v for v in asia.variables if v != "xray")
    True
    """
    op = "posteriors"
    model = model_of(f, op)
    ev = resolve_evidence(model, evidence, likelihood, op)
    check_free(model, ev.hard, op, "give each a value in the evidence")
    observed = set(ev.hard) | set(ev.events)
    wanted = _wanted(
        model, observed, variables, op, "its posterior is its evidence. Leave it out of variables."
    )
    plan = plan_for(
        model,
        out=(),
        hard=tuple(sorted(ev.hard)),
        unary=tuple(sorted(ev.unary)),
        need=tuple(sorted(wanted)),
        keep_all=False,
        backward=True,
        op=op,
    )
    plan.check(model, max_bytes, op)
    result, _, ops, _ = forward(plan, model, ev)
    if _total(model, result) == 0:
        raise zero_evidence(op, model, ev)
    beliefs = backward_beliefs(plan, model, ops)
    arrays: dict[str, np.ndarray] = {}
    for v in wanted:
        belief = beliefs[v]
        total = _total(model, belief)
        if total == 0:
            raise zero_evidence(op, model, ev)
        arrays[model.names[v]] = belief / total
    return Posteriors(model, ev, arrays, max_bytes)


class Posteriors(Mapping[str, Table]):
    """``{variable: p(variable | evidence)}``, the tables built when first read.

    The numbers are all computed by :func:`posteriors`; turning them into
    :class:`~probtables.table.Table` objects costs more than the numbers on
    small networks, so each table is built on first access (and kept).
    :meth:`probabilities` gives a variable's numbers without building its table.

    Examples
    --------
    >>> post = pt.examples.load("asia").posteriors({"xray": "yes"})
    >>> post["lung"].notation
    'p(lung | xray=yes)'
    >>> post.probabilities("lung").round(4).tolist()
    [0.4887, 0.5113]
    """

    def __init__(self, model: Model, ev: Evidence, arrays: dict[str, np.ndarray], max_bytes: int | None):
        self._model = model
        self._ev = ev
        self._arrays = arrays
        self._max_bytes = max_bytes
        self._tables: dict[str, Table] = {}

    def __getitem__(self, name: str) -> Table:
        table = self._tables.get(name)
        if table is None:
            if name not in self._arrays:
                raise UnknownVariableError(
                    f"posteriors: no posterior of {name!r}; these are of {tuple(self._arrays)!r}."
                    + did_you_mean(name, self._arrays)
                )
            values = self._arrays[name]
            v = self._model.index[name]
            table = _table(self._model, self._ev, (v,), (), values, self._max_bytes, "posteriors")
            self._tables[name] = table
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(self._arrays)

    def __len__(self) -> int:
        return len(self._arrays)

    def probabilities(self, name: str) -> np.ndarray:
        """The posterior of ``name`` as a numpy array, in the order of its states (a copy)."""
        if name not in self._arrays:
            self[name]  # raises, with a close match
        return self._arrays[name].copy()

    def __repr__(self) -> str:
        return f"<Posteriors of {len(self)} variables given {self._ev.text(self._model) or 'nothing'}>"


@dataclass(frozen=True)
class MostProbable:
    """A most probable assignment and how probable it is given the evidence.

    Attributes
    ----------
    assignment : dict
        ``{variable: state}`` of the maximized variables.
    probability : float or Fraction
        p(assignment | evidence) (a ``Fraction`` when the factorization's tables are exact).
    log_probability : float
        log p(assignment, evidence), right even where that probability underflows.
    """

    assignment: dict[str, Any]
    probability: float | Fraction
    log_probability: float

    def __repr__(self) -> str:
        pairs = ", ".join(f"{k}={v!r}" for k, v in self.assignment.items())
        shown = self.probability if isinstance(self.probability, Fraction) else f"{self.probability:.6g}"
        return f"MostProbable({pairs}; probability={shown})"


def most_probable(
    f: Factorization,
    evidence: Mapping[str, Any] | None = None,
    *,
    variables: Sequence[str] | None = None,
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> MostProbable:
    r"""The most probable assignment of the unobserved variables (MPE), or of ``variables`` (MAP).

    Without ``variables``, max-product elimination finds
    :math:`\arg\max_x p(x \mid e)` over every variable without evidence. With
    ``variables``, the others are summed out first and the listed ones
    maximized: :math:`\arg\max_m \sum_s p(m, s \mid e)` (marginal MAP).

    Ties are broken deterministically: values within a relative 1e-12 of the
    maximum count as equal and the earlier state (in the variable's state order)
    wins, variable by variable.

    Parameters
    ----------
    f : Factorization
        A factorization with tables.
    evidence : mapping of str to state or collection of states, optional
    variables : sequence of str, optional
        The variables to maximize (MAP); by default all unobserved (MPE).
    likelihood : mapping, optional
        Soft evidence, as in :func:`query`.
    max_bytes : int, optional
        The size limit of any intermediate table (default 256 MiB).

    Returns
    -------
    MostProbable
        ``.assignment`` (a dict), ``.probability`` = p(assignment | evidence) and
        ``.log_probability`` = log p(assignment, evidence). On exact tables
        ``.probability`` is a ``Fraction`` and ties are exact equalities.

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> best = most_probable(asia, {"xray": "yes", "dysp": "yes"})
    >>> best.assignment["lung"], best.assignment["bronc"]
    ('yes', 'yes')
    >>> most_probable(asia, {"xray": "yes"}, variables=["lung"]).assignment
    {'lung': 'no'}
    """
    op = "most_probable"
    model = model_of(f, op)
    ev = resolve_evidence(model, evidence, likelihood, op)
    check_free(model, ev.hard, op, "give each a value in the evidence")
    wanted = _wanted(model, set(ev.hard), variables, op, "leave it out of variables.")
    mode = "mpe" if variables is None else "map"
    if not wanted:
        raise NotAJointError(
            f"{op}(): there is nothing to maximize: every variable is observed or variables is empty."
        )
    plan = plan_for(
        model,
        out=(),
        hard=tuple(sorted(ev.hard)),
        unary=tuple(sorted(ev.unary)),
        need=tuple(sorted(wanted)),
        max_vars=tuple(sorted(wanted)),
        mode=mode,
        keep_all=True,
        op=op,
    )
    plan.check(model, max_bytes, op)
    result, log_scale, _, argmaxes = forward(plan, model, ev)
    log_joint = log_total(result, log_scale)  # max_x p(x, e): every part of the network is kept
    if log_joint == -math.inf:
        raise zero_evidence(op, model, ev)
    chosen = traceback(plan, argmaxes)
    assignment = {model.names[v]: model.state_value(v, chosen[v]) for v in wanted}
    if model.exact:  # no rescaling on an exact model: p(assignment, e) / p(e), both fractions
        evidence_total = (
            _total(model, _sum_product(model, ev, (), keep_all=True, max_bytes=max_bytes, op=op)[0])
            if ev.any
            else Fraction(1)
        )
        exact = _total(model, result) / evidence_total
        return MostProbable(assignment, exact, float(log_joint))
    log_e = _log_evidence(model, ev, max_bytes=max_bytes, op=op)
    return MostProbable(assignment, float(math.exp(log_joint - log_e)), float(log_joint))
