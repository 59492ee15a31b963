"""Search, paging and repo listings against the loopback Hub, through HF_ENDPOINT."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop.core.hub import HubConfig, HubError, HubService
from tests.fixtures.hub import REPO


def test_search_pages_through_results_sorted_by_downloads(hub, service) -> None:
    for i in range(70):
        hub.add_repo(f"user{i}/Model{i}-GGUF", {"m-Q4_0.gguf": b"x"}, downloads=i)
    hub.add_repo("other/NotGGUF", {"m.gguf": b"x"}, tags=["safetensors"], downloads=999)

    first = service.search("", page=0, page_size=30)
    assert [r.repo_id for r in first.results[:2]] == ["user69/Model69-GGUF", "user68/Model68-GGUF"]
    assert len(first.results) == 30 and first.has_more
    third = service.search("", page=2, page_size=30)
    assert len(third.results) == 10 and not third.has_more
    assert third.results[-1].repo_id == "user0/Model0-GGUF"
    seen = [r.repo_id for p in (0, 1, 2) for r in service.search("", page=p, page_size=30).results]
    assert len(seen) == len(set(seen)) == 70  # no repo twice, none lost, no non-GGUF repo
    # The server caps pages at 50: page 2 needed huggingface_hub to follow its Link header.
    assert any("cursor=" in r.path for r in hub.requests_for("/api/models"))


def test_search_text_and_other_sort_orders(hub, service) -> None:
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    hub.add_repo("a/Llama-GGUF", {"x.gguf": b"x"}, likes=5, trending=1.0, last_modified=now)
    hub.add_repo(
        "b/llama-small-GGUF",
        {"x.gguf": b"x"},
        likes=50,
        trending=0.5,
        last_modified=now - timedelta(days=3),
    )
    hub.add_repo("c/Qwen-GGUF", {"x.gguf": b"x"}, likes=500)
    assert [r.repo_id for r in service.search("LLAMA", sort="likes").results] == [
        "b/llama-small-GGUF",
        "a/Llama-GGUF",
    ]
    assert service.search("llama", sort="trending").results[0].repo_id == "a/Llama-GGUF"
    assert service.search("llama", sort="updated").results[0].repo_id == "a/Llama-GGUF"
    assert service.search("no such thing").results == ()
    with pytest.raises(ValueError):
        service.search("x", sort="stars")  # type: ignore[arg-type]


def test_result_card_fields(hub, tiny_repo, service) -> None:
    hub.add_repo("locked/Gated-GGUF", {"g-Q4_0.gguf": b"x"}, gated="manual", token="hf_ok")
    results = {r.repo_id: r for r in service.search("GGUF").results}
    tiny = results[REPO]
    assert (tiny.author, tiny.downloads, tiny.likes) == ("acme", 1234, 56)
    assert tiny.license == "apache-2.0"
    assert tiny.base_model == "acme/Tiny"
    assert tiny.last_modified is not None and not tiny.gated
    assert results["locked/Gated-GGUF"].gated


def test_listing_groups_splits_and_reads_lfs_hashes(tiny_repo, service) -> None:
    listing = service.list_files(REPO)
    names = [m.name for m in listing.models]
    assert "config.json" not in names
    assert names == [
        "big/tiny-F16-00001-of-00002.gguf",
        "mmproj-tiny-F16.gguf",
        "tiny-Q4_K_M.gguf",
        "tiny-Q8_0.gguf",
    ]
    split = listing.find("big/tiny-F16-00002-of-00002.gguf")
    assert split is not None and split.is_split and split.complete
    assert split.size == 1_300_000 and split.quantization == "F16"
    assert listing.find("mmproj-tiny-F16.gguf").projector  # type: ignore[union-attr]
    import hashlib

    q4 = listing.find("tiny-Q4_K_M.gguf")
    assert (
        q4 is not None
        and q4.files[0].sha256 == hashlib.sha256(tiny_repo["tiny-Q4_K_M.gguf"]).hexdigest()
    )
    assert (listing.n_params, listing.architecture, listing.context_length) == (
        1_500_000_000,
        "llama",
        4096,
    )
    assert listing.license == "apache-2.0" and len(listing.revision) == 40


def test_listing_refuses_hostile_names(hub, service) -> None:
    hub.add_repo("evil/Repo", {"../../escape.gguf": b"x", "ok-Q4_0.gguf": b"y", "a/./b.gguf": b"z"})
    listing = service.list_files("evil/Repo")
    assert [m.name for m in listing.models] == ["ok-Q4_0.gguf"]
    assert set(listing.rejected) == {"../../escape.gguf", "a/./b.gguf"}


def test_model_card_is_markdown_without_front_matter(tiny_repo, service) -> None:
    card = service.model_card(REPO, service.list_files(REPO).revision)
    assert card.startswith("# Tiny GGUF") and "你好" in card and "license:" not in card


def test_gated_repo_lists_and_private_repo_needs_the_token(hub, service) -> None:
    hub.add_repo("locked/Gated-GGUF", {"g-Q4_0.gguf": b"x"}, gated="manual", token="hf_secret")
    hub.add_repo("me/Private-GGUF", {"p-Q4_0.gguf": b"x"}, private=True, token="hf_secret")
    gated = service.list_files("locked/Gated-GGUF")  # metadata is public, as on the Hub
    assert gated.gated and [m.name for m in gated.models] == ["g-Q4_0.gguf"]
    with pytest.raises(HubError) as info:
        service.list_files("me/Private-GGUF")
    assert info.value.kind == "not_found" and "private" in info.value.message
    authed = HubService(HubConfig.from_settings(token="hf_secret"))
    assert [m.name for m in authed.list_files("me/Private-GGUF").models] == ["p-Q4_0.gguf"]
    assert "me/Private-GGUF" not in [r.repo_id for r in service.search("GGUF").results]


def test_missing_repo_and_revision(hub, tiny_repo, service) -> None:
    with pytest.raises(HubError) as info:
        service.list_files("nobody/Nothing")
    assert info.value.kind == "not_found" and "nobody/Nothing" in info.value.message
    with pytest.raises(HubError) as info:
        service.list_files(REPO, revision="no-such-branch")
    assert info.value.kind == "not_found"
    with pytest.raises(HubError) as info:
        service.list_files("../etc")
    assert info.value.kind == "bad_name"


def test_no_network_is_a_clear_offline_error() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = HubService(
        HubConfig.from_settings(f"http://127.0.0.1:{port}"), retries=1, backoff_base=0.01
    )
    with pytest.raises(HubError) as info:
        dead.search("llama")
    assert info.value.kind == "offline" and "network" in info.value.message


def test_endpoint_setting_wins_and_bad_endpoints_are_refused(hub, monkeypatch) -> None:
    assert HubConfig.from_settings().endpoint == hub.endpoint  # from HF_ENDPOINT
    assert HubConfig.from_settings("https://mirror.example/").endpoint == "https://mirror.example"
    monkeypatch.delenv("HF_ENDPOINT")
    assert HubConfig.from_settings().endpoint == "https://huggingface.co"
    with pytest.raises(ValueError):
        HubConfig.from_settings("ftp://x")
