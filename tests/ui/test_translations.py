"""Translations: finished messages keep placeholders, each .qm matches its .ts, panels read them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.core.resources import resource_path

FOLDER = resource_path("translations")
TS_FILES = sorted(Path(FOLDER).glob("tessera_*.ts"))

# %1..%9, %n (plurals), %v/%m/%p (progress bar formats), {name} and {name:.2f} (str.format).
PLACEHOLDER = re.compile(r"%[1-9nvmp]|\{\w+(?:[:!][^{}]*)?\}")
ACCELERATOR = re.compile(r"&(\w)")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str | None
    forms: tuple[str, ...]  # one per numerus form; a plain message has one


def finished_messages(ts: Path) -> list[Message]:
    """Every translated message; unfinished ones (new strings nobody translated yet) are left out."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            forms = [f.text or "" for f in translation.findall("numerusform")]
            out.append(
                Message(
                    name,
                    message.findtext("source") or "",
                    message.findtext("comment"),
                    tuple(forms) if forms else (translation.text or "",),
                )
            )
    return out


def test_most_of_the_ui_is_translated_into_chinese():
    # A floor, not a ratio: new untranslated strings must not fail this test.
    assert len(finished_messages(Path(FOLDER) / "tessera_zh_CN.ts")) >= 450


def problems(message: Message) -> list[str]:
    """What a translator got wrong: placeholders, accelerator key, trailing ellipsis."""
    out = []
    wanted = sorted(set(PLACEHOLDER.findall(message.source)))
    accelerator = ACCELERATOR.search(message.source)
    for form in message.forms:
        if not form.strip():
            out.append("finished but empty")
        elif sorted(set(PLACEHOLDER.findall(form))) != wanted:
            out.append(f"placeholders {wanted} -> {form!r}")
        # "S&top" -> "停止(&T)": the same key, any case.
        if accelerator and f"&{accelerator.group(1)}".lower() not in form.lower():
            out.append(f"accelerator &{accelerator.group(1)} lost in {form!r}")
        if message.source.endswith("…") and not form.endswith("…"):
            out.append(f"ellipsis lost in {form!r}")
    return out


def test_the_checks_catch_a_dropped_placeholder_accelerator_or_ellipsis():
    assert problems(Message("C", "Loading %1…", None, ("正在加载…",))) == [
        "placeholders ['%1'] -> '正在加载…'"
    ]
    assert problems(Message("C", "{n} of {ctx:.1%}", None, ("{n} / {ctx}",)))
    assert problems(Message("C", "&File", None, ("文件",)))
    assert problems(Message("C", "Open…", None, ("打开",)))
    assert not problems(Message("C", "S&top %n…", None, ("停止 %n(&T)…",)))


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_every_finished_translation_keeps_placeholders_accelerators_and_ellipsis(ts: Path):
    bad = {f"{m.context}: {m.source}": problems(m) for m in finished_messages(ts) if problems(m)}
    assert not bad, bad


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_the_compiled_qm_holds_every_finished_translation(qapp, ts: Path):
    """The .qm is not older than the .ts: run scripts/update_translations.py after editing it."""
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(ts.with_suffix(".qm")))
    stale = []
    for m in finished_messages(ts):
        # n=1 picks the first numerus form, n=2 the second where the language has one.
        counts = (1, 2)[: len(m.forms)] if "%n" in m.source else (-1,)
        for n, form in zip(counts, m.forms, strict=True):
            got = translator.translate(m.context, m.source, m.comment, n)
            if got != form:
                stale.append((m.context, m.source, got))
    assert not stale, f"{len(stale)} stale in the .qm, e.g. {stale[:3]}"


def test_panels_show_chinese_under_zh_cn(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtWidgets import QCheckBox

    from desktop.app import install_translator
    from desktop.core.models.fit import FitEstimate
    from desktop.ui.experiments.item_models import check_titles
    from desktop.ui.models.hub_models import fit_text
    from desktop.ui.settings_dialog import SettingsDialog
    from desktop.ui.units import size_text

    translators = install_translator(qapp, QLocale("zh_CN"))
    assert translators
    try:
        dialog = SettingsDialog(enter_sends=True, theme="dark")
        assert dialog.windowTitle() == "设置"
        assert dialog.theme.currentText() == "深色"
        assert dialog.findChild(QCheckBox).text().startswith("按 Enter 发送消息")
        dialog.deleteLater()
        # Module-level helpers translate under their own context, not an empty one.
        assert size_text(None) == "未知"
        partial = FitEstimate("partial", 20, 28, 4_000_000_000, 200_000_000, 4096, True)
        assert fit_text(partial) == "部分放入 GPU：20 / 28 层（估算）"
        assert check_titles()["not_contains"] == "不包含"
        tr = QCoreApplication.translate
        assert tr("LibraryModels", "Last used") == "上次使用"
        assert tr("TokenizerPanel", "Parse special tokens") == "解析特殊 token"
        assert tr("ExperimentsPanel", "%v / %m cells") == "%v / %m 个单元格"
        assert tr("HubPanel", "%n model(s)", None, 3) == "3 个模型"
        assert tr("MainWindow", "&Open model file…") == "打开模型文件(&O)…"
        assert tr("MessageDelegate", "%n token(s)", None, 3) == "3 个 token"
        assert tr("SamplingPresets", "Balanced") == "均衡"
        from desktop.ui.chat.format_footer import FormatVerdict

        assert FormatVerdict().problems(2) == "✗ 2 处问题"
        from desktop.core.engine.presets import BUILTIN_NAME, PresetError
        from desktop.ui.i18n import error_text

        assert error_text(PresetError(BUILTIN_NAME())) == "内置预设不能被替换，请换一个名称。"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_english_counts_read_1_token_and_2_tokens(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    from desktop.app import install_translator

    translators = install_translator(qapp, QLocale("en_GB"))
    assert translators
    try:
        tr = QCoreApplication.translate
        assert tr("Composer", "%n token(s)", None, 1) == "1 token"
        assert tr("Composer", "%n token(s)", None, 2) == "2 tokens"
        assert tr("LibraryPanel", "%n GGUF model(s) found.", None, 0) == "0 GGUF models found."
        assert tr("ConversationListModel", "%n result(s)", None, 1) == "1 result"
        assert tr("Composer", "Send") == "Send"
        from desktop.ui.chat.format_footer import FormatVerdict

        assert FormatVerdict().problems(1) == "✗ 1 problem"
        assert FormatVerdict().problems(3) == "✗ 3 problems"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_a_language_without_a_translation_reads_english_plurals(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    from desktop.app import install_translator

    translators = install_translator(qapp, QLocale("de_DE"))
    try:
        assert QCoreApplication.translate("Composer", "%n token(s)", None, 1) == "1 token"
        assert QCoreApplication.translate("Composer", "%n token(s)", None, 3) == "3 tokens"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
