"""Undo commands on their own: push, undo and redo, and check the plan file each time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nhp_planner.model.entities import CoverReport, Deliverable
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.rag import Rag
from nhp_planner.ui.commands import (
    AddDeliverableCommand,
    SetRagCommand,
    SetSummaryPositionCommand,
    field_command,
)
from nhp_planner.ui.session import PlanSession


def _by_ref(session: PlanSession, ref: str) -> str:
    return next(d.id for d in session.store.deliverables() if d.ref == ref)


def test_set_rag_push_undo_redo(session: PlanSession) -> None:
    deliverable = session.store.deliverable(_by_ref(session, "2.3"))
    assert deliverable.rag is Rag.GREEN
    session.push(SetRagCommand(session, deliverable, Rag.RED))
    assert session.store.deliverable(deliverable.id).rag is Rag.RED
    assert session.undo_stack.undoText() == "Set RAG of 2.3 to RED"
    session.undo_stack.undo()
    assert session.store.deliverable(deliverable.id).rag is Rag.GREEN
    session.undo_stack.redo()
    assert session.store.deliverable(deliverable.id).rag is Rag.RED
    history = [(c.field, c.old, c.new) for c in session.store.changes(deliverable.id)]
    assert history[-3:] == [
        ("rag", "GREEN", "RED"),
        ("rag", "RED", "GREEN"),
        ("rag", "GREEN", "RED"),
    ]


def test_typing_in_one_burst_is_one_undo_step(session: PlanSession) -> None:
    deliverable_id = _by_ref(session, "1.1")
    before = session.store.deliverable(deliverable_id).summary_position
    for text in ("On", "On track", "On track for March"):
        session.edit_deliverable(deliverable_id, "summary_position", text, burst=7)
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Edit summary position of 1.1"
    assert session.store.deliverable(deliverable_id).summary_position == "On track for March"
    session.undo_stack.undo()
    assert session.store.deliverable(deliverable_id).summary_position == before
    session.edit_deliverable(deliverable_id, "summary_position", "Later", burst=8)
    session.edit_deliverable(deliverable_id, "summary_position", "Later still", burst=9)
    assert session.undo_stack.count() == 2  # another burst is another step


def test_typing_back_to_the_start_leaves_nothing_to_undo(session: PlanSession) -> None:
    deliverable_id = _by_ref(session, "1.2")
    before = session.store.deliverable(deliverable_id).date_text
    session.edit_deliverable(deliverable_id, "date_text", before + "x", burst=3)
    session.edit_deliverable(deliverable_id, "date_text", before, burst=3)
    assert session.undo_stack.count() == 0
    assert session.store.deliverable(deliverable_id).date_text == before


def test_no_command_for_no_change(session: PlanSession) -> None:
    deliverable = session.store.deliverable(_by_ref(session, "1.3"))
    assert field_command(session, deliverable, "rag", deliverable.rag) is None
    assert not session.edit_deliverable(deliverable.id, "lead", None)
    assert session.undo_stack.count() == 0


def test_add_and_delete_deliverables(session: PlanSession) -> None:
    added = session.new_deliverable(2)
    assert added.ref == "2.11"
    assert session.store.deliverable(added.id).objective == 2
    session.undo_stack.undo()
    assert added.id not in {d.id for d in session.store.deliverables()}
    session.undo_stack.redo()
    assert session.store.deliverable(added.id).ref == "2.11"

    chosen = [session.store.deliverable(_by_ref(session, ref)) for ref in ("3.1", "3.2")]
    session.delete(chosen)
    assert session.undo_stack.undoText() == "Delete 2 deliverables"
    refs = {d.ref for d in session.store.deliverables()}
    assert not refs & {"3.1", "3.2"}
    session.undo_stack.undo()
    restored = {d.id: d for d in session.store.deliverables()}
    for deliverable in chosen:
        assert restored[deliverable.id].summary_position == deliverable.summary_position
        assert restored[deliverable.id].rag is deliverable.rag
    assert len(session.deliverables.deliverables()) == 56


def test_move_deliverable_swaps_references(session: PlanSession) -> None:
    second = session.store.deliverable(_by_ref(session, "1.2"))
    assert session.move_deliverable(second, -1)
    assert session.store.deliverable(second.id).ref == "1.1"
    assert session.undo_stack.undoText() == "Move 1.2 up"
    session.undo_stack.undo()
    assert session.store.deliverable(second.id).ref == "1.2"
    first = session.store.deliverable(_by_ref(session, "1.1"))
    assert not session.move_deliverable(first, -1)  # already first of objective 1


def test_objectives_add_rename_move_delete(session: PlanSession) -> None:
    objective = session.new_objective()
    assert objective.number == 5
    session.rename_objective(objective.id, "Listen to communities")
    assert {o.number: o.title for o in session.store.objectives()}[5] == "Listen to communities"
    session.undo_stack.undo()
    assert {o.number: o.title for o in session.store.objectives()}[5] == "New objective"

    three = next(o for o in session.objectives.objectives() if o.number == 3)
    assert session.move_objective(three, -1)
    numbers = {o.id: o.number for o in session.store.objectives()}
    assert numbers[three.id] == 2
    assert "2.11" in {d.ref for d in session.store.deliverables()}  # 3.11 followed it
    session.undo_stack.undo()
    assert {o.id: o.number for o in session.store.objectives()}[three.id] == 3

    session.delete_objective_with_deliverables(three)
    assert session.undo_stack.undoText() == "Delete objective 3 and its 11 deliverables"
    assert not [d for d in session.store.deliverables() if d.objective == 3]
    session.undo_stack.undo()
    assert len([d for d in session.store.deliverables() if d.objective == 3]) == 11


def test_a_refused_change_is_not_kept_for_undo(session: PlanSession) -> None:
    taken = Deliverable(ref="1.1", objective=1)
    with pytest.raises(ValidationError, match=r"1\.1 already exists"):
        session.push(AddDeliverableCommand(session, taken))
    assert session.undo_stack.count() == 0
    assert len(session.deliverables.deliverables()) == 55


def test_cover_edits_in_one_visit_merge(session: PlanSession) -> None:
    first = CoverReport(committees="Police Authority Board")
    second = CoverReport(committees="Police Authority Board", dated="1 March 2024")
    session.set_cover(first, burst=1)
    session.set_cover(second, burst=1)
    assert session.undo_stack.count() == 1
    assert session.store.plan().cover == second
    session.undo_stack.undo()
    assert session.store.plan().cover == CoverReport()


def test_commands_keep_ids_through_renumbering(session: PlanSession) -> None:
    deliverable = session.store.deliverable(_by_ref(session, "4.2"))
    four = next(o for o in session.objectives.objectives() if o.number == 4)
    session.move_objective(four, -1)  # 4.2 is 3.2 now
    moved = session.store.deliverable(deliverable.id)
    assert moved.ref == "3.2"
    session.push(SetSummaryPositionCommand(session, moved, "Edited after the move"))
    session.move_deliverable(session.store.deliverable(deliverable.id), -1)  # and 3.1
    assert session.store.deliverable(deliverable.id).ref == "3.1"
    for _ in range(3):
        session.undo_stack.undo()
    restored = session.store.deliverable(deliverable.id)
    # Undoing is an edit too, so the "updated" mark moves on; everything else is as it was.
    assert replace(restored, updated_at=None) == replace(deliverable, updated_at=None)
