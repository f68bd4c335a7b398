"""The chart as PNG and SVG, rendered offline by vl-convert's bundled Vega (no URL is fetched).

An exported image travels alone, so :func:`titled` writes on it what the page says around it: a title, the
scenario in one line, the date of the observations and where they come from (:func:`chart_title`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert

from simulator import __version__
from simulator.parameters import LEVERS
from simulator.report import formatting
from simulator.report.i18n import text
from simulator.report.tables import lever_setting
from simulator.runner import Assessment

CHART_WIDTH = 700
"""Width [px] given to a chart whose width follows its container (the app's charts) when exported."""


def chart_title(assessment: Assessment, *, language: str, as_of: str) -> tuple[str, list[str]]:
    """The title and subtitle lines of an exported chart: what it shows, the scenario (each lever's setting,
    the target and the deadline), and the observations' vintage ``as_of`` ("YYYY-MM") with their source."""
    scenario, verdict = assessment.scenario.scenario, assessment.scenario.verdict
    levers = "; ".join(
        f"{lever.short_label(language)} {lever_setting(lever.key, getattr(scenario, lever.key), language)}"
        for lever in LEVERS)
    lines = [text("export_chart_scenario", language, levers=levers),
             f"{text('target_label', language, target=formatting.count(verdict.target, language))} · "
             f"{text('deadline_label', language, deadline=formatting.month(verdict.deadline, language))}",
             text("export_chart_data", language, as_of=formatting.month(as_of, language)),
             text("export_chart_model", language, version=__version__)]
    return text("chart_title", language), lines


def titled(chart: alt.TopLevelMixin, *, title: str, subtitle: Sequence[str]) -> alt.TopLevelMixin:
    """The chart with a title and subtitle lines above it (left-aligned, for an exported image)."""
    return chart.properties(title=alt.TitleParams(text=title, subtitle=list(subtitle), anchor="start",
                                                  fontSize=15, subtitleFontSize=11, subtitleColor="#34495e",
                                                  offset=12))



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


