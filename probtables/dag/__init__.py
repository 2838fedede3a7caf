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

import networkx as nx

# The layer's modules, each re-exported here (this module is its public face):
#   _graphindex the cached integer index of a graph and the Bayes-ball kernels
#   _build      build_dag, check_structure, terms_from_dag
#   explain    explain, Explanation, Step, BlockedTrail
#   _enumerate independencies (local, pairwise, all) and its size guard
# This module keeps the graph queries, implies and Markov equivalence.
# The type aliases and DEFAULT_LIMIT are not in __all__, but stay importable from here.
from probtables.dag._build import TermPair, build_dag, check_structure, terms_from_dag  # noqa: F401
from probtables.dag._enumerate import DEFAULT_LIMIT, Kind, UnknownKindError, independencies  # noqa: F401
from probtables.dag._graphindex import (
    StatementLike,
    _connected,
    _Index,
    _index,
    _locate,
    _statement,
)
from probtables.dag.explain import BlockedTrail, Explanation, Step, StepKind, explain  # noqa: F401

__all__ = [
    "build_dag",
    "check_structure",
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
    index, i = _locate(graph, v, "parents")
    return index.names(index.pa[i])


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
    index, i = _locate(graph, v, "children")
    return index.names(index.ch[i])


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
    index, i = _locate(graph, v, "markov_blanket")
    blanket = set(index.pa[i]) | set(index.ch[i])
    for c in index.ch[i]:
        blanket.update(index.pa[c])
    blanket.discard(i)
    return index.names(sorted(blanket))


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
    moral: nx.Graph = nx.Graph()
    moral.add_nodes_from((v, dict(graph.nodes[v])) for v in nodes)
    for i, pa in enumerate(index.pa):
        moral.add_edges_from((nodes[p], nodes[i]) for p in pa)
        moral.add_edges_from((nodes[a], nodes[b]) for k, a in enumerate(pa) for b in pa[k + 1 :])
    return moral


# --------------------------------------------------------------------------- d-separation


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
    adjacent = index.adjacent()
    out = set()
    for i, pa in enumerate(index.pa):
        for k, a in enumerate(pa):
            for b in pa[k + 1 :]:
                if b not in adjacent[a]:
                    out.add((frozenset((nodes[a], nodes[b])), nodes[i]))
    return out
