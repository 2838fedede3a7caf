"""Chain, fork and collider: what each factorization implies, why, and a numeric check on tables."""

import numpy as np

import probtables as pt

rng = np.random.default_rng(3)
for text in ("p(x)p(y|x)p(z|y)", "p(y)p(x|y)p(z|y)", "p(x)p(z)p(y|x,z)"):
    structure = pt.Factorization.parse(text)
    print(structure)
    for statement in ("x ⊥ z", "x ⊥ z | y"):
        print("  ", structure.explain(statement))
    # random tables on the structure: every independence it implies holds numerically
    tables = []
    for term in structure.terms:
        states = {v: [0, 1] for v in term.given + term.head}
        values = rng.dirichlet(np.ones(2), size=2 ** len(term.given)).reshape([2] * len(states))
        tables.append(pt.Table.from_array(values, states=states, given=term.given))
    joint = structure.with_tables(tables).joint()
    for statement in structure.independencies("all"):
        (a,), (b,) = statement.left, statement.right
        assert joint.independent(a, b, given=tuple(statement.given), atol=1e-12), statement
