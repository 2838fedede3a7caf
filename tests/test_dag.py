"""Tests of probtables.dag: the DAG of a factorization and d-separation.

Reference answers come from three independent places: hand derivations on the
canonical structures, networkx's own d-separation routines, and a brute-force
numeric check on full joint tables built with plain numpy.
"""

from __future__ import annotations

import itertools
import re
from types import SimpleNamespace

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networks import NETWORKS

from probtables import dag
from probtables.dag import _graphindex as _dagindex
from probtables.errors import (
    EnumerationLimitError,
    NotationError,
    StatementError,
    StructureCycleError,
    StructureError,
    UnknownVariableError,
    VariableNameError,
)
from probtables.independence import Independence

I = Independence  # noqa: E741 - short name for the many statements below

ASIA_EDGES = [
    ("asia", "tub"),
    ("smoke", "lung"),
    ("smoke", "bronc"),
    ("lung", "either"),
    ("tub", "either"),
    ("either", "xray"),
    ("bronc", "dysp"),
    ("either", "dysp"),
]


# --------------------------------------------------------------------------- fixtures


def _frozen(terms):
    return nx.freeze(dag.build_dag(terms))


@pytest.fixture
def chain():
    """p(a)p(b | a)p(c | b): a -> b -> c."""
    return _frozen([(("a",), ()), (("b",), ("a",)), (("c",), ("b",))])


@pytest.fixture
def fork():
    """p(b)p(a | b)p(c | b): a <- b -> c."""
    return _frozen([(("b",), ()), (("a",), ("b",)), (("c",), ("b",))])


@pytest.fixture
def collider():
    """p(a)p(c)p(b | a, c): a -> b <- c."""
    return _frozen([(("a",), ()), (("c",), ()), (("b",), ("a", "c"))])


@pytest.fixture
def notes():
    """The lecture notes' p(z)p(y)p(x | y, z): y -> x <- z."""
    return _frozen([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])


@pytest.fixture
def naive_bayes():
    """p(c)p(f1 | c)p(f2 | c)p(f3 | c)p(f4 | c)."""
    return _frozen([(("c",), ())] + [((f"f{i}",), ("c",)) for i in range(1, 5)])


@pytest.fixture
def asia():
    g = nx.DiGraph()
    g.add_nodes_from(["asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp"])
    g.add_edges_from(ASIA_EDGES)
    return nx.freeze(g)


def test_asia_fixture_matches_the_bif_file(asia):
    text = open(NETWORKS / "asia.bif", encoding="utf-8").read()
    edges = set()
    for child, given_text in re.findall(r"probability\s*\(\s*(\w+)\s*(?:\|\s*([\w\s,]+))?\)", text):
        for parent in (given_text or "").replace(",", " ").split():
            edges.add((parent, child))
    assert edges == set(ASIA_EDGES)


# --------------------------------------------------------------------------- build_dag / terms_from_dag


def test_build_dag_notes_example(notes):
    assert list(notes.nodes) == ["z", "y", "x"]
    assert set(notes.edges) == {("y", "x"), ("z", "x")}
    assert [notes.nodes[v]["free"] for v in notes] == [False, False, False]
    assert [notes.nodes[v]["term"] for v in notes] == [0, 1, 2]


def test_build_dag_multi_head_term_is_complete_in_written_order():
    g = dag.build_dag([(("y", "z", "u"), ("w", "x"))])
    assert set(g.edges) == {
        ("y", "z"),
        ("y", "u"),
        ("z", "u"),
        ("w", "y"),
        ("w", "z"),
        ("w", "u"),
        ("x", "y"),
        ("x", "z"),
        ("x", "u"),
    }
    assert {v for v in g if g.nodes[v]["free"]} == {"w", "x"}
    assert g.in_degree("w") == 0 and g.in_degree("x") == 0
    assert g.nodes["u"]["term"] == 0 and g.nodes["w"]["term"] is None


def test_build_dag_accepts_strings_and_term_objects():
    term = SimpleNamespace(head=("x",), given=("y",))
    g = dag.build_dag([("y", ()), term])
    assert set(g.edges) == {("y", "x")}
    assert not g.nodes["y"]["free"]


def test_build_dag_free_variable_only_behind_bar():
    g = dag.build_dag([(("x",), ("θ",))])
    assert g.nodes["θ"] == {"free": True, "term": None}
    assert dag.terms_from_dag(g) == [(("x",), ("θ",))]


def test_build_dag_duplicate_head_names_both_terms():
    msg = (
        "build_dag(): variable 'x' heads two terms, p(x | y) and p(x); "
        "every variable must head exactly one term"
    )
    with pytest.raises(StructureError, match=re.escape(msg)):
        dag.build_dag([(("x",), ("y",)), (("y",), ()), (("x",), ())])


def test_build_dag_duplicate_head_inside_a_multi_head_term():
    msg = "build_dag(): variable 'y' heads two terms, p(x, y) and p(y | z);"
    with pytest.raises(StructureError, match=re.escape(msg)):
        dag.build_dag([(("x", "y"), ()), (("y",), ("z",))])


def test_build_dag_two_cycle():
    msg = (
        "build_dag(): the terms condition on each other in a cycle, x -> y -> x "
        "(p(y | x), p(x | y)); a factorization must be acyclic"
    )
    with pytest.raises(StructureCycleError, match=re.escape(msg)):
        dag.build_dag([(("x",), ("y",)), (("y",), ("x",))])


def test_build_dag_three_cycle():
    msg = (
        "build_dag(): the terms condition on each other in a cycle, a -> c -> b -> a "
        "(p(c | a), p(b | c), p(a | b)); a factorization must be acyclic"
    )
    with pytest.raises(StructureCycleError, match=re.escape(msg)):
        dag.build_dag([(("a",), ("b",)), (("b",), ("c",)), (("c",), ("a",))])


def test_build_dag_cycle_is_a_structure_error_too():
    assert issubclass(StructureCycleError, StructureError)


@pytest.mark.parametrize(
    ("terms", "msg"),
    [
        ([], "build_dag(): no terms; a factorization has at least one term, such as p(x)"),
        (
            [((), ("y",))],
            "build_dag(): term 0 has no head variable (nothing in front of the bar); "
            "every term is p(head | given) with at least one head",
        ),
        ([(("x",), ("x",))], "build_dag(): term 0 names 'x' twice; a term names each variable once"),
        ([(("y",), ()), (("x",), ("y", "y"))], "build_dag(): term 1 names 'y' twice"),
        ([("x",)], "build_dag(): term 0 is ('x',); expected a pair (head, given)"),
        ([(("x",), None)], "build_dag(): term 0 is (('x',), None); its head and given must be names"),
    ],
)
def test_build_dag_malformed_terms(terms, msg):
    with pytest.raises(StructureError, match=re.escape(msg)):
        dag.build_dag(terms)


def test_build_dag_rejects_names_that_are_not_strings():
    with pytest.raises(VariableNameError, match=re.escape("variable name 1 is of type int")):
        dag.build_dag([((1,), ())])
    assert list(dag.build_dag([(("a b",), ("c-d",))]).edges) == [("c-d", "a b")]


def test_terms_from_dag_round_trip(notes, asia):
    assert dag.terms_from_dag(notes) == [(("y",), ()), (("z",), ()), (("x",), ("y", "z"))]
    terms = dag.terms_from_dag(asia)
    assert terms == [
        (("asia",), ()),
        (("smoke",), ()),
        (("bronc",), ("smoke",)),
        (("lung",), ("smoke",)),
        (("tub",), ("asia",)),
        (("either",), ("lung", "tub")),
        (("dysp",), ("bronc", "either")),
        (("xray",), ("either",)),
    ]
    assert set(dag.build_dag(terms).edges) == set(asia.edges)


def test_terms_from_dag_multi_head_becomes_single_heads():
    g = dag.build_dag([(("y", "z"), ("w",)), (("v",), ("z",))])
    assert dag.terms_from_dag(g) == [(("y",), ("w",)), (("z",), ("w", "y")), (("v",), ("z",))]


def test_terms_from_dag_free_node_with_parents():
    g = nx.DiGraph([("x", "w")])
    g.nodes["w"]["free"] = True
    msg = (
        "terms_from_dag(): node 'w' is marked free=True but has parents ('x',); "
        "a free variable only appears behind the bar"
    )
    with pytest.raises(StructureError, match=re.escape(msg)):
        dag.terms_from_dag(g)


def test_graph_with_a_cycle_is_refused():
    g = nx.DiGraph([("b", "c"), ("c", "a"), ("a", "b"), ("a", "d")])
    msg = "implies(): the graph has a cycle, b -> c -> a -> b; a factorization's graph must be acyclic"
    with pytest.raises(StructureCycleError, match=re.escape(msg)):
        dag.implies(g, "a ⊥ d")


def test_undirected_graph_is_refused():
    msg = "topological_order(): expected a directed graph (networkx.DiGraph), got Graph"
    with pytest.raises(StructureError, match=re.escape(msg)):
        dag.topological_order(nx.Graph([("a", "b")]))


# --------------------------------------------------------------------------- small queries


def test_topological_order_is_lexicographic_among_ties():
    g = nx.DiGraph()
    g.add_nodes_from(["d", "c", "b", "a"])
    g.add_edges_from([("d", "a"), ("c", "b")])
    assert dag.topological_order(g) == ("c", "b", "d", "a")


def test_topological_order_is_a_topological_order(asia):
    order = dag.topological_order(asia)
    where = {v: i for i, v in enumerate(order)}
    assert sorted(order) == sorted(asia)
    assert all(where[u] < where[v] for u, v in asia.edges)


def test_parents_children_blanket_on_asia(asia):
    assert dag.parents(asia, "either") == ("lung", "tub")
    assert dag.parents(asia, "asia") == ()
    assert dag.children(asia, "smoke") == ("bronc", "lung")
    assert dag.children(asia, "either") == ("dysp", "xray")
    # parents, children and the children's other parents
    assert set(dag.markov_blanket(asia, "lung")) == {"smoke", "either", "tub"}
    assert set(dag.markov_blanket(asia, "either")) == {"lung", "tub", "xray", "dysp", "bronc"}
    assert set(dag.markov_blanket(asia, "asia")) == {"tub"}


def test_markov_blanket_separates_from_everything_else(asia):
    for v in asia:
        blanket = set(dag.markov_blanket(asia, v))
        rest = set(asia) - blanket - {v}
        if rest:
            assert nx.is_d_separator(asia, {v}, rest, blanket)


def test_moral_graph_of_asia(asia):
    moral = dag.moral_graph(asia)
    assert isinstance(moral, nx.Graph) and not moral.is_directed()
    married = {frozenset(e) for e in moral.edges} - {frozenset(e) for e in asia.edges}
    assert married == {frozenset(("lung", "tub")), frozenset(("bronc", "either"))}
    assert {frozenset(e) for e in moral.edges} == {frozenset(e) for e in nx.moral_graph(asia).edges}
    assert list(moral.nodes) == list(dag.topological_order(asia))


def test_unknown_variable_in_a_query(asia):
    msg = (
        "parents(): unknown variable 'lungs'; the graph has ('asia', 'smoke', 'bronc', 'lung', "
        "'tub', 'either', 'dysp', 'xray'). Did you mean 'lung'?"
    )
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        dag.parents(asia, "lungs")


# --------------------------------------------------------------------------- implies, by hand


@pytest.mark.parametrize(
    ("structure", "statement", "expected"),
    [
        ("chain", "a ⊥ c", False),
        ("chain", "a ⊥ c | b", True),
        ("fork", "a ⊥ c", False),
        ("fork", "a ⊥ c | b", True),
        ("collider", "a ⊥ c", True),
        ("collider", "a ⊥ c | b", False),
        ("notes", "y ⊥ z", True),
        ("notes", "z ⊥ y", True),
        ("notes", "y ⊥ z | x", False),
        ("notes", "y ⊥ x", False),
        ("naive_bayes", "f1 ⊥ f2", False),
        ("naive_bayes", "f1 ⊥ f2 | c", True),
        ("naive_bayes", "{f1, f2} ⊥ {f3, f4} | c", True),
        ("naive_bayes", "f1 ⊥ {f2, f3, f4} | c", True),
        ("naive_bayes", "f1 ⊥ c | f2", False),
        ("asia", "tub ⊥ smoke", True),
        ("asia", "asia ⊥ smoke", True),
        ("asia", "tub ⊥ smoke | either", False),  # observed collider
        ("asia", "tub ⊥ smoke | xray", False),  # collider opened by its descendant
        ("asia", "asia ⊥ smoke | dysp", False),
        ("asia", "xray ⊥ dysp | either", True),
        ("asia", "xray ⊥ dysp", False),
        ("asia", "bronc ⊥ lung | smoke", True),
        ("asia", "bronc ⊥ lung | smoke, dysp", False),
        ("asia", "dysp ⊥ {asia, smoke, lung, tub, xray} | bronc, either", True),
        ("asia", "asia ⊥ xray | tub", True),
        ("asia", "{asia, tub} ⊥ {smoke, bronc}", True),
        ("asia", "{asia, tub} ⊥ {smoke, bronc} | xray", False),
    ],
)
def test_implies_by_hand(request, structure, statement, expected):
    g = request.getfixturevalue(structure)
    assert dag.implies(g, statement) is expected
    assert dag.implies(g, Independence.parse(statement)) is expected
    s = Independence.parse(statement)
    assert nx.is_d_separator(g, set(s.left), set(s.right), set(s.given)) is expected


def test_implies_unknown_variables(notes):
    msg = "implies(): unknown variable 'w'; the graph has ('y', 'z', 'x')."
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        dag.implies(notes, "y ⊥ w")
    msg = "implies(): unknown variables 'u', 'w'; the graph has ('y', 'z', 'x')."
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        dag.implies(notes, "y ⊥ w | u")
    assert isinstance(UnknownVariableError("m"), KeyError)


def test_unknown_unhashable_variable(notes):
    msg = "children(): unknown variable ['x']; the graph has ('y', 'z', 'x')."
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        dag.children(notes, ["x"])


def test_unknown_variable_list_is_truncated_on_big_graphs():
    g = nx.DiGraph()
    g.add_nodes_from(f"v{i:02d}" for i in range(40))
    with pytest.raises(UnknownVariableError) as info:
        dag.implies(g, "v00 ⊥ q")
    assert str(info.value).endswith("'v28', 'v29', ... (40 variables)).")


def test_implies_malformed_statement_string(notes):
    with pytest.raises(NotationError, match=re.escape("variable 'y' is on both sides of ⊥")):
        dag.implies(notes, "y ⊥ y")


# --------------------------------------------------------------------------- the cache


def test_cache_follows_changes_to_the_graph():
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    assert dag.implies(g, "a ⊥ c | b")
    g.add_edge("a", "c")
    assert not dag.implies(g, "a ⊥ c | b")
    g.remove_edge("a", "c")
    assert dag.implies(g, "a ⊥ c | b")
    g.remove_edge("b", "c")
    g.add_edge("c", "b")  # same number of nodes and edges, now a collider
    assert not dag.implies(g, "a ⊥ c | b")
    assert dag.topological_order(g) == ("a", "c", "b")
    g.add_edge("b", "a")
    with pytest.raises(StructureCycleError):
        dag.implies(g, "a ⊥ c")


def test_cache_of_a_copy_is_independent():
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    assert dag.implies(g, "a ⊥ c | b")
    h = g.copy()
    h.add_edge("a", "c")
    assert not dag.implies(h, "a ⊥ c | b")
    assert dag.implies(g, "a ⊥ c | b")


def test_views_are_never_answered_from_a_stale_cache():
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    view = g.subgraph(["a", "b", "c"])
    assert dag.implies(view, "a ⊥ c | b")
    g.add_edge("a", "c")
    assert not dag.implies(view, "a ⊥ c | b")
    reverse = g.reverse(copy=False)
    assert dag.topological_order(reverse) == ("d", "c", "b", "a")
    g.remove_edge("c", "d")
    g.add_edge("d", "c")
    assert dag.topological_order(reverse) == ("c", "b", "a", "d")


def test_large_graph_path_without_ancestor_bitsets(monkeypatch):
    monkeypatch.setattr(_dagindex, "_ANCESTOR_BITS_MAX", 3)
    g = nx.DiGraph(ASIA_EDGES)
    assert _dagindex._index(g, "test").anc is None
    rng = np.random.default_rng(7)
    nodes = list(g)
    for _ in range(300):
        perm = rng.permutation(nodes)
        a, b = sorted(rng.choice(np.arange(1, len(nodes)), size=2, replace=False))
        x, y, z = set(perm[:a]), set(perm[a:b]), set(perm[b : b + rng.integers(0, 4)])
        assert dag.implies(g, I(x, y, z)) == nx.is_d_separator(g, x, y, z)
    _check_pairwise(g, dag.independencies(g, "pairwise"))


# --------------------------------------------------------------------------- explain


def test_explain_notes_example(notes):
    e = dag.explain(notes, "y ⊥ z | x")
    assert e.holds is False
    assert e.statement == I("y", "z", "x")
    assert e.trail == ("y", "x", "z")
    assert e.arrows == ("->", "<-")
    assert e.steps == (dag.Step("x", "collider", observed=True, active=True),)
    assert str(e) == (
        "y ⊥ z | x does not hold: the trail y -> x <- z is active given x.\n"
        "  - x is a collider and is observed (explaining away), so the trail is active at x."
    )
    assert repr(e) == "<Explanation y ⊥ z | x: does not hold, trail y -> x <- z>"


def test_explain_notes_example_holds(notes):
    e = dag.explain(notes, "y ⊥ z")
    assert e.holds and e.trail == () and e.steps == ()
    assert e.n_trails == 1 and e.n_trails_exact
    (b,) = e.blocked
    assert b.trail == ("y", "x", "z") and b.step.node == "x" and b.step.kind == "collider"
    assert str(e) == (
        "y ⊥ z holds: every trail between y and z is blocked when nothing is observed.\n"
        "  - y -> x <- z is blocked at x: a collider that is not observed and has no observed "
        "descendant."
    )


def test_explain_collider_opened_by_a_descendant():
    g = dag.build_dag(
        [(("y",), ()), (("z",), ()), (("x",), ("y", "z")), (("u",), ("x",)), (("w",), ("u",))]
    )
    e = dag.explain(g, "y ⊥ z | w")
    assert e.trail == ("y", "x", "z")
    (step,) = e.steps
    assert (step.kind, step.observed, step.active, step.opened_by, step.via) == (
        "collider",
        False,
        True,
        "w",
        ("x", "u", "w"),
    )
    assert str(step) == (
        "x is a collider and is not observed, but its descendant w is (x -> u -> w), "
        "so the trail is active at x"
    )


def test_explain_chain_and_fork_steps(asia):
    e = dag.explain(asia, "xray ⊥ dysp | lung")
    # xray <- either -> dysp: either is an unobserved fork
    assert e.trail == ("xray", "either", "dysp")
    assert [(s.node, s.kind, s.observed) for s in e.steps] == [("either", "fork", False)]
    assert (
        "either is a fork (a common cause) and is not observed, so the trail is active at either"
        in str(e)
    )


def test_explain_adjacent_variables(chain):
    e = dag.explain(chain, "a ⊥ b | c")
    assert e.trail == ("a", "b") and e.steps == ()
    assert str(e) == (
        "a ⊥ b | c does not hold: the trail a -> b is active given c.\n"
        "  - a and b are adjacent: a single edge has no interior node that could block it."
    )


def test_explain_holds_lists_a_few_trails_and_counts_the_rest(asia):
    e = dag.explain(asia, "asia ⊥ smoke", max_trails=2)
    assert e.holds
    # asia-tub-either-lung-smoke, asia-tub-either-dysp-bronc-smoke
    assert e.n_trails == 2
    assert [b.trail for b in e.blocked] == [
        ("asia", "tub", "either", "lung", "smoke"),
        ("asia", "tub", "either", "dysp", "bronc", "smoke"),
    ]
    # the first is blocked at the collider either, the second at the collider dysp
    assert [b.step.node for b in e.blocked] == ["either", "dysp"]
    e = dag.explain(asia, "asia ⊥ smoke", max_trails=1)
    assert str(e).endswith("  ... and 1 more trail, all blocked.")
    e = dag.explain(asia, "dysp ⊥ asia | either, bronc")
    # dysp <- either <- tub <- asia, and dysp <- bronc <- smoke -> lung -> either <- tub <- asia:
    # each is blocked first (from the left) at an observed chain node
    assert e.n_trails == 2
    assert [(b.step.node, b.step.kind) for b in e.blocked] == [("either", "chain"), ("bronc", "chain")]
    assert "blocked at either: a chain node that is observed" in str(e)


def test_explain_sets_are_printed_in_braces(naive_bayes):
    e = dag.explain(naive_bayes, "{f2, f1} ⊥ f3 | c")
    assert (
        str(e).splitlines()[0]
        == "{f1, f2} ⊥ f3 | c holds: every trail between {f1, f2} and f3 is blocked given c."
    )
    assert e.n_trails == 2 and [b.step.node for b in e.blocked] == ["c", "c"]


def test_listed_statements_are_ordinary_statements(asia):
    for kind in ("local", "pairwise", "all"):
        for s in dag.independencies(asia, kind):
            checked = Independence(set(s.left), set(s.right), set(s.given))
            assert s == checked and hash(s) == hash(checked) and str(s) == str(checked)
            assert all(type(side) is frozenset for side in (s.left, s.right, s.given))


def test_explain_no_trail_at_all():
    g = dag.build_dag([(("a",), ()), (("b",), ())])
    e = dag.explain(g, "a ⊥ b")
    assert e.holds and e.n_trails == 0
    assert str(e) == "a ⊥ b holds: there is no trail at all between a and b."


def test_explain_unknown_variable(notes):
    with pytest.raises(UnknownVariableError, match=re.escape("explain(): unknown variable 'q'")):
        dag.explain(notes, "q ⊥ z")


# --------------------------------------------------------------------------- independencies by hand


def test_local_independencies_of_asia(asia):
    got = dag.independencies(asia, "local")
    assert got == [
        I("asia", {"smoke", "bronc", "lung"}),
        I("smoke", {"asia", "tub"}),
        I("bronc", {"asia", "lung", "tub", "either", "xray"}, "smoke"),
        I("lung", {"asia", "bronc", "tub"}, "smoke"),
        I("tub", {"smoke", "bronc", "lung"}, "asia"),
        I("either", {"asia", "smoke", "bronc"}, {"lung", "tub"}),
        I("dysp", {"asia", "smoke", "lung", "tub", "xray"}, {"bronc", "either"}),
        I("xray", {"asia", "smoke", "bronc", "lung", "tub", "dysp"}, "either"),
    ]
    assert [sorted(s.left) for s in got] == [[v] for v in dag.topological_order(asia)]


def test_local_lists_a_statement_once(notes, naive_bayes):
    # y ⊥ z (from y) and z ⊥ y (from z) are the same statement
    assert dag.independencies(notes, "local") == [I("y", "z")]
    assert dag.independencies(naive_bayes, "local") == [
        I(f"f{i}", {f"f{j}" for j in range(1, 5) if j != i}, "c") for i in range(1, 5)
    ]


def test_local_skips_free_variables_and_empty_right_sides():
    g = dag.build_dag([(("x",), ("θ",)), (("y",), ("x",))])
    assert dag.independencies(g, "local") == [I("y", "θ", "x")]


def test_pairwise_independencies_by_hand(chain, collider, naive_bayes):
    assert dag.independencies(chain, "pairwise") == [I("a", "c", "b")]
    assert dag.independencies(collider, "pairwise") == [I("a", "c")]
    got = dag.independencies(naive_bayes, "pairwise")
    assert got == [I(f"f{i}", f"f{j}", "c") for i in range(1, 5) for j in range(i + 1, 5)]


def test_all_independencies_by_hand(chain, fork, collider, notes):
    assert dag.independencies(chain, "all") == [I("a", "c", "b")]
    assert dag.independencies(fork, "all") == [I("a", "c", "b")]
    assert dag.independencies(collider, "all") == [I("a", "c")]
    assert dag.independencies(notes, "all") == [I("y", "z")]


def test_all_independencies_order(naive_bayes):
    got = dag.independencies(naive_bayes, "all")
    # f1 ⊥ f2 needs c; then any of f3, f4 may join c
    assert got[:4] == [
        I("f1", "f2", "c"),
        I("f1", "f2", {"c", "f3"}),
        I("f1", "f2", {"c", "f4"}),
        I("f1", "f2", {"c", "f3", "f4"}),
    ]
    assert len(got) == 6 * 4


def test_independencies_unknown_kind(chain):
    msg = "independencies(): unknown kind 'locl'; choose 'local', 'pairwise' or 'all'. Did you mean 'local'?"
    with pytest.raises(dag.UnknownKindError, match=re.escape(msg)):
        dag.independencies(chain, "locl")
    assert issubclass(dag.UnknownKindError, StatementError)


def test_independencies_all_enumeration_limit():
    g = nx.DiGraph()
    g.add_nodes_from(f"v{i}" for i in range(20))
    msg = (
        "independencies(kind='all'): about 49,807,360 d-separation tests (190 pairs x 2**18 "
        "conditioning sets) exceed limit=1,000,000; pass limit=49807360 (or limit=None) to "
        "enumerate anyway, or ask for kind='pairwise' or 'local'"
    )
    with pytest.raises(EnumerationLimitError, match=re.escape(msg)):
        dag.independencies(g, "all")
    msg = "about 1,792 d-separation tests (28 pairs x 2**6 conditioning sets) exceed limit=1,000;"
    with pytest.raises(EnumerationLimitError, match=re.escape(msg)):
        dag.independencies(nx.DiGraph(ASIA_EDGES), "all", limit=1000)
    assert len(dag.independencies(nx.DiGraph(ASIA_EDGES), "all", limit=1792)) > 0


def test_all_on_asia_equals_brute_force(asia):
    assert _same_statements(dag.independencies(asia, "all"), _all_by_nx(asia))


# --------------------------------------------------------------------------- Markov equivalence


def test_markov_equivalence_canonical(chain, fork, collider):
    reverse_chain = dag.build_dag([(("c",), ()), (("b",), ("c",)), (("a",), ("b",))])
    assert dag.is_markov_equivalent(chain, fork)
    assert dag.is_markov_equivalent(chain, reverse_chain)
    assert not dag.is_markov_equivalent(chain, collider)
    assert not dag.is_markov_equivalent(fork, collider)
    assert not dag.is_markov_equivalent(chain, dag.build_dag([(("a",), ()), (("b",), ("a",))]))
    # same skeleton and v-structure, but a shielded collider is not a v-structure
    tri1 = nx.DiGraph([("a", "b"), ("c", "b"), ("a", "c")])
    tri2 = nx.DiGraph([("b", "a"), ("b", "c"), ("a", "c")])
    assert dag.is_markov_equivalent(tri1, tri2)


def test_markov_equivalence_on_asia(asia):
    flipped = nx.DiGraph(asia)
    flipped.remove_edge("asia", "tub")
    flipped.add_edge("tub", "asia")  # asia -> tub is in no v-structure
    assert dag.is_markov_equivalent(asia, flipped)
    flipped = nx.DiGraph(asia)
    flipped.remove_edge("either", "xray")
    flipped.add_edge("xray", "either")  # creates the v-structure xray -> either <- lung
    assert not dag.is_markov_equivalent(asia, flipped)


# --------------------------------------------------------------------------- independent checkers


def _trail_kinds(g, trail):
    kinds = []
    for a, v, b in zip(trail, trail[1:], trail[2:]):
        if g.has_edge(a, v) and g.has_edge(b, v):
            kinds.append("collider")
        elif g.has_edge(v, a) and g.has_edge(v, b):
            kinds.append("fork")
        else:
            kinds.append("chain")
    return kinds


def _is_active(g, trail, z):
    """The d-separation rules, applied node by node, with networkx's descendants."""
    for v, kind in zip(trail[1:-1], _trail_kinds(g, trail)):
        if kind == "collider":
            if v not in z and not (nx.descendants(g, v) & z):
                return False
        elif v in z:
            return False
    return True


def _trails(g, xs, ys):
    """All simple trails from xs to ys whose interior avoids xs and ys (networkx paths)."""
    skeleton = g.to_undirected(as_view=True)
    ends = set(xs) | set(ys)
    out = []
    for x in xs:
        for y in ys:
            blocked = ends - {x, y}
            sub = nx.restricted_view(skeleton, blocked, [])
            out += [tuple(p) for p in nx.all_simple_paths(sub, x, y)]
    return out


def _all_by_nx(g):
    nodes = list(g)
    out = []
    for x, y in itertools.combinations(nodes, 2):
        rest = [v for v in nodes if v not in (x, y)]
        for r in range(len(rest) + 1):
            for z in itertools.combinations(rest, r):
                if nx.is_d_separator(g, {x}, {y}, set(z)):
                    out.append(I(x, y, z))
    return out


def _same_statements(a, b):
    return len(a) == len(set(a)) and set(a) == set(b) and len(a) == len(b)


def _check_pairwise(g, statements):
    adjacent = {frozenset(e) for e in g.to_undirected().edges}
    pairs = {frozenset((x, y)) for x, y in itertools.combinations(g, 2)} - adjacent
    assert {frozenset(s.left | s.right) for s in statements} == pairs
    assert len(statements) == len(pairs)
    for s in statements:
        (x,), (y,) = s.left, s.right
        z = set(s.given)
        assert nx.is_d_separator(g, {x}, {y}, z)
        for w in z:
            assert not nx.is_d_separator(g, {x}, {y}, z - {w}), (s, w)


# --------------------------------------------------------------------------- properties on random DAGs


@st.composite
def dags(draw, min_nodes=5, max_nodes=12):
    n = draw(st.integers(min_nodes, max_nodes))
    names = [f"v{i}" for i in range(n)]
    order = draw(st.permutations(names))
    density = draw(st.sampled_from([0.15, 0.3, 0.5]))
    g = nx.DiGraph()
    g.add_nodes_from(draw(st.permutations(names)))  # insertion order unrelated to the edges
    for i, j in itertools.combinations(range(n), 2):
        if draw(st.floats(0, 1)) < density:
            g.add_edge(order[i], order[j])
    return g


@st.composite
def dags_and_statements(draw, min_nodes=5, max_nodes=12, max_side=3):
    g = draw(dags(min_nodes, max_nodes))
    nodes = draw(st.permutations(list(g)))
    a = draw(st.integers(1, max_side))
    b = draw(st.integers(1, min(max_side, len(nodes) - a)))
    c = draw(st.integers(0, len(nodes) - a - b))
    x, y, z = nodes[:a], nodes[a : a + b], nodes[a + b : a + b + c]
    return g, I(x, y, z)


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(dags_and_statements())
def test_implies_agrees_with_networkx(case):
    g, s = case
    assert dag.implies(g, s) == nx.is_d_separator(g, set(s.left), set(s.right), set(s.given))
    assert dag.implies(g, str(s)) == dag.implies(g, s)


@PROPERTY
@given(dags_and_statements(min_nodes=5, max_nodes=8, max_side=2))
def test_explain_trail_is_active_and_shortest(case):
    g, s = case
    e = dag.explain(g, s)
    assert e.holds == nx.is_d_separator(g, set(s.left), set(s.right), set(s.given))
    z = set(s.given)
    trails = _trails(g, s.left, s.right)
    active = [t for t in trails if _is_active(g, t, z)]
    if e.holds:
        assert not active and e.trail == () and e.steps == ()
        assert e.n_trails == len(trails) and e.n_trails_exact
        assert len(e.blocked) == min(5, len(trails))
        for b in e.blocked:
            assert b.trail in trails and not _is_active(g, b.trail, z)
            k = b.trail.index(b.step.node)
            assert _is_active(g, b.trail[: k + 1], z)  # nothing blocks before the named node
            assert not _is_active(g, b.trail[: k + 2], z)
        assert [len(b.trail) for b in e.blocked] == sorted(len(t) for t in trails)[: len(e.blocked)]
        return
    t = e.trail
    assert t[0] in s.left and t[-1] in s.right
    assert not (set(t[1:-1]) & (s.left | s.right)) and len(set(t)) == len(t)
    assert all(g.has_edge(a, b) or g.has_edge(b, a) for a, b in zip(t, t[1:]))
    assert e.arrows == tuple("->" if g.has_edge(a, b) else "<-" for a, b in zip(t, t[1:]))
    assert _is_active(g, t, z)
    assert len(t) == min(len(a) for a in active)
    assert [st_.kind for st_ in e.steps] == _trail_kinds(g, t)
    for step in e.steps:
        assert step.active and step.observed == (step.node in z)
        if step.opened_by is not None:
            assert step.kind == "collider" and not step.observed and step.opened_by in z
            assert nx.is_path(g, list(step.via)) and step.via[0] == step.node
            assert len(step.via) - 1 == min(
                nx.shortest_path_length(g, step.node, w) for w in z if nx.has_path(g, step.node, w)
            )


@PROPERTY
@given(dags())
def test_pairwise_separators_separate_and_are_minimal(g):
    _check_pairwise(g, dag.independencies(g, "pairwise"))


@PROPERTY
@given(dags())
def test_local_statements_hold(g):
    got = dag.independencies(g, "local")
    for s in got:
        (v,) = s.left
        assert set(s.given) == set(g.pred[v])
        assert set(s.right) == set(g) - nx.descendants(g, v) - set(g.pred[v]) - {v}
        assert nx.is_d_separator(g, set(s.left), set(s.right), set(s.given))
    expected = []
    for v in dag.topological_order(g):
        rest = set(g) - nx.descendants(g, v) - set(g.pred[v]) - {v}
        if rest and I(v, rest, set(g.pred[v])) not in expected:
            expected.append(I(v, rest, set(g.pred[v])))
    assert got == expected and len(set(got)) == len(got)


@settings(max_examples=60, deadline=None)
@given(dags(min_nodes=2, max_nodes=7))
def test_all_agrees_with_brute_force(g):
    got = dag.independencies(g, "all")
    assert _same_statements(got, _all_by_nx(g))
    where = {v: i for i, v in enumerate(dag.topological_order(g))}
    keys = [
        (
            where[min(s.left | s.right, key=where.get)],
            where[max(s.left | s.right, key=where.get)],
            len(s.given),
            sorted(where[v] for v in s.given),
        )
        for s in got
    ]
    assert keys == sorted(keys)


@settings(max_examples=150, deadline=None)
@given(dags(min_nodes=3, max_nodes=6), st.data())
def test_markov_equivalence_iff_same_independencies(g, data):
    # a second DAG on the same nodes: g with some edges reversed (kept acyclic) or a random one
    h = nx.DiGraph()
    h.add_nodes_from(g)
    for u, v in g.edges:
        if data.draw(st.booleans()):
            h.add_edge(v, u)
        else:
            h.add_edge(u, v)
    if not nx.is_directed_acyclic_graph(h):
        h = data.draw(dags(len(g), len(g)))
        h = nx.relabel_nodes(h, dict(zip(sorted(h), sorted(g))))
    same = set(dag.independencies(g, "all")) == set(dag.independencies(h, "all"))
    assert dag.is_markov_equivalent(g, h) == same


# --------------------------------------------------------------------------- numbers, without d-separation


def _random_joint(g, rng):
    """The full joint of a DAG with random (Dirichlet) tables, by plain numpy products."""
    nodes = list(g)
    card = {v: int(rng.integers(2, 4)) for v in nodes}
    axis = {v: i for i, v in enumerate(nodes)}
    joint = np.ones([card[v] for v in nodes])
    for v in nodes:
        pa = list(g.pred[v])
        cpt = rng.dirichlet(np.ones(card[v]), size=[card[p] for p in pa])  # shape pa... + (v,)
        shape = [1] * len(nodes)
        for p in pa:
            shape[axis[p]] = card[p]
        shape[axis[v]] = card[v]
        order = [axis[p] for p in pa] + [axis[v]]
        # put the cpt axes in the grid's axis order, then broadcast over the grid
        cpt = np.transpose(cpt, np.argsort(order))
        joint = joint * cpt.reshape(shape)
    assert abs(joint.sum() - 1) < 1e-12
    return nodes, joint


def _numeric_gap(nodes, joint, x, y, z):
    """max |p(x, y, Z) p(Z) - p(x, Z) p(y, Z)| over all assignments."""

    def marginal(keep):  # keepdims: every marginal broadcasts against the others

        drop = tuple(i for i in range(len(nodes)) if nodes[i] not in keep)
        return np.sum(joint, axis=drop, keepdims=True)

    pxyz = marginal({x, y} | z)
    pz = marginal(z)
    pxz = marginal({x} | z)
    pyz = marginal({y} | z)
    return float(np.max(np.abs(pxyz * pz - pxz * pyz)))


@pytest.mark.parametrize("seed", range(12))
def test_implies_matches_numbers(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 7))
    order = [f"v{i}" for i in rng.permutation(n)]
    g = nx.DiGraph()
    g.add_nodes_from(order)
    density = [0.3, 0.5, 0.7][seed % 3]
    for i, j in itertools.combinations(range(n), 2):
        if rng.random() < density:
            g.add_edge(order[i], order[j])
    draws = [_random_joint(g, rng) for _ in range(2)]
    checked = 0
    for x, y in itertools.combinations(order, 2):
        rest = [v for v in order if v not in (x, y)]
        for r in range(len(rest) + 1):
            for z in itertools.combinations(rest, r):
                implied = dag.implies(g, I(x, y, z))
                gaps = [_numeric_gap(nodes, joint, x, y, set(z)) for nodes, joint in draws]
                if implied:
                    assert max(gaps) < 1e-10, (x, y, z, gaps)
                else:
                    # generic tables: d-connected variables are dependent, far above rounding
                    assert max(gaps) > 1e-6, (x, y, z, gaps)
                checked += 1
    assert checked == n * (n - 1) // 2 * 2 ** (n - 2)
