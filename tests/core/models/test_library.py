"""The local library on a real SQLite store: import, scan, detect, list, remove."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core.models.library import Library, LibraryError
from desktop.core.paths import DataPaths


@pytest.fixture
def store(paths: DataPaths):
    from desktop.core.store import open_store

    s = open_store(paths)
    yield s
    s.close()


@pytest.fixture
def library(paths: DataPaths, store, tmp_path: Path) -> Library:
    return Library(paths, store.models, hf_cache=tmp_path / "hf", lmstudio_dirs=[tmp_path / "lms"])


def _split_copy(src: Path, folder: Path, stem: str, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for i in range(1, count + 1):
        p = folder / f"{stem}-{i:05d}-of-{count:05d}.gguf"
        shutil.copyfile(src, p)
        parts.append(p)
    return parts


def test_import_copy_reads_the_header(library, tiny_model_path, paths) -> None:
    model = library.import_file(tiny_model_path, "copy")
    assert model.source == "library" and Path(model.path).is_relative_to(paths.models)
    assert tiny_model_path.exists()  # a copy leaves the original
    assert (model.architecture, model.quantization, model.context_length, model.n_layers) == (
        "llama",
        "F16",
        2048,
        2,
    )
    assert (
        model.has_chat_template
        and model.n_params
        and model.size_bytes == tiny_model_path.stat().st_size
    )
    assert not model.missing and model.problem is None
    with pytest.raises(LibraryError, match="already in the library"):
        library.import_file(tiny_model_path, "copy")


def test_import_move_and_reference(library, tiny_model_path, tmp_path, paths) -> None:
    moved_src = tmp_path / "elsewhere" / "模型-Q4_K_M.gguf"  # Chinese names work end to end
    moved_src.parent.mkdir()
    shutil.copyfile(tiny_model_path, moved_src)
    moved = library.import_file(moved_src, "move")
    assert not moved_src.exists() and Path(moved.path).name == "模型-Q4_K_M.gguf"
    ref = library.import_file(tiny_model_path, "reference")
    assert ref.source == "referenced" and ref.path == str(tiny_model_path.resolve())
    assert {m.id for m in library.list()} == {moved.id, ref.id}


def test_broken_files_are_refused_with_a_reason_and_nothing_is_copied(
    library, broken_models, tmp_path, paths
) -> None:
    for kind in ("truncated", "wrong_magic", "not_gguf", "empty"):
        src = broken_models[kind]
        if not src.name.endswith(".gguf"):
            renamed = tmp_path / f"{kind}.gguf"
            shutil.copyfile(src, renamed)
            src = renamed
        with pytest.raises(LibraryError) as info:
            library.import_file(src, "copy")
        assert str(info.value)
    with pytest.raises(LibraryError, match="not a .gguf"):
        library.import_file(
            tmp_path / "x.txt" if (tmp_path / "x.txt").write_text("x") else "", "copy"
        )
    with pytest.raises(LibraryError, match="does not exist"):
        library.import_file(tmp_path / "nope.gguf", "copy")
    assert library.list() == []
    assert not [p for p in paths.models.rglob("*") if p.is_file()]


def test_split_import_needs_every_part(library, tiny_model_path, tmp_path) -> None:
    parts = _split_copy(tiny_model_path, tmp_path / "split", "m-Q4_K_M", 3)
    parts[2].unlink()
    with pytest.raises(LibraryError, match="missing"):
        library.import_file(parts[1], "copy")
    shutil.copyfile(tiny_model_path, parts[2])
    model = library.import_file(parts[1], "copy")  # any part imports the whole model
    assert len(model.parts) == 3 and model.size_bytes == 3 * tiny_model_path.stat().st_size


def test_refresh_lists_complete_models_only(library, tiny_model_path, paths) -> None:
    repo = paths.models / "acme" / "Tiny-GGUF"
    repo.mkdir(parents=True)
    shutil.copyfile(tiny_model_path, repo / "tiny-F16.gguf")
    _split_copy(tiny_model_path, repo / "big", "tiny-Q8_0", 2)[1].unlink()  # half a split
    (paths.downloads / "job").mkdir()
    shutil.copyfile(tiny_model_path, paths.downloads / "job" / "part-00000.partial")
    (repo / "x.gguf.tessera-tmp").write_bytes(b"half")
    models = library.refresh()
    assert [(m.hub_repo, Path(m.path).name) for m in models] == [
        ("acme/Tiny-GGUF", "tiny-F16.gguf")
    ]
    assert len(library.refresh()) == 1  # refreshing again adds nothing


def test_remove_deletes_library_files_but_never_referenced_ones(
    library, tiny_model_path, paths
) -> None:
    copied = library.import_file(tiny_model_path, "copy")
    ref = library.import_file(tiny_model_path, "reference")
    assert library.remove(ref.id) == []
    assert tiny_model_path.exists()
    assert library.remove(copied.id) == [copied.path]
    assert not Path(copied.path).exists() and not Path(copied.path).parent.exists()
    assert library.list() == []


def test_missing_file_is_shown_as_missing(library, tiny_model_path, tmp_path) -> None:
    src = tmp_path / "gone.gguf"
    shutil.copyfile(tiny_model_path, src)
    model = library.import_file(src, "reference")
    src.unlink()
    again = library.get(model.id)
    assert again.missing and "missing" in (again.problem or "")


def test_detects_hf_cache_and_lm_studio_files(library, tiny_model_path, tmp_path) -> None:
    snap = tmp_path / "hf" / "models--bartowski--Tiny-GGUF" / "snapshots" / "abc123"
    blobs = tmp_path / "hf" / "models--bartowski--Tiny-GGUF" / "blobs"
    snap.mkdir(parents=True)
    blobs.mkdir()
    shutil.copyfile(tiny_model_path, blobs / "sha")
    (snap / "Tiny-Q4_K_M.gguf").symlink_to(blobs / "sha")  # the HF cache layout: symlinks
    lms = tmp_path / "lms" / "lmstudio-community" / "Qwen-GGUF"
    lms.mkdir(parents=True)
    shutil.copyfile(tiny_model_path, lms / "qwen-Q8_0.gguf")
    found = {(e.source, e.label): e for e in library.detect_external()}
    assert set(found) == {
        ("hf_cache", "bartowski/Tiny-GGUF/Tiny-Q4_K_M.gguf"),
        ("lmstudio", "lmstudio-community/Qwen-GGUF/qwen-Q8_0.gguf"),
    }
    hf = found[("hf_cache", "bartowski/Tiny-GGUF/Tiny-Q4_K_M.gguf")]
    assert hf.size_bytes == tiny_model_path.stat().st_size and not hf.known
    library.import_file(hf.path, "reference")
    assert all(e.known for e in library.detect_external() if e.source == "hf_cache")


def test_scan_folder(library, tiny_model_path, tmp_path) -> None:
    folder = tmp_path / "mine"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(tiny_model_path, folder / "sub" / "a-Q4_0.gguf")
    _split_copy(tiny_model_path, folder, "b-Q4_0", 2)
    (folder / "notes.txt").write_text("x")
    assert sorted(e.label for e in library.scan_folder(folder)) == [
        "b-Q4_0-00001-of-00002.gguf",
        "sub/a-Q4_0.gguf",
    ]
    with pytest.raises(LibraryError):
        library.scan_folder(tmp_path / "absent")


def test_verified_download_is_registered_with_its_hub_origin(
    hub, tiny_repo, service, make_manager, library, paths
) -> None:
    from tests.fixtures.hub import REPO

    listing = service.list_files(REPO)
    manager = make_manager(on_installed=library.register_download)
    job = manager.enqueue(REPO, listing.revision, listing.find("tiny-Q4_K_M.gguf"))  # type: ignore[arg-type]
    assert manager.wait(job, 30).state == "done"
    (model,) = library.list()
    assert model.hub_repo == REPO and model.quantization == "Q4_K_M"
    record = library.records.get(model.id)
    assert (
        record.hub_revision == listing.revision
        and record.sha256 == listing.find("tiny-Q4_K_M.gguf").files[0].sha256
    )  # type: ignore[union-attr]
    assert model.problem  # random bytes are not a GGUF: listed, but with the header problem


def test_a_symlinked_data_folder_gives_one_record_per_file(
    hub, tiny_repo, service, tmp_path, tiny_model_path
) -> None:
    from desktop.core.hub import DownloadManager, HubConfig
    from desktop.core.store import open_store
    from tests.fixtures.hub import REPO

    real = tmp_path / "real-data"
    real.mkdir()
    (tmp_path / "link-data").symlink_to(real)  # as /tmp is on macOS
    paths = DataPaths(tmp_path / "link-data").ensure()
    with open_store(paths) as store:
        library = Library(paths, store.models, hf_cache=tmp_path / "hf", lmstudio_dirs=[])
        listing = service.list_files(REPO)
        manager = DownloadManager(
            paths, HubConfig.from_settings(), on_installed=library.register_download
        )
        try:
            job = manager.enqueue(REPO, listing.revision, listing.find("tiny-Q4_K_M.gguf"))  # type: ignore[arg-type]
            assert manager.wait(job, 30).state == "done"
        finally:
            manager.shutdown()
        library.import_file(tiny_model_path, "copy")
        assert len(library.refresh()) == 2
        assert all(m.source == "library" for m in library.list())


def test_choices_list_a_split_model_once_and_only_when_complete(
    library, paths, tiny_split_model, tiny_model_path
) -> None:
    repo = paths.models / "someone" / "tiny-GGUF"
    repo.mkdir(parents=True)
    for part in tiny_split_model:
        shutil.copyfile(part, repo / part.name)
    shutil.copyfile(tiny_model_path, repo / "single.gguf")
    choices = library.choices()
    assert sorted((c.label, c.parts) for c in choices) == [
        ("single.gguf", 1),
        ("tessera-tiny-split-F16.gguf", 2),
    ]
    split = next(c for c in choices if c.parts == 2)
    assert split.path.endswith("-00001-of-00002.gguf")
    (repo / tiny_split_model[1].name).unlink()  # half a split cannot be loaded
    assert [c.label for c in library.choices()] == ["single.gguf"]


def test_a_model_loaded_from_elsewhere_is_remembered_as_used(
    library, tiny_split_model, tmp_path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for part in tiny_split_model:
        shutil.copyfile(part, outside / part.name)
    library.mark_used(outside / tiny_split_model[1].name)  # a later part names the model too
    (model,) = library.list()
    assert model.source == "referenced" and model.path == str(outside / tiny_split_model[0].name)
    assert model.last_used_at is not None and len(model.parts) == 2
