"""The registers in the plan file: edits and their history, periods, import, migration, merge."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from nhp_planner.model.actions import ActionStatus
from nhp_planner.model.entities import Plan
from nhp_planner.model.errors import PeriodClosedError, ValidationError
from nhp_planner.model.findings import FindingStatus
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.schema import SCHEMA_VERSION, migrations
from nhp_planner.model.store import PlanStore
from tests.registers.sppc_2024_02 import outstanding_references, peel_2022_items

JAN, FEB, MAR = ReportingPeriod(2024, 1), ReportingPeriod(2024, 2), ReportingPeriod(2024, 3)
#: Written by the release before the registers (schema 5): the January plan moved to February.
RELEASE_FILE = Path(__file__).parents[1] / "data" / "plan-release-2024-02.nhp"


@pytest.fixture
def february(fixture_store: PlanStore) -> PlanStore:
    """The real January plan moved to February, with the February SPPC registers entered."""
    fixture_store.start_period(FEB)
    refs = {d.ref: d.id for d in fixture_store.deliverables()}
    for item in peel_2022_items():
        links = (refs["0.1"], refs["0.4"]) if item.ref == "1" else ()
        fixture_store.findings.add(replace(item, deliverable_ids=links))
    findings = {i.ref: i.id for i in fixture_store.findings.items()}
    for action in outstanding_references():
        added = fixture_store.actions.add(action)
        if action.number == "8/2023/P":
            fixture_store.actions.update(
                added.id, deliverable_ids=(refs["0.1"],), finding_ids=(findings["1"],)
            )
    return fixture_store


def test_the_february_sppc_registers_entered_and_read_back(february: PlanStore) -> None:
    items = february.findings.items()
    assert [i.ref for i in items] == [str(n) for n in range(1, 13)]
    first = items[0]
    assert first.area == "Preventing crime and anti-social behaviour"
    assert first.progress.startswith("The Neighbourhood Policing & Engagement Strategy (NHP)")
    refs = {d.id: d.ref for d in february.deliverables()}
    assert sorted(refs[i] for i in first.deliverable_ids) == ["0.1", "0.4"]
    actions = february.actions.items()
    assert [(a.number, a.status) for a in actions] == [
        ("7/2023/P", ActionStatus.IN_PROGRESS),
        ("8/2023/P", ActionStatus.COMPLETE),
        ("10/2023/P", ActionStatus.COMPLETE),
    ]
    assert actions[0].update == "target date set for April/May."
    assert actions[1].finding_ids == (first.id,)


def test_every_register_edit_is_in_the_history(february: PlanStore) -> None:
    item = february.findings.items()[0]
    before = len(february.changes(item.id))
    february.findings.update(item.id, rag=Rag.GREEN, status=FindingStatus.AWAITING_SIGN_OFF)
    records = february.changes(item.id)[before:]
    assert {(r.field, r.old, r.new) for r in records} == {
        ("rag", "NOT RATED", "GREEN"),
        ("status", "Open", "Closed – awaiting inspectorate sign-off"),
    }
    assert all(r.entity == "finding" and r.period == FEB.key for r in records)
    removed = february.findings.delete(item.id)
    assert february.changes(item.id)[-1].field == "deleted"
    february.findings.restore(removed)
    assert february.findings.item(item.id).rag is Rag.GREEN


def test_due_date_re_sets_are_kept_and_recorded(february: PlanStore) -> None:
    victim = february.actions.items()[0]
    february.actions.update(victim.id, due_text="April 2024")
    moved = february.actions.update(victim.id, due_text="May 2024")
    assert moved.due_dates == ("April 2024", "May 2024")
    assert [r.new for r in february.changes(victim.id) if r.field == "due_text"] == [
        "April 2024",
        "May 2024",
    ]


def test_a_new_period_carries_the_registers_forward_and_keeps_the_old_one(
    february: PlanStore,
) -> None:
    february.start_period(MAR)
    march = february.findings.items()
    assert [i.progress for i in march] == [i.progress for i in february.findings.items(FEB)]
    assert all(i.updated_at is None for i in march)
    february.findings.update(march[0].id, progress="March: board met twice.")
    assert february.findings.item(march[0].id, FEB).progress.startswith("The Neighbourhood")
    with pytest.raises(PeriodClosedError):
        february.actions.update(february.actions.items(FEB)[0].id, FEB, update="late")


def test_refusals_say_what_and_change_nothing(february: PlanStore) -> None:
    first = february.findings.items()[0]
    with pytest.raises(ValidationError, match="already has AFI 1 \\(PEEL 2022\\)"):
        february.findings.add(peel_2022_items()[0])
    with pytest.raises(ValidationError, match="needs its text"):
        february.findings.update(first.id, text="  ")
    before = len(february.changes())
    doubled = [*outstanding_references(), outstanding_references()[0]]
    with pytest.raises(ValidationError, match="gives Action 7/2023/P twice"):
        february.actions.import_items(doubled)
    assert len(february.changes()) == before


def test_import_updates_by_key_keeps_ids_links_and_re_sets_dates(february: PlanStore) -> None:
    stored = {a.number: a for a in february.actions.items()}
    incoming = [
        replace(a, update="Draft circulated.", due_text="May 2024") if a.number == "7/2023/P" else a
        for a in outstanding_references()
    ]
    preview = february.actions.import_items(incoming, dry_run=True)
    assert [(a.number, fields) for a, fields in preview.changed] == [
        ("7/2023/P", ("update", "due_text"))
    ]
    assert february.actions.items()[0].update == "target date set for April/May."
    result = february.actions.import_items(incoming)
    assert len(result.unchanged) == 2 and not result.added
    after = {a.number: a for a in february.actions.items()}
    assert after["7/2023/P"].id == stored["7/2023/P"].id
    assert after["8/2023/P"].finding_ids == stored["8/2023/P"].finding_ids
    february.actions.import_items([replace(incoming[0], due_text="June 2024")])
    assert february.actions.items()[0].due_dates == ("May 2024", "June 2024")


def test_a_file_written_by_the_current_release_gains_the_registers_untouched(
    tmp_path: Path,
) -> None:
    path, without = tmp_path / "release.nhp", tmp_path / "release-m006.nhp"
    shutil.copy(RELEASE_FILE, path)
    shutil.copy(RELEASE_FILE, without)
    names = (
        "plan",
        "periods",
        "objectives",
        "deliverables",
        "changes",
        "cover",
        "period_covers",
        "measures",
    )

    def tables(file: Path, columns: dict[str, str] | None = None) -> dict[str, list[Any]]:
        with closing(sqlite3.connect(file)) as conn:
            return {
                name: conn.execute(
                    f"select {(columns or {}).get(name, '*')} from {name} order by 1, 2"
                ).fetchall()
                for name in names
            }

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        written = {
            name: ", ".join(f'"{c[1]}"' for c in conn.execute(f"PRAGMA table_info({name})"))
            for name in names
        }
    before = tables(path)
    assert len(before["deliverables"]) == 110
    # What the migrations before the registers' (issue 18's m006) make of the file.
    db = Database(without)
    migrations().apply(db, stop_before="m007_registers")
    db.close()
    upgraded = tables(without)
    with PlanStore.open(path, user="tester") as store:
        assert store.findings.items() == [] and store.actions.items() == []
        deliverables = store.deliverables()
    # The registers' migration touches no existing row or column...
    assert tables(path) == upgraded
    # ...and the data this release wrote is all there, as m006 leaves it: every column but
    # deliverables' "updated" (m006 derives it from the history, moving some by a moment).
    kept = {**written, "deliverables": written["deliverables"].replace(', "updated_at"', "")}
    assert tables(path, kept) == tables(RELEASE_FILE, kept)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    with PlanStore.open(path, user="tester") as store:
        store.findings.add(peel_2022_items()[0])
        assert store.deliverables() == deliverables
        assert len(store.findings.items()) == 1


def test_a_merge_of_two_copies_that_both_edited_an_action_status_shows_the_conflict(
    tmp_path: Path,
) -> None:
    master = tmp_path / "master.nhp"
    with PlanStore.create(master, Plan(title="NHP"), period=FEB, user="owner") as owner:
        victim = owner.actions.add(outstanding_references()[0])
        hate = owner.actions.add(outstanding_references()[2])
        lead_path = owner.make_copy(tmp_path / "lead.nhp")
    with PlanStore.open(lead_path, user="pa-director") as lead:
        lead.actions.update(victim.id, status=ActionStatus.NOT_STARTED)
        lead.actions.update(hate.id, owner="Head of Business Information")
    with PlanStore.open(master, user="owner") as owner:
        # Every copy shows the later of two conflicting writes until the owner chooses
        # (issue 18): here the owner's, written after the lead's.
        owner.actions.update(victim.id, status=ActionStatus.COMPLETE, update="Strategy agreed.")
        result = owner.merge_from(lead_path)
        conflicts = owner.conflicts()
        assert [(c.entity, c.field, c.mine, c.theirs) for c in conflicts] == [
            ("action", "status", "Complete", "Not started")
        ]
        assert conflicts[0].label == "Committee action 7/2023/P (February 2024)"
        assert owner.actions.item(victim.id).status is ActionStatus.COMPLETE
        assert owner.actions.item(hate.id).owner == "Head of Business Information"
        assert "1 conflict to resolve" in result.describe(applied=True)
        owner.resolve_conflict(conflicts[0].id, take="theirs")
        assert owner.actions.item(victim.id).status is ActionStatus.NOT_STARTED


def test_a_merge_brings_in_items_the_other_copy_added(tmp_path: Path) -> None:
    master = tmp_path / "master.nhp"
    with PlanStore.create(master, Plan(title="NHP"), period=FEB, user="owner") as owner:
        lead_path = owner.make_copy(tmp_path / "lead.nhp")
    with PlanStore.open(lead_path, user="lead") as lead:
        for item in peel_2022_items()[:3]:
            lead.findings.add(item)
        lead.start_period(MAR)
        lead.findings.update(lead.findings.items()[0].id, progress="March update.")
    with PlanStore.open(master, user="owner") as owner:
        owner.merge_from(lead_path)
        assert [i.ref for i in owner.findings.items(FEB)] == ["1", "2", "3"]
        assert owner.findings.items(MAR)[0].progress == "March update."
        assert owner.conflicts() == []
