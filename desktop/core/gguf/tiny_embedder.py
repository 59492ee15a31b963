"""Write a tiny BERT-architecture embedding (or reranking) GGUF with a real WordPiece vocabulary.

The knowledge tests and benches need an embedder llama.cpp really runs: `embedding=True`,
mean pooling read from the GGUF, non-causal attention, [CLS]/[SEP] added by the tokenizer. Real
embedders cannot be downloaded here, so this writes one with random weights: its vectors carry
no meaning, but the same text always gets the same vector and texts sharing most tokens get
close ones, which is enough to test the whole path. `TinyEmbedderShape(n_embd=384,
n_layer=12)` has the shape (and so the speed) of bge-small / multilingual-e5-small.
`reranker=True` writes classifier heads and rank pooling, the layout of bge-reranker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
WORD_START = "\u2581"  # how llama.cpp's WordPiece marks a word's first piece

CORPUS = """
the a an of to in and or is are was were be been it this that with for on as by at from
knowledge base document chunk retrieval search index embedding vector query answer question
file folder page line text model token context prompt citation source score hybrid lexical
python code function class return import print config proxy server port timeout install
error warning update version release note guide manual chapter section table figure
hello world quick brown fox jumps over lazy dog cat bird fish tree river mountain city
apple banana orange grape lemon melon peach cherry red green blue yellow black white
alpha beta gamma delta epsilon zeta theta lambda sigma omega first second third last
run runs running indexed indexing changed unchanged delete deleted remove added new old
"""

CJK = (
    "你好世界我们今天学习大语言模型的分词中文文本必须正确地渲染搜索和导出根据前面词预测下一个"
    "上下文窗口按元计数请总结面文字把这句话翻译成英作为角色执行任务要求另外补充说明人工智能"
    "机器数据知识库文档检索向量查询答案问题文件夹页行代理服务器端口配置安装错误警告更新版本"
    "指南手册章节表格图片苹果香蕉橙子葡萄红绿蓝黄黑白天气很好是在有不这个了人来到时大地为子中"
    "你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成"
    "只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分"
    "爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感。！？，、；：“”（）《》"
)


@dataclass(frozen=True)
class TinyEmbedderShape:
    n_embd: int = 32
    n_layer: int = 2
    n_head: int = 2
    n_ff: int = 64
    context_length: int = 512


def build_vocab() -> list[str]:
    """[PAD] [UNK] [CLS] [SEP] [MASK], then word pieces: whole words, letters, CJK characters."""
    words = sorted(set(re.findall(r"[a-z]+", CORPUS)))
    tokens = list(SPECIALS)
    tokens += [WORD_START + w for w in words]
    tokens += [WORD_START + c for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    tokens += list("abcdefghijklmnopqrstuvwxyz0123456789")  # continuation pieces
    tokens += ["s", "ed", "ing", "er", "ly"]
    tokens += [WORD_START + p for p in ".,;:!?'\"()[]{}<>-_=+*/\\#$%&@^`|~"]
    tokens += [WORD_START + c for c in dict.fromkeys(CJK)]
    return list(dict.fromkeys(tokens))


def write_tiny_embedder(
    path: str | Path,
    *,
    shape: TinyEmbedderShape | None = None,
    seed: int = 4321,
    name: str = "tessera-tiny-embed",
    reranker: bool = False,
) -> Path:
    """Write the model to `path` and return it. Same arguments, same bytes."""
    import gguf
    import numpy as np

    shape = shape or TinyEmbedderShape()
    tokens = build_vocab()
    n_vocab = len(tokens)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    writer = gguf.GGUFWriter(str(path), "bert")
    writer.add_name(name)
    writer.add_context_length(shape.context_length)
    writer.add_embedding_length(shape.n_embd)
    writer.add_block_count(shape.n_layer)
    writer.add_feed_forward_length(shape.n_ff)
    writer.add_head_count(shape.n_head)
    writer.add_layer_norm_eps(1e-12)
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.RANK if reranker else gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("bert")
    writer.add_token_list(tokens)
    writer.add_token_types([3 if t in SPECIALS else 1 for t in tokens])
    writer.add_token_type_count(2)
    writer.add_unk_token_id(tokens.index("[UNK]"))
    writer.add_pad_token_id(tokens.index("[PAD]"))
    writer.add_bos_token_id(tokens.index("[CLS]"))  # BERT: CLS is the begin token
    writer.add_sep_token_id(tokens.index("[SEP]"))
    writer.add_mask_token_id(tokens.index("[MASK]"))
    writer.add_add_bos_token(True)
    writer.add_add_sep_token(True)
    if reranker:
        writer.add_classifier_output_labels(["score"])

    rng = np.random.default_rng(seed)
    d, ff = shape.n_embd, shape.n_ff

    def weights(*dims: int, scale: float = 0.2) -> np.ndarray:
        return (rng.standard_normal(dims) * scale).astype(np.float32)

    def ones(n: int) -> np.ndarray:
        return np.ones(n, np.float32)

    def zeros(n: int) -> np.ndarray:
        return np.zeros(n, np.float32)

    writer.add_tensor("token_embd.weight", weights(n_vocab, d, scale=1.0))
    writer.add_tensor("token_types.weight", weights(2, d, scale=0.1))
    writer.add_tensor("position_embd.weight", weights(shape.context_length, d, scale=0.05))
    writer.add_tensor("token_embd_norm.weight", ones(d))
    writer.add_tensor("token_embd_norm.bias", zeros(d))
    for layer in range(shape.n_layer):
        p = f"blk.{layer}."
        for part in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(p + part + ".weight", weights(d, d, scale=0.1))
            writer.add_tensor(p + part + ".bias", zeros(d))
        writer.add_tensor(p + "attn_output_norm.weight", ones(d))
        writer.add_tensor(p + "attn_output_norm.bias", zeros(d))
        writer.add_tensor(p + "ffn_up.weight", weights(ff, d, scale=0.1))
        writer.add_tensor(p + "ffn_up.bias", zeros(ff))
        writer.add_tensor(p + "ffn_down.weight", weights(d, ff, scale=0.1))
        writer.add_tensor(p + "ffn_down.bias", zeros(d))
        writer.add_tensor(p + "layer_output_norm.weight", ones(d))
        writer.add_tensor(p + "layer_output_norm.bias", zeros(d))
    if reranker:
        writer.add_tensor("cls.weight", weights(d, d, scale=0.2))
        writer.add_tensor("cls.bias", zeros(d))
        writer.add_tensor("cls.output.weight", weights(1, d, scale=0.5))
        writer.add_tensor("cls.output.bias", zeros(1))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
