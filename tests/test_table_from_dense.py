"""table_from_dense: the library's cheap constructor over validated states still checks the numbers."""

from __future__ import annotations

import re

import numpy as np
import pytest

import probtables as pt
from probtables.errors import DataError, InvalidProbabilityError, NormalizationError
from probtables.table import table_from_dense


@pytest.fixture
def joint():
    return pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": ["a", "b"]})


def test_it_is_the_table_conditioning_builds(joint):
    expected = joint.condition(y="b")  # p(x | y=b) = 0.2/0.6, 0.4/0.6
    got = table_from_dense(np.array([1 / 3, 2 / 3]), {"x": joint.states["x"]}, evidence={"y": ("b",)})
    assert got.notation == expected.notation == "p(x | y=b)"
    assert got.evidence == expected.evidence
    assert got.equals(expected, atol=1e-15)
    assert repr(got) == repr(expected)
    conditional = table_from_dense(joint.condition("y").to_array(["y", "x"]), joint.states, given="x")
    assert conditional.notation == "p(y | x)"


def test_it_checks_the_numbers(joint):
    states = {"x": joint.states["x"]}
    msg = (
        "table_from_dense(): the array has shape (3,) but the states ('x',) have (2,) states; "
        "axis i must have one entry per state of the i-th variable."
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        table_from_dense(np.array([0.2, 0.3, 0.5]), states)
    with pytest.raises(InvalidProbabilityError, match=re.escape("table_from_dense(): ")):
        table_from_dense(np.array([1.5, -0.5]), states)
    with pytest.raises(NormalizationError, match=re.escape("table_from_dense(): ")):
        table_from_dense(np.array([0.5, 0.6]), states)
    msg = "table_from_dense(): expected a float array, got dtype object; build exact tables with Table.from_array."
    with pytest.raises(DataError, match=re.escape(msg)):
        table_from_dense(np.array([0.5, 0.5], dtype=object), states)


def test_the_input_array_is_not_shared():
    values = np.array([0.25, 0.75])
    table = table_from_dense(values, {"x": (0, 1)})
    values[0] = 0.5
    assert table.p(x=0) == 0.25


def test_posteriors_read_as_tables_are_the_queries():
    asia = pt.examples.load("asia")
    post = asia.posteriors({"xray": "yes", "smoke": "no"})
    for name in post:
        expected = asia.joint().query(f"p({name} | xray=yes, smoke=no)")
        assert post[name].notation == expected.notation and post[name].evidence == expected.evidence
        assert post[name].equals(expected, atol=1e-12)
