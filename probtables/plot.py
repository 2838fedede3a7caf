r"""Pictures of tables and structures, drawn with matplotlib.

* :func:`plot_table` (``table.plot()``): a bar chart for one variable in front
  of the bar, a heatmap with the probabilities written in its cells for two,
  and one panel per conditioning assignment for a conditional table;
* :func:`plot_tables`: several tables over the same variable side by side,
  e.g. a prior and a posterior;
* :func:`plot_posteriors`: one such panel per variable of a network, its
  prior and its posterior after evidence (``network.posteriors(evidence)``);
* :func:`draw_factorization` (``factorization.draw()``) and :func:`draw_dag`:
  the DAG of a factorization in layers (parents above their children), free
  variables dashed, observed variables shaded;
* :func:`draw_explanation` (``explanation.draw()``): the DAG with the active
  trail of an :class:`~probtables.dag.Explanation` in thick red, or, when the
  statement is implied, the nodes that block its trails outlined in blue.

Every function returns what it drew into, an ``Axes`` (or a ``Figure`` for
several panels), so that titles, limits and sizes can be changed afterwards,
and takes ``ax=`` to draw into an existing one.

matplotlib is an optional dependency (``pip install probtables[plot]``). It is
imported inside these functions only: ``import probtables`` never loads it.
:func:`layered_layout` is plain Python, shared with the HTML display (it lives in
:mod:`probtables._display.layout`).

Every artist of a DAG drawing carries a ``gid``: ``"node:x"`` for the node
``x`` (an ``Ellipse``), ``"label:x"`` for its text and ``"edge:y->x"`` for the
arrow from ``y`` to ``x`` (a ``FancyArrowPatch``), so that the drawing can be
inspected and restyled.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> joint = pt.Table.from_array([[0.6, 0.1], [0.05, 0.25]],
...                             states={"x": ["sun", "rain"], "y": ["dry", "wet"]})
>>> ax = joint.plot()
>>> [label.get_text() for label in ax.get_xticklabels()]
['dry', 'wet']
>>> ax = pt.Factorization.parse("p(z)p(y)p(x|y,z)").draw(statement="y ⊥ z | x")
>>> sorted(p.get_gid() for p in ax.patches if p.get_gid().startswith("edge:"))
['edge:y->x', 'edge:z->x']
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import product
from math import prod
from typing import TYPE_CHECKING, Any, cast

import networkx as nx
import numpy as np

from probtables._display.layout import (
    LAYER_GAP,
    NODE_HEIGHT,
    explanation_graph,
    layered_layout,
    node_width,
    text_width,
    trail_edges,
)
from probtables.errors import PlotError, UnknownVariableError, did_you_mean
from probtables.factorization import Factorization
from probtables.notation import Item

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from probtables.dag import Explanation
    from probtables.independence import Independence
    from probtables.table import Table

__all__ = [
    "PlotError",
    "plot_table",
    "plot_tables",
    "plot_posteriors",
    "draw_dag",
    "draw_factorization",
    "draw_explanation",
    "layered_layout",
    "node_width",
    "COLORS",
]


#: The colors of the drawings; change them here to restyle every picture.
COLORS: dict[str, str] = {
    "bar": "#4c72b0",
    "cmap": "Blues",
    "node_face": "#ffffff",
    "node_edge": "#333333",
    "free_face": "#ffffff",
    "free_edge": "#888888",
    "observed_face": "#bdbdbd",
    "edge": "#555555",
    "trail": "#d62728",
    "blocking": "#1f77b4",
    "text": "#111111",
}

_EDGE_WIDTH = 1.4
_TRAIL_WIDTH = 3.2
_MAX_PANELS = 36
_ANNOTATE_MAX = 40  # bars or cells up to which probabilities are written on the picture
_TICKS_MAX = 30  # states up to which every state gets a tick label


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "plotting needs matplotlib, an optional dependency: pip install 'probtables[plot]'"
        ) from None
    return plt


def _label(value: Any) -> str:
    """A state as a tick label: the plain Python value (``0.5``, ``wet``, ``1``)."""
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        value = item()
    return str(value)


def _ticks(states: Sequence[Any]) -> tuple[list[int], list[str]]:
    """Tick positions and labels: every state, or about 15 evenly spaced ones for a long list."""
    step = 1 if len(states) <= _TICKS_MAX else -(-len(states) // 15)
    positions = list(range(0, len(states), step))
    return positions, [_label(states[i]) for i in positions]


def _fmt(p: float) -> str:
    return f"{p:.3g}" if p >= 0.001 or p == 0 else f"{p:.1e}"


# --------------------------------------------------------------------------- tables


def _split(table: Table) -> tuple[tuple[str, ...], tuple[str, ...]]:
    head = tuple(table.head)
    given = tuple(table.given)
    if len(head) > 2:
        keep = ", ".join(repr(v) for v in head[:2])
        raise PlotError(
            f"plot(): {table.notation} has {len(head)} variables in front of the bar; a plot shows one "
            f"(bars) or two (a heatmap). Keep two with table.marginal({keep}), or condition on the "
            f"others with table.condition({head[-1]!r}) for one panel per state."
        )
    return head, given


def _panels(table: Table, given: Sequence[str]) -> list[tuple[dict[str, Any], Any]]:
    """Each defined assignment of the given variables with the slice of the dense array over the head."""
    order = list(table.head) + list(given)
    array = table.to_array(order)
    states = table.states
    out = []
    for index in product(*(range(len(states[g])) for g in given)):
        block = array[(Ellipsis,) + tuple(index)] if index else array
        if index and not np.any(block > 0):
            continue  # a conditioning assignment of probability zero: left out of the table
        out.append(({g: states[g][i] for g, i in zip(given, index)}, block))
    return out


def _panel_title(table: Table, assignment: Mapping[str, Any]) -> str:
    behind = [str(Item.of(g, v)) for g, v in assignment.items()]
    behind += [str(Item.of(k, v)) for k, v in table.evidence.items()]
    head = ", ".join(table.head)
    return f"p({head} | {', '.join(behind)})" if behind else f"p({head})"


def _fit_title(title: str, inches: float, size: float) -> tuple[str, float]:
    """`title` broken after commas into lines that fit `inches` at `size` points, or set smaller.

    >>> from probtables.plot import _fit_title
    >>> _fit_title("p(mass | species=Adelie, sex=female)", 2.5, 12.0)
    ('p(mass | species=Adelie,\\nsex=female)', 12.0)
    """
    scale = size / 12.0  # text_width measures 12 pt
    pieces = [piece + "," for piece in title.split(",")]
    pieces[-1] = pieces[-1][:-1]
    lines = [pieces[0]]
    for piece in pieces[1:]:
        joined = lines[-1] + piece
        if text_width(joined) * scale <= inches:
            lines[-1] = joined
        else:
            lines.append(piece.lstrip())
    widest = max(text_width(line) * scale for line in lines)
    if widest > inches > 0:  # a single piece wider than the panel: smaller type
        size = max(6.0, size * inches / widest)
    return "\n".join(lines), size


def _bars(ax: Axes, table: Table, values: Any, *, title: str, annotate: bool, color: str | None) -> None:
    (name,) = table.head
    states = table.states[name]
    positions = list(range(len(states)))
    bars = ax.bar(positions, list(map(float, values)), color=color or COLORS["bar"], width=0.7)
    for bar, state in zip(bars, states):
        bar.set_gid(f"bar:{name}={_label(state)}")
    ax.set_xticks(*_ticks(states))
    ax.set_xlabel(name)
    ax.set_ylabel("probability")
    top = max(float(max(values, default=0.0)), 1e-12)
    ax.set_ylim(0, min(1.0, top * 1.18) if top <= 0.85 else 1.05)
    if annotate and len(states) <= _ANNOTATE_MAX:
        ax.bar_label(bars, labels=[_fmt(float(v)) for v in values], padding=2, fontsize=9)
    ax.set_title(title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _heatmap(
    ax: Axes, table: Table, values: Any, *, title: str, annotate: bool, vmax: float, cmap: str | None
) -> Any:
    rows, cols = table.head
    states = table.states
    image = ax.imshow(values, cmap=cmap or COLORS["cmap"], vmin=0.0, vmax=vmax, aspect="auto")
    ax.set_xticks(*_ticks(states[cols]))
    ax.set_yticks(*_ticks(states[rows]))
    ax.set_xlabel(cols)
    ax.set_ylabel(rows)
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    if annotate and values.size <= _ANNOTATE_MAX:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                v = float(values[i, j])
                dark = v > 0.6 * vmax
                ax.text(
                    j,
                    i,
                    _fmt(v),
                    ha="center",
                    va="center",
                    fontsize=11,
                    color="white" if dark else COLORS["text"],
                    gid=f"cell:{i},{j}",
                )
    ax.set_title(title, pad=10)
    return image


def plot_table(
    table: Table,
    *,
    ax: Axes | Sequence[Axes] | None = None,
    annotate: bool = True,
    color: str | None = None,
    cmap: str | None = None,
    colorbar: bool = True,
) -> Axes | Figure:
    r"""Draw a table: bars for one head variable, a heatmap for two, one panel per parent assignment.

    Parameters
    ----------
    table : Table
        At most two variables in front of the bar (marginalize or condition
        the others first).
    ax : matplotlib Axes, or a sequence of them for a conditional table, optional
        Where to draw. By default a new figure is made.
    annotate : bool, default True
        Write the probabilities on the bars or in the cells (up to 40 of them).
    color : str, optional
        The color of the bars.
    cmap : str, optional
        The colormap of a heatmap (``"Blues"`` by default).
    colorbar : bool, default True
        Add a colorbar beside a heatmap.

    Returns
    -------
    matplotlib.axes.Axes or matplotlib.figure.Figure
        The Axes for a joint table (or a table conditioned on evidence, such as
        ``p(x | y=1)``); the Figure, with one Axes per defined assignment of
        the given variables in ``figure.axes``, for a conditional table such
        as ``p(x | y)``.

    Raises
    ------
    PlotError
        If the table has more than two head variables, more than 36 panels, or
        `ax` does not match the number of panels.

    See Also
    --------
    plot_tables : several one-variable tables side by side.

    Notes
    -----
    A bar chart's tick labels are the states in the table's order; a heatmap's
    rows are the states of the first head variable and its columns those of
    the second. Conditioning assignments of probability zero (left out of a
    conditional table derived from a joint) get no panel. A panel's title is
    its notation, broken after a comma when it is wider than the panel; the
    figure's title is the table's notation, unless the panels were drawn into
    axes of a figure without a layout engine (there it would overlap them).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> coin = pt.Table.from_dict({"H": 0.7, "T": 0.3}, variables="c")
    >>> from probtables.plot import plot_table
    >>> ax = plot_table(coin)
    >>> ax.get_title(), len(ax.patches)
    ('p(c)', 2)
    >>> cpt = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"z": [0, 1], "x": [0, 1]}, given="z")
    >>> fig = cpt.plot()
    >>> [a.get_title() for a in fig.axes]
    ['p(x | z=0)', 'p(x | z=1)']
    """
    plt = _pyplot()
    head, given = _split(table)
    states = table.states
    defined = prod(len(states[g]) for g in given) - table.undefined_count
    if defined > _MAX_PANELS:
        raise PlotError(
            f"plot(): {table.notation} has {defined} conditioning assignments, too many panels "
            f"(at most {_MAX_PANELS}); fix some of them first, e.g. table.condition({given[0]}=...)."
        )
    panels = _panels(table, given)
    vmax = max((float(block.max()) for _, block in panels), default=1.0) or 1.0
    if not given:
        if ax is not None and not hasattr(ax, "bar"):
            raise PlotError(
                "plot(): a joint table draws into one Axes; pass ax=an Axes, not a sequence."
            )
        one = cast("Axes | None", ax)
        if one is None:
            n_states = len(table.states[head[-1]])
            _, one = plt.subplots(
                figsize=(min(max(3.2, 0.55 * n_states + 1.6), 10.0), 3.2 if len(head) == 1 else 3.6)
            )
        block = panels[0][1]
        if len(head) == 1:
            _bars(one, table, block, title=table.notation, annotate=annotate, color=color)
        else:
            image = _heatmap(
                one, table, block, title=table.notation, annotate=annotate, vmax=vmax, cmap=cmap
            )
            if colorbar:
                one.figure.colorbar(image, ax=one, label="p", fraction=0.046, pad=0.04)
        return one
    n = len(panels)
    if ax is None:
        ncols = min(n, 4)
        nrows = -(-n // ncols)
        width = 3.0 if len(head) == 1 else 3.4
        fig, grid = plt.subplots(
            nrows,
            ncols,
            figsize=(width * ncols + 0.4, 3.1 * nrows + 0.3),
            squeeze=False,
            sharey=len(head) == 1,
            layout="constrained",
        )
        axes = list(grid.ravel())
        for extra in axes[n:]:
            extra.remove()
        axes = axes[:n]
    else:
        axes = [ax] if hasattr(ax, "bar") else list(ax)
        if len(axes) != n:
            raise PlotError(
                f"plot(): {table.notation} draws {n} panels (one per defined assignment of "
                f"{', '.join(given)}); pass ax= a sequence of {n} Axes, or leave ax out."
            )
        fig = axes[0].figure
    image = None
    for axis, (assignment, block) in zip(axes, panels):
        title = _panel_title(table, assignment)
        if len(head) == 1:
            _bars(axis, table, block, title=title, annotate=annotate, color=color)
        else:
            image = _heatmap(axis, table, block, title=title, annotate=annotate, vmax=vmax, cmap=cmap)
        # a title wider than its panel would run into its neighbour's: wrap it after a comma
        room = (
            fig.get_figwidth() / ncols - 0.25
            if ax is None
            else axis.get_window_extent().width / axis.figure.dpi  # the user's Axes (or a subfigure's)
        )
        text, size = _fit_title(title, room, axis.title.get_fontsize())
        axis.title.set_text(text)
        axis.title.set_fontsize(size)
    if len(head) == 1 and len(axes) > 1:
        highest = max(float(block.max()) for _, block in panels)  # the axes share y: fit the highest bar
        top = min(1.0, highest * 1.18) if highest <= 0.85 else 1.05
        for axis in axes:
            axis.set_ylim(0, top)
            spec = axis.get_subplotspec()
            if spec is not None and not spec.is_first_col():
                axis.set_ylabel("")  # one "probability" per row is enough
    if image is not None and colorbar:
        fig.colorbar(image, ax=axes, label="p", shrink=0.8)
    engine = getattr(fig, "get_layout_engine", lambda: None)()
    if ax is None or engine is not None:  # without a layout engine a figure title runs into the panels'
        fig.suptitle(table.notation)
    return fig


def plot_tables(
    tables: Sequence[Table],
    *,
    labels: Sequence[str] | None = None,
    ax: Axes | None = None,
    colors: Sequence[str] | None = None,
) -> Axes:
    r"""Several tables over the same single variable as grouped bars, e.g. a prior and a posterior.

    Parameters
    ----------
    tables : sequence of Table
        Each with one head variable, the same one with the same states (they
        may differ behind the bar: ``p(θ)`` and ``p(θ | D=H)``).
    labels : sequence of str, optional
        The legend entries; the tables' notations by default.
    ax : matplotlib Axes, optional
        Where to draw.
    colors : sequence of str, optional
        One color per table.

    Returns
    -------
    matplotlib.axes.Axes
        One bar container per table in ``ax.containers``, in order.

    Raises
    ------
    PlotError
        If a table has several head variables, a conditional given variable,
        or the tables do not share their variable and states.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> prior = pt.Table.uniform({"θ": [0.2, 0.5, 0.8]})
    >>> lik = pt.Table.from_function(lambda θ, D: θ if D == "H" else 1 - θ,
    ...                              states={"θ": [0.2, 0.5, 0.8], "D": ["H", "T"]}, given="θ")
    >>> from probtables.plot import plot_tables
    >>> ax = plot_tables([prior, pt.bayes(prior, lik, evidence={"D": "H"})])
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['p(θ)', 'p(θ | D=H)']
    """
    plt = _pyplot()
    tables = list(tables)
    if not tables:
        raise PlotError("plot_tables(): no table to draw.")
    first = tables[0]
    for t in tables:
        if len(t.head) != 1 or t.given:
            raise PlotError(
                f"plot_tables(): {t.notation} must have one variable in front of the bar and none behind it "
                "(evidence such as p(θ | D=H) is fine); marginalize or condition on values first."
            )
        if t.head != first.head or t.states[t.head[0]] != first.states[first.head[0]]:
            raise PlotError(
                f"plot_tables(): {t.notation} and {first.notation} are not over the same variable and states; "
                f"got {t.head[0]!r} with {t.states[t.head[0]]!r} and {first.head[0]!r} with "
                f"{first.states[first.head[0]]!r}."
            )
    labels = [t.notation for t in tables] if labels is None else list(labels)
    if len(labels) != len(tables):
        raise PlotError(f"plot_tables(): {len(tables)} tables but {len(labels)} labels.")
    name = first.head[0]
    states = first.states[name]
    if ax is None:
        _, ax = plt.subplots(
            figsize=(min(max(4.0, 0.45 * len(states) * max(1, len(tables) * 0.6) + 1.8), 10.0), 3.4)
        )
    k = len(tables)
    width = 0.8 / k
    palette = (
        list(colors)
        if colors is not None
        else [COLORS["bar"], "#dd8452", "#55a868", "#c44e52", "#8172b3"]
    )
    for i, (t, label) in enumerate(zip(tables, labels)):
        offsets = [s + (i - (k - 1) / 2) * width for s in range(len(states))]
        ax.bar(
            offsets,
            t.to_array([name]).tolist(),
            width=width,
            label=label,
            color=palette[i % len(palette)],
        )
    ax.set_xticks(*_ticks(states))
    ax.set_xlabel(name)
    ax.set_ylabel("probability")
    ax.legend(frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def plot_posteriors(
    posteriors: Mapping[str, Table],
    *,
    variables: Sequence[str] | None = None,
    priors: Mapping[str, Table] | None = None,
    labels: Sequence[str] = ("prior", "posterior"),
    columns: int = 4,
) -> Figure:
    r"""One bar panel per variable: its posterior, beside its prior when ``priors`` are given.

    Parameters
    ----------
    posteriors : mapping of str to Table
        ``{variable: p(variable | evidence)}``, such as
        ``network.posteriors(evidence)`` returns.
    variables : sequence of str, optional
        The variables to draw, in this order; every one of ``posteriors`` by default.
    priors : mapping of str to Table, optional
        ``{variable: p(variable)}`` (``network.posteriors()``: no evidence),
        drawn beside each posterior with the same states.
    labels : pair of str, default ("prior", "posterior")
        The legend, drawn in the first panel only.
    columns : int, default 4
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
        One ``Axes`` per variable in ``fig.axes`` (in the order of
        ``variables``), each with one bar container per table
        (``ax.containers``: the prior's first). The figure's title is the
        evidence.

    Raises
    ------
    UnknownVariableError
        If a variable has no posterior (or no prior), with a close name.
    PlotError
        If there is no variable to draw, or as :func:`plot_tables`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from probtables.plot import plot_posteriors
    >>> asia = pt.examples.load("asia")
    >>> fig = plot_posteriors(asia.posteriors({"xray": "yes"}), priors=asia.posteriors(),
    ...                       variables=["tub", "lung"])
    >>> [ax.get_title() for ax in fig.axes], fig.texts[0].get_text()
    (['tub', 'lung'], 'given xray=yes')
    >>> [round(float(bar.get_height()), 4) for bar in fig.axes[1].containers[1]]
    [0.4887, 0.5113]
    """
    plt = _pyplot()
    names = list(posteriors) if variables is None else list(variables)
    if not names:
        raise PlotError("plot_posteriors(): no variable to draw.")
    for where, mapping in (("posterior", posteriors), ("prior", priors)):
        if mapping is None:
            continue
        for name in names:
            if name not in mapping:
                raise UnknownVariableError(
                    f"plot_posteriors(): no {where} of {name!r}; there are {where}s of "
                    f"{', '.join(map(repr, mapping))}." + did_you_mean(name, list(mapping))
                )
    if len(names) > _MAX_PANELS:
        raise PlotError(
            f"plot_posteriors(): {len(names)} variables is more than {_MAX_PANELS} panels; "
            "pass variables= to choose some."
        )
    if columns < 1:
        raise PlotError(f"plot_posteriors(): columns must be at least 1, got {columns}.")
    ncols = min(columns, len(names))
    nrows = -(-len(names) // ncols)
    fig, grid = plt.subplots(
        nrows, ncols, figsize=(2.7 * ncols, 2.7 * nrows), squeeze=False, layout="constrained"
    )
    for k, name in enumerate(names):
        ax = grid[k // ncols][k % ncols]
        posterior = posteriors[name]
        if priors is None:
            plot_tables([posterior], labels=[labels[-1]], ax=ax)
        else:
            plot_tables([priors[name], posterior], labels=list(labels), ax=ax)
        ax.set_title(name)
        ax.set_xlabel("")
        ax.set_ylim(0, 1)
        if k % ncols:
            ax.set_ylabel("")
        if k:
            ax.get_legend().remove()
    for k in range(len(names), nrows * ncols):
        grid[k // ncols][k % ncols].remove()
    notation = posteriors[names[0]].notation
    if " | " in notation:
        fig.suptitle("given " + notation.split(" | ", 1)[1].removesuffix(")"))
    return fig


# --------------------------------------------------------------------------- DAG drawing


def _edge_key(u: Any, v: Any) -> frozenset:
    return frozenset((u, v))


def draw_dag(
    graph: nx.DiGraph,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    free: Collection[str] = (),
    observed: Collection[str] = (),
    highlight: Iterable[tuple[str, str]] = (),
    outline: Collection[str] = (),
    pos: Mapping[Any, tuple[float, float]] | None = None,
    legend: bool = True,
    fontsize: float = 12,
) -> Axes:
    r"""Draw a DAG in layers, with styled free, observed, highlighted and outlined parts.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG (edges parent -> child).
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure sized to the layout.
    title : str, optional
        The title of the Axes.
    free : collection of str
        Nodes drawn with a dashed outline (variables only behind a bar).
    observed : collection of str
        Nodes drawn shaded (grey), the convention for observed variables.
    highlight : iterable of (str, str)
        Edges drawn thick and red, in either direction (a trail).
    outline : collection of str
        Nodes with a thick blue outline (nodes that block a trail).
    pos : mapping, optional
        Node -> (x, y); :func:`layered_layout` by default.
    legend : bool, default True
        Explain the styles used, below the drawing.
    fontsize : float, default 12
        Size of the node labels.

    Returns
    -------
    matplotlib.axes.Axes
        Nodes are ``Ellipse`` patches with gid ``"node:<name>"``, edges are
        ``FancyArrowPatch`` with gid ``"edge:<parent>-><child>"``, labels are
        texts with gid ``"label:<name>"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import networkx as nx
    >>> from probtables.plot import draw_dag
    >>> ax = draw_dag(nx.DiGraph([("a", "b"), ("b", "c")]), observed={"b"})
    >>> sorted(t.get_text() for t in ax.texts)
    ['a', 'b', 'c']
    """
    plt = _pyplot()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Ellipse, FancyArrowPatch, Patch

    pos = dict(layered_layout(graph) if pos is None else pos)
    free, observed, outline = set(free), set(observed), set(outline)
    lit = {_edge_key(u, v) for u, v in highlight}
    xs = [x for x, _ in pos.values()] or [0.0]
    ys = [y for _, y in pos.values()] or [0.0]
    half = max((node_width(str(v)) for v in graph.nodes), default=NODE_HEIGHT) / 2
    x0, x1 = min(xs) - half - 0.25, max(xs) + half + 0.25
    y0, y1 = min(ys) - NODE_HEIGHT / 2 - 0.25, max(ys) + NODE_HEIGHT / 2 + 0.25
    room = None
    if ax is None:
        # one layout unit is one inch: the node labels fit their nodes at the default font size
        width, height = x1 - x0, y1 - y0
        lines = title.split("\n") if title else []
        wanted = max((text_width(line) * 1.05 for line in lines), default=0.0)  # room for the title
        below = 0.45 if legend else 0.1
        above = 0.26 * len(lines) + 0.12
        fig_w, fig_h = max(2.6, width + 0.4, min(wanted + 0.4, 9.0)), height + below + above
        fig = plt.figure(figsize=(fig_w, fig_h))
        ax = fig.add_axes(((fig_w - width) / 2 / fig_w, below / fig_h, width / fig_w, height / fig_h))
        room = fig_w - 0.2
    patches: dict[Any, Any] = {}
    for v in graph.nodes:
        name = str(v)
        face = (
            COLORS["observed_face"]
            if v in observed
            else COLORS["free_face"]
            if v in free
            else COLORS["node_face"]
        )
        edge = (
            COLORS["blocking"]
            if v in outline
            else COLORS["free_edge"]
            if v in free
            else COLORS["node_edge"]
        )
        node = Ellipse(
            pos[v],
            node_width(name),
            NODE_HEIGHT,
            facecolor=face,
            edgecolor=edge,
            linewidth=3.0 if v in outline else 1.5,
            linestyle="--" if v in free else "-",
            zorder=3,
        )
        node.set_gid(f"node:{name}")
        ax.add_patch(node)
        patches[v] = node
        ax.text(
            pos[v][0],
            pos[v][1],
            name,
            ha="center",
            va="center",
            fontsize=fontsize,
            zorder=4,
            gid=f"label:{name}",
            color=COLORS["free_edge"] if v in free else COLORS["text"],
            style="italic" if v in free else "normal",
        )
    for u, v in graph.edges:
        on_trail = _edge_key(u, v) in lit
        # an edge that skips a layer bends, so that it does not run through the nodes between
        bend = 0.2 if abs(pos[u][1] - pos[v][1]) > 1.5 * LAYER_GAP else 0.0
        arrow = FancyArrowPatch(
            pos[u],
            pos[v],
            patchA=patches[u],
            patchB=patches[v],
            shrinkA=1,
            shrinkB=1,
            connectionstyle=f"arc3,rad={bend}",
            arrowstyle="-|>",
            mutation_scale=18 if on_trail else 14,
            color=COLORS["trail"] if on_trail else COLORS["edge"],
            linewidth=_TRAIL_WIDTH if on_trail else _EDGE_WIDTH,
            zorder=2 if on_trail else 1,
        )
        arrow.set_gid(f"edge:{u}->{v}")
        ax.add_patch(arrow)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        if room is None:  # the user's Axes: wrap to its width (a little more: the axis is off)
            room = ax.get_position().width * cast("Figure", ax.figure).get_figwidth() * 1.1
        ax.set_title(_wrap(title, room))
    if legend:
        handles: list[Artist] = []
        if free:
            handles.append(
                Patch(
                    facecolor=COLORS["free_face"],
                    edgecolor=COLORS["free_edge"],
                    linestyle="--",
                    label="free (only behind a bar)",
                )
            )
        if observed:
            handles.append(
                Patch(facecolor=COLORS["observed_face"], edgecolor=COLORS["node_edge"], label="observed")
            )
        if lit:
            handles.append(
                Line2D([], [], color=COLORS["trail"], linewidth=_TRAIL_WIDTH, label="active trail")
            )
        if outline:
            handles.append(
                Patch(
                    facecolor=COLORS["node_face"],
                    edgecolor=COLORS["blocking"],
                    linewidth=3.0,
                    label="blocks a trail",
                )
            )
        if handles:
            ax.legend(
                handles=handles,
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncol=min(len(handles), 2),
                frameon=False,
                fontsize=9,
                handlelength=1.6,
            )
    return ax


def _wrap(title: str, inches: float) -> str:
    """`title` wrapped to `inches` (each line separately)."""
    chars = max(16, int(inches / 0.09))
    return "\n".join(textwrap.fill(line, chars, break_on_hyphens=False) for line in title.split("\n"))


def draw_factorization(
    factorization: Factorization | str,
    *,
    ax: Axes | None = None,
    statement: Independence | str | None = None,
    observed: Collection[str] = (),
    title: str | None = None,
    pos: Mapping[Any, tuple[float, float]] | None = None,
    legend: bool = True,
    fontsize: float = 12,
) -> Axes:
    r"""Draw the DAG of a factorization: parents above children, free variables dashed.

    Parameters
    ----------
    factorization : Factorization or str
        Such as ``"p(z)p(y)p(x|y,z)"``.
    ax : matplotlib Axes, optional
        Where to draw.
    statement : Independence or str, optional
        Also explain this statement: its active trail is drawn in red and its
        given variables shaded (see :func:`draw_explanation`).
    observed : collection of str
        Variables to shade (when no `statement` is given).
    title : str, optional
        By default the factorization's notation (and the statement).
    pos, legend, fontsize
        As for :func:`draw_dag`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = pt.Factorization.parse("p(y | w)p(x | y)").draw()
    >>> [p.get_linestyle() for p in ax.patches if p.get_gid() == "node:w"]
    ['--']
    """
    f = Factorization.coerce(factorization)
    if statement is not None:
        return draw_explanation(
            f.explain(statement), f, ax=ax, title=title, pos=pos, legend=legend, fontsize=fontsize
        )
    return draw_dag(
        f.dag,
        ax=ax,
        title=str(f) if title is None else title,
        free=f.free,
        observed=observed,
        pos=pos,
        legend=legend,
        fontsize=fontsize,
    )


def draw_explanation(
    explanation: Explanation,
    structure: Factorization | str | nx.DiGraph | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    pos: Mapping[Any, tuple[float, float]] | None = None,
    legend: bool = True,
    fontsize: float = 12,
) -> Axes:
    r"""Draw why a DAG does or does not imply a statement.

    When the statement is not implied, the active trail is drawn thick and
    red (with the directed path to the observed descendant that opens a
    collider, if any). When it is implied, the node that blocks each listed
    trail gets a thick blue outline. Observed (given) variables are shaded.

    Parameters
    ----------
    explanation : Explanation
        From :meth:`Factorization.explain` or :func:`probtables.dag.explain`.
    structure : Factorization, str or networkx.DiGraph, optional
        The whole structure to draw. Without it only the trails of the
        explanation are drawn.
    ax : matplotlib Axes, optional
        Where to draw.
    title : str, optional
        By default the statement and the verdict.
    pos, legend, fontsize
        As for :func:`draw_dag`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
    >>> from probtables.plot import draw_explanation
    >>> ax = draw_explanation(f.explain("y ⊥ z | x"), f)
    >>> print(ax.get_title())
    y ⊥ z | x is not implied:
    active trail y → x ← z
    >>> [p.get_facecolor()[:3] != (1.0, 1.0, 1.0) for p in ax.patches if p.get_gid() == "node:x"]
    [True]
    """
    free: Sequence[str] = ()
    if structure is None:
        graph = explanation_graph(explanation)
    elif isinstance(structure, nx.DiGraph):
        graph = structure
        free = [v for v, d in graph.nodes(data=True) if d.get("free")]
    else:
        f = Factorization.coerce(structure)
        graph, free = f.dag, f.free
    s = explanation.statement
    if title is None:
        if explanation.holds:
            title = (
                f"{s} is implied:\nevery trail is blocked"
                if explanation.n_trails
                else f"{s} is implied:\nno trail joins them"
            )
        else:
            arrows = {"->": "→", "<-": "←"}
            trail = " ".join(
                [explanation.trail[0]]
                + [f"{arrows[a]} {v}" for a, v in zip(explanation.arrows, explanation.trail[1:])]
            )
            title = f"{s} is not implied:\nactive trail {trail}"
    outline = [b.step.node for b in explanation.blocked] if explanation.holds else []
    return draw_dag(
        graph,
        ax=ax,
        title=title,
        free=free,
        observed=[v for v in s.given if v in graph],
        highlight=trail_edges(explanation),
        outline=outline,
        pos=pos,
        legend=legend,
        fontsize=fontsize,
    )
