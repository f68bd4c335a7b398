"""The rolling-origin backtest: no peeking at later counts, skill on the model's own series, the reference
forecasts by hand, the scores, and the command line's shape and errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from simulator import backtest, calibration, cli, observation_model, timeline, uncertainty
from simulator.io import observations, vintages
from simulator.parameters import ModelParameters


@pytest.fixture(scope="module")
def full() -> pd.DataFrame:
    return observations.load(as_of=None)


def frame_of(dates: list[str] | pd.DatetimeIndex, values: np.ndarray, said: list[str] | None = None) -> pd.DataFrame:
    """Observations in ``observations.load`` form: every row fitted, a ministry count, said on its date."""
    dates = pd.to_datetime(pd.Series(dates))
    said_on = pd.to_datetime(pd.Series(said)) if said is not None else dates
    return pd.DataFrame({"date": dates, "value": np.asarray(values, dtype=float), "source": "test", "link": "",
                         "use": True, "note": "", "said_on": said_on, "definition": "ministry_count",
                         "t": [timeline.years_since_start(d) for d in dates]})


# --- scores ---------------------------------------------------------------------------------------------------

def test_crps_of_a_point_forecast_is_the_absolute_error() -> None:
    assert_allclose(backtest.crps(np.array([[5.0, 2.0]]), np.array([1.0]), np.array([3.0, 3.0])), [2.0, 1.0])


def test_crps_matches_the_pairwise_formula_with_weights() -> None:
    rng = np.random.default_rng(1)
    x, w, y = rng.normal(size=(7, 3)), rng.random(7), np.array([0.3, -1.0, 2.0])
    w = w / w.sum()
    direct = [np.sum(w * np.abs(x[:, j] - y[j])) - 0.5 * np.sum(w[:, None] * w[None, :]
                                                                * np.abs(x[:, j, None] - x[None, :, j]))
              for j in range(3)]
    assert_allclose(backtest.crps(x, w, y), direct, rtol=1e-12)


def test_score_reports_mape_of_the_median_and_p10_p90_coverage() -> None:
    samples = np.linspace(90.0, 110.0, 201)[:, None] * np.ones((1, 2))
    result = backtest.score(samples, np.full(201, 1 / 201), np.array([100.0, 125.0]))
    assert_allclose(result["mape"], (0.0 + 25 / 125) / 2, rtol=1e-9)
    assert result["coverage_80"] == 0.5


# --- no peeking -------------------------------------------------------------------------------------------------

def test_later_counts_are_the_fitted_ministry_counts_said_after_the_origin(full: pd.DataFrame) -> None:
    later = backtest.later_counts(full, "2021-06")
    assert (later["said_on"] > pd.Timestamp("2021-06-30")).all()
    assert later["use"].all() and (later["definition"] == "ministry_count").all()
    assert "2021-05-15" not in set(later["date"].dt.strftime("%Y-%m-%d"))  # said 11 Jun 2021: in the vintage


def test_changing_later_counts_leaves_an_origins_forecasts_unchanged(full: pd.DataFrame) -> None:
    end = vintages.month_end("2021-12")
    altered = full.copy()
    altered.loc[altered["said_on"] > end, "value"] *= 1.5
    a = backtest.run_origin(full, "2021-12", draws=200)
    b = backtest.run_origin(altered, "2021-12", draws=200)
    for name in backtest.FORECASTERS:
        assert_allclose(a.later[name], b.later[name], rtol=1e-12)
    assert_allclose(b.later["observed"], 1.5 * a.later["observed"])


# --- skill on the model's own series ----------------------------------------------------------------------------

def test_the_model_forecasts_its_own_series_almost_perfectly() -> None:
    """The registry's values lie inside the campaign structure's priors and outside the word-of-mouth one's:
    the campaign structure forecasts the series almost perfectly, the other one worse, and the ensemble (both
    at equal shares) within a few per cent with honest coverage. Measured: campaign 0.3% and 0.8%, diffusion
    2.2% and 2.8%, ensemble 1.2% and 1.6%."""
    registry = ModelParameters()
    for name, (low, high) in uncertainty.STRUCTURES[uncertainty.STRUCTURE_NAMES.index("campaign")].priors.items():
        assert low <= getattr(registry, name) <= high, name
    assert registry.imitation < uncertainty.registry_priors("diffusion")["imitation"].low
    dates = pd.date_range("2020-02-01", "2023-06-01", freq="MS") + pd.Timedelta(days=14)
    truth = calibration.model_at(registry, np.array([timeline.years_since_start(d) for d in dates]))
    result = backtest.backtest(frame_of(dates, truth.reshape(-1)), ["2021-06", "2022-06"], draws=400)
    model = result.mean["model"]
    assert model["mape"] < 0.03 and model["coverage_80"] >= 0.9
    for origin in result.origins:
        campaign, diffusion = origin.scores["structure_campaign"], origin.scores["structure_diffusion"]
        assert campaign["mape"] < 0.015 and campaign["coverage_80"] == 1.0, origin.as_of
        assert diffusion["mape"] > campaign["mape"], origin.as_of


# --- reference forecasts by hand --------------------------------------------------------------------------------

def test_reference_forecasts_match_a_hand_computation() -> None:
    data = frame_of(["2021-01-15", "2021-05-01", "2021-07-15", "2021-10-15", "2022-04-15"],
                    [10e6, 11e6, 12.5e6, 13e6, 16e6], said=["2021-01-15", "2021-05-01", "2021-07-15",
                                                              "2021-10-15", "2022-04-20"])
    origin = backtest.run_origin(data, "2021-12", draws=50)
    assert origin.n_observations == 4 and origin.n_later == 1
    t = data["t"].to_numpy()
    y = data["value"].to_numpy()
    slope = np.sum((t[:4] - t[:4].mean()) * (y[:4] - y[:4].mean())) / np.sum((t[:4] - t[:4].mean()) ** 2)
    trend = y[:4].mean() + slope * (t[4] - t[:4].mean())
    pace = 13e6 + (13e6 - 11e6) / (t[3] - t[1]) * (t[4] - t[3])  # from the count of 1 May, within six months
    plan = 13e6 + 500_000 * 12 * (t[4] - t[3])
    assert_allclose(origin.later[["trend_12m", "pace_6m", "plan_500k"]].to_numpy()[0], [trend, pace, plan],
                    rtol=1e-9)
    # The spread: sigma^2 = sigma_obs^2 + s^2 (1 + lead), sigma_obs the observation model's prior error size
    # (3.7%), s the line's rms log residual over the past year.
    forecast = backtest.reference_forecasts(data.iloc[:4], pd.Timestamp("2021-12-31"), t[4:])["plan_500k"]
    s = np.sqrt(np.mean(np.log(y[:4] / (13e6 + 6e6 * (t[:4] - t[3]))) ** 2))
    lead = t[4] - timeline.years_since_start(pd.Timestamp("2021-12-31"))
    sigma = np.sqrt(observation_model.PRIOR_SIGMA ** 2 + s ** 2 * (1 + lead))
    z = backtest._normal_points(backtest.REFERENCE_STRATA)
    assert_allclose(np.log(forecast.samples[:, 0] / plan), sigma * z, rtol=1e-9, atol=1e-12)


# --- bad vintages -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("month", "message"), [
    ("2020-06", "as of: 2020-06 is before the data"), ("2024-01", "as of: 2024-01 is after the latest data"),
    ("last year", "as of: 'last year' is not a month; use YYYY-MM, allowed 2020-12 to 2023-06"),
])
def test_a_bad_origin_fails_before_any_work_with_one_line(full: pd.DataFrame, month: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        backtest.backtest(full, ["2021-06", month])
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_an_origin_with_no_later_count_has_no_scores(full: pd.DataFrame) -> None:
    origin = backtest.run_origin(full, "2023-06", draws=50)
    assert origin.n_later == 0 and all(np.isnan(v) for v in origin.scores["model"].values())


# --- command line -------------------------------------------------------------------------------------------------

def test_cli_backtest_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["backtest", "--draws", "100", "--as-of", "2021-06", "2022-06"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [o["as_of"] for o in document["origins"]] == ["2021-06", "2022-06"]
    for origin in document["origins"]:
        assert origin["n_later"] == len(origin["later"]) > 0
        assert set(origin["scores"]) == set(backtest.FORECASTERS)
        for scores in origin["scores"].values():
            assert set(scores) == {"mape", "crps", "coverage_80"} and 0 <= scores["coverage_80"] <= 1
    assert set(document["mean"]) == set(backtest.FORECASTERS)


def test_cli_backtest_defaults_to_five_origins_and_csv_has_a_row_per_origin_and_forecaster(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["backtest", "--draws", "50", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "as_of,forecaster,n_observations,n_later,mape,crps,coverage_80"
    assert len(lines) == 1 + (len(backtest.DEFAULT_ORIGINS) + 1) * len(backtest.FORECASTERS)
    assert lines[1].startswith("2020-12,model,3,")


@pytest.mark.parametrize("command", ["backtest", "run", "calibrate", "goal-seek", "sensitivity"])
def test_cli_bad_vintage_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert cli.main([command, "--as-of", "2019-12"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "allowed 2020-12 to 2023-06" in err


def test_cli_reports_the_vintage_and_the_observations_used(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["calibrate", "--as-of", "2022-06"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"] == "2022-06" and document["n_observations"] == 14
    assert cli.main(["run"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["as_of"] == "2021-06" and document["summary"]["n_observations"] == 6


def test_the_trend_path_is_the_least_squares_line_of_the_last_twelve_months() -> None:
    """By hand: the fitted ministry counts dated in the 12 months before the end of June 2021, a straight line
    through them by least squares, read at each month's end."""
    vintage = observations.load(as_of="2021-06")
    path = backtest.trend_path(vintage, "2021-06", until="2022-06")
    end = pd.Timestamp("2021-06-30")
    used = vintage[vintage["use"] & (vintage["definition"] == "ministry_count")
                   & (vintage["date"] > end - pd.Timedelta(days=365.25))]
    slope, intercept = np.polyfit(used["t"], used["value"], 1)
    t = np.array([(d + pd.offsets.MonthEnd(0) - pd.Timestamp("2020-01-01")).days / 365.25 for d in path["date"]])
    np.testing.assert_allclose(path["n_adopters"], intercept + slope * t, rtol=1e-12)
    assert len(path) == 13 and path["date"].iloc[0] == pd.Timestamp("2021-06-01")
