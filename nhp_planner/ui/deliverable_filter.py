"""What the deliverable filters look at (RowFacts) and what the person asked to see (the filter).

Kept free of Qt so the rules are plain to read and test: the proxy model only
runs ``DeliverableFilter.accepts`` over the facts its source model provides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nhp_planner.model.rag import Rag


@dataclass(frozen=True, slots=True)
class RowFacts:
    """Everything the filters need about one deliverable, worked out once per change."""

    #: Ref, commitment and summary position, case-folded, for the text search.
    search_text: str
    rag: Rag
    overdue: bool
    lead: str
    objective: int
    #: Updated in the reporting period shown.
    updated: bool


@dataclass(frozen=True, slots=True)
class DeliverableFilter:
    """The filters a plan owner sets; each one left at its default lets everything through."""

    text: str = ""
    #: The ratings to show; empty shows every rating.
    rags: frozenset[Rag] = field(default_factory=frozenset)
    overdue_only: bool = False
    not_updated_only: bool = False
    #: One lead's deliverables ("" for those with no lead named); None for everyone's.
    lead: str | None = None
    objective: int | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.casefold().split())

    @property
    def is_active(self) -> bool:
        return self != DeliverableFilter(objective=self.objective)

    def accepts(self, facts: RowFacts) -> bool:
        """Whether a deliverable passes: every word of the text, and every filter set."""
        return self.matcher()(facts)

    def matcher(self) -> Callable[[RowFacts], bool]:
        """``accepts`` with the words split once, for running over thousands of rows."""
        words = self.words
        rags, lead, objective = self.rags, self.lead, self.objective
        overdue_only, not_updated_only = self.overdue_only, self.not_updated_only

        def accepts(facts: RowFacts) -> bool:
            return (
                (objective is None or facts.objective == objective)
                and (not rags or facts.rag in rags)
                and (not overdue_only or facts.overdue)
                and (not not_updated_only or not facts.updated)
                and (lead is None or facts.lead == lead)
                and all(word in facts.search_text for word in words)
            )

        return accepts
