"""Tests of probtables.testing: assertion helpers and Hypothesis strategies."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

import probtables as pt
from probtables import testing
from probtables.errors import InvalidParameterError
from probtables.testing import (
    assert_dependent,
    assert_factorizes,
    assert_implies,
    assert_independent,
    assert_not_implies,
    assert_tables_close,
    dags,
    factorizations,
    tables,
)

NOTES = "p(z)p(y)p(x|y,z)"

# p(y, z) with a unique largest gap, derived by hand:
#   rows y = 0, 1, 2; columns z = 0, 1, 2; row and column sums 0.3, 0.2, 0.5.
#   p(y, z) - p(y) p(z):  0.20-0.09  0.05-0.06  0.05-0.15       0.11  0.01  0.10
#                         0.05-0.06  0.10-0.04  0.05-0.10   =>  0.01  0.06  0.05   (absolute)
#                         0.05-0.15  0.05-0.10  0.40-0.25       0.10  0.05  0.15
#   so the largest gap is 0.15, at y=2, z=2: 0.4 against 0.5 * 0.5 = 0.25.
M = [[0.20, 0.05, 0.05], [0.05, 0.10, 0.05], [0.05, 0.05, 0.40]]


@pytest.fixture
def yz() -> pt.Table:
    return pt.Table.from_array(M, states={"y": [0, 1, 2], "z": [0, 1, 2]})


@pytest.fixture
def xyz() -> pt.Table:
    """p(x) = 1/2; given x=0, y and z are independent and uniform; given x=1, p(y, z | x=1) = M.

    So y ⊥ z | x fails only at x=1, most at y=2, z=2 | x=1: p(y=2, z=2 | x=1) = 0.4 against
    p(y=2 | x=1) p(z=2 | x=1) = 0.25.
    """
    rows = {}
    for y in range(3):
        for z in range(3):
            rows[(0, y, z)] = 0.5 / 9
            rows[(1, y, z)] = 0.5 * M[y][z]
    return pt.Table.from_dict(rows, variables=("x", "y", "z"))


@pytest.fixture
def notes() -> pt.Table:
    pz, py = {0: 0.3, 1: 0.7}, {0: 0.6, 1: 0.4}
    px0 = {(0, 0): 0.1, (0, 1): 0.7, (1, 0): 0.4, (1, 1): 0.85}
    return pt.Table.from_dict(
        {
            (x, y, z): pz[z] * py[y] * (px0[y, z] if x == 0 else 1 - px0[y, z])
            for x in (0, 1)
            for y in (0, 1)
            for z in (0, 1)
        },
        variables=("x", "y", "z"),
    )


# --------------------------------------------------------------------------- assert_independent


def test_assert_independent_passes_on_true_claims(notes, xyz):
    assert_independent(notes, "y ⊥ z")
    assert_independent(pt.Table.uniform({"a": [0, 1], "b": [0, 1, 2]}), pt.Independence("a", "b"))
    assert_independent(xyz.condition(x=0), "y ⊥ z")


def test_assert_independent_message_shows_statement_assignment_and_both_numbers(xyz):
    with pytest.raises(AssertionError) as info:
        assert_independent(xyz, "y ⊥ z | x")
    message = str(info.value)
    assert message == (
        "y ⊥ z | x does not hold in p(x, y, z): |p(y, z | x) - p(y | x) p(z | x)| reaches 0.15 > atol=1e-09, "
        "at y=2, z=2 | x=1:\n"
        "  p(y=2, z=2 | x=1) = 0.4\n"
        "  p(y=2 | x=1) p(z=2 | x=1) = 0.25"
    )


def test_assert_independent_unconditional_message(yz):
    with pytest.raises(AssertionError, match=re.escape("p(y=2, z=2) = 0.4\n  p(y=2) p(z=2) = 0.25")):
        assert_independent(yz, "y ⊥ z")


def test_assert_independent_respects_atol():
    t = pt.Table.from_array(
        [[0.25 + 1e-7, 0.25 - 1e-7], [0.25 - 1e-7, 0.25 + 1e-7]], states={"x": [0, 1], "y": [0, 1]}
    )
    assert_independent(t, "x ⊥ y", atol=1e-6)
    with pytest.raises(AssertionError, match=r"reaches 1e-07 > atol=1e-09"):
        assert_independent(t, "x ⊥ y")
    # close numbers are printed with enough digits to differ
    with pytest.raises(AssertionError, match=re.escape("= 0.2500001\n  p(x=0) p(y=0) = 0.25")):
        assert_independent(t, "x ⊥ y")


def test_assert_independent_takes_a_factorization_with_tables(notes):
    f = notes.factorize(NOTES)
    assert_independent(f, "y ⊥ z")
    with pytest.raises(AssertionError, match=re.escape("y ⊥ z | x does not hold in p(")):
        assert_independent(f, "y ⊥ z | x")


def test_assert_independent_refuses_structures():
    with pytest.raises(TypeError, match="assert_implies"):
        assert_independent(NOTES, "y ⊥ z")
    with pytest.raises(TypeError, match="without tables"):
        assert_independent(pt.Factorization.parse(NOTES), "y ⊥ z")


def test_assert_independent_on_data():
    rng = np.random.default_rng(1)
    n = 2000
    z = rng.integers(0, 2, n)
    data = pd.DataFrame(
        {
            "z": z,
            "x": (rng.random(n) < 0.2 + 0.6 * z).astype(int),
            "y": (rng.random(n) < 0.7 - 0.5 * z).astype(int),
        }
    )
    assert_independent(data, "x ⊥ y | z")
    assert_dependent(data, "x ⊥ y")
    with pytest.raises(AssertionError) as info:
        assert_independent(data, "x ⊥ y")
    message = str(info.value)
    assert message.startswith("x ⊥ y is rejected by the data at alpha=0.05: ")
    result = pt.independence_test(data, "x ⊥ y")
    assert f"{result.dof} degree(s) of freedom" in message
    assert f"p-value {result.p_value:.3g}" in message and f"X² = {result.statistic:.2f}" in message
    with pytest.raises(
        AssertionError, match=re.escape("expected the data to reject x ⊥ y | z, but they do not")
    ):
        assert_dependent(data, "x ⊥ y | z")


# --------------------------------------------------------------------------- assert_dependent


def test_assert_dependent(xyz, notes):
    assert_dependent(xyz, "y ⊥ z | x")
    assert_dependent(notes, "y ⊥ z | x")
    with pytest.raises(AssertionError) as info:
        assert_dependent(xyz.condition(x=0), "y ⊥ z")
    message = str(info.value)
    assert message.startswith(
        "expected y ⊥ z to fail, but it holds in p(y, z | x=0): |p(y, z) - p(y) p(z)| is at most "
    )
    assert "p(y=0, z=0) = 0.111111\n  p(y=0) p(z=0) = 0.111111" in message


# --------------------------------------------------------------------------- assert_implies / assert_not_implies


def test_assert_implies_passes():
    assert_implies(NOTES, "y ⊥ z")
    assert_implies(pt.Factorization.parse("p(x)p(y|x)p(z|y)"), pt.Independence("x", "z", "y"))
    assert_implies(nx.DiGraph([("a", "b"), ("b", "c")]), "a ⊥ c | b")


def test_assert_implies_shows_the_active_trail():
    with pytest.raises(AssertionError) as info:
        assert_implies(NOTES, "y ⊥ z | x")
    assert str(info.value) == (
        "p(z)p(y)p(x | y, z) does not imply y ⊥ z | x.\n"
        "y ⊥ z | x does not hold: the trail y -> x <- z is active given x.\n"
        "  - x is a collider and is observed (explaining away), so the trail is active at x."
    )


def test_assert_implies_collider_opened_by_descendant():
    with pytest.raises(AssertionError) as info:
        assert_implies("p(z)p(y)p(x|y,z)p(w|x)", "y ⊥ z | w")
    message = str(info.value)
    assert "y -> x <- z" in message
    assert "x is a collider and is not observed, but its descendant w is (x -> w)" in message


def test_assert_not_implies():
    assert_not_implies(NOTES, "y ⊥ z | x")
    with pytest.raises(AssertionError) as info:
        assert_not_implies(NOTES, "y ⊥ z")
    assert str(info.value) == (
        "p(z)p(y)p(x | y, z) implies y ⊥ z, but it should not.\n"
        "y ⊥ z holds: every trail between y and z is blocked when nothing is observed.\n"
        "  - y -> x <- z is blocked at x: a collider that is not observed and has no observed descendant."
    )


def test_assert_implies_unknown_variable_is_an_error_not_a_failure():
    with pytest.raises(pt.errors.UnknownVariableError):
        assert_implies(NOTES, "y ⊥ w")


# --------------------------------------------------------------------------- assert_factorizes


def test_assert_factorizes_passes(notes):
    assert_factorizes(notes, NOTES)
    assert_factorizes(notes, "p(x)p(y|x)p(z|x,y)")
    assert_factorizes(notes.factorize(NOTES), NOTES)


def test_assert_factorizes_message(yz):
    with pytest.raises(AssertionError) as info:
        assert_factorizes(yz, "p(y)p(z)")
    assert str(info.value) == (
        "p(y, z) does not factorize as p(y)p(z): the product of the terms differs from the table by up to 0.15 "
        "(atol=1e-09), most at y=2, z=2:\n"
        "  p(y=2, z=2) = 0.4\n"
        "  p(y=2) p(z=2) = 0.5 × 0.5 = 0.25\n"
        "The structure implies 1 statement that fails in the table:\n"
        "  y ⊥ z fails: the largest gap, 0.15, is at y=2, z=2: p(y=2, z=2) = 0.4 but p(y=2) p(z=2) = 0.25"
    )


def test_assert_factorizes_names_the_failing_local_statement(notes):
    with pytest.raises(AssertionError) as info:
        assert_factorizes(notes, "p(x)p(y|x)p(z|x)")
    message = str(info.value)
    assert message.startswith("p(x, y, z) does not factorize as p(x)p(y | x)p(z | x): ")
    assert "p(x=" in message and "p(z=" in message
    assert "The structure implies 1 statement that fails in the table:\n  " in message
    assert re.search(r"  (y ⊥ z|z ⊥ y) \| x fails", message)


def test_assert_factorizes_structure_mismatch_is_an_error(notes):
    with pytest.raises(pt.errors.StructureError):
        assert_factorizes(notes, "p(x)p(y)")


# --------------------------------------------------------------------------- assert_tables_close


def test_assert_tables_close_passes_across_orders():
    a = pt.Table.from_array([[0.1, 0.2], [0.3, 0.4]], states={"x": [0, 1], "y": ["u", "v"]})
    b = pt.Table.from_array([[0.4, 0.2], [0.3, 0.1]], states={"y": ["v", "u"], "x": [1, 0]})
    assert_tables_close(a, b)
    assert_tables_close(a, a.marginal("y") * a.condition("y"))
    assert_tables_close(
        a,
        pt.Table.from_array(
            [[0.1 + 1e-10, 0.2], [0.3, 0.4 - 1e-10]], states={"x": [0, 1], "y": ["u", "v"]}
        ),
    )


def test_assert_tables_close_variables_first():
    a = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    b = pt.Table.uniform({"x": [0, 1], "z": [0, 1]})
    with pytest.raises(AssertionError) as info:
        assert_tables_close(a, b)
    assert str(info.value) == (
        "p(x, y) and p(x, z) are not over the same variables:\n"
        "  variables: ('y',) only on the left, ('z',) only on the right"
    )


def test_assert_tables_close_given_and_states():
    a = pt.Table.uniform({"x": [0, 1], "y": [0, 1]}, given="y")
    b = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    with pytest.raises(AssertionError, match=re.escape("given: ('y',) on the left, () on the right")):
        assert_tables_close(a, b)
    c = pt.Table.uniform({"x": [0, 1, 2], "y": [0, 1]})
    with pytest.raises(AssertionError) as info:
        assert_tables_close(b, c)
    assert str(info.value) == (
        "p(x, y) and p(x, y) do not have the same shape:\n"
        "  states of 'x': (0, 1) on the left, (0, 1, 2) on the right"
    )


def test_assert_tables_close_values_largest_first():
    # differences by hand: (x=0, y=1): 0.5 - 0.2 = 0.3; (x=1, y=1): 0.1 - 0.3 = -0.2; (0, 0): -0.1; (1, 0): 0
    a = pt.Table.from_array([[0.1, 0.5], [0.3, 0.1]], states={"x": [0, 1], "y": [0, 1]})
    b = pt.Table.from_array([[0.2, 0.2], [0.3, 0.3]], states={"x": [0, 1], "y": [0, 1]})
    with pytest.raises(AssertionError) as info:
        assert_tables_close(a, b)
    lines = str(info.value).split("\n")
    assert lines[0] == (
        "p(x, y) and p(x, y) differ in 3 of 4 assignments, by up to 0.3 (atol=1e-09); the largest differences:"
    )
    assert lines[1].split() == ["x", "y", "left", "right", "difference"]
    assert lines[2].split() == ["0", "1", "0.5", "0.2", "0.3"]
    assert lines[3].split() == ["1", "1", "0.1", "0.3", "-0.2"]
    assert lines[4].split() == ["0", "0", "0.1", "0.2", "-0.1"]
    assert len(lines) == 5  # equal rows are not listed


def test_assert_tables_close_sparse_missing_rows_count_as_zero():
    a = pt.Table.from_dict(
        {(0, 0): 0.5, (1, 1): 0.5}, variables=("x", "y"), states={"x": [0, 1], "y": [0, 1]}
    )
    b = pt.Table.from_dict({(0, 0): 0.5, (1, 1): 0.4, (0, 1): 0.1}, variables=("x", "y"))
    with pytest.raises(AssertionError) as info:
        assert_tables_close(a, b)
    message = str(info.value)
    assert "differ in 2 of 4 assignments, by up to 0.1" in message
    assert message.split("\n")[2].split()[:4] in (["1", "1", "0.5", "0.4"], ["0", "1", "0", "0.1"])


# --------------------------------------------------------------------------- pytest integration


def test_pytest_shows_our_message_and_no_internal_traceback(pytester):
    # a real pytest session (pytester's, in this process), reporting on a failing user test
    test_file = pytester.path / "test_claim.py"
    test_file.write_text(
        textwrap.dedent(
            """
            import probtables as pt
            from probtables.testing import assert_independent

            def test_claim():
                rows = {(x, y, z): 0.125 for x in (0, 1) for y in (0, 1) for z in (0, 1)}
                rows = {k: (0.25 if k[0] == (k[1] ^ k[2]) else 0.0) for k in rows}
                table = pt.Table.from_dict(rows, variables=("x", "y", "z"))
                assert_independent(table, "y ⊥ z | x")
            """
        ),
        encoding="utf-8",
    )
    done = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider", str(test_file))
    out = done.stdout.str() + done.stderr.str()
    assert done.ret == 1, out
    assert "AssertionError: y ⊥ z | x does not hold in p(x, y, z)" in out
    assert "p(y=0, z=0 | x=0) = 0.5" in out
    assert 'assert_independent(table, "y ⊥ z | x")' in out  # the test's own line is shown
    # ...and nothing from inside probtables
    assert "probtables/testing.py" not in out and "probtables/check.py" not in out
    assert "probtables/_chain.py" not in out
    assert "__tracebackhide__" not in out and "def assert_independent" not in out


def test_importing_testing_imports_neither_pytest_nor_hypothesis():
    code = "import sys, probtables.testing; print('pytest' in sys.modules, 'hypothesis' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False False", done.stdout + done.stderr


# --------------------------------------------------------------------------- strategies


@settings(max_examples=40, deadline=None)
@given(t=tables(min_vars=2, max_vars=4, max_states=3))
def test_tables_strategy_joint(t):
    assert 2 <= len(t.variables) <= 4
    assert t.given == ()
    assert all(2 <= len(s) <= 3 for s in t.states.values())
    assert abs(t.frame["p"].sum() - 1) < 1e-9
    assert (t.frame["p"] > 0).all()


@settings(max_examples=40, deadline=None)
@given(t=tables(min_vars=2, max_vars=4, conditional=True, allow_zeros=True))
def test_tables_strategy_conditional(t):
    assert 1 <= len(t.given) < len(t.variables)
    sums = t.frame.groupby(list(t.given), observed=True)["p"].sum()
    assert np.allclose(sums, 1.0)


def test_tables_strategy_large_tables_use_a_seeded_dirichlet():
    @settings(max_examples=5, deadline=None)
    @given(t=tables(min_vars=6, max_vars=6, max_states=3, min_states=3))
    def check(t):
        assert len(t) == 3**6 and abs(t.frame["p"].sum() - 1) < 1e-9

    check()


def test_strategy_arguments_are_checked():
    with pytest.raises(
        InvalidParameterError, match=re.escape("tables(): max_vars=1 is below min_vars=2")
    ):
        tables(min_vars=2, max_vars=1)
    with pytest.raises(InvalidParameterError, match="conditional table needs max_vars >= 2"):
        tables(min_vars=1, max_vars=1, conditional=True)
    with pytest.raises(
        InvalidParameterError, match=re.escape("dags(): min_nodes must be at least 1, got 0")
    ):
        dags(min_nodes=0)


@settings(max_examples=40, deadline=None)
@given(g=dags(min_nodes=2, max_nodes=7))
def test_dags_strategy(g):
    assert isinstance(g, nx.DiGraph)
    assert 2 <= g.number_of_nodes() <= 7
    assert nx.is_directed_acyclic_graph(g)


@settings(max_examples=30, deadline=None)
@given(f=factorizations(min_nodes=2, max_nodes=4))
def test_factorizations_strategy(f):
    assert f.has_tables
    joint = f.joint()
    assert abs(joint.frame["p"].sum() - 1) < 1e-9
    assert_factorizes(joint, f)


def test_assert_factorizes_when_a_term_is_undefined_where_the_product_needs_it():
    # p(x=0, y=1) = 0, so p(z | x=0, y=1) is undefined; but p(x=0) p(y=1) = 0.5 * 0.3 = 0.15 > 0
    t = pt.Table.from_dict(
        {(0, 0, 0): 0.5, (1, 1, 0): 0.3, (1, 0, 1): 0.2},
        variables=("x", "y", "z"),
        states={"x": [0, 1], "y": [0, 1], "z": [0, 1]},
    )
    with pytest.raises(AssertionError) as info:
        assert_factorizes(t, "p(x)p(y)p(z|x,y)")
    message = str(info.value)
    assert message.startswith(
        "p(x, y, z) does not factorize as p(x)p(y)p(z | x, y): the product of the terms is not a distribution: "
    )
    # x ⊥ y fails: e.g. p(x=0, y=0) = 0.5 but p(x=0) p(y=0) = 0.5 * 0.7 = 0.35 (a 2x2 table has the
    # same gap, 0.15, in every cell)
    assert (
        "The structure implies 1 statement that fails in the table:\n  x ⊥ y fails: the largest gap, 0.15, is at "
        in message
    )
    assert info.value.__context__ is None  # no internal exception chained into pytest's output


def test_assert_independent_on_data_checks_alpha():
    data = pd.DataFrame({"x": [0, 1] * 10, "y": [0, 0, 1, 1] * 5})
    with pytest.raises(
        InvalidParameterError, match=re.escape("assert_independent(): alpha must be in (0, 1], got 0")
    ):
        assert_independent(data, "x ⊥ y", alpha=0)


@pytest.mark.parametrize("atol", [float("nan"), -1.0])
def test_every_assertion_validates_its_tolerance(atol):
    from probtables.errors import InvalidParameterError

    t = pt.Table.uniform({"x": [0, 1], "y": [0, 1]})
    calls = {
        "assert_independent": lambda: testing.assert_independent(t, "x ⊥ y", atol=atol),
        "assert_dependent": lambda: testing.assert_dependent(t, "x ⊥ y", atol=atol),
        "assert_factorizes": lambda: testing.assert_factorizes(t, "p(x)p(y)", atol=atol),
        "assert_tables_close": lambda: testing.assert_tables_close(t, t, atol=atol),
    }
    for op, call in calls.items():
        message = f"{op}(): atol must be a finite number >= 0, got {atol!r}."
        with pytest.raises(InvalidParameterError, match=re.escape(message)):
            call()


# ---------------------------------------------------------------- assertions on data: alpha


def _data(n_equal: int, n_diff: int) -> pd.DataFrame:
    """x, y with n_equal rows of each (0, 0), (1, 1) and n_diff of each (0, 1), (1, 0)."""
    rows = [(0, 0), (1, 1)] * n_equal + [(0, 1), (1, 0)] * n_diff
    return pd.DataFrame(rows, columns=["x", "y"])


def test_data_assertions_reject_exactly_when_the_test_rejects():
    # rejects(alpha) is p <= alpha (as test_independencies' "rejected"); at alpha == p the
    # assertions used p < alpha and disagreed: assert_independent passed on data that
    # independence_test(...).rejects(alpha) rejects.
    data = _data(30, 10)
    result = pt.independence_test(data, "x ⊥ y")
    alpha = result.p_value
    assert result.rejects(alpha)
    with pytest.raises(AssertionError, match=re.escape("x ⊥ y is rejected by the data")):
        assert_independent(data, "x ⊥ y", alpha=alpha)
    assert_dependent(data, "x ⊥ y", alpha=alpha)  # rejected at this level: passes


def test_data_assertions_with_dof_zero_fail_whatever_alpha():
    # every x is 0: dof 0, p = 1.0. rejects(1.0) is True (1.0 <= 1.0), but a test with no degrees
    # of freedom cannot detect anything: assert_dependent used to pass at alpha=1 and
    # assert_independent at any alpha; both now fail as untestable.
    data = pd.DataFrame({"x": [0] * 6, "y": [0, 1, 0, 1, 0, 1]})
    assert pt.independence_test(data, "x ⊥ y").rejects(1.0)
    untestable = (
        "x ⊥ y cannot be tested on these data: 0 degrees of freedom: in every one of the 1 observed "
        "stratum/strata, x or y takes a single value (6 rows). With no degrees of freedom the test "
        "cannot detect a dependence, so passing would prove nothing; use more rows, or check that the "
        "sides vary within the strata.\n  Pearson chi-square test of x ⊥ y: X² = 0.00, dof = 0, p = 1 "
        "(n = 6)\n    untestable: "
    )
    for alpha in (1.0, 0.5):
        with pytest.raises(
            AssertionError,
            match=re.escape("expected the data to reject x ⊥ y, but they cannot: " + untestable),
        ):
            assert_dependent(data, "x ⊥ y", alpha=alpha)
        with pytest.raises(AssertionError, match=re.escape(untestable)):
            assert_independent(data, "x ⊥ y", alpha=alpha)


@pytest.mark.parametrize("alpha", ["0.05", None, [0.05]])
def test_data_assertions_reject_a_non_numeric_alpha_clearly(alpha):
    # used to crash with "'<' not supported between instances of 'int' and 'str'"
    data = _data(3, 3)
    for assertion in (assert_independent, assert_dependent):
        name = assertion.__name__
        with pytest.raises(
            InvalidParameterError,
            match=re.escape(f"{name}(): alpha must be a number in (0, 1], got {alpha!r}"),
        ):
            assertion(data, "x ⊥ y", alpha=alpha)


def test_assert_independent_on_data_message_numbers():
    # 30 x (0,0), 30 x (1,1), 10 x (0,1), 10 x (1,0): E = 20 in every cell,
    # G = 2 (60 ln(30/20) + 20 ln(10/20)) = 120 ln 1.5 - 40 ln 2 = 20.9296..., dof 1
    from scipy.stats import chi2

    g = 120 * np.log(1.5) - 40 * np.log(2)
    p = chi2.sf(g, 1)
    data = _data(30, 10)
    msg = (
        f"x ⊥ y is rejected by the data at alpha=0.05: {g:.4g} on 1 degree(s) of freedom, "
        f"p-value {p:.3g} <= 0.05.\n  G-test of x ⊥ y: G = {g:.2f}, dof = 1, p = {p:.3g} (n = 80)"
    )
    with pytest.raises(AssertionError, match=re.escape(msg)):
        assert_independent(data, "x ⊥ y", method="g")


# --------------------------------------------------------------------------- data: a pass must mean something


def _fork(rng, n, dependent=False):
    z = rng.integers(0, 2, n)
    x = (rng.random(n) < 0.2 + 0.6 * z).astype(int)
    y = (rng.random(n) < 0.7 - 0.5 * z).astype(int)
    if dependent:
        y = np.where(rng.random(n) < 0.6, x, y)
    return pd.DataFrame({"z": z, "x": x, "y": y})


def test_assert_independent_fails_when_untestable():
    # asia's either is a deterministic function of lung and tub: dof 0 given them
    asia = pt.examples.load("asia")
    data = asia.sample(2000, seed=0)
    with pytest.raises(AssertionError) as info:
        assert_independent(data, "either ⊥ smoke | lung, tub")
    message = str(info.value)
    assert message.startswith(
        "either ⊥ smoke cannot be tested on these data: 0 degrees of freedom: in every one of the "
    ) or message.startswith(
        "either ⊥ smoke | lung, tub cannot be tested on these data: 0 degrees of freedom"
    )
    assert "passing would prove nothing" in message


def test_assert_independent_fails_on_unreliable_asymptotics_and_passes_with_permutations():
    rng = np.random.default_rng(2)
    data = pd.DataFrame({v: rng.integers(0, 3, 60) for v in ("x", "y", "z")})
    with pytest.raises(AssertionError) as info:
        assert_independent(data, "x ⊥ y | z")
    message = str(info.value)
    assert message.startswith(
        "x ⊥ y | z cannot be decided by the chi-square approximation here: the chi-square "
        "approximation needs larger expected counts: the smallest is "
    )
    assert "Pass permutations=999 (and a seed=) for a conditional permutation test" in message
    # with permutations the p-value holds; the power is still the question (60 rows, 12 dof)
    with pytest.raises(AssertionError, match=re.escape("x ⊥ y | z is not rejected (p-value ")):
        assert_independent(data, "x ⊥ y | z", permutations=999, seed=0)
    assert_independent(data, "x ⊥ y | z", permutations=999, seed=0, min_power=0)


def test_assert_independent_fails_as_underpowered_on_20_rows_and_holds_on_enough():
    rng = np.random.default_rng(3)
    assert_independent(_fork(rng, 2000), "x ⊥ y | z")  # true, reliable, power ~1
    # the false claim on 20 rows never passes: rejected, or (mostly) failed as underpowered
    underpowered = 0
    for seed in range(10):
        small = _fork(np.random.default_rng(seed), 20, dependent=True)
        result = pt.independence_test(small, "x ⊥ y | z", permutations=999, seed=0)
        with pytest.raises(AssertionError) as info:
            assert_independent(small, "x ⊥ y | z", permutations=999, seed=0)
        if result.status != "not rejected":
            continue
        underpowered += 1
        assert str(info.value).startswith(
            f"x ⊥ y | z is not rejected (p-value {result.p_value:.3g} > 0.05), but the test could hardly "
            f"have rejected it: its power to detect a dependence of size w = 0.3 at alpha=0.05 is "
            f"{result.power:.2f} < min_power=0.8 (n = 20, {result.dof} degree(s) of freedom). Use more "
            "rows or fewer states; or lower min_power, or raise effect_size, if a weaker check is enough."
        )
    assert underpowered >= 3
    # the same false claim with enough rows is rejected
    with pytest.raises(
        AssertionError, match=re.escape("x ⊥ y | z is rejected by the data at alpha=0.05")
    ):
        assert_independent(_fork(np.random.default_rng(5), 2000, dependent=True), "x ⊥ y | z")
    assert_dependent(_fork(np.random.default_rng(5), 2000, dependent=True), "x ⊥ y | z")


def test_assert_dependent_on_unreliable_asymptotics_fails_even_when_p_is_small():
    data = pd.DataFrame({"x": [0, 1] * 6, "y": [0, 1] * 6})  # 12 rows, y = x: expected counts 3
    assert pt.independence_test(data, "x ⊥ y", permutations=None).p_value < 0.01
    with pytest.raises(
        AssertionError,
        match=re.escape(
            "expected the data to reject x ⊥ y, but they cannot: x ⊥ y cannot be decided by the "
            "chi-square approximation here"
        ),
    ):
        assert_dependent(data, "x ⊥ y")
    # exact conditional p-value: 2 of the 924 arrangements are this extreme (p = 0.0022)
    assert_dependent(data, "x ⊥ y", permutations=999, seed=0)
