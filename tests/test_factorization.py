"""Tests of probtables.factorization: Term and Factorization, their constructors and error paths.

The behaviour of the DAG layer behind a factorization is tested in test_dag.py, estimation in
test_estimate.py; here each constructor check and each error message is pinned.
"""

from __future__ import annotations

import re

import pytest

import probtables as pt
from probtables.errors import (
    StructureCycleError,
    StructureError,
    UnknownVariableError,
    VariableNameError,
)
from probtables.factorization import Factorization, Term


@pytest.fixture
def fork() -> Factorization:
    """p(z)p(x | z)p(y | z), with tables: z uniform, x and y copy z with probability 0.9."""
    z = pt.Table.from_dict({0: 0.5, 1: 0.5}, variables=("z",))
    copy = {(0, 0): 0.9, (1, 0): 0.1, (0, 1): 0.1, (1, 1): 0.9}
    x = pt.Table.from_dict(copy, variables=("x", "z"), given="z")
    y = pt.Table.from_dict(copy, variables=("y", "z"), given="z")
    return Factorization([Term("z", (), z), Term("x", "z", x), Term("y", "z", y)])


# --------------------------------------------------------------------------- Term


def test_term_takes_one_name_or_many_and_stores_tuples():
    term = Term("x", "y")
    assert (term.head, term.given) == (("x",), ("y",))
    assert Term(["x", "w"], ("y", "z")).given == ("y", "z")
    assert str(Term(("x", "w"), ("y",))) == "p(x, w | y)"


def test_term_needs_a_head():
    with pytest.raises(
        StructureError,
        match=re.escape("Term(): a term needs at least one variable in front of the bar."),
    ):
        Term((), ("y",))


def test_term_rejects_a_variable_on_both_sides():
    with pytest.raises(
        StructureError, match=re.escape("Term(): 'x' is both in front of and behind the bar.")
    ):
        Term(("x", "y"), ("x",))


def test_term_rejects_an_empty_name_and_quotes_any_other():
    message = "variable name '' is empty; a variable name needs at least one character"
    with pytest.raises(VariableNameError, match=re.escape(message)):
        Term("")
    assert str(Term("light-on", "smoking status")) == "p(`light-on` | `smoking status`)"


def test_term_rejects_a_table_of_another_term():
    table = pt.Table.uniform({"x": [0, 1], "y": [0, 1]}, given="y")
    message = "Term(): the table p(x | y) does not match the term p(y | x)."
    with pytest.raises(StructureError, match=re.escape(message)):
        Term("y", "x", table)


def test_term_rejects_a_table_with_evidence():
    table = pt.Table.uniform({"x": [0, 1], "y": [0, 1]}).condition(y=0)
    message = "Term(): the table p(x | y=0) does not match the term p(x)."
    with pytest.raises(StructureError, match=re.escape(message)):
        Term("x", (), table)


def test_with_table_attaches_and_removes_and_leaves_the_term_unchanged():
    table = pt.Table.uniform({"x": [0, 1]})
    bare = Term("x")
    attached = bare.with_table(table)
    assert attached.table is table and bare.table is None
    assert attached.with_table(None).table is None
    assert repr(attached) == "Term(head=('x',), given=(), table=<Table p(x): 2 rows>)"


# --------------------------------------------------------------------------- Factorization


def test_factorization_needs_a_term():
    with pytest.raises(
        StructureError, match=re.escape("Factorization(): a factorization needs at least one term.")
    ):
        Factorization([])


def test_factorization_accepts_head_given_pairs():
    f = Factorization([(("y",), ()), (("x",), ("y",))])
    assert str(f) == "p(y)p(x | y)"
    assert f.variables == ("y", "x")
    assert len(f) == 2 and [str(t) for t in f] == ["p(y)", "p(x | y)"]


def test_factorization_rejects_a_cycle():
    with pytest.raises(StructureCycleError):
        Factorization.parse("p(x | y)p(y | x)")


def test_parse_rejects_values():
    message = "Factorization.parse(): p(x | y=1) fixes values; a structure names variables only, as in p(x | y)."
    with pytest.raises(StructureError, match=re.escape(message)):
        Factorization.parse("p(x | y=1)p(y)")


def test_term_of_an_unknown_variable_suggests_a_close_name(fork):
    message = (
        "term(): unknown variable 'zz'; p(z)p(x | z)p(y | z) has ('z', 'x', 'y'). Did you mean 'z'?"
    )
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        fork.term("zz")
    assert str(fork.term("y")) == "p(y | z)"


def test_joint_needs_every_table():
    f = Factorization.parse("p(z)p(x | z)")
    message = (
        "joint(): term(s) p(z), p(x | z) of p(z)p(x | z) have no table; build the factorization "
        "from a table (table.factorize(...)) or attach tables first."
    )
    with pytest.raises(StructureError, match=re.escape(message)):
        f.joint()


def test_joint_multiplies_the_tables_in_topological_order(fork):
    # written with the child first, the product still starts at the root
    reordered = Factorization([fork.term("y"), fork.term("x"), fork.term("z")])
    joint = reordered.joint()
    assert set(joint.variables) == {"x", "y", "z"}
    # p(x=0, y=0, z=0) = 0.5 * 0.9 * 0.9 by hand
    assert joint.p(x=0, y=0, z=0) == pytest.approx(0.5 * 0.9 * 0.9, abs=1e-15)
    assert joint.p(x=0, y=1, z=1) == pytest.approx(0.5 * 0.1 * 0.9, abs=1e-15)


def test_with_tables_needs_one_table_per_term(fork):
    f = Factorization.parse("p(z)p(x | z)p(y | z)")
    message = "with_tables(): p(z)p(x | z)p(y | z) has 3 terms but 2 tables were given."
    with pytest.raises(StructureError, match=re.escape(message)):
        f.with_tables([fork.term("z").table, fork.term("x").table])
    attached = f.with_tables([t.table for t in fork.terms])
    assert attached.has_tables and not f.has_tables


def test_coerce_and_free_variables():
    f = Factorization.coerce("p(x | w)p(y | x)")
    assert Factorization.coerce(f) is f
    assert f.free == ("w",)
    assert f.variables == ("x", "y", "w")  # heads first in written order, then the free ones


def test_markov_blanket_is_the_dag_layers_answer(fork):
    # in the fork, z's blanket is its children; x's is its parent z
    assert fork.markov_blanket("z") == pt.dag.markov_blanket(fork.dag, "z")
    assert set(fork.markov_blanket("z")) == {"x", "y"}
    assert fork.markov_blanket("x") == ("z",)


def test_neighbours_and_moral_graph_of_a_collider():
    f = Factorization.parse("p(y)p(z)p(x | y, z)")
    assert set(f.parents("x")) == {"y", "z"}
    assert f.children("y") == ("x",)
    # moralizing marries the parents y and z of x and drops directions
    assert {frozenset(e) for e in f.moral_graph().edges} == {
        frozenset(("x", "y")),
        frozenset(("x", "z")),
        frozenset(("y", "z")),
    }
    assert repr(f) == "<Factorization p(y)p(z)p(x | y, z)>"


def test_structure_errors_name_the_factorization_not_the_dag_builder():
    with pytest.raises(
        pt.errors.StructureCycleError, match=re.escape("Factorization(): the terms condition")
    ):
        pt.Factorization([(("a",), ("b",)), (("b",), ("a",))])
    with pytest.raises(
        pt.errors.StructureError, match=re.escape("Factorization(): variable 'a' heads two terms")
    ):
        pt.Factorization.parse("p(a)p(a | b)")


def test_a_term_of_a_name_that_is_not_a_string_says_so():
    # Term(3) used to fail inside tuple() with a bare TypeError
    with pytest.raises(pt.errors.VariableNameError, match=re.escape("variable name 3 is of type int")):
        pt.Term(3)
    with pytest.raises(pt.errors.VariableNameError, match=re.escape("variable name 5 is of type int")):
        pt.Term(("x",), 5)
    assert pt.Term("x", None).given == () == pt.Term("x").given  # given=None: nothing behind the bar
    with pytest.raises(pt.errors.StructureError, match="at least one variable in front of the bar"):
        pt.Term(None)
