"""Benchmarks of the kit: python -m bench (prints figures; asserts nothing)."""
