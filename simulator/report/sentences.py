"""Sentences the app and every export say the same way, built once (the verdict, ...)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from simulator import calibration
from simulator.backtest import REFERENCES, Backtest, Origin
from simulator.io import sharing
from simulator.report import formatting
from simulator.report.i18n import text
from simulator.runner import Assessment
from simulator.uncertainty import STRUCTURES, Ensemble


def verdict_headline(assessment: Assessment, language: str) -> str:
    """Whether the target is reached by the deadline ("30 juta tercapai pada ...", "Tidak tercapai ...: kurang ...")."""
    verdict = assessment.scenario.verdict
    if verdict.reached_by_deadline:
        return text("verdict_reached", language, target=formatting.count(verdict.target, language),
                    month=formatting.month(verdict.reached_on, language))
    return text("verdict_missed", language, deadline=formatting.month(verdict.deadline, language),
                gap=formatting.count(verdict.gap, language))


def verdict_detail(assessment: Assessment, language: str) -> str | None:
    """For a missed target, when it is reached after the deadline (or that it is not before the horizon)."""
    verdict = assessment.scenario.verdict
    if verdict.reached_by_deadline:
        return None
    if verdict.reached_on:
        return text("verdict_later", language, month=formatting.month(verdict.reached_on, language))
    return text("verdict_never", language, horizon=formatting.month(assessment.scenario.scenario.horizon, language))


def verdict_sentence(assessment: Assessment, language: str) -> str:
    """The headline and its detail as one text, for the exports."""
    detail = verdict_detail(assessment, language)
    headline = verdict_headline(assessment, language)
    return headline if detail is None else f"{headline}. {detail}"


def notice_message(notice: sharing.Notice, language: str) -> str:
    """One plain-text sentence for the reader about something a link carried that was not used as written.

    The link's key and value are shown through :func:`simulator.io.sharing.shown`, so the sentence is safe to
    render as Markdown.
    """
    return text(f"share_notice_{notice.code}", language, setting=_link_label(notice.key, language),
                value=sharing.shown(notice.value), allowed=notice.allowed)

def _link_label(key: str, language: str) -> str:
    """``Pelatihan & pendampingan (train, ribu UMKM per tahun)`` for a known parameter, else the shown key."""
    field = sharing.FIELDS_BY_NAME.get(key)
    if key == "lang":
        return f"{text('language', language)} (lang)"
    if key == "v":
        return f"{text('share_version', language)} (v)"
    if key == "start":
        return f"{text('share_all_starts', language)} (start)"
    if field is None:
        return sharing.shown(key)
    label = field.lever.short_label(language) if field.lever is not None else text(field.label_key, language)
    if field.name in sharing.START_FIELDS:
        label = text("start_of", language, lever=label)
    if field.unit_key is not None:
        unit: str | None = text(field.unit_key, language)
    elif field.lever is not None and field.exponent is not None:
        unit = field.lever.display_unit(language)
    else:
        unit = None
    details = field.name if unit is None else f"{field.name}, {unit}"
    return f"{label} ({details})"


def fit_sentence(observations: pd.DataFrame, fit: calibration.Calibration, language: str) -> str:
    """The calibration's fit error, as one sentence."""
    return text("calibration_text", language, n=int(observations["use"].sum()),
                mape=formatting.share(fit.mape, language), rmse=formatting.number(fit.rmse, language))


# ------------------------------------------------------------------------------------------------------------
# The forecast: headline on the median, the probability with its error, each structure, what came later
# ------------------------------------------------------------------------------------------------------------

def forecast_headline(fan: Ensemble, language: str) -> str:
    """Whether the *median* forecast reaches the target by the deadline (the page's and the brief's headline)."""
    s = fan.scenario
    if fan.median_reached_by_deadline:
        return text("forecast_reached", language, target=formatting.count(s.target, language),
                    month=formatting.month(fan.median_reached_on, language))
    gap = max(s.target - fan.adopters_at_deadline_p50, 0.0)
    return text("forecast_missed", language, deadline=formatting.month(s.deadline, language),
                gap=formatting.count(gap, language))


def forecast_detail(fan: Ensemble, language: str) -> str | None:
    """For a missed target, when the median forecast reaches it (or that it does not before the horizon)."""
    if fan.median_reached_by_deadline:
        return None
    if fan.median_reached_on:
        return text("forecast_later", language, month=formatting.month(fan.median_reached_on, language))
    return text("forecast_never", language, horizon=formatting.month(fan.scenario.horizon, language))


def forecast_sentence(fan: Ensemble, language: str) -> str:
    """Headline and detail as one text, with the probability (for exports)."""
    detail = forecast_detail(fan, language)
    head = forecast_headline(fan, language)
    chance = f"{text('metric_probability', language)}: {probability_text(fan, language)}"
    return f"{head}. {detail + ' ' if detail else ''}{chance}."


def probability_text(fan: Ensemble, language: str) -> str:
    """``34% ± 2``: the probability of reaching the target and its Monte Carlo error (percentage points)."""
    error = fan.probability_error if np.isfinite(fan.probability_error) else 0.0
    return text("probability_value", language, value=formatting.probability(fan.probability_reached, language),
                error=formatting.number(max(round(error * 100), 1), language))


def structures_text(fan: Ensemble, language: str) -> str:
    """Each structure's probability and median at the deadline: ``Dipimpin kampanye 22% (median 27,1 juta), ...``."""
    labels = {s.name: s.label(language) for s in STRUCTURES}
    return ", ".join(text("structure_item", language, label=labels.get(row["structure"], row["structure"]),
                          probability=formatting.probability(row["probability_reached"], language),
                          median=formatting.count(row["adopters_at_deadline_p50"], language))
                     for row in fan.structure_rows)


def after_sentence(later: pd.DataFrame, predicted: np.ndarray | None, as_of: str, language: str) -> str:
    """The latest count reported after the vintage against what the vintage's forecast said for it.

    ``later``: the fitted ministry counts said after ``as_of`` (:func:`simulator.backtest.later_counts`);
    ``predicted``: P10, P50, P90 of the reported count at the latest one's date [UMKM].
    """
    if later.empty or predicted is None:
        return text("after_none", language, as_of=formatting.month(as_of, language))
    last = later.sort_values("date").iloc[-1]
    low, median, high = (formatting.count(v, language) for v in predicted)
    return text("after_sentence", language, observed=formatting.count(float(last["value"]), language),
                month=formatting.month(f"{last['date']:%Y-%m}", language), as_of=formatting.month(as_of, language),
                median=median, low=low, high=high)


def skill_sentences(result: Backtest, origin: Origin | None, as_of: str, language: str) -> tuple[str, str]:
    """Two plain sentences: how the forecast from ``as_of`` (its ``origin``, None when nothing can judge it) did
    against the references, and the aim averaged over ``result``'s origins."""
    pct = functools.partial(formatting.share, language=language, digits=1)
    if origin is None or origin.n_later == 0:
        first = text("skill_no_later", language, as_of=formatting.month(as_of, language))
    else:
        sc = origin.scores
        first = text("skill_sentence", language, as_of=formatting.month(as_of, language), n=origin.n_later,
                     model=pct(sc["model"]["mape"]), trend=pct(sc["trend_12m"]["mape"]),
                     pace=pct(sc["pace_6m"]["mape"]), plan=pct(sc["plan_500k"]["mape"]),
                     coverage=formatting.share(sc["model"]["coverage_80"], language, digits=0))
    mean = result.mean
    best = min(REFERENCES, key=lambda name: mean[name]["mape"])
    coverage = mean["model"]["coverage_80"]
    origins = ", ".join(formatting.month(o.as_of, language) for o in result.origins if o.n_later > 0)
    values = {"origins": origins, "model": pct(mean["model"]["mape"]), "best": text(f"forecaster_{best}", language),
              "best_value": pct(mean[best]["mape"]), "coverage": formatting.share(coverage, language, digits=0)}
    loses = mean["model"]["mape"] > mean[best]["mape"]
    if not loses and 0.7 <= coverage <= 0.9:
        return first, text("skill_aim_met", language, **values)
    problem = text("skill_problem_error" if loses else "skill_problem_wide" if coverage > 0.9
                   else "skill_problem_narrow", language)
    return first, text("skill_aim_missed", language, problem=problem, **values)
