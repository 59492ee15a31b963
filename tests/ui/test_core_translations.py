"""Errors and warnings built in core reach a zh_CN user in Chinese."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import string
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import desktop.core
from desktop.core.messages import CONTEXT, MessageSpec
from desktop.core.resources import resource_path

ZH_TS = Path(resource_path("translations")) / "tessera_zh_CN.ts"


def core_specs() -> dict[str, MessageSpec]:
    """Every MessageSpec declared at module level anywhere in desktop.core, by code."""
    specs: dict[str, MessageSpec] = {}
    for info in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."):
        if ".migrations" in info.name:
            continue  # Alembic scripts run inside Alembic only
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, MessageSpec):
                specs[value.code] = value
    return specs


def chinese_core_templates() -> dict[str, str]:
    root = ET.parse(ZH_TS).getroot()
    out = {}
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None:
                out[message.findtext("source") or ""] = translation.text or ""
    return out


def fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


def test_every_core_template_is_translated_with_its_placeholders() -> None:
    specs = core_specs()
    assert len(specs) > 200  # engine, gguf, hub, store, templates, experiments, library...
    chinese = chinese_core_templates()
    untranslated = sorted(s.code for s in specs.values() if s.template not in chinese)
    assert not untranslated, (
        "run scripts/update_translations.py and translate these (their QT_TRANSLATE_NOOP "
        f'context must be the literal "CoreMessages"): {untranslated}'
    )
    broken = {
        s.code: (fields(s.template), fields(chinese[s.template]))
        for s in specs.values()
        if fields(s.template) != fields(chinese[s.template])
    }
    assert not broken, broken


@pytest.fixture
def zh_cn(qapp) -> Iterator[None]:
    from PySide6.QtCore import QLocale

    from desktop.app import install_translator

    translators = install_translator(qapp, QLocale("zh_CN"))
    assert translators
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_a_corrupt_gguf_added_to_the_library_is_refused_in_chinese(
    zh_cn, qtbot, ui_paths, ui_store, broken_models, tmp_path: Path
) -> None:
    from desktop.core.models.library import Library
    from desktop.ui.models.library_panel import LibraryPanel

    library = Library(
        ui_paths, ui_store.models, hf_cache=tmp_path / "hf", lmstudio_dirs=[tmp_path / "lms"]
    )
    panel = LibraryPanel(library)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: not panel.tasks.busy())
    try:
        bad = tmp_path / "cut.gguf"
        shutil.copyfile(broken_models["truncated"], bad)
        with qtbot.waitSignal(panel.error_shown, timeout=10_000) as shown:
            panel.import_path(str(bad), "copy")
        text = panel.status_label.text()
        assert text == shown.args[0]
        # "cut.gguf 不完整：文件头提前结束。 下载可能中断了……请重新下载。"
        assert "cut.gguf 不完整" in text and "请重新下载" in text
        assert "truncated" not in text
    finally:
        panel.shutdown()


def test_loading_a_foreign_file_in_the_window_explains_it_in_chinese(
    zh_cn, qtbot, main_window, broken_models
) -> None:
    window = main_window
    with qtbot.waitSignal(window.engine.load_failed, timeout=30_000):
        window.model_loader.open_model_file(str(broken_models["not_gguf"]))
    banner = window.chat.chat_panel.banner
    assert banner.isVisible()
    name = broken_models["not_gguf"].name
    assert f"{name} 不是 GGUF 模型文件" in banner.message.text()
    assert "not a GGUF" not in banner.message.text()
