"""Named scenarios a visitor keeps in this session, to compare and load back."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from simulator.io import sharing
from simulator.parameters import Scenario

SAVED_LIMIT = sharing.MAX_SAVED
"""Most named scenarios a visitor may keep (each costs a model run on every comparison; a link carries them)."""
NAME_LENGTH = sharing.SAVED_NAME_LENGTH


def saved_scenarios() -> dict[str, dict[str, object]]:
    """Named scenarios kept in this session: name -> scenario mapping, in the order saved."""
    return st.session_state.setdefault(state.SAVED, {})


def saved_items() -> tuple[tuple[str, Scenario], ...]:
    """The saved scenarios as (name, frozen Scenario) pairs, in the order saved: the value caches are keyed by."""
    return tuple((name, Scenario.from_mapping(mapping)) for name, mapping in saved_scenarios().items())


def save_current(name: str, scenario: Scenario) -> str | None:
    """Keep the scenario under ``name``; returns an i18n key describing a refusal, or None."""
    saved = saved_scenarios()
    name = name.strip()[:NAME_LENGTH]
    if not name:
        return "save_need_name"
    if name not in saved and len(saved) >= SAVED_LIMIT:
        return "save_full"
    saved[name] = scenario.to_mapping()
    return None


def rename_saved(old: str, new: str) -> str | None:
    saved = saved_scenarios()
    new = new.strip()[:NAME_LENGTH]
    if not new:
        return "save_need_name"
    if new in saved and new != old:
        return "save_name_taken"
    st.session_state[state.SAVED] = {(new if k == old else k): v for k, v in saved.items()}
    return None


def remove_saved(name: str) -> None:
    saved_scenarios().pop(name, None)
