"""The Excel workbook: summary, monthly results, every input with unit and source, and a comparison sheet."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from simulator import __version__
from simulator.numbers import finite_or_none as _number
from simulator.parameters import (
    HORIZON_RANGE,
    LEVER_SPECS,
    LEVERS,
    MODEL_START,
    PARAMETERS,
    TARGET_RANGE,
    ModelParameters,
    central_parameters,
)
from simulator.report import formatting
from simulator.report.exports.results import (
    COMPARISON_COLUMNS,
    RESULT_COLUMNS,
    _month_or_none,
    _scalar,
    results_frame,
)
from simulator.report.i18n import source_text, text
from simulator.report.sentences import verdict_sentence
from simulator.report.tables import COMPARISON_LABELS, lever_setting
from simulator.runner import Assessment

_COUNT = "#,##0"

_SHARE = "0.0%"



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
                     0.0, lever.maximum, kind, source_text(lever.source, language)])
    for lever in LEVERS:
        rows.append([section, lever.start_key,
                     text("start_of", language, lever=lever.short_label(language)),
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
                     source_text(spec.source, language)])
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
        (text("export_verdict", language), verdict_sentence(assessment, language), "", None),
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
        values = [LEVER_SPECS[c.lever].short_label(language),
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
    _header(sheet, 1, [text(COMPARISON_LABELS[c], language) for c in columns])
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


def _regions_sheet(sheet: Worksheet, frame: pd.DataFrame, language: str) -> None:
    """The table by region (:func:`simulator.report.regions.export_frame`): numbers as numbers, shares as %."""
    from simulator.report import regions as regional

    columns = [c for c in regional.EXPORT_COLUMNS if c in frame.columns]
    _header(sheet, 1, [regional.export_header(c, language) for c in columns])
    for i, row in enumerate(frame.to_dict("records"), start=2):
        for j, column in enumerate(columns, start=1):
            if column == "region":
                sheet.cell(row=i, column=j, value=regional.region_label(row[column], language))
                continue
            cell = sheet.cell(row=i, column=j, value=_number(row[column]))
            cell.number_format = _SHARE if "share" in column or column == "gap_to_national" else _COUNT
    sheet.freeze_panes = "B2"
    _fit_columns(sheet, widest=24, wrap_beyond=24)
    sheet.row_dimensions[1].height = 45


def _no_formulas(workbook: Workbook) -> None:
    """Store every cell as a value: the workbook holds no formula, so text a visitor typed (a scenario name such
    as ``=HYPERLINK(...)``) stays text instead of becoming a live formula (openpyxl reads a string that starts
    with ``=`` as one)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def results_excel(assessment: Assessment, *, language: str, parameters: ModelParameters | None = None,
                  comparison: pd.DataFrame | None = None, scenario_name: str | None = None,
                  probability: float | None = None, generated: dt.date | None = None,
                  regions: pd.DataFrame | None = None) -> bytes:
    """An Excel workbook (.xlsx): summary with the verdict, monthly results, every input, optional comparison
    and regions sheets.

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
    regions
        The table by region (:func:`simulator.report.regions.export_frame`), as an extra sheet.
    scenario_name, probability, generated
        Shown on the summary sheet; ``probability`` [fraction] of reaching the target by the deadline;
        ``generated`` defaults to today.

    Numbers are stored as numbers (counts [UMKM], money [rupiah], shares [fraction] with a percent format) and
    months of the results as dates formatted ``yyyy-mm``.
    """
    parameters = parameters or central_parameters()
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
    if regions is not None:
        _regions_sheet(workbook.create_sheet(text("regions_sheet", language)), regions, language)
    stamp = dt.datetime.combine(generated, dt.time())
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = text("page_title", language)
    workbook.properties.title = text("title", language)
    _no_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


