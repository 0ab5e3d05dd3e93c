"""The rows of the registers' sections, worked out from the registers (:mod:`.registers`).

Imported only for a paper that carries a register's section: a paper without
them loads neither register's model (start-up, issue 22).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nhp_planner.model.actions import CommitteeAction, outstanding
from nhp_planner.model.findings import InspectorateItem, by_area
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import Rag
from nhp_planner.model.refs import ref_sort_key


@dataclass(frozen=True, slots=True)
class FindingRow:
    """An inspectorate item as the section prints it."""

    label: str
    text: str
    rag: Rag
    status: str
    update: str
    #: "Not updated since January 2024" when the update was carried forward; else "".
    stale: str
    #: The deliverables that answer it: "0.1, 0.4".
    delivered_by: str
    target: str


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """The findings of one area (as their source groups them), printed under its heading."""

    area: str
    rows: tuple[FindingRow, ...]


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """A committee action as the outstanding references table prints it."""

    number: str
    meeting: str
    action: str
    owner: str
    status: str
    #: "April/May 2024 (re-set; was: end of 2023)", or the due date as it is.
    due: str
    reset: bool
    complete: bool


def finding_groups(
    period: ReportingPeriod | None,
    findings: Sequence[InspectorateItem],
    previous_findings: Sequence[InspectorateItem] | None,
    refs: Mapping[str, str],
    previous_period: ReportingPeriod | None,
) -> tuple[tuple[FindingGroup, ...], str]:
    """The findings by PEEL area, and the section's first sentence."""
    before = {i.id for i in previous_findings or () if i.updated_at is not None}
    previous_label = previous_period.label if previous_period else ""

    def stale(item: InspectorateItem) -> str:
        if item.updated_at is not None or period is None:
            return ""
        if item.id in before and previous_label:
            return f"Not updated since {previous_label}"
        return f"Not yet updated for {period.label}"

    groups = tuple(
        FindingGroup(
            area or "Other findings",
            tuple(
                FindingRow(
                    label=item.label,
                    text=item.text,
                    rag=item.rag,
                    status=item.status.value,
                    update=item.progress,
                    stale=stale(item),
                    delivered_by=", ".join(
                        sorted(
                            (refs[i] for i in item.deliverable_ids if i in refs),
                            key=ref_sort_key,
                        )
                    ),
                    target=item.target_text,
                )
                for item in items
            ),
        )
        for area, items in by_area(list(findings))
    )
    open_count = sum(not i.status.is_closed for i in findings)
    intro = f"{counted(len(findings), 'inspectorate finding')}, {open_count} open" + (
        f", as updated for {period.label}." if period else "."
    )
    return groups, intro


def reference_rows(
    actions: Sequence[CommitteeAction], previous_actions: Sequence[CommitteeAction] | None
) -> tuple[tuple[ReferenceRow, ...], str]:
    """The outstanding references (and those completed since the last meeting), and the
    section's first sentence."""
    shown = outstanding(list(actions), list(previous_actions) if previous_actions else None)
    references = tuple(
        ReferenceRow(
            number=a.number,
            meeting=a.meeting,
            action=a.action,
            owner=a.owner or "",
            status=a.status_text,
            due=(
                f"{a.due_text} (re-set; was: {', then '.join(a.due_history)})"
                if a.was_reset
                else a.due_text
            ),
            reset=a.was_reset,
            complete=a.status.is_complete,
        )
        for a in shown
    )
    done = sum(r.complete for r in references)
    intro = (
        f"{counted(len(references) - done, 'outstanding reference')}; {done} completed since "
        "the last meeting, shown this once."
        if references
        else "There are no outstanding references."
    )
    return references, intro
