"""Chart builders: pure, keyword-only functions returning Vega-Lite specifications and altair charts.

The main chart's layers, encodings and axis expressions depend only on the language and the series' names, so
they are built with altair once (:func:`chart_template`, memoised) over *named* data sources; a scenario only
fills the ``datasets`` with plain records (:func:`scenario_spec`). That keeps a rerun free of altair's schema
validation and of DataFrame work: building the spec for a new scenario takes a few milliseconds.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from simulator import formatting, timeline
from simulator.i18n import text
from simulator.runner import Assessment

SCENARIO_COLOR = "#c0392b"
BASELINE_COLOR = "#7f8c8d"
OBSERVED_COLOR = "#1f4e79"
TARGET_COLOR = "#27ae60"
COMPARISON_COLORS = ("#2e86c1", "#8e44ad", "#d68910", "#17a589", "#a04000", "#5d6d7e", "#cb4335", "#1abc9c")
"""Colours of further series (median, saved scenarios) drawn between the baseline and the scenario."""

_LABEL_KEYS = ("x", "y", "series", "month", "value", "source", "observed", "target", "deadline")


@functools.lru_cache(maxsize=128)
def _template_json(language: str, names: tuple[str, ...], colors: tuple[str, ...], band: bool, height: int) -> str:
    labels = {k: text(f"chart_{k}", language) for k in _LABEL_KEYS}
    y_axis = alt.Axis(labelExpr=formatting.axis_millions_expr(language), title=labels["y"], tickCount=6)
    x_axis = alt.Axis(format="%Y", title=labels["x"], tickCount="year")
    color = alt.Color("series:N", title=labels["series"], scale=alt.Scale(domain=list(names), range=list(colors)),
                      legend=alt.Legend(orient="bottom", direction="horizontal"))
    lines = alt.Chart(alt.NamedData("curves")).mark_line(strokeWidth=2.5).encode(
        x=alt.X("date:T", axis=x_axis), y=alt.Y("n_adopters:Q", axis=y_axis, scale=alt.Scale(zero=True)),
        color=color,
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("month_label:N", title=labels["month"]),
                 alt.Tooltip("value_label:N", title=labels["value"])])
    points = alt.Chart(alt.NamedData("observed")).mark_point(filled=True, size=70, color=OBSERVED_COLOR).encode(
        x="date:T", y="value:Q",
        shape=alt.Shape("use:N", legend=None, scale=alt.Scale(domain=[True, False], range=["circle", "triangle"])),
        tooltip=[alt.Tooltip("month_label:N", title=labels["month"]),
                 alt.Tooltip("value_label:N", title=labels["observed"]),
                 alt.Tooltip("source:N", title=labels["source"])])
    target_rule = alt.Chart(alt.NamedData("target")).mark_rule(
        color=TARGET_COLOR, strokeDash=[6, 4], strokeWidth=2).encode(
        y="value:Q", tooltip=[alt.Tooltip("label:N", title=labels["target"])])
    deadline_rule = alt.Chart(alt.NamedData("deadline")).mark_rule(
        color="#34495e", strokeDash=[2, 3], strokeWidth=2).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title=labels["deadline"])])
    layers: list[alt.Chart] = []
    if band:
        layers.append(alt.Chart(alt.NamedData("band")).mark_area(opacity=0.22, color=SCENARIO_COLOR).encode(
            x="date:T", y="low:Q", y2="high:Q",
            tooltip=[alt.Tooltip("month_label:N", title=labels["month"]),
                     alt.Tooltip("low_label:N", title="P10"), alt.Tooltip("high_label:N", title="P90")]))
    layers += [target_rule, deadline_rule, lines, points]
    chart = alt.layer(*layers).properties(height=height, width="container").configure_axis(
        labelFontSize=12, titleFontSize=13).configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=260)
    return json.dumps(chart.to_dict())


def chart_template(*, language: str, colors: Mapping[str, str], band: bool, height: int = 380) -> dict[str, Any]:
    """A fresh copy of the main chart's Vega-Lite spec without data (``datasets`` to be filled).

    ``colors`` maps series names to colours in legend order. Named data sources: ``curves`` (``date``,
    ``series``, ``n_adopters``, ``month_label``, ``value_label``), ``observed`` (``date``, ``value``, ``use``,
    ``source``, ``month_label``, ``value_label``), ``target`` (``value``, ``label``), ``deadline`` (``date``,
    ``label``) and, with ``band``, ``band`` (``date``, ``low``, ``high``, ``month_label``, ``low_label``,
    ``high_label``).
    """
    return json.loads(_template_json(language, tuple(colors), tuple(colors.values()), band, height))


def _iso(dates: Sequence[pd.Timestamp] | pd.Series) -> list[str]:
    return [f"{d.year:04d}-{d.month:02d}-{d.day:02d}" for d in dates]


def _month_labels(dates: Sequence[pd.Timestamp] | pd.Series, language: str) -> list[str]:
    return [formatting.month(f"{d.year:04d}-{d.month:02d}", language) for d in dates]


def curve_records(*, curves: Mapping[str, pd.DataFrame], language: str) -> list[dict[str, Any]]:
    """Named curves (frames with ``date`` and ``n_adopters``) as ``curves`` records with tooltip labels."""
    records: list[dict[str, Any]] = []
    for name, frame in curves.items():
        dates, values = frame["date"], frame["n_adopters"].to_numpy(float)
        for iso, label, value in zip(_iso(dates), _month_labels(dates, language), values, strict=True):
            records.append({"date": iso, "series": name, "n_adopters": float(value), "month_label": label,
                            "value_label": formatting.count(value, language)})
    return records


def observed_records(*, observations: pd.DataFrame, language: str) -> list[dict[str, Any]]:
    """Observations as ``observed`` records with tooltip labels."""
    dates = observations["date"]
    return [{"date": iso, "value": float(v), "use": bool(u), "source": str(s), "month_label": label,
             "value_label": formatting.count(v, language)}
            for iso, label, v, u, s in zip(_iso(dates), _month_labels(dates, language), observations["value"],
                                           observations["use"], observations["source"], strict=True)]


def band_records(*, band: pd.DataFrame, language: str) -> list[dict[str, Any]]:
    """A P10-P90 frame (``date``, ``low``, ``high``) as ``band`` records with tooltip labels."""
    dates = band["date"]
    low, high = band["low"].to_numpy(float), band["high"].to_numpy(float)
    return [{"date": iso, "low": float(lo), "high": float(hi), "month_label": label,
             "low_label": formatting.count(lo, language), "high_label": formatting.count(hi, language)}
            for iso, label, lo, hi in zip(_iso(dates), _month_labels(dates, language), low, high, strict=True)]


def adoption_spec(*, curves: Mapping[str, pd.DataFrame], colors: Mapping[str, str], observations: pd.DataFrame,
                  target: float, deadline: str, language: str, band: pd.DataFrame | None = None,
                  height: int = 380) -> dict[str, Any]:
    """Vega-Lite spec: named adoption curves, observed points, target line, deadline rule, optional band.

    Parameters
    ----------
    curves
        Series name -> frame with ``date`` and ``n_adopters`` [UMKM]; drawn in this order.
    colors
        Series name -> colour, in legend order (must name every curve).
    observations
        As from :func:`simulator.observations.load`.
    target
        [UMKM]; ``deadline`` as ``"YYYY-MM"``.
    band
        Optional ``date``, ``low``, ``high`` [UMKM] drawn as a shaded band.
    """
    spec = chart_template(language=language, colors=colors, band=band is not None, height=height)
    target_text = text("target_label", language, target=formatting.count(target, language))
    deadline_day = timeline.month_start(timeline.parse_month(deadline))
    spec["datasets"] = {
        "curves": curve_records(curves=curves, language=language),
        "observed": observed_records(observations=observations, language=language),
        "target": [{"value": float(target), "label": target_text}],
        "deadline": [{"date": deadline_day.isoformat(),
                      "label": text("deadline_label", language, deadline=formatting.month(deadline, language))}],
    }
    if band is not None:
        spec["datasets"]["band"] = band_records(band=band, language=language)
    return spec


def scenario_spec(*, assessment: Assessment, observations: pd.DataFrame, language: str,
                  band: pd.DataFrame | None = None, others: Mapping[str, pd.DataFrame] | None = None,
                  height: int = 380) -> dict[str, Any]:
    """The app's main chart for an assessment: baseline, ``others`` (median, saved scenarios), scenario."""
    scenario_name, baseline_name = text("series_scenario", language), text("series_baseline", language)
    # Baseline first and scenario last, so the scenario line is drawn on top when they coincide.
    curves = {baseline_name: assessment.baseline.frame, **(others or {}), scenario_name: assessment.scenario.frame}
    colors = {baseline_name: BASELINE_COLOR}
    for name, color in zip(others or {}, COMPARISON_COLORS, strict=False):
        colors[name] = color
    colors[scenario_name] = SCENARIO_COLOR
    verdict = assessment.scenario.verdict
    return adoption_spec(curves=curves, colors=colors, observations=observations, target=verdict.target,
                         deadline=verdict.deadline, language=language, band=band, height=height)


def scenario_chart(**kwargs: Any) -> alt.LayerChart:
    """:func:`scenario_spec` as an altair chart (for exports and notebooks); same arguments."""
    return alt.LayerChart.from_dict(scenario_spec(**kwargs), validate=False)


def fan_band(frame: pd.DataFrame) -> pd.DataFrame:
    """The P10-P90 band of an ensemble frame (``n_adopters_p10``, ``n_adopters_p90``) as ``date, low, high``."""
    return pd.DataFrame({"date": frame["date"], "low": np.asarray(frame["n_adopters_p10"], float),
                         "high": np.asarray(frame["n_adopters_p90"], float)})


def tornado_chart(*, table: pd.DataFrame, labels: Mapping[str, str], language: str, value: str = "probability",
                  rows: int = 12) -> alt.Chart:
    """Tornado: for each input, a bar from its value at the low to the high end of its range.

    ``table`` is :attr:`simulator.sensitivity.Sensitivity.table`; ``labels`` maps each input to its display name
    and has ``axis``, ``low`` and ``high`` titles; ``value`` is ``"probability"`` (shares) or ``"adopters"``
    (UMKM at the deadline). The ``rows`` largest swings are shown, largest on top.
    """
    data = table.head(rows)
    records = []
    for row in data.to_dict("records"):
        low, high = float(row[f"{value}_low"]), float(row[f"{value}_high"])
        show = ((lambda v: formatting.share(v, language, digits=0)) if value == "probability"
                else (lambda v: formatting.count(v, language)))
        records.append({"input": labels.get(row["input"], row["input"]), "low": low, "high": high,
                        "start": min(low, high), "end": max(low, high), "low_label": show(low),
                        "high_label": show(high), "rising": high >= low})
    axis = (alt.Axis(format="%", title=labels["axis"]) if value == "probability"
            else alt.Axis(labelExpr=formatting.axis_millions_expr(language), title=labels["axis"]))
    order = [r["input"] for r in records]
    base = alt.Chart(alt.Data(values=records))
    bars = base.mark_bar().encode(
        y=alt.Y("input:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("start:Q", axis=axis), x2="end:Q",
        color=alt.Color("rising:N", legend=None,
                        scale=alt.Scale(domain=[True, False], range=[SCENARIO_COLOR, COMPARISON_COLORS[0]])),
        tooltip=[alt.Tooltip("input:N", title=labels["input"]), alt.Tooltip("low_label:N", title=labels["low"]),
                 alt.Tooltip("high_label:N", title=labels["high"])])
    return bars.properties(height=alt.Step(26), width="container")


def reach_chart(*, reached: pd.DataFrame, labels: Mapping[str, str], language: str) -> alt.Chart:
    """When the target is first reached: probability by year, and "not before the horizon" as its own bar.

    ``reached`` is :attr:`simulator.uncertainty.Ensemble.reached` (``reached_on`` "YYYY-MM" or a not-reached
    label, ``probability``); ``labels`` has ``x``, ``y`` and ``never`` (the bar for draws that never reach it).
    """
    by_year: dict[str, float] = {}
    for row in reached.to_dict("records"):
        month = str(row["reached_on"])
        key = month[:4] if month[:4].isdigit() and len(month) == 7 else labels["never"]
        by_year[key] = by_year.get(key, 0.0) + float(row["probability"])
    order = sorted(k for k in by_year if k.isdigit()) + [k for k in by_year if not k.isdigit()]
    records = [{"year": k, "probability": by_year[k],
                "label": formatting.share(by_year[k], language, digits=0)} for k in order]
    return alt.Chart(alt.Data(values=records)).mark_bar(color=SCENARIO_COLOR).encode(
        x=alt.X("year:N", sort=order, title=labels["x"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("probability:Q", title=labels["y"], axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("year:N", title=labels["x"]), alt.Tooltip("label:N", title=labels["y"])],
    ).properties(height=180, width="container")
