"""The plan file: edits, their history rows, periods, transactions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.entities import Deliverable, Objective, Plan
from nhp_planner.model.errors import PeriodClosedError, PlanLockedError, ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore

JAN, FEB = ReportingPeriod(2024, 1), ReportingPeriod(2024, 2)


def test_create_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "new.nhp"
    with PlanStore.create(path, Plan(title="Plan A"), period=JAN, user="amy") as store:
        store.add_deliverable(Deliverable("1.1", 1, commitment="We will", rag=Rag.AMBER))
        plan_id = store.plan_id
    with PlanStore.open(path) as store:
        assert store.plan().title == "Plan A"
        assert store.plan_id == plan_id
        assert [d.ref for d in store.deliverables()] == ["1.1"]
        assert store.current_period == JAN
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".nhp-")] == []


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "taken.nhp"
    path.write_text("mine")
    with pytest.raises(Exception, match="already exists"):
        PlanStore.create(path, Plan(title="x"))
    assert path.read_text() == "mine"


def test_crash_safe_settings(plan_file: Path) -> None:
    with PlanStore.open(plan_file) as store:
        db = store._conn.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_every_entity_has_a_uuid(fixture_store: PlanStore) -> None:
    ids = [d.id for d in fixture_store.deliverables()] + [o.id for o in fixture_store.objectives()]
    assert len(set(ids)) == 60
    assert all(len(i) == 36 and i.count("-") == 4 for i in ids)


def test_edit_writes_history_in_same_transaction(fixture_store: PlanStore) -> None:
    target = next(d for d in fixture_store.deliverables() if d.ref == "2.5")
    before = len(fixture_store.changes())
    fixture_store.update_deliverable(target.id, rag=Rag.RED, summary_position="Supplier late.")
    after = fixture_store.deliverable(target.id)
    assert after.rag is Rag.RED and after.summary_position == "Supplier late."
    assert after.updated_at is not None
    records = fixture_store.changes(target.id)[-2:]
    assert {(r.field, r.old, r.new) for r in records} == {
        ("rag", "AMBER", "RED"),
        ("summary_position", target.summary_position, "Supplier late."),
    }
    assert all(
        r.by == "tester" and r.period == "2024-01" and r.entity == "deliverable" for r in records
    )
    assert records[0].at == records[1].at  # one transaction, one time
    assert len(fixture_store.changes()) == before + 2


def test_no_op_edit_writes_nothing(fixture_store: PlanStore) -> None:
    target = fixture_store.deliverables()[0]
    before = len(fixture_store.changes())
    fixture_store.update_deliverable(target.id, rag=target.rag)
    assert len(fixture_store.changes()) == before


def test_failed_write_leaves_nothing(fixture_store: PlanStore) -> None:
    first = fixture_store.deliverables()[0]
    before = (dump_store(fixture_store), len(fixture_store.changes()))
    with pytest.raises(ValidationError, match=r"0\.2 already exists"):
        fixture_store.update_deliverable(first.id, ref="0.2", commitment="changed")
    assert (dump_store(fixture_store), len(fixture_store.changes())) == before


def test_transaction_is_all_or_nothing(fixture_store: PlanStore) -> None:
    first = fixture_store.deliverables()[0]
    before = dump_store(fixture_store)
    with pytest.raises(RuntimeError), fixture_store.transaction():
        fixture_store.update_deliverable(first.id, commitment="half-done")
        raise RuntimeError("power cut")
    assert dump_store(fixture_store) == before


def test_refs_are_normalised_and_unique(fresh_store: PlanStore) -> None:
    added = fresh_store.add_deliverable(Deliverable(" 1.4. ", 1))
    assert added.ref == "1.4"
    with pytest.raises(ValidationError, match=r"1\.4 already exists"):
        fresh_store.add_deliverable(Deliverable("1.4", 1))
    with pytest.raises(ValidationError, match="is not a deliverable reference"):
        fresh_store.add_deliverable(Deliverable("one", 1))


def test_adding_deliverable_creates_untitled_objective(fresh_store: PlanStore) -> None:
    fresh_store.add_deliverable(Deliverable("3.1", 3))
    assert [(o.number, o.title) for o in fresh_store.objectives()] == [(3, None)]


def test_delete_and_restore_deliverable(fixture_store: PlanStore) -> None:
    before = dump_store(fixture_store)
    target = fixture_store.deliverables()[5]
    removed = fixture_store.delete_deliverable(target.id)
    assert target.id not in {d.id for d in fixture_store.deliverables()}
    deleted = fixture_store.changes(target.id)[-1]
    assert deleted.field == "deleted" and json.loads(deleted.old or "")["ref"] == target.ref
    fixture_store.restore_deliverable(removed)
    assert dump_store(fixture_store) == before


def test_delete_and_restore_objective(fixture_store: PlanStore) -> None:
    before = dump_store(fixture_store)
    objective = fixture_store.objectives()[2]
    removed_objective, removed = fixture_store.delete_objective(objective.id)
    assert len(removed) == 10 and len(fixture_store.deliverables()) == 45
    fixture_store.restore_objective(removed_objective, removed)
    assert dump_store(fixture_store) == before


def test_objective_edits(fresh_store: PlanStore) -> None:
    objective = fresh_store.add_objective(Objective(1, "Prevent crime"))
    fresh_store.add_objective(Objective(2))
    fresh_store.update_objective(objective.id, title="Prevent crime and ASB")
    assert fresh_store.objectives()[0].title == "Prevent crime and ASB"
    with pytest.raises(ValidationError, match="Objective 2 already exists"):
        fresh_store.update_objective(objective.id, number=2)
    with pytest.raises(ValidationError, match="Objective 1 already exists"):
        fresh_store.add_objective(Objective(1))


def test_new_period_carries_forward_and_keeps_the_old(fixture_store: PlanStore) -> None:
    january = dump_store(fixture_store, JAN)
    fixture_store.start_period(FEB)
    assert fixture_store.current_period == FEB
    february = fixture_store.deliverables()
    assert [d.id for d in february] == [d.id for d in fixture_store.deliverables(JAN)]
    assert all(d.updated_at is None for d in february)  # not yet updated this period
    fixture_store.update_deliverable(february[0].id, rag=Rag.RED)
    assert fixture_store.deliverables(FEB)[0].rag is Rag.RED
    assert dump_store(fixture_store, JAN) == january
    with pytest.raises(PeriodClosedError, match="January 2024 is closed"):
        fixture_store.update_deliverable(february[0].id, period=JAN, rag=Rag.RED)
    with pytest.raises(ValidationError, match="must come after February 2024"):
        fixture_store.start_period(JAN)


def test_read_only(plan_file: Path) -> None:
    with PlanStore.open(plan_file, read_only=True) as store:
        target = store.deliverables()[0]
        with pytest.raises(PlanLockedError, match="read-only"):
            store.update_deliverable(target.id, rag=Rag.RED)


def test_file_opens_in_any_sqlite_tool(plan_file: Path) -> None:
    conn = sqlite3.connect(plan_file)
    rows = conn.execute("select ref, rag from deliverables where ref = '1.10'").fetchall()
    conn.close()
    assert rows == [("1.10", "AMBER")]


def test_changes_survive_reopening(plan_file: Path) -> None:
    with PlanStore.open(plan_file, user="bea") as store:
        target = store.deliverables()[0]
        store.update_deliverable(target.id, date_text="TBC")
    with PlanStore.open(plan_file) as store:
        last = store.changes(target.id)[-1]
        assert (last.field, last.old, last.new, last.by) == (
            "date_text",
            "26/01/2024",
            "TBC",
            "bea",
        )


def test_rag_given_as_text_is_read(fixture_store: PlanStore) -> None:
    target = fixture_store.deliverables()[0]
    assert fixture_store.update_deliverable(target.id, rag=" amber ").rag is Rag.AMBER
    with pytest.raises(ValidationError, match="'Blue' is not a RAG rating"):
        fixture_store.update_deliverable(target.id, rag="Blue")
