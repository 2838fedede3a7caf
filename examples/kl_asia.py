"""How far is a fitted network from the truth? KL(true asia ‖ asia fitted to n samples), without a joint.

The divergence of two networks over the same variables is a sum over their terms: it needs the
true network's marginal over each family (one query each), never the 256-row joint, so the same
code works on networks whose joint could not be written down.
"""

import math

import probtables as pt
from probtables.estimate import free_parameters

truth = pt.examples.load("asia")
structure = pt.Factorization.parse(str(truth))  # the same structure, no tables
data = truth.sample(50_000, seed=7)
states = {v: truth.term(v).table.states[v] for v in truth.variables}  # a rare state may not be drawn

k = free_parameters(truth)  # 18: the KL of a maximum-likelihood fit is about k / (2n) nats
print(f"{'samples':>8}  {'KL(truth ‖ fitted)':>19}  {'k / (2n)':>13}  {'cross-entropy':>13}")
divergences = []
for n in (500, 5_000, 50_000):
    # the first n rows; a pseudocount of 1 leaves no zero where the truth has none
    fitted = structure.fit(data.iloc[:n], pseudocount=1.0, states=states)
    kl = pt.kl_divergence(truth, fitted, base=2)
    cross = pt.cross_entropy(truth, fitted, base=2)
    divergences.append(kl)
    expected = k / (2 * n) / math.log(2)
    print(f"{n:>8,}  {kl:>14.5f} bits  {expected:>8.5f} bits  {cross:>8.4f} bits")

# more data, closer to the truth
assert divergences[0] > divergences[1] > divergences[2] > 0
assert all(
    0.25 < kl / (k / (2 * n) / math.log(2)) < 4 for kl, n in zip(divergences, (500, 5_000, 50_000))
)
# H(truth, fitted) = H(truth) + KL(truth ‖ fitted), the identity behind maximum likelihood
entropy = pt.entropy(truth, base=2)
assert math.isclose(cross, entropy + divergences[-1], abs_tol=1e-9)
print(f"H(truth) = {entropy:.4f} bits; the cross-entropy exceeds it by exactly the KL divergence")
# the other direction is infinite: truth has zeros ('either' is 'lung or tub') that the smoothed fit has not
print(f"KL(fitted ‖ truth) = {pt.kl_divergence(fitted, truth)}")
assert pt.kl_divergence(fitted, truth) == math.inf
