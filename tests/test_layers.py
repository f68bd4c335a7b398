"""The layers of the code, as the README's tree shows them, hold in the import graph.

* core (``simulator/*.py``): the model, calibration, Monte Carlo, goal seek, sensitivity; imports no
  presentation library and nothing from ``simulator.report``;
* input/output (``simulator/io/``): files and links users hand the simulator; imports nothing from
  ``simulator.report``;
* presentation (``simulator/report/``): strings, formatting, sentences, tables, charts, methodology, exports;
* only ``app.py`` and ``app_pages/`` import streamlit.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# pyarrow is not listed: pandas itself loads it.
PRESENTATION_LIBRARIES = ("streamlit", "altair", "babel", "fpdf", "openpyxl", "vl_convert")
CORE = sorted(f"simulator.{p.stem}" for p in (ROOT / "simulator").glob("*.py")
              if p.stem not in ("__init__", "__main__", "cli"))
IO = sorted(f"simulator.io.{p.stem}" for p in (ROOT / "simulator" / "io").glob("*.py") if p.stem != "__init__")


def _loaded_after_import(modules: list[str]) -> list[str]:
    """Top-level names of every module loaded by importing ``modules`` in a fresh interpreter."""
    code = ("import json, sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         timeout=120)
    return json.loads(out.stdout)


def test_the_tree_has_the_three_layers() -> None:
    assert {"simulator.model", "simulator.calibration", "simulator.uncertainty", "simulator.goal_seek"} <= set(CORE)
    assert {"simulator.io.observations", "simulator.io.scenario_files", "simulator.io.sharing"} <= set(IO)
    assert (ROOT / "simulator" / "report" / "exports" / "brief.py").is_file()


def test_importing_the_core_loads_no_presentation_library_and_no_report_module() -> None:
    loaded = _loaded_after_import(CORE)
    heavy = [m for m in loaded if m.split(".")[0] in PRESENTATION_LIBRARIES]
    assert not heavy, f"importing the core loaded {heavy[:5]}"
    report = [m for m in loaded if m.startswith("simulator.report")]
    assert not report, f"importing the core loaded {report}"


def test_importing_io_loads_no_report_module_and_no_presentation_library() -> None:
    loaded = _loaded_after_import(IO)
    assert not [m for m in loaded if m.startswith("simulator.report")]
    assert not [m for m in loaded if m.split(".")[0] in PRESENTATION_LIBRARIES]


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "simulator").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_simulator_module_imports_streamlit(path: Path) -> None:
    assert not any(n.split(".")[0] == "streamlit" for n in _imported_names(path))


def test_core_modules_import_neither_report_nor_app_code() -> None:
    for module in CORE:
        path = ROOT / Path(*module.split(".")).with_suffix(".py")
        bad = [n for n in _imported_names(path) if n.startswith(("simulator.report", "app_pages"))]
        assert not bad, f"{module} imports {bad}"
