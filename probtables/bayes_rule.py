r"""Bayes' rule: from a prior p(θ) and a likelihood p(D | θ) to the posterior p(θ | D).

.. math::

    p(\theta \mid D) = \frac{p(D \mid \theta)\, p(\theta)}{\sum_\theta p(D \mid \theta)\, p(\theta)}

It is the chain rule followed by conditioning: the product ``likelihood * prior``
is the joint p(D, θ); conditioning it on D (a variable or observed values) gives
the posterior. θ may be a grid of parameter values and D several observations.

Examples
--------
A coin whose bias θ is 0.2, 0.5 or 0.8, equally likely, lands heads:

>>> prior = pt.Table.uniform({"theta": [0.2, 0.5, 0.8]})
>>> likelihood = pt.Table.from_function(
...     lambda flip, theta: theta if flip == "H" else 1 - theta,
...     states={"theta": [0.2, 0.5, 0.8], "flip": ["H", "T"]}, given="theta")
>>> posterior = pt.bayes(prior, likelihood, evidence={"flip": "H"})
>>> posterior.notation
'p(theta | flip=H)'
>>> round(posterior.p(theta=0.8), 4)
0.5333
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from probtables._validate import unknown_variable
from probtables.errors import NotAJointError
from probtables.table import Table

__all__ = ["bayes", "bayes_sequential"]


def bayes(
    prior: Table,
    likelihood: Table,
    evidence: Mapping[str, Any] | None = None,
    *,
    exact: bool | None = None,
) -> Table:
    r"""The posterior p(θ | D) from a prior p(θ) and a likelihood p(D | θ).

    Parameters
    ----------
    prior : Table
        p(θ): a distribution over the parameters (it may itself be a posterior,
        with evidence, for sequential updating).
    likelihood : Table
        p(D | θ): the data's distribution given the parameters; its given
        variables must be the prior's variables.
    evidence : mapping, optional
        Observed values of (some of) D. Without it the result is the full
        conditional p(θ | D); with it, p(θ | D=d), unobserved data variables
        summed out.
    exact : bool, optional
        How to combine an exact (fractions) and a float table: ``True`` converts
        the float one with ``to_exact()``, ``False`` the exact one with
        ``to_float()``. Left out, mixing them raises
        :class:`~probtables.errors.ExactnessError`; two exact tables give an exact
        posterior.

    Returns
    -------
    Table
        The posterior.

    Raises
    ------
    NotAJointError
        The likelihood is not conditioned on exactly the prior's head variables.
    ZeroProbabilityError
        The evidence has probability zero under the prior and likelihood.

    See Also
    --------
    bayes_sequential : update on observations one at a time.

    Examples
    --------
    >>> prior = pt.Table.from_dict({"sick": 0.01, "well": 0.99}, variables="h")
    >>> test = pt.Table.from_dict({("sick", "+"): 0.9, ("sick", "-"): 0.1,
    ...                            ("well", "+"): 0.05, ("well", "-"): 0.95},
    ...                           variables=("h", "t"), given="h")
    >>> round(pt.bayes(prior, test, evidence={"t": "+"}).p(h="sick"), 4)
    0.1538

    With fractions the posterior is exact:

    >>> from fractions import Fraction as F
    >>> prior = pt.Table.from_dict({"sick": F(1, 100), "well": F(99, 100)}, variables="h")
    >>> test = pt.Table.from_dict({("sick", "+"): F(9, 10), ("sick", "-"): F(1, 10),
    ...                            ("well", "+"): F(1, 20), ("well", "-"): F(19, 20)},
    ...                           variables=("h", "t"), given="h")
    >>> pt.bayes(prior, test, evidence={"t": "+"}).p(h="sick")
    Fraction(2, 13)
    """
    if exact is not None:
        prior, likelihood = _converted(prior, exact), _converted(likelihood, exact)
    theta = set(prior.head)
    if set(likelihood.given) != theta:
        raise NotAJointError(
            f"bayes(): the likelihood {likelihood.notation} must be conditioned on exactly the prior's "
            f"variables {prior.head!r} (it is conditioned on {likelihood.given!r})."
        )
    data = likelihood.head
    seen = [d for d in data if d in prior.evidence]
    if seen:
        raise NotAJointError(
            f"bayes(): the prior {prior.notation} has already observed {seen[0]!r}; a new observation of the "
            f"same variable is another draw: use bayes_sequential(prior, likelihood, observations), or give "
            f"each observation its own variable (D1, D2, ...)."
        )
    joint = likelihood * prior
    if evidence:
        unknown = [name for name in evidence if name not in data]
        if unknown:
            raise unknown_variable("bayes", unknown[0], data, likelihood.notation)
        posterior = joint.condition(**evidence)
        # sum out the data left in front of the bar: unobserved variables and those observed as an event
        left = [d for d in data if d in posterior.head]
        return posterior.marginalize(*left) if left else posterior
    return joint.condition(*data)


def bayes_sequential(
    prior: Table,
    likelihood: Table,
    observations: Sequence[Mapping[str, Any]],
    *,
    exact: bool | None = None,
) -> Table:
    r"""Update ``prior`` on each observation in turn with the same likelihood p(D | θ).

    Observations are conditionally independent given θ (the usual i.i.d.
    model), so updating one at a time equals updating on all at once. The
    result is the posterior p(θ | D1=d1, D2=d2, ...): the k-th observation of a
    data variable ``D`` is written ``Dk`` behind the bar (``D_k`` when the name
    ends with a digit), numbered on from the prior's own evidence, so that a
    posterior can be updated again as a prior.

    Parameters
    ----------
    prior : Table
        p(θ), or a posterior from an earlier update.
    likelihood : Table
        p(D | θ) for one observation, conditioned on exactly the prior's head
        variables.
    observations : sequence of mapping
        One mapping per observation, of (some of) the data variables to their
        observed values (or lists of values, an event).
    exact : bool, optional
        Convert mixed exact and float tables as in :func:`bayes`.

    Returns
    -------
    Table
        The posterior over θ, with the observations behind the bar.

    Raises
    ------
    NotAJointError, ZeroProbabilityError
        As for :func:`bayes`.

    Examples
    --------
    >>> prior = pt.Table.uniform({"theta": [0.25, 0.75]})
    >>> lik = pt.Table.from_function(lambda flip, theta: theta if flip == 1 else 1 - theta,
    ...                              states={"theta": [0.25, 0.75], "flip": [0, 1]}, given="theta")
    >>> post = pt.bayes_sequential(prior, lik, [{"flip": 1}, {"flip": 1}, {"flip": 0}])
    >>> post.notation
    'p(theta | flip1=1, flip2=1, flip3=0)'
    >>> round(post.p(theta=0.75), 4)
    0.75
    >>> pt.bayes_sequential(post, lik, [{"flip": 1}]).notation
    'p(theta | flip1=1, flip2=1, flip3=0, flip4=1)'
    """
    if exact is not None:
        prior, likelihood = _converted(prior, exact), _converted(likelihood, exact)
    posterior = prior
    evidence = dict(prior._evidence)
    taken = set(evidence) | set(prior.variables) | set(likelihood.variables)
    counts: dict[str, int] = {}
    for observation in observations:
        updated = bayes(posterior, likelihood, evidence=observation)
        for name in observation:
            stem = f"{name}_" if name[-1:].isdigit() else name
            k = counts.get(name, 0) + 1
            while f"{stem}{k}" in taken:  # numbered on from the prior's evidence
                k += 1
            counts[name] = k
            taken.add(f"{stem}{k}")
            evidence[f"{stem}{k}"] = updated._evidence[name]
        posterior = Table._make(
            updated.variables,
            updated.given,
            updated._states,
            updated._p,
            updated._codes,
            dict(evidence),
        )
    return posterior


def _converted(table: Table, exact: bool) -> Table:
    return table.to_exact() if exact else table.to_float()
