"""Benchmark of probtables.dag against networkx, measured in the same run.

Run:  python benchmarks/bench_dag.py [--reps 5] [--quick]

1. ``implies`` on random DAGs of 50, 200 and 1000 nodes (each node after the
   first draws two parents among the earlier ones: in-degree about 2), 2,000
   queries each, as the ratio of our time to calling ``networkx.is_d_separator``
   directly on the same queries (median over repetitions). Two query mixes:
   "random" (disjoint random sides of 1-2 nodes, 0-4 conditioning nodes; nearly
   all d-connected, so a search can stop early) and "local" (x, a random
   non-descendant y, and Z = the parents of x plus up to two random nodes;
   mostly d-separated, so the whole reachable set is searched). Statements are
   built before timing (``Independence`` objects for us, Python sets for networkx).
   The one-time cost of indexing a graph (topological order, ancestor bitsets) is
   reported apart ("index"): it is paid on the first query and cached.
2. ``independencies(g, "pairwise")`` on alarm (37 nodes) and on a 200-node random
   DAG, against ``networkx.find_minimal_d_separator`` on every non-adjacent pair
   (on the 200-node DAG, on a sample of pairs, scaled up).
3. ``independencies(g, "all")`` on asia (8 nodes) and sachs (11 nodes), against
   ``networkx.is_d_separator`` on every (pair, conditioning set).
"""

from __future__ import annotations

import argparse
import itertools
import pathlib
import random
import re
import statistics
import time

import networkx as nx

from probtables import dag, examples
from probtables.independence import Independence

NETWORKS = pathlib.Path(str(examples.path("asia"))).parent


def random_dag(n: int, seed: int, in_degree: int = 2) -> nx.DiGraph:
    rng = random.Random(seed)
    names = [f"v{i}" for i in range(n)]
    shuffled = names[:]
    rng.shuffle(shuffled)
    g = nx.DiGraph()
    g.add_nodes_from(shuffled)
    for i in range(1, n):
        for p in rng.sample(range(i), min(i, in_degree)):
            g.add_edge(names[p], names[i])
    return g


def read_network(name: str) -> nx.DiGraph:
    """The structure of a .bif file (probtables.bif if present, else a regex on the headers)."""
    text = (NETWORKS / f"{name}.bif").read_text(encoding="utf-8")
    g = nx.DiGraph()
    try:
        from probtables.bif import parse_bif
    except ImportError:
        for child, given in re.findall(r"probability\s*\(\s*([^|)\s]+)\s*(?:\|([^)]*))?\)", text):
            g.add_node(child)
            g.add_edges_from((p.strip(), child) for p in (given or "").split(",") if p.strip())
        return g
    net = parse_bif(text, source=name)
    g.add_nodes_from(net.variables)
    g.add_edges_from(net.arcs)
    return g


def random_queries(g: nx.DiGraph, m: int, seed: int) -> list[tuple[set, set, set]]:
    rng = random.Random(seed)
    nodes = list(g)
    out = []
    for _ in range(m):
        a, b, c = rng.randint(1, 2), rng.randint(1, 2), rng.randint(0, 4)
        s = rng.sample(nodes, a + b + c)
        out.append((set(s[:a]), set(s[a : a + b]), set(s[a + b :])))
    return out


def local_queries(g: nx.DiGraph, m: int, seed: int) -> list[tuple[set, set, set]]:
    rng = random.Random(seed)
    nodes = list(g)
    out = []
    while len(out) < m:
        x = rng.choice(nodes)
        z = set(g.pred[x])
        candidates = list(set(nodes) - nx.descendants(g, x) - z - {x})
        if not candidates:
            continue
        y = rng.choice(candidates)
        z |= set(rng.sample(nodes, rng.randint(0, 2))) - {x, y}
        out.append(({x}, {y}, z))
    return out


def bench_implies(n: int, reps: int, seed: int) -> list[str]:
    g = random_dag(n, seed)
    rows = []
    t0 = time.perf_counter()
    dag.topological_order(g)  # builds and caches the index
    index_ms = (time.perf_counter() - t0) * 1e3
    for mix, make in (("random", random_queries), ("local", local_queries)):
        queries = make(g, 2000, seed + 1)
        statements = [Independence(x, y, z) for x, y, z in queries]
        ours_t, nx_t = [], []
        for _ in range(reps):
            t0 = time.perf_counter()
            ours = [dag.implies(g, s) for s in statements]
            ours_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            ref = [nx.is_d_separator(g, x, y, z) for x, y, z in queries]
            nx_t.append(time.perf_counter() - t0)
            assert ours == ref, "implies disagrees with networkx"
        o, r = statistics.median(ours_t), statistics.median(nx_t)
        rows.append(
            f"| implies, {n} nodes, {mix:<6} | {o * 1e3:9.1f} ms | {r * 1e3:9.1f} ms | {o / r:6.3f} "
            f"| {sum(ours) / len(ours):4.2f} separated; index {index_ms:.1f} ms |"
        )
    return rows


def bench_pairwise(name: str, g: nx.DiGraph, reps: int, sample: int | None) -> str:
    times = []
    for _ in range(reps):
        h = g.copy()  # a fresh cache each time: the index build is included
        t0 = time.perf_counter()
        got = dag.independencies(h, "pairwise")
        times.append(time.perf_counter() - t0)
    pairs = [(next(iter(s.left)), next(iter(s.right))) for s in got]
    chosen = pairs if sample is None or sample >= len(pairs) else random.Random(0).sample(pairs, sample)
    t0 = time.perf_counter()
    for x, y in chosen:
        nx.find_minimal_d_separator(g, x, y)
    ref = (time.perf_counter() - t0) * len(pairs) / len(chosen)
    o = statistics.median(times)
    scaled = "" if chosen is pairs else f" (nx on {len(chosen)} pairs, scaled)"
    return (
        f"| pairwise, {name:<18} | {o * 1e3:9.1f} ms | {ref * 1e3:9.1f} ms | {o / ref:6.3f} "
        f"| {len(got)} statements{scaled} |"
    )


def bench_all(name: str, g: nx.DiGraph, reps: int) -> str:
    times = []
    for _ in range(reps):
        h = g.copy()
        t0 = time.perf_counter()
        got = dag.independencies(h, "all")
        times.append(time.perf_counter() - t0)
    nodes = list(g)
    t0 = time.perf_counter()
    count = 0
    for x, y in itertools.combinations(nodes, 2):
        rest = [v for v in nodes if v not in (x, y)]
        for r in range(len(rest) + 1):
            for z in itertools.combinations(rest, r):
                count += nx.is_d_separator(g, {x}, {y}, set(z))
    ref = time.perf_counter() - t0
    assert count == len(got), "independencies('all') disagrees with networkx"
    o = statistics.median(times)
    return (
        f"| all, {name:<23} | {o * 1e3:9.1f} ms | {ref * 1e3:9.1f} ms | {o / ref:6.3f} "
        f"| {len(got)} statements of {len(nodes) * (len(nodes) - 1) // 2 * 2 ** (len(nodes) - 2)} tested |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions (medians are reported)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller samples")
    args = parser.parse_args()
    reps = 2 if args.quick else args.reps
    print(f"networkx {nx.__version__}; medians of {reps} repetitions\n")
    print("| case | probtables | networkx | ratio | notes |")
    print("| --- | ---: | ---: | ---: | --- |")
    for n in (50, 200, 1000):
        for row in bench_implies(n, reps if n < 1000 else max(2, reps - 2), seed=n):
            print(row, flush=True)
    print(bench_pairwise("alarm (37 nodes)", read_network("alarm"), reps, None), flush=True)
    print(
        bench_pairwise("200-node random", random_dag(200, 7), reps, 300 if args.quick else 2000),
        flush=True,
    )
    print(bench_all("asia (8 nodes)", read_network("asia"), reps), flush=True)
    print(bench_all("sachs (11 nodes)", read_network("sachs"), reps), flush=True)


if __name__ == "__main__":
    main()
