"""The regional allocation in session state (read from and written to the link) and the Regions view's caches.

The allocation in use is kept as a plain mapping under :data:`ALLOCATION`; the widgets of the allocation form
hold per-cent drafts under :func:`widget_key`, applied only when valid, so a bad draft never replaces it.
"""

from __future__ import annotations

import streamlit as st

from app_pages import caches, fairness, state
from simulator import placement, regional_goal_seek, regional_sensitivity, regions
from simulator.io import allocation_links
from simulator.parameters import Scenario
from simulator.report import regions as report

ALLOCATION = "_allocation"  # the allocation in use: {lever key: [six shares]}
ALLOCATION_ERROR = "_allocation_error"  # (lever key, message, total) of the last refused draft
PLACEMENT = "_placement"  # the last best-placement search: (scenario mapping, start shares, Placement)
GOAL_SEEK = "_regional_goal_seek"  # the last goal seek by region: RegionalGoalSeekResult
GOAL_SEEK_WORKERS = 2
"""Threads for the goal seek by region: it runs in the process's heavy slot (one at a time), and two threads on
the two cores bring it under 2 s at the app's draw cap (``benchmarks/bench_regional_goal_seek.py``)."""


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


@caches.resource(max_entries=256)
def _run(scenario: Scenario, allocation_key: tuple) -> regions.RegionalRun:
    with caches.RUN_LOCK:
        return regions.run_regions(scenario, regions.Allocation(shares=dict(allocation_key)))


@caches.resource(max_entries=128)
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


@caches.resource(max_entries=64)
def _chart_specs(scenario: Scenario, allocation_key: tuple, n_draws: state.DrawsKey, language: str
                 ) -> tuple[dict, ...]:
    status_quo = _ensemble(scenario.status_quo(), _key(regions.Allocation()), n_draws)  # one per draws
    frames = report.share_frames(_run(scenario, allocation_key), _ensemble(scenario, allocation_key, n_draws),
                                 status_quo)
    top = report.y_max(frames)
    return tuple(report.region_spec(frame=frames[region], title=report.region_label(region, language),
                                    language=language, deadline=scenario.deadline, y_max=top, arrow=True)
                 for region in regions.REGION_KEYS)


def chart_specs(scenario: Scenario, allocation: regions.Allocation, n_draws: state.DrawsKey, language: str
                ) -> tuple[dict, ...]:
    """The six small multiples' Vega-Lite specs, in :data:`simulator.regions.REGION_KEYS` order, on one y scale
    (cached per scenario, allocation, draws and language; shared, never changed: ``st.vega_lite_chart`` takes
    the datasets out of its own copy)."""
    return _chart_specs(scenario, _key(allocation), n_draws, language)


@caches.resource()
def national_gap() -> dict[str, float]:
    """How close the regions' sum is to the national model (computed once)."""
    return regions.national_gap()


@caches.data(max_entries=64)
def long_csv(scenario: Scenario, allocation_key: tuple, n_draws: state.DrawsKey) -> bytes:
    """The CSV export: the regional series in long form with the ensemble's P10/P50/P90."""
    fan = _ensemble(scenario, allocation_key, n_draws).fan_frame()
    frame = regions.long_frame(_run(scenario, allocation_key), fan=fan)
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def csv_bytes(scenario: Scenario, allocation: regions.Allocation, n_draws: state.DrawsKey) -> bytes:
    return long_csv(scenario, _key(allocation), n_draws)


@caches.resource(max_entries=64)
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


@caches.resource(max_entries=32)
def goal_seek_result(target: float, deadline: str, probability: float, budget_idr: float | None,
                     allocation_key: tuple, n_draws: state.DrawsKey) -> regional_goal_seek.RegionalGoalSeekResult:
    """The cheapest mix and placement reaching ``target`` by ``deadline`` with ``probability`` (heavy work)."""
    with fairness.slot():
        draws = caches.draws(n_draws)
        return regional_goal_seek.regional_goal_seek(
            target=target, deadline=deadline, probability=probability, budget_idr=budget_idr, draws=draws,
            allocation=regions.Allocation(shares=dict(allocation_key)), workers=GOAL_SEEK_WORKERS)


def allocation_cache_key(allocation: regions.Allocation) -> tuple:
    """The hashable form of an allocation the caches are keyed by."""
    return _key(allocation)


def apply_goal_seek() -> None:
    """Button callback: the levers, start months and placement the goal seek by region found."""
    found = st.session_state.get(GOAL_SEEK)
    if isinstance(found, regional_goal_seek.RegionalGoalSeekResult):
        state.apply_levers(found.result.scenario)
        set_allocation(found.allocation)


@caches.resource(max_entries=64)
def _tornado(scenario: Scenario, allocation_key: tuple, region: str) -> regional_sensitivity.RegionalSensitivity:
    with caches.RUN_LOCK:
        return regional_sensitivity.regional_tornado(scenario, regions.Allocation(shares=dict(allocation_key)),
                                                     region=region)


@caches.resource(max_entries=64)
def _tornado_spec(scenario: Scenario, allocation_key: tuple, region: str, language: str, rows: int) -> dict:
    table = _tornado(scenario, allocation_key, region).table
    return report.sensitivity_chart(table=table, language=language, rows=rows).to_dict()


def tornado_spec(scenario: Scenario, allocation: regions.Allocation, region: str, language: str, rows: int
                 ) -> dict:
    """The tornado of :func:`tornado` as a Vega-Lite spec, built (and checked by altair) once per scenario,
    allocation, region and language instead of on every rerun; shared, never changed."""
    return _tornado_spec(scenario, _key(allocation), regional_sensitivity.check_region(region), language, rows)


def tornado(scenario: Scenario, allocation: regions.Allocation, region: str
            ) -> regional_sensitivity.RegionalSensitivity:
    """What moves ``region``'s onboarded at the deadline most (central runs, light: cached)."""
    return _tornado(scenario, _key(allocation), regional_sensitivity.check_region(region))
