r"""Plain text: what ``repr(table)`` shows, and the pieces the text views share.

Used by the reports of :mod:`probtables.check`, the assertion messages of :mod:`probtables.testing`
and the HTML report (:mod:`probtables._display.html`).

The text follows the HTML display (:func:`probtables._display.html.table_html`):
the notation on the first line, one row per assignment without pandas' row
numbers, a conditional table grouped by the assignment of its given variables
(one line such as ``z=0`` opening each group), a long table cut to its first
and last rows (whole groups for a conditional) with a count of what is hidden.

Examples
--------
>>> cpt = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"z": [0, 1], "x": [0, 1]}, given="z")
>>> print(cpt)
p(x | z)
  x   p
z=0
  0 0.9
  1 0.1
z=1
  0 0.2
  1 0.8
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from probtables._validate import show_value
from probtables.notation import Item, write_term

if TYPE_CHECKING:  # pragma: no cover
    from probtables.table import Table

__all__ = [
    "assignment_text",
    "probability_text",
    "format_pair",
    "text_table",
    "table_text",
    "table_preview",
    "TablePreview",
    "MAX_ROWS",
    "SHOW_ROWS",
]


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


def text_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ", right: Collection[int] = ()
) -> list[str]:
    """Columns of text under ``header``, one line per row, each starting with ``indent``; the
    columns numbered in ``right`` are aligned to the right (numbers), the others to the left."""
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    lines = []
    for row in (header, *rows):
        cells = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths))
        ]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


#: Tables longer than this are cut in the display ...
MAX_ROWS = 20
#: ... to this many rows at each end.
SHOW_ROWS = 10


def _setting(name: str, value: Any) -> str:
    try:
        return str(Item.of(name, value))
    except (TypeError, ValueError):  # a state the notation cannot write: show it as Python does
        return f"{name}={value!r}"


def _row_selection(n: int, max_rows: int, show: int) -> tuple[list[int], int]:
    """The row numbers to show and where the gap goes (-1: no gap)."""
    if n <= max_rows:
        return list(range(n)), -1
    return list(range(show)) + list(range(n - show, n)), show


def _group_selection(keys: Sequence[Any], max_rows: int, show: int) -> tuple[list[int], int, int]:
    """Rows to show of a table grouped by `keys` (one per row, groups contiguous): whole groups.

    Up to `show` rows of whole groups at each end (rows of a single group when
    the first or last group alone is longer); returns the rows, where the gap
    goes (-1: none) and how many groups are hidden entirely.

    >>> from probtables._display.text import _group_selection
    >>> _group_selection([0, 0, 1, 1, 2, 2, 3, 3], max_rows=6, show=3)
    ([0, 1, 6, 7], 2, 2)
    """
    n = len(keys)
    if n <= max_rows:
        return list(range(n)), -1, 0
    starts = [i for i in range(n) if i == 0 or keys[i] != keys[i - 1]] + [n]
    bounds = list(zip(starts, starts[1:]))
    front = 0  # groups shown whole at the front
    while front < len(bounds) and bounds[front][1] <= show:
        front += 1
    back = 0
    while back < len(bounds) - front and n - bounds[len(bounds) - 1 - back][0] <= show:
        back += 1
    head = list(range(bounds[front - 1][1])) if front else list(range(show))
    tail_start = bounds[len(bounds) - back][0] if back else n - show
    tail = list(range(max(tail_start, len(head)), n))
    if len(head) + len(tail) == n:  # nothing left between the ends: show the whole table
        return list(range(n)), -1, 0
    hidden = len(bounds) - front - back - (0 if front else 1) - (0 if back else 1)
    return head + tail, len(head), max(hidden, 0)


_INDENT = "  "  # rows of a conditional table, under their group's line


@dataclass(frozen=True)
class TablePreview:
    """The rows of a table that its text and HTML views show (see :func:`table_preview`)."""

    frame: Any  # the table's frame, sorted by the given variables
    given: list[str]
    head: list[str]
    keys: list[tuple[Any, ...]]  # each row's assignment of the given variables
    rows: list[int]  # the shown rows, positions in ``frame``
    gap: int  # where the hidden rows are, among the shown ones (-1: none hidden)
    hidden_groups: int
    n_groups: int

    @property
    def more_rows(self) -> str:
        """``1,234 more rows (5 groups)``: what the gap hides."""
        hidden, groups = len(self.frame) - len(self.rows), self.hidden_groups
        return f"{hidden:,} more rows" + (
            f" ({groups:,} group{'s' if groups != 1 else ''})" if groups else ""
        )


def table_preview(table: Table, max_rows: int, show: int) -> TablePreview:
    """The rows of ``table`` to show: whole groups of a conditional table, else the first and last rows.

    >>> t = pt.Table.uniform({"x": list(range(100))})
    >>> p = table_preview(t, max_rows=10, show=4)
    >>> p.rows, p.gap, p.more_rows
    ([0, 1, 2, 3, 96, 97, 98, 99], 4, '92 more rows')
    """
    frame = table.frame
    given = list(table.given)
    head = [v for v in table.variables if v not in table.given]
    if given:
        frame = frame.sort_values(given, kind="stable")
        keys = list(zip(*(frame[g].tolist() for g in given)))
        rows, gap, hidden_groups = _group_selection(keys, max_rows, show)
        return TablePreview(frame, given, head, keys, rows, gap, hidden_groups, len(set(keys)))
    rows, gap = _row_selection(len(frame), max_rows, show)
    return TablePreview(frame, given, head, [()] * len(frame), rows, gap, 0, 0)


def table_text(table: Table, *, max_rows: int = MAX_ROWS, show: int = SHOW_ROWS) -> str:
    r"""A table as plain text: its header line, then its rows, grouped and cut as in the HTML.

    Parameters
    ----------
    table : Table
    max_rows : int, default 20
        Tables with more rows show only their first and last `show` rows
        (whole groups for a conditional table), a line saying how many rows
        (and groups) are hidden, and a last line with the total.
    show : int, default 10
        Rows shown at each end of a long table.

    Returns
    -------
    str
        No trailing newline. The first line is the notation (with a note when
        conditioning assignments of probability zero are left out); the next
        names the head variables and ``p``; a conditional table's rows are
        indented under lines such as ``z=0``.

    Examples
    --------
    >>> from probtables._display.text import table_text
    >>> print(table_text(pt.Table.from_dict({"H": 0.75, "T": 0.25}, variables="coin")))
    p(coin)
    coin    p
       H 0.75
       T 0.25
    >>> print(table_text(pt.Table.uniform({"n": list(range(100))}), max_rows=4, show=2))
    p(n)
      n    p
      0 0.01
      1 0.01
    ... 96 more rows ...
     98 0.01
     99 0.01
    [100 rows]
    """
    preview = table_preview(table, max_rows, show)
    frame, given, head, keys, rows, gap = (
        preview.frame,
        preview.given,
        preview.head,
        preview.keys,
        preview.rows,
        preview.gap,
    )
    n = len(frame)
    shown = frame.iloc[rows][head + ["p"]]
    # one formatting for every shown row, so that the columns line up across the groups
    body = shown.to_string(index=False).split("\n")
    indent = _INDENT if given else ""
    out = [table._header(), indent + body[0]]
    current: tuple | None = None
    for k, line in enumerate(body[1:]):
        if k == gap:
            out.append(f"... {preview.more_rows} ...")
            current = None
        key = keys[rows[k]]
        if given and key != current:
            out.append(", ".join(_setting(g, v) for g, v in zip(given, key)))
            current = key
        out.append(indent + line)
    if gap >= 0:
        out.append(f"[{n:,} rows" + (f" in {preview.n_groups:,} groups]" if given else "]"))
    return "\n".join(out)


# --------------------------------------------------------------------------- data checks

#: The columns of a :class:`~probtables.check.DataCheckReport` shown as text and HTML.
DATA_CHECK_HEADER = ("statement", "status", "p-value", "adjusted", "dof", "power", "note")
#: Of those, the ones aligned to the right (numbers).
DATA_CHECK_RIGHT = frozenset({2, 3, 4, 5})
_STATUS_ORDER = {"rejected": 0, "unreliable": 1, "untestable": 2, "not rejected": 3}


def _number(value: Any, spec: str) -> str:
    value = float(value)
    return "-" if value != value else format(value, spec)


def data_check_note(row: Any, power_threshold: float) -> str:
    """The short reason of one row of a data check: what the status columns do not already say."""
    notes = []
    if row.status == "untestable":
        notes.append("0 degrees of freedom")
    elif row.status == "unreliable":
        notes.append("expected counts too small")
    if row.status == "not rejected" and not row.power >= power_threshold:
        notes.append("low power")
    if row.rows_dropped:
        notes.append(f"{int(row.rows_dropped):,} rows dropped")
    return "; ".join(notes)


def data_check_cells(row: Any, power_threshold: float) -> list[str]:
    """One row of a data check as the cells of :data:`DATA_CHECK_HEADER`."""
    return [
        str(row.statement),
        str(row.status),
        "-"  # no test was run
        if row.status == "untestable"
        else _number(row.p_value, ".3g") + ("*" if row.permutations else ""),
        _number(row.p_adjusted, ".3g"),
        str(int(row.dof)),
        _number(row.power, ".2f"),
        data_check_note(row, power_threshold),
    ]


def data_check_rows(frame: Any, limit: int) -> tuple[list[int], str]:
    """Which rows of a data check to show (all, or ``limit`` chosen by status) and what is hidden.

    Rejected statements come first, then unreliable, untestable, and the not rejected; the chosen
    rows keep their order. The second value counts the hidden rows by status ("" when none is).
    """
    n = len(frame)
    if n <= limit:
        return list(range(n)), ""
    status = list(frame["status"])
    chosen = sorted(sorted(range(n), key=lambda i: _STATUS_ORDER.get(status[i], 4))[:limit])
    hidden: dict[str, int] = {}
    for i in sorted(set(range(n)) - set(chosen)):
        hidden[status[i]] = hidden.get(status[i], 0) + 1
    return chosen, ", ".join(f"{k} {s}" for s, k in hidden.items())


def data_check_footnote(frame: Any) -> str:
    """What a ``*`` on a p-value means, with how many permutations; "" when no p-value has one."""
    counts = [int(k) for k in frame["permutations"] if k]
    if not counts:
        return ""
    low, high = min(counts), max(counts)
    many = f"{low:,}" if low == high else f"{low:,} to {high:,}"
    return f"* p-value from conditional permutations ({many} a statement)"


def data_check_lines(cells: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """The header and rows of a data check, columns aligned (numbers to the right).

    A p-value without a ``*`` gets a space in its place when others have one, so that the digits
    stay aligned; the note column is left out when no row has a note.
    """
    body = [list(row) for row in cells]
    if any(row[2].endswith("*") for row in body):
        for row in body:
            row[2] = row[2] if row[2].endswith("*") else row[2] + " "
    header = list(DATA_CHECK_HEADER)
    if not any(row[-1] for row in body):
        header, body = header[:-1], [row[:-1] for row in body]
    return text_table(header, body, indent, right=DATA_CHECK_RIGHT)
