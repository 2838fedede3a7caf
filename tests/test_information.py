"""Tests of probtables.information: entropy, mutual information, KL divergence, cross-entropy.

Expected values come from a brute-force loop over the joint (``tests.strategies.Ref``),
from ``scipy.stats.entropy``, or from hand calculations; never from the module itself.
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import entropy as scipy_entropy
from strategies import Ref

import probtables as pt
from probtables.errors import (
    DroppedRowsWarning,
    InvalidParameterError,
    MissingDataError,
    NotAJointError,
    NotDiscreteError,
    StateMismatchError,
    UnknownVariableError,
    VariableMismatchError,
)
from probtables.testing import tables


def ref_of(table: pt.Table) -> Ref:
    return Ref.from_array(table.to_array(list(table.variables)), table.states)


def brute_entropy(ref: Ref, names, given=()) -> float:
    """H(names | given) = -sum p(a, g) log p(a | g), by loops over the reference joint."""
    joint = ref.marginal(tuple(names) + tuple(given))
    cond = ref.marginal(tuple(given)) if given else {(): 1.0}
    k = len(names)
    total = 0.0
    for key, p in joint.items():
        if p > 0:
            total -= p * (math.log(p) - math.log(cond[key[k:]]))
    return total


def brute_mi(ref: Ref, a, b, c=()) -> float:
    """I(a; b | c) = sum p(a, b, c) log [p(a, b, c) p(c) / (p(a, c) p(b, c))], by loops."""
    a, b, c = tuple(a), tuple(b), tuple(c)
    abc = ref.marginal(a + b + c)
    ac, bc = ref.marginal(a + c), ref.marginal(b + c)
    pc = ref.marginal(c) if c else {(): 1.0}
    total = 0.0
    for key, p in abc.items():
        if p > 0:
            ka, kb, kc = key[: len(a)], key[len(a) : len(a) + len(b)], key[len(a) + len(b) :]
            # in logs: products of tiny probabilities would underflow
            total += p * (math.log(p) + math.log(pc[kc]) - math.log(ac[ka + kc]) - math.log(bc[kb + kc]))
    return total


# --------------------------------------------------------------------------- entropy


@settings(max_examples=60, deadline=None)
@given(t=tables(min_vars=1, max_vars=4, allow_zeros=True), base=st.sampled_from([None, 2, 10]))
def test_entropy_of_the_head_matches_scipy(t, base):
    p = t.to_array(list(t.variables)).ravel()
    assert t.entropy(base=base) == pytest.approx(scipy_entropy(p, base=base), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(t=tables(min_vars=2, max_vars=4, allow_zeros=True), data=st.data())
def test_entropy_of_variables_and_conditional_entropy_match_brute_force(t, data):
    names = list(t.variables)
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    rest = [v for v in names if v not in chosen]
    cond = data.draw(st.lists(st.sampled_from(rest), max_size=2, unique=True)) if rest else []
    ref = ref_of(t)
    assert t.entropy(chosen) == pytest.approx(brute_entropy(ref, chosen), abs=1e-12)
    assert t.entropy(chosen, given=cond) == pytest.approx(brute_entropy(ref, chosen, cond), abs=1e-12)
    assert pt.conditional_entropy(t, chosen, cond, base=2) == pytest.approx(
        brute_entropy(ref, chosen, cond) / math.log(2), abs=1e-12
    )


def test_entropy_of_a_conditional_table_given_an_assignment():
    joint = pt.Table.from_array(
        [[0.5, 0.0], [0.1, 0.4]], states={"x": ["a", "b"], "y": [0, 1]}
    )  # p(y | x=b) = (0.2, 0.8)
    conditional = joint.condition("x")
    expected = -(0.2 * math.log(0.2) + 0.8 * math.log(0.8))
    assert conditional.entropy(given={"x": "b"}) == pytest.approx(expected, abs=1e-12)
    assert joint.condition(x="b").entropy() == pytest.approx(expected, abs=1e-12)
    assert conditional.entropy(given={"x": "a"}) == 0.0
    msg = (
        "entropy(): p(y | x) is conditional: its entropy depends on the assignment of x; pass "
        "given={'x': ...} for one assignment, or multiply by a distribution of x to get a joint table."
    )
    with pytest.raises(NotAJointError, match=re.escape(msg)):
        conditional.entropy()


def test_entropy_errors():
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    with pytest.raises(
        UnknownVariableError,
        match=re.escape("entropy(): unknown variable 'xx'; p(x, y) has ('x', 'y'). Did you mean 'x'?"),
    ):
        t.entropy("xx")
    with pytest.raises(
        InvalidParameterError,
        match=re.escape("entropy(): 'x' is both in variables and in given; the sets must be disjoint."),
    ):
        t.entropy("x", given="x")
    for base in (1, 0, -2, "2", True):
        with pytest.raises(
            InvalidParameterError,
            match=re.escape(f"entropy(): base must be a positive number other than 1; got {base!r}."),
        ):
            t.entropy(base=base)


def test_results_are_python_floats():
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    values = [
        t.entropy(),
        t.mutual_information("x", "y"),
        pt.kl_divergence(t, t),
        pt.cross_entropy(t, t),
    ]
    assert all(type(v) is float for v in values)


# --------------------------------------------------------------------------- mutual information


@settings(max_examples=80, deadline=None)
@given(t=tables(min_vars=2, max_vars=5, allow_zeros=True), data=st.data())
def test_mutual_information_matches_the_direct_formula(t, data):
    names = list(t.variables)
    a = data.draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=min(2, len(names) - 1), unique=True)
    )
    rest = [v for v in names if v not in a]
    b = data.draw(st.lists(st.sampled_from(rest), min_size=1, max_size=2, unique=True))
    rest = [v for v in rest if v not in b]
    c = data.draw(st.lists(st.sampled_from(rest), max_size=2, unique=True)) if rest else []
    expected = brute_mi(ref_of(t), a, b, c)
    assert t.mutual_information(a, b, given=c or None) == pytest.approx(expected, abs=1e-12)
    assert t.mutual_information(a, b, given=c or None, base=2) == pytest.approx(
        expected / math.log(2), abs=1e-12
    )
    # the identity I = H(a, c) + H(b, c) - H(a, b, c) - H(c), through entropy()
    via_entropy = t.entropy(a, given=c) - t.entropy(a, given=b + c)
    assert t.mutual_information(a, b, given=c or None) == pytest.approx(via_entropy, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(t=tables(min_vars=3, max_vars=4, allow_zeros=True))
def test_zero_conditional_mutual_information_agrees_with_independent(t):
    # Zeros are fine; positive entries below 1e-6 are not: there a deviation within the 1e-9 tolerance
    # of independent() can still give a mutual information above 1e-12 (Hypothesis found one entry of
    # 1e-9 with MI 2.2e-8), so the two float thresholds cannot be compared. Such entries become 0.
    frame = t.frame
    frame["p"] = frame["p"].where(frame["p"] >= 1e-6, 0.0)
    t = pt.Table(frame, given=t.given, states=t.states, normalize=True)
    a, b, *c = t.variables
    # the table itself (almost always dependent) and its projection p(a | c) p(b | c) p(c)
    if c:
        projected = t.marginal(*c) * t.marginal(a, *c).condition(*c) * t.marginal(b, *c).condition(*c)
    else:
        projected = t.marginal(a) * t.marginal(b)
    for table in (t, projected.marginal(a, b, *c)):
        mi = table.mutual_information(a, b, given=c or None)
        independent = table.independent(a, b, given=tuple(c), atol=1e-9)
        assert (mi <= 1e-12) == independent, (mi, independent)
    assert projected.mutual_information(a, b, given=c or None) <= 1e-12


def test_mutual_information_accepts_a_statement_and_checks_arguments():
    t = pt.Table.from_array([[0.4, 0.1], [0.1, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    expected = 2 * 0.4 * math.log(0.4 / 0.25) + 2 * 0.1 * math.log(0.1 / 0.25)
    assert t.mutual_information("x ⊥ y") == pytest.approx(expected, abs=1e-12)
    assert pt.mutual_information(t, pt.Independence("x", "y")) == pytest.approx(expected, abs=1e-12)
    assert t.mutual_information("x", "y") == pytest.approx(expected, abs=1e-12)
    with pytest.raises(
        InvalidParameterError,
        match=re.escape(
            "mutual_information(): correction= is for estimates from samples; a table's mutual "
            "information is exact."
        ),
    ):
        pt.mutual_information(t, "x ⊥ y", correction="miller-madow")
    with pytest.raises(
        InvalidParameterError,
        match=re.escape("mutual_information(): 'x' is both in x and in y; the sets must be disjoint."),
    ):
        t.mutual_information("x", ["y", "x"])
    with pytest.raises(NotAJointError):
        t.condition("y").mutual_information("x", "y")


# --------------------------------------------------------------------------- KL divergence, cross-entropy


@settings(max_examples=60, deadline=None)
@given(
    p=tables(min_vars=1, max_vars=3, allow_zeros=True),
    seed=st.integers(0, 2**32 - 1),
    base=st.sampled_from([None, 2]),
)
def test_kl_and_cross_entropy_match_scipy(p, seed, base):
    rng = np.random.default_rng(seed)
    q_array = rng.dirichlet(np.ones(math.prod(len(s) for s in p.states.values())))
    q = pt.Table.from_array(q_array.reshape([len(s) for s in p.states.values()]), states=p.states)
    pa = p.to_array(list(p.variables)).ravel()
    assert pt.kl_divergence(p, q, base=base) == pytest.approx(
        scipy_entropy(pa, q_array, base=base), abs=1e-10
    )
    expected_h = -np.sum(pa[pa > 0] * np.log(q_array[pa > 0])) / (1 if base is None else math.log(base))
    assert pt.cross_entropy(p, q, base=base) == pytest.approx(expected_h, abs=1e-10)
    assert pt.cross_entropy(p, q, base=base) == pytest.approx(
        p.entropy(base=base) + pt.kl_divergence(p, q, base=base), abs=1e-10
    )
    assert pt.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-12)


def test_kl_aligns_by_name_and_state_label():
    p = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": ["a", "b"], "y": [0, 1]})
    # the same numbers with the variables and the states of x in another order
    q_same = pt.Table.from_array([[0.3, 0.1], [0.4, 0.2]], states={"y": [0, 1], "x": ["b", "a"]})
    assert pt.kl_divergence(p, q_same) == pytest.approx(0.0, abs=1e-15)
    q = pt.Table.uniform({"y": [1, 0], "x": ["b", "a"]})
    expected = sum(v * math.log(v / 0.25) for v in (0.1, 0.2, 0.3, 0.4))
    assert pt.kl_divergence(p, q) == pytest.approx(expected, abs=1e-12)


def test_kl_is_infinite_where_q_is_zero_and_p_is_not():
    p = pt.Table.from_dict({"a": 0.5, "b": 0.5}, variables="x")
    q = pt.Table.from_dict({"a": 1.0, "b": 0.0}, variables="x")
    assert pt.kl_divergence(p, q) == math.inf
    assert pt.cross_entropy(p, q) == math.inf
    assert pt.kl_divergence(q, p) == pytest.approx(math.log(2))  # 1 * log(1 / 0.5)


def test_kl_errors():
    p = pt.Table.uniform({"x": [0, 1]})
    with pytest.raises(
        VariableMismatchError,
        match=re.escape(
            "kl_divergence(): p = p(x) and q = p(y) must be over the same variables; p has ('x',), q has ('y',)."
        ),
    ):
        pt.kl_divergence(p, pt.Table.uniform({"y": [0, 1]}))
    with pytest.raises(
        StateMismatchError,
        match=re.escape("kl_divergence(): variable 'x' has states (0, 1) in p but (0, 2) in q."),
    ):
        pt.kl_divergence(p, pt.Table.uniform({"x": [0, 2]}))
    with pytest.raises(
        NotAJointError,
        match=re.escape(
            "cross_entropy(): q = p(x | y) is conditional; compare joint tables (multiply by a "
            "distribution of y first)."
        ),
    ):
        pt.cross_entropy(p, pt.Table.uniform({"y": [0, 1], "x": [0, 1]}, given="y"))


def test_cross_entropy_is_the_average_negative_log_likelihood():
    data = pd.DataFrame({"x": ["a", "a", "b", "a"]})
    empirical = pt.Table.from_samples(data)
    model = pt.Table.from_dict({"a": 0.5, "b": 0.5}, variables="x")
    assert pt.cross_entropy(empirical, model) == pytest.approx(math.log(2))
    model = pt.Table.from_dict({"a": 0.6, "b": 0.4}, variables="x")
    expected = -(3 * math.log(0.6) + math.log(0.4)) / 4
    assert pt.cross_entropy(empirical, model) == pytest.approx(expected)


# --------------------------------------------------------------------------- on samples


def random_data(rng, n):
    z = rng.integers(0, 3, n)
    return pd.DataFrame(
        {
            "z": z,
            "x": (z + rng.integers(0, 2, n)) % 3,
            "y": np.where(rng.random(n) < 0.3, z, rng.integers(0, 4, n)),
            "w": rng.integers(0, 2, n),
        }
    )


@pytest.mark.parametrize("statement", ["x ⊥ y", "x ⊥ y | z", "x, w ⊥ y | z", "x ⊥ w | y, z"])
def test_g_is_2_n_mutual_information(statement):
    data = random_data(np.random.default_rng(3), 700)
    g = pt.independence_test(data, statement, method="g", permutations=None).statistic
    assert g == pytest.approx(2 * len(data) * pt.mutual_information(data, statement), rel=1e-10)


def test_plug_in_equals_the_mutual_information_of_the_empirical_table():
    data = random_data(np.random.default_rng(4), 500)
    empirical = pt.Table.from_samples(data)
    assert pt.mutual_information(data, "x ⊥ y | z", base=2) == pytest.approx(
        empirical.mutual_information("x", "y", given="z", base=2), abs=1e-12
    )


def test_miller_madow_adds_the_cell_counts_correction():
    data = random_data(np.random.default_rng(5), 300)
    n = len(data)

    def cells(names):
        return len(data.groupby(names).size())

    m = cells(["x", "z"]) + cells(["y", "z"]) - cells(["x", "y", "z"]) - cells(["z"])
    plug_in = pt.mutual_information(data, "x ⊥ y | z")
    corrected = pt.mutual_information(data, "x ⊥ y | z", correction="miller-madow")
    assert corrected == pytest.approx(plug_in + m / (2 * n), abs=1e-12)
    assert m < 0  # all cells seen: the correction is minus the degrees of freedom over 2n


def test_weights_equal_repeated_rows():
    rng = np.random.default_rng(6)
    data = random_data(rng, 80)
    w = rng.integers(1, 4, len(data))
    repeated = data.loc[data.index.repeat(w)]
    for correction in (None, "miller-madow"):
        assert pt.mutual_information(
            data, "x ⊥ y | z", weights=w, correction=correction
        ) == pytest.approx(
            pt.mutual_information(repeated, "x ⊥ y | z", correction=correction), abs=1e-12
        )


def test_samples_missing_values_and_non_discrete_columns():
    data = pd.DataFrame({"x": [0, 1, None, 1, 0, 1], "y": [0, 1, 1, None, 0, 1]})
    with pytest.raises(MissingDataError, match=re.escape("'x' has 1 (rows [2]), 'y' has 1 (rows [3])")):
        pt.mutual_information(data, "x ⊥ y")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = pt.mutual_information(data, "x ⊥ y", dropna=True)
    assert value == pytest.approx(math.log(2))  # x = y on the four complete rows
    assert [type(w.message) for w in caught] == [DroppedRowsWarning]
    grams = pd.DataFrame({"g": np.arange(100) * 1.5, "s": [0, 1] * 50})
    with pytest.raises(NotDiscreteError, match=re.escape("column 'g' does not look discrete")):
        pt.mutual_information(grams, "g ⊥ s")
    with pytest.raises(
        InvalidParameterError,
        match=re.escape(
            "mutual_information(): unknown correction 'mm'; choose None or one of ('miller-madow',)."
        ),
    ):
        pt.mutual_information(grams, "g ⊥ s", correction="mm")
