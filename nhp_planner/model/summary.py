"""RAG summaries: counts per objective and overall, the picture the plan owner reads first."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from nhp_planner.model.entities import Deliverable, PlanSnapshot
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
