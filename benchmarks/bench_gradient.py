"""The whole gradient of a query on alarm against one query, a numpy baseline and finite differences.

Run from the repository root::

    PYTHONPATH=. python benchmarks/bench_gradient.py [--queries 20] [--repeat 15]

For the issue's question ``p(LVFAILURE=TRUE | HRBP=HIGH)`` and for ``--queries``
random point queries ``p(target=s | e1=.., ..., ek=..)`` (2 to 5 evidence
variables, states from a forward sample so that p(e) > 0), each timed as the
median of ``--repeat`` calls after a warm-up call:

* ``query``: ``f.query(text)``, one pruned variable elimination (the unit);
* ``numpy``: a hand-written baseline for the same query: ancestral pruning,
  evidence slices and one ``numpy.einsum`` with a precomputed greedy path;
* ``gradient``: ``f.gradient(text)``, the partial derivatives with respect to
  every entry of all 37 tables (one forward and one backward sweep, over every
  table since a barren table has derivatives too); ``+ tables`` also builds the
  37 derivative tables;
* ``posteriors``: ``f.posteriors(evidence)``, the engine's own forward and backward
  sweep over every table, for the work a whole gradient must do;
* ``sensitivity``: ``f.sensitivity(text)``, the ranked DataFrame with
  proportional co-variation (one row per entry);
* ``finite differences``: what one forward difference per free parameter costs
  (alarm has 509): 509 queries on networks rebuilt with one column moved,
  measured on a sample of parameters and scaled; and the lower bound of 509
  queries on the network as it is (no rebuilding).

Each gradient is checked against central differences of re-run queries on a few
entries (proportional co-variation, the networks rebuilt) before it is timed.
Ratios are times divided by the query's (and by the numpy baseline's).
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
from probtables.notation import Item, parse_term


def numpy_baseline(
    f: pt.Factorization, target: str, state: Any, evidence: dict[str, Any]
) -> Callable[[], float]:
    """Ancestral pruning, evidence slices, one numpy.einsum with a precomputed path: p(target=state | e)."""
    letters = dict(zip(f.variables, string.ascii_letters))
    dag = f.dag
    keep = {target, *evidence}
    for v in list(keep):
        keep |= nx.ancestors(dag, v)
    index = {v: f.term(v).table.states[v].index(s) for v, s in evidence.items()}
    operands, subscripts = [], []
    for v in sorted(keep):
        table = f.term(v).table
        order = list(table.variables)
        array = table.to_array(order)
        operands.append(array[tuple(index.get(u, slice(None)) for u in order)])
        subscripts.append("".join(letters[u] for u in order if u not in evidence))
    spec = ",".join(subscripts) + "->" + letters[target]
    path = np.einsum_path(spec, *operands, optimize="greedy")[0]
    k = f.term(target).table.states[target].index(state)

    def run() -> float:
        result = np.einsum(spec, *operands, optimize=path)
        return float(result[k] / result.sum())

    return run


def moved(f: pt.Factorization, parameter: str, delta: float) -> pt.Factorization:
    """``f`` with the entry moved by delta and the rest of its column rescaled (proportional co-variation)."""
    spec = parse_term(parameter)
    variable = spec.head_names[0]
    table = f.term(variable).table
    states = {v: table.states[v] for v in table.variables}
    array = table.to_array(table.variables).copy()
    column = tuple(
        slice(None) if v == variable else states[v].index(spec.evidence[v]) for v in table.variables
    )
    entries = array[column]
    x = states[variable].index(spec.event[variable])
    theta = entries[x] + delta
    others = np.arange(len(entries)) != x
    entries[others] *= (1 - theta) / (1 - entries[x])
    entries[x] = theta
    array[column] = entries
    new = pt.Table.from_array(array, states=states, given=table.given, atol=1e-6)  # BIF columns of 1/3
    return f.with_tables([new if t.head == (variable,) else t.table for t in f.terms])


def free_parameters(f: pt.Factorization) -> int:
    total = 0
    for term in f.terms:
        array = term.table.to_array(list(term.given) + list(term.head))
        columns = int(np.prod(array.shape[: len(term.given)]))
        total += columns * (array.shape[-1] - 1)
    return total


def check_gradient(f: pt.Factorization, text: str, entries: int = 3) -> None:
    ranked = f.sensitivity(text)
    h = 1e-6
    for row in ranked.head(entries).itertuples():
        if not 2 * h < row.value < 1 - 2 * h:
            continue
        slope = (moved(f, row.parameter, h).query(text) - moved(f, row.parameter, -h).query(text)) / (
            2 * h
        )
        assert abs(slope - row.derivative) <= 1e-5 * (1 + abs(slope)), (
            text,
            row.parameter,
            slope,
            row.derivative,
        )


def random_queries(f: pt.Factorization, n: int, seed: int) -> list[tuple[str, str, Any, dict[str, Any]]]:
    rng = np.random.default_rng(seed)
    names = list(f.variables)
    draws = f.sample(n, seed=seed)
    out = []
    for i in range(n):
        k = int(rng.integers(2, 6))
        chosen = rng.choice(len(names), size=k + 1, replace=False)
        target = names[chosen[0]]
        state = draws[target].iloc[i]
        evidence = {names[j]: draws[names[j]].iloc[i] for j in chosen[1:]}
        text = (
            f"p({Item.of(target, state)} | {', '.join(str(Item.of(n, v)) for n, v in evidence.items())})"
        )
        out.append((text, target, state, evidence))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--fd-sample", type=int, default=20, help="parameters timed for the rebuilt differences"
    )
    args = parser.parse_args()

    f = pt.examples.load("alarm")
    n_free = free_parameters(f)
    print(
        f"alarm: {len(f.terms)} tables, {sum(t.table.to_array().size for t in f.terms)} entries, {n_free} free parameters"
    )
    cases = [("p(LVFAILURE=TRUE | HRBP=HIGH)", "LVFAILURE", "TRUE", {"HRBP": "HIGH"})]
    cases += random_queries(f, args.queries, seed=0)
    rows = []
    for text, target, state, evidence in cases:
        check_gradient(f, text)
        t_query = median_time(lambda text=text: f.query(text), args.repeat)
        t_numpy = median_time(numpy_baseline(f, target, state, evidence), args.repeat)
        t_grad = median_time(lambda text=text: f.gradient(text), args.repeat)
        t_tables = median_time(lambda text=text: list(f.gradient(text).values()), args.repeat)
        rows.append((text, t_query, t_numpy, t_grad, t_tables))

    text, t_query, t_numpy, t_grad, t_tables = rows[0]
    t_sens = median_time(lambda: f.sensitivity(text), max(3, args.repeat // 3))
    t_post = median_time(lambda: f.posteriors({"HRBP": "HIGH"}), args.repeat)
    ranked = f.sensitivity(text, covariation="none")
    sample = [p for p, v in zip(ranked.parameter, ranked.value) if 1e-3 < v < 1 - 1e-3][: args.fd_sample]
    start = time.perf_counter()
    for parameter in sample:
        moved(f, parameter, 1e-6).query(text)
    t_rebuilt = (time.perf_counter() - start) / len(sample)

    print(f"\nthe issue's question {text} (times in ms; ratios to one query, and to the numpy baseline)")
    print(
        f"  one query                      {t_query * 1e3:8.3f}   1.0x   ({t_query / t_numpy:.2f}x numpy)"
    )
    print(f"  numpy einsum baseline          {t_numpy * 1e3:8.3f}   {t_numpy / t_query:.2f}x")
    print(
        f"  gradient (all 37 tables)       {t_grad * 1e3:8.3f}   {t_grad / t_query:.2f}x   ({t_grad / t_numpy:.2f}x numpy)"
    )
    print(f"  gradient + derivative tables   {t_tables * 1e3:8.3f}   {t_tables / t_query:.2f}x")
    print(
        f"  all posteriors (also a forward and a backward sweep over every table)"
        f" {t_post * 1e3:8.3f}   {t_post / t_query:.2f}x   -> gradient / posteriors {t_grad / t_post:.2f}x"
    )
    print(f"  sensitivity (ranked frame)     {t_sens * 1e3:8.3f}   {t_sens / t_query:.2f}x")
    fd_bound = n_free * t_query
    fd_rebuilt = n_free * (t_rebuilt + 0) + t_query
    print(
        f"  finite differences, {n_free} queries, no rebuilding (a lower bound)   {fd_bound * 1e3:8.1f}   {fd_bound / t_query:.0f}x"
        f"   -> the gradient is {fd_bound / t_grad:.0f}x faster"
    )
    print(
        f"  finite differences, {n_free} rebuilt networks + queries ({len(sample)} timed) {fd_rebuilt * 1e3:8.1f}   {fd_rebuilt / t_query:.0f}x"
        f"   -> the gradient is {fd_rebuilt / t_grad:.0f}x faster"
    )

    ratios = [g / q for _, q, _, g, _ in rows[1:]]
    numpy_ratios = [g / n for _, _, n, g, _ in rows[1:]]
    print(f"\n{len(rows) - 1} random point queries (2 to 5 evidence variables), medians:")
    print(
        f"  one query {statistics.median(q for _, q, _, _, _ in rows[1:]) * 1e3:.3f} ms, "
        f"gradient {statistics.median(g for _, _, _, g, _ in rows[1:]) * 1e3:.3f} ms"
    )
    print(
        f"  gradient / one query: median {statistics.median(ratios):.2f}x (min {min(ratios):.2f}x, max {max(ratios):.2f}x)"
    )
    print(f"  gradient / numpy baseline query: median {statistics.median(numpy_ratios):.2f}x")


if __name__ == "__main__":
    main()
