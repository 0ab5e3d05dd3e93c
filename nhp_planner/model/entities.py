"""The plan's entities: Plan, Objective, Deliverable, PlanSnapshot, CoverReport, Conflict."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from nhp_planner.model.dates import DateReading, read_date
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag, RagKey
from nhp_planner.model.refs import ref_sort_key


def new_id() -> str:
    """A stable id for a new entity: a random (version 4) UUID, so offline copies can be merged.

    Written from 16 random bytes as ``str(uuid.uuid4())`` writes them, in 40% of its time (an
    import makes two for each row: the deliverable's and its history record's).
    """
    digits = os.urandom(16).hex()
    variant = "89ab"[int(digits[16], 16) & 3]  # RFC 4122: the top bits of the 17th digit are 10
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


def id_or_new(value: object) -> str:
    """The id a file carries when it is a UUID, else a new one."""
    import uuid  # with platform behind it: only reading a file's ids needs it

    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    return new_id()


#: A row's existence, as a register of its own: the ``field`` of a conflict where one copy
#: deleted what the other changed.
EXISTS = "exists"
#: A side of a conflict that deleted the row.
DELETED = "deleted"
#: The pseudo-field of a flag: two deliverables with one reference (to renumber one).
DUPLICATE = "duplicate"


#: The exemption paragraph a non-public paper carries when none is given.
EXEMPTION_DEFAULT = (
    "By virtue of paragraph(s) 7 of Part 1 of Schedule 12A of the Local Government Act 1972."
)


#: The cover fields that belong to one meeting only; a new period's cover starts without them.
PER_MEETING = ("dated", "report_reference", "summary")


@dataclass(frozen=True, slots=True)
class CoverReport:
    """The cover report of a committee paper, field by field, as the papers lay it out.

    Every field is text, kept as typed. An empty field is printed blank or left
    off, never invented; the defaults here are the ones committee papers print
    when nothing else applies (the funding rows' "N/A", "Public"). ``review``
    names the fields (comma-separated) carried from the last meeting's cover that
    someone should look at before this one is tabled.
    """

    committees: str = ""
    dated: str = ""
    subject: str = ""
    public: str = "Public"
    exemption: str = ""
    corporate_plan_outcomes: str = ""
    extra_spending: str = "N/A"
    spending_amount: str = "N/A"
    funding_source: str = "N/A"
    funding_agreed: str = "N/A"
    report_of: str = ""
    report_reference: str = ""
    purpose: str = "For Information"
    report_author: str = ""
    summary: str = ""
    recommendations: str = "Members are asked to note the report."
    background: str = ""
    current_position: str = ""
    options: str = ""
    strategic_implications: str = ""
    financial_implications: str = ""
    resource_implications: str = ""
    legal_implications: str = ""
    risk_implications: str = ""
    equalities_implications: str = ""
    climate_implications: str = ""
    security_implications: str = ""
    conclusion: str = ""
    appendices: str = "Appendix 1 – Neighbourhood Policing Strategy delivery plan"
    signoff_name: str = ""
    signoff_title: str = ""
    signoff_email: str = ""
    review: str = ""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @property
    def to_review(self) -> frozenset[str]:
        """The fields flagged for review."""
        return frozenset(name.strip() for name in self.review.split(",") if name.strip())

    def for_next_meeting(self) -> CoverReport:
        """This cover as the start of the next meeting's: what belongs to one meeting only
        (its date, the report's reference, the Summary) cleared and flagged for review."""
        return replace(self, **dict.fromkeys(PER_MEETING, ""), review=",".join(PER_MEETING))

    def reviewed(self, *names: str) -> CoverReport:
        """The cover with ``names`` no longer flagged for review."""
        left = [name for name in self.review.split(",") if name.strip() and name not in names]
        return replace(self, review=",".join(left))

    @property
    def is_non_public(self) -> bool:
        return self.public.strip().lower().replace("-", " ") in ("non public", "not public")


@dataclass(frozen=True, slots=True)
class Plan:
    """The plan itself: what it is called, whose it is, and its RAG key wording."""

    title: str
    rag_key: RagKey = RagKey()
    force: str | None = None
    owner: str | None = None
    cover: CoverReport = CoverReport()
    id: str = dataclasses.field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class Objective:
    """A numbered objective; number 0 ("Summary position") holds the plan's set-up work."""

    number: int
    title: str | None = None
    id: str = dataclasses.field(default_factory=new_id)

    @property
    def display_title(self) -> str:
        """ "Objective 2" when the plan gives no title."""
        return self.title or f"Objective {self.number}"


@dataclass(frozen=True, slots=True)
class Deliverable:
    """A numbered deliverable, with its summary position, RAG and date in one period."""

    ref: str
    objective: int
    commitment: str = ""
    summary_position: str = ""
    rag: Rag = Rag.NOT_RATED
    date_text: str = ""
    lead: str | None = None
    id: str = dataclasses.field(default_factory=new_id)
    #: When the deliverable was last updated in this period (ISO time), None if not yet.
    updated_at: str | None = None

    @property
    def date(self) -> DateReading:
        return read_date(self.date_text)

    def is_overdue(self, today: dt.date) -> bool:
        return self.date.is_overdue(self.rag, today)

    @property
    def sort_key(self) -> tuple[tuple[int, int | str], ...]:
        return ref_sort_key(self.ref)


#: Fields of a deliverable a person edits, in the order the tracker shows them.
DELIVERABLE_FIELDS = (
    "ref",
    "objective",
    "commitment",
    "lead",
    "summary_position",
    "rag",
    "date_text",
)


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field two copies changed differently; until it is resolved, every copy holds the
    later change (:mod:`nhp_planner.model.convergence`), which may be either side.

    ``field`` is a field name, or :data:`EXISTS` when one copy deleted what the
    other changed (then ``mine``/``theirs`` say :data:`DELETED` or hold the row as JSON),
    or :data:`DUPLICATE` for two deliverables a merge left with one reference.
    ``mine`` is the value of the plan that merged, ``theirs`` the copy's.
    """

    entity: str
    entity_id: str
    period: str | None
    field: str
    base: str | None
    mine: str | None
    theirs: str | None
    mine_by: str | None
    mine_at: str | None
    theirs_by: str | None
    theirs_at: str | None
    source: str
    found_at: str
    #: For people: "Deliverable 2.5", "Objective 3", "Plan".
    label: str = ""
    id: str = dataclasses.field(default_factory=new_id)
    #: The side the plan holds now, "mine" or "theirs"; "" when it holds neither (a flag).
    shown: str = ""

    @property
    def printed(self) -> str | None:
        """The value the plan holds, and so prints, until the conflict is resolved."""
        return self.theirs if self.shown == "theirs" else self.mine

    @property
    def not_printed(self) -> str | None:
        """The other side's value: what the plan would hold if the conflict went the other way."""
        return self.mine if self.shown == "theirs" else self.theirs


#: The conflict's fields worked out when it is read, not stored with it.
CONFLICT_READ_FIELDS = ("label", "shown")


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    """The whole plan as it stands in one reporting period: what JSON, Excel and PDF carry."""

    plan: Plan
    period: ReportingPeriod | None
    objectives: tuple[Objective, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    #: Unresolved merge conflicts in this period (and on the plan itself).
    conflicts: tuple[Conflict, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "objectives", tuple(sorted(self.objectives, key=lambda o: o.number))
        )
        object.__setattr__(
            self, "deliverables", tuple(sorted(self.deliverables, key=lambda d: d.sort_key))
        )

    def objective(self, number: int) -> Objective | None:
        return next((o for o in self.objectives if o.number == number), None)

    def deliverables_of(self, number: int) -> tuple[Deliverable, ...]:
        return tuple(d for d in self.deliverables if d.objective == number)

    def with_deliverables(self, deliverables: Iterable[Deliverable]) -> PlanSnapshot:
        return replace(self, deliverables=tuple(deliverables))
