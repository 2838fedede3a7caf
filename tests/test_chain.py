"""Tests of the chain rule on tables: chain_factorize, factorize, satisfies, independent.

Every term is compared with the conditional computed by brute force
(:class:`strategies.Ref`, loops over a dict of full assignments).
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest
from strategies import Ref, assert_matches

import probtables as pt
from probtables.errors import StructureError

STATES = {"w": [0, 1], "x": ["a", "b", "c"], "y": [0, 1], "z": ["lo", "hi"]}
NAMES = tuple(STATES)


def _joint_array() -> np.ndarray:
    rng = np.random.default_rng(31337)
    array = rng.random((2, 3, 2, 2)) + 0.05
    array[1, 2, :, :] = 0.0  # (w=1, x=c) has probability 0
    array[0, 1, 0, 1] = 0.0
    return array / array.sum()


@pytest.fixture(params=["dense", "sparse"])
def case(request):
    array = _joint_array()
    ref = Ref.from_array(array, STATES)
    if request.param == "dense":
        return pt.Table.from_array(array, states=STATES), ref
    rows = [dict(zip(NAMES, a), p=p) for a, p in ref.probs.items() if p > 0]
    frame = pd.DataFrame(rows).sample(frac=1.0, random_state=1)
    return pt.Table(frame, states=STATES), ref


# the orders the notes write for p(w, x, y, z), and how each must print
NOTES_ORDERS = [
    (["x", "w", "z", "y"], "p(x)p(w | x)p(z | x, w)p(y | x, w, z)"),
    ([("w", "x"), ("y", "z")], "p(w, x)p(y, z | w, x)"),
    ([("y", "z"), ("w", "x")], "p(y, z)p(w, x | y, z)"),
    (["x", "w", ("y", "z")], "p(x)p(w | x)p(y, z | x, w)"),
    (["x", ("w", "y", "z")], "p(x)p(w, y, z | x)"),
    ([("w", "z"), "y", "x"], "p(w, z)p(y | w, z)p(x | w, z, y)"),
    (["w", "x", "y", "z"], "p(w)p(x | w)p(y | w, x)p(z | w, x, y)"),
]


@pytest.mark.parametrize("order, text", NOTES_ORDERS, ids=[t for _, t in NOTES_ORDERS])
def test_chain_factorize_orders_of_the_notes(case, order, text):
    table, ref = case
    f = table.chain_factorize(order)
    assert str(f) == text
    assert f.has_tables
    prefix: list[str] = []
    for term, group in zip(f.terms, order):
        group = (group,) if isinstance(group, str) else tuple(group)
        assert term.head == group and term.given == tuple(prefix)
        expected = ref.conditional(group, tuple(prefix))
        assert_matches(term.table, expected, group + tuple(prefix), atol=1e-13)
        prefix.extend(group)
    assert f.joint().equals(table, atol=1e-14)


def test_chain_factorize_every_permutation(case):
    table, ref = case
    for order in itertools.permutations(NAMES):
        f = table.chain_factorize(list(order))
        assert f.joint().equals(table, atol=1e-14), order
        last = f.terms[-1]
        assert_matches(
            last.table, ref.conditional(order[-1:], order[:-1]), order[-1:] + order[:-1], atol=1e-13
        )


def test_chain_factorize_a_conditional_table(case):
    table, ref = case
    cond = table.condition("z")  # p(w, x, y | z)
    f = cond.chain_factorize(["y", ("w", "x")])
    assert str(f) == "p(y | z)p(w, x | y, z)"
    assert_matches(f.terms[0].table, ref.conditional(("y",), ("z",)), ("y", "z"), atol=1e-13)
    assert_matches(
        f.terms[1].table, ref.conditional(("w", "x"), ("y", "z")), ("w", "x", "y", "z"), atol=1e-13
    )
    assert f.joint().equals(cond, atol=1e-14)


def test_chain_factorize_errors():
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1], "z": [0, 1]}, given="z")
    with pytest.raises(
        StructureError,
        match=re.escape(
            "chain_factorize(): the order must name every head variable of p(x, y | z) once; missing ('y',)."
        ),
    ):
        t.chain_factorize(["x"])
    with pytest.raises(
        StructureError,
        match=re.escape(
            "chain_factorize(): 'z' is behind the bar of p(x, y | z); order only the head variables "
            "(the given ones stay behind every bar)."
        ),
    ):
        t.chain_factorize(["x", "y", "z"])
    with pytest.raises(
        StructureError,
        match=re.escape("chain_factorize(): 'x' appears twice in the order ['x', ('x', 'y')]."),
    ):
        t.chain_factorize(["x", ("x", "y")])


# =========================================================================== factorize and satisfies


def _collider(seed: int = 0) -> tuple[pt.Table, np.ndarray, np.ndarray, np.ndarray]:
    """p(z)p(y)p(x | y, z) built by hand from random numbers: y ⊥ z, but not given x."""
    rng = np.random.default_rng(seed)
    pz = rng.random(2) + 0.1
    pz /= pz.sum()
    py = rng.random(3) + 0.1
    py /= py.sum()
    px = rng.random((3, 2, 2)) + 0.1  # axes (y, z, x)
    px /= px.sum(axis=2, keepdims=True)
    array = np.einsum("z,y,yzx->xyz", pz, py, px)  # axes (x, y, z)
    states = {"x": [0, 1], "y": [0, 1, 2], "z": [0, 1]}
    return pt.Table.from_array(array, states=states), pz, py, px


def test_factorize_terms_are_the_tables_conditionals():
    t, pz, py, px = _collider()
    f = t.factorize("p(z)p(y)p(x|y,z)")
    assert str(f) == "p(z)p(y)p(x | y, z)"
    assert_matches(f.terms[0].table, {(z,): pz[z] for z in range(2)}, ("z",), atol=1e-14)
    assert_matches(f.terms[1].table, {(y,): py[y] for y in range(3)}, ("y",), atol=1e-14)
    expected = {(x, y, z): px[y, z, x] for x in range(2) for y in range(3) for z in range(2)}
    assert_matches(f.terms[2].table, expected, ("x", "y", "z"), atol=1e-14)
    assert f.joint().equals(t, atol=1e-14)


def test_satisfies_true_for_the_structure_it_was_built_from():
    t, *_ = _collider()
    assert t.satisfies("p(z)p(y)p(x|y,z)")
    assert t.satisfies("p(y)p(z)p(x|y,z)")
    assert t.satisfies("p(x, y, z)")  # the trivial structure always holds


def test_satisfies_false_when_the_structure_claims_too_much():
    t, *_ = _collider()
    assert not t.satisfies("p(x)p(y)p(z)")
    assert not t.satisfies("p(z)p(y | z)p(x | y)")  # claims x ⊥ z | y


def test_satisfies_on_a_dependent_table():
    t = pt.Table.from_array([[0.4, 0.1], [0.1, 0.4]], states={"y": [0, 1], "z": [0, 1]})
    assert not t.satisfies("p(y)p(z)")
    assert t.satisfies("p(z)p(y | z)")


def test_factorize_rejects_a_structure_over_other_variables():
    t, *_ = _collider()
    with pytest.raises(
        StructureError,
        match=re.escape(
            "factorize(): p(x)p(y) does not fit the table: its heads ('x', 'y') are not the head ('x', 'y', 'z') "
            "of p(x, y, z)."
        ),
    ):
        t.factorize("p(x)p(y)")


# =========================================================================== independent


def test_independent_on_a_product_table():
    # p(x, y) = p(x) p(y) by construction
    px = np.array([0.2, 0.5, 0.3])
    py = np.array([0.6, 0.4])
    t = pt.Table.from_array(np.outer(px, py), states={"x": [0, 1, 2], "y": [0, 1]})
    assert t.independent("x", "y")
    assert t.independent("y", "x")


def test_dependent_table():
    # p(y=0 | z=0) = 0.8 but p(y=0) = 0.5
    t = pt.Table.from_array([[0.4, 0.1], [0.1, 0.4]], states={"y": [0, 1], "z": [0, 1]})
    assert not t.independent("y", "z")
    assert not t.independent("y", "z", atol=0.1)  # the gap is 0.3, by hand
    assert t.independent("y", "z", atol=0.31)


def test_collider_independence():
    t, *_ = _collider()
    assert t.independent("y", "z")
    assert not t.independent("y", "z", given="x")


def test_conditional_independence_of_a_fork():
    # p(z) p(x | z) p(y | z): x ⊥ y | z, but not marginally
    pz = np.array([0.3, 0.7])
    px_z = np.array([[0.9, 0.1], [0.2, 0.8]])  # axes (z, x)
    py_z = np.array([[0.25, 0.75], [0.6, 0.4]])  # axes (z, y)
    array = np.einsum("z,zx,zy->xyz", pz, px_z, py_z)
    t = pt.Table.from_array(array, states={"x": [0, 1], "y": [0, 1], "z": [0, 1]})
    assert t.independent("x", "y", given="z")
    assert not t.independent("x", "y")
    # on the conditional table p(x, y | z) the given variable is always conditioned on
    assert t.condition("z").independent("x", "y")
    # sets of variables on a side
    assert not t.independent(["x", "z"], "y")


def test_independent_with_zero_probability_conditioning_assignment():
    # z=1 never occurs; given z=0, x and y are independent
    array = np.zeros((2, 2, 2))
    array[:, :, 0] = np.outer([0.3, 0.7], [0.5, 0.5])
    t = pt.Table.from_array(array, states={"x": [0, 1], "y": [0, 1], "z": [0, 1]})
    assert t.independent("x", "y", given="z")


def test_factorizing_a_table_with_evidence_says_what_to_do():
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1], "z": [0, 1]}).condition(y=0)
    message = (
        "{op}(): p(x, z | y=0) fixes evidence on ('y',), which the terms of a factorization cannot carry; "
        "keep 'y' behind the bar as a variable instead (condition('y') rather than condition(y=...)) and "
        "factorize that table."
    )
    with pytest.raises(
        StructureError, match="^" + re.escape(message.format(op="chain_factorize")) + "$"
    ):
        t.chain_factorize(["x", "z"])
    with pytest.raises(StructureError, match="^" + re.escape(message.format(op="factorize")) + "$"):
        t.satisfies("p(x)p(z)")
    # the suggested route works: p(x, z | y) = p(x | y) p(z | x, y)
    f = (
        pt.Table.uniform({"x": [0, 1], "y": [0, 1], "z": [0, 1]})
        .condition("y")
        .chain_factorize(["x", "z"])
    )
    assert str(f) == "p(x | y)p(z | x, y)"
