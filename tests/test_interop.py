"""probtables.interop: pgmpy, pyAgrum and xarray, checked against each library's own answers.

Each posterior a library computes on the converted network (pgmpy's VariableElimination, pyAgrum's
LazyPropagation) is compared with the same posterior computed by probtables from the joint, by brute
force; each library's own BIF reader gives the network that ``from_*`` must turn back into ours.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from networks import ASIA

import probtables as pt
from probtables.errors import DataError, StateMismatchError, StructureError

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # pgmpy and pyAgrum's SWIG bindings warn on import
    import pyagrum as gum
    import xarray as xr
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.inference import VariableElimination
    from pgmpy.models import DiscreteBayesianNetwork

# network -> (query variable, evidence): the answers are compared over every state of the variable
QUERIES = {
    "asia": ("lung", {"xray": "yes", "dysp": "yes"}),
    "cancer": ("Pollution", {"Xray": "positive", "Smoker": "True"}),
    "survey": ("E", {"T": "car", "S": "F"}),
}


@pytest.fixture(scope="module", params=sorted(QUERIES))
def network(request) -> tuple[str, pt.Factorization]:
    return request.param, pt.examples.load(request.param)


def brute_force(f: pt.Factorization, variable: str, evidence: dict) -> dict:
    """p(variable | evidence) from the full joint: sum rule and division, no inference engine."""
    posterior = f.joint().condition(**evidence).marginal(variable)
    return {state: posterior.p(**{variable: state}) for state in posterior.states[variable]}


def assert_same_factorization(f: pt.Factorization, g: pt.Factorization, *, atol: float = 0.0) -> None:
    assert [(t.head, t.given) for t in f.terms] == [(t.head, t.given) for t in g.terms]
    for a, b in zip(f.terms, g.terms):
        assert (a.table is None) == (b.table is None)
        if a.table is not None:
            assert a.table.states == b.table.states  # names, states and their order
            assert a.table.equals(b.table, atol=atol)


# --------------------------------------------------------------------------- pgmpy


def test_pgmpy_posterior_equals_brute_force(network) -> None:
    name, f = network
    variable, evidence = QUERIES[name]
    model = f.to_pgmpy()
    assert model.check_model()
    answer = VariableElimination(model).query([variable], evidence=evidence, show_progress=False)
    expected = brute_force(f, variable, evidence)
    assert answer.state_names[variable] == list(f.term(variable).table.states[variable])
    for state, p in expected.items():
        assert float(answer.get_value(**{variable: state})) == pytest.approx(p, abs=1e-12)


def test_pgmpy_marginal_equals_brute_force(network) -> None:
    _, f = network
    model = f.to_pgmpy()
    engine = VariableElimination(model)
    joint = f.joint()
    for variable in f.variables:
        answer = engine.query([variable], show_progress=False)
        marginal = joint.marginal(variable)
        for state in marginal.states[variable]:
            assert float(answer.get_value(**{variable: state})) == pytest.approx(
                marginal.p(**{variable: state}), abs=1e-12
            )


def test_pgmpy_round_trip_keeps_names_states_and_order(network) -> None:
    _, f = network
    assert_same_factorization(pt.Factorization.from_pgmpy(f.to_pgmpy()), f)


def test_from_pgmpy_of_pgmpy_own_bif_reader_is_our_network() -> None:
    from pgmpy.readwrite import BIFReader

    model = BIFReader(str(ASIA)).get_model()
    assert_same_factorization(pt.Factorization.from_pgmpy(model), pt.read_bif(ASIA))


def test_pgmpy_keeps_integer_states_and_parent_order() -> None:
    # p(c | b, a) with the parents in the opposite order of the terms, and integer states out of order
    a = pt.Table.from_array([0.3, 0.7], states={"a": [1, 0]})
    b = pt.Table.from_array([0.2, 0.3, 0.5], states={"b": ["lo", "mid", "hi"]})
    values = np.random.default_rng(0).dirichlet([1, 1], size=(3, 2))
    c = pt.Table.from_array(
        values, states={"b": ["lo", "mid", "hi"], "a": [1, 0], "c": [5, 2]}, given=("b", "a")
    )
    f = pt.Factorization([pt.Term("a", (), a), pt.Term("b", (), b), pt.Term("c", ("b", "a"), c)])
    model = f.to_pgmpy()
    cpd = model.get_cpds("c")
    assert cpd.variables == ["c", "b", "a"]
    assert cpd.state_names == {"c": [5, 2], "b": ["lo", "mid", "hi"], "a": [1, 0]}
    # pgmpy's own lookup by state name gives the table's value
    assert cpd.get_value(c=2, b="mid", a=0) == pytest.approx(c.p(c=2, b="mid", a=0))
    assert_same_factorization(pt.Factorization.from_pgmpy(model), f)


def test_pgmpy_structure_without_tables_round_trips() -> None:
    f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
    model = f.to_pgmpy()
    assert sorted(model.edges()) == [("y", "x"), ("z", "x")]
    assert model.get_cpds() == []
    assert str(pt.Factorization.from_pgmpy(model)) == "p(z)p(y)p(x | y, z)"


def test_from_pgmpy_of_a_model_built_in_pgmpy() -> None:
    model = DiscreteBayesianNetwork([("rain", "wet")])
    model.add_cpds(
        TabularCPD("rain", 2, [[0.2], [0.8]], state_names={"rain": ["yes", "no"]}),
        TabularCPD(
            "wet",
            2,
            [[0.9, 0.15], [0.1, 0.85]],
            evidence=["rain"],
            evidence_card=[2],
            state_names={"wet": ["yes", "no"], "rain": ["yes", "no"]},
        ),
    )
    f = pt.Factorization.from_pgmpy(model)
    # p(rain=yes | wet=yes) = 0.2 * 0.9 / (0.2 * 0.9 + 0.8 * 0.15), by hand
    assert f.joint().condition(wet="yes").p(rain="yes") == pytest.approx(0.18 / 0.30, abs=1e-12)


# --------------------------------------------------------------------------- pyAgrum


def lazy_posterior(bn, variable: str, evidence: dict) -> dict:
    engine = gum.LazyPropagation(bn)
    engine.setEvidence({k: str(v) for k, v in evidence.items()})
    engine.makeInference()
    posterior = engine.posterior(variable)
    labels = bn.variable(variable).labels()
    return {label: float(posterior[{variable: label}]) for label in labels}


def test_pyagrum_posterior_equals_brute_force(network) -> None:
    name, f = network
    variable, evidence = QUERIES[name]
    answer = lazy_posterior(f.to_pyagrum(), variable, evidence)
    expected = brute_force(f, variable, evidence)
    assert list(answer) == list(expected)  # the same states in the same order
    for state, p in expected.items():
        assert answer[state] == pytest.approx(p, abs=1e-12)


def test_pyagrum_on_its_own_reading_of_the_file_agrees(network) -> None:
    name, f = network
    variable, evidence = QUERIES[name]
    bn = gum.loadBN(str(pt.examples.path(name)))  # pyAgrum's own BIF reader
    # pyAgrum's BIF reader parses the numbers in single precision (0.3 -> 0.30000001192092896)
    assert_same_factorization(pt.Factorization.from_pyagrum(bn), f, atol=1e-7)
    ours = brute_force(f, variable, evidence)
    theirs = lazy_posterior(bn, variable, evidence)
    for state, p in ours.items():
        assert theirs[state] == pytest.approx(p, abs=1e-6)


def test_pyagrum_round_trip_keeps_names_states_and_order(network) -> None:
    _, f = network
    bn = f.to_pyagrum(name="net")
    assert bn.property("name") == "net"
    back = pt.Factorization.from_pyagrum(bn)
    assert back.name == "net"
    assert_same_factorization(back, f)


def test_pyagrum_integer_and_float_states_come_back_as_numbers() -> None:
    a = pt.Table.from_array([0.3, 0.7], states={"a": [1, 0]})
    c = pt.Table.from_array(
        [[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]], states={"a": [1, 0], "c": [0.5, 1.5, 2.5]}, given="a"
    )
    d = pt.Table.from_array(
        [[0.6, 0.4], [0.9, 0.1]], states={"a": [1, 0], "d": ["no", "yes"]}, given="a"
    )
    f = pt.Factorization([pt.Term("a", (), a), pt.Term("c", "a", c), pt.Term("d", "a", d)])
    bn = f.to_pyagrum()
    assert bn.variable("a").varType() == gum.VarType_INTEGER
    assert bn.variable("c").varType() == gum.VarType_NUMERICAL
    assert bn.cpt("d")[{"a": "0", "d": "no"}] == pytest.approx(0.9)  # pyAgrum's own lookup
    assert bn.cpt("c")[{"a": "1", "c": "2.5"}] == pytest.approx(0.25)
    back = pt.Factorization.from_pyagrum(bn)
    # pyAgrum keeps integer and float domains in increasing order: the states come back sorted
    assert back.term("a").table.states == {"a": (0, 1)}
    assert back.term("c").table.states == {"a": (0, 1), "c": (0.5, 1.5, 2.5)}
    assert back.term("d").table.states == {"a": (0, 1), "d": ("no", "yes")}
    for term in f.terms:
        assert back.term(term.head[0]).table.equals(term.table, atol=0.0)


def test_from_pyagrum_of_a_network_built_in_pyagrum() -> None:
    bn = gum.BayesNet("wet")
    bn.add(gum.LabelizedVariable("rain", "rain", ["yes", "no"]))
    bn.add(gum.LabelizedVariable("wet", "wet", ["yes", "no"]))
    bn.addArc("rain", "wet")
    bn.cpt("rain").fillWith([0.2, 0.8])
    bn.cpt("wet")[{"rain": "yes"}] = [0.9, 0.1]
    bn.cpt("wet")[{"rain": "no"}] = [0.15, 0.85]
    f = pt.Factorization.from_pyagrum(bn)
    assert str(f) == "p(rain)p(wet | rain)" and f.name == "wet"
    assert f.term("wet").table.p(wet="yes", rain="no") == pytest.approx(0.15)
    assert f.joint().condition(wet="yes").p(rain="yes") == pytest.approx(0.18 / 0.30, abs=1e-12)


# --------------------------------------------------------------------------- errors of the network converters


@pytest.mark.parametrize("convert", ["to_pgmpy", "to_pyagrum"])
def test_a_term_with_two_heads_is_refused(convert) -> None:
    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    f = pt.Factorization([pt.Term(("x", "y"), (), t)])
    message = (
        f"{convert}(): term p(x, y) has 2 variables in front of the bar; a Bayesian network has one "
        "child per table. Split it with the chain rule, e.g. f.joint().chain_factorize(['x', 'y'])."
    )
    with pytest.raises(StructureError, match=re.escape(message)):
        getattr(f, convert)()


@pytest.mark.parametrize("convert", ["to_pgmpy", "to_pyagrum"])
def test_a_free_variable_is_refused(convert) -> None:
    x = pt.Table.uniform({"w": [0, 1], "x": [0, 1]}, given="w")
    f = pt.Factorization([pt.Term("x", "w", x)])
    message = (
        f"{convert}(): 'w' appears only behind a bar in p(x | w), so the product is a conditional "
        "given it; a Bayesian network needs a table for every variable: add a term p(w)."
    )
    with pytest.raises(StructureError, match=re.escape(message)):
        getattr(f, convert)()


def test_to_pyagrum_needs_tables() -> None:
    message = (
        "to_pyagrum(): term p(y) has no table; fit the factorization to data first "
        "(f.fit(data)) or attach tables (f.with_tables(...))."
    )
    with pytest.raises(StructureError, match=re.escape(message)):
        pt.Factorization.parse("p(y)p(x|y)").to_pyagrum()


@pytest.mark.parametrize("convert", ["to_pgmpy", "to_pyagrum"])
def test_disagreeing_states_are_refused_and_a_reordering_is_aligned(convert) -> None:
    y = pt.Table.from_array([0.25, 0.75], states={"y": ["a", "b"]})
    x = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"y": ["a", "c"], "x": [0, 1]}, given="y")
    f = pt.Factorization([pt.Term("y", (), y), pt.Term("x", "y", x)])
    message = f"{convert}(): variable 'y' has states ('a', 'c') in p(x | y) but ('a', 'b') in p(y)."
    with pytest.raises(StateMismatchError, match=re.escape(message)):
        getattr(f, convert)()
    # the same states in another order: the child's table is aligned to the parent's order
    x = pt.Table.from_array([[0.2, 0.8], [0.9, 0.1]], states={"y": ["b", "a"], "x": [0, 1]}, given="y")
    f = pt.Factorization([pt.Term("y", (), y), pt.Term("x", "y", x)])
    back = getattr(pt.Factorization, convert.replace("to_", "from_"))(getattr(f, convert)())
    assert back.term("x").table.states == {"y": ("a", "b"), "x": (0, 1)}
    assert back.term("x").table.equals(x)


def test_pgmpy_cpd_that_does_not_sum_to_one_is_refused() -> None:
    model = DiscreteBayesianNetwork()
    model.add_node("x")
    model.add_cpds(TabularCPD("x", 2, [[0.5], [0.6]], state_names={"x": ["a", "b"]}))
    with pytest.raises(pt.errors.NormalizationError):
        pt.Factorization.from_pgmpy(model)


# --------------------------------------------------------------------------- xarray


def test_xarray_round_trip_keeps_names_states_order_and_given() -> None:
    t = pt.Table.from_array(
        np.random.default_rng(1).dirichlet([1, 1, 1], size=(2, 2)),
        states={"z": [1, 0], "y": ["b", "a"], "x": ["lo", "mid", "hi"]},
        given=("z", "y"),
    )
    array = t.to_xarray()
    assert array.dims == ("z", "y", "x")
    assert array.coords["x"].values.tolist() == ["lo", "mid", "hi"]
    assert array.coords["z"].values.tolist() == [1, 0]
    assert array.attrs == {"given": ["z", "y"], "notation": "p(x | z, y)"}
    back = pt.Table.from_xarray(array)
    assert back.notation == "p(x | z, y)"
    assert back.states == t.states
    assert back.equals(t, atol=0.0)


def test_xarray_own_arithmetic_agrees_with_the_sum_rule_and_conditioning() -> None:
    joint = pt.examples.load("cancer").joint()
    array = joint.to_xarray()
    # xarray's sum over dimensions is the sum rule; its broadcasting division is conditioning
    kept = array.sum([d for d in array.dims if d not in ("Smoker", "Cancer")])
    marginal = joint.marginal("Smoker", "Cancer")
    for smoker in marginal.states["Smoker"]:
        for cancer in marginal.states["Cancer"]:
            assert float(kept.sel(Smoker=smoker, Cancer=cancer)) == pytest.approx(
                marginal.p(Smoker=smoker, Cancer=cancer), abs=1e-15
            )
    conditional = kept / kept.sum("Cancer")
    ours = pt.Table.from_xarray(conditional.transpose("Smoker", "Cancer"), given="Smoker")
    assert ours.equals(joint.condition("Smoker").marginal("Cancer", "Smoker"), atol=1e-12)


def test_xarray_built_by_hand() -> None:
    array = xr.DataArray(
        [[0.1, 0.2], [0.3, 0.4]], dims=("x", "y"), coords={"x": ["a", "b"], "y": [0, 1]}
    )
    t = pt.Table.from_xarray(array)
    assert t.notation == "p(x, y)" and t.p(x="b", y=0) == 0.3


def test_from_xarray_errors() -> None:
    no_coords = xr.DataArray([0.5, 0.5], dims=("x",))
    message = (
        "from_xarray(): dimension 'x' has no coordinate, so its states are unknown; "
        "give them with array.assign_coords(x=[...])."
    )
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_xarray(no_coords)
    array = xr.DataArray([[0.5, 0.5]] * 2, dims=("z", "x"), coords={"z": [0, 1], "x": [0, 1]})
    message = "from_xarray(): given names 'zz', which is not a dimension of the array ('z', 'x'). Did you mean 'z'?"
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_xarray(array, given="zz")
    message = "from_xarray(): expected an xarray.DataArray of probabilities, got list."
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_xarray([0.5, 0.5])
    with pytest.raises(pt.errors.NormalizationError):
        pt.Table.from_xarray(array)  # a joint of four cells that sums to 2


def test_interop_libraries_load_only_when_called() -> None:
    import subprocess
    import sys

    code = (
        "import sys, probtables as pt; pt.examples.load('asia').joint(); import probtables.interop; "
        "print(sorted(m for m in ('pgmpy', 'pyagrum', 'xarray') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr
