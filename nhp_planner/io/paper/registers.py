"""What the paper says about the registers around the plan: two optional sections.

"Progress on HMICFRS areas for improvement": the inspectorate items grouped
by PEEL area, each with its text, RAG, status, this period's update (marked
when carried forward unchanged) and the deliverables that answer it.
"Outstanding references": the committee's actions as the agenda pack's table
lays them out, a completed action shown in the period it was completed and
then dropped, a re-set due date marked with the dates it had before.

Pure: decided from domain objects, laid out by both renderers. The rows are
worked out in :mod:`.register_rows`, imported only when a section is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from nhp_planner.io.paper.register_rows import FindingGroup, ReferenceRow
    from nhp_planner.model.actions import CommitteeAction
    from nhp_planner.model.findings import InspectorateItem
    from nhp_planner.model.periods import ReportingPeriod

FINDINGS_TITLE = "Progress on HMICFRS areas for improvement"
REFERENCES_TITLE = "Outstanding references"
FINDING_COLUMNS = ("Ref", "Area for improvement", "RAG", "Status", "Update", "Delivered by")
REFERENCE_COLUMNS = ("No.", "Meeting Date & Reference", "Action", "Owner", "Status", "Due")


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
    from nhp_planner.io.paper.register_rows import finding_groups, reference_rows

    groups, findings_intro = None, ""
    if findings is not None:
        groups, findings_intro = finding_groups(
            period, findings, previous_findings, refs or {}, previous_period
        )
    references, references_intro = None, ""
    if actions is not None:
        references, references_intro = reference_rows(actions, previous_actions)
    return RegisterSections(groups, findings_intro, references, references_intro)
