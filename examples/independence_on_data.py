"""An independence claim checked on data, with a p-value; then every claim of a structure, adjusted."""

import probtables as pt

model = pt.Factorization.parse("p(z)p(y)p(x|y,z)").with_tables(
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
data = model.sample(5_000, seed=0)

marginal = pt.independence_test(data, "y ⊥ z")  # Pearson chi-square by default
given_x = pt.independence_test(data, "y ⊥ z | x", method="chi2")
print(marginal)
print(given_x)
assert given_x.p_value < 1e-6  # explaining away shows in data

# every independence the structure implies, with Holm-adjusted p-values and a status each
print(pt.Factorization.parse("p(z)p(y)p(x|y,z)").check_data(data, kind="all"))
# a wrong structure (a chain) is rejected by the data
print(pt.Factorization.parse("p(y)p(x|y)p(z|x)").check_data(data, kind="all"))
