"""A base's vectors: a float32 matrix file beside the database, memory-mapped for search.

Why not in SQLite: sqlite-vec is an extension, and Python's sqlite3 here (and in many builds,
e.g. the python.org macOS installer and pyenv defaults) is compiled without
`enable_load_extension`. Why not BLOBs in a table: a search would read every row through
SQLite (~1 s for 100,000 chunks) instead of one matrix product over a mapped file (~10-20 ms).

Layout, in `<data>/knowledge/base-<id>/`: `vectors-<dim>.f32` (rows of `dim` float32) and
`ids-<dim>.i64` (the chunk id of each row; -1 marks a row whose chunk is gone). Both are only
appended to (vectors first, ids second), so a crash leaves at worst rows without ids, which are
ignored. The database is the truth: `reconcile()` compares with the chunk ids there, marks rows
of deleted chunks dead and says which chunks still need a vector; `compact()` rewrites the files
when most rows are dead. Every method is thread-safe (indexing appends while a search reads).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

COMPACT_MIN_DEAD = 1024


class VectorIndex:
    def __init__(self, folder: Path, dimension: int) -> None:
        self.folder = Path(folder)
        self.dimension = int(dimension)
        self._vec_path = self.folder / f"vectors-{self.dimension}.f32"
        self._ids_path = self.folder / f"ids-{self.dimension}.i64"
        self._lock = threading.RLock()
        self._ids = np.zeros(0, dtype=np.int64)
        self._rows: dict[int, int] = {}
        self._matrix: np.ndarray | None = None
        self._loaded_rows = -1
        self._loaded_size = (-1, -1)

    # ----------------------------------------------------------------- reading

    def _refresh(self) -> None:
        """Re-reads the ids when the files changed size behind our back (another process)."""
        try:
            vec_size = self._vec_path.stat().st_size
            ids_size = self._ids_path.stat().st_size
        except FileNotFoundError:
            vec_size = ids_size = 0
        if (vec_size, ids_size) == self._loaded_size and self._loaded_rows >= 0:
            return
        rows = min(vec_size // (4 * self.dimension), ids_size // 8)
        ids = np.fromfile(self._ids_path, dtype=np.int64, count=rows) if rows else None
        self._ids = ids if ids is not None else np.zeros(0, dtype=np.int64)
        self._matrix = None
        self._rows = {int(cid): row for row, cid in enumerate(self._ids.tolist()) if cid >= 0}
        self._loaded_rows = rows
        self._loaded_size = (vec_size, ids_size)

    def _mapped(self) -> np.ndarray | None:
        if self._matrix is None and self._loaded_rows > 0:
            self._matrix = np.memmap(
                self._vec_path,
                dtype=np.float32,
                mode="r",
                shape=(self._loaded_rows, self.dimension),
            )
        return self._matrix

    def __len__(self) -> int:
        """Rows with a live chunk."""
        with self._lock:
            self._refresh()
            return len(self._rows)

    def live_ids(self) -> set[int]:
        with self._lock:
            self._refresh()
            return set(self._rows)

    def vector(self, chunk_id: int) -> np.ndarray | None:
        with self._lock:
            self._refresh()
            row = self._rows.get(int(chunk_id))
            matrix = self._mapped()
            if row is None or matrix is None:
                return None
            return np.array(matrix[row])

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity) of the `k` nearest rows, best first."""
        with self._lock:
            self._refresh()
            matrix, ids = self._mapped(), self._ids
        if matrix is None or not len(ids) or k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.dimension:
            return []
        scores = matrix @ q
        scores[ids < 0] = -np.inf
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]

    # ----------------------------------------------------------------- writing

    def add(self, chunk_ids: Iterable[int], vectors: np.ndarray) -> None:
        """Appends one row per chunk id; a chunk that already had a row gets the new one."""
        ids = np.asarray(list(chunk_ids), dtype=np.int64)
        vecs = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(ids), self.dimension)
        if not len(ids):
            return
        with self._lock:
            self._refresh()
            self.remove(int(i) for i in ids if int(i) in self._rows)
            self.folder.mkdir(parents=True, exist_ok=True)
            rows = max(self._loaded_rows, 0)
            # Drop a partial tail left by a crash so rows and ids stay aligned.
            _truncate(self._vec_path, rows * 4 * self.dimension)
            _truncate(self._ids_path, rows * 8)
            with open(self._vec_path, "ab") as fh:
                fh.write(vecs.tobytes())
            with open(self._ids_path, "ab") as fh:
                fh.write(ids.tobytes())
            # Update what we know instead of re-reading: indexing appends thousands of times.
            self._ids = np.concatenate([self._ids, ids])
            for offset, cid in enumerate(ids.tolist()):
                self._rows[cid] = rows + offset
            self._loaded_rows = rows + len(ids)
            self._loaded_size = (self._loaded_rows * 4 * self.dimension, self._loaded_rows * 8)
            self._matrix = None

    def remove(self, chunk_ids: Iterable[int]) -> int:
        """Marks the rows of these chunks dead; returns how many there were."""
        with self._lock:
            self._refresh()
            chunk_ids_list = [int(c) for c in chunk_ids]
            rows = sorted(r for r in (self._rows.get(c) for c in chunk_ids_list) if r is not None)
            if not rows:
                return 0
            dead = np.int64(-1).tobytes()
            with open(self._ids_path, "r+b") as fh:
                for row in rows:
                    fh.seek(row * 8)
                    fh.write(dead)
            self._ids = self._ids.copy()
            self._ids[rows] = -1
            row_set = set(rows)
            for cid in [c for c in chunk_ids_list if self._rows.get(c) in row_set]:
                del self._rows[cid]
            return len(rows)

    def reconcile(self, chunk_ids: Iterable[int]) -> list[int]:
        """Drops rows of chunks not in `chunk_ids`; returns the chunk ids with no vector yet."""
        wanted = set(chunk_ids)
        with self._lock:
            self._refresh()
            gone = [c for c in self._rows if c not in wanted]
            if gone:
                self.remove(gone)
            missing = sorted(wanted - set(self._rows))
            self.compact()
            return missing

    def compact(self, force: bool = False) -> bool:
        """Rewrites the files without dead rows when they are most of them."""
        with self._lock:
            self._refresh()
            total = self._loaded_rows if self._loaded_rows > 0 else 0
            live = len(self._rows)
            dead = total - live
            if not force and (dead < COMPACT_MIN_DEAD or dead < live):
                return False
            matrix = self._mapped()
            if matrix is None:
                return False
            keep = np.flatnonzero(self._ids >= 0)
            vec_tmp = self._vec_path.with_suffix(".tmp")
            ids_tmp = self._ids_path.with_suffix(".tmp")
            np.ascontiguousarray(matrix[keep]).tofile(vec_tmp)
            self._ids[keep].tofile(ids_tmp)
            del matrix
            self._matrix = None  # release the mapping before replacing the file (Windows)
            os.replace(vec_tmp, self._vec_path)
            os.replace(ids_tmp, self._ids_path)
            self._loaded_size = (-1, -1)
            self._refresh()
            return True

    def clear(self) -> None:
        """Deletes every vector (the embedder changed)."""
        with self._lock:
            self._matrix = None
            for path in (self._vec_path, self._ids_path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            self._loaded_size = (-1, -1)
            self._refresh()

    def flush(self) -> None:
        """Makes appended rows durable (called once per indexing run, not per file)."""
        with self._lock:
            for path in (self._vec_path, self._ids_path):
                if path.exists():
                    with open(path, "rb+") as fh:
                        os.fsync(fh.fileno())


def _truncate(path: Path, size: int) -> None:
    try:
        if path.stat().st_size > size:
            with open(path, "r+b") as fh:
                fh.truncate(size)
    except FileNotFoundError:
        pass


def delete_folder(folder: Path) -> None:
    """Removes a base's vector folder (the base was deleted)."""
    shutil.rmtree(folder, ignore_errors=True)
