"""Template-less GGUFs in the engine: the chosen built-in renders as llama.cpp does, its turn
markers never reach a reply, and thinking blocks are counted and kept out of later turns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, LoadOptions, SamplingParams
from desktop.core.gguf.tiny_model import FORMAT_SPECIALS, TinySpecials, write_tiny_gguf
from tests.fixtures.llama_chat import llama_cpp_render

# (file's name, architecture, control tokens) -> the built-in llama.cpp name expected
VARIANTS = {
    "gemma": ("tiny-base", "gemma3", "gemma", "gemma"),
    "llama3": ("Llama-3.2-tiny", "llama", "llama3", "llama3"),
    "chatml": ("Qwen2.5-tiny", "llama", "chatml", "chatml"),
    "mistral": ("Mistral-tiny-v0.3", "llama", "mistral", "mistral-v3"),
    "phi3": ("Phi-3-tiny", "llama", "phi3", "phi3"),
    "deepseek": ("DeepSeek-R1-Distill-tiny", "llama", "deepseek", "deepseek3"),
}
CHAT = (
    ChatMessage("system", "Answer briefly."),
    ChatMessage("user", "What is 2+2?"),
    ChatMessage("assistant", "4"),
    ChatMessage("user", "你好，世界！"),
)


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("variants")
    out = {}
    for key, (name, arch, specials, _) in VARIANTS.items():
        out[key] = write_tiny_gguf(
            folder / f"variant-{len(out)}.gguf",
            chat_template=None,
            name=name,
            architecture=arch,
            specials=FORMAT_SPECIALS[specials],
        )
    out["plain"] = write_tiny_gguf(
        folder / "plain.gguf",
        chat_template=None,
        name="my-model",
        specials=TinySpecials(("<s>", "</s>"), "<s>", "</s>", "</s>"),
    )
    return out


@pytest.fixture(scope="module")
def client() -> Iterator[EngineClient]:
    with EngineClient() as engine:
        yield engine


def _load(client: EngineClient, path: Path, **options) -> object:
    return client.load(LoadOptions(path=str(path), n_ctx=512, n_threads=1, **options))


@pytest.mark.parametrize("key", sorted(VARIANTS))
def test_the_prompt_is_what_llama_cpp_writes_for_the_chosen_builtin(
    client: EngineClient, variants: dict[str, Path], key: str
) -> None:
    info = _load(client, variants[key])
    expected = VARIANTS[key][3]
    assert info.template.builtin == expected and info.template.is_fallback
    text, ids = client.render_prompt(CHAT)
    assert text == llama_cpp_render(expected, [(m.role, m.content) for m in CHAT], True)
    # The turn markers are single special tokens, as the model was trained to read them.
    first_marker = info.template.stops[0]
    if first_marker in text:
        assert info.special_tokens[first_marker] in ids


def _ids(client: EngineClient, text: str) -> tuple[int, ...]:
    return tuple(client.tokenize(text, add_special=False, parse_special=False))


def test_chatml_fallback_markers_never_stream_into_a_reply(
    client: EngineClient, variants: dict[str, Path]
) -> None:
    info = _load(client, variants["plain"])
    assert info.template.source == "fallback"
    # The model writes "<|im_end|>" as plain text pieces, as a model that never saw ChatML does.
    forced = _ids(client, "Four.") + _ids(client, "<|im_end|>\n<|im_start|>user\nmore")
    request = GenerateRequest(
        1,
        SamplingParams(temperature=0, max_tokens=len(forced) + 5),
        messages=(ChatMessage("user", "2+2?"),),
        forced_tokens=forced,
    )
    generation = client.generate(request)
    done = generation.wait()
    assert done.text == "Four."
    assert done.finish_reason == "stop"
    assert "<|im" not in "".join(t.text for t in generation.tokens)


def test_raw_completion_is_not_cut_at_chat_markers(
    client: EngineClient, variants: dict[str, Path]
) -> None:
    _load(client, variants["plain"])
    forced = _ids(client, "a <|im_end|> b")
    request = GenerateRequest(
        2, SamplingParams(temperature=0, max_tokens=len(forced)), text="x", forced_tokens=forced
    )
    assert client.generate(request).wait().text == "a <|im_end|> b"


def test_thinking_is_stripped_from_history_for_a_builtin_and_counted(
    client: EngineClient, variants: dict[str, Path]
) -> None:
    _load(client, variants["deepseek"])
    history = (
        ChatMessage("user", "2+2?"),
        ChatMessage("assistant", "<think>\nTwo and two.\n</think>\n\nFour."),
        ChatMessage("user", "And 3+3?"),
    )
    text, _ = client.render_prompt(history)
    assert "Two and two" not in text and "Four." in text
    forced = (
        tuple(client.tokenize("<think>")) + _ids(client, "hmm") + tuple(client.tokenize("</think>"))
    )
    forced += _ids(client, "Six.")
    request = GenerateRequest(
        3,
        SamplingParams(temperature=0, max_tokens=len(forced)),
        messages=history,
        forced_tokens=forced,
    )
    done = client.generate(request).wait()
    assert done.text.startswith("<think>") and done.text.endswith("Six.")
    assert done.stats.thinking_tokens == len(forced) - len(_ids(client, "Six."))


def test_the_models_own_template_decides_about_thinking(
    client: EngineClient, tiny_model_path: Path
) -> None:
    info = _load(client, tiny_model_path)
    assert info.template.source == "file" and not info.template.strip_thinking
    text, _ = client.render_prompt(
        (ChatMessage("user", "q"), ChatMessage("assistant", "<think>t</think>a"))
    )
    assert "<think>t</think>a" in text


def test_an_override_replaces_the_files_template(
    client: EngineClient, tiny_model_path: Path
) -> None:
    info = _load(client, tiny_model_path, chat_template_override="llama3")
    assert info.template.source == "override" and info.template.builtin == "llama3"
    assert not info.looks_base
    text, _ = client.render_prompt((ChatMessage("user", "hi"),))
    assert text == llama_cpp_render("llama3", [("user", "hi")], True)


def test_a_base_model_is_flagged(client: EngineClient, variants: dict[str, Path]) -> None:
    assert _load(client, variants["gemma"]).looks_base
    assert not _load(client, variants["deepseek"]).looks_base  # a distill is chat-tuned
