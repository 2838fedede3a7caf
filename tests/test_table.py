"""Tests of probtables.Table: constructors, the sum rule, conditioning, the chain rule, views, errors.

Expected values are derived independently of the implementation: by hand (in a
comment) or by brute force over the joint with :class:`strategies.Ref`, which
loops over a plain dict of full assignments.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from math import sqrt

import numpy as np
import pandas as pd
import pytest
from strategies import Ref, assert_matches, assert_unchanged, snapshot, table_dict

import probtables as pt
from probtables.errors import (
    ConditionalMarginalizationError,
    ConditioningCycleError,
    DuplicateAssignmentError,
    EmptyTableError,
    InvalidProbabilityError,
    MissingValueError,
    NormalizationError,
    NotAConditionalError,
    OverlappingHeadsError,
    StateMismatchError,
    UnknownStateError,
    UnknownVariableError,
    VariableNameError,
    ZeroProbabilityError,
)

STATES = {"w": [0, 1], "x": ["a", "b", "c"], "y": [0, 1], "z": ["lo", "hi"]}
NAMES = tuple(STATES)


def _joint_array() -> np.ndarray:
    """A random p(w, x, y, z) with zeros: x='c' never occurs with w=1, and one more zero cell."""
    rng = np.random.default_rng(20240607)
    array = rng.random((2, 3, 2, 2)) + 0.05
    array[1, 2, :, :] = 0.0  # p(w=1, x=c) = 0: conditioning on (w=1, x=c) is undefined
    array[0, 0, 1, 0] = 0.0
    return array / array.sum()


@pytest.fixture(params=["dense", "sparse"])
def case(request):
    """The same joint, stored dense (from_array) and sparse (a shuffled frame of its positive rows)."""
    array = _joint_array()
    ref = Ref.from_array(array, STATES)
    if request.param == "dense":
        table = pt.Table.from_array(array, states=STATES)
    else:
        rows = [dict(zip(NAMES, a), p=p) for a, p in ref.probs.items() if p > 0]
        frame = pd.DataFrame(rows).sample(frac=1.0, random_state=3).reset_index(drop=True)
        table = pt.Table(frame, states=STATES)
        assert len(table) == len(rows) < 24
    return table, ref


def _simple() -> pt.Table:
    # p(x, y):  x\y   0    1
    #           0    0.1  0.2
    #           1    0.3  0.4
    return pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})


# =========================================================================== constructors


def test_table_from_frame_properties():
    frame = pd.DataFrame({"x": [1, 0, 1, 0], "y": ["b", "b", "a", "a"], "p": [0.4, 0.3, 0.2, 0.1]})
    t = pt.Table(frame)
    assert t.variables == ("x", "y")
    assert t.head == ("x", "y")
    assert t.given == ()
    assert t.states == {"x": (0, 1), "y": ("a", "b")}  # sorted distinct values
    assert t.notation == "p(x, y)"
    assert table_dict(t) == {(1, "b"): 0.4, (0, "b"): 0.3, (1, "a"): 0.2, (0, "a"): 0.1}
    assert list(t.frame.columns) == ["x", "y", "p"]
    assert t.p(x=1, y="a") == 0.2


def test_table_with_given():
    # p(x | z): for z=0, x is 0.25/0.75; for z=1, 0.6/0.4
    frame = pd.DataFrame({"x": [0, 1, 0, 1], "z": [0, 0, 1, 1], "p": [0.25, 0.75, 0.6, 0.4]})
    t = pt.Table(frame, given="z")
    assert (t.head, t.given, t.notation) == (("x",), ("z",), "p(x | z)")
    assert t.p(x=1, z=0) == 0.75
    assert t.p(x=0, z=1) == 0.6
    assert pt.Table(frame, given=("z",)).equals(t)


def test_frame_is_a_copy():
    t = _simple()
    frame = t.frame
    frame.loc[0, "p"] = 99.0
    frame["x"] = frame["x"].cat.rename_categories(["A", "B"])
    frame.loc[1, "p"] = -1.0
    assert t.p(x=0, y=0) == 0.1
    assert t.states == {"x": (0, 1), "y": (0, 1)}
    assert len(t.frame) == 4 and t.frame["p"].tolist() == [0.1, 0.2, 0.3, 0.4]


def test_input_frame_mutation_does_not_reach_the_table():
    frame = pd.DataFrame({"x": [0, 1], "p": [0.3, 0.7]})
    t = pt.Table(frame)
    frame.loc[0, "p"] = 0.9
    frame.loc[0, "x"] = 5
    assert t.p(x=0) == 0.3 and t.states == {"x": (0, 1)}


def test_categorical_columns_give_full_state_lists():
    frame = pd.DataFrame(
        {
            "x": pd.Categorical(["b", "a"], categories=["c", "b", "a"]),  # 'c' has no row
            "p": [0.5, 0.5],
        }
    )
    t = pt.Table(frame)
    assert t.states == {"x": ("c", "b", "a")}  # category order, not sorted
    assert t.p(x="c") == 0.0
    assert list(t.frame["x"].cat.categories) == ["c", "b", "a"]
    assert t.to_array().tolist() == [0.0, 0.5, 0.5]


@pytest.mark.parametrize("dtype", ["str", object, "category"])
def test_string_column_dtypes(dtype):
    frame = pd.DataFrame(
        {
            "x": pd.Series(["b", "a", "b", "a"], dtype=dtype),
            "y": pd.Series(["u", "u", "v", "v"], dtype=dtype),
            "p": [0.1, 0.2, 0.3, 0.4],
        }
    )
    t = pt.Table(frame)
    assert t.states == {"x": ("a", "b"), "y": ("u", "v")}
    # by hand: p(x=a) = 0.2 + 0.4, p(y=v | x=b) = 0.3 / (0.1 + 0.3)
    assert t.p(x="a") == pytest.approx(0.6, abs=1e-15)
    assert t.condition(x="b").p(y="v") == pytest.approx(0.75, abs=1e-15)


def test_object_column_of_ints():
    frame = pd.DataFrame({"x": pd.Series([1, 0], dtype=object), "p": [0.25, 0.75]})
    t = pt.Table(frame)
    assert t.states == {"x": (0, 1)}
    assert t.p(x=0) == 0.75


def test_explicit_states_add_states_without_rows():
    frame = pd.DataFrame({"x": [0, 1], "p": [0.5, 0.5]})
    t = pt.Table(frame, states={"x": [2, 1, 0]})
    assert t.states == {"x": (2, 1, 0)}
    assert t.p(x=2) == 0.0


def test_from_dict_tuple_keys_and_single_variable_keys():
    t = pt.Table.from_dict({("a", 0): 0.2, ("a", 1): 0.3, ("b", 0): 0.5}, variables=("x", "y"))
    assert t.states == {"x": ("a", "b"), "y": (0, 1)}
    assert t.p(x="b", y=1) == 0.0  # absent row
    assert t.p(y=0) == pytest.approx(0.7, abs=1e-15)
    coin = pt.Table.from_dict({"H": 0.4, "T": 0.6}, variables="c")
    assert coin.variables == ("c",) and coin.p(c="T") == 0.6
    cond = pt.Table.from_dict(
        {(0, "H"): 0.9, (0, "T"): 0.1, (1, "H"): 0.2, (1, "T"): 0.8}, variables=("b", "c"), given="b"
    )
    assert cond.notation == "p(c | b)" and cond.p(c="T", b=1) == 0.8


def test_from_dict_with_states_keeps_unused_state():
    t = pt.Table.from_dict({0: 1.0}, variables="x", states={"x": [0, 1, 2]})
    assert t.states == {"x": (0, 1, 2)}
    assert t.to_array().tolist() == [1.0, 0.0, 0.0]


def test_from_array_axis_order_is_dict_order():
    values = np.arange(1, 7, dtype=float).reshape(2, 3) / 21
    t = pt.Table.from_array(values, states={"x": ["a", "b"], "y": [10, 20, 30]})
    for i, xv in enumerate(["a", "b"]):
        for j, yv in enumerate([10, 20, 30]):
            assert t.p(x=xv, y=yv) == values[i, j]
    swapped = pt.Table.from_array(values.T, states={"y": [10, 20, 30], "x": ["a", "b"]})
    assert swapped.variables == ("y", "x")
    assert swapped.equals(t)
    assert not pt.Table.from_array(
        values.reshape(3, 2), states={"y": [10, 20, 30], "x": ["a", "b"]}
    ).equals(t)


def test_from_array_conditional_checks_each_row():
    # p(x | z): rows of axis z sum to 1
    t = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"z": [0, 1], "x": [0, 1]}, given="z")
    assert t.notation == "p(x | z)"
    assert t.p(x=1, z=1) == 0.8
    with pytest.raises(NormalizationError):
        pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"x": [0, 1], "z": [0, 1]}, given="z")


def test_from_samples_counts_match_counter():
    rng = np.random.default_rng(5)
    data = pd.DataFrame(
        {"x": rng.choice(["a", "b", "c"], 200), "y": rng.integers(0, 3, 200), "junk": rng.random(200)}
    )
    t = pt.Table.from_samples(data, ("x", "y"))
    counts = Counter(zip(data["x"], data["y"]))
    expected = {(x, y): counts[(x, y)] / 200 for x in "abc" for y in range(3)}
    assert_matches(t, expected, ("x", "y"), atol=1e-15)
    assert pt.Table.from_samples(data, "x").equals(t.marginal("x"))


def test_from_samples_default_variables_exclude_weight_column():
    data = pd.DataFrame({"x": [0, 1, 1], "y": [0, 0, 1], "w": [1.0, 2.0, 1.0]})
    t = pt.Table.from_samples(data, weights="w")
    assert t.variables == ("x", "y")
    # by hand: total weight 4; (0,0): 1/4, (1,0): 2/4, (1,1): 1/4
    assert_matches(t, {(0, 0): 0.25, (0, 1): 0.0, (1, 0): 0.5, (1, 1): 0.25}, ("x", "y"))


@pytest.mark.parametrize("kind", ["column", "array", "list"])
def test_from_samples_weights(kind):
    rng = np.random.default_rng(7)
    data = pd.DataFrame(
        {"x": rng.integers(0, 2, 60), "y": rng.choice(["u", "v"], 60), "wt": rng.random(60)}
    )
    weights = {"column": "wt", "array": data["wt"].to_numpy(), "list": data["wt"].tolist()}[kind]
    t = pt.Table.from_samples(data, ["x", "y"], weights=weights)
    totals: Counter = Counter()
    for x, y, w in zip(data["x"], data["y"], data["wt"]):
        totals[(x, y)] += w
    grand = sum(totals.values())
    expected = {(x, y): totals[(x, y)] / grand for x in (0, 1) for y in "uv"}
    assert_matches(t, expected, ("x", "y"), atol=1e-12)


def test_from_samples_pseudocount():
    data = pd.DataFrame({"x": ["a", "a", "b", "a"], "y": [0, 1, 1, 1]})
    t = pt.Table.from_samples(data, pseudocount=0.5, states={"x": ["a", "b", "c"]})
    counts = Counter(zip(data["x"], data["y"]))
    # (count + 0.5) / (4 + 0.5 * 6 cells)
    expected = {(x, y): (counts[(x, y)] + 0.5) / 7.0 for x in "abc" for y in (0, 1)}
    assert_matches(t, expected, ("x", "y"), atol=1e-15)
    assert t.p(x="c", y=0) == pytest.approx(0.5 / 7, abs=1e-15)


def test_from_samples_categorical_keeps_unseen_categories():
    data = pd.DataFrame({"x": pd.Categorical(["b", "b", "a"], categories=["a", "b", "z"])})
    t = pt.Table.from_samples(data)
    assert t.states == {"x": ("a", "b", "z")}
    assert_matches(t, {("a",): 1 / 3, ("b",): 2 / 3, ("z",): 0.0}, ("x",), atol=1e-15)


def test_from_function_normalizes_per_given():
    t = pt.Table.from_function(lambda x, n: x + n, states={"n": [1, 2], "x": [0, 1, 2]}, given="n")
    # n=1: weights 1,2,3 / 6; n=2: weights 2,3,4 / 9
    expected = {(x, n): (x + n) / (6 if n == 1 else 9) for n in (1, 2) for x in (0, 1, 2)}
    assert t.notation == "p(x | n)"
    assert_matches(t, expected, ("x", "n"), atol=1e-15)


def test_from_function_joint():
    t = pt.Table.from_function(lambda a, b: a * b, states={"a": [1, 2], "b": [1, 3]})
    # weights 1, 3, 2, 6 over (a, b) = (1,1), (1,3), (2,1), (2,3); total 12
    assert_matches(
        t, {(1, 1): 1 / 12, (1, 3): 3 / 12, (2, 1): 2 / 12, (2, 3): 6 / 12}, ("a", "b"), atol=1e-15
    )


def test_uniform():
    t = pt.Table.uniform({"x": [0, 1], "y": ["a", "b", "c"]})
    assert_matches(t, {k: 1 / 6 for k in itertools.product([0, 1], "abc")}, ("x", "y"), atol=1e-15)
    c = pt.Table.uniform({"x": [0, 1], "y": ["a", "b", "c"]}, given="y")
    assert c.notation == "p(x | y)"
    assert_matches(c, {k: 1 / 2 for k in itertools.product([0, 1], "abc")}, ("x", "y"), atol=1e-15)


# =========================================================================== the sum rule and p()


def test_p_of_assignments_and_events(case):
    table, ref = case
    for w, x, y in itertools.product(STATES["w"], STATES["x"], STATES["y"]):
        assert table.p(w=w, x=x, y=y) == pytest.approx(ref.prob(w=w, x=x, y=y), abs=1e-14)
    assert table.p(x=["a", "c"]) == pytest.approx(ref.prob(x=["a", "c"]), abs=1e-14)
    assert table.p(x=["a", "c"], z="hi") == pytest.approx(ref.prob(x=["a", "c"], z="hi"), abs=1e-14)
    assert table.p(w=1, x="c") == 0.0
    assert table.p() == pytest.approx(1.0, abs=1e-14)
    assert isinstance(table.p(w=0), float)


def test_p_on_conditional_table(case):
    table, ref = case
    cond = table.condition("w")  # p(x, y, z | w)
    for w, x in itertools.product(STATES["w"], STATES["x"]):
        expected = ref.prob(w=w, x=x) / ref.prob(w=w)
        assert cond.p(x=x, w=w) == pytest.approx(expected, abs=1e-14)


def test_marginal_every_subset(case):
    table, ref = case
    for k in range(1, 4):
        for keep in itertools.combinations(NAMES, k):
            result = table.marginal(*keep)
            assert result.variables == keep
            assert result.notation == f"p({', '.join(keep)})"
            assert_matches(result, ref.marginal(keep), keep, atol=1e-14)
    assert table.marginal(["x", "z"]).equals(table.marginal("x", "z"))


def test_marginalize_every_subset(case):
    table, ref = case
    for k in range(1, 4):
        for drop in itertools.combinations(NAMES, k):
            keep = tuple(v for v in NAMES if v not in drop)
            assert_matches(table.marginalize(*drop), ref.marginal(keep), keep, atol=1e-14)


def test_marginal_of_conditional_keeps_given(case):
    table, ref = case
    cond = table.condition("w")
    result = cond.marginal("y")
    assert result.notation == "p(y | w)"
    assert_matches(result, ref.conditional(("y",), ("w",)), ("y", "w"), atol=1e-14)


# =========================================================================== conditioning


def test_condition_on_variables(case):
    table, ref = case
    for k in (1, 2, 3):
        for given in itertools.combinations(NAMES, k):
            head = tuple(v for v in NAMES if v not in given)
            result = table.condition(*given)
            assert result.head == head and set(result.given) == set(given)
            assert_matches(result, ref.conditional(head, given), head + given, atol=1e-14)


def test_condition_leaves_out_zero_parent_assignments(case):
    table, ref = case
    result = table.condition("w", "x")
    # (w=1, x=c) has probability 0: its 4 rows must be left out, not divided by zero
    assert result.undefined_count == 1
    assert not any(w == 1 and x == "c" for w, x in zip(result.frame["w"], result.frame["x"]))
    assert repr(result).splitlines()[0] == (
        "p(y, z | w, x)  (1 conditioning assignment(s) of probability zero left out)"
    )
    assert_matches(result, ref.conditional(("y", "z"), ("w", "x")), ("y", "z", "w", "x"), atol=1e-14)


def test_condition_on_evidence(case):
    table, ref = case
    for name in NAMES:
        for value in STATES[name]:
            if ref.prob(**{name: value}) == 0:
                continue
            result = table.condition(**{name: value})
            rest = tuple(v for v in NAMES if v != name)
            assert result.variables == rest
            assert result.evidence == {name: value}
            assert result.notation == f"p({', '.join(rest)} | {name}={value})"
            assert_matches(result, ref.conditional(rest, (), **{name: value}), rest, atol=1e-14)


def test_condition_on_two_pieces_of_evidence(case):
    table, ref = case
    result = table.condition(w=0, z="hi")
    assert result.notation == "p(x, y | w=0, z=hi)"
    assert_matches(result, ref.conditional(("x", "y"), (), w=0, z="hi"), ("x", "y"), atol=1e-14)
    chained = table.condition(w=0).condition(z="hi")
    assert chained.equals(result, atol=1e-14)


def test_condition_on_event(case):
    table, ref = case
    result = table.condition(x=["a", "c"])
    # y stays a variable with probability 0 outside the event
    assert result.variables == NAMES
    assert result.evidence == {"x": ("a", "c")}
    expected = {}
    for a, p in ref.probs.items():
        expected[a] = p / ref.prob(x=["a", "c"]) if a[1] in ("a", "c") else 0.0
    assert_matches(result, expected, NAMES, atol=1e-14)
    assert result.p(x="b") == 0.0


def test_condition_on_event_has_a_notation(case):
    table, _ = case
    result = table.condition(x=["a", "c"])
    assert result.notation == "p(w, x, y, z | x={a, c})"
    assert repr(result).splitlines()[0] == "p(w, x, y, z | x={a, c})"


def test_condition_mixed_variable_and_evidence(case):
    table, ref = case
    result = table.condition("z", y=0)
    assert result.notation == "p(w, x | z, y=0)"
    assert_matches(result, ref.conditional(("w", "x"), ("z",), y=0), ("w", "x", "z"), atol=1e-14)


def test_condition_a_conditional_table(case):
    table, ref = case
    cond = table.condition("w")  # p(x, y, z | w)
    by_var = cond.condition("y")  # p(x, z | w, y)
    assert by_var.head == ("x", "z") and set(by_var.given) == {"w", "y"}
    assert_matches(by_var, ref.conditional(("x", "z"), ("w", "y")), ("x", "z", "w", "y"), atol=1e-14)
    by_value = cond.condition(y=0)  # p(x, z | w, y=0) = p(x, z, w, y=0) / p(w, y=0)
    assert by_value.notation == "p(x, z | w, y=0)"
    assert_matches(by_value, ref.conditional(("x", "z"), ("w",), y=0), ("x", "z", "w"), atol=1e-14)
    # evidence on a given variable: p(x, y, z | w=1)
    on_given = cond.condition(w=1)
    assert_matches(on_given, ref.conditional(("x", "y", "z"), (), w=1), ("x", "y", "z"), atol=1e-14)


def test_query_equals_condition(case):
    table, ref = case
    assert table.query("p(x | y=0)").equals(table.condition(y=0).marginal("x"), atol=1e-15)
    assert_matches(table.query("p(x | y=0)"), ref.conditional(("x",), (), y=0), ("x",), atol=1e-14)
    assert_matches(table.query("p(x | y)"), ref.conditional(("x",), ("y",)), ("x", "y"), atol=1e-14)
    assert_matches(
        table.query("p(w, z | x, y=1)"),
        ref.conditional(("w", "z"), ("x",), y=1),
        ("w", "z", "x"),
        atol=1e-14,
    )
    value = table.query("p(z=hi | y=0)")
    assert isinstance(value, float)
    assert value == pytest.approx(ref.prob(z="hi", y=0) / ref.prob(y=0), abs=1e-14)


# =========================================================================== the chain rule: * and /


def test_product_conditional_times_marginal_is_joint(case):
    table, ref = case
    result = table.condition("y").marginal("x") * table.marginal("y")  # p(x | y) p(y) = p(x, y)
    assert result.notation == "p(x, y)"
    assert_matches(result, ref.marginal(("x", "y")), ("x", "y"), atol=1e-14)


def test_product_gives_conditional_on_the_free_variable():
    # p(x | y) * p(z) = p(x, z | y): value at (x, z, y) is p(x | y) * p(z)
    px_y = {(0, 0): 0.9, (1, 0): 0.1, (0, 1): 0.3, (1, 1): 0.7}
    pz = {"u": 0.25, "v": 0.75}
    a = pt.Table.from_dict(px_y, variables=("x", "y"), given="y")
    b = pt.Table.from_dict(pz, variables="z")
    result = a * b
    assert result.head == ("x", "z") and result.given == ("y",)
    assert result.notation == "p(x, z | y)"
    expected = {(x, z, y): px_y[(x, y)] * pz[z] for x in (0, 1) for y in (0, 1) for z in "uv"}
    assert_matches(result, expected, ("x", "z", "y"), atol=1e-15)
    assert (b * a).equals(result, atol=1e-15)


def test_product_of_chain_with_shared_given():
    # p(y | x) * p(z | x, y) = p(y, z | x)
    rng = np.random.default_rng(11)
    a_arr = rng.random((2, 3))
    a_arr /= a_arr.sum(axis=1, keepdims=True)  # axes (x, y), normalized over y
    b_arr = rng.random((2, 3, 2))
    b_arr /= b_arr.sum(axis=2, keepdims=True)  # axes (x, y, z), normalized over z
    a = pt.Table.from_array(a_arr, states={"x": [0, 1], "y": [0, 1, 2]}, given="x")
    b = pt.Table.from_array(b_arr, states={"x": [0, 1], "y": [0, 1, 2], "z": [0, 1]}, given=("x", "y"))
    result = a * b
    assert result.notation == "p(y, z | x)"
    expected = {
        (y, z, x): a_arr[x, y] * b_arr[x, y, z] for x in range(2) for y in range(3) for z in range(2)
    }
    assert_matches(result, expected, ("y", "z", "x"), atol=1e-15)


def test_product_aligns_state_order():
    a = pt.Table.from_dict(
        {(0, "u"): 0.9, (1, "u"): 0.1, (0, "v"): 0.3, (1, "v"): 0.7},
        variables=("x", "y"),
        given="y",
        states={"y": ["u", "v"]},
    )
    b = pt.Table.from_dict({"v": 0.6, "u": 0.4}, variables="y", states={"y": ["v", "u"]})
    result = a * b
    # by hand: p(x=1, y=u) = 0.1 * 0.4, p(x=0, y=v) = 0.3 * 0.6
    assert result.p(x=1, y="u") == pytest.approx(0.04, abs=1e-15)
    assert result.p(x=0, y="v") == pytest.approx(0.18, abs=1e-15)
    assert result.states["y"] == ("u", "v")


def test_division_joint_by_marginal_is_conditional(case):
    table, ref = case
    pxy = table.marginal("x", "y")
    result = pxy / table.marginal("y")  # p(x, y) / p(y) = p(x | y)
    assert result.head == ("x",) and result.given == ("y",)
    assert_matches(result, ref.conditional(("x",), ("y",)), ("x", "y"), atol=1e-14)
    # p(w, x, y, z) / p(w, x): undefined at (w=1, x=c), which is left out
    result = table / table.marginal("w", "x")
    assert result.undefined_count == 1
    assert_matches(result, ref.conditional(("y", "z"), ("w", "x")), ("y", "z", "w", "x"), atol=1e-14)


def test_division_of_conditionals(case):
    table, ref = case
    num = table.condition("z").marginal("x", "y")  # p(x, y | z)
    den = table.condition("z").marginal("y")  # p(y | z)
    result = num / den  # p(x | y, z)
    assert result.head == ("x",) and set(result.given) == {"y", "z"}
    assert_matches(result, ref.conditional(("x",), ("y", "z")), ("x", "y", "z"), atol=1e-14)


def test_product_inverts_division(case):
    table, _ = case
    conditional = table / table.marginal("x")
    assert (conditional * table.marginal("x")).equals(table, atol=1e-14)


# =========================================================================== equals


def test_equals_ignores_row_and_variable_order():
    t = _simple()
    frame = t.frame[["y", "x", "p"]].iloc[[3, 1, 0, 2]]
    other = pt.Table(frame)
    assert other.variables == ("y", "x")
    assert other.equals(t) and t.equals(other)


def test_equals_missing_rows_count_as_zero():
    dense = pt.Table.from_array([[0.5, 0.0], [0.0, 0.5]], states={"x": [0, 1], "y": [0, 1]})
    sparse = pt.Table(pd.DataFrame({"x": [0, 1], "y": [0, 1], "p": [0.5, 0.5]}))
    assert len(sparse) == 2 and len(dense) == 4
    assert sparse.equals(dense) and dense.equals(sparse)


def test_equals_detects_differences():
    t = _simple()
    assert not t.equals(pt.Table.from_array([[0.1, 0.2], [0.4, 0.3]], states={"x": [0, 1], "y": [0, 1]}))
    assert not t.equals(t.condition("y"))  # different given
    assert not t.equals(t.marginal("x"))  # different variables
    assert not t.equals(pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 2]}))
    assert not t.equals("p(x, y)")
    # tolerance is a parameter
    close = pt.Table.from_array(
        [[0.1 + 1e-7, 0.2 - 1e-7], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]}
    )
    assert not close.equals(t)
    assert close.equals(t, atol=1e-6)


def test_equals_ignores_state_order():
    a = pt.Table.from_dict({"u": 0.3, "v": 0.7}, variables="y", states={"y": ["u", "v"]})
    b = pt.Table.from_dict({"u": 0.3, "v": 0.7}, variables="y", states={"y": ["v", "u"]})
    assert a.equals(b)


def test_eq_operator_is_refused():
    with pytest.raises(
        TypeError,
        match=re.escape("Tables have no ==; use a.equals(b, atol=...) to compare distributions."),
    ):
        _ = _simple() == _simple()


# =========================================================================== sample and views


def test_sample_frequencies_within_binomial_bound(case):
    table, ref = case
    n = 100_000
    draws = table.sample(n, seed=12345)
    assert list(draws.columns) == list(NAMES) and len(draws) == n
    counts = Counter(zip(*(draws[v] for v in NAMES)))
    for assignment, p in ref.probs.items():
        bound = 5 * sqrt(n * p * (1 - p)) + 1
        assert abs(counts[assignment] - n * p) <= bound, (assignment, counts[assignment], n * p)
    # zero-probability cells are never drawn
    assert counts[(1, "c", 0, "lo")] == 0


def test_sample_is_deterministic_with_a_seed(case):
    table, _ = case
    a = table.sample(500, seed=7)
    b = table.sample(500, seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = table.sample(500, seed=8)
    assert not a.equals(c)
    assert tuple(a["x"].cat.categories) == ("a", "b", "c")


def test_to_series_pivot_to_array():
    t = _simple()
    series = t.to_series()
    assert series.index.names == ["x", "y"]
    assert series.to_dict() == {(0, 0): 0.1, (0, 1): 0.2, (1, 0): 0.3, (1, 1): 0.4}
    grid = t.pivot(index="y", columns="x")
    assert grid.to_numpy().tolist() == [[0.1, 0.3], [0.2, 0.4]]
    assert list(grid.index) == [0, 1] and list(grid.columns) == [0, 1]
    assert t.to_array().tolist() == [[0.1, 0.2], [0.3, 0.4]]
    assert t.to_array(["y", "x"]).tolist() == [[0.1, 0.3], [0.2, 0.4]]


def test_pivot_sums_out_other_head_variables(case):
    table, ref = case
    grid = table.pivot(index="x", columns="z")
    expected = ref.marginal(("x", "z"))
    for x in STATES["x"]:
        for z in STATES["z"]:
            assert grid.loc[x, z] == pytest.approx(expected[(x, z)], abs=1e-14)


def test_to_array_matches_reference(case):
    table, ref = case
    np.testing.assert_allclose(table.to_array(), ref.array(), atol=1e-15, rtol=0)
    order = ("z", "w", "y", "x")
    np.testing.assert_allclose(table.to_array(order), ref.array(order), atol=1e-15, rtol=0)


def test_repr_starts_with_notation_and_html_contains_it():
    t = _simple().condition("y")
    assert repr(t).splitlines()[0] == "p(x | y)"
    assert repr(t).splitlines()[1].split() == ["x", "y", "p"]
    html = t._repr_html_()
    assert "p(x | y)" in html
    assert "<table" in html
    # a notation with characters HTML must escape appears escaped
    odd = pt.Table.uniform({"x": [0, 1], "y": ["<5", ">5"]}).condition(y="<5")
    assert "<5" in odd.notation
    assert "&lt;5" in odd._repr_html_() and "<5" not in odd._repr_html_()


# =========================================================================== sparse == dense


def _sparse_case():
    """12 binary variables, 300 random rows present: the same joint sparse and dense."""
    rng = np.random.default_rng(99)
    names = [f"v{i}" for i in range(12)]
    states = {n: [0, 1] for n in names}
    cells = rng.choice(4096, size=300, replace=False)
    weights = rng.random(300) + 0.01
    weights /= weights.sum()
    array = np.zeros(4096)
    array[cells] = weights
    array = array.reshape([2] * 12)
    codes = np.array(np.unravel_index(cells, [2] * 12)).T
    frame = pd.DataFrame(codes, columns=names)
    frame["p"] = weights
    sparse = pt.Table(frame, states=states)
    dense = pt.Table.from_array(array, states=states)
    return sparse, dense, Ref.from_array(array, states)


def test_sparse_and_dense_tables_agree():
    sparse, dense, ref = _sparse_case()
    assert len(sparse) == 300 and len(dense) == 4096
    assert sparse.equals(dense, atol=1e-15) and dense.equals(sparse, atol=1e-15)
    np.testing.assert_allclose(sparse.to_array(), ref.array(), atol=1e-15, rtol=0)
    names = dense.variables
    for t in (sparse, dense):
        assert t.p(v0=1, v5=0) == pytest.approx(ref.prob(v0=1, v5=0), abs=1e-14)
        assert t.p(v1=[0, 1], v2=1) == pytest.approx(ref.prob(v2=1), abs=1e-14)
        keep = ("v3", "v7", "v11")
        assert_matches(t.marginal(*keep), ref.marginal(keep), keep, atol=1e-14)
        rest = tuple(v for v in names if v not in ("v0", "v1"))
        assert_matches(t.marginalize("v0", "v1"), ref.marginal(rest), rest, atol=1e-14)
        cond = t.marginal("v0", "v1", "v2", "v3").condition("v2", "v3")
        assert_matches(
            cond, ref.conditional(("v0", "v1"), ("v2", "v3")), ("v0", "v1", "v2", "v3"), atol=1e-14
        )
        full = t.condition("v4", "v5", "v6", "v7", "v8", "v9")  # many parent assignments are empty
        expected = ref.conditional(tuple(names[:4]) + names[10:], names[4:10])
        assert_matches(full, expected, tuple(names[:4]) + names[10:] + names[4:10], atol=1e-13)
        assert full.undefined_count == 64 - len({k[6:] for k in expected})
        ev = t.condition(v3=1, v9=0)
        rest = tuple(v for v in names if v not in ("v3", "v9"))
        assert_matches(ev, ref.conditional(rest, (), v3=1, v9=0), rest, atol=1e-13)
        mixed = t.marginal("v0", "v1", "v2").condition("v1", v2=0)
        assert_matches(mixed, ref.conditional(("v0",), ("v1",), v2=0), ("v0", "v1"), atol=1e-14)
        event = t.marginal("v0", "v1").condition(v1=[1])
        exp = {
            (a, b): (ref.prob(v0=a, v1=1) / ref.prob(v1=1) if b == 1 else 0.0)
            for a in (0, 1)
            for b in (0, 1)
        }
        assert_matches(event, exp, ("v0", "v1"), atol=1e-14)
        joint3 = t.marginal("v0", "v1", "v2")
        quotient = joint3 / joint3.marginal("v2")
        assert_matches(quotient, ref.conditional(("v0", "v1"), ("v2",)), ("v0", "v1", "v2"), atol=1e-14)
        back = quotient * joint3.marginal("v2")
        assert back.equals(joint3, atol=1e-14)
        whole = t / t.marginal("v0")
        assert (whole * t.marginal("v0")).equals(t, atol=1e-14)
        fz = t.chain_factorize([("v0", "v1"), [v for v in names if v not in ("v0", "v1")]])
        assert fz.joint().equals(dense, atol=1e-14)
        assert t.independent("v0", "v1") == dense.independent("v0", "v1")
        grid = t.pivot(index="v0", columns="v1")
        m = ref.marginal(("v0", "v1"))
        np.testing.assert_allclose(
            grid.to_numpy(), [[m[(0, 0)], m[(0, 1)]], [m[(1, 0)], m[(1, 1)]]], atol=1e-14, rtol=0
        )
        series = t.to_series()
        assert abs(series.sum() - 1) < 1e-12
        for key, value in series.items():
            assert value == pytest.approx(ref.probs[tuple(key)], abs=1e-15)


def test_sparse_sample_frequencies():
    sparse, dense, ref = _sparse_case()
    n = 60_000
    for t in (sparse, dense):
        draws = t.sample(n, seed=1)
        counts = Counter(map(tuple, draws.to_numpy().astype(int).tolist()))
        assert set(counts) <= {k for k, p in ref.probs.items() if p > 0}
        for key, p in ref.probs.items():
            if p > 0:
                assert abs(counts[key] - n * p) <= 5 * sqrt(n * p * (1 - p)) + 1


def test_sparse_products_match_dense():
    sparse, dense, ref = _sparse_case()
    for t in (sparse, dense):
        a = t.marginal("v0", "v1", "v2").condition("v1", "v2")  # p(v0 | v1, v2)
        b = t.marginal("v1", "v2")  # p(v1, v2)
        assert_matches(a * b, ref.marginal(("v0", "v1", "v2")), ("v0", "v1", "v2"), atol=1e-14)
        c = t.marginal("v5")  # unrelated: p(v0 | v1, v2) p(v5) = p(v0, v5 | v1, v2)
        prod_ac = a * c
        expected = {}
        cond = ref.conditional(("v0",), ("v1", "v2"))
        m5 = ref.marginal(("v5",))
        for (v0, v1, v2), p in cond.items():
            for v5 in (0, 1):
                expected[(v0, v5, v1, v2)] = p * m5[(v5,)]
        assert_matches(prod_ac, expected, ("v0", "v5", "v1", "v2"), atol=1e-14)


# =========================================================================== immutability and states


def _operations(t: pt.Table, conditional: pt.Table, prior: pt.Table):
    """Every operation, as (label, thunk)."""
    return [
        ("p", lambda: t.p(x="a")),
        ("marginal", lambda: t.marginal("x", "y")),
        ("marginalize", lambda: t.marginalize("z")),
        ("condition var", lambda: t.condition("y")),
        ("condition evidence", lambda: t.condition(y=0)),
        ("condition event", lambda: t.condition(x=["a", "b"])),
        ("condition mixed", lambda: t.condition("z", y=1)),
        ("query", lambda: t.query("p(x | y=0)")),
        ("mul", lambda: conditional * prior),
        ("div", lambda: t / t.marginal("y")),
        ("chain", lambda: t.chain_factorize(["y", ("x", "z")]).joint()),
        ("factorize", lambda: t.factorize("p(y)p(x, z | y)")),
        ("satisfies", lambda: t.satisfies("p(x)p(y)p(z)")),
        ("independent", lambda: t.independent("x", "y", given="z")),
        ("equals", lambda: t.equals(conditional)),
        ("sample", lambda: t.sample(10, seed=0)),
        ("to_series", lambda: t.to_series()),
        ("pivot", lambda: t.pivot(index="x", columns="y")),
        ("to_array", lambda: t.to_array()),
        ("repr", lambda: (repr(t), t._repr_html_())),
        ("bayes", lambda: pt.bayes(prior, conditional, evidence={"x": "b"})),
    ]


def _xyz(sparse: bool) -> tuple[pt.Table, pt.Table, pt.Table]:
    # x has a state 'c' of probability 0 everywhere
    rng = np.random.default_rng(4)
    array = rng.random((3, 2, 2))
    array[2] = 0.0
    array /= array.sum()
    states = {"x": ["a", "b", "c"], "y": [0, 1], "z": ["lo", "hi"]}
    t = pt.Table.from_array(array, states=states)
    if sparse:
        frame = t.frame
        t = pt.Table(frame[frame["p"] > 0].reset_index(drop=True), states=states)
    return t, t.marginal("x", "y").condition("y"), t.marginal("y")


@pytest.mark.parametrize("sparse", [False, True])
def test_no_operation_mutates_its_inputs(sparse):
    t, conditional, prior = _xyz(sparse)
    before = [snapshot(x) for x in (t, conditional, prior)]
    for label, op in _operations(t, conditional, prior):
        op()
        for obj, snap in zip((t, conditional, prior), before):
            try:
                assert_unchanged(obj, snap)
            except AssertionError as exc:
                raise AssertionError(f"{label} changed its input {obj.notation}") from exc


def test_constructors_do_not_mutate_their_inputs():
    frame = pd.DataFrame(
        {"x": pd.Series(["b", "a"], dtype="str"), "y": pd.Series([1, 0], dtype=object), "p": [0.5, 0.5]}
    )
    snap = snapshot(frame)
    pt.Table(frame, states={"x": ["a", "b", "c"]})
    assert_unchanged(frame, snap)
    array = np.array([[0.2, 0.3], [0.1, 0.4]])
    snap = snapshot(array)
    pt.Table.from_array(array, states={"x": [0, 1], "y": [0, 1]})
    assert_unchanged(array, snap)
    data = pd.DataFrame({"x": ["a", "b", "a"], "w": [1.0, 2.0, 3.0]})
    snap = snapshot(data)
    pt.Table.from_samples(data, "x", weights="w", pseudocount=1.0)
    assert_unchanged(data, snap)


@pytest.mark.parametrize("sparse", [False, True])
def test_no_state_is_lost(sparse):
    t, conditional, prior = _xyz(sparse)
    full = {"x": ("a", "b", "c"), "y": (0, 1), "z": ("lo", "hi")}
    results = [
        t.marginal("x"),
        t.marginal("x", "z"),
        t.marginalize("y"),
        t.condition("y"),
        t.condition("x"),
        t.condition(y=0),
        t.condition(z=["lo"]),
        t.condition("z", y=1),
        conditional * prior,
        t / t.marginal("x"),
        t / t.marginal("y"),
        pt.bayes(prior, conditional),
        pt.bayes(prior, conditional, evidence={"x": "a"}),
    ]
    results += [term.table for term in t.chain_factorize(["x", "y", "z"]).terms]
    results += [term.table for term in t.factorize("p(y)p(x, z | y)").terms]
    for result in results:
        for name in result.variables:
            assert result.states[name] == full[name], (result.notation, name)
        assert set(result.frame["x"].cat.categories if "x" in result.variables else []) <= set(full["x"])
    assert t.marginal("x").p(x="c") == 0.0


# =========================================================================== errors: full messages


def _raises(cls, message):
    return pytest.raises(cls, match="^" + re.escape(message) + "$")


def test_error_negative_probability():
    frame = pd.DataFrame({"x": [0, 1], "p": [1.5, -0.5]})
    with _raises(
        InvalidProbabilityError,
        "Table(): 1 probability value(s) are negative:\n       x    p\n    1  1 -0.5",
    ):
        pt.Table(frame)


def test_error_nan_probability():
    frame = pd.DataFrame({"x": [0, 1], "p": [np.nan, 0.5]})
    with _raises(
        InvalidProbabilityError,
        "Table(): 1 probability value(s) are NaN or infinite:\n       x   p\n    0  0 NaN",
    ):
        pt.Table(frame)


def test_error_infinite_probability_in_array():
    with _raises(
        InvalidProbabilityError,
        "from_array(): 1 probability value(s) are NaN or infinite at positions [2]",
    ):
        pt.Table.from_array([0.5, 0.5, np.inf], states={"x": [0, 1, 2]})


def test_error_not_normalized():
    frame = pd.DataFrame({"x": [0, 1], "p": [0.5, 0.4]})
    with _raises(
        NormalizationError,
        "Table(): probabilities must sum to 1 (atol=1e-09); 1 sum(s) differ:\n    total: 0.9",
    ):
        pt.Table(frame)


def test_error_not_normalized_per_conditioning_assignment():
    frame = pd.DataFrame({"x": [0, 1, 0, 1], "y": [0, 0, 1, 1], "p": [0.5, 0.5, 0.3, 0.25]})
    with _raises(
        NormalizationError,
        "Table(): probabilities must sum to 1 per conditioning assignment (atol=1e-09); 1 sum(s) differ:\n    y=1: 0.55",
    ):
        pt.Table(frame, given="y")


def test_error_duplicate_rows():
    frame = pd.DataFrame({"x": [0, 0, 1], "p": [0.25, 0.25, 0.5]})
    with _raises(
        DuplicateAssignmentError,
        "Table(): 2 rows repeat an assignment; each assignment may appear once:\n"
        "       x     p\n    0  0  0.25\n    1  0  0.25",
    ):
        pt.Table(frame)


def test_error_missing_value():
    frame = pd.DataFrame({"x": [0, None, 1], "y": [1, 1, 1], "p": [0.25, 0.25, 0.5]})
    with _raises(
        MissingValueError,
        "Table(): variable 'x' has 1 missing value(s), in rows [1]; every row must give every variable a state.",
    ):
        pt.Table(frame)


def test_error_unknown_variable_did_you_mean():
    with _raises(
        UnknownVariableError,
        "marginalize(): unknown variable 'xx'; p(x, y) has ('x', 'y'). Did you mean 'x'?",
    ):
        _simple().marginalize("xx")


def test_error_unknown_variable_without_close_match():
    with _raises(UnknownVariableError, "condition(): unknown variable 'q'; p(x, y) has ('x', 'y')."):
        _simple().condition(q=0)


def test_error_unknown_state():
    with _raises(
        UnknownStateError, "condition(): unknown state 5 for variable 'y'; its states are (0, 1)."
    ):
        _simple().condition(y=5)


def test_error_zero_probability_evidence():
    t = pt.Table.from_array([[0.5, 0.5], [0.0, 0.0]], states={"x": [0, 1], "y": [0, 1]})
    with _raises(
        ZeroProbabilityError,
        "condition(): the event x=1 has probability zero in p(x, y); cannot condition on it.",
    ):
        t.condition(x=1)


def test_error_zero_probability_event():
    t = pt.Table.from_array([[0.5, 0.5, 0.0], [0.0, 0.0, 0.0]], states={"x": [0, 1], "y": [0, 1, 2]})
    with _raises(
        ZeroProbabilityError,
        "condition(): the event y={2} has probability zero in p(x, y); cannot condition on it.",
    ):
        t.condition(y=[2])


def test_error_zero_probability_undefined_conditional():
    t = pt.Table.from_array([[0.5, 0.5], [0.0, 0.0]], states={"x": [0, 1], "y": [0, 1]}).condition("x")
    with _raises(ZeroProbabilityError, "p(): p(y | x) is not defined for x=1: it has probability zero."):
        t.p(y=0, x=1)


def test_error_overlapping_heads():
    t = _simple()
    with _raises(
        OverlappingHeadsError,
        "p(x) * p(x, y): both factors have ('x',) in front of the bar; the chain rule multiplies "
        "p(A | ...) by p(B | ...) with disjoint A and B (a product like p(x) p(x) is not a distribution).",
    ):
        t.marginal("x") * t


def test_error_conditioning_cycle():
    t = _simple()
    with _raises(
        ConditioningCycleError,
        "p(x | y) * p(y | x): p(x | y) conditions on ('y',), a head of p(y | x), and p(y | x) conditions on "
        "('x',), a head of p(x | y): the factors condition on each other in a cycle, so their product is not "
        "a chain rule.",
    ):
        t.condition("y") * t.condition("x")


def test_error_division_wrong_head():
    t = _simple()
    with _raises(
        NotAConditionalError,
        "p(x) / p(x, y) is not a conditional: the denominator's head ('y',) is not in the numerator's head. "
        "Divide p(A, B | C) by p(B | C) to get p(A | B, C).",
    ):
        t.marginal("x") / t


def test_error_division_by_a_table_that_is_not_the_marginal():
    t = _simple()
    wrong = pt.Table.from_array([0.5, 0.5], states={"y": [0, 1]})
    # by hand: p(y) is (0.4, 0.6); dividing by 0.5 gives sums 0.8 (y=0) and 1.2 (y=1); the worst is y=1
    with _raises(
        NotAConditionalError,
        "p(x, y) / p(y) is not a conditional: for y=1 the result sums to 1.2000000000000002 over ('x',), "
        "not 1; the denominator must be the marginal of the numerator.",
    ):
        t / wrong


def test_error_division_by_zero_where_numerator_is_positive():
    t = _simple()
    wrong = pt.Table.from_array([1.0, 0.0], states={"y": [0, 1]})
    with _raises(
        NotAConditionalError,
        "p(x, y) / p(y): the denominator is 0 where the numerator is 0.2 (at x=0, y=1); "
        "the denominator must be a marginal of the numerator.",
    ):
        t / wrong


def test_error_empty_table():
    frame = pd.DataFrame({"x": pd.Series([], dtype=int), "p": pd.Series([], dtype=float)})
    with _raises(EmptyTableError, "Table(): the frame has no rows; a distribution needs at least one."):
        pt.Table(frame)


def test_error_empty_mapping():
    with _raises(
        EmptyTableError, "from_dict(): the mapping is empty; a distribution needs at least one row."
    ):
        pt.Table.from_dict({}, variables="x")


def test_error_variable_name_notation_cannot_print():
    frame = pd.DataFrame({"a b": [0, 1], "p": [0.5, 0.5]})
    with _raises(
        VariableNameError,
        "variable name 'a b' cannot be written in the notation: ' ' at position 1 is not allowed "
        "(names are identifiers such as x, x1, θ)",
    ):
        pt.Table(frame)


def test_error_marginalizing_a_given_variable():
    t = _simple().condition("y")
    with _raises(
        ConditionalMarginalizationError,
        "marginalize(): cannot sum 'y' out of p(x | y): it is behind the bar, and summing a conditional over "
        "'y' is meaningless without the distribution of 'y'. Multiply by p(y) first (table * p(y)) to get "
        "p(x, y), then marginalize.",
    ):
        t.marginalize("y")


def test_error_marginalizing_a_given_variable_with_other_given():
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1], "z": [0, 1]}, given=("y", "z"))
    with _raises(
        ConditionalMarginalizationError,
        "marginalize(): cannot sum 'z' out of p(x | y, z): it is behind the bar, and summing a conditional over "
        "'z' is meaningless without the distribution of 'z'. Multiply by p(z | y) first (table * p(z | y)) to get "
        "p(x, z | y), then marginalize.",
    ):
        t.marginalize("z")


def test_error_state_mismatch():
    a = _simple().condition("y")
    b = pt.Table.from_array([0.5, 0.5], states={"y": [0, 2]})
    with _raises(
        StateMismatchError,
        "p(x | y) * p(y): variable 'y' has states (0, 1) in p(x | y) but (0, 2) in p(y).",
    ):
        a * b


def test_error_unknown_state_in_the_frame():
    frame = pd.DataFrame({"x": [0, 1, 2], "p": [0.2, 0.3, 0.5]})
    with _raises(
        UnknownStateError,
        "Table(): variable 'x' has value(s) [2] (rows [2]) that are not among its states (0, 1).",
    ):
        pt.Table(frame, states={"x": [0, 1]})


def test_error_marginal_keeping_no_head_variable():
    # marginal() used to return the head-less tables "p()" and "p( | y)"
    with _raises(
        EmptyTableError,
        "marginal(): name at least one head variable of p(x, y) to keep (its head is ('x', 'y')); got ().",
    ):
        _simple().marginal()
    with _raises(
        EmptyTableError,
        "marginal(): name at least one head variable of p(x | y) to keep (its head is ('x',)); got ('y',).",
    ):
        _simple().condition("y").marginal("y")


def test_error_marginalize_every_head_variable():
    with _raises(
        EmptyTableError, "marginalize(): summing out every head variable of p(x, y) leaves nothing."
    ):
        _simple().marginalize("x", "y")


def test_wide_sparse_table_beyond_64_bit_keys():
    # 70 binary variables: a mixed-radix key of all of them overflows 64 bits. Reference: pandas groupby.
    rng = np.random.default_rng(70)
    names = [f"v{i}" for i in range(70)]
    codes = np.unique(rng.integers(0, 2, (200, 70)), axis=0)
    frame = pd.DataFrame(codes, columns=names)
    weights = rng.random(len(frame))
    frame["p"] = weights / weights.sum()
    t = pt.Table(frame, states={v: [0, 1] for v in names})
    keep = names[:65]
    expected = frame.groupby(keep)["p"].sum()
    got = t.marginal(*keep).frame.set_index(keep)["p"]
    assert len(got) == len(expected)
    np.testing.assert_allclose(
        got.reindex(expected.index).to_numpy(), expected.to_numpy(), atol=1e-15, rtol=0
    )
    given = names[5:]
    expected = (frame["p"] / frame.groupby(given)["p"].transform("sum")).to_numpy()
    cond = t.condition(*given)
    got = cond.frame.set_index(names)["p"].reindex(frame.set_index(names).index).to_numpy()
    np.testing.assert_allclose(got, expected, atol=1e-13, rtol=0)
    assert (cond * t.marginal(*given)).equals(t, atol=1e-13)
    assert (t / t.marginal(*given)).equals(cond, atol=1e-13)
    sub = frame[(frame["v0"] == 1) & (frame["v1"] == 0)]
    assert t.condition(v0=1, v1=0).p(v2=1) == pytest.approx(
        sub.loc[sub["v2"] == 1, "p"].sum() / sub["p"].sum(), abs=1e-13
    )
    assert t.chain_factorize([names[:30], names[30:]]).joint().equals(t, atol=1e-13)


@pytest.mark.parametrize("sparse", [False, True])
def test_outputs_are_copies(sparse):
    t, _, _ = _xyz(sparse)
    snap = snapshot(t)
    array = t.to_array()
    array[...] = 7.0
    series = t.to_series()
    series.iloc[:] = 7.0
    grid = t.pivot(index="x", columns="y")
    grid.iloc[:, :] = 7.0
    states = t.states
    states["x"] = ("zzz",)
    evidence = t.condition(y=0).evidence
    evidence["y"] = 1
    assert_unchanged(t, snap)
    assert t.condition(y=0).evidence == {"y": 0}


def test_independent_accepts_a_statement():
    # p(x, y) = p(x) p(y) with p(x=1) = 0.3, p(y=1) = 0.6 (built by hand), then a dependent z = x
    joint = pt.Table.from_dict(
        {(0, 0, 0): 0.28, (0, 1, 0): 0.42, (1, 0, 1): 0.12, (1, 1, 1): 0.18},
        variables=("x", "y", "z"),
        states={"x": [0, 1], "y": [0, 1], "z": [0, 1]},
    )
    assert joint.independent("x ⊥ y") and joint.independent("y _||_ x")
    assert not joint.independent("x ⊥ z")
    assert joint.independent("y ⊥ z | x") and joint.independent("{x, z} ⊥ y")


def test_query_of_a_tables_own_notation_returns_the_table():
    # p(x, z) by hand; p(x | z=0) = (0.1, 0.3) / 0.4
    joint = pt.Table.from_dict(
        {(0, 0): 0.1, (1, 0): 0.3, (0, 1): 0.2, (1, 1): 0.4}, variables=("x", "z")
    )
    conditioned = joint.condition(z=0)
    assert conditioned.notation == "p(x | z=0)"
    again = conditioned.query(conditioned.notation)
    assert again.equals(conditioned)
    assert abs(conditioned.query("p(x=1 | z=0)") - 0.75) < 1e-12
    with pytest.raises(UnknownVariableError, match=re.escape("query(): unknown variable 'z'")):
        conditioned.query("p(x | z=1)")  # other evidence on a variable the table no longer has


def test_p_accepts_a_variable_named_self():
    t = pt.Table.from_dict({(0, 0): 0.25, (0, 1): 0.25, (1, 0): 0.5}, variables=("self", "y"))
    assert t.p(self=1) == 0.5  # by hand: only row (1, 0)


def test_from_samples_dropna_and_not_discrete_columns():
    import re
    import warnings

    from probtables.errors import DroppedRowsWarning, MissingDataError, NotDiscreteError

    data = pd.DataFrame({"x": [0, 1, None, 1], "y": ["a", None, "b", "b"], "w": [1, 2, 3, 4]})
    with pytest.raises(
        MissingDataError,
        match=re.escape(
            "from_samples(): missing values in 2 columns: 'x' has 1 (rows [2]), 'y' has 1 (rows [1]); "
            "pass dropna=True to drop the incomplete rows, or fill them first."
        ),
    ):
        pt.Table.from_samples(data, ["x", "y"])
    with pytest.warns(DroppedRowsWarning, match=re.escape("from_samples(): dropped 2 of 4 rows")):
        t = pt.Table.from_samples(data, ["x", "y"], weights="w", dropna=True)
    assert t.p(x=0, y="a") == pytest.approx(1 / 5)  # weights 1 and 4 are left
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pt.Table.from_samples(data, "w").p(w=1) == 0.25  # nothing missing: no warning
    ids = pd.DataFrame({"id": range(100), "sex": [0, 1] * 50})
    with pytest.raises(
        NotDiscreteError, match=re.escape("from_samples(): column 'id' does not look discrete")
    ):
        pt.Table.from_samples(ids)
    assert pt.Table.from_samples(ids, states={"id": list(range(100))}).p(id=3) == 0.01  # states given
    assert pt.Table.from_samples(ids, max_distinct=None).p(sex=0) == pytest.approx(0.5)
