"""Writes a large Tessera database for the store benchmark: 10,000 conversations, 1,000,000
messages (English, Chinese and mixed text; some branches), one of them 2,000 messages long.

    .venv/bin/python bench/store_generate.py /tmp/tessera-bench.db [--conversations N]
        [--messages N] [--seed N]

The schema comes from the real migrations (open_store); rows go in with executemany inside
large transactions, foreign keys off while inserting and checked at the end. The full-text
index is filled by the same triggers the app uses.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.store import open_store  # noqa: E402
from desktop.core.store.session import configure_connection  # noqa: E402

WORDS = [
    "model",
    "token",
    "context",
    "cache",
    "layer",
    "attention",
    "quantization",
    "memory",
    "prompt",
    "sampling",
    "temperature",
    "answer",
    "question",
    "python",
    "function",
    "error",
    "install",
    "window",
    "chat",
    "history",
    "search",
    "server",
    "kernel",
    "vector",
    "matrix",
    "gradient",
    "batch",
    "decode",
    "encode",
    "vocabulary",
    "probability",
    "explain",
    "summarize",
    "translate",
    "write",
    "code",
    "test",
    "review",
    "branch",
    "commit",
    "merge",
    "release",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "for",
    "on",
    "with",
    "that",
    "this",
    "it",
    "as",
    "be",
    "by",
    "are",
    "was",
    "from",
    "or",
    "not",
    "have",
]
ZH = [
    "机器学习",
    "语言模型",
    "上下文",
    "注意力",
    "量化",
    "内存",
    "提示词",
    "采样",
    "温度",
    "回答",
    "问题",
    "函数",
    "错误",
    "安装",
    "窗口",
    "聊天",
    "历史",
    "搜索",
    "服务器",
    "向量",
    "矩阵",
    "梯度",
    "解码",
    "编码",
    "词表",
    "概率",
    "解释",
    "总结",
    "翻译",
    "代码",
    "测试",
    "我们",
    "你好",
    "请问",
    "因为",
    "所以",
    "但是",
    "如果",
    "可以",
    "一个",
    "这个",
    "什么",
    "怎么",
    "为什么",
]
BIG_CONVERSATION_MESSAGES = 2000


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.6:
        words = rng.choices(WORDS, k=rng.randint(6, 60))
        return " ".join(words).capitalize() + "."
    if kind < 0.85:
        return "".join(rng.choices(ZH, k=rng.randint(4, 30))) + "。"
    parts = []
    for _ in range(rng.randint(3, 12)):
        parts.append(rng.choice(WORDS) if rng.random() < 0.5 else rng.choice(ZH))
    return "".join(parts) + "。"


def message_text(rng: random.Random, role: str) -> str:
    n = rng.randint(1, 2) if role == "user" else rng.randint(1, 5)
    return " ".join(sentence(rng) for _ in range(n))


def logprob_blob(rng: random.Random, text: str) -> bytes:
    tokens = [
        f'[{rng.randint(0, 32000)},"{w}",{-rng.random():.4f},'
        f'[[{rng.randint(0, 32000)},"x",{-rng.random():.4f}]],false]'
        for w in text.split()[:200]
    ]
    return zlib.compress(('{"v":1,"source":"raw","t":[' + ",".join(tokens) + "]}").encode())


def generate(path: Path, conversations: int, messages: int, seed: int) -> None:
    if path.exists():
        sys.exit(f"{path} exists; pass a new file name")
    open_store(path).close()  # schema through the real migrations
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    configure_connection(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")

    # Message counts per conversation: one big thread, the rest share what is left.
    rest = messages - BIG_CONVERSATION_MESSAGES
    per = [BIG_CONVERSATION_MESSAGES] + [rest // (conversations - 1)] * (conversations - 1)
    for i in range(rest - sum(per[1:])):
        per[1 + i] += 1
    rng.shuffle(per)

    now = time.time()
    start = now - 2 * 365 * 86400
    msg_id = 0
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    conv_rows, msg_rows = [], []
    for conv_id, count in enumerate(per, start=1):
        created = start + (conv_id / conversations) * (now - start - 3600)
        rows, title, t = [], "", created
        parent = None  # the previous message on the active path
        big = count == BIG_CONVERSATION_MESSAGES
        while len(rows) < count:
            k = len(rows)
            role = (
                "user" if parent is None or rows_role(rows, parent) == "assistant" else "assistant"
            )
            # Some replies were regenerated: a discarded first attempt sits beside the kept one.
            regenerated = role == "assistant" and k % 50 == 25 and len(rows) + 2 <= count
            for _attempt in range(2 if regenerated else 1):
                msg_id += 1
                text = message_text(rng, role)
                title = title or (text[:60] if role == "user" else "")
                t += rng.uniform(1, 120)
                stats = blob = None
                if role == "assistant":
                    stats = (
                        f'{{"prompt_tokens": {k * 50}, "completion_tokens": {len(text) // 4}, '
                        f'"ttft_seconds": 0.2, "decode_tok_s": 40.0}}'
                    )
                    blob = logprob_blob(rng, text) if big else None
                rows.append(
                    [
                        msg_id,
                        conv_id,
                        parent,
                        None,
                        role,
                        text,
                        "complete",
                        None,
                        "stop" if role == "assistant" else None,
                        None,
                        None,
                        None,
                        None,
                        stats,
                        "bench.gguf" if role == "assistant" else None,
                        None,
                        blob,
                        t,
                        t,
                    ]
                )
            if parent is not None:
                rows_by_id(rows, parent)[3] = msg_id  # the kept (last) attempt is active
            parent = msg_id
        msg_rows.extend(tuple(r) for r in rows)
        conv_rows.append(
            (
                conv_id,
                title,
                1,
                1 if conv_id % 500 == 0 else 0,
                "bench.gguf",
                "",
                "{}",
                "stop",
                rows[0][0],
                created,
                t,
            )
        )
        if len(msg_rows) >= 20000:
            _flush(conn, conv_rows, msg_rows)
            conv_rows, msg_rows = [], []
            conn.execute("COMMIT")
            conn.execute("BEGIN")
            done = msg_id / messages
            rate = msg_id / (time.perf_counter() - t0)
            print(f"\r{msg_id:>9,} messages ({done:5.1%}, {rate:,.0f}/s)", end="", flush=True)
    _flush(conn, conv_rows, msg_rows)
    conn.execute("COMMIT")
    print(f"\r{msg_id:>9,} messages in {time.perf_counter() - t0:.0f} s" + " " * 20)
    conn.execute("PRAGMA foreign_keys = ON")
    print("optimizing the full-text index ...", flush=True)
    conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(f"{path}: {path.stat().st_size / 1e6:,.0f} MB, {len(per):,} conversations")


def rows_by_id(rows: list, message_id: int) -> list:
    first = rows[0][0]
    return rows[message_id - first]


def rows_role(rows: list, message_id: int) -> str:
    return rows_by_id(rows, message_id)[4]


def _flush(conn: sqlite3.Connection, conv_rows: list, msg_rows: list) -> None:
    conn.executemany(
        "INSERT INTO conversations (id, title, title_is_auto, pinned, model, system_prompt, "
        "sampling_params, overflow_policy, active_root_id, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        conv_rows,
    )
    conn.executemany(
        "INSERT INTO messages (id, conversation_id, parent_id, active_child_id, role, content, "
        "status, error, finish_reason, prompt_tokens, completion_tokens, ttft_seconds, "
        "tokens_per_second, stats, model, params, token_logprobs, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        msg_rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.path, args.conversations, args.messages, args.seed)


if __name__ == "__main__":
    main()
