"""The dense kernels (:func:`probtables._kernels.sum_to`, :func:`divide_by`) and the table
operations built on them, against simple references: ``np.sum`` over axes, broadcasting,
and pandas ``groupby`` over the table's rows, on random shapes and axis patterns (binary
and non-binary cardinalities, joint and conditional tables, small and large arrays, so
that every strategy runs)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

import probtables as pt
from probtables import _kernels as K  # noqa: N812 - short in the many kernel calls below


def random_patterns(seed: int, count: int, max_axes: int, max_card: int, min_cells: int = 1):
    """Random shapes (cards 1..max_card) and keep masks."""
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < count:
        ndim = int(rng.integers(1, max_axes + 1))
        shape = tuple(int(c) for c in rng.integers(1, max_card + 1, ndim))
        if np.prod(shape) < min_cells:
            continue
        keep = tuple(bool(k) for k in rng.integers(0, 2, ndim))
        out.append((shape, keep))
    return out


@pytest.mark.parametrize(
    "shape, keep",
    random_patterns(0, 40, 7, 4)  # small arrays: numpy's own sum
    + random_patterns(1, 40, 16, 3, min_cells=1 << 13)  # large arrays: the shape strategies
    + [((2,) * 14, tuple(i % 3 == 0 for i in range(14))), ((3, 1, 5, 2, 7, 2, 2, 2), (True,) * 8)],
)
def test_sum_to_equals_numpy_sum(shape, keep):
    rng = np.random.default_rng(len(shape))
    array = rng.random(shape)
    expected = array.sum(axis=tuple(i for i, k in enumerate(keep) if not k))
    got = K.sum_to(array, keep)
    assert got.shape == np.shape(expected)
    assert got.flags.c_contiguous
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("states", [2, 3, 5, 16, 17])
@pytest.mark.parametrize("after", [(), (3,), (4, 25)], ids=["last", "short run", "long run"])
def test_sum_to_one_variable_as_slices_or_numpy_matches_numpy(states, after):
    # one summed variable: added as slices (few states, or a short run after it) or by numpy
    rng = np.random.default_rng(states)
    shape = (7, states, *after)
    array = rng.random(shape)
    keep = (True, False) + (True,) * len(after)
    got = K.sum_to(array, keep)
    assert got.flags.c_contiguous and got.flags.writeable and not np.shares_memory(got, array)
    np.testing.assert_allclose(got, array.sum(axis=1), rtol=1e-13, atol=0)


@pytest.mark.parametrize(
    "shape, keep",
    [
        ((2,) * 16, tuple(i in (0, 1) for i in range(16))),  # a summed block at the back
        ((2,) * 16, tuple(i >= 3 for i in range(16))),  # a summed block in front
        ((2,) * 16, tuple(i != 15 for i in range(16))),  # one binary variable at the end: strided slices
        ((2,) * 16, tuple(i != 7 for i in range(16))),  # one in the middle
        ((2,) * 16, tuple(i < 10 for i in range(16))),  # kept block long, summed block short
        ((2,) * 16, tuple(i in (1, 4, 8, 13) for i in range(16))),  # scattered, few kept: rows
        ((2,) * 16, tuple(i not in (1, 4, 8, 13) for i in range(16))),  # scattered, many kept: columns
        ((3, 4, 5, 6, 7, 8), (False, True, False, True, False, True)),  # non-binary, alternating
        ((1, 1, 1), (False, False, False)),  # nothing but length-1 axes
    ],
)
def test_sum_to_each_strategy(shape, keep):
    array = np.random.default_rng(7).random(shape)
    expected = array.sum(axis=tuple(i for i, k in enumerate(keep) if not k))
    np.testing.assert_allclose(K.sum_to(array, keep), expected, rtol=1e-12, atol=0)


def test_sum_to_does_not_modify_or_keep_a_view_of_its_input():
    array = np.random.default_rng(1).random((2,) * 14)
    before = array.copy()
    out = K.sum_to(array, tuple(i % 2 == 0 for i in range(14)))
    out += 1.0
    np.testing.assert_array_equal(array, before)


@pytest.mark.parametrize(
    "shape, keep", random_patterns(2, 30, 8, 4) + random_patterns(3, 20, 14, 3, 1 << 13)
)
def test_divide_by_equals_broadcast_division(shape, keep):
    rng = np.random.default_rng(3)
    array = rng.random(shape)
    denominator = rng.random(tuple(n for n, k in zip(shape, keep) if k)) + 0.5
    expected = array / denominator.reshape([n if k else 1 for n, k in zip(shape, keep)])
    got = K.divide_by(array, keep, denominator)
    assert got.shape == shape
    np.testing.assert_allclose(got, expected, rtol=1e-15, atol=0)


def test_merged_axes():
    assert K.merged_axes((2, 3, 1, 4, 5), (True, True, False, False, True)) == (
        [6, 4, 5],
        [True, False, True],
    )
    assert K.merged_axes((1, 1), (True, False)) == ([], [])


# ---------------------------------------------------------------- tables against pandas groupby


def random_table(seed: int, cards, given_count: int = 0) -> tuple[pt.Table, pd.DataFrame]:
    """A dense random table (joint, or conditional on its last ``given_count`` variables) and its frame."""
    rng = np.random.default_rng(seed)
    names = [f"v{i}" for i in range(len(cards))]
    array = rng.random(cards)
    given = names[len(names) - given_count :]
    head_axes = tuple(range(len(names) - given_count))
    array /= array.sum(axis=head_axes, keepdims=True)
    table = pt.Table.from_array(
        array, states={n: list(range(c)) for n, c in zip(names, cards)}, given=given
    )
    rows = list(itertools.product(*[range(c) for c in cards]))
    frame = pd.DataFrame(rows, columns=names)
    frame["p"] = array.reshape(-1)
    return table, frame


def groupby_sum(frame: pd.DataFrame, keep) -> pd.Series:
    return frame.groupby(list(keep))["p"].sum()


def as_series(table: pt.Table, order) -> pd.Series:
    frame = table.frame
    frame = frame.astype({v: "int64" for v in order})
    return frame.set_index(list(order))["p"].sort_index()


CARD_CASES = [
    (2,) * 14,  # large enough for the shape strategies
    (3, 2, 4, 2, 3, 2, 2, 3, 2, 2),  # non-binary, 20,736 cells
    (5, 1, 3, 4),  # small, with a single-state variable
]


@pytest.mark.parametrize("cards", CARD_CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_marginal_at_random_positions_matches_groupby(cards, seed):
    table, frame = random_table(seed, cards)
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, len(cards)))
    keep = sorted(rng.choice(table.variables, size=k, replace=False), key=table.variables.index)
    expected = groupby_sum(frame, keep)
    got = as_series(table.marginal(*keep), keep)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("cards", CARD_CASES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_condition_on_variables_at_random_positions_matches_groupby(cards, seed):
    table, frame = random_table(seed, cards)
    rng = np.random.default_rng(seed + 10)
    k = int(rng.integers(1, len(cards)))
    given = sorted(rng.choice(table.variables, size=k, replace=False), key=table.variables.index)
    totals = frame.groupby(given)["p"].transform("sum")
    expected = frame.assign(p=frame["p"] / totals).set_index(list(table.variables))["p"].sort_index()
    got = as_series(table.condition(*given), table.variables)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("cards", CARD_CASES)
def test_marginal_of_a_conditional_table_matches_groupby(cards):
    table, frame = random_table(5, cards, given_count=2)
    head = table.head
    keep = [head[0], head[-1]] if len(head) > 1 else [head[0]]
    expected = groupby_sum(frame, keep + list(table.given))
    got = as_series(table.marginal(*keep), [v for v in table.variables if v in keep or v in table.given])
    np.testing.assert_allclose(
        got.reorder_levels(keep + list(table.given)).sort_index().to_numpy(),
        expected.to_numpy(),
        rtol=1e-12,
    )


@pytest.mark.parametrize("cards", CARD_CASES)
def test_division_by_a_marginal_is_the_conditional(cards):
    table, _ = random_table(3, cards)
    rng = np.random.default_rng(4)
    k = int(rng.integers(1, len(cards)))
    kept = sorted(rng.choice(table.variables, size=k, replace=False), key=table.variables.index)
    marginal = table.marginal(*kept)
    assert marginal._is_marginal_of(table)
    quotient = table / marginal
    assert quotient.equals(table.condition(*kept), atol=1e-12)
    # the same numbers in a new table (no known origin) are checked and give the same result
    copy = pt.Table.from_array(marginal.to_array(), states=marginal.states)
    assert not copy._is_marginal_of(table)
    assert (table / copy).equals(quotient, atol=1e-15)


def test_division_by_a_table_that_is_not_the_marginal_is_still_refused():
    table, _ = random_table(0, (2, 2, 2))
    other, _ = random_table(1, (2, 2, 2))
    with pytest.raises(pt.errors.NotAConditionalError, match="not a conditional"):
        table / other.marginal("v0")


@pytest.mark.parametrize("seed", [0, 1])
def test_chain_rule_in_random_order_multiplies_back(seed):
    table, _ = random_table(seed, (2, 3, 2, 2, 4, 2, 2, 2, 2, 2, 2, 2))
    order = list(np.random.default_rng(seed).permutation(table.variables))
    marginals = [table]
    for name in reversed(order[1:]):
        marginals.append(marginals[-1].marginalize(name))
    marginals.reverse()
    factors = [marginals[0]] + [marginals[k] / marginals[k - 1] for k in range(1, len(order))]
    product = factors[0]
    for factor in factors[1:]:
        product = product * factor
    assert product.equals(table, atol=1e-12)
    assert table.chain_factorize(order).joint().equals(table, atol=1e-12)


def test_p_over_a_million_states_sums_to_one_within_one_rounding():
    rng = np.random.default_rng(11)
    weights = rng.random(1_000_000)
    table = pt.Table.from_array(weights / weights.sum(), states={"x": range(1_000_000)})
    total = table.p(x=range(1_000_000))
    # p() is the correctly rounded sum of the stored values (math.fsum over them, computed apart);
    # how close that is to 1 depends on how numpy rounded W = sum(w) (pairwise, by version): a few ulps
    stored = table.to_array().tolist()
    assert total == math.fsum(stored)
    assert abs(total - 1.0) <= 8 * 2**-53
    assert table.p(x=range(500_000)) == pytest.approx(
        float(np.sum(table.to_array()[:500_000])), abs=1e-12
    )
