"""Performance benchmarks (scripts, not tests): ``python -m benchmarks.pipeline --help``."""
