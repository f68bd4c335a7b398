"""Scenario files: parse, read, dumps, and the errors a person writing one by hand will meet."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import scenarios

from simulator import __version__
from simulator.io import scenario_files as sf
from simulator.parameters import SCENARIO_KEYS, Scenario


@settings(max_examples=100, deadline=None)
@given(scenario=scenarios(), name=st.none() | st.text(max_size=40))
def test_dumps_then_parse_gives_back_the_scenario(scenario: Scenario, name: str | None) -> None:
    parsed = sf.parse(sf.dumps(scenario, name=name))
    assert parsed.scenario == scenario
    assert parsed.model_version == __version__
    assert parsed.title("en") == (name or "")


_json = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                 max_size=3), max_leaves=8)


@settings(max_examples=60, deadline=None)
@given(values=st.dictionaries(st.sampled_from(sf.ALLOWED_KEYS) | st.text(max_size=5), _json, max_size=6))
def test_any_json_object_parses_or_raises_one_clear_value_error(values: dict) -> None:
    try:
        parsed = sf.parse(json.dumps(values))
    except ValueError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400
    else:
        assert isinstance(parsed.scenario, Scenario)


def test_dumps_is_pretty_json_with_metadata_first() -> None:
    text = sf.dumps(Scenario(training_per_year=2e6), name={"en": "More training", "id": "Lebih banyak pelatihan"},
                    rationale="Because.")
    values = json.loads(text)
    assert list(values)[:3] == ["name", "rationale", "model_version"]
    assert list(values)[3:] == list(SCENARIO_KEYS)
    assert values["training_per_year"] == 2_000_000 and isinstance(values["training_per_year"], int)
    assert "\n  " in text


def test_partial_file_keeps_status_quo_and_records_what_it_sets() -> None:
    parsed = sf.parse('{"training_per_year": 2000000, "start": "2022-01"}')
    assert parsed.scenario == Scenario(training_per_year=2e6, infrastructure_start="2022-01",
                                       training_start="2022-01", financing_start="2022-01")
    assert parsed.settings == {"training_per_year": 2_000_000, "infrastructure_start": "2022-01",
                               "training_start": "2022-01", "financing_start": "2022-01"}
    assert parsed.name == {} and parsed.rationale == {} and parsed.model_version is None
    current = Scenario(target=25e6, financing_idr_per_year=5e12)
    applied = current.replace(**parsed.settings)
    assert applied.target == 25e6 and applied.financing_idr_per_year == 5e12
    assert applied.training_per_year == 2e6 and applied.financing_start == "2022-01"


def test_metadata_in_one_or_two_languages() -> None:
    parsed = sf.parse(json.dumps({"name": "Plan A", "rationale": {"id": "Alasan", "en": "Reason"}}))
    assert parsed.title("id") == parsed.title("en") == "Plan A"
    assert (parsed.explanation("id"), parsed.explanation("en")) == ("Alasan", "Reason")
    only_id = sf.parse('{"rationale": {"id": "Hanya bahasa Indonesia"}}')
    assert only_id.explanation("en") == "Hanya bahasa Indonesia"


def test_bytes_with_a_byte_order_mark_are_accepted() -> None:
    assert sf.parse(b'\xef\xbb\xbf{"target": 25000000}').scenario.target == 25e6


@pytest.mark.parametrize(("content", "fragment"), [
    ("", "empty"),
    ("{target: 1}", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('"text"', "JSON object"),
    ('{"trainng_per_year": 1}', "unknown key 'trainng_per_year'; allowed keys: name"),
    ('{"target": 1, "target": 2}', "appears twice"),
    ('{"' + "k" * 5000 + '": 1}', "unknown key 'kkkk"),
    ('{"target": "30000000"}', "target: '30000000' is not a number"),
    ('{"target": true}', "target: True is not a number"),
    ('{"target": NaN}', "NaN is not allowed"),
    ('{"target": Infinity}', "Infinity is not allowed"),
    ('{"target": 1e400}', "target: inf is out of range; allowed 1,000,000 to 80,000,000"),
    ('{"target": 1' + "0" * 5000 + "}", "out of range"),
    ('{"training_per_year": -1}', "training_per_year: -1 is out of range; allowed 0 to 5,000,000"),
    ('{"deadline": 2024}', "deadline: 2024 is not a month"),
    ('{"deadline": ["' + "x" * 500 + '"]}', "deadline: ['xxxxx"),
    ('{"deadline": "' + "x" * 500 + '"}', "deadline: 'xxxxx"),
    ('{"deadline": "2024-13"}', "months run from 01 to 12"),
    ('{"deadline": "Dec 2024"}', "use YYYY-MM"),
    ('{"deadline": "2031-01"}', "after the horizon"),
    ('{"name": 3}', "name: must be a string or an object"),
    ('{"name": {}}', "name: must be a string or an object"),
    ('{"rationale": {"fr": "x"}}', "unknown language 'fr'; allowed languages: id, en"),
    ('{"rationale": {"en": 1}}', "rationale.en: must be a string"),
    ('{"model_version": 1}', "model_version: 1 must be a string"),
    ("[" * 50_000, "not valid JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    ('{"name": "' + "x" * 100_001 + '"}', "too large"),
])
def test_invalid_files_raise_one_clear_line(content: str | bytes, fragment: str) -> None:
    with pytest.raises(ValueError, match=None) as info:
        sf.parse(content)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message and len(message) < 400


def test_read_names_the_path(tmp_path: Path) -> None:
    good = tmp_path / "plan.json"
    good.write_text(sf.dumps(Scenario(training_per_year=1e6), name="Plan"), encoding="utf-8")
    assert sf.read(good).scenario.training_per_year == 1e6
    bad = tmp_path / "bad.json"
    bad.write_text('{"target": 0}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.json: target: 0 is out of range"):
        sf.read(bad)
    with pytest.raises(ValueError, match=r"missing\.json: cannot read the scenario file"):
        sf.read(tmp_path / "missing.json")
    with pytest.raises(ValueError, match="cannot read the scenario file"):
        sf.read(tmp_path)


def test_read_refuses_a_huge_file_without_loading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (50 * sf.MAX_BYTES))
    with pytest.raises(ValueError, match="too large"):
        sf.read(big)


def test_dumps_rejects_metadata_it_could_not_read_back() -> None:
    with pytest.raises(ValueError, match="name: unknown language 'de'"):
        sf.dumps(Scenario(), name={"en": "x", "de": "y"})
    with pytest.raises(ValueError, match="rationale: must be a string"):
        sf.dumps(Scenario(), rationale=3)  # type: ignore[arg-type]
