"""The exception hierarchy of probtables.

Every error raised on purpose by probtables is a :class:`ProbTablesError`, and
also subclasses the builtin that matches its meaning (``ValueError``,
``KeyError``, ...), so ``except ValueError`` keeps working for callers that do
not know this library.

Examples
--------
>>> from probtables.errors import ProbTablesError, NormalizationError
>>> issubclass(NormalizationError, ValueError)
True
>>> issubclass(NormalizationError, ProbTablesError)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "did_you_mean",
    "ProbTablesError",
    "InvalidProbabilityError",
    "NormalizationError",
    "DuplicateAssignmentError",
    "MissingValueError",
    "EmptyTableError",
    "UnknownVariableError",
    "UnknownStateError",
    "StateMismatchError",
    "VariableNameError",
    "ZeroProbabilityError",
    "ProductError",
    "OverlappingHeadsError",
    "ConditioningCycleError",
    "NotAConditionalError",
    "ConditionalMarginalizationError",
    "NotAJointError",
    "NotationError",
    "StatementError",
    "StructureError",
    "StructureCycleError",
    "EnumerationLimitError",
    "SizeLimitError",
    "DataError",
    "MissingDataError",
    "InvalidParameterError",
    "DroppedRowsWarning",
    "VariableMismatchError",
    "NotDiscreteError",
    "BIFError",
    "ExactnessError",
    "UnknownNetworkError",
    "UnknownKindError",
    "UnseenParentsError",
    "UnknownMethodError",
    "PlotError",
    "TourCheckFailed",
    "ArgumentError",
]


class ProbTablesError(Exception):
    """Base class of every error raised on purpose by probtables."""


class InvalidProbabilityError(ProbTablesError, ValueError):
    """A probability is negative, NaN or infinite."""


class NormalizationError(ProbTablesError, ValueError):
    """Probabilities do not sum to 1 (per conditioning assignment)."""


class DuplicateAssignmentError(ProbTablesError, ValueError):
    """The same assignment of the variables appears in more than one row."""


class MissingValueError(ProbTablesError, ValueError):
    """A variable column holds a missing value (NaN, None, NA)."""


class EmptyTableError(ProbTablesError, ValueError):
    """A table has no rows, no variables, or a variable with no states."""


class _KeyErrorMessage(KeyError):
    """A ``KeyError`` that prints its message as is (``KeyError`` quotes it)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownVariableError(ProbTablesError, _KeyErrorMessage):
    """An operation names a variable the table or structure does not have."""


class UnknownStateError(ProbTablesError, _KeyErrorMessage):
    """An operation names a state that a variable does not have."""


class StateMismatchError(ProbTablesError, ValueError):
    """Two tables give the same variable different state lists."""


class VariableNameError(ProbTablesError, ValueError):
    """A variable name that the notation cannot print (and so cannot read back)."""


class ZeroProbabilityError(ProbTablesError, ValueError):
    """Conditioning on an event of probability zero."""


class ProductError(ProbTablesError, ValueError):
    """Two tables cannot be multiplied under the chain rule."""


class OverlappingHeadsError(ProductError):
    """The factors of a product share a head variable: p(x) p(x) is not a chain rule."""


class ConditioningCycleError(ProductError):
    """Each factor conditions on a head variable of the other."""


class NotAConditionalError(ProbTablesError, ValueError):
    """A division whose result is not a conditional distribution."""


class ConditionalMarginalizationError(ProbTablesError, ValueError):
    """Summing a conditioning variable out of a conditional table."""


class NotAJointError(ProbTablesError, ValueError):
    """An operation that needs a joint distribution got a conditional one."""


class NotationError(ProbTablesError, ValueError):
    """A malformed notation string; the message shows the position with a caret.

    Attributes
    ----------
    text : str
        The string that was being parsed.
    position : int
        The 0-based index of the offending character in ``text``.
    """

    def __init__(self, message: str, text: str = "", position: int = 0) -> None:
        self.text = text
        self.position = position
        if text:
            message = f"{message} at position {position}:\n  {text}\n  {' ' * position}^"
        super().__init__(message)


class StatementError(ProbTablesError, ValueError):
    """An independence statement with an empty or overlapping side."""


class StructureError(ProbTablesError, ValueError):
    """An invalid factorization (a variable heads two terms, or no term)."""


class StructureCycleError(StructureError):
    """The conditioning relation of a factorization has a cycle."""


class EnumerationLimitError(ProbTablesError, ValueError):
    """An enumeration would exceed its size guard."""


class SizeLimitError(ProbTablesError, MemoryError):
    """Work that would allocate more memory than its limit; refused before it starts, with its size."""


class DataError(ProbTablesError, ValueError):
    """Data (a DataFrame of observations) that does not fit the request."""


class MissingDataError(DataError, MissingValueError):
    """Observations with missing values in the columns used; the message names every such column."""


class NotDiscreteError(DataError):
    """A column with so many distinct values that it looks continuous (bin it with pandas.cut/qcut)."""


class InvalidParameterError(ProbTablesError, ValueError):
    """An option outside its allowed values (such as ``alpha`` of a statistical test)."""


class VariableMismatchError(ProbTablesError, ValueError):
    """Two tables that must be over the same variables are not (such as p and q of a KL divergence)."""


class DroppedRowsWarning(UserWarning):
    """Rows with missing values were dropped (``dropna=True``); the message says how many."""


class BIFError(ProbTablesError, ValueError):
    """A malformed BIF file; the message names the line and what was expected."""


class ExactnessError(ProbTablesError, TypeError):
    """An exact table (``fractions.Fraction`` probabilities) met a float one, or a tolerance.

    Exact and float tables do not mix silently: convert one side with
    ``to_exact()`` or ``to_float()``. Exact checks have no tolerance, so an
    ``atol`` given to one is refused rather than ignored.
    """


class UnknownNetworkError(ProbTablesError, _KeyErrorMessage):
    """A bundled network was asked for by a name that is not bundled."""


class UnknownKindError(StatementError):
    """``independencies()`` was asked for a kind of statement it does not know."""


class UnseenParentsError(DataError):
    """A parent assignment never occurs in the data, so its conditional cannot be counted.

    Attributes
    ----------
    term : str
        The term, e.g. ``"p(x | y, z)"``.
    assignments : tuple of dict
        Up to five unseen parent assignments, ``{parent: state}``.
    count : int
        How many parent assignments are unseen in all.
    """

    def __init__(
        self,
        message: str,
        term: str = "",
        assignments: Sequence[Mapping[str, Any]] = (),
        count: int = 0,
    ) -> None:
        super().__init__(message)
        self.term = term
        self.assignments = tuple(dict(a) for a in assignments)
        self.count = count


class UnknownMethodError(InvalidParameterError):
    """An unknown ``method`` or ``adjust`` name; the message lists the choices."""


class PlotError(ProbTablesError, ValueError):
    """A table or structure that cannot be drawn as asked (the message says what to do instead)."""


class TourCheckFailed(ProbTablesError, AssertionError):
    """A claim of the tour did not hold."""


class ArgumentError(ProbTablesError, ValueError):
    """The arguments of a call contradict each other or leave out what the call needs."""


def did_you_mean(name: object, choices: Iterable[object], *, naming: bool = False) -> str:
    """`` Did you mean 'x'?`` for the closest of ``choices`` to ``name``, or ``""``; for error messages.

    With ``naming=True`` the hint also names what it corrects (`` Did you mean 'x' for 'xx'?``), for a
    message that lists several names.

    >>> did_you_mean("lcoal", ["local", "pairwise", "all"])
    " Did you mean 'local'?"
    >>> did_you_mean("lcoal", ["local"], naming=True)
    " Did you mean 'local' for 'lcoal'?"
    >>> did_you_mean("zzz", ["local"])
    ''
    """
    import difflib  # only when an error is being raised: keeps `import probtables` light

    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1)
    if not close:
        return ""
    return f" Did you mean {close[0]!r} for {name!r}?" if naming else f" Did you mean {close[0]!r}?"
