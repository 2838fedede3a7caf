r"""Derivations: a query rewritten step by step, the way the notes work by hand.

The notes answer a question about a model such as :math:`p(z)p(y)p(x \mid y, z)`
on paper: write the query with the definition of a conditional, expand the
joint with the sum rule, substitute the factorization, push each sum inside
the product as far as it goes, let a conditional sum to one, and cancel what
numerator and denominator share. :func:`derive` does exactly that and returns a
:class:`Derivation`: the lines, each naming its rule, printed aligned as the
notes print them (``str``), as a LaTeX ``aligned`` block (:meth:`Derivation.to_latex`)
or as HTML in a notebook.

The rules a step may name are those of :data:`RULES`:

* *definition of a conditional*: :math:`p(x \mid y) = p(x, y) / p(y)`;
* *sum rule*: :math:`p(x, y) = \sum_z p(x, y, z)`, and :math:`\sum_y p(y, z \mid w) = p(z \mid w)`;
* *the factorization*: the joint replaced by the model's product of terms;
* *pushing a sum inside a product*: factors that do not mention the summed
  variable move out of the sum;
* *a conditional summing to one*: :math:`\sum_x p(x \mid y, z) = 1`;
* *cancelling a common factor* between numerator and denominator;
* *chain rule*: a table's joint written as p(a)p(b | a)p(c | a, b)..., in the
  order of the query's variables, when the derivation starts from a table
  rather than from a factorization.

Variables are summed out in the order the inference engine uses
(:func:`probtables.inference.elimination_order`). For a question
:math:`p(Q \mid E = e)` the engine first prunes what it does not need: barren
variables (not ancestors of :math:`Q \cup E`), whose conditionals sum to one,
and parts of the network that the evidence cuts off from :math:`Q`, which only
scale the answer; it then sums the remaining variables out in a min-fill order.
A derivation keeps the pruned variables and sums them *first*, children before
their parents, so that each barren variable is seen to vanish as a conditional
summing to one (a cut-off part stays a common factor and cancels); then it
follows the engine's order exactly. :func:`elimination_order` gives this
sequence. In a conditional :math:`p(Q \mid E) = p(Q, E) / p(E)`, the numerator
is summed in the order of the question :math:`p(Q, E)` and the denominator in
the order of the question :math:`p(E)` (where the head variables are barren);
the two run side by side, one variable each per line. (The engine itself gets
the denominator by normalizing the numerator's result.)

Independence proofs follow the notes too: for ``X ⊥ Y | Z`` the derivation
computes :math:`p(X, Y, Z)` by the same steps and looks at the final product.
If no factor mentions both X and Y, the product is g(X, Z) h(Y, Z) and the
statement holds (the factorization criterion; with Z empty, p(y, z) = g(y) h(z)).
Otherwise it stops at the factor (often a sum) that does not factor and points
to the active trail of :meth:`Factorization.explain`.

Every line can be evaluated: each holds an expression tree (:class:`Factor`,
:class:`Product`, :class:`Sum`, :class:`Ratio`) that :meth:`Derivation.evaluate`
computes on the factorization's tables, or on given tables, so a derivation
checks itself (:meth:`Derivation.verify`): each line equals the one before.

Examples
--------
The notes' example, p(z)p(y)p(x | y, z):

>>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
>>> print(f.derive("y ⊥ z"))
p(y, z) = Σ_x p(x, y, z)               sum rule
        = Σ_x p(z)p(y)p(x | y, z)      the factorization
        = p(z)p(y) Σ_x p(x | y, z)     pushing a sum inside a product
        = p(z)p(y)                     a conditional summing to one: Σ_x p(x | y, z) = 1
hence y ⊥ z: p(y, z) is a function of y times a function of z (p(y) · p(z)).

References
----------
.. [1] D. Koller and N. Friedman, *Probabilistic Graphical Models*, MIT Press,
   2009, sections 9.3 (variable elimination) and 3.3.1 (the factorization
   criterion for independence).
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Union

from probtables.errors import (
    EnumerationLimitError,
    StructureError,
    UnknownVariableError,
    did_you_mean,
)
from probtables.factorization import Factorization, Term
from probtables.independence import Independence
from probtables.inference import elimination_order as inference_order
from probtables.notation import format_factor, format_statement, format_sum, parse_term
from probtables.table import Table

__all__ = [
    "derive",
    "Derivation",
    "DerivationStep",
    "Factor",
    "Product",
    "Sum",
    "Ratio",
    "ONE",
    "RULES",
    "elimination_order",
    "random_tables",
    "values_text",
]

#: The rules a derivation step may name.
RULES = (
    "definition of a conditional",
    "chain rule",
    "the factorization",
    "sum rule",
    "pushing a sum inside a product",
    "a conditional summing to one",
    "cancelling a common factor",
)

_RULE_COLUMN = 72  # the rules line up after expressions up to this long
_TERM_START = re.compile(r"\s*(p|P|Pr)\s*\(")

#: The most assignments :meth:`Derivation.evaluate` enumerates (tables and sums alike).
VALUE_LIMIT = 1 << 16


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Factor:
    """A term p(head | given); the values of bound names are filled in when printed."""

    head: tuple[str, ...]
    given: tuple[str, ...] = ()

    @property
    def free(self) -> frozenset[str]:
        return frozenset(self.head + self.given)


@dataclass(frozen=True)
class Product:
    """A product of expressions; the empty product is 1."""

    items: tuple[Expr, ...] = ()

    @property
    def free(self) -> frozenset[str]:
        return frozenset().union(*(item.free for item in self.items))


@dataclass(frozen=True)
class Sum:
    """Σ over the names in ``over`` of ``body`` (the names are bound inside)."""

    over: tuple[str, ...]
    body: Expr

    @property
    def free(self) -> frozenset[str]:
        return self.body.free - set(self.over)


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator."""

    numerator: Expr
    denominator: Expr

    @property
    def free(self) -> frozenset[str]:
        return self.numerator.free | self.denominator.free


Expr = Union[Factor, Product, Sum, Ratio]  # noqa: UP007 - a runtime alias, evaluated on Python 3.9
#: The constant 1 (an empty product).
ONE = Product(())


def _product(items: Iterable[Expr]) -> Expr:
    """A product in the notes' order: terms first, sums last; one item is itself, none is 1."""
    flat: list[Expr] = []
    for item in items:
        if isinstance(item, Product):
            flat.extend(item.items)
        else:
            flat.append(item)
    ordered = [i for i in flat if not isinstance(i, Sum)] + [i for i in flat if isinstance(i, Sum)]
    return ordered[0] if len(ordered) == 1 else Product(tuple(ordered))


def _items(expr: Expr) -> list[Expr]:
    return list(expr.items) if isinstance(expr, Product) else [expr]


# --------------------------------------------------------------------------- printing


def _text(expr: Expr, values: Mapping[str, Any], *, last: bool = True) -> str:
    """The expression in the notes' notation; names bound by an enclosing Σ print without values."""
    if isinstance(expr, Factor):
        return format_factor(expr.head, expr.given, values)
    if isinstance(expr, Product):
        if not expr.items:
            return "1"
        parts = []
        for k, item in enumerate(expr.items):
            is_last = k == len(expr.items) - 1
            part = _text(item, values, last=is_last)
            if isinstance(item, Ratio) or (isinstance(item, Sum) and not is_last):
                part = f"({part})"
            parts.append(part)
        out = ""
        for k, part in enumerate(parts):
            if k and (isinstance(expr.items[k], Sum) or isinstance(expr.items[k - 1], Sum)):
                out += " "
            out += part
        return out
    if isinstance(expr, Sum):
        inner = {k: v for k, v in values.items() if k not in expr.over}
        return f"{format_sum(expr.over)} {_text(expr.body, inner)}"
    return f"{_text(expr.numerator, values)} / {_text(expr.denominator, values)}"


# --------------------------------------------------------------------------- the steps


@dataclass(frozen=True)
class DerivationStep:
    """One line ``= expression`` of a derivation and the rule that justifies it.

    Attributes
    ----------
    expression : Factor, Product, Sum or Ratio
        The right-hand side, an expression tree that can be evaluated.
    rule : str
        One of :data:`RULES`.
    detail : str
        What the rule was applied to, e.g. ``Σ_x p(x | y, z) = 1``.
    text : str
        The expression in the notes' notation, evidence filled in.
    values : tuple
        With ``values=True``: one ``(assignment, value, numerator, denominator)``
        per assignment of the query's unbound variables (numerator and
        denominator are ``None`` unless the line is a ratio).
    """

    expression: Expr
    rule: str
    detail: str = ""
    text: str = ""
    values: tuple[tuple[tuple[tuple[str, Any], ...], Any, Any, Any], ...] = ()

    @property
    def reason(self) -> str:
        """The rule, with what it was applied to."""
        return f"{self.rule}: {self.detail}" if self.detail else self.rule


@dataclass(frozen=True, eq=False)
class Derivation:
    r"""A query rewritten step by step, each step naming its rule (see :func:`derive`).

    Attributes
    ----------
    query : str
        The left-hand side as written, e.g. ``p(x | y=1)`` (for a statement,
        the joint of its variables).
    lhs : Factor
        The left-hand side as an expression.
    steps : tuple of DerivationStep
        The lines; each equals the one before.
    bound : tuple of (name, value)
        The values the query fixes (evidence, and values of head variables).
    statement : Independence or None
        For an independence proof, the statement.
    holds : bool or None
        For an independence proof, whether the derivation proves it.
    conclusion : str
        For an independence proof, the last sentence (``hence y ⊥ z ...``, or
        why it does not follow).
    factorization : Factorization
        The structure (with its tables, if any) the derivation works on.

    Examples
    --------
    >>> d = pt.Factorization.parse("p(y)p(x|y)").derive("p(y | x)")
    >>> [step.rule for step in d.steps]
    ['definition of a conditional', 'sum rule', 'the factorization']
    >>> print(d.steps[-1].text)
    p(y)p(x | y) / Σ_y p(y)p(x | y)
    """

    query: str
    lhs: Factor
    steps: tuple[DerivationStep, ...]
    bound: tuple[tuple[str, Any], ...]
    factorization: Factorization = field(repr=False)
    statement: Independence | None = None
    holds: bool | None = None
    conclusion: str = ""

    # ---------------------------------------------------------------- display

    def lines(self) -> list[tuple[str, str, str]]:
        """``(left, expression, reason)`` per line: the left side is the query on the first line only."""
        return [
            (self.query if k == 0 else "", step.text, step.reason) for k, step in enumerate(self.steps)
        ]

    def __str__(self) -> str:
        pad = len(self.query)
        width = min(max((len(step.text) for step in self.steps), default=0), _RULE_COLUMN)
        out = []
        for k, step in enumerate(self.steps):
            left = self.query if k == 0 else " " * pad
            out.append(f"{left} = {step.text.ljust(width)}   {step.reason}".rstrip())
            if step.values:
                out.append(" " * (pad + 5) + values_text(step.values))
        if not self.steps:
            out.append(self.query)
        if self.conclusion:
            out.append(self.conclusion)
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"<Derivation of {self.query}: {len(self.steps)} steps>"

    def to_latex(self) -> str:
        r"""The derivation as a LaTeX ``aligned`` block, each rule in ``\text{...}`` on the right.

        >>> d = pt.Factorization.parse("p(z)p(y)p(x|y,z)").derive("y ⊥ z")
        >>> print(d.to_latex().splitlines()[1])
        p(y, z) &= \sum_{x} p(x, y, z) && \text{sum rule} \\
        """
        from probtables._display.derivation import derivation_latex

        return derivation_latex(self)

    def _repr_html_(self) -> str:
        from probtables._display.derivation import derivation_html

        return derivation_html(self)

    # ---------------------------------------------------------------- numbers

    def evaluate(
        self, tables: Factorization | Table | Iterable[Table] | None = None
    ) -> list[dict[tuple[tuple[str, Any], ...], Any]]:
        """The value of the left side and of every line, at each assignment of the unbound variables.

        Parameters
        ----------
        tables : Factorization, Table or iterable of Table, optional
            What to evaluate on: the factorization's own tables by default; a
            factorization or tables (one per term, in term order) of the same
            structure; or a joint table over all the variables.

        Returns
        -------
        list of dict
            One dict per line, the left side first: assignment (a tuple of
            ``(name, state)`` pairs, sorted by name) -> value (``None`` where a
            division by zero leaves the line undefined). Exact tables give fractions.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> f = pt.Factorization.parse("p(y)p(x|y)").with_tables([
        ...     pt.Table.from_dict({0: F(1, 4), 1: F(3, 4)}, variables="y"),
        ...     pt.Table.from_array([[F(1, 2), F(1, 2)], [F(1, 3), F(2, 3)]],
        ...                         states={"y": [0, 1], "x": [0, 1]}, given="y")])
        >>> rows = f.derive("p(y=1 | x=1)").evaluate()
        >>> {value for row in rows for value in row.values()}
        {Fraction(4, 5)}
        """
        world = _World.of(self.factorization, tables)
        bound = dict(self.bound)
        free = sorted(self.lhs.free - set(bound))
        return [
            world.table(expr, bound, free) for expr in [self.lhs] + [s.expression for s in self.steps]
        ]

    def verify(
        self, tables: Factorization | Table | Iterable[Table] | None = None, *, atol: float = 1e-9
    ) -> bool:
        """Whether every line equals the line before, evaluated on ``tables`` (see :meth:`evaluate`).

        Exact tables compare exactly; float tables within ``atol``. For a
        structure without tables, use :func:`random_tables` to get some.

        >>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
        >>> f.derive("p(x | y)").verify(random_tables(f, seed=1))
        True
        """
        rows = self.evaluate(tables)
        for before, after in zip(rows, rows[1:]):
            for key, value in before.items():
                other = after[key]
                if value is None or other is None:
                    if value is not other:
                        return False
                elif isinstance(value, Fraction) and isinstance(other, Fraction):
                    if value != other:
                        return False
                elif abs(float(value) - float(other)) > atol:
                    return False
        return True


def _show(value: Any) -> str:
    if value is None:
        return "undefined"
    if isinstance(value, Fraction):
        return str(value)
    return f"{float(value):.4g}"


def values_text(values: Sequence[tuple[Any, Any, Any, Any]]) -> str:
    """The numbers of one line: ``x=0: 27/200 / 3/5 = 9/40;  x=1: ...`` (see :attr:`DerivationStep.values`)."""
    parts = []
    for assignment, value, num, den in values:
        where = ", ".join(f"{n}={v}" for n, v in assignment)
        number = f"{_show(num)} / {_show(den)} = {_show(value)}" if num is not None else _show(value)
        parts.append(f"{where}: {number}" if where else number)
    return ";  ".join(parts)


# --------------------------------------------------------------------------- evaluation


class _World:
    """Numbers for every factor p(H | G): from a term's table when it is one (or a sum over one), else from the joint."""

    def __init__(self, factorization: Factorization) -> None:
        self.f = factorization
        self.states: dict[str, tuple[Any, ...]] = {}
        for term in factorization.terms:
            assert term.table is not None
            self.states.update(term.table.states)
        self._joint: Table | None = None
        self._lookups: dict[tuple[frozenset[str], frozenset[str]], tuple[tuple[str, ...], dict]] = {}

    @classmethod
    def of(cls, structure: Factorization, tables: Any) -> _World:

        if tables is None:
            f = structure
        elif isinstance(tables, Factorization):
            f = tables
        elif isinstance(tables, Table):
            f = Factorization([Term(tables.head, tables.given, tables)])
        else:
            f = structure.with_tables(tables)
        if not f.has_tables:
            raise StructureError(
                f"evaluate(): {f} has no tables; give tables (e.g. probtables.derivation.random_tables(f)) to evaluate on."
            )
        size = 1
        for term in f.terms:
            for name in term.head:
                size *= len(term.table.states[name])  # type: ignore[union-attr]
        if size > VALUE_LIMIT:
            raise EnumerationLimitError(
                f"evaluate(): the joint of {f} has {size} assignments, above the limit {VALUE_LIMIT}; "
                "derivations show numbers for small networks only."
            )
        return cls(f)

    @property
    def joint(self) -> Table:
        if self._joint is None:
            self._joint = self.f.joint()
        return self._joint

    def _lookup(self, factor: Factor) -> tuple[tuple[str, ...], dict]:
        key = (frozenset(factor.head), frozenset(factor.given))
        if key not in self._lookups:
            table = None
            for term in self.f.terms:
                if set(term.given) == set(factor.given) and set(factor.head) <= set(term.head):
                    assert term.table is not None
                    table = (
                        term.table
                        if set(factor.head) == set(term.head)
                        else term.table.marginal(*factor.head)
                    )
                    break
            if table is None:
                names = factor.head + factor.given
                table = self.joint.marginal(*[n for n in names if n in self.joint.head])
                if factor.given:
                    table = table.condition(*[g for g in factor.given if g not in self.joint.given])
            frame = table.frame
            order = tuple(table.variables)
            columns = [frame[name].tolist() for name in order]
            self._lookups[key] = (order, dict(zip(zip(*columns), frame["p"].tolist())))
        return self._lookups[key]

    def value(self, expr: Expr, assignment: Mapping[str, Any]) -> Any:
        if isinstance(expr, Factor):
            order, lookup = self._lookup(expr)
            return lookup.get(tuple(assignment[n] for n in order), 0)
        if isinstance(expr, Product):
            out: Any = 1
            for item in expr.items:
                out = out * self.value(item, assignment)
            return out
        if isinstance(expr, Sum):
            total: Any = 0
            for states in itertools.product(*(self.states[n] for n in expr.over)):
                total = total + self.value(expr.body, {**assignment, **dict(zip(expr.over, states))})
            return total
        num = self.value(expr.numerator, assignment)
        den = self.value(expr.denominator, assignment)
        if den == 0:
            raise ZeroDivisionError
        return num / den

    def table(
        self, expr: Expr, bound: Mapping[str, Any], free: Sequence[str]
    ) -> dict[tuple[tuple[str, Any], ...], Any]:
        return {where: value for where, value, _, _ in self.numbers(expr, bound, free)}

    def numbers(self, expr: Expr, bound: Mapping[str, Any], free: Sequence[str]) -> tuple:
        rows = []
        for states in itertools.product(*(self.states[n] for n in free)):
            assignment = {**bound, **dict(zip(free, states))}
            num = den = None
            try:
                if isinstance(expr, Ratio):  # its parts once: they are shown beside the value
                    num = self.value(expr.numerator, assignment)
                    den = self.value(expr.denominator, assignment)
                    if den == 0:
                        raise ZeroDivisionError
                    value = num / den
                else:
                    value = self.value(expr, assignment)
            except ZeroDivisionError:
                value = None
            rows.append((tuple(zip(free, states)), value, num, den))
        return tuple(rows)


def random_tables(structure: Factorization | str, *, seed: int = 0, states: int = 2) -> Factorization:
    """The structure with random exact tables (positive fractions), for checking derivations.

    >>> f = random_tables("p(y)p(x|y)", seed=0)
    >>> f.has_tables, f.terms[0].table.is_exact
    (True, True)
    """

    f = Factorization.coerce(structure)
    rng = random.Random(seed)
    tables = []
    for term in f.terms:
        names = term.head + term.given
        space = {n: list(range(states)) for n in names}

        def weight(**_: Any) -> Fraction:
            return Fraction(rng.randint(1, 9))

        tables.append(Table.from_function(weight, states=space, given=term.given))
    return f.with_tables(tables)


# --------------------------------------------------------------------------- the derivation


def elimination_order(
    factorization: Factorization,
    query_variables: Iterable[str],
    evidence_variables: Iterable[str] = (),
) -> list[str]:
    """The order in which :func:`derive` sums the variables out for the question p(query | evidence).

    First the variables the inference engine prunes for that question (barren
    variables, and parts cut off by the evidence), children before their
    parents (the reverse of :meth:`Factorization.topological_order`, ties by
    name), so that a barren variable is summed when no other factor mentions
    it and vanishes as a conditional summing to one; then the variables the
    engine sums out, in its order (:func:`probtables.inference.elimination_order`).
    Asked and observed variables are not summed.

    >>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
    >>> elimination_order(f, ["x", "y"])          # p(x, y): the engine sums z out
    ['z']
    >>> elimination_order(f, ["y"])               # p(y): x and z are barren
    ['x', 'z']
    """
    query_variables, evidence_variables = list(query_variables), list(evidence_variables)
    asked = set(query_variables) | set(evidence_variables)
    engine = inference_order(factorization, query_variables, evidence_variables)
    pruned = [
        v
        for v in reversed(factorization.topological_order())
        if v not in asked and v not in engine and v not in factorization.free
    ]
    return pruned + engine


@dataclass
class _Block:
    """A numerator or denominator in the making: Σ over ``pending`` of the product of ``items``."""

    pending: list[str]
    items: list[Expr]

    def expr(self) -> Expr:
        body = _product(self.items) if self.items else ONE
        return Sum(tuple(self.pending), body) if self.pending else body


class _Builder:
    def __init__(self, factorization: Factorization, bound: Mapping[str, Any], query: str) -> None:
        self.f = factorization
        self.bound = dict(bound)
        self.query = query
        self.steps: list[DerivationStep] = []
        self.last_text = query

    def emit(self, expr: Expr, rule: str, detail: str = "") -> None:
        text = _text(expr, self.bound)
        if text == self.last_text and rule != "definition of a conditional":
            return
        self.steps.append(DerivationStep(expr, rule, detail, text))
        self.last_text = text

    def text(self, expr: Expr) -> str:
        return _text(expr, self.bound)


def _terms(factorization: Factorization) -> list[Expr]:
    return [Factor(t.head, t.given) for t in factorization.terms]


def _push(block: _Block, name: str) -> bool:
    """Move Σ_name from the outside in: the items that do not mention ``name`` leave the sum."""
    if name not in block.pending:
        return False
    block.pending.remove(name)
    mention = [i for i in block.items if name in i.free]
    rest = [i for i in block.items if name not in i.free]
    block.items = rest + ([Sum((name,), _product(mention))] if mention else [])
    return True


def _simplify(block: _Block, name: str, bound: Mapping[str, Any], rule: str) -> list[str]:
    """Σ_name p(name, ... | G) alone: a smaller term (``rule`` "sum rule") or 1 ("a conditional summing to one")."""
    done = []
    for k, item in enumerate(block.items):
        if not (isinstance(item, Sum) and item.over == (name,) and isinstance(item.body, Factor)):
            continue
        factor = item.body
        if name not in factor.head:
            continue
        head = tuple(h for h in factor.head if h != name)
        before = _text(item, bound)
        if head and rule == "sum rule":
            smaller: Expr = Factor(head, factor.given)
            block.items[k] = smaller
            done.append(f"{before} = {_text(smaller, bound)}")
        elif not head and rule == "a conditional summing to one":
            block.items[k] = ONE
            done.append(f"{before} = 1")
    block.items = [i for i in block.items if i != ONE]
    return done


def _eliminate(
    builder: _Builder, blocks: list[_Block], shape: Any, orders: Sequence[Sequence[str]]
) -> None:
    """Sum each block's variables out in its own order, the blocks side by side (one variable each per line)."""
    for k in range(max((len(order) for order in orders), default=0)):
        now = [(b, order[k]) for b, order in zip(blocks, orders) if k < len(order)]
        pushed = [_push(b, name) for b, name in now]
        if any(pushed):
            builder.emit(shape(blocks), "pushing a sum inside a product")
        for rule in ("sum rule", "a conditional summing to one"):
            simplified = [d for b, name in now for d in _simplify(b, name, builder.bound, rule)]
            if simplified:
                builder.emit(shape(blocks), rule, ", ".join(dict.fromkeys(simplified)))


def _check_names(f: Factorization, names: Iterable[str], text: str) -> None:
    known = f.variables
    for name in names:
        if name not in known:
            raise UnknownVariableError(
                f"derive(): unknown variable {name!r} in {text!r}; {f} has {known!r}.{did_you_mean(name, known)}"
            )


def _chain_of(table: Table, first: Sequence[str]) -> Factorization:
    """The table as the chain rule p(first...)p(next | first...)..., query variables first."""
    if table.evidence:
        raise StructureError(
            f"derive(): {table.notation} fixes evidence; derive from the table before conditioning it."
        )
    order = [v for v in dict.fromkeys(first) if v in table.head]
    order += [v for v in table.head if v not in order]
    return table.chain_factorize(order)


def derive(
    structure: Factorization | Table | str, query: str | Independence, *, values: bool = False
) -> Derivation:
    r"""Rewrite ``query`` step by step on ``structure``, naming each rule (see the module docstring).

    Parameters
    ----------
    structure : Factorization, Table or str
        The model: a factorization (with or without tables), its notation, or
        a table (the query against that joint, a single term).
    query : str or Independence
        A term such as ``"p(x | y=1)"`` (values fix evidence, or the head for
        a probability), or a statement such as ``"y ⊥ z | x"`` to prove.
    values : bool, default False
        Show the numbers of every line, computed on the structure's tables (a
        joint of at most :data:`VALUE_LIMIT` assignments).

    Returns
    -------
    Derivation

    Raises
    ------
    UnknownVariableError
        The query names a variable the structure does not have.
    StructureError
        The query leaves out a free variable of the structure, uses an event
        (a set of values), or ``values=True`` on a structure without tables.

    Examples
    --------
    >>> f = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
    >>> print(pt.derive(f, "p(x | y)"))
    p(x | y) = p(x, y) / p(y)                                            definition of a conditional
             = Σ_z p(x, y, z) / Σ_x Σ_z p(x, y, z)                       sum rule
             = Σ_z p(z)p(y)p(x | y, z) / Σ_x Σ_z p(z)p(y)p(x | y, z)     the factorization
             = p(y) Σ_z p(z)p(x | y, z) / Σ_z p(z)p(y) Σ_x p(x | y, z)   pushing a sum inside a product
             = p(y) Σ_z p(z)p(x | y, z) / Σ_z p(z)p(y)                   a conditional summing to one: Σ_x p(x | y, z) = 1
             = p(y) Σ_z p(z)p(x | y, z) / p(y) Σ_z p(z)                  pushing a sum inside a product
             = p(y) Σ_z p(z)p(x | y, z) / p(y)                           a conditional summing to one: Σ_z p(z) = 1
             = Σ_z p(z)p(x | y, z)                                       cancelling a common factor: p(y)
    """

    statement = None
    if isinstance(query, Independence) or not _TERM_START.match(query):
        statement = Independence.coerce(query)
        names = sorted(statement.left) + sorted(statement.right) + sorted(statement.given)
    else:
        names = list(parse_term(query).names)
    if isinstance(structure, (Factorization, str)):
        f, rule = Factorization.coerce(structure), "the factorization"
    else:  # a table: the chain rule in the query's order turns the joint into a product
        f, rule = _chain_of(structure, names), "chain rule"
    if values and not f.has_tables:
        raise StructureError(f"derive(): values=True needs tables, and {f} has none.")
    if statement is not None:
        derivation = _derive_statement(f, statement, rule)
    else:
        derivation = _derive_query(f, str(query), rule)
    if values:
        world = _World.of(f, None)
        bound = dict(derivation.bound)
        free = sorted(derivation.lhs.free - set(bound))
        steps = tuple(
            dataclasses.replace(s, values=world.numbers(s.expression, bound, free))
            for s in derivation.steps
        )
        derivation = dataclasses.replace(derivation, steps=steps)
    return derivation


def _derive_query(f: Factorization, text: str, rule: str) -> Derivation:
    spec = parse_term(text)
    _check_names(f, spec.names, text)
    for item in spec.head + spec.given:
        if item.values is not None:
            raise StructureError(
                f"derive(): {item} is an event (a set of values); derive takes single values, e.g. "
                f"{item.name}={item.values[0]!r}."
            )
    in_front = [v for v in spec.head_names if v in f.free]
    if in_front:
        raise StructureError(
            f"derive(): {in_front[0]!r} is a free variable of {f} (it is only behind a bar), so it cannot be "
            f"in front of the bar of {text!r}."
        )
    free = [v for v in f.free if v not in spec.given_names]
    if free:
        raise StructureError(
            f"derive(): {f} is conditional on {tuple(free)!r}; write them behind the bar of {text!r}."
        )
    bound = {**spec.event, **spec.evidence}
    head = spec.head_names
    behind = tuple(g for g in spec.given_names if g not in f.free)
    fixed = tuple(g for g in spec.given_names if g in f.free)
    heads = tuple(v for v in f.variables if v not in f.free)
    joint = Factor(tuple(sorted(heads)), fixed)
    lhs = Factor(head, spec.given_names)
    builder = _Builder(f, bound, str(spec))
    hidden = [v for v in heads if v not in head and v not in behind]
    product = _product(_terms(f))
    single = len(f.terms) == 1
    observed = list(spec.evidence)
    unobserved = [g for g in spec.given_names if g not in spec.evidence]
    order = elimination_order(f, list(head) + unobserved, observed)
    if behind:
        marginal = Factor(head + behind, fixed)
        evidence = Factor(behind, fixed)
        builder.emit(Ratio(marginal, evidence), "definition of a conditional")
        num_over = sorted(hidden)
        den_over = sorted(hidden + list(head))

        def over(names: list[str], body: Expr) -> Expr:
            return Sum(tuple(names), body) if names else body

        builder.emit(Ratio(over(num_over, joint), over(den_over, joint)), "sum rule")
        if not single:
            builder.emit(Ratio(over(num_over, product), over(den_over, product)), rule)
        blocks = [_Block(list(num_over), _items(product)), _Block(list(den_over), _items(product))]

        def shape(bs: list[_Block]) -> Expr:
            return Ratio(bs[0].expr(), bs[1].expr())

        _eliminate(builder, blocks, shape, [order, elimination_order(f, unobserved, observed)])
        _cancel(builder, blocks)
    else:
        over_names = sorted(hidden)
        if over_names:
            builder.emit(Sum(tuple(over_names), joint), "sum rule")
        if not single:
            builder.emit(Sum(tuple(over_names), product) if over_names else product, rule)
        blocks = [_Block(list(over_names), _items(product))]
        _eliminate(builder, blocks, lambda bs: bs[0].expr(), [order])
    return Derivation(builder.query, lhs, tuple(builder.steps), tuple(bound.items()), f)


def _cancel(builder: _Builder, blocks: list[_Block]) -> None:
    numerator, denominator = blocks
    common = []
    for item in list(numerator.items):
        if item in denominator.items and not numerator.pending and not denominator.pending:
            numerator.items.remove(item)
            denominator.items.remove(item)
            common.append(item)
    if not common:
        return
    num = numerator.expr()
    expr: Expr = num if not denominator.items else Ratio(num, denominator.expr())
    builder.emit(expr, "cancelling a common factor", ", ".join(builder.text(c) for c in common))


def _derive_statement(f: Factorization, statement: Independence, rule: str) -> Derivation:
    left, right, given = sorted(statement.left), sorted(statement.right), sorted(statement.given)
    _check_names(f, left + right + given, str(statement))
    free_sides = [v for v in left + right if v in f.free]
    if free_sides:
        raise StructureError(
            f"derive(): {free_sides[0]!r} is a free variable of {f} (it is only behind a bar); {statement} can "
            "condition on it but not have it on a side."
        )
    target = tuple(left + right + [g for g in given if g not in f.free])
    fixed = tuple(v for v in f.free)
    heads = tuple(v for v in f.variables if v not in f.free)
    lhs = Factor(target, fixed)
    builder = _Builder(f, {}, format_factor(target, fixed))
    order = elimination_order(f, target + fixed)
    over_names = sorted(order)
    joint = Factor(tuple(sorted(heads)), fixed)
    product = _product(_terms(f))
    if over_names:
        builder.emit(Sum(tuple(over_names), joint), "sum rule")
    if len(f.terms) > 1:
        builder.emit(Sum(tuple(over_names), product) if over_names else product, rule)
    blocks = [_Block(list(over_names), _items(product))]
    _eliminate(builder, blocks, lambda bs: bs[0].expr(), [order])
    items = blocks[0].items
    joining = [i for i in items if i.free & set(left) and i.free & set(right)]
    name = format_statement(left, right, given)
    if not joining:
        g = [i for i in items if i.free & set(left)]
        h = [i for i in items if i not in g]
        show_g = builder.text(_product(g)) if g else "1"
        show_h = builder.text(_product(h)) if h else "1"
        sides = (
            f"a function of {_names(left + given)} times a function of {_names(right + given)}"
            if given
            else f"a function of {_names(left)} times a function of {_names(right)}"
        )
        criterion = " (the factorization criterion)" if given else ""
        conclusion = f"hence {name}: {builder.query} is {sides} ({show_g} · {show_h}){criterion}."
        holds = True
    else:
        what = "the sum" if isinstance(joining[0], Sum) else "the factor"
        why = f.explain(statement)
        conclusion = (
            f"{what} {builder.text(joining[0])} depends on both {_names(left)} and {_names(right)} and does not "
            f"factor: the derivation stops here, and {name} does not follow from {f}.\n{why}"
        )
        holds = False
        if rule == "chain rule":
            conclusion += (
                "\n(a chain rule claims no independence: whether the table's numbers satisfy it is "
                "checked by table.independent(...))"
            )
    return Derivation(builder.query, lhs, tuple(builder.steps), (), f, statement, holds, conclusion)


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
