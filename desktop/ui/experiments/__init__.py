"""The Experiments page: setup, run, the results grid, compare and export."""
