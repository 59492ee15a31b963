"""Knowledge bases (RAG): documents in, numbered chunks with citations and token costs out.

One concept per module; the UI and CLI use `library.KnowledgeLibrary` (the facade):

kinds.py        which files are read, and as what (text, markdown, code, html, pdf, docx)
decode.py       bytes -> text: BOMs, UTF-8, then charset detection (GBK, Big5, Shift_JIS...)
extract.py      one file -> text with page offsets, or a reason it was skipped
scan.py         folders -> files (symlink loops, hidden folders, unreadable entries)
chunking.py     sentence-aware chunks in the embedder's tokens, with line and page ranges
embedder.py     the Embedder interface, query/document prefixes, embedder specs
local_embedder.py  a llama.cpp embedding GGUF in an engine process
http_embedder.py   any server with /v1/embeddings
vectors.py      the per-base vector matrix beside the database (memory-mapped)
indexer.py      incremental indexing with progress, pause, cancel and resume
retrieval.py    hybrid BM25 + vector search fused by reciprocal rank, optional reranking
injection.py    the editable prompt template that puts numbered chunks into a chat turn
library.py      KnowledgeLibrary: bases, indexing jobs, search, chat injection
chat_turn.py    ChatKnowledge: the bases attached to a conversation, one turn's injection

User-facing texts are declared with the literal context "CoreMessages" (messages.CONTEXT):
pyside6-lupdate extracts QT_TRANSLATE_NOOP calls only when the context is a string literal.
"""
