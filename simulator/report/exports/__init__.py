"""Exports for the people who decide, one module per format.

* :mod:`~simulator.report.exports.results` -- the monthly results frame, CSV, and a comparison of scenarios;
* :mod:`~simulator.report.exports.excel` -- the workbook (summary, results, inputs with unit and source);
* :mod:`~simulator.report.exports.images` -- the chart as PNG and SVG (vl-convert, offline), titled;
* :mod:`~simulator.report.exports.brief` -- the policy brief as PDF.

Every function is pure (its output depends only on its arguments) and returns bytes, ready for a download
button or a file. Texts come from :mod:`simulator.report.i18n` and numbers from
:mod:`simulator.report.formatting`, so an export reads like the app in the same language. Nothing here touches
the network.
"""

from simulator.report.exports.brief import BRIEF_PARAMETERS, MAX_BRIEF_COMPARISON_ROWS, policy_brief_pdf
from simulator.report.exports.excel import results_excel
from simulator.report.exports.images import CHART_WIDTH, chart_png, chart_svg, chart_title, titled
from simulator.report.exports.results import (
    COMPARISON_COLUMNS,
    CSV_FORMATS,
    FAN_COLUMNS,
    RESULT_COLUMNS,
    comparison_frame,
    results_csv,
    results_frame,
)

__all__ = ["BRIEF_PARAMETERS", "CHART_WIDTH", "COMPARISON_COLUMNS", "CSV_FORMATS", "FAN_COLUMNS",
           "MAX_BRIEF_COMPARISON_ROWS", "RESULT_COLUMNS", "chart_png", "chart_svg", "chart_title", "comparison_frame",
           "policy_brief_pdf", "results_csv", "results_excel", "results_frame", "titled"]
