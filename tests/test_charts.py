"""Chart builders, checked through their Vega-Lite specification."""

import pandas as pd
import pytest

from simulator import assess, run
from simulator.io import observations
from simulator.parameters import Scenario
from simulator.report import charts


def build(language: str = "id", band: pd.DataFrame | None = None) -> dict:
    result = run(Scenario())
    return charts.adoption_spec(curves={"Base": result.frame, "Scen": result.frame},
                                colors={"Base": "#777777", "Scen": "#ff0000"}, observations=observations.load(),
                                target=30e6, deadline="2024-12", language=language, band=band)


def layer(spec: dict, name: str) -> dict:
    return next(item for item in spec["layer"] if item["data"]["name"] == name)


def test_layers_have_tooltips_and_the_expected_marks() -> None:
    spec = build()
    marks = [item["mark"]["type"] for item in spec["layer"]]
    # the first line: the naive reference forecast (dashed); the last points: counts reported after the vintage
    assert marks == ["rule", "rule", "line", "line", "point", "point"]
    assert all("tooltip" in item["encoding"] for item in spec["layer"])
    assert all(item["data"]["name"] in spec["datasets"] for item in spec["layer"])


def test_target_and_deadline_are_where_asked() -> None:
    spec = build()
    assert spec["datasets"]["target"][0]["value"] == 30e6
    assert spec["datasets"]["deadline"][0]["date"] == "2024-12-01"
    assert spec["datasets"]["deadline"][0]["label"] == "Tenggat Desember 2024"


def test_curves_carry_the_model_values() -> None:
    result = run(Scenario())
    spec = build()
    rows = [r for r in spec["datasets"]["curves"] if r["series"] == "Scen"]
    assert len(rows) == len(result.frame)
    assert rows[59]["date"] == "2024-12-01"
    assert rows[59]["n_adopters"] == pytest.approx(result.frame["n_adopters"].iloc[59])


def test_axis_labels_follow_the_language() -> None:
    assert "juta" in layer(build("id"), "curves")["encoding"]["y"]["axis"]["labelExpr"]
    assert "million" in layer(build("en"), "curves")["encoding"]["y"]["axis"]["labelExpr"]
    assert layer(build("en"), "curves")["encoding"]["x"]["axis"]["title"] == "Year"


def test_tooltip_labels_are_formatted_for_the_language() -> None:
    row = next(r for r in build("id")["datasets"]["curves"] if r["date"] == "2024-12-01")
    assert row["month_label"] == "Desember 2024"
    assert row["value_label"].endswith("juta") and "," in row["value_label"]
    row = next(r for r in build("en")["datasets"]["curves"] if r["date"] == "2024-12-01")
    assert row["month_label"] == "December 2024" and row["value_label"].endswith("million")


def test_band_layer_is_added_first() -> None:
    frame = run(Scenario()).frame
    band = pd.DataFrame({"date": frame["date"], "low": frame["n_adopters"] * 0.9, "high": frame["n_adopters"] * 1.1})
    spec = build(band=band)
    assert spec["layer"][0]["mark"]["type"] == "area"
    assert len(spec["layer"]) == 7
    assert spec["datasets"]["band"][0]["low"] < spec["datasets"]["band"][0]["high"]


def test_series_colours_follow_the_given_order() -> None:
    scale = layer(build(), "curves")["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Base", "Scen"] and scale["range"] == ["#777777", "#ff0000"]


def test_templates_are_fresh_copies() -> None:
    first = charts.chart_template(language="id", colors={"A": "#000000"}, band=False)
    first["layer"].clear()
    assert charts.chart_template(language="id", colors={"A": "#000000"}, band=False)["layer"]


def test_scenario_chart_draws_saved_scenarios_between_baseline_and_current() -> None:
    assessment = assess(Scenario(training_per_year=2e6))
    other = run(Scenario(financing_idr_per_year=10e12)).frame
    spec = charts.scenario_spec(assessment=assessment, observations=observations.load(), language="en",
                                others={"Financing": other})
    scale = layer(spec, "curves")["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Status quo", "Financing", "Scenario"]
    assert scale["range"][0] == charts.BASELINE_COLOR and scale["range"][-1] == charts.SCENARIO_COLOR


def test_altair_chart_round_trips_the_spec() -> None:
    assessment = assess(Scenario())
    chart = charts.scenario_chart(assessment=assessment, observations=observations.load(), language="id")
    spec = chart.to_dict()
    assert set(spec["datasets"]) == {"curves", "observed", "later", "reference", "target", "deadline"}


def test_tornado_has_one_bar_per_input_largest_swing_first() -> None:
    table = pd.DataFrame({"input": ["a", "b", "c"], "probability_low": [0.1, 0.5, 0.2],
                          "probability_high": [0.6, 0.4, 0.25], "probability_swing": [0.5, 0.1, 0.05]})
    spec = charts.tornado_chart(table=table, language="en", rows=2,
                                labels={"a": "Alpha", "b": "Beta", "axis": "P", "input": "I", "low": "L",
                                        "high": "H"}).to_dict()
    values = spec["data"]["values"]
    assert [v["input"] for v in values] == ["Alpha", "Beta"]
    assert values[1]["start"] == 0.4 and values[1]["end"] == 0.5 and values[1]["rising"] is False
    assert spec["encoding"]["y"]["sort"] == ["Alpha", "Beta"]
    assert values[0]["low_label"] == "10%" and values[0]["high_label"] == "60%"


REACHED = pd.DataFrame({"reached_on": ["2024-03", "2024-11", "2026-01", "not before horizon"],
                        "probability": [0.1, 0.2, 0.3, 0.4]})
REACH_LABELS = {"x": "Year", "y": "P", "never": "Never"}


def test_reach_chart_sums_months_into_years_and_keeps_never_last() -> None:
    spec = charts.reach_spec(reached=REACHED, labels=REACH_LABELS, language="en")
    values = spec["datasets"]["reach"]
    assert [v["year"] for v in values] == ["2024", "2026", "Never"]
    assert values[0]["probability"] == pytest.approx(0.3) and values[0]["label"] == "30%"
    assert [v["order"] for v in values] == [0, 1, 2]
    assert spec["data"] == {"name": "reach"} and spec["mark"]["type"] == "bar"
    x = spec["encoding"]["x"]
    assert x["sort"] == {"field": "order", "op": "min"} and x["title"] == "Year"  # bars in the data's order
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["Year", "P"]


def test_reach_template_holds_no_data() -> None:
    other = REACHED.assign(reached_on=["2021-01", "2022-01", "2023-01", "x"])
    first = charts.reach_spec(reached=REACHED, labels=REACH_LABELS, language="en")
    second = charts.reach_spec(reached=other, labels=REACH_LABELS, language="en")
    assert {k: v for k, v in first.items() if k != "datasets"} == {k: v for k, v in second.items() if k != "datasets"}
    first["encoding"].clear()  # a fresh copy each time
    assert charts.reach_spec(reached=REACHED, labels=REACH_LABELS, language="en")["encoding"]


def decode(data: bytes) -> list[dict]:
    import pyarrow as pa

    assert isinstance(data, bytes)
    return pa.ipc.open_stream(data).read_all().to_pylist()


def test_arrow_datasets_decode_to_the_same_records() -> None:
    assessment = assess(Scenario(training_per_year=2e6))
    frame = assessment.scenario.frame
    band = pd.DataFrame({"date": frame["date"], "low": frame["n_adopters"] * 0.9, "high": frame["n_adopters"] * 1.1})
    kwargs = {"assessment": assessment, "observations": observations.load(), "band": band,
              "others": {"Median": assessment.baseline.frame}}
    for language in ("id", "en"):
        plain = charts.scenario_spec(language=language, **kwargs)
        arrow = charts.scenario_spec(language=language, arrow=True, **kwargs)
        assert {k: v for k, v in plain.items() if k != "datasets"} == {k: v for k, v in arrow.items()
                                                                        if k != "datasets"}
        assert set(arrow["datasets"]) == {"curves", "observed", "later", "reference", "target", "deadline", "band"}
        for name, records in plain["datasets"].items():
            assert decode(arrow["datasets"][name]) == records, name
    plain = charts.reach_spec(reached=REACHED, labels=REACH_LABELS, language="id")
    arrow = charts.reach_spec(reached=REACHED, labels=REACH_LABELS, language="id", arrow=True)
    assert decode(arrow["datasets"]["reach"]) == plain["datasets"]["reach"]


def test_arrow_stream_is_what_streamlit_would_send() -> None:
    """Same rows, column names and value types as Streamlit's own conversion of the records."""
    import pyarrow as pa
    from streamlit import dataframe_util

    records = build()["datasets"]["observed"]
    ours = pa.ipc.open_stream(charts.arrow_ipc(charts.observed_columns(observations=observations.load(),
                                                                       language="id"))).read_all()
    theirs = pa.ipc.open_stream(dataframe_util.convert_anything_to_arrow_bytes(records)).read_all()
    assert ours.column_names == theirs.column_names
    assert ours.to_pylist() == theirs.to_pylist() == records
    for mine, streamlit_type in zip(ours.schema.types, theirs.schema.types, strict=True):
        assert mine == streamlit_type or (pa.types.is_string(mine) and pa.types.is_large_string(streamlit_type))


def test_memoised_observations_pass_through_as_bytes() -> None:
    obs = observations.load()
    data = charts.arrow_ipc(charts.observed_columns(observations=obs, language="en"))
    assessment = assess(Scenario())
    spec = charts.scenario_spec(assessment=assessment, observations=data, language="en", arrow=True)
    assert spec["datasets"]["observed"] is data
    with pytest.raises(ValueError, match="arrow=True"):
        charts.scenario_spec(assessment=assessment, observations=data, language="en")


def test_observed_tooltips_give_the_source_in_the_language() -> None:
    obs = observations.load()
    indonesian = [row["source"] for row in build("id")["datasets"]["observed"]]
    english = [row["source"] for row in build("en")["datasets"]["observed"]]
    assert indonesian == list(obs["source_id"]) and english == list(obs["source"])
    assert all("Minister" not in source for source in indonesian)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_title_and_tooltip_title_is_in_the_language(language: str) -> None:
    from simulator.report.i18n import STRINGS

    ours = {entry[language] for entry in STRINGS.values()} | {"P10", "P90"}
    spec = build(language, band=pd.DataFrame({"date": run(Scenario()).frame["date"], "low": 1.0, "high": 2.0}))
    titles = [tip["title"] for item in spec["layer"] for tip in item["encoding"].get("tooltip", [])]
    titles += [item["encoding"][axis]["axis"]["title"] for item in spec["layer"] for axis in ("x", "y")
               if "axis" in item["encoding"].get(axis, {})]
    titles += [item["encoding"]["color"]["title"] for item in spec["layer"] if "color" in item["encoding"]]
    assert titles and set(titles) <= ours, set(titles) - ours


def test_marks_carry_no_english_aria_text_of_their_own() -> None:
    assert build("id")["config"]["aria"] is False  # Vega would describe each point in English field names
    assert charts.reach_spec(reached=pd.DataFrame({"reached_on": ["2024-05"], "probability": [1.0]}),
                             labels={"x": "Tahun", "y": "Peluang", "never": "Tidak"}, language="id")["config"]["aria"] \
        is False


def test_counts_reported_after_the_vintage_are_their_own_layer() -> None:
    """The forecast chart draws the vintage's counts as observed points and the later ones as orange diamonds."""
    from simulator import backtest

    every = observations.load(as_of=None)
    later = backtest.later_counts(every, "2021-06")
    frame = run(Scenario()).frame
    curve = pd.DataFrame({"date": frame["date"], "n_adopters": frame["n_adopters"]})
    spec = charts.forecast_spec(scenario=Scenario(), median=curve, baseline=curve,
                                observations=observations.load(), later=later, language="en")
    diamonds = [lay for lay in spec["layer"] if lay.get("data", {}).get("name") == "later"]
    assert len(diamonds) == 1 and diamonds[0]["mark"]["shape"] == "diamond"
    assert diamonds[0]["mark"]["color"] == charts.LATER_COLOR
    assert len(spec["datasets"]["later"]) == len(later) > 10
    assert {r["value"] for r in spec["datasets"]["later"]}.isdisjoint(
        {r["value"] for r in spec["datasets"]["observed"] if r["use"]})


def test_the_straight_line_reference_is_drawn_dashed_from_the_vintage() -> None:
    from simulator import backtest

    every = observations.load(as_of=None)
    vintage = observations.load(as_of="2021-06")
    line = backtest.trend_path(vintage, "2021-06", until="2024-12")
    frame = run(Scenario()).frame
    curve = pd.DataFrame({"date": frame["date"], "n_adopters": frame["n_adopters"]})
    spec = charts.forecast_spec(scenario=Scenario(), median=curve, baseline=curve, observations=vintage,
                                later=backtest.later_counts(every, "2021-06"), reference=line, language="id")
    (layer,) = [lay for lay in spec["layer"] if lay.get("data", {}).get("name") == "reference"]
    assert layer["mark"]["strokeDash"] == [6, 4] and layer["mark"]["color"] == charts.REFERENCE_COLOR
    rows = spec["datasets"]["reference"]
    assert rows[0]["date"].startswith("2021-06") and rows[-1]["date"].startswith("2024-12")
    assert rows[0]["series"] == "Garis lurus 12 bulan"


@pytest.mark.parametrize("arrow", [False, True])
def test_the_forecast_chart_reads_plain_columns_as_it_reads_frames(arrow: bool) -> None:
    """The app passes the medians and the band as plain arrays (a DataFrame per new scenario costs more than
    the chart's data): the spec, datasets included, is the one the same frames give."""
    from simulator import timeline, uncertainty

    fan = uncertainty.ensemble(Scenario(training_per_year=2e6), uncertainty.default_draws(200), levers=False)
    frames = {"median": pd.DataFrame({"date": fan.frame["date"], "n_adopters": fan.frame["n_adopters_p50"]}),
              "baseline": pd.DataFrame({"date": fan.frame["date"],
                                        "n_adopters": fan.frame["baseline_n_adopters_p50"]}),
              "band": charts.fan_band(fan.frame)}
    dates = timeline.month_dates(fan.scenario.n_months)
    plain = {"median": {"date": dates, "n_adopters": fan.quantile(0.5)},
             "baseline": {"date": dates, "n_adopters": fan.quantile(0.5, baseline=True)},
             "band": {"date": dates, "low": fan.quantile(0.1), "high": fan.quantile(0.9)}}
    common = {"scenario": fan.scenario, "observations": observations.load(), "language": "id", "arrow": arrow}
    assert charts.forecast_spec(**common, **plain) == charts.forecast_spec(**common, **frames)
