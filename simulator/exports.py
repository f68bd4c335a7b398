"""Exports for the people who decide: results as CSV and Excel, the chart as PNG and SVG, a policy brief as PDF.

Every function is pure (its output depends only on its arguments) and returns bytes, ready for a download
button or a file. Texts come from :mod:`simulator.i18n` and numbers from :mod:`simulator.formatting`, so an
export reads like the app in the same language. Nothing here touches the network: the chart is rendered by
vl-convert's bundled Vega, and the PDF embeds the DejaVu Sans fonts shipped in ``simulator/data/fonts``.

A comparison of named scenarios is a DataFrame with the columns of :data:`COMPARISON_COLUMNS` (build one with
:func:`comparison_frame`); the Excel export writes it as a sheet, the policy brief as a table.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import vl_convert
from babel.dates import format_date
from fpdf import FPDF, FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from simulator import __version__, formatting
from simulator.i18n import text
from simulator.parameters import (
    HORIZON_RANGE,
    LEVER_SPECS,
    LEVERS,
    MODEL_START,
    PARAMETER_SPECS,
    PARAMETERS,
    TARGET_RANGE,
    ModelParameters,
)
from simulator.runner import Assessment
from simulator.tables import lever_setting

RESULT_COLUMNS: tuple[str, ...] = (
    "date", "n_adopters", "baseline_n_adopters", "market_potential", "new_adopters", "new_dropouts",
    "new_from_training", "n_umkm", "connected_share", "ready_share", "villages_covered", "spend_idr",
    "cum_spend_idr", "baseline_cum_spend_idr",
)
"""Columns of :func:`results_frame`: ``date`` as ``YYYY-MM``, counts [UMKM], shares [fraction], villages,
money [rupiah]; ``new_*`` and ``spend_idr`` are flows during the month, the rest end-of-month values."""

COMPARISON_COLUMNS: tuple[str, ...] = (
    "scenario", "adopters_at_deadline", "reached_on", "probability", "cost_idr", "extra_cost_idr",
    "cost_per_additional_idr",
)
"""Columns of a comparison: name, UMKM online at the deadline [UMKM], first month reaching the target
(``YYYY-MM`` or None), probability of reaching it by the deadline [fraction] (NaN when not estimated),
programme cost to the deadline and extra cost versus the status quo [rupiah], and extra cost per additional
UMKM online at the deadline [rupiah per UMKM] (NaN when the scenario adds none). Only ``scenario`` and
``adopters_at_deadline`` are required by the exports; a missing column is shown as "–"."""

BRIEF_PARAMETERS: tuple[str, ...] = (
    "adopters_2020", "innovation", "imitation", "willing_share", "ready_share_2020", "dropout_rate",
    "training_effectiveness", "training_cost_idr", "financing_cost_per_ready_idr", "financing_max_ready_gain",
    "umkm_per_uncovered_village",
)
"""The assumptions the policy brief lists: the calibrated ones and those the verdict is most sensitive to."""

MAX_BRIEF_COMPARISON_ROWS = 8
"""Most comparison rows the policy brief shows (it must stay within two pages)."""

CHART_WIDTH = 700
"""Width [px] given to a chart whose width follows its container (the app's charts) when exported."""

_COUNT = "#,##0"
_SHARE = "0.0%"
_FONT_FAMILY = "DejaVu"


# ----------------------------------------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------------------------------------

def results_frame(assessment: Assessment) -> pd.DataFrame:
    """The scenario's monthly results beside the baseline's, columns :data:`RESULT_COLUMNS`, date first."""
    frame = assessment.scenario.frame
    base = assessment.baseline.frame
    out = frame.drop(columns="date")
    out.insert(0, "date", frame["date"].dt.strftime("%Y-%m"))
    out["baseline_n_adopters"] = base["n_adopters"].to_numpy()
    out["baseline_cum_spend_idr"] = base["cum_spend_idr"].to_numpy()
    return out.loc[:, list(RESULT_COLUMNS)].reset_index(drop=True)


def results_csv(assessment: Assessment) -> bytes:
    """:func:`results_frame` as UTF-8 CSV (comma-separated, ``.`` decimals, full precision)."""
    return results_frame(assessment).to_csv(index=False, lineterminator="\n").encode("utf-8")


def comparison_frame(assessments: Mapping[str, Assessment], *,
                     probabilities: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Named scenarios side by side, columns :data:`COMPARISON_COLUMNS`, in the mapping's order.

    Each scenario is compared with its own baseline (the status quo with the same target and deadline).
    """
    rows = []
    for name, assessment in assessments.items():
        verdict, base = assessment.scenario.verdict, assessment.baseline.verdict
        added = verdict.adopters_at_deadline - base.adopters_at_deadline
        extra = round(verdict.cost_idr - base.cost_idr)  # whole rupiah: drops float noise of equal budgets
        rows.append({
            "scenario": name,
            "adopters_at_deadline": verdict.adopters_at_deadline,
            "reached_on": verdict.reached_on,
            "probability": float((probabilities or {}).get(name, math.nan)),
            "cost_idr": round(verdict.cost_idr),
            "extra_cost_idr": extra,
            "cost_per_additional_idr": extra / added if added > 1.0 else math.nan,
        })
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def _number(value: Any) -> float | None:
    """A finite float, or None for None/NaN/inf/non-numbers (shown as "–")."""
    if value is None or isinstance(value, bool | str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _scalar(value: Any) -> float | str:
    """A model parameter as one number; a per-draw array is written as its mean (the exports show one run)."""
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else float(array.mean())


def _month_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# ----------------------------------------------------------------------------------------------------------
# Excel
# ----------------------------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6EE")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _header(sheet: Worksheet, row: int, labels: Sequence[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP


def _fit_columns(sheet: Worksheet, *, widest: int = 60, wrap_beyond: int = 60) -> None:
    """Column widths from the longest text in each column (capped), wrapping text in capped columns."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            if isinstance(value, float | int) and not isinstance(value, bool):
                length = len(f"{value:,.0f}") + 2 if abs(value) >= 1 else 8
            elif isinstance(value, dt.date):
                length = 9
            else:
                length = max(len(line) for line in str(value).splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, length in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(length + 2, 8), widest)
        if length > wrap_beyond:
            for (cell,) in sheet.iter_rows(min_col=column, max_col=column, min_row=2):
                cell.alignment = _WRAP


def _result_format(column: str) -> str:
    if column.endswith("_share"):
        return _SHARE
    return _COUNT


def _results_sheet(sheet: Worksheet, assessment: Assessment, language: str) -> None:
    frame = results_frame(assessment)
    _header(sheet, 1, [text(f"export_col_{c}", language) for c in RESULT_COLUMNS])
    dates = assessment.scenario.frame["date"]
    formats = [_result_format(c) for c in RESULT_COLUMNS[1:]]
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        cell = sheet.cell(row=i, column=1, value=dates.iloc[i - 2].to_pydatetime())
        cell.number_format = "yyyy-mm"
        for j, (value, number_format) in enumerate(zip(row[1:], formats, strict=True), start=2):
            cell = sheet.cell(row=i, column=j, value=float(value))
            cell.number_format = number_format
    sheet.freeze_panes = "B2"
    _fit_columns(sheet, widest=22, wrap_beyond=10_000)
    sheet.row_dimensions[1].height = 45


def _scenario_inputs(assessment: Assessment, language: str) -> list[list[Any]]:
    scenario = assessment.scenario.scenario
    section, kind, source = (text("export_section_scenario", language), text("export_kind_input", language),
                             "")
    month_unit = text("export_unit_month", language)
    rows: list[list[Any]] = []
    for lever in LEVERS:
        rows.append([section, lever.key, lever.label(language), getattr(scenario, lever.key), lever.unit(language),
                     0.0, lever.maximum, kind, lever.source])
    for lever in LEVERS:
        rows.append([section, lever.start_key,
                     text("start_of", language, lever=text(f"lever_short_{lever.key}", language)),
                     getattr(scenario, lever.start_key), month_unit, MODEL_START, scenario.horizon, kind, source])
    rows.append([section, "target", text("export_input_target", language), scenario.target,
                 text("export_unit_umkm", language), TARGET_RANGE[0], TARGET_RANGE[1], kind, source])
    rows.append([section, "deadline", text("export_input_deadline", language), scenario.deadline, month_unit,
                 MODEL_START, scenario.horizon, kind, source])
    rows.append([section, "horizon", text("export_input_horizon", language), scenario.horizon, month_unit,
                 HORIZON_RANGE[0], HORIZON_RANGE[1], kind, source])
    return rows


def _inputs_sheet(sheet: Worksheet, assessment: Assessment, parameters: ModelParameters, language: str) -> None:
    labels = [text(k, language) for k in ("export_col_section", "col_parameter", "col_meaning", "col_value",
                                          "col_unit", "export_col_low", "export_col_high", "col_kind",
                                          "col_source")]
    _header(sheet, 1, labels)
    rows = _scenario_inputs(assessment, language)
    section = text("export_section_model", language)
    for spec in PARAMETERS:
        rows.append([section, spec.name, spec.meaning(language), _scalar(getattr(parameters, spec.name)),
                     spec.unit(language), spec.plausible[0], spec.plausible[1], text(f"kind_{spec.kind}", language),
                     spec.source])
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            cell = sheet.cell(row=i, column=j, value=value)
            if isinstance(value, float):
                cell.number_format = "General" if abs(value) < 1_000 else _COUNT
    note_row = len(rows) + 3
    sheet.cell(row=note_row, column=1, value=text("export_inputs_note", language))
    sheet.freeze_panes = "C2"
    _fit_columns(sheet, widest=70, wrap_beyond=70)
    sheet.column_dimensions["A"].width = 16


def _summary_sheet(sheet: Worksheet, assessment: Assessment, language: str, *, scenario_name: str | None,
                   probability: float | None, generated: dt.date) -> None:
    verdict, base = assessment.scenario.verdict, assessment.baseline.verdict
    scenario = assessment.scenario.scenario
    rupiah, umkm = text("export_unit_rupiah", language), text("export_unit_umkm", language)
    title = text("brief_question", language, target=formatting.count(verdict.target, language),
                 deadline=formatting.month(verdict.deadline, language)).split("?")[0] + "?"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    _header(sheet, 3, [text("export_col_item", language), text("col_value", language), text("col_unit", language)])
    reached = verdict.reached_on or text("export_not_reached", language)
    rows: list[tuple[str, Any, str, str | None]] = []
    if scenario_name:
        rows.append((text("export_scenario_name", language), scenario_name, "", None))
    rows += [
        (text("export_verdict", language), _verdict_sentence(assessment, language), "", None),
        (text("export_input_target", language), verdict.target, umkm, _COUNT),
        (text("export_input_deadline", language), verdict.deadline, text("export_unit_month", language), None),
        (text("export_at_deadline", language), verdict.adopters_at_deadline, umkm, _COUNT),
        (text("export_baseline_at_deadline", language), base.adopters_at_deadline, umkm, _COUNT),
        (text("export_difference", language), verdict.adopters_at_deadline - base.adopters_at_deadline, umkm,
         _COUNT),
        (text("export_gap", language), verdict.gap, umkm, _COUNT),
        (text("export_reached_on", language), reached, text("export_unit_month", language), None),
        (text("export_cost", language), round(verdict.cost_idr), rupiah, _COUNT),
        (text("export_baseline_cost", language), round(base.cost_idr), rupiah, _COUNT),
        (text("export_extra_cost", language), round(verdict.cost_idr - base.cost_idr), rupiah, _COUNT),
    ]
    if _number(probability) is not None:
        rows.append((text("export_probability", language), float(probability), "", _SHARE))
    rows += [
        (text("export_input_horizon", language), scenario.horizon, text("export_unit_month", language), None),
        (text("export_model_version", language), __version__, "", None),
        (text("export_generated", language), generated.isoformat(), "", None),
    ]
    for i, (label, value, unit, number_format) in enumerate(rows, start=4):
        sheet.cell(row=i, column=1, value=label)
        cell = sheet.cell(row=i, column=2, value=value)
        if number_format:
            cell.number_format = number_format
        sheet.cell(row=i, column=3, value=unit)
    row = len(rows) + 5
    sheet.cell(row=row, column=1, value=text("export_cost_note", language))
    row += 2
    sheet.cell(row=row, column=1, value=text("contrib_header", language)).font = _HEADER_FONT
    _header(sheet, row + 1, [text(k, language) for k in ("col_lever", "col_setting", "col_added", "col_extra_cost",
                                                         "col_cost_per")])
    for i, c in enumerate(assessment.contributions, start=row + 2):
        extra = round(c.extra_cost_idr)  # whole rupiah, as in the comparison
        values = [text(f"lever_short_{c.lever}", language),
                  lever_setting(c.lever, getattr(scenario, c.lever), language),
                  c.adopters_added, extra, extra / c.adopters_added if c.adopters_added > 1.0 else None]
        for j, value in enumerate(values, start=1):
            cell = sheet.cell(row=i, column=j, value=value)
            if j >= 3:
                cell.number_format = _COUNT
    _fit_columns(sheet, widest=70, wrap_beyond=70)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 60
    for (cell,) in sheet.iter_rows(min_col=2, max_col=2, min_row=4):
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")


def _comparison_sheet(sheet: Worksheet, comparison: pd.DataFrame, language: str) -> None:
    columns = [c for c in COMPARISON_COLUMNS if c in comparison.columns]
    labels = {"scenario": "export_col_scenario", "adopters_at_deadline": "export_col_at_deadline",
              "reached_on": "export_col_reached", "probability": "export_col_probability",
              "cost_idr": "export_col_cost", "extra_cost_idr": "col_extra_cost",
              "cost_per_additional_idr": "col_cost_per"}
    _header(sheet, 1, [text(labels[c], language) for c in columns])
    for i, (_, row) in enumerate(comparison.iterrows(), start=2):
        for j, column in enumerate(columns, start=1):
            value = row[column]
            if column == "scenario":
                cell = sheet.cell(row=i, column=j, value=str(value))
            elif column == "reached_on":
                cell = sheet.cell(row=i, column=j, value=_month_or_none(value) or text("export_not_reached",
                                                                                      language))
            else:
                cell = sheet.cell(row=i, column=j, value=_number(value))
                cell.number_format = _SHARE if column == "probability" else _COUNT
    sheet.freeze_panes = "B2"
    _fit_columns(sheet, widest=40, wrap_beyond=40)


def results_excel(assessment: Assessment, *, language: str, parameters: ModelParameters | None = None,
                  comparison: pd.DataFrame | None = None, scenario_name: str | None = None,
                  probability: float | None = None, generated: dt.date | None = None) -> bytes:
    """An Excel workbook (.xlsx): summary with the verdict, monthly results, every input, optional comparison.

    Parameters
    ----------
    assessment
        From :func:`simulator.assess`.
    language
        ``"id"`` or ``"en"``: sheet names, headers and texts.
    parameters
        The model parameters the assessment was run with (default: the registry's defaults); all are listed
        with unit, plausible range, kind and source on the inputs sheet.
    comparison
        Named scenarios (columns :data:`COMPARISON_COLUMNS`, see :func:`comparison_frame`), as an extra sheet.
    scenario_name, probability, generated
        Shown on the summary sheet; ``probability`` [fraction] of reaching the target by the deadline;
        ``generated`` defaults to today.

    Numbers are stored as numbers (counts [UMKM], money [rupiah], shares [fraction] with a percent format) and
    months of the results as dates formatted ``yyyy-mm``.
    """
    parameters = parameters or ModelParameters()
    generated = generated or dt.date.today()
    workbook = Workbook()
    summary = workbook.active
    summary.title = text("export_sheet_summary", language)
    _summary_sheet(summary, assessment, language, scenario_name=scenario_name, probability=probability,
                   generated=generated)
    _results_sheet(workbook.create_sheet(text("export_sheet_results", language)), assessment, language)
    _inputs_sheet(workbook.create_sheet(text("export_sheet_inputs", language)), assessment, parameters, language)
    if comparison is not None:
        _comparison_sheet(workbook.create_sheet(text("export_sheet_comparison", language)), comparison, language)
    stamp = dt.datetime.combine(generated, dt.time())
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = text("page_title", language)
    workbook.properties.title = text("title", language)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------------------------
# Chart images
# ----------------------------------------------------------------------------------------------------------

def _vega_lite(chart: alt.TopLevelMixin, width: int) -> dict[str, Any]:
    spec = chart.to_dict()
    if spec.get("width") == "container":  # a page-width chart has no width of its own outside the page
        spec["width"] = width
    spec.setdefault("background", "white")
    return spec


def chart_png(chart: alt.TopLevelMixin, *, scale: float = 2, width: int = CHART_WIDTH) -> bytes:
    """The chart as PNG, ``scale`` times its size in CSS pixels (2 gives print quality); works offline.

    ``width`` [px] replaces a ``"container"`` width. No URL is fetched (``allowed_base_urls=[]``): the chart's
    data must be inline, as altair writes it.
    """
    return vl_convert.vegalite_to_png(_vega_lite(chart, width), scale=scale, allowed_base_urls=[])


def chart_svg(chart: alt.TopLevelMixin, *, width: int = CHART_WIDTH) -> bytes:
    """The chart as SVG (UTF-8); works offline, see :func:`chart_png`."""
    return vl_convert.vegalite_to_svg(_vega_lite(chart, width), allowed_base_urls=[]).encode("utf-8")


# ----------------------------------------------------------------------------------------------------------
# Policy brief
# ----------------------------------------------------------------------------------------------------------

def _verdict_sentence(assessment: Assessment, language: str) -> str:
    verdict = assessment.scenario.verdict
    target = formatting.count(verdict.target, language)
    if verdict.reached_by_deadline:
        return text("verdict_reached", language, target=target, month=formatting.month(verdict.reached_on, language))
    sentence = text("verdict_missed", language, deadline=formatting.month(verdict.deadline, language),
                    gap=formatting.count(verdict.gap, language)) + "."
    if verdict.reached_on:
        return f"{sentence} {text('verdict_later', language, month=formatting.month(verdict.reached_on, language))}"
    horizon = formatting.month(assessment.scenario.scenario.horizon, language)
    return f"{sentence} {text('verdict_never', language, horizon=horizon)}"


def _probability(value: float, language: str) -> str:
    """A probability in whole percent, never rounded to a certainty it is not: ``> 99%``, ``< 1%``."""
    if 0.99 < value < 1.0:
        return "> " + formatting.share(0.99, language, digits=0)
    if 0.0 < value < 0.01:
        return "< " + formatting.share(0.01, language, digits=0)
    return formatting.share(value, language, digits=0)


def _signed(text_value: str, value: float) -> str:
    return text_value if value < 0 or text_value.startswith(("-", "–")) else f"+{text_value}"


def _font_path(name: str) -> resources.abc.Traversable:
    return resources.files("simulator") / "data" / "fonts" / name


class _Brief(FPDF):
    """A4 portrait with the DejaVu fonts and a footer naming the model version, the date and the page."""

    def __init__(self, footer: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer = footer
        for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            with resources.as_file(_font_path(name)) as path:
                self.add_font(_FONT_FAMILY, style=style, fname=path)
        self.set_margins(left=16, top=14, right=16)
        self.set_auto_page_break(auto=True, margin=14)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(_FONT_FAMILY, size=7)
        self.set_text_color(110)
        self.cell(0, 4, self._footer.replace("{page}", str(self.page_no())), align="C")
        self.set_text_color(0)

    def heading(self, value: str, *, size: float = 10.5) -> None:
        self.ln(1.5)
        self.set_font(_FONT_FAMILY, style="B", size=size)
        self.multi_cell(0, size * 0.5, value, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(_FONT_FAMILY, size=8.5)
        self.ln(0.5)

    def paragraph(self, value: str, *, size: float = 8.5, style: str = "") -> None:
        self.set_font(_FONT_FAMILY, style=style, size=size)
        self.multi_cell(0, size * 0.48, value, align="L", new_x="LMARGIN", new_y="NEXT")

    def grid(self, rows: Sequence[Sequence[str]], *, widths: Sequence[float], align: Sequence[str],
             size: float = 7.5) -> None:
        self.set_font(_FONT_FAMILY, size=size)
        heading = FontFace(emphasis="BOLD", fill_color=(221, 230, 238))
        with self.table(col_widths=widths, text_align=tuple(align), line_height=size * 0.47,
                        borders_layout="HORIZONTAL_LINES", headings_style=heading, padding=(0.6, 1.0),
                        width=self.epw) as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.ln(1)


def _settings_rows(assessment: Assessment, language: str) -> list[list[str]]:
    scenario = assessment.scenario.scenario
    rows = [[text(k, language) for k in ("col_lever", "col_setting", "col_status_quo", "brief_col_start",
                                         "col_added", "col_extra_cost")]]
    for c in assessment.contributions:
        lever = LEVER_SPECS[c.lever]
        rows.append([text(f"lever_short_{c.lever}", language), lever_setting(c.lever, getattr(scenario, c.lever),
                                                                             language),
                     lever_setting(c.lever, lever.status_quo, language),
                     formatting.month(getattr(scenario, lever.start_key), language),
                     _signed(formatting.count(c.adopters_added, language), c.adopters_added),
                     _signed(formatting.rupiah(c.extra_cost_idr, language), c.extra_cost_idr)])
    return rows


def _comparison_rows(comparison: pd.DataFrame, language: str) -> list[list[str]]:
    rows = [[text(k, language) for k in ("export_col_scenario", "export_col_at_deadline", "export_col_reached",
                                         "export_col_probability", "export_col_cost", "col_cost_per")]]
    for _, row in comparison.head(MAX_BRIEF_COMPARISON_ROWS).iterrows():
        reached = _month_or_none(row.get("reached_on"))
        probability = _number(row.get("probability"))
        rows.append([
            str(row["scenario"])[:60],
            formatting.count(_number(row.get("adopters_at_deadline")), language),
            formatting.month(reached, language) if reached else text("export_not_reached", language),
            _probability(probability, language) if probability is not None else "–",
            formatting.rupiah(_number(row.get("cost_idr")), language),
            formatting.rupiah(_number(row.get("cost_per_additional_idr")), language),
        ])
    return rows


def _parameter_value(name: str, value: float, language: str) -> str:
    unit = PARAMETER_SPECS[name].unit.en
    if unit.startswith("rupiah"):
        return formatting.rupiah(value, language, digits=1)
    if unit.startswith("UMKM"):
        return formatting.count(value, language) if value >= 1_000 else formatting.number(value, language)
    return formatting.number(value, language, digits=3)


def _assumption_rows(parameters: ModelParameters, language: str) -> list[list[str]]:
    rows = [[text(k, language) for k in ("col_meaning", "col_value", "col_range", "col_kind", "col_source")]]
    for name in BRIEF_PARAMETERS:
        spec = PARAMETER_SPECS[name]
        lo, hi = spec.plausible
        rows.append([f"{spec.meaning(language)} [{spec.unit(language)}]",
                     _parameter_value(name, float(_scalar(getattr(parameters, name))), language),
                     f"{_parameter_value(name, lo, language)} – {_parameter_value(name, hi, language)}",
                     text(f"kind_{spec.kind}", language), spec.source])
    return rows


def policy_brief_pdf(assessment: Assessment, *, language: str, chart_png: bytes,
                     comparison: pd.DataFrame | None = None, parameters: ModelParameters | None = None,
                     probability: float | None = None, scenario_name: str | None = None,
                     generated: dt.date | None = None) -> bytes:
    """A one-to-two page policy brief (A4 PDF) in ``language``.

    It states the question (the target by the deadline), the scenario's settings (each lever's intensity and
    start month, the target, the deadline), the verdict (month reached or shortfall, value at the deadline
    beside the status quo, cost), the chart (``chart_png``, e.g. from :func:`chart_png`), the comparison of
    named scenarios if given (at most :data:`MAX_BRIEF_COMPARISON_ROWS` rows), the key assumptions with
    their sources (:data:`BRIEF_PARAMETERS`), the limits of the model, the model version and ``generated``
    (default: today). ``probability`` [fraction] is the chance of reaching the target by the deadline under
    parameter uncertainty, when the caller has estimated it.
    """
    width_px, height_px = _png_size(chart_png)  # fail before any work on a wrong argument
    parameters = parameters or ModelParameters()
    generated = generated or dt.date.today()
    verdict, base = assessment.scenario.verdict, assessment.baseline.verdict
    scenario = assessment.scenario.scenario
    deadline = formatting.month(verdict.deadline, language)
    date_text = format_date(generated, "long", locale=formatting.locale(language))
    pdf = _Brief(text("brief_footer", language, version=__version__, date=date_text, page="{page}", pages="{nb}"))
    pdf.set_title(text("brief_title", language))
    pdf.set_author(text("page_title", language))
    pdf.set_lang(language)
    pdf.set_creation_date(dt.datetime.combine(generated, dt.time(), tzinfo=dt.UTC))
    pdf.add_page()

    pdf.set_font(_FONT_FAMILY, style="B", size=15)
    pdf.multi_cell(0, 7, text("brief_title", language), align="L", new_x="LMARGIN", new_y="NEXT")
    if scenario_name:
        pdf.set_font(_FONT_FAMILY, size=10.5)
        pdf.multi_cell(0, 5.5, f"{text('export_scenario_name', language)}: {scenario_name[:120]}", align="L",
                       new_x="LMARGIN", new_y="NEXT")

    pdf.heading(text("brief_question_header", language))
    pdf.paragraph(text("brief_question", language, target=formatting.count(verdict.target, language),
                       deadline=deadline))

    pdf.heading(text("brief_answer_header", language))
    pdf.set_text_color(30, 120, 60) if verdict.reached_by_deadline else pdf.set_text_color(170, 40, 30)
    pdf.paragraph(_verdict_sentence(assessment, language), size=10.5, style="B")
    pdf.set_text_color(0)
    delta = verdict.adopters_at_deadline - base.adopters_at_deadline
    extra = verdict.cost_idr - base.cost_idr
    pdf.paragraph(text("brief_at_deadline", language, deadline=deadline,
                       value=formatting.count(verdict.adopters_at_deadline, language),
                       baseline=formatting.count(base.adopters_at_deadline, language),
                       delta=_signed(formatting.count(delta, language), delta)))
    pdf.paragraph(text("brief_cost", language, cost=formatting.rupiah(verdict.cost_idr, language),
                       baseline=formatting.rupiah(base.cost_idr, language),
                       extra=_signed(formatting.rupiah(extra, language), extra)))
    if _number(probability) is not None:
        pdf.paragraph(text("brief_probability", language,
                           probability=_probability(float(probability), language)))

    pdf.heading(text("brief_settings_header", language))
    pdf.grid(_settings_rows(assessment, language), widths=(32, 36, 36, 20, 26, 28),
             align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"))
    pdf.paragraph(text("brief_settings_line", language, target=formatting.count(scenario.target, language),
                       deadline=deadline, horizon=formatting.month(scenario.horizon, language)), size=7.5)

    pdf.heading(text("chart_title", language))
    width = pdf.epw
    height = width * height_px / width_px
    if height > 85:  # keep the brief within two pages: a tall chart is scaled down, centred
        width, height = width * 85 / height, 85
    pdf.image(io.BytesIO(chart_png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
    pdf.paragraph(text("brief_chart_caption", language), size=7)

    if comparison is not None and len(comparison):
        pdf.heading(text("brief_comparison_header", language))
        pdf.grid(_comparison_rows(comparison, language), widths=(42, 27, 27, 22, 29, 31),
                 align=("LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT"))

    pdf.heading(text("brief_assumptions_header", language))
    pdf.grid(_assumption_rows(parameters, language), widths=(48, 18, 31, 16, 65),
             align=("LEFT", "RIGHT", "LEFT", "LEFT", "LEFT"), size=6.5)
    pdf.paragraph(text("brief_assumptions_note", language, n=len(PARAMETERS),
                       sheet=text("export_sheet_inputs", language)), size=7)

    pdf.heading(text("limits_header", language))
    pdf.paragraph(text("limits_text", language), size=7.5)
    return bytes(pdf.output())


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height [px] from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        raise ValueError("chart_png: not a PNG image; pass the bytes from exports.chart_png")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
