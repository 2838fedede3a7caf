r"""The :class:`Table`: a joint or conditional distribution over discrete variables.

A table is what the notes write as :math:`p(x, y \mid z)`: one column per
variable and a column ``p``. Variables in front of the bar are its *head*, those
behind it are *given*; for every assignment of the given variables, ``p`` over
the head sums to 1. The rules of probability are methods that return new tables:

* sum rule: :meth:`Table.marginal` keeps variables, :meth:`Table.marginalize`
  sums them out;
* conditioning: :meth:`Table.condition` on variables (``p(x | y)``), on evidence
  (``p(x | y=0)``) or on an event (``y`` in a list of states);
* chain rule: ``a * b`` and ``a / b``, :meth:`Table.chain_factorize`.

Examples
--------
>>> joint = pt.Table.from_dict(
...     {("sun", "dry"): 0.6, ("sun", "wet"): 0.1, ("rain", "dry"): 0.05, ("rain", "wet"): 0.25},
...     variables=("weather", "ground"), states={"weather": ["sun", "rain"], "ground": ["dry", "wet"]})
>>> joint.marginal("weather").p(weather="rain")
0.3
>>> posterior = joint.condition(ground="wet")
>>> posterior.notation
'p(weather | ground=wet)'
>>> round(posterior.p(weather="rain"), 4)
0.7143
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from math import prod
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from probtables import _kernels, _validate
from probtables._limits import check_cells
from probtables._validate import check_atol, hashable, index_dtype
from probtables.errors import (
    ArgumentError,
    ConditionalMarginalizationError,
    DataError,
    EmptyTableError,
    NotAJointError,
    ProductError,
    UnknownStateError,
    ZeroProbabilityError,
)
from probtables.notation import Item, format_name, format_term, parse_term

if TYPE_CHECKING:
    import xarray
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from probtables.derivation import Derivation
    from probtables.factorization import Factorization
    from probtables.independence import Independence

__all__ = ["Table", "DEFAULT_ATOL", "table_from_dense"]

DEFAULT_ATOL = 1e-9
_DENSE_HINT = "a table that large can only be sparse (Table.from_dict, Table.from_samples)"


class Table:
    r"""A joint or conditional distribution: variable columns and a column ``p``.

    Parameters
    ----------
    frame : pandas.DataFrame
        One column per variable and a float column ``p``. Rows absent from the
        frame have probability zero. Categorical columns give each variable its
        full, ordered state list; other columns use their sorted distinct values.
    given : str or sequence of str, default ()
        The variables behind the conditioning bar.
    states : mapping of str to sequence, optional
        Explicit state lists (in order), e.g. to include states of probability 0.
    atol : float, default 1e-9
        Tolerance of the check that ``p`` sums to 1 per conditioning assignment.
        Exact tables are checked exactly and refuse any other ``atol``.
    normalize : bool, default False
        Read ``p`` as non-negative weights or counts and divide them by their
        total (per assignment of ``given`` for a conditional table), instead of
        checking that they sum to 1.
    exact : bool, default False
        Store the probabilities as :class:`fractions.Fraction`: ints and strings
        such as ``"1/3"`` convert exactly, floats to their exact binary value.
        A ``p`` column that holds fractions makes an exact table without it.
        See :mod:`probtables.table._exact`.

    Raises
    ------
    InvalidProbabilityError
        A probability (or weight) is negative, NaN or infinite.
    NormalizationError
        Probabilities do not sum to 1 (per assignment of ``given``).
    ZeroProbabilityError
        With ``normalize=True``, the weights of a conditioning assignment (or
        of the whole table) sum to zero; the message names the assignments.
    DuplicateAssignmentError, MissingValueError, EmptyTableError, VariableNameError
        As their names say; the message shows the offending rows. Variable
        names are any non-empty strings except ``p`` (the probability column);
        a column name that is not a string is refused with a hint to rename.

    See Also
    --------
    Table.from_dict, Table.from_array, Table.from_samples, Table.from_function, Table.uniform

    Notes
    -----
    Tables are immutable: every operation returns a new table and no input is
    ever modified. Internally the variable columns are integer codes; a complete
    table is kept as a dense array, with its axes in the order of the operands it
    was computed from (copied into variable order only when that order is read),
    so the sum and product rules run as numpy reductions and broadcasts.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"x": [0, 1, 0, 1], "y": ["a", "a", "b", "b"], "p": [0.1, 0.2, 0.3, 0.4]})
    >>> t = pt.Table(frame)
    >>> t
    p(x, y)
    x y   p
    0 a 0.1
    0 b 0.3
    1 a 0.2
    1 b 0.4
    >>> t.condition("y")
    p(x | y)
      x        p
    y=a
      0 0.333333
      1 0.666667
    y=b
      0 0.428571
      1 0.571429
    >>> t.head, t.given, t.states
    (('x', 'y'), (), {'x': (0, 1), 'y': ('a', 'b')})

    Counts in, a distribution out:

    >>> counts = pd.DataFrame({"smoking status": ["no", "yes"], "p": [30, 10]})
    >>> pt.Table(counts, normalize=True).p(**{"smoking status": "yes"})
    0.25
    """

    __slots__ = (
        "_variables",
        "_given",
        "_head",
        "_states",
        "_cards",
        "_store",
        "_codes",
        "_evidence",
        "_cache",
        "__weakref__",
    )

    # ------------------------------------------------------------------ construction

    def __init__(
        self,
        frame: pd.DataFrame,
        given: str | Iterable[str] = (),
        *,
        states: Mapping[str, Sequence[Any]] | None = None,
        atol: float = DEFAULT_ATOL,
        normalize: bool = False,
        exact: bool = False,
    ) -> None:
        op = "Table"
        if exact or (
            isinstance(frame, pd.DataFrame) and "p" in frame and _exact.holds_fractions(frame["p"])
        ):
            _exact.check_no_tolerance(op, atol, DEFAULT_ATOL)
            _exact.construct(self, frame, given, states=states, exact=exact, normalize=normalize)
            return
        variables, given_names, state_lists = _validate.frame_states(frame, given, states, op)
        try:
            p = np.asarray(frame["p"].to_numpy(), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise DataError(f"{op}(): column 'p' must hold numbers: {exc}") from None
        _validate.check_probabilities(p, frame, op, "weight(s)" if normalize else "probability value(s)")
        codes = _validate.frame_codes(frame, variables, state_lists, op)
        self._init(tuple(variables), given_names, state_lists, p.copy(), codes, {})
        if normalize:
            normalized = self._normalized_weights(op)
            self._init(self._variables, self._given, self._states, normalized._p, normalized._codes, {})
            return
        self._check_sums(atol, op)
        self._densify_if_complete()

    def _init(
        self,
        variables: tuple[str, ...],
        given: Iterable[str],
        states: Mapping[str, tuple[Any, ...]],
        p: np.ndarray,
        codes: np.ndarray | None,
        evidence: Mapping[str, tuple[Any, ...]],
        physical: tuple[str, ...] | None = None,
    ) -> None:
        given_set = set(given)
        self._variables = variables
        self._given = tuple(v for v in variables if v in given_set)
        self._head = tuple(v for v in variables if v not in given_set)
        self._states = {v: s if type(s := states[v]) is tuple else tuple(s) for v in variables}
        self._cards = tuple(map(len, self._states.values()))
        p.setflags(write=False)
        if codes is not None:
            codes.setflags(write=False)
        if physical == variables:
            physical = None
        if codes is None:  # dense: kept as an array over its axes in storage order
            p = p.reshape(self._cards if physical is None else [len(self._states[v]) for v in physical])
        self._store = (p, physical)
        self._codes = codes
        self._evidence = dict(evidence)
        self._cache: dict[str, Any] = {}

    @property
    def _p(self) -> np.ndarray:
        """The probabilities, flat: the rows of the codes, or the dense array in variable order.

        A dense table may hold its array with the axes in another order (its
        *physical* order, that of the operands it was computed from), so that
        sums, quotients and products run as numpy broadcasts without copying
        into the variable order; the first read here makes that copy, once.
        """
        array, physical = self._store
        if physical is None:
            return array.reshape(-1)
        logical = _kernels.transposed(array, [physical.index(v) for v in self._variables])
        logical.setflags(write=False)
        self._store = (logical, None)  # one assignment: a concurrent reader sees either pair
        return logical.reshape(-1)

    @property
    def _stored(self) -> np.ndarray:
        """The probabilities in storage order, as stored (one axis per variable when dense): for
        sizes, sums, minima and other reads that do not depend on the order."""
        return self._store[0]

    def _physical(self) -> tuple[np.ndarray, tuple[str, ...]]:
        """A dense table's array with its axes in storage order, and the variable of each axis."""
        array, physical = self._store
        return array, physical or self._variables

    @classmethod
    def _make(
        cls,
        variables: Sequence[str],
        given: Iterable[str],
        states: Mapping[str, tuple[Any, ...]],
        p: np.ndarray,
        codes: np.ndarray | None = None,
        evidence: Mapping[str, tuple[Any, ...]] | None = None,
        physical: tuple[str, ...] | None = None,
    ) -> Table:
        """A table from trusted parts (no validation); ``codes=None`` means dense.

        ``physical`` names the axes of a dense ``p`` when they are not in the order
        of ``variables`` (see :attr:`_p`).
        """
        if isinstance(p, np.ndarray) and p.dtype == object:  # fractions: an exact table
            return _exact.make(variables, given, states, p, codes, evidence or {})
        table = cls.__new__(cls)
        table._init(
            tuple(variables),
            given,
            states,
            np.ascontiguousarray(p, dtype=np.float64),
            codes,
            evidence or {},
            physical,
        )
        table._densify_if_complete()
        return table

    @classmethod
    def _dense(
        cls,
        variables: tuple[str, ...],
        head: tuple[str, ...],
        given: tuple[str, ...],
        states: dict[str, tuple[Any, ...]],
        array: np.ndarray,
        evidence: dict[str, tuple[Any, ...]],
        physical: tuple[str, ...],
    ) -> Table:
        """A dense float table from parts already in final form: the hot path of the sum,
        product and quotient rules, which know every part (no validation, no copies).

        ``head`` and ``given`` partition ``variables`` in their order, ``states`` has
        exactly the variables' state tuples in that order, ``array`` is a new C-ordered
        float array with axes ``physical``, and ``evidence`` is not modified afterwards.
        """
        table = cls.__new__(cls)
        table._variables = variables
        table._head = head
        table._given = given
        table._states = states
        table._cards = tuple(map(len, states.values()))
        array.setflags(write=False)
        table._store = (array, None if physical == variables else physical)
        table._codes = None
        table._evidence = evidence
        table._cache = {}
        return table

    def _densify_if_complete(self) -> None:
        if self._codes is not None and len(self._p) == prod(self._cards):
            dense = _kernels.scatter_dense(self._codes, self._cards, self._p)
            dense.setflags(write=False)
            self._store = (dense.reshape(self._cards), None)
            self._codes = None

    def _normalized_weights(self, op: str) -> Table:
        """This table's ``p`` read as weights, divided by their total per assignment of ``given``."""
        given_cols = [self._variables.index(v) for v in self._given]
        _validate.check_totals(
            self._codes_array(), self._cards, given_cols, self._p, self._describe_codes(given_cols), op
        )
        return self._normalized(self._given, event=None, op=op)

    def _check_sums(self, atol: float, op: str) -> None:
        check_atol(atol, op)
        given_cols = [self._variables.index(v) for v in self._given]
        if self._codes is None:  # dense: sum the head axes; codes are only needed to show a failure
            is_given = [i in given_cols for i in range(len(self._cards))]
            sums = _kernels.sum_to(self._p.reshape(self._cards), is_given)
            if bool(np.all(np.abs(sums - 1.0) <= atol)):
                return
        _validate.check_sums(
            self._codes_array(),
            self._cards,
            given_cols,
            self._p,
            atol,
            self._describe_codes(given_cols),
            op,
        )

    @classmethod
    def from_dict(
        cls,
        mapping: Mapping[Any, float | Fraction | str],
        variables: str | Sequence[str],
        given: str | Iterable[str] = (),
        *,
        states: Mapping[str, Sequence[Any]] | None = None,
        atol: float = DEFAULT_ATOL,
        normalize: bool = False,
        exact: bool = False,
    ) -> Table:
        """A table from ``{assignment: probability}``; an assignment is a tuple of states.

        With a single variable, the keys may be the states themselves. With
        ``normalize=True`` the values are non-negative weights or counts,
        divided by their total (per assignment of ``given``). Fractions as
        values (or ``exact=True``) give an exact table.

        Examples
        --------
        >>> coin = pt.Table.from_dict({"H": 0.5, "T": 0.5}, variables="c")
        >>> coin.notation, coin.p(c="H")
        ('p(c)', 0.5)
        >>> pt.Table.from_dict({(0, "H"): 0.9, (0, "T"): 0.1, (1, "H"): 0.2, (1, "T"): 0.8},
        ...                    variables=("bias", "c"), given="bias").notation
        'p(c | bias)'
        >>> pt.Table.from_dict({"H": 7, "T": 3}, variables="c", normalize=True).p(c="H")
        0.7
        """
        names = (variables,) if isinstance(variables, str) else tuple(variables)
        for name in names:
            _validate.check_table_name(name, "from_dict")
        if len(set(names)) != len(names):
            raise DataError(f"from_dict(): duplicate variable names in {names!r}.")
        rows = []
        for key in mapping:
            values = key if isinstance(key, tuple) else (key,)
            if len(values) != len(names):
                raise DataError(
                    f"from_dict(): key {key!r} has {len(values)} value(s) but there are "
                    f"{len(names)} variables {names!r}."
                )
            rows.append(values)
        if not rows:
            raise EmptyTableError(
                "from_dict(): the mapping is empty; a distribution needs at least one row."
            )
        frame = pd.DataFrame(
            {name: pd.Series([r[i] for r in rows], dtype=object) for i, name in enumerate(names)}
        )
        probabilities = list(mapping.values())
        if exact or _exact.holds_fractions(probabilities):
            frame["p"] = pd.Series(probabilities, dtype=object)
            return cls(frame, given, states=states, atol=atol, normalize=normalize, exact=exact)
        frame["p"] = np.asarray(probabilities, dtype=np.float64)
        return cls(frame, given, states=states, atol=atol, normalize=normalize)

    @classmethod
    def from_array(
        cls,
        values: Any,
        states: Mapping[str, Sequence[Any]],
        given: str | Iterable[str] = (),
        *,
        atol: float = DEFAULT_ATOL,
        normalize: bool = False,
        exact: bool = False,
    ) -> Table:
        """A table from an n-dimensional array; axis ``i`` is the ``i``-th variable of ``states``.

        With ``normalize=True`` the values are non-negative weights or counts,
        divided by their total (per assignment of ``given``). An object array
        (or nested lists) of fractions, or ``exact=True``, gives an exact table.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": ["a", "b"]})
        >>> t.p(x=1, y="a")
        0.3
        >>> cpt = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"z": [0, 1], "x": [0, 1]}, given="z")
        >>> cpt.notation
        'p(x | z)'
        >>> counts = pt.Table.from_array([[8, 2], [1, 3]], states={"z": [0, 1], "x": [0, 1]}, given="z",
        ...                              normalize=True)
        >>> counts.p(x=1, z=1)
        0.75
        """
        op = "from_array"
        state_lists = _validate.check_states_map(states, op)
        names = tuple(state_lists)
        given_names = _validate.check_given(given, names, op)
        if exact or _exact.holds_fractions(values):
            _exact.check_no_tolerance(op, atol, DEFAULT_ATOL)
            return _exact.from_array(
                values, names, given_names, state_lists, exact=exact, normalize=normalize, op=op
            )
        try:
            array = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise DataError(f"{op}(): the values must form an array of numbers: {exc}") from None
        cards = tuple(len(state_lists[n]) for n in names)
        if array.shape != cards:
            raise DataError(
                f"{op}(): the array has shape {array.shape} but the states {names!r} "
                f"have {cards} states; axis i must have one entry per state of the i-th variable."
            )
        p = array.reshape(-1).copy()
        _validate.check_probabilities(p, None, op, "weight(s)" if normalize else "probability value(s)")
        table = cls._make(names, given_names, state_lists, p)
        if normalize:
            return table._normalized_weights(op)
        table._check_sums(atol, op)
        return table

    @classmethod
    def from_function(
        cls,
        function: Callable[..., float | Fraction],
        states: Mapping[str, Sequence[Any]],
        given: str | Iterable[str] = (),
        *,
        normalize: bool = True,
        atol: float = DEFAULT_ATOL,
        exact: bool = False,
    ) -> Table:
        """A table whose weights are ``function(**assignment)``, normalized per given assignment.

        A function that returns fractions (or ``exact=True``) gives an exact table.

        Examples
        --------
        >>> grid = [0.0, 0.5, 1.0]
        >>> lik = pt.Table.from_function(lambda flip, theta: theta if flip == "H" else 1 - theta,
        ...                              states={"theta": grid, "flip": ["H", "T"]}, given="theta")
        >>> lik.p(flip="H", theta=0.5)
        0.5
        """
        op = "from_function"
        state_lists = _validate.check_states_map(states, op)
        names = tuple(state_lists)
        given_names = _validate.check_given(given, names, op)
        check_cells(op, [len(v) for v in state_lists.values()], names, hint=_DENSE_HINT)
        # itertools.product runs through the assignments in canonical (C) order, one call each
        computed = [
            function(**dict(zip(names, values))) for values in itertools.product(*state_lists.values())
        ]
        if exact or _exact.holds_fractions(computed):
            _exact.check_no_tolerance(op, atol, DEFAULT_ATOL)
            return _exact.from_values(
                names, given_names, state_lists, computed, exact=exact, normalize=normalize, op=op
            )
        weights = np.fromiter(
            computed,
            dtype=np.float64,
            count=prod(len(v) for v in state_lists.values()),
        )
        _validate.check_probabilities(weights, None, op)
        table = cls._make(names, given_names, state_lists, weights)
        if normalize:
            return table._normalized(table._given, event=None, op=op)
        table._check_sums(atol, op)
        return table

    @classmethod
    def uniform(
        cls, states: Mapping[str, Sequence[Any]], given: str | Iterable[str] = (), *, exact: bool = False
    ) -> Table:
        """The uniform distribution over ``states`` (per assignment of ``given``); exact if asked.

        >>> pt.Table.uniform({"die": range(1, 7)}).p(die=[1, 2])
        0.3333333333333333
        >>> pt.Table.uniform({"die": range(1, 7)}, exact=True).p(die=[1, 2])
        Fraction(1, 3)
        """
        if exact:
            return cls.from_function(lambda **_: 1, states, given, exact=True)
        return cls.from_function(lambda **_: 1.0, states, given)

    @classmethod
    def from_samples(
        cls,
        data: pd.DataFrame,
        variables: str | Sequence[str] | None = None,
        *,
        weights: str | Sequence[float] | np.ndarray | None = None,
        pseudocount: float = 0.0,
        states: Mapping[str, Sequence[Any]] | None = None,
        dropna: bool = False,
        max_distinct: float | None = 0.5,
    ) -> Table:
        """The empirical joint distribution of ``variables`` in a DataFrame of observations.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per observation.
        variables : str or sequence of str, optional
            The columns to count; all columns by default.
        weights : str or array-like, optional
            A column name or one non-negative weight per row.
        pseudocount : float, default 0.0
            Added to the count of every assignment (Laplace/Dirichlet smoothing);
            with a pseudocount the table is dense over all state combinations.
        states : mapping, optional
            Explicit state lists (else categories, else sorted distinct values).
        dropna : bool, default False
            Drop the rows with a missing value in the counted columns (a
            ``DroppedRowsWarning`` says how many); without it, missing values
            raise ``MissingDataError`` naming every such column.
        max_distinct : float or None, default 0.5
            Refuse (``NotDiscreteError``) a counted column, without explicit
            states, with more distinct values than this share of the rows (and
            more than 20): bin it with ``pandas.cut``/``pandas.qcut`` first, or
            pass None (see :mod:`probtables.datachecks`).

        Examples
        --------
        >>> import pandas as pd
        >>> data = pd.DataFrame({"x": [0, 0, 1, 1], "y": ["a", "b", "b", "b"]})
        >>> pt.Table.from_samples(data).p(y="b")
        0.75
        >>> pt.Table.from_samples(data, "x", pseudocount=1).p(x=0)
        0.5
        """
        from probtables.datachecks import prepare_samples
        from probtables.estimate import count_samples

        if isinstance(data, pd.DataFrame):
            if variables is None:
                used = [c for c in data.columns if not (isinstance(weights, str) and c == weights)]
            else:
                used = [variables] if isinstance(variables, str) else list(variables)
            data, weights = prepare_samples(
                data,
                used,
                weights=weights,
                dropna=dropna,
                max_distinct=max_distinct,
                skip=list(states or ()),
                where="from_samples()",
            )
        return count_samples(cls, data, variables, weights, pseudocount, states)

    # ------------------------------------------------------------------ properties

    @property
    def variables(self) -> tuple[str, ...]:
        """All variables, in column order (head and given).

        >>> pt.Table.uniform({"x": [0, 1], "y": [0, 1]}, given="y").variables
        ('x', 'y')
        """
        return self._variables

    @property
    def head(self) -> tuple[str, ...]:
        """The variables in front of the conditioning bar."""
        return self._head

    @property
    def given(self) -> tuple[str, ...]:
        """The variables behind the conditioning bar (evidence is in :attr:`evidence`)."""
        return self._given

    @property
    def states(self) -> dict[str, tuple[Any, ...]]:
        """Each variable's full, ordered list of states (a new dict each call)."""
        return dict(self._states)

    @property
    def evidence(self) -> dict[str, Any]:
        """Fixed values conditioned on: a state, or a tuple of states for an event.

        >>> t = pt.Table.uniform({"x": [0, 1], "y": [0, 1, 2]})
        >>> t.condition(y=1).evidence, t.condition(y=[0, 1]).evidence
        ({'y': 1}, {'y': (0, 1)})
        """
        return {
            k: (v[0] if len(v) == 1 and k not in self._variables else v)
            for k, v in self._evidence.items()
        }

    @property
    def notation(self) -> str:
        """The table in the notes' notation, e.g. ``p(x, y | z=1)``.

        An event keeps its variable in front of the bar: ``p(x, y | y={0, 1})``.
        """
        return format_term(self.head, self._given, self.evidence)

    @property
    def is_exact(self) -> bool:
        """Whether the probabilities are exact :class:`fractions.Fraction` values (see :meth:`to_exact`)."""
        return _exact.is_exact(self)

    def to_exact(self, *, limit_denominator: int | None = None) -> Table:
        """This table with exact :class:`fractions.Fraction` probabilities.

        Each float becomes the fraction it is exactly (``Fraction(0.1)`` is
        3602879701896397/36028797018963968, the binary value of 0.1), so a table
        of decimals rarely sums to exactly 1; ``limit_denominator=n`` takes instead
        the closest fraction with a denominator at most ``n``
        (:meth:`fractions.Fraction.limit_denominator`), which recovers 1/10 or 1/3.
        The result must sum to exactly 1 per conditioning assignment. Exact
        tables cost hundreds of times the float kernels' time (see
        :mod:`probtables.table._exact` and ``benchmarks/bench_exact.py``).

        Raises
        ------
        NormalizationError
            The converted probabilities do not sum to exactly 1.

        Examples
        --------
        >>> t = pt.Table.from_dict({"a": 0.25, "b": 0.75}, variables="x")
        >>> t.to_exact().p(x="a")
        Fraction(1, 4)
        >>> pt.Table.uniform({"x": [0, 1, 2]}).to_exact(limit_denominator=100).p(x=0)
        Fraction(1, 3)
        """
        return _exact.to_exact(self, limit_denominator=limit_denominator)

    def to_float(self) -> Table:
        """This table with float probabilities (an exact table converted; a float one as is).

        >>> pt.Table.uniform({"x": [0, 1, 2]}, exact=True).to_float().p(x=0)
        0.3333333333333333
        """
        return _exact.to_float(self)

    @property
    def is_conditional(self) -> bool:
        """Whether the table has variables or evidence behind the bar."""
        return bool(self._given or self._evidence)

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the table as a DataFrame: categorical variable columns, then ``p``."""
        if "frame" not in self._cache:
            codes = self._codes_array()
            columns: dict[str, Any] = {}
            for col, name in enumerate(self._variables):
                categories = pd.Index(list(self._states[name]), dtype=index_dtype(self._states[name]))
                columns[name] = pd.Categorical.from_codes(codes[:, col], categories=categories)
            columns["p"] = self._p
            self._cache["frame"] = pd.DataFrame(columns)
        return self._cache["frame"].copy()

    @property
    def undefined_count(self) -> int:
        """How many assignments of the given variables the table leaves out (probability zero).

        >>> t = pt.Table.from_dict({(0, 0): 0.5, (0, 1): 0.5}, variables=("x", "y"), states={"x": [0, 1], "y": [0, 1]})
        >>> t.condition("x").undefined_count
        1
        """
        if self._codes is None or not self._given:
            return 0
        if "undefined" not in self._cache:
            cols = [self._axis(g) for g in self._given]
            key, size = _kernels.mixed_key(self._codes, self._cards, cols)
            total = prod(self._cards[c] for c in cols)
            self._cache["undefined"] = total - len(np.unique(key))
        return self._cache["undefined"]

    def __len__(self) -> int:
        return int(self._stored.size)

    # ------------------------------------------------------------------ internal helpers

    @property
    def _is_dense(self) -> bool:
        return self._codes is None

    def _codes_array(self) -> np.ndarray:
        if self._codes is not None:
            return self._codes
        if "codes" not in self._cache:
            codes = _kernels.dense_codes(self._cards)
            codes.setflags(write=False)
            self._cache["codes"] = codes
        return self._cache["codes"]

    def _array(self) -> np.ndarray:
        """The dense n-dimensional array (axes in variable order); absent rows are 0."""
        if self.is_exact:
            return _exact.dense_array(self)
        if self._codes is None:
            return self._p.reshape(self._cards)
        return _kernels.scatter_dense(self._codes, self._cards, self._p).reshape(self._cards)

    def _axis(self, name: str) -> int:
        return self._variables.index(name)

    def _describe_codes(self, cols: Sequence[int]) -> Callable[[np.ndarray], str]:
        def describe(row: np.ndarray) -> str:
            if not cols:
                return "total"
            return ", ".join(
                f"{format_name(self._variables[c])}={_validate.show_value(self._states[self._variables[c]][int(row[c])])}"
                for c in cols
            )

        return describe

    def _names(self, names: str | Iterable[str], op: str) -> tuple[str, ...]:
        out = (names,) if isinstance(names, str) else tuple(names)
        if all(name in self._variables for name in out):
            return out
        return _validate.as_names(out, self._variables, op, self.notation)

    def _state_index(self, name: str, value: Any, op: str) -> int:
        states = self._states[name]
        lookup = self._cache.setdefault(f"index:{name}", {})
        if not lookup:
            for i, state in enumerate(states):
                lookup.setdefault(hashable(state), i)
        index = lookup.get(hashable(value))
        if index is None:
            matches = [i for i, state in enumerate(states) if str(state) == str(value)]
            if len(matches) == 1:
                return matches[0]
            shown = value.item() if isinstance(value, np.generic) else value
            raise UnknownStateError(
                f"{op}(): unknown state {shown!r} for variable {name!r}; its states are {states!r}."
            )
        return index

    def _state_indices(self, name: str, value: Any, op: str) -> tuple[list[int], bool]:
        """The state indices a value or event names, and whether it was a single value."""
        if isinstance(value, (list, tuple, set, frozenset, range, np.ndarray, pd.Index, pd.Series)):
            values = list(value)
            if not values:
                raise UnknownStateError(f"{op}(): the event for {name!r} lists no states.")
            return sorted({self._state_index(name, v, op) for v in values}), False
        return [self._state_index(name, value, op)], True

    # ------------------------------------------------------------------ the sum rule

    def p(self, /, **assignment: Any) -> float | Fraction:
        """The probability of an assignment; unnamed head variables are summed out.

        An exact table returns a :class:`fractions.Fraction`.

        A list of states is an event (their probabilities add). For a conditional
        table every variable behind the bar must be given a single value.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> t.p(x=1), t.p(x=1, y=0), t.p(y=[0, 1])
        (0.7, 0.3, 1.0)
        """
        op = "p"
        for name in assignment:
            if name not in self._variables:
                raise _validate.unknown_variable(op, name, self._variables, self.notation)
        missing = [g for g in self._given if g not in assignment]
        if missing:
            raise NotAJointError(
                f"p(): {self.notation} is conditional on {tuple(missing)!r}; "
                f"name a value for each, e.g. p({missing[0]}=...)."
            )
        selection: dict[int, list[int]] = {}
        for name, value in assignment.items():
            indices, single = self._state_indices(name, value, op)
            if name in self._given and not single:
                raise NotAJointError(
                    f"p(): {name!r} is behind the bar of {self.notation}; give it one value, not an event."
                )
            selection[self._axis(name)] = indices
        if self._given and not self._defines(selection):
            given = ", ".join(f"{g}={_validate.show_value(assignment[g])}" for g in self._given)
            raise ZeroProbabilityError(
                f"p(): {self.notation} is not defined for {given}: it has probability zero."
            )
        if self.is_exact:
            return _exact.probability(self, selection)
        if self._codes is None:
            array, physical = self._physical()
            index = tuple(
                np.asarray(selection.get(self._axis(v), range(n))) for v, n in zip(physical, array.shape)
            )
            return _exact_sum(array[np.ix_(*index)])
        mask = self._row_mask(selection)
        return _exact_sum(self._p[mask])

    def _row_mask(self, selection: Mapping[int, Sequence[int]]) -> np.ndarray:
        codes = self._codes_array()
        mask = np.ones(len(self._p), dtype=bool)
        for axis, indices in selection.items():
            allowed = np.zeros(self._cards[axis], dtype=bool)
            allowed[list(indices)] = True
            mask &= allowed[codes[:, axis]]
        return mask

    def _defines(self, selection: Mapping[int, Sequence[int]]) -> bool:
        """Whether the given assignment in ``selection`` has rows (is defined)."""
        if self._codes is None:
            return True
        given_sel = {self._axis(g): selection[self._axis(g)] for g in self._given}
        return bool(self._row_mask(given_sel).any())

    def marginal(self, *names: str | Iterable[str]) -> Table:
        """Keep ``names`` and sum every other head variable out (the sum rule).

        Variables behind the bar are always kept.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> t.marginal("x")
        p(x)
        x   p
        0 0.3
        1 0.7
        """
        named = self._names(_flatten(names), "marginal")
        if not [v for v in named if v not in self._given]:
            raise EmptyTableError(
                f"marginal(): name at least one head variable of {self.notation} to keep "
                f"(its head is {self.head!r}); got {named!r}."
            )
        keep = set(named) | set(self._given)
        return self._sum_to(tuple(v for v in self._variables if v in keep))

    def marginalize(self, *names: str | Iterable[str]) -> Table:
        """Sum ``names`` out of the table (the sum rule, "marginalizing out").

        Summing a variable out from behind the bar is meaningless without its
        distribution and raises :class:`~probtables.errors.ConditionalMarginalizationError`.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> t.marginalize("x").p(y=1)
        0.6
        """
        if len(names) == 1 and type(names[0]) is str and names[0] in self._states:
            drop: tuple[str, ...] = names  # type: ignore[assignment]  # one known name: the usual call
        else:
            drop = self._names(_flatten(names), "marginalize")
        behind = [v for v in drop if v in self._given]
        if behind:
            name = behind[0]
            others = [g for g in self._given if g != name]
            prior = format_term([name], others)
            raise ConditionalMarginalizationError(
                f"marginalize(): cannot sum {name!r} out of {self.notation}: it is behind the bar, and "
                f"summing a conditional over {name!r} is meaningless without the distribution of {name!r}. "
                f"Multiply by {prior} first (table * {prior}) to get "
                f"{format_term(list(self.head) + [name], others, self.evidence)}, then marginalize."
            )
        if len(set(drop)) == len(self.head):
            raise EmptyTableError(
                f"marginalize(): summing out every head variable of {self.notation} leaves nothing."
            )
        return self._sum_to(tuple(v for v in self._variables if v not in drop))

    def _sum_to(self, keep: tuple[str, ...]) -> Table:
        if keep == self._variables:
            return self
        if self._store[0].dtype == object:  # an exact table
            return _exact.sum_to(self, keep)
        states = {v: self._states[v] for v in keep}
        if self._codes is None:  # summed in storage order; the result keeps that order
            array, physical = self._physical()
            kept = [v in states for v in physical]
            summed = _kernels.sum_to(array, kept)
            given = self._given
            head = tuple(v for v in keep if v not in given) if given else keep
            physical = tuple(itertools.compress(physical, kept))
            result = Table._dense(keep, head, given, states, summed, self._evidence, physical)
        else:
            axes = [i for i, v in enumerate(self._variables) if v in keep]
            codes, sums = _kernels.group_sum(self._codes, self._cards, axes, self._p)
            result = Table._make(keep, self._given, states, sums, codes, self._evidence)
        # a quotient self / result sums to 1 by construction: division need not check it again
        result._cache["marginal_of"] = weakref.ref(self)
        return result

    def _is_marginal_of(self, other: Table) -> bool:
        """Whether this table was computed as a marginal of ``other`` (so ``other / self`` is normalized)."""
        source = self._cache.get("marginal_of")
        return source is not None and source() is other

    # ------------------------------------------------------------------ conditioning

    def condition(self, *names: str | Iterable[str], **evidence: Any) -> Table:
        r"""Condition on variables (``p(x | y)``), on evidence (``p(x | y=0)``) or on events.

        Parameters
        ----------
        *names : str
            Head variables to move behind the bar: the result is
            :math:`p(\text{rest} \mid \text{names})`. Parent assignments of
            probability zero are left out (and counted in the repr).
        **evidence : state or list of states
            ``y=0`` fixes ``y`` (it leaves the table and is shown as ``y=0``);
            ``y=[0, 1]`` conditions on the event ``y in {0, 1}`` (``y`` stays, with
            probability zero outside the event). Evidence on a variable already
            restricted to an event narrows it: a value fixes the variable, a list
            keeps the states of both events.

        Raises
        ------
        ZeroProbabilityError
            The event has probability zero.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> t.condition("y").notation
        'p(x | y)'
        >>> t.condition(y=0).p(x=1)
        0.75
        >>> t.condition(x=[0, 1]).equals(t.condition(x=[0, 1]))
        True
        """
        cond = self._names(_flatten(names), "condition")
        for name in evidence:
            if name not in self._variables:
                raise _validate.unknown_variable("condition", name, self._variables, self.notation)
        clash = set(cond) & set(evidence)
        if clash:
            name = sorted(clash)[0]
            raise ArgumentError(
                f"condition(): {name!r} is named both as a variable and with evidence; choose one."
            )
        table = self._apply_evidence(evidence) if evidence else self
        new_given = set(table._given) | set(cond)
        if cond and len(new_given) == len(table._variables):
            raise EmptyTableError(
                f"condition(): conditioning {table.notation} on {cond!r} leaves no variable in front of the bar."
            )
        if not cond:
            return table
        return table._normalized(tuple(new_given), event=None, op="condition")

    def _apply_evidence(self, evidence: Mapping[str, Any]) -> Table:
        if self.is_exact:
            return _exact.apply_evidence(self, evidence)
        op = "condition"
        fixed: dict[int, int] = {}
        events: dict[int, list[int]] = {}
        new_evidence = dict(self._evidence)
        for name, value in evidence.items():
            indices, single = self._state_indices(name, value, op)
            axis = self._axis(name)
            if single:
                fixed[axis] = indices[0]
                new_evidence[name] = (self._states[name][indices[0]],)
            else:
                if name in self._evidence:  # an earlier event on this variable: the new one narrows it
                    earlier = set(self._state_indices(name, list(self._evidence[name]), op)[0])
                    indices = [i for i in indices if i in earlier]
                    if not indices:
                        raise self._zero_event(lambda: _settings_text(evidence), op)
                events[axis] = indices
                new_evidence[name] = tuple(self._states[name][i] for i in indices)
        keep = tuple(v for i, v in enumerate(self._variables) if i not in fixed)
        if not [v for v in keep if v not in self._given]:
            shown = _settings_text(evidence)
            raise EmptyTableError(
                f"condition(): the evidence {shown} fixes every head variable of {self.notation}; "
                f"for the probability of that event use p({shown})."
            )
        states = {v: self._states[v] for v in keep}
        event_text = lambda: _settings_text(evidence)  # noqa: E731 - formatted only on error
        if self._codes is None:  # sliced in storage order; the slice keeps that order
            array, physical = self._physical()
            axis_of = [self._axis(v) for v in physical]
            array = array[tuple(fixed.get(axis, slice(None)) for axis in axis_of)]
            kept_physical = tuple(v for v, axis in zip(physical, axis_of) if axis not in fixed)
            for axis, indices in events.items():
                mask = np.zeros(self._cards[axis], dtype=np.float64)
                mask[indices] = 1.0
                shape = [1] * array.ndim
                shape[kept_physical.index(self._variables[axis])] = self._cards[axis]
                array = array * mask.reshape(shape)
            sliced = Table._make(
                keep, self._given, states, array.reshape(-1), None, new_evidence, kept_physical
            )
        else:
            selection = {**{a: [i] for a, i in fixed.items()}, **events}
            mask = self._row_mask(selection)
            cols = [a for a in range(len(self._cards)) if a not in fixed]
            codes = np.asfortranarray(self._codes[mask][:, cols])
            sliced = Table._make(keep, self._given, states, self._p[mask], codes, new_evidence)
        try:
            return sliced._normalized(
                tuple(g for g in self._given if g in keep), event=event_text, op=op
            )
        except ZeroProbabilityError:
            # name the table the user conditioned, not the slice that already carries the evidence
            raise self._zero_event(event_text, op) from None

    def _normalized(self, given: tuple[str, ...], *, event: Callable[[], str] | None, op: str) -> Table:
        """Divide ``p`` by its sum per assignment of ``given``, leaving out zero-sum assignments."""
        if self.is_exact:
            return _exact.normalized(self, given, event=event, op=op)
        given_axes = [i for i, v in enumerate(self._variables) if v in given]
        if self._codes is None:
            stored, physical = self._physical()  # no zero sum: divided in storage order
            stored_given = [v in given for v in physical]
            stored_sums = _kernels.sum_to(stored, stored_given)
            if not (stored_sums == 0).any():
                quotient = _kernels.divide_by(stored, stored_given, stored_sums).reshape(-1)
                return Table._make(
                    self._variables, given, self._states, quotient, None, self._evidence, physical
                )
            array = self._p.reshape(self._cards)
            is_given = [i in given_axes for i in range(len(self._variables))]
            sums = _kernels.sum_to(array, is_given)
            denominator = sums.reshape([c if g else 1 for c, g in zip(self._cards, is_given)])
            zero = denominator == 0
            if zero.all():
                raise self._zero_event(event, op)
            quotient = array / np.where(zero, 1.0, denominator)
            keep = ~np.broadcast_to(zero, self._cards).reshape(-1)
            codes = np.asfortranarray(self._codes_array()[keep])
            return Table._make(
                self._variables, given, self._states, quotient.reshape(-1)[keep], codes, self._evidence
            )
        sums, _, inverse = _kernels.sums_per_group(self._codes, self._cards, given_axes, self._p)
        zero = sums == 0
        if zero.all():
            raise self._zero_event(event, op)
        keep = ~zero[inverse]
        p = self._p[keep] / sums[inverse[keep]]
        codes = np.asfortranarray(self._codes[keep])
        return Table._make(self._variables, given, self._states, p, codes, self._evidence)

    def _zero_event(self, event: Callable[[], str] | None, op: str) -> ZeroProbabilityError:
        what = f"the event {event()}" if event else "every conditioning assignment"
        return ZeroProbabilityError(
            f"{op}(): {what} has probability zero in {self.notation}; cannot condition on it."
        )

    def query(
        self, text: str, *, likelihood: Mapping[str, Mapping[Any, float] | Sequence[float]] | None = None
    ) -> Table | float | Fraction:
        r"""Answer a question written in the notation, e.g. ``"p(x | y=0)"``.

        Head variables become the kept variables, plain variables behind the bar
        are conditioned on, ``name=value`` behind the bar is evidence. When every
        head variable has a value the answer is a probability (a float; a
        ``Fraction`` for an exact table).

        ``likelihood`` is soft (virtual) evidence, the same language as
        :meth:`Factorization.query <probtables.factorization.Factorization.query>`:
        ``{"y": {"a": 0.8, "b": 0.2}}`` multiplies every row by a weight per
        state of ``y`` (states not listed weigh 0; a sequence gives one weight per
        state, in order) before the question is answered, so the answer is
        proportional to :math:`\sum p(x) \prod_v \lambda_v(x_v)`. The result's
        notation does not show it. A likelihood is on a head variable of the
        table, not on one behind its bar nor on one given a value in ``text``.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> t.query("p(x | y=0)").equals(t.condition(y=0))
        True
        >>> t.query("p(x=1 | y=0)")
        0.75
        >>> round(t.query("p(x=1)", likelihood={"y": {0: 1.0, 1: 0.5}}), 4)  # (0.3 + 0.2) / (0.4 + 0.3)
        0.7143
        """
        spec = parse_term(text)
        head = list(spec.head_names)
        # evidence the table already carries (as in t.query(t.notation)) is satisfied, not applied again
        carried = {name for name, value in spec.evidence.items() if self._carries(name, value)}
        given_evidence = {name: value for name, value in spec.evidence.items() if name not in carried}
        cond = [item.name for item in spec.given if not item.has_value]
        head_values = spec.event
        missing = [g for g in self._given if g not in spec.given_names]
        if missing:
            raise NotAJointError(
                f"query(): {self.notation} is conditional on {tuple(missing)!r}; write it behind the bar of {text!r}."
            )
        for name in head + [g for g in spec.given_names if g not in carried]:
            if name not in self._variables:
                raise _validate.unknown_variable("query", name, self._variables, self.notation)
        table = self
        if likelihood:
            table = self._weighted(likelihood, spec.evidence, "query")
        table = table.condition(**given_evidence) if given_evidence else table
        table = table.marginal(*[n for n in head + cond if n in table._variables])
        free_cond = [c for c in cond if c not in table._given]
        if free_cond:
            table = table.condition(*free_cond)
        if head_values and len(head_values) < len(head):
            raise ArgumentError(
                f"query(): give values to all head variables of {text!r} (for a probability) or to none (for a table)."
            )
        if head_values and table._given:
            raise ArgumentError(
                f"query(): {text!r} asks for a probability, so give a value to {table._given[0]!r} behind the bar "
                f"too (e.g. {table._given[0]}=...), or leave the head without values to get a table."
            )
        if head_values:
            return table.p(**head_values)
        return table

    def _weighted(self, likelihood: Mapping[str, Any], evidence: Mapping[str, Any], op: str) -> Table:
        """This table times a weight per state of each variable of ``likelihood``, normalized again."""
        codes = self._codes_array()
        weights: np.ndarray | None = None
        for name, given_weights in likelihood.items():
            if name not in self._variables:
                raise _validate.unknown_variable(op, name, self._variables, self.notation)
            if name in self._given:
                raise ArgumentError(
                    f"{op}(): {name!r} is behind the bar of {self.notation}; a likelihood weighs "
                    "states of a head variable."
                )
            if name in evidence and not isinstance(evidence[name], tuple):
                raise ArgumentError(
                    f"{op}(): {name!r} has both a value and a likelihood; give one of them."
                )
            vector = self._likelihood_vector(name, given_weights, op)
            row = vector[codes[:, self._axis(name)]]
            weights = row if weights is None else weights * row
        if weights is None:
            return self
        weighted = Table._make(
            self._variables, self._given, self._states, self._p * weights, self._codes, self._evidence
        )
        names = ", ".join(repr(n) for n in likelihood)
        try:
            return weighted._normalized(self._given, event=None, op=op)
        except ZeroProbabilityError:
            raise ZeroProbabilityError(
                f"{op}(): the evidence likelihood on {names} has probability zero in {self.notation}; "
                "cannot condition on it."
            ) from None

    def _likelihood_vector(self, name: str, weights: Any, op: str) -> np.ndarray:
        """One weight per state of ``name`` (fractions for an exact table), checked."""
        states = self._states[name]
        card = len(states)
        if isinstance(weights, Mapping):
            values: list[Any] = [0] * card
            for state, w in weights.items():
                values[self._state_index(name, state, op)] = w
        else:
            values = list(weights)
            if len(values) != card:
                raise ArgumentError(
                    f"{op}(): the likelihood of {name!r} needs one weight per state {states!r} "
                    f"(or a mapping state -> weight); got {len(values)} weights."
                )
        try:
            floats = np.asarray([float(w) for w in values], dtype=np.float64)
        except (TypeError, ValueError):
            floats = np.array([np.nan])
        if not np.all(np.isfinite(floats)) or (floats < 0).any() or not (floats > 0).any():
            raise ArgumentError(
                f"{op}(): the likelihood of {name!r} must be finite, non-negative weights, not all zero; "
                f"got {values!r}."
            )
        if self.is_exact:
            exact = np.empty(card, dtype=object)
            exact[:] = [Fraction(w) for w in values]
            return exact
        return floats

    def _carries(self, name: str, value: Any) -> bool:
        """Whether the table was already conditioned on exactly ``name=value`` (a value or an event)."""
        if name not in self._evidence or name in self._variables:
            return False
        values = value if isinstance(value, tuple) else (value,)
        return {hashable(v) for v in values} == {hashable(v) for v in self._evidence[name]}

    # ------------------------------------------------------------------ the chain rule

    def __mul__(self, other: Table) -> Table:
        """The product rule: ``p(x | y) * p(y)`` is ``p(x, y)``.

        The heads must be disjoint and the factors must not condition on each
        other's heads in a cycle; the result is
        p(A ∪ B | (given_A ∪ given_B) − (A ∪ B)).

        Examples
        --------
        >>> prior = pt.Table.from_dict({0: 0.4, 1: 0.6}, variables="y")
        >>> lik = pt.Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"y": [0, 1], "x": [0, 1]}, given="y")
        >>> joint = lik * prior
        >>> joint.notation, round(joint.p(x=1), 4)
        ('p(x, y)', 0.52)
        """
        if not isinstance(other, Table):
            return NotImplemented
        if self._store[0].dtype == object or other._store[0].dtype == object:  # an exact factor
            return _exact.multiply(self, other)
        return _product.multiply(self, other)

    def __truediv__(self, other: Table) -> Table:
        """Division into a conditional: ``p(x, y) / p(y)`` is ``p(x | y)``.

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> (t / t.marginal("y")).equals(t.condition("y"))
        True
        """
        if not isinstance(other, Table):
            return NotImplemented
        if self._store[0].dtype == object or other._store[0].dtype == object:  # an exact operand
            return _exact.divide(self, other)
        return _product.divide(self, other)

    def chain_factorize(self, order: Sequence[str | Sequence[str]]) -> Factorization:
        """Factorize by the chain rule in the given order; a tuple in ``order`` is a grouped event.

        ``["x", "w", "z", "y"]`` gives p(x)p(w | x)p(z | x, w)p(y | x, w, z);
        ``[("w", "x"), ("y", "z")]`` gives p(w, x)p(y, z | w, x). Variables behind
        the table's bar stay behind every bar.

        Examples
        --------
        >>> t = pt.Table.uniform({"w": [0, 1], "x": [0, 1], "y": [0, 1]})
        >>> f = t.chain_factorize(["x", ("w", "y")])
        >>> str(f)
        'p(x)p(w, y | x)'
        >>> f.joint().equals(t)
        True
        """
        if self.is_exact:
            return _exact.chain_factorize(self, order)
        from probtables.table._chain import chain_factorize

        return chain_factorize(self, order)

    def factorize(self, structure: Factorization | str) -> Factorization:
        """The terms of ``structure`` computed from this table (each p(H | G) as a conditional of it).

        Examples
        --------
        >>> t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
        >>> str(t.factorize("p(y)p(x | y)"))
        'p(y)p(x | y)'
        """
        from probtables.table._chain import factorize

        return factorize(self, structure)

    def satisfies(self, structure: Factorization | str, *, atol: float = DEFAULT_ATOL) -> bool:
        """Whether the product of ``structure``'s terms, computed from this table, equals it.

        Examples
        --------
        >>> t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
        >>> t.satisfies("p(x)p(y)")
        True

        On an exact table the check is exact (no tolerance; ``atol`` must be left out).
        """
        check_atol(atol, "satisfies")
        if self.is_exact:
            _exact.check_no_tolerance("satisfies", atol, DEFAULT_ATOL)
            return _exact.satisfies(self, structure)
        factorization = self.factorize(structure)
        try:
            joint = factorization.joint()
        except ProductError:  # a term undefined where the others put probability: not this table
            return False
        return joint.equals(self, atol=atol)

    def independent(
        self,
        a: str | Iterable[str],
        b: str | Iterable[str] | None = None,
        given: str | Iterable[str] = (),
        *,
        atol: float = DEFAULT_ATOL,
    ) -> bool:
        """Whether ``a`` and ``b`` are independent given ``given`` in this table (numerically).

        Checks p(a, b | c) = p(a | c) p(b | c) for every c of positive probability.
        With ``b`` left out, ``a`` is a whole statement: ``t.independent("y ⊥ z | x")``.
        On an exact table the equality is checked exactly (``atol`` must be left out).

        Examples
        --------
        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> t.independent("x", "y")
        False
        >>> u = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
        >>> u.independent("x", "y"), u.independent("x ⊥ y")
        (True, True)
        """
        check_atol(atol, "independent")
        from probtables.check import independence_gap

        if b is None:
            from probtables.independence import Independence

            if given:
                raise ArgumentError(
                    "independent(): give either a statement or a, b and given, not both."
                )
            statement = Independence.coerce(cast("Independence | str", a))  # a alone is the statement
            a, b, given = sorted(statement.left), sorted(statement.right), sorted(statement.given)
        if self.is_exact:
            _exact.check_no_tolerance("independent", atol, DEFAULT_ATOL)
            return bool(independence_gap(self, a, b, given, exact_values=True).gap == 0)
        return independence_gap(self, a, b, given).gap <= atol

    def equals(self, other: Table, *, atol: float = 1e-12, exact: bool | None = None) -> bool:
        """Whether ``other`` is the same distribution (missing rows count as zero).

        Variable order and row order do not matter; names, given variables,
        evidence and state sets must agree. Two exact tables compare exactly
        (``atol`` must be left out). An exact and a float table raise
        :class:`~probtables.errors.ExactnessError` unless ``exact`` says how to
        compare them: ``exact=False`` compares both as floats within ``atol``,
        ``exact=True`` converts the float one with :meth:`to_exact`.

        Examples
        --------
        >>> a = pt.Table.from_dict({0: 0.5, 1: 0.5}, variables="x")
        >>> a.equals(pt.Table.uniform({"x": [0, 1]}))
        True
        """
        check_atol(atol, "equals")
        from probtables.table._product import max_difference

        if not isinstance(other, Table):
            return False
        if self.is_exact or other.is_exact:
            if exact is False:
                return _exact.to_float(self).equals(_exact.to_float(other), atol=atol)
            if exact is True:
                _exact.check_no_tolerance("equals", atol, 1e-12)
                return _exact.to_exact(self).equals(_exact.to_exact(other))
            _exact.require_same_kind(self, other, "equals()")
            _exact.check_no_tolerance("equals", atol, 1e-12)
            return _exact.equals(self, other)
        gap = max_difference(self, other)
        return gap is not None and gap <= atol

    def derive(self, query: str | Independence, *, values: bool = False) -> Derivation:
        """The query against this joint, rewritten step by step (see :func:`probtables.derivation.derive`).

        >>> t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]}, exact=True)
        >>> d = t.derive("p(x | y=1)", values=True)
        >>> print(d.steps[0].text)
        p(x, y=1) / p(y=1)
        """
        from probtables.derivation import derive

        return derive(self, query, values=values)

    # ------------------------------------------------------------------ sampling and views

    def sample(self, n: int, seed: int | np.random.Generator | None = None) -> pd.DataFrame:
        """Draw ``n`` assignments from a joint table, as a DataFrame of categorical columns.

        Examples
        --------
        >>> draws = pt.Table.from_dict({"H": 1.0, "T": 0.0}, variables="c").sample(3, seed=0)
        >>> draws["c"].tolist()
        ['H', 'H', 'H']
        """
        if self._given:
            raise NotAJointError(
                f"sample(): {self.notation} is conditional on {self._given!r}; condition on evidence "
                f"(e.g. condition({self._given[0]}=...)) or multiply by their distribution first."
            )
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise DataError(f"sample(): n must be a whole number >= 0, got {n!r}.")
        rng = np.random.default_rng(seed)
        cumulative = np.cumsum(self._p)
        rows = np.searchsorted(cumulative, rng.random(int(n)) * cumulative[-1], side="right")
        rows = np.minimum(rows, len(self._p) - 1)
        if (
            self._codes is None
        ):  # dense: the row number is the mixed-radix code, no need to list every assignment
            codes = np.stack(np.unravel_index(rows, self._cards), axis=1)
        else:
            codes = self._codes[rows]
        return pd.DataFrame(
            {
                name: pd.Categorical.from_codes(
                    codes[:, col],
                    categories=pd.Index(list(self._states[name]), dtype=index_dtype(self._states[name])),
                )
                for col, name in enumerate(self._variables)
            }
        )

    def to_series(self) -> pd.Series:
        """The probabilities as a Series indexed by the variables (a MultiIndex).

        >>> pt.Table.uniform({"x": ["a", "b"]}).to_series().to_dict()
        {'a': 0.5, 'b': 0.5}
        """
        frame = self.frame
        return frame.set_index(list(self._variables))["p"]

    def pivot(self, index: str | Sequence[str], columns: str | Sequence[str]) -> pd.DataFrame:
        """A grid of probabilities, ``index`` down and ``columns`` across; other head variables summed out.

        >>> t = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": [0, 1]})
        >>> t.pivot(index="x", columns="y").to_numpy().tolist()
        [[0.1, 0.2], [0.3, 0.4]]
        """
        rows = self._names(index, "pivot")
        cols = self._names(columns, "pivot")
        both = [v for v in rows if v in cols]
        if both:
            raise DataError(
                f"pivot(): {both[0]!r} is named in both index and columns; name each variable once."
            )
        missing = [g for g in self._given if g not in rows + cols]
        if missing:
            raise ConditionalMarginalizationError(
                f"pivot(): {missing[0]!r} is behind the bar of {self.notation}; put it in index or columns."
            )
        kept = self.marginal(*rows, *cols)
        return kept.frame.pivot_table(
            index=list(rows),
            columns=list(cols),
            values="p",
            aggfunc="sum",
            observed=False,
            fill_value=0.0,
        )

    def to_array(self, variables: Sequence[str] | None = None) -> np.ndarray:
        """The table as a dense numpy array with axes in the order of ``variables``.

        >>> pt.Table.uniform({"x": [0, 1], "y": [0, 1, 2]}).to_array(["y", "x"]).shape
        (3, 2)
        """
        order = self._variables if variables is None else self._names(variables, "to_array")
        if sorted(order) != sorted(self._variables):
            raise ArgumentError(
                f"to_array(): name every variable of {self.notation} once; got {tuple(order)!r}."
            )
        if self._codes is not None:  # sparse: its dense array may not fit (a dense one already does)
            check_cells("to_array", self._cards, self._variables, hint=_DENSE_HINT)
        if self._codes is None and not self.is_exact:  # one copy from storage order
            array, physical = self._physical()
            out = _kernels.transposed(array, [physical.index(v) for v in order])
            return out if out.flags.writeable else out.copy()  # never a view of the stored array
        array = self._array().transpose([self._axis(v) for v in order])
        return np.array(array)

    def to_xarray(self) -> xarray.DataArray:
        """The table as an ``xarray.DataArray``, states as coordinates (see :func:`probtables.interop.to_xarray`)."""
        from probtables.interop import to_xarray

        return to_xarray(self)

    @classmethod
    def from_xarray(
        cls, array: Any, *, given: str | Sequence[str] | None = None, atol: float = DEFAULT_ATOL
    ) -> Table:
        """A table from an ``xarray.DataArray`` of probabilities (see :func:`probtables.interop.from_xarray`)."""
        from probtables.interop import from_xarray

        return from_xarray(array, given=given, atol=atol)

    # ------------------------------------------------------------------ display

    def _header(self) -> str:
        left_out = self.undefined_count
        if not left_out:
            return self.notation
        return f"{self.notation}  ({left_out} conditioning assignment(s) of probability zero left out)"

    def __repr__(self) -> str:
        from probtables._display.text import table_text

        return table_text(self)

    def _repr_html_(self) -> str:
        from probtables._display.html import table_html

        return table_html(self)

    def to_latex(self) -> str:
        r"""The notation as LaTeX, e.g. ``p(x, y \mid z=1)`` (see :func:`probtables._display.html.to_latex`)."""
        from probtables._display.html import to_latex

        return to_latex(self)

    def plot(
        self,
        *,
        ax: Axes | Sequence[Axes] | None = None,
        annotate: bool = True,
        color: str | None = None,
        cmap: str | None = None,
        colorbar: bool = True,
    ) -> Axes | Figure:
        """Draw the table: bars, a heatmap, or one panel per parent assignment (see :func:`probtables.plot.plot_table`)."""
        from probtables.plot import plot_table

        return plot_table(self, ax=ax, annotate=annotate, color=color, cmap=cmap, colorbar=colorbar)

    def __getstate__(self) -> dict[str, Any]:
        """The table's parts for pickling; its cache (which may hold a weak reference) is left out."""
        return {name: getattr(self, name) for name in Table.__slots__ if name not in _UNPICKLED}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self._store[0].setflags(write=False)  # numpy unpickles arrays writeable
        if self._codes is not None:
            self._codes.setflags(write=False)
        self._cache = {}

    def __eq__(self, other: object) -> bool:
        raise TypeError("Tables have no ==; use a.equals(b, atol=...) to compare distributions.")

    __hash__ = None  # type: ignore[assignment]

    def entropy(
        self,
        variables: str | Iterable[str] | None = None,
        *,
        given: str | Iterable[str] | Mapping[str, Any] | None = None,
        base: float | None = None,
    ) -> float:
        """Entropy of the head, of ``variables``, or conditional on ``given`` (see :func:`probtables.information.entropy`)."""
        from probtables.information import entropy

        return entropy(self, variables, given=given, base=base)

    def mutual_information(
        self,
        x: str | Iterable[str] | Independence,
        y: str | Iterable[str] | None = None,
        *,
        given: str | Iterable[str] | None = None,
        base: float | None = None,
    ) -> float:
        """Conditional mutual information I(x; y | given) (see :func:`probtables.information.mutual_information`)."""
        from probtables.information import mutual_information

        return mutual_information(self, x, y, given=given, base=base)


def table_from_dense(
    values: np.ndarray,
    states: Mapping[str, tuple[Any, ...]],
    given: Iterable[str] = (),
    *,
    evidence: Mapping[str, tuple[Any, ...]] | None = None,
) -> Table:
    """A float table from a dense array whose state lists are already validated (for library code).

    :meth:`Table.from_array` checks every state list (names, duplicates,
    hashability), which costs a few hundred microseconds; code that builds many
    small tables over the states of existing tables (the inference engine's
    posteriors) does not need that. This constructor trusts ``states`` and
    ``evidence`` and checks only the numbers, cheaply: the shape, that they are
    finite and non-negative, and that they sum to 1 (per assignment of
    ``given``, within :data:`DEFAULT_ATOL`). It is not for user input: use
    :meth:`Table.from_array`, which also takes exact values.

    Parameters
    ----------
    values : numpy.ndarray
        Float probabilities; axis ``i`` is the ``i``-th variable of ``states``.
    states : mapping of str to tuple
        State tuples taken from existing tables (e.g. ``table.states``).
    given : iterable of str, optional
        The variables behind the bar.
    evidence : mapping of str to tuple, optional
        Evidence the table carries, as :meth:`Table.condition` records it:
        ``{name: (state,)}`` for an observed value, several states for an event.
        Its variables are not variables of the table.

    Returns
    -------
    Table

    Raises
    ------
    DataError
        The shape does not match the states, or the values are not a float array.
    InvalidProbabilityError, NormalizationError
        A value is negative or not finite, or the values do not sum to 1.

    Examples
    --------
    >>> prior = pt.Table.from_array([0.2, 0.8], states={"rain": ["yes", "no"]})
    >>> posterior = table_from_dense(np.array([0.6, 0.4]), prior.states, evidence={"wet": (True,)})
    >>> posterior.notation, posterior.p(rain="yes")
    ('p(rain | wet=True)', 0.6)
    """
    op = "table_from_dense"
    array = np.asarray(values)
    if array.dtype.kind not in "fiu":  # floats or integers; not objects (fractions), bools or strings
        raise DataError(
            f"{op}(): expected a float array, got dtype {array.dtype}; build exact tables with "
            "Table.from_array."
        )
    names = tuple(states)
    cards = tuple(len(states[n]) for n in names)
    if array.shape != cards:
        raise DataError(
            f"{op}(): the array has shape {array.shape} but the states {names!r} "
            f"have {cards} states; axis i must have one entry per state of the i-th variable."
        )
    p = np.array(array, dtype=np.float64).reshape(-1)
    total = float(p.sum()) if p.size else 0.0
    if not (p.size and p.min() >= 0 and math.isfinite(total)):  # a NaN fails the comparison
        _validate.check_probabilities(p, None, op, "probability value(s)")
    table = Table.__new__(Table)
    table._init(names, given, states, p, None, evidence or {})
    if table._given or abs(total - 1.0) > DEFAULT_ATOL:  # one sum per assignment, or the error
        table._check_sums(DEFAULT_ATOL, op)
    return table


_UNPICKLED = ("_cache", "__weakref__")  # rebuilt on unpickling


def _exact_sum(values: np.ndarray) -> float:
    """The correctly rounded sum (``math.fsum``): over a million states, 1 stays 1 within one rounding."""
    return math.fsum(values.ravel().tolist())


def _settings_text(settings: Mapping[str, Any]) -> str:
    """``x=1, y={0, 1}``: settings as the notation writes them behind a bar."""
    return ", ".join(str(Item.of(name, value)) for name, value in settings.items())


def _flatten(names: Iterable[str | Iterable[str]]) -> list[str]:
    out: list[str] = []
    for item in names:
        if isinstance(item, str):
            out.append(item)
        else:
            out.extend(item)
    return out


# The exact (Fraction) path and the product rule import Table itself, so they load once it exists.
from probtables.table import _exact, _product  # noqa: E402
