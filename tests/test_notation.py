"""Tests of probtables.notation: parsing and printing terms, products, statements, values, names."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probtables.errors import NotationError, StatementError, VariableNameError
from probtables.notation import (
    RESERVED_NAMES,
    Item,
    TermSpec,
    check_name,
    format_name,
    format_product,
    format_statement,
    format_term,
    format_value,
    is_bare_name,
    parse_product,
    parse_statement,
    parse_term,
    parse_value,
)


def caret(message: str, text: str, position: int) -> str:
    """The full text of a NotationError: message, position, the text and a caret under it."""
    return f"{message} at position {position}:\n  {text}\n  {' ' * position}^"


def raises_notation(text: str, parse, message: str, position: int) -> None:
    with pytest.raises(NotationError, match=re.escape(caret(message, text, position))) as info:
        parse(text)
    assert info.value.position == position
    assert info.value.text == text


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("name", ["x", "x1", "θ", "_x", "Pr", "P", "X_2", "données", "given_x"])
def test_check_name_accepts_identifiers(name):
    assert check_name(name) == name


@pytest.mark.parametrize("name", ["a b", "x-y", "1x", "(x", "p", "indep", "given", "`", " ", "a\nb"])
def test_check_name_accepts_any_non_empty_string(name):
    assert check_name(name) == name


def test_check_name_rejects_the_empty_name():
    message = "variable name '' is empty; a variable name needs at least one character"
    with pytest.raises(VariableNameError, match=re.escape(message)):
        check_name("")


def test_check_name_rejects_non_strings():
    message = "variable name 3 is of type int, but variable names are strings; use '3'"
    with pytest.raises(VariableNameError, match=re.escape(message)):
        check_name(3)


def test_variable_name_error_is_a_value_error():
    with pytest.raises(ValueError):
        check_name(None)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("x", "x"),
        ("θ", "θ"),
        ("Pr", "Pr"),
        ("given_x", "given_x"),
        ("has-cancer", "`has-cancer`"),
        ("smoking status", "`smoking status`"),
        ("1x", "`1x`"),
        ("2024", "`2024`"),
        ("p", "`p`"),
        ("indep", "`indep`"),
        ("given", "`given`"),
        ("a`b", r"`a\`b`"),
        ("a\\b", r"`a\\b`"),
        ("a\nb", r"`a\nb`"),
        ("tab\there", r"`tab\there`"),
        ("zero\u200bwidth", r"`zero\u200bwidth`"),
        (" x ", "` x `"),
        ('it\'s "quoted"', '`it\'s "quoted"`'),
    ],
)
def test_format_name_quotes_what_is_not_an_identifier(name, written):
    assert format_name(name) == written
    assert is_bare_name(name) == (written == name)
    assert parse_term(f"p({written})").head_names == (name,)
    assert parse_statement(f"{written} ⊥ y")[0] == (name,)


def test_format_name_of_a_numpy_string_is_a_plain_string():
    import numpy as np

    assert type(format_name(np.str_("a b"))) is str
    assert format_name(np.str_("a b")) == "`a b`"


def test_names_as_data_has_them():
    term = parse_term("p(`has-cancer` | `smoking status`)")
    assert term.head_names == ("has-cancer",)
    assert term.given_names == ("smoking status",)
    assert str(term) == "p(`has-cancer` | `smoking status`)"
    # a quoted identifier is the same name as the bare one, and prints bare
    assert str(parse_term("p(`x` | `y`=1)")) == "p(x | y=1)"
    assert parse_term("p(`p`, `given` | `indep`=1)").names == ("p", "given", "indep")


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("-3", -3),
        ("+4", 4),
        ("007", 7),
        ("0.5", 0.5),
        ("-.5", -0.5),
        ("1.", 1.0),
        ("1e-05", 1e-05),
        ("1E+20", 1e20),
        ("inf", math.inf),
        ("-inf", -math.inf),
        ("high", "high"),
        ("True", "True"),
        ("v1.2", "v1.2"),
        ("1.2.3", "1.2.3"),
        ("high-risk", "high-risk"),
        ("θ", "θ"),
        ("'0'", "0"),
        ('"a b"', "a b"),
        ("'it\\'s'", "it's"),
        ("'\\n\\t\\\\'", "\n\t\\"),
        ("'\\x41\\u03b8\\U0001F600'", "Aθ\U0001f600"),
        ("''", ""),
    ],
)
def test_parse_value(text, value):
    parsed = parse_value(text)
    assert parsed == value
    assert type(parsed) is type(value)


def test_parse_value_nan():
    assert math.isnan(parse_value("nan"))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "1"),
        (-2, "-2"),
        (0.5, "0.5"),
        (1e20, "1e+20"),
        (-0.0, "-0.0"),
        ("high", "high"),
        ("0", "'0'"),
        ("1.5", "'1.5'"),
        ("inf", "'inf'"),
        ("a b", "'a b'"),
        ("", "''"),
        ("it's", '"it\'s"'),
        ("x|y", "'x|y'"),
        (True, "True"),
        (False, "False"),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


def test_format_value_numpy_scalars_print_as_python_scalars():
    np = pytest.importorskip("numpy")
    assert format_value(np.int64(3)) == "3"
    assert format_value(np.float64(0.25)) == "0.25"
    assert format_value(np.bool_(True)) == "True"
    assert format_value(np.str_("a b")) == "'a b'"


@pytest.mark.parametrize("value", [None, (1, 2), [1], object])
def test_format_value_rejects_other_types(value):
    message = f"format_value(): cannot write {value!r} ({type(value).__name__}) in the notation"
    with pytest.raises(TypeError, match=re.escape(message)):
        format_value(value)


def test_parse_value_errors():
    raises_notation("a b", parse_value, "expected the end of the text after the value", 2)
    raises_notation("'abc", parse_value, "this quoted value is never closed (expected a closing ')", 0)
    raises_notation(
        "'a\\qb'",
        parse_value,
        "expected an escape such as \\\\, \\', \\\", \\n, \\t, \\xhh or \\uhhhh after '\\'",
        2,
    )
    raises_notation("'\\x4'", parse_value, "expected 2 hexadecimal digits after '\\x'", 1)
    raises_notation("'\\U00110000'", parse_value, "'\\U00110000' is not a Unicode character", 1)
    with pytest.raises(NotationError, match=re.escape("expected a value, but the text ended")):
        parse_value("")


# --------------------------------------------------------------------------- items and terms


def test_item_kinds():
    plain, one, event = Item("x"), Item("x", 1), Item("x", values=[0, 1])
    assert (plain.has_value, plain.is_event, plain.setting) == (False, False, None)
    assert (one.has_value, one.is_event, one.setting) == (True, False, 1)
    assert (event.has_value, event.is_event, event.setting) == (True, True, (0, 1))
    assert event.values == (0, 1) and isinstance(event.values, tuple)
    assert [str(i) for i in (plain, one, event)] == ["x", "x=1", "x={0, 1}"]


def test_item_of_dispatches_on_collections():
    assert Item.of("x", [1, 0]) == Item("x", values=(1, 0))
    assert Item.of("x", {2, 0, 1}).values == (0, 1, 2)
    assert Item.of("x", "ab") == Item("x", "ab")
    assert Item.of("x") == Item("x")
    assert Item.of("x", range(2)) == Item("x", values=(0, 1))


def test_item_of_numpy_array_is_an_event():
    np = pytest.importorskip("numpy")
    assert str(Item.of("x", np.array([2, 1]))) == "x={2, 1}"
    assert str(Item.of("x", np.int64(2))) == "x=2"


def test_item_false_and_zero_are_values():
    assert Item("x", 0).has_value
    assert str(Item("x", False)) == "x=False"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"name": "x", "value": 1, "values": (2,)},
            ValueError,
            "Item('x'): give either one value or a set of values, not both",
        ),
        ({"name": "x", "values": ()}, ValueError, "Item('x'): an event needs at least one value"),
        (
            {"name": "x", "values": (1, 1)},
            ValueError,
            "Item('x'): value 1 appears twice in the event (1, 1)",
        ),
        ({"name": "x", "value": [1]}, TypeError, "format_value(): cannot write [1] (list)"),
        ({"name": ""}, VariableNameError, "variable name '' is empty"),
        ({"name": 1}, VariableNameError, "variable name 1 is of type int"),
    ],
)
def test_item_validation(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        Item(**kwargs)


def test_termspec_converts_names_and_properties():
    spec = TermSpec(head=["x", Item("y", values=(0, 1))], given=("z", Item("w", "a b")))
    assert spec.head == (Item("x"), Item("y", values=(0, 1)))
    assert spec.head_names == ("x", "y")
    assert spec.given_names == ("z", "w")
    assert spec.names == ("x", "y", "z", "w")
    assert spec.evidence == {"w": "a b"}
    assert spec.event == {"y": (0, 1)}
    assert str(spec) == "p(x, y={0, 1} | z, w='a b')"
    assert repr(spec) == "TermSpec(\"p(x, y={0, 1} | z, w='a b')\")"
    assert TermSpec("x").head_names == ("x",)


def test_termspec_validation():
    with pytest.raises(
        NotationError,
        match=re.escape("TermSpec(): a term needs at least one variable before the bar: p( | z)"),
    ):
        TermSpec((), ("z",))
    with pytest.raises(
        NotationError, match=re.escape("TermSpec(): variable 'x' appears twice in p(x | x=1)")
    ):
        TermSpec(("x",), (Item("x", 1),))


def test_termspec_is_frozen_and_hashable():
    spec = parse_term("p(x | y=1)")
    with pytest.raises(AttributeError):
        spec.head = ()
    assert {spec, parse_term("P( x|y = 1 )")} == {spec}


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("p(x)", "p(x)"),
        ("P(x,y|z)", "p(x, y | z)"),
        ("Pr( x , y | z = 1 )", "p(x, y | z=1)"),
        ("p(x|y=high, z=-2.5)", "p(x | y=high, z=-2.5)"),
        ("p(x | y={0,1})", "p(x | y={0, 1})"),
        ("p(x | y={b, a})", "p(x | y={b, a})"),
        ("p(x=1)", "p(x=1)"),
        ("p(θ|D=1)", "p(θ | D=1)"),
        ("Pr(X=x)", "p(X=x)"),
        ("p(x | y='0')", "p(x | y='0')"),
        ('p(x | y="a b")', "p(x | y='a b')"),
        ("p(x|y=a+b)", "p(x | y=a+b)"),
        ("p\t(\nx\n)", "p(x)"),
        ("p(P, Pr)", "p(P, Pr)"),
    ],
)
def test_parse_term_canonical(text, canonical):
    spec = parse_term(text)
    assert str(spec) == canonical
    assert parse_term(canonical) == spec


def test_parse_term_structure():
    spec = parse_term("p(x, y | z, w={0, 1})")
    assert spec == TermSpec(head=(Item("x"), Item("y")), given=(Item("z"), Item("w", values=(0, 1))))
    assert spec.evidence == {"w": (0, 1)}


def test_parse_term_keeps_written_order():
    assert parse_term("p(x, y)") != parse_term("p(y, x)")
    assert parse_term("p(x, y)").head_names == ("x", "y")


def test_parse_term_value_types():
    spec = parse_term("p(a=1, b=1.0, c=one, d='1' | e=1e3)")
    assert [type(i.value) for i in spec.head] == [int, float, str, str]
    assert spec.evidence == {"e": 1000.0}


def test_parse_term_error_example_with_caret():
    message = "expected a variable name at position 6:\n  p(x | )\n        ^"
    with pytest.raises(NotationError, match=re.escape(message)):
        parse_term("p(x | )")


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("p(x | )", "expected a variable name", 6),
        ("p()", "expected a variable name", 2),
        ("(x)", "expected 'p', 'P' or 'Pr' to start a term", 0),
        ("px(x)", "expected 'p', 'P' or 'Pr' to start a term", 0),
        ("p x", "expected '(' after 'p'", 2),
        ("p(x", "expected ')' to close the '(' at position 1, but the text ended", 3),
        ("p(x | y", "expected ')' to close the '(' at position 1, but the text ended", 7),
        ("p(x))", "unbalanced ')': expected the end of the text after the term", 4),
        ("p(x) z", "expected the end of the text after the term", 5),
        ("p(x)p(y)", "expected the end of the text after the term (parse_product reads a product)", 4),
        ("p(x y)", "expected ',', '|' or ')'", 4),
        ("p(x | y z)", "expected ',' or ')'", 8),
        ("p(x | y | z)", "expected ',' or ')'", 8),
        ("p(x, x)", "variable 'x' appears twice in the term", 5),
        ("p(x | y, y)", "variable 'y' appears twice in the term", 9),
        (
            "p(x | x)",
            "variable 'x' appears on both sides of the bar (behind it, a head variable may only be "
            "restricted to an event, as in x={0, 1})",
            6,
        ),
        (
            "p(x, y | z, y=1)",
            "variable 'y' appears on both sides of the bar (behind it, a head variable may only be "
            "restricted to an event, as in y={0, 1})",
            12,
        ),
        (
            "p(`a b` | `a b`=1)",
            "variable 'a b' appears on both sides of the bar (behind it, a head variable may only be "
            "restricted to an event, as in `a b`={0, 1})",
            10,
        ),
        ("p(x | y={0}, x={1}, x={0})", "variable 'x' appears twice in the term", 20),
        (
            "p(p)",
            "expected a variable name ('p' is reserved: the probability column of a table; "
            "write `p` for a variable of that name)",
            2,
        ),
        (
            "p(x | given)",
            "expected a variable name ('given' is reserved: a keyword of independence statements; "
            "write `given` for a variable of that name)",
            6,
        ),
        ("p(``)", "expected a variable name (a name in backticks cannot be empty)", 2),
        ("p(`x)", "this quoted name is never closed (expected a closing `)", 2),
        (
            "p(`x\\q`)",
            "expected an escape such as \\\\, \\', \\\", \\n, \\t, \\xhh or \\uhhhh after '\\'",
            4,
        ),
        ("p(x=)", "expected a value", 4),
        ("p(x={})", "expected a value (an event cannot be empty)", 5),
        ("p(x={1,})", "expected a value", 7),
        ("p(x={1 2})", "expected ',' or '}'", 7),
        ("p(x={1, 1.0})", "value 1.0 appears twice in the event", 8),
        ("p(x={1,{2}})", "expected a value", 7),
        ("p(x=1 2)", "expected ',', '|' or ')'", 6),
        ("p(x='abc)", "this quoted value is never closed (expected a closing ')", 4),
        ("p('x')", "expected a variable name", 2),
        ("p(1)", "expected a variable name", 2),
    ],
)
def test_parse_term_errors(text, message, position):
    raises_notation(text, parse_term, message, position)


def test_parse_term_error_on_empty_text():
    with pytest.raises(
        NotationError, match=re.escape("expected 'p', 'P' or 'Pr' to start a term, but the text ended")
    ):
        parse_term("   ")


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError, match=re.escape("expected a notation string, got 3 (int)")):
        parse_term(3)


def test_notation_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_term("p(")


# --------------------------------------------------------------------------- format_term


@pytest.mark.parametrize(
    ("args", "kwargs", "text"),
    [
        ((["x", "y"], ["z"], {"w": 1}), {}, "p(x, y | z, w=1)"),
        (("x",), {}, "p(x)"),
        (("x", "y"), {}, "p(x | y)"),
        (("x",), {"evidence": {"w": (0, 1)}}, "p(x | w={0, 1})"),
        (("x",), {"evidence": {"w": [1, 0]}}, "p(x | w={1, 0})"),
        (("x",), {"evidence": {"w": {1, 0}}}, "p(x | w={0, 1})"),
        (("x",), {"evidence": {"w": "a b", "v": 0.5}}, "p(x | w='a b', v=0.5)"),
        (("x",), {"event": {"x": 1}, "evidence": {"y": 0}}, "p(x=1 | y=0)"),
        ((("θ",), ("D",)), {}, "p(θ | D)"),
    ],
)
def test_format_term(args, kwargs, text):
    assert format_term(*args, **kwargs) == text


def test_format_term_errors():
    with pytest.raises(VariableNameError, match=re.escape("variable name '' is empty")):
        format_term([""])
    with pytest.raises(VariableNameError, match=re.escape("variable name 2 is of type int")):
        format_term(["x"], evidence={2: 1})
    with pytest.raises(
        NotationError, match=re.escape("TermSpec(): variable 'x' appears twice in p(x | x=1)")
    ):
        format_term(["x"], evidence={"x": 1})
    with pytest.raises(TypeError, match=re.escape("format_term(): evidence 'w' has no value (None)")):
        format_term(["x"], evidence={"w": None})
    with pytest.raises(
        NotationError, match=re.escape("format_term(): event names ['y'] are not head variables ['x']")
    ):
        format_term(["x"], event={"y": 1})
    with pytest.raises(
        NotationError, match=re.escape("TermSpec(): a term needs at least one variable before the bar")
    ):
        format_term([])


# --------------------------------------------------------------------------- products


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("p(z)p(y)p(x|y,z)", "p(z)p(y)p(x | y, z)"),
        ("p(z) * p(y) * p(x | y, z)", "p(z)p(y)p(x | y, z)"),
        ("p(w,x)·p(y,z|w,x)", "p(w, x)p(y, z | w, x)"),
        ("Pr(x) P(y|x)", "p(x)p(y | x)"),
        ("p(x)", "p(x)"),
    ],
)
def test_parse_product_canonical(text, canonical):
    terms = parse_product(text)
    assert format_product(terms) == canonical
    assert parse_product(canonical) == terms


def test_parse_product_structure():
    assert parse_product("p(z)p(x|z)") == (
        TermSpec((Item("z"),)),
        TermSpec((Item("x"),), (Item("z"),)),
    )


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("p(x)**p(y)", "expected 'p', 'P' or 'Pr' to start a term", 5),
        ("p(x)*", "expected 'p', 'P' or 'Pr' to start a term, but the text ended", 5),
        ("p(x))", "unbalanced ')': expected '*', another term or the end of the text", 4),
        ("p(x) q(y)", "expected '*', another term or the end of the text", 5),
        ("p(x)p(y", "expected ')' to close the '(' at position 5, but the text ended", 7),
        ("p(x)p(x, x)", "variable 'x' appears twice in the term", 9),
        ("p(x) + p(y)", "expected '*', another term or the end of the text", 5),
    ],
)
def test_parse_product_errors(text, message, position):
    raises_notation(text, parse_product, message, position)


def test_format_product_accepts_strings_and_term_like_objects():
    class TermLike:
        head = ("x",)
        given = ("y", "z")

    assert format_product(["P(z)", parse_term("p(y|z)"), TermLike()]) == "p(z)p(y | z)p(x | y, z)"
    assert format_product([]) == ""


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("y ⊥ z", (("y",), ("z",), ())),
        ("y ⊥ z | x", (("y",), ("z",), ("x",))),
        ("y ⊥⊥ z | x", (("y",), ("z",), ("x",))),
        ("y ⟂ z | x", (("y",), ("z",), ("x",))),
        ("y ⫫ z | x", (("y",), ("z",), ("x",))),
        ("y _||_ z | x", (("y",), ("z",), ("x",))),
        ("y_||_z|x", (("y",), ("z",), ("x",))),
        ("y__||_z", (("y_",), ("z",), ())),
        ("y indep z given x", (("y",), ("z",), ("x",))),
        ("y indep z | x", (("y",), ("z",), ("x",))),
        ("y ⊥ z given x", (("y",), ("z",), ("x",))),
        ("{a, b} ⊥ c | d", (("a", "b"), ("c",), ("d",))),
        ("a, b ⊥ c | d, e", (("a", "b"), ("c",), ("d", "e"))),
        ("{b,a}⊥{d,c}|{f,e}", (("b", "a"), ("d", "c"), ("f", "e"))),
        ("{a} ⊥ b", (("a",), ("b",), ())),
        ("θ ⊥ λ | μ", (("θ",), ("λ",), ("μ",))),
        ("indep_x indep given_x", (("indep_x",), ("given_x",), ())),
    ],
)
def test_parse_statement(text, parsed):
    assert parse_statement(text) == parsed


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("y indep z given x", "y ⊥ z | x"),
        ("{a,b} _||_ c | d", "{a, b} ⊥ c | d"),
        ("a, b ⊥ c, d | e, f", "{a, b} ⊥ {c, d} | e, f"),
        ("{a} ⟂ b", "a ⊥ b"),
    ],
)
def test_statement_round_trip(text, canonical):
    assert format_statement(*parse_statement(text)) == canonical
    assert parse_statement(canonical) == parse_statement(text)


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("⊥ z", "expected a variable name", 0),
        ("y ⊥", "expected a variable name, but the text ended", 3),
        ("y ⊥ z |", "expected a variable name, but the text ended", 7),
        ("y z", "expected ',' or an independence symbol (⊥, ⫫, _||_ or indep)", 2),
        ("y = z", "expected ',' or an independence symbol (⊥, ⫫, _||_ or indep)", 2),
        ("{a, b} c", "expected an independence symbol (⊥, ⫫, _||_ or indep)", 7),
        ("y ⊥ z x", "expected ',', '|', 'given' or the end of the text", 6),
        ("y ⊥ z | x ⊥", "expected the end of the text after the statement", 10),
        ("{} ⊥ z", "expected a variable name (a set cannot be empty)", 1),
        ("{a, b ⊥ c", "expected ',' or '}'", 6),
        ("{a, a} ⊥ b", "variable 'a' appears twice in the same set", 4),
        ("y ⊥ y", "variable 'y' is on both sides of ⊥ (a variable is not independent of itself)", 4),
        ("y ⊥ z | y", "variable 'y' appears both before and after the bar", 8),
        ("y ⊥ z | x, x", "variable 'x' appears twice in the same set", 11),
        (
            "indep ⊥ z",
            "expected a variable name ('indep' is reserved: a keyword of independence statements; "
            "write `indep` for a variable of that name)",
            0,
        ),
        ("_|_ z", "expected a variable name", 0),
        ("y \\perpx z", "expected ',' or an independence symbol (⊥, ⫫, _||_ or indep)", 2),
        ("_||_ z", "expected a variable name", 0),
        ("y ⊥ z || x", "expected a variable name", 7),
    ],
)
def test_parse_statement_errors(text, message, position):
    raises_notation(text, parse_statement, message, position)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("y", "z"), "y ⊥ z"),
        (("y", "z", "x"), "y ⊥ z | x"),
        ((["a", "b"], ["c"], ["d"]), "{a, b} ⊥ c | d"),
        ((["b", "a"], "c", ["e", "d"]), "{b, a} ⊥ c | e, d"),
        (({"b", "a"}, "c", frozenset({"e", "d"})), "{a, b} ⊥ c | d, e"),
    ],
)
def test_format_statement(args, text):
    assert format_statement(*args) == text


def test_format_statement_errors():
    with pytest.raises(StatementError, match=re.escape("format_statement(): the left side is empty")):
        format_statement([], "z")
    with pytest.raises(StatementError, match=re.escape("format_statement(): the right side is empty")):
        format_statement("y", ())
    with pytest.raises(VariableNameError, match=re.escape("variable name '' is empty")):
        format_statement("y", "z", [""])


# --------------------------------------------------------------------------- import discipline


def test_notation_imports_no_heavy_libraries():
    code = (
        "import sys, probtables.notation, probtables.independence; "
        "print(sorted(m for m in ('pandas', 'numpy', 'networkx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_reserved_names_are_written_in_backticks():
    for name in RESERVED_NAMES:
        assert check_name(name) == name
        assert format_name(name) == f"`{name}`"
        assert parse_term(format_term(name, evidence={name + "_": 1})).head_names == (name,)


# --------------------------------------------------------------------------- properties

_name_start = st.one_of(
    st.sampled_from("xyzwXYZ_θλμΔé"),
    st.characters(categories=("Lu", "Ll", "Lo")),
)
_name_rest = st.one_of(
    st.sampled_from("xyz_0123456789θ"),
    st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Mn", "Pc")),
)
identifier_names = st.builds(
    lambda a, b: a + "".join(b), _name_start, st.lists(_name_rest, max_size=6)
).filter(lambda s: s.isidentifier() and s not in RESERVED_NAMES)
# names as data has them: spaces, hyphens, digits first, reserved words, quotes, backslashes, controls
data_names = st.one_of(
    st.text(min_size=1, max_size=8),
    st.sampled_from(
        [
            "p",
            "given",
            "indep",
            "P",
            "Pr",
            "has-cancer",
            "smoking status",
            "rate_marriage",
            "1x",
            "2024",
            " x ",
            "a`b",
            "a\\b",
            "`",
            "\\",
            "x_|_y",
            "_||_",
            "⊥",
            "\\perp",
            "a|b",
            "{x}",
            "x=1",
            "p(x)",
            "données sèches",
        ]
    ),
    st.builds(lambda a, b: a + b, st.sampled_from(list("0123456789- .")), identifier_names),
)
names = st.one_of(identifier_names, data_names)
values = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["high", "low", "True", "0", "1.5", "inf", "a b", "it's", "-", "+1", "v1.2"]),
)
events = st.lists(values, min_size=1, max_size=4, unique=True).map(tuple)
settings_ = st.one_of(st.none(), values, st.just(math.nan), events)


@st.composite
def term_specs(draw):
    all_names = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    n_head = draw(st.integers(1, len(all_names)))
    items = []
    for name in all_names:
        setting = draw(settings_)
        items.append(Item(name, values=setting) if isinstance(setting, tuple) else Item(name, setting))
    head, given_ = items[:n_head], items[n_head:]
    # a variable in the head or plain behind the bar may be restricted to an event behind it
    plain = [i.name for i in head] + [i.name for i in given_ if not i.has_value]
    for name in draw(st.lists(st.sampled_from(plain), max_size=2, unique=True)):
        given_.append(Item(name, values=draw(events)))
    return TermSpec(tuple(head), tuple(given_))


_space = st.sampled_from(["", " ", "  ", "\t", "\n "])


@st.composite
def messy_term(draw, spec):
    """A non-canonical but equivalent writing of `spec`."""
    ws = lambda: draw(_space)  # noqa: E731

    def item(i):
        name = format_name(i.name)
        if not i.has_value:
            return ws() + name + ws()
        if i.is_event:
            inner = ",".join(ws() + format_value(v) + ws() for v in i.values)
            return f"{ws()}{name}{ws()}={ws()}{{{inner}}}{ws()}"
        return f"{ws()}{name}{ws()}={ws()}{format_value(i.value)}{ws()}"

    text = draw(st.sampled_from(["p", "P", "Pr"])) + ws() + "(" + ",".join(item(i) for i in spec.head)
    if spec.given:
        text += draw(st.sampled_from(["|", " \\mid "])) + ",".join(item(i) for i in spec.given)
    return ws() + text + ")" + ws()


@given(values)
def test_value_round_trip(value):
    text = format_value(value)
    parsed = parse_value(text)
    assert parsed == value
    assert type(parsed) is type(value)
    if isinstance(value, float):
        assert repr(parsed) == repr(value)  # keeps -0.0 and the exact float


@given(identifier_names)
def test_generated_names_are_accepted(name):
    assert check_name(name) == name
    assert parse_term(f"p({name})").head_names == (name,)


@given(names)
def test_every_name_round_trips(name):
    written = format_name(name)
    # bare exactly when the name is an identifier that is not reserved, in backticks otherwise
    assert (written == name) == (name.isidentifier() and name not in RESERVED_NAMES)
    if written != name:
        assert written[0] == written[-1] == "`"
    assert parse_term(f"p({written})").head_names == (name,)
    assert parse_term(format_term(name, evidence={name + "!": 1})).given_names == (name + "!",)
    assert parse_statement(format_statement(name, name + "!", [name + "?"])) == (
        (name,),
        (name + "!",),
        (name + "?",),
    )


def test_nan_settings_compare_equal():
    assert parse_term("p(x | y=nan)") == parse_term("p(x | y=nan)")
    assert hash(parse_term("p(x | y=nan)")) == hash(parse_term("p(x | y=nan)"))
    assert parse_term("p(x | y={nan, 1})") == TermSpec(("x",), (Item("y", values=(math.nan, 1)),))
    assert parse_term("p(x | y=nan)") != parse_term("p(x | y=1)")
    assert Item("y", math.nan) == Item("y", float("nan")) != Item("y", None)
    raises_notation("p(x | y={nan, nan})", parse_term, "value nan appears twice in the event", 14)
    with pytest.raises(ValueError, match=re.escape("Item('y'): value nan appears twice in the event")):
        Item("y", values=(math.nan, float("nan")))


def test_events_behind_the_bar_on_head_and_given_variables():
    spec = parse_term("p(x, y | x={0, 1})")
    assert spec.head_names == ("x", "y") and spec.given_names == ("x",)
    assert spec.names == ("x", "y") and spec.evidence == {"x": (0, 1)}
    assert str(spec) == "p(x, y | x={0, 1})"
    spec = parse_term("p(x | y, y={0, 2})")
    assert spec.given_names == ("y",) and spec.evidence == {"y": (0, 2)}
    assert [str(i) for i in spec.given] == ["y", "y={0, 2}"]
    assert format_term(["x", "y"], evidence={"x": (0, 1)}) == "p(x, y | x={0, 1})"
    assert format_term("x", "y", {"y": [0, 2]}) == "p(x | y, y={0, 2})"
    # an event on the same variable twice, or a single value on a head variable, is refused
    raises_notation("p(x | x={0}, x={1})", parse_term, "variable 'x' appears twice in the term", 13)
    raises_notation("p(x | y={0}, y)", parse_term, "variable 'y' appears twice in the term", 13)
    with pytest.raises(NotationError, match=re.escape("TermSpec(): variable 'y' appears twice in")):
        TermSpec(("x",), (Item("y", values=(0,)), "y"))


@pytest.mark.parametrize(
    "text",
    [
        "y _|_ z | x",
        "y_|_z|x",
        "y \\perp z \\mid x",
        "y \\perp\\!\\!\\!\\perp z | x",
        "y \\perp \\! \\! \\! \\perp z given x",
        "y\\perp\\perp z|x",
        "y ⫫ z | x",
        "y _||_ z | x",
        "y indep z given x",
    ],
)
def test_latex_and_ascii_independence_symbols(text):
    assert parse_statement(text) == (("y",), ("z",), ("x",))


@given(term_specs())
def test_term_round_trip(spec):
    text = str(spec)
    assert parse_term(text) == spec
    assert str(parse_term(text)) == text


@settings(max_examples=50)
@given(st.data())
def test_messy_term_parses_to_the_same_spec(data):
    spec = data.draw(term_specs())
    text = data.draw(messy_term(spec))
    assert parse_term(text) == spec


@given(st.lists(term_specs(), min_size=1, max_size=4), st.data())
def test_product_round_trip(specs, data):
    canonical = format_product(specs)
    assert parse_product(canonical) == tuple(specs)
    separators = [data.draw(st.sampled_from(["", "*", " * ", "·", " "])) for _ in specs[1:]]
    messy = "".join(
        (separators[i - 1] if i else "") + data.draw(messy_term(s)) for i, s in enumerate(specs)
    )
    assert parse_product(messy) == tuple(specs)


@st.composite
def statements(draw):
    all_names = draw(st.lists(names, min_size=2, max_size=7, unique=True))
    n_left = draw(st.integers(1, len(all_names) - 1))
    n_right = draw(st.integers(1, len(all_names) - n_left))
    left = tuple(all_names[:n_left])
    right = tuple(all_names[n_left : n_left + n_right])
    return left, right, tuple(all_names[n_left + n_right :])


@given(statements(), st.data())
def test_statement_round_trip_property(statement, data):
    left, right, given_ = statement
    canonical = format_statement(left, right, given_)
    assert parse_statement(canonical) == statement
    assert format_statement(*parse_statement(canonical)) == canonical

    def side(names_):
        sep = data.draw(st.sampled_from([",", " , ", ", "]))
        body = sep.join(format_name(n) for n in names_)
        return "{" + body + "}" if len(names_) > 1 or data.draw(st.booleans()) else body

    symbol = data.draw(
        st.sampled_from(
            [" ⊥ ", "⊥", "⊥⊥", " ⟂ ", "⫫", "_||_", " _||_ ", " indep ", "_|_", " _|_ ", " \\perp "]
            + [" \\perp\\!\\!\\!\\perp "]
        )
    )
    messy = side(left) + symbol + side(right)
    if given_:
        messy += data.draw(st.sampled_from(["|", " | ", " given ", " \\mid "])) + side(given_)
    assert parse_statement(messy) == statement


def test_an_integer_longer_than_python_converts_is_a_notation_error():
    digits = "1" * 4301
    text = f"p(x={digits})"
    message = f"a number of 4301 digits is longer than Python converts to an int at position 4:\n  {text}\n      ^"
    with pytest.raises(NotationError, match=re.escape(message)) as raised:
        parse_term(text)
    assert raised.value.position == 4
    assert format_value(digits) == repr(digits)  # a state of that many digits is quoted, not parsed


def _error(parse, text: str) -> NotationError:
    with pytest.raises(NotationError) as info:
        parse(text)
    return info.value


# --------------------------------------------------------------------------- carets


def test_caret_under_the_bad_character_after_wide_characters():
    # 中文 is an identifier (Unicode letters) and each character takes two columns in a terminal;
    # the offending ')' is at index 7 but at display column 2 + 4 + 3 = 9.
    err = _error(parse_term, "p(中文 | )")
    assert err.position == 7
    assert str(err) == "expected a variable name at position 7:\n  p(中文 | )\n           ^"


def test_caret_after_a_tab_uses_the_tab():
    # a tab is shown as a tab in the echoed text, so the padding must hold the same tab
    err = _error(parse_term, "p(x\t| )")
    assert err.position == 6
    assert str(err) == "expected a variable name at position 6:\n  p(x\t| )\n     \t  ^"


def test_caret_after_a_combining_mark():
    # "é" written as e + U+0301 (combining acute): two code points, one column;
    # ')' is at index 8 but at display column 7
    text = "p(xe\u0301 | )"
    err = _error(parse_term, text)
    assert err.position == 8
    assert str(err).splitlines()[-1] == "  " + " " * 7 + "^"


def test_caret_on_a_multiline_text_shows_the_offending_line():
    # whitespace is free, so a structure may span lines; the caret must sit under the ')' of line 2
    text = "p(x)\np(y | )"
    err = _error(parse_product, text)
    assert err.position == 11
    assert str(err) == "expected a variable name at position 11 (line 2):\n  p(y | )\n        ^"


def test_caret_at_the_end_of_a_multiline_text_points_after_the_last_character():
    err = _error(parse_statement, "y ⊥ z |\n")
    assert err.position == 8
    assert str(err) == (
        "expected a variable name, but the text ended at position 8 (line 1):\n  y ⊥ z |\n         ^"
    )


def test_ascii_caret_unchanged():
    err = _error(parse_term, "p(x | )")
    assert str(err) == "expected a variable name at position 6:\n  p(x | )\n        ^"
