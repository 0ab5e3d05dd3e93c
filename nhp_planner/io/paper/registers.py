"""What the paper says about the registers around the plan: two optional sections.

"Progress on HMICFRS areas for improvement": the inspectorate items grouped
by PEEL area, each with its text, RAG, status, this period's update (marked
when carried forward unchanged) and the deliverables that answer it.
"Outstanding references": the committee's actions as the agenda pack's table
lays them out, a completed action shown in the period it was completed and
then dropped, a re-set due date marked with the dates it had before.

Pure: decided from domain objects, laid out by both renderers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nhp_planner.model.actions import CommitteeAction, outstanding
from nhp_planner.model.findings import InspectorateItem, by_area
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.refs import ref_sort_key

FINDINGS_TITLE = "Progress on HMICFRS areas for improvement"
REFERENCES_TITLE = "Outstanding references"
FINDING_COLUMNS = ("Ref", "Area for improvement", "RAG", "Status", "Update", "Delivered by")
REFERENCE_COLUMNS = ("No.", "Meeting Date & Reference", "Action", "Owner", "Status", "Due")


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


@dataclass(frozen=True, slots=True)
class RegisterSections:
    """The registers' sections of one paper; None where the paper leaves a section out."""

    findings: tuple[FindingGroup, ...] | None = None
    findings_intro: str = ""
    references: tuple[ReferenceRow, ...] | None = None
    references_intro: str = ""

    @property
    def row_count(self) -> int:
        rows = sum(len(g.rows) for g in self.findings or ())
        return rows + len(self.references or ())


def register_sections(
    period: ReportingPeriod | None,
    *,
    findings: Sequence[InspectorateItem] | None = None,
    previous_findings: Sequence[InspectorateItem] | None = None,
    actions: Sequence[CommitteeAction] | None = None,
    previous_actions: Sequence[CommitteeAction] | None = None,
    refs: Mapping[str, str] | None = None,
    previous_period: ReportingPeriod | None = None,
) -> RegisterSections:
    """The sections for the registers given (None leaves that section out).

    Args:
        previous_findings, previous_actions: the registers in the period before,
            for "not updated since" and for dropping actions completed before.
        refs: deliverable refs by id, for "Delivered by".
        previous_period: the period before, named in "not updated since".
    """
    refs = refs or {}
    groups = None
    findings_intro = ""
    if findings is not None:
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
        findings_intro = f"{len(findings)} inspectorate finding(s), {open_count} open" + (
            f", as updated for {period.label}." if period else "."
        )
    references = None
    references_intro = ""
    if actions is not None:
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
        references_intro = (
            f"{len(references) - done} outstanding reference(s); {done} completed since the last "
            "meeting, shown this once."
            if references
            else "There are no outstanding references."
        )
    return RegisterSections(groups, findings_intro, references, references_intro)
