"""Questions to a network: posteriors, all posteriors at once, the most probable explanation, log p(e).

alarm (37 variables) has a joint of 1.7e16 rows: nothing here builds it. Each
answer is checked by another route: a smaller joint, the all-posteriors pass,
Bayes' rule by hand.
"""

import math

import probtables as pt

alarm = pt.examples.load("alarm")

# a diagnostic question, prior against posterior
prior = alarm.query("p(LVFAILURE)")
posterior = alarm.query("p(LVFAILURE | HRBP=HIGH, BP=LOW)")
print(prior)
print(posterior)

# a point query is a float; no bar at all gives the probability of the evidence
p_true = alarm.query("p(LVFAILURE=TRUE | HRBP=HIGH, BP=LOW)")
p_e = alarm.query("p(HRBP=HIGH, BP=LOW)")
p_both = alarm.query("p(LVFAILURE=TRUE, HRBP=HIGH, BP=LOW)")
print(f"p(LVFAILURE=TRUE | HRBP=HIGH, BP=LOW) = {p_true:.6f} = {p_both:.3g} / {p_e:.3g}")
assert abs(p_true - p_both / p_e) < 1e-12  # Bayes' rule: p(x | e) = p(x, e) / p(e)

# every posterior in one forward and one backward pass
evidence = {"HRBP": "HIGH", "BP": "LOW"}
everything = alarm.posteriors(evidence)
assert everything["LVFAILURE"].equals(posterior, atol=1e-9)
changed = sorted(
    everything,
    key=lambda v: -abs(everything[v].to_array([v]) - alarm.query(f"p({v})").to_array([v])).max(),
)
print("the evidence moves these beliefs most:", changed[:5])

# an event (a set of states) and soft evidence
print(alarm.query("p(HYPOVOLEMIA | CVP={LOW, NORMAL}, BP=LOW)"))
print(
    alarm.query("p(HYPOVOLEMIA | BP=LOW)", likelihood={"CVP": {"LOW": 0.7, "NORMAL": 0.3, "HIGH": 0.0}})
)

# the most probable explanation of the evidence, and its probability
best = alarm.most_probable(evidence)
print("most probable explanation:", {k: best.assignment[k] for k in ("LVFAILURE", "HYPOVOLEMIA", "CO")})
print(f"its probability given the evidence: {best.probability:.4f}")
assert abs(math.exp(best.log_probability) / p_e - best.probability) < 1e-9

# log p(e) where p(e) itself underflows: 200 copies of alarm's observations would be p(e)**200
log_p = alarm.log_probability(evidence)
assert abs(log_p - math.log(p_e)) < 1e-12
print(
    f"log p(HRBP=HIGH, BP=LOW) = {log_p:.4f}; 200 independent cases: {200 * log_p:.1f} (p = 0.0 in floats)"
)

# the answer agrees with a joint small enough to build: the asia network
asia = pt.examples.load("asia")
assert asia.query("p(lung | xray=yes, dysp=yes)").equals(
    asia.joint().query("p(lung | xray=yes, dysp=yes)"), atol=1e-12
)
