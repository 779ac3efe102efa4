"""Benchmarks: figures and ratios, never asserted in tests."""
