"""Counting and fitting against hand-written numpy and pandas code, measured in the same run.

Run::

    python benchmarks/bench_estimate.py            # parts a and b
    python benchmarks/bench_estimate.py a b c      # c is the Dask part (needs dask.distributed)
    python benchmarks/bench_estimate.py --quick    # smaller sizes
    python benchmarks/bench_estimate.py --wall     # wall time instead of the process's CPU time

With pgmpy and pyAgrum importable (``pip install -r benchmarks/requirements.txt``)
their figures from the same DataFrame (their loaders included) are printed beside ours.

(a) ``Table.from_samples`` on 2,000,000 rows of 6 int8 columns (cards 2, 3, 4,
    5, 3, 2), and on the same data as Categorical columns. Baseline: pandas' own
    encoding of the columns (the faster of ``pd.factorize(sort=True)`` and
    ``astype("category")``; none for Categoricals) plus a mixed-radix key and
    ``np.bincount``. Target: at most 1.5x; peak memory (tracemalloc) at most 2x.
(b) ``fit`` of alarm's 37 tables (pseudocount 1) to 200,000 rows sampled from
    the network and read back from a CSV as string columns. Baseline: pandas'
    ``astype("category")`` of the columns plus per family a key, ``np.bincount``
    and the normalization. Targets: at most 1.5x, faster than pgmpy and pyAgrum,
    peak memory at most 2x.
(c) Dask: ``Table.from_samples`` on 20,000,000 rows in 20 partitions on a
    two-worker ``LocalCluster``, against Dask's own ``groupby(...).size()``.

Figures are the best of repetitions taken in turns (as ``timeit``); they are not timed tests.
"""

from __future__ import annotations

import gc
import io
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from math import prod
from typing import Any

import numpy as np
import pandas as pd
from _timing import best_times

import probtables as pt

CARDS = (2, 3, 4, 5, 3, 2)  # six columns: 720 cells

try:  # optional peers, for figures only
    from pgmpy.estimators import BaseEstimator, BayesianEstimator
    from pgmpy.models import DiscreteBayesianNetwork
except ImportError:  # pragma: no cover - depends on the environment
    DiscreteBayesianNetwork = None
try:
    import pyagrum as gum
except ImportError:  # pragma: no cover
    gum = None


CLOCK = time.process_time  # ``--wall``: time.perf_counter


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak traced memory of one call, in MB."""
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def int8_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {f"v{i}": rng.integers(0, card, n, dtype=np.int8) for i, card in enumerate(CARDS)}
    )


def key_and_bincount(codes: list[np.ndarray], cards: list[int]) -> np.ndarray:
    """A mixed-radix key of code columns and one bincount, normalized."""
    key = codes[0].astype(np.int64)
    for column, card in zip(codes[1:], cards[1:]):
        key *= card
        key += column
    counts = np.bincount(key, minlength=prod(cards))
    return counts / counts.sum()


def pandas_codes(frame: pd.DataFrame, how: str) -> tuple[list[np.ndarray], list[int]]:
    """Pandas' own encoding of every column: ``factorize(sort=True)`` or ``astype("category")``."""
    codes, cards = [], []
    for name in frame.columns:
        if how == "factorize":
            column_codes, uniques = pd.factorize(frame[name], sort=True)
            codes.append(column_codes)
            cards.append(len(uniques))
        else:
            column = frame[name].astype("category")
            codes.append(column.cat.codes.to_numpy())
            cards.append(len(column.cat.categories))
    return codes, cards


def report(name: str, ours: float, base: float, note: str = "", target: str = "") -> tuple:
    return (name, ours, base, ours / base, note, target)


def part_a(n: int, repeat: int) -> list[tuple]:
    frame = int8_frame(n)
    categorical = frame.apply(lambda c: pd.Categorical.from_codes(c, categories=range(c.max() + 1)))
    names = list(frame.columns)
    table = pt.Table.from_samples(frame)
    expected = key_and_bincount(*pandas_codes(frame, "factorize"))
    assert np.allclose(table.to_array(names).reshape(-1), expected)
    assert np.allclose(pt.Table.from_samples(categorical).to_array(names).reshape(-1), expected)

    def numpy_int8() -> np.ndarray:
        return key_and_bincount(*pandas_codes(frame, "factorize"))

    def numpy_int8_category() -> np.ndarray:
        return key_and_bincount(*pandas_codes(frame, "category"))

    def numpy_categorical() -> np.ndarray:
        return key_and_bincount(
            [categorical[c].array.codes for c in names],
            [len(categorical[c].cat.categories) for c in names],
        )

    fns: list[Callable[[], object]] = [
        lambda: pt.Table.from_samples(frame),
        numpy_int8,
        numpy_int8_category,
        lambda: pt.Table.from_samples(categorical),
        numpy_categorical,
    ]
    peers = []
    if DiscreteBayesianNetwork is not None:
        fns.append(lambda: BaseEstimator(frame).state_counts(names[-1], names[:-1]))
        peers.append("pgmpy")
    if gum is not None:
        fns.append(lambda: gum.BNLearner(frame).rawPseudoCount(names))
        peers.append("pyAgrum")
    times = best_times(fns, repeat, CLOCK)
    ours, fact, cat, ours_cat, limit = times[:5]
    base = min(fact, cat)
    peer_text = ", ".join(f"{p} {t / base:.1f}x" for p, t in zip(peers, times[5:]))
    memory = peak_mb(lambda: pt.Table.from_samples(frame)) / peak_mb(numpy_int8)
    return [
        report(
            f"(a) from_samples, {n:,} rows x 6 int8",
            ours,
            base,
            f"peak memory {memory:.2f}x numpy's; {peer_text}",
            "<= 1.5x",
        ),
        report(
            f"(a) from_samples, {n:,} rows x 6 Categorical",
            ours_cat,
            limit,
            "baseline: bincount only",
            "<= 1.5x",
        ),
    ]


def string_frame(network: pt.Factorization, n: int) -> pd.DataFrame:
    """``n`` rows sampled from ``network``, written to a CSV and read back as string columns."""
    buffer = io.StringIO()
    network.sample(n, seed=0).to_csv(buffer, index=False)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=str)  # as str: alarm's TRUE/FALSE would otherwise become bools


def numpy_fit(network: pt.Factorization, data: pd.DataFrame, pseudocount: float) -> list[np.ndarray]:
    """pandas' astype("category") of the columns, then per family a key, a bincount and the normalization."""
    codes, cards = {}, {}
    for name in data.columns:
        column = data[name].astype("category")
        codes[name] = column.cat.codes.to_numpy()
        cards[name] = len(column.cat.categories)
    out = []
    for term in network.terms:
        family = term.given + term.head
        key = codes[family[0]].astype(np.int64)
        for name in family[1:]:
            key *= cards[name]
            key += codes[name]
        n_head = prod(cards[h] for h in term.head)
        counts = (
            np.bincount(key, minlength=prod(cards[v] for v in family)).reshape(-1, n_head) + pseudocount
        )
        out.append(counts / counts.sum(axis=1, keepdims=True))
    return out


def part_b(n: int, repeat: int) -> list[tuple]:
    path = pt.examples.path("alarm")
    network = pt.read_bif(path)
    data = string_frame(network, n)
    structure = pt.Factorization([pt.Term(t.head, t.given) for t in network.terms])
    fitted = structure.fit(data, pseudocount=1)  # states from the data: sorted, as astype("category")
    for term, expected in zip(fitted.terms, numpy_fit(network, data, 1)):
        got = term.table.to_array(list(term.given + term.head))
        assert np.allclose(got.reshape(expected.shape), expected)
    fns: list[Callable[[], object]] = [
        lambda: network.fit(data, pseudocount=1),
        lambda: structure.fit(data, pseudocount=1),
        lambda: numpy_fit(network, data, 1),
    ]
    peers = []
    state_names = {v: [str(s) for s in network.term(v).table.states[v]] for v in data.columns}
    edges = [(g, t.head[0]) for t in network.terms for g in t.given]
    if DiscreteBayesianNetwork is not None:

        def pgmpy_fit() -> Any:
            model = DiscreteBayesianNetwork(edges)
            model.add_nodes_from(data.columns)
            return BayesianEstimator(model, data, state_names=state_names).get_parameters(
                prior_type="K2"
            )

        fns.append(pgmpy_fit)
        peers.append("pgmpy")
    if gum is not None:
        template = gum.loadBN(str(path))

        def pyagrum_fit() -> Any:
            learner = gum.BNLearner(data, template)  # its loader: the DataFrame into its database
            learner.useSmoothingPrior(1)
            return learner.learnParameters(template.dag())

        fns.append(pyagrum_fit)
        peers.append("pyAgrum")
    times = best_times(fns, repeat, CLOCK)
    ours_known, ours_structure, base = times[:3]
    peer_text = ", ".join(f"{p} {t / base:.1f}x" for p, t in zip(peers, times[3:]))
    memory = peak_mb(lambda: network.fit(data, pseudocount=1)) / peak_mb(
        lambda: numpy_fit(network, data, 1)
    )
    dtype = data.dtypes.iloc[0]
    return [
        report(
            f"(b) fit {len(network)} tables, {n:,} rows of {dtype} (BIF states)",
            ours_known,
            base,
            f"peak memory {memory:.2f}x numpy's; {peer_text}",
            "<= 1.5x",
        ),
        report(
            f"(b) fit {len(network)} tables, {n:,} rows of {dtype} (structure only)",
            ours_structure,
            base,
            "",
            "<= 1.5x",
        ),
    ]


def part_c(n: int, npartitions: int) -> list[tuple]:
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster, wait

    per = n // npartitions

    def make_partition(i: int) -> pd.DataFrame:
        return int8_frame(per, seed=100 + i).astype("category")

    meta = int8_frame(0).astype("category")
    columns = list(meta.columns)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        ddf = dd.from_delayed([dask.delayed(make_partition)(i) for i in range(npartitions)], meta=meta)
        ddf = client.persist(ddf)
        wait(ddf)
        pt.Table.from_samples(ddf.partitions[0])  # warm up the workers
        start = time.perf_counter()
        pt.Table.from_samples(ddf)
        wall = time.perf_counter() - start
        start = time.perf_counter()
        ddf.groupby(columns, observed=True).size().compute()
        group = time.perf_counter() - start
    return [
        report(
            f"(c) dask from_samples, {n:,} rows / {npartitions} partitions",
            wall,
            group,
            "vs dask groupby",
        )
    ]


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    if "--wall" in argv:
        global CLOCK
        CLOCK = time.perf_counter
    parts = [a for a in argv if not a.startswith("-")] or ["a", "b"]
    rows: list[tuple] = []
    if "a" in parts:
        rows += part_a(200_000 if quick else 2_000_000, repeat=7)
    if "b" in parts:
        rows += part_b(20_000 if quick else 200_000, repeat=5)
    if "c" in parts:
        rows += part_c(2_000_000 if quick else 20_000_000, 20)
    print(
        f"\nprobtables {pt.__version__}, numpy {np.__version__}, pandas {pd.__version__}, {os.cpu_count()} CPUs"
        f"{', pgmpy' if DiscreteBayesianNetwork else ''}{', pyAgrum ' + gum.__version__ if gum else ''}"
    )
    print(f"{'benchmark':<62} {'ours (s)':>9} {'baseline (s)':>12} {'ratio':>6}  {'target':<8} notes")
    for name, ours, base, ratio, note, target in rows:
        print(f"{name:<62} {ours:9.4f} {base:12.4f} {ratio:6.2f}  {target:<8} {note}")
    print(
        "ratios: time / the numpy-and-pandas baseline of the same run; peers' ratios against that baseline too"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
