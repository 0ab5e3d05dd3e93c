"""One deliverable's RAG movement, as the window shows it beside each pill."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nhp_planner.model.entities import Deliverable
from nhp_planner.model.movement import RagMove, compare, rag_move
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore

_ITEM = Deliverable("2.5", 2, rag=Rag.AMBER)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (Rag.AMBER, Rag.GREEN, RagMove.IMPROVED),
        (Rag.RED, Rag.AMBER, RagMove.IMPROVED),
        (Rag.GREEN, Rag.RED, RagMove.DECLINED),
        (Rag.AMBER, Rag.NOT_RATED, RagMove.DECLINED),  # losing a rating needs attention
        (Rag.NOT_RATED, Rag.RED, RagMove.RATED),
        (Rag.AMBER, Rag.AMBER, RagMove.UNCHANGED),
    ],
)
def test_one_deliverable(before: Rag, after: Rag, expected: RagMove) -> None:
    assert rag_move(replace(_ITEM, rag=before), replace(_ITEM, rag=after)) is expected


def test_new_when_it_was_not_there() -> None:
    assert rag_move(None, _ITEM) is RagMove.NEW


def test_agrees_with_comparing_whole_periods(fixture_store: PlanStore) -> None:
    before = fixture_store.snapshot()
    ratings = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_RATED)
    after = before.with_deliverables(
        replace(d, rag=ratings[n % 4]) for n, d in enumerate(before.deliverables)
    )
    earlier = {d.id: d for d in before.deliverables}
    movement = compare(before, after)
    assert [rag_move(earlier.get(d.id), d) for d in after.deliverables] == [
        item.rag for item in movement.items
    ]
