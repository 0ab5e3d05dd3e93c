"""Trackers that keep several months across the sheet: each month its own period, update and RAG
always from the same month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from nhp_planner.io.importing import (
    SourceReading,
    apply_import,
    describe_preview,
    import_into_new_plan,
    preview_import,
    read_source,
)
from nhp_planner.io.plan_json import dump_store
from nhp_planner.io.tracker.periods import Month, financial_year_end, heading_month
from nhp_planner.model.entities import Plan
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from tests.io.tracker_builders import Cell, write_workbook

JAN, FEB, MAR = ReportingPeriod(2024, 1), ReportingPeriod(2024, 2), ReportingPeriod(2024, 3)


def months_of(reading: SourceReading) -> dict[ReportingPeriod, list[tuple[str, str, Rag]]]:
    document = reading.document
    return {
        s.period: [(d.ref, d.summary_position, d.rag) for d in s.deliverables]
        for s in (*document.history, document.snapshot)
        if s.period is not None
    }


def messages(reading: SourceReading) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(w.sheet, w.row, w.column, w.message) for w in reading.warnings]


@pytest.mark.parametrize(
    ("heading", "month"),
    [
        ("Update Jan 24", Month(2024, 1)),
        ("RAG Jan-24", Month(2024, 1)),
        ("Sept 2024 update", Month(2024, 9)),
        ("RAG (March '24)", Month(2024, 3)),
        ("Summary position (March 2024)", Month(2024, 3)),
        ("2024-03 RAG", Month(2024, 3)),
        ("Feb update", Month(None, 2)),
        ("Feb RAG", Month(None, 2)),
        ("May", Month(None, 5)),
        ("Progress may slip", None),
        ("Target date", None),
        ("2024-03-31", None),
    ],
)
def test_months_in_every_common_spelling(heading: str, month: Month | None) -> None:
    assert heading_month(heading) == month


def test_months_side_by_side_each_become_a_period(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        [
                            "Ref",
                            "Deliverable",
                            "Update Jan 24",
                            "RAG Jan 24",
                            "Update Feb 24",
                            "RAG Feb 24",
                            "Update Mar 24",
                            "RAG Mar 24",
                            "Due",
                        ],
                        [
                            "1.1",
                            "We will publish",
                            "Drafted",
                            "A",
                            "Consulted",
                            "A",
                            "Published",
                            "G",
                            "31/03/2024",
                        ],
                        [
                            "1.2",
                            "We will train",
                            "Not started",
                            "R",
                            "Booked",
                            "A",
                            "Half done",
                            "A",
                            "Q1 2024/25",
                        ],
                    ],
                )
            ],
        )
    )
    assert months_of(reading) == {
        JAN: [("1.1", "Drafted", Rag.AMBER), ("1.2", "Not started", Rag.RED)],
        FEB: [("1.1", "Consulted", Rag.AMBER), ("1.2", "Booked", Rag.AMBER)],
        MAR: [("1.1", "Published", Rag.GREEN), ("1.2", "Half done", Rag.AMBER)],
    }
    assert reading.document.snapshot.period == MAR
    # What stays across the months comes with each month.
    for snapshot in (*reading.document.history, reading.document.snapshot):
        assert [(d.commitment, d.date_text) for d in snapshot.deliverables] == [
            ("We will publish", "31/03/2024"),
            ("We will train", "Q1 2024/25"),
        ]
    assert dict(reading.mapping)["RAG Jan 24"] == "rag 2024-01"
    assert dict(reading.mapping)["Update Mar 24"] == "summary_position 2024-03"
    assert reading.warnings == ()


def test_update_and_rag_pair_by_month_wherever_they_stand(tmp_path: Path) -> None:
    # All the updates first, then all the RAGs; the RAG of January is never March's.
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["Ref", "Action", "Jan update", "Feb update", "Jan RAG", "Feb RAG"],
                        ["1.1", "We will", "jan words", "feb words", "R", "G"],
                    ],
                )
            ],
        )
    )
    by_month = months_of(reading)
    assert [(p.month, rows) for p, rows in by_month.items()] == [
        (1, [("1.1", "jan words", Rag.RED)]),
        (2, [("1.1", "feb words", Rag.GREEN)]),
    ]
    # No year anywhere: the latest January and February up to this month, and the preview says so.
    today = ReportingPeriod.containing(dt.date.today())
    assert all(p <= today for p in by_month) and max(by_month) > ReportingPeriod(
        today.year - 1, today.month
    )
    assert messages(reading) == [
        (
            "Plan",
            1,
            None,
            "months written without a year are read as the latest months up to this month, "
            f"{today.label}; use --period to import another",
        )
    ]


def test_months_without_a_year_take_it_from_the_title_line(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["Delivery plan – position as at January 2025"],
                        [],
                        [
                            "Ref",
                            "Deliverable",
                            "Nov update",
                            "Nov RAG",
                            "Dec update",
                            "Dec RAG",
                            "Jan update",
                            "Jan RAG",
                        ],
                        ["1.1", "We will", "n", "R", "d", "A", "j", "G"],
                    ],
                )
            ],
        )
    )
    assert list(months_of(reading)) == [
        ReportingPeriod(2024, 11),
        ReportingPeriod(2024, 12),
        ReportingPeriod(2025, 1),
    ]
    assert months_of(reading)[ReportingPeriod(2024, 12)] == [("1.1", "d", Rag.AMBER)]


def test_months_without_a_year_fall_in_the_financial_year_the_title_names(
    tmp_path: Path,
) -> None:
    """A tracker titled for 2023/24 runs April 2023 to March 2024, whatever today is."""
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["NHP Strategy Delivery Plan 2023/24"],
                        ["Ref", "Deliverable", "Dec update", "Dec RAG", "Jan update", "Jan RAG"],
                        ["1.1", "We will", "d", "A", "j", "G"],
                    ],
                )
            ],
        )
    )
    assert list(months_of(reading)) == [ReportingPeriod(2023, 12), ReportingPeriod(2024, 1)]
    assert messages(reading) == [
        (
            "Plan",
            2,
            None,
            "months written without a year are read within the financial year April 2023 to "
            "March 2024 that the line 'NHP Strategy Delivery Plan 2023/24' names",
        )
    ]


@pytest.mark.parametrize(
    ("line", "end"),
    [
        ("Delivery Plan 2023/24", ReportingPeriod(2024, 3)),
        ("FY 2024-2025 tracker", ReportingPeriod(2025, 3)),
        ("Plan 2024–25", ReportingPeriod(2025, 3)),
        ("Updated 2023-12-01", None),  # a day, not a year
        ("Strategy 2025-2028", None),  # three years, not a financial one
        ("Ref 2023/4", None),
    ],
)
def test_financial_years_as_titles_write_them(line: str, end: ReportingPeriod | None) -> None:
    assert financial_year_end(line) == end


def test_a_single_month_heading_with_no_year_names_itself_in_the_preview(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["NHP Strategy Delivery Plan 2023/24"],
                        ["Ref", "Action", "RAG Status (Jan)", "Progress update (Jan)"],
                        ["1.1", "Ward profiles", "Green", "Complete"],
                    ],
                )
            ],
        )
    )
    assert reading.period_from == "the heading 'RAG Status (Jan)'"
    assert reading.document.snapshot.period == ReportingPeriod(2024, 1)


def merged_months(path: Path) -> Path:
    """A month merged over its "Update | RAG" pair on a second header row; March not yet written."""
    return write_workbook(
        path,
        [
            (
                "Tracker",
                [
                    ["Neighbourhood policing delivery plan"],
                    [
                        Cell("Ref", fill="D9D9D9"),
                        Cell("Deliverable", fill="D9D9D9"),
                        Cell("Lead", fill="D9D9D9"),
                        Cell("January 2024", across=1),
                        None,
                        Cell("February 2024", across=1),
                        None,
                        Cell("March 2024", across=1),
                        None,
                        "Target date",
                    ],
                    [None, None, None, "Update", "RAG", "Update", "RAG", "Update", "RAG", None],
                    [
                        "1.1",
                        "We will hold ward panels",
                        "Insp Okafor",
                        "Planned",
                        "A",
                        "Six held",
                        "G",
                        None,
                        None,
                        "31/03/2024",
                    ],
                    [
                        "1.2",
                        "We will train PCSOs",
                        "Sgt Patel",
                        "Booked",
                        "A",
                        "Course",
                        None,
                        None,
                        None,
                        "TBC",
                    ],
                    [None, "in problem solving", None, None, None, "started", "R"],
                    [
                        "1.3",
                        "We will map hotspots",
                        "Analyst",
                        None,
                        None,
                        "First map",
                        Cell(fill="00B050"),
                        None,
                        None,
                        "Ongoing",
                    ],
                ],
            )
        ],
    )


def test_a_month_merged_over_its_update_and_rag(tmp_path: Path) -> None:
    reading = read_source(merged_months(tmp_path / "t.xlsx"))
    assert months_of(reading) == {
        JAN: [
            ("1.1", "Planned", Rag.AMBER),
            ("1.2", "Booked", Rag.AMBER),
            ("1.3", "", Rag.NOT_RATED),
        ],
        # The row split across a page break joins its month's update; the RAG is its own.
        FEB: [
            ("1.1", "Six held", Rag.GREEN),
            ("1.2", "Course started", Rag.RED),
            ("1.3", "First map", Rag.GREEN),  # only a fill
        ],
    }
    snapshot = reading.document.snapshot
    assert snapshot.period == FEB
    assert [(d.commitment, d.lead) for d in snapshot.deliverables][1] == (
        "We will train PCSOs in problem solving",
        "Sgt Patel",
    )
    assert messages(reading) == [
        (
            "Tracker",
            2,
            "H",
            "the columns for March 2024 were not imported: nothing is written in its columns yet",
        )
    ]


def test_month_formatted_date_cells_as_month_headings(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Ref", "Deliverable", dt.datetime(2024, 1, 1), None, dt.datetime(2024, 2, 1)])
    for column in ("C", "E"):
        sheet[f"{column}1"].number_format = "mmm-yy"
    sheet.merge_cells("C1:D1")
    sheet.merge_cells("E1:F1")
    sheet.append([None, None, "Update", "RAG", "Update", "RAG"])
    sheet.append(["1.1", "We will", "started", "Amber", "done", "Green"])
    due = sheet.cell(3, 7, dt.datetime(2024, 6, 1))
    due.number_format = "mmmm yyyy"
    sheet.cell(1, 7, "Due")
    workbook.save(tmp_path / "t.xlsx")
    reading = read_source(tmp_path / "t.xlsx")
    assert months_of(reading) == {
        JAN: [("1.1", "started", Rag.AMBER)],
        FEB: [("1.1", "done", Rag.GREEN)],
    }
    # A month-formatted date cell is the whole month: shown as Excel shows it, due its last day.
    deliverable = reading.document.snapshot.deliverables[0]
    assert deliverable.date_text == "June 2024"
    assert deliverable.date.due == dt.date(2024, 6, 30)


def test_a_month_with_an_update_but_no_rag_of_its_own_is_left_out(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        [
                            "Ref",
                            "Deliverable",
                            "Update Jan 2024",
                            "RAG Jan 2024",
                            "Update Feb 2024",
                        ],
                        ["1.1", "We will", "jan words", "R", "feb words"],
                    ],
                )
            ],
        )
    )
    # Never February's update with January's RAG.
    assert months_of(reading) == {JAN: [("1.1", "jan words", Rag.RED)]}
    assert messages(reading) == [
        (
            "Plan",
            1,
            "E",
            "'Update Feb 2024' is for February 2024, which does not have both an update and a "
            "RAG column of its own, so it was not imported",
        )
    ]


def test_one_summary_position_month_is_the_period(tmp_path: Path) -> None:
    reading = read_source(
        write_workbook(
            tmp_path / "t.xlsx",
            [
                (
                    "Plan",
                    [
                        ["Ref", "Deliverable", "Summary position (March 2024)", "RAG"],
                        ["1.1", "We will", "words", "G"],
                    ],
                )
            ],
        )
    )
    assert months_of(reading) == {MAR: [("1.1", "words", Rag.GREEN)]}
    assert reading.document.history == ()


def test_each_month_imports_as_its_own_period(tmp_path: Path) -> None:
    reading = read_source(merged_months(tmp_path / "t.xlsx"))
    with import_into_new_plan(tmp_path / "plan.nhp", reading) as store:
        assert store.periods() == [JAN, FEB]
        assert store.current_period == FEB
        assert not store.is_editable(JAN)  # the earlier month is closed
        for period, expected in months_of(reading).items():
            assert [(d.ref, d.summary_position, d.rag) for d in store.deliverables(period)] == (
                expected
            )
        assert {d.ref: d.lead for d in store.deliverables(JAN)} == {
            "1.1": "Insp Okafor",
            "1.2": "Sgt Patel",
            "1.3": "Analyst",
        }


def test_a_multi_month_tracker_into_an_existing_plan_previews_each_month(tmp_path: Path) -> None:
    reading = read_source(merged_months(tmp_path / "t.xlsx"))
    with PlanStore.in_memory(Plan(title="Ours")) as store:
        preview = preview_import(store, reading)
        assert [(p, len(d.new)) for p, d in preview.earlier] == [(JAN, 3)]
        assert preview.period == FEB
        text = describe_preview(preview, applied=False)
        assert "Would import t.xlsx into February 2024:" in text
        assert (
            "  January 2024, an earlier month of the file (its own period, closed): "
            "3 new, 0 changed, 0 unchanged" in text
        )
        assert "    column E 'RAG' -> RAG, January 2024" in text
        assert "  Read sheet 'Tracker', header row 2" in text
        assert (
            "  Period: February 2024, from the month headings of its columns, each month its own "
            "period" in text
        )
        apply_import(store, preview)
        assert store.periods() == [JAN, FEB]
        assert {d.ref: d.rag for d in store.deliverables(FEB)}["1.2"] is Rag.RED


def test_period_picks_one_month(tmp_path: Path) -> None:
    reading = read_source(merged_months(tmp_path / "t.xlsx"))
    with import_into_new_plan(tmp_path / "plan.nhp", reading, JAN) as store:
        assert store.periods() == [JAN]
        assert [(d.ref, d.summary_position) for d in store.deliverables(JAN)][:2] == [
            ("1.1", "Planned"),
            ("1.2", "Booked"),
        ]
        preview = preview_import(store, reading, JAN)
        assert preview.earlier == () and preview.diff.is_empty


def test_reimporting_a_multi_month_tracker_changes_nothing(tmp_path: Path) -> None:
    path = merged_months(tmp_path / "t.xlsx")
    with import_into_new_plan(tmp_path / "plan.nhp", read_source(path)) as store:
        before, history = dump_store(store, history=True), len(store.changes())
        preview = preview_import(store, read_source(path))
        assert [(p, len(d.new), len(d.changed), len(d.unchanged)) for p, d in preview.earlier] == [
            (JAN, 0, 0, 3)
        ]
        assert not (preview.diff.new or preview.diff.changed)
        apply_import(store, preview)
        assert dump_store(store, history=True) == before
        assert len(store.changes()) == history


def test_a_change_to_a_closed_month_stops_the_import(tmp_path: Path) -> None:
    path = merged_months(tmp_path / "t.xlsx")
    with import_into_new_plan(tmp_path / "plan.nhp", read_source(path)) as store:
        before = dump_store(store, history=True)
        workbook = openpyxl.load_workbook(path)
        workbook.active["D4"] = "Planned, then moved"
        workbook.save(path)
        with pytest.raises(ValidationError) as raised:
            preview_import(store, read_source(path))
        assert str(raised.value) == (
            "January 2024 is closed in the plan, and the file would change it (1.1); reopen "
            "January 2024 to import it, or import one month only (--period)."
        )
        store.reopen_period(JAN)
        apply_import(store, preview_import(store, read_source(path)))
        assert store.deliverables(JAN)[0].summary_position == "Planned, then moved"
        assert dump_store(store, history=True) != before
