"""Extraction: PDF pages, DOCX paragraphs and tables, HTML text, encodings, binary files."""

from __future__ import annotations

import pytest

from desktop.core.knowledge.extract import Skip, extract, html_to_text
from tests.core.knowledge.samples import write_docx, write_encrypted_pdf, write_pdf


def test_pdf_text_comes_with_page_offsets(tmp_path):
    pdf = write_pdf(tmp_path / "a.pdf", ["Alpha page one", "Beta page two"])
    result = extract("pdf", pdf.read_bytes())
    assert len(result.page_starts) == 2
    second = result.text[result.page_starts[1] :]
    assert "Beta page two" in second and "Alpha" not in second


def test_encrypted_pdf_is_skipped_with_the_reason(tmp_path):
    plain = write_pdf(tmp_path / "a.pdf", ["Secret page"])
    locked = write_encrypted_pdf(tmp_path / "locked.pdf", plain)
    with pytest.raises(Skip) as info:
        extract("pdf", locked.read_bytes())
    assert info.value.reason.code == "knowledge.pdf_encrypted"


def test_damaged_pdf_is_skipped_not_raised(tmp_path):
    with pytest.raises(Skip) as info:
        extract("pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage" * 3)
    assert info.value.reason.code in ("knowledge.pdf_unreadable", "knowledge.no_text")


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    doc = write_docx(
        tmp_path / "a.docx", ["第一段：代理配置", "Second paragraph"], [["Port", "8080"]]
    )
    text = extract("docx", doc.read_bytes()).text
    assert text.index("第一段") < text.index("Second paragraph") < text.index("Port | 8080")


def test_not_a_docx_is_skipped():
    with pytest.raises(Skip) as info:
        extract("docx", b"PK\x03\x04 not really a zip")
    assert info.value.reason.code == "knowledge.docx_unreadable"


def test_html_keeps_visible_text_only():
    html = (
        "<html><head><title>Guide</title><style>p{color:red}</style></head><body>"
        "<h1>Setup</h1><p>Install &amp; run.</p><script>alert(1)</script><p>中文段落</p></body>"
    )
    assert html_to_text(html) == "Guide\nSetup\nInstall & run.\n中文段落"


def test_gbk_text_is_decoded_and_the_encoding_noted():
    text = (
        "机器学习是人工智能的一个分支。我们今天学习大语言模型的分词，中文文本必须正确地渲染和搜索。"
    )
    result = extract("text", text.encode("gbk"))
    assert result.text == text
    assert result.encoding == "gb18030" and result.note.code == "knowledge.decoded_as"


def test_utf8_with_bom_and_crlf_line_ends():
    result = extract("text", "\ufeffline one\r\nline two\r\n".encode())
    assert result.text == "line one\nline two\n" and result.note is None


def test_binary_data_with_a_text_extension_is_skipped():
    with pytest.raises(Skip) as info:
        extract("text", bytes(range(256)) * 10)
    assert info.value.reason.code == "knowledge.binary"


def test_empty_file_is_skipped():
    with pytest.raises(Skip) as info:
        extract("markdown", b"")
    assert info.value.reason.code == "knowledge.empty"
