"""Full-text search text: CJK as overlapping bigrams, FTS5 query building, snippets.

SQLite's unicode61 tokenizer treats a run of Chinese characters as one token and the trigram
tokenizer needs 3 characters, so neither finds a 2-character word inside a sentence. The index
therefore holds a *search text* derived from each message (`search_text()`): non-CJK text as is,
and every CJK run rewritten as its overlapping bigrams followed by its last character
("机器学习" -> "机器 器学 学习 习"). Any 2+ character CJK query becomes a phrase of its bigrams,
and a 1-character query a prefix match, so every substring is findable.

The function is registered on every connection as `tessera_search_text` (deterministic) and the
FTS triggers call it. If it ever changes, the migration that changes it must rebuild the index
(`INSERT INTO messages_fts(messages_fts) VALUES('rebuild')`), because external-content deletes
must see exactly the text that was indexed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SQL_FUNCTION = "tessera_search_text"

_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B-G
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_SPLIT = re.compile(f"([{_CJK}]+)")
_WORD_CHAR = re.compile(r"[^\W_]", re.UNICODE)


def _cjk_tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def search_text(content: str | None) -> str:
    """What the FTS index stores for a message's `content`."""
    if not content:
        return ""
    if not _CJK_RUN.search(content):
        return content
    parts = _SPLIT.split(content)
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # odd items are the captured CJK runs
            out.append(" " + " ".join(_cjk_tokens(part)) + " ")
        else:
            out.append(part)
    return "".join(out)


@dataclass(frozen=True)
class ParsedQuery:
    """An FTS5 MATCH expression and the needles used to highlight the snippet."""

    match: str  # words as prefixes
    exact: str  # words as whole words (the same as `match` when there are no words)
    words: tuple[str, ...]  # non-CJK pieces, highlighted as word prefixes
    cjk: tuple[str, ...]  # CJK runs, highlighted as exact substrings

    @property
    def empty(self) -> bool:
        return not self.match


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def parse_query(query: str) -> ParsedQuery:
    """Turns what a user types into an FTS5 expression: every piece must match (AND).

    Words match as prefixes ("pyth" finds "Python") in `match`, as whole words in `exact`; CJK
    matches any substring. FTS5 syntax characters in the query are quoted, so nothing a user
    types is an error.
    """
    terms: list[str] = []
    exact: list[str] = []
    words: list[str] = []
    cjk: list[str] = []
    for chunk in query.split():
        for i, part in enumerate(_SPLIT.split(chunk)):
            if not part:
                continue
            if i % 2:
                cjk.append(part)
                if len(part) == 1:
                    terms.append(_quote(part) + "*")
                else:
                    terms.append(_quote(" ".join(_cjk_tokens(part)[:-1])))
                exact.append(terms[-1])
            else:
                pieces = [p for p in re.split(r"[\W_]+", part) if p]
                if pieces:
                    words.extend(pieces)
                    terms.append(_quote(" ".join(pieces)) + "*")
                    exact.append(_quote(" ".join(pieces)))
    return ParsedQuery(" ".join(terms), " ".join(exact), tuple(words), tuple(cjk))


def _needle_pattern(parsed: ParsedQuery) -> re.Pattern[str] | None:
    alts = [re.escape(c) for c in sorted(set(parsed.cjk), key=len, reverse=True)]
    alts += [
        r"(?<![A-Za-z0-9\u00c0-\u024f])" + re.escape(w) + r"[A-Za-z0-9\u00c0-\u024f]*"
        for w in sorted(set(parsed.words), key=len, reverse=True)
    ]
    return re.compile("|".join(alts), re.IGNORECASE) if alts else None


def make_snippet(
    content: str, parsed: ParsedQuery, *, before: int = 40, width: int = 160
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A one-line excerpt around the first match, and the (start, end) spans to highlight."""
    flat = " ".join(content.split())
    pattern = _needle_pattern(parsed)
    first = pattern.search(flat) if pattern else None
    start = 0
    if first and first.start() > before:
        start = first.start() - before
        space = flat.rfind(" ", start - 15, first.start())
        if space >= start - 15 and space != -1:
            start = space + 1
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", end - 20, end)
        if space > (first.end() if first else start):
            end = space
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    window = flat[start:end]
    spans: list[tuple[int, int]] = []
    if pattern:
        offset = len(prefix)
        spans = [(m.start() + offset, m.end() + offset) for m in pattern.finditer(window)]
    return prefix + window + suffix, tuple(spans)


def retrieval_terms(query: str) -> list[str]:
    """The index terms of a natural-language query, for ranking (any term may match).

    Words are lower-cased whole words; a CJK run gives its bigrams ("代理服务器" -> 代理 理服
    服务 务器), a single CJK character itself. Order kept, duplicates dropped.
    """
    terms: list[str] = []
    for i, part in enumerate(_SPLIT.split(query)):
        if not part:
            continue
        if i % 2:
            terms.extend([part] if len(part) == 1 else _cjk_tokens(part)[:-1])
        else:
            terms.extend(p.lower() for p in re.split(r"[\W_]+", part) if p)
    return list(dict.fromkeys(terms))


def quote_term(term: str) -> str:
    """One term as an FTS5 string (nothing a user types is FTS5 syntax)."""
    return _quote(term)
