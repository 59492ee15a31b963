"""Read and validate a GGUF file's header (metadata and tensor table) without loading weights.

The engine calls `read_gguf_meta()` before llama.cpp ever sees a file, so a missing, foreign,
truncated or unsupported file becomes a clear `GGUFError` instead of a crash in native code.
The model hub uses the same data for its "fits in memory" estimate (`kv_cache_bytes`), parsing
a header fetched over the network with `parse_gguf_header()`.

Parsing is ours (a walk of the header bytes with `struct`), using the `gguf` package for the
format's constants. It is fast on 100k-token vocabularies: string arrays are skipped with numpy
(`gguf_strings`) and only the strings that are needed (BOS/EOS and control tokens) are decoded.
Results are cached per file (path, size, modification time): picking the same model again
costs one `stat`.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.gguf.strings import StringArrayTruncated, string_array_end, string_at

GGUF_MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32

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

# GGUF metadata value types (same numbering as gguf.GGUFValueType).
_SCALAR_FORMATS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING = 8
_ARRAY = 9
_SCALAR_SIZES = {t: struct.calcsize(f) for t, f in _SCALAR_FORMATS.items()}
_NUMPY_DTYPES = {
    0: "<u1",
    1: "<i1",
    2: "<u2",
    3: "<i2",
    4: "<u4",
    5: "<i4",
    6: "<f4",
    7: "<u1",
    10: "<u8",
    11: "<i8",
    12: "<f8",
}

# Arrays kept in full in `GGUFMeta.metadata`; longer ones are summarised by their length.
_MAX_ARRAY_KEEP = 64
_TOKEN_TYPE_CONTROL = 3


class GGUFError(Exception):
    """A file that cannot be used as a model; `kind` matches the engine's error kinds."""

    def __init__(self, kind: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint


class GGUFHeaderTruncated(GGUFError):
    """The header runs past the end of the bytes given: a cut file, or a prefix too short
    (`parse_gguf_header` on the first MB of a download: fetch more and parse again)."""


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int  # relative to the start of the tensor data section
    n_bytes: int

    @property
    def n_elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n


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


# --------------------------------------------------------------------------- parsing


class _Truncated(Exception):
    pass


class _Cursor:
    """Reads little-endian values from a buffer; running off the end means the file is cut."""

    __slots__ = ("buf", "pos", "size")

    def __init__(self, buf: Any, pos: int = 0) -> None:
        self.buf = buf
        self.pos = pos
        self.size = len(buf)

    def need(self, n: int) -> None:
        if n < 0 or self.pos + n > self.size:
            raise _Truncated

    def scalar(self, vtype: int) -> Any:
        size = _SCALAR_SIZES[vtype]
        self.need(size)
        (value,) = struct.unpack_from(_SCALAR_FORMATS[vtype], self.buf, self.pos)
        self.pos += size
        return value

    def u32(self) -> int:
        return self.scalar(4)

    def u64(self) -> int:
        return self.scalar(10)

    def string_bytes(self) -> bytes:
        n = self.u64()
        self.need(n)
        value = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return value

    def string(self) -> str:
        return self.string_bytes().decode("utf-8", errors="replace")

    def skip_strings(self, count: int, offsets: Any = None) -> None:
        try:
            self.pos = string_array_end(self.buf, self.pos, count, offsets)
        except StringArrayTruncated:
            raise _Truncated from None


@dataclass(frozen=True)
class _Strings:
    """A string array left in the header bytes: where each string is, decoded on demand."""

    buf: Any
    offsets: Any  # numpy int64, one per string

    def __len__(self) -> int:
        return len(self.offsets)

    def text(self, index: int) -> str:
        return string_at(self.buf, int(self.offsets[index])).decode("utf-8", errors="replace")


def _read_value(cur: _Cursor, vtype: int, key: str, want_full: bool) -> Any:
    """The value at the cursor. Arrays longer than _MAX_ARRAY_KEEP become "<array[N]>" unless
    `want_full`: then numbers come as a numpy array and strings as `_Strings`."""
    if vtype in _SCALAR_FORMATS:
        return cur.scalar(vtype)
    if vtype == _STRING:
        return cur.string()
    if vtype == _ARRAY:
        item_type = cur.u32()
        count = cur.u64()
        if item_type in _SCALAR_FORMATS:
            size = _SCALAR_SIZES[item_type] * count
            cur.need(size)
            if want_full or count <= _MAX_ARRAY_KEEP:
                import numpy as np

                arr = np.frombuffer(
                    cur.buf, dtype=_NUMPY_DTYPES[item_type], count=count, offset=cur.pos
                )
                cur.pos += size
                return arr if want_full else arr.tolist()
            cur.pos += size
            return f"<array[{count}]>"
        if item_type == _STRING:
            if count <= _MAX_ARRAY_KEEP and not want_full:
                return [cur.string() for _ in range(count)]
            if want_full:
                import numpy as np

                cur.need(count * 8)  # before allocating one offset per claimed string
                offsets = np.empty(count, dtype=np.int64)
                cur.skip_strings(count, offsets)
                return _Strings(cur.buf, offsets)
            cur.skip_strings(count)
            return f"<array[{count}]>"
        if item_type == _ARRAY:
            cur.need(count * 12)  # each inner array has at least its type and count
            return [_read_value(cur, _ARRAY, key, False) for _ in range(count)]
        raise GGUFError("corrupt", f"Unknown value type {item_type} in metadata key {key!r}.")
    raise GGUFError("corrupt", f"Unknown value type {vtype} in metadata key {key!r}.")


def _tensor_bytes(ggml_type: int, n_elements: int) -> int:
    try:
        from gguf import GGML_QUANT_SIZES, GGMLQuantizationType
    except ImportError:  # a bare checkout (e.g. `tessera bench` on a GPU box): F32/F16 only
        return n_elements * {0: 4, 1: 2, 30: 2}.get(ggml_type, 0)

    try:
        block_size, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(ggml_type)]
    except (ValueError, KeyError):
        raise GGUFError(
            "corrupt",
            f"A tensor uses quantization type {ggml_type}, which this version does not know.",
            "The file may need a newer llama.cpp, or it is damaged.",
        ) from None
    return n_elements // block_size * type_size


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


def _open_checked(path: Path) -> Any:
    """The file opened for reading, or the GGUFError a user should see instead."""
    if not path.exists():
        raise GGUFError(
            "file_missing",
            f"The model file {path} does not exist.",
            "It may have been moved or deleted; pick the file again or download it again.",
        )
    if path.is_dir():
        raise GGUFError("not_gguf", f"{path} is a folder, not a model file.", "Pick a .gguf file.")
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller closes it)
    except OSError as exc:
        raise GGUFError("file_missing", f"Cannot read {path}: {exc.strerror}.") from None


_CACHE_SIZE = 32
_cache: OrderedDict[tuple, GGUFMeta] = OrderedDict()
_cache_lock = threading.Lock()


def read_gguf_meta(path: str | os.PathLike[str], *, check_architecture: bool = True) -> GGUFMeta:
    """Parse and validate `path`. Raises GGUFError with kind file_missing, not_gguf, corrupt or
    unsupported_architecture.

    Results are cached by file identity (absolute path, device, inode, size, modification and
    change times): a file that is replaced or rewritten is parsed again. The returned object
    is shared between callers: treat its dicts as read-only.
    """
    path = Path(path)
    with _open_checked(path) as fh:
        try:
            st = os.fstat(fh.fileno())
        except OSError as exc:
            raise GGUFError("file_missing", f"Cannot read {path}: {exc.strerror}.") from None
        key = (
            os.fspath(path.absolute()),
            st.st_dev,
            st.st_ino,
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
        )
        with _cache_lock:
            meta = _cache.get(key)
            if meta is not None:
                _cache.move_to_end(key)
        if meta is None:
            meta = _read_header(fh, path, st.st_size)
            with _cache_lock:
                _cache[key] = meta
                while len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
    if check_architecture:
        _check_runnable(path, meta)
    return meta


def clear_header_cache() -> None:
    """Forget every cached header (benchmarks measuring a cold read; tests)."""
    with _cache_lock:
        _cache.clear()


def _read_header(fh: Any, path: Path, size: int) -> GGUFMeta:
    """Parses the header through a memory map: only the pages it touches are read."""
    if size < 4:
        return parse_gguf_header(b"", size, path=path, check_architecture=False)  # raises
    try:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:
        raise GGUFError("file_missing", f"Cannot read {path}: {exc}.") from None
    error: GGUFError | None = None
    try:
        return parse_gguf_header(mm, size, path=path, check_architecture=False)
    except GGUFError as exc:
        # Its traceback holds the parser's frames and their numpy views of the map: drop
        # them so the file is unmapped now (on Windows a mapped file cannot be replaced,
        # e.g. by the download that repairs it).
        error = exc.with_traceback(None)
        error.__context__ = None
    finally:
        with contextlib.suppress(BufferError):  # a view still alive: unmapped when it goes
            mm.close()
    raise error


def parse_gguf_header(
    buf: Any,
    size: int | None = None,
    *,
    path: str | os.PathLike[str] = "model.gguf",
    check_architecture: bool = True,
) -> GGUFMeta:
    """Parse the GGUF header at the start of `buf` (bytes, bytearray, memoryview or mmap).

    `buf` may be a prefix of the file, as long as it holds the whole header (metadata and
    tensor table); `size` is then the whole file's size, against which the tensors' data is
    checked (default: `len(buf)`). `path` names the file in messages and in the result.

    Raises GGUFHeaderTruncated (a GGUFError) when the header runs past the end of `buf`: with
    a prefix, read more of the file and try again; with the whole file, it is cut short.
    Raises GGUFError for anything else wrong, as `read_gguf_meta` does.
    """
    path = Path(path)
    if size is None:
        size = len(buf)
    if size < 4:
        raise GGUFError(
            "not_gguf",
            f"{path.name} is not a GGUF model file (it is {'empty' if size == 0 else 'too small'}).",
            "Download the model again, or pick a .gguf file.",
        )
    if len(buf) >= 4 and bytes(buf[:4]) != GGUF_MAGIC:
        raise GGUFError(
            "not_gguf",
            f"{path.name} is not a GGUF model file.",
            "Tessera runs GGUF models (llama.cpp's format). Pick a file ending in .gguf, e.g. "
            "from a repository whose name contains 'GGUF'.",
        )
    cur = _Cursor(buf, 4)
    try:
        version = cur.u32()
        if version not in (2, 3):
            raise GGUFError(
                "corrupt",
                f"{path.name} uses GGUF version {version}, which llama.cpp cannot read.",
                "Download a current conversion of the model.",
            )
        n_tensors = cur.u64()
        n_kv = cur.u64()
        if n_tensors > 1_000_000 or n_kv > 1_000_000:
            raise GGUFError("corrupt", f"{path.name} has a damaged header.", _REDOWNLOAD)
        metadata: dict[str, Any] = {}
        full: dict[str, Any] = {}
        for _ in range(n_kv):
            key = cur.string()
            vtype = cur.u32()
            want_full = key in _FULL_ARRAYS
            value = _read_value(cur, vtype, key, want_full)
            if want_full and not isinstance(value, (int, float, str)):
                full[key] = value
                metadata[key] = f"<array[{len(value)}]>"
            else:
                metadata[key] = value
        tensors: list[TensorInfo] = []
        for _ in range(n_tensors):
            name = cur.string()
            n_dims = cur.u32()
            if n_dims > 8:
                raise GGUFError("corrupt", f"{path.name} has a damaged tensor table.", _REDOWNLOAD)
            shape = tuple(cur.u64() for _ in range(n_dims))
            ggml_type = cur.u32()
            offset = cur.u64()
            n = 1
            for d in shape:
                n *= d
            tensors.append(TensorInfo(name, shape, ggml_type, offset, _tensor_bytes(ggml_type, n)))
    except _Truncated:
        raise GGUFHeaderTruncated(
            "corrupt", f"{path.name} is truncated: its header ends early.", _REDOWNLOAD
        ) from None

    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT) or DEFAULT_ALIGNMENT
    if not isinstance(alignment, int) or alignment < 1:
        raise GGUFError("corrupt", f"{path.name} has a damaged header.", _REDOWNLOAD)
    data_offset = (cur.pos + alignment - 1) // alignment * alignment
    data_end = max((data_offset + t.offset + t.n_bytes for t in tensors), default=cur.pos)
    if data_end > size:
        raise GGUFError(
            "corrupt",
            f"{path.name} is truncated: it has {_fmt_bytes(size)} but its tensors need "
            f"{_fmt_bytes(data_end)}.",
            _REDOWNLOAD,
        )
    meta = _build_meta(path, size, version, metadata, full, tensors, data_offset)
    if check_architecture:
        _check_runnable(path, meta)
    return meta


# Arrays whose contents the result needs (token texts for BOS/EOS and control tokens).
_FULL_ARRAYS = frozenset({"tokenizer.ggml.tokens", "tokenizer.ggml.token_type"})


_REDOWNLOAD = "The download was probably interrupted or the file is damaged; download it again."


def _fmt_bytes(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _build_meta(
    path: Path,
    size: int,
    version: int,
    md: dict[str, Any],
    full: dict[str, Any],
    tensors: list[TensorInfo],
    data_offset: int,
) -> GGUFMeta:
    arch = str(md.get("general.architecture", "") or "")

    def arch_int(key: str, default: int = 0) -> int:
        value = md.get(f"{arch}.{key}", default)
        if isinstance(value, list):  # per-layer values (e.g. head_count_kv): take the largest
            value = max(value) if value else default
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    tokens = full.get("tokenizer.ggml.tokens")
    if not isinstance(tokens, _Strings):  # absent, or not an array of strings
        tokens = _Strings(b"", ())
    token_types = full.get("tokenizer.ggml.token_type")
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
    if token_types is not None and not isinstance(token_types, _Strings):
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
        gguf_version=version,
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
        tensor_data_offset=data_offset,
        n_tensors=len(tensors),
        metadata=md,
        tensors=tuple(tensors),
    )


def _check_runnable(path: Path, meta: GGUFMeta) -> None:
    """What the engine needs beyond a readable header: a known, generative architecture and
    weights (llama.cpp's vocabulary-only files have none; the tokenizer view reads them)."""
    _check_architecture(path, meta.architecture)
    if not meta.n_tensors:
        raise GGUFError(
            "unsupported_architecture",
            f"{path.name} holds a vocabulary only, no model weights.",
            "Its tokens can be shown in the tokenizer view; pick a full model to chat.",
        )


def _check_architecture(path: Path, arch: str) -> None:
    try:
        from gguf import MODEL_ARCH_NAMES

        known = set(MODEL_ARCH_NAMES.values())
    except ImportError:  # without the gguf package, llama.cpp itself is the judge
        known = {arch}

    if not arch:
        raise GGUFError(
            "corrupt",
            f"{path.name} does not say which model architecture it holds.",
            _REDOWNLOAD,
        )
    if arch in NON_GENERATIVE_ARCHITECTURES:
        raise GGUFError(
            "unsupported_architecture",
            f"{path.name} is a '{arch}' model, which cannot generate text.",
            "It is a vision projector, audio decoder or embedding model; pick a chat or base "
            "language model instead.",
        )
    if arch not in known:
        raise GGUFError(
            "unsupported_architecture",
            f"{path.name} uses the '{arch}' architecture, which this llama.cpp build does not "
            "support.",
            "Pick another model, or update Tessera (a newer llama-cpp-python may support it).",
        )
