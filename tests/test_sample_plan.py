"""The bundled sample plan is what a new user sees first: it must show every feature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from nhp_planner.model.dates import DateKind
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.sample import is_sample, sample_plan_file, sample_store


@pytest.fixture(scope="module")
def store() -> Iterator[PlanStore]:
    with sample_store() as sample:
        yield sample


def test_size_and_objectives(store: PlanStore) -> None:
    assert len(store.deliverables()) == 40
    assert [o.number for o in store.objectives()] == [0, 1, 2, 3, 4]
    assert all(o.title for o in store.objectives())


def test_every_rag_and_date_form(store: PlanStore) -> None:
    deliverables = store.deliverables()
    assert {d.rag for d in deliverables} == set(Rag)
    assert {d.date.kind for d in deliverables} >= {
        DateKind.DATE, DateKind.ONGOING, DateKind.TBC, DateKind.COMPLETE, DateKind.ANNUAL,
    }  # fmt: skip
    texts = {d.date_text for d in deliverables}
    assert {
        "Complete Review 31/03/2027",
        "End 2026",
        "Completed annually",
        "Ongoing Review 2027",
    } <= texts


def test_some_are_overdue(store: PlanStore) -> None:
    overdue = [d.ref for d in store.deliverables() if d.is_overdue(dt.date(2026, 11, 23))]
    assert overdue == ["1.4", "1.8", "2.4", "2.5"]


def test_history_of_periods(store: PlanStore) -> None:
    assert [p.key for p in store.periods()] == ["2026-09", "2026-10", "2026-11"]
    september = {d.ref: d for d in store.deliverables(store.periods()[0])}
    assert september["0.1"].rag is Rag.AMBER and "4.9" not in september
    assert all(d.lead for d in store.deliverables())


def test_working_copy_is_made_once() -> None:
    path = sample_plan_file()
    assert is_sample(path) and path.exists()
    with PlanStore.open(path) as store:
        store.update_deliverable(store.deliverables()[0].id, summary_position="edited")
    assert sample_plan_file() == path
    with PlanStore.open(path) as store:
        assert store.deliverables()[0].summary_position == "edited"
