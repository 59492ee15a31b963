"""HttpEmbedder: embeddings from any server with an OpenAI-style POST /v1/embeddings.

Plain HTTP with the standard library (llama-server, vLLM, LM Studio, Ollama's OpenAI API and
OpenAI itself answer it). The backends work (desktop/core/backends) resolves `backend:NAME` to
a base URL, model and key; this class only needs those. Servers rarely expose their tokenizer,
so chunk sizes use the estimate in embedder.approximate_tokens (`exact_tokens=False`).
"""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

import numpy as np

from desktop.core.knowledge.embedder import EmbedderError, EmbedderInfo, approximate_counts
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec

HTTP_FAILED = MessageSpec(
    "knowledge.http_embedder_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "The embedding server at {url} failed: {detail}"),
)
BATCH = 64


class HttpEmbedder:
    def __init__(
        self,
        base_url: str,
        *,
        model: str = "",
        api_key: str | None = None,
        spec: str | None = None,
        timeout: float = 120.0,
        max_tokens: int = 512,
    ) -> None:
        base = base_url.rstrip("/")
        self.url = (
            base
            if base.endswith("/embeddings")
            else (base + "/embeddings" if base.endswith("/v1") else base + "/v1/embeddings")
        )
        self.model = model
        self._api_key = api_key
        self._spec = spec or f"backend:{base_url}" + (f"#{model}" if model else "")
        self._timeout = timeout
        self._max_tokens = max_tokens
        self._dimension: int | None = None
        self._lock = threading.Lock()

    @property
    def info(self) -> EmbedderInfo:
        if self._dimension is None:
            self.embed(["dimension probe"])
        assert self._dimension is not None
        name = self.model or self.url
        key = hashlib.sha256(f"{self.url}|{self.model}".encode()).hexdigest()[:16]
        return EmbedderInfo(
            spec=self._spec,
            name=name,
            dimension=self._dimension,
            identity=f"http:{key}:{self._dimension}",
            max_tokens=self._max_tokens,
            exact_tokens=False,
        )

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return approximate_counts(texts)

    def embed(self, texts: Sequence[str]) -> Any:
        rows: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            rows.extend(self._post(list(texts[start : start + BATCH])))
        out = np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        if self._dimension is None and len(out):
            self._dimension = int(out.shape[1])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def _post(self, texts: list[str]) -> list[list[float]]:
        body: dict[str, Any] = {"input": texts, "encoding_format": "float"}
        if self.model:
            body["model"] = self.model
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with self._lock, urllib.request.urlopen(request, timeout=self._timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = f"HTTP {exc.code} {exc.reason}"
            raise EmbedderError(HTTP_FAILED(url=self.url, detail=detail)) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EmbedderError(HTTP_FAILED(url=self.url, detail=str(reason))) from None
        try:
            data = sorted(payload["data"], key=lambda d: d.get("index", 0))
            vectors = [list(map(float, d["embedding"])) for d in data]
        except (KeyError, TypeError, ValueError):
            raise EmbedderError(
                HTTP_FAILED(url=self.url, detail="the answer has no data[].embedding")
            ) from None
        if len(vectors) != len(texts):
            raise EmbedderError(
                HTTP_FAILED(url=self.url, detail=f"{len(vectors)} vectors for {len(texts)} texts")
            )
        return vectors

    def close(self) -> None:
        pass
