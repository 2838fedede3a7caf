r"""The cached integer index of a DAG, and the Bayes-ball reachability kernels.

Every query of :mod:`probtables.dag` starts from :func:`_index`: the graph's
nodes in topological order, parent and child lists as integer positions, and
(for graphs up to ``_ANCESTOR_BITS_MAX`` nodes) the ancestor set of every node
as a bitset. The index is built once, validated (directed, acyclic) and cached
on the graph. The names in a query are turned into positions here too, with
an error that lists the graph's variables and a close match.

Two kernels decide d-separation on the index, both by the rules of the Bayes
ball (Shachter, UAI 1998; Koller and Friedman, algorithm 3.1):
:func:`_connected` is the fast yes/no answer on ancestor bitsets, and
:func:`_active_trail` searches the same moves on Python sets, breadth first
for a shortest active trail (:func:`probtables.dag.explain`) or depth first
for the yes/no answer on graphs too large for bitsets.

Depends only on networkx, :mod:`probtables.errors` and
:mod:`probtables.independence`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

import networkx as nx

from probtables.errors import StructureCycleError, StructureError, UnknownVariableError, did_you_mean
from probtables.independence import Independence

#: What a statement may be given as.
StatementLike = Independence | str

_CACHE_KEY = "probtables.dag"
_ANCESTOR_BITS_MAX = 4096  # above this many nodes, ancestor sets are not precomputed
_SHOW_VARIABLES = 30  # names listed in an unknown-variable message


def _find_cycle(graph: nx.DiGraph) -> list[Any]:
    """A directed cycle as a closed node list ``[a, b, ..., a]``, or ``[]``.

    The cycle is rotated to start at its earliest node in the graph's node order.
    """
    try:
        edges = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return []
    cycle = [u for u, *_ in edges]
    order = {v: i for i, v in enumerate(graph)}
    start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
    cycle = cycle[start:] + cycle[:start]
    return cycle + [cycle[0]]


# --------------------------------------------------------------------------- the cached index


class _Index:
    """Integer view of a DAG: nodes in topological order, parent/child lists, ancestor bitsets.

    ``anc[i]`` has bit ``j`` set iff node ``j`` is an ancestor of node ``i`` or ``i``
    itself (``None`` for graphs above ``_ANCESTOR_BITS_MAX`` nodes).
    """

    __slots__ = ("nodes", "pos", "pa", "ch", "anc", "n")

    def __init__(self, graph: nx.DiGraph) -> None:
        nodes = tuple(nx.lexicographical_topological_sort(graph, key=str))
        pos = {v: i for i, v in enumerate(nodes)}
        pred, succ = graph.pred, graph.succ
        self.nodes = nodes
        self.pos = pos
        self.n = len(nodes)
        self.pa = [sorted(pos[u] for u in pred[v]) for v in nodes]
        self.ch = [sorted(pos[w] for w in succ[v]) for v in nodes]
        if self.n <= _ANCESTOR_BITS_MAX:
            anc = [0] * self.n
            for i, pa in enumerate(self.pa):
                mask = 1 << i
                for p in pa:
                    mask |= anc[p]
                anc[i] = mask
            self.anc: list[int] | None = anc
        else:
            self.anc = None

    def names(self, positions: Iterable[int]) -> tuple[str, ...]:
        """The nodes at `positions`, in that order."""
        nodes = self.nodes
        return tuple(nodes[i] for i in positions)

    def adjacent(self) -> list[set[int]]:
        """For each node, the set of its parents and children."""
        return [set(p) | set(c) for p, c in zip(self.pa, self.ch)]

    def ancestral(self, members: Iterable[int]) -> set[int]:
        """The ancestral closure of `members` (themselves included), as a set."""
        seen = set(members)
        stack = list(seen)
        pa = self.pa
        while stack:
            for p in pa[stack.pop()]:
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        return seen


def _index(graph: nx.DiGraph, op: str) -> _Index:
    """The cached :class:`_Index` of `graph`, built (and validated) on first use.

    The cache lives in ``graph.__networkx_cache__``, which every networkx method
    that changes the graph (``add_edge``, ``remove_node``, ``clear``, ...) empties,
    so a changed graph is never answered from a stale index. Views (subgraph,
    reverse, ``copy(as_view=True)``) change with another graph, so they are not
    cached at all.
    """
    cache = getattr(graph, "__networkx_cache__", None)
    cacheable = cache is not None and getattr(graph, "_graph", None) is None
    if cache is not None and cacheable:
        index = cache.get(_CACHE_KEY)
        if index is not None and index.n == len(graph):
            return index
    if not isinstance(graph, nx.Graph) or not graph.is_directed():
        raise StructureError(
            f"{op}(): expected a directed graph (networkx.DiGraph), got {type(graph).__name__}"
        )
    try:
        index = _Index(graph)
    except nx.NetworkXUnfeasible:
        cycle = _find_cycle(graph)
        raise StructureCycleError(
            f"{op}(): the graph has a cycle, {' -> '.join(map(str, cycle))}; "
            "a factorization's graph must be acyclic"
        ) from None
    if cache is not None and cacheable:
        cache[_CACHE_KEY] = index
    return index


# --------------------------------------------------------------------------- names to positions


def _unknown(op: str, names: Iterable[Any], index: _Index) -> UnknownVariableError:
    """The error for names that are not nodes of the graph, with a close match if any."""
    names = sorted(names, key=str)
    known = index.nodes
    shown = ", ".join(repr(v) for v in known[:_SHOW_VARIABLES])
    if len(known) > _SHOW_VARIABLES:
        shown += f", ... ({len(known)} variables)"
    which = (
        f"variable {names[0]!r}"
        if len(names) == 1
        else ("variables " + ", ".join(repr(n) for n in names))
    )
    message = f"{op}(): unknown {which}; the graph has ({shown})."
    if len(names) == 1:
        message += did_you_mean(names[0], known)
    return UnknownVariableError(message)


def _positions(op: str, index: _Index, names: Iterable[Any]) -> list[int]:
    pos = index.pos
    try:
        return [pos[v] for v in names]
    except (KeyError, TypeError):
        pass
    unknown = []
    for v in names:
        try:
            if v in pos:
                continue
        except TypeError:  # unhashable: certainly not a node
            pass
        unknown.append(v)
    raise _unknown(op, unknown, index)


def _locate(graph: nx.DiGraph, v: Any, op: str) -> tuple[_Index, int]:
    """The index of `graph` and the position of node `v` in it."""
    index = _index(graph, op)
    (i,) = _positions(op, index, [v])
    return index, i


def _statement(
    op: str, index: _Index, statement: StatementLike
) -> tuple[Independence, list[int], list[int], list[int]]:
    s = Independence.coerce(statement)
    pos = index.pos
    try:
        return s, [pos[v] for v in s.left], [pos[v] for v in s.right], [pos[v] for v in s.given]
    except KeyError:
        raise _unknown(op, [v for v in s.variables if v not in pos], index) from None


# --------------------------------------------------------------------------- reachability


def _connected(index: _Index, xs: list[int], ys: set[int], zs: set[int]) -> bool:
    """Whether some active trail joins `xs` to `ys` given `zs` (Bayes-ball reachability).

    A ball arriving at a node "up" (from a child) passes to its parents and
    children unless the node is observed; one arriving "down" (from a parent)
    passes to the children if the node is unobserved, and bounces to the parents
    if it is an observed node or an ancestor of one (an open collider). Moves
    down into nodes outside the ancestral set of ``xs | ys | zs`` are skipped:
    from there a ball can never come back up.

    This is the fast path, on the ancestor bitsets; graphs without them are
    answered by :func:`_active_trail`, which applies the same rules on sets.
    """
    anc = index.anc
    if anc is None:
        return _active_trail(index, xs, ys, zs, shortest=False) is not None
    an_z = 0
    for z in zs:
        an_z |= anc[z]
    an_all = an_z
    for v in xs:
        an_all |= anc[v]
    for v in ys:
        an_all |= anc[v]
    pa, ch = index.pa, index.ch
    up_seen = set(xs)
    down_seen: set[int] = set()
    up = list(xs)
    down: list[int] = []
    while up or down:
        if up:
            v = up.pop()
            if v in ys:
                return True
            if v in zs:
                continue
            for p in pa[v]:
                if p not in up_seen:
                    up_seen.add(p)
                    up.append(p)
            for c in ch[v]:
                if c not in down_seen and an_all >> c & 1:
                    down_seen.add(c)
                    down.append(c)
        else:
            v = down.pop()
            if v in ys:
                return True
            if v not in zs:
                for c in ch[v]:
                    if c not in down_seen and an_all >> c & 1:
                        down_seen.add(c)
                        down.append(c)
            if an_z >> v & 1:
                for p in pa[v]:
                    if p not in up_seen:
                        up_seen.add(p)
                        up.append(p)
    return False


def _active_trail(
    index: _Index, xs: list[int], ys: set[int], zs: set[int], *, shortest: bool = True
) -> list[int] | None:
    """An active trail from `xs` to `ys` given `zs` (node positions), or None.

    A search over (node, direction) states with the rules of :func:`_connected`,
    a state ``2 * v`` for arriving at ``v`` up (from a child), ``2 * v + 1`` down
    (from a parent). Breadth first (`shortest`), the trail found is a shortest
    one and simple: a shortest walk of this search never revisits a node (a
    revisit could be cut out). Depth first, it stops sooner but its walk may
    revisit a node; use it only to ask whether a trail exists.
    """
    an_z = index.ancestral(zs)
    an_all = index.ancestral(list(zs) + list(xs) + list(ys))
    pa, ch = index.pa, index.ch
    prev: dict[int, int] = {}
    queue: deque[int] = deque()
    take = queue.popleft if shortest else queue.pop
    for x in sorted(xs):
        prev[2 * x] = prev[2 * x + 1] = -1
        queue.append(2 * x)
    while queue:
        state = take()
        v = state >> 1
        if state & 1:  # arrived down, from a parent
            moves = [] if v in zs else [2 * c + 1 for c in ch[v] if c in an_all]
            if v in an_z:
                moves += [2 * p for p in pa[v]]
        elif v in zs:
            continue
        else:  # arrived up, from a child
            moves = [2 * p for p in pa[v]] + [2 * c + 1 for c in ch[v] if c in an_all]
        for nxt in moves:
            if nxt in prev:
                continue
            prev[nxt] = state
            if nxt >> 1 in ys:
                path = [nxt >> 1]
                while state != -1:
                    path.append(state >> 1)
                    state = prev[state]
                return path[::-1]
            queue.append(nxt)
    return None
