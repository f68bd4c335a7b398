"""The stored backtest is the one the code computes, and reads back losslessly."""

from __future__ import annotations

import math

from simulator import backtest
from simulator.io import backtests


def test_the_stored_backtest_is_what_the_code_computes() -> None:
    stored, computed = backtests.stored(), backtests.compute()
    assert [o.as_of for o in stored.origins] == list(backtest.DEFAULT_ORIGINS)
    for a, b in zip(stored.origins, computed.origins, strict=True):
        assert a.n_later == b.n_later and a.n_observations == b.n_observations
        for name in backtest.FORECASTERS:
            for score in backtest.SCORES:
                x, y = a.scores[name][score], b.scores[name][score]
                assert (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-7), (a.as_of, name, score)
    assert backtests.dumps(stored).startswith("{"), "run `make baseline` to rewrite simulator/data/backtest.json"


def test_the_round_trip_keeps_every_figure() -> None:
    stored = backtests.stored()
    again = backtest.Backtest.from_dict(__import__("json").loads(backtests.dumps(stored)))
    assert again.mean == stored.mean
    assert [o.later["observed"].tolist() for o in again.origins] == [o.later["observed"].tolist()
                                                                     for o in stored.origins]
