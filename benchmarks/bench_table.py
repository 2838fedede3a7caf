"""Table operations against a hand-written numpy dense baseline, measured in the same run.

Run: ``python benchmarks/bench_table.py [--repeat 7]``

Each row reports the median time of probtables and of the baseline over the
repetitions, and their ratio (probtables / numpy; target <= 2). The sparse case
compares with a plain pandas groupby on the same frame (no dense baseline
can allocate 2**40 cells). Not a test: it prints figures, it asserts nothing
about time (it does check that both routes give the same numbers).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import probtables as pt


def median_time(function: Callable[[], Any], repeat: int) -> float:
    function()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def random_joint(
    n_vars: int, rng: np.random.Generator, prefix: str = "v"
) -> tuple[pt.Table, np.ndarray, list[str]]:
    names = [f"{prefix}{i}" for i in range(n_vars)]
    array = rng.random((2,) * n_vars)
    array /= array.sum()
    table = pt.Table.from_array(array, states={n: [0, 1] for n in names})
    return table, array, names


def bench_dense(repeat: int) -> list[tuple[str, float, float]]:
    rng = np.random.default_rng(0)
    rows = []
    table, array, names = random_joint(20, rng)

    keep10 = names[:10]
    rows.append(
        (
            "marginal: 20 binary -> 10",
            *compare(
                lambda: table.marginal(*keep10), lambda: array.sum(axis=tuple(range(10, 20))), repeat
            ),
        )
    )
    keep2 = [names[3], names[15]]
    rows.append(
        (
            "marginal: 20 binary -> 2",
            *compare(
                lambda: table.marginal(*keep2),
                lambda: array.sum(axis=tuple(i for i in range(20) if i not in (3, 15))),
                repeat,
            ),
        )
    )

    def numpy_evidence() -> np.ndarray:
        sliced = array[0, 1, 0]
        return sliced / sliced.sum()

    rows.append(
        (
            "condition on 3 evidence values",
            *compare(lambda: table.condition(v0=0, v1=1, v2=0), numpy_evidence, repeat),
        )
    )

    given = names[15:]

    def numpy_conditional() -> np.ndarray:
        denominator = array.sum(axis=tuple(range(15)), keepdims=True)
        if (denominator == 0).any():
            raise ZeroDivisionError
        return array / denominator

    rows.append(
        (
            "conditional p(A | B), |B| = 5",
            *compare(lambda: table.condition(*given), numpy_conditional, repeat),
        )
    )

    # p(X | S) * p(S, Y): two 12-variable factors sharing S (4 variables) -> 20 variables
    x = [f"x{i}" for i in range(8)]
    s = [f"s{i}" for i in range(4)]
    y = [f"y{i}" for i in range(8)]
    a_array = rng.random((2,) * 12)
    a_array /= a_array.sum(axis=tuple(range(8)), keepdims=True)
    b_array = rng.random((2,) * 12)
    b_array /= b_array.sum()
    a = pt.Table.from_array(a_array, states={n: [0, 1] for n in x + s}, given=s)
    b = pt.Table.from_array(b_array, states={n: [0, 1] for n in s + y})

    def numpy_product() -> np.ndarray:
        return a_array.reshape((2,) * 12 + (1,) * 8) * b_array.reshape((1,) * 8 + (2,) * 12)

    rows.append(("product of 12-var factors sharing 4", *compare(lambda: a * b, numpy_product, repeat)))

    table16, array16, names16 = random_joint(16, rng, prefix="w")

    def numpy_chain() -> np.ndarray:
        marginals = [array16]
        for k in range(15, 0, -1):
            marginals.append(marginals[-1].sum(axis=k))
        marginals.reverse()  # marginals[k] is over the first k+1 variables
        factors = [marginals[0]] + [marginals[k] / marginals[k - 1][..., None] for k in range(1, 16)]
        joint = factors[0]
        for factor in factors[1:]:
            joint = joint[..., None] * factor
        return joint

    def ours_chain() -> pt.Table:
        return table16.chain_factorize(names16).joint()

    assert ours_chain().equals(table16, atol=1e-12)
    assert np.allclose(numpy_chain(), array16, atol=1e-15, rtol=0)
    rows.append(("chain-factorize 16 vars + multiply back", *compare(ours_chain, numpy_chain, repeat)))
    return rows


def compare(ours: Callable[[], Any], baseline: Callable[[], Any], repeat: int) -> tuple[float, float]:
    result, expected = ours(), baseline()
    if isinstance(result, pt.Table) and isinstance(expected, np.ndarray):
        values = result.to_array() if len(result.variables) == expected.ndim else result._array()
        assert np.allclose(values.reshape(-1), expected.reshape(-1), atol=1e-15, rtol=1e-12), (
            "results differ"
        )
    return median_time(ours, repeat), median_time(baseline, repeat)


def bench_sparse(repeat: int) -> tuple[float, float]:
    rng = np.random.default_rng(1)
    n_vars, n_rows = 40, 1_000_000
    codes = rng.integers(0, 2, size=(n_rows, n_vars), dtype=np.int8)
    key = np.zeros(n_rows, dtype=np.int64)
    for col in range(n_vars):
        key = key * 2 + codes[:, col]
    _, first = np.unique(key, return_index=True)
    codes = codes[np.sort(first)]
    p = rng.random(len(codes))
    p /= p.sum()
    names = [f"v{i}" for i in range(n_vars)]
    frame = pd.DataFrame(
        {name: pd.Categorical.from_codes(codes[:, i], categories=[0, 1]) for i, name in enumerate(names)}
    )
    frame["p"] = p
    table = pt.Table(frame)
    keep = names[:5]
    ours = table.marginal(*keep)
    theirs = frame.groupby(keep, observed=True)["p"].sum()
    assert np.allclose(
        ours.to_series().sort_index().to_numpy(), theirs.sort_index().to_numpy(), atol=1e-15
    )
    return (
        median_time(lambda: table.marginal(*keep), repeat),
        median_time(lambda: frame.groupby(keep, observed=True)["p"].sum(), repeat),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'operation':44s} {'probtables':>11s} {'numpy':>11s} {'ratio':>6s}")
    for name, ours, base in bench_dense(args.repeat):
        print(f"{name:44s} {ours * 1e3:9.2f}ms {base * 1e3:9.2f}ms {ours / base:6.2f}")
    ours, groupby = bench_sparse(args.repeat)
    print(f"\nsparse: 40 binary vars, {1_000_000:,} rows, marginal onto 5")
    print(f"{'  probtables':44s} {ours * 1e3:9.2f}ms")
    print(
        f"{'  pandas groupby(observed=True).sum()':44s} {groupby * 1e3:9.2f}ms  (probtables / pandas = {ours / groupby:.2f})"
    )


if __name__ == "__main__":
    main()
