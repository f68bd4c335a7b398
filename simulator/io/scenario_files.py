"""Scenario files: the JSON the command line reads with ``--scenario``, and the bundled presets.

A scenario file is one JSON object. Its keys are scenario keys (:data:`~simulator.parameters.SCENARIO_KEYS`,
plus ``start`` as a shortcut for the three start months), each optional (missing keys keep the status quo),
and three optional metadata keys::

    {
      "name": {"en": "Training first", "id": "Pelatihan dulu"},
      "rationale": "Why these settings, in one line.",
      "model_version": "0.3.0",
      "training_per_year": 5000000,
      "training_start": "2021-07",
      "target": 30000000,
      "deadline": "2024-12"
    }

Lever intensities are in natural units per year (villages, UMKM, rupiah), the target in UMKM, months as
``"YYYY-MM"``. ``name`` and ``rationale`` are a string (any language) or an object with ``"en"`` and/or ``"id"``.
``model_version`` records the model the file was written with; it is informative, never enforced.

Two optional data keys carry what the forecast is conditioned on: ``as_of`` (the data vintage, ``"YYYY-MM"``;
checked against the data when used) and ``observations`` (counts the user added, a list of objects with
``date`` and ``value`` and optionally ``said_on``, ``definition``, ``source``, ``use``; at most
:data:`simulator.io.added.MAX_ADDED`, checked like an observations file, see :mod:`simulator.io.added`).

Presets are scenario files shipped in ``simulator/presets/``; :data:`PRESET_NAMES` lists them in display order.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.errors import InputError, grouped
from simulator.io import added
from simulator.parameters import LANGUAGES, LEVERS, SCENARIO_KEYS, Scenario
from simulator.regions import ALLOCATION_KEYS, Allocation, allocation_from_mapping

MAX_BYTES = 100_000
"""Largest scenario file accepted [bytes]; real ones are well under 1 kB."""

METADATA_KEYS: tuple[str, ...] = ("name", "rationale", "model_version")
DATA_KEYS: tuple[str, ...] = ("as_of", "observations")
ALLOWED_KEYS: tuple[str, ...] = (*METADATA_KEYS, *DATA_KEYS, *SCENARIO_KEYS, "start", *ALLOCATION_KEYS)
_LISTED_KEYS = ", ".join((*METADATA_KEYS, *DATA_KEYS, *SCENARIO_KEYS, "start", "*_allocation"))  # one line stays short

_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_MONTH_KEYS = frozenset({"deadline", "horizon", "start", *(lever.start_key for lever in LEVERS)})
_NUMBER_KEYS = frozenset(SCENARIO_KEYS) - _MONTH_KEYS

PRESET_NAMES: tuple[str, ...] = (
    "status_quo", "government_plan", "infrastructure_first", "training_first", "financing_first",
)
"""Bundled presets in display order (file ``simulator/presets/<name>.json`` each)."""

_PRESET_DIR = Path(__file__).parents[1] / "presets"


@dataclass(frozen=True, kw_only=True)
class ScenarioFile:
    """A parsed scenario file: the validated scenario and its metadata.

    ``name`` and ``rationale`` map a language code (``"en"``, ``"id"``) to text; a plain string in the file is
    stored under both languages. Both are empty when the file has none. ``settings`` holds only the scenario
    keys the file sets (``start`` expanded to the three start months), normalised, so a caller can apply a
    file on top of its current scenario: ``current.replace(**file.settings)``.
    """

    scenario: Scenario
    settings: dict[str, Any] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)
    rationale: dict[str, str] = field(default_factory=dict)
    model_version: str | None = None
    as_of: str | None = None  # the data vintage the file names ("YYYY-MM"), if any
    observations: tuple[added.Row, ...] = ()  # counts the user added
    allocation: dict[str, dict[str, float]] = field(default_factory=dict)  # the allocation keys the file sets,
    # validated ({key: {region: share}}, every region): apply with regions.allocation_from_mapping(..., base=)

    def title(self, language: str) -> str:
        """The name in ``language``, else in the other language, else ``""``."""
        return _pick(self.name, language)

    def explanation(self, language: str) -> str:
        """The rationale in ``language``, else in the other language, else ``""``."""
        return _pick(self.rationale, language)


def _pick(texts: Mapping[str, str], language: str) -> str:
    if language in texts:
        return texts[language]
    return next(iter(texts.values()), "")


def _reject_constant(name: str) -> float:
    raise InputError(f"{name} is not allowed in a scenario file; write a finite number",
                     f"{name} tidak boleh ada di berkas skenario; tulis angka yang terhingga")


def _parse_int(text: str) -> int | float:
    # A huge integer becomes inf (reported as out of range) instead of tripping Python's int-size limits.
    return int(text) if len(text) <= 30 else float(text)


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"key {_shown(key)} appears twice; give each key once",
                             f"kunci {_shown(key)} muncul dua kali; tulis setiap kunci sekali saja")
        out[key] = value
    return out


def _multilingual(key: str, value: Any) -> dict[str, str]:
    """A string, or an object of language code -> string, as a dict of language -> text."""
    if isinstance(value, str):
        return {language: value for language in LANGUAGES}
    if isinstance(value, Mapping) and value:
        unknown = [k for k in value if k not in LANGUAGES]
        if unknown:
            raise InputError(f"{key}: unknown language {_shown(unknown[0])}; allowed languages: {', '.join(LANGUAGES)}",
                             f"{key}: bahasa tidak dikenal {_shown(unknown[0])}; "
                             f"bahasa yang boleh: {', '.join(LANGUAGES)}")
        bad = [k for k, v in value.items() if not isinstance(v, str)]
        if bad:
            raise InputError(f"{key}.{bad[0]}: must be a string", f"{key}.{bad[0]}: harus berupa teks")
        return {language: value[language] for language in LANGUAGES if language in value}
    raise InputError(f"{key}: must be a string or an object like {{\"en\": \"...\", \"id\": \"...\"}}",
                     f"{key}: harus berupa teks atau objek seperti {{\"en\": \"...\", \"id\": \"...\"}}")


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _check_types(values: Mapping[str, Any]) -> None:
    """JSON numbers for numeric keys and strings for months, so a typo is not silently converted."""
    for key, value in values.items():
        if key in _NUMBER_KEYS and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise InputError(f"{key}: {_shown(value)} is not a number; write a JSON number such as 30000000",
                             f"{key}: {_shown(value)} bukan angka; tulis angka JSON seperti 30000000")
        if key in _MONTH_KEYS and (not isinstance(value, str) or len(value) > 20):
            raise InputError(f"{key}: {_shown(value)} is not a month; write a string \"YYYY-MM\", e.g. \"2024-12\"",
                             f"{key}: {_shown(value)} bukan bulan; tulis teks \"YYYY-MM\", misalnya \"2024-12\"")


def parse(data: bytes | str) -> ScenarioFile:
    """Parse and validate the text of a scenario file.

    Parameters
    ----------
    data
        The file's content, UTF-8 bytes or text, at most :data:`MAX_BYTES`.

    Raises
    ------
    ValueError
        One line naming the problem and what is allowed: too large, not UTF-8, not JSON, not an object,
        a duplicate or unknown key, a value of the wrong type or out of range, malformed metadata.
    """
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        size, most = grouped(len(raw)), grouped(MAX_BYTES)
        raise InputError(f"scenario file is too large ({size[0]} bytes); at most {most[0]} bytes allowed",
                         f"berkas skenario terlalu besar ({size[1]} byte); paling banyak {most[1]} byte")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("scenario file is not UTF-8 text; save it as UTF-8 JSON",
                         "berkas skenario bukan teks UTF-8; simpan sebagai JSON UTF-8") from None
    if not content.strip():
        raise InputError(f"scenario file is empty; write a JSON object such as {{\"{LEVERS[1].key}\": 2000000}}",
                         f"berkas skenario kosong; tulis objek JSON seperti {{\"{LEVERS[1].key}\": 2000000}}")
    try:
        values = json.loads(content, object_pairs_hook=_unique_object, parse_constant=_reject_constant,
                            parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"scenario file is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                         f"berkas skenario bukan JSON yang sah: {exc.msg} di baris {exc.lineno} kolom {exc.colno}"
                         ) from None
    except RecursionError:
        raise InputError("scenario file is not valid JSON: nested too deeply",
                         "berkas skenario bukan JSON yang sah: terlalu dalam bersarang") from None
    if not isinstance(values, dict):
        raise InputError(f"a scenario file must be a JSON object {{...}}, not a JSON {_json_type(values)}",
                         f"berkas skenario harus berupa objek JSON {{...}}, bukan {_json_type(values)} JSON")
    unknown = [k for k in values if k not in ALLOWED_KEYS]
    if unknown:
        if str(unknown[0]).endswith("_allocation"):
            raise InputError(f"unknown key {_shown(unknown[0])}; allowed allocation keys: {', '.join(ALLOCATION_KEYS)}",
                             f"kunci tidak dikenal {_shown(unknown[0])}; kunci alokasi yang boleh: "
                             f"{', '.join(ALLOCATION_KEYS)}")
        raise InputError(f"unknown key {_shown(unknown[0])}; allowed keys: {_LISTED_KEYS}",
                         f"kunci tidak dikenal {_shown(unknown[0])}; kunci yang boleh: {_LISTED_KEYS}")
    name = _multilingual("name", values["name"]) if "name" in values else {}
    rationale = _multilingual("rationale", values["rationale"]) if "rationale" in values else {}
    version = values.get("model_version")
    if version is not None and not isinstance(version, str):
        raise InputError(f"model_version: {_shown(version)} must be a string such as \"0.1.0\"",
                         f"model_version: {_shown(version)} harus berupa teks seperti \"0.1.0\"")
    as_of = values.get("as_of")
    if as_of is not None and (not isinstance(as_of, str) or not _MONTH.fullmatch(as_of)):
        raise InputError(f"as_of: {_shown(as_of)} is not a month; write a string \"YYYY-MM\", e.g. \"2023-06\"",
                         f"as_of: {_shown(as_of)} bukan bulan; tulis teks \"YYYY-MM\", misalnya \"2023-06\"")
    rows = added.normalise(values["observations"]) if "observations" in values else ()
    if rows:
        added.combine(rows)  # the loader's checks, before the file is accepted
    settings = {k: v for k, v in values.items() if k not in METADATA_KEYS and k not in DATA_KEYS
                and k not in ALLOCATION_KEYS}
    allocation_values = {k: v for k, v in values.items() if k in ALLOCATION_KEYS}
    allocation = {k: v for k, v in allocation_from_mapping(allocation_values).to_mapping().items()
                  if k in allocation_values}
    _check_types(settings)
    scenario = Scenario.from_mapping(settings)
    given = set(settings) - {"start"}
    if "start" in settings:
        given |= {lever.start_key for lever in LEVERS}
    normalised = {key: value for key, value in scenario.to_mapping().items() if key in given}
    return ScenarioFile(scenario=scenario, settings=normalised, name=name, rationale=rationale,
                        model_version=version, as_of=as_of, observations=rows, allocation=allocation)


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"


def read(path: str | os.PathLike[str]) -> ScenarioFile:
    """Read and parse a scenario file.

    Raises
    ------
    ValueError
        If the file cannot be read or is not a valid scenario file; the message starts with the path.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ValueError(f"{os.fspath(path)}: cannot read the scenario file ({reason})") from None
    try:
        return parse(raw)
    except ValueError as exc:
        raise ValueError(f"{os.fspath(path)}: {exc}") from None


def dumps(scenario: Scenario, *, name: str | Mapping[str, str] | None = None,
          rationale: str | Mapping[str, str] | None = None, as_of: str | None = None,
          observations: tuple[added.Row, ...] = (), allocation: Allocation | None = None) -> str:
    """A scenario file's text: pretty JSON with every scenario key and the current model version.

    ``parse(dumps(s)).scenario == s`` for every valid scenario (floats are written with their shortest
    round-tripping representation).

    Raises
    ------
    ValueError
        If ``name`` or ``rationale`` is neither a string nor a mapping of ``"en"``/``"id"`` to strings.
    """
    out: dict[str, Any] = {}
    for key, value in (("name", name), ("rationale", rationale)):
        if value is not None:
            _multilingual(key, value)  # the checks applied when reading it back
            out[key] = value if isinstance(value, str) else dict(value)
    out["model_version"] = __version__
    if as_of is not None:
        out["as_of"] = as_of
    if observations:
        out["observations"] = added.to_records(observations)
    for key, value in scenario.to_mapping().items():
        if isinstance(value, float) and not math.isfinite(value):  # pragma: no cover - Scenario forbids it
            raise ValueError(f"{key}: {value!r} is not finite")
        out[key] = value
    if allocation is not None:  # only the levers placed away from their default
        out.update(allocation.to_mapping(only_changed=True))
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def preset_path(name: str) -> Path:
    """Path of the bundled preset ``name`` (one of :data:`PRESET_NAMES`)."""
    if name not in PRESET_NAMES:
        raise ValueError(f"unknown preset {name!r}; allowed presets: {', '.join(PRESET_NAMES)}")
    return _PRESET_DIR / f"{name}.json"


def load_preset(name: str) -> ScenarioFile:
    """The bundled preset ``name`` (one of :data:`PRESET_NAMES`), parsed and validated."""
    return read(preset_path(name))
