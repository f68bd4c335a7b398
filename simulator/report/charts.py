"""Chart builders: pure, keyword-only functions returning Vega-Lite specifications and altair charts.

The main chart's layers, encodings and axis expressions depend only on the language and the series' names, so
they are built with altair once (:func:`chart_template`, memoised) over *named* data sources; a scenario only
fills the ``datasets`` (:func:`scenario_spec`), as plain records or, with ``arrow=True``, as Arrow IPC stream
bytes (:func:`arrow_ipc`), which Streamlit passes to the browser as they are instead of converting every dataset
through pandas on each rerun. The reach-month chart works the same way (:func:`reach_spec`). That keeps a rerun
free of altair's schema validation and of DataFrame work: building the spec for a new scenario takes a few
milliseconds.
"""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from simulator import timeline
from simulator.parameters import Scenario
from simulator.report import formatting
from simulator.report.i18n import column_text, text
from simulator.runner import Assessment

SCENARIO_COLOR = "#c0392b"
BASELINE_COLOR = "#7f8c8d"
OBSERVED_COLOR = "#1f4e79"
TARGET_COLOR = "#27ae60"
COMPARISON_COLORS = ("#2e86c1", "#8e44ad", "#d68910", "#17a589", "#a04000", "#5d6d7e", "#cb4335", "#1abc9c")
"""Colours of further series (median, saved scenarios) drawn between the baseline and the scenario."""

NARROW_CHART_PX = 560
"""Charts narrower than this [px] list their legend one entry a line (a row of entries would be cut)."""

_LABEL_KEYS = ("x", "y", "series", "month", "value", "source", "observed", "target", "deadline", "later")
LATER_COLOR = "#d35400"
REFERENCE_COLOR = "#7f8c8d"
"""The naive reference forecast (a straight line through the vintage's last 12 months), dashed."""
"""Counts reported after the data vintage: drawn in their own colour and shape, never fitted."""


@functools.lru_cache(maxsize=128)
def _template_json(language: str, names: tuple[str, ...], colors: tuple[str, ...], band: bool, height: int) -> str:
    labels = {k: text(f"chart_{k}", language) for k in _LABEL_KEYS}
    y_axis = alt.Axis(labelExpr=formatting.axis_millions_expr(language), title=labels["y"], tickCount=6)
    x_axis = alt.Axis(format="%Y", title=labels["x"], tickCount="year")
    color = alt.Color("series:N", title=labels["series"], scale=alt.Scale(domain=list(names), range=list(colors)),
                      # One entry a line on a narrow chart (a phone): a long saved name is not cut at the edge.
                      legend=alt.Legend(orient="bottom", direction="horizontal",
                                        columns=alt.ExprRef(expr=f"width < {NARROW_CHART_PX} ? 1 : 0")))
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
    later_points = alt.Chart(alt.NamedData("later")).mark_point(
        filled=True, size=80, shape="diamond", color=LATER_COLOR).encode(
        x="date:T", y="value:Q",
        tooltip=[alt.Tooltip("month_label:N", title=labels["month"]),
                 alt.Tooltip("value_label:N", title=labels["later"]),
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
    reference = alt.Chart(alt.NamedData("reference")).mark_line(
        strokeWidth=2, strokeDash=[6, 4], color=REFERENCE_COLOR).encode(
        x="date:T", y="n_adopters:Q",
        tooltip=[alt.Tooltip("series:N", title=labels["series"]), alt.Tooltip("month_label:N", title=labels["month"]),
                 alt.Tooltip("value_label:N", title=labels["value"])])
    layers += [target_rule, deadline_rule, reference, lines, points, later_points]
    chart = alt.layer(*layers).properties(height=height, width="container").configure_axis(
        labelFontSize=12, titleFontSize=13).configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=260)
    return json.dumps(_without_mark_aria(chart.to_dict()))


def _without_mark_aria(spec: dict[str, Any]) -> dict[str, Any]:
    """No ARIA text per mark, axis and legend: Vega writes it in English from raw field names ("date: Jan 01,
    2020; n_adopters: 7671773.46"); a screen reader reads the chart's own description (the page's ``alt``)."""
    spec.setdefault("config", {})["aria"] = False
    return spec


def chart_template(*, language: str, colors: Mapping[str, str], band: bool, height: int = 380) -> dict[str, Any]:
    """A fresh copy of the main chart's Vega-Lite spec without data (``datasets`` to be filled).

    ``colors`` maps series names to colours in legend order. Named data sources: ``curves`` (``date``,
    ``series``, ``n_adopters``, ``month_label``, ``value_label``), ``observed`` (``date``, ``value``, ``use``,
    ``source``, ``month_label``, ``value_label``), ``target`` (``value``, ``label``), ``deadline`` (``date``,
    ``label``), ``later`` (counts reported after the vintage: ``date``, ``value``, ``source``, ``month_label``,
    ``value_label``) and, with ``band``, ``band`` (``date``, ``low``, ``high``, ``month_label``, ``low_label``,
    ``high_label``).
    """
    return json.loads(_template_json(language, tuple(colors), tuple(colors.values()), band, height))


Columns = dict[str, list[Any]]
"""A dataset as columns: name -> equally long list of plain values (str, float, bool)."""
Frame = pd.DataFrame | Mapping[str, Any]
"""What the chart builders read a curve or a band from: a DataFrame, or the same columns as plain arrays."""


def iso_dates(dates: Sequence[pd.Timestamp] | pd.Series) -> list[str]:
    """Dates as ``YYYY-MM-DD`` strings (what a chart's Arrow or records datasets carry)."""
    return np.datetime_as_string(np.asarray(dates, dtype="datetime64[D]"), unit="D").tolist()


def month_labels(iso: Sequence[str], language: str) -> list[str]:
    """Each ISO date's month in words, ``Desember 2024`` / ``December 2024`` (tooltip labels)."""
    return [formatting.month(day[:7], language) for day in iso]


def _counts(values: Sequence[float], language: str) -> list[str]:
    return [formatting.count(value, language) for value in values]


def records(columns: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Columns as a list of row dicts (Vega-Lite's inline ``values``)."""
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def arrow_ipc(columns: Mapping[str, Sequence[Any]]) -> bytes:
    """Columns as Arrow IPC stream bytes: what Streamlit sends the browser for a chart dataset.

    Streamlit's ``st.vega_lite_chart`` converts every dataset that is not already ``bytes`` through a pandas
    DataFrame into this format on each call (``dataframe_util.convert_anything_to_arrow_bytes``: a
    ``RecordBatchStreamWriter`` over the table); building the table straight from the columns gives the same
    stream in a fraction of the time. Strings, floats and booleans become Arrow ``string``, ``double`` and
    ``bool`` columns. Read back with ``pyarrow.ipc.open_stream(data).read_all()``.
    """
    import pyarrow as pa  # installed with Streamlit; only the app's transport needs it

    table = pa.table({name: pa.array(list(values)) for name, values in columns.items()})
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def curve_columns(*, curves: Mapping[str, Frame], language: str) -> Columns:
    """Named curves (frames with ``date`` and ``n_adopters``) as ``curves`` columns with tooltip labels."""
    columns: Columns = {"date": [], "series": [], "n_adopters": [], "month_label": [], "value_label": []}
    for name, frame in curves.items():
        iso, values = iso_dates(frame["date"]), np.asarray(frame["n_adopters"], dtype=float).tolist()
        columns["date"] += iso
        columns["series"] += [name] * len(iso)
        columns["n_adopters"] += values
        columns["month_label"] += month_labels(iso, language)
        columns["value_label"] += _counts(values, language)
    return columns


def observed_columns(*, observations: pd.DataFrame, language: str) -> Columns:
    """Observations as ``observed`` columns with tooltip labels."""
    iso, values = iso_dates(observations["date"]), [float(v) for v in observations["value"]]
    return {"date": iso, "value": values, "use": [bool(u) for u in observations["use"]],
            "source": column_text(observations, "source", language), "month_label": month_labels(iso, language),
            "value_label": _counts(values, language)}


def reference_columns(*, reference: pd.DataFrame | None, language: str) -> Columns:
    """A reference forecast (``date``, ``n_adopters``) as the ``reference`` dataset (empty without one)."""
    if reference is None or reference.empty:
        return {"date": [], "n_adopters": [], "series": [], "month_label": [], "value_label": []}
    iso, values = iso_dates(reference["date"]), reference["n_adopters"].to_numpy(float).tolist()
    return {"date": iso, "n_adopters": values, "series": [text("forecaster_trend_12m", language)] * len(iso),
            "month_label": month_labels(iso, language), "value_label": _counts(values, language)}


def later_columns(*, later: pd.DataFrame | None, language: str) -> Columns:
    """Counts reported after the vintage as ``later`` columns (empty without any)."""
    if later is None or later.empty:
        return {"date": [], "value": [], "source": [], "month_label": [], "value_label": []}
    iso, values = iso_dates(later["date"]), [float(v) for v in later["value"]]
    return {"date": iso, "value": values, "source": [str(s) for s in later["source"]],
            "month_label": month_labels(iso, language), "value_label": _counts(values, language)}


def band_columns(*, band: Frame, language: str) -> Columns:
    """A P10-P90 frame (``date``, ``low``, ``high``) as ``band`` columns with tooltip labels."""
    iso = iso_dates(band["date"])
    low, high = np.asarray(band["low"], dtype=float).tolist(), np.asarray(band["high"], dtype=float).tolist()
    return {"date": iso, "low": low, "high": high, "month_label": month_labels(iso, language),
            "low_label": _counts(low, language), "high_label": _counts(high, language)}


def curve_records(*, curves: Mapping[str, pd.DataFrame], language: str) -> list[dict[str, Any]]:
    """:func:`curve_columns` as records."""
    return records(curve_columns(curves=curves, language=language))


def observed_records(*, observations: pd.DataFrame, language: str) -> list[dict[str, Any]]:
    """:func:`observed_columns` as records."""
    return records(observed_columns(observations=observations, language=language))


def band_records(*, band: pd.DataFrame, language: str) -> list[dict[str, Any]]:
    """:func:`band_columns` as records."""
    return records(band_columns(band=band, language=language))


def adoption_spec(*, curves: Mapping[str, Frame], colors: Mapping[str, str],
                  observations: pd.DataFrame | bytes, target: float, deadline: str, language: str,
                  band: Frame | None = None, height: int = 380, arrow: bool = False,
                  later: pd.DataFrame | bytes | None = None, reference: pd.DataFrame | bytes | None = None
                  ) -> dict[str, Any]:
    """Vega-Lite spec: named adoption curves, observed points, target line, deadline rule, optional band, and
    the counts reported after the data vintage (``later``: rows as from ``observations.load``).

    Parameters
    ----------
    curves
        Series name -> frame with ``date`` and ``n_adopters`` [UMKM]; drawn in this order.
    colors
        Series name -> colour, in legend order (must name every curve).
    observations
        As from :func:`simulator.io.observations.load`; or, with ``arrow``, the ``observed`` dataset already as
        Arrow IPC bytes (it depends only on the language: callers may memoise it).
    target
        [UMKM]; ``deadline`` as ``"YYYY-MM"``.
    band
        Optional ``date``, ``low``, ``high`` [UMKM] drawn as a shaded band.
    arrow
        Datasets as Arrow IPC bytes (:func:`arrow_ipc`, for ``st.vega_lite_chart``) instead of records (for
        altair, exports and Vega-Lite elsewhere).
    later, reference
        With ``arrow``, either may also be given as its dataset's Arrow bytes already (:func:`later_columns`,
        :func:`reference_columns`): they depend on the data vintage, the deadline and the language, not on the
        levers, so callers may memoise them.
    """
    spec = chart_template(language=language, colors=colors, band=band is not None, height=height)
    target_text = text("target_label", language, target=formatting.count(target, language))
    deadline_day = timeline.month_start(timeline.parse_month(deadline))
    datasets: dict[str, Columns | bytes] = {
        "curves": curve_columns(curves=curves, language=language),
        "observed": (observations if isinstance(observations, bytes)
                     else observed_columns(observations=observations, language=language)),
        "later": later if isinstance(later, bytes) else later_columns(later=later, language=language),
        "reference": (reference if isinstance(reference, bytes)
                      else reference_columns(reference=reference, language=language)),
        "target": {"value": [float(target)], "label": [target_text]},
        "deadline": {"date": [deadline_day.isoformat()],
                     "label": [text("deadline_label", language, deadline=formatting.month(deadline, language))]},
    }
    if band is not None:
        datasets["band"] = band_columns(band=band, language=language)
    given = [name for name in ("observed", "later", "reference") if isinstance(datasets[name], bytes)]
    if given and not arrow:
        raise ValueError(f"{', '.join(given)} given as Arrow bytes need arrow=True")
    spec["datasets"] = {name: (data if isinstance(data, bytes) else arrow_ipc(data) if arrow else records(data))
                        for name, data in datasets.items()}
    return spec


def scenario_spec(*, assessment: Assessment, observations: pd.DataFrame | bytes, language: str,
                  band: pd.DataFrame | None = None, others: Mapping[str, pd.DataFrame] | None = None,
                  height: int = 380, arrow: bool = False) -> dict[str, Any]:
    """The app's main chart for an assessment: baseline, ``others`` (median, saved scenarios), scenario.

    ``observations`` and ``arrow`` as in :func:`adoption_spec`.
    """
    scenario_name, baseline_name = text("series_scenario", language), text("series_baseline", language)
    # Baseline first and scenario last, so the scenario line is drawn on top when they coincide.
    curves = {baseline_name: assessment.baseline.frame, **(others or {}), scenario_name: assessment.scenario.frame}
    colors = {baseline_name: BASELINE_COLOR}
    for name, color in zip(others or {}, COMPARISON_COLORS, strict=False):
        colors[name] = color
    colors[scenario_name] = SCENARIO_COLOR
    verdict = assessment.scenario.verdict
    return adoption_spec(curves=curves, colors=colors, observations=observations, target=verdict.target,
                         deadline=verdict.deadline, language=language, band=band, height=height, arrow=arrow)


def forecast_spec(*, scenario: Scenario, median: Frame, baseline: Frame,
                  observations: pd.DataFrame | bytes, language: str, band: Frame | None = None,
                  later: pd.DataFrame | bytes | None = None, reference: pd.DataFrame | bytes | None = None,
                  height: int = 380, arrow: bool = False) -> dict[str, Any]:
    """The app's main chart on the Monte Carlo: the status quo's and the scenario's median (frames with
    ``date`` and ``n_adopters``), the scenario's P10-P90 ``band``, the vintage's observations, the counts
    reported ``later`` and a naive ``reference`` forecast (dashed)."""
    baseline_name = text("series_baseline_median", language)
    scenario_name = text("series_median", language)
    return adoption_spec(curves={baseline_name: baseline, scenario_name: median},
                         colors={baseline_name: BASELINE_COLOR, scenario_name: SCENARIO_COLOR},
                         observations=observations, target=scenario.target, deadline=scenario.deadline,
                         language=language, band=band, height=height, arrow=arrow, later=later,
                         reference=reference)


def scenario_chart(**kwargs: Any) -> alt.LayerChart:
    """:func:`scenario_spec` as an altair chart (for exports and notebooks); same arguments, records only."""
    return alt.LayerChart.from_dict(scenario_spec(**kwargs, arrow=False), validate=False)



def fan_band(frame: pd.DataFrame) -> pd.DataFrame:
    """The P10-P90 band of an ensemble frame (``n_adopters_p10``, ``n_adopters_p90``) as ``date, low, high``."""
    return pd.DataFrame({"date": frame["date"], "low": np.asarray(frame["n_adopters_p10"], float),
                         "high": np.asarray(frame["n_adopters_p90"], float)})


TORNADO_LABEL_CHARS = 24
"""Characters per line of a tornado label: longer names wrap onto more lines, so the bars keep their width on a
phone (a 320 px label column left none at 390 px)."""
TORNADO_LABEL_LIMIT = 170
"""Widest line of a tornado label [px]; a line longer than this (one unbroken word) ends in an ellipsis."""


def wrap_label(label: str, *, width: int = TORNADO_LABEL_CHARS) -> str:
    """``label`` broken at spaces into lines of at most ``width`` characters, joined by newlines (an axis's
    ``labelExpr`` splits them back into lines)."""
    return "\n".join(textwrap.wrap(label, width=width, break_long_words=False, break_on_hyphens=False)) or label


def tornado_chart(*, table: pd.DataFrame, labels: Mapping[str, str], language: str, value: str = "probability",
                  rows: int = 12) -> alt.Chart:
    """Tornado: for each input, a bar from its value at the low to the high end of its range.

    ``table`` is :attr:`simulator.sensitivity.Sensitivity.table`; ``labels`` maps each input to its display name
    and has ``axis``, ``low`` and ``high`` titles; ``value`` is ``"probability"`` (shares) or ``"adopters"``
    (UMKM at the deadline). The ``rows`` largest swings are shown, largest on top. Names wrap onto lines of
    :data:`TORNADO_LABEL_CHARS` characters (``line``: the name with newlines), each bar's row as tall as its
    name needs.
    """
    data = table.head(rows)
    records = []
    for row in data.to_dict("records"):
        low, high = float(row[f"{value}_low"]), float(row[f"{value}_high"])
        show = ((lambda v: formatting.share(v, language, digits=0)) if value == "probability"
                else (lambda v: formatting.count(v, language)))
        name = labels.get(row["input"], row["input"])
        records.append({"input": name, "line": wrap_label(name), "low": low, "high": high,
                        "start": min(low, high), "end": max(low, high), "low_label": show(low),
                        "high_label": show(high), "rising": high >= low})
    axis = (alt.Axis(format="%", title=labels["axis"]) if value == "probability"
            else alt.Axis(labelExpr=formatting.axis_millions_expr(language), title=labels["axis"]))
    order = [r["line"] for r in records]
    lines = max((r["line"].count("\n") + 1 for r in records), default=1)
    base = alt.Chart(alt.Data(values=records))
    bars = base.mark_bar().encode(
        y=alt.Y("line:N", sort=order, title=None,
                axis=alt.Axis(labelExpr="split(datum.value, '\\n')", labelLimit=TORNADO_LABEL_LIMIT,
                              labelPadding=6)),
        x=alt.X("start:Q", axis=axis), x2="end:Q",
        color=alt.Color("rising:N", legend=None,
                        scale=alt.Scale(domain=[True, False], range=[SCENARIO_COLOR, COMPARISON_COLORS[0]])),
        tooltip=[alt.Tooltip("input:N", title=labels["input"]), alt.Tooltip("low_label:N", title=labels["low"]),
                 alt.Tooltip("high_label:N", title=labels["high"])])
    return bars.properties(height=alt.Step(max(26, 13 * lines + 10)), width="container")


@functools.lru_cache(maxsize=16)
def _reach_template_json(x_title: str, y_title: str, height: int) -> str:
    chart = alt.Chart(alt.NamedData("reach")).mark_bar(color=SCENARIO_COLOR).encode(
        x=alt.X("year:N", sort=alt.EncodingSortField("order", op="min"), title=x_title,
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("probability:Q", title=y_title, axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("year:N", title=x_title), alt.Tooltip("label:N", title=y_title)],
    ).properties(height=height, width="container")
    return json.dumps(_without_mark_aria(chart.to_dict()))


def reach_columns(*, reached: pd.DataFrame, never: str, language: str) -> Columns:
    """:attr:`simulator.uncertainty.Ensemble.reached` summed by year: ``year``, ``probability``, ``label``
    (the probability formatted) and ``order`` (0, 1, ... : years ascending, ``never`` last)."""
    by_year: dict[str, float] = {}
    for month, probability in zip(reached["reached_on"], reached["probability"], strict=True):
        month = str(month)
        key = month[:4] if month[:4].isdigit() and len(month) == 7 else never
        by_year[key] = by_year.get(key, 0.0) + float(probability)
    order = sorted(k for k in by_year if k.isdigit()) + [k for k in by_year if not k.isdigit()]
    return {"year": order, "probability": [by_year[k] for k in order],
            "label": [formatting.share(by_year[k], language, digits=0) for k in order],
            "order": list(range(len(order)))}


def reach_spec(*, reached: pd.DataFrame, labels: Mapping[str, str], language: str, height: int = 180,
               arrow: bool = False) -> dict[str, Any]:
    """When the target is first reached: probability by year, and "not before the horizon" as its own bar.

    ``reached`` is :attr:`simulator.uncertainty.Ensemble.reached` (``reached_on`` "YYYY-MM" or a not-reached
    label, ``probability``); ``labels`` has ``x``, ``y`` and ``never`` (the bar for draws that never reach it).
    The layout is a memoised template (built with altair once per set of titles); the data is the named
    dataset ``reach`` (:func:`reach_columns`), as records or, with ``arrow``, Arrow IPC bytes.
    """
    spec = json.loads(_reach_template_json(labels["x"], labels["y"], height))
    columns = reach_columns(reached=reached, never=labels["never"], language=language)
    spec["datasets"] = {"reach": arrow_ipc(columns) if arrow else records(columns)}
    return spec
