"""Documentation that matches the code: one version number, docstring references that resolve, the command
line's docstring naming every command, and constants quoted in core docstrings."""

from __future__ import annotations

import importlib
import re
import tomllib
import warnings
from pathlib import Path

import pytest

import simulator
from simulator import calibration, cli
from simulator.report import methodology

ROOT = Path(__file__).resolve().parents[1]
CORE = ("parameters", "model", "kernel", "runner", "calibration", "uncertainty", "goal_seek", "sensitivity",
        "timeline", "cli")
"""Modules that stay in place (the io/ and report/ modules are being moved)."""
ROLE = re.compile(r":(?:func|mod|data|class|attr|meth):`~?([\w.]+)`")


def test_pyproject_takes_its_version_from_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project.get("dynamic", []), \
        "pyproject.toml: the version must be dynamic, read from simulator.__version__, not written twice"
    pyprojecttoml = pytest.importorskip("setuptools.config.pyprojecttoml")
    with warnings.catch_warnings():  # setuptools 65 calls [tool.setuptools] beta
        warnings.simplefilter("ignore")
        built = pyprojecttoml.read_configuration(ROOT / "pyproject.toml")["project"]["version"]
    assert built == simulator.__version__, f"the package would be built as {built}, the model is " \
                                           f"{simulator.__version__}"


def test_changelog_tops_with_the_package_version() -> None:
    assert methodology.CHANGELOG[0].version == simulator.__version__


@pytest.mark.parametrize("name", CORE)
def test_docstring_references_resolve(name: str) -> None:
    module = importlib.import_module(f"simulator.{name}")
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    broken = []
    for reference in sorted(set(ROLE.findall(source))):
        first, *rest = reference.split(".")
        if hasattr(module, first):
            target: object = module
            rest = [first, *rest]
        else:  # a package: simulator.runner.run, numpy.random.default_rng
            target = importlib.import_module(first)
        for part in rest:
            if part in getattr(target, "__dataclass_fields__", {}):  # a field without a class-level default
                break
            if not hasattr(target, part):
                try:  # a submodule not imported yet
                    target = importlib.import_module(f"{target.__name__}.{part}")  # type: ignore[attr-defined]
                    continue
                except (ImportError, AttributeError):
                    broken.append(reference)
                    break
            target = getattr(target, part)
    assert not broken, f"simulator/{name}.py names what does not exist: {broken}"


def test_cli_docstring_lists_every_command_in_order() -> None:
    (listed,) = re.findall(r"python -m simulator \{([\w,-]+)\}", cli.__doc__ or "")
    assert listed.split(",") == list(cli.COMMANDS), f"simulator/cli.py docstring lists {listed}; commands are " \
                                                    f"{', '.join(cli.COMMANDS)}"


def test_calibration_docstring_names_its_free_parameters_and_its_likelihood() -> None:
    doc = " ".join((calibration.__doc__ or "").split())
    for name in calibration.FREE_PARAMETERS:
        assert f"(``{name}``)" in doc, f"simulator/calibration.py docstring: expected the free parameter {name}"
    assert ":mod:`simulator.observation_model`" in doc  # the likelihood it maximises lives there
