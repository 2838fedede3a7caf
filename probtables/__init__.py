"""probtables: the rules of discrete probability, executable.

A joint or conditional distribution is a :class:`Table` (a pandas table with one
column per variable and a column ``p``); the sum rule, the chain rule,
conditioning and Bayes' rule are its methods. A factorization written as on
paper, ``p(z)p(y)p(x|y,z)``, is a :class:`Factorization` whose DAG says which
independencies it implies and why.

The public names are loaded on first use (PEP 562), so ``import probtables``
stays fast: pandas and networkx are imported only when a name that needs them
is first touched.

Layout (docs/architecture.md): a topic of several files is a subpackage whose ``__init__`` is its
public face (``table``, ``dag``, ``estimate``, ``bif``); the private modules directly under
``probtables`` (``_kernels``, ``_validate``, ``_display``) are shared internals that any module may
import; any other private name is imported only inside its own subpackage (or module). Imports are
deferred only in a method of ``Table``, ``Factorization``, ``Independence`` or an explanation or
report object handing off to a topic's module, for an optional library, or in the command line.

Examples
--------
>>> import probtables as pt
>>> t = pt.Table.from_dict({(0, 0): 0.25, (0, 1): 0.25, (1, 0): 0.25, (1, 1): 0.25},
...                        variables=("x", "y"))
>>> t.marginal("x").p(x=0)
0.5
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from probtables import errors
from probtables.errors import ProbTablesError

__version__ = "0.1.0"

# public name -> module that defines it (imported on first access)
_LAZY = {
    "Table": "probtables.table",
    "Factorization": "probtables.factorization",
    "Term": "probtables.factorization",
    "Independence": "probtables.independence",
    "bayes": "probtables.bayes_rule",
    "bayes_sequential": "probtables.bayes_rule",
    "read_bif": "probtables.bif",
    "write_bif": "probtables.bif",
    "independence_test": "probtables.stats",
    "derive": "probtables.derivation",
    "entropy": "probtables.information",
    "conditional_entropy": "probtables.information",
    "mutual_information": "probtables.information",
    "kl_divergence": "probtables.information",
    "cross_entropy": "probtables.information",
}
_SUBMODULES = (
    "notation",
    "testing",
    "dag",
    "bif",
    "stats",
    "check",
    "estimate",
    "plot",
    "examples",
    "derivation",
    "interop",
    "information",
    "datachecks",
)

__all__ = [
    "Table",
    "Factorization",
    "Term",
    "Independence",
    "bayes",
    "bayes_sequential",
    "read_bif",
    "write_bif",
    "independence_test",
    "derive",
    "entropy",
    "conditional_entropy",
    "mutual_information",
    "kl_divergence",
    "cross_entropy",
    "errors",
    "ProbTablesError",
    "__version__",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from probtables.bayes_rule import bayes, bayes_sequential
    from probtables.bif import read_bif, write_bif
    from probtables.derivation import derive
    from probtables.factorization import Factorization, Term
    from probtables.independence import Independence
    from probtables.information import (
        conditional_entropy,
        cross_entropy,
        entropy,
        kl_divergence,
        mutual_information,
    )
    from probtables.stats import independence_test
    from probtables.table import Table


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"probtables.{name}")
    raise AttributeError(f"module 'probtables' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_SUBMODULES))
