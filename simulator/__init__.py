"""UMKM e-commerce adoption simulator: a pure, vectorised numpy model (never imports Streamlit)."""

from simulator.parameters import LEVERS, PARAMETERS, ModelParameters, Scenario
from simulator.runner import Assessment, Run, Verdict, assess, run, run_many

__version__ = "0.3.0"
"""Model version, shown in the app and written into every export."""

__all__ = ["LEVERS", "PARAMETERS", "Assessment", "ModelParameters", "Run", "Scenario", "Verdict", "__version__",
           "assess", "run", "run_many"]
