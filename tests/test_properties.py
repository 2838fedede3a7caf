"""Hypothesis properties of tables: the laws of probability on random tables of 2 to 5 variables.

Random tables (see :func:`strategies.cases`) have 2 or 3 states per variable,
random positive probabilities and sometimes zeros, and are stored dense or sparse.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import assert_matches, cases, table_dict

import probtables as pt
from probtables.errors import ZeroProbabilityError

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ATOL = 1e-12


def sums_per_given(table: pt.Table) -> list[float]:
    """Sum of p over the head, per conditioning assignment present (computed with pandas)."""
    frame = table.frame
    if not table.given:
        return [float(frame["p"].sum())]
    return frame.groupby(list(table.given), observed=True)["p"].sum().tolist()


def assert_normalized(table: pt.Table) -> None:
    sums = sums_per_given(table)
    assert sums, table.notation
    assert np.allclose(sums, 1.0, atol=1e-12, rtol=0), (table.notation, sums)


@st.composite
def case_and_split(draw, min_vars=2, max_vars=5):
    """A case and a split of its variables into two non-empty parts (head, given)."""
    case = draw(cases(min_vars=min_vars, max_vars=max_vars))
    names = list(case.names)
    k = draw(st.integers(1, len(names) - 1))
    order = draw(st.permutations(names))
    return case, tuple(order[:k]), tuple(order[k:])


@SETTINGS
@given(case_and_split())
def test_marginal_and_condition_match_brute_force(data):
    case, head, rest = data
    assert_matches(case.table.marginal(*head), case.ref.marginal(head), head, atol=ATOL)
    cond = case.table.condition(*rest)
    assert_matches(cond, case.ref.conditional(head, rest), head + rest, atol=ATOL)


@SETTINGS
@given(case_and_split())
def test_every_result_sums_to_one_per_conditioning_assignment(data):
    case, head, rest = data
    t = case.table
    assert_normalized(t)
    assert_normalized(t.marginal(*head))
    assert_normalized(t.marginalize(*rest))
    cond = t.condition(*rest)
    assert_normalized(cond)
    assert_normalized(cond.marginal(head[0]))
    assert_normalized(t / t.marginal(*rest))
    assert_normalized(cond * t.marginal(*rest))
    name = rest[0]
    value = case.ref.states[name][0]
    if case.ref.prob(**{name: value}) > 0:
        assert_normalized(t.condition(**{name: value}))
        assert_normalized(t.condition(**{name: [value]}))
    if len(rest) > 1:
        # evidence on a given variable, at a value the conditional defines (its frame lists defined rows only)
        assert_normalized(cond.condition(**{rest[0]: cond.frame[rest[0]].iloc[0]}))


@SETTINGS
@given(case_and_split(min_vars=3), st.data())
def test_marginalizing_in_two_steps_equals_one_step(data, more):
    case, keep, drop = data
    t = case.table
    first = more.draw(st.sets(st.sampled_from(drop), min_size=1, max_size=len(drop)))
    second = [v for v in drop if v not in first]
    two = t.marginalize(*first)
    if second:
        two = two.marginalize(*second)
    assert two.equals(t.marginalize(*drop), atol=ATOL)
    assert two.equals(t.marginal(*keep), atol=ATOL)
    # the sum-outs commute
    if second:
        assert t.marginalize(*second).marginalize(*first).equals(two, atol=ATOL)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(max_vars=4))
def test_chain_factorize_every_permutation_multiplies_back(case):
    t = case.table
    for order in itertools.permutations(case.names):
        f = t.chain_factorize(list(order))
        assert f.joint().equals(t, atol=ATOL), order


@SETTINGS
@given(cases(min_vars=2, max_vars=5), st.data())
def test_chain_factorize_any_grouped_order_multiplies_back(case, data):
    order = data.draw(st.permutations(case.names))
    cuts = data.draw(st.sets(st.integers(1, len(order) - 1)))
    bounds = [0, *sorted(cuts), len(order)]
    groups = [tuple(order[a:b]) for a, b in zip(bounds, bounds[1:])]
    f = case.table.chain_factorize(groups)
    assert len(f.terms) == len(groups)
    assert f.joint().equals(case.table, atol=ATOL)
    for i, term in enumerate(f.terms):
        prefix = tuple(v for g in groups[:i] for v in g)
        assert_matches(
            term.table, case.ref.conditional(groups[i], prefix), groups[i] + prefix, atol=ATOL
        )


@SETTINGS
@given(case_and_split())
def test_bayes_is_product_then_condition(data):
    case, theta, observed = data
    prior = case.table.marginal(*theta)  # p(θ)
    likelihood = case.table.condition(*theta)  # p(D | θ), undefined where p(θ) = 0
    posterior = pt.bayes(prior, likelihood)
    assert posterior.equals((likelihood * prior).condition(*likelihood.head), atol=ATOL)
    assert_matches(posterior, case.ref.conditional(theta, observed), theta + observed, atol=ATOL)


@SETTINGS
@given(case_and_split())
def test_condition_on_a_value_is_a_slice_of_condition_on_the_variable(data):
    case, head, rest = data
    name = rest[0]
    sliced_from = case.table.condition(name)
    rows = table_dict(sliced_from)
    position = sliced_from.variables.index(name)
    for value in case.ref.states[name]:
        expected = {k[:position] + k[position + 1 :]: p for k, p in rows.items() if k[position] == value}
        others = tuple(v for v in sliced_from.variables if v != name)
        if case.ref.prob(**{name: value}) == 0:
            assert not expected  # the undefined assignment is left out of p(· | name)
            with pytest.raises(ZeroProbabilityError):
                case.table.condition(**{name: value})
            continue
        assert_matches(case.table.condition(**{name: value}), expected, others, atol=ATOL)


@SETTINGS
@given(case_and_split(), cases(min_vars=2, max_vars=3))
def test_equals_is_symmetric(data, other):
    case, head, rest = data
    t = case.table
    for a, b in [
        (t, t.marginal(*head)),
        (t.marginal(*head), t.marginal(*head)),
        (t, other.table),
        (t.condition(*rest), t.condition(*rest)),
        (t, t.condition(*rest)),
    ]:
        assert a.equals(b) == b.equals(a)
    # a rebuilt copy, rows reversed and columns in reverse order, is equal both ways
    frame = t.frame.iloc[::-1][list(reversed(t.variables)) + ["p"]]
    copy = pt.Table(frame)
    assert copy.equals(t) and t.equals(copy)


@SETTINGS
@given(case_and_split())
def test_bayes_symmetry_of_the_product_rule(data):
    # p(x | y) p(y) = p(y | x) p(x) = p(x, y)
    case, x, y = data
    t = case.table
    left = t.condition(*y) * t.marginal(*y)
    right = t.condition(*x) * t.marginal(*x)
    assert left.equals(right, atol=ATOL)
    assert left.equals(t, atol=ATOL)


@SETTINGS
@given(case_and_split())
def test_division_undoes_the_product(data):
    case, x, y = data
    t = case.table
    conditional = t / t.marginal(*y)
    assert conditional.equals(t.condition(*y), atol=ATOL)
    assert (conditional * t.marginal(*y)).equals(t, atol=ATOL)


@SETTINGS
@given(case_and_split())
def test_query_equals_condition(data):
    case, head, rest = data
    assume(len(rest) >= 1)
    text = f"p({', '.join(head)} | {', '.join(rest)})"
    assert case.table.query(text).equals(case.table.condition(*rest), atol=ATOL)


@SETTINGS
@given(case_and_split())
def test_operations_keep_every_state(data):
    case, head, rest = data
    t = case.table
    full = case.ref.states
    results = [
        t.marginal(*head),
        t.condition(*rest),
        t.condition(*rest) * t.marginal(*rest),
        t / t.marginal(*rest),
    ]
    for result in results:
        for name in result.variables:
            assert result.states[name] == full[name]
