"""Target SPECs as a user types them on the command line: what they mean, and what they say
when they are wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.compare.target import TargetSpecError
from desktop.core.compare.target_spec import parse_target
from desktop.core.experiments.versions import template_resolver
from desktop.core.store import Store, open_store
from desktop.core.templates.library import TemplateLibrary


@pytest.fixture
def library(tmp_path: Path) -> Iterator[TemplateLibrary]:
    store: Store = open_store(tmp_path / "tessera.db")
    yield TemplateLibrary(store.templates)
    store.close()


def test_a_local_file_with_sampling_and_load_settings(tmp_path: Path) -> None:
    target = parse_target(
        f"model:{tmp_path}/m.gguf,temperature=0.2,top_p=0.9,seed=7,max_tokens=64,n_ctx=1024"
    )
    assert target.is_local and target.model == str((tmp_path / "m.gguf").resolve())
    params = target.sampling()
    assert (params.temperature, params.top_p, params.seed, params.max_tokens) == (0.2, 0.9, 7, 64)
    assert target.load_options().n_ctx == 1024
    assert (
        target.display_label == "m.gguf temperature=0.2 top_p=0.9 seed=7 max_tokens=64 n_ctx=1024"
    )


def test_a_backend_model_id_may_hold_slashes_and_a_quoted_value_commas() -> None:
    target = parse_target(
        'backend:gpu-box/Qwen/Qwen3-8B,system="Be brief, and kind.",stop=END,stop=\\n\\n'
    )
    assert (target.kind, target.backend, target.model) == ("backend", "gpu-box", "Qwen/Qwen3-8B")
    assert target.system_prompt() == "Be brief, and kind."
    assert target.sampling().stop == ("END", "\\n\\n")
    default = parse_target("backend:gpu-box")
    assert default.model is None and default.display_label == "gpu-box"


def test_a_template_version_gives_the_system_prompt_settings_and_wraps_the_first_message(
    library: TemplateLibrary,
) -> None:
    target = parse_target(
        "model:m.gguf,template=summarize,temperature=0.9", template_resolver(library)
    )
    summarize = template_resolver(library)("summarize", None)
    assert target.system_prompt() == summarize.system
    wrapped = target.user_text("Tessera 是一个本地大模型工具。", first_turn=True)
    assert "Tessera 是一个本地大模型工具。" in wrapped and wrapped.startswith("Summarize")
    assert target.user_text("Shorter.", first_turn=False) == "Shorter."
    # The target's own settings win over the template's defaults.
    assert target.sampling().temperature == 0.9


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("tiny.gguf", "is neither"),
        ("model:", "names no model file"),
        ("backend:/m", "names no backend"),
        ("model:m.gguf,temperature", "write key=value"),
        ("model:m.gguf,temprature=0.2", "'temprature' is not a setting. Settings: "),
        ("model:m.gguf,temperature=hot", "The setting temperature must be a number, not 'hot'"),
        ("model:m.gguf,seed=1.5", "The setting seed must be a whole number"),
        ("model:m.gguf,seed=1,seed=2", "seed is given twice"),
        ("backend:gpu-box,n_ctx=2048", "n_ctx is a load setting for local model files"),
        ('model:m.gguf,system="unclosed', "a quote that is never closed"),
        ("model:m.gguf,template=summarize@x", "has no version number after @"),
    ],
)
def test_a_wrong_spec_says_what_is_wrong(spec: str, words: str) -> None:
    with pytest.raises(TargetSpecError) as info:
        parse_target(spec)
    assert words in str(info.value)
    assert info.value.user_message.code.startswith("compare.")


def test_templates_that_cannot_take_one_message_are_refused(library: TemplateLibrary) -> None:
    with pytest.raises(TargetSpecError, match="needs values for role, task, requirements"):
        parse_target("model:m.gguf,template=structured", template_resolver(library))
    with pytest.raises(TargetSpecError, match="no template named 'nope'"):
        parse_target("model:m.gguf,template=nope", template_resolver(library))
    with pytest.raises(TargetSpecError, match="has only version 1"):
        parse_target("model:m.gguf,template=summarize@2", template_resolver(library))
    with pytest.raises(TargetSpecError, match="templates are not available"):
        parse_target("model:m.gguf,template=summarize")


def test_a_target_reads_back_from_its_saved_form(library: TemplateLibrary) -> None:
    from desktop.core.compare.target import CompareTarget

    target = parse_target(
        "model:m.gguf,template=summarize,seed=3,stop=x,label=mine", template_resolver(library)
    )
    again = CompareTarget.from_dict(target.to_dict())
    assert again == target
