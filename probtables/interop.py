r"""Conversions to and from pgmpy, pyAgrum and xarray.

Each pair of functions converts a probtables object to the other library's
own and back, keeping the variable names, each variable's states *and their
order*, the order of the terms and each term's order of parents:

============================== ================================================
probtables                     other library
============================== ================================================
``Factorization`` of tables    ``pgmpy.models.DiscreteBayesianNetwork`` with a
                               ``TabularCPD`` per node (:func:`to_pgmpy`,
                               :func:`from_pgmpy`)
``Factorization`` of tables    ``pyagrum.BayesNet`` (:func:`to_pyagrum`,
                               :func:`from_pyagrum`)
``Table``                      ``xarray.DataArray``, one dimension per
                               variable, the states as coordinates
                               (:func:`to_xarray`, :func:`from_xarray`)
============================== ================================================

The other libraries are optional: each is imported only when its function
is called (``pip install "probtables[interop]"`` installs all three). The
methods :meth:`Factorization.to_pgmpy <probtables.Factorization.to_pgmpy>`,
:meth:`Factorization.from_pgmpy <probtables.Factorization.from_pgmpy>`,
``to_pyagrum``/``from_pyagrum`` and :meth:`Table.to_xarray
<probtables.Table.to_xarray>`/:meth:`Table.from_xarray
<probtables.Table.from_xarray>` call these functions.

A Bayesian network of the other libraries has one child per table and a table
for every variable, so :func:`to_pgmpy` and :func:`to_pyagrum` need a
factorization whose terms have one head each and no free variable (a variable
behind a bar must head a term of its own); ``t.chain_factorize(...)`` or
``f.joint().factorize(...)`` rewrite a term with several heads. pgmpy also
holds structures without tables (its estimators fill them in), so
:func:`to_pgmpy` and :func:`from_pgmpy` accept terms without tables too.

States: pgmpy and xarray keep any hashable state (``0`` stays ``0``);
pyAgrum's variables are labelled, so :func:`to_pyagrum` writes integer states
as a ``pyagrum.IntegerVariable``, float states as a
``pyagrum.NumericalDiscreteVariable`` (both come back as numbers, in
increasing order, as pyAgrum keeps such domains sorted) and any other state as
the label ``str(state)`` (which comes back as a string, in its order).

Examples
--------
>>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": ["a", "b"]})
>>> array = t.to_xarray()
>>> array.dims, array.sel(x=1, y="a").item()
(('x', 'y'), 0.3)
>>> pt.Table.from_xarray(array).equals(t)
True
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from probtables.errors import DataError, StateMismatchError, StructureError, did_you_mean
from probtables.factorization import Factorization, Term
from probtables.table import Table

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pyagrum
    import xarray
    from pgmpy.models import DiscreteBayesianNetwork

__all__ = ["to_pgmpy", "from_pgmpy", "to_pyagrum", "from_pyagrum", "to_xarray", "from_xarray"]

_BIF_ATOL = 1e-6  # as read_bif: published networks round their numbers (rows of alarm sum to 1 - 1e-7)


def _require(module: str, extra_name: str, op: str) -> Any:
    """Import an optional library, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{op}() needs {extra_name}: pip install {extra_name} "
            '(or pip install "probtables[interop]" for pgmpy, pyagrum and xarray).'
        ) from None


# --------------------------------------------------------------------------- Bayesian networks


def _families(
    factorization: Factorization, op: str, *, tables: bool
) -> tuple[dict[str, tuple[Any, ...]], list[tuple[str, tuple[str, ...], np.ndarray | None]]]:
    """Per term: (child, parents, array with axes (parents..., child) or None), and each variable's states.

    Checks one head per term, no free variable, tables where ``tables`` is true, and that every
    table agrees on each variable's states (the same states in another order are reordered).
    """
    if not isinstance(factorization, Factorization):
        raise StructureError(
            f"{op}(): expected a Factorization, got {type(factorization).__name__}; "
            "pt.Factorization.parse(...) makes one from notation."
        )
    for term in factorization.terms:
        if len(term.head) != 1:
            raise StructureError(
                f"{op}(): term {term} has {len(term.head)} variables in front of the bar; a Bayesian "
                "network has one child per table. Split it with the chain rule, e.g. "
                f"f.joint().chain_factorize({list(factorization.topological_order())!r})."
            )
        if tables and term.table is None:
            raise StructureError(
                f"{op}(): term {term} has no table; fit the factorization to data first "
                "(f.fit(data)) or attach tables (f.with_tables(...))."
            )
    free = factorization.free
    if free:
        raise StructureError(
            f"{op}(): {free[0]!r} appears only behind a bar in {factorization}, so the product is a "
            f"conditional given it; a Bayesian network needs a table for every variable: add a term p({free[0]})."
        )
    states: dict[str, tuple[Any, ...]] = {}
    source: dict[str, str] = {}
    for term in factorization.terms:
        if term.table is not None:
            (child,) = term.head
            states[child] = tuple(term.table.states[child])
            source[child] = str(term)
    families: list[tuple[str, tuple[str, ...], np.ndarray | None]] = []
    for term in factorization.terms:
        (child,) = term.head
        if term.table is None:
            families.append((child, tuple(term.given), None))
            continue
        order = (*term.given, child)
        values = np.asarray(term.table.to_array(order), dtype=np.float64)
        for axis, parent in enumerate(term.given):
            own = tuple(term.table.states[parent])
            want = states.get(parent)
            if want is None:
                states[parent] = own  # the parent's own term has no table (pgmpy structures)
                source[parent] = str(term)
            elif own != want:
                if sorted(map(repr, own)) != sorted(map(repr, want)):
                    raise StateMismatchError(
                        f"{op}(): variable {parent!r} has states {own!r} in {term} "
                        f"but {want!r} in {source[parent]}."
                    )
                values = np.take(values, [own.index(s) for s in want], axis=axis)
        families.append((child, tuple(term.given), values))
    return states, families


def to_pgmpy(factorization: Factorization) -> DiscreteBayesianNetwork:
    r"""The factorization as a pgmpy ``DiscreteBayesianNetwork`` (pgmpy's own objects, ready to query).

    Each term ``p(child | parents)`` becomes a ``TabularCPD`` of ``child``
    with ``evidence=parents`` in the term's order and ``state_names`` from
    the tables; the nodes are added in term order. A term without a table
    becomes a node and its edges without a CPD.

    Parameters
    ----------
    factorization : Factorization
        One head per term and no free variable.

    Returns
    -------
    pgmpy.models.DiscreteBayesianNetwork

    Raises
    ------
    StructureError
        A term with several heads, or a variable that appears only behind a bar.
    StateMismatchError
        Two tables give a variable different states.
    ImportError
        pgmpy is not installed.

    See Also
    --------
    from_pgmpy : the inverse.

    Examples
    --------
    >>> model = pt.examples.load("cancer").to_pgmpy()
    >>> model.get_cpds("Cancer").variables
    ['Cancer', 'Pollution', 'Smoker']
    >>> from pgmpy.inference import VariableElimination
    >>> answer = VariableElimination(model).query(["Cancer"], evidence={"Xray": "positive"},
    ...                                           show_progress=False)
    >>> round(float(answer.get_value(Cancer="True")), 4)
    0.0503
    """
    op = "to_pgmpy"
    _require("pgmpy", "pgmpy", op)
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.models import DiscreteBayesianNetwork

    states, families = _families(factorization, op, tables=False)
    model = DiscreteBayesianNetwork()
    model.add_nodes_from([child for child, _, _ in families])
    model.add_edges_from([(parent, child) for child, parents, _ in families for parent in parents])
    cpds = []
    for child, parents, values in families:
        if values is None:
            continue
        card = values.shape[-1]
        cpds.append(
            TabularCPD(
                child,
                card,
                np.moveaxis(values, -1, 0).reshape(card, -1),
                evidence=list(parents) or None,
                evidence_card=[values.shape[i] for i in range(len(parents))] or None,
                state_names={v: list(states[v]) for v in (child, *parents)},
            )
        )
    if cpds:
        model.add_cpds(*cpds)
    return model


def from_pgmpy(model: Any, *, atol: float = _BIF_ATOL) -> Factorization:
    r"""A factorization from a pgmpy Bayesian network: one term per node, with its CPD's table.

    The terms come in the order of ``model.nodes()``; each term's parents in
    the order of its CPD's evidence (for a node without a CPD, in the order
    of ``model.get_parents``). The states are the CPD's ``state_names``, in
    order. A node without a CPD gives a term without a table.

    Parameters
    ----------
    model : pgmpy.models.DiscreteBayesianNetwork
        (or pgmpy's older ``BayesianNetwork``).
    atol : float, default 1e-6
        How far from 1 a CPD's columns may sum (the values are kept, not
        renormalized).

    Returns
    -------
    Factorization

    Raises
    ------
    StructureError
        A CPD whose evidence differs from the node's parents in the graph.
    NormalizationError, InvalidProbabilityError
        A CPD that is not a conditional distribution.

    See Also
    --------
    to_pgmpy : the inverse.

    Examples
    --------
    >>> from pgmpy.models import DiscreteBayesianNetwork
    >>> from pgmpy.factors.discrete import TabularCPD
    >>> model = DiscreteBayesianNetwork([("rain", "wet")])
    >>> model.add_cpds(
    ...     TabularCPD("rain", 2, [[0.2], [0.8]], state_names={"rain": ["yes", "no"]}),
    ...     TabularCPD("wet", 2, [[0.9, 0.15], [0.1, 0.85]], evidence=["rain"], evidence_card=[2],
    ...                state_names={"wet": ["yes", "no"], "rain": ["yes", "no"]}))
    >>> f = pt.Factorization.from_pgmpy(model)
    >>> print(f)
    p(rain)p(wet | rain)
    >>> f.term("wet").table.p(wet="yes", rain="no")
    0.15
    """
    op = "from_pgmpy"
    terms = []
    for node in model.nodes():
        cpd = model.get_cpds(node)
        graph_parents = tuple(model.get_parents(node))
        if cpd is None:
            terms.append(Term((node,), graph_parents))
            continue
        variables = list(cpd.variables)
        parents = tuple(variables[1:])
        if set(parents) != set(graph_parents):
            raise StructureError(
                f"{op}(): the CPD of {node!r} conditions on {parents!r} but its parents in the "
                f"graph are {graph_parents!r}."
            )
        values = np.asarray(cpd.values, dtype=np.float64).reshape([int(c) for c in cpd.cardinality])
        state_names = {v: list(cpd.state_names[v]) for v in (*parents, node)}
        table = Table.from_array(
            np.moveaxis(values, 0, -1), states=state_names, given=parents, atol=atol
        )
        terms.append(Term((node,), parents, table))
    return Factorization(terms)


def _gum_variable(gum: Any, name: str, states: Sequence[Any]) -> Any:
    """A pyAgrum variable: integer states as IntegerVariable, floats as NumericalDiscrete, else labels."""
    if all(isinstance(s, (int, np.integer)) and not isinstance(s, (bool, np.bool_)) for s in states):
        return gum.IntegerVariable(name, name, [int(s) for s in states])
    if all(isinstance(s, (float, np.floating)) for s in states):
        return gum.NumericalDiscreteVariable(name, name, [float(s) for s in states])
    return gum.LabelizedVariable(name, name, [str(s) for s in states])


def _gum_states(gum: Any, variable: Any) -> tuple[Any, ...]:
    """The states of a pyAgrum variable as Python values, in order (see :func:`_gum_variable`)."""
    kind = variable.varType()
    if kind == gum.VarType_INTEGER:
        return tuple(int(v) for v in variable.integerDomain())
    if kind == gum.VarType_NUMERICAL:
        return tuple(float(v) for v in variable.numericalDomain())
    if kind == gum.VarType_RANGE:
        return tuple(range(variable.minVal(), variable.maxVal() + 1))
    return tuple(variable.labels())


def to_pyagrum(factorization: Factorization, *, name: str | None = None) -> pyagrum.BayesNet:
    r"""The factorization as a ``pyagrum.BayesNet`` (pyAgrum's own object, ready for LazyPropagation).

    The variables are added in term order, each term's parents as arcs in
    the term's order, and each table is copied into the node's CPT.

    Parameters
    ----------
    factorization : Factorization
        One head per term, a table on every term, no free variable.
    name : str, optional
        The network's name; by default the factorization's ``name``, else ``"probtables"``.

    Returns
    -------
    pyagrum.BayesNet

    Raises
    ------
    StructureError
        A term with several heads or no table, or a variable only behind a bar.
    StateMismatchError
        Two tables give a variable different states.
    ImportError
        pyAgrum is not installed.

    See Also
    --------
    from_pyagrum : the inverse.

    Examples
    --------
    >>> import pyagrum as gum
    >>> bn = pt.examples.load("asia").to_pyagrum()
    >>> engine = gum.LazyPropagation(bn)
    >>> engine.setEvidence({"xray": "yes", "dysp": "yes"})
    >>> engine.makeInference()
    >>> round(float(engine.posterior("lung")[{"lung": "yes"}]), 4)
    0.6213
    """
    op = "to_pyagrum"
    gum = _require("pyagrum", "pyagrum", op)
    states, families = _families(factorization, op, tables=True)
    bn = gum.BayesNet(name or getattr(factorization, "name", None) or "probtables")
    for child, _, _ in families:
        bn.add(_gum_variable(gum, child, states[child]))
    for child, parents, _ in families:
        for parent in parents:
            bn.addArc(parent, child)
    # pyAgrum keeps an integer or numerical domain sorted: put the values in its order of states
    position = {v: {s: i for i, s in enumerate(states[v])} for v in states}
    for child, parents, values in families:
        assert values is not None  # tables=True above
        for axis, v in enumerate((*parents, child)):
            theirs = _gum_states(gum, bn.variable(v))
            if theirs != states[v]:
                values = np.take(values, [position[v][s] for s in theirs], axis=axis)
        cpt = bn.cpt(child)
        order = tuple(reversed(cpt.names))  # pyAgrum's array axes: its variable sequence reversed
        want = (*parents, child)
        values = np.transpose(values, [want.index(v) for v in order])
        cpt.fillWith(values.reshape(-1).tolist())
    return bn


def from_pyagrum(bn: Any, *, atol: float = _BIF_ATOL) -> Factorization:
    r"""A factorization from a ``pyagrum.BayesNet``: one term per node, with its CPT as a table.

    The terms come in the order of the nodes' ids (the order in which they
    were added); each term's parents in the order of its CPT's variables. The
    states are the labels of labelled variables, and numbers for integer,
    range and numerical variables.

    Parameters
    ----------
    bn : pyagrum.BayesNet
    atol : float, default 1e-6
        How far from 1 a CPT's rows may sum (the values are kept, not renormalized).

    Returns
    -------
    Factorization
        Named after the network.

    Raises
    ------
    NormalizationError, InvalidProbabilityError
        A CPT that is not a conditional distribution (pyAgrum fills new CPTs with zeros).

    See Also
    --------
    to_pyagrum : the inverse.

    Examples
    --------
    >>> import pyagrum as gum
    >>> bn = gum.fastBN("rain->wet")
    >>> f = pt.Factorization.from_pyagrum(bn)
    >>> print(f)
    p(rain)p(wet | rain)
    >>> f.term("wet").table.states
    {'rain': (0, 1), 'wet': (0, 1)}
    """
    op = "from_pyagrum"
    gum = _require("pyagrum", "pyagrum", op)
    terms = []
    for node in sorted(bn.nodes()):
        child = bn.variable(node).name()
        cpt = bn.cpt(node)
        names = tuple(cpt.names)  # (child, parents...)
        if names[0] != child:  # pragma: no cover - pyAgrum puts the child first
            raise StructureError(f"{op}(): the CPT of {child!r} starts with {names[0]!r}.")
        parents = names[1:]
        values = np.asarray(cpt.toarray(), dtype=np.float64)  # axes: names reversed
        order = tuple(reversed(names))
        values = np.transpose(values, [order.index(v) for v in (*parents, child)])
        states = {v: _gum_states(gum, bn.variable(v)) for v in (*parents, child)}
        table = Table.from_array(values, states=states, given=parents, atol=atol)
        terms.append(Term((child,), parents, table))
    network_name = bn.property("name") if "name" in bn.properties() else None
    return Factorization(terms, name=network_name or None)


# --------------------------------------------------------------------------- xarray


def to_xarray(table: Table) -> xarray.DataArray:
    r"""The table as an ``xarray.DataArray``: one dimension per variable, the states as coordinates.

    The dimensions come in the order of ``table.variables``, the coordinates
    in each variable's state order; the values are the probabilities (0 for
    rows the table leaves out). ``attrs`` hold ``given`` (the variables
    behind the bar, which :func:`from_xarray` reads back) and ``notation``.

    Parameters
    ----------
    table : Table

    Returns
    -------
    xarray.DataArray
        Named ``"p"``.

    Raises
    ------
    ImportError
        xarray is not installed.

    See Also
    --------
    from_xarray : the inverse.

    Examples
    --------
    >>> t = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"z": [0, 1], "x": ["a", "b"]}, given="z")
    >>> a = t.to_xarray()
    >>> a.dims, a.attrs
    (('z', 'x'), {'given': ['z'], 'notation': 'p(x | z)'})
    >>> a.sum("x").values.tolist()   # a conditional sums to 1 over its head
    [1.0, 1.0]
    """
    xr = _require("xarray", "xarray", "to_xarray")
    variables = list(table.variables)
    return xr.DataArray(
        table.to_array(variables),
        dims=variables,
        coords={v: list(table.states[v]) for v in variables},
        name="p",
        attrs={"given": list(table.given), "notation": table.notation},
    )


def from_xarray(array: Any, *, given: str | Sequence[str] | None = None, atol: float = 1e-9) -> Table:
    r"""A table from an ``xarray.DataArray`` of probabilities: the dimensions are the variables.

    Each dimension is a variable, its coordinate the variable's states in
    order; the values are the probabilities.

    Parameters
    ----------
    array : xarray.DataArray
        Every dimension needs a coordinate (the states).
    given : str or sequence of str, optional
        The variables behind the bar; by default ``array.attrs["given"]``
        (as :func:`to_xarray` writes it), else none (a joint).
    atol : float, default 1e-9
        How far from 1 the probabilities may sum (per assignment of `given`).

    Returns
    -------
    Table

    Raises
    ------
    DataError
        A dimension without a coordinate, a name in `given` that is not a
        dimension, or something that is not a DataArray.
    NormalizationError, InvalidProbabilityError
        Values that do not make a (conditional) distribution.

    See Also
    --------
    to_xarray : the inverse.

    Examples
    --------
    >>> import xarray as xr
    >>> a = xr.DataArray([[0.9, 0.1], [0.2, 0.8]], dims=("z", "x"),
    ...                  coords={"z": [0, 1], "x": ["a", "b"]})
    >>> t = pt.Table.from_xarray(a, given="z")
    >>> t.notation, t.p(x="b", z=1)
    ('p(x | z)', 0.8)
    """
    op = "from_xarray"
    dims = getattr(array, "dims", None)
    if dims is None or not hasattr(array, "coords") or not hasattr(array, "values"):
        raise DataError(
            f"{op}(): expected an xarray.DataArray of probabilities, got {type(array).__name__}."
        )
    dims = tuple(dims)
    states: dict[str, list[Any]] = {}
    for dim in dims:
        if dim not in array.coords:
            raise DataError(
                f"{op}(): dimension {dim!r} has no coordinate, so its states are unknown; "
                f"give them with array.assign_coords({dim}=[...])."
            )
        states[dim] = array.coords[dim].values.tolist()
    if given is None:
        given = tuple(array.attrs.get("given", ()))
    names: tuple[str, ...] = (given,) if isinstance(given, str) else tuple(given)
    for name in names:
        if name not in dims:
            raise DataError(
                f"{op}(): given names {name!r}, which is not a dimension of the array {dims!r}."
                f"{did_you_mean(name, dims)}"
            )
    return Table.from_array(np.asarray(array.values), states=states, given=names, atol=atol)
