"""The engine process dies mid-reply: that request gets a clean 503, the server keeps
serving, and the next request loads the model again and is answered."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from desktop.core.backends.local import LocalBackend

from .conftest import MODEL_ID, running, tiny_options

CHAT = [{"role": "user", "content": "Hi"}]


def test_a_crash_is_a_503_and_the_next_request_reloads(
    tiny_model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = tiny_options(tiny_model_path)
    monkeypatch.setenv("TESSERA_ENGINE_CRASH_AFTER", "5")  # read by the engine when it starts
    backend = LocalBackend()
    try:
        backend.load(options)
        monkeypatch.delenv("TESSERA_ENGINE_CRASH_AFTER")  # the reloaded engine keeps going
        with running(backend, reload=lambda: backend.load(options)) as api:
            with pytest.raises(openai.InternalServerError) as caught:
                api.client.chat.completions.create(model=MODEL_ID, messages=CHAT, max_tokens=20)
            assert caught.value.status_code == 503
            error = caught.value.response.json()["error"]
            assert error["code"] == "engine_stopped" and "SIGABRT" in error["message"]
            assert "loads the model again" in error["message"]
            # Still listed while it is down: clients that check /v1/models first keep working.
            assert [m.id for m in api.client.models.list().data] == [MODEL_ID]

            reply = api.client.chat.completions.create(
                model=MODEL_ID, messages=CHAT, max_tokens=20, temperature=0
            )
            assert reply.choices[0].finish_reason in ("stop", "length")
            crashed, *_, answered = [r for r in api.service.log.records() if r.endpoint]
            assert (crashed.status, crashed.http_status) == ("failed", 503)
            assert (answered.status, answered.http_status) == ("done", 200)
            assert api.service.needs_reload is False
    finally:
        backend.close()
