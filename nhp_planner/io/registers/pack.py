"""The registers' sections of a paper, read from the plan for one period.

Read on the thread that holds the plan, before the pack is built off it: the
result is plain content (:class:`RegisterSections`), safe to hand over.
"""

from __future__ import annotations

from nhp_planner.io.paper.registers import RegisterSections, register_sections
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import PlanStore


def pack_sections(
    store: PlanStore,
    period: ReportingPeriod | None = None,
    *,
    findings: bool = True,
    actions: bool = True,
) -> RegisterSections:
    """The sections asked for, for ``period`` (default the current one) of the plan."""
    period = period or store.current_period
    previous = store.previous_period(period) if period is not None else None
    return register_sections(
        period,
        findings=store.findings.items(period) if findings else None,
        previous_findings=store.findings.items(previous) if findings and previous else None,
        actions=store.actions.items(period) if actions else None,
        previous_actions=store.actions.items(previous) if actions and previous else None,
        refs={d.id: d.ref for d in store.deliverables(period, in_order=False)},
        previous_period=previous,
    )
