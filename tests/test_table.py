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
    DataError,
    DuplicateAssignmentError,
    EmptyTableError,
    InvalidParameterError,
    InvalidProbabilityError,
    MissingValueError,
    NormalizationError,
    NotAConditionalError,
    OverlappingHeadsError,
    ProbTablesError,
    ProductError,
    StateMismatchError,
    StructureError,
    UnknownStateError,
    UnknownVariableError,
    VariableNameError,
    ZeroProbabilityError,
)
from probtables.notation import parse_term

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
    # the head and p, then the rows grouped by the value of y (as the HTML does), no row numbers
    assert repr(t).splitlines()[1].split() == ["x", "p"]
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


def test_error_column_name_that_is_not_a_string_says_how_to_rename():
    frame = pd.DataFrame({0: [0, 1], "p": [0.5, 0.5]})
    with _raises(
        VariableNameError,
        "Table(): column 0 is of type int, but variable names are strings; rename it first, "
        "e.g. frame.rename(columns=str)",
    ):
        pt.Table(frame)
    renamed = pt.Table(frame.rename(columns=str))
    assert renamed.variables == ("0",) and renamed.notation == "p(`0`)"


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


# ---------------------------------------------------------------- names as data has them


def test_any_string_name_prints_quoted_and_parses_back():
    # p(has-cancer | smoking status) by hand: no -> (0.9, 0.1), yes -> (0.7, 0.3)
    frame = pd.DataFrame(
        {
            "has-cancer": [0, 1, 0, 1],
            "smoking status": ["no", "no", "yes", "yes"],
            "p": [0.9, 0.1, 0.7, 0.3],
        }
    )
    t = pt.Table(frame, given="smoking status")
    assert t.notation == "p(`has-cancer` | `smoking status`)"
    assert t.query(t.notation).equals(t)
    assert t.query("p(`has-cancer`=1 | `smoking status`=yes)") == pytest.approx(0.3, abs=1e-15)
    yes = t.condition(**{"smoking status": "yes"})
    assert yes.notation == "p(`has-cancer` | `smoking status`=yes)"
    assert t.query(yes.notation).equals(yes)
    prior = pt.Table.from_dict({"no": 0.8, "yes": 0.2}, variables="smoking status")
    joint = t * prior
    f = joint.chain_factorize(["smoking status", "has-cancer"])
    assert str(f) == "p(`smoking status`)p(`has-cancer` | `smoking status`)"
    assert str(pt.Factorization.parse(str(f))) == str(f)
    assert joint.satisfies(str(f))
    # p(has-cancer=1) = 0.8 * 0.1 + 0.2 * 0.3
    assert joint.query("p(`has-cancer`=1)") == pytest.approx(0.14, abs=1e-15)


def test_reserved_words_and_digits_are_names_of_a_table():
    t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"given": [0, 1], "2024": ["a", "b"]})
    assert t.notation == "p(`given`, `2024`)"
    assert t.query("p(`given`=1, `2024`=a)") == pytest.approx(0.3, abs=1e-15)


def test_error_variable_named_p_in_a_table():
    message = (
        "from_dict(): variable name 'p' is reserved in a table (the name of its probability "
        "column); rename the variable, e.g. to 'p_'"
    )
    with _raises(VariableNameError, message):
        pt.Table.from_dict({(0, 1): 1.0}, variables=("p", "z"))
    with _raises(VariableNameError, message.replace("from_dict", "from_array")):
        pt.Table.from_array([0.5, 0.5], states={"p": [0, 1]})


def test_error_non_string_names_say_how_to_rename():
    with _raises(
        VariableNameError,
        "from_array(): variable 1 is of type int, but variable names are strings; use '1'",
    ):
        pt.Table.from_array([0.5, 0.5], states={1: [0, 1]})
    data = pd.DataFrame({0: [0, 1, 1], "y": [0, 0, 1]})
    with _raises(
        VariableNameError,
        "from_samples(): column 0 is of type int, but variable names are strings; rename it "
        "first, e.g. data.rename(columns=str)",
    ):
        pt.Table.from_samples(data)
    # by hand: 0 counts (0, 1, 1) -> p('0'=1) = 2/3
    assert pt.Table.from_samples(data.rename(columns=str)).p(**{"0": 1}) == pytest.approx(2 / 3)


def test_a_table_conditioned_on_an_event_prints_notation_that_parses_back():
    # p(x, y) by hand, x in {0, 1, 2}; conditioning on x in {0, 1} keeps mass 0.1+0.2+0.3+0.1 = 0.7
    joint = pt.Table.from_array(
        [[0.1, 0.2], [0.3, 0.1], [0.2, 0.1]], states={"x": [0, 1, 2], "y": ["a", "b"]}
    )
    event = joint.condition(x=[0, 1])
    assert event.notation == "p(x, y | x={0, 1})"
    assert str(parse_term(event.notation)) == event.notation
    assert joint.query(event.notation).equals(event)
    assert event.query(event.notation).equals(event)
    assert event.p(x=1, y="a") == pytest.approx(0.3 / 0.7, abs=1e-15)
    assert joint.query("p(x=1 | x={0, 1})") == pytest.approx(0.4 / 0.7, abs=1e-15)
    # the same event on a variable behind the bar: p(y | x) defined for x in {0, 2} only
    behind = joint.condition("x").condition(x=[0, 2])
    assert behind.notation == "p(y | x, x={0, 2})"
    assert joint.query(behind.notation).equals(behind)
    assert behind.query(behind.notation).equals(behind)
    assert behind.p(y="b", x=2) == pytest.approx(0.1 / 0.3, abs=1e-15)
    # a structure names variables only: the event is refused, with the structure it could mean
    with pytest.raises(
        StructureError,
        match=re.escape(
            "Factorization.parse(): p(x, y | x={0, 1}) fixes values; a structure names variables "
            "only, as in p(x, y)."
        ),
    ):
        pt.Factorization.parse(event.notation)


# ---------------------------------------------------------------- counts in: normalize=True


def test_normalize_counts_from_dict_and_array():
    # by hand: 7 heads and 3 tails
    coin = pt.Table.from_dict({"H": 7, "T": 3}, variables="c", normalize=True)
    assert coin.p(c="H") == pytest.approx(0.7, abs=1e-15)
    # per conditioning assignment: z=0 has counts (8, 2), z=1 has (1, 3)
    cpt = pt.Table.from_array(
        [[8, 2], [1, 3]], states={"z": [0, 1], "x": [0, 1]}, given="z", normalize=True
    )
    assert cpt.notation == "p(x | z)"
    np.testing.assert_allclose(cpt.to_array(("z", "x")), [[0.8, 0.2], [0.25, 0.75]], rtol=0, atol=1e-15)
    # already normalized input is unchanged
    same = pt.Table.from_array([0.25, 0.75], states={"x": [0, 1]}, normalize=True)
    assert same.equals(pt.Table.from_array([0.25, 0.75], states={"x": [0, 1]}))


def test_normalize_weights_of_a_sparse_conditional_frame():
    # z=0: weights 1 and 3 for x=a, x=b; z=1: only x=b is listed; z=2 is absent (undefined)
    frame = pd.DataFrame({"z": [0, 0, 1], "x": ["a", "b", "b"], "p": [1, 3, 5]})
    before = frame.copy()
    t = pt.Table(frame, given="z", states={"z": [0, 1, 2]}, normalize=True)
    pd.testing.assert_frame_equal(frame, before)
    assert t.p(x="b", z=0) == pytest.approx(0.75, abs=1e-15)
    assert t.p(x="a", z=1) == 0.0 and t.p(x="b", z=1) == 1.0
    assert t.undefined_count == 1
    # normalize=True equals dividing by hand
    by_hand = pd.DataFrame({"z": [0, 0, 1], "x": ["a", "b", "b"], "p": [0.25, 0.75, 1.0]})
    assert t.equals(pt.Table(by_hand, given="z", states={"z": [0, 1, 2]}))


def test_error_normalize_zero_total_names_the_assignment():
    with _raises(
        ZeroProbabilityError,
        "from_array(normalize=True): the weights sum to zero for 1 conditioning assignment(s), "
        "so they cannot be normalized:\n    z=1",
    ):
        pt.Table.from_array(
            [[1, 2], [0, 0]], states={"z": [0, 1], "x": [0, 1]}, given="z", normalize=True
        )
    frame = pd.DataFrame({"smoking status": ["no", "no", "yes"], "x": [0, 1, 0], "p": [0.0, 0.0, 2.0]})
    with _raises(
        ZeroProbabilityError,
        "Table(normalize=True): the weights sum to zero for 1 conditioning assignment(s), "
        "so they cannot be normalized:\n    `smoking status`=no",
    ):
        pt.Table(frame, given="smoking status", normalize=True)
    with _raises(
        ZeroProbabilityError,
        "Table(normalize=True): the weights sum to zero; there is nothing to normalize.",
    ):
        pt.Table.from_dict({"H": 0, "T": 0}, variables="c", normalize=True)


def test_error_normalize_still_refuses_negative_and_non_finite_weights():
    frame = pd.DataFrame({"x": [0, 1, 2], "p": [3.0, -1.0, 2.0]})
    with _raises(
        InvalidProbabilityError, "Table(): 1 weight(s) are negative:\n       x    p\n    1  1 -1.0"
    ):
        pt.Table(frame, normalize=True)
    with _raises(
        InvalidProbabilityError, "from_array(): 1 weight(s) are NaN or infinite at positions [1]"
    ):
        pt.Table.from_array([1.0, np.inf], states={"x": [0, 1]}, normalize=True)
    with _raises(
        InvalidProbabilityError,
        "Table(): 1 weight(s) are NaN or infinite:\n       c   p\n    1  T NaN",
    ):
        pt.Table.from_dict({"H": 1, "T": np.nan}, variables="c", normalize=True)


@pytest.mark.parametrize("atol", [float("nan"), -1, float("inf"), True, "1e-9"])
def test_every_tolerance_is_checked(atol):
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})

    def message(op):
        return re.escape(f"{op}(): atol must be a finite number >= 0, got {atol!r}.")

    calls = {
        "from_array": lambda: pt.Table.from_array(np.array([0.9, 0.9]), states={"x": [0, 1]}, atol=atol),
        "Table": lambda: pt.Table.from_dict({0: 0.9, 1: 0.9}, variables=("x",), atol=atol),
        "equals": lambda: t.equals(t, atol=atol),
        "satisfies": lambda: t.satisfies("p(x)p(y)", atol=atol),
        "independent": lambda: t.independent("x", "y", atol=atol),
    }
    for op, call in calls.items():
        with pytest.raises(InvalidParameterError, match=message(op)):
            call()


def test_from_samples_rejects_cells_that_cannot_be_states():
    data = pd.DataFrame({"x": [[1, 2], 0, [3]], "y": [0, 1, 1]})
    message = (
        "from_samples(): column 'x' holds 2 value(s) that cannot be a state, such as [1, 2] (rows [0, 2]); "
        "each cell must be one hashable value (a number, a string, ...)."
    )
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_samples(data)


# ================================================================ events, evidence and inputs
# Expected values are derived independently: by hand (in a comment) or by brute force over the numpy
# array of the joint.
# p(x, y, z) over x in {a, b}, y in {0, 1, 2}, z in {0, 1}: weights 1..12, so every cell differs
XYZ_WEIGHTS = np.arange(1.0, 13.0).reshape(2, 3, 2)
XYZ_JOINT = XYZ_WEIGHTS / XYZ_WEIGHTS.sum()
XYZ_STATES = {"x": ["a", "b"], "y": [0, 1, 2], "z": [0, 1]}


@pytest.fixture
def joint() -> pt.Table:
    return pt.Table.from_array(XYZ_JOINT, states=XYZ_STATES)


def _values(table: pt.Table, **fixed: object) -> dict[tuple, float]:
    """Every probability of ``table`` keyed by its head assignment (``fixed`` fills the given variables)."""
    import itertools

    head = table.head
    return {
        values: table.p(**dict(zip(head, values)), **fixed)
        for values in itertools.product(*[table.states[v] for v in head])
    }


# ---------------------------------------------------------------- conditioning twice on the same variable


def test_event_then_value_fixes_the_variable(joint):
    # p(x, z | y in {0, 1}) then y=0 is p(x, z | y=0): the slice y=0 of the joint, renormalized
    table = joint.condition(y=[0, 1]).condition(y=0)
    assert table.notation == "p(x, z | y=0)"
    assert table.evidence == {"y": 0}
    expected = XYZ_JOINT[:, 0, :] / XYZ_JOINT[:, 0, :].sum()
    for i, x in enumerate(XYZ_STATES["x"]):
        for k, z in enumerate(XYZ_STATES["z"]):
            assert table.p(x=x, z=z) == pytest.approx(expected[i, k], abs=1e-15)
    assert table.equals(joint.condition(y=0))


def test_event_then_value_outside_it_has_probability_zero(joint):
    message = "condition(): the event y=2 has probability zero in p(x, y, z | y={0, 1}); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(message)):
        joint.condition(y=[0, 1]).condition(y=2)


def test_event_then_event_is_their_intersection(joint):
    # y in {0, 1} and then y in {1, 2} is y in {1}: the label must say {1}, not {1, 2}
    table = joint.condition(y=[0, 1]).condition(y=[1, 2])
    assert table.evidence == {"y": (1,)}
    assert table.notation == "p(x, y, z | y={1})"
    assert table.equals(joint.condition(y=[1]))
    expected = XYZ_JOINT[:, 1, :] / XYZ_JOINT[:, 1, :].sum()
    assert table.p(x="b", y=1, z=0) == pytest.approx(expected[1, 0], abs=1e-15)
    assert table.p(y=[0, 2]) == 0.0


def test_disjoint_events_have_probability_zero(joint):
    message = "condition(): the event y={2} has probability zero in p(x, y, z | y={0, 1}); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(message)):
        joint.condition(y=[0, 1]).condition(y=[2])


# ---------------------------------------------------------------- events and state order


def test_events_compare_as_sets_of_states(joint):
    # the same joint with y's states listed in another order
    reordered = pt.Table.from_array(
        XYZ_JOINT[:, [2, 0, 1], :], states={"x": ["a", "b"], "y": [2, 0, 1], "z": [0, 1]}
    )
    a, b = joint.condition(y=[0, 2]), reordered.condition(y=[2, 0])
    assert a.equals(b) and b.equals(a)
    # division and product across the two orders
    assert (a / b.marginal("y")).equals(a.condition("y"))
    assert (a.condition("x") * b.marginal("x")).equals(a)


def test_product_of_factors_that_share_an_event(joint):
    # p(x, y | z, y in E) p(z | y in E) = p(x, y, z | y in E), by the chain rule within the event
    event = joint.condition(y=[0, 2])
    product = event.condition("z") * event.marginal("z")
    assert product.evidence == {"y": (0, 2)}
    assert product.equals(event)
    masked = XYZ_JOINT * np.array([1.0, 0.0, 1.0])[None, :, None]
    masked /= masked.sum()
    assert product.p(x="b", y=2, z=1) == pytest.approx(masked[1, 2, 1], abs=1e-15)
    # summing the event's variable out keeps the event as evidence: p(y, z | x, E) p(x | E)
    assert (event.condition("x") * event.marginalize("y", "z")).equals(event)


def test_event_on_a_variable_behind_the_bar(joint):
    # p(x | y, y in {0, 2}) p(y | y in {0, 2}) = p(x, y | y in {0, 2}); p(y) itself would lose the mass of y=1
    xy = joint.marginal("x", "y")
    conditional = xy.condition("y").condition(y=[0, 2])
    assert conditional.notation == "p(x | y, y={0, 2})" and conditional.undefined_count == 1
    assert conditional.condition(y=2).equals(xy.condition(y=2))
    product = conditional * xy.marginal("y").condition(y=[0, 2])
    assert product.equals(xy.condition(y=[0, 2]))
    p_xy = XYZ_JOINT.sum(axis=2)
    assert product.p(x="a", y=2) == pytest.approx(
        p_xy[0, 2] / (p_xy[:, 0].sum() + p_xy[:, 2].sum()), abs=1e-15
    )
    with pytest.raises(ProductError, match=re.escape("the product loses probability mass")):
        conditional * xy.marginal("y")


def test_evidence_fixed_in_one_factor_and_free_in_the_other_is_still_an_error(joint):
    fixed = joint.condition(z=0).marginal("y")  # p(y | z=0)
    message = "p(y | z=0) * p(z): 'z' is fixed by evidence in p(y | z=0) but is a variable of p(z)."
    with pytest.raises(ProductError, match=re.escape(message)):
        fixed * joint.marginal("z")


# ---------------------------------------------------------------- constructors


def test_from_dict_rejects_duplicate_variable_names():
    with pytest.raises(
        DataError, match=re.escape("from_dict(): duplicate variable names in ('x', 'x').")
    ):
        pt.Table.from_dict({(0, 1): 1.0}, variables=("x", "x"))


def test_from_dict_rejects_the_reserved_name_p():
    # "p" is the probability column: it used to be overwritten silently, dropping a variable
    with pytest.raises(pt.errors.VariableNameError, match="reserved"):
        pt.Table.from_dict({(0, 1): 1.0}, variables=("p", "z"))


def test_from_samples_rejects_bad_variable_lists():
    data = pd.DataFrame({"x": [0, 1, 1], "y": [0, 0, 1]})
    with pytest.raises(
        DataError, match=re.escape("from_samples(): duplicate variable names in ('x', 'x').")
    ):
        pt.Table.from_samples(data, ("x", "x"))
    with pytest.raises(EmptyTableError, match=re.escape("from_samples(): no variables to count")):
        pt.Table.from_samples(data, [])
    message = "from_samples(): unknown variable 'w'; the table to count has ('x',)."
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        pt.Table.from_samples(data, "x", states={"w": [0, 1]})
    with pytest.raises(
        DataError, match=re.escape("from_samples(): variable 'x' lists state(s) [1] more than once.")
    ):
        pt.Table.from_samples(data, "x", states={"x": [0, 1, 1]})


def test_numpy_scalar_states_and_names_become_python_values():
    table = pt.Table.uniform({np.str_("x"): list(np.arange(2))})
    assert table.states == {"x": (0, 1)}
    assert type(table.states["x"][0]) is int
    assert table.variables == ("x",) and type(table.variables[0]) is str
    message = "p(): unknown state 5 for variable 'x'; its states are (0, 1)."
    for bad in (5, np.int64(5)):
        with pytest.raises(pt.errors.UnknownStateError, match=re.escape(message)):
            table.p(x=bad)
    counted = pt.Table.from_samples(pd.DataFrame({"x": [0, 1]}), states={"x": np.arange(3)})
    assert counted.states == {"x": (0, 1, 2)}
    data = pd.DataFrame({"x": [0, 1]})
    assert pt.Table.from_samples(data, variables=np.array(["x"])).variables == ("x",)


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_missing_states_are_rejected(missing):
    message = f"uniform(): variable 'x' lists missing state(s) [{missing!r}]; a state must be a value."
    with pytest.raises(MissingValueError, match=re.escape(message.replace("uniform", "from_function"))):
        pt.Table.uniform({"x": [missing, 1]})


def test_unhashable_states_are_a_data_error():
    with pytest.raises(
        DataError, match=re.escape("from_array(): the states of 'x' must be hashable values")
    ):
        pt.Table.from_array([0.5, 0.5], states={"x": [[0], [1]]})


# ---------------------------------------------------------------- error messages with states the notation cannot write


def test_normalization_error_with_datetime_states_formats():
    days = pd.to_datetime(["2020-01-01", "2020-01-02"])
    frame = pd.DataFrame(
        {"x": [0, 1, 0, 1], "day": [days[0], days[0], days[1], days[1]], "p": [0.5, 0.4, 0.5, 0.5]}
    )
    # the states are pandas Timestamps (as pandas boxes datetime64 values, on pandas 2 and 3 alike),
    # which the notation cannot write: the message falls back to their repr
    with pytest.raises(NormalizationError, match=re.escape("day=Timestamp('2020-01-01 00:00:00'): 0.9")):
        pt.Table(frame, given="day")


def test_datetime_states_are_timestamps_not_nanoseconds():
    days = pd.to_datetime(["2020-01-02", "2020-01-01"])
    frame = pd.DataFrame({"day": days, "p": [0.5, 0.5]})
    assert pt.Table(frame).states["day"] == (pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-02"))


# ---------------------------------------------------------------- query


def test_query_for_a_probability_with_an_unvalued_given_variable(joint):
    # used to fail with "unknown state None for variable 'y'"
    message = (
        "query(): 'p(x=a | y)' asks for a probability, so give a value to 'y' behind the bar too "
        "(e.g. y=...), or leave the head without values to get a table."
    )
    with pytest.raises(ProbTablesError, match=re.escape(message)):
        joint.query("p(x=a | y)")
    assert joint.query("p(x=a | y=1)") == pytest.approx(
        XYZ_JOINT[0, 1, :].sum() / XYZ_JOINT[:, 1, :].sum(), abs=1e-15
    )


# ---------------------------------------------------------------- events as other collections, views, sampling


def test_range_and_series_are_events(joint):
    # p(y in {0, 1}) = weights of y=0, 1 over the total: (1+2+3+4 + 7+8+9+10) / 78
    expected = 44 / 78
    assert joint.p(y=range(2)) == pytest.approx(expected, abs=1e-15)
    assert joint.p(y=pd.Series([0, 1])) == pytest.approx(expected, abs=1e-15)
    assert joint.condition(y=range(2)).equals(joint.condition(y=[0, 1]))


def test_pivot_names_each_variable_once(joint):
    with pytest.raises(DataError, match=re.escape("pivot(): 'x' is named in both index and columns")):
        joint.pivot(index="x", columns="x")


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_sample_needs_a_whole_number(joint, bad):
    with pytest.raises(
        DataError, match=re.escape(f"sample(): n must be a whole number >= 0, got {bad!r}.")
    ):
        joint.sample(bad)


def test_from_function_order_matches_the_states():
    # w(x, y) = 10 x + y over x in {0, 1}, y in {0, 1, 2}: total 0+1+2 + 10+11+12 = 36
    table = pt.Table.from_function(lambda x, y: 10 * x + y, states={"x": [0, 1], "y": [0, 1, 2]})
    assert table.p(x=1, y=2) == pytest.approx(12 / 36, abs=1e-15)
    assert table.p(x=0, y=1) == pytest.approx(1 / 36, abs=1e-15)


def test_from_array_with_ragged_values_is_a_data_error():
    with pytest.raises(
        DataError, match=re.escape("from_array(): the values must form an array of numbers: ")
    ):
        pt.Table.from_array([[0.5], [0.25, 0.25]], states={"x": [0, 1], "y": [0, 1]})


def test_dense_sums_are_checked_without_listing_codes():
    # a dense table is checked by summing its head axes; a failure still names the assignment
    table = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"y": [0, 1], "x": [0, 1]}, given="y")
    assert "codes" not in table._cache
    message = "from_array(): probabilities must sum to 1 per conditioning assignment (atol=1e-09); 1 sum(s) differ:\n    y=1: 0.75"
    with pytest.raises(NormalizationError, match=re.escape(message)):
        pt.Table.from_array([[0.9, 0.1], [0.25, 0.5]], states={"y": [0, 1], "x": [0, 1]}, given="y")


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
