"""The guided tour and every script in examples/ run to the end (each checks its own claims)."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from probtables.tour import STEPS, TourCheckFailed, check, run

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))


def test_examples_exist():
    names = {path.stem for path in EXAMPLES}
    assert {"sum_rule", "chain_rule", "independence_model", "bayes_rule"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs(path, capsys):
    # in this process, as `python examples/NAME.py` would run it: the script asserts its own claims
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out  # each example shows its work


def test_tour_runs_every_step_and_says_so():
    lines: list[str] = []
    run(lines.append)
    text = "\n".join(lines)
    assert f"All {len(STEPS)} steps of the tour checked their claims." in text
    assert text.count("✓") >= 20
    # the notes' worked results appear in the output
    assert "p(w, x, y, z) = p(x)p(w | x)p(z | x, w)p(y | x, w, z)" in text
    assert "y -> x <- z" in text


def test_tour_check_raises_on_a_false_claim():
    with pytest.raises(TourCheckFailed, match="tour check failed: 1 = 2"):
        check(1 == 2, "1 = 2", print)


def test_python_dash_m_tour(capsys, monkeypatch):
    # `python -m probtables tour`, run through probtables/__main__.py in this process
    monkeypatch.setattr(sys, "argv", ["probtables", "tour"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("probtables", run_name="__main__", alter_sys=False)
    assert exited.value.code == 0
    assert "checked their claims" in capsys.readouterr().out


def test_import_is_light():
    code = "import sys, probtables; print(sorted(m for m in ('pandas', 'networkx', 'scipy', 'matplotlib', 'dask') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]"
