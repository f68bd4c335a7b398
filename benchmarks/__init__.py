"""Benchmarks and the load test: scripts run as ``python -m benchmarks.<name>``, importable as a package."""
