"""Plan JSON, the interchange format: the fixture's schema in, the same schema out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nhp_planner.io.plan_json import (
    dump_store,
    import_document,
    new_plan_from_document,
    parse_plan_json,
    read_plan_json,
)
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.sample import sample_document
from tests.fixture_files import FIXTURE_JSON

FIELDS = ("ref", "objective", "commitment", "summary_position", "rag", "date_text")


def _fixture() -> dict:
    return json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))


def test_fixture_round_trips_every_field(fixture_store: PlanStore) -> None:
    original = _fixture()
    dumped = json.loads(dump_store(fixture_store))
    assert [{k: d[k] for k in FIELDS} for d in dumped["deliverables"]] == original["deliverables"]
    assert [{k: o[k] for k in ("number", "title")} for o in dumped["objectives"]] == original[
        "objectives"
    ]
    assert {k: dumped["plan"][k] for k in original["plan"]} == original["plan"]


def test_dump_adds_fields_never_renames(fixture_store: PlanStore) -> None:
    deliverable = json.loads(dump_store(fixture_store))["deliverables"][3]
    assert set(FIELDS) < set(deliverable)
    assert deliverable["date"] == {"kind": "complete", "due": None, "review": "2025-12-31"}
    assert deliverable["lead"] is None


def test_dump_reimports_identically(fixture_store: PlanStore, tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(dump_store(fixture_store, history=True), encoding="utf-8")
    with new_plan_from_document(tmp_path / "copy.nhp", read_plan_json(path)) as copy:
        assert dump_store(copy) == dump_store(fixture_store)


def test_sample_history_round_trips(tmp_path: Path) -> None:
    with new_plan_from_document(None, sample_document()) as store:
        text = dump_store(store, history=True)
        path = tmp_path / "sample.json"
        path.write_text(text, encoding="utf-8")
        with new_plan_from_document(None, read_plan_json(path)) as copy:
            assert copy.periods() == store.periods()
            for period in store.periods():
                assert dump_store(copy, period) == dump_store(store, period)


def test_reimport_changes_nothing(fixture_store: PlanStore, fixture_document) -> None:
    before = len(fixture_store.changes())
    diff = import_document(fixture_store, fixture_document)
    assert diff.is_empty and len(diff.unchanged) == 55
    assert len(fixture_store.changes()) == before


def test_import_without_lead_keeps_leads(fixture_store: PlanStore, fixture_document) -> None:
    first = fixture_store.deliverables()[0]
    fixture_store.update_deliverable(first.id, lead="Insp. Shah")
    import_document(fixture_store, fixture_document)  # the fixture JSON has no "lead" field
    assert fixture_store.deliverable(first.id).lead == "Insp. Shah"


def test_import_reports_changes_field_by_field(fixture_store: PlanStore) -> None:
    data = _fixture()
    data["deliverables"][0]["rag"] = "red"
    data["deliverables"][0]["date_text"] = "TBC"
    data["deliverables"].append(
        {
            "ref": "4.16",
            "objective": 4,
            "commitment": "New",
            "summary_position": "",
            "rag": None,
            "date_text": "",
        }
    )
    diff = import_document(fixture_store, parse_plan_json(data))
    assert [d.ref for d in diff.new] == ["4.16"]
    (change,) = diff.changed
    assert {(c.field, c.old, c.new) for c in change.changes} == {
        ("rag", "GREEN", "RED"),
        ("date_text", "26/01/2024", "TBC"),
    }
    assert fixture_store.deliverable(change.existing.id).rag is Rag.RED


def test_import_into_later_period_starts_it(fixture_store: PlanStore) -> None:
    data = _fixture()
    data["plan"]["period"] = "2024-02"
    data["deliverables"][0]["rag"] = "AMBER"
    january = dump_store(fixture_store)
    import_document(fixture_store, parse_plan_json(data))
    assert fixture_store.current_period == ReportingPeriod(2024, 2)
    assert dump_store(fixture_store, ReportingPeriod(2024, 1)) == january
    assert fixture_store.deliverables()[0].rag is Rag.AMBER


def _with(change) -> dict:
    data = _fixture()
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must hold a JSON object"),
        ({"deliverables": []}, "plan: missing, or not an object"),
        ({"plan": {}, "deliverables": []}, "plan.title: missing"),
        (
            _with(lambda d: d["plan"].update(period="Jan 2024")),
            "plan.period: 'Jan 2024' is not a reporting period",
        ),
        (_with(lambda d: d.pop("deliverables")), "deliverables: missing, or not a list"),
        (
            _with(lambda d: d["deliverables"][4].update(rag="Blue")),
            r"deliverables\[4\] \(1.1\).rag: 'Blue' is not a RAG rating "
            r"\(GREEN, AMBER, RED or blank\)\.$",
        ),
        (
            _with(lambda d: d["deliverables"][4].update(ref="one")),
            r"deliverables\[4\].ref: 'one' is not a deliverable",
        ),
        (
            _with(lambda d: d["deliverables"][5].update(ref="1.1")),
            r"deliverables\[5\].ref: 1.1 already appears at deliverables\[4\]",
        ),
        (
            _with(lambda d: d["deliverables"][0].update(commitment=["a"])),
            r"deliverables\[0\] \(0.1\).commitment: must be text, not list",
        ),
        (
            _with(lambda d: d["objectives"][1].update(number="one")),
            r"objectives\[1\].number: must be a whole number",
        ),
        (
            _with(lambda d: d["deliverables"][0].update(objective=-1)),
            "objective: must be an objective number",
        ),
        (
            _with(lambda d: d["objectives"][1].pop("number")),
            r"objectives\[1\].number: missing \(it must be a whole number from 0 to 999,999\)\.$",
        ),
    ],
)
def test_bad_json_says_where(data: object, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        parse_plan_json(data, "plan.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"plan": {"title": "x"},\n "deliverables": [}', r"not valid JSON \(line 2, column 19"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
    ],
)
def test_unreadable_json(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=message):
        read_plan_json(path)


def test_failed_import_leaves_no_plan_file(tmp_path: Path) -> None:
    data = _fixture()
    data["deliverables"][1]["objective"] = (
        7  # fine in JSON; store accepts: make the store fail instead
    )
    data["deliverables"][2]["ref"] = "0.1 "  # normalises to 0.1: a duplicate the reader catches
    with pytest.raises(ImportFormatError, match="already appears"):
        new_plan_from_document(tmp_path / "p.nhp", parse_plan_json(data))
    assert list(tmp_path.iterdir()) == []


#: A plan JSON with one deliverable, 1.1, whose other fields follow.
_ONE = '{"plan": {"title": "P"}, "deliverables": [{"ref": "1.1", '


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"plan": {"title": "P"}, "deliverables": [' * 1 + "[" * 100_000 + "]" * 100_000 + "]}",
            "nests lists or objects too deeply",
        ),
        (
            '{"plan": {"title": "P"}, "deliverables": [{"ref": "1.1", "objective": '
            + "9" * 5000
            + "}]}",
            "is not plan JSON",
        ),
        (
            _ONE + '"objective": 99999999999999999999}]}',
            r"deliverables\[0\] \(1.1\).objective: must be an objective number from 0 to 999,999",
        ),
        (
            '{"plan": {"title": "P"}, "objectives": [{"number": -1}], "deliverables": []}',
            r"objectives\[0\].number: must be a whole number from 0 to 999,999, not -1",
        ),
        (
            _ONE + '"commitment": "We will \\ud800 x"}]}',
            r"commitment: holds \\ud800 at character 9, half of a character pair",
        ),
    ],
    ids=["deep", "huge-integer", "too-large-for-sqlite", "negative", "lone-surrogate"],
)
def test_values_json_allows_but_a_plan_cannot_hold_are_one_sentence(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFormatError, match=message) as caught:
        read_plan_json(path)
    assert "\n" not in str(caught.value)


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "plan.json"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    with pytest.raises(ImportFormatError, match="is not an ordinary file"):
        read_plan_json(pipe)
