"""Movement between two reporting periods: what improved, declined, slipped, came or went."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass

from nhp_planner.model.entities import Deliverable, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.refs import ref_sort_key


class RagMove(enum.Enum):
    """How a deliverable's RAG moved. RED to AMBER to GREEN is improvement."""

    IMPROVED = "improved"
    DECLINED = "declined"
    UNCHANGED = "unchanged"
    #: Rated for the first time (was "not rated"): neither better nor worse.
    RATED = "newly rated"
    NEW = "new"
    REMOVED = "removed"

    @property
    def arrow(self) -> str:
        """A mark that prints in black and white: ▲ improved, ▼ declined, ► unchanged."""
        return _ARROWS[self]


_ARROWS = {
    RagMove.IMPROVED: "▲",
    RagMove.DECLINED: "▼",
    RagMove.UNCHANGED: "►",
    RagMove.RATED: "●",
    RagMove.NEW: "★",
    RagMove.REMOVED: "✕",
}


class DateMove(enum.Enum):
    """How a deliverable's due date moved between periods."""

    UNCHANGED = "unchanged"
    SLIPPED = "slipped"
    BROUGHT_FORWARD = "brought forward"
    CHANGED = "changed"  # the text changed but the due dates cannot be compared
    NONE = "none"  # new or removed: nothing to compare


@dataclass(frozen=True, slots=True)
class DeliverableMovement:
    """One deliverable in two periods; ``before`` or ``after`` is None when added or removed."""

    before: Deliverable | None
    after: Deliverable | None
    rag: RagMove
    date: DateMove
    summary_changed: bool

    @property
    def deliverable(self) -> Deliverable:
        """The deliverable as it stands in the later period (or stood, if removed)."""
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def ref(self) -> str:
        return self.deliverable.ref

    @property
    def changed(self) -> bool:
        """Anything at all moved: RAG, date text, summary, or the deliverable came or went."""
        text_changed = (
            self.before is not None
            and self.after is not None
            and self.before.date_text != self.after.date_text
        )
        return self.rag is not RagMove.UNCHANGED or text_changed or self.summary_changed

    def to_json(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "rag_move": self.rag.value,
            "rag_before": self.before.rag.to_json() if self.before else None,
            "rag_after": self.after.rag.to_json() if self.after else None,
            "date_move": self.date.value,
            "date_before": self.before.date_text if self.before else None,
            "date_after": self.after.date_text if self.after else None,
            "summary_changed": self.summary_changed,
        }


@dataclass(frozen=True, slots=True)
class PlanMovement:
    """Every deliverable's movement from one period to another, in reference order."""

    from_period: ReportingPeriod | None
    to_period: ReportingPeriod | None
    items: tuple[DeliverableMovement, ...]

    def counts(self) -> Counter[RagMove]:
        return Counter(item.rag for item in self.items)

    def of(self, deliverable_id: str) -> DeliverableMovement | None:
        return next((i for i in self.items if i.deliverable.id == deliverable_id), None)

    def to_json(self) -> dict[str, object]:
        counts = self.counts()
        return {
            "from": self.from_period.key if self.from_period else None,
            "to": self.to_period.key if self.to_period else None,
            "counts": {move.value: counts[move] for move in RagMove},
            "date_slipped": sum(i.date is DateMove.SLIPPED for i in self.items),
            "date_brought_forward": sum(i.date is DateMove.BROUGHT_FORWARD for i in self.items),
            "summary_changed": sum(i.summary_changed for i in self.items),
            "deliverables": [i.to_json() for i in self.items if i.changed],
        }


def compare(before: PlanSnapshot, after: PlanSnapshot) -> PlanMovement:
    """The movement from ``before`` to ``after``; deliverables are matched by id, then ref."""
    earlier = {d.id: d for d in before.deliverables}
    earlier_by_ref = {d.ref: d for d in before.deliverables}
    matched: set[str] = set()
    items: list[DeliverableMovement] = []
    for now in after.deliverables:
        then = earlier.get(now.id) or earlier_by_ref.get(now.ref)
        if then is None:
            items.append(DeliverableMovement(None, now, RagMove.NEW, DateMove.NONE, True))
            continue
        matched.add(then.id)
        items.append(
            DeliverableMovement(
                then,
                now,
                _rag_move(then, now),
                _date_move(then, now),
                then.summary_position.strip() != now.summary_position.strip(),
            )
        )
    for then in before.deliverables:
        if then.id not in matched:
            items.append(DeliverableMovement(then, None, RagMove.REMOVED, DateMove.NONE, False))
    items.sort(key=lambda item: ref_sort_key(item.ref))
    return PlanMovement(before.period, after.period, tuple(items))


def rag_move(then: Deliverable | None, now: Deliverable) -> RagMove:
    """How one deliverable's RAG moved since the earlier period (NEW when it was not there).

    For a single deliverable as it is edited (the window's arrows), without
    comparing whole snapshots.
    """
    return RagMove.NEW if then is None else _rag_move(then, now)


def _rag_move(then: Deliverable, now: Deliverable) -> RagMove:
    if then.rag is now.rag:  # most deliverables, most months: skip the ranks
        return RagMove.UNCHANGED
    if then.rag is Rag.NOT_RATED:
        return RagMove.RATED
    # Losing a rating counts as a decline: it needs the owner's attention.
    return RagMove.IMPROVED if now.rag.rank > then.rag.rank else RagMove.DECLINED


def _date_move(then: Deliverable, now: Deliverable) -> DateMove:
    if then.date_text.strip() == now.date_text.strip():
        return DateMove.UNCHANGED
    due_then, due_now = then.date.due, now.date.due
    if due_then is not None and due_now is not None:
        if due_now > due_then:
            return DateMove.SLIPPED
        if due_now < due_then:
            return DateMove.BROUGHT_FORWARD
        return DateMove.UNCHANGED
    return DateMove.CHANGED
