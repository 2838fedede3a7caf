"""The values of a BIF file: :class:`BIFCpt` and :class:`BIFNetwork`.

Names, states and arrays exactly as in the file, nothing normalized; pure
Python and numpy. Both are public as :class:`probtables.bif.BIFCpt` and
:class:`probtables.bif.BIFNetwork`; the conversions to and from a
:class:`~probtables.Factorization` of tables are methods of the network.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from probtables._validate import check_atol
from probtables.errors import BIFError, StateMismatchError, VariableNameError, did_you_mean
from probtables.factorization import Factorization, Term
from probtables.notation import format_term
from probtables.table import Table

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from probtables.factorization import Factorization

__all__ = ["BIFCpt", "BIFNetwork", "check_variable_names"]


def _check_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not name:
        raise BIFError(f"{what} must be a non-empty string, got {name!r}")
    return name


def _check_names(names: tuple[Any, ...], cls: str, kind: str, owner: str) -> None:
    """Each of ``names`` (the parents or states of ``owner``) a non-empty string, none twice."""
    for name in names:
        _check_name(name, f"{cls}: a {kind} of {owner!r}")
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise BIFError(f"{cls}: {kind} {dup!r} of {owner!r} is listed twice")


@dataclass(frozen=True, eq=False)
class BIFCpt:
    """The conditional probability table of one ``probability`` block.

    Parameters
    ----------
    child : str
        The variable left of the bar.
    parents : tuple of str
        The conditioning variables, in the order of the block's header.
    values : numpy.ndarray
        Float64 array of shape ``(card(parent1), ..., card(parentk),
        card(child))``: ``values[i1, ..., ik, j]`` is
        ``p(child = state j | parent1 = state i1, ...)``. Stored as a
        read-only copy.
    properties : tuple of str, optional
        The block's ``property`` lines, as written (without the keyword and
        the ``;``).

    Raises
    ------
    BIFError
        If a name is empty, a parent repeats or is the child, the array does
        not have one axis per parent plus one, or a value is not finite.

    See Also
    --------
    BIFNetwork : holds one ``BIFCpt`` per variable.

    Examples
    --------
    >>> cpt = pt.bif.BIFCpt("wet", ("rain",), [[0.9, 0.1], [0.15, 0.85]])
    >>> cpt
    <BIFCpt p(wet | rain): 2 x 2>
    >>> float(cpt.values[1, 0])     # p(wet=state 0 | rain=state 1)
    0.15
    >>> cpt.values.flags.writeable
    False
    """

    child: str
    parents: tuple[str, ...]
    values: np.ndarray
    properties: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        child = _check_name(self.child, "BIFCpt: the child")
        if isinstance(self.parents, str):
            raise BIFError(
                f"BIFCpt: parents of {child!r} must be a tuple of names, got {self.parents!r}"
            )
        parents = tuple(self.parents)
        _check_names(parents, "BIFCpt", "parent", child)
        if child in parents:
            raise BIFError(f"BIFCpt: {child!r} is listed as its own parent")
        values = np.array(self.values, dtype=np.float64, order="C")  # always a copy
        if values.ndim != len(parents) + 1:
            raise BIFError(
                f"BIFCpt: values of {child!r} need {len(parents) + 1} axes "
                f"(one per parent, then the child), found shape {values.shape}"
            )
        if not np.isfinite(values).all():
            raise BIFError(f"BIFCpt: values of {child!r} must be finite")
        values.setflags(write=False)
        object.__setattr__(self, "parents", parents)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "properties", tuple(str(p) for p in self.properties))

    @property
    def notation(self) -> str:
        """The table in the project's notation, such as ``p(wet | rain)``."""
        return format_term((self.child,), self.parents)

    def equals(self, other: object) -> bool:
        """Same child, parents (in order), properties and values, bit for bit.

        ``0.0`` and ``-0.0`` count as different, as they print differently.

        Examples
        --------
        >>> a = pt.bif.BIFCpt("x", (), [0.25, 0.75])
        >>> a.equals(pt.bif.BIFCpt("x", (), [0.25, 0.75]))
        True
        >>> a == pt.bif.BIFCpt("x", (), [0.75, 0.25])
        False
        """
        if not isinstance(other, BIFCpt):
            return False
        return (
            self.child == other.child
            and self.parents == other.parents
            and self.properties == other.properties
            and self.values.shape == other.values.shape
            and bool(np.array_equal(self.values.view(np.uint64), other.values.view(np.uint64)))
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BIFCpt):
            return NotImplemented
        return self.equals(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shape = " x ".join(str(n) for n in self.values.shape)
        return f"<BIFCpt {self.notation}: {shape}>"


@dataclass(frozen=True, eq=False)
class BIFNetwork:
    """A discrete Bayesian network as written in a BIF file.

    Parameters
    ----------
    name : str
        The name of the ``network`` block (``"unknown"`` in the bnlearn files).
    variables : dict of str to tuple of str
        Each variable's states in file order; the variables in file order.
    cpts : tuple of BIFCpt
        One table per variable, in file order.
    properties : tuple of str, optional
        The ``property`` lines of the network block, as written.
    variable_properties : dict of str to tuple of str, optional
        The ``property`` lines of each variable block that has some.

    Raises
    ------
    BIFError
        If a table names an undeclared variable, has the wrong shape, a
        variable has no table or two, or a state list is empty or repeats a
        state.

    See Also
    --------
    parse_bif, format_bif : text to network and back.

    Examples
    --------
    >>> net = pt.bif.BIFNetwork(
    ...     "coin",
    ...     {"x": ("h", "t"), "y": ("h", "t")},
    ...     (pt.bif.BIFCpt("x", (), [0.5, 0.5]),
    ...      pt.bif.BIFCpt("y", ("x",), [[0.9, 0.1], [0.2, 0.8]])),
    ... )
    >>> net
    <BIFNetwork 'coin': 2 variables, 1 arc>
    >>> net.arcs
    (('x', 'y'),)
    >>> float(net.cpt("y").values[0, 1])
    0.1
    """

    name: str
    variables: dict[str, tuple[str, ...]]
    cpts: tuple[BIFCpt, ...]
    properties: tuple[str, ...] = ()
    variable_properties: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_name(self.name, "BIFNetwork: the name")
        variables: dict[str, tuple[str, ...]] = {}
        for var, states in self.variables.items():
            _check_name(var, "BIFNetwork: a variable name")
            if isinstance(states, str):
                raise BIFError(
                    f"BIFNetwork: states of {var!r} must be a sequence of names, got {states!r}"
                )
            states = tuple(states)
            if not states:
                raise BIFError(f"BIFNetwork: variable {var!r} has no states")
            _check_names(states, "BIFNetwork", "state", var)
            variables[var] = states
        cpts = tuple(self.cpts)
        seen: set[str] = set()
        for cpt in cpts:
            if not isinstance(cpt, BIFCpt):
                raise BIFError(f"BIFNetwork: cpts must be BIFCpt objects, got {cpt!r}")
            for var in (cpt.child, *cpt.parents):
                if var not in variables:
                    raise BIFError(
                        f"BIFNetwork: {cpt.notation} names {var!r}, which is not a variable"
                        f"{_hint(var, variables)}"
                    )
            if cpt.child in seen:
                raise BIFError(f"BIFNetwork: {cpt.child!r} has two tables")
            seen.add(cpt.child)
            expected = tuple(len(variables[v]) for v in (*cpt.parents, cpt.child))
            if cpt.values.shape != expected:
                raise BIFError(
                    f"BIFNetwork: values of {cpt.notation} have shape {cpt.values.shape}, "
                    f"but the state counts of {(*cpt.parents, cpt.child)} give {expected}"
                )
        missing = [v for v in variables if v not in seen]
        if missing:
            raise BIFError(f"BIFNetwork: no table for {', '.join(map(repr, missing))}")
        var_props: dict[str, tuple[str, ...]] = {}
        for var, props in self.variable_properties.items():
            if var not in variables:
                raise BIFError(f"BIFNetwork: properties given for unknown variable {var!r}")
            if isinstance(props, str):
                props = (props,)
            props = tuple(str(p) for p in props)
            if props:
                var_props[var] = props
        object.__setattr__(self, "variables", variables)
        object.__setattr__(self, "cpts", cpts)
        object.__setattr__(self, "properties", tuple(str(p) for p in self.properties))
        object.__setattr__(self, "variable_properties", var_props)

    @property
    def arcs(self) -> tuple[tuple[str, str], ...]:
        """The arcs ``(parent, child)``, tables in file order, parents in header order."""
        return tuple((p, cpt.child) for cpt in self.cpts for p in cpt.parents)

    def cpt(self, child: str) -> BIFCpt:
        """The table whose child is ``child``.

        Raises
        ------
        BIFError
            If no table has that child.

        Examples
        --------
        >>> net = pt.bif.parse_bif(
        ...     "variable x { type discrete [ 2 ] { a, b }; }"
        ...     "probability ( x ) { table 0.5, 0.5; }")
        >>> net.cpt("x")
        <BIFCpt p(x): 2>
        """
        for cpt in self.cpts:
            if cpt.child == child:
                return cpt
        raise BIFError(f"BIFNetwork.cpt(): no table for {child!r}{_hint(child, self.variables)}")

    def equals(self, other: object) -> bool:
        """Same name, variables, states (in order), tables and properties, bit for bit.

        Examples
        --------
        >>> text = "variable x { type discrete [ 2 ] { a, b }; } probability ( x ) { table 0.1, 0.9; }"
        >>> pt.bif.parse_bif(text).equals(pt.bif.parse_bif(text))
        True
        """
        if not isinstance(other, BIFNetwork):
            return False
        return (
            self.name == other.name
            and list(self.variables.items()) == list(other.variables.items())
            and self.properties == other.properties
            and self.variable_properties == other.variable_properties
            and len(self.cpts) == len(other.cpts)
            and all(a.equals(b) for a, b in zip(self.cpts, other.cpts))
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BIFNetwork):
            return NotImplemented
        return self.equals(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        n_var, n_arc = len(self.variables), len(self.arcs)
        return (
            f"<BIFNetwork {self.name!r}: {n_var} variable{'s' * (n_var != 1)}, "
            f"{n_arc} arc{'s' * (n_arc != 1)}>"
        )

    def to_factorization(self, *, atol: float = 1e-6) -> Factorization:
        """The network as a :class:`~probtables.Factorization` of tables.

        One ``Term(head=(child,), given=parents, table=t)`` per table, in file
        order (the factorization's ``name`` is the network's), where ``t`` is built with :meth:`Table.from_array
        <probtables.Table.from_array>`, which checks that the child's
        probabilities sum to 1 for every parent assignment. The values are
        kept as they are, not renormalized.

        Parameters
        ----------
        atol : float, default 1e-6
            The tolerance of that check. It is looser than the ``Table``
            default (1e-9) because published files round their numbers: rows
            of alarm and sachs sum to ``1 - 1e-7``.

        Raises
        ------
        NormalizationError, InvalidProbabilityError
            From the ``Table`` constructor, for a table that is not a
            conditional distribution.

        See Also
        --------
        read_bif : parse a file and convert it in one step.
        BIFNetwork.from_factorization : the inverse.

        Examples
        --------
        >>> net = pt.bif.parse_bif(
        ...     "variable x { type discrete [ 2 ] { a, b }; }"
        ...     "probability ( x ) { table 0.25, 0.75; }")
        >>> print(net.to_factorization())
        p(x)
        """
        check_atol(atol, "to_factorization")
        check_variable_names(self, f"BIF network {self.name!r}")
        terms = []
        for cpt in self.cpts:
            states = {v: self.variables[v] for v in (*cpt.parents, cpt.child)}
            table = Table.from_array(cpt.values, states=states, given=cpt.parents, atol=atol)
            terms.append(Term(head=(cpt.child,), given=cpt.parents, table=table))
        return Factorization(terms, name=self.name)

    @classmethod
    def from_factorization(cls, factorization: Any, *, name: str | None = None) -> BIFNetwork:
        """The network of a factorization whose terms have one head and a table.

        Each term ``p(child | parents)`` becomes a table with the term's
        parents in the term's order; the variables come in term order, with
        the states of ``table.states`` converted to ``str`` (BIF states are
        names, so integer states read back as strings).

        Parameters
        ----------
        factorization : Factorization
            Every term needs exactly one head variable and a table.
        name : str, optional
            The name of the network; by default the factorization's ``name``
            if it has one, else ``"unknown"``.

        Raises
        ------
        BIFError
            If a term has several heads or no table, or a conditioning
            variable has no term of its own.
        StateMismatchError
            If two tables give one variable different state lists.

        Examples
        --------
        >>> f = pt.Factorization([pt.Term(head=("x",), given=(),
        ...     table=pt.Table.from_array([0.5, 0.5], states={"x": ["a", "b"]}))])
        >>> pt.bif.BIFNetwork.from_factorization(f, name="coin")
        <BIFNetwork 'coin': 1 variable, 0 arcs>
        """
        terms = tuple(factorization.terms)
        variables: dict[str, tuple[str, ...]] = {}
        origin: dict[str, str] = {}
        pending: list[tuple[str, tuple[str, ...], np.ndarray, dict[str, tuple[str, ...]], str]] = []
        for term in terms:
            head, given, table = tuple(term.head), tuple(term.given), term.table
            label = format_term(head, given)
            if len(head) != 1:
                raise BIFError(
                    f"write_bif(): term {label} has {len(head)} head variables; "
                    "BIF needs one variable per probability block"
                )
            if table is None:
                raise BIFError(f"write_bif(): term {label} has no table")
            (child,) = head
            states = {v: tuple(str(s) for s in table.states[v]) for v in (*given, child)}
            if child in variables:
                raise BIFError(f"write_bif(): variable {child!r} heads two terms")
            variables[child] = states[child]
            origin[child] = label
            values = np.asarray(table.to_array((*given, child)), dtype=np.float64)
            pending.append((child, given, values, states, label))
        cpts = []
        for child, given, values, states, label in pending:
            for parent in given:
                if parent not in variables:
                    raise BIFError(
                        f"write_bif(): {parent!r} is conditioned on in {label} but has no "
                        "term of its own; BIF needs a probability block for every variable"
                    )
                if states[parent] != variables[parent]:
                    raise StateMismatchError(
                        f"write_bif(): variable {parent!r} has states {variables[parent]} "
                        f"in {origin[parent]} but {states[parent]} in {label}"
                    )
            cpts.append(BIFCpt(child, given, values))
        if name is None:
            name = getattr(factorization, "name", None) or "unknown"
        return cls(name, variables, tuple(cpts))


def check_variable_names(network: BIFNetwork, where: str) -> None:
    """Raise a clear error, naming `where`, for a variable name a :class:`~probtables.Table` cannot hold.

    Any name a BIF file can write is a name the notation can print (JavaBayes'
    ``"light-on"`` is written ``p(`light-on`)``); only ``p``, the name of a
    table's probability column, cannot be a table's variable.
    """
    if "p" in network.variables:
        raise VariableNameError(
            f"{where}: variable 'p' cannot be read into a table ('p' is the name of a table's "
            "probability column); rename it in the file (for instance to 'p_'), or use "
            "probtables.bif.parse_bif to read the network with its names as written"
        )


def _hint(name: str, choices: Iterable[str]) -> str:
    """``. Did you mean 'x'?`` closing a BIF message (which has no final period), or nothing."""
    hint = did_you_mean(name, choices)
    return f".{hint}" if hint else ""
