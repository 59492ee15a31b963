"""Hub and download failures, each with a message a user can act on (code + translatable text)."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Literal

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

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


# --------------------------------------------------------------------------- messages

GATED = MessageSpec(
    "hub.gated",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{repo} is gated: open {url}, accept its license while signed in, then set your Hugging "
        "Face access token in Settings (or `tessera models token set`).",
    ),
)
OFFLINE = MessageSpec(
    "hub.offline",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Cannot reach {endpoint}: check your network connection (or the endpoint setting).",
    ),
)
OFFLINE_MODE = MessageSpec(
    "hub.offline_mode",
    QT_TRANSLATE_NOOP("CoreMessages", "Hugging Face offline mode is on (HF_HUB_OFFLINE)."),
)
REPO_NOT_FOUND = MessageSpec(
    "hub.repo_not_found",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{repo} was not found on {endpoint} (or it is private and your token cannot see it).",
    ),
)
REFUSED = MessageSpec(
    "hub.refused",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Access to {target} was refused ({status}): the repository is private or your Hugging "
        "Face token is missing or invalid. Set a token in Settings.",
    ),
)
REVISION_NOT_FOUND = MessageSpec(
    "hub.revision_not_found",
    QT_TRANSLATE_NOOP("CoreMessages", "That revision of {repo} does not exist."),
)
NOT_FOUND = MessageSpec(
    "hub.not_found",
    QT_TRANSLATE_NOOP("CoreMessages", "{target} was not found on {endpoint} (404)."),
)
RATE_LIMITED = MessageSpec(
    "hub.rate_limited",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{endpoint} is rate-limiting requests (429). Wait {wait} and try again; setting a "
        "token raises the limit.",
    ),
)
RATE_LIMITED_NO_WAIT = MessageSpec(
    "hub.rate_limited.no_wait",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{endpoint} is rate-limiting requests (429). Wait a few minutes and try again; setting "
        "a token raises the limit.",
    ),
)
RANGE_REFUSED = MessageSpec(
    "hub.range_refused",
    QT_TRANSLATE_NOOP("CoreMessages", "The server refused the byte range for {target} (416)."),
)
SERVER_ERROR = MessageSpec(
    "hub.server_error",
    QT_TRANSLATE_NOOP("CoreMessages", "{endpoint} had a server error ({status}); try again later."),
)
UNEXPECTED_STATUS = MessageSpec(
    "hub.unexpected_status",
    QT_TRANSLATE_NOOP("CoreMessages", "Unexpected answer {status} from {endpoint} for {target}."),
)
UNEXPECTED_REPLY = MessageSpec(
    "hub.unexpected_reply",
    QT_TRANSLATE_NOOP("CoreMessages", "Unexpected reply from {endpoint}: {detail}"),
)
SPLIT_INCOMPLETE = MessageSpec(
    "hub.split_incomplete",
    QT_TRANSLATE_NOOP("CoreMessages", "{name}: some parts of this split are missing on the Hub."),
)
ALREADY_DOWNLOADING = MessageSpec(
    "hub.already_downloading", QT_TRANSLATE_NOOP("CoreMessages", "{name} is already downloading.")
)
RETRYING = MessageSpec(
    "hub.retrying", QT_TRANSLATE_NOOP("CoreMessages", "{error} Retrying in {seconds} s.")
)
JOB_CRASHED = MessageSpec(
    "hub.job_crashed", QT_TRANSLATE_NOOP("CoreMessages", "Unexpected error: {error}")
)
NO_DISK_SPACE = MessageSpec(
    "hub.no_disk_space",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Not enough disk space for {name}: it needs {needed} more (plus {margin} headroom) and "
        "only {free} is free in {folder}.",
    ),
)
DISK_FULL_WRITING = MessageSpec(
    "hub.disk_full_writing",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The disk is full while writing {target}. Free some space and resume: the part "
        "already downloaded is kept.",
    ),
)
CANNOT_WRITE = MessageSpec(
    "hub.cannot_write", QT_TRANSLATE_NOOP("CoreMessages", "Cannot write {path}: {reason}.")
)
BAD_REDIRECT = MessageSpec(
    "hub.bad_redirect", QT_TRANSLATE_NOOP("CoreMessages", "Refusing to follow a redirect to {url}.")
)
REDIRECT_WITHOUT_LOCATION = MessageSpec(
    "hub.redirect_without_location",
    QT_TRANSLATE_NOOP("CoreMessages", "Redirect without a location for {target}."),
)
TOO_MANY_REDIRECTS = MessageSpec(
    "hub.too_many_redirects", QT_TRANSLATE_NOOP("CoreMessages", "Too many redirects for {target}.")
)
WRONG_RANGE = MessageSpec(
    "hub.wrong_range",
    QT_TRANSLATE_NOOP("CoreMessages", "The server sent the wrong byte range for {target}."),
)
TOO_MUCH_DATA = MessageSpec(
    "hub.too_much_data",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server sent more than the {size} bytes the Hub lists for {target}; the download "
        "was deleted.",
    ),
)
SHORT_FILE = MessageSpec(
    "hub.short_file",
    QT_TRANSLATE_NOOP("CoreMessages", "{target} ended at {size} bytes, {expected} expected."),
)
CHECKSUM = MessageSpec(
    "hub.checksum",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{target} failed its checksum (sha256 differs from the Hub's): the damaged download was "
        "deleted. Try again; if it repeats, the mirror may be serving bad data.",
    ),
)
TRANSPORT = MessageSpec(
    "hub.transport",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Cannot reach {endpoint}: check your network connection (or the endpoint setting). "
        "({error})",
    ),
)
BAD_REPO_ID = MessageSpec(
    "hub.bad_repo_id",
    QT_TRANSLATE_NOOP("CoreMessages", "'{repo}' is not a repository id of the form owner/name."),
)
UNSAFE_NAME = MessageSpec(
    "hub.unsafe_name",
    QT_TRANSLATE_NOOP("CoreMessages", "Refusing the file name '{name}' from the Hub: unsafe path."),
)
NOT_GGUF_NAME = MessageSpec(
    "hub.not_gguf_name",
    QT_TRANSLATE_NOOP("CoreMessages", "Only .gguf files can be downloaded, not '{name}'."),
)
OUTSIDE_FOLDER = MessageSpec(
    "hub.outside_folder",
    QT_TRANSLATE_NOOP("CoreMessages", "Refusing '{name}': it would be written outside {folder}."),
)


class HubError(UserError):
    """A failure with a kind (for code) and a translatable sentence (for people)."""

    def __init__(
        self,
        kind: HubErrorKind,
        message: Message,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind: HubErrorKind = kind
        self.retryable = retryable
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)


def gated_message(repo_id: str, endpoint: str) -> Message:
    return GATED(repo=repo_id, url=f"{endpoint.rstrip('/')}/{repo_id}")


def offline_message(endpoint: str) -> Message:
    return OFFLINE(endpoint=endpoint)


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
            return HubError("not_found", REPO_NOT_FOUND(repo=repo_id, endpoint=endpoint))
        return HubError("unauthorized", REFUSED(target=target, status=status))
    if status == 404:
        if error_code == "RevisionNotFound":
            return HubError("not_found", REVISION_NOT_FOUND(repo=repo_id))
        return HubError("not_found", NOT_FOUND(target=target, endpoint=endpoint))
    if status == 429:
        message = (
            RATE_LIMITED(endpoint=endpoint, wait=_duration(wait))
            if wait
            else RATE_LIMITED_NO_WAIT(endpoint=endpoint)
        )
        return HubError("rate_limited", message, retryable=True, retry_after=wait)
    if status == 416:
        return HubError("protocol", RANGE_REFUSED(target=target))
    if status >= 500:
        return HubError(
            "server",
            SERVER_ERROR(endpoint=endpoint, status=status),
            retryable=True,
            retry_after=wait,
        )
    return HubError("protocol", UNEXPECTED_STATUS(status=status, endpoint=endpoint, target=target))


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
