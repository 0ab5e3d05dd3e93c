"""Typing the plan refuses to take (busy in another program, the disk full) is kept and retried."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from nhp_planner.model.errors import PlanFileError
from nhp_planner.model.store import PlanStore
from nhp_planner.paths import user_data_dir
from nhp_planner.ui import file_dialogs, messages
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.unsaved_typing import RESCUE_FOLDER
from tests.ui.conftest import Answers


def _stored_summary(plan: Path, deliverable_id: str) -> str:
    with PlanStore.open(plan, read_only=True) as store:
        return store.deliverable(deliverable_id).summary_position


def _type_at_end(qtbot: QtBot, window: MainWindow, text: str) -> str:
    """Type at the end of the shown summary position; the deliverable's id."""
    editor = window.editor
    assert editor.deliverable is not None
    editor.summary.setFocus()
    editor.summary.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.summary, text)
    return editor.deliverable.id


def test_a_save_refused_while_another_program_writes_lands_when_it_is_done(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    assert window.editor.deliverable is not None
    before = window.editor.deliverable.summary_position
    blocker = sqlite3.connect(plan_file, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    try:
        deliverable_id = _type_at_end(qtbot, window, " Checked by the inspector.")
        banner = window.editor.unsaved_banner
        qtbot.waitUntil(banner.isVisible, timeout=20_000)
        assert "busy in another program" in banner.text()
        assert window.editor.has_pending()
        assert window.editor.summary.toPlainText() == before + " Checked by the inspector."
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    # Retried on its own, with nothing more typed.
    qtbot.waitUntil(
        lambda: _stored_summary(plan_file, deliverable_id) == before + " Checked by the inspector.",
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert not window.editor.has_pending()


class _DiskFull:
    """The store's update refuses while ``full`` is set, as a full disk does."""

    def __init__(self, store: PlanStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = True
        self.refused = 0
        real = store.update_deliverable

        def update(*args: Any, **kwargs: Any) -> Any:
            if self.full:
                self.refused += 1
                raise PlanFileError(f"{store.path}: the disk is full, so the change was not saved.")
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "update_deliverable", update)


def test_typing_kept_across_another_selection_is_saved_on_the_next_keystroke(
    qtbot: QtBot, window: MainWindow, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.session is not None
    disk = _DiskFull(window.session.store, monkeypatch)
    editor = window.editor
    assert editor.deliverable is not None
    first = editor.deliverable
    _type_at_end(qtbot, window, " Moved to May.")
    editor.commit_pending()  # as a change of row does
    assert disk.refused and editor.unsaved_banner.isVisible()
    assert "disk is full" in editor.unsaved_banner.text()

    window.table.selectRow(1)  # another deliverable; the typing stays pending
    assert editor.deliverable is not None and editor.deliverable.id != first.id
    assert editor.has_pending()
    window.table.selectRow(0)  # back again: the unsaved text is what it shows
    assert editor.summary.toPlainText() == first.summary_position + " Moved to May."

    disk.full = False
    _type_at_end(qtbot, window, "!")
    qtbot.waitUntil(lambda: not editor.has_pending())
    assert _stored_summary(plan_file, first.id) == first.summary_position + " Moved to May.!"
    assert not editor.unsaved_banner.isVisible()
    # The burst is still one undo step.
    assert window.session.undo_stack.count() == 1


def test_a_change_of_focus_retries(
    qtbot: QtBot, window: MainWindow, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.session is not None
    disk = _DiskFull(window.session.store, monkeypatch)
    deliverable_id = _type_at_end(qtbot, window, " Done.")
    window.editor.commit_pending()
    assert window.editor.has_pending()
    disk.full = False
    window.editor.lead.setFocus()  # the summary loses focus
    qtbot.waitUntil(lambda: not window.editor.has_pending())
    assert _stored_summary(plan_file, deliverable_id).endswith(" Done.")


def test_quitting_with_typing_the_plan_refuses_asks_and_retry_lands(
    qtbot: QtBot,
    window: MainWindow,
    plan_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    assert window.session is not None
    disk = _DiskFull(window.session.store, monkeypatch)
    deliverable_id = _type_at_end(qtbot, window, " Last words.")
    answers.unsaved = [messages.UnsavedChoice.CANCEL]
    assert not window.close()  # Cancel: the window stays, the typing with it
    assert window.isVisible() and window.editor.has_pending()
    assert "disk is full" in answers.unsaved_asked[0]

    def free_the_disk(parent: Any, reason: str) -> messages.UnsavedChoice:
        disk.full = False
        return messages.UnsavedChoice.RETRY

    monkeypatch.setattr(messages, "ask_unsaved_typing", free_the_disk)
    assert window.close()
    assert _stored_summary(plan_file, deliverable_id).endswith(" Last words.")


def test_quitting_can_keep_the_typing_in_a_copy_to_merge_later(
    qtbot: QtBot,
    window: MainWindow,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    assert window.session is not None
    _DiskFull(window.session.store, monkeypatch)
    deliverable_id = _type_at_end(qtbot, window, " Kept in a copy.")
    rescue = tmp_path / "usb" / "rescue.nhp"
    rescue.parent.mkdir()
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: rescue)
    answers.unsaved = [messages.UnsavedChoice.SAVE_COPY]
    assert window.close()
    assert _stored_summary(rescue, deliverable_id).endswith(" Kept in a copy.")
    assert not _stored_summary(plan_file, deliverable_id).endswith(" Kept in a copy.")
    # Merged back, the typing lands in the plan.
    with PlanStore.open(plan_file) as store:
        store.merge_from(rescue)
    assert _stored_summary(plan_file, deliverable_id).endswith(" Kept in a copy.")


def test_asked_to_stop_by_the_system_the_typing_goes_to_a_copy_in_nhp_planners_folder(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    assert window.session is not None
    _DiskFull(window.session.store, monkeypatch)
    deliverable_id = _type_at_end(qtbot, window, " Typed at shutdown.")
    window.close_for_signal()
    assert answers.unsaved_asked == []  # nobody there to answer
    (rescued,) = (user_data_dir() / RESCUE_FOLDER).iterdir()
    assert _stored_summary(rescued, deliverable_id).endswith(" Typed at shutdown.")
