r"""Building the DAG of a factorization, and reading the terms back off a DAG.

:func:`build_dag` turns the terms of a product such as ``p(z)p(y)p(x|y,z)``
(as pairs of name tuples, or objects with ``head`` and ``given``) into a plain
``networkx.DiGraph`` with arrows parent -> child, checking that every variable
heads exactly one term and that the terms do not condition on each other in a
cycle; :func:`terms_from_dag` is its inverse, one term per variable. Both are
re-exported by :mod:`probtables.dag`, whose module docstring explains the
construction.

Depends only on networkx, :mod:`probtables.errors`, :mod:`probtables.notation`
and the index of :mod:`probtables.dag._graphindex`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from probtables.dag._graphindex import _find_cycle, _index
from probtables.errors import StructureCycleError, StructureError
from probtables.notation import check_name, format_term

__all__ = ["build_dag", "check_structure", "terms_from_dag", "TermPair"]

#: A term as a pair of name tuples: ``(("x",), ("y", "z"))`` is ``p(x | y, z)``.
TermPair = tuple[tuple[str, ...], tuple[str, ...]]


def _term_pair(term: Any, number: int, check_names: bool = True, op: str = "build_dag") -> TermPair:
    """Normalize one term (a pair of name sequences, or an object with .head/.given)."""
    if hasattr(term, "head") and hasattr(term, "given"):
        head, given = term.head, term.given
    else:
        try:
            head, given = term
        except (TypeError, ValueError):
            raise StructureError(
                f"{op}(): term {number} is {term!r}; expected a pair (head, given) "
                "of name tuples such as (('x',), ('y', 'z')) for p(x | y, z)"
            ) from None
    try:
        head = (head,) if isinstance(head, str) else tuple(head)
        given = (given,) if isinstance(given, str) else tuple(given)
    except TypeError:
        raise StructureError(
            f"{op}(): term {number} is {term!r}; its head and given must be names or sequences of names"
        ) from None
    if check_names:
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
    pairs, owner = _checked_pairs(terms, "build_dag")
    return _graph(pairs, owner)


def check_structure(
    terms: Iterable[TermPair | Any], *, check_names: bool = True, op: str = "check_structure"
) -> None:
    r"""Raise unless ``terms`` form a factorization; the checks of :func:`build_dag`, without a graph.

    Cheap (no networkx graph is built unless there is a cycle to print), so a
    factorization can be validated when it is made and its DAG built when first used.

    Parameters
    ----------
    terms : iterable of (head, given) pairs
        As for :func:`build_dag`.
    check_names : bool, default True
        Whether to check that each name can be written in the notation; ``False``
        for names checked already (a :class:`~probtables.Term` checks its own).
    op : str, default "check_structure"
        The name error messages start with: the function the user called.

    Raises
    ------
    StructureError, StructureCycleError, VariableNameError
        As :func:`build_dag` raises them.

    Examples
    --------
    >>> pt.dag.check_structure([(("x",), ("y",)), (("y",), ())])  # p(x | y)p(y): fine, returns None
    >>> pt.dag.check_structure([(("x",), ("y",)), (("y",), ("x",))])
    Traceback (most recent call last):
    ...
    probtables.errors.StructureCycleError: check_structure(): the terms condition on each other in a cycle, x -> y -> x (p(y | x), p(x | y)); a factorization must be acyclic
    """
    _checked_pairs(terms, op, check_names)


def _checked_pairs(
    terms: Iterable[TermPair | Any], op: str, check_names: bool = True
) -> tuple[list[TermPair], dict[str, int]]:
    """The terms as pairs, and the index of the term each variable heads; raises on a bad structure."""
    pairs = [_term_pair(term, i, check_names, op) for i, term in enumerate(terms)]
    if not pairs:
        raise StructureError(f"{op}(): no terms; a factorization has at least one term, such as p(x)")
    owner: dict[str, int] = {}
    for i, (head, given) in enumerate(pairs):
        if not head:
            raise StructureError(
                f"{op}(): term {i} has no head variable (nothing in front of the bar); "
                "every term is p(head | given) with at least one head"
            )
        seen: set[str] = set()
        for name in head + given:
            if name in seen:
                raise StructureError(
                    f"{op}(): term {i} names {name!r} twice; a term names each variable once"
                )
            seen.add(name)
        for name in head:
            if name in owner:
                first = pairs[owner[name]]
                raise StructureError(
                    f"{op}(): variable {name!r} heads two terms, "
                    f"{format_term(*first)} and {format_term(head, given)}; every variable must head exactly one term"
                )
            owner[name] = i
    if _terms_in_cycle(pairs, owner):
        graph = _graph(pairs, owner)
        cycle = _find_cycle(graph)
        terms_in_cycle = list(dict.fromkeys(owner[v] for v in cycle[1:]))
        shown = ", ".join(format_term(*pairs[t]) for t in terms_in_cycle)
        raise StructureCycleError(
            f"{op}(): the terms condition on each other in a cycle, "
            f"{' -> '.join(cycle)} ({shown}); a factorization must be acyclic"
        )
    return pairs, owner


def _terms_in_cycle(pairs: list[TermPair], owner: dict[str, int]) -> bool:
    """Whether the terms condition on each other in a cycle (Kahn's algorithm over terms).

    Every given variable points to every head of its term and the heads of a term are
    ordered, so the variables have a directed cycle exactly when the terms do.
    """
    if all(owner.get(g, -1) < i for i, (_, given) in enumerate(pairs) for g in given):
        return False  # every term conditions only on earlier terms' heads: written in topological order
    waiting = [0] * len(pairs)  # per term, how many (owner, term) dependencies are unresolved
    dependents: list[list[int]] = [[] for _ in pairs]
    for i, (_, given) in enumerate(pairs):
        for term in {owner[g] for g in given if g in owner}:
            waiting[i] += 1
            dependents[term].append(i)
    ready = [i for i, n in enumerate(waiting) if n == 0]
    resolved = 0
    while ready:
        term = ready.pop()
        resolved += 1
        for i in dependents[term]:
            waiting[i] -= 1
            if waiting[i] == 0:
                ready.append(i)
    return resolved != len(pairs)


def _graph(pairs: list[TermPair], owner: dict[str, int]) -> nx.DiGraph:
    """The DAG of checked terms: nodes in order of first appearance, arrows parent -> child."""
    graph: nx.DiGraph = nx.DiGraph()
    for head, given in pairs:
        for name in head + given:
            if name not in graph:
                free = name not in owner
                graph.add_node(name, free=free, term=None if free else owner[name])
    for head, given in pairs:
        for j, child in enumerate(head):
            graph.add_edges_from((parent, child) for parent in given)
            graph.add_edges_from((earlier, child) for earlier in head[:j])
    return graph


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
        order (see :func:`~probtables.dag.topological_order`).

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
        pa = index.names(index.pa[i])
        if graph.nodes[node].get("free", False):
            if pa:
                raise StructureError(
                    f"terms_from_dag(): node {node!r} is marked free=True but has parents {pa!r}; "
                    "a free variable only appears behind the bar"
                )
            continue
        out.append(((node,), pa))
    return out
