"""Sensitivity: a tidy tornado table whose ranks make sense."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator import run
from simulator import sensitivity as sens
from simulator import uncertainty as mc
from simulator.parameters import LEVERS, PARAMETER_SPECS, ModelParameters, Scenario


@pytest.fixture(scope="module")
def draws() -> mc.Draws:
    return mc.sample(draws=150, seed=17)


@pytest.fixture(scope="module")
def result(draws: mc.Draws) -> sens.Sensitivity:
    return sens.tornado(Scenario(), draws)


def test_one_row_per_uncertain_parameter_and_lever(result: sens.Sensitivity, draws: mc.Draws) -> None:
    table = result.table
    assert list(table.columns) == list(sens.COLUMNS)
    assert set(table["input"]) == set(draws.priors) | {lever.key for lever in LEVERS}
    assert len(table) == len(draws.priors) + len(LEVERS)
    assert set(table["kind"]) == {"parameter", "lever"}
    params = table[table["kind"] == "parameter"].set_index("input")
    for name, row in params.iterrows():
        assert (row["low"], row["high"]) == PARAMETER_SPECS[name].plausible


def test_sorted_by_swing(draws: mc.Draws, result: sens.Sensitivity) -> None:
    swing = result.table["probability_swing"].to_numpy()
    assert np.all(np.diff(swing) <= 0)
    by_adopters = sens.tornado(Scenario(), draws, sort_by="adopters").table["adopters_swing"].to_numpy()
    assert np.all(np.diff(by_adopters) <= 0)
    with pytest.raises(ValueError, match="sort_by"):
        sens.tornado(Scenario(), draws, sort_by="name")  # type: ignore[arg-type]


def test_deterministic_columns_are_runs_at_the_registry_ends(result: sens.Sensitivity) -> None:
    rows = result.table.set_index("input")
    assert result.adopters_at_deadline == pytest.approx(run(Scenario()).verdict.adopters_at_deadline, rel=1e-12)
    for name in ("ready_share_2020", "imitation", "campaign_pace"):
        low, high = PARAMETER_SPECS[name].plausible
        expected = [run(Scenario(), ModelParameters().replace(**{name: v})).verdict.adopters_at_deadline
                    for v in (low, high)]
        assert rows.loc[name, ["adopters_low", "adopters_high"]].tolist() == pytest.approx(expected, rel=1e-12)


def test_ranks_are_sensible(result: sens.Sensitivity) -> None:
    rows = result.table.set_index("input")
    swing = rows["adopters_swing"]
    # Word of mouth and the reachable pool matter far more than how many UMKM an uncovered village holds.
    assert swing["imitation"] > 5 * swing["umkm_per_uncovered_village"]
    assert swing["ready_share_2020"] > 5 * swing["umkm_per_uncovered_village"]
    assert rows.loc["ready_share_2020", "probability_swing"] > rows.loc["umkm_per_uncovered_village",
                                                                        "probability_swing"]
    # More of the pool, word of mouth or campaign, or a later or slower fade, never lowers the deterministic
    # count; more training or financing never lowers it nor, on the same draws, the probability.
    for name in ("ready_share_2020", "imitation", "campaign_pace", "campaign_fade_start", "training_per_year",
                 "financing_idr_per_year"):
        assert rows.loc[name, "adopters_high"] > rows.loc[name, "adopters_low"], name
    assert rows.loc["campaign_fade_rate", "adopters_high"] < rows.loc["campaign_fade_rate", "adopters_low"]
    for lever in LEVERS:
        assert rows.loc[lever.key, "probability_high"] >= rows.loc[lever.key, "probability_low"], lever.key
    # The target counts UMKM onboarded: drop-out and mentoring move the active sellers only, unit costs what a
    # programme costs, and the platform offset how idEA's tallies read; none moves the count.
    for name in ("dropout_rate", "training_dropout_reduction", "training_cost_idr", "village_cost_idr",
                 "platform_offset"):
        assert rows.loc[name, "adopters_swing"] == 0.0, name
    for name in ("dropout_rate", "training_dropout_reduction", "training_cost_idr", "village_cost_idr"):
        assert rows.loc[name, "probability_swing"] == pytest.approx(0.0, abs=1e-12), name


def test_parameters_the_history_does_not_depend_on_keep_every_draw(result: sens.Sensitivity,
                                                                    draws: mc.Draws) -> None:
    """The counts end in mid-2021, before the fade can begin (1.5 years at the earliest), so fixing the fade or
    anything that leaves the onboarded count alone leaves the weights alone; the start count does not."""
    rows = result.table.set_index("input")
    assert PARAMETER_SPECS["campaign_fade_start"].plausible[0] > draws.observed_times.max()
    for name in ("campaign_fade_start", "campaign_fade_rate", "dropout_rate", "training_cost_idr"):
        for end in ("low", "high"):
            assert rows.loc[name, f"effective_draws_{end}"] == pytest.approx(result.effective_draws, rel=1e-9)
    assert rows.loc["adopters_2020", "effective_draws_low"] < 0.5 * result.effective_draws


def test_fixing_a_parameter_is_reported_with_its_effective_draws(result: sens.Sensitivity) -> None:
    table = result.table
    assert np.all(table["effective_draws_low"] > 0) and np.all(table["effective_draws_high"] > 0)
    assert np.all(table[["probability_low", "probability_high"]].to_numpy() <= 1.0)
    levers = table[table["kind"] == "lever"]
    assert np.allclose(levers["effective_draws_low"], result.effective_draws)


def test_to_dict_is_plain_json(result: sens.Sensitivity) -> None:
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert len(data["tornado"]) == len(result.table)
    assert data["tornado"][0]["input"] == result.table["input"].iloc[0]
    assert sens.parameter_unit("ready_share_2020") == "fraction of connected UMKM"
    assert sens.parameter_unit("training_per_year", "id") == "UMKM per tahun"


def test_chunked_tornado_gives_the_same_table(monkeypatch: pytest.MonkeyPatch, draws: mc.Draws,
                                              result: sens.Sensitivity) -> None:
    """A small MAX_BATCH forces the large-draws path (one variant at a time, in chunks of draws)."""
    monkeypatch.setattr(mc, "MAX_BATCH", 40)
    chunked = sens.tornado(Scenario(), draws)
    np.testing.assert_allclose(chunked.table.select_dtypes("number"), result.table.select_dtypes("number"),
                               rtol=1e-12)
    assert chunked.table["input"].tolist() == result.table["input"].tolist()


def test_engine_calls_stay_within_the_batch_cap(monkeypatch: pytest.MonkeyPatch, draws: mc.Draws) -> None:
    """Memory is bounded by the largest engine call, not by the number of draws: no call exceeds MAX_BATCH."""
    monkeypatch.setattr(mc, "MAX_BATCH", 100)
    sizes: list[int] = []
    real = sens.simulate

    def counting(parameters, paths, **kwargs):
        trajectory = real(parameters, paths, **kwargs)
        sizes.append(int(np.prod(trajectory.n_adopters.shape[:-1])))
        return trajectory

    monkeypatch.setattr(sens, "simulate", counting)
    monkeypatch.setattr(mc, "simulate", counting)
    sens.tornado(Scenario(), draws)
    assert sizes and max(sizes) <= 100


def test_reduced_outputs_do_not_keep_the_engine_buffer_alive(draws: mc.Draws) -> None:
    out = mc.map_draws(draws, [Scenario()], lambda t: {"a": t.n_adopters[..., -1]}, n_months=12)
    assert out["a"].base is None  # a view would hold every field of every month of the chunk
