"""Review tests: notation carets on text a terminal does not show one column per character, and
BIF files whose variable names the notation writes in backticks (``"light-on"``)."""

from __future__ import annotations

import re

import pytest

import probtables as pt
from probtables.errors import NotationError, VariableNameError
from probtables.notation import parse_product, parse_statement, parse_term


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
