"""Experiments: what one is (spec), the grid runner, checks, comparisons, files and exports."""
