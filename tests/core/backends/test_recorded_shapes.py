"""vLLM and Ollama as their docs describe them: Tessera reads the documented answers, and the
emulator the behavioural tests use answers with (at least) the documented keys."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import pytest

from desktop.core.backends import create_backend
from desktop.core.backends.config import BackendConfig
from desktop.core.backends.errors import from_status
from desktop.core.backends.ollama import OllamaBackend
from desktop.core.backends.openai_chat import chat_tokens
from desktop.core.tools.gbnf import GrammarError, check_gbnf
from tests.fixtures import recorded_shapes as docs
from tests.fixtures.model_emulator import OLLAMA_MODEL, VLLM_MODEL


class _Static(BaseHTTPRequestHandler):
    answers: dict[str, object] = {}

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        data = self.answers.get(self.path)
        payload = json.dumps(data).encode()
        self.send_response(200 if data is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer  # noqa: N815

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def static() -> Iterator:
    """A server that answers each path with one recorded document."""

    def serve(answers: dict[str, object]) -> str:
        _Static.answers = answers
        return f"http://127.0.0.1:{server.server_address[1]}"

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Static)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield serve
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_ollama_as_documented_is_detected_listed_and_described(static) -> None:
    url = static(
        {
            "/api/version": docs.OLLAMA_VERSION,
            "/api/tags": docs.OLLAMA_TAGS,
            "/api/show": docs.OLLAMA_SHOW,
        }
    )
    backend = create_backend(BackendConfig.create("o", url, "ollama"))
    try:
        (model,) = backend.list_models()
        assert (model.id, model.n_params, model.quantization, model.architecture) == (
            "codellama:13b", 13_000_000_000, "Q4_0", "llama",
        )  # fmt: skip
        info = backend.model_info("codellama:13b")
        assert (info.context_length, info.n_vocab, info.n_params) == (8192, 128256, 8030261248)
        assert info.chat_template.startswith("{{ if .System }}")
        caps = backend.probe().capabilities
        assert (caps.server_kind, caps.server_version, caps.tokenizer) == (
            "ollama",
            "0.12.11",
            False,
        )
        assert caps.why_not("tokenizer").code == "backends.no_tokenizer"
    finally:
        backend.close()


def test_an_ollama_model_without_tools_in_its_capabilities_is_sent_none(static) -> None:
    url = static(
        {
            "/api/version": docs.OLLAMA_VERSION,
            "/api/tags": docs.OLLAMA_TAGS,
            "/api/show": {**docs.OLLAMA_SHOW, **docs.OLLAMA_SHOW_CAPABILITIES},
        }
    )
    backend = create_backend(BackendConfig.create("o", url, "ollama"))
    try:
        caps = backend.probe().capabilities
        assert (caps.json_schema, caps.tools) == (True, False)
        assert str(caps.why_not("tools")).startswith(
            "The server (Ollama) does not offer tool calling for this model"
        )
    finally:
        backend.close()


def test_vllm_models_as_documented_are_listed(static) -> None:
    url = static({"/v1/models": docs.VLLM_MODELS, "/version": {"version": "0.11.0"}})
    backend = create_backend(BackendConfig.create("v", url + "/v1", "openai"))
    try:
        assert [m.id for m in backend.list_models()] == ["facebook/opt-125m"]
        caps = backend.probe().capabilities
        assert (caps.server_kind, caps.server_version) == ("vllm", "0.11.0")
    finally:
        backend.close()


def test_documented_logprobs_become_tokens_with_sorted_alternatives() -> None:
    (ollama,) = OllamaBackend._tokens(docs.OLLAMA_GENERATE_LOGPROBS_CHUNK)
    assert (ollama.text, ollama.piece, ollama.logprob) == ("The", b"The", -0.8361086845397949)
    assert [a.text for a in ollama.top] == ["The", "Okay", "That"]
    (chat,) = chat_tokens(docs.VLLM_CHAT_LOGPROBS_CHUNK["choices"][0])
    assert (chat.text, chat.piece, chat.logprob) == ("Hello", b"Hello", -0.31725305)
    assert [a.text for a in chat.top] == ["Hello", "Hi"]
    assert chat_tokens(docs.VLLM_CHAT_FIRST_CHUNK["choices"][0]) == []


def test_documented_not_found_answers_name_the_model() -> None:
    for body, model in ((docs.OLLAMA_NOT_FOUND, "llama3.3"), (docs.VLLM_NOT_FOUND, "gpt-9")):
        error = from_status(404, json.dumps(body), "http://x", "/api/chat", model=model)
        assert error.kind == "unknown_model" and model in str(error)


def _keys_present(documented: dict, answered: dict, where: str) -> None:
    missing = sorted(set(documented) - set(answered))
    assert not missing, f"{where}: the emulator lacks documented keys {missing}"


def _sse(response: httpx2.Response) -> list[dict]:
    out = []
    for line in response.iter_lines():
        if line.startswith("data: ") and line != "data: [DONE]":
            out.append(json.loads(line[6:]))
    return out


def test_the_vllm_emulator_answers_with_the_documented_keys(vllm_emulator) -> None:
    url = vllm_emulator.url
    models = httpx2.get(f"{url}/v1/models").json()
    _keys_present(docs.VLLM_MODELS["data"][0], models["data"][0], "/v1/models")
    tokens = httpx2.post(f"{url}/tokenize", json={"model": VLLM_MODEL, "prompt": "hi"}).json()
    _keys_present(docs.VLLM_TOKENIZE, tokens, "/tokenize")
    detok = httpx2.post(f"{url}/detokenize", json={"model": VLLM_MODEL, "tokens": tokens["tokens"]})
    _keys_present(docs.VLLM_DETOKENIZE, detok.json(), "/detokenize")
    body = {"model": VLLM_MODEL, "messages": [{"role": "user", "content": "hi"}], "stream": True,
            "max_tokens": 3, "logprobs": True, "top_logprobs": 2}  # fmt: skip
    with httpx2.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=60) as response:
        first, second, *_ = _sse(response)
    for doc, got in ((docs.VLLM_CHAT_FIRST_CHUNK, first), (docs.VLLM_CHAT_LOGPROBS_CHUNK, second)):
        _keys_present(doc, got, "chat chunk")
        _keys_present(doc["choices"][0], got["choices"][0], "chat chunk choice")
    doc_entry = docs.VLLM_CHAT_LOGPROBS_CHUNK["choices"][0]["logprobs"]["content"][0]
    _keys_present(doc_entry, second["choices"][0]["logprobs"]["content"][0], "logprobs entry")


def test_the_ollama_emulator_answers_with_the_documented_keys(ollama_emulator) -> None:
    url = ollama_emulator.url
    tags = httpx2.get(f"{url}/api/tags").json()
    _keys_present(docs.OLLAMA_TAGS["models"][0], tags["models"][0], "/api/tags")
    _keys_present(docs.OLLAMA_TAGS["models"][0]["details"], tags["models"][0]["details"], "details")
    show = httpx2.post(f"{url}/api/show", json={"model": OLLAMA_MODEL}).json()
    _keys_present(docs.OLLAMA_SHOW, show, "/api/show")
    body = {"model": OLLAMA_MODEL, "messages": [{"role": "user", "content": "hi"}],
            "options": {"num_predict": 3}, "logprobs": True, "top_logprobs": 3}  # fmt: skip
    with httpx2.stream("POST", f"{url}/api/chat", json=body, timeout=60) as response:
        chunks = [json.loads(line) for line in response.iter_lines() if line.strip()]
    _keys_present(docs.OLLAMA_CHAT_CHUNK, chunks[0], "/api/chat chunk")
    _keys_present({"role": 0, "content": 0}, chunks[0]["message"], "/api/chat message")
    _keys_present(docs.OLLAMA_CHAT_FINAL, chunks[-1], "/api/chat final")
    doc_entry = docs.OLLAMA_GENERATE_LOGPROBS_CHUNK["logprobs"][0]
    _keys_present(doc_entry, chunks[0]["logprobs"][0], "logprobs entry")


def test_the_emulators_answer_structured_and_tool_requests_as_documented(
    vllm_emulator, ollama_emulator
) -> None:
    # vLLM: the documented request shapes are taken, and a streamed call has OpenAI's keys.
    url = vllm_emulator.url
    ask = {"model": VLLM_MODEL, "messages": [{"role": "user", "content": "hi"}],
           "max_tokens": 200, "seed": 1}  # fmt: skip
    done = httpx2.post(f"{url}/v1/chat/completions", timeout=60,
                       json={**ask, "response_format": docs.VLLM_RESPONSE_FORMAT}).json()  # fmt: skip
    # The documented schema's strings are unbounded: a random model may not finish one.
    assert re.match(r'\{\s*"brand"\s*:\s*"', done["choices"][0]["message"]["content"])
    # Its documented grammar is not llama.cpp's GBNF: why a GBNF grammar is not sent to vLLM.
    with pytest.raises(GrammarError, match="line 2"):
        check_gbnf(docs.VLLM_STRUCTURED_GRAMMAR["structured_outputs"]["grammar"])
    body = {**ask, "stream": True, "tools": docs.VLLM_TOOLS, "tool_choice": "required"}
    with httpx2.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=60) as response:
        chunks = _sse(response)
    doc_first, doc_piece = (c["choices"][0] for c in docs.VLLM_TOOL_CALL_CHUNKS[:2])
    named = next(c["choices"][0] for c in chunks if c["choices"][0]["delta"].get("tool_calls"))
    _keys_present(doc_first, named, "tool call chunk choice")
    _keys_present(doc_first["delta"]["tool_calls"][0], named["delta"]["tool_calls"][0], "call")
    piece = chunks[chunks.index(next(c for c in chunks if c["choices"][0] is named)) + 1]
    _keys_present(doc_piece["delta"]["tool_calls"][0], piece["choices"][0]["delta"]["tool_calls"][0],
                  "call arguments delta")  # fmt: skip
    assert [c["choices"][0]["finish_reason"] for c in chunks][-1] == "tool_calls"
    # Ollama: `format` as documented, and a streamed call with the documented keys.
    url = ollama_emulator.url
    request = {**docs.OLLAMA_STRUCTURED_REQUEST, "model": OLLAMA_MODEL,
               "options": {"num_predict": 60, "seed": 1}}  # fmt: skip
    answer = httpx2.post(f"{url}/api/chat", json=request, timeout=60).json()
    _keys_present(docs.OLLAMA_STRUCTURED_RESPONSE, answer, "structured reply")
    assert set(json.loads(answer["message"]["content"])) == {"age", "available"}
    request = {**docs.OLLAMA_TOOLS_REQUEST, "model": OLLAMA_MODEL,
               "options": {"num_predict": 200, "seed": 1}}  # fmt: skip
    with httpx2.stream("POST", f"{url}/api/chat", json=request, timeout=60) as response:
        chunks = [json.loads(line) for line in response.iter_lines() if line.strip()]
    _keys_present(docs.OLLAMA_TOOL_CALL_CHUNK, chunks[0], "tool call chunk")
    (call,) = chunks[0]["message"]["tool_calls"]
    _keys_present(docs.OLLAMA_TOOL_CALL_CHUNK["message"]["tool_calls"][0]["function"],
                  call["function"], "call")  # fmt: skip
    assert call["function"]["arguments"]["format"] in ("celsius", "fahrenheit")
    show = httpx2.post(f"{url}/api/show", json={"model": OLLAMA_MODEL}).json()
    _keys_present(docs.OLLAMA_SHOW_CAPABILITIES, show, "/api/show capabilities")
