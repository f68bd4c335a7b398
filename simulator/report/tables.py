"""Display tables for a language: the parameter registry, the levers, lever contributions, observations.

Pure functions returning DataFrames with translated column names and formatted values; the app, the
methodology page and the exports all use them, so each table is written once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from simulator.backtest import FORECASTERS, Backtest
from simulator.numbers import finite_or_none
from simulator.parameters import LEVER_SPECS, LEVERS, PARAMETERS, ModelParameters
from simulator.report import formatting
from simulator.report.i18n import column_text, source_text, text
from simulator.runner import Assessment
from simulator.uncertainty import STRUCTURES


def parameter_table(parameters: ModelParameters, language: str) -> pd.DataFrame:
    """Every model parameter: name, meaning, unit, value, plausible range, kind and source."""
    rows = []
    for spec in PARAMETERS:
        lo, hi = spec.plausible
        kind, value = spec.display, float(getattr(parameters, spec.name))
        rows.append({
            text("col_parameter", language): spec.name,
            text("col_meaning", language): spec.meaning(language),
            text("col_unit", language): spec.unit(language),
            text("col_value", language): formatting.parameter_value(value, kind, language),
            text("col_range", language): (f"{formatting.parameter_value(lo, kind, language)} – "
                                          f"{formatting.parameter_value(hi, kind, language)}"),
            text("col_kind", language): text(f"kind_{spec.kind}", language),
            text("col_source", language): source_text(spec.source, language),
        })
    return pd.DataFrame(rows)


def lever_setting(key: str, value: float, language: str) -> str:
    """A lever intensity in words: ``4.000 desa per tahun``, ``Rp1 triliun per tahun``."""
    lever = LEVER_SPECS[key]
    if lever.display_kind == "money":
        return text("slider_value", language, value=formatting.rupiah(value, language))
    return f"{formatting.number(value, language)} {lever.unit(language)}"


def lever_table(language: str) -> pd.DataFrame:
    """The levers: mechanism, status-quo pace and source."""
    return pd.DataFrame([{
        text("col_lever", language): lever.label(language),
        text("col_mechanism", language): lever.mechanism(language),
        text("col_status_quo", language): lever_setting(lever.key, lever.status_quo, language),
        text("col_source", language): source_text(lever.source, language),
    } for lever in LEVERS])


def _range(low: float, high: float, language: str) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return "–" if math.isnan(low) or math.isnan(high) else f"{formatting.rupiah(low, language)} – ∞"
    return f"{formatting.rupiah(low, language)} – {formatting.rupiah(high, language)}"


Rows = tuple[tuple[str, ...], list[tuple[str, ...]]]
"""A text table as its column names and its rows (each a tuple of cells, in the columns' order)."""


def contribution_table(assessment: Assessment, language: str,
                       cost_effectiveness: pd.DataFrame | Sequence[Mapping[str, Any]] | None = None, *,
                       ranges: bool = False) -> pd.DataFrame:
    """Each lever's setting, the UMKM it adds at the deadline, its extra cost and cost per additional UMKM.

    ``cost_effectiveness`` (from :class:`simulator.uncertainty.Ensemble`: the table or its ``cost_rows``) gives
    the Monte Carlo medians: of the total row always, and of each lever's row when it holds the lever's row (an
    ensemble run with ``levers``); a lever without one is shown from the central run and marked so. With
    ``ranges`` a column gives the P10-P90 range of the cost per additional UMKM across the draws.
    """
    columns, rows = contribution_rows(assessment, language, cost_effectiveness, ranges=ranges)
    return pd.DataFrame(rows, columns=list(columns))


def contribution_rows(assessment: Assessment, language: str,
                      cost_effectiveness: pd.DataFrame | Sequence[Mapping[str, Any]] | None = None, *,
                      ranges: bool = False) -> Rows:
    """:func:`contribution_table` as its column names and rows of text (what the page draws as HTML: the same
    cells without a DataFrame built and read back for every new scenario)."""
    if isinstance(cost_effectiveness, pd.DataFrame):
        cost_effectiveness = cost_effectiveness.to_dict("records") if "lever" in cost_effectiveness.columns else ()
    mc: dict[str, Mapping[str, Any]] = {r["lever"]: r for r in cost_effectiveness or ()}
    central = text("contrib_central_mark", language)
    columns = (text("col_lever", language), text("col_setting", language), text("col_added", language),
               text("col_extra_cost", language), text("col_cost_per", language),
               *((text("col_cost_per_range", language),) if ranges else ()))
    rows: list[tuple[str, ...]] = []

    def row(label: str, setting: str, added: float, extra: float, per: float | None, key: str, marked: bool) -> None:
        cells = (label + (f" {central}" if marked else ""), setting, formatting.count(added, language),
                 formatting.rupiah(extra, language),
                 formatting.rupiah(per, language) if per is not None and math.isfinite(per) else "–")
        if ranges:
            r = mc.get(key)
            cells += (_range(r["cost_per_adopter_idr_p10"], r["cost_per_adopter_idr_p90"], language) if r else "–",)
        rows.append(cells)

    for c in assessment.contributions:
        label = LEVER_SPECS[c.lever].short_label(language)
        setting = lever_setting(c.lever, getattr(assessment.scenario.scenario, c.lever), language)
        if c.lever in mc:
            r = mc[c.lever]
            row(label, setting, r["adopters_added_p50"], r["extra_cost_idr_p50"], r["cost_per_adopter_idr_p50"],
                c.lever, False)
        else:
            row(label, setting, c.adopters_added, c.extra_cost_idr, c.cost_per_adopter_idr, c.lever, True)
    if "total" in mc:
        r = mc["total"]
        row(text("total", language), "", r["adopters_added_p50"], r["extra_cost_idr_p50"],
            r["cost_per_adopter_idr_p50"], "total", False)
    return columns, rows


def observation_table(observations: pd.DataFrame, modelled: pd.Series | None, language: str) -> pd.DataFrame:
    """Observations with their sources, whether they were fitted, and the model's value on the same date; the
    source and note in ``language`` (:func:`simulator.report.i18n.column_text`)."""
    out = pd.DataFrame({
        text("col_date", language): observations["date"].dt.strftime("%Y-%m-%d"),
        text("col_observed", language): [formatting.number(v, language) for v in observations["value"]],
    })
    if "said_on" in observations.columns:
        out[text("col_said_on", language)] = observations["said_on"].dt.strftime("%Y-%m-%d").to_numpy()
    if "definition" in observations.columns:
        out[text("col_definition", language)] = [text(f"definition_{d}", language)
                                                 for d in observations["definition"]]
    if modelled is not None:
        out[text("col_modelled", language)] = [formatting.number(v, language) for v in modelled]
    out[text("col_used", language)] = [text("yes" if u else "no", language) for u in observations["use"]]
    out[text("col_source", language)] = column_text(observations, "source", language)
    out[text("col_note", language)] = column_text(observations, "note", language)
    return out


COMPARISON_LABELS = {"scenario": "export_col_scenario", "adopters_at_deadline": "export_col_at_deadline",
                     "reached_on": "export_col_reached", "probability": "export_col_probability",
                     "cost_idr": "export_col_cost", "extra_cost_idr": "col_extra_cost",
                     "cost_per_additional_idr": "col_cost_per"}
"""The i18n key of each column of a comparison (:data:`simulator.report.exports.COMPARISON_COLUMNS`)."""

COMPARISON_SHOWN = ("scenario", "adopters_at_deadline", "reached_on", "probability", "cost_idr",
                    "cost_per_additional_idr")
"""The columns the page and the policy brief show, in order (the workbook has every column)."""


def comparison_table(comparison: pd.DataFrame, language: str, *, name_length: int = 60) -> pd.DataFrame:
    """A comparison of scenarios as the reader sees it, on the page and in the brief: translated headers and
    formatted text; "–" where a figure is not estimated (no probability, or a scenario that adds no UMKM)."""
    def cell(column: str, value: object) -> str:
        if column == "scenario":
            return str(value)[:name_length]
        if column == "reached_on":
            return formatting.month(value, language) if isinstance(value, str) and value else \
                text("export_not_reached", language)
        number = finite_or_none(value)
        if number is None:
            return "–"
        if column == "probability":
            return formatting.probability(number, language)
        if column == "adopters_at_deadline":
            return formatting.count(number, language)
        return formatting.rupiah(number, language)

    return pd.DataFrame({text(COMPARISON_LABELS[c], language): [cell(c, v) for v in comparison[c]]
                         for c in COMPARISON_SHOWN if c in comparison.columns})


def forecaster_label(name: str, language: str) -> str:
    """A backtest forecaster's name for the reader: a structure's own label (from the structure), else the
    forecaster's string (``forecaster_<name>``)."""
    structures = {f"structure_{s.name}": s.label for s in STRUCTURES}
    return structures[name](language) if name in structures else text(f"forecaster_{name}", language)


def skill_table(result: Backtest, language: str) -> pd.DataFrame:
    """The backtest by origin in words: later counts, each forecaster's MAPE of the median, the model's coverage."""
    rows = []
    for origin in [*result.origins, None]:
        scores = result.mean if origin is None else origin.scores
        row = {text("skill_col_origin", language): (text("mean", language) if origin is None
                                                    else formatting.month(origin.as_of, language)),
               text("skill_col_later", language): "" if origin is None else formatting.number(origin.n_later, language)}
        for name in FORECASTERS:
            value = scores[name]["mape"]
            row[forecaster_label(name, language)] = "" if np.isnan(value) else formatting.share(value, language)
        coverage = scores["model"]["coverage_80"]
        row[text("skill_col_coverage", language)] = ("" if np.isnan(coverage)
                                                     else formatting.share(coverage, language, digits=0))
        rows.append(row)
    return pd.DataFrame(rows)
