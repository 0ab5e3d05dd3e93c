"""Plans that cannot be written, and plan files that change or go away while open (issue 17,
defects 6 and 7): opened read-only saying why, kept up to date, never edited into the void."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.ui import file_dialogs
from nhp_planner.ui.main_window import MainWindow
from tests.ui.conftest import Answers


def _read_only(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """As the system would answer for a read-only file or folder (root may write anything)."""
    blocked = {p.resolve() for p in paths}
    real = os.access
    monkeypatch.setattr(
        "os.access",
        lambda path, mode: (
            False if mode & os.W_OK and Path(path).resolve() in blocked else real(path, mode)
        ),
    )


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_or_folder_opens_read_only_saying_why(
    make_window: Callable[..., MainWindow],
    plan_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
    what: str,
) -> None:
    _read_only(monkeypatch, plan_file if what == "file" else plan_file.parent)
    window = make_window(plan_file)
    assert answers.errors == []
    session = window.session
    assert session is not None and session.read_only
    banner = window.banner.text.text()
    assert window.banner.isVisible() and "read-only" in banner
    assert (f"the file {plan_file.name}" if what == "file" else "the folder") in banner
    assert "another window" not in banner
    # Looking, exporting and printing still work; changing does not.
    assert window.action("export_excel").isEnabled()
    assert window.action("board_pack").isEnabled()
    assert not window.action("add_deliverable").isEnabled()
    assert window.editor.summary.isReadOnly()


def test_a_plan_whose_lock_the_disk_cannot_hold_opens_read_only_saying_so(
    make_window: Callable[..., MainWindow],
    plan_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    real_write = Path.write_text

    def full_disk(path: Path, *args: object, **kwargs: object) -> int:
        if path.name.startswith(f".{plan_file.name}.lock"):  # the lock, written beside it
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", full_disk)
    window = make_window(plan_file)
    assert answers.errors == []
    session = window.session
    assert session is not None and session.read_only
    banner = window.banner.text.text()
    assert "its lock file cannot be written (no space left on device)" in banner
    assert "another window" not in banner  # it is the disk, not another window
    assert window.action("board_pack").isEnabled()


def _cell(window: MainWindow, deliverable_id: str) -> Rag:
    assert window.session is not None
    found = window.session.deliverables.deliverable(deliverable_id)
    assert found is not None
    return found.rag


def test_a_read_only_window_shows_the_other_windows_edits(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    writer = make_window(plan_file)
    reader = make_window(plan_file)
    assert reader.session is not None and reader.session.read_only
    assert writer.session is not None
    first = writer.session.deliverables.deliverables()[0]
    new = Rag.RED if first.rag is not Rag.RED else Rag.GREEN
    writer.session.edit_deliverable(first.id, "rag", new)
    qtbot.waitUntil(lambda: _cell(reader, first.id) is new, timeout=5000)


def test_a_plan_file_deleted_while_open_is_saved_somewhere_on_the_persons_word(
    qtbot: QtBot,
    window: MainWindow,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    assert window.session is not None
    first = window.session.deliverables.deliverables()[0]
    window.session.edit_deliverable(first.id, "summary_position", "Edited before the move.")
    rescued = tmp_path / "rescued" / "plan.nhp"
    rescued.parent.mkdir()
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: rescued)
    plan_file.rename(tmp_path / "moved-away.nhp")
    qtbot.waitUntil(lambda: bool(answers.confirmations), timeout=5000)
    assert "was moved or deleted" in answers.confirmations[0]
    qtbot.waitUntil(lambda: window.session is not None and window.session.path == rescued)
    # The window works on the saved plan now, edits and all.
    assert window.session is not None and not window.session.read_only
    with PlanStore.open(rescued, read_only=True) as saved:
        assert saved.deliverable(first.id).summary_position == "Edited before the move."


def test_declining_to_save_a_lost_plan_leaves_it_read_only(
    qtbot: QtBot, window: MainWindow, plan_file: Path, answers: Answers
) -> None:
    answers.confirm = False
    plan_file.unlink()
    qtbot.waitUntil(lambda: bool(answers.confirmations), timeout=5000)
    session = window.session
    assert session is not None and session.read_only
    assert not window.action("add_deliverable").isEnabled()
    assert window.editor.summary.isReadOnly()
    assert "moved or deleted" in window.banner.text.text()
    # What it holds can still be saved from here.
    assert window.action("save_copy").isEnabled()


def test_save_a_copy_and_close(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "snapshot.nhp"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: target)
    assert window.action("save_copy").shortcut().toString() == "Ctrl+Shift+S"
    window.action("save_copy").trigger()
    assert target.exists()
    with PlanStore.open(target, read_only=True) as saved:
        assert saved.copied_from is None
    assert window.action("close_plan").shortcut().toString() == "Ctrl+W"
    window.action("close_plan").trigger()
    assert window.session is None
    assert window.banner.isVisible() and "No plan is open" in window.banner.text.text()
    assert not window.action("save_copy").isEnabled()
