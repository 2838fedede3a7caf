"""The quick plan of a pattern's first asking against the min-fill plan of the next ones."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import probtables as pt
from probtables.errors import SizeLimitError, ZeroProbabilityError
from probtables.inference import _plan
from probtables.inference._model import model_of
from probtables.testing import factorizations

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _answer(f, text, **options):
    try:
        return f.query(text, **options)
    except ZeroProbabilityError:
        return ZeroProbabilityError


def _same(a, b, atol=1e-12):
    if a is ZeroProbabilityError or b is ZeroProbabilityError:
        return a is b
    if isinstance(a, float):
        return isinstance(b, float) and abs(a - b) <= atol
    return a.evidence == b.evidence and a.equals(b, atol=atol)


def _random_questions(f, n, seed):
    """``n`` questions p(target | 2 to 5 observed variables), their states from a forward sample."""
    rng = np.random.default_rng(seed)
    names = list(f.variables)
    draws = f.sample(n, seed=seed)
    out = []
    for i in range(n):
        chosen = rng.choice(len(names), size=int(rng.integers(3, 7)), replace=False)
        target = names[chosen[0]]
        behind = ", ".join(f"{names[j]}={draws[names[j]].iloc[i]}" for j in chosen[1:])
        out.append((target, sorted(names[j] for j in chosen[1:]), f"p({target} | {behind})"))
    return out


def _key(model, target, observed):
    hard = tuple(sorted(model.index[n] for n in observed))
    return ((model.index[target],), hard, (), (), (), "sum", False, False)


def test_first_and_second_asking_agree_on_alarm():
    alarm = pt.examples.load("alarm")
    model = model_of(alarm, "query")
    differ = 0
    for target, observed, text in _random_questions(alarm, 60, seed=11):
        key = _key(model, target, observed)
        model.plans.pop(key, None)
        model.drafts.discard(key)
        first = alarm.query(text)
        quick = model.plans[key]
        assert key in model.drafts  # answered by the quick plan
        second = alarm.query(text)
        full = model.plans[key]
        assert key not in model.drafts and full is not quick  # answered by the min-fill plan
        assert alarm.query(text) is not None and model.plans[key] is full  # kept from then on
        assert first.equals(second, atol=1e-12), text
        differ += [s.var for s in quick.steps] != [s.var for s in full.steps]
    assert differ > 0  # the two plans do differ on some questions: the comparison means something


@st.composite
def questions(draw):
    f = draw(factorizations(min_nodes=2, max_nodes=7, max_states=3, allow_zeros=True))
    names = draw(st.permutations(list(f.variables)))
    n_observed = draw(st.integers(0, len(names) - 1))
    target, observed = names[0], names[1 : 1 + n_observed]
    states = {v: f.term(v).table.states[v] for v in names}
    items = [f"{v}={draw(st.sampled_from(states[v]))}" for v in observed]
    return f, f"p({target}" + (f" | {', '.join(items)})" if items else ")")


@SETTINGS
@given(questions())
def test_first_and_second_asking_agree_with_the_joint_on_random_networks(case):
    f, text = case
    first = _answer(f, text)
    second = _answer(f, text)
    assert _same(first, second)
    # the joint is the oracle only where its products do not underflow (see test_inference): with
    # entries such as 5e-324 it rounds p(e) to 0 where the engine (which rescales) still answers
    smallest = min(
        float(np.min(p[p > 0])) for t in f.terms for p in [t.table.to_array(t.table.variables)]
    )
    if smallest > 1e-100:
        expected = _answer(f.joint(), text)
        assert _same(first, expected, atol=1e-9) and _same(second, expected, atol=1e-9)


def test_a_first_asking_is_refused_only_where_min_fill_would_refuse_it():
    alarm = pt.examples.load("alarm")
    model = model_of(alarm, "query")
    checked = 0
    for target, observed, text in _random_questions(alarm, 200, seed=5):
        out = (model.index[target],)
        hard = tuple(sorted(model.index[n] for n in observed))
        quick = _plan._quick_plan(model, out, hard, (), False)
        full = _plan._build(model, out, hard, (), (), (), "sum", False, False, "query")
        assert quick is not None
        if quick.largest <= full.largest:
            continue
        checked += 1
        key = _key(model, target, observed)
        limit = full.largest * 8
        model.plans.pop(key, None)
        model.drafts.discard(key)
        assert alarm.query(text, max_bytes=limit).equals(alarm.query(text), atol=1e-12)
        model.plans.pop(key, None)
        model.drafts.discard(key)
        size = f"of {full.largest:,} cells"
        with pytest.raises(SizeLimitError, match=re.escape(size)):
            alarm.query(text, max_bytes=limit - 1)
    assert checked > 0  # some quick plans are larger than min-fill's (else nothing was tested)


def test_a_large_quick_plan_is_weighed_against_min_fill(monkeypatch):
    monkeypatch.setattr(_plan, "_QUICK_CELLS", 0)  # every quick plan counts as large
    alarm = pt.examples.load("alarm")
    model = model_of(alarm, "query")
    for target, observed, text in _random_questions(alarm, 40, seed=7):
        out = (model.index[target],)
        hard = tuple(sorted(model.index[n] for n in observed))
        quick = _plan._quick_plan(model, out, hard, (), False)
        full = _plan._build(model, out, hard, (), (), (), "sum", False, False, "query")
        assert quick is not None
        alarm.query(text)
        key = _key(model, target, observed)
        assert key not in model.drafts
        assert model.plans[key].largest == min(quick.largest, full.largest)
