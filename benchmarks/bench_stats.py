"""Speed of ``independence_test`` against a hand-written numpy baseline.

The baseline computes the same stratified G statistic from integer codes that
are already in hand (no validation, no encoding, no p-value): one mixed-radix
key, one ``np.bincount``, the margins and the sum. The ratio
``independence_test / baseline`` is what this file reports; it is measured in
the same run, so it does not depend on the machine. Not a timed test.

The second part times the conditional permutation test: 1,000 permutations of
a 10,000-row test with 3 strata (``permutations=1000``), against a numpy
baseline that shuffles ``y`` within each stratum (``Generator.permuted`` on a
block of copies), counts every permuted table with one ``np.bincount`` and
computes X² per permutation.

Run: ``python benchmarks/bench_stats.py [n_rows]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from probtables.stats import independence_test

CARDS = {"x": 4, "y": 3, "z1": 4, "z2": 5, "z3": 3}
STATEMENT = "x ⊥ y | z1, z2, z3"


def make_codes(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = {v: rng.integers(0, k, n) for v, k in CARDS.items()}
    codes["x"] = (codes["x"] + codes["z1"]) % CARDS["x"]  # some dependence through z
    return codes


def baseline_g(codes: dict[str, np.ndarray]) -> float:
    """G summed over strata, from ready-made codes: what a careful user would write."""
    s = (codes["z1"] * CARDS["z2"] + codes["z2"]) * CARDS["z3"] + codes["z3"]
    k, r, c = CARDS["z1"] * CARDS["z2"] * CARDS["z3"], CARDS["x"], CARDS["y"]
    table = np.bincount((s * r + codes["x"]) * c + codes["y"], minlength=k * r * c)
    table = table.reshape(k, r, c).astype(float)
    n_sx, n_sy = table.sum(2), table.sum(1)
    expected = n_sx[:, :, None] * n_sy[:, None, :] / n_sx.sum(1)[:, None, None]
    nonzero = table > 0
    return 2.0 * float(np.sum(table[nonzero] * np.log(table[nonzero] / expected[nonzero])))


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(n: int = 1_000_000) -> None:
    codes = make_codes(n)
    frames = {
        "int64": pd.DataFrame(codes),
        "category": pd.DataFrame({v: pd.Categorical(c) for v, c in codes.items()}),
        "str": pd.DataFrame({v: np.char.add("s", c.astype(str)) for v, c in codes.items()}).astype(str),
    }
    options = {"method": "g", "permutations": None}  # the G statistic and its chi-square p-value
    independence_test(frames["int64"], STATEMENT, **options)  # warm up (imports scipy once)
    base = best_of(lambda: baseline_g(codes))
    expected = baseline_g(codes)
    print(f"{n:,} rows, {STATEMENT}, strata {CARDS['z1'] * CARDS['z2'] * CARDS['z3']}")
    print(f"  numpy baseline (codes in hand): {base * 1e3:8.1f} ms")
    for name, frame in frames.items():
        result = independence_test(frame, STATEMENT, **options)
        assert abs(result.statistic - expected) <= 1e-8 * max(1.0, expected), (name, result)
        t = best_of(lambda frame=frame: independence_test(frame, STATEMENT, **options))
        print(f"  independence_test, {name:8s}:   {t * 1e3:8.1f} ms  ({t / base:5.1f} x baseline)")


def baseline_permutations(
    x: np.ndarray, y: np.ndarray, s: np.ndarray, count: int, seed: int
) -> np.ndarray:
    """X² of ``count`` tables with y shuffled within each stratum: numpy only, codes in hand."""
    rng = np.random.default_rng(seed)
    order = np.argsort(s, kind="stable")
    x, y, s = x[order], y[order], s[order]
    r, c, k = int(x.max()) + 1, int(y.max()) + 1, int(s.max()) + 1
    shuffled = np.empty((count, s.size), dtype=np.int64)
    bounds = np.flatnonzero(np.diff(s)) + 1
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, s.size]):
        shuffled[:, lo:hi] = rng.permuted(np.broadcast_to(y[lo:hi], (count, hi - lo)), axis=1)
    cells = k * r * c
    key = (s * r + x) * c  # the same for every permutation
    tables = np.bincount(
        (np.arange(count)[:, None] * cells + key + shuffled).ravel(), minlength=count * cells
    ).reshape(count, k, r, c)
    n_sx, n_sy = tables[0].sum(2), tables[0].sum(1)  # margins do not change
    expected = n_sx[:, :, None] * n_sy[:, None, :] / n_sx.sum(1)[:, None, None]
    return (tables**2 / expected).sum(axis=(1, 2, 3)) - s.size


def main_permutations(n: int = 10_000, count: int = 1_000) -> None:
    rng = np.random.default_rng(1)
    z = rng.integers(0, 3, n)
    x = rng.integers(0, 4, n)
    y = (x + rng.integers(0, 3, n)) % 3  # dependent: every permutation is drawn
    frame = pd.DataFrame({"x": x, "y": y, "z": z})
    independence_test(frame, "x ⊥ y | z", permutations=10, seed=0)  # warm up
    base = best_of(lambda: baseline_permutations(x, y, z, count, 0))
    t = best_of(lambda: independence_test(frame, "x ⊥ y | z", permutations=count, seed=0))
    result = independence_test(frame, "x ⊥ y | z", permutations=count, seed=0)
    assert result.permutations == count
    print(f"{count:,} permutations of a {n:,}-row test with 3 strata (x ⊥ y | z, 4 x 3 values)")
    print(f"  numpy baseline (shuffle + bincount): {base * 1e3:8.1f} ms")
    print(f"  independence_test(permutations=):    {t * 1e3:8.1f} ms  ({t / base:5.2f} x baseline)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
    main_permutations()
