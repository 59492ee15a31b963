"""Walk the bytes of a GGUF header: metadata key/values and the tensor table, no weights.

Parsing is ours (a walk of the header bytes with `struct`), using the `gguf` package for the
format's constants only. It is fast on 100k-token vocabularies: string arrays are skipped with
numpy (`strings.py`) and kept as offsets, so only the strings a caller asks for are decoded.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.gguf import errors as E
from desktop.core.gguf.errors import GGUFError, GGUFHeaderTruncated
from desktop.core.gguf.strings import StringArrayTruncated, string_array_end, string_at

GGUF_MAGIC = b"GGUF"
DEFAULT_ALIGNMENT = 32

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

# Arrays kept in full in `RawHeader.metadata`; longer ones are summarised by their length.
_MAX_ARRAY_KEEP = 64

# Arrays whose contents the metadata needs (token texts for BOS/EOS and control tokens).
FULL_ARRAYS = frozenset({"tokenizer.ggml.tokens", "tokenizer.ggml.token_type"})


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
class StringArray:
    """A string array left in the header bytes: where each string is, decoded on demand."""

    buf: Any
    offsets: Any  # numpy int64, one per string

    def __len__(self) -> int:
        return len(self.offsets)

    def text(self, index: int) -> str:
        return string_at(self.buf, int(self.offsets[index])).decode("utf-8", errors="replace")


EMPTY_STRINGS = StringArray(b"", ())


@dataclass(frozen=True)
class RawHeader:
    """The header as stored: every key (long arrays as "<array[N]>"), the FULL_ARRAYS in
    full (numbers as numpy arrays, strings as StringArray), and the tensor table."""

    version: int
    metadata: dict[str, Any]
    full_arrays: dict[str, Any]
    tensors: list[TensorInfo]
    data_offset: int  # where the tensor data starts (aligned)
    data_end: int  # where the last tensor's data ends


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


def _read_value(cur: _Cursor, vtype: int, key: str, want_full: bool) -> Any:
    """The value at the cursor. Arrays longer than _MAX_ARRAY_KEEP become "<array[N]>" unless
    `want_full`: then numbers come as a numpy array and strings as `StringArray`."""
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
                return StringArray(cur.buf, offsets)
            cur.skip_strings(count)
            return f"<array[{count}]>"
        if item_type == _ARRAY:
            cur.need(count * 12)  # each inner array has at least its type and count
            return [_read_value(cur, _ARRAY, key, False) for _ in range(count)]
        raise GGUFError("corrupt", E.UNKNOWN_VALUE_TYPE(type=item_type, key=key))
    raise GGUFError("corrupt", E.UNKNOWN_VALUE_TYPE(type=vtype, key=key))


def _tensor_bytes(ggml_type: int, n_elements: int) -> int:
    try:
        from gguf import GGML_QUANT_SIZES, GGMLQuantizationType
    except ImportError:  # a bare checkout (e.g. `tessera bench` on a GPU box): F32/F16 only
        return n_elements * {0: 4, 1: 2, 30: 2}.get(ggml_type, 0)

    try:
        block_size, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(ggml_type)]
    except (ValueError, KeyError):
        raise GGUFError(
            "corrupt", E.UNKNOWN_QUANT(type=ggml_type), E.UNKNOWN_QUANT_HINT()
        ) from None
    return n_elements // block_size * type_size


def format_bytes(n: float) -> str:
    """A size as messages about truncated files state it ("1.5 MB")."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def read_raw_header(buf: Any, size: int, path: Path) -> RawHeader:
    """Walk the header at the start of `buf` (bytes, bytearray, memoryview or mmap), which may
    be a prefix of a file of `size` bytes. Raises GGUFHeaderTruncated when the header runs past
    the end of `buf`, GGUFError for anything else that is not a readable GGUF header."""
    name = path.name
    if size < 4:
        spec = E.EMPTY if size == 0 else E.TOO_SMALL
        raise GGUFError("not_gguf", spec(name=name), E.DOWNLOAD_OR_PICK())
    if len(buf) >= 4 and bytes(buf[:4]) != GGUF_MAGIC:
        raise GGUFError("not_gguf", E.NOT_GGUF(name=name), E.NOT_GGUF_HINT())
    cur = _Cursor(buf, 4)
    try:
        version = cur.u32()
        if version not in (2, 3):
            raise GGUFError(
                "corrupt", E.BAD_VERSION(name=name, version=version), E.BAD_VERSION_HINT()
            )
        n_tensors = cur.u64()
        n_kv = cur.u64()
        if n_tensors > 1_000_000 or n_kv > 1_000_000:
            raise GGUFError("corrupt", E.DAMAGED_HEADER(name=name), E.REDOWNLOAD())
        metadata: dict[str, Any] = {}
        full: dict[str, Any] = {}
        for _ in range(n_kv):
            key = cur.string()
            vtype = cur.u32()
            want_full = key in FULL_ARRAYS
            value = _read_value(cur, vtype, key, want_full)
            if want_full and not isinstance(value, (int, float, str)):
                full[key] = value
                metadata[key] = f"<array[{len(value)}]>"
            else:
                metadata[key] = value
        tensors: list[TensorInfo] = []
        for _ in range(n_tensors):
            tensor_name = cur.string()
            n_dims = cur.u32()
            if n_dims > 8:
                raise GGUFError("corrupt", E.DAMAGED_TENSORS(name=name), E.REDOWNLOAD())
            shape = tuple(cur.u64() for _ in range(n_dims))
            ggml_type = cur.u32()
            offset = cur.u64()
            n = 1
            for d in shape:
                n *= d
            tensors.append(
                TensorInfo(tensor_name, shape, ggml_type, offset, _tensor_bytes(ggml_type, n))
            )
    except _Truncated:
        raise GGUFHeaderTruncated("corrupt", E.HEADER_CUT(name=name), E.REDOWNLOAD()) from None

    alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT) or DEFAULT_ALIGNMENT
    if not isinstance(alignment, int) or alignment < 1:
        raise GGUFError("corrupt", E.DAMAGED_HEADER(name=name), E.REDOWNLOAD())
    data_offset = (cur.pos + alignment - 1) // alignment * alignment
    data_end = max((data_offset + t.offset + t.n_bytes for t in tensors), default=cur.pos)
    if data_end > size:
        raise GGUFError(
            "corrupt",
            E.DATA_CUT(name=name, size=format_bytes(size), needed=format_bytes(data_end)),
            E.REDOWNLOAD(),
        )
    return RawHeader(version, metadata, full, tensors, data_offset, data_end)
