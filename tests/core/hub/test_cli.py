"""`tessera models ...` end to end against the loopback Hub and a real data folder."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from tests.fixtures.hub import REPO


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_and_files_with_fit(hub, tiny_repo, capsys, data_dir) -> None:
    code, out, _ = run(capsys, "models", "search", "tiny")
    assert code == 0 and REPO in out and "downloads 1,234" in out
    code, out, _ = run(capsys, "models", "search", "tiny", "--json")
    assert json.loads(out)["results"][0]["repo_id"] == REPO
    code, out, _ = run(capsys, "models", "files", REPO, "--json")
    files = {f["name"]: f for f in json.loads(out)["files"]}
    assert files["big/tiny-F16-00001-of-00002.gguf"]["parts"] == [
        "big/tiny-F16-00001-of-00002.gguf",
        "big/tiny-F16-00002-of-00002.gguf",
    ]
    assert all(
        f["fit"] in ("gpu", "partial", "cpu", "too_large")
        for f in files.values()
        if not f["projector"]
    )
    assert sum(f["recommended"] for f in files.values()) == 1
    code, out, _ = run(capsys, "models", "files", REPO)
    assert code == 0 and "tiny-Q4_K_M.gguf" in out and "(2 parts)" in out and "* " in out


def test_download_list_remove(hub, tiny_repo, capsys, data_dir) -> None:
    hub.fault("tiny-Q4_K_M.gguf", "cut")
    code, out, err = run(capsys, "models", "download", REPO, "tiny-Q4_K_M.gguf")
    assert code == 0, err
    path = out.strip()
    assert path.endswith("models/acme/Tiny-GGUF/tiny-Q4_K_M.gguf")
    assert "sha256 verified" in err
    code, out, err = run(capsys, "models", "download", REPO, "tiny-Q4_K_M.gguf")
    assert code == 0 and "already installed" in err and out.strip() == path
    code, out, _ = run(capsys, "models", "list", "--json")
    (model,) = json.loads(out)
    assert model["hub_repo"] == REPO and model["path"] == path
    code, out, _ = run(capsys, "models", "remove", str(model["id"]), "--yes")
    assert code == 0 and "deleted 1 file" in out
    code, out, _ = run(capsys, "models", "list")
    assert "No models installed" in out


def test_add_and_errors(hub, tiny_repo, capsys, data_dir, tiny_model_path, broken_models) -> None:
    code, out, _ = run(capsys, "models", "add", str(tiny_model_path), "--reference")
    assert code == 0 and out.startswith("added ")
    code, _, err = run(capsys, "models", "add", str(broken_models["truncated"]))
    assert code == 1 and "error:" in err
    code, _, err = run(capsys, "models", "download", REPO, "nope.gguf")
    assert code == 1 and "is not a .gguf file of" in err
    code, _, err = run(capsys, "models", "files", "nobody/none")
    assert code == 1 and "not found" in err
    code, _, err = run(capsys, "models", "remove", "999", "--yes")
    assert code == 1 and "no model 999" in err
    code, out, err = run(capsys, "models", "token", "status")
    assert "no token stored" in out and "keyring" in err
