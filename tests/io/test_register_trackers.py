"""Register trackers in and out: the inspectorate tracker and the outstanding references table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from nhp_planner.io.plan_json import dump_store, new_plan_from_document
from nhp_planner.io.registers.register_set import apply_registers
from nhp_planner.io.registers.tracker_export import export_register
from nhp_planner.io.registers.trackers import read_register_tracker
from nhp_planner.model.actions import ActionStatus
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.findings import FindingKind, FindingScope, FindingStatus
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from tests.registers.sppc_2024_02 import (
    OUTSTANDING_REFERENCES,
    PEEL_2022,
    outstanding_references,
    peel_2022_items,
)

AGENDA_HEADER = ("No.", "Meeting Date & Reference", "Action", "Owner", "Status")


def _workbook(path: Path, rows: list[tuple[object, ...]], title: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def _agenda_table(path: Path) -> Path:
    """The outstanding references as the agenda pack lays them out, titles above the table."""
    return _workbook(
        path,
        [
            ("Strategic Planning and Performance Committee",),
            (),
            ("OUTSTANDING REFERENCES",),
            AGENDA_HEADER,
            *OUTSTANDING_REFERENCES,
        ],
        "Outstanding refs",
    )


def _inspectorate_tracker(path: Path) -> Path:
    """A force's HMICFRS tracker: a title, the eight columns, a blank row, words as people type."""
    rows: list[tuple[object, ...]] = [
        ("HMICFRS recommendations and AFIs tracker", None, None, None, None, None, None, None),
        ("Report", "Ref", "Recommendation/AFI", "Type", "Lead", "Status", "Update", "Target date"),
    ]
    for number, (_area, kind, text, update) in enumerate(PEEL_2022, start=1):
        kind_text = "Regional Recommendation" if kind is FindingKind.RECOMMENDATION else "AFI"
        rows.append(
            (
                "PEEL 2022",
                number,
                text,
                kind_text,
                "Brett McKenna",
                "In progress",
                update,
                "Sept 2024",
            )
        )
        if number == 4:
            rows.append(())
    return _workbook(path, rows, "PEEL tracker")


def test_the_agenda_packs_outstanding_references_table_reads_as_written(tmp_path: Path) -> None:
    reading = read_register_tracker(_agenda_table(tmp_path / "refs.xlsx"))
    actions = reading.registers.actions
    assert reading.where == "sheet 'Outstanding refs'"
    assert [(a.number, a.status, a.owner) for a in actions] == [
        ("7/2023/P", ActionStatus.IN_PROGRESS, "PA Director"),
        ("8/2023/P", ActionStatus.COMPLETE, "Commissioner"),
        ("10/2023/P", ActionStatus.COMPLETE, None),
    ]
    assert actions[0].update == "target date set for April/May."
    assert actions[0].meeting == "5 September Item 5- Policing Plan Performance Q1"
    assert actions == tuple(
        replace(a, id=b.id) for a, b in zip(outstanding_references(), actions, strict=True)
    )


def test_the_table_pasted_as_text_reads_the_same(tmp_path: Path) -> None:
    text = "OUTSTANDING REFERENCES\n\n" + "\n".join(
        "\t".join(row) for row in (AGENDA_HEADER, *OUTSTANDING_REFERENCES)
    )
    path = tmp_path / "refs.txt"
    path.write_text(text, encoding="utf-8")
    excel = read_register_tracker(_agenda_table(tmp_path / "refs.xlsx")).registers.actions
    pasted = read_register_tracker(path).registers.actions
    assert [a.to_fields() for a in pasted] == [a.to_fields() for a in excel]


def test_the_table_saved_as_unicode_text_reads_the_same(tmp_path: Path) -> None:
    # Excel's "Save as Unicode Text": UTF-16 with its byte-order mark, tab separated, CRLF;
    # people then name it .csv, or keep Excel's .txt.
    text = "OUTSTANDING REFERENCES\r\n\r\n" + "\r\n".join(
        "\t".join(row) for row in (AGENDA_HEADER, *OUTSTANDING_REFERENCES)
    )
    excel = read_register_tracker(_agenda_table(tmp_path / "refs.xlsx")).registers.actions
    for name, encoding in (("refs.csv", "utf-16"), ("refs.txt", "utf-16-be")):
        path = tmp_path / name
        path.write_bytes(("\ufeff" + text).encode(encoding))
        saved = read_register_tracker(path).registers.actions
        assert [a.to_fields() for a in saved] == [a.to_fields() for a in excel], name


def test_an_inspectorate_tracker_previews_then_applies_all_at_once(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    reading = read_register_tracker(_inspectorate_tracker(tmp_path / "peel.xlsx"))
    items = reading.registers.findings
    assert len(items) == 12 and reading.mapping["text"] == "Recommendation/AFI"
    assert items[7].kind is FindingKind.RECOMMENDATION and items[7].scope is FindingScope.REGIONAL
    assert items[0].status is FindingStatus.OPEN and items[0].target_text == "Sept 2024"
    before = dump_store(fixture_store)
    preview = apply_registers(fixture_store, reading.registers, dry_run=True)
    assert len(preview.findings.added) == 12
    assert dump_store(fixture_store) == before
    applied = apply_registers(fixture_store, reading.registers)
    assert applied.describe() == (
        "Inspectorate items: 12 new, 0 changed, 0 unchanged; "
        "committee actions: 0 new, 0 changed, 0 unchanged."
    )
    again = apply_registers(fixture_store, read_register_tracker(tmp_path / "peel.xlsx").registers)
    assert len(again.findings.unchanged) == 12


def test_both_registers_round_trip_through_their_trackers(
    tmp_path: Path, fixture_store: PlanStore, fixture_document
) -> None:
    refs = {d.ref: d.id for d in fixture_store.deliverables()}
    for item in peel_2022_items():
        links = (refs["0.1"], refs["0.4"]) if item.ref == "1" else ()
        rag = Rag.GREEN if item.ref == "5" else Rag.AMBER
        fixture_store.findings.add(replace(item, deliverable_ids=links, rag=rag))
    afi_1 = fixture_store.findings.items()[0]
    for action in outstanding_references():
        fixture_store.actions.add(
            replace(action, deliverable_ids=(refs["1.2"],), finding_ids=(afi_1.id,))
        )
    victim = fixture_store.actions.items()[0]
    fixture_store.actions.update(victim.id, due_text="end of 2023")
    fixture_store.actions.update(victim.id, due_text="April/May 2024")
    fixture_store.findings.update(afi_1.id, text="=SUM(A1:A9) is text, not a formula")
    export_register(fixture_store, "findings", tmp_path / "findings.xlsx")
    export_register(fixture_store, "actions", tmp_path / "actions.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "findings.xlsx").active["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=SUM")

    with new_plan_from_document(None, fixture_document) as other:
        for name in ("findings.xlsx", "actions.xlsx"):
            apply_registers(other, read_register_tracker(tmp_path / name).registers)

        def content(store: PlanStore) -> list[dict[str, str | None]]:
            return [
                {**i.to_fields(), "deliverables": None, "findings": None}
                for i in [*store.findings.items(), *store.actions.items()]
            ]

        def links(store: PlanStore) -> list[list[str]]:
            by_id = {d.id: d.ref for d in store.deliverables()}
            labels = {i.id: i.label for i in store.findings.items()}
            return [sorted(by_id[i] for i in x.deliverable_ids) for x in store.findings.items()] + [
                sorted(labels[i] for i in a.finding_ids) for a in store.actions.items()
            ]

        assert content(other) == content(fixture_store)
        assert links(other) == links(fixture_store)
        assert other.actions.items()[0].due_dates == ("end of 2023", "April/May 2024")


def test_a_row_that_cannot_be_read_refuses_the_file_saying_where(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    rows = [AGENDA_HEADER, *OUTSTANDING_REFERENCES]
    rows[2] = (*rows[2][:4], "Awaiting the strategy")
    path = _workbook(tmp_path / "bad.xlsx", rows, "Refs")
    with pytest.raises(ImportFormatError) as refused:
        read_register_tracker(path)
    assert str(refused.value) == (
        f"{path}: sheet 'Refs', row 3, column E (Status): 'Awaiting the strategy' does not start "
        "with a status (In progress, Complete...)."
    )


def test_a_link_to_a_deliverable_the_plan_lacks_changes_nothing(
    tmp_path: Path, fixture_store: PlanStore
) -> None:
    path = _workbook(
        tmp_path / "linked.xlsx",
        [
            ("Report", "Ref", "Recommendation / AFI", "Deliverables"),
            ("PEEL 2022", "1", PEEL_2022[0][2], "0.1, 0.4"),
            ("PEEL 2022", "2", PEEL_2022[1][2], "0.1, 12.7"),
        ],
    )
    before = dump_store(fixture_store)
    with pytest.raises(
        ImportFormatError, match=r"row 3 \(Deliverables\): the plan has no deliverable 12.7"
    ):
        apply_registers(fixture_store, read_register_tracker(path).registers, source=str(path))
    assert dump_store(fixture_store) == before


def test_files_that_are_not_register_trackers_are_refused(tmp_path: Path) -> None:
    fake = tmp_path / "notes.xlsx"
    fake.write_text("just some notes", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"notes\.xlsx"):
        read_register_tracker(fake)
    other = _workbook(
        tmp_path / "other.xlsx", [("Ref", "Deliverable", "RAG"), ("1.1", "x", "Green")]
    )
    with pytest.raises(ImportFormatError, match="has no header row of an inspectorate tracker"):
        read_register_tracker(other)
