r"""Reading and writing the notation: ``p(x, y | z=1)``, ``p(z)p(y)p(x | y, z)``, ``y ⊥ z | x``.

This module is the single place where notation strings are parsed and printed.
It is pure Python (no pandas, numpy or networkx), so ``import probtables``
stays fast.

Grammar (whitespace-insensitive)::

    product    := term (("*" | "·")? term)*
    term       := ("p" | "P" | "Pr") "(" items (BAR items)? ")"
    items      := item ("," item)*
    item       := NAME ("=" VALUE)?
    NAME       := identifier | "`" any text "`"
    VALUE      := ATOM | "{" ATOM ("," ATOM)* "}"          a set of values is an event
    ATOM       := integer | float | word | quoted string
    statement  := set SYMBOL set ((BAR | "given") set)?
    SYMBOL     := "⊥" | "⊥⊥" | "⟂" | "⟂⟂" | "⫫" | "_||_" | "_|_" | "indep"
                | "\perp" | "\perp\!\!\!\perp"
    BAR        := "|" | "\mid"
    set        := NAME ("," NAME)* | "{" NAME ("," NAME)* "}"

* A bare ``NAME`` is a Python identifier (:meth:`str.isidentifier`), so
  Unicode letters such as ``θ`` are allowed. ``p`` (the probability column of
  a table), ``indep`` and ``given`` (statement keywords) are reserved as bare
  names.
* Any other non-empty string is a name too, written in backticks as data
  has them: ``p(`has-cancer` | `smoking status`)``, `` `p` ``, `` `2024` ``.
  Inside backticks a backslash escapes a backtick (``\` ``), a backslash
  and the characters that Python's ``repr`` escapes (``\n``, ``\t``,
  ``\xhh`` ...). Names are printed bare when they can be, in backticks
  otherwise, so that printing and parsing round-trip for every name.
* A variable appears once in a term, except that it may appear a second
  time behind the bar restricted to an event: ``p(x, y | x={0, 1})`` is the
  table ``p(x, y)`` conditioned on ``x`` being 0 or 1, ``p(x | y, y={0, 2})``
  the conditional ``p(x | y)`` defined for ``y`` in ``{0, 2}`` only (what
  :meth:`probtables.Table.condition` prints for ``condition(x=[0, 1])``).
* A bare ``ATOM`` is a run of letters, digits, ``_``, ``-``, ``.`` and ``+``.
  It reads as an ``int`` when it is an integer (``-3``), as a ``float`` when it
  is a decimal or exponent number (``0.5``, ``1e-05``) or ``inf``, ``-inf``,
  ``nan``, and as a ``str`` otherwise (``high``, ``True``, ``v1.2``). Any other
  string is quoted, ``'0'`` or ``"a b"``, with the backslash escapes that
  Python's ``repr`` writes (``\\ \' \" \n \t \r \xhh \uhhhh \Uhhhhhhhh``).

Printing is canonical: ``p(x, y | z=1)`` (comma and space between items,
spaces around the bar, none around ``=``), terms of a product joined with no
separator, and statements written with ``⊥``. Parsing the canonical form gives
back the same object.

Examples
--------
>>> from probtables.notation import parse_term, parse_product, parse_statement
>>> term = parse_term("Pr(x,y|z=1)")
>>> str(term)
'p(x, y | z=1)'
>>> term.head_names, term.given_names, term.evidence
(('x', 'y'), ('z',), {'z': 1})
>>> [str(t) for t in parse_product("p(z) * p(y) * p(x|y,z)")]
['p(z)', 'p(y)', 'p(x | y, z)']
>>> parse_statement("y indep z given x")
(('y',), ('z',), ('x',))
"""

from __future__ import annotations

import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from probtables.errors import NotationError, StatementError, VariableNameError

__all__ = [
    "RESERVED_NAMES",
    "Item",
    "TermSpec",
    "check_name",
    "format_name",
    "is_bare_name",
    "format_value",
    "format_term",
    "write_term",
    "format_product",
    "format_statement",
    "format_factor",
    "format_sum",
    "parse_value",
    "parse_term",
    "parse_product",
    "parse_statement",
]

#: Names that cannot be variable names, and why.
RESERVED_NAMES: dict[str, str] = {
    "p": "the probability column of a table",
    "indep": "a keyword of independence statements",
    "given": "a keyword of independence statements",
}

_TERM_HEADS = ("p", "P", "Pr")
_PRODUCT_SEPARATORS = ("*", "·")
# longest first, so that "⊥⊥" is not read as "⊥" followed by garbage ("\perp" is read apart:
# it may be doubled with negative spaces, "\perp\!\!\!\perp")
_INDEPENDENCE_SYMBOLS = ("⊥⊥", "⟂⟂", "_||_", "_|_", "⊥", "⟂", "⫫")
_OLD_BAR = "_||_"
_ASCII_PERP = "_|_"
_LATEX_PERP, _LATEX_BANG, _LATEX_MID = "\\perp", "\\!", "\\mid"
_NAME_QUOTE = "`"

_INT_RE = re.compile(r"[+-]?[0-9]+")
_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?inf|nan")
_SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "`": "`", "n": "\n", "t": "\t", "r": "\r"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")

#: The value of an item: one state, or a tuple of states (an event).
Value = int | float | str | tuple


# --------------------------------------------------------------------------- names and values


def check_name(name: object) -> str:
    """Return `name` if it can be a variable name, else raise.

    Every non-empty string can: the notation writes a name bare when it is a
    Python identifier that is not reserved (``x``, ``θ``), and in backticks
    otherwise (``p(`has-cancer` | `smoking status`)``), see :func:`format_name`.

    Parameters
    ----------
    name : object
        The candidate name.

    Returns
    -------
    str
        `name`, unchanged.

    Raises
    ------
    VariableNameError
        If `name` is not a string or is empty.

    Examples
    --------
    >>> from probtables.notation import check_name
    >>> check_name("θ"), check_name("smoking status")
    ('θ', 'smoking status')
    >>> check_name(3)
    Traceback (most recent call last):
    ...
    probtables.errors.VariableNameError: variable name 3 is of type int, but variable names are strings; use '3'
    """
    if not isinstance(name, str):
        raise VariableNameError(
            f"variable name {name!r} is of type {type(name).__name__}, but variable names are "
            f"strings; use {str(name)!r}"
        )
    if not name:
        raise VariableNameError(
            "variable name '' is empty; a variable name needs at least one character"
        )
    return name


def is_bare_name(name: str) -> bool:
    """Whether the notation writes `name` without backticks: an identifier that is not reserved.

    >>> from probtables.notation import is_bare_name
    >>> is_bare_name("x1"), is_bare_name("has-cancer"), is_bare_name("p")
    (True, False, False)
    """
    return name.isidentifier() and name not in RESERVED_NAMES


def format_name(name: str) -> str:
    r"""Write a variable name the way the notation reads it back.

    A Python identifier that is not reserved is written as it is; any other
    name in backticks, with a backslash before a backtick or a backslash and
    the escapes of Python's ``repr`` for characters that do not print.
    ``parse_term(f"p({format_name(n)})").head_names == (n,)`` for every
    non-empty string ``n``.

    Parameters
    ----------
    name : str
        A non-empty string.

    Returns
    -------
    str

    Raises
    ------
    VariableNameError
        If `name` is not a string or is empty.

    Examples
    --------
    >>> from probtables.notation import format_name
    >>> format_name("θ"), format_name("has-cancer"), format_name("p"), format_name("2024")
    ('θ', '`has-cancer`', '`p`', '`2024`')
    >>> print(format_name("a`b"))
    `a\`b`
    """
    check_name(name)
    name = str(name)  # a str subclass (numpy.str_) prints as the plain str
    if is_bare_name(name):
        return name
    return _NAME_QUOTE + "".join(_escape_name_char(c) for c in name) + _NAME_QUOTE


def _escape_name_char(c: str) -> str:
    if c in "\\`":
        return "\\" + c
    if c.isprintable():
        return c
    return repr(c)[1:-1]


def _is_name_char(c: str) -> bool:
    """Whether `c` may continue an identifier."""
    return ("a" + c).isidentifier()


def _is_word_char(c: str) -> bool:
    """Whether `c` may appear in a bare (unquoted) value."""
    return c.isalnum() or c in "_.+-"


def _word_value(word: str) -> int | float | str:
    """The value of a bare word: int, float, or the word itself."""
    if _INT_RE.fullmatch(word):
        return int(word)
    if _FLOAT_RE.fullmatch(word):
        return float(word)
    return word


def _plain(value: object) -> object:
    """A numpy or pandas scalar as the Python scalar it stands for."""
    if isinstance(value, (str, bool, int, float)):
        return value
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        return item()
    return value


def format_value(value: object) -> str:
    """Write one value (a state) the way the notation reads it back.

    Integers and floats are written as Python writes them, strings bare when
    they read back as the same string (a word that is not a number) and quoted
    otherwise. ``parse_value(format_value(v)) == v`` for every ``int``,
    ``float`` (except NaN, which is never equal to itself) and ``str``.
    Booleans are written ``True``/``False``, which read back as strings.
    numpy scalars are written as the Python scalar they hold.

    Parameters
    ----------
    value : int, float, str or bool
        The value to write.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        For any other type (including ``None`` and containers).

    See Also
    --------
    parse_value : the inverse.

    Examples
    --------
    >>> from probtables.notation import format_value
    >>> format_value(1), format_value(0.5), format_value("high")
    ('1', '0.5', 'high')
    >>> format_value("0"), format_value("a b")
    ("'0'", "'a b'")
    """
    value = _plain(value)
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        value = str(value)  # a str subclass (numpy.str_) prints as the plain str
        try:
            bare = bool(value) and all(_is_word_char(c) for c in value) and _word_value(value) == value
        except ValueError:  # digits longer than int() converts: not a bare word
            bare = False
        return value if bare else repr(value)
    raise TypeError(
        f"format_value(): cannot write {value!r} ({type(value).__name__}) in the notation; "
        "a value must be an int, a float, a str or a bool"
    )


def _format_event(values: Iterable[object]) -> str:
    return "{" + ", ".join(format_value(v) for v in values) + "}"


# --------------------------------------------------------------------------- the value objects


@dataclass(frozen=True)
class Item:
    """One item of a term: a variable name, optionally with a value or an event.

    The three cases are told apart by which field is set:

    * ``Item("x")``: no value (``value`` and ``values`` are ``None``), the
      variable ranges over all its states, as in ``p(x)``;
    * ``Item("x", 1)``: one value, as in ``p(x=1)``;
    * ``Item("x", values=(0, 1))``: an event, a set of values, as in
      ``p(x={0, 1})``. The tuple keeps the written order and holds no
      duplicates.

    ``None`` is never a value, so ``value is None`` means "no value".

    Parameters
    ----------
    name : str
        The variable name (checked with :func:`check_name`).
    value : int, float, str or bool, optional
        The single value, if any.
    values : tuple, optional
        The values of the event, if any (a list or set is converted to a tuple;
        a set is sorted).

    Raises
    ------
    VariableNameError
        If `name` cannot be written.
    TypeError
        If a value has a type the notation cannot write.
    ValueError
        If both `value` and `values` are given, or `values` is empty or holds a
        value twice.

    Examples
    --------
    >>> from probtables.notation import Item
    >>> str(Item("x")), str(Item("x", 1)), str(Item("x", values=(0, 1)))
    ('x', 'x=1', 'x={0, 1}')
    >>> Item("x", values=(0, 1)).is_event
    True
    """

    name: str
    value: Any = None
    values: tuple | None = None

    def __post_init__(self) -> None:
        check_name(self.name)
        if self.values is not None:
            if self.value is not None:
                raise ValueError(
                    f"Item({self.name!r}): give either one value or a set of values, not both"
                )
            values = _event_tuple(self.values)
            if not values:
                raise ValueError(f"Item({self.name!r}): an event needs at least one value")
            seen: list[object] = []
            for v in values:
                format_value(v)
                if _value_key(v) in seen:
                    raise ValueError(
                        f"Item({self.name!r}): value {v!r} appears twice in the event {values!r}"
                    )
                seen.append(_value_key(v))
            object.__setattr__(self, "values", values)
        elif self.value is not None:
            format_value(self.value)

    def _key(self) -> tuple:
        values = None if self.values is None else tuple(_value_key(v) for v in self.values)
        return (self.name, _value_key(self.value), values)

    def __eq__(self, other: object) -> bool:
        """Equal names and settings; a NaN value equals NaN (``p(x | y=nan)`` equals itself)."""
        if not isinstance(other, Item):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @classmethod
    def of(cls, name: str, value: object = None) -> Item:
        """Build an item from a name and a value, a collection of values, or ``None``.

        Any iterable other than a string (a tuple, list, set, numpy array ...)
        is an event (a set is sorted so that the printed form is
        deterministic); ``None`` means no value.

        Parameters
        ----------
        name : str
            The variable name.
        value : object, optional
            One value, an iterable of values, or ``None``.

        Returns
        -------
        Item

        Examples
        --------
        >>> from probtables.notation import Item
        >>> Item.of("x", 1) == Item("x", 1)
        True
        >>> str(Item.of("x", {1, 0}))
        'x={0, 1}'
        """
        if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
            return cls(name, values=_event_tuple(value))
        return cls(name, value)

    @property
    def has_value(self) -> bool:
        """Whether the item fixes a value or an event."""
        return self.value is not None or self.values is not None

    @property
    def is_event(self) -> bool:
        """Whether the item holds a set of values."""
        return self.values is not None

    @property
    def setting(self) -> Value | None:
        """The value, the tuple of values of an event, or ``None``."""
        return self.values if self.values is not None else self.value

    def __str__(self) -> str:
        name = format_name(self.name)
        if self.values is not None:
            return f"{name}={_format_event(self.values)}"
        if self.value is not None:
            return f"{name}={format_value(self.value)}"
        return name


class _NaN:
    """The key of every NaN value, so that NaN settings compare equal."""

    def __repr__(self) -> str:
        return "nan"


_NAN_KEY = _NaN()


def _value_key(value: object) -> object:
    """A value as it compares in an item: itself, except that every NaN is one key."""
    plain = _plain(value)
    if isinstance(plain, float) and plain != plain:
        return _NAN_KEY
    return value


def _event_tuple(values: Iterable[object]) -> tuple:
    if isinstance(values, (set, frozenset)):
        return tuple(sorted(values, key=_sort_key))
    return tuple(values)


def _sort_key(value: object) -> tuple:
    value = _plain(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, f"{type(value).__name__}:{value!r}")


def _item_tuple(items: Item | str | Iterable[Item | str]) -> tuple[Item, ...]:
    """Items or names (one, or an iterable of them) as a tuple of items."""
    if isinstance(items, (str, Item)):
        items = (items,)
    return tuple(i if isinstance(i, Item) else Item(i) for i in items)


@dataclass(frozen=True)
class TermSpec:
    """The structure of one term ``p(head | given)``, as written.

    Parameters
    ----------
    head : tuple of Item
        The items left of the bar, in written order (a name is converted to an
        :class:`Item` without value).
    given : tuple of Item
        The items right of the bar, in written order.

    Raises
    ------
    NotationError
        If the head is empty or a variable appears twice (a variable written
        without a value behind the bar, or in the head, may appear once more
        behind the bar restricted to an event, as in ``p(x, y | x={0, 1})``
        and ``p(x | y, y={0, 2})``).

    Notes
    -----
    Equality is that of the written form: ``p(x, y)`` and ``p(y, x)`` are
    different specs (a later layer gives the order a meaning). ``str(spec)``
    is canonical and ``parse_term(str(spec)) == spec``.

    Examples
    --------
    >>> from probtables.notation import TermSpec, Item
    >>> spec = TermSpec(head=("x", "y"), given=("z", Item("w", 1)))
    >>> spec
    TermSpec('p(x, y | z, w=1)')
    >>> spec.given_names, spec.evidence
    (('z', 'w'), {'w': 1})
    """

    head: tuple[Item, ...]
    given: tuple[Item, ...] = ()

    def __post_init__(self) -> None:
        head, given = _item_tuple(self.head), _item_tuple(self.given)
        object.__setattr__(self, "head", head)
        object.__setattr__(self, "given", given)
        if not head:
            raise NotationError(f"TermSpec(): a term needs at least one variable before the bar: {self}")
        seen: set[str] = set()
        for item in head:
            if item.name in seen:
                raise NotationError(f"TermSpec(): variable {item.name!r} appears twice in {self}")
            seen.add(item.name)
        restricted: set[str] = set()  # names behind the bar with a value or an event
        for item in given:
            again = item.name in seen
            if item.name in restricted or (again and not item.is_event):
                raise NotationError(f"TermSpec(): variable {item.name!r} appears twice in {self}")
            seen.add(item.name)
            if item.has_value:
                restricted.add(item.name)

    @property
    def head_names(self) -> tuple[str, ...]:
        """The names left of the bar, in written order."""
        return tuple(i.name for i in self.head)

    @property
    def given_names(self) -> tuple[str, ...]:
        """The names right of the bar, in written order (with or without a value; each once)."""
        return tuple(dict.fromkeys(i.name for i in self.given))

    @property
    def names(self) -> tuple[str, ...]:
        """All names, head then given, in written order (each once)."""
        return tuple(dict.fromkeys(self.head_names + self.given_names))

    @property
    def evidence(self) -> dict[str, Value]:
        """The items right of the bar that have a value: name -> value, or -> tuple for an event."""
        return {i.name: i.setting for i in self.given if i.setting is not None}

    @property
    def event(self) -> dict[str, Value]:
        """The items left of the bar that have a value (``p(x=1)``): name -> value or tuple."""
        return {i.name: i.setting for i in self.head if i.setting is not None}

    def __str__(self) -> str:
        return write_term([str(i) for i in self.head], [str(i) for i in self.given])

    def __repr__(self) -> str:
        return f"TermSpec({str(self)!r})"


# --------------------------------------------------------------------------- printing


def _name_tuple(names: str | Iterable[str]) -> tuple[str, ...]:
    """One name or many as a tuple of checked names (a set is sorted)."""
    if isinstance(names, str):
        names = (names,)
    elif isinstance(names, (set, frozenset)):
        names = sorted(names)
    return tuple(check_name(n) for n in names)


def format_term(
    head: str | Sequence[str],
    given: str | Sequence[str] = (),
    evidence: Mapping[str, object] | None = None,
    *,
    event: Mapping[str, object] | None = None,
) -> str:
    """Write the term ``p(head | given, evidence)`` canonically.

    Parameters
    ----------
    head : str or sequence of str
        The names left of the bar (a ``str`` is one name).
    given : str or sequence of str, optional
        The names right of the bar, without values.
    evidence : mapping, optional
        Name -> value (or a tuple, list or set of values: an event), printed
        behind the bar after `given`, in mapping order.
    event : mapping, optional
        Values for head variables: ``format_term("x", event={"x": 1})`` is
        ``'p(x=1)'``.

    Returns
    -------
    str

    Raises
    ------
    VariableNameError
        If a name cannot be written.
    NotationError
        If a name appears twice.
    TypeError
        If a value cannot be written, or an evidence value is ``None``.

    Examples
    --------
    >>> from probtables.notation import format_term
    >>> format_term(["x", "y"], ["z"], {"w": 1})
    'p(x, y | z, w=1)'
    >>> format_term("x", evidence={"w": [0, 1]})
    'p(x | w={0, 1})'
    """
    event = dict(event or {})
    head_items = tuple(Item.of(n, event.pop(n, None)) for n in _name_tuple(head))
    if event:
        raise NotationError(
            f"format_term(): event names {sorted(event)!r} are not head variables {head!r}"
        )
    given_items = tuple(Item(n) for n in _name_tuple(given))
    evidence_items = []
    for name, value in (evidence or {}).items():
        if value is None:
            raise TypeError(f"format_term(): evidence {name!r} has no value (None)")
        evidence_items.append(Item.of(check_name(name), value))
    return str(TermSpec(head_items, given_items + tuple(evidence_items)))


def write_term(head: Iterable[str], behind: Iterable[str] = ()) -> str:
    """The spelling of a term, ``p(x, y | z, w=1)``, from items already written as text.

    Every term probtables prints goes through here (:func:`format_term`, ``TermSpec``,
    ``Table.notation``, the BIF model's labels); it checks nothing, so messages can name a term
    whose names the notation would reject.

    >>> write_term(["x", "y"], ["z", "w=1"])
    'p(x, y | z, w=1)'
    >>> write_term(["light-on"])
    'p(light-on)'
    """
    left, right = ", ".join(head), ", ".join(behind)
    return f"p({left} | {right})" if right else f"p({left})"


def format_product(terms: Iterable[TermSpec | str | Any]) -> str:
    """Write a product of terms canonically, joined with no separator.

    Parameters
    ----------
    terms : iterable
        Each a :class:`TermSpec`, a term string (parsed and rewritten), or an
        object with ``head`` and ``given`` sequences of names.

    Returns
    -------
    str

    Examples
    --------
    >>> from probtables.notation import format_product, parse_product
    >>> format_product(parse_product("p(z) * p(y) * p(x|y,z)"))
    'p(z)p(y)p(x | y, z)'
    >>> format_product(["p(z)", "P(x|z)"])
    'p(z)p(x | z)'
    """
    parts = []
    for term in terms:
        if isinstance(term, TermSpec):
            parts.append(str(term))
        elif isinstance(term, str):
            parts.append(str(parse_term(term)))
        else:
            parts.append(format_term(term.head, term.given))
    return "".join(parts)


def format_factor(
    head: Sequence[str], given: Sequence[str] = (), values: Mapping[str, object] | None = None
) -> str:
    """Write ``p(head | given)`` in written order, with a value for each name bound in ``values``.

    Unlike :func:`format_term`, bound names keep their place, as a derivation
    writes a term of a product with evidence filled in.

    Examples
    --------
    >>> from probtables.notation import format_factor
    >>> format_factor(["x"], ["y", "z"], {"y": 1})
    'p(x | y=1, z)'
    """
    values = values or {}
    return str(
        TermSpec(
            tuple(Item.of(n, values.get(n)) for n in head),
            tuple(Item.of(n, values.get(n)) for n in given),
        )
    )


def format_sum(names: Iterable[str]) -> str:
    """Write the summation signs over ``names``, one per name, as the notes do.

    Examples
    --------
    >>> from probtables.notation import format_sum
    >>> format_sum(["x", "z"])
    'Σ_x Σ_z'
    """
    return " ".join(f"Σ_{check_name(n)}" for n in names)


def _format_side(names: tuple[str, ...]) -> str:
    written = [format_name(n) for n in names]
    return written[0] if len(written) == 1 else "{" + ", ".join(written) + "}"


def format_statement(
    left: str | Iterable[str], right: str | Iterable[str], given: str | Iterable[str] = ()
) -> str:
    """Write the statement ``left ⊥ right | given`` canonically.

    A side with more than one name is written in braces; names keep the order
    given (a set is sorted).

    Parameters
    ----------
    left, right : str or iterable of str
        The two sides (a ``str`` is one name); neither may be empty.
    given : str or iterable of str, optional
        The conditioning set.

    Returns
    -------
    str

    Raises
    ------
    StatementError
        If `left` or `right` is empty.
    VariableNameError
        If a name cannot be written.

    Examples
    --------
    >>> from probtables.notation import format_statement
    >>> format_statement("y", "z", ["x"])
    'y ⊥ z | x'
    >>> format_statement(["a", "b"], "c", "d")
    '{a, b} ⊥ c | d'
    """
    left_names = _name_tuple(left)
    right_names = _name_tuple(right)
    given_names = _name_tuple(given)
    for side, names in (("left", left_names), ("right", right_names)):
        if not names:
            raise StatementError(f"format_statement(): the {side} side is empty")
    text = f"{_format_side(left_names)} ⊥ {_format_side(right_names)}"
    if given_names:
        text += " | " + ", ".join(format_name(n) for n in given_names)
    return text


# --------------------------------------------------------------------------- parsing


class _Parser:
    """A recursive-descent parser over one string; positions index the original text."""

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"expected a notation string, got {text!r} ({type(text).__name__})")
        self.text = text
        self.pos = 0
        self.in_statement = False  # statements also end a bare name at "_|_"

    # -- low level

    def error(self, message: str, position: int | None = None) -> NotationError:
        position = self.pos if position is None else position
        if position >= len(self.text):
            message += ", but the text ended"
        line, number, padding = _caret_line(self.text, position)
        if number:
            message += f" at position {position} (line {number}):\n  {line}\n  {padding}^"
        else:
            message += f" at position {position}:\n  {line}\n  {padding}^"
        error = NotationError(message)
        error.text, error.position = self.text, position
        return error

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        self.skip()
        return self.pos >= len(self.text)

    def accept(self, token: str) -> bool:
        self.skip()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str, what: str) -> None:
        if not self.accept(token):
            raise self.error(f"expected {what}")

    def accept_command(self, command: str) -> bool:
        """Accept a LaTeX command such as ``\\mid`` (not followed by a letter)."""
        self.skip()
        end = self.pos + len(command)
        if self.text.startswith(command, self.pos) and not (
            end < len(self.text) and self.text[end].isalpha()
        ):
            self.pos = end
            return True
        return False

    def accept_bar(self) -> bool:
        return self.accept("|") or self.accept_command(_LATEX_MID)

    def _ends_word(self, at: int) -> bool:
        text = self.text
        return text.startswith(_OLD_BAR, at) or (self.in_statement and text.startswith(_ASCII_PERP, at))

    def peek_word(self) -> str:
        """The identifier at the current position (without consuming it), or ''."""
        self.skip()
        text, start = self.text, self.pos
        if start >= len(text) or not text[start].isidentifier() or self._ends_word(start):
            return ""
        end = start + 1
        while end < len(text) and _is_name_char(text[end]) and not self._ends_word(end):
            end += 1
        return text[start:end]

    def name(self) -> tuple[str, int]:
        word = self.peek_word()
        start = self.pos
        if not word and self.text.startswith(_NAME_QUOTE, start):
            name = self.quoted()
            if not name:
                raise self.error("expected a variable name (a name in backticks cannot be empty)", start)
            return name, start
        if not word:
            raise self.error("expected a variable name")
        if word in RESERVED_NAMES:
            raise self.error(
                f"expected a variable name ({word!r} is reserved: {RESERVED_NAMES[word]}; "
                f"write `{word}` for a variable of that name)"
            )
        self.pos += len(word)
        return word, start

    def end(self, what: str) -> None:
        if not self.at_end():
            raise self.error(f"expected the end of the text after {what}")

    # -- values

    def atom(self) -> tuple[object, int]:
        self.skip()
        text, start = self.text, self.pos
        if start < len(text) and text[start] in "'\"":
            return self.quoted(), start
        end = start
        while end < len(text) and _is_word_char(text[end]):
            end += 1
        if end == start:
            raise self.error("expected a value")
        try:
            value = _word_value(text[start:end])
        except ValueError:  # an integer longer than int() converts (sys.get_int_max_str_digits())
            raise self.error(
                f"a number of {end - start} digits is longer than Python converts to an int", start
            ) from None
        self.pos = end
        return value, start

    def quoted(self) -> str:
        text, start = self.text, self.pos
        quote = text[start]
        out: list[str] = []
        i = start + 1
        while i < len(text):
            c = text[i]
            if c == quote:
                self.pos = i + 1
                return "".join(out)
            if c != "\\":
                out.append(c)
                i += 1
                continue
            code = text[i + 1] if i + 1 < len(text) else ""
            if code in _SIMPLE_ESCAPES:
                out.append(_SIMPLE_ESCAPES[code])
                i += 2
            elif code in _HEX_ESCAPES:
                digits = text[i + 2 : i + 2 + _HEX_ESCAPES[code]]
                if len(digits) != _HEX_ESCAPES[code] or not all(d in _HEX_DIGITS for d in digits):
                    raise self.error(
                        f"expected {_HEX_ESCAPES[code]} hexadecimal digits after '\\{code}'", i
                    )
                point = int(digits, 16)
                if point > 0x10FFFF:
                    raise self.error(f"'\\{code}{digits}' is not a Unicode character", i)
                out.append(chr(point))
                i += 2 + len(digits)
            else:
                raise self.error(
                    "expected an escape such as \\\\, \\', \\\", \\n, \\t, \\xhh or \\uhhhh after '\\'",
                    i,
                )
        what = "name" if quote == _NAME_QUOTE else "value"
        raise self.error(f"this quoted {what} is never closed (expected a closing {quote})", start)

    def value(self) -> tuple[object, tuple | None]:
        """A single value, or an event in braces: returns (value, None) or (None, values)."""
        if not self.accept("{"):
            return self.atom()[0], None
        values: list[object] = []
        while True:
            self.skip()
            if self.text.startswith("}", self.pos):
                raise self.error(
                    "expected a value (an event cannot be empty)" if not values else "expected a value"
                )
            value, at = self.atom()
            if _value_key(value) in [_value_key(v) for v in values]:
                raise self.error(f"value {format_value(value)} appears twice in the event", at)
            values.append(value)
            if self.accept("}"):
                return None, tuple(values)
            if not self.accept(","):
                raise self.error("expected ',' or '}'")

    # -- terms

    def item(self) -> tuple[Item, int]:
        name, start = self.name()
        if self.accept("="):
            value, values = self.value()
            return Item(name, value, values), start
        return Item(name), start

    def term(self) -> TermSpec:
        word = self.peek_word()
        if word not in _TERM_HEADS:
            raise self.error("expected 'p', 'P' or 'Pr' to start a term")
        self.pos += len(word)
        self.expect("(", f"'(' after '{word}'")
        open_at = self.pos - 1
        sides: list[list[Item]] = [[]]
        where: dict[str, int] = {}
        restricted: set[str] = set()  # behind the bar with a value, or written there twice
        while True:
            item, start = self.item()
            again = item.name in where
            if again and not (len(sides) == 2 and item.is_event and item.name not in restricted):
                message = (
                    f"variable {item.name!r} appears on both sides of the bar (behind it, a head "
                    f"variable may only be restricted to an event, as in {format_name(item.name)}={{0, 1}})"
                    if where[item.name] != len(sides) - 1
                    else f"variable {item.name!r} appears twice in the term"
                )
                raise self.error(message, start)
            where[item.name] = len(sides) - 1
            if len(sides) == 2 and (item.has_value or again):
                restricted.add(item.name)
            sides[-1].append(item)
            if self.accept(","):
                continue
            if self.accept(")"):
                break
            if len(sides) == 1 and self.accept_bar():
                sides.append([])
                continue
            if self.at_end():
                raise self.error(f"expected ')' to close the '(' at position {open_at}")
            raise self.error("expected ',', '|' or ')'" if len(sides) == 1 else "expected ',' or ')'")
        return TermSpec(tuple(sides[0]), tuple(sides[1]) if len(sides) > 1 else ())

    def product(self) -> tuple[TermSpec, ...]:
        terms = [self.term()]
        while not self.at_end():
            separated = any(self.accept(s) for s in _PRODUCT_SEPARATORS)
            if not separated and self.peek_word() not in _TERM_HEADS:
                if self.text.startswith(")", self.pos):
                    raise self.error("unbalanced ')': expected '*', another term or the end of the text")
                raise self.error("expected '*', another term or the end of the text")
            terms.append(self.term())
        return tuple(terms)

    # -- statements

    def name_set(self, where: dict[str, int], side: int) -> tuple[str, ...]:
        braced = self.accept("{")
        names: list[str] = []
        while True:
            self.skip()
            if braced and not names and self.text.startswith("}", self.pos):
                raise self.error("expected a variable name (a set cannot be empty)")
            name, start = self.name()
            if name in where:
                message = _statement_repeat(name, where[name], side)
                raise self.error(message, start)
            where[name] = side
            names.append(name)
            if not self.accept(","):
                break
        if braced:
            self.expect("}", "',' or '}'")
        return tuple(names)

    def symbol(self, after_braces: bool) -> None:
        for symbol in _INDEPENDENCE_SYMBOLS:
            if self.accept(symbol):
                return
        if self.accept_command(_LATEX_PERP):  # \perp, or doubled: \perp\!\!\!\perp
            after = self.pos
            while self.accept_command(_LATEX_BANG):
                pass
            if not self.accept_command(_LATEX_PERP):
                self.pos = after
            return
        if self.peek_word() == "indep":
            self.pos += len("indep")
            return
        expected = "an independence symbol (⊥, ⫫, _||_ or indep)"
        raise self.error(f"expected {expected}" if after_braces else f"expected ',' or {expected}")

    def statement(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        self.in_statement = True
        where: dict[str, int] = {}
        left = self.name_set(where, 0)
        self.symbol(after_braces=self.text[self.pos - 1] == "}")
        right = self.name_set(where, 1)
        given: tuple[str, ...] = ()
        if not self.at_end():
            if self.peek_word() == "given":
                self.pos += len("given")
            elif not self.accept_bar():
                raise self.error("expected ',', '|', 'given' or the end of the text")
            given = self.name_set(where, 2)
        self.end("the statement")
        return left, right, given


def _caret_line(text: str, position: int) -> tuple[str, int, str]:
    """The line of `text` that holds `position`, its number (0 for a one-line text) and the caret's padding.

    The padding keeps the caret under the character as a terminal shows it: a
    tab is padded with a tab, a wide (East Asian) character with two spaces,
    a combining mark with nothing. At the end of the text the caret goes just
    after the last line that holds something.
    """
    lines = text.splitlines(keepends=True) or [""]
    start = 0
    for number, line in enumerate(lines, 1):  # noqa: B007 - number is read after the loop
        if position < start + len(line):
            column = position - start
            break
        start += len(line)
    else:  # the end of the text: after the last character written
        number = max((i for i, ln in enumerate(lines, 1) if ln.strip()), default=len(lines))
        line = lines[number - 1]
        column = len(line.rstrip("\r\n")) if number < len(lines) else len(line)
    shown = line.rstrip("\r\n")
    padding = "".join(_caret_pad(c) for c in shown[:column])
    return shown, (number if len(lines) > 1 or text != shown else 0), padding


def _caret_pad(c: str) -> str:
    if c == "\t":
        return "\t"
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return ""
    return "  " if unicodedata.east_asian_width(c) in ("W", "F") else " "


def _statement_repeat(name: str, first: int, second: int) -> str:
    if first == second:
        return f"variable {name!r} appears twice in the same set"
    if {first, second} == {0, 1}:
        return f"variable {name!r} is on both sides of ⊥ (a variable is not independent of itself)"
    return f"variable {name!r} appears both before and after the bar"


def parse_value(text: str) -> int | float | str:
    """Read one value (a state) as the notation writes it.

    Parameters
    ----------
    text : str
        An integer, a float, a bare word or a quoted string.

    Returns
    -------
    int, float or str

    Raises
    ------
    NotationError
        If `text` is not exactly one value.

    See Also
    --------
    format_value : the inverse.

    Examples
    --------
    >>> from probtables.notation import parse_value
    >>> parse_value("1"), parse_value("1.5"), parse_value("high"), parse_value("'1'")
    (1, 1.5, 'high', '1')
    """
    parser = _Parser(text)
    value = parser.atom()[0]
    parser.end("the value")
    return value  # type: ignore[return-value]


def parse_term(text: str) -> TermSpec:
    """Read one term such as ``p(x, y | z=1)``.

    Parameters
    ----------
    text : str
        The term; ``p``, ``P`` and ``Pr`` all start a term, whitespace is free.

    Returns
    -------
    TermSpec

    Raises
    ------
    NotationError
        With the position of the offending character (and a caret under it):
        a missing ``p(``, a missing name or value, an unclosed parenthesis, a
        variable written twice or on both sides of the bar, text after the term.

    Examples
    --------
    >>> from probtables.notation import parse_term
    >>> parse_term("P(x|y={0,1})")
    TermSpec('p(x | y={0, 1})')
    >>> parse_term("p(x | )")
    Traceback (most recent call last):
    ...
    probtables.errors.NotationError: expected a variable name at position 6:
      p(x | )
            ^
    """
    parser = _Parser(text)
    term = parser.term()
    if parser.at_end():
        return term
    if parser.text.startswith(")", parser.pos):
        raise parser.error("unbalanced ')': expected the end of the text after the term")
    if parser.peek_word() in _TERM_HEADS or parser.text.startswith(_PRODUCT_SEPARATORS, parser.pos):
        raise parser.error("expected the end of the text after the term (parse_product reads a product)")
    raise parser.error("expected the end of the text after the term")


def parse_product(text: str) -> tuple[TermSpec, ...]:
    """Read a product of terms such as ``p(z)p(y)p(x | y, z)``.

    Terms may be juxtaposed or separated by ``*`` or ``·``.

    Parameters
    ----------
    text : str

    Returns
    -------
    tuple of TermSpec
        In written order.

    Raises
    ------
    NotationError
        As :func:`parse_term`, and for anything between terms that is not a
        separator.

    Examples
    --------
    >>> from probtables.notation import parse_product, format_product
    >>> terms = parse_product("p(w,x) · p(y,z|w,x)")
    >>> format_product(terms)
    'p(w, x)p(y, z | w, x)'
    """
    return _Parser(text).product()


def parse_statement(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Read an independence statement such as ``y ⊥ z | x``.

    The symbol may be ``⊥``, ``⊥⊥``, ``⟂``, ``⟂⟂``, ``⫫``, ``_||_`` or
    ``indep``; the conditioning set follows ``|`` or ``given``. A side with
    several names is written ``a, b`` or ``{a, b}``.

    Parameters
    ----------
    text : str

    Returns
    -------
    (left, right, given) : tuple of tuple of str
        The names of each side in written order; `given` is ``()`` when absent.

    Raises
    ------
    NotationError
        With the position of the offending character, including a name written
        twice (in one set, on both sides of ``⊥``, or before and after the bar).

    Examples
    --------
    >>> from probtables.notation import parse_statement, format_statement
    >>> parse_statement("{a, b} _||_ c | d")
    (('a', 'b'), ('c',), ('d',))
    >>> format_statement(*parse_statement("y indep z given x"))
    'y ⊥ z | x'
    """
    return _Parser(text).statement()
