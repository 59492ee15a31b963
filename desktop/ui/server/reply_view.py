"""ReplyView: an API reply shaded by each token's probability, its alternatives on hover.

The same shading and tooltip as the chat's probabilities (ui.chat.probabilities), on a plain
read-only browser: the Server page shows replies, it does not branch them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from desktop.core.engine.protocol import Token
from desktop.ui.chat.probabilities import alternatives_html, shaded_html
from desktop.ui.tokenizer.token_view import is_dark


class ReplyView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyView")
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.viewport().installEventFilter(self)
        self._tokens: list[Token] = []
        self._offsets: list[int] = []
        self._start = 0
        self._shown: tuple[int, int] = (-1, -1)  # (request, tokens) drawn, to skip redraws

    @property
    def tokens(self) -> list[Token]:
        return list(self._tokens)

    def show_reply(self, key: int, tokens: Sequence[Token], text: str = "") -> None:
        """Shaded tokens; `text` alone when there are no tokens (a reply never streamed)."""
        if self._shown == (key, len(tokens)) and (tokens or text == self.toPlainText()):
            return
        self._shown = (key, len(tokens))
        self._tokens = list(tokens)
        if not tokens:
            self._offsets = []
            self.setPlainText(text)
            return
        html, offsets, start = shaded_html("", self._tokens, is_dark(self.palette()))
        self.setHtml(html)
        if self.document().characterCount() - 1 != offsets[-1]:
            # The HTML parser changed the text (a lone carriage return): no hover rather
            # than the wrong token's.
            offsets = []
        self._offsets, self._start = offsets, start

    def clear_reply(self) -> None:
        self._shown = (-1, -1)
        self._tokens, self._offsets = [], []
        self.clear()

    def token_at(self, position: int) -> Token | None:
        """The token drawn at a document position."""
        if not self._offsets or position < self._start:
            return None
        index = bisect_right(self._offsets, position)
        return self._tokens[index] if index < len(self._tokens) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            position = self.cursorForPosition(event.pos()).position()
            token = self.token_at(position)
            if token is not None and token.logprob is not None:
                QToolTip.showText(event.globalPos(), alternatives_html(token, "raw"), self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)
