"""The ``place`` subcommand: ``python -m simulator place [--scenario FILE.json] [--set KEY=VALUE ...]
[--draws N] [--seed S]``: the placement of the scenario's levers by region that onboards the most UMKM by its
deadline at no extra cost (see :mod:`simulator.placement`), starting from the scenario's allocation.

Kept apart from :mod:`simulator.cli` so that the command line module stays small; it registers itself there.
"""

from __future__ import annotations

import argparse
from typing import TextIO

import simulator
from simulator import cli, placement, uncertainty


def _configure(parser: argparse.ArgumentParser) -> None:
    cli._configure_scenario_options(parser)
    cli._add_draw_options(parser, default=uncertainty.DEFAULT_DRAWS,
                          what="Monte Carlo draws for the probability before and after (0: none; default "
                               f"{uncertainty.DEFAULT_DRAWS})")


@cli.command("place", help="where the levers work best: the placement by region of the scenario's levers that "
                           "onboards the most UMKM by the deadline at no extra cost", configure=_configure)
def place_command(args: argparse.Namespace, out: TextIO) -> int:
    scenario, allocation = cli._scenario_and_allocation(args)
    n = cli._draw_count(args.draws)
    cli._check_cost("run", n, months=scenario.month_index("deadline") + 1)
    draws = cli._draws(args, None)
    result = placement.best_placement(scenario, allocation, draws=draws)
    cli._write_json({"model_version": simulator.__version__, **result.to_dict()}, out)
    return cli.EXIT_OK
