"""Exports: each opens in the library that reads its format and holds the assessment's numbers."""

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import altair as alt
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from simulator import __version__, assess
from simulator.io import observations
from simulator.io import scenario_files as sf
from simulator.parameters import PARAMETERS, ModelParameters, Scenario
from simulator.report import charts, exports, formatting
from simulator.report.i18n import text

GENERATED = dt.date(2021, 8, 17)


def adoption_chart(assessment, language: str) -> alt.LayerChart:
    """The app's main chart for an assessment."""
    return charts.scenario_chart(assessment=assessment, observations=observations.load(), language=language)


@pytest.fixture(scope="module")
def assessment():
    return assess(sf.load_preset("government_plan").scenario)


@pytest.fixture(scope="module")
def comparison() -> pd.DataFrame:
    presets = {name: sf.load_preset(name) for name in sf.PRESET_NAMES}
    return exports.comparison_frame({p.title("en"): assess(p.scenario) for p in presets.values()},
                                    probabilities={"Training first": 0.42})


@pytest.fixture(scope="module")
def png(assessment) -> bytes:
    return exports.chart_png(adoption_chart(assessment, "id"))


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


# --- CSV --------------------------------------------------------------------------------------------------

def test_csv_parses_back_to_the_results_frame(assessment) -> None:
    frame = exports.results_frame(assessment)
    data = exports.results_csv(assessment)
    parsed = pd.read_csv(io.BytesIO(data), encoding="utf-8", dtype={"date": str})
    assert list(parsed.columns) == list(exports.RESULT_COLUMNS)
    pd.testing.assert_frame_equal(parsed, frame, check_dtype=False, check_exact=True)
    assert parsed["date"].iloc[0] == "2020-01" and parsed["date"].iloc[-1] == "2030-12"


def test_results_frame_holds_the_scenario_and_its_baseline(assessment) -> None:
    frame = exports.results_frame(assessment).set_index("date")
    verdict = assessment.scenario.verdict
    assert frame.loc[verdict.deadline, "n_adopters"] == verdict.adopters_at_deadline
    assert frame.loc[verdict.deadline, "baseline_n_adopters"] == assessment.baseline.verdict.adopters_at_deadline
    np.testing.assert_allclose(frame["cum_spend_idr"], frame["spend_idr"].cumsum(), rtol=1e-12)


# --- Excel ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["id", "en"])
def test_workbook_holds_results_inputs_summary_and_comparison(assessment, comparison: pd.DataFrame,
                                                              language: str) -> None:
    data = exports.results_excel(assessment, language=language, comparison=comparison, scenario_name="Plan",
                                 probability=0.37, generated=GENERATED)
    book = load_workbook(io.BytesIO(data))
    names = [text(f"export_sheet_{k}", language) for k in ("summary", "results", "inputs", "comparison")]
    assert book.sheetnames == names
    summary, results, inputs, compared = (book[n] for n in names)
    verdict = assessment.scenario.verdict

    # Results: headers in the language, dates as dates, every value a number; the deadline row is the verdict's.
    headers = [cell.value for cell in results[1]]
    assert headers == [text(f"export_col_{c}", language) for c in exports.RESULT_COLUMNS]
    rows = list(results.iter_rows(min_row=2, values_only=True))
    assert len(rows) == assessment.scenario.scenario.n_months
    assert all(isinstance(row[0], dt.datetime) for row in rows)
    assert all(isinstance(v, float | int) for row in rows for v in row[1:])
    deadline = next(row for row in rows if row[0].strftime("%Y-%m") == verdict.deadline)
    assert deadline[1] == pytest.approx(verdict.adopters_at_deadline, rel=1e-12)
    assert deadline[2] == pytest.approx(assessment.baseline.verdict.adopters_at_deadline, rel=1e-12)

    # Inputs: every scenario key, then every model parameter with its value, unit and source.
    listed = {row[1]: row for row in inputs.iter_rows(min_row=2, values_only=True) if row[1]}
    for key, value in assessment.scenario.scenario.to_mapping().items():
        assert listed[key][3] == value
    for spec in PARAMETERS:
        row = listed[spec.name]
        assert row[3] == pytest.approx(spec.default)
        assert row[4] == spec.unit(language) and row[8] == spec.source(language)

    # Summary: the verdict sentence and its numbers stored as numbers.
    cells = {row[0]: row[1] for row in summary.iter_rows(min_row=4, values_only=True) if row[0]}
    assert cells[text("export_at_deadline", language)] == pytest.approx(verdict.adopters_at_deadline)
    assert cells[text("export_input_target", language)] == verdict.target
    assert cells[text("export_probability", language)] == 0.37
    assert cells[text("export_model_version", language)] == __version__
    assert formatting.month(verdict.deadline, language) in cells[text("export_verdict", language)]

    # Comparison: one row per named scenario, numbers as numbers, blank where there is none.
    table = list(compared.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in table] == list(comparison["scenario"])
    assert table[3][3] == 0.42 and table[0][3] is None
    assert table[0][1] == pytest.approx(comparison["adopters_at_deadline"].iloc[0])


def test_workbook_columns_are_sized_to_their_content(assessment) -> None:
    book = load_workbook(io.BytesIO(exports.results_excel(assessment, language="en")))
    assert book.sheetnames == ["summary", "results", "inputs"]
    widths = [dim.width for dim in book["inputs"].column_dimensions.values()]
    assert all(8 <= w <= 70 for w in widths)
    assert book["inputs"].column_dimensions["I"].width == 70  # sources are long and wrap


def test_workbook_lists_the_parameters_it_was_given(assessment) -> None:
    parameters = ModelParameters(training_effectiveness=0.05)
    book = load_workbook(io.BytesIO(exports.results_excel(assessment, language="en", parameters=parameters)))
    row = next(r for r in book["inputs"].iter_rows(values_only=True) if r[1] == "training_effectiveness")
    assert row[3] == 0.05


# --- Comparison -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ['=HYPERLINK("http://e.vil","click")', "=1+1", "@SUM(A1)", "+1", "-1"])
def test_a_scenario_name_that_looks_like_a_formula_stays_text(assessment, name: str) -> None:
    comparison = exports.comparison_frame({name: assessment})
    data = exports.results_excel(assessment, language="en", comparison=comparison, scenario_name=name,
                                 generated=GENERATED)
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value == name]
    assert len(cells) >= 2  # the summary's name and the comparison's row
    assert all(cell.data_type == "s" for cell in cells)
    assert not any(cell.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)


def test_comparison_frame_columns_and_cost_per_additional_umkm(comparison: pd.DataFrame) -> None:
    assert list(comparison.columns) == list(exports.COMPARISON_COLUMNS)
    rows = comparison.set_index("scenario")
    assert np.isnan(rows.loc["Status quo", "cost_per_additional_idr"])  # adds nothing
    assert rows.loc["Status quo", "extra_cost_idr"] == 0  # the same budget: whole rupiah, no float noise
    # Infrastructure first funds more villages by the deadline than the 2,500 a year of the status quo: the
    # extra cost is the runner's, in whole rupiah.
    infrastructure = assess(sf.load_preset("infrastructure_first").scenario).contributions[0]
    assert infrastructure.lever == "infrastructure_villages_per_year" and infrastructure.extra_cost_idr > 0
    assert rows.loc["Infrastructure first", "extra_cost_idr"] == round(infrastructure.extra_cost_idr)
    training = rows.loc["Training first"]
    added = training["adopters_at_deadline"] - rows.loc["Status quo", "adopters_at_deadline"]
    assert training["cost_per_additional_idr"] == pytest.approx(training["extra_cost_idr"] / added)
    assert training["probability"] == 0.42 and np.isnan(rows.loc["Status quo", "probability"])


# --- Chart images ------------------------------------------------------------------------------------------

def test_png_opens_with_sensible_dimensions(png: bytes) -> None:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, height = image.size
    assert 2 * exports.CHART_WIDTH <= width <= 2 * (exports.CHART_WIDTH + 200)  # scale 2, plus axis and padding
    assert 700 <= height <= 1300
    assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)  # white background, not transparent


def test_svg_parses_as_xml_with_an_svg_root(assessment) -> None:
    root = ET.fromstring(exports.chart_svg(adoption_chart(assessment, "en")))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.get("width")) >= exports.CHART_WIDTH
    assert "30 million" in ET.tostring(root, encoding="unicode")


def test_chart_export_fetches_nothing() -> None:
    remote = alt.Chart(alt.Data(url="https://example.com/data.csv")).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match="not allowed"):
        exports.chart_png(remote)


# --- Policy brief -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "words"), [
    ("id", ["Desember 2024", "juta", "triliun", "Juli 2021", "3.500.000 UMKM per tahun", "Rp8 triliun per tahun",
            "Batasan model", "versi model"]),
    ("en", ["December 2024", "million", "trillion", "July 2021", "3,500,000 UMKM per year", "Rp8 trillion per year",
            "Limits of the model", "model version"]),
])
def test_brief_states_question_settings_verdict_and_sources(assessment, png: bytes, comparison: pd.DataFrame,
                                                            language: str, words: list[str]) -> None:
    data = exports.policy_brief_pdf(assessment, language=language, chart_png=png, comparison=comparison,
                                    probability=0.37, scenario_name="Gernas BBI", generated=GENERATED)
    pages, content = pdf_text(data)
    assert pages in (1, 2)
    verdict, base = assessment.scenario.verdict, assessment.baseline.verdict
    expected = [
        formatting.count(verdict.target, language), formatting.count(verdict.gap, language),
        formatting.month(verdict.reached_on, language),
        formatting.count(verdict.adopters_at_deadline, language), formatting.count(base.adopters_at_deadline, language),
        formatting.rupiah(verdict.cost_idr, language), formatting.share(0.37, language, digits=0),
        "Gernas BBI", "Training first", __version__, formatting.month("2021-08", language).split()[0],
        *words,
    ]
    for fragment in expected:
        assert fragment in content, fragment
    for name in ("campaign_pace", "imitation", "training_effectiveness"):
        source = next(s for s in PARAMETERS if s.name == name).source(language)
        assert source[:30] in content


def test_brief_without_comparison_fits_and_is_reproducible(assessment, png: bytes) -> None:
    first = exports.policy_brief_pdf(assessment, language="id", chart_png=png, generated=GENERATED)
    second = exports.policy_brief_pdf(assessment, language="id", chart_png=png, generated=GENERATED)
    assert first == second
    assert first.startswith(b"%PDF-")
    pages, content = pdf_text(first)
    assert pages in (1, 2)
    assert "Perbandingan" not in content


def longest_comparison() -> pd.DataFrame:
    """Twelve saved scenarios with long names: more rows than the brief shows, each as long as a name gets."""
    return pd.DataFrame([{"scenario": "Skenario dengan nama yang sangat panjang sekali " * 3,
                          "adopters_at_deadline": 29.5e6, "reached_on": None, "probability": 0.5,
                          "cost_idr": 6e13, "cost_per_additional_idr": 2.2e7}] * 12)


LONG_SKILL = ("Dilaporkan 22,8 juta pada Juni 2023; prakiraan dengan data per Juni 2021 menyebut 23,3 juta "
              "(P10-P90 20,5 juta-26,3 juta).",) * 3
"""Three skill sentences as long as the page writes them."""


def test_brief_with_the_largest_content_stays_within_two_pages(png: bytes) -> None:
    assessment = assess(Scenario(training_per_year=5e6, financing_idr_per_year=20e12,
                                 infrastructure_villages_per_year=5e3))  # reached: a different verdict branch
    many = longest_comparison()
    language = "id"  # the longer words
    data = exports.policy_brief_pdf(assessment, language=language, chart_png=png, comparison=many,
                                    probability=0.999, scenario_name="x" * 300, generated=GENERATED)
    pages, content = pdf_text(data)
    assert pages == 2
    assert "> 99%" in content and "100%" not in content
    assert text("export_not_reached", language) in content
    assert formatting.month(assessment.scenario.verdict.reached_on, language) in content
    assert content.count("Skenario dengan nama") == exports.MAX_BRIEF_COMPARISON_ROWS


def test_brief_refuses_something_that_is_not_a_png(assessment) -> None:
    with pytest.raises(ValueError, match="not a PNG"):
        exports.policy_brief_pdf(assessment, language="en", chart_png=b"<svg/>")


# --- Exports in the reader's language (issue "The public demo", items 3 and 5) ------------------------------

def test_indonesian_csv_has_semicolons_decimal_commas_and_the_fan(assessment) -> None:
    from simulator import uncertainty

    fan = uncertainty.ensemble(assessment.scenario.scenario, uncertainty.default_draws(50, 1)).frame
    data = exports.results_csv(assessment, language="id", fan=fan)
    assert data.startswith("\ufeff".encode())  # a byte-order mark: Excel reads the text as UTF-8
    parsed = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    scenario = "UMKM onboarding (kumulatif), skenario"
    assert list(parsed.columns[:5]) == ["Bulan", scenario, f"{scenario}, P10", f"{scenario}, P50 (median)",
                                        f"{scenario}, P90"]
    frame = exports.results_frame(assessment)
    np.testing.assert_allclose(parsed[scenario], frame["n_adopters"], rtol=1e-12)
    np.testing.assert_allclose(parsed[f"{scenario}, P90"], fan["n_adopters_p90"], rtol=1e-12)
    assert (parsed[f"{scenario}, P10"] <= parsed[f"{scenario}, P90"]).all()
    body = data.decode("utf-8-sig").splitlines()[1]
    assert "," in body and body.count(";") == len(parsed.columns) - 1  # decimal commas inside, `;` between


def test_english_csv_keeps_commas_and_points_with_english_headers(assessment) -> None:
    parsed = pd.read_csv(io.BytesIO(exports.results_csv(assessment, language="en")), encoding="utf-8-sig")
    assert parsed.columns[0] == "Month" and "Programme spending since 2020 (rupiah)" in parsed.columns
    assert len(parsed.columns) == len(exports.RESULT_COLUMNS)


@pytest.mark.parametrize("language", ["id", "en"])
def test_exported_chart_says_what_which_scenario_which_data_and_where_from(assessment, language: str) -> None:
    obs = observations.load()
    title, subtitle = exports.chart_title(assessment, language=language, as_of=obs.attrs["as_of"])
    chart = exports.titled(adoption_chart(assessment, language), title=title, subtitle=subtitle)
    svg = exports.chart_svg(chart).decode()
    june = formatting.month("2021-06", language)
    for expected in (title, june, "idEA", formatting.count(assessment.scenario.verdict.target, language)):
        assert expected in svg
    lever_word = {"id": "desa per tahun", "en": "villages per year"}[language]
    assert lever_word in svg and "Rp" in svg
    assert Image.open(io.BytesIO(exports.chart_png(chart))).size[1] > 700  # the title adds to the picture


def test_excel_inputs_sheet_and_brief_use_the_one_source_function(assessment, monkeypatch) -> None:
    from simulator.report import i18n

    seen: list[str] = []
    original = i18n.source_text

    def spy(source, language):
        seen.append(language)
        return original(source, language)

    for module in ("simulator.report.exports.excel", "simulator.report.exports.brief", "simulator.report.tables"):
        monkeypatch.setattr(f"{module}.source_text", spy)
    exports.results_excel(assessment, language="id", generated=GENERATED)
    assert len(seen) == len(PARAMETERS) + 3 and set(seen) == {"id"}


def test_brief_gives_the_pages_answer_its_accuracy_and_the_disclaimer(assessment, png: bytes) -> None:
    """With the Monte Carlo, the brief's answer is the page's (median, probability with its error, expected cost),
    it prints the forecast's skill, and it ends with the disclaimer."""
    from simulator import uncertainty
    from simulator.report import methodology, sentences

    fan = uncertainty.ensemble(assessment.scenario.scenario, uncertainty.default_draws(50, 1))
    skill = ("From June 2021, the model's median missed the later counts by 2.7% on average.",)
    data = exports.policy_brief_pdf(assessment, language="en", chart_png=png, fan=fan, skill=skill,
                                    generated=GENERATED)
    pages, content = pdf_text(data)
    assert pages in (1, 2)
    for fragment in (sentences.probability_text(fan, "en"), formatting.count(fan.adopters_at_deadline_p50, "en"),
                     formatting.rupiah(fan.cost_idr, "en"), "How good is this forecast?", "missed the later counts",
                     "Disclaimer"):
        assert " ".join(fragment.split()) in content, fragment
    disclaimer = next(s for s in methodology.SECTIONS if s.title.en == "Disclaimer").body("en")
    assert " ".join(disclaimer.split()[:8]) in content


def test_the_fullest_brief_with_the_forecast_and_its_skill_stays_within_two_pages(png: bytes) -> None:
    from simulator import uncertainty

    assessment = assess(Scenario(training_per_year=5e6, financing_idr_per_year=20e12))
    fan = uncertainty.ensemble(assessment.scenario.scenario, uncertainty.default_draws(50, 1))
    many = longest_comparison()
    skill = LONG_SKILL
    data = exports.policy_brief_pdf(assessment, language="id", chart_png=png, comparison=many, fan=fan,
                                    skill=skill, scenario_name="x" * 300, generated=GENERATED)
    assert pdf_text(data)[0] == 2


# --- The regional table (issue 11, item 5) ----------------------------------------------------------------

@pytest.fixture(scope="module")
def regional_frame() -> pd.DataFrame:
    from simulator import regions, uncertainty
    from simulator.report import regions as regional

    scenario = Scenario(infrastructure_villages_per_year=5_000, training_per_year=2e6)
    run = regions.run_regions(scenario)
    return regional.export_frame(run, regions.regional_ensemble(scenario, None, uncertainty.sample(draws=60, seed=3)))


@pytest.mark.parametrize("language", ["id", "en"])
def test_workbook_has_a_regions_sheet_with_numbers(assessment, regional_frame: pd.DataFrame, language: str) -> None:
    from simulator.report import regions as regional

    data = exports.results_excel(assessment, language=language, regions=regional_frame, generated=GENERATED)
    sheet = load_workbook(io.BytesIO(data))[text("regions_sheet", language)]
    headers = [c.value for c in sheet[1]]
    assert headers == [regional.export_header(c, language) for c in regional.EXPORT_COLUMNS]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [regional.region_label(k, language) for k in regional_frame["region"]]
    umkm = headers.index(regional.export_header("n_umkm", language))
    assert sum(r[umkm] for r in rows) == pytest.approx(regional_frame["n_umkm"].sum())
    share = headers.index(regional.export_header("online_share_at_deadline", language))
    assert sheet.cell(row=2, column=share + 1).number_format == "0.0%"
    assert all(0 < r[share] < 1 for r in rows)


def test_workbook_without_regions_has_no_regions_sheet(assessment) -> None:
    names = load_workbook(io.BytesIO(exports.results_excel(assessment, language="en"))).sheetnames
    assert text("regions_sheet", "en") not in names


def test_the_fullest_brief_carries_the_regional_table_within_two_pages(png: bytes, regional_frame: pd.DataFrame
                                                                       ) -> None:
    from simulator import uncertainty

    assessment = assess(Scenario(training_per_year=5e6, financing_idr_per_year=20e12))
    fan = uncertainty.ensemble(assessment.scenario.scenario, uncertainty.default_draws(50, 1))
    many = longest_comparison()
    skill = LONG_SKILL
    for language in ("id", "en"):
        data = exports.policy_brief_pdf(assessment, language=language, chart_png=png, comparison=many, fan=fan,
                                        skill=skill, scenario_name="x" * 300, generated=GENERATED,
                                        regions=regional_frame)
        pages, content = pdf_text(data)
        assert pages <= 2
        assert text("regions_brief_header", language) in content
        assert "Maluku–Papua" in content or "Maluku-Papua" in content
        first = regional_frame.iloc[0]
        assert formatting.count(first["n_umkm"], language) in content
