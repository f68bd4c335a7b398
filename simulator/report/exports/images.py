"""The chart as PNG and SVG, rendered offline by vl-convert's bundled Vega (no URL is fetched)."""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert

CHART_WIDTH = 700
"""Width [px] given to a chart whose width follows its container (the app's charts) when exported."""



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


