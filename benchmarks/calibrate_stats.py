"""Calibration of the tests on data: how often a true statement is rejected (not a timed test).

1. The sparse table of issue 11: x a fair coin, y uniform over 500 values, 2,000 independent rows.
   Rejection rate at alpha 0.05 of the default test, and of the chi-square p-values of G and X².
2. ``check_data`` (Holm, alpha 0.05) on samples drawn from bundled networks, where every tested
   statement holds: the share of repetitions in which some statement is rejected (a 5% procedure).

Run: ``python benchmarks/calibrate_stats.py [repetitions]`` (default 200 for part 1; part 2 uses
a tenth of that per network and size, at least 10).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

import probtables as pt


def sparse_table(repetitions: int) -> None:
    rng = np.random.default_rng(2026)
    counts = {"default (auto)": 0, "G, chi-square p": 0, "X², chi-square p": 0}
    for i in range(repetitions):
        data = pd.DataFrame({"x": rng.integers(0, 2, 2000), "y": rng.integers(0, 500, 2000)})
        counts["default (auto)"] += pt.independence_test(data, "x ⊥ y", seed=i).rejects(0.05)
        counts["G, chi-square p"] += pt.independence_test(
            data, "x ⊥ y", method="g", permutations=None
        ).rejects(0.05)
        counts["X², chi-square p"] += pt.independence_test(data, "x ⊥ y", permutations=None).rejects(
            0.05
        )
    print(f"x coin, y uniform over 500 values, 2,000 rows, {repetitions} repetitions, alpha 0.05:")
    for name, count in counts.items():
        print(f"  {name:18s} rejects in {count / repetitions:6.1%}")


def networks(repetitions: int) -> None:
    print(
        f"check_data(kind='local', Holm, alpha 0.05) on samples of the network, {repetitions} repetitions:"
    )
    for name, sizes in [
        ("asia", (500, 5000, 50000)),
        ("sachs", (500, 5000, 50000)),
        ("child", (500, 5000)),
        ("insurance", (500, 5000)),
        ("alarm", (500, 5000)),
    ]:
        network = pt.examples.load(name)
        for n in sizes:
            start = time.perf_counter()
            bad = statements = tested = 0
            for r in range(repetitions):
                report = network.check_data(network.sample(n, seed=104729 * r + n), seed=r)
                bad += bool(report["rejected"].any())
                statements = len(report)
                tested += int(report["status"].isin(["rejected", "not rejected"]).sum())
            seconds = (time.perf_counter() - start) / repetitions
            print(
                f"  {name:9s} n={n:>6,}: some statement rejected in {bad:3d}/{repetitions} "
                f"({bad / repetitions:5.1%}); {statements} statements, {tested / repetitions:5.1f} tested "
                f"a run; {seconds:5.2f} s a run"
            )


if __name__ == "__main__":
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    sparse_table(reps)
    networks(max(10, reps // 10))
