"""Sampling and load settings from plain data: one conversion, wrong types refused by name."""

from __future__ import annotations

import json
import math

import pytest

from desktop.core.engine.options import (
    OptionsError,
    load_options_from_dict,
    params_from_dict,
    params_to_dict,
)
from desktop.core.engine.protocol import SamplingParams


def test_round_trip_through_json_gives_equal_params() -> None:
    params = SamplingParams(
        temperature=0.3, top_k=7, seed=42, stop=("\n\n", "User:"), logit_bias=((5, -math.inf),)
    )
    data = json.loads(json.dumps(params_to_dict(params)))
    assert params_from_dict(data) == params


def test_json_and_yaml_shapes_become_the_dataclass_types() -> None:
    params = params_from_dict(
        {"temperature": 1, "max_tokens": 64.0, "stop": "END", "logit_bias": {"12": -3}}
    )
    assert params.temperature == 1.0 and isinstance(params.temperature, float)
    assert params.max_tokens == 64 and isinstance(params.max_tokens, int)
    assert params.stop == ("END",)
    assert params.logit_bias == ((12, -3.0),)


def test_unknown_keys_are_ignored_and_base_values_kept() -> None:
    base = SamplingParams(top_p=0.5)
    assert params_from_dict({"colour": "blue", "seed": 3}, base) == SamplingParams(
        top_p=0.5, seed=3
    )


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ({"temperature": "hot"}, "temperature"),
        ({"temperature": float("nan")}, "temperature"),
        ({"max_tokens": 1.5}, "max_tokens"),
        ({"seed": True}, "seed"),
        ({"stop": [1, 2]}, "stop"),
        ({"logit_bias": [[1, 2, 3]]}, "logit_bias"),
        ({"logit_bias": "x"}, "logit_bias"),
    ],
)
def test_a_wrong_type_names_the_setting(data: dict, name: str) -> None:
    with pytest.raises(OptionsError) as caught:
        params_from_dict(data)
    assert caught.value.name == name
    assert str(caught.value).startswith(f"The setting {name} must be")
    assert caught.value.user_message.code == "options.bad_setting"


def test_load_options_from_yaml_numbers() -> None:
    options = load_options_from_dict("/m.gguf", {"n_ctx": 2048.0, "flash_attn": True, "x": 1})
    assert options.n_ctx == 2048 and options.flash_attn == "on" and options.path == "/m.gguf"
    with pytest.raises(OptionsError):
        load_options_from_dict("/m.gguf", {"flash_attn": "yes"})


def test_flash_attention_defaults_to_auto_and_old_files_keep_their_choice() -> None:
    assert load_options_from_dict("/m.gguf", {}).flash_attn == "auto"
    assert load_options_from_dict("/m.gguf", {"flash_attn": False}).flash_attn == "off"
    assert load_options_from_dict("/m.gguf", {"flash_attn": "auto"}).flash_attn == "auto"


def test_kv_cache_types_are_checked_by_name() -> None:
    options = load_options_from_dict("/m.gguf", {"type_k": "q8_0", "type_v": "q4_0"})
    assert (options.type_k, options.type_v) == ("q8_0", "q4_0")
    with pytest.raises(OptionsError) as caught:
        load_options_from_dict("/m.gguf", {"type_v": "q5_1"})
    assert caught.value.name == "type_v"
    assert "f16, q8_0, q4_0" in str(caught.value)
