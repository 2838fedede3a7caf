"""Inference on factorizations (probtables.inference) against brute force over the joint."""

from __future__ import annotations

import itertools
import math
import re

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import probtables as pt
from probtables.errors import (
    NotAJointError,
    SizeLimitError,
    UnknownStateError,
    UnknownVariableError,
    ZeroProbabilityError,
)
from probtables.inference import log_probability, most_probable, posteriors, query
from probtables.testing import factorizations

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(states, k):
    return states[k]


@st.composite
def questions(draw, allow_zeros=False):
    """A factorization with tables and a random question about it, as notation."""
    f = draw(factorizations(min_nodes=2, max_nodes=5, max_states=3, allow_zeros=allow_zeros))
    names = list(f.variables)
    order = draw(st.permutations(names))
    n_head = draw(st.integers(1, min(2, len(names) - 1)))
    head = order[:n_head]
    rest = order[n_head:]
    n_given = draw(st.integers(0, len(rest)))
    behind = rest[:n_given]
    states = {v: f.term(v).table.states[v] for v in names}
    items = []
    for v in behind:
        kind = draw(st.sampled_from(["value", "value", "event", "plain"]))
        if kind == "value":
            items.append(f"{v}={draw(st.sampled_from(states[v]))}")
        elif kind == "event":
            chosen = draw(
                st.lists(st.sampled_from(states[v]), min_size=1, max_size=len(states[v]), unique=True)
            )
            items.append(f"{v}={{{', '.join(str(s) for s in chosen)}}}")
        else:
            items.append(v)
    point = draw(st.booleans()) and all("=" in i for i in items)
    head_items = [f"{v}={draw(st.sampled_from(states[v]))}" if point else v for v in head]
    text = f"p({', '.join(head_items)}" + (f" | {', '.join(items)})" if items else ")")
    return f, text


def _answer(fn):
    try:
        return fn()
    except ZeroProbabilityError:
        return ZeroProbabilityError


def assert_same(got, expected, atol=1e-9):
    if expected is ZeroProbabilityError or got is ZeroProbabilityError:
        assert got is expected
    elif isinstance(expected, float):
        assert isinstance(got, float)
        assert got == pytest.approx(expected, abs=atol)
    else:
        # the same table; its variables come in the order written in the question
        assert set(got.head) == set(expected.head) and set(got.given) == set(expected.given)
        assert got.evidence == expected.evidence
        assert got.equals(expected, atol=atol), (got, expected)


# ---------------------------------------------------------------------- property tests: the joint is the oracle


@SETTINGS
@given(questions())
def test_query_agrees_with_the_joint(case):
    f, text = case
    assert_same(_answer(lambda: f.query(text)), _answer(lambda: f.joint().query(text)))


@SETTINGS
@given(questions(allow_zeros=True))
def test_query_agrees_with_the_joint_when_tables_have_zeros(case):
    f, text = case
    # the joint is the oracle only where its products do not underflow: with entries such as 5e-324
    # it rounds p(e) to 0 where the engine (which rescales) still answers
    smallest = min(
        float(np.min(p[p > 0])) for t in f.terms for p in [t.table.to_array(t.table.variables)]
    )
    assume(smallest > 1e-100)
    assert_same(_answer(lambda: f.query(text)), _answer(lambda: f.joint().query(text)))


def test_query_with_a_zero_in_an_independent_part_by_hand():
    # p(a)p(b) with p(b=0) = 0: b is d-separated from a with or without evidence, so the part of b
    # is pruned from p(a | b=1) but must be kept to notice that b=0 is impossible.
    # By hand: p(a | b=1) = p(a) p(b=1) / sum_a p(a) p(b=1) = p(a) = (0.4, 0.6);
    # p(a=0, b=0) = 0.4 * 0 = 0; p(b | a=0) = p(b) = (0, 1); p(a | b=0) = 0 / 0: no answer.
    f = pt.Factorization.parse("p(a)p(b)").with_tables(
        [
            pt.Table.from_dict({0: 0.4, 1: 0.6}, variables="a"),
            pt.Table.from_dict({0: 0.0, 1: 1.0}, variables="b"),
        ]
    )
    assert f.query("p(a=0 | b=1)") == pytest.approx(0.4, abs=1e-15)
    assert f.query("p(a | b=1)").to_array(["a"]).tolist() == pytest.approx([0.4, 0.6], abs=1e-15)
    assert f.query("p(a=0, b=0)") == 0.0
    assert f.query("p(b | a=0)").to_array(["b"]).tolist() == pytest.approx([0.0, 1.0], abs=1e-15)
    assert f.posteriors({"b": 1}).probabilities("a").tolist() == pytest.approx([0.4, 0.6], abs=1e-15)
    for text, shown in [("p(a | b=0)", "b=0"), ("p(a=1 | b=0)", "b=0"), ("p(a | b={0})", "b={0}")]:
        msg = f"query(): the evidence {shown} has probability zero in p(a)p(b); cannot condition on it."
        with pytest.raises(ZeroProbabilityError, match=re.escape(msg)):
            f.query(text)
    msg = "posteriors(): the evidence b=0 has probability zero in p(a)p(b); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(msg)):
        f.posteriors({"b": 0})
    assert f.log_probability({"b": 0}) == -math.inf
    # the same zero in the asked part: p(b | a=1) = (0, 1)
    assert f.query("p(b=0 | a=1)") == 0.0


@SETTINGS
@given(factorizations(min_nodes=2, max_nodes=5), st.data())
def test_posteriors_agree_with_one_query_per_variable(f, data):
    names = list(f.variables)
    observed = data.draw(st.lists(st.sampled_from(names), max_size=len(names) - 1, unique=True))
    evidence = {v: data.draw(st.sampled_from(f.term(v).table.states[v])) for v in observed}
    post = posteriors(f, evidence)
    assert list(post) == [v for v in names if v not in evidence]
    behind = ", ".join(f"{k}={v}" for k, v in evidence.items())
    joint = f.joint()
    for v in post:
        text = f"p({v} | {behind})" if behind else f"p({v})"
        assert_same(post[v], query(f, text))
        assert_same(post[v], joint.query(text))


@SETTINGS
@given(factorizations(min_nodes=1, max_nodes=5), st.data())
def test_most_probable_is_the_argmax_of_the_joint(f, data):
    names = list(f.variables)
    observed = data.draw(st.lists(st.sampled_from(names), max_size=len(names) - 1, unique=True))
    evidence = {v: data.draw(st.sampled_from(f.term(v).table.states[v])) for v in observed}
    joint = f.joint()
    best = most_probable(f, evidence)
    conditioned = joint.condition(**evidence) if evidence else joint
    frame = conditioned.frame
    top = float(frame["p"].max())
    assert set(best.assignment) == set(names) - set(evidence)
    assert conditioned.p(**best.assignment) == pytest.approx(top, rel=1e-9)
    assert best.probability == pytest.approx(top, rel=1e-9)
    assert best.log_probability == pytest.approx(
        math.log(joint.p(**best.assignment, **evidence)), rel=1e-9
    )


@SETTINGS
@given(factorizations(min_nodes=2, max_nodes=5), st.data())
def test_map_maximizes_the_marginal_of_the_joint(f, data):
    names = list(f.variables)
    wanted = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    marginal = f.joint().marginal(*wanted)
    best = most_probable(f, variables=wanted)
    top = float(marginal.frame["p"].max())
    assert marginal.p(**best.assignment) == pytest.approx(top, rel=1e-9)
    assert best.probability == pytest.approx(top, rel=1e-9)


@SETTINGS
@given(factorizations(min_nodes=2, max_nodes=4), st.data())
def test_likelihood_evidence_is_the_joint_weighted(f, data):
    names = list(f.variables)
    target, soft = data.draw(st.permutations(names))[:2]
    states = f.term(soft).table.states[soft]
    weights = data.draw(st.lists(st.floats(0.05, 1.0), min_size=len(states), max_size=len(states)))
    joint = f.joint()
    # brute force: sum over the joint of p(x) * weight(soft state), by target state
    frame = joint.frame
    w = frame[soft].map(dict(zip(states, weights))).astype(float)
    by_target = (frame["p"] * w).groupby(frame[target], observed=False).sum()
    expected = by_target / by_target.sum()
    got = query(f, f"p({target})", likelihood={soft: dict(zip(states, weights))})
    for state, p in expected.items():
        assert got.p(**{target: state}) == pytest.approx(p, abs=1e-12)
    # a sequence gives the same weights, in state order
    again = query(f, f"p({target})", likelihood={soft: weights})
    assert again.equals(got)
    # log p(e) with soft evidence is log sum_x p(x) w(x)
    assert log_probability(f, {}, likelihood={soft: weights}) == pytest.approx(
        math.log(float((frame["p"] * w).sum())), abs=1e-12
    )


# ---------------------------------------------------------------------- fixed networks


def test_every_query_form_on_asia_agrees_with_the_joint():
    asia = pt.examples.load("asia")
    joint = asia.joint()
    for text in [
        "p(lung | xray=yes, dysp=yes)",
        "p(lung, bronc | dysp=yes)",
        "p(dysp | either)",
        "p(dysp | either, smoke=no)",
        "p(lung=yes | xray=yes)",
        "p(xray=yes, dysp=yes)",
        "p(lung | xray={yes, no})",
        "p(tub | either={yes}, asia=yes)",
        "p(lung={yes, no}, bronc=yes | dysp=no)",
        "p(smoke)",
    ]:
        assert_same(asia.query(text), joint.query(text))
        assert_same(asia.query(text), query(asia, text))


def test_issue_question_on_alarm_against_a_pruned_joint():
    # independent route: the product (Table *) of the terms of the ancestors of the question's variables
    alarm = pt.examples.load("alarm")
    answer = alarm.query("p(LVFAILURE | HRBP=HIGH, BP=LOW)")
    expected = _pruned_joint(alarm, ["LVFAILURE", "HRBP", "BP"]).query(
        "p(LVFAILURE | HRBP=HIGH, BP=LOW)"
    )
    assert_same(answer, expected)


def _pruned_joint(f, variables):
    """The joint of the ancestors of ``variables``, by Table products summed out as soon as possible."""
    keep = set(variables)
    ancestors = set(keep)
    for v in keep:
        ancestors |= nx.ancestors(f.dag, v)
    order = [v for v in f.topological_order() if v in ancestors]
    children = {v: [c for c in f.children(v) if c in ancestors] for v in order}
    product = None
    done: set[str] = set()
    for v in order:
        table = f.term(v).table
        product = table if product is None else product * table
        done.add(v)
        # sum out every variable not asked about whose children are all in the product already
        drop = [u for u in product.variables if u not in keep and all(c in done for c in children[u])]
        if drop and len(drop) < len(product.variables):
            product = product.marginalize(*drop)
    return product


@pytest.mark.parametrize(
    "network, variables, text",
    [
        ("alarm", ["HYPOVOLEMIA", "CVP", "PCWP"], "p(HYPOVOLEMIA | CVP=LOW, PCWP=LOW)"),
        ("alarm", ["LVFAILURE", "HYPOVOLEMIA", "BP"], "p(LVFAILURE, HYPOVOLEMIA | BP=LOW)"),
        ("alarm", ["PVSAT", "SAO2", "SHUNT"], "p(PVSAT | SAO2=LOW, SHUNT)"),
        (
            "insurance",
            ["Accident", "Age", "DrivQuality"],
            "p(Accident | Age=Adolescent, DrivQuality=Poor)",
        ),
        ("insurance", ["ThisCarDam", "MakeModel"], "p(ThisCarDam=Severe | MakeModel=SportsCar)"),
        (
            "insurance",
            ["Theft", "HomeBase", "CarValue"],
            "p(Theft | HomeBase={City, Rural}, CarValue=FiftyThou)",
        ),
    ],
)
def test_alarm_and_insurance_against_a_pruned_joint(network, variables, text):
    f = pt.examples.load(network)
    assert_same(f.query(text), _pruned_joint(f, variables).query(text), atol=1e-12)


def test_alarm_posteriors_match_queries_and_the_pruned_joint():
    alarm = pt.examples.load("alarm")
    evidence = {"HRBP": "HIGH", "BP": "LOW", "CVP": "LOW"}
    post = alarm.posteriors(evidence)
    assert len(post) == 34
    # the BIF rows sum to 1 only to about 1e-7, so pruning a barren variable (as a query does and
    # all posteriors cannot) moves an answer by up to ~1e-11
    for v in ["LVFAILURE", "HYPOVOLEMIA", "HISTORY", "KINKEDTUBE", "MINVOLSET"]:
        assert_same(post[v], alarm.query(f"p({v} | HRBP=HIGH, BP=LOW, CVP=LOW)"), atol=1e-10)
    pruned = _pruned_joint(alarm, ["HYPOVOLEMIA", "HRBP", "BP", "CVP"])
    assert_same(
        post["HYPOVOLEMIA"], pruned.query("p(HYPOVOLEMIA | HRBP=HIGH, BP=LOW, CVP=LOW)"), atol=1e-10
    )
    assert post.probabilities("HYPOVOLEMIA") == pytest.approx(
        post["HYPOVOLEMIA"].to_array(["HYPOVOLEMIA"])
    )


def test_plans_and_arrays_are_reused():
    asia = pt.examples.load("asia")
    from probtables.inference._model import model_of

    model = model_of(asia, "query")
    asia.query("p(lung | xray=yes)")
    plans = len(model.plans)
    asia.query("p(lung | xray=no)")
    assert len(model.plans) == plans  # same pattern of asked and observed variables: same plan
    assert model_of(asia, "query") is model


# ---------------------------------------------------------------------- tiny probabilities


def _rare_chain(n):
    """x0 -> x1 -> ... with p(x0=1) = 0.01 and p(x_i=1 | x_{i-1}=1) = 0.001."""
    tables = [pt.Table.from_array([0.99, 0.01], states={"x0": [0, 1]})]
    for i in range(1, n):
        tables.append(
            pt.Table.from_array(
                [[0.5, 0.5], [0.999, 0.001]],
                states={f"x{i - 1}": [0, 1], f"x{i}": [0, 1]},
                given=f"x{i - 1}",
            )
        )
    structure = pt.Factorization([pt.Term((f"x{i}",), (f"x{i - 1}",) if i else ()) for i in range(n)])
    return structure.with_tables(tables)


def test_log_probability_where_the_probability_underflows():
    chain = _rare_chain(1000)
    evidence = {f"x{i}": 1 for i in range(1000)}
    expected = math.log(0.01) + 999 * math.log(0.001)  # about -6906: p(e) = 1e-2999
    assert chain.log_probability(evidence) == pytest.approx(expected, rel=1e-12)
    assert chain.query("p(x0=1, x1=1, x2=1)") == pytest.approx(0.01 * 0.001**2, rel=1e-12)


def test_posteriors_stay_right_where_the_evidence_underflows():
    chain = _rare_chain(1000)
    evidence = {f"x{i}": 1 for i in range(1000) if i != 500}
    # p(x500 | x499=1, x501=1) ∝ p(x500 | x499=1) p(x501=1 | x500): 0.999*0.5 against 0.001*0.001
    weights = np.array([0.999 * 0.5, 0.001 * 0.001])
    expected = weights / weights.sum()
    post = chain.posteriors(evidence)
    assert post.probabilities("x500") == pytest.approx(expected, rel=1e-12)
    behind = ", ".join(f"{k}={v}" for k, v in evidence.items())
    assert chain.query(f"p(x500 | {behind})").to_array(["x500"]) == pytest.approx(expected, rel=1e-12)
    best = chain.most_probable(evidence)
    assert best.assignment == {"x500": 0}
    assert best.probability == pytest.approx(expected[0], rel=1e-12)


# ---------------------------------------------------------------------- most probable: ties


def test_ties_go_to_the_earlier_states():
    f = pt.Factorization.parse("p(a)p(b | a)p(c | b)")
    tables = [
        pt.Table.uniform({"a": ["x", "y"]}),
        pt.Table.uniform({"a": ["x", "y"], "b": ["u", "v", "w"]}, given="a"),
        pt.Table.uniform({"b": ["u", "v", "w"], "c": [0, 1]}, given="b"),
    ]
    f = f.with_tables(tables)
    for _ in range(3):
        assert f.most_probable().assignment == {"a": "x", "b": "u", "c": 0}
    assert f.most_probable(variables=["c", "b"]).assignment == {"c": 0, "b": "u"}
    assert f.most_probable().probability == pytest.approx(1 / 12)


# ---------------------------------------------------------------------- errors


def test_evidence_of_probability_zero_is_named():
    joint = pt.Table.from_dict(
        {(0, "a", 0): 0.25, (0, "a", 1): 0.25, (1, "b", 0): 0.25, (1, "b", 1): 0.25},
        variables=("x", "y", "w"),
        states={"x": [0, 1], "y": ["a", "b"], "w": [0, 1]},
    )
    f = joint.chain_factorize(["x", "y", "w"])
    msg = "query(): the evidence x=0, y=b has probability zero in p(x)p(y | x)p(w | x, y); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(msg)):
        f.query("p(w | x=0, y=b)")
    with pytest.raises(ZeroProbabilityError):
        joint.query("p(w | x=0, y=b)")
    with pytest.raises(ZeroProbabilityError, match=re.escape("posteriors(): the evidence x=0, y={b}")):
        f.posteriors({"x": 0, "y": ["b"]})
    assert f.log_probability({"x": 0, "y": "b"}) == -math.inf


def test_unknown_names_and_states_suggest_a_close_match():
    asia = pt.examples.load("asia")
    names = asia.variables
    msg = f"query(): unknown variable 'lugn'; p(asia)p(tub | asia)p(smoke)p(lung | smoke)p(bronc | smoke)... has {names!r}. Did you mean 'lung'?"
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        asia.query("p(lugn | xray=yes)")
    msg = "query(): unknown state 'yse' for variable 'xray'; its states are ('yes', 'no'). Did you mean 'yes'?"
    with pytest.raises(UnknownStateError, match=re.escape(msg)):
        asia.query("p(lung | xray=yse)")
    msg = f"posteriors(): unknown variable 'dysp '; p(asia)p(tub | asia)p(smoke)p(lung | smoke)p(bronc | smoke)... has {names!r}. Did you mean 'dysp'?"
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        asia.posteriors({"dysp ": "yes"})


def test_free_variables_must_be_behind_the_bar():
    t = pt.Table.from_array([[0.9, 0.1], [0.3, 0.7]], states={"z": [0, 1], "x": ["a", "b"]}, given="z")
    f = pt.Factorization([pt.Term(("x",), ("z",), t)])
    msg = "query(): p(x | z) is conditional on ('z',); write it behind the bar of 'p(x)'."
    with pytest.raises(NotAJointError, match=re.escape(msg)):
        f.query("p(x)")
    assert f.query("p(x | z=1)").equals(t.condition(z=1))
    assert f.query("p(x | z)").equals(t)


def test_a_query_too_large_is_refused_before_it_starts():
    alarm = pt.examples.load("alarm")
    with pytest.raises(SizeLimitError) as info:
        alarm.query("p(LVFAILURE | HRBP=HIGH, BP=LOW)", max_bytes=100)
    message = str(info.value)
    assert message.startswith("query(): ")
    assert "above max_bytes=100 (100 bytes); pass a larger max_bytes= to allow it" in message
    assert isinstance(info.value, MemoryError)
    with pytest.raises(
        SizeLimitError, match=re.escape("the answer needs an intermediate table over 37 variables")
    ):
        alarm.query("p(" + ", ".join(alarm.variables) + ")")


def test_inputs_are_not_mutated_and_answers_are_python_types():
    asia = pt.examples.load("asia")
    evidence = {"xray": "yes"}
    likelihood = {"dysp": {"yes": 0.7, "no": 0.2}}
    asia.posteriors(evidence, likelihood=likelihood)
    asia.most_probable(evidence)
    assert evidence == {"xray": "yes"} and likelihood == {"dysp": {"yes": 0.7, "no": 0.2}}
    assert type(asia.query("p(lung=yes | xray=yes)")) is float
    assert type(asia.log_probability(evidence)) is float
    assert type(asia.most_probable(evidence).probability) is float


def test_brute_force_over_all_asia_assignments_for_point_queries():
    asia = pt.examples.load("asia")
    joint = asia.joint()
    states = joint.states
    for a, b in itertools.combinations(["asia", "smoke", "xray", "dysp"], 2):
        for sa, sb in itertools.product(states[a], states[b]):
            text = f"p({a}={sa}, {b}={sb})"
            assert asia.query(text) == pytest.approx(joint.p(**{a: sa, b: sb}), abs=1e-15)
            assert asia.log_probability({a: sa, b: sb}) == pytest.approx(
                math.log(joint.p(**{a: sa, b: sb}))
            )


# ---------------------------------------------------------------------- the command line (in process)


def test_cli_query_prints_the_table_of_a_bundled_network(capsys):
    from probtables.cli import main

    assert main(["query", "asia", "p(lung | xray=yes)"]) == 0
    expected = pt.examples.load("asia").joint().query("p(lung | xray=yes)")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "p(lung | xray=yes)"
    assert out[1].split() == ["lung", "p"]
    rows = {line.split()[0]: float(line.split()[1]) for line in out[2:]}
    assert rows == {s: round(expected.p(lung=s), 6) for s in ("yes", "no")}


def test_cli_query_prints_a_float_for_a_point_query_on_a_bif_file(capsys):
    from probtables.cli import main

    assert (
        main(
            ["query", str(pt.examples.path("asia")), "p(lung=yes | xray=yes, dysp=yes)", "--digits", "4"]
        )
        == 0
    )
    expected = pt.examples.load("asia").joint().query("p(lung=yes | xray=yes, dysp=yes)")
    assert capsys.readouterr().out == f"{expected:.4g}\n"


def test_cli_query_errors_are_one_line(capsys):
    from probtables.cli import main

    assert main(["query", "asai", "p(lung)"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "probtables: error: NETWORK 'asai' is not a BIF file or a bundled network; the bundled networks "
        "are alarm, asia, cancer, child, earthquake, insurance, sachs, survey. Did you mean 'asia'?\n"
    )
    assert main(["query", "asia", "p(lung | xray=maybe)"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "probtables: error: query(): unknown state 'maybe' for variable 'xray'; its states are ('yes', 'no').\n"
    )


# ---------------------------------------------------------------------- evidence forms in every function


def test_posteriors_with_an_event_and_soft_evidence_match_queries():
    asia = pt.examples.load("asia")
    joint = asia.joint()
    post = asia.posteriors({"xray": "yes", "smoke": ["yes"]}, variables=["lung", "bronc"])
    assert list(post) == ["lung", "bronc"]
    for v in post:
        assert_same(post[v], joint.query(f"p({v} | xray=yes, smoke={{yes}})"), atol=1e-12)
    soft = {"dysp": {"yes": 0.9, "no": 0.3}}
    post = asia.posteriors({"xray": "yes"}, likelihood=soft)
    for v in ("lung", "tub", "dysp"):
        assert_same(post[v], asia.query(f"p({v} | xray=yes)", likelihood=soft), atol=1e-12)
    # brute force for one of them: p(lung | xray=yes) weighted by the likelihood of dysp
    frame = joint.condition(xray="yes").frame
    w = frame["p"] * frame["dysp"].map({"yes": 0.9, "no": 0.3}).astype(float)
    by_lung = w.groupby(frame["lung"], observed=False).sum()
    assert post.probabilities("lung") == pytest.approx(
        (by_lung / by_lung.sum())[["yes", "no"]].to_numpy()
    )


def test_map_with_evidence_is_the_argmax_of_the_conditioned_marginal():
    asia = pt.examples.load("asia")
    marginal = asia.joint().condition(xray="yes", dysp="yes").marginal("lung", "bronc", "tub")
    best = asia.most_probable({"xray": "yes", "dysp": "yes"}, variables=["lung", "bronc", "tub"])
    top = float(marginal.frame["p"].max())
    assert best.probability == pytest.approx(top, rel=1e-12)
    assert marginal.p(**best.assignment) == pytest.approx(top, rel=1e-12)
    assert repr(best).startswith("MostProbable(lung=")


def test_bad_evidence_and_requests_are_refused_clearly():
    asia = pt.examples.load("asia")
    msg = "query(): the likelihood of 'dysp' must be finite, non-negative weights, not all zero; got [-1.0, 1.0]."
    with pytest.raises(pt.errors.ProbTablesError, match=re.escape(msg)):
        asia.query("p(lung)", likelihood={"dysp": {"yes": -1.0, "no": 1.0}})
    msg = "query(): the likelihood of 'dysp' needs one weight per state ('yes', 'no') (or a mapping state -> weight); got 3 weights."
    with pytest.raises(pt.errors.ProbTablesError, match=re.escape(msg)):
        asia.query("p(lung)", likelihood={"dysp": [0.1, 0.2, 0.3]})
    msg = "query(): 'dysp' has both a value and a likelihood; give one of them."
    with pytest.raises(pt.errors.ProbTablesError, match=re.escape(msg)):
        asia.query("p(lung | dysp=yes)", likelihood={"dysp": [0.1, 0.2]})
    msg = "posteriors(): 'xray' is observed (or free); its posterior is its evidence. Leave it out of variables."
    with pytest.raises(pt.errors.ProbTablesError, match=re.escape(msg)):
        asia.posteriors({"xray": "yes"}, variables=["lung", "xray"])
    everything = {v: "yes" for v in asia.variables}
    msg = "most_probable(): there is nothing to maximize: every variable is observed or variables is empty."
    with pytest.raises(NotAJointError, match=re.escape(msg)):
        asia.most_probable(everything)
    msg = "query(): give values to all head variables of 'p(lung=yes, tub)' (for a probability) or to none (for a table)."
    with pytest.raises(pt.errors.ProbTablesError, match=re.escape(msg)):
        asia.query("p(lung=yes, tub)")
    for f in (asia, asia.joint()):  # the same language, the same refusal
        with pytest.raises(
            pt.errors.ProbTablesError,
            match=re.escape("query(): 'p(lung=yes | smoke)' asks for a probability"),
        ):
            f.query("p(lung=yes | smoke)")


def test_the_size_error_names_size_variables_and_the_way_out():
    # a chain of 10-state variables: summing x1 out of p(x0, x5) multiplies p(x1 | x0) p(x2 | x1),
    # a table over x0, x1, x2 of 1,000 cells (8,000 bytes); the answer itself has 100 cells
    rng = np.random.default_rng(0)
    states = list(range(10))
    tables = [pt.Table.from_array(np.full(10, 0.1), states={"x0": states})]
    for i in range(1, 7):
        cpt = rng.random((10, 10))
        tables.append(
            pt.Table.from_array(
                cpt / cpt.sum(1, keepdims=True),
                states={f"x{i - 1}": states, f"x{i}": states},
                given=f"x{i - 1}",
            )
        )
    chain = pt.Factorization(
        [pt.Term((f"x{i}",), (f"x{i - 1}",) if i else ()) for i in range(7)]
    ).with_tables(tables)
    msg = (
        "query(): eliminating 'x1' needs an intermediate table over 3 variables ('x0', 'x1', 'x2') of 1,000 cells "
        "(8 KB), above max_bytes=4,000 (4 KB); pass a larger max_bytes= to allow it, or ask about fewer variables "
        "or give more evidence."
    )
    with pytest.raises(SizeLimitError, match=re.escape(msg)):
        chain.query("p(x0, x5)", max_bytes=4000)
    assert_same(chain.query("p(x0, x5)", max_bytes=8000), chain.joint().query("p(x0, x5)"), atol=1e-12)


def test_impossible_evidence_is_noticed_in_a_part_cut_off_from_the_question():
    # d is independent of a: pruning its part away must not hide that d=1 is impossible
    f = pt.Factorization.parse("p(a)p(d)").with_tables(
        [
            pt.Table.from_dict({0: 0.3, 1: 0.7}, variables="a"),
            pt.Table.from_dict({0: 1.0, 1: 0.0}, variables="d"),
        ]
    )
    msg = "query(): the evidence d=1 has probability zero in p(a)p(d); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(msg)):
        f.query("p(a | d=1)")
    with pytest.raises(ZeroProbabilityError):
        f.joint().query("p(a | d=1)")
    with pytest.raises(
        ZeroProbabilityError, match=re.escape("posteriors(): the evidence d=1 has probability zero")
    ):
        f.posteriors({"d": 1})
    assert f.query("p(a | d=0)").equals(f.joint().query("p(a | d=0)"))


def test_terms_with_several_heads():
    rng = np.random.default_rng(1)
    values = rng.random((2, 3, 2, 2))
    t = pt.Table.from_array(
        values / values.sum(), states={"w": [0, 1], "x": [0, 1, 2], "y": ["a", "b"], "z": [0, 1]}
    )
    f = t.chain_factorize(["x", ("w", "y"), "z"])  # p(x)p(w, y | x)p(z | x, w, y)
    for text in ["p(w | z=1)", "p(y, w | x=2)", "p(z=1 | y=a)", "p(x | w)", "p(w, y, z | x={0, 2})"]:
        assert_same(f.query(text), t.query(text), atol=1e-12)
    assert_same(f.posteriors({"z": 1})["y"], t.query("p(y | z=1)"), atol=1e-12)
    best = f.most_probable({"z": 1})
    assert best.probability == pytest.approx(float(t.condition(z=1).frame["p"].max()), rel=1e-12)


def test_a_class_with_forty_observed_children():
    # naive Bayes: eliminating c multiplies 41 tables (more than one einsum takes); Bayes' rule by hand
    rng = np.random.default_rng(3)
    rates = rng.uniform(0.05, 0.95, size=(40, 2))  # p(f_i = 1 | c)
    tables = [pt.Table.from_array([0.3, 0.7], states={"c": [0, 1]})]
    for i in range(40):
        tables.append(
            pt.Table.from_array(
                [[1 - rates[i, 0], rates[i, 0]], [1 - rates[i, 1], rates[i, 1]]],
                states={"c": [0, 1], f"f{i}": [0, 1]},
                given="c",
            )
        )
    f = pt.Factorization(
        [pt.Term(("c",))] + [pt.Term((f"f{i}",), ("c",)) for i in range(40)]
    ).with_tables(tables)
    seen = rng.integers(0, 2, size=40)
    evidence = {f"f{i}": int(x) for i, x in enumerate(seen)}
    weights = np.array([0.3, 0.7]) * np.prod(np.where(seen[:, None] == 1, rates, 1 - rates), axis=0)
    expected = weights / weights.sum()
    behind = ", ".join(f"{k}={v}" for k, v in evidence.items())
    assert f.query(f"p(c | {behind})").to_array(["c"]) == pytest.approx(expected, rel=1e-12)
    assert f.posteriors(evidence).probabilities("c") == pytest.approx(expected, rel=1e-12)
    assert f.log_probability(evidence) == pytest.approx(math.log(weights.sum()), rel=1e-12)
    assert f.most_probable(evidence).assignment == {"c": int(np.argmax(expected))}


def test_structures_without_tables_and_unknown_posteriors_are_refused():
    msg = (
        "query(): term(s) p(x), p(y | x) of p(x)p(y | x) have no table; inference needs numbers "
        "(build the factorization from a table, fit it, or attach tables with with_tables)."
    )
    with pytest.raises(pt.errors.StructureError, match=re.escape(msg)):
        pt.Factorization.parse("p(x)p(y|x)").query("p(y)")
    post = pt.examples.load("asia").posteriors({"xray": "yes"}, variables=["lung", "tub"])
    msg = "posteriors: no posterior of 'lugn'; these are of ('lung', 'tub'). Did you mean 'lung'?"
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        post["lugn"]
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        post.probabilities("lugn")
    assert "lugn" not in post and len(post) == 2
