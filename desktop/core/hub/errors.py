"""Hub and download failures, each with a message a user can act on."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Literal

HubErrorKind = Literal[
    "gated",  # 401/403 on a gated repo: accept the license, set a token
    "unauthorized",  # 401/403 without the gated code: private repo or bad token
    "not_found",  # 404 (repo, revision or file)
    "rate_limited",  # 429 after our retries
    "offline",  # cannot connect / DNS / timeouts after our retries
    "server",  # 5xx after our retries
    "disk_full",  # not enough free space, before or while writing
    "checksum",  # sha256 or size mismatch after the transfer
    "bad_name",  # a hostile or non-GGUF file name from the Hub
    "protocol",  # the server answered something we cannot use
]


class HubError(Exception):
    """A failure with a kind (for code) and a sentence (for people)."""

    def __init__(
        self,
        kind: HubErrorKind,
        message: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind: HubErrorKind = kind
        self.message = message
        self.retryable = retryable
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)

    def __str__(self) -> str:
        return self.message


def gated_message(repo_id: str, endpoint: str) -> str:
    return (
        f"{repo_id} is gated: open {endpoint.rstrip('/')}/{repo_id}, accept its license while "
        "signed in, then set your Hugging Face access token in Settings (or `tessera models "
        "token set`)."
    )


def offline_message(endpoint: str) -> str:
    return f"Cannot reach {endpoint}: check your network connection (or the endpoint setting)."


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or
    unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def from_http_status(
    status: int,
    *,
    repo_id: str,
    endpoint: str,
    error_code: str | None = None,
    what: str = "",
    retry_after: str | None = None,
) -> HubError:
    """Maps a Hub HTTP status (+ its X-Error-Code and Retry-After headers) to a HubError."""
    target = what or repo_id
    wait = parse_retry_after(retry_after)
    if error_code == "GatedRepo":
        return HubError("gated", gated_message(repo_id, endpoint))
    if status in (401, 403):
        if error_code == "RepoNotFound":
            return HubError(
                "not_found",
                f"{repo_id} was not found on {endpoint} (or it is private and your token "
                "cannot see it).",
            )
        return HubError(
            "unauthorized",
            f"Access to {target} was refused ({status}): the repository is private or your "
            "Hugging Face token is missing or invalid. Set a token in Settings.",
        )
    if status == 404:
        if error_code == "RevisionNotFound":
            return HubError("not_found", f"That revision of {repo_id} does not exist.")
        return HubError("not_found", f"{target} was not found on {endpoint} (404).")
    if status == 429:
        when = f"Wait {_duration(wait)}" if wait else "Wait a few minutes"
        return HubError(
            "rate_limited",
            f"{endpoint} is rate-limiting requests (429). {when} and try again; "
            "setting a token raises the limit.",
            retryable=True,
            retry_after=wait,
        )
    if status == 416:
        return HubError("protocol", f"The server refused the byte range for {target} (416).")
    if status >= 500:
        return HubError(
            "server",
            f"{endpoint} had a server error ({status}); try again later.",
            retryable=True,
            retry_after=wait,
        )
    return HubError("protocol", f"Unexpected answer {status} from {endpoint} for {target}.")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
