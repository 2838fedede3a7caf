"""Tests of probtables.check: numbers against structure (reports, I-maps, minimal I-maps)."""

from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networks import NETWORKS

import probtables as pt
from probtables import check
from probtables.check import (
    IndependenceReport,
    check_independence,
    extra_independencies,
    independence_gap,
    independence_report,
    is_imap,
    minimal_imap,
)
from probtables.dag import UnknownKindError
from probtables.errors import EnumerationLimitError, NotAJointError, StructureError, UnknownVariableError
from probtables.independence import Independence
from probtables.testing import dags, factorizations, tables

ASIA = NETWORKS / "asia.bif"
ASIA_ORDER = ["asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp"]
ASIA_EDGES = {
    ("asia", "tub"),
    ("smoke", "lung"),
    ("smoke", "bronc"),
    ("tub", "either"),
    ("lung", "either"),
    ("either", "xray"),
    ("either", "dysp"),
    ("bronc", "dysp"),
}


# --------------------------------------------------------------------------- fixtures


def _notes_table() -> pt.Table:
    """The notes' model p(z)p(y)p(x | y, z) with generic numbers (no accidental independence).

    p(z=0) = 0.3, p(y=0) = 0.6, p(x=0 | y, z) = 0.1, 0.7, 0.4, 0.85 for (y, z) = 00, 01, 10, 11.
    """
    pz = {0: 0.3, 1: 0.7}
    py = {0: 0.6, 1: 0.4}
    px0 = {(0, 0): 0.1, (0, 1): 0.7, (1, 0): 0.4, (1, 1): 0.85}
    return pt.Table.from_dict(
        {
            (x, y, z): pz[z] * py[y] * (px0[y, z] if x == 0 else 1 - px0[y, z])
            for x in (0, 1)
            for y in (0, 1)
            for z in (0, 1)
        },
        variables=("x", "y", "z"),
    )


@pytest.fixture(scope="module")
def notes() -> pt.Table:
    return _notes_table()


@pytest.fixture(scope="module")
def asia() -> pt.Factorization:
    if not ASIA.exists():
        pytest.skip("asia.bif is not available")
    return pt.read_bif(ASIA)


@pytest.fixture(scope="module")
def asia_joint(asia) -> pt.Table:
    return asia.joint()


def _edges(f: pt.Factorization) -> set[tuple[str, str]]:
    return set(f.dag.edges)


# --------------------------------------------------------------------------- check_independence


def test_check_independence_hand_numbers():
    # p(x, y) = [[0.1, 0.2], [0.3, 0.4]]: p(x=0) = 0.3, p(y=0) = 0.4, so p(x=0)p(y=0) = 0.12 against 0.1
    t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    # p(y=1) = 0.6, p(x=1) = 0.7: a 2x2 table has the same gap, 0.02, in every cell
    by_hand = {(0, 0): (0.1, 0.12), (0, 1): (0.2, 0.18), (1, 0): (0.3, 0.28), (1, 1): (0.4, 0.42)}
    c = check_independence(t, "x ⊥ y")
    assert c.holds is False
    assert c.gap == pytest.approx(0.02)
    joint, product = by_hand[c.where["x"], c.where["y"]]
    assert c.joint == pytest.approx(joint) and c.product == pytest.approx(product)
    x, y = c.where["x"], c.where["y"]
    assert c.evidence() == f"p(x={x}, y={y}) = {joint:g}\np(x={x}) p(y={y}) = {product:g}"


def test_check_independence_unique_largest_gap_where():
    # p(y, z) with a unique largest gap at y=2, z=2: 0.4 against p(y=2)p(z=2) = 0.5 * 0.5 = 0.25
    m = [[0.20, 0.05, 0.05], [0.05, 0.10, 0.05], [0.05, 0.05, 0.40]]
    t = pt.Table.from_array(m, states={"y": [0, 1, 2], "z": [0, 1, 2]})
    c = check_independence(t, "y ⊥ z")
    assert c.where == {"y": 2, "z": 2}
    assert c.where_text == "y=2, z=2"
    assert c.gap == pytest.approx(0.15)
    assert str(c) == (
        "y ⊥ z fails: the largest gap, 0.15, is at y=2, z=2: p(y=2, z=2) = 0.4 but p(y=2) p(z=2) = 0.25"
    )


def test_check_independence_rejects_non_tables():
    with pytest.raises(TypeError, match=re.escape("check_independence(): expected a Table, got str")):
        check_independence("p(x)", "x ⊥ y")


# --------------------------------------------------------------------------- independence_report


def test_report_notes_model_holds(notes):
    report = independence_report(notes, "p(z)p(y)p(x|y,z)")
    assert isinstance(report, IndependenceReport)
    assert report.kind == "all"
    assert [str(r.statement) for r in report.rows] == ["y ⊥ z"]
    assert report.holds and report.failures == ()
    assert report.rows[0].gap < 1e-15


def test_report_wrong_structure_lists_failures(notes):
    report = independence_report(notes, "p(x)p(y)p(z)", kind="local")
    failing = {r.statement for r in report.failures}
    # x is a child of y and z: every local statement naming x fails; y ⊥ z alone would hold
    assert Independence("x", {"y", "z"}) in failing
    assert not report.holds
    frame = report.to_frame()
    assert list(frame.columns) == ["statement", "holds", "gap", "where", "joint", "product"]
    assert frame["holds"].dtype == bool
    assert len(frame) == len(report)
    # joint and product in the frame are the two sides of the gap
    assert np.allclose((frame["joint"] - frame["product"]).abs(), frame["gap"])


def test_report_text_and_html(notes):
    report = independence_report(notes, "p(x)p(y)p(z)", kind="all")
    text = str(report)
    assert text.startswith(
        "independence report: p(x)p(y)p(z) against p(x, y, z) (kind='all', atol=1e-09)\n"
    )
    assert "fail" in text and "x ⊥ y" in text and "NO" in text
    html = report._repr_html_()
    assert html.startswith("<div") and "<table" in html and "<th>statement</th>" in html
    assert "x ⊥ y" in html
    assert repr(report).startswith("<IndependenceReport p(x)p(y)p(z) against p(x, y, z): ")


def test_report_html_escapes():
    t = pt.Table.uniform({"a": ["<b>", "c"], "b": [0, 1]})
    html = independence_report(t, "p(a)p(b)")._repr_html_()
    assert "<b>" not in html.replace("<br>", "")
    assert "&lt;b&gt;" in html or "'&lt;b&gt;'" in html


def test_report_has_no_truth_value(notes):
    report = independence_report(notes, "p(z)p(y)p(x|y,z)")
    with pytest.raises(TypeError, match="report.holds"):
        bool(report)


def test_report_deduplicates_local_statements(notes):
    # local statements of p(z)p(y)p(x|y,z) are y ⊥ z and z ⊥ y: one statement
    report = independence_report(notes, "p(z)p(y)p(x|y,z)", kind="local")
    assert len(report) == 1


def test_report_default_kind_depends_on_size():
    names = "abcdefghi"
    big = pt.Table.uniform({v: [0, 1] for v in names})
    structure = "".join(f"p({v})" for v in names)
    assert independence_report(big, structure).kind == "local"
    small = pt.Table.uniform({v: [0, 1] for v in names[: check.AUTO_ALL_MAX]})
    assert (
        independence_report(small, "".join(f"p({v})" for v in names[: check.AUTO_ALL_MAX])).kind == "all"
    )


def test_report_unknown_kind(notes):
    with pytest.raises(UnknownKindError, match=re.escape("independence_report(): unknown kind 'locl'")):
        independence_report(notes, "p(z)p(y)p(x|y,z)", kind="locl")


def test_report_structure_must_fit(notes):
    msg = (
        "independence_report(): the structure p(x)p(y) does not fit the table p(x, y, z): "
        "the table has ('z',) as head variables, the structure does not."
    )
    with pytest.raises(StructureError, match=re.escape(msg)):
        independence_report(notes, "p(x)p(y)")


def test_report_accepts_a_digraph(notes):
    graph = nx.DiGraph([("y", "x"), ("z", "x")])
    assert independence_report(notes, graph).holds


def test_report_on_asia(asia, asia_joint):
    report = independence_report(asia_joint, asia)
    assert report.kind == "all" and len(report) > 600
    assert report.holds
    assert max(r.gap for r in report.rows) < 1e-12


# --------------------------------------------------------------------------- is_imap


def test_is_imap_notes(notes):
    assert is_imap(notes, "p(z)p(y)p(x|y,z)")
    assert is_imap(notes, "p(x)p(y|x)p(z|x,y)")  # complete DAGs imply nothing
    assert not is_imap(notes, "p(x)p(y)p(z)")
    assert not is_imap(notes, "p(y)p(z)p(x|y)")  # x depends on z too
    assert not is_imap(notes, "p(x)p(y|x)p(z|x)")  # claims y ⊥ z | x: explaining away breaks it


def test_is_imap_needs_no_tables_and_matches_satisfies(notes):
    for s in [
        "p(z)p(y)p(x|y,z)",
        "p(x)p(y)p(z)",
        "p(x)p(y|x)p(z|y)",
        "p(y)p(z|y)p(x|y,z)",
        "p(x)p(z|x)p(y|x)",
    ]:
        assert is_imap(notes, pt.Factorization.parse(s)) == notes.satisfies(s), s


def test_is_imap_conditional_table():
    # p(x, y | w) = p(x | w) p(y | w): x ⊥ y | w; y depends on w
    px = {0: 0.2, 1: 0.7}
    py = {0: 0.4, 1: 0.9}
    t = pt.Table.from_dict(
        {
            (w, x, y): (px[w] if x else 1 - px[w]) * (py[w] if y else 1 - py[w])
            for w in (0, 1)
            for x in (0, 1)
            for y in (0, 1)
        },
        variables=("w", "x", "y"),
        given="w",
    )
    assert is_imap(t, "p(x|w)p(y|w)")
    assert not is_imap(t, "p(x|w)p(y)")  # would claim p(y | w) does not depend on w
    assert is_imap(t, "p(x|w)p(y|w,x)")  # complete over the head: always an I-map
    # y does not depend on w in this one, so p(y) is right
    t2 = pt.Table.from_dict(
        {
            (w, x, y): (px[w] if x else 1 - px[w]) * (0.4 if y else 0.6)
            for w in (0, 1)
            for x in (0, 1)
            for y in (0, 1)
        },
        variables=("w", "x", "y"),
        given="w",
    )
    assert is_imap(t2, "p(x|w)p(y)")


def test_conditional_table_with_undefined_assignments():
    # p(x | w) from a joint where w=1 never happens: only w=0 is defined
    joint = pt.Table.from_dict(
        {(0, 0, 0): 0.2, (0, 0, 1): 0.3, (0, 1, 0): 0.2, (0, 1, 1): 0.3},
        variables=("w", "x", "y"),
        states={"w": [0, 1], "x": [0, 1], "y": [0, 1]},
    )
    t = joint.condition("w")
    assert t.undefined_count == 1
    assert is_imap(t, "p(x|w)p(y|w)")
    assert independence_report(t, "p(x|w)p(y|w)").holds


def test_is_imap_structure_must_fit(notes):
    with pytest.raises(StructureError, match=re.escape("the structure has ('w',) as head variables")):
        is_imap(notes, "p(x)p(y)p(z)p(w)")


def test_is_imap_on_asia(asia, asia_joint):
    assert is_imap(asia_joint, asia)
    assert is_imap(asia_joint, str(asia))  # the notation alone, without tables
    # drop the edge smoke -> bronc: bronc would be independent of smoke, which it is not
    assert not is_imap(asia_joint, str(asia).replace("p(bronc | smoke)", "p(bronc)"))


# --------------------------------------------------------------------------- extra_independencies


def test_extra_independencies_uniform():
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    assert extra_independencies(t, "p(x)p(y|x)") == [Independence("x", "y")]
    assert extra_independencies(t, "p(x)p(y)") == []


def test_extra_independencies_generic_notes_table_has_none(notes):
    assert extra_independencies(notes, "p(z)p(y)p(x|y,z)") == []
    # the complete structure explains nothing, so the table's one independence is extra
    assert extra_independencies(notes, "p(x)p(y|x)p(z|x,y)") == [Independence("y", "z")]


def test_extra_independencies_asia_come_from_the_deterministic_or(asia, asia_joint):
    extra = extra_independencies(asia_joint, asia)
    assert extra, "either = tub OR lung makes extra independencies"
    assert Independence("either", "xray", {"lung", "tub"}) in extra
    for s in extra:
        # each one conditions on lung and tub, which fix either...
        assert {"lung", "tub"} <= s.given, s
        # ...and is a d-separation once either counts as observed
        if "either" not in s.left | s.right:
            assert asia.implies(Independence(s.left, s.right, s.given | {"either"})), s


def test_extra_independencies_conditional_table():
    # p(x, y | w) = p(x | w) p(y): y depends on neither w nor x
    px = {0: 0.2, 1: 0.7}
    t = pt.Table.from_dict(
        {
            (w, x, y): (px[w] if x else 1 - px[w]) * (0.4 if y else 0.6)
            for w in (0, 1)
            for x in (0, 1)
            for y in (0, 1)
        },
        variables=("w", "x", "y"),
        given="w",
    )
    # p(x|w)p(y|w) claims only x ⊥ y | w; the table also has y ⊥ w and y ⊥ w | x.
    # y ⊥ x (w not named) would be about a mixture over w, so it is not considered.
    assert extra_independencies(t, "p(x|w)p(y|w)") == [
        Independence("w", "y"),
        Independence("w", "y", "x"),
    ]
    assert extra_independencies(t, "p(x|w)p(y)") == []


def test_extra_independencies_limit():
    t = pt.Table.uniform({v: [0, 1] for v in "abcde"})
    msg = "extra_independencies(): 5 variables need 80 numeric tests (10 pairs x 2**3 conditioning sets), above limit=79"
    with pytest.raises(EnumerationLimitError, match=re.escape(msg)):
        extra_independencies(t, "p(a)p(b)p(c)p(d)p(e)", limit=79)
    assert extra_independencies(t, "p(a)p(b)p(c)p(d)p(e)", limit=80) == []


# --------------------------------------------------------------------------- minimal_imap


def test_minimal_imap_notes_causal_order(notes):
    # order (z, y, x): z has no predecessor; y ⊥ z holds, so y gets no parent;
    # x depends on both y and z. The model itself, NOT an empty graph.
    m = minimal_imap(notes, ["z", "y", "x"])
    assert str(m) == "p(z)p(y)p(x | z, y)"
    assert _edges(m) == {("y", "x"), ("z", "x")}
    assert m.has_tables and m.joint().equals(notes, atol=1e-12)


def test_minimal_imap_notes_anticausal_order(notes):
    # order (x, y, z), derived by hand from the numbers of _notes_table():
    # * x: no predecessor, p(x).
    # * y: the only smaller candidate, {}, needs y ⊥ x; but y is a cause of x:
    #   p(x=0 | y=0) = 0.3*0.1 + 0.7*0.7 = 0.52 while p(x=0 | y=1) = 0.3*0.4 + 0.7*0.85 = 0.715. So p(y | x).
    # * z: the candidates below {x, y} all fail:
    #   {}  needs z ⊥ x, y, but z is a cause of x: p(x=0 | z=0) = 0.6*0.1 + 0.4*0.4 = 0.22 vs
    #       p(x=0 | z=1) = 0.6*0.7 + 0.4*0.85 = 0.76;
    #   {x} needs z ⊥ y | x, but x is a common effect of y and z (explaining away, checked below);
    #   {y} needs z ⊥ x | y, but given y = 0, p(x=0 | z) is 0.1 for z=0 and 0.7 for z=1.
    #   So p(z | x, y): the DAG is complete, three edges.
    for statement in ["x ⊥ y", "z ⊥ x", "z ⊥ y | x", "z ⊥ x | y"]:
        assert check_independence(notes, statement).gap > 0.01, statement
    m = minimal_imap(notes, ["x", "y", "z"])
    assert str(m) == "p(x)p(y | x)p(z | x, y)"
    assert _edges(m) == {("x", "y"), ("x", "z"), ("y", "z")}
    assert m.joint().equals(notes, atol=1e-12)


def test_minimal_imap_tie_broken_by_order():
    # x = y = z copies of one fair coin: for z, both {x} and {y} work; x comes first in the order
    t = pt.Table.from_dict({(0, 0, 0): 0.5, (1, 1, 1): 0.5}, variables=("x", "y", "z"))
    assert str(minimal_imap(t, ["x", "y", "z"]).terms[2]) == "p(z | x)"
    assert str(minimal_imap(t, ["y", "x", "z"]).terms[2]) == "p(z | y)"


def test_minimal_imap_asia_topological_order(asia, asia_joint):
    # In a topological order, each variable's parents are its smallest predecessor set that
    # makes it independent of the other predecessors:
    # * asia: none. tub: {asia} (0.05 vs 0.01). smoke: none, independent of asia and tub.
    # * lung, bronc: {smoke}.
    # * either = tub OR lung: no single variable determines it, {lung, tub} does (size 2).
    # * xray: {either} (size 1). {tub, lung} also works, since it fixes either, but is larger.
    # * dysp: {bronc, either}; no single variable and no other pair works ({bronc, tub, lung}
    #   also works, but has three).
    # So the deterministic OR creates extra independencies (see the extra_independencies test)
    # without changing the minimal I-map: it is asia itself, 8 edges. (pgmpy reports 26.)
    m = minimal_imap(asia_joint, ASIA_ORDER)
    assert _edges(m) == ASIA_EDGES
    assert _edges(asia) == ASIA_EDGES
    assert m.joint().equals(asia_joint, atol=1e-12)


def test_minimal_imap_asia_xray_before_either(asia_joint):
    # Put xray before either: xray's predecessors hold tub and lung but not either. xray depends
    # only on either = tub OR lung, so {tub, lung} is its smallest set (a single one of them leaves
    # the other mattering). either then gets {tub, lung} as before, and dysp {bronc, either}.
    # Nine edges: the determinism shows in the structure.
    order = ["asia", "tub", "smoke", "lung", "bronc", "xray", "either", "dysp"]
    m = minimal_imap(asia_joint, order)
    expected = (ASIA_EDGES - {("either", "xray")}) | {("tub", "xray"), ("lung", "xray")}
    assert _edges(m) == expected
    assert str(m.term("xray")) == "p(xray | tub, lung)"
    assert is_imap(asia_joint, m)


def test_minimal_imap_errors(notes):
    with pytest.raises(
        StructureError,
        match=re.escape(
            "minimal_imap(): the order must name every variable of p(x, y, z) once; missing ('z',)."
        ),
    ):
        minimal_imap(notes, ["x", "y"])
    with pytest.raises(
        StructureError,
        match=re.escape("minimal_imap(): 'x' appears twice in the order ['x', 'x', 'y', 'z']."),
    ):
        minimal_imap(notes, ["x", "x", "y", "z"])
    with pytest.raises(UnknownVariableError, match=re.escape("minimal_imap(): unknown variable 'w'")):
        minimal_imap(notes, ["x", "y", "w"])
    with pytest.raises(StructureError, match="a sequence of variable names"):
        minimal_imap(notes, "xyz")
    conditional = notes.condition("z")
    with pytest.raises(NotAJointError, match=re.escape("minimal_imap(): p(x, y | z) is conditional")):
        minimal_imap(conditional, ["x", "y"])
    with pytest.raises(
        EnumerationLimitError, match=re.escape("minimal_imap(): more than limit=2 candidate parent sets")
    ):
        minimal_imap(notes, ["x", "y", "z"], limit=2)


# --------------------------------------------------------------------------- properties


def _dirichlet_factorization(graph: nx.DiGraph, cards: dict[str, int], seed: int) -> pt.Factorization:
    rng = np.random.default_rng(seed)
    structure = pt.Factorization.from_dag(graph)
    tabs = []
    for term in structure.terms:
        names = list(term.given) + list(term.head)
        shape = [cards[v] for v in names]
        values = rng.dirichlet(np.ones(shape[-1]), size=int(np.prod(shape[:-1]))).reshape(shape)
        tabs.append(
            pt.Table.from_array(
                values, states={v: list(range(cards[v])) for v in names}, given=term.given
            )
        )
    return structure.with_tables(tabs)


@settings(max_examples=25, deadline=None)
@given(graph=dags(min_nodes=5, max_nodes=8), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_every_implied_independence_holds_numerically(graph, seed, data):
    # the law: on any DAG with any tables, every d-separation holds in the joint
    n = graph.number_of_nodes()
    max_states = 3 if n <= 6 else 2
    cards = {v: data.draw(st.integers(2, max_states), label=f"states of {v}") for v in graph.nodes}
    f = _dirichlet_factorization(graph, cards, seed)
    joint = f.joint()
    report = independence_report(joint, f, kind="all", atol=1e-10)
    assert report.holds, str(report)
    assert is_imap(joint, f, atol=1e-10)


@settings(max_examples=25, deadline=None)
@given(graph=dags(min_nodes=2, max_nodes=6), seed=st.integers(0, 2**32 - 1))
def test_minimal_imap_in_a_topological_order_recovers_a_generic_dag(graph, seed):
    # with generic (Dirichlet) numbers the distribution is faithful: every adjacent pair stays
    # dependent given any set, so each variable's smallest set is exactly its parents
    f = _dirichlet_factorization(graph, {v: 2 for v in graph.nodes}, seed)
    m = minimal_imap(f.joint(), list(nx.topological_sort(graph)))
    assert set(m.dag.edges) == set(graph.edges)


@settings(max_examples=30, deadline=None)
@given(f=factorizations(min_nodes=2, max_nodes=4, max_states=3), data=st.data())
def test_minimal_imap_is_an_imap_and_minimal(f, data):
    joint = f.joint()
    order = data.draw(st.permutations(list(joint.variables)), label="order")
    m = minimal_imap(joint, order)
    assert is_imap(joint, m)
    graph = m.dag
    for edge in list(graph.edges):  # removing any edge breaks the I-map
        smaller = graph.copy()
        smaller.remove_edge(*edge)
        assert not is_imap(joint, smaller), edge


@settings(max_examples=40, deadline=None)
@given(t=tables(min_vars=3, max_vars=4, max_states=3, allow_zeros=True), data=st.data())
def test_fast_gaps_agree_with_independence_gap(t, data):
    names = list(t.variables)
    x, y = data.draw(st.permutations(names), label="pair")[:2]
    rest = [v for v in names if v not in (x, y)]
    z = [v for v in rest if data.draw(st.booleans(), label=f"condition on {v}")]
    fast = check._Gaps(t).gap((x,), (y,), z)
    assert fast == pytest.approx(independence_gap(t, x, y, z).gap, abs=1e-15)


@pytest.mark.parametrize("atol", [float("nan"), -1e-9])
def test_every_check_validates_its_tolerance(atol):
    from probtables.errors import InvalidParameterError

    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    calls = {
        "check_independence": lambda: check.check_independence(t, "x ⊥ y", atol=atol),
        "independence_report": lambda: check.independence_report(t, "p(x)p(y)", atol=atol),
        "is_imap": lambda: check.is_imap(t, "p(x)p(y)", atol=atol),
        "extra_independencies": lambda: check.extra_independencies(t, "p(x)p(y|x)", atol=atol),
        "minimal_imap": lambda: check.minimal_imap(t, ["x", "y"], atol=atol),
    }
    for op, call in calls.items():
        message = f"{op}(): atol must be a finite number >= 0, got {atol!r}."
        with pytest.raises(InvalidParameterError, match=re.escape(message)):
            call()


# ---------------------------------------------------------------- conditional tables with left-out assignments


@pytest.fixture
def diagonal() -> pt.Table:
    """p(y | w1, w2), defined only for w1 == w2 (the assignments (0, 1) and (1, 0) have probability 0)."""
    joint = pt.Table.from_dict(
        {(0, 0, 0): 0.3, (1, 0, 0): 0.2, (0, 1, 1): 0.1, (1, 1, 1): 0.4}, variables=("y", "w1", "w2")
    )
    table = joint.condition(["w1", "w2"])
    assert table.undefined_count == 2
    return table


def test_report_agrees_with_is_imap_when_assignments_are_left_out(diagonal):
    # p(y | w1, w2) makes no claim about the conditional table: every table is an I-map of it
    # (is_imap says so). Completing the table with a distribution of (w1, w2) that puts mass only
    # on the defined assignments makes w1 and w2 dependent, so the report used to list
    # "w1 ⊥ w2" as failing (gap 0.25), a claim about the made-up completion, not the table.
    assert is_imap(diagonal, "p(y|w1,w2)")
    report = independence_report(diagonal, "p(y|w1,w2)", kind="all")
    assert report.holds
    assert [str(r.statement) for r in report.rows] == []


def test_report_keeps_the_statements_about_the_conditional_table():
    # p(y, z | w1, w2) defined only for w1 == w2, with p(y | w) = 0.3 at y == w, p(z) uniform:
    # p(y | w1)p(z | w2) is an I-map (its local statements hold), and only the statements with
    # every free variable on one side or behind the bar (none on the other side) are about the table.
    rows = {
        (y, z, w, w): (0.3 if y == w else 0.7) * 0.5 / 2 for w in (0, 1) for y in (0, 1) for z in (0, 1)
    }
    table = pt.Table.from_dict(rows, variables=("y", "z", "w1", "w2")).condition(["w1", "w2"])
    assert is_imap(table, "p(y|w1)p(z|w2)")
    report = independence_report(table, "p(y|w1)p(z|w2)", kind="all")
    assert report.holds
    shown = {str(r.statement) for r in report.rows}
    assert "y ⊥ z | w1, w2" in shown
    assert "w1 ⊥ w2" not in shown and "w2 ⊥ y" not in shown
    # local statements are kept as they are
    local = independence_report(table, "p(y|w1)p(z|w2)", kind="local")
    assert [str(r.statement) for r in local.rows] == ["y ⊥ {w2, z} | w1", "z ⊥ {w1, y} | w2"]
    assert local.holds


def test_report_on_complete_conditional_table_is_unchanged():
    # no assignment left out: the completion is the product of uniforms, so "w1 ⊥ w2" is listed (and holds)
    joint = pt.Table.from_array(
        np.full((2, 2, 2), 0.125), states={"y": [0, 1], "w1": [0, 1], "w2": [0, 1]}
    )
    report = independence_report(joint.condition(["w1", "w2"]), "p(y|w1,w2)", kind="all")
    assert [str(r.statement) for r in report.rows] == ["w1 ⊥ w2"]
    assert report.holds


# --------------------------------------------------------------------------- structure against data


@pytest.mark.parametrize(
    "name, n, repetitions", [("asia", 300, 40), ("asia", 3000, 60), ("sachs", 1000, 20)]
)
def test_check_data_with_holm_rejects_nothing_on_samples_of_the_network(name, n, repetitions):
    # every local statement holds in data drawn from the network itself: Holm at 0.05 must reject
    # nothing in at least 90% of repetitions (it is a 5% family-wise procedure; measured over 150
    # repetitions on asia at 3,000 rows: 4%). If the true rate is 5%, more than 10% of 40, 60, 20
    # repetitions happens with probability 4.8%, 1.6%, 7.5%: the seeds are fixed, so this is a
    # deterministic check, not a flaky one.
    network = pt.examples.load(name)
    runs_with_a_rejection = 0
    for r in range(repetitions):
        report = pt.check.check_data(network, network.sample(n, seed=7919 * r + n), seed=r)
        runs_with_a_rejection += bool(report["rejected"].any())
    assert runs_with_a_rejection <= 0.1 * repetitions


def test_check_data_statuses_on_asia():
    asia = pt.examples.load("asia")
    report = asia.check_data(asia.sample(2000, seed=1), seed=0)
    status = dict(zip(report["statement"], report["status"]))
    either = [s for s in status if s.startswith("either ⊥")]
    assert [status[s] for s in either] == ["untestable"]  # either = lung or tub, exactly
    assert set(status.values()) <= {"not rejected", "untestable"}
    summary = pt.check.data_summary(report)
    assert summary.startswith(f"{len(report)} statements implied; {len(report) - 1} could be tested")
    assert "consistent" not in summary and "1 untestable (0 degrees of freedom)" in summary


def test_check_data_rejects_a_wrong_structure():
    asia = pt.examples.load("asia")
    data = asia.sample(5000, seed=2)
    report = pt.check.check_data("p(asia)p(smoke)p(tub)p(lung)p(bronc)p(either)p(xray)p(dysp)", data)
    assert report["rejected"].sum() >= 4
    assert "(the data contradict the structure)" in pt.check.data_summary(report)


def test_data_summary_says_consistent_only_when_everything_was_tested_with_power():
    def summary(status, power):
        return pt.check.data_summary(pd.DataFrame({"status": status, "power": power}))

    assert summary(["not rejected"] * 2, [0.9, 0.95]).endswith(
        "the data are consistent with the structure."
    )
    assert "consistent" not in summary(["not rejected", "untestable"], [0.9, 0.0])
    assert "consistent" not in summary(["not rejected", "unreliable"], [0.9, 0.9])
    assert "consistent" not in summary(["not rejected"] * 2, [0.9, 0.5])
    assert summary(["untestable"], [0.0]) == (
        "1 statement implied; 0 could be tested, so the data say nothing about the structure. "
        "1 untestable (0 degrees of freedom)."
    )
