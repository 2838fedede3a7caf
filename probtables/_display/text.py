"""Plain-text pieces shared by the text views: assignments, probabilities, number pairs, tables.

Used by the reports of :mod:`probtables.check`, the assertion messages of :mod:`probtables.testing`
and the HTML report (:mod:`probtables._display.html`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from probtables._validate import show_value
from probtables.notation import write_term

__all__ = ["assignment_text", "probability_text", "format_pair", "text_table"]


def assignment_text(names: Iterable[str], where: dict[str, Any]) -> str:
    """``x=0, y=a``: the values ``where`` gives ``names``, as the notation writes them."""
    return ", ".join(f"{v}={show_value(where[v])}" for v in names)


def probability_text(head: Iterable[str], given: Sequence[str], where: dict[str, Any]) -> str:
    """``p(x=0 | y=a)``: one probability at the values ``where`` gives."""
    return write_term(
        [assignment_text([v], where) for v in head], [assignment_text([v], where) for v in given]
    )


def format_pair(a: float, b: float) -> tuple[str, str]:
    """Two numbers with enough significant digits to tell them apart (at least 6)."""
    for digits in (6, 8, 10, 12, 14, 17):
        left, right = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if left != right or a == b:
            return left, right
    return repr(a), repr(b)  # pragma: no cover - .17g always tells floats apart


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Columns of text left-aligned under ``header``, one line per row, each starting with ``indent``."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    lines = []
    for row in (header, *rows):
        cells = [str(c).ljust(w) for c, w in zip(row, widths)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines
