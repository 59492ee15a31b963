"""How a model reads in pickers: a friendly name, its size label and quantization.

"Qwen2.5-0.5B-Instruct · Q4_K_M" rather than "qwen2.5-0.5b-instruct-q4_k_m.gguf". The name
comes from the Hub repository the file was downloaded from, else the GGUF's `general.name`
(when the caller has read the header), else the file name without its quantization and
split suffix. The parameter count is added when the name does not already say it.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from desktop.core.hub.names import parse_quantization, parse_split
from desktop.core.units import format_params

_GGUF_SUFFIX = re.compile(r"[-_. ]gguf$", re.IGNORECASE)
_SEPARATORS = "-_. "
# "0.5B", "7b", "135M", "8x7B" in a name: it already says its size.
_SIZE_IN_NAME = re.compile(r"(?<![A-Za-z0-9.])(?:\d+x)?\d+(?:\.\d+)?\s?[BMK](?![A-Za-z])", re.I)


def base_name(file_name: str, hub_repo: str | None = None, general_name: str | None = None) -> str:
    """The model's name without quantization: repo name, general.name or file stem."""
    if hub_repo:
        repo = hub_repo.rsplit("/", 1)[-1]
        cleaned = _GGUF_SUFFIX.sub("", repo).strip(_SEPARATORS)
        if cleaned:
            return cleaned
    if general_name and general_name.strip():
        return general_name.strip()
    name = PurePath(file_name).name
    split = parse_split(name)
    stem = split.stem if split is not None else PurePath(name).stem
    quant = parse_quantization(name)
    if quant:
        # The quantization is shown on its own: drop it (and what joins it) from the stem.
        pattern = re.compile(r"[-_. ]*" + re.escape(quant) + r"$", re.IGNORECASE)
        stripped = pattern.sub("", stem)
        stem = stripped or stem
    return stem.strip(_SEPARATORS) or name


def display_name(
    file_name: str,
    *,
    hub_repo: str | None = None,
    general_name: str | None = None,
    size_label: str | None = None,
    n_params: int | None = None,
    quantization: str | None = None,
) -> str:
    """ "Name · 1.5B · Q4_K_M" (parts the name already contains are not repeated)."""
    name = base_name(file_name, hub_repo, general_name)
    parts = [name]
    size = (size_label or "").strip() or (format_params(n_params, "") if n_params else "")
    if size and not _SIZE_IN_NAME.search(name):
        parts.append(size)
    quant = quantization or parse_quantization(PurePath(file_name).name)
    if quant and quant.upper() not in name.upper():
        parts.append(quant)
    return " · ".join(parts)
