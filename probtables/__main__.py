"""``python -m probtables``: the command line (see :mod:`probtables.cli`).

``python -m probtables tour`` runs the guided tour; ``python -m probtables --help``
lists the commands.

Examples
--------
>>> from probtables.__main__ import main
>>> main(["--version"])  # doctest: +ELLIPSIS
probtables ...
0
"""

from __future__ import annotations

import sys

from probtables.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
