"""Exact tables: Fractions end to end, against hand calculations with fractions."""

from __future__ import annotations

import re
from fractions import Fraction as F

import numpy as np
import pandas as pd
import pytest

import probtables as pt
from probtables.errors import (
    DataError,
    ExactnessError,
    InvalidProbabilityError,
    NormalizationError,
    NotAConditionalError,
)

# p(x, y) by hand: x=0 row 1/6, 1/3; x=1 row 1/4, 1/4
JOINT = {(0, 0): F(1, 6), (0, 1): F(1, 3), (1, 0): F(1, 4), (1, 1): F(1, 4)}


@pytest.fixture
def joint():
    return pt.Table.from_dict(JOINT, variables=("x", "y"))


def all_fractions(table):
    return all(type(v) is F for v in table.frame["p"])


def notes_model():
    pz = pt.Table.from_dict({0: F(7, 10), 1: F(3, 10)}, variables="z")
    py = pt.Table.from_dict({0: F(2, 5), 1: F(3, 5)}, variables="y")
    px = pt.Table.from_array(
        [[[F(9, 10), F(1, 10)], [F(1, 2), F(1, 2)]], [[F(3, 10), F(7, 10)], [F(1, 20), F(19, 20)]]],
        states={"y": [0, 1], "z": [0, 1], "x": [0, 1]},
        given=("y", "z"),
    )
    return pt.Factorization.parse("p(z)p(y)p(x|y,z)").with_tables([pz, py, px])


# --------------------------------------------------------------------------- construction


def test_every_constructor_makes_exact_tables():
    by_dict = pt.Table.from_dict({"H": F(2, 3), "T": F(1, 3)}, variables="c")
    by_array = pt.Table.from_array(np.array([F(2, 3), F(1, 3)], dtype=object), states={"c": ["H", "T"]})
    by_lists = pt.Table.from_array([F(2, 3), F(1, 3)], states={"c": ["H", "T"]})
    by_function = pt.Table.from_function(lambda c: F(2) if c == "H" else F(1), states={"c": ["H", "T"]})
    by_frame = pt.Table(pd.DataFrame({"c": ["H", "T"], "p": [F(2, 3), F(1, 3)]}))
    by_flag = pt.Table.from_dict({"H": "2/3", "T": "1/3"}, variables="c", exact=True)
    for table in (by_dict, by_array, by_lists, by_function, by_frame, by_flag):
        assert table.is_exact
        assert all_fractions(table)
        assert table.p(c="T") == F(1, 3) and type(table.p(c="T")) is F
        assert table.equals(by_dict)


def test_exact_flag_converts_ints_and_floats_exactly():
    t = pt.Table.from_dict({"a": 0.25, "b": 0.75}, variables="x", exact=True)
    assert t.p(x="a") == F(1, 4)
    counts = pt.Table.from_function(lambda x: x + 1, states={"x": [0, 1, 2]}, exact=True)
    assert [counts.p(x=v) for v in (0, 1, 2)] == [F(1, 6), F(1, 3), F(1, 2)]
    die = pt.Table.uniform({"die": range(1, 7)}, exact=True)
    assert die.p(die=[2, 4, 6]) == F(1, 2)
    assert not pt.Table.uniform({"die": range(1, 7)}).is_exact


def test_prints_fractions(joint):
    text = repr(joint)
    assert "1/6" in text and "1/3" in text and "0.16" not in text
    assert ">1/6</td>" in joint._repr_html_()


def test_exact_sums_have_no_tolerance():
    with pytest.raises(NormalizationError) as info:
        pt.Table.from_dict({"a": F(1, 3), "b": F(2, 3) - F(1, 10**30)}, variables="x")
    assert str(info.value).startswith(
        "Table(): probabilities must sum to exactly 1 in an exact table; 1 sum(s) differ:\n"
        "    total: 999999999999999999999999999999/1000000000000000000000000000000 (= 1.0)"
    )


def test_decimal_floats_do_not_sum_to_one_exactly():
    msg = (
        "from_function(): probabilities must sum to exactly 1 per conditioning assignment in an exact table; "
        "1 sum(s) differ:"
    )
    with pytest.raises(NormalizationError, match=re.escape(msg)):
        pt.Table.from_function(
            lambda x, y: 0.1 if x == 0 else 0.9 - 0.0,
            states={"y": [0], "x": [0, 1]},
            given="y",
            normalize=False,
            exact=True,
        ).p(x=0, y=0)


def test_floats_among_fractions_are_refused():
    msg = (
        "Table(): probability 0.5 at row 1 is a float among fractions; write every probability as a "
        "Fraction (or a string such as '1/10'), or pass exact=True to convert floats exactly "
        "(Fraction(0.5) is the float's binary value)."
    )
    with pytest.raises(ExactnessError, match=re.escape(msg)):
        pt.Table.from_dict({"a": F(1, 2), "b": 0.5}, variables="x")


def test_negative_and_tolerance_errors():
    with pytest.raises(
        InvalidProbabilityError,
        match=re.escape("from_array(): 1 probability value(s) are negative (at position 1: -1/2)."),
    ):
        pt.Table.from_array([F(3, 2), F(-1, 2)], states={"x": [0, 1]})
    msg = (
        "Table(): atol=0.001 does not apply to exact tables: they are checked exactly, with no tolerance. "
        "Leave atol out, or convert with .to_float() to compare within a tolerance."
    )
    with pytest.raises(ExactnessError, match=re.escape(msg)):
        pt.Table.from_dict({"a": F(1, 2), "b": F(1, 2)}, variables="x", atol=1e-3)


# --------------------------------------------------------------------------- the rules, by hand


def test_sum_rule_and_conditioning_by_hand(joint):
    px = joint.marginal("x")
    assert px.is_exact and all_fractions(px)
    assert (px.p(x=0), px.p(x=1)) == (F(1, 2), F(1, 2))
    py = joint.marginalize("x")
    assert (py.p(y=0), py.p(y=1)) == (F(5, 12), F(7, 12))
    given = joint.condition(y=0)
    assert given.notation == "p(x | y=0)" and all_fractions(given)
    assert (given.p(x=0), given.p(x=1)) == (F(2, 5), F(3, 5))  # (1/6) / (5/12), (1/4) / (5/12)
    conditional = joint.condition("y")
    assert conditional.p(x=1, y=1) == F(3, 7)  # (1/4) / (7/12)
    assert joint.query("p(x=0 | y=1)") == F(4, 7)  # (1/3) / (7/12)
    assert type(joint.query("p(x=0 | y=1)")) is F


def test_events_by_hand():
    t = pt.Table.from_dict({0: F(1, 2), 1: F(1, 3), 2: F(1, 6)}, variables="x")
    event = t.condition(x=[1, 2])
    assert event.is_exact and event.p(x=1) == F(2, 3) and event.p(x=0) == 0
    assert event.condition(x=[2, 0]).p(x=2) == 1  # narrowing keeps {2}


def test_products_and_divisions_stay_exact(joint):
    conditional = joint.condition("y")
    marginal = joint.marginal("y")
    product = conditional * marginal
    assert product.is_exact and all_fractions(product)
    assert product.equals(joint)
    quotient = joint / marginal
    assert quotient.is_exact and quotient.equals(conditional)
    assert quotient.p(x=0, y=0) == F(2, 5)


def test_division_that_is_not_a_conditional_is_exactly_refused(joint):
    tiny = F(1, 10**15)  # below any float tolerance: only the exact check sees it
    wrong = pt.Table.from_dict({0: F(5, 12) + tiny, 1: F(7, 12) - tiny}, variables="y")
    total = F(5, 12) / (F(5, 12) + tiny)  # what p(x | y=0) sums to, by hand
    msg = (
        f"p(x, y) / p(y) is not a conditional: for y=0 the result sums to {total} over ('x',), not 1; "
        "the denominator must be the marginal of the numerator."
    )
    with pytest.raises(NotAConditionalError, match=re.escape(msg)):
        joint / wrong
    assert not (joint.to_float() / wrong.to_float()).is_exact  # as floats it passes within the tolerance


def test_chain_rule_factorizations_stay_exact(joint):
    f = joint.chain_factorize(["y", "x"])
    assert all(term.table.is_exact for term in f.terms)
    assert f.terms[1].table.p(x=1, y=0) == F(3, 5)
    assert f.joint().equals(joint)
    g = joint.factorize("p(x)p(y | x)")
    assert g.terms[0].table.p(x=0) == F(1, 2)
    assert joint.satisfies("p(y)p(x | y)")
    assert not joint.satisfies("p(x)p(y)")  # 1/6 != 1/2 · 5/12


def test_independence_is_exact_with_no_tolerance():
    px = pt.Table.from_dict({0: F(1, 3), 1: F(2, 3)}, variables="x")
    py = pt.Table.from_dict({0: F(1, 4), 1: F(3, 4)}, variables="y")
    product = px * py
    assert product.independent("x", "y") and product.satisfies("p(x)p(y)")
    tiny = F(1, 10**15)
    nudged = pt.Table.from_dict(
        {
            (0, 0): F(1, 12) + tiny,
            (0, 1): F(1, 4) - tiny,
            (1, 0): F(1, 6) - tiny,
            (1, 1): F(1, 2) + tiny,
        },
        variables=("x", "y"),
    )
    assert not nudged.independent("x", "y")
    assert not nudged.satisfies("p(x)p(y)")
    assert nudged.to_float().independent("x", "y")  # within atol=1e-9 as floats


def test_the_notes_model_satisfies_y_indep_z_exactly():
    joint = notes_model().joint()
    assert joint.is_exact
    assert joint.independent("y", "z")
    assert not joint.independent("y", "z", given="x")
    assert joint.satisfies("p(z)p(y)p(x|y,z)")
    # by hand: p(x=0, y=1, z=1) = p(z=1) p(y=1) p(x=0 | y=1, z=1) = 3/10 · 3/5 · 1/20
    assert joint.p(x=0, y=1, z=1) == F(9, 1000)


def test_equals_refuses_to_mix_unless_asked(joint):
    floats = joint.to_float()
    msg = (
        "equals(): p(x, y) is exact (fractions) but p(x, y) holds floats; exact and float tables do not mix. "
        "Convert one of them first: p(x, y) with .to_exact(), or p(x, y) with .to_float()."
    )
    with pytest.raises(ExactnessError, match=re.escape(msg)):
        joint.equals(floats)
    assert joint.equals(floats, exact=False)
    quarters = pt.Table.from_dict({0: F(1, 4), 1: F(3, 4)}, variables="x")
    assert quarters.equals(quarters.to_float(), exact=True)  # 1/4 and 3/4 are exact binary floats
    assert not quarters.equals(pt.Table.from_dict({0: 0.5, 1: 0.5}, variables="x"), exact=True)
    with pytest.raises(ExactnessError, match=re.escape("equals(): atol=0.1 does not apply")):
        joint.equals(joint, atol=0.1)


def test_products_refuse_to_mix(joint):
    float_y = joint.marginal("y").to_float()
    msg = (
        "p(x | y) * p(y): p(x | y) is exact (fractions) but p(y) holds floats; exact and float tables do not mix. "
        "Convert one of them first: p(y) with .to_exact(), or p(x | y) with .to_float()."
    )
    with pytest.raises(ExactnessError, match=re.escape(msg)):
        joint.condition("y") * float_y


# --------------------------------------------------------------------------- Bayes' rule


def test_bayes_is_exact_by_hand():
    prior = pt.Table.from_dict({"sick": F(1, 100), "well": F(99, 100)}, variables="h")
    test = pt.Table.from_dict(
        {
            ("sick", "+"): F(9, 10),
            ("sick", "-"): F(1, 10),
            ("well", "+"): F(1, 20),
            ("well", "-"): F(19, 20),
        },
        variables=("h", "t"),
        given="h",
    )
    posterior = pt.bayes(prior, test, evidence={"t": "+"})
    # (1/100 · 9/10) / (1/100 · 9/10 + 99/100 · 1/20) = 18/117
    assert posterior.p(h="sick") == F(2, 13) and all_fractions(posterior)
    with pytest.raises(ExactnessError, match=re.escape("p(t | h) * p(h): p(h) is exact (fractions)")):
        pt.bayes(prior, test.to_float(), evidence={"t": "+"})
    assert pt.bayes(prior, test.to_float(), evidence={"t": "+"}, exact=False).p(
        h="sick"
    ) == pytest.approx(2 / 13)


def test_bayes_sequential_on_a_grid_by_hand():
    grid = [F(1, 4), F(3, 4)]
    prior = pt.Table.uniform({"theta": grid}, exact=True)
    lik = pt.Table.from_function(
        lambda flip, theta: theta if flip == 1 else 1 - theta,
        states={"theta": grid, "flip": [0, 1]},
        given="theta",
    )
    post = pt.bayes_sequential(prior, lik, [{"flip": 1}, {"flip": 1}, {"flip": 0}])
    # ∝ θ²(1 - θ): 3/64 and 9/64
    assert post.is_exact and post.p(theta=F(3, 4)) == F(3, 4)


# --------------------------------------------------------------------------- conversions


def test_to_exact_and_to_float():
    t = pt.Table.from_dict({"a": 0.25, "b": 0.75}, variables="x")
    assert t.to_exact().p(x="a") == F(1, 4)
    assert t.to_exact().to_float().equals(t)
    assert type(t.to_exact().to_float().p(x="a")) is float
    thirds = pt.Table.uniform({"x": [0, 1, 2]})
    assert thirds.to_exact(limit_denominator=10).p(x=2) == F(1, 3)
    msg = "to_exact(): probabilities must sum to exactly 1 in an exact table; 1 sum(s) differ:"
    with pytest.raises(NormalizationError, match=re.escape(msg)):
        pt.Table.from_dict({"a": 0.1, "b": 0.2, "c": 0.7}, variables="x").to_exact()
    decimals = pt.Table.from_dict({"a": 0.1, "b": 0.2, "c": 0.7}, variables="x").to_exact(
        limit_denominator=100
    )
    assert decimals.p(x="a") == F(1, 10)
    with pytest.raises(
        DataError, match=re.escape("to_exact(): limit_denominator must be a whole number >= 1, got 0.")
    ):
        t.to_exact(limit_denominator=0)


def test_inputs_are_not_mutated_and_sampling_works(joint):
    frame = pd.DataFrame({"c": ["H", "T"], "p": [F(2, 3), F(1, 3)]})
    before = frame.copy()
    pt.Table(frame)
    pd.testing.assert_frame_equal(frame, before)
    draws = joint.sample(50, seed=0)
    assert len(draws) == 50 and set(draws["x"]) <= {0, 1}


def test_the_exact_gap_feeds_the_float_reports():
    from probtables.check import independence_gap

    joint = notes_model().joint()
    exact_gap = independence_gap(joint, ["y"], ["z"], ["x"], exact_values=True)
    assert type(exact_gap.gap) is F and exact_gap.gap > 0
    assert independence_gap(joint, ["y"], ["z"], [], exact_values=True).gap == 0
    assert type(independence_gap(joint, ["y"], ["z"], ["x"]).gap) is float  # what the reports format
    float_gap = independence_gap(joint.to_float(), "y", "z", "x")
    assert abs(float(exact_gap.gap) - float_gap.gap) < 1e-12
    pt.testing.assert_independent(joint, "y ⊥ z")
    with pytest.raises(AssertionError, match=re.escape("y ⊥ z | x does not hold in p(z, y, x)")):
        pt.testing.assert_independent(joint, "y ⊥ z | x")


def test_normalize_keeps_counts_exact():
    # 7 heads and 3 tails are 7/10 and 3/10; counts 8, 2 | 1, 3 per z give x=1 with 2/10 and 3/4
    coin = pt.Table.from_dict({"H": 7, "T": 3}, variables="c", normalize=True, exact=True)
    assert coin.p(c="H") == F(7, 10) and isinstance(coin.p(c="H"), F)
    cpt = pt.Table.from_array(
        [[F(8), 2], [1, 3]], states={"z": [0, 1], "x": [0, 1]}, given="z", normalize=True
    )
    assert (cpt.p(x=1, z=0), cpt.p(x=1, z=1)) == (F(1, 5), F(3, 4))
