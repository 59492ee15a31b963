"""Reopening a saved comparison on the Compare page: as it was, and ready to go on."""

from __future__ import annotations

import shutil

from desktop.core.store.comparisons import ComparisonRepository
from tests.ui.compare.helpers import (
    TURN_TIMEOUT,
    click_link,
    open_compare,
    reply_ids,
    send_to_panes,
    set_pane,
)


def fresh_window(qtbot, ui_paths, ui_store):
    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient

    window = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="light")
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    return window


def saved_menu_entries(page) -> list:
    page.saved_menu.aboutToShow.emit()  # what the user sees when the menu opens
    return [a for a in page.saved_menu.actions() if a.isEnabled()]


def test_a_saved_comparison_reopens_in_a_fresh_window_as_it_was_and_goes_on(
    qtbot, compare_window, ui_paths, ui_store, tiny_model_path
):
    page = open_compare(compare_window)
    page.show_probabilities.setChecked(True)
    set_pane(page.panes[0], tiny_model_path, temperature=0.0, seed=11)
    set_pane(page.panes[1], tiny_model_path, temperature=1.5, seed=11)
    page.panes[1].header.set_system("Answer in one line.")
    send_to_panes(qtbot, page, "Tell me a story, 讲个故事", max_tokens=12)
    with qtbot.waitSignal(page.controller.rated, timeout=10_000):
        click_link(qtbot, page.panes[1].view, page.panes[1].row_of_turn(0), "pick")
    run_id = page.controller.run_id
    before = [
        (p.reply_item(0).text, reply_ids(p), [t.logprob for t in p.reply_item(0).tokens])
        for p in page.panes
    ]
    assert all(text for text, _, _ in before)
    compare_window.close()  # the engines stop; only the store keeps the comparison

    window = fresh_window(qtbot, ui_paths, ui_store)
    try:
        reopened = open_compare(window)
        entries = saved_menu_entries(reopened)
        assert len(entries) == 1
        entry = entries[0]
        assert entry.text().startswith("Compare: Tell me a story")
        assert "2 pane" in entry.text() and "1 message" in entry.text()
        with qtbot.waitSignal(reopened.controller.reopened, timeout=10_000):
            entry.trigger()

        assert [p.header.entry().path for p in reopened.panes] == [str(tiny_model_path)] * 2
        assert [p.header.temperature.value() for p in reopened.panes] == [0.0, 1.5]
        assert reopened.panes[1].header.system.toPlainText() == "Answer in one line."
        assert not reopened.panes[0].header.model_combo.isEnabled()  # the panes are fixed
        assert reopened.max_tokens.value() == 12
        for pane, (text, ids, logprobs) in zip(reopened.panes, before, strict=True):
            shown = [(i.role, i.text) for i in pane.model.items()]
            assert shown == [("user", "Tell me a story, 讲个故事"), ("assistant", text)]
            assert reply_ids(pane) == ids
            assert [t.logprob for t in pane.reply_item(0).tokens] == logprobs
            assert "TTFT" in pane.status.text()
            assert pane.banner.isHidden()
            assert pane.continue_button.isEnabled()
        assert reopened.panes[1].picked(0) and not reopened.panes[0].picked(0)
        assert reopened.panes[1].rating(0) == 5
        assert "Reopened" in reopened.schedule_label.text()
        reopened.grab().save("/tmp/compare_reopen.png")

        # A follow-up goes to the same panes and is saved into the same comparison.
        send_to_panes(qtbot, reopened, "And then?")
        for pane in reopened.panes:
            assert pane.reply_item(1) is not None and pane.reply_item(1).status == "complete"
        assert reopened.controller.run_id == run_id
        comparison = ComparisonRepository(ui_store.db).load(run_id)
        assert [t.text for t in comparison.turns] == ["Tell me a story, 讲个故事", "And then?"]
        assert [comparison.result(0, p).result.output for p in (0, 1)] == [b[0] for b in before]
        assert comparison.picked(0) == 1  # the pick made before reopening is kept
        assert len(ComparisonRepository(ui_store.db).saved()) == 1
        # The second reply of the tempered pane saw its system prompt and its first reply.
        assert comparison.result(1, 1).result.prompt.system == "Answer in one line."
    finally:
        window.close()


def test_a_pane_whose_model_file_is_gone_says_so_and_keeps_its_saved_reply(
    qtbot, compare_window, ui_store, tiny_model_path, tmp_path
):
    copy = tmp_path / "models" / "gone-soon.gguf"
    copy.parent.mkdir()
    shutil.copyfile(tiny_model_path, copy)
    page = open_compare(compare_window)
    set_pane(page.panes[0], copy, temperature=0.0, seed=4)
    set_pane(page.panes[1], tiny_model_path, temperature=0.0, seed=4)
    send_to_panes(qtbot, page, "Hello")
    saved_text = page.panes[0].reply_item(0).text
    run_id = page.controller.run_id
    page.new_comparison()
    with qtbot.waitSignal(page.controller.closed, timeout=TURN_TIMEOUT):
        pass  # the engine holding the file stops before the file goes
    copy.unlink()

    # From the Experiments page, as a user who finds the comparison there.
    window = compare_window
    experiments = window.page("experiments")
    experiments.refresh_list()
    results = experiments.results
    names = [experiments.experiment_combo.itemText(i)
             for i in range(experiments.experiment_combo.count())]  # fmt: skip
    row = next(i for i, n in enumerate(names) if n.startswith("Compare: Hello"))
    window.show_page("experiments")
    experiments.experiment_combo.setCurrentIndex(row)
    experiments.experiment_combo.activated.emit(row)
    experiments.tabs.setCurrentWidget(results)
    assert results.open_compare_button.isVisible()
    with qtbot.waitSignal(page.controller.reopened, timeout=10_000):
        results.open_compare_button.click()

    assert page.isVisible()  # the window went to the Compare page
    gone, kept = page.panes
    assert gone.reply_item(0).text == saved_text
    assert gone.banner.isVisible()
    said = gone.banner.message.text()
    assert "gone-soon.gguf" in said and "no longer" in said
    assert gone.header.saved_model.isVisible()
    assert "file missing" in gone.header.saved_model.text()
    assert kept.banner.isHidden() and kept.header.entry().path == str(tiny_model_path)

    # Going on: the other pane answers; the gone one says why it cannot; nothing is lost.
    send_to_panes(qtbot, page, "Still there?")
    assert kept.reply_item(1).status == "complete"
    assert gone.reply_item(1).status == "error" and gone.banner.isVisible()
    comparison = ComparisonRepository(ui_store.db).load(run_id)
    assert comparison.result(0, 0).result.output == saved_text
    assert len(comparison.turns) == 2
