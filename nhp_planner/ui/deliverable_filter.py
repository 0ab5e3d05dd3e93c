"""What the deliverable filters look at (RowFacts) and what the person asked to see (the filter).

Kept free of Qt so the rules are plain to read and test: the proxy model only
runs ``DeliverableFilter.accepts`` over the facts its source model provides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

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
        """Whether a deliverable passes: every word of the text, and every other filter set."""
        others = self.facts_matcher()
        return all(word in facts.search_text for word in self.words) and (
            others is None or others(facts)
        )

    def narrows(self, earlier: DeliverableFilter) -> bool:
        """Whether this filter only lets through what ``earlier`` did (typing on in the search).

        Then only the rows shown need checking again, not the whole plan.
        """
        return replace(self, text="") == replace(earlier, text="") and all(
            any(old in new for new in self.words) for old in earlier.words
        )

    def facts_matcher(self) -> Callable[[RowFacts], bool] | None:
        """The filters other than the text as one test, or None when none is set.

        Built once per filter, so that running it over thousands of rows checks
        only what is set.
        """
        checks: list[Callable[[RowFacts], bool]] = []
        if self.objective is not None:
            objective = self.objective
            checks.append(lambda facts: facts.objective == objective)
        if self.rags:
            rags = self.rags
            checks.append(lambda facts: facts.rag in rags)
        if self.overdue_only:
            checks.append(lambda facts: facts.overdue)
        if self.not_updated_only:
            checks.append(lambda facts: not facts.updated)
        if self.lead is not None:
            lead = self.lead
            checks.append(lambda facts: facts.lead == lead)
        if not checks:
            return None
        if len(checks) == 1:
            return checks[0]
        return lambda facts: all(check(facts) for check in checks)
