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
from html import escape
from typing import TYPE_CHECKING, Any

from probtables._display.layout import (
    NODE_HEIGHT,
    explanation_graph,
    layered_layout,
    node_width,
    trail_edges,
)
from probtables._display.text import format_pair
from probtables.factorization import Factorization
from probtables.independence import Independence
from probtables.notation import Item, TermSpec, parse_product, parse_statement

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from probtables.check import IndependenceReport
    from probtables.dag import Explanation
    from probtables.factorization import Factorization, Term
    from probtables.table import Table

__all__ = [
    "table_html",
    "factorization_html",
    "explanation_html",
    "report_html",
    "dag_svg",
    "to_latex",
    "MAX_ROWS",
    "SHOW_ROWS",
]

#: Tables longer than this are cut in the display ...
MAX_ROWS = 20
#: ... to this many rows at each end.
SHOW_ROWS = 10

_TABLE_STYLE = "border-collapse: collapse; margin: 0.25em 0;"
_CAPTION_STYLE = (
    "caption-side: top; text-align: left; font-family: monospace; font-weight: bold; padding: 0.2em 0;"
)
_GROUP_STYLE = "text-align: left; background: #f0f0f0; font-weight: normal; font-family: monospace;"
_NOTE_STYLE = "margin: 0.2em 0; color: #555; font-size: 0.9em;"


def _text(value: Any) -> str:
    """A state as display text (numpy scalars as the Python value), escaped."""
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        value = item()
    return escape(str(value))


def _prob(p: float) -> str:
    return f"{p:.6g}"


def _setting(name: str, value: Any) -> str:
    try:
        return str(Item.of(name, value))
    except (TypeError, ValueError):  # a state the notation cannot write: show it as Python does
        return f"{name}={value!r}"


# --------------------------------------------------------------------------- tables


def _row_selection(n: int, max_rows: int, show: int) -> tuple[list[int], int]:
    """The row numbers to show and where the gap goes (-1: no gap)."""
    if n <= max_rows:
        return list(range(n)), -1
    return list(range(show)) + list(range(n - show, n)), show


def table_html(table: Table, *, max_rows: int = MAX_ROWS, show: int = SHOW_ROWS) -> str:
    r"""A table as HTML: a caption with its notation, one row per assignment, cut when long.

    Parameters
    ----------
    table : Table
    max_rows : int, default 20
        Tables with more rows show only their first and last `show` rows, with
        a row saying how many are hidden and a note with the total.
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
    frame = table.frame
    given = list(table.given)
    head = [v for v in table.variables if v not in table.given]
    if given:
        frame = frame.sort_values(given, kind="stable")
    n = len(frame)
    rows, gap = _row_selection(n, max_rows, show)
    columns = head + ["p"]
    width = len(columns)
    shown = frame.iloc[rows]
    given_values = [shown[g].tolist() for g in given]
    head_values = [shown[h].tolist() for h in head]
    probs = shown["p"].tolist()
    out = [
        f'<div class="probtables-table"><table style="{_TABLE_STYLE}">',
        f'<caption style="{_CAPTION_STYLE}">{escape(table.notation)}</caption>',
        "<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead>",
    ]
    current: tuple | None = None
    open_body = False
    for k in range(len(rows)):
        if k == gap:
            if open_body:
                out.append("</tbody>")
            hidden = n - len(rows)
            out.append(
                f'<tbody><tr class="probtables-more"><td colspan="{width}" style="text-align: center;">'
                f"… {hidden:,} more rows …</td></tr></tbody>"
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
        notes.append(f"{n:,} rows")
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


def dag_svg(
    graph: nx.DiGraph,
    *,
    free: Collection[str] = (),
    observed: Collection[str] = (),
    highlight: Iterable[tuple[str, str]] = (),
    outline: Collection[str] = (),
) -> str:
    r"""A DAG as inline SVG, in layers (:func:`probtables._display.layout.layered_layout`), without matplotlib.

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
        ``<g class="edge ...">`` per edge (a ``<line>`` and a ``<polygon>``
        arrowhead); classes ``free``, ``observed``, ``blocking`` and
        ``highlighted`` mark the styles.

    Examples
    --------
    >>> from probtables._display.html import dag_svg
    >>> svg = dag_svg(pt.Factorization.parse("p(z)p(y)p(x|y,z)").dag, observed={"x"})
    >>> svg.count("<ellipse"), svg.count("<line"), svg.count('class="node observed"')
    (3, 2, 1)
    """
    pos = layered_layout(graph)
    free, observed, outline = set(free), set(observed), set(outline)
    lit = {frozenset(e) for e in highlight}
    if not pos:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>'
    half_w = {v: node_width(str(v)) / 2 for v in pos}
    x0 = min(x - half_w[v] for v, (x, _) in pos.items())
    x1 = max(x + half_w[v] for v, (x, _) in pos.items())
    y_top = max(y for _, y in pos.values()) + NODE_HEIGHT / 2
    y_bottom = min(y for _, y in pos.values()) - NODE_HEIGHT / 2

    def px(point: tuple[float, float]) -> tuple[float, float]:
        return (_PAD + (point[0] - x0) * _PX, _PAD + (y_top - point[1]) * _PX)

    width = (x1 - x0) * _PX + 2 * _PAD
    height = (y_top - y_bottom) * _PX + 2 * _PAD
    ry = NODE_HEIGHT / 2 * _PX
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="probtables-dag" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.1f} {height:.1f}" font-family="DejaVu Sans, Verdana, sans-serif" font-size="13">'
    ]
    for u, v in graph.edges:
        (ax, ay), (bx, by) = px(pos[u]), px(pos[v])
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length

        def boundary(rx: float, ux: float = ux, uy: float = uy) -> float:
            return 1.0 / math.sqrt((ux / rx) ** 2 + (uy / ry) ** 2)

        sx, sy = ax + ux * boundary(half_w[u] * _PX), ay + uy * boundary(half_w[u] * _PX)
        ex, ey = bx - ux * boundary(half_w[v] * _PX), by - uy * boundary(half_w[v] * _PX)
        on = frozenset((u, v)) in lit
        color = "#d62728" if on else "#555555"
        size = 11.0 if on else 9.0
        lx, ly = ex - ux * size * 0.9, ey - uy * size * 0.9  # the line stops where the arrowhead begins
        wing = size * 0.45
        head = [(ex, ey), (lx - uy * wing, ly + ux * wing), (lx + uy * wing, ly - ux * wing)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in head)
        cls = "edge highlighted" if on else "edge"
        parts.append(
            f'<g class="{cls}" data-source="{escape(str(u))}" data-target="{escape(str(v))}">'
            f"<title>{escape(str(u))} → {escape(str(v))}</title>"
            f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{lx:.1f}" y2="{ly:.1f}" stroke="{color}" '
            f'stroke-width="{3.2 if on else 1.4}"/><polygon points="{points}" fill="{color}"/></g>'
        )
    for v, point in pos.items():
        cx, cy = px(point)
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
            f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{half_w[v] * _PX:.1f}" ry="{ry:.1f}" fill="{fill}" '
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
        + (f" ({escape(f.name)})" if f.name else "")
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


def _trail_graph(explanation: Explanation) -> nx.DiGraph:
    return explanation_graph(explanation)


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
        graph = _trail_graph(e)
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
    header = ("statement", "holds", "gap", "where", "joint", "product")
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
        joint, product = format_pair(row.joint, row.product)
        cells = [
            str(row.statement),
            "yes" if row.holds else "NO",
            f"{row.gap:.3g}",
            row.where_text,
            joint,
            product,
        ]
        attrs = (
            "" if row.holds else ' class="probtables-fails" style="color: #b00020; font-weight: bold;"'
        )
        out.append(f"<tr{attrs}>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    if gap >= 0:
        out.append(f'<p style="{_NOTE_STYLE}">{n:,} rows (report.to_frame() lists every row)</p>')
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
