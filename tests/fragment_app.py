"""Tiny app for tests/test_loadtest_client.py: a widget outside a fragment, a slider inside one.

The fragment draws its slider into ``st.sidebar`` (an outside container) and its result into the main
body, as the simulator's levers do. Session state counts full runs and fragment runs, so a test can
tell which one the server did.
"""

import streamlit as st

st.session_state.setdefault("full_runs", 0)
st.session_state.setdefault("fragment_runs", 0)
st.session_state.full_runs += 1

st.title("Fragment test page")
scale = st.number_input("Scale", min_value=1.0, max_value=10.0, value=1.0, step=1.0, key="scale")
st.markdown(f"full runs: {st.session_state.full_runs}")


@st.fragment
def levers_and_result() -> None:
    st.session_state.fragment_runs += 1
    rate = st.sidebar.slider("Rate", min_value=0.0, max_value=10.0, value=2.0, step=0.5, key="rate")
    st.markdown(f"result: {rate * scale:.2f}")
    st.markdown(f"fragment runs: {st.session_state.fragment_runs}")


levers_and_result()
st.markdown("footer")
