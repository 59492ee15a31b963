"""Where Tessera keeps user data: one root folder, movable with --data-dir or TESSERA_DATA_DIR."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "TESSERA_DATA_DIR"


def default_data_dir() -> Path:
    try:
        import platformdirs
    except ImportError:  # a bare checkout running `tessera bench`: the same folders by hand
        return _fallback_data_dir()
    return Path(platformdirs.user_data_dir("tessera", appauthor=False))


def _fallback_data_dir() -> Path:
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "tessera"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "tessera"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "tessera"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins over TESSERA_DATA_DIR, which wins over the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """Every location under the data root. Folders are created on demand by `ensure()`."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "tessera.db"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def downloads(self) -> Path:
        return self.root / "downloads"

    @property
    def tiktoken_cache(self) -> Path:
        return self.root / "cache" / "tiktoken"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def cache(self) -> Path:
        """Facts worth keeping between runs but safe to delete (build probe, tiktoken)."""
        return self.root / "cache"

    def ensure(self) -> DataPaths:
        for folder in (self.root, self.models, self.downloads, self.tiktoken_cache, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def resolve(cls, explicit: str | os.PathLike[str] | None = None) -> DataPaths:
        return cls(resolve_data_dir(explicit))
