"""Benchmark scripts (not tests): they print JSON figures. See benchmarks/README.md."""
