"""Soft (likelihood) evidence in Table.query: by hand, exact, and against Factorization.query on asia."""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest

import probtables as pt
from probtables.errors import ArgumentError, ZeroProbabilityError


@pytest.fixture
def table():
    # p(x, y): x=0 row 0.1, 0.2; x=1 row 0.3, 0.4
    return pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})


def test_likelihood_by_hand(table):
    # weights 1 for y=0 and 1/2 for y=1: x=0 -> 0.1 + 0.1 = 0.2, x=1 -> 0.3 + 0.2 = 0.5, total 0.7
    got = table.query("p(x)", likelihood={"y": {0: 1.0, 1: 0.5}})
    assert got.notation == "p(x)"
    assert got.to_array(["x"]).tolist() == pytest.approx([2 / 7, 5 / 7], abs=1e-15)
    assert table.query("p(x=1)", likelihood={"y": [1.0, 0.5]}) == pytest.approx(5 / 7, abs=1e-15)
    # a state left out of the mapping weighs 0: only y=0 counts, p(x=1) = 0.3 / 0.4
    assert table.query("p(x=1)", likelihood={"y": {0: 0.3}}) == pytest.approx(0.75, abs=1e-15)
    # with hard evidence on the other variable: weights 2 and 1 on x at y=0 -> 0.2, 0.3
    assert table.query("p(x=0 | y=0)", likelihood={"x": [2, 1]}) == pytest.approx(0.4, abs=1e-15)
    # an event and a likelihood on the same variable: the event keeps y=1 only; p(x | y=1) = 1/3, 2/3
    got = table.query("p(x | y={1})", likelihood={"y": [1.0, 0.5]})
    assert got.to_array(["x"]).tolist() == pytest.approx([1 / 3, 2 / 3], abs=1e-15)
    # the input is not changed
    assert table.p(x=1, y=1) == 0.4


def test_likelihood_on_an_exact_table_is_exact():
    exact = pt.Table.from_array(
        [[F(1, 10), F(1, 5)], [F(3, 10), F(2, 5)]], states={"x": [0, 1], "y": [0, 1]}
    )
    got = exact.query("p(x=1)", likelihood={"y": {0: 1, 1: F(1, 2)}})
    assert type(got) is F and got == F(5, 7)
    f = exact.chain_factorize(["y", "x"])
    assert f.query("p(x=1)", likelihood={"y": {0: 1, 1: F(1, 2)}}) == F(5, 7)


@pytest.mark.parametrize(
    ("text", "likelihood"),
    [
        ("p(lung)", {"xray": {"yes": 0.8, "no": 0.2}}),
        ("p(lung | dysp=yes)", {"xray": [0.7, 0.1]}),
        ("p(tub, lung)", {"xray": {"yes": 0.9, "no": 0.3}, "smoke": [0.6, 0.4]}),
        ("p(bronc=yes | smoke=no)", {"dysp": {"yes": 1.0}}),
        ("p(either | asia)", {"xray": [0.5, 0.25]}),
        ("p(lung | xray={yes, no})", {"xray": [0.5, 0.25]}),
    ],
)
def test_table_and_factorization_agree_on_asia(text, likelihood):
    asia = pt.examples.load("asia")
    from_joint = asia.joint().query(text, likelihood=likelihood)
    from_engine = asia.query(text, likelihood=likelihood)
    if isinstance(from_engine, float):
        assert from_joint == pytest.approx(from_engine, abs=1e-12)
    else:
        assert from_joint.notation == from_engine.notation
        assert from_joint.equals(from_engine, atol=1e-12)


def test_likelihood_errors(table):
    msg = "query(): 'y' has both a value and a likelihood; give one of them."
    with pytest.raises(ArgumentError, match=re.escape(msg)):
        table.query("p(x | y=0)", likelihood={"y": [1.0, 0.5]})
    conditional = table.condition("y")
    msg = "query(): 'y' is behind the bar of p(x | y); a likelihood weighs states of a head variable."
    with pytest.raises(ArgumentError, match=re.escape(msg)):
        conditional.query("p(x | y)", likelihood={"y": [1.0, 0.5]})
    msg = (
        "query(): the likelihood of 'y' needs one weight per state (0, 1) "
        "(or a mapping state -> weight); got 3 weights."
    )
    with pytest.raises(ArgumentError, match=re.escape(msg)):
        table.query("p(x)", likelihood={"y": [1.0, 0.5, 0.1]})
    msg = "query(): the likelihood of 'y' must be finite, non-negative weights, not all zero; got [0, -1.0]."
    with pytest.raises(ArgumentError, match=re.escape(msg)):
        table.query("p(x)", likelihood={"y": [0, -1.0]})
    zero = pt.Table.from_array([[0.5, 0.0], [0.5, 0.0]], states={"x": [0, 1], "y": [0, 1]})
    msg = "query(): the evidence likelihood on 'y' has probability zero in p(x, y); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(msg)):
        zero.query("p(x)", likelihood={"y": {1: 1.0}})
