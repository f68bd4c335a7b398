"""The Regions view's tables for the exports and the analysis panels: every column named in both languages,
numbers that are the run's, labels for every tornado input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator import regional_goal_seek as rgs
from simulator import regional_sensitivity as rs
from simulator import regions
from simulator import uncertainty as mc
from simulator.parameters import LEVERS, Scenario
from simulator.report import regions as report

SCENARIO = Scenario(infrastructure_villages_per_year=5_000, training_per_year=2e6)


@pytest.fixture(scope="module")
def run() -> regions.RegionalRun:
    return regions.run_regions(SCENARIO)


@pytest.fixture(scope="module")
def ensemble() -> regions.RegionalEnsemble:
    return regions.regional_ensemble(SCENARIO, None, mc.sample(draws=40, seed=5))


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_export_column_has_a_header(language: str) -> None:
    headers = [report.export_header(c, language) for c in report.EXPORT_COLUMNS]
    assert len(set(headers)) == len(headers)
    assert all(h and "{" not in h for h in headers)
    with pytest.raises(ValueError, match="unknown column 'nope'"):
        report.export_header("nope", language)


def test_the_export_frame_holds_the_runs_numbers(run: regions.RegionalRun, ensemble: regions.RegionalEnsemble
                                                 ) -> None:
    frame = report.export_frame(run, ensemble)
    assert list(frame.columns) == list(report.EXPORT_COLUMNS)
    assert list(frame["region"]) == list(regions.REGION_KEYS)
    np.testing.assert_allclose(frame["n_umkm"], run.table["n_umkm"])
    assert np.all(frame["online_share_at_deadline_p10"] <= frame["online_share_at_deadline"])
    assert np.all(frame["online_share_at_deadline"] <= frame["online_share_at_deadline_p90"])
    for lever in LEVERS:
        assert frame[f"{lever.key}_share"].sum() == pytest.approx(1.0)
    central = report.export_frame(run)
    np.testing.assert_allclose(central["online_share_at_deadline"], run.table["online_share_at_deadline"])
    np.testing.assert_allclose(central["gap_to_national"], run.table["gap_to_national"], atol=1e-12)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_brief_rows_are_one_per_region_under_a_header(run: regions.RegionalRun, language: str) -> None:
    rows = report.brief_rows(report.export_frame(run), language)
    assert len(rows) == 1 + len(regions.REGION_KEYS)
    assert {len(r) for r in rows} == {5}
    assert rows[-1][0] == report.region_label("maluku_papua", language)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_tornado_input_has_a_label_and_the_chart_builds(language: str) -> None:
    table = rs.regional_tornado(SCENARIO, region="jawa", draws=mc.sample(draws=20, seed=1)).table
    labels = report.sensitivity_labels(table, language)
    assert set(labels) == set(table["input"])
    assert all(label and "{" not in label for label in labels.values())
    spec = report.sensitivity_chart(table=table, language=language, rows=5).to_dict()
    assert len(spec["data"]["values"]) == 5


def test_the_goal_seek_table_says_where_each_acting_lever_goes() -> None:
    result = rgs.regional_goal_seek(target=28_500_000, probability=0.6, draws=mc.sample(draws=60, seed=13))
    frame = report.goal_seek_table(result, "en")
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(LEVERS)
    where = frame["Where it goes"].tolist()
    for lever, text in zip(LEVERS, where, strict=True):
        if getattr(result.result.scenario, lever.key) > 0:
            assert "Jawa" in text
        else:
            assert text == "–"


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_small_multiple_is_the_templates_chart_of_its_regions_shares(run: regions.RegionalRun,
                                                                      ensemble: regions.RegionalEnsemble,
                                                                      language: str) -> None:
    """``region_spec``: one region's band, three lines (median, status quo, nation) and the deadline, on a y axis
    from 0 to the shared top; a valid Vega-Lite chart (rendered to SVG)."""
    import vl_convert

    frames = report.share_frames(run, ensemble)
    top = report.y_max(frames)
    spec = report.region_spec(frame=frames["maluku_papua"], title="Maluku–Papua", language=language,
                              deadline=SCENARIO.deadline, y_max=top)
    n = len(frames["maluku_papua"])
    assert spec["title"] == "Maluku–Papua" and spec["params"] == [{"name": "y_max", "value": top}]
    assert set(spec["datasets"]) == {"band", "lines", "rule"}
    lines = pd.DataFrame(spec["datasets"]["lines"])
    assert len(lines) == 3 * n and lines["series"].nunique() == 3
    median = lines[lines["series"] == lines["series"].iloc[0]]["share"].to_numpy()
    np.testing.assert_allclose(median, frames["maluku_papua"]["median"].to_numpy())
    assert all(label.endswith("%") for label in lines["label"])
    assert spec["datasets"]["rule"] == [{"date": "2024-12-01"}]
    svg = vl_convert.vegalite_to_svg(spec)
    assert "Maluku" in svg and svg.count("<path") > 3  # title, band and lines drawn
    arrow = report.region_spec(frame=frames["maluku_papua"], title="x", language=language,
                               deadline=SCENARIO.deadline, y_max=top, arrow=True)
    assert all(isinstance(data, bytes) for data in arrow["datasets"].values())
