"""Bare reference page: one slider and one altair line chart.

The simulator's target is that a single user's slider move reruns in close to the time of this page,
so it does the least a chart page can do: read a slider, build a 120-point series with numpy, draw it.
Run with ``streamlit run benchmarks/bare_app.py``.
"""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

st.title("Bare reference page")

growth_rate = st.slider(
    "Monthly growth rate [%]", min_value=0.0, max_value=10.0, value=2.0, step=0.1, key="growth_rate"
)

months = np.arange(120)
series = pd.DataFrame({"month": months, "n_adopters": 1.0e6 * (1.0 + growth_rate / 100.0) ** months})

st.write(f"Value after 120 months: {series['n_adopters'].iloc[-1]:,.0f}")
st.altair_chart(
    alt.Chart(series).mark_line().encode(x="month:Q", y="n_adopters:Q"),
    width="stretch",
)
