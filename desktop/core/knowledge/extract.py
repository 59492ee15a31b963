"""One file's bytes -> its text (with page offsets for PDF), or a reason it is skipped.

Extractors, chosen for being maintained, pure Python (or with wheels everywhere) and licensed
for an MIT app:
- PDF: pypdf (BSD; the py-pdf project, frequent releases). PyMuPDF extracts better layouts but
  is AGPL; pdfminer.six is slower for the same text. Encrypted files are opened with the empty
  password (most "protected" PDFs only restrict printing); others are skipped with a reason.
- DOCX: python-docx (MIT): paragraphs and table cells in document order.
- HTML: the standard library's HTMLParser: visible text, blocks on their own lines.
- Text, Markdown, code: decoded as is (decode.py), so line numbers match the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from desktop.core.knowledge.decode import NotText, decode_text
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

PDF_UNREADABLE = MessageSpec(
    "knowledge.pdf_unreadable",
    QT_TRANSLATE_NOOP("CoreMessages", "the PDF could not be read ({detail})"),
)
PDF_ENCRYPTED = MessageSpec(
    "knowledge.pdf_encrypted",
    QT_TRANSLATE_NOOP("CoreMessages", "the PDF is encrypted with a password"),
)
NO_TEXT = MessageSpec(
    "knowledge.no_text",
    QT_TRANSLATE_NOOP("CoreMessages", "no text found (a scanned PDF needs OCR first)"),
)
DOCX_UNREADABLE = MessageSpec(
    "knowledge.docx_unreadable",
    QT_TRANSLATE_NOOP("CoreMessages", "the Word document could not be read ({detail})"),
)
DECODED_AS = MessageSpec(
    "knowledge.decoded_as",
    QT_TRANSLATE_NOOP("CoreMessages", "not UTF-8: read as {encoding}"),
)
EMPTY = MessageSpec("knowledge.empty", QT_TRANSLATE_NOOP("CoreMessages", "the file is empty"))


class Skip(Exception):
    """The file cannot be indexed; `reason` says why (shown in `status`)."""

    def __init__(self, reason: Message) -> None:
        super().__init__(str(reason))
        self.reason = reason


@dataclass(frozen=True)
class ExtractedText:
    text: str
    page_starts: tuple[int, ...] = ()  # offset in `text` where each page begins (PDF)
    encoding: str | None = None
    note: Message | None = None  # e.g. "read as gb18030"


def extract(kind: str, data: bytes) -> ExtractedText:
    """Raises Skip. `kind` comes from kinds.kind_of."""
    if not data:
        raise Skip(EMPTY())
    if kind == "pdf":
        result = _pdf(data)
    elif kind == "docx":
        result = _docx(data)
    else:
        try:
            decoded = decode_text(data)
        except NotText as exc:
            raise Skip(exc.user_message) from None
        note = None
        if decoded.encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32", "ascii"):
            note = DECODED_AS(encoding=decoded.encoding)
        text = html_to_text(decoded.text) if kind == "html" else decoded.text
        result = ExtractedText(text, (), decoded.encoding, note)
    if not result.text.strip():
        raise Skip(NO_TEXT() if kind == "pdf" else EMPTY())
    return result


# --------------------------------------------------------------------------- PDF


def _pdf(data: bytes) -> ExtractedText:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files warn on every object
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Skip(PDF_ENCRYPTED())
            except (FileNotDecryptedError, NotImplementedError, DependencyErrors) as exc:
                raise Skip(PDF_ENCRYPTED()) from exc
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for page in reader.pages:
            starts.append(offset)
            try:
                text = page.extract_text() or ""
            except Exception as exc:  # noqa: BLE001 - pypdf raises many types; one page must not lose the rest
                logging.getLogger(__name__).info("PDF page %d unreadable: %s", len(starts), exc)
                text = ""
            text = _tidy(text) + "\n\n"
            parts.append(text)
            offset += len(text)
    except Skip:
        raise
    except (FileNotDecryptedError, PdfReadError) as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise Skip(PDF_ENCRYPTED()) from None
        raise Skip(PDF_UNREADABLE(detail=_short(exc))) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files; reported as a skip reason
        raise Skip(PDF_UNREADABLE(detail=_short(exc))) from None
    return ExtractedText("".join(parts), tuple(starts))


try:  # pypdf needs `cryptography` for AES; without it an AES file is "encrypted"
    from pypdf.errors import DependencyError as DependencyErrors
except ImportError:  # pragma: no cover - older pypdf
    DependencyErrors = ImportError  # type: ignore[misc,assignment]


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


# --------------------------------------------------------------------------- DOCX


def _docx(data: bytes) -> ExtractedText:
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = [" ".join(c.text.split()) for c in row.cells]
                    lines.append(" | ".join(dict.fromkeys(c for c in cells if c)))
            else:
                lines.append(block.text)
    except Exception as exc:  # noqa: BLE001 - not a zip, missing parts, broken XML; reported as a skip reason
        raise Skip(DOCX_UNREADABLE(detail=_short(exc))) from None
    return ExtractedText("\n".join(lines))


# --------------------------------------------------------------------------- HTML

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "td",
        "th",
        "ul",
        "title",
    ]
)
_HIDDEN = frozenset(["script", "style", "noscript", "template", "head", "svg"])


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of a page, one block per line, the title first."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    body = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in body.split("\n")]
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split())
    return f"{title}\n{text}" if title else text
