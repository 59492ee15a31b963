"""Indexing a folder: incremental re-index, bad inputs, pause/cancel/resume, base deletion."""

from __future__ import annotations

import os
import threading

from desktop.core.knowledge.library import KnowledgeLibrary
from tests.core.knowledge.conftest import write
from tests.core.knowledge.samples import write_docx, write_encrypted_pdf, write_pdf

EN = "The proxy server listens on port 8080.\nRestart it after changing the timeout.\n"
ZH = "知识库可以检索中文文档。代理服务器的端口是八千零八十。\n天气很好！\n"


def make_folder(root):
    write(root / "guide.md", EN)
    write(root / "notes" / "zh.txt", ZH)
    write(root / "notes" / "code.py", "def greet():\n    return 'hello world'\n")
    return root


def docs_by_name(library, name="docs"):
    return {os.path.basename(d.path): d for d in library.documents(name)}


def test_chinese_and_english_queries_find_their_chunks_lexically(library, tmp_path):
    folder = make_folder(tmp_path / "src")
    library.create("docs")
    library.add("docs", [folder])
    library.index("docs")
    zh = library.search(["docs"], "代理服务器的端口")
    assert zh.mode == "lexical" and zh.notes  # no embedder: said so
    assert os.path.basename(zh.hits[0].chunk.path) == "zh.txt"
    assert zh.hits[0].bm25 is not None and zh.hits[0].vector is None
    en = library.search(["docs"], "how do I change the timeout")
    assert os.path.basename(en.hits[0].chunk.path) == "guide.md"
    assert library.search(["docs"], "entirely unrelated xylophone").hits == ()


def test_citations_point_at_the_file_and_lines_of_the_text(library, tmp_path):
    lines = [f"Filler line number {i} about apples." for i in range(1, 200)]
    lines[149] = "The secret launch code is zebra."
    path = write(tmp_path / "src" / "long.txt", "\n".join(lines) + "\n")
    base = library.repo.create_base("docs", chunk_tokens=64, chunk_overlap=8)
    library.add(base.name, [path])
    library.index("docs")
    hit = library.search(["docs"], "secret launch zebra").hits[0]
    c = hit.citation
    assert c.path == str(path) and c.line_start <= 150 <= c.line_end
    assert hit.chunk.text == "\n".join(lines[c.line_start - 1 : c.line_end])
    assert "zebra" in c.snippet


def test_reindex_reads_only_new_and_changed_files_and_drops_deleted_ones(library, tmp_path):
    folder = make_folder(tmp_path / "src")
    write(folder / "old.txt", "This file will be deleted soon.\n")
    library.create("docs")
    library.add("docs", [folder])
    first = library.index("docs")
    assert (first.indexed, first.unchanged) == (4, 0)
    before = {d.path: library.document_chunks(d.id) for d in library.documents("docs")}

    write(folder / "guide.md", EN + "A new line about the firewall.\n")
    write(folder / "new.md", "A brand new document about bananas.\n")
    (folder / "old.txt").unlink()
    st = (folder / "notes" / "code.py").stat()
    os.utime(folder / "notes" / "code.py", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched
    second = library.index("docs")
    assert (second.indexed, second.unchanged, second.removed) == (2, 2, 1)
    after = {d.path: library.document_chunks(d.id) for d in library.documents("docs")}
    for name in ("zh.txt", "code.py"):
        path = str(folder / "notes" / name)
        assert [c.id for c in after[path]] == [c.id for c in before[path]]  # not rewritten
    assert "firewall" in after[str(folder / "guide.md")][0].text
    assert str(folder / "old.txt") not in after
    assert library.search(["docs"], "bananas").hits[0].chunk.path == str(folder / "new.md")
    assert library.search(["docs"], "deleted soon").hits == ()


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_indexed(library, tmp_path):
    folder = make_folder(tmp_path / "src")
    pdf = write_pdf(
        folder / "manual.pdf", ["Chapter one covers installation", "Chapter two: ports"]
    )
    write_encrypted_pdf(folder / "locked.pdf", pdf)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 this is not really a pdf")
    write_docx(folder / "report.docx", ["季度报告：代理服务器升级完成。"])
    (folder / "image.txt").write_bytes(bytes(range(256)) * 4)
    with open(folder / "huge.log", "wb") as fh:  # sparse: 500 MB on paper, nothing on disk
        fh.truncate(500 * 1024 * 1024)
    write(folder / "gbk.txt", "机器学习是人工智能的一个分支，我们今天学习大语言模型的分词。", "gbk")
    os.symlink(folder, folder / "notes" / "loop")
    os.symlink(folder / "missing.md", folder / "dangling.md")

    library.create("docs")
    library.add("docs", [folder])
    result = library.index("docs")
    assert result.status == "done"
    docs = docs_by_name(library)
    reasons = {name: d.reason.code for name, d in docs.items() if d.status == "skipped"}
    assert reasons == {
        "locked.pdf": "knowledge.pdf_encrypted",
        "broken.pdf": "knowledge.pdf_unreadable",
        "image.txt": "knowledge.binary",
        "huge.log": "knowledge.too_large",
        "loop": "knowledge.symlink_loop",
        "dangling.md": "knowledge.broken_link",
    }
    indexed = {name for name, d in docs.items() if d.status == "indexed"}
    assert indexed == {"guide.md", "zh.txt", "code.py", "manual.pdf", "report.docx", "gbk.txt"}
    assert docs["gbk.txt"].encoding == "gb18030"
    assert docs["manual.pdf"].n_pages == 2
    hit = library.search(["docs"], "机器学习").hits[0]
    assert hit.chunk.path.endswith("gbk.txt")
    hit = library.search(["docs"], "ports").hits[0]
    assert hit.chunk.path.endswith("manual.pdf")
    assert (hit.citation.page_start, hit.citation.page_end) == (1, 2)  # the chunk spans both
    assert hit.citation.location == "pp. 1-2"
    assert library.search(["docs"], "季度报告").hits[0].chunk.path.endswith("report.docx")
    # The skipped files are looked at again only when they change.
    again = library.index("docs")
    assert again.indexed == 0


def test_a_file_deleted_or_rewritten_while_indexing_is_handled(library, tmp_path):
    folder = tmp_path / "src"
    for i in range(4):
        write(folder / f"f{i}.txt", f"Original text number {i}.\n")
    library.create("docs")
    library.add("docs", [folder])

    def meddle(progress):
        if progress.current.endswith("f1.txt") and (folder / "f1.txt").exists():
            (folder / "f1.txt").unlink()
        if progress.current.endswith("f2.txt"):
            write(folder / "f2.txt", "Rewritten while indexing: pineapple.\n")

    library.index("docs", on_progress=meddle)
    names = docs_by_name(library)
    assert set(names) == {"f0.txt", "f2.txt", "f3.txt"}
    assert library.search(["docs"], "pineapple").hits[0].chunk.path.endswith("f2.txt")


def test_pause_cancel_and_resume_after_reopening(kstore, tmp_path):
    from desktop.core.store import open_store

    folder = tmp_path / "src"
    for i in range(6):
        write(folder / f"doc{i}.txt", f"Document {i} talks about topic{i}.\n")
    library = KnowledgeLibrary(kstore, kstore.path.parent)
    library.create("docs")
    library.add("docs", [folder])
    reached = threading.Event()

    def pause_after_two(progress):
        if progress.done == 2 and progress.status == "running" and not reached.is_set():
            job.pause()
            reached.set()

    job = library.start_index("docs", on_progress=pause_after_two)
    assert reached.wait(60)
    for _ in range(200):
        if library.status("docs").base.index_state.status == "paused":
            break
        threading.Event().wait(0.05)
    assert library.status("docs").base.index_state.status == "paused"
    library.cancel("docs", wait=True)
    status = library.status("docs")
    assert status.state == "cancelled" and status.counts.documents == {"indexed": 2}
    library.close()
    kstore.close()

    store = open_store(kstore.path)
    try:
        with KnowledgeLibrary(store, store.path.parent) as reopened:
            result = reopened.index("docs")
            assert (result.unchanged, result.indexed) == (2, 4)
            assert reopened.status("docs").counts.documents == {"indexed": 6}
    finally:
        store.close()


def test_a_run_that_died_with_its_process_shows_as_interrupted(library, tmp_path):
    from desktop.core.store.knowledge import IndexState

    base = library.create("docs")
    library.repo.set_index_state(base.id, IndexState("running", "reading", 3, 10))
    assert library.status("docs").state == "interrupted"


def test_deleting_a_base_deletes_its_rows_and_vector_files(library, tiny_embedder_path, tmp_path):
    folder = make_folder(tmp_path / "src")
    base = library.create("docs", embedder=str(tiny_embedder_path))
    library.add("docs", [folder])
    library.index("docs")
    vector_folder = library.folder / f"base-{base.id}"
    assert any(vector_folder.iterdir())
    library.remove("docs")
    assert not vector_folder.exists()
    with library.store.db.read() as s:
        from sqlalchemy import text

        for table in ("knowledge_documents", "knowledge_chunks", "knowledge_sources"):
            assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        assert s.execute(text("SELECT count(*) FROM knowledge_fts")).scalar() == 0
