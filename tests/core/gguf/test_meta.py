"""desktop.core.gguf: what a model file is, and clear refusals for files llama.cpp must never see."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core.gguf import GGUFError, read_gguf_meta


def _write_minimal(path: Path, arch: str) -> Path:
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_block_count(1)
    writer.add_tensor("token_embd.weight", np.zeros((8, 4), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_reads_tiny_model_header(tiny_model_path: Path) -> None:
    meta = read_gguf_meta(tiny_model_path)
    assert meta.architecture == "llama"
    assert meta.name == "tessera-tiny"
    assert meta.file_type == "F16"
    assert (meta.n_layers, meta.n_ctx_train, meta.n_vocab, meta.n_embd) == (2, 2048, 846, 64)
    assert (meta.n_head, meta.n_head_kv, meta.head_dim_k, meta.head_dim_v) == (4, 2, 16, 16)
    assert meta.n_params > 100_000
    assert meta.chat_template and "<|im_start|>" in meta.chat_template
    assert meta.bos_token == "<|endoftext|>" and meta.eos_token == "<|im_end|>"
    assert meta.control_tokens == {"<|endoftext|>": 843, "<|im_start|>": 844, "<|im_end|>": 845}
    assert meta.size_bytes == tiny_model_path.stat().st_size
    assert meta.is_generative
    # 2 layers x 2 kv heads x (16 + 16) dims x 2 bytes per token
    assert meta.kv_cache_bytes(1000) == 2 * 2 * 32 * 2 * 1000


def test_model_without_template(tiny_model_no_template: Path) -> None:
    assert read_gguf_meta(tiny_model_no_template).chat_template is None


@pytest.mark.parametrize(
    ("variant", "kind", "words"),
    [
        ("truncated", "corrupt", "truncated"),
        ("wrong_magic", "not_gguf", "not a GGUF"),
        ("not_gguf", "not_gguf", "not a GGUF"),
        ("empty", "not_gguf", "empty"),
    ],
)
def test_broken_files_are_refused_clearly(
    broken_models: dict[str, Path], variant: str, kind: str, words: str
) -> None:
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(broken_models[variant])
    assert err.value.kind == kind
    assert words in err.value.message
    assert broken_models[variant].name in err.value.message


def test_header_cut_short(tiny_model_path: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(tiny_model_path.read_bytes()[:300])
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(cut)
    assert err.value.kind == "corrupt"
    assert "download it again" in err.value.hint


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(tmp_path / "nope.gguf")
    assert err.value.kind == "file_missing"
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(tmp_path)
    assert err.value.kind == "not_gguf"


def test_unknown_and_non_generative_architectures(tmp_path: Path) -> None:
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(_write_minimal(tmp_path / "alien.gguf", "alien9000"))
    assert err.value.kind == "unsupported_architecture"
    assert "alien9000" in err.value.message
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(_write_minimal(tmp_path / "mmproj.gguf", "clip"))
    assert err.value.kind == "unsupported_architecture"
    # The hub may still list such files: it can read them without the architecture check.
    meta = read_gguf_meta(tmp_path / "mmproj.gguf", check_architecture=False)
    assert meta.architecture == "clip" and not meta.is_generative


def test_chinese_name_round_trips(tmp_path: Path) -> None:
    import gguf
    import numpy as np

    path = tmp_path / "中文模型.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("通义 测试")
    writer.add_tensor("token_embd.weight", np.zeros((8, 4), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    assert read_gguf_meta(path).name == "通义 测试"


def test_a_replaced_file_is_read_again(tiny_model_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(tiny_model_path.read_bytes())
    assert read_gguf_meta(path).name == "tessera-tiny"
    assert read_gguf_meta(path) is read_gguf_meta(path)  # unchanged: served from the cache

    other = tmp_path / "other.gguf"
    _write_minimal(other, "llama")
    os.replace(other, path)  # e.g. a finished download moved over the old file
    meta = read_gguf_meta(path)
    assert (meta.name, meta.n_layers, meta.chat_template) == ("model", 1, None)

    path.write_bytes(b"GGUF" + b"\xff" * 60)  # rewritten in place, now broken
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(path)
    assert err.value.kind == "corrupt"

    path.unlink()
    with pytest.raises(GGUFError) as err:
        read_gguf_meta(path)
    assert err.value.kind == "file_missing"


def test_same_size_rewrite_is_read_again(tiny_model_path: Path, tmp_path: Path) -> None:
    data = tiny_model_path.read_bytes()
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    assert read_gguf_meta(path).n_ctx_train == 2048
    key = b"llama.context_length"
    at = data.index(key) + len(key) + 4  # the u32 after the key and its type
    path.write_bytes(data[:at] + (4096).to_bytes(4, "little") + data[at + 4 :])
    later = path.stat().st_mtime_ns + 1_000_000_000  # whatever the clock's resolution
    os.utime(path, ns=(later, later))
    assert read_gguf_meta(path).n_ctx_train == 4096


def test_parse_header_from_a_prefix(tiny_model_path: Path) -> None:
    from desktop.core.gguf import GGUFHeaderTruncated, parse_gguf_header

    data = tiny_model_path.read_bytes()
    whole = parse_gguf_header(data, path="tiny.gguf")
    assert whole.name == "tessera-tiny" and whole.size_bytes == len(data)
    assert whole.control_tokens == read_gguf_meta(tiny_model_path).control_tokens
    # the header alone, checked against the whole file's size (the hub's Range request)
    header_end = whole.tensor_data_offset
    meta = parse_gguf_header(data[:header_end], len(data), path="repo/tiny.gguf")
    assert (meta.n_layers, meta.n_vocab, meta.size_bytes) == (2, 846, len(data))
    assert meta.path == "repo/tiny.gguf"
    # too short a prefix: ask for more
    with pytest.raises(GGUFHeaderTruncated):
        parse_gguf_header(data[:1000], len(data))
    # the header but not the weights it promises
    with pytest.raises(GGUFError) as err:
        parse_gguf_header(data[:header_end])
    assert err.value.kind == "corrupt" and not isinstance(err.value, GGUFHeaderTruncated)
    with pytest.raises(GGUFError) as err:
        parse_gguf_header(b"<html>not found</html>", 10_000, path="x.gguf")
    assert err.value.kind == "not_gguf" and "x.gguf" in err.value.message
