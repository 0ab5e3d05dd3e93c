"""Which cells and which sheet count: hidden columns, filtered rows, numbers shown by their
format, refs sorted A to Z, archive sheets, a sheet per objective, SharePoint IDs, formulas."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from nhp_planner.io.importing import SourceReading, read_source
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.rag import Rag
from tests.io.tracker_builders import write_workbook


def rows_of(reading: SourceReading) -> list[tuple[str, int, str, str, Rag]]:
    return [
        (d.ref, d.objective, d.commitment, d.summary_position, d.rag)
        for d in reading.document.snapshot.deliverables
    ]


def messages(reading: SourceReading) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(w.sheet, w.row, w.column, w.message) for w in reading.warnings]


def test_a_hidden_column_is_never_read_in_place_of_a_visible_one(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    # Last year's RAG kept in a hidden column left of this year's, with the same heading.
    sheet.append(["Ref", "Deliverable", "Update", "RAG", "RAG"])
    sheet.append(["1.1", "We will", "words", "Red", "Green"])
    sheet.append(["1.2", "We will too", "more", "Red", "Amber"])
    sheet.column_dimensions["D"].hidden = True
    workbook.save(tmp_path / "t.xlsx")
    reading = read_source(tmp_path / "t.xlsx")
    assert rows_of(reading) == [
        ("1.1", 1, "We will", "words", Rag.GREEN),
        ("1.2", 1, "We will too", "more", Rag.AMBER),
    ]
    assert messages(reading) == [
        ("Plan", 1, "D", "column D 'RAG' is hidden, so it was not read; column E 'RAG' was")
    ]


def test_a_hidden_column_with_no_visible_twin_is_still_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Deliverable", "Update", "RAG"])
    sheet.append(["1.1", "We will", "words", "Green"])
    sheet.column_dimensions["C"].hidden = True
    workbook.save(tmp_path / "t.xlsx")
    assert rows_of(read_source(tmp_path / "t.xlsx")) == [("1.1", 1, "We will", "words", Rag.GREEN)]


def test_rows_hidden_by_a_filter_are_still_deliverables(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Deliverable", "RAG"])
    for n, rag in enumerate(["Green", "Amber", "Green", "Red"], start=1):
        sheet.append([f"1.{n}", f"Item {n}", rag])
    sheet.auto_filter.ref = "A1:C5"
    sheet.auto_filter.add_filter_column(2, ["Green"])
    for row in (3, 5):  # what Excel does to the rows the filter hides
        sheet.row_dimensions[row].hidden = True
    workbook.save(tmp_path / "t.xlsx")
    assert [d.ref for d in read_source(tmp_path / "t.xlsx").document.snapshot.deliverables] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
    ]


def test_references_typed_as_numbers_read_as_their_format_shows(tmp_path: Path) -> None:
    # Sorted A to Z by Excel, as numbers formatted 0.00: 1.10 and 1.1 are both the number 1.1.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Deliverable", "RAG"])
    refs = ["1.01", "1.02", "1.10", "1.11", "1.20", "2.01"]
    for ref in refs:
        sheet.append([float(ref), f"Item {ref}", "G"])
        sheet.cell(sheet.max_row, 1).number_format = "0.00"
    workbook.save(tmp_path / "t.xlsx")
    reading = read_source(tmp_path / "t.xlsx")
    assert [d.ref for d in reading.document.snapshot.deliverables] == refs
    assert reading.warnings == ()


def test_a_tracker_sorted_a_to_z_keeps_every_deliverable(tmp_path: Path) -> None:
    refs = sorted((f"1.{n}" for n in range(1, 13)), key=str)  # 1.1, 1.10, 1.11, 1.12, 1.2 ...
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [("Plan", [["Ref", "Deliverable", "RAG"], *[[r, f"Item {r}", "A"] for r in refs]])],
        )
    )
    # Every one kept, in the plan's order.
    assert [d.ref for d in reading.document.snapshot.deliverables] == [
        f"1.{n}" for n in range(1, 13)
    ]
    assert reading.warnings == ()
    assert {d.ref: d.commitment for d in reading.document.snapshot.deliverables}["1.10"] == (
        "Item 1.10"
    )


def test_a_number_typed_twice_that_cannot_be_told_apart_stops_the_import(tmp_path: Path) -> None:
    # 1.10 typed as a number is 1.1: after 1.2 it cannot be 1.10's place, so the import stops.
    path = write_workbook(
        tmp_path / "t.xlsx",
        [
            (
                "Plan",
                [
                    ["Ref", "Deliverable", "RAG"],
                    [1.1, "First", "G"],
                    [1.2, "Second", "G"],
                    [1.1, "Tenth", "G"],
                ],
            )
        ],
    )
    with pytest.raises(ImportFormatError) as raised:
        read_source(path)
    assert str(raised.value) == (
        f"{path}: sheet 'Plan', rows 2 and 4 both have the reference 1.1 ('First' and "
        "'Tenth'), and which is which cannot be told; give each deliverable its own "
        "reference, then import again."
    )


PLAN = [["Ref", "Deliverable", "RAG"], ["1.1", "We will", "G"], ["1.2", "We will too", "A"]]
OLD = [["Ref", "Deliverable", "RAG"], ["1.1", "We said", "R"], ["1.2", "We said too", "R"],
       ["1.3", "And more", "R"]]  # fmt: skip


@pytest.mark.parametrize("archive", ["Closed", "Archive 2023", "Old plan", "Template", "Copy"])
def test_the_live_plan_beats_an_archive_template_or_copy(tmp_path: Path, archive: str) -> None:
    path = write_workbook(tmp_path / "t.xlsx", [(archive, OLD), ("Actions", PLAN)])
    reading = read_source(path)
    assert rows_of(reading) == [
        ("1.1", 1, "We will", "", Rag.GREEN),
        ("1.2", 1, "We will too", "", Rag.AMBER),
    ]
    assert messages(reading) == [
        (
            archive,
            1,
            None,
            "this sheet also holds a table of deliverables; only sheet 'Actions' was imported, "
            f"because its name reads as the plan and '{archive}' as an archive, a template or "
            "a copy (choose another with --sheet)",
        )
    ]
    assert reading.read_from is not None
    assert reading.read_from.sheets == ("Actions",)
    assert reading.read_from.tables == (archive, "Actions")


def test_the_sheet_the_person_chose_is_read(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "t.xlsx", [("Closed", OLD), ("Actions", PLAN)])
    reading = read_source(path, sheet="Closed")
    assert [d.commitment for d in reading.document.snapshot.deliverables] == [
        "We said",
        "We said too",
        "And more",
    ]
    assert reading.warnings == ()
    with pytest.raises(ImportFormatError) as raised:
        read_source(path, sheet="Plan 2025")
    assert str(raised.value) == (
        f"{path}: sheet 'Plan 2025' is not a sheet of this workbook (sheets: 'Closed', 'Actions')."
    )


def test_a_plan_kept_one_sheet_per_objective_imports_whole(tmp_path: Path) -> None:
    def objective(number: int, rags: list[str]) -> list[list[object]]:
        return [
            ["Ref", "Deliverable", "Lead", "RAG"],
            *[
                [f"{number}.{n}", f"Deliverable {number}.{n}", "Insp Ray", r]
                for n, r in enumerate(rags, start=1)
            ],
        ]

    path = write_workbook(
        tmp_path / "Harrowdale NHP.xlsx",
        [
            ("1. Prevent crime", objective(1, ["G", "A"])),
            ("Obj 2 - Protect the vulnerable", objective(2, ["R"])),
            ("Engage communities", objective(3, ["G", "G", "A"])),
        ],
    )
    reading = read_source(path)
    snapshot = reading.document.snapshot
    assert [(d.ref, d.objective, d.rag) for d in snapshot.deliverables] == [
        ("1.1", 1, Rag.GREEN),
        ("1.2", 1, Rag.AMBER),
        ("2.1", 2, Rag.RED),
        ("3.1", 3, Rag.GREEN),
        ("3.2", 3, Rag.GREEN),
        ("3.3", 3, Rag.AMBER),
    ]
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Prevent crime"),
        (2, "Protect the vulnerable"),
        (3, "Engage communities"),
    ]
    assert snapshot.plan.title == "Harrowdale NHP"
    assert reading.warnings == ()
    assert reading.read_from is not None and len(reading.read_from.sheets) == 3


def test_a_column_of_references_beats_a_sharepoint_id(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "export.xlsx",
            [
                (
                    "owssvr",
                    [
                        ["ID", "Title", "Reference", "Status", "Modified"],
                        [41, "We will publish", "1.1", "Green", "03/04/2024"],
                        [42, "We will train", "1.2", "Amber", "03/04/2024"],
                        [57, "We will visit", "2.1", "Red", "04/04/2024"],
                    ],
                )
            ],
        )
    )
    assert [(d.ref, d.commitment, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "We will publish", Rag.GREEN),
        ("1.2", "We will train", Rag.AMBER),
        ("2.1", "We will visit", Rag.RED),
    ]
    assert dict(reading.mapping)["ID"] == "not imported"


def test_formulas_with_no_saved_results_are_named_once(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Ref", "Deliverable", "Score", "RAG"])
    for row, score in enumerate([3, 2, 1], start=2):
        sheet.append([f"1.{row - 1}", "We will", score])
        sheet.cell(row, 4, f'=IF(C{row}=3,"Green",IF(C{row}=2,"Amber","Red"))')
    workbook.save(tmp_path / "scripted.xlsx")  # openpyxl saves no results
    reading = read_source(tmp_path / "scripted.xlsx")
    assert messages(reading) == [
        (
            "Plan",
            2,
            "D",
            "'RAG' holds 3 formulas with no saved result (rows 2–4), so they read as empty: "
            "the workbook was written by a program that does not calculate; open it in Excel "
            "or LibreOffice, save it, and import it again",
        )
    ]


def test_a_csv_cells_line_breaks_come_back_as_they_went(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(
        b'Ref,Deliverable,Summary position,RAG\r\n1.1,We will,"First line\r\nSecond line",G\r\n'
    )
    reading = read_source(path)
    assert rows_of(reading) == [("1.1", 1, "We will", "First line\nSecond line", Rag.GREEN)]


def test_a_csv_with_a_reference_twice_stops_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Ref,Deliverable,RAG\n1.1,We will,G\n1.1,We will again,A\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as raised:
        read_source(path)
    assert str(raised.value).startswith(f"{path}: rows 2 and 3 both have the reference 1.1 (")


def test_prefixed_references_beat_a_sharepoint_id_and_notes_are_the_update(
    tmp_path: Path,
) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "export.xlsx",
            [
                (
                    "owssvr",
                    [
                        ["ID", "Title", "Ref No", "Progress Notes", "Who", "RAG"],
                        [12, "We will publish", "NHP-1.1", "Published", "Insp Cole", "G"],
                        [19, "We will visit", "NHP-2.1", "Started", "Sgt Dunn", "A"],
                    ],
                )
            ],
        )
    )
    assert [
        (d.ref, d.commitment, d.summary_position, d.lead)
        for d in reading.document.snapshot.deliverables
    ] == [
        ("1.1", "We will publish", "Published", "Insp Cole"),
        ("2.1", "We will visit", "Started", "Sgt Dunn"),
    ]


def test_a_sheet_per_theme_titles_its_objective_without_the_number(tmp_path: Path) -> None:
    rows = [["THEME TITLE ROW"], [], ["Ref", "Action", "RAG"]]
    path = write_workbook(
        tmp_path / "council.xlsx",
        [
            ("Theme 1 - Safer streets", [*rows, ["1.1", "We will", "G"]]),
            ("Theme 2 - Safer homes", [*rows, ["2.1", "We will", "R"]]),
        ],
    )
    snapshot = read_source(path).document.snapshot
    assert [(o.number, o.title) for o in snapshot.objectives] == [
        (1, "Safer streets"),
        (2, "Safer homes"),
    ]
    assert snapshot.plan.title == "council"  # never one sheet's title line


def test_one_formula_with_no_saved_result_is_named_in_the_singular(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Ref", "Deliverable", "Score", "RAG"])
    sheet.append(["1.1", "We will", 3, '=IF(C2=3,"Green","Red")'])
    sheet.append(["1.2", "We will", 2, "Amber"])
    workbook.save(tmp_path / "scripted.xlsx")  # openpyxl saves no results
    [(_, row, _, text)] = messages(read_source(tmp_path / "scripted.xlsx"))
    assert row == 2
    assert text.startswith(
        "'RAG' holds 1 formula with no saved result (row 2), so it reads as empty: "
    )
