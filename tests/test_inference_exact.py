"""Inference on factorizations whose tables are exact: fractions in, fractions out, against hand derivations."""

from __future__ import annotations

import math
import re
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_inference import _answer, questions

import probtables as pt
from probtables.errors import ExactnessError, ZeroProbabilityError


def notes_model():
    """The notes' p(z)p(y)p(x | y, z) with rational tables (y and z independent a priori)."""
    py = pt.Table.from_dict({0: F(2, 3), 1: F(1, 3)}, variables="y")
    pz = pt.Table.from_dict({0: F(3, 4), 1: F(1, 4)}, variables="z")
    # p(x=1 | y, z): (0,0) 1/10, (0,1) 1/2, (1,0) 1/2, (1,1) 9/10
    px = pt.Table.from_array(
        [[[F(9, 10), F(1, 10)], [F(1, 2), F(1, 2)]], [[F(1, 2), F(1, 2)], [F(1, 10), F(9, 10)]]],
        states={"y": [0, 1], "z": [0, 1], "x": [0, 1]},
        given=("y", "z"),
    )
    return pt.Factorization.parse("p(z)p(y)p(x | y, z)").with_tables([pz, py, px])


def two_nodes():
    """a -> b: p(a=1) = 1/5, p(b=1 | a=1) = 3/4, p(b=1 | a=0) = 1/8."""
    pa = pt.Table.from_dict({0: F(4, 5), 1: F(1, 5)}, variables="a")
    pb = pt.Table.from_array(
        [[F(7, 8), F(1, 8)], [F(1, 4), F(3, 4)]], states={"a": [0, 1], "b": [0, 1]}, given="a"
    )
    return pt.Factorization.parse("p(a)p(b | a)").with_tables([pa, pb])


def exactly(table, expected):
    """``table`` is exact and holds exactly ``expected`` ({state: Fraction}) for its one head variable."""
    assert table.is_exact
    (name,) = table.head
    got = dict(zip(table.frame[name], table.frame["p"]))
    assert got == expected
    assert all(type(v) is F for v in got.values())


def test_bayes_rule_on_two_nodes_by_hand():
    f = two_nodes()
    # p(a=1 | b=1) = (1/5 * 3/4) / (1/5 * 3/4 + 4/5 * 1/8) = (3/20) / (5/20) = 3/5
    exactly(f.query("p(a | b=1)"), {0: F(2, 5), 1: F(3, 5)})
    point = f.query("p(a=1 | b=1)")
    assert type(point) is F and point == F(3, 5)
    assert f.query("p(a=1, b=1)") == F(3, 20)
    exactly(f.posteriors({"b": 1})["a"], {0: F(2, 5), 1: F(3, 5)})
    # an event that holds surely leaves the prior
    exactly(f.query("p(a | b={0, 1})"), {0: F(4, 5), 1: F(1, 5)})
    # soft evidence on b (weights 1/2 for b=0, 1 for b=1):
    # a=1: 1/5 (1/4 * 1/2 + 3/4) = 7/40; a=0: 4/5 (7/8 * 1/2 + 1/8) = 18/40; so p(a=1) = 7/25
    soft = f.query("p(a)", likelihood={"b": {0: F(1, 2), 1: 1}})
    exactly(soft, {0: F(18, 25), 1: F(7, 25)})
    assert f.query("p(a=1)", likelihood={"b": [0.5, 1.0]}) == F(7, 25)  # 0.5 is exact in binary
    # the conditional table p(b | a) comes back as given
    assert f.query("p(b | a)").equals(f.term("b").table)


def test_the_notes_model_by_hand():
    f = notes_model()
    # p(x=1, y=1) = 1/3 (3/4 * 1/2 + 1/4 * 9/10) = 1/5;  p(x=1, y=0) = 2/3 (3/4 * 1/10 + 1/4 * 1/2) = 2/15
    # p(x=1) = 1/3, so p(y=1 | x=1) = 3/5
    exactly(f.query("p(y | x=1)"), {0: F(2, 5), 1: F(3, 5)})
    # p(x=1, z=1) = 1/4 (2/3 * 1/2 + 1/3 * 9/10) = 19/120, so p(z=1 | x=1) = 19/40
    exactly(f.query("p(z | x=1)"), {0: F(21, 40), 1: F(19, 40)})
    # explaining away: p(x=1, y=1, z=1) = 1/3 * 1/4 * 9/10 = 3/40, so p(y=1 | x=1, z=1) = 9/19
    assert f.query("p(y=1 | x=1, z=1)") == F(9, 19)
    post = f.posteriors({"x": 1})
    exactly(post["y"], {0: F(2, 5), 1: F(3, 5)})
    exactly(post["z"], {0: F(21, 40), 1: F(19, 40)})
    assert post.probabilities("y").tolist() == [F(2, 5), F(3, 5)]
    # y and z independent a priori, exactly
    joint_yz = f.query("p(y, z)")
    assert joint_yz.is_exact and joint_yz.p(y=1, z=1) == F(1, 12)
    # the joint agrees
    for text in ["p(y | x=1)", "p(z, y | x=0)", "p(x | y)", "p(x=0, y=1)"]:
        got, expected = f.query(text), f.joint().query(text)
        assert got == expected if isinstance(got, F) else got.equals(expected)


def test_most_probable_by_hand():
    f = notes_model()
    # p(y, z, x=1): (0,0) 2/3*3/4*1/10 = 1/20, (0,1) 2/3*1/4*1/2 = 1/12, (1,0) 1/3*3/4*1/2 = 1/8,
    # (1,1) 1/3*1/4*9/10 = 3/40: the largest is 1/8 at y=1, z=0; divided by p(x=1) = 1/3: 3/8
    best = f.most_probable({"x": 1})
    assert best.assignment == {"z": 0, "y": 1}
    assert type(best.probability) is F and best.probability == F(3, 8)
    assert best.log_probability == pytest.approx(math.log(1 / 8), abs=1e-15)
    assert repr(best) == "MostProbable(z=0, y=1; probability=3/8)"
    # MAP of y alone: p(y=1 | x=1) = 3/5
    best_y = f.most_probable({"x": 1}, variables=["y"])
    assert best_y.assignment == {"y": 1} and best_y.probability == F(3, 5)


def test_log_probability_is_a_float_from_the_exact_probability():
    f = notes_model()
    got = f.log_probability({"x": 1})
    assert type(got) is float and got == pytest.approx(math.log(1 / 3), abs=1e-15)
    # far below the smallest float: 1000 independent coins with p(heads) = 1/3, all heads observed
    coins = [pt.Table.from_dict({"h": F(1, 3), "t": F(2, 3)}, variables=f"c{i}") for i in range(1000)]
    many = pt.Factorization.parse("".join(f"p(c{i})" for i in range(1000))).with_tables(coins)
    got = many.log_probability({f"c{i}": "h" for i in range(1000)})
    assert got == pytest.approx(-1000 * math.log(3), rel=1e-12)


def test_impossible_evidence_is_exactly_zero():
    pa = pt.Table.from_dict({0: F(1), 1: F(0)}, variables="a")
    pb = pt.Table.from_dict({0: F(1, 3), 1: F(2, 3)}, variables="b")
    f = pt.Factorization.parse("p(a)p(b)").with_tables([pa, pb])
    msg = "query(): the evidence a=1 has probability zero in p(a)p(b); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(msg)):
        f.query("p(b | a=1)")
    assert f.log_probability({"a": 1}) == -math.inf
    exactly(f.query("p(b | a=0)"), {0: F(1, 3), 1: F(2, 3)})


def test_exact_asia_agrees_with_its_exact_joint():
    asia = pt.examples.load("asia")
    exact = asia.with_tables([t.table.to_exact(limit_denominator=1000) for t in asia.terms])
    joint = exact.joint()
    for text in ["p(lung | xray=yes, dysp=yes)", "p(bronc, lung | dysp=yes)", "p(either | smoke)"]:
        got = exact.query(text)
        assert got.is_exact and got.equals(joint.query(text))
    assert exact.query("p(lung=yes | xray=yes)") == joint.query("p(lung=yes | xray=yes)")
    post = exact.posteriors({"xray": "yes"})
    assert post["tub"].equals(joint.query("p(tub | xray=yes)"))


def test_exact_and_float_tables_do_not_mix():
    f = two_nodes()
    mixed = f.with_tables([f.term("a").table, f.term("b").table.to_float()])
    msg = (
        "query(): the table(s) of p(a) hold fractions (exact) but those of p(b | a) hold floats; "
        "exact and float tables do not mix in one factorization. "
        "Convert them first: f.with_tables([t.to_exact() for t in tables]) (or .to_float())."
    )
    with pytest.raises(ExactnessError, match=re.escape(msg)):
        mixed.query("p(a | b=1)")


def _exact_version(f, weights):
    """The same structure with rational tables: integer weights from ``weights``, normalized exactly."""
    tables = []
    for term in f.terms:
        table = term.table
        order = table.variables
        shape = table.to_array(order).shape
        size = int(np.prod(shape))
        ints = np.array([weights[k % len(weights)] for k in range(size)], dtype=object).reshape(shape)
        tables.append(
            pt.Table.from_array(
                ints,
                states={v: table.states[v] for v in order},
                given=table.given,
                normalize=True,
                exact=True,
            )
        )
    return f.with_tables(tables)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions(), st.lists(st.integers(1, 6), min_size=3, max_size=12))
def test_exact_queries_equal_the_exact_joint(case, weights):
    f, text = case
    exact = _exact_version(f, weights)  # positive weights: every row is defined
    expected = _answer(lambda: exact.joint().query(text))
    got = _answer(lambda: exact.query(text))
    if expected is ZeroProbabilityError or got is ZeroProbabilityError:
        assert got is expected
    elif isinstance(expected, F):
        assert type(got) is F and got == expected
    else:
        assert got.is_exact and got.evidence == expected.evidence and got.equals(expected)
