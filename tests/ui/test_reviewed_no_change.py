"""'Not yet updated' can reach none honestly, and undo gives it back (issue 17, defects 4, 5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from nhp_planner.model.rag import Rag
from nhp_planner.ui.main_window import MainWindow
from tests.ui.conftest import SAMPLE_TODAY


def _waiting(window: MainWindow) -> list[str]:
    assert window.session is not None
    return [d.id for d in window.session.deliverables.deliverables() if d.updated_at is None]


def test_undo_gives_back_not_yet_updated(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    session = window.session
    assert session is not None
    waiting = _waiting(window)
    first = waiting[0]
    before = window.progress_label.text()
    deliverable = session.deliverables.deliverable(first)
    assert deliverable is not None
    new = Rag.RED if deliverable.rag is not Rag.RED else Rag.AMBER
    window.select_deliverable(first)
    session.edit_deliverable(first, "rag", new)
    assert first not in _waiting(window)
    window.action("undo").trigger()
    assert _waiting(window) == waiting
    assert window.progress_label.text() == before
    assert window.editor.updated.text().startswith("Not yet updated")
    window.action("redo").trigger()
    assert first not in _waiting(window)


def test_reviewed_no_change_from_the_editor_and_the_menu(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    session = window.session
    assert session is not None
    waiting = _waiting(window)
    assert len(waiting) >= 2
    before = {d.id: d for d in session.deliverables.deliverables()}
    window.select_deliverable(waiting[0])
    assert window.editor.reviewed_button.isEnabled()
    window.editor.reviewed_button.click()
    assert waiting[0] not in _waiting(window)
    assert not window.editor.reviewed_button.isEnabled()
    assert not window.action("review_unchanged").isEnabled()
    window.select_deliverable(waiting[1])
    action = window.action("review_unchanged")
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+R"
    action.trigger()
    assert _waiting(window) == waiting[2:]
    # Nothing else about them changed; each is in the history; each is one undo step.
    for deliverable_id in waiting[:2]:
        now = session.deliverables.deliverable(deliverable_id)
        assert now is not None
        was = before[deliverable_id]
        assert (now.rag, now.date_text, now.summary_position) == (
            was.rag,
            was.date_text,
            was.summary_position,
        )
        assert session.store.changes(deliverable_id)[-1].field == "updated"
    assert "reviewed" in window.action("undo").text()
    window.action("undo").trigger()
    window.action("undo").trigger()
    assert _waiting(window) == waiting


def test_every_deliverable_reviewed_brings_the_line_to_none(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    for deliverable_id in _waiting(window):
        window.select_deliverable(deliverable_id)
        window.action("review_unchanged").trigger()
    assert _waiting(window) == []
    assert window.progress_label.text().startswith("0 of 40 not yet updated")
