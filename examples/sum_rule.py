"""The sum rule (law of total probability): p(x) = sum over y of p(x, y)."""

import probtables as pt

joint = pt.Table.from_dict(
    {("sun", "dry"): 0.60, ("sun", "wet"): 0.10, ("rain", "dry"): 0.05, ("rain", "wet"): 0.25},
    variables=("x", "y"),
    states={"x": ["sun", "rain"], "y": ["dry", "wet"]},
)
print(joint)

p_x = joint.marginal("x")  # keep x, sum y out
print(p_x)
assert abs(p_x.p(x="rain") - (0.05 + 0.25)) < 1e-12
assert p_x.equals(joint.marginalize("y"))  # the same, said the other way round
print(joint.query("p(x=rain)"))
