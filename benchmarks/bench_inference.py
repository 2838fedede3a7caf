"""Queries on the standard networks: probtables.inference against numpy, pgmpy and pyAgrum, in one run.

Run (pgmpy and pyagrum are optional, see ``benchmarks/requirements.txt``)::

    PYTHONPATH=. python benchmarks/bench_inference.py [--queries 40] [--repeat 5]

For each network, random queries ``p(target | e1=.., ..., ek=..)`` with one target
and 2 to 5 evidence variables, whose states come from a forward sample of the
network (so p(e) > 0). Each query is timed as the median of ``--repeat`` calls
after one warm-up call, and the table reports the median over queries of:

* ``probtables``: ``f.query(text)``, returning the posterior ``Table`` (a quick plan is
  built in the warm-up call, the min-fill plan in the first timed call, then reused);
* ``first ask``: the same, on the first call (plan built, arrays already cached);
* ``numpy``: a hand-written baseline: the same pruning (ancestors, evidence
  slices) and one ``numpy.einsum`` with a path from ``numpy.einsum_path``
  (computed outside the timing), normalized, returning an array;
* ``pgmpy``: ``VariableElimination(model).query([target], evidence)``, model built once;
* ``pyAgrum``: a ``LazyPropagation`` with the target only, ``setEvidence``, ``posterior``
  (faster per query than one engine reused; the network is built once from the same tables);
* ``pyAgrum 1st``: pyAgrum's first call of each query, timed once as ``first ask`` is (so the
  two first-call columns are measured alike).

Ratios are times divided by the numpy baseline's. Every answer of probtables is
checked against the baseline and pgmpy to 1e-9, and against pyAgrum to 1e-6
(pyAgrum 3 stores its tables as float32); times are only printed. The last block times all posteriors of alarm given 5 evidence
variables against one query, one query per variable and pyAgrum.
"""

from __future__ import annotations

import argparse
import statistics
import string
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
from _timing import median_time

import probtables as pt
from probtables.notation import Item

NETWORKS = ("asia", "child", "insurance", "alarm", "sachs")


# ---------------------------------------------------------------------- the numpy baseline


class Baseline:
    """Dense CPT arrays, ancestral pruning, evidence slicing, one optimized numpy.einsum."""

    def __init__(self, f: pt.Factorization):
        self.dag = f.dag
        self.cpt = {}
        self.states = {}
        for term in f.terms:
            (v,) = term.head
            order = list(term.given) + [v]
            self.cpt[v] = (order, term.table.to_array(order))
            self.states[v] = term.table.states[v]
        self.letters = dict(
            zip(f.variables, string.ascii_letters)
        )  # the networks here have <= 52 variables
        self.paths: dict[Any, Any] = {}

    def prepare(self, target: str, evidence: dict[str, Any]) -> Callable[[], np.ndarray]:
        keep = {target, *evidence}
        for v in list(keep):
            keep |= nx.ancestors(self.dag, v)
        index = {v: self.states[v].index(s) for v, s in evidence.items()}
        operands, subscripts = [], []
        for v in sorted(keep):
            order, array = self.cpt[v]
            slicer = tuple(index.get(u, slice(None)) for u in order)
            operands.append((array, slicer))
            subscripts.append("".join(self.letters[u] for u in order if u not in evidence))
        spec = ",".join(subscripts) + "->" + self.letters[target]
        sliced = [a[s] for a, s in operands]
        path = np.einsum_path(spec, *sliced, optimize="greedy")[0]

        def run() -> np.ndarray:
            arrays = [a[s] for a, s in operands]
            result = np.einsum(spec, *arrays, optimize=path)
            return result / result.sum()

        return run


# ---------------------------------------------------------------------- peers


def pgmpy_engine(name: str):
    try:
        from pgmpy.inference import VariableElimination
        from pgmpy.readwrite import BIFReader
    except ImportError:
        return None
    model = BIFReader(str(pt.examples.path(name))).get_model()
    infer = VariableElimination(model)

    def ask(target: str, evidence: dict[str, Any]) -> dict[Any, float]:
        q = infer.query([target], evidence=evidence, show_progress=False)
        return dict(zip(q.state_names[target], q.values.tolist()))

    return ask


def pyagrum_engine(name: str):
    try:
        import pyagrum as gum
    except ImportError:
        return None
    # pyAgrum's BIF reader rejects states such as "Asy/Patch" or "<5" (child): build the network
    # from the same tables with states s0, s1, ... instead
    f = pt.examples.load(name)
    bn = gum.BayesNet(name)
    states = {}
    for v in f.topological_order():
        states[v] = f.term(v).table.states[v]
        bn.add(gum.LabelizedVariable(v, v, [f"s{k}" for k in range(len(states[v]))]))
    for v in f.topological_order():
        for parent in f.term(v).given:
            bn.addArc(parent, v)
    for v in f.topological_order():
        term = f.term(v)
        order = list(term.given) + [v]
        array = term.table.to_array(order)
        for index in np.ndindex(*array.shape[:-1]):
            bn.cpt(v)[{u: f"s{k}" for u, k in zip(term.given, index)}] = array[index].tolist()
    ie = gum.LazyPropagation(bn)

    def label(v: str, state: Any) -> str:
        return f"s{states[v].index(state)}"

    def ask(target: str, evidence: dict[str, Any]) -> dict[Any, float]:
        # of the ways tried (one engine reused, with or without a single target), a fresh engine
        # with only the target was the fastest per query
        engine = gum.LazyPropagation(bn)
        engine.addTarget(target)
        engine.setEvidence({k: label(k, s) for k, s in evidence.items()})
        engine.makeInference()
        return posterior(target, engine)

    def posterior(target: str, engine: Any = ie) -> dict[Any, float]:
        labels = bn.variable(target).labels()
        values = engine.posterior(target).toarray().tolist()
        return {state: values[labels.index(label(target, state))] for state in states[target]}

    return ask, ie, posterior, label


# ---------------------------------------------------------------------- queries


def random_queries(f: pt.Factorization, n: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    rng = np.random.default_rng(seed)
    names = list(f.variables)
    draws = f.sample(n, seed=seed)
    out = []
    for i in range(n):
        k = int(rng.integers(2, 6))
        chosen = rng.choice(len(names), size=k + 1, replace=False)
        target = names[chosen[0]]
        evidence = {names[j]: draws[names[j]].iloc[i] for j in chosen[1:]}
        out.append((target, evidence))
    return out


def text_of(target: str, evidence: dict[str, Any]) -> str:
    return f"p({target} | {', '.join(str(Item.of(k, v)) for k, v in evidence.items())})"


# pyAgrum 3 keeps its tables in float32 (it reads 0.98 as 0.9800000190734863), so its answers can only
# agree to about 1e-7; the numpy baseline and pgmpy work in float64 and must agree to 1e-9
PYAGRUM_ATOL = 1e-6


def check(
    got: np.ndarray, expected: dict[Any, float], states: tuple, what: str, atol: float = 1e-9
) -> None:
    want = np.array([expected[s] for s in states])
    gap = float(np.abs(got - want).max())
    assert gap <= atol, f"{what}: probtables and the peer differ by {gap:.2e}"


def bench_network(name: str, n_queries: int, repeat: int) -> dict[str, float]:
    f = pt.examples.load(name)
    base = Baseline(f)
    pgmpy_ask = pgmpy_engine(name)
    agrum = pyagrum_engine(name)
    f.query(f"p({f.variables[0]})")  # builds the dense arrays once
    times: dict[str, list[float]] = {
        k: [] for k in ("probtables", "first ask", "numpy", "pgmpy", "pyAgrum", "pyAgrum 1st")
    }
    for target, evidence in random_queries(f, n_queries, seed=1):
        text = text_of(target, evidence)
        states = f.term(target).table.states[target]
        start = time.perf_counter()
        table = f.query(text)
        times["first ask"].append(time.perf_counter() - start)
        got = table.to_array([target])
        times["probtables"].append(median_time(lambda text=text: f.query(text), repeat, warm_up=False))
        run = base.prepare(target, evidence)
        check(got, dict(zip(states, run())), states, f"{name} {text} (numpy)")
        times["numpy"].append(median_time(run, repeat, warm_up=False))
        if pgmpy_ask is not None:
            check(got, pgmpy_ask(target, evidence), states, f"{name} {text} (pgmpy)")
            times["pgmpy"].append(
                median_time(
                    lambda t=target, e=evidence: pgmpy_ask(t, e), max(1, repeat // 2), warm_up=False
                )
            )
        if agrum is not None:
            ask = agrum[0]
            start = time.perf_counter()
            answer = ask(target, evidence)
            times["pyAgrum 1st"].append(time.perf_counter() - start)
            check(got, answer, states, f"{name} {text} (pyAgrum)", PYAGRUM_ATOL)
            times["pyAgrum"].append(
                median_time(lambda ask=ask, t=target, e=evidence: ask(t, e), repeat, warm_up=False)
            )
    return {k: statistics.median(v) for k, v in times.items() if v}


def bench_all_posteriors(repeat: int) -> list[tuple[str, float]]:
    f = pt.examples.load("alarm")
    evidence = {"HRBP": "HIGH", "BP": "LOW", "CVP": "LOW", "SAO2": "LOW", "PRESS": "ZERO"}
    behind = ", ".join(f"{k}={v}" for k, v in evidence.items())
    others = [v for v in f.variables if v not in evidence]
    one = f"p(LVFAILURE | {behind})"
    f.query(one)
    f.posteriors(evidence)
    rows = [
        ("one query (probtables)", median_time(lambda: f.query(one), repeat, warm_up=False)),
        (
            "all posteriors, numbers (probtables)",
            median_time(lambda: f.posteriors(evidence), repeat, warm_up=False),
        ),
        (
            "all posteriors, 34 Tables built (probtables)",
            median_time(lambda: list(f.posteriors(evidence).values()), repeat, warm_up=False),
        ),
        (
            "one query per variable (probtables)",
            median_time(
                lambda: [f.query(f"p({v} | {behind})") for v in others],
                max(1, repeat // 2),
                warm_up=False,
            ),
        ),
    ]
    post = f.posteriors(evidence)
    agrum = pyagrum_engine("alarm")
    if agrum is not None:
        _, ie, posterior, label = agrum
        labelled = {k: label(k, s) for k, s in evidence.items()}

        def all_agrum() -> list:
            ie.setEvidence(labelled)
            ie.makeInference()
            return [ie.posterior(v) for v in others]

        all_agrum()
        for v in others:
            check(
                post.probabilities(v),
                posterior(v),
                f.term(v).table.states[v],
                f"alarm posterior of {v} (pyAgrum)",
                PYAGRUM_ATOL,
            )

        def one_agrum() -> Any:
            return agrum[0]("LVFAILURE", evidence)

        rows.append(("one query (pyAgrum)", median_time(one_agrum, repeat, warm_up=False)))
        rows.append(("all posteriors (pyAgrum)", median_time(all_agrum, repeat, warm_up=False)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--networks", nargs="*", default=list(NETWORKS))
    args = parser.parse_args()
    columns = ("probtables", "first ask", "numpy", "pgmpy", "pyAgrum", "pyAgrum 1st")
    print(f"median per query over {args.queries} random queries (ms); ratio = time / numpy")
    print(
        f"{'network':<10}"
        + "".join(f"{c:>12}" for c in columns)
        + "".join(f"{c + '/np':>15}" for c in columns if c != "numpy")
    )
    for name in args.networks:
        result = bench_network(name, args.queries, args.repeat)
        cells = "".join(f"{result[c] * 1e3:>12.3f}" if c in result else f"{'-':>12}" for c in columns)
        ratios = "".join(
            f"{result[c] / result['numpy']:>15.2f}" if c in result else f"{'-':>15}"
            for c in columns
            if c != "numpy"
        )
        print(f"{name:<10}{cells}{ratios}", flush=True)
    print("\nalarm, all posteriors given 5 evidence variables (ms)")
    rows = bench_all_posteriors(args.repeat)
    one = rows[0][1]
    for label, seconds in rows:
        print(f"  {label:<46}{seconds * 1e3:>9.3f}   x{seconds / one:.2f} of one probtables query")


if __name__ == "__main__":
    main()
