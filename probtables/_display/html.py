r"""Notebook display and LaTeX: HTML for tables, factorizations, explanations and reports.

Jupyter shows an object by calling its ``_repr_html_``; the classes of
probtables delegate to the functions here, which need neither IPython nor a
graphviz program:

* :func:`table_html`: the table under its notation (a ``<caption>``), a
  conditional table grouped by the assignment of its given variables, a long
  table cut to its first and last rows with a count, as pandas does;
* :func:`factorization_html`: the product, its DAG as inline SVG
  (:func:`dag_svg`), its terms, and their tables when it has them;
* :func:`explanation_html`: the verdict, the trail as SVG, the reasons;
* :func:`report_html`: an :class:`~probtables.check.IndependenceReport`.

Everything that comes from the user (names, states, notation) is escaped.

:func:`to_latex` writes notation as LaTeX: ``p(x, y \mid z=1)``, products
``p(z)\,p(y)\,p(x \mid y, z)`` and statements ``y \perp\!\!\!\perp z \mid x``.

Examples
--------
>>> from probtables._display.html import table_html, to_latex
>>> t = pt.Table.from_dict({"H": 0.5, "T": 0.5}, variables="coin")
>>> ">p(coin)</caption>" in table_html(t)
True
>>> to_latex("y ⊥ z | x")
'y \\perp\\!\\!\\!\\perp z \\mid x'
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np

from probtables._display.layout import (
    NODE_HEIGHT,
    explanation_graph,
    layered_layout,
    node_width,
    trail_edges,
)
from probtables._display.text import (
    DATA_CHECK_HEADER,
    DATA_CHECK_RIGHT,
    MAX_ROWS,
    SHOW_ROWS,
    _row_selection,
    _setting,
    data_check_cells,
    data_check_footnote,
    data_check_rows,
    table_preview,
)
from probtables.factorization import Factorization
from probtables.independence import Independence
from probtables.notation import Item, TermSpec, parse_product, parse_statement
from probtables.stats import POWER_THRESHOLD

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from probtables.check import DataCheckReport, IndependenceReport
    from probtables.dag import Explanation
    from probtables.factorization import Term
    from probtables.table import Table

__all__ = [
    "table_html",
    "factorization_html",
    "explanation_html",
    "report_html",
    "data_check_html",
    "dag_svg",
    "to_latex",
    "MAX_ROWS",
    "SHOW_ROWS",
]

_TABLE_STYLE = "border-collapse: collapse; margin: 0.25em 0;"
_CAPTION_STYLE = (
    "caption-side: top; text-align: left; font-family: monospace; font-weight: bold; padding: 0.2em 0;"
)
_TABLE_CAPTION_STYLE = _CAPTION_STYLE + " white-space: nowrap;"  # p(z | y) on one line, however narrow
_GROUP_STYLE = "text-align: left; background: #f0f0f0; font-weight: normal; font-family: monospace;"
_NOTE_STYLE = "margin: 0.2em 0; color: #555; font-size: 0.9em;"


def _text(value: Any) -> str:
    """A state as display text (numpy scalars as the Python value), escaped."""
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        value = item()
    return escape(str(value))


def _prob(p: float) -> str:
    if isinstance(p, Fraction):  # an exact table prints 1/3
        return str(p)
    return f"{p:.6g}"


# --------------------------------------------------------------------------- tables


def table_html(table: Table, *, max_rows: int = MAX_ROWS, show: int = SHOW_ROWS) -> str:
    r"""A table as HTML: a caption with its notation, one row per assignment, cut when long.

    Parameters
    ----------
    table : Table
    max_rows : int, default 20
        Tables with more rows show only their first and last `show` rows, with
        a row saying how many are hidden and a note with the total. A
        conditional table shows whole groups (as many as fit in `show` rows at
        each end) and says how many groups are hidden.
    show : int, default 10
        Rows shown at each end of a long table.

    Returns
    -------
    str
        A ``<div>`` holding a ``<table>``: ``<caption>`` is the notation; the
        header row names the head variables and ``p``; a conditional table
        has one ``<tbody>`` per assignment of its given variables, opened by a
        header row such as ``z=0``. Hidden rows are summed up in a row of class
        ``probtables-more``; conditioning assignments of probability zero, left
        out of the table, are counted in a note.

    Examples
    --------
    >>> from probtables._display.html import table_html
    >>> cpt = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"z": [0, 1], "x": [0, 1]}, given="z")
    >>> html = table_html(cpt)
    >>> html.count("<tbody"), html.count("<td>")
    (2, 4)
    """
    preview = table_preview(table, max_rows, show)
    frame, given, head, rows, gap = preview.frame, preview.given, preview.head, preview.rows, preview.gap
    n = len(frame)
    columns = head + ["p"]
    width = len(columns)
    shown = frame.iloc[rows]
    given_values = [shown[g].tolist() for g in given]
    head_values = [shown[h].tolist() for h in head]
    probs = shown["p"].tolist()
    out = [
        f'<div class="probtables-table"><table style="{_TABLE_STYLE}">',
        f'<caption style="{_TABLE_CAPTION_STYLE}">{escape(table.notation)}</caption>',
        "<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead>",
    ]
    current: tuple | None = None
    open_body = False
    for k in range(len(rows)):
        if k == gap:
            if open_body:
                out.append("</tbody>")
            out.append(
                f'<tbody><tr class="probtables-more"><td colspan="{width}" style="text-align: center;">'
                f"… {preview.more_rows} …</td></tr></tbody>"
            )
            open_body, current = False, None
        key = tuple(values[k] for values in given_values)
        if not open_body or (given and key != current):
            if open_body:
                out.append("</tbody>")
            out.append("<tbody>")
            open_body = True
            if given:
                label = ", ".join(_setting(g, v) for g, v in zip(given, key))
                out.append(
                    f'<tr class="probtables-group"><th colspan="{width}" style="{_GROUP_STYLE}">'
                    f"{escape(label)}</th></tr>"
                )
            current = key
        cells = "".join(f"<td>{_text(values[k])}</td>" for values in head_values)
        out.append(f'<tr>{cells}<td style="text-align: right;">{_prob(probs[k])}</td></tr>')
    if open_body:
        out.append("</tbody>")
    out.append("</table>")
    notes = []
    if gap >= 0:
        notes.append(f"{n:,} rows" + (f" in {preview.n_groups:,} groups" if given else ""))
    left_out = table.undefined_count
    if left_out:
        notes.append(
            f"{left_out:,} conditioning assignment{'s' if left_out != 1 else ''} of probability zero left out"
        )
    if notes:
        out.append(f'<p class="probtables-note" style="{_NOTE_STYLE}">{escape("; ".join(notes))}</p>')
    out.append("</div>")
    return "".join(out)


# --------------------------------------------------------------------------- DAGs as SVG

_PX = 78.0  # pixels per layout unit: labels of 13 px fit the node widths of probtables.plot (12 pt at 72 dpi)
_PAD = 14.0
#: Bends tried for an edge, smallest first, as matplotlib's ``arc3`` radius: the control point of the
#: quadratic curve sits ``bend * length`` to the side of the chord's middle (0: a straight line).
_BENDS = (0.0, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4, 0.55, -0.55, 0.75, -0.75, 1.0, -1.0, 1.4, -1.4)
_CLEARANCE = 4.0  # pixels kept free around the box of a node that an edge passes
_NEAR = 3.0  # an edge within this many pixels of another, for more than a crossing, hides it
_LANE = 7.0  # pixels between two edges that pass a layer through the same gap
_Point = tuple[float, float]
_Cubic = tuple[_Point, _Point, _Point, _Point]
_Box = tuple[float, float, float, float]


def _cubic_points(segment: _Cubic, ts: Any) -> Any:
    """Points of the cubic Bezier curve `segment` at the parameters `ts` (numpy)."""
    s = 1.0 - ts
    weights = np.stack([s**3, 3 * s * s * ts, 3 * s * ts * ts, ts**3], axis=1)
    return weights @ np.array(segment, dtype=float)


def _path_points(segments: Sequence[_Cubic], per_segment: int = 24) -> Any:
    ts = np.linspace(0.0, 1.0, per_segment)
    return np.concatenate([_cubic_points(segment, ts) for segment in segments])


def _split(segment: _Cubic, t: float) -> tuple[_Cubic, _Cubic]:
    """The two halves of a cubic Bezier curve cut at `t` (de Casteljau)."""

    def mix(p: _Point, q: _Point) -> _Point:
        return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)

    a, b, c, d = segment
    ab, bc, cd = mix(a, b), mix(b, c), mix(c, d)
    abc, bcd = mix(ab, bc), mix(bc, cd)
    m = mix(abc, bcd)
    return (a, ab, abc, m), (m, bcd, cd, d)


def _bent(a: _Point, b: _Point, bend: float) -> _Cubic:
    """The chord a -> b bowed by `bend` (matplotlib's ``arc3,rad=bend``), as one cubic segment."""
    q = ((a[0] + b[0]) / 2 + bend * (b[1] - a[1]), (a[1] + b[1]) / 2 - bend * (b[0] - a[0]))
    return (
        a,
        (a[0] + 2 / 3 * (q[0] - a[0]), a[1] + 2 / 3 * (q[1] - a[1])),
        (b[0] + 2 / 3 * (q[0] - b[0]), b[1] + 2 / 3 * (q[1] - b[1])),
        b,
    )


def _in_ellipse(points: Any, box: _Box, grow: float = 0.0) -> Any:
    cx, cy, rx, ry = box
    return ((points[:, 0] - cx) / (rx + grow)) ** 2 + ((points[:, 1] - cy) / (ry + grow)) ** 2 < 1.0


def _through_gaps(
    boxes: dict[Any, _Box], u: Any, v: Any, used: dict[float, list[float]]
) -> list[list[_Cubic]]:
    """The edge u -> v as a spline that crosses each layer between them in a gap between its nodes.

    Like the dummy nodes of a layered drawing (Sugiyama et al. 1981), without moving any node: in
    each layer passed, the edge runs straight down through the free place nearest its way, kept
    :data:`_LANE` pixels from edges already there (`used`, updated); between layers it is an S-curve.
    Four versions, which leave the parent and enter the child heading straight for their neighbouring
    waypoint or straight down; none if u and v are in neighbouring layers.
    """
    (ux, uy, _, ry), (vx, vy, _, _) = boxes[u], boxes[v]
    layers = sorted({round(b[1], 3) for b in boxes.values() if uy + 1 < b[1] < vy - 1})
    if not layers:
        return []
    points: list[_Point] = [(ux, uy)]
    x = ux
    for y in layers:
        ideal = x + (vx - x) * (y - points[-1][1]) / (vy - points[-1][1])
        blocked = sorted(
            (b[0] - b[2] - _CLEARANCE - _LANE / 2, b[0] + b[2] + _CLEARANCE + _LANE / 2)
            for b in boxes.values()
            if abs(b[1] - y) < 1
        )
        taken = used.setdefault(y, [])
        candidates = [ideal + _LANE * j * sign for j in range(60) for sign in (1, -1)]
        candidates += [hi + _LANE * j for _, hi in blocked for j in range(4)]
        candidates += [lo - _LANE * j for lo, _ in blocked for j in range(4)]
        x = min(
            (
                c
                for c in candidates
                if not any(lo < c < hi for lo, hi in blocked) and all(abs(c - t) >= _LANE for t in taken)
            ),
            key=lambda c: (abs(c - ideal), c),
        )
        taken.append(x)
        half = ry + _CLEARANCE
        points += [(x, y - half), (x, y + half)]
    points.append((vx, vy))
    versions = []
    last = len(points) - 2
    for leave, enter in ((True, True), (False, True), (True, False), (False, False)):
        segments: list[_Cubic] = []
        for k, ((ax, ay), (bx, by)) in enumerate(zip(points, points[1:])):
            d = (by - ay) / 2  # vertical tangents: through a layer the edge runs straight down
            c1 = (ax + (bx - ax) / 3, ay + (by - ay) / 3) if k == 0 and leave else (ax, ay + d)
            c2 = (bx - (bx - ax) / 3, by - (by - ay) / 3) if k == last and enter else (bx, by - d)
            segments.append(((ax, ay), c1, c2, (bx, by)))
        versions.append(segments)
    return versions


def _route_edges(
    boxes: dict[Any, _Box], edges: Sequence[tuple[Any, Any]]
) -> dict[tuple[Any, Any], list[_Cubic]]:
    """A path (cubic segments, centre to centre) for each edge that no node and no edge hides.

    `boxes` maps each node to its ellipse ``(cx, cy, rx, ry)`` in pixels. Edges are routed shortest
    first. An edge between neighbouring layers is straight if that is clear; an edge that skips
    layers goes through the gaps of the layers between (:func:`_through_gaps`); failing those, it
    takes the smallest bend of :data:`_BENDS` that keeps :data:`_CLEARANCE` from every other node's
    box and does not run along an edge routed before it (crossing is fine), else the bend that comes
    closest to that.
    """
    names = list(boxes)
    lows = np.array([[boxes[v][0] - boxes[v][2], boxes[v][1] - boxes[v][3]] for v in names]) - _CLEARANCE
    highs = (
        np.array([[boxes[v][0] + boxes[v][2], boxes[v][1] + boxes[v][3]] for v in names]) + _CLEARANCE
    )
    layers = sorted({round(box[1], 3) for box in boxes.values()})
    drawn: list[Any] = []  # the sampled points of the edges routed so far, away from their ends
    used: dict[float, list[float]] = {}  # layer -> where edges pass it
    out: dict[tuple[Any, Any], list[_Cubic]] = {}

    def span(edge: tuple[Any, Any]) -> tuple[float, float]:
        (ax, ay, _, _), (bx, by, _, _) = boxes[edge[0]], boxes[edge[1]]
        return (abs(by - ay), abs(bx - ax))

    for u, v in sorted(edges, key=span):
        a, b = boxes[u][:2], boxes[v][:2]
        others = np.array([w != u and w != v for w in names])
        known = np.concatenate(drawn) if drawn else np.zeros((0, 2))
        owner = (
            np.concatenate([np.full(len(d), i) for i, d in enumerate(drawn)])
            if drawn
            else np.zeros(0, int)
        )
        sizes = np.array([len(d) for d in drawn])

        candidates = [[_bent(a, b, 0.0)]]
        lanes = {y: list(xs) for y, xs in used.items()}
        candidates += _through_gaps(boxes, u, v, lanes)
        dy = b[1] - a[1]  # an S-curve: straight down out of the parent, straight down into the child
        candidates.append([(a, (a[0], a[1] + dy), (b[0], b[1] - dy), b)])
        candidates += [[_bent(a, b, bend)] for bend in _BENDS[1:]]
        best: tuple[tuple[int, int, int], list[_Cubic], Any] | None = None
        for rank, segments in enumerate(candidates):
            points = _path_points(segments, max(12, int(math.dist(a, b) / 3 / len(segments))))
            inside = (points[:, None, :] > lows[None]) & (points[:, None, :] < highs[None])
            hits = int((inside.all(axis=2) & others[None]).any(axis=1).sum())
            away = points[~(_in_ellipse(points, boxes[u], 12.0) | _in_ellipse(points, boxes[v], 12.0))]
            near = 0
            if len(known) and len(away):
                low, high = away.min(axis=0) - _NEAR, away.max(axis=0) + _NEAR
                nearby = (known > low).all(axis=1) & (known < high).all(axis=1)
                if nearby.any():
                    gaps = np.sqrt(((away[:, None, :] - known[nearby][None]) ** 2).sum(axis=2))
                    near = int((gaps.min(axis=1) < _NEAR).sum())
                    near = near if near > max(3, 0.1 * len(away)) else 0  # a crossing is fine
                    # nor may it lie along most of a short edge drawn before
                    covered = np.bincount(owner[nearby][gaps.min(axis=0) < _NEAR], minlength=len(sizes))
                    near += int((covered > np.maximum(3, 0.3 * sizes)).sum()) * len(away)
            if best is not None and hits > best[0][0]:
                continue
            key = (hits, near, rank)
            if best is None or key < best[0]:
                best = (key, segments, away)
            if key[:2] == (0, 0):
                break
        assert best is not None
        out[(u, v)] = best[1]
        drawn.append(best[2])
        path = _path_points(best[1], 48)
        for y in layers:  # where this edge crosses the layers between its ends: a lane taken
            if min(a[1], b[1]) + 1 < y < max(a[1], b[1]) - 1:
                used.setdefault(y, []).append(float(path[int(np.argmin(np.abs(path[:, 1] - y))), 0]))
    return out


def _edge_geometry(
    segments: list[_Cubic], start: _Box, end: _Box, size: float
) -> tuple[list[_Cubic], _Point]:
    """The drawn part of an edge's path, between the two ellipses, and the tip of its arrowhead.

    The drawn path stops where the arrowhead begins, `size` * 0.9 pixels before the tip, which is on
    the border of the child's ellipse.
    """

    def at(segment: _Cubic, t: float) -> _Point:
        s = 1.0 - t
        w = (s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t)
        return (sum(wi * p[0] for wi, p in zip(w, segment)), sum(wi * p[1] for wi, p in zip(w, segment)))

    def inside(segment: _Cubic, t: float, box: _Box) -> bool:
        (x, y), (cx, cy, rx, ry) = at(segment, t), box
        return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1.0

    def bisect(keep_lo: Any) -> float:
        lo, hi = 0.0, 1.0
        for _ in range(32):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if keep_lo(mid) else (lo, mid)
        return (lo + hi) / 2

    first, last = segments[0], segments[-1]
    if len(segments) == 1:  # leave the parent and enter the child on the same segment: halves apart
        t0 = bisect(lambda t: t < 0.5 and inside(first, t, start))
        t1 = bisect(lambda t: t < 0.5 or not inside(first, t, end))
    else:
        t0 = bisect(lambda t: inside(first, t, start))
        t1 = bisect(lambda t: not inside(last, t, end))
    last = _split(last, t1)[0]
    tip = last[3]
    reach = size * 0.9  # the line stops where the arrowhead begins
    t2 = bisect(lambda t: math.dist(at(last, t), tip) > reach)
    last = _split(last, t2)[0]
    if len(segments) == 1:
        t0 = t0 / (t1 * t2)  # the parameter of the start on the shortened segment
        return [_split(last, t0)[1]], tip
    return [_split(first, t0)[1], *segments[1:-1], last], tip


def dag_svg(
    graph: nx.DiGraph,
    *,
    free: Collection[str] = (),
    observed: Collection[str] = (),
    highlight: Iterable[tuple[str, str]] = (),
    outline: Collection[str] = (),
) -> str:
    r"""A DAG as inline SVG, in layers (:func:`probtables._display.layout.layered_layout`), without matplotlib.

    An edge between neighbouring layers is a straight line; an edge that
    skips layers passes each layer between through a gap between its nodes,
    and one that would still run through a node or along another edge bends
    around them (:func:`probtables.plot.draw_dag` bends such edges too).

    Parameters
    ----------
    graph : networkx.DiGraph
    free : collection of str
        Nodes drawn dashed.
    observed : collection of str
        Nodes drawn shaded.
    highlight : iterable of (str, str)
        Edges drawn thick and red (either direction).
    outline : collection of str
        Nodes outlined thick and blue.

    Returns
    -------
    str
        An ``<svg>`` element: one ``<g class="node ...">`` per node (an
        ``<ellipse>`` and a ``<text>``, with a ``<title>``) and one
        ``<g class="edge ...">`` per edge (a ``<line>``, or for a bent edge
        a ``<path>`` of cubic curves ``M x,y C x1,y1 x2,y2 x,y ...``, and a
        ``<polygon>`` arrowhead); classes ``free``, ``observed``,
        ``blocking`` and ``highlighted`` mark the styles.

    Examples
    --------
    >>> from probtables._display.html import dag_svg
    >>> svg = dag_svg(pt.Factorization.parse("p(z)p(y)p(x|y,z)").dag, observed={"x"})
    >>> svg.count("<ellipse"), svg.count("<line"), svg.count('class="node observed"')
    (3, 2, 1)
    >>> chain = dag_svg(pt.Factorization.parse("p(w, x)p(y, z | w, x)").dag)
    >>> chain.count("<line"), chain.count("<path")  # three edges skip a layer: they bend
    (3, 3)
    """
    pos = layered_layout(graph)
    free, observed, outline = set(free), set(observed), set(outline)
    lit = {frozenset(e) for e in highlight}
    if not pos:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>'
    ry = NODE_HEIGHT / 2 * _PX
    # every node's ellipse in pixels, y down, before the margins are known
    boxes = {v: (x * _PX, -y * _PX, node_width(str(v)) / 2 * _PX, ry) for v, (x, y) in pos.items()}
    routes = _route_edges(boxes, list(graph.edges))
    edges = []
    xs = [b[0] - b[2] for b in boxes.values()] + [b[0] + b[2] for b in boxes.values()]
    ys = [b[1] - ry for b in boxes.values()] + [b[1] + ry for b in boxes.values()]
    for u, v in graph.edges:
        on = frozenset((u, v)) in lit
        size = 11.0 if on else 9.0
        straight = routes[(u, v)] == [_bent(boxes[u][:2], boxes[v][:2], 0.0)]
        drawn, tip = _edge_geometry(routes[(u, v)], boxes[u], boxes[v], size)
        edges.append((u, v, on, size, drawn, tip, straight))
        for x, y in _path_points(
            drawn, 8
        ):  # a bent edge may reach beyond the nodes: keep it in the picture
            xs.append(float(x))
            ys.append(float(y))
    x0, y0 = min(xs) - _PAD, min(ys) - _PAD
    width, height = max(xs) - x0 + _PAD, max(ys) - y0 + _PAD

    def at(point: _Point) -> str:
        return f"{point[0] - x0:.1f},{point[1] - y0:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="probtables-dag" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.1f} {height:.1f}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="13">'
    ]
    for u, v, on, size, drawn, tip, straight in edges:
        color = "#d62728" if on else "#555555"
        stop = drawn[-1][3]
        length = math.dist(stop, tip) or 1.0
        ux, uy = (tip[0] - stop[0]) / length, (tip[1] - stop[1]) / length
        wing = size * 0.45
        head = [
            tip,
            (stop[0] - uy * wing, stop[1] + ux * wing),
            (stop[0] + uy * wing, stop[1] - ux * wing),
        ]
        points = " ".join(at(point) for point in head)
        cls = "edge highlighted" if on else "edge"
        stroke = f'stroke="{color}" stroke-width="{3.2 if on else 1.4}"'
        if straight:
            (sx, sy), (lx, ly) = at(drawn[0][0]).split(","), at(stop).split(",")
            line = f'<line x1="{sx}" y1="{sy}" x2="{lx}" y2="{ly}" {stroke}/>'
        else:
            curve = " ".join(f"C {at(b)} {at(c)} {at(d)}" for _, b, c, d in drawn)
            line = f'<path d="M {at(drawn[0][0])} {curve}" fill="none" {stroke}/>'
        parts.append(
            f'<g class="{cls}" data-source="{escape(str(u))}" data-target="{escape(str(v))}">'
            f"<title>{escape(str(u))} → {escape(str(v))}</title>"
            f'{line}<polygon points="{points}" fill="{color}"/></g>'
        )
    for v, (bx, by, rx, _) in boxes.items():
        cx, cy = bx - x0, by - y0
        name = escape(str(v))
        classes = ["node"] + [
            c
            for c, members in (("free", free), ("observed", observed), ("blocking", outline))
            if v in members
        ]
        fill = "#bdbdbd" if v in observed else "#ffffff"
        stroke = "#1f77b4" if v in outline else "#888888" if v in free else "#333333"
        dash = ' stroke-dasharray="5,3"' if v in free else ""
        parts.append(
            f'<g class="{" ".join(classes)}" data-name="{name}"><title>{name}</title>'
            f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx:.1f}" ry="{ry:.1f}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{3 if v in outline else 1.5}"{dash}/>'
            f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" dominant-baseline="central"'
            f"{' font-style=' + chr(34) + 'italic' + chr(34) if v in free else ''}>{name}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- factorizations and explanations


def _term_description(term: Term) -> str:
    head = ", ".join(term.head)
    if not term.given:
        return f"the distribution of {head}"
    return f"{head} given {', '.join(term.given)}"


def _shown_name(name: str | None) -> bool:
    """Whether a factorization's name is worth showing: ``unknown`` is the BIF files' placeholder."""
    return bool(name) and str(name).strip().lower() != "unknown"


def factorization_html(factorization: Factorization, *, max_rows: int = 12, show: int = 5) -> str:
    r"""A factorization as HTML: its notation, its DAG (SVG), its terms and their tables.

    Parameters
    ----------
    factorization : Factorization
    max_rows, show : int
        Passed to :func:`table_html` for each term's table.

    Returns
    -------
    str
        A ``<div>`` with a ``<p class="probtables-notation">``, an ``<svg>``
        and a list (``<ol>``) with one item per term; the items hold the terms'
        tables when every term has one.

    Examples
    --------
    >>> from probtables._display.html import factorization_html
    >>> html = factorization_html(pt.Factorization.parse("p(z)p(y)p(x|y,z)"))
    >>> html.count("<li>"), "<code>p(x | y, z)</code>" in html
    (3, True)
    """
    f = factorization
    out = [
        '<div class="probtables-factorization">',
        f'<p class="probtables-notation"><code>{escape(str(f))}</code>'
        + (f" ({escape(str(f.name))})" if _shown_name(getattr(f, "name", None)) else "")
        + "</p>",
        dag_svg(f.dag, free=f.free),
    ]
    if f.free:
        out.append(
            f'<p style="{_NOTE_STYLE}">free (only behind a bar; the product is conditional on them): '
            f"{escape(', '.join(f.free))}</p>"
        )
    with_tables = f.has_tables
    style = ' style="display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; list-style: none; padding-left: 0;"'
    out.append(f'<ol class="probtables-terms"{style if with_tables else ""}>')
    for term in f.terms:
        out.append(f"<li><code>{escape(str(term))}</code>: {escape(_term_description(term))}")
        if with_tables and term.table is not None:
            out.append(table_html(term.table, max_rows=max_rows, show=show))
        out.append("</li>")
    out.append("</ol></div>")
    return "".join(out)


def explanation_html(explanation: Explanation, structure: Factorization | str | None = None) -> str:
    r"""An explanation as HTML: the verdict, the trail(s) as SVG, and the reasons.

    Parameters
    ----------
    explanation : Explanation
    structure : Factorization or str, optional
        Draw the whole DAG instead of the trails only.

    Returns
    -------
    str
        A ``<div>`` with the verdict in a ``<p class="probtables-verdict">``,
        an ``<svg>`` (the active trail in red, observed variables shaded,
        blocking nodes outlined) and one ``<li>`` per reason of ``str(explanation)``.

    Examples
    --------
    >>> from probtables._display.html import explanation_html
    >>> e = pt.Factorization.parse("p(z)p(y)p(x|y,z)").explain("y ⊥ z | x")
    >>> html = explanation_html(e)
    >>> "is not implied" in html, html.count('class="edge highlighted"')
    (True, 2)
    """
    e = explanation
    s = e.statement
    free: tuple[str, ...] = ()
    if structure is None:
        graph = explanation_graph(e)
    else:
        f = Factorization.coerce(structure)
        graph, free = f.dag, f.free
    verdict = "is implied" if e.holds else "is not implied"
    lines = str(e).splitlines()
    first = [line for line in lines if not line.lstrip().startswith(("- ", "... "))]
    reasons = [
        line.strip()[2:] if line.strip().startswith("- ") else line.strip()
        for line in lines
        if line not in first
    ]
    out = [
        '<div class="probtables-explanation">',
        f'<p class="probtables-verdict"><code>{escape(str(s))}</code> <strong>{verdict}</strong> '
        "by the structure (d-separation).</p>",
    ]
    if graph.number_of_edges():
        outline = [b.step.node for b in e.blocked] if e.holds else []
        out.append(
            dag_svg(
                graph,
                free=free,
                observed=[v for v in s.given if v in graph],
                highlight=trail_edges(e),
                outline=outline,
            )
        )
    out.append("<p>" + escape(" ".join(first)) + "</p>")
    if reasons:
        out.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in reasons) + "</ul>")
    out.append("</div>")
    return "".join(out)


# --------------------------------------------------------------------------- reports


def report_html(report: IndependenceReport, *, max_rows: int = MAX_ROWS, show: int = SHOW_ROWS) -> str:
    r"""An :class:`~probtables.check.IndependenceReport` as an HTML table, failures marked.

    Parameters
    ----------
    report : IndependenceReport
    max_rows, show : int
        As in :func:`table_html`: long reports show their first and last rows.

    Returns
    -------
    str
        A ``<div>`` holding a ``<table>`` whose ``<caption>`` names the
        structure and the table, a summary paragraph, and one row per
        statement (class ``probtables-fails`` where it does not hold).

    Examples
    --------
    >>> from probtables._display.html import report_html
    >>> from probtables.check import independence_report
    >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    >>> html = report_html(independence_report(t, "p(x)p(y)"))
    >>> html.count('class="probtables-fails"')
    1
    """
    header = report._HEADER
    rows = list(report.rows)
    n = len(rows)
    failures = len(report.failures)
    summary = f"{n} statement{'s' if n != 1 else ''} implied; " + (
        "all hold."
        if not failures
        else f"{failures} fail{'s' if failures == 1 else ''} (gap above atol)."
    )
    caption = f"{report.structure} against {report.table} (kind={report.kind!r}, atol={report.atol:g})"
    out = [
        '<div class="probtables-report">',
        f'<p style="{_NOTE_STYLE}">{escape(summary)}</p>',
        f'<table style="{_TABLE_STYLE}"><caption style="{_CAPTION_STYLE}">{escape(caption)}</caption>',
        "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead><tbody>",
    ]
    chosen, gap = _row_selection(n, max_rows, show)
    for k, i in enumerate(chosen):
        if k == gap:
            out.append(
                f'<tr class="probtables-more"><td colspan="{len(header)}" style="text-align: center;">'
                f"… {n - len(chosen):,} more rows …</td></tr>"
            )
        row = rows[i]
        cells = report._cells(row)
        attrs = (
            "" if row.holds else ' class="probtables-fails" style="color: #b00020; font-weight: bold;"'
        )
        out.append(f"<tr{attrs}>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    if gap >= 0:
        out.append(f'<p style="{_NOTE_STYLE}">{n:,} rows (report.to_frame() lists every row)</p>')
    out.append("</div>")
    return "".join(out)


def data_check_html(report: DataCheckReport, *, max_rows: int = MAX_ROWS) -> str:
    """A :class:`~probtables.check.DataCheckReport` as an HTML table, rejected statements marked.

    Parameters
    ----------
    report : DataCheckReport
    max_rows : int
        A longer report shows this many rows, the rejected, unreliable and
        untestable statements first, and counts the others.

    Returns
    -------
    str
        A ``<div>`` holding the :func:`~probtables.check.data_summary`
        paragraph and a ``<table>`` whose ``<caption>`` names the structure,
        the data and the options; one row per statement (class
        ``probtables-rejected`` where it is rejected), its full reason in the
        row's ``title`` (a tooltip); the note column only when a row has a note.

    Examples
    --------
    >>> import pandas as pd
    >>> from probtables._display.html import data_check_html
    >>> data = pd.DataFrame({"y": [0, 0, 1, 1] * 25, "z": [0, 1, 0, 1] * 25})
    >>> html = data_check_html(pt.check.check_data("p(y)p(z)", data))
    >>> '>y ⊥ z</td><td style="padding: 0.1em 0.6em;">not rejected</td>' in html
    True
    """
    frame = report.frame
    pad = "padding: 0.1em 0.6em;"  # the cells apart in any front end, not only Jupyter's
    chosen, hidden = data_check_rows(frame, max_rows)
    rows = list(frame.itertuples(index=False))
    cells = {i: data_check_cells(rows[i], POWER_THRESHOLD) for i in chosen}
    columns = len(DATA_CHECK_HEADER) - (not any(c[-1] for c in cells.values()))  # a note column if any
    out = [
        '<div class="probtables-data-check">',
        f'<table style="{_TABLE_STYLE}"><caption style="{_CAPTION_STYLE}">{escape(report.title)}</caption>',
        "<thead><tr>"
        + "".join(
            f'<th style="{pad} text-align: {"right" if i in DATA_CHECK_RIGHT else "left"};">{h}</th>'
            for i, h in enumerate(DATA_CHECK_HEADER[:columns])
        )
        + "</tr></thead><tbody>",
    ]
    for i in chosen:
        row = rows[i]
        tds = [
            f'<td style="{pad} text-align: right;">{escape(c)}</td>'
            if k in DATA_CHECK_RIGHT
            else f'<td style="{pad}">{escape(c)}</td>'
            for k, c in enumerate(cells[i][:columns])
        ]
        style = (
            "color: #b00020; font-weight: bold;"
            if row.status == "rejected"
            else ("color: #777;" if row.status in ("untestable", "unreliable") else "")
        )
        attrs = ' class="probtables-rejected"' if row.status == "rejected" else ""
        attrs += f' style="{style}"' if style else ""
        out.append(f'<tr{attrs} title="{escape(str(row.reason))}">' + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    if hidden:
        out.append(f'<p style="{_NOTE_STYLE}">… and {escape(hidden)} (report.frame lists every row)</p>')
    footnote = data_check_footnote(frame)
    if footnote:
        out.append(f'<p style="{_NOTE_STYLE}">{escape(footnote)}</p>')
    out.append(f'<p style="{_NOTE_STYLE}">{escape(report.summary)}</p>')
    out.append("</div>")
    return "".join(out)


# --------------------------------------------------------------------------- LaTeX

_GREEK = {
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "ε": r"\epsilon",
    "ζ": r"\zeta",
    "η": r"\eta",
    "θ": r"\theta",
    "ι": r"\iota",
    "κ": r"\kappa",
    "λ": r"\lambda",
    "μ": r"\mu",
    "ν": r"\nu",
    "ξ": r"\xi",
    "π": r"\pi",
    "ρ": r"\rho",
    "σ": r"\sigma",
    "τ": r"\tau",
    "υ": r"\upsilon",
    "φ": r"\phi",
    "χ": r"\chi",
    "ψ": r"\psi",
    "ω": r"\omega",
    "Γ": r"\Gamma",
    "Δ": r"\Delta",
    "Θ": r"\Theta",
    "Λ": r"\Lambda",
    "Ξ": r"\Xi",
    "Π": r"\Pi",
    "Σ": r"\Sigma",
    "Υ": r"\Upsilon",
    "Φ": r"\Phi",
    "Ψ": r"\Psi",
    "Ω": r"\Omega",
}
_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex_text(text: str) -> str:
    return "".join(_TEXT_ESCAPES.get(c, c) for c in text)


def _latex_name(name: str) -> str:
    r"""``x`` -> ``x``, ``θ`` -> ``\theta``, ``x1``/``x_1`` -> ``x_{1}``, ``rain`` -> ``\mathit{rain}``."""
    if name in _GREEK:
        return _GREEK[name]
    if len(name) == 1:
        return name if name.isascii() else rf"\mathit{{{name}}}"
    stem, sep, sub = name.partition("_")
    if not sep:
        digits = len(name) - len(name.rstrip("0123456789"))
        stem, sub = (name[:-digits], name[-digits:]) if 0 < digits < len(name) else (name, "")
    if sub and stem and "_" not in sub and (len(stem) == 1 or stem in _GREEK):
        return f"{_latex_name(stem)}_{{{_latex_name(sub) if not sub.isdigit() else sub}}}"
    return rf"\mathit{{{_latex_text(name)}}}"


def _latex_value(value: Any) -> str:
    if isinstance(value, tuple):
        return r"\{" + ", ".join(_latex_value(v) for v in value) + r"\}"
    if isinstance(value, bool) or isinstance(value, str):
        return rf"\text{{{_latex_text(str(value))}}}"
    return str(value)


def _latex_item(item: Any) -> str:
    name = _latex_name(item.name)
    if item.values is not None:
        return f"{name}={_latex_value(tuple(item.values))}"
    if item.value is not None:
        return f"{name}={_latex_value(item.value)}"
    return name


def _latex_term(spec: Any) -> str:
    head = ", ".join(_latex_item(i) for i in spec.head)
    if spec.given:
        return rf"p({head} \mid {', '.join(_latex_item(i) for i in spec.given)})"
    return f"p({head})"


def _latex_statement(left: Iterable[str], right: Iterable[str], given: Iterable[str]) -> str:
    def side(names: Sequence[str]) -> str:
        body = ", ".join(_latex_name(n) for n in names)
        return body if len(names) == 1 else rf"\{{{body}\}}"

    text = rf"{side(sorted(left))} \perp\!\!\!\perp {side(sorted(right))}"
    given = sorted(given)
    if given:
        text += r" \mid " + ", ".join(_latex_name(n) for n in given)
    return text


def to_latex(obj: Any) -> str:
    r"""Notation as LaTeX (math mode, without the dollars).

    Parameters
    ----------
    obj : Table, Factorization, Term, Independence, TermSpec or str
        A string is read as a term, a product of terms, or an independence
        statement.

    Returns
    -------
    str
        ``p(x, y \mid z=1)`` for a term or table; the terms of a product
        joined by a thin space ``\,``; ``y \perp\!\!\!\perp z \mid x`` for a
        statement (a side with several names in braces). Single-letter names
        stay as they are, Greek letters become their macros (``\theta``),
        ``x1`` and ``x_1`` become ``x_{1}``, longer names ``\mathit{name}``;
        string states are set in ``\text{...}``, escaped.

    Raises
    ------
    TypeError
        For an object that has no notation.
    NotationError
        For a string that is not notation.

    Examples
    --------
    >>> from probtables._display.html import to_latex
    >>> to_latex("p(x,y|z=1)")
    'p(x, y \\mid z=1)'
    >>> print(to_latex(pt.Factorization.parse("p(z)p(y)p(x|y,z)")))
    p(z)\,p(y)\,p(x \mid y, z)
    >>> print(to_latex("{a, b} ⊥ c | d"))
    \{a, b\} \perp\!\!\!\perp c \mid d
    >>> print(to_latex(pt.Table.uniform({"θ": [0.5], "D": ["H"]}).condition(D="H")))
    p(\theta \mid D=\text{H})
    """
    if isinstance(obj, Independence):
        return _latex_statement(obj.left, obj.right, obj.given)
    if isinstance(obj, TermSpec):
        return _latex_term(obj)
    if isinstance(obj, str):
        if any(symbol in obj for symbol in ("⊥", "⟂", "⫫", "_||_", "indep")):
            return _latex_statement(*parse_statement(obj))
        return r"\,".join(_latex_term(spec) for spec in parse_product(obj))
    if hasattr(obj, "notation") and hasattr(obj, "evidence"):  # a Table; an event may repeat a head name
        head = ", ".join(_latex_item(Item(v)) for v in obj.head)
        behind = [Item(g) for g in obj.given] + [Item.of(k, v) for k, v in obj.evidence.items()]
        return rf"p({head} \mid {', '.join(_latex_item(i) for i in behind)})" if behind else f"p({head})"
    terms = getattr(obj, "terms", None)
    if terms is not None:  # a Factorization
        return r"\,".join(to_latex(str(t)) for t in terms)
    if hasattr(obj, "head") and hasattr(obj, "given"):  # a Term
        return to_latex(str(obj))
    raise TypeError(
        f"to_latex(): {type(obj).__name__} has no notation; pass a Table, Factorization, Term, "
        "Independence or a notation string"
    )
