"""Derivatives of queries (probtables.inference.gradient) against finite differences of a brute-force polynomial.

The reference is the network polynomial written out as one ``numpy.einsum`` over
every table's dense array and one indicator vector per observed variable: it
shares no code with the elimination. Moving one entry of one array and
evaluating it again gives a central finite difference of the query.
"""

from __future__ import annotations

import math
import re
import string

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import probtables as pt
from probtables.errors import ProbTablesError, UnknownVariableError, ZeroProbabilityError
from probtables.inference import Gradient
from probtables.testing import factorizations

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STEP = 1e-6


# ---------------------------------------------------------------------- the brute-force reference


class Polynomial:
    """p(q, e) and p(e) of a factorization as one einsum over its tables' arrays (moved at will)."""

    def __init__(self, f: pt.Factorization):
        self.f = f
        self.letters = {n: string.ascii_letters[i] for i, n in enumerate(f.variables)}
        self.states = {n: f.term(n).table.states[n] for n in f.variables}
        self.arrays = [t.table.to_array(t.table.variables) for t in f.terms]
        self.spec = ",".join("".join(self.letters[v] for v in t.table.variables) for t in f.terms)

    def _indicator(self, name, value):
        states = self.states[name]
        vector = np.zeros(len(states))
        for v in value if isinstance(value, (list, tuple, set)) else [value]:
            vector[states.index(v)] = 1.0
        return vector

    def total(self, arrays, settings, weights=None):
        operands, spec = list(arrays), self.spec
        for name, value in settings.items():
            operands.append(self._indicator(name, value))
            spec += "," + self.letters[name]
        for name, vector in (weights or {}).items():
            operands.append(np.asarray(vector, dtype=float))
            spec += "," + self.letters[name]
        return float(np.einsum(spec + "->", *operands))

    def query(self, arrays, head, evidence, weights=None):
        """p(head | evidence) as the ratio of two polynomials, or p(head) itself without evidence."""
        if evidence or weights:
            return self.total(arrays, {**head, **evidence}, weights) / self.total(
                arrays, evidence, weights
            )
        return self.total(arrays, head)

    def finite_differences(self, head, evidence, weights=None, h=STEP):
        """Central differences of the query, one per entry of every array: {term index: array}."""
        out = {}
        for t, array in enumerate(self.arrays):
            diff = np.zeros(array.shape)
            for index in np.ndindex(array.shape):
                moved = [a.copy() for a in self.arrays]
                moved[t][index] += h
                up = self.query(moved, head, evidence, weights)
                moved[t][index] -= 2 * h
                down = self.query(moved, head, evidence, weights)
                diff[index] = (up - down) / (2 * h)
            out[t] = diff
        return out


def _item(name, value):
    if isinstance(value, tuple):
        return f"{name}={{{', '.join(str(v) for v in value)}}}"
    return f"{name}={value}"


@st.composite
def point_questions(draw):
    """A factorization, a point query on it (head values, evidence values or events), as notation and dicts."""
    f = draw(factorizations(min_nodes=2, max_nodes=5, max_states=3))
    names = list(f.variables)
    order = draw(st.permutations(names))
    n_head = draw(st.integers(1, min(2, len(names) - 1)))
    n_given = draw(st.integers(0, len(names) - n_head))
    states = {v: f.term(v).table.states[v] for v in names}

    def setting(v):
        if draw(st.integers(0, 3)) == 0 and len(states[v]) > 2:
            return tuple(
                sorted(draw(st.lists(st.sampled_from(states[v]), min_size=2, max_size=2, unique=True)))
            )
        return draw(st.sampled_from(states[v]))

    head = {v: setting(v) for v in order[:n_head]}
    evidence = {v: setting(v) for v in order[n_head : n_head + n_given]}
    text = f"p({', '.join(_item(n, v) for n, v in head.items())}"
    text += f" | {', '.join(_item(n, v) for n, v in evidence.items())})" if evidence else ")"
    return f, text, head, evidence


def _close(got, expected, h=STEP):
    """A central difference is within a few h of the derivative (tables here have no entry below ~1e-3)."""
    return np.abs(got - expected) <= 1e3 * h * (1.0 + np.abs(expected))


# ---------------------------------------------------------------------- properties on random networks


@SETTINGS
@given(point_questions())
def test_every_gradient_entry_equals_a_central_finite_difference(case):
    f, text, head, evidence = case
    g = f.gradient(text)
    reference = Polynomial(f)
    fd = reference.finite_differences(head, evidence)
    assert g.value == pytest.approx(f.query(text), abs=1e-12)
    for t, term in enumerate(f.terms):
        got = g[term.head[0]].to_array(term.table.variables)
        assert got.shape == fd[t].shape
        assert _close(got, fd[t]).all(), (text, str(term), got, fd[t])


@SETTINGS
@given(point_questions())
def test_euler_identity_on_every_term(case):
    # p(e) is linear in each table: sum of θ ∂p(e)/∂θ over one table is p(e); a ratio is homogeneous of degree 0
    f, text, head, evidence = case
    settings_all = {**head, **evidence}
    joint_text = f"p({', '.join(_item(n, v) for n, v in settings_all.items())})"
    p_e = f.query(joint_text)
    g_poly = f.gradient(joint_text)
    g_ratio = f.gradient(text)
    for term in f.terms:
        theta = term.table.to_array(term.table.variables)
        poly = float((theta * g_poly.array(term.head[0])).sum())
        assert poly == pytest.approx(p_e, rel=1e-9, abs=1e-15)
        if evidence:
            ratio = float((theta * g_ratio.array(term.head[0])).sum())
            assert abs(ratio) <= 1e-9 * (1 + np.abs(g_ratio.array(term.head[0])).max())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(factorizations(min_nodes=2, max_nodes=4, max_states=3), st.data())
def test_soft_evidence_is_differentiated_too(f, data):
    names = list(f.variables)
    target, soft = names[0], names[-1]
    states = {v: f.term(v).table.states[v] for v in names}
    weights = data.draw(
        st.lists(st.floats(0.1, 1.0), min_size=len(states[soft]), max_size=len(states[soft]))
    )
    state = states[target][0]
    text = f"p({target}={state})"
    g = f.gradient(text, likelihood={soft: weights})
    fd = Polynomial(f).finite_differences({target: state}, {}, weights={soft: weights})
    for t, term in enumerate(f.terms):
        assert _close(g.array(term.head[0]), fd[t]).all()


# ---------------------------------------------------------------------- the standard networks


def test_asia_gradient_against_finite_differences_and_the_layout():
    asia = pt.examples.load("asia")
    text = "p(lung=yes | xray=yes, dysp=no)"
    g = asia.gradient(text)
    assert isinstance(g, Gradient)
    assert list(g) == list(asia.variables)
    fd = Polynomial(asia).finite_differences({"lung": "yes"}, {"xray": "yes", "dysp": "no"})
    for t, term in enumerate(asia.terms):
        d = g[term.head[0]]
        # denominator layout: the same variables, states and bar as the term's table
        assert d.variables == term.table.variables and d.given == term.table.given
        assert d.states == term.table.states
        assert _close(d.to_array(term.table.variables), fd[t]).all()
    # the one entry derived by hand: P = p(lung=yes, e) / p(e) and only smoke's prior moves
    assert isinstance(g.value, float)
    # a question's first asking runs a quick plan (another contraction order): equal to rounding
    assert g.value == pytest.approx(asia.query(text), rel=1e-14)


def test_euler_identity_on_alarm_for_every_table():
    alarm = pt.examples.load("alarm")
    text = "p(LVFAILURE=TRUE, HRBP=HIGH)"
    p = alarm.query(text)
    g = alarm.gradient(text)
    assert len(g) == 37
    for term in alarm.terms:
        theta = term.table.to_array(term.table.variables)
        assert float((theta * g.array(term.head[0])).sum()) == pytest.approx(p, rel=1e-9)


def test_barren_tables_have_partial_derivatives():
    # dysp is below nothing asked: moving one of its entries alone changes its column's sum, hence p(e)
    asia = pt.examples.load("asia")
    g = asia.gradient("p(lung=yes, xray=yes)")
    d = g["dysp"]
    p_either = asia.query("p(either=yes, lung=yes, xray=yes)")
    assert d.p(dysp="yes", bronc="yes", either="yes") == pytest.approx(
        asia.query("p(bronc=yes, either=yes, lung=yes, xray=yes)"), abs=1e-12
    )
    assert d.p(dysp="no", bronc="yes", either="yes") + d.p(dysp="no", bronc="no", either="yes") == (
        pytest.approx(p_either, abs=1e-12)
    )


def test_underflowing_evidence_on_a_long_chain():
    # 400 observed variables: p(e) is far below the smallest float, the derivatives are not
    n = 400
    names = [f"x{i}" for i in range(n)]
    terms = [pt.Table.from_dict({0: 0.3, 1: 0.7}, variables="x0")]
    for a, b in zip(names, names[1:]):
        terms.append(
            pt.Table.from_dict(
                {(0, 0): 0.2, (0, 1): 0.8, (1, 0): 0.6, (1, 1): 0.4}, variables=(a, b), given=a
            )
        )
    f = pt.Factorization([pt.Term((t.head[0],), t.given, t) for t in terms])
    evidence = ", ".join(f"{v}=1" for v in names[1:])
    assert f.log_probability({v: 1 for v in names[1:]}) < -300
    text = f"p(x0=1 | {evidence})"
    g = f.gradient(text)
    # p(x0=1 | e) depends on x0's prior and on x1's column only (x1 observed: d-separation)
    p1 = f.query(text)
    like1, like0 = 0.4, 0.8  # p(x1=1 | x0)
    by_hand = (
        like1 * like0 / (0.3 * like0 + 0.7 * like1) ** 2
    )  # d/dθ of θ l1 / (θ l1 + (1 - θ) l0) at 0.7
    assert p1 == pytest.approx(0.7 * like1 / (0.7 * like1 + 0.3 * like0), rel=1e-12)
    # the partials of the ratio θ1 l1 / (θ0 l0 + θ1 l1) in θ1 and θ0
    den = 0.3 * like0 + 0.7 * like1
    assert g["x0"].p(x0=1) == pytest.approx(like1 * 0.3 * like0 / den**2, rel=1e-9)
    assert g["x0"].p(x0=0) == pytest.approx(-0.7 * like1 * like0 / den**2, rel=1e-9)
    assert g["x0"].p(x0=1) - g["x0"].p(x0=0) == pytest.approx(by_hand, rel=1e-9)
    assert np.abs(g.array("x5")).max() < 1e-9  # d-separated from x0 by the evidence on x1


def test_terms_with_several_heads_share_their_table():
    t = pt.Table.from_array(
        [[[0.1, 0.2], [0.3, 0.4]], [[0.25, 0.25], [0.4, 0.1]]],
        states={"w": [0, 1], "y": [0, 1], "z": [0, 1]},
        given="w",
    )
    f = pt.Factorization(
        [
            pt.Term(("w",), (), pt.Table.from_dict({0: 0.6, 1: 0.4}, variables="w")),
            pt.Term(("y", "z"), ("w",), t),
        ]
    )
    g = f.gradient("p(w=1 | z=0)")
    assert g["y"] is g["z"]
    fd = Polynomial(f).finite_differences({"w": 1}, {"z": 0})
    assert _close(g["y"].to_array(t.variables), fd[1]).all()


# ---------------------------------------------------------------------- refusals


def test_evidence_of_probability_zero_is_refused():
    x = pt.Table.from_dict({0: 1.0, 1: 0.0}, variables="x")
    y = pt.Table.from_dict(
        {(0, 0): 1.0, (0, 1): 0.0, (1, 0): 0.5, (1, 1): 0.5}, variables=("x", "y"), given="x"
    )
    f = pt.Factorization([pt.Term(("x",), (), x), pt.Term(("y",), ("x",), y)])
    with pytest.raises(
        ZeroProbabilityError,
        match=re.escape(
            "gradient(): the evidence y=1 has probability zero in p(x)p(y | x); cannot condition on it."
        ),
    ):
        f.gradient("p(x=0 | y=1)")
    # without evidence the polynomial has derivatives even where it is zero
    g = f.gradient("p(x=1, y=1)")
    assert g.value == 0.0
    assert g["x"].p(x=1) == pytest.approx(0.5)


def test_a_table_query_is_refused_with_the_way_out():
    asia = pt.examples.load("asia")
    with pytest.raises(
        ProbTablesError,
        match=re.escape(
            "gradient(): 'p(lung | xray=yes)' asks for a table, not a number; give a value to every "
            "variable (in front of the bar and behind it), e.g. 'p(lung=... | ...)'."
        ),
    ):
        asia.gradient("p(lung | xray=yes)")
    with pytest.raises(ProbTablesError, match=re.escape("asks for a table, not a number")):
        asia.gradient("p(lung=yes | xray)")
    with pytest.raises(UnknownVariableError, match=re.escape("Did you mean 'lung'?")):
        asia.gradient("p(lungs=yes)")


def test_inputs_are_not_mutated_and_tables_are_read_only():
    asia = pt.examples.load("asia")
    before = [t.table.frame for t in asia.terms]
    g = asia.gradient("p(lung=yes | xray=yes)")
    g["lung"].to_array()
    for t, frame in zip(asia.terms, before):
        assert t.table.frame.equals(frame)
    array = g.array("lung")
    array[...] = 0.0  # a copy
    assert g.array("lung").any()
    assert repr(g) == "<Gradient of p(lung=yes | xray=yes) = 0.4887: 8 tables>"
    assert math.isfinite(g.value)
