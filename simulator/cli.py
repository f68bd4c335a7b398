"""Command line: ``python -m simulator {run,goal-seek,sensitivity,calibrate,describe,backtest,place}``.

Every subcommand writes one JSON document (or, for ``run --format csv``, the monthly series) to standard output.
A bad key, value, file or date exits with status 2 and one line on standard error naming the problem and what is
allowed; any other failure exits with status 1 and one line. No traceback reaches the user.

A subcommand is a :class:`Command` in :data:`COMMANDS`: a function that adds its arguments to a parser and a
function that turns the parsed arguments into output. New subcommands register themselves with
:func:`command`; options shared by several subcommands (``--observations``) are added by small helpers.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TextIO

import numpy as np
import pandas as pd

import simulator
from simulator import calibration, goal_seek, limits, regions, sensitivity, timeline, uncertainty
from simulator.io import added, observations, scenario_files, vintages
from simulator.numbers import finite_or_none
from simulator.parameters import LEVERS, PARAMETERS, SCENARIO_KEYS, LeverSpec, ModelParameters, ParameterSpec, Scenario
from simulator.runner import Assessment, assess, results_frame

PROG = "python -m simulator"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
NATIONAL_FILE_KEYS = (*SCENARIO_KEYS, "start")
SCENARIO_FILE_KEYS = (*NATIONAL_FILE_KEYS, *regions.ALLOCATION_KEYS)

# Columns of the ``series`` output, in order (date first); ``baseline_n_adopters`` is appended.
SERIES_COLUMNS = ("date", "n_adopters", "n_active", "new_adopters", "new_dropouts", "new_from_training",
                  "new_from_campaign", "market_potential", "n_umkm", "connected_share", "ready_share",
                  "villages_covered", "spend_idr", "cum_spend_idr")

_NUMBER_RE = re.compile(r"^[+-]?(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][+-]?\d+)?$")


class UsageError(ValueError):
    """A problem with the command line itself (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors become one-line :class:`UsageError` instead of usage text and exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: {self.prog} --help)")


@dataclass(frozen=True, kw_only=True)
class Command:
    """One subcommand: its help line, the function adding its arguments, and the function running it."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace, TextIO], int]


COMMANDS: dict[str, Command] = {}
"""Subcommands by name, in the order they appear in ``--help``."""


def command(name: str, *, help: str, configure: Callable[[argparse.ArgumentParser], None]
            ) -> Callable[[Callable[[argparse.Namespace, TextIO], int]], Callable[[argparse.Namespace, TextIO], int]]:
    """Register the decorated function as the handler of subcommand ``name``."""
    def register(handler: Callable[[argparse.Namespace, TextIO], int]) -> Callable[[argparse.Namespace, TextIO], int]:
        COMMANDS[name] = Command(name=name, help=help, configure=configure, handler=handler)
        return handler
    return register


# ------------------------------------------------------------------------------------------------------------
# Input: --set overrides on top of a scenario file
# ------------------------------------------------------------------------------------------------------------

def parse_value(text: str) -> int | float | str:
    """A ``--set`` value: a number when it looks like one ("5e6", "5_000_000", "0.5"), else the text itself."""
    text = text.strip()
    if not _NUMBER_RE.match(text):
        return text
    number = float(text.replace("_", ""))
    return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number


def parse_assignment(text: str) -> tuple[str, int | float | str]:
    """``"KEY=VALUE"`` -> ``(key, value)``; raises :class:`UsageError` naming the allowed keys."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise UsageError(f"--set expects KEY=VALUE, got {text!r}; keys: {', '.join(SCENARIO_FILE_KEYS)}")
    if key not in SCENARIO_FILE_KEYS:
        raise UsageError(f"--set: unknown scenario key {key!r}; allowed keys: {', '.join(SCENARIO_FILE_KEYS)}")
    return key, parse_value(value)


def build_scenario(*, file_values: Mapping[str, Any], overrides: Sequence[tuple[str, Any]]) -> Scenario:
    """The scenario from a file's settings with ``--set`` overrides on top; missing keys take the status quo.

    A ``start`` override replaces the file's lever start months unless those are also overridden.
    """
    for values in (file_values, dict(overrides)):
        if "start" in values:  # checked here so that the message names "start", not the first lever's start
            timeline.parse_month(values["start"], name="start")
    merged = dict(file_values)
    override_keys = {key for key, _ in overrides}
    if "start" in override_keys:
        for lever in LEVERS:
            merged.pop(lever.start_key, None)
    merged.update(overrides)
    national, _ = regions.split_mapping(merged)
    return Scenario.from_mapping(national)


def build_allocation(*, file_values: Mapping[str, Any], overrides: Sequence[tuple[str, Any]]) -> regions.Allocation:
    """The regional allocation from a file's allocation keys with ``--set`` overrides on top (a lever's
    allocation is replaced whole: ``--set infrastructure_allocation=maluku_papua:0.8,sulawesi:0.2``)."""
    _, given = regions.split_mapping({**file_values, **dict(overrides)})
    return regions.allocation_from_mapping(given)


# ------------------------------------------------------------------------------------------------------------
# Output helpers
# ------------------------------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """numpy and pandas scalars -> plain Python values for JSON (NaN and infinities become null)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return finite_or_none(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return value


def _write_json(document: Mapping[str, Any], out: TextIO) -> None:
    json.dump(_plain(dict(document)), out, indent=2, ensure_ascii=False, allow_nan=False)
    out.write("\n")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [_plain(record) for record in frame.to_dict("records")]


def series_frame(assessment: Assessment) -> pd.DataFrame:
    """The scenario's monthly series with ``date`` as "YYYY-MM" first and the baseline's adopters last: the
    columns of :data:`SERIES_COLUMNS` of :func:`simulator.runner.results_frame`."""
    return results_frame(assessment).loc[:, [*SERIES_COLUMNS, "baseline_n_adopters"]]


def summary(assessment: Assessment) -> dict[str, Any]:
    """Verdict, baseline and each lever's contribution at the deadline [UMKM, rupiah]."""
    verdict = assessment.scenario.verdict
    return {
        "target": verdict.target,
        "deadline": verdict.deadline,
        "reached_on": verdict.reached_on,
        "reached_by_deadline": verdict.reached_by_deadline,
        "adopters_at_deadline": verdict.adopters_at_deadline,
        "gap": verdict.gap,
        "cost_idr": verdict.cost_idr,
        "baseline_adopters_at_deadline": assessment.baseline.verdict.adopters_at_deadline,
        "baseline_cost_idr": assessment.baseline.verdict.cost_idr,
        "contributions": {c.lever: {"adopters_added": c.adopters_added, "extra_cost_idr": c.extra_cost_idr,
                                    "cost_per_adopter_idr": c.cost_per_adopter_idr}
                          for c in assessment.contributions},
        "interaction": assessment.interaction,
    }


def calibration_summary(fitted: calibration.Calibration, *, source: str) -> dict[str, Any]:
    """The fit for the JSON output; each of its warnings (a value at its search bound) also goes to stderr."""
    for line in fitted.warnings:
        print(f"{PROG}: warning: {_one_line(line)}", file=sys.stderr)
    return {"observations": source, "fitted": fitted.fitted, "rmse": fitted.rmse, "mape": fitted.mape,
            "warnings": list(fitted.warnings)}


def _observations_label(path: str | None) -> str:
    return os.fspath(path) if path is not None else "bundled (simulator/data/observations.csv)"


# ------------------------------------------------------------------------------------------------------------
# Subcommands
# ------------------------------------------------------------------------------------------------------------

def _add_observations_option(parser: argparse.ArgumentParser, *, help: str) -> None:
    parser.add_argument("--observations", metavar="FILE.csv", help=help)


def _add_as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM", default=None,
                        help="data vintage: use only the counts said by the end of this month (default "
                             f"{observations.DEFAULT_AS_OF}, the decision, for files with a said_on column)")


def _scenario_file(args: argparse.Namespace) -> scenario_files.ScenarioFile | None:
    """The ``--scenario`` file, read and checked once per command (its settings and its data keys both count)."""
    path = getattr(args, "scenario", None)
    if not path:
        return None
    if getattr(args, "_scenario_file", None) is None:
        args._scenario_file = scenario_files.read(path)
    return args._scenario_file


def _vintage(args: argparse.Namespace) -> pd.DataFrame:
    """The observations of the vintage asked for (``--observations``, ``--as-of``); see observations.load.

    Without ``--observations``, a ``--scenario`` file's data keys apply as in the app: its added counts join the
    bundled ones (:mod:`simulator.io.added`) and its ``as_of`` is the vintage unless ``--as-of`` is given.
    """
    path = getattr(args, "observations", None)
    as_of = getattr(args, "as_of", None)
    loaded = _scenario_file(args) if path is None else None
    if loaded is not None:
        if loaded.observations or loaded.as_of is not None:
            month = as_of or loaded.as_of or observations.DEFAULT_AS_OF
            return vintages.as_of(added.combine(loaded.observations), month)
    return observations.load(path, as_of=as_of) if as_of is not None else observations.load(path)


def _vintage_summary(data: pd.DataFrame) -> dict[str, Any]:
    return {"as_of": data.attrs.get("as_of"), "n_observations": int(data["use"].sum())}


def _configure_scenario_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", metavar="FILE.json",
                        help="scenario file: a JSON object with any of the keys below (others take the status "
                             "quo), e.g. a preset from simulator/presets/")
    parser.add_argument("--set", dest="overrides", metavar="KEY=VALUE", action="append", default=[],
                        help="set one scenario key, applied on top of --scenario; repeatable. Keys: "
                             f"{', '.join(SCENARIO_FILE_KEYS)} ('start' sets all three start months). "
                             "Numbers may be written 5e6, 5_000_000 or 5000000; months as YYYY-MM")


def _configure_run(parser: argparse.ArgumentParser) -> None:
    _configure_scenario_options(parser)
    _add_observations_option(parser, help="recalibrate to this observations CSV before running "
                                          "(columns date, value, source, link; values in UMKM)")
    _add_as_of_option(parser)
    parser.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json: scenario, summary, calibration, series and regions; csv: the monthly series "
                             "only")
    parser.add_argument("--by-region", action="store_true",
                        help="with --format csv: the regional series in long form (date, region, quantities)")
    _add_draw_options(parser, default=0, what="add a Monte Carlo ensemble of N draws (0: none): the probability "
                                              "of reaching the target and P10/P50/P90 per month")


MAX_DRAWS = limits.MAX_DRAWS
"""Most draws the command line accepts; each command's own cap comes from :mod:`simulator.limits`."""
SEED_RANGE = (0, 2 ** 32 - 1)


def _draw_count(text: str) -> int:
    allowed = f"allowed whole numbers 0 to {MAX_DRAWS:,}"
    value = parse_value(text)
    if isinstance(value, str) or math.isnan(value):
        raise UsageError(f"--draws: {text!r} is not a whole number; {allowed}")
    if math.isfinite(value) and not float(value).is_integer():
        raise UsageError(f"--draws: {text!r} is not a whole number; {allowed}")
    if not 0 <= value <= MAX_DRAWS:
        raise UsageError(f"--draws: {text!r} is out of range; {allowed}")
    return int(value)


def _seed(text: str) -> int:
    allowed = f"allowed whole numbers {SEED_RANGE[0]} to {SEED_RANGE[1]}"
    stripped = text.strip()
    if not re.fullmatch(r"[+-]?\d[\d_]*", stripped):
        raise UsageError(f"--seed: {text!r} is not a whole number; {allowed}")
    if len(stripped) > 20 or not SEED_RANGE[0] <= int(stripped) <= SEED_RANGE[1]:
        raise UsageError(f"--seed: {text!r} is out of range; {allowed}")
    return int(stripped)


def _check_cost(command_name: str, draws: int, *, months: int) -> None:
    """Refuse, before any work, draws whose estimated memory or time is over the budgets of :mod:`limits`."""
    problem = limits.draws_problem(command_name, draws, months=months)
    if problem is not None:
        raise UsageError(problem)


def _add_draw_options(parser: argparse.ArgumentParser, *, default: int, what: str) -> None:
    parser.add_argument("--draws", metavar="N", type=str, default=str(default), help=what)
    parser.add_argument("--seed", metavar="S", type=str, default=str(uncertainty.DEFAULT_SEED),
                        help=f"random seed of the draws (default {uncertainty.DEFAULT_SEED}); same seed, same numbers")


def _draws(args: argparse.Namespace, data: pd.DataFrame | None) -> uncertainty.Draws | None:
    n = _draw_count(args.draws)
    if n == 0:
        return None
    if n < 10:
        raise UsageError(f"--draws: {args.draws!r} is too few for an ensemble; allowed 0 (none) or 10 to "
                         f"{MAX_DRAWS:,}")
    return uncertainty.sample(draws=n, seed=_seed(args.seed), observations=data)


def _analysis_draws(args: argparse.Namespace, *, what: str, months: int, data: pd.DataFrame | None = None
                   ) -> uncertainty.Draws:
    """Draws for goal seek or sensitivity, which need at least 10, within the command's cost cap, conditioned on
    ``data`` (default: the bundled observations)."""
    n = _draw_count(args.draws)
    seed = _seed(args.seed)
    if n < 10:
        raise UsageError(f"--draws: {args.draws!r} is too few for {what}; allowed 10 to {MAX_DRAWS:,}")
    _check_cost(what, n, months=months)
    return uncertainty.sample(draws=n, seed=seed, observations=data)


def _ensemble_summary(ensemble: uncertainty.Ensemble, central: Mapping[str, Any]) -> dict[str, Any]:
    """The Monte Carlo's summary. The headline keys (``adopters_at_deadline``, ``reached_on``,
    ``reached_by_deadline``, ``gap``) become the median forecast's; the central run's stay as ``central_*``."""
    document = ensemble.to_dict()
    median = ensemble.adopters_at_deadline_p50
    return {
        "adopters_at_deadline": median,
        "reached_on": ensemble.median_reached_on,
        "reached_by_deadline": ensemble.median_reached_by_deadline,
        "gap": max(ensemble.scenario.target - median, 0.0),
        "central_adopters_at_deadline": central["adopters_at_deadline"],
        "central_reached_on": central["reached_on"],
        "probability_reached": ensemble.probability_reached,
        "probability_error": document["probability_error"],
        "structures": document["structures"],
        "baseline_probability_reached": ensemble.baseline_probability_reached,
        "adopters_at_deadline_p10": ensemble.adopters_at_deadline_p10,
        "adopters_at_deadline_p50": ensemble.adopters_at_deadline_p50,
        "adopters_at_deadline_p90": ensemble.adopters_at_deadline_p90,
        "draws": ensemble.draws, "effective_draws": document["effective_draws"], "seed": ensemble.seed,
        "reached_distribution": document["reached"],
        "cost_effectiveness": document["cost_effectiveness"],
    }


def _scenario_from_args(args: argparse.Namespace) -> Scenario:
    return _scenario_and_allocation(args)[0]


def _scenario_and_allocation(args: argparse.Namespace) -> tuple[Scenario, regions.Allocation]:
    if args.scenario is not None and not args.scenario.strip():
        raise UsageError("--scenario: the file name is empty; give a scenario JSON file, e.g. "
                         "simulator/presets/training_first.json")
    loaded = _scenario_file(args)
    file_values = loaded.settings if loaded is not None else {}
    overrides = [parse_assignment(text) for text in args.overrides]
    allocation = build_allocation(file_values=loaded.allocation if loaded is not None else {}, overrides=overrides)
    return build_scenario(file_values=file_values, overrides=overrides), allocation


@command("run", help="run one scenario and print its summary and monthly series", configure=_configure_run)
def run_command(args: argparse.Namespace, out: TextIO) -> int:
    scenario, allocation = _scenario_and_allocation(args)
    if args.by_region and args.format != "csv":
        raise UsageError("--by-region: only with --format csv (the JSON output always has regions)")
    _check_cost("run", _draw_count(args.draws), months=scenario.n_months)  # check before any work
    _seed(args.seed)
    parameters: ModelParameters | None = None
    fitted_summary = None
    data = _vintage(args)
    # The registry holds the fit to the decision's vintage: refit only for another file or vintage.
    if args.observations is not None or data.attrs["as_of"] != observations.DEFAULT_AS_OF:
        fitted = calibration.fit(data)
        parameters = fitted.parameters
        fitted_summary = calibration_summary(fitted, source=_observations_label(args.observations))
    assessment = assess(scenario, parameters)
    series = series_frame(assessment)
    draws = _draws(args, data)
    ensemble_summary = None
    if draws is not None:
        ensemble = uncertainty.ensemble(scenario, draws)
        for q in ("p10", "p50", "p90"):
            series[f"n_adopters_{q}"] = ensemble.frame[f"n_adopters_{q}"].to_numpy()
        ensemble_summary = _ensemble_summary(ensemble, summary(assessment))
    regional = regions.run_regions(scenario, allocation, parameters)
    regional_ensemble = (regions.regional_ensemble(scenario, allocation, draws, stride=1)
                         if draws is not None else None)
    if args.by_region:
        fan = regional_ensemble.fan_frame() if regional_ensemble is not None else None
        regions.long_frame(regional, fan=fan).to_csv(out, index=False, lineterminator="\n")
        return EXIT_OK
    if args.format == "csv":
        series.to_csv(out, index=False, lineterminator="\n")
        return EXIT_OK
    _write_json({
        "model_version": simulator.__version__,
        "scenario": scenario.to_mapping(),
        "summary": {**summary(assessment), **(ensemble_summary or {}), **_vintage_summary(data)},
        "calibration": fitted_summary,
        "series": _records(series),
        "allocation": allocation.to_mapping(),
        "regions": regions.regions_summary(regional, regional_ensemble),
    }, out)
    return EXIT_OK


def _probability(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100.0 if text.endswith("%") else 1.0)
    except ValueError:
        raise UsageError(f"--probability: {text!r} is not a number; allowed 0.01 to 0.99 (or 1% to 99%)") from None
    if not 0.01 <= value <= 0.99:
        raise UsageError(f"--probability: {text!r} is out of range; allowed 0.01 to 0.99 (or 1% to 99%)")
    return value


def _budget(text: str | None) -> float | None:
    if text is None:
        return None
    value = parse_value(text)
    if isinstance(value, str) or not math.isfinite(value) or value < 0:
        raise UsageError(f"--budget: {text!r} is not an amount of rupiah; allowed 0 or more, e.g. 50e12")
    return float(value)


def _configure_goal_seek(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", default=str(int(Scenario().target)), metavar="UMKM",
                        help="UMKM online to reach (default 30000000)")
    parser.add_argument("--deadline", default=Scenario().deadline, metavar="YYYY-MM", help="default 2024-12")
    parser.add_argument("--probability", default="0.8", metavar="P",
                        help="required probability of reaching the target by the deadline, 0.01-0.99 or 1%%-99%% "
                             "(default 0.8)")
    parser.add_argument("--budget", default=None, metavar="RUPIAH",
                        help="optional cap on the programme's cost through the deadline, in rupiah (e.g. 50e12)")
    parser.add_argument("--earliest-start", default="2021-07", metavar="YYYY-MM",
                        help="earliest month a lever may start (default 2021-07)")
    _add_draw_options(parser, default=uncertainty.DEFAULT_DRAWS, what="Monte Carlo draws (default "
                                                                       f"{uncertainty.DEFAULT_DRAWS})")
    _add_as_of_option(parser)
    parser.add_argument("--by-region", action="store_true",
                        help="search where each lever goes as well as how much, in the regional model "
                             "(adds allocation, at_start_allocation and saving_idr)")
    parser.add_argument("--allocation", dest="allocations", metavar="KEY=SHARES", action="append", default=[],
                        help="with --by-region, the allocation the search starts from, e.g. "
                             "training_allocation=jawa:0.7,sumatera:0.3; repeatable (default: the default one)")


@command("goal-seek", help="find the cheapest lever mix reaching a target by a deadline with a required probability",
         configure=_configure_goal_seek)
def goal_seek_command(args: argparse.Namespace, out: TextIO) -> int:
    target = parse_value(args.target)
    checked = Scenario.from_mapping({"target": target, "deadline": args.deadline,
                                     "start": args.earliest_start})
    probability, budget = _probability(args.probability), _budget(args.budget)
    if args.allocations and not args.by_region:
        raise UsageError("--allocation: only with --by-region")
    start = regions.allocation_from_mapping(dict(_allocation_assignment(a) for a in args.allocations))
    data = _vintage(args)
    draws = _analysis_draws(args, what="goal-seek-by-region" if args.by_region else "goal-seek",
                            months=timeline.parse_month(checked.deadline) + 1, data=data)
    if args.by_region:
        from simulator import regional_goal_seek

        result: Any = regional_goal_seek.regional_goal_seek(
            target=checked.target, deadline=checked.deadline, probability=probability, budget_idr=budget,
            draws=draws, earliest_start=checked.training_start, allocation=start)
    else:
        result = goal_seek.goal_seek(target=checked.target, deadline=checked.deadline, probability=probability,
                                     budget_idr=budget, draws=draws, earliest_start=checked.training_start)
    _write_json({"model_version": simulator.__version__, **_vintage_summary(data), **result.to_dict()}, out)
    return EXIT_OK


def _allocation_assignment(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or key.strip() not in regions.ALLOCATION_KEYS:
        raise UsageError(f"--allocation expects KEY=REGION:SHARE,..., got {text!r}; keys: "
                         f"{', '.join(regions.ALLOCATION_KEYS)}")
    return key.strip(), value


def _configure_sensitivity(parser: argparse.ArgumentParser) -> None:
    _configure_scenario_options(parser)
    parser.add_argument("--sort-by", choices=("probability", "adopters"), default="probability",
                        help="order of the tornado rows (default: swing of the probability)")
    parser.add_argument("--region", default=None, metavar="REGION",
                        help="what moves this region's onboarded UMKM at the deadline most ("
                             f"{', '.join(regions.REGION_KEYS)}, or national for the sum of the regions): "
                             "parameters, levers and where they go, in the regional model with central parameters "
                             "(--draws, --seed and --sort-by are then not used)")
    _add_draw_options(parser, default=uncertainty.DEFAULT_DRAWS, what="Monte Carlo draws (default "
                                                                       f"{uncertainty.DEFAULT_DRAWS})")
    _add_as_of_option(parser)


@command("sensitivity", help="tornado table: which inputs move the probability and the value at the deadline most",
         configure=_configure_sensitivity)
def sensitivity_command(args: argparse.Namespace, out: TextIO) -> int:
    scenario, allocation = _scenario_and_allocation(args)
    data = _vintage(args)
    if args.region is not None:
        from simulator import regional_sensitivity

        # Central runs: the draws only name the uncertain parameters and their ranges (the registry's).
        result: Any = regional_sensitivity.regional_tornado(scenario, allocation, region=args.region)
        _write_json({"model_version": simulator.__version__, **_vintage_summary(data), **result.to_dict()}, out)
        return EXIT_OK
    draws = _analysis_draws(args, what="sensitivity", months=scenario.month_index("deadline") + 1, data=data)
    result = sensitivity.tornado(scenario, draws, sort_by=args.sort_by)
    _write_json({"model_version": simulator.__version__, **_vintage_summary(data), **result.to_dict()}, out)
    return EXIT_OK


def _configure_calibrate(parser: argparse.ArgumentParser) -> None:
    _add_observations_option(parser, help="observations CSV to fit (default: the bundled June 2021 evidence)")
    _add_as_of_option(parser)


@command("calibrate", help="fit adopters_2020, campaign_pace and campaign_ramp to observations (forecast skill: "
                            "see backtest)",
         configure=_configure_calibrate)
def calibrate_command(args: argparse.Namespace, out: TextIO) -> int:
    data = _vintage(args)
    fitted = calibration.fit(data)
    _write_json({
        "model_version": simulator.__version__,
        **calibration_summary(fitted, source=_observations_label(args.observations)),
        **_vintage_summary(data),
        "registry": calibration.registry_values(),
        "table": _records(fitted.table),
    }, out)
    return EXIT_OK


def _registry_entry(spec: ParameterSpec | LeverSpec) -> dict[str, Any]:
    """One registry entry as JSON: its texts as ``{"en": ..., "id": ...}``, except the source, given as the English
    text under ``source`` (the shape it always had) and the Indonesian text under ``source_id``."""
    entry = dataclasses.asdict(spec)
    entry["source"], entry["source_id"] = spec.source.en, spec.source.id
    return entry


def _configure_describe(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


@command("describe", help="print the parameter registry and the levers as JSON", configure=_configure_describe)
def describe_command(args: argparse.Namespace, out: TextIO) -> int:
    del args
    _write_json({
        "model_version": simulator.__version__,
        "parameters": [_registry_entry(spec) for spec in PARAMETERS],
        "levers": [_registry_entry(lever) for lever in LEVERS],
        "scenario_keys": list(NATIONAL_FILE_KEYS),
        "allocation_keys": {key: {"regions": list(regions.REGION_KEYS),
                                  "default": default,
                                  "format": "a mapping region -> share (fractions summing to 1) in a scenario "
                                            "file; REGION:SHARE,... with --set; regions not named get 0"}
                            for key, default in regions.Allocation().to_mapping().items()},
        "regions": regions.describe(),
        "scenario_defaults": Scenario().to_mapping(),
    }, out)
    return EXIT_OK


# ------------------------------------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Scenario simulator for Indonesia's target of 30 million UMKM on "
                                            "e-commerce by December 2024. Counts are in UMKM, money in rupiah.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {simulator.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for entry in COMMANDS.values():
        entry.configure(subparsers.add_parser(entry.name, help=entry.help, description=entry.help))
    return parser


def _one_line(message: object) -> str:
    return " ".join(str(message).split()) or "unknown error"


def _out_of_memory(name: str | None) -> str:
    """One line for a MemoryError: what ran out and what to try (never a traceback)."""
    message = f"{name or PROG} ran out of memory; this machine has less free memory than the budget"
    if name in limits.COSTS:
        try:
            budget = limits.memory_budget_bytes()
        except ValueError:
            budget = limits.DEFAULT_MEMORY_BUDGET_MB * limits.MB
        message += (f" of {budget / limits.MB:,.0f} MB ({limits.MEMORY_ENV}) assumes: try fewer --draws "
                    f"(the budget allows at most {limits.max_draws(name, memory_bytes=budget):,}) or a lower "
                    f"{limits.MEMORY_ENV}")
    else:
        message += " of the input caps assumes; try a smaller input"
    return message


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 unexpected failure, 2 bad input)."""
    name: str | None = None
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError(f"choose a command: {', '.join(COMMANDS)} (see: {PROG} --help)")
        name = args.command
        return COMMANDS[name].handler(args, sys.stdout)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except BrokenPipeError:  # output piped into e.g. `head`, which closed early
        # Point stdout at /dev/null so flushing it at interpreter exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except MemoryError:  # the machine had less free memory than the budget of simulator.limits assumes
        print(f"{PROG}: error: {_out_of_memory(name)}", file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, OSError) as exc:  # includes json.JSONDecodeError and UnicodeDecodeError
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: one line, no traceback
        print(f"{PROG}: internal error: {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILURE


# The backtest and place commands register themselves (they import this module).
from simulator import cli_backtest, cli_regions  # noqa: E402, F401
