"""Benchmarks of counting and fitting, against hand-written baselines measured in the same run.

Run::

    python benchmarks/bench_estimate.py            # all three parts
    python benchmarks/bench_estimate.py a b        # only some parts
    python benchmarks/bench_estimate.py --quick    # smaller sizes

(a) ``Table.from_samples`` on 6 categorical columns vs the limit (mixed-radix key
    of the integer codes + ``np.bincount``) and vs ``DataFrame.groupby(...).size()``;
    target: at most 1.5x the bincount figure.
(b) ``Factorization.fit`` of alarm's 37 tables to 200,000 samples vs a numpy
    baseline (per family: key + bincount + normalize); target: at most 2x.
(c) Dask: ``Table.from_samples`` on 20,000,000 rows in 20 partitions persisted
    on a two-worker ``LocalCluster`` (worker processes): wall time (baseline:
    Dask's own ``groupby(...).size()`` on the same data) and the client's peak
    memory against the size of the data.

Figures are medians over repetitions; they are not timed tests.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from math import prod

import numpy as np
import pandas as pd

import probtables as pt

ALARM = pt.examples.path("alarm")
CARDS = (2, 3, 4, 5, 3, 2)  # six categorical columns: 720 cells


def median_times(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median wall time of each function; the functions take turns, so background load hits all alike."""
    times: list[list[float]] = [[] for _ in fns]
    for fn in fns:
        fn()  # warm up
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            gc.collect()
            start = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def categorical_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    columns = {}
    for i, card in enumerate(CARDS):
        codes = rng.integers(0, card, n, dtype=np.int8)
        columns[f"v{i}"] = pd.Categorical.from_codes(codes, categories=[f"s{j}" for j in range(card)])
    return pd.DataFrame(columns)


def bincount_baseline(frame: pd.DataFrame) -> np.ndarray:
    """The limit: the codes the categoricals already hold, one mixed-radix key, one bincount."""
    key = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for name in frame.columns:
        column = frame[name]
        card = len(column.cat.categories)
        key *= card
        key += column.array.codes  # the codes the Categorical holds, no copy
        size *= card
    counts = np.bincount(key, minlength=size)
    return counts / counts.sum()


def groupby_baseline(frame: pd.DataFrame) -> pd.Series:
    counts = frame.groupby(list(frame.columns), observed=True).size()
    return counts / counts.sum()


def part_a(sizes: list[int], repeat: int) -> list[tuple]:
    rows = []
    for n in sizes:
        frame = categorical_frame(n)
        table = pt.Table.from_samples(frame)
        assert np.allclose(table.to_array(list(frame.columns)).reshape(-1), bincount_baseline(frame))
        ours, limit, group = median_times(
            [
                lambda frame=frame: pt.Table.from_samples(frame),
                lambda frame=frame: bincount_baseline(frame),
                lambda frame=frame: groupby_baseline(frame),
            ],
            repeat,
        )
        rows.append(
            (
                f"(a) from_samples, {n:,} rows x 6 cat",
                ours,
                limit,
                ours / limit,
                f"groupby {group:.3f}s ({group / limit:.1f}x)",
                "<= 1.5x",
            )
        )
    return rows


def alarm_or_random(seed: int = 0) -> pt.Factorization:
    if ALARM.exists():
        try:
            return pt.read_bif(ALARM)
        except Exception as exc:  # another engineer's module; fall back rather than fail
            print(f"read_bif failed ({exc}); using a random 37-node DAG", file=sys.stderr)
    rng = np.random.default_rng(seed)
    names = [f"v{i}" for i in range(37)]
    terms = []
    for i, name in enumerate(names):
        parents = (
            tuple(sorted(rng.choice(names[:i], size=min(i, int(rng.integers(0, 4))), replace=False)))
            if i
            else ()
        )
        states = {p: list(terms[names.index(p)].table.states[p]) for p in parents}
        states[name] = list(range(int(rng.integers(2, 5))))
        cards = [len(s) for s in states.values()]
        weights = rng.dirichlet(np.ones(cards[-1]), size=prod(cards[:-1])).reshape(cards)
        terms.append(pt.Term(name, parents, pt.Table.from_array(weights, states=states, given=parents)))
    return pt.Factorization(terms)


def numpy_fit_baseline(
    network: pt.Factorization, codes: dict[str, np.ndarray], cards: dict[str, int]
) -> list[np.ndarray]:
    """Per family: mixed-radix key of (parents, child), bincount, normalize per parent assignment."""
    out = []
    for term in network.terms:
        family = term.given + term.head
        key = np.zeros(len(codes[family[0]]), dtype=np.int64)
        for name in family:
            key *= cards[name]
            key += codes[name]
        n_head = prod(cards[h] for h in term.head)
        counts = np.bincount(key, minlength=prod(cards[v] for v in family)).reshape(-1, n_head)
        out.append(counts / counts.sum(axis=1, keepdims=True))
    return out


def part_b(n: int, repeat: int) -> list[tuple]:
    network = alarm_or_random()
    data = network.sample(n, seed=0)
    structure = pt.Factorization([pt.Term(t.head, t.given) for t in network.terms])
    codes = {name: data[name].array.codes for name in data.columns}
    cards = {name: len(data[name].cat.categories) for name in data.columns}
    with np.errstate(invalid="ignore", divide="ignore"):
        base, ours_structure, ours_tables = median_times(
            [
                lambda: numpy_fit_baseline(network, codes, cards),
                lambda: structure.fit(data, pseudocount=1),
                lambda: network.fit(data, pseudocount=1),
            ],
            repeat,
        )
    (sample_time,) = median_times([lambda: network.sample(1_000_000, seed=1)], max(1, repeat // 2))
    return [
        (
            f"(b) fit {len(network)} tables, {n:,} rows (structure only)",
            ours_structure,
            base,
            ours_structure / base,
            "",
            "<= 2x",
        ),
        (
            f"(b) fit {len(network)} tables, {n:,} rows (BIF states)",
            ours_tables,
            base,
            ours_tables / base,
            "",
            "<= 2x",
        ),
        (
            f"(b) sample 1,000,000 rows of {len(network)} variables",
            sample_time,
            float("nan"),
            float("nan"),
            "",
            "seconds",
        ),
    ]


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def part_c(n: int, npartitions: int) -> list[tuple]:
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster, wait

    per = n // npartitions

    def make_partition(i: int) -> pd.DataFrame:
        return categorical_frame(per, seed=100 + i)

    meta = categorical_frame(0)
    columns = list(meta.columns)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        ddf = dd.from_delayed([dask.delayed(make_partition)(i) for i in range(npartitions)], meta=meta)
        ddf = client.persist(ddf)  # the data live on the workers; the client never holds them
        wait(ddf)
        data_mb = n * len(CARDS) / 2**20  # int8 codes; as strings in a CSV it would be ~10x more
        pt.Table.from_samples(ddf.partitions[0])  # warm up the workers
        gc.collect()
        rss_before = _rss_mb()
        tracemalloc.start()
        start = time.perf_counter()
        table = pt.Table.from_samples(ddf)
        wall = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = _rss_mb()
        assert len(table) == prod(CARDS)
        start = time.perf_counter()
        sizes = ddf.groupby(columns, observed=True).size().compute()
        group = time.perf_counter() - start
        assert np.isclose(sizes.sum(), n)
    note = (
        f"client: tracemalloc peak {peak / 2**20:.1f} MB, RSS delta {rss_after - rss_before:+.1f} MB; "
        f"data {data_mb:.0f} MB as int8 codes on the workers; dask groupby().size() {group:.2f}s"
    )
    return [
        (
            f"(c) dask from_samples, {n:,} rows / {npartitions} partitions, 2 workers",
            wall,
            group,
            wall / group,
            note,
            "",
        )
    ]


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    parts = [a for a in argv if not a.startswith("-")] or ["a", "b", "c"]
    rows: list[tuple] = []
    if "a" in parts:
        rows += part_a([200_000, 1_000_000] if quick else [2_000_000, 10_000_000], repeat=9)
    if "b" in parts:
        rows += part_b(20_000 if quick else 200_000, repeat=11)
    if "c" in parts:
        rows += part_c(2_000_000 if quick else 20_000_000, 20)
    print(
        f"\nprobtables {pt.__version__}, numpy {np.__version__}, pandas {pd.__version__}, {os.cpu_count()} CPUs"
    )
    print(f"{'benchmark':<58} {'ours (s)':>9} {'baseline (s)':>12} {'ratio':>6}  {'target':<8} notes")
    for name, ours, base, ratio, note, target in rows:
        base_text = f"{base:12.4f}" if base == base else f"{'-':>12}"
        ratio_text = f"{ratio:6.2f}" if ratio == ratio else f"{'-':>6}"
        print(f"{name:<58} {ours:9.4f} {base_text} {ratio_text}  {target:<8} {note}")


if __name__ == "__main__":
    main(sys.argv[1:])
