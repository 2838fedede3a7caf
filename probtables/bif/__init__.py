r"""Read and write Bayesian networks in the BIF 0.15 text format.

The Bayesian Interchange Format (BIF 0.15, the format of JavaBayes and of the
bnlearn network repository) stores a discrete Bayesian network as blocks::

    network unknown {
    }
    variable asia {
      type discrete [ 2 ] { yes, no };
    }
    variable tub {
      type discrete [ 2 ] { yes, no };
    }
    probability ( asia ) {
      table 0.01, 0.99;
    }
    probability ( tub | asia ) {
      (yes) 0.05, 0.95;
      (no) 0.01, 0.99;
    }

A ``variable`` block lists the states in order. A ``probability ( child |
parent1, parent2 )`` block gives the conditional distribution of the child,
either one line per parent configuration, ``(s1, s2) v1, v2, ...;`` (the
parents' states in the order of the header, then the child's probabilities in
state order), or one ``table v1, v2, ...;`` line, or ``default v1, v2, ...;``
for every configuration not listed. The format also allows

* comments ``// ...`` and ``/* ... */``, and any whitespace or line breaks
  between tokens;
* names in double quotes (``"light-on"``), needed for names with spaces;
* ``,`` and ``|`` left out between names and ``,`` between numbers
  (``probability ( "dog-out" "bowel-problem" ) { table 0.99 0.97 0.01 0.03 ; }``);
* ``property ... ;`` lines in any block (kept as written, never interpreted).

A ``table`` line of a child with parents lists the values with the child
varying slowest and the last parent fastest (JavaBayes' convention: the
variables of the header in order, as nested loops).

Two layers live here. :func:`parse_bif` and :func:`format_bif` convert between
text and a :class:`BIFNetwork` (pure Python and numpy: names, states and
arrays exactly as in the file, nothing normalized). :func:`read_bif` and
:func:`write_bif` convert between files and a
:class:`~probtables.Factorization` whose terms carry
:class:`~probtables.Table` objects, which validate the probabilities.
This module is the public face; the values live in ``_bifmodel``, the scanner
in ``_bifscan``, the parser in ``_bifparse`` and the writer in ``_bifwrite``.

Probabilities are kept exactly: numbers are parsed with ``float`` and written
with ``repr`` (the shortest string that reads back to the same float), so
``parse_bif(format_bif(parse_bif(text)))`` equals ``parse_bif(text)`` bit for
bit.

Examples
--------
>>> net = pt.bif.parse_bif('''
... network tiny { }
... variable rain { type discrete [ 2 ] { yes, no }; }
... variable wet { type discrete [ 2 ] { yes, no }; }
... probability ( rain ) { table 0.2, 0.8; }
... probability ( wet | rain ) {
...   (yes) 0.9, 0.1;
...   (no) 0.15, 0.85;
... }
... ''')
>>> net
<BIFNetwork 'tiny': 2 variables, 1 arc>
>>> net.variables
{'rain': ('yes', 'no'), 'wet': ('yes', 'no')}
>>> net.cpt("wet").values          # axes (rain, wet)
array([[0.9 , 0.1 ],
       [0.15, 0.85]])
>>> print(pt.bif.format_bif(net), end="")
network tiny {
}
variable rain {
  type discrete [ 2 ] { yes, no };
}
variable wet {
  type discrete [ 2 ] { yes, no };
}
probability ( rain ) {
  table 0.2, 0.8;
}
probability ( wet | rain ) {
  (yes) 0.9, 0.1;
  (no) 0.15, 0.85;
}

References
----------
.. [1] F. G. Cozman, "The Interchange Format for Bayesian Networks" (BIF 0.15),
   JavaBayes documentation, Carnegie Mellon University, 1998.
.. [2] M. Scutari, Bayesian Network Repository, https://www.bnlearn.com/bnrepository/
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any

from probtables._validate import check_atol
from probtables.bif._model import BIFCpt, BIFNetwork, check_variable_names
from probtables.bif._parse import parse_bif
from probtables.bif._source import bif_text
from probtables.bif._write import format_bif

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from probtables.factorization import Factorization

__all__ = [
    "BIFCpt",
    "BIFNetwork",
    "parse_bif",
    "format_bif",
    "read_bif",
    "write_bif",
]


def read_bif(path: str | os.PathLike[str] | IO[Any], *, atol: float = 1e-6) -> Factorization:
    r"""Read a BIF 0.15 file, stream or text into a :class:`~probtables.Factorization` of tables.

    Each ``probability ( child | parents )`` block becomes one term
    ``p(child | parents)`` whose table is built by
    :meth:`Table.from_array <probtables.Table.from_array>` (axes: the parents
    in header order, then the child), in file order.

    Parameters
    ----------
    path : str, os.PathLike or file-like
        Where the network comes from, by this rule:

        * an object with a ``read()`` method is a stream, text or binary
          (an open file, ``io.StringIO``, ``sys.stdin``);
        * a ``str`` that contains a newline or a ``{`` is the BIF text itself
          (every network has a ``{ ... }`` block; file names have neither);
        * any other ``str``, and a ``pathlib.Path``, is a file name.

        Gzip-compressed data (``asia.bif.gz``) is recognised by its first
        two bytes and decompressed, whatever its name. The file name (or
        ``<stream>``, ``<string>``) appears in error messages.
    atol : float, default 1e-6
        How far from 1 the child's probabilities may sum, per parent
        assignment. Looser than the ``Table`` default (1e-9) because published
        files round their numbers (rows of alarm and sachs sum to
        ``1 - 1e-7``); the values are kept as written, never renormalized.

    Returns
    -------
    Factorization
        One term per variable, in the file's order, each with a table.

    Raises
    ------
    BIFError
        For a malformed file (see :func:`parse_bif`), bytes that are not
        UTF-8 text, or broken gzip data.
    FileNotFoundError
        If `path` names no file.
    NormalizationError, InvalidProbabilityError
        For probabilities that do not make a conditional distribution.
    VariableNameError
        For a variable name that the notation cannot print, such as
        JavaBayes' ``"light-on"``; the message names the file and the
        variable and suggests a name (:func:`parse_bif` reads such files
        with their names as written).

    See Also
    --------
    write_bif : the inverse.
    parse_bif : the text-level parser, returning a :class:`BIFNetwork`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "wet.bif"
    >>> _ = path.write_text('''
    ... variable rain { type discrete [ 2 ] { yes, no }; }
    ... variable wet { type discrete [ 2 ] { yes, no }; }
    ... probability ( rain ) { table 0.2, 0.8; }
    ... probability ( wet | rain ) { (yes) 0.9, 0.1; (no) 0.15, 0.85; }
    ... ''')
    >>> f = pt.read_bif(path)
    >>> print(f)
    p(rain)p(wet | rain)
    >>> f.terms[1].table.p(wet="yes", rain="no")
    0.15

    The text itself, or a stream:

    >>> print(pt.read_bif(path.read_text()))
    p(rain)p(wet | rain)
    >>> folder.cleanup()
    >>> import io
    >>> print(pt.read_bif(io.StringIO(pt.examples.path("cancer").read_text())))
    p(Pollution)p(Smoker)p(Cancer | Pollution, Smoker)p(Xray | Cancer)p(Dyspnoea | Cancer)
    """
    check_atol(atol, "read_bif")
    text, source = bif_text(path)
    network = parse_bif(text, source=source)
    check_variable_names(network, source)
    return network.to_factorization(atol=atol)


def write_bif(
    factorization: Factorization | Any,
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
) -> None:
    r"""Write a factorization of tables to a BIF 0.15 file.

    Every term needs exactly one head variable and a table, and every
    conditioning variable needs a term of its own. The values come from
    ``table.to_array((*given, child))``, the states from ``table.states``
    (written with ``str``, so integer states read back as strings).

    Parameters
    ----------
    factorization : Factorization
    path : str or os.PathLike
        The file to write (overwritten).
    name : str, optional
        The name in the ``network`` block; by default the factorization's
        ``name`` if it has one, else ``"unknown"``.

    Raises
    ------
    BIFError
        If a term has several heads or no table, or a conditioning variable
        has no term.
    StateMismatchError
        If two tables give one variable different states.

    See Also
    --------
    read_bif : the inverse.
    BIFNetwork.from_factorization, format_bif : the two steps, in memory.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "coin.bif"
    >>> x = pt.Table.from_array([0.5, 0.5], states={"x": ["h", "t"]})
    >>> pt.bif.write_bif(pt.Factorization([pt.Term(head=("x",), given=(), table=x)]), path)
    >>> print(path.read_text(), end="")
    network unknown {
    }
    variable x {
      type discrete [ 2 ] { h, t };
    }
    probability ( x ) {
      table 0.5, 0.5;
    }
    >>> folder.cleanup()
    """
    text = format_bif(BIFNetwork.from_factorization(factorization, name=name))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
