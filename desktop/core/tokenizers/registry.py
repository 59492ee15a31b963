"""Finds, loads and keeps tokenizers by spec (`model:PATH`, `tiktoken:NAME`, `backend:NAME`)
for the whole app."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from desktop.core.messages import UserError, plain
from desktop.core.tokenizers import base as E
from desktop.core.tokenizers.base import Tokenizer, TokenizerError
from desktop.core.tokenizers.tiktoken_cache import TiktokenCache

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop.core.messages import Message

SpecKind = Literal["model", "tiktoken", "tiktoken_file", "backend"]
BackendResolver = Callable[[str], Any]  # a backend's name -> desktop.core.backends.Backend


@dataclass(frozen=True)
class TokenizerSpec:
    kind: SpecKind
    target: str  # a path or an encoding name

    @property
    def text(self) -> str:
        prefix = self.kind if self.kind in ("model", "backend") else "tiktoken"
        return f"{prefix}:{self.target}"


def parse_spec(spec: str) -> TokenizerSpec:
    """`model:PATH`, `tiktoken:NAME`, `tiktoken:FILE.tiktoken`, `backend:NAME` (a server's own
    tokenizer); a bare .gguf path or name works too."""
    spec = spec.strip()
    prefix, sep, rest = spec.partition(":")
    if sep and prefix == "backend" and rest.strip():
        return TokenizerSpec("backend", rest.strip())
    if sep and prefix in ("model", "tiktoken") and rest:
        if prefix == "model":
            return TokenizerSpec("model", str(Path(rest).expanduser()))
        if rest.endswith(".tiktoken") or "/" in rest or "\\" in rest:
            return TokenizerSpec("tiktoken_file", str(Path(rest).expanduser()))
        return TokenizerSpec("tiktoken", rest)
    if spec.lower().endswith(".gguf"):
        return TokenizerSpec("model", str(Path(spec).expanduser()))
    if spec and not sep and spec.replace("_", "").isalnum():
        return TokenizerSpec("tiktoken", spec)
    raise TokenizerError(E.NOT_A_TOKENIZER(spec=spec), E.NOT_A_TOKENIZER_HINT())


@dataclass(frozen=True)
class TokenizerChoice:
    """One entry of a tokenizer picker."""

    spec: str
    label: str
    kind: Literal["model", "tiktoken", "backend"]
    offline: bool  # loads without the network
    loaded_model: bool = False  # the chat's model: the engine's file, or the chat's server


class TokenizerRegistry:
    """Thread-safe: the panel loads on a worker thread while the composer counts on the GUI's."""

    def __init__(
        self, tiktoken_cache: TiktokenCache, backends: BackendResolver | None = None
    ) -> None:
        self.tiktoken_cache = tiktoken_cache
        self._backends = backends
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}
        self._tokenizers: dict[str, Tokenizer] = {}
        self._models: list[Path] = []
        self._loaded_model: Path | None = None
        self._backend_names: list[str] = []
        self._chat_backend: str | None = None
        self._preloads: list[threading.Thread] = []
        self._template_overrides: dict[Path, str] = {}

    # ------------------------------------------------------------------ choices

    def add_model(self, path: str | Path) -> str:
        """Offers a local GGUF in `choices()`; returns its spec. Nothing is loaded yet."""
        resolved = Path(path).expanduser().resolve()
        with self._lock:
            if resolved not in self._models:
                self._models.append(resolved)
        return f"model:{resolved}"

    def set_loaded_model(self, path: str | Path | None, *, preload: bool = True) -> str | None:
        """The engine's current model, listed first; None when no model is loaded.

        Its vocabulary is loaded in the background right away, so the tokenizer panel and the
        composer's count have it ready when they ask.
        """
        spec = self.add_model(path) if path is not None else None
        with self._lock:
            self._loaded_model = Path(spec[len("model:") :]) if spec else None
        if spec and preload:
            self.preload(spec)
        return spec

    def preload(self, spec: str) -> None:
        """Load `spec` on a background thread (errors surface on the next `get`)."""

        def run() -> None:
            try:
                self.get(spec)
            except TokenizerError:
                pass  # the next `get` raises it again, where the user sees it
            except Exception:
                log.exception("preloading the tokenizer %s failed", spec)

        thread = threading.Thread(target=run, name=f"tokenizer-preload {spec}", daemon=True)
        with self._lock:
            self._preloads = [t for t in self._preloads if t.is_alive()]
            self._preloads.append(thread)
        thread.start()

    def set_template_override(self, path: str | Path, override: str | None) -> None:
        """The chat template the user chose for this model (a built-in's name or Jinja), for
        prompt mode; None: the model's own (or the one chosen for it)."""
        resolved = Path(path).expanduser().resolve()
        with self._lock:
            if override:
                self._template_overrides[resolved] = override
            else:
                self._template_overrides.pop(resolved, None)

    def template_override(self, spec: str) -> str | None:
        if not spec.startswith("model:"):
            return None
        with self._lock:
            return self._template_overrides.get(Path(spec[len("model:") :]))

    @property
    def loaded_model_spec(self) -> str | None:
        return f"model:{self._loaded_model}" if self._loaded_model else None

    def set_backends(self, names: list[str]) -> None:
        """The saved backends, offered in `choices()` as `backend:NAME` (each one's own
        tokenizer, or tiktoken o200k as an estimate: see `for_backend`)."""
        with self._lock:
            self._backend_names = list(names)

    def set_chat_backend(self, name: str | None) -> None:
        """The chat generates on this backend (None: on the local engine)."""
        with self._lock:
            self._chat_backend = name

    @property
    def chat_spec(self) -> str | None:
        """What the chat's model reads with: `backend:NAME` or the loaded model's spec."""
        with self._lock:
            backend = self._chat_backend
        return f"backend:{backend}" if backend else self.loaded_model_spec

    def choices(self) -> list[TokenizerChoice]:
        with self._lock:
            models = list(self._models)
            loaded = self._loaded_model
            backends = list(self._backend_names)
            chat_backend = self._chat_backend
        result = []
        if chat_backend in backends:
            result.append(
                TokenizerChoice(
                    f"backend:{chat_backend}", chat_backend, "backend", False, loaded_model=True
                )
            )
        if loaded is not None:
            result.append(
                TokenizerChoice(
                    f"model:{loaded}", loaded.name, "model", True, loaded_model=not chat_backend
                )
            )
        result += [
            TokenizerChoice(f"model:{p}", p.name, "model", True) for p in models if p != loaded
        ]
        result += [
            TokenizerChoice(f"backend:{name}", name, "backend", False)
            for name in backends
            if name != chat_backend
        ]
        for name in self.tiktoken_cache.known_names():
            offline = self.tiktoken_cache.is_available(name)
            result.append(TokenizerChoice(f"tiktoken:{name}", name, "tiktoken", offline))
        return result

    # ------------------------------------------------------------------ loading

    def get(self, spec: str) -> Tokenizer:
        """Loads on first use (blocking: call from a worker for big vocabularies), then cached."""
        parsed = parse_spec(spec)
        key = parsed.text
        with self._lock:
            cached = self._tokenizers.get(key)
            if cached is not None:
                return cached
            gate = self._loading.setdefault(key, threading.Lock())
        with gate:  # two callers asking for the same tokenizer load it once
            with self._lock:
                cached = self._tokenizers.get(key)
            if cached is not None:
                return cached
            tokenizer = self._load(parsed)
            with self._lock:
                self._tokenizers[key] = tokenizer
                if parsed.kind == "model":
                    path = Path(parsed.target).resolve()
                    if path not in self._models:
                        self._models.append(path)
            return tokenizer

    def loaded(self, spec: str) -> Tokenizer | None:
        """The tokenizer if it is already in memory (never loads)."""
        try:
            key = parse_spec(spec).text
        except TokenizerError:
            return None
        with self._lock:
            return self._tokenizers.get(key)

    def unload(self, spec: str) -> bool:
        """Close and forget a loaded tokenizer (the next `get` loads it again); False if it
        was not loaded."""
        try:
            key = parse_spec(spec).text
        except TokenizerError:
            return False
        with self._lock:
            tokenizer = self._tokenizers.pop(key, None)
        if tokenizer is None:
            return False
        tokenizer.close()
        return True

    def for_backend(self, name: str) -> tuple[Tokenizer, Message | None]:
        """The server's own tokenizer, or, for a server that has none, tiktoken o200k as an
        estimate together with the Message that says so (to show beside the counts)."""
        from desktop.core.backends.capabilities import ESTIMATE_TOKENIZER

        backend = self._backend(name)
        caps = backend.capabilities()
        if caps.tokenizer:
            return self.get(f"backend:{name}"), None
        return self.get(ESTIMATE_TOKENIZER), caps.why_not("tokenizer")

    def _backend(self, name: str) -> Any:
        if self._backends is None:
            raise TokenizerError(E.BACKENDS_UNAVAILABLE(spec=f"backend:{name}"))
        try:
            return self._backends(name)
        except LookupError as exc:
            raise TokenizerError(
                exc.user_message if isinstance(exc, UserError) else plain(str(exc))
            ) from exc

    def _load(self, spec: TokenizerSpec) -> Tokenizer:
        if spec.kind == "backend":
            from desktop.core.tokenizers.remote import RemoteTokenizer

            backend = self._backend(spec.target)
            reason = backend.capabilities().why_not("tokenizer")
            if not backend.capabilities().tokenizer:
                raise TokenizerError(reason or E.NO_REMOTE_TOKENIZER(name=spec.target))
            return RemoteTokenizer(backend)
        if spec.kind == "model":
            from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer

            return ModelVocabTokenizer(spec.target)
        from desktop.core.tokenizers.tiktoken_tokenizer import TiktokenTokenizer

        if spec.kind == "tiktoken_file":
            encoding = TiktokenCache.load_file(Path(spec.target))
            return TiktokenTokenizer(encoding, spec=spec.text)
        return TiktokenTokenizer(self.tiktoken_cache.load(spec.target), spec=spec.text)

    def count_tokens(self, spec: str, text: str) -> int:
        """What `text` costs in this tokenizer (loads it first if needed: may block)."""
        return self.get(spec).count_tokens(text)

    def live_count(self, text: str, spec: str | None = None) -> int | None:
        """For a count shown while typing: never blocks on loading.

        Counts with `spec` (default: the loaded model) if that tokenizer is in memory;
        otherwise starts loading it in the background and returns None ("counting…").
        """
        spec = spec or self.loaded_model_spec
        if spec is None:
            return None
        tokenizer = self.loaded(spec)
        if tokenizer is None:
            self.preload(spec)
            return None
        return tokenizer.count_tokens(text)

    def close(self) -> None:
        with self._lock:
            preloads = list(self._preloads)
        for thread in preloads:
            thread.join(timeout=30)
        with self._lock:
            tokenizers = list(self._tokenizers.values())
            self._tokenizers.clear()
        for tokenizer in tokenizers:
            tokenizer.close()
