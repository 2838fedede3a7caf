"""The plain-text display of tables (``repr``): notation first, grouped like the HTML, no row numbers."""

from __future__ import annotations

import pandas as pd

import probtables as pt
from probtables._display.text import table_text


def test_joint_table_has_its_notation_then_rows_without_row_numbers():
    t = pt.Table.from_dict(
        {("sun", "dry"): 0.5, ("sun", "wet"): 0.25, ("rain", "dry"): 0.125, ("rain", "wet"): 0.125},
        variables=("x", "y"),
        states={"x": ["sun", "rain"], "y": ["dry", "wet"]},
    )
    assert repr(t) == "\n".join(
        [
            "p(x, y)",
            "   x   y     p",
            " sun dry 0.500",
            " sun wet 0.250",
            "rain dry 0.125",
            "rain wet 0.125",
        ]
    )
    assert str(t) == repr(t)


def test_conditional_table_is_grouped_by_parent_assignment():
    cpt = pt.Table.from_array(
        [[0.5, 0.25, 0.25], [0.75, 0.125, 0.125]], states={"z": [0, 1], "x": ["a", "b", "c"]}, given="z"
    )
    assert repr(cpt) == "\n".join(
        [
            "p(x | z)",
            "  x     p",
            "z=0",
            "  a 0.500",
            "  b 0.250",
            "  c 0.250",
            "z=1",
            "  a 0.750",
            "  b 0.125",
            "  c 0.125",
        ]
    )


def test_two_parents_and_evidence():
    t = pt.Table.uniform({"w": [0, 1], "x": ["lo", "hi"], "y": [0, 1], "z": [0, 1]})
    lines = repr(t.condition(z=1).condition("w", "x")).splitlines()
    assert lines[0] == "p(y | w, x, z=1)"
    groups = [line for line in lines[2:] if not line.startswith(" ")]
    assert groups == ["w=0, x=lo", "w=0, x=hi", "w=1, x=lo", "w=1, x=hi"]
    assert len(lines) == 2 + 4 * 3


def test_text_is_deterministic_whatever_the_row_order():
    rows = {"z": [0, 0, 1, 1], "x": ["a", "b", "a", "b"], "p": [0.25, 0.75, 0.5, 0.5]}
    forward = pt.Table(pd.DataFrame(rows), given="z")
    backward = pt.Table(pd.DataFrame(rows).iloc[::-1].reset_index(drop=True), given="z")
    assert repr(forward) == repr(backward)
    assert [line for line in repr(forward).splitlines() if line.startswith("z=")] == ["z=0", "z=1"]


def test_long_conditional_table_is_cut_at_group_boundaries():
    # 16 rows in 8 groups of 2: 5 rows at each end would cut the third group; 2 whole groups are shown
    t = pt.Table.uniform({"a": [0, 1], "b": [0, 1], "c": [0, 1], "z": [0, 1]}, given=("a", "b", "c"))
    lines = table_text(t, max_rows=12, show=5).splitlines()
    assert lines == [
        "p(z | a, b, c)",
        "  z   p",
        "a=0, b=0, c=0",
        "  0 0.5",
        "  1 0.5",
        "a=0, b=0, c=1",
        "  0 0.5",
        "  1 0.5",
        "... 8 more rows (4 groups) ...",
        "a=1, b=1, c=0",
        "  0 0.5",
        "  1 0.5",
        "a=1, b=1, c=1",
        "  0 0.5",
        "  1 0.5",
        "[16 rows in 8 groups]",
    ]
    # at the default limit (20 rows) the 16 rows are all shown
    assert len(repr(t).splitlines()) == 2 + 8 + 16


def test_long_joint_table_shows_first_and_last_rows_and_a_count():
    lines = repr(pt.Table.uniform({"n": list(range(1000))})).splitlines()
    assert lines[0] == "p(n)" and lines[1].split() == ["n", "p"]
    assert [line.split()[0] for line in lines[2:5]] == ["0", "1", "2"]
    assert lines[12] == "... 980 more rows ..."
    assert lines[-2].split() == ["999", "0.001"]
    assert lines[-1] == "[1,000 rows]"
    assert len(lines) == 2 + 20 + 2


def test_left_out_assignments_are_in_the_first_line():
    t = pt.Table.from_dict(
        {(0, 0): 0.5, (0, 1): 0.5}, variables=("x", "y"), states={"x": [0, 1], "y": [0, 1]}
    )
    lines = repr(t.condition("x")).splitlines()
    assert lines[0] == "p(y | x)  (1 conditioning assignment(s) of probability zero left out)"
    assert lines[2:] == ["x=0", "  0 0.5", "  1 0.5"]
