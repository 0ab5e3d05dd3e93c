"""File ▸ Restore from Backup: the plan shown replaced by a backup, exactly, the old one kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.store import PlanStore
from nhp_planner.ui import file_dialogs
from nhp_planner.ui.main_window import MainWindow
from tests.ui.conftest import Answers


def _dump(plan: Path) -> str:
    with PlanStore.open(plan, read_only=True) as store:
        return dump_store(store, None, history=True)


def test_restore_from_backup_replaces_the_plan_shown(
    window: MainWindow,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    backup = tmp_path / "backups" / "plan-monday.nhp"
    backup.parent.mkdir()
    assert window.session is not None
    window.session.store.make_copy(backup)
    expected = _dump(backup)
    first = window.session.deliverables.deliverables()[0]
    window.session.edit_deliverable(first.id, "summary_position", "Changed after the backup.")
    assert _dump(plan_file) != expected
    monkeypatch.setattr(file_dialogs, "ask_backup", lambda *args: backup)

    window.action("restore_backup").trigger()

    assert answers.confirmations == ["Replace “plan.nhp” with the backup “plan-monday.nhp”?"]
    assert _dump(plan_file) == expected
    assert window.session is not None and not window.session.read_only
    assert window.session.path == plan_file
    shown = window.session.deliverables.deliverable(first.id)
    assert shown is not None and shown.summary_position == first.summary_position
    (aside,) = plan_file.parent.glob("plan.nhp.before-restore-*[0-9]")
    with PlanStore.open(aside, read_only=True) as old:
        assert old.deliverable(first.id).summary_position == "Changed after the backup."
    assert "Restored plan.nhp from plan-monday.nhp" in window.statusBar().currentMessage()


def test_declining_the_question_changes_nothing(
    window: MainWindow,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    backup = tmp_path / "backup.nhp"
    assert window.session is not None
    window.session.store.make_copy(backup)
    before = _dump(plan_file)
    answers.confirm = False
    monkeypatch.setattr(file_dialogs, "ask_backup", lambda *args: backup)
    window.action("restore_backup").trigger()
    assert _dump(plan_file) == before
    assert window.session is not None and not window.session.read_only
    assert not list(plan_file.parent.glob("*before-restore*"))
