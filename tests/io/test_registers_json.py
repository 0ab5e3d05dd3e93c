"""The registers in plan JSON: new top-level keys, read back whole, bad values refused."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from nhp_planner.io.plan_json import (
    dump_store,
    import_document,
    new_plan_from_document,
    parse_plan_json,
)
from nhp_planner.model.actions import ActionStatus
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.store import PlanStore
from tests.registers.sppc_2024_02 import outstanding_references, peel_2022_items

FEB, MAR = ReportingPeriod(2024, 2), ReportingPeriod(2024, 3)


def _enter_february(store: PlanStore) -> None:
    refs = {d.ref: d.id for d in store.deliverables()}
    for item in peel_2022_items():
        links = (refs["0.1"], refs["0.4"]) if item.ref == "1" else ()
        store.findings.add(replace(item, deliverable_ids=links))
    afi_1 = store.findings.items()[0].id
    for action in outstanding_references():
        links = (refs["0.1"],) if action.number == "8/2023/P" else ()
        store.actions.add(
            replace(action, deliverable_ids=links, finding_ids=(afi_1,) if links else ())
        )
    victim = store.actions.items()[0]
    store.actions.update(victim.id, due_text="end of 2023")
    store.actions.update(victim.id, due_text="April/May 2024")


def test_dump_carries_the_registers_as_new_keys_the_existing_ones_unchanged(
    fixture_store: PlanStore,
) -> None:
    before = json.loads(dump_store(fixture_store))
    _enter_february(fixture_store)
    after = json.loads(dump_store(fixture_store))
    assert set(after) == set(before) | {"findings", "actions"}
    assert before["findings"] == [] and before["actions"] == []
    assert {k: after[k] for k in before if k not in ("findings", "actions")} == {
        k: before[k] for k in before if k not in ("findings", "actions")
    }
    afi = after["findings"][0]
    assert afi["kind"] == "Area for improvement" and afi["report"] == "PEEL 2022"
    assert sorted(d["ref"] for d in afi["deliverables"]) == ["0.1", "0.4"]
    victim = after["actions"][0]
    assert victim["due_history"] == ["end of 2023"] and victim["due_text"] == "April/May 2024"
    assert after["actions"][1]["findings"][0]["label"] == "AFI 1 (PEEL 2022)"


def test_a_dump_with_history_reads_back_into_a_new_plan_identically(
    fixture_store: PlanStore, tmp_path: Path
) -> None:
    fixture_store.start_period(FEB)
    _enter_february(fixture_store)
    fixture_store.start_period(MAR)
    victim = fixture_store.actions.items()[0]
    fixture_store.actions.update(victim.id, status=ActionStatus.COMPLETE, update="Agreed.")
    text = dump_store(fixture_store, history=True)
    document = parse_plan_json(json.loads(text))
    assert [len(r.findings) for r in document.history_registers] == [0, 12]
    with new_plan_from_document(tmp_path / "copy.nhp", document) as copy:
        assert dump_store(copy, history=True) == text
        assert copy.actions.items(FEB)[0].status is ActionStatus.IN_PROGRESS


def test_links_are_found_by_ref_in_a_plan_with_other_ids(fixture_store: PlanStore) -> None:
    _enter_february(fixture_store)
    data = json.loads(dump_store(fixture_store))
    for entry in [*data["findings"], *data["actions"]]:
        for link in entry["deliverables"]:
            link["id"] = "not-an-id"
    data["findings"][0]["progress"] = "Board met in March."
    document = parse_plan_json(data)
    import_document(fixture_store, document)
    first = fixture_store.findings.items()[0]
    refs = {d.id: d.ref for d in fixture_store.deliverables()}
    assert first.progress == "Board met in March."
    assert sorted(refs[i] for i in first.deliverable_ids) == ["0.1", "0.4"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["findings"][2].update(kind="Commendation"),
            "findings[2] (3).kind: 'Commendation' is not a kind of finding",
        ),
        (
            lambda d: d["actions"][0].update(status="Pending"),
            "actions[0] (7/2023/P).status: 'Pending' is not a status",
        ),
        (
            lambda d: d["actions"][0].update(due_history="April"),
            "actions[0] (7/2023/P).due_history: must be a list",
        ),
        (lambda d: d["findings"][1].pop("text"), "findings[1] (2).text: missing"),
        (lambda d: d.update(actions={"number": 1}), "actions: must be a list"),
    ],
)
def test_bad_register_values_say_where(
    fixture_store: PlanStore, change: object, message: str
) -> None:
    _enter_february(fixture_store)
    data = json.loads(dump_store(fixture_store))
    change(data)  # type: ignore[operator]
    with pytest.raises(
        ImportFormatError,
        match=re.escape("plan JSON: " + message),
    ):
        parse_plan_json(data)


def test_a_link_to_a_deliverable_the_plan_lacks_is_refused_and_nothing_changes(
    fixture_store: PlanStore,
) -> None:
    _enter_february(fixture_store)
    data = json.loads(dump_store(fixture_store))
    data["findings"][0]["deliverables"].append({"ref": "9.9"})
    data["findings"][0]["progress"] = "Changed."
    before = dump_store(fixture_store)
    with pytest.raises(
        ImportFormatError,
        match=r"findings\[0\]\.deliverables\[2\]: the plan has "
        "no deliverable 9.9",
    ):
        import_document(fixture_store, parse_plan_json(data))
    assert dump_store(fixture_store) == before
