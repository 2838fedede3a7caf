"""The elimination order of a question: which variables the engine sums out, and in which order.

The order is read off the very plan :func:`~probtables.inference.query` runs (see
:mod:`._plan`), so that a derivation (:mod:`probtables.derivation`) can show the
sums in the order the engine does them.
"""

from __future__ import annotations

from collections.abc import Iterable

from probtables.errors import InvalidParameterError
from probtables.factorization import Factorization
from probtables.inference._model import Model, check_free, model_of
from probtables.inference._plan import plan_for

__all__ = ["elimination_order"]

_STRUCTURE_STATES = 2  # a structure without tables is ordered as if every variable had two states


def _structure_model(f: Factorization) -> Model:
    """A model of a structure alone: its variables and terms, two states each, no numbers."""
    names = f.variables
    index = {n: i for i, n in enumerate(names)}
    owner = [-1] * len(names)
    term_vars = []
    for t, term in enumerate(f.terms):
        term_vars.append(tuple(index[n] for n in term.given + term.head))
        for h in term.head:
            owner[index[h]] = t
    return Model(
        names=names,
        index=index,
        cards=(_STRUCTURE_STATES,) * len(names),
        states={n: tuple(range(_STRUCTURE_STATES)) for n in names},
        arrays=[],
        term_vars=term_vars,
        owner=owner,
        sticky=(),
        positive=(True,) * len(f.terms),
        free=tuple(index[n] for n in f.free),
        label=str(f),
    )


def _names(names: str | Iterable[str]) -> tuple[str, ...]:
    return (names,) if isinstance(names, str) else tuple(dict.fromkeys(names))


def elimination_order(
    f: Factorization,
    query_variables: str | Iterable[str],
    evidence_variables: str | Iterable[str] = (),
) -> list[str]:
    r"""The variables the inference engine sums out for a question, in the order it sums them.

    For the question :math:`p(Q \mid E = e)` (``query_variables`` :math:`Q`,
    observed ``evidence_variables`` :math:`E`), :func:`query` first prunes the
    network (barren variables, which are not ancestors of :math:`Q \cup E`,
    and parts cut off from :math:`Q` by the evidence drop out) and then sums the
    remaining variables out one at a time in a greedy min-fill order (fewest
    fill-in edges, then the smallest table, then the variable's place in
    ``f.variables``). This function returns that order: the variables summed
    out, after pruning, in the order the engine sums them. The order depends
    only on which variables are asked and observed, not on the observed states.

    Parameters
    ----------
    f : Factorization
        A factorization, with tables or a structure alone. A structure is
        ordered as if every variable had two states (the state counts only
        break ties between equally good variables); with tables, the order is
        exactly that of :func:`query` (which keeps a part cut off by the
        evidence when one of its tables has a zero, so that impossible evidence
        is noticed) from the second time a pattern is asked (the first time,
        :func:`query` follows one min-fill order of the whole network, restricted
        to the pruned variables, which is quicker to choose).
    query_variables : str or iterable of str
        The variables asked about: the head of the question and the variables
        behind its bar without a value (a ``str`` is one name).
    evidence_variables : str or iterable of str, optional
        The observed variables (behind the bar with a value).

    Returns
    -------
    list of str
        The variables summed out, in order. Variables that are asked, observed
        or pruned are not in it.

    Raises
    ------
    UnknownVariableError
        A name the factorization does not have (with a close match).
    InvalidParameterError
        A variable both asked and observed.
    NotAJointError
        A free variable of ``f`` (only behind a bar) that is neither asked nor observed.

    See Also
    --------
    query, probtables.derivation.derive : shows the sums in this order.

    Examples
    --------
    On asia, :math:`p(\text{lung} \mid \text{xray}=\text{yes})`: ``dysp`` and
    ``bronc`` are barren and drop out; the other four are summed out.

    >>> asia = pt.examples.load("asia")
    >>> elimination_order(asia, "lung", "xray")
    ['asia', 'smoke', 'tub', 'either']
    >>> elimination_order(pt.Factorization.parse("p(z)p(y)p(x|y,z)"), ["x"])
    ['z', 'y']
    """
    op = "elimination_order"
    if not isinstance(f, Factorization):
        raise TypeError(f"{op}(): expected a Factorization, got {type(f).__name__}.")
    model = model_of(f, op) if f.has_tables else _structure_model(f)
    asked = tuple(model.variable(n, op) for n in _names(query_variables))
    observed = tuple(model.variable(n, op) for n in _names(evidence_variables))
    both = [model.names[v] for v in asked if v in observed]
    if both:
        raise InvalidParameterError(
            f"{op}(): {both[0]!r} is both asked and observed; a variable is one or the other."
        )
    check_free(model, asked + observed, op, "ask about it or observe it")
    # the plan that keeps one step per variable (no two sums merged into one contraction): the same
    # pruning and the same order as the plan query() runs, read off its steps
    plan = plan_for(model, out=asked, hard=tuple(sorted(observed)), unary=(), backward=True, op=op)
    return [model.names[step.var] for step in plan.steps if step.var >= 0]
