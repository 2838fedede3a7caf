"""Counting a Dask DataFrame on a cluster gives the same tables and scores as pandas."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from networks import NETWORKS

import probtables as pt
from probtables.errors import (
    DataError,
    EmptyTableError,
    MissingValueError,
    ProbTablesError,
    UnknownStateError,
    UnknownVariableError,
)
from probtables.estimate import UnseenParentsError, fit

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

ASIA = str(NETWORKS / "asia.bif")


@pytest.fixture(scope="module")
def client():
    """A two-worker cluster; every Dask computation in this module runs on it."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def network() -> pt.Factorization:
    return pt.read_bif(ASIA)


@pytest.fixture(scope="module")
def data(network) -> pd.DataFrame:
    """Asia samples with categorical, plain string and integer columns and a count column."""
    frame = network.sample(6_000, seed=1)
    frame["smoke"] = frame["smoke"].astype(str)
    frame["lung"] = frame["lung"].astype(object)
    frame["n"] = np.arange(len(frame)) % 4
    frame["level"] = np.arange(len(frame)) % 3 + 10
    return frame


def _same_fit(a: pt.Factorization, b: pt.Factorization) -> None:
    assert str(a) == str(b)
    for x, y in zip(a.terms, b.terms):
        assert x.table.states == y.table.states
        assert x.table.variables == y.table.variables
        assert x.table.equals(y.table, atol=1e-12), str(x)


@pytest.mark.parametrize("npartitions", [1, 7])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"variables": ["smoke", "lung", "level"]},
        {"variables": ["asia", "tub", "level"], "weights": "n"},
        {"variables": ["smoke", "either"], "pseudocount": 0.5},
        {
            "variables": ["smoke", "level"],
            "states": {"smoke": ["yes", "no", "maybe"], "level": [12, 11, 10, 9]},
        },
    ],
)
def test_from_samples_equals_pandas(client, data, npartitions, options):
    frame = data.drop(columns="n") if "weights" not in options and "variables" not in options else data
    expected = pt.Table.from_samples(frame, **options)
    got = pt.Table.from_samples(dd.from_pandas(frame, npartitions=npartitions), **options)
    assert got.variables == expected.variables
    assert got.states == expected.states
    assert got.equals(expected, atol=1e-12)


def test_from_samples_with_unknown_categories(client, data):
    ddf = dd.from_pandas(data[["smoke", "lung", "bronc"]], npartitions=5).astype({"smoke": "category"})
    assert not ddf["smoke"].cat.known
    expected = pt.Table.from_samples(data[["smoke", "lung", "bronc"]].astype({"smoke": "category"}))
    got = pt.Table.from_samples(ddf)
    assert got.states == expected.states
    assert got.equals(expected, atol=1e-12)


def test_from_samples_when_partitions_see_different_states(client):
    frame = pd.DataFrame({"x": [3, 3, 1, 1, 2, 5], "y": ["b", "b", "a", "c", "a", "a"]})
    got = pt.Table.from_samples(dd.from_pandas(frame, npartitions=3, sort=False))
    expected = pt.Table.from_samples(frame)
    assert got.states == {"x": (1, 2, 3, 5), "y": ("a", "b", "c")}
    assert got.equals(expected, atol=1e-12)


@pytest.mark.parametrize("pseudocount", [0.0, 1.0])
def test_fit_equals_pandas(client, network, data, pseudocount):
    ddf = dd.from_pandas(data, npartitions=6)
    _same_fit(network.fit(ddf, pseudocount=pseudocount), network.fit(data, pseudocount=pseudocount))
    structure = pt.Factorization.parse(str(network))
    _same_fit(structure.fit(ddf, pseudocount=pseudocount), structure.fit(data, pseudocount=pseudocount))
    _same_fit(
        structure.fit(ddf, pseudocount=pseudocount, weights="n"),
        structure.fit(data, pseudocount=pseudocount, weights="n"),
    )


def test_fit_multi_head_and_free_variables(client, data):
    ddf = dd.from_pandas(data, npartitions=4)
    for text in ("p(level)p(smoke, lung | level)", "p(xray | either, level)"):
        _same_fit(fit(text, ddf), fit(text, data))


def test_scores_equal_pandas(client, network, data):
    ddf = dd.from_pandas(data, npartitions=5)
    assert network.log_likelihood(ddf) == pytest.approx(network.log_likelihood(data), rel=1e-12)
    assert network.bic(ddf) == pytest.approx(network.bic(data), rel=1e-12)
    assert network.bic(ddf, weights="n") == pytest.approx(network.bic(data, weights="n"), rel=1e-12)


def test_csv_partitions(client, network, tmp_path):
    frame = network.sample(20_000, seed=2)
    for i, start in enumerate(range(0, len(frame), 1_000)):
        frame.iloc[start : start + 1_000].to_csv(tmp_path / f"part-{i:03d}.csv", index=False)
    ddf = dd.read_csv(str(tmp_path / "part-*.csv"))
    assert ddf.npartitions >= 20
    local = pd.concat([pd.read_csv(p) for p in sorted(tmp_path.glob("part-*.csv"))], ignore_index=True)
    expected = pt.Table.from_samples(local)
    got = pt.Table.from_samples(ddf)
    assert got.states == expected.states
    assert got.equals(expected, atol=1e-12)
    assert got.equals(pt.Table.from_samples(frame.astype(str)), atol=1e-12)
    _same_fit(network.fit(ddf, pseudocount=1), network.fit(local, pseudocount=1))
    structure = pt.Factorization.parse(str(network))
    _same_fit(structure.fit(ddf), structure.fit(local))
    assert network.log_likelihood(ddf) == pytest.approx(network.log_likelihood(local), rel=1e-12)


def test_processes_cluster(network):
    """Workers in other processes unpickle the counting function and send back the counts."""
    data = network.sample(3_000, seed=3)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    try:
        with distributed.Client(cluster):
            ddf = dd.from_pandas(data, npartitions=4)
            assert pt.Table.from_samples(ddf).equals(pt.Table.from_samples(data), atol=1e-12)
            _same_fit(network.fit(ddf), network.fit(data))
            with pytest.raises(
                UnknownStateError, match=re.escape("fit(): variable 'asia' has value(s) ['maybe']")
            ):
                network.fit(
                    dd.from_pandas(data.astype({"asia": object}).assign(asia="maybe"), npartitions=2)
                )
    finally:
        cluster.close()


# ------------------------------------------------------------------------------------ errors


def test_errors_raised_on_workers_reach_the_client(client, network, data):
    bad = data.astype({"asia": object})
    bad.loc[17, "asia"] = "maybe"
    message = "fit(): variable 'asia' has value(s) ['maybe'] (rows [17]) that are not among its states ('yes', 'no')."
    with pytest.raises(UnknownStateError, match=re.escape(message)):
        network.fit(dd.from_pandas(bad, npartitions=4))
    missing = data.astype({"level": "float64"})
    missing.loc[5, "level"] = np.nan
    message = (
        "from_samples(): column 'level' has 1 missing value(s), in rows [5]; drop or fill them first."
    )
    with pytest.raises(MissingValueError, match=re.escape(message)):
        pt.Table.from_samples(dd.from_pandas(missing, npartitions=3), ["level"])
    weighted = data.assign(n=data["n"] / 2)
    message = "fit(): weights count repeated observations and must be whole numbers; found [0.5"
    with pytest.raises(DataError, match=re.escape(message)):
        network.fit(dd.from_pandas(weighted, npartitions=3), weights="n")


def test_unseen_parents_on_dask(client):
    frame = pd.DataFrame({"a": [0, 0, 1, 1], "b": ["x", "y", "y", "y"]})
    ddf = dd.from_pandas(frame, npartitions=2)
    with pytest.raises(UnseenParentsError) as dask_error:
        fit("p(a)p(b | a)", ddf, states={"a": [0, 1, 2]})
    with pytest.raises(UnseenParentsError) as pandas_error:
        fit("p(a)p(b | a)", frame, states={"a": [0, 1, 2]})
    assert str(dask_error.value) == str(pandas_error.value)


def test_input_errors_on_dask(client, network, data):
    ddf = dd.from_pandas(data, npartitions=2)
    message = "fit(): the data has no column(s) ['xray'] needed by"
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        network.fit(ddf.drop(columns="xray"))
    message = "from_samples(): unknown variable 'smokes'; the data has"
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        pt.Table.from_samples(ddf, ["smokes"])
    message = (
        "from_samples(): with a Dask DataFrame, give weights as the name of a column; got numpy.ndarray."
    )
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_samples(ddf, ["smoke"], weights=np.ones(len(data)))
    message = "from_samples(): pseudocount must be a finite number >= 0, got -1."
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_samples(ddf, ["smoke"], pseudocount=-1)
    with pytest.raises(EmptyTableError, match=re.escape("fit(): the data has no rows.")):
        network.fit(dd.from_pandas(data.iloc[:0], npartitions=1))
    with pytest.raises(EmptyTableError, match=re.escape("from_samples(): the data has no rows.")):
        pt.Table.from_samples(dd.from_pandas(data.iloc[:0], npartitions=1))
    message = "from_samples(): expected a pandas or Dask DataFrame of observations, got dask."
    with pytest.raises(DataError, match=re.escape(message)):
        pt.Table.from_samples(ddf["smoke"])


def test_dask_refuses_the_requests_pandas_refuses(client):
    import dask.dataframe as dd

    frame = pd.DataFrame({"x": [0, 1, 1], "y": ["a", "b", "b"]})
    lazy = dd.from_pandas(frame, npartitions=2)
    for kwargs in (
        {"variables": []},
        {"variables": ("x", "x")},
        {"variables": "x", "states": {"y": ["a", "b"]}},
        {"pseudocount": "lots"},
        {"pseudocount": -1},
    ):
        with pytest.raises(ProbTablesError) as on_pandas:
            pt.Table.from_samples(frame, **kwargs)
        with pytest.raises(type(on_pandas.value), match=re.escape(str(on_pandas.value))):
            pt.Table.from_samples(lazy, **kwargs)
