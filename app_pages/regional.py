"""The regional allocation in session state (read from and written to the link) and the Regions view's caches.

The allocation in use is kept as a plain mapping under :data:`ALLOCATION`; the widgets of the allocation form
hold per-cent drafts under :func:`widget_key`, applied only when valid, so a bad draft never replaces it.
"""

from __future__ import annotations

import streamlit as st

from app_pages import caches, state
from simulator import placement, regions
from simulator.io import allocation_links
from simulator.parameters import Scenario

ALLOCATION = "_allocation"  # the allocation in use: {lever key: [six shares]}
ALLOCATION_ERROR = "_allocation_error"  # (lever key, message, total) of the last refused draft
PLACEMENT = "_placement"  # the last best-placement search: (scenario mapping, start shares, Placement)


def widget_key(lever_key: str, region: str) -> str:
    """Session-state key of one share's number input [per cent]."""
    return f"alloc_{regions.allocation_key(lever_key)}_{region}"


def current_allocation() -> regions.Allocation:
    """The allocation in use (the default when none was set, or if the state was tampered with)."""
    stored = st.session_state.get(ALLOCATION)
    if not stored:
        return regions.Allocation()
    try:
        return regions.Allocation(shares={key: tuple(values) for key, values in stored.items()})
    except (ValueError, TypeError, AttributeError):
        st.session_state.pop(ALLOCATION, None)
        return regions.Allocation()


def set_allocation(allocation: regions.Allocation) -> None:
    st.session_state[ALLOCATION] = {key: list(values) for key, values in allocation.shares.items()}
    fill_widgets(allocation)


def fill_widgets(allocation: regions.Allocation) -> None:
    """Put the allocation in use into the form's number inputs [per cent]."""
    for key, values in allocation.shares.items():
        for region, value in zip(regions.REGION_KEYS, values, strict=True):
            st.session_state[widget_key(key, region)] = round(100.0 * value, 2)


def apply_draft(lever_key: str) -> None:
    """Form callback: use the drafted shares of one lever if they are valid; else keep the allocation in use and
    say what is wrong (nothing is rescaled)."""
    st.session_state.pop(ALLOCATION_ERROR, None)
    values = [st.session_state.get(widget_key(lever_key, region), 0.0) for region in regions.REGION_KEYS]
    try:
        shares = [float(v) / 100.0 for v in values]
        chosen = current_allocation().replace(lever_key, shares)
    except (ValueError, TypeError) as exc:
        st.session_state[ALLOCATION_ERROR] = (lever_key, str(exc), sum(float(v) for v in values
                                                                       if isinstance(v, int | float)))
        return
    set_allocation(chosen)


def reset_lever(lever_key: str) -> None:
    """Button callback: one lever back to its default placement."""
    st.session_state.pop(ALLOCATION_ERROR, None)
    default = regions.Allocation()
    set_allocation(current_allocation().replace(lever_key, default.shares[lever_key]))


def read_link(params: dict[str, object]) -> list:
    """The allocation a link carries, applied; notices for what could not be used (never raises)."""
    allocation, notices = allocation_links.from_query(params, base=current_allocation())
    set_allocation(allocation)
    return list(notices)


def link_params() -> dict[str, str]:
    """The query parameters of the allocation in use (none at the default)."""
    return allocation_links.to_query(current_allocation())


def _key(allocation: regions.Allocation) -> tuple:
    return tuple((k, tuple(v)) for k, v in allocation.shares.items())


@st.cache_resource(max_entries=256, show_spinner=False)
def _run(scenario: Scenario, allocation_key: tuple) -> regions.RegionalRun:
    with caches.RUN_LOCK:
        return regions.run_regions(scenario, regions.Allocation(shares=dict(allocation_key)))


@st.cache_resource(max_entries=128, show_spinner=False)
def _ensemble(scenario: Scenario, allocation_key: tuple, n_draws: state.DrawsKey) -> regions.RegionalEnsemble:
    draws = caches.draws(n_draws)
    with caches.RUN_LOCK:
        return regions.regional_ensemble(scenario, regions.Allocation(shares=dict(allocation_key)), draws)


def run(scenario: Scenario, allocation: regions.Allocation) -> regions.RegionalRun:
    """The central regional run of the scenario and allocation (cached)."""
    return _run(scenario, _key(allocation))


def ensemble(scenario: Scenario, allocation: regions.Allocation, n_draws: state.DrawsKey
             ) -> regions.RegionalEnsemble:
    """The regional ensemble against the page's draws (cached)."""
    return _ensemble(scenario, _key(allocation), n_draws)


@st.cache_resource(show_spinner=False)
def national_gap() -> dict[str, float]:
    """How close the regions' sum is to the national model (computed once)."""
    return regions.national_gap()


@st.cache_data(max_entries=64, show_spinner=False)
def long_csv(scenario: Scenario, allocation_key: tuple, n_draws: state.DrawsKey) -> bytes:
    """The CSV export: the regional series in long form with the ensemble's P10/P50/P90."""
    fan = _ensemble(scenario, allocation_key, n_draws).fan_frame()
    frame = regions.long_frame(_run(scenario, allocation_key), fan=fan)
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def csv_bytes(scenario: Scenario, allocation: regions.Allocation, n_draws: state.DrawsKey) -> bytes:
    return long_csv(scenario, _key(allocation), n_draws)


@st.cache_resource(max_entries=64, show_spinner=False)
def _placement(scenario: Scenario, allocation_key: tuple, n_draws: state.DrawsKey) -> placement.Placement:
    draws = caches.draws(n_draws)
    with caches.RUN_LOCK:
        return placement.best_placement(scenario, regions.Allocation(shares=dict(allocation_key)), draws=draws)


def find_placement(scenario: Scenario, allocation: regions.Allocation, n_draws: state.DrawsKey) -> None:
    """Button callback: search the best placement of the current levers and keep it for the page."""
    st.session_state[PLACEMENT] = _placement(scenario, _key(allocation), n_draws)


def use_placement() -> None:
    """Button callback: put the found placement in use."""
    found = st.session_state.pop(PLACEMENT, None)
    if found is not None:
        set_allocation(found.best)
