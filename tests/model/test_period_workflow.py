"""Reporting periods: a month-by-month record, what changed, and who still has to update."""

from __future__ import annotations

import dataclasses

import pytest

from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.errors import PeriodClosedError, ValidationError
from nhp_planner.model.movement import DateMove, RagMove, compare
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import update_progress

JAN, FEB = ReportingPeriod(2024, 1), ReportingPeriod(2024, 2)
SHAH = "Insp. Shah, P&P Hub"


@pytest.fixture
def february(fixture_store: PlanStore) -> PlanStore:
    """The January plan with leads named for objective 2, then February started."""
    for deliverable in fixture_store.deliverables():
        if deliverable.objective == 2:
            fixture_store.update_deliverable(deliverable.id, lead=SHAH)
    fixture_store.start_period(FEB)
    return fixture_store


def _by_ref(store: PlanStore, period: ReportingPeriod | None = None) -> dict:
    return {d.ref: d for d in store.deliverables(period)}


def test_month_of_edits_and_a_return(february: PlanStore) -> None:
    january = dump_store(february, JAN)
    items = _by_ref(february)
    # Three edits in the window: one improves, one declines and slips, one only gets new words.
    february.update_deliverable(items["0.3"].id, rag=Rag.GREEN, summary_position="Signed off.")
    february.update_deliverable(items["1.1"].id, rag=Rag.RED, date_text="30/06/2024")
    february.update_deliverable(items["4.1"].id, summary_position="Website live in March.")
    # Insp. Shah's return for objective 2: 2.5 now GREEN, the rest as they were.
    ret = february.snapshot()
    ret = dataclasses.replace(
        ret,
        deliverables=tuple(
            dataclasses.replace(d, rag=Rag.GREEN) if d.ref == "2.5" else d
            for d in ret.deliverables
            if d.lead == SHAH
        ),
    )
    diff = february.import_snapshot(ret, fields=("ref", "objective", "rag", "summary_position"))
    assert [c.existing.ref for c in diff.changed] == ["2.5"]
    assert len(diff.confirmed) == 9  # unchanged, but the return counts as their update

    assert dump_store(february, JAN) == january  # January exactly as it stood
    progress = update_progress(february.snapshot())
    assert progress.describe() == "42 of 55 not yet updated for February 2024"
    assert update_progress(february.snapshot(), SHAH).not_updated == ()
    assert update_progress(february.snapshot(JAN)).not_updated == ()

    movement = compare(february.snapshot(JAN), february.snapshot())
    counts = movement.counts()
    assert (counts[RagMove.IMPROVED], counts[RagMove.DECLINED], counts[RagMove.UNCHANGED]) == (
        2,
        1,
        52,
    )
    slipped = movement.of(items["1.1"].id)
    assert slipped is not None and slipped.date is DateMove.SLIPPED
    assert {i.ref for i in movement.items if i.summary_changed} == {"0.3", "4.1"}


def test_new_and_removed_between_periods(february: PlanStore) -> None:
    items = _by_ref(february)
    february.delete_deliverable(items["4.15"].id)
    from nhp_planner.model.entities import Deliverable

    february.add_deliverable(Deliverable("4.16", 4, commitment="We will add one"))
    movement = compare(february.snapshot(JAN), february.snapshot())
    moves = {i.ref: i.rag for i in movement.items if i.rag in (RagMove.NEW, RagMove.REMOVED)}
    assert moves == {"4.15": RagMove.REMOVED, "4.16": RagMove.NEW}
    assert "4.15" in _by_ref(february, JAN)  # January still has it


def test_earlier_periods_are_read_only_until_reopened(february: PlanStore) -> None:
    target = _by_ref(february, JAN)["1.2"]
    assert not february.is_editable(JAN) and february.is_editable(FEB)
    with pytest.raises(PeriodClosedError):
        february.update_deliverable(target.id, period=JAN, rag=Rag.RED)
    february.reopen_period(JAN)
    february.update_deliverable(target.id, period=JAN, rag=Rag.RED)
    assert _by_ref(february, JAN)["1.2"].rag is Rag.RED
    assert _by_ref(february, FEB)["1.2"].rag is Rag.GREEN  # February is its own record
    february.reopen_period(JAN, reopen=False)
    assert not february.is_editable(JAN)
    assert [c.field for c in february.changes(JAN.key)][-2:] == ["reopened", "reopened"]


def test_previous_period_and_history(february: PlanStore) -> None:
    assert february.previous_period() == JAN
    assert february.previous_period(JAN) is None
    target = _by_ref(february)["3.4"]
    february.update_deliverable(target.id, rag=Rag.GREEN)
    history = february.deliverable_history(target.id)
    assert [(p, d.rag) for p, d in history] == [(JAN, Rag.AMBER), (FEB, Rag.GREEN)]


def test_periods_only_move_forward(february: PlanStore) -> None:
    with pytest.raises(ValidationError, match="must come after February 2024"):
        february.start_period(FEB)
    with pytest.raises(ValidationError, match="no March 2024 period"):
        february.reopen_period(ReportingPeriod(2024, 3))
