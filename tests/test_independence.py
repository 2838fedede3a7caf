"""Tests of probtables.independence: the Independence value object."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import probtables as pt
from probtables.errors import NotationError, StatementError, VariableNameError
from probtables.independence import Independence
from probtables.notation import RESERVED_NAMES


def test_public_name():
    assert pt.Independence is Independence


def test_construction_converts_to_frozensets():
    s = Independence(left={"y"}, right=["z", "w"], given=("x",))
    assert s.left == frozenset({"y"})
    assert s.right == frozenset({"z", "w"})
    assert s.given == frozenset({"x"})
    assert all(isinstance(side, frozenset) for side in (s.left, s.right, s.given))


def test_a_string_is_one_name():
    s = Independence("yy", "zz", "xx")
    assert s.left == frozenset({"yy"})
    assert s.right == frozenset({"zz"})
    assert s.given == frozenset({"xx"})


def test_given_defaults_to_empty_and_accepts_generators():
    assert Independence("y", "z").given == frozenset()
    assert Independence((n for n in "ab"), "z").left == frozenset({"a", "b"})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"left": (), "right": "z"},
            "Independence(): the left side is empty; a statement needs at least one variable on each side of ⊥",
        ),
        (
            {"left": "y", "right": set()},
            "Independence(): the right side is empty; a statement needs at least one variable on each side of ⊥",
        ),
        (
            {"left": "y", "right": {"y", "z"}},
            "Independence(): variable 'y' is on both the left and the right side of ⊥; the sides must be disjoint",
        ),
        (
            {"left": {"a", "b", "c"}, "right": {"b", "a"}},
            "Independence(): variables 'a', 'b' are on both the left and the right side of ⊥; the sides must be disjoint",
        ),
        (
            {"left": {"y", "x"}, "right": "z", "given": "x"},
            "Independence(): variable 'x' is both on the left side of ⊥ and behind the bar; the sides must be disjoint",
        ),
        (
            {"left": "y", "right": {"z", "x"}, "given": {"x", "w"}},
            "Independence(): variable 'x' is both on the right side of ⊥ and behind the bar; the sides must be disjoint",
        ),
    ],
)
def test_invalid_statements(kwargs, message):
    with pytest.raises(StatementError, match=re.escape(message)):
        Independence(**kwargs)


def test_names_are_checked():
    message = "variable name '' is empty; a variable name needs at least one character"
    with pytest.raises(VariableNameError, match=re.escape(message)):
        Independence("", "w")
    message = "variable name 1 is of type int, but variable names are strings; use '1'"
    with pytest.raises(VariableNameError, match=re.escape(message)):
        Independence([1], "z")


def test_any_string_is_a_name_and_prints_quoted():
    s = Independence("smoking status", ["has-cancer", "x"], "p")
    assert str(s) == "`smoking status` ⊥ {`has-cancer`, x} | `p`"
    assert Independence.parse(str(s)) == s
    assert Independence.parse(r"`smoking status` \perp\!\!\!\perp {x, `has-cancer`} \mid `p`") == s


def test_non_iterable_side_is_a_type_error():
    message = "Independence(): right must be a name or an iterable of names, got 3"
    with pytest.raises(TypeError, match=re.escape(message)):
        Independence("y", 3)


@pytest.mark.parametrize(
    "text",
    [
        "y ⊥ z | x",
        "y _||_ z | x",
        "y indep z given x",
        "y ⊥⊥ z | x",
        "y ⟂ z | x",
        "y ⫫ z given x",
        "z ⊥ y | x",
        "{y} ⊥ {z} | {x}",
    ],
)
def test_parse_spellings(text):
    assert Independence.parse(text) == Independence("y", "z", "x")


def test_parse_sets():
    s = Independence.parse("{a, b} ⊥ c | d, e")
    assert (s.left, s.right, s.given) == (frozenset("ab"), frozenset("c"), frozenset("de"))


def test_parse_keeps_left_and_right():
    s = Independence.parse("z ⊥ y")
    assert s.left == frozenset({"z"}) and s.right == frozenset({"y"})
    assert str(s) == "z ⊥ y"


def test_parse_errors_are_notation_errors_with_a_caret():
    message = "variable 'y' is on both sides of ⊥ (a variable is not independent of itself) at position 4:\n  y ⊥ y\n      ^"
    with pytest.raises(NotationError, match=re.escape(message)):
        Independence.parse("y ⊥ y")
    with pytest.raises(
        NotationError, match=re.escape("expected a variable name, but the text ended at position 3")
    ):
        Independence.parse("y ⊥")


@pytest.mark.parametrize(
    ("statement", "text"),
    [
        (Independence("y", "z"), "y ⊥ z"),
        (Independence("y", "z", "x"), "y ⊥ z | x"),
        (Independence({"b", "a"}, "c", {"e", "d"}), "{a, b} ⊥ c | d, e"),
        (Independence("c", ["b", "a"]), "c ⊥ {a, b}"),
        (Independence("θ", "λ", "μ"), "θ ⊥ λ | μ"),
    ],
)
def test_str_is_canonical_and_sorted(statement, text):
    assert str(statement) == text
    assert repr(statement) == f"Independence({text!r})"


def test_equality_is_symmetric_and_set_valued():
    a = Independence("y", "z", "x")
    assert a == Independence("z", "y", "x")
    assert Independence({"a", "b"}, "c") == Independence(["b", "a"], {"c"})
    assert a != Independence("y", "z")
    assert a != Independence("y", "w", "x")
    assert Independence({"a", "b"}, "c") != Independence("a", {"b", "c"})


def test_equality_with_other_types_is_false():
    s = Independence("y", "z")
    assert s != "y ⊥ z"
    assert (s == "y ⊥ z") is False
    assert s.__eq__("y ⊥ z") is NotImplemented


def test_hash_agrees_with_equality():
    a, b = Independence("y", "z", "x"), Independence("z", "y", "x")
    assert hash(a) == hash(b)
    assert len({a, b, Independence("y", "z")}) == 2
    assert {a: 1}[b] == 1


def test_frozen():
    s = Independence("y", "z")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.left = frozenset({"w"})


def test_coerce():
    s = Independence("y", "z", "x")
    assert Independence.coerce(s) is s
    assert Independence.coerce("z _||_ y | x") == s
    message = "expected an Independence or a statement such as 'y ⊥ z | x', got ('y', 'z') (tuple)"
    with pytest.raises(TypeError, match=re.escape(message)):
        Independence.coerce(("y", "z"))


def test_variables():
    assert Independence.parse("{a, b} ⊥ c | d").variables == frozenset("abcd")
    assert Independence("y", "z").variables == frozenset("yz")


def test_swap():
    s = Independence({"a", "b"}, "c", "d")
    swapped = s.swap()
    assert swapped.left == frozenset("c")
    assert swapped.right == frozenset("ab")
    assert swapped.given == frozenset("d")
    assert swapped == s
    assert str(swapped) == "c ⊥ {a, b} | d"


# --------------------------------------------------------------------------- properties

names = st.text(alphabet="abcxyzθλμ_", min_size=1, max_size=4).filter(
    lambda s: s.isidentifier() and s not in RESERVED_NAMES
)


@st.composite
def independences(draw):
    all_names = draw(st.lists(names, min_size=2, max_size=7, unique=True))
    n_left = draw(st.integers(1, len(all_names) - 1))
    n_right = draw(st.integers(1, len(all_names) - n_left))
    return Independence(
        all_names[:n_left], all_names[n_left : n_left + n_right], all_names[n_left + n_right :]
    )


@given(independences())
def test_str_round_trip(s):
    parsed = Independence.parse(str(s))
    assert parsed == s
    assert (parsed.left, parsed.right, parsed.given) == (s.left, s.right, s.given)
    assert Independence.parse(repr(s)[len("Independence('") : -len("')")]) == s


@given(independences())
def test_swap_is_equal_with_equal_hash(s):
    swapped = s.swap()
    assert swapped == s and hash(swapped) == hash(s)
    assert swapped.swap().left == s.left


@given(independences(), independences())
def test_equality_is_symmetric_relation(a, b):
    assert (a == b) == (b == a)
    if a == b:
        assert hash(a) == hash(b)
        assert a.variables == b.variables
