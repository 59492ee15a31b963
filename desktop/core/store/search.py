"""Full-text search over message content (FTS5), newest matches first, with snippets."""

from __future__ import annotations

from sqlalchemy import text

from desktop.core.store.fts import make_snippet, parse_query
from desktop.core.store.records import SearchHit, utc
from desktop.core.store.session import Database

# Newest first: rowid order needs no ranking pass over every match, so a common word in a
# million messages still answers in milliseconds.
_SQL = text(
    """
    SELECT m.id, m.conversation_id, c.title, m.role, m.content, m.created_at
    FROM (
        SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH :q
        ORDER BY rowid DESC LIMIT :limit OFFSET :offset
    ) AS hit
    JOIN messages AS m ON m.id = hit.id
    JOIN conversations AS c ON c.id = m.conversation_id
    ORDER BY m.id DESC
    """
)


class SearchRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def messages(self, query: str, *, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        """Messages containing every word (as a prefix) and every CJK piece (any substring).

        A query with nothing searchable in it (only punctuation) finds nothing.
        """
        parsed = parse_query(query)
        if parsed.empty:
            return []
        with self._db.read() as s:
            rows = s.execute(_SQL, {"q": parsed.match, "limit": limit, "offset": offset}).all()
        hits = []
        for mid, cid, title, role, content, created in rows:
            snippet, spans = make_snippet(content, parsed)
            hits.append(SearchHit(cid, title, mid, role, snippet, spans, utc(created)))
        return hits

    def conversation_ids(self, query: str, *, limit: int = 100) -> list[int]:
        """Conversations with at least one matching message, most recent match first."""
        seen: dict[int, None] = {}
        for hit in self.messages(query, limit=limit * 5):
            seen.setdefault(hit.conversation_id, None)
            if len(seen) >= limit:
                break
        return list(seen)
