"""Tests, importable as a package so that ``python -m tests.update_baseline`` works from the root."""
