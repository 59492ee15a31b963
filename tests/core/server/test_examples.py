"""The copyable examples work as pasted, against a real server, and never show the key."""

from __future__ import annotations

import contextlib
import io
import json
import shlex

import pytest

from desktop.core.server.examples import client_examples

from .conftest import MODEL_ID


def test_the_python_example_runs_against_the_server(serve, monkeypatch) -> None:
    monkeypatch.setenv("TESSERA_EXAMPLE_KEY", "k-42")
    with serve(api_key="k-42") as api:
        examples = client_examples(api.url, MODEL_ID, "TESSERA_EXAMPLE_KEY")
        assert "k-42" not in examples.python and "k-42" not in examples.curl
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(examples.python, "example.py", "exec"), {})
        record = api.wait_for(lambda r: r.endpoint == "chat" and r.finished)
        assert record.status == "done" and printed.getvalue() == record.text + "\n"


@pytest.mark.parametrize("key", [None, "MY_KEY"])
def test_the_curl_example_sends_a_valid_request(key) -> None:
    curl = client_examples("http://127.0.0.1:8080/v1", "tiny 模型", key).curl
    words = shlex.split(curl.replace("\\\n", " "))
    assert words[:2] == ["curl", "http://127.0.0.1:8080/v1/chat/completions"]
    body = json.loads(words[words.index("-d") + 1])
    assert body["model"] == "tiny 模型" and body["messages"][0]["role"] == "user"
    assert ("Authorization: Bearer $MY_KEY" in words) == (key is not None)
