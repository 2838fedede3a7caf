r"""Plain text for tables: what ``repr(table)`` and ``print(table)`` show in a terminal.

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

from typing import TYPE_CHECKING

from probtables._display.html import MAX_ROWS, SHOW_ROWS, _group_selection, _row_selection, _setting

if TYPE_CHECKING:  # pragma: no cover
    from probtables.table import Table

__all__ = ["table_text"]

_INDENT = "  "  # rows of a conditional table, under their group's line


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
    frame = table.frame
    given = list(table.given)
    head = [v for v in table.variables if v not in table.given]
    if given:
        frame = frame.sort_values(given, kind="stable")
    n = len(frame)
    if given:
        keys = list(zip(*(frame[g].tolist() for g in given)))
        rows, gap, hidden_groups = _group_selection(keys, max_rows, show)
        n_groups = len(set(keys))
    else:
        keys = [()] * n
        (rows, gap), hidden_groups, n_groups = _row_selection(n, max_rows, show), 0, 0
    shown = frame.iloc[rows][head + ["p"]]
    # one formatting for every shown row, so that the columns line up across the groups
    body = shown.to_string(index=False).split("\n")
    indent = _INDENT if given else ""
    out = [table._header(), indent + body[0]]
    current: tuple | None = None
    for k, line in enumerate(body[1:]):
        if k == gap:
            hidden = n - len(rows)
            groups = (
                f" ({hidden_groups:,} group{'s' if hidden_groups != 1 else ''})" if hidden_groups else ""
            )
            out.append(f"... {hidden:,} more rows{groups} ...")
            current = None
        key = keys[rows[k]]
        if given and key != current:
            out.append(", ".join(_setting(g, v) for g, v in zip(given, key)))
            current = key
        out.append(indent + line)
    if gap >= 0:
        out.append(f"[{n:,} rows" + (f" in {n_groups:,} groups]" if given else "]"))
    return "\n".join(out)
