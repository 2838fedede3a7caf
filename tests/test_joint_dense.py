"""``Factorization.joint()`` on dense tables (one pass) against the pairwise products it replaces."""

from __future__ import annotations

from functools import reduce

import numpy as np
import pytest

import probtables as pt
from probtables import _kernels


def random_conditional(rng, head, given, cards):
    """A random table p(head | given) with its variables in a shuffled order."""
    names = list(head) + list(given)
    order = [names[i] for i in rng.permutation(len(names))]
    array = rng.random([cards[v] for v in order]) + 0.05
    head_axes = tuple(i for i, v in enumerate(order) if v in head)
    array /= array.sum(axis=head_axes, keepdims=True)
    return pt.Table.from_array(
        array, states={v: list(range(cards[v])) for v in order}, given=list(given)
    )


def random_factorization(rng, n_vars, n_free):
    names = [f"v{i}" for i in range(n_vars)]
    free = [f"f{i}" for i in range(n_free)]
    cards = {v: int(rng.integers(2, 4)) for v in names + free}
    terms = []
    for k, name in enumerate(names):
        pool = names[:k] + free
        size = int(rng.integers(0, min(3, len(pool)) + 1))
        given = [pool[i] for i in rng.choice(len(pool), size=size, replace=False)] if size else []
        terms.append(pt.Term((name,), tuple(given), random_conditional(rng, [name], given, cards)))
    shuffled = [terms[i] for i in rng.permutation(len(terms))]  # joint() multiplies in topological order
    return pt.Factorization(shuffled)


def pairwise(factorization):
    """The old route: the terms' tables multiplied two at a time in topological order."""
    order = factorization._term_order()
    return reduce(lambda a, b: a * b, [factorization.terms[i].table for i in order])


@pytest.mark.parametrize("seed", range(12))
def test_one_pass_joint_is_the_pairwise_product(seed):
    rng = np.random.default_rng(seed)
    f = random_factorization(rng, n_vars=int(rng.integers(2, 7)), n_free=int(rng.integers(0, 3)))
    fast, slow = f.joint(), pairwise(f)
    assert fast.variables == slow.variables
    assert fast.given == slow.given
    assert fast.states == slow.states
    assert fast.evidence == slow.evidence == {}
    assert np.array_equal(fast.to_array(), slow.to_array())  # the same roundings, bit for bit


def test_chain_rule_of_many_binary_variables_round_trips():
    rng = np.random.default_rng(3)
    names = [f"w{i}" for i in range(12)]
    array = rng.random((2,) * 12)
    array /= array.sum()
    table = pt.Table.from_array(array, states={n: [0, 1] for n in names})
    chain = [names[i] for i in rng.permutation(12)]
    f = table.chain_factorize(chain)
    joint = f.joint()
    assert joint.variables == tuple(chain)
    assert np.array_equal(joint.to_array(), pairwise(f).to_array())
    assert np.allclose(joint.to_array(names), array, rtol=1e-12, atol=0)  # the chain rule holds


def test_transposed_matches_numpy_on_many_short_axes():
    rng = np.random.default_rng(0)
    array = rng.random((2, 3) + (2,) * 10)
    axes = [int(i) for i in rng.permutation(12)]
    expected = np.ascontiguousarray(array.transpose(axes))
    got = _kernels.transposed(array, axes)
    assert got.flags.c_contiguous and np.array_equal(got, expected)


def test_chain_product_works_in_the_largest_factors_order_and_matches_a_broadcast_product():
    rng = np.random.default_rng(1)
    left = rng.random((2, 3, 2))  # axes (a, b, c)
    right = rng.random((2, 2, 3, 2, 2))  # axes (d, c, b, a, e): the largest, so the result's order
    got, axes = _kernels.chain_product([left, right], [("a", "b", "c"), ("d", "c", "b", "a", "e")])
    assert axes == ("d", "c", "b", "a", "e")
    expected = left.transpose(2, 1, 0)[None, :, :, :, None] * right
    assert got.flags.c_contiguous and np.array_equal(got, expected)
    # a new axis of a smaller factor comes after the largest factor's axes
    got, axes = _kernels.chain_product(
        [right, rng.random((2, 4))], [("d", "c", "b", "a", "e"), ("e", "f")]
    )
    assert axes == ("d", "c", "b", "a", "e", "f") and got.shape == (2, 2, 3, 2, 2, 4)


@pytest.mark.parametrize(
    "small_names",
    [("a", "c"), ("c", "a"), ("a", "e"), ("b",), ()],
    ids=["in order", "another order", "a new axis", "one axis", "a scalar"],
)
def test_pair_product_matches_a_broadcast_product(small_names):
    rng = np.random.default_rng(2)
    cards = {"a": 2, "b": 3, "c": 4, "e": 2}
    big = rng.random((2, 3, 4))  # axes (a, b, c)
    small = rng.random([cards[n] for n in small_names])
    got, axes = _kernels.pair_product(small, small_names, big, ("a", "b", "c"))
    assert axes[:3] == ("a", "b", "c") and set(axes) == {"a", "b", "c", *small_names}
    index = {n: i for i, n in enumerate(axes)}
    big_view = big.reshape(big.shape + (1,) * (len(axes) - 3))
    small_view = np.moveaxis(
        small.reshape(small.shape + (1,) * (len(axes) - small.ndim)),
        list(range(len(small_names))),
        [index[n] for n in small_names],
    )
    assert got.flags.c_contiguous and np.array_equal(got, big_view * small_view)


def test_products_of_a_joint_and_a_conditional_in_either_order():
    y = pt.Table.from_dict({0: 0.4, 1: 0.6}, variables="y")
    x_given_y = pt.Table.from_array(
        [[0.9, 0.1], [0.2, 0.8]], states={"y": [0, 1], "x": [0, 1]}, given="y"
    )
    first, second = x_given_y * y, y * x_given_y
    assert first.variables == ("x", "y") and second.variables == ("y", "x")
    by_hand = {(0, 0): 0.4 * 0.9, (1, 0): 0.4 * 0.1, (0, 1): 0.6 * 0.2, (1, 1): 0.6 * 0.8}
    for (x, y_value), p in by_hand.items():
        assert first.p(x=x, y=y_value) == pytest.approx(p) == second.p(x=x, y=y_value)
    with pytest.raises(pt.errors.OverlappingHeadsError):
        y * y
    reordered = pt.Table.from_dict({1: 0.6, 0: 0.4}, variables="y", states={"y": [1, 0]})
    assert (x_given_y * reordered).equals(first)  # states in another order are aligned
