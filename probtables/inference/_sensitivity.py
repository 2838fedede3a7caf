r"""Sensitivity analysis: which table entries a conclusion depends on, and how.

A table entry :math:`\theta = p(x \mid u)` cannot move alone: its column (the
entries :math:`p(x' \mid u)` for every state :math:`x'`) must still sum to 1.
A *co-variation scheme* says how the other entries of the column follow
:math:`\theta`; each is then a linear function of :math:`\theta`,
:math:`\theta_{x'}(\theta) = \theta_{x'} + \delta_{x'} (\theta - \theta_x)`, and by the
chain rule the derivative of a query :math:`P` is

.. math::

    \frac{dP}{d\theta_x} = \sum_{x'} \delta_{x'} \frac{\partial P}{\partial \theta_{x'}},
    \qquad \delta_x = 1,

with the partial derivatives of :func:`~probtables.inference.gradient`. The schemes:

* ``"proportional"`` (Laskey 1995; Coupé & van der Gaag 2002; Chan & Darwiche
  2002): the others keep their proportions,
  :math:`\delta_{x'} = -\theta_{x'} / (1 - \theta_x)`, so

  .. math:: \frac{dP}{d\theta_x} = \frac{\partial P}{\partial \theta_x}
            - \sum_{x' \ne x} \frac{\theta_{x'}}{1 - \theta_x} \frac{\partial P}{\partial \theta_{x'}};

  when :math:`\theta_x = 1` (within 1e-12) the others are all 0 and have no
  proportions: they then move uniformly. This is the standard scheme: it
  changes the column the least, in the sense of the Chan-Darwiche distance.
* ``"uniform"``: the others move by equal amounts,
  :math:`\delta_{x'} = -1/(n - 1)` for a column of :math:`n` entries (the
  derivative of Renooij's (2014) uniform scheme, which shares out
  :math:`1 - \theta` equally);
* ``"none"``: :math:`\delta_{x'} = 0`, the raw partial derivative of the
  network polynomial (Darwiche 2003): the column no longer sums to 1.

An entry of a variable with a single state cannot move: its derivative under
co-variation is 0.

Since :math:`p(q, e)` and :math:`p(e)` are linear in the entries of one table,
along one co-variation they are linear in :math:`\theta`, and the query is the
*sensitivity function* (Coupé & van der Gaag 2002, Theorem 1)

.. math:: P(\theta) = \frac{a\theta + b}{c\theta + d},

a hyperbola (a line when the query has no evidence: :math:`c = 0`, :math:`d = 1`).
:func:`sensitivity_function` finds :math:`a, b, c, d` from two forward sweeps:
the network as it is, and the network with the table replaced by the
direction :math:`\delta` (its derivative, by linearity).

References
----------
.. [1] K. B. Laskey, "Sensitivity analysis for probability assessments in
   Bayesian networks", *IEEE Transactions on Systems, Man, and Cybernetics*
   25(6), 901-909, 1995.
.. [2] V. M. H. Coupé and L. C. van der Gaag, "Properties of sensitivity
   analysis of Bayesian belief networks", *Annals of Mathematics and Artificial
   Intelligence* 36(4), 323-356, 2002.
.. [3] H. Chan and A. Darwiche, "When do numbers really matter?", *Journal of
   Artificial Intelligence Research* 17, 265-287, 2002.
.. [4] H. Chan and A. Darwiche, "Sensitivity analysis in Bayesian networks: from
   single to multiple parameters", *Proceedings of UAI*, 2004.
.. [5] A. Darwiche, "A differential approach to inference in Bayesian
   networks", *Journal of the ACM* 50(3), 280-305, 2003.
.. [6] S. Renooij, "Co-variation for sensitivity analysis in Bayesian networks:
   properties, consequences and alternatives", *International Journal of
   Approximate Reasoning* 55(4), 1022-1042, 2014.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from probtables.errors import ArgumentError, did_you_mean
from probtables.inference._gradient import query_gradient, question, sweep, term_gradients
from probtables.inference._model import Likelihood, Model, zero_evidence
from probtables.notation import Item, format_term, parse_term, write_term

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from probtables.factorization import Factorization

__all__ = ["sensitivity", "sensitivity_function", "SensitivityFunction", "hessian", "COVARIATIONS"]

COVARIATIONS = ("proportional", "uniform", "none")
_ONE = 1e-12  # an entry within this of 1 has no proportions left to keep


def _check_covariation(covariation: str, op: str) -> str:
    if covariation not in COVARIATIONS:
        raise ArgumentError(
            f"{op}(): unknown covariation {covariation!r}; choose one of {COVARIATIONS!r}."
            + did_you_mean(covariation, COVARIATIONS)
        )
    return covariation


# ---------------------------------------------------------------------- columns


def _columns(model: Model, f: Factorization, t: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Axes of term ``t``'s array that are given (the column's address) and head (within a column)."""
    term = f.terms[t]
    names = [model.names[v] for v in model.term_vars[t]]
    given = tuple(i for i, n in enumerate(names) if n in term.given)
    head = tuple(i for i, n in enumerate(names) if n in term.head)
    return given, head


def _as_columns(array: np.ndarray, given: tuple[int, ...], head: tuple[int, ...]) -> np.ndarray:
    """``array`` as a matrix: one row per column of the table (given assignment), one entry per head cell."""
    moved = np.transpose(array, given + head)
    n_head = math.prod(array.shape[i] for i in head)
    return moved.reshape(-1, n_head)


def _directions(theta: np.ndarray, covariation: str) -> np.ndarray:
    r"""For each entry (row: a column of the table), the vectors :math:`\delta` of its co-variation.

    ``theta`` is (columns, n); the result is (columns, n, n): ``[c, x, x']`` is
    how entry x' moves when entry x moves by 1.
    """
    columns, n = theta.shape
    eye = np.broadcast_to(np.eye(n), (columns, n, n))
    if covariation == "none":
        return eye.copy()
    if n == 1:
        return np.zeros((columns, 1, 1))
    uniform = np.where(eye > 0, 1.0, -1.0 / (n - 1))
    if covariation == "uniform":
        return uniform
    rest = 1.0 - theta  # (columns, n): 1 - θ_x
    safe = rest > _ONE
    proportional = -theta[:, None, :] / np.where(safe, rest, 1.0)[:, :, None]
    proportional = np.where(eye > 0, 1.0, proportional)
    return np.where(safe[:, :, None], proportional, uniform)


# ---------------------------------------------------------------------- naming entries


def _entry_text(f: Factorization, t: int, head: dict[str, Any], given: dict[str, Any]) -> str:
    term = f.terms[t]
    return format_term(term.head, (), {n: given[n] for n in term.given}, event=head)


@dataclass(frozen=True)
class _Entry:
    term: int
    index: tuple[int, ...]  # into the term's array
    text: str  # canonical notation


def _entry(model: Model, f: Factorization, parameter: str, op: str) -> _Entry:
    """The table entry named by ``parameter``, e.g. ``"p(HRBP=HIGH | ERRLOWOUTPUT=TRUE, HR=LOW)"``."""
    if not isinstance(parameter, str):
        raise TypeError(
            f"{op}(): a parameter is written in the notation, got {type(parameter).__name__}."
        )
    spec = parse_term(parameter)
    for item in spec.head + spec.given:
        model.variable(item.name, op)
    t = model.owner[model.index[spec.head_names[0]]]
    if t < 0:
        raise ArgumentError(
            f"{op}(): {spec.head_names[0]!r} is free in {model.label} (it has no table); "
            f"{parameter!r} names no table entry."
        )
    term = f.terms[t]
    written = {
        **{n: f"{n}=..." for n in term.head},
        **{i.name: str(i) for i in spec.head + spec.given if i.has_value and not i.is_event},
    }
    example = write_term(
        [written[n] for n in term.head], [written.get(n, f"{n}=...") for n in term.given]
    )
    if set(spec.head_names) != set(term.head) or set(spec.given_names) != set(term.given):
        raise ArgumentError(
            f"{op}(): {parameter!r} is not an entry of a table of {model.label}; "
            f"the table of {spec.head_names[0]!r} is {term}: write {example}."
        )
    if any(not i.has_value or i.is_event for i in spec.head + spec.given):
        raise ArgumentError(
            f"{op}(): {parameter!r} must give one value to every variable to name one entry: {example}."
        )
    values = {i.name: i.value for i in spec.head + spec.given}
    axes = model.term_vars[t]
    index = tuple(model.state(v, values[model.names[v]], op) for v in axes)
    head = {n: model.state_value(model.index[n], index[axes.index(model.index[n])]) for n in term.head}
    given = {n: model.state_value(model.index[n], index[axes.index(model.index[n])]) for n in term.given}
    return _Entry(t, index, _entry_text(f, t, head, given))


# ---------------------------------------------------------------------- sensitivity


def sensitivity(
    f: Factorization,
    text: str,
    *,
    covariation: str = "proportional",
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> pd.DataFrame:
    r"""The derivative of a query with respect to every table entry, the column co-varied; ranked.

    Parameters
    ----------
    f : Factorization
        A factorization with tables.
    text : str
        A query that :func:`query` answers with a float, e.g. ``"p(x=a | y=b)"``.
    covariation : {"proportional", "uniform", "none"}, default "proportional"
        How the other entries of the column follow the entry (see Notes);
        ``"none"`` gives the raw partial derivative of :func:`gradient`.
    likelihood : mapping, optional
        Soft evidence, as in :func:`query`.
    max_bytes : int, optional
        The size limit of any intermediate table (default 256 MiB).

    Returns
    -------
    pandas.DataFrame
        One row per table entry (of every column the table defines), sorted by
        the absolute derivative, largest first (ties in term order), with columns

        * ``parameter``: the entry in the notation, e.g. ``'p(lung=yes | smoke=no)'``
          (what :func:`sensitivity_function` and :func:`hessian` take);
        * ``term``: its table, e.g. ``'p(lung | smoke)'``;
        * ``variable``, ``state``: the head variable and its state (for a term
          with several heads, the names joined by ``', '`` and a tuple of states);
        * ``given``: the parent assignment, e.g. ``'smoke=no'`` (``''`` for none);
        * ``value``: the entry's current value;
        * ``derivative``: the derivative of the query under ``covariation``
          (0 where the sum below cancels to within 1e-12 of its terms: rounding).

    Raises
    ------
    ZeroProbabilityError
        The evidence has probability zero.

    See Also
    --------
    gradient, sensitivity_function, hessian

    Notes
    -----
    With :math:`\delta` the co-variation of the column (module
    :mod:`probtables.inference._sensitivity` gives the schemes and their
    sources), the derivative is
    :math:`dP/d\theta_x = \sum_{x'} \delta_{x'}\, \partial P / \partial \theta_{x'}`:

    * proportional (Laskey 1995; Coupé & van der Gaag 2002; Chan & Darwiche
      2002, 2004):
      :math:`\partial P/\partial\theta_x - \sum_{x' \ne x} \theta_{x'}/(1 - \theta_x)\,
      \partial P/\partial\theta_{x'}` (the others keep their proportions; an
      entry equal to 1 moves the others uniformly);
    * uniform: :math:`\partial P/\partial\theta_x - \sum_{x' \ne x}
      \partial P/\partial\theta_{x'} / (n - 1)` (Renooij 2014);
    * none: :math:`\partial P/\partial\theta_x` (Darwiche 2003).

    For a binary variable the first two agree: the other entry is
    :math:`1 - \theta`. A table that cannot reach the query (barren) has
    derivative 0 under co-variation, though not without it.

    References
    ----------
    .. [1] K. B. Laskey, "Sensitivity analysis for probability assessments in
       Bayesian networks", *IEEE Trans. Systems, Man, and Cybernetics* 25(6), 1995.
    .. [2] V. M. H. Coupé and L. C. van der Gaag, "Properties of sensitivity
       analysis of Bayesian belief networks", *Annals of Mathematics and
       Artificial Intelligence* 36(4), 2002.
    .. [3] H. Chan and A. Darwiche, "When do numbers really matter?", *JAIR* 17, 2002;
       "Sensitivity analysis in Bayesian networks: from single to multiple
       parameters", *UAI* 2004.
    .. [4] A. Darwiche, "A differential approach to inference in Bayesian
       networks", *JACM* 50(3), 2003.
    .. [5] S. Renooij, "Co-variation for sensitivity analysis in Bayesian
       networks", *Int. J. Approximate Reasoning* 55(4), 2014.

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> ranked = sensitivity(asia, "p(lung=yes | xray=yes)")
    >>> ranked.loc[0, "parameter"], float(ranked.loc[0, "value"])
    ('p(xray=yes | either=no)', 0.05)
    >>> round(float(ranked.loc[0, "derivative"]), 4)   # the x-ray's false positive rate matters most
    -4.1439
    >>> list(ranked.columns)
    ['parameter', 'term', 'variable', 'state', 'given', 'value', 'derivative']
    """
    op = "sensitivity"
    _check_covariation(covariation, op)
    q = question(f, text, likelihood, op)
    model = q.model
    _, arrays = query_gradient(q, max_bytes=max_bytes, op=op)
    rows: dict[str, list[Any]] = {
        k: [] for k in ("parameter", "term", "variable", "state", "given", "value", "derivative")
    }
    items: dict[tuple[int, int], str] = {}

    def item(v: int, k: int) -> str:  # "x=a", written once per variable and state
        text = items.get((v, k))
        if text is None:
            text = items[(v, k)] = str(Item.of(model.names[v], model.state_value(v, k)))
        return text

    for t, term in enumerate(f.terms):
        given_axes, head_axes = _columns(model, f, t)
        theta = _as_columns(model.arrays[t], given_axes, head_axes)
        grad = arrays.get(t)
        g = np.zeros_like(theta) if grad is None else _as_columns(grad, given_axes, head_axes)
        directions = _directions(theta, covariation)
        derivative = np.einsum("cxy,cy->cx", directions, g)
        # a sum that cancels to within rounding of its terms is 0 (so that ties rank in term order)
        size = np.einsum("cxy,cy->cx", np.abs(directions), np.abs(g))
        derivative[np.abs(derivative) <= 1e-12 * size] = 0.0
        axes = model.term_vars[t]
        given_vars = [axes[i] for i in given_axes]
        head_vars = [axes[i] for i in head_axes]
        # the notation writes the head and the given in the term's order
        head_order = [head_vars.index(model.index[n]) for n in term.head]
        given_order = [given_vars.index(model.index[n]) for n in term.given]
        defined = np.abs(theta.sum(axis=1) - 1.0) < 1e-6  # columns a sparse table leaves out are skipped
        heads = list(np.ndindex(*[model.cards[v] for v in head_vars]))
        term_text, head_names = str(term), ", ".join(term.head)
        for c, column in enumerate(np.ndindex(*[model.cards[v] for v in given_vars])):
            if not defined[c]:
                continue
            given_text = ", ".join(item(given_vars[i], column[i]) for i in given_order)
            for x, cell in enumerate(heads):
                head_text = ", ".join(item(head_vars[i], cell[i]) for i in head_order)
                rows["parameter"].append(write_term([head_text], [given_text] if given_text else []))
                rows["term"].append(term_text)
                rows["variable"].append(head_names)
                state = tuple(model.state_value(head_vars[i], cell[i]) for i in head_order)
                rows["state"].append(state[0] if len(state) == 1 else state)
                rows["given"].append(given_text)
                rows["value"].append(float(theta[c, x]))
                rows["derivative"].append(float(derivative[c, x]))
    frame = pd.DataFrame(rows)
    frame["state"] = frame["state"].astype(object)
    order = np.argsort(-np.abs(frame["derivative"].to_numpy()), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


# ---------------------------------------------------------------------- the sensitivity function


@dataclass(frozen=True)
class SensitivityFunction:
    r"""A query as a function of one table entry :math:`\theta`: :math:`(a\theta + b) / (c\theta + d)`.

    Returned by :func:`sensitivity_function`. The numerator is :math:`p(q, e)`
    and the denominator :math:`p(e)` as functions of :math:`\theta` (for a query
    without evidence, :math:`c = 0` and :math:`d = 1`), with the other entries
    of the column following :math:`\theta` by ``covariation``.

    Attributes
    ----------
    query, parameter : str
        The query and the entry, in the notation.
    covariation : str
        ``"proportional"``, ``"uniform"`` or ``"none"``.
    value : float
        The entry's current value; ``f(value)`` is the query's current value.
    a, b, c, d : float
        The coefficients.
    lower, upper : float
        The range of :math:`\theta` over which the co-varied column stays a
        distribution (``[0, 1]`` except under uniform co-variation, where the
        other entries reach 0 first).

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> s = sensitivity_function(asia, "p(lung=yes | xray=yes)", parameter="p(lung=yes | smoke=yes)")
    >>> round(s(s.value), 4) == round(asia.query("p(lung=yes | xray=yes)"), 4)
    True
    >>> theta = s.solve(0.7)                 # p(lung=yes | smoke=yes) would have to be ...
    >>> round(theta, 4), round(s(theta), 4)
    (0.2388, 0.7)
    >>> s.solve(0.99) is None                # no value in [0, 1] takes the query that high
    True
    """

    query: str
    parameter: str
    covariation: str
    value: float
    a: float
    b: float
    c: float
    d: float
    lower: float
    upper: float

    def __call__(self, theta: Any) -> Any:
        """The query at ``theta`` (a float, or an array for an array); NaN where p(e) is 0.

        p(e) counts as 0 within rounding (1e-12 of ``|c| + |d|``): the coefficients
        come from sums of floats.
        """
        x = np.asarray(theta, dtype=np.float64)
        den = self.c * x + self.d
        defined = np.abs(den) > 1e-12 * (abs(self.c) + abs(self.d))
        y = np.where(defined, (self.a * x + self.b) / np.where(defined, den, 1.0), np.nan)
        return float(y) if y.ndim == 0 else y

    def derivative(self, theta: Any) -> Any:
        r"""The derivative :math:`(ad - bc) / (c\theta + d)^2` at ``theta``."""
        x = np.asarray(theta, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = (self.a * self.d - self.b * self.c) / (self.c * x + self.d) ** 2
        return float(y) if y.ndim == 0 else y

    def solve(self, target: float) -> float | None:
        r"""The :math:`\theta` in ``[lower, upper]`` at which the query equals ``target``, or ``None``.

        The function is monotone on that range, so there is at most one such
        :math:`\theta`, unless the query does not depend on the entry: then
        ``value`` is returned if the query equals ``target`` there, and ``None``
        otherwise. ``None`` means no change of this one entry (with its column
        co-varied) brings the query to ``target``.
        """
        scale = max(abs(self.a), abs(self.b), abs(self.c), abs(self.d), 1e-300)
        slope = self.a - target * self.c
        constant = abs(self.a * self.d - self.b * self.c) <= 1e-12 * scale * scale
        if constant or abs(slope) <= 1e-12 * scale:
            return self.value if abs(self(self.value) - target) <= 1e-12 else None
        theta = (target * self.d - self.b) / slope
        if not self.lower - 1e-12 <= theta <= self.upper + 1e-12:
            return None
        theta = float(min(max(theta, self.lower), self.upper))
        return theta if np.isfinite(self(theta)) else None

    def plot(self, *, ax: Axes | None = None, points: int = 201) -> Axes:
        """Draw the function over ``[lower, upper]``, the current value marked (needs matplotlib)."""
        import matplotlib.pyplot as plt

        figure = None
        if ax is None:
            figure, ax = plt.subplots(figsize=(5.5, 4))
        xs = np.linspace(self.lower, self.upper, points)
        ax.plot(xs, self(xs), color="C0")
        ax.plot([self.value], [self(self.value)], "o", color="C3", label="the network as it is")
        ax.set_xlabel(f"θ = {self.parameter}")
        ax.set_ylabel(self.query)
        ax.set_title(f"sensitivity function ({self.covariation} co-variation)")
        ax.legend(loc="best")
        if figure is not None:
            figure.tight_layout()
        return ax

    def __repr__(self) -> str:
        return (
            f"SensitivityFunction({self.query} = ({self.a:.6g}·θ + {self.b:.6g}) / "
            f"({self.c:.6g}·θ + {self.d:.6g}), θ = {self.parameter} = {self.value:.6g}, "
            f"{self.covariation} co-variation, θ in [{self.lower:.6g}, {self.upper:.6g}])"
        )


def sensitivity_function(
    f: Factorization,
    text: str,
    parameter: str,
    *,
    covariation: str = "proportional",
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> SensitivityFunction:
    r"""A query as a function of one table entry, with its column co-varied: :math:`(a\theta + b)/(c\theta + d)`.

    Parameters
    ----------
    f : Factorization
        A factorization with tables.
    text : str
        A query that :func:`query` answers with a float, e.g. ``"p(x=a | y=b)"``.
    parameter : str
        One entry of one table in the notation, every variable with a value:
        ``"p(HRBP=HIGH | ERRLOWOUTPUT=TRUE, HR=LOW)"`` (the ``parameter`` column
        of :func:`sensitivity` lists them).
    covariation : {"proportional", "uniform", "none"}, default "proportional"
        How the other entries of the column follow (see :func:`sensitivity`).
    likelihood : mapping, optional
        Soft evidence, as in :func:`query`.
    max_bytes : int, optional
        The size limit of any intermediate table (default 256 MiB).

    Returns
    -------
    SensitivityFunction
        Callable at any :math:`\theta`; ``.solve(value)`` gives the
        :math:`\theta` at which the query reaches ``value`` (``None`` when no
        :math:`\theta` in range does); ``.plot()`` draws it.

    Raises
    ------
    ZeroProbabilityError
        The evidence has probability zero.
    ProbTablesError
        ``parameter`` does not name one entry of a table of ``f``, or names an
        entry of a variable with a single state (which cannot move) under
        co-variation.

    Notes
    -----
    :math:`p(q, e)` and :math:`p(e)` are linear in the entries of each table,
    and co-variation moves the entries of one column linearly with
    :math:`\theta` (by a direction :math:`\delta`), so both are linear in
    :math:`\theta` (Coupé & van der Gaag 2002; Castillo, Gutiérrez & Hadi 1997).
    Their slopes come from one more forward sweep, with the table replaced by
    :math:`\delta` in the column and 0 elsewhere: :math:`a` and :math:`c`; then
    :math:`b = p(q, e) - a\theta_0` and :math:`d = p(e) - c\theta_0`.

    References
    ----------
    .. [1] V. M. H. Coupé and L. C. van der Gaag, "Properties of sensitivity
       analysis of Bayesian belief networks", *Annals of Mathematics and
       Artificial Intelligence* 36(4), 2002.
    .. [2] E. Castillo, J. M. Gutiérrez and A. S. Hadi, "Sensitivity analysis in
       discrete Bayesian networks", *IEEE Trans. Systems, Man, and Cybernetics A*
       27(4), 1997.

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> s = sensitivity_function(asia, "p(lung=yes | xray=yes)", parameter="p(lung=yes | smoke=no)")
    >>> round(s(0.05), 4)                    # were p(lung=yes | smoke=no) 0.05 instead of 0.01
    0.5711
    >>> rebuilt = pt.Table.from_dict({("yes", "yes"): 0.1, ("yes", "no"): 0.9, ("no", "yes"): 0.05,
    ...                               ("no", "no"): 0.95}, variables=("smoke", "lung"), given="smoke",
    ...                              states=asia.term("lung").table.states)
    >>> changed = asia.with_tables([rebuilt if t.head == ("lung",) else t.table for t in asia.terms])
    >>> round(changed.query("p(lung=yes | xray=yes)"), 4)
    0.5711
    """
    op = "sensitivity_function"
    _check_covariation(covariation, op)
    q = question(f, text, likelihood, op)
    model = q.model
    entry = _entry(model, f, parameter, op)
    t = entry.term
    given_axes, head_axes = _columns(model, f, t)
    array = model.arrays[t]
    column_index = tuple(entry.index[i] for i in given_axes)
    moved = np.transpose(array, given_axes + head_axes)
    column = moved[column_index].reshape(-1)
    x = int(
        np.ravel_multi_index(tuple(entry.index[i] for i in head_axes), moved.shape[len(given_axes) :])
    )
    n = column.size
    if n == 1 and covariation != "none":
        raise ArgumentError(
            f"{op}(): {entry.text} is the only entry of its column (one state): it is 1 and cannot "
            "move while its column sums to 1."
        )
    delta = _directions(column[None, :], covariation)[0, x]
    theta0 = float(column[x])
    direction = np.zeros(moved.shape)
    direction[column_index] = delta.reshape(moved.shape[len(given_axes) :])
    inverse = np.argsort(given_axes + head_axes)
    direction = np.transpose(direction, inverse)
    base = sweep(q, max_bytes=max_bytes, op=op)
    slope = sweep(q, arrays={t: direction}, max_bytes=max_bytes, op=op)
    n0, d0 = float((base.out * q.chosen).sum()), float(base.out.sum())
    n1, d1 = float((slope.out * q.chosen).sum()), float(slope.out.sum())
    if q.ratio and d0 == 0.0:
        raise zero_evidence(op, q.model, q.ev)
    scale0, scale1 = math.exp(base.log_c), math.exp(slope.log_c)
    a, p_qe = n1 * scale1, n0 * scale0
    if q.ratio:
        c, p_e = d1 * scale1, d0 * scale0
    else:
        c, p_e = 0.0, 1.0
    if covariation == "uniform" and n > 1:
        others = np.delete(column, x)
        upper = min(1.0, theta0 + (n - 1) * float(others.min()))
    else:
        upper = 1.0
    return SensitivityFunction(
        query=str(parse_term(text)),
        parameter=entry.text,
        covariation=covariation,
        value=theta0,
        a=a,
        b=p_qe - a * theta0,
        c=c,
        d=p_e - c * theta0,
        lower=0.0,
        upper=upper,
    )


# ---------------------------------------------------------------------- the Hessian


def hessian(
    f: Factorization,
    text: str,
    parameters: Sequence[str],
    *,
    likelihood: Likelihood | None = None,
    max_bytes: int | None = None,
) -> pd.DataFrame:
    r"""The second partial derivatives of a query with respect to a few table entries (the notes' Hessian).

    Parameters
    ----------
    f : Factorization
        A factorization with tables.
    text : str
        A query that :func:`query` answers with a float.
    parameters : sequence of str
        Table entries in the notation, e.g. ``["p(smoke=yes)", "p(lung=yes | smoke=yes)"]``.
    likelihood : mapping, optional
        Soft evidence, as in :func:`query`.
    max_bytes : int, optional
        The size limit of any intermediate table (default 256 MiB).

    Returns
    -------
    pandas.DataFrame
        :math:`H_{ij} = \partial^2 P / \partial\theta_i \partial\theta_j`, rows and
        columns labelled by the parameters in canonical notation; symmetric.
        Partial derivatives, each entry moved on its own as in :func:`gradient`.

    Raises
    ------
    ZeroProbabilityError
        The evidence has probability zero.
    ProbTablesError
        No parameters, a parameter listed twice, or one that names no table entry.

    Notes
    -----
    Forward over reverse: for each parameter :math:`\theta_i`, one forward sweep
    with its table replaced by the indicator of :math:`\theta_i` gives
    :math:`\partial p(Q, e)/\partial\theta_i` (the polynomial is linear in that
    table), and one backward sweep through it gives
    :math:`\partial^2 p(Q, e)/\partial\theta_i\partial\theta_j` for every
    :math:`j`. Two entries of the same table have a zero second derivative of
    either polynomial (each monomial holds one entry per table). With
    :math:`N = p(q, e)`, :math:`D = p(e)` and :math:`P = N/D`, the quotient rule
    twice gives

    .. math::

        H_{ij} = \frac{N_{ij} - P D_{ij}}{D}
                 - \frac{N_i D_j + N_j D_i}{D^2} + 2P\,\frac{D_i D_j}{D^2},

    and :math:`H_{ij} = N_{ij}` for a query without evidence. The cost is one
    forward and two backward sweeps per parameter.

    Examples
    --------
    >>> asia = pt.examples.load("asia")
    >>> h = hessian(asia, "p(lung=yes | xray=yes)", ["p(smoke=yes)", "p(lung=yes | smoke=yes)"])
    >>> list(h.columns)
    ['p(smoke=yes)', 'p(lung=yes | smoke=yes)']
    >>> bool(abs(h.iloc[0, 1] - h.iloc[1, 0]) < 1e-12)
    True
    """
    op = "hessian"
    if isinstance(parameters, str) or not len(parameters):
        raise ArgumentError(
            f"{op}(): parameters must be a list of table entries in the notation, e.g. "
            f"['p(x=a)', 'p(y=b | x=a)']; got {parameters!r}."
        )
    q = question(f, text, likelihood, op)
    model = q.model
    entries = [_entry(model, f, p, op) for p in parameters]
    names = [e.text for e in entries]
    for k, name in enumerate(names):
        if name in names[:k]:
            raise ArgumentError(f"{op}(): the parameter {name!r} is listed twice.")
    base = sweep(q, max_bytes=max_bytes, op=op)
    n0 = float((base.out * q.chosen).sum())
    d0 = float(base.out.sum())
    if q.ratio and d0 == 0.0:
        raise zero_evidence(op, q.model, q.ev)
    k = len(entries)
    first = np.zeros((2, k))  # N_i / D, D_i / D  (true units: N_i / D)
    second = np.zeros((2, k, k))  # N_ij / D, D_ij / D
    for i, e in enumerate(entries):
        onehot = np.zeros(model.arrays[e.term].shape)
        onehot[e.index] = 1.0
        s = sweep(q, arrays={e.term: onehot}, max_bytes=max_bytes, op=op)
        # everything relative to the true p(e) (or to 1 without evidence)
        rel = s.log_c - base.log_c - math.log(d0) if q.ratio else s.log_c
        first[0, i] = float((s.out * q.chosen).sum()) * math.exp(rel)
        first[1, i] = float(s.out.sum()) * math.exp(rel) if q.ratio else 0.0
        seeds = [q.chosen, np.ones_like(q.chosen)] if q.ratio else [q.chosen]
        for which, seed in enumerate(seeds):
            grads = term_gradients(s, model, q, seed, rel, op)
            for j, other in enumerate(entries):
                if other.term != e.term and other.term in grads:
                    second[which, i, j] = grads[other.term][other.index]
    if q.ratio:
        p = n0 / d0
        n_i, d_i = first
        n_ij, d_ij = second
        h = n_ij - p * d_ij - (np.outer(n_i, d_i) + np.outer(d_i, n_i)) + 2.0 * p * np.outer(d_i, d_i)
    else:
        h = second[0]
    return pd.DataFrame(h, index=pd.Index(names, name="parameter"), columns=pd.Index(names))
