"""Downloads against the loopback Hub: resume, retries, verification, errors, restart."""

from __future__ import annotations

import hashlib

import pytest

from desktop.core.hub import HubConfig, HubError
from desktop.core.hub.search import RemoteFile, RemoteModel
from tests.fixtures.hub import REPO, installed_files

TIMEOUT = 30


def _download(service, manager, name: str):
    listing = service.list_files(REPO)
    model = listing.find(name)
    assert model is not None
    job = manager.enqueue(REPO, listing.revision, model)
    return manager.wait(job, TIMEOUT)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_is_verified_and_moved_into_the_repo_folder(
    tiny_repo, service, make_manager, paths
):
    manager = make_manager()
    snap = _download(service, manager, "tiny-Q4_K_M.gguf")
    assert snap.state == "done", snap.error
    assert snap.downloaded == snap.total == 3_000_000 and snap.fraction == 1.0
    target = paths.models / "acme" / "Tiny-GGUF" / "tiny-Q4_K_M.gguf"
    assert snap.installed == (str(target),)
    assert target.read_bytes() == tiny_repo["tiny-Q4_K_M.gguf"]
    assert list(paths.downloads.iterdir()) == []  # no partial or sidecar left behind


def test_split_model_downloads_as_one_job(tiny_repo, service, make_manager, paths):
    snap = _download(service, make_manager(), "big/tiny-F16-00002-of-00002.gguf")
    assert snap.state == "done", snap.error
    assert snap.total == 1_300_000 and len(snap.installed) == 2
    assert installed_files(paths) == [
        "acme/Tiny-GGUF/big/tiny-F16-00001-of-00002.gguf",
        "acme/Tiny-GGUF/big/tiny-F16-00002-of-00002.gguf",
    ]


def test_connection_cut_midway_is_resumed_with_range(hub, tiny_repo, service, make_manager, paths):
    hub.fault("tiny-Q8_0.gguf", "cut", "cut")
    snap = _download(service, make_manager(), "tiny-Q8_0.gguf")
    assert snap.state == "done", snap.error
    assert snap.retries == 2
    ranges = [r.headers.get("range") for r in hub.requests_for("tiny-Q8_0.gguf", origin="cdn")]
    assert ranges[0] is None and all(r and r.startswith("bytes=") for r in ranges[1:])
    assert len(ranges) == 3
    assert (
        _sha(paths.models / REPO / "tiny-Q8_0.gguf")
        == hashlib.sha256(tiny_repo["tiny-Q8_0.gguf"]).hexdigest()
    )


def test_429_and_5xx_are_retried_with_backoff(hub, tiny_repo, service, make_manager):
    hub.fault("tiny-Q4_K_M.gguf", "429", "503", "500")
    snap = _download(service, make_manager(), "tiny-Q4_K_M.gguf")
    assert snap.state == "done", snap.error
    assert snap.retries == 3


def test_a_rate_limit_waits_as_long_as_the_server_asks(hub, tiny_repo, service, make_manager):
    hub.fault("tiny-Q4_K_M.gguf", "429@1")
    snap = _download(service, make_manager(), "tiny-Q4_K_M.gguf")  # own backoff: 0.01 s
    assert snap.state == "done", snap.error
    gets = [r for r in hub.requests_for("tiny-Q4_K_M.gguf") if r.method == "GET"]
    refused = next(i for i, r in enumerate(gets) if r.origin == "cdn")
    assert gets[-1].at - gets[refused].at >= 0.9


def test_rate_limit_message_says_how_long_to_wait() -> None:
    from desktop.core.hub.errors import from_http_status, parse_retry_after

    error = from_http_status(429, repo_id="r/m", endpoint="https://hub", retry_after="120")
    assert error.retry_after == 120 and "Wait 2 min" in error.message
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_server_errors_give_up_with_a_clear_message(hub, tiny_repo, service, make_manager, paths):
    hub.fault("tiny-Q4_K_M.gguf", *["500"] * 10)
    snap = _download(service, make_manager(max_attempts=3), "tiny-Q4_K_M.gguf")
    assert snap.state == "failed" and snap.error_kind == "server"
    assert "server error (500)" in str(snap.error or "")
    assert installed_files(paths) == []


def test_rate_limit_that_persists_says_so(hub, tiny_repo, service, make_manager):
    hub.fault("tiny-Q4_K_M.gguf", *["429"] * 10)
    snap = _download(service, make_manager(max_attempts=2), "tiny-Q4_K_M.gguf")
    assert snap.state == "failed" and snap.error_kind == "rate_limited"
    assert "429" in str(snap.error or "")


def test_checksum_mismatch_is_rejected_and_removed(hub, tiny_repo, service, make_manager, paths):
    hub.state.corrupt.add("tiny-Q4_K_M.gguf")
    snap = _download(service, make_manager(), "tiny-Q4_K_M.gguf")
    assert snap.state == "failed" and snap.error_kind == "checksum"
    assert "checksum" in str(snap.error or "")
    assert installed_files(paths) == []
    assert not list(paths.downloads.rglob("*.partial"))


def test_server_ignoring_range_restarts_cleanly(hub, tiny_repo, service, make_manager, paths):
    hub.fault("tiny-Q8_0.gguf", "cut")
    hub.state.ignore_range.add("tiny-Q8_0.gguf")
    snap = _download(service, make_manager(), "tiny-Q8_0.gguf")
    assert snap.state == "done", snap.error
    assert (paths.models / REPO / "tiny-Q8_0.gguf").read_bytes() == tiny_repo["tiny-Q8_0.gguf"]


def test_gated_download_needs_the_token_and_it_never_reaches_the_cdn(
    hub, service, make_manager, paths
):
    hub.add_repo(
        "locked/Gated-GGUF",
        {"g-Q4_0.gguf": b"gated bytes" * 1000},
        gated="manual",
        token="hf_secret",
    )
    authed = HubConfig.from_settings(token="hf_secret")
    from desktop.core.hub import HubService

    listing = HubService(authed).list_files("locked/Gated-GGUF")
    model = listing.models[0]

    anonymous = make_manager()
    snap = anonymous.wait(anonymous.enqueue("locked/Gated-GGUF", listing.revision, model), TIMEOUT)
    assert snap.state == "failed" and snap.error_kind == "gated"
    assert "accept its license" in str(snap.error or "")
    anonymous.forget(snap.job_id)

    manager = make_manager(authed)
    snap = manager.wait(manager.enqueue("locked/Gated-GGUF", listing.revision, model), TIMEOUT)
    assert snap.state == "done", snap.error
    hub_side = hub.requests_for("g-Q4_0.gguf", origin="hub")
    cdn_side = hub.requests_for("g-Q4_0.gguf", origin="cdn")
    assert hub_side[-1].headers.get("authorization") == "Bearer hf_secret"
    assert cdn_side and all("authorization" not in r.headers for r in cdn_side)


def test_file_gone_from_the_hub_is_a_404(hub, tiny_repo, service, make_manager):
    listing = service.list_files(REPO)
    model = listing.find("tiny-Q8_0.gguf")
    del hub.state.repos[REPO].files["tiny-Q8_0.gguf"]
    manager = make_manager()
    snap = manager.wait(manager.enqueue(REPO, listing.revision, model), TIMEOUT)  # type: ignore[arg-type]
    assert snap.state == "failed" and snap.error_kind == "not_found"
    assert "tiny-Q8_0.gguf" in str(snap.error or "")


def test_not_enough_disk_space_fails_before_downloading(
    hub, tiny_repo, service, make_manager, paths
):
    manager = make_manager(disk_free=lambda _path: 10_000_000)
    snap = _download(service, manager, "tiny-Q8_0.gguf")
    assert snap.state == "failed" and snap.error_kind == "disk_full"
    assert "Not enough disk space" in str(snap.error or "") and "free" in str(snap.error or "")
    assert hub.requests_for("tiny-Q8_0.gguf", origin="cdn") == []


def test_disk_full_while_writing_keeps_the_partial(
    hub, tiny_repo, service, make_manager, paths, monkeypatch
):
    import errno

    from desktop.core.hub import transfer

    real_open = open
    written = {"n": 0}

    class FullDisk:
        def __init__(self, f):
            self.f = f

        def write(self, chunk):
            if written["n"] >= 1_000_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            written["n"] += len(chunk)
            return self.f.write(chunk)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    def fake_open(path, mode="r", *args, **kwargs):
        f = real_open(path, mode, *args, **kwargs)
        return FullDisk(f) if "a" in mode or "w" in mode else f

    monkeypatch.setattr(transfer, "open", fake_open, raising=False)
    snap = _download(service, make_manager(), "tiny-Q4_K_M.gguf")
    assert snap.state == "failed" and snap.error_kind == "disk_full"
    assert "disk is full" in str(snap.error or "") and snap.downloaded >= 1_000_000
    assert installed_files(paths) == []


def test_hostile_names_are_refused_at_enqueue(tiny_repo, service, make_manager, paths):
    manager = make_manager()
    revision = service.list_files(REPO).revision
    for bad in ("../../../escape.gguf", "/abs/x.gguf", "notes.txt"):
        model = RemoteModel(bad, (RemoteFile(bad, 10, None),), None, True, False)
        with pytest.raises(HubError) as info:
            manager.enqueue(REPO, revision, model)
        assert info.value.kind == "bad_name"
    with pytest.raises(HubError):
        manager.enqueue(
            "../x",
            revision,
            RemoteModel("a.gguf", (RemoteFile("a.gguf", 1, None),), None, True, False),
        )
    assert manager.snapshots() == []


def test_missing_hashes_come_from_head_and_are_still_verified(
    hub, tiny_repo, service, make_manager, paths
):
    revision = service.list_files(REPO).revision
    bare = RemoteModel(
        "tiny-Q4_K_M.gguf", (RemoteFile("tiny-Q4_K_M.gguf", None, None),), "Q4_K_M", True, False
    )
    manager = make_manager()
    snap = manager.wait(manager.enqueue(REPO, revision, bare), TIMEOUT)
    assert snap.state == "done" and snap.total == 3_000_000
    assert [r.method for r in hub.requests_for("tiny-Q4_K_M.gguf", origin="hub")][0] == "HEAD"
    hub.state.corrupt.add("tiny-Q8_0.gguf")
    bare8 = RemoteModel(
        "tiny-Q8_0.gguf", (RemoteFile("tiny-Q8_0.gguf", None, None),), "Q8_0", True, False
    )
    snap = manager.wait(manager.enqueue(REPO, revision, bare8), TIMEOUT)
    assert snap.state == "failed" and snap.error_kind == "checksum"


def test_pause_resume_and_cancel(hub, tiny_repo, service, make_manager, paths, qtbot=None):
    import threading

    hub.state.slow.add("tiny-Q8_0.gguf")
    listing = service.list_files(REPO)
    manager = make_manager()
    job = manager.enqueue(REPO, listing.revision, listing.find("tiny-Q8_0.gguf"))  # type: ignore[arg-type]
    _wait_for(lambda: manager.snapshot(job).downloaded > 200_000)
    running = manager.snapshot(job)
    assert running.state == "running" and running.speed > 0 and running.eta is not None
    manager.pause(job)
    _wait_for(lambda: manager.snapshot(job).state == "paused")
    paused_at = manager.snapshot(job).downloaded
    # Nothing moves while paused: the job's thread has ended and the bytes on disk are the
    # bytes counted (a resume continues from there).
    _wait_for(lambda: not any(t.name == f"download-{job[:8]}" for t in threading.enumerate()))
    assert manager.snapshot(job).downloaded == paused_at
    partials = list(paths.downloads.rglob("*.partial"))
    assert partials and sum(p.stat().st_size for p in partials) == paused_at
    hub.state.slow.discard("tiny-Q8_0.gguf")
    manager.resume(job)
    snap = manager.wait(job, TIMEOUT)
    assert snap.state == "done", snap.error
    assert (paths.models / REPO / "tiny-Q8_0.gguf").read_bytes() == tiny_repo["tiny-Q8_0.gguf"]

    hub.state.slow.add("tiny-Q4_K_M.gguf")
    job2 = manager.enqueue(REPO, listing.revision, listing.find("tiny-Q4_K_M.gguf"))  # type: ignore[arg-type]
    _wait_for(lambda: manager.snapshot(job2).downloaded > 100_000)
    manager.cancel(job2)
    _wait_for(lambda: manager.snapshot(job2).state == "cancelled")
    assert not (paths.downloads / job2).exists()
    assert "acme/Tiny-GGUF/tiny-Q4_K_M.gguf" not in installed_files(paths)


def test_resume_after_restart_uses_the_partial(hub, tiny_repo, service, make_manager, paths):
    listing = service.list_files(REPO)
    model = listing.find("tiny-Q8_0.gguf")
    hub.fault("tiny-Q8_0.gguf", "cut", "500", "500")
    first = make_manager(max_attempts=2)
    job = first.enqueue(REPO, listing.revision, model)  # type: ignore[arg-type]
    snap = first.wait(job, TIMEOUT)
    assert snap.state == "failed" and 0 < snap.downloaded < 5_000_000
    first.shutdown()
    assert installed_files(paths) == []  # a partial is never installed

    second = make_manager()  # the app starts again
    restored = second.snapshot(job)
    assert restored.state == "paused" and restored.downloaded == snap.downloaded
    assert second.resume_all() == [job]
    done = second.wait(job, TIMEOUT)
    assert done.state == "done", done.error
    last = hub.requests_for("tiny-Q8_0.gguf", origin="cdn")[-1]
    assert last.headers.get("range") == f"bytes={snap.downloaded}-"
    assert (paths.models / REPO / "tiny-Q8_0.gguf").read_bytes() == tiny_repo["tiny-Q8_0.gguf"]


def test_enqueue_same_model_again_continues_the_partial(
    hub, tiny_repo, service, make_manager, paths
):
    listing = service.list_files(REPO)
    model = listing.find("tiny-Q8_0.gguf")
    hub.fault("tiny-Q8_0.gguf", "cut", "500", "500")
    first = make_manager(max_attempts=2)
    job = first.enqueue(REPO, listing.revision, model)  # type: ignore[arg-type]
    assert first.wait(job, TIMEOUT).state == "failed"
    first.shutdown()
    again = make_manager()
    assert again.enqueue(REPO, listing.revision, model) == job  # type: ignore[arg-type]
    assert again.wait(job, TIMEOUT).state == "done"
    assert hub.requests_for("tiny-Q8_0.gguf", origin="cdn")[-1].headers.get("range")


def test_corrupt_sidecar_is_ignored(paths, make_manager):
    bad = paths.downloads / "deadbeef"
    bad.mkdir()
    (bad / "job.json").write_text("{not json", encoding="utf-8")
    (paths.downloads / "evil").mkdir()
    (paths.downloads / "evil" / "job.json").write_text(
        '{"repo_id": "a/b", "revision": "x", "endpoint": "http://h", "name": "../x.gguf",'
        ' "parts": [{"path": "../../x.gguf", "url": "http://h", "size": 1, "sha256": null}]}',
        encoding="utf-8",
    )
    assert make_manager().snapshots() == []


def _wait_for(predicate, timeout: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_pause_is_prompt_even_when_the_server_stalls(hub, tiny_repo, service, make_manager, paths):
    hub.fault("tiny-Q8_0.gguf", "stall")
    listing = service.list_files(REPO)
    manager = make_manager(read_timeout=60)
    job = manager.enqueue(REPO, listing.revision, listing.find("tiny-Q8_0.gguf"))  # type: ignore[arg-type]
    _wait_for(lambda: manager.snapshot(job).downloaded > 0)
    manager.pause(job)
    # Paused well within the 60 s read timeout it would otherwise wait out.
    _wait_for(lambda: manager.snapshot(job).state == "paused", timeout=30)
    manager.resume(job)
    assert manager.wait(job, TIMEOUT).state == "done"
    assert (paths.models / REPO / "tiny-Q8_0.gguf").read_bytes() == tiny_repo["tiny-Q8_0.gguf"]


def test_an_installed_model_is_not_downloaded_twice(hub, tiny_repo, service, make_manager, paths):
    manager = make_manager()
    assert _download(service, manager, "tiny-Q4_K_M.gguf").state == "done"
    before = len(hub.requests_for("tiny-Q4_K_M.gguf", origin="cdn"))
    again = _download(service, make_manager(), "tiny-Q4_K_M.gguf")
    assert again.state == "done" and again.installed and again.downloaded == 3_000_000
    assert len(hub.requests_for("tiny-Q4_K_M.gguf", origin="cdn")) == before
    assert list(paths.downloads.iterdir()) == []


def test_no_network_retries_then_says_so(tiny_repo, service, make_manager, paths):
    import socket

    listing = service.list_files(REPO)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    manager = make_manager(HubConfig.from_settings(dead), max_attempts=2)
    snap = manager.wait(
        manager.enqueue(REPO, listing.revision, listing.find("tiny-Q4_K_M.gguf")), TIMEOUT
    )  # type: ignore[arg-type]
    assert snap.state == "failed" and snap.error_kind == "offline"
    assert "check your network" in str(snap.error or "") and snap.retries == 1


def test_rapid_pause_resume_keeps_one_writer_and_a_correct_file(
    hub, tiny_repo, service, make_manager, paths
):
    hub.state.slow.add("tiny-Q8_0.gguf")
    listing = service.list_files(REPO)
    manager = make_manager()
    job = manager.enqueue(REPO, listing.revision, listing.find("tiny-Q8_0.gguf"))  # type: ignore[arg-type]
    for _ in range(15):
        manager.pause(job)
        manager.resume(job)
    _wait_for(lambda: manager.snapshot(job).downloaded > 0)
    manager.pause(job)
    _wait_for(lambda: manager.snapshot(job).state == "paused")  # the last thread obeyed
    hub.state.slow.discard("tiny-Q8_0.gguf")
    manager.resume(job)
    assert manager.wait(job, TIMEOUT).state == "done"
    assert (paths.models / REPO / "tiny-Q8_0.gguf").read_bytes() == tiny_repo["tiny-Q8_0.gguf"]
    manager.cancel(job)  # cancelling a finished download changes nothing
    assert manager.snapshot(job).state == "done"
    assert (paths.models / REPO / "tiny-Q8_0.gguf").exists()


def test_a_file_larger_than_listed_is_refused(hub, tiny_repo, service, make_manager, paths):
    listing = service.list_files(REPO)
    model = listing.find("tiny-Q4_K_M.gguf")
    assert model is not None
    small = RemoteModel(
        model.name,
        (RemoteFile(model.name, 1_000_000, model.files[0].sha256),),
        "Q4_K_M",
        True,
        False,
    )
    manager = make_manager()
    snap = manager.wait(manager.enqueue(REPO, listing.revision, small), TIMEOUT)
    assert (
        snap.state == "failed"
        and snap.error_kind == "checksum"
        and "more than" in str(snap.error or "")
    )
    assert installed_files(paths) == [] and not list(paths.downloads.rglob("*.partial"))


def test_chinese_file_names_download_and_install(hub, service, make_manager, paths):
    from tests.fixtures.hub_server import make_payload

    data = make_payload(200_000, 9)
    hub.add_repo("acme/Chinese-GGUF", {"子目录/模型-Q4_K_M.gguf": data})
    listing = service.list_files("acme/Chinese-GGUF")
    (model,) = listing.models
    assert model.quantization == "Q4_K_M"
    manager = make_manager()
    snap = manager.wait(manager.enqueue("acme/Chinese-GGUF", listing.revision, model), TIMEOUT)
    assert snap.state == "done", snap.error
    assert (paths.models / "acme/Chinese-GGUF/子目录/模型-Q4_K_M.gguf").read_bytes() == data
    assert service.search("模型").results == ()  # Chinese search text is sent and answered


@pytest.mark.parametrize("cores", [1, 8])
def test_hashing_inline_or_on_a_thread_verifies_the_same(
    hub, tiny_repo, service, make_manager, paths, monkeypatch, cores
):
    import hashlib
    import os

    from desktop.core.hub import transfer

    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    chunks = [bytes([i]) * 70_000 for i in range(40)]
    for threaded in (False, True):
        hasher = transfer.StreamingHasher(threaded=threaded)
        for c in chunks:
            hasher.update(memoryview(c))
        assert hasher.close().hexdigest() == hashlib.sha256(b"".join(chunks)).hexdigest()
    # A whole download through the ring of reused buffers, on the chosen hashing path.
    snap = _download(service, make_manager(), "tiny-Q8_0.gguf")
    assert snap.state == "done", snap.error
    assert (paths.models / REPO / "tiny-Q8_0.gguf").read_bytes() == tiny_repo["tiny-Q8_0.gguf"]


@pytest.mark.parametrize("listed", [-5, -(2**63), 2**62, True, "12"], ids=str)
def test_a_listing_with_an_impossible_size_still_downloads_and_verifies(
    hub, tiny_repo, service, make_manager, paths, listed
):
    """The Hub's listing is the server's word: a negative or absurd size is unknown, not a
    crash of the download job; the sha256 still proves the file."""
    listing = service.list_files(REPO)
    model = listing.find("tiny-Q4_K_M.gguf")
    assert model is not None
    real = model.files[0]
    lying = RemoteModel(
        model.name, (RemoteFile(real.path, listed, real.sha256),), model.quantization, True, False
    )
    assert lying.files[0].size is None and lying.size is None
    manager = make_manager()
    snap = manager.wait(manager.enqueue(REPO, listing.revision, lying), TIMEOUT)
    assert snap.state == "done", snap.error
    target = paths.models / "acme" / "Tiny-GGUF" / "tiny-Q4_K_M.gguf"
    assert target.read_bytes() == tiny_repo["tiny-Q4_K_M.gguf"]


def test_a_listing_served_with_a_negative_size_is_read_as_unknown(hub, tiny_repo, service):
    hub.state.repos[REPO].files["tiny-Q8_0.gguf"].listed_size = -1
    listing = service.list_files(REPO)
    model = listing.find("tiny-Q8_0.gguf")
    assert model is not None and model.files[0].size is None
