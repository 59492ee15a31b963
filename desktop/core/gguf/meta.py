"""GGUFMeta: what a model is (architecture, sizes, tokens, chat templates), from its header."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.gguf.header import EMPTY_STRINGS, RawHeader, StringArray, TensorInfo

# Architectures the gguf package knows that llama.cpp cannot generate text with: projectors,
# audio decoders and encoder-only embedding models.
NON_GENERATIVE_ARCHITECTURES = frozenset(
    {
        "clip",
        "wavtokenizer-dec",
        "bert",
        "modern-bert",
        "nomic-bert",
        "nomic-bert-moe",
        "neo-bert",
        "jina-bert-v2",
        "jina-bert-v3",
        "eurobert",
        "t5encoder",
        "llama-embed",
        "gemma-embedding",
    }
)

_TOKEN_TYPE_CONTROL = 3


@dataclass(frozen=True)
class GGUFMeta:
    """What a model is, read from its header. Sizes in elements unless named `_bytes`."""

    path: str
    gguf_version: int
    architecture: str
    name: str
    n_params: int
    file_type: str  # llama.cpp's name, e.g. "Q4_K_M", "F16"; derived from tensors if unset
    n_layers: int
    n_ctx_train: int
    n_vocab: int
    n_embd: int
    n_head: int
    n_head_kv: int
    head_dim_k: int
    head_dim_v: int
    n_ff: int
    n_experts: int
    chat_template: str | None
    chat_templates: dict[str, str]  # named alternatives (tokenizer.chat_template.<name>)
    tokenizer_model: str
    bos_token_id: int | None
    eos_token_id: int | None
    eot_token_id: int | None
    bos_token: str | None
    eos_token: str | None
    add_bos_token: bool
    control_tokens: dict[str, int]  # text -> id for every control token
    size_bytes: int
    tensor_data_offset: int
    n_tensors: int
    metadata: dict[str, Any] = field(repr=False)  # every key; long arrays as "<array[N]>"
    tensors: tuple[TensorInfo, ...] = field(repr=False, default=())

    @property
    def is_generative(self) -> bool:
        return self.architecture not in NON_GENERATIVE_ARCHITECTURES

    def kv_cache_bytes(self, n_ctx: int, bytes_per_element: float = 2.0) -> int:
        """KV cache size for `n_ctx` tokens with an F16 cache (bytes_per_element=2)."""
        per_token = self.n_layers * self.n_head_kv * (self.head_dim_k + self.head_dim_v)
        return int(per_token * n_ctx * bytes_per_element)


def _file_type_name(value: Any, tensors: list[TensorInfo]) -> str:
    try:
        from gguf import GGMLQuantizationType, LlamaFileType
    except ImportError:
        return "unknown"

    if isinstance(value, int):
        try:
            name = LlamaFileType(value).name
        except ValueError:
            name = ""
        if name and name != "GUESSED":
            return name.removeprefix("MOSTLY_").removeprefix("ALL_")
    # Guess from the type holding most of the weights in 2-D tensors.
    totals: dict[int, int] = {}
    for t in tensors:
        if len(t.shape) >= 2:
            totals[t.ggml_type] = totals.get(t.ggml_type, 0) + t.n_elements
    if not totals:
        return "unknown"
    best = max(totals, key=lambda k: totals[k])
    try:
        return GGMLQuantizationType(best).name
    except ValueError:
        return "unknown"


def meta_from_header(raw: RawHeader, path: Path, size: int) -> GGUFMeta:
    """The model-facing view of a header read by `header.read_raw_header`."""
    md, tensors = raw.metadata, raw.tensors
    arch = str(md.get("general.architecture", "") or "")

    def arch_int(key: str, default: int = 0) -> int:
        value = md.get(f"{arch}.{key}", default)
        if isinstance(value, list):  # per-layer values (e.g. head_count_kv): take the largest
            value = max(value) if value else default
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    tokens = raw.full_arrays.get("tokenizer.ggml.tokens")
    if not isinstance(tokens, StringArray):  # absent, or not an array of strings
        tokens = EMPTY_STRINGS
    token_types = raw.full_arrays.get("tokenizer.ggml.token_type")
    n_vocab = arch_int("vocab_size") or len(tokens)
    if not n_vocab:
        emb = next((t for t in tensors if t.name == "token_embd.weight"), None)
        n_vocab = emb.shape[-1] if emb is not None and emb.shape else 0

    n_embd = arch_int("embedding_length")
    n_head = arch_int("attention.head_count")
    n_head_kv = arch_int("attention.head_count_kv") or n_head
    default_head_dim = n_embd // n_head if n_head else 0
    head_dim_k = arch_int("attention.key_length") or default_head_dim
    head_dim_v = arch_int("attention.value_length") or default_head_dim

    def token_text(token_id: Any) -> str | None:
        if isinstance(token_id, int) and 0 <= token_id < len(tokens):
            return tokens.text(token_id)
        return None

    control: dict[str, int] = {}
    if token_types is not None and not isinstance(token_types, StringArray):
        import numpy as np

        for tid in np.flatnonzero(token_types == _TOKEN_TYPE_CONTROL).tolist():
            if tid < len(tokens):
                control[tokens.text(tid)] = tid

    templates = {
        key.removeprefix("tokenizer.chat_template."): value
        for key, value in md.items()
        if key.startswith("tokenizer.chat_template.") and isinstance(value, str)
    }
    template = md.get("tokenizer.chat_template")
    bos = md.get("tokenizer.ggml.bos_token_id")
    eos = md.get("tokenizer.ggml.eos_token_id")
    eot = md.get("tokenizer.ggml.eot_token_id")
    return GGUFMeta(
        path=str(path),
        gguf_version=raw.version,
        architecture=arch,
        name=str(md.get("general.name") or path.stem),
        n_params=sum(t.n_elements for t in tensors),
        file_type=_file_type_name(md.get("general.file_type"), tensors),
        n_layers=arch_int("block_count"),
        n_ctx_train=arch_int("context_length"),
        n_vocab=n_vocab,
        n_embd=n_embd,
        n_head=n_head,
        n_head_kv=n_head_kv,
        head_dim_k=head_dim_k,
        head_dim_v=head_dim_v,
        n_ff=arch_int("feed_forward_length"),
        n_experts=arch_int("expert_count"),
        chat_template=template if isinstance(template, str) and template.strip() else None,
        chat_templates=templates,
        tokenizer_model=str(md.get("tokenizer.ggml.model", "") or ""),
        bos_token_id=bos if isinstance(bos, int) else None,
        eos_token_id=eos if isinstance(eos, int) else None,
        eot_token_id=eot if isinstance(eot, int) else None,
        bos_token=token_text(bos),
        eos_token=token_text(eos),
        add_bos_token=bool(md.get("tokenizer.ggml.add_bos_token", False)),
        control_tokens=control,
        size_bytes=size,
        tensor_data_offset=raw.data_offset,
        n_tensors=len(tensors),
        metadata=md,
        tensors=tuple(tensors),
    )
