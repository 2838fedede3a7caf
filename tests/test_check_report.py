"""check_data's report prints readably: an aligned table of the essential columns, the summary under it."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import probtables as pt
from probtables.check import DataCheckReport


def small_data() -> pd.DataFrame:
    # y, z: counts 35, 15 / 15, 35 (expected 25 each); x alternates inside every (y, z) cell, so it is
    # exactly independent of both; w is constant, so every statement about w has 0 degrees of freedom
    rows = []
    for (y, z), n in {(0, 0): 35, (0, 1): 15, (1, 0): 15, (1, 1): 35}.items():
        rows += [{"x": k % 2, "y": y, "z": z, "w": "on"} for k in range(n)]
    return pd.DataFrame(rows)


def test_the_hand_derived_numbers_behind_the_small_example():
    # Pearson's X² for y ⊥ z: four cells of (10²)/25 = 16 on 1 dof; p = P(χ²₁ > 16) = erfc(√8)
    p = math.erfc(math.sqrt(8))
    assert f"{p:.3g}" == "6.33e-05"
    assert f"{3 * p:.3g}" == "0.00019"  # Holm, smallest of 3 tested p-values: 3p
    # power at w = 0.3, n = 100, 1 dof: noncentrality 9, P(|Z + 3| > 1.95996) = Φ(1.04004) + Φ(-4.96)
    power = 0.5 * math.erfc(-1.04004 / math.sqrt(2)) + 0.5 * math.erfc(4.95996 / math.sqrt(2))
    assert f"{power:.2f}" == "0.85"


def test_str_is_an_aligned_table_with_the_summary():
    report = pt.check.check_data("p(x)p(y)p(z)p(w)", small_data(), kind="pairwise")
    assert isinstance(report, DataCheckReport)
    expected = "\n".join(
        [
            "p(x)p(y)p(z)p(w) on 100 rows: kind='pairwise', chi2, holm, alpha=0.05",
            "  statement  status         p-value  adjusted  dof  power  note",
            "  w ⊥ x      untestable           -         -    0   0.00  0 degrees of freedom",
            "  w ⊥ y      untestable           -         -    0   0.00  0 degrees of freedom",
            "  w ⊥ z      untestable           -         -    0   0.00  0 degrees of freedom",
            "  x ⊥ y      not rejected         1         1    1   0.85",
            "  x ⊥ z      not rejected         1         1    1   0.85",
            "  y ⊥ z      rejected      6.33e-05   0.00019    1   0.85",
            "6 statements implied; 3 could be tested: 1 rejected at alpha=0.05 (the data",
            "contradict the structure); 2 not rejected. 3 untestable (0 degrees of freedom).",
        ]
    )
    assert str(report) == expected
    assert repr(report) == expected
    assert max(len(line) for line in expected.splitlines()) <= 80


def test_no_essential_column_is_cut_where_pandas_cuts_the_frame():
    asia = pt.examples.load("asia")
    report = asia.check_data(asia.sample(2000, seed=1), seed=0)
    frame = report.frame
    with pd.option_context("display.width", 80, "display.max_columns", 0):
        assert "..." in repr(frame)  # the DataFrame shows its columns elided at 80 characters
        text = str(report)
    assert "..." not in text
    lines = text.splitlines()
    # the structure is longer than 80 characters: the rows and the options go to the next line
    assert lines[:2] == [str(asia), "  on 2,000 rows: kind='local', chi2, holm, alpha=0.05"]
    assert lines[2].split() == ["statement", "status", "p-value", "adjusted", "dof", "power", "note"]
    for row, line in zip(frame.itertuples(index=False), lines[3:]):
        assert line.startswith(f"  {row.statement} ")  # the whole statement, first
        assert f" {row.status} " in line
        assert re.search(rf"\s{int(row.dof)}\s+{row.power:.2f}(\s|$)", line)
        if row.status != "untestable":
            star = "*" if row.permutations else " "
            assert f" {row.p_value:.3g}{star} " in line and f" {row.p_adjusted:.3g} " in line
    counts = frame.loc[frame["permutations"] > 0, "permutations"]
    assert (counts.min(), counts.max()) == (20, 294)
    footnote = "* p-value from conditional permutations (20 to 294 a statement)"
    assert lines[3 + len(frame)] == footnote
    assert " ".join(lines[4 + len(frame) :]) == report.summary


def test_reads_like_the_frame_it_wraps():
    report = pt.check.check_data("p(x)p(y)p(z)p(w)", small_data(), kind="pairwise")
    frame = report.frame
    assert len(report) == 6
    assert report["status"].tolist() == ["untestable"] * 3 + ["not rejected"] * 2 + ["rejected"]
    assert report["rejected"].sum() == 1
    assert report[["statement", "dof"]].equals(frame[["statement", "dof"]])
    assert report.to_frame().equals(frame)
    assert [row.statement for row in report] == ["w ⊥ x", "w ⊥ y", "w ⊥ z", "x ⊥ y", "x ⊥ z", "y ⊥ z"]
    assert list(frame.columns) == [
        "statement", "statistic", "dof", "p_value", "p_adjusted", "rejected", "status", "reason",
        "power", "permutations", "min_expected", "rows", "rows_dropped",
    ]  # fmt: skip


def test_is_immutable_and_has_no_truth_value():
    report = pt.check.check_data("p(x)p(y)p(z)p(w)", small_data(), kind="pairwise")
    frame = report.frame
    frame.loc[5, "status"] = "changed"
    column = report["status"]
    column.iloc[5] = "changed too"
    assert report["status"].iloc[5] == "rejected"
    with pytest.raises(
        AttributeError, match=re.escape("a DataCheckReport is immutable; cannot set 'alpha'")
    ):
        report.alpha = 0.1
    message = 'a DataCheckReport has no truth value; use report["rejected"].any() or report.summary'
    with pytest.raises(TypeError, match=re.escape(message)):
        bool(report)


def test_the_summary_uses_the_reports_own_alpha():
    report = pt.check.check_data("p(x)p(y)p(z)p(w)", small_data(), kind="pairwise", alpha=0.0001)
    # 0.00019 > 0.0001: nothing rejected at this level
    assert (
        report.summary
        == pt.check.data_summary(report)
        == pt.check.data_summary(report.frame, alpha=0.0001)
    )
    assert report.summary.startswith(
        "6 statements implied; 3 could be tested: none rejected at alpha=0.0001"
    )
    assert "alpha=0.05" in pt.check.data_summary(report, alpha=0.05)


def synthetic(n: int, rejected: set[int]) -> DataCheckReport:
    status = ["rejected" if i in rejected else "not rejected" for i in range(n)]
    frame = pd.DataFrame(
        {
            "statement": [f"a{i} ⊥ b" for i in range(n)],
            "statistic": 1.0,
            "dof": 1,
            "p_value": [0.001 if i in rejected else 0.5 for i in range(n)],
            "p_adjusted": [0.01 if i in rejected else 1.0 for i in range(n)],
            "rejected": [i in rejected for i in range(n)],
            "status": status,
            "reason": "<why>",
            "power": 0.9,
            "permutations": 0,
            "min_expected": 10.0,
            "rows": 500,
            "rows_dropped": 0,
        }
    )
    return DataCheckReport(frame, structure="p(b)p(a0)", rows=500)


def test_a_long_report_shows_the_rejected_statements_and_counts_the_rest():
    text = str(synthetic(25, {22}))
    lines = text.splitlines()
    shown = [line.split()[0] for line in lines[2:22]]
    assert shown == [f"a{i}" for i in range(19)] + ["a22"]
    assert lines[22] == "  ... and 5 not rejected (report.frame lists every row)."


def test_html_marks_the_rejected_and_keeps_the_full_reason_as_a_tooltip():
    report = pt.check.check_data("p(x)p(y)p(z)p(w)", small_data(), kind="pairwise")
    html = report._repr_html_()
    assert html.startswith('<div class="probtables-data-check">')
    assert f'<p style="margin: 0.2em 0; color: #555; font-size: 0.9em;">{report.summary}</p>' in html
    assert (
        ">p(x)p(y)p(z)p(w) on 100 rows: kind=&#x27;pairwise&#x27;, chi2, holm, alpha=0.05</caption>"
        in html
    )
    assert html.count('class="probtables-rejected"') == 1
    rejected_row = re.search(r'<tr class="probtables-rejected"([^>]*>.*?)</tr>', html).group(1)
    assert '<td style="padding: 0.1em 0.6em;">y ⊥ z</td>' in rejected_row
    assert ">6.33e-05</td>" in rejected_row
    assert 'title="p = 6.33e-05, adjusted 0.00019 &lt;= alpha = 0.05"' in rejected_row
    long = synthetic(25, {22})._repr_html_()
    assert long.count("<tr") == 21  # the header and 20 rows
    assert "… and 5 not rejected (report.frame lists every row)" in long
    assert 'title="&lt;why&gt;"' in long
    assert "<th" in long and ">note</th>" not in long  # no row has a note
    assert ">note</th>" in html
