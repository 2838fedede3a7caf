"""Draw the README's figures into docs/: ``python docs/make_figures.py``.

* ``docs/table_heatmap.png``: the notes' weather joint p(x, y) as an annotated heatmap,
  beside its conditional p(y | x) (one panel per state of x);
* ``docs/explaining_away.png``: the DAG of p(z)p(y)p(x|y,z) with the trail y -> x <- z,
  active given x (explaining away), highlighted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import probtables as pt  # noqa: E402

HERE = Path(__file__).resolve().parent


def weather() -> pt.Table:
    return pt.Table.from_dict(
        {("sun", "dry"): 0.60, ("sun", "wet"): 0.10, ("rain", "dry"): 0.05, ("rain", "wet"): 0.25},
        variables=("x", "y"),
        states={"x": ["sun", "rain"], "y": ["dry", "wet"]},
    )


def table_heatmap(path: Path) -> None:
    joint = weather()
    fig = plt.figure(figsize=(9.6, 3.3), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[1.0, 1.35])
    joint.plot(ax=left.subplots())
    joint.condition("x").plot(ax=right.subplots(1, 2, sharey=True))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def explaining_away(path: Path) -> None:
    structure = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
    fig, (ax_left, ax_right) = plt.subplots(1, 2, figsize=(7.6, 3.0), layout="constrained")
    structure.draw(statement="y ⊥ z", ax=ax_left)
    structure.draw(statement="y ⊥ z | x", ax=ax_right)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(out: Path = HERE) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "table_heatmap.png", out / "explaining_away.png"]
    table_heatmap(paths[0])
    explaining_away(paths[1])
    return paths


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
