"""`tessera serve` as a user runs it: serve the tiny model, answer the openai client, save the
request as a conversation tagged API, stop cleanly on SIGTERM; refuse an open address
without a key before loading anything."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import openai

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def tessera(data: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO,
        env={**ENV, **(env or {})}, timeout=180,
    )  # fmt: skip


def test_serve_answers_saves_and_stops_on_sigterm(tmp_path: Path, tiny_model_path: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "serve",
         "--model", str(tiny_model_path), "--port", "0", "--ctx", "1024", "--threads", "1",
         "--api-key-env", "TESSERA_TEST_KEY"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8",
        cwd=REPO, env={**ENV, "TESSERA_TEST_KEY": "k-123"},
    )  # fmt: skip
    try:
        assert server.stderr is not None
        seen = []
        for line in server.stderr:
            seen.append(line)
            if line.startswith("Serving "):
                break
        url = re.search(r"at (http://\S+)", seen[-1])
        assert url, "".join(seen)
        assert "Serving tessera-tiny-F16 at http://127.0.0.1:" in seen[-1]
        client = openai.OpenAI(base_url=url.group(1), api_key="k-123", max_retries=0)
        reply = client.chat.completions.create(
            model="tessera-tiny-F16",
            messages=[{"role": "user", "content": "served 你好"}],
            max_tokens=4,
        )
        assert reply.choices[0].message.content is not None
        client.close()
        server.send_signal(signal.SIGTERM)
        rest = server.stderr.read()
        assert server.wait(60) == 0, rest
        assert "200 POST /v1/chat/completions 127.0.0.1:" in rest
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    listed = json.loads(tessera(tmp_path, "history", "list", "--json").stdout)
    assert [(c["title"], c["source"]) for c in listed] == [("served 你好", "api")]
    shown = tessera(tmp_path, "history", "list").stdout
    assert "[API] served 你好" in shown


def test_serving_beyond_this_machine_needs_a_key(tmp_path: Path, tiny_model_path: Path) -> None:
    open_address = tessera(tmp_path, "serve", "--model", str(tiny_model_path), "--host", "0.0.0.0")
    assert open_address.returncode == 1
    assert "needs an API key" in open_address.stderr and "Loading" not in open_address.stderr
    unset = tessera(
        tmp_path, "serve", "--model", str(tiny_model_path), "--api-key-env", "NO_SUCH_VARIABLE_X"
    )
    assert unset.returncode == 1 and "NO_SUCH_VARIABLE_X is not set" in unset.stderr
    neither = tessera(tmp_path, "serve")
    assert neither.returncode == 1 and "--model PATH" in neither.stderr
