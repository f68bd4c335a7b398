"""The Regions view's chart, tables and sentence, built from :mod:`simulator.regions` results (pure functions).

One chart per region (small multiples laid out by the page, so that a phone stacks them): the share of the
region's UMKM onboarded, the scenario's median and P10-P90 band, the status quo and the nation's share, on the
same y scale in every region so the gaps compare at a glance.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from simulator import regions, timeline
from simulator.parameters import LEVER_SPECS, LEVERS
from simulator.regional_goal_seek import RegionalGoalSeekResult
from simulator.report import formatting
from simulator.report.charts import BASELINE_COLOR, SCENARIO_COLOR, arrow_ipc, iso_dates, month_labels, records
from simulator.report.i18n import text

NATIONAL_COLOR = "#34495e"


def region_label(key: str, language: str) -> str:
    return regions.REGION_BY_KEY[key].label(language)


def share_frames(run: regions.RegionalRun, ensemble: regions.RegionalEnsemble | None,
                 baseline: regions.RegionalEnsemble | None = None) -> dict[str, pd.DataFrame]:
    """Per region, the monthly shares of UMKM onboarded [fraction, over the central UMKM count]: ``date``,
    ``median``, ``low``, ``high`` (the ``ensemble``'s), ``baseline`` (the status quo ensemble's median) and
    ``national`` (the nation's median share in the scenario: each draw's sum over the regions). Without
    ensembles, the central run's values."""
    tr = run.trajectory
    n_months = tr.n_adopters.shape[-1]
    dates = timeline.month_dates(n_months)
    umkm = tr.n_umkm[0]
    national = (ensemble.national_fan[1] if ensemble is not None else tr.n_adopters[0].sum(axis=0)) / umkm.sum(axis=0)
    out = {}
    for i, key in enumerate(regions.REGION_KEYS):
        if ensemble is not None:
            low, median, high = (ensemble.fan[j, i] / umkm[i] for j in range(3))
        else:
            low = median = high = tr.n_adopters[0, i] / umkm[i]
        base = baseline.fan[1, i] if baseline is not None else tr.n_adopters[1, i]
        out[key] = pd.DataFrame({"date": dates, "median": median, "low": low, "high": high,
                                 "baseline": base / umkm[i], "national": national})
    return out


@functools.lru_cache(maxsize=8)
def _region_template_json(language: str, height: int) -> str:
    """The small multiple's Vega-Lite spec over named datasets, without data, title or y range (filled per chart
    by :func:`region_spec`): altair builds and checks it once per language, not six times per rerun."""
    names = list(_series_names(language).values())
    y = alt.Y("share:Q", title=None, scale=alt.Scale(domainMin=0.0, domainMax=alt.ExprRef("y_max"), nice=False),
              axis=alt.Axis(format="%", tickCount=4))
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount=4))
    color = alt.Color("series:N", title=None, legend=None,
                      scale=alt.Scale(domain=names, range=[SCENARIO_COLOR, BASELINE_COLOR, NATIONAL_COLOR]))
    dash = alt.StrokeDash("series:N", legend=None, scale=alt.Scale(domain=names, range=[[1, 0], [1, 0], [5, 4]]))
    band = alt.Chart(alt.NamedData("band")).mark_area(opacity=0.22, color=SCENARIO_COLOR).encode(
        x=x, y="low:Q", y2="high:Q")
    lines = alt.Chart(alt.NamedData("lines")).mark_line(strokeWidth=2).encode(
        x=x, y=y, color=color, strokeDash=dash,
        tooltip=[alt.Tooltip("series:N", title=text("chart_series", language)),
                 alt.Tooltip("month:N", title=text("chart_month", language)),
                 alt.Tooltip("label:N", title=text("regions_chart_y", language))])
    rule = alt.Chart(alt.NamedData("rule")).mark_rule(color="#34495e", strokeDash=[2, 3]).encode(x="date:T")
    chart = alt.layer(band, rule, lines).properties(height=height, width="container").add_params(
        alt.param(name="y_max", value=1.0))
    return json.dumps(chart.to_dict())


def _series_names(language: str) -> dict[str, str]:
    return {"median": text("series_median", language), "baseline": text("series_baseline", language),
            "national": text("regions_series_national", language)}


def region_spec(*, frame: pd.DataFrame, title: str, language: str, deadline: str, y_max: float,
                height: int = 200, arrow: bool = False) -> dict[str, Any]:
    """One region's small multiple as a Vega-Lite spec: band, median, status quo, the nation (dashed) and the
    deadline, on a y axis from 0 to ``y_max`` [fraction].

    A memoised template (:func:`_region_template_json`) with this region's title, range and data: ``band``
    (``date``, ``low``, ``high``), ``lines`` (``date``, ``series``, ``share``, ``label``, ``month``) and ``rule``
    (the deadline's ``date``), as Arrow bytes with ``arrow`` (for ``st.vega_lite_chart``) or records (for
    altair: ``alt.LayerChart.from_dict``).
    """
    names = _series_names(language)
    n = len(frame)
    iso = iso_dates(frame["date"])
    months = month_labels(iso, language)
    lines: dict[str, list] = {"date": iso * len(names), "series": [], "share": [], "label": [],
                              "month": months * len(names)}
    for column, name in names.items():
        values = frame[column].to_numpy(float).tolist()
        lines["series"] += [name] * n
        lines["share"] += values
        lines["label"] += [formatting.share(v, language) for v in values]
    datasets = {"band": {"date": iso, "low": frame["low"].to_numpy(float).tolist(),
                         "high": frame["high"].to_numpy(float).tolist()},
                "lines": lines,
                "rule": {"date": [timeline.month_start(timeline.parse_month(deadline)).isoformat()]}}
    spec = json.loads(_region_template_json(language, height))
    spec["title"] = title
    spec["params"] = [{"name": "y_max", "value": float(y_max)}]
    spec["datasets"] = {name: arrow_ipc(data) if arrow else records(data) for name, data in datasets.items()}
    return spec


def y_max(frames: Mapping[str, pd.DataFrame]) -> float:
    """A common upper end of the y axis: the largest share shown, rounded up to 10 points."""
    top = max(float(np.nanmax(f[["high", "median", "baseline", "national"]].to_numpy())) for f in frames.values())
    return min(1.0, math.ceil(top * 10.0 + 1e-9) / 10.0)


def region_table(run: regions.RegionalRun, ensemble: regions.RegionalEnsemble | None, language: str
                 ) -> pd.DataFrame:
    """The table by region with localized headers and values."""
    records = run.table.to_dict("records")
    umkm = np.array([row["n_umkm"] for row in records])
    if ensemble is not None:  # at the deadline: the median of the draws, as on the scenario page
        at_deadline = ensemble.at_deadline / umkm
        national = ensemble.national_fan[1, run.scenario.month_index("deadline")] / umkm.sum()
    rows = []
    for i, row in enumerate(records):
        share = at_deadline[1, i] if ensemble is not None else row["online_share_at_deadline"]
        gap = share - national if ensemble is not None else row["gap_to_national"]
        entry = {
            text("regions_col_region", language): region_label(row["region"], language),
            text("regions_col_umkm", language): formatting.count(row["n_umkm"], language),
            text("regions_col_now", language): formatting.share(row["online_share_now"], language),
            text("regions_col_deadline", language): formatting.share(share, language),
        }
        if ensemble is not None:
            entry[text("regions_col_range", language)] = (f"{formatting.share(at_deadline[0, i], language)} – "
                                                          f"{formatting.share(at_deadline[2, i], language)}")
        entry[text("regions_col_gap", language)] = text(
            "regions_points", language, value=formatting.number(100 * gap, language, digits=1))
        for lever in LEVERS:
            short = lever.short_label(language)
            per = row[f"{lever.key}_cost_per_added_idr"]
            entry[text("regions_col_added", language, lever=short)] = formatting.count(row[f"{lever.key}_added"],
                                                                                       language)
            entry[text("regions_col_cost_per", language, lever=short)] = (
                formatting.rupiah(per, language) if math.isfinite(per) else "–")
        rows.append(entry)
    return pd.DataFrame(rows)


def evidence_table(language: str) -> pd.DataFrame:
    """The regional table: evidence and what the model derives from it, one row per region."""
    f = regions.FACTORS
    from simulator.parameters import PARAMETER_SPECS

    cost = PARAMETER_SPECS["village_cost_idr"].default
    villages = PARAMETER_SPECS["villages_without_4g"].default
    infrastructure = next(lever.key for lever in LEVERS if lever.display_kind == "villages")
    rows = []
    for i, region in enumerate(regions.REGIONS):
        rows.append({
            text("regions_col_region", language): region.label(language),
            text("regions_col_businesses", language): formatting.number(region.businesses_2016, language, digits=2),
            text("regions_col_internet", language): formatting.share(region.internet_penetration, language),
            text("regions_col_ecommerce", language): formatting.share(f.pool_share[i], language),
            text("regions_col_villages", language): formatting.number(villages * f.village_share[i], language),
            text("regions_col_default", language): formatting.share(f.default_allocation[infrastructure][i],
                                                                    language),
            text("regions_col_cost", language): formatting.rupiah(cost * f.village_cost[i], language),
        })
    return pd.DataFrame(rows)


def behind_sentence(run: regions.RegionalRun, language: str,
                    ensemble: regions.RegionalEnsemble | None = None) -> str:
    """The two island groups furthest behind at the deadline (the median of ``ensemble`` when given, else the
    central run), beside the nation."""
    umkm = run.table["n_umkm"].to_numpy()
    if ensemble is not None:
        shares = ensemble.at_deadline[1] / umkm
        national = ensemble.national_fan[1, run.scenario.month_index("deadline")] / umkm.sum()
    else:
        shares = run.table["online_share_at_deadline"].to_numpy()
        national = float(shares[0] - run.table["gap_to_national"].iloc[0])
    first, second = np.argsort(shares)[:2]
    return text("regions_behind", language, deadline=formatting.month(run.scenario.deadline, language),
                first=region_label(regions.REGION_KEYS[first], language),
                first_share=formatting.share(shares[first], language),
                second=region_label(regions.REGION_KEYS[second], language),
                second_share=formatting.share(shares[second], language),
                national=formatting.share(national, language))


def methodology_text(gap: Mapping[str, float], language: str) -> str:
    """The regional model in a paragraph, with how close the regions' sum is to the national model."""
    return text("regions_methodology", language,
                to_2024=formatting.share(gap["max_relative_2020_2024"], language),
                horizon=formatting.share(gap["max_relative_horizon"], language))


def allocation_text(allocation: regions.Allocation, lever_key: str, language: str) -> str:
    """``Maluku–Papua 76%, Kalimantan 10%, ...`` (largest first, zero shares left out)."""
    shares = sorted(zip(regions.REGION_KEYS, allocation.shares[lever_key], strict=True), key=lambda kv: -kv[1])
    return ", ".join(f"{region_label(k, language)} {formatting.share(v, language, digits=0)}"
                     for k, v in shares if v > 0)


def lever_label(lever_key: str, language: str) -> str:
    return LEVER_SPECS[lever_key].short_label(language)


def goal_seek_table(result: RegionalGoalSeekResult, language: str) -> pd.DataFrame:
    """The mix a goal seek by region found (:class:`simulator.regional_goal_seek.RegionalGoalSeekResult`): per
    lever its setting, start month and where it goes (a lever at zero goes nowhere)."""
    from simulator.report.tables import lever_setting

    scenario = result.result.scenario
    rows = []
    for lever in LEVERS:
        value = getattr(scenario, lever.key)
        rows.append({
            text("col_lever", language): lever.short_label(language),
            text("col_setting", language): lever_setting(lever.key, value, language),
            text("gs_col_start", language): formatting.month(getattr(scenario, lever.start_key), language),
            text("regions_gs_col_where", language): (allocation_text(result.allocation, lever.key, language)
                                                      if value > 0 else "–"),
        })
    return pd.DataFrame(rows)


def sensitivity_labels(table: pd.DataFrame, language: str) -> dict[str, str]:
    """Display names of a regional tornado's inputs: a parameter's meaning, a lever's short label, a lever's
    share in a region."""
    from simulator.parameters import PARAMETER_SPECS

    labels = {}
    for row in table.to_dict("records"):
        if row["kind"] == "parameter":
            labels[row["input"]] = PARAMETER_SPECS[row["input"]].meaning(language)
        elif row["kind"] == "lever":
            labels[row["input"]] = lever_label(row["input"], language)
        else:
            labels[row["input"]] = text("regions_sens_share", language, lever=lever_label(row["lever"], language),
                                        region=region_label(row["region"], language))
    return labels


def sensitivity_chart(*, table: pd.DataFrame, language: str, rows: int = 12) -> alt.Chart:
    """The regional tornado (:attr:`simulator.regional_sensitivity.RegionalSensitivity.table`) as bars from the
    value at each input's low end to its high end, ``rows`` largest swings."""
    from simulator.report.charts import tornado_chart

    frame = table.rename(columns={"value_low": "adopters_low", "value_high": "adopters_high"})
    labels = {**sensitivity_labels(table, language), "axis": text("regions_sens_axis", language),
              "input": text("sens_input", language), "low": text("sens_low", language),
              "high": text("sens_high", language)}
    return tornado_chart(table=frame, labels=labels, language=language, value="adopters", rows=rows)


EXPORT_COLUMNS: tuple[str, ...] = (
    "region", "n_umkm", "online_share_now", "online_share_at_deadline", "online_share_at_deadline_p10",
    "online_share_at_deadline_p90", "gap_to_national", "adopters_at_deadline",
    *(f"{lever.key}_{what}" for lever in LEVERS for what in ("share", "added", "cost_per_added_idr")))
"""Columns of :func:`export_frame`: shares [fraction] (``online_share_at_deadline`` the median of the draws
when an ensemble is given, with its P10 and P90), ``gap_to_national`` [fraction, the region's share minus the
nation's], counts [UMKM], and per lever its share of the lever [fraction], what it adds there moved alone [UMKM]
and the cost per additional UMKM there [rupiah; NaN when it adds fewer than one]."""


def export_frame(run: regions.RegionalRun, ensemble: regions.RegionalEnsemble | None = None) -> pd.DataFrame:
    """The table by region with numbers as numbers, for the workbook and the brief (:data:`EXPORT_COLUMNS`)."""
    table = run.table
    umkm = table["n_umkm"].to_numpy()
    deadline = run.scenario.month_index("deadline")
    if ensemble is not None:
        low, share, high = (ensemble.at_deadline[j] / umkm for j in range(3))
        national = ensemble.national_fan[1, deadline] / umkm.sum()
        adopters = ensemble.at_deadline[1]
    else:
        share = low = high = table["online_share_at_deadline"].to_numpy()
        national = float(table["adopters_at_deadline"].sum() / umkm.sum())
        adopters = table["adopters_at_deadline"].to_numpy()
    out = pd.DataFrame({"region": table["region"], "n_umkm": umkm, "online_share_now": table["online_share_now"],
                        "online_share_at_deadline": share, "online_share_at_deadline_p10": low,
                        "online_share_at_deadline_p90": high, "gap_to_national": share - national,
                        "adopters_at_deadline": adopters})
    for lever in LEVERS:
        out[f"{lever.key}_share"] = run.allocation.array(lever.key)
        out[f"{lever.key}_added"] = table[f"{lever.key}_added"].to_numpy()
        out[f"{lever.key}_cost_per_added_idr"] = table[f"{lever.key}_cost_per_added_idr"].to_numpy()
    return out[list(EXPORT_COLUMNS)]


def export_header(column: str, language: str) -> str:
    """The header of an :data:`EXPORT_COLUMNS` column in ``language``."""
    fixed = {"region": "regions_col_region", "n_umkm": "regions_col_umkm", "online_share_now": "regions_col_now",
             "online_share_at_deadline": "regions_col_deadline", "gap_to_national": "regions_col_gap",
             "adopters_at_deadline": "regions_col_adopters"}
    if column in fixed:
        return text(fixed[column], language)
    if column.startswith("online_share_at_deadline_p"):
        return f"{text('regions_col_deadline', language)} ({column.rsplit('_', 1)[1].upper()})"
    for lever in LEVERS:
        short = lever.short_label(language)
        for suffix, key in (("_share", "regions_col_allocation"), ("_added", "regions_col_added"),
                            ("_cost_per_added_idr", "regions_col_cost_per")):
            if column == f"{lever.key}{suffix}":
                return text(key, language, lever=short)
    raise ValueError(f"unknown column {column!r}; allowed {', '.join(EXPORT_COLUMNS)}")


def brief_rows(frame: pd.DataFrame, language: str) -> list[list[str]]:
    """The brief's compact table: region, UMKM, online now and at the deadline (P10-P90), gap to the nation."""
    columns = ("region", "n_umkm", "online_share_now", "online_share_at_deadline", "gap_to_national")
    rows = [[export_header(c, language) for c in columns]]
    rows[0][3] = f"{rows[0][3]} (P10–P90)"
    for row in frame.to_dict("records"):
        rows.append([region_label(row["region"], language), formatting.count(row["n_umkm"], language),
                     formatting.share(row["online_share_now"], language),
                     f"{formatting.share(row['online_share_at_deadline'], language)} "
                     f"({formatting.share(row['online_share_at_deadline_p10'], language)}–"
                     f"{formatting.share(row['online_share_at_deadline_p90'], language)})",
                     text("regions_points", language,
                          value=formatting.number(100 * row["gap_to_national"], language, digits=1))])
    return rows
