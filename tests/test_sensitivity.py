"""Sensitivity analysis (co-variation, sensitivity functions, Hessian) against re-running the query.

The reference moves one entry of one table, rescales the rest of its column as
the co-variation scheme says, rebuilds the factorization with that table
(``with_tables``) and asks ``query`` again: finite differences and sensitivity
functions are checked against answers that never touch the derivative code.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_gradient import Polynomial, point_questions

import probtables as pt
from probtables.errors import ProbTablesError, UnknownStateError, ZeroProbabilityError
from probtables.inference import SensitivityFunction
from probtables.inference._gradient import query_gradient, question
from probtables.notation import format_term

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STEP = 1e-6
LABEL = "p(asia)p(tub | asia)p(smoke)p(lung | smoke)p(bronc | smoke)..."  # how messages name asia


# ---------------------------------------------------------------------- the reference: rebuild and re-ask


def moved_column(column, x, theta, covariation):
    """The column with entry x set to theta and the others co-varied, written out by the scheme's definition."""
    column = np.asarray(column, dtype=float)
    out = column.copy()
    n = len(column)
    others = [k for k in range(n) if k != x]
    if covariation == "proportional" and column[x] < 1 - 1e-12:
        for k in others:
            out[k] = column[k] * (1 - theta) / (1 - column[x])
    elif covariation in ("proportional", "uniform"):
        for k in others:
            out[k] = column[k] - (theta - column[x]) / (n - 1)
    out[x] = theta
    return np.where(np.abs(out) < 1e-15, 0.0, out)  # an end of the range: rounding, not a negative entry


def rebuilt(f, variable, given, state, theta, covariation):
    """``f`` with p(variable=state | given) set to theta, its column co-varied, through Table.from_array."""
    term = f.term(variable)
    table = term.table
    array = table.to_array(table.variables).copy()
    index = []
    for v in table.variables:
        if v == variable:
            index.append(slice(None))
        else:
            index.append(table.states[v].index(given[v]))
    column = array[tuple(index)]
    array[tuple(index)] = moved_column(column, table.states[variable].index(state), theta, covariation)
    new = pt.Table.from_array(
        array, states={v: table.states[v] for v in table.variables}, given=table.given, atol=1e-6
    )
    return f.with_tables([new if t is term else t.table for t in f.terms])


def row_of(frame, parameter):
    rows = frame[frame["parameter"] == parameter]
    assert len(rows) == 1, parameter
    return rows.iloc[0]


@st.composite
def entries(draw):
    """A point question with evidence values and one entry (single-head table) of the network."""
    f, text, head, evidence = draw(point_questions())
    term = draw(st.sampled_from(f.terms))
    variable = term.head[0]
    states = term.table.states
    state = draw(st.sampled_from(states[variable]))
    given = {v: draw(st.sampled_from(states[v])) for v in term.given}
    return f, text, variable, state, given


def _parameter(variable, state, given):
    return format_term(variable, (), given, event={variable: state})


# ---------------------------------------------------------------------- properties


@SETTINGS
@given(entries(), st.sampled_from(["proportional", "uniform"]))
def test_covaried_derivatives_equal_finite_differences_of_the_rebuilt_query(case, covariation):
    f, text, variable, state, given_ = case
    parameter = _parameter(variable, state, given_)
    frame = f.sensitivity(text, covariation=covariation)
    row = row_of(frame, parameter)
    theta = row["value"]
    up = rebuilt(f, variable, given_, state, theta + STEP, covariation).query(text)
    down = rebuilt(f, variable, given_, state, theta - STEP, covariation).query(text)
    fd = (up - down) / (2 * STEP)
    assert abs(row["derivative"] - fd) <= 1e3 * STEP * (1 + abs(fd)), (parameter, row["derivative"], fd)


@SETTINGS
@given(entries(), st.sampled_from(["proportional", "uniform", "none"]))
def test_sensitivity_function_equals_the_rebuilt_query(case, covariation):
    f, text, variable, state, given_ = case
    parameter = _parameter(variable, state, given_)
    s = f.sensitivity_function(text, parameter, covariation=covariation)
    assert s(s.value) == pytest.approx(f.query(text), abs=1e-12)
    # the derivative of the function is that of sensitivity()
    row = row_of(f.sensitivity(text, covariation=covariation), parameter)
    assert s.derivative(s.value) == pytest.approx(row["derivative"], rel=1e-7, abs=1e-10)
    for theta in np.linspace(s.lower, s.upper, 5):
        if covariation == "none":  # not a valid table: the brute-force polynomial is the reference
            reference = Polynomial(f)
            arrays = [a.copy() for a in reference.arrays]
            t = list(f.terms).index(f.term(variable))
            table = f.term(variable).table
            index = tuple(
                table.states[v].index(state if v == variable else given_[v]) for v in table.variables
            )
            arrays[t][index] = theta
            spec = pt.notation.parse_term(text)
            if spec.evidence and reference.total(arrays, spec.evidence) == 0.0:
                assert np.isnan(s(theta))  # p(e) = 0 there: the query is undefined
                continue
            expected = reference.query(arrays, spec.event, spec.evidence)
        else:
            try:
                expected = rebuilt(f, variable, given_, state, float(theta), covariation).query(text)
            except ZeroProbabilityError:
                assert np.isnan(s(theta))
                continue
        assert s(theta) == pytest.approx(expected, abs=1e-9)
    target = f.query(text) * 0.9 + 0.05
    theta = s.solve(target)
    if theta is None:  # no value in range reaches it: the range's ends both miss it on the same side
        ends = [s(s.lower), s(s.upper)]
        assert all(e > target for e in ends if np.isfinite(e)) or all(
            e < target for e in ends if np.isfinite(e)
        )
    else:
        assert s.lower <= theta <= s.upper
        assert s(theta) == pytest.approx(target, abs=1e-9)


# ---------------------------------------------------------------------- the frame


def test_the_sensitivity_frame_lists_every_entry_ranked():
    asia = pt.examples.load("asia")
    text = "p(lung=yes | xray=yes, dysp=yes)"
    frame = asia.sensitivity(text)
    assert list(frame.columns) == [
        "parameter",
        "term",
        "variable",
        "state",
        "given",
        "value",
        "derivative",
    ]
    assert len(frame) == sum(len(t.table.to_array().reshape(-1)) for t in asia.terms)
    magnitudes = frame["derivative"].abs().to_numpy()
    assert (np.diff(magnitudes) <= 0).all()
    row = row_of(frame, "p(lung=yes | smoke=no)")
    assert (row["term"], row["variable"], row["state"], row["given"], row["value"]) == (
        "p(lung | smoke)",
        "lung",
        "yes",
        "smoke=no",
        0.01,
    )
    # "none" is the gradient, entry by entry
    raw = asia.sensitivity(text, covariation="none")
    g = asia.gradient(text)
    assert row_of(raw, "p(lung=yes | smoke=no)")["derivative"] == pytest.approx(
        g["lung"].p(lung="yes", smoke="no"), abs=1e-15
    )
    # a binary column: proportional and uniform agree, and are the difference of the two partials
    uniform = asia.sensitivity(text, covariation="uniform")
    d = g["lung"]
    assert row_of(uniform, "p(lung=yes | smoke=no)")["derivative"] == pytest.approx(
        d.p(lung="yes", smoke="no") - d.p(lung="no", smoke="no"), rel=1e-12
    )
    assert row_of(frame, "p(lung=yes | smoke=no)")["derivative"] == pytest.approx(
        row_of(uniform, "p(lung=yes | smoke=no)")["derivative"], rel=1e-12
    )


def test_barren_tables_matter_only_without_covariation():
    asia = pt.examples.load("asia")
    text = "p(lung=yes | xray=yes)"  # dysp is below nothing observed: barren
    covaried = asia.sensitivity(text)
    raw = asia.sensitivity(text, covariation="none")
    assert (covaried[covaried["variable"] == "dysp"]["derivative"].abs() < 1e-12).all()
    assert (raw[raw["variable"] == "dysp"]["derivative"].abs() > 1e-3).any()


def test_an_entry_equal_to_one_moves_the_others_uniformly():
    # p(either=yes | lung=yes, tub=yes) = 1: no proportions left, the other entry takes the change
    asia = pt.examples.load("asia")
    text = "p(lung=yes | xray=yes)"
    parameter = "p(either=yes | lung=yes, tub=no)"
    row = row_of(asia.sensitivity(text), parameter)
    assert row["value"] == 1.0
    given_ = {"lung": "yes", "tub": "no"}
    down = rebuilt(asia, "either", given_, "yes", 1.0 - 2 * STEP, "proportional").query(text)
    middle = rebuilt(asia, "either", given_, "yes", 1.0 - STEP, "proportional").query(text)
    one_sided = (3 * asia.query(text) - 4 * middle + down) / (
        2 * STEP
    )  # second-order backward difference
    assert row["derivative"] == pytest.approx(one_sided, rel=1e-5, abs=1e-7)


# ---------------------------------------------------------------------- alarm: the question


def test_alarm_most_sensitive_entries_against_rebuilt_queries():
    alarm = pt.examples.load("alarm")
    # the question: HRBP is d-separated from LVFAILURE, so only LVFAILURE's prior matters
    alone = alarm.sensitivity("p(LVFAILURE=TRUE | HRBP=HIGH)")
    assert len(alone) == sum(t.table.to_array().size for t in alarm.terms)
    assert list(alone.parameter[:2]) == ["p(LVFAILURE=TRUE)", "p(LVFAILURE=FALSE)"]
    assert list(alone.derivative[:2]) == pytest.approx([1.0, -1.0], abs=1e-12)
    assert (alone.derivative[2:].abs() < 1e-12).all()
    text = "p(LVFAILURE=TRUE | HRBP=HIGH, BP=LOW)"
    frame = alarm.sensitivity(text)
    for _, row in frame.head(5).iterrows():
        spec = pt.notation.parse_term(row["parameter"])
        variable = spec.head_names[0]
        state = spec.event[variable]
        up = rebuilt(alarm, variable, spec.evidence, state, row["value"] + STEP, "proportional").query(
            text
        )
        down = rebuilt(alarm, variable, spec.evidence, state, row["value"] - STEP, "proportional").query(
            text
        )
        fd = (up - down) / (2 * STEP)
        assert row["derivative"] == pytest.approx(fd, rel=1e-5)
    s = alarm.sensitivity_function(text, frame.loc[0, "parameter"])
    spec = pt.notation.parse_term(s.parameter)
    variable = spec.head_names[0]
    for theta in (0.0, 0.3, 0.9):
        changed = rebuilt(alarm, variable, spec.evidence, spec.event[variable], theta, "proportional")
        assert s(theta) == pytest.approx(changed.query(text), abs=1e-10)


# ---------------------------------------------------------------------- sensitivity functions


def test_sensitivity_function_solves_and_plots():
    import matplotlib

    matplotlib.use("Agg")
    asia = pt.examples.load("asia")
    s = asia.sensitivity_function("p(lung=yes | xray=yes)", parameter="p(lung=yes | smoke=yes)")
    assert isinstance(s, SensitivityFunction)
    assert all(isinstance(v, float) for v in (s.a, s.b, s.c, s.d, s.value, s.lower, s.upper))
    # by hand: p(lung=yes, xray=yes) = 0.5 θ 0.98 + 0.5 * 0.01 * 0.98 is the numerator
    assert s.a == pytest.approx(0.5 * 0.98) and s.b == pytest.approx(0.5 * 0.01 * 0.98)
    theta = s.solve(0.7)
    assert theta is not None and s(theta) == pytest.approx(0.7)
    changed = rebuilt(asia, "lung", {"smoke": "yes"}, "yes", theta, "proportional")
    assert changed.query("p(lung=yes | xray=yes)") == pytest.approx(0.7, abs=1e-12)
    assert s.solve(0.99) is None
    assert s.solve(-0.1) is None
    ax = s.plot()
    assert ax.get_xlabel() == "θ = p(lung=yes | smoke=yes)"
    assert ax.get_ylabel() == "p(lung=yes | xray=yes)"
    with pytest.raises(AttributeError):  # frozen
        s.a = 1.0  # type: ignore[misc]
    assert repr(s).startswith("SensitivityFunction(p(lung=yes | xray=yes) = (0.49·θ + 0.0049) / (")


def test_a_query_without_evidence_is_a_line():
    asia = pt.examples.load("asia")
    s = asia.sensitivity_function("p(lung=yes)", parameter="p(smoke=yes)")
    assert (s.c, s.d) == (0.0, 1.0)
    assert s(0.0) == pytest.approx(0.01) and s(1.0) == pytest.approx(0.1)


def test_uniform_covariation_stops_where_another_entry_reaches_zero():
    t = pt.Table.from_dict({"a": 0.5, "b": 0.4, "c": 0.1}, variables="x")
    y = pt.Table.from_dict(
        {("a", 0): 0.9, ("a", 1): 0.1, ("b", 0): 0.5, ("b", 1): 0.5, ("c", 0): 0.2, ("c", 1): 0.8},
        variables=("x", "y"),
        given="x",
    )
    f = pt.Factorization([pt.Term(("x",), (), t), pt.Term(("y",), ("x",), y)])
    s = f.sensitivity_function("p(y=0)", parameter="p(x=a)", covariation="uniform")
    assert s.upper == pytest.approx(0.5 + 2 * 0.1)  # c reaches 0 at θ = 0.7
    s = f.sensitivity_function("p(y=0)", parameter="p(x=a)")
    assert s.upper == 1.0
    # proportional by hand: p(y=0) = 0.9 θ + (1 - θ)(0.4 * 0.5 + 0.1 * 0.2) / 0.5
    assert s(0.2) == pytest.approx(0.9 * 0.2 + 0.8 * (0.4 * 0.5 + 0.1 * 0.2) / 0.5)


# ---------------------------------------------------------------------- the Hessian


def test_hessian_is_symmetric_and_the_finite_difference_of_the_gradient():
    asia = pt.examples.load("asia")
    text = "p(lung=yes | xray=yes, dysp=yes)"
    parameters = [
        "p(smoke=yes)",
        "p(lung=yes | smoke=yes)",
        "p(lung=no | smoke=yes)",
        "p(bronc=yes | smoke=yes)",
        "p(dysp=yes | bronc=yes, either=yes)",
    ]
    h = asia.hessian(text, parameters)
    assert list(h.index) == parameters and list(h.columns) == parameters
    values = h.to_numpy()
    assert np.allclose(values, values.T, atol=1e-12)
    # column j: the central difference of the gradient (the private sweep on a moved array) in θ_j
    q = question(asia, text, None, "test")
    model = q.model
    names = [t.head[0] for t in asia.terms]
    located = []
    for p in parameters:
        spec = pt.notation.parse_term(p)
        t = names.index(spec.head_names[0])
        table = asia.terms[t].table
        settings_ = {**spec.event, **spec.evidence}
        located.append((t, tuple(table.states[v].index(settings_[v]) for v in table.variables)))
    for j, (t, index) in enumerate(located):
        moved = {}
        for sign in (1, -1):
            array = model.arrays[t].copy()
            array[index] += sign * STEP
            _, grads = query_gradient(q, max_bytes=None, op="test", arrays={t: array})
            moved[sign] = grads
        for i, (ti, indexi) in enumerate(located):
            fd = (moved[1][ti][indexi] - moved[-1][ti][indexi]) / (2 * STEP)
            assert values[i, j] == pytest.approx(fd, rel=1e-5, abs=1e-6), (i, j)


def test_hessian_against_second_differences_of_the_brute_force_polynomial():
    asia = pt.examples.load("asia")
    reference = Polynomial(asia)
    for text, head, evidence in (
        ("p(either=yes | xray=no)", {"either": "yes"}, {"xray": "no"}),
        ("p(either=yes, dysp=yes)", {"either": "yes", "dysp": "yes"}, {}),
    ):
        parameters = ["p(tub=yes | asia=no)", "p(lung=yes | smoke=no)", "p(smoke=no)"]
        h = asia.hessian(text, parameters).to_numpy()
        located = [(1, (1, 0)), (3, (1, 0)), (2, (1,))]  # (term, index) of each, by the tables' orders
        for (ti, ii), name in zip(located, parameters):  # the indices above name those entries
            table = asia.terms[ti].table
            spec = pt.notation.parse_term(name)
            settings_ = {**spec.event, **spec.evidence}
            assert tuple(table.states[v].index(settings_[v]) for v in table.variables) == ii
        k = 1e-4
        for i, (ti, ii) in enumerate(located):
            for j, (tj, ij) in enumerate(located):
                total = 0.0
                for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                    arrays = [a.copy() for a in reference.arrays]
                    arrays[ti][ii] += si * k
                    arrays[tj][ij] += sj * k
                    total += si * sj * reference.query(arrays, head, evidence)
                assert h[i, j] == pytest.approx(total / (4 * k * k), rel=1e-4, abs=1e-6), (text, i, j)


# ---------------------------------------------------------------------- maximum likelihood meets the gradient


def _log_likelihood_gradient(f, data):
    """d/dθ of sum over rows of log p(row) = sum over distinct rows of count * (dp(row)/dθ) / p(row)."""
    names = list(f.variables)
    counts = data.groupby(names, observed=True).size()
    total = {t.head[0]: np.zeros(t.table.to_array().shape) for t in f.terms}
    for row, count in counts.items():
        text = format_term(names, event=dict(zip(names, row)))
        g = f.gradient(text)  # the polynomial p(row): complete data, no evidence
        for name in total:
            total[name] += count * g.array(name) / g.value
    return total


def _projected(f, gradient):
    """Each column's gradient minus its mean: the part that a move keeping the column's sum can see."""
    out = {}
    for term in f.terms:
        name = term.head[0]
        table = term.table
        head_axes = tuple(i for i, v in enumerate(table.variables) if v in term.head)
        out[name] = gradient[name] - gradient[name].mean(axis=head_axes, keepdims=True)
    return out


def test_maximum_likelihood_tables_zero_the_projected_gradient():
    truth = pt.examples.load("cancer")
    data = truth.sample(50_000, seed=3)
    fitted = truth.fit(data)
    for term in fitted.terms:  # every cell seen, so the maximum is inside the simplex
        assert (term.table.to_array() > 0).all()
    at_fit = _projected(fitted, _log_likelihood_gradient(fitted, data))
    at_truth = _projected(truth, _log_likelihood_gradient(truth, data))
    for name in at_fit:
        assert np.abs(at_fit[name]).max() <= 1e-6 * len(data), name
    # elsewhere it does not vanish: the test could fail
    assert max(np.abs(g).max() for g in at_truth.values()) > 10


# ---------------------------------------------------------------------- refusals


def test_bad_requests_are_refused_clearly():
    asia = pt.examples.load("asia")
    text = "p(lung=yes | xray=yes)"
    with pytest.raises(
        ProbTablesError,
        match=re.escape(
            "sensitivity(): unknown covariation 'proportionate'; choose one of "
            "('proportional', 'uniform', 'none'). Did you mean 'proportional'?"
        ),
    ):
        asia.sensitivity(text, covariation="proportionate")
    with pytest.raises(
        ProbTablesError,
        match=re.escape(
            f"sensitivity_function(): 'p(lung=yes)' is not an entry of a table of {LABEL}; "
            "the table of 'lung' is p(lung | smoke): write p(lung=yes | smoke=...)."
        ),
    ):
        asia.sensitivity_function(text, "p(lung=yes)")
    with pytest.raises(
        ProbTablesError,
        match=re.escape(
            "sensitivity_function(): 'p(lung | smoke=no)' must give one value to every variable to name "
            "one entry: p(lung=... | smoke=no)."
        ),
    ):
        asia.sensitivity_function(text, "p(lung | smoke=no)")
    with pytest.raises(UnknownStateError, match=re.escape("unknown state 'maybe' for variable 'lung'")):
        asia.sensitivity_function(text, "p(lung=maybe | smoke=no)")
    with pytest.raises(
        ProbTablesError, match=re.escape("hessian(): the parameter 'p(smoke=yes)' is listed twice.")
    ):
        asia.hessian(text, ["p(smoke=yes)", "p(smoke = yes)"])
    with pytest.raises(ProbTablesError, match=re.escape("hessian(): parameters must be a list")):
        asia.hessian(text, "p(smoke=yes)")
    one = pt.Factorization(
        [
            pt.Term(("x",), (), pt.Table.from_dict({"only": 1.0}, variables="x")),
            pt.Term(
                ("y",),
                ("x",),
                pt.Table.from_dict(
                    {("only", 0): 0.3, ("only", 1): 0.7}, variables=("x", "y"), given="x"
                ),
            ),
        ]
    )
    with pytest.raises(
        ProbTablesError,
        match=re.escape(
            "sensitivity_function(): p(x=only) is the only entry of its column (one state): it is 1 and "
            "cannot move while its column sums to 1."
        ),
    ):
        one.sensitivity_function("p(y=0)", "p(x=only)")
    assert one.sensitivity("p(y=0)").set_index("parameter").loc["p(x=only)", "derivative"] == 0.0


def test_results_are_python_types_and_inputs_unchanged():
    asia = pt.examples.load("asia")
    before = [t.table.frame for t in asia.terms]
    frame = asia.sensitivity("p(lung=yes | xray=yes)")
    assert isinstance(frame, pd.DataFrame)
    h = asia.hessian("p(lung=yes | xray=yes)", ["p(smoke=yes)"])
    assert h.shape == (1, 1)
    s = asia.sensitivity_function("p(lung=yes | xray=yes)", "p(smoke=yes)")
    assert type(s(0.3)) is float and type(s.solve(0.5)) in (float, type(None))
    for t, f0 in zip(asia.terms, before):
        assert t.table.frame.equals(f0)
