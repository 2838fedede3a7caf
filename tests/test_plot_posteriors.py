"""plot_posteriors: one panel per variable, prior and posterior bars at the probabilities of the joint."""

from __future__ import annotations

import re

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import probtables as pt  # noqa: E402
from probtables.errors import PlotError, UnknownVariableError  # noqa: E402
from probtables.plot import plot_posteriors  # noqa: E402

EVIDENCE = {"xray": "yes", "dysp": "yes"}


@pytest.fixture(scope="module")
def asia():
    return pt.examples.load("asia")


def test_bar_heights_are_the_prior_and_posterior_of_the_joint(asia):
    joint = asia.joint()  # 256 rows: the brute-force answer
    variables = ["tub", "lung", "bronc", "smoke", "either"]
    fig = plot_posteriors(asia.posteriors(EVIDENCE), priors=asia.posteriors(), variables=variables)
    try:
        assert [ax.get_title() for ax in fig.axes] == variables
        for ax, name in zip(fig.axes, variables):
            prior, posterior = ax.containers
            states = list(asia.term(name).table.states[name])
            assert [t.get_text() for t in ax.get_xticklabels()] == states
            expected_prior = [joint.p(**{name: s}) for s in states]
            total = joint.p(**EVIDENCE)
            expected_post = [joint.p(**{name: s}, **EVIDENCE) / total for s in states]
            np.testing.assert_allclose([b.get_height() for b in prior], expected_prior, atol=1e-12)
            np.testing.assert_allclose([b.get_height() for b in posterior], expected_post, atol=1e-12)
            # side by side: the prior's bar left of the posterior's, for every state
            assert all(a.get_x() < b.get_x() for a, b in zip(prior, posterior))
        legend = fig.axes[0].get_legend()
        assert [t.get_text() for t in legend.get_texts()] == ["prior", "posterior"]
        assert all(ax.get_legend() is None for ax in fig.axes[1:])
        assert fig.get_suptitle() == "given xray=yes, dysp=yes"
    finally:
        plt.close(fig)


def test_without_priors_draws_the_posteriors_alone_and_every_variable_by_default(asia):
    post = asia.posteriors({"smoke": "yes"})
    fig = plot_posteriors(post, columns=3)
    try:
        assert [ax.get_title() for ax in fig.axes] == list(post)
        assert all(len(ax.containers) == 1 for ax in fig.axes)
        assert fig.axes[0].get_subplotspec().get_gridspec().get_geometry() == (3, 3)  # 8 of 9 cells
        heights = [b.get_height() for b in fig.axes[list(post).index("lung")].containers[0]]
        np.testing.assert_allclose(heights, post.probabilities("lung"), atol=1e-15)
    finally:
        plt.close(fig)


def test_bad_requests_are_refused_by_name(asia):
    post = asia.posteriors(EVIDENCE)
    names = ", ".join(map(repr, post))
    message = f"plot_posteriors(): no posterior of 'lugn'; there are posteriors of {names}. Did you mean 'lung'?"
    with pytest.raises(UnknownVariableError, match=re.escape(message)):
        plot_posteriors(post, variables=["lugn"])
    with pytest.raises(
        UnknownVariableError,
        match=re.escape("plot_posteriors(): no prior of 'lung'; there are priors of 'tub'."),
    ):
        plot_posteriors(post, variables=["lung"], priors={"tub": asia.query("p(tub)")})
    with pytest.raises(PlotError, match=re.escape("plot_posteriors(): no variable to draw.")):
        plot_posteriors(post, variables=[])
    with pytest.raises(
        PlotError, match=re.escape("plot_posteriors(): columns must be at least 1, got 0.")
    ):
        plot_posteriors(post, columns=0)
