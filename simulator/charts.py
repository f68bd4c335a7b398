"""Chart builders: pure, keyword-only functions returning altair charts.

The data they take is tidy and already labelled for the reader's language (see :func:`adoption_data`), so a
chart never formats numbers itself except through Vega label expressions built by
:mod:`simulator.formatting`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from simulator import formatting, timeline
from simulator.i18n import text
from simulator.runner import Assessment

SCENARIO_COLOR = "#c0392b"
BASELINE_COLOR = "#7f8c8d"
OBSERVED_COLOR = "#1f4e79"
TARGET_COLOR = "#27ae60"


def adoption_data(*, curves: dict[str, pd.DataFrame], language: str) -> pd.DataFrame:
    """Stack named curves (each with ``date`` and ``n_adopters``) into one long frame with tooltip labels."""
    parts = []
    for name, frame in curves.items():
        part = frame[["date", "n_adopters"]].copy()
        part["series"] = name
        parts.append(part)
    data = pd.concat(parts, ignore_index=True)
    data["month_label"] = [formatting.month(f"{d.year:04d}-{d.month:02d}", language) for d in data["date"]]
    data["value_label"] = [formatting.count(v, language) for v in data["n_adopters"]]
    return data


def observed_data(*, observations: pd.DataFrame, language: str) -> pd.DataFrame:
    """Observations with tooltip labels (``date``, ``value``, ``source``, ``use``)."""
    data = observations[["date", "value", "source", "use"]].copy()
    data["date_label"] = [formatting.month(f"{d.year:04d}-{d.month:02d}", language) for d in data["date"]]
    data["value_label"] = [formatting.count(v, language) for v in data["value"]]
    return data


def adoption_chart(*, curves: pd.DataFrame, observations: pd.DataFrame, target: float, target_label: str,
                   deadline: pd.Timestamp, deadline_label: str, labels: dict[str, str], colors: dict[str, str],
                   language: str, band: pd.DataFrame | None = None, height: int = 380) -> alt.LayerChart:
    """Adoption curves, observed points, target line and deadline rule, with tooltips on every layer.

    Parameters
    ----------
    curves
        From :func:`adoption_data`; ``series`` names the curve.
    observations
        From :func:`observed_data`.
    target, target_label
        Target [UMKM] and its text.
    deadline, deadline_label
        First day of the deadline month and its text.
    labels
        Axis and tooltip titles: keys ``x``, ``y``, ``series``, ``month``, ``value``, ``source``, ``observed``.
    colors
        Series name -> colour; the legend follows this order.
    band
        Optional ``date``, ``low``, ``high``, ``low_label``, ``high_label`` for an uncertainty band.
    """
    y_axis = alt.Axis(labelExpr=formatting.axis_millions_expr(language), title=labels["y"], tickCount=6)
    x_axis = alt.Axis(format="%Y", title=labels["x"], tickCount="year")
    color = alt.Color("series:N", title=labels["series"],
                      scale=alt.Scale(domain=list(colors), range=list(colors.values())),
                      legend=alt.Legend(orient="bottom", direction="horizontal"))
    lines = alt.Chart(curves).mark_line(strokeWidth=2.5).encode(
        x=alt.X("date:T", axis=x_axis),
        y=alt.Y("n_adopters:Q", axis=y_axis, scale=alt.Scale(zero=True)),
        color=color,
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("month_label:N", title=labels["month"]),
                 alt.Tooltip("value_label:N", title=labels["value"])],
    )
    points = alt.Chart(observations).mark_point(filled=True, size=70, color=OBSERVED_COLOR).encode(
        x="date:T", y="value:Q",
        shape=alt.Shape("use:N", legend=None, scale=alt.Scale(domain=[True, False], range=["circle", "triangle"])),
        tooltip=[alt.Tooltip("date_label:N", title=labels["month"]),
                 alt.Tooltip("value_label:N", title=labels["observed"]),
                 alt.Tooltip("source:N", title=labels["source"])],
    )
    rules = pd.DataFrame({"value": [target], "label": [target_label]})
    target_rule = alt.Chart(rules).mark_rule(color=TARGET_COLOR, strokeDash=[6, 4], strokeWidth=2).encode(
        y="value:Q", tooltip=[alt.Tooltip("label:N", title=labels["target"])])
    deadline_frame = pd.DataFrame({"date": [deadline], "label": [deadline_label]})
    deadline_rule = alt.Chart(deadline_frame).mark_rule(color="#34495e", strokeDash=[2, 3], strokeWidth=2).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title=labels["deadline"])])
    layers: list[alt.Chart] = []
    if band is not None:
        layers.append(alt.Chart(band).mark_area(opacity=0.22, color=SCENARIO_COLOR).encode(
            x="date:T", y="low:Q", y2="high:Q",
            tooltip=[alt.Tooltip("month_label:N", title=labels["month"]),
                     alt.Tooltip("low_label:N", title="P10"), alt.Tooltip("high_label:N", title="P90")]))
    layers += [target_rule, deadline_rule, lines, points]
    return alt.layer(*layers).properties(height=height, width="container").configure_axis(
        labelFontSize=12, titleFontSize=13).configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=260)


def contribution_chart(*, data: pd.DataFrame, labels: dict[str, str], language: str) -> alt.Chart:
    """Horizontal bars: UMKM each lever adds at the deadline (``lever``, ``adopters_added``, ``value_label``)."""
    return alt.Chart(data).mark_bar(color=SCENARIO_COLOR).encode(
        y=alt.Y("lever:N", title=None, sort=None, axis=alt.Axis(labelLimit=280)),
        x=alt.X("adopters_added:Q", title=labels["x"],
                axis=alt.Axis(labelExpr=formatting.axis_millions_expr(language), tickCount=4)),
        tooltip=[alt.Tooltip("lever:N", title=labels["lever"]),
                 alt.Tooltip("value_label:N", title=labels["x"]),
                 alt.Tooltip("cost_label:N", title=labels["cost"])],
    ).properties(height=150, width="container")


COMPARISON_COLORS = ("#2e86c1", "#8e44ad", "#d68910", "#17a589", "#a04000", "#5d6d7e", "#cb4335", "#1abc9c")
"""Colours of saved scenarios drawn beside the current one."""

_LABEL_KEYS = ("x", "y", "series", "month", "value", "source", "observed", "target", "deadline")


def scenario_chart(*, assessment: Assessment, observations: pd.DataFrame, language: str,
                   band: pd.DataFrame | None = None, others: dict[str, pd.DataFrame] | None = None,
                   height: int = 380) -> alt.LayerChart:
    """The app's main chart for an assessment: baseline, scenario (and saved ``others``), observations, target.

    ``band`` is an optional P10-P90 frame (``date``, ``low``, ``high``); labels come from :mod:`simulator.i18n`.
    """
    verdict = assessment.scenario.verdict
    scenario_name, baseline_name = text("series_scenario", language), text("series_baseline", language)
    # Baseline first so the scenario line is drawn on top of it when they coincide.
    named = {baseline_name: assessment.baseline.frame, **(others or {}), scenario_name: assessment.scenario.frame}
    colors = {baseline_name: BASELINE_COLOR}
    for name, color in zip(others or {}, COMPARISON_COLORS, strict=False):
        colors[name] = color
    colors[scenario_name] = SCENARIO_COLOR
    if band is not None:
        band = band.copy()
        band["month_label"] = [formatting.month(f"{d.year:04d}-{d.month:02d}", language) for d in band["date"]]
        band["low_label"] = [formatting.count(v, language) for v in band["low"]]
        band["high_label"] = [formatting.count(v, language) for v in band["high"]]
    deadline_index = timeline.parse_month(verdict.deadline)
    return adoption_chart(
        curves=adoption_data(curves=named, language=language),
        observations=observed_data(observations=observations, language=language),
        target=verdict.target,
        target_label=text("target_label", language, target=formatting.count(verdict.target, language)),
        deadline=pd.Timestamp(timeline.month_start(deadline_index)),
        deadline_label=text("deadline_label", language, deadline=formatting.month(verdict.deadline, language)),
        labels={k: text(f"chart_{k}", language) for k in _LABEL_KEYS}, colors=colors, language=language,
        band=band, height=height)
