"""Chart builders, checked through their Vega-Lite specification."""

import pandas as pd

from simulator import charts, observations, run
from simulator.parameters import Scenario

LABELS = {k: k.upper() for k in ("x", "y", "series", "month", "value", "source", "observed", "target", "deadline")}


def build(language: str = "id", band: pd.DataFrame | None = None) -> dict:
    result = run(Scenario())
    curves = charts.adoption_data(curves={"Base": result.frame, "Scen": result.frame}, language=language)
    obs = charts.observed_data(observations=observations.load(), language=language)
    chart = charts.adoption_chart(curves=curves, observations=obs, target=30e6, target_label="T",
                                  deadline=pd.Timestamp("2024-12-01"), deadline_label="D", labels=LABELS,
                                  colors={"Base": "#777777", "Scen": "#ff0000"}, language=language, band=band)
    return chart.to_dict()


def test_layers_have_tooltips_and_the_expected_marks() -> None:
    spec = build()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "rule", "line", "point"]
    assert all("tooltip" in layer["encoding"] for layer in spec["layer"])


def test_target_and_deadline_are_where_asked() -> None:
    spec = build()
    datasets = spec["datasets"]
    target_layer, deadline_layer = spec["layer"][0], spec["layer"][1]
    assert datasets[target_layer["data"]["name"]][0]["value"] == 30e6
    assert str(datasets[deadline_layer["data"]["name"]][0]["date"]).startswith("2024-12-01")


def test_axis_labels_follow_the_language() -> None:
    assert "juta" in build("id")["layer"][2]["encoding"]["y"]["axis"]["labelExpr"]
    assert "million" in build("en")["layer"][2]["encoding"]["y"]["axis"]["labelExpr"]


def test_tooltip_labels_are_formatted_for_the_language() -> None:
    result = run(Scenario())
    data = charts.adoption_data(curves={"S": result.frame}, language="id")
    row = data[data["date"] == pd.Timestamp("2024-12-01")].iloc[0]
    assert row["month_label"] == "Desember 2024"
    assert row["value_label"].endswith("juta") and "," in row["value_label"]


def test_band_layer_is_added_first() -> None:
    frame = run(Scenario()).frame
    band = pd.DataFrame({"date": frame["date"], "low": frame["n_adopters"] * 0.9, "high": frame["n_adopters"] * 1.1,
                         "month_label": "m", "low_label": "l", "high_label": "h"})
    spec = build(band=band)
    assert spec["layer"][0]["mark"]["type"] == "area"
    assert len(spec["layer"]) == 5


def test_series_colours_follow_the_given_order() -> None:
    spec = build()
    scale = spec["layer"][2]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Base", "Scen"] and scale["range"] == ["#777777", "#ff0000"]


def test_scenario_chart_draws_saved_scenarios_between_baseline_and_current() -> None:
    from simulator import assess

    assessment = assess(Scenario(training_per_year=2e6))
    other = run(Scenario(financing_idr_per_year=10e12)).frame
    spec = charts.scenario_chart(assessment=assessment, observations=observations.load(), language="en",
                                 others={"Financing": other}).to_dict()
    scale = spec["layer"][2]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Status quo", "Financing", "Scenario"]
    assert scale["range"][0] == charts.BASELINE_COLOR and scale["range"][-1] == charts.SCENARIO_COLOR
