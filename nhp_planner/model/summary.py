"""RAG summaries: counts per objective and overall, the picture the plan owner reads first."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from nhp_planner.model.entities import Deliverable, PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import ALL_RAGS, Rag


@dataclass(frozen=True, slots=True)
class RagCounts:
    """How many deliverables carry each rating, and how many are overdue."""

    green: int = 0
    amber: int = 0
    red: int = 0
    not_rated: int = 0
    overdue: int = 0

    @classmethod
    def of(cls, deliverables: Iterable[Deliverable], today: dt.date) -> RagCounts:
        counts: Counter[Rag] = Counter()
        overdue = 0
        for deliverable in deliverables:
            counts[deliverable.rag] += 1
            overdue += deliverable.is_overdue(today)
        return cls(
            counts[Rag.GREEN], counts[Rag.AMBER], counts[Rag.RED], counts[Rag.NOT_RATED], overdue
        )

    @property
    def total(self) -> int:
        return self.green + self.amber + self.red + self.not_rated

    def count(self, rag: Rag) -> int:
        return {
            Rag.GREEN: self.green,
            Rag.AMBER: self.amber,
            Rag.RED: self.red,
            Rag.NOT_RATED: self.not_rated,
        }[rag]

    def share(self, rag: Rag) -> float:
        """The fraction (0..1) of deliverables with this rating; 0 when there are none."""
        return self.count(rag) / self.total if self.total else 0.0

    def to_json(self) -> dict[str, int]:
        return {
            "total": self.total,
            **{rag.name: self.count(rag) for rag in ALL_RAGS},
            "overdue": self.overdue,
        }


@dataclass(frozen=True, slots=True)
class ObjectiveSummary:
    """One objective's counts, under the title the summary prints."""

    number: int
    title: str
    counts: RagCounts


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """Counts per objective (in number order) and for the whole plan."""

    objectives: tuple[ObjectiveSummary, ...]
    overall: RagCounts

    def to_json(self) -> dict[str, object]:
        return {
            **self.overall.to_json(),
            "objectives": [
                {"number": o.number, "title": o.title, **o.counts.to_json()}
                for o in self.objectives
            ],
        }


def summarise(snapshot: PlanSnapshot, today: dt.date) -> PlanSummary:
    """RAG counts per objective and overall; objectives without deliverables count zero."""
    numbers = sorted(
        {o.number for o in snapshot.objectives} | {d.objective for d in snapshot.deliverables}
    )
    rows = []
    for number in numbers:
        objective = snapshot.objective(number)
        title = objective.display_title if objective else f"Objective {number}"
        rows.append(
            ObjectiveSummary(number, title, RagCounts.of(snapshot.deliverables_of(number), today))
        )
    return PlanSummary(tuple(rows), RagCounts.of(snapshot.deliverables, today))


NO_LEAD = "No lead named"


@dataclass(frozen=True, slots=True)
class UpdateProgress:
    """Who has updated this period, and whom the plan owner still has to chase."""

    period: ReportingPeriod | None
    total: int
    not_updated: tuple[Deliverable, ...]

    def describe(self) -> str:
        """ "12 of 55 not yet updated for February 2024"."""
        when = f" for {self.period.label}" if self.period else ""
        return f"{len(self.not_updated)} of {self.total} not yet updated{when}"

    def by_lead(self) -> dict[str, tuple[Deliverable, ...]]:
        """Deliverables still to update, grouped by lead (alphabetical, unnamed last)."""
        groups: dict[str, list[Deliverable]] = {}
        for deliverable in self.not_updated:
            groups.setdefault(deliverable.lead or NO_LEAD, []).append(deliverable)
        order = sorted(groups, key=lambda lead: (lead == NO_LEAD, lead.lower()))
        return {lead: tuple(groups[lead]) for lead in order}

    def to_json(self) -> dict[str, object]:
        return {
            "period": self.period.key if self.period else None,
            "total": self.total,
            "not_yet_updated": len(self.not_updated),
            "by_lead": {lead: [d.ref for d in items] for lead, items in self.by_lead().items()},
        }


def update_progress(snapshot: PlanSnapshot, lead: str | None = None) -> UpdateProgress:
    """Which deliverables (of one lead, if given) are not yet updated in the snapshot's period."""
    chosen = [d for d in snapshot.deliverables if lead is None or (d.lead or "") == lead]
    return UpdateProgress(
        snapshot.period, len(chosen), tuple(d for d in chosen if d.updated_at is None)
    )
