"""The regional allocation in a link: written only when moved, read back exactly, bad values ignored with a
notice (the allocation kept)."""

from __future__ import annotations

from simulator import regions
from simulator.io import allocation_links as links
from simulator.io import sharing
from simulator.parameters import Scenario

MOVED = regions.Allocation().replace("infrastructure_villages_per_year", [0.0, 0.0, 0.05, 0.1, 0.05, 0.8])


def test_default_allocation_writes_nothing() -> None:
    assert links.to_query(regions.Allocation()) == {}


def test_link_round_trip() -> None:
    query = links.to_query(MOVED)
    assert query == {"villages_regions": "0,0,5,10,5,80"}
    back, notices = links.from_query(query)
    assert notices == () and back.shares == MOVED.shares


def test_round_trip_of_uneven_shares() -> None:
    moved = regions.Allocation().replace("training_per_year", [1 / 3, 1 / 3, 1 / 3, 0, 0, 0])
    back, notices = links.from_query(links.to_query(moved))
    assert notices == ()
    assert max(abs(a - b) for a, b in zip(back.shares["training_per_year"], moved.shares["training_per_year"],
                                          strict=True)) < 1e-8


def test_bad_values_keep_the_allocation_with_a_notice() -> None:
    for value in ("50,50", "0,0,0,0,0,90", "-10,110,0,0,0,0", "a,b,c,d,e,f", "nan,0,0,0,0,100", "1" * 100):
        back, notices = links.from_query({"train_regions": value}, base=MOVED)
        assert back.shares == MOVED.shares, value
        assert [n.key for n in notices] == ["train_regions"] and notices[0].code == "malformed"
        assert "summing to 100" in notices[0].allowed


def test_the_scenario_link_ignores_the_allocation_parameters_it_is_told_to() -> None:
    query = {**sharing.to_query(Scenario(), "en"), **links.to_query(MOVED)}
    shared = sharing.from_query(query, ignore=tuple(links.PARAMETERS))
    assert shared.notices == ()
