"""A plan saved as a copy of itself; what stops a plan being changed from here (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhp_planner.model.errors import PlanFileError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plan_file import write_blocker
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore


def test_save_a_copy_is_the_same_plan_even_after_its_file_is_gone(
    plan_file: Path, tmp_path: Path
) -> None:
    with PlanStore.open(plan_file, user="owner") as store:
        first = store.deliverables()[0]
        store.update_deliverable(first.id, rag=Rag.RED)
        plan_file.unlink()  # deleted while open: the open connection still has it
        copy = store.save_copy(tmp_path / "rescued.nhp")
        with pytest.raises(PlanFileError, match="already exists"):
            store.save_copy(copy)
        replica = store.replica_id
    with PlanStore.open(copy) as saved:
        assert saved.deliverable(first.id).rag is Rag.RED
        assert saved.replica_id == replica
        assert saved.copied_from is None
        assert any(c.field == "rag" for c in saved.changes(first.id))
    assert not list(tmp_path.glob(".nhp-*"))


def test_write_blocker_says_what_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.nhp"
    plan.write_bytes(b"")
    assert write_blocker(plan) is None
    # Root may write anything, so the test stands in for the system's answer.
    monkeypatch.setattr("os.access", lambda path, mode: Path(path) != plan)
    assert write_blocker(plan) == "the file plan.nhp is read-only"
    monkeypatch.setattr("os.access", lambda path, mode: Path(path) != tmp_path)
    assert write_blocker(plan) == f"the folder {tmp_path} is read-only"


def test_reviewed_no_change_marks_updated_and_is_recorded(fixture_store: PlanStore) -> None:
    store = fixture_store
    store.start_period(ReportingPeriod(2024, 2))  # every deliverable: not yet updated
    waiting = store.deliverables()[0]
    assert waiting.updated_at is None
    confirmed = store.confirm_unchanged(waiting.id)
    assert confirmed.updated_at is not None
    assert (confirmed.rag, confirmed.summary_position) == (waiting.rag, waiting.summary_position)
    last = store.changes(waiting.id)[-1]
    assert (last.field, last.old, last.new) == ("updated", None, confirmed.updated_at)
    back = store.restore_update_mark(waiting.id, None)
    assert back.updated_at is None
    assert store.changes(waiting.id)[-1].new is None
