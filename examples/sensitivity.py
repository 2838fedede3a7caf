"""Which numbers a conclusion depends on: derivatives of queries on alarm, by the chain rule run backwards.

p(e) is a polynomial in the tables' entries, linear in each table; a query
p(q | e) is a ratio of two of them. One forward and one backward sweep of the
elimination give the derivative of the query with respect to all of alarm's
entries at once (reverse mode, the notes' chain rule right to left). Each claim
is checked another way: a finite difference of re-run queries, Euler's identity,
a rebuilt network, the Hessian's symmetry, and maximum likelihood.
"""

import tempfile
from pathlib import Path

import matplotlib
import numpy as np

import probtables as pt
from probtables.notation import format_term, parse_term

matplotlib.use("Agg")

alarm = pt.examples.load("alarm")
# HRBP alone says nothing about LVFAILURE (d-separated): only LVFAILURE's own prior matters
alone = alarm.sensitivity("p(LVFAILURE=TRUE | HRBP=HIGH)")
assert alarm.implies("LVFAILURE ⊥ HRBP")
assert set(alone.loc[alone.derivative.abs() > 1e-12, "term"]) == {"p(LVFAILURE)"}
text = "p(LVFAILURE=TRUE | HRBP=HIGH, BP=LOW)"
print(f"{text} = {alarm.query(text):.4f}")


def rebuilt(network, parameter, theta):
    """The network with the entry `parameter` set to theta, the rest of its column rescaled (proportional)."""
    spec = parse_term(parameter)
    variable = spec.head_names[0]
    table = network.term(variable).table
    states = {v: table.states[v] for v in table.variables}
    array = table.to_array(table.variables).copy()
    column = tuple(
        slice(None) if v == variable else states[v].index(spec.evidence[v]) for v in table.variables
    )
    entries = array[column]
    x = states[variable].index(spec.event[variable])
    others = np.arange(len(entries)) != x
    entries[others] *= (1 - theta) / (1 - entries[x])
    entries[x] = theta
    array[column] = entries
    new = pt.Table.from_array(array, states=states, given=table.given, atol=1e-6)  # BIF columns of 1/3
    return network.with_tables([new if t.head == (variable,) else t.table for t in network.terms])


# 1. the gradient, in the notes' denominator layout: one table of derivatives per table, same shape
g = alarm.gradient(text)
print(g)
print(g["LVFAILURE"])  # d query / d p(LVFAILURE=...), no co-variation
theta = alarm.term("LVFAILURE").table.to_array()
# Euler: p(e) is linear in each table, so sum θ ∂p(e)/∂θ over a table is p(e); a ratio gives 0
p_e = alarm.gradient("p(HRBP=HIGH)")
assert abs(float((theta * p_e.array("LVFAILURE")).sum()) - p_e.value) < 1e-12
assert abs(float((theta * g.array("LVFAILURE")).sum())) < 1e-12

# 2. the five entries the conclusion is most sensitive to, each column kept summing to 1
ranked = alarm.sensitivity(text, covariation="proportional")
print(ranked.head(5).to_string())
top = ranked.loc[0]
h = 1e-6
slope = (
    rebuilt(alarm, top.parameter, top.value + h).query(text)
    - rebuilt(alarm, top.parameter, top.value - h).query(text)
) / (2 * h)
print(
    f"d/dθ at θ = {top.parameter}: {top.derivative:.6f} (backward sweep), {slope:.6f} (finite difference)"
)
assert abs(top.derivative - slope) < 1e-6 * (1 + abs(slope))
# the raw partial derivatives and a uniform co-variation, for comparison
print(alarm.sensitivity(text, covariation="none").head(3).to_string())

# 3. the sensitivity function of that entry: (aθ + b) / (cθ + d), tested against a rebuilt network
s = alarm.sensitivity_function(text, parameter=top.parameter)
print(s)
for value in (0.0, 0.5, 1.0):
    assert abs(s(value) - rebuilt(alarm, top.parameter, value).query(text)) < 1e-10
target = 0.2
needed = s.solve(target)
print(f"{text} reaches {target} when {top.parameter} = {needed}")
if needed is not None:
    assert abs(rebuilt(alarm, top.parameter, needed).query(text) - target) < 1e-9
ax = s.plot()
path = Path(tempfile.gettempdir()) / "sensitivity_function.png"
ax.figure.savefig(path)
print(f"drawn to {path}")

# 4. second order: the Hessian of a few entries, symmetric
parameters = list(ranked.parameter[[0, 2, 4]])
hess = alarm.hessian(text, parameters)
print(hess.to_string())
assert np.allclose(hess.to_numpy(), hess.to_numpy().T, atol=1e-10)

# 5. maximum likelihood sets a derivative to zero: on complete data the gradient of the
#    log-likelihood, projected onto "each column sums to 1", vanishes at the fitted tables
cancer = pt.examples.load("cancer")
data = cancer.sample(20_000, seed=1)
fitted = cancer.fit(data)
names = list(fitted.variables)


def projected_log_likelihood_gradient(network):
    total = {t.head[0]: np.zeros(t.table.to_array().shape) for t in network.terms}
    for row, count in data.groupby(names, observed=True).size().items():
        grad = network.gradient(format_term(names, event=dict(zip(names, row))))  # d p(row) / dθ
        for name in total:
            total[name] += count * grad.array(name) / grad.value  # d log p(row) = d p(row) / p(row)
    largest = 0.0
    for term in network.terms:
        axes = tuple(i for i, v in enumerate(term.table.variables) if v in term.head)
        d = total[term.head[0]]
        largest = max(largest, float(np.abs(d - d.mean(axis=axes, keepdims=True)).max()))
    return largest


at_fit, at_truth = projected_log_likelihood_gradient(fitted), projected_log_likelihood_gradient(cancer)
print(
    f"projected gradient of the log-likelihood: {at_fit:.2e} at the fitted tables, {at_truth:.1f} at the true ones"
)
assert at_fit < 1e-6 * len(data) and at_truth > 1
