"""Tests of probtables.bif: the BIF 0.15 reader and writer.

Layer 1 (parse_bif / format_bif, BIFNetwork) is pure Python and numpy; layer 2
(read_bif / write_bif) builds Table and Factorization objects.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networks import NETWORKS

import probtables as pt
from probtables.bif import BIFCpt, BIFNetwork, format_bif, parse_bif, read_bif, write_bif
from probtables.errors import (
    BIFError,
    InvalidParameterError,
    NormalizationError,
    StateMismatchError,
    VariableNameError,
)

# nodes from the README; arcs from the bnlearn repository pages, checked by hand
SIZES = {
    "asia": (8, 8),
    "cancer": (5, 4),
    "earthquake": (5, 4),
    "survey": (6, 6),
    "sachs": (11, 17),
    "child": (20, 25),
    "alarm": (37, 46),
    "insurance": (27, 52),
}


def _text(name: str) -> str:
    return (NETWORKS / f"{name}.bif").read_text()


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64).view(np.uint64)


@pytest.fixture(scope="module")
def asia() -> BIFNetwork:
    return parse_bif(_text("asia"), source="asia.bif")


def _raises(text: str, message: str, source: str = "t.bif") -> None:
    with pytest.raises(BIFError, match=re.escape(message) + "$"):
        parse_bif(text, source=source)


# ---------------------------------------------------------------------------
# Facts checked by hand against the files
# ---------------------------------------------------------------------------


def test_asia_variables_in_file_order(asia: BIFNetwork) -> None:
    assert list(asia.variables) == ["asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp"]
    assert all(states == ("yes", "no") for states in asia.variables.values())
    assert asia.name == "unknown"
    assert [c.child for c in asia.cpts] == list(asia.variables)


def test_asia_tub_given_asia(asia: BIFNetwork) -> None:
    tub = asia.cpt("tub")
    assert tub.parents == ("asia",)
    assert tub.values.shape == (2, 2)  # (asia, tub)
    assert tub.values[0, 0] == 0.05  # p(tub=yes | asia=yes)
    assert tub.values[1].tolist() == [0.01, 0.99]  # p(tub | asia=no)


def test_asia_either_configuration_order(asia: BIFNetwork) -> None:
    # "(no, yes) 1.0, 0.0;" under "either | lung, tub": lung=no, tub=yes
    either = asia.cpt("either")
    assert either.parents == ("lung", "tub")
    assert either.values.shape == (2, 2, 2)  # (lung, tub, either)
    assert either.values[1, 0, 0] == 1.0
    assert either.values[1, 0].tolist() == [1.0, 0.0]
    assert either.values[1, 1].tolist() == [0.0, 1.0]  # (no, no): either is no
    assert either.values[0, 1].tolist() == [1.0, 0.0]  # (yes, no)


def test_asia_roots_and_arcs(asia: BIFNetwork) -> None:
    assert asia.cpt("asia").parents == ()
    assert asia.cpt("asia").values.tolist() == [0.01, 0.99]
    assert asia.cpt("dysp").parents == ("bronc", "either")
    assert set(asia.arcs) == {
        ("asia", "tub"),
        ("smoke", "lung"),
        ("smoke", "bronc"),
        ("lung", "either"),
        ("tub", "either"),
        ("either", "xray"),
        ("bronc", "dysp"),
        ("either", "dysp"),
    }


def test_alarm_has_37_variables_and_46_arcs() -> None:
    alarm = parse_bif(_text("alarm"))
    assert len(alarm.variables) == 37
    assert len(alarm.arcs) == 46
    assert alarm.variables["EXPCO2"] == ("ZERO", "LOW", "NORMAL", "HIGH")
    assert alarm.cpt("HYPOVOLEMIA").values.tolist() == [0.2, 0.8]


@pytest.mark.parametrize("name", sorted(SIZES))
def test_node_and_arc_counts(name: str) -> None:
    net = parse_bif(_text(name))
    nodes, arcs = SIZES[name]
    assert len(net.variables) == nodes
    assert len(net.cpts) == nodes
    assert len(net.arcs) == arcs


def test_survey_three_state_child() -> None:
    survey = parse_bif(_text("survey"))
    assert survey.variables["A"] == ("young", "adult", "old")
    t = survey.cpt("T")
    assert t.parents == ("O", "R")
    assert t.values[0, 0].tolist() == [0.48, 0.42, 0.10]  # (emp, small)
    assert t.values[1, 1].tolist() == [0.70, 0.21, 0.09]  # (self, big)
    assert survey.cpt("E").values[2, 1].tolist() == [0.9, 0.1]  # (old, F)


def test_child_state_names_with_symbols() -> None:
    child = parse_bif(_text("child"))
    assert child.variables["LowerBodyO2"] == ("<5", "5-12", "12+")
    assert child.variables["CO2Report"] == ("<7.5", ">=7.5")
    assert child.variables["ChestXray"][-1] == "Asy/Patch"
    assert child.variables["XrayReport"][-1] == "Asy/Patchy"


def test_sachs_scientific_notation() -> None:
    sachs = parse_bif(_text("sachs"))
    akt = sachs.cpt("Akt")
    assert akt.parents == ("Erk", "PKA")
    # "(HIGH, LOW) 7.682262e-05, 1.183068e-01, 8.816163e-01;"
    assert akt.values[2, 0].tolist() == [7.682262e-05, 1.183068e-01, 8.816163e-01]


def test_values_are_read_only_float64(asia: BIFNetwork) -> None:
    values = asia.cpt("either").values
    assert values.dtype == np.float64
    with pytest.raises(ValueError):
        values[0, 0, 0] = 0.5


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SIZES))
def test_round_trip_is_exact(name: str) -> None:
    first = parse_bif(_text(name))
    second = parse_bif(format_bif(first))
    assert second == first
    assert second.name == first.name
    assert list(second.variables.items()) == list(first.variables.items())
    for a, b in zip(first.cpts, second.cpts):
        assert (a.child, a.parents) == (b.child, b.parents)
        assert np.array_equal(_bits(a.values), _bits(b.values))
    assert format_bif(second) == format_bif(first)


@pytest.mark.parametrize("name", ["asia", "cancer", "earthquake"])
def test_writer_reproduces_bnlearn_layout(name: str) -> None:
    text = _text(name)
    assert format_bif(parse_bif(text)) == text


def test_writer_shortest_repr() -> None:
    survey = format_bif(parse_bif(_text("survey")))
    assert "  (emp, small) 0.48, 0.42, 0.1;\n" in survey


# any name without '"' or a line break can be written; the odd ones are quoted
names = st.text(alphabet="abxyz_-<>+./*, ;{}()|[]0123456789\t", min_size=1, max_size=6)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def networks(draw: st.DrawFn) -> BIFNetwork:
    var_names = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    variables = {v: tuple(draw(st.lists(names, min_size=1, max_size=3, unique=True))) for v in var_names}
    cpts = []
    for i, child in enumerate(var_names):
        parents = (
            tuple(draw(st.lists(st.sampled_from(var_names[:i]), unique=True, max_size=2))) if i else ()
        )
        shape = tuple(len(variables[v]) for v in (*parents, child))
        flat = draw(st.lists(finite, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
        cpts.append(BIFCpt(child, parents, np.array(flat).reshape(shape)))
    order = draw(st.permutations(cpts))
    return BIFNetwork(draw(names), variables, tuple(order))


@settings(max_examples=60, deadline=None)
@given(networks())
def test_round_trip_property(net: BIFNetwork) -> None:
    back = parse_bif(format_bif(net))
    assert back == net
    for a, b in zip(net.cpts, back.cpts):
        assert np.array_equal(_bits(a.values), _bits(b.values))  # -0.0, subnormals, 1e308


def test_quoted_names_round_trip() -> None:
    net = BIFNetwork(
        "my net",
        {"has space": ("a b", "c"), "x": ("0", "1")},
        (BIFCpt("has space", (), [0.5, 0.5]), BIFCpt("x", ("has space",), [[0.1, 0.9], [1.0, 0.0]])),
    )
    text = format_bif(net)
    assert 'variable "has space" {' in text
    assert '  ("a b") 0.1, 0.9;' in text
    assert parse_bif(text) == net


def test_properties_round_trip() -> None:
    text = """
network "Dog" {
  property "credal-set constant-density-bounded 1.1" ;
}
variable light {
  type discrete [ 2 ] { on, off };
  property "position = (218, 195)" ;
}
probability ( light ) {
  property note ;
  table 0.3, 0.7;
}
"""
    net = parse_bif(text)
    assert net.name == "Dog"
    assert net.properties == ('"credal-set constant-density-bounded 1.1"',)
    assert net.variable_properties == {"light": ('"position = (218, 195)"',)}
    assert net.cpt("light").properties == ("note",)
    assert parse_bif(format_bif(net)) == net


# ---------------------------------------------------------------------------
# Variants of the format
# ---------------------------------------------------------------------------

JAVABAYES = """
// Bayesian network, JavaBayes style
network "Dog-Problem" { //5 variables and 5 probability distributions
}
variable  "family-out" { //2 values
        type discrete[2] {  "true"  "false" };
        property "position = (257, 99)" ;
}
variable  "bowel-problem" { //2 values
        type discrete[2] {  "true"  "false" };
}
variable  "dog-out" { //2 values
        type discrete[2] {  "true"  "false" };
}
probability (  "family-out" ) { //1 variable(s) and 2 values
        table 0.15 0.85 ;
}
probability (  "bowel-problem" ) {
        table 0.01 0.99 ;
}
/* the table lists the child slowest:
   dog-out=true for (bp, fo) = TT, TF, FT, FF, then dog-out=false */
probability (  "dog-out"  "bowel-problem"  "family-out" ) { //3 variable(s) and 8 values
        table 0.99 0.97 0.9 0.3 0.01 0.03 0.1 0.7 ;
}
"""


def test_javabayes_style() -> None:
    net = parse_bif(JAVABAYES)
    assert net.name == "Dog-Problem"
    assert list(net.variables) == ["family-out", "bowel-problem", "dog-out"]
    assert net.variables["dog-out"] == ("true", "false")
    dog = net.cpt("dog-out")
    assert dog.parents == ("bowel-problem", "family-out")
    # p(dog-out=true | bowel-problem=true, family-out=false) = 0.97
    assert dog.values[0, 1].tolist() == [0.97, 0.03]
    assert dog.values[1, 0].tolist() == [0.9, 0.1]
    assert dog.values[1, 1].tolist() == [0.3, 0.7]
    assert net.variable_properties == {"family-out": ('"position = (257, 99)"',)}
    assert parse_bif(format_bif(net)) == net


def test_table_line_with_parents_equals_configuration_lines() -> None:
    head = "variable a { type discrete [ 2 ] { y, n }; } variable b { type discrete [ 3 ] { l, m, h }; }"
    head += "probability ( a ) { table 0.5, 0.5; }"
    by_table = parse_bif(head + "probability ( b | a ) { table 0.1, 0.4, 0.2, 0.5, 0.7, 0.1; }")
    by_lines = parse_bif(head + "probability ( b | a ) { (y) 0.1, 0.2, 0.7; (n) 0.4, 0.5, 0.1; }")
    assert by_table == by_lines


def test_default_fills_the_missing_configurations() -> None:
    net = parse_bif(
        """
variable a { type discrete [ 3 ] { x, y, z }; }
variable b { type discrete [ 2 ] { t, f }; }
probability ( a ) { table 0.2, 0.3, 0.5; }
probability ( b | a ) {
  default 0.5, 0.5;
  (y) 0.9, 0.1;
}
"""
    )
    assert net.cpt("b").values.tolist() == [[0.5, 0.5], [0.9, 0.1], [0.5, 0.5]]


def test_whitespace_line_breaks_and_separators() -> None:
    net = parse_bif(
        "network\tn{}variable a{type discrete[2]{y,n};}\n"
        "variable b {\n type\n discrete [\n2\n] {\n y ,\n n\n }\n ;\n}\n"
        "probability(a){table 1e-1,\n 9E-1 ;}\n"
        "probability ( b | a ) {\n (y)\n 0.25,\n 0.75\n ;\n (n) .5 +.5; }"
    )
    assert net.name == "n"
    assert net.cpt("a").values.tolist() == [0.1, 0.9]
    assert net.cpt("b").values.tolist() == [[0.25, 0.75], [0.5, 0.5]]


def test_space_separated_configuration_and_comma_between_parents() -> None:
    text = """
variable a { type discrete [ 2 ] { y, n }; }
variable b { type discrete [ 2 ] { y, n }; }
variable c { type discrete [ 2 ] { y, n }; }
probability ( a ) { table 0.5, 0.5; }
probability ( b ) { table 0.5, 0.5; }
probability ( c, a, b ) { (y y) 1, 0; (n y) 0, 1; ("y", n) 0.5, 0.5; (n, "n") 0.25 0.75; }
"""
    c = parse_bif(text).cpt("c")
    assert c.parents == ("a", "b")
    assert c.values[0, 1].tolist() == [0.5, 0.5]
    assert c.values[1, 1].tolist() == [0.25, 0.75]


def test_no_network_block_means_unknown() -> None:
    net = parse_bif("variable a { type discrete [ 1 ] { only }; } probability ( a ) { table 1; }")
    assert net.name == "unknown"
    assert net.cpt("a").values.tolist() == [1.0]


def test_comment_markers_inside_strings_are_kept() -> None:
    net = parse_bif(
        'network n { property "see http://example.org" ; }\n'
        'variable a { type discrete [ 2 ] { "a//b", "c/*d" }; }\n'
        "probability ( a ) { table 0.5, 0.5; } // done"
    )
    assert net.variables["a"] == ("a//b", "c/*d")
    assert net.properties == ('"see http://example.org"',)
    assert parse_bif(format_bif(net)) == net


def test_values_are_not_normalized() -> None:
    net = parse_bif("variable a { type discrete [ 2 ] { y, n }; } probability ( a ) { table 0.5, 0.6; }")
    assert net.cpt("a").values.tolist() == [0.5, 0.6]


# ---------------------------------------------------------------------------
# Malformed files: full messages with the line number
# ---------------------------------------------------------------------------

A = "variable a {\n  type discrete [ 2 ] { yes, no };\n}\n"  # lines 1-3
B = "variable b {\n  type discrete [ 2 ] { lo, hi };\n}\n"  # lines 4-6 after A
PA = "probability ( a ) {\n  table 0.3, 0.7;\n}\n"


def test_error_missing_semicolon_after_state_list() -> None:
    _raises(
        "variable asia {\n  type discrete [ 2 ] { yes, no }\n}\n",
        "asia.bif, line 3: expected ';' after the state list, found '}'",
        source="asia.bif",
    )


def test_error_unknown_child_with_suggestion() -> None:
    _raises(
        A + "probability ( aa ) {\n  table 0.5, 0.5;\n}\n",
        "t.bif, line 4: unknown variable 'aa' in a probability block (no variable block "
        "declares it). Did you mean 'a'?",
    )


def test_error_unknown_parent() -> None:
    _raises(
        A + PA + "probability ( b | a ) {\n  (yes) 0.5, 0.5;\n}\n",
        "t.bif, line 7: unknown variable 'b' in a probability block (no variable block declares it)",
    )


def test_error_unknown_state_in_configuration() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  (yes) 0.5, 0.5;\n  (maybe) 0.5, 0.5;\n}\n",
        "t.bif, line 12: 'maybe' is not a state of 'a'; its states are ('yes', 'no')",
    )


def test_error_unknown_state_second_parent_quoted() -> None:
    text = (
        A
        + B
        + PA
        + (
            "probability ( b ) {\n  table 0.5, 0.5;\n}\n"
            "variable c {\n  type discrete [ 2 ] { u, v };\n}\n"
            'probability ( c | a, b ) {\n  (yes,\n "high") 0.5, 0.5;\n}\n'
        )
    )
    _raises(text, "t.bif, line 18: 'high' is not a state of 'b'; its states are ('lo', 'hi')")


def test_error_wrong_number_of_parent_states() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  (yes, no) 0.5, 0.5;\n}\n",
        "t.bif, line 11: expected 1 parent state (a), found 2: (yes, no)",
    )


def test_error_table_length_without_parents() -> None:
    _raises(
        A + "probability ( a ) {\n  table 0.3, 0.3, 0.4;\n}\n",
        "t.bif, line 5: the table of 'a' needs 2 values (one per state), found 3",
    )


def test_error_table_length_with_parents() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  table 0.1, 0.2, 0.9;\n}\n",
        "t.bif, line 11: the table of 'b' needs 4 values (2 states x 2 parent configurations), found 3",
    )


def test_error_row_length() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  (yes) 0.5, 0.5;\n  (no) 0.2, 0.3, 0.5;\n}\n",
        "t.bif, line 12: expected 2 values for 'b' (one per state), found 3",
    )


def test_error_configuration_missing() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  (yes) 0.5, 0.5;\n}\n",
        "t.bif, line 10: the probability block of 'b' misses 1 of 2 parent configurations (a): (no)",
    )


def test_error_configurations_missing_two_parents() -> None:
    _raises(
        A
        + B
        + "probability ( a ) {\n  table 0.5, 0.5;\n}\nprobability ( b ) {\n  table 0.5, 0.5;\n}\n"
        + "variable c {\n  type discrete [ 2 ] { u, v };\n}\n"
        + "probability ( c | a, b ) {\n  (no, hi) 0.5, 0.5;\n}\n",
        "t.bif, line 16: the probability block of 'c' misses 3 of 4 parent configurations (a, b): "
        "(yes, lo), (yes, hi), (no, lo)",
    )


def test_error_configuration_twice() -> None:
    _raises(
        A
        + B
        + PA
        + "probability ( b | a ) {\n  (yes) 0.5, 0.5;\n  (no) 0.5, 0.5;\n  (yes) 0.1, 0.9;\n}\n",
        "t.bif, line 13: parent configuration (yes) of 'b' given twice (first on line 11)",
    )


def test_error_unterminated_probability_block() -> None:
    _raises(
        A + "probability ( a ) {\n  table 0.3, 0.7;\n",
        "t.bif, line 5: unterminated probability block of 'a' (opened on line 4): "
        "expected '}', found end of file",
    )


def test_error_unterminated_variable_block() -> None:
    _raises(
        "variable a {\n  type discrete [ 2 ] { yes, no };\n\n",
        "t.bif, line 2: unterminated variable block 'a' (opened on line 1): "
        "expected '}', found end of file",
    )


def test_error_unterminated_network_block() -> None:
    _raises(
        "network x {\n",
        "t.bif, line 1: unterminated network block (opened on line 1): expected '}', found end of file",
    )


def test_error_missing_semicolon_after_values() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  (yes) 0.5, 0.5\n  (no) 0.5, 0.5;\n}\n",
        "t.bif, line 12: expected ';' after the values of 'b', found '('",
    )


def test_error_not_a_number() -> None:
    _raises(
        A + "probability ( a ) {\n  table 0.5, half;\n}\n",
        "t.bif, line 5: expected a number in the values of 'a', found 'half'",
    )


def test_error_nan_is_not_a_number() -> None:
    _raises(
        A + "probability ( a ) {\n  table nan, 0.5;\n}\n",
        "t.bif, line 5: expected a number in the values of 'a', found 'nan'",
    )


def test_error_trailing_comma_in_values() -> None:
    _raises(
        A + "probability ( a ) {\n  table 0.5, 0.5,;\n}\n",
        "t.bif, line 5: expected a number in the values of 'a', found ';'",
    )


def test_error_two_probability_blocks() -> None:
    _raises(
        A + PA + PA,
        "t.bif, line 7: a second probability block for 'a' (the first is on line 4)",
    )


def test_error_variable_without_probability_block() -> None:
    _raises(A + B + PA, "t.bif, line 4: variable 'b' has no probability block")


def test_error_variable_declared_twice() -> None:
    _raises(A + A, "t.bif, line 4: variable 'a' declared twice (first on line 1)")


def test_error_state_count() -> None:
    _raises(
        "variable a {\n  type discrete [ 3 ] { yes, no };\n}\n",
        "t.bif, line 2: variable 'a' declares 3 states but lists 2: ('yes', 'no')",
    )


def test_error_state_listed_twice() -> None:
    _raises(
        "variable a {\n  type discrete [ 2 ] { yes, yes };\n}\n",
        "t.bif, line 2: state 'yes' of 'a' listed twice",
    )


def test_error_continuous_variable() -> None:
    _raises(
        "variable a {\n  type continuous;\n}\n",
        "t.bif, line 2: expected 'discrete' after 'type' (only discrete variables are "
        "supported), found 'continuous'",
    )


def test_error_stray_word_at_top_level() -> None:
    _raises(
        A + "node b {\n}\n",
        "t.bif, line 4: expected 'network', 'variable' or 'probability', found 'node'",
    )


def test_error_own_parent() -> None:
    _raises(
        A + "probability ( a | a ) {\n  (yes) 1, 0;\n}\n",
        "t.bif, line 4: 'a' is listed as its own parent",
    )


def test_error_parent_twice() -> None:
    _raises(
        A + B + PA + "probability ( b | a, a ) {\n  default 0.5, 0.5;\n}\n",
        "t.bif, line 10: parent 'a' of 'b' is listed twice",
    )


def test_error_table_and_configurations() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  table 0.5, 0.5, 0.5, 0.5;\n  (yes) 0.5, 0.5;\n}\n",
        "t.bif, line 12: the probability block of 'b' has a 'table' line (line 11), which "
        "gives every value; found parent configurations too",
    )


def test_error_configuration_for_a_root() -> None:
    _raises(
        A + "probability ( a ) {\n  (yes) 0.5, 0.5;\n}\n",
        "t.bif, line 5: 'a' has no parents, so its block takes 'table', found '('",
    )


def test_error_empty_root_block() -> None:
    _raises(
        A + "probability ( a ) {\n}\n", "t.bif, line 4: the probability block of 'a' has no 'table' line"
    )


def test_error_line_numbers_count_comments() -> None:
    _raises(
        "/* a\ncomment\n*/ variable a { // note\n  type discrete [ 2 ] { yes no }\n}\n",
        "t.bif, line 5: expected ';' after the state list, found '}'",
    )


def test_error_unterminated_comment() -> None:
    _raises(A + "/* never closed\n", "t.bif, line 4: unterminated comment: '/*' without '*/'")


def test_error_unterminated_string() -> None:
    _raises(
        'variable "a {\n  type discrete [ 2 ] { yes, no };\n}\n',
        "t.bif, line 1: unterminated string: '\"' without a closing '\"'",
    )


def test_error_property_without_semicolon() -> None:
    _raises(
        "network n {\n  property x = 1\n}\n",
        "t.bif, line 3: expected ';' after the property, found '}'",
    )


def test_error_default_source_name() -> None:
    with pytest.raises(BIFError, match=re.escape("<string>, line 1: expected 'network', 'variable' or")):
        parse_bif("bogus")


# ---------------------------------------------------------------------------
# Constructing networks by hand
# ---------------------------------------------------------------------------


def test_network_rejects_wrong_shape() -> None:
    with pytest.raises(
        BIFError,
        match=re.escape(
            "BIFNetwork: values of p(y | x) have shape (2, 3), but the state counts of "
            "('x', 'y') give (2, 2)"
        ),
    ):
        BIFNetwork(
            "n",
            {"x": ("a", "b"), "y": ("a", "b")},
            (BIFCpt("x", (), [0.5, 0.5]), BIFCpt("y", ("x",), np.full((2, 3), 1 / 3))),
        )


def test_network_rejects_missing_table() -> None:
    with pytest.raises(BIFError, match=re.escape("BIFNetwork: no table for 'y'")):
        BIFNetwork("n", {"x": ("a",), "y": ("a",)}, (BIFCpt("x", (), [1.0]),))


def test_network_rejects_unknown_variable() -> None:
    with pytest.raises(
        BIFError,
        match=re.escape("BIFNetwork: p(y) names 'y', which is not a variable. Did you mean 'yy'?"),
    ):
        BIFNetwork("n", {"yy": ("a",)}, (BIFCpt("y", (), [1.0]),))


def test_cpt_rejects_non_finite_and_wrong_axes() -> None:
    with pytest.raises(BIFError, match=re.escape("BIFCpt: values of 'x' must be finite")):
        BIFCpt("x", (), [np.nan, 1.0])
    with pytest.raises(
        BIFError,
        match=re.escape(
            "BIFCpt: values of 'x' need 2 axes (one per parent, then the child), found shape (2,)"
        ),
    ):
        BIFCpt("x", ("y",), [0.5, 0.5])


def test_cpt_copies_its_input() -> None:
    data = np.array([0.5, 0.5])
    cpt = BIFCpt("x", (), data)
    data[0] = 0.0
    assert cpt.values.tolist() == [0.5, 0.5]


def test_cpt_lookup_error(asia: BIFNetwork) -> None:
    with pytest.raises(
        BIFError, match=re.escape("BIFNetwork.cpt(): no table for 'lungs'. Did you mean 'lung'?")
    ):
        asia.cpt("lungs")


def test_format_rejects_a_quote_in_a_name() -> None:
    net = BIFNetwork("n", {'say "hi"': ("a",)}, (BIFCpt('say "hi"', (), [1.0]),))
    with pytest.raises(
        BIFError,
        match=re.escape(
            "format_bif(): the name 'say \"hi\"' has a double quote, which BIF cannot write"
        ),
    ):
        format_bif(net)


def test_network_equality_is_bitwise() -> None:
    a = BIFNetwork("n", {"x": ("a", "b")}, (BIFCpt("x", (), [0.0, 1.0]),))
    b = BIFNetwork("n", {"x": ("a", "b")}, (BIFCpt("x", (), [-0.0, 1.0]),))
    assert a != b
    assert a == BIFNetwork("n", {"x": ("a", "b")}, (BIFCpt("x", (), [0.0, 1.0]),))
    assert repr(a) == "<BIFNetwork 'n': 1 variable, 0 arcs>"


# ---------------------------------------------------------------------------
# Layer 2: files <-> Factorization of Tables
# ---------------------------------------------------------------------------


def test_read_bif_asia_terms() -> None:
    f = read_bif(NETWORKS / "asia.bif")
    assert str(f) == (
        "p(asia)p(tub | asia)p(smoke)p(lung | smoke)p(bronc | smoke)"
        "p(either | lung, tub)p(xray | either)p(dysp | bronc, either)"
    )
    tub = f.terms[1]
    assert tub.head == ("tub",) and tub.given == ("asia",)
    assert tub.table.p(tub="yes", asia="yes") == 0.05
    either = f.terms[5].table
    assert either.given == ("lung", "tub")
    assert either.states["either"] == ("yes", "no")
    assert either.p(either="yes", lung="no", tub="yes") == 1.0


def test_read_bif_asia_joint_by_hand() -> None:
    joint = read_bif(NETWORKS / "asia.bif").joint()
    # p(lung=yes) = 0.5 * 0.1 + 0.5 * 0.01
    assert joint.marginal("lung").p(lung="yes") == pytest.approx(0.055, abs=1e-12)


@pytest.mark.parametrize("name", sorted(SIZES))
def test_read_bif_every_network(name: str) -> None:
    net = parse_bif(_text(name))
    f = read_bif(NETWORKS / f"{name}.bif")
    assert len(f.terms) == SIZES[name][0]
    for term, cpt in zip(f.terms, net.cpts):
        assert term.head == (cpt.child,)
        assert term.given == cpt.parents
        assert term.table.states == {v: net.variables[v] for v in (*cpt.parents, cpt.child)}
        assert np.array_equal(_bits(term.table.to_array((*cpt.parents, cpt.child))), _bits(cpt.values))


@pytest.mark.parametrize("name", sorted(SIZES))
def test_write_read_round_trip(name: str, tmp_path: Path) -> None:
    first = read_bif(NETWORKS / f"{name}.bif")
    write_bif(first, tmp_path / "out.bif")
    second = read_bif(tmp_path / "out.bif")
    assert [(t.head, t.given) for t in second.terms] == [(t.head, t.given) for t in first.terms]
    for a, b in zip(first.terms, second.terms):
        assert a.table.states == b.table.states
        assert b.table.equals(a.table, atol=0.0)
        order = (*a.given, *a.head)
        assert np.array_equal(_bits(a.table.to_array(order)), _bits(b.table.to_array(order)))
    assert parse_bif((tmp_path / "out.bif").read_text()) == parse_bif(_text(name))


def test_read_bif_rejects_rows_not_summing_to_one(tmp_path: Path) -> None:
    path = tmp_path / "bad.bif"
    path.write_text("variable a { type discrete [ 2 ] { y, n }; } probability ( a ) { table 0.5, 0.6; }")
    with pytest.raises(NormalizationError):
        read_bif(path)


def test_read_bif_atol_is_a_parameter() -> None:
    # alarm rounds to 7 digits: three rows of HRBP sum to 1 - 1e-7
    with pytest.raises(NormalizationError):
        read_bif(NETWORKS / "alarm.bif", atol=1e-9)
    assert len(read_bif(NETWORKS / "alarm.bif").terms) == 37


def test_read_bif_error_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.bif"
    path.write_text("variable a {\n  type discrete [ 2 ] { y, n }\n}\n")
    with pytest.raises(
        BIFError, match=re.escape(f"{path}, line 3: expected ';' after the state list, found '}}'")
    ):
        read_bif(path)


def _coin_terms():  # type: ignore[no-untyped-def]
    from probtables import Table, Term

    x = Table.from_array([0.5, 0.5], states={"x": [0, 1]})
    y = Table.from_array([[0.9, 0.1], [0.2, 0.8]], states={"x": [0, 1], "y": ["a", "b"]}, given=("x",))
    return Term(("x",), (), x), Term(("y",), ("x",), y)


def test_write_bif_name_and_integer_states(tmp_path: Path) -> None:
    from probtables import Factorization

    path = tmp_path / "coin.bif"
    write_bif(Factorization(_coin_terms()), path)
    text = path.read_text()
    assert text.startswith("network unknown {\n}\nvariable x {\n  type discrete [ 2 ] { 0, 1 };\n}\n")
    assert "  (1) 0.2, 0.8;\n" in text
    back = read_bif(path)
    assert back.terms[0].table.states == {"x": ("0", "1")}  # BIF states are names
    write_bif(Factorization(_coin_terms()), path, name="coins")
    assert path.read_text().startswith("network coins {\n")


def test_write_bif_needs_one_head_per_term(tmp_path: Path) -> None:
    from probtables import Factorization, Table, Term

    xy = Table.from_array([[0.25, 0.25], [0.25, 0.25]], states={"x": [0, 1], "y": [0, 1]})
    with pytest.raises(
        BIFError,
        match=re.escape(
            "write_bif(): term p(x, y) has 2 head variables; BIF needs one variable per probability block"
        ),
    ):
        write_bif(Factorization([Term(("x", "y"), (), xy)]), tmp_path / "f.bif")


def test_write_bif_needs_tables(tmp_path: Path) -> None:
    from probtables import Factorization

    with pytest.raises(BIFError, match=re.escape("write_bif(): term p(y) has no table")):
        write_bif(Factorization.parse("p(y)p(x | y)"), tmp_path / "f.bif")


def test_write_bif_needs_a_term_per_variable(tmp_path: Path) -> None:
    from probtables import Factorization

    _, y_given_x = _coin_terms()
    with pytest.raises(
        BIFError,
        match=re.escape(
            "write_bif(): 'x' is conditioned on in p(y | x) but has no term of its own; "
            "BIF needs a probability block for every variable"
        ),
    ):
        write_bif(Factorization([y_given_x]), tmp_path / "f.bif")


def test_write_bif_state_mismatch(tmp_path: Path) -> None:
    from probtables import Factorization, Table, Term

    x = Table.from_array([0.5, 0.5], states={"x": ["h", "t"]})
    _, y_given_x = _coin_terms()
    with pytest.raises(
        StateMismatchError,
        match=re.escape(
            "write_bif(): variable 'x' has states ('h', 't') in p(x) but ('0', '1') in p(y | x)"
        ),
    ):
        write_bif(Factorization([Term(("x",), (), x), y_given_x]), tmp_path / "f.bif")


def test_error_trailing_comma_in_configuration() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  (yes, ) 0.5, 0.5;\n}\n",
        "t.bif, line 11: expected a parent state, found ')'",
    )


def test_error_number_too_large() -> None:
    _raises(
        A + B + PA + "probability ( b | a ) {\n  (yes) 0.5, 0.5;\n  (no) 1e400, 0;\n}\n",
        "t.bif, line 12: the number '1e400' in the values of 'b' is too large for a float",
    )


def test_format_rejects_a_line_break_in_a_name() -> None:
    net = BIFNetwork("n", {"x": ("a\nb",)}, (BIFCpt("x", (), [1.0]),))
    with pytest.raises(
        BIFError,
        match=re.escape("format_bif(): the name 'a\\nb' has a line break, which BIF cannot write"),
    ):
        format_bif(net)


def test_read_bif_of_a_file_that_is_not_utf8_names_the_file_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bif"
    path.write_bytes("network n {}\nvariable a { type discrete [ 2 ] { é, b }; }\n".encode("latin-1"))
    message = f"{path}, line 2: byte 48 (0xe9) is not UTF-8; a BIF file is UTF-8 text, plain or gzip-compressed."
    with pytest.raises(BIFError, match=re.escape(message)):
        read_bif(path)


@pytest.mark.parametrize("atol", [float("nan"), -1.0, "0.1"])
def test_read_bif_checks_the_tolerance(tmp_path: Path, atol: object) -> None:
    path = tmp_path / "x.bif"
    path.write_text(
        "variable x { type discrete [ 2 ] { a, b }; }\nprobability ( x ) { table 0.9, 0.9; }\n"
    )
    with pytest.raises(
        InvalidParameterError,
        match=re.escape(f"read_bif(): atol must be a finite number >= 0, got {atol!r}."),
    ):
        read_bif(path, atol=atol)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- BIF names

_DOG = """// Produced by JavaBayes
network "Dog-Problem" {
\tproperty "credal-set constant-density-bounded 1.1" ;
}
variable  "light-on" {
\ttype discrete[2] {  "true"  "false" };
}
variable  "family-out" {
\ttype discrete[2] {  "true"  "false" };
}
probability (  "light-on"  "family-out" ) {
\ttable 0.6 0.05 0.4 0.95 ;
}
probability (  "family-out" ) {
\ttable 0.15 0.85 ;
}
"""


def test_read_bif_keeps_names_as_written_and_prints_them_quoted(tmp_path):
    path = tmp_path / "dog.bif"
    path.write_text(_DOG)
    f = pt.read_bif(path)
    assert str(f) == "p(`light-on` | `family-out`)p(`family-out`)"
    # the file lists p(light-on=true | family-out=false) = 0.05 (child slowest, parent fastest)
    assert f.terms[0].table.query("p(`light-on`=true | `family-out`=false)") == 0.05
    assert pt.Factorization.parse(str(f)).dag.edges == f.dag.edges


def test_read_bif_refuses_a_variable_named_p_naming_the_file(tmp_path):
    path = tmp_path / "p.bif"
    path.write_text(
        "variable p { type discrete [ 2 ] { a, b }; }\nprobability ( p ) { table 0.5, 0.5; }\n"
    )
    message = (
        f"{path}: variable 'p' cannot be read into a table ('p' is the name of a table's probability "
        "column); rename it in the file (for instance to 'p_'), or use probtables.bif.parse_bif to "
        "read the network with its names as written"
    )
    with pytest.raises(VariableNameError, match=re.escape(message)):
        pt.read_bif(path)


def test_parse_bif_still_reads_such_names_as_written():
    net = pt.bif.parse_bif(_DOG)
    assert list(net.variables) == ["light-on", "family-out"]
    # table: child slowest, parent fastest: p(light-on=true | family-out=false) = 0.05
    assert net.cpt("light-on").values.tolist() == [[0.6, 0.4], [0.05, 0.95]]
    assert pt.bif.parse_bif(pt.bif.format_bif(net)).equals(net)


def test_write_and_read_bif_keep_any_names(tmp_path):
    prior = pt.Table.from_dict({"no": 0.8, "yes": 0.2}, variables="smoking status")
    cpt = pt.Table.from_array(
        [[0.9, 0.1], [0.7, 0.3]],
        states={"smoking status": ["no", "yes"], "has-cancer": ["0", "1"]},
        given="smoking status",
    )
    f = pt.Factorization(
        [pt.Term(("smoking status",), (), prior), pt.Term(("has-cancer",), ("smoking status",), cpt)]
    )
    path = tmp_path / "names.bif"
    pt.bif.write_bif(f, path)
    assert 'variable "smoking status" {' in path.read_text()
    g = pt.read_bif(path)
    assert str(g) == "p(`smoking status`)p(`has-cancer` | `smoking status`)"
    assert g.terms[1].table.equals(cpt)


def test_a_variable_with_40000_states_parses(tmp_path):
    n = 40_000
    states = ", ".join(f"s{i}" for i in range(n))
    table = ", ".join(["1"] + ["0"] * (n - 1))
    path = tmp_path / "big.bif"
    path.write_text(
        f"network big {{}}\nvariable v {{\n  type discrete [ {n} ] {{ {states} }};\n}}\n"
        f"probability ( v ) {{\n  table {table};\n}}\n",
        encoding="utf-8",
    )
    network = read_bif(path)
    states_read = network.term("v").table.states["v"]
    assert len(states_read) == n and states_read[-1] == f"s{n - 1}"
    assert network.term("v").table.p(v="s0") == 1.0
