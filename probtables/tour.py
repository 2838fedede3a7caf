r"""A guided tour: the worked examples of the notes, step by step, each checking its own claim.

Run it with ``python -m probtables tour`` (or ``probtables tour``). Every step
prints what it computes as readable tables and raises :class:`TourCheckFailed`
if the claim it illustrates does not hold, so the tour doubles as a smoke test.

Examples
--------
>>> from probtables.tour import sum_rule
>>> lines = []
>>> sum_rule(lines.append)
>>> lines[0]
'== The sum rule (law of total probability): p(x) = sum over y of p(x, y)'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction as F
from typing import Any

import numpy as np

from probtables import examples
from probtables.bayes_rule import bayes, bayes_sequential
from probtables.errors import TourCheckFailed
from probtables.factorization import Factorization
from probtables.notation import parse_term
from probtables.table import Table

__all__ = [
    "run",
    "STEPS",
    "TourCheckFailed",
    "notation",
    "sum_rule",
    "chain_rule",
    "chain_rule_four",
    "independence_model",
    "structures",
    "asia",
    "diagnosis",
    "sensitivity_analysis",
    "bayes_rule",
    "bayes_parameters",
    "exact_numbers",
    "exact_bayes",
    "derivations",
]

Say = Callable[[str], Any]


def check(claim: bool, what: str, say: Say) -> None:
    """Print ``what`` with a check mark, or raise :class:`TourCheckFailed`."""
    if not claim:
        raise TourCheckFailed(f"tour check failed: {what}")
    say(f"   ✓ {what}")


def notation(say: Say = print) -> None:
    """The notation: p(x) is Pr(X = x); terms and products are parsed and printed back."""
    say("== Notation: p(x) means Pr(X = x); p(x, y | z=1) reads 'x and y, given Z = 1'")
    for text in ("p(x,y|z=1)", "Pr(x | y, z)", "p(θ | D={0, 1})"):
        spec = parse_term(text)
        say(f"   {text!r:24} -> {spec}   head {spec.head_names}, given {spec.given_names}")
        check(str(parse_term(str(spec))) == str(spec), f"{spec} prints back to itself", say)
    f = Factorization.parse("p(z) p(y) p(x|y,z)")
    say(f"   a product of terms: {f}")


def _weather() -> Table:
    return Table.from_dict(
        {("sun", "dry"): 0.60, ("sun", "wet"): 0.10, ("rain", "dry"): 0.05, ("rain", "wet"): 0.25},
        variables=("x", "y"),
        states={"x": ["sun", "rain"], "y": ["dry", "wet"]},
    )


def sum_rule(say: Say = print) -> None:
    """The law of total probability on a small joint table."""
    say("== The sum rule (law of total probability): p(x) = sum over y of p(x, y)")
    joint = _weather()
    say(repr(joint))
    px = joint.marginal("x")
    say(repr(px))
    by_hand = 0.05 + 0.25
    check(abs(px.p(x="rain") - by_hand) < 1e-12, f"p(x=rain) = 0.05 + 0.25 = {by_hand:g}", say)
    check(abs(joint.marginalize("y").p(x="sun") - 0.7) < 1e-12, "marginalize('y') is marginal('x')", say)


def chain_rule(say: Say = print) -> None:
    """p(x, y) = p(x) p(y | x) = p(y) p(x | y)."""
    say("== The chain rule (product rule): p(x, y) = p(x) p(y | x) = p(y) p(x | y)")
    joint = _weather()
    py_given_x = joint.condition("x")
    say(repr(py_given_x))
    check((joint.marginal("x") * py_given_x).equals(joint), "p(x) p(y | x) = p(x, y)", say)
    check((joint.marginal("y") * joint.condition("y")).equals(joint), "p(y) p(x | y) = p(x, y)", say)
    check((joint / joint.marginal("x")).equals(py_given_x), "p(x, y) / p(x) = p(y | x)", say)


# The orders in which the notes decompose p(w, x, y, z); a tuple is a grouped event.
NOTES_ORDERS: Sequence[Sequence[Any]] = (
    [("w", "x"), ("y", "z")],
    [("y", "z"), ("w", "x")],
    ["x", "w", ("y", "z")],
    ["x", "w", "z", "y"],
    ["x", ("w", "y", "z")],
    [("w", "z"), "y", "x"],
    ["w", "x", "y", "z"],
)


def _four_variable_joint(seed: int = 7) -> Table:
    rng = np.random.default_rng(seed)
    values = rng.dirichlet(np.ones(16)).reshape(2, 2, 2, 2)
    return Table.from_array(values, states={name: [0, 1] for name in "wxyz"})


def chain_rule_four(say: Say = print) -> None:
    """The chain rule on p(w, x, y, z), in each order the notes show, with grouped events."""
    say("== The chain rule on p(w, x, y, z): every order, grouped events too")
    joint = _four_variable_joint()
    for order in NOTES_ORDERS:
        factorization = joint.chain_factorize(order)
        check(factorization.joint().equals(joint, atol=1e-12), f"p(w, x, y, z) = {factorization}", say)
    say("   (anything in front of a bar is behind the bar of every later term)")


def independence_model(say: Say = print) -> None:
    """The notes' model p(z)p(y)p(x | y, z): y and z are independent, but not given x."""
    say("== The model p(z)p(y)p(x | y, z): show that y ⊥ z")
    pz = Table.from_dict({0: 0.7, 1: 0.3}, variables="z")
    py = Table.from_dict({0: 0.4, 1: 0.6}, variables="y")
    px = Table.from_array(
        [[[0.9, 0.1], [0.5, 0.5]], [[0.3, 0.7], [0.05, 0.95]]],
        states={"y": [0, 1], "z": [0, 1], "x": [0, 1]},
        given=("y", "z"),
    )
    model = Factorization.parse("p(z)p(y)p(x|y,z)").with_tables([pz, py, px])
    joint = model.joint()
    say(repr(joint))
    say(
        "   By the chain rule p(x, y, z) = p(y) p(z | y) p(x | y, z); comparing with the model, p(z | y) = p(z):"
    )
    pz_given_y = joint.marginal("y", "z").condition("y")
    say(repr(pz_given_y))
    check(
        all(abs(float(pz_given_y.p(z=1, y=v)) - float(joint.p(z=1))) < 1e-12 for v in (0, 1)),
        "p(z | y) = p(z) for every y",
        say,
    )
    check(joint.independent("y", "z"), "numerically, y ⊥ z", say)
    check(
        not joint.independent("y", "z", given="x"),
        "but y and z are dependent given x (explaining away)",
        say,
    )
    check(joint.satisfies("p(z)p(y)p(x|y,z)"), "the joint factorizes as p(z)p(y)p(x | y, z)", say)
    structure = Factorization.parse("p(z)p(y)p(x|y,z)")
    check(structure.implies("y ⊥ z"), "the DAG implies y ⊥ z (d-separation, no numbers needed)", say)
    explanation = structure.explain("y ⊥ z | x")
    check(not explanation.holds, "the DAG does not imply y ⊥ z | x:", say)
    say("\n".join("     " + line for line in str(explanation).splitlines()))


def structures(say: Say = print) -> None:
    """Chain, fork and collider: what each structure implies, read off its DAG."""
    say("== Three structures and what they imply (d-separation)")
    cases = (
        ("chain", "p(x)p(y|x)p(z|y)", True, False),
        ("fork", "p(y)p(x|y)p(z|y)", True, False),
        ("collider", "p(x)p(z)p(y|x,z)", False, True),
    )
    for name, text, given_y, marginally in cases:
        f = Factorization.parse(text)
        say(f"   {name:8} {f}")
        check(
            f.implies("x ⊥ z | y") is given_y,
            f"x ⊥ z | y is {'implied' if given_y else 'not implied'}",
            say,
        )
        check(
            f.implies("x ⊥ z") is marginally,
            f"x ⊥ z is {'implied' if marginally else 'not implied'}",
            say,
        )


def asia(say: Say = print) -> None:
    """The asia network (Lauritzen & Spiegelhalter 1988) as a factorization, and its local independencies."""
    say("== The asia network as a factorization, and what it implies")
    network = examples.load("asia")
    say(f"   {network}")
    for statement in network.independencies("local"):
        say(f"   {statement}")
    check(
        network.implies("xray ⊥ asia | either"),
        "xray ⊥ asia | either (asia reaches xray only through either)",
        say,
    )
    why = network.explain("dysp ⊥ asia | either")
    check(
        not why.holds,
        f"but not dysp ⊥ asia | either: observing the collider either opens {' - '.join(why.trail)}",
        say,
    )
    check(
        network.implies("dysp ⊥ asia | either, smoke"),
        "observing smoke as well blocks that trail: dysp ⊥ asia | either, smoke",
        say,
    )
    check(
        abs(network.joint().p(lung="yes") - (0.5 * 0.1 + 0.5 * 0.01)) < 1e-12,
        "numerically, p(lung=yes) = 0.5 · 0.1 + 0.5 · 0.01 = 0.055",
        say,
    )


def _table(answer: Table | float | F) -> Table:
    assert isinstance(answer, Table)  # a question without values in front of the bar
    return answer


def diagnosis(say: Say = print) -> None:
    """Questions to a network: a prior against a posterior, without the joint, checked against it."""
    say("== Questions to a network: p(lung) before and after an x-ray and shortness of breath")
    network = examples.load("asia")
    prior = network.query("p(lung)")
    posterior = network.query("p(lung | xray=yes, dysp=yes)")
    assert isinstance(prior, Table) and isinstance(posterior, Table)  # no value in the head: tables
    say(repr(prior))
    say(repr(posterior))
    joint = network.joint()  # 256 rows: small enough to check the answer against
    check(
        posterior.equals(_table(joint.query("p(lung | xray=yes, dysp=yes)")), atol=1e-12),
        "the same table as the joint gives (f.query never builds the joint)",
        say,
    )
    check(
        posterior.p(lung="yes") > 10 * prior.p(lung="yes"),
        f"the evidence raises p(lung=yes) from {prior.p(lung='yes'):.3f} to {posterior.p(lung='yes'):.3f}",
        say,
    )
    everything = network.posteriors({"xray": "yes", "dysp": "yes"})
    check(
        all(
            everything[v].equals(_table(joint.query(f"p({v} | xray=yes, dysp=yes)")), atol=1e-12)
            for v in everything
        ),
        f"all {len(everything)} posteriors in one pass (forward and backward), each equal to the joint's",
        say,
    )
    alarm = examples.load("alarm")  # its joint would have 1.7e16 rows
    before = alarm.query("p(LVFAILURE=TRUE)")
    after = alarm.query("p(LVFAILURE=TRUE | HRBP=HIGH, BP=LOW)")
    assert isinstance(before, float) and isinstance(after, float)  # every head variable has a value
    say(f"   alarm: p(LVFAILURE=TRUE) = {before:.4f}; given HRBP=HIGH, BP=LOW: {after:.4f}")
    check(
        abs(after - alarm.posteriors({"HRBP": "HIGH", "BP": "LOW"})["LVFAILURE"].p(LVFAILURE="TRUE"))
        < 1e-9,
        "alarm's answer agrees with its all-posteriors pass",
        say,
    )


def sensitivity_analysis(say: Say = print) -> None:
    """Which numbers of the tables a diagnosis depends on: derivatives, a sensitivity function, a check."""
    text = "p(lung=yes | xray=yes, dysp=yes)"
    say(f"== Sensitivity: which of asia's 36 numbers does {text} depend on, and how much?")
    network = examples.load("asia")
    answer = network.query(text)
    assert isinstance(answer, float)  # every variable has a value
    ranked = network.sensitivity(text)  # one forward and one backward sweep, proportional co-variation
    say(f"   {text} = {answer:.4f}; the five entries it is most sensitive to:")
    for row in ranked.head(5).itertuples():
        say(f"   {row.parameter:36} = {row.value:<5g} d/dθ = {row.derivative:+.4f}")
    parameter = "p(lung=yes | smoke=no)"
    s = network.sensitivity_function(text, parameter)
    say(f"   as a function of θ = {parameter}: ({s.a:.4g} θ + {s.b:.4g}) / ({s.c:.4g} θ + {s.d:.4g})")
    needed = s.solve(0.8)
    assert needed is not None  # the query reaches 0.8 for some θ in [0, 1]
    say(f"   the diagnosis would reach 0.8 if {parameter} were {needed:.4f} instead of {s.value:g}")
    say("   (s.plot() draws the curve, as examples/sensitivity.py does)")
    # the claim: the derivative is the slope of the query, the network rebuilt with the column moved
    tables = [t.table for t in network.terms]
    table = network.term("lung").table
    assert table is not None and all(t is not None for t in tables)  # a bundled network has tables
    states = {v: table.states[v] for v in table.variables}
    h = 1e-6

    def moved(delta: float) -> Factorization:
        array = table.to_array(table.variables).copy()
        at = tuple(states[v].index("no" if v == "smoke" else "yes") for v in table.variables)
        other = tuple(states[v].index("no") for v in table.variables)
        array[at] += delta
        array[other] -= delta  # a binary column: the other entry takes the change
        new = Table.from_array(array, states=states, given=table.given)
        return network.with_tables(
            [new if t.head == ("lung",) else old for t, old in zip(network.terms, tables) if old]
        )

    up, down = moved(h).query(text), moved(-h).query(text)
    assert isinstance(up, float) and isinstance(down, float)
    slope = (up - down) / (2 * h)
    derivative = float(ranked.loc[ranked["parameter"] == parameter, "derivative"].iloc[0])
    check(
        abs(derivative - slope) < 1e-6 * (1 + abs(slope)),
        f"d/dθ {text} at θ = {parameter}: {derivative:.6f} from the backward sweep, "
        f"{slope:.6f} by a finite difference of re-run queries",
        say,
    )
    check(
        abs(s(s.value) - answer) < 1e-12 and abs(float(s.derivative(s.value)) - derivative) < 1e-9,
        "the sensitivity function passes through the network as it is, with that slope",
        say,
    )


def bayes_rule(say: Say = print) -> None:
    """p(x | y) = p(y | x) p(x) / sum over x of p(y | x) p(x)."""
    say("== Bayes' rule: p(x | y) = p(y | x) p(x) / sum_x p(y | x) p(x)")
    joint = _weather()
    prior, likelihood = joint.marginal("x"), joint.condition("x")
    posterior = bayes(prior, likelihood, evidence={"y": "wet"})
    say(repr(posterior))
    by_hand = 0.25 / (0.10 + 0.25)
    check(
        abs(posterior.p(x="rain") - by_hand) < 1e-12,
        f"p(x=rain | y=wet) = 0.25 / (0.10 + 0.25) = {by_hand:.4f}",
        say,
    )
    check(
        bayes(prior, likelihood).equals(joint.condition("y")),
        "the full posterior p(x | y) is joint.condition('y')",
        say,
    )


def bayes_parameters(say: Say = print) -> None:
    """Prior p(θ), likelihood p(D | θ), posterior p(θ | D) for a coin's bias on a grid."""
    say("== Bayes' rule for parameters: p(θ | D) = p(D | θ) p(θ) / sum_θ p(D | θ) p(θ)")
    grid = [round(0.1 * k, 1) for k in range(11)]
    prior = Table.uniform({"θ": grid})
    flips = ["H", "H", "T", "H"]
    names = [f"D{i + 1}" for i in range(len(flips))]

    def likelihood_of(θ: float, **data: str) -> float:
        heads = sum(value == "H" for value in data.values())
        return θ**heads * (1 - θ) ** (len(data) - heads)

    likelihood = Table.from_function(
        lambda θ, **data: likelihood_of(θ, **data),
        states={"θ": grid, **{n: ["H", "T"] for n in names}},
        given="θ",
    )
    posterior = bayes(prior, likelihood, evidence=dict(zip(names, flips)))
    say(f"   prior: uniform over θ in {grid}; data D = {flips}")
    say(repr(posterior.marginal("θ")))
    weights = np.array([likelihood_of(θ, **dict(zip(names, flips))) for θ in grid])
    by_hand = weights / weights.sum()
    check(
        np.allclose([float(posterior.p(θ=θ)) for θ in grid], by_hand, atol=1e-12),
        "posterior = likelihood × prior / evidence, by hand",
        say,
    )
    one_flip = Table.from_function(
        lambda θ, D: θ if D == "H" else 1 - θ, states={"θ": grid, "D": ["H", "T"]}, given="θ"
    )
    sequential = bayes_sequential(prior, one_flip, [{"D": flip} for flip in flips])
    check(
        np.allclose([float(sequential.p(θ=θ)) for θ in grid], by_hand, atol=1e-12),
        "updating one flip at a time gives the same posterior",
        say,
    )
    best = grid[int(np.argmax(weights))]
    say(
        f"   maximum likelihood on the grid: θ = {best}; posterior mean: {float(np.dot(grid, by_hand)):.4f}"
    )


def _notes_model_exact() -> Factorization:
    pz = Table.from_dict({0: F(7, 10), 1: F(3, 10)}, variables="z")
    py = Table.from_dict({0: F(2, 5), 1: F(3, 5)}, variables="y")
    px = Table.from_array(
        [[[F(9, 10), F(1, 10)], [F(1, 2), F(1, 2)]], [[F(3, 10), F(7, 10)], [F(1, 20), F(19, 20)]]],
        states={"y": [0, 1], "z": [0, 1], "x": [0, 1]},
        given=("y", "z"),
    )
    return Factorization.parse("p(z)p(y)p(x|y,z)").with_tables([pz, py, px])


def exact_numbers(say: Say = print) -> None:
    """Exact fractions: a fair die, a loaded coin, and the notes' y ⊥ z with no tolerance at all."""
    say("== Exact numbers: probabilities as fractions, checks with no tolerance")
    die = Table.uniform({"die": range(1, 7)}, exact=True)
    even = die.p(die=[2, 4, 6])
    check(even == F(1, 2), f"a fair die: p(die even) = 3 · 1/6 = {even}", say)
    coin = Table.from_dict({"H": F(2, 3), "T": F(1, 3)}, variables="coin")
    both = die * coin
    say(repr(both.condition(coin="T").marginal("die")))
    six_heads = both.p(die=6, coin="H")
    check(
        six_heads == F(1, 9), f"a loaded coin and a die: p(die=6, coin=H) = 1/6 · 2/3 = {six_heads}", say
    )
    joint = _notes_model_exact().joint()
    check(joint.independent("y", "z"), "p(z)p(y)p(x | y, z) with rational tables: y ⊥ z exactly", say)
    check(not joint.independent("y", "z", given="x"), "and exactly not y ⊥ z | x", say)
    check(joint.satisfies("p(z)p(y)p(x|y,z)"), "the joint factorizes exactly (no atol anywhere)", say)


def exact_bayes(say: Say = print) -> None:
    """Bayes' rule on a θ grid of fractions: the posterior is exact."""
    say("== Bayes' rule with exact numbers: p(θ | D) on the grid θ in {0, 1/4, 1/2, 3/4, 1}")
    grid = [F(k, 4) for k in range(5)]
    prior = Table.uniform({"θ": grid}, exact=True)
    flips = ["H", "H", "T"]
    names = [f"D{i + 1}" for i in range(len(flips))]

    def likelihood_of(θ: F, **data: str) -> F:
        heads = sum(value == "H" for value in data.values())
        return θ**heads * (1 - θ) ** (len(data) - heads)

    likelihood = Table.from_function(
        lambda θ, **data: likelihood_of(θ, **data),
        states={"θ": grid, **{n: ["H", "T"] for n in names}},
        given="θ",
    )
    posterior = bayes(prior, likelihood, evidence=dict(zip(names, flips)))
    say(repr(posterior))
    weights = [likelihood_of(θ, **dict(zip(names, flips))) for θ in grid]
    by_hand = [w / sum(weights) for w in weights]
    check(
        [posterior.p(θ=θ) for θ in grid] == by_hand,
        f"posterior = θ²(1 - θ) / Σ_θ θ²(1 - θ), exactly: {', '.join(map(str, by_hand))}",
        say,
    )


def derivations(say: Say = print) -> None:
    """The notes' worked example as a derivation: y ⊥ z in p(z)p(y)p(x | y, z), step by step."""
    say("== Show the work: the notes' proof that y ⊥ z in p(z)p(y)p(x | y, z)")
    model = _notes_model_exact()
    proof = model.derive("y ⊥ z")
    say(str(proof))
    check(
        [step.text for step in proof.steps[1:]]
        == ["Σ_x p(z)p(y)p(x | y, z)", "p(z)p(y) Σ_x p(x | y, z)", "p(z)p(y)"],
        "p(y, z) = Σ_x p(z)p(y)p(x | y, z) = p(z)p(y) Σ_x p(x | y, z) = p(z)p(y), hence y ⊥ z",
        say,
    )
    check(proof.verify(), "every line equals the one before, on the model's exact tables", say)
    no = model.derive("y ⊥ z | x")
    say(str(no))
    check(
        no.holds is False,
        "y ⊥ z | x does not follow: the derivation stops and shows the active trail",
        say,
    )
    query = model.derive("p(x | y=1)", values=True)
    say(str(query))
    check(query.verify(), "p(x | y=1), step by step, each line with its numbers", say)


STEPS: tuple[Callable[[Say], None], ...] = (
    notation,
    sum_rule,
    chain_rule,
    chain_rule_four,
    independence_model,
    structures,
    asia,
    diagnosis,
    sensitivity_analysis,
    bayes_rule,
    bayes_parameters,
    exact_numbers,
    exact_bayes,
    derivations,
)


def run(say: Say = print) -> None:
    """Run every step of the tour, printing as it goes."""
    for step in STEPS:
        step(say)
        say("")
    say(f"All {len(STEPS)} steps of the tour checked their claims.")
