"""Full-text search over message content (FTS5), newest matches first, with snippets."""

from __future__ import annotations

from sqlalchemy import text

from desktop.core.store.fts import make_snippet, parse_query
from desktop.core.store.records import UNREADABLE, RecordList, SearchHit, UnreadableRecord, utc
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

_COUNT_SQL = text(
    "SELECT count(*) FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH :q "
    "ORDER BY rowid DESC LIMIT :n)"
)
EXACT_ENOUGH = 50


class SearchRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def messages(self, query: str, *, limit: int = 50, offset: int = 0) -> RecordList[SearchHit]:
        """Messages containing every word and every CJK piece (any substring), newest first.

        Words match whole words when that finds at least a page (`EXACT_ENOUGH`) of messages,
        and as prefixes otherwise ("pyth" finds "Python"). The rule depends on the query
        only, so every page of one query uses the same one. Why: a prefix query merges the
        index entries of every word starting with it, ~75-130 ms for common words in a
        million messages, while whole words stop after the newest matches (< 1 ms).
        A query with nothing searchable in it (only punctuation) finds nothing. A matching
        message that cannot be read is left out and named in `.skipped` (message ids).
        """
        parsed = parse_query(query)
        if parsed.empty:
            return RecordList()
        with self._db.read() as s:
            match = parsed.match
            if parsed.exact != parsed.match:
                found = s.execute(_COUNT_SQL, {"q": parsed.exact, "n": EXACT_ENOUGH}).scalar()
                if (found or 0) >= EXACT_ENOUGH:
                    match = parsed.exact
            rows = s.execute(_SQL, {"q": match, "limit": limit, "offset": offset}).all()
        hits: RecordList[SearchHit] = RecordList()
        skipped = []
        for mid, cid, title, role, content, created in rows:
            try:
                when = utc(created)
                snippet, spans = make_snippet(content, parsed)
            except UNREADABLE as exc:
                skipped.append(UnreadableRecord(mid, str(exc) or type(exc).__name__))
                continue
            hits.append(SearchHit(cid, title, mid, role, snippet, spans, when))
        hits.skipped = tuple(skipped)
        return hits

    def conversation_ids(self, query: str, *, limit: int = 100) -> list[int]:
        """Conversations with at least one matching message, most recent match first."""
        seen: dict[int, None] = {}
        for hit in self.messages(query, limit=limit * 5):
            seen.setdefault(hit.conversation_id, None)
            if len(seen) >= limit:
                break
        return list(seen)
