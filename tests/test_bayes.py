r"""Tests of Bayes' rule, p(θ | D) = p(D | θ) p(θ) / Σ_θ p(D | θ) p(θ), on a coin.

θ is the probability of heads on the grid {0, 0.1, ..., 1}; the flips D1, D2, D3
are i.i.d. given θ, each with its own likelihood table p(Di | θ) (1 = heads).
Expected posteriors are computed by hand with numpy.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import probtables as pt
from probtables.errors import NotAJointError, ZeroProbabilityError

GRID = [round(0.1 * i, 1) for i in range(11)]
THETA = np.array(GRID)
# a non-uniform prior: weights 1, 2, ..., 6, ..., 2, 1 (peaked at 0.5), by hand
PRIOR_WEIGHTS = np.array([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1], dtype=float)
PRIOR = PRIOR_WEIGHTS / PRIOR_WEIGHTS.sum()


def prior_table() -> pt.Table:
    return pt.Table.from_array(PRIOR, states={"theta": GRID})


def flip_likelihood(name: str) -> pt.Table:
    """p(name | theta): Bernoulli(theta)."""
    return pt.Table.from_function(
        lambda theta, **flip: theta if flip[name] == 1 else 1 - theta,
        states={"theta": GRID, name: [0, 1]},
        given="theta",
    )


def hand_posterior(flips: list[int], prior: np.ndarray = PRIOR) -> np.ndarray:
    """Prior times the product of Bernoulli terms θ^d (1 - θ)^(1 - d), normalized."""
    likelihood = np.ones_like(THETA)
    for d in flips:
        likelihood = likelihood * (THETA if d == 1 else 1 - THETA)
    unnormalized = likelihood * prior
    return unnormalized / unnormalized.sum()


def posterior_array(table: pt.Table) -> np.ndarray:
    return np.array([table.p(theta=t) for t in GRID])


def test_likelihood_tables_are_bernoulli():
    lik = flip_likelihood("D1")
    assert lik.notation == "p(D1 | theta)"
    for t in GRID:
        assert lik.p(D1=1, theta=t) == pytest.approx(t, abs=1e-15)
        assert lik.p(D1=0, theta=t) == pytest.approx(1 - t, abs=1e-15)


def test_one_flip_by_hand():
    posterior = pt.bayes(prior_table(), flip_likelihood("D1"), evidence={"D1": 1})
    assert posterior.notation == "p(theta | D1=1)"
    # by hand: p(θ | heads) = θ p(θ) / Σ θ p(θ); Σ θ p(θ) = 0.5 by symmetry of the prior
    expected = THETA * PRIOR / 0.5
    np.testing.assert_allclose(posterior_array(posterior), expected, atol=1e-14, rtol=0)
    assert posterior.p(theta=0.0) == 0.0


def test_several_flips_all_at_once():
    flips = {"D1": 1, "D2": 1, "D3": 0}
    likelihood = flip_likelihood("D1") * flip_likelihood("D2") * flip_likelihood("D3")
    assert likelihood.notation == "p(D1, D2, D3 | theta)"
    posterior = pt.bayes(prior_table(), likelihood, evidence=flips)
    assert posterior.notation == "p(theta | D1=1, D2=1, D3=0)"
    np.testing.assert_allclose(posterior_array(posterior), hand_posterior([1, 1, 0]), atol=1e-14, rtol=0)
    # both ends of the grid are ruled out: θ=0 cannot give heads, θ=1 cannot give tails
    assert posterior.p(theta=0.0) == 0.0 and posterior.p(theta=1.0) == 0.0


def test_partial_evidence_sums_out_unobserved_flips():
    likelihood = flip_likelihood("D1") * flip_likelihood("D2")
    posterior = pt.bayes(prior_table(), likelihood, evidence={"D2": 0})
    assert posterior.variables == ("theta",)
    np.testing.assert_allclose(posterior_array(posterior), hand_posterior([0]), atol=1e-14, rtol=0)


def test_one_at_a_time_equals_all_at_once():
    all_at_once = pt.bayes(
        prior_table(),
        flip_likelihood("D1") * flip_likelihood("D2") * flip_likelihood("D3"),
        evidence={"D1": 1, "D2": 1, "D3": 0},
    )
    step = pt.bayes(prior_table(), flip_likelihood("D1"), evidence={"D1": 1})
    step = pt.bayes(step, flip_likelihood("D2"), evidence={"D2": 1})
    step = pt.bayes(step, flip_likelihood("D3"), evidence={"D3": 0})
    assert step.notation == "p(theta | D1=1, D2=1, D3=0)"
    assert step.equals(all_at_once, atol=1e-14)
    # the order of the observations does not matter either
    other = pt.bayes(prior_table(), flip_likelihood("D3"), evidence={"D3": 0})
    other = pt.bayes(other, flip_likelihood("D1"), evidence={"D1": 1})
    other = pt.bayes(other, flip_likelihood("D2"), evidence={"D2": 1})
    assert other.equals(all_at_once, atol=1e-14)


def test_bayes_sequential_equals_all_at_once():
    flips = [1, 0, 1, 1, 0, 1]
    sequential = pt.bayes_sequential(prior_table(), flip_likelihood("D1"), [{"D1": d} for d in flips])
    # a posterior, and says so: each observation of D1 numbered behind the bar
    assert sequential.notation == "p(theta | D1_1=1, D1_2=0, D1_3=1, D1_4=1, D1_5=0, D1_6=1)"
    np.testing.assert_allclose(posterior_array(sequential), hand_posterior(flips), atol=1e-13, rtol=0)
    names = [f"D{i}" for i in range(1, 7)]
    likelihood = flip_likelihood(names[0])
    for name in names[1:]:
        likelihood = likelihood * flip_likelihood(name)
    at_once = pt.bayes(prior_table(), likelihood, evidence=dict(zip(names, flips)))
    np.testing.assert_allclose(posterior_array(sequential), posterior_array(at_once), atol=1e-13, rtol=0)


def test_bayes_sequential_labels_the_posterior_and_numbers_on():
    flips = [1, 1, 0]
    first = pt.bayes_sequential(prior_table(), flip_likelihood("D"), [{"D": d} for d in flips[:2]])
    assert first.notation == "p(theta | D1=1, D2=1)"
    assert first.evidence == {"D1": 1, "D2": 1}
    # updating the posterior again numbers on: the third flip is D3
    again = pt.bayes_sequential(first, flip_likelihood("D"), [{"D": flips[2]}])
    assert again.notation == "p(theta | D1=1, D2=1, D3=0)"
    np.testing.assert_allclose(posterior_array(again), hand_posterior(flips), atol=1e-13, rtol=0)
    # the label is notation that parses back to the same term
    from probtables.notation import parse_term

    assert str(parse_term(again.notation)) == again.notation


def test_bayes_sequential_with_no_observation_is_the_prior():
    assert pt.bayes_sequential(prior_table(), flip_likelihood("D1"), []).equals(prior_table())


def test_full_conditional_posterior():
    likelihood = flip_likelihood("D1") * flip_likelihood("D2")
    posterior = pt.bayes(prior_table(), likelihood)
    assert posterior.head == ("theta",) and set(posterior.given) == {"D1", "D2"}
    assert posterior.equals((likelihood * prior_table()).condition("D1", "D2"), atol=1e-15)
    for d1 in (0, 1):
        for d2 in (0, 1):
            got = np.array([posterior.p(theta=t, D1=d1, D2=d2) for t in GRID])
            np.testing.assert_allclose(got, hand_posterior([d1, d2]), atol=1e-14, rtol=0)


def test_bayes_with_a_two_state_hypothesis():
    # the classic test: p(sick) = 0.01, sensitivity 0.9, false positive rate 0.05
    prior = pt.Table.from_dict({"sick": 0.01, "well": 0.99}, variables="h")
    test = pt.Table.from_dict(
        {("sick", "+"): 0.9, ("sick", "-"): 0.1, ("well", "+"): 0.05, ("well", "-"): 0.95},
        variables=("h", "t"),
        given="h",
    )
    posterior = pt.bayes(prior, test, evidence={"t": "+"})
    # by hand: 0.009 / (0.009 + 0.0495)
    assert posterior.p(h="sick") == pytest.approx(0.009 / 0.0585, abs=1e-15)


def test_zero_probability_evidence_raises():
    # the prior is sure the coin never lands heads (θ = 0); observing heads is impossible
    prior = pt.Table.from_dict({0.0: 1.0}, variables="theta", states={"theta": GRID})
    with pytest.raises(
        ZeroProbabilityError,
        match="^"
        + re.escape(
            "condition(): the event D1=1 has probability zero in p(D1, theta); cannot condition on it."
        )
        + "$",
    ):
        pt.bayes(prior, flip_likelihood("D1"), evidence={"D1": 1})


def test_zero_probability_evidence_raises_in_sequential_updating():
    prior = pt.Table.from_dict({1.0: 1.0}, variables="theta", states={"theta": GRID})
    with pytest.raises(ZeroProbabilityError):
        pt.bayes_sequential(prior, flip_likelihood("D1"), [{"D1": 1}, {"D1": 0}])


def test_likelihood_must_be_conditioned_on_the_prior():
    wrong = pt.Table.from_array([0.5, 0.5], states={"D1": [0, 1]})
    with pytest.raises(
        NotAJointError,
        match="^"
        + re.escape(
            "bayes(): the likelihood p(D1) must be conditioned on exactly the prior's variables ('theta',) "
            "(it is conditioned on ())."
        )
        + "$",
    ):
        pt.bayes(prior_table(), wrong)


def test_bayes_on_a_posterior_that_already_observed_the_variable_points_to_sequential():
    grid = [0.2, 0.8]
    prior = pt.Table.uniform({"t": grid})
    lik = pt.Table.from_function(
        lambda t, D: t if D == 1 else 1 - t, states={"t": grid, "D": [0, 1]}, given="t"
    )
    first = pt.bayes(prior, lik, evidence={"D": 1})
    message = (
        "bayes(): the prior p(t | D=1) has already observed 'D'; a new observation of the same variable is "
        "another draw: use bayes_sequential(prior, likelihood, observations), or give each observation its "
        "own variable (D1, D2, ...)."
    )
    with pytest.raises(NotAJointError, match=re.escape(message)):
        pt.bayes(first, lik, evidence={"D": 0})


# ---------------------------------------------------------------- Bayes with an event as evidence


def test_bayes_with_an_event_sums_the_data_out():
    prior = pt.Table.from_dict({"a": 0.3, "b": 0.7}, variables="th")
    likelihood = pt.Table.from_dict(
        {("a", 0): 0.9, ("a", 1): 0.1, ("a", 2): 0.0, ("b", 0): 0.4, ("b", 1): 0.5, ("b", 2): 0.1},
        variables=("th", "D"),
        given="th",
    )
    posterior = pt.bayes(prior, likelihood, evidence={"D": [1, 2]})
    # p(D in {1, 2} | a) = 0.1, p(D in {1, 2} | b) = 0.6; p(a | D in {1, 2}) = 0.03 / (0.03 + 0.42)
    assert posterior.variables == ("th",)
    assert posterior.notation == "p(th | D={1, 2})"
    assert posterior.p(th="a") == pytest.approx(0.03 / 0.45, abs=1e-15)
    assert posterior.p(th="b") == pytest.approx(0.42 / 0.45, abs=1e-15)
