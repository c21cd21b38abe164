"""Benchmarks: each runnable as one command (`python -m bench.<name>`), printing figures."""
