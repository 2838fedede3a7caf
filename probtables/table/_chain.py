"""Chain-rule factorizations of a table.

Functions behind :meth:`Table.chain_factorize` and :meth:`Table.factorize`; they take a table
first and return new objects.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Sequence

from probtables import _kernels, _validate
from probtables.errors import StructureError
from probtables.factorization import Factorization, Term
from probtables.table import Table
from probtables.table._product import _positive, divide_by_marginal

__all__ = ["chain_factorize", "factorize"]


def _groups(table: Table, order: Sequence[str | Sequence[str]]) -> list[tuple[str, ...]]:
    if isinstance(order, str):
        order = [order]
    groups = [  # plain str names (a str subclass such as numpy's str_ becomes str)
        (str(item),)
        if isinstance(item, str)
        else tuple(str(n) if isinstance(n, str) else n for n in item)
        for item in order
    ]
    seen: set[str] = set()
    given = set(table._given)
    for group in groups:
        if not group:
            raise StructureError(
                "chain_factorize(): an empty group in the order; every group needs a variable."
            )
        for name in group:
            if name not in table._states:
                raise _validate.unknown_variable(
                    "chain_factorize", name, table.variables, table.notation
                )
            if name in given:
                raise StructureError(
                    f"chain_factorize(): {name!r} is behind the bar of {table.notation}; "
                    "order only the head variables (the given ones stay behind every bar)."
                )
            if name in seen:
                raise StructureError(
                    f"chain_factorize(): {name!r} appears twice in the order {list(order)!r}."
                )
            seen.add(name)
    missing = [v for v in table._head if v not in seen]
    if missing:
        raise StructureError(
            f"chain_factorize(): the order must name every head variable of {table.notation} once; "
            f"missing {tuple(missing)!r}."
        )
    return groups


def _check_no_evidence(table: Table, op: str) -> None:
    """Terms of a factorization carry no evidence: say so instead of failing in ``Term()``."""
    if table.evidence:
        fixed = tuple(table.evidence)
        raise StructureError(
            f"{op}(): {table.notation} fixes evidence on {fixed!r}, which the terms of a factorization cannot "
            f"carry; keep {fixed[0]!r} behind the bar as a variable instead (condition({fixed[0]!r}) rather than "
            f"condition({fixed[0]}=...)) and factorize that table."
        )


def chain_factorize(table: Table, order: Sequence[str | Sequence[str]]) -> Factorization:
    """The chain rule p(g1) p(g2 | g1) p(g3 | g1, g2) ... for the groups in ``order``."""
    _check_no_evidence(table, "chain_factorize")
    groups = _groups(table, order)
    if table._codes is None and table._stored.dtype != object and _positive(table):
        return Factorization._chain(_dense_chain(table, groups))  # a chain rule by construction
    marginals = [table]
    for group in reversed(groups[1:]):  # the names were checked above: sum each group out directly
        last = marginals[-1]
        marginals.append(last._sum_to(tuple(v for v in last._variables if v not in group)))
    marginals.reverse()
    terms = [_term(groups[0], table.given, marginals[0])]
    prefix: list[str] = list(groups[0])
    for k in range(1, len(groups)):
        conditional = _divide_by_marginal(marginals[k], marginals[k - 1], prefix)
        terms.append(_term(groups[k], tuple(prefix) + table.given, conditional))
        prefix.extend(groups[k])
    return Factorization._chain(terms)  # a chain rule by construction: nothing to check


def _dense_chain(table: Table, groups: list[tuple[str, ...]]) -> list[Term]:
    """The terms of the chain rule of a dense, positive float table, from its arrays.

    The marginals p(g1, ..., gk | C) are sums of the table's array in its storage order, and
    each term is the quotient of two of them, so no marginal but the first becomes a table
    (nothing is zero, so nothing is undefined; the sums and quotients are those of ``/``).
    """
    array, physical = table._physical()
    arrays = [(array, physical)]
    for group in reversed(groups[1:]):
        last, names = arrays[-1]
        kept = [v not in group for v in names]
        arrays.append((_kernels.sum_to(last, kept), tuple(itertools.compress(names, kept))))
    arrays.reverse()
    given, states = table._given, table._states
    behind = set(given)
    if len(groups) == 1:  # one group: the table itself
        return [_term(groups[0], given, table)]
    first = set(groups[0]) | behind
    variables = tuple(v for v in table._variables if v in first)
    marginal = Table._dense(
        variables,
        tuple(v for v in variables if v not in behind),
        given,
        {v: states[v] for v in variables},
        arrays[0][0],
        {},
        arrays[0][1],
    )
    marginal._cache["marginal_of"] = weakref.ref(table)  # table / marginal needs no check
    terms = [_term(groups[0], given, marginal)]
    for k in range(1, len(groups)):
        behind.update(groups[k - 1])
        (numerator, names), (denominator, den_names) = arrays[k], arrays[k - 1]
        in_den = set(den_names)
        quotient = _kernels.divide_by(numerator, [v in in_den for v in names], denominator)
        present = in_den.union(groups[k])
        variables = tuple(v for v in table._variables if v in present)
        conditional = Table._dense(
            variables,
            tuple(v for v in variables if v not in behind),
            tuple(v for v in variables if v in behind),
            {v: states[v] for v in variables},
            quotient,
            {},
            names,
        )
        terms.append(_term(groups[k], tuple(v for g in groups[:k] for v in g) + given, conditional))
    return terms


def _term(head: Sequence[str], given: Sequence[str], table: Table) -> Term:
    """``Term(head, given, table)`` without its checks, which hold here by construction: the
    names are the table's (checked by :func:`_groups`), heads and given are disjoint, and the
    table is p(head | given) without evidence."""
    term = Term.__new__(Term)
    object.__setattr__(term, "head", tuple(head))
    object.__setattr__(term, "given", tuple(given))
    object.__setattr__(term, "table", table)
    return term


def _divide_by_marginal(joint: Table, marginal: Table, prefix: Sequence[str]) -> Table:
    """``joint`` conditioned on ``prefix``, reusing the marginal already computed."""
    if joint._is_dense and marginal._is_dense and _positive(marginal):
        return divide_by_marginal(joint, marginal)  # the marginal's head is the prefix
    return joint.condition(*prefix)


def factorize(table: Table, structure: Factorization | str) -> Factorization:
    """Each term p(H | G) of ``structure`` computed from ``table``."""
    _check_no_evidence(table, "factorize")
    if isinstance(structure, str):
        structure = Factorization.parse(structure)
    head_vars = {v for term in structure.terms for v in term.head}
    free = {v for term in structure.terms for v in term.given} - head_vars
    problems = []
    if head_vars != set(table.head):
        problems.append(
            f"its heads {tuple(sorted(head_vars))!r} are not the head {table.head!r} of {table.notation}"
        )
    if free != set(table.given):
        problems.append(
            f"its free variables {tuple(sorted(free))!r} are not the given {table.given!r} of {table.notation}"
        )
    if problems:
        raise StructureError(
            f"factorize(): {structure} does not fit the table: {'; and '.join(problems)}."
        )
    terms = []
    for term in structure.terms:
        cond = [g for g in term.given if g not in table.given]
        missing = [g for g in table.given if g not in term.given]
        if missing:
            raise StructureError(
                f"factorize(): term {term} must also be conditioned on {tuple(missing)!r}, "
                f"the given variables of {table.notation}."
            )
        part = table.marginal(*term.head, *cond)
        terms.append(
            Term(head=term.head, given=term.given, table=part.condition(*cond) if cond else part)
        )
    return Factorization(terms)
