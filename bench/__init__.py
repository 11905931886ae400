"""Benchmarks: one script per measured figure (`python -m bench.<name>`), printing it."""
