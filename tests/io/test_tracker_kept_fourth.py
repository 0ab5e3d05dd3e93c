"""The fourth round of hand-kept trackers: each read as a person reading the sheet would state it.

The shapes are built in :mod:`tests.io.world_kept_fourth`; as in the rounds before
(``tests/io/test_tracker_kept_more.py``), each test says what the right plan is,
then reads the file with the real import. What cannot be read right is refused,
asked, or warned of in one sentence naming the sheet, row and column: never read wrong.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.io.importing import read_source
from nhp_planner.model.dates import DateKind
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from tests.io import world_kept_fourth as fourth
from tests.io.test_tracker_world import messages, rows_of

D = dt.date
G, A, R = Rag.GREEN, Rag.AMBER, Rag.RED


def _updates(path: Path) -> list[tuple[str, str, Rag]]:
    reading = read_source(path)
    return [(d.ref, d.summary_position, d.rag) for d in reading.document.snapshot.deliverables]


def _dates(path: Path) -> list[tuple[str, DateKind, dt.date | None]]:
    reading = read_source(path)
    return [(d.date_text, d.date.kind, d.date.due) for d in reading.document.snapshot.deliverables]


def test_months_added_at_the_left_are_read_newest_last(tmp_path: Path) -> None:
    reading = read_source(fourth.newest_month_left(tmp_path / "left.xlsx"))
    document = reading.document
    assert [(s.period, [(d.summary_position, d.rag) for d in s.deliverables])
            for s in (*document.history, document.snapshot)] == [
        (ReportingPeriod(2024, 1), [("Scoping", R), ("Not started", R)]),
        (ReportingPeriod(2024, 2), [("Mapped 20", A), ("Drafted", A)]),
        (ReportingPeriod(2024, 3), [("Mapped 40", G), ("Agreed", G)]),
    ]  # fmt: skip
    assert messages(reading) == []


def test_update_columns_headed_by_the_month_alone_read_the_latest_month(tmp_path: Path) -> None:
    """'April | May | June' named no field: every update was lost, with no word said."""
    path = fourth.months_without_a_year(tmp_path / "months.xlsx")
    reading = read_source(path)
    assert _updates(path) == [("1.1", "Six held", G), ("1.2", "Returned", A)]
    assert reading.document.snapshot.period == ReportingPeriod(2024, 6)
    assert messages(reading) == [
        (
            "Plan",
            2,
            None,
            "months written without a year are read within the financial year April 2024 to "
            "March 2025 that the line 'NHP Delivery Plan 2024/25' names",
        ),
        (
            "Plan",
            2,
            "C",
            "'April' is for April 2024, which does not have both an update and a RAG column "
            "of its own, so it was not imported",
        ),
        (
            "Plan",
            2,
            "D",
            "'May' is for May 2024, which does not have both an update and a RAG column of "
            "its own, so it was not imported",
        ),
    ]


def test_a_column_per_quarter_reads_the_later_quarter_and_says_so(tmp_path: Path) -> None:
    """'Q1 update' (the older) was read as the update, with nothing said of 'Q2 update'."""
    path = fourth.quarter_updates(tmp_path / "quarters.xlsx")
    assert _updates(path) == [("1.1", "Six held", G), ("1.2", "Sent", A)]
    assert messages(read_source(path)) == [
        (
            "Plan",
            1,
            "C",
            "column C 'Q1 update' was not imported: column D 'Q2 update' is headed alike and "
            "was read, as the later quarter; if C is the latest, rename D's heading and "
            "import again",
        )
    ]


def test_percentages_in_the_status_column_are_refused_not_rated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """How far along a deliverable is says nothing of whether it is on track."""
    path = fourth.percentages_as_status(tmp_path / "percent.xlsx")
    reading = read_source(path)
    assert [w.word for w in reading.rag_words] == ["75%", "100%", "0.5", "25%"]
    assert {d.rag for d in reading.document.snapshot.deliverables} == {Rag.NOT_RATED}
    plan = tmp_path / "plan.nhp"
    assert main(["import", str(path), "--plan", str(plan)]) != 0
    assert "4 words in the RAG column are not GREEN, AMBER or RED" in capsys.readouterr().err
    assert not plan.exists()


def test_dates_with_full_stops_and_a_week_ending(tmp_path: Path) -> None:
    path = fourth.dotted_dates(tmp_path / "dotted.xlsx")
    assert _dates(path) == [
        ("31.03.2024", DateKind.DATE, D(2024, 3, 31)),
        ("w/e 31.03.24", DateKind.UNKNOWN, None),  # listed below, with its cell
        ("30.6.24", DateKind.DATE, D(2024, 6, 30)),
        ("TBC - Q2", DateKind.TBC, None),
    ]
    unread = read_source(path).unread_dates
    assert [(w.sheet, w.row, w.column, w.message) for w in unread] == [
        ("Plan", 3, "E", "1.2: 'w/e 31.03.24'")
    ]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            fourth.month_cells_mmm_yy,
            [("Apr-24", D(2024, 4, 30)), ("Jun-24", D(2024, 6, 30)), ("Sep-24", D(2024, 9, 30))],
        ),
        (fourth.mac_1904_dates, [("31/03/2024", D(2024, 3, 31)), ("30/06/2024", D(2024, 6, 30))]),
        (fourth.due_with_a_time, [("31/03/2024", D(2024, 3, 31)), ("30/06/2024", D(2024, 6, 30))]),
    ],
    ids=["months formatted mmm-yy", "Mac 1904 date system", "a time of day"],
)
def test_date_cells_read_as_the_day_or_month_shown(
    tmp_path: Path, build: object, expected: list[tuple[str, dt.date]]
) -> None:
    assert callable(build)
    path = build(tmp_path / "dates.xlsx")
    assert _dates(path) == [(text, DateKind.DATE, due) for text, due in expected]
    assert messages(read_source(path)) == []


def test_prefixed_references_read_and_ones_with_no_objective_said_by_their_cell(
    tmp_path: Path,
) -> None:
    """'D12' and 'iv' were said to have 'no reference', pointing at the deliverable's text."""
    reading = read_source(fourth.refs_prefixed_and_roman(tmp_path / "refs.xlsx"))
    assert [d.ref for d in reading.document.snapshot.deliverables] == ["1.1", "1.2"]
    assert messages(reading) == [
        (
            "Plan",
            row,
            "A",
            f"looks like a deliverable, but its reference '{ref}' is not numbered by objective "
            "and deliverable (such as 1.4), so it was not imported",
        )
        for row, ref in ((4, "D12"), (5, "iv"))
    ]


def test_two_areas_numbered_alike_on_one_sheet_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fourth.two_areas_one_sheet(tmp_path / "areas.xlsx")
    plan = tmp_path / "plan.nhp"
    assert main(["import", str(path), "--plan", str(plan)]) != 0
    assert (
        "sheet 'Plan', rows 3 and 9 both have the reference 1.1 ('We will hold panels in the "
        "north' and 'We will hold panels in the south'), and which is which cannot be told"
    ) in capsys.readouterr().err
    assert not plan.exists()


def test_updates_written_as_notes_are_said_with_their_cells(tmp_path: Path) -> None:
    """The notes were never read: two deliverables imported with no update, nothing said."""
    reading = read_source(fourth.updates_in_notes(tmp_path / "notes.xlsx"))
    assert _updates(tmp_path / "notes.xlsx") == [("1.1", "", G), ("1.2", "", A)]
    assert messages(reading) == [
        (
            "Plan",
            2,
            "D",
            "1.1 has no update, but its cell D2 has a note ('Six panels held, all wards "
            "covered'), and notes are not imported: if it is the update, copy it into column C "
            "'Update' and import again",
        ),
        (
            "Plan",
            3,
            "D",
            "1.2 has no update, but its cell D3 has a note ('Survey sent, 40% returned'), and "
            "notes are not imported: if it is the update, copy it into column C 'Update' and "
            "import again",
        ),
    ]


def test_counts_written_as_sentences_under_the_table_are_not_its_text(tmp_path: Path) -> None:
    """'Total: 2 Green' and '1 Amber, 0 Red' were joined onto 1.3's deliverable text."""
    reading = read_source(fourth.totals_in_words(tmp_path / "totals.xlsx"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Held", G, ""),
        ("1.2", 1, "We will survey", "Sent", A, ""),
        ("1.3", 1, "We will publish", "Published", G, ""),
    ]
    assert messages(reading) == []


def test_rows_a_filter_hides_are_still_deliverables(tmp_path: Path) -> None:
    reading = read_source(fourth.filtered_out_rows(tmp_path / "filtered.xlsx"))
    assert _updates(tmp_path / "filtered.xlsx") == [
        ("1.1", "Held", G), ("1.2", "Sent", A), ("1.3", "Published", G),
    ]  # fmt: skip
    assert messages(reading) == []


def test_an_apostrophe_keeps_1_10_and_line_breaks_leave_the_words(tmp_path: Path) -> None:
    reading = read_source(fourth.apostrophes_and_breaks(tmp_path / "breaks.xlsx"))
    assert rows_of(reading) == [
        ("1.9", 1, "We will hold panels", "Held", G, ""),
        ("1.10", 1, "We will survey\nevery ward", "Sent\n\nChased in March", A, ""),
    ]
    assert messages(reading) == []


def test_rags_worked_out_by_a_formula_read_as_saved(tmp_path: Path) -> None:
    path = fourth.formula_rags_calculated(tmp_path / "formulas.xlsx")
    assert [rag for *_, rag in _updates(path)] == [G, A, R]
    assert messages(read_source(path)) == []


def test_rag_kept_as_a_coloured_dot_is_read_by_its_colour_and_said(tmp_path: Path) -> None:
    """'●' was asked as one word for all three: one answer would have rated all three alike."""
    reading = read_source(fourth.rag_as_coloured_dots(tmp_path / "dots.xlsx"))
    assert [d.rag for d in reading.document.snapshot.deliverables] == [G, A, R]
    assert reading.rag_words == ()
    assert messages(reading) == [
        (
            "Plan",
            row,
            "D",
            f"1.{row - 1}: '●' is not a RAG rating (GREEN, AMBER, RED); read as {rag.label} "
            "from the cell's colour",
        )
        for row, rag in ((2, G), (3, A), (4, R))
    ]


def test_a_word_its_cells_colour_disagrees_with_is_read_and_said(tmp_path: Path) -> None:
    """The word was read and the red fill never mentioned."""
    reading = read_source(fourth.word_and_colour_disagree(tmp_path / "disagree.xlsx"))
    assert [d.rag for d in reading.document.snapshot.deliverables] == [G, G]
    assert messages(reading) == [
        (
            "Plan",
            3,
            "D",
            "1.2: the RAG is written 'Green' but its cell is coloured RED; GREEN, as written, "
            "was imported: if the colour is right, change the word and import again",
        )
    ]


def test_arrows_for_the_direction_of_travel_are_not_the_rag(tmp_path: Path) -> None:
    path = fourth.trend_arrows_beside_rag(tmp_path / "arrows.xlsx")
    assert [rag for *_, rag in _updates(path)] == [G, A, R]
    reading = read_source(path)
    assert ("Direction of travel", "not imported") in reading.mapping
    assert messages(reading) == []


def test_a_sharepoint_list_exported_as_csv(tmp_path: Path) -> None:
    reading = read_source(fourth.sharepoint_csv(tmp_path / "export.csv"))
    assert rows_of(reading) == [
        ("1.1", 1, "We will hold panels", "Six held;\nall wards", G, "31/03/2024"),
        ("1.2", 1, "We will survey", "Sent", A, "30/06/2024"),
    ]
    assert messages(reading) == []
