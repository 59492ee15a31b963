"""Write a tiny llama-architecture GGUF with a real byte-level BPE vocabulary.

Used by the test suite and by `tessera --self-test`: a deterministic model of well under 1 MB
that llama.cpp loads and runs like any other. The vocabulary is trained here (byte-level BPE
with merges, GPT-2 byte alphabet) on a small English and Chinese corpus, so ASCII words, many
Chinese characters and some partial UTF-8 byte pairs are single tokens. Weights are random:
the text it generates is nonsense, but every code path (chat template, special tokens,
multi-byte characters split across tokens, sampling, logprobs) behaves as with a real model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

SPECIAL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")


@dataclass(frozen=True)
class TinySpecials:
    """The control tokens of a chat format: `tokens` in vocabulary order, and which of them
    are BOS, EOS and end-of-turn."""

    tokens: tuple[str, ...]
    bos: str
    eos: str
    eot: str


CHATML_SPECIALS = TinySpecials(SPECIAL_TOKENS, "<|endoftext|>", "<|im_end|>", "<|im_end|>")
# Control tokens of other chat formats, for template-less variants of the tiny model.
FORMAT_SPECIALS: dict[str, TinySpecials] = {
    "chatml": CHATML_SPECIALS,
    "gemma": TinySpecials(
        ("<bos>", "<eos>", "<start_of_turn>", "<end_of_turn>"), "<bos>", "<eos>", "<end_of_turn>"
    ),
    "llama3": TinySpecials(
        ("<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>")
        + ("<|eot_id|>",),
        "<|begin_of_text|>",
        "<|end_of_text|>",
        "<|eot_id|>",
    ),
    "mistral": TinySpecials(("<s>", "</s>", "[INST]", "[/INST]"), "<s>", "</s>", "</s>"),
    "phi3": TinySpecials(
        # llama.cpp looks up <unk>, <s> and </s> in any vocabulary named Phi-3
        ("<unk>", "<s>", "</s>", "<|endoftext|>", "<|system|>", "<|user|>", "<|assistant|>")
        + ("<|end|>",),
        "<s>",
        "<|endoftext|>",
        "<|end|>",
    ),
    "deepseek": TinySpecials(
        (
            "<\uff5cbegin\u2581of\u2581sentence\uff5c>",
            "<\uff5cend\u2581of\u2581sentence\uff5c>",
            "<\uff5cUser\uff5c>",
            "<\uff5cAssistant\uff5c>",
            "<think>",
            "</think>",
        ),
        "<\uff5cbegin\u2581of\u2581sentence\uff5c>",
        "<\uff5cend\u2581of\u2581sentence\uff5c>",
        "<\uff5cend\u2581of\u2581sentence\uff5c>",
    ),
}

CORPUS = """
The quick brown fox jumps over the lazy dog. Hello, world! Tokens are what models read.
A language model predicts the next token from the previous ones. The context window counts
tokens, not words. Sampling with temperature, top_k, top_p and min_p reshapes the distribution.
Prompt engineering: role, task, requirements and notes. Summarize the text below in one line.
Translate the following sentence into English. Explain this code step by step. Return JSON.
def main():\n    print("hello")\n    return 0\n\nfor i in range(10):\n    total += i * 2
user assistant system message content model tokenizer vocabulary probability branch
0123456789 + - * / = < > ( ) [ ] { } , . ; : ! ? ' " # $ % & @ ^ _ ` | ~ \\
你好，世界！我们今天学习大语言模型的分词。中文文本必须正确地分词、渲染、搜索和导出。
模型根据前面的词预测下一个词。上下文窗口按词元计数。请总结下面的文字。请把这句话翻译成英文。
作为【角色】，请执行【任务】，根据【要求】，另外【补充说明】。人工智能机器学习数据中文你好
"""

_PRETOKENIZE = re.compile(r" ?[A-Za-z]+| ?[0-9]| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+")


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character map used by byte-level BPE vocabularies."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("\xa1"), ord("\xac") + 1))
        + list(range(ord("\xae"), ord("\xff") + 1))
    )
    codes = printable[:]
    n = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + n)
            n += 1
    return dict(zip(printable, (chr(c) for c in codes), strict=True))


@dataclass(frozen=True)
class TinyVocab:
    tokens: list[str]
    token_types: list[int]
    merges: list[str]

    def special_ids(self, specials: tuple[str, ...] = SPECIAL_TOKENS) -> dict[str, int]:
        return {t: self.tokens.index(t) for t in specials}


@lru_cache(maxsize=8)
def train_bpe(corpus: str, n_merges: int, specials: tuple[str, ...] = SPECIAL_TOKENS) -> TinyVocab:
    """Deterministic byte-level BPE: most frequent pair first, ties broken by the pair itself."""
    byte_map = bytes_to_unicode()
    words = Counter(
        tuple(byte_map[b] for b in piece.encode("utf-8")) for piece in _PRETOKENIZE.findall(corpus)
    )
    tokens = [byte_map[b] for b in range(256)]
    known = set(tokens)
    merges: list[str] = []
    for _ in range(n_merges):
        pairs: Counter[tuple[str, str]] = Counter()
        for word, count in words.items():
            for a, b in zip(word, word[1:], strict=False):
                pairs[(a, b)] += count
        if not pairs:
            break
        best_count = max(pairs.values())
        a, b = min(pair for pair, count in pairs.items() if count == best_count)
        merged = a + b
        merges.append(f"{a} {b}")
        if merged not in known:
            known.add(merged)
            tokens.append(merged)
        new_words: Counter[tuple[str, ...]] = Counter()
        for word, count in words.items():
            out: list[str] = []
            i = 0
            while i < len(word):
                if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                    out.append(merged)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            new_words[tuple(out)] += count
        words = new_words
    types = [1] * len(tokens)
    tokens.extend(specials)
    types.extend([3] * len(specials))
    return TinyVocab(tokens=tokens, token_types=types, merges=merges)


@dataclass(frozen=True)
class TinyShape:
    n_embd: int = 64
    n_layer: int = 2
    n_ff: int = 128
    n_head: int = 4
    n_kv_head: int = 2
    context_length: int = 2048
    n_merges: int = 600


def write_tiny_gguf(
    path: str | Path,
    *,
    shape: TinyShape | None = None,
    chat_template: str | None = CHATML_TEMPLATE,
    seed: int = 1234,
    name: str = "tessera-tiny",
    architecture: str = "llama",
    specials: TinySpecials = CHATML_SPECIALS,
    metadata: dict[str, str] | None = None,
    extra_special: tuple[str, ...] = (),
    eos_token: str | None = None,
    bos_token: str | None = None,
    split_max_tensors: int = 0,
) -> Path:
    """Write the model to `path` and return it. Same arguments, same bytes.

    `architecture` is "llama" or "gemma3" (Gemma 3's layer layout: q/k norms and post-norms,
    tied output). `specials` are the chat format's control tokens; `metadata` adds string
    keys (e.g. general.basename, general.finetune). `extra_special` adds more control tokens
    (a real template's markers, e.g. `<|eot_id|>`, `[TOOL_CALLS]`); `eos_token`/`bos_token`
    name the end-of-turn and start tokens among all special tokens. `split_max_tensors > 0`
    writes a split model instead, as llama.cpp's gguf-split does:
    `<stem>-00001-of-0000N.gguf` ... next to `path`; the first part is returned."""
    import gguf
    import numpy as np

    if architecture not in ("llama", "gemma3"):
        raise ValueError(f"unsupported tiny architecture {architecture!r}")
    shape = shape or TinyShape()
    if extra_special or eos_token or bos_token:
        tokens = specials.tokens + tuple(t for t in extra_special if t not in specials.tokens)
        eos = eos_token or specials.eos
        specials = TinySpecials(tokens, bos_token or specials.bos, eos, eos_token or specials.eot)
    vocab = train_bpe(CORPUS, shape.n_merges, specials.tokens)
    n_vocab = len(vocab.tokens)
    ids = vocab.special_ids(specials.tokens)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    writer = gguf.GGUFWriter(str(path), architecture, split_max_tensors=split_max_tensors)
    writer.add_name(name)
    for key, value in (metadata or {}).items():
        writer.add_string(key, value)
    writer.add_context_length(shape.context_length)
    writer.add_embedding_length(shape.n_embd)
    writer.add_block_count(shape.n_layer)
    writer.add_feed_forward_length(shape.n_ff)
    writer.add_head_count(shape.n_head)
    writer.add_head_count_kv(shape.n_kv_head)
    writer.add_rope_dimension_count(shape.n_embd // shape.n_head)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2")
    writer.add_token_list(vocab.tokens)
    writer.add_token_types(vocab.token_types)
    writer.add_token_merges(vocab.merges)
    writer.add_bos_token_id(ids[specials.bos])
    writer.add_eos_token_id(ids[specials.eos])
    writer.add_eot_token_id(ids[specials.eot])
    writer.add_pad_token_id(ids[specials.bos])
    writer.add_add_bos_token(False)
    if chat_template is not None:
        writer.add_chat_template(chat_template)

    rng = np.random.default_rng(seed)

    def weights(rows: int, cols: int, scale: float) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float16)

    head_dim = shape.n_embd // shape.n_head
    embeddings = weights(n_vocab, shape.n_embd, 0.5)
    output = weights(n_vocab, shape.n_embd, 0.4)
    # Special tokens get neutral logits so the random model rarely ends a reply by itself;
    # tests that need an end-of-turn ask for it with a logit bias.
    for special in ids.values():
        output[special] = 0
    gemma = architecture == "gemma3"
    if gemma:
        writer.add_key_length(head_dim)
        writer.add_value_length(head_dim)
        embeddings = output  # Gemma ties the output to the embeddings
    writer.add_tensor("token_embd.weight", embeddings)
    writer.add_tensor("output_norm.weight", np.ones(shape.n_embd, np.float32))
    if not gemma:
        writer.add_tensor("output.weight", output)
    for layer in range(shape.n_layer):
        p = f"blk.{layer}."
        if gemma:
            for norm in ("post_attention_norm", "post_ffw_norm"):
                writer.add_tensor(p + norm + ".weight", np.ones(shape.n_embd, np.float32))
            for norm in ("attn_q_norm", "attn_k_norm"):
                writer.add_tensor(p + norm + ".weight", np.ones(head_dim, np.float32))
        writer.add_tensor(p + "attn_norm.weight", np.ones(shape.n_embd, np.float32))
        writer.add_tensor(p + "ffn_norm.weight", np.ones(shape.n_embd, np.float32))
        writer.add_tensor(p + "attn_q.weight", weights(shape.n_embd, shape.n_embd, 0.1))
        writer.add_tensor(
            p + "attn_k.weight", weights(shape.n_kv_head * head_dim, shape.n_embd, 0.1)
        )
        writer.add_tensor(
            p + "attn_v.weight", weights(shape.n_kv_head * head_dim, shape.n_embd, 0.1)
        )
        writer.add_tensor(p + "attn_output.weight", weights(shape.n_embd, shape.n_embd, 0.1))
        writer.add_tensor(p + "ffn_gate.weight", weights(shape.n_ff, shape.n_embd, 0.1))
        writer.add_tensor(p + "ffn_up.weight", weights(shape.n_ff, shape.n_embd, 0.1))
        writer.add_tensor(p + "ffn_down.weight", weights(shape.n_embd, shape.n_ff, 0.1))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    if split_max_tensors > 0:
        return path.with_name(f"{path.stem}-00001-of-{len(writer.tensors):05d}.gguf")
    return path


def derive_broken_variants(model: Path, out_dir: Path) -> dict[str, Path]:
    """Files a careless user might pick: truncated, wrong magic, not a model at all, empty."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = model.read_bytes()
    variants = {
        "truncated": data[: len(data) // 2],
        "wrong_magic": b"GGUX" + data[4:],
        "not_gguf": b"<html><body>404 Not Found</body></html>\n" * 10,
        "empty": b"",
    }
    paths = {}
    for name, payload in variants.items():
        target = out_dir / f"{name}.gguf"
        target.write_bytes(payload)
        paths[name] = target
    return paths


def corpus_samples() -> Iterable[str]:
    """Short texts that exercise the vocabulary (ASCII, Chinese, mixed)."""
    return (
        "Hello, world!",
        "The quick brown fox jumps over the lazy dog.",
        "你好，世界！",
        "中文文本必须正确地分词。",
        "Mixed 中文 and English 123.",
    )
