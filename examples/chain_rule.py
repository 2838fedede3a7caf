"""The chain rule: p(x, y) = p(x) p(y | x) = p(y) p(x | y), and p(w, x, y, z) in every order of the notes."""

import numpy as np

import probtables as pt

rng = np.random.default_rng(0)
joint = pt.Table.from_array(
    rng.dirichlet(np.ones(16)).reshape(2, 2, 2, 2), states={v: [0, 1] for v in "wxyz"}
)

p_x, p_w_given_x = joint.marginal("x"), joint.marginal("w", "x").condition("x")
assert (p_x * p_w_given_x).equals(joint.marginal("w", "x"))  # p(w, x) = p(x) p(w | x)

orders = [
    [("w", "x"), ("y", "z")],  # p(w, x) p(y, z | w, x)
    [("y", "z"), ("w", "x")],  # p(y, z) p(w, x | y, z)
    ["x", "w", ("y", "z")],  # p(x) p(w | x) p(y, z | w, x)
    ["x", "w", "z", "y"],  # p(x) p(w | x) p(z | w, x) p(y | z, w, x)
    ["x", ("w", "y", "z")],  # p(x) p(w, y, z | x)
    [("w", "z"), "y", "x"],  # p(w, z) p(y | w, z) p(x | w, z, y)
    ["w", "x", "y", "z"],  # p(w) p(x | w) p(y | w, x) p(z | w, x, y)
]
for order in orders:
    factorization = joint.chain_factorize(order)
    assert factorization.joint().equals(joint, atol=1e-12)
    print(f"p(w, x, y, z) = {factorization}")
