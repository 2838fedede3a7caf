"""examples/tour.ipynb runs top to bottom in a fresh kernel, and shows what it promises."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "tour.ipynb"


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    # the kernel imports this checkout's probtables (not another installed copy), as the tests do
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    with mock.patch.dict(os.environ, {"PYTHONPATH": path}):
        client.execute()  # raises CellExecutionError, with the cell and the traceback, on any error
    return notebook


def outputs(notebook, mime: str) -> list[str]:
    return [
        out["data"][mime]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if mime in out.get("data", {})
    ]


def test_notebook_is_valid_and_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_runs_without_errors(executed):
    errors = [
        out
        for cell in executed.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert errors == []
    assert all(cell.execution_count for cell in executed.cells if cell.cell_type == "code")


def test_notebook_tells_the_notes_story(executed):
    markdown = "\n".join(cell.source for cell in executed.cells if cell.cell_type == "markdown")
    for heading in (
        "## 1. Notation",
        "## 2. The sum rule",
        "## 3. The chain rule",
        "## 4. The model",
        "## 5. Bayes' rule",
        "## 6. Questions to a network",
        "## 7. Which numbers a conclusion depends on",
    ):
        assert heading in markdown


def test_notebook_shows_tables_plots_and_the_trail(executed):
    html = outputs(executed, "text/html")
    assert any(">p(x, y)</caption>" in h for h in html)
    assert any(">p(y | x)</caption>" in h and "x=sun" in h for h in html)  # grouped conditional
    assert any('class="probtables-factorization"' in h for h in html)
    assert any('class="probtables-explanation"' in h and "is not implied" in h for h in html)
    assert len(outputs(executed, "image/png")) >= 6  # heatmap, bars, panels, DAG, trail, prior/posterior
    latex = outputs(executed, "text/latex")
    assert any(r"p(x)\,p(w \mid x)\,p(z \mid x, w)\,p(y \mid x, w, z)" in t for t in latex)
    text = "\n".join(
        out.get("text", "")
        for cell in executed.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "stream"
    )
    assert "y ⊥ z holds" in text
    assert "maximum likelihood θ = 0.7" in text
    assert "the evidence moves these beliefs most: ['either', 'lung', 'smoke', 'bronc', 'tub']" in text
    assert "by the backward sweep" in text and "by a finite difference" in text


def test_notebook_asks_a_network_and_ranks_its_numbers(executed):
    html = outputs(executed, "text/html")
    assert any(">p(lung | xray=yes, dysp=yes)</caption>" in h for h in html)  # the posterior table
    assert any("p(tub=yes | asia=no)" in h and "derivative" in h for h in html)  # the ranking, first row
    source = "\n".join(cell.source for cell in executed.cells if cell.cell_type == "code")
    assert "plot_posteriors(post, priors=before" in source and "s.plot()" in source
    assert (
        len(outputs(executed, "image/png")) >= 8
    )  # and the posteriors' panels, the sensitivity function
