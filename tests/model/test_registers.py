"""The registers' pure rules: kinds, statuses and Status cells read as written; due re-sets."""

from __future__ import annotations

from dataclasses import replace

from nhp_planner.model.actions import (
    ActionStatus,
    CommitteeAction,
    normalise_number,
    outstanding,
    split_status_cell,
)
from nhp_planner.model.dates import DateKind
from nhp_planner.model.findings import (
    FindingKind,
    FindingScope,
    FindingStatus,
    InspectorateItem,
    by_area,
    parse_finding_status,
    parse_kind,
    parse_scope,
)
from nhp_planner.model.rag import Rag
from tests.registers.sppc_2024_02 import outstanding_references, peel_2022_items


def test_kinds_scopes_and_statuses_as_trackers_write_them() -> None:
    assert parse_kind("AFI") is FindingKind.AREA_FOR_IMPROVEMENT
    assert parse_kind(" Area for Improvement ") is FindingKind.AREA_FOR_IMPROVEMENT
    assert parse_kind("Regional Recommendation") is FindingKind.RECOMMENDATION
    assert parse_kind("Cause of concern") is FindingKind.CAUSE_OF_CONCERN
    assert parse_kind("Commendation") is None
    assert parse_scope("") is FindingScope.LOCAL
    assert parse_scope("regional") is FindingScope.REGIONAL
    assert parse_scope("National") is FindingScope.NATIONAL
    assert parse_scope("Elsewhere") is None
    assert parse_finding_status("Closed - awaiting sign-off") is FindingStatus.AWAITING_SIGN_OFF
    assert parse_finding_status("Closed – awaiting inspectorate sign-off") is (
        FindingStatus.AWAITING_SIGN_OFF
    )
    assert parse_finding_status("closed") is FindingStatus.CLOSED
    assert parse_finding_status("In progress") is FindingStatus.OPEN
    assert parse_finding_status("Maybe") is None


def test_agenda_pack_status_cells_split_into_status_and_update() -> None:
    assert split_status_cell("In Progress-target date set for April/May.") == (
        ActionStatus.IN_PROGRESS,
        "target date set for April/May.",
    )
    assert split_status_cell("Complete- This is on the agenda.") == (
        ActionStatus.COMPLETE,
        "This is on the agenda.",
    )
    assert split_status_cell("Closed") == (ActionStatus.COMPLETE, "")
    assert split_status_cell("") == (ActionStatus.NOT_STARTED, "")
    assert split_status_cell("Awaiting a reply") is None
    assert normalise_number("10/2023/ P") == "10/2023/P"


def test_a_due_date_re_set_keeps_the_original_and_each_revision() -> None:
    action = CommitteeAction("7/2023/P", "Draft Victim Strategy", due_text="end of 2023")
    assert not action.was_reset
    moved = action.with_due("April 2024").with_due("May 2024").with_due("May 2024")
    assert moved.due_dates == ("end of 2023", "April 2024", "May 2024")
    assert moved.was_reset and moved.due.kind is DateKind.DATE
    assert CommitteeAction.from_fields(moved.to_fields(), id=moved.id) == moved


def test_completed_actions_are_shown_once_then_dropped() -> None:
    february = outstanding_references()
    assert [a.number for a in outstanding(february, None)] == ["7/2023/P", "8/2023/P", "10/2023/P"]
    # In March the two completed in February have been shown once already.
    assert [a.number for a in outstanding(february, february)] == ["7/2023/P"]
    # Completed in February but still in progress in January: shown in February.
    january = [replace(a, status=ActionStatus.IN_PROGRESS) for a in february]
    assert [a.number for a in outstanding(february, january)] == [
        "7/2023/P",
        "8/2023/P",
        "10/2023/P",
    ]


def test_items_round_trip_their_fields_and_group_by_area_in_paper_order() -> None:
    items = peel_2022_items()
    item = items[0]
    linked = replace(item, deliverable_ids=("b", "a", "b"))
    back = InspectorateItem.from_fields(linked.to_fields(), id=linked.id)
    assert back.deliverable_ids == ("a", "b") and back.rag is Rag.NOT_RATED
    assert item.label == "AFI 1 (PEEL 2022)"
    assert items[7].label == "Recommendation 8 (PEEL 2022)"
    areas = [area for area, _ in by_area(list(reversed(items)))]
    assert areas[0] == "Strategic planning, organisational management and value for money"
    grouped = dict(by_area(items))
    assert [i.ref for i in grouped["Serious Organised Crime"]] == ["6", "7", "8"]
    assert len(items) == 12
