"""What exactness costs: exact (Fraction) tables against float tables, measured in the same run.

Run: ``python benchmarks/bench_exact.py [--repeat 5]``

A joint over 10 binary variables (1,024 rows) with random rational
probabilities, once exact and once as floats (``to_float()`` of the same
table); each row is an operation on both, with the median time of each and the
ratio exact / float, plus the float operation against hand-written numpy so the
figures can be read against the other benchmarks. Then asia (8 variables) built
exactly (``to_exact(limit_denominator=1000)`` of its tables) and a query on
its joint. Not a test: it prints figures and checks that both routes give the
same numbers (the exact result, converted to float, equals the float result).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from _timing import median_time

import probtables as pt


def rational_joint(n_vars: int, seed: int = 0) -> tuple[pt.Table, list[str]]:
    rng = random.Random(seed)
    names = [f"v{i}" for i in range(n_vars)]
    weights = [rng.randint(1, 1000) for _ in range(2**n_vars)]
    total = sum(weights)
    values = np.array([Fraction(w, total) for w in weights], dtype=object).reshape((2,) * n_vars)
    return pt.Table.from_array(values, states={n: [0, 1] for n in names}), names


def close(exact: Any, floating: Any) -> bool:
    if isinstance(exact, pt.Table):
        return exact.equals(floating, atol=1e-12, exact=False)
    return abs(float(exact) - float(floating)) < 1e-12


def bench_joint(repeat: int) -> list[tuple[str, float, float, float]]:
    exact, names = rational_joint(10)
    floating = exact.to_float()
    array = floating.to_array(names)
    prior = exact.marginal("v0")
    rest = exact.condition("v0")
    cases: list[tuple[str, Callable[[pt.Table], Any], Callable[[], Any]]] = [
        (
            "marginal: 10 -> 3 variables",
            lambda t: t.marginal("v0", "v4", "v9"),
            lambda: array.sum(axis=tuple(range(1, 9))),
        ),
        (
            "condition on evidence v3=1",
            lambda t: t.condition(v3=1),
            lambda: array[:, :, :, 1] / array[:, :, :, 1].sum(),
        ),
        (
            "conditional p(rest | v0)",
            lambda t: t.condition("v0"),
            lambda: array / array.sum(axis=tuple(range(1, 10)), keepdims=True),
        ),
    ]
    rows = []
    for label, op, numpy_op in cases:
        assert close(op(exact), op(floating))
        rows.append(
            (
                label,
                median_time(lambda op=op: op(exact), repeat),
                median_time(lambda op=op: op(floating), repeat),
                median_time(numpy_op, repeat),
            )
        )
    f_prior, f_rest = prior.to_float(), rest.to_float()
    assert close(rest * prior, f_rest * f_prior)
    p0 = array.sum(axis=tuple(range(1, 10)), keepdims=True)
    cond = array / p0
    rows.append(
        (
            "product p(rest | v0) p(v0)",
            median_time(lambda: rest * prior, repeat),
            median_time(lambda: f_rest * f_prior, repeat),
            median_time(lambda: cond * p0, repeat),
        )
    )
    assert exact.independent("v0", "v1") is False
    rows.append(
        (
            "independent(v0, v1)",
            median_time(lambda: exact.independent("v0", "v1"), repeat),
            median_time(lambda: floating.independent("v0", "v1"), repeat),
            float("nan"),
        )
    )
    return rows


def bench_asia(repeat: int) -> list[tuple[str, float, float, float]]:
    asia = pt.examples.load("asia")
    exact = asia.with_tables([term.table.to_exact(limit_denominator=1000) for term in asia.terms])
    joint_exact, joint_float = exact.joint(), asia.joint()
    query = "p(lung | xray=yes, dysp=yes)"
    assert close(joint_exact.query(query), joint_float.query(query))
    return [
        (
            "asia: joint of the 8 terms",
            median_time(exact.joint, repeat),
            median_time(asia.joint, repeat),
            float("nan"),
        ),
        (
            "asia: p(lung | xray=yes, dysp=yes)",
            median_time(lambda: joint_exact.query(query), repeat),
            median_time(lambda: joint_float.query(query), repeat),
            float("nan"),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'operation':40} {'exact':>10} {'float':>10} {'exact/float':>12} {'float/numpy':>12}")
    for label, exact, floating, numpy_time in bench_joint(args.repeat) + bench_asia(args.repeat):
        ratio = floating / numpy_time if numpy_time == numpy_time else float("nan")
        print(
            f"{label:40} {exact * 1e3:8.2f}ms {floating * 1e3:8.3f}ms {exact / floating:12.0f} {ratio:12.1f}"
        )


if __name__ == "__main__":
    main()
