"""Bayes' rule: a diagnostic test, then a coin's bias θ on a grid from observed flips."""

import numpy as np

import probtables as pt

# p(h | t) = p(t | h) p(h) / sum_h p(t | h) p(h)
prior = pt.Table.from_dict({"sick": 0.01, "well": 0.99}, variables="h")
test = pt.Table.from_dict(
    {("sick", "+"): 0.9, ("sick", "-"): 0.1, ("well", "+"): 0.05, ("well", "-"): 0.95},
    variables=("h", "t"),
    given="h",
)
posterior = pt.bayes(prior, test, evidence={"t": "+"})
print(posterior)
assert abs(posterior.p(h="sick") - 0.9 * 0.01 / (0.9 * 0.01 + 0.05 * 0.99)) < 1e-12

# p(θ | D) for a coin: prior p(θ) on a grid, likelihood p(D | θ) of one flip, four flips observed.
grid = [round(0.1 * k, 1) for k in range(11)]
p_theta = pt.Table.uniform({"θ": grid})
p_flip = pt.Table.from_function(
    lambda θ, D: θ if D == "H" else 1 - θ, states={"θ": grid, "D": ["H", "T"]}, given="θ"
)
flips = ["H", "H", "T", "H"]
p_theta_given_data = pt.bayes_sequential(p_theta, p_flip, [{"D": f} for f in flips])
print(p_theta_given_data)

weights = np.array([θ**3 * (1 - θ) for θ in grid])  # three heads, one tail
assert np.allclose([p_theta_given_data.p(θ=θ) for θ in grid], weights / weights.sum())
