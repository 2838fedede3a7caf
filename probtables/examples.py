"""The standard networks that ship with probtables.

Eight public benchmark networks from the Bayesian Network Repository kept with the R package bnlearn
(BIF 0.15 files, see ``probtables/data/networks/README.md`` for their sources) are installed with the
package, so examples, tests and benchmarks work from any directory:

========== ===== ===============================================
name       nodes source
========== ===== ===============================================
asia           8 Lauritzen & Spiegelhalter (1988), chest clinic
cancer         5 Korb & Nicholson, Bayesian Artificial Intelligence
earthquake     5 Korb & Nicholson, Bayesian Artificial Intelligence
survey         6 Scutari & Denis, Bayesian Networks with Examples in R
sachs         11 Sachs et al. (2005), protein signalling
child         20 Spiegelhalter & Cowell (1992)
insurance     27 Binder et al. (1997), car insurance risk
alarm         37 Beinlich et al. (1989), ICU monitoring
========== ===== ===============================================

Examples
--------
>>> pt.examples.names()
('alarm', 'asia', 'cancer', 'child', 'earthquake', 'insurance', 'sachs', 'survey')
>>> asia = pt.examples.load("asia")
>>> len(asia.terms), asia.term("tub").table.notation
(8, 'p(tub | asia)')
>>> pt.examples.path("asia").name
'asia.bif'
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from probtables.bif import read_bif
from probtables.errors import UnknownNetworkError, did_you_mean

if TYPE_CHECKING:
    from probtables.factorization import Factorization

__all__ = ["load", "names", "path"]

_NAMES = ("alarm", "asia", "cancer", "child", "earthquake", "insurance", "sachs", "survey")


def names() -> tuple[str, ...]:
    """The names of the bundled networks, sorted.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> "alarm" in pt.examples.names()
    True
    """
    return _NAMES


def path(name: str) -> Path:
    """The installed BIF file of the bundled network `name`.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    pathlib.Path
        The file inside the installed package (read it with :func:`probtables.read_bif`).

    Raises
    ------
    UnknownNetworkError
        If `name` is not a bundled network; the message lists them and suggests a close match.

    Examples
    --------
    >>> pt.read_bif(pt.examples.path("cancer")).variables
    ('Pollution', 'Smoker', 'Cancer', 'Xray', 'Dyspnoea')
    """
    if not isinstance(name, str) or name not in _NAMES:
        raise UnknownNetworkError(
            f"examples: no bundled network {name!r}; the networks are {_NAMES}.{did_you_mean(name, _NAMES)}"
        )
    return Path(str(files("probtables") / "data" / "networks" / f"{name}.bif"))


def load(name: str) -> Factorization:
    """The bundled network `name` as a factorization with tables.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    Factorization
        One term per variable, each carrying its conditional probability table.

    Raises
    ------
    UnknownNetworkError
        If `name` is not a bundled network.

    Examples
    --------
    >>> alarm = pt.examples.load("alarm")
    >>> len(alarm.variables)
    37
    """
    return read_bif(path(name))
