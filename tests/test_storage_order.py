"""Dense tables stored with their axes in another order than their variables (``Table._p``).

The sum, product and quotient rules keep the axis order of their operands, so a
product in a chain order holds its array in the original table's order. Every
public read must be that of the same table stored in variable order: each test
compares a table with a stored order against one rebuilt from its frame, which
``Table(frame)`` lays out afresh in variable order, and against numpy directly.
"""

from __future__ import annotations

import pickle
from functools import reduce

import numpy as np
import pytest

import probtables as pt

CARDS = {"a": 2, "b": 3, "c": 2, "d": 4, "e": 3}


@pytest.fixture(scope="module")
def joint_array():
    rng = np.random.default_rng(7)
    array = rng.random([CARDS[v] for v in CARDS]) + 0.01
    return array / array.sum()


def chain_product(array, order):
    """The chain rule in ``order``, multiplied back: a joint whose variables are in ``order``."""
    table = pt.Table.from_array(array, states={v: list(range(n)) for v, n in CARDS.items()})
    factors = [term.table for term in table.chain_factorize(order).terms]
    return reduce(lambda x, y: x * y, factors), table


def stored_order(table):
    """The storage order of a dense table (its variables' order when it has none of its own)."""
    return table._store[1] or table.variables


@pytest.fixture(scope="module")
def product(joint_array):
    joint, _ = chain_product(joint_array, ["d", "b", "e", "a", "c"])
    return joint


@pytest.fixture(scope="module")
def rebuilt(product):
    return pt.Table(product.frame)


def test_a_chain_product_keeps_the_original_order_in_storage(product):
    assert product.variables == ("d", "b", "e", "a", "c")
    assert stored_order(product) == ("a", "b", "c", "d", "e")


def test_the_array_in_any_order_is_numpys_transpose(product, joint_array):
    for order in (None, ["a", "b", "c", "d", "e"], ["e", "c", "a", "d", "b"]):
        got = product.to_array(order)
        names = list(product.variables) if order is None else order
        expected = joint_array.transpose(["abcde".index(v) for v in names])
        assert got.shape == expected.shape and np.allclose(got, expected, rtol=1e-12, atol=0)
        got[(0,) * got.ndim] = -1.0  # a copy the caller owns: the table is unchanged
    assert product.to_array().min() >= 0


def test_reads_match_the_table_rebuilt_in_variable_order(product, rebuilt):
    assert product.variables == rebuilt.variables
    assert np.array_equal(product.to_array(), rebuilt.to_array())
    assert product.frame.equals(rebuilt.frame)
    assert product.to_series().equals(rebuilt.to_series())
    assert repr(product) == repr(rebuilt)
    assert product.equals(rebuilt, atol=0)
    assert product.p(d=3, a=1) == rebuilt.p(d=3, a=1)
    assert product.p(b=[0, 2], e=1) == rebuilt.p(b=[0, 2], e=1)
    assert product.sample(50, seed=3).equals(rebuilt.sample(50, seed=3))


def test_rules_on_a_stored_order_agree_with_numpy(product, joint_array):
    a = joint_array
    marginal = product.marginal("e", "b")
    assert marginal.variables == ("b", "e")
    assert np.allclose(marginal.to_array(["b", "e"]), a.sum(axis=(0, 2, 3)), rtol=1e-12, atol=0)
    conditional = product.condition("a", "d")
    expected = a / a.sum(axis=(1, 2, 4), keepdims=True)
    assert np.allclose(conditional.to_array(list("abcde")), expected, rtol=1e-12, atol=0)
    sliced = product.condition(c=1, d=2)
    expected = a[:, :, 1, 2, :] / a[:, :, 1, 2, :].sum()
    assert sliced.variables == ("b", "e", "a")
    assert np.allclose(sliced.to_array(["a", "b", "e"]), expected, rtol=1e-12, atol=0)
    event = product.condition(d=[0, 3])
    kept = a[:, :, :, [0, 3], :]
    expected = np.zeros_like(a)
    expected[:, :, :, [0, 3], :] = kept / kept.sum()
    assert np.allclose(event.to_array(list("abcde")), expected, rtol=1e-12, atol=0)


def test_a_product_of_stored_orders_and_its_quotient_round_trip(product, joint_array):
    prior = product.marginal("c")
    conditional = product / prior  # p(d, b, e, a | c)
    assert conditional.given == ("c",)
    back = conditional * prior
    assert back.equals(product, atol=1e-15)
    assert np.allclose(back.to_array(list("abcde")), joint_array, rtol=1e-12, atol=0)


def test_pickle_and_entropy_read_the_same_values(product, rebuilt, joint_array):
    restored = pickle.loads(pickle.dumps(product))
    assert np.array_equal(restored.to_array(), rebuilt.to_array())
    by_hand = -float(np.sum(joint_array * np.log2(joint_array)))
    assert product.entropy(base=2) == pytest.approx(by_hand, rel=1e-12)
    assert product.entropy() == pytest.approx(rebuilt.entropy(), rel=1e-14)


def test_every_chain_order_multiplies_back_to_the_joint(joint_array):
    rng = np.random.default_rng(0)
    for _ in range(10):
        order = [str(v) for v in rng.permutation(list(CARDS))]
        joint, table = chain_product(joint_array, order)
        assert joint.variables == tuple(order)
        assert joint.equals(table, atol=1e-15)
        f = table.chain_factorize(order)
        assert np.array_equal(f.joint().to_array(list(CARDS)), joint.to_array(list(CARDS)))


def test_division_by_a_marginal_with_zeros_leaves_those_assignments_out():
    # p(x, y) with p(y=1) = 0: the chain rule p(y) p(x | y) has p(x | y=1) undefined, not NaN
    array = np.array([[0.3, 0.0], [0.7, 0.0]])  # axes (x, y)
    table = pt.Table.from_array(array, states={"x": [0, 1], "y": [0, 1]})
    prior = table.marginalize("x")
    conditional = table / prior
    assert conditional.undefined_count == 1 and len(conditional) == 2
    assert conditional.p(x=0, y=0) == pytest.approx(0.3)
    f = table.chain_factorize(["y", "x"])
    assert f.terms[1].table.equals(conditional, atol=0)
    assert f.joint().p(x=1, y=0) == pytest.approx(0.7)


def test_a_marginal_of_a_positive_table_divides_like_a_checked_one(joint_array):
    # the quotient by a marginal known positive (no minimum taken) equals the quotient checked from scratch
    table = pt.Table.from_array(joint_array, states={v: list(range(n)) for v, n in CARDS.items()})
    marginal = table.marginal("a", "c")
    unrelated = pt.Table.from_array(  # the same numbers, not known to be a marginal of ``table``
        marginal.to_array(), states={"a": [0, 1], "c": [0, 1]}
    )
    assert np.array_equal((table / marginal).to_array(), (table / unrelated).to_array())
    expected = joint_array / joint_array.sum(axis=(1, 3, 4), keepdims=True)
    assert np.allclose((table / marginal).to_array(), expected, rtol=1e-12, atol=0)


def test_a_pickled_marginal_is_read_only_and_forgets_its_source(product):
    marginal = product.marginal("a", "b")  # remembers its source weakly, for the chain rule's division
    restored = pickle.loads(pickle.dumps(marginal))
    assert restored.equals(marginal, atol=0) and restored.variables == marginal.variables
    assert not restored._stored.flags.writeable
    assert not restored._is_marginal_of(product)  # so its quotients are checked again
    assert (product / restored).equals(product / marginal, atol=1e-15)


def test_joint_after_a_term_table_was_read_in_variable_order(joint_array):
    # the terms of a stored-order table are stored in its order; reading one copies it into variable
    # order, and joint() (which remembers how to multiply the stored arrays) must notice
    fresh, _ = chain_product(joint_array, ["d", "b", "e", "a", "c"])
    f = fresh.chain_factorize(["c", "e", "a", "d", "b"])
    tables = [term.table for term in f.terms]
    assert any(table._store[1] is not None for table in tables)
    first = f.joint()
    for table in tables:
        table.frame  # noqa: B018 - read in variable order
    assert all(table._store[1] is None for table in tables)
    again = f.joint()
    assert np.array_equal(again.to_array(list(CARDS)), first.to_array(list(CARDS)))
    assert np.allclose(again.to_array(list(CARDS)), joint_array, rtol=1e-12, atol=0)


@pytest.mark.parametrize("stored", [False, True], ids=["variable order", "stored order"])
def test_chain_rule_terms_are_the_conditionals_by_another_route(joint_array, stored):
    # each term p(g_k | g_1..g_k-1) equals the marginal conditioned by condition() (sums, then a
    # normalization), a route that shares no code with the chain rule's quotients
    table = pt.Table.from_array(joint_array, states={v: list(range(n)) for v, n in CARDS.items()})
    if stored:
        table, _ = chain_product(joint_array, ["d", "b", "e", "a", "c"])
    groups = ["e", ("c", "a"), "d", "b"]
    f = table.chain_factorize(groups)
    seen: list[str] = []
    for term, group in zip(f.terms, groups):
        names = [group] if isinstance(group, str) else list(group)
        expected = table.marginal(*seen, *names)
        expected = expected.condition(*seen) if seen else expected
        assert term.table.given == expected.given and set(term.table.head) == set(names)
        assert term.table.equals(expected, atol=1e-15)
        seen.extend(names)
    assert f.joint().equals(table, atol=1e-15)
