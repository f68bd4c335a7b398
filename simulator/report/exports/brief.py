"""The policy brief: a one-to-two page PDF in the reader's language, with the DejaVu Sans fonts shipped in
``simulator/data/fonts`` (nothing is fetched)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from importlib import resources

import pandas as pd
from babel.dates import format_date
from fpdf import FPDF, FontFace

from simulator import __version__
from simulator.numbers import finite_or_none as _number
from simulator.parameters import (
    LEVER_SPECS,
    PARAMETER_SPECS,
    PARAMETERS,
    ModelParameters,
    central_parameters,
)
from simulator.report import formatting, methodology
from simulator.report.exports.results import _scalar
from simulator.report.i18n import source_text, text
from simulator.report.sentences import forecast_sentence, verdict_sentence
from simulator.report.tables import comparison_table, lever_setting
from simulator.runner import Assessment
from simulator.uncertainty import Ensemble

BRIEF_PARAMETERS: tuple[str, ...] = (
    "adopters_2020", "campaign_pace", "campaign_fade_start", "imitation", "ready_share_2020",
    "training_effectiveness", "training_cost_idr", "financing_cost_per_ready_idr",
)
"""The assumptions the policy brief lists: the calibrated ones and those the verdict is most sensitive to."""

MAX_BRIEF_COMPARISON_ROWS = 9
"""Most comparison rows the policy brief shows (it must stay within two pages): the current scenario and the
app's eight saved ones. A note says how many rows beyond these were left out."""

CHART_HEIGHT = 72
"""Tallest the brief's chart is drawn [mm]: within two pages at the fullest (comparison, skill, disclaimer)."""
REGIONS_CHART_HEIGHTS = (60, 50, 42)
"""Tallest the chart is drawn beside the regional table [mm], tried in turn until the brief keeps two pages."""

_FONT_FAMILY = "DejaVu"






def _signed(text_value: str, value: float) -> str:
    return text_value if value < 0 or text_value.startswith(("-", "–", formatting.MINUS)) else f"+{text_value}"


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
        rows.append([LEVER_SPECS[c.lever].short_label(language), lever_setting(c.lever, getattr(scenario, c.lever),
                                                                             language),
                     lever_setting(c.lever, lever.status_quo, language),
                     formatting.month(getattr(scenario, lever.start_key), language),
                     _signed(formatting.count(c.adopters_added, language), c.adopters_added),
                     _signed(formatting.rupiah(c.extra_cost_idr, language), c.extra_cost_idr)])
    return rows


def _comparison_rows(comparison: pd.DataFrame, language: str) -> list[list[str]]:
    table = comparison_table(comparison.head(MAX_BRIEF_COMPARISON_ROWS), language)
    return [list(table.columns), *table.values.tolist()]


def _parameter_value(name: str, value: float, language: str) -> str:
    return formatting.parameter_value(value, PARAMETER_SPECS[name].display, language, compact=True)


def _assumption_rows(parameters: ModelParameters, language: str) -> list[list[str]]:
    rows = [[text(k, language) for k in ("col_meaning", "col_value", "col_range", "col_kind", "col_source")]]
    for name in BRIEF_PARAMETERS:
        spec = PARAMETER_SPECS[name]
        lo, hi = spec.plausible
        rows.append([f"{spec.meaning(language)} [{spec.unit(language)}]",
                     _parameter_value(name, float(_scalar(getattr(parameters, name))), language),
                     f"{_parameter_value(name, lo, language)} – {_parameter_value(name, hi, language)}",
                     text(f"kind_{spec.kind}", language), source_text(spec.source, language)])
    return rows


def policy_brief_pdf(assessment: Assessment, *, language: str, chart_png: bytes,
                     comparison: pd.DataFrame | None = None, parameters: ModelParameters | None = None,
                     probability: float | None = None, scenario_name: str | None = None,
                     generated: dt.date | None = None, fan: Ensemble | None = None,
                     skill: Sequence[str] = (), regions: pd.DataFrame | None = None) -> bytes:
    """A one-to-two page policy brief (A4 PDF) in ``language``.

    It states the question (the target by the deadline), the scenario's settings (each lever's intensity and
    start month, the target, the deadline), the verdict (month reached or shortfall, value at the deadline
    beside the status quo, cost), the chart (``chart_png``, e.g. from :func:`chart_png`), the comparison of
    named scenarios if given (at most :data:`MAX_BRIEF_COMPARISON_ROWS` rows), the key assumptions with
    their sources (:data:`BRIEF_PARAMETERS`), the limits of the model, the model version and ``generated``
    (default: today). ``probability`` [fraction] is the chance of reaching the target by the deadline under
    parameter uncertainty, when the caller has estimated it. With ``fan`` (the scenario's Monte Carlo) the answer
    is the page's: the median forecast, the probability with its Monte Carlo error and the expected cost;
    ``skill`` is the sentences of "How good is this forecast?" (the backtest in plain words), printed beside it.
    ``regions`` (:func:`simulator.report.regions.export_frame`) adds a compact table by region after the chart;
    to keep two pages the chart is then drawn at most :data:`REGIONS_CHART_HEIGHTS` tall, the first that fits.
    """
    _png_size(chart_png)  # fail before any work on a wrong argument
    arguments = {"language": language, "chart_png": chart_png, "comparison": comparison, "parameters": parameters,
                 "probability": probability, "scenario_name": scenario_name, "generated": generated, "fan": fan,
                 "skill": skill, "regions": regions}
    if regions is None:
        return _brief(assessment, tallest=CHART_HEIGHT, **arguments)[0]
    for tallest in REGIONS_CHART_HEIGHTS:
        data, pages = _brief(assessment, tallest=tallest, **arguments)
        if pages <= 2:
            break
    return data


def _brief(assessment: Assessment, *, language: str, chart_png: bytes, comparison: pd.DataFrame | None,
           parameters: ModelParameters | None, probability: float | None, scenario_name: str | None,
           generated: dt.date | None, fan: Ensemble | None, skill: Sequence[str], regions: pd.DataFrame | None,
           tallest: float) -> tuple[bytes, int]:
    """The brief of :func:`policy_brief_pdf` with the chart at most ``tallest`` [mm] tall, and its pages."""
    width_px, height_px = _png_size(chart_png)
    parameters = parameters or central_parameters()
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
    if fan is not None:  # the page's answer: the median forecast, its probability, the expected cost
        reached = fan.median_reached_by_deadline
        answer = forecast_sentence(fan, language)
        value, baseline_value = fan.adopters_at_deadline_p50, float(
            fan.frame["baseline_n_adopters_p50"].iloc[scenario.month_index("deadline")])
        cost, baseline_cost = fan.cost_idr, fan.baseline_cost_idr
        probability = None  # already in the answer, with its error
    else:
        reached, answer = verdict.reached_by_deadline, verdict_sentence(assessment, language)
        value, baseline_value = verdict.adopters_at_deadline, base.adopters_at_deadline
        cost, baseline_cost = verdict.cost_idr, base.cost_idr
    pdf.set_text_color(30, 120, 60) if reached else pdf.set_text_color(170, 40, 30)
    pdf.paragraph(answer, size=10.5, style="B")
    pdf.set_text_color(0)
    delta, extra = value - baseline_value, cost - baseline_cost
    pdf.paragraph(text("brief_at_deadline", language, deadline=deadline,
                       value=formatting.count(value, language),
                       baseline=formatting.count(baseline_value, language),
                       delta=_signed(formatting.count(delta, language), delta)))
    pdf.paragraph(text("brief_cost", language, cost=formatting.rupiah(cost, language),
                       baseline=formatting.rupiah(baseline_cost, language),
                       extra=_signed(formatting.rupiah(extra, language), extra)))
    if skill:
        pdf.heading(text("skill_title", language))
        for sentence in skill:
            pdf.paragraph(sentence, size=7.5)
    if _number(probability) is not None:
        pdf.paragraph(text("brief_probability", language,
                           probability=formatting.probability(float(probability), language)))

    pdf.heading(text("brief_settings_header", language))
    pdf.grid(_settings_rows(assessment, language), widths=(32, 36, 36, 20, 26, 28),
             align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"))
    pdf.paragraph(text("brief_settings_line", language, target=formatting.count(scenario.target, language),
                       deadline=deadline, horizon=formatting.month(scenario.horizon, language)), size=7.5)

    pdf.heading(text("chart_title", language))
    width = pdf.epw
    height = width * height_px / width_px
    if height > tallest:  # keep the brief within two pages: a tall chart is scaled down, centred
        width, height = width * tallest / height, tallest
    pdf.image(io.BytesIO(chart_png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
    pdf.paragraph(text("brief_chart_caption", language), size=7)

    if regions is not None:
        from simulator.report.regions import brief_rows

        pdf.heading(text("regions_brief_header", language))
        pdf.grid(brief_rows(regions, language), widths=(40, 30, 26, 52, 30),
                 align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"), size=6.5)

    if comparison is not None and len(comparison):
        pdf.heading(text("brief_comparison_header", language))
        pdf.grid(_comparison_rows(comparison, language), widths=(42, 27, 27, 22, 29, 31),
                 align=("LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT"))
        if (left_out := len(comparison) - MAX_BRIEF_COMPARISON_ROWS) > 0:
            pdf.paragraph(text("brief_rows_left_out", language, n=left_out, shown=MAX_BRIEF_COMPARISON_ROWS), size=7)

    pdf.heading(text("brief_assumptions_header", language))
    pdf.grid(_assumption_rows(parameters, language), widths=(48, 18, 31, 16, 65),
             align=("LEFT", "RIGHT", "LEFT", "LEFT", "LEFT"), size=6.5)
    pdf.paragraph(text("brief_assumptions_note", language, n=len(PARAMETERS),
                       sheet=text("export_sheet_inputs", language)), size=7)

    pdf.heading(text("limits_header", language))
    pdf.paragraph(text("limits_text", language), size=7.5)
    disclaimer = next(section for section in methodology.SECTIONS if section.title.en == "Disclaimer")
    pdf.heading(disclaimer.title(language))
    pdf.paragraph(disclaimer.body(language), size=7.5)
    data = bytes(pdf.output())
    return data, pdf.pages_count


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height [px] from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        raise ValueError("chart_png: not a PNG image; pass the bytes from exports.chart_png")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
