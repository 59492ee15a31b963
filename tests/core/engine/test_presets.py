"""Sampling presets: built-ins are fixed, the user's own survive a restart, bad data is skipped."""

from __future__ import annotations

import pytest

from desktop.core.engine.options import params_to_dict
from desktop.core.engine.presets import (
    BUILTIN_PRESETS,
    PRESETS_KEY,
    PresetError,
    SamplingPresets,
)
from desktop.core.engine.protocol import SamplingParams


@pytest.fixture
def store(paths):
    from desktop.core.store import open_store

    s = open_store(paths)
    yield s
    s.close()


def test_builtins_come_first_and_cannot_be_replaced(store) -> None:
    presets = SamplingPresets(store.settings)
    assert presets.names() == ["Precise", "Balanced", "Creative"]
    assert presets.get("Creative").temperature == 1.1
    with pytest.raises(PresetError) as error:
        presets.save(" Balanced ", SamplingParams(temperature=0.1))
    assert error.value.user_message.code == "presets.builtin_name"
    with pytest.raises(PresetError):
        presets.save("   ", SamplingParams())
    assert presets.get("Balanced") == BUILTIN_PRESETS["Balanced"]
    assert store.settings.get(PRESETS_KEY) is None  # nothing was written


def test_user_presets_round_trip_through_the_store(store, paths) -> None:
    from desktop.core.store import open_store

    mine = SamplingParams(
        temperature=0.33, top_k=7, seed=99, stop=("END", "结束"), logit_bias=((5, -1.5),)
    )
    assert SamplingPresets(store.settings).save("  Mine 我的 ", mine) == "Mine 我的"
    store.close()
    with open_store(paths) as again:
        presets = SamplingPresets(again.settings)
        assert presets.names() == ["Precise", "Balanced", "Creative", "Mine 我的"]
        assert presets.get("Mine 我的") == mine
        assert again.settings.get(PRESETS_KEY) == {"Mine 我的": params_to_dict(mine)}
        assert presets.delete("Mine 我的")
        assert not presets.delete("Mine 我的")
        assert presets.get("Mine 我的") is None


def test_a_preset_that_no_longer_reads_is_skipped(store, caplog) -> None:
    store.settings.set(
        PRESETS_KEY,
        {"ok": {"temperature": 0.5}, "broken": {"temperature": "hot"}, "odd": 3},
    )
    presets = SamplingPresets(store.settings)
    assert presets.names() == ["Precise", "Balanced", "Creative", "ok"]
    assert presets.get("ok").temperature == 0.5
    assert "broken" in caplog.text and "odd" in caplog.text


def test_without_a_store_only_builtins_exist() -> None:
    presets = SamplingPresets(None)
    assert not presets.can_save
    assert presets.names() == list(BUILTIN_PRESETS)
