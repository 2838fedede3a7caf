"""The ``probtables`` command: ``python -m probtables tour`` runs the guided tour.

Examples
--------
>>> from probtables.__main__ import main
>>> main(["--version"])  # doctest: +ELLIPSIS
probtables ...
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="probtables",
        description="The rules of discrete probability, executable.",
        epilog="example: probtables tour",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "tour",
        help="a guided tour of the notes' worked examples, each step checking its claim",
        description="Work the notes' examples step by step: notation, the sum rule, the chain rule, "
        "the model p(z)p(y)p(x|y,z), Bayes' rule.",
        epilog="example: probtables tour",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from probtables import __version__

        print(f"probtables {__version__}")
        return 0
    if args.command == "tour":
        from probtables.tour import run

        run()
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
