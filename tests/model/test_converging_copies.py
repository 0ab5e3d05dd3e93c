"""Offline copies converge (issue 18): each case that used to go wrong, merged both ways."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.actions import ActionStatus
from nhp_planner.model.entities import DUPLICATE, EXISTS, Deliverable, Objective, Plan
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.model.store.row_writes import RowWrites
from tests.registers.sppc_2024_02 import outstanding_references, peel_2022_items

REFS = ("1.1", "1.2", "1.3", "2.1", "2.2")
DATA = Path(__file__).resolve().parent.parent / "data" / "release-0"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.nhp"
    with PlanStore.create(
        path, Plan(title="Plan"), period=ReportingPeriod(2024, 1), user="owner"
    ) as store:
        store.add_objective(Objective(1, "Prevent"))
        store.add_objective(Objective(2, "Protect"))
        for ref in REFS:
            store.add_deliverable(Deliverable(ref, int(ref[0]), commitment=f"We will {ref}"))
    return path


def _copy(base: Path, name: str) -> Path:
    with PlanStore.open(base) as store:
        return store.make_copy(base.with_name(f"{name}.nhp"))


def _edit(path: Path, user: str, change: Callable[[PlanStore], object]) -> None:
    with PlanStore.open(path, user=user) as store:
        change(store)


def _ids(store: PlanStore) -> dict[str, str]:
    return {d.ref: d.id for d in store.deliverables()}


def _dump(path: Path) -> str:
    with PlanStore.open(path, read_only=True) as store:
        return dump_store(store, history=True)


def _exchange(paths: list[Path]) -> None:
    """Every copy merges every other, twice round: afterwards each has everything."""
    for _ in range(2):
        for here in paths:
            with PlanStore.open(here) as store:
                for there in paths:
                    if there != here:
                        store.merge_from(there)


def _refs_name_objectives(path: Path) -> None:
    with PlanStore.open(path, read_only=True) as store:
        for period in store.periods():
            for d in store.deliverables(period):
                assert d.ref.split(".")[0] == str(d.objective), d


def test_swapping_two_deliverables_in_a_copy_merges_without_conflict(base: Path) -> None:
    copy = _copy(base, "copy")
    with PlanStore.open(base) as store:
        ids = _ids(store)
    _edit(copy, "lead", lambda s: s.renumber_deliverables({ids["1.1"]: "1.2", ids["1.2"]: "1.1"}))
    with PlanStore.open(base) as store:
        result = store.merge_from(copy)
        assert result.conflicts == [] and store.conflicts() == []
        assert _ids(store)["1.1"] == ids["1.2"] and _ids(store)["1.2"] == ids["1.1"]
    assert _dump(base) == _dump(copy)


def test_swapping_two_objectives_keeps_every_ref_naming_its_objective(base: Path) -> None:
    copy = _copy(base, "copy")
    with PlanStore.open(base) as store:
        objectives = {o.number: o.id for o in store.objectives()}
        ids = _ids(store)
    _edit(copy, "lead", lambda s: s.renumber_objectives({objectives[1]: 2, objectives[2]: 1}))
    # Meanwhile the owner edits one of the deliverables that moves.
    _edit(base, "owner", lambda s: s.update_deliverable(ids["2.2"], rag=Rag.RED))
    with PlanStore.open(base) as store:
        assert store.merge_from(copy).conflicts == []
        moved = store.deliverable(ids["2.2"])
        assert (moved.ref, moved.objective, moved.rag) == ("1.2", 1, Rag.RED)
        assert store.deliverable(ids["1.3"]).ref == "2.3"
    _refs_name_objectives(base)
    _exchange([base, copy])
    assert _dump(base) == _dump(copy)
    _refs_name_objectives(copy)


def test_two_leads_each_adding_the_same_ref_keep_both_and_flag_one(base: Path) -> None:
    first, second = _copy(base, "first"), _copy(base, "second")
    _edit(first, "shah", lambda s: s.add_deliverable(Deliverable("1.4", 1, commitment="Shah's")))
    _edit(second, "jones", lambda s: s.add_deliverable(Deliverable("1.4", 1, commitment="Jones'")))
    with PlanStore.open(base) as store:
        store.merge_from(first)
        store.merge_from(second)
        both = [d for d in store.deliverables() if d.ref == "1.4"]
        assert {d.commitment for d in both} == {"Shah's", "Jones'"}
        (flag,) = store.conflicts()
        assert flag.field == DUPLICATE and flag.mine == "1.4" and flag.theirs == "1.5"
        assert flag.label == "Deliverable 1.4 (January 2024)"
    # Every copy flags the same one, whatever it merged first.
    with PlanStore.open(second) as store:
        store.merge_from(first)
        assert [c.entity_id for c in store.conflicts()] == [flag.entity_id]
    with PlanStore.open(base) as store:
        store.resolve_conflict(flag.id, take="theirs")  # the one-step fix: next free ref
        assert store.conflicts() == []
        assert store.deliverable(flag.entity_id).ref == "1.5"
    _exchange([base, first, second])
    assert _dump(base) == _dump(first) == _dump(second)
    with PlanStore.open(first) as store:
        assert store.conflicts() == []
        assert store.merge_from(second).changed_nothing


def test_both_copies_starting_february_give_one_february(base: Path, tmp_path: Path) -> None:
    first, second = _copy(base, "first"), _copy(base, "second")
    with PlanStore.open(base) as store:
        ids = _ids(store)

    def february(text: str, rag: Rag) -> Callable[[PlanStore], None]:
        def run(store: PlanStore) -> None:
            store.update_deliverable(ids["1.1"], summary_position=f"{text} in January")
            store.start_period(ReportingPeriod(2024, 2))
            store.update_deliverable(ids["1.2"], summary_position=f"{text} in February")
            store.update_deliverable(ids["2.1"], rag=rag)

        return run

    _edit(first, "shah", february("Shah", Rag.GREEN))
    _edit(second, "jones", february("Jones", Rag.RED))
    outcomes = []
    for n, order in enumerate([(first, second), (second, first)]):
        master = tmp_path / f"master{n}.nhp"
        shutil.copy(base, master)
        with PlanStore.open(master) as store:
            conflicts = [c for p in order for c in store.merge_from(p).conflicts]
            assert [p.key for p in store.periods()] == ["2024-01", "2024-02"]
            # Both wrote the same fields differently: the owner is asked, every copy agrees.
            assert {(c.field, c.period) for c in conflicts} == {
                ("summary_position", "2024-01"),
                ("summary_position", "2024-02"),
                ("rag", "2024-02"),
            }
        outcomes.append(_dump(master))
    assert outcomes[0] == outcomes[1]
    _exchange([first, second])
    assert _dump(first) == _dump(second) == outcomes[0]


def test_an_edit_against_a_delete_keeps_the_row_on_every_copy(base: Path) -> None:
    copy = _copy(base, "copy")
    with PlanStore.open(base) as store:
        ids = _ids(store)
    _edit(copy, "lead", lambda s: s.delete_deliverable(ids["2.2"]))
    _edit(base, "owner", lambda s: s.update_deliverable(ids["2.2"], summary_position="Still on."))
    with PlanStore.open(base) as store:
        (conflict,) = store.merge_from(copy).conflicts
        assert conflict.field == EXISTS
    _exchange([base, copy])
    assert _dump(base) == _dump(copy)
    with PlanStore.open(copy) as store:
        assert store.deliverable(ids["2.2"]).summary_position == "Still on."
        # The owner decides on the copy that has the conflict; the choice merges back.
    with PlanStore.open(base) as store:
        store.resolve_conflict(store.conflicts()[0].id, take="theirs")
        assert "2.2" not in _ids(store)
    _exchange([base, copy])
    assert _dump(base) == _dump(copy)


def test_resolving_all_theirs_is_all_or_nothing(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _copy(base, "copy")
    with PlanStore.open(base) as store:
        ids = _ids(store)

    def edits(who: str) -> Callable[[PlanStore], None]:
        def run(store: PlanStore) -> None:
            for ref in ("1.1", "1.2", "1.3", "2.1"):
                store.update_deliverable(ids[ref], summary_position=f"{who} on {ref}")

        return run

    _edit(base, "owner", edits("owner"))
    _edit(copy, "lead", edits("lead"))
    with PlanStore.open(base) as store:
        store.merge_from(copy)
        conflicts = store.conflicts()
        assert len(conflicts) == 4
        before = dump_store(store)
        calls = {"n": 0}
        original = RowWrites.apply_field

        def fail_on_the_last(self: RowWrites, *args: object, **kwargs: object) -> str | None:
            calls["n"] += 1
            if calls["n"] == 4:
                raise RuntimeError("disk went away")
            return original(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(RowWrites, "apply_field", fail_on_the_last)
        with pytest.raises(RuntimeError):
            store.resolve_conflicts([c.id for c in conflicts], take="mine")
        assert dump_store(store) == before and len(store.conflicts()) == 4
        monkeypatch.setattr(RowWrites, "apply_field", original)
        store.resolve_conflicts([c.id for c in conflicts], take="mine")
        assert store.conflicts() == []
        assert {d.summary_position for d in store.deliverables() if d.ref != "2.2"} == {
            f"owner on {ref}" for ref in ("1.1", "1.2", "1.3", "2.1")
        }
    # Keeping mine is an edit that merges: the copy takes the owner's choice.
    _exchange([base, copy])
    assert _dump(base) == _dump(copy)


def test_copies_made_by_the_earlier_release_still_merge(tmp_path: Path) -> None:
    master, copy = tmp_path / "master.nhp", tmp_path / "copy.nhp"
    shutil.copy(DATA / "master.nhp", master)
    shutil.copy(DATA / "copy.nhp", copy)
    with PlanStore.open(master, user="owner") as store:
        result = store.merge_from(copy)
        by_ref = {d.ref: d for d in store.deliverables()}
        assert by_ref["1.2"].summary_position == "Lead's January update."
        assert by_ref["1.2"].rag is Rag.GREEN
        assert by_ref["2.2"].commitment == "We will add 2.2 offline"
        (conflict,) = result.conflicts
        assert (conflict.field, conflict.mine, conflict.theirs) == (
            "summary_position",
            "Owner's January note.",
            "Lead's view of 1.1.",
        )
        assert store.merge_from(copy).changed_nothing
    _exchange([master, copy])
    assert _dump(master) == _dump(copy)
    _refs_name_objectives(master)


def test_rag_words_explained_in_a_copy_come_back_with_it(base: Path) -> None:
    copy = _copy(base, "copy")
    _edit(copy, "lead", lambda s: s.remember_rag_words({"On track": Rag.GREEN}))
    _edit(base, "owner", lambda s: s.remember_rag_words({"Slipping": Rag.AMBER}))
    _exchange([base, copy])
    for path in (base, copy):
        with PlanStore.open(path, read_only=True) as store:
            # Each word is its own register: both explanations are kept, on both copies.
            assert store.rag_words() == {"on track": Rag.GREEN, "slipping": Rag.AMBER}


# ------------------------------------------------- the registers around the plan (issue 20)


def _registers(path: Path) -> dict[str, object]:
    """Both registers in every period, as the plan file holds them (ids, fields, marks)."""
    with PlanStore.open(path, read_only=True) as store:
        return {
            period.key: (store.findings.items(period), store.actions.items(period))
            for period in store.periods()
        }


def test_registers_merged_either_way_give_the_same_registers(base: Path, tmp_path: Path) -> None:
    with PlanStore.open(base, user="owner") as store:
        ids = _ids(store)
        items = [store.findings.add(item) for item in peel_2022_items()[:3]]
        victim, _, hate = (store.actions.add(action) for action in outstanding_references())
    first, second = _copy(base, "first"), _copy(base, "second")

    def shah(store: PlanStore) -> None:
        store.actions.update(victim.id, status=ActionStatus.COMPLETE, update="Strategy agreed.")
        store.findings.update(items[0].id, deliverable_ids=(ids["1.1"], ids["2.1"]))
        store.findings.delete(items[2].id)
        store.findings.add(replace(peel_2022_items()[3], id="shah-finding"))
        store.start_period(ReportingPeriod(2024, 2))
        store.findings.update(items[1].id, progress="Shah's February update.")

    def jones(store: PlanStore) -> None:
        store.actions.update(victim.id, status=ActionStatus.NOT_STARTED)
        store.actions.update(hate.id, due_text="June 2024")
        store.findings.update(items[0].id, rag=Rag.AMBER)
        store.actions.add(
            replace(outstanding_references()[1], id="jones-action", number="11/2024/P")
        )

    _edit(first, "shah", shah)
    _edit(second, "jones", jones)
    outcomes, registers = [], []
    for n, order in enumerate([(first, second), (second, first)]):
        master = tmp_path / f"master{n}.nhp"
        shutil.copy(base, master)
        with PlanStore.open(master) as store:
            conflicts = [c for p in order for c in store.merge_from(p).conflicts]
            # Only the action both copies changed asks the owner; the rest came in field by field.
            assert [(c.entity, c.entity_id, c.field) for c in conflicts] == [
                ("action", victim.id, "status")
            ]
            january, february = store.periods()
            finding = store.findings.item(items[0].id, january)
            assert finding.rag is Rag.AMBER and set(finding.deliverable_ids) == {
                ids["1.1"],
                ids["2.1"],
            }
            assert [i.id for i in store.findings.items(january)] == [
                items[0].id,
                items[1].id,
                "shah-finding",
            ]
            # February, started in one copy, carries every item January has forward.
            assert [i.id for i in store.findings.items(february)] == [
                i.id for i in store.findings.items(january)
            ]
            assert store.findings.item(items[1].id, february).progress == (
                "Shah's February update."
            )
            assert store.actions.item(hate.id, january).due_dates[-1] == "June 2024"
            assert "jones-action" in {a.id for a in store.actions.items(january)}
        outcomes.append(_dump(master))
        registers.append(_registers(master))
    assert registers[0] == registers[1]
    assert outcomes[0] == outcomes[1]
    _exchange([first, second])
    assert _dump(first) == _dump(second) == outcomes[0]
    assert _registers(first) == _registers(second) == registers[0]


def test_a_register_item_deleted_in_one_copy_and_edited_in_the_other_stays(base: Path) -> None:
    with PlanStore.open(base, user="owner") as store:
        action = store.actions.add(outstanding_references()[0])
    copy = _copy(base, "copy")
    _edit(copy, "lead", lambda s: s.actions.delete(action.id))
    _edit(base, "owner", lambda s: s.actions.update(action.id, update="Still open."))
    with PlanStore.open(base) as store:
        (conflict,) = store.merge_from(copy).conflicts
        assert (conflict.entity, conflict.field) == ("action", EXISTS)
        assert conflict.label == "Committee action 7/2023/P (January 2024)"
    _exchange([base, copy])
    assert _dump(base) == _dump(copy)
    with PlanStore.open(copy) as store:
        assert store.actions.item(action.id).update == "Still open."
    with PlanStore.open(base) as store:
        store.resolve_conflict(store.conflicts()[0].id, take="theirs")
        assert store.actions.items() == []
    _exchange([base, copy])
    assert _dump(base) == _dump(copy)
    with PlanStore.open(copy) as store:
        assert store.actions.items() == []
