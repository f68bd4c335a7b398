"""The engine against the Bass closed form, and its invariants across the plausible parameter space."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from numpy.testing import assert_allclose

from simulator import timeline
from simulator.model import ENGINES, MONTH, PATH_PRICED, LeverPaths, Trajectory, bass_cumulative, path_spend, simulate
from simulator.parameters import LEVER_SPECS, PARAMETERS, ModelParameters

N_MONTHS = 132  # 2020-01 to 2030-12, the default horizon
LEVER_MAXIMA = {
    "training_per_year": LEVER_SPECS["training_per_year"].maximum,
    "villages_per_year": LEVER_SPECS["infrastructure_villages_per_year"].maximum,
    "financing_idr_per_year": LEVER_SPECS["financing_idr_per_year"].maximum,
}
TRAJECTORY_FIELDS = [f.name for f in dataclasses.fields(Trajectory)]
STATUS_QUO_PACE = {
    "training_per_year": LEVER_SPECS["training_per_year"].status_quo,
    "villages_per_year": LEVER_SPECS["infrastructure_villages_per_year"].status_quo,
    "financing_idr_per_year": LEVER_SPECS["financing_idr_per_year"].status_quo,
}


def constant_levers(n_months: int, **values: float | np.ndarray) -> LeverPaths:
    """Lever paths constant over ``n_months``; unspecified levers run at the status-quo pace.

    A value may be an array (shaped like the batch) to get lever settings shaped ``(*batch, months)``.
    """
    merged = {**STATUS_QUO_PACE, **values}
    batch = np.broadcast_shapes(*(np.shape(v) for v in merged.values()))
    return LeverPaths(**{key: np.broadcast_to(np.asarray(value, dtype=float)[..., None], (*batch, n_months))
                         for key, value in merged.items()})


def levers_off(n_months: int) -> LeverPaths:
    """No training, no new villages, no financing."""
    return constant_levers(n_months, training_per_year=0.0, villages_per_year=0.0, financing_idr_per_year=0.0)


def plausible_draws(n: int, *, seed: int) -> ModelParameters:
    """``n`` parameter sets drawn uniformly within each parameter's plausible range, shaped ``(n,)``."""
    rng = np.random.default_rng(seed)
    values = {spec.name: rng.uniform(*spec.plausible, size=n) for spec in PARAMETERS}
    values["connected_share_max"] = np.maximum(values["connected_share_max"], values["connected_share_2020"])
    potential_2020 = values["umkm_2019"] * values["connected_share_2020"] * values["ready_share_2020"]
    values["adopters_2020"] = np.minimum(values["adopters_2020"], 0.95 * potential_2020)
    return ModelParameters(**values)


def constant_potential(**changes: float) -> ModelParameters:
    """Levers aside, a fixed pool and plain Bass diffusion: no UMKM growth, no connectivity or readiness trend,
    no drop-out, no national campaign."""
    base = ModelParameters()
    return base.replace(**{"umkm_growth": 0.0, "connected_share_rate": 0.0, "ready_share_trend": 0.0,
                           "connected_share_max": base.connected_share_2020, "dropout_rate": 0.0,
                           "campaign_pace": 0.0, **changes})


# --- Bass closed form ---------------------------------------------------------------------------------------

BASS_CASES = [(0.03, 0.38), (0.04289, 0.6268), (0.01, 0.3), (0.12, 0.9), (0.5, 0.2)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("innovation", "imitation"), BASS_CASES)
def test_matches_bass_closed_form(innovation: float, imitation: float, engine: str) -> None:
    parameters = constant_potential(innovation=innovation, imitation=imitation, adopters_2020=0.0)
    trajectory = simulate(parameters, levers_off(240), engine=engine)
    potential = trajectory.market_potential
    assert_allclose(potential, potential[0], rtol=1e-12)  # the set-up really holds the market fixed
    expected = bass_cumulative(timeline.end_times(240), innovation=innovation, imitation=imitation) * potential
    assert_allclose(trajectory.n_adopters, expected, rtol=5e-3)  # the tolerance
    # One RK4 step per month is far better than that: measured max relative error 6.5e-8 at the registry values.
    assert_allclose(trajectory.n_adopters, expected, rtol=1e-6)


@pytest.mark.parametrize(("innovation", "imitation"), BASS_CASES)
def test_monthly_flows_match_bass_closed_form(innovation: float, imitation: float) -> None:
    parameters = constant_potential(innovation=innovation, imitation=imitation, adopters_2020=0.0)
    trajectory = simulate(parameters, levers_off(240))
    edges = np.arange(241) * MONTH
    cumulative = bass_cumulative(edges, innovation=innovation, imitation=imitation) * trajectory.market_potential[0]
    assert_allclose(trajectory.new_adopters, np.diff(cumulative), rtol=1e-5)
    assert_allclose(trajectory.new_dropouts, 0.0, atol=0.0)


@pytest.mark.parametrize(("innovation", "imitation"), [(0.03, 0.38), (0.04289, 0.6268), (0.01, 0.5)])
def test_peak_of_new_adopters_is_at_ln_q_over_p_over_p_plus_q(innovation: float, imitation: float) -> None:
    parameters = constant_potential(innovation=innovation, imitation=imitation, adopters_2020=0.0)
    trajectory = simulate(parameters, levers_off(360))
    flows = trajectory.new_adopters
    k = int(np.argmax(flows))
    assert 0 < k < flows.size - 1
    # Vertex of the parabola through the largest monthly flow and its neighbours (flows sit at mid-month).
    left, mid, right = flows[k - 1:k + 2]
    offset = 0.5 * (left - right) / (left - 2.0 * mid + right)
    peak = (k + 0.5 + offset) * MONTH
    expected = np.log(imitation / innovation) / (innovation + imitation)
    assert abs(peak - expected) < 0.01  # years (under four days)


def test_bass_cumulative_runs_from_zero_to_one() -> None:
    values = bass_cumulative(np.array([0.0, 1.0, 10.0, 200.0]), innovation=0.03, imitation=0.38)
    assert_allclose(values[[0, -1]], [0.0, 1.0], atol=1e-12)
    assert np.all(np.diff(values) > 0)


def campaign_integral(t: np.ndarray, *, start: float, ramp: float, fade_start: float, fade_rate: float
                      ) -> np.ndarray:
    """Closed form of G(t) = int_0^t g(s) ds [years] for a campaign whose ramp ends before its fade begins."""
    assert fade_start >= start + ramp
    rising = np.clip(t - start, 0.0, ramp)
    full = np.clip(t - start - ramp, 0.0, fade_start - start - ramp)
    fading = np.maximum(t - fade_start, 0.0)
    faded = -np.expm1(-fade_rate * fading) / fade_rate if fade_rate > 0 else fading
    return rising ** 2 / (2.0 * ramp) + full + faded


# Start, ramp, fade start [years], fade rate [per year] and pace [UMKM per year]. ALIGNED cases put the launch,
# the end of the ramp and the fade's start on month boundaries; OFF_GRID ones (the registry's first) put them
# inside a month, where the intensity's kink costs one Runge-Kutta step its order.
CAMPAIGN_ALIGNED = [(0.5, 0.5, 2.0, 0.6, 8.307e6), (1 / 3, 1.0, 4 / 3, 1.2, 14e6), (0.25, 0.25, 3.0, 0.0, 20e6)]
CAMPAIGN_OFF_GRID = [(0.37, 0.5749, 2.5, 0.6, 8.307e6), (1.0, 0.3, 3.0, 0.0, 30e6), (0.1, 1.2, 1.6, 1.2, 3e6)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("case", "rtol"), [*((c, 1e-6) for c in CAMPAIGN_ALIGNED),
                                            *((c, 1e-3) for c in CAMPAIGN_OFF_GRID)])
def test_campaign_alone_matches_its_closed_form(case: tuple[float, ...], rtol: float, engine: str) -> None:
    """With no diffusion, dO/dt = C g(t) / M (M - O) on a fixed pool, so M - O(t) = (M - O_0) e^{-C G(t) / M}."""
    start, ramp, fade_start, fade_rate, pace = case
    parameters = constant_potential(innovation=0.0, imitation=0.0, campaign_start=start, campaign_ramp=ramp,
                                    campaign_fade_start=fade_start, campaign_fade_rate=fade_rate,
                                    campaign_pace=pace)
    trajectory = simulate(parameters, levers_off(240), engine=engine)
    pool, start_count = trajectory.market_potential[0], float(parameters.adopters_2020)
    assert_allclose(trajectory.market_potential, pool, rtol=1e-12)
    integral = campaign_integral(timeline.end_times(240), start=start, ramp=ramp, fade_start=fade_start,
                                 fade_rate=fade_rate)
    expected = pool - (pool - start_count) * np.exp(-pace * integral / pool)
    # Measured: at most 2e-7 aligned, 2e-4 with the kinks inside a month (about 2,000 UMKM).
    assert_allclose(trajectory.n_adopters, expected, rtol=rtol)
    # Every onboarding is the campaign's, and none comes before its launch.
    assert_allclose(trajectory.new_from_campaign, trajectory.new_adopters, rtol=1e-12)
    before = timeline.end_times(240) <= start
    assert_allclose(trajectory.new_from_campaign[before], 0.0, atol=0.0)
    assert np.all(trajectory.new_from_campaign[~before] > 0.0)


# --- Invariants over the plausible space --------------------------------------------------------------------

def random_levers(n: int, n_months: int, *, seed: int) -> LeverPaths:
    """Per draw, each lever at a random level between 0 and its maximum, changing once at a random month."""
    rng = np.random.default_rng(seed)
    months = np.arange(n_months)
    switch = rng.integers(0, n_months, size=(n, 1))
    paths = {}
    for key, maximum in LEVER_MAXIMA.items():
        before, after = rng.uniform(0, maximum, size=(2, n, 1))
        paths[key] = np.where(months[None, :] < switch, before, after)
    return LeverPaths(**paths)


@pytest.fixture(scope="module")
def ensemble() -> tuple[ModelParameters, Trajectory]:
    """2,000 plausible parameter draws with random lever settings, to the end of the calendar (2040-12)."""
    n, n_months = 2_000, timeline.parse_month(timeline.MAX_MONTH) + 1
    parameters = plausible_draws(n, seed=20210611)
    return parameters, simulate(parameters, random_levers(n, n_months, seed=7))


def assert_bounded(trajectory: Trajectory) -> None:
    """The bounds every run keeps: onboarded never falls and never passes the largest pool so far; active
    sellers lie between zero and the onboarded; the flows are non-negative and the parts within the whole."""
    onboarded, active = trajectory.n_adopters, trajectory.n_active
    initial = trajectory.initial_adopters[..., None]
    assert np.all(np.diff(onboarded, axis=-1) >= 0.0)  # cumulative: no drop-out
    assert np.all(onboarded[..., :1] >= initial)
    # The pool can shrink (the financing gain thins as UMKM grow in number once funding stops); the onboarded
    # stay, so the bound is the largest pool reached so far (or the start, which lies within the 2020 pool).
    ceiling = np.maximum(np.maximum.accumulate(trajectory.market_potential, axis=-1), initial)
    assert np.all(onboarded <= ceiling * (1 + 1e-12))
    assert np.all(active >= 0.0)
    assert np.all(active <= onboarded * (1 + 1e-12))
    for name in ("new_adopters", "new_dropouts", "new_from_training", "new_from_campaign", "market_potential",
                 "villages_covered"):
        assert np.all(getattr(trajectory, name) >= 0.0), name
    parts = trajectory.new_from_training + trajectory.new_from_campaign
    assert np.all(parts <= trajectory.new_adopters * (1 + 1e-12) + 1e-9)
    # A month's rise is its onboardings, less whatever the cap at the pool took off.
    rise = np.diff(np.concatenate([initial, onboarded], axis=-1), axis=-1)
    assert np.all(rise <= trajectory.new_adopters * (1 + 1e-12) + 1e-6)


def test_adopters_stay_between_zero_and_market_potential(ensemble: tuple[ModelParameters, Trajectory]) -> None:
    _, trajectory = ensemble
    assert trajectory.n_adopters.shape == (2_000, 252)
    assert_bounded(trajectory)


@pytest.mark.parametrize("engine", ENGINES)
def test_any_valid_parameters_give_finite_bounded_runs(engine: str) -> None:
    """Draws across the hard bounds, a fifth of each parameter at an edge (zero shares included).

    The compiled engine ignores ``np.errstate``; its results are checked for being finite all the same.
    """
    rng = np.random.default_rng(2)
    n = 1_000
    values = {}
    for spec in PARAMETERS:
        draw = rng.uniform(*spec.bounds, size=n)
        edge = rng.random(n) < 0.2
        draw[edge] = rng.choice(spec.bounds, size=int(edge.sum()))
        values[spec.name] = draw
    values["connected_share_max"] = np.maximum(values["connected_share_max"], values["connected_share_2020"])
    potential_2020 = values["umkm_2019"] * values["connected_share_2020"] * values["ready_share_2020"]
    values["adopters_2020"] = np.minimum(values["adopters_2020"], potential_2020)
    with np.errstate(divide="raise", invalid="raise", over="raise"):  # no 0/0, overflow or NaN
        trajectory = simulate(ModelParameters(**values), random_levers(n, 252, seed=3), engine=engine)
    for name in TRAJECTORY_FIELDS:
        assert np.all(np.isfinite(getattr(trajectory, name))), name
    assert_bounded(trajectory)


# Each factor of the pool M = r (N c + phi min(u V, N (1 - c))) set to zero, with the levers that could raise it
# made powerless: a product has no lever cliff, and any zero factor empties it.
ZERO_POOLS = {
    "nobody_reachable": {"ready_share_2020": 0.0, "ready_share_trend": 0.0, "financing_max_ready_gain": 0.0},
    "nobody_connected": {"connected_share_2020": 0.0, "connected_share_max": 0.0, "umkm_per_uncovered_village": 0.0},
    "nobody_connected_and_remote_not_reachable": {"connected_share_2020": 0.0, "connected_share_max": 0.0,
                                                  "remote_ready_factor": 0.0},
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("zero", list(ZERO_POOLS))
def test_zero_market_potential_gives_zero_adopters(zero: str, engine: str) -> None:
    parameters = ModelParameters(adopters_2020=0.0, **ZERO_POOLS[zero])
    levers = constant_levers(60, **LEVER_MAXIMA)  # the campaign and every lever at full pace: nobody to reach
    with np.errstate(divide="raise", invalid="raise"):
        trajectory = simulate(parameters, levers, engine=engine)
    assert_allclose(trajectory.market_potential, 0.0, atol=0.0)
    assert_allclose(trajectory.n_adopters, 0.0, atol=0.0)
    assert_allclose(trajectory.n_active, 0.0, atol=0.0)


@pytest.mark.parametrize("remote_ready_factor", [0.0, 0.5, 1.0])
def test_pool_is_reachable_share_times_connected_and_newly_covered_umkm(remote_ready_factor: float) -> None:
    """M = r (N c + phi min(u V, N (1 - c))), rebuilt from the run's own series with c held at its 2020 value."""
    parameters = ModelParameters(connected_share_rate=0.0, remote_ready_factor=remote_ready_factor,
                                 umkm_per_uncovered_village=2_000.0)  # enough for the cap at N (1 - c) to act
    trajectory = simulate(parameters, constant_levers(N_MONTHS, villages_per_year=LEVER_MAXIMA["villages_per_year"]))
    c = parameters.connected_share_2020
    n_umkm = trajectory.n_umkm
    newly = np.minimum(parameters.umkm_per_uncovered_village * trajectory.villages_covered, n_umkm * (1.0 - c))
    assert np.any(newly == n_umkm * (1.0 - c))  # the cap is reached in this set-up
    assert_allclose(trajectory.connected_share, c + newly / n_umkm, rtol=1e-12)
    expected = trajectory.ready_share * (n_umkm * c + remote_ready_factor * newly)
    assert_allclose(trajectory.market_potential, expected, rtol=1e-12)


def test_shares_are_fractions(ensemble: tuple[ModelParameters, Trajectory]) -> None:
    _, trajectory = ensemble
    for name in ("connected_share", "ready_share"):
        share = getattr(trajectory, name)
        assert np.all((share >= 0.0) & (share <= 1.0)), name


def rebuilt_stocks(trajectory: Trajectory) -> tuple[np.ndarray, np.ndarray]:
    """Onboarded and active sellers rebuilt from the start and the monthly flows."""
    initial = trajectory.initial_adopters[..., None]
    onboarded = initial + np.cumsum(trajectory.new_adopters, axis=-1)
    active = initial + np.cumsum(trajectory.new_adopters - trajectory.new_dropouts, axis=-1)
    return onboarded, active


def test_adopters_are_conserved(ensemble: tuple[ModelParameters, Trajectory]) -> None:
    """Onboarded = initial + cumulative onboardings, active = initial + cumulative (onboardings - drop-outs),
    wherever the cap (onboarded at the pool, active within [0, onboarded]) did not act."""
    _, trajectory = ensemble
    onboarded, active = rebuilt_stocks(trajectory)
    # The cap acts only where the uncapped step would leave its bounds; then the rebuilt stock lies beyond
    # the bound. Everywhere it did not act the two agree to rounding.
    uncapped = np.all(onboarded < trajectory.market_potential * (1 - 1e-9), axis=-1)
    assert uncapped.mean() > 0.95  # the check below covers most of the ensemble
    assert_allclose(trajectory.n_adopters[uncapped], onboarded[uncapped], rtol=1e-9)
    inside = uncapped & np.all((active > 0.0) & (active < onboarded * (1 - 1e-9)), axis=-1)
    assert inside.mean() > 0.95
    assert_allclose(trajectory.n_active[inside], active[inside], rtol=1e-9)


def test_conservation_at_registry_values() -> None:
    trajectory = simulate(ModelParameters(), constant_levers(N_MONTHS))
    onboarded, active = rebuilt_stocks(trajectory)
    assert_allclose(trajectory.n_adopters, onboarded, rtol=1e-12)
    assert_allclose(trajectory.n_active, active, rtol=1e-12)
    assert np.all(trajectory.n_active < trajectory.n_adopters)  # drop-out at the registry value is not zero


def test_without_dropout_every_onboarded_umkm_stays_active() -> None:
    trajectory = simulate(ModelParameters(dropout_rate=0.0), constant_levers(N_MONTHS))
    assert_allclose(trajectory.new_dropouts, 0.0, atol=0.0)
    assert_allclose(trajectory.n_active, trajectory.n_adopters, rtol=1e-12)


def test_dropout_lowers_active_sellers_never_the_onboarded_count() -> None:
    rates = np.array([0.0, 0.05, 0.15, 0.5])
    trajectory = simulate(ModelParameters(dropout_rate=rates), constant_levers(N_MONTHS, training_per_year=0.0))
    # The target's count is unmoved (onboarding draws on the pool, not on who is still active).
    assert_allclose(trajectory.n_adopters, np.broadcast_to(trajectory.n_adopters[0], (4, N_MONTHS)), rtol=1e-12)
    assert np.all(np.diff(trajectory.n_active[:, -1]) < 0)


def test_villages_covered_never_exceed_villages_without_4g() -> None:
    n = 400
    parameters = plausible_draws(n, seed=3).replace(
        villages_without_4g=np.random.default_rng(4).uniform(0, 20_000, size=n),
        build_delay=np.random.default_rng(5).uniform(0.05, 5.0, size=n))
    trajectory = simulate(parameters, random_levers(n, 252, seed=6))
    covered = trajectory.villages_covered
    limit = np.asarray(parameters.villages_without_4g)[:, None]
    assert np.all(covered <= limit * (1 + 1e-9) + 1e-6)
    assert np.all(np.diff(covered, axis=-1) >= -1e-6)  # coverage never goes back


def test_all_villages_get_covered_at_full_pace() -> None:
    parameters = ModelParameters(build_delay=0.5)
    trajectory = simulate(parameters, constant_levers(252, villages_per_year=LEVER_MAXIMA["villages_per_year"]))
    assert_allclose(trajectory.villages_covered[-1], parameters.villages_without_4g, rtol=1e-6)


@pytest.mark.parametrize("lever", [*LEVER_MAXIMA, "all"])
def test_more_of_a_lever_never_lowers_adopters(lever: str) -> None:
    """Levels 0, 10%, ..., 100% of the maximum (and the status quo), over 150 plausible draws, every month."""
    fractions = np.linspace(0.0, 1.0, 11)
    parameters = plausible_draws(150, seed=11)
    keys = list(LEVER_MAXIMA) if lever == "all" else [lever]
    levels = {key: fractions[:, None] * LEVER_MAXIMA[key] for key in keys}  # (levels, 1) x draws (150,)
    trajectory = simulate(parameters, constant_levers(N_MONTHS, **levels))
    adopters = trajectory.n_adopters  # (levels, draws, months)
    assert adopters.shape == (11, 150, N_MONTHS)
    step = np.diff(adopters, axis=0)
    assert np.all(step >= -1e-9 * adopters[1:]), f"{lever}: worst step {step.min():.3g} UMKM"
    assert np.any(step[:, :, -1] > 1.0)  # and the lever does something somewhere


def test_more_training_strictly_helps_at_registry_values() -> None:
    levels = np.array([0.0, 0.5e6, 2e6, 5e6])
    trajectory = simulate(ModelParameters(), constant_levers(N_MONTHS, training_per_year=levels))
    assert np.all(np.diff(trajectory.n_adopters[:, -1]) > 0)


def test_a_batch_of_parameters_equals_separate_scalar_runs() -> None:
    n = 5
    batch = plausible_draws(n, seed=21)
    levers = random_levers(n, 60, seed=22)
    together = simulate(batch, levers)
    for i in range(n):
        one = ModelParameters(**{name: float(np.asarray(value)[i]) for name, value in batch.as_dict().items()})
        alone = simulate(one, LeverPaths(**{k: v[i] for k, v in dataclasses.asdict(levers).items()}))
        for name in TRAJECTORY_FIELDS:
            assert_allclose(getattr(together, name)[i], getattr(alone, name), rtol=1e-12, err_msg=name)


def test_parameters_and_levers_broadcast_to_an_outer_product() -> None:
    draws = plausible_draws(4, seed=31)
    column = draws.replace(**{k: np.asarray(v)[:, None] for k, v in draws.as_dict().items()})  # (4, 1)
    levels = np.array([0.0, 1e6, 3e6])
    grid = simulate(column, constant_levers(36, training_per_year=levels))  # (4, 3, months)
    assert grid.n_adopters.shape == (4, 3, 36)
    for j, level in enumerate(levels):
        row = simulate(draws, constant_levers(36, training_per_year=level))
        assert_allclose(grid.n_adopters[:, j], row.n_adopters, rtol=1e-12)


def test_spending_is_intensity_times_unit_cost() -> None:
    parameters = ModelParameters()
    training, villages, financing = 2e6, 3_000.0, 5e12
    trajectory = simulate(parameters, constant_levers(N_MONTHS, training_per_year=training,
                                                      villages_per_year=villages, financing_idr_per_year=financing))
    assert_allclose(trajectory.spend_training_idr, training * MONTH * parameters.training_cost_idr, rtol=1e-12)
    assert_allclose(trajectory.spend_financing_idr, financing * MONTH, rtol=1e-12)
    # Villages are funded at the chosen pace until every village without 4G is built or being built.
    months_of_funding = parameters.villages_without_4g / villages * 12  # 50.2 months
    full = int(np.floor(months_of_funding))
    assert_allclose(trajectory.spend_infrastructure_idr[:full], villages * MONTH * parameters.village_cost_idr,
                    rtol=1e-12)
    assert_allclose(trajectory.spend_infrastructure_idr[full + 1:], 0.0, atol=1.0)  # rounding residue [rupiah]
    assert_allclose(trajectory.spend_infrastructure_idr.sum(), parameters.villages_without_4g
                    * parameters.village_cost_idr, rtol=1e-12)
    assert_allclose(trajectory.spend_idr, trajectory.spend_training_idr + trajectory.spend_infrastructure_idr
                    + trajectory.spend_financing_idr, rtol=0)


def test_dropouts_without_inflow_decay_exponentially() -> None:
    parameters = constant_potential(innovation=1e-9, imitation=0.0, adopters_2020=5e6).replace(dropout_rate=0.1)
    trajectory = simulate(parameters, levers_off(120))
    expected = 5e6 * np.exp(-0.1 * timeline.end_times(120))
    assert_allclose(trajectory.n_active, expected, rtol=1e-5)
    assert_allclose(trajectory.n_adopters, 5e6, rtol=1e-7)  # dormant sellers stay counted as onboarded


def test_negative_or_mismatched_lever_paths_are_rejected() -> None:
    good = levers_off(12)
    with pytest.raises(ValueError, match="non-negative"):
        simulate(ModelParameters(), dataclasses.replace(good, training_per_year=np.full(12, -1.0)))
    with pytest.raises(ValueError, match="same number of months"):
        simulate(ModelParameters(), dataclasses.replace(good, villages_per_year=np.zeros(11)))


# --- The compiled kernel against the numpy reference -----------------------------------------------------------

def assert_same_trajectory(compiled: Trajectory, reference: Trajectory) -> None:
    for name in TRAJECTORY_FIELDS:
        a, b = getattr(compiled, name), getattr(reference, name)
        assert a.shape == b.shape, name
        # Relative to each series' scale: monthly flows pass through zero, where a relative test means nothing.
        assert_allclose(a, b, rtol=1e-12, atol=1e-12 * max(1.0, float(np.max(np.abs(b)))), err_msg=name)


def test_compiled_engine_equals_numpy_engine_across_plausible_draws() -> None:
    """2,000 plausible draws with random lever paths that switch mid-run, to 2040-12."""
    n, n_months = 2_000, timeline.parse_month(timeline.MAX_MONTH) + 1
    parameters, levers = plausible_draws(n, seed=41), random_levers(n, n_months, seed=42)
    assert_same_trajectory(simulate(parameters, levers), simulate(parameters, levers, engine="numpy"))


def test_compiled_engine_equals_numpy_engine_at_the_edges_of_the_bounds() -> None:
    rng = np.random.default_rng(43)
    values = {spec.name: rng.choice(spec.bounds, size=500) for spec in PARAMETERS}
    values["connected_share_max"] = np.maximum(values["connected_share_max"], values["connected_share_2020"])
    values["adopters_2020"] = np.minimum(values["adopters_2020"], values["umkm_2019"]
                                         * values["connected_share_2020"] * values["ready_share_2020"])
    parameters, levers = ModelParameters(**values), random_levers(500, 120, seed=44)
    assert_same_trajectory(simulate(parameters, levers), simulate(parameters, levers, engine="numpy"))


@pytest.mark.parametrize("shape", ["scalar", "outer", "levers_only"])
def test_compiled_engine_broadcasts_like_numpy_engine(shape: str) -> None:
    draws = plausible_draws(3, seed=45)
    levels = np.array([0.0, 2e6])
    if shape == "scalar":
        parameters, levers = ModelParameters(), constant_levers(30)
    elif shape == "outer":  # (3, 1) draws x (2,) lever levels: a (3, 2) batch, lever rows shared across draws
        parameters = draws.replace(**{k: np.asarray(v)[:, None] for k, v in draws.as_dict().items()})
        levers = constant_levers(30, training_per_year=levels)
    else:
        parameters, levers = ModelParameters(), constant_levers(30, financing_idr_per_year=levels * 1e6)
    compiled = simulate(parameters, levers)
    assert compiled.n_adopters.shape == {"scalar": (30,), "outer": (3, 2, 30), "levers_only": (2, 30)}[shape]
    assert_same_trajectory(compiled, simulate(parameters, levers, engine="numpy"))


def test_unknown_engine_is_rejected_with_the_choices() -> None:
    with pytest.raises(ValueError, match="engine: 'fortran'; allowed compiled, numpy"):
        simulate(ModelParameters(), constant_levers(12), engine="fortran")


def test_compiled_engine_works_where_no_cache_directory_is_writable() -> None:
    """With no place to cache machine code numba refuses ``cache=True``; the engine compiles in memory instead."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import numba.core.caching as caching; caching.CacheImpl._locator_classes = []\n"
            "from simulator.model import simulate; from simulator.parameters import ModelParameters\n"
            "from simulator.runner import lever_paths; from simulator.parameters import Scenario\n"
            "t = simulate(ModelParameters(), lever_paths([Scenario()], n_months=60))\n"
            "r = simulate(ModelParameters(), lever_paths([Scenario()], n_months=60), engine='numpy')\n"
            "assert abs(t.n_adopters[0, -1] / r.n_adopters[0, -1] - 1) < 1e-12\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fields", [("n_adopters",), ("n_adopters", "spend_infrastructure_idr"),
                                    ("n_active", "spend_training_idr", "spend_financing_idr")])
def test_a_run_of_some_fields_gives_those_fields_exactly_and_none_of_the_others(engine: str, fields) -> None:
    """The Monte Carlo asks for the count and the spending only (the compiled engine then runs a leaner loop): the
    numbers must be the full run's, bit for bit, and what was not asked for is absent, not silently zero."""
    rng = np.random.default_rng(3)
    base = ModelParameters()
    parameters = base.replace(imitation=rng.uniform(0.2, 0.6, 40), campaign_pace=rng.uniform(3e6, 9e6, 40))
    months = 96
    paths = LeverPaths(training_per_year=np.full((2, 1, months), [[[1e6]], [[3e6]]]),
                       villages_per_year=np.full((2, 1, months), [[[2_000.0]], [[9_000.0]]]),
                       financing_idr_per_year=np.full((2, 1, months), [[[0.0]], [[8e12]]]))
    full = simulate(parameters, paths, engine=engine)
    some = simulate(parameters, paths, engine=engine, fields=fields)
    for name in Trajectory.__dataclass_fields__:
        if name in fields or name == "initial_adopters":
            np.testing.assert_array_equal(getattr(some, name), getattr(full, name), err_msg=name)
        else:
            assert getattr(some, name) is None, name
    with pytest.raises(ValueError, match="n_adopterz"):
        simulate(parameters, paths, engine=engine, fields=("n_adopterz",))


def test_path_spend_is_the_trajectorys_spending_of_those_levers_summed_over_the_months() -> None:
    """What the Monte Carlo prices per draw (``path_spend``) is what ``simulate`` spends month by month."""
    from simulator import uncertainty
    from simulator.parameters import Scenario
    from simulator.runner import lever_paths

    draws = uncertainty.default_draws(40, 3)
    scenarios = [Scenario(training_per_year=3e6, financing_idr_per_year=7e12, training_start="2022-03"),
                 Scenario(), Scenario(financing_idr_per_year=0, horizon="2030-12")]
    paths = lever_paths(scenarios, n_months=scenarios[0].n_months)
    per_draw = LeverPaths(**{key: value[:, None, :] for key, value in vars(paths).items()})
    trajectory = simulate(draws.parameters, per_draw)
    first, last = np.array([0, 18, 30]), np.array([59, 59, 131])
    got = path_spend(draws.parameters, paths, first, last)
    assert got.shape == (3, 40)
    for j in range(3):
        months = slice(first[j], last[j] + 1)
        expected = sum(getattr(trajectory, lever.spend_field)[j, :, months].sum(axis=-1) for lever in PATH_PRICED)
        assert_allclose(got[j], expected, rtol=1e-12)
    assert {lever.key for lever in PATH_PRICED} == {"training_per_year", "financing_idr_per_year"}
