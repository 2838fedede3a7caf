r"""Factorizations: products of terms such as ``p(z)p(y)p(x | y, z)``.

A :class:`Factorization` is a product of :class:`Term` objects, each a
conditional ``p(head | given)``, with or without a numeric table. Written as in
the notes, it is a claim about a joint distribution; its DAG (parents -> child)
says which independencies that claim implies (see :mod:`probtables.dag`).

Examples
--------
>>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
>>> str(f)
'p(z)p(y)p(x | y, z)'
>>> f.implies("y ⊥ z"), f.implies("y ⊥ z | x")
(True, False)
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from probtables import _kernels
from probtables._limits import check_joint
from probtables.dag import DEFAULT_LIMIT, Kind
from probtables.errors import StructureError
from probtables.notation import check_name, format_product, format_term, parse_product

if TYPE_CHECKING:
    from fractions import Fraction

    import networkx as nx
    import numpy as np
    import pandas as pd
    import pyagrum
    from matplotlib.axes import Axes
    from pgmpy.models import DiscreteBayesianNetwork

    from probtables.check import DataCheckReport
    from probtables.dag import Explanation
    from probtables.derivation import Derivation
    from probtables.independence import Independence
    from probtables.inference import Gradient, MostProbable, Posteriors, SensitivityFunction
    from probtables.table import Table

__all__ = ["Term", "Factorization"]


def _names_of(names: Any) -> tuple[Any, ...]:
    """A term's ``head`` or ``given`` as a tuple: one name, an iterable of names, or ``None`` for
    none. Anything else is taken as one name, so that the name check says what is wrong with it."""
    if names is None:  # given=None: nothing behind the bar
        return ()
    if isinstance(names, str):
        return (names,)
    try:
        return tuple(names)
    except TypeError:  # not iterable, e.g. Term(3): check_name explains
        return (names,)


@dataclass(frozen=True, eq=False)
class Term:
    """One factor ``p(head | given)`` of a factorization, optionally with its table.

    Examples
    --------
    >>> term = pt.Term(head=("x",), given=("y", "z"))
    >>> str(term)
    'p(x | y, z)'
    >>> term
    Term(head=('x',), given=('y', 'z'), table=None)
    """

    head: tuple[str, ...]
    given: tuple[str, ...] = ()
    table: Table | None = field(default=None)

    if TYPE_CHECKING:  # the constructor takes a name or any iterable of names and converts to tuples

        def __init__(
            self, head: str | Iterable[str], given: str | Iterable[str] = (), table: Table | None = None
        ) -> None: ...

    def __post_init__(self) -> None:
        head, given = _names_of(self.head), _names_of(self.given)
        # names from numpy (np.str_) become plain str, so messages show 'v0', not np.str_('v0')
        head = tuple(str(n) if isinstance(n, str) else n for n in head)
        given = tuple(str(n) if isinstance(n, str) else n for n in given)
        object.__setattr__(self, "head", head)
        object.__setattr__(self, "given", given)
        if not head:
            raise StructureError("Term(): a term needs at least one variable in front of the bar.")
        for name in head + given:
            check_name(name)
        overlap = set(head) & set(given)
        if overlap:
            raise StructureError(
                f"Term(): {sorted(overlap)[0]!r} is both in front of and behind the bar."
            )
        if self.table is not None:
            table = self.table
            if set(table.head) != set(head) or set(table.given) != set(given) or table.evidence:
                raise StructureError(
                    f"Term(): the table {table.notation} does not match the term {format_term(head, given)}."
                )

    def __str__(self) -> str:
        return format_term(self.head, self.given)

    def __repr__(self) -> str:
        table = (
            "None" if self.table is None else f"<Table {self.table.notation}: {len(self.table)} rows>"
        )
        return f"Term(head={self.head!r}, given={self.given!r}, table={table})"

    def with_table(self, table: Table | None) -> Term:
        """A copy of this term with ``table`` attached (or removed with ``None``)."""
        return Term(self.head, self.given, table)


def _as_term(item: Term | tuple[Sequence[str], Sequence[str]]) -> Term:
    if isinstance(item, Term):
        return item
    head, given = item
    return Term(tuple(head), tuple(given))


@dataclass(frozen=True)
class _JointLayout:
    """What ``Factorization.joint()`` needs besides the numbers, when every table is dense: the
    result's variables, heads, given and states, and the product's plan. It depends on the
    tables' storage orders, recorded in ``stored`` (one entry per table, compared by identity)."""

    stored: tuple[tuple[str, ...] | None, ...]
    variables: tuple[str, ...]
    heads: tuple[str, ...]
    given: tuple[str, ...]
    states: dict[str, tuple[Any, ...]]
    plan: _kernels.ProductPlan

    def fits(self, tables: Sequence[Table]) -> bool:
        return all(table._store[1] is stored for table, stored in zip(tables, self.stored))


def _joint_layout(tables: Sequence[Table]) -> _JointLayout | None:
    """The layout of ``tables[0] * tables[1] * ...`` in one pass when every table is dense, float
    and free of evidence, and the pairwise products could not fail; else ``None`` (the pairwise
    route).

    The result's variables, given and states are those the pairwise products give (heads in
    order, then the given variables in order of appearance); the arrays are multiplied with
    the same association, so every value is the same.
    """
    if len(tables) < 2:
        return None
    known: dict[str, tuple[Any, ...]] = {}
    for table in tables:
        if table._codes is not None or table._evidence or table._stored.dtype == object:
            return None
        known.update(table._states)
    if not all(table._states.items() <= known.items() for table in tables):
        return None  # a variable's states in another order somewhere: the pairwise route aligns them
    in_head, in_given = set(tables[0]._head), set(tables[0]._given)
    for table in tables[1:]:
        if not in_head.isdisjoint(table._head) or (
            not in_head.isdisjoint(table._given) and not in_given.isdisjoint(table._head)
        ):  # overlapping heads or a cycle: the pairwise route raises
            return None
        in_head.update(table._head)
        in_given = in_given.union(table._given) - in_head
    # the pairwise products put the heads first, in order, then the given variables in order of appearance
    heads = tuple(itertools.chain.from_iterable(table._head for table in tables))
    given: tuple[str, ...] = ()
    if in_given:
        appearance = dict.fromkeys(itertools.chain.from_iterable(t._variables for t in tables))
        given = tuple(name for name in appearance if name in in_given)
    variables = heads + given
    stored = [table._physical() for table in tables]
    plan = _kernels.product_plan([array.shape for array, _ in stored], [names for _, names in stored])
    states = {name: known[name] for name in variables}
    layout = tuple(table._store[1] for table in tables)
    return _JointLayout(layout, variables, heads, given, states, plan)


class Factorization:
    r"""A product of terms p(head | given); a structure, with or without tables.

    Parameters
    ----------
    terms : iterable of Term or (head, given) pairs
        Every variable must head exactly one term and the conditioning relation
        must be acyclic. Variables that appear only behind a bar are *free*: the
        product is then a conditional distribution given them.

    Raises
    ------
    StructureError
        A variable heads two terms.
    StructureCycleError
        The terms condition on each other in a cycle, e.g. ``p(x | y)p(y | x)``.

    Examples
    --------
    >>> f = pt.Factorization([pt.Term(("y",)), pt.Term(("x",), ("y",))])
    >>> str(f), f.variables
    ('p(y)p(x | y)', ('y', 'x'))
    """

    __slots__ = ("_terms", "_graph", "_order", "_free", "_joint", "name", "__weakref__")

    def __init__(
        self, terms: Iterable[Term | tuple[Sequence[str], Sequence[str]]], *, name: str | None = None
    ) -> None:
        from probtables.dag import check_structure

        self._terms = tuple(_as_term(t) for t in terms)
        if not self._terms:
            raise StructureError("Factorization(): a factorization needs at least one term.")
        pairs = [(t.head, t.given) for t in self._terms]
        check_structure(pairs, check_names=False, op="Factorization")  # each Term checked its names
        self._graph: nx.DiGraph | None = None  # built when first asked for (see _dag)
        self._order: list[int] | None = None
        self._free: tuple[str, ...] | None = None
        self._joint: _JointLayout | None = None
        self.name = name

    @classmethod
    def _chain(cls, terms: Sequence[Term]) -> Factorization:
        """The factorization of ``terms`` that form a chain rule by construction (each term's
        head is new and it conditions only on earlier heads and free variables): no checks."""
        factorization = cls.__new__(cls)
        factorization._terms = tuple(terms)
        factorization._graph = None
        factorization._order = list(range(len(factorization._terms)))  # written in topological order
        factorization._free = None
        factorization._joint = None
        factorization.name = None
        return factorization

    @classmethod
    def parse(cls, text: str) -> Factorization:
        """A structure (no tables) from its notation, e.g. ``"p(z)p(y)p(x|y,z)"``.

        >>> str(pt.Factorization.parse("P(a) * p(b | a)"))
        'p(a)p(b | a)'
        """
        terms = []
        for spec in parse_product(text):
            if spec.evidence or spec.event:
                given = [n for n in spec.given_names if n not in spec.head_names]
                raise StructureError(
                    f"Factorization.parse(): {spec} fixes values; a structure names variables only, "
                    f"as in {format_term(spec.head_names, given)}."
                )
            terms.append(Term(spec.head_names, spec.given_names))
        return cls(terms)

    @classmethod
    def coerce(cls, structure: Factorization | str) -> Factorization:
        """A :class:`Factorization` from itself or from its notation."""
        return structure if isinstance(structure, Factorization) else cls.parse(structure)

    @classmethod
    def from_dag(cls, graph: nx.DiGraph) -> Factorization:
        """The factorization with one term p(v | parents(v)) per node of a DAG.

        >>> import networkx as nx
        >>> str(pt.Factorization.from_dag(nx.DiGraph([("y", "x"), ("z", "x")])))
        'p(y)p(z)p(x | y, z)'
        """
        from probtables.dag import terms_from_dag

        return cls(terms_from_dag(graph))

    # ------------------------------------------------------------------ reading

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms, in written order."""
        return self._terms

    @property
    def variables(self) -> tuple[str, ...]:
        """Every variable, heads first in written order, then the free ones."""
        heads = [v for t in self._terms for v in t.head]
        return tuple(heads) + self.free

    @property
    def free(self) -> tuple[str, ...]:
        """Variables that appear only behind a bar (the product is conditional on them)."""
        if self._free is None:  # the terms never change: worked out once
            heads = {v for t in self._terms for v in t.head}
            free = [v for t in self._terms for v in t.given if v not in heads]
            self._free = tuple(dict.fromkeys(free))
        return self._free

    @property
    def has_tables(self) -> bool:
        """Whether every term carries a table."""
        return all(t.table is not None for t in self._terms)

    def __str__(self) -> str:
        return format_product([str(t) for t in self._terms])

    def __repr__(self) -> str:
        tables = " with tables" if self.has_tables else ""
        return f"<Factorization {self}{tables}>"

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms)

    def term(self, variable: str) -> Term:
        """The term whose head holds ``variable``."""
        for t in self._terms:
            if variable in t.head:
                return t
        from probtables._validate import unknown_variable

        raise unknown_variable("term", variable, self.variables, str(self))

    # ------------------------------------------------------------------ numbers

    def joint(self, *, max_bytes: int | None = None) -> Table:
        """The product of the terms' tables (in topological order): the distribution they define.

        A joint whose rows would take more than ``max_bytes`` (default 256 MiB) is
        refused before any work with :class:`~probtables.errors.SizeLimitError`.

        >>> t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
        >>> t.chain_factorize(["y", "x"]).joint().equals(t)
        True
        """
        missing = [str(t) for t in self._terms if t.table is None]
        if missing:
            raise StructureError(
                f"joint(): term(s) {', '.join(missing)} of {self} have no table; build the factorization "
                "from a table (table.factorize(...)) or attach tables first."
            )
        check_joint(self._terms, [len(self._free_states(v)) for v in self.free], max_bytes=max_bytes)
        tables = [table for i in self._term_order() if (table := self._terms[i].table) is not None]
        layout = self._joint
        if layout is None or not layout.fits(tables):  # worked out once per storage of the tables
            layout = self._joint = _joint_layout(tables)
        if layout is not None:  # dense tables: one pass
            p = _kernels.planned_product([table._store[0] for table in tables], layout.plan)
            return type(tables[0])._dense(
                layout.variables,
                layout.heads,
                layout.given,
                dict(layout.states),
                p,
                {},
                layout.plan.axes,
            )
        result = tables[0]
        for table in tables[1:]:
            result = result * table
        return result

    # ------------------------------------------------------------------ inference (see probtables.inference)

    def query(
        self,
        text: str,
        *,
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> Table | float | Fraction:
        """Answer ``"p(x | y=a)"`` without building the joint (see :func:`probtables.inference.query`).

        >>> pt.examples.load("asia").query("p(lung=yes)")
        0.055
        """
        from probtables.inference import query

        return query(self, text, likelihood=likelihood, max_bytes=max_bytes)

    def posteriors(
        self,
        evidence: Mapping[str, Any] | None = None,
        *,
        variables: Sequence[str] | None = None,
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> Posteriors:
        """Every variable's posterior in one pass (see :func:`probtables.inference.posteriors`).

        >>> pt.examples.load("asia").posteriors({"xray": "yes"})["lung"].notation
        'p(lung | xray=yes)'
        """
        from probtables.inference import posteriors

        return posteriors(
            self, evidence, variables=variables, likelihood=likelihood, max_bytes=max_bytes
        )

    def most_probable(
        self,
        evidence: Mapping[str, Any] | None = None,
        *,
        variables: Sequence[str] | None = None,
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> MostProbable:
        """The most probable assignment, MPE or MAP (see :func:`probtables.inference.most_probable`).

        >>> pt.examples.load("asia").most_probable({"xray": "yes"}, variables=["lung"]).assignment
        {'lung': 'no'}
        """
        from probtables.inference import most_probable

        return most_probable(
            self, evidence, variables=variables, likelihood=likelihood, max_bytes=max_bytes
        )

    def log_probability(
        self,
        evidence: Mapping[str, Any],
        *,
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> float:
        """log p(evidence), without underflow (see :func:`probtables.inference.log_probability`).

        >>> round(pt.examples.load("asia").log_probability({"lung": "yes"}), 4)  # log 0.055
        -2.9004
        """
        from probtables.inference import log_probability

        return log_probability(self, evidence, likelihood=likelihood, max_bytes=max_bytes)

    # ------------------------------------------------------------------ derivatives of queries (see probtables.inference)

    def gradient(
        self,
        text: str,
        *,
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> Gradient:
        """The derivative of a query with respect to every table entry (see :func:`probtables.inference.gradient`).

        >>> g = pt.examples.load("asia").gradient("p(lung=yes | xray=yes)")
        >>> g["lung"].notation
        'p(lung | smoke)'
        """
        from probtables.inference import gradient

        return gradient(self, text, likelihood=likelihood, max_bytes=max_bytes)

    def sensitivity(
        self,
        text: str,
        *,
        covariation: str = "proportional",
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> pd.DataFrame:
        """Every table entry's derivative, its column co-varied, ranked (see :func:`probtables.inference.sensitivity`).

        >>> pt.examples.load("asia").sensitivity("p(lung=yes | xray=yes)").loc[0, "parameter"]
        'p(xray=yes | either=no)'
        """
        from probtables.inference import sensitivity

        return sensitivity(
            self, text, covariation=covariation, likelihood=likelihood, max_bytes=max_bytes
        )

    def sensitivity_function(
        self,
        text: str,
        parameter: str,
        *,
        covariation: str = "proportional",
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> SensitivityFunction:
        """A query as (aθ + b) / (cθ + d) of one entry θ (see :func:`probtables.inference.sensitivity_function`).

        >>> s = pt.examples.load("asia").sensitivity_function("p(lung=yes | xray=yes)", parameter="p(smoke=yes)")
        >>> round(s(0.5), 4)
        0.4887
        """
        from probtables.inference import sensitivity_function

        return sensitivity_function(
            self,
            text,
            parameter,
            covariation=covariation,
            likelihood=likelihood,
            max_bytes=max_bytes,
        )

    def hessian(
        self,
        text: str,
        parameters: Sequence[str],
        *,
        likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None,
        max_bytes: int | None = None,
    ) -> pd.DataFrame:
        """Second partial derivatives of a query for a few entries (see :func:`probtables.inference.hessian`).

        >>> h = pt.examples.load("asia").hessian("p(lung=yes | xray=yes)", ["p(smoke=yes)", "p(lung=yes | smoke=yes)"])
        >>> h.shape
        (2, 2)
        """
        from probtables.inference import hessian

        return hessian(self, text, parameters, likelihood=likelihood, max_bytes=max_bytes)

    def _free_states(self, variable: str) -> tuple:
        return next(t.table.states[variable] for t in self._terms if t.table and variable in t.given)

    def _term_order(self) -> list[int]:
        """Term indices so that a term comes after the terms that head its given variables."""
        if self._order is None:
            owner = {v: i for i, t in enumerate(self._terms) for v in t.head}
            done: set[int] = set()
            order: list[int] = []
            while len(order) < len(self._terms):
                for i, t in enumerate(self._terms):
                    if i not in done and all(owner.get(g) in done or g not in owner for g in t.given):
                        done.add(i)
                        order.append(i)
            self._order = order
        return list(self._order)

    def _dag(self) -> nx.DiGraph:
        """The DAG of the terms (see :func:`probtables.dag.build_dag`), built on first use."""
        if self._graph is None:
            from probtables.dag import build_dag

            self._graph = build_dag([(t.head, t.given) for t in self._terms])
        return self._graph

    def with_tables(self, tables: Iterable[Table]) -> Factorization:
        """A copy with one table per term, in term order."""
        tables = list(tables)
        if len(tables) != len(self._terms):
            raise StructureError(
                f"with_tables(): {self} has {len(self._terms)} terms but {len(tables)} tables were given."
            )
        return Factorization(
            [t.with_table(table) for t, table in zip(self._terms, tables)], name=self.name
        )

    # ------------------------------------------------------------------ the DAG (see probtables.dag)

    @property
    def dag(self) -> nx.DiGraph:
        """The DAG (a new ``networkx.DiGraph``, edges parent -> child)."""
        return self._dag().copy()

    def implies(self, statement: Independence | str) -> bool:
        """Whether the structure implies ``statement`` (by d-separation).

        >>> pt.Factorization.parse("p(x)p(y|x)p(z|y)").implies("x ⊥ z | y")
        True
        """
        from probtables.dag import implies

        return implies(self._dag(), statement)

    def explain(self, statement: Independence | str) -> Explanation:
        """Why the structure does or does not imply ``statement``: an active trail or the blocks.

        >>> e = pt.Factorization.parse("p(z)p(y)p(x|y,z)").explain("y ⊥ z | x")
        >>> e.holds, e.trail
        (False, ('y', 'x', 'z'))
        """
        from probtables.dag import explain

        return explain(self._dag(), statement)

    def independencies(
        self, kind: Kind = "local", *, limit: int | None = DEFAULT_LIMIT
    ) -> list[Independence]:
        """The independencies the structure implies: ``"local"``, ``"pairwise"`` or ``"all"``.

        >>> [str(s) for s in pt.Factorization.parse("p(z)p(y)p(x|y,z)").independencies("local")]
        ['y ⊥ z']
        """
        from probtables.dag import independencies

        return independencies(self._dag(), kind, limit=limit)

    def topological_order(self) -> tuple[str, ...]:
        """The variables in a topological order (ties broken by name)."""
        from probtables.dag import topological_order

        return topological_order(self._dag())

    def parents(self, variable: str) -> tuple[str, ...]:
        """The parents of ``variable`` in the DAG."""
        from probtables.dag import parents

        return tuple(parents(self._dag(), variable))

    def children(self, variable: str) -> tuple[str, ...]:
        """The children of ``variable`` in the DAG."""
        from probtables.dag import children

        return tuple(children(self._dag(), variable))

    def markov_blanket(self, variable: str) -> tuple[str, ...]:
        """Parents, children and the children's other parents of ``variable``."""
        from probtables.dag import markov_blanket

        return markov_blanket(self._dag(), variable)

    def moral_graph(self) -> nx.Graph:
        """The moral graph (parents married, directions dropped)."""
        from probtables.dag import moral_graph

        return moral_graph(self._dag())

    def is_markov_equivalent(self, other: Factorization | str) -> bool:
        """Whether both structures imply the same independencies (same skeleton and v-structures).

        >>> pt.Factorization.parse("p(x)p(y|x)").is_markov_equivalent("p(y)p(x|y)")
        True
        """
        from probtables.dag import is_markov_equivalent

        return is_markov_equivalent(self._dag(), Factorization.coerce(other)._dag())

    # ------------------------------------------------------------------ data and files (see probtables.estimate, probtables.bif)

    def fit(
        self,
        data: Any,
        pseudocount: float = 0.0,
        *,
        weights: str | Sequence[float] | np.ndarray | None = None,
        states: Mapping[str, Sequence[Any]] | None = None,
        dropna: bool = False,
        max_distinct: float | None = 0.5,
    ) -> Factorization:
        """The same structure with each term's table estimated from ``data`` (see :func:`probtables.estimate.fit`)."""
        from probtables.estimate import fit

        return fit(
            self,
            data,
            pseudocount=pseudocount,
            weights=weights,
            states=states,
            dropna=dropna,
            max_distinct=max_distinct,
        )

    def log_likelihood(
        self, data: Any, *, weights: str | Sequence[float] | np.ndarray | None = None
    ) -> float:
        """The log-likelihood (natural log) of ``data`` under the tables (see :func:`probtables.estimate.log_likelihood`)."""
        from probtables.estimate import log_likelihood

        return log_likelihood(self, data, weights=weights)

    def bic(self, data: Any, *, weights: str | Sequence[float] | np.ndarray | None = None) -> float:
        """The BIC score of the tables on ``data`` higher is better (see :func:`probtables.estimate.bic`)."""
        from probtables.estimate import bic

        return bic(self, data, weights=weights)

    def sample(self, n: int, seed: int | np.random.Generator | None = None) -> pd.DataFrame:
        """``n`` draws by ancestral sampling, as a DataFrame (see :func:`probtables.estimate.sample`)."""
        from probtables.estimate import sample

        return sample(self, n, seed=seed)

    def draw(
        self,
        *,
        ax: Axes | None = None,
        statement: Independence | str | None = None,
        observed: Collection[str] = (),
        title: str | None = None,
        pos: Mapping[Any, tuple[float, float]] | None = None,
        legend: bool = True,
        fontsize: float = 12,
    ) -> Axes:
        """Draw the DAG in layers, free variables dashed (see :func:`probtables.plot.draw_factorization`)."""
        from probtables.plot import draw_factorization

        return draw_factorization(
            self,
            ax=ax,
            statement=statement,
            observed=observed,
            title=title,
            pos=pos,
            legend=legend,
            fontsize=fontsize,
        )

    def to_latex(self) -> str:
        r"""The product as LaTeX, e.g. ``p(z)\,p(y)\,p(x \mid y, z)`` (see :func:`probtables._display.html.to_latex`)."""
        from probtables._display.html import to_latex

        return to_latex(self)

    def _repr_html_(self) -> str:
        from probtables._display.html import factorization_html

        return factorization_html(self)

    def check_data(
        self,
        data: pd.DataFrame,
        *,
        kind: Kind = "local",
        method: str = "chi2",
        adjust: str | None = "holm",
        alpha: float = 0.05,
        permutations: int | str | None = "auto",
        seed: int | np.random.Generator | None = None,
        effect_size: float = 0.3,
        dropna: bool = False,
        max_distinct: float | None = 0.5,
        progress: Callable[[int], object] | None = None,
    ) -> DataCheckReport:
        """Test every independence the structure implies (of ``kind``) on samples, each with a status.

        One row per statement with the statistic, degrees of freedom, p-value,
        the multiple-testing adjusted p-value, ``rejected``, and a ``status``
        (``"rejected"``, ``"not rejected"``, ``"unreliable"``, ``"untestable"``)
        with its ``reason`` and the test's ``power``, in a
        :class:`~probtables.check.DataCheckReport` that prints as an aligned
        table (``report.frame`` is the DataFrame). See
        :func:`probtables.check.check_data`.

        Examples
        --------
        >>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
        >>> data = f.with_tables([pt.Table.uniform({"z": [0, 1]}), pt.Table.uniform({"y": [0, 1]}),
        ...                       pt.Table.uniform({"y": [0, 1], "z": [0, 1], "x": [0, 1]}, given=("y", "z"))]
        ...                      ).sample(500, seed=0)
        >>> report = f.check_data(data)
        >>> report[["statement", "dof", "status"]].to_dict("records")
        [{'statement': 'y ⊥ z', 'dof': 1, 'status': 'not rejected'}]
        """
        from probtables.check import check_data

        return check_data(
            self,
            data,
            kind=kind,
            method=method,
            adjust=adjust,
            alpha=alpha,
            permutations=permutations,
            seed=seed,
            effect_size=effect_size,
            dropna=dropna,
            max_distinct=max_distinct,
            progress=progress,
        )

    def derive(self, query: str | Independence, *, values: bool = False) -> Derivation:
        """The query rewritten step by step in the notes' notation, each step naming its rule.

        See :func:`probtables.derivation.derive`.

        >>> print(pt.Factorization.parse("p(z)p(y)p(x|y,z)").derive("y ⊥ z").steps[-1].text)
        p(z)p(y)
        """
        from probtables.derivation import derive

        return derive(self, query, values=values)

    def to_bif(self, path: str | os.PathLike[str], *, name: str | None = None) -> None:
        """Write the factorization (one head per term, with tables) as a BIF file."""
        from probtables.bif import write_bif

        write_bif(self, path, name=name)

    # ------------------------------------------------------------------ other libraries (see probtables.interop)

    def to_pgmpy(self) -> DiscreteBayesianNetwork:
        """The factorization as a pgmpy ``DiscreteBayesianNetwork`` (see :func:`probtables.interop.to_pgmpy`)."""
        from probtables.interop import to_pgmpy

        return to_pgmpy(self)

    @classmethod
    def from_pgmpy(cls, model: Any, *, atol: float = 1e-6) -> Factorization:
        """A factorization from a pgmpy Bayesian network (see :func:`probtables.interop.from_pgmpy`)."""
        from probtables.interop import from_pgmpy

        return from_pgmpy(model, atol=atol)

    def to_pyagrum(self, *, name: str | None = None) -> pyagrum.BayesNet:
        """The factorization as a ``pyagrum.BayesNet`` (see :func:`probtables.interop.to_pyagrum`)."""
        from probtables.interop import to_pyagrum

        return to_pyagrum(self, name=name)

    @classmethod
    def from_pyagrum(cls, bn: Any, *, atol: float = 1e-6) -> Factorization:
        """A factorization from a ``pyagrum.BayesNet`` (see :func:`probtables.interop.from_pyagrum`)."""
        from probtables.interop import from_pyagrum

        return from_pyagrum(bn, atol=atol)
