r"""The DAG of a factorization, and the independencies it implies (d-separation).

Concepts
--------
**From a factorization to a DAG.** A factorization such as
:math:`p(x, y, z) = p(z)\,p(y)\,p(x \mid y, z)` writes each variable once in
front of a bar (its *head*) and conditions it on some others. Draw one node per
variable and an arrow from each conditioning variable to the head it
conditions: ``y -> x <- z``. The product is a valid chain-rule factorization
when every variable heads exactly one term and the arrows have no cycle, i.e.
the graph is a *directed acyclic graph* (DAG). A variable that appears only
behind a bar is *free*: nothing says how it is distributed, and the product is
a conditional distribution given it. A term with several heads,
:math:`p(y, z \mid w, x)`, says nothing about its heads among themselves, so
they become a complete sub-DAG in their written order (``y -> z``), which
implies exactly the independencies any other order would.

**Trails.** A *trail* is a path that ignores the direction of the arrows. Each
interior node of a trail is one of three kinds, by the arrows on either side:

* a *chain*, ``a -> m -> b`` (or ``a <- m <- b``): ``m`` passes influence on;
* a *fork*, ``a <- m -> b``: ``m`` is a common cause of both ends;
* a *collider*, ``a -> m <- b``: ``m`` is a common effect.

**Blocked and active.** Given a set :math:`Z` of observed variables, a trail
is *blocked* at a chain or fork node that is observed (knowing the middle cuts
the link) and at a collider that is *not* observed and has no observed
descendant (two causes are independent until their effect is seen). Otherwise
it is *active*: in particular an observed collider *opens* the trail
("explaining away"). Sets :math:`X` and :math:`Y` are *d-separated* by
:math:`Z` when every trail between them is blocked.

**Why it matters.** If :math:`X` and :math:`Y` are d-separated by :math:`Z`
in the DAG of a factorization, then :math:`X \perp Y \mid Z` holds in *every*
distribution that factorizes so, whatever the numbers in its tables
(soundness); and if they are not, the independence fails for almost every
choice of numbers (completeness) [2]_. :func:`implies` therefore reads
independencies off the structure alone.

**How it is computed.** :func:`implies` runs a reachability search in the
spirit of the Bayes ball [3]_ and of Koller and Friedman's algorithm 3.1 [4]_:
a ball starts at :math:`X`, travels along arrows in either direction, and
passes, bounces or stops at each node by the three rules above; :math:`X` and
:math:`Y` are d-separated exactly when no ball reaches :math:`Y`. The search
never leaves the ancestral set of :math:`X \cup Y \cup Z` (a trail that does
is blocked at an unobserved collider), and the graph's topological order and
ancestor sets are computed once and cached on the graph. :func:`explain`
returns the shortest active trail (a breadth-first version of the same search)
or, when the statement holds, where each trail is blocked.

Markov properties. The *local* statements (each variable independent of its
non-descendants given its parents), the *pairwise* statements (each
non-adjacent pair separated by some minimal set [5]_) and the *global* ones
(all d-separations) describe the same family of distributions;
:func:`independencies` lists each kind. Two DAGs imply the same
independencies exactly when they have the same skeleton and the same
v-structures (:func:`is_markov_equivalent`, [6]_).

Worked example
--------------
The notes' model :math:`p(z)\,p(y)\,p(x \mid y, z)`: ``x`` is a common
effect of ``y`` and ``z``.

>>> from probtables.dag import build_dag, implies, explain
>>> g = build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
>>> sorted(g.edges)
[('y', 'x'), ('z', 'x')]
>>> implies(g, "y ⊥ z")
True
>>> implies(g, "y ⊥ z | x")
False
>>> print(explain(g, "y ⊥ z | x"))
y ⊥ z | x does not hold: the trail y -> x <- z is active given x.
  - x is a collider and is observed (explaining away), so the trail is active at x.

The only trail between ``y`` and ``z`` passes the collider ``x``: unobserved,
it blocks the trail (so ``y ⊥ z``); observed, it opens it.

References
----------
.. [1] J. Pearl, *Probabilistic Reasoning in Intelligent Systems*, Morgan
   Kaufmann, 1988, ch. 3.
.. [2] D. Geiger, T. Verma and J. Pearl, "Identifying independence in
   Bayesian networks", *Networks* 20(5), 507-534, 1990.
.. [3] R. D. Shachter, "Bayes-Ball: the rational pastime (for determining
   irrelevance and requisite information in belief networks and influence
   diagrams)", UAI 1998, 480-487.
.. [4] D. Koller and N. Friedman, *Probabilistic Graphical Models*, MIT
   Press, 2009, sec. 3.3 (algorithm 3.1, "Reachable").
.. [5] B. van der Zander and M. Liśkiewicz, "Finding minimal d-separators in
   linear time and applications", UAI 2020, 637-647.
.. [6] T. Verma and J. Pearl, "Equivalence and synthesis of causal models",
   UAI 1990, 255-270.
.. [7] S. L. Lauritzen, A. P. Dawid, B. N. Larsen and H.-G. Leimer,
   "Independence properties of directed Markov fields", *Networks* 20(5),
   491-505, 1990 (the moral graph).
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union

import networkx as nx

from probtables.errors import (
    EnumerationLimitError,
    StatementError,
    StructureCycleError,
    StructureError,
    UnknownVariableError,
)
from probtables.independence import Independence
from probtables.notation import check_name, format_term

__all__ = [
    "build_dag",
    "terms_from_dag",
    "topological_order",
    "parents",
    "children",
    "markov_blanket",
    "moral_graph",
    "implies",
    "explain",
    "Explanation",
    "Step",
    "BlockedTrail",
    "independencies",
    "is_markov_equivalent",
    "UnknownKindError",
]

#: A term as a pair of name tuples: ``(("x",), ("y", "z"))`` is ``p(x | y, z)``.
TermPair = tuple[tuple[str, ...], tuple[str, ...]]
#: What a statement may be given as.
StatementLike = Union[Independence, str]

_CACHE_KEY = "probtables.dag"
_ANCESTOR_BITS_MAX = 4096  # above this many nodes, ancestor sets are not precomputed
_SHOW_VARIABLES = 30  # names listed in an unknown-variable message
_TRAIL_BUDGET = 200_000  # DFS expansions spent counting blocked trails in explain()
DEFAULT_LIMIT = 1_000_000  # tests (pairs x subsets) that kind="all" may run


class UnknownKindError(StatementError):
    """``independencies()`` was asked for a kind of statement it does not know."""


# --------------------------------------------------------------------------- building


def _term_pair(term: Any, number: int) -> TermPair:
    """Normalize one term (a pair of name sequences, or an object with .head/.given)."""
    if hasattr(term, "head") and hasattr(term, "given"):
        head, given = term.head, term.given
    else:
        try:
            head, given = term
        except (TypeError, ValueError):
            raise StructureError(
                f"build_dag(): term {number} is {term!r}; expected a pair (head, given) "
                "of name tuples such as (('x',), ('y', 'z')) for p(x | y, z)"
            ) from None
    try:
        head = (head,) if isinstance(head, str) else tuple(head)
        given = (given,) if isinstance(given, str) else tuple(given)
    except TypeError:
        raise StructureError(
            f"build_dag(): term {number} is {term!r}; its head and given must be names "
            "or sequences of names"
        ) from None
    for name in head + given:
        check_name(name)
    return head, given


def build_dag(terms: Iterable[TermPair | Any]) -> nx.DiGraph:
    r"""The DAG of a factorization: one node per variable, arrows parent -> child.

    Parameters
    ----------
    terms : iterable of (head, given) pairs
        One pair of name tuples per factor, in written order:
        ``p(z)p(y)p(x|y,z)`` is ``[(("z",), ()), (("y",), ()), (("x",), ("y", "z"))]``.
        A ``str`` counts as one name; objects with ``head`` and ``given``
        attributes (such as :class:`~probtables.Term`) are accepted too.

    Returns
    -------
    networkx.DiGraph
        Nodes in order of first appearance, each with attributes ``free``
        (``True`` for a variable that appears only behind a bar; it has no
        parents) and ``term`` (the index of the term it heads, ``None`` if
        free). The heads of a multi-head term ``p(y, z | w, x)`` form a
        complete sub-DAG in written order (``y -> z``) and every given
        variable points to every head.

    Raises
    ------
    StructureError
        If there is no term, a term has no head or repeats a name, or a
        variable heads two terms (both terms are printed).
    StructureCycleError
        If the terms condition on each other in a cycle (the cycle is printed).
    VariableNameError
        If a name cannot be written in the notation.

    See Also
    --------
    terms_from_dag : the inverse, one single-head term per variable.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> list(g.nodes), sorted(g.edges)
    (['z', 'y', 'x'], [('y', 'x'), ('z', 'x')])
    >>> g = pt.dag.build_dag([(("y", "z"), ("w",))])
    >>> sorted(g.edges), g.nodes["w"]
    ([('w', 'y'), ('w', 'z'), ('y', 'z')], {'free': True, 'term': None})
    >>> pt.dag.build_dag([(("x",), ("y",)), (("y",), ("x",))])
    Traceback (most recent call last):
    ...
    probtables.errors.StructureCycleError: build_dag(): the terms condition on each other in a cycle, x -> y -> x (p(y | x), p(x | y)); a factorization must be acyclic
    """
    pairs = [_term_pair(term, i) for i, term in enumerate(terms)]
    if not pairs:
        raise StructureError("build_dag(): no terms; a factorization has at least one term, such as p(x)")
    owner: dict[str, int] = {}
    for i, (head, given) in enumerate(pairs):
        if not head:
            raise StructureError(
                f"build_dag(): term {i} has no head variable (nothing in front of the bar); "
                "every term is p(head | given) with at least one head"
            )
        seen: set[str] = set()
        for name in head + given:
            if name in seen:
                raise StructureError(
                    f"build_dag(): term {i} names {name!r} twice; a term names each variable once"
                )
            seen.add(name)
        text = format_term(head, given)
        for name in head:
            if name in owner:
                first = pairs[owner[name]]
                raise StructureError(
                    f"build_dag(): variable {name!r} heads two terms, "
                    f"{format_term(*first)} and {text}; every variable must head exactly one term"
                )
            owner[name] = i
    graph = nx.DiGraph()
    for head, given in pairs:
        for name in head + given:
            if name not in graph:
                free = name not in owner
                graph.add_node(name, free=free, term=None if free else owner[name])
    for head, given in pairs:
        for j, child in enumerate(head):
            graph.add_edges_from((parent, child) for parent in given)
            graph.add_edges_from((earlier, child) for earlier in head[:j])
    cycle = _find_cycle(graph)
    if cycle:
        terms_in_cycle = list(dict.fromkeys(owner[v] for v in cycle[1:]))
        shown = ", ".join(format_term(*pairs[t]) for t in terms_in_cycle)
        raise StructureCycleError(
            f"build_dag(): the terms condition on each other in a cycle, "
            f"{' -> '.join(cycle)} ({shown}); a factorization must be acyclic"
        )
    return graph


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


def terms_from_dag(graph: nx.DiGraph) -> list[TermPair]:
    r"""One single-head term ``p(v | parents)`` per non-free node, in topological order.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG; nodes with attribute ``free=True`` get no term (they must have
        no parents).

    Returns
    -------
    list of (head, given) pairs
        ``head`` is a 1-tuple; ``given`` lists the parents in topological
        order (see :func:`topological_order`).

    Raises
    ------
    StructureError
        If `graph` is not directed, or a free node has parents.
    StructureCycleError
        If `graph` has a cycle.

    See Also
    --------
    build_dag

    Examples
    --------
    >>> g = pt.dag.build_dag([(("y", "z"), ("w",))])
    >>> pt.dag.terms_from_dag(g)
    [(('y',), ('w',)), (('z',), ('w', 'y'))]
    """
    index = _index(graph, "terms_from_dag")
    nodes = index.nodes
    out: list[TermPair] = []
    for i, node in enumerate(nodes):
        pa = tuple(nodes[p] for p in index.pa[i])
        if graph.nodes[node].get("free", False):
            if pa:
                raise StructureError(
                    f"terms_from_dag(): node {node!r} is marked free=True but has parents {pa!r}; "
                    "a free variable only appears behind the bar"
                )
            continue
        out.append(((node,), pa))
    return out


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
    if cacheable:
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
    if cacheable:
        cache[_CACHE_KEY] = index
    return index


def _unknown(op: str, names: Iterable[Any], index: _Index) -> UnknownVariableError:
    """The error for names that are not nodes of the graph, with a close match if any."""
    names = sorted(names, key=str)
    known = index.nodes
    shown = ", ".join(repr(v) for v in known[:_SHOW_VARIABLES])
    if len(known) > _SHOW_VARIABLES:
        shown += f", ... ({len(known)} variables)"
    which = f"variable {names[0]!r}" if len(names) == 1 else (
        "variables " + ", ".join(repr(n) for n in names)
    )
    message = f"{op}(): unknown {which}; the graph has ({shown})."
    close = [difflib.get_close_matches(str(n), [str(k) for k in known], n=1) for n in names]
    if len(names) == 1 and close[0]:
        message += f" Did you mean {close[0][0]!r}?"
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


def _statement(op: str, index: _Index, statement: StatementLike) -> tuple[Independence, list[int], list[int], list[int]]:
    s = Independence.coerce(statement)
    pos = index.pos
    try:
        return s, [pos[v] for v in s.left], [pos[v] for v in s.right], [pos[v] for v in s.given]
    except KeyError:
        raise _unknown(op, [v for v in s.variables if v not in pos], index) from None


# --------------------------------------------------------------------------- small queries


def topological_order(graph: nx.DiGraph) -> tuple[str, ...]:
    """The nodes in topological order, ties broken lexicographically.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.

    Returns
    -------
    tuple of str
        Parents before children; among nodes free to come next, the
        alphabetically smallest first, so the order is deterministic.

    Raises
    ------
    StructureCycleError
        If `graph` has a cycle.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> pt.dag.topological_order(g)
    ('y', 'z', 'x')
    """
    return _index(graph, "topological_order").nodes


def parents(graph: nx.DiGraph, v: str) -> tuple[str, ...]:
    """The parents of `v` (the variables its term conditions on), in topological order.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.
    v : str
        A node of `graph`.

    Returns
    -------
    tuple of str

    Raises
    ------
    UnknownVariableError
        If `v` is not a node of `graph`.

    See Also
    --------
    children, markov_blanket

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("z", "y"))])
    >>> pt.dag.parents(g, "x")
    ('y', 'z')
    """
    index = _index(graph, "parents")
    (i,) = _positions("parents", index, [v])
    return tuple(index.nodes[p] for p in index.pa[i])


def children(graph: nx.DiGraph, v: str) -> tuple[str, ...]:
    """The children of `v` (the variables whose terms condition on it), in topological order.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.
    v : str
        A node of `graph`.

    Returns
    -------
    tuple of str

    Raises
    ------
    UnknownVariableError
        If `v` is not a node of `graph`.

    See Also
    --------
    parents, markov_blanket

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> pt.dag.children(g, "y")
    ('x',)
    """
    index = _index(graph, "children")
    (i,) = _positions("children", index, [v])
    return tuple(index.nodes[c] for c in index.ch[i])


def markov_blanket(graph: nx.DiGraph, v: str) -> tuple[str, ...]:
    r"""The Markov blanket of `v`: its parents, children and children's other parents.

    Given its blanket, `v` is independent of every other variable.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.
    v : str
        A node of `graph`.

    Returns
    -------
    tuple of str
        In topological order.

    Raises
    ------
    UnknownVariableError
        If `v` is not a node of `graph`.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> pt.dag.markov_blanket(g, "y")
    ('z', 'x')
    """
    index = _index(graph, "markov_blanket")
    (i,) = _positions("markov_blanket", index, [v])
    blanket = set(index.pa[i]) | set(index.ch[i])
    for c in index.ch[i]:
        blanket.update(index.pa[c])
    blanket.discard(i)
    return tuple(index.nodes[j] for j in sorted(blanket))


def moral_graph(graph: nx.DiGraph) -> nx.Graph:
    r"""The moral graph: drop the arrows' directions and marry the parents of each node.

    :math:`X` and :math:`Y` are d-separated by :math:`Z` exactly when :math:`Z`
    separates them in the moral graph of the ancestral set of
    :math:`X \cup Y \cup Z` [7]_.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.

    Returns
    -------
    networkx.Graph
        Same nodes (with their attributes), in topological order.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> sorted(tuple(sorted(e)) for e in pt.dag.moral_graph(g).edges)
    [('x', 'y'), ('x', 'z'), ('y', 'z')]
    """
    index = _index(graph, "moral_graph")
    nodes = index.nodes
    moral = nx.Graph()
    moral.add_nodes_from((v, dict(graph.nodes[v])) for v in nodes)
    for i, pa in enumerate(index.pa):
        moral.add_edges_from((nodes[p], nodes[i]) for p in pa)
        moral.add_edges_from((nodes[a], nodes[b]) for k, a in enumerate(pa) for b in pa[k + 1 :])
    return moral


# --------------------------------------------------------------------------- d-separation


def _connected(index: _Index, xs: list[int], ys: set[int], zs: set[int]) -> bool:
    """Whether some active trail joins `xs` to `ys` given `zs` (Bayes-ball reachability).

    A ball arriving at a node "up" (from a child) passes to its parents and
    children unless the node is observed; one arriving "down" (from a parent)
    passes to the children if the node is unobserved, and bounces to the parents
    if it is an observed node or an ancestor of one (an open collider). Moves
    down into nodes outside the ancestral set of ``xs | ys | zs`` are skipped:
    from there a ball can never come back up.
    """
    anc = index.anc
    if anc is None:
        return _connected_sets(index, xs, ys, zs)
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


def _connected_sets(index: _Index, xs: list[int], ys: set[int], zs: set[int]) -> bool:
    """:func:`_connected` for large graphs: ancestral sets as Python sets."""
    an_z = index.ancestral(zs)
    an_all = index.ancestral(list(zs) + list(xs) + list(ys))
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
                if c not in down_seen and c in an_all:
                    down_seen.add(c)
                    down.append(c)
        else:
            v = down.pop()
            if v in ys:
                return True
            if v not in zs:
                for c in ch[v]:
                    if c not in down_seen and c in an_all:
                        down_seen.add(c)
                        down.append(c)
            if v in an_z:
                for p in pa[v]:
                    if p not in up_seen:
                        up_seen.add(p)
                        up.append(p)
    return False


def implies(graph: nx.DiGraph, statement: StatementLike) -> bool:
    r"""Whether the DAG implies the statement ``X ⊥ Y | Z``, by d-separation.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG, e.g. from :func:`build_dag`.
    statement : Independence or str
        Such as ``"y ⊥ z | x"``; sides may be sets, ``"{a, b} ⊥ c | d"``.

    Returns
    -------
    bool
        ``True`` when every trail between the two sides is blocked given the
        conditioning set, i.e. the independence holds in every distribution
        that factorizes over `graph`.

    Raises
    ------
    UnknownVariableError
        If the statement names a variable that is not a node of `graph`.
    StructureCycleError
        If `graph` has a cycle.
    NotationError
        If `statement` is a malformed string.

    See Also
    --------
    explain : the same answer, with the reason.
    networkx.is_d_separator : the reference implementation.

    Notes
    -----
    A Bayes-ball reachability search [3]_ restricted to the ancestral set of
    :math:`X \cup Y \cup Z`, linear in the size of that set. The topological
    order and the ancestor sets of every node (as bitsets) are computed on the
    first query and cached in ``graph.__networkx_cache__``, which networkx
    empties whenever the graph changes.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> pt.dag.implies(g, "y ⊥ z"), pt.dag.implies(g, "y ⊥ z | x")
    (True, False)
    >>> pt.dag.implies(g, "y ⊥ w")
    Traceback (most recent call last):
    ...
    probtables.errors.UnknownVariableError: implies(): unknown variable 'w'; the graph has ('y', 'z', 'x').
    """
    index = _index(graph, "implies")
    _, xs, ys, zs = _statement("implies", index, statement)
    return not _connected(index, xs, set(ys), set(zs))


# --------------------------------------------------------------------------- explanations

StepKind = Literal["chain", "fork", "collider"]


@dataclass(frozen=True)
class Step:
    """One interior node of a trail, and what it does to the trail.

    Attributes
    ----------
    node : str
    kind : {"chain", "fork", "collider"}
        By the arrows on either side: ``a -> m -> b`` (or reversed), ``a <- m -> b``,
        ``a -> m <- b``.
    observed : bool
        Whether `node` is in the conditioning set.
    active : bool
        Whether the trail passes `node`: a chain or fork that is not observed,
        or a collider that is observed or has an observed descendant.
    opened_by : str or None
        For an unobserved collider that is active: its nearest observed descendant.
    via : tuple of str
        The directed path from `node` to `opened_by` (empty otherwise).
    """

    node: str
    kind: StepKind
    observed: bool
    active: bool
    opened_by: str | None = None
    via: tuple[str, ...] = ()

    def __str__(self) -> str:
        v = self.node
        if self.kind == "collider":
            if self.observed:
                return f"{v} is a collider and is observed (explaining away), so the trail is active at {v}"
            if self.opened_by is not None:
                return (
                    f"{v} is a collider and is not observed, but its descendant {self.opened_by} is "
                    f"({' -> '.join(self.via)}), so the trail is active at {v}"
                )
            return f"{v} is a collider with no observed descendant, so the trail is blocked at {v}"
        what = "a chain node" if self.kind == "chain" else "a fork (a common cause)"
        if self.observed:
            return f"{v} is {what} and is observed, so the trail is blocked at {v}"
        return f"{v} is {what} and is not observed, so the trail is active at {v}"


@dataclass(frozen=True)
class BlockedTrail:
    """A trail between the two sides and the first node (from the left) that blocks it.

    Attributes
    ----------
    trail : tuple of str
    arrows : tuple of str
        ``"->"`` or ``"<-"`` for each edge of the trail.
    step : Step
        The blocking node.
    """

    trail: tuple[str, ...]
    arrows: tuple[str, ...]
    step: Step

    def __str__(self) -> str:
        return f"{_trail_text(self.trail, self.arrows)} is blocked at {self.step.node}: {_block_reason(self.step)}"


def _block_reason(step: Step) -> str:
    if step.kind == "collider":
        return "a collider that is not observed and has no observed descendant"
    return "a chain node that is observed" if step.kind == "chain" else "a fork (a common cause) that is observed"


def _trail_text(trail: Sequence[str], arrows: Sequence[str]) -> str:
    parts = [str(trail[0])]
    for arrow, node in zip(arrows, trail[1:]):
        parts += [arrow, str(node)]
    return " ".join(parts)


def _names_text(names: Iterable[str], *, braces: bool = False) -> str:
    """Sorted names joined by commas; in braces when there are several and `braces`."""
    names = sorted(names)
    text = ", ".join(names)
    return "{" + text + "}" if braces and len(names) > 1 else text


@dataclass(frozen=True)
class Explanation:
    r"""Why a DAG does or does not imply a statement.

    Attributes
    ----------
    statement : Independence
    holds : bool
        Whether the DAG implies the statement (same as :func:`implies`).
    trail : tuple of str
        When it does not hold: a shortest active trail from a left variable
        to a right variable; empty when it holds.
    arrows : tuple of str
        ``"->"`` or ``"<-"`` for each edge of `trail`.
    steps : tuple of Step
        One per interior node of `trail`: its kind, whether observed, and for
        a collider opened by a descendant, which one.
    blocked : tuple of BlockedTrail
        When it holds: the shortest blocked trails (at most ``max_trails``),
        each with the node that blocks it.
    n_trails : int
        When it holds: how many trails join the two sides (all blocked).
    n_trails_exact : bool
        ``False`` if counting stopped early (a very large graph); `n_trails`
        is then a lower bound.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> e = pt.dag.explain(g, "y ⊥ z | x")
    >>> e.holds, e.trail, [(s.node, s.kind, s.observed) for s in e.steps]
    (False, ('y', 'x', 'z'), [('x', 'collider', True)])
    >>> print(pt.dag.explain(g, "y ⊥ z"))
    y ⊥ z holds: every trail between y and z is blocked when nothing is observed.
      - y -> x <- z is blocked at x: a collider that is not observed and has no observed descendant.
    """

    statement: Independence
    holds: bool
    trail: tuple[str, ...] = ()
    arrows: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    blocked: tuple[BlockedTrail, ...] = ()
    n_trails: int = 0
    n_trails_exact: bool = True

    def __str__(self) -> str:
        s = self.statement
        given = f"given {_names_text(s.given)}" if s.given else "when nothing is observed"
        left, right = _names_text(s.left, braces=True), _names_text(s.right, braces=True)
        if not self.holds:
            lines = [f"{s} does not hold: the trail {_trail_text(self.trail, self.arrows)} is active {given}."]
            if not self.steps:
                lines.append(
                    f"  - {self.trail[0]} and {self.trail[1]} are adjacent: a single edge has no "
                    "interior node that could block it."
                )
            lines += [f"  - {step}." for step in self.steps]
            return "\n".join(lines)
        if self.n_trails == 0:
            return f"{s} holds: there is no trail at all between {left} and {right}."
        lines = [f"{s} holds: every trail between {left} and {right} is blocked {given}."]
        lines += [f"  - {b}." for b in self.blocked]
        rest = self.n_trails - len(self.blocked)
        if rest > 0 or not self.n_trails_exact:
            at_least = "" if self.n_trails_exact else "at least "
            lines.append(f"  ... and {at_least}{rest} more trail{'s' if rest != 1 else ''}, all blocked.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        if self.holds:
            return f"<Explanation {self.statement}: holds, {self.n_trails} blocked trail(s)>"
        return f"<Explanation {self.statement}: does not hold, trail {_trail_text(self.trail, self.arrows)}>"

    def draw(self, structure: Any = None, **options: Any) -> Any:
        """Draw the trail(s), or the whole ``structure``, active trail in red (see :func:`probtables.plot.draw_explanation`)."""
        from probtables.plot import draw_explanation

        return draw_explanation(self, structure, **options)

    def _repr_html_(self) -> str:
        from probtables._html import explanation_html

        return explanation_html(self)


def _shortest_active_trail(index: _Index, xs: list[int], ys: set[int], zs: set[int]) -> list[int] | None:
    """A shortest active trail from `xs` to `ys` given `zs` (node positions), or None.

    Breadth-first search over (node, direction) states with the rules of
    :func:`_connected`. The first trail found is simple: a shortest walk of
    this search never revisits a node (a revisit could be cut out).
    """
    an_z = index.ancestral(zs)
    an_all = index.ancestral(list(zs) + xs + list(ys))
    pa, ch = index.pa, index.ch
    UP, DOWN = 0, 1
    prev: dict[tuple[int, int], tuple[int, int] | None] = {}
    queue: deque[tuple[int, int]] = deque()
    for x in sorted(xs):
        prev[(x, UP)] = None
        prev[(x, DOWN)] = None
        queue.append((x, UP))
    while queue:
        state = queue.popleft()
        v, d = state
        moves: list[tuple[int, int]] = []
        if d == UP:
            if v not in zs:
                moves += [(p, UP) for p in pa[v]]
                moves += [(c, DOWN) for c in ch[v] if c in an_all]
        else:
            if v not in zs:
                moves += [(c, DOWN) for c in ch[v] if c in an_all]
            if v in an_z:
                moves += [(p, UP) for p in pa[v]]
        for nxt in moves:
            if nxt in prev:
                continue
            prev[nxt] = state
            if nxt[0] in ys:
                path = [nxt[0]]
                back = state
                while back is not None:
                    path.append(back[0])
                    back = prev[back]
                return path[::-1]
            queue.append(nxt)
    return None


def _arrows(graph: nx.DiGraph, trail: Sequence[str]) -> tuple[str, ...]:
    succ = graph.succ
    return tuple("->" if b in succ[a] else "<-" for a, b in zip(trail, trail[1:]))


def _steps(index: _Index, trail: Sequence[int], zs: set[int], an_z: set[int]) -> list[Step]:
    nodes, ch = index.nodes, index.ch
    out = []
    for k in range(1, len(trail) - 1):
        a, v, b = trail[k - 1], trail[k], trail[k + 1]
        into_from_a = v in ch[a]  # a -> v
        into_from_b = v in ch[b]  # b -> v
        if into_from_a and into_from_b:
            kind: StepKind = "collider"
        elif not into_from_a and not into_from_b:
            kind = "fork"
        else:
            kind = "chain"
        observed = v in zs
        if kind == "collider":
            active = v in an_z
            opened_by, via = None, ()
            if active and not observed:
                path = _path_down_to(index, v, zs)
                opened_by, via = nodes[path[-1]], tuple(nodes[u] for u in path)
            out.append(Step(nodes[v], kind, observed, active, opened_by, via))
        else:
            out.append(Step(nodes[v], kind, observed, not observed))
    return out


def _path_down_to(index: _Index, v: int, zs: set[int]) -> list[int]:
    """A shortest directed path from `v` to a node of `zs` (breadth first, ties by order)."""
    prev = {v: -1}
    queue = deque([v])
    while queue:
        u = queue.popleft()
        if u in zs:
            path = [u]
            while prev[path[-1]] != -1:
                path.append(prev[path[-1]])
            return path[::-1]
        for c in index.ch[u]:
            if c not in prev:
                prev[c] = u
                queue.append(c)
    raise AssertionError("no observed descendant")  # pragma: no cover - guarded by an_z


def _all_trails(index: _Index, xs: list[int], ys: set[int]) -> tuple[list[list[int]], bool]:
    """Simple trails from `xs` to `ys` whose interior avoids both sides; (trails, complete)."""
    ends = set(xs) | ys
    nbrs = [sorted(set(p) | set(c)) for p, c in zip(index.pa, index.ch)]
    trails: list[list[int]] = []
    budget = _TRAIL_BUDGET
    for x in sorted(xs):
        path = [x]
        on_path = {x}
        stack = [iter(nbrs[x])]
        while stack:
            budget -= 1
            if budget < 0:
                return trails, False
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            if nxt in on_path:
                continue
            if nxt in ys:
                trails.append(path + [nxt])
                continue
            if nxt in ends:
                continue
            path.append(nxt)
            on_path.add(nxt)
            stack.append(iter(nbrs[nxt]))
    return trails, True


def explain(graph: nx.DiGraph, statement: StatementLike, *, max_trails: int = 5) -> Explanation:
    r"""Why the DAG does or does not imply ``X ⊥ Y | Z``: a witness trail, or where each trail is blocked.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.
    statement : Independence or str
    max_trails : int, optional
        When the statement holds, how many blocked trails to list (the
        shortest ones); the rest are counted.

    Returns
    -------
    Explanation
        ``.holds`` agrees with :func:`implies`. When the statement does not
        hold, ``.trail`` is a shortest active trail from a left to a right
        variable and ``.steps`` says, for each interior node, why it lets the
        trail through; ``str()`` reads it out.

    Raises
    ------
    UnknownVariableError
        If the statement names a variable that is not a node of `graph`.
    StructureCycleError
        If `graph` has a cycle.

    See Also
    --------
    implies

    Examples
    --------
    >>> g = pt.dag.build_dag([(("a",), ()), (("b",), ("a",)), (("c",), ("b",)), (("d",), ("c",))])
    >>> print(pt.dag.explain(g, "a ⊥ d"))
    a ⊥ d does not hold: the trail a -> b -> c -> d is active when nothing is observed.
      - b is a chain node and is not observed, so the trail is active at b.
      - c is a chain node and is not observed, so the trail is active at c.
    >>> print(pt.dag.explain(g, "a ⊥ d | c"))
    a ⊥ d | c holds: every trail between a and d is blocked given c.
      - a -> b -> c -> d is blocked at c: a chain node that is observed.
    """
    index = _index(graph, "explain")
    s, xs, ys, zs = _statement("explain", index, statement)
    y_set, z_set = set(ys), set(zs)
    an_z = index.ancestral(z_set)
    nodes = index.nodes
    found = _shortest_active_trail(index, xs, y_set, z_set)
    if found is not None:
        trail = tuple(nodes[v] for v in found)
        return Explanation(
            statement=s,
            holds=False,
            trail=trail,
            arrows=_arrows(graph, trail),
            steps=tuple(_steps(index, found, z_set, an_z)),
        )
    trails, complete = _all_trails(index, xs, y_set)
    trails.sort(key=lambda t: (len(t), t))
    blocked = []
    for t in trails[: max(max_trails, 0)]:
        step = next(st for st in _steps(index, t, z_set, an_z) if not st.active)
        names = tuple(nodes[v] for v in t)
        blocked.append(BlockedTrail(names, _arrows(graph, names), step))
    return Explanation(
        statement=s, holds=True, blocked=tuple(blocked), n_trails=len(trails), n_trails_exact=complete
    )


# --------------------------------------------------------------------------- enumeration


_make_statement = Independence._trusted

Kind = Literal["local", "pairwise", "all"]
_KINDS = ("local", "pairwise", "all")


def independencies(graph: nx.DiGraph, kind: Kind = "local", *, limit: int | None = DEFAULT_LIMIT) -> list[Independence]:
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
          :math:`Z`: removing any variable from it breaks the separation [5]_.
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
    implies

    Notes
    -----
    ``"pairwise"`` uses the construction of [5]_ on the moral graph of the
    ancestral set of the pair. ``"all"`` tests all conditioning sets of a
    source variable at once: each node's reachability is a bitset over the
    :math:`2^n` subsets (a Python ``int``), and the Bayes-ball rules become
    bitwise operations, iterated to a fixed point.

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
        close = difflib.get_close_matches(str(kind), _KINDS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
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
            out.append(_make_statement(frozenset((v,)), frozenset(nodes[j] for j in rest), frozenset(nodes[p] for p in pa)))
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


def _minimal_separator_bits(index: _Index, x: int, y: int, pa_mask: list[int], co_mask: list[int]) -> int:
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
    adjacent = [set(p) | set(c) for p, c in zip(index.pa, index.ch)]
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


# --------------------------------------------------------------------------- equivalence


def is_markov_equivalent(g1: nx.DiGraph, g2: nx.DiGraph) -> bool:
    r"""Whether two DAGs imply the same independencies.

    By the theorem of Verma and Pearl [6]_: exactly when they have the same
    nodes, the same skeleton (edges without direction) and the same
    v-structures (``a -> c <- b`` with ``a`` and ``b`` not adjacent).

    Parameters
    ----------
    g1, g2 : networkx.DiGraph
        Two DAGs.

    Returns
    -------
    bool
        ``False`` as well when the node sets differ.

    Raises
    ------
    StructureCycleError
        If either graph has a cycle.

    Examples
    --------
    >>> chain = pt.dag.build_dag([(("a",), ()), (("b",), ("a",)), (("c",), ("b",))])
    >>> fork = pt.dag.build_dag([(("b",), ()), (("a",), ("b",)), (("c",), ("b",))])
    >>> collider = pt.dag.build_dag([(("a",), ()), (("c",), ()), (("b",), ("a", "c"))])
    >>> pt.dag.is_markov_equivalent(chain, fork), pt.dag.is_markov_equivalent(chain, collider)
    (True, False)
    """
    i1, i2 = _index(g1, "is_markov_equivalent"), _index(g2, "is_markov_equivalent")
    if set(i1.nodes) != set(i2.nodes):
        return False
    return _skeleton(i1) == _skeleton(i2) and _v_structures(i1) == _v_structures(i2)


def _skeleton(index: _Index) -> set[frozenset[str]]:
    nodes = index.nodes
    return {frozenset((nodes[p], nodes[i])) for i, pa in enumerate(index.pa) for p in pa}


def _v_structures(index: _Index) -> set[tuple[frozenset[str], str]]:
    nodes = index.nodes
    adjacent = [set(p) | set(c) for p, c in zip(index.pa, index.ch)]
    out = set()
    for i, pa in enumerate(index.pa):
        for k, a in enumerate(pa):
            for b in pa[k + 1 :]:
                if b not in adjacent[a]:
                    out.add((frozenset((nodes[a], nodes[b])), nodes[i]))
    return out
