"""Maximum likelihood on discrete data: fit asia's structure to samples and compare with the true tables."""

import numpy as np

import probtables as pt

truth = pt.examples.load("asia")
data = truth.sample(200_000, seed=1)
print(data.head())

structure = pt.Factorization.parse(str(truth))  # the same structure, no tables
fitted = structure.fit(data, pseudocount=1.0)  # 'either' given (lung=yes, tub=yes) is rare: smooth it
worst = 0.0
for true_term, fitted_term in zip(truth.terms, fitted.terms):
    order = true_term.given + true_term.head
    gap = float(np.max(np.abs(true_term.table.to_array(order) - fitted_term.table.to_array(order))))
    worst = max(worst, gap)
    print(f"{str(true_term):28} largest |true - fitted| = {gap:.4f}")
assert worst < 0.05

print(f"log-likelihood {fitted.log_likelihood(data):.1f}, BIC {fitted.bic(data):.1f}")
assert fitted.log_likelihood(data) >= truth.log_likelihood(data) - 1e-6 * len(data)
