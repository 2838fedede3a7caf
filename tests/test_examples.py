"""The guided tour and every script in examples/ run to the end (each checks its own claims)."""

from __future__ import annotations

import os
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
def test_example_runs(path):
    # the script's folder comes first on sys.path: point it at this tree's probtables, not an installed one
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr


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


def test_python_dash_m_tour():
    done = subprocess.run(
        [sys.executable, "-m", "probtables", "tour"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "checked their claims" in done.stdout


def test_import_is_light():
    code = "import sys, probtables; print(sorted(m for m in ('pandas', 'networkx', 'scipy', 'matplotlib', 'dask') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]"
