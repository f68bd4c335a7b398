"""simulator.errors: bad input said in both languages."""

from __future__ import annotations

import pickle

import pytest

from simulator import errors
from simulator.errors import InputError
from simulator.io import scenario_files
from simulator.parameters import Scenario


def test_an_input_error_is_a_value_error_in_english_with_its_indonesian_message() -> None:
    error = InputError("target: 5 is out of range", "target: 5 di luar rentang")
    assert isinstance(error, ValueError) and str(error) == "target: 5 is out of range"
    assert error.message("id") == "target: 5 di luar rentang" and error.message("en") == str(error)
    again = pickle.loads(pickle.dumps(error))
    assert (again.en, again.id) == (error.en, error.id)


def test_messages_keep_both_languages_and_a_plain_error_once() -> None:
    assert errors.messages(InputError("a", "b")) == {"en": "a", "id": "b"}
    assert errors.messages(ValueError("c")) == {"en": "c", "id": "c"}
    assert errors.in_language({"en": "a", "id": "b"}, "id") == "b"
    assert errors.in_language("kept from before", "id") == "kept from before"


def test_grouping_follows_each_language() -> None:
    assert errors.grouped(5_000_000) == ("5,000,000", "5.000.000")


@pytest.mark.parametrize("bad", [b"{", b"[]", b'{"nope": 1}', b'{"target": "many"}', b'{"deadline": "2024-13"}',
                                 b'{"training_per_year": 1e12}', b'{"name": {"fr": "x"}}', b'{"a": 1, "a": 2}'])
def test_every_scenario_file_refusal_is_said_in_both_languages(bad: bytes) -> None:
    with pytest.raises(InputError) as caught:
        scenario_files.parse(bad)
    assert caught.value.id and caught.value.id != caught.value.en


def test_a_scenario_out_of_range_names_the_unit_in_each_language() -> None:
    with pytest.raises(InputError) as caught:
        Scenario(training_per_year=-1)
    assert "allowed 0 to 5,000,000" in caught.value.en and "boleh 0 sampai 5.000.000" in caught.value.id


def test_a_refused_added_count_names_its_row_in_both_languages() -> None:
    from simulator.io import added

    with pytest.raises(InputError) as caught:
        added.combine(added.normalise([{"date": "2023-09", "value": "23100000"}, {"date": "2023-10", "value": "-5"}]))
    assert caught.value.en.startswith("added count 2: value '-5' is out of range; allowed 1,000 to 100,000,000")
    assert caught.value.id.startswith("angka tambahan 2: value '-5' di luar rentang; boleh 1.000 sampai 100.000.000")


def test_a_broken_observations_file_is_refused_in_both_languages() -> None:
    from simulator.io import observations

    with pytest.raises(InputError) as caught:
        observations.load(b"date,value\n2021-05,1\n")
    assert caught.value.en.startswith("observations: missing column 'source'")
    assert caught.value.id.startswith("observasi: kolom 'source' tidak ada; kolom wajib:")


def test_two_added_counts_on_one_day_name_each_other_in_both_languages() -> None:
    from simulator.io import added

    rows = added.normalise([{"date": "2023-09-10", "value": "23100000"}, {"date": "2023-09-10", "value": "23200000"}])
    with pytest.raises(InputError) as caught:
        added.combine(rows)
    assert "is the same day as added count 1" in caught.value.en
    assert "sama harinya dengan angka tambahan 1" in caught.value.id
