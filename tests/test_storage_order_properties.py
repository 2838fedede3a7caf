"""Properties of dense tables stored in another axis order than their variables.

Tables whose storage order differs from their variable order (products of a
chain rule, ``Factorization.joint()``, and what the rules derive from them) are
put through the public operations and compared with brute force in numpy over
the full joint array, read back through ``frame`` (a dict per assignment), so
the reference shares no kernel with the code under test.
"""

from __future__ import annotations

import copy
import itertools
import math
import pickle
from fractions import Fraction
from functools import reduce

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import probtables as pt

NAMES = ("a", "b", "c", "d", "e")


# --------------------------------------------------------------------------- references


def rows(table: pt.Table, order=None) -> dict[tuple, float]:
    """``{assignment in ``order``: p}`` read from the table's frame (undefined rows are absent)."""
    order = list(table.variables) if order is None else list(order)
    frame = table.frame
    return {
        tuple(rec[:-1]): rec[-1] for rec in frame[order + [frame.columns[-1]]].itertuples(index=False)
    }


def dict_of(array: np.ndarray, names, states, defined=None) -> dict[tuple, float]:
    """``{assignment: array[index]}`` over every cell (or the cells where ``defined`` is true)."""
    out = {}
    for index in itertools.product(*(range(len(states[n])) for n in names)):
        if defined is None or defined[index]:
            out[tuple(states[n][i] for n, i in zip(names, index))] = float(array[index])
    return out


def assert_rows(got: dict, expected: dict, tol=1e-12) -> None:
    """Same defined assignments (absent rows of probability 0 are allowed) and close values."""
    for key, value in got.items():
        assert key in expected, f"unexpected row {key}"
        assert math.isclose(float(value), expected[key], rel_tol=tol, abs_tol=tol), (
            key,
            value,
            expected[key],
        )
    for key, value in expected.items():
        if key not in got:
            assert value == 0.0, f"missing row {key} (expected {value})"


def stored_order(table: pt.Table) -> tuple[str, ...]:
    return table._store[1] or table.variables


def chained(table: pt.Table, order) -> pt.Table:
    """The chain rule of ``table`` in ``order``, multiplied back pairwise."""
    return reduce(lambda x, y: x * y, [term.table for term in table.chain_factorize(order).terms])


def make_joint(cards, seed, zeros=0.0):
    rng = np.random.default_rng(seed)
    array = rng.random([cards[n] for n in cards]) + 0.01
    if zeros:
        array[rng.random(array.shape) < zeros] = 0.0
        if not array.any():
            array[(0,) * array.ndim] = 1.0
    array = array / array.sum()
    states = {
        n: [f"s{i}" for i in range(k)] if i % 2 else list(range(k))
        for i, (n, k) in enumerate(cards.items())
    }
    return array, states


def snapshot(table: pt.Table):
    return (table.variables, table.given, table.states, table.evidence, table.frame.copy())


def assert_same_snapshot(table: pt.Table, before) -> None:
    after = snapshot(table)
    assert after[:4] == before[:4]
    assert after[4].equals(before[4])


# --------------------------------------------------------------------------- strategies


@st.composite
def stored_case(draw, max_vars=5):
    n = draw(st.integers(2, max_vars))
    names = NAMES[:n]
    cards = {v: draw(st.integers(1, 4)) for v in names}
    seed = draw(st.integers(0, 2**31))
    zeros = draw(st.sampled_from([0.0, 0.0, 0.3]))
    array, states = make_joint(cards, seed, zeros)
    order = list(draw(st.permutations(names)))
    # group some neighbours: ("b", "c") is one grouped event of the chain rule
    groups, i = [], 0
    while i < n:
        size = draw(st.integers(1, min(2, n - i)))
        groups.append(order[i] if size == 1 else tuple(order[i : i + size]))
        i += size
    via_joint = draw(st.booleans())
    return names, states, array, groups, via_joint


def build(names, states, array, groups, via_joint):
    table = pt.Table.from_array(array, states=states)
    f = table.chain_factorize(groups)
    product = f.joint() if via_joint else reduce(lambda x, y: x * y, [t.table for t in f.terms])
    return table, product


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- property tests


@SETTINGS
@given(stored_case(), st.data())
def test_reads_and_sums_of_a_stored_order_table_match_numpy(case, data):
    names, states, array, groups, via_joint = case
    original = array.copy()
    table, product = build(names, states, array, groups, via_joint)
    flat_order = [v for g in groups for v in ((g,) if isinstance(g, str) else g)]
    assert sorted(product.variables) == sorted(flat_order) and not product.given
    before = snapshot(product)
    # to_array in any order is numpy's transpose of the joint
    order = data.draw(st.permutations(names))
    got = product.to_array(list(order))
    assert np.allclose(got, array.transpose([names.index(v) for v in order]), rtol=1e-12, atol=1e-15)
    got[...] = -1.0  # the caller's copy
    assert_rows(rows(product, names), dict_of(array, names, states))
    # the sum rule, both spellings
    keep = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names) - 1, unique=True))
    summed = tuple(i for i, v in enumerate(names) if v not in keep)
    kept_names = [v for v in names if v in keep]
    expected = dict_of(array.sum(axis=summed), kept_names, states)
    assert_rows(rows(product.marginal(*keep), kept_names), expected)
    assert_rows(rows(product.marginalize(*[v for v in names if v not in keep]), kept_names), expected)
    assert product.marginal(*keep).variables == tuple(v for v in product.variables if v in keep)
    # p() with values and events
    selection = {}
    for v in names:
        choice = data.draw(st.sampled_from(["all", "one", "event"]))
        if choice == "one":
            selection[v] = data.draw(st.sampled_from(states[v]))
        elif choice == "event":
            selection[v] = data.draw(
                st.lists(st.sampled_from(states[v]), min_size=1, max_size=len(states[v]), unique=True)
            )
    index = tuple(
        [states[v].index(selection[v])]
        if v in selection and not isinstance(selection[v], list)
        else [states[v].index(s) for s in selection[v]]
        if v in selection
        else list(range(len(states[v])))
        for v in names
    )
    assert product.p(**selection) == pytest.approx(
        float(array[np.ix_(*index)].sum()), rel=1e-12, abs=1e-15
    )
    # entropy
    nz = array[array > 0]
    assert product.entropy(base=2) == pytest.approx(
        float(-(nz * np.log2(nz)).sum()), rel=1e-10, abs=1e-12
    )
    # inputs untouched
    assert np.array_equal(array, original)
    assert_same_snapshot(product, before)


@SETTINGS
@given(stored_case(), st.data())
def test_conditioning_a_stored_order_table_matches_numpy(case, data):
    names, states, array, groups, via_joint = case
    table, product = build(names, states, array, groups, via_joint)
    before = snapshot(product)
    # p(rest | names): undefined where the parents have probability zero
    cond = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names) - 1, unique=True))
    axes = tuple(i for i, v in enumerate(names) if v not in cond)
    den = array.sum(axis=axes, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        quotient = np.where(den > 0, array / np.where(den > 0, den, 1.0), 0.0)
    defined = np.broadcast_to(den > 0, array.shape)
    expected = dict_of(quotient, names, states, defined)
    conditional = product.condition(*cond)
    assert set(conditional.given) == set(cond)
    got = rows(conditional, names)
    assert_rows(got, expected)
    assert set(got) >= {k for k, v in expected.items() if v > 0}
    undefined_parents = int((den == 0).sum())
    assert conditional.undefined_count == undefined_parents
    # evidence: one state fixed
    v = data.draw(st.sampled_from(names))
    value = data.draw(st.sampled_from(states[v]))
    axis = names.index(v)
    sliced = np.take(array, states[v].index(value), axis=axis)
    rest = [n for n in names if n != v]
    if sliced.sum() == 0:
        with pytest.raises(pt.errors.ZeroProbabilityError):
            product.condition(**{v: value})
    else:
        got = product.condition(**{v: value})
        assert got.evidence == {v: value}
        assert_rows(rows(got, rest), dict_of(sliced / sliced.sum(), rest, states))
    # an event: v in a list of states
    kept = data.draw(
        st.lists(st.sampled_from(states[v]), min_size=1, max_size=len(states[v]), unique=True)
    )
    mask = np.zeros(len(states[v]), dtype=bool)
    mask[[states[v].index(s) for s in kept]] = True
    shape = [1] * len(names)
    shape[axis] = len(states[v])
    masked = np.where(mask.reshape(shape), array, 0.0)
    if masked.sum() == 0:
        with pytest.raises(pt.errors.ZeroProbabilityError):
            product.condition(**{v: kept})
    else:
        got = product.condition(**{v: kept})
        assert_rows(rows(got, names), dict_of(masked / masked.sum(), names, states))
    assert_same_snapshot(product, before)


@SETTINGS
@given(stored_case(), st.data())
def test_division_and_product_of_a_stored_order_table_match_numpy(case, data):
    names, states, array, groups, via_joint = case
    table, product = build(names, states, array, groups, via_joint)
    before = snapshot(product)
    head = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names) - 1, unique=True))
    axes = tuple(i for i, v in enumerate(names) if v not in head)
    den = array.sum(axis=axes, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        quotient = np.where(den > 0, array / np.where(den > 0, den, 1.0), 0.0)
    expected_q = dict_of(quotient, names, states, np.broadcast_to(den > 0, array.shape))
    marginal = product.marginal(*head)
    marginal_before = snapshot(marginal)
    # by its own marginal (trusted path), by an unrelated copy of it (checked path), by a marginal of the original
    unrelated = pt.Table(marginal.frame)
    for denominator in (marginal, unrelated, table.marginal(*head)):
        got = product / denominator
        assert set(got.given) == set(head) and got.variables == product.variables
        assert_rows(rows(got, names), expected_q)
    # the quotient times the marginal is the joint again, in both orders
    conditional = product / marginal
    for back in (marginal * conditional, conditional * marginal):
        assert_rows(rows(back, names), dict_of(array, names, states), tol=1e-11)
    # a marginal with its state lists in another order
    reversed_states = {v: list(reversed(marginal.states[v])) for v in marginal.variables}
    flipped = pt.Table.from_array(
        marginal.to_array()[tuple(slice(None, None, -1) for _ in marginal.variables)],
        states=reversed_states,
    )
    assert_rows(rows(product / flipped, names), expected_q)
    back = flipped * conditional
    assert_rows(rows(back, names), dict_of(array, names, states), tol=1e-11)
    assert_same_snapshot(product, before)
    assert_same_snapshot(marginal, marginal_before)


@SETTINGS
@given(stored_case(max_vars=4), st.data())
def test_a_chain_rule_of_a_stored_order_table_multiplies_back(case, data):
    names, states, array, groups, via_joint = case
    table, product = build(names, states, array, groups, via_joint)
    order = list(data.draw(st.permutations(names)))
    f = product.chain_factorize(order)
    # each term is p(v | earlier ones), by numpy
    for k, term in enumerate(f.terms):
        assert term.head == (order[k],) and term.given == tuple(order[:k])
        prefix = order[: k + 1]
        part = array.sum(axis=tuple(i for i, v in enumerate(names) if v not in prefix))
        part_names = [v for v in names if v in prefix]
        den = part.sum(axis=part_names.index(order[k]), keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            q = np.where(den > 0, part / np.where(den > 0, den, 1.0), 0.0)
        expected = dict_of(q, part_names, states, np.broadcast_to(den > 0, part.shape))
        assert_rows(rows(term.table, part_names), expected)
    joint = f.joint()
    assert joint.variables == tuple(order)
    assert_rows(rows(joint, names), dict_of(array, names, states))
    assert_rows(rows(chained(product, order), names), dict_of(array, names, states))


# --------------------------------------------------------------------------- targeted cases


def stored_joint(cards=None, seed=0, zeros=0.0, order=("d", "b", "e", "a", "c")):
    cards = cards or {"a": 2, "b": 3, "c": 2, "d": 4, "e": 3}
    array, states = make_joint(cards, seed, zeros)
    table = pt.Table.from_array(array, states=states)
    product = chained(table, list(order))
    assert stored_order(product) != product.variables
    return array, states, table, product


def test_conditional_tables_factorize_and_multiply_back_keeping_their_given():
    # p(a, b, c | d) stored in another order, chain rule over its heads in several orders
    array, states, table, product = stored_joint()
    names = tuple(table.variables)
    conditional = product.condition("d", "e")  # p(b, a, c | d, e)
    den = array.sum(axis=(0, 1, 2), keepdims=True)
    expected = dict_of(array / den, names, states)
    for order in (["c", "a", "b"], [("a", "c"), "b"], ["b", ("c", "a")]):
        f = conditional.chain_factorize(order)
        assert f.free == ("d", "e")
        back = chained(conditional, order)
        assert set(back.given) == {"d", "e"}
        assert_rows(rows(back, names), expected)
        assert_rows(rows(f.joint(), names), expected)
        # the first term is p(first | d, e)
        first = order[0] if isinstance(order[0], tuple) else (order[0],)
        keep = set(first) | {"d", "e"}
        part = array.sum(axis=tuple(i for i, v in enumerate(names) if v not in keep), keepdims=True)
        part = part / part.sum(axis=tuple(i for i, v in enumerate(names) if v in first), keepdims=True)
        part_names = [v for v in names if v in keep]
        assert_rows(
            rows(f.terms[0].table, part_names),
            dict_of(
                part.squeeze(axis=tuple(i for i, v in enumerate(names) if v not in keep)),
                part_names,
                states,
            ),
        )


def test_a_stored_order_conditional_times_a_joint_leaves_given_behind_the_bar():
    array, states, table, product = stored_joint()
    names = table.variables
    # p(a, c | b, d) * p(b | e) = p(a, c, b | d, e) (d stays, e stays behind the bar)
    acbd = product.marginalize("e").condition("b", "d")
    b_e = product.marginal("b", "e").condition("e")
    ab = array.sum(axis=4)  # a b c d
    p_acbd = ab / ab.sum(axis=(0, 2), keepdims=True)
    be = array.sum(axis=(0, 2, 3))  # b e
    p_be = be / be.sum(axis=0, keepdims=True)
    expected = p_acbd[..., None] * p_be[None, :, None, None, :]
    for result in (acbd * b_e, b_e * acbd):
        assert set(result.head) == {"a", "b", "c"} and set(result.given) == {"d", "e"}
        assert_rows(rows(result, names), dict_of(expected, names, states), tol=1e-11)


def test_evidence_chains_on_a_stored_order_table():
    array, states, table, product = stored_joint()
    names = list(table.variables)
    for evidence in (
        {"d": "s2"},
        {"d": ["s0", "s3"]},
        {"b": "s1"},
        {"b": ["s0", "s2"]},
        {"c": 1},
        {"e": [2, 0]},
    ):
        ((name, value),) = evidence.items()
        fixed = product.condition(**evidence)
        m = fixed.marginal("a")
        c = fixed.condition("a")
        axis = names.index(name)
        values = value if isinstance(value, list) else [value]
        mask = np.zeros(array.shape[axis], bool)
        mask[[states[name].index(v) for v in values]] = True
        shape = [1] * 5
        shape[axis] = -1
        masked = np.where(mask.reshape(shape), array, 0.0)
        masked = masked / masked.sum()
        if not isinstance(value, list):
            masked = masked.take(states[name].index(value), axis=axis)
            kept = [v for v in names if v != name]
        else:
            kept = names
        for back in (m * c, c * m):
            assert back.evidence == fixed.evidence
            assert_rows(rows(back, kept), dict_of(masked, kept, states), tol=1e-11)
        assert_rows(rows(fixed / m, kept), rows(c, kept))


def test_sparse_tables_times_and_over_stored_order_tables():
    array, states, table, product = stored_joint(seed=3)
    names = table.variables
    # a sparse p(b, e): some rows missing
    be = array.sum(axis=(0, 2, 3))
    be[0, 1] = 0.0
    be[2, 2] = 0.0
    be = be / be.sum()
    frame = product.marginal("b", "e").frame
    frame = frame[
        ~((frame["b"] == "s0") & (frame["e"] == 1)) & ~((frame["b"] == "s2") & (frame["e"] == 2))
    ]
    frame = frame.assign(
        p=[be[states["b"].index(b), states["e"].index(e)] for b, e in zip(frame["b"], frame["e"])]
    )
    sparse = pt.Table(frame.reset_index(drop=True))
    assert len(sparse) < 9
    rest = product.condition("b", "e")  # p(d, a, c | b, e) stored in another order
    p_rest = array / array.sum(axis=(0, 2, 3), keepdims=True)
    expected = p_rest * be[None, :, None, None, :]
    for result in (sparse * rest, rest * sparse):
        assert_rows(rows(result, names), dict_of(expected, names, states), tol=1e-11)
    joint = sparse * rest
    quotient = joint / sparse
    defined = np.broadcast_to(be[None, :, None, None, :] > 0, array.shape)
    assert_rows(rows(quotient, names), dict_of(p_rest, names, states, defined), tol=1e-11)


def test_exact_tables_from_stored_order_tables():
    # dyadic numbers: every sum, product and quotient of the chain rule is exact in floats
    cards = {"a": 2, "b": 4, "c": 2}
    array = np.arange(1, 17, dtype=float).reshape(2, 4, 2)
    array = array / array.sum()  # 1..16 / 136: not dyadic, so use a uniform array
    array = np.full((2, 4, 2), 1 / 16)
    states = {v: list(range(k)) for v, k in cards.items()}
    table = pt.Table.from_array(array, states=states)
    product = chained(table, ["c", ("b", "a")])
    assert stored_order(product) != product.variables
    exact = product.to_exact()
    assert exact.is_exact and exact.p(a=1, b=2, c=0) == Fraction(1, 16)
    assert exact.marginal("b").p(b=3) == Fraction(1, 4)
    assert exact.condition("c").p(a=0, b=0, c=1) == Fraction(1, 8)
    f = exact.chain_factorize(["a", "c", "b"])
    assert f.joint().p(a=0, b=1, c=1) == Fraction(1, 16)
    assert f.terms[2].table.p(b=1, a=0, c=1) == Fraction(1, 4)
    assert exact.to_float().equals(table, atol=0)


def test_large_stored_order_tables_match_numpy():
    # sizes past the kernels' small-array shortcuts (64 and 4096 cells), states up to 17
    for cards, order, seed in (
        ({"a": 17, "b": 2, "c": 5, "d": 70}, ["d", "b", "a", "c"], 1),
        ({"a": 3, "b": 16, "c": 2, "d": 2, "e": 40}, ["c", "e", ("a", "d"), "b"], 2),
        (
            {
                "a": 2,
                "b": 2,
                "c": 2,
                "d": 2,
                "e": 2,
                "f": 2,
                "g": 2,
                "h": 2,
                "i": 2,
                "j": 2,
                "k": 2,
                "l": 2,
                "m": 2,
            },
            ["m", "a", "g", ("b", "l"), "c", "k", "d", "j", "e", "i", "f", "h"],
            3,
        ),
    ):
        array, states = make_joint(cards, seed, zeros=0.05)
        names = list(cards)
        table = pt.Table.from_array(array, states=states)
        flat = [v for g in order for v in ((g,) if isinstance(g, str) else g)]
        for product in (chained(table, order), table.chain_factorize(order).joint()):
            assert np.allclose(product.to_array(names), array, rtol=1e-11, atol=1e-17)
            for keep in (names[:1], names[1:3], [names[-1], names[0]], names[:-1]):
                summed = tuple(i for i, v in enumerate(names) if v not in keep)
                got = product.marginal(*keep).to_array([v for v in names if v in keep])
                assert np.allclose(got, array.sum(axis=summed), rtol=1e-11, atol=1e-17)
            cond = flat[:2]
            den = array.sum(axis=tuple(i for i, v in enumerate(names) if v not in cond), keepdims=True)
            got = product.condition(*cond).to_array(names)
            with np.errstate(invalid="ignore", divide="ignore"):
                expected = np.where(den > 0, array / den, 0.0)
            assert np.allclose(np.nan_to_num(got), expected, rtol=1e-11, atol=1e-15)
            quotient = product / product.marginal(*cond)
            assert np.allclose(np.nan_to_num(quotient.to_array(names)), expected, rtol=1e-11, atol=1e-15)


def test_queries_on_factorizations_of_stored_order_tables():
    array, states, table, product = stored_joint(seed=5, zeros=0.1)
    names = list(table.variables)
    for order in (["e", "a", "d", "c", "b"], ["a", ("b", "c"), "e", "d"]):
        f = product.chain_factorize(order)
        for target, name, value in (("a", "d", "s1"), ("b", "e", 2), ("c", "b", "s2")):
            axis = names.index(name)
            sliced = array.take(states[name].index(value), axis=axis)
            rest = [v for v in names if v != name]
            marginal = sliced.sum(axis=tuple(i for i, v in enumerate(rest) if v != target))
            expected = marginal / marginal.sum()
            got = f.query(f"p({target} | {name}={value})")
            assert np.allclose(got.to_array(), expected, rtol=1e-10, atol=1e-15)
            posterior = f.posteriors({name: value})[target]
            assert np.allclose(posterior.to_array(), expected, rtol=1e-10, atol=1e-15)
            assert product.query(f"p({target} | {name}={value})").equals(got, atol=1e-12)


def test_factorize_with_a_structure_on_a_stored_order_table():
    array, states, table, product = stored_joint(seed=6)
    names = list(table.variables)
    f = product.factorize("p(d)p(a|d)p(b|a,d)p(c|b)p(e|c,a)")
    for term in f.terms:
        keep = set(term.head) | set(term.given)
        part_names = [v for v in names if v in keep]
        part = array.sum(axis=tuple(i for i, v in enumerate(names) if v not in keep))
        den = part.sum(axis=tuple(i for i, v in enumerate(part_names) if v in term.head), keepdims=True)
        assert_rows(rows(term.table, part_names), dict_of(part / den, part_names, states))
    assert product.satisfies("p(a)p(b|a)p(c|a,b)p(d|a,b,c)p(e|a,b,c,d)")


def test_pickle_copy_repr_and_equality_of_stored_order_tables():
    array, states, table, product = stored_joint(seed=8)
    rebuilt = pt.Table(
        chained(table, ["d", "b", "e", "a", "c"]).frame
    )  # an equal table, in variable order
    pairs = [
        (product.condition("a"), rebuilt.condition("a")),
        (product.condition(d="s1"), rebuilt.condition(d="s1")),
        (product, rebuilt),
    ]
    for derived, reference in pairs:
        assert (
            stored_order(derived) != derived.variables and stored_order(reference) == reference.variables
        )
    for derived, reference in pairs:
        for restored in (pickle.loads(pickle.dumps(derived)), copy.deepcopy(derived)):
            assert restored.equals(reference, atol=1e-15)
            assert restored.variables == reference.variables
        assert repr(derived) == repr(reference)
        assert derived._repr_html_() == reference._repr_html_()
        if not derived.given:
            assert derived.sample(30, seed=4).equals(reference.sample(30, seed=4))


def test_a_marginal_can_be_pickled():
    # a marginal remembers its source by a weak reference (for the chain rule's trusted division)
    array, states, table, product = stored_joint(seed=9)
    marginal = product.marginal("a", "b")
    restored = pickle.loads(pickle.dumps(marginal))
    assert np.allclose(restored.to_array(["a", "b"]), array.sum(axis=(2, 3, 4)), rtol=1e-12)


def test_a_chain_factorization_can_be_pickled():
    array, states, table, product = stored_joint(seed=10)
    f = product.chain_factorize(["a", "b", "c", "d", "e"])
    restored = pickle.loads(pickle.dumps(f))
    assert np.allclose(restored.joint().to_array(list(table.variables)), array, rtol=1e-12)


def test_the_marginal_of_a_stored_order_table_after_its_source_was_read():
    # the marginal is stored in its source's order; reading the source afterwards copies it into
    # variable order, and division by the (trusted) marginal must still match the axes by name
    array, states, table, product = stored_joint(seed=11)
    names = list(table.variables)
    marginal = product.marginal("e", "a")
    assert stored_order(marginal) != marginal.variables
    assert len(product.frame) == array.size  # the source now holds its array in variable order
    assert stored_order(product) == product.variables
    got = product / marginal
    expected = array / array.sum(axis=(1, 2, 3), keepdims=True)
    assert np.allclose(got.to_array(names), expected, rtol=1e-12)
    assert len(marginal.frame) == 6  # and the marginal too
    assert np.allclose((product / marginal).to_array(names), expected, rtol=1e-12)
    f = product.chain_factorize(["c", "a", ("e", "b"), "d"])
    assert np.allclose(f.joint().to_array(names), array, rtol=1e-12)


def test_nothing_an_operation_reads_is_modified():
    array, states, table, product = stored_joint(seed=12)
    tables = [product, product.condition("a"), product.marginal("b", "c"), table]
    stores = [(t._store[0].copy(), t._store[1]) for t in tables]
    snaps = [snapshot(t) for t in tables]
    # every rule, on every pair where it applies
    product / product.marginal("b", "c")
    product.marginal("a") * product.condition("a")
    product.condition("a") * product.marginal("a")
    product.condition(b="s1").condition("a")
    product.condition(b=["s1", "s0"]).marginal("a", "b")
    product.chain_factorize(["e", "a", "b", "c", "d"]).joint()
    product.p(a=1, b=["s0", "s2"])
    product.to_array(["e", "d", "c", "b", "a"])
    product.entropy()
    product.mutual_information("a", "b")
    for t, (stored, physical), snap in zip(tables, stores, snaps):
        # the stored numbers are the same (the first read may copy them into variable order)
        now, now_physical = t._store
        names = physical or t.variables
        now_names = now_physical or t.variables
        assert np.array_equal(now.transpose([now_names.index(v) for v in names]), stored)
        assert_same_snapshot(t, snap)
