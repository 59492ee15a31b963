"""RequestDetail: one API request as the model saw it and answered it.

Who sent it and what, the settings that applied (and the fields that had no effect), the
rendered prompt as the model's own tokens (the Tokenizer page's token view, drawn from the
ids the server sent, not re-tokenized), the reply shaded by probability, tool calls, the
output format's check, timings, and the saved conversation to open in the chat.
"""

from __future__ import annotations

import html
import json
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.engine.protocol import Token
from desktop.core.server.request_log import RequestRecord
from desktop.core.tokenizers.display import TokenDisplay
from desktop.ui.i18n import error_text, message_text
from desktop.ui.server.reply_view import ReplyView
from desktop.ui.server.request_model import seconds_text, status_text
from desktop.ui.tokenizer.token_view import TokenTextView
from desktop.ui.widgets.tasks import BackgroundTasks

TokenizerFor = Callable[[str], Any]  # model file -> Tokenizer (blocking: loads its vocabulary)
SHOWN_PARAMETERS = ("temperature", "top_p", "top_k", "min_p", "max_tokens", "seed", "stop")
CACHED_PROMPTS = 16


def _prompt_display(tokenizer_for: TokenizerFor, record: RequestRecord) -> TokenDisplay:
    """On a worker thread: the prompt's ids over its text, ready to draw."""
    from desktop.core.tokenizers.display import build_display
    from desktop.core.tokenizers.from_ids import tokenization_of_ids

    assert record.model is not None and record.prompt_ids is not None
    tokenizer = tokenizer_for(record.model)
    return build_display(tokenization_of_ids(tokenizer, record.prompt_ids, record.prompt_text))


class RequestDetail(QWidget):
    open_conversation = Signal(int)

    def __init__(
        self, tokenizer_for: TokenizerFor | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tokenizer_for = tokenizer_for
        self._record: RequestRecord | None = None
        self._displays: OrderedDict[int, TokenDisplay | str] = OrderedDict()
        self._pending: set[int] = set()  # prompts being drawn on a worker
        self._prompt_shown: tuple = ()  # (request id, with ids) the prompt view shows
        self._tasks = BackgroundTasks(self, name="tessera-server-prompt")

        self.summary = QLabel()
        self.summary.setObjectName("requestSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open in chat"))
        self.open_button.setObjectName("openInChat")
        self.open_button.setToolTip(self.tr("Open the conversation this request was saved as"))
        self.open_button.clicked.connect(self.on_open_button_clicked)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)

        self.prompt_label = QLabel(self.tr("Prompt"))
        self.prompt_label.setObjectName("promptLabel")
        self.prompt_view = TokenTextView()
        self.prompt_view.setObjectName("promptTokens")
        self.reply_label = QLabel(self.tr("Reply"))
        self.reply_view = ReplyView()
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("replyOutcome")
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        prompt_box, reply_box = QWidget(), QWidget()
        for box, widgets in (
            (prompt_box, (self.prompt_label, self.prompt_view)),
            (reply_box, (self.reply_label, self.reply_view, self.outcome_label)),
        ):
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            for widget in widgets:
                column.addWidget(widget, 1 if widget in (self.prompt_view, self.reply_view) else 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(prompt_box)
        self.splitter.addWidget(reply_box)
        self.body_view = QPlainTextEdit()
        self.body_view.setObjectName("requestBody")
        self.body_view.setReadOnly(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, self.tr("Prompt and reply"))
        self.tabs.addTab(self.body_view, self.tr("Request JSON"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        self.show_record(None)

    # ------------------------------------------------------------------ showing

    @property
    def record(self) -> RequestRecord | None:
        return self._record

    def show_record(self, record: RequestRecord | None, tokens: Sequence[Token] = ()) -> None:
        """Show `record` (None: nothing selected); `tokens`: its reply so far."""
        previous, self._record = self._record, record
        if record is None:
            self.summary.setText(self.tr("Select a request to see it as the model saw it."))
            self.open_button.setEnabled(False)
            self._prompt_shown = ()
            self.prompt_view.set_display(None)
            self.prompt_view.clear()
            self.reply_view.clear_reply()
            self.outcome_label.clear()
            self.body_view.clear()
            return
        self.summary.setText(self._summary_html(record))
        self.open_button.setEnabled(record.conversation_id is not None)
        if previous is None or previous.id != record.id or previous.body != record.body:
            self.body_view.setPlainText(
                json.dumps(record.body, ensure_ascii=False, indent=2) if record.body else ""
            )
        self._show_prompt(record)
        reply_tokens = list(record.tokens) or list(tokens)
        self.reply_view.show_reply(record.id, reply_tokens, record.text)
        self.outcome_label.setText(self._outcome_html(record))
        self.outcome_label.setVisible(bool(self.outcome_label.text()))

    def _show_prompt(self, record: RequestRecord) -> None:
        count = len(record.prompt_ids) if record.prompt_ids is not None else None
        label = self.tr("Prompt")
        if count is not None:
            label = self.tr("Prompt: %n token(s), as the model read them", "", count)
        self.prompt_label.setText(label)
        shown = (record.id, record.prompt_ids is not None)
        cached = self._displays.get(record.id)
        if isinstance(cached, TokenDisplay):
            if self.prompt_view.display is not cached:
                self.prompt_view.set_display(cached)
            self._prompt_shown = shown
            return
        if isinstance(cached, str):  # the tokens could not be drawn: the text, and why
            self._show_prompt_text(record, cached, shown)
            return
        local = record.backend == "local" and self._tokenizer_for is not None
        if record.prompt_ids is None or record.model is None or not local:
            note = message_text(record.prompt_note) if record.prompt_note is not None else ""
            self._show_prompt_text(record, note, shown)
            return
        self._show_prompt_text(record, "", shown)  # until its tokens are drawn
        if record.id in self._pending:
            return
        self._pending.add(record.id)
        tokenizer_for = self._tokenizer_for
        assert tokenizer_for is not None
        self._tasks.run(
            lambda: _prompt_display(tokenizer_for, record),
            on_done=lambda display: self._on_prompt_ready(record.id, display),
            on_error=lambda error: self._on_prompt_failed(record.id, error),
        )

    def _show_prompt_text(self, record: RequestRecord, note: str, shown: tuple) -> None:
        if self._prompt_shown == shown:
            return
        self._prompt_shown = shown
        self.prompt_view.set_display(None)
        text = record.prompt_text or ""
        self.prompt_view.setPlainText(f"{note}\n\n{text}".strip() if note else text)

    def _remember(self, request_id: int, value: TokenDisplay | str) -> None:
        self._displays[request_id] = value
        self._displays.move_to_end(request_id)
        while len(self._displays) > CACHED_PROMPTS:
            self._displays.popitem(last=False)

    def _on_prompt_ready(self, request_id: int, display: TokenDisplay) -> None:
        self._pending.discard(request_id)
        self._remember(request_id, display)
        if self._record is not None and self._record.id == request_id:
            self.prompt_view.set_display(display)

    def _on_prompt_failed(self, request_id: int, error: BaseException) -> None:
        self._pending.discard(request_id)
        self._remember(request_id, error_text(error))
        if self._record is not None and self._record.id == request_id:
            self._prompt_shown = ()
            self._show_prompt_text(self._record, error_text(error), (request_id, True))

    # ------------------------------------------------------------------ texts

    def _summary_html(self, record: RequestRecord) -> str:
        e = html.escape
        lines = [
            f"<b>{e(record.method)} {e(record.path)}</b> · {e(record.client)} · "
            f"{e(status_text(record))}"
        ]
        if record.model:
            model = record.model.replace("\\", "/").rsplit("/", 1)[-1]
            lines.append(self.tr("Model: %1 on %2").replace("%1", e(model)).replace(
                "%2", e(record.backend or "")
            ))  # fmt: skip
        settings = [
            f"{key} {json.dumps(record.parameters[key], ensure_ascii=False)}"
            for key in SHOWN_PARAMETERS
            if record.parameters.get(key) not in (None, [], ())
        ]
        if record.parameters.get("top_logprobs") is not None:
            settings.append(f"top_logprobs {record.parameters['top_logprobs']}")
        body = record.body or {}
        for key in ("response_format", "tools", "tool_choice"):
            if body.get(key) not in (None, [], {}):
                settings.append(self._structured_text(key, body[key]))
        if settings:
            lines.append(e(" · ".join(settings)))
        if record.ignored:
            lines.append(e(self.tr("Had no effect: %1").replace("%1", ", ".join(record.ignored))))
        timings = self._timings_text(record)
        if timings:
            lines.append(e(timings))
        if record.error is not None:
            lines.append(f"<span style='color:#c0392b'>{e(message_text(record.error))}</span>")
        return "<br>".join(lines)

    @staticmethod
    def _structured_text(key: str, value: Any) -> str:
        if key == "tools" and isinstance(value, list):
            names = [
                str((t.get("function") or {}).get("name", "?"))
                for t in value
                if isinstance(t, dict)
            ]
            return f"tools [{', '.join(names)}]"
        if key == "response_format" and isinstance(value, dict):
            name = (value.get("json_schema") or {}).get("name") if isinstance(
                value.get("json_schema"), dict
            ) else None  # fmt: skip
            return f"response_format {value.get('type')}" + (f" ({name})" if name else "")
        return f"{key} {json.dumps(value, ensure_ascii=False)}"

    def _timings_text(self, record: RequestRecord) -> str:
        t = record.timings
        parts = []
        if t.queue is not None:
            parts.append(self.tr("waited %1").replace("%1", seconds_text(t.queue)))
        if t.ttft is not None:
            parts.append(self.tr("first token after %1").replace("%1", seconds_text(t.ttft)))
        if t.total is not None:
            parts.append(self.tr("total %1").replace("%1", seconds_text(t.total)))
        if t.decode_tok_s:
            parts.append(self.tr("%1 tokens/s").replace("%1", f"{t.decode_tok_s:.1f}"))
        if t.cancel is not None:
            parts.append(self.tr("stopped %1 after the client left").replace(
                "%1", seconds_text(t.cancel)
            ))  # fmt: skip
        return " · ".join(parts)

    def _outcome_html(self, record: RequestRecord) -> str:
        e = html.escape
        lines = []
        for call in record.tool_calls:
            lines.append(
                self.tr("Tool call: %1").replace("%1", f"<b>{e(call.name)}</b>")
                + f" <code>{e(call.arguments)}</code>"
            )
        for problem in record.format_problems:
            lines.append(f"<span style='color:#c0392b'>{e(message_text(problem))}</span>")
        if record.finish_reason and record.finished:
            lines.append(e(self.tr("Ended: %1").replace("%1", record.finish_reason)))
        return "<br>".join(lines)

    # ------------------------------------------------------------------ actions

    @Slot()
    def on_open_button_clicked(self) -> None:
        if self._record is not None and self._record.conversation_id is not None:
            self.open_conversation.emit(self._record.conversation_id)

    def shutdown(self) -> None:
        self._tasks.shutdown()
