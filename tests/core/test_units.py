"""Sizes and parameter counts read the same in the CLI and the window."""

from __future__ import annotations

from desktop.core.units import format_params, format_size, size_parts


def test_sizes_use_decimal_units_with_two_decimals() -> None:
    assert format_size(None) == "?"
    assert format_size(0) == "0 B"
    assert format_size(999) == "999 B"
    assert format_size(1000) == "1.00 KB"
    assert format_size(4_500_000) == "4.50 MB"
    assert format_size(4_920_000_000) == "4.92 GB"
    assert format_size(2.5e9) == "2.50 GB"  # a speed in bytes per second is a float
    assert size_parts(1_234_000_000) == ("1.23", "GB")


def test_parameter_counts_read_like_model_cards() -> None:
    assert format_params(None) == "?" and format_params(0) == "?"
    assert format_params(135_000_000) == "135M"
    assert format_params(1_240_000_000) == "1.2B"
    assert format_params(8_030_000_000) == "8.0B"
    assert format_params(20_000) == "20K"
    assert format_params(512) == "512"
