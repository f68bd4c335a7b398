"""Display tables generated from the registry and the results."""

import pytest

from simulator import assess
from simulator.io import observations
from simulator.parameters import LEVERS, PARAMETERS, ModelParameters, Scenario
from simulator.report import tables


@pytest.mark.parametrize("language", ["id", "en"])
def test_parameter_table_has_every_parameter_with_a_source(language: str) -> None:
    table = tables.parameter_table(ModelParameters(), language)
    assert list(table.iloc[:, 0]) == [spec.name for spec in PARAMETERS]
    assert table.notna().all().all()
    assert (table.iloc[:, -1].str.len() > 5).all()


def test_parameter_values_are_formatted_for_the_language() -> None:
    id_table = tables.parameter_table(ModelParameters(), "id").set_index("Parameter")
    en_table = tables.parameter_table(ModelParameters(), "en").set_index("Parameter")
    assert id_table.loc["umkm_2019", "Nilai"] == "65.470.000"
    assert en_table.loc["umkm_2019", "Value"] == "65,470,000"


def test_contribution_table_rows_follow_levers() -> None:
    assessment = assess(Scenario(training_per_year=3e6))
    table = tables.contribution_table(assessment, "en")
    assert len(table) == len(LEVERS)  # no ensemble: the central run's rows, marked, and no total
    training = table[table["Lever"] == "Training & mentoring (central run)"].iloc[0]
    assert training["Additional UMKM online"].endswith("million") or training["Additional UMKM online"].endswith(
        "thousand")
    assert training["Cost per additional UMKM"].startswith("Rp")
    infra = table[table["Lever"] == "4G infrastructure (central run)"].iloc[0]
    assert infra["Cost per additional UMKM"] == "–"  # unchanged lever adds nothing


def test_contribution_table_takes_the_monte_carlo_medians_where_it_has_them() -> None:
    from simulator import uncertainty

    scenario = Scenario(training_per_year=3e6)
    fan = uncertainty.ensemble(scenario, uncertainty.default_draws(50, 1), levers=True)
    table = tables.contribution_table(assess(scenario), "en", fan.cost_effectiveness, ranges=True)
    assert len(table) == len(LEVERS) + 1 and not any("(central run)" in name for name in table["Lever"])
    medians = fan.cost_effectiveness.set_index("lever")
    training = table[table["Lever"] == "Training & mentoring"].iloc[0]
    from simulator.report import formatting
    assert training["Additional UMKM online"] == formatting.count(
        medians.loc["training_per_year", "adopters_added_p50"], "en")
    assert table.iloc[-1]["Lever"] == "All levers" and " – " in table.iloc[-1]["Cost per additional UMKM, P10-P90"]


def test_contribution_rows_are_the_tables_cells_from_the_ensembles_rows_or_its_table() -> None:
    """The page draws :func:`tables.contribution_rows` from the ensemble's plain rows; the exports and tests read
    :func:`tables.contribution_table`: the same header and cells either way."""
    from simulator import uncertainty

    scenario = Scenario(training_per_year=3e6, financing_idr_per_year=4e12)
    fan = uncertainty.ensemble(scenario, uncertainty.default_draws(50, 1), levers=True)
    for ranges in (False, True):
        table = tables.contribution_table(assess(scenario), "id", fan.cost_effectiveness, ranges=ranges)
        for given in (fan.cost_rows, fan.cost_effectiveness):
            columns, rows = tables.contribution_rows(assess(scenario), "id", given, ranges=ranges)
            assert list(columns) == list(table.columns)
            assert [list(row) for row in rows] == table.to_numpy().tolist()
    plain = tables.contribution_rows(assess(scenario), "id")
    assert all(row[0].endswith("(jalur pusat)") for row in plain[1]), plain  # no ensemble: marked central rows


def test_observation_table_marks_unused_rows() -> None:
    obs = observations.load()
    table = tables.observation_table(obs, None, "id")
    assert set(table["Dipakai kalibrasi"]) == {"ya", "tidak"}
    assert (table["Dipakai kalibrasi"] == "tidak").sum() == (~obs["use"]).sum()


def test_observation_table_shows_sources_and_notes_in_the_language() -> None:
    obs = observations.load(as_of=None)
    indonesian = tables.observation_table(obs, None, "id")
    english = tables.observation_table(obs, None, "en")
    assert list(indonesian["Sumber"]) == list(obs["source_id"])
    assert list(english["Source"]) == list(obs["source"])
    assert "Menteri Koperasi dan UKM" in " ".join(indonesian["Sumber"])
    assert list(indonesian["Catatan"]) == [i if i else e for i, e in zip(obs["note_id"], obs["note"], strict=True)]


def test_registry_sources_read_in_indonesian() -> None:
    import re

    english = re.compile(r"\b(?:the|and|of|Assumption|villages|million|trillion|per year)\b")
    sources = [*tables.parameter_table(ModelParameters(), "id")["Sumber"], *tables.lever_table("id")["Sumber"]]
    assert not [source for source in sources if english.search(source)]
    assert list(tables.parameter_table(ModelParameters(), "en")["Source"]) == [spec.source.en for spec in PARAMETERS]
    assert list(tables.lever_table("en")["Source"]) == [lever.source.en for lever in LEVERS]
