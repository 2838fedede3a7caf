"""The layered DAG layout shared by the HTML/SVG display and the matplotlib drawings (plain Python).

:func:`layered_layout` places every node below all of its parents; :func:`node_width` sizes a node
for its label; :func:`explanation_graph` and :func:`trail_edges` turn an explanation into the small
graph and the highlighted edges both views draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from probtables.dag import topological_order

if TYPE_CHECKING:
    from probtables.dag import Explanation

__all__ = [
    "LAYER_GAP",
    "NODE_GAP",
    "NODE_HEIGHT",
    "explanation_graph",
    "layered_layout",
    "node_width",
    "text_width",
    "trail_edges",
]

NODE_HEIGHT = 0.5  # data units; a data unit is about an inch in the figures made here
NODE_GAP = 0.45  # horizontal space between two nodes of a layer
LAYER_GAP = 1.1  # vertical distance between layers


def node_width(label: str) -> float:
    """The width of a node drawn with `label`, in layout units (a circle for short labels).

    >>> from probtables._display.layout import node_width
    >>> node_width("x") == node_width("xy"), node_width("a long name") > 1
    (True, True)
    """
    return max(NODE_HEIGHT, text_width(label) + 0.3)


# advance widths of DejaVu Sans (matplotlib's default font) at 12 pt, in inches
_WIDTHS = {
    c: w
    for chars, w in (
        ("ijlIJ.,:;'|!", 0.047),
        ("frt", 0.063),
        ("_szcoeLFkvxyP", 0.093),
        ("aTYEbdghnpquS0123456789K", 0.106),
        ("ABVXZCRU", 0.116),
        ("HNDGOQw", 0.13),
        ("MmW", 0.158),
    )
    for c in chars
}


def text_width(label: str) -> float:
    """The approximate width of `label` at 12 pt in DejaVu Sans, in inches."""
    return sum(_WIDTHS.get(c, 0.11) for c in label)


def _layers(graph: nx.DiGraph) -> dict[Any, int]:
    layer: dict[Any, int] = {}
    for v in topological_order(graph):
        layer[v] = 1 + max((layer[u] for u in graph.predecessors(v)), default=-1)
    return layer


def layered_layout(
    graph: nx.DiGraph, *, layer_gap: float = LAYER_GAP, node_gap: float = NODE_GAP
) -> dict[Any, tuple[float, float]]:
    r"""Positions for drawing a DAG in layers: every node below all of its parents.

    A node's layer is the length of the longest directed path that ends at it
    (roots on top, at ``y = 0``; layer :math:`k` at ``y = -k * layer_gap``).
    Within a layer, nodes start in topological order and are then reordered by
    the mean position of their neighbours in the layers above and below
    (a few barycenter sweeps, Sugiyama et al. 1981), which removes most edge
    crossings. Each layer is centred, with widths from :func:`node_width`.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.
    layer_gap, node_gap : float
        Vertical distance between layers; horizontal space between two nodes.

    Returns
    -------
    dict
        Node -> ``(x, y)``.

    Raises
    ------
    StructureCycleError
        If `graph` has a cycle.

    References
    ----------
    .. [1] K. Sugiyama, S. Tagawa and M. Toda, "Methods for visual understanding
       of hierarchical system structures", *IEEE Transactions on Systems, Man,
       and Cybernetics* 11(2), 109-125, 1981.

    Examples
    --------
    >>> g = pt.Factorization.parse("p(z)p(y)p(x|y,z)").dag
    >>> from probtables._display.layout import layered_layout
    >>> pos = layered_layout(g)
    >>> pos["y"][1] == pos["z"][1] == 0.0, pos["x"][1] < 0, pos["x"][0]
    (True, True, 0.0)
    """
    layer = _layers(graph)
    depth = max(layer.values(), default=-1) + 1
    rows: list[list[Any]] = [[] for _ in range(depth)]
    for v in layer:  # topological order
        rows[layer[v]].append(v)

    def place(row: list[Any]) -> dict[Any, float]:
        widths = [node_width(str(v)) for v in row]
        total = sum(widths) + node_gap * (len(row) - 1)
        x, out = -total / 2, {}
        for v, w in zip(row, widths):
            out[v] = x + w / 2
            x += w + node_gap
        return out

    xs: dict[Any, float] = {}
    for row in rows:
        xs.update(place(row))
    for sweep in range(4):
        down = sweep % 2 == 0
        indices = range(1, depth) if down else range(depth - 2, -1, -1)
        for k in indices:
            row = rows[k]
            neighbours = graph.predecessors if down else graph.successors

            def key(v: Any, neighbours: Any = neighbours) -> float:
                near = [xs[u] for u in neighbours(v)]
                return sum(near) / len(near) if near else xs[v]

            row.sort(key=key)  # stable: ties keep their order
            xs.update(place(row))
    return {v: (round(xs[v], 6), -layer[v] * layer_gap) for v in layer}


def explanation_graph(explanation: Explanation) -> nx.DiGraph:
    """The trails of an explanation as a small DAG (used when no structure is given)."""
    g: nx.DiGraph = nx.DiGraph()
    trails = (
        [(explanation.trail, explanation.arrows)]
        if not explanation.holds
        else [(b.trail, b.arrows) for b in explanation.blocked]
    )
    for trail, arrows in trails:
        g.add_nodes_from(trail)
        for a, arrow, b in zip(trail, arrows, trail[1:]):
            g.add_edge(*((a, b) if arrow == "->" else (b, a)))
    for step in explanation.steps:
        g.add_edges_from(zip(step.via, step.via[1:]))
    s = explanation.statement
    if g.number_of_nodes() == 0:
        g.add_nodes_from(sorted(s.left) + sorted(s.right))
    return g


def trail_edges(explanation: Explanation) -> list[tuple[str, str]]:
    if explanation.holds:
        return []
    edges = list(zip(explanation.trail, explanation.trail[1:]))
    for step in explanation.steps:
        edges += list(zip(step.via, step.via[1:]))
    return edges
