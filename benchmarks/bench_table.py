"""Table operations against the best hand-written numpy code, measured in the same run.

Run::

    python benchmarks/bench_table.py [--repeat 7] [--seed 0] [--wall]

With pgmpy and pyAgrum importable (``pip install -r benchmarks/requirements.txt``)
their figures on the same arrays are printed beside ours.

The rows are the shapes of issue 14: a joint of 20 binary variables (2**20
cells) with the kept, conditioning or summed variables at *random* positions
(drawn from ``--seed``), and a 16-variable chain rule in a random order. For each
row the numpy baseline is the fastest of several hand-written versions (a plain
``ndarray.sum(axis=...)``, a transpose that puts the kept block first or last
then contiguous sums, adding strided slices), each timed in this run, so load
from other processes cancels out in the ratios; times are the best of
``--repeat`` runs taken in turns, in CPU time of the process (``--wall``: wall time). The target is a ratio of at most 1.5 against
that baseline. The sparse rows build a table from a 1,000,000-row frame of 40
binary columns (baseline: packing the codes into one key with numpy and
checking it for duplicates by a sort) and take a marginal of it (baseline:
pandas ``groupby``).

``--chain-orders K`` runs only the chain-rule rows, for K random orders.

Not a test: it prints figures and asserts nothing about time (it does check
that probtables, numpy and the peers give the same numbers).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from functools import reduce
from typing import Any

import numpy as np
import pandas as pd
from _timing import best_times

import probtables as pt

try:  # optional peers, for figures only
    from pgmpy.factors.discrete import DiscreteFactor
except ImportError:  # pragma: no cover - depends on the environment
    DiscreteFactor = None
try:
    import pyagrum as gum
except ImportError:  # pragma: no cover
    gum = None


CLOCK = time.process_time  # ``--wall``: time.perf_counter


# ----------------------------------------------------------------------------- numpy baselines


def numpy_sums(array: np.ndarray, drop: Sequence[int]) -> list[Callable[[], np.ndarray]]:
    """Hand-written ways of ``array.sum(axis=drop)``; the benchmark keeps the fastest."""
    drop = sorted(drop)
    keep = [i for i in range(array.ndim) if i not in drop]
    n_keep = int(np.prod([array.shape[i] for i in keep]))
    out = tuple(array.shape[i] for i in keep)
    variants = [
        lambda: array.sum(axis=tuple(drop)),
        lambda: array.transpose(keep + drop).reshape(n_keep, -1).sum(axis=1).reshape(out),
        lambda: array.transpose(drop + keep).reshape(-1, n_keep).sum(axis=0).reshape(out),
    ]
    if len(drop) == 1 and array.shape[drop[0]] == 2:  # one binary variable: add its two slices
        variants.append(lambda: array.take(0, axis=drop[0]) + array.take(1, axis=drop[0]))
    return variants


def numpy_conditionals(array: np.ndarray, head: Sequence[int]) -> list[Callable[[], np.ndarray]]:
    """Hand-written ``array / array.sum(axis=head, keepdims=True)`` (the denominator by each sum)."""
    shape = [1 if i in head else n for i, n in enumerate(array.shape)]
    return [(lambda s=s: array / s().reshape(shape)) for s in numpy_sums(array, head)]  # type: ignore[misc]


# ----------------------------------------------------------------------------- peers


def pgmpy_factor(array: np.ndarray, names: Sequence[str]) -> Any:
    return DiscreteFactor(list(names), list(array.shape), array.reshape(-1))


def pyagrum_tensor(array: np.ndarray, names: Sequence[str]) -> Any:
    tensor = gum.Tensor()
    for name, card in reversed(list(zip(names, array.shape))):  # pyAgrum's first variable varies fastest
        tensor.add(gum.LabelizedVariable(name, name, int(card)))
    tensor.fillWith(array.reshape(-1).tolist())
    return tensor


# ----------------------------------------------------------------------------- the rows


def when(peer: Any, function: Callable[[], Any]) -> Callable[[], Any] | None:
    """``function`` if the peer object exists (its library is installed), else None."""
    return None if peer is None else function


class Row:
    def __init__(
        self,
        name: str,
        ours: Callable[[], Any],
        numpy: list[Callable[[], Any]],
        pgmpy: Callable[[], Any] | None = None,
        pyagrum: Callable[[], Any] | None = None,
    ) -> None:
        self.name, self.ours, self.numpy, self.pgmpy, self.pyagrum = name, ours, numpy, pgmpy, pyagrum


def check(table: pt.Table, expected: np.ndarray, order: Sequence[str]) -> None:
    values = table.to_array(list(order))
    assert np.allclose(values, expected, atol=1e-15, rtol=1e-9), "probtables and numpy differ"


def dense_rows(rng: np.random.Generator) -> list[Row]:
    names = [f"v{i}" for i in range(20)]
    array = rng.random((2,) * 20)
    array /= array.sum()
    table = pt.Table.from_array(array, states={n: [0, 1] for n in names})
    factor = pgmpy_factor(array, names) if DiscreteFactor else None
    tensor = pyagrum_tensor(array, names) if gum else None
    rows = []

    def positions(k: int) -> list[int]:
        return sorted(int(i) for i in rng.choice(20, size=k, replace=False))

    for k in (10, 2):
        keep = positions(k)
        drop = [i for i in range(20) if i not in keep]
        kept, dropped = [names[i] for i in keep], [names[i] for i in drop]
        check(table.marginal(*kept), array.sum(axis=tuple(drop)), kept)
        rows.append(
            Row(
                f"marginal: 20 binary -> {k} at random positions",
                lambda kept=kept: table.marginal(*kept),
                numpy_sums(array, drop),
                when(factor, lambda d=dropped: factor.marginalize(d, inplace=False)),
                when(tensor, lambda k=kept: tensor.sumIn(k)),
            )
        )

    # p(A | B), |A| = 15, |B| = 5
    given = positions(5)
    head = [i for i in range(20) if i not in given]
    b_names, a_names = [names[i] for i in given], [names[i] for i in head]
    check(table.condition(*b_names), array / array.sum(axis=tuple(head), keepdims=True), names)
    rows.append(
        Row(
            "p(A | B), |A| = 15, |B| = 5",
            lambda: table.condition(*b_names),
            numpy_conditionals(array, head),
            when(
                factor, lambda: factor.divide(factor.marginalize(a_names, inplace=False), inplace=False)
            ),
            when(tensor, lambda: tensor / tensor.sumIn(b_names)),
        )
    )

    # p(A | B), |A| = 5, |B| = 5: the other 10 summed out first
    picked = positions(10)
    given = sorted(int(i) for i in rng.choice(picked, size=5, replace=False))
    head5 = [i for i in picked if i not in given]
    others = [i for i in range(20) if i not in picked]
    b_names = [names[i] for i in given]
    a_names = [names[i] for i in head5]
    o_names = [names[i] for i in others]
    local_head = [picked.index(i) for i in head5]

    def numpy_small(s: Callable[[], np.ndarray]) -> np.ndarray:
        m = s()
        return m / m.sum(axis=tuple(local_head), keepdims=True)

    expected = numpy_small(lambda: array.sum(axis=tuple(others)))
    check(table.marginalize(*o_names).condition(*b_names), expected, [names[i] for i in picked])

    def pgmpy_small() -> Any:
        m = factor.marginalize(o_names, inplace=False)
        return m.divide(m.marginalize(a_names, inplace=False), inplace=False)

    def pyagrum_small() -> Any:
        m = tensor.sumOut(o_names)
        return m / m.sumIn(b_names)

    rows.append(
        Row(
            "p(A | B), |A| = 5, |B| = 5, 10 summed out",
            lambda: table.marginalize(*o_names).condition(*b_names),
            [lambda s=s: numpy_small(s) for s in numpy_sums(array, others)],
            when(factor, pgmpy_small),
            when(tensor, pyagrum_small),
        )
    )

    # evidence on 3 variables at random positions
    fixed = positions(3)
    evidence = {names[i]: 1 for i in fixed}

    def numpy_evidence() -> np.ndarray:
        sliced = array[tuple(1 if i in fixed else slice(None) for i in range(20))]
        return sliced / sliced.sum()

    rows.append(
        Row(
            "condition on evidence, 3 variables",
            lambda: table.condition(**evidence),
            [numpy_evidence],
            when(
                factor,
                lambda: factor.reduce(list(evidence.items()), inplace=False).normalize(inplace=False),
            ),
            when(tensor, lambda: tensor.extract(evidence).normalize()),
        )
    )
    return rows


def chain_rows(rng: np.random.Generator) -> list[Row]:
    """The chain rule over 16 variables in a random order: a loop of marginalize and /, then the product."""
    names = [f"w{i}" for i in range(16)]
    array = rng.random((2,) * 16)
    array /= array.sum()
    table = pt.Table.from_array(array, states={n: [0, 1] for n in names})
    order = [int(i) for i in rng.permutation(16)]
    chain = [names[i] for i in order]

    def ours_factors() -> list[pt.Table]:
        marginals = [table]
        for name in reversed(chain[1:]):
            marginals.append(marginals[-1].marginalize(name))
        marginals.reverse()
        return [marginals[0]] + [marginals[k] / marginals[k - 1] for k in range(1, 16)]

    def numpy_factors(sum_one: Callable[[np.ndarray, int], np.ndarray]) -> list[np.ndarray]:
        marginals = [array]  # all 16 axes kept (size 1 once summed) so every factor broadcasts
        for axis in reversed(order[1:]):
            marginals.append(sum_one(marginals[-1], axis))
        marginals.reverse()
        return [marginals[0]] + [marginals[k] / marginals[k - 1] for k in range(1, 16)]

    def keepdims_sum(m: np.ndarray, axis: int) -> np.ndarray:
        return m.sum(axis=axis, keepdims=True)

    def slices_sum(m: np.ndarray, axis: int) -> np.ndarray:
        return (
            m[tuple(slice(0, 1) if i == axis else slice(None) for i in range(16))]
            + m[tuple(slice(1, 2) if i == axis else slice(None) for i in range(16))]
        )

    factors = ours_factors()
    numpy_f = numpy_factors(keepdims_sum)
    product = reduce(lambda a, b: a * b, factors)
    assert product.equals(table, atol=1e-12)
    assert np.allclose(reduce(np.multiply, numpy_f), array, atol=1e-15, rtol=0)

    pg_factor = pgmpy_factor(array, names) if DiscreteFactor else None
    ag_tensor = pyagrum_tensor(array, names) if gum else None

    def pgmpy_factors() -> list[Any]:
        marginals = [pg_factor]
        for name in reversed(chain[1:]):
            marginals.append(marginals[-1].marginalize([name], inplace=False))
        marginals.reverse()
        return [marginals[0]] + [
            marginals[k].divide(marginals[k - 1], inplace=False) for k in range(1, 16)
        ]

    def pyagrum_factors() -> list[Any]:
        marginals = [ag_tensor]
        for name in reversed(chain[1:]):
            marginals.append(marginals[-1].sumOut([name]))
        marginals.reverse()
        return [marginals[0]] + [marginals[k] / marginals[k - 1] for k in range(1, 16)]

    pg_f = pgmpy_factors() if pg_factor is not None else None
    ag_f = pyagrum_factors() if ag_tensor is not None else None
    factorization = table.chain_factorize(chain)
    return [
        Row(
            "chain rule, 16 vars, random order: marginalize and /",
            ours_factors,
            [lambda: numpy_factors(keepdims_sum), lambda: numpy_factors(slices_sum)],
            when(pg_factor, pgmpy_factors),
            when(ag_tensor, pyagrum_factors),
        ),
        Row(
            "chain rule: multiply the 16 factors back",
            lambda: reduce(lambda a, b: a * b, factors),
            [lambda: reduce(np.multiply, numpy_f)],
            when(pg_f, lambda: reduce(lambda a, b: a.product(b, inplace=False), pg_f)),
            when(ag_f, lambda: reduce(lambda a, b: a * b, ag_f)),
        ),
        Row(
            "chain_factorize(order) of 16 vars",
            lambda: table.chain_factorize(chain),
            [lambda: numpy_factors(keepdims_sum), lambda: numpy_factors(slices_sum)],
        ),
        Row(
            "Factorization.joint() of those 16 terms",
            factorization.joint,
            [lambda: reduce(np.multiply, numpy_f)],
        ),
        Row(  # joint() remembers its plan per factorization: the first call, on a new one
            "Factorization(terms).joint(): a new factorization each time",
            lambda: pt.Factorization(factorization.terms).joint(),
            [lambda: reduce(np.multiply, numpy_f)],
        ),
    ]


def sparse_row(rng: np.random.Generator) -> list[Row]:
    """A sparse table: a 1,000,000-row frame of 40 binary columns (distinct rows)."""
    n_vars, n_rows = 40, 1_000_000
    codes = rng.integers(0, 2, size=(n_rows, n_vars), dtype=np.int8)
    weights = np.left_shift(np.int64(1), np.arange(n_vars - 1, -1, -1, dtype=np.int64))
    _, first = np.unique(codes.astype(np.int64) @ weights, return_index=True)
    codes = codes[np.sort(first)]
    p = rng.random(len(codes))
    p /= p.sum()
    names = [f"v{i}" for i in range(n_vars)]
    frame = pd.DataFrame(
        {name: pd.Categorical.from_codes(codes[:, i], categories=[0, 1]) for i, name in enumerate(names)}
    )
    frame["p"] = p

    def numpy_pack() -> np.ndarray:
        """The codes the categoricals hold, packed into one key and checked for duplicates (a sort)."""
        packed = np.zeros(len(frame), dtype=np.int64)
        for name in names:
            packed <<= 1
            packed |= frame[name].array.codes
        ordered = np.sort(packed)
        if (ordered[1:] == ordered[:-1]).any():
            raise ValueError("duplicates")
        return packed

    table = pt.Table(frame)
    keep = names[:5]
    assert np.allclose(
        table.marginal(*keep).to_series().sort_index().to_numpy(),
        frame.groupby(keep, observed=True)["p"].sum().sort_index().to_numpy(),
        atol=1e-15,
    )
    return [
        Row("sparse: Table(frame), 1,000,000 rows x 40 binary", lambda: pt.Table(frame), [numpy_pack]),
        Row(
            "sparse: marginal onto 5 of those 40 (vs pandas groupby)",
            lambda: table.marginal(*keep),
            [lambda: frame.groupby(keep, observed=True)["p"].sum()],
        ),
    ]


def chain_orders(count: int, repeat: int) -> None:
    """The chain-rule rows for ``count`` random orders: their ratios to numpy, and the median."""
    ratios: dict[str, list[float]] = {}
    for seed in range(count):
        for row in chain_rows(np.random.default_rng(seed)):
            times = best_times([row.ours, *row.numpy], repeat, CLOCK)
            ratios.setdefault(row.name, []).append(times[0] / min(times[1:]))
    for name, values in ratios.items():
        shown = " ".join(f"{value:.2f}" for value in values)
        print(f"{name:58s} {shown}  median {float(np.median(values)):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--wall", action="store_true", help="wall time instead of CPU time")
    parser.add_argument(
        "--chain-orders",
        type=int,
        default=0,
        metavar="K",
        help="only the chain-rule rows, for K random orders (seeds 0..K-1): each ratio and the median",
    )
    args = parser.parse_args()
    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter
    if args.chain_orders:
        chain_orders(args.chain_orders, args.repeat)
        return
    rng = np.random.default_rng(args.seed)
    rows = dense_rows(rng) + chain_rows(rng) + sparse_row(rng)
    print(
        f"numpy {np.__version__}, pandas {pd.__version__}"
        f"{', pgmpy' if DiscreteFactor else ''}{', pyAgrum ' + gum.__version__ if gum else ''}"
    )
    print(
        f"{'operation':58s} {'probtables':>10s} {'numpy':>9s} {'ratio':>6s} {'pgmpy':>6s} {'pyAgrum':>7s}"
    )
    for row in rows:
        peers = [f for f in (row.pgmpy, row.pyagrum) if f]
        times = best_times([row.ours, *row.numpy, *peers], args.repeat, CLOCK)
        ours, base = times[0], min(times[1 : 1 + len(row.numpy)])
        rest = iter(times[1 + len(row.numpy) :])
        pg = f"{next(rest) / base:6.2f}" if row.pgmpy else f"{'-':>6s}"
        ag = f"{next(rest) / base:7.2f}" if row.pyagrum else f"{'-':>7s}"
        print(f"{row.name:58s} {ours * 1e3:8.2f}ms {base * 1e3:7.2f}ms {ours / base:6.2f} {pg} {ag}")
    print("ratios: best time / the fastest hand-written numpy version of the same result, same run")


if __name__ == "__main__":
    main()
