"""Above the transcript: which chat template the loaded model gets when the file has none (and
why), and, for a model that looks like a base model, a one-click switch to Completion mode."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QToolButton

from desktop.core.templates.choice import base_model_notice
from desktop.ui.i18n import message_text


class ModelNotice(QFrame):
    """Hidden for a model that ships its own chat template (nothing to say) and in Completion
    mode (no template is used there)."""

    completion_requested = Signal()

    def __init__(self, engine, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("modelNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.template_label = QLabel(self)
        self.template_label.setObjectName("templateReason")
        self.template_label.setWordWrap(True)
        self.base_label = QLabel(self)
        self.base_label.setObjectName("baseModelNotice")
        self.base_label.setWordWrap(True)
        self.completion_button = QPushButton(self.tr("Switch to Completion"), self)
        self.completion_button.setObjectName("switchToCompletion")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAutoRaise(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.template_label, 0, 0)
        layout.addWidget(self.base_label, 1, 0)
        layout.addWidget(self.completion_button, 2, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.close_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(0, 1)
        self._info = None
        self._completion = False
        self._dismissed = False
        self.completion_button.clicked.connect(self.completion_requested)
        self.close_button.clicked.connect(self.on_close_button_clicked)
        engine.loaded.connect(self.set_model_info)
        engine.unloaded.connect(lambda: self.set_model_info(None))
        self.hide()

    @Slot(object)
    def set_model_info(self, info) -> None:
        self._info = info
        self._dismissed = False
        self._refresh()

    def set_completion_mode(self, completion: bool) -> None:
        self._completion = completion
        self._refresh()

    @Slot()
    def on_close_button_clicked(self) -> None:
        self._dismissed = True
        self.hide()

    def _refresh(self) -> None:
        info = self._info
        choice = getattr(info, "template", None)
        show_template = choice is not None and not choice.from_file
        base = bool(getattr(info, "looks_base", False))
        if info is None or self._completion or self._dismissed or not (show_template or base):
            self.hide()
            return
        self.template_label.setText(message_text(choice.reason) if show_template else "")
        self.template_label.setVisible(show_template)
        self.base_label.setText(message_text(base_model_notice(info)) if base else "")
        self.base_label.setVisible(base)
        self.completion_button.setVisible(base)
        self.show()
