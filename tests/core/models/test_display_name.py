"""Friendly model names for pickers: repo or general.name, size label, quantization."""

from __future__ import annotations

import pytest

from desktop.core.models.display_name import display_name


@pytest.mark.parametrize(
    ("file_name", "fields", "expected"),
    [
        (
            "qwen2.5-0.5b-instruct-q4_k_m.gguf",
            {"hub_repo": "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "n_params": 494_000_000,
             "quantization": "Q4_K_M"},
            "Qwen2.5-0.5B-Instruct · Q4_K_M",  # the name already says 0.5B
        ),
        (
            "Llama-3.2-1B-Instruct-Q8_0.gguf",
            {"hub_repo": "bartowski/Llama-3.2-1B-Instruct-GGUF", "quantization": "Q8_0"},
            "Llama-3.2-1B-Instruct · Q8_0",
        ),
        ("tessera-tiny-F16.gguf", {"n_params": 145_000, "quantization": "F16"},
         "tessera-tiny · 145K · F16"),
        ("mistral-7b-instruct-v0.2.Q4_K_M.gguf", {}, "mistral-7b-instruct-v0.2 · Q4_K_M"),
        ("big-model-Q2_K-00001-of-00003.gguf", {"n_params": 70_600_000_000},
         "big-model · 70.6B · Q2_K"),
        ("model.gguf", {"general_name": "通义千问 Qwen", "size_label": "7B",
                        "quantization": "Q4_0"}, "通义千问 Qwen · 7B · Q4_0"),
        ("Mixtral-8x7B-v0.1-Q2_K.gguf", {"n_params": 46_700_000_000}, "Mixtral-8x7B-v0.1 · Q2_K"),
    ],
)  # fmt: skip
def test_names_read_like_model_cards(file_name: str, fields: dict, expected: str) -> None:
    assert display_name(file_name, **fields) == expected
