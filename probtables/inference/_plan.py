"""Elimination plans: pruning, an elimination order, sizes known in advance; and their execution.

A plan depends only on *which* variables are asked for and observed, not on the
observed states, so it is built once per pattern and reused (cached on the model).
"""

from __future__ import annotations

import heapq
import math
import string
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from probtables._limits import DEFAULT_MAX_BYTES, format_bytes
from probtables.errors import SizeLimitError
from probtables.inference._model import _PLANS_KEPT, Evidence, Model

__all__ = ["Plan", "plan_for", "forward", "backward_beliefs", "traceback"]

_LETTERS = string.ascii_letters
_TINY = 1e-30  # a message whose largest entry falls below this is rescaled (its log kept aside)
_HUGE = 1e30
_TIE = 1e-12  # relative tolerance under which two max-product values are a tie
_BATCH = 24  # the most operands of one einsum call (numpy allows 32)
_ONE_STEP_CELLS = 1 << 10  # a first-ask question over at most this many cells: one einsum call
_QUICK_CELLS = 1 << 16  # a larger quick first-ask plan is weighed against min-fill's


class Step(NamedTuple):
    """Eliminate ``var``: combine the ``inputs`` slots (``spec``) into a new slot over ``scope``."""

    var: int
    inputs: tuple[int, ...]
    union: tuple[int, ...]
    scope: tuple[int, ...]
    spec: str
    mode: str  # "sum" or "max"
    axis: int  # the axis of var in union (max steps)
    belief: str  # spec: output gradient and inputs -> (var,)   (posteriors)
    grads: tuple[tuple[int, str, tuple[int, ...]], ...]  # (input slot, spec, ones needed) for messages


@dataclass(frozen=True)
class Plan:
    sources: tuple[tuple[int, tuple[Any, ...], tuple[tuple[int, int], ...]], ...]
    unary: tuple[int, ...]
    ones: tuple[int, ...]
    scopes: tuple[tuple[int, ...], ...]
    steps: tuple[Step, ...]
    final_inputs: tuple[int, ...]
    final_spec: str
    out: tuple[int, ...]
    largest: int
    largest_union: tuple[int, ...]
    largest_var: int

    def check(self, model: Model, max_bytes: int | None, op: str) -> None:
        limit = DEFAULT_MAX_BYTES if max_bytes is None else int(max_bytes)
        size = self.largest * 8
        if size <= limit:
            return
        names = tuple(model.names[v] for v in self.largest_union)
        shown = repr(names) if len(names) <= 12 else f"{names[:12]!r}[:-1] + ...)"
        what = (
            f"eliminating {model.names[self.largest_var]!r}" if self.largest_var >= 0 else "the answer"
        )
        raise SizeLimitError(
            f"{op}(): {what} needs an intermediate table over {len(names)} variables {shown} "
            f"of {self.largest:,} cells ({format_bytes(size)}), above max_bytes={limit:,} "
            f"({format_bytes(limit)}); pass a larger max_bytes= to allow it, or ask about fewer "
            "variables or give more evidence."
        )


def _spec(operands: Sequence[Sequence[int]], out: Sequence[int], op: str) -> str:
    letters: dict[int, str] = {}
    for scope in list(operands) + [out]:
        for v in scope:
            if v not in letters:
                if len(letters) == len(_LETTERS):
                    raise SizeLimitError(
                        f"{op}(): one elimination step involves more than {len(_LETTERS)} variables; "
                        "it is far too large to build."
                    )
                letters[v] = _LETTERS[len(letters)]
    left = ",".join("".join(letters[v] for v in scope) for scope in operands)
    return f"{left}->{''.join(letters[v] for v in out)}"


def _relevant_terms(model: Model, need: set[int]) -> list[int]:
    """Terms of the ancestors of ``need`` (the others are barren: they sum to 1)."""
    seen_vars = set(need)
    stack = list(need)
    for t in model.sticky:
        stack.extend(model.term_vars[t])
    terms: set[int] = set()
    while stack:
        v = stack.pop()
        seen_vars.add(v)
        t = model.owner[v]
        if t < 0 or t in terms:
            continue
        terms.add(t)
        for u in model.term_vars[t]:
            if u not in seen_vars:
                seen_vars.add(u)
                stack.append(u)
    return sorted(terms)


def _order(adjacency: dict[int, set[int]], candidates: set[int], cards: Sequence[int]) -> list[int]:
    """A greedy elimination order of ``candidates``: fewest fill-in edges, then smallest clique, then index."""

    def score(v: int) -> tuple[int, int, int]:
        nb = adjacency[v]
        weight = cards[v]
        fill = 0
        for a in nb:
            weight *= cards[a]
            fill += len(nb) - 1 - len(adjacency[a] & nb)  # neighbours of v that a does not touch
        return (fill // 2, weight, v)

    heap = [score(v) for v in candidates]
    heapq.heapify(heap)
    current = {entry[2]: entry for entry in heap}
    order: list[int] = []
    left = set(candidates)
    while left:
        entry = heapq.heappop(heap)
        v = entry[2]
        if v not in left or current[v] != entry:
            continue
        order.append(v)
        left.discard(v)
        nb = adjacency.pop(v)
        for u in nb:
            adjacency[u].discard(v)
            adjacency[u].update(w for w in nb if w != u)
        for u in nb & left:  # the neighbours' scores changed (farther ones only slightly: kept)
            s = score(u)
            if s != current[u]:
                current[u] = s
                heapq.heappush(heap, s)
    return order


def plan_for(
    model: Model,
    *,
    out: tuple[int, ...],
    hard: tuple[int, ...],
    unary: tuple[int, ...],
    need: tuple[int, ...] = (),
    max_vars: tuple[int, ...] = (),
    mode: str = "sum",
    keep_all: bool = False,
    backward: bool = False,
    draft: bool = False,
    op: str = "query",
) -> Plan:
    """The (cached) plan for this pattern of asked and observed variables.

    ``draft=True`` (sums only) allows the quick plan of :func:`_quick_plan` the
    first time a pattern is asked; the next time, it is replaced by the min-fill plan.
    """
    key = (out, hard, unary, need, max_vars, mode, keep_all, backward)
    plan = model.plans.get(key)
    if plan is not None and key not in model.drafts:
        return plan
    quick = None
    if draft and plan is None and mode == "sum" and not backward and not need and not max_vars:
        # a pattern asked for the first time: a plan from the model's one min-fill order (fast to
        # build); asked again, it gets its own min-fill plan. A large quick plan is compared with
        # that one at once, and the smaller kept, so no question is refused that min-fill would run.
        quick = _quick_plan(model, out, hard, unary, keep_all)
    if quick is not None and quick.largest <= _QUICK_CELLS:
        plan = quick
        model.drafts.add(key)
    else:
        plan = _build(model, out, hard, unary, need, max_vars, mode, keep_all, backward, op)
        if quick is not None and quick.largest < plan.largest:
            plan = quick
        model.drafts.discard(key)
    if key not in model.plans and len(model.plans) >= _PLANS_KEPT:
        oldest = next(iter(model.plans))
        model.plans.pop(oldest)
        model.drafts.discard(oldest)
    model.plans[key] = plan
    return plan


def _build(
    model: Model,
    out: tuple[int, ...],
    hard: tuple[int, ...],
    unary: tuple[int, ...],
    need: tuple[int, ...],
    max_vars: tuple[int, ...],
    mode: str,
    keep_all: bool,
    backward: bool,
    op: str,
) -> Plan:
    hard_set = set(hard)
    asked = set(out) | set(need) | set(max_vars)
    terms = _relevant_terms(model, asked | hard_set | set(unary))
    # scopes after slicing the observed variables away
    factor_scopes: list[tuple[int, ...]] = []
    factor_src: list[Any] = []
    for t in terms:
        axes = model.term_vars[t]
        factor_scopes.append(tuple(v for v in axes if v not in hard_set))
        factor_src.append(("term", t))
    for v in unary:
        factor_scopes.append((v,))
        factor_src.append(("unary", v))
    covered = {v for s in factor_scopes for v in s}
    for v in out:
        if v not in covered:
            factor_scopes.append((v,))
            factor_src.append(("ones", v))
    # connected components: a part d-separated from what is asked by the evidence only scales p(e)
    parent = list(range(len(model.names)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for scope in factor_scopes:
        for v in scope[1:]:
            a, b = find(scope[0]), find(v)
            if a != b:
                parent[a] = b
    roots = {find(v) for v in asked}
    # a part cut off from the question only scales p(e), unless it can make p(e) zero: a table with a
    # zero, an event or a likelihood; such parts are kept so that impossible evidence is still noticed
    unsafe = [what == "unary" or (what == "term" and not model.positive[x]) for what, x in factor_src]
    for scope, risky in zip(factor_scopes, unsafe):
        if scope and risky:
            roots.add(find(scope[0]))
    keep = [
        i
        for i, scope in enumerate(factor_scopes)
        if keep_all or (find(scope[0]) in roots if scope else unsafe[i])
    ]
    sources = []
    unary_kept = []
    ones = []
    scopes: list[tuple[int, ...]] = []
    for kind in ("term", "unary", "ones"):
        for i in keep:
            what, x = factor_src[i]
            if what != kind:
                continue
            if kind == "term":
                axes = model.term_vars[x]
                template = tuple(slice(None) for _ in axes)
                fixed = tuple((pos, v) for pos, v in enumerate(axes) if v in hard_set)
                sources.append((x, template, fixed))
            elif kind == "unary":
                unary_kept.append(x)
            else:
                ones.append(x)
            scopes.append(factor_scopes[i])
    # elimination order: summed variables first, maximized ones last
    inner = {v for s in scopes for v in s} - set(out)
    phases = [inner - set(max_vars), inner & set(max_vars)] if mode == "map" else [inner]
    adjacency: dict[int, set[int]] = {v: set() for s in scopes for v in s}
    for s in scopes:
        for v in s:
            adjacency[v].update(u for u in s if u != v)
    order: list[tuple[int, str]] = []
    for k, phase in enumerate(phases):
        kind = "max" if mode == "mpe" or (mode == "map" and k == 1) else "sum"
        order.extend((v, kind) for v in _order(adjacency, set(phase), model.cards))
    # the steps
    var_slots: dict[int, set[int]] = {}
    for slot, s in enumerate(scopes):
        for v in s:
            var_slots.setdefault(v, set()).add(slot)
    alive = set(range(len(scopes)))
    n_sources = len(scopes)
    steps = []
    largest, largest_var = 0, -1
    largest_union: tuple[int, ...] = ()

    def emit(v: int, kind: str, inputs: tuple[int, ...], gone: int, also: tuple[int, ...] = ()) -> int:
        """Add a step combining ``inputs`` and summing (or maximizing) ``v`` (and ``also``) out.

        ``v`` = -1 keeps every variable (a product of a batch of inputs).
        """
        nonlocal largest, largest_union, largest_var
        union: list[int] = []
        for slot in inputs:
            for u in scopes[slot]:
                if u not in union:
                    union.append(u)
        cells = math.prod(model.cards[u] for u in union)
        if cells > largest:
            largest, largest_union, largest_var = cells, tuple(union), v if v >= 0 else gone
        scope = tuple(u for u in union if u != v and u not in also)
        operands = [scopes[i] for i in inputs]
        spec = ""  # written once the steps are final (a step may still be merged into the next)
        belief = ""
        grads: list[tuple[int, str, tuple[int, ...]]] = []
        if backward:
            if v >= 0:
                belief = _spec([scope] + operands, (v,), op)
            for j, slot in enumerate(inputs):
                if slot < n_sources:
                    continue
                others = [scope] + [scopes[i] for k2, i in enumerate(inputs) if k2 != j]
                present = {u for s in others for u in s}
                missing = tuple(u for u in scopes[slot] if u not in present)
                others += [(u,) for u in missing]
                grads.append((slot, _spec(others, scopes[slot], op), missing))
        for slot in inputs:
            alive.discard(slot)
            for u in scopes[slot]:
                if u != gone and u in var_slots:
                    var_slots[u].discard(slot)
        new = len(scopes)
        scopes.append(scope)
        alive.add(new)
        for u in scope:
            if u != gone:
                var_slots.setdefault(u, set()).add(new)
        axis = union.index(v) if v >= 0 else -1
        steps.append(Step(v, inputs, tuple(union), scope, spec, kind, axis, belief, tuple(grads)))
        return new

    def batched(inputs: tuple[int, ...], gone: int) -> tuple[int, ...]:
        """numpy's einsum takes at most 32 operands: multiply long lists in batches first."""
        while len(inputs) > _BATCH:
            inputs = (emit(-1, "prod", inputs[:_BATCH], gone),) + inputs[_BATCH:]
        return inputs

    merge = mode == "sum" and not backward
    summed: dict[int, tuple[int, ...]] = {}  # step index -> variables it sums out before its own
    for v, kind in order:
        inputs = batched(tuple(sorted(var_slots.pop(v, ()))), v)
        last = len(scopes) - 1
        if merge and steps and steps[-1].var >= 0 and last in inputs:
            prev = steps[-1]
            if all(u in prev.union for i in inputs for u in scopes[i]):
                # summing v out of the previous step's result costs no more than that step itself:
                # one einsum over the same table sums both (fewer steps to plan and to run)
                steps.pop()
                scopes.pop()
                alive.discard(last)
                for u in prev.scope:
                    if u in var_slots:
                        var_slots[u].discard(last)
                earlier = summed.pop(len(steps), ()) + (prev.var,)
                inputs = prev.inputs + tuple(i for i in inputs if i != last)
                emit(v, kind, inputs, v, earlier)
                summed[len(steps) - 1] = earlier
                continue
        emit(v, kind, inputs, v)
    final_inputs = batched(tuple(sorted(alive)), -1)
    steps = [
        step._replace(
            spec=_spec(
                [scopes[i] for i in step.inputs], step.union if step.mode == "max" else step.scope, op
            )
        )
        for step in steps
    ]
    out_cells = math.prod(model.cards[u] for u in out)
    if out_cells > largest:
        largest, largest_union, largest_var = out_cells, out, -1
    final_spec = _spec([scopes[i] for i in final_inputs], out, op) if final_inputs else ""
    return Plan(
        tuple(sources),
        tuple(unary_kept),
        tuple(ones),
        tuple(scopes),
        tuple(steps),
        final_inputs,
        final_spec,
        out,
        largest,
        largest_union,
        largest_var,
    )


def source_index(
    template: Sequence[Any], fixed: Sequence[tuple[int, int]], ev: Evidence
) -> tuple[Any, ...]:
    """The index that slices a term's array on the evidence: ``template`` with each fixed
    position set to its observed state."""
    index = list(template)
    for pos, v in fixed:
        index[pos] = ev.hard[v]
    return tuple(index)


def _operands(plan: Plan, model: Model, ev: Evidence) -> list[np.ndarray]:
    ops: list[np.ndarray] = []
    for t, template, fixed in plan.sources:
        array = model.arrays[t]
        if fixed:
            array = array[source_index(template, fixed, ev)]
            if model.exact:  # every axis observed: a bare Fraction
                array = np.asarray(array, dtype=object)
        ops.append(array)
    for v in plan.unary:
        ops.append(ev.unary[v])
    for v in plan.ones:
        ops.append(model.ones(model.cards[v]))
    return ops


_ONE = np.array(1.0)


def _args(ops: list[np.ndarray], inputs: Sequence[int]) -> tuple[list[np.ndarray], float]:
    """The operands of one step, tiny scalars replaced by 1 and their logs returned (they can be many)."""
    args = []
    log_scale = 0.0
    for i in inputs:
        a = ops[i]
        if a.ndim == 0 and a.dtype != object and 0.0 < a < _TINY:
            log_scale += math.log(a)
            a = _ONE
        args.append(a)
    return args, log_scale


def forward(
    plan: Plan, model: Model, ev: Evidence
) -> tuple[np.ndarray, float, list[np.ndarray], list[np.ndarray | None]]:
    """Run the plan: the answer over ``plan.out`` (scaled), the log of its scale, all slots, argmaxes.

    On an exact model the arrays hold fractions (numpy's einsum sums and multiplies object arrays
    with Python's operators), nothing is rescaled and the scale is 0.
    """
    ops = _operands(plan, model, ev)
    log_scale = 0.0
    argmaxes: list[np.ndarray | None] = []
    for step in plan.steps:
        args, log_small = _args(ops, step.inputs)
        log_scale += log_small
        r = np.einsum(step.spec, *args)
        if step.mode == "max":
            best = r.max(axis=step.axis)
            if model.exact:  # exact ties only
                near = np.asarray(r == np.expand_dims(best, step.axis), dtype=bool)
            else:
                near = r >= np.expand_dims(best, step.axis) * (1.0 - _TIE)
            argmaxes.append(np.argmax(near, axis=step.axis))
            r = best
        else:
            argmaxes.append(None)
        if model.exact:  # a sum (or maximum) over every axis of an object array is a bare Fraction
            r = np.asarray(r, dtype=object)
        else:
            m = r.max() if r.ndim else float(r)
            if 0.0 < m < _TINY or m > _HUGE:
                r = r / m
                log_scale += math.log(m)
        ops.append(r)
    if plan.final_inputs:
        args, log_small = _args(ops, plan.final_inputs)
        log_scale += log_small
        result = np.einsum(plan.final_spec, *args)
    else:
        result = model.ones(tuple(model.cards[v] for v in plan.out))
    return np.asarray(result, dtype=object if model.exact else np.float64), log_scale, ops, argmaxes


def log_total(result: np.ndarray, log_scale: float) -> float:
    """log of the sum of a scaled result (``-inf`` when it is zero); a float, also for fractions."""
    if result.dtype == object:  # a Fraction: the log of numerator and denominator (no underflow)
        exact = Fraction(result.sum())
        if exact <= 0:
            return -math.inf
        return math.log(exact.numerator) - math.log(exact.denominator) + log_scale
    total = float(result.sum())
    if total > 0:
        return math.log(total) + log_scale
    return -math.inf


def backward_beliefs(plan: Plan, model: Model, ops: list[np.ndarray]) -> dict[int, np.ndarray]:
    """Unnormalized posteriors of every eliminated variable by one backward sweep (reverse mode)."""
    grads: dict[int, np.ndarray] = {}
    for slot in plan.final_inputs:
        grads[slot] = model.ones(tuple(model.cards[v] for v in plan.scopes[slot]))
    beliefs: dict[int, np.ndarray] = {}
    n_steps = len(plan.steps)
    first_message = len(plan.scopes) - n_steps
    for k in range(n_steps - 1, -1, -1):
        step = plan.steps[k]
        g = grads.pop(first_message + k)
        inputs, _ = _args(ops, step.inputs)
        if step.var >= 0:
            beliefs[step.var] = np.asarray(
                np.einsum(step.belief, g, *inputs), dtype=object if model.exact else None
            )
        for slot, spec, missing in step.grads:
            others = [g] + _args(ops, [i for i in step.inputs if i != slot])[0]
            others += [model.ones(model.cards[u]) for u in missing]
            r = np.einsum(spec, *others)
            if model.exact:
                r = np.asarray(r, dtype=object)
            else:
                m = r.max() if r.ndim else float(r)
                if 0.0 < m < _TINY or m > _HUGE:
                    r = r / m
            grads[slot] = r
    return beliefs


def traceback(plan: Plan, argmaxes: list[np.ndarray | None]) -> dict[int, int]:
    """The maximizing state of every max-eliminated variable, last eliminated first."""
    chosen: dict[int, int] = {}
    for step, am in zip(reversed(plan.steps), reversed(argmaxes)):
        if step.var < 0:
            continue
        if am is None:
            break
        chosen[step.var] = int(am[tuple(chosen[u] for u in step.scope)])
    return chosen


# ---------------------------------------------------------------------- the quick first-ask plan


class _Quick(NamedTuple):
    """What the quick route precomputes once per model (integers as bit sets of terms)."""

    var_terms: tuple[int, ...]  # variable -> its term and the terms of all its ancestors
    term_bits: tuple[int, ...]  # term -> its variables
    templates: tuple[tuple[slice, ...], ...]  # term -> an index taking every axis
    sticky: int  # the terms that are never pruned, with their ancestors
    rank: tuple[int, ...]  # variable -> its place in one min-fill order of the whole moral graph
    letters: tuple[str, ...] | None  # variable -> its einsum letter (None: more than 52 variables)


def _quick_model(model: Model) -> _Quick:
    quick = model.quick
    if quick is not None:
        return quick
    n_terms = len(model.term_vars)
    closure: list[int] = [-1] * n_terms
    for t0 in range(n_terms):  # the ancestor terms of every term, parents' terms first
        stack = [(t0, False)]
        while stack:
            t, done = stack.pop()
            if closure[t] >= 0:
                continue
            parents = {model.owner[u] for u in model.term_vars[t]} - {t, -1}
            if done:
                bits = 1 << t
                for p in parents:
                    bits |= closure[p]
                closure[t] = bits
            else:
                stack.append((t, True))
                stack.extend((p, False) for p in parents if closure[p] < 0)
    var_terms = tuple(closure[t] if t >= 0 else 0 for t in model.owner)
    sticky = 0
    for t in model.sticky:
        for u in model.term_vars[t]:
            sticky |= var_terms[u]
    n = len(model.names)
    adjacency: dict[int, set[int]] = {v: set() for v in range(n)}
    for scope in model.term_vars:
        for v in scope:
            adjacency[v].update(u for u in scope if u != v)
    rank = [0] * n
    for k, v in enumerate(_order(adjacency, set(range(n)), model.cards)):
        rank[v] = k
    letters = tuple(_LETTERS[:n]) if n <= len(_LETTERS) else None
    term_bits = tuple(sum(1 << v for v in set(scope)) for scope in model.term_vars)
    templates = tuple(tuple(slice(None) for _ in scope) for scope in model.term_vars)
    quick = _Quick(var_terms, term_bits, templates, sticky, tuple(rank), letters)
    model.quick = quick
    return quick


def _quick_plan(
    model: Model, out: tuple[int, ...], hard: tuple[int, ...], unary: tuple[int, ...], keep_all: bool
) -> Plan | None:
    """A sum-product plan built fast: the model's one min-fill order, restricted to this question.

    The same pruning as :func:`_build` and the same kind of steps (sizes known, the
    largest intermediate recorded); only the order differs (it is not re-optimized
    for the pruned network). ``None`` where this route does not apply (long steps,
    more than 52 variables): the caller builds the full plan.
    """
    quick = _quick_model(model)
    letters = quick.letters
    if letters is None:
        return None
    var_terms = quick.var_terms
    bits = quick.sticky
    hard_bits = 0
    for v in out:
        bits |= var_terms[v]
    for v in hard:
        bits |= var_terms[v]
        hard_bits |= 1 << v
    for v in unary:
        bits |= var_terms[v]
    term_vars = model.term_vars
    term_bits = quick.term_bits
    positive = model.positive
    # the factors: scopes (observed variables sliced away), their bits, whether they can make p(e) 0
    found: list[tuple[int, ...]] = []
    found_bits: list[int] = []
    risky: list[bool] = []
    terms: list[int] = []
    covered = 0
    while bits:
        low = bits & -bits
        t = low.bit_length() - 1
        bits ^= low
        m = term_bits[t]
        if m & hard_bits:
            m &= ~hard_bits
            found.append(tuple([v for v in term_vars[t] if not hard_bits >> v & 1]))
        else:
            found.append(term_vars[t])
        found_bits.append(m)
        risky.append(not positive[t])
        terms.append(t)
        covered |= m
    n_terms = len(found)
    for v in unary:
        found.append((v,))
        found_bits.append(1 << v)
        risky.append(True)
        covered |= 1 << v
    ones = [v for v in out if not covered >> v & 1]
    found.extend((v,) for v in ones)
    found_bits.extend(1 << v for v in ones)
    risky.extend(False for _ in ones)
    if keep_all:
        taken = [True] * len(found)
    else:
        # the parts connected to the asked variables, or able to make p(e) zero
        slots_of: dict[int, list[int]] = {}
        for i, scope in enumerate(found):
            for v in scope:
                slots_of.setdefault(v, []).append(i)
        taken = [False] * len(found)
        stack = list(out)
        seen = 0
        for i, scope in enumerate(found):
            if risky[i]:
                taken[i] = True
                stack.extend(scope)
        while stack:
            v = stack.pop()
            if seen >> v & 1:
                continue
            seen |= 1 << v
            for i in slots_of.get(v, ()):
                if not taken[i]:
                    taken[i] = True
                    stack.extend(found[i])
    templates = quick.templates
    sources = []
    scopes: list[tuple[int, ...]] = []
    masks: list[int] = []
    for i in range(n_terms):
        if taken[i]:
            t = terms[i]
            fixed: tuple[tuple[int, int], ...] = ()
            if term_bits[t] & hard_bits:
                fixed = tuple([(pos, v) for pos, v in enumerate(term_vars[t]) if hard_bits >> v & 1])
            sources.append((t, templates[t], fixed))
            scopes.append(found[i])
            masks.append(found_bits[i])
    unary_kept = [v for i, v in enumerate(unary) if taken[n_terms + i]]
    ones = [v for i, v in enumerate(ones) if taken[n_terms + len(unary) + i]]
    scopes.extend((v,) for v in unary_kept)
    scopes.extend((v,) for v in ones)
    masks.extend(1 << v for v in unary_kept)
    masks.extend(1 << v for v in ones)
    every = 0
    for m in masks:
        every |= m
    for v in out:
        every &= ~(1 << v)
    inner = []
    while every:
        low = every & -every
        inner.append(low.bit_length() - 1)
        every ^= low
    cards = model.cards
    words = ["".join([letters[v] for v in s]) for s in scopes]
    cells = 1
    for v in inner:
        cells *= cards[v]
    for v in out:
        cells *= cards[v]
    if cells <= _ONE_STEP_CELLS and len(scopes) <= _BATCH:
        # a small network left: one contraction over all of it (no order to choose, one einsum call)
        every_var = tuple(out) + tuple(inner)
        final_spec = ",".join(words) + "->" + "".join([letters[u] for u in out]) if scopes else ""
        return Plan(
            tuple(sources),
            tuple(unary_kept),
            tuple(ones),
            tuple(scopes),
            (),
            tuple(range(len(scopes))),
            final_spec,
            out,
            cells,
            every_var,
            -1,
        )
    var_slots: dict[int, list[int]] = {}
    for slot, scope in enumerate(scopes):
        for v in scope:
            var_slots.setdefault(v, []).append(slot)
    rank = quick.rank
    inner.sort(key=rank.__getitem__)
    alive = [True] * len(scopes)
    steps: list[Step] = []
    unions: list[int] = []  # the union's bits of each step
    largest, largest_var = 0, -1
    largest_union: tuple[int, ...] = ()
    for v in inner:
        # a slot is listed once per variable, in the order made: the inputs come sorted
        inputs = [i for i in var_slots.pop(v) if alive[i]]
        last = len(scopes) - 1
        m = 0
        for i in inputs:
            m |= masks[i]
        if steps and inputs[-1] == last and not m & ~unions[-1]:
            # v is summed in the previous step's contraction (its table holds every input already)
            prev = steps.pop()
            inputs = list(prev.inputs) + inputs[:-1]
            if len(inputs) > _BATCH:
                return None
            for i in inputs:
                alive[i] = False
            union = prev.union
            scope = tuple(u for u in prev.scope if u != v)
            scopes[last] = scope
            masks[last] &= ~(1 << v)
            words[last] = word = "".join([letters[u] for u in scope])
            spec = ",".join([words[i] for i in inputs]) + "->" + word
            steps.append(Step(v, tuple(inputs), union, scope, spec, "sum", union.index(v), "", ()))
            continue
        if len(inputs) > _BATCH:
            return None
        joined = list(dict.fromkeys([u for i in inputs for u in scopes[i]]))
        union = tuple(joined)
        cells = math.prod([cards[u] for u in joined])
        if cells > largest:
            largest, largest_union, largest_var = cells, union, v
        axis = joined.index(v)
        del joined[axis]
        scope = tuple(joined)
        word = "".join([letters[u] for u in scope])
        for i in inputs:
            alive[i] = False
        new = len(scopes)
        scopes.append(scope)
        masks.append(m & ~(1 << v))
        words.append(word)
        alive.append(True)
        for u in scope:
            var_slots[u].append(new)
        spec = ",".join([words[i] for i in inputs]) + "->" + word
        steps.append(Step(v, tuple(inputs), union, scope, spec, "sum", axis, "", ()))
        unions.append(m)
    final_inputs = tuple(i for i, a in enumerate(alive) if a)
    if len(final_inputs) > _BATCH:
        return None
    out_cells = 1
    for u in out:
        out_cells *= cards[u]
    if out_cells > largest:
        largest, largest_union, largest_var = out_cells, out, -1
    final_spec = (
        ",".join([words[i] for i in final_inputs]) + "->" + "".join([letters[u] for u in out])
        if final_inputs
        else ""
    )
    return Plan(
        tuple(sources),
        tuple(unary_kept),
        tuple(ones),
        tuple(scopes),
        tuple(steps),
        final_inputs,
        final_spec,
        out,
        largest,
        largest_union,
        largest_var,
    )
