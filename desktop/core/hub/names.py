"""GGUF file names from the Hub: validation, quantization, and split-file grouping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from desktop.core.hub import errors as E
from desktop.core.hub.errors import HubError

_REPO_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
_SPLIT = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)
_QUANT = re.compile(
    r"(?<![A-Za-z0-9])("
    r"IQ[1-4]_(?:XXS|XS|NL|S|M)"
    r"|TQ[12]_0"
    r"|Q[2-8]_K(?:_(?:XL|S|M|L))?"
    r"|Q[4-8]_[01](?:_\d_\d)?"
    r"|MXFP4(?:_MOE)?"
    r"|BF16|FP16|FP32|F16|F32"
    r")(?![A-Za-z0-9])(?!_[A-Za-z])",
    re.IGNORECASE,
)

# Approximate bits per weight (llama.cpp's figures for 7B-class models): ranks quality and
# estimates sizes when the Hub gives none.
BITS_PER_WEIGHT: dict[str, float] = {
    "IQ1_S": 1.56,
    "IQ1_M": 1.75,
    "TQ1_0": 1.69,
    "TQ2_0": 2.06,
    "IQ2_XXS": 2.06,
    "IQ2_XS": 2.31,
    "IQ2_S": 2.5,
    "IQ2_M": 2.7,
    "Q2_K": 2.96,
    "Q2_K_S": 2.9,
    "Q2_K_L": 3.1,
    "Q2_K_XL": 3.2,
    "IQ3_XXS": 3.06,
    "IQ3_XS": 3.3,
    "IQ3_S": 3.44,
    "IQ3_M": 3.66,
    "Q3_K_S": 3.5,
    "Q3_K_M": 3.91,
    "Q3_K_L": 4.27,
    "Q3_K_XL": 4.4,
    "IQ4_XS": 4.25,
    "IQ4_NL": 4.5,
    "Q4_0": 4.55,
    "Q4_1": 5.0,
    "Q4_K_S": 4.58,
    "Q4_K_M": 4.89,
    "Q4_K_L": 5.0,
    "Q4_K_XL": 5.1,
    "MXFP4": 4.25,
    "MXFP4_MOE": 4.25,
    "Q5_0": 5.54,
    "Q5_1": 6.0,
    "Q5_K_S": 5.52,
    "Q5_K_M": 5.7,
    "Q5_K_L": 5.8,
    "Q5_K_XL": 5.9,
    "Q6_K": 6.56,
    "Q6_K_L": 6.7,
    "Q6_K_XL": 6.8,
    "Q8_0": 8.5,
    "Q8_K_XL": 8.7,
    "F16": 16.0,
    "BF16": 16.0,
    "F32": 32.0,
}


def parse_quantization(filename: str) -> str | None:
    """'Qwen2.5-7B-Instruct-Q4_K_M-00001-of-00002.gguf' -> 'Q4_K_M'; None when absent."""
    name = PurePosixPath(filename).name
    matches = _QUANT.findall(name)
    if not matches:
        return None
    quant = matches[-1].upper()  # the last one: 'llama-3-8b-f16-Q4_K_M.gguf' is Q4_K_M
    return {"FP16": "F16", "FP32": "F32"}.get(quant, quant)


def bits_per_weight(quant: str | None) -> float | None:
    if quant is None:
        return None
    if quant in BITS_PER_WEIGHT:
        return BITS_PER_WEIGHT[quant]
    base = re.sub(r"_\d_\d$", "", quant)  # Q4_0_4_4 repacks share Q4_0's size
    return BITS_PER_WEIGHT.get(base)


def validate_repo_id(repo_id: str) -> str:
    """'owner/name' with safe characters, or HubError('bad_name')."""
    parts = repo_id.split("/") if isinstance(repo_id, str) else []
    if len(parts) != 2 or not all(_REPO_PART.match(p) for p in parts) or ".." in repo_id:
        raise HubError("bad_name", E.BAD_REPO_ID(repo=repo_id))
    return repo_id


def validate_gguf_name(filename: str) -> str:
    """A Hub file path we may write under the repo folder: relative, no '..', ends in .gguf."""
    bad = HubError("bad_name", E.UNSAFE_NAME(name=filename))
    if not isinstance(filename, str) or not filename or len(filename) > 512:
        raise bad
    if any(ord(c) < 32 or c in '\\<>:"|?*' for c in filename):
        raise bad  # control characters, and what Windows cannot store (':' is a stream)
    if filename.startswith("/") or re.match(r"^[A-Za-z]:", filename):
        raise bad
    parts = filename.split("/")
    if any(p in ("", ".", "..") or p.startswith("~") for p in parts):
        raise bad
    if not filename.lower().endswith(".gguf"):
        raise HubError("bad_name", E.NOT_GGUF_NAME(name=filename))
    return filename


def safe_target(repo_dir: Path, filename: str) -> Path:
    """repo_dir / filename after validation, proven not to escape repo_dir (symlinks too)."""
    validate_gguf_name(filename)
    target = (repo_dir / filename).resolve()
    root = repo_dir.resolve()
    if root not in target.parents:
        raise HubError("bad_name", E.OUTSIDE_FOLDER(name=filename, folder=str(root)))
    return target


@dataclass(frozen=True)
class SplitInfo:
    stem: str  # path without the -0000i-of-0000n.gguf suffix
    index: int
    count: int


def parse_split(filename: str) -> SplitInfo | None:
    m = _SPLIT.match(filename)
    if not m:
        return None
    index, count = int(m["index"]), int(m["count"])
    if not 1 <= index <= count:
        return None
    return SplitInfo(m["stem"], index, count)


def is_projector(filename: str) -> bool:
    """Multimodal projector files (mmproj-*.gguf) are not chat models on their own."""
    return "mmproj" in PurePosixPath(filename).name.lower()


def group_gguf_files(filenames: list[str]) -> list[list[str]]:
    """Groups names into models: a single file, or all parts of a split (sorted by index).

    A split with missing parts stays a group of what is there; callers check completeness
    with `split_complete`. Order follows the first appearance of each model.
    """
    groups: dict[tuple[str, int] | str, list[str]] = {}
    for name in filenames:
        split = parse_split(name)
        key: tuple[str, int] | str = (split.stem, split.count) if split else name
        groups.setdefault(key, []).append(name)
    result = []
    for members in groups.values():
        members.sort(key=lambda n: parse_split(n).index if parse_split(n) else 0)  # type: ignore[union-attr]
        result.append(members)
    return result


def split_complete(members: list[str]) -> bool:
    split = parse_split(members[0])
    if split is None:
        return len(members) == 1
    indexes = sorted(s.index for m in members if (s := parse_split(m)))
    return indexes == list(range(1, split.count + 1))
