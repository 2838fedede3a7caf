"""The command line: ``main(argv)`` run in this process with its own stdin, stdout and stderr.

A subprocess would prove nothing more for most tests and costs seconds each (a fresh interpreter
imports pandas and scipy again); ``test_the_installed_entry_point`` and the progress bar on a
pseudo-terminal run the real command in a subprocess.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import probtables as pt

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}
ENV.pop("PROBTABLES_DEBUG", None)
COLLIDER = "p(z)p(y)p(x|y,z)"
CHAIN7 = "p(a)p(b|a)p(c|b)p(d|c)p(e|d)p(f|e)p(g|f)"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``probtables ARGS`` as a user runs it, but in this process: exit status, stdout and stderr."""
    from probtables.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr, os.environ.pop("PROBTABLES_DEBUG", None)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin or ""), out, err
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's --help
        code = exc.code if isinstance(exc.code, int) else 0
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        if saved[3] is not None:
            os.environ["PROBTABLES_DEBUG"] = saved[3]
    return subprocess.CompletedProcess(["probtables", *args], code, out.getvalue(), err.getvalue())


def test_the_installed_entry_point():
    """The one real process: the ``probtables`` script that ``pip install`` puts beside python."""
    script = Path(sys.executable).with_name(
        "probtables.exe" if sys.platform == "win32" else "probtables"
    )
    assert script.exists(), f"{script} not found: install the package (pip install -e .)"
    root = Path(__file__).resolve().parent.parent
    env = {**ENV, "PYTHONPATH": os.pathsep.join([str(root), ENV.get("PYTHONPATH", "")])}
    options = {"capture_output": True, "text": True, "encoding": "utf-8", "env": env, "timeout": 300}
    done = subprocess.run([str(script), "implies", COLLIDER, "y ⊥ z | x", "--quiet"], **options)
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "p(z)p(y)p(x | y, z) does not imply y ⊥ z | x\n",
        "",
    )
    done = subprocess.run([str(script), "implies", "p(z)p(y)p(x|y,z", "y ⊥ z"], **options)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "probtables: error: expected ')' to close the '(' at position 9, but the text ended "
        "at position 15 in 'p(z)p(y)p(x|y,z'\n"
    )


def assert_one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert done.stderr.startswith("probtables: error: ")
    assert "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in done.stderr


@pytest.fixture(scope="module")
def fork_csv(tmp_path_factory) -> Path:
    """2,000 draws from p(z)p(x|z)p(y|z): x and y depend on z only."""
    pz = pt.Table.from_dict({0: 0.5, 1: 0.5}, variables="z")
    px = pt.Table.from_array([[0.8, 0.2], [0.3, 0.7]], states={"z": [0, 1], "x": [0, 1]}, given="z")
    py = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"z": [0, 1], "y": [0, 1]}, given="z")
    path = tmp_path_factory.mktemp("data") / "fork.csv"
    (pz * px * py).sample(2000, seed=1).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def chain_csv(tmp_path_factory) -> Path:
    """3,000 draws from a Markov chain a -> b -> ... -> g (each copies the previous with probability 0.8)."""
    rng = np.random.default_rng(0)
    value = rng.integers(0, 2, 3000)
    columns = {"a": value}
    for name in "bcdefg":
        value = np.where(rng.random(3000) < 0.8, value, 1 - value)
        columns[name] = value
    path = tmp_path_factory.mktemp("data") / "chain.csv"
    pd.DataFrame(columns).to_csv(path, index=False)
    return path


# --------------------------------------------------------------------------- implies


def test_implies_yes_exits_0_with_the_reason():
    done = run("implies", COLLIDER, "y ⊥ z")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "p(z)p(y)p(x | y, z) implies y ⊥ z"
    assert lines[1] == "y ⊥ z holds: every trail between y and z is blocked when nothing is observed."
    assert "blocked at x" in lines[2]
    assert done.stderr == ""


def test_implies_no_exits_1_with_the_active_trail():
    done = run("implies", COLLIDER, "y ⊥ z | x")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "p(z)p(y)p(x | y, z) does not imply y ⊥ z | x",
        "y ⊥ z | x does not hold: the trail y -> x <- z is active given x.",
        "  - x is a collider and is observed (explaining away), so the trail is active at x.",
    ]


@pytest.mark.parametrize("statement", ["y _||_ z | x", "y indep z given x"])
def test_implies_accepts_ascii_statements(statement):
    done = run("implies", COLLIDER, statement, "--quiet")
    assert (done.returncode, done.stdout) == (1, "p(z)p(y)p(x | y, z) does not imply y ⊥ z | x\n")


def test_notation_error_is_one_line_with_the_position_and_the_text():
    done = run("implies", "p(z)p(y)p(x|y,z", "y ⊥ z")
    assert_one_line_error(done)
    assert done.stderr == (
        "probtables: error: expected ')' to close the '(' at position 9, but the text ended "
        "at position 15 in 'p(z)p(y)p(x|y,z'\n"
    )
    with pytest.raises(pt.errors.NotationError) as caught:  # the exception keeps its caret
        pt.Factorization.parse("p(z)p(y)p(x|y,z")
    assert str(caught.value).splitlines()[1:] == ["  p(z)p(y)p(x|y,z", "                 ^"]


def test_bad_statement_is_one_line_too():
    done = run("implies", COLLIDER, "y ⊥ ⊥ z")
    assert_one_line_error(done)
    assert done.stderr == "probtables: error: expected a variable name at position 4 in 'y ⊥ ⊥ z'\n"


def test_unknown_variable_is_one_line():
    done = run("implies", COLLIDER, "y ⊥ w")
    assert_one_line_error(done, "unknown variable 'w'")
    assert len(done.stderr.splitlines()) == 1


def test_missing_argument_is_a_usage_error_in_one_line():
    done = run("implies", COLLIDER)
    assert_one_line_error(
        done, "the following arguments are required: STATEMENT", "probtables implies --help"
    )
    assert len(done.stderr.splitlines()) == 1


def test_unknown_command_and_no_command():
    assert_one_line_error(run("implie", COLLIDER, "y ⊥ z"), "invalid choice: 'implie'")
    done = run()
    assert done.returncode == 2 and "usage: probtables" in done.stderr


@pytest.mark.parametrize("command", ["tour", "implies", "independencies", "check"])
def test_every_command_has_help_with_an_example(command):
    done = run(command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"usage: probtables {command}")
    assert "example:" in done.stdout
    assert f"probtables {command}" in done.stdout.split("example:")[1]


def test_top_level_help_and_version():
    done = run("--help")
    assert done.returncode == 0
    for command in ("tour", "implies", "independencies", "check"):
        assert command in done.stdout
    done = run("--version")
    assert (done.returncode, done.stdout) == (0, f"probtables {pt.__version__}\n")


def test_tour():
    done = run("tour")
    assert done.returncode == 0, done.stderr
    assert "checked their claims" in done.stdout


# --------------------------------------------------------------------------- independencies


def test_independencies_local_is_the_default():
    done = run("independencies", COLLIDER)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == "y ⊥ z"
    assert done.stdout.splitlines() == [
        str(s) for s in pt.Factorization.parse(COLLIDER).independencies("local")
    ]


def test_independencies_pairwise_and_all():
    done = run("independencies", "p(x)p(y|x)p(z|y)", "--kind", "pairwise")
    assert done.stdout.splitlines() == ["x ⊥ z | y"]
    done = run("independencies", COLLIDER + "p(w|x)", "--kind", "all")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "y ⊥ z",
        "y ⊥ w | x",
        "y ⊥ w | x, z",
        "z ⊥ w | x",
        "z ⊥ w | x, y",
    ]
    assert done.stderr == ""  # piped: no progress bar


def test_independencies_none_says_so_on_stderr():
    done = run("independencies", "p(x)p(y|x)")
    assert (done.returncode, done.stdout) == (0, "")
    assert "implies no independence" in done.stderr


def test_independencies_all_limit():
    done = run("independencies", CHAIN7, "--kind", "all", "--limit", "10")
    assert_one_line_error(done, "exceed limit=10")
    done = run("independencies", CHAIN7, "--kind", "all", "--limit", "0")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == len(
        pt.Factorization.parse(CHAIN7).independencies("all", limit=None)
    )


def test_independencies_bad_kind():
    assert_one_line_error(
        run("independencies", COLLIDER, "--kind", "global"), "invalid choice: 'global'"
    )


def test_a_variable_only_behind_a_bar_is_noted(capsys):
    # in process: the note is one extra line on stderr, stdout is unchanged
    from probtables.cli import main

    note = (
        "probtables: note: w appears only behind a bar (in p(x | y, w)), so p(z)p(y)p(x | y, w) is "
        "a distribution conditional on w; if that is a typo, correct the structure\n"
    )
    assert main(["implies", "p(z)p(y)p(x|y,w)", "y ⊥ z", "--quiet"]) == 0
    assert capsys.readouterr() == ("p(z)p(y)p(x | y, w) implies y ⊥ z\n", note)
    assert main(["independencies", "p(z)p(y)p(x|y,w)"]) == 0
    out, err = capsys.readouterr()
    assert err == note
    assert out.splitlines() == [
        str(s) for s in pt.Factorization.parse("p(z)p(y)p(x|y,w)").independencies("local")
    ]
    assert main(["implies", "p(a)p(`b c` | a, `d-e`, f)", "a ⊥ f", "--quiet"]) == 0
    assert capsys.readouterr().err == (
        "probtables: note: `d-e`, f appear only behind a bar (in p(`b c` | a, `d-e`, f)), so "
        "p(a)p(`b c` | a, `d-e`, f) is a distribution conditional on `d-e`, f; if that is a typo, "
        "correct the structure\n"
    )
    assert main(["implies", COLLIDER, "y ⊥ z", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------- check


def test_check_consistent_data_exits_0(fork_csv):
    done = run("check", str(fork_csv), "p(z)p(x|z)p(y|z)")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "p(z)p(x | z)p(y | z): 1 implied independence (kind='local')"
    assert lines[1] == (
        f"data: {fork_csv}, 2,000 rows; Pearson chi-square test, permutations where the chi-square "
        "approximation is unreliable, Holm correction, alpha=0.05"
    )
    assert lines[2].split() == ["statement", "statistic", "dof", "p-value", "adjusted", "power"]
    row = lines[3].split()
    assert row[:5] == ["x", "⊥", "y", "|", "z"] and row[6] == "2"
    assert "rejected" not in lines[3]
    assert lines[-1] == (
        "1 statement implied; 1 could be tested: none rejected at alpha=0.05, each with power of at "
        "least 0.8 (w = 0.3): the data are consistent with the structure."
    )
    assert done.stderr == ""


def test_check_inconsistent_structure_exits_1_and_marks_rejections(fork_csv):
    done = run(
        "check", str(fork_csv), "p(z)p(x)p(y|z)", "--kind", "all", "--adjust", "bh", "--alpha", "0.01"
    )
    assert done.returncode == 1
    rows = {line.split("  ")[0].strip(): line for line in done.stdout.splitlines()[3:-1]}
    assert set(rows) == {"x ⊥ z", "x ⊥ z | y", "x ⊥ y", "x ⊥ y | z"}
    assert all(rows[s].endswith("rejected") for s in ("x ⊥ z", "x ⊥ z | y", "x ⊥ y"))
    assert not rows["x ⊥ y | z"].endswith("rejected")
    assert "Benjamini-Hochberg correction, alpha=0.01" in done.stdout
    assert done.stdout.splitlines()[-1] == (
        "4 statements implied; 4 could be tested: 3 rejected at alpha=0.01 (the data contradict the "
        "structure); 1 not rejected."
    )


def test_check_numbers_agree_with_stats(fork_csv):
    from probtables.stats import test_independencies

    data = pd.read_csv(fork_csv, dtype=str)
    expected = test_independencies(data, ["x ⊥ z"], method="chi2", adjust=None)
    done = run(
        "check",
        str(fork_csv),
        "p(z)p(y|z)p(x)",
        "--method",
        "chi2",
        "--adjust",
        "none",
        "--kind",
        "pairwise",
    )
    row = [line for line in done.stdout.splitlines() if line.startswith("x ⊥ z")][0].split()
    assert float(row[3]) == pytest.approx(expected["statistic"][0], abs=5e-4)
    assert (
        "Pearson chi-square test, permutations where the chi-square approximation is unreliable, no correction"
        in done.stdout
    )


def test_check_reads_stdin(fork_csv):
    done = run("check", "-", "p(z)p(x|z)p(y|z)", stdin=fork_csv.read_text())
    assert done.returncode == 0 and "data: -, 2,000 rows" in done.stdout


def test_check_errors_are_one_line(fork_csv, tmp_path):
    assert_one_line_error(run("check", str(tmp_path / "nope.csv"), COLLIDER), "no such file")
    assert_one_line_error(
        run("check", str(fork_csv), "p(z)p(x)p(w|z)"), "no column for 'w'", "columns are z, x, y"
    )
    assert_one_line_error(
        run("check", str(fork_csv), COLLIDER, "--alpha", "2"), "expected a number in (0, 1]"
    )
    assert_one_line_error(
        run("check", str(fork_csv), COLLIDER, "--adjust", "bonferroni"), "invalid choice"
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert_one_line_error(run("check", str(empty), COLLIDER), "is empty")
    holes = tmp_path / "holes.csv"
    holes.write_text("x,y,z\n0,1,0\n1,,1\n")
    done = run("check", str(holes), "p(z)p(x|z)p(y|z)")
    assert_one_line_error(done, "missing")


def test_check_many_statements_piped_has_no_progress_bar(chain_csv):
    done = run("check", str(chain_csv), CHAIN7, "--kind", "all")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "351 implied independencies" in done.stdout


# --------------------------------------------------------------------------- progress on a terminal


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal(chain_csv):
    pytest.importorskip("tqdm")
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "probtables", "check", str(chain_csv), CHAIN7, "--kind", "all"],
        stdout=subprocess.PIPE,
        stderr=slave,
        env=ENV,
    )
    os.close(slave)
    seen = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    out = process.stdout.read().decode()
    process.wait(timeout=300)
    reader.join(10)
    os.close(master)
    assert process.returncode == 0
    assert "testing:" in seen.decode(errors="replace") and "/351" in seen.decode(errors="replace")
    assert "testing" not in out  # the bar never reaches stdout


def test_chunked_tests_with_a_bar_equal_one_call(chain_csv, capsys):
    from probtables.cli import run_tests
    from probtables.stats import test_independencies

    data = pd.read_csv(chain_csv, dtype=str)
    statements = pt.Factorization.parse(CHAIN7).independencies("all")
    for adjust in ("holm", "bh", None):
        with_bar = run_tests(data, statements, adjust=adjust, alpha=0.01, progress=True)
        pd.testing.assert_frame_equal(
            with_bar, test_independencies(data, statements, adjust=adjust, alpha=0.01, seed=0)
        )
    assert "testing:" in capsys.readouterr().err


def test_a_long_computation_shows_elapsed_time_only_on_request(capsys):
    import time

    from probtables.cli import _while_running

    assert _while_running(lambda: time.sleep(0.6) or 42, "working", enabled=True) == 42
    assert "working:" in capsys.readouterr().err
    assert _while_running(lambda: time.sleep(0.4) or 7, "working", enabled=False) == 7
    assert capsys.readouterr().err == ""
    with pytest.raises(ZeroDivisionError):
        _while_running(lambda: 1 / 0, "working", enabled=True)


# --------------------------------------------------------------------------- check: honest summaries


def check_in_process(capsys, *args: str) -> tuple[int, str, str]:
    from probtables.cli import main

    status = main(["check", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_check_on_five_rows_never_says_consistent(tmp_path, capsys):
    path = tmp_path / "five.csv"
    pt.examples.load("asia").sample(5, seed=0).to_csv(path, index=False)
    status, out, _ = check_in_process(capsys, str(path), str(pt.examples.load("asia")))
    assert status == 3  # EXIT_INCONCLUSIVE: nothing rejected, but nothing shown either
    lines = out.splitlines()
    summary = [line for line in lines if line.startswith("8 statements implied; ")]
    assert len(summary) == 1 and "consistent" not in out
    untestable = sum(line.endswith("untestable") for line in lines)
    assert f"{untestable} untestable (0 degrees of freedom)" in summary[0]
    assert untestable >= 1


def test_check_deterministic_relation_is_untestable(tmp_path, capsys):
    asia = pt.examples.load("asia")
    path = tmp_path / "asia.csv"
    asia.sample(3000, seed=0).to_csv(path, index=False)
    status, out, _ = check_in_process(capsys, str(path), str(asia))
    assert status == 3
    row = [line for line in out.splitlines() if line.startswith("either ⊥")][0]
    assert row.split()[-1] == "untestable"
    assert "  either ⊥ {asia, bronc, smoke} | lung, tub: untestable: 0 degrees of freedom" in out
    assert "consistent" not in out


@pytest.mark.parametrize("name", ["child", "insurance"])
def test_check_reads_states_named_like_missing_values(name, tmp_path, capsys):
    # child and insurance have states such as "None": read as text, they stay states
    network = pt.examples.load(name)
    states = {s for t in network.terms for v in t.head for s in t.table.states[v]}
    assert states & {"None", "NA", "null", "nan"}
    path = tmp_path / f"{name}.csv"
    network.sample(300, seed=1).to_csv(path, index=False)
    status, out, err = check_in_process(capsys, str(path), str(network), "--alpha", "0.01")
    assert status in (0, 3), err
    assert f"data: {path}, 300 rows" in out


def test_check_missing_cells_name_every_column_and_dropna_drops_them(tmp_path, capsys):
    from probtables.cli import main

    path = tmp_path / "holes.csv"
    rows = ["z,x,y"] + [f"{i % 2},{(i // 2) % 2},{(i // 4) % 2}" for i in range(200)]
    rows[5] = "1,,0"
    rows[9] = "0,1,"
    rows[12] = ",1,1"
    path.write_text("\n".join(rows) + "\nNA,None,null\n")  # words are states, not missing values
    assert main(["check", str(path), "p(z)p(x|z)p(y|z)"]) == 2
    err = capsys.readouterr().err
    assert err == (
        # rows[5], rows[9], rows[12] of the file are data rows 4, 8 and 11
        "probtables: error: missing values in 3 columns: 'x' has 1 (rows [4]), 'y' has 1 (rows [8]), "
        "'z' has 1 (rows [11]); pass --dropna to drop the incomplete rows, or fill them first.\n"
    )
    status, out, _ = check_in_process(capsys, str(path), "p(z)p(x|z)p(y|z)", "--dropna")
    assert status in (0, 3)
    assert "dropna: dropped rows with missing values for 1 statement(s), up to 3 rows." in out


def test_check_refuses_a_continuous_column(tmp_path, capsys):
    from probtables.cli import main

    path = tmp_path / "grams.csv"
    rng = np.random.default_rng(0)
    pd.DataFrame({"mass": rng.normal(4000, 400, 200).round(1), "sex": rng.integers(0, 2, 200)}).to_csv(
        path, index=False
    )
    assert main(["check", str(path), "p(mass)p(sex)"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("probtables: error: column 'mass' does not look discrete: ")
    assert "pandas.qcut" in err and "pass --max-distinct none" in err
