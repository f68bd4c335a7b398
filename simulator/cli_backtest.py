"""The ``backtest`` subcommand: ``python -m simulator backtest [--format json|csv] [--draws N] [--seed S]
[--as-of YYYY-MM ...] [--observations FILE.csv]`` (see :mod:`simulator.backtest`).

Kept apart from :mod:`simulator.cli` so that the command line module stays small; it registers itself there.
"""

from __future__ import annotations

import argparse
from typing import TextIO

import simulator
from simulator import backtest, cli, uncertainty
from simulator.io import observations


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json: scores per origin and their mean, with each later count; csv: one row per "
                             "origin and forecaster")
    parser.add_argument("--as-of", metavar="YYYY-MM", nargs="+", action="extend", default=None,
                        help="forecast origins (data vintages); default "
                             f"{' '.join(backtest.DEFAULT_ORIGINS)}")
    parser.add_argument("--observations", metavar="FILE.csv",
                        help="observations CSV with every vintage (columns as the bundled file, with said_on; "
                             "default the bundled file to June 2023)")
    cli._add_draw_options(parser, default=uncertainty.DEFAULT_DRAWS,
                          what=f"Monte Carlo draws per origin (default {uncertainty.DEFAULT_DRAWS})")


@cli.command("backtest", help="rolling-origin backtest: fit on each data vintage, score forecasts of later counts "
                              "against naive forecasts", configure=_configure)
def backtest_command(args: argparse.Namespace, out: TextIO) -> int:
    n = cli._draw_count(args.draws)
    if n < 10:
        raise cli.UsageError(f"--draws: {args.draws!r} is too few for a backtest; allowed 10 to {cli.MAX_DRAWS:,}")
    seed = cli._seed(args.seed)
    data = observations.load(args.observations, as_of=None)
    origins = args.as_of or list(backtest.DEFAULT_ORIGINS)
    result = backtest.backtest(data, origins, draws=n, seed=seed)
    if args.format == "csv":
        result.frame().to_csv(out, index=False, lineterminator="\n")
        return cli.EXIT_OK
    cli._write_json({"model_version": simulator.__version__, **result.to_dict()}, out)
    return cli.EXIT_OK
