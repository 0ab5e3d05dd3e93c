"""Offline copies: the owner and two leads edit their own copies; merging brings it all together."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from nhp_planner.io.plan_json import dump_store, new_plan_from_document
from nhp_planner.model.diff import field_text
from nhp_planner.model.entities import DELETED, EXISTS, Deliverable, Plan
from nhp_planner.model.errors import PlanFileError, ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore

SHAH, JONES = "Insp. Shah", "Insp. Jones"


@pytest.fixture
def master(tmp_path: Path, fixture_document) -> Path:
    """The owner's plan: the real January plan, objective 2 led by Shah, objective 3 by Jones."""
    path = tmp_path / "master.nhp"
    with new_plan_from_document(path, fixture_document, user="owner") as store:
        for d in store.deliverables():
            if d.objective in (2, 3):
                store.update_deliverable(d.id, lead=SHAH if d.objective == 2 else JONES)
    return path


def _ids(store: PlanStore) -> dict[str, str]:
    return {d.ref: d.id for d in store.deliverables()}


def _state(path: Path) -> tuple[str, int, int]:
    with PlanStore.open(path, read_only=True) as store:
        return dump_store(store, history=True), len(store.changes()), len(store.conflicts())


@pytest.fixture
def three_copies(master: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Owner and two leads edit offline in overlapping ways."""
    with PlanStore.open(master, user="owner") as owner:
        shah_path = owner.make_copy(tmp_path / "shah.nhp", lead=SHAH)
        jones_path = owner.make_copy(tmp_path / "jones.nhp", lead=JONES)
        ids = _ids(owner)
        owner.update_deliverable(ids["1.1"], rag=Rag.RED)  # owner only
        owner.update_deliverable(
            ids["2.10"], summary_position="Owner: agenda agreed."
        )  # Shah deletes it
        owner.update_deliverable(ids["4.1"], rag=Rag.GREEN)  # Jones does the same
    with PlanStore.open(shah_path, user="shah") as shah:
        shah.update_deliverable(ids["2.1"], summary_position="Shah: SMEs in place.")
        shah.update_deliverable(ids["2.5"], rag=Rag.GREEN)
        shah.update_deliverable(ids["1.1"], summary_position="Shah: panel review shared.")
        shah.delete_deliverable(ids["2.10"])
    with PlanStore.open(jones_path, user="jones") as jones:
        jones.update_deliverable(ids["3.1"], rag=Rag.AMBER, date_text="30/06/2024")
        jones.update_deliverable(ids["2.5"], rag=Rag.RED)  # Shah says GREEN: a conflict
        jones.update_deliverable(ids["4.1"], rag=Rag.GREEN)  # same as the owner: no conflict
        jones.add_deliverable(Deliverable("3.12", 3, commitment="We will map tensions", lead=JONES))
    return master, shah_path, jones_path


def test_a_conflict_says_which_side_the_plan_shows_and_the_paper_prints_it(
    three_copies: tuple[Path, Path, Path],
) -> None:
    """The later change is shown until the conflict is resolved, whichever side made it; the
    conflict says which, so the window and the paper name the value they show."""
    from nhp_planner.io.paper import build_paper

    master, shah_path, jones_path = three_copies
    with PlanStore.open(master, user="owner") as owner:
        owner.merge_from(shah_path)
        owner.merge_from(jones_path)
        by_ref = {d.ref: d for d in owner.deliverables()}
        conflicts = {c.field: c for c in owner.conflicts()}
        rag, kept = conflicts["rag"], conflicts[EXISTS]
        # Shah (merged first, so "mine") said GREEN, Jones later RED: the plan shows RED.
        assert (rag.mine, rag.theirs, by_ref["2.5"].rag) == ("GREEN", "RED", Rag.RED)
        assert (rag.shown, rag.printed, rag.not_printed) == ("theirs", "RED", "GREEN")
        # Shah deleted 2.10, the owner edited it: the row is kept, the owner's side.
        assert kept.theirs == DELETED and kept.shown == "mine" and "2.10" in by_ref
        rows = {row.what: row for row in build_paper(owner.snapshot()).conflicts}
    row = rows["Deliverable 2.5 (January 2024)"]
    assert (row.printed, row.other) == ("RED", "GREEN")
    assert rows["Deliverable 2.10 (January 2024)"].printed == "Kept, with changes"


def test_copies_know_their_lineage(three_copies: tuple[Path, Path, Path]) -> None:
    master, shah, _ = three_copies
    with PlanStore.open(master) as owner, PlanStore.open(shah) as copy:
        assert copy.plan_id == owner.plan_id and copy.replica_id != owner.replica_id
        assert copy.copied_from is not None and copy.copied_from["replica"] == owner.replica_id
        assert copy.lead_filter == SHAH and owner.lead_filter is None
        # The whole plan travels (less the one Shah deleted), not only Shah's part.
        assert len(copy.deliverables()) == 54


def test_three_way_merge(three_copies: tuple[Path, Path, Path]) -> None:
    master, shah_path, jones_path = three_copies
    with PlanStore.open(master, user="owner") as owner:
        first = owner.merge_from(shah_path)
        by_ref = {d.ref: d for d in owner.deliverables()}
        # Non-overlapping edits all arrive.
        assert by_ref["2.1"].summary_position == "Shah: SMEs in place."
        assert by_ref["2.5"].rag is Rag.GREEN
        assert (by_ref["1.1"].rag, by_ref["1.1"].summary_position) == (
            Rag.RED,
            "Shah: panel review shared.",
        )
        # Shah deleted 2.10 which the owner had edited: a conflict, and the owner keeps it.
        (deleted,) = first.conflicts
        assert (deleted.field, deleted.theirs) == (EXISTS, DELETED) and "2.10" in by_ref

        second = owner.merge_from(jones_path)
        by_ref = {d.ref: d for d in owner.deliverables()}
        assert by_ref["3.1"].rag is Rag.AMBER and by_ref["3.1"].date_text == "30/06/2024"
        assert by_ref["3.12"].commitment == "We will map tensions"
        assert by_ref["4.1"].rag is Rag.GREEN
        (clash,) = second.conflicts
        assert (clash.field, clash.mine, clash.theirs, clash.base) == (
            "rag",
            "GREEN",
            "RED",
            "AMBER",
        )
        assert clash.theirs_by == "jones" and clash.mine_by == "shah"
        # Until resolved, every copy shows the later change (issue 18: the same on every copy,
        # whatever the order of merges; before, each copy kept its own value).
        assert by_ref["2.5"].rag is Rag.RED
        assert {c.label for c in owner.conflicts()} == {
            "Deliverable 2.5 (January 2024)",
            "Deliverable 2.10 (January 2024)",
        }
        # Both values stay in the history.
        values = {(c.by, c.new) for c in owner.changes(by_ref["2.5"].id) if c.field == "rag"}
        assert {("shah", "GREEN"), ("jones", "RED")} <= values


def test_repeat_merges_change_nothing(three_copies: tuple[Path, Path, Path]) -> None:
    master, shah_path, jones_path = three_copies
    with PlanStore.open(master) as owner:
        owner.merge_from(shah_path)
        owner.merge_from(jones_path)
    before = _state(master)
    with PlanStore.open(master) as owner:
        assert owner.merge_from(shah_path).changed_nothing
        assert owner.merge_from(jones_path).changed_nothing
    assert _state(master) == before


def test_dry_run_changes_nothing(three_copies: tuple[Path, Path, Path]) -> None:
    master, shah_path, _ = three_copies
    before = _state(master)
    with PlanStore.open(master) as owner:
        result = owner.merge_from(shah_path, dry_run=True)
        assert len(result.plan.updates) == 3 and len(result.plan.conflicts) == 1
        assert "Would merge shah.nhp" in result.describe(applied=False)
        # Each update names the value the plan holds now, for the preview to show beside it.
        plan_values = {d.id: d for d in owner.deliverables()}
        for update in result.plan.updates:
            deliverable = plan_values[update.row[1]]
            assert update.old == field_text(deliverable, update.field) != update.value
    assert _state(master) == before


def test_a_merge_names_what_it_changes(three_copies: tuple[Path, Path, Path]) -> None:
    """Rows are named for people, even ones only the copy holds (a deliverable it added)."""
    master, _, jones_path = three_copies
    with PlanStore.open(master) as owner:
        result = owner.merge_from(jones_path, dry_run=True)
    names = {result.labels[row] for row in result.plan.inserts}
    names |= {result.labels[u.row] for u in result.plan.updates}
    assert "Deliverable 3.12 (January 2024)" in names
    assert "Deliverable 3.1 (January 2024)" in names


def test_resolve_conflicts(three_copies: tuple[Path, Path, Path]) -> None:
    master, shah_path, jones_path = three_copies
    with PlanStore.open(master, user="owner") as owner:
        owner.merge_from(shah_path)
        owner.merge_from(jones_path)
        by_label = {c.label: c for c in owner.conflicts()}
        owner.resolve_conflict(by_label["Deliverable 2.5 (January 2024)"].id, take="theirs")
        owner.resolve_conflict(by_label["Deliverable 2.10 (January 2024)"].id, take="theirs")
        by_ref = {d.ref: d for d in owner.deliverables()}
        assert by_ref["2.5"].rag is Rag.RED and "2.10" not in by_ref
        assert owner.conflicts() == [] and len(owner.conflicts(resolved=True)) == 2
        with pytest.raises(ValidationError, match="No unresolved conflict"):
            owner.resolve_conflict(by_label["Deliverable 2.5 (January 2024)"].id, take="mine")


def test_resolve_with_an_edit_and_keep_mine(three_copies: tuple[Path, Path, Path]) -> None:
    master, shah_path, jones_path = three_copies
    with PlanStore.open(master, user="owner") as owner:
        owner.merge_from(shah_path)
        owner.merge_from(jones_path)
        by_label = {c.label: c for c in owner.conflicts()}
        owner.resolve_conflict(
            by_label["Deliverable 2.5 (January 2024)"].id, take="value", value="AMBER"
        )
        owner.resolve_conflict(by_label["Deliverable 2.10 (January 2024)"].id, take="mine")
        by_ref = {d.ref: d for d in owner.deliverables()}
        assert by_ref["2.5"].rag is Rag.AMBER and "2.10" in by_ref


def test_plain_file_copy_merges_too(master: Path, tmp_path: Path) -> None:
    copy = tmp_path / "plain-copy.nhp"
    shutil.copy(master, copy)
    with PlanStore.open(copy, user="lee") as lee:
        lee.update_deliverable(_ids(lee)["0.3"], rag=Rag.GREEN)
    with PlanStore.open(master) as owner:
        owner.merge_from(copy)
        assert {d.ref: d for d in owner.deliverables()}["0.3"].rag is Rag.GREEN


def test_new_period_in_a_copy_comes_over(master: Path, tmp_path: Path) -> None:
    with PlanStore.open(master) as owner:
        copy_path = owner.make_copy(tmp_path / "c.nhp")
    with PlanStore.open(copy_path) as copy:
        copy.start_period(ReportingPeriod(2024, 2))
        copy.update_deliverable(_ids(copy)["0.3"], rag=Rag.GREEN)
    with PlanStore.open(master) as owner:
        owner.merge_from(copy_path)
        assert owner.current_period == ReportingPeriod(2024, 2)
        assert {d.ref: d for d in owner.deliverables()}["0.3"].rag is Rag.GREEN
    with PlanStore.open(copy_path) as copy:
        expected = dump_store(copy, history=True)
    with PlanStore.open(master) as owner:
        assert dump_store(owner, history=True) == expected


def _other_plan(path: Path) -> None:
    PlanStore.create(path, Plan(title="Someone else's plan")).close()


def _not_a_plan(path: Path) -> None:
    path.write_text("hello")


def _newer(path: Path, master: Path) -> None:
    shutil.copy(master, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def _truncated(path: Path, master: Path) -> None:
    data = master.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p, m: _other_plan(p),
            r"is not a copy of this plan \(it is the plan 'Someone else's plan'\)",
        ),
        (lambda p, m: _not_a_plan(p), "is not an NHP Planner plan file"),
        (_newer, "newer release of NHP Planner"),
        (_truncated, "is damaged"),
        (lambda p, m: None, "no such plan file"),
    ],
)
def test_bad_copies_change_nothing(master: Path, tmp_path: Path, make, message: str) -> None:
    other = tmp_path / "other" / "copy.nhp"
    other.parent.mkdir()
    make(other, master)
    before = _state(master)
    theirs_before = other.read_bytes() if other.exists() else None
    with (
        PlanStore.open(master) as owner,
        pytest.raises((PlanFileError, ValidationError), match=message) as caught,
    ):
        owner.merge_from(other)
    assert str(other) in str(caught.value)
    assert _state(master) == before
    assert (other.read_bytes() if other.exists() else None) == theirs_before


def test_copy_refuses_unknown_lead_and_existing_file(master: Path, tmp_path: Path) -> None:
    with PlanStore.open(master) as owner:
        with pytest.raises(ValidationError, match="No deliverable has the lead 'Nobody'"):
            owner.make_copy(tmp_path / "x.nhp", lead="Nobody")
        with pytest.raises(PlanFileError, match="already exists"):
            owner.make_copy(master)


def test_history_keeps_every_value(three_copies: tuple[Path, Path, Path]) -> None:
    master, shah_path, jones_path = three_copies
    ids = set()
    for path in three_copies:
        with PlanStore.open(path, read_only=True) as store:
            ids |= {c.id for c in store.changes()}
    with PlanStore.open(master) as owner:
        owner.merge_from(shah_path)
        owner.merge_from(jones_path)
        assert ids <= {c.id for c in owner.changes()}
        assert json.loads(dump_store(owner))["plan"]["title"]
