"""Regression tests from a review of the core: each pins a bug that was found and fixed.

Expected values are derived independently of the implementation: by hand (in a
comment) or by brute force over a plain numpy array of the joint.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import probtables as pt
from probtables.errors import (
    DataError,
    EmptyTableError,
    MissingValueError,
    NormalizationError,
    ProbTablesError,
    ProductError,
    UnknownVariableError,
    ZeroProbabilityError,
)

# p(x, y, z) over x in {a, b}, y in {0, 1, 2}, z in {0, 1}: weights 1..12, so every cell differs
WEIGHTS = np.arange(1.0, 13.0).reshape(2, 3, 2)
JOINT = WEIGHTS / WEIGHTS.sum()
STATES = {"x": ["a", "b"], "y": [0, 1, 2], "z": [0, 1]}


@pytest.fixture
def joint() -> pt.Table:
    return pt.Table.from_array(JOINT, states=STATES)


def _values(table: pt.Table, **fixed: object) -> dict[tuple, float]:
    """Every probability of ``table`` keyed by its head assignment (``fixed`` fills the given variables)."""
    import itertools

    head = table.head
    return {
        values: table.p(**dict(zip(head, values)), **fixed)
        for values in itertools.product(*[table.states[v] for v in head])
    }


# ---------------------------------------------------------------- conditioning twice on the same variable


def test_event_then_value_fixes_the_variable(joint):
    # p(x, z | y in {0, 1}) then y=0 is p(x, z | y=0): the slice y=0 of the joint, renormalized
    table = joint.condition(y=[0, 1]).condition(y=0)
    assert table.notation == "p(x, z | y=0)"
    assert table.evidence == {"y": 0}
    expected = JOINT[:, 0, :] / JOINT[:, 0, :].sum()
    for i, x in enumerate(STATES["x"]):
        for k, z in enumerate(STATES["z"]):
            assert table.p(x=x, z=z) == pytest.approx(expected[i, k], abs=1e-15)
    assert table.equals(joint.condition(y=0))


def test_event_then_value_outside_it_has_probability_zero(joint):
    message = "condition(): the event y=2 has probability zero in p(x, y, z | y={0, 1}); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(message)):
        joint.condition(y=[0, 1]).condition(y=2)


def test_event_then_event_is_their_intersection(joint):
    # y in {0, 1} and then y in {1, 2} is y in {1}: the label must say {1}, not {1, 2}
    table = joint.condition(y=[0, 1]).condition(y=[1, 2])
    assert table.evidence == {"y": (1,)}
    assert table.notation == "p(x, y, z | y={1})"
    assert table.equals(joint.condition(y=[1]))
    expected = JOINT[:, 1, :] / JOINT[:, 1, :].sum()
    assert table.p(x="b", y=1, z=0) == pytest.approx(expected[1, 0], abs=1e-15)
    assert table.p(y=[0, 2]) == 0.0


def test_disjoint_events_have_probability_zero(joint):
    message = "condition(): the event y={2} has probability zero in p(x, y, z | y={0, 1}); cannot condition on it."
    with pytest.raises(ZeroProbabilityError, match=re.escape(message)):
        joint.condition(y=[0, 1]).condition(y=[2])


# ---------------------------------------------------------------- events and state order


def test_events_compare_as_sets_of_states(joint):
    # the same joint with y's states listed in another order
    reordered = pt.Table.from_array(
        JOINT[:, [2, 0, 1], :], states={"x": ["a", "b"], "y": [2, 0, 1], "z": [0, 1]}
    )
    a, b = joint.condition(y=[0, 2]), reordered.condition(y=[2, 0])
    assert a.equals(b) and b.equals(a)
    # division and product across the two orders
    assert (a / b.marginal("y")).equals(a.condition("y"))
    assert (a.condition("x") * b.marginal("x")).equals(a)


def test_product_of_factors_that_share_an_event(joint):
    # p(x, y | z, y in E) p(z | y in E) = p(x, y, z | y in E), by the chain rule within the event
    event = joint.condition(y=[0, 2])
    product = event.condition("z") * event.marginal("z")
    assert product.evidence == {"y": (0, 2)}
    assert product.equals(event)
    masked = JOINT * np.array([1.0, 0.0, 1.0])[None, :, None]
    masked /= masked.sum()
    assert product.p(x="b", y=2, z=1) == pytest.approx(masked[1, 2, 1], abs=1e-15)
    # summing the event's variable out keeps the event as evidence: p(y, z | x, E) p(x | E)
    assert (event.condition("x") * event.marginalize("y", "z")).equals(event)


def test_event_on_a_variable_behind_the_bar(joint):
    # p(x | y, y in {0, 2}) p(y | y in {0, 2}) = p(x, y | y in {0, 2}); p(y) itself would lose the mass of y=1
    xy = joint.marginal("x", "y")
    conditional = xy.condition("y").condition(y=[0, 2])
    assert conditional.notation == "p(x | y, y={0, 2})" and conditional.undefined_count == 1
    assert conditional.condition(y=2).equals(xy.condition(y=2))
    product = conditional * xy.marginal("y").condition(y=[0, 2])
    assert product.equals(xy.condition(y=[0, 2]))
    p_xy = JOINT.sum(axis=2)
    assert product.p(x="a", y=2) == pytest.approx(
        p_xy[0, 2] / (p_xy[:, 0].sum() + p_xy[:, 2].sum()), abs=1e-15
    )
    with pytest.raises(ProductError, match=re.escape("the product loses probability mass")):
        conditional * xy.marginal("y")


def test_evidence_fixed_in_one_factor_and_free_in_the_other_is_still_an_error(joint):
    fixed = joint.condition(z=0).marginal("y")  # p(y | z=0)
    message = "p(y | z=0) * p(z): 'z' is fixed by evidence in p(y | z=0) but is a variable of p(z)."
    with pytest.raises(ProductError, match=re.escape(message)):
        fixed * joint.marginal("z")


# ---------------------------------------------------------------- constructors


def test_from_dict_rejects_duplicate_variable_names():
    with pytest.raises(
        DataError, match=re.escape("from_dict(): duplicate variable names in ('x', 'x').")
    ):
        pt.Table.from_dict({(0, 1): 1.0}, variables=("x", "x"))


def test_from_dict_rejects_the_reserved_name_p():
    # "p" is the probability column: it used to be overwritten silently, dropping a variable
    with pytest.raises(pt.errors.VariableNameError, match="reserved"):
        pt.Table.from_dict({(0, 1): 1.0}, variables=("p", "z"))


def test_from_samples_rejects_bad_variable_lists():
    data = pd.DataFrame({"x": [0, 1, 1], "y": [0, 0, 1]})
    with pytest.raises(
        DataError, match=re.escape("from_samples(): duplicate variable names in ('x', 'x').")
    ):
        pt.Table.from_samples(data, ("x", "x"))
    with pytest.raises(EmptyTableError, match=re.escape("from_samples(): no variables to count")):
        pt.Table.from_samples(data, [])
    message = "from_samples(): unknown variable 'w'; the table to count has ('x',)."
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        pt.Table.from_samples(data, "x", states={"w": [0, 1]})
    with pytest.raises(
        DataError, match=re.escape("from_samples(): variable 'x' lists state(s) [1] more than once.")
    ):
        pt.Table.from_samples(data, "x", states={"x": [0, 1, 1]})


def test_numpy_scalar_states_and_names_become_python_values():
    table = pt.Table.uniform({np.str_("x"): list(np.arange(2))})
    assert table.states == {"x": (0, 1)}
    assert type(table.states["x"][0]) is int
    assert table.variables == ("x",) and type(table.variables[0]) is str
    message = "p(): unknown state 5 for variable 'x'; its states are (0, 1)."
    for bad in (5, np.int64(5)):
        with pytest.raises(pt.errors.UnknownStateError, match=re.escape(message)):
            table.p(x=bad)
    counted = pt.Table.from_samples(pd.DataFrame({"x": [0, 1]}), states={"x": np.arange(3)})
    assert counted.states == {"x": (0, 1, 2)}
    data = pd.DataFrame({"x": [0, 1]})
    assert pt.Table.from_samples(data, variables=np.array(["x"])).variables == ("x",)


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_missing_states_are_rejected(missing):
    message = f"uniform(): variable 'x' lists missing state(s) [{missing!r}]; a state must be a value."
    with pytest.raises(MissingValueError, match=re.escape(message.replace("uniform", "from_function"))):
        pt.Table.uniform({"x": [missing, 1]})


def test_unhashable_states_are_a_data_error():
    with pytest.raises(
        DataError, match=re.escape("from_array(): the states of 'x' must be hashable values")
    ):
        pt.Table.from_array([0.5, 0.5], states={"x": [[0], [1]]})


# ---------------------------------------------------------------- error messages with states the notation cannot write


def test_normalization_error_with_datetime_states_formats():
    days = pd.to_datetime(["2020-01-01", "2020-01-02"])
    frame = pd.DataFrame(
        {"x": [0, 1, 0, 1], "day": [days[0], days[0], days[1], days[1]], "p": [0.5, 0.4, 0.5, 0.5]}
    )
    # the states are pandas Timestamps (as pandas boxes datetime64 values, on pandas 2 and 3 alike),
    # which the notation cannot write: the message falls back to their repr
    with pytest.raises(NormalizationError, match=re.escape("day=Timestamp('2020-01-01 00:00:00'): 0.9")):
        pt.Table(frame, given="day")


def test_datetime_states_are_timestamps_not_nanoseconds():
    days = pd.to_datetime(["2020-01-02", "2020-01-01"])
    frame = pd.DataFrame({"day": days, "p": [0.5, 0.5]})
    assert pt.Table(frame).states["day"] == (pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-02"))


# ---------------------------------------------------------------- Bayes with an event as evidence


def test_bayes_with_an_event_sums_the_data_out():
    prior = pt.Table.from_dict({"a": 0.3, "b": 0.7}, variables="th")
    likelihood = pt.Table.from_dict(
        {("a", 0): 0.9, ("a", 1): 0.1, ("a", 2): 0.0, ("b", 0): 0.4, ("b", 1): 0.5, ("b", 2): 0.1},
        variables=("th", "D"),
        given="th",
    )
    posterior = pt.bayes(prior, likelihood, evidence={"D": [1, 2]})
    # p(D in {1, 2} | a) = 0.1, p(D in {1, 2} | b) = 0.6; p(a | D in {1, 2}) = 0.03 / (0.03 + 0.42)
    assert posterior.variables == ("th",)
    assert posterior.notation == "p(th | D={1, 2})"
    assert posterior.p(th="a") == pytest.approx(0.03 / 0.45, abs=1e-15)
    assert posterior.p(th="b") == pytest.approx(0.42 / 0.45, abs=1e-15)


# ---------------------------------------------------------------- query


def test_query_for_a_probability_with_an_unvalued_given_variable(joint):
    # used to fail with "unknown state None for variable 'y'"
    message = (
        "query(): 'p(x=a | y)' asks for a probability, so give a value to 'y' behind the bar too "
        "(e.g. y=...), or leave the head without values to get a table."
    )
    with pytest.raises(ProbTablesError, match=re.escape(message)):
        joint.query("p(x=a | y)")
    assert joint.query("p(x=a | y=1)") == pytest.approx(
        JOINT[0, 1, :].sum() / JOINT[:, 1, :].sum(), abs=1e-15
    )


# ---------------------------------------------------------------- events as other collections, views, sampling


def test_range_and_series_are_events(joint):
    # p(y in {0, 1}) = weights of y=0, 1 over the total: (1+2+3+4 + 7+8+9+10) / 78
    expected = 44 / 78
    assert joint.p(y=range(2)) == pytest.approx(expected, abs=1e-15)
    assert joint.p(y=pd.Series([0, 1])) == pytest.approx(expected, abs=1e-15)
    assert joint.condition(y=range(2)).equals(joint.condition(y=[0, 1]))


def test_pivot_names_each_variable_once(joint):
    with pytest.raises(DataError, match=re.escape("pivot(): 'x' is named in both index and columns")):
        joint.pivot(index="x", columns="x")


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_sample_needs_a_whole_number(joint, bad):
    with pytest.raises(
        DataError, match=re.escape(f"sample(): n must be a whole number >= 0, got {bad!r}.")
    ):
        joint.sample(bad)


def test_from_function_order_matches_the_states():
    # w(x, y) = 10 x + y over x in {0, 1}, y in {0, 1, 2}: total 0+1+2 + 10+11+12 = 36
    table = pt.Table.from_function(lambda x, y: 10 * x + y, states={"x": [0, 1], "y": [0, 1, 2]})
    assert table.p(x=1, y=2) == pytest.approx(12 / 36, abs=1e-15)
    assert table.p(x=0, y=1) == pytest.approx(1 / 36, abs=1e-15)


def test_from_array_with_ragged_values_is_a_data_error():
    with pytest.raises(
        DataError, match=re.escape("from_array(): the values must form an array of numbers: ")
    ):
        pt.Table.from_array([[0.5], [0.25, 0.25]], states={"x": [0, 1], "y": [0, 1]})


def test_dense_sums_are_checked_without_listing_codes():
    # a dense table is checked by summing its head axes; a failure still names the assignment
    table = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"y": [0, 1], "x": [0, 1]}, given="y")
    assert "codes" not in table._cache
    message = "from_array(): probabilities must sum to 1 per conditioning assignment (atol=1e-09); 1 sum(s) differ:\n    y=1: 0.75"
    with pytest.raises(NormalizationError, match=re.escape(message)):
        pt.Table.from_array([[0.9, 0.1], [0.25, 0.5]], states={"y": [0, 1], "x": [0, 1]}, given="y")
