"""Tests of probtables.stats: conditional-independence tests on samples."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probtables import stats
from probtables.errors import DataError, ProbTablesError, UnknownVariableError
from probtables.independence import Independence
from probtables.stats import (
    IndependenceTestResult,
    InvalidParameterError,
    UnknownMethodError,
    adjust_pvalues,
    independence_test,
)

scipy_stats = pytest.importorskip("scipy.stats")

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------
# helpers


def frame_from_counts(counts: np.ndarray, x_states, y_states, **extra) -> pd.DataFrame:
    """Rows of a 2-way table of counts (one row per observation), plus constant columns."""
    xs, ys = [], []
    for i, a in enumerate(x_states):
        for j, b in enumerate(y_states):
            xs += [a] * int(counts[i, j])
            ys += [b] * int(counts[i, j])
    frame = pd.DataFrame({"x": xs, "y": ys})
    for name, value in extra.items():
        frame[name] = value
    return frame


def chi2_sf_1dof(statistic: float) -> float:
    """Chi-square survival function with one degree of freedom: erfc(sqrt(x / 2))."""
    return math.erfc(math.sqrt(statistic / 2.0))


def draw_conditionally_independent(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """x and y independent given z, with random tables p(z), p(x | z), p(y | z)."""
    kz, kx, ky = 3, 3, 2
    z = rng.choice(kz, size=n, p=rng.dirichlet(np.full(kz, 4.0)))
    cdf_x = np.cumsum(rng.dirichlet(np.full(kx, 4.0), size=kz), axis=1)
    cdf_y = np.cumsum(rng.dirichlet(np.full(ky, 4.0), size=kz), axis=1)
    x = np.minimum((rng.random(n)[:, None] > cdf_x[z]).sum(axis=1), kx - 1)
    y = np.minimum((rng.random(n)[:, None] > cdf_y[z]).sum(axis=1), ky - 1)
    return pd.DataFrame({"x": x, "y": y, "z": z})


small_frames = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 2), st.integers(0, 1)),
    min_size=1,
    max_size=60,
).map(lambda rows: pd.DataFrame(rows, columns=["x", "y", "z", "w"]))


# --------------------------------------------------------------------------
# hand-computed examples


COUNTS_2X2 = np.array([[10, 20], [30, 40]])
# margins: rows 30, 70; columns 40, 60; n = 100 -> expected [[12, 18], [28, 42]]
EXPECTED_X2 = 4 * (1 / 12 + 1 / 18 + 1 / 28 + 1 / 42)  # = 50 / 63
EXPECTED_G = 2 * (
    10 * math.log(10 / 12) + 20 * math.log(20 / 18) + 30 * math.log(30 / 28) + 40 * math.log(40 / 42)
)


def test_two_by_two_by_hand():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1])
    g = independence_test(data, "x ⊥ y", method="g")
    x2 = independence_test(data, "x ⊥ y")  # Pearson is the default
    assert EXPECTED_X2 == pytest.approx(50 / 63)
    assert g.statistic == pytest.approx(EXPECTED_G, rel=1e-12)
    assert x2.statistic == pytest.approx(EXPECTED_X2, rel=1e-12)
    assert g.dof == x2.dof == 1
    assert g.p_value == pytest.approx(chi2_sf_1dof(EXPECTED_G), rel=1e-9)
    assert x2.p_value == pytest.approx(chi2_sf_1dof(EXPECTED_X2), rel=1e-9)
    assert g.n == x2.n == 100
    assert g.method == "g" and x2.method == "chi2"


def test_two_by_two_matches_scipy():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1])
    pearson = scipy_stats.chi2_contingency(COUNTS_2X2, correction=False)
    loglik = scipy_stats.chi2_contingency(COUNTS_2X2, correction=False, lambda_="log-likelihood")
    x2 = independence_test(data, "x ⊥ y", method="chi2")
    g = independence_test(data, "x ⊥ y", method="g")
    assert (x2.statistic, x2.dof) == (pytest.approx(pearson.statistic), pearson.dof)
    assert x2.p_value == pytest.approx(pearson.pvalue)
    assert (g.statistic, g.dof) == (pytest.approx(loglik.statistic), loglik.dof)
    assert g.p_value == pytest.approx(loglik.pvalue)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("method, lambda_", [("g", "log-likelihood"), ("chi2", "pearson")])
def test_unconditional_matches_scipy_on_random_tables(seed, method, lambda_):
    rng = np.random.default_rng(seed)
    counts = rng.integers(1, 30, size=(rng.integers(2, 5), rng.integers(2, 6)))
    data = frame_from_counts(counts, list("abcd")[: counts.shape[0]], range(counts.shape[1]))
    expected = scipy_stats.chi2_contingency(counts, correction=False, lambda_=lambda_)
    result = independence_test(data, "x ⊥ y", method=method, permutations=None)
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-10)
    assert result.dof == expected.dof
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-8)


@pytest.mark.parametrize("method, lambda_", [("g", "log-likelihood"), ("chi2", "pearson")])
def test_conditional_statistic_is_sum_over_strata(method, lambda_):
    rng = np.random.default_rng(7)
    n = 600
    z = rng.integers(0, 4, n)
    data = pd.DataFrame(
        {"z": z, "x": (z + rng.integers(0, 3, n)) % 3, "y": (rng.random(n) < 0.3 + 0.1 * z).astype(int)}
    )
    statistic, dof = 0.0, 0
    for _, stratum in data.groupby("z"):
        table = pd.crosstab(stratum["x"], stratum["y"]).to_numpy()
        part = scipy_stats.chi2_contingency(table, correction=False, lambda_=lambda_)
        statistic += part.statistic
        dof += part.dof
    result = independence_test(data, "x ⊥ y | z", method=method, permutations=None)
    assert dof == 4 * 2 * 1
    assert result.statistic == pytest.approx(statistic, rel=1e-10)
    assert result.dof == dof
    assert result.p_value == pytest.approx(scipy_stats.chi2.sf(statistic, dof), rel=1e-8)


def test_str_of_result():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1])
    # G = 0.8044..., p = erfc(sqrt(G / 2)) = 0.3698...; X2 = 0.7937, p = 0.3729...
    # power at w = 0.3: noncentrality 100 * 0.09 = 9 on 1 dof gives 0.85, above 0.8: no warning
    assert str(independence_test(data, "x ⊥ y", method="g")) == (
        "G-test of x ⊥ y: G = 0.80, dof = 1, p = 0.37 (n = 100)"
    )
    assert str(independence_test(data, "x ⊥ y")) == (
        "Pearson chi-square test of x ⊥ y: X² = 0.79, dof = 1, p = 0.373 (n = 100)"
    )


def test_str_names_the_conditioning_set_and_total_weight():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1], z=0)
    result = independence_test(data, "x ⊥ y | z", method="g", weights=np.full(100, 0.5))
    first, *rest = str(result).split("\n")
    assert first.startswith("G-test of x ⊥ y | z: G = ")
    assert first.endswith("(n = 50)")
    assert rest[0].startswith("  low power: 0.56 to detect")  # 50 * 0.09 = 4.5 on 1 dof
    assert result.n == 50.0


def test_result_is_frozen_and_carries_the_statement():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1], z=1)
    result = independence_test(data, Independence.parse("x ⊥ y | z"))
    assert isinstance(result, IndependenceTestResult)
    assert result.statement == Independence.parse("x ⊥ y | z")
    assert isinstance(result.statistic, float) and isinstance(result.p_value, float)
    assert isinstance(result.dof, int) and isinstance(result.n, int)
    with pytest.raises(AttributeError):
        result.p_value = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("text", ["x _||_ y | z", "x indep y given z", "x ⊥ y | z"])
def test_statement_notations(text):
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1], z=1)
    assert independence_test(data, text, method="g").statistic == pytest.approx(EXPECTED_G)


def test_rejects():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1])
    result = independence_test(data, "x ⊥ y")  # p = 0.37
    assert not result.rejects(0.05)
    assert result.rejects(0.5)
    assert result.rejects(1.0)
    assert result.rejects() is False  # default alpha 0.05, and a Python bool


# --------------------------------------------------------------------------
# degrees of freedom: only observed levels count


def test_dof_counts_only_observed_levels():
    # stratum z=u: x in {a, b}, y in {0, 1, 2}          -> (2-1)(3-1) = 2
    # stratum z=v: x in {a, b, c}, y in {0} only         -> (3-1)(1-1) = 0
    # stratum z=w: x in {c}, y in {1, 2}                 -> (1-1)(2-1) = 0
    # stratum z=t: a category with no rows               -> nothing
    # x has an unused category 'd', y an unused level 3 -> nothing
    rows = (
        [("u", "a", 0), ("u", "a", 1), ("u", "b", 2), ("u", "b", 0), ("u", "a", 2)]
        + [("v", "a", 0), ("v", "b", 0), ("v", "c", 0)]
        + [("w", "c", 1), ("w", "c", 2)]
    )
    data = pd.DataFrame(rows, columns=["z", "x", "y"]).astype(
        {
            "z": pd.CategoricalDtype(["t", "u", "v", "w"]),
            "x": pd.CategoricalDtype(["a", "b", "c", "d"]),
            "y": pd.CategoricalDtype([0, 1, 2, 3]),
        }
    )
    assert independence_test(data, "x ⊥ y | z").dof == 2
    # unconditionally: x in {a, b, c}, y in {0, 1, 2} -> (3-1)(3-1) = 4
    assert independence_test(data, "x ⊥ y").dof == 4


def test_dof_zero_gives_p_value_one():
    data = pd.DataFrame({"x": [0, 1, 0, 1, 1], "y": ["k"] * 5})
    result = independence_test(data, "x ⊥ y")
    assert (result.dof, result.statistic, result.p_value) == (0, 0.0, 1.0)
    assert not result.rejects(1.0 - 1e-12)


def test_strata_with_one_level_add_no_dof():
    # y is a function of z: within each stratum y is constant, so dof is 0
    data = pd.DataFrame({"z": [0, 0, 1, 1, 2, 2], "x": [0, 1, 0, 1, 0, 1], "y": [5, 5, 6, 6, 7, 7]})
    assert independence_test(data, "x ⊥ y | z").dof == 0
    assert independence_test(data, "x ⊥ y").dof == 2


# --------------------------------------------------------------------------
# joint sides, weights, dtypes, invariances


def test_side_with_several_variables_is_one_joint_variable():
    rng = np.random.default_rng(3)
    n = 400
    data = pd.DataFrame(
        {
            "a": rng.integers(0, 2, n),
            "b": rng.choice(["p", "q", "r"], n),
            "c": rng.integers(0, 3, n),
            "d": rng.integers(0, 2, n),
            "e": rng.integers(0, 2, n),
        }
    )
    data["c"] = (data["c"] + data["a"]) % 3
    joined = pd.DataFrame(
        {
            "ab": data["a"].astype(str) + "/" + data["b"],
            "c": data["c"],
            "de": data["d"].astype(str) + "/" + data["e"].astype(str),
        }
    )
    for method in ("g", "chi2"):
        multi = independence_test(data, "a, b ⊥ c | d, e", method=method, permutations=None)
        single = independence_test(joined, "ab ⊥ c | de", method=method, permutations=None)
        assert multi.statistic == pytest.approx(single.statistic, rel=1e-10)
        assert multi.dof == single.dof
        assert multi.p_value == pytest.approx(single.p_value, rel=1e-8)


def test_joint_side_whose_radix_overflows_64_bits():
    # ten categorical columns with 100 categories each: 100**10 = 1e20 > 2**63
    rng = np.random.default_rng(11)
    n = 300
    names = [f"v{i}" for i in range(10)]
    data = pd.DataFrame({v: pd.Categorical(rng.integers(0, 3, n), categories=range(100)) for v in names})
    data["y"] = rng.integers(0, 2, n)
    joined = pd.DataFrame({"v": data[names].astype(str).agg("/".join, axis=1), "y": data["y"]})
    left = ", ".join(names)
    # as many joint states as rows: the columns are declared discrete with max_distinct=None
    multi = independence_test(data, f"{left} ⊥ y", max_distinct=None)
    single = independence_test(joined, "v ⊥ y", max_distinct=None)
    assert multi.statistic == pytest.approx(single.statistic, rel=1e-10)
    assert multi.dof == single.dof == joined["v"].nunique() - 1


@pytest.mark.parametrize("method", ["g", "chi2"])
def test_integer_weights_equal_repeated_rows(method):
    rng = np.random.default_rng(5)
    n = 80
    data = pd.DataFrame(
        {"x": rng.integers(0, 3, n), "y": rng.integers(0, 2, n), "z": rng.integers(0, 2, n)}
    )
    w = rng.integers(0, 4, n)
    w[0] = 1
    repeated = data.loc[data.index.repeat(w)].reset_index(drop=True)
    weighted = independence_test(data, "x ⊥ y | z", method=method, weights=w)
    plain = independence_test(repeated, "x ⊥ y | z", method=method)
    assert weighted.statistic == pytest.approx(plain.statistic, rel=1e-10)
    assert weighted.dof == plain.dof  # rows of weight 0 are not observed levels
    assert weighted.n == plain.n == w.sum()


def test_weights_as_a_column_name():
    data = frame_from_counts(np.array([[1, 1], [1, 1]]), ["a", "b"], [0, 1])
    data["w"] = [10.0, 20.0, 30.0, 40.0]
    result = independence_test(data, "x ⊥ y", method="g", weights="w")
    assert result.statistic == pytest.approx(EXPECTED_G, rel=1e-12)
    assert result.n == 100.0


def _as_dtype(values: pd.Series, kind: str) -> pd.Series:
    if kind == "category":
        return values.astype("category")
    if kind == "int":
        return values.astype(np.int64)
    if kind == "str":
        return values.map(lambda v: f"s{v}").astype(str)
    if kind == "object":
        return values.map(lambda v: ("t", v)).astype(object)
    if kind == "string":
        return values.astype("string")
    if kind == "bool":
        return values.astype(bool)
    if kind == "float":
        return values.astype(float) / 2
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["category", "int", "str", "object", "string", "bool", "float"])
def test_any_dtype_gives_the_same_result(kind):
    rng = np.random.default_rng(9)
    n = 500
    z = rng.integers(0, 2, n)
    x = (rng.random(n) < 0.3 + 0.4 * z).astype(int)
    y = (rng.random(n) < 0.6 - 0.2 * x).astype(int)  # binary so that bool fits
    base = pd.DataFrame({"x": x, "y": y, "z": z})
    converted = base.apply(lambda column: _as_dtype(column, kind))
    for statement in ("x ⊥ y", "x ⊥ y | z", "y ⊥ z | x"):
        expected = independence_test(base, statement)
        got = independence_test(converted, statement)
        assert got.statistic == pytest.approx(expected.statistic, rel=1e-10)
        assert (got.dof, got.n) == (expected.dof, expected.n)


@pytest.mark.parametrize(
    "values",
    [
        np.array([-5, 7, -5, 7, 7, -5, 7, 7], dtype=np.int64),  # negative, small range
        np.array([0, 10**12, 0, 10**12, 10**12, 0, 10**12, 10**12], dtype=np.int64),  # wide range
        np.array([2**64 - 1, 3, 2**64 - 1, 3, 3, 2**64 - 1, 3, 3], dtype=np.uint64),
        np.array(
            [2**64 - 2, 2**64 - 1, 2**64 - 2] + [2**64 - 1] * 2 + [2**64 - 2] + [2**64 - 1] * 2,
            dtype=np.uint64,
        ),  # small range above 2**63
        np.array([1, 2, 1, 2, 2, 1, 2, 2], dtype=np.int8),
    ],
)
def test_integer_columns_of_any_range(values):
    data = pd.DataFrame({"x": values, "y": [0, 0, 1, 1, 0, 0, 1, 1], "z": [0] * 4 + [1] * 4})
    reference = data.assign(x=(values == values[0]).astype(str))
    for statement in ("x ⊥ y", "y ⊥ z | x", "x ⊥ y | z"):
        a = independence_test(data, statement)
        b = independence_test(reference, statement)
        assert a.statistic == pytest.approx(b.statistic) and a.dof == b.dof


def test_nullable_boolean_and_integer_dtypes():
    data = pd.DataFrame(
        {
            "x": pd.array([True, False, True, True, False, False], dtype="boolean"),
            "y": pd.array([1, 2, 1, 2, 2, 2], dtype="Int64"),
        }
    )
    plain = data.astype({"x": bool, "y": np.int64})
    assert independence_test(data, "x ⊥ y").statistic == pytest.approx(
        independence_test(plain, "x ⊥ y").statistic
    )


def test_category_order_does_not_matter():
    rng = np.random.default_rng(2)
    n = 300
    data = pd.DataFrame(
        {
            "x": pd.Categorical(rng.choice(list("abc"), n), categories=list("abc")),
            "y": pd.Categorical(rng.choice(list("pq"), n), categories=list("pq")),
            "z": pd.Categorical(rng.choice(list("uv"), n), categories=list("uv")),
        }
    )
    reordered = data.assign(
        x=data["x"].cat.reorder_categories(list("cab")),
        y=data["y"].cat.reorder_categories(list("qp")),
        z=data["z"].cat.set_categories(list("wvu")),  # and an unused category
    )
    for method in ("g", "chi2"):
        a = independence_test(data, "x ⊥ y | z", method=method)
        b = independence_test(reordered, "x ⊥ y | z", method=method)
        assert b.statistic == pytest.approx(a.statistic, rel=1e-12)
        assert b.dof == a.dof


@settings(max_examples=60, deadline=None)
@given(frame=small_frames, data=st.data())
def test_row_order_does_not_matter(frame, data):
    order = data.draw(st.permutations(range(len(frame))))
    shuffled = frame.iloc[list(order)]
    for statement in ("x ⊥ y", "x ⊥ y | z", "x, w ⊥ y | z"):
        for method in ("g", "chi2"):
            a = independence_test(frame, statement, method=method)
            b = independence_test(shuffled, statement, method=method)
            assert b.statistic == pytest.approx(a.statistic, rel=1e-9, abs=1e-9)
            assert b.dof == a.dof


@settings(max_examples=60, deadline=None)
@given(frame=small_frames)
def test_conditional_result_matches_per_stratum_loop(frame):
    # a plain per-stratum computation from pandas crosstabs, independent of the kernel;
    # crosstab keeps only the levels observed in the stratum, and may hold empty cells
    g, x2, dof = 0.0, 0.0, 0
    for _, stratum in frame.groupby(["z", "w"]):
        table = pd.crosstab(stratum["x"], stratum["y"]).to_numpy().astype(float)
        expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
        nonzero = table > 0
        g += 2 * float(np.sum(table[nonzero] * np.log(table[nonzero] / expected[nonzero])))
        x2 += float(np.sum((table - expected) ** 2 / expected))
        dof += (table.shape[0] - 1) * (table.shape[1] - 1)
    result_g = independence_test(frame, "x ⊥ y | z, w", method="g")
    result_x2 = independence_test(frame, "x ⊥ y | z, w")
    assert result_g.statistic == pytest.approx(max(g, 0.0), rel=1e-9, abs=1e-9)
    assert result_x2.statistic == pytest.approx(x2, rel=1e-9, abs=1e-9)
    assert result_g.dof == result_x2.dof == dof
    assert 0.0 <= result_g.p_value <= 1.0


def test_pearson_counts_the_empty_cells():
    # x = a: y 0 (4), 1 (0);  x = b: y 0 (2), 1 (2).  margins 4, 4 | 6, 2; n = 8
    # expected: a -> 3, 1; b -> 3, 1.  X2 = 1/3 + 1 + 1/3 + 1 = 8/3 (the empty cell gives 1)
    data = frame_from_counts(np.array([[4, 0], [2, 2]]), ["a", "b"], [0, 1])
    assert independence_test(data, "x ⊥ y", method="chi2").statistic == pytest.approx(8 / 3)
    # G = 2 (4 ln(4/3) + 2 ln(2/3) + 2 ln(2/1))
    expected_g = 2 * (4 * math.log(4 / 3) + 2 * math.log(2 / 3) + 2 * math.log(2))
    assert independence_test(data, "x ⊥ y", method="g").statistic == pytest.approx(expected_g)


@settings(max_examples=80, deadline=None)
@given(frame=small_frames, weighted=st.booleans(), method=st.sampled_from(["g", "chi2"]))
def test_dense_and_sparse_kernels_agree(frame, weighted, method):
    codes = {v: stats._codes(frame[v]) for v in ("x", "y", "z", "w")}
    n = len(frame)
    s, k = stats._joint_codes([codes["z"], codes["w"]], n)
    x, r = codes["x"]
    y, c = codes["y"]
    w = np.linspace(0.0, 2.0, n) if weighted else None
    total = float(w.sum()) if weighted else float(n)
    dense = stats._cells(s, k, x, r, y, c, w, dense=True)
    sparse = stats._cells(s, k, x, r, y, c, w, dense=False)
    assert dense[2] == sparse[2]
    assert stats._statistic(method, *sparse[:2], total) == pytest.approx(
        stats._statistic(method, *dense[:2], total), rel=1e-9, abs=1e-9
    )
    assert sorted(dense[0]) == pytest.approx(sorted(sparse[0]))


def test_sparse_path_through_the_public_function(monkeypatch):
    rng = np.random.default_rng(4)
    n = 500
    data = pd.DataFrame(
        {"x": rng.integers(0, 4, n), "y": rng.integers(0, 3, n), "z": rng.integers(0, 40, n)}
    )
    dense = independence_test(data, "x ⊥ y | z", method="chi2")
    monkeypatch.setattr(stats, "_DENSE_MIN_LIMIT", 0)
    monkeypatch.setattr(stats, "_DENSE_MAX_LIMIT", 0)
    sparse = independence_test(data, "x ⊥ y | z", method="chi2")
    assert sparse.statistic == pytest.approx(dense.statistic, rel=1e-10)
    assert sparse.dof == dense.dof


# --------------------------------------------------------------------------
# calibration and power


@pytest.mark.parametrize("method", ["g", "chi2"])
def test_calibration_under_conditional_independence(method):
    rng = np.random.default_rng(20240601)
    repetitions = 1000
    rejections = sum(
        independence_test(draw_conditionally_independent(rng, 300), "x ⊥ y | z", method=method).rejects(
            0.05
        )
        for _ in range(repetitions)
    )
    # Binomial(1000, 0.05): sd 0.007, so 0.02..0.09 is about -4.4 to +5.8 sd. (The G-test is a
    # little liberal at this size: its long-run rate here is about 0.057, Pearson's 0.049.)
    assert 0.02 <= rejections / repetitions <= 0.09


@pytest.mark.parametrize("method", ["g", "chi2"])
def test_p_values_are_roughly_uniform_under_independence(method):
    rng = np.random.default_rng(99)
    p = np.array(
        [
            independence_test(
                draw_conditionally_independent(rng, 300), "x ⊥ y | z", method=method
            ).p_value
            for _ in range(400)
        ]
    )
    # each decile of a uniform sample of 400 holds 40 +- 6; allow 20..60
    counts = np.histogram(p, bins=10, range=(0, 1))[0]
    assert counts.min() >= 20 and counts.max() <= 60


@pytest.mark.parametrize("method", ["g", "chi2"])
def test_power_on_a_dependent_model(method):
    rng = np.random.default_rng(1)
    rejections = 0
    for _ in range(200):
        data = draw_conditionally_independent(rng, 300)
        copy = rng.random(300) < 0.5  # y copies x (mod 2) half of the time
        data["y"] = np.where(copy, data["x"] % 2, data["y"])
        rejections += independence_test(data, "x ⊥ y | z", method=method).rejects(0.05)
    assert rejections >= 198


# --------------------------------------------------------------------------
# multiple testing


def brute_force_holm(p: np.ndarray) -> np.ndarray:
    """Holm's adjusted p-values from the definition, one p-value at a time."""
    m = len(p)
    order = sorted(range(m), key=lambda i: (p[i], i))
    rank = {i: r for r, i in enumerate(order)}  # 0-based
    adjusted = np.empty(m)
    for i in range(m):
        adjusted[i] = min(1.0, max((m - rank[j]) * p[j] for j in order[: rank[i] + 1]))
    return adjusted


def test_holm_small_example_by_hand():
    # sorted 0.01, 0.03, 0.04, 0.20 -> 4*0.01, max(.04, 3*0.03), max(.09, 2*0.04), max(.09, 0.20)
    assert adjust_pvalues([0.01, 0.04, 0.03, 0.20]) == pytest.approx([0.04, 0.09, 0.09, 0.20])


def test_bh_small_example_by_hand():
    # m = 4; m p / rank: 0.04, 0.06, 0.0533, 0.2; cumulative minimum from the top
    assert adjust_pvalues([0.01, 0.04, 0.03, 0.20], method="bh") == pytest.approx(
        [0.04, 0.16 / 3, 0.16 / 3, 0.20]
    )


p_value_lists = st.lists(
    st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 0.01, 0.05, 0.5, 1.0])),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(p=p_value_lists)
def test_holm_matches_brute_force(p):
    p = np.array(p)
    assert adjust_pvalues(p, "holm") == pytest.approx(brute_force_holm(p), rel=1e-12, abs=0)


@settings(max_examples=200, deadline=None)
@given(p=p_value_lists)
def test_bh_matches_scipy(p):
    p = np.array(p)
    expected = scipy_stats.false_discovery_control(p, method="bh")
    assert adjust_pvalues(p, "bh") == pytest.approx(expected, rel=1e-12, abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(p=p_value_lists, method=st.sampled_from(["holm", "bh"]))
def test_adjustment_is_monotone_and_bounded(p, method):
    p = np.array(p)
    adjusted = adjust_pvalues(p, method)
    assert adjusted.shape == p.shape and adjusted.dtype == np.float64
    assert np.all(adjusted >= p) and np.all(adjusted <= 1.0)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(adjusted[order]) >= 0)
    # equal p-values get equal adjusted p-values
    for value in np.unique(p):
        assert np.ptp(adjusted[p == value]) == 0
    assert np.all(adjust_pvalues(p, "bh") <= adjust_pvalues(p, "holm") + 1e-15)


def test_adjust_does_not_modify_its_input_and_handles_empty():
    p = np.array([0.3, 0.01, 0.2])
    adjust_pvalues(p)
    assert p.tolist() == [0.3, 0.01, 0.2]
    assert adjust_pvalues([]).shape == (0,)


# --------------------------------------------------------------------------
# test_independencies


COLUMNS = [
    "statement",
    "statistic",
    "dof",
    "p_value",
    "p_adjusted",
    "rejected",
    "status",
    "reason",
    "power",
    "permutations",
    "min_expected",
    "rows",
    "rows_dropped",
]


def test_test_independencies_table():
    rng = np.random.default_rng(8)
    n = 400
    z = rng.integers(0, 2, n)
    data = pd.DataFrame(
        {
            "z": z,
            "x": (rng.random(n) < 0.2 + 0.6 * z).astype(int),
            "y": (rng.random(n) < 0.8 - 0.6 * z).astype(int),
        }
    )
    statements = ["x ⊥ y", Independence.parse("x ⊥ y | z"), "x ⊥ z"]
    table = stats.test_independencies(data, statements, alpha=0.01)
    assert list(table.columns) == COLUMNS
    assert table["statement"].tolist() == ["x ⊥ y", "x ⊥ y | z", "x ⊥ z"]
    for row, statement in zip(table.itertuples(), statements):
        single = independence_test(data, statement, alpha=0.01)
        assert row.statistic == pytest.approx(single.statistic)
        assert row.dof == single.dof
        assert row.p_value == pytest.approx(single.p_value)
    assert table["p_adjusted"].to_numpy() == pytest.approx(adjust_pvalues(table["p_value"], "holm"))
    assert table["rejected"].tolist() == [True, False, True]
    assert table["status"].tolist() == ["rejected", "not rejected", "rejected"]
    assert table["rejected"].dtype == bool and table["dof"].dtype == np.int64


def test_test_independencies_options():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1], z=0)
    unadjusted = stats.test_independencies(
        data, ["x ⊥ y", "x ⊥ y | z"], method="g", adjust=None, alpha=0.5
    )
    assert unadjusted["p_adjusted"].tolist() == unadjusted["p_value"].tolist()
    assert unadjusted["rejected"].tolist() == [True, True]  # p = 0.37 twice
    holm = stats.test_independencies(data, ["x ⊥ y", "x ⊥ y | z"], method="g", alpha=0.5)
    assert holm["rejected"].tolist() == [False, False]  # 2 * 0.37 > 0.5
    bh = stats.test_independencies(data, ["x ⊥ y", "x ⊥ y | z"], method="g", adjust="bh", alpha=0.5)
    assert bh["rejected"].tolist() == [True, True]  # 2 * 0.37 / 2
    chi2 = stats.test_independencies(data, "x ⊥ y", method="chi2")  # one statement
    assert chi2["statistic"].tolist() == [pytest.approx(EXPECTED_X2)]


def test_test_independencies_accepts_a_generator_and_no_statements():
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1])
    table = stats.test_independencies(data, (s for s in ["x ⊥ y"]))
    assert len(table) == 1
    empty = stats.test_independencies(data, [])
    assert empty.empty
    assert list(empty.columns) == COLUMNS


def test_test_independencies_checks_every_statement_first(monkeypatch):
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1])
    calls = []
    monkeypatch.setattr(stats, "_run_test", lambda *args: calls.append(args))
    with pytest.raises(UnknownVariableError):
        stats.test_independencies(data, ["x ⊥ y", "x ⊥ q"])
    assert calls == []


def test_test_independencies_is_not_collected_by_pytest():
    assert stats.test_independencies.__test__ is False


# --------------------------------------------------------------------------
# errors


@pytest.fixture
def xyz():
    return pd.DataFrame({"x": [0, 1, 0, 1], "y": [0, 0, 1, 1], "zeta": [1, 1, 1, 1]})


def test_error_unknown_variable_with_hint(xyz):
    msg = (
        "independence_test(): unknown variable 'zeta2' in x ⊥ y | zeta2; the data has columns "
        "('x', 'y', 'zeta'). Did you mean 'zeta'?"
    )
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        independence_test(xyz, "x ⊥ y | zeta2")


def test_error_unknown_variables(xyz):
    msg = (
        "independence_test(): unknown variables ('a', 'b') in a ⊥ b | x; the data has columns "
        "('x', 'y', 'zeta')."
    )
    with pytest.raises(UnknownVariableError, match=re.escape(msg)) as info:
        independence_test(xyz, "a ⊥ b | x")
    assert str(info.value) == msg  # not quoted like a plain KeyError


def test_error_unknown_variable_in_test_independencies(xyz):
    msg = (
        "test_independencies(): unknown variable 'w' in x ⊥ w; the data has columns ('x', 'y', 'zeta')."
    )
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        stats.test_independencies(xyz, ["x ⊥ y", "x ⊥ w"])


def test_error_duplicate_column():
    data = pd.DataFrame([[0, 1, 2], [1, 0, 2]], columns=["x", "y", "x"])
    msg = "independence_test(): the data has several columns named 'x'."
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(data, "x ⊥ y")


def test_error_empty_frame():
    msg = "independence_test(): the data has no rows (columns: ['x', 'y'])."
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(pd.DataFrame({"x": [], "y": []}), "x ⊥ y")


def test_error_not_a_frame():
    msg = "independence_test(): data must be a pandas DataFrame (one row per observation); got dict."
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test({"x": [0], "y": [1]}, "x ⊥ y")


def test_error_missing_values_few():
    data = pd.DataFrame({"x": [0, 1, None, 1], "y": [0, 0, 1, 1]}, index=list("abcd"))
    msg = (
        "independence_test(): missing values in 1 column: 'x' has 1 (rows ['c']); pass dropna=True "
        "to drop the incomplete rows, or fill them first."
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(data, "x ⊥ y")


def test_error_missing_values_many_shows_five():
    y = pd.Series(["a", None] * 6, dtype="string", index=range(10, 22))
    data = pd.DataFrame({"x": range(12), "y": y, "unused": [None] * 12})
    msg = (
        "independence_test(): missing values in 1 column: 'y' has 6 (rows [11, 13, 15, 17, 19]); "
        "pass dropna=True to drop the incomplete rows, or fill them first."
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(data, "x ⊥ y")


def test_missing_values_in_unused_columns_are_fine():
    data = pd.DataFrame({"x": [0, 1, 0, 1], "y": [0, 0, 1, 1], "note": [None, "a", None, None]})
    assert independence_test(data, "x ⊥ y").dof == 1


def test_error_missing_category():
    data = pd.DataFrame({"x": pd.Categorical(["a", None, "b"]), "y": [0, 1, 0]})
    msg = (
        "independence_test(): missing values in 1 column: 'x' has 1 (rows [1]); pass dropna=True to "
        "drop the incomplete rows, or fill them first."
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(data, "x ⊥ y")


@pytest.mark.parametrize(
    "weights, msg",
    [
        (
            [1.0, -1.0, 2.0, -0.5],
            "independence_test(): weights must be non-negative; 2 are negative, in rows [1, 3].",
        ),
        (
            [1.0, np.nan, np.inf, 1.0],
            "independence_test(): weights must be finite; 2 are NaN or infinite, in rows [1, 2].",
        ),
        (["1", "2", "3", "4"], "independence_test(): weights must be numbers; got dtype <U1."),
        (
            pd.Series([True, False, True, True]),
            "independence_test(): weights must be numbers; got dtype bool.",
        ),
        (
            [1.0, 2.0, 3.0],
            "independence_test(): weights must hold one number per row (4); got shape (3,).",
        ),
        ([0, 0, 0, 0], "independence_test(): the weights sum to zero; there is nothing to test."),
    ],
)
def test_error_bad_weights(xyz, weights, msg):
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(xyz, "x ⊥ y", weights=weights)


def test_error_nullable_weights_with_missing(xyz):
    msg = "independence_test(): weights must be finite; 1 are NaN or infinite, in rows [2]."
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(xyz, "x ⊥ y", weights=pd.array([1, 2, None, 1], dtype="Int64"))


def test_error_string_weights_column(xyz):
    data = xyz.assign(w=["1", "2", "3", "4"])
    msg = "independence_test(): weights must be numbers; got dtype "
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(data, "x ⊥ y", weights="w")


def test_error_unknown_weights_column(xyz):
    msg = "independence_test(): unknown weights column 'wt'; the data has columns ('x', 'y', 'zeta')."
    with pytest.raises(UnknownVariableError, match=re.escape(msg)):
        independence_test(xyz, "x ⊥ y", weights="wt")


def test_error_unknown_method(xyz):
    msg = "independence_test(): unknown method 'G'; choose one of ('g', 'chi2')."
    with pytest.raises(UnknownMethodError, match=re.escape(msg)) as info:
        independence_test(xyz, "x ⊥ y", method="G")
    assert isinstance(info.value, ValueError) and isinstance(info.value, ProbTablesError)


def test_error_unknown_adjustment(xyz):
    msg = "test_independencies(): unknown adjustment 'bonferroni'; choose one of ('holm', 'bh')."
    with pytest.raises(UnknownMethodError, match=re.escape(msg)):
        stats.test_independencies(xyz, ["x ⊥ y"], adjust="bonferroni")
    msg = "adjust_pvalues(): unknown adjustment 'fdr'; choose one of ('holm', 'bh')."
    with pytest.raises(UnknownMethodError, match=re.escape(msg)):
        adjust_pvalues([0.1], method="fdr")


@pytest.mark.parametrize("alpha", [0.0, 1.5, -0.1])
def test_error_alpha_out_of_range(xyz, alpha):
    msg = f"test_independencies(): alpha must be in (0, 1]; got {alpha!r}."
    with pytest.raises(InvalidParameterError, match=re.escape(msg)):
        stats.test_independencies(xyz, ["x ⊥ y"], alpha=alpha)
    msg = f"rejects(): alpha must be in (0, 1]; got {alpha!r}."
    with pytest.raises(InvalidParameterError, match=re.escape(msg)):
        independence_test(xyz, "x ⊥ y").rejects(alpha)


def test_error_bad_pvalues():
    msg = "adjust_pvalues(): p-values must lie in [0, 1]; got 1.5, nan at positions [1, 3]."
    with pytest.raises(DataError, match=re.escape(msg)):
        adjust_pvalues([0.1, 1.5, 0.2, np.nan])
    msg = "adjust_pvalues(): p-values must be one-dimensional; got shape (2, 2)."
    with pytest.raises(DataError, match=re.escape(msg)):
        adjust_pvalues([[0.1, 0.2], [0.3, 0.4]])
    msg = "adjust_pvalues(): p-values must be numbers; got ['a']."
    with pytest.raises(DataError, match=re.escape(msg)):
        adjust_pvalues(["a"])


# --------------------------------------------------------------------------
# packaging


def test_scipy_is_not_imported_with_the_module():
    code = (
        "import sys, probtables, probtables.stats\n"
        "assert 'scipy' not in sys.modules, 'scipy imported'\n"
        "print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_public_names():
    import probtables as pt

    assert pt.independence_test is independence_test
    assert set(stats.__all__) >= {
        "IndependenceTestResult",
        "independence_test",
        "test_independencies",
        "adjust_pvalues",
    }


# --------------------------------------------------------------------------
# honest defaults: level on sparse tables, reliability, permutations, power, statuses


def test_default_holds_its_level_on_a_sparse_table():
    # x a fair coin, y uniform over 500 values, 2,000 independent rows: every expected count is
    # about 2, so Cochran's rule fails and the default uses conditional permutations. The issue
    # measured the G-test with these degrees of freedom rejecting in 96% of repetitions.
    rng = np.random.default_rng(500)
    repetitions = 300
    rejections = 0
    for i in range(repetitions):
        data = pd.DataFrame({"x": rng.integers(0, 2, 2000), "y": rng.integers(0, 500, 2000)})
        result = independence_test(data, "x ⊥ y", seed=i)
        assert not result.reliable and result.permutations > 0
        rejections += result.rejects(0.05)
    # a valid test rejects in at most 5% (Binomial(300, 0.05): sd 1.3%); the bound is 7%
    assert rejections / repetitions <= 0.07


def test_asymptotic_g_is_anti_conservative_on_the_same_table():
    # why the default is not the G-test's chi-square p-value: the same data, 20 repetitions
    rng = np.random.default_rng(501)
    rejected = 0
    for _ in range(20):
        data = pd.DataFrame({"x": rng.integers(0, 2, 2000), "y": rng.integers(0, 500, 2000)})
        result = independence_test(data, "x ⊥ y", method="g", permutations=None)
        assert result.status == "unreliable"  # and it says so
        rejected += result.rejects(0.05)
    assert rejected >= 15


def draw_uniform_333(rng: np.random.Generator, n: int) -> pd.DataFrame:
    return pd.DataFrame({v: rng.integers(0, 3, n) for v in ("x", "y", "z")})


def test_30_rows_in_a_3x3x3_table_permutations_hold_the_level_and_asymptotics_are_flagged():
    rng = np.random.default_rng(30)
    repetitions = 400
    rejections = 0
    for i in range(repetitions):
        data = draw_uniform_333(rng, 30)
        asymptotic = independence_test(data, "x ⊥ y | z", permutations=None)
        assert asymptotic.status in ("unreliable", "untestable")
        assert not asymptotic.reliable
        permuted = independence_test(data, "x ⊥ y | z", permutations=199, seed=i)
        rejections += permuted.status == "rejected"
    # about 5% (Binomial(400, 0.05): sd 1.1%); 8% is 2.8 sd above
    assert rejections / repetitions <= 0.08


def test_dependent_data_with_enough_rows_is_rejected_with_power():
    rng = np.random.default_rng(31)
    data = draw_uniform_333(rng, 600)
    data["y"] = np.where(rng.random(600) < 0.5, data["x"], data["y"])
    result = independence_test(data, "x ⊥ y | z")
    assert result.status == "rejected" and result.reliable and result.power > 0.99


def exact_permutation_p_value(data: pd.DataFrame) -> float:
    """Every permutation of y within each stratum of z, enumerated: the exact conditional p-value.

    X² is a sum over strata, so each stratum's values are enumerated on their own (with numpy
    crosstabs) and the sums over all combinations are counted.
    """
    import itertools

    def x2(x: np.ndarray, y: np.ndarray) -> float:
        xs, xi = np.unique(x, return_inverse=True)
        ys, yi = np.unique(y, return_inverse=True)
        table = np.zeros((xs.size, ys.size))
        np.add.at(table, (xi, yi), 1.0)
        expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
        return float(((table - expected) ** 2 / expected).sum())

    per_stratum = []
    observed = 0.0
    for _, g in data.groupby("z"):
        x, y = g["x"].to_numpy(), g["y"].to_numpy()
        observed += x2(x, y)
        per_stratum.append([x2(x, np.array(p)) for p in itertools.permutations(y)])
    sums = np.array([sum(c) for c in itertools.product(*per_stratum)])
    return float(np.mean(sums >= observed - 1e-9))


def test_permutation_p_value_matches_exact_enumeration():
    data = pd.DataFrame(
        {
            "z": [0] * 6 + [1] * 5,
            "x": [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1],
            "y": [0, 0, 1, 1, 1, 2, 0, 1, 1, 1, 0],
        }
    )
    exact = exact_permutation_p_value(data)  # 720 * 120 orderings
    result = independence_test(data, "x ⊥ y | z", permutations=20_000, seed=3)
    assert result.permutations == 20_000
    # Monte Carlo error: sd sqrt(p (1 - p) / 20000) < 0.0036
    assert result.p_value == pytest.approx(exact, abs=0.015)
    g = independence_test(data, "x ⊥ y | z", method="g", permutations=20_000, seed=3)
    assert 0 < g.p_value <= 1


def test_sequential_permutations_stop_early_on_clear_non_rejections():
    rng = np.random.default_rng(32)
    data = pd.DataFrame({"x": rng.integers(0, 2, 60), "y": rng.integers(0, 30, 60)})
    result = independence_test(data, "x ⊥ y", seed=0)  # auto: unreliable, so permutations
    assert 20 <= result.permutations < stats.AUTO_PERMUTATIONS
    assert result.p_value == pytest.approx(20 / result.permutations)  # Besag-Clifford h / L
    fixed = independence_test(data, "x ⊥ y", permutations=500, seed=0)
    assert fixed.permutations == 500


def test_cochran_numbers_match_a_loop_over_cells():
    rng = np.random.default_rng(33)
    for _ in range(20):
        n = int(rng.integers(20, 120))
        data = pd.DataFrame(
            {"x": rng.integers(0, 5, n), "y": rng.integers(0, 4, n), "z": rng.integers(0, 3, n)}
        )
        expected = []
        for _, g in data.groupby("z"):
            a, b = g["x"].value_counts(), g["y"].value_counts()
            if len(a) > 1 and len(b) > 1:  # strata with degrees of freedom
                expected += [ai * bj / len(g) for ai in a for bj in b]
        e = np.array(expected)
        result = independence_test(data, "x ⊥ y | z", permutations=None)
        assert result.cells == len(e)
        assert result.min_expected == pytest.approx(e.min())
        assert result.share_below_5 == pytest.approx((e < 5).mean())
        assert result.reliable == bool(e.min() >= 1 and (e < 5).mean() <= 0.2)


def test_power_with_one_degree_of_freedom_by_hand():
    # with 1 dof the noncentral chi-square is (Z + sqrt(lambda))^2, Z standard normal:
    # power = Phi(sqrt(lambda) - 1.95996) + Phi(-sqrt(lambda) - 1.95996)
    data = frame_from_counts(COUNTS_2X2, ["a", "b"], [0, 1])
    result = independence_test(data, "x ⊥ y", effect_size=0.2)
    root = math.sqrt(100 * 0.2**2)
    z = 1.959963984540054

    def phi(v: float) -> float:
        return 0.5 * (1 + math.erf(v / math.sqrt(2)))

    assert result.power == pytest.approx(phi(root - z) + phi(-root - z), rel=1e-9)
    assert result.effect_size == 0.2 and result.alpha == 0.05


def test_statuses_and_their_words():
    untestable = independence_test(pd.DataFrame({"x": [0] * 6, "y": [0, 1] * 3}), "x ⊥ y")
    assert (untestable.status, untestable.power, untestable.p_value) == ("untestable", 0.0, 1.0)
    assert str(untestable) == (
        "Pearson chi-square test of x ⊥ y: X² = 0.00, dof = 0, p = 1 (n = 6)\n"
        "  untestable: 0 degrees of freedom: in every one of the 1 observed stratum/strata, x or y takes "
        "a single value (6 rows); the p-value of 1 means nothing."
    )
    data = pd.DataFrame({"x": [0, 0, 1, 1, 0, 1], "y": [0, 1, 0, 1, 1, 1]})
    unreliable = independence_test(data, "x ⊥ y", permutations=None)
    assert unreliable.status == "unreliable"
    # expected counts 1.0, 2.0, 1.0, 2.0: all four below 5
    assert unreliable.reason == (
        "the chi-square approximation needs larger expected counts: the smallest is 1 and 100% of 4 "
        "cells are below 5 (Cochran's rule: none below 1, at most 20% below 5); pass permutations= for "
        "a Monte Carlo p-value"
    )
    lines = str(unreliable).split("\n")
    assert lines[1].startswith("  unreliable: the chi-square approximation needs larger expected counts")
    assert lines[1].endswith(
        "Pass permutations=999 for a p-value that holds, or use more rows or fewer states."
    )
    assert lines[2].startswith(
        "  low power: 0.11 to detect a dependence of size w = 0.3 at alpha = 0.05"
    )
    permuted = independence_test(data, "x ⊥ y", seed=0)
    assert permuted.status == "not rejected" and permuted.permutations > 0
    assert "so the p-value is from permutations." in str(permuted)
    assert permuted.reason.endswith("but the power to detect w = 0.3 is only 0.11")


def test_rows_and_strata_used():
    data = pd.DataFrame({"x": [0, 1] * 10, "y": [0, 0, 1, 1] * 5, "z": ["a"] * 12 + ["b"] * 8})
    result = independence_test(data, "x ⊥ y | z")
    assert (result.rows, result.strata, result.rows_dropped) == (20, 2, 0)


def test_dropna_drops_the_incomplete_rows_of_the_statement_only():
    data = pd.DataFrame(
        {
            "x": [0, 1, None, 1, 0, 1, 0, 1],
            "y": [0, 1, 1, None, 0, 1, 1, 0],
            "z": [0, 0, 0, 0, 1, 1, None, 1],
            "w": [None] * 8,  # unused: never looked at
        }
    )
    msg = (
        "independence_test(): missing values in 3 columns: 'x' has 1 (rows [2]), 'y' has 1 (rows [3]), "
        "'z' has 1 (rows [6]); pass dropna=True to drop the incomplete rows, or fill them first."
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(data, "x ⊥ y | z")
    result = independence_test(data, "x ⊥ y | z", dropna=True)
    assert (result.rows, result.rows_dropped) == (5, 3)
    assert "3 row(s) with missing values dropped (dropna=True)." in str(result)
    complete = data.drop(index=[2, 3, 6])
    assert result.statistic == pytest.approx(independence_test(complete, "x ⊥ y | z").statistic)
    table = stats.test_independencies(data, ["x ⊥ y", "x ⊥ y | z"], dropna=True)
    assert table["rows_dropped"].tolist() == [2, 3]


def test_not_discrete_column_is_refused_with_a_pointer_to_cut():
    rng = np.random.default_rng(34)
    data = pd.DataFrame({"grams": rng.normal(4000, 500, 300).round(1), "sex": rng.integers(0, 2, 300)})
    msg = (
        "independence_test(): column 'grams' does not look discrete: "
        f"{data['grams'].nunique()} distinct values in 300 rows, above the limit of 150 "
        "(max_distinct=0.5 of the rows). Bin it first, e.g. data['grams'] = pandas.cut(data['grams'], "
        "bins=5) or pandas.qcut(data['grams'], q=4); or pass max_distinct=None if these "
        f"{data['grams'].nunique()} values really are states."
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(data, "grams ⊥ sex")
    binned = data.assign(grams=pd.qcut(data["grams"], q=4))
    assert independence_test(binned, "grams ⊥ sex").dof == 3
    assert independence_test(data, "grams ⊥ sex", max_distinct=None).status == "not rejected"


@pytest.mark.parametrize(
    "options, msg",
    [
        (
            {"permutations": -1},
            "independence_test(): permutations must be a whole number >= 0, 'auto' or None; got -1.",
        ),
        (
            {"permutations": 2.5},
            "independence_test(): permutations must be a whole number >= 0, 'auto' or None; got 2.5.",
        ),
        (
            {"effect_size": 0},
            "independence_test(): effect_size (Cohen's w) must be positive and finite; got 0.",
        ),
        ({"dropna": "yes"}, "independence_test(): dropna must be True or False; got 'yes'."),
        (
            {"max_distinct": -1},
            "independence_test(): max_distinct must be positive; got -1.",
        ),
    ],
)
def test_error_bad_options(xyz, options, msg):
    with pytest.raises(InvalidParameterError, match=re.escape(msg)):
        independence_test(xyz, "x ⊥ y", **options)


def test_error_permutations_need_whole_weights(xyz):
    msg = (
        "independence_test(): permutations need whole-number weights (counts of identical rows); got "
        "fractional ones. Pass permutations=None for the chi-square p-value."
    )
    with pytest.raises(DataError, match=re.escape(msg)):
        independence_test(xyz, "x ⊥ y", weights=[0.5, 1, 1, 1], permutations=99)
    weighted = independence_test(xyz, "x ⊥ y", weights=[2, 1, 1, 3], permutations=99, seed=0)
    repeated = xyz.loc[xyz.index.repeat([2, 1, 1, 3])]
    assert weighted.p_value == independence_test(repeated, "x ⊥ y", permutations=99, seed=0).p_value


def test_test_independencies_leaves_untestable_and_unreliable_out_of_the_correction():
    rng = np.random.default_rng(35)
    data = draw_uniform_333(rng, 400)
    data["c"] = data["x"]  # a copy: c ⊥ y | x is untestable
    data["w"] = rng.integers(0, 8, 400)  # 24 strata of about 17 rows: x ⊥ y | z, w is unreliable
    data["y"] = np.where(rng.random(400) < 0.3, data["x"], data["y"])
    table = stats.test_independencies(
        data, ["x ⊥ y", "c ⊥ y | x", "x ⊥ z", "x ⊥ y | z, w"], permutations=None
    )
    assert table["status"].tolist() == ["rejected", "untestable", "not rejected", "unreliable"]
    tested = table["status"].isin(["rejected", "not rejected"])
    assert table.loc[tested, "p_adjusted"].to_numpy() == pytest.approx(
        adjust_pvalues(table.loc[tested, "p_value"], "holm")
    )
    assert table.loc[~tested, "p_adjusted"].isna().all()
    assert not table.loc[~tested, "rejected"].any()
    assert table["reason"][2].startswith("p = ") and ", adjusted " in table["reason"][2]
