"""Writing a :class:`~probtables.bif.BIFNetwork` as BIF 0.15 text: :func:`format_bif`.

The layout is bnlearn's. Numbers are written with ``repr`` (the shortest
string that reads back to the same float) and names are quoted only where the
scanner would not read them back as one word, so the text parses back to the
same network bit for bit.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from probtables.bif._model import BIFNetwork
from probtables.bif._scan import PLAIN_NAME, PROPERTY
from probtables.errors import BIFError

__all__ = ["fmt_config", "format_bif"]


def fmt_config(states: Sequence[str]) -> str:
    """``(s1, s2)``: a parent configuration as written in a probability block (and in messages)."""
    return "(" + ", ".join(states) + ")"


def _fmt_name(name: str) -> str:
    if PLAIN_NAME.fullmatch(name) and "//" not in name and "/*" not in name:
        return name
    if '"' in name or "\n" in name:
        bad = "a double quote" if '"' in name else "a line break"
        raise BIFError(f"format_bif(): the name {name!r} has {bad}, which BIF cannot write")
    return f'"{name}"'


def _fmt_property(text: str) -> str:
    m = PROPERTY.fullmatch(text)
    if m is None:
        raise BIFError(f"format_bif(): the property {text!r} has a ';' outside quotes")
    return f"  property {text};"


def _fmt_row(row: Sequence[float]) -> str:
    return ", ".join(map(float.__repr__, row))


def format_bif(network: BIFNetwork) -> str:
    r"""The BIF 0.15 text of a network.

    The layout is bnlearn's: one block per variable, then one probability
    block per table, with one line per parent configuration (the first parent
    varying fastest) or a ``table`` line for a variable without parents.
    Numbers are written with ``repr`` (the shortest form that reads back to
    the same float), so ``parse_bif(format_bif(net))`` equals ``net`` bit for
    bit. Names that are not plain words are put in double quotes.

    Parameters
    ----------
    network : BIFNetwork

    Returns
    -------
    str
        The file's text, ending with a newline.

    Raises
    ------
    BIFError
        If a name contains a double quote (BIF has no escape for it).

    See Also
    --------
    parse_bif : the inverse.
    write_bif : write a ``Factorization`` to a file.

    Examples
    --------
    >>> net = pt.bif.BIFNetwork(
    ...     "unknown", {"x": ("a", "b"), "y": ("lo", "hi")},
    ...     (pt.bif.BIFCpt("x", (), [0.1, 0.9]),
    ...      pt.bif.BIFCpt("y", ("x",), [[1/3, 2/3], [0.5, 0.5]])))
    >>> print(pt.bif.format_bif(net), end="")
    network unknown {
    }
    variable x {
      type discrete [ 2 ] { a, b };
    }
    variable y {
      type discrete [ 2 ] { lo, hi };
    }
    probability ( x ) {
      table 0.1, 0.9;
    }
    probability ( y | x ) {
      (a) 0.3333333333333333, 0.6666666666666666;
      (b) 0.5, 0.5;
    }
    """
    if not isinstance(network, BIFNetwork):
        raise TypeError(f"format_bif() needs a BIFNetwork, got {type(network).__name__}")
    lines = [f"network {_fmt_name(network.name)} {{"]
    lines.extend(_fmt_property(p) for p in network.properties)
    lines.append("}")
    names = {var: [_fmt_name(s) for s in states] for var, states in network.variables.items()}
    for var, states in names.items():
        lines.append(f"variable {_fmt_name(var)} {{")
        lines.append(f"  type discrete [ {len(states)} ] {{ {', '.join(states)} }};")
        lines.extend(_fmt_property(p) for p in network.variable_properties.get(var, ()))
        lines.append("}")
    for cpt in network.cpts:
        child = _fmt_name(cpt.child)
        if cpt.parents:
            header = f"{child} | {', '.join(_fmt_name(p) for p in cpt.parents)}"
        else:
            header = child
        lines.append(f"probability ( {header} ) {{")
        lines.extend(_fmt_property(p) for p in cpt.properties)
        if not cpt.parents:
            lines.append(f"  table {_fmt_row(cpt.values.tolist())};")
        else:
            k = len(cpt.parents)
            # first parent fastest: reverse the parent axes, then read rows in C order
            rows = cpt.values.transpose((*range(k - 1, -1, -1), k)).reshape(-1, cpt.values.shape[-1])
            configs = itertools.product(*(names[p] for p in reversed(cpt.parents)))
            for config, row in zip(configs, rows.tolist()):
                lines.append(f"  {fmt_config(config[::-1])} {_fmt_row(row)};")
        lines.append("}")
    return "\n".join(lines) + "\n"
