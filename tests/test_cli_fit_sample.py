"""``probtables fit`` and ``probtables sample``: from the shell to a BIF file and back (run in process)."""

from __future__ import annotations

import gzip
import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_cli import assert_one_line_error, run

import probtables as pt

ASIA_STRUCTURE = "p(asia)p(tub|asia)p(smoke)p(lung|smoke)p(bronc|smoke)p(either|lung,tub)p(xray|either)p(dysp|bronc,either)"


@pytest.fixture(scope="module")
def asia_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "asia.csv"
    done = run("sample", "asia", "-n", "5000", "--seed", "0", "-o", str(path))
    assert done.returncode == 0, done.stderr
    return path


def test_sample_a_bundled_network_to_a_csv_file(asia_csv):
    data = pd.read_csv(asia_csv, dtype=str)
    assert list(data.columns) == list(pt.examples.load("asia").variables)
    assert len(data) == 5000
    # p(smoke=yes) = 0.5 in the network: the frequency is within four standard errors
    assert abs((data["smoke"] == "yes").mean() - 0.5) < 4 * math.sqrt(0.25 / 5000)
    # either is a logical OR of lung and tub in asia: the samples obey it
    either = (data["lung"] == "yes") | (data["tub"] == "yes")
    assert ((data["either"] == "yes") == either).all()


def test_sample_says_what_it_wrote_and_is_reproducible(tmp_path):
    done = run("sample", "cancer", "-n", "10", "--seed", "3", "-o", str(tmp_path / "a.csv"))
    assert (
        done.stdout
        == f"wrote 10 rows of Pollution, Smoker, Cancer, Xray, Dyspnoea to {tmp_path / 'a.csv'}\n"
    )
    again = run("sample", "cancer", "-n", "10", "--seed", "3")  # no -o: the CSV goes to stdout
    assert again.stdout == (tmp_path / "a.csv").read_text()


def test_sample_a_bif_file_plain_or_gzip(tmp_path):
    shutil.copy(pt.examples.path("earthquake"), tmp_path / "quake.bif")
    (tmp_path / "quake.bif.gz").write_bytes(gzip.compress(pt.examples.path("earthquake").read_bytes()))
    plain = run("sample", str(tmp_path / "quake.bif"), "-n", "5", "--seed", "1")
    packed = run("sample", str(tmp_path / "quake.bif.gz"), "-n", "5", "--seed", "1")
    assert plain.returncode == packed.returncode == 0
    assert plain.stdout == packed.stdout
    assert plain.stdout.splitlines()[0] == "Burglary,Earthquake,Alarm,JohnCalls,MaryCalls"


def counted(data: pd.DataFrame, child: str, parents: list[str], pseudocount: float) -> pd.DataFrame:
    """p(child | parents) by counting with pandas: (n(g, h) + a) / (n(g) + a |H|), no probtables."""
    counts = pd.crosstab([data[p] for p in parents], data[child]) + pseudocount
    return counts.div(counts.sum(axis=1), axis=0)


def test_fit_notation_writes_the_counted_tables(asia_csv, tmp_path):
    model = tmp_path / "asia-fitted.bif"
    done = run("fit", str(asia_csv), ASIA_STRUCTURE, "--pseudocount", "1", "-o", str(model))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("fitted p(asia)p(tub | asia)")
    assert done.stdout.endswith(f"to 5,000 rows of {asia_csv}; wrote {model}\n")
    fitted = pt.read_bif(model)
    data = pd.read_csv(asia_csv, dtype=str)
    for child, parents in [("tub", ["asia"]), ("dysp", ["bronc", "either"]), ("xray", ["either"])]:
        expected = counted(data, child, parents, 1.0)
        table = fitted.term(child).table
        for index, row in expected.iterrows():
            given = dict(zip(parents, index if isinstance(index, tuple) else (index,)))
            for state, value in row.items():
                assert table.p(**{child: state}, **given) == pytest.approx(value, abs=1e-12)


def test_fit_a_bundled_structure_keeps_its_states_and_order(asia_csv, tmp_path):
    model = tmp_path / "m.bif"
    assert run("fit", str(asia_csv), "asia", "--pseudocount", "1", "-o", str(model)).returncode == 0
    fitted, original = pt.read_bif(model), pt.examples.load("asia")
    assert str(fitted) == str(original)
    for a, b in zip(fitted.terms, original.terms):
        assert a.table.states == b.table.states  # ('yes', 'no') as in the file, not sorted
    # and from that file as STRUCTURE, to stdout: the same numbers
    again = run("fit", str(asia_csv), str(model), "--pseudocount", "1")
    assert pt.read_bif(again.stdout).term("lung").table.equals(fitted.term("lung").table, atol=0.0)


def test_fit_errors_are_one_line(asia_csv, tmp_path):
    small = tmp_path / "small.csv"
    pd.read_csv(asia_csv, dtype=str).head(100).to_csv(small, index=False)  # (lung=yes, tub=yes) is rare
    done = run("fit", str(small), "asia")
    assert_one_line_error(
        done, "parent assignments of p(either | lung, tub) never occur", "(here: --pseudocount 1)"
    )
    assert len(done.stderr.splitlines()) == 1
    done = run("fit", str(asia_csv), "asai")
    assert done.stderr == (
        "probtables: error: STRUCTURE 'asai' is not a BIF file or a bundled network or notation; the "
        "bundled networks are alarm, asia, cancer, child, earthquake, insurance, sachs, survey. "
        "Did you mean 'asia'?\n"
    )
    done = run("fit", str(asia_csv), "p(asia")
    assert done.stderr == (
        "probtables: error: expected ')' to close the '(' at position 1, but the text ended at "
        "position 6 in 'p(asia'\n"
    )
    assert_one_line_error(run("fit", str(asia_csv), "model.bif"), "no such file: 'model.bif'")
    assert_one_line_error(
        run("fit", str(asia_csv), "p(asia)", "--pseudocount", "-1"), "expected a number >= 0, got '-1'"
    )


def test_sample_errors_are_one_line():
    assert run("sample", "asai", "-n", "3").stderr == (
        "probtables: error: MODEL 'asai' is not a BIF file or a bundled network; the bundled networks "
        "are alarm, asia, cancer, child, earthquake, insurance, sachs, survey. Did you mean 'asia'?\n"
    )
    assert run("sample", "asia", "-n", "0").stderr == (
        "probtables: error: argument -n: expected at least 1 row, got '0' (see 'probtables sample --help')\n"
    )
    assert_one_line_error(run("sample", "asia"), "the following arguments are required: -n")
    assert_one_line_error(run("sample", "nope.bif", "-n", "3"), "no such file: 'nope.bif'")


@pytest.mark.parametrize("command", ["fit", "check"])
def test_a_column_named_twice_is_an_error_naming_it(command, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("x,y, x\n0,1,1\n1,0,0\n")
    done = run(command, str(path), "p(x)p(y|x)")
    message = (
        f"probtables: error: {str(path)!r} has two columns named 'x' (columns 1 and 3); "
        "rename one so that each variable has one column.\n"
    )
    assert (done.returncode, done.stderr) == (2, message)
    done = run(command, "-", "p(x)p(y|x)", stdin="x,y,x\n0,1,1\n")
    assert done.stderr == message.replace(repr(str(path)), "'-'")


def test_fit_reads_stdin(asia_csv):
    done = run("fit", "-", "p(smoke)p(lung|smoke)", stdin=asia_csv.read_text())
    assert done.returncode == 0, done.stderr
    fitted = pt.read_bif(done.stdout)
    data = pd.read_csv(asia_csv, dtype=str)
    assert fitted.term("smoke").table.p(smoke="yes") == pytest.approx((data["smoke"] == "yes").mean())


def test_help_shows_an_example():
    for command in ("fit", "sample"):
        done = run(command, "--help")
        assert done.returncode == 0
        assert re.search(rf"example:\n  probtables {command} ", done.stdout)
