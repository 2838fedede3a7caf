"""Every Python block of README.md runs, in order, in one namespace (so the README stays true)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import probtables as pt

ROOT = Path(__file__).parent.parent
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 5


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    shutil.copy(ROOT / "probtables" / "data" / "networks" / "asia.bif", tmp_path / "asia.bif")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for number, block in enumerate(BLOCKS, start=1):
        try:
            exec(compile(block, f"README.md python block {number}", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the failure message is the point
            raise AssertionError(f"README python block {number} failed: {error!r}\n{block}") from error
    assert namespace["e"].trail == ("y", "x", "z")
    assert namespace["f"].joint().equals(namespace["t"])
    assert namespace["array"].dims == ("smoke", "lung")
    assert abs(namespace["array"].sel(smoke="yes").sum().item() - 0.5) < 1e-12


def test_readme_shell_lines_of_fit_and_sample_run(tmp_path, monkeypatch):
    """The bash block with `probtables fit` runs line by line (in process, in an empty directory)."""
    import shlex

    from test_cli import run

    blocks = re.findall(
        r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S
    )
    (block,) = [b for b in blocks if "probtables fit" in b]
    monkeypatch.chdir(tmp_path)
    lines = [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]
    assert [words[:2] for words in lines] == [
        ["probtables", "sample"],
        ["probtables", "fit"],
        ["probtables", "fit"],
        ["probtables", "sample"],
    ]
    for words in lines:
        done = run(*words[1:])
        assert (done.returncode, done.stderr) == (0, ""), words
    assert len(done.stdout.splitlines()) == 11  # the last line: a header and 10 rows to stdout
    assert str(pt.read_bif(tmp_path / "smoking.bif")) == "p(smoke)p(lung | smoke)p(bronc | smoke)"


def test_readme_says_which_way_bic_is_better():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if ".bic(data)" in line)
    assert "higher is better" in line
