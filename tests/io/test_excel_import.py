"""The Excel import: the real tracker, trackers kept by hand, and what a re-import changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet._reader import WorkSheetParser

from nhp_planner.io.importing import (
    SourceReading,
    apply_import,
    describe_preview,
    import_into_new_plan,
    preview_import,
    read_source,
)
from nhp_planner.io.plan_json import dump_store, new_plan_from_document, snapshot_to_json
from nhp_planner.io.tracker.candidates import SCAN_ROWS
from nhp_planner.model.entities import Deliverable
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag, RagKey
from nhp_planner.model.store import PlanStore
from nhp_planner.model.store.edits import PlanEdits
from tests.fixture_files import FIXTURE_JSON, FIXTURE_XLSX
from tests.io.tracker_builders import (
    AMBER_FILL,
    BLUE_OBJECTIVE,
    GREEN_FILL,
    GREY_HEADER,
    RED_FILL,
    Cell,
    messy_tracker,
    with_duplicate_ref,
    with_shared_strings,
    write_workbook,
)

FIELDS = ("ref", "objective", "commitment", "summary_position", "rag", "date_text")
HEADER = ["Ref", "Deliverable", "Lead", "Update", "RAG", "Date"]


def deliverable_json(reading: SourceReading) -> list[dict[str, Any]]:
    data = snapshot_to_json(reading.document.snapshot)
    return [{k: d[k] for k in FIELDS} for d in data["deliverables"]]


def by_ref(reading: SourceReading) -> dict[str, Deliverable]:
    return {d.ref: d for d in reading.document.snapshot.deliverables}


def messages(reading: SourceReading) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(w.sheet, w.row, w.column, w.message) for w in reading.warnings]


def one_sheet(tmp_path: Path, rows: list[list[object]], name: str = "Plan") -> SourceReading:
    return read_source(write_workbook(tmp_path / "tracker.xlsx", [(name, rows)]))


# ------------------------------------------------------------------ the real tracker


def test_the_real_tracker_imports_to_exactly_the_fixture_json() -> None:
    reading = read_source(FIXTURE_XLSX)
    expected = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    snapshot = reading.document.snapshot

    assert deliverable_json(reading) == expected["deliverables"]
    assert len(snapshot.deliverables) == 55
    assert [{"number": o.number, "title": o.title} for o in snapshot.objectives] == expected[
        "objectives"
    ]
    assert snapshot.plan.title == expected["plan"]["title"]
    assert snapshot.plan.rag_key.to_json() == expected["plan"]["rag_key"]
    assert snapshot.period == ReportingPeriod(2024, 1)
    assert reading.document.fields == frozenset(FIELDS)
    assert reading.mapping == (
        ("Ref", "ref"),
        ("Deliverable", "commitment"),
        ("Summary position (January 2024)", "summary_position"),
        ("Progress", "rag"),
        ("Date", "date_text"),
    )
    assert reading.warnings == ()


def test_the_real_tracker_saved_by_excel_with_shared_strings_reads_the_same(
    tmp_path: Path,
) -> None:
    excel_style = with_shared_strings(FIXTURE_XLSX, tmp_path / "shared.xlsx")
    assert deliverable_json(read_source(excel_style)) == deliverable_json(read_source(FIXTURE_XLSX))


def test_the_real_tracker_into_a_new_plan_file_dumps_as_the_fixture(tmp_path: Path) -> None:
    reading = read_source(FIXTURE_XLSX)
    with import_into_new_plan(tmp_path / "plan.nhp", reading) as store:
        dumped = json.loads(dump_store(store))
    expected = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    assert [{k: d[k] for k in FIELDS} for d in dumped["deliverables"]] == expected["deliverables"]
    assert dumped["plan"]["period"] == "2024-01"


# ------------------------------------------------------------ a tracker kept by hand


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> SourceReading:
    return read_source(messy_tracker(tmp_path_factory.mktemp("messy") / "tracker.xlsx"))


def test_a_hand_kept_tracker_is_found_behind_cover_and_notes_sheets(messy: SourceReading) -> None:
    snapshot = messy.document.snapshot
    # The protective marking above the title is not the title.
    assert snapshot.plan.title == "Harrowdale NHP Strategy – Delivery Plan 2024/25"
    # "March 2024" heads the merged columns over "Latest update" and "RAG status".
    assert snapshot.period == ReportingPeriod(2024, 3)
    assert messy.mapping == (
        ("No.", "ref"),
        ("Action / Deliverable", "commitment"),
        ("Owner", "lead"),
        ("March 2024 Latest update", "summary_position"),
        ("RAG status", "rag"),
        ("Target date", "date_text"),
    )
    # The RAG key below the table gives the plan its wording and is not a deliverable.
    assert snapshot.plan.rag_key == RagKey("Complete or on track", "Some slippage", "Off track")
    assert [d.ref for d in snapshot.deliverables] == [
        "0.1",
        "0.2",
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
    ]


def test_objective_rows_title_their_objectives(messy: SourceReading) -> None:
    titles = {o.number: o.title for o in messy.document.snapshot.objectives}
    assert titles == {
        0: "Summary position",  # "SUMMARY POSITION", numbered by the refs below it
        1: "Prevent crime and ASB in our Neighbourhoods",  # mixed case: exactly as typed
        2: None,  # no heading row for objective 2
    }


def test_each_row_of_a_hand_kept_tracker_is_read_as_meant(messy: SourceReading) -> None:
    got = by_ref(messy)
    expected = {
        # RAG as a letter; date as text.
        "0.1": (
            "Publish the strategy",
            "Ch Insp Vale",
            "Published on the intranet",
            Rag.GREEN,
            "Complete",
        ),
        # RAG only as Excel's pale "Good" fill; a date cell read day-first.
        "0.2": (
            "Set up the delivery board",
            "Supt Marsh",
            "Board meets monthly",
            Rag.GREEN,
            "31/03/2024",
        ),
        # A word with spaces; a date (not datetime) cell.
        "1.1": (
            "We will hold ward panels in every ward",
            "Insp Okafor",
            "Panels held in 9 of 12 wards",
            Rag.AMBER,
            "30/06/2024",
        ),
        # Split across a page break: joined with one space; the RAG and date from the second row.
        "1.2": (
            "We will train every PCSO in problem solving (SARA)",
            "Sgt Patel",
            "Course booked for April and May",
            Rag.RED,
            "TBC",
        ),
        # "On track" is GREEN by the tracker's key ("Complete or on track"; said below); no lead.
        "1.3": (
            "We will publish ward profiles",
            None,
            "Draft profiles shared",
            Rag.GREEN,
            "End 2024",
        ),
        # Reference and deliverable in one cell; RAG as an amber fill only.
        "2.1": (
            "We will visit every repeat victim within 48 hours",
            "Insp Okafor",
            "Started",
            Rag.AMBER,
            "Ongoing",
        ),
        # A theme colour (accent 6 of openpyxl's theme is orange).
        "2.2": (
            "We will map hotspots with partners",
            "Analyst",
            "Monthly maps sent",
            Rag.AMBER,
            "30/09/2024",
        ),
        # A grey fill is not a RAG.
        "2.3": ("We will grey this one out", "Analyst", "Paused", Rag.NOT_RATED, "TBC"),
    }
    assert {
        ref: (d.commitment, d.lead, d.summary_position, d.rag, d.date_text)
        for ref, d in got.items()
    } == expected
    assert all(d.objective == int(d.ref.split(".")[0]) for d in got.values())


def test_a_hand_kept_tracker_warns_with_sheet_row_and_column(messy: SourceReading) -> None:
    sheet = "NHP 24-25"
    assert messages(messy) == [
        (
            sheet,
            14,
            "E",
            "'On track' (1 row) was read as GREEN, because the tracker's key says GREEN means "
            "'Complete or on track'",
        ),
        (sheet, 19, "A", "2.4 has a reference but no text, so it was not imported"),
        (
            sheet,
            22,
            "B",
            "looks like a deliverable but has no reference (such as 1.4), so it was not imported",
        ),
    ]


def test_the_preview_of_a_hand_kept_tracker_reads_well(
    messy: SourceReading, fresh_store: PlanStore
) -> None:
    text = describe_preview(preview_import(fresh_store, messy), applied=False)
    assert text.splitlines()[:4] == [
        "Would import tracker.xlsx into March 2024:",
        "  8 deliverables in 3 objectives",
        "    objective 0 'Summary position': 2 GREEN",
        "    objective 1 'Prevent crime and ASB in our Neighbourhoods': 1 GREEN, 1 AMBER, 1 RED",
    ]
    assert "    'RAG status' -> RAG" in text
    assert "  8 new, 0 changed, 0 unchanged" in text
    assert "    sheet 'NHP 24-25', row 19, column A: 2.4 has a reference but no text" in text


def test_a_reference_typed_twice_stops_the_import_naming_both_rows(tmp_path: Path) -> None:
    messy = messy_tracker(tmp_path / "messy.xlsx")
    twice = with_duplicate_ref(messy, tmp_path / "twice.xlsx")
    with pytest.raises(ImportFormatError) as raised:
        read_source(twice)
    assert str(raised.value) == (
        f"{twice}: sheet 'NHP 24-25', rows 17 and 20 both have the reference 2.2 ('We will map "
        "hotspots with partners' and 'A second 2.2 typed by mistake'), and which is which "
        "cannot be told; give each deliverable its own reference, then import again."
    )


# ---------------------------------------------------------------- headers by meaning


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        (
            ["Ref.", "Commitment", "Update", "Status", "Due", "Lead officer"],
            ["ref", "commitment", "summary_position", "rag", "date_text", "lead"],
        ),
        (
            ["No", "Action", "Progress update", "RAG rating", "Timescale", "Owner"],
            ["ref", "commitment", "summary_position", "rag", "date_text", "lead"],
        ),
        (
            # "Progress" is the RAG unless another column is, then it is the update.
            ["Reference", "Deliverables", "Progress", "RAG", "Target date", "Responsible"],
            ["ref", "commitment", "summary_position", "rag", "date_text", "lead"],
        ),
        (
            # Moved about, with columns that are not imported.
            ["Owner", "Date", "Notes", "RAG", "Latest update", "Ref", "Action / Deliverable"],
            ["lead", "date_text", "not imported", "rag", "summary_position", "ref", "commitment"],
        ),
        (
            ["Date of last update", "Key deliverable", "Deliverable ref", "Target", "Comments"],
            ["not imported", "commitment", "ref", "date_text", "summary_position"],
        ),
    ],
)
def test_headings_are_recognised_by_meaning(
    tmp_path: Path, headings: list[str], expected: list[str]
) -> None:
    values = {
        "ref": "1.1",
        "commitment": "We will do it",
        "summary_position": "Done",
        "rag": "G",
        "date_text": "Ongoing",
        "lead": "Insp Bell",
        "not imported": "a note",
    }
    row = [values[field] for field in expected]
    reading = one_sheet(tmp_path, [["Our plan"], [], headings, row])
    assert reading.mapping == tuple(zip(headings, expected, strict=True))
    deliverable = by_ref(reading)["1.1"]
    read = {
        "commitment": deliverable.commitment,
        "summary_position": deliverable.summary_position,
        "rag": "G" if deliverable.rag is Rag.GREEN else deliverable.rag,
        "date_text": deliverable.date_text,
        "lead": deliverable.lead,
    }
    assert {f: read[f] for f in expected if f in read} == {
        f: values[f] for f in expected if f in read
    }


def test_a_deliverable_column_holding_the_numbers_is_the_reference(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            ["Deliverable", "Action", "RAG"],
            ["1.1", "We will publish the plan", "Green"],
            ["1.2", "We will train staff", "Amber"],
        ],
    )
    assert reading.mapping == (("Deliverable", "ref"), ("Action", "commitment"), ("RAG", "rag"))
    assert by_ref(reading)["1.2"].commitment == "We will train staff"


def test_references_typed_into_the_deliverable_text(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            ["Ref", "Deliverable", "RAG", "Date"],
            [None, "1.1 We will publish the plan", "G", "31/03/2024"],
            [None, "1.2. We will train staff", "A", "TBC"],
            [None, "1.10 - We will review it", "R", "End 2024"],
        ],
    )
    assert [(d.ref, d.commitment) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "We will publish the plan"),
        ("1.2", "We will train staff"),
        ("1.10", "We will review it"),
    ]
    assert ("Ref", "ref") not in reading.mapping


def test_a_header_further_down_below_a_long_preamble(tmp_path: Path) -> None:
    preamble: list[list[object]] = [[f"Background paragraph {n}"] for n in range(30)]
    reading = one_sheet(tmp_path, [*preamble, [], HEADER, ["1.1", "We will", None, "", "G", ""]])
    assert reading.document.snapshot.plan.title == "Background paragraph 0"
    assert [d.ref for d in reading.document.snapshot.deliverables] == ["1.1"]


@pytest.mark.parametrize(("rows", "parses"), [(40, 1), (SCAN_ROWS + 20, 2)])
def test_a_sheet_shorter_than_the_scan_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, parses: int
) -> None:
    parse = WorkSheetParser.parse
    counted: list[object] = []

    def counting(self: WorkSheetParser) -> Any:
        counted.append(self)
        return parse(self)

    monkeypatch.setattr(WorkSheetParser, "parse", counting)
    table = [[f"1.{n}", f"We will {n}", None, "", "G", ""] for n in range(1, rows - 1)]
    reading = one_sheet(tmp_path, [HEADER, *table])
    assert len(counted) == parses
    assert len(reading.document.snapshot.deliverables) == rows - 2


# -------------------------------------------------------------------- RAG and dates


@pytest.mark.parametrize(
    ("cell", "rag"),
    [
        ("GREEN", Rag.GREEN),
        ("  amber ", Rag.AMBER),
        ("Red", Rag.RED),
        ("g", Rag.GREEN),
        ("A", Rag.AMBER),
        ("Green - on track", Rag.GREEN),
        ("Not rated", Rag.NOT_RATED),
        (None, Rag.NOT_RATED),
        (Cell(fill=GREEN_FILL), Rag.GREEN),
        (Cell(fill="92D050"), Rag.GREEN),  # Excel's light green
        (Cell(fill="C6EFCE"), Rag.GREEN),  # Excel's "Good" style
        (Cell(fill="375623"), Rag.GREEN),  # dark green
        (Cell(fill=AMBER_FILL), Rag.AMBER),
        (Cell(fill="FFFF00"), Rag.AMBER),  # yellow is how many trackers show amber
        (Cell(fill="FFEB9C"), Rag.AMBER),  # Excel's "Neutral" style
        (Cell(fill="F4B084"), Rag.AMBER),  # light orange
        (Cell(fill=RED_FILL), Rag.RED),
        (Cell(fill="C00000"), Rag.RED),  # dark red
        (Cell(fill="FFC7CE"), Rag.RED),  # Excel's "Bad" style
        (Cell(fill=GREY_HEADER), Rag.NOT_RATED),
        (Cell(fill=BLUE_OBJECTIVE), Rag.NOT_RATED),
        (Cell(fill="DDEBF7"), Rag.NOT_RATED),  # pale blue
        (Cell(fill="FFFFFF"), Rag.NOT_RATED),
        (Cell(theme=(6, 0.0)), Rag.GREEN),  # accent 3 of openpyxl's theme: 9BBB59
        (Cell(theme=(6, 0.6)), Rag.GREEN),  # ... lightened
        (Cell(theme=(5, -0.25)), Rag.RED),  # accent 2 (C0504D), darkened
        (Cell(theme=(0, -0.15)), Rag.NOT_RATED),  # background 1, darkened: a grey
        (Cell("AMBER", fill=AMBER_FILL), Rag.AMBER),
    ],
)
def test_rag_as_a_word_a_letter_or_a_fill(tmp_path: Path, cell: object, rag: Rag) -> None:
    reading = one_sheet(tmp_path, [HEADER, ["1.1", "We will", None, "", cell, ""]])
    assert by_ref(reading)["1.1"].rag is rag
    assert reading.warnings == ()


def test_the_word_wins_over_a_colour_it_disagrees_with_and_says_so(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path, [HEADER, ["1.1", "We will", None, "", Cell("AMBER", fill=GREEN_FILL), ""]]
    )
    assert by_ref(reading)["1.1"].rag is Rag.AMBER
    assert [(w.row, w.column, w.message) for w in reading.warnings] == [
        (
            2,
            "E",
            "1.1: the RAG is written 'AMBER' but its cell is coloured GREEN; AMBER, as written, "
            "was imported: if the colour is right, change the word and import again",
        )
    ]


def test_an_indexed_palette_fill_is_a_rag(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, ["1.1", "We will", None, "", "", ""]]
    path = write_workbook(tmp_path / "t.xlsx", [("Plan", rows)])
    workbook = openpyxl.load_workbook(path)
    workbook["Plan"]["E2"].fill = openpyxl.styles.PatternFill(
        "solid", fgColor=openpyxl.styles.Color(indexed=10)
    )  # palette red
    workbook.save(path)
    assert by_ref(read_source(path))["1.1"].rag is Rag.RED


def test_an_unknown_rag_word_takes_the_cells_colour_and_says_so(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [HEADER, ["1.1", "We will", None, "", Cell("Blue", fill=AMBER_FILL), ""]],
    )
    assert by_ref(reading)["1.1"].rag is Rag.AMBER
    assert messages(reading) == [
        (
            "Plan",
            2,
            "E",
            "1.1: 'Blue' is not a RAG rating (GREEN, AMBER, RED); read as AMBER from the cell's "
            "colour",
        )
    ]


def test_a_rag_written_as_the_plans_own_key_wording(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            ["GREEN", "Complete/established"],
            ["AMBER", "In progress"],
            ["RED", "Deadline missed"],
            HEADER,
            ["1.1", "We will", None, "", "In progress", ""],
        ],
    )
    assert by_ref(reading)["1.1"].rag is Rag.AMBER
    assert reading.warnings == ()


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (dt.datetime(2024, 3, 31), "31/03/2024"),
        (dt.date(2024, 4, 3), "03/04/2024"),
        ("31/03/2024", "31/03/2024"),
        ("Complete Review 31/03/2024", "Complete Review 31/03/2024"),
        ("End 2024", "End 2024"),
        ("Ongoing Review 2025", "Ongoing Review 2025"),
        (2025, "2025"),
        (None, ""),
    ],
)
def test_dates_as_date_cells_or_text_as_written(tmp_path: Path, cell: object, text: str) -> None:
    reading = one_sheet(tmp_path, [HEADER, ["1.1", "We will", None, "", "G", cell]])
    assert by_ref(reading)["1.1"].date_text == text


# ------------------------------------------------------------ rows of every kind


def test_continuation_rows_join_the_deliverable_above(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            HEADER,
            ["1.1", "We will work with", "Insp", "Meetings held", None, None],
            [None, "partners across", "Bell", "with the council", None, None],
            [None, "the city", None, None, Cell(fill=GREEN_FILL), "31/03/2024"],
            ["1.2", "We will publish", None, "Draft written", "A", "TBC"],
        ],
    )
    first = by_ref(reading)["1.1"]
    assert first.commitment == "We will work with partners across the city"
    assert first.summary_position == "Meetings held with the council"
    assert first.lead == "Insp Bell"
    assert (first.rag, first.date_text) == (Rag.GREEN, "31/03/2024")
    assert by_ref(reading)["1.2"].commitment == "We will publish"


def test_blank_rows_notes_and_the_key_are_not_deliverables(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            ["Plan title"],
            HEADER,
            ["1.1", "We will", None, "Done", "G", ""],
            [],
            [],
            ["1.2", "We will too", None, "Started", "A", ""],
            [],
            ["Key"],
            ["GREEN", "Done"],
            ["AMBER", "Started"],
            ["RED", "Late"],
            [],
            ["Note: ratings agreed by the board on 12/01/2024."],
            ["Source: the delivery board minutes."],
        ],
    )
    assert [d.ref for d in reading.document.snapshot.deliverables] == ["1.1", "1.2"]
    assert reading.document.snapshot.plan.rag_key == RagKey("Done", "Started", "Late")
    assert reading.warnings == ()


def test_objective_headings_in_every_form(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            HEADER,
            [Cell("OBJECTIVE ONE: PREVENT CRIME", fill=BLUE_OBJECTIVE, across=5)],
            ["1.1", "We will", None, "", "G", ""],
            ["Objective 2", "Protect the Vulnerable"],
            ["2.1", "We will", None, "", "G", ""],
            [Cell("3. BUILD TRUST", fill=BLUE_OBJECTIVE)],
            ["3.1", "We will", None, "", "G", ""],
            ["Objective IV: Work with partners"],
            ["4.1", "We will", None, "", "G", ""],
            [Cell("Our own people", fill=BLUE_OBJECTIVE)],  # no number: the refs below give it
            ["5.1", "We will", None, "", "G", ""],
            ["Objective 6"],  # the export's untitled objective, with no deliverables yet
        ],
    )
    titles = {o.number: o.title for o in reading.document.snapshot.objectives}
    assert titles == {
        1: "Prevent crime",
        2: "Protect the Vulnerable",
        3: "Build trust",
        4: "Work with partners",
        5: "Our own people",
        6: None,
    }
    assert reading.warnings == ()


def test_a_heading_whose_number_disagrees_with_its_references(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [HEADER, ["OBJECTIVE THREE: BUILD TRUST"], ["4.1", "We will", None, "", "G", ""]],
    )
    assert {o.number: o.title for o in reading.document.snapshot.objectives} == {
        3: "Build trust",
        4: None,
    }
    assert by_ref(reading)["4.1"].objective == 4
    assert messages(reading) == [
        (
            "Plan",
            2,
            None,
            "this heading names objective 3, but the deliverable below it at row 3 is numbered "
            "for objective 4; each deliverable goes under the objective its reference names",
        )
    ]


def test_an_objective_title_column(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            ["Objective", "Ref", "Action", "RAG"],
            ["1. Prevent crime", "1.1", "We will", "G"],
            [None, "1.2", "We will too", "A"],
            ["Protect people", "2.1", "We will", "R"],
        ],
    )
    titles = {o.number: o.title for o in reading.document.snapshot.objectives}
    assert titles == {1: "Prevent crime", 2: "Protect people"}


def test_references_excel_turned_into_numbers(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER]
    rows += [[1 + n / 10, f"Item {n}", None, "", "G", ""] for n in range(1, 10)]
    rows.append([1.1, "Item 10", None, "", "G", ""])  # typed 1.10, kept by Excel as 1.1
    reading = one_sheet(tmp_path, rows)
    assert [d.ref for d in reading.document.snapshot.deliverables][-2:] == ["1.9", "1.10"]
    assert by_ref(reading)["1.10"].commitment == "Item 10"
    assert messages(reading) == [
        (
            "Plan",
            11,
            "A",
            "the reference is the number 1.1; read as 1.10 because it follows 1.9 (format the "
            "column as Text to keep references like 1.10 exactly)",
        )
    ]


def test_text_between_deliverables_that_is_not_a_heading_is_reported(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            HEADER,
            ["1.1", "We will", None, "", "G", ""],
            [],
            ["Moved to the Prevention Board in December"],
            ["1.2", "We will", None, "", "G", ""],
        ],
    )
    assert messages(reading) == [
        (
            "Plan",
            4,
            "A",
            "text between deliverables with no reference (such as 1.4), so it was not imported",
        )
    ]


def test_the_sheet_with_the_latest_month_is_read_and_the_others_named(tmp_path: Path) -> None:
    def month(name: str, rag: str) -> list[list[object]]:
        return [
            ["Ref", "Deliverable", f"Summary position ({name})", "RAG"],
            ["1.1", "We will", f"Update for {name}", rag],
        ]

    path = write_workbook(
        tmp_path / "monthly.xlsx",
        [
            ("Jan", month("January 2024", "A")),
            ("Feb", month("February 2024", "G")),
            ("Lookups", [["GREEN"], ["AMBER"]]),
        ],
    )
    reading = read_source(path)
    assert reading.document.snapshot.period == ReportingPeriod(2024, 2)
    assert by_ref(reading)["1.1"].rag is Rag.GREEN
    assert messages(reading) == [
        (
            "Jan",
            1,
            None,
            "this sheet also holds a table of deliverables; only sheet 'Feb' was imported, "
            "because it reports a later month (choose another with --sheet)",
        )
    ]


def test_a_tracker_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Neighbourhood plan – CSV copy\n"
        "Ref;Deliverable;Summary position (May 2024);RAG;Date\n"
        "1.1;We will publish;Done;GREEN;31/03/2024\n"
        '1.10;"We will, in time, review";Started;A;TBC\n',
        encoding="cp1252",
    )
    reading = read_source(path)
    assert reading.document.snapshot.plan.title == "Neighbourhood plan – CSV copy"
    assert reading.document.snapshot.period == ReportingPeriod(2024, 5)
    assert [(d.ref, d.commitment, d.rag) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "We will publish", Rag.GREEN),
        ("1.10", "We will, in time, review", Rag.AMBER),
    ]
    assert [w.sheet for w in reading.warnings] == []


def test_the_fixture_as_csv_reads_as_the_fixture(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(FIXTURE_XLSX, read_only=True).active
    path = tmp_path / "fixture.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        import csv

        csv.writer(stream).writerows(
            ["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)
        )
    sheet.parent.close()
    expected = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    assert deliverable_json(read_source(path)) == expected["deliverables"]


# --------------------------------------------------- importing into an existing plan


def test_reimporting_the_same_tracker_changes_nothing_and_writes_no_history(
    tmp_path: Path,
) -> None:
    path = messy_tracker(tmp_path / "tracker.xlsx")
    with import_into_new_plan(tmp_path / "plan.nhp", read_source(path)) as store:
        history = len(store.changes())
        before = dump_store(store, history=True)
        preview = preview_import(store, read_source(path))
        assert (len(preview.diff.new), len(preview.diff.changed)) == (0, 0)
        assert len(preview.diff.unchanged) == 8 and preview.diff.is_empty
        apply_import(store, preview)
        assert len(store.changes()) == history
        assert dump_store(store, history=True) == before
    text = describe_preview(preview, applied=True)
    assert "0 new, 0 changed, 8 unchanged" in text


def test_a_tracker_without_lead_or_date_columns_leaves_them_as_they_are(
    fixture_store: PlanStore, tmp_path: Path
) -> None:
    one = next(d for d in fixture_store.deliverables() if d.ref == "1.1")
    fixture_store.update_deliverable(one.id, lead="Insp Bell")
    reading = one_sheet(
        tmp_path,
        [["Ref", "Deliverable", "RAG"], ["1.1", one.commitment, "Red"]],
    )
    assert reading.document.fields == frozenset({"ref", "objective", "commitment", "rag"})
    preview = preview_import(fixture_store, reading, ReportingPeriod(2024, 1))
    assert [(c.existing.ref, [f.field for f in c.changes]) for c in preview.diff.changed] == [
        ("1.1", ["rag"])
    ]
    apply_import(fixture_store, preview)
    after = next(d for d in fixture_store.deliverables() if d.ref == "1.1")
    assert (after.lead, after.rag) == ("Insp Bell", Rag.RED)
    assert after.summary_position == one.summary_position
    assert after.date_text == one.date_text


def test_changes_are_shown_field_by_field(fixture_store: PlanStore, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(FIXTURE_XLSX)
    sheet = workbook.active
    sheet["D20"] = "GREEN"  # 1.9 was AMBER
    sheet["C20"] = "Framework signed off."
    sheet["A65"], sheet["B65"], sheet["D65"] = "4.16", "We will add a deliverable", "A"
    sheet["A11"] = "OBJECTIVE ONE: PREVENT CRIME"
    changed = tmp_path / "february.xlsx"
    workbook.save(changed)
    preview = preview_import(fixture_store, read_source(changed))
    old_summary = next(d for d in fixture_store.deliverables() if d.ref == "1.9").summary_position
    assert [d.ref for d in preview.diff.new] == ["4.16"]
    assert [
        (c.existing.ref, f.field, f.old, f.new) for c in preview.diff.changed for f in c.changes
    ] == [
        ("1.9", "summary_position", old_summary, "Framework signed off."),
        ("1.9", "rag", "AMBER", "GREEN"),
    ]
    text = describe_preview(preview, applied=False)
    assert "  1 new, 1 changed, 54 unchanged" in text
    assert "    4.16 new: 'We will add a deliverable'" in text
    assert "    1.9 RAG: 'AMBER' -> 'GREEN'" in text
    assert (
        "    objective 1 title: 'Prevent crime, disorder, and anti-social behaviour' -> "
        "'Prevent crime'"
    ) in text


def test_applying_is_all_or_nothing(
    fixture_store: PlanStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = openpyxl.load_workbook(FIXTURE_XLSX)
    for row in range(7, 65):
        if workbook.active.cell(row, 4).value == "AMBER":
            workbook.active.cell(row, 4).value = "RED"
    changed = tmp_path / "all-red.xlsx"
    workbook.save(changed)
    preview = preview_import(fixture_store, read_source(changed))
    assert len(preview.diff.changed) == 17
    before = dump_store(fixture_store, history=True)
    calls = 0
    original = PlanEdits.write_changes

    def fail_on_the_tenth(self: PlanEdits, *args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 10:
            raise OSError("disk full")
        original(self, *args)

    monkeypatch.setattr(PlanEdits, "write_changes", fail_on_the_tenth)
    with pytest.raises(OSError, match="disk full"):
        apply_import(fixture_store, preview)
    assert dump_store(fixture_store, history=True) == before


def test_a_return_imports_into_the_period_it_names(tmp_path: Path) -> None:
    reading = read_source(FIXTURE_XLSX)
    with new_plan_from_document(None, reading.document) as store:
        workbook = openpyxl.load_workbook(FIXTURE_XLSX)
        workbook.active["C5"] = "Summary position (February 2024)"
        workbook.active["D7"] = "AMBER"
        february = tmp_path / "february.xlsx"
        workbook.save(february)
        apply_import(store, preview_import(store, read_source(february)))
        assert store.periods() == [ReportingPeriod(2024, 1), ReportingPeriod(2024, 2)]
        assert by_rag(store, ReportingPeriod(2024, 1))["0.1"] is Rag.GREEN
        assert by_rag(store, ReportingPeriod(2024, 2))["0.1"] is Rag.AMBER


def by_rag(store: PlanStore, period: ReportingPeriod) -> dict[str, Rag]:
    return {d.ref: d.rag for d in store.deliverables(period)}


def test_last_months_column_beside_this_months(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            [
                "Ref",
                "Deliverable",
                "Summary position (December 2023)",
                "Summary position (January 2024)",
                "Original date",
                "Revised date",
                "RAG",
            ],
            [
                "1.1",
                "We will",
                "December's words",
                "January's words",
                "31/12/2023",
                "31/03/2024",
                "A",
            ],
        ],
    )
    assert reading.document.snapshot.period == ReportingPeriod(2024, 1)
    deliverable = by_ref(reading)["1.1"]
    assert (deliverable.summary_position, deliverable.date_text) == (
        "January's words",
        "31/03/2024",
    )
    assert dict(reading.mapping)["Summary position (December 2023)"] == "not imported"


def test_references_with_a_prefix_or_numbered_within_each_objective(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            ["No.", "Action", "RAG"],
            ["NHP 1.1", "We will publish", "G"],
            ["Ref. 1.2", "We will train", "A"],
            ["OBJECTIVE TWO: PROTECT PEOPLE"],
            [1, "We will visit", "R"],
            ["2", "We will map", "G"],
        ],
    )
    assert [(d.ref, d.commitment) for d in reading.document.snapshot.deliverables] == [
        ("1.1", "We will publish"),
        ("1.2", "We will train"),
        ("2.1", "We will visit"),
        ("2.2", "We will map"),
    ]
    assert messages(reading) == [
        (
            "Plan",
            5,
            "A",
            "references are numbered within each objective, so 1 under objective 2 is read as "
            "2.1, and so on",
        )
    ]


def test_a_council_style_action_plan(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "csp.xlsx",
            [
                (
                    "Action Plan",
                    [
                        ["Community Safety Partnership – NHP Action Plan"],
                        ["Quarter 3 update, position as at December 2023"],
                        [],
                        [
                            "Ref",
                            "Objective",
                            "Action",
                            "Lead Officer",
                            "Target Date",
                            "Progress Update (Q3)",
                            "RAG",
                        ],
                        [
                            "1.1",
                            "1. Prevent crime",
                            "Hold panels",
                            "Insp A",
                            dt.date(2024, 3, 31),
                            "Monthly",
                            "G",
                        ],
                        ["1.2", None, "Train PCSOs", "Sgt B", "Q4 2023/24", "Booked", "🟠"],
                        [
                            "2.1",
                            "Protect people",
                            "Visit victims",
                            "Insp C",
                            "Ongoing",
                            "Started",
                            "🔴",
                        ],
                    ],
                )
            ],
        )
    )
    snapshot = reading.document.snapshot
    assert snapshot.plan.title == "Community Safety Partnership – NHP Action Plan"
    # The header names no month; the subtitle does.
    assert snapshot.period == ReportingPeriod(2023, 12)
    assert {o.number: o.title for o in snapshot.objectives} == {
        1: "Prevent crime",
        2: "Protect people",
    }
    assert [(d.ref, d.lead, d.rag, d.date_text) for d in snapshot.deliverables] == [
        ("1.1", "Insp A", Rag.GREEN, "31/03/2024"),
        ("1.2", "Sgt B", Rag.AMBER, "Q4 2023/24"),
        ("2.1", "Insp C", Rag.RED, "Ongoing"),
    ]
    assert reading.warnings == ()


def test_a_sharepoint_list_saved_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "NHP deliverables.csv"
    path.write_text(
        "Title,Deliverable Ref,Status,Due Date,Assigned To\n"
        "Hold ward panels,1.1,Green,31/03/2024,Insp A\n",
        encoding="utf-8",
    )
    reading = read_source(path)
    assert reading.mapping == (
        ("Title", "commitment"),
        ("Deliverable Ref", "ref"),
        ("Status", "rag"),
        ("Due Date", "date_text"),
        ("Assigned To", "lead"),
    )
    assert reading.document.snapshot.plan.title == "NHP deliverables"


def test_a_table_of_counts_above_the_header_is_not_the_title(tmp_path: Path) -> None:
    reading = one_sheet(
        tmp_path,
        [
            ["Objective", "Green", "Amber", "Red"],
            ["1", 2, 1, 0],
            [],
            ["Ref", "Deliverable", "Status", "Update"],
            ["1.1", "We will", "Green", "Done"],
        ],
        name="NHP plan",
    )
    assert reading.document.snapshot.plan.title == "NHP plan"
    assert by_ref(reading)["1.1"].rag is Rag.GREEN


def test_an_objective_numbered_in_the_reference_column_titles_it(tmp_path: Path) -> None:
    """A common hand-kept layout: the objective's row is its number, then its title."""
    reading = one_sheet(
        tmp_path,
        [
            HEADER,
            [Cell(1, bold=True), "Objective 1: Engaging with communities"],
            ["1.1", "Publish a ward engagement plan", None, "", "G", ""],
            ["1.2", "Run quarterly PACT meetings", None, "", "A", ""],
            ["2", "Solving problems"],
            ["2.1", "Train every officer in OSARA", None, "", "A", ""],
            [3, "OBJECTIVE THREE: BUILD TRUST"],
            ["3.1", "Open beat surgeries", None, "", "R", ""],
        ],
    )
    titles = {o.number: o.title for o in reading.document.snapshot.objectives}
    assert titles == {1: "Engaging with communities", 2: "Solving problems", 3: "Build trust"}
    assert [d.ref for d in reading.document.snapshot.deliverables] == ["1.1", "1.2", "2.1", "3.1"]
    assert reading.warnings == ()
