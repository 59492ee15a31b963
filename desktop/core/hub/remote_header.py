"""Read a GGUF header straight from the Hub with a Range request, for exact fit estimates.

Only the first few MB are fetched (metadata and tensor table; the weights follow them), then
parsed by desktop.core.gguf against the file's full size.
"""

from __future__ import annotations

import http.client
import logging
from urllib.parse import urljoin

from desktop.core.gguf import GGUFError, GGUFHeaderTruncated, parse_gguf_header
from desktop.core.hub.config import HubConfig, resolve_url
from desktop.core.hub.transfer import MAX_REDIRECTS, _open

log = logging.getLogger(__name__)
# Most headers fit in 4 MB; 150k-token vocabularies with merges need up to ~16 MB.
PREFIX_SIZES = (4 * 1024 * 1024, 24 * 1024 * 1024)


def _fetch_prefix(config: HubConfig, url: str, n: int, timeout: float) -> bytes | None:
    for _ in range(MAX_REDIRECTS + 1):
        headers = {
            "Range": f"bytes=0-{n - 1}",
            "Accept-Encoding": "identity",
            "User-Agent": "tessera",
        }
        headers.update(config.auth_headers(url))
        reply = _open(url, headers, timeout)
        try:
            if reply.status in (301, 302, 303, 307, 308) and reply.headers.get("Location"):
                url = urljoin(url, reply.headers["Location"])
                continue
            if reply.status not in (200, 206):
                return None
            data = bytearray()
            for chunk in reply.chunks:
                data += chunk
                if len(data) >= n:
                    break  # a server that ignored Range: stop reading the whole file
            return bytes(data[:n])
        finally:
            reply.close()
    return None


def read_remote_meta(
    config: HubConfig, repo_id: str, revision: str, path: str, size: int, timeout: float = 20.0
):
    """GGUFMeta of a file on the Hub, or None when it cannot be read (never raises)."""
    url = resolve_url(config.endpoint, repo_id, revision, path)
    for n in PREFIX_SIZES:
        try:
            prefix = _fetch_prefix(config, url, min(n, size), timeout)
        except (OSError, http.client.HTTPException) as exc:
            log.info("cannot read the header of %s/%s: %s", repo_id, path, exc)
            return None
        if prefix is None:
            return None
        try:
            return parse_gguf_header(prefix, size, path=path, check_architecture=False)
        except GGUFHeaderTruncated:
            if len(prefix) >= size:
                return None  # the whole file, and still cut short
        except GGUFError:
            return None
        except Exception:  # a parser change must only cost the exact estimate
            log.exception("parsing a remote GGUF header failed")
            return None
    return None
