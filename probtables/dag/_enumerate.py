r"""Enumeration of the independencies a DAG implies: local, pairwise and all.

:func:`independencies` lists one kind of statement (re-exported by
:mod:`probtables.dag`, whose module docstring explains the Markov properties
behind the three kinds). ``"local"`` reads each variable's non-descendants off
the index; ``"pairwise"`` finds one minimal separator per non-adjacent pair in
the ancestral moral graph (on bitsets where the index has ancestor bitsets);
``"all"`` runs the Bayes-ball rules on bitsets over all conditioning sets at
once, behind a size guard (``limit``, default :data:`DEFAULT_LIMIT`) that raises
:class:`~probtables.errors.EnumerationLimitError` instead of running for hours.

Depends only on networkx, :mod:`probtables.errors`,
:mod:`probtables.independence` and the index of :mod:`probtables.dag._graphindex`.
"""

from __future__ import annotations

from typing import Literal

import networkx as nx

from probtables.dag._graphindex import _Index, _index
from probtables.errors import EnumerationLimitError, UnknownKindError, did_you_mean
from probtables.independence import Independence

__all__ = ["independencies", "UnknownKindError", "DEFAULT_LIMIT"]

DEFAULT_LIMIT = 1_000_000  # tests (pairs x subsets) that kind="all" may run


_make_statement = Independence._trusted

Kind = Literal["local", "pairwise", "all"]
_KINDS = ("local", "pairwise", "all")


def independencies(
    graph: nx.DiGraph, kind: Kind = "local", *, limit: int | None = DEFAULT_LIMIT
) -> list[Independence]:
    r"""List the independence statements the DAG implies, of one kind.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.
    kind : {"local", "pairwise", "all"}
        * ``"local"``: for each variable :math:`v` (in topological order, free
          ones excepted), :math:`v \perp \mathrm{ND}(v) \setminus \mathrm{Pa}(v)
          \mid \mathrm{Pa}(v)`, its non-descendants given its parents (left out
          when nothing is left on the right, or when it is the same statement
          as an earlier one seen from the other side: ``z ⊥ y`` after ``y ⊥ z``).
        * ``"pairwise"``: for each non-adjacent pair :math:`u, v` (the earlier
          one in topological order on the left), one *minimal* separating set
          :math:`Z`: removing any variable from it breaks the separation [1]_.
        * ``"all"``: every statement :math:`x \perp y \mid Z` with single
          variables :math:`x, y` and any set :math:`Z` of other variables that
          d-separation implies. Statements between sets follow from these:
          d-separation has the composition property, :math:`X \perp Y \mid Z`
          exactly when :math:`x \perp y \mid Z` for all :math:`x \in X, y \in Y`.
    limit : int or None, optional
        For ``kind="all"`` only: the largest number of d-separation tests
        (pairs times :math:`2^{n-2}` conditioning sets) to run; ``None`` for no
        limit. The default, one million, allows about 15 variables (asia's 8
        take 1,792 tests, sachs' 11 take 28,160).

    Returns
    -------
    list of Independence
        Deterministic order: by topological position of the left then the
        right variable; within a pair (``"all"``), smaller conditioning sets
        first, then by the topological positions of their members. Free
        variables are nodes like the others (they may appear on either side).

    Raises
    ------
    EnumerationLimitError
        If ``kind="all"`` would run more than `limit` tests.
    UnknownKindError
        If `kind` is not one of the three.
    StructureCycleError
        If `graph` has a cycle.

    See Also
    --------
    probtables.dag.implies

    Notes
    -----
    ``"pairwise"`` uses the construction of [1]_ on the moral graph of the
    ancestral set of the pair. ``"all"`` tests all conditioning sets of a
    source variable at once: each node's reachability is a bitset over the
    :math:`2^n` subsets (a Python ``int``), and the Bayes-ball rules become
    bitwise operations, iterated to a fixed point.

    References
    ----------
    .. [1] B. van der Zander and M. Liśkiewicz, "Finding minimal d-separators in
       linear time and applications", UAI 2020, 637-647.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> pt.dag.independencies(g, "local")
    [Independence('y ⊥ z')]
    >>> pt.dag.independencies(g, "all")
    [Independence('y ⊥ z')]
    >>> chain = pt.dag.build_dag([(("a",), ()), (("b",), ("a",)), (("c",), ("b",))])
    >>> pt.dag.independencies(chain, "pairwise")
    [Independence('a ⊥ c | b')]
    """
    if kind not in _KINDS:
        hint = did_you_mean(kind, _KINDS)
        raise UnknownKindError(
            f"independencies(): unknown kind {kind!r}; choose 'local', 'pairwise' or 'all'.{hint}"
        )
    index = _index(graph, "independencies")
    if kind == "local":
        return _local(graph, index)
    if kind == "pairwise":
        return _pairwise(index)
    n = index.n
    pairs = n * (n - 1) // 2
    work = pairs * 2 ** (n - 2) if n >= 2 else 0
    if limit is not None and work > limit:
        raise EnumerationLimitError(
            f"independencies(kind='all'): about {work:,} d-separation tests "
            f"({pairs:,} pairs x 2**{n - 2} conditioning sets) exceed limit={limit:,}; "
            f"pass limit={work} (or limit=None) to enumerate anyway, or ask for kind='pairwise' or 'local'"
        )
    return _all(index)


def _descendants(index: _Index) -> list[set[int]]:
    desc: list[set[int]] = [set() for _ in range(index.n)]
    for i in reversed(range(index.n)):
        for c in index.ch[i]:
            desc[i].add(c)
            desc[i] |= desc[c]
    return desc


def _local(graph: nx.DiGraph, index: _Index) -> list[Independence]:
    nodes = index.nodes
    desc = _descendants(index)
    everyone = set(range(index.n))
    out = []
    for i, v in enumerate(nodes):
        if graph.nodes[v].get("free", False):
            continue
        pa = set(index.pa[i])
        rest = everyone - desc[i] - pa - {i}
        if rest:
            out.append(
                _make_statement(
                    frozenset((v,)), frozenset(nodes[j] for j in rest), frozenset(nodes[p] for p in pa)
                )
            )
    return list(dict.fromkeys(out))  # y ⊥ z from y and z ⊥ y from z are one statement


def _minimal_separator(index: _Index, x: int, y: int) -> set[int]:
    """A minimal d-separator of non-adjacent `x` and `y`, in the ancestral moral graph.

    With :math:`A = An(\\{x, y\\})`: :math:`Z_x` = the moral neighbours of `x`
    in :math:`A` (they separate `x` from `y`); then keep those members of
    :math:`Z_x` that touch the component of `y` once :math:`Z_x` is removed.
    Each kept node lies on a path x - z - ... - y, so none can be dropped.
    """
    pa, ch = index.pa, index.ch
    area = index.ancestral((x, y))

    def neighbours(v: int) -> set[int]:
        out = set(pa[v])
        for c in ch[v]:
            if c in area:
                out.add(c)
                out.update(pa[c])
        out.discard(v)
        return out

    zx = neighbours(x)
    seen = {y}
    stack = [y]
    touched: set[int] = set()
    while stack:
        for u in neighbours(stack.pop()):
            if u in zx:
                touched.add(u)
            elif u not in seen:
                seen.add(u)
                stack.append(u)
    return touched


def _minimal_separator_bits(
    index: _Index, x: int, y: int, pa_mask: list[int], co_mask: list[int]
) -> int:
    """:func:`_minimal_separator` on bitsets (graphs with precomputed ancestor sets).

    ``pa_mask[v]`` is the bitset of `v`'s parents, ``co_mask[c]`` that of `c` and its
    parents: the moral neighbours `c` brings to each of its parents.
    """
    ch = index.ch
    assert index.anc is not None
    area = index.anc[x] | index.anc[y]
    zx = pa_mask[x]
    for c in ch[x]:
        if area >> c & 1:
            zx |= co_mask[c]
    zx &= ~(1 << x)
    outside = ~zx  # the component of y may not enter zx
    comp = 1 << y
    touched = 0
    stack = [y]
    while stack:
        v = stack.pop()
        m = pa_mask[v]
        for c in ch[v]:
            if area >> c & 1:
                m |= co_mask[c]
        touched |= m & zx
        new = m & outside & ~comp
        if new:
            comp |= new
            while new:
                low = new & -new
                stack.append(low.bit_length() - 1)
                new ^= low
    return touched


def _pairwise(index: _Index) -> list[Independence]:
    nodes, n = index.nodes, index.n
    adjacent = index.adjacent()
    out = []
    if index.anc is not None:
        pa_mask = [sum(1 << p for p in pa) for pa in index.pa]
        co_mask = [(1 << c) | pa_mask[c] for c in range(n)]
    for i in range(n):
        left = frozenset((nodes[i],))
        for j in range(i + 1, n):
            if j in adjacent[i]:
                continue
            if index.anc is not None:
                bits = _minimal_separator_bits(index, i, j, pa_mask, co_mask)
                z = []
                while bits:
                    low = bits & -bits
                    z.append(low.bit_length() - 1)
                    bits ^= low
            else:
                z = sorted(_minimal_separator(index, i, j))
            out.append(_make_statement(left, frozenset((nodes[j],)), frozenset(nodes[k] for k in z)))
    return out


def _subset_patterns(n: int) -> tuple[int, list[int]]:
    """``(full, pattern)``: bit ``k`` of ``pattern[p]`` is set iff subset ``k`` contains node ``p``.

    Subsets of ``range(n)`` are numbered by their bitmask ``k`` in ``range(2**n)``.
    """
    size = 1 << n
    full = (1 << size) - 1
    patterns = []
    for p in range(n):
        width = 1 << p
        block = ((1 << width) - 1) << width  # 2*width bits: the upper half set
        span = 2 * width
        while span < size:
            block |= block << span
            span *= 2
        patterns.append(block)
    return full, patterns


def _all(index: _Index) -> list[Independence]:
    n = index.n
    if n < 2:
        return []
    nodes, pa, ch = index.nodes, index.pa, index.ch
    full, zpat = _subset_patterns(n)
    # an_z[v]: the subsets Z for which v is observed or has an observed descendant
    an_z = list(zpat)
    for v in reversed(range(n)):
        for c in ch[v]:
            an_z[v] |= an_z[c]
    free = [full ^ zp for zp in zpat]  # subsets in which v is not observed
    order = range(n)
    reverse = range(n - 1, -1, -1)
    # rank of each subset in the output order: by size, then by member positions
    rank = sorted(range(1 << n), key=lambda k: (k.bit_count(), [p for p in range(n) if k >> p & 1]))
    position = [0] * (1 << n)
    for r, k in enumerate(rank):
        position[k] = r
    given_sets: dict[int, frozenset[str]] = {}
    make = _make_statement
    out: list[Independence] = []
    for x in range(n):
        up = [0] * n  # subsets in which the ball can arrive at v from a child
        down = [0] * n  # ... from a parent
        start = free[x]
        while True:
            changed = False
            for v in reverse:
                bits = start if v == x else 0
                for c in ch[v]:
                    bits |= (up[c] & free[c]) | (down[c] & an_z[c])
                if bits != up[v]:
                    up[v] = bits
                    changed = True
            for v in order:
                bits = 0
                for p in pa[v]:
                    bits |= (up[p] | down[p]) & free[p]
                if bits != down[v]:
                    down[v] = bits
                    changed = True
            if not changed:
                break
        for y in range(x + 1, n):
            separated = start & free[y] & ~(up[y] | down[y])
            if not separated:
                continue
            text = bin(separated)[:1:-1]  # bit k is text[k]
            ks = []
            k = text.find("1")
            while k != -1:
                ks.append(k)
                k = text.find("1", k + 1)
            ks.sort(key=position.__getitem__)
            left, right = frozenset((nodes[x],)), frozenset((nodes[y],))
            for k in ks:
                given = given_sets.get(k)
                if given is None:
                    given = frozenset(nodes[p] for p in range(n) if k >> p & 1)
                    given_sets[k] = given
                out.append(make(left, right, given))
    return out
