"""Tests of probtables.estimate: fit, log_likelihood, bic, sample and their error messages."""

from __future__ import annotations

import math
import re
from itertools import product

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networks import NETWORKS

import probtables as pt
from probtables.errors import (
    DataError,
    EmptyTableError,
    MissingValueError,
    NotAJointError,
    StateMismatchError,
    StructureError,
    UnknownStateError,
    UnknownVariableError,
    ZeroProbabilityError,
)
from probtables.estimate import UnseenParentsError, bic, fit, free_parameters, log_likelihood, sample

ASIA = str(NETWORKS / "asia.bif")

P_A = [0.2, 0.5, 0.3]
P_B_A = [[0.9, 0.1], [0.4, 0.6], [0.25, 0.75]]
P_C_AB = [[[0.7, 0.3], [0.2, 0.8]], [[0.5, 0.5], [0.35, 0.65]], [[0.1, 0.9], [0.6, 0.4]]]
STATES = {"a": [0, 1, 2], "b": ["lo", "hi"], "c": [0, 1]}
STRUCTURE = "p(a)p(b | a)p(c | a, b)"


@pytest.fixture(scope="module")
def model() -> pt.Factorization:
    """p(a)p(b | a)p(c | a, b) with known tables."""
    pa = pt.Table.from_array(P_A, states={"a": STATES["a"]})
    pb = pt.Table.from_array(P_B_A, states={"a": STATES["a"], "b": STATES["b"]}, given="a")
    pc = pt.Table.from_array(
        P_C_AB, states={"a": STATES["a"], "b": STATES["b"], "c": STATES["c"]}, given=("a", "b")
    )
    return pt.Factorization([pt.Term("a", (), pa), pt.Term("b", "a", pb), pt.Term("c", ("a", "b"), pc)])


@pytest.fixture
def tiny() -> pd.DataFrame:
    return pd.DataFrame({"a": [0, 0, 0, 1, 1], "b": ["x", "y", "y", "y", "x"]})


def _max_error(fitted: pt.Factorization, true: pt.Factorization) -> dict[str, float]:
    out = {}
    for f_term, t_term in zip(fitted.terms, true.terms):
        order = t_term.table.variables
        out[str(t_term)] = float(
            np.abs(f_term.table.to_array(order) - t_term.table.to_array(order)).max()
        )
    return out


# ------------------------------------------------------------------------------------ fit


@pytest.mark.parametrize("n", [2_000, 20_000, 200_000])
def test_fit_recovers_the_tables_within_a_bound_that_shrinks_with_n(model, n):
    data = model.sample(n, seed=n)
    fitted = pt.Factorization.parse(STRUCTURE).fit(data)
    joint = model.joint()
    errors = _max_error(fitted, model)
    for term in model.terms:
        # each cell is a proportion among ~ n * p(parents) rows: sd <= 0.5 / sqrt(n * p(parents))
        parents = term.given
        smallest = min(joint.marginal(*parents).frame["p"]) if parents else 1.0
        assert errors[str(term)] <= 4 * 0.5 / math.sqrt(n * smallest), (n, term, errors)
    assert max(errors.values()) <= 4 / math.sqrt(n * 0.04)


def test_fit_error_shrinks(model):
    small = max(
        _max_error(pt.Factorization.parse(STRUCTURE).fit(model.sample(2_000, seed=1)), model).values()
    )
    large = max(
        _max_error(pt.Factorization.parse(STRUCTURE).fit(model.sample(200_000, seed=1)), model).values()
    )
    assert large < small / 3


def test_mle_equals_hand_counts(tiny):
    fitted = fit("p(a)p(b | a)", tiny)
    pa, pb = fitted.term("a").table, fitted.term("b").table
    assert pa.notation == "p(a)" and pb.notation == "p(b | a)"
    assert pa.p(a=0) == pytest.approx(3 / 5, abs=1e-15)
    assert pa.p(a=1) == pytest.approx(2 / 5, abs=1e-15)
    assert pb.p(b="x", a=0) == pytest.approx(1 / 3, abs=1e-15)
    assert pb.p(b="y", a=0) == pytest.approx(2 / 3, abs=1e-15)
    assert pb.p(b="x", a=1) == pytest.approx(1 / 2, abs=1e-15)
    assert pb.states == {"b": ("x", "y"), "a": (0, 1)}


def test_fit_keeps_structure_order_and_name(tiny):
    structure = pt.Factorization.parse("p(b | a)p(a)")
    fitted = structure.fit(tiny)
    assert str(fitted) == "p(b | a)p(a)"
    assert [t.head for t in fitted.terms] == [("b",), ("a",)]
    assert [t.given for t in fitted.terms] == [("a",), ()]
    assert fitted.has_tables and not structure.has_tables


def test_pseudocount_formula_by_hand(tiny):
    alpha = 0.5
    fitted = fit("p(a)p(b | a)", tiny, pseudocount=alpha)
    pa, pb = fitted.term("a").table, fitted.term("b").table
    # (n_{g,h} + alpha) / (n_g + alpha * |H|)
    assert pa.p(a=0) == pytest.approx((3 + alpha) / (5 + 2 * alpha), abs=1e-15)
    assert pb.p(b="x", a=0) == pytest.approx((1 + alpha) / (3 + 2 * alpha), abs=1e-15)
    assert pb.p(b="x", a=1) == pytest.approx((1 + alpha) / (2 + 2 * alpha), abs=1e-15)


def test_pseudocount_fills_unseen_parents(tiny):
    fitted = fit("p(a)p(b | a)", tiny, pseudocount=1, states={"a": [0, 1, 2]})
    pb = fitted.term("b").table
    assert pb.p(b="x", a=2) == pytest.approx(0.5)
    assert fitted.term("a").table.p(a=2) == pytest.approx(1 / 8)


def test_multi_head_term_counts_its_joint_family():
    data = pd.DataFrame({"w": [0, 0, 0, 0, 1, 1], "y": [0, 0, 1, 1, 1, 1], "z": [0, 1, 1, 1, 0, 0]})
    fitted = fit("p(w)p(y, z | w)", data)
    table = fitted.term("y").table
    assert table.notation == "p(y, z | w)"
    assert table.p(y=1, z=1, w=0) == pytest.approx(2 / 4)
    assert table.p(y=0, z=0, w=0) == pytest.approx(1 / 4)
    assert table.p(y=1, z=0, w=1) == pytest.approx(1.0)
    assert table.equals(pt.Table.from_samples(data).condition("w"))


def test_fit_of_the_chain_rule_equals_the_empirical_joint(model):
    data = model.sample(3_000, seed=7)
    fitted = fit(STRUCTURE, data)
    assert fitted.joint().equals(pt.Table.from_samples(data), atol=1e-12)
    fitted_other_order = fit("p(c)p(b | c)p(a | b, c)", data)
    assert fitted_other_order.joint().equals(pt.Table.from_samples(data), atol=1e-12)


def test_fit_keeps_the_state_lists_of_the_tables(model):
    data = pd.DataFrame({"a": [0, 1, 1], "b": ["lo", "hi", "lo"], "c": [1, 1, 0]})
    fitted = model.fit(data, pseudocount=1)
    for term in fitted.terms:
        assert term.table.states == {v: tuple(STATES[v]) for v in term.table.variables}
    assert fitted.term("a").table.p(a=2) == pytest.approx(1 / 6)
    # the variable order of each table is kept too
    assert [t.table.variables for t in fitted.terms] == [t.table.variables for t in model.terms]


def test_fit_a_bif_network_keeps_its_states():
    network = pt.read_bif(ASIA)
    data = network.sample(500, seed=2)
    fitted = network.fit(data, pseudocount=1)
    for old, new in zip(network.terms, fitted.terms):
        assert new.table.states == old.table.states
        assert new.table.variables == old.table.variables


def test_fit_is_consistent_on_a_bif_network():
    network = pt.read_bif(ASIA)
    data = network.sample(200_000, seed=3)
    fitted = network.fit(data, pseudocount=1)
    assert fitted.joint().equals(network.joint(), atol=0.01)
    assert fitted.log_likelihood(data) >= network.log_likelihood(data) - 1e-6


def test_fit_accepts_categorical_string_and_object_columns():
    data = pd.DataFrame(
        {
            "a": pd.Categorical(["u", "v", "u"], categories=["v", "u", "w"]),
            "b": pd.Series([1.5, 2.5, 1.5]),
            "c": pd.Series(["p", "q", "p"], dtype=object),
        }
    )
    fitted = fit("p(a)p(b | a)p(c | b)", data, pseudocount=1)
    assert fitted.term("a").table.states["a"] == ("v", "u", "w")
    assert fitted.term("b").table.states["b"] == (1.5, 2.5)
    assert fitted.term("c").table.p(c="p", b=1.5) == pytest.approx(3 / 4)


def test_fit_with_count_weights_equals_fit_on_repeated_rows(model):
    data = model.sample(2_000, seed=4)
    counts = data.value_counts().reset_index()
    by_weights = fit(STRUCTURE, counts, weights="count")
    by_rows = fit(STRUCTURE, data)
    for a, b in zip(by_weights.terms, by_rows.terms):
        assert a.table.equals(b.table, atol=1e-12)
    assert by_rows.bic(data) == pytest.approx(by_rows.bic(counts, weights="count"), rel=1e-12)
    array_weights = fit(STRUCTURE, counts, weights=counts["count"].to_numpy())
    assert array_weights.joint().equals(by_rows.joint(), atol=1e-12)


def test_fit_does_not_modify_the_data(tiny):
    before = tiny.copy()
    fit("p(a)p(b | a)", tiny, pseudocount=1)
    pd.testing.assert_frame_equal(tiny, before)


def test_fit_a_large_family_sparsely_equals_the_empirical_conditional():
    rng = np.random.default_rng(5)
    states = list(range(40))
    data = pd.DataFrame({f"x{i}": rng.integers(0, 40, 2_000) for i in range(1, 5)})
    data["y"] = rng.integers(0, 2, 2_000)
    for i in range(1, 5):
        data[f"x{i}"] = pd.Categorical(data[f"x{i}"], categories=states)
    fitted = fit("p(y)p(x1, x2, x3, x4 | y)", data)
    table = fitted.term("x1").table
    assert table.states["x1"] == tuple(states)
    expected = pt.Table.from_samples(data, ["x1", "x2", "x3", "x4", "y"]).condition("y")
    assert table.equals(expected, atol=1e-12)
    brute = sum(
        math.log(fitted.term("y").table.p(y=r.y))
        + math.log(table.p(x1=r.x1, x2=r.x2, x3=r.x3, x4=r.x4, y=r.y))
        for r in data.itertuples()
    )
    assert fitted.log_likelihood(data) == pytest.approx(brute, rel=1e-12)


def test_fit_reports_unseen_parents_of_a_large_family():
    data = pd.DataFrame({f"x{i}": pd.Categorical([1, 2], categories=range(40)) for i in range(1, 5)})
    data["y"] = [0, 1]
    message = (
        "fit(): 2559998 of the 2560000 parent assignments of p(y | x1, x2, x3, x4) never occur in the data, "
        "so the distribution of y given them cannot be estimated: (x1=0, x2=0, x3=0, x4=0), "
        "(x1=0, x2=0, x3=0, x4=1), (x1=0, x2=0, x3=0, x4=2), (x1=0, x2=0, x3=0, x4=3), "
        "(x1=0, x2=0, x3=0, x4=4) and 2559993 more. Pass pseudocount= (e.g. pseudocount=1) to add that many "
        "imaginary observations to every cell, or use more data."
    )
    with pytest.raises(UnseenParentsError, match=re.escape(message)):
        fit("p(x1)p(x2)p(x3)p(x4)p(y | x1, x2, x3, x4)", data)


# ------------------------------------------------------------------------------------ unseen parents


def test_unseen_parent_assignment_is_an_error(tiny):
    message = (
        "fit(): 1 of the 3 parent assignments of p(b | a) never occurs in the data, so the distribution of b "
        "given them cannot be estimated: (a=2). Pass pseudocount= (e.g. pseudocount=1) to add that many "
        "imaginary observations to every cell, or use more data."
    )
    with pytest.raises(UnseenParentsError, match=re.escape(message)) as info:
        fit("p(a)p(b | a)", tiny, states={"a": [0, 1, 2]})
    assert info.value.term == "p(b | a)"
    assert info.value.assignments == ({"a": 2},)
    assert info.value.count == 1
    assert isinstance(info.value, DataError) and isinstance(info.value, ValueError)


def test_unseen_parents_lists_five_and_counts_the_rest():
    data = pd.DataFrame({"a": [0, 1], "b": ["u", "v"], "c": [0, 1], "d": [0, 0]})
    message = (
        "fit(): 7 of the 9 parent assignments of p(d | a, c) never occur in the data, so the distribution of d "
        "given them cannot be estimated: (a=0, c=1), (a=0, c=2), (a=1, c=0), (a=1, c=2), (a=2, c=0) "
        "and 2 more. Pass pseudocount="
    )
    with pytest.raises(UnseenParentsError, match=re.escape(message)):
        fit("p(a)p(c)p(b)p(d | a, c)", data, states={"a": [0, 1, 2], "c": [0, 1, 2]})


def test_unseen_parents_of_a_multi_head_term():
    data = pd.DataFrame({"w": ["s", "s"], "y": [0, 1], "z": [1, 1]})
    message = "fit(): 1 of the 2 parent assignments of p(y, z | w) never occurs in the data, so the distribution of (y, z) given them cannot be estimated: (w=t)."
    with pytest.raises(UnseenParentsError, match=re.escape(message)):
        fit("p(w)p(y, z | w)", data, states={"w": ["s", "t"]})


def test_zero_weights_leave_a_parent_unseen(tiny):
    with pytest.raises(UnseenParentsError, match=re.escape("(a=1)")):
        fit("p(a)p(b | a)", tiny, weights=[1, 1, 1, 0, 0])


# ------------------------------------------------------------------------------------ scores


def test_log_likelihood_equals_a_brute_force_sum_over_rows(model):
    data = model.sample(300, seed=8)
    pa, pb, pc = (t.table for t in model.terms)
    brute = 0.0
    for row in data.itertuples(index=False):
        brute += math.log(pa.p(a=row.a) * pb.p(b=row.b, a=row.a) * pc.p(c=row.c, a=row.a, b=row.b))
    assert log_likelihood(model, data) == pytest.approx(brute, rel=1e-12)
    assert model.log_likelihood(data) == pytest.approx(brute, rel=1e-12)
    assert isinstance(model.log_likelihood(data), float)


def test_log_likelihood_of_plain_columns_and_joint(model):
    data = model.sample(300, seed=9)
    plain = data.astype({"a": "int64", "b": "object", "c": "int64"})
    joint = model.joint()
    brute = sum(math.log(joint.p(a=r.a, b=r.b, c=r.c)) for r in plain.itertuples())
    assert model.log_likelihood(plain) == pytest.approx(brute, rel=1e-12)
    joint_model = pt.Factorization([pt.Term(("a", "b", "c"), (), joint)])
    assert joint_model.log_likelihood(plain) == pytest.approx(brute, rel=1e-12)


def test_log_likelihood_is_minus_infinity_for_an_impossible_row():
    table = pt.Table.from_dict({0: 1.0, 1: 0.0}, "x")
    model = pt.Factorization([pt.Term("x", (), table)])
    assert model.log_likelihood(pd.DataFrame({"x": [0, 0]})) == 0.0
    assert model.log_likelihood(pd.DataFrame({"x": [0, 1]})) == -math.inf


def test_the_mle_maximizes_the_log_likelihood(model):
    data = model.sample(1_000, seed=10)
    mle = fit(STRUCTURE, data)
    assert mle.log_likelihood(data) > model.log_likelihood(data)
    assert mle.log_likelihood(data) > fit(STRUCTURE, data, pseudocount=1).log_likelihood(data)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 1)), min_size=1, max_size=30)
)
def test_property_mle_beats_smoothed_and_matches_counts(rows):
    data = pd.DataFrame(rows, columns=["a", "b", "c"])
    mle = fit("p(a)p(b | a)p(c | b)", data)
    smooth = fit("p(a)p(b | a)p(c | b)", data, pseudocount=1)
    assert mle.log_likelihood(data) >= smooth.log_likelihood(data) - 1e-9
    assert mle.term("b").table.equals(pt.Table.from_samples(data, ["a", "b"]).condition("a"), atol=1e-12)
    for term in smooth.terms:
        assert (term.table.frame["p"] > 0).all()


def test_bic_formula_by_hand(model):
    data = model.sample(500, seed=11)
    # k = (|a| - 1) + (|b| - 1)|a| + (|c| - 1)|a||b| = 2 + 3 + 6
    assert free_parameters(model) == 11
    expected = log_likelihood(model, data) - 11 / 2 * math.log(500)
    assert bic(model, data) == pytest.approx(expected, rel=1e-12)
    assert model.bic(data) == pytest.approx(expected, rel=1e-12)


def test_bic_of_a_multi_head_term():
    data = pd.DataFrame({"w": [0, 1, 0, 1], "y": [0, 1, 1, 0], "z": ["a", "b", "c", "a"]})
    fitted = fit("p(w)p(y, z | w)", data, pseudocount=1)
    # k = (2 - 1) + (2 * 3 - 1) * 2
    assert free_parameters(fitted) == 11
    assert fitted.bic(data) == pytest.approx(
        fitted.log_likelihood(data) - 11 / 2 * math.log(4), rel=1e-12
    )


def test_bic_prefers_the_true_structure(model):
    data = model.sample(5_000, seed=12)
    true = fit(STRUCTURE, data)
    too_simple = fit("p(a)p(b)p(c)", data)
    assert true.bic(data) > too_simple.bic(data)


def test_bic_is_higher_is_better_and_says_so():
    # independent a, b, c: the chain fits the sample a little better (log-likelihood) but pays
    # k/2 ln n for 11 - 4 = 7 more parameters, so its BIC is lower (worse)
    rng = np.random.default_rng(13)
    n = 4_000
    data = pd.DataFrame(
        {
            "a": rng.choice(STATES["a"], size=n, p=P_A),
            "b": rng.choice(STATES["b"], size=n, p=[0.3, 0.7]),
            "c": rng.choice(STATES["c"], size=n, p=[0.6, 0.4]),
        }
    )
    overfit = fit(STRUCTURE, data)
    right = fit("p(a)p(b)p(c)", data)
    assert overfit.log_likelihood(data) > right.log_likelihood(data)
    assert overfit.bic(data) < right.bic(data)
    assert overfit.bic(data) - right.bic(data) == pytest.approx(
        overfit.log_likelihood(data) - right.log_likelihood(data) - 7 / 2 * math.log(n), rel=1e-12
    )
    first_line = bic.__doc__.strip().splitlines()[0]
    assert "higher is better" in first_line


def test_free_parameters_needs_states():
    message = "free_parameters(): no states for ['a', 'b']; attach tables or pass states=."
    with pytest.raises(StructureError, match=re.escape(message)):
        free_parameters("p(a)p(b | a)")


def test_conditional_log_likelihood_with_free_variables():
    data = pd.DataFrame({"x": [0, 1, 1, 0], "y": [0, 0, 1, 1]})
    fitted = fit("p(x | y)", data)
    brute = sum(math.log(fitted.terms[0].table.p(x=r.x, y=r.y)) for r in data.itertuples())
    assert fitted.log_likelihood(data) == pytest.approx(brute)
    assert fitted.bic(data) == pytest.approx(brute - 2 / 2 * math.log(4))


# ------------------------------------------------------------------------------------ sample


def test_sample_frequencies_match_the_joint(model):
    n = 200_000
    data = sample(model, n, seed=13)
    joint = model.joint()
    empirical = pt.Table.from_samples(data)
    for a, b, c in product(STATES["a"], STATES["b"], STATES["c"]):
        p = joint.p(a=a, b=b, c=c)
        assert abs(empirical.p(a=a, b=b, c=c) - p) <= 5 * math.sqrt(p * (1 - p) / n), (a, b, c)


def test_sample_is_reproducible_with_a_seed(model):
    first = model.sample(1_000, seed=14)
    pd.testing.assert_frame_equal(first, model.sample(1_000, seed=14))
    pd.testing.assert_frame_equal(first, sample(model, 1_000, seed=np.random.default_rng(14)))
    assert not first.equals(model.sample(1_000, seed=15))


def test_sample_columns_are_categorical_with_the_tables_states(model):
    data = model.sample(50, seed=16)
    assert list(data.columns) == ["a", "b", "c"]
    for name in data.columns:
        assert isinstance(data[name].dtype, pd.CategoricalDtype)
        assert data[name].cat.categories.tolist() == STATES[name]
    assert data["a"].cat.categories.dtype == np.int64
    assert len(model.sample(0)) == 0


def test_sample_respects_zero_probabilities():
    rain = pt.Table.from_dict({"yes": 0.3, "no": 0.7, "hail": 0.0}, "rain")
    ground = pt.Table.from_dict(
        {("yes", "wet"): 1.0, ("no", "dry"): 0.999, ("no", "wet"): 0.001, ("hail", "wet"): 1.0},
        ("rain", "ground"),
        given="rain",
        states={"rain": ["yes", "no", "hail"], "ground": ["mud", "dry", "wet"]},
    )
    model = pt.Factorization([pt.Term("rain", (), rain), pt.Term("ground", "rain", ground)])
    data = model.sample(100_000, seed=17)
    assert not (data["rain"] == "hail").any()
    assert not (data["ground"] == "mud").any()
    assert ((data["rain"] == "yes") <= (data["ground"] == "wet")).all()


def test_sample_a_multi_head_term_and_a_huge_sparse_table():
    names = [f"x{i}" for i in range(25)]
    rows = {tuple([0] * 25): 0.5, tuple([1] * 25): 0.3, tuple([0, 1] * 12 + [0]): 0.2}
    joint = pt.Table.from_dict(rows, names, states={n: [0, 1] for n in names})
    model = pt.Factorization([pt.Term(tuple(names), (), joint)])
    data = model.sample(20_000, seed=18).astype(int)
    counts = data.value_counts()
    assert len(counts) == 3
    assert counts[tuple([0] * 25)] / 20_000 == pytest.approx(0.5, abs=0.02)
    assert counts[tuple([1] * 25)] / 20_000 == pytest.approx(0.3, abs=0.02)


def test_sample_a_huge_sparse_conditional():
    names = [f"x{i}" for i in range(24)]
    cond = {tuple([z] + [z] * 24): 0.6 for z in (0, 1)}
    cond.update({tuple([z] + [1 - z] * 24): 0.4 for z in (0, 1)})
    table = pt.Table.from_dict(cond, ["z", *names], given="z", states={n: [0, 1] for n in ["z", *names]})
    prior = pt.Table.from_dict({0: 0.5, 1: 0.5}, "z")
    model = pt.Factorization([pt.Term("z", (), prior), pt.Term(tuple(names), "z", table)])
    data = model.sample(20_000, seed=19).astype(int)
    same = (data["x0"] == data["z"]).mean()
    assert same == pytest.approx(0.6, abs=0.02)
    assert (data[names].nunique(axis=1) == 1).all()


def test_sample_of_alarm_is_fast_and_consistent():
    network = pt.read_bif(NETWORKS / "alarm.bif")
    data = network.sample(100_000, seed=20)
    assert data.shape == (100_000, 37)
    fitted = network.fit(data, pseudocount=1)
    assert fitted.log_likelihood(data) >= network.log_likelihood(data)


# ------------------------------------------------------------------------------------ errors


def test_missing_columns_are_listed_with_the_available_ones(tiny):
    data = tiny.rename(columns={"b": "bb"})
    message = (
        "fit(): the data has no column(s) ['b'] needed by p(a)p(b | a); its columns are ('a', 'bb'). "
        "Did you mean 'bb' for 'b'?"
    )
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        fit("p(a)p(b | a)", data)
    message = "log_likelihood(): the data has no column(s) ['b', 'c'] needed by p(a)p(b | a)p(c | a, b); its columns are ('a',)."
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        pass_model = fit(STRUCTURE, pd.DataFrame({"a": [0], "b": ["lo"], "c": [0]}))
        log_likelihood(pass_model, pd.DataFrame({"a": [0]}))


def test_missing_weights_column(tiny):
    message = "fit(): the data has no column(s) ['n'] needed by p(a); its columns are ('a', 'b')."
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        fit("p(a)", tiny, weights="n")


def test_values_outside_the_states_are_reported(model):
    data = pd.DataFrame({"a": [0, 7, 1, 9, 7], "b": ["lo"] * 5, "c": [0] * 5})
    message = "fit(): variable 'a' has value(s) [7, 9] (rows [1, 3, 4]) that are not among its states (0, 1, 2)."
    with pytest.raises(UnknownStateError, match=re.escape(message)):
        model.fit(data)
    message = message.replace("fit()", "log_likelihood()")
    with pytest.raises(UnknownStateError, match=re.escape(message)):
        model.log_likelihood(data)


def test_at_most_five_offending_values_are_shown(model):
    data = pd.DataFrame({"a": [0, 3, 4, 5, 6, 7, 8], "b": ["lo"] * 7, "c": [0] * 7})
    message = "bic(): variable 'a' has value(s) [3, 4, 5, 6, 7] (rows [1, 2, 3, 4, 5]) that are not among its states (0, 1, 2)."
    with pytest.raises(UnknownStateError, match=re.escape(message)):
        model.bic(data)


def test_non_integer_and_negative_weights(tiny):
    message = "fit(): weights count repeated observations and must be whole numbers; found [0.5] at positions [1]."
    with pytest.raises(DataError, match=re.escape(message)):
        fit("p(a)", tiny, weights=[1, 0.5, 1, 1, 1])
    message = "fit(): weights must be non-negative; 1 are negative, in rows [2]."
    with pytest.raises(DataError, match=re.escape(message)):
        fit("p(a)", tiny, weights=[1, 1, -1, 1, 1])
    message = "fit(): weights must hold one number per row (5); got shape (2,)."
    with pytest.raises(DataError, match=re.escape(message)):
        fit("p(a)", tiny, weights=[1, 1])


def test_empty_data(tiny):
    with pytest.raises(EmptyTableError, match=re.escape("fit(): the data has no rows.")):
        fit("p(a)p(b | a)", tiny.iloc[:0])


def test_data_that_is_not_a_dataframe(tiny):
    message = "fit(): expected a pandas or Dask DataFrame of observations, got dict."
    with pytest.raises(DataError, match=re.escape(message)):
        fit("p(a)", {"a": [0, 1]})
    message = "log_likelihood(): expected a pandas or Dask DataFrame of observations, got numpy.ndarray."
    with pytest.raises(DataError, match=re.escape(message)):
        log_likelihood(fit("p(a)", tiny), np.zeros((2, 1)))
    message = "from_samples(): expected a pandas or Dask DataFrame of observations, got pandas.Series."
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_samples(tiny["a"])


def test_missing_values(tiny):
    data = tiny.astype({"a": "float64"})
    data.loc[2, "a"] = np.nan
    message = (
        "fit(): missing values in 1 column: 'a' has 1 (rows [2]); pass dropna=True to drop the "
        "incomplete rows, or fill them first."
    )
    with pytest.raises(MissingValueError, match=re.escape(message)):
        fit("p(a)p(b | a)", data)


def test_bad_pseudocount(tiny):
    for bad in (-1, float("nan"), "one"):
        message = f"fit(): pseudocount must be a finite number >= 0, got {bad!r}."
        with pytest.raises(DataError, match=re.escape(message)):
            fit("p(a)", tiny, pseudocount=bad)


def test_scores_and_sampling_need_tables(tiny):
    message = (
        "log_likelihood(): term(s) p(a), p(b | a) of p(a)p(b | a) have no table; "
        "estimate them first with fit(data) or attach tables."
    )
    with pytest.raises(StructureError, match=re.escape(message)):
        log_likelihood("p(a)p(b | a)", tiny)
    with pytest.raises(StructureError, match=re.escape(message.replace("log_likelihood()", "bic()"))):
        bic("p(a)p(b | a)", tiny)
    with pytest.raises(StructureError, match=re.escape(message.replace("log_likelihood()", "sample()"))):
        sample("p(a)p(b | a)", 10)


def test_sample_needs_a_joint(tiny):
    conditional = fit("p(b | a)", tiny)
    message = "sample(): p(b | a) is conditional on ('a',); give those variables a distribution (a term each) before sampling."
    with pytest.raises(NotAJointError, match=re.escape(message)):
        conditional.sample(5)


def test_sample_needs_a_whole_number(model):
    for bad in (-1, 2.5, True):
        with pytest.raises(
            DataError, match=re.escape(f"sample(): n must be a whole number >= 0, got {bad!r}.")
        ):
            model.sample(bad)


def test_sample_with_inconsistent_tables():
    prior = pt.Table.from_dict({0: 0.5, 1: 0.3, 2: 0.2}, "y")
    partial = pt.Table.from_dict(
        {(0, 0): 1.0, (1, 1): 1.0}, ("y", "x"), given="y", states={"y": [0, 1, 2]}
    )
    model = pt.Factorization([pt.Term("y", (), prior), pt.Term("x", "y", partial)])
    message = (
        "sample(): p(x | y) has no distribution for y=2, which the other terms draw with positive probability; "
        "the tables are inconsistent."
    )
    with pytest.raises(ZeroProbabilityError, match=re.escape(message)):
        model.sample(1_000, seed=0)


def test_sample_with_disagreeing_state_lists():
    prior = pt.Table.from_dict({0: 0.5, 1: 0.5}, "y")
    child = pt.Table.uniform({"y": [0, 1, 2], "x": [0, 1]}, given="y")
    model = pt.Factorization([pt.Term("y", (), prior), pt.Term("x", "y", child)])
    message = "sample(): variable 'y' has states (0, 1, 2) in p(x | y) but (0, 1) in p(y)."
    with pytest.raises(StateMismatchError, match=re.escape(message)):
        model.sample(10)


def test_numpy_string_names_print_as_plain_strings():
    y = np.array(["y"])[0]  # numpy.str_, as rng.choice(names) gives
    prior = pt.Table.from_dict({0: 0.5, 1: 0.5}, "y")
    child = pt.Table.uniform({"y": [0, 1, 2], "x": [0, 1]}, given="y")
    term = pt.Term("x", (y,), child)
    assert type(term.given[0]) is str
    model = pt.Factorization([pt.Term(y, (), prior), term])
    message = "sample(): variable 'y' has states (0, 1, 2) in p(x | y) but (0, 1) in p(y)."
    with pytest.raises(StateMismatchError, match=re.escape(message)):
        model.sample(10)


def test_estimate_does_not_import_dask():
    import subprocess
    import sys

    code = "import sys, probtables.estimate; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tables_listing_the_same_states_in_another_order_are_aligned():
    rain = pt.Table.from_dict({"yes": 0.3, "no": 0.7}, "rain")  # states sorted: ('no', 'yes')
    ground = pt.Table.from_dict(
        {("yes", "wet"): 0.9, ("yes", "dry"): 0.1, ("no", "wet"): 0.2, ("no", "dry"): 0.8},
        ("rain", "ground"),
        given="rain",
        states={"rain": ["yes", "no"], "ground": ["wet", "dry"]},
    )
    model = pt.Factorization([pt.Term("rain", (), rain), pt.Term("ground", "rain", ground)])
    data = pd.DataFrame({"rain": ["yes", "no", "no"], "ground": ["wet", "wet", "dry"]})
    brute = math.log(0.3 * 0.9) + math.log(0.7 * 0.2) + math.log(0.7 * 0.8)
    assert model.log_likelihood(data) == pytest.approx(brute, rel=1e-12)
    draws = model.sample(100_000, seed=21)
    wet_given_yes = (draws["ground"][draws["rain"] == "yes"] == "wet").mean()
    assert wet_given_yes == pytest.approx(0.9, abs=0.01)
    assert model.fit(draws).term("ground").table.equals(ground, atol=0.01)


def test_explicit_states_are_checked(tiny):
    message = "fit(): variable 'a' lists state(s) [0] more than once."
    with pytest.raises(DataError, match=re.escape(message)):
        fit("p(a)", tiny, states={"a": [0, 1, 0]})


def test_sample_variables_with_many_states():
    rng = np.random.default_rng(22)
    prior = pt.Table.from_array(rng.dirichlet(np.ones(20)), states={"a": range(20)})
    cpt = pt.Table.from_array(
        rng.dirichlet(np.ones(30), size=20), states={"a": range(20), "b": range(30)}, given="a"
    )
    model = pt.Factorization([pt.Term("a", (), prior), pt.Term("b", "a", cpt)])
    n = 200_000
    empirical = pt.Table.from_samples(model.sample(n, seed=23))
    joint = model.joint().to_array(["a", "b"])
    gap = np.abs(empirical.to_array(["a", "b"]) - joint)
    assert (gap <= 5 * np.sqrt(joint * (1 - joint) / n) + 1e-12).all()


def test_fit_dropna_and_not_discrete_columns():
    import warnings

    from probtables.errors import NotDiscreteError

    data = pd.DataFrame({"a": [0, 0, 1, None, 1, 1], "b": ["x", "y", "y", "y", None, "x"]})
    with pytest.raises(MissingValueError, match=re.escape("'a' has 1 (rows [3]), 'b' has 1 (rows [4])")):
        fit("p(a)p(b | a)", data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = fit("p(a)p(b | a)", data, dropna=True)
    assert [str(w.message) for w in caught] == [
        "fit(): dropped 2 of 6 rows with a missing value in ('a', 'b') (dropna=True)."
    ]
    assert model.term("b").table.p(b="y", a=0) == 0.5  # rows 0, 1 give a=0
    grams = pd.DataFrame({"g": np.arange(60) * 0.5, "s": [0, 1] * 30})
    with pytest.raises(
        NotDiscreteError, match=re.escape("fit(): column 'g' does not look discrete: 60")
    ):
        fit("p(s)p(g | s)", grams)
    assert fit("p(s)p(g | s)", grams, max_distinct=None).term("g").table.p(g=0.5, s=1) == pytest.approx(
        1 / 30
    )
    # states known from tables are never questioned
    known = fit("p(s)p(g | s)", grams, max_distinct=None)
    assert fit(known, grams).term("s").table.p(s=0) == 0.5
