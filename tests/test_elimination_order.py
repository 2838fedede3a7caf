"""The engine's elimination order of a question (probtables.inference.elimination_order), and derivations using it."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import probtables as pt
from probtables.derivation import elimination_order as derivation_order
from probtables.derivation import random_tables
from probtables.errors import InvalidParameterError, NotAJointError, UnknownVariableError
from probtables.inference import elimination_order, query
from probtables.inference._model import model_of
from probtables.testing import factorizations

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHAIN = "p(a)p(b|a)p(c|b)p(d|c)"


def ancestors(f: pt.Factorization, names) -> set[str]:
    out = set(names)
    for name in names:
        out |= nx.ancestors(f.dag, name)
    return out


# --------------------------------------------------------------------------- the order query() runs


def query_plan_sums(f: pt.Factorization, asked: tuple[str, ...], observed: tuple[str, ...]):
    """The variables each step of query()'s own plan sums out (a step may sum several), in step order."""
    model = model_of(f, "query")
    out = tuple(model.index[n] for n in asked)
    hard = tuple(sorted(model.index[n] for n in observed))
    plans = [p for key, p in model.plans.items() if key[0] == out and key[1] == hard and not key[-1]]
    assert len(plans) == 1
    return [
        ({model.names[v] for v in set(step.union) - set(step.scope)}, model.names[step.var])
        for step in plans[0].steps
        if step.var >= 0
    ]


@st.composite
def questions(draw):
    f = draw(factorizations(min_nodes=2, max_nodes=6, max_states=3, allow_zeros=True))
    names = draw(st.permutations(list(f.variables)))
    n_asked = draw(st.integers(1, len(names)))
    n_observed = draw(st.integers(0, len(names) - n_asked))
    return f, tuple(names[:n_asked]), tuple(names[n_asked : n_asked + n_observed])


@SETTINGS
@given(questions())
def test_the_order_is_the_one_the_query_plan_runs(question):
    f, asked, observed = question
    evidence = ", ".join(f"{v}={f.term(v).table.states[v][0]!r}" for v in observed)
    for _ in range(2):  # the second asking of a pattern gets (and keeps) its own min-fill plan
        try:
            query(f, f"p({', '.join(asked)}{' | ' + evidence if evidence else ''})")
        except pt.errors.ZeroProbabilityError:
            pass  # the plan is built (and cached) before the numbers are looked at
    order = elimination_order(f, asked, observed)
    # query()'s plan may sum several variables in one contraction; cut the order into those steps
    position = 0
    for summed, last in query_plan_sums(f, asked, observed):
        chunk = order[position : position + len(summed)]
        assert set(chunk) == summed and chunk[-1] == last
        position += len(summed)
    assert position == len(order)
    # nothing asked or observed is summed, and nothing that is not an ancestor of the question (barren)
    assert not set(order) & (set(asked) | set(observed))
    assert set(order) <= ancestors(f, asked + observed)


def test_min_fill_on_a_chain_by_hand():
    # moral graph a - b - c - d, d asked: a has one neighbour (no fill), b and c two unconnected ones
    # (one fill edge each): a goes first, then b (now with the single neighbour c), then c
    f = pt.Factorization.parse(CHAIN)
    assert elimination_order(f, "d") == ["a", "b", "c"]
    # p(b): c and d are barren and pruned; a is summed
    assert elimination_order(f, ["b"]) == ["a"]
    # p(a | c): d is barren, and b is summed between a and the observed c
    assert elimination_order(f, ["a"], ["c"]) == ["b"]


def test_asia_prunes_barren_variables():
    asia = pt.examples.load("asia")
    order = elimination_order(asia, ["lung"], ["xray"])
    # dysp (a child of either and bronc) and bronc (then childless) are not ancestors of lung or xray
    assert sorted(order) == ["asia", "either", "smoke", "tub"]
    assert elimination_order(asia, asia.variables) == []


def test_a_part_cut_off_by_the_evidence_is_pruned_unless_it_has_a_zero():
    # p(z)p(y|z)p(x|y): given y, z is cut off from x; with positive tables it only scales p(e)
    positive = random_tables("p(z)p(y|z)p(x|y)", seed=0)
    assert elimination_order(positive, "x", "y") == []
    # a zero in p(y | z) could make the evidence impossible: the engine keeps z's part to notice it
    pz = pt.Table.from_dict({0: 0.5, 1: 0.5}, variables="z")
    py = pt.Table.from_array([[1.0, 0.0], [0.5, 0.5]], states={"z": [0, 1], "y": [0, 1]}, given="z")
    px = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"y": [0, 1], "x": [0, 1]}, given="y")
    zero = pt.Factorization.parse("p(z)p(y|z)p(x|y)").with_tables([pz, py, px])
    assert elimination_order(zero, "x", "y") == ["z"]


def test_a_structure_is_ordered_as_with_two_states_each():
    rng_seeds = range(8)
    for seed in rng_seeds:
        structure = pt.Factorization.parse("p(a)p(b|a)p(c|a)p(d|b,c)p(e|d)p(f|c,e)")
        tables = random_tables(structure, seed=seed)  # positive, two states each
        for asked, observed in [(["f"], ["a"]), (["d", "a"], []), (["e"], ["b", "c"])]:
            assert elimination_order(structure, asked, observed) == elimination_order(
                tables, asked, observed
            )


def test_errors():
    f = pt.Factorization.parse(CHAIN)
    msg = "elimination_order(): unknown variable 'dd'; p(a)p(b | a)p(c | b)p(d | c) has ('a', 'b', 'c', 'd'). Did you mean 'd'?"
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        elimination_order(f, "dd")
    msg = "elimination_order(): 'c' is both asked and observed; a variable is one or the other."
    with pytest.raises(InvalidParameterError, match=re.escape(msg)):
        elimination_order(f, ["d", "c"], ["c"])
    msg = "elimination_order(): p(x | a)p(y | x) is conditional on ('a',); ask about it or observe it."
    with pytest.raises(NotAJointError, match=re.escape(msg)):
        elimination_order(pt.Factorization.parse("p(x|a)p(y|x)"), "y")
    assert elimination_order(pt.Factorization.parse("p(x|a)p(y|x)"), "y", "a") == ["x"]
    with pytest.raises(
        TypeError, match=re.escape("elimination_order(): expected a Factorization, got str.")
    ):
        elimination_order(CHAIN, "d")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- derivations follow it


def test_a_derivation_sums_pruned_variables_first_then_in_the_engines_order():
    asia = pt.examples.load("asia")
    # dysp and bronc, barren, first (children before parents), then the engine's order
    assert derivation_order(asia, ["lung"], ["xray"]) == ["dysp", "bronc"] + elimination_order(
        asia, ["lung"], ["xray"]
    )
    d = pt.derive(CHAIN, "p(d)")
    # the engine sums a first (min-fill), where children-first would have started with c
    assert [s.text for s in d.steps[1:]] == [
        "Σ_a Σ_b Σ_c p(a)p(b | a)p(c | b)p(d | c)",
        "Σ_b Σ_c p(c | b)p(d | c) Σ_a p(a)p(b | a)",
        "Σ_c p(d | c) Σ_b p(c | b) Σ_a p(a)p(b | a)",
    ]
    assert d.verify(random_tables(CHAIN, seed=3))


def test_asias_derivation_checks_itself_on_its_tables():
    asia = pt.examples.load("asia")
    d = asia.derive("p(lung | xray=yes)")
    assert d.verify(atol=1e-12)
    rows = d.evaluate()
    assert rows[-1][(("lung", "yes"),)] == pytest.approx(asia.query("p(lung=yes | xray=yes)"), abs=1e-12)
