"""Every user-facing text declared in core reaches translators and reads Chinese under zh_CN."""

from __future__ import annotations

import importlib
import pkgutil
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import desktop.core
from desktop.core.messages import CONTEXT, MessageSpec, UserError
from desktop.core.resources import resource_path

PLACEHOLDER = re.compile(r"\{\w+(?:[:!][^{}]*)?\}")


def declared_specs() -> dict[str, MessageSpec]:
    """Every MessageSpec at module or class level in desktop.core, by template."""
    found: dict[str, MessageSpec] = {}
    for info in pkgutil.walk_packages(desktop.core.__path__, "desktop.core."):
        if ".migrations" in info.name:
            continue  # Alembic's env refuses to be imported outside a migration run
        module = importlib.import_module(info.name)
        values = list(vars(module).values())
        values += [v for cls in values if isinstance(cls, type) for v in vars(cls).values()]
        for value in values:
            if isinstance(value, MessageSpec):
                found[value.template] = value
    return found


def zh_core_translations() -> dict[str, str | None]:
    """CoreMessages source -> its finished translation (None while unfinished)."""
    ts = Path(resource_path("translations")) / "tessera_zh_CN.ts"
    out: dict[str, str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") is None
            out[message.findtext("source") or ""] = translation.text if done else None
    return out


def test_every_core_template_is_extracted_and_translated() -> None:
    specs = declared_specs()
    assert len(specs) >= 5, "core declares its user-facing texts as MessageSpecs"
    translations = zh_core_translations()
    missing = [t for t in specs if t not in translations]
    assert not missing, (
        f"{len(missing)} core texts never reached the .ts (declare them with "
        f'QT_TRANSLATE_NOOP("CoreMessages", ...) and run scripts/update_translations.py), '
        f"e.g. {missing[:3]}"
    )
    unfinished = [t for t in specs if translations[t] is None]
    assert not unfinished, f"{len(unfinished)} core texts untranslated, e.g. {unfinished[:3]}"
    broken = [
        (t, translations[t])
        for t in specs
        if sorted(PLACEHOLDER.findall(t)) != sorted(PLACEHOLDER.findall(translations[t] or ""))
    ]
    assert not broken, f"placeholders differ in {broken[:3]}"


def test_a_core_error_reads_chinese_in_the_ui(qapp) -> None:
    from PySide6.QtCore import QLocale

    from desktop.app import install_translator
    from desktop.core.engine.options import OptionsError, params_from_dict
    from desktop.ui.i18n import error_text

    try:
        params_from_dict({"temperature": "hot"})
    except OptionsError as exc:
        error: UserError = exc
    english = error_text(error)
    translators = install_translator(qapp, QLocale("zh_CN"))
    try:
        chinese = error_text(error)
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
    assert english.startswith("The setting temperature must be a number")
    assert "temperature" in chinese and "'hot'" in chinese
    assert re.search(r"[\u4e00-\u9fff]", chinese), chinese
