"""The one path from a DataFrame to integer codes and weights (:mod:`probtables._encoding`),
shared by ``Table.from_samples``, ``fit`` and ``independence_test``: every kind of column
against a reference (the sorted distinct values, or the position in known states), and the
same errors in the same words through every caller."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import probtables as pt
from probtables._encoding import encode_column, encode_columns, frequency_weights
from probtables.errors import DataError, MissingDataError, UnknownStateError

VALUES = ["b", "a", "c", "a", "b", "b"]


def columns() -> dict[str, pd.Series]:
    """The same observations as every kind of column a user may hold."""
    out = {
        "str": pd.Series(VALUES, dtype="str"),
        "python string": pd.Series(VALUES, dtype="string[python]"),
        "object": pd.Series(VALUES, dtype=object),
        "categorical": pd.Series(pd.Categorical(VALUES)),
        "categorical, other order": pd.Series(pd.Categorical(VALUES, categories=["c", "b", "a", "z"])),
        "int8": pd.Series([1, 0, 2, 0, 1, 1], dtype=np.int8),
        "int64 negative": pd.Series([-3, -7, 5, -7, -3, -3], dtype=np.int64),
        "uint64 large": pd.Series(
            [2**64 - 2, 2**63, 2**64 - 1, 2**63, 2**64 - 2, 2**64 - 2], dtype=np.uint64
        ),
        "int64 wide": pd.Series([10**12, 0, 10**15, 0, 10**12, 10**12], dtype=np.int64),
        "bool": pd.Series([True, False, True, False, True, True]),
        "nullable Int64": pd.Series([1, 0, 2, 0, 1, 1], dtype="Int64"),
        "nullable boolean": pd.Series([True, False, True, False, True, True], dtype="boolean"),
        "float": pd.Series([0.5, 0.25, 1.0, 0.25, 0.5, 0.5]),
    }
    try:
        out["arrow string"] = pd.Series(VALUES, dtype="string[pyarrow]")
    except ImportError:  # pragma: no cover - pyarrow is installed with pandas 3 here
        pass
    return out


def reference(column: pd.Series, states=None) -> tuple[list[int], tuple]:
    """Codes by the definition: position in the states (the sorted distinct values by default)."""
    values = column.tolist()
    if states is None:
        if isinstance(column.dtype, pd.CategoricalDtype):
            states = tuple(column.cat.categories.tolist())
        else:
            states = tuple(sorted(set(values)))
    return [list(states).index(v) for v in values], tuple(states)


@pytest.mark.parametrize("kind", list(columns()))
def test_inferred_states(kind):
    column = columns()[kind]
    codes, states = encode_column(column, "x", op="fit")
    expected_codes, expected_states = reference(column)
    assert np.asarray(codes).tolist() == expected_codes
    assert states == expected_states
    assert all(type(s) in (str, int, float, bool) for s in states)  # plain Python states


@pytest.mark.parametrize("kind", list(columns()))
def test_known_states_in_another_order(kind):
    column = columns()[kind]
    _, inferred = reference(column)
    known = tuple(reversed(inferred)) + (("extra",) if isinstance(inferred[0], str) else (12345,))
    codes, states = encode_column(column, "x", known, op="fit")
    assert states == known
    assert np.asarray(codes).tolist() == reference(column, known)[0]


@pytest.mark.parametrize("kind", list(columns()))
def test_a_value_outside_known_states(kind):
    column = columns()[kind]
    _, inferred = reference(column)
    known = inferred[1:]
    bad = inferred[0]
    rows = [i for i, v in enumerate(column.tolist()) if v == bad]
    message = f"fit(): variable 'x' has value(s) [{bad!r}] (rows {rows!r}) that are not among its states {known!r}."
    with pytest.raises(UnknownStateError, match=re.escape(message)):
        encode_column(column, "x", known, op="fit")


def test_states_zero_to_k_use_the_column_itself():
    column = pd.Series([0, 2, 1, 2], dtype=np.int8)
    codes, _ = encode_column(column, "x", (0, 1, 2, 3), op="fit")
    assert np.shares_memory(codes, column.to_numpy())


def test_categorical_codes_are_not_copied():
    column = pd.Series(pd.Categorical(["a", "b", "a"]))
    codes, states = encode_column(column, "x", ("a", "b"), op="fit")
    assert np.shares_memory(codes, column.array.codes) and states == ("a", "b")


def test_encode_columns_widens_the_code_dtype():
    data = pd.DataFrame({"few": [0, 1] * 150, "many": range(300)})
    codes, states = encode_columns(data, ["few", "many"], op="fit")
    assert codes.dtype == np.int16 and codes.flags.f_contiguous
    assert codes[:, 1].tolist() == list(range(300)) and len(states["many"]) == 300


def test_input_is_not_modified():
    data = pd.DataFrame({"x": pd.Categorical(["a", "b"]), "y": np.array([3, 1], dtype=np.int8)})
    before = data.copy()
    encode_columns(data, ["x", "y"], {"x": ("b", "a")}, op="fit")
    pd.testing.assert_frame_equal(data, before)


# ---------------------------------------------------------------- the same errors through every caller

MISSING = [
    pd.Series(["a", None, "b", "a"], dtype=object),
    pd.Series(["a", None, "b", "a"], dtype="str"),
    pd.Series([1.0, np.nan, 0.0, 1.0]),
    pd.Series([1, None, 0, 1], dtype="Int64"),
    pd.Series(pd.Categorical(["a", None, "b", "a"])),
]


@pytest.mark.parametrize("column", MISSING, ids=lambda c: str(c.dtype))
def test_a_missing_value_raises_the_same_error_everywhere(column):
    index = [10, 11, 12, 13]
    data = pd.DataFrame({"x": column.set_axis(index), "y": [0, 1, 0, 1]}, index=index)
    for op, call in [
        ("from_samples", lambda: pt.Table.from_samples(data)),
        ("fit", lambda: pt.Factorization.parse("p(x)p(y | x)").fit(data)),
        ("independence_test", lambda: pt.independence_test(data, "x ⊥ y")),
    ]:
        message = (
            f"{op}(): missing values in 1 column: 'x' has 1 (rows [11]); pass dropna=True to drop the "
            "incomplete rows, or fill them first."
        )
        with pytest.raises(MissingDataError, match=re.escape(message)):
            call()


def test_negative_and_non_finite_weights_are_reported_alike_everywhere():
    data = pd.DataFrame({"x": [0, 1, 0, 1], "y": [0, 0, 1, 1]}, index=list("abcd"))
    for weights, what in (
        ([1.0, -1.0, 2.0, -0.5], "non-negative; 2 are negative, in rows ['b', 'd']."),
        ([1.0, np.nan, np.inf, 1.0], "finite; 2 are NaN or infinite, in rows ['b', 'c']."),
    ):
        for op, call in [
            ("from_samples", lambda w=weights: pt.Table.from_samples(data, weights=w)),
            ("fit", lambda w=weights: pt.Factorization.parse("p(x)p(y | x)").fit(data, weights=w)),
            ("independence_test", lambda w=weights: pt.independence_test(data, "x ⊥ y", weights=w)),
        ]:
            with pytest.raises(DataError, match=re.escape(f"{op}(): weights must be {what}")):
                call()


def test_frequency_weights():
    data = pd.DataFrame({"x": [0, 1, 2], "w": pd.array([1, 2, None], dtype="Int64")})
    assert frequency_weights(data, None, op="fit") is None
    assert frequency_weights(data, [1, 2, 3], op="fit").tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(
        DataError, match=re.escape("fit(): weights must be finite; 1 are NaN or infinite, in rows [2].")
    ):
        frequency_weights(data, "w", op="fit")
    with pytest.raises(DataError, match=re.escape("fit(): weights must be numbers; got dtype bool.")):
        frequency_weights(data, pd.Series([True, False, True]), op="fit")
    with pytest.raises(
        DataError, match=re.escape("fit(): weights must hold one number per row (3); got shape (2,).")
    ):
        frequency_weights(data, [1, 2], op="fit")


def test_from_samples_of_each_kind_of_column_matches_value_counts():
    for kind, column in columns().items():
        data = pd.DataFrame({"x": column})
        table = pt.Table.from_samples(data)
        counts = column.value_counts(normalize=True)
        for state, share in counts.items():
            assert table.p(x=state) == pytest.approx(share), kind


def test_an_unknown_weights_column_suggests_a_close_one():
    data = pd.DataFrame({"x": [0, 1], "weight": [1, 2]})
    message = "from_samples(): unknown weights column 'wieght'; the data has columns ('x', 'weight'). Did you mean 'weight'?"
    with pytest.raises(pt.errors.UnknownVariableError, match=re.escape(message)):
        pt.Table.from_samples(data, "x", weights="wieght")
