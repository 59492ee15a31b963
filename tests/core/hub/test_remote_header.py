"""Exact fit estimates from a GGUF header read from the Hub with one Range request."""

from __future__ import annotations

from desktop.core.models.fit import shape_from_meta


def test_header_is_read_with_a_range_request(hub, service, tiny_model_path) -> None:
    data = tiny_model_path.read_bytes()
    hub.add_repo("acme/Real-GGUF", {"real-F16.gguf": data, "real-Q8_0.gguf": data + b"\0" * 10})
    listing = service.list_files("acme/Real-GGUF")
    meta = service.model_meta(listing)
    assert meta is not None and meta.architecture == "llama" and meta.n_layers == 2
    assert shape_from_meta(meta).exact
    (request,) = hub.requests_for("real-F16.gguf", origin="cdn")  # the smallest file only
    assert request.headers["range"] == f"bytes=0-{len(data) - 1}"


def test_unreadable_headers_fall_back_to_none(hub, tiny_repo, service) -> None:
    from tests.fixtures.hub import REPO

    assert service.model_meta(service.list_files(REPO)) is None  # random bytes, not GGUF
    hub.add_repo("acme/Empty-GGUF", {"mmproj-x.gguf": b"x"})
    assert service.model_meta(service.list_files("acme/Empty-GGUF")) is None


def test_a_header_bigger_than_the_first_range_is_read_with_a_second(hub, service, tmp_path) -> None:
    from desktop.core.hub.remote_header import PREFIX_SIZES
    from tests.core.gguf.test_meta_vocab import _write_vocab_gguf

    n = 300_000  # ~5 MB of tokens: more than the first Range request fetches
    tokens = [b"tok%06d" % i for i in range(n)]
    types = [1] * n
    tokens[n - 5], types[n - 5] = b"<|end|>", 3
    data, _ = _write_vocab_gguf(tmp_path / "big.gguf", tokens, types, merges=[b"t o"] * 100)
    assert len(data) > PREFIX_SIZES[0]
    hub.add_repo("acme/Big-GGUF", {"big-F16.gguf": data})
    meta = service.model_meta(service.list_files("acme/Big-GGUF"))
    assert meta is not None
    assert meta.n_vocab == n and meta.control_tokens == {"<|end|>": n - 5}
    assert len(hub.requests_for("big-F16.gguf", origin="cdn")) == 2
