"""What the committee paper says, decided once: the PDF pack and the Word paper only lay it out.

Pure: no reportlab, no python-docx. Every figure is worked out as at the
paper's date (:mod:`nhp_planner.io.paper.as_at`), text carried forward from an
earlier period is marked with the month it was written, and each objective is
named one way everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from nhp_planner.io.paper.as_at import AsAt, as_at
from nhp_planner.io.paper.cover import CoverContent, complete_cover, cover_content
from nhp_planner.io.paper.registers import RegisterSections
from nhp_planner.io.paper.shares import percentages
from nhp_planner.model.entities import DELETED, EXISTS, Conflict, Deliverable, PlanSnapshot
from nhp_planner.model.movement import (
    DateMove,
    DeliverableMovement,
    PlanMovement,
    RagMove,
    compare,
)
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import ALL_RAGS, Rag, RagKey
from nhp_planner.model.summary import RagCounts, summarise, update_progress

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from nhp_planner.io.measures_paper import MeasureContent
    from nhp_planner.model.measures import Measure

#: Movement columns in the order a reader scans them: better, worse, same, then arrivals.
MOVES = (
    RagMove.IMPROVED,
    RagMove.DECLINED,
    RagMove.UNCHANGED,
    RagMove.RATED,
    RagMove.NEW,
    RagMove.REMOVED,
)
DATE_MOVES = (DateMove.SLIPPED, DateMove.BROUGHT_FORWARD, DateMove.CHANGED)
LANGUAGE = "en-GB"
_FIELD_NAMES = {
    "summary_position": "Summary position",
    "date_text": "Date",
    "rag": "RAG",
    "commitment": "Deliverable",
    "lead": "Lead",
    "ref": "Reference",
    "objective": "Objective",
    "title": "Title",
    "number": "Number",
    EXISTS: "Kept or deleted",
}


def objective_name(number: int, title: str | None) -> str:
    """How the paper names an objective: "Objective 1: Prevent crime", "Objective 2", or
    objective 0's own title ("Summary position")."""
    title = (title or "").strip()
    if not title or title.lower() == f"objective {number}":
        return f"Objective {number}"
    return title if number == 0 else f"Objective {number}: {title}"


@dataclass(frozen=True, slots=True)
class DeliverableRow:
    """A deliverable as the paper's tables print it."""

    id: str
    ref: str
    commitment: str
    lead: str
    summary: str
    #: "Not updated since December 2023" when the text was carried forward; else "".
    stale: str
    rag: Rag
    #: The RAG word with its movement arrow: "AMBER ▼".
    progress: str
    date_text: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class RowGroup:
    """Rows under one heading (an objective, or a RAG group of the exceptions)."""

    heading: str
    rows: tuple[DeliverableRow, ...]
    #: The heading repeated where the group runs onto a new page.
    continued: str
    #: The objective's number for an appendix group (the outline lists objectives).
    objective: int | None = None


@dataclass(frozen=True, slots=True)
class ShareRow:
    """One objective's (or the plan's) counts, with whole-percent shares that add up to 100."""

    name: str
    counts: RagCounts
    shares: tuple[int, ...]

    def cell(self, rag: Rag) -> str:
        index = ALL_RAGS.index(rag)
        return f"{self.counts.count(rag)} ({self.shares[index]}%)" if self.counts.total else "0"


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """A deliverable that moved, as the movement table prints it."""

    ref: str
    commitment: str
    rag_text: str
    date_text: str
    rag_after: Rag | None


@dataclass(frozen=True, slots=True)
class MovementContent:
    """Movement since the previous period: counts per objective and the deliverables that moved."""

    since: str
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    total: tuple[int, ...]
    changes: tuple[ChangeRow, ...]


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """An unresolved merge conflict, as the conflicts table prints it."""

    what: str
    field: str
    #: The value the plan holds, the later change, and so the one the paper prints.
    printed: str
    #: The other side's value.
    other: str
    who: str


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The document's own properties, from the cover."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str = LANGUAGE


@dataclass(frozen=True, slots=True)
class Paper:
    """The whole committee paper's content, in reading order."""

    plan_title: str
    period_label: str
    as_at: AsAt
    cover: CoverContent
    # RAG summary
    overall_sentence: str
    updates_sentence: str
    conflicts_note: str
    shares: tuple[ShareRow, ...]
    total: ShareRow
    rag_key: RagKey
    movement: MovementContent | None
    # Exceptions and Appendix 1
    columns: tuple[str, ...]
    has_leads: bool
    exceptions_intro: str
    exceptions: tuple[RowGroup, ...]
    appendix_intro: str
    appendix: tuple[RowGroup, ...]
    conflicts: tuple[ConflictRow, ...]
    conflicts_intro: str
    info: DocumentInfo
    #: One sentence each: fields printed blank, fields to review, an unreadable Dated.
    warnings: tuple[str, ...]
    #: The optional sections on the registers around the plan (issue 20).
    registers: RegisterSections = field(default_factory=RegisterSections)
    #: The "Performance measures" section, as at the paper's day (issue 21).
    measures: tuple[MeasureContent, ...] = ()

    @property
    def exceptions_title(self) -> str:
        return "Exceptions: RED, AMBER and overdue deliverables"

    @property
    def rag_summary_title(self) -> str:
        return f"RAG summary: {self.period_label}"

    @property
    def appendix_title(self) -> str:
        return self.cover.appendix_1

    @property
    def row_count(self) -> int:
        """Rows of the long tables (for progress)."""
        changes = len(self.movement.changes) if self.movement else 0
        rows = sum(len(g.rows) for g in (*self.exceptions, *self.appendix))
        return rows + changes + self.registers.row_count


def build_paper(
    snapshot: PlanSnapshot,
    *,
    previous: PlanSnapshot | None = None,
    as_at_day: dt.date | None = None,
    last_updated: Mapping[str, ReportingPeriod] | None = None,
    registers: RegisterSections | None = None,
    measures: Sequence[Measure] = (),
) -> Paper:
    """Decide everything the paper says about ``snapshot``.

    Args:
        snapshot: the plan in the period reported; its plan's cover is the paper's cover.
        previous: the plan in the period before, for movement and "not updated since".
        as_at_day: ``--as-at``: the day the figures are worked out at (default: the
            cover's Dated, else the period's last day).
        last_updated: for deliverables not updated in this period, the period of their
            last update, where known beyond ``previous``.
        registers: the registers' sections, when the paper carries them.
        measures: the plan's performance measures, for their section.
    """
    period = snapshot.period
    period_label = period.label if period else "No reporting period"
    when = as_at(snapshot.plan.cover.dated, period, as_at_day)
    day = when.day
    summary = summarise(snapshot, day)
    movement = compare(previous, snapshot) if previous is not None else None
    cover = complete_cover(snapshot, summary, movement, when)
    updates = update_progress(snapshot)
    content = cover_content(cover, when, updates)
    stale = _stale_marks(snapshot, previous, last_updated or {})
    moves = _moves_by_id(movement)
    has_leads = any((d.lead or "").strip() for d in snapshot.deliverables)

    def row(deliverable: Deliverable) -> DeliverableRow:
        move = moves.get(deliverable.id)
        return DeliverableRow(
            id=deliverable.id,
            ref=deliverable.ref,
            commitment=deliverable.commitment,
            lead=(deliverable.lead or "").strip(),
            summary=deliverable.summary_position,
            stale=stale.get(deliverable.id, ""),
            rag=deliverable.rag,
            progress=deliverable.rag.label + (f" {move.rag.arrow}" if move else ""),
            date_text=deliverable.date_text,
            overdue=deliverable.is_overdue(day),
        )

    titles = {o.number: o.title for o in snapshot.objectives}
    numbers = sorted(set(titles) | {d.objective for d in snapshot.deliverables})
    share_rows = tuple(
        _share_row(objective_name(n, titles.get(n)), o.counts)
        for n, o in zip(numbers, summary.objectives, strict=True)
    )
    exceptions = _exception_groups(snapshot, day, row)
    appendix = tuple(
        RowGroup(
            objective_name(n, titles.get(n)),
            tuple(row(d) for d in snapshot.deliverables_of(n)),
            f"{objective_name(n, titles.get(n))} (continued)",
            n,
        )
        for n in numbers
        if snapshot.deliverables_of(n)
    )
    columns = (
        "Ref",
        "Deliverable",
        *(("Lead",) if has_leads else ()),
        f"Summary position ({period.label})" if period else "Summary position",
        "Progress",
        "Date",
    )
    conflicts = tuple(_conflict_row(c) for c in snapshot.conflicts)
    warnings = [f"{label}: left blank on the cover." for label in content.blank] + [
        f"{label}: carried from the last meeting's cover; review it before the paper is tabled."
        for label in content.to_review
        if label not in content.blank
    ]
    if when.warning:
        warnings.append(when.warning)
    return Paper(
        plan_title=snapshot.plan.title,
        period_label=period_label,
        as_at=when,
        cover=content,
        overall_sentence=_overall_sentence(summary.overall, when),
        updates_sentence=(
            f"{updates.describe()}: their last update is shown, marked with the month it was made."
            if updates.not_updated
            else ""
        ),
        conflicts_note=(
            f"{counted(len(snapshot.conflicts), 'merge conflict')} from offline copies "
            f"{'is' if len(snapshot.conflicts) == 1 else 'are'} not yet resolved; this pack "
            "prints the later change of each, the other value beside it in the table of conflicts."
            if snapshot.conflicts
            else ""
        ),
        shares=share_rows,
        total=_share_row("All objectives", summary.overall),
        rag_key=snapshot.plan.rag_key,
        movement=_movement(movement, numbers, titles),
        columns=columns,
        has_leads=has_leads,
        exceptions_intro=_exceptions_intro(exceptions, when),
        exceptions=exceptions,
        appendix_intro=f"{snapshot.plan.title}: the position as at {when.text}"
        + (f" ({period.label} update)." if period else "."),
        appendix=appendix,
        conflicts=conflicts,
        conflicts_intro=(
            f"{counted(len(conflicts), 'value')} "
            f"{'was' if len(conflicts) == 1 else 'were'} changed differently in an offline copy "
            f"of the plan and {'has' if len(conflicts) == 1 else 'have'} not been resolved yet. "
            "Until it is resolved the plan holds, and this pack prints, the later change."
        ),
        info=DocumentInfo(
            title=cover.subject,
            author=cover.report_author,
            subject=", ".join(v.strip() for v in (cover.committees, cover.dated) if v.strip()),
            keywords=", ".join(
                v for v in ("Neighbourhood Policing", "delivery plan", period_label) if v
            ),
        ),
        warnings=tuple(warnings),
        registers=registers or RegisterSections(),
        measures=_measures(measures, day),
    )


def _measures(measures: Sequence[Measure], day: dt.date) -> tuple[MeasureContent, ...]:
    """The measures' section; their code (and SPC's) is loaded only for a plan that has some."""
    if not measures:
        return ()
    from nhp_planner.io.measures_paper import measures_content

    return tuple(measures_content(measures, day))


def _stale_marks(
    snapshot: PlanSnapshot,
    previous: PlanSnapshot | None,
    last_updated: Mapping[str, ReportingPeriod],
) -> dict[str, str]:
    """ "Not updated since December 2023" for each deliverable carried forward without an update."""
    if snapshot.period is None:
        return {}
    before = {d.id: d for d in previous.deliverables} if previous is not None else {}
    marks: dict[str, str] = {}
    for deliverable in snapshot.deliverables:
        if deliverable.updated_at is not None:
            continue
        when = last_updated.get(deliverable.id)
        earlier = before.get(deliverable.id)
        if when is None and previous is not None and earlier and earlier.updated_at is not None:
            when = previous.period
        marks[deliverable.id] = (
            f"Not updated since {when.label}"
            if when is not None
            else f"Not yet updated for {snapshot.period.label}"
        )
    return marks


def _moves_by_id(movement: PlanMovement | None) -> dict[str, DeliverableMovement]:
    if movement is None or movement.from_period is None:
        return {}
    return {item.after.id: item for item in movement.items if item.after is not None}


def _share_row(name: str, counts: RagCounts) -> ShareRow:
    return ShareRow(name, counts, tuple(percentages([counts.count(r) for r in ALL_RAGS])))


def _overall_sentence(counts: RagCounts, when: AsAt) -> str:
    if not counts.total:
        return "The plan has no deliverables yet."
    row = _share_row("", counts)
    shares = ", ".join(
        f"{counts.count(rag)} {rag.label} ({row.shares[i]}%)" for i, rag in enumerate(ALL_RAGS)
    )
    overdue = f"{counts.overdue} overdue" if counts.overdue else "none overdue"
    return f"{counts.total} deliverables: {shares}; {overdue} as at {when.text}."


def _exception_groups(
    snapshot: PlanSnapshot, day: dt.date, row: Callable[[Deliverable], DeliverableRow]
) -> tuple[RowGroup, ...]:
    """RED, then AMBER, then overdue deliverables not yet rated: the committee reads worst first.

    An overdue RED or AMBER deliverable is listed once, in its RAG group, with its date flagged.
    """
    key = snapshot.plan.rag_key
    groups = (
        (f"RED – {key.red}", [d for d in snapshot.deliverables if d.rag is Rag.RED]),
        (f"AMBER – {key.amber}", [d for d in snapshot.deliverables if d.rag is Rag.AMBER]),
        (
            "Overdue and not yet rated",
            [d for d in snapshot.deliverables if d.rag is Rag.NOT_RATED and d.is_overdue(day)],
        ),
    )
    return tuple(
        RowGroup(f"{name} ({len(items)})", tuple(row(d) for d in items), f"{name} (continued)")
        for name, items in groups
        if items
    )


def _exceptions_intro(groups: tuple[RowGroup, ...], when: AsAt) -> str:
    if not groups:
        return f"No deliverable is RED, AMBER or overdue. Figures are as at {when.text}."
    rows = [r for g in groups for r in g.rows]
    red = sum(r.rag is Rag.RED for r in rows)
    amber = sum(r.rag is Rag.AMBER for r in rows)
    overdue = sum(r.overdue for r in rows)
    return (
        f"{counted(len(rows), 'deliverable')} {'needs' if len(rows) == 1 else 'need'} "
        f"attention: {red} RED, {amber} AMBER; "
        f"{overdue} past their due date as at {when.text}."
    )


def _movement(
    movement: PlanMovement | None, numbers: list[int], titles: Mapping[int, str | None]
) -> MovementContent | None:
    if movement is None or movement.from_period is None:
        return None
    by_objective: defaultdict[int, Counter[RagMove]] = defaultdict(Counter)
    for item in movement.items:
        by_objective[item.deliverable.objective][item.rag] += 1
    order = numbers + sorted(set(by_objective) - set(numbers))
    rows = tuple(
        (objective_name(n, titles.get(n)), tuple(by_objective[n][m] for m in MOVES)) for n in order
    )
    total = movement.counts()
    changes = []
    for item in movement.items:
        if item.rag is RagMove.UNCHANGED and item.date not in DATE_MOVES:
            continue
        before = item.before.rag.label if item.before else "not in the plan"
        after = item.after.rag.label if item.after else "removed"
        date_text = ""
        if item.date in DATE_MOVES and item.before and item.after:
            date_text = f"{item.before.date_text} → {item.after.date_text} ({item.date.value})"
        changes.append(
            ChangeRow(
                item.deliverable.ref,
                item.deliverable.commitment,
                f"{item.rag.arrow} {before} → {after} ({item.rag.value})",
                date_text,
                item.after.rag if item.after else None,
            )
        )
    return MovementContent(
        movement.from_period.label, rows, tuple(total[m] for m in MOVES), tuple(changes)
    )


def _conflict_row(conflict: Conflict) -> ConflictRow:
    def value(text: str | None) -> str:
        if conflict.field == EXISTS:
            return "Deleted" if text == DELETED else "Kept, with changes"
        return text if text else "(blank)"

    return ConflictRow(
        conflict.label or conflict.entity,
        _FIELD_NAMES.get(conflict.field, conflict.field.replace("_", " ").capitalize()),
        value(conflict.printed),
        value(conflict.not_printed),
        f"{conflict.source}" + (f", {conflict.theirs_by}" if conflict.theirs_by else ""),
    )
