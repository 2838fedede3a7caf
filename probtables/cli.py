r"""The ``probtables`` command: the tour, and questions about structures and data from the shell.

::

    probtables tour
    probtables implies "p(z)p(y)p(x|y,z)" "y ⊥ z | x"
    probtables independencies "p(x)p(y|x)p(z|y)" --kind pairwise
    probtables check data.csv "p(z)p(x|z)p(y|z)" --alpha 0.01 --adjust bh
    probtables query asia "p(lung | xray=yes)"
    probtables fit data.csv "p(z)p(x|z)p(y|z)" -o model.bif
    probtables sample model.bif -n 1000 -o samples.csv

Exit status: 0 when the answer is yes (implied; every implied independence
tested on the data, with power, and none rejected), 1 when it is no, 2 on a
usage error, bad notation or bad data, and 3 (``check`` only) when nothing is
rejected but some statements could not be tested or had low power: the data
then do not show that the structure holds.
Errors are one line on stderr, ``probtables: error: ...`` (a notation error
names the position and quotes the text), never a traceback; set ``PROBTABLES_DEBUG=1`` to get the traceback of an unexpected
error. Long enumerations show a progress bar when stderr is a terminal and
tqdm is installed, and none when it is piped.

Statements may be written with ``⊥``, ``_||_`` or ``indep ... given ...``
(easier to type in a shell): ``"y _||_ z | x"``, ``"y indep z given x"``.

Examples
--------
>>> from probtables.cli import main
>>> main(["implies", "p(z)p(y)p(x|y,z)", "y ⊥ z"])
p(z)p(y)p(x | y, z) implies y ⊥ z
y ⊥ z holds: every trail between y and z is blocked when nothing is observed.
  - y -> x <- z is blocked at x: a collider that is not observed and has no observed descendant.
0
>>> main(["independencies", "p(x)p(y|x)p(z|y)", "--kind", "pairwise"])
x ⊥ z | y
0
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TextIO

__all__ = [
    "main",
    "build_parser",
    "UsageError",
    "EXIT_YES",
    "EXIT_NO",
    "EXIT_ERROR",
    "EXIT_INCONCLUSIVE",
]

EXIT_YES = 0
EXIT_NO = 1
EXIT_ERROR = 2
EXIT_INCONCLUSIVE = 3

_PROG = "probtables"


class UsageError(Exception):
    """A command line that cannot be run; printed as ``probtables: error: ...``, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (with a hint to --help), exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _say_error(message: str, stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    stream.write(f"{_PROG}: error: {message}\n")
    stream.flush()


# --------------------------------------------------------------------------- progress


def _tqdm(enabled: bool | None) -> Any:
    """tqdm's class when a bar should be shown: stderr is a terminal and tqdm is installed."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm


@contextmanager
def _progress(
    total: int | None, description: str, *, enabled: bool | None = None
) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (``update(n)`` advances it) or, without a terminal or tqdm, nothing."""
    tqdm = _tqdm(enabled)
    if tqdm is None:
        yield lambda n: None
        return
    bar = tqdm(total=total, desc=description, unit="", leave=False, file=sys.stderr, dynamic_ncols=True)
    try:
        yield bar.update
    finally:
        bar.close()


def _while_running(function: Callable[[], Any], description: str, *, enabled: bool | None = None) -> Any:
    """Run `function`, showing an elapsed-time bar on a terminal while it works (it reports no steps)."""
    tqdm = _tqdm(enabled)
    if tqdm is None:
        return function()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(0.3)  # quick answers show no bar at all
    if worker.is_alive():
        bar = tqdm(
            total=None, desc=description, bar_format="{desc}: {elapsed}", leave=False, file=sys.stderr
        )
        try:
            while worker.is_alive():
                worker.join(0.1)
                bar.refresh()
        finally:
            bar.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --------------------------------------------------------------------------- commands


def _structure(text: str) -> Any:
    from probtables.factorization import Factorization

    return Factorization.parse(text)


def _note_free(structure: Any) -> None:
    """One line on stderr naming the variables only behind a bar (free), so a typo is not silent."""
    from probtables.notation import format_name

    free = structure.free
    if not free:
        return
    names = ", ".join(format_name(v) for v in free)
    where = ", ".join(str(t) for t in structure.terms if set(t.given) & set(free))
    verb = "appears" if len(free) == 1 else "appear"
    sys.stderr.write(
        f"{_PROG}: note: {names} {verb} only behind a bar (in {where}), so {structure} is a "
        f"distribution conditional on {names}; if that is a typo, correct the structure\n"
    )


def _cmd_tour(args: argparse.Namespace) -> int:
    from probtables.tour import run

    run()
    return EXIT_YES


def _cmd_implies(args: argparse.Namespace) -> int:
    from probtables.independence import Independence

    structure = _structure(args.structure)
    statement = Independence.parse(args.statement)
    explanation = structure.explain(statement)
    _note_free(structure)
    verb = "implies" if explanation.holds else "does not imply"
    print(f"{structure} {verb} {statement}")
    if not args.quiet:
        print(explanation)
    return EXIT_YES if explanation.holds else EXIT_NO


def _cmd_independencies(args: argparse.Namespace) -> int:
    from probtables.dag import independencies

    structure = _structure(args.structure)
    _note_free(structure)
    limit = None if args.limit == 0 else args.limit
    options = {} if args.kind != "all" else {"limit": limit}

    def enumerate_them() -> list[Any]:
        from probtables.errors import EnumerationLimitError

        try:
            return independencies(structure.dag, args.kind, **options)
        except EnumerationLimitError as exc:
            raise UsageError(f"{exc} (here: --limit N raises the limit, --limit 0 removes it)") from None

    if args.kind == "all":
        statements = _while_running(enumerate_them, f"independencies (kind='all') of {structure}")
    else:
        statements = enumerate_them()
    for statement in statements:
        print(statement)
    if not statements:
        sys.stderr.write(f"{_PROG}: {structure} implies no independence of kind {args.kind!r}\n")
    return EXIT_YES


def _read_data(path: str, text: str | None = None) -> Any:
    """The CSV at ``path`` (``-``: standard input, or ``text`` when it was read already), as text cells."""
    import io

    import pandas as pd

    if path == "-":
        source: Any = sys.stdin if text is None else io.StringIO(text)
    elif not os.path.exists(path):
        raise UsageError(f"no such file: {path!r}")
    else:
        source = path
    try:
        # every cell as text: the states are labels ("01" stays "01"; "None", "NA", "null" and "nan"
        # are states too); only an empty cell is missing
        return pd.read_csv(
            source, dtype=str, skipinitialspace=True, keep_default_na=False, na_values=[""]
        )
    except pd.errors.EmptyDataError:
        raise UsageError(
            f"{path!r} is empty; expected a CSV file with a header row of variable names"
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"cannot read {path!r} as CSV: {first}") from None


def run_tests(
    data: Any,
    statements: Sequence[Any],
    *,
    method: str = "chi2",
    adjust: str | None = "holm",
    alpha: float = 0.05,
    permutations: int | str | None = "auto",
    seed: int | None = 0,
    dropna: bool = False,
    max_distinct: float | None = 0.5,
    progress: bool | None = None,
) -> Any:
    """The table of :func:`probtables.stats.test_independencies`, with a progress bar on a terminal.

    Examples
    --------
    >>> import pandas as pd
    >>> from probtables.cli import run_tests
    >>> data = pd.DataFrame({"x": [0, 1] * 20, "y": [0, 1] * 20, "z": [0, 0, 1, 1] * 10})
    >>> run_tests(data, ["x ⊥ y", "x ⊥ z"], progress=False)["status"].tolist()
    ['rejected', 'not rejected']
    """
    from probtables import stats

    statements = list(statements)
    options: dict[str, Any] = {
        "method": method,
        "adjust": adjust,
        "alpha": alpha,
        "permutations": permutations,
        "seed": seed,
        "dropna": dropna,
        "max_distinct": max_distinct,
    }
    if _tqdm(progress) is None or len(statements) <= 1:
        return stats.test_independencies(data, statements, **options)
    stats.test_independencies(data, [], **options)  # check the data and options before the bar shows
    with _progress(len(statements), "testing", enabled=progress) as update:
        return stats.test_independencies(data, statements, progress=update, **options)


def _status_text(status: str, power: float) -> str:
    from probtables.stats import POWER_THRESHOLD

    if status == "not rejected":
        return "low power" if not power >= POWER_THRESHOLD else ""
    return status


def _format_results(table: Any) -> list[str]:
    from probtables._display.text import text_table

    header = ["statement", "statistic", "dof", "p-value", "adjusted", "power", ""]
    rows = [
        [
            str(r.statement),
            f"{r.statistic:.3f}",
            str(int(r.dof)),
            f"{r.p_value:.3g}" + ("*" if r.permutations else ""),
            "-" if r.p_adjusted != r.p_adjusted else f"{r.p_adjusted:.3g}",
            f"{r.power:.2f}",
            _status_text(r.status, r.power),
        ]
        for r in table.itertuples(index=False)
    ]
    return text_table(header, rows, indent="", right={1, 2, 3, 4, 5})


def _run_for_cli(data: Any, statements: Sequence[Any], **options: Any) -> Any:
    """:func:`run_tests`, with the options in messages written as the command line's flags."""
    from probtables.errors import MissingDataError, NotDiscreteError

    try:
        return run_tests(data, statements, **options)
    except (MissingDataError, NotDiscreteError) as exc:
        text = str(exc).replace("pass dropna=True", "pass --dropna")
        text = text.replace("pass max_distinct=None", "pass --max-distinct none")
        text = text.replace("test_independencies(): ", "")
        raise UsageError(text) from None


def _cmd_check(args: argparse.Namespace) -> int:
    from probtables.check import data_summary
    from probtables.dag import independencies
    from probtables.stats import POWER_THRESHOLD

    structure = _structure(args.structure)
    data = _read_csv(args.data)
    missing = [v for v in structure.variables if v not in data.columns]
    if missing:
        import difflib

        hints = [difflib.get_close_matches(v, list(map(str, data.columns)), n=1) for v in missing]
        hint = "".join(f" Did you mean {h[0]!r} for {v!r}?" for v, h in zip(missing, hints) if h)
        raise UsageError(
            f"{args.data!r} has no column for {', '.join(map(repr, missing))} of {structure}; "
            f"its columns are {', '.join(map(str, data.columns))}.{hint}"
        )
    statements = list(dict.fromkeys(independencies(structure.dag, args.kind)))
    adjust = None if args.adjust == "none" else args.adjust
    name = {"g": "G-test", "chi2": "Pearson chi-square test"}[args.method]
    correction = {"holm": "Holm", "bh": "Benjamini-Hochberg", None: "no"}[adjust]
    n = len(statements)
    # test first: a problem with the data is then reported before anything is printed
    table = (
        _run_for_cli(
            data,
            statements,
            method=args.method,
            adjust=adjust,
            alpha=args.alpha,
            permutations=args.permutations,
            seed=args.seed,
            dropna=args.dropna,
            max_distinct=args.max_distinct,
        )
        if statements
        else None
    )
    print(
        f"{structure}: {n} implied {'independence' if n == 1 else 'independencies'} (kind={args.kind!r})"
    )
    permuted = {
        "auto": "permutations where the chi-square approximation is unreliable",
        None: "chi-square p-values only",
    }
    how = permuted.get(args.permutations, f"{args.permutations} permutations per test")
    print(
        f"data: {args.data}, {len(data):,} rows; {name}, {how}, {correction} correction, alpha={args.alpha:g}"
    )
    if table is None:
        print("nothing to test: the structure implies no independence of this kind.")
        return EXIT_YES
    dropped = table.loc[table["rows_dropped"] > 0]
    if len(dropped):
        print(
            f"dropna: dropped rows with missing values for {len(dropped)} statement(s), "
            f"up to {int(dropped['rows_dropped'].max()):,} rows."
        )
    for line in _format_results(table):
        print(line)
    if (table["permutations"] > 0).any():
        print("* p-value from conditional permutations")
    print(data_summary(table, alpha=args.alpha))
    for row in table.itertuples(index=False):
        if row.status in ("untestable", "unreliable"):
            print(f"  {row.statement}: {row.status}: {row.reason}")
    status = table["status"]
    if (status == "rejected").any():
        return EXIT_NO
    weak = (status == "not rejected") & ~(table["power"] >= POWER_THRESHOLD)
    if (status != "not rejected").any() or weak.any():
        return EXIT_INCONCLUSIVE
    return EXIT_YES


def _cmd_query(args: argparse.Namespace) -> int:
    network = _model(args.network, "NETWORK")
    answer = network.query(args.question)
    if isinstance(answer, float):
        print(f"{answer:.{args.digits}g}")
    else:
        print(answer.notation)
        frame = answer.frame
        frame["p"] = frame["p"].round(args.digits)
        print(frame.to_string(index=False))
    return EXIT_YES


def _digits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 17, got {text!r}") from None
    if not 1 <= value <= 17:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 17, got {text!r}")
    return value


# --------------------------------------------------------------------------- fit and sample


def _read_csv(path: str) -> Any:
    """:func:`_read_data`, after refusing a header row that names a column twice (pandas would rename it)."""
    import csv
    import io

    text = None  # standard input, read once
    if path == "-":
        text = sys.stdin.read()
        header = next(csv.reader(io.StringIO(text)), [])
    else:
        if not os.path.exists(path):
            raise UsageError(f"no such file: {path!r}")
        with open(path, newline="", encoding="utf-8", errors="replace") as handle:
            header = next(csv.reader(handle), [])
    seen: dict[str, int] = {}
    for number, name in enumerate((cell.lstrip() for cell in header), start=1):
        if name in seen and name:
            raise UsageError(
                f"{path!r} has two columns named {name!r} (columns {seen[name]} and {number}); "
                "rename one so that each variable has one column."
            )
        seen[name] = number
    return _read_data(path, text)


def _model(text: str, what: str) -> Any:
    """A factorization from a BIF file (.bif or .bif.gz), a bundled network's name or, for a structure, notation."""
    from probtables import examples

    if os.path.isfile(text):
        from probtables.bif import read_bif

        return read_bif(text)
    if text in examples.names():
        return examples.load(text)
    if what == "STRUCTURE" and "(" in text:
        return _structure(text)
    if text.endswith((".bif", ".gz")) or os.sep in text:
        raise UsageError(f"no such file: {text!r}")
    from probtables.errors import did_you_mean

    kinds = "a BIF file or a bundled network" + (" or notation" if what == "STRUCTURE" else "")
    raise UsageError(
        f"{what} {text!r} is not {kinds}; the bundled networks are {', '.join(examples.names())}."
        f"{did_you_mean(text, examples.names())}"
    )


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    with open(output, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _cmd_fit(args: argparse.Namespace) -> int:
    from probtables.bif import BIFNetwork, format_bif

    structure = _model(args.structure, "STRUCTURE")
    data = _read_csv(args.data)
    from probtables.estimate import UnseenParentsError

    try:
        fitted = structure.fit(data, pseudocount=args.pseudocount)
    except UnseenParentsError as exc:
        raise UsageError(f"{exc} (here: --pseudocount 1)") from None
    _write(format_bif(BIFNetwork.from_factorization(fitted, name=structure.name)), args.output)
    if args.output not in (None, "-"):
        print(f"fitted {fitted} to {len(data):,} rows of {args.data}; wrote {args.output}")
    return EXIT_YES


def _cmd_sample(args: argparse.Namespace) -> int:
    model = _model(args.model, "MODEL")
    frame = model.sample(args.n, seed=args.seed)
    _write(frame.to_csv(index=False), args.output)
    if args.output not in (None, "-"):
        print(f"wrote {len(frame):,} rows of {', '.join(frame.columns)} to {args.output}")
    return EXIT_YES


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 row, got {text!r}")
    return value


def _pseudocount(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def _add_fit_and_sample(commands: Any, formatter: Any) -> None:
    from probtables.examples import names

    fit = commands.add_parser(
        "fit",
        help="estimate the tables of a structure from data (a CSV file) and write a BIF file",
        description=_fill(
            "Estimate each term's table of STRUCTURE from the observations in DATA (a CSV file with a "
            "header row naming the variables; '-' reads stdin): normalized counts per parent "
            "assignment, plus --pseudocount in every cell. STRUCTURE is notation, a BIF file (its "
            "structure and state lists are kept, its numbers replaced) or a bundled network's name. "
            "Writes the fitted network as BIF to -o (stdout by default)."
        ),
        epilog="example:\n"
        '  probtables fit data.csv "p(z)p(x|z)p(y|z)" -o model.bif\n'
        "  probtables fit asia.csv asia --pseudocount 1 -o asia-fitted.bif\n\n"
        "exit status: 0 written, 2 error.",
        formatter_class=formatter,
    )
    fit.add_argument(
        "data", metavar="DATA.csv", help="observations: a CSV file with a header row, or '-' for stdin"
    )
    fit.add_argument(
        "structure",
        metavar="STRUCTURE",
        help=_STRUCTURE_HELP + ", a .bif file, or a bundled network (asia, alarm, ...)",
    )
    fit.add_argument(
        "-o", "--output", metavar="MODEL.bif", help="the BIF file to write (default: stdout)"
    )
    fit.add_argument(
        "--pseudocount",
        type=_pseudocount,
        default=0.0,
        metavar="A",
        help="added to every count, a symmetric Dirichlet prior (default: 0, maximum likelihood)",
    )
    fit.set_defaults(run=_cmd_fit)

    sample = commands.add_parser(
        "sample",
        help="draw samples from a network (a BIF file or a bundled network) into a CSV file",
        description=_fill(
            "Draw N independent rows from MODEL by ancestral sampling and write them as CSV (a header "
            "row of variable names) to -o (stdout by default). MODEL is a BIF file (.bif or .bif.gz) "
            "or the name of a bundled network."
        ),
        epilog="example:\n"
        "  probtables sample asia -n 1000 --seed 0 -o asia.csv\n"
        "  probtables sample model.bif -n 500\n\n"
        "exit status: 0 written, 2 error.",
        formatter_class=formatter,
    )
    sample.add_argument(
        "model", metavar="MODEL", help="a BIF file, or a bundled network: " + ", ".join(names())
    )
    sample.add_argument("-n", type=_count, required=True, metavar="N", help="how many rows to draw")
    sample.add_argument(
        "-o", "--output", metavar="OUT.csv", help="the CSV file to write (default: stdout)"
    )
    sample.add_argument("--seed", type=int, default=None, help="seed of the random generator")
    sample.set_defaults(run=_cmd_sample)


# --------------------------------------------------------------------------- the parser


def _alpha(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {text!r}")
    return value


def _permutations(text: str) -> int | str | None:
    if text in ("auto", "none"):
        return None if text == "none" else "auto"
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number, auto or none, got {text!r}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, auto or none, got {text!r}")
    return value


def _max_distinct(text: str) -> float | None:
    if text == "none":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number or none, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number or none, got {text!r}")
    return value


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number (0 for no limit), got {text!r}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number (0 for no limit), got {text!r}")
    return value


_STRUCTURE_HELP = (
    'a factorization in the notes\' notation, e.g. "p(z)p(y)p(x|y,z)"; names that are not '
    "identifiers go in backticks, inside single quotes in the shell: 'p(`has-cancer`)'"
)
_STATEMENT_HELP = 'an independence statement, e.g. "y ⊥ z | x", "y _||_ z | x" or "y indep z given x"'


def _fill(text: str) -> str:
    return textwrap.fill(text, 79)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``probtables`` command (one sub-command per task).

    >>> from probtables.cli import build_parser
    >>> build_parser().parse_args(["implies", "p(x)p(y)", "x ⊥ y"]).command
    'implies'
    """
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=_PROG,
        description="The rules of discrete probability, executable.",
        epilog="examples:\n"
        "  probtables tour\n"
        '  probtables implies "p(z)p(y)p(x|y,z)" "y ⊥ z | x"\n'
        '  probtables independencies "p(x)p(y|x)p(z|y)" --kind all\n'
        '  probtables check data.csv "p(z)p(x|z)p(y|z)" --alpha 0.01\n\n'
        "exit status: 0 yes, 1 no, 2 error. 'probtables COMMAND --help' for each command.",
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    tour = commands.add_parser(
        "tour",
        help="a guided tour of the notes' worked examples, each step checking its claim",
        description=_fill(
            "Work the notes' examples step by step: notation, the sum rule, the chain rule, "
            "the model p(z)p(y)p(x|y,z), Bayes' rule. Each step checks its own claim."
        ),
        epilog="example:\n  probtables tour",
        formatter_class=formatter,
    )
    tour.set_defaults(run=_cmd_tour)

    implies = commands.add_parser(
        "implies",
        help="does a factorization imply an independence? (d-separation, with the reason)",
        description=_fill(
            "Say whether the DAG of STRUCTURE implies STATEMENT (by d-separation) and why: "
            "an active trail when it does not, where each trail is blocked when it does."
        ),
        epilog="example:\n"
        '  $ probtables implies "p(z)p(y)p(x|y,z)" "y ⊥ z | x"\n'
        "  p(z)p(y)p(x | y, z) does not imply y ⊥ z | x\n"
        "  y ⊥ z | x does not hold: the trail y -> x <- z is active given x.\n"
        "    - x is a collider and is observed (explaining away), so the trail is active at x.\n\n"
        "exit status: 0 implied, 1 not implied, 2 error.",
        formatter_class=formatter,
    )
    implies.add_argument("structure", metavar="STRUCTURE", help=_STRUCTURE_HELP)
    implies.add_argument("statement", metavar="STATEMENT", help=_STATEMENT_HELP)
    implies.add_argument(
        "-q", "--quiet", action="store_true", help="print the answer only, not the reasons"
    )
    implies.set_defaults(run=_cmd_implies)

    indep = commands.add_parser(
        "independencies",
        help="list the independencies a factorization implies",
        description=_fill(
            "List the independence statements the DAG of STRUCTURE implies, one per line."
        ),
        epilog="kinds:\n"
        "  local     each variable independent of its non-descendants given its parents\n"
        "  pairwise  each non-adjacent pair, with one minimal separating set\n"
        "  all       every x ⊥ y | Z (grows as 2^n; see --limit)\n\n"
        "example:\n"
        '  $ probtables independencies "p(x)p(y|x)p(z|y)" --kind pairwise\n'
        "  x ⊥ z | y",
        formatter_class=formatter,
    )
    indep.add_argument("structure", metavar="STRUCTURE", help=_STRUCTURE_HELP)
    indep.add_argument(
        "--kind",
        choices=("local", "pairwise", "all"),
        default="local",
        help="which statements (default: local)",
    )
    indep.add_argument(
        "--limit",
        type=_limit,
        default=1_000_000,
        metavar="N",
        help="for --kind all: refuse to run more than N d-separation tests "
        "(default: 1000000; 0 for no limit)",
    )
    indep.set_defaults(run=_cmd_independencies)

    check = commands.add_parser(
        "check",
        help="test the independencies a factorization implies on data (a CSV file)",
        description=_fill(
            "Test each independence that STRUCTURE implies on the observations in DATA "
            "(a CSV file with a header row naming the variables, one row per observation; '-' reads stdin), "
            "with Pearson's chi-square test (or a G-test) of conditional independence, a conditional "
            "permutation p-value where the chi-square approximation is unreliable, and a correction for "
            "multiple testing. Prints one row per statement: statistic, degrees of freedom, p-value, "
            "adjusted p-value, the power to detect a dependence of Cohen's w = 0.3, and a status: "
            "rejected, not rejected, untestable (0 degrees of freedom) or unreliable. Every cell is read "
            "as a state (None, NA, null, nan included); only empty cells are missing."
        ),
        epilog="example:\n"
        '  probtables check data.csv "p(z)p(x|z)p(y|z)" --alpha 0.01 --adjust bh\n\n'
        "exit status: 0 every statement tested with power and none rejected, 1 some rejected, 2 error,\n"
        "3 none rejected but some untestable, unreliable or with low power.",
        formatter_class=formatter,
    )
    check.add_argument(
        "data", metavar="DATA.csv", help="observations: a CSV file with a header row, or '-' for stdin"
    )
    check.add_argument("structure", metavar="STRUCTURE", help=_STRUCTURE_HELP)
    check.add_argument("--alpha", type=_alpha, default=0.05, help="significance level (default: 0.05)")
    check.add_argument(
        "--adjust",
        choices=("holm", "bh", "none"),
        default="holm",
        help="multiple-testing correction: Holm (family-wise), Benjamini-Hochberg "
        "(false discovery rate) or none (default: holm)",
    )
    check.add_argument(
        "--method",
        choices=("chi2", "g"),
        default="chi2",
        help="Pearson chi-square or G-test (default: chi2)",
    )
    check.add_argument(
        "--permutations",
        type=_permutations,
        default="auto",
        metavar="N|auto|none",
        help="conditional permutations per test: auto (only where the chi-square approximation is "
        "unreliable), a number, or none (default: auto)",
    )
    check.add_argument("--seed", type=int, default=0, help="seed of the permutations (default: 0)")
    check.add_argument(
        "--dropna",
        action="store_true",
        help="drop, per statement, the rows with an empty cell in its columns (and say how many)",
    )
    check.add_argument(
        "--max-distinct",
        type=_max_distinct,
        default=0.5,
        metavar="SHARE|none",
        help="refuse a column with more distinct values than this share of the rows (and more than "
        "20): it is probably not discrete; bin it first (default: 0.5)",
    )
    check.add_argument(
        "--kind",
        choices=("local", "pairwise", "all"),
        default="local",
        help="which implied statements to test (default: local, which imply all the others)",
    )
    check.set_defaults(run=_cmd_check)

    query = commands.add_parser(
        "query",
        help='ask a network a question in the notation, e.g. "p(lung | xray=yes)" (no joint is built)',
        description=_fill(
            "Answer QUESTION on NETWORK (a BIF file, or a bundled network: asia, alarm, child, ...) by "
            "exact inference: a table for p(x | y=a), a joint posterior for p(x, w | y=a), a full "
            "conditional for p(x | y), a number when every head variable has a value, p(x=c | y=a), or "
            "for the probability of evidence, p(x=c, y=a). A set of states is an event: y={a, b}."
        ),
        epilog="examples:\n"
        '  $ probtables query asia "p(lung | xray=yes)"\n'
        "  p(lung | xray=yes)\n"
        "  lung        p\n"
        "   yes 0.488711\n"
        "    no 0.511289\n"
        '  $ probtables query network.bif "p(lung=yes | xray=yes, dysp=yes)"',
        formatter_class=formatter,
    )
    query.add_argument("network", metavar="NETWORK", help="a BIF file or the name of a bundled network")
    query.add_argument(
        "question", metavar="QUESTION", help='one term of the notation, e.g. "p(x | y=a)"'
    )
    query.add_argument(
        "--digits", type=_digits, default=6, help="significant digits of the probabilities (default: 6)"
    )
    query.set_defaults(run=_cmd_query)
    _add_fit_and_sample(commands, formatter)
    return parser


# --------------------------------------------------------------------------- main


def _error_text(exc: BaseException) -> str:
    from probtables.errors import NotationError

    text = str(exc)
    if isinstance(exc, NotationError) and exc.text:
        # one line: the message and the text (the exception itself shows a caret under the character)
        return f"{text.splitlines()[0].removesuffix(':')} in {exc.text!r}"
    return " ".join(text.split("\n")).strip() or type(exc).__name__


def _unicode_streams() -> None:
    """Never fail on '⊥' in a terminal or pipe that cannot encode it: write an escape instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a closed or unusual stream
                pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``probtables`` command line; returns the exit status (0 yes, 1 no, 2 error).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int

    Examples
    --------
    >>> from probtables.cli import main
    >>> main(["implies", "p(z)p(y)p(x|y,z)", "y ⊥ z | x", "--quiet"])
    p(z)p(y)p(x | y, z) does not imply y ⊥ z | x
    1
    """
    from probtables.errors import ProbTablesError

    _unicode_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.version:
            from probtables import __version__

            print(f"{_PROG} {__version__}")
            return EXIT_YES
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_ERROR
        return int(args.run(args))
    except UsageError as exc:
        _say_error(str(exc))
        return EXIT_ERROR
    except ProbTablesError as exc:
        from probtables.tour import TourCheckFailed

        _say_error(_error_text(exc))
        return EXIT_NO if isinstance(exc, TourCheckFailed) else EXIT_ERROR
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep Python from complaining at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_NO
    except KeyboardInterrupt:
        _say_error("interrupted")
        return 130
    except (
        Exception
    ) as exc:  # anything else is reported in one line too; PROBTABLES_DEBUG=1 shows the traceback
        if os.environ.get("PROBTABLES_DEBUG"):
            raise
        _say_error(
            f"{_error_text(exc)} ({type(exc).__name__}; set PROBTABLES_DEBUG=1 for the traceback)"
        )
        return EXIT_ERROR
