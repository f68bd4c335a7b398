"""The observation model: source offsets, and the error size integrated out against numerical quadrature."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from simulator import observation_model as om
from simulator.parameters import ModelParameters

A, B = om.SIGMA_PRIOR


def log_variance_grid() -> tuple[np.ndarray, np.ndarray]:
    """sigma^2 on a log grid wide enough for every residual below, and the weights of d(sigma^2) on it."""
    log_v = np.linspace(np.log(1e-9), np.log(10.0), 200_001)
    v = np.exp(log_v)
    return v, v * np.gradient(log_v)


def marginal_by_quadrature(resid: np.ndarray) -> float:
    """ln of the integral over sigma^2 of prod_i N(r_i; 0, sigma^2) times the inverse-gamma(a, b) prior."""
    v, dv = log_variance_grid()
    n, total = resid.size, float(np.sum(resid ** 2))
    log_f = (-0.5 * n * np.log(2 * np.pi * v) - total / (2 * v)
             + A * np.log(B) - math.lgamma(A) - (A + 1) * np.log(v) - B / v)
    peak = log_f.max()
    return float(peak + np.log(np.sum(np.exp(log_f - peak) * dv)))


RESIDUALS = [np.array([0.01, -0.02, 0.03, 0.0, -0.01, 0.02]), np.array([0.2, -0.02, 0.03, 0.0, -0.01, 0.02]),
             np.zeros(6), np.full(6, 0.05)]


def test_the_likelihood_is_the_normal_integrated_over_the_inverse_gamma_prior() -> None:
    """Up to a constant of n only: ln L(r) minus the quadrature's ln integral is the same for every r, the
    normalising constant ln Gamma(a + n/2) - ln Gamma(a) + a ln b - (n/2) ln(2 pi) the module leaves out."""
    n = RESIDUALS[0].size
    constant = math.lgamma(A + n / 2) - math.lgamma(A) + A * math.log(B) - n / 2 * math.log(2 * math.pi)
    for r in RESIDUALS:
        assert_allclose(marginal_by_quadrature(r) - float(om.log_likelihood(r[None, :])[0]), constant, atol=1e-6)


def test_the_error_size_is_the_posterior_mean_of_sigma_squared() -> None:
    v, dv = log_variance_grid()
    for r in RESIDUALS:
        n, total = r.size, float(np.sum(r ** 2))
        log_post = -(A + 1 + 0.5 * n) * np.log(v) - (B + 0.5 * total) / v
        post = np.exp(log_post - log_post.max()) * dv
        mean_v = float(np.sum(v * post) / np.sum(post))
        assert_allclose(om.sigma(r[None, :])[0], np.sqrt(mean_v), rtol=1e-6)


def test_the_prior_sigma_is_the_root_mean_of_the_prior() -> None:
    assert_allclose(om.PRIOR_SIGMA, np.sqrt(B / (A - 1)), rtol=1e-12)
    assert 0.035 < om.PRIOR_SIGMA < 0.04  # the 3.7% the docstrings quote
    # With no rows the posterior is the prior.
    assert_allclose(om.sigma(np.zeros((1, 0))), om.PRIOR_SIGMA, rtol=1e-12)


def test_one_count_missed_badly_costs_less_than_under_a_fixed_error() -> None:
    """A Student-t in the residuals: the loss from one outlier grows like a log, not like its square."""
    def loss(miss: float) -> float:
        resid = np.zeros((1, 6))
        resid[0, 0] = miss
        return float(om.log_likelihood(np.zeros((1, 6)))[0] - om.log_likelihood(resid)[0])

    def fixed(miss: float) -> float:  # a normal with sigma fixed at the prior's root-mean size
        return miss ** 2 / (2 * om.PRIOR_SIGMA ** 2)

    assert 0 < loss(0.3) < 0.6 * fixed(0.3)  # measured: about half
    assert loss(0.6) - loss(0.3) < 0.25 * (fixed(0.6) - fixed(0.3))


def test_likelihood_is_highest_at_zero_residuals_and_even_in_them() -> None:
    rng = np.random.default_rng(3)
    resid = rng.normal(0, 0.05, size=(50, 6))
    ll = om.log_likelihood(resid)
    assert np.all(ll < om.log_likelihood(np.zeros((1, 6)))[0])
    assert_allclose(om.log_likelihood(-resid), ll, rtol=1e-12)
    assert om.log_likelihood(resid).shape == (50,)


def test_offsets_are_zero_for_the_ministries_and_the_platform_offset_for_platforms() -> None:
    definitions = np.array(["ministry_count", "platform_data", "ministry_count"])
    assert_allclose(om.offsets(ModelParameters(platform_offset=0.07), definitions), [0.0, 0.07, 0.0])
    draws = ModelParameters(platform_offset=np.array([0.0, 0.03, 0.1]))
    got = om.offsets(draws, definitions)
    assert got.shape == (3, 3)
    assert_allclose(got[:, 1], [0.0, 0.03, 0.1]) and np.all(got[:, [0, 2]] == 0.0)
    assert om.offsets(ModelParameters(), np.array([], dtype=object)).shape == (0,)


def test_an_unfitted_definition_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"^observation model: definition 'bps_survey' is not fitted; fitted are "
                                         r"ministry_count, platform_data$"):
        om.offsets(ModelParameters(), np.array(["ministry_count", "bps_survey"]))


def test_residuals_are_log_ratios_less_the_offset() -> None:
    predicted = np.array([[10e6, 12e6], [0.0, 12e6]])
    observed = np.array([11e6, 12e6])
    offset = np.array([0.0, 0.05])
    resid = om.residuals(predicted, observed, offset)
    assert_allclose(resid[0], [np.log(1.1), -0.05], rtol=1e-12)
    assert_allclose(resid[1, 0], np.log(11e6), rtol=1e-12)  # a zero prediction is floored at one UMKM
    # A platform tally exactly platform_offset above the count has a zero residual.
    assert_allclose(om.residuals(np.array([12e6]), np.array([12e6 * np.exp(0.05)]), np.array([0.05])), 0.0,
                    atol=1e-15)


def test_fitted_rows_are_those_marked_use_with_a_definition() -> None:
    frame = pd.DataFrame({"value": [1.0, 2.0, 3.0], "use": [True, False, True]})
    rows = om.fitted(frame)
    assert rows["value"].tolist() == [1.0, 3.0]
    assert rows["definition"].tolist() == ["ministry_count", "ministry_count"]  # the default definition
    kept = om.fitted(frame.assign(definition=["platform_data", "x", "ministry_count"]))
    assert kept["definition"].tolist() == ["platform_data", "ministry_count"]
