"""A model's vocabulary picked again: a changed file is read again, llama.cpp's logging stays intact."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from desktop.core.tokenizers import TiktokenCache, TokenizerError, TokenizerRegistry
from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer


def test_repicking_a_replaced_file_reads_the_new_one(
    tiny_model_path: Path, broken_models: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "model.gguf"
    path.write_bytes(tiny_model_path.read_bytes())
    registry = TokenizerRegistry(TiktokenCache(tmp_path / "cache", bundled_dir=None))
    try:
        spec = registry.add_model(path)
        assert registry.get(spec).encode("<|im_end|>") == [845]
        assert not registry.unload("tiktoken:cl100k_base")  # never loaded
        assert registry.unload(spec) and registry.loaded(spec) is None

        # a download replaced by a cut copy: a message, never a crash in llama.cpp
        cut = tmp_path / "cut.gguf"
        cut.write_bytes(broken_models["truncated"].read_bytes())
        os.replace(cut, path)
        with pytest.raises(TokenizerError, match="truncated"):
            registry.get(spec)

        os.replace(_copy(tiny_model_path, tmp_path), path)  # and a good one again
        assert registry.get(spec).n_vocab == 846
    finally:
        registry.close()


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "good.gguf"
    target.write_bytes(source.read_bytes())
    return target


def test_vocab_loads_are_quiet_and_leave_logging_working(
    tiny_model_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import llama_cpp
    from llama_cpp import _logger

    _logger.set_verbose(True)  # llama.cpp would print every metadata key
    try:
        capfd.readouterr()
        loaded: list[ModelVocabTokenizer] = []
        threads = [
            threading.Thread(target=lambda: loaded.append(ModelVocabTokenizer(tiny_model_path)))
            for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(loaded) == 3 and all(t.n_vocab == 846 for t in loaded)
        assert "llama_model_loader" not in capfd.readouterr().err
        for tokenizer in loaded:
            tokenizer.close()

        # afterwards llama-cpp-python's own logger is back in place
        params = llama_cpp.llama_model_default_params()
        params.vocab_only = True
        model = llama_cpp.llama_model_load_from_file(str(tiny_model_path).encode(), params)
        assert model
        llama_cpp.llama_model_free(model)
        assert "llama_model_loader" in capfd.readouterr().err
    finally:
        _logger.set_verbose(False)
