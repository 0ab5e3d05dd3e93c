"""Renumbering deliverables and objectives: how the window reorders them, undoably."""

from __future__ import annotations

from pathlib import Path

import pytest

from nhp_planner.model.errors import PlanLockedError, ValidationError
from nhp_planner.model.store import PlanStore


def _by_ref(store: PlanStore) -> dict[str, str]:
    return {d.ref: d.id for d in store.deliverables()}


def test_swapping_two_refs(fixture_store: PlanStore) -> None:
    ids = _by_ref(fixture_store)
    first, second = ids["1.1"], ids["1.2"]
    before = fixture_store.deliverable(first)

    fixture_store.renumber_deliverables({first: "1.2", second: "1.1"})

    assert fixture_store.deliverable(first).ref == "1.2"
    assert fixture_store.deliverable(second).ref == "1.1"
    assert fixture_store.deliverable(first).updated_at == before.updated_at
    history = [(c.field, c.old, c.new) for c in fixture_store.changes(first)]
    assert history[-1] == ("ref", "1.1", "1.2")


def test_swapping_back_restores_the_plan(fixture_store: PlanStore) -> None:
    ids = _by_ref(fixture_store)
    before = fixture_store.snapshot()
    fixture_store.renumber_deliverables({ids["2.1"]: "2.2", ids["2.2"]: "2.1"})
    fixture_store.renumber_deliverables({ids["2.1"]: "2.1", ids["2.2"]: "2.2"})
    assert fixture_store.snapshot().deliverables == before.deliverables


def test_a_clash_changes_nothing(fixture_store: PlanStore) -> None:
    ids = _by_ref(fixture_store)
    with pytest.raises(ValidationError, match=r"Deliverable 1\.2 already exists"):
        fixture_store.renumber_deliverables({ids["1.1"]: "1.2"})
    assert fixture_store.deliverable(ids["1.1"]).ref == "1.1"


def test_unknown_id_and_bad_ref(fixture_store: PlanStore) -> None:
    with pytest.raises(ValidationError, match="No deliverable with id nope"):
        fixture_store.renumber_deliverables({"nope": "1.1"})
    with pytest.raises(ValidationError, match="is not a deliverable reference"):
        fixture_store.renumber_deliverables({_by_ref(fixture_store)["1.1"]: "first"})


def test_swapping_objectives_renumbers_their_deliverables(fixture_store: PlanStore) -> None:
    numbers = {o.number: o for o in fixture_store.objectives()}
    one, two = numbers[1], numbers[2]
    refs_of_one = sorted(d.ref for d in fixture_store.deliverables() if d.objective == 1)
    refs_of_two = sorted(d.ref for d in fixture_store.deliverables() if d.objective == 2)
    commitment_of = {d.ref: d.commitment for d in fixture_store.deliverables()}

    fixture_store.renumber_objectives({one.id: 2, two.id: 1})

    after = {o.id: o.number for o in fixture_store.objectives()}
    assert (after[one.id], after[two.id]) == (2, 1)
    moved = {d.ref: d for d in fixture_store.deliverables()}
    for ref in refs_of_one:
        new_ref = "2." + ref.split(".", 1)[1]
        assert moved[new_ref].objective == 2
        assert moved[new_ref].commitment == commitment_of[ref]
    assert sorted(d.ref for d in fixture_store.deliverables() if d.objective == 1) == sorted(
        "1." + ref.split(".", 1)[1] for ref in refs_of_two
    )
    assert [c.field for c in fixture_store.changes(one.id)][-1] == "number"


def test_objective_clash_and_negative_numbers(fixture_store: PlanStore) -> None:
    numbers = {o.number: o for o in fixture_store.objectives()}
    with pytest.raises(ValidationError, match="Objective 2 already exists"):
        fixture_store.renumber_objectives({numbers[1].id: 2})
    with pytest.raises(ValidationError, match="start at 0"):
        fixture_store.renumber_objectives({numbers[1].id: -1})
    assert {o.number for o in fixture_store.objectives()} == set(numbers)


def test_read_only_plan_cannot_be_renumbered(plan_file: Path) -> None:
    with PlanStore.open(plan_file, read_only=True) as store:
        ids = _by_ref(store)
        with pytest.raises(PlanLockedError):
            store.renumber_deliverables({ids["1.1"]: "1.2", ids["1.2"]: "1.1"})
