"""Notebook HTML and LaTeX: parsed with html.parser and checked for structure, counts and escaping."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import numpy as np
import pytest

import probtables as pt
from probtables._display.html import (
    dag_svg,
    explanation_html,
    factorization_html,
    report_html,
    table_html,
    to_latex,
)

VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "col",
    "area",
    "base",
    "wbr",
    "source",
    "track",
    "embed",
    "param",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self, tag: str | None = None):
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(tag)

    def all(self, tag: str) -> list[Element]:
        return list(self.iter(tag))

    def one(self, tag: str) -> Element:
        found = self.all(tag)
        assert len(found) == 1, f"expected one <{tag}>, found {len(found)}"
        return found[0]

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    """A strict tree builder: every element is closed, in order (well-formed HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        assert tag not in VOID, f"end tag for void element <{tag}>"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[e.tag for e in builder.stack[1:]]}"
    (top,) = [c for c in builder.root.children if isinstance(c, Element)]
    return top


def data_rows(table: Element) -> list[Element]:
    """Rows with data cells, leaving out group headers and the "more rows" row."""
    return [tr for tr in table.all("tr") if tr.all("td") and "probtables-more" not in tr.classes()]


def cells(tr: Element) -> list[str]:
    return [td.text for td in tr.all("td")]


@pytest.fixture
def weather() -> pt.Table:
    return pt.Table.from_dict(
        {("sun", "dry"): 0.60, ("sun", "wet"): 0.10, ("rain", "dry"): 0.05, ("rain", "wet"): 0.25},
        variables=("x", "y"),
        states={"x": ["sun", "rain"], "y": ["dry", "wet"]},
    )


# --------------------------------------------------------------------------- tables


def test_joint_table_has_its_notation_as_caption_and_one_row_per_assignment(weather):
    top = parse(weather._repr_html_())
    table = top.one("table")
    assert table.one("caption").text == "p(x, y)"
    assert [th.text for th in table.one("thead").all("th")] == ["x", "y", "p"]
    rows = data_rows(table)
    assert [cells(r) for r in rows] == [
        ["sun", "dry", "0.6"],
        ["sun", "wet", "0.1"],
        ["rain", "dry", "0.05"],
        ["rain", "wet", "0.25"],
    ]
    assert top.all("p") == []  # nothing to note


def test_conditional_table_is_grouped_by_parent_assignment(weather):
    table = parse(weather.condition("x")._repr_html_()).one("table")
    assert table.one("caption").text == "p(y | x)"
    bodies = table.all("tbody")
    assert len(bodies) == 2
    headers = [body.all("th")[0].text for body in bodies]
    assert headers == ["x=sun", "x=rain"]
    assert [th.text for th in table.one("thead").all("th")] == ["y", "p"]
    for body, expected in zip(bodies, ([0.6 / 0.7, 0.1 / 0.7], [0.05 / 0.3, 0.25 / 0.3])):
        rows = data_rows(body)
        assert [c[0] for c in map(cells, rows)] == ["dry", "wet"]
        assert [float(c[1]) for c in map(cells, rows)] == pytest.approx(expected, abs=1e-6)


def test_groups_follow_the_state_order_even_if_rows_do_not():
    frame = __import__("pandas").DataFrame(
        {"z": [1, 0, 1, 0], "x": ["a", "a", "b", "b"], "p": [0.3, 0.4, 0.7, 0.6]}
    )
    t = pt.Table(frame, given="z")
    table = parse(t._repr_html_()).one("table")
    assert [body.all("th")[0].text for body in table.all("tbody")] == ["z=0", "z=1"]


def test_long_table_shows_first_and_last_rows_and_a_count():
    t = pt.Table.uniform({"n": list(range(1000))})
    top = parse(t._repr_html_())
    table = top.one("table")
    rows = data_rows(table)
    assert len(rows) == 20
    assert [cells(r)[0] for r in rows[:3]] == ["0", "1", "2"]
    assert cells(rows[-1])[0] == "999"
    (more,) = [tr for tr in table.all("tr") if "probtables-more" in tr.classes()]
    assert more.text == "… 980 more rows …"
    assert "1,000 rows" in top.one("p").text


def test_long_conditional_table_keeps_its_groups_around_the_gap():
    t = pt.Table.uniform({"x": list(range(30)), "z": [0, 1]}, given="z")
    table = parse(table_html(t)).one("table")
    assert len(data_rows(table)) == 20
    groups = [tr.text for tr in table.all("tr") if "probtables-group" in tr.classes()]
    assert groups == ["z=0", "z=1"]


def test_long_conditional_table_is_cut_at_group_boundaries():
    # p(z | a, b, c): 16 rows in 8 groups of 2; a factorization shows 5 rows at each end of a term
    joint = pt.Table.uniform({"a": [0, 1], "b": [0, 1], "c": [0, 1], "z": [0, 1]})
    f = joint.factorize("p(a)p(b)p(c)p(z | a, b, c)")
    top = parse(factorization_html(f))
    table = top.all("table")[-1]
    assert table.one("caption").text == "p(z | a, b, c)"
    # whole groups: 2 at the front, 2 at the end (5 rows would cut the third group)
    for body in table.all("tbody"):
        if "probtables-more" not in [c for tr in body.all("tr") for c in tr.classes()]:
            assert len(data_rows(body)) == 2
    groups = [tr.text for tr in table.all("tr") if "probtables-group" in tr.classes()]
    assert groups == ["a=0, b=0, c=0", "a=0, b=0, c=1", "a=1, b=1, c=0", "a=1, b=1, c=1"]
    (more,) = [tr for tr in table.all("tr") if "probtables-more" in tr.classes()]
    assert more.text == "… 8 more rows (4 groups) …"
    assert top.all("table")[-1] is table and "16 rows in 8 groups" in top.text


def test_group_selection_shows_whole_groups_or_a_long_group_in_part():
    from probtables._display.text import _group_selection

    # groups of 3: at most 4 rows at each end is one whole group
    keys = [k for k in range(6) for _ in range(3)]
    assert _group_selection(keys, max_rows=10, show=4) == ([0, 1, 2, 15, 16, 17], 3, 4)
    # the first group alone is longer than show: its first rows
    keys = [0] * 9 + [1, 1, 2, 2]
    assert _group_selection(keys, max_rows=6, show=3) == ([0, 1, 2, 11, 12], 3, 1)
    # short enough: everything, no gap
    assert _group_selection([0, 0, 1, 1], max_rows=6, show=3) == ([0, 1, 2, 3], -1, 0)
    # both ends together are the whole table: no gap either
    assert _group_selection([0] * 5 + [1] * 5, max_rows=8, show=5) == (list(range(10)), -1, 0)


def test_table_caption_stays_on_one_line():
    narrow = pt.Table.from_array([[0.5, 0.5], [0.1, 0.9]], states={"y": [0, 1], "z": [0, 1]}, given="y")
    caption = parse(table_html(narrow)).one("caption")
    assert caption.text == "p(z | y)"
    assert "white-space: nowrap" in caption.attrs["style"]


def test_short_limit_is_a_parameter():
    t = pt.Table.uniform({"n": list(range(8))})
    assert len(data_rows(parse(table_html(t, max_rows=4, show=2)).one("table"))) == 4
    assert len(data_rows(parse(table_html(t)).one("table"))) == 8


def test_left_out_assignments_are_noted():
    t = pt.Table.from_dict(
        {(0, 0): 0.5, (0, 1): 0.5}, variables=("x", "y"), states={"x": [0, 1], "y": [0, 1]}
    )
    top = parse(t.condition("x")._repr_html_())
    assert top.one("p").text == "1 conditioning assignment of probability zero left out"
    assert len(top.all("tbody")) == 1


def test_evidence_appears_in_the_caption(weather):
    table = parse(weather.condition(y="wet")._repr_html_()).one("table")
    assert table.one("caption").text == "p(x | y=wet)"
    assert len(data_rows(table)) == 2


def test_states_and_names_are_escaped():
    t = pt.Table.from_dict({"<b>&": 0.5, 'say "hi"': 0.5}, variables="x")
    html = t._repr_html_()
    assert "<b>" not in html
    rows = data_rows(parse(html).one("table"))
    assert sorted(cells(r)[0] for r in rows) == ["<b>&", 'say "hi"']


def test_numpy_states_print_as_plain_values():
    t = pt.Table.from_array([0.25, 0.75], states={"θ": list(np.array([0.1, 0.9]))})
    rows = data_rows(parse(t._repr_html_()).one("table"))
    assert [cells(r)[0] for r in rows] == ["0.1", "0.9"]


# --------------------------------------------------------------------------- factorizations and DAGs


def test_factorization_html_has_notation_dag_and_terms():
    f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
    top = parse(f._repr_html_())
    assert top.all("code")[0].text == "p(z)p(y)p(x | y, z)"
    svg = top.one("svg")
    assert len(svg.all("ellipse")) == 3 and len(svg.all("line")) == 2
    items = top.one("ol").all("li")
    assert [li.all("code")[0].text for li in items] == ["p(z)", "p(y)", "p(x | y, z)"]
    assert top.all("table") == []


def test_factorization_with_tables_shows_each_term_table():
    joint = pt.Table.from_array(
        np.full((2, 2, 2), 1 / 8), states={"x": [0, 1], "y": [0, 1], "z": [0, 1]}
    )
    f = joint.factorize("p(z)p(y)p(x|y,z)")
    top = parse(factorization_html(f))
    captions = [t.one("caption").text for t in top.all("table")]
    assert captions == ["p(z)", "p(y)", "p(x | y, z)"]
    last = top.all("table")[-1]
    assert len(last.all("tbody")) == 4 and len(data_rows(last)) == 8


def test_factorization_from_a_bif_file_shows_the_network_name_or_nothing(tmp_path):
    # the bundled bnlearn files all say "network unknown": a placeholder, not a name to show
    asia = pt.examples.load("asia")
    first = parse(factorization_html(asia)).all("p")[0]
    assert first.text == str(asia)
    assert "unknown" not in factorization_html(asia)
    text = (
        pt.examples.path("cancer")
        .read_text(encoding="utf-8")
        .replace("network unknown", "network lungs")
    )
    (tmp_path / "cancer.bif").write_text(text, encoding="utf-8")
    named = pt.read_bif(tmp_path / "cancer.bif")
    assert parse(factorization_html(named)).all("p")[0].text == f"{named} (lungs)"


def test_free_variables_are_marked_in_the_svg_and_listed():
    f = pt.Factorization.parse("p(y | w)p(x | y)")
    top = parse(f._repr_html_())
    free = [g for g in top.one("svg").all("g") if "free" in g.classes()]
    assert [g.attrs["data-name"] for g in free] == ["w"]
    assert "w" in top.all("p")[1].text


def test_dag_svg_marks_observed_highlighted_and_blocking():
    g = pt.Factorization.parse("p(z)p(y)p(x|y,z)").dag
    svg = parse(dag_svg(g, observed={"x"}, highlight=[("x", "y")], outline={"z"}))
    groups = svg.all("g")
    node_classes = {g.attrs["data-name"]: g.classes() for g in groups if "node" in g.classes()}
    assert node_classes == {"x": {"node", "observed"}, "y": {"node"}, "z": {"node", "blocking"}}
    lit = [
        (g.attrs["data-source"], g.attrs["data-target"]) for g in groups if "highlighted" in g.classes()
    ]
    assert lit == [("y", "x")]
    # arrowheads end where the lines stop, pointing at the child
    assert len(svg.all("polygon")) == 2


# every edge visible: drawn paths checked against the other nodes' boxes and the other edges


def _edge_paths(svg: Element) -> dict[tuple[str, str], np.ndarray]:
    """Each edge's drawn line or cubic curves (``M x,y C x1,y1 x2,y2 x,y ...``), sampled, plus its arrowhead tip."""
    out = {}
    for g in svg.all("g"):
        if "edge" not in g.classes():
            continue
        lines, paths = g.all("line"), g.all("path")
        ts = np.linspace(0.0, 1.0, 100)[:, None]
        if lines:
            (line,) = lines
            a = np.array([float(line.attrs["x1"]), float(line.attrs["y1"])])
            b = np.array([float(line.attrs["x2"]), float(line.attrs["y2"])])
            points = (1 - ts) * a + ts * b
        else:
            (path,) = paths
            words = path.attrs["d"].split()
            assert words[0] == "M" and len(words) % 4 == 2, path.attrs["d"]
            assert words[2::4] == ["C"] * (len(words) // 4), path.attrs["d"]
            xy = [np.array([float(x) for x in w.split(",")]) for w in words if w not in ("M", "C")]
            pieces = []
            for k in range(0, len(xy) - 1, 3):
                start, c1, c2, end = xy[k : k + 4]
                pieces.append(
                    (1 - ts) ** 3 * start
                    + 3 * (1 - ts) ** 2 * ts * c1
                    + 3 * (1 - ts) * ts**2 * c2
                    + ts**3 * end
                )
            points = np.vstack(pieces)
        tip = [float(x) for x in g.one("polygon").attrs["points"].split()[0].split(",")]
        out[(g.attrs["data-source"], g.attrs["data-target"])] = np.vstack([points, [tip]])
    return out


def _node_boxes(svg: Element) -> dict[str, tuple[float, float, float, float]]:
    boxes = {}
    for g in svg.all("g"):
        if "node" in g.classes():
            e = g.one("ellipse")
            boxes[g.attrs["data-name"]] = tuple(float(e.attrs[k]) for k in ("cx", "cy", "rx", "ry"))
    return boxes


def assert_every_edge_visible(graph) -> None:
    svg = parse(dag_svg(graph))
    boxes, paths = _node_boxes(svg), _edge_paths(svg)
    assert set(boxes) == {str(v) for v in graph.nodes}
    assert set(paths) == {(str(u), str(v)) for u, v in graph.edges}
    width, height = float(svg.attrs["width"]), float(svg.attrs["height"])
    for (u, v), points in paths.items():
        # in the picture, from the parent's border to the child's border
        assert (
            (points >= 0).all()
            and (points[:, 0] <= width + 1).all()
            and (points[:, 1] <= height + 1).all()
        )
        for end, node in ((points[0], u), (points[-1], v)):
            cx, cy, rx, ry = boxes[node]
            assert ((end[0] - cx) / rx) ** 2 + ((end[1] - cy) / ry) ** 2 == pytest.approx(1.0, abs=0.05)
        # through no other node's box
        for w, (cx, cy, rx, ry) in boxes.items():
            if w in (u, v):
                continue
            inside = (np.abs(points[:, 0] - cx) < rx) & (np.abs(points[:, 1] - cy) < ry)
            assert not inside.any(), f"edge {u}->{v} runs through the box of {w}"
    # and not hidden behind other edges: most of each edge is more than 2 px from every other edge
    # (edges cross, and come together at a node they share; the old vertical chain's w -> y lay
    # entirely on w -> x and x -> y)
    for e, p in paths.items():
        others = np.vstack([q for f, q in paths.items() if f != e] or [np.full((1, 2), np.inf)])
        others = others[((others > p.min(axis=0) - 2) & (others < p.max(axis=0) + 2)).all(axis=1)]
        if len(others) == 0:
            continue
        gaps = np.sqrt(((p[:, None, :] - others[None]) ** 2).sum(axis=2)).min(axis=1)
        assert (gaps < 2.0).mean() < 0.5, f"edge {e} is hidden along other edges"


def test_skip_edges_of_a_chain_bend_around_the_nodes_between():
    # p(w, x)p(y, z | w, x): a complete DAG drawn as a vertical chain w, x, y, z; the three edges that
    # skip a layer would otherwise run straight through x and y, hidden behind the chain
    g = pt.Factorization.parse("p(w, x)p(y, z | w, x)").dag
    assert sorted(g.edges) == [("w", "x"), ("w", "y"), ("w", "z"), ("x", "y"), ("x", "z"), ("y", "z")]
    svg = parse(dag_svg(g))
    assert len(svg.all("line")) == 3 and len(svg.all("path")) == 3
    assert_every_edge_visible(g)


def test_edges_that_skip_several_layers_are_visible():
    import networkx as nx

    chain = nx.DiGraph(
        [(f"v{i}", f"v{i + 1}") for i in range(5)] + [("v0", "v5"), ("v1", "v4"), ("v0", "v3")]
    )
    assert_every_edge_visible(chain)


@pytest.mark.parametrize("name", ["asia", "cancer", "sachs", "child", "insurance"])
def test_every_edge_of_a_standard_network_is_visible(name):
    assert_every_edge_visible(pt.examples.load(name).dag)


@pytest.mark.parametrize("seed", range(12))
def test_every_edge_of_a_random_dag_is_visible(seed):
    import networkx as nx

    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 11))
    names = [f"n{i}" for i in rng.permutation(n)]
    edges = [(names[i], names[j]) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.35]
    g = nx.DiGraph()
    g.add_nodes_from(names)
    g.add_edges_from(edges)
    assert_every_edge_visible(g)


def test_svg_escapes_names():
    import networkx as nx

    g = nx.DiGraph([("a<b", "c&d")])
    svg = dag_svg(g)
    assert "a<b" not in svg
    assert {t.text for t in parse(svg).all("text")} == {"a<b", "c&d"}


def test_explanation_html_not_implied():
    e = pt.Factorization.parse("p(z)p(y)p(x|y,z)").explain("y ⊥ z | x")
    top = parse(explanation_html(e))
    verdict = top.all("p")[0]
    assert verdict.one("code").text == "y ⊥ z | x" and verdict.one("strong").text == "is not implied"
    lit = [g for g in top.one("svg").all("g") if "highlighted" in g.classes()]
    assert len(lit) == 2
    observed = [g.attrs["data-name"] for g in top.one("svg").all("g") if "observed" in g.classes()]
    assert observed == ["x"]
    reasons = [li.text for li in top.one("ul").all("li")]
    assert reasons == ["x is a collider and is observed (explaining away), so the trail is active at x."]


def test_explanation_html_implied_outlines_blocking_nodes():
    e = pt.Factorization.parse("p(x)p(y|x)p(z|y)").explain("x ⊥ z | y")
    top = parse(explanation_html(e))
    assert top.all("p")[0].one("strong").text == "is implied"
    blocking = [g.attrs["data-name"] for g in top.one("svg").all("g") if "blocking" in g.classes()]
    assert blocking == ["y"]
    assert len(top.one("ul").all("li")) == 1


def test_explanation_html_with_the_whole_structure():
    f = pt.Factorization.parse("p(a)p(b|a)p(c|b)p(d|a)p(e|d)")
    top = parse(explanation_html(f.explain("c ⊥ d"), f))
    assert len(top.one("svg").all("ellipse")) == 5
    lit = [g for g in top.one("svg").all("g") if "highlighted" in g.classes()]
    assert len(lit) == 3


def test_explanation_of_separated_variables_has_no_svg():
    e = pt.Factorization.parse("p(x)p(y)").explain("x ⊥ y")
    top = parse(explanation_html(e))
    assert top.all("svg") == [] and "no trail" in top.text


# --------------------------------------------------------------------------- reports


def test_report_html_caption_rows_and_failures():
    from probtables.check import independence_report

    t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
    report = independence_report(t, "p(x)p(y)")
    top = parse(report_html(report))
    table = top.one("table")
    assert table.one("caption").text.startswith("p(x)p(y) against p(x, y)")
    rows = data_rows(table)
    assert [cells(r)[:2] for r in rows] == [["x ⊥ y", "NO"]]
    assert "probtables-fails" in rows[0].classes()
    assert "1 fails" in top.all("p")[0].text


def test_long_report_is_cut():
    from probtables.check import independence_report

    names = [f"v{i}" for i in range(7)]
    t = pt.Table.uniform({n: [0, 1] for n in names})
    report = independence_report(t, "".join(f"p({n})" for n in names), kind="all")
    assert len(report) > 20
    table = parse(report_html(report)).one("table")
    assert len(data_rows(table)) == 20
    assert all("probtables-fails" not in r.classes() for r in data_rows(table))


# --------------------------------------------------------------------------- LaTeX


@pytest.mark.parametrize(
    ("notation", "latex"),
    [
        ("p(x,y|z=1)", r"p(x, y \mid z=1)"),
        ("p(x)", "p(x)"),
        ("p(θ | D=H)", r"p(\theta \mid D=\text{H})"),
        ("p(x | y={0, 1})", r"p(x \mid y=\{0, 1\})"),
        ("p(x1 | x_2)", r"p(x_{1} \mid x_{2})"),
        ("p(rain | cloud_cover)", r"p(\mathit{rain} \mid \mathit{cloud\_cover})"),
        ("p(z)p(y)p(x|y,z)", r"p(z)\,p(y)\,p(x \mid y, z)"),
        ("y ⊥ z | x", r"y \perp\!\!\!\perp z \mid x"),
        ("y _||_ z", r"y \perp\!\!\!\perp z"),
        ("{a, b} indep c given d, e", r"\{a, b\} \perp\!\!\!\perp c \mid d, e"),
    ],
)
def test_to_latex(notation, latex):
    assert to_latex(notation) == latex


def test_to_latex_of_objects(weather):
    assert weather.condition(y="wet").to_latex() == r"p(x \mid y=\text{wet})"
    assert pt.Factorization.parse("p(y)p(x|y)").to_latex() == r"p(y)\,p(x \mid y)"
    assert to_latex(pt.Independence("y", "z", "x")) == r"y \perp\!\!\!\perp z \mid x"
    assert to_latex(pt.Term(("x",), ("y",))) == r"p(x \mid y)"


def test_to_latex_escapes_text_states():
    t = pt.Table.from_dict({"a&b": 0.5, "c": 0.5}, variables="x").condition(x=["a&b"])
    assert r"\text{a\&b}" in t.to_latex()


def test_to_latex_refuses_other_objects():
    with pytest.raises(TypeError, match="has no notation"):
        to_latex(3)


def test_explanation_repr_html_delegates():
    e = pt.Factorization.parse("p(z)p(y)p(x|y,z)").explain("y ⊥ z | x")
    top = parse(e._repr_html_())
    assert "probtables-explanation" in top.classes()
    assert len([g for g in top.one("svg").all("g") if "highlighted" in g.classes()]) == 2
