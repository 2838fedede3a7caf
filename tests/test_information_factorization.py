"""Information measures on factorizations with tables (no joint), against the brute-force joint."""

from __future__ import annotations

import math
import re

import networkx as nx
import numpy as np
import pytest

import probtables as pt
from probtables.errors import (
    NotAJointError,
    SizeLimitError,
    StateMismatchError,
    StructureError,
    UnknownVariableError,
    VariableMismatchError,
    ZeroProbabilityError,
)


def random_network(rng: np.random.Generator, states: dict, *, zeros: bool = False) -> pt.Factorization:
    """A random DAG over ``states``' variables (in a random order) with random tables."""
    names = list(states)
    order = [names[i] for i in rng.permutation(len(names))]
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    for j, child in enumerate(order):
        for parent in order[:j]:
            if rng.random() < 0.5:
                graph.add_edge(parent, child)
    structure = pt.Factorization.from_dag(graph)
    tables = []
    for term in structure.terms:
        axes = list(term.given) + list(term.head)
        values = rng.random([len(states[v]) for v in axes]) + 0.05
        if zeros:
            values[rng.random(values.shape) < 0.3] = 0.0
            values[..., 0] += 1e-3 * (values.sum(axis=-1) == 0)  # every column keeps some mass
        values /= values.sum(axis=-1, keepdims=True)
        tables.append(pt.Table.from_array(values, states={v: states[v] for v in axes}, given=term.given))
    return structure.with_tables(tables)


def brute_entropy(joint: pt.Table, names, given=()) -> float:
    """H(names | given) by the direct formula over the joint's rows."""
    frame = joint.frame

    def h(cols):
        if not cols:
            return 0.0
        p = frame.groupby(list(cols), observed=True)["p"].sum().to_numpy()
        p = p[p > 0]
        return float(-(p * np.log(p)).sum())

    return h(list(names) + list(given)) - h(list(given))


NETWORKS = ["asia", "cancer", "earthquake"]


@pytest.mark.parametrize("name", NETWORKS)
def test_entropies_and_mutual_information_match_the_joint(name):
    f = pt.examples.load(name)
    joint = f.joint()
    names = list(f.variables)
    a, b, c = names[0], names[-1], names[len(names) // 2]
    assert pt.entropy(f) == pytest.approx(brute_entropy(joint, names), abs=1e-12)
    assert pt.entropy(f, [a, b]) == pytest.approx(brute_entropy(joint, [a, b]), abs=1e-12)
    assert pt.entropy(f, a, given=c) == pytest.approx(brute_entropy(joint, [a], [c]), abs=1e-12)
    rest = [v for v in names if v != c]
    assert pt.entropy(f, given=c) == pytest.approx(brute_entropy(joint, rest, [c]), abs=1e-12)
    assert pt.conditional_entropy(f, [a, b], c, base=2) == pytest.approx(
        brute_entropy(joint, [a, b], [c]) / math.log(2), abs=1e-12
    )
    state = f.term(c).table.states[c][0]
    conditioned = joint.condition(**{c: state})
    assert pt.entropy(f, given={c: state}) == pytest.approx(brute_entropy(conditioned, rest), abs=1e-12)
    assert pt.entropy(f, a, given={c: state}) == pytest.approx(
        brute_entropy(conditioned, [a]), abs=1e-12
    )
    # I(a; b | c) = H(a, c) + H(b, c) - H(a, b, c) - H(c)
    expected = (
        brute_entropy(joint, [a, c])
        + brute_entropy(joint, [b, c])
        - brute_entropy(joint, [a, b, c])
        - brute_entropy(joint, [c])
    )
    assert pt.mutual_information(f, f"{a} ⊥ {b} | {c}") == pytest.approx(expected, abs=1e-12)
    assert pt.mutual_information(f, a, b, given=c) == pytest.approx(expected, abs=1e-12)


def test_zero_mutual_information_where_the_structure_implies_independence():
    asia = pt.examples.load("asia")
    for statement in asia.independencies("local"):
        assert pt.mutual_information(asia, statement) == pytest.approx(0.0, abs=1e-12)
    assert pt.mutual_information(asia, "smoke ⊥ dysp") > 0.01  # through bronc


def brute_kl(f: pt.Factorization, g: pt.Factorization) -> float:
    """Σ_x f(x) log(f(x) / g(x)) over every assignment, from the two joints (inf where g is 0 and f is not)."""
    names = list(f.variables)
    pj = f.joint().to_array(names)
    qj = g.joint().to_array(names)
    support = pj > 0
    if np.any(qj[support] == 0):
        return math.inf
    return float(np.sum(pj[support] * np.log(pj[support] / qj[support])))


@pytest.mark.parametrize("seed", range(12))
def test_kl_and_cross_entropy_of_random_networks_match_the_joints(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    states = {f"v{i}": list(range(int(rng.integers(2, 4)))) for i in range(n)}
    f = random_network(rng, states)
    g = random_network(rng, states)  # another structure over the same variables
    expected = brute_kl(f, g)
    assert pt.kl_divergence(f, g) == pytest.approx(expected, abs=1e-12)
    assert pt.kl_divergence(f, g) == pytest.approx(pt.kl_divergence(f.joint(), g.joint()), abs=1e-12)
    assert pt.kl_divergence(f, g, base=2) == pytest.approx(expected / math.log(2), abs=1e-12)
    # H(p, q) = H(p) + D(p || q), with H(p) by the direct formula over the joint
    cross = brute_entropy(f.joint(), list(states)) + expected
    assert pt.cross_entropy(f, g) == pytest.approx(cross, abs=1e-12)
    assert pt.kl_divergence(f, f) == pytest.approx(0.0, abs=1e-12)
    assert pt.kl_divergence(f, g.joint()) == pytest.approx(expected, abs=1e-12)  # a table as one term


@pytest.mark.parametrize("seed", range(8))
def test_kl_is_infinite_where_q_has_a_zero_that_p_does_not(seed):
    rng = np.random.default_rng(100 + seed)
    states = {f"v{i}": [0, 1, 2] for i in range(4)}
    f = random_network(rng, states)  # positive everywhere
    g = random_network(rng, states, zeros=True)
    assert pt.kl_divergence(f, g) == math.inf == brute_kl(f, g)
    assert pt.cross_entropy(f, g) == math.inf
    assert pt.kl_divergence(g, f) == pytest.approx(brute_kl(g, f), abs=1e-12)  # finite: f is positive


def test_kl_on_asia_against_fitted_tables_and_its_zeros():
    truth = pt.examples.load("asia")
    data = truth.sample(3_000, seed=5)
    fitted = pt.Factorization.parse(str(truth)).fit(data, pseudocount=1.0)
    assert pt.kl_divergence(truth, fitted) == pytest.approx(brute_kl(truth, fitted), abs=1e-12)
    # either = lung or tub: truth has zeros where the smoothed fit has none
    assert pt.kl_divergence(fitted, truth) == math.inf == brute_kl(fitted, truth)
    # a different structure fitted to the same data (a chain in the order of the variables)
    chain = pt.Table.uniform(
        {v: truth.term(v).table.states[v] for v in truth.variables}
    ).chain_factorize(list(truth.variables))
    other = pt.Factorization.parse(str(chain)).fit(data, pseudocount=1.0)
    assert pt.kl_divergence(truth, other) == pytest.approx(brute_kl(truth, other), abs=1e-12)


def test_errors():
    asia = pt.examples.load("asia")
    cancer = pt.examples.load("cancer")
    msg = (
        f"kl_divergence(): p = {asia} and q = {cancer} must be over the same variables; "
        f"p has {asia.variables!r}, q has {cancer.variables!r}."
    )
    with pytest.raises(VariableMismatchError, match=re.escape(msg)):
        pt.kl_divergence(asia, cancer)
    x2 = pt.Factorization([pt.Term("x", (), pt.Table.from_dict({0: 0.5, 1: 0.5}, variables="x"))])
    x3 = pt.Factorization([pt.Term("x", (), pt.Table.from_dict({0: 0.5, 2: 0.5}, variables="x"))])
    msg = "cross_entropy(): variable 'x' has states (0, 1) in p but (0, 2) in q."
    with pytest.raises(StateMismatchError, match=re.escape(msg)):
        pt.cross_entropy(x2, x3)
    conditional = pt.Factorization.parse("p(y|x)").with_tables(
        [pt.Table.from_array([[0.5, 0.5], [0.1, 0.9]], states={"x": [0, 1], "y": [0, 1]}, given="x")]
    )
    msg = (
        "entropy(): the factorization = p(y | x) is conditional on ('x',); information measures need a "
        "joint distribution (multiply by a distribution of those variables first)."
    )
    with pytest.raises(NotAJointError, match=re.escape(msg)):
        pt.entropy(conditional)
    msg = "kl_divergence(): q = p(x) has no tables; attach tables (fit, with_tables) first."
    with pytest.raises(StructureError, match=re.escape(msg)):
        pt.kl_divergence(x2, pt.Factorization.parse("p(x)"))
    msg = f"mutual_information(): unknown variable 'lungs'; {asia} has {asia.variables!r}. Did you mean 'lung'?"
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        pt.mutual_information(asia, "lungs ⊥ xray")
    msg = (
        f"entropy(): the assignment either='no', lung='yes' has probability zero in {asia}; "
        "there is no distribution given it."
    )
    with pytest.raises(ZeroProbabilityError, match=re.escape(msg)):
        pt.entropy(asia, "xray", given={"either": "no", "lung": "yes"})


def test_a_family_too_large_is_refused_with_its_size():
    # q's one term covers all 10 variables of 4 states: p's marginal over it has 1,048,576 cells
    states = {f"v{i}": [0, 1, 2, 3] for i in range(10)}
    p = pt.Factorization([pt.Term(v, (), pt.Table.uniform({v: s})) for v, s in states.items()])
    point = pt.Table.from_dict({(0,) * 10: 1.0}, variables=tuple(states), states=states)
    q = pt.Factorization([pt.Term(tuple(states), (), point)])
    msg = (
        "kl_divergence(): the term p(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9) of q needs the marginal "
        "over ('v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9'), a table of "
        "1,048,576 cells (8.4 MB), above max_bytes=1,000,000 (1 MB); pass a larger max_bytes= to allow it."
    )
    with pytest.raises(SizeLimitError, match=re.escape(msg)):
        pt.kl_divergence(p, q, max_bytes=1_000_000)
    # p's own families are single variables: its entropy needs no large table (10 log 4)
    assert pt.entropy(p, max_bytes=1_000) == pytest.approx(10 * math.log(4), abs=1e-12)
    # and with room, q puts all its mass on one assignment: p is infinitely far from it
    assert pt.kl_divergence(p, q, max_bytes=10_000_000) == math.inf
