"""Regression tests from a review of stats.py, check.py and testing.py.

Each pins a bug that was found and fixed; expected values are derived by hand
(in a comment) or with scipy / brute force, independently of the implementation.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import probtables as pt
from probtables.check import independence_report, is_imap
from probtables.testing import assert_dependent, assert_independent

# ---------------------------------------------------------------- conditional tables with left-out assignments


@pytest.fixture
def diagonal() -> pt.Table:
    """p(y | w1, w2), defined only for w1 == w2 (the assignments (0, 1) and (1, 0) have probability 0)."""
    joint = pt.Table.from_dict(
        {(0, 0, 0): 0.3, (1, 0, 0): 0.2, (0, 1, 1): 0.1, (1, 1, 1): 0.4}, variables=("y", "w1", "w2")
    )
    table = joint.condition(["w1", "w2"])
    assert table.undefined_count == 2
    return table


def test_report_agrees_with_is_imap_when_assignments_are_left_out(diagonal):
    # p(y | w1, w2) makes no claim about the conditional table: every table is an I-map of it
    # (is_imap says so). Completing the table with a distribution of (w1, w2) that puts mass only
    # on the defined assignments makes w1 and w2 dependent, so the report used to list
    # "w1 ⊥ w2" as failing (gap 0.25), a claim about the made-up completion, not the table.
    assert is_imap("p(y|w1,w2)", diagonal)
    report = independence_report(diagonal, "p(y|w1,w2)", kind="all")
    assert report.holds
    assert [str(r.statement) for r in report.rows] == []


def test_report_keeps_the_statements_about_the_conditional_table():
    # p(y, z | w1, w2) defined only for w1 == w2, with p(y | w) = 0.3 at y == w, p(z) uniform:
    # p(y | w1)p(z | w2) is an I-map (its local statements hold), and only the statements with
    # every free variable on one side or behind the bar (none on the other side) are about the table.
    rows = {
        (y, z, w, w): (0.3 if y == w else 0.7) * 0.5 / 2 for w in (0, 1) for y in (0, 1) for z in (0, 1)
    }
    table = pt.Table.from_dict(rows, variables=("y", "z", "w1", "w2")).condition(["w1", "w2"])
    assert is_imap("p(y|w1)p(z|w2)", table)
    report = independence_report(table, "p(y|w1)p(z|w2)", kind="all")
    assert report.holds
    shown = {str(r.statement) for r in report.rows}
    assert "y ⊥ z | w1, w2" in shown
    assert "w1 ⊥ w2" not in shown and "w2 ⊥ y" not in shown
    # local statements are kept as they are
    local = independence_report(table, "p(y|w1)p(z|w2)", kind="local")
    assert [str(r.statement) for r in local.rows] == ["y ⊥ {w2, z} | w1", "z ⊥ {w1, y} | w2"]
    assert local.holds


def test_report_on_complete_conditional_table_is_unchanged():
    # no assignment left out: the completion is the product of uniforms, so "w1 ⊥ w2" is listed (and holds)
    joint = pt.Table.from_array(
        np.full((2, 2, 2), 0.125), states={"y": [0, 1], "w1": [0, 1], "w2": [0, 1]}
    )
    report = independence_report(joint.condition(["w1", "w2"]), "p(y|w1,w2)", kind="all")
    assert [str(r.statement) for r in report.rows] == ["w1 ⊥ w2"]
    assert report.holds


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
            ValueError, match=re.escape(f"{name}(): alpha must be a number in (0, 1], got {alpha!r}")
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
