"""One size check for every dense allocation: refuse work too large for memory before it starts.

A dense table over variables with ``k_1, ..., k_n`` states holds ``k_1 * ... * k_n``
float64 cells. Every place that would allocate one (a joint, a uniform table, an
array, an intermediate of variable elimination, a BIF ``default`` line) calls
:func:`check_cells` first; above the limit it raises
:class:`~probtables.errors.SizeLimitError` naming the size, the variables and how
to raise the limit, instead of letting numpy fail with a bare ``MemoryError``.

>>> check_cells("uniform", [2] * 10, ("x",) * 10)  # 8 KB: fine
>>> check_cells("uniform", [2] * 40, [f"x{i}" for i in range(40)])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
probtables.errors.SizeLimitError: uniform(): a dense table over 40 variables ('x0', 'x1', ..., 'x39') with 2 x 2 x ... states has 1,099,511,627,776 cells (8.8 TB), above the limit of 268,435,456 bytes (268 MB); pass max_bytes=... to allow more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import prod
from typing import Any

from probtables.errors import SizeLimitError

__all__ = ["DEFAULT_MAX_BYTES", "MAX_DIMENSIONS", "check_cells", "check_joint", "format_bytes"]

DEFAULT_MAX_BYTES = 2**28
"""The default limit of one dense allocation: 256 MiB (about 268 MB), 33.5 million float64 cells."""

MAX_DIMENSIONS = 64
"""numpy's limit on the number of axes of an array."""


def format_bytes(n: float) -> str:
    """A byte count for people: ``'268 MB'``, ``'8.8 TB'``.

    >>> format_bytes(2**28), format_bytes(512), format_bytes(8.8e12)
    ('268 MB', '512 bytes', '8.8 TB')
    """
    if n < 1000:
        return f"{int(n)} bytes"
    for unit in ("KB", "MB", "GB", "TB", "PB", "EB"):
        n /= 1000
        if n < 999.5 or unit == "EB":
            return f"{n:.2g} {unit}" if n < 10 else f"{n:.0f} {unit}"
    raise AssertionError("unreachable")


def _show_names(names: Sequence[str]) -> str:
    names = tuple(names)
    if len(names) <= 8:
        return repr(names)
    return f"({names[0]!r}, {names[1]!r}, ..., {names[-1]!r})"


def _show_cards(cards: Sequence[int]) -> str:
    if len(cards) <= 8:
        return " x ".join(str(k) for k in cards)
    return f"{cards[0]} x {cards[1]} x ..."


def check_cells(
    op: str,
    cards: Iterable[int],
    names: Sequence[str],
    *,
    max_bytes: int | None = None,
    what: str = "a dense table",
    hint: str = "pass max_bytes=... to allow more",
) -> None:
    """Raise :class:`~probtables.errors.SizeLimitError` when a dense table over ``names`` exceeds ``max_bytes``.

    Parameters
    ----------
    op : str
        The operation, for the message (``"joint"``).
    cards : iterable of int
        The number of states of each variable.
    names : sequence of str
        The variables (shown in the message).
    max_bytes : int, optional
        The limit; :data:`DEFAULT_MAX_BYTES` when ``None``.
    what : str
        What would be built, for the message.
    hint : str
        How to raise the limit or avoid the work, for the message.

    Also refuses more than :data:`MAX_DIMENSIONS` variables (numpy cannot hold them).

    >>> check_cells("to_array", [1] * 65, [f"v{i}" for i in range(65)])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    probtables.errors.SizeLimitError: to_array(): a dense table over 65 variables ('v0', 'v1', ..., 'v64') has more axes than numpy's limit of 64.
    """
    cards = [int(k) for k in cards]
    limit = DEFAULT_MAX_BYTES if max_bytes is None else int(max_bytes)
    if len(cards) > MAX_DIMENSIONS:
        raise SizeLimitError(
            f"{op}(): {what} over {len(cards)} variables {_show_names(names)} has more axes than "
            f"numpy's limit of {MAX_DIMENSIONS}."
        )
    cells = prod(cards)
    size = cells * 8  # float64 cells
    if size > limit:
        raise SizeLimitError(
            f"{op}(): {what} over {len(cards)} variables {_show_names(names)} with {_show_cards(cards)} "
            f"states has {cells:,} cells ({format_bytes(size)}), above the limit of {limit:,} bytes "
            f"({format_bytes(limit)}); {hint}."
        )


def check_joint(
    terms: Sequence[Any], free_cards: Sequence[int], *, max_bytes: int | None = None
) -> None:
    """Refuse the product of ``terms``' tables (a joint) when even its rows could exceed ``max_bytes``.

    The bound multiplies, per term, the most rows its table has for one assignment
    of its given variables (all head assignments for a dense table, one for a
    deterministic one), and the states of the free variables, at 8 bytes a row.
    """
    bound = prod(int(k) for k in free_cards)
    for term in terms:
        table = term.table
        states = table._states  # read only (the public property copies the dict)
        if table._codes is not None and len(table) < prod(table._cards):  # sparse
            if term.given:  # the most rows under one parent assignment
                bound *= int(table.frame.groupby(list(term.given), observed=True).size().max())
            else:
                bound *= len(table)
        else:
            bound *= prod([len(states[v]) for v in term.head])
    limit = DEFAULT_MAX_BYTES if max_bytes is None else int(max_bytes)
    if bound * 8 > limit:  # then the dense size, at least as large, is over the limit too
        names = [v for term in terms for v in term.head]
        cards = [len(term.table._states[v]) for term in terms for v in term.head]
        check_cells(
            "joint",
            cards,
            names,
            max_bytes=max_bytes,
            what="the joint",
            hint="ask a question without the joint instead (f.query, f.posteriors), or pass max_bytes=... to allow more",
        )
