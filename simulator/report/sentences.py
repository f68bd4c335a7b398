"""Sentences the app and every export say the same way, built once (the verdict, ...)."""

from __future__ import annotations

import pandas as pd

from simulator import calibration
from simulator.io import sharing
from simulator.report import formatting
from simulator.report.i18n import text
from simulator.runner import Assessment


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


def fit_sentences(observations: pd.DataFrame, fit: calibration.Calibration, skill: calibration.SkillCheck,
                  language: str) -> tuple[str, str]:
    """The calibration's fit error and the forecasting skill check, as two sentences."""
    return (text("calibration_text", language, n=int(observations["use"].sum()),
                 mape=formatting.share(fit.mape, language), rmse=formatting.number(fit.rmse, language)),
            text("skill_text", language, model=formatting.count(skill.model_mae, language, digits=2),
                 trend=formatting.count(skill.trend_mae, language, digits=2)))
