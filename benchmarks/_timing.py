"""The clocks the benchmarks share: best of turns in CPU time, and medians of wall time.

The benchmarks are scripts (``python benchmarks/bench_table.py``): Python puts this folder on
the path, so they import this module as ``_timing``.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def best_times(
    functions: Sequence[Callable[[], Any]], repeat: int, clock: Callable[[], float] = time.process_time
) -> list[float]:
    """Best time of each function over the repetitions (as ``timeit``: the least disturbed run).

    The functions take turns, so slow phases of the machine hit all alike. The default clock is
    the process's CPU time (``time.process_time``, all its threads), so time spent waiting for a
    core on a loaded machine is not counted; pass ``time.perf_counter`` for wall time.
    """
    for function in functions:
        function()  # warm-up
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for i, function in enumerate(functions):
            gc.collect()
            start = clock()
            function()
            times[i].append(clock() - start)
    return [min(t) for t in times]


def median_time(function: Callable[[], Any], repeat: int, *, warm_up: bool = True) -> float:
    """The median wall time of ``repeat`` calls (after one untimed call when ``warm_up``)."""
    if warm_up:
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
