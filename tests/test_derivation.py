"""Derivations: the notes' steps, and every derivation checking itself on random DAGs."""

from __future__ import annotations

import random
import re
from fractions import Fraction as F

import networkx as nx
import pytest

import probtables as pt
from probtables.derivation import (
    RULES,
    Derivation,
    DerivationStep,
    Factor,
    Product,
    Sum,
    derive,
    random_tables,
)
from probtables.errors import EnumerationLimitError, StructureError, UnknownVariableError

NOTES = "p(z)p(y)p(x|y,z)"


def notes_model():
    pz = pt.Table.from_dict({0: F(7, 10), 1: F(3, 10)}, variables="z")
    py = pt.Table.from_dict({0: F(2, 5), 1: F(3, 5)}, variables="y")
    px = pt.Table.from_array(
        [[[F(9, 10), F(1, 10)], [F(1, 2), F(1, 2)]], [[F(3, 10), F(7, 10)], [F(1, 20), F(19, 20)]]],
        states={"y": [0, 1], "z": [0, 1], "x": [0, 1]},
        given=("y", "z"),
    )
    return pt.Factorization.parse(NOTES).with_tables([pz, py, px])


# --------------------------------------------------------------------------- the notes' example


def test_the_notes_independence_proof():
    d = pt.Factorization.parse(NOTES).derive("y ⊥ z")
    assert d.query == "p(y, z)"
    # the notes: p(y, z) = Σ_x p(z)p(y)p(x | y, z) = p(z)p(y) Σ_x p(x | y, z) = p(z)p(y), hence y ⊥ z
    assert [s.text for s in d.steps] == [
        "Σ_x p(x, y, z)",
        "Σ_x p(z)p(y)p(x | y, z)",
        "p(z)p(y) Σ_x p(x | y, z)",
        "p(z)p(y)",
    ]
    assert [s.rule for s in d.steps] == [
        "sum rule",
        "the factorization",
        "pushing a sum inside a product",
        "a conditional summing to one",
    ]
    assert d.steps[-1].detail == "Σ_x p(x | y, z) = 1"
    assert d.holds is True
    assert d.conclusion == "hence y ⊥ z: p(y, z) is a function of y times a function of z (p(y) · p(z))."
    assert str(d).splitlines()[0] == "p(y, z) = Σ_x p(x, y, z)             sum rule"


def test_a_statement_that_does_not_follow_stops_and_shows_the_trail():
    f = pt.Factorization.parse(NOTES)
    d = f.derive("y ⊥ z | x")
    assert d.holds is False
    assert [s.text for s in d.steps] == ["p(z)p(y)p(x | y, z)"]
    assert d.conclusion.startswith(
        "the factor p(x | y, z) depends on both y and z and does not factor: the derivation stops here, "
        "and y ⊥ z | x does not follow from p(z)p(y)p(x | y, z).\n"
    )
    assert d.conclusion.endswith(str(f.explain("y ⊥ z | x")))
    assert "y -> x <- z" in d.conclusion


def test_a_sum_that_does_not_factor():
    # a hidden common cause: p(h)p(a | h)p(b | h); a ⊥ b fails at Σ_h
    d = derive("p(h)p(a|h)p(b|h)", "a ⊥ b")
    assert d.holds is False
    assert d.steps[-1].text == "Σ_h p(h)p(a | h)p(b | h)"
    assert d.conclusion.startswith("the sum Σ_h p(h)p(a | h)p(b | h) depends on both a and b")
    # given h it does factor
    given = derive("p(h)p(a|h)p(b|h)", "a ⊥ b | h")
    assert given.holds is True
    assert given.conclusion == (
        "hence a ⊥ b | h: p(a, b, h) is a function of (a, h) times a function of (b, h) "
        "(p(a | h) · p(h)p(b | h)) (the factorization criterion)."
    )


def test_a_conditional_query_cancels_and_sums_to_one():
    d = pt.Factorization.parse(NOTES).derive("p(x | y)")
    assert d.steps[0].text == "p(x, y) / p(y)" and d.steps[0].rule == "definition of a conditional"
    assert d.steps[2].text == "Σ_z p(z)p(y)p(x | y, z) / Σ_x Σ_z p(z)p(y)p(x | y, z)"
    assert d.steps[-1].text == "Σ_z p(z)p(x | y, z)"
    assert d.steps[-1].reason == "cancelling a common factor: p(y)"
    assert {s.rule for s in d.steps} <= set(RULES)


def test_bayes_rule_stays_a_ratio():
    d = derive("p(x)p(y|x)", "p(x | y=1)")
    assert d.steps[-1].text == "p(x)p(y=1 | x) / Σ_x p(x)p(y=1 | x)"  # the notes' Bayes' rule


def test_barren_variables_vanish():
    d = derive("p(a)p(b|a)p(c|b)p(d|c)", "p(b)")
    assert d.steps[-1].text == "Σ_a p(a)p(b | a)"
    assert [s.detail for s in d.steps if s.rule == "a conditional summing to one"] == [
        "Σ_d p(d | c) = 1",
        "Σ_c p(c | b) = 1",
    ]


def test_a_multi_head_term_is_summed_by_the_sum_rule():
    d = derive("p(w)p(y, z | w)", "p(z | w)")
    # the numerator sums y and the denominator z on the same line: both by the sum rule
    assert any(s.rule == "sum rule" and "Σ_y p(y, z | w) = p(z | w)" in s.detail for s in d.steps)
    assert d.verify(random_tables("p(w)p(y, z | w)", seed=2))


# --------------------------------------------------------------------------- numbers


def test_values_show_the_numbers_of_every_line():
    d = notes_model().derive("p(x | y=1)", values=True)
    last = d.steps[-1]
    # by hand: p(x=0 | y=1) = Σ_z p(z) p(x=0 | y=1, z) = 7/10 · 3/10 + 3/10 · 1/20 = 9/40
    assert dict(((a, v) for a, v, _, _ in last.values)) == {
        (("x", 0),): F(9, 40),
        (("x", 1),): F(31, 40),
    }
    first = d.steps[0]
    # p(x=0, y=1) = 3/5 · (7/10 · 3/10 + 3/10 · 1/20) = 27/200 and p(y=1) = 3/5
    assert first.values[0] == ((("x", 0),), F(9, 40), F(27, 200), F(3, 5))
    assert "x=0: 27/200 / 3/5 = 9/40;  x=1: 93/200 / 3/5 = 31/40" in str(d)


def test_evaluate_and_verify_on_the_tables():
    f = notes_model()
    d = f.derive("p(x | y)")
    rows = d.evaluate()
    assert len(rows) == len(d.steps) + 1
    assert rows[0][(("x", 1), ("y", 0))] == f.joint().condition("y").p(x=1, y=0)
    assert d.verify()
    assert d.verify(f.joint())  # on the joint table as a single term


def test_verify_detects_a_wrong_line():
    d = pt.Factorization.parse(NOTES).derive("y ⊥ z")
    wrong = DerivationStep(Product((Factor(("y",)), Factor(("y",)))), "chain rule", text="p(y)p(y)")
    broken = Derivation(d.query, d.lhs, d.steps + (wrong,), d.bound, d.factorization)
    tables = random_tables(NOTES, seed=0)
    assert d.verify(tables)
    assert not broken.verify(tables)


def test_a_table_derives_against_its_joint():
    joint = notes_model().joint()
    d = joint.derive("p(x | y=1)", values=True)
    assert d.steps[2].rule == "chain rule"  # the joint as p(x)p(y | x)p(z | x, y): query variables first
    assert d.steps[-1].text == "p(x)p(y=1 | x) / Σ_x p(x)p(y=1 | x)"  # Bayes' rule emerges
    assert d.steps[-1].values[0][1] == F(9, 40)
    assert "a chain rule claims no independence" in joint.derive("y ⊥ z").conclusion
    assert d.verify()
    assert str(pt.derive(joint, "p(x | y=1)")) == str(joint.derive("p(x | y=1)"))


# --------------------------------------------------------------------------- views


def test_latex_and_html():
    d = pt.Factorization.parse(NOTES).derive("p(x | y=1)")
    latex = d.to_latex()
    assert latex.startswith(
        "\\begin{aligned}\np(x \\mid y=1) &= \\frac{p(x, y=1)}{p(y=1)} && \\text{definition of a conditional}"
    )
    assert latex.endswith(
        "&= \\sum_{z} p(z)\\,p(x \\mid y=1, z) && \\text{cancelling a common factor}\n\\end{aligned}"
    )
    html = d._repr_html_()
    assert html.count("<tr>") == len(d.steps) and "cancelling a common factor: p(y=1)" in html
    assert repr(d) == "<Derivation of p(x | y=1): 8 steps>"


# --------------------------------------------------------------------------- errors


def test_errors():
    f = pt.Factorization.parse(NOTES)
    msg = "derive(): unknown variable 'xx' in 'p(xx | y)'; p(z)p(y)p(x | y, z) has ('z', 'y', 'x'). Did you mean 'x'?"
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        f.derive("p(xx | y)")
    msg = "derive(): y={0, 1} is an event (a set of values); derive takes single values, e.g. y=0."
    with pytest.raises(StructureError, match=re.escape(msg)):
        f.derive("p(x | y={0, 1})")
    with pytest.raises(
        StructureError,
        match=re.escape("derive(): values=True needs tables, and p(z)p(y)p(x | y, z) has none."),
    ):
        f.derive("p(x)", values=True)
    msg = "derive(): p(x | a) is conditional on ('a',); write them behind the bar of 'p(x)'."
    with pytest.raises(StructureError, match=re.escape(msg)):
        derive("p(x|a)", "p(x)")
    msg = (
        "evaluate(): p(z)p(y)p(x | y, z) has no tables; give tables "
        "(e.g. probtables.derivation.random_tables(f)) to evaluate on."
    )
    with pytest.raises(StructureError, match=re.escape(msg)):
        f.derive("p(x)").evaluate()
    big = random_tables("".join(f"p(v{i})" for i in range(17)), seed=0)
    msg = (
        "evaluate(): the joint of p(v0)p(v1)p(v2)p(v3)p(v4)p(v5)p(v6)p(v7)p(v8)p(v9)p(v10)p(v11)p(v12)"
        "p(v13)p(v14)p(v15)p(v16) has 131072 assignments, above the limit 65536; derivations show numbers "
        "for small networks only."
    )
    with pytest.raises(EnumerationLimitError, match=re.escape(msg)):
        big.derive("p(v0)", values=True)


def test_free_variables_stay_behind_the_bar():
    msg = "derive(): 'a' is a free variable of p(x | a) (it is only behind a bar), so it cannot be in front of the bar of 'p(a | x)'."
    with pytest.raises(StructureError, match=re.escape(msg)):
        derive("p(x|a)", "p(a | x)")
    msg = (
        "derive(): 'a' is a free variable of p(x | a)p(y | x) (it is only behind a bar); a ⊥ y can "
        "condition on it but not have it on a side."
    )
    with pytest.raises(StructureError, match=re.escape(msg)):
        derive("p(x|a)p(y|x)", "a ⊥ y")
    proof = derive("p(x|a)p(y|x)", "x ⊥ y | a")
    assert proof.holds is False
    d = derive("p(x|a)p(y|x)", "p(y | a)")
    assert d.steps[-1].text == "Σ_x p(x | a)p(y | x)"
    assert d.verify(random_tables("p(x|a)p(y|x)", seed=4))


# --------------------------------------------------------------------------- item 6: every derivation checks itself


def random_dag(rng: random.Random, n: int) -> pt.Factorization:
    names = [f"v{i}" for i in range(n)]
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    for j in range(n):
        for i in range(j):
            if rng.random() < 0.45:
                graph.add_edge(names[i], names[j])
    return pt.Factorization.from_dag(graph)


def random_query(rng: random.Random, f: pt.Factorization) -> str:
    names = list(f.variables)
    rng.shuffle(names)
    k = rng.randint(1, min(2, len(names)))
    head, rest = names[:k], names[k:]
    given = rest[: rng.randint(0, min(2, len(rest)))]
    items = [f"{v}=1" if rng.random() < 0.3 else v for v in head]
    behind = [f"{v}={rng.randint(0, 1)}" if rng.random() < 0.5 else v for v in given]
    return f"p({', '.join(items)}{' | ' + ', '.join(behind) if behind else ''})"


@pytest.mark.parametrize("seed", range(40))
def test_every_line_equals_the_line_before_on_random_dags(seed):
    rng = random.Random(seed)
    f = random_dag(rng, rng.randint(2, 6))
    tables = random_tables(f, seed=seed)
    for _ in range(3):
        d = f.derive(random_query(rng, f))
        assert {s.rule for s in d.steps} <= set(RULES)
        rows = d.evaluate(tables)
        for before, after in zip(rows, rows[1:]):
            assert before == after  # exact fractions: no tolerance
        assert d.verify(tables)


@pytest.mark.parametrize("seed", range(15))
def test_a_tables_derivations_check_themselves(seed):
    rng = random.Random(500 + seed)
    f = random_dag(rng, rng.randint(2, 5))
    joint = random_tables(f, seed=seed).joint()
    for _ in range(3):
        d = joint.derive(random_query(rng, f))
        assert d.verify()  # on the chain rule's own exact tables
        assert d.verify(joint)  # and on the joint as one term


@pytest.mark.parametrize("seed", range(30))
def test_independence_proofs_agree_with_d_separation(seed):
    rng = random.Random(1000 + seed)
    f = random_dag(rng, rng.randint(3, 6))
    names = list(f.variables)
    rng.shuffle(names)
    left, right, given = names[0], names[1], names[2 : 2 + rng.randint(0, len(names) - 2)]
    statement = pt.Independence(left={left}, right={right}, given=set(given))
    d = f.derive(statement)
    assert d.holds is f.implies(statement)
    assert d.verify(random_tables(f, seed=seed))
    if d.holds:  # the numbers agree: the statement holds on random tables
        assert random_tables(f, seed=seed).joint().independent(left, right, given=given)


def test_sums_print_in_brackets_unless_last():
    body = Product(
        (Factor(("a",)), Sum(("b",), Factor(("b",), ("a",))), Sum(("c",), Factor(("c",), ("a",))))
    )
    d = Derivation(
        "p(a)",
        Factor(("a",)),
        (DerivationStep(body, "sum rule"),),
        (),
        pt.Factorization.parse("p(a)p(b|a)p(c|a)"),
    )
    from probtables.derivation import _text

    assert _text(body, {}) == "p(a) (Σ_b p(b | a)) Σ_c p(c | a)"
    assert d.verify(random_tables("p(a)p(b|a)p(c|a)", seed=0))
