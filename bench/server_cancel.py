"""How fast a client that disconnects mid-stream frees the engine (goal: 100 ms).

Usage: python bench/server_cancel.py [MODEL.gguf] [--trials 20] [--threads 1] [--json]

Serves MODEL (default: the tiny test model) in this process on a free port, and per trial
streams a long reply (end-of-turn tokens banned), reads a few chunks, closes the connection,
and waits for the request log to report the reply ended. Two figures per trial, both on this
process's clock: client close -> reply ended (what the next request waits), and the server's
own `timings.cancel` (disconnect noticed -> engine free).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a plain checkout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", nargs="?")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--chunks", type=int, default=5, help="chunks read before closing")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import httpx2

    from desktop.core.backends.local import LocalBackend
    from desktop.core.engine.protocol import LoadOptions
    from desktop.core.server.config import ServerConfig
    from desktop.core.server.http_server import APIServer
    from desktop.core.server.request_log import RequestUpdated
    from desktop.core.server.service import APIService
    from desktop.core.tokenizers.model_vocab import ModelVocabTokenizer

    with tempfile.TemporaryDirectory(prefix="tessera-cancel-bench-") as tmp:
        if args.model:
            model = Path(args.model).resolve()
        else:
            from desktop.core.gguf.tiny_model import write_tiny_gguf

            model = write_tiny_gguf(Path(tmp) / "tessera-tiny-F16.gguf")
        vocab = ModelVocabTokenizer(model)
        banned = {str(i): -100 for i in vocab.special_tokens().values()}
        vocab.close()
        options = LoadOptions(path=str(model), n_ctx=32768, n_threads=args.threads)
        ended: dict[int, float] = {}
        done = threading.Condition()

        def observe(event: object) -> None:
            if isinstance(event, RequestUpdated) and event.record.finished:
                with done:
                    ended[event.record.id] = time.perf_counter()
                    done.notify_all()

        close_to_free: list[float] = []
        server_side: list[float] = []
        with LocalBackend() as backend:
            backend.load(options)
            service = APIService(backend, ServerConfig(port=0))
            service.log.subscribe(observe)
            with APIServer(service) as server, httpx2.Client(timeout=120) as http:
                body = {"messages": [{"role": "user", "content": "Go on and on."}],
                        "max_tokens": 30000, "logit_bias": banned, "stream": True}  # fmt: skip
                for _ in range(args.trials + 1):
                    with http.stream("POST", server.url + "/chat/completions", json=body) as ans:
                        lines = ans.iter_lines()
                        seen = 0
                        for line in lines:
                            seen += line.startswith("data: ")
                            if seen >= args.chunks:
                                break
                        record = service.log.records()[-1]
                        closed = time.perf_counter()
                    with done:
                        done.wait_for(lambda rid=record.id: rid in ended, timeout=60)
                    final = service.log.get(record.id)
                    assert final is not None and final.status == "cancelled", final
                    if final.timings.cancel is not None and record.id > 1:  # 1: warm-up
                        close_to_free.append((ended[record.id] - closed) * 1000)
                        server_side.append(final.timings.cancel * 1000)

    result = {
        "trials": len(close_to_free),
        "close_to_engine_free_ms_median": round(statistics.median(close_to_free), 2),
        "close_to_engine_free_ms_max": round(max(close_to_free), 2),
        "server_cancel_ms_median": round(statistics.median(server_side), 2),
        "server_cancel_ms_max": round(max(server_side), 2),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:34} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
