r"""Conditional independence statements, ``y ⊥ z | x``, as values.

Concepts
--------
Two sets of variables :math:`Y` and :math:`Z` are *independent given* a third
set :math:`X`, written :math:`Y \perp Z \mid X`, when, for every assignment
:math:`x` of :math:`X` with :math:`p(x) > 0`,

.. math::

    p(y, z \mid x) = p(y \mid x)\, p(z \mid x)
    \quad\text{or, equivalently,}\quad
    p(y \mid z, x) = p(y \mid x).

Once :math:`X` is known, learning :math:`Z` tells nothing more about
:math:`Y`. With :math:`X` empty this is plain (marginal) independence,
:math:`p(y, z) = p(y)\,p(z)`. The definition is symmetric, so
:math:`Y \perp Z \mid X` and :math:`Z \perp Y \mid X` are the same statement;
:class:`Independence` compares equal (and hashes equal) accordingly. The
sides are sets: the order in which names are written does not matter.

A statement only makes sense over disjoint sets with non-empty sides, and
:class:`Independence` refuses anything else (a variable is not independent of
itself, and conditioning on a variable makes it a constant, not a side).

Statements obey the semi-graphoid rules (Pearl 1988, ch. 3), which is why a
handful of them can imply many others:

* symmetry: :math:`Y \perp Z \mid X \Rightarrow Z \perp Y \mid X`;
* decomposition: :math:`Y \perp \{Z, W\} \mid X \Rightarrow Y \perp Z \mid X`;
* weak union: :math:`Y \perp \{Z, W\} \mid X \Rightarrow Y \perp Z \mid \{X, W\}`;
* contraction: :math:`Y \perp Z \mid X` and :math:`Y \perp W \mid \{X, Z\}`
  :math:`\Rightarrow Y \perp \{Z, W\} \mid X`.

Where statements come from: a numeric table can be *checked* for one
(``Table.independent``), and a factorization *implies* some by its structure
(``Factorization.implies``, by d-separation).

Worked example
--------------
The factorization :math:`p(x, y, z) = p(z)\,p(y)\,p(x \mid y, z)` implies
:math:`y \perp z`. By the chain rule, every joint can be written
:math:`p(z)\,p(y \mid z)\,p(x \mid y, z)`; comparing the two expressions gives
:math:`p(y \mid z) = p(y)`, the definition above with an empty conditioning
set. It does *not* imply :math:`y \perp z \mid x`: knowing the common effect
:math:`x` couples its causes ("explaining away").

>>> from probtables.independence import Independence
>>> s = Independence.parse("y ⊥ z")
>>> s
Independence('y ⊥ z')
>>> s == Independence.parse("z _||_ y")
True
>>> Independence(left={"y"}, right={"z"}, given={"x"})
Independence('y ⊥ z | x')

References
----------
.. [1] A. P. Dawid, "Conditional independence in statistical theory",
   J. R. Statist. Soc. B 41(1), 1979 (the notation :math:`\perp\!\!\!\perp`).
.. [2] J. Pearl, *Probabilistic Reasoning in Intelligent Systems*,
   Morgan Kaufmann, 1988, ch. 3.
.. [3] D. Koller and N. Friedman, *Probabilistic Graphical Models*, MIT Press,
   2009, sec. 2.1.4 and 3.2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from probtables.errors import StatementError
from probtables.notation import check_name, format_statement, parse_statement

__all__ = ["Independence"]


def _names(value: str | Iterable[str], field: str) -> frozenset[str]:
    """One name or an iterable of names as a frozenset of checked names."""
    if isinstance(value, str):
        return frozenset((check_name(value),))
    if not isinstance(value, frozenset):
        try:
            value = frozenset(value)
        except TypeError:
            raise TypeError(
                f"Independence(): {field} must be a name or an iterable of names, got {value!r}"
            ) from None
    for name in value:
        check_name(name)
    return value


def _listing(names: Iterable[str]) -> str:
    names = sorted(names)
    quoted = ", ".join(repr(n) for n in names)
    return f"variable {quoted} is" if len(names) == 1 else f"variables {quoted} are"


@dataclass(frozen=True, eq=False)
class Independence:
    r"""The statement ``left ⊥ right | given``: two sets of variables independent given a third.

    Parameters
    ----------
    left, right : str or iterable of str
        The two sides; a ``str`` is one name. Neither may be empty.
    given : str or iterable of str, optional
        The conditioning set (empty by default: marginal independence).

    Attributes
    ----------
    left, right, given : frozenset of str

    Raises
    ------
    StatementError
        If a side is empty or two of the three sets share a variable.
    VariableNameError
        If a name cannot be written in the notation.

    See Also
    --------
    probtables.notation.parse_statement, probtables.notation.format_statement

    Notes
    -----
    Equality is symmetric and set-valued: ``y ⊥ z | x`` equals ``z ⊥ y | x``
    and ``{a, b} ⊥ c`` equals ``{b, a} ⊥ c``; the hash agrees, so statements
    can be collected in sets. ``str()`` sorts the names inside each side but
    keeps left and right as given.

    Examples
    --------
    >>> s = pt.Independence(left={"y"}, right="z", given=["x"])
    >>> str(s), s.given
    ('y ⊥ z | x', frozenset({'x'}))
    >>> s == pt.Independence("z", "y", "x")
    True
    >>> pt.Independence("y", {"y", "z"})
    Traceback (most recent call last):
    ...
    probtables.errors.StatementError: Independence(): variable 'y' is on both the left and the right side of ⊥; the sides must be disjoint
    """

    left: frozenset[str]
    right: frozenset[str]
    given: frozenset[str] = frozenset()

    if TYPE_CHECKING:  # the constructor takes a name or any iterable of names and converts to frozensets

        def __init__(
            self, left: str | Iterable[str], right: str | Iterable[str], given: str | Iterable[str] = ()
        ) -> None: ...

    def __post_init__(self) -> None:
        sides = {}
        for field in ("left", "right", "given"):
            sides[field] = names = _names(getattr(self, field), field)
            object.__setattr__(self, field, names)
        for field in ("left", "right"):
            if not sides[field]:
                raise StatementError(
                    f"Independence(): the {field} side is empty; "
                    "a statement needs at least one variable on each side of ⊥"
                )
        for a, b, where in (
            ("left", "right", "on both the left and the right side of ⊥"),
            ("left", "given", "both on the left side of ⊥ and behind the bar"),
            ("right", "given", "both on the right side of ⊥ and behind the bar"),
        ):
            common = sides[a] & sides[b]
            if common:
                raise StatementError(
                    f"Independence(): {_listing(common)} {where}; the sides must be disjoint"
                )

    @classmethod
    def parse(cls, text: str) -> Independence:
        """Read a statement from notation.

        Accepts ``y ⊥ z | x``, ``y _||_ z | x``, ``y indep z given x``,
        ``{a, b} ⊥ c | d`` and the other symbols of
        :func:`probtables.notation.parse_statement`.

        Parameters
        ----------
        text : str

        Returns
        -------
        Independence

        Raises
        ------
        NotationError
            If `text` is malformed, including a variable written twice (the
            caret points at it).

        Examples
        --------
        >>> pt.Independence.parse("{b, a} indep c given d")
        Independence('{a, b} ⊥ c | d')
        """
        left, right, given = parse_statement(text)
        return cls(left, right, given)

    @classmethod
    def _trusted(
        cls, left: frozenset[str], right: frozenset[str], given: frozenset[str]
    ) -> Independence:
        """A statement known to be valid (checked names, non-empty disjoint sides), built without re-checking.

        For code that enumerates thousands of statements from a graph whose names
        are already checked (:func:`probtables.dag.independencies`).
        """
        statement = object.__new__(cls)
        object.__setattr__(statement, "left", left)
        object.__setattr__(statement, "right", right)
        object.__setattr__(statement, "given", given)
        return statement

    @classmethod
    def coerce(cls, obj: Independence | str) -> Independence:
        """Return `obj` if it is an :class:`Independence`, else parse it as notation.

        Parameters
        ----------
        obj : Independence or str

        Returns
        -------
        Independence

        Raises
        ------
        TypeError
            If `obj` is neither.
        NotationError
            If `obj` is a malformed string.

        Examples
        --------
        >>> pt.Independence.coerce("y ⊥ z | x") == pt.Independence("y", "z", "x")
        True
        """
        if isinstance(obj, cls):
            return obj
        if isinstance(obj, str):
            return cls.parse(obj)
        raise TypeError(
            f"expected an Independence or a statement such as 'y ⊥ z | x', got {obj!r} "
            f"({type(obj).__name__})"
        )

    @property
    def variables(self) -> frozenset[str]:
        """All names of the statement: left, right and given.

        Examples
        --------
        >>> sorted(pt.Independence.parse("y ⊥ z | x").variables)
        ['x', 'y', 'z']
        """
        return self.left | self.right | self.given

    def to_latex(self) -> str:
        r"""The statement as LaTeX, e.g. ``y \perp\!\!\!\perp z \mid x``.

        >>> print(Independence.parse("y ⊥ z | x").to_latex())
        y \perp\!\!\!\perp z \mid x
        """
        from probtables._display.html import to_latex

        return to_latex(self)

    def swap(self) -> Independence:
        """The same statement with left and right exchanged (equal to this one).

        Examples
        --------
        >>> pt.Independence.parse("y ⊥ z | x").swap()
        Independence('z ⊥ y | x')
        """
        return Independence(self.right, self.left, self.given)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Independence):
            return NotImplemented
        return self.given == other.given and (
            (self.left == other.left and self.right == other.right)
            or (self.left == other.right and self.right == other.left)
        )

    def __hash__(self) -> int:
        return hash((frozenset((self.left, self.right)), self.given))

    def __str__(self) -> str:
        return format_statement(sorted(self.left), sorted(self.right), sorted(self.given))

    def __repr__(self) -> str:
        return f"Independence({str(self)!r})"
