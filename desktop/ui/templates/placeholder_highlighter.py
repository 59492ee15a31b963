"""Colours `{{variables}}` in a template editor and underlines placeholders that will not work."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from desktop.core.messages import plain
from desktop.core.templates.variables import ParsedTemplate, TemplateProblem, parse_template


def _format(color: str, *, bold: bool = False, wavy: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if wavy:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor(color))
    return fmt


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Variables in one colour; malformed placeholders (and, when `known` is given, names not
    in it) in red with a wavy underline. The whole document is parsed once per change, so a
    placeholder whose default spans lines is still recognised."""

    def __init__(self, document: QTextDocument, known: Iterable[str] | None = None) -> None:
        super().__init__(document)
        self._known = None if known is None else set(known)
        self._parsed: ParsedTemplate = parse_template("")
        self.variable_format = _format("#2f6fdf", bold=True)
        self.problem_format = _format("#d22f2f", wavy=True)

    def set_known(self, names: Iterable[str] | None) -> None:
        self._known = None if names is None else set(names)
        self.rehighlight()

    def parsed(self) -> ParsedTemplate:
        self._refresh()
        return self._parsed

    def problems(self) -> list[TemplateProblem]:
        """Malformed placeholders, then (with `known`) every use of an unknown name."""
        parsed = self.parsed()
        out = list(parsed.problems)
        if self._known is not None:
            for p in parsed.placeholders:
                if p.name not in self._known:
                    text = parsed.text[p.start : p.end]
                    message = QCoreApplication.translate(
                        "PlaceholderHighlighter", "Unknown variable"
                    )
                    out.append(TemplateProblem(p.start, p.end, text, plain(message)))
        return out

    def _refresh(self) -> None:
        # revision() is not reliable across setPlainText(); templates are small, compare text.
        doc = self.document()
        text = doc.toPlainText() if doc is not None else ""
        if text != self._parsed.text:
            self._parsed = parse_template(text)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        self._refresh()
        start = self.currentBlock().position()
        end = start + len(text)
        spans: list[tuple[int, int, QTextCharFormat]] = []
        for p in self._parsed.placeholders:
            unknown = self._known is not None and p.name not in self._known
            spans.append((p.start, p.end, self.problem_format if unknown else self.variable_format))
        spans.extend((p.start, p.end, self.problem_format) for p in self._parsed.problems)
        for s, e, fmt in spans:
            if e <= start or s >= end:
                continue
            a, b = max(s, start) - start, min(e, end) - start
            self.setFormat(a, b - a, fmt)


class DiffHighlighter(QSyntaxHighlighter):
    """Unified-diff lines: removed in red, added in green, hunk headers greyed."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._removed = _format("#c62828")
        self._added = _format("#2e7d32")
        self._header = _format("#808080", bold=True)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if text.startswith(("---", "+++", "@@")):
            self.setFormat(0, len(text), self._header)
        elif text.startswith("-"):
            self.setFormat(0, len(text), self._removed)
        elif text.startswith("+"):
            self.setFormat(0, len(text), self._added)
