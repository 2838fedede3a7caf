"""Plots: what is drawn (bars, cells, tick labels, highlighted edges, shaded nodes), rendered with Agg."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Ellipse, FancyArrowPatch, Rectangle  # noqa: E402

import probtables as pt  # noqa: E402
from probtables.plot import (  # noqa: E402
    COLORS,
    PlotError,
    draw_dag,
    draw_explanation,
    draw_factorization,
    layered_layout,
    plot_table,
    plot_tables,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def weather() -> pt.Table:
    return pt.Table.from_dict(
        {("sun", "dry"): 0.60, ("sun", "wet"): 0.10, ("rain", "dry"): 0.05, ("rain", "wet"): 0.25},
        variables=("x", "y"),
        states={"x": ["sun", "rain"], "y": ["dry", "wet"]},
    )


@pytest.fixture
def collider() -> pt.Factorization:
    return pt.Factorization.parse("p(z)p(y)p(x|y,z)")


def render(figure) -> bytes:
    """Draw the figure into a PNG, as a user saving it would (catches errors at draw time)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    data = buffer.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return data


def ticks(labels) -> list[str]:
    return [label.get_text() for label in labels]


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle) and (p.get_gid() or "").startswith("bar:")]


def nodes(ax) -> dict[str, Ellipse]:
    return {
        p.get_gid()[5:]: p
        for p in ax.patches
        if isinstance(p, Ellipse) and (p.get_gid() or "").startswith("node:")
    }


def edges(ax) -> dict[tuple[str, str], FancyArrowPatch]:
    out = {}
    for p in ax.patches:
        gid = p.get_gid() or ""
        if isinstance(p, FancyArrowPatch) and gid.startswith("edge:"):
            u, v = gid[5:].split("->")
            out[(u, v)] = p
    return out


def is_trail(arrow: FancyArrowPatch) -> bool:
    return to_hex(arrow.get_edgecolor()) == COLORS["trail"] and arrow.get_linewidth() > 2.5


# --------------------------------------------------------------------------- tables


def test_one_variable_is_a_bar_per_state_with_states_as_ticks(weather):
    ax = weather.marginal("x").plot()
    render(ax.figure)
    assert ticks(ax.get_xticklabels()) == ["sun", "rain"]
    heights = [b.get_height() for b in bars(ax)]
    assert heights == pytest.approx([0.7, 0.3])
    assert ax.get_title() == "p(x)"
    assert ax.get_xlabel() == "x"
    # the probabilities are written on the bars
    assert sorted(t.get_text() for t in ax.texts) == ["0.3", "0.7"]


def test_bars_keep_the_state_order_and_zero_states(weather):
    t = pt.Table.from_dict({"c": 0.5, "a": 0.5}, variables="v", states={"v": ["c", "b", "a"]})
    ax = plot_table(t)
    assert ticks(ax.get_xticklabels()) == ["c", "b", "a"]
    assert [b.get_height() for b in bars(ax)] == pytest.approx([0.5, 0.0, 0.5])


def test_a_long_state_list_gets_fewer_ticks_but_every_bar():
    grid = [round(0.01 * k, 2) for k in range(101)]
    ax = pt.Table.uniform({"θ": grid}).plot()
    assert len(bars(ax)) == 101
    labels = ticks(ax.get_xticklabels())
    assert 10 <= len(labels) <= 16 and labels[0] == "0.0"
    for position, label in zip(ax.get_xticks(), labels):
        assert label == str(grid[int(position)])
    assert len(ax.texts) == 0  # too many bars to write every probability


def test_two_variables_is_an_annotated_heatmap(weather):
    ax = weather.plot()
    render(ax.figure)
    assert ticks(ax.get_yticklabels()) == ["sun", "rain"]
    assert ticks(ax.get_xticklabels()) == ["dry", "wet"]
    assert ax.get_ylabel() == "x" and ax.get_xlabel() == "y"
    (image,) = ax.images
    assert np.allclose(image.get_array(), [[0.6, 0.1], [0.05, 0.25]])
    cells = {t.get_gid(): t.get_text() for t in ax.texts}
    assert cells == {"cell:0,0": "0.6", "cell:0,1": "0.1", "cell:1,0": "0.05", "cell:1,1": "0.25"}
    # a colorbar was added beside it
    assert len(ax.figure.axes) == 2


def test_heatmap_annotations_can_be_turned_off(weather):
    ax = weather.plot(annotate=False, colorbar=False)
    assert len(ax.texts) == 0 and len(ax.figure.axes) == 1


def test_conditional_table_has_one_panel_per_parent_assignment(weather):
    fig = weather.condition("x").plot()
    render(fig)
    assert [a.get_title() for a in fig.axes] == ["p(y | x=sun)", "p(y | x=rain)"]
    for ax, expected in zip(fig.axes, ([0.6 / 0.7, 0.1 / 0.7], [0.05 / 0.3, 0.25 / 0.3])):
        assert ticks(ax.get_xticklabels()) == ["dry", "wet"]
        assert [b.get_height() for b in bars(ax)] == pytest.approx(expected)
    assert fig.get_suptitle() == "p(y | x)"


def test_zero_probability_parent_assignments_get_no_panel():
    t = pt.Table.from_dict(
        {(0, 0): 0.5, (0, 1): 0.5}, variables=("x", "y"), states={"x": [0, 1], "y": [0, 1]}
    )
    fig = t.condition("x").plot()
    assert [a.get_title() for a in fig.axes] == ["p(y | x=0)"]


def test_conditional_with_two_head_variables_is_heatmap_panels():
    t = pt.Table.uniform({"x": [0, 1], "y": ["a", "b", "c"], "z": [0, 1]}, given="z")
    fig = t.plot()
    render(fig)
    heatmaps = [a for a in fig.axes if a.images]
    assert [a.get_title() for a in heatmaps] == ["p(x, y | z=0)", "p(x, y | z=1)"]
    assert all(len(a.texts) == 6 for a in heatmaps)


def assert_titles_apart(fig) -> None:
    """No two titles (the panels' and the figure's) overlap once drawn, and none leaves the figure."""
    render(fig)
    renderer = fig.canvas.get_renderer()
    texts = [a.title for a in fig.axes if a.get_title()] + ([fig._suptitle] if fig._suptitle else [])
    boxes = [t.get_window_extent(renderer) for t in texts]
    for (s, a), (t, b) in itertools.combinations(zip(texts, boxes), 2):
        assert not a.overlaps(b), f"titles overlap: {s.get_text()!r} and {t.get_text()!r}"
    whole = fig.bbox
    for t, box in zip(texts, boxes):
        assert box.x0 >= whole.x0 - 1 and box.x1 <= whole.x1 + 1, f"{t.get_text()!r} leaves the figure"


def _random_cpt(states: dict, given, seed: int = 0) -> pt.Table:
    w = np.random.default_rng(seed).random([len(v) for v in states.values()]) + 0.05
    return pt.Table.from_array(w / w.sum(), states=states).condition(*given)


def test_panel_titles_of_two_parents_do_not_overlap():
    # p(mass | species, sex) from the penguins: six panels, titles wider than a panel
    t = _random_cpt(
        {
            "species": ["Adelie", "Chinstrap", "Gentoo"],
            "sex": ["female", "male"],
            "mass": ["light", "medium", "heavy"],
        },
        ("species", "sex"),
    )
    fig = t.plot()
    assert len(fig.axes) == 6
    # the title is still the panel's notation, broken after a comma
    assert fig.axes[0].get_title() == "p(mass | species=Adelie,\nsex=female)"
    assert_titles_apart(fig)
    # the axes share y: no bar is cut off at the top
    for ax in fig.axes:
        assert max(b.get_height() for b in bars(ax)) <= ax.get_ylim()[1]


@pytest.mark.parametrize(
    "states, given",
    [
        # heatmap panels
        (
            {"region": ["north", "south"], "season": ["winter", "summer"], "x": [0, 1], "y": [0, 1]},
            ("region", "season"),
        ),
        # one state name wider than a panel: smaller type
        (
            {"g": ["a_very_long_state_name_indeed_that_will_not_fit", "b"], "h": [0, 1], "x": [0, 1]},
            ("g", "h"),
        ),
        # three parents, eight panels in two rows
        (
            {"a": ["yes", "no"], "bb": ["left", "right"], "ccc": ["up", "down"], "x": [0, 1, 2]},
            ("a", "bb", "ccc"),
        ),
    ],
)
def test_panel_titles_do_not_overlap(states, given):
    assert_titles_apart(_random_cpt(states, given, seed=1).plot())


def test_panel_titles_fit_axes_the_user_gives():
    t = _random_cpt(
        {"species": ["Adelie", "Chinstrap"], "sex": ["female", "male"], "mass": [0, 1]},
        ("species", "sex"),
    )
    fig, axes = plt.subplots(1, 4, figsize=(9, 3))
    t.plot(ax=axes)
    assert_titles_apart(fig)


def test_evidence_is_one_panel_titled_with_the_evidence(weather):
    ax = weather.condition(y="wet").plot()
    assert ax.get_title() == "p(x | y=wet)"
    assert [b.get_height() for b in bars(ax)] == pytest.approx([0.1 / 0.35, 0.25 / 0.35])


def test_draws_into_a_given_axes(weather):
    fig, ax = plt.subplots()
    assert weather.marginal("y").plot(ax=ax) is ax
    axes = plt.subplots(1, 2)[1]
    fig2 = weather.condition("x").plot(ax=axes)
    assert fig2 is axes[0].figure and axes[1].get_title() == "p(y | x=rain)"


def test_three_head_variables_is_a_clear_error():
    t = pt.Table.uniform({"w": [0, 1], "x": [0, 1], "y": [0, 1]})
    message = (
        "plot(): p(w, x, y) has 3 variables in front of the bar; a plot shows one (bars) or two (a heatmap). "
        "Keep two with table.marginal('w', 'x'), or condition on the others with table.condition('y') "
        "for one panel per state."
    )
    with pytest.raises(PlotError, match=re.escape(message)):
        t.plot()


def test_wrong_number_of_axes_is_a_clear_error(weather):
    _, ax = plt.subplots()
    with pytest.raises(PlotError, match="draws 2 panels"):
        weather.condition("x").plot(ax=[ax])


def test_plot_tables_groups_prior_and_posterior():
    grid = [0.1, 0.5, 0.9]
    prior = pt.Table.uniform({"θ": grid})
    likelihood = pt.Table.from_function(
        lambda θ, D: θ if D == "H" else 1 - θ, states={"θ": grid, "D": ["H", "T"]}, given="θ"
    )
    posterior = pt.bayes(prior, likelihood, evidence={"D": "H"})
    ax = plot_tables([prior, posterior], labels=["prior", "posterior"])
    render(ax.figure)
    assert ticks(ax.get_xticklabels()) == ["0.1", "0.5", "0.9"]
    assert len(ax.containers) == 2
    assert [b.get_height() for b in ax.containers[1]] == pytest.approx([0.1 / 1.5, 0.5 / 1.5, 0.9 / 1.5])
    assert ticks(ax.get_legend().get_texts()) == ["prior", "posterior"]


def test_plot_tables_refuses_different_variables():
    with pytest.raises(PlotError, match="not over the same variable"):
        plot_tables([pt.Table.uniform({"x": [0, 1]}), pt.Table.uniform({"y": [0, 1]})])


# --------------------------------------------------------------------------- DAGs


def test_layout_puts_every_node_below_its_parents():
    f = pt.Factorization.parse(
        "p(asia)p(smoke)p(tub|asia)p(lung|smoke)p(bronc|smoke)p(either|tub,lung)p(xray|either)p(dysp|bronc,either)"
    )
    g = f.dag
    pos = layered_layout(g)
    assert set(pos) == set(g.nodes)
    for u, v in g.edges:
        assert pos[u][1] > pos[v][1]
    # nodes of a layer do not overlap
    from probtables.plot import node_width

    by_layer: dict[float, list[str]] = {}
    for v, (_, y) in pos.items():
        by_layer.setdefault(y, []).append(v)
    for row in by_layer.values():
        row.sort(key=lambda v: pos[v][0])
        for a, b in zip(row, row[1:]):
            assert pos[b][0] - pos[a][0] >= (node_width(a) + node_width(b)) / 2


def test_factorization_draw_has_a_node_and_label_per_variable_and_an_arrow_per_edge(collider):
    ax = collider.draw()
    render(ax.figure)
    assert set(nodes(ax)) == {"x", "y", "z"}
    assert sorted(t.get_text() for t in ax.texts) == ["x", "y", "z"]
    assert set(edges(ax)) == {("y", "x"), ("z", "x")}
    assert not any(is_trail(a) for a in edges(ax).values())
    assert ax.get_title() == "p(z)p(y)p(x | y, z)"
    # parents above the child
    assert nodes(ax)["y"].center[1] > nodes(ax)["x"].center[1]


def test_free_variables_are_dashed():
    f = pt.Factorization.parse("p(y | w)p(x | y)")
    ax = f.draw()
    render(ax.figure)
    drawn = nodes(ax)
    assert drawn["w"].get_linestyle() == "--"
    assert drawn["y"].get_linestyle() == "-"
    assert ticks(ax.get_legend().get_texts()) == ["free (only behind a bar)"]


def test_explaining_away_highlights_the_active_trail_and_shades_x(collider):
    ax = draw_explanation(collider.explain("y ⊥ z | x"), collider)
    render(ax.figure)
    arrows = edges(ax)
    assert is_trail(arrows[("y", "x")]) and is_trail(arrows[("z", "x")])
    shaded = {
        name
        for name, node in nodes(ax).items()
        if to_hex(node.get_facecolor()) == COLORS["observed_face"]
    }
    assert shaded == {"x"}
    assert "y → x ← z" in ax.get_title()


def test_only_the_trail_is_highlighted_in_a_larger_graph():
    f = pt.Factorization.parse("p(a)p(b|a)p(c|b)p(d|a)")
    ax = draw_factorization(f, statement="d ⊥ c")
    lit = {e for e, arrow in edges(ax).items() if is_trail(arrow)}
    assert lit == {("a", "d"), ("a", "b"), ("b", "c")}
    assert {
        name for name, n in nodes(ax).items() if to_hex(n.get_facecolor()) == COLORS["observed_face"]
    } == set()


def test_a_collider_opened_by_a_descendant_highlights_the_path_down():
    f = pt.Factorization.parse("p(y)p(z)p(x|y,z)p(w|x)")
    ax = draw_factorization(f, statement="y ⊥ z | w")
    lit = {e for e, arrow in edges(ax).items() if is_trail(arrow)}
    assert lit == {("y", "x"), ("z", "x"), ("x", "w")}
    assert to_hex(nodes(ax)["w"].get_facecolor()) == COLORS["observed_face"]


def test_an_implied_statement_outlines_the_blocking_node(collider):
    ax = draw_explanation(collider.explain("y ⊥ z"), collider)
    assert not any(is_trail(a) for a in edges(ax).values())
    outlined = {n for n, node in nodes(ax).items() if to_hex(node.get_edgecolor()) == COLORS["blocking"]}
    assert outlined == {"x"}
    assert ax.get_title().startswith("y ⊥ z is implied")


def test_explanation_without_structure_draws_the_trail_only():
    f = pt.Factorization.parse("p(a)p(b|a)p(c|b)p(d|a)p(e|d)")
    ax = draw_explanation(f.explain("c ⊥ d"))
    assert set(nodes(ax)) == {"a", "b", "c", "d"}
    assert all(is_trail(a) for a in edges(ax).values())


def test_draw_dag_into_given_axes_and_highlight_either_direction():
    import networkx as nx

    _, ax = plt.subplots()
    out = draw_dag(nx.DiGraph([("a", "b"), ("b", "c")]), ax=ax, highlight=[("c", "b")], observed={"a"})
    assert out is ax
    arrows = edges(ax)
    assert is_trail(arrows[("b", "c")]) and not is_trail(arrows[("a", "b")])


def test_long_labels_fit_their_nodes():
    f = pt.Factorization.parse("p(HYPOVOLEMIA)p(LVEDVOLUME|HYPOVOLEMIA)")
    ax = f.draw()
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for text in ax.texts:
        name = text.get_text()
        box = text.get_window_extent(renderer)
        node = nodes(ax)[name].get_window_extent(renderer)
        assert box.x0 >= node.x0 and box.x1 <= node.x1, name


def test_import_probtables_does_not_import_matplotlib():
    code = "import sys, probtables as pt; pt.Table; pt.Factorization; import probtables.plot; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_readme_figures_are_generated(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "docs" / "make_figures.py"
    spec = importlib.util.spec_from_file_location("make_figures", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert [p.name for p in written] == ["table_heatmap.png", "explaining_away.png"]
    from matplotlib.image import imread

    for path in written:
        image = imread(path)
        assert image.shape[0] > 200 and image.shape[1] > 500
        assert image[..., :3].std() > 0.05  # not a blank canvas


def test_too_many_panels_is_refused_before_drawing():
    t = pt.Table.uniform(
        {"x": [0, 1], **{f"g{i}": [0, 1] for i in range(6)}}, given=[f"g{i}" for i in range(6)]
    )
    with pytest.raises(
        PlotError, match=r"has 64 conditioning assignments, too many panels \(at most 36\)"
    ):
        t.plot()
    assert plt.get_fignums() == []


def test_explanation_draw_method(collider):
    explanation = collider.explain("y ⊥ z | x")
    ax = explanation.draw(collider)
    assert {e for e, arrow in edges(ax).items() if is_trail(arrow)} == {("y", "x"), ("z", "x")}
    alone = explanation.draw()  # without the structure: the trail only
    assert set(nodes(alone)) == {"x", "y", "z"}
