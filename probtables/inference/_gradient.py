r"""Reverse-mode derivatives of a query with respect to every table entry: one forward, one backward sweep.

A factorization defines :math:`p(e) = \sum_x \prod_t \theta_t(x) \prod_v \lambda_v(x_v)`,
a polynomial in the table entries :math:`\theta` (the *network polynomial*,
Darwiche 2003) that is linear in the entries of each single table: every
monomial holds exactly one entry of each table. A point query is either that
polynomial, :math:`p(q)` (no evidence), or a ratio of two of them,
:math:`p(q \mid e) = p(q, e) / p(e)`.

Variable elimination computes :math:`p(Q, e)` over the asked variables
:math:`Q` as a chain of einsum contractions, each slot (a table sliced on the
evidence, or a message) consumed exactly once. The backward sweep applies the
notes' chain rule from the answer back to the tables, right to left: the
derivative of a contraction's output with respect to one of its inputs is the
contraction of the output's derivative with the *other* inputs (the notes'
:math:`\partial \varepsilon / \partial W = (\partial \varepsilon / \partial z)\, x^T`,
never storing the Jacobian). Seeding the sweep with the vector
:math:`s_Q = (\mathbb 1[Q = q] - p(q \mid e)) / p(e)` gives the quotient rule in
one sweep:

.. math::

    \frac{\partial p(q \mid e)}{\partial \theta}
    = \frac{1}{p(e)}\frac{\partial p(q, e)}{\partial \theta}
      - \frac{p(q, e)}{p(e)^2}\frac{\partial p(e)}{\partial \theta}
    = \sum_Q s_Q \frac{\partial p(Q, e)}{\partial \theta}.

Messages that become tiny are rescaled in the forward sweep (as the engine
does); their scales are kept per slot and undone exactly in the backward
sweep, which rescales its own messages the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from probtables.errors import ArgumentError
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
from probtables.inference._plan import _HUGE, _TINY, Plan, _spec, plan_for, source_index
from probtables.table import Table

if TYPE_CHECKING:
    from probtables.factorization import Factorization

__all__ = ["Question", "question", "Sweep", "sweep", "backward", "gradient", "Gradient"]


# ---------------------------------------------------------------------- the question


@dataclass(frozen=True)
class Question:
    """A point query resolved to integers: the asked cells of ``head`` given the evidence ``ev``."""

    model: Model
    ev: Evidence
    head: tuple[int, ...]
    chosen: np.ndarray  # 1.0 on the asked cells of the head variables, 0.0 elsewhere
    ratio: bool  # p(q | e) = p(q, e) / p(e); False: the polynomial p(q) itself (no evidence)
    text: str


def question(f: Factorization, text: str, likelihood: Likelihood | None, op: str) -> Question:
    """Parse ``text`` as a query that ``f.query`` answers with a float."""
    model = model_of(f, op)
    spec = parse_question(text)
    cond = [n for n in spec.given_names if n not in spec.evidence]
    check_free(
        model,
        [model.index.get(n, -1) for n in spec.given_names],
        op,
        f"write it behind the bar of {text!r}",
    )
    head = tuple(model.variable(n, op) for n in spec.head_names)
    for n in cond:
        model.variable(n, op)
    if len(spec.event) < len(head) or cond:
        example = ", ".join(f"{n}=..." for n in spec.head_names)
        raise ArgumentError(
            f"{op}(): {text!r} asks for a table, not a number; give a value to every variable "
            f"(in front of the bar and behind it), e.g. 'p({example} | ...)'."
        )
    ev = resolve_evidence(model, spec.evidence, likelihood, op)
    selected = resolve_evidence(model, spec.event, None, op)
    chosen = np.zeros(tuple(model.cards[v] for v in head))
    index = tuple([selected.hard[v]] if v in selected.hard else list(selected.events[v]) for v in head)
    chosen[np.ix_(*index)] = 1.0
    return Question(model, ev, head, chosen, ev.any, text)


# ---------------------------------------------------------------------- the forward sweep


@dataclass
class Sweep:
    """The forward sweep over every term: the scaled answer and every slot as it was used."""

    plan: Plan
    used: list[np.ndarray]  # slot values as the einsums used them (true value / exp(scale))
    scales: list[float]  # log of each slot's divisor
    out: np.ndarray  # p(head, e) / exp(log_c), over the head variables
    log_c: float  # the sum of all scales: out * exp(log_c) is p(head, e)


def _plan(q: Question, max_bytes: int | None, op: str) -> Plan:
    model = q.model
    plan = plan_for(
        model,
        out=q.head,
        hard=tuple(sorted(q.ev.hard)),
        unary=tuple(sorted(q.ev.unary)),
        need=tuple(range(len(model.names))),  # every term: a barren table still has derivatives
        keep_all=True,
        op=op,
    )
    plan.check(model, max_bytes, op)
    return plan


def sweep(
    q: Question,
    *,
    arrays: Mapping[int, np.ndarray] | None = None,
    max_bytes: int | None = None,
    op: str = "gradient",
) -> Sweep:
    """Run the elimination of ``q`` forward, recording each slot's scale; ``arrays`` replaces terms' arrays."""
    model, ev = q.model, q.ev
    plan = _plan(q, max_bytes, op)
    used: list[np.ndarray] = []
    scales: list[float] = []
    for t, template, fixed in plan.sources:
        array = model.arrays[t] if arrays is None or t not in arrays else arrays[t]
        if fixed:
            array = array[source_index(template, fixed, ev)]
        scale = 0.0
        if array.ndim == 0 and 0.0 < float(array) < _TINY:
            scale = math.log(float(array))
            array = np.array(1.0)
        used.append(array)
        scales.append(scale)
    for v in plan.unary:
        used.append(ev.unary[v])
        scales.append(0.0)
    for v in plan.ones:
        used.append(np.ones(model.cards[v]))
        scales.append(0.0)
    for step in plan.steps:
        r = np.einsum(step.spec, *[used[i] for i in step.inputs])
        m = float(r.max()) if r.ndim else float(r)
        scale = 0.0
        if 0.0 < m < _TINY or m > _HUGE:
            r = r / m
            scale = math.log(m)
        used.append(r)
        scales.append(scale)
    if plan.final_inputs:
        out = np.einsum(plan.final_spec, *[used[i] for i in plan.final_inputs])
    else:
        out = np.ones(tuple(model.cards[v] for v in plan.out))
    return Sweep(plan, used, scales, np.asarray(out, dtype=np.float64), float(sum(scales)))


# ---------------------------------------------------------------------- the backward sweep


_Spec = tuple[int, str, tuple[int, ...], tuple[np.ndarray, ...]]  # slot, spec, the other slots, ones


@dataclass(frozen=True)
class _Grads:
    """The einsum specs of the backward sweep: for each step, one per input slot that needs a derivative."""

    final: tuple[_Spec, ...]
    steps: tuple[tuple[_Spec, ...], ...]


def _specs(plan: Plan, model: Model, op: str) -> _Grads:
    key = ("gradient specs", id(plan))
    cached = model.plans.get(key)
    if cached is not None and cached[0] is plan:
        return cached[1]
    n_terms = len(plan.sources)
    first_message = len(plan.scopes) - len(plan.steps)

    def one(out: tuple[int, ...], inputs: Sequence[int]) -> tuple[_Spec, ...]:
        specs = []
        for j, slot in enumerate(inputs):
            if n_terms <= slot < first_message:  # evidence and ones: no derivative wanted
                continue
            others = [out] + [plan.scopes[i] for k, i in enumerate(inputs) if k != j]
            present = {u for s in others for u in s}
            missing = tuple(u for u in plan.scopes[slot] if u not in present)
            others += [(u,) for u in missing]
            ones = tuple(np.ones(model.cards[u]) for u in missing)
            rest = tuple(i for k, i in enumerate(inputs) if k != j)
            specs.append((slot, _spec(others, plan.scopes[slot], op), rest, ones))
        return tuple(specs)

    grads = _Grads(
        one(plan.out, plan.final_inputs),
        tuple(one(step.scope, step.inputs) for step in plan.steps),
    )
    model.plans[key] = (plan, grads)
    return grads


def backward(s: Sweep, model: Model, seed: np.ndarray, op: str) -> dict[int, tuple[np.ndarray, float]]:
    r"""The derivative of :math:`\sum_Q seed_Q\, out_Q` with respect to every term slot's true value.

    Returns ``{term slot: (G, L)}``: the derivative is ``G * exp(L)``, over the
    slot's scope (the term's variables without the observed ones).
    """
    plan = s.plan
    specs = _specs(plan, model, op)
    used, scales = s.used, s.scales
    n_terms = len(plan.sources)
    first_message = len(plan.scopes) - len(plan.steps)
    grads: dict[int, tuple[np.ndarray, float]] = {}
    out: dict[int, tuple[np.ndarray, float]] = {}
    # where the forward sweep never rescaled, every message and p(e) lie within 1e30 of 1, and so do
    # the backward messages (their contraction with a slot gives the answer): no checks needed
    rescale = any(scales)

    def spread(g: np.ndarray, log_g: float, spec_list: Sequence[_Spec]) -> None:
        for slot, spec, rest, ones in spec_list:
            r = np.einsum(spec, g, *[used[i] for i in rest], *ones)
            log_r = log_g - scales[slot]  # used = true / exp(scale): d/d true = d/d used / exp(scale)
            if slot < n_terms:  # a table: its derivative is final
                out[slot] = (r, log_r)
                continue
            if rescale:
                m = float(np.abs(r).max()) if r.ndim else abs(float(r))
                if 0.0 < m < _TINY or m > _HUGE:
                    r = r / m
                    log_r += math.log(m)
            grads[slot] = (r, log_r)

    if plan.final_inputs:
        spread(np.asarray(seed, dtype=np.float64), 0.0, specs.final)
    for k in range(len(plan.steps) - 1, -1, -1):
        g, log_g = grads.pop(first_message + k)
        spread(g, log_g, specs.steps[k])
    return out


def term_gradients(
    s: Sweep, model: Model, q: Question, seed: np.ndarray, log_factor: float, op: str
) -> dict[int, np.ndarray]:
    """``{term: derivative of exp(log_factor) * sum(seed * out)}`` over the term's full array.

    Terms left out are those the elimination does not use: their derivative is zero.
    """
    result: dict[int, np.ndarray] = {}
    for slot, (g, log_g) in backward(s, model, seed, op).items():
        t, template, fixed = s.plan.sources[slot]
        scale = log_g + log_factor
        values = g * math.exp(scale) if scale else g
        if fixed:
            full = np.zeros(model.arrays[t].shape)
            full[source_index(template, fixed, q.ev)] = values
            values = full
        result[t] = values
    return result


def query_gradient(
    q: Question, *, max_bytes: int | None, op: str, arrays: Mapping[int, np.ndarray] | None = None
) -> tuple[float, dict[int, np.ndarray]]:
    """The query's value and its partial derivatives ``{term: array}`` (missing terms: zero)."""
    model = q.model
    s = sweep(q, arrays=arrays, max_bytes=max_bytes, op=op)
    numerator = float((s.out * q.chosen).sum())
    if q.ratio:
        total = float(s.out.sum())
        if total == 0.0:
            raise zero_evidence(op, q.model, q.ev)
        value = numerator / total
        if 1e-200 < total < 1e200:  # the quotient rule's 1/p(e) in the seed, not in every table
            return value, term_gradients(s, model, q, (q.chosen - value) / total, 0.0, op)
        return value, term_gradients(s, model, q, q.chosen - value, -math.log(total), op)
    value = numerator * math.exp(s.log_c) if numerator else 0.0
    return value, term_gradients(s, model, q, q.chosen, s.log_c, op)


class Gradient(Mapping[str, Table]):
    """``{variable: table of derivatives}`` for one query, each table built when first read.

    Returned by :func:`gradient`. ``value`` is the query's value;
    :meth:`array` gives one table's derivatives as a numpy array without
    building its table.

    Examples
    --------
    >>> g = pt.examples.load("asia").gradient("p(lung=yes | xray=yes)")
    >>> g
    <Gradient of p(lung=yes | xray=yes) = 0.4887: 8 tables>
    >>> g.array("smoke").round(4).tolist()
    [0.2163, -0.2163]
    """

    def __init__(self, f: Factorization, q: Question, value: float, arrays: dict[int, np.ndarray]):
        self._f = f
        self._q = q
        self.value = value
        self._arrays = arrays
        self._term = {name: t for t, term in enumerate(f.terms) for name in term.head}
        self._tables: dict[int, Table] = {}

    def __getitem__(self, name: str) -> Table:
        t = self._term[name]
        table = self._tables.get(t)
        if table is None:
            source = self._f.terms[t].table
            assert source is not None  # model_of refused a term without a table
            table = Table._make(
                source.variables, source.given, source.states, self.array(name).reshape(-1)
            )
            self._tables[t] = table
        return table

    def array(self, name: str) -> np.ndarray:
        """The derivatives of the table that heads ``name``, axes in its table's variable order (a copy)."""
        t = self._term[name]
        values = self._arrays.get(t)
        return np.zeros(self._q.model.arrays[t].shape) if values is None else values.copy()

    def __iter__(self) -> Iterator[str]:
        return iter(self._term)

    def __len__(self) -> int:
        return len(self._term)

    def __repr__(self) -> str:
        return f"<Gradient of {self._q.text} = {self.value:.4g}: {len(self._f.terms)} tables>"


# ---------------------------------------------------------------------- the public function


def gradient(
    f: Factorization,
    text: str,
    *,
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> Gradient:
    r"""The partial derivative of a query with respect to every entry of every table (denominator layout).

    For each term of ``f``, a table with the variables and states of that
    term's table holding :math:`\partial\, \mathrm{query} / \partial \theta`
    for each of its entries :math:`\theta`: the notes' denominator layout, where
    the gradient has the shape of what it is taken against. All of them come from
    one forward and one backward sweep of variable elimination (reverse mode),
    for a cost of a few queries, never one query per entry.

    Parameters
    ----------
    f : Factorization
        A factorization with tables.
    text : str
        A query that :func:`query` answers with a float: every variable in front
        of the bar has a value (or a set of values), and so has every variable
        behind it: ``"p(x=a | y=b)"``, or ``"p(x=a, y=b)"`` for a probability of
        evidence.
    likelihood : mapping, optional
        Soft evidence, as in :func:`query` (it makes the query a ratio).
    max_bytes : int, optional
        The size limit of any intermediate table (default 256 MiB).

    Returns
    -------
    Gradient
        A mapping ``{variable: derivatives}``, one entry per head variable (a
        term with several heads appears under each of them, with the same
        table), in the order of the terms; ``.value`` is the query's value and
        ``.array(name)`` a table's derivatives as a numpy array. The tables hold derivatives, not
        probabilities: entries may be negative and columns need not sum to 1;
        read them with ``.p(...)``, ``.to_array()`` or ``.frame``. Every cell is
        present, also where the term's table has a zero.

    Raises
    ------
    ZeroProbabilityError
        The evidence has probability zero (the ratio is undefined).
    ProbTablesError
        ``text`` asks for a table, not a number.

    See Also
    --------
    sensitivity : the derivatives when each column keeps summing to 1 (co-variation).
    hessian : second derivatives.

    Notes
    -----
    What is differentiated is the query as a function of the entries, each
    moved on its own (a partial derivative, with no co-variation):

    * without evidence, ``"p(x=a, y=b)"`` is the network polynomial
      :math:`p(q) = \sum \prod_t \theta_t`, linear in each table, so that
      :math:`\sum_{\theta \in t} \theta\, \partial p(q)/\partial\theta = p(q)`
      for every term :math:`t` (Euler's identity for homogeneous functions);
      the entries of a table that cannot reach the query (a *barren* one) still
      have derivatives, since moving one entry alone changes its column's sum;
    * with evidence, ``"p(x=a | y=b)"`` is the ratio
      :math:`p(q, e) / p(e)` of two such polynomials, differentiated by the
      quotient rule folded into the seed of the backward sweep:
      :math:`\partial p(q \mid e)/\partial\theta = \sum_Q (\mathbb 1[Q=q] - p(q\mid e))\,
      \partial p(Q, e)/\partial\theta \,/\, p(e)`.

    The backward sweep is the chain rule of the notes applied right to left
    through the einsum contractions of the elimination: the derivative with
    respect to an input of a contraction is the contraction of the output's
    derivative with the other inputs (Darwiche 2003; Darwiche 2009, ch. 12;
    Park & Darwiche 2004).

    References
    ----------
    .. [1] A. Darwiche, "A differential approach to inference in Bayesian
       networks", *Journal of the ACM* 50(3), 280-305, 2003.
    .. [2] J. D. Park and A. Darwiche, "A differential semantics for jointree
       algorithms", *Artificial Intelligence* 156(2), 197-216, 2004.
    .. [3] A. Darwiche, *Modeling and Reasoning with Bayesian Networks*, Cambridge
       University Press, 2009, ch. 12 (the differential approach).

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> g = gradient(asia, "p(lung=yes | xray=yes)")
    >>> g["lung"].notation
    'p(lung | smoke)'
    >>> round(g["lung"].p(lung="yes", smoke="yes"), 4)
    2.2716

    A finite difference of re-run queries checks it. One entry moved alone would
    leave a column that is not a distribution, so both entries of smoke's column
    move: the slope is the difference of their two partial derivatives.

    >>> h = 1e-6
    >>> t = asia.term("smoke").table
    >>> def moved(d):
    ...     table = pt.Table.from_dict({"yes": 0.5 + d, "no": 0.5 - d}, variables="smoke", states=t.states)
    ...     return asia.with_tables([table if term.head == ("smoke",) else term.table for term in asia.terms])
    >>> slope = (moved(h).query("p(lung=yes | xray=yes)") - moved(-h).query("p(lung=yes | xray=yes)")) / (2 * h)
    >>> d = g["smoke"]
    >>> round(slope, 5) == round(d.p(smoke="yes") - d.p(smoke="no"), 5)
    True

    Euler's identity on the probability of evidence:

    >>> g = gradient(asia, "p(xray=yes, dysp=yes)")
    >>> t = asia.term("either").table
    >>> total = float((t.to_array() * g["either"].to_array(t.variables)).sum())
    >>> round(total, 12) == round(asia.query("p(xray=yes, dysp=yes)"), 12)
    True
    """
    op = "gradient"
    q = question(f, text, likelihood, op)
    value, arrays = query_gradient(q, max_bytes=max_bytes, op=op)
    return Gradient(f, q, value, arrays)
