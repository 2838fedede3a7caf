"""The asia network (Lauritzen & Spiegelhalter 1988), read from its BIF file, as a factorization."""

import probtables as pt

path = pt.examples.path("asia")
asia = pt.read_bif(path)
print(asia)
print("local independencies (each variable given its parents):")
for statement in asia.independencies("local"):
    print("  ", statement)

explanation = asia.explain("dysp ⊥ asia | either")
print(explanation)  # the collider 'either' is observed, which opens a trail through smoke
assert not explanation.holds
assert asia.implies("dysp ⊥ asia | either, smoke")

joint = asia.joint()
print(joint.query("p(lung | xray=yes, smoke=yes)"))
assert abs(joint.p(lung="yes") - 0.055) < 1e-12
