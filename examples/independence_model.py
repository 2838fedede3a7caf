"""The notes' model p(z)p(y)p(x | y, z): y and z are independent, but not once x is known."""

import probtables as pt

structure = pt.Factorization.parse("p(z)p(y)p(x|y,z)")
model = structure.with_tables(
    [
        pt.Table.from_dict({0: 0.7, 1: 0.3}, variables="z"),
        pt.Table.from_dict({0: 0.4, 1: 0.6}, variables="y"),
        pt.Table.from_array(
            [[[0.9, 0.1], [0.5, 0.5]], [[0.3, 0.7], [0.05, 0.95]]],
            states={"y": [0, 1], "z": [0, 1], "x": [0, 1]},
            given=("y", "z"),
        ),
    ]
)
joint = model.joint()

# The notes' argument: by the chain rule p(x, y, z) = p(y) p(z | y) p(x | y, z), so p(z | y) = p(z).
p_z_given_y = joint.marginal("y", "z").condition("y")
for y in (0, 1):
    assert abs(p_z_given_y.p(z=1, y=y) - joint.p(z=1)) < 1e-12

assert joint.independent("y", "z")  # numerically
assert not joint.independent("y", "z", given="x")  # explaining away
assert structure.implies("y ⊥ z")  # from the DAG alone
explanation = structure.explain("y ⊥ z | x")
assert not explanation.holds and explanation.trail == ("y", "x", "z")
print(explanation)
