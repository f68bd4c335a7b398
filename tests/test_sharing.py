"""Share links: readable parameters, exact round trip, and a reader that never fails and says what it dropped."""

from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import scenarios

from simulator.io import sharing
from simulator.parameters import LEVER_SPECS, Scenario
from simulator.report.sentences import notice_message


def codes(state: sharing.SharedState) -> list[tuple[str, str]]:
    return [(n.code, n.key) for n in state.notices]


def test_link_is_short_readable_and_in_slider_units() -> None:
    query = sharing.to_query(Scenario(financing_idr_per_year=7.5e12, training_per_year=2.05e6), "en")
    assert query == {"v": "1", "lang": "en", "villages": "2500", "train": "2050", "finance": "7.5",
                     "villages_start": "2021-07", "train_start": "2021-07", "finance_start": "2021-07",
                     "target": "30", "deadline": "2024-12", "horizon": "2030-12"}
    assert list(query) == [k for k in sharing.QUERY_KEYS if k != "start"]
    assert len(sharing.query_string(Scenario(), "id")) < 200


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios(), language=st.sampled_from(["id", "en"]))
def test_round_trip_is_exact_and_silent(scenario: Scenario, language: str) -> None:
    query = sharing.to_query(scenario, language)
    assert all(len(v) <= sharing.MAX_VALUE_LENGTH for v in query.values())
    state = sharing.from_query(query, base=Scenario(training_per_year=1e6), language="en" if language == "id" else "id")
    assert state == sharing.SharedState(scenario=scenario, language=language, notices=())


def test_round_trip_through_a_real_url() -> None:
    scenario = Scenario(training_per_year=1_234_567.891, target=31.5e6, deadline="2025-06", horizon="2035-12")
    params = parse_qs(sharing.query_string(scenario, "id"))  # values are lists, as from a parser
    assert sharing.from_query(params).scenario == scenario


def test_missing_parameters_keep_the_callers_values() -> None:
    base = Scenario(training_per_year=3e6, deadline="2025-12")
    state = sharing.from_query({"finance": "5", "lang": "en"}, base=base, language="id")
    assert state.scenario == base.replace(financing_idr_per_year=5e12)
    assert state.language == "en" and state.notices == ()
    assert sharing.from_query({}, base=base, language="en") == sharing.SharedState(scenario=base, language="en")


def test_start_sets_every_start_month_unless_one_is_given() -> None:
    state = sharing.from_query({"start": "2022-01", "train_start": "2023-03"})
    assert (state.scenario.infrastructure_start, state.scenario.training_start,
            state.scenario.financing_start) == ("2022-01", "2023-03", "2022-01")


def test_unknown_keys_are_ignored_with_a_notice_unless_the_caller_owns_them() -> None:
    state = sharing.from_query({"train": "1000", "utm_source": "wa", "page": "methodology"}, ignore={"page"})
    assert state.scenario.training_per_year == 1e6
    assert codes(state) == [("unknown_key", "utm_source")]
    assert "utm_source" in notice_message(state.notices[0], "en")


@pytest.mark.parametrize(("key", "value", "field", "expected"), [
    ("train", "9000", "training_per_year", 5e6),
    ("train", "-5", "training_per_year", 0.0),
    ("villages", "1e9", "infrastructure_villages_per_year", 5000.0),
    ("finance", "21", "financing_idr_per_year", 20e12),
    ("target", "0.5", "target", 1e6),
    ("target", "1e999999999999", "target", 80e6),
])
def test_out_of_range_numbers_are_clamped_with_a_notice(key: str, value: str, field: str, expected: float) -> None:
    state = sharing.from_query({key: value})
    assert getattr(state.scenario, field) == expected
    assert codes(state) == [("clamped", key)]


@pytest.mark.parametrize(("key", "value"), [
    ("train", "abc"), ("train", "nan"), ("train", "NaN"), ("finance", "inf"), ("finance", "-Infinity"),
    ("villages", ""), ("villages", "4.000,5"), ("villages", "1_000"), ("villages", "٣"), ("target", "0x10"),
    ("train", "1" * 65), ("deadline", "2024-13"), ("deadline", "Desember 2024"), ("deadline", "2019-12"),
    ("deadline", "2031-01"), ("train_start", "2041-01"), ("start", "soon"), ("horizon", "2022-11"),
    ("horizon", "2041-01"), ("horizon", "x"), ("lang", "fr"), ("lang", "ID"),
])
def test_malformed_values_are_ignored_with_a_notice(key: str, value: str) -> None:
    base = Scenario(training_per_year=2e6)
    state = sharing.from_query({key: value}, base=base, language="en")
    assert state.scenario == base
    assert state.language == "en"
    assert codes(state) == [("malformed", key)]


def test_a_start_shortcut_is_reported_once() -> None:
    state = sharing.from_query({"start": "2099-01"})
    assert codes(state) == [("malformed", "start")]


def test_deadline_after_the_links_own_horizon_is_refused_but_the_horizon_kept() -> None:
    state = sharing.from_query({"horizon": "2025-12", "deadline": "2026-06"})
    assert state.scenario.horizon == "2025-12" and state.scenario.deadline == "2024-12"
    assert codes(state) == [("malformed", "deadline")]
    assert "2020-01 – 2025-12" in state.notices[0].allowed


def test_horizon_before_the_current_deadline_is_refused() -> None:
    base = Scenario(deadline="2028-12")
    state = sharing.from_query({"horizon": "2025-12"}, base=base)
    assert state.scenario == base
    assert codes(state) == [("malformed", "horizon")]
    assert state.notices[0].allowed.startswith("YYYY-MM, 2028-12")


def test_a_link_of_another_version_opens_with_a_notice() -> None:
    state = sharing.from_query({"v": "2", "train": "1000"})
    assert state.scenario.training_per_year == 1e6
    assert codes(state) == [("version", "v")]
    assert "2" in notice_message(state.notices[0], "id") and "1" in notice_message(state.notices[0], "id")


def test_too_many_parameters_are_read_up_to_the_cap() -> None:
    params = {f"x{i}": "1" for i in range(200)}
    state = sharing.from_query(params)
    assert len(state.notices) == sharing.MAX_PARAMETERS + 1
    assert state.notices[-1].code == "too_many"


def test_repeated_parameter_uses_the_last_value_and_odd_inputs_do_not_raise() -> None:
    assert sharing.from_query({"train": ["1000", "2000"]}).scenario.training_per_year == 2e6
    assert codes(sharing.from_query({"train": []})) == [("malformed", "train")]
    assert codes(sharing.from_query({"train": 5})) == [("malformed", "train")]  # type: ignore[dict-item]
    assert codes(sharing.from_query({3: "x"})) == [("unknown_key", "3")]  # type: ignore[dict-item]
    assert codes(sharing.from_query(["train"])) == [("unreadable", "")]  # type: ignore[arg-type]
    assert sharing.from_query({}, language="fr").language == "id"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_notice_reads_as_a_sentence_without_markup(language: str) -> None:
    state = sharing.from_query({"train": "9000", "finance": "x", "v": "0", "[a](http://e.x)": "<b>", "lang": "xx",
                                **{f"k{i}": "" for i in range(70)}})
    found = {n.code for n in state.notices}
    assert found == {"clamped", "malformed", "version", "unknown_key", "too_many"}
    for notice in state.notices:
        message = notice_message(notice, language)
        assert message.endswith(".") and message[0].isupper()
        assert "(http" not in message and "<b>" not in message and "{" not in message
    clamped = notice_message(next(n for n in state.notices if n.code == "clamped"), language)
    assert LEVER_SPECS["training_per_year"].short_label(language) in clamped and "0 – 5000" in clamped


def test_to_query_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="language: 'fr' is not supported"):
        sharing.to_query(Scenario(), "fr")


_keys = st.sampled_from(sharing.QUERY_KEYS) | st.text(max_size=12)
_values = (st.text(max_size=80) | st.floats().map(repr) | st.integers(-(10**30), 10**30).map(str)
           | st.builds("{}-{}".format, st.integers(2015, 2045), st.integers(0, 13))
           | st.sampled_from(["nan", "inf", "id", "en", "1", "1e999999999999", "-0", ".5", "5.", "1e-400"]))


@settings(max_examples=150, deadline=None)
@given(params=st.dictionaries(_keys, _values | st.lists(_values, max_size=3), max_size=20),
       base=st.none() | st.builds(Scenario, deadline=st.sampled_from(["2024-12", "2030-12"])),
       language=st.sampled_from(["id", "en", "xx"]))
def test_any_input_gives_a_valid_state_and_never_raises(params: dict, base: Scenario | None, language: str) -> None:
    state = sharing.from_query(params, base=base, language=language)
    assert isinstance(state.scenario, Scenario)
    assert state.language in ("id", "en")
    assert all(n.code != "unreadable" for n in state.notices)  # the safety net is never what saved us
    for notice in state.notices:
        assert notice_message(notice, "id") and notice_message(notice, "en")
    if not params:
        assert state.scenario == (base or Scenario())


# --- Saved scenarios in the link -------------------------------------------------------------------------------

KEPT = (("Training max", Scenario(training_per_year=5e6)),
        ("Plan 2025", Scenario(financing_idr_per_year=7.5e12, infrastructure_start="2022-01", deadline="2025-06")))


def test_saved_scenarios_ride_along_compactly_after_the_scenario() -> None:
    query = sharing.to_query(Scenario(), "en", saved=KEPT)
    assert list(query)[:11] == [k for k in sharing.QUERY_KEYS if k != "start"]
    assert query["saved1"] == "Training max"
    assert query["saved1_set"] == "4000,5000,1,2021-07,2021-07,2021-07,30,2024-12"
    assert query["saved2_set"] == "4000,500,7.5,2022-01,2021-07,2021-07,30,2025-06"
    assert all(len(v) <= sharing.MAX_VALUE_LENGTH for v in query.values())
    assert "saved1_set=4000,5000,1," in sharing.query_string(Scenario(), "en", saved=KEPT)  # commas kept


def test_saved_scenarios_round_trip_exactly_and_silently() -> None:
    scenario = Scenario(training_per_year=2.5e6)
    state = sharing.from_query(parse_qs(sharing.query_string(scenario, "id", saved=KEPT)))
    assert state == sharing.SharedState(scenario=scenario, language="id", saved=KEPT)


@settings(max_examples=60, deadline=None)
@given(kept=st.lists(st.tuples(st.text(min_size=1, max_size=sharing.SAVED_NAME_LENGTH).map(str.strip)
                               .filter(bool), scenarios()), max_size=sharing.MAX_SAVED, unique_by=lambda t: t[0]))
def test_any_saved_scenarios_on_the_links_horizon_round_trip(kept) -> None:
    last = Scenario().month_index("horizon")  # the link's horizon
    months = ("deadline", "infrastructure_start", "training_start", "financing_start")
    kept = tuple((name, s.replace(horizon=Scenario().horizon)) for name, s in kept
                 if all(s.month_index(k) <= last for k in months))
    query = sharing.to_query(Scenario(), "en", saved=kept)
    written = [query[f"saved{i}"] for i in range(1, sharing.MAX_SAVED + 1) if f"saved{i}" in query]
    state = sharing.from_query(query)
    assert state.notices == ()
    assert state.saved == tuple(item for item in kept if item[0] in written)


def test_at_most_eight_saved_scenarios_are_written() -> None:
    many = [(f"S{i}", Scenario(training_per_year=i * 1e5)) for i in range(12)]
    query = sharing.to_query(Scenario(), "en", saved=many)
    assert [k for k in query if k.startswith("saved") and not k.endswith("_set")] == [
        f"saved{i}" for i in range(1, sharing.MAX_SAVED + 1)]
    assert len(query) <= sharing.MAX_PARAMETERS


@pytest.mark.parametrize(("change", "value"), [
    ("saved2_set", "4000,500,7.5"),  # too few settings
    ("saved2_set", "4000,500,abc,2022-01,2021-07,2021-07,30,2025-06"),  # not a number
    ("saved2_set", "4000,500,99,2022-01,2021-07,2021-07,30,2025-06"),  # out of range
    ("saved2_set", "4000,500,7.5,2022-01,2021-07,2021-07,30,2039-06"),  # after the horizon
    ("saved2_set", "x" * 65),  # longer than a link value may be
    ("saved2", ""),  # no name
    ("saved2", "Training max"),  # a name already taken
])
def test_a_malformed_saved_part_is_left_out_with_a_notice_and_the_scenario_kept(change: str, value: str) -> None:
    scenario = Scenario(training_per_year=2.5e6)
    query = sharing.to_query(scenario, "en", saved=KEPT) | {change: value}
    state = sharing.from_query(query)
    assert state.scenario == scenario
    assert state.saved == KEPT[:1]
    assert ("saved_malformed", "saved2") in codes(state)
    sentence = notice_message(next(n for n in state.notices if n.code == "saved_malformed"), "en")
    assert "saved scenario" in sentence and "current scenario is unchanged" in sentence
    assert "tidak berubah" in notice_message(state.notices[-1], "id")


def test_a_saved_part_alone_and_unknown_saved_numbers() -> None:
    state = sharing.from_query({"saved3_set": sharing.saved_value(KEPT[0][1]), "saved9": "x"})
    assert state.saved == ()
    assert codes(state) == [("unknown_key", "saved9"), ("saved_malformed", "saved3")]
    assert state.scenario == Scenario()
