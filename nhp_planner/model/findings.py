"""The inspectorate register: HMICFRS areas for improvement, recommendations, causes of concern.

An item is what an inspection report published ("Area for improvement: The
force should develop a strategy for providing neighbourhood policing..."),
kept with its reference as published, who leads on it, a RAG with the plan's
key, whether it is closed, a target date as free text (read like a
deliverable's date) and, per reporting period, the progress update the papers
call "Current position". Items link to the deliverables that answer them.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from nhp_planner.model.dates import DateReading, read_date
from nhp_planner.model.entities import new_id
from nhp_planner.model.rag import Rag, parse_rag
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.model.registers import links_of, links_text, read_word


class FindingKind(enum.Enum):
    """What the inspectorate called it."""

    AREA_FOR_IMPROVEMENT = "Area for improvement"
    RECOMMENDATION = "Recommendation"
    CAUSE_OF_CONCERN = "Cause of concern"

    @property
    def short(self) -> str:
        """How papers abbreviate it: "AFI 1", "Recommendation 2"."""
        return _SHORT[self]


_SHORT = {
    FindingKind.AREA_FOR_IMPROVEMENT: "AFI",
    FindingKind.RECOMMENDATION: "Recommendation",
    FindingKind.CAUSE_OF_CONCERN: "Cause of concern",
}


class FindingScope(enum.Enum):
    """Whose finding it is: this force's alone, the region's, or a national one."""

    LOCAL = "Local"
    REGIONAL = "Regional"
    NATIONAL = "National"


class FindingStatus(enum.Enum):
    """Open until the force has done it; closed only once the inspectorate signs it off."""

    OPEN = "Open"
    AWAITING_SIGN_OFF = "Closed – awaiting inspectorate sign-off"
    CLOSED = "Closed"

    @property
    def is_closed(self) -> bool:
        return self is not FindingStatus.OPEN


_KIND_WORDS = {
    "afi": FindingKind.AREA_FOR_IMPROVEMENT,
    "area for improvement": FindingKind.AREA_FOR_IMPROVEMENT,
    "areas for improvement": FindingKind.AREA_FOR_IMPROVEMENT,
    "improvement": FindingKind.AREA_FOR_IMPROVEMENT,
    "rec": FindingKind.RECOMMENDATION,
    "recommendation": FindingKind.RECOMMENDATION,
    "regional recommendation": FindingKind.RECOMMENDATION,
    "national recommendation": FindingKind.RECOMMENDATION,
    "coc": FindingKind.CAUSE_OF_CONCERN,
    "cause of concern": FindingKind.CAUSE_OF_CONCERN,
    "concern": FindingKind.CAUSE_OF_CONCERN,
}
_SCOPE_WORDS = {"force": FindingScope.LOCAL, "region": FindingScope.REGIONAL}
_STATUS_WORDS = {
    "": FindingStatus.OPEN,
    "in progress": FindingStatus.OPEN,
    "ongoing": FindingStatus.OPEN,
    "open": FindingStatus.OPEN,
    "closed awaiting sign off": FindingStatus.AWAITING_SIGN_OFF,
    "closed awaiting inspectorate sign off": FindingStatus.AWAITING_SIGN_OFF,
    "closed awaiting hmicfrs sign off": FindingStatus.AWAITING_SIGN_OFF,
    "awaiting sign off": FindingStatus.AWAITING_SIGN_OFF,
    "awaiting hmicfrs sign off": FindingStatus.AWAITING_SIGN_OFF,
    "complete awaiting sign off": FindingStatus.AWAITING_SIGN_OFF,
    "closed": FindingStatus.CLOSED,
    "complete": FindingStatus.CLOSED,
    "completed": FindingStatus.CLOSED,
    "discharged": FindingStatus.CLOSED,
}


def parse_kind(text: str | None) -> FindingKind | None:
    """ "AFI", "Area for improvement", "Regional Recommendation" ...; None if not a kind."""
    return read_word(FindingKind, _KIND_WORDS, text)


def parse_scope(text: str | None) -> FindingScope | None:
    """ "Local", "Regional", "National" (blank: local); None if not one of them."""
    if not (text or "").strip():
        return FindingScope.LOCAL
    return read_word(FindingScope, _SCOPE_WORDS, text)


def parse_finding_status(text: str | None) -> FindingStatus | None:
    """ "Open", "Closed - awaiting sign-off", "Closed" and the ways trackers say them."""
    return read_word(FindingStatus, _STATUS_WORDS, text)


@dataclass(frozen=True, slots=True)
class InspectorateItem:
    """One published finding and where the force stands on it in one reporting period."""

    report: str
    ref: str
    text: str
    kind: FindingKind = FindingKind.AREA_FOR_IMPROVEMENT
    scope: FindingScope = FindingScope.LOCAL
    #: The PEEL area or theme: "Preventing crime and anti-social behaviour".
    area: str = ""
    lead: str | None = None
    rag: Rag = Rag.NOT_RATED
    status: FindingStatus = FindingStatus.OPEN
    target_text: str = ""
    #: This period's progress update ("Current position").
    progress: str = ""
    deliverable_ids: tuple[str, ...] = ()
    id: str = dataclasses.field(default_factory=new_id)
    #: When the item was last updated in this period (ISO time), None if not yet.
    updated_at: str | None = None

    @property
    def label(self) -> str:
        """How papers name it: "AFI 1 (PEEL 2022)"."""
        return (
            f"{self.kind.short} {self.ref} ({self.report})"
            if self.report
            else (f"{self.kind.short} {self.ref}")
        )

    @property
    def target(self) -> DateReading:
        return read_date(self.target_text)

    @property
    def sort_key(self) -> tuple[str, tuple[tuple[int, int | str], ...]]:
        return (self.report, ref_sort_key(self.ref))

    def to_fields(self) -> dict[str, str | None]:
        """The item's fields as text, as the store keeps and the change history records them."""
        return {
            "report": self.report,
            "ref": self.ref,
            "kind": self.kind.value,
            "scope": self.scope.value,
            "area": self.area,
            "text": self.text,
            "lead": self.lead,
            "rag": self.rag.value,
            "status": self.status.value,
            "target_text": self.target_text,
            "progress": self.progress,
            "deliverables": links_text(self.deliverable_ids),
        }

    @classmethod
    def from_fields(
        cls, values: dict[str, str | None], *, id: str, updated_at: str | None = None
    ) -> InspectorateItem:
        """An item from :meth:`to_fields` text (stored values, so always readable)."""
        return cls(
            report=values.get("report") or "",
            ref=values.get("ref") or "",
            text=values.get("text") or "",
            kind=FindingKind(values.get("kind") or FindingKind.AREA_FOR_IMPROVEMENT.value),
            scope=FindingScope(values.get("scope") or FindingScope.LOCAL.value),
            area=values.get("area") or "",
            lead=values.get("lead"),
            rag=parse_rag(values.get("rag")) or Rag.NOT_RATED,
            status=FindingStatus(values.get("status") or FindingStatus.OPEN.value),
            target_text=values.get("target_text") or "",
            progress=values.get("progress") or "",
            deliverable_ids=links_of(values.get("deliverables")),
            id=id,
            updated_at=updated_at,
        )


#: Fields of an item a person edits, in the order the register shows them.
FINDING_FIELDS = (
    "report",
    "ref",
    "kind",
    "scope",
    "area",
    "text",
    "lead",
    "rag",
    "status",
    "target_text",
    "progress",
    "deliverables",
)


def by_area(items: list[InspectorateItem]) -> list[tuple[str, list[InspectorateItem]]]:
    """Items grouped by PEEL area in the order the areas first appear, each group in ref order."""
    groups: dict[str, list[InspectorateItem]] = {}
    for item in items:
        groups.setdefault(item.area, []).append(item)
    return [(area, sorted(group, key=lambda i: i.sort_key)) for area, group in groups.items()]


def finding_counts(items: list[InspectorateItem]) -> dict[str, int]:
    """How many items there are, by status, and how many are not yet updated this period."""
    return {
        "total": len(items),
        "open": sum(i.status is FindingStatus.OPEN for i in items),
        "awaiting_sign_off": sum(i.status is FindingStatus.AWAITING_SIGN_OFF for i in items),
        "closed": sum(i.status is FindingStatus.CLOSED for i in items),
        "not_updated": sum(i.updated_at is None for i in items),
    }
