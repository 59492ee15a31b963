"""What the limits on hostile input cost and how fast they trip (issue 20).

Each probe runs in a fresh child process so its peak memory (ru_maxrss) is its own:

- template-loop: nested loops over range(100000) in a chat template; time until the budget stops
  it (RENDER_SECONDS = 5 s).
- template-mult: `{{ 'x' * 1000000000 }}`; time and peak memory until refused (16 M chars).
- template-real: a Llama-3 style template over 2,000 messages; best of 7 renders (the cost of
  the budget on real templates; compare with `git stash`-free older checkouts).
- alias-bomb: a 624-byte YAML "billion laughs" (9 levels x 9) loaded as an experiment file.
- checkpoint: one StreamCheckpointer write of a 1k / 50k / 200k character reply.

    .venv/bin/python bench/hostile_limits.py [PROBE...]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

USER = [{"role": "user", "content": "hi"}]
LLAMA3 = (
    "{{ bos_token }}{% for message in messages %}{% set content = '<|start_header_id|>' + "
    "message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' %}"
    "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
    "{% endfor %}{% if add_generation_prompt %}"
    "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"
)


def _render(template: str) -> str:
    from desktop.core.templates.chat_template import ChatTemplateError, render_chat

    try:
        return f"rendered {len(render_chat(USER, template).text):,} chars"
    except ChatTemplateError as exc:
        return f"refused: {exc.message[:60]}..."


def probe(name: str) -> dict:
    t0 = time.perf_counter()
    if name == "template-loop":
        outcome = _render(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
        )
    elif name == "template-mult":
        outcome = _render("{{ 'x' * 1000000000 }}")
    elif name == "template-real":
        from desktop.core.templates.chat_template import render_chat

        msgs = [
            {"role": "user" if i % 2 == 0 else "assistant", "content": f"message {i} " * 20}
            for i in range(2000)
        ]
        render_chat(msgs, LLAMA3)
        best = float("inf")
        for _ in range(7):
            start = time.perf_counter()
            render_chat(msgs, LLAMA3)
            best = min(best, time.perf_counter() - start)
        outcome = f"best of 7: {best * 1000:.1f} ms for 2,000 messages"
    elif name == "alias-bomb":
        from desktop.core.experiments.files import ExperimentFileError, load_experiment_file

        lines = ['a0: &a0 ["lol"]'] + [
            f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)
        ]
        text = (
            'templates:\n  - {label: t, body: "Say {{word}}"}\n'
            "configs:\n  - {label: c, model: m.gguf}\n" + "\n".join(lines) + "\n"
            "cases:\n  - {word: *a9}\n"
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bomb.yaml"
            path.write_text(text, encoding="utf-8")
            try:
                load_experiment_file(path)
                outcome = f"loaded ({len(text)} bytes)"
            except ExperimentFileError as exc:
                outcome = f"refused ({len(text)} bytes): {str(exc)[:50]}..."
    elif name == "checkpoint":
        from desktop.core.store import open_store

        parts = []
        with tempfile.TemporaryDirectory() as folder, open_store(Path(folder)) as store:
            conv = store.conversations.create()
            store.messages.append_user(conv.id, "hi")
            reply = store.messages.start_assistant(conv.id)
            for size in (1_000, 50_000, 200_000):
                start = time.perf_counter()
                for i in range(20):
                    store.messages.checkpoint(reply.id, "词" * size + str(i))
                parts.append(f"{size:,} chars {(time.perf_counter() - start) / 20 * 1000:.2f} ms")
        outcome = "; ".join(parts)
    else:
        raise SystemExit(f"unknown probe {name!r}")
    return {
        "probe": name,
        "outcome": outcome,
        "seconds": round(time.perf_counter() - t0, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


PROBES = ("template-loop", "template-mult", "template-real", "alias-bomb", "checkpoint")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(probe(argv[1])))
        return 0
    for name in argv or PROBES:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name], capture_output=True, text=True, cwd=ROOT
        )
        if out.returncode != 0:
            print(f"{name}: failed\n{out.stderr}")
            continue
        r = json.loads(out.stdout)
        print(f"{r['probe']:<14} {r['seconds']:>6.2f} s  {r['peak_rss_mb']:>5} MB  {r['outcome']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
