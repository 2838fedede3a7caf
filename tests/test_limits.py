"""Size guards: work too large for memory is refused before it starts, with its size."""

from __future__ import annotations

import re

import pytest

import probtables as pt
from probtables.errors import SizeLimitError

LIMIT = "above the limit of 268,435,456 bytes (268 MB)"


def test_the_joint_of_alarm_is_refused_before_any_work():
    alarm = pt.examples.load("alarm")
    with pytest.raises(SizeLimitError) as info:
        alarm.joint()
    msg = (
        "joint(): the joint over 37 variables ('HISTORY', 'CVP', ..., 'BP') with 2 x 3 x ... states has "
        f"17,332,899,271,409,664 cells (139 PB), {LIMIT}; ask a question without the joint instead "
        "(f.query, f.posteriors), or pass max_bytes=... to allow more."
    )
    assert str(info.value) == msg
    assert isinstance(info.value, MemoryError)


def test_the_joint_limit_can_be_raised_or_lowered():
    asia = pt.examples.load("asia")  # 256 rows
    assert len(asia.joint()) == 256
    with pytest.raises(
        SizeLimitError, match=re.escape("has 256 cells (2 KB), above the limit of 1,000 bytes")
    ):
        asia.joint(max_bytes=1000)


def test_a_sparse_joint_is_bounded_by_its_rows_not_its_cells():
    # 30 binary variables, each a copy of the first: 2 rows, although 2**30 cells
    names = [f"x{i}" for i in range(30)]
    tables = [pt.Table.from_dict({0: 0.5, 1: 0.5}, variables="x0")]
    for a, b in zip(names, names[1:]):
        tables.append(
            pt.Table.from_dict(
                {(0, 0): 0.5, (1, 1): 0.5}, variables=(a, b), states={a: [0, 1], b: [0, 1]}
            ).condition(a)
        )
    f = pt.Factorization(
        [pt.Term((b,), (a,) if a else ()) for a, b in zip([None] + names, names)]
    ).with_tables(tables)
    joint = f.joint()
    assert len(joint) == 2 and joint.p(x29=1) == 0.5


@pytest.mark.parametrize(
    "make",
    [
        lambda states: pt.Table.uniform(states),
        lambda states: pt.Table.from_function(lambda **_: 1.0, states),
    ],
)
def test_dense_constructors_over_40_binary_variables_are_refused(make):
    states = {f"x{i}": [0, 1] for i in range(40)}
    msg = (
        "from_function(): a dense table over 40 variables ('x0', 'x1', ..., 'x39') with 2 x 2 x ... states has "
        f"1,099,511,627,776 cells (8.8 TB), {LIMIT}; a table that large can only be sparse "
        "(Table.from_dict, Table.from_samples)."
    )
    with pytest.raises(SizeLimitError, match=re.escape(msg)):
        make(states)


def test_to_array_beyond_numpy_dimensions_is_refused():
    names = tuple(f"v{i}" for i in range(70))
    t = pt.Table.from_dict({(0,) * 70: 1.0}, variables=names, states={n: [0, 1] for n in names})
    msg = "to_array(): a dense table over 70 variables ('v0', 'v1', ..., 'v69') has more axes than numpy's limit of 64."
    with pytest.raises(SizeLimitError, match=re.escape(msg)):
        t.to_array()


def test_a_bif_default_line_under_30_binary_parents_is_refused(tmp_path):
    parents = [f"p{i}" for i in range(30)]
    lines = ["network big {", "}"]
    for v in parents + ["c"]:
        lines += [f"variable {v} {{", "  type discrete [ 2 ] { yes, no };", "}"]
    for v in parents:
        lines += [f"probability ( {v} ) {{", "  table 0.5, 0.5;", "}"]
    lines += [f"probability ( c | {', '.join(parents)} ) {{", "  default 0.5, 0.5;", "}"]
    path = tmp_path / "big.bif"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size < 4000  # a 3 KB file
    msg = (
        # 2 header lines, 3 per variable (31) and 3 per parent's table (30): c's block starts on line 186
        "read_bif(): the table of 'c' (line 186) over 31 variables ('p0', 'p1', ..., 'c') with 2 x 2 x ... states "
        f"has 2,147,483,648 cells (17 GB), {LIMIT}; refused before allocating it."
    )
    with pytest.raises(SizeLimitError, match=re.escape(msg)):
        pt.read_bif(path)
