"""File names from the Hub: quantization, split grouping, and refusing hostile paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.hub import HubError
from desktop.core.hub.names import (
    group_gguf_files,
    parse_quantization,
    parse_split,
    safe_target,
    split_complete,
    validate_gguf_name,
    validate_repo_id,
)


@pytest.mark.parametrize(
    ("name", "quant"),
    [
        ("Qwen2.5-7B-Instruct-Q4_K_M.gguf", "Q4_K_M"),
        ("llama-3-8b.Q8_0.gguf", "Q8_0"),
        ("model-IQ3_XS.gguf", "IQ3_XS"),
        ("model-iq2_xxs.gguf", "IQ2_XXS"),
        ("gemma-2-2b-it-f16.gguf", "F16"),
        ("gemma-2-2b-it-BF16.gguf", "BF16"),
        ("Model-UD-Q4_K_XL.gguf", "Q4_K_XL"),
        ("sub/dir/model-Q6_K-00001-of-00003.gguf", "Q6_K"),
        ("phi-3-mini-Q4_0_4_4.gguf", "Q4_0_4_4"),
        ("gpt-oss-20b-MXFP4.gguf", "MXFP4"),
        ("mistral-7b-fp16.gguf", "F16"),
        ("plain-model.gguf", None),
        ("Q4_K_Mistral.gguf", None),  # a quant-looking prefix glued to a word is not a quant
    ],
)
def test_quantization_is_parsed_from_the_name(name: str, quant: str | None) -> None:
    assert parse_quantization(name) == quant


def test_split_parts_are_grouped_into_one_model() -> None:
    names = [
        "a/m-Q4_K_M-00002-of-00003.gguf",
        "single-Q8_0.gguf",
        "a/m-Q4_K_M-00001-of-00003.gguf",
        "a/m-Q4_K_M-00003-of-00003.gguf",
        "b/m-Q4_K_M-00001-of-00002.gguf",
    ]
    groups = group_gguf_files(names)
    assert groups[0] == [
        "a/m-Q4_K_M-00001-of-00003.gguf",
        "a/m-Q4_K_M-00002-of-00003.gguf",
        "a/m-Q4_K_M-00003-of-00003.gguf",
    ]
    assert groups[1] == ["single-Q8_0.gguf"]
    assert split_complete(groups[0]) and split_complete(groups[1])
    assert not split_complete(groups[2])  # part 2 of 2 missing
    assert parse_split("x-00000-of-00002.gguf") is None


@pytest.mark.parametrize(
    "name",
    [
        "../evil.gguf",
        "a/../../evil.gguf",
        "/etc/passwd.gguf",
        "C:/Windows/evil.gguf",
        "a\\..\\evil.gguf",
        "a//b.gguf",
        "./a.gguf",
        "~/.bashrc.gguf",
        "ok\x00.gguf",
        "a:stream.gguf",
        "what?.gguf",
        "model.safetensors",
        "model.gguf.exe",
        "",
    ],
)
def test_hostile_or_non_gguf_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(HubError) as info:
        validate_gguf_name(name)
    assert info.value.kind == "bad_name"
    with pytest.raises(HubError):
        safe_target(tmp_path / "owner" / "repo", name)


def test_safe_target_stays_inside_the_repo_folder_even_through_symlinks(tmp_path: Path) -> None:
    repo = tmp_path / "models" / "o" / "r"
    repo.mkdir(parents=True)
    assert safe_target(repo, "sub/模型-Q4_K_M.gguf") == (repo / "sub/模型-Q4_K_M.gguf").resolve()
    (repo / "link").symlink_to(tmp_path)
    with pytest.raises(HubError):
        safe_target(repo, "link/escape.gguf")


@pytest.mark.parametrize("repo", ["a", "a/b/c", "../b", "a/..", "/a", "a/b c", ""])
def test_bad_repo_ids_are_refused(repo: str) -> None:
    with pytest.raises(HubError):
        validate_repo_id(repo)


@pytest.mark.parametrize(
    ("status", "code", "kind", "words"),
    [
        (401, "GatedRepo", "gated", "accept its license"),
        (403, "GatedRepo", "gated", "token"),
        (401, "RepoNotFound", "not_found", "was not found"),
        (403, None, "unauthorized", "token"),
        (404, "EntryNotFound", "not_found", "404"),
        (404, "RevisionNotFound", "not_found", "revision"),
        (429, None, "rate_limited", "Wait a few minutes"),
        (503, None, "server", "try again later"),
    ],
)
def test_http_errors_become_sentences(status, code, kind, words) -> None:
    from desktop.core.hub.errors import from_http_status

    error = from_http_status(status, repo_id="o/r", endpoint="https://hub.example", error_code=code)
    assert error.kind == kind and words in error.message
    assert error.retryable == (status in (429, 503))
