"""Copyable client examples for a running server: curl and Python (the official client).

The Server page shows them, ready to paste; the key itself never appears in them, only
the environment variable that holds it, so a screenshot or a shared snippet leaks nothing.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass


@dataclass(frozen=True)
class ClientExamples:
    curl: str
    python: str


def client_examples(base_url: str, model: str, key_variable: str | None = None) -> ClientExamples:
    """`base_url` ends in /v1 (APIServer.url)."""
    # One JSON member group a line, so the example fits a narrow box and reads at a glance.
    groups = (
        {"model": model},
        {"messages": [{"role": "user", "content": "Hello!"}]},
        {"logprobs": True, "top_logprobs": 3},
    )
    members = [json.dumps(g, ensure_ascii=False)[1:-1] for g in groups]
    body = "{" + ",\n       ".join(members) + "}"
    lines = [f"curl {shlex.quote(base_url + '/chat/completions')}"]
    lines.append('  -H "Content-Type: application/json"')
    if key_variable:
        lines.append(f'  -H "Authorization: Bearer ${key_variable}"')
    lines.append(f"  -d {shlex.quote(body)}")
    key = f'os.environ["{key_variable}"]' if key_variable else '"not-needed"'
    python = "\n".join(
        [
            "import os" if key_variable else "",
            "from openai import OpenAI",
            "",
            f"client = OpenAI(base_url={base_url!r}, api_key={key})",
            "stream = client.chat.completions.create(",
            f"    model={model!r},",
            '    messages=[{"role": "user", "content": "Hello!"}],',
            "    stream=True,",
            ")",
            "for chunk in stream:",
            '    print(chunk.choices[0].delta.content or "", end="", flush=True)',
            "print()",
        ]
    ).lstrip("\n")
    return ClientExamples(" \\\n".join(lines), python)
