"""RAG summaries per objective and overall."""

from __future__ import annotations

import datetime as dt

from nhp_planner.io.plan_json import PlanDocument
from nhp_planner.model.entities import Deliverable, Objective, Plan, PlanSnapshot
from nhp_planner.model.rag import Rag
from nhp_planner.model.summary import summarise


def test_fixture_counts(fixture_document: PlanDocument) -> None:
    summary = summarise(fixture_document.snapshot, dt.date(2024, 1, 31))
    assert (summary.overall.total, summary.overall.green, summary.overall.amber) == (55, 38, 17)
    assert [o.counts.total for o in summary.objectives] == [4, 15, 10, 11, 15]
    assert summary.objectives[2].title == "Objective 2"  # untitled in the paper


def test_counts_overdue_and_shares() -> None:
    snapshot = PlanSnapshot(
        Plan("p"),
        None,
        (Objective(1, "One"), Objective(2, "Empty")),
        (
            Deliverable("1.1", 1, rag=Rag.RED, date_text="01/01/2024"),
            Deliverable("1.2", 1, rag=Rag.GREEN, date_text="01/01/2024"),
            Deliverable("1.3", 1, rag=Rag.AMBER, date_text="Ongoing"),
            Deliverable("1.4", 1),
        ),
    )
    summary = summarise(snapshot, dt.date(2024, 2, 1))
    one, empty = summary.objectives
    assert one.counts.to_json() == {
        "total": 4, "GREEN": 1, "AMBER": 1, "RED": 1, "NOT_RATED": 1, "overdue": 1,
    }  # fmt: skip
    assert one.counts.share(Rag.RED) == 0.25
    assert empty.counts.total == 0 and empty.counts.share(Rag.GREEN) == 0.0
